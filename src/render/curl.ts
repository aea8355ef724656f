// The bash/curl generator of the snippet model (src/snippet/model.ts): a readable snippet (one curl per request a
// person would type), a script of curl commands that send the same requests with their flow, or the curl lines
// alone. Pure: no I/O; every value goes through shellQuote.
import type { Credentials } from '../kube/credentials-types.js';
import { type RequestPlan, type RequestStep, stepUrl } from '../plan/request-plan.js';
import { type RequestBlock, type Snippet, requestBlock, snippetModel } from '../snippet/model.js';
import { type Preamble, bashCredentials, curlHeaderWords } from './credential-preamble.js';
import { heredocDelimiter, shellComment, shellQuote } from './shell-quote.js';
import { restCallLines } from './rest-call.js';
import { websocketBlockLines, websocketProtocols } from './websocket-call.js';

export interface CurlOptions {
  reveal: boolean;
  /**
   * 'readable': preamble and one curl per request a person would type (a list's first page, no loop);
   * 'script': comments, preamble and every request with its flow; 'line': only the curl command(s).
   */
  form: 'readable' | 'script' | 'line';
  /** The kcurl command line, for the first comment. */
  commandLine?: string;
  /** Include discovery/OpenAPI steps as curl commands (otherwise they are listed as comments). */
  includeDiscovery?: boolean;
  /** Leave out the credential preamble (a later part of a script whose first part had it). */
  omitPreamble?: boolean;
}

/** How a curl command is laid out beyond its request: extra options, words after the URL, continuation lines. */
export interface CurlLayout {
  multiline: boolean;
  flags?: string[];
  afterUrl?: string[];
  /** The indentation of the block the command sits in (continuation lines carry it). */
  indent?: string;
  /** Write the URL out whole, joined to this server URL (a revealed snippet), instead of auth.serverRef + target. */
  server?: string;
  /** Put the credential options on the first line, after `curl -sS` (the readable form). */
  authOnFirstLine?: boolean;
}

/** The curl words for one request block; `auth` is the bash form of the snippet's credentials (bashCredentials). */
export function curlCommand(block: RequestBlock, auth: Preamble, layout: CurlLayout): string {
  const words: string[] = ['curl', '-sS'];
  if (block.stream) words.push('-N');
  if (block.method !== 'GET') words.push('-X', shellQuote(block.method));
  words.push(...(layout.flags ?? []));
  const groups: string[][] = [words];
  if (auth.curlAuth.length) {
    if (layout.authOnFirstLine) words.push(...auth.curlAuth);
    else groups.push(auth.curlAuth);
  }
  for (const [k, v] of block.headers) groups.push(curlHeaderWords(k, v));
  let heredoc: string | undefined;
  const body = block.body?.text;
  if (body !== undefined) {
    if (layout.multiline && body.endsWith('\n') && body.length > 1) {
      const delimiter = heredocDelimiter(body);
      groups.push(['--data-binary', '@-']);
      heredoc = `<<'${delimiter}'\n${body}${delimiter}`;
    } else {
      // --data-raw sends the bytes as given: no @file interpretation, no newline stripping.
      groups.push(['--data-raw', shellQuote(body)]);
    }
  }
  const url = layout.server !== undefined ? shellQuote(stepUrl(layout.server, block.url)) : `${auth.serverRef}${shellQuote(block.url.target)}`;
  groups.push([url, ...(layout.afterUrl ?? [])]);
  // Continuation lines carry the indentation of the block the command sits in, so a caller indents only the
  // first line and never touches the inside of a quoted word or a heredoc body.
  const continuation = ` \\\n${layout.indent ?? ''}  `;
  const joined = layout.multiline ? groups.map((g) => g.join(' ')).join(continuation) : groups.flat().join(' ');
  return heredoc ? `${joined} ${heredoc}` : joined;
}

/** One request alone as a curl command, with the credentials' bash form: a -v 9 line, a relayed or recorded request. */
export function curlForStep(step: RequestStep, auth: Preamble, layout: CurlLayout = { multiline: false }): string {
  return curlCommand(requestBlock(step), auth, layout);
}

export function renderCurl(plan: RequestPlan, creds: Credentials, options: CurlOptions): string {
  return bashSnippet(snippetModel(plan, creds, options), options);
}

/** The bash generator: the snippet readable ('readable'), as a script ('script') or as its curl lines alone ('line'). */
export function bashSnippet(s: Snippet, options: Pick<CurlOptions, 'form' | 'omitPreamble'>): string {
  const auth = bashCredentials(s.credentials);
  // Revealed, URLs are written out whole (the tls-server-name URL when there is one).
  const server = s.credentials.reveal ? (s.credentials.tlsServerName?.url ?? s.credentials.server.url) : undefined;
  if (options.form === 'line') {
    // One line per request, standalone: the query with this run's values, no flow.
    const sent = (b: RequestBlock): RequestBlock => ({ ...b, url: { ...b.url, query: b.url.sent.query, target: b.url.sent.target } });
    return (
      s.requests
        .map((b) => {
          // A WebSocket upgrade is no curl command: its handshake (a comment) and its client.
          const protocols = websocketProtocols(b.headers);
          return protocols ? websocketBlockLines(sent(b), auth, protocols).join('\n') : curlCommand(sent(b), auth, { multiline: false, server });
        })
        .join('\n') + '\n'
    );
  }
  const out: string[] = options.omitPreamble ? [] : preambleLines(s, auth);
  const maxTime = s.maxTimeSeconds ? ['--max-time', String(s.maxTimeSeconds)] : [];
  if (options.form === 'readable') return readableSnippet(s, auth, server, maxTime, out);
  const captures = s.requests.filter((b) => b.capture);
  if (captures.some((b) => b.capture!.fields.length > 0 || b.paged)) out.push(...JSON_META, '');
  if (captures.some((b) => b.capture!.body)) out.push('ANSWER=$(mktemp)', '');
  const lines = (b: RequestBlock) => requestLines(b, s, auth, server, maxTime);
  for (let i = 0; i < s.requests.length; i++) {
    const block = s.requests[i];
    if (block.capture && !block.capture.body) {
      // A probe: its status picks one of the blocks that follow (if / elif / else), any other is reported.
      const branches: RequestBlock[] = [];
      while (s.requests[i + 1]?.condition?.answer === block.number) branches.push(s.requests[++i]);
      const probe = lines(block);
      out.push(...probe.comments, ...probe.commands, ...branchLines(block, branches, lines));
    } else {
      const { comments, commands } = lines(block);
      const cond = block.condition;
      if (!cond) out.push(...comments, ...commands);
      else out.push(...comments, `if ${statusTest(`STATUS_${cond.answer}`, cond)}; then`, ...indent(commands), 'fi');
    }
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** The snippet's header comments and the credential preamble, then an empty line. */
function preambleLines(s: Snippet, auth: Preamble): string[] {
  const out: string[] = [];
  if (s.commandLine) out.push(shellComment(s.commandLine));
  if (s.leftOut.length) out.push(shellComment(`before these calls kcurl reads API discovery (${s.leftOut.join(', ')}); curl needs none of it`));
  for (const note of s.notes) out.push(shellComment(`note: ${note}`));
  out.push(...auth.lines, '');
  return out;
}

/**
 * The readable form: one curl per request a person would type. A list sends its first page (the query kubectl
 * sends, limit=500) with a comment on how the next page is fetched; a value a later request takes from an answer
 * (a watch's resourceVersion) is read from the answer into a shell variable; a request sent only after some
 * answer is a comment saying when. No loop, no JSON parser: the first request is byte-identical to kcurl's.
 */
function readableSnippet(s: Snippet, auth: Preamble, server: string | undefined, maxTime: string[], out: string[]): string {
  for (const block of s.requests) {
    const n = s.requests.length > 1 ? `${block.number}. ` : '';
    const cond = block.condition;
    if (cond) {
      const when = cond.otherwise ? `none of ${cond.except.join(', ')}` : cond.statuses.join(' or ');
      out.push(shellComment(`${n}only when answer ${cond.answer} is ${when}: ${block.purpose}: ${block.method} ${block.url.sent.target}`), '');
      continue;
    }
    out.push(shellComment(`${n}${block.purpose}`));
    if (block.paged)
      out.push(
        shellComment(
          "the first page; kubectl fetches the next with the same request plus &continue= the answer's .metadata.continue, until it has none",
          '#   ',
        ),
      );
    if (block.stream && maxTime.length)
      out.push(shellComment('ends at --request-timeout: curl --max-time stops it (exit 28) where kubectl ends with 0', '#   '));
    const protocols = websocketProtocols(block.headers);
    if (protocols) {
      out.push(...websocketBlockLines(block, auth, protocols), '');
      continue;
    }
    const flags = [...maxTime];
    const afterUrl: string[] = [];
    if (block.fromAnswer.length) flags.push('-G');
    for (const d of block.fromAnswer) afterUrl.push('--data-urlencode', `"${d.param}=$${d.variable}"`);
    const command = curlCommand(block, auth, { multiline: true, flags, afterUrl, server, authOnFirstLine: true });
    const fields = block.capture?.fields ?? [];
    if (!fields.length) {
      out.push(command, '');
      continue;
    }
    // The answer is kept in a variable, printed, and each value a later request needs is read from it: the first
    // "FIELD": "value" of a list is its own .metadata's (metadata comes before the items).
    const answer = `ANSWER_${block.number}`;
    out.push(`${answer}=$(${command}${/ <<'[A-Z0-9_]+'\n/.test(command) ? '\n' : ''})`, `printf '%s\\n' "$${answer}"`);
    for (const { field, variable } of fields) {
      out.push(`${variable}=$(printf '%s' "$${answer}" | grep -o ${shellQuote(`"${field}": *"[^"]*"`)} | head -n 1 | cut -d '"' -f 4)`);
    }
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** The shell test of a condition on the status held in a variable. */
function statusTest(variable: string, cond: NonNullable<RequestBlock['condition']>): string {
  if (cond.otherwise) return cond.except.map((st) => `[ "$${variable}" != ${st} ]`).join(' && ') || 'true';
  return cond.statuses.map((st) => `[ "$${variable}" = ${st} ]`).join(' || ');
}

/** The blocks a probe's status picks from, as one if / elif / else; a status none names is reported on stderr. */
function branchLines(probe: RequestBlock, branches: RequestBlock[], lines: (b: RequestBlock) => { comments: string[]; commands: string[] }): string[] {
  const out: string[] = [];
  // An otherwise step is the else, so it goes last.
  branches = [...branches.filter((b) => !b.condition!.otherwise), ...branches.filter((b) => b.condition!.otherwise)];
  branches.forEach((b, i) => {
    const keyword = i === 0 ? 'if' : 'elif';
    out.push(b.condition!.otherwise && i > 0 ? 'else' : `${keyword} ${statusTest('status', b.condition!)}; then`);
    const { comments, commands } = lines(b);
    out.push(...indent(comments), ...indent(commands));
  });
  if (probe.report !== undefined && !branches.some((b) => b.condition!.otherwise)) {
    out.push('else', `  echo ${shellQuote(`${probe.report} answered HTTP `)}"$status" >&2`);
  }
  if (out.length) out.push('fi');
  return out;
}

/** One request block of a script: its comments (purpose, REST call, flow) and its commands in the flow's shell. */
function requestLines(
  block: RequestBlock,
  s: Snippet,
  auth: Preamble,
  server: string | undefined,
  maxTime: string[],
): { comments: string[]; commands: string[] } {
  const out: string[] = [];
  const n = s.requests.length > 1 ? `${block.number}. ` : '';
  const cond = block.condition;
  // Inside a probe's if / elif the keyword says when; a condition of its own says it in the comment.
  const inBranch = cond && s.requests.find((b) => b.number === cond.answer)?.capture?.body === false;
  const condition =
    cond && !inBranch ? `only when answer ${cond.answer} is ${cond.otherwise ? `none of ${cond.except.join(', ')}` : cond.statuses.join(' or ')}: ` : '';
  out.push(shellComment(`${n}${condition}${block.purpose}`));
  for (const line of restCallLines(block, s.credentials)) out.push(shellComment(line, '#   '));
  for (const d of block.fromAnswer) out.push(shellComment(`and ${d.param}= the .metadata.${d.field} of answer ${d.answer}`, '#   '));
  if (block.paged) out.push(shellComment('in pages: sent again with continue= the .metadata.continue of each answer until an answer has none', '#   '));
  if (block.stream && maxTime.length)
    out.push(shellComment('ends at --request-timeout: curl --max-time stops it and reports "Operation timed out" (exit 28) where kubectl ends with 0', '#   '));

  // A WebSocket upgrade (exec, attach): the handshake as a comment, then a client that speaks the protocol.
  const protocols = websocketProtocols(block.headers);
  if (protocols) return { comments: out, commands: websocketBlockLines(block, auth, protocols) };
  const capture = block.capture;
  const flags = [...maxTime];
  const afterUrl: string[] = [];
  if (block.paged || block.fromAnswer.length) flags.push('-G');
  if (capture) flags.push('-o', capture.body ? '"$ANSWER"' : '/dev/null');
  if (capture?.status) flags.push('-w', "'%{http_code}'");
  for (const d of block.fromAnswer) afterUrl.push('--data-urlencode', `"${d.param}=$${d.variable}"`);
  if (block.paged) afterUrl.push('${CONTINUE:+--data-urlencode "continue=$CONTINUE"}');
  // Inside `while` (pages) and `if` (a conditional step) the command is indented one level for each.
  const depth = '  '.repeat((block.paged ? 1 : 0) + (cond ? 1 : 0));
  let command = curlCommand(block, auth, { multiline: true, flags, afterUrl, indent: depth, server });
  // A heredoc's delimiter must stand alone on its line, so the closing parenthesis then goes on the next one.
  const statusVar = capture?.body === false ? 'status' : `STATUS_${block.number}`;
  if (capture?.status) command = `${statusVar}=$(${command}${/ <<'[A-Z0-9_]+'\n/.test(command) ? `\n${depth}` : ''})`;
  const lines = [command];
  if (capture?.body) {
    lines.push('cat "$ANSWER"');
    if (block.paged) lines.push('CONTINUE=$(json_meta continue < "$ANSWER")', '[ -n "$CONTINUE" ] || break');
  }
  const looped = block.paged ? ['CONTINUE=', 'while :; do', ...indent(lines), 'done'] : lines;
  for (const { field, variable } of capture?.fields ?? []) looped.push(`${variable}=$(json_meta ${field} < "$ANSWER")`);
  return { comments: out, commands: looped };
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
export const JSON_META = [
  '# json_meta FIELD < FILE: the .metadata.FIELD of the JSON answer in FILE (standard tools only, no jq)',
  'json_meta() {',
  "  printf '%b' \"$(tr -d '\\n' | sed -nE 's/^[^}]*\"metadata\":[[:space:]]*[{]([^}]*)[}].*/\\1/p' |",
  '    sed -nE \'s/(^|.*,)[[:space:]]*"\'"$1"\'":[[:space:]]*"(([^"\\\\]|\\\\.)*)".*/\\2/p\' | sed -E \'s/\\\\(["/])/\\1/g\')"',
  '}',
];
