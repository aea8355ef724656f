// Typed errors with stable codes, and the one formatter that turns any failure into kubectl's wording.

export type ErrorCode =
  | 'KCURL_USAGE' // bad flags or arguments: the only kind that mentions --help
  | 'KCURL_CONFIG' // kubeconfig unreadable, malformed, or missing an entry
  | 'KCURL_CREDENTIALS' // a credential could not be obtained (file, exec plugin, Secret)
  | 'KCURL_INPUT' // a manifest or other input file is bad
  | 'KCURL_RESOURCE' // unknown resource type
  | 'KCURL_NETWORK' // connection refused, DNS, timeout, reset
  | 'KCURL_TLS' // certificate problems
  | 'KCURL_API_STATUS' // the server answered with a Status error
  | 'KCURL_DEMO' // a step of `kcurl demo` did not show its expected result
  | 'KCURL_INTERNAL';

export class KcurlError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  /** Printed as is, without `error: ` (the texts kubectl's StandardErrorMessage returns, e.g. a RESTMapper miss). */
  readonly bare?: boolean;
  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown; bare?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KcurlError';
    this.code = code;
    this.hint = options.hint;
    this.bare = options.bare;
  }
}

export const usageError = (message: string, hint?: string) => new KcurlError('KCURL_USAGE', message, { hint });
/** kubectl's cmdutil.UsageErrorf, word for word: the message, then a line on where to find help. */
export const kubectlUsageError = (command: string, message: string) =>
  new KcurlError('KCURL_USAGE', `error: ${message}\nSee 'kubectl ${command} -h' for help and examples`);
export const configError = (message: string, hint?: string) => new KcurlError('KCURL_CONFIG', message, { hint });
export const credentialsError = (message: string, hint?: string) => new KcurlError('KCURL_CREDENTIALS', message, { hint });
export const inputError = (message: string, hint?: string) => new KcurlError('KCURL_INPUT', message, { hint });

/** A Kubernetes metav1.Status as the server sends it. */
export interface KubeStatus {
  kind?: 'Status';
  apiVersion?: string;
  status?: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

/** The server said no. Rendered the way kubectl renders it. */
export class ApiStatusError extends KcurlError {
  readonly status: KubeStatus;
  readonly httpStatus: number;
  constructor(httpStatus: number, status: KubeStatus) {
    super('KCURL_API_STATUS', status.message ?? `the server responded with status ${httpStatus}`);
    this.name = 'ApiStatusError';
    this.status = status;
    this.httpStatus = httpStatus;
  }
}

// kubectl's reason names for HTTP codes when the body carries no reason (apimachinery errors.go).
const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** kubectl's wording for a server Status inside an aggregate of errors (one line per failed object). */
export function formatApiStatus(err: ApiStatusError): string {
  const s = err.status;
  const code = s.code ?? err.httpStatus;
  const reason = s.reason || REASON_BY_CODE[code] || 'Unknown';
  if (reason === 'Unauthorized') return 'error: You must be logged in to the server (Unauthorized)';
  const message = s.message || `the server responded with the status code ${code} but did not return more information`;
  return `Error from server (${reason}): ${message}`;
}

/** kubectl's StandardErrorMessage for an Invalid Status: `The Kind "name" is invalid: field: message`. */
function formatInvalid(s: ApiStatusError['status']): string {
  const d = s.details;
  // Without a kind or name in the details, kubectl names the request and adds the server's message.
  const head =
    d && (d.kind || d.name) ? `The ${d.kind ?? ''} ${JSON.stringify(d.name ?? '')} is invalid` : `The request is invalid${s.message ? `: ${s.message}` : ''}`;
  const causes = d?.causes ?? [];
  if (causes.length === 0) return head;
  const lines = causes.map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '')));
  return lines.length === 1 ? `${head}: ${lines[0]}` : `${head}: \n* ${lines.join('\n* ')}`;
}

/** One line (or, for --debug, the stack) for any error that reaches main(). */
export function formatError(err: unknown, options: { debug?: boolean } = {}): string {
  if (err instanceof ApiStatusError) {
    // cmdutil.CheckErr's StandardErrorMessage: an Invalid Status alone reads `The Kind "name" is invalid: …`.
    const invalid = (err.status.reason || REASON_BY_CODE[err.status.code ?? err.httpStatus]) === 'Invalid';
    return (invalid ? formatInvalid(err.status) : formatApiStatus(err)) + debugTail(err, options);
  }
  if (err instanceof KcurlError) {
    const text = err.bare || err.message.startsWith('error:') || err.message.startsWith('Error ') ? err.message : `error: ${err.message}`;
    return (err.hint ? `${text}; ${err.hint}` : text) + debugTail(err, options);
  }
  const e = err as Error;
  return `error: internal error: ${e?.message ?? String(err)}` + (options.debug ? `\n${e?.stack ?? ''}` : '; run again with --debug for details');
}

function debugTail(err: Error, options: { debug?: boolean }): string {
  return options.debug && err.stack ? `\n${err.stack}` : '';
}
