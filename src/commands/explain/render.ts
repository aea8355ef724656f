// kubectl explain's plaintext output from an OpenAPI v3 group-version document: a port of the template kubectl
// v1.32 renders (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl), function by function, with
// Go template truthiness, kubectl's wrap (go-wordwrap) and sprig's indent.
import { KcurlError } from '../../errors.js';

type S = Record<string, any>;

/** Go template truthiness: false, 0, nil and empty strings, maps and slices are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

const isMap = (v: unknown): v is S => typeof v === 'object' && v !== null && !Array.isArray(v);

/** additionalProperties that is a schema (not a bool) and not empty. */
const mapSchema = (s: S): S | undefined => (isMap(s.additionalProperties) && truthy(s.additionalProperties) ? s.additionalProperties : undefined);

const NBSP = '\u00a0';
const isSpace = (c: string) => c !== NBSP && /\s/.test(c);

/**
 * kubectl's wrap: term.NewWordWrapWriter, i.e. mitchellh/go-wordwrap's WrapString: words move to the next line
 * when they would pass `lim` runes; a word longer than that stays whole; existing newlines are kept.
 */
export function wrap(lim: number, s: string): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  for (const c of s) {
    if (c === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          out += space;
        }
      } else {
        current += spaceLen + wordLen;
        out += space + word;
        word = '';
        wordLen = 0;
      }
      space = '';
      spaceLen = 0;
      out += c;
      current = 0;
    } else if (isSpace(c)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += c;
      spaceLen++;
    } else {
      word += c;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) out += space;
  } else out += space + word;
  return out;
}

/** sprig indent: every line prefixed by n spaces. */
export function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.replace(/\n/g, `\n${pad}`);
}

class Explainer {
  constructor(private readonly doc: S) {}

  resolveRef(ref: unknown): S | undefined {
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
    let current: unknown = this.doc;
    for (const segment of ref.slice(2).split('/')) {
      if (!isMap(current)) return undefined;
      current = current[segment];
    }
    return isMap(current) ? current : undefined;
  }

  /** `or (resolveRef $ref) $schema`. */
  resolved(schema: S): S {
    const r = this.resolveRef(schema.$ref);
    return truthy(r) ? (r as S) : schema;
  }

  output(schema: S, history: Record<string, number>, fieldPath: string[], recursive: boolean): string {
    const ref: string = typeof schema.$ref === 'string' ? schema.$ref : '';
    const next = { ...history, [ref]: 1 };
    const resolved = this.resolved(schema);
    if (fieldPath.length === 0) {
      let out = `DESCRIPTION:\n${indent(4, wrap(76, this.description(resolved) || '<empty>'))}\n`;
      const docs = this.externalDocs(resolved);
      if (docs) out += `\n${docs}`;
      const fields = this.fieldList(resolved, 1, {}, recursive);
      if (fields) out += `FIELDS:\n${fields}`;
      return out;
    }
    if (ref && history[ref]) return '';
    const [first] = fieldPath;
    if (truthy(resolved.properties) && truthy(resolved.properties[first])) {
      const sub = resolved.properties[first] as S;
      let out = '';
      if (fieldPath.length === 1) out += `FIELD: ${first} <${this.typeGuess(sub)}>\n${this.extractEnum(sub, true, -1, 0)}\n\n`;
      return out + this.output(sub, {}, fieldPath.slice(1), recursive);
    }
    if (truthy(resolved.items)) return this.output(resolved.items, next, fieldPath, recursive);
    const additional = mapSchema(resolved);
    if (additional) return this.output(additional, next, fieldPath, recursive);
    for (const sub of (resolved.allOf ?? []) as S[]) {
      const out = this.output(sub, next, fieldPath, recursive);
      if (out) return out;
    }
    return '';
  }

  fieldList(schema: S, level: number, history: Record<string, number>, recursive: boolean): string {
    const ref: string = typeof schema.$ref === 'string' ? schema.$ref : '';
    if (ref && history[ref]) return '';
    const next = { ...history, [ref]: 1 };
    const resolved = this.resolved(schema);
    let out = '';
    const properties: S = isMap(resolved.properties) ? resolved.properties : {};
    for (const name of Object.keys(properties).sort()) {
      out += this.fieldDetail(name, resolved, recursive, level);
      if (recursive) out += this.fieldList(properties[name], level + 1, next, recursive);
    }
    for (const sub of (resolved.allOf ?? []) as S[]) out += this.fieldList(sub, level, next, recursive);
    if (truthy(resolved.items)) out += this.fieldList(resolved.items, level, next, recursive);
    const additional = mapSchema(resolved);
    if (additional) out += this.fieldList(additional, level, next, recursive);
    return out;
  }

  fieldDetail(name: string, schema: S, short: boolean, level: number): string {
    const amount = level * 2;
    const field = (schema.properties[name] ?? {}) as S;
    let out = `${indent(amount, name)}\t<${this.typeGuess(field)}>`;
    if (Array.isArray(schema.required) && schema.required.includes(name)) out += ' -required-';
    out += this.extractEnum(field, false, 4, amount);
    out += '\n';
    if (!short) {
      out += `${indent(amount + 2, wrap(78 - amount, field.description || '<no description>'))}\n`;
      const docs = field.externalDocs;
      if (truthy(docs)) {
        out += `\n${indent(amount + 2, 'EXTERNAL DOCS:')}\n`;
        if (docs.description) out += `${indent(amount + 4, wrap(76 - amount, docs.description))}\n`;
        if (docs.url) out += `${indent(amount + 4, `URL: ${docs.url}`)}\n`;
      }
      out += '\n';
    }
    return out;
  }

  description(schema: S): string {
    const s = this.resolved(schema);
    if (!truthy(s)) return '';
    let out = '';
    if (s.description) out += `${s.description}\n`;
    for (const sub of (s.allOf ?? []) as S[]) out += this.description(sub);
    if (truthy(s.items)) out += this.description(s.items);
    const additional = mapSchema(s);
    if (additional) out += this.description(additional);
    return out;
  }

  externalDocs(schema: S): string {
    const docs = schema.externalDocs;
    if (!truthy(docs)) return '';
    let out = 'EXTERNAL DOCS:\n';
    if (docs.description) out += `${indent(4, wrap(76, docs.description))}\n`;
    if (docs.url) out += `${indent(4, `URL: ${docs.url}`)}\n`;
    return out;
  }

  typeGuess(schema: S): string {
    if (truthy(schema.items)) return `[]${this.typeGuess(schema.items)}`;
    const additional = mapSchema(schema);
    if (additional) return `map[string]${this.typeGuess(additional)}`;
    if (truthy(schema.allOf) && !truthy(schema.properties) && schema.allOf.length === 1) return this.typeGuess(schema.allOf[0]);
    if (truthy(schema.$ref)) {
      const ref = String(schema.$ref);
      const target = this.resolveRef(ref);
      if (!truthy(target) || !truthy(target!.type) || target!.type === 'object') {
        const name = ref.split('/').pop() ?? '';
        return name.split('.').pop() || 'Object';
      }
      return String(target!.type);
    }
    if (schema.type === 'object') return 'Object';
    return schema.type || 'Object';
  }

  extractEnum(schema: S, longView: boolean, limit: number, amount: number): string {
    if (!truthy(schema) || !truthy(schema.enum)) return '';
    const max = limit || -1;
    let out = longView ? 'ENUM:' : `\n${' '.repeat(amount)}enum: `;
    (schema.enum as unknown[]).every((element, i) => {
      if (max > -1 && i >= max) {
        out += ', ....';
        return false;
      }
      if (i > 0 && !longView) out += ', ';
      else if (longView) out += '\n    ';
      out += element === '' ? '""' : element === null ? '<nil>' : String(element);
      return true;
    });
    return out;
  }
}

export interface ExplainTarget {
  group: string;
  version: string;
  resource: string;
}

const gvrString = (g: ExplainTarget) => `${g.group ? `${g.group}/` : ''}${g.version}, Resource=${g.resource}`;

/** The explain text of a resource (and field path) from its group-version's OpenAPI v3 document. */
/** A failure part-way: text/template has already written `written` when it fails. */
export class ExplainError extends KcurlError {
  constructor(
    message: string,
    readonly written: string,
  ) {
    super('KCURL_API_STATUS', message);
  }
}

export function renderExplain(doc: S, gvr: ExplainTarget, fieldPath: string[], recursive: boolean): string {
  const e = new Explainer(doc);
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api';
  const searchPaths = [
    [prefix, gvr.version, gvr.resource].join('/'),
    [prefix, gvr.version, gvr.resource, '{name}'].join('/'),
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource].join('/'),
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource, '{name}'].join('/'),
  ];
  let gvk: S | undefined;
  for (const p of searchPaths) {
    const element = doc.paths?.[p];
    if (!truthy(element)) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = element[method];
      if (!truthy(op)) continue;
      gvk = op['x-kubernetes-group-version-kind'];
      if (truthy(gvk)) break;
    }
  }
  if (!truthy(gvk)) throw new KcurlError('KCURL_API_STATUS', `error: GVR (${gvrString(gvr)}) not found in OpenAPI schema`);
  const g = gvk as S;
  let out = `${g.group ? `GROUP:      ${g.group}\n` : ''}KIND:       ${g.kind}\nVERSION:    ${g.version}\n\n`;
  let found = '';
  const schemas: S = doc.components?.schemas ?? {};
  for (const key of Object.keys(schemas).sort()) {
    const schema = schemas[key] as S;
    const kinds = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(kinds) || !kinds.some((k: S) => k?.group === g.group && k?.kind === g.kind && k?.version === g.version)) continue;
    found = e.output(schema, {}, fieldPath, recursive);
    if (!found) throw new ExplainError(`error: field ${JSON.stringify(fieldPath[fieldPath.length - 1])} does not exist`, out);
    break;
  }
  if (!found) throw new ExplainError(`error: GVK map[group:${g.group} kind:${g.kind} version:${g.version}] not found in OpenAPI schema`, out);
  out += found;
  return `${out}\n`;
}
