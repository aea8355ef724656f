// Hostile values through every path into a printed snippet. In process (10,000 seeded cases): the curl renderer
// with generated credentials and plans, and `kcurl … --offline` (main in process) with generated kubeconfigs and
// flags; every script is read back by a shell-word parser and must run only kcurl's own commands, carry each value
// as the same literal bytes, and filter kubeconfig entries by exactly the names kcurl used. End to end (100
// generated commands, about 200 requests, in real bash, curl and kubectl against capture servers): no canary
// command runs, and each request of the snippet equals kcurl's. Seeded: KCURL_FUZZ_SEED reproduces a run
// (fast-check prints the seed and the counterexample path of a failure); KCURL_FUZZ_E2E sets the end-to-end count.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testIo } from '../../src/io.js';
import type { CredentialSource, Credentials } from '../../src/kube/credentials-types.js';
import { Secret } from '../../src/kube/secret.js';
import { main } from '../../src/main.js';
import { type RequestPlan, type RequestStep, pathSegment, requestTarget, serverBase } from '../../src/plan/request-plan.js';
import { commandLineText } from '../../src/render/command-line.js';
import { heredocDelimiter, shellComment, shellQuote } from '../../src/render/shell-quote.js';
import { jsonpathString } from '../../src/render/credential-preamble.js';
import { renderCurl } from '../../src/render/curl.js';
import { compareRequests } from '../helpers/compare-requests.js';
import { readNameFilter } from '../helpers/go-jsonpath-filter.js';
import { type RecordedRequest, startRecordingServer } from '../helpers/recording-server.js';
import { requireKubectl, requireTool } from '../helpers/require-tool.js';
import { REPO_ROOT } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { type Script, type Word, ShellParseError, allCommands, allComments, literal, parseScript } from '../helpers/shell-words.js';
import { readFixture } from '../helpers/fixtures.js';

type Gen<A> = A extends fc.Arbitrary<infer T> ? T : never;
const SEED = Number(process.env.KCURL_FUZZ_SEED ?? 20261207);

// ---------------------------------------------------------------------------------------------------------------
// Hostile text

const PIECES = [
  'a',
  'Z',
  '0',
  '-',
  '.',
  '_',
  ' ',
  '\t',
  "'",
  '"',
  '\\',
  '$',
  '(',
  ')',
  '`',
  ';',
  '&',
  '|',
  '<',
  '>',
  '#',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '=',
  '==',
  '@',
  ':',
  '/',
  '//',
  '%',
  '%2F',
  '!',
  '~',
  ',',
  'é',
  'ж',
  '✓',
  '😀',
  '\u2028',
  '$(touch CANARY)',
  '`touch CANARY`',
  ';touch CANARY;',
  '\ntouch CANARY\n',
  "'\\''",
  '${IFS}',
  '")]',
  '\\"',
  'KCURL_BODY',
];
const LINE_BREAKS = ['\n', '\r', '\r\n'];

/** Any text, line breaks included. */
const hostile = fc.array(fc.constantFrom(...PIECES, ...LINE_BREAKS), { maxLength: 8 }).map((a) => a.join(''));
/** Text without control characters (what HTTP headers and most flags can carry). */
const hostileLine = hostile.map((s) => s.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ''));
const nonEmpty = <T extends string>(a: fc.Arbitrary<T>) => a.map((s) => s || 'x');

/** A server URL with a hostile path prefix (scheme, host and port stay a real https URL). */
const serverUrl = fc
  .tuple(
    fc.constantFrom('https://127.0.0.1:6443', 'https://api.example.test', 'https://[::1]:8443'),
    fc.array(fc.constantFrom('/', '//', 'p', 'é', ' ', '%2F', '.', '..', "'", '"', '$(touch CANARY)', '`x`', ';'), { maxLength: 6 }),
  )
  .map(([origin, path]) => origin + (path.length ? `/${path.join('')}` : ''))
  .filter((u) => !/[#?]/.test(u));

/**
 * A document as YAML that every reader takes byte for byte: JSON (YAML's flow subset) with every non-ASCII
 * character escaped, since YAML 1.1 readers (kubectl's among them) fold U+2028 and friends as line breaks.
 */
function stringify(doc: unknown): string {
  return JSON.stringify(doc).replace(/[^\x00-\x7e]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a script back

const COMMANDS = new Set([
  'curl',
  'kubectl',
  'kcurl',
  'cat',
  'base64',
  'mktemp',
  'json_meta',
  'printf',
  'tr',
  'sed',
  'echo',
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'while',
  'do',
  'done',
  'break',
  '[',
  ':',
  '{',
  '}',
  'trap',
  'grep',
  'head',
  'cut',
]);
const VARIABLE =
  /^(APISERVER|TOKEN|CACERT|CERT|KEY|USERNAME|PASSWORD|SA_DIR|ANSWER(_\d+)?|CONTINUE|STATUS_\d+|RESOURCE_VERSION(_\d+)?|status|KUBERNETES_SERVICE_HOST|KUBERNETES_SERVICE_PORT|1)$/;

/** Parses the script and checks that only kcurl's own commands and variables occur in it; returns the parse. */
function readBack(text: string): Script {
  let script: Script;
  try {
    script = parseScript(text);
  } catch (e) {
    if (e instanceof ShellParseError) throw new Error(`the script does not parse (${e.message}):\n${text}`);
    throw e;
  }
  for (const command of allCommands(script)) {
    const words = [...command.words];
    // Leading NAME=VALUE assignments, then the command name.
    while (words.length && words[0].parts[0] && 'lit' in words[0].parts[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].parts[0].lit)) {
      const name = words[0].parts[0].lit.split('=')[0];
      if (!VARIABLE.test(name)) throw new Error(`assignment to ${name} in:\n${text}`);
      words.shift();
    }
    if (!words.length) continue;
    const name = literal(words[0]);
    if (name === undefined || !COMMANDS.has(name)) throw new Error(`command ${JSON.stringify(name ?? words[0])} is not one kcurl prints, in:\n${text}`);
  }
  const checkParams = (s: Script) => {
    for (const c of s.commands) {
      for (const w of c.words) {
        for (const p of w.parts) {
          if ('param' in p) {
            const name = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9]/.exec(p.param)?.[0] ?? '';
            if (!VARIABLE.test(name)) throw new Error(`expansion \${${p.param}} in:\n${text}`);
          } else if ('cmd' in p) checkParams(p.cmd);
        }
      }
    }
  };
  checkParams(script);
  return script;
}

/** Every word of the script and its substitutions. */
function allWords(script: Script): Word[] {
  return allCommands(script).flatMap((c) => c.words);
}

/** The literal texts of the script: whole literal words and each literal part of mixed words. */
function literals(script: Script): Set<string> {
  const out = new Set<string>();
  for (const w of allWords(script)) {
    const whole = literal(w);
    if (whole !== undefined) out.add(whole);
    for (const p of w.parts) if ('lit' in p) out.add(p.lit);
  }
  return out;
}

const oneLine = (text: string) => text.replace(/\r\n|\r/g, '\n');

/** The comments' text, lines joined, compared with text whose line breaks are normalised to \n. */
function commentText(script: Script): string {
  return allComments(script)
    .map((c) => c.replace(/^ /, ''))
    .join('\n');
}

function expectLiteral(set: Set<string>, value: string, text: string): void {
  if (!set.has(value)) throw new Error(`${JSON.stringify(value)} is not a literal word of:\n${text}`);
}

/** Each kubectl config view jsonpath filter must select the entry kcurl used. */
function expectFilters(script: Script, expected: { clusters: string[]; users: string[] }, text: string): void {
  for (const w of allWords(script)) {
    const lit = literal(w);
    if (!lit?.startsWith('jsonpath={.clusters[?(') && !lit?.startsWith('jsonpath={.users[?(')) continue;
    const read = readNameFilter(lit);
    if (read instanceof Error) throw new Error(`kubectl cannot read ${JSON.stringify(lit)}: ${read.message}\n${text}`);
    const list = lit.startsWith('jsonpath={.clusters') ? expected.clusters : expected.users;
    if (!list.includes(read)) throw new Error(`the filter ${JSON.stringify(lit)} selects ${JSON.stringify(read)}, not one of ${JSON.stringify(list)}\n${text}`);
  }
}

describe('the shell-word reader agrees with bash', () => {
  it('on 1,000 generated commands of quoted words, continuations, comments and heredocs', async () => {
    const lines = fc.sample(
      fc.record({ words: fc.array(hostile, { minLength: 1, maxLength: 4 }), comment: hostile, heredoc: fc.option(hostile, { nil: undefined }) }),
      { seed: SEED, numRuns: 1000 },
    );
    const script = lines
      .map(({ words, comment, heredoc }) => {
        const cmd = `printf '%s\\0' ${words.map(shellQuote).join(' \\\n  ')}`;
        const body = heredoc === undefined ? '' : ` <<'${heredocDelimiter(heredoc + '\n')}'\n${heredoc}\n${heredocDelimiter(heredoc + '\n')}`;
        return `${shellComment(comment)}\n${heredoc === undefined ? cmd : `${cmd}; cat${body}`}\nprintf '\\1'`;
      })
      .join('\n');
    const parsed = parseScript(script);
    const expected = lines.map(({ words, heredoc }) => [...words, ...(heredoc === undefined ? [] : [heredoc + '\n'])]);
    const fromReader: string[][] = [];
    let current: string[] = [];
    for (const c of parsed.commands) {
      const w = c.words.map((x) => literal(x)!);
      if (w[0] === 'printf' && w[1] === '\\1') {
        fromReader.push(current);
        current = [];
      } else if (w[0] === 'printf') current.push(...w.slice(2));
      else current.push(...c.heredocs);
    }
    expect(fromReader).toEqual(expected);
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-reader-'));
    try {
      writeFileSync(join(dir, 's.sh'), script + '\n');
      const run = await runProcess(requireTool('bash'), [join(dir, 's.sh')], { env: { PATH: CLEAN_PATH }, cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      // printf %s\0 and cat print bytes; the stdout decoder is UTF-8, as the words are.
      const fromBash = run.stdout
        .split('\x01')
        .slice(0, -1)
        .map((chunk) => {
          const out = chunk.split('\0');
          const tail = out.pop()!;
          return tail === '' ? out : [...out, tail];
        });
      expect(fromBash).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// In process: the renderer with generated credentials and plans

const KC = '/home/me/.kube/config';
const PEM = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

const textSource = (names: { cluster: string; user: string }, entry: 'cluster' | 'user', field: string) =>
  fc.oneof(
    fc.constant<CredentialSource>({ kind: 'kubeconfig', file: KC, entry, name: entry === 'cluster' ? names.cluster : names.user, field }),
    hostile.map<CredentialSource>((path) => ({ kind: 'file', path: path || '/x', via: 'x' })),
    fc.constant<CredentialSource>({ kind: 'serviceaccount-mount', path: `/var/run/secrets/kubernetes.io/serviceaccount/${field}` }),
    hostile.map<CredentialSource>((p) => ({ kind: 'serviceaccount-mount', path: `/elsewhere/${p}` })),
    fc.constant<CredentialSource>({ kind: 'flag', flag: '--token' }),
  );

const credentialsArb = fc
  .record({ context: hostile, cluster: hostile, user: hostile })
  .chain((names) =>
    fc.record({
      names: fc.constant(names),
      origin: fc.constantFrom<Credentials['origin']>('kubeconfig', 'kubeconfig', 'in-cluster', 'none'),
      kubeconfigFlag: fc.option(nonEmpty(hostile), { nil: undefined }),
      contextFlag: fc.option(nonEmpty(hostile), { nil: undefined }),
      server: serverUrl,
      serverSource: fc.constantFrom<CredentialSource['kind']>('kubeconfig', 'flag', 'service-env', 'default'),
      ca: fc.option(textSource(names, 'cluster', 'certificate-authority-data'), { nil: undefined }),
      insecure: fc.boolean(),
      tlsServerName: fc.option(hostile, { nil: undefined }),
      proxyUrl: fc.option(
        hostile.map((p) => `http://proxy.test:3128/${p}`),
        { nil: undefined },
      ),
      auth: fc.oneof(
        textSource(names, 'user', 'token').map((source) => ({ kind: 'token' as const, source })),
        fc.record({ namespace: hostile, name: hostile }).map((r) => ({ kind: 'token' as const, source: { kind: 'secret', ...r } as CredentialSource })),
        fc
          .record({ user: hostile, command: nonEmpty(hostile), args: fc.array(hostile, { maxLength: 2 }) })
          .map((r) => ({ kind: 'token' as const, source: { kind: 'exec', ...r, env: [] } as CredentialSource })),
        fc.record({ u: textSource(names, 'user', 'username'), p: textSource(names, 'user', 'password') }).map((r) => ({ kind: 'basic' as const, ...r })),
        textSource(names, 'user', 'client-certificate-data').map((source) => ({ kind: 'cert' as const, source })),
      ),
      tokenValue: hostile,
      impersonate: fc.option(
        fc.record({
          user: nonEmpty(hostileLine),
          uid: fc.option(hostileLine, { nil: undefined }),
          groups: fc.array(hostileLine, { maxLength: 2 }),
          extra: fc.dictionary(hostileLine, fc.array(hostileLine, { maxLength: 2 }), { maxKeys: 2 }),
        }),
        { nil: undefined },
      ),
      requestTimeout: fc.constantFrom(undefined, '5s'),
    }),
  )
  .map((g) => {
    const creds: Credentials = {
      origin: g.origin,
      kubeconfigFiles: [KC],
      contextName: g.names.context,
      clusterName: g.names.cluster,
      userName: g.names.user,
      server: {
        value: g.server,
        source:
          g.serverSource === 'kubeconfig'
            ? { kind: 'kubeconfig', file: KC, entry: 'cluster', name: g.names.cluster, field: 'server' }
            : g.serverSource === 'flag'
              ? { kind: 'flag', flag: '--server' }
              : g.serverSource === 'service-env'
                ? { kind: 'service-env' }
                : { kind: 'default' },
      },
      namespace: { value: 'default', source: { kind: 'default' } },
      insecureSkipTLSVerify: g.insecure,
    };
    if (g.kubeconfigFlag) creds.kubeconfigFlag = g.kubeconfigFlag;
    if (g.contextFlag) creds.contextFlag = g.contextFlag;
    if (g.ca) creds.ca = { value: PEM, source: g.ca };
    if (g.tlsServerName) creds.tlsServerName = g.tlsServerName;
    if (g.proxyUrl) creds.proxyUrl = g.proxyUrl;
    if (g.requestTimeout) creds.requestTimeout = g.requestTimeout;
    if (g.impersonate) creds.impersonate = g.impersonate;
    if (g.auth.kind === 'token') creds.token = { value: new Secret(g.tokenValue), source: g.auth.source };
    else if (g.auth.kind === 'basic')
      creds.basic = { username: { value: g.tokenValue, source: g.auth.u }, password: { value: new Secret(g.tokenValue), source: g.auth.p } };
    else creds.clientCert = { cert: { value: PEM, source: g.auth.source }, key: { value: new Secret(PEM), source: g.auth.source } };
    return { creds, names: g.names };
  });

const stepArb = fc.record({
  method: fc.constantFrom<RequestStep['method']>('GET', 'POST', 'PATCH', 'PUT', 'DELETE'),
  segments: fc.array(nonEmpty(hostile), { minLength: 1, maxLength: 3 }),
  query: fc.array(fc.tuple(nonEmpty(hostileLine), hostile), { maxLength: 3 }),
  headers: fc.array(fc.tuple(fc.constantFrom('Accept', 'Content-Type', 'X-Test'), hostileLine), { maxLength: 2 }),
  body: fc.option(
    fc.oneof(
      hostile,
      hostile.map((b) => `${b}\n`),
      fc.constant('KCURL_BODY\n$(touch CANARY)\nKCURL_BODY\n'),
    ),
    { nil: undefined },
  ),
  stream: fc.boolean(),
  purpose: hostile,
});

const planArb = fc
  .record({
    steps: fc.array(stepArb, { minLength: 1, maxLength: 3 }),
    notes: fc.array(hostile, { maxLength: 2 }),
    paged: fc.boolean(),
    conditional: fc.boolean(),
    fromAnswer: fc.boolean(),
  })
  .map((g): RequestPlan => {
    const steps: RequestStep[] = g.steps.map((s) => ({
      method: s.method,
      path: '/api/v1/' + s.segments.map(pathSegment).join('/'),
      query: s.query,
      headers: s.headers,
      ...(s.body !== undefined ? { body: s.body } : {}),
      stream: s.stream,
      purpose: s.purpose,
      role: 'call',
    }));
    if (g.paged && steps[0].body === undefined) {
      steps[0].paged = true;
      steps[0].query = [...steps[0].query, ['limit', '500']];
    }
    if (g.conditional && steps.length > 1) steps[1].onlyAfter = { step: 0, status: 404 };
    if (g.fromAnswer && steps.length > 1) steps[steps.length - 1].fromAnswer = [{ param: 'resourceVersion', step: 0, field: 'resourceVersion' }];
    return { command: 'kubectl get', steps, notes: g.notes };
  });

/** Checks one rendered script against the plan and credentials it came from. */
function checkRendered(
  text: string,
  plan: RequestPlan,
  creds: Credentials,
  names: { cluster: string; user: string },
  reveal: boolean,
  form: 'readable' | 'script' | 'line',
  commandLine: string,
): void {
  const script = readBack(text);
  const lits = literals(script);
  // The readable form says in one comment when a conditional step would be sent, without its curl.
  for (const step of plan.steps.filter((s) => form !== 'readable' || !s.onlyAfter)) {
    for (const [k, v] of step.headers) expectLiteral(lits, /^[ \t]*$/.test(v) ? `${k};` : `${k}: ${v}`, text);
    if (step.body !== undefined) {
      const inHeredoc = allCommands(script).some((c) => c.heredocs.includes(step.body!));
      if (!inHeredoc) expectLiteral(lits, step.body, text);
    }
    if (!step.paged && !step.fromAnswer) {
      // After "$APISERVER", or at the end of a written-out URL (--reveal, tls-server-name).
      const target = requestTarget(step);
      if (![...lits].some((l) => l.endsWith(target))) throw new Error(`no word ends with ${JSON.stringify(target)}:\n${text}`);
    }
  }
  const user = creds.impersonate?.user;
  if (user) expectLiteral(lits, /^[ \t]*$/.test(user) ? 'Impersonate-User;' : `Impersonate-User: ${user}`, text);
  if (reveal && creds.token?.value) expectLiteral(lits, `Authorization: Bearer ${creds.token.value.reveal()}`, text);
  if (form === 'script') {
    const comments = commentText(script);
    if (!comments.includes(oneLine(commandLine))) throw new Error(`the command line is not in the comments:\n${text}`);
    for (const step of plan.steps)
      if (!comments.includes(oneLine(step.purpose))) throw new Error(`purpose ${JSON.stringify(step.purpose)} is not in the comments:\n${text}`);
    expectFilters(script, { clusters: [names.cluster], users: [names.user] }, text);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// In process: kcurl … --offline with generated kubeconfigs and flags

const kubeconfigArb = fc
  .record({
    context: nonEmpty(hostile),
    // An empty name means "not set" to kubectl and kcurl alike.
    cluster: nonEmpty(hostile),
    user: nonEmpty(hostile),
    // A second user whose name plays filter tricks on the first; it must never be the one read.
    decoy: fc.constantFrom('admin', 'x")].user.token}{.users[?(@.name=="admin', 'admin\\', 'admin"', 'adm', 'admin ', ''),
    server: serverUrl,
    auth: fc.constantFrom('token', 'tokenFile', 'basic', 'exec'),
    namespace: fc.option(hostile, { nil: undefined }),
  })
  .filter((k) => k.decoy !== k.user);

const argsArb = fc.record({
  command: fc.constantFrom('get', 'get-watch', 'delete', 'apply'),
  names: fc.array(
    nonEmpty(hostile).filter((n) => n !== '.' && n !== '..' && !n.startsWith('-') && !n.includes('/')),
    { minLength: 1, maxLength: 2 },
  ),
  namespace: fc.option(fc.constantFrom('default', 'team-a', 'kube-system'), { nil: undefined }),
  // Mostly values a header can carry; sometimes a line break, which must be refused.
  as: fc.option(fc.oneof({ weight: 5, arbitrary: nonEmpty(hostileLine) }, { weight: 1, arbitrary: nonEmpty(hostile) }), { nil: undefined }),
  asGroups: fc.array(nonEmpty(hostileLine), { maxLength: 2 }),
  fieldValue: fc.option(hostile, { nil: undefined }),
  // Label selectors are validated; valid ones with every operator, and hostile ones that must be refused.
  selector: fc.option(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('app in (web,db),tier!=cache', '!x,y', 'a.b/c=d_e-f', 'k notin ( a , b )', 'x==y') },
      { weight: 1, arbitrary: hostile },
    ),
    { nil: undefined },
  ),
  jsonpath: fc.option(hostile, { nil: undefined }),
  useContextFlag: fc.boolean(),
  tokenFromSecret: fc.option(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom('builder-token', 'kube-system/builder-token', 'team-a/a.b-c') }, { weight: 1, arbitrary: hostile }),
    { nil: undefined },
  ),
  manifestValue: hostile,
});

function kubeconfigYaml(k: Gen<typeof kubeconfigArb>): string {
  const user: Record<string, unknown> =
    k.auth === 'token'
      ? { token: 'T-used' }
      : k.auth === 'tokenFile'
        ? { tokenFile: '/tokens/t' }
        : k.auth === 'basic'
          ? { username: 'u', password: 'p' }
          : { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: `/plugins/${k.user}`, args: [k.user], interactiveMode: 'Never' } };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: k.cluster, cluster: { server: k.server, 'certificate-authority-data': Buffer.from(PEM).toString('base64') } }],
    users: [
      { name: k.decoy, user: { token: 'T-decoy' } },
      { name: k.user, user },
    ],
    contexts: [{ name: k.context, context: { cluster: k.cluster, user: k.user, ...(k.namespace !== undefined ? { namespace: k.namespace } : {}) } }],
    'current-context': k.context,
  });
}

function argvFor(a: Gen<typeof argsArb>, k: Gen<typeof kubeconfigArb>): string[] {
  const argv: string[] =
    a.command === 'get'
      ? ['get', 'configmaps', ...a.names]
      : a.command === 'get-watch'
        ? ['get', 'pods', '--watch']
        : a.command === 'delete'
          ? ['delete', 'configmap', ...a.names]
          : ['apply', '-f', '/m.yaml'];
  if (a.namespace && a.command !== 'apply') argv.push('-n', a.namespace);
  if (a.as) argv.push('--as', a.as, ...a.asGroups.flatMap((g) => ['--as-group', g]));
  if (a.fieldValue !== undefined && a.command === 'get-watch') argv.push('--field-selector', `metadata.name=${a.fieldValue}`);
  if (a.selector !== undefined && a.command === 'get-watch') argv.push('-l', a.selector);
  if (a.jsonpath !== undefined && a.command.startsWith('get')) argv.push('-o', `jsonpath=${a.jsonpath}`);
  if (a.useContextFlag) argv.push('--context', k.context);
  if (a.tokenFromSecret !== undefined) argv.push('--token-from-secret', a.tokenFromSecret);
  argv.push('--offline');
  return argv;
}

// JSON, as kubectl reads a document that starts with '{' (where a YAML \U escape would be an error).
const manifest = (value: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fuzz', namespace: 'default' }, data: { v: value, w: `${value}\n` } });

describe('in process: every value printed into a snippet reads back as itself, and only kcurl commands run', () => {
  it('the curl renderer, generated credentials and plans (7,500 cases)', () => {
    fc.assert(
      fc.property(
        credentialsArb,
        planArb,
        fc.boolean(),
        fc.constantFrom<'readable' | 'script' | 'line'>('readable', 'script', 'script', 'line'),
        hostile,
        ({ creds, names }, plan, reveal, form, commandLine) => {
          const text = renderCurl(plan, creds, { reveal, form, commandLine, includeDiscovery: true });
          checkRendered(text, plan, creds, names, reveal, form, commandLine);
        },
      ),
      { seed: SEED, numRuns: 7500 },
    );
  });

  it('kcurl --offline, generated kubeconfigs and flags (2,500 cases)', async () => {
    const stats = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(kubeconfigArb, argsArb, async (k, a) => {
        const argv = argvFor(a, k);
        const io = testIo({
          env: { KUBECONFIG: '/kc' },
          files: { '/kc': kubeconfigYaml(k), '/tokens/t': 'T-file\n', '/m.yaml': manifest(a.manifestValue) },
        });
        const code = await main(argv, io);
        if (code !== 0) {
          // Refused input: one error line (and a hint), no script, no stack trace.
          stats.refused++;
          expect(io.out()).toBe('');
          expect(io.err()).toMatch(/^error: /);
          expect(io.err()).not.toMatch(/\n\s+at /);
          return;
        }
        stats.ok++;
        const text = io.out();
        const script = readBack(text);
        const lits = literals(script);
        if (!commentText(script).includes(oneLine(`kcurl ${commandLineText(argv)}`))) throw new Error(`command line missing from:\n${text}`);
        const header = (k: string, v: string) => (/^[ \t]*$/.test(v) ? `${k};` : `${k}: ${v}`);
        if (a.as) expectLiteral(lits, header('Impersonate-User', a.as), text);
        for (const g of a.as ? a.asGroups : []) expectLiteral(lits, header('Impersonate-Group', g), text);
        if (a.command === 'get' || a.command === 'delete')
          for (const n of a.names)
            expect(
              [...lits].some((l) => l.includes(`/${pathSegment(n)}`)),
              `${n} in\n${text}`,
            ).toBe(true);
        if (a.command === 'apply') {
          const bodies = allCommands(script).flatMap((c) => c.heredocs);
          const sent = [...bodies, ...lits].filter((b) => b.includes('"kind":"ConfigMap"'));
          expect(sent.length, text).toBeGreaterThan(0);
          for (const b of sent) expect(JSON.parse(b).data, text).toEqual({ v: a.manifestValue, w: `${a.manifestValue}\n` });
        }
        expectFilters(script, { clusters: [k.cluster], users: [k.user] }, text);
        if (a.tokenFromSecret === undefined && k.auth === 'token')
          expect(literals(script).has(`jsonpath={.users[?(@.name==${jsonpathString(k.user)})].user.token}`), text).toBe(true);
        const base = serverBase(k.server);
        if (base !== k.server.replace(/\/+$/, '')) expectLiteral(lits, `APISERVER=${base}`, text);
      }),
      { seed: SEED, numRuns: 2500 },
    );
    // The generators must mostly produce commands kcurl accepts, or the property says little.
    expect(stats.ok).toBeGreaterThan(stats.refused);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// End to end: real bash, curl and kubectl against a capture server

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
// Each case costs two real kubectl runs in its snippet (server and token, read through the name filters); the
// cases are split over two bash processes. 250 cases send about 500 requests: the "few hundred" the
// security review asked for, at about a minute and a half on a 2-core machine.
const E2E_CASES = Number(process.env.KCURL_FUZZ_E2E ?? 250);
const E2E_BATCHES = 2;

describe('end to end: the snippets run in bash send what kcurl sent, and no canary fires', () => {
  type Server = Awaited<ReturnType<typeof startRecordingServer>>;
  // One capture server per bash process, so each one's requests arrive in the order its script sends them.
  const servers: Server[] = [];
  let dir: string;

  beforeAll(async () => {
    requireTool('bash');
    requireTool('curl');
    requireTool('kubectl');
    dir = mkdtempSync(join(tmpdir(), 'kcurl-fuzz-'));
    const api = readFixture('discovery/aggregated-v2-api.json');
    const apis = readFixture('discovery/aggregated-v2-apis.json');
    const table = readFixture('tables/pods.json');
    for (let b = 0; b < E2E_BATCHES; b++) {
      const server = await startRecordingServer();
      // Any path prefix: discovery by its last segment, everything else a Table.
      server.route('*', /./, (req, res) => {
        const path = req.target.split('?')[0];
        const [type, body] = path.endsWith('/api') ? [AGGREGATED, api] : path.endsWith('/apis') ? [AGGREGATED, apis] : ['application/json', table];
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      });
      server.route('*', /^\/__case\//, { status: 204 });
      servers.push(server);
    }
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const e2eArb = fc.record({
    context: nonEmpty(hostile),
    cluster: nonEmpty(hostile),
    user: nonEmpty(hostile),
    decoy: fc.constantFrom('admin', 'x")].user.token}{.users[?(@.name=="admin', 'admin\\', 'admin"'),
    prefix: fc
      .array(fc.constantFrom('/', '//', 'p', 'é', '%2F', '.', "'", '"', '$(touch CANARY)', '`touch CANARY`', ';touch CANARY;', ' '), { maxLength: 5 })
      .map((p) => (p.length ? `/${p.join('')}` : '')),
    // kubectl reads a/b as TYPE/NAME and refuses % in a name; the rest of the names here are sent.
    names: fc.array(
      nonEmpty(hostile).filter((n) => n !== '.' && n !== '..' && !n.startsWith('-') && !/[/%]/.test(n)),
      { minLength: 1, maxLength: 3 },
    ),
    as: fc.option(nonEmpty(hostileLine), { nil: undefined }),
    asGroups: fc.array(nonEmpty(hostileLine), { maxLength: 2 }),
    jsonpath: fc.option(hostile, { nil: undefined }),
  });

  it(`${E2E_CASES} generated commands: kcurl in process, then their snippets in bash`, async () => {
    const cases = fc.sample(
      e2eArb.filter((c) => c.decoy !== c.user),
      { seed: SEED, numRuns: E2E_CASES },
    );
    const work = mkdtempSync(join(dir, 'run-'));
    const home = mkdtempSync(join(dir, 'home-'));
    // The snippets find kubectl v1.32 itself first on PATH (not a version dispatcher, which probes the server).
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    if (!existsSync(join(bin, 'kubectl'))) symlinkSync(requireKubectl(), join(bin, 'kubectl'));
    const blocks: string[][] = servers.map(() => []);
    const expected: RecordedRequest[][] = [];
    for (const [i, c] of cases.entries()) {
      const server = servers[i % E2E_BATCHES];
      const kc = join(dir, `kc-${i}`);
      writeFileSync(
        kc,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          // certificate-authority as a file keeps the snippet to two kubectl runs (server and token).
          clusters: [{ name: c.cluster, cluster: { server: server.url + c.prefix, 'certificate-authority': server.caFile } }],
          users: [
            { name: c.decoy, user: { token: `decoy-${i}` } },
            { name: c.user, user: { token: `token-${i}` } },
          ],
          contexts: [{ name: c.context, context: { cluster: c.cluster, user: c.user, namespace: 'default' } }],
          'current-context': c.context,
        }),
        { mode: 0o600 },
      );
      const argv = ['get', 'configmaps', ...c.names, '--show-curl=script', '--cache-dir', join(dir, 'cache')];
      if (c.as) argv.push('--as', c.as, ...c.asGroups.flatMap((g) => ['--as-group', g]));
      if (c.jsonpath !== undefined) argv.push('-o', `jsonpath=${c.jsonpath}`);
      server.reset();
      const io = testIo({ env: { KUBECONFIG: kc }, homedir: dir });
      // A hostile -o jsonpath may fail after the request; the request is what is compared.
      await main(argv, io);
      const sent = server.requests.filter((r) => !/\/apis?$/.test(r.target.split('?')[0]));
      expect(sent.length, io.err()).toBeGreaterThan(0);
      for (const r of sent) expect(r.headers.find(([h]) => h.toLowerCase() === 'authorization')?.[1]).toBe(`Bearer token-${i}`);
      expected.push(sent.map((r) => ({ ...r, headers: [...r.headers] })));
      // The snippet is the stderr text before kcurl's own result lines (an error may quote a value over several lines).
      const lines = io.err().split('\n');
      const end = lines.findIndex((l) => /^(error:|Error from server|Warning:)/.test(l));
      const snippet = (end < 0 ? lines : lines.slice(0, end)).join('\n');
      readBack(snippet);
      // A marker request before each case's snippet, so the captured requests can be told apart.
      blocks[i % E2E_BATCHES].push(
        `curl -sS --cacert ${server.caFile} ${server.url}/__case/${i} >/dev/null\n(\nexport KUBECONFIG=${kc}\n${snippet}\n) >/dev/null 2>&1`,
      );
    }
    for (const s of servers) s.reset();
    const runs = await Promise.all(
      blocks.map((b, n) => {
        const file = join(dir, `batch-${n}.sh`);
        writeFileSync(file, b.join('\n') + '\n');
        return runProcess(requireTool('bash'), [file], { env: { PATH: `${bin}:${CLEAN_PATH}`, HOME: home }, cwd: work, timeoutMs: 150_000 });
      }),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    // No canary: nothing appeared in the working directory, and nothing but kubectl's cache in HOME.
    expect(readdirSync(work)).toEqual([]);
    expect(readdirSync(home).filter((f) => f !== '.kube')).toEqual([]);
    expect(existsSync(join(REPO_ROOT, 'CANARY'))).toBe(false);
    // Split each server's requests at the markers and compare case by case.
    const got: RecordedRequest[][] = cases.map(() => []);
    for (const server of servers) {
      let current = -1;
      for (const r of server.requests) {
        if (r.target.startsWith('/__case/')) current = Number(r.target.slice('/__case/'.length));
        else got[current].push(r);
      }
    }
    cases.forEach((c, i) => {
      // kubectl's own version probe (GET <prefix>/version?timeout=5s) is not part of the snippet's requests.
      const mine = got[i].filter((r) => !/\/version\?timeout=/.test(r.target));
      const targets = (rs: RecordedRequest[]) => rs.map((r) => `${r.method} ${r.target}`);
      expect(targets(mine), `case ${i}: ${JSON.stringify(c)}`).toEqual(targets(expected[i]));
      expected[i].forEach((req, j) => expect(compareRequests(req, mine[j]), `case ${i}: ${JSON.stringify(c)}`).toBeNull());
    });
  }, 180_000);
});
