// Label and field selectors with apimachinery's grammar and error wording (labels.Parse, fields.ParseSelector),
// plus matching, which the sandbox reuses to filter lists. Imports nothing heavy: the sandbox loads this file.
import { isQualifiedName, isValidLabelValue } from './name-validation.js';
import { KcurlError } from '../errors.js';

/** selection.Operator values. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: LabelOperator;
  /** Sorted and de-duplicated, as apimachinery keeps them (a sets.String). Empty for exists / !. */
  values: string[];
}

export interface FieldTerm {
  key: string;
  op: '=' | '==' | '!=';
  /** Unescaped (`\,` → `,`). */
  value: string;
}

/** A selector that does not parse. `reason` is apimachinery's own text (what an API server puts in its 400 Status). */
export class SelectorError extends KcurlError {
  readonly reason: string;
  constructor(kind: 'label' | 'field', selector: string, reason: string) {
    super('KCURL_USAGE', `invalid ${kind} selector ${JSON.stringify(selector)}: ${reason.replace(/^invalid (field )?selector: ('.*'; )?/, '')}`, {
      hint:
        kind === 'label'
          ? "use key=value, key!=value, 'key in (a,b)', 'key notin (a,b)', key or !key, joined by commas"
          : 'use field=value, field==value or field!=value, joined by commas (escape , = \\ in values with \\)',
    });
    this.name = 'SelectorError';
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Label selectors: a port of k8s.io/apimachinery/pkg/labels/selector.go (Lexer, Parser, NewRequirement).

enum Tok {
  Error = 1,
  End,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN: Record<string, Tok> = {
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

function lex(s: string): { tok: Tok; lit: string }[] {
  const items: { tok: Tok; lit: string }[] = [];
  let pos = 0;
  // Lexer.read returns 0 at the end without moving; unread is never called after that.
  const read = () => (pos < s.length ? s[pos++] : '');
  const unread = () => void pos--;
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    if (ch === '') {
      items.push({ tok: Tok.End, lit: '' });
      return items;
    }
    unread();
    if (isSpecialSymbol(ch)) {
      // scanSpecialSymbol: the longest run of symbols that is still a token.
      let buffer = '';
      let last: { tok: Tok; lit: string } | undefined;
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecialSymbol(c)) {
          buffer += c;
          const t = STRING_TO_TOKEN[buffer];
          if (t !== undefined) last = { tok: t, lit: buffer };
          else if (last) {
            unread();
            break;
          }
        } else {
          unread();
          break;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '') break;
        if (isSpecialSymbol(c) || isWhitespace(c)) {
          unread();
          break;
        }
        buffer += c;
      }
      const t = STRING_TO_TOKEN[buffer];
      items.push({ tok: t ?? Tok.Identifier, lit: buffer });
    }
  }
}

// k8s.io/apimachinery/pkg/util/validation: IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain.
/** field.Invalid(path, value, detail).Error(); the parser's path is nil, which Go prints as `<nil>`. */
const invalid = (path: string, value: string, detail: string) => `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;

class ParseFailure extends Error {}

class LabelParser {
  private position = 0;
  constructor(private readonly items: { tok: Tok; lit: string }[]) {}

  /** In the Values context `in` and `notin` are plain identifiers. */
  private lookahead(values: boolean): { tok: Tok; lit: string } {
    const it = this.items[this.position];
    return values && (it.tok === Tok.In || it.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: it.lit } : it;
  }

  private consume(values: boolean): { tok: Tok; lit: string } {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === Tok.Identifier || tok === Tok.DoesNotExist) {
        let r: Requirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          if (e instanceof ParseFailure) throw new ParseFailure(`unable to parse requirement: ${e.message}`);
          throw e;
        }
        requirements.push(r);
        const next = this.consume(true);
        if (next.tok === Tok.End) return requirements;
        if (next.tok === Tok.Comma) {
          const after = this.lookahead(true);
          if (after.tok !== Tok.Identifier && after.tok !== Tok.DoesNotExist) {
            throw new ParseFailure(`found '${after.lit}', expected: identifier after ','`);
          }
        } else throw new ParseFailure(`found '${next.lit}', expected: ',' or 'end of string'`);
      } else if (tok === Tok.End) return requirements;
      else throw new ParseFailure(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): Requirement {
    let operator: LabelOperator | undefined;
    let { tok, lit } = this.consume(true);
    if (tok === Tok.DoesNotExist) {
      operator = '!';
      ({ tok, lit } = this.consume(true));
    }
    if (tok !== Tok.Identifier) throw new ParseFailure(`found '${lit}', expected: identifier`);
    const key = lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new ParseFailure(invalid('<nil>', key, keyErrs.join('; ')));
    const t = this.lookahead(true).tok;
    if ((t === Tok.End || t === Tok.Comma) && operator !== '!') operator = 'exists';
    if (operator === 'exists' || operator === '!') return { key, operator, values: [] };

    const op = this.consume(false);
    const OPS: Partial<Record<Tok, LabelOperator>> = {
      [Tok.In]: 'in',
      [Tok.Equals]: '=',
      [Tok.DoubleEquals]: '==',
      [Tok.GreaterThan]: 'gt',
      [Tok.LessThan]: 'lt',
      [Tok.NotIn]: 'notin',
      [Tok.NotEquals]: '!=',
    };
    const binary = OPS[op.tok];
    if (!binary) throw new ParseFailure(`found '${op.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = binary === 'in' || binary === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, binary, [...values].sort());
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== Tok.OpenPar) throw new ParseFailure(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === Tok.Identifier || tok === Tok.Comma) {
      const s = this.parseIdentifiersList();
      if (this.consume(true).tok !== Tok.ClosedPar) throw new ParseFailure(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === Tok.ClosedPar) {
      this.consume(true);
      return new Set(['']);
    }
    throw new ParseFailure(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === Tok.Identifier) {
        s.add(lit);
        const next = this.lookahead(true);
        if (next.tok === Tok.Comma) continue;
        if (next.tok === Tok.ClosedPar) return s;
        throw new ParseFailure(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === Tok.Comma) {
        if (s.size === 0) s.add(''); // "(,"
        const next = this.lookahead(true);
        if (next.tok === Tok.ClosedPar) {
          s.add(''); // ",)"
          return s;
        }
        if (next.tok === Tok.Comma) {
          this.consume(true);
          s.add(''); // ",,"
        }
      } else throw new ParseFailure(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const t = this.lookahead(true).tok;
    if (t === Tok.End || t === Tok.Comma) return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new ParseFailure(`found '${lit}', expected: identifier`);
  }
}

/** strconv.ParseInt(v, 10, 64) succeeds. */
function isInt64(v: string): boolean {
  if (!/^[-+]?\d+$/.test(v)) return false;
  const n = BigInt(v);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** labels.NewRequirement's checks of operator arity and values (the key was checked by the parser). */
function newRequirement(key: string, operator: LabelOperator, values: string[]): Requirement {
  const errs: string[] = [];
  const show = (vs: string[]) => `[]string{${vs.map((v) => JSON.stringify(v)).join(', ')}}`;
  if ((operator === '=' || operator === '==' || operator === '!=') && values.length !== 1) {
    errs.push(`values: Invalid value: ${show(values)}: exact-match compatibility requires one single value`);
  }
  if (operator === 'gt' || operator === 'lt') {
    if (values.length !== 1) errs.push(`values: Invalid value: ${show(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
    values.forEach((v, i) => {
      if (!isInt64(v)) {
        errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
    });
  }
  values.forEach((v, i) => {
    const vErrs = isValidLabelValue(v);
    if (vErrs.length) errs.push(invalid(`values[${i}][${key}]`, v, vErrs.join('; ')));
  });
  // field.ErrorList.ToAggregate().Error(): one error alone, several as "[a, b]".
  if (errs.length === 1) throw new ParseFailure(errs[0]);
  if (errs.length > 1) throw new ParseFailure(`[${errs.join(', ')}]`);
  return { key, operator, values };
}

/** labels.Parse: the requirements of a label selector, sorted by key. Throws SelectorError. "" selects everything. */
export function parseLabelSelector(selector: string): Requirement[] {
  try {
    const reqs = new LabelParser(lex(selector)).parse();
    return reqs
      .map((r, i) => [r, i] as const)
      .sort((a, b) => (a[0].key < b[0].key ? -1 : a[0].key > b[0].key ? 1 : a[1] - b[1]))
      .map(([r]) => r);
  } catch (e) {
    if (e instanceof ParseFailure) throw new SelectorError('label', selector, e.message);
    throw e;
  }
}

export function validateLabelSelector(selector: string): void {
  parseLabelSelector(selector);
}

/** labels.Requirement.Matches for every requirement. */
export function matchesLabels(requirements: readonly Requirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  const ls = labels ?? {};
  const has = (k: string) => Object.hasOwn(ls, k);
  return requirements.every((r) => {
    switch (r.operator) {
      case 'in':
      case '=':
      case '==':
        return has(r.key) && r.values.includes(ls[r.key]);
      case 'notin':
      case '!=':
        return !has(r.key) || !r.values.includes(ls[r.key]);
      case 'exists':
        return has(r.key);
      case '!':
        return !has(r.key);
      case 'gt':
      case 'lt': {
        if (!has(r.key) || r.values.length !== 1) return false;
        if (!isInt64(ls[r.key]) || !isInt64(r.values[0])) return false;
        const a = BigInt(ls[r.key]);
        const b = BigInt(r.values[0]);
        return r.operator === 'gt' ? a > b : a < b;
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Field selectors: k8s.io/apimachinery/pkg/fields/selector.go (ParseSelector, splitTerms, splitTerm, UnescapeValue).

/** Splits on commas that are not escaped with a backslash (the backslash stays). */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw new ParseFailure(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    // Go formats the rune with %v, which prints its number (61 for '=').
    else if (c === ',' || c === '=') throw new ParseFailure(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new ParseFailure('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.ParseSelector: terms in apimachinery's (sorted) order, values unescaped. Throws SelectorError. */
export function parseFieldSelector(selector: string): FieldTerm[] {
  const parts = splitTerms(selector).sort();
  const terms: FieldTerm[] = [];
  try {
    for (const part of parts) {
      if (part === '') continue;
      // The first operator occurrence splits the term; `!=` and `==` are tried before `=`.
      const m = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
      if (!m) throw new ParseFailure(`invalid selector: '${selector}'; can't understand '${part}'`);
      terms.push({ key: m[1], op: m[2] as FieldTerm['op'], value: unescapeValue(m[3]) });
    }
  } catch (e) {
    if (e instanceof ParseFailure) throw new SelectorError('field', selector, e.message);
    throw e;
  }
  return terms;
}

export function validateFieldSelector(selector: string): void {
  parseFieldSelector(selector);
}

/** fields.Selector.Matches over a flat field set (`metadata.name` → value); a missing field reads as "". */
export function matchesFields(terms: readonly FieldTerm[], fields: Readonly<Record<string, string>>): boolean {
  return terms.every((t) => {
    const v = Object.hasOwn(fields, t.key) ? fields[t.key] : '';
    return t.op === '!=' ? v !== t.value : v === t.value;
  });
}
