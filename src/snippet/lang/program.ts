// What every language's program shares: the bash around it (the curl snippet's credential preamble, its values
// exported, then the program in a quoted heredoc run by the language's runner) and the language-neutral reading of
// the snippet model a generator walks (headers with impersonation, the query as pairs, conditions, outputs).
import { bashCredentials } from '../../render/credential-preamble.js';
import { heredocDelimiter, shellComment, shellQuote } from '../../render/shell-quote.js';
import type { CredentialAssignment, RequestBlock, Snippet } from '../model.js';

/** A program of one language: its source, the file it is written to (if the runner needs one) and how bash runs it. */
export interface Program {
  source: string;
  /** The runner reads the program from stdin ("python3 -") … */
  stdin?: string;
  /** … or from a file of this name in a temporary directory, run with these lines (FILE is its path, DIR the directory). */
  file?: { name: string; run: string[] };
  /** … or the source is bash itself (a shell tool's commands), written after the preamble as it is. */
  inline?: boolean;
  /** The cluster settings the program applies itself (the others get a note saying they are not applied). */
  applies?: ('tls-server-name' | 'proxy-url')[];
}

const VARIABLES = ['APISERVER', 'CACERT', 'CERT', 'KEY', 'TOKEN', 'USERNAME', 'PASSWORD'] as const;

/** The bash that runs a program: the credential preamble with its values exported, then the program in a heredoc. */
export function runnableProgram(s: Snippet, lang: string, program: Program): string {
  const m = s.credentials;
  const out: string[] = [];
  if (s.commandLine) out.push(shellComment(`${s.commandLine}  (as ${lang})`));
  if (s.leftOut.length) out.push(shellComment(`before these calls kcurl reads API discovery (${s.leftOut.join(', ')}); the program needs none of it`));
  for (const note of s.notes) out.push(shellComment(`note: ${note}`));
  out.push(...bashCredentials(m).lines);
  const set = new Set<string>();
  const text = (a: CredentialAssignment | undefined) => {
    if (!a) return;
    set.add(a.variable);
    // --reveal writes PEM values to files in the preamble; text values (token, basic) are assigned here.
    if (m.reveal && a.form === 'text' && a.obtain.kind === 'revealed') out.push(`${a.variable}=${shellQuote(a.obtain.value)}`);
  };
  if (m.reveal || m.tlsServerName) out.push(`APISERVER=${shellQuote(m.tlsServerName ? m.tlsServerName.server : m.server.base)}`);
  const applies = new Set(program.applies ?? []);
  if (m.tlsServerName)
    out.push(
      shellComment(
        applies.has('tls-server-name')
          ? `tls-server-name ${m.tlsServerName.name}: the program connects to $APISERVER and sends the name as the TLS server name (SNI), checking the certificate against it`
          : `note: tls-server-name ${m.tlsServerName.name} is not applied by this program: the certificate is checked against the server's own name`,
      ),
    );
  if (m.proxy && !applies.has('proxy-url')) out.push(shellComment(`note: the cluster's proxy-url ${m.proxy} is not applied by this program`));
  set.add('APISERVER');
  if (m.ca) set.add('CACERT');
  if (m.clientCert) {
    set.add('CERT');
    set.add('KEY');
  }
  text(m.token);
  text(m.basic?.username);
  text(m.basic?.password);
  out.push(`export ${VARIABLES.filter((v) => set.has(v)).join(' ')}`, '');
  const delimiter = heredocDelimiter(program.source, 'KCURL_PROGRAM');
  const source = program.source.endsWith('\n') ? program.source : program.source + '\n';
  if (program.inline) out.push(source.replace(/\n$/, ''));
  else if (program.stdin) out.push(`${program.stdin} <<'${delimiter}'`, source + delimiter);
  else if (program.file) {
    out.push('DIR=$(mktemp -d)', `FILE="$DIR"/${program.file.name}`, `cat > "$FILE" <<'${delimiter}'`, source + delimiter, ...program.file.run);
  }
  return out.join('\n') + '\n';
}

/** The headers a block sends: its own, then the impersonation headers every request carries. */
export function blockHeaders(s: Snippet, b: RequestBlock): [string, string][] {
  return [...b.headers, ...s.credentials.impersonation];
}

/** A short description of a block, for the program's comment. */
export function blockComment(s: Snippet, b: RequestBlock): string[] {
  const n = s.requests.length > 1 ? `${b.number}. ` : '';
  const lines = [`${n}${b.purpose}: ${b.method} ${b.url.target}`];
  if (b.condition)
    lines.push(
      `only when answer ${b.condition.answer} is ${b.condition.otherwise ? `none of ${b.condition.except.join(', ') || '(any)'}` : b.condition.statuses.join(' or ')}`,
    );
  for (const d of b.fromAnswer) lines.push(`${d.param}= the .metadata.${d.field} of answer ${d.answer}`);
  if (b.paged) lines.push('in pages: sent again with continue= the .metadata.continue of each answer until an answer has none');
  if (b.stream) lines.push('a stream: printed line by line as it arrives');
  return lines;
}

/** blockComment as a language's comment lines: `marker` (//, #, --), a space, and the line with no newline in it. */
export function commentLines(s: Snippet, b: RequestBlock, marker: string): string[] {
  return blockComment(s, b).map((l) => `${marker} ${l.replace(/\n/g, ' ')}`);
}

/** A snippet variable (CONTINUE_1, RESOURCE_VERSION_2) as a camelCase program variable: continue1, resourceVersion2. */
export const camelVariable = (variable: string) => variable.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Whether a block's answer is kept for later blocks (its status, its .metadata) and whether its body is printed. */
export function answerUse(b: RequestBlock): { keep: boolean; print: boolean } {
  return { keep: !!b.capture, print: !(b.capture && !b.capture.body) };
}

/**
 * The statuses of a block's answer that later blocks handle, when the program reports any other one (the block's
 * `report`): undefined when it reports none (no report, or a later block runs for every other status).
 */
export function expectedStatuses(s: Snippet, b: RequestBlock): number[] | undefined {
  if (!b.report || !b.capture || s.requests.some((r) => r.condition?.answer === b.number && r.condition.otherwise)) return undefined;
  return s.requests.filter((r) => r.condition?.answer === b.number).flatMap((r) => r.condition!.statuses);
}

/** The condition of a block as a predicate over a status, in a language's syntax. */
export function conditionTest(
  b: RequestBlock,
  status: string,
  anyOf: (status: string, codes: number[]) => string,
  not: (e: string) => string,
): string | undefined {
  const c = b.condition;
  if (!c) return undefined;
  // An otherwise with nothing to exclude runs whatever the status.
  if (c.otherwise) return c.except.length ? not(anyOf(status, c.except)) : undefined;
  return anyOf(status, c.statuses);
}

/** Every metadata field any block reads from an answer. */
export function fieldsRead(s: Snippet): string[] {
  return [...new Set(s.requests.flatMap((b) => b.fromAnswer.map((d) => d.field)))];
}

/**
 * The cluster's proxy-url when it is an http:// proxy, which every program can speak CONNECT to (kcurl also takes
 * https:// proxies; a program gets a note for those): host without brackets, port (80 by default).
 */
export function httpProxy(s: Snippet): { url: string; host: string; port: number } | undefined {
  const url = s.credentials.proxy;
  if (!url) return undefined;
  try {
    const p = new URL(url);
    if (p.protocol !== 'http:') return undefined;
    return { url, host: p.hostname.replace(/^\[|\]$/g, ''), port: Number(p.port || 80) };
  } catch {
    return undefined;
  }
}

/** What a program applies of the cluster's settings, for runnableProgram's notes. */
export function applied(s: Snippet, tlsServerName: boolean): NonNullable<Program['applies']> {
  return [...(tlsServerName ? (['tls-server-name'] as const) : []), ...(httpProxy(s) ? (['proxy-url'] as const) : [])];
}
