// The wget generator: the snippet model as GNU Wget command lines with the flow of the curl script form
// (src/snippet/lang/shell-tools.ts), reading the credentials the bash preamble exports. Wget adds Accept: */* when
// a request names no Accept, and Accept-Encoding: identity; it sends basic auth at once with --auth-no-challenge.
import { shellQuote } from '../../render/shell-quote.js';
import type { RequestBlock, Snippet } from '../model.js';
import { applied, blockHeaders, httpProxy } from './program.js';
import { type SendMode, type ShellTool, commandLines, shellToolProgram } from './shell-tools.js';

/** --header='Name: value' (wget sends a header written `Name:` with nothing after it as it is). */
const header = (name: string, value: string) => `--header=${shellQuote(`${name}: ${value}`)}`;

export const wgetTool: ShellTool = {
  head(s) {
    const m = s.credentials;
    const lines = [
      '# The options every request carries: TLS and authentication from the variables the preamble exports.',
      `WGET=(wget --quiet --tries=1 --max-redirect=0 --content-on-error${m.insecure ? ' --no-check-certificate' : ''})`,
      'if [ -n "${CACERT:-}" ]; then WGET+=(--ca-certificate="$CACERT"); fi',
      'if [ -n "${CERT:-}" ]; then WGET+=(--certificate="$CERT" --private-key="$KEY"); fi',
      'if [ -n "${TOKEN:-}" ]; then',
      '  WGET+=(--header="Authorization: Bearer $TOKEN")',
      'elif [ -n "${USERNAME:-}" ]; then',
      '  WGET+=(--auth-no-challenge --user="$USERNAME" --password="$PASSWORD")',
      'fi',
    ];
    const proxy = httpProxy(s);
    if (proxy)
      lines.push(
        `# the cluster's proxy-url`,
        `WGET+=(-e use_proxy=on -e ${shellQuote(`https_proxy=${proxy.url}`)} -e ${shellQuote(`http_proxy=${proxy.url}`)})`,
      );
    return lines;
  },
  send(s: Snippet, b: RequestBlock, url: string, mode: SendMode, indent: string) {
    const first = [...(s.maxTimeSeconds ? ['timeout', String(s.maxTimeSeconds)] : []), '"${WGET[@]}"'];
    if (b.method !== 'GET') first.push(`--method=${shellQuote(b.method)}`);
    if (mode.kind === 'capture') first.push('--server-response', '-O', '"$ANSWER"');
    else first.push('-O', '-');
    const groups = [first, ...blockHeaders(s, b).map(([k, v]) => [header(k, v)])];
    if (b.body) groups.push([`--body-data=${shellQuote(b.body.text)}`]);
    groups.push([url]);
    const command = commandLines(groups, indent);
    if (mode.kind === 'print') return [command];
    // --server-response prints the answer's head on stderr: the status is the code of its (last) status line.
    return [`${mode.status}=$(${command} 2>&1 | sed -n 's/^  HTTP\\/[0-9.]* \\([0-9]*\\).*/\\1/p' | tail -n 1)`];
  },
};

export function wgetProgram(s: Snippet) {
  return { ...shellToolProgram(s, wgetTool), applies: applied(s, false) };
}
