// kcurl apply --offline: one bash script that does what apply does without kcurl. Client-side apply is
// create-or-patch, so for each object the script GETs it and branches on the HTTP status: 404 → POST the
// object with its last-applied-configuration annotation; 200 → PATCH. Pure: plan steps in, text out.
import type { Credentials } from '../../kube/credentials-types.js';
import type { RequestStep } from '../../plan/request-plan.js';
import { renderPreamble, tlsServerNameRoute } from '../../render/credential-preamble.js';
import { curlForStep, renderCurl } from '../../render/curl.js';
import { restCallLines } from '../../render/rest-call.js';
import { shellComment, shellQuote } from '../../render/shell-quote.js';
import type { ApplyOptions } from './options.js';
import { createBody, modifiedConfiguration } from './client-side.js';
import { type ResolvedObject, createObjectStep, describeTarget, encodeObject, getObjectStep, kindSlashName, patchObjectStep, writeQuery } from './objects.js';

export interface ScriptOptions {
  reveal: boolean;
  commandLine?: string;
  /** Applies --request-timeout and the like to each step (Session.finalize, synchronously prepared). */
  finalize: (step: RequestStep) => RequestStep;
}

/** The steps of one object's create-or-patch, for tests and the script. */
export function clientSideBranches(o: ResolvedObject, opts: ApplyOptions): { get: RequestStep; create: RequestStep; patch: RequestStep } {
  const query = writeQuery({ fieldManager: opts.fieldManager, fieldValidation: opts.fieldValidation, dryRun: opts.dryRun });
  return {
    get: getObjectStep(o),
    create: createObjectStep(o, createBody(o.object), 'application/json', query),
    // Without the live object a three-way patch cannot be computed; the whole configuration (with the new
    // annotation) as a strategic merge patch sets every field the manifest names.
    patch: patchObjectStep(o, modifiedConfiguration(o.object, true), 'application/strategic-merge-patch+json', query, `patch ${describeTarget(o)} with the whole configuration`),
  };
}

export function renderApplyScript(objects: ResolvedObject[], opts: ApplyOptions, creds: Credentials, so: ScriptOptions): string {
  if (opts.serverSide) {
    const steps = objects.map((o) =>
      so.finalize(
        patchObjectStep(
          o,
          encodeObject(o.object),
          'application/apply-patch+yaml',
          writeQuery({ fieldManager: opts.fieldManager, fieldValidation: opts.fieldValidation, dryRun: opts.dryRun, force: opts.forceConflicts }),
          `server-side apply ${describeTarget(o)}`,
        ),
      ),
    );
    return renderCurl({ command: 'kubectl apply', steps, notes: serverSideNotes() }, creds, { reveal: so.reveal, form: 'script', commandLine: so.commandLine });
  }
  const preamble = renderPreamble(creds, { reveal: so.reveal });
  const server = so.reveal ? (tlsServerNameRoute(creds)?.url ?? creds.server.value) : undefined;
  const curl = (s: RequestStep, indent = '') => curlForStep(s, preamble, { multiline: true, indent, server });
  const describe = (s: RequestStep, prefix: string) => [shellComment(`${prefix}${s.purpose}`), ...restCallLines(s, creds, { reveal: false }).map((l) => shellComment(l, '#   '))];
  const out: string[] = [];
  if (so.commandLine) out.push(shellComment(so.commandLine));
  out.push(
    shellComment(
      'kubectl apply creates an object that does not exist yet and patches one that does: each GET below decides.\n' +
        'kubectl first reads the OpenAPI v3 index and documents (GET /openapi/v3) to learn how lists merge; curl needs none of it.\n' +
        'For an existing object kubectl sends a three-way strategic merge patch computed from the live object; this script\n' +
        'sends the whole configuration as the patch, which sets every field the manifest names but cannot remove fields\n' +
        'dropped from the manifest since the last apply (run kcurl apply to send the exact patch).',
    ),
  );
  if (opts.dryRun === 'client') out.push(shellComment('--dry-run=client: kubectl sends only the GETs; the branches below show what it would send.'));
  out.push(...preamble.lines, '');
  for (const o of objects) {
    const b = clientSideBranches(o, opts);
    const get = so.finalize(b.get);
    const create = so.finalize(b.create);
    const patch = so.finalize(b.patch);
    const label = kindSlashName(o.resource, o.name);
    out.push(...describe(get, `${label}: `));
    out.push(`status=$(${curl(get).replace(/^curl -sS/, "curl -sS -o /dev/null -w '%{http_code}'")})`);
    out.push('if [ "$status" = 404 ]; then');
    out.push(...describe(create, '').map((l) => `  ${l}`));
    out.push(`  ${curl(create, '  ')}`);
    out.push('elif [ "$status" = 200 ]; then');
    out.push(...describe(patch, '').map((l) => `  ${l}`));
    out.push(`  ${curl(patch, '  ')}`);
    out.push('else');
    out.push(`  echo ${shellQuote(`GET ${label} answered HTTP `)}"$status" >&2`);
    out.push('fi');
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function serverSideNotes(): string[] {
  return [
    'kubectl first reads the OpenAPI v3 index and documents (GET /openapi/v3); curl needs none of it',
    'for an object applied client-side before, kubectl then also moves field ownership to the server-side manager (two more PATCH requests)',
  ];
}
