// Reads the objects of `-f FILE|DIR|-|URL` (and -R) the way kubectl's resource builder does: directories
// list files with .json/.yaml/.yml extensions (recursing with -R), `-` is standard input, http(s) URLs are
// downloaded; every document is decoded (YAML 1.1 or JSON), empty documents are skipped, and `List` kinds
// are flattened into their items.
import path from 'node:path';
import { inputError, KcurlError, usageError } from '../errors.js';
import type { Io } from '../io.js';
import { decodeJsonStream, decodeYamlDocument, type JsonValue, looksLikeJson, splitYamlDocuments, YamlDecodeError } from './yaml11.js';

export type ManifestObject = Record<string, JsonValue> & { apiVersion: string; kind: string; metadata?: Record<string, JsonValue> };

export interface ManifestItem {
  /** Where it came from, as kubectl names it in messages: the path given, "STDIN", or the URL. */
  source: string;
  object: ManifestObject;
  /** The YAML document's text as written (absent for JSON sources and items of a List). */
  raw?: string;
}

export interface ReadOptions {
  filenames: string[];
  recursive: boolean;
  /** Downloads a URL's bytes (injected; the CLI passes one built on fetch). */
  fetchUrl?: (url: string) => Promise<{ status: number; statusText?: string; body: Buffer }>;
}

// kubectl: resource.FileExtensions
const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Every object of every -f source, in kubectl's order (sources as given, directory entries sorted). */
export async function readManifests(io: Io, opts: ReadOptions): Promise<ManifestItem[]> {
  if (opts.filenames.length === 0) throw usageError('must specify one of -f and -k', "e.g. kcurl apply -f pod.yaml");
  const items: ManifestItem[] = [];
  let stdinUsed = false;
  for (const name of opts.filenames) {
    if (name === '-') {
      if (stdinUsed) throw usageError('-f - (standard input) may be given only once');
      stdinUsed = true;
      items.push(...decodeSource('STDIN', (await io.readStdin()).toString('utf8')));
      continue;
    }
    if (/^https?:\/\//.test(name)) {
      items.push(...decodeSource(name, await download(name, opts)));
      continue;
    }
    const full = path.resolve(io.cwd, name);
    const st = await io.stat(full);
    if (!st) throw inputError(`the path "${name}" does not exist`);
    if (st.isDirectory) {
      for (const file of await listDirectory(io, full, name, opts.recursive)) {
        items.push(...decodeSource(file, await readText(io, path.resolve(io.cwd, file), file)));
      }
      continue;
    }
    items.push(...decodeSource(name, await readText(io, full, name)));
  }
  return items;
}

async function readText(io: Io, full: string, shown: string): Promise<string> {
  try {
    return (await io.readFile(full)).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(`open ${shown}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
}

/** Files of a directory with manifest extensions (subdirectories only with -R), in lexical order like filepath.Walk. */
async function listDirectory(io: Io, full: string, shown: string, recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  const entries = (await io.readdir(full)).sort();
  for (const entry of entries) {
    const childFull = path.join(full, entry);
    const childShown = path.join(shown, entry);
    const st = await io.stat(childFull);
    if (!st) continue;
    if (st.isDirectory) {
      if (recursive) out.push(...(await listDirectory(io, childFull, childShown, recursive)));
      continue;
    }
    if (EXTENSIONS.includes(path.extname(entry))) out.push(childShown);
  }
  return out;
}

async function download(url: string, opts: ReadOptions): Promise<string> {
  if (!opts.fetchUrl) throw usageError(`cannot read ${url}: downloading manifests is not available here`);
  let res: { status: number; statusText?: string; body: Buffer };
  try {
    res = await opts.fetchUrl(url);
  } catch (e) {
    throw new KcurlError('KCURL_NETWORK', `unable to read URL "${url}", server reported ${(e as Error).message}`, { cause: e });
  }
  // kubectl: "unable to read URL %q, server reported %s, status code=%d" (%s: the status line, "404 Not Found")
  if (res.status !== 200) {
    const line = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
    throw new KcurlError('KCURL_NETWORK', `unable to read URL "${url}", server reported ${line}, status code=${res.status}`);
  }
  return res.body.toString('utf8');
}

/** The objects of one source's text (YAML stream or JSON stream). */
export function decodeSource(source: string, text: string): ManifestItem[] {
  let values: JsonValue[];
  let raws: (string | undefined)[] = [];
  try {
    if (looksLikeJson(text)) values = decodeJsonStream(text);
    else {
      raws = splitYamlDocuments(text);
      values = [];
      // kubectl's message counts lines from the start of the document; the hint gives the place in the file.
      let firstLine = 1;
      for (const doc of raws) {
        try {
          values.push(decodeYamlDocument(doc ?? ''));
        } catch (e) {
          if (e instanceof YamlDecodeError && e.position) {
            const where = `line ${firstLine + e.position.line - 1}, column ${e.position.column} of ${source}`;
            throw inputError(`error parsing ${source}: error converting YAML to JSON: yaml: ${e.message}`, `the syntax error is at ${where}`);
          }
          throw e;
        }
        firstLine += (doc?.match(/\n/g)?.length ?? 0) + 1; // the document's lines and its `---` separator
      }
    }
  } catch (e) {
    if (e instanceof YamlDecodeError) {
      throw inputError(`error parsing ${source}: error converting YAML to JSON: yaml: ${e.message}`);
    }
    throw e;
  }
  const out: ManifestItem[] = [];
  for (const [i, value] of values.entries()) {
    if (value === null) continue; // an empty document
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw inputError(`error parsing ${source}: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
    }
    if (Object.keys(value).length === 0) continue;
    const items = flatten(source, value);
    if (items.length === 1 && items[0].object === value && raws[i] !== undefined) items[0].raw = raws[i];
    out.push(...items);
  }
  return out;
}

/** Checks kind/apiVersion (kubectl's unstructured decoder messages) and flattens List kinds. */
function flatten(source: string, value: Record<string, JsonValue>): ManifestItem[] {
  if (typeof value.kind !== 'string' || value.kind === '') {
    // kubectl's schema validation runs first (--validate defaults to strict) and words it this way.
    throw inputError(`error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  if (value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.flatMap((item) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw inputError(`unable to decode "${source}": an item of the ${value.kind} is not an object`);
      }
      return flatten(source, item);
    });
  }
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    throw inputError(`error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  if (value.metadata !== undefined && (value.metadata === null || typeof value.metadata !== 'object' || Array.isArray(value.metadata))) {
    throw inputError(`unable to decode "${source}": .metadata must be an object`);
  }
  return [{ source, object: value as ManifestObject }];
}

/** group and version of an apiVersion ("apps/v1" → ["apps", "v1"], "v1" → ["", "v1"]). */
export function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

export function objectName(o: ManifestObject): string {
  const n = o.metadata?.name;
  return typeof n === 'string' ? n : '';
}

export function objectNamespace(o: ManifestObject): string {
  const n = o.metadata?.namespace;
  return typeof n === 'string' ? n : '';
}
