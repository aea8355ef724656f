// cmp.Diff(x, y) as github.com/google/go-cmp (v0.5/v0.6, the version kube-apiserver v1.32 links) prints it, for
// values described by a small model of their Go types: kube-apiserver puts this text in its answer when a Pod
// update changes a field it may not (ValidatePodUpdate). Ported pieces: the value tree cmp builds (struct fields,
// slice elements, map entries, pointers; types with an Equal method are compared whole), the report's
// formatDiffList (two context records around each change, `... // N identical fields`), FormatValue with its
// verbosity limits, and the text layout (tab indentation, aligned keys, one-line values where they fit).
// Not ported: cmp's edit-distance alignment of slices (elements are paired by index here, extra ones are
// inserted or removed at the end), cycle references, the multi-line string and byte-slice forms. go-cmp picks
// "  "/"- "/"+ " or the same with no-break spaces per process at random; this is the plain-space form.

/** A Go type as the report needs it: its name as `reflect.Type.String()` prints it, its kind and its parts. */
export type GoType =
  | { kind: 'string'; name?: string; stringer?: boolean }
  | { kind: 'int'; name?: string }
  | { kind: 'bool'; name?: string }
  | { kind: 'ptr'; elem: GoType }
  | { kind: 'slice'; name: string; elem: GoType }
  | { kind: 'map'; name: string; key: GoType; elem: GoType }
  | { kind: 'struct'; name: string; fields: GoField[]; equal?: (x: GoValue, y: GoValue) => boolean };

export interface GoField {
  /** The Go field name (the type name for an embedded struct). */
  name: string;
  type: GoType;
}

/**
 * A Go value: string | number | boolean for basic kinds, null for a nil pointer/slice/map, an array for a slice,
 * a [key, value][] list for a map (keys sorted as go-cmp sorts them), a field-name record for a struct, and for a
 * non-nil pointer the pointed-to value wrapped as {ptr: value}.
 */
export type GoValue = string | number | boolean | null | GoValue[] | GoMap | GoPtr | GoStruct;
export interface GoMap {
  entries: [string, GoValue][];
}
export interface GoPtr {
  ptr: GoValue;
}
export type GoStruct = { [field: string]: GoValue };

/**
 * The fields of a struct value whose type the model leaves open (a struct type with no fields): they travel
 * with the value, and a comparison uses the fields of both sides.
 */
export const VALUE_FIELDS = new WeakMap<GoStruct, GoField[]>();

function fieldsOf(t: GoType & { kind: 'struct' }, ...values: Val[]): GoField[] {
  if (t.fields.length > 0) return t.fields;
  const seen = new Map<string, GoField>();
  for (const v of values)
    if (v !== INVALID && v !== null && typeof v === 'object') for (const f of VALUE_FIELDS.get(v as GoStruct) ?? []) if (!seen.has(f.name)) seen.set(f.name, f);
  return [...seen.values()];
}

// ---- the value tree cmp builds ----

const INVALID = Symbol('invalid');
type Val = GoValue | typeof INVALID;

interface ValueNode {
  type: GoType;
  x: Val;
  y: Val;
  numSame: number;
  numDiff: number;
  numChildren: number;
  maxDepth: number;
  /** Struct fields, slice elements (key undefined) or map entries. */
  records?: { key?: string; node: ValueNode }[];
  /** What a pointer points to. */
  value?: ValueNode;
}

const leaf = (type: GoType, x: Val, y: Val, equal: boolean): ValueNode => ({
  type,
  x,
  y,
  numSame: equal ? 1 : 0,
  numDiff: equal ? 0 : 1,
  numChildren: 0,
  maxDepth: 0,
});

function withChildren(node: ValueNode, children: ValueNode[]): ValueNode {
  for (const c of children) {
    node.numSame += c.numSame;
    node.numDiff += c.numDiff;
    node.numChildren += c.numChildren + 1;
    node.maxDepth = Math.max(node.maxDepth, c.maxDepth + 1);
  }
  return node;
}

function compare(t: GoType, x: Val, y: Val): ValueNode {
  if (x === INVALID || y === INVALID) return leaf(t, x, y, x === y);
  const base: ValueNode = { type: t, x, y, numSame: 0, numDiff: 0, numChildren: 0, maxDepth: 0 };
  switch (t.kind) {
    case 'string':
    case 'int':
    case 'bool':
      return leaf(t, x, y, x === y);
    case 'struct': {
      if (t.equal) return leaf(t, x, y, t.equal(x, y));
      const sx = x as GoStruct;
      const sy = y as GoStruct;
      base.records = fieldsOf(t, x, y).map((f) => ({ key: f.name, node: compare(f.type, sx[f.name] ?? zeroOf(f.type), sy[f.name] ?? zeroOf(f.type)) }));
      return withChildren(
        base,
        base.records.map((r) => r.node),
      );
    }
    case 'ptr': {
      if (x === null || y === null) return leaf(t, x, y, x === null && y === null);
      base.value = compare(t.elem, (x as GoPtr).ptr, (y as GoPtr).ptr);
      return withChildren(base, [base.value]);
    }
    case 'slice': {
      if (x === null || y === null) return leaf(t, x, y, x === null && y === null);
      const ax = x as GoValue[];
      const ay = y as GoValue[];
      base.records = [];
      // Paired by index while the elements are equal or similar (cmp's Result.Similar: NumSame+1 >= NumDiff).
      let i = 0;
      for (; i < Math.min(ax.length, ay.length); i++) {
        const n = compare(t.elem, ax[i], ay[i]);
        if (n.numDiff > 0 && n.numSame + 1 < n.numDiff) break;
        base.records.push({ node: n });
      }
      for (let j = i; j < ax.length; j++) base.records.push({ node: compare(t.elem, ax[j], INVALID) });
      for (let j = i; j < ay.length; j++) base.records.push({ node: compare(t.elem, INVALID, ay[j]) });
      return withChildren(
        base,
        base.records.map((r) => r.node),
      );
    }
    case 'map': {
      if (x === null || y === null) return leaf(t, x, y, x === null && y === null);
      const mx = new Map((x as GoMap).entries);
      const my = new Map((y as GoMap).entries);
      const keys = [...new Set([...mx.keys(), ...my.keys()])].sort();
      base.records = keys.map((k) => ({
        key: k,
        node: compare(t.elem, mx.has(k) ? (mx.get(k) as GoValue) : INVALID, my.has(k) ? (my.get(k) as GoValue) : INVALID),
      }));
      return withChildren(
        base,
        base.records.map((r) => r.node),
      );
    }
  }
}

export function zeroOf(t: GoType): GoValue {
  switch (t.kind) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'struct':
      return {};
    default:
      return null;
  }
}

function isZero(t: GoType, v: Val): boolean {
  if (v === INVALID) return true;
  switch (t.kind) {
    case 'string':
      return v === '';
    case 'int':
      return v === 0;
    case 'bool':
      return v === false;
    case 'struct':
      return fieldsOf(t, v).every((f) => isZero(f.type, (v as GoStruct)[f.name] ?? zeroOf(f.type)));
    default:
      return v === null;
  }
}

// ---- text nodes (report_text.go) ----

type DiffMode = '' | ' ' | '-' | '+';
const MAX_COLUMN = 80;

interface Stats {
  name: string;
  ignored: number;
  identical: number;
  removed: number;
  inserted: number;
  modified: number;
}
const stats = (name: string): Stats => ({ name, ignored: 0, identical: 0, removed: 0, inserted: 0, modified: 0 });
const numDiff = (s: Stats) => s.removed + s.inserted + s.modified;

function statsString(s: Stats): string {
  const parts: string[] = [];
  let sum = 0;
  const counts: [string, number][] = [
    ['ignored', s.ignored],
    ['identical', s.identical],
    ['removed', s.removed],
    ['inserted', s.inserted],
    ['modified', s.modified],
  ];
  for (const [label, n] of counts) {
    if (n > 0) parts.push(`${n} ${label}`);
    sum += n;
  }
  let name = s.name;
  if (sum > 1) {
    name += 's';
    if (name.endsWith('ys')) name = `${name.slice(0, -2)}ies`;
  }
  if (parts.length === 0) return '';
  if (parts.length <= 2) return `${parts.join(' and ')} ${name}`;
  return `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]} ${name}`;
}

type TextNode = TextLine | TextWrap | TextList;
class TextLine {
  constructor(readonly text: string) {}
}
class TextWrap {
  constructor(
    readonly prefix: string,
    public value: TextNode,
    readonly suffix: string,
  ) {}
}
interface TextRecord {
  diff: DiffMode;
  key: string;
  value: TextNode;
  elideComma?: boolean;
  comment?: Stats;
}
class TextList {
  constructor(readonly records: TextRecord[] = []) {}
  appendEllipsis(s?: Stats): void {
    const last = this.records[this.records.length - 1];
    const hasStats = s !== undefined && s.ignored + s.identical + numDiff(s) > 0;
    if (!last || !isEllipsis(last.value)) {
      this.records.push({ diff: '', key: '', value: ELLIPSIS, elideComma: true, comment: hasStats ? s : undefined });
      return;
    }
    if (hasStats && s) {
      const c = last.comment ?? stats(s.name);
      last.comment = {
        name: c.name,
        ignored: c.ignored + s.ignored,
        identical: c.identical + s.identical,
        removed: c.removed + s.removed,
        inserted: c.inserted + s.inserted,
        modified: c.modified + s.modified,
      };
    }
  }
}

const NIL = new TextLine('nil');
const ELLIPSIS = new TextLine('...');
const isEllipsis = (n: TextNode) => n instanceof TextLine && n.text === '...';

function textLen(n: TextNode): number {
  if (n instanceof TextLine) return n.text.length;
  if (n instanceof TextWrap) return n.prefix.length + textLen(n.value) + n.suffix.length;
  let len = 0;
  n.records.forEach((r, i) => {
    len += r.key.length + (r.key ? 2 : 0) + textLen(r.value) + (i < n.records.length - 1 ? 2 : 0);
  });
  return len;
}

function textEqual(a: TextNode, b: TextNode): boolean {
  if (a instanceof TextLine) return b instanceof TextLine && a.text === b.text;
  if (a instanceof TextWrap) return b instanceof TextWrap && a.prefix === b.prefix && a.suffix === b.suffix && textEqual(a.value, b.value);
  if (!(b instanceof TextList) || a.records.length !== b.records.length) return false;
  return a.records.every((r, i) => {
    const s = b.records[i];
    return (
      r.diff === s.diff &&
      r.key === s.key &&
      textEqual(r.value, s.value) &&
      (r.comment ? statsString(r.comment) : '') === (s.comment ? statsString(s.comment) : '')
    );
  });
}

/** Collapses what fits on one line; returns the text written and the node to expand. */
function compact(n: TextNode, d: DiffMode): [string, TextNode] {
  if (n instanceof TextLine) return [n.text, n];
  if (n instanceof TextWrap) {
    const [inner, v] = compact(n.value, d);
    const text = n.prefix + inner + n.suffix;
    if (v instanceof TextLine) return [text, new TextLine(text)];
    return [text, new TextWrap(n.prefix, v, n.suffix)];
  }
  let multiLine = false;
  let text = '';
  const out: TextRecord[] = n.records.map((r, i) => {
    if (r.diff === '+' || r.diff === '-') multiLine = true;
    text += r.key + (r.key ? ': ' : '');
    const [inner, v] = compact(r.value, (d || r.diff) as DiffMode);
    text += inner;
    if (!(v instanceof TextLine) || r.comment) multiLine = true;
    if (i < n.records.length - 1) text += ', ';
    return { ...r, value: v };
  });
  if ((d === '+' || d === '-') && text.length > MAX_COLUMN) multiLine = true;
  if (!multiLine) return [text, new TextLine(text)];
  return [text, new TextList(out)];
}

const indent = (n: number, d: DiffMode) => (d === '-' ? '- ' : d === '+' ? '+ ' : '  ') + '\t'.repeat(n);

function alignLens(recs: TextRecord[], skip: (r: TextRecord) => boolean, len: (r: TextRecord) => number): number[] {
  const lens = new Array<number>(recs.length).fill(0);
  let start = 0;
  let end = 0;
  let max = 0;
  const flush = () => {
    for (let j = start; j < end && j < recs.length; j++) lens[j] = max - len(recs[j]);
  };
  recs.forEach((r, i) => {
    if (skip(r)) {
      flush();
      start = i + 1;
      end = i + 1;
      max = 0;
    } else {
      max = Math.max(max, len(r));
      end = i + 1;
    }
  });
  flush();
  return lens;
}

function expand(n: TextNode, d: DiffMode, depth: number): string {
  if (n instanceof TextLine) return n.text;
  if (n instanceof TextWrap) return n.prefix + expand(n.value, d, depth) + n.suffix;
  const recs = n.records;
  const keyLens = alignLens(
    recs,
    (r) => r.key === '' || !(r.value instanceof TextLine),
    (r) => [...r.key].length,
  );
  const valueLens = alignLens(
    recs,
    (r) => !(r.value instanceof TextLine) || isEllipsis(r.value) || r.comment === undefined,
    (r) => [...(r.value as TextLine).text].length,
  );
  const simple = recs.every((r) => r.diff === '' && r.key === '' && r.value instanceof TextLine && r.comment === undefined);
  let b = '';
  if (simple) {
    let batch = '';
    const emit = () => {
      if (batch) b += `\n${indent(depth + 1, d)}${batch.replace(/ +$/, '')}`;
      batch = '';
    };
    for (const r of recs) {
      const line = (r.value as TextLine).text;
      if (batch.length + line.length + 2 > MAX_COLUMN) emit();
      batch += `${line}, `;
    }
    emit();
    return `${b}\n${indent(depth, d)}`;
  }
  recs.forEach((r, i) => {
    const mode = (d || r.diff) as DiffMode;
    b += `\n${indent(depth + 1, mode)}`;
    if (r.key) b += `${r.key}: `;
    b += ' '.repeat(keyLens[i]);
    b += expand(r.value, mode, depth + 1);
    if (!r.elideComma) b += ',';
    b += ' '.repeat(valueLens[i]);
    if (r.comment) b += ` // ${statsString(r.comment)}`;
  });
  return `${b}\n${indent(depth, d)}`;
}

// ---- formatting (report_compare.go, report_reflect.go) ----

type TypeMode = 'emit' | 'elide' | 'auto';
interface Opts {
  diff: DiffMode;
  typeMode: TypeMode;
  verbosity: number;
  limit: boolean;
  avoidStringer: boolean;
}

const verbosityOf = (o: Opts) => Math.max(0, Math.min(16, o.verbosity));
const MAX_VERBOSITY_PRESET = 6;

function typeName(t: GoType): string {
  switch (t.kind) {
    case 'ptr':
      return `*${typeName(t.elem)}`;
    case 'slice':
    case 'map':
    case 'struct':
      return t.name;
    default:
      return t.name ?? t.kind;
  }
}

function formatType(o: Opts, t: GoType, s: TextNode): TextNode {
  if (o.typeMode === 'elide') return s;
  if (o.typeMode === 'auto') {
    if (t.kind !== 'struct' && t.kind !== 'slice' && t.kind !== 'map') return s;
    if (s instanceof TextLine && s.text === 'nil') return s;
    if (o.diff === ' ') return s;
  }
  const name = t.kind === 'ptr' ? `(${typeName(t)})` : typeName(t);
  const braced = s instanceof TextWrap && ((s.prefix.startsWith('(') && s.suffix.endsWith(')')) || (s.prefix.startsWith('{') && s.suffix.endsWith('}')));
  return new TextWrap(name, braced ? s : new TextWrap('(', s, ')'), '');
}

/** strconv.Quote for the strings a pod spec holds, or a raw string literal where that reads better (formatString). */
function formatString(prefix: string, s: string): TextNode {
  const quoted = JSON.stringify(s).replace(/\\u007f/g, '\\x7f');
  if (quoted.length === s.length + 2) return new TextLine(prefix + quoted);
  if (!/[`\n]/.test(s) && /^[\P{C}\t]*$/u.test(s)) return new TextLine(`${prefix}\`${s}\``);
  return new TextLine(prefix + quoted);
}

function formatValue(o: Opts, t: GoType, v: Val): TextNode | undefined {
  if (v === INVALID) return undefined;
  if (!o.avoidStringer && t.kind === 'string' && t.stringer) return formatString('s', v as string);
  let skipType = false;
  let out: TextNode;
  const limited = (n: number) => (o.limit ? ((1 << verbosityOf(o)) >> 1) << 2 : n);
  switch (t.kind) {
    case 'string':
      out = formatString('', v as string);
      break;
    case 'int':
    case 'bool':
      out = new TextLine(String(v));
      break;
    case 'struct': {
      const list = new TextList();
      const fields = fieldsOf(t, v);
      const max = limited(fields.length);
      const inner: Opts = { ...o, typeMode: 'auto', verbosity: o.limit ? o.verbosity - 1 : o.verbosity };
      for (const f of fields) {
        const fv = (v as GoStruct)[f.name] ?? zeroOf(f.type);
        if (isZero(f.type, fv)) continue;
        if (list.records.length === max) {
          list.appendEllipsis();
          break;
        }
        list.records.push({ diff: '', key: f.name, value: formatValue(inner, f.type, fv) as TextNode });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
    case 'slice': {
      if (v === null) {
        out = NIL;
        break;
      }
      const items = v as GoValue[];
      const max = limited(items.length);
      const inner: Opts = { ...o, typeMode: 'elide', verbosity: o.limit ? o.verbosity - 1 : o.verbosity };
      const list = new TextList();
      for (const item of items) {
        if (list.records.length === max) {
          list.appendEllipsis();
          break;
        }
        list.records.push({ diff: '', key: '', value: formatValue(inner, t.elem, item) as TextNode });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
    case 'map': {
      if (v === null) {
        out = NIL;
        break;
      }
      const entries = (v as GoMap).entries;
      const max = limited(entries.length);
      const inner: Opts = { ...o, typeMode: 'elide', verbosity: o.limit ? o.verbosity - 1 : o.verbosity };
      const list = new TextList();
      for (const [k, ev] of entries) {
        if (list.records.length === max) {
          list.appendEllipsis();
          break;
        }
        list.records.push({ diff: '', key: formatMapKey(t.key, k), value: formatValue(inner, t.elem, ev) as TextNode });
      }
      out = new TextWrap('{', list, '}');
      break;
    }
    case 'ptr': {
      if (v === null) {
        out = NIL;
        break;
      }
      skipType = true;
      out = new TextWrap('&', formatValue(o, t.elem, (v as GoPtr).ptr) as TextNode, '');
      break;
    }
  }
  return skipType ? out : formatType(o, t, out);
}

function formatMapKey(t: GoType, k: string): string {
  const o: Opts = { diff: ' ', typeMode: 'elide', verbosity: MAX_VERBOSITY_PRESET, limit: true, avoidStringer: false };
  return render(formatValue(o, t, k) as TextNode).trim();
}

function verbosityPreset(o: Opts, i: number): Opts {
  return { ...o, verbosity: verbosityOf(o) + 2 * i, avoidStringer: i > 0 ? true : o.avoidStringer };
}

function formatDiff(o: Opts, v: ValueNode): TextNode | undefined {
  if (o.diff === ' ') o = { ...o, verbosity: 1, limit: true };
  else if (verbosityOf(o) < 3) o = { ...o, verbosity: 3, limit: true };
  if (v.maxDepth === 0) {
    if (o.diff === '' || o.diff === ' ') {
      if (v.numDiff === 0) {
        const outx = formatValue(o, v.type, v.x);
        const outy = formatValue(o, v.type, v.y);
        return outx && outy && textLen(outx) < textLen(outy) ? outx : outy;
      }
      let outx = formatValue({ ...o, typeMode: 'elide' }, v.type, v.x);
      let outy = formatValue({ ...o, typeMode: 'elide' }, v.type, v.y);
      for (let i = 0; i <= MAX_VERBOSITY_PRESET && outx && outy && textEqual(outx, outy); i++) {
        const o2 = { ...verbosityPreset(o, i), typeMode: 'elide' as const };
        outx = formatValue(o2, v.type, v.x);
        outy = formatValue(o2, v.type, v.y);
      }
      const list = new TextList();
      if (outx) list.records.push({ diff: '-', key: '', value: outx });
      if (outy) list.records.push({ diff: '+', key: '', value: outy });
      return formatType({ ...o, typeMode: 'emit' }, v.type, list);
    }
    return formatValue(o, v.type, o.diff === '-' ? v.x : v.y);
  }
  switch (v.type.kind) {
    case 'struct':
    case 'slice':
    case 'map':
      return formatType(o, v.type, formatDiffList(o, v.type, v.records ?? []));
    case 'ptr':
      return new TextWrap('&', formatDiff(o, v.value as ValueNode) as TextNode, '');
    default:
      throw new Error(`${v.type.kind} cannot have children`);
  }
}

function formatDiffList(o: Opts, t: GoType, recs: { key?: string; node: ValueNode }[]): TextNode {
  const name = t.kind === 'struct' ? 'field' : t.kind === 'map' ? 'entry' : 'element';
  o = { ...o, typeMode: t.kind === 'struct' ? 'auto' : 'elide' };
  const keyOf = (r: { key?: string }) => (r.key === undefined ? '' : t.kind === 'map' ? formatMapKey(t.key, r.key) : r.key);
  const elemType = (r: { node: ValueNode }) => r.node.type;
  let maxLen = -1;
  if (o.limit) {
    maxLen = o.diff === ' ' ? ((1 << verbosityOf(o)) >> 1) << 2 : (1 << verbosityOf(o)) << 1;
    o = { ...o, verbosity: o.verbosity - 1 };
  }

  if (o.diff === ' ' || o.diff === '-' || o.diff === '+') {
    const list = new TextList();
    let deferred = false;
    for (const r of recs) {
      if (list.records.length === maxLen) {
        deferred = true;
        break;
      }
      if (t.kind === 'struct') {
        const zero =
          o.diff === ' ' ? isZero(elemType(r), r.node.x) || isZero(elemType(r), r.node.y) : isZero(elemType(r), o.diff === '-' ? r.node.x : r.node.y);
        if (zero) continue;
      }
      const out = formatDiff(o, r.node);
      if (out) list.records.push({ diff: '', key: keyOf(r), value: out });
    }
    if (deferred) list.appendEllipsis();
    return new TextWrap('{', list, '}');
  }

  const groups = coalesce(name, recs);
  const list = new TextList();
  let numDiffs = 0;
  let maxGroup = stats(name);
  let rest = recs;
  groups.forEach((ds, i) => {
    if (maxLen >= 0 && numDiffs >= maxLen) {
      maxGroup = {
        name,
        ignored: maxGroup.ignored + ds.ignored,
        identical: maxGroup.identical + ds.identical,
        removed: maxGroup.removed + ds.removed,
        inserted: maxGroup.inserted + ds.inserted,
        modified: maxGroup.modified + ds.modified,
      };
      return;
    }
    if (numDiff(ds) === 0) {
      let lo = 0;
      let hi = 0;
      const equal = ds.ignored + ds.identical;
      while (lo < 2 && lo + hi < equal && i !== 0) lo++;
      while (hi < 2 && lo + hi < equal && i !== groups.length - 1) hi++;
      if (equal - (lo + hi) === 1 && ds.ignored === 0) hi++;
      for (const r of rest.slice(0, lo)) list.records.push({ diff: '', key: keyOf(r), value: formatDiff({ ...o, diff: ' ' }, r.node) as TextNode });
      if (equal > lo + hi) list.appendEllipsis({ ...ds, identical: ds.identical - (lo + hi) });
      for (const r of rest.slice(equal - hi, equal)) list.records.push({ diff: '', key: keyOf(r), value: formatDiff({ ...o, diff: ' ' }, r.node) as TextNode });
      rest = rest.slice(equal);
      return;
    }
    for (const r of rest.slice(0, numDiff(ds))) {
      const n = r.node;
      if (n.numChildren === n.maxDepth) {
        let outx = formatDiff({ ...o, diff: '-' }, n);
        let outy = formatDiff({ ...o, diff: '+' }, n);
        for (let j = 0; j <= MAX_VERBOSITY_PRESET && outx && outy && textEqual(outx, outy); j++) {
          const o2 = verbosityPreset(o, j);
          outx = formatDiff({ ...o2, diff: '-' }, n);
          outy = formatDiff({ ...o2, diff: '+' }, n);
        }
        if (outx) list.records.push({ diff: '-', key: keyOf(r), value: outx });
        if (outy) list.records.push({ diff: '+', key: keyOf(r), value: outy });
      } else {
        list.records.push({ diff: '', key: keyOf(r), value: formatDiff(o, n) as TextNode });
      }
    }
    rest = rest.slice(numDiff(ds));
    numDiffs += numDiff(ds);
  });
  if (numDiff(maxGroup) + maxGroup.identical + maxGroup.ignored > 0) list.appendEllipsis(maxGroup);
  return new TextWrap('{', list, '}');
}

function coalesce(name: string, recs: { node: ValueNode }[]): Stats[] {
  const groups: Stats[] = [];
  let prev = 0;
  const last = (i: number) => {
    if (prev !== i) {
      groups.push(stats(name));
      prev = i;
    }
    return groups[groups.length - 1];
  };
  for (const { node } of recs) {
    if (node.numDiff === 0) last(1).identical++;
    else if (node.y === INVALID) last(2).removed++;
    else if (node.x === INVALID) last(2).inserted++;
    else last(2).modified++;
  }
  return groups;
}

function render(n: TextNode): string {
  const [, c] = compact(n, '');
  return `${indent(0, '')}${expand(c, '', 0)}\n`;
}

/** cmp.Diff(x, y): "" when they are equal. */
export function goCmpDiff(t: GoType, x: GoValue, y: GoValue): string {
  const root = compare(t, x, y);
  if (root.numDiff === 0) return '';
  const opts: Opts = { diff: '', typeMode: 'emit', verbosity: 0, limit: false, avoidStringer: false };
  return render(formatDiff(opts, root) as TextNode);
}
