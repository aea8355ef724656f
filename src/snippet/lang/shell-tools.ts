// What the shell-tool generators (wget, httpie) share: the flow of the curl script form (src/render/curl.ts) with
// another HTTP tool — each block a command line, a list read in pages with a `while` loop on json_meta continue,
// answers kept in "$ANSWER" with their status in STATUS_n, conditions as `if`, streams printed as they arrive —
// and the query written the way client-go sends it (keys sorted, values escaped like Go's url.QueryEscape), values
// taken from answers escaped in the shell by query_escape.
import { JSON_META } from '../../render/curl.js';
import { queryEscape } from '../../plan/request-plan.js';
import { shellComment, shellQuote } from '../../render/shell-quote.js';
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, blockComment, expectedStatuses } from './program.js';

/** How a block's answer is used: printed as it arrives, or kept in "$ANSWER" with its status in a variable. */
export type SendMode = { kind: 'print'; stream: boolean } | { kind: 'capture'; status: string };

/** One shell tool: the lines that set it up, and the command lines that send one block. */
export interface ShellTool {
  /** Lines after the preamble (the options every request carries, in an array). */
  head(s: Snippet): string[];
  /** The command line(s) sending `b` to the URL word `url`; continuation lines carry `indent`. */
  send(s: Snippet, b: RequestBlock, url: string, mode: SendMode, indent: string): string[];
}

/** query_escape VALUE: Go's url.QueryEscape in bash, for the values a program takes from answers. */
export const QUERY_ESCAPE = [
  "# query_escape VALUE: the value escaped like Go's url.QueryEscape (unreserved bytes stay, space is +, the rest %XX)",
  'query_escape() {',
  '  local LC_ALL=C s=$1 out= c i',
  '  for ((i = 0; i < ${#s}; i++)); do',
  '    c=${s:i:1}',
  '    case $c in',
  '      [A-Za-z0-9._~-]) out+=$c ;;',
  "      ' ') out+=+ ;;",
  "      *) printf -v c '%%%02X' \"'$c\"; out+=$c ;;",
  '    esac',
  '  done',
  '  printf \'%s\' "$out"',
  '}',
];

/**
 * The URL word of a block: "$APISERVER" then the target, its query in client-go's order. A value taken from an
 * answer is escaped in the shell; continue= (a paged list) is there only once an answer named one.
 */
export function urlWord(b: RequestBlock): string {
  type Entry = { key: string; literal?: string; variable?: string; optional?: boolean };
  const entries: Entry[] = [
    ...b.url.query.map(([key, value]) => ({ key, literal: value })),
    ...b.fromAnswer.map((d) => ({ key: d.param, variable: d.variable })),
    ...(b.paged ? [{ key: 'continue', variable: 'CONTINUE', optional: true }] : []),
  ];
  // Go's url.Values.Encode: sorted by key, stable for a repeated key.
  const sorted = entries.map((e, i) => [e, i] as const).sort((x, y) => (x[0].key < y[0].key ? -1 : x[0].key > y[0].key ? 1 : x[1] - y[1]));
  const mandatory = sorted.filter(([e]) => !e.optional).length;
  const parts: string[] = [`"$APISERVER"`];
  let literal = b.url.path + (mandatory ? '?' : '');
  let seen = 0;
  const flush = () => {
    if (literal) parts.push(shellQuote(literal));
    literal = '';
  };
  for (const [e] of sorted) {
    const pair = (value: string) => `${queryEscape(e.key)}=${value}`;
    if (e.literal !== undefined) {
      literal += (seen++ ? '&' : '') + pair(queryEscape(e.literal));
      continue;
    }
    flush();
    const value = `$(query_escape "$${e.variable}")`;
    if (!e.optional) parts.push(`"${seen++ ? '&' : ''}${pair(value)}"`);
    else if (seen) parts.push(`"\${${e.variable}:+&${pair(value)}}"`);
    else if (mandatory) parts.push(`"\${${e.variable}:+${pair(value)}&}"`);
    else parts.push(`"\${${e.variable}:+?${pair(value)}}"`);
  }
  flush();
  return parts.join('');
}

/** A shell test that the status in `variable` is one of `codes`. */
const anyOf = (variable: string, codes: number[]) => codes.map((c) => `[ "$${variable}" = ${c} ]`).join(' || ');

function blockLines(s: Snippet, b: RequestBlock, tool: ShellTool): string[] {
  const comments = blockComment(s, b).map((l) => shellComment(l));
  const cond = b.condition;
  let test: string | undefined;
  if (cond)
    test = cond.otherwise
      ? cond.except.length
        ? `! { ${anyOf(`STATUS_${cond.answer}`, cond.except)}; }`
        : undefined
      : anyOf(`STATUS_${cond.answer}`, cond.statuses);
  const depth = (test ? 1 : 0) + (b.paged ? 1 : 0);
  const indent = '  '.repeat(depth);
  const mode: SendMode = b.capture ? { kind: 'capture', status: `STATUS_${b.number}` } : { kind: 'print', stream: b.stream };
  let lines = tool.send(s, b, urlWord(b), mode, indent);
  if (b.capture?.body) lines.push('cat "$ANSWER"');
  if (b.paged)
    lines = [
      'CONTINUE=',
      'while :; do',
      ...lines.map((l) => `  ${l}`),
      '  CONTINUE=$(json_meta continue < "$ANSWER")',
      '  [ -n "$CONTINUE" ] || break',
      'done',
    ];
  for (const f of b.capture?.fields ?? []) lines.push(`${f.variable}=$(json_meta ${f.field} < "$ANSWER")`);
  const named = expectedStatuses(s, b);
  if (named) {
    const report = `echo ${shellQuote(`${b.report} answered HTTP `)}"$STATUS_${b.number}" >&2`;
    lines.push(named.length ? `${anyOf(`STATUS_${b.number}`, named)} || ${report}` : report);
  }
  if (test) lines = [`if ${test}; then`, ...lines.map((l) => `  ${l}`), 'fi'];
  return [...comments, ...lines, ''];
}

/** The script of a shell tool: its set-up, the helpers the flow needs, then one block per request. */
export function shellToolProgram(s: Snippet, tool: ShellTool): Program {
  const out = [...tool.head(s), ''];
  const captures = s.requests.filter((b) => b.capture);
  if (captures.some((b) => b.capture!.fields.length > 0 || b.paged)) out.push(...JSON_META, '');
  if (s.requests.some((b) => b.paged || b.fromAnswer.length)) out.push(...QUERY_ESCAPE, '');
  if (captures.length) out.push('ANSWER=$(mktemp)', '');
  out.push(...s.requests.flatMap((b) => blockLines(s, b, tool)));
  if (captures.length) out.push('rm -f "$ANSWER"');
  return { source: out.join('\n').replace(/\n+$/, '\n'), inline: true };
}

/** Words grouped on continuation lines, as the curl snippet lays out a command. */
export function commandLines(groups: string[][], indent: string): string {
  return groups
    .filter((g) => g.length)
    .map((g) => g.join(' '))
    .join(` \\\n${indent}  `);
}
