// The HTTPie generator: the snippet model as `http` command lines with the flow of the curl script form
// (src/snippet/lang/shell-tools.ts), reading the credentials the bash preamble exports. The body goes as --raw (its
// bytes as given); HTTPie's default Accept is unset when a request names none; an answer kept for later requests
// is printed with its head (--print=hb) so its status can be read, then the head is cut off.
import { shellQuote } from '../../render/shell-quote.js';
import type { RequestBlock, Snippet } from '../model.js';
import { applied, blockHeaders, httpProxy } from './program.js';
import { type SendMode, type ShellTool, commandLines, shellToolProgram } from './shell-tools.js';

/**
 * A header item: `Name:value`, or `Name;` for an empty value (`Name:` would unset the header). HTTPie drops a
 * backslash that precedes one of its separator characters (`:` `=` `@` `;`) and keeps every other backslash, so a
 * value with such a pair (rare in a header) cannot be written exactly.
 */
const item = (name: string, value: string) => shellQuote(value === '' ? `${name};` : `${name}:${value}`);

export const httpieTool: ShellTool = {
  head(s) {
    const m = s.credentials;
    const lines = [
      '# The options every request carries: TLS and authentication from the variables the preamble exports.',
      `HTTP=(http --ignore-stdin${m.insecure ? ' --verify=no' : ''})`,
      'if [ -n "${CACERT:-}" ]; then HTTP+=(--verify="$CACERT"); fi',
      'if [ -n "${CERT:-}" ]; then HTTP+=(--cert="$CERT" --cert-key="$KEY"); fi',
      'if [ -n "${TOKEN:-}" ]; then',
      '  HTTP+=(--auth-type=bearer --auth="$TOKEN")',
      'elif [ -n "${USERNAME:-}" ]; then',
      '  HTTP+=(--auth-type=basic --auth="$USERNAME:$PASSWORD")',
      'fi',
    ];
    const proxy = httpProxy(s);
    if (proxy) lines.push(`# the cluster's proxy-url`, `HTTP+=(--proxy=${shellQuote(`https:${proxy.url}`)} --proxy=${shellQuote(`http:${proxy.url}`)})`);
    if (s.requests.some((b) => b.capture))
      lines.push(
        '',
        '# answer_status: the status of the answer in "$ANSWER", printed with its head (--print=hb); the head is then cut off',
        'answer_status() { head -n 1 "$ANSWER" | cut -d \' \' -f 2; sed -i \'1,/^\\r\\?$/d\' "$ANSWER"; }',
      );
    return lines;
  },
  send(s: Snippet, b: RequestBlock, url: string, mode: SendMode, indent: string) {
    const first = [...(s.maxTimeSeconds ? ['timeout', String(s.maxTimeSeconds)] : []), '"${HTTP[@]}"'];
    first.push(mode.kind === 'capture' ? '--print=hb' : '--print=b');
    if (mode.kind === 'print' && mode.stream) first.push('--stream');
    const headers = blockHeaders(s, b);
    const groups = [first, ...(b.body ? [[`--raw=${shellQuote(b.body.text)}`]] : []), [shellQuote(b.method), url], ...headers.map(([k, v]) => [item(k, v)])];
    // HTTPie sends Accept: */* of its own unless told otherwise; `Accept:` unsets it.
    if (!headers.some(([k]) => k.toLowerCase() === 'accept')) groups.push(['Accept:']);
    const command = commandLines(groups, indent);
    if (mode.kind === 'print') return [command];
    return [`${command} > "$ANSWER"`, `${mode.status}=$(answer_status)`];
  },
};

export function httpieProgram(s: Snippet) {
  return { ...shellToolProgram(s, httpieTool), applies: applied(s, false) };
}
