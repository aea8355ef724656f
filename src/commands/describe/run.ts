// kcurl describe: resolve types → the resource builder's reads (kubectl's order: every object first) → one
// describer per object (its own reads, then the text) → the snippet of everything sent → stdout, then errors.
import { ApiStatusError, KcurlError, formatError, usageError } from '../../errors.js';
import { matchesLabels, parseLabelSelector } from '../../kube/selectors.js';
import type { RequestPlan, RequestStep } from '../../plan/request-plan.js';
import type { Session } from '../../cli/session.js';
import { type PlanRunner, runStep, showWhenOffline } from '../../plan/run-plan.js';
import type { Obj } from './fields.js';
import { type DescribeContext, describerFor } from './kinds.js';
import { type DescribeOptions, describeOptionsFromFlags } from './options.js';
import { type DescribeTarget, builderGetStep, builderListStep, describerGetStep, namespaceCheckStep, planDescribe, withNotes } from './plan.js';
import type { DescribeFlags } from './flags.js';

interface Info {
  target: DescribeTarget;
  namespace: string;
  name: string;
}

/** Sends steps through the plan interpreter, remembering each one for the snippet shown afterwards. */
class Reader {
  readonly sent: RequestStep[] = [];
  constructor(private readonly session: Session) {}

  /**
   * The runner describe's plans run on: the session's, remembering each request (every page of a list) as the
   * interpreter sends it, so the snippet shown afterwards holds exactly what was read, also when a read failed.
   * It only forwards to the session (the interpreter still does the sending); a result could not carry this,
   * as a failed read throws before its result exists.
   */
  private readonly runner: PlanRunner = {
    options: { offline: false },
    show: async () => {},
    send: (step) => {
      this.sent.push(step);
      return this.session.send(step);
    },
    stream: (step) => this.session.stream(step),
  };

  /** One read; a list is followed page by page (runtimeresource.FollowContinue), each page an answer. */
  private async read(step: RequestStep): Promise<Obj[]> {
    const plan = await this.session.finalize({ command: 'kubectl describe', steps: [step] });
    // Shown afterwards, with everything describe read (a non-2xx or non-JSON answer is thrown as kubectl reports it).
    return (await runStep(this.runner, plan, { json: true })).answers as Obj[];
  }

  get = async (step: RequestStep): Promise<Obj> => (await this.read(step))[0];

  list = async (first: RequestStep): Promise<Obj[]> => (await this.read(first)).flatMap((page) => (Array.isArray(page.items) ? page.items : []) as Obj[]);

  /**
   * The resource builder's read (cli-runtime Info.Get): a NotFound outside the default namespace makes it read
   * the namespace too, and a missing namespace is the error reported (namespaces "x" not found).
   */
  builderGet = async (r: DescribeTarget['resource'], namespace: string, name: string): Promise<Obj> => {
    try {
      return await this.get(builderGetStep(r, namespace, name));
    } catch (err) {
      if (!(err instanceof ApiStatusError) || err.httpStatus !== 404 || !r.namespaced || namespace === '' || namespace === 'default') throw err;
      try {
        await this.get(namespaceCheckStep(namespace));
      } catch (nsErr) {
        if (nsErr instanceof ApiStatusError && nsErr.httpStatus === 404) throw nsErr;
      }
      throw err;
    }
  };
}

class DescribeRun {
  private readonly reader: Reader;
  private readonly errors: unknown[] = [];
  private readonly seen = new Set<string>();
  private readonly out: string[] = [];

  constructor(
    private readonly session: Session,
    private readonly opts: DescribeOptions,
    private readonly namespace: string,
  ) {
    this.reader = new Reader(session);
  }

  /** kubectl collects errors and prints each distinct one once, after the descriptions. */
  private addError(err: unknown): void {
    if (!(err instanceof KcurlError)) throw err;
    const key = formatError(err);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(err);
  }

  private context(info: Info): DescribeContext {
    return {
      resource: info.target.resource,
      namespace: info.namespace,
      name: info.name,
      showEvents: this.opts.showEvents,
      chunkSize: this.opts.chunkSize,
      now: this.session.io.now(),
      reveal: this.session.options.reveal,
      get: this.reader.get,
      list: this.reader.list,
    };
  }

  /** The describe loop: the first description as is, the next ones after two blank lines. */
  private async describeAll(infos: Info[]): Promise<void> {
    for (const info of infos) {
      try {
        const text = await describerFor(info.target.resource)(this.context(info));
        this.out.push(this.out.length === 0 ? text : `\n\n${text}`);
      } catch (err) {
        if (!(err instanceof ApiStatusError)) throw err;
        this.addError(err);
      }
    }
  }

  private async finish(plan: RequestPlan, errors = this.errors): Promise<number> {
    await this.session.show(withNotes(plan, this.reader.sent));
    this.session.io.stdout.write(this.out.join(''));
    // cmdutil.CheckErr: one error prints as usual; several print one per line, and those that are not the
    // server's Status lose their "error: " prefix (utilerrors.Aggregate through MultipleErrors).
    for (const e of errors) {
      const line = errors.length > 1 && !(e instanceof ApiStatusError) && e instanceof KcurlError ? e.message : formatError(e);
      this.session.io.stderr.write(line + '\n');
    }
    return errors.length > 0 ? 1 : 0;
  }

  /** TYPE [NAME…] | TYPE/NAME… | TYPE -l SEL: the builder reads or lists, then the describers run. */
  async fromArguments(): Promise<number> {
    const { session, opts, namespace, reader } = this;
    const resources = await session.resolveTypes(opts.targets.map((t) => t.type));
    const targets: DescribeTarget[] = opts.targets.map((t, i) => ({ resource: resources[i], names: t.names }));
    const plan = planDescribe(opts, targets, namespace);
    if (await showWhenOffline(session, await session.finalize(plan))) return 0;
    const infos: Info[] = [];
    let notFound: ApiStatusError | undefined;
    for (const target of targets) {
      const r = target.resource;
      if (target.names.length === 0) {
        try {
          const items = await reader.list(
            builderListStep(r, { namespace, allNamespaces: opts.allNamespaces, labelSelector: opts.labelSelector, chunkSize: opts.chunkSize }),
          );
          for (const item of items)
            infos.push({ target, namespace: r.namespaced ? (item.metadata?.namespace ?? namespace) : '', name: item.metadata?.name ?? '' });
        } catch (err) {
          this.addError(err);
        }
        continue;
      }
      for (const name of target.names) {
        try {
          const obj = await reader.builderGet(r, namespace, name);
          infos.push({ target, namespace: r.namespaced ? (obj.metadata?.namespace ?? namespace) : '', name: obj.metadata?.name ?? name });
        } catch (err) {
          if (err instanceof ApiStatusError && err.httpStatus === 404 && !notFound) notFound = err;
          this.addError(err);
        }
      }
    }
    // kubectl describe TYPE NAME_PREFIX: when the builder's only error is a NotFound and there were exactly two
    // arguments, kubectl describes every object of the first argument whose name starts with the second.
    if (notFound && this.errors.length === 1 && opts.args.length === 2) {
      // cli-runtime's builder: the prefix search takes one resource type (`pods,svc web` ends here).
      if (targets.length > 1) return this.finish(plan, [new KcurlError('KCURL_USAGE', 'you may only specify a single resource type')]);
      return this.describeMatching(plan, targets[0].resource, notFound);
    }
    await this.describeAll(infos);
    if (infos.length === 0 && this.errors.length === 0) {
      session.io.stderr.write(opts.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
    }
    return this.finish(plan);
  }

  /** DescribeOptions.DescribeMatchingResources: each description followed by a blank line, stops at an error. */
  private async describeMatching(plan: RequestPlan, resource: DescribeTarget['resource'], original: ApiStatusError): Promise<number> {
    const [resourceArg, prefix] = this.opts.args;
    const target: DescribeTarget = { resource, names: [] };
    try {
      let items: Obj[];
      if (resourceArg.includes('/')) items = [await this.reader.builderGet(resource, this.namespace, resourceArg.slice(resourceArg.indexOf('/') + 1))];
      else items = await this.reader.list(builderListStep(resource, { namespace: this.namespace, allNamespaces: false, chunkSize: this.opts.chunkSize }));
      const matching = items.filter((item) => String(item.metadata?.name ?? '').startsWith(prefix));
      for (const item of matching) {
        const info: Info = { target, namespace: resource.namespaced ? (item.metadata?.namespace ?? this.namespace) : '', name: item.metadata?.name };
        this.out.push(`${await describerFor(resource)(this.context(info))}\n`);
      }
      return this.finish(plan, matching.length > 0 ? [] : [original]);
    } catch (err) {
      if (!(err instanceof ApiStatusError)) throw err;
      return this.finish(plan, [err]);
    }
  }

  /**
   * -f FILE: the objects come from the manifests; kubectl reads nothing before the describers run. An object's
   * namespace wins unless -n was given and differs (then that object is an error, the others are described).
   */
  async fromFiles(namespaceFromFlag: boolean): Promise<number> {
    const { session, opts, namespace } = this;
    const { readManifests, SourceError, splitApiVersion } = await import('../../manifest/read.js');
    const { fetchManifestUrl } = await import('../apply/fetch-url.js');
    let items;
    try {
      items = await readManifests(session.io, { filenames: opts.filenames, recursive: opts.recursive, fetchUrl: fetchManifestUrl });
    } catch (e) {
      // kubectl describe: what its visitors meet comes back as an aggregate, printed without "error: ".
      if (!(e instanceof SourceError)) throw e;
      session.io.stderr.write(`${e.message}${e.hint ? `; ${e.hint}` : ''}\n`);
      return 1;
    }
    if (opts.labelSelector !== undefined) {
      const requirements = parseLabelSelector(opts.labelSelector);
      items = items.filter((item) => matchesLabels(requirements, item.object.metadata?.labels as Record<string, string> | undefined));
    }
    const typeArg = (apiVersion: string, kind: string) => {
      const [group, version] = splitApiVersion(apiVersion);
      return group ? `${kind}.${version}.${group}` : kind;
    };
    const resources = await session.resolveTypes(items.map((i) => typeArg(String(i.object.apiVersion), String(i.object.kind))));
    const infos: Info[] = [];
    const fileErrors: unknown[] = [];
    items.forEach((item, i) => {
      const resource = resources[i];
      const name = String(item.object.metadata?.name ?? '');
      const own = String(item.object.metadata?.namespace ?? '');
      let ns = '';
      if (resource.namespaced) {
        if (namespaceFromFlag && !opts.allNamespaces && own !== '' && own !== namespace) {
          fileErrors.push(
            usageError(
              `the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`,
            ),
          );
          return;
        }
        ns = own || namespace;
      }
      infos.push({ target: { resource, names: [name] }, namespace: ns, name });
    });
    const plan: RequestPlan = {
      command: 'kubectl describe',
      steps: infos.map((info) => describerGetStep(info.target.resource, info.namespace, info.name, true)),
      notes: [
        'objects from files are not read before their describers run; each describer then lists what it shows beside the object (events, …), which only a live run can show',
        'kubectl describe asks for protobuf (Accept: application/vnd.kubernetes.protobuf,application/json) on every one of these requests; kcurl asks for JSON, the same paths and queries',
      ],
    };
    if (await showWhenOffline(session, await session.finalize(plan))) return 0;
    // The builder's errors come first, as kubectl appends them before describing.
    for (const e of fileErrors) this.addError(e);
    await this.describeAll(infos);
    return this.finish(plan);
  }
}

export async function runDescribe(session: Session, positionals: string[], flags: DescribeFlags): Promise<number> {
  const opts = describeOptionsFromFlags(positionals, flags);
  if (opts.allNamespaces && opts.targets.some((t) => t.names.length > 0)) {
    // cli-runtime resource.Builder
    throw usageError('a resource cannot be retrieved by name across all namespaces');
  }
  const creds = await session.credentials();
  const run = new DescribeRun(session, opts, creds.namespace.value);
  if (opts.filenames.length > 0) return run.fromFiles(creds.namespace.source.kind === 'flag');
  return run.fromArguments();
}
