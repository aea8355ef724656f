// How kubectl's JSONPath parser (k8s.io/client-go/util/jsonpath parser.go, v1.32) reads the first filter
// `[?(@.name=="…")]` of a template: the filter scan (a quote ends the string unless the byte before it is a
// backslash, a raw line feed is an error), the split into left, operator and right, the quoted-string scan and
// strconv.UnquoteChar. For property tests that check a snippet's filter selects exactly the name kcurl used.

/** The compared string of the first `[?(@.name==…)]` filter, as kubectl reads it; an Error when kubectl would fail. */
export function readNameFilter(template: string): string | Error {
  const start = template.indexOf('[?(');
  if (start < 0) return new Error('no filter');
  const bytes = Buffer.from(template.slice(start + 3), 'utf8');
  // parseFilter: scan to the ')' outside a quoted string.
  let begin = false;
  let end = false;
  let pair = 0;
  let i = 0;
  for (; ; i++) {
    if (i >= bytes.length || bytes[i] === 0x0a) return new Error('unterminated filter');
    const b = bytes[i];
    if (b === 0x22 || b === 0x27) {
      if (!begin) {
        begin = true;
        pair = b;
        continue;
      }
      if (bytes[i - 1] !== 0x5c && b === pair) end = true;
    } else if (b === 0x29 && begin === end) break;
  }
  if (bytes[i + 1] !== 0x5d) return new Error('unclosed array expect ]');
  const text = bytes.subarray(0, i).toString('utf8');
  const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
  if (m?.[1] !== '@.name' || m[2] !== '==') return new Error(`not a name filter: ${text}`);
  // parseQuote on the right side: the string ends at the first quote not preceded by a backslash.
  const right = Buffer.from(m[3], 'utf8');
  if (right[0] !== 0x22) return new Error('right side is not a "string"');
  let j = 1;
  for (; ; j++) {
    if (j >= right.length || right[j] === 0x0a) return new Error('unterminated quoted string');
    if (right[j] === 0x22 && right[j - 1] !== 0x5c) break;
  }
  if (j !== right.length - 1) return new Error(`text after the quoted string: ${right.subarray(j + 1).toString('utf8')}`);
  return unquote(right.subarray(1, j));
}

/** strconv.UnquoteChar over a double-quoted body, as UnquoteExtend applies it. */
function unquote(body: Buffer): string | Error {
  const out: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c, '"': 0x22 };
  for (let i = 0; i < body.length; ) {
    const b = body[i];
    if (b === 0x22) return new Error('unescaped quote');
    if (b !== 0x5c) {
      out.push(b);
      i++;
      continue;
    }
    const c = String.fromCharCode(body[i + 1]);
    if (c in simple) {
      out.push(simple[c]);
      i += 2;
    } else if (c === 'x') {
      const hex = body.subarray(i + 2, i + 4).toString('latin1');
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return new Error('bad \\x');
      out.push(parseInt(hex, 16));
      i += 4;
    } else if (c === 'u' || c === 'U') {
      const n = c === 'u' ? 4 : 8;
      const hex = body.subarray(i + 2, i + 2 + n).toString('latin1');
      if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) return new Error('bad \\u');
      out.push(...Buffer.from(String.fromCodePoint(parseInt(hex, 16)), 'utf8'));
      i += 2 + n;
    } else return new Error(`bad escape \\${c}`);
  }
  return Buffer.from(out).toString('utf8');
}
