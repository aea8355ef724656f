// Renders a RequestPlan and Credentials as a bash script of curl commands that send the same requests.
// Pure: no I/O; every value goes through shellQuote.
import type { Credentials } from '../kube/credentials-types.js';
import { type RequestPlan, type RequestStep, requestTarget, stepUrl } from '../plan/request-plan.js';
import { curlHeaderWords, renderPreamble, tlsServerNameRoute } from './credential-preamble.js';
import { heredocDelimiter, shellComment, shellQuote } from './shell-quote.js';
import { restCallLines } from './rest-call.js';
import { parseDuration } from '../kube/duration.js';

export interface CurlOptions {
  reveal: boolean;
  /** 'script': comments, preamble and curl lines; 'line': only the curl command(s). */
  form: 'script' | 'line';
  /** The kcurl command line, for the first comment. */
  commandLine?: string;
  /** Include discovery/OpenAPI steps as curl commands (otherwise they are listed as comments). */
  includeDiscovery?: boolean;
}


/** The curl words for one step, without the URL's server part decided. */
export function curlCommand(
  step: RequestStep,
  curlAuth: string[],
  serverRef: string,
  creds: Credentials,
  options: { reveal: boolean; multiline: boolean; flags?: string[]; afterUrl?: string[]; indent?: string },
): string {
  const words: string[] = ['curl', '-sS'];
  if (step.stream) words.push('-N');
  if (step.method !== 'GET') words.push('-X', shellQuote(step.method));
  words.push(...(options.flags ?? []));
  const groups: string[][] = [words];
  if (curlAuth.length) groups.push(curlAuth);
  for (const [k, v] of step.headers) groups.push(curlHeaderWords(k, v));
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
  // With tls-server-name the URL names that server name (see tlsServerNameRoute).
  const server = tlsServerNameRoute(creds)?.url ?? creds.server.value;
  const url = options.reveal ? shellQuote(stepUrl(server, step)) : `${serverRef}${shellQuote(requestTarget(step))}`;
  groups.push([url, ...(options.afterUrl ?? [])]);
  // Continuation lines carry the indentation of the block the command sits in, so a caller indents only the
  // first line and never touches the inside of a quoted word or a heredoc body.
  const continuation = ` \\\n${options.indent ?? ''}  `;
  const joined = options.multiline ? groups.map((g) => g.join(' ')).join(continuation) : groups.flat().join(' ');
  return heredoc ? `${joined} ${heredoc}` : joined;
}

export function renderCurl(plan: RequestPlan, creds: Credentials, options: CurlOptions): string {
  const preamble = renderPreamble(creds, { reveal: options.reveal });
  const calls = plan.steps.filter((s) => options.includeDiscovery || plan.discoveryIsTheCall || (s.role !== 'discovery' && s.role !== 'openapi'));
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
  const flow = answerFlow(plan, calls);
  if (flow.usesJsonMeta) out.push(...JSON_META, '');
  if (flow.captures.size) out.push('ANSWER=$(mktemp)', '');
  // kubectl's --request-timeout bounds each whole request, a watch or a follow too: curl's --max-time.
  const timeoutMs = creds.requestTimeout ? parseDuration(creds.requestTimeout) : 0;
  const maxTime = timeoutMs > 0 ? ['--max-time', String(timeoutMs / 1000)] : [];
  calls.forEach((step, i) => {
    const n = calls.length > 1 ? `${i + 1}. ` : '';
    const index = plan.steps.indexOf(step);
    const capture = flow.captures.get(index);
    const after = step.onlyAfter ? flow.captures.get(step.onlyAfter.step) : undefined;
    const fromAnswers = (step.fromAnswer ?? []).filter((d) => flow.captures.has(d.step));
    // The literal values of kcurl's own run stay out of the URL: the snippet takes them from its own answers.
    const shown: RequestStep = { ...step, query: step.query.filter(([k]) => !(k === 'continue' && step.paged) && !fromAnswers.some((d) => d.param === k)) };
    const condition = after?.status ? `only when answer ${after.number} is ${step.onlyAfter!.status}: ` : '';
    out.push(shellComment(`${n}${condition}${step.purpose}`));
    for (const line of restCallLines(shown, creds, { reveal: false })) out.push(shellComment(line, '#   '));
    for (const d of fromAnswers) out.push(shellComment(`and ${d.param}= the .metadata.${d.field} of answer ${flow.captures.get(d.step)!.number}`, '#   '));
    if (step.paged) out.push(shellComment('in pages: sent again with continue= the .metadata.continue of each answer until an answer has none', '#   '));
    if (step.stream && maxTime.length) out.push(shellComment('ends at --request-timeout: curl --max-time stops it and reports "Operation timed out" (exit 28) where kubectl ends with 0', '#   '));

    const flags = [...maxTime];
    const afterUrl: string[] = [];
    if (step.paged || fromAnswers.length) flags.push('-G');
    if (capture) flags.push('-o', '"$ANSWER"');
    if (capture?.status) flags.push('-w', "'%{http_code}'");
    for (const d of fromAnswers) afterUrl.push('--data-urlencode', `"${d.param}=$${flow.captures.get(d.step)!.variables.get(d.field)}"`);
    if (step.paged) afterUrl.push('${CONTINUE:+--data-urlencode "continue=$CONTINUE"}');
    // Inside `while` (pages) and `if` (a conditional step) the command is indented one level for each.
    const depth = '  '.repeat((step.paged ? 1 : 0) + (after?.status ? 1 : 0));
    let command = curlCommand(shown, preamble.curlAuth, preamble.serverRef, creds, { reveal: options.reveal, multiline: true, flags, afterUrl, indent: depth });
    // A heredoc's delimiter must stand alone on its line, so the closing parenthesis then goes on the next one.
    if (capture?.status) command = `${capture.status}=$(${command}${/ <<'[A-Z0-9_]+'\n/.test(command) ? `\n${depth}` : ''})`;
    const block = [command];
    if (capture) {
      block.push('cat "$ANSWER"');
      if (step.paged) block.push('CONTINUE=$(json_meta continue < "$ANSWER")', '[ -n "$CONTINUE" ] || break');
    }
    const lines = step.paged ? ['CONTINUE=', 'while :; do', ...indent(block), 'done'] : block;
    for (const [field, variable] of capture?.variables ?? []) lines.push(`${variable}=$(json_meta ${field} < "$ANSWER")`);
    out.push(...(after?.status ? [`if [ "$${after.status}" = ${step.onlyAfter!.status} ]; then`, ...indent(lines), 'fi'] : lines));
    out.push('');
  });
  return out.join('\n').replace(/\n+$/, '\n');
}

/** Indents each entry's first line; later lines of a command were indented when it was rendered (see curlCommand). */
function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}

/**
 * A shell function that prints a field of an answer's top-level .metadata (a list's continue or
 * resourceVersion) with sed alone: the first object in the answer is its metadata, and JSON string
 * escapes are undone (\" and \/ by sed, the rest by printf %b).
 */
const JSON_META = [
  '# json_meta FIELD < FILE: the .metadata.FIELD of the JSON answer in FILE (standard tools only, no jq)',
  'json_meta() {',
  '  printf \'%b\' "$(tr -d \'\\n\' | sed -nE \'s/^[^}]*"metadata":[[:space:]]*[{]([^}]*)[}].*/\\1/p\' |',
  '    sed -nE \'s/(^|.*,)[[:space:]]*"\'"$1"\'":[[:space:]]*"(([^"\\\\]|\\\\.)*)".*/\\2/p\' | sed -E \'s/\\\\(["/])/\\1/g\')"',
  '}',
];

interface Capture {
  /** The answer's number in the snippet (1-based, as the comments count them). */
  number: number;
  /** The variable holding its HTTP status, when a later step depends on it. */
  status?: string;
  /** metadata field → the variable that holds it. */
  variables: Map<string, string>;
}

/** Which answers the snippet must keep (in $ANSWER): those read in pages and those later steps take values or a status from. */
function answerFlow(plan: RequestPlan, calls: RequestStep[]): { captures: Map<number, Capture>; usesJsonMeta: boolean } {
  const captures = new Map<number, Capture>();
  const capture = (index: number) => {
    const step = plan.steps[index];
    if (!step || !calls.includes(step)) return undefined;
    let c = captures.get(index);
    if (!c) captures.set(index, (c = { number: calls.indexOf(step) + 1, variables: new Map() }));
    return c;
  };
  plan.steps.forEach((step, index) => {
    if (!calls.includes(step)) return;
    if (step.paged) capture(index);
    if (step.onlyAfter) {
      const c = capture(step.onlyAfter.step);
      if (c) c.status = `STATUS_${c.number}`;
    }
    for (const d of step.fromAnswer ?? []) capture(d.step)?.variables.set(d.field, '');
  });
  // RESOURCE_VERSION, or RESOURCE_VERSION_2 when several answers provide one.
  const fields = [...captures.values()].flatMap((c) => [...c.variables.keys()]);
  for (const c of captures.values()) {
    for (const field of c.variables.keys()) {
      const base = field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
      c.variables.set(field, fields.filter((f) => f === field).length > 1 ? `${base}_${c.number}` : base);
    }
  }
  const usesJsonMeta = [...captures.entries()].some(([i, c]) => c.variables.size > 0 || plan.steps[i].paged);
  return { captures, usesJsonMeta };
}
