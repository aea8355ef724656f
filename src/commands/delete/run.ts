// kcurl delete TYPE NAME… | TYPE/NAME… | -f FILE | TYPE -l SEL | TYPE --all: kubectl delete's requests —
// a LIST for selectors and --all, one DELETE per object with kubectl's DeleteOptions body, then (--wait,
// the default) a GET per deleted object until the server no longer has it.
import { ApiStatusError, KcurlError, type KubeStatus, inputError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { type StepResult, runStep, showWhenOffline } from '../../plan/run-plan.js';
import { parseStatus } from '../../http/status.js';
import { streamStatusError, watchEvents } from '../../http/stream-body.js';
import { parseDuration } from '../../kube/duration.js';
import { type ApiResource, apiPath } from '../../kube/resources.js';
import { validateFieldSelector, validateLabelSelector } from '../../kube/selectors.js';
import { goJsonString } from '../../output/go-format.js';
import { ACCEPT, type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { parseTargets } from '../get/options.js';
import {
  type DryRun,
  StepShower,
  addSourceToError,
  dryRunSuffix,
  exitWithErrors,
  kindLabel,
  kindSlashName,
  parseDryRun,
  readManifestFiles,
  resolveObjects,
  warnBareDryRun,
} from '../apply/objects.js';
import type { DeleteFlags } from './flags.js';

export interface DeleteOptions {
  args: string[];
  filenames: string[];
  recursive: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  all: boolean;
  allNamespaces: boolean;
  /** -1: the server's default. */
  gracePeriod: number;
  force: boolean;
  cascade: 'Background' | 'Foreground' | 'Orphan';
  wait: boolean;
  ignoreNotFound: boolean;
  dryRun: DryRun;
  output: '' | 'name';
  timeoutMs: number;
  explicitNamespace?: string;
}

/** kubectl delete's Complete/Validate: flag combinations and their defaults. */
export function deleteOptionsFromFlags(positionals: string[], flags: DeleteFlags, given: ReadonlySet<string>): DeleteOptions {
  const filenames = flags.filename ?? [];
  const labelSelector = flags.selector;
  const fieldSelector = flags.fieldSelector;
  const all = flags.all;
  let gracePeriod = flags.gracePeriod ?? -1;
  const now = flags.now;
  const force = flags.force;
  if (now) {
    if (gracePeriod !== -1) throw usageError('--now and --grace-period cannot be specified together');
    gracePeriod = 1;
  }
  // kubectl: --grace-period=0 without --force becomes 1, to prevent accidental data loss.
  if (gracePeriod === 0 && !force) gracePeriod = 1;
  if (force && gracePeriod < 0) gracePeriod = 0;
  const cascadeFlag = String(flags.cascade ?? 'background');
  const cascade = (
    { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' } as Record<string, DeleteOptions['cascade']>
  )[cascadeFlag];
  if (!cascade) throw usageError(`invalid cascade value (${cascadeFlag}). Must be "background", "foreground", or "orphan"`);
  const output = flags.output ?? '';
  if (output !== '' && output !== 'name') throw usageError(`unexpected -o output mode: ${output}, the flag 'output' must be one of yaml|wide|name|json`);
  if (filenames.length > 0 && positionals.length > 0)
    throw usageError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  if (filenames.length === 0 && positionals.length === 0) {
    throw usageError(
      'You must provide one or more resources by argument or filename.',
      "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  if (labelSelector !== undefined) validateLabelSelector(labelSelector);
  if (fieldSelector !== undefined) validateFieldSelector(fieldSelector);
  const listing = all || labelSelector !== undefined || fieldSelector !== undefined;
  if (listing && positionals.some((a) => a.includes('/'))) throw usageError('name cannot be provided when a selector is specified');
  // kubectl: with --all, -l or --field-selector, NotFound is ignored unless --ignore-not-found was given.
  const ignoreNotFound = given.has('ignore-not-found') ? flags.ignoreNotFound : listing;
  const timeout = flags.timeout;
  return {
    args: positionals,
    filenames,
    recursive: flags.recursive,
    labelSelector,
    fieldSelector,
    all,
    allNamespaces: flags.allNamespaces,
    gracePeriod,
    force,
    cascade,
    wait: flags.wait === undefined ? true : flags.wait,
    ignoreNotFound,
    dryRun: parseDryRun(flags.dryRun),
    output: output as DeleteOptions['output'],
    timeoutMs: timeout ? parseDuration(timeout) : 0,
    explicitNamespace: given.has('namespace') ? flags.namespace : undefined,
  };
}

/** metav1.DeleteOptions as kubectl sends it: struct field order, a final newline. */
export function deleteBody(opts: Pick<DeleteOptions, 'gracePeriod' | 'cascade' | 'dryRun'>): string {
  const parts: string[] = [];
  if (opts.gracePeriod >= 0) parts.push(`"gracePeriodSeconds":${opts.gracePeriod}`);
  parts.push(`"propagationPolicy":${goJsonString(opts.cascade)}`);
  if (opts.dryRun === 'server') parts.push('"dryRun":["All"]');
  return `{${parts.join(',')}}\n`;
}

export interface DeleteTarget {
  resource: ApiResource;
  name: string;
  namespace: string;
  source: string;
}

export function deleteStep(t: DeleteTarget, opts: DeleteOptions): RequestStep {
  const purpose = `delete ${t.resource.singularName} "${t.name}"${t.namespace ? ` in namespace ${t.namespace}` : ''} (propagationPolicy ${opts.cascade})`;
  return bodyStep('DELETE', apiPath(t.resource, { namespace: t.namespace || undefined, name: t.name }), [], deleteBody(opts), 'application/json', purpose);
}

function listStep(r: ApiResource, namespace: string | undefined, opts: DeleteOptions): RequestStep {
  const query: [string, string][] = [];
  if (opts.labelSelector) query.push(['labelSelector', opts.labelSelector]);
  if (opts.fieldSelector) query.push(['fieldSelector', opts.fieldSelector]);
  return {
    method: 'GET',
    path: apiPath(r, { namespace }),
    query,
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `list ${r.group ? `${r.resource}.${r.group}` : r.resource}${namespace ? ` in namespace ${namespace}` : ''} to find what to delete`,
    kind: 'list',
    role: 'call',
  };
}

function getStep(t: DeleteTarget): RequestStep {
  return {
    method: 'GET',
    path: apiPath(t.resource, { namespace: t.namespace || undefined, name: t.name }),
    query: [],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `check that ${t.resource.singularName} "${t.name}" is gone (--wait)`,
    kind: 'get',
    role: 'call',
  };
}

export async function runDelete(session: Session, positionals: string[], flags: DeleteFlags, given: ReadonlySet<string>): Promise<number> {
  const opts = deleteOptionsFromFlags(positionals, flags, given);
  warnBareDryRun(session, flags);
  const creds = await session.credentials();
  const namespace = opts.explicitNamespace ?? creds.namespace.value;
  const errors: unknown[] = [];
  const shower = new StepShower(session);
  /** Each request is a stage of its own, decided from the answers before it: --request-timeout applied, shown, then sent. */
  const stage = async (step: RequestStep) =>
    runStep(session, await session.finalize({ command: 'kubectl delete', steps: [step] }), { show: (p) => shower.show(p) });
  const send = async (step: RequestStep) => (await stage(step)).responses[0];

  // What to delete: named objects, a manifest's objects, or whatever a LIST returns.
  let targets: DeleteTarget[] = [];
  const listings: { resource: ApiResource; namespace?: string }[] = [];
  if (opts.filenames.length > 0) {
    const items = await readManifestFiles(session, opts);
    const objects = await resolveObjects(session, items, opts.explicitNamespace);
    const unnamed = objects.find((o) => !o.name);
    if (unnamed) throw inputError(`error when deleting "${unnamed.source}": resource name may not be empty`);
    targets = objects.map((o) => ({ resource: o.resource, name: o.name, namespace: o.namespace, source: o.source }));
  } else {
    const parsed = parseTargets(opts.args);
    const resources = await session.resolveTypes(parsed.map((t) => t.type));
    for (const [i, t] of parsed.entries()) {
      const r = resources[i];
      const ns = r.namespaced ? namespace : '';
      if (t.names.length > 0) {
        if (opts.all || opts.labelSelector !== undefined || opts.fieldSelector !== undefined)
          throw usageError('name cannot be provided when a selector is specified');
        for (const name of t.names) targets.push({ resource: r, name, namespace: ns, source: '' });
      } else {
        if (!opts.all && opts.labelSelector === undefined && opts.fieldSelector === undefined) {
          throw usageError('resource(s) were provided, but no name was specified');
        }
        listings.push({ resource: r, namespace: r.namespaced && !opts.allNamespaces ? namespace : undefined });
      }
    }
  }

  // What is known before any answer: the lists, then the DELETEs of named objects (--offline ends there).
  const known = await session.finalize({
    command: 'kubectl delete',
    steps: [...listings.map((l) => listStep(l.resource, l.namespace, opts)), ...targets.map((t) => deleteStep(t, opts))],
    notes: [
      ...(listings.length ? ['kubectl lists the selected objects first, then sends one DELETE per object it found (…/NAME)'] : []),
      ...(opts.wait && opts.dryRun === 'none' ? ['kubectl then GETs each deleted object until the server answers 404 (--wait=false skips that)'] : []),
    ],
  });
  if (await showWhenOffline(session, known)) return 0;

  for (const l of listings) {
    const res = await send(listStep(l.resource, l.namespace, opts));
    if (res.status >= 300) {
      errors.push(new ApiStatusError(res.status, parseStatus(res)));
      continue;
    }
    const list = JSON.parse(res.body) as { items?: { metadata?: { name?: string; namespace?: string } }[] };
    for (const item of list.items ?? []) {
      targets.push({ resource: l.resource, name: item.metadata?.name ?? '', namespace: item.metadata?.namespace ?? '', source: '' });
    }
  }

  if (opts.gracePeriod === 0 && opts.force) {
    session.io.stderr.write(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  }
  // kubectl delete: every visited object is waited for (an ignored NotFound included), but any error ends
  // the command before the wait.
  const visited: { target: DeleteTarget; uid?: string }[] = [];
  for (const t of targets) {
    if (opts.dryRun === 'client') {
      visited.push({ target: t });
      printDeleted(session, opts, t);
      continue;
    }
    const entry: { target: DeleteTarget; uid?: string } = { target: t };
    visited.push(entry);
    const res = await send(deleteStep(t, opts));
    if (res.status === 404 && opts.ignoreNotFound) continue;
    if (res.status >= 300) {
      errors.push(addSourceToError('deleting', t.source, new ApiStatusError(res.status, parseStatus(res))));
      continue;
    }
    try {
      const body = JSON.parse(res.body) as { kind?: string; metadata?: { uid?: string }; details?: { uid?: string } };
      entry.uid = body.kind === 'Status' ? body.details?.uid : body.metadata?.uid;
    } catch {
      entry.uid = undefined;
    }
    printDeleted(session, opts, t);
  }
  if (errors.length === 0 && visited.length === 0) {
    // kubectl delete: a selector or --all that matched nothing.
    session.io.stdout.write('No resources found\n');
    return 0;
  }

  if (errors.length === 0 && opts.wait && opts.dryRun === 'none') {
    for (const d of visited) {
      try {
        await waitUntilGone(send, stage, d.target, d.uid, opts.timeoutMs);
      } catch (e) {
        if (e instanceof KcurlError) errors.push(e);
        else throw e;
      }
    }
  }
  return exitWithErrors(session, errors);
}

function printDeleted(session: Session, opts: DeleteOptions, t: DeleteTarget): void {
  if (opts.output === 'name') {
    session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    return;
  }
  const operation = opts.gracePeriod === 0 ? 'force deleted' : 'deleted';
  session.io.stdout.write(`${kindLabel(t.resource)} "${t.name}" ${operation}${dryRunSuffix(opts.dryRun)}\n`);
}

/**
 * kubectl delete --wait (cmd/wait IsDeleted): GET the object; gone (404) or replaced (another UID) ends the
 * wait. While it still exists, kubectl LISTs it by a metadata.name field selector and WATCHes from that list's
 * resourceVersion until a DELETED event, re-watching when the server ends the stream, up to --timeout.
 */
async function waitUntilGone(
  send: (s: RequestStep) => Promise<{ status: number; body: string }>,
  stage: (s: RequestStep) => Promise<StepResult>,
  t: DeleteTarget,
  uid: string | undefined,
  timeoutMs: number,
): Promise<void> {
  const res = await send(getStep(t));
  if (res.status === 404) return;
  if (res.status >= 300) throw new ApiStatusError(res.status, parseStatus(res));
  const current = JSON.parse(res.body) as { metadata?: { uid?: string } };
  if (uid && current.metadata?.uid && current.metadata.uid !== uid) return;

  // kubectl: a --timeout of 0 means a week.
  const deadline = Date.now() + (timeoutMs > 0 ? timeoutMs : 7 * 24 * 3600 * 1000);
  const timedOut = () => new KcurlError('KCURL_NETWORK', `timed out waiting for the condition on ${t.resource.resource}/${t.name}`);
  const selector = `metadata.name=${t.name}`;
  const path = apiPath(t.resource, { namespace: t.namespace || undefined });
  /** The LIST the watch starts from: its resourceVersion, or undefined when the object is no longer there. */
  const listNamed = async (fromResourceVersion: string): Promise<string | undefined> => {
    const list = await send({
      method: 'GET',
      path,
      query: [
        ['fieldSelector', selector],
        ['limit', '500'],
        ...(fromResourceVersion ? ([['resourceVersion', fromResourceVersion]] as [string, string][]) : []),
      ],
      headers: [['Accept', ACCEPT.json]],
      stream: false,
      purpose: `list ${t.resource.resource} named "${t.name}" to watch it go (--wait)`,
      kind: 'list',
      role: 'call',
    });
    if (list.status >= 300) throw new ApiStatusError(list.status, parseStatus(list));
    const listed = JSON.parse(list.body) as { items?: unknown[]; metadata?: { resourceVersion?: string } };
    return (listed.items ?? []).length === 0 ? undefined : (listed.metadata?.resourceVersion ?? '');
  };
  const listedAt = await listNamed('0');
  if (listedAt === undefined) return;
  let resourceVersion = listedAt;
  while (Date.now() < deadline) {
    const { stream: watched } = await stage({
      method: 'GET',
      path,
      query: [
        ['allowWatchBookmarks', 'true'],
        ['fieldSelector', selector],
        ['resourceVersion', resourceVersion],
        // client-go reflector: a random server-side timeout in [5m, 10m).
        ['timeoutSeconds', String(300 + Math.floor(Math.random() * 300))],
        ['watch', 'true'],
      ],
      headers: [['Accept', ACCEPT.json]],
      stream: true,
      purpose: `watch ${t.resource.singularName} "${t.name}" until it is deleted (--wait)`,
      kind: 'watch',
      role: 'call',
    });
    const stream = watched!;
    if (stream.status >= 300) throw await streamStatusError(stream);
    const timer = setTimeout(() => stream.cancel(), Math.max(0, deadline - Date.now()));
    let failure: KubeStatus | undefined;
    try {
      for await (const event of watchEvents(stream.chunks)) {
        if (event.type === 'DELETED') {
          stream.cancel();
          return;
        }
        if (event.type === 'ERROR') {
          failure = (event.object ?? {}) as KubeStatus;
          stream.cancel();
          break;
        }
        if (event.object?.metadata?.resourceVersion) resourceVersion = event.object.metadata.resourceVersion;
      }
    } finally {
      clearTimeout(timer);
    }
    if (failure) {
      // client-go reflector: a resourceVersion too old to watch from (410 Expired) means listing again, from the
      // latest state; watching from it again would only fail the same way.
      if (Number(failure.code) !== 410) throw new ApiStatusError(Number(failure.code ?? 500), failure);
      const relistedAt = await listNamed('');
      if (relistedAt === undefined) return;
      resourceVersion = relistedAt;
    }
  }
  throw timedOut();
}
