// kcurl apply --offline: the plan that does what apply does without kcurl, printed by the generic snippet
// renderer. Client-side apply is create-or-patch, so for each object the plan GETs it and its HTTP status
// decides: 404 → POST the object with its last-applied-configuration annotation; 200 → PATCH; anything else
// is reported. Pure: objects in, plan out.
import type { Credentials } from '../../kube/credentials-types.js';
import type { RequestPlan, RequestStep } from '../../plan/request-plan.js';
import { renderCurl } from '../../render/curl.js';
import type { ApplyOptions } from './options.js';
import { createBody, modifiedConfiguration } from './client-side.js';
import { type ResolvedObject, createObjectStep, describeTarget, encodeObject, getObjectStep, kindSlashName, patchObjectStep, writeQuery } from './objects.js';

export interface ScriptOptions {
  reveal: boolean;
  commandLine?: string;
  /** Applies --request-timeout and the like to each step (Session.finalize, synchronously prepared). */
  finalize: (step: RequestStep) => RequestStep;
}

/** The steps of one object's create-or-patch, for tests and the plan. */
export function clientSideBranches(o: ResolvedObject, opts: ApplyOptions): { get: RequestStep; create: RequestStep; patch: RequestStep } {
  const query = writeQuery({ fieldManager: opts.fieldManager, fieldValidation: opts.fieldValidation, dryRun: opts.dryRun });
  return {
    get: getObjectStep(o),
    create: createObjectStep(o, createBody(o.object), 'application/json', query),
    // Without the live object a three-way patch cannot be computed; the whole configuration (with the new
    // annotation) as a strategic merge patch sets every field the manifest names.
    patch: patchObjectStep(
      o,
      modifiedConfiguration(o.object, true),
      'application/strategic-merge-patch+json',
      query,
      `patch ${describeTarget(o)} with the whole configuration`,
    ),
  };
}

/** apply's requests as they can be known without the cluster: the apply PATCHes, or each object's create-or-patch. */
export function applyOfflinePlan(objects: ResolvedObject[], opts: ApplyOptions): RequestPlan {
  if (opts.serverSide) {
    const query = writeQuery({ fieldManager: opts.fieldManager, fieldValidation: opts.fieldValidation, dryRun: opts.dryRun, force: opts.forceConflicts });
    return {
      command: 'kubectl apply',
      steps: objects.map((o) => patchObjectStep(o, encodeObject(o.object), 'application/apply-patch+yaml', query, `server-side apply ${describeTarget(o)}`)),
      notes: [
        'kubectl first reads the OpenAPI v3 index and documents (GET /openapi/v3); curl needs none of it',
        'for an object applied client-side before, kubectl then also moves field ownership to the server-side manager (two more PATCH requests)',
      ],
    };
  }
  const steps: RequestStep[] = [];
  for (const o of objects) {
    const b = clientSideBranches(o, opts);
    const get = steps.push({ ...b.get, statusOnly: { report: `GET ${kindSlashName(o.resource, o.name)}` } }) - 1;
    steps.push({ ...b.create, onlyAfter: { step: get, status: 404 } }, { ...b.patch, onlyAfter: { step: get, status: 200 } });
  }
  return {
    command: 'kubectl apply',
    steps,
    notes: [
      'kubectl apply creates an object that does not exist yet and patches one that does: each GET below decides.\n' +
        'kubectl first reads the OpenAPI v3 index and documents (GET /openapi/v3) to learn how lists merge; curl needs none of it.\n' +
        'For an existing object kubectl sends a three-way strategic merge patch computed from the live object; this script\n' +
        'sends the whole configuration as the patch, which sets every field the manifest names but cannot remove fields\n' +
        'dropped from the manifest since the last apply (run kcurl apply to send the exact patch).',
      ...(opts.dryRun === 'client' ? ['--dry-run=client: kubectl sends only the GETs; the branches below show what it would send.'] : []),
    ],
  };
}

/** The --offline script, as the generic renderer prints the plan. */
export function renderApplyScript(objects: ResolvedObject[], opts: ApplyOptions, creds: Credentials, so: ScriptOptions): string {
  const plan = applyOfflinePlan(objects, opts);
  return renderCurl({ ...plan, steps: plan.steps.map(so.finalize) }, creds, { reveal: so.reveal, form: 'script', commandLine: so.commandLine });
}
