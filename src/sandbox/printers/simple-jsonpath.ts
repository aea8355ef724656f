// The small JSONPath subset CRD additionalPrinterColumns use (client-go util/jsonpath with missing keys allowed):
// `.a.b`, `.a[0]`, `.a[*]`, `['x.y']`, `.a\.b`, `[?(@.type=="Ready")]`. Missing keys yield no result.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: string[]; op: '==' | '!='; value: unknown };

/** Every value the path selects, in document order (empty when nothing matches). */
export function evaluateJsonPath(path: string, root: unknown): unknown[] {
  let values: unknown[] = [root];
  for (const step of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const v of values) next.push(...applyStep(step, v));
    values = next;
  }
  return values;
}

function applyStep(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      if (isObject(value) && step.name in value) return [value[step.name]];
      return [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const i = step.index < 0 ? value.length + step.index : step.index;
      return i >= 0 && i < value.length ? [value[i]] : [];
    }
    case 'wildcard':
      if (Array.isArray(value)) return value;
      if (isObject(value))
        return Object.keys(value)
          .sort()
          .map((k) => value[k]);
      return [];
    case 'filter': {
      const items = Array.isArray(value) ? value : isObject(value) ? [value] : [];
      return items.filter((item) => {
        let v: unknown = item;
        for (const name of step.path) v = isObject(v) ? v[name] : undefined;
        const equal = v !== undefined && String(v) === String(step.value);
        return step.op === '==' ? equal : v !== undefined && !equal;
      });
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses `.a.b[0]`, optionally wrapped in `{…}`; throws on syntax it does not know. */
export function parseJsonPath(input: string): Step[] {
  let path = input.trim();
  if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1).trim();
  if (path.startsWith('$')) path = path.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      i++;
      let name = '';
      while (i < path.length && path[i] !== '.' && path[i] !== '[') {
        if (path[i] === '\\' && i + 1 < path.length) {
          name += path[i + 1];
          i += 2;
        } else {
          name += path[i++];
        }
      }
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name !== '') steps.push({ kind: 'field', name });
    } else if (ch === '[') {
      const end = findClosingBracket(path, i);
      const inner = path.slice(i + 1, end).trim();
      i = end + 1;
      steps.push(parseBracket(inner, input));
    } else {
      throw new Error(`unrecognized JSONPath ${JSON.stringify(input)} at character ${i}`);
    }
  }
  return steps;
}

function findClosingBracket(path: string, open: number): number {
  let quote = '';
  for (let j = open + 1; j < path.length; j++) {
    const c = path[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ']') {
      return j;
    }
  }
  throw new Error('unterminated [ in JSONPath');
}

function parseBracket(inner: string, input: string): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted) return { kind: 'field', name: quoted[2] };
  const filter = /^\?\(\s*@((?:\.[^.=!\s]+)+)\s*(==|!=)\s*(.+?)\s*\)$/.exec(inner);
  if (filter) {
    const raw = filter[3];
    const str = /^(['"])(.*)\1$/.exec(raw);
    const value: unknown = str ? str[2] : raw === 'true' ? true : raw === 'false' ? false : Number(raw);
    return { kind: 'filter', path: filter[1].slice(1).split('.'), op: filter[2] as '==' | '!=', value };
  }
  throw new Error(`unsupported JSONPath expression [${inner}] in ${JSON.stringify(input)}`);
}
