// The wire-identity harness: one sandbox behind a recording HTTPS proxy per test file. Each table row runs
// one command line through kubectl v1.32 and through kcurl against the same sandbox state, then compares
// what both sent on the wire (method, path, query, Accept, Content-Type, body), what they printed, and
// what kcurl's printed curl snippet receives when bash runs it.
import { continueWithoutRv } from '../../helpers/continue-token.js';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtobufObject } from '../../../src/protobuf/codec.js';
import { type ProxiedExchange, type RecordingProxy, requestHeader, startRecordingProxy } from '../../helpers/recording-proxy.js';
import { PINNED_KUBECTL, requireTool } from '../../helpers/require-tool.js';
import { KCURL_BIN } from '../../helpers/run-kcurl.js';
import { CLEAN_PATH, type ProcessOutput } from '../../helpers/spawn.js';
import { eventually, startTestSandbox, type TestSandbox } from '../sandbox-helpers.js';
import { normaliseAges } from '../../helpers/ages.js';

/** A Kubernetes object as the setup code writes it (apiVersion, kind, metadata.name, …). */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown }; [k: string]: unknown };

/** What a row's setup and `during` hooks may do to the sandbox (directly, not through the proxy). */
export interface SandboxOps {
  /** Deletes each object if it exists (grace period 0) and waits until it is gone, then creates it. */
  recreate(...objects: KubeObject[]): Promise<void>;
  /** Deletes each object if it exists and waits until it is gone. */
  remove(...objects: KubeObject[]): Promise<void>;
  /** Creates each object (fails when it exists). */
  create(...objects: KubeObject[]): Promise<void>;
  /**
   * Waits until controllers and the simulated kubelets stop writing (the store's resourceVersion holds
   * still for quietMs), so read-only rows see the same state in every run.
   */
  settle(quietMs?: number): Promise<void>;
  /** Any request with the admin token; throws on a status >= 400 unless allowed. */
  request(
    method: string,
    path: string,
    body?: unknown,
    opts?: { contentType?: string; allow?: number[] },
  ): Promise<{ status: number; json(): any; text: string }>;
}

export interface WireRow {
  /** The command line shared by kubectl and kcurl (without the program name). */
  args: string[];
  /**
   * Brings the sandbox into the row's starting state. Run before kubectl, before kcurl and (for mutating
   * rows) before the snippet, so each sees the same state. Omitted for read-only rows.
   */
  setup?: (ops: SandboxOps) => Promise<void>;
  /** The command changes state: setup runs again before the snippet; response bodies are compared modulo volatile fields. */
  mutating?: boolean;
  /** Piped to kubectl, kcurl and the snippet. */
  stdin?: string;
  /** Environment variables for kubectl and kcurl (edit's EDITOR). */
  env?: Record<string, string>;
  /**
   * kubectl sends protobuf (describe, create token, auth can-i) where kcurl sends JSON: Accept and
   * Content-Type of those requests are not compared, and protobuf bodies are decoded before comparing.
   */
  protobuf?: boolean;
  /** The events fieldSelector of describe: kubectl's term order varies from run to run, so compare the terms as a set. */
  unorderedFieldSelector?: boolean;
  /**
   * kubectl sends these requests in an order that varies from run to run (logs --all-containers ranges over a Go map
   * of per-container requests and prints each answer as it goes): compare kubectl's requests with kcurl's as a
   * multiset, and the two stdouts line by line regardless of order. kcurl against its own snippet stays ordered.
   */
  unorderedRequests?: boolean;
  /** Text the two outputs may legitimately differ in (generated names, tokens), replaced before comparing. */
  normalise?: (text: string) => string;
  /** `normalise` applies to request bodies too (rollout restart's restartedAt holds the time of each run). */
  normaliseRequests?: boolean;
  /**
   * Runs once the client's request whose target matches `when` is streaming (a watch or a follow), so both
   * clients see the same change at the same point of their stream.
   */
  during?: { when: RegExp; run: (ops: SandboxOps) => Promise<void> };
  /**
   * A streaming snippet (curl -N on a watch or follow) does not end by itself: stop it once its stream has
   * delivered `until` (or at the time limit) and compare what it had received.
   */
  snippetStream?: { until?: RegExp; limitMs: number };
  /**
   * A command that runs until stopped (port-forward): once a client's stdout matches `ready`, `run` acts on it (fetches
   * through the forwarded port; it reads the client's stdout as it grows), then the harness sends SIGINT to its process group
   * (kubectl stops at an interrupt) unless `endsByItself`, when it waits for the client to exit. kubectl, kcurl and the
   * snippet alike; a client that exits before `ready` is left alone.
   */
  whileRunning?: { ready: RegExp; run: (ops: SandboxOps, stdout: () => string) => Promise<void>; endsByItself?: boolean };
  /** Expected exit status of both clients (0 unless given). */
  exitCode?: number;
  /**
   * Discovery is the command (api-versions, api-resources): both clients start with an empty discovery
   * cache and every request but the dispatcher's /version is compared.
   */
  coldDiscovery?: boolean;
  /** The OpenAPI documents are what the command reads (explain): /openapi/* requests are compared too. */
  openApi?: boolean;
  /** --dry-run=client: neither client sends a request (discovery aside) and kcurl prints no snippet; the outputs are compared. */
  sendsNothing?: boolean;
  /**
   * A Secret value on the command line: kcurl's snippet shows the body redacted, so it is not run; instead the
   * row checks that neither the value nor its base64 appears in it.
   */
  secretValue?: string;
  /** The snippet's own exit status when it is not 0 (an exec whose command fails: the snippet's client exits as kubectl does). */
  snippetExitCode?: number;
  /**
   * The snippet and kcurl part ways after their common first requests: compare those only. An exec that fails
   * stops where kcurl stops (a missing pod) or earlier than kcurl (kubectl's SPDY fallback, which the
   * WebSocket-only snippet does not send).
   */
  snippetCommonPrefix?: boolean;
  /**
   * The snippet's answers depend on when it runs (run -i: how far the new pod has started when it is listed):
   * compare the requests it sends, not what they receive.
   */
  snippetRequestsOnly?: boolean;
  /** What the docs table says about the row beyond its flags (normalisations, why a state is needed). */
  note?: string;
}

/** One request as the comparison sees it. */
export interface WireRequest {
  method: string;
  path: string;
  /** Decoded parameters sorted by key, then value. */
  query: [string, string][];
  accept?: string;
  contentType?: string;
  /** Parsed JSON, YAML text, decoded protobuf (as JSON), or the raw text. */
  body?: unknown;
}

export interface ClientRun {
  out: ProcessOutput;
  exchanges: ProxiedExchange[];
}

export interface RowResult {
  kubectl: ClientRun;
  kcurl: ClientRun;
  /** kcurl's snippet as printed (stderr before its own diagnostics). */
  snippet: string;
  /** kcurl's stderr with the snippet removed. */
  kcurlStderr: string;
  snippetRun: ClientRun;
  /** Every difference found, one readable paragraph each; empty when the row passes. */
  mismatches: string[];
}

export interface WireEnv {
  t: TestSandbox;
  proxy: RecordingProxy;
  kubeconfig: string;
  /** The working directory of every client run: rows name their manifest files relative to it. */
  workdir: string;
  ops: SandboxOps;
  /** Writes a file into the working directory (manifests for -f). */
  writeFile(relPath: string, text: string): void;
  runRow(row: WireRow): Promise<RowResult>;
  close(): Promise<void>;
}

// Where kubectl and kcurl may differ by design: discovery is cached differently (kcurl keeps its own
// cache), OpenAPI is fetched by kubectl's client-side validation, and /version by the kubectl dispatcher.
/** Requests a row does not compare: discovery (unless the row is about discovery) and /version. */
export function notCompared(ex: { method: string; path: string }, row: Pick<WireRow, 'coldDiscovery' | 'openApi'>): boolean {
  if (row.openApi && ex.path.startsWith('/openapi/')) return false;
  return row.coldDiscovery ? ex.method === 'GET' && ex.path === '/version' : isDiscovery(ex);
}

export function isDiscovery(ex: { method: string; path: string }): boolean {
  if (ex.method !== 'GET') return false;
  return /^\/(version|api|apis|api\/v1|apis\/[^/]+|apis\/[^/]+\/[^/]+)\/?$/.test(ex.path) || ex.path.startsWith('/openapi/');
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** One block of rows in a wire-identity test file; `check` adds what a block asserts beyond the mismatches. */
export interface RowSuite {
  title: string;
  rows: readonly WireRow[];
  check?: (result: RowResult) => void;
}

/**
 * A wire-identity test file: one environment with the tables' namespaces, prepared once (`prepare` seeds
 * objects or writes manifests), then one test per row, named by its command line, that passes when the row
 * finds no mismatch. Returns the environment (once started) for the file's other tests.
 */
export function defineRowSuites(setup: { namespaces: string[]; prepare?: (env: WireEnv) => void | Promise<void> }, ...suites: RowSuite[]): () => WireEnv {
  let env: WireEnv;

  beforeAll(async () => {
    env = await startWireEnv({ namespaces: setup.namespaces });
    await setup.prepare?.(env);
  });

  afterAll(async () => {
    await env?.close();
  });

  for (const suite of suites) {
    describe(suite.title, () => {
      it.each(suite.rows.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
        const result = await env.runRow(row);
        expect(result.mismatches.join('\n\n')).toBe('');
        suite.check?.(result);
      });
    });
  }
  return () => env;
}

export async function startWireEnv(opts: { namespaces?: string[] } = {}): Promise<WireEnv> {
  const kubectlBin = requireTool(PINNED_KUBECTL);
  requireTool('bash');
  requireTool('curl');
  const t = await startTestSandbox();
  const proxy = await startRecordingProxy({ upstream: t.sb.url, upstreamCaPem: t.sb.caPem });
  const kubeconfig = proxy.kubeconfig({ token: t.sb.adminToken, namespace: 'default' });
  const workdir = mkdtempSync(join(tmpdir(), 'kcurl-wire-work-'));
  const home = mkdtempSync(join(tmpdir(), 'kcurl-wire-home-'));
  const cacheDir = join(home, 'kcurl-cache');
  // The snippets read credentials with `kubectl config view`: let that be the pinned kubectl rather than
  // this machine's version dispatcher, which would first send GET /version for every call.
  const bin = join(home, 'bin');
  mkdirSync(bin);
  symlinkSync(kubectlBin, join(bin, 'kubectl'));
  const env = { PATH: `${bin}:${CLEAN_PATH}`, HOME: home, KUBECONFIG: kubeconfig };

  const ops = sandboxOps(t);
  for (const ns of opts.namespaces ?? []) await ops.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });

  async function runClient(file: string, args: string[], row: WireRow, kind: 'client' | 'snippet', extraEnv: Record<string, string> = {}): Promise<ClientRun> {
    proxy.reset();
    const proc = startProcess(file, args, { env: { ...env, ...extraEnv }, cwd: workdir, stdin: row.stdin ?? '' });
    let duringError: unknown;
    const duringDone = (async () => {
      if (!row.during) return;
      await eventually(
        () =>
          proxy.exchanges.find((ex) => row.during!.when.test(ex.target) && ex.response.status === 200 && !ex.response.finished) ??
          (proc.exited ? null : undefined),
        `a streaming request matching ${row.during.when} from ${file}`,
      );
      if (!proc.exited) await row.during.run(ops);
    })().catch((e) => (duringError = e));
    if (row.whileRunning) {
      const { ready, run, endsByItself } = row.whileRunning;
      const readyNow = await eventually(async () => (ready.test(proc.stdout()) ? true : proc.exited ? false : undefined), `${file} to print ${ready}`);
      if (readyNow) {
        await run(ops, () => proc.stdout());
        if (!endsByItself) proc.kill('SIGINT');
      }
    }
    if (kind === 'snippet' && row.snippetStream) {
      const { until, limitMs } = row.snippetStream;
      const deadline = Date.now() + limitMs;
      await duringDone;
      while (!proc.exited && Date.now() < deadline) {
        if (until && proxy.exchanges.some((ex) => until.test(ex.response.body.toString('utf8')))) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      proc.kill();
    }
    const out = await proc.result;
    await duringDone;
    if (duringError) throw duringError;
    await proxy.settled();
    return { out, exchanges: [...proxy.exchanges] };
  }

  async function runRow(row: WireRow): Promise<RowResult> {
    // An empty discovery cache for each client when discovery is what the row compares.
    const cold = row.coldDiscovery ? mkdtempSync(join(home, 'cold-')) : undefined;
    await row.setup?.(ops);
    const kubectl = await runClient(kubectlBin, row.args, row, 'client', { ...row.env, ...(cold ? { HOME: cold } : {}) });
    await row.setup?.(ops);
    const kcurl = await runClient(
      process.execPath,
      withFlags(row.args, ['--show-curl=script', '--cache-dir', cold ? join(cold, 'kcurl') : cacheDir]),
      row,
      'client',
      row.env,
    );
    const { snippet, diagnostics } = splitSnippet(kcurl.out.stderr);
    const runSnippet = !row.sendsNothing && row.secretValue === undefined;
    if (row.mutating && runSnippet) await row.setup?.(ops);
    const script = join(home, 'snippet.sh');
    writeFileSync(script, snippet);
    const snippetRun = runSnippet
      ? await runClient(requireTool('bash'), [script], row, 'snippet')
      : { out: { code: 0, signal: null, stdout: '', stderr: '' } as ProcessOutput, exchanges: [] };

    const mismatches: string[] = [];
    const norm = (s: string) => normaliseText(s, row.normalise);
    if (kcurl.out.code !== (row.exitCode ?? 0) || kubectl.out.code !== (row.exitCode ?? 0)) {
      mismatches.push(`exit codes: kubectl ${kubectl.out.code}, kcurl ${kcurl.out.code}, expected ${row.exitCode ?? 0}`);
    }
    const sortLines = (text: string) => (row.unorderedRequests ? text.split('\n').sort().join('\n') : text);
    if (sortLines(norm(kcurl.out.stdout)) !== sortLines(norm(kubectl.out.stdout)))
      mismatches.push(`stdout differs:\n${lineDiff(norm(kubectl.out.stdout), norm(kcurl.out.stdout))}`);
    if (norm(diagnostics) !== norm(kubectl.out.stderr)) mismatches.push(`stderr differs:\n${lineDiff(norm(kubectl.out.stderr), norm(diagnostics))}`);

    const wk = wireRequests(kubectl.exchanges, row, 'kubectl');
    const wc = wireRequests(kcurl.exchanges, row, 'kcurl');
    const inOrder = (list: WireRequest[]) => (row.unorderedRequests ? [...list].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))) : list);
    mismatches.push(...compareSequences(inOrder(wk), inOrder(wc), row, 'kubectl', 'kcurl'));
    if (row.sendsNothing) {
      if (wc.length + wk.length > 0) mismatches.push(`--dry-run=client sent requests: kubectl ${wk.length}, kcurl ${wc.length}`);
      if (snippet.trim()) mismatches.push('kcurl printed a snippet although it sends nothing');
      return { kubectl, kcurl, snippet, kcurlStderr: diagnostics, snippetRun, mismatches };
    }
    if (wc.length === 0) mismatches.push('kcurl sent no request besides discovery');

    if (!snippet.trim()) mismatches.push('kcurl printed no snippet');
    else if (row.secretValue !== undefined) {
      for (const shown of [row.secretValue, Buffer.from(row.secretValue).toString('base64')])
        if (snippet.includes(shown)) mismatches.push(`the snippet shows the Secret value (${shown})`);
    } else mismatches.push(...compareSnippet(kcurl, snippetRun, row));
    return { kubectl, kcurl, snippet, kcurlStderr: diagnostics, snippetRun, mismatches };
  }

  return {
    t,
    proxy,
    kubeconfig,
    workdir,
    ops,
    writeFile(relPath, text) {
      const file = join(workdir, relPath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    runRow,
    async close() {
      await proxy.close();
      await t.close();
      rmSync(workdir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** kcurl's argv for a row: its own flags go before a `--` (after it, words are the command exec runs). */
function withFlags(args: string[], flags: string[]): string[] {
  const dash = args.indexOf('--');
  return dash < 0 ? [KCURL_BIN, ...args, ...flags] : [KCURL_BIN, ...args.slice(0, dash), ...flags, ...args.slice(dash)];
}

// ---- comparing requests ---------------------------------------------------------------------------

/** The non-discovery requests of one run, normalised for comparison. */
export function wireRequests(exchanges: ProxiedExchange[], row: WireRow, who: string): WireRequest[] {
  const seen = { rv: new Set<string>(), uid: new Set<string>() };
  const out: WireRequest[] = [];
  for (const ex of exchanges) {
    if (!notCompared(ex, row)) out.push(wireRequest(ex, row, seen, who));
    collectIdentifiers(ex.response.body, seen);
  }
  return out;
}

function wireRequest(ex: ProxiedExchange, row: WireRow, seen: { rv: Set<string>; uid: Set<string> }, who: string): WireRequest {
  const query = ex.query.map(([k, v]): [string, string] => {
    // A resourceVersion or uid taken from an earlier response differs between runs that re-create state;
    // what matters is where it came from.
    if (k === 'resourceVersion' && seen.rv.has(v)) return [k, '<resourceVersion of an earlier response>'];
    if (k === 'continue') return [k, continueWithoutRv(v)];
    // kubectl's wait (delete) and informer watches pick timeoutSeconds at random in [300, 600).
    if (k === 'timeoutSeconds' && ex.query.some(([a, b]) => a === 'allowWatchBookmarks' && b === 'true') && +v >= 300 && +v < 600)
      return [k, '<random 300..599>'];
    // The typed clientset's watches (kubectl run's) send it as a request timeout too: 5m0s..9m59s.
    if (k === 'timeout' && ex.query.some(([a, b]) => a === 'allowWatchBookmarks' && b === 'true') && /^[5-9]m\d\d?s$/.test(v)) return [k, '<random 5m..10m>'];
    // Selectors name uids too: involvedObject.uid (describe's events), controller-uid (logs job/x).
    if (k === 'fieldSelector' || k === 'labelSelector') {
      let terms = v.split(',').map((term) => {
        const [key, op, value] = splitTerm(term);
        return key.endsWith('uid') && seen.uid.has(value) ? `${key}${op}<uid of an earlier response>` : term;
      });
      if (k === 'fieldSelector' && row.unorderedFieldSelector) terms = terms.sort();
      return [k, terms.join(',')];
    }
    return [k, v];
  });
  query.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const accept = requestHeader(ex, 'accept');
  const contentType = requestHeader(ex, 'content-type');
  const req: WireRequest = { method: ex.method, path: ex.path, query };
  if (accept !== undefined) req.accept = accept;
  if (contentType !== undefined) req.contentType = contentType;
  if (ex.body.length)
    req.body = decodeBody(row.normaliseRequests && row.normalise ? Buffer.from(row.normalise(ex.body.toString('utf8'))) : ex.body, contentType, who);
  return req;
}

function splitTerm(term: string): [string, string, string] {
  const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(term);
  return m ? [m[1], m[2], m[3]] : [term, '', ''];
}

function decodeBody(body: Buffer, contentType: string | undefined, who: string): unknown {
  const ct = (contentType ?? '').split(';')[0].trim();
  if (ct === PROTOBUF) {
    try {
      return { protobuf: decodeProtobufObject(body) };
    } catch (e) {
      return { undecodableProtobuf: (e as Error).message, from: who };
    }
  }
  const text = body.toString('utf8');
  if (ct === 'application/json' || ct.endsWith('+json') || ct.endsWith('-patch+json')) {
    try {
      return { json: JSON.parse(text) };
    } catch {
      return { invalidJson: text };
    }
  }
  return { text };
}

/** Records every resourceVersion and uid a (JSON) response body carries. */
function collectIdentifiers(body: Buffer, seen: { rv: Set<string>; uid: Set<string> }): void {
  const text = body.toString('utf8');
  // The snippet's curl gets indented JSON (`"uid": "…"`), as from a real server; kubectl and kcurl compact.
  for (const m of text.matchAll(/"resourceVersion":\s*"(\d+)"/g)) seen.rv.add(m[1]);
  for (const m of text.matchAll(/"uid":\s*"([0-9a-f-]{36})"/g)) seen.uid.add(m[1]);
}

/** Protobuf carries no nulls, zero scalars or empty messages: drop them from both sides before comparing. */
function pruneEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneEmpty);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = pruneEmpty(x);
      if (
        p === null ||
        p === undefined ||
        p === '' ||
        p === false ||
        p === 0 ||
        (typeof p === 'object' && !Array.isArray(p) && Object.keys(p as object).length === 0)
      )
        continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

/** Brings a protobuf pair (kubectl) and its JSON counterpart (kcurl) to one comparable form. */
function protobufComparable(a: WireRequest, b: WireRequest): [WireRequest, WireRequest] {
  const usesProtobuf = (r: WireRequest) => (r.accept ?? '').includes(PROTOBUF) || (r.contentType ?? '').includes(PROTOBUF);
  if (!usesProtobuf(a) && !usesProtobuf(b)) return [a, b];
  const strip = (r: WireRequest): WireRequest => {
    const { accept: _a, contentType: _c, body, ...rest } = r;
    if (body === undefined) return rest;
    const b = body as { protobuf?: unknown; json?: unknown };
    return { ...rest, body: { decoded: pruneEmpty(b.protobuf ?? b.json ?? body) } };
  };
  return [strip(a), strip(b)];
}

export function compareSequences(a: WireRequest[], b: WireRequest[], row: WireRow, nameA: string, nameB: string): string[] {
  const out: string[] = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let [x, y] = [a[i], b[i]];
    if (x && y && row.protobuf) [x, y] = protobufComparable(x, y);
    const sx = x ? JSON.stringify(x) : '(none)';
    const sy = y ? JSON.stringify(y) : '(none)';
    if (sx !== sy && !(x && y && deepEqual(x, y))) out.push(`request ${i + 1} differs:\n  ${nameA}: ${sx}\n  ${nameB}: ${sy}`);
  }
  return out;
}

// ---- comparing the snippet's results with kcurl's ---------------------------------------------------

function compareSnippet(kcurl: ClientRun, snippet: ClientRun, row: WireRow): string[] {
  const out: string[] = [];
  if (snippet.out.code !== (row.snippetExitCode ?? 0) && !row.snippetStream)
    out.push(`the snippet exited ${snippet.out.code}: ${snippet.out.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const calls = (run: ClientRun) => run.exchanges.filter((ex) => !notCompared(ex, row));
  let k = calls(kcurl);
  let s = calls(snippet);
  let wk = wireRequests(kcurl.exchanges, row, 'kcurl');
  let ws = wireRequests(snippet.exchanges, row, 'snippet');
  if (row.snippetCommonPrefix) {
    const n = Math.min(k.length, s.length);
    [k, s, wk, ws] = [k.slice(0, n), s.slice(0, n), wk.slice(0, n), ws.slice(0, n)];
  }
  // The snippet must send the requests kcurl sent (same normalised form) …
  out.push(...compareSequences(wk, ws, { ...row, protobuf: false }, 'kcurl', 'snippet'));
  // … and receive the same answers.
  for (let i = 0; i < (row.snippetRequestsOnly ? 0 : Math.min(k.length, s.length)); i++) {
    const rk = comparableResponse(k[i], row);
    const rs = comparableResponse(s[i], row);
    if (!deepEqual(rk, rs)) {
      out.push(`response ${i + 1} (${k[i].method} ${k[i].target}) differs between kcurl and its snippet at ${firstDifference(rk, rs)}`);
    }
  }
  return out;
}

function comparableResponse(ex: ProxiedExchange, row: WireRow): { status: number; body: unknown } {
  // A write's answer carries what the server generated for it (and managedFields name the client's
  // User-Agent), so writes are compared modulo those, as are all answers of rows that re-create state.
  const volatile = Boolean(row.mutating) || ex.method !== 'GET';
  const text = ex.response.body.toString('utf8');
  const ct = String(ex.response.headers['content-type'] ?? '');
  let body: unknown = normaliseText(text, row.normalise);
  if (ct.startsWith('application/json') && !/[?&]watch=(true|1)\b/.test(ex.target)) {
    try {
      body = scrub(JSON.parse(text), row, volatile);
    } catch {
      // not JSON after all: compare as text
    }
  } else if (ct.startsWith('application/json')) {
    // A watch stream: one JSON event per line.
    body = text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        try {
          return scrub(JSON.parse(line), row, volatile);
        } catch {
          return line;
        }
      });
  }
  return { status: ex.response.status, body };
}

const VOLATILE_KEYS = new Set(['resourceVersion', 'uid', 'token', 'containerID', 'podIP', 'ip']);
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
// The suffix apimachinery's rand.String appends to generated names (kube-api-access-x7k2p, pod-abcde).
const GENERATED_SUFFIX = /-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g;

/**
 * Volatile fields: list resourceVersions and Table ages always; for writes and re-created state also
 * uids, resourceVersions, tokens, container IDs, pod IPs, timestamps, generated name suffixes and managedFields.
 */
function scrub(v: unknown, row: WireRow, volatile: boolean, key = ''): unknown {
  if (Array.isArray(v)) return key === 'managedFields' && volatile ? '<managedFields>' : v.map((x) => scrub(x, row, volatile));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'resourceVersion' && typeof x === 'string') out[k] = '<rv>';
      else if (volatile && VOLATILE_KEYS.has(k) && typeof x === 'string') out[k] = `<${k}>`;
      else out[k] = scrub(x, row, volatile, k);
    }
    return out;
  }
  if (typeof v === 'string') {
    if (volatile && TIMESTAMP.test(v)) return '<time>';
    const s = normaliseText(v, row.normalise);
    return volatile ? s.replace(GENERATED_SUFFIX, '-<generated>') : s;
  }
  return v;
}

// ---- text ------------------------------------------------------------------------------------------

/**
 * Ages as kubectl prints them (0s, 5m3s, 2d4h, 3y) become <age>. In a table an age and the padding after
 * it fill its column, so the replacement keeps that combined width: "9s    v1" and "10s   v1" (the same
 * column, one second apart) both become "<age>" plus the same padding. Then the row's own normalisation.
 */
export function normaliseText(s: string, extra?: (s: string) => string): string {
  const aged = normaliseAges(s, { keepColumnWidth: true });
  return extra ? extra(aged) : aged;
}

/**
 * kcurl with --show-curl=script prints the snippet (it opens with a `# kcurl …` comment line), then one empty
 * line, then runs. What it reports on stderr besides the snippet is its diagnostics: lines written before
 * the snippet (a choice made while planning, like logs' defaulted container) and the last paragraph
 * after it when that holds no snippet lines (errors, warnings).
 */
export function splitSnippet(stderr: string): { snippet: string; diagnostics: string } {
  const start = stderr.startsWith('# kcurl ') ? 0 : stderr.indexOf('\n# kcurl ') + 1;
  if (start <= 0 && !stderr.startsWith('# kcurl ')) return { snippet: '', diagnostics: stderr };
  const before = stderr.slice(0, start);
  const rest = stderr.slice(start);
  const at = rest.lastIndexOf('\n\n');
  if (at < 0) return { snippet: rest, diagnostics: before };
  const tail = rest.slice(at + 2);
  const looksLikeScript = tail.split('\n').some((l) => /^(#|curl |[A-Z_]+=|\s|:)/.test(l));
  if (looksLikeScript) return { snippet: rest, diagnostics: before };
  return { snippet: rest.slice(0, at + 1), diagnostics: before + tail };
}

function lineDiff(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] === lb[i]) continue;
    if (la[i] !== undefined) out.push(`  kubectl ${i + 1}: ${JSON.stringify(la[i])}`);
    if (lb[i] !== undefined) out.push(`  kcurl   ${i + 1}: ${JSON.stringify(lb[i])}`);
    if (out.length > 16) {
      out.push('  …');
      break;
    }
  }
  return out.join('\n');
}

const clip = (s: string) => (s.length > 600 ? `${s.slice(0, 600)}…` : s);

/** Where two JSON values first differ: `.status.phase: "Running" (kcurl) vs "Succeeded" (snippet)`. */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
    for (const k of keys) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!deepEqual(x, y)) return firstDifference(x, y, Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    }
  }
  return `${path || '(whole body)'}:\n  kcurl:   ${clip(JSON.stringify(a) ?? 'undefined')}\n  snippet: ${clip(JSON.stringify(b) ?? 'undefined')}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// ---- processes -------------------------------------------------------------------------------------

interface RunningProcess {
  result: Promise<ProcessOutput>;
  readonly exited: boolean;
  /** What the process printed on stdout so far. */
  stdout(): string;
  /** Signals the process group (SIGTERM unless given). */
  kill(signal?: NodeJS.Signals): void;
}

/** Spawns a program with pipes; a 60 s guard kills a hung one (the row then fails on its output). */
function startProcess(file: string, args: string[], opts: { env: Record<string, string>; cwd: string; stdin: string }): RunningProcess {
  const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let exited = false;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.on('error', () => {});
  child.stdin.end(opts.stdin);
  // Kills the process group: a snippet's curl dies with its bash.
  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const guard = setTimeout(() => kill(), 60_000);
  const result = new Promise<ProcessOutput>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`cannot start ${file}: ${e.message}`)));
    child.once('close', (code, signal) => {
      exited = true;
      clearTimeout(guard);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
  return {
    result,
    get exited() {
      return exited;
    },
    stdout: () => Buffer.concat(out).toString('utf8'),
    kill,
  };
}

// ---- sandbox operations -----------------------------------------------------------------------------

const PLURALS: Record<string, string> = {
  Pod: 'pods',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  Namespace: 'namespaces',
  Node: 'nodes',
  Event: 'events',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  Job: 'jobs',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  CustomResourceDefinition: 'customresourcedefinitions',
};

/** The collection path of an object (kinds not listed above pluralise as lower-case + "s"). */
export function collectionPath(o: KubeObject): string {
  const plural = PLURALS[o.kind] ?? `${o.kind.toLowerCase()}s`;
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = o.metadata.namespace;
  return ns && o.kind !== 'Namespace' ? `${base}/namespaces/${ns}/${plural}` : `${base}/${plural}`;
}

function sandboxOps(t: TestSandbox): SandboxOps {
  const request: SandboxOps['request'] = async (method, path, body, o = {}) => {
    const res = await t.request(method, path, body === undefined ? {} : { body: body as object, contentType: o.contentType });
    if (res.status >= 400 && !(o.allow ?? []).includes(res.status))
      throw new Error(`setup: ${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return res;
  };
  const remove = async (...objects: KubeObject[]) => {
    for (const o of objects) {
      const path = `${collectionPath(o)}/${encodeURIComponent(o.metadata.name)}`;
      await request('DELETE', path, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, propagationPolicy: 'Background' }, { allow: [404] });
      await eventually(async () => ((await t.request('GET', path)).status === 404 ? true : undefined), `${o.kind} ${o.metadata.name} to be gone`);
    }
  };
  const create = async (...objects: KubeObject[]) => {
    for (const o of objects) await request('POST', collectionPath(o), o);
  };
  return {
    request,
    remove,
    create,
    async settle(quietMs = 1000) {
      let last = '';
      let stableSince = Date.now();
      await eventually(async () => {
        const rv = (await request('GET', '/api/v1/configmaps?limit=1')).json().metadata.resourceVersion as string;
        if (rv !== last) {
          last = rv;
          stableSince = Date.now();
          return undefined;
        }
        return Date.now() - stableSince >= quietMs ? true : undefined;
      }, 'the sandbox to settle');
    },
    async recreate(...objects) {
      await remove(...objects);
      await create(...objects);
    },
  };
}
