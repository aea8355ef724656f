// Renders a RequestPlan and Credentials as a bash script of curl commands that send the same requests.
// Pure: no I/O; every value goes through shellQuote.
import type { Credentials } from '../kube/credentials-types.js';
import { type RequestPlan, type RequestStep, requestTarget, stepUrl } from '../plan/request-plan.js';
import { renderPreamble } from './credential-preamble.js';
import { heredocDelimiter, shellQuote } from './shell-quote.js';
import { restCallLines } from './rest-call.js';

export interface CurlOptions {
  reveal: boolean;
  /** 'script': comments, preamble and curl lines; 'line': only the curl command(s). */
  form: 'script' | 'line';
  /** The kcurl command line, for the first comment. */
  commandLine?: string;
  /** Include discovery/OpenAPI steps as curl commands (otherwise they are listed as comments). */
  includeDiscovery?: boolean;
}

const CONTINUATION = ' \\\n  ';

/** A comment that stays a comment: every line of the text gets its own '# ' (names may hold newlines). */
export function shellComment(text: string, prefix = '# '): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** The curl words for one step, without the URL's server part decided. */
export function curlCommand(step: RequestStep, curlAuth: string[], serverRef: string, creds: Credentials, options: { reveal: boolean; multiline: boolean }): string {
  const words: string[] = ['curl', '-sS'];
  if (step.stream) words.push('-N');
  if (step.method !== 'GET') words.push('-X', step.method);
  const groups: string[][] = [words];
  if (curlAuth.length) groups.push(curlAuth);
  for (const [k, v] of step.headers) groups.push(['-H', shellQuote(`${k}: ${v}`)]);
  let heredoc: string | undefined;
  if (step.body !== undefined) {
    if (options.multiline && step.body.endsWith('\n') && step.body.length > 1) {
      const delimiter = heredocDelimiter(step.body);
      groups.push(['--data-binary', '@-']);
      heredoc = `<<'${delimiter}'\n${step.body}${delimiter}`;
    } else {
      // --data-raw sends the bytes as given: no @file interpretation, no newline stripping.
      groups.push(['--data-raw', shellQuote(step.body)]);
    }
  }
  const url = options.reveal ? shellQuote(stepUrl(creds.server.value, step)) : `${serverRef}${shellQuote(requestTarget(step))}`;
  groups.push([url]);
  const joined = options.multiline ? groups.map((g) => g.join(' ')).join(CONTINUATION) : groups.flat().join(' ');
  return heredoc ? `${joined} ${heredoc}` : joined;
}

export function renderCurl(plan: RequestPlan, creds: Credentials, options: CurlOptions): string {
  const preamble = renderPreamble(creds, { reveal: options.reveal });
  const calls = plan.steps.filter((s) => options.includeDiscovery || (s.role !== 'discovery' && s.role !== 'openapi'));
  if (options.form === 'line') {
    return calls.map((s) => curlCommand(s, preamble.curlAuth, preamble.serverRef, creds, { reveal: options.reveal, multiline: false })).join('\n') + '\n';
  }
  const out: string[] = [];
  if (options.commandLine) out.push(shellComment(options.commandLine));
  const skipped = plan.steps.filter((s) => !calls.includes(s));
  if (skipped.length) {
    out.push(shellComment(`before these calls kcurl reads API discovery (${skipped.map((s) => `${s.method} ${requestTarget(s)}`).join(', ')}); curl needs none of it`));
  }
  for (const note of plan.notes ?? []) out.push(shellComment(`note: ${note}`));
  out.push(...preamble.lines, '');
  calls.forEach((step, i) => {
    const n = calls.length > 1 ? `${i + 1}. ` : '';
    out.push(shellComment(`${n}${step.purpose}`));
    for (const line of restCallLines(step, creds, { reveal: false })) out.push(shellComment(line, '#   '));
    out.push(curlCommand(step, preamble.curlAuth, preamble.serverRef, creds, { reveal: options.reveal, multiline: true }));
    out.push('');
  });
  return out.join('\n').replace(/\n+$/, '\n');
}
