// The flow kubectl label, annotate, patch, scale and set image share: name the objects (RESOURCE NAME... or
// RESOURCE/NAME), GET each one, then send a PATCH the command builds from the answer. Each request is a stage of one
// plan, sent by the plan interpreter and shown as it goes, the first block beginning the script the others continue.
import { ApiStatusError, inputError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import type { StepResponse } from '../../http/execute.js';
import { parseStatus } from '../../http/status.js';
import { type ApiResource, apiPath } from '../../kube/resources.js';
import { namespaceCheckStep } from '../../plan/namespace-check.js';
import { ACCEPT, type RequestPlan, type RequestStep, header } from '../../plan/request-plan.js';
import { runStep, showWhenOffline } from '../../plan/run-plan.js';
import { parseTargets } from '../get/options.js';
import { StepShower, readManifestFiles, resolveObjects } from '../apply/objects.js';
import { type ManifestItem, kustomizeRefused } from '../../manifest/read.js';

/** One object a command names. */
export interface Target {
  resource: ApiResource;
  name: string;
  /** Undefined for a cluster-scoped resource. */
  namespace?: string;
  /**
   * The object as the builder hands it over without a GET of its own: a -f file's (namespace filled in) for a
   * command whose builder has no Latest() (patch, scale, expose), or the item of a -l selector's LIST.
   */
  object?: Record<string, unknown>;
  /** A -f object in another namespace than -n, for a builder with Latest(): kubectl's error once it is read. */
  namespaceMismatch?: string;
}

/** A command's -f/-R/-k flag values (filenameFlags). */
export interface FileFlags {
  filename?: string[];
  recursive?: boolean;
  kustomize?: string;
}

/** cli-runtime's builder, when a command is given both -f and RESOURCE NAME arguments. */
export const PATH_AND_ARGS = 'resource/name arguments cannot be provided when a path is specified';

/** Whether the command names its objects with -f (or -k, which kcurl refuses). */
export function fromFiles(files: FileFlags): boolean {
  return (files.filename ?? []).some((f) => f !== '') || files.kustomize !== undefined;
}

/**
 * The objects a command acts on: those its -f files hold (identity from each object: apiVersion, kind, name, its
 * namespace else -n else the context's), else the RESOURCE NAME... / RESOURCE/NAME arguments. `explicitNamespace`
 * is -n when given: a file object in another namespace is kubectl's error. `latest`: the command's builder has
 * Latest() (label, annotate, set, rollout, edit), so each file object is read again by name; without it (patch,
 * scale, expose) the file's object is what the command works from, with no GET.
 */
export async function resolveCommandTargets(
  session: Session,
  command: string,
  resources: string[],
  files: FileFlags,
  namespace: string | undefined,
  explicitNamespace: string | undefined,
  latest: boolean,
): Promise<Target[]> {
  if (!fromFiles(files)) return resolveTargets(session, resources, namespace);
  if (resources.length > 0) throw usageError(PATH_AND_ARGS);
  if (files.kustomize !== undefined) throw kustomizeRefused(command);
  let items = await readManifestFiles(session, { filenames: (files.filename ?? []).filter((f) => f !== ''), recursive: Boolean(files.recursive) });
  const mismatch = new Map<ManifestItem, string>();
  if (latest && explicitNamespace !== undefined) {
    // With Latest() kubectl reads each object again in its own namespace (-n fills in a missing one), and only
    // then reports one whose namespace differs from -n.
    items = items.map((i) => {
      const own = i.object.metadata?.namespace;
      if (!own) return { ...i, object: { ...i.object, metadata: { ...(i.object.metadata ?? {}), namespace: explicitNamespace } } };
      if (own !== explicitNamespace)
        mismatch.set(
          i,
          `the namespace from the provided object "${String(own)}" does not match the namespace "${explicitNamespace}". You must pass '--namespace=${String(own)}' to perform this operation.`,
        );
      return i;
    });
  }
  const objects = await resolveObjects(session, items, latest ? undefined : explicitNamespace);
  return objects.map((o, i) => {
    const namespaceMismatch = mismatch.get(items[i]);
    // resource.Info from a file without a name: kubectl's builder refuses it before any request.
    if (!o.name) throw inputError('resource name may not be empty');
    return {
      resource: o.resource,
      name: o.name,
      namespace: o.namespace || undefined,
      ...(latest ? {} : { object: o.object as Record<string, unknown> }),
      ...(namespaceMismatch ? { namespaceMismatch } : {}),
    };
  });
}

/** The objects RESOURCE NAME... / RESOURCE/NAME arguments name, in `namespace` when their resource is namespaced. */
export async function resolveTargets(session: Session, resources: string[], namespace: string | undefined): Promise<Target[]> {
  const parsed = parseTargets(resources);
  const types = await session.resolveTypes(parsed.map((t) => t.type));
  return parsed.flatMap((t, i) => {
    if (t.names.length === 0) throw usageError('resource(s) were provided, but no name was specified');
    return t.names.map((name) => ({ resource: types[i], name, namespace: types[i].namespaced ? namespace : undefined }));
  });
}

/** The builder's LIST of a type by label (-l; every object without one), in `namespace` when the type is namespaced. */
export function selectorListStep(r: ApiResource, selector: string | undefined, namespace: string): RequestStep {
  return {
    method: 'GET',
    path: apiPath(r, { namespace: r.namespaced ? namespace : undefined }),
    query: selector === undefined ? [] : [['labelSelector', selector]],
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: selector === undefined ? `list the ${r.resource}` : `list the ${r.resource} labelled ${selector}`,
    kind: 'list',
    role: 'call',
  };
}

/** TYPE... -l SELECTOR: the types the builder lists (no names allowed with a selector). */
export async function selectorTypes(session: Session, types: string[]): Promise<ApiResource[]> {
  // cli-runtime's builder: TYPE/NAME arguments with a selector.
  if (types.some((t) => t.includes('/'))) throw usageError('selectors and the all flag cannot be used when passing resource/name arguments');
  const parsed = parseTargets(types);
  if (parsed.some((t) => t.names.length > 0)) throw usageError('name cannot be provided when a selector is specified');
  return session.resolveTypes(parsed.map((t) => t.type));
}

/** The builder's GET of one object (kubectl set's asks for JSON or anything: `accept`). */
export function readStep(t: Target, purpose: string, accept: string = ACCEPT.json): RequestStep {
  return {
    method: 'GET',
    path: apiPath(t.resource, { namespace: t.namespace, name: t.name }),
    query: [],
    headers: [['Accept', accept]],
    stream: false,
    purpose,
    kind: 'get',
    role: 'call',
  };
}

/** Sends a command's requests one stage at a time, each shown just before it is sent. */
export class ReadThenPatch {
  readonly #shower: StepShower;

  constructor(
    readonly session: Session,
    readonly command: string,
  ) {
    this.#shower = new StepShower(session);
  }

  /** --offline: shows the requests known before any answer (true: the command ends there). */
  async showWhenOffline(steps: RequestStep[], notes?: string[]): Promise<boolean> {
    return showWhenOffline(this.session, () => this.session.finalize({ command: this.command, steps, ...(notes ? { notes } : {}) }));
  }

  /** Prints a stage of the command's script (the first one opens it). */
  show(plan: RequestPlan): Promise<void> {
    return this.#shower.show(plan);
  }

  /** One request, shown and sent; its answer as it came. */
  async send(step: RequestStep): Promise<StepResponse> {
    const plan = await this.session.finalize({ command: this.command, steps: [step] });
    return (await runStep(this.session, plan, { show: (p) => this.#shower.show(p) })).responses[0];
  }

  /**
   * Sends the selector's LISTs: every item a target whose object is known, the failed LISTs in `errors`. None
   * found and no error: `sayNone` prints "No resources found in NS namespace." (stderr) as most commands do.
   */
  async listSelected(resources: ApiResource[], selector: string | undefined, namespace: string, errors: unknown[], sayNone = true): Promise<Target[]> {
    const targets: Target[] = [];
    for (const r of resources) {
      const list = await this.write(selectorListStep(r, selector, namespace));
      if (list instanceof ApiStatusError) {
        errors.push(list);
        continue;
      }
      for (const obj of (list.items ?? []) as { metadata?: { name?: string } }[])
        targets.push({ resource: r, name: obj.metadata?.name ?? '', namespace: r.namespaced ? namespace : undefined, object: obj });
    }
    if (sayNone && targets.length === 0 && errors.length === 0) this.session.io.stderr.write(`No resources found in ${namespace} namespace.\n`);
    return targets;
  }

  /** A request whose answer is the object (2xx) or the error kubectl reports. */
  async write(step: RequestStep): Promise<Record<string, unknown> | ApiStatusError> {
    const res = await this.send(step);
    return res.status >= 300 ? new ApiStatusError(res.status, parseStatus(res)) : (JSON.parse(res.body) as Record<string, unknown>);
  }

  /** The builder's object: the one already known (a file's without Latest(), a selector LIST's item), else read. */
  async objectOf(t: Target, get: RequestStep): Promise<Record<string, unknown> | ApiStatusError> {
    return t.object ?? this.read(t, get);
  }

  /**
   * GETs one object: the object, or the error kubectl reports. cli-runtime's Info.Get: a NotFound outside the
   * default namespace makes kubectl read the namespace (with the GET's Accept), and a missing namespace is
   * the error it reports.
   */
  async read(t: Target, get: RequestStep): Promise<Record<string, unknown> | ApiStatusError> {
    const got = await this.send(get);
    if (got.status < 300) {
      if (t.namespaceMismatch) throw inputError(t.namespaceMismatch);
      return JSON.parse(got.body) as Record<string, unknown>;
    }
    if (got.status === 404 && t.namespace && t.namespace !== 'default') {
      // The builder's client reads the namespace, with the same Accept.
      const ns = await this.send(namespaceCheckStep(t.namespace, header(get, 'Accept')));
      if (ns.status === 404) return new ApiStatusError(ns.status, parseStatus(ns));
    }
    return new ApiStatusError(got.status, parseStatus(got));
  }
}
