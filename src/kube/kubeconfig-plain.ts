// A small reader for the block YAML that kubectl, kind, minikube and kcurl's sandbox write into kubeconfigs
// (indented mappings, `- ` lists, plain or simply quoted scalars, `{}`/`[]`), so that reading one costs no
// YAML package at start-up. Anything else (flow collections, anchors, tags, block scalars, escapes, comments
// after values, scalars YAML 1.1 could read as numbers or dates, …) is declined and the caller parses the
// text with the `yaml` package (src/kube/kubeconfig-yaml.ts), which also words every error.

/** The plain value the `yaml` package's toJS() gives for `text` under YAML 1.1, or undefined: not this shape. */
export function readPlainYaml(text: string): Record<string, unknown> | undefined {
  // Printable ASCII and newlines only: no tabs, CR, BOM or other characters YAML treats specially.
  if (/[^\x20-\x7e\n]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    let start = 0;
    while (raw.charCodeAt(start) === 32) start++;
    let end = raw.length;
    while (end > start && raw.charCodeAt(end - 1) === 32) end--;
    if (start === end || raw.charCodeAt(start) === 35 /* # */) continue;
    lines.push({ indent: start, text: raw.slice(start, end) });
  }
  if (lines.length === 0 || lines[0].indent !== 0) return undefined;
  const parser = new Parser(lines);
  try {
    const top = parser.mapping(0, 0);
    return parser.pos === lines.length ? top : undefined;
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}

interface Line {
  indent: number;
  /** The line without its indentation and trailing spaces. */
  text: string;
}

const DECLINE = Symbol('not the plain kubeconfig shape');
const MAX_DEPTH = 64;
/** `key:` or `key: value`, with a key that YAML 1.1 reads as that very string. */
const ENTRY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
// The `yaml` package's YAML 1.1 booleans (schema/yaml-1.1/bool.js).
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
// Supersets of YAML 1.1's ints (decimal, octal, sexagesimal), floats (incl. exponents, .inf, .nan),
// binary and hex ints and timestamps: such scalars are left to the yaml package.
const NUMBER_LIKE = /^[-+]?(?:[0-9._:]*(?:[eE][-+]?[0-9]+)?|0b[01_]+|0x[0-9a-fA-F_]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
const TIMESTAMP_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
/** Characters that cannot start a plain scalar, or that this reader does not interpret. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

function decline(): never {
  throw DECLINE;
}

function isItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

class Parser {
  pos = 0;
  constructor(private readonly lines: Line[]) {}

  /** The block mapping whose keys sit at column `indent`, starting at the current line. */
  mapping(indent: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) decline();
    const out: Record<string, unknown> = {};
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent !== indent || isItem(line.text)) break;
      const m = ENTRY.exec(line.text) ?? decline();
      const key = m[1];
      if (typeof scalar(key) !== 'string' || key === '__proto__' || Object.hasOwn(out, key)) decline();
      this.pos++;
      const next = this.lines[this.pos];
      if (m[2] === undefined) {
        if (next && next.indent > indent) out[key] = this.node(next.indent, depth + 1);
        else if (next && next.indent === indent && isItem(next.text)) out[key] = this.sequence(indent, depth + 1);
        else out[key] = null;
      } else {
        out[key] = scalar(m[2]);
        // A more indented line after a scalar continues it (or is an error): not this reader's business.
        if (next && next.indent > indent) decline();
      }
    }
    return out;
  }

  /** The block sequence whose `- ` indicators sit at column `indent`. */
  sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) decline();
    const out: unknown[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent !== indent || !isItem(line.text)) break;
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.pos++;
        const next = this.lines[this.pos];
        out.push(next && next.indent > indent ? this.node(next.indent, depth + 1) : null);
      } else if (ENTRY.test(rest)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        const column = indent + line.text.length - rest.length;
        this.lines[this.pos] = { indent: column, text: rest };
        out.push(this.mapping(column, depth + 1));
      } else {
        out.push(scalar(rest));
        this.pos++;
        const next = this.lines[this.pos];
        if (next && next.indent > indent) decline();
      }
    }
    return out;
  }

  node(indent: number, depth: number): unknown {
    return isItem(this.lines[this.pos].text) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }
}

/** A value on a `key: value` or `- value` line. */
function scalar(text: string): unknown {
  const first = text[0];
  if (first === '"' || first === "'") {
    // Quoted without escapes: the text between the quotes, as is.
    const body = text.slice(1, -1);
    if (text.length < 2 || text[text.length - 1] !== first || body.includes(first) || (first === '"' && body.includes('\\'))) decline();
    return body;
  }
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (INDICATOR.test(text) && !(first === '-' && text.length > 1 && text[1] !== ' ')) decline();
  if (text.includes(' #') || text.includes(': ') || text.endsWith(':')) decline();
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (text === '<<' || NUMBER_LIKE.test(text) || TIMESTAMP_LIKE.test(text)) decline();
  return text;
}
