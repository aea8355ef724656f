// kcurl get --raw PATH: one GET of the path as given, the body copied to stdout as it arrives (kubectl's
// RawGet: restClient.Get().RequestURI(path).Stream, then io.Copy).
import { ApiStatusError, KcurlError, type KubeStatus } from '../../errors.js';
import { parseStatus } from '../../http/status.js';
import { drainStream } from '../../http/stream-body.js';
import type { Session } from '../../cli/session.js';
import { ACCEPT, type RequestPlan, type RequestStep, pathSegment } from '../../plan/request-plan.js';
import { runPlan } from '../../plan/run-plan.js';

/**
 * The request for a raw URI: the path re-escaped segment by segment (Go's URL.EscapedPath of the parsed
 * path) and the query decoded, so that it is sent with Go's sorted encoding as kubectl does.
 */
export function rawStep(uri: string): RequestStep {
  if (!uri.startsWith('/')) throw new KcurlError('KCURL_USAGE', `--raw must be a valid URL path: parse "${uri}": invalid URI for request`);
  const q = uri.indexOf('?');
  const rawPath = q >= 0 ? uri.slice(0, q) : uri;
  const rawQuery = q >= 0 ? uri.slice(q + 1) : '';
  let path: string;
  try {
    path = rawPath
      .split('/')
      .map((s) => pathSegment(decodeURIComponent(s)))
      .join('/');
  } catch {
    throw new KcurlError('KCURL_USAGE', `--raw must be a valid URL path: parse "${uri}": invalid URL escape`);
  }
  const query: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        throw new KcurlError('KCURL_USAGE', `--raw must be a valid URL path: invalid query escape in "${part}"`);
      }
    };
    query.push(eq >= 0 ? [decode(part.slice(0, eq)), decode(part.slice(eq + 1))] : [decode(part), '']);
  }
  return { method: 'GET', path, query, headers: [['Accept', ACCEPT.jsonAny]], stream: true, purpose: `GET ${uri} (--raw)`, kind: 'raw', role: 'call' };
}

/**
 * The error of a failed raw GET. A body that is not a Status becomes client-go's generic error for the code
 * (errors.NewGenericServerResponse: a 404 from a path nobody serves reads "the server could not find the
 * requested resource").
 */
function rawStatus(code: number, body: string): KubeStatus {
  const status = parseStatus({ status: code, body });
  let isStatus = false;
  try {
    isStatus = (JSON.parse(body) as KubeStatus)?.kind === 'Status';
  } catch {
    // not JSON
  }
  if (!isStatus && code === 404) return { ...status, reason: 'NotFound', message: 'the server could not find the requested resource' };
  return status;
}

/** `get --raw URI`: the output flag only to refuse it, as kubectl does. */
export async function runRawGet(session: Session, positionals: string[], uri: string, output: string | undefined): Promise<number> {
  // kubectl get Validate, in its order.
  if (output !== undefined && output !== '') throw new KcurlError('KCURL_USAGE', '--raw and --output are mutually exclusive');
  if (positionals.length > 0) throw new KcurlError('KCURL_USAGE', 'arguments may not be passed when --raw is specified');
  const plan: RequestPlan = await session.finalize({ command: 'kubectl get', steps: [rawStep(uri)] });
  const run = await runPlan(session, plan);
  if (!run) return 0;
  const res = run[0].stream!;
  if (res.status < 200 || res.status > 299) throw new ApiStatusError(res.status, rawStatus(res.status, await drainStream(res)));
  const removeHandler = session.io.onInterrupt(() => res.cancel());
  try {
    for await (const chunk of res.chunks) session.io.stdout.write(chunk);
  } finally {
    removeHandler();
  }
  return 0;
}
