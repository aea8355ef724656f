// kcurl apply: read manifests → resolve kinds → (offline: print the create-or-patch script) → OpenAPI v3 →
// per object GET then POST / three-way PATCH / nothing (client-side), or the apply PATCH and kubectl's
// managed-fields migration (server-side) → kubectl's result lines and errors.
import { ApiStatusError, KcurlError, inputError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { parseStatus } from '../../http/status.js';
import type { StepResponse } from '../../http/execute.js';
import { matchesLabels, parseLabelSelector } from '../../kube/selectors.js';
import { omitManagedFields, printObjects } from '../../output/json-yaml.js';
import { goJsonMarshal } from '../../output/go-format.js';
import { ACCEPT, type RequestStep, pathSegment } from '../../plan/request-plan.js';
import { openApiKey } from '../../kube/strategic-merge/openapi-steps.js';
import { supportsStrategicMergePatch } from '../../kube/strategic-merge/patch-meta.js';
import { StrategicPatchError } from '../../kube/strategic-merge/three-way.js';
import { PatchMetaError } from '../../kube/strategic-merge/patch-meta.js';
import { type ApplyOptions, applyOptionsFromFlags } from './options.js';
import { createBody, LAST_APPLIED, modifiedConfiguration, threeWayJsonMergePatch, threeWayPatch } from './client-side.js';
import { lastAppliedSavePatch, LAST_APPLIED_MANAGER, migrationPatch } from './server-side.js';
import {
  type ResolvedObject,
  addSourceToError,
  createObjectStep,
  describeTarget,
  dryRunSuffix,
  encodeObject,
  exitWithErrors,
  getObjectStep,
  kindSlashName,
  loadObjectsOpenApi,
  patchObjectStep,
  readManifestFiles,
  resolveObjects,
  StepShower,
  warnBareDryRun,
  writeQuery,
} from './objects.js';
import { applyOfflinePlan } from './offline-script.js';
import { runStep, showWhenOffline } from '../../plan/run-plan.js';
import type { ApplyFlags } from './flags.js';

type Obj = Record<string, unknown>;

// kubectl apply: maxPatchRetry
const MAX_PATCH_RETRY = 5;

export async function runApply(session: Session, positionals: string[], flags: ApplyFlags, given: ReadonlySet<string>): Promise<number> {
  const opts = applyOptionsFromFlags(positionals, flags, given);
  warnBareDryRun(session, flags);
  let items = await readManifestFiles(session, opts);
  if (opts.labelSelector !== undefined) {
    // kubectl apply -l: the builder keeps only the objects of the files whose labels match.
    const requirements = parseLabelSelector(opts.labelSelector);
    items = items.filter((i) => matchesLabels(requirements, (i.object.metadata?.labels ?? {}) as Record<string, string>));
  }
  if (items.length === 0) throw inputError('no objects passed to apply');
  for (const i of items) {
    const generateName = i.object.metadata?.generateName;
    // kubectl apply (GetObjects): an object has to be found by name, so generateName cannot work.
    if (!i.object.metadata?.name && typeof generateName === 'string' && generateName)
      throw inputError(`from ${generateName}: cannot use generate name with apply`);
  }
  const objects = await resolveObjects(session, items, opts.explicitNamespace);

  // --explain: every request apply may send (each object's GET, create and patch, or the apply PATCHes), explained
  // and its Role printed once, before the first is sent.
  const offlinePlan = await session.finalize(applyOfflinePlan(objects, opts));
  // Client-side, the plan's notes describe the offline script (its whole-configuration patch), not what this run sends.
  await session.explain(opts.serverSide ? offlinePlan : { ...offlinePlan, notes: undefined });
  // Without the cluster the patch cannot be three-way: --offline shows the plan whose GETs decide create or patch.
  if (await showWhenOffline(session, offlinePlan)) return 0;

  const runner = new ApplyRunner(session, opts);
  await runner.loadOpenApi(objects);
  const errors: unknown[] = [];
  const printed: Obj[] = [];
  for (const o of objects) {
    try {
      const { operation, object } = opts.serverSide ? await runner.serverSide(o) : await runner.clientSide(o);
      printed.push(object);
      if (opts.output === 'name') session.io.stdout.write(`${kindSlashName(o.resource, o.name)}\n`);
      else if (opts.output === '') session.io.stdout.write(`${kindSlashName(o.resource, o.name)} ${operation}${dryRunSuffix(opts.dryRun)}\n`);
    } catch (e) {
      if (!(e instanceof KcurlError) && !(e instanceof StrategicPatchError) && !(e instanceof PatchMetaError)) throw e;
      errors.push(e instanceof KcurlError ? e : new KcurlError('KCURL_INPUT', (e as Error).message));
    }
  }
  if ((opts.output === 'json' || opts.output === 'yaml') && printed.length > 0) session.io.stdout.write(printApplied(opts.output, printed));
  return exitWithErrors(session, errors);
}

class ApplyRunner {
  readonly #docs = new Map<string, Obj>();
  readonly #shower: StepShower;

  constructor(
    readonly session: Session,
    readonly opts: ApplyOptions,
  ) {
    this.#shower = new StepShower(session);
  }

  /**
   * Each request is a stage of its own, decided from the answers before it (GET, then POST or the three-way PATCH):
   * run through the plan interpreter, shown (with --show-curl) as a continuation of the script unless it is an
   * OpenAPI read; -v and the REST line come from the session.
   */
  async send(step: RequestStep): Promise<StepResponse> {
    const plan = await this.session.finalize({ command: 'kubectl apply', steps: [step] });
    const result = await runStep(this.session, plan, { show: step.role === 'call' ? (p) => this.#shower.show(p) : false });
    return result.responses[0];
  }

  /** GET /openapi/v3, then each group-version document the objects need, in the order of the objects. */
  async loadOpenApi(objects: ResolvedObject[]): Promise<void> {
    const docs = await loadObjectsOpenApi(this.session, objects, (step) => this.send(step));
    for (const [k, v] of docs) this.#docs.set(k, v);
  }

  async clientSide(o: ResolvedObject): Promise<{ operation: string; object: Obj }> {
    if (!o.name) {
      throw inputError(`error when retrieving current configuration of:\n${infoString(o)}\nfrom server for: "${o.source}": resource name may not be empty`);
    }
    const modified = modifiedConfiguration(o.object, true);
    let res = await this.send(getObjectStep(o));
    if (res.status === 404) {
      // resource.Info.Get: a NotFound outside the default namespace makes kubectl check that the namespace
      // exists (its own NotFound is what kubectl reports then; the create below fails the same way).
      if (o.namespace && o.namespace !== 'default') await this.send(namespaceStep(o.namespace));
      const body = createBody(o.object);
      if (this.opts.dryRun === 'client') return { operation: 'created', object: JSON.parse(body) as Obj };
      const step = createObjectStep(
        o,
        body,
        'application/json',
        writeQuery({ fieldManager: this.opts.fieldManager, fieldValidation: this.opts.fieldValidation, dryRun: this.opts.dryRun }),
      );
      const created = await this.send(step);
      if (created.status >= 300) throw addSourceToError('creating', o.source, statusError(created));
      return { operation: 'created', object: JSON.parse(created.body) as Obj };
    }
    if (res.status >= 300) {
      throw addSourceToError(`retrieving current configuration of:\n${infoString(o)}\nfrom server for:`, o.source, statusError(res));
    }
    let current = JSON.parse(res.body) as Obj;
    if (this.opts.dryRun === 'client') return { operation: 'configured', object: current };
    const annotations = (current.metadata as Obj | undefined)?.annotations as Obj | undefined;
    if (!annotations || !(LAST_APPLIED in annotations)) {
      this.session.io.stderr.write(
        `Warning: resource ${o.resource.resource}${o.resource.group ? `.${o.resource.group}` : ''}/${o.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
      );
    }
    let patch = '';
    for (let attempt = 0; ; attempt++) {
      const { body, contentType } = this.#patchFor(o, modified, current);
      patch = body;
      if (patch === '{}') return { operation: 'unchanged', object: current };
      const step = patchObjectStep(
        o,
        patch,
        contentType,
        writeQuery({ fieldManager: this.opts.fieldManager, fieldValidation: this.opts.fieldValidation, dryRun: this.opts.dryRun }),
        `patch ${describeTarget(o)} (three-way ${contentType === 'application/strategic-merge-patch+json' ? 'strategic merge' : 'JSON merge'} patch)`,
      );
      res = await this.send(step);
      // kubectl's Patcher: on a conflict, read the object again and recompute the patch (up to 5 times).
      if (res.status === 409 && attempt < MAX_PATCH_RETRY) {
        const again = await this.send(getObjectStep(o));
        if (again.status >= 300) throw statusError(again);
        current = JSON.parse(again.body) as Obj;
        continue;
      }
      break;
    }
    if (res.status >= 300) {
      const inner = addSourceToError('patching', o.source, statusError(res));
      throw addSourceToError(`applying patch:\n${patch}\nto:\n${infoString(o)}\nfor:`, o.source, inner);
    }
    return { operation: 'configured', object: JSON.parse(res.body) as Obj };
  }

  #patchFor(o: ResolvedObject, modified: string, current: Obj): { body: string; contentType: string } {
    const key = openApiKey(o.resource.group, o.resource.version);
    const doc = this.#docs.get(key);
    const { group, version, kind } = o.resource;
    if (doc && supportsStrategicMergePatch(doc, group, version, kind)) {
      return { body: threeWayPatch({ modified, current, group, version, kind, openApi: doc }), contentType: 'application/strategic-merge-patch+json' };
    }
    // kubectl: no strategic merge patch for the kind (custom resources) → a three-way JSON merge patch. (kubectl
    // first reads /openapi/v2 here for its fallback; the answer never changes the patch, so kcurl skips it.)
    return { body: threeWayJsonMergePatch(modified, current), contentType: 'application/merge-patch+json' };
  }

  async serverSide(o: ResolvedObject): Promise<{ operation: string; object: Obj }> {
    if (!o.name) throw inputError('resource name may not be empty');
    const data = encodeObject(o.object);
    const applyQuery = writeQuery({
      fieldManager: this.opts.fieldManager,
      fieldValidation: this.opts.fieldValidation,
      dryRun: this.opts.dryRun,
      force: this.opts.forceConflicts,
    });
    const applyStep = patchObjectStep(o, data, 'application/apply-patch+yaml', applyQuery, `server-side apply ${describeTarget(o)}`);
    let res = await this.send(applyStep);
    if (res.status >= 300) throw serverSideError(statusError(res));
    let obj = JSON.parse(res.body) as Obj;
    // kubectl: saveLastApplyAnnotationIfNecessary, then migrateToSSAIfNecessary, then apply once more.
    const save = lastAppliedSavePatch(obj, this.opts.fieldManager, o.object.apiVersion, o.resource.kind);
    if (save !== undefined) {
      const saveQuery = writeQuery({ fieldManager: LAST_APPLIED_MANAGER, fieldValidation: this.opts.fieldValidation, dryRun: this.opts.dryRun });
      res = await this.send(
        patchObjectStep(o, save, 'application/apply-patch+yaml', saveQuery, `keep the ${LAST_APPLIED} annotation under field manager ${LAST_APPLIED_MANAGER}`),
      );
      if (res.status >= 300) {
        this.session.io.stderr.write(`Warning: failed to preserve last-applied-configuration annotation: ${parseStatus(res).message ?? ''}\n`);
        return { operation: 'serverside-applied', object: obj };
      }
      obj = JSON.parse(res.body) as Obj;
    }
    let migrated = false;
    for (let attempt = 0; attempt < MAX_PATCH_RETRY; attempt++) {
      const patch = migrationPatch(obj, this.opts.fieldManager);
      if (patch === undefined) break;
      const q = writeQuery({ fieldManager: this.opts.fieldManager, fieldValidation: this.opts.fieldValidation, dryRun: this.opts.dryRun });
      res = await this.send(patchObjectStep(o, patch, 'application/json-patch+json', q, `move client-side apply field ownership to ${this.opts.fieldManager}`));
      if (res.status < 300) {
        obj = JSON.parse(res.body) as Obj;
        migrated = true;
        break;
      }
      if (res.status !== 409) {
        this.session.io.stderr.write(
          `Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ${parseStatus(res).message ?? ''}\n`,
        );
        break;
      }
      const again = await this.send(getObjectStep(o));
      if (again.status >= 300) break;
      obj = JSON.parse(again.body) as Obj;
    }
    if (migrated) {
      res = await this.send(applyStep);
      if (res.status < 300) obj = JSON.parse(res.body) as Obj;
      else
        this.session.io.stderr.write(
          `Warning: failed to re-apply configuration after performing Server-Side Apply migration. This is non-fatal and will be retried next time you apply. Error: ${parseStatus(res).message ?? ''}\n`,
        );
    }
    return { operation: 'serverside-applied', object: obj };
  }
}

function namespaceStep(namespace: string): RequestStep {
  return {
    method: 'GET',
    path: `/api/v1/namespaces/${pathSegment(namespace)}`,
    query: [],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `check that namespace ${namespace} exists`,
    kind: 'lookup',
    role: 'call',
  };
}

/**
 * kubectl apply -o json|yaml (printObjects): one object as itself, several as a typed v1 List, whose JSON keeps
 * the struct's field order (kind, apiVersion, metadata, items); managedFields hidden as kubectl hides them.
 */
export function printApplied(format: 'json' | 'yaml', objects: Obj[]): string {
  if (objects.length === 1) return printObjects(format, objects[0]);
  const items = objects.map((o) => omitManagedFields(o));
  if (format === 'yaml') return printObjects('yaml', { apiVersion: 'v1', items, kind: 'List', metadata: {} });
  return goJsonMarshal({ items }, '    ').replace(/^\{\n/, '{\n    "kind": "List",\n    "apiVersion": "v1",\n    "metadata": {},\n') + '\n';
}

function statusError(res: { status: number; body: string }): ApiStatusError {
  return new ApiStatusError(res.status, parseStatus(res));
}

/** resource.Info.String(): the mapping and the object's name and namespace. */
function infoString(o: ResolvedObject): string {
  const r = o.resource;
  const gv = `${r.group}/${r.version}`;
  return `Resource: "${gv}, Resource=${r.resource}", GroupVersionKind: "${gv}, Kind=${r.kind}"\nName: "${o.name}", Namespace: "${o.namespace}"`;
}

/** kubectl apply --server-side on a conflict: the server's message and how to resolve it. */
function serverSideError(err: ApiStatusError): KcurlError {
  if (err.httpStatus !== 409) return err;
  return new KcurlError(
    'KCURL_API_STATUS',
    `${err.status.message ?? ''}
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`,
  );
}
