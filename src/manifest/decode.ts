// The objects of one `-f` source's text: YAML 1.1 or JSON streams decoded as kubectl decodes them (src/manifest/yaml11.ts),
// empty documents skipped, kind and apiVersion checked in kubectl's words, `List` kinds flattened. Loaded by
// src/manifest/read.ts when it has a source to decode.
import { inputError } from '../errors.js';
import type { ManifestItem, ManifestObject } from './read.js';
import { type DecodedDocument, decodeManifestStream, type JsonValue, YamlDecodeError } from './yaml11.js';

/** The objects of one source's text (YAML stream or JSON stream). */
export function decodeSource(source: string, text: string): ManifestItem[] {
  let docs: DecodedDocument[];
  try {
    docs = decodeManifestStream(text);
  } catch (e) {
    if (!(e instanceof YamlDecodeError)) throw e;
    // kubectl's message counts lines from the start of the document; the hint gives the place in the file.
    const p = e.position;
    const hint = p ? e.hint({ line: e.documentLine + p.line - 1, column: p.column, source }) : undefined;
    throw inputError(`error parsing ${source}: error converting YAML to JSON: yaml: ${e.message}`, hint);
  }
  const out: ManifestItem[] = [];
  for (const { value, raw } of docs) {
    if (value === null) continue; // an empty document
    if (typeof value !== 'object' || Array.isArray(value)) {
      // kubectl's schema validation (--validate defaults to strict) refuses a document that is not a mapping.
      throw inputError(
        `error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`,
        `a document of ${source} is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not an object with apiVersion and kind`,
      );
    }
    if (Object.keys(value).length === 0) continue;
    const items = flatten(source, value);
    if (items.length === 1 && items[0].object === value && raw !== undefined) items[0].raw = raw;
    out.push(...items);
  }
  return out;
}

/** Checks kind/apiVersion (kubectl's unstructured decoder messages) and flattens List kinds. */
function flatten(source: string, value: Record<string, JsonValue>): ManifestItem[] {
  if (typeof value.kind !== 'string' || value.kind === '') {
    // kubectl's schema validation runs first (--validate defaults to strict) and words it this way.
    throw inputError(
      `error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
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
    throw inputError(
      `error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`,
    );
  }
  if (value.metadata !== undefined && (value.metadata === null || typeof value.metadata !== 'object' || Array.isArray(value.metadata))) {
    throw inputError(`unable to decode "${source}": .metadata must be an object`);
  }
  return [{ source, object: value as ManifestObject }];
}
