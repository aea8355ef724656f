// kcurl edit: kubectl edit's flow (pkg/cmd/util/editor). GET the object, write it as YAML (managedFields left
// out) under kubectl's comment header into a temporary file, run $KUBE_EDITOR or $EDITOR (vi) on it, then PATCH
// what changed: a two-way strategic merge patch computed with the kind's OpenAPI v3 schema (a JSON merge patch
// for kinds without one), with fieldManager=kubectl-edit and fieldValidation=Strict.
import { ApiStatusError, KcurlError, inputError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { createJsonMergePatch } from '../../kube/strategic-merge/json-merge.js';
import { createTwoWayMergePatch } from '../../kube/strategic-merge/three-way.js';
import { type OpenApiSchema, PatchMetaFromOpenApiV3, schemaForKind, supportsStrategicMergePatch } from '../../kube/strategic-merge/patch-meta.js';
import { loadOpenApiDocuments } from '../../kube/strategic-merge/openapi-fetch.js';
import { openApiKey } from '../../kube/strategic-merge/openapi-steps.js';
import { decodeManifestStream } from '../../manifest/yaml11.js';
import { goJsonMarshal } from '../../output/go-format.js';
import { omitManagedFields, printObjects } from '../../output/json-yaml.js';
import { bodyStep } from '../../plan/request-plan.js';
import path from 'node:path';
import type { ApiResource } from '../../kube/resources.js';
import { parseTargets } from '../get/options.js';
import { ReadThenPatch, type Target, fromFiles, readStep, resolveCommandTargets, selectorListStep } from '../shared/read-then-patch.js';
import { kindSlashName, parseValidate, writeQuery } from '../apply/objects.js';
import type { EditFlags } from './flags.js';

type Obj = Record<string, any>;

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

/** editor.defaultEnvEditor: the command line that opens a file, from KUBE_EDITOR, EDITOR, else vi. */
export function editorCommand(env: Readonly<Record<string, string | undefined>>, file: string): [string, string[]] {
  const editor = env.KUBE_EDITOR || env.EDITOR || 'vi';
  if (!editor.includes(' ')) return [editor, [file]];
  if (!/["'\\]/.test(editor)) {
    const [cmd, ...args] = editor.split(' ');
    return [cmd, [...args, file]];
  }
  // Quoting in the editor setting: kubectl hands it to the shell.
  return [env.SHELL || 'sh', ['-c', `${editor} ${JSON.stringify(file)}`]];
}

/** editor's manualStrip: drops the lines that are comments. */
function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
}

/** One object of the edit: where it is, and what the server answered. */
interface Edited {
  t: Target;
  original: Obj;
}

/** `deployments.apps`: how kubectl edit names a resource in its per-object errors (editResults.addError). */
function resourceDotGroup(t: Target): string {
  return t.resource.group ? `${t.resource.resource}.${t.resource.group}` : t.resource.resource;
}

/**
 * The objects to edit, and whether kubectl's builder implies a single item (one TYPE/NAME, or one file that is not
 * a directory): then the buffer holds the object itself, otherwise a v1 List of them. TYPE alone lists the type.
 */
async function editTargets(
  session: Session,
  positionals: string[],
  flags: EditFlags,
  namespace: string | undefined,
  explicit: string | undefined,
): Promise<{ targets: Target[]; listed: ApiResource[]; single: boolean }> {
  if (fromFiles(flags)) {
    const targets = await resolveCommandTargets(session, 'edit', positionals, flags, namespace, explicit, true);
    const names = (flags.filename ?? []).filter((f) => f !== '');
    let single = names.length === 1 && !flags.recursive;
    if (single && names[0] !== '-' && !/^https?:\/\//.test(names[0])) single = !(await session.io.stat(path.resolve(session.io.cwd, names[0])))?.isDirectory;
    return { targets, listed: [], single };
  }
  const parsed = parseTargets(positionals);
  const types = await session.resolveTypes(parsed.map((t) => t.type));
  const targets: Target[] = [];
  const listed: ApiResource[] = [];
  parsed.forEach((t, i) => {
    if (t.names.length === 0) listed.push(types[i]);
    for (const name of t.names) targets.push({ resource: types[i], name, namespace: types[i].namespaced ? namespace : undefined });
  });
  if (listed.length > 0 && targets.length > 0)
    throw usageError('there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
  return { targets, listed, single: listed.length === 0 && targets.length === 1 };
}

export async function runEdit(session: Session, positionals: string[], flags: EditFlags, given: ReadonlySet<string>): Promise<number> {
  // -o: the format of the edit buffer and of the result (the edited object instead of "edited").
  const format = flags.output || 'yaml';
  const fieldValidation = parseValidate(flags.validate);
  if (positionals.length === 0 && !fromFiles(flags))
    throw usageError(
      'You must provide one or more resources by argument or filename.',
      "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  const creds = await session.credentials();
  const explicit = given.has('namespace') ? flags.namespace : undefined;
  const namespace = explicit ?? creds.namespace.value;
  const run = new ReadThenPatch(session, 'kubectl edit');
  const { targets, listed, single } = await editTargets(session, positionals, flags, namespace, explicit);
  const getOf = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}" to edit it`);
  const ns = namespace ?? 'default';
  const known = [...listed.map((r) => selectorListStep(r, undefined, ns)), ...targets.map(getOf)];
  const notes = [
    `kubectl then opens ${single && targets.length === 1 ? 'the object' : 'the objects (as a v1 List)'} in the editor and PATCHes each one that changed`,
  ];
  if (await run.showWhenOffline(known, notes)) return 0;
  const errors: unknown[] = [];
  const all = [...(listed.length ? await run.listSelected(listed, undefined, ns, errors) : []), ...targets];
  if (errors.length) throw errors[0];
  const objects: Edited[] = [];
  for (const t of all) {
    const live = await run.objectOf(t, getOf(t));
    if (live instanceof ApiStatusError) throw live;
    objects.push({ t, original: omitManagedFields(live) as Obj });
  }
  if (objects.length === 0) {
    session.io.stderr.write('Edit cancelled, no objects found.\n');
    return 0;
  }
  // kubectl picks the printer once the objects are read.
  if (format !== 'json' && format !== 'yaml')
    throw new KcurlError('KCURL_USAGE', `unable to match a printer suitable for the output format "${format}", allowed formats are: json,yaml`);
  const asList = !single || objects.length !== 1;
  // resource.AsVersionedObject: several objects go into the buffer as a v1 List (a listed item lacks its kind).
  const typed = (e: Edited): Obj =>
    e.original.kind
      ? e.original
      : { apiVersion: e.t.resource.group ? `${e.t.resource.group}/${e.t.resource.version}` : e.t.resource.version, kind: e.t.resource.kind, ...e.original };
  const buffer: Obj = asList ? { kind: 'List', apiVersion: 'v1', metadata: {}, items: objects.map(typed) } : typed(objects[0]);
  const originalText = printObjects(format, buffer);

  // The edit buffer: kubectl's header (YAML only: editPrinterOptions.addHeader), then the object or the List.
  const header = format === 'yaml' ? HEADER : '';
  const dir = session.io.env.TMPDIR || '/tmp';
  const file = `${dir.replace(/\/$/, '')}/kcurl-edit-${session.io.now().getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}.${format}`;
  let editedText: string;
  try {
    await session.io.writeFile(file, header + originalText, 0o600);
    const [cmd, args] = editorCommand(session.io.env, file);
    const done = await session.io.runAttached(cmd, args).done;
    if (done.spawnError)
      throw new KcurlError('KCURL_USAGE', `unable to launch the editor "${cmd}": ${done.spawnError.message}`, { hint: 'set KUBE_EDITOR or EDITOR' });
    if (done.code !== 0)
      throw new KcurlError('KCURL_USAGE', `there was a problem with the editor "${session.io.env.KUBE_EDITOR || session.io.env.EDITOR || 'vi'}"`);
    editedText = (await session.io.readFile(file)).toString('utf8');
  } finally {
    await session.io.unlink(file);
  }
  const stripped = stripComments(editedText);
  if (stripped.trim() === '') {
    session.io.stderr.write('Edit cancelled, saved file was empty.\n');
    return 0;
  }
  if (stripped === stripComments(header + originalText)) {
    session.io.stderr.write('Edit cancelled, no changes made.\n');
    return 0;
  }
  // A file object in another namespace than the context's (no -n): kubectl opens the editor, then refuses what
  // was edited, keeping a copy of it.
  const elsewhere = fromFiles(flags) && !explicit ? objects.find((o) => o.t.namespace !== undefined && o.t.namespace !== namespace) : undefined;
  if (elsewhere) {
    const copy = `${file.replace(/\.(yaml|json)$/, '')}-copy.${format}`;
    await session.io.writeFile(copy, editedText, 0o600);
    session.io.stderr.write(`A copy of your changes has been stored to ${JSON.stringify(copy)}\n`);
    throw inputError(
      `the namespace from the provided object "${elsewhere.t.namespace}" does not match the namespace "${namespace}". You must pass '--namespace=${elsewhere.t.namespace}' to perform this operation.`,
    );
  }
  let edited: Obj;
  try {
    const docs = decodeManifestStream(stripped);
    edited = docs[0]?.value as Obj;
  } catch (e) {
    throw new KcurlError('KCURL_INPUT', `the edited file is not valid YAML: ${(e as Error).message}`, { hint: 'nothing was sent; run kcurl edit again' });
  }
  if (!edited || typeof edited !== 'object' || Array.isArray(edited))
    throw new KcurlError('KCURL_INPUT', 'the edited file does not hold an object; nothing was sent');

  // The edited objects, each matched to its original by UID (editoptions visitToPatch).
  const pairs: { e: Edited; after: Obj }[] = [];
  if (!asList) pairs.push({ e: objects[0], after: edited });
  else {
    if (!Array.isArray(edited.items)) throw new KcurlError('KCURL_INPUT', 'the edited file no longer holds a List with items; nothing was sent');
    for (const item of edited.items as Obj[]) {
      const e = objects.find((o) => o.original.metadata?.uid !== undefined && o.original.metadata?.uid === item?.metadata?.uid);
      if (!e)
        throw new KcurlError(
          'KCURL_INPUT',
          `no original object found for ${item?.kind ?? 'an item'} "${item?.metadata?.name ?? ''}" (its metadata.uid changed)`,
        );
      pairs.push({ e, after: item });
    }
  }
  // The kinds' schemas: the OpenAPI v3 index, then the group-version documents (cached by hash).
  const changed = pairs.filter(({ e, after }) => goJsonMarshal(typed(e)) !== goJsonMarshal(after));
  const docs = changed.length
    ? await loadOpenApiDocuments(
        { io: session.io, server: creds.server.value, cacheDir: session.options.cacheDir, send: (step) => run.send(step) },
        changed.map(({ e }) => [e.t.resource.group, e.t.resource.version]),
      )
    : new Map<string, unknown>();
  let printed = 0;
  const print = (t: Target, obj: Obj, operation: string) => {
    if (!flags.output) {
      session.io.stdout.write(`${kindSlashName(t.resource, t.name)} ${operation}\n`);
      return;
    }
    // printers.YAMLPrinter: a "---" line before every object but the first.
    if (format === 'yaml' && printed++ > 0) session.io.stdout.write('---\n');
    session.io.stdout.write(printObjects(format, obj));
  };
  for (const { e, after } of pairs) {
    const { t } = e;
    const original = typed(e);
    if (goJsonMarshal(original) === goJsonMarshal(after)) {
      // The printer shows an unchanged object with the operation "skipped" (with -o: the object as read).
      print(t, original, 'skipped');
      continue;
    }
    // mergepatch preconditions: apiVersion, kind and metadata.name cannot change.
    for (const [what, a, b] of [
      ['apiVersion', original.apiVersion, after.apiVersion],
      ['kind', original.kind, after.kind],
      ['metadata.name', original.metadata?.name, after.metadata?.name],
    ])
      if (a !== b) throw new KcurlError('KCURL_INPUT', `At least one of apiVersion, kind and name was changed (${what}); nothing was sent`);
    const doc = docs.get(openApiKey(t.resource.group, t.resource.version)) as OpenApiSchema | undefined;
    const { group, version, kind } = t.resource;
    let body: string;
    let contentType: string;
    if (doc && supportsStrategicMergePatch(doc, group, version, kind)) {
      const lookup = new PatchMetaFromOpenApiV3((doc.components?.schemas ?? {}) as Record<string, OpenApiSchema>, schemaForKind(doc, group, version, kind));
      body = goJsonMarshal(createTwoWayMergePatch(original, after, lookup));
      contentType = 'application/strategic-merge-patch+json';
    } else {
      body = goJsonMarshal(createJsonMergePatch(original, after));
      contentType = 'application/merge-patch+json';
    }
    const patched = await run.write(
      bodyStep(
        'PATCH',
        apiPath(t.resource, { namespace: t.namespace, name: t.name }),
        writeQuery({ fieldManager: flags.fieldManager, fieldValidation, dryRun: 'none' }),
        body,
        contentType,
        `send the edit of ${t.resource.singularName} "${t.name}"`,
      ),
    );
    if (patched instanceof ApiStatusError) {
      if (!asList) throw patched;
      // editResults.addError: one line per object that failed, the others are still sent.
      const what = `${resourceDotGroup(t)} ${JSON.stringify(t.name)}`;
      const reason = patched.status.reason;
      session.io.stderr.write(
        reason === 'Invalid'
          ? `error: ${what} is invalid\n`
          : reason === 'NotFound'
            ? `error: ${what} could not be found on the server\n`
            : `error: ${what} could not be patched: ${patched.status.message ?? ''}\n`,
      );
      errors.push(patched);
      continue;
    }
    print(t, patched, 'edited');
  }
  return errors.length ? 1 : 0;
}
