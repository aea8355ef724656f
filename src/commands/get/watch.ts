// kcurl get --watch / --watch-only: kubectl get's watch (get.go `watch`): the list (or the named object) first,
// then GET …?watch=true from the list's resourceVersion (0 and a metadata.name field selector for one object),
// each event printed as it arrives. Ends with exit 0 when the server closes the watch, on --request-timeout
// and on Ctrl-C.
import { ApiStatusError, KcurlError, type KubeStatus } from '../../errors.js';
import { streamStatusError, watchEvents } from '../../http/stream-body.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { executeJsonPath, parseJsonPathTemplate } from '../../output/jsonpath.js';
import { printCustomColumns } from '../../output/custom-columns.js';
import { goJsonMarshal, goJsonString } from '../../output/go-format.js';
import { marshalYaml } from '../../output/go-yaml.js';
import { listItems, printObjects } from '../../output/json-yaml.js';
import { printNames } from '../../output/name-printer.js';
import { type MetaV1Table, TableStreamPrinter } from '../../output/table-printer.js';
import { header, type RequestPlan, type RequestStep } from '../../plan/request-plan.js';
import type { GetOptions } from './options.js';
import { type ResolvedTarget, describeResource, getStep } from './plan.js';
import { runPlan } from '../../plan/run-plan.js';

type Obj = Record<string, any>;

export interface WatchOptions {
  /** --watch-only: the first list is fetched (for its resourceVersion) but not printed. */
  watchOnly: boolean;
  /** --output-watch-events: print the event type with each object. */
  events: boolean;
}

/** The watch request kubectl's resource.Helper sends after the list (Watch) or the named GET (WatchSingle). */
export function watchStep(opts: GetOptions, target: ResolvedTarget, namespace: string, resourceVersion: string | undefined, accept: string): RequestStep {
  const r = target.resource;
  const ns = r.namespaced && !opts.allNamespaces ? namespace : undefined;
  const name = target.names[0];
  const query: [string, string][] = [];
  if (name !== undefined) query.push(['fieldSelector', `metadata.name=${name}`]);
  else {
    if (opts.labelSelector) query.push(['labelSelector', opts.labelSelector]);
    if (opts.fieldSelector) query.push(['fieldSelector', opts.fieldSelector]);
  }
  if (resourceVersion !== undefined) query.push(['resourceVersion', resourceVersion]);
  query.push(['watch', 'true']);
  const where = ns ? ` in namespace ${ns}` : r.namespaced ? ' in all namespaces' : '';
  const step: RequestStep = {
    method: 'GET',
    path: apiPath(r, { namespace: ns }),
    query,
    headers: [['Accept', accept]],
    stream: true,
    purpose: `watch ${name !== undefined ? `${r.singularName || r.resource} "${name}"` : describeResource(r)}${where} (events as they happen)`,
    kind: 'watch',
    role: 'call',
  };
  // A list's watch starts at the resourceVersion of the list, the plan's first step (the snippet reads it there).
  if (name === undefined) step.fromAnswer = [{ param: 'resourceVersion', step: 0, field: 'resourceVersion' }];
  return step;
}

/** Prints objects and events the way kubectl's printer for the chosen -o does, one call per object. */
export class WatchPrinter {
  #table?: TableStreamPrinter;
  #yamlCount = 0;
  #customHeaderDone = false;

  constructor(
    private readonly opts: GetOptions,
    private readonly target: ResolvedTarget,
    now: Date,
  ) {
    if (opts.output.kind === 'table') {
      this.#table = new TableStreamPrinter({
        wide: opts.output.wide,
        noHeaders: opts.noHeaders,
        showLabels: opts.showLabels,
        labelColumns: opts.labelColumns,
        withNamespace: opts.allNamespaces,
        namespaced: target.resource.namespaced,
        now,
      });
    }
  }

  /** A Table (human output: the list, or one event's one-row Table). */
  table(table: MetaV1Table, eventType: string | undefined): string {
    return this.#table!.print(table, eventType);
  }

  /** One object (any other output), wrapped in its event with --output-watch-events. */
  object(obj: Obj, eventType: string | undefined): string {
    const out = this.opts.output;
    switch (out.kind) {
      case 'json':
        // printers.JSONPrinter: a WatchEvent is json.Marshal'ed compact (type first), managedFields and all.
        return eventType ? `{"type":${goJsonString(eventType)},"object":${goJsonMarshal(obj)}}\n` : printObjects('json', obj);
      case 'yaml': {
        // printers.YAMLPrinter separates the objects it prints with ---.
        const text = eventType ? marshalYaml({ object: obj, type: eventType }) : printObjects('yaml', obj);
        return (this.#yamlCount++ > 0 ? '---\n' : '') + text;
      }
      case 'name':
        return printNames([obj], { kind: this.target.resource.kind, resource: this.target.resource.resource, group: this.target.resource.group });
      case 'jsonpath':
        return executeJsonPath(parseJsonPathTemplate(out.template), eventType ? { type: eventType, object: obj } : obj, { allowMissingKeys: true });
      case 'custom-columns': {
        const text = printCustomColumns(out.spec, [obj], { noHeaders: this.opts.noHeaders || this.#customHeaderDone });
        this.#customHeaderDone = true;
        return text;
      }
      default:
        throw new KcurlError('KCURL_INTERNAL', `internal: no watch printer for output ${out.kind}`);
    }
  }
}

export async function runGetWatch(session: Session, opts: GetOptions, targets: ResolvedTarget[], namespace: string, w: WatchOptions): Promise<number> {
  // get.go watch: the builder's SingleResourceType, before anything is sent.
  if (targets.length > 1) throw new KcurlError('KCURL_USAGE', 'you may only specify a single resource type');
  const target = targets[0];
  if (target.names.length > 1) return watchSeveralNames(session, opts, target, namespace);
  const named = target.names.length === 1;
  const first = getStep(opts, target, namespace, named ? target.names[0] : undefined);
  const accept = header(first, 'Accept') ?? 'application/json';
  const io = session.io;

  // The list (every page) or the named object, then the watch: from the list's resourceVersion (the interpreter
  // fills it in from the first answer), or from 0 for one object, which starts at ~now with a synthetic ADDED.
  const plan: RequestPlan = {
    command: 'kubectl get',
    steps: [first, watchStep(opts, target, namespace, named ? '0' : undefined, accept)],
    notes: named ? ['the watch starts at resourceVersion 0: its first event is the object as it is now (kubectl does not print that one again)'] : [],
  };
  const tableMode = opts.output.kind === 'table';
  const addedType = w.events ? 'ADDED' : undefined;
  // Made once the first answer is in: ages count from then.
  let printer!: WatchPrinter;
  const run = await runPlan(session, await session.finalize(plan), {
    json: true,
    onResult: ({ index, answers }) => {
      if (index !== 0) return;
      printer = new WatchPrinter(opts, target, io.now());
      if (w.watchOnly) return;
      const pages = answers as Obj[];
      if (tableMode) {
        const rows = pages.flatMap((p) => (p.kind === 'Table' ? (p.rows ?? []) : []));
        if (rows.length > 0) io.stdout.write(printer.table({ ...(pages[0] as MetaV1Table), rows }, addedType));
      } else {
        const objects = named ? pages : pages.flatMap((p) => listItems(p));
        for (const obj of objects) io.stdout.write(printer.object(obj, addedType));
      }
    },
  });
  if (!run) return 0;

  // A watch of one object begins with a synthetic ADDED event that kubectl does not print.
  let outputObjects = !named;

  // The events.
  const stream = run[1].stream!;
  if (stream.status < 200 || stream.status > 299) throw await streamStatusError(stream);
  const removeHandler = io.onInterrupt(() => stream.cancel());
  // From here on the run may last for hours, one small event at a time.
  const restoreHeap = await io.keepHeapSmall?.({ optimizingCompiler: false, oldGeneration: 'small' });
  let failure: KubeStatus | undefined;
  try {
    for await (const event of watchEvents(stream.chunks)) {
      if (event.type === 'BOOKMARK') continue;
      if (event.type === 'ERROR') {
        failure = (event.object ?? {}) as KubeStatus;
        stream.cancel();
        break;
      }
      const type = w.events ? event.type : undefined;
      if (outputObjects && event.object) {
        io.stdout.write(tableMode && event.object.kind === 'Table' ? printer.table(event.object as MetaV1Table, type) : printer.object(event.object, type));
      }
      // get.go: after processing at least one event, start outputting objects.
      outputObjects = true;
    }
  } finally {
    removeHandler();
    restoreHeap?.();
  }
  if (failure) {
    // kubectl get -w ends silently on an ERROR event (its watch error is dropped); kcurl says why and exits 1.
    throw new ApiStatusError(Number(failure.code ?? 500), { ...failure, message: `the watch ended with an error: ${failure.message ?? 'unknown error'}` });
  }
  return 0;
}

/**
 * Several names of one type: kubectl fetches and prints them, then its Watch refuses to watch more than one
 * object (resource.Result.Watch).
 */
async function watchSeveralNames(session: Session, opts: GetOptions, target: ResolvedTarget, namespace: string): Promise<number> {
  const plan = await session.finalize({ command: 'kubectl get', steps: target.names.map((name) => getStep(opts, target, namespace, name)) });
  const run = await runPlan(session, plan, { json: true });
  if (!run) return 0;
  const objects = run.flatMap((r) => r.answers as Obj[]);
  const printer = new WatchPrinter(opts, target, session.io.now());
  if (opts.output.kind === 'table') {
    const rows = objects.flatMap((t) => (t.kind === 'Table' ? (t.rows ?? []) : []));
    if (rows.length > 0) session.io.stdout.write(printer.table({ ...(objects[0] as MetaV1Table), rows }, undefined));
  } else for (const obj of objects) session.io.stdout.write(printer.object(obj, undefined));
  throw new KcurlError('KCURL_USAGE', 'you may only watch a single resource or type of resource at a time');
}
