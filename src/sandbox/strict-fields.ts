// The strict-decoding findings kube-apiserver 1.26 reports for a PATCH body itself (sigs.k8s.io/json's
// UnmarshalStrict, which k8s.io/apiserver's patch handler runs when fieldValidation is Strict or Warn):
//   - merge and strategic merge patches decode into map[string]interface{}: every repeated key is a
//     `duplicate field "spec.paused"` (at its second occurrence, in document order);
//   - a JSON patch decodes into []jsonPatchOp{op, path, from, value}: a key of an operation that is not one of
//     those four (matched case-sensitively) is an `unknown field "[0].foo"`, a repeated one a
//     `duplicate field "[1].path"`, and repeated keys inside a value are duplicates too (`[0].value.k`).
// A JSON object body (POST, PUT) decodes into its typed struct: unknown and repeated fields are reported together
// in document order, a field that is both only as unknown, and nothing inside an unknown field.
// Paths are as that decoder writes them: keys joined by dots, list items as [i]. The text must be valid JSON.

import { goQuote } from '../output/go-format.js';

const JSON_PATCH_OP_FIELDS = new Set(['op', 'path', 'from', 'value']);

/** `duplicate field "…"` for every repeated key of a merge or strategic merge patch, in document order. */
export function mapPatchStrictErrors(text: string): string[] {
  const found: string[] = [];
  scanKeys(text, (path, duplicate) => {
    if (duplicate) found.push(`duplicate field ${goQuote(path)}`);
  });
  return found;
}

/** The unknown and duplicate fields of a JSON patch's operations, in document order. */
export function jsonPatchStrictErrors(text: string): string[] {
  const found: string[] = [];
  scanKeys(text, (path, duplicate, depth, key) => {
    // Depth 0 is a key of an operation (the document is the list of operations). A key the struct does not
    // have is unknown wherever it appears; the decoder tracks repeats of its own fields only.
    if (depth === 0 && !JSON_PATCH_OP_FIELDS.has(key)) found.push(`unknown field ${goQuote(path)}`);
    else if (duplicate) found.push(`duplicate field ${goQuote(path)}`);
  });
  return found;
}

/**
 * The strict errors of a JSON object body decoded into its type: `unknown` lists the undeclared fields (found
 * against the schema), and the document order of the text places them among the repeated fields.
 */
export function typedBodyStrictErrors(text: string, unknown: string[]): string[] {
  const unknownPaths = new Set(unknown);
  const reported = new Set<string>();
  const insideUnknown = (path: string) => unknown.some((u) => path.startsWith(`${u}.`) || path.startsWith(`${u}[`));
  const found: string[] = [];
  scanKeys(text, (path, duplicate) => {
    if (unknownPaths.has(path)) {
      if (!reported.has(path)) found.push(`unknown field ${goQuote(path)}`);
      reported.add(path);
    } else if (duplicate && !insideUnknown(path)) found.push(`duplicate field ${goQuote(path)}`);
  });
  return found;
}

/**
 * Walks the keys of every object in `text`, telling `visit` each key's path (`a.b[0].c`), whether the key
 * already appeared in the same object, how many objects enclose that object (0 for the top-level object, or
 * for the items of a top-level list) and the key itself.
 */
function scanKeys(text: string, visit: (path: string, duplicate: boolean, depth: number, key: string) => void): void {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, depth: number): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        const key = readString();
        const keyPath = path ? `${path}.${key}` : key;
        visit(keyPath, seen.has(key), depth, key);
        seen.add(key);
        skipSpace();
        i++; // ':'
        value(keyPath, depth + 1);
        skipSpace();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`, depth);
        skipSpace();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') {
      readString();
      return;
    }
    while (i < text.length && !',}] \t\n\r'.includes(text[i])) i++;
  };
  value('', 0);
}
