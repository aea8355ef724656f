// kcurl create -f: POST each manifest object (fieldManager=kubectl-create, fieldValidation=Strict), as kubectl
// create does after reading the OpenAPI v3 index and documents; `--content-type yaml` (kcurl only) sends each
// YAML document as written with Content-Type: application/yaml, the classic curl lesson.
import { ApiStatusError, inputError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { runStep, showWhenOffline } from '../../plan/run-plan.js';
import { parseStatus } from '../../http/status.js';
import { printObjects } from '../../output/json-yaml.js';
import type { RequestPlan, RequestStep } from '../../plan/request-plan.js';
import { createBody } from '../apply/client-side.js';
import {
  type DryRun,
  type ResolvedObject,
  addSourceToError,
  createObjectStep,
  describeTarget,
  dryRunSuffix,
  encodeObject,
  exitWithErrors,
  kindSlashName,
  loadObjectsOpenApi,
  parseDryRun,
  parseValidate,
  readManifestFiles,
  resolveObjects,
  StepShower,
  warnBareDryRun,
  writeQuery,
} from '../apply/objects.js';
import type { CreateFlags } from './flags.js';

export interface CreateOptions {
  filenames: string[];
  recursive: boolean;
  contentType: 'json' | 'yaml';
  dryRun: DryRun;
  fieldManager: string;
  fieldValidation: string;
  saveConfig: boolean;
  output: '' | 'name' | 'json' | 'yaml';
  explicitNamespace?: string;
}

export function createOptionsFromFlags(positionals: string[], flags: CreateFlags, given: ReadonlySet<string>): CreateOptions {
  if (positionals.length > 0) {
    throw usageError(`kcurl create supports -f only, not "${positionals[0]}"`, 'write the object as a manifest and run kcurl create -f FILE');
  }
  const filenames = flags.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify one of -f and -k');
  const contentType = flags.contentType;
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output)) {
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const saveConfig = flags.saveConfig;
  if (contentType === 'yaml' && saveConfig)
    throw usageError('--save-config changes the object, so it cannot be combined with --content-type yaml (which sends the document as written)');
  return {
    filenames,
    recursive: flags.recursive,
    contentType,
    dryRun: parseDryRun(flags.dryRun),
    fieldManager: flags.fieldManager,
    fieldValidation: parseValidate(flags.validate),
    saveConfig,
    output: output as CreateOptions['output'],
    explicitNamespace: given.has('namespace') ? flags.namespace : undefined,
  };
}

/** The POST for one object (pure). */
export function createStep(o: ResolvedObject & { raw?: string }, opts: CreateOptions): RequestStep {
  const query = writeQuery({ fieldManager: opts.fieldManager, fieldValidation: opts.fieldValidation, dryRun: opts.dryRun });
  if (opts.contentType === 'yaml') {
    if (o.raw === undefined) {
      throw inputError(
        `--content-type yaml sends YAML documents as written, but ${kindSlashName(o.resource, o.name)} from "${o.source}" is not one (JSON, or an item of a List)`,
        'split it into YAML documents, or leave out --content-type',
      );
    }
    return createObjectStep(
      o,
      o.raw.endsWith('\n') ? o.raw : `${o.raw}\n`,
      'application/yaml',
      query,
      `create ${describeTarget(o)} from the YAML document as written`,
    );
  }
  // kubectl create --save-config: util.CreateOrUpdateAnnotation sets the last-applied annotation, as apply's create does.
  return createObjectStep(o, opts.saveConfig ? createBody(o.object) : encodeObject(o.object), 'application/json', query);
}

export async function runCreate(session: Session, positionals: string[], flags: CreateFlags, given: ReadonlySet<string>): Promise<number> {
  const opts = createOptionsFromFlags(positionals, flags, given);
  warnBareDryRun(session, flags);
  const items = await readManifestFiles(session, opts);
  if (items.length === 0) throw inputError('no objects passed to create');
  const resolved = await resolveObjects(session, items, opts.explicitNamespace);
  const objects = resolved.map((o, i) => ({ ...o, raw: items[i].raw }));
  const steps = objects.map((o) => createStep(o, opts));
  const plan: RequestPlan = await session.finalize({ command: 'kubectl create', steps });
  if (await showWhenOffline(session, plan)) return 0;
  await readOpenApi(session, objects);
  const shower = new StepShower(session);
  const errors: unknown[] = [];
  const created: Record<string, unknown>[] = [];
  for (const [i, o] of objects.entries()) {
    const step = plan.steps[i];
    if (opts.dryRun === 'client') {
      created.push(o.object);
      printResult(session, opts, o);
      continue;
    }
    const { responses } = await runStep(session, { ...plan, steps: [step] }, { show: (p) => shower.show(p) });
    const res = responses[0];
    if (res.status >= 300) {
      errors.push(addSourceToError('creating', o.source, new ApiStatusError(res.status, parseStatus(res))));
      continue;
    }
    const object = JSON.parse(res.body) as Record<string, unknown>;
    created.push(object);
    // The server's name: a generateName object is named by the server.
    const name = (object.metadata as Record<string, unknown> | undefined)?.name;
    printResult(session, opts, { ...o, name: typeof name === 'string' ? name : o.name });
  }
  if ((opts.output === 'json' || opts.output === 'yaml') && created.length > 0) {
    // kubectl create prints each object as it is created (no List); its YAML printer separates them with ---.
    created.forEach((o, i) => session.io.stdout.write((i > 0 && opts.output === 'yaml' ? '---\n' : '') + printObjects(opts.output as 'json' | 'yaml', o)));
  }
  return exitWithErrors(session, errors);
}

function printResult(session: Session, opts: CreateOptions, o: ResolvedObject): void {
  if (opts.output === 'name') session.io.stdout.write(`${kindSlashName(o.resource, o.name)}\n`);
  else if (opts.output === '') session.io.stdout.write(`${kindSlashName(o.resource, o.name)} created${dryRunSuffix(opts.dryRun)}\n`);
}

/**
 * kubectl create checks that the server supports fieldValidation for each kind by reading the OpenAPI v3
 * index and the group-version documents; the answers change nothing kcurl sends, but the requests are made.
 */
async function readOpenApi(session: Session, objects: ResolvedObject[]): Promise<void> {
  await loadObjectsOpenApi(
    session,
    objects,
    async (step) => (await runStep(session, await session.finalize({ command: 'kubectl create', steps: [step] }), { show: false })).responses[0],
  );
}
