// One kcurl run's shared machinery: resolved credentials, the resource catalog (built-in offline,
// discovery online), the executor, and showing plans (REST lines, curl snippet) before they run.
import { ApiStatusError, KcurlError, credentialsError, formatError } from '../errors.js';
import type { Io } from '../io.js';
import type { ConnectionFlags, Credentials } from '../kube/credentials-types.js';
import { materializeCredentials, resolveCredentials } from '../kube/credentials.js';
import { type ApiResource, type ResourceCatalog, builtinCatalog, resolveResource } from '../kube/resources.js';
import { ACCEPT, type RequestPlan, type RequestStep, pathSegment, requestTarget, stepUrl } from '../plan/request-plan.js';
import { bashSnippet } from '../render/curl.js';
import { snippetModel } from '../snippet/model.js';
import type { ShowSpec } from '../snippet/lang/show.js';
import type { Executor, StepResponse, StreamResponse, UpgradeResponse } from '../http/execute.js';
import type { TransportFactory } from '../http/transport.js';
import { parseStatus } from '../http/status.js';
import { formatGoDuration, parseDuration } from '../kube/duration.js';
import type { Recorder } from '../record/recorder.js';

export interface GlobalOptions {
  connection: ConnectionFlags;
  verbosity: number;
  /** The curl snippet's form (from --show=curl[:FORM] or --show-curl). */
  showCurl?: 'readable' | 'script' | 'line';
  /** Programs in other languages (--show=LANG[:FORM]), printed where the curl snippet is. */
  showPrograms?: ShowSpec[];
  offline: boolean;
  reveal: boolean;
  quiet: boolean;
  /** --explain: each request taken apart (URL, query, headers, RBAC) on stderr before it is sent. */
  explain?: boolean;
  debug: boolean;
  cacheDir?: string;
  /** --record FILE (.jsonl journal or .har): every exchange of this run is recorded there. */
  record?: string;
}

export const KCURL_VERSION = '0.1.0';

/** What an executor is for: a command's own requests, or relaying a client's (proxy, record, replay). */
export type ExecutorUse = 'calls' | 'relay';

/** What a run may be given instead of the real thing (tests): the transport under the executor. */
export interface SessionDeps {
  /** Builds the transport for resolved credentials; by default node:https (src/http/node-transport.ts) or undici for relays. */
  transport?: TransportFactory;
}

export class Session {
  #creds?: Promise<Credentials>;
  #live?: Promise<Credentials>;
  #executor?: Promise<Executor>;
  #recorder?: Promise<Recorder | undefined>;
  #streams = new Set<StreamResponse>();
  #removeInterruptHandler?: () => void;
  #notesShown = new Set<string>();
  #explained = new Set<string>();
  /** The requests of this run the server answered with an error (for the error lessons, src/explain/lessons.ts). */
  readonly failures: { step: RequestStep; status: number; body: string }[] = [];

  constructor(
    readonly io: Io,
    readonly options: GlobalOptions,
    readonly commandLine: string,
    private readonly deps: SessionDeps = {},
  ) {}

  /** Credentials with their sources; reads files only (no exec plugin, no network). */
  credentials(): Promise<Credentials> {
    this.#creds ??= resolveCredentials(this.io, this.options.connection);
    return this.#creds;
  }

  /** Credentials with every value obtained (exec plugin run, token Secret read). */
  private liveCredentials(): Promise<Credentials> {
    this.#live ??= (async () => {
      const creds = await this.credentials();
      return materializeCredentials(this.io, creds, {
        cacheDir: this.options.cacheDir,
        fetchSecretToken: (ns, name, base) => this.fetchSecretToken(base, ns, name),
      });
    })();
    return this.#live;
  }

  /** Reads .data.token of a ServiceAccount token Secret with the base credentials (--token-from-secret). */
  private async fetchSecretToken(baseCreds: Credentials, namespace: string, name: string): Promise<string> {
    const executor = await this.makeExecutor(baseCreds);
    try {
      const step: RequestStep = {
        method: 'GET',
        path: `/api/v1/namespaces/${pathSegment(namespace)}/secrets/${pathSegment(name)}`,
        query: [],
        headers: [['Accept', ACCEPT.json]],
        stream: false,
        purpose: `read the token of Secret ${namespace}/${name} (--token-from-secret)`,
        kind: 'lookup',
        role: 'lookup',
      };
      this.announce(step, baseCreds);
      const res = await executor.send(step);
      if (res.status === 404) {
        throw credentialsError(
          `--token-from-secret: secret "${name}" not found in namespace "${namespace}"`,
          'check the name with: kubectl get secrets -n ' + namespace,
        );
      }
      if (res.status === 403) {
        const status = parseStatus(res);
        throw credentialsError(
          `--token-from-secret: not allowed to read the Secret: ${status.message ?? 'Forbidden'}`,
          'the base credentials need "get" on secrets in that namespace',
        );
      }
      if (res.status >= 400) throw new ApiStatusError(res.status, parseStatus(res));
      const secret = JSON.parse(res.body) as { type?: string; data?: Record<string, string> };
      if (secret.type !== 'kubernetes.io/service-account-token') {
        throw credentialsError(
          `--token-from-secret: secret ${namespace}/${name} is of type "${secret.type ?? ''}", not kubernetes.io/service-account-token`,
          'name a ServiceAccount token Secret',
        );
      }
      const token = secret.data?.token;
      if (!token) {
        throw credentialsError(
          `--token-from-secret: secret ${namespace}/${name} has no token yet`,
          'the token controller fills .data.token shortly after the Secret is created; retry in a moment',
        );
      }
      return Buffer.from(token, 'base64').toString('utf8');
    } finally {
      await executor.close();
    }
  }

  private async makeExecutor(creds: Credentials, use: ExecutorUse = 'calls'): Promise<Executor> {
    const recorder = await this.recorder();
    const { createExecutor } = await import('../http/execute.js');
    const transport = this.deps.transport
      ? await this.deps.transport(creds)
      : use === 'relay'
        ? (await import('../http/undici-transport.js')).createUndiciTransport(creds)
        : await (await import('../http/node-transport.js')).createNodeTransport(creds);
    return createExecutor(this.io, creds, {
      verbosity: this.options.verbosity,
      userAgent: userAgent(this.io),
      transport,
      recorder,
      // -v 8 and up print bodies: redacted as recordings keep them, loaded only then.
      redactBody: this.options.verbosity >= 8 && !this.options.reveal ? (await import('../record/redact.js')).redactBodyText : undefined,
    });
  }

  /**
   * The --record recorder, opened before the first request so an unwritable path fails with nothing
   * sent. A HAR file is also written when the run is interrupted, and open streams are cancelled so the
   * command ends and the final file is written too.
   */
  recorder(): Promise<Recorder | undefined> {
    this.#recorder ??= (async () => {
      const path = this.options.record;
      if (!path) return undefined;
      const { Recorder } = await import('../record/recorder.js');
      const { describeCredentials } = await import('../record/credential-source.js');
      const { resolve } = await import('node:path');
      const recorder = Recorder.open(resolve(this.io.cwd, path), {
        reveal: this.options.reveal,
        command: this.commandLine,
        credentials: describeCredentials(await this.credentials()),
        version: KCURL_VERSION,
      });
      if (recorder.format === 'har') {
        this.#removeInterruptHandler = this.io.onInterrupt(() => {
          try {
            recorder.writeHar();
          } catch {
            // close() reports a write failure once the command has ended.
          }
          for (const s of this.#streams) s.cancel();
          // A second Ctrl-C gets Node's default: the process ends (the HAR written above stays valid).
          this.#removeInterruptHandler?.();
          this.#removeInterruptHandler = undefined;
        }, ['SIGINT', 'SIGTERM', 'SIGHUP']);
      }
      return recorder;
    })();
    return this.#recorder;
  }

  /**
   * The run's executor. Commands send their own requests over node:https (src/http/node-transport.ts); kcurl proxy,
   * record and replay ask for 'relay': undici, for many requests, long streams and streamed uploads. The first
   * call decides.
   */
  executor(use: ExecutorUse = 'calls'): Promise<Executor> {
    if (this.options.offline) throw new KcurlError('KCURL_INTERNAL', 'internal: the executor was asked for in --offline mode');
    this.#executor ??= this.liveCredentials().then((c) => this.makeExecutor(c, use));
    return this.#executor;
  }

  /**
   * Resolves resource type arguments: against the built-in table when offline, otherwise against the
   * server's discovery (disk-cached like kubectl, re-discovered once when a cached lookup misses).
   */
  async resolveTypes(typeArgs: readonly string[]): Promise<ApiResource[]> {
    if (this.options.offline) {
      const catalog = builtinCatalog();
      return typeArgs.map((t) => resolveResource(catalog, t));
    }
    const creds = await this.credentials();
    const { resolveResourcesOnline } = await import('../kube/discovery.js');
    const fetch = (step: RequestStep) =>
      this.send(step).then((r) => ({ status: r.status, contentType: String(r.headers['content-type'] ?? ''), body: r.body }));
    const found = await resolveResourcesOnline(this.io, creds.server.value, fetch, typeArgs, {
      cacheDir: this.options.cacheDir,
      requestTimeout: creds.requestTimeout,
      now: this.io.now(),
    });
    for (const w of found.warnings) this.io.stderr.write(`Warning: ${w}\n`);
    return found.resources;
  }

  /**
   * The resource catalog kubectl's RESTMapper reads: the built-in table when offline, otherwise discovery (disk-cached
   * like kubectl's); `refresh` asks the server again, as client-go's deferred mapper does after a miss on a cached one.
   */
  async resourceCatalog(opts: { refresh?: boolean } = {}): Promise<{ catalog: ResourceCatalog; fromCache: boolean }> {
    if (this.options.offline) return { catalog: builtinCatalog(), fromCache: false };
    const creds = await this.credentials();
    const { discoverCatalog } = await import('../kube/discovery.js');
    const fetch = (step: RequestStep) =>
      this.send(step).then((r) => ({ status: r.status, contentType: String(r.headers['content-type'] ?? ''), body: r.body }));
    const d = await discoverCatalog(this.io, creds.server.value, fetch, {
      cacheDir: this.options.cacheDir,
      requestTimeout: creds.requestTimeout,
      now: this.io.now(),
      refresh: opts.refresh,
    });
    return { catalog: d.catalog, fromCache: d.fromCache };
  }

  /** Applies --request-timeout to every step (kubectl puts timeout=<value> on each request). */
  async finalize(plan: RequestPlan): Promise<RequestPlan> {
    const creds = await this.credentials();
    const t = creds.requestTimeout;
    if (!t || parseDuration(t) === 0) return plan;
    // kubectl sends the timeout in Go's duration format (90 → 1m30s).
    const value = formatGoDuration(parseDuration(t));
    return { ...plan, steps: plan.steps.map((s) => withTimeout(s, value)) };
  }

  /**
   * Prints the plan: with --explain its explanation (stderr), then its snippet (stdout when offline, stderr
   * otherwise): the snippet model of the plan, through the generator of the chosen form (bash: a script or the curl lines).
   */
  async show(plan: RequestPlan): Promise<void> {
    await this.explain(plan);
    const programs = this.options.showPrograms ?? [];
    const form = this.options.showCurl ?? (this.options.offline && !programs.length ? 'script' : undefined);
    if (!form && !programs.length) return;
    let snippet = snippetModel(plan, await this.credentials(), { reveal: this.options.reveal, commandLine: this.commandLine });
    // Bodies sent to Secret URLs show their values only with --reveal (src/record/redact.ts).
    if (!this.options.reveal && snippet.requests.some((r) => r.body)) snippet = (await import('../record/redact.js')).redactSnippetBodies(snippet);
    const out = this.options.offline ? this.io.stdout : this.io.stderr;
    if (form) {
      out.write(bashSnippet(snippet, { form }));
      if (!this.options.offline && form !== 'line') this.io.stderr.write('\n');
    }
    if (programs.length) {
      // The generators load only when a program is asked for.
      const { renderProgram } = await import('../snippet/lang/index.js');
      for (const spec of programs) out.write((form || programs.indexOf(spec) > 0 ? '\n' : '') + renderProgram(snippet, spec));
    }
  }

  /** --explain: the plan's requests taken apart on stderr (src/explain, loaded only then). */
  async explain(plan: RequestPlan): Promise<void> {
    if (!this.options.explain) return;
    // A plan whose requests were all explained already (apply explains its whole create-or-patch first) is not repeated.
    const keys = plan.steps.map((s) => `${s.method} ${requestTarget(s)}`);
    if (keys.every((k) => this.#explained.has(k))) return;
    for (const k of keys) this.#explained.add(k);
    const { renderExplain } = await import('../explain/render.js');
    this.io.stderr.write(renderExplain(plan, await this.credentials(), { notesShown: this.#notesShown, userAgent: userAgent(this.io) }));
  }

  /** One line per request on stderr (unless -q, a snippet, or -v already says it). */
  private announce(step: RequestStep, creds: Credentials): void {
    if (this.options.quiet || this.options.showCurl || this.options.showPrograms?.length || this.options.verbosity >= 6) return;
    const label = step.role === 'discovery' || step.role === 'openapi' ? ` (${step.role})` : '';
    this.io.stderr.write(`${step.method} ${stepUrl(creds.server.value, step)}${label}\n`);
  }

  async send(step: RequestStep): Promise<StepResponse> {
    const executor = await this.executor();
    this.announce(step, await this.credentials());
    const res = await executor.send(step);
    if (res.status >= 400) this.failures.push({ step, status: res.status, body: res.body });
    return res;
  }

  /** An upgrade step (exec, attach): the socket after 101, or the server's answer when it refused. */
  async upgrade(step: RequestStep): Promise<UpgradeResponse> {
    const executor = await this.executor();
    this.announce(step, await this.credentials());
    const res = await executor.upgrade(step);
    if (res.status >= 400) this.failures.push({ step, status: res.status, body: res.body });
    return res;
  }

  async stream(step: RequestStep): Promise<StreamResponse> {
    const executor = await this.executor();
    this.announce(step, await this.credentials());
    const res = await executor.stream(step);
    // The body of a failed stream is the command's to read; the lesson takes the Status from its error.
    if (res.status >= 400) this.failures.push({ step, status: res.status, body: '' });
    this.#streams.add(res);
    return res;
  }

  async close(): Promise<void> {
    if (this.#executor) await (await this.#executor.catch(() => undefined))?.close();
    this.#removeInterruptHandler?.();
    const recorder = await this.#recorder?.catch(() => undefined);
    try {
      recorder?.close();
    } catch (err) {
      this.io.stderr.write(formatError(err) + '\n');
    }
  }
}

const userAgent = (io: Io) => `kcurl/${KCURL_VERSION} (${io.platform})`;

function withTimeout(step: RequestStep, timeout: string): RequestStep {
  return { ...step, query: [...step.query.filter(([k]) => k !== 'timeout'), ['timeout', timeout]] };
}
