// kcurl edit: kubectl edit's flow (pkg/cmd/util/editor). GET the object, write it as YAML (managedFields left
// out) under kubectl's comment header into a temporary file, run $KUBE_EDITOR or $EDITOR (vi) on it, then PATCH
// what changed: a two-way strategic merge patch computed with the kind's OpenAPI v3 schema (a JSON merge patch
// for kinds without one), with fieldManager=kubectl-edit and fieldValidation=Strict.
import { ApiStatusError, KcurlError, usageError } from '../../errors.js';
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
import { ReadThenPatch, readStep, resolveTargets } from '../shared/read-then-patch.js';
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

export async function runEdit(session: Session, positionals: string[], flags: EditFlags, given: ReadonlySet<string>): Promise<number> {
  // -o: the format of the edit buffer and of the result (the edited object instead of "edited").
  const format = flags.output || 'yaml';
  const fieldValidation = parseValidate(flags.validate);
  if (positionals.length === 0) throw usageError('You must provide one or more resources by argument or filename.');
  const creds = await session.credentials();
  const namespace = given.has('namespace') ? flags.namespace : creds.namespace.value;
  const targets = await resolveTargets(session, positionals, namespace);
  if (targets.length !== 1) throw usageError('kcurl edit edits one object at a time', 'name a single TYPE/NAME');
  const [t] = targets;
  const get = readStep(t, `read ${t.resource.singularName} "${t.name}" to edit it`);
  const run = new ReadThenPatch(session, 'kubectl edit');
  if (await run.showWhenOffline([get], ['kubectl then opens the object in the editor and PATCHes what changed'])) return 0;
  const live = await run.read(t, get);
  if (live instanceof ApiStatusError) throw live;
  // kubectl picks the printer once the object is read.
  if (format !== 'json' && format !== 'yaml')
    throw new KcurlError('KCURL_USAGE', `unable to match a printer suitable for the output format "${format}", allowed formats are: json,yaml`);
  const original = omitManagedFields(live) as Obj;
  const originalText = printObjects(format, original);

  // The edit buffer: kubectl's header, then the object.
  const dir = session.io.env.TMPDIR || '/tmp';
  const file = `${dir.replace(/\/$/, '')}/kcurl-edit-${session.io.now().getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}.${format}`;
  let editedText: string;
  try {
    await session.io.writeFile(file, HEADER + originalText, 0o600);
    const [cmd, args] = editorCommand(session.io.env, file);
    const done = await session.io.runAttached(cmd, args).done;
    if (done.spawnError)
      throw new KcurlError('KCURL_USAGE', `unable to launch the editor "${cmd}": ${done.spawnError.message}`, { hint: 'set KUBE_EDITOR or EDITOR' });
    if (done.code !== 0) throw new KcurlError('KCURL_USAGE', `there was a problem with the editor "${cmd}"`);
    editedText = (await session.io.readFile(file)).toString('utf8');
  } finally {
    await session.io.unlink(file);
  }
  const stripped = stripComments(editedText);
  if (stripped.trim() === '') {
    session.io.stderr.write('Edit cancelled, saved file was empty.\n');
    return 0;
  }
  if (stripped === stripComments(HEADER + originalText)) {
    session.io.stderr.write('Edit cancelled, no changes made.\n');
    return 0;
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
  // mergepatch preconditions: apiVersion, kind and metadata.name cannot change.
  for (const [what, a, b] of [
    ['apiVersion', original.apiVersion, edited.apiVersion],
    ['kind', original.kind, edited.kind],
    ['metadata.name', original.metadata?.name, edited.metadata?.name],
  ])
    if (a !== b) throw new KcurlError('KCURL_INPUT', `At least one of apiVersion, kind and name was changed (${what}); nothing was sent`);

  if (goJsonMarshal(original) === goJsonMarshal(edited)) {
    session.io.stdout.write(`${kindSlashName(t.resource, t.name)} skipped\n`);
    return 0;
  }
  // The kind's schema: the OpenAPI v3 index, then its group-version document (cached by hash).
  const docs = await loadOpenApiDocuments({ io: session.io, server: creds.server.value, cacheDir: session.options.cacheDir, send: (step) => run.send(step) }, [
    [t.resource.group, t.resource.version],
  ]);
  const doc = docs.get(openApiKey(t.resource.group, t.resource.version)) as OpenApiSchema | undefined;
  const { group, version, kind } = t.resource;
  let body: string;
  let contentType: string;
  if (doc && supportsStrategicMergePatch(doc, group, version, kind)) {
    const lookup = new PatchMetaFromOpenApiV3((doc.components?.schemas ?? {}) as Record<string, OpenApiSchema>, schemaForKind(doc, group, version, kind));
    body = goJsonMarshal(createTwoWayMergePatch(original, edited, lookup));
    contentType = 'application/strategic-merge-patch+json';
  } else {
    body = goJsonMarshal(createJsonMergePatch(original, edited));
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
  if (patched instanceof ApiStatusError) throw patched;
  if (flags.output) session.io.stdout.write(printObjects(format, patched));
  else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} edited\n`);
  return 0;
}
