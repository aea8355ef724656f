// What apply, create and delete -f share: manifest objects mapped to API resources (with the namespace kubectl
// gives them), the requests kubectl's resource.Helper sends for them, and kubectl's wording of the results and
// of errors (cmdutil.AddSourceToErr, CheckErr's single-error and aggregate forms).
import { ApiStatusError, KcurlError, type KubeStatus, formatApiStatus, formatError, inputError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { type ApiResource, apiPath } from '../../kube/resources.js';
import { type ManifestItem, type ManifestObject, objectName, objectNamespace, readManifests, splitApiVersion } from '../../manifest/read.js';
import { type OpenApiResponse, loadOpenApiDocuments } from '../../kube/strategic-merge/openapi-fetch.js';
import { ACCEPT, type RequestPlan, type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { renderCurl } from '../../render/curl.js';
import { goJsonMarshal } from '../../output/go-format.js';
import { fetchManifestUrl } from './fetch-url.js';

export interface ResolvedObject {
  source: string;
  /** The object as it will be sent: namespace filled in for namespaced kinds, as kubectl's builder does. */
  object: ManifestObject;
  resource: ApiResource;
  name: string;
  /** Empty for cluster-scoped kinds. */
  namespace: string;
}

export type DryRun = 'none' | 'client' | 'server';

/** The value --dry-run takes when given without one. */
export const DRY_RUN_BARE = 'unchanged';

/** kubectl warns (klog) when --dry-run is given without a value. */
export function warnBareDryRun(session: Session, flags: { dryRun: string }): void {
  if (flags.dryRun === DRY_RUN_BARE) session.io.stderr.write('Warning: --dry-run is deprecated and can be replaced with --dry-run=client.\n');
}

/** kubectl cmdutil.GetDryRunStrategy; a bare --dry-run (pflag's "unchanged") is the deprecated spelling of client. */
export function parseDryRun(value: unknown): DryRun {
  const v = value === undefined ? 'none' : String(value);
  if (v === 'none' || v === 'client' || v === 'server') return v;
  if (v === DRY_RUN_BARE) return 'client';
  throw usageError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** kubectl --validate → the fieldValidation query value. */
export function parseValidate(value: unknown): string {
  const v = value === undefined ? 'strict' : String(value).toLowerCase();
  if (v === 'strict' || v === 'true') return 'Strict';
  if (v === 'warn') return 'Warn';
  if (v === 'ignore' || v === 'false') return 'Ignore';
  throw usageError(`invalid - validate option "${String(value)}"; must be one of: strict (or true), warn, ignore (or false)`);
}

/**
 * Maps each object to its resource (discovery online, the built-in table offline) and settles its namespace:
 * the object's own, else the default; a different explicit -n is kubectl's error.
 */
export async function resolveObjects(session: Session, items: ManifestItem[], explicitNamespace: string | undefined): Promise<ResolvedObject[]> {
  const creds = await session.credentials();
  const defaultNamespace = creds.namespace.value;
  for (const item of items) {
    const ns = objectNamespace(item.object);
    if (explicitNamespace !== undefined && ns !== '' && ns !== explicitNamespace) {
      // kubectl resource.Builder (RequireNamespace with an enforced namespace)
      throw inputError(
        `the namespace from the provided object "${ns}" does not match the namespace "${explicitNamespace}". You must pass '--namespace=${ns}' to perform this operation.`,
      );
    }
  }
  const typeArgs = items.map((i) => {
    const [group, version] = splitApiVersion(i.object.apiVersion);
    return `${i.object.kind}.${version}.${group}`;
  });
  const mappingNotFound = (item: ManifestItem) =>
    new KcurlError(
      'KCURL_RESOURCE',
      `resource mapping not found for name: "${objectName(item.object)}" namespace: "${objectNamespace(item.object)}" from "${item.source}": no matches for kind "${item.object.kind}" in version "${item.object.apiVersion}"\nensure CRDs are installed first`,
    );
  const resources: ApiResource[] = [];
  const known = new Map<string, ApiResource>();
  for (const [i, t] of typeArgs.entries()) {
    let r = known.get(t);
    if (!r) {
      try {
        [r] = await session.resolveTypes([t]);
      } catch (e) {
        if (e instanceof KcurlError && e.code === 'KCURL_RESOURCE') throw mappingNotFound(items[i]);
        throw e;
      }
      const [group, version] = splitApiVersion(items[i].object.apiVersion);
      if (r.group !== group || r.version !== version || r.kind !== items[i].object.kind) throw mappingNotFound(items[i]);
      known.set(t, r);
    }
    resources.push(r);
  }
  return items.map((item, i) => {
    const r = resources[i];
    const object = structuredClone(item.object);
    let namespace = '';
    if (r.namespaced) {
      namespace = objectNamespace(object) || explicitNamespace || defaultNamespace;
      object.metadata = { ...(object.metadata ?? {}), namespace };
    }
    // An empty name is fine for create (generateName); apply and delete refuse it per object.
    return { source: item.source, object, resource: r, name: objectName(object), namespace };
  });
}

/** runtime.Encode(unstructured.UnstructuredJSONScheme, obj): Go's json with sorted keys and a newline. */
export function encodeObject(obj: unknown): string {
  return goJsonMarshal(obj) + '\n';
}

export function describeTarget(o: ResolvedObject): string {
  const what = `${o.resource.singularName || o.resource.kind.toLowerCase()} "${o.name}"`;
  return o.namespace ? `${what} in namespace ${o.namespace}` : what;
}

export function getObjectStep(o: ResolvedObject): RequestStep {
  return {
    method: 'GET',
    path: apiPath(o.resource, { namespace: o.namespace || undefined, name: o.name }),
    query: [],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `get ${describeTarget(o)}`,
    kind: 'get',
    role: 'call',
  };
}

export function writeQuery(opts: { fieldManager?: string; fieldValidation?: string; dryRun: DryRun; force?: boolean }): [string, string][] {
  const q: [string, string][] = [];
  if (opts.dryRun === 'server') q.push(['dryRun', 'All']);
  if (opts.fieldManager) q.push(['fieldManager', opts.fieldManager]);
  if (opts.fieldValidation) q.push(['fieldValidation', opts.fieldValidation]);
  if (opts.force !== undefined) q.push(['force', String(opts.force)]);
  return q;
}

export function createObjectStep(o: ResolvedObject, body: string, contentType: string, query: [string, string][], purpose?: string): RequestStep {
  return bodyStep('POST', apiPath(o.resource, { namespace: o.namespace || undefined }), query, body, contentType, purpose ?? `create ${describeTarget(o)}`);
}

export function patchObjectStep(o: ResolvedObject, body: string, contentType: string, query: [string, string][], purpose: string): RequestStep {
  return bodyStep('PATCH', apiPath(o.resource, { namespace: o.namespace || undefined, name: o.name }), query, body, contentType, purpose);
}

/** `configmap`, `deployment.apps`: how kubectl's printers name a kind (lowercased, with the group). */
export function kindLabel(r: Pick<ApiResource, 'kind' | 'group'>): string {
  return `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}`;
}

/** `configmap/x`, `deployment.apps/web`: the name printer's form. */
export function kindSlashName(r: Pick<ApiResource, 'kind' | 'group'>, name: string): string {
  return `${kindLabel(r)}/${name}`;
}

/** kubectl's operation suffix for dry runs (PrintFlags.Complete). */
export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

/** cmdutil.AddSourceToErr: "error when <verb> \"<source>\": <message>" on a server Status. */
export function addSourceToError(verb: string, source: string, err: unknown): unknown {
  if (!source) return err;
  if (err instanceof ApiStatusError) {
    const status: KubeStatus = { ...err.status, message: `error when ${verb} "${source}": ${err.status.message ?? ''}` };
    return new ApiStatusError(err.httpStatus, status);
  }
  return err;
}

/** How kubectl's CheckErr prints one error (Invalid as "The Kind "name" is invalid: …", see formatApiStatus). */
export function formatSingleError(err: unknown, debug = false): string {
  return formatError(err, { debug });
}

/** kubectl's aggregate form (several failed objects): one line per error, no "error: " prefix on plain ones. */
export function formatErrors(errors: unknown[], debug = false): string {
  if (errors.length === 1) return formatSingleError(errors[0], debug);
  return errors.map((e) => (e instanceof ApiStatusError ? formatApiStatus(e) : e instanceof Error ? e.message : String(e))).join('\n');
}

/** The end of a command that carried on past failed objects: the errors (CheckErr), then exit 1; 0 without any. */
export function exitWithErrors(session: Session, errors: unknown[]): number {
  if (errors.length === 0) return 0;
  session.io.stderr.write(formatErrors(errors, session.options.debug) + '\n');
  return 1;
}

/** The objects of -f files, directories (-R) and URLs, in order. */
export function readManifestFiles(session: Session, opts: { filenames: string[]; recursive: boolean }): Promise<ManifestItem[]> {
  return readManifests(session.io, { filenames: opts.filenames, recursive: opts.recursive, fetchUrl: fetchManifestUrl });
}

/** GET /openapi/v3, then the group-version documents the objects need (in the order of the objects), cached. */
export async function loadObjectsOpenApi(
  session: Session,
  objects: ResolvedObject[],
  send: (step: RequestStep) => Promise<OpenApiResponse>,
): Promise<Map<string, Record<string, unknown>>> {
  const creds = await session.credentials();
  return loadOpenApiDocuments(
    { io: session.io, server: creds.server.value, cacheDir: session.options.cacheDir, send },
    objects.map((o) => [o.resource.group, o.resource.version]),
  );
}

/**
 * Shows requests one by one as a command decides them (apply's GET then POST or PATCH): the first with the
 * snippet's header and credential preamble, the later ones as further curl blocks of the same script.
 */
export class StepShower {
  #shown = false;
  constructor(readonly session: Session) {}

  async show(plan: RequestPlan): Promise<void> {
    const { options } = this.session;
    if (!this.#shown || !options.showCurl || options.showCurl === 'line' || options.offline) {
      this.#shown = true;
      await this.session.show(plan);
      return;
    }
    const creds = await this.session.credentials();
    // The first block printed the header and the credential preamble; this one continues the same script.
    this.session.io.stderr.write(renderCurl(plan, creds, { reveal: options.reveal, form: options.showCurl, omitPreamble: true }) + '\n');
  }
}
