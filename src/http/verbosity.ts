// kubectl's -v levels (client-go transport/round_trippers.go) on stderr, without klog's prefix:
// 6 method, URL, status and time; 7 + request headers; 8 + response headers and bodies (1024 chars);
// 9 + the runnable curl line and bodies up to 10240 chars; 10 and up: bodies untruncated.
import type { Io } from '../io.js';
import type { Credentials } from '../kube/credentials-types.js';
import type { RequestStep } from '../plan/request-plan.js';
import { curlForStep } from '../render/curl.js';
import { renderPreamble } from '../render/credential-preamble.js';

/** client-go maskValue: only Authorization is masked, keeping its scheme. */
export function maskHeader(name: string, value: string): string {
  if (name.toLowerCase() !== 'authorization') return value;
  const [scheme, ...rest] = value.split(' ');
  if (/^(bearer|basic|negotiate)$/i.test(scheme)) return rest.length ? `${scheme} <masked>` : scheme;
  return '<masked>';
}

/** client-go truncateBody: the first max characters and " [truncated N chars]". */
export function truncateBody(body: string, verbosity: number): string {
  const max = verbosity >= 10 ? Infinity : verbosity >= 9 ? 10240 : 1024;
  if (body.length <= max) return body;
  return `${body.slice(0, max)} [truncated ${body.length - max} chars]`;
}

function ms(d: number): string {
  return `${Math.round(d)} milliseconds`;
}

/** A body as -v may print it: Secret values, tokens and private keys replaced (src/record/redact.ts). */
export type BodyRedaction = (body: string, context: { path?: string; contentType?: string }) => string;

export class VerboseLog {
  constructor(
    private readonly io: Io,
    private readonly level: number,
    private readonly creds: Credentials,
    /** Unlike kubectl's -v 8, kcurl's shows bodies redacted, as its recordings keep them (unless --reveal). */
    private readonly redact: BodyRedaction = (body) => body,
  ) {}

  private line(text: string): void {
    this.io.stderr.write(text + '\n');
  }

  request(step: RequestStep, url: string, headers: Record<string, string | string[]>): void {
    const body = step.body === undefined ? undefined : this.redact(step.body, { path: step.path.split('?')[0], contentType: step.contentType });
    if (this.level >= 8 && body !== undefined) this.line(`Request Body: ${truncateBody(body, this.level)}`);
    if (this.level >= 9) {
      this.line(curlForStep(body === undefined ? step : { ...step, body }, renderPreamble(this.creds, { reveal: false })));
      return;
    }
    if (this.level >= 7) {
      this.line(`${step.method} ${url}`);
      this.line('Request Headers:');
      for (const [k, v] of Object.entries(headers)) {
        for (const one of Array.isArray(v) ? v : [v]) this.line(`    ${headerName(k)}: ${maskHeader(k, one)}`);
      }
    }
  }

  response(
    step: RequestStep,
    url: string,
    res: { status: number; statusText: string; headers: Record<string, string | string[] | undefined>; durationMs: number; body?: string },
  ): void {
    if (this.level < 6) return;
    if (this.level === 7 || this.level === 8) this.line(`Response Status: ${res.status} ${res.statusText} in ${ms(res.durationMs)}`);
    else this.line(`${step.method} ${url} ${res.status} ${res.statusText} in ${ms(res.durationMs)}`);
    if (this.level >= 8) {
      this.line('Response Headers:');
      for (const [k, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        for (const one of Array.isArray(v) ? v : [v]) this.line(`    ${headerName(k)}: ${one}`);
      }
      if (res.body !== undefined) {
        const contentType = res.headers['content-type'];
        const body = this.redact(res.body, { path: step.path.split('?')[0], contentType: Array.isArray(contentType) ? contentType[0] : contentType });
        this.line(`Response Body: ${truncateBody(body, this.level)}`);
      }
    }
  }

  failure(step: RequestStep, url: string, durationMs: number, err: unknown): void {
    if (this.level < 6) return;
    const cause = (err as { cause?: Error })?.cause ?? (err as Error);
    this.line(`${step.method} ${url}  in ${ms(durationMs)} (${cause?.message ?? String(err)})`);
  }
}

/** Canonical header capitalisation, as Go prints header names. */
function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
