// The shell's parser: source text → tokens → an AST of lists, `&&`/`||`, pipelines, `while`/`until`/`for`/
// `if`/`case`, groups and simple commands with their assignments and redirections. Words keep their quotes and
// `$…` forms; the interpreter expands them when it runs the command.
import { ShellSyntaxError, Unsupported } from './errors.js';

export { ShellSyntaxError };

/** A here-document: its body is filled in when the tokenizer reaches the end of the line. */
export type HereDoc = { delimiter: string; stripTabs: boolean; quoted: boolean; body: string };

type Token = { t: 'word'; v: string } | { t: 'op'; v: string } | { t: 'redir'; fd: number; op: string; heredoc?: HereDoc };

export type Redirect = { fd: number; op: string; target: string; heredoc?: HereDoc };
export type Node =
  | { k: 'simple'; assigns: string[]; words: string[]; redirects: Redirect[] }
  | { k: 'list'; items: { node: Node; background: boolean }[] }
  | { k: 'andor'; first: Node; rest: { op: '&&' | '||'; node: Node }[] }
  | { k: 'pipe'; cmds: Node[]; negate: boolean }
  | { k: 'while'; until: boolean; cond: Node; body: Node }
  | { k: 'for'; name: string; items: string[] | undefined; body: Node }
  | { k: 'if'; branches: { cond: Node; body: Node }[]; otherwise?: Node }
  | { k: 'case'; word: string; arms: { patterns: string[]; body: Node }[] }
  | { k: 'group'; body: Node; subshell: boolean }
  /** `name() { …; }`: defines a function. */
  | { k: 'function'; name: string; body: Node }
  /** A compound command with redirections: `while …; done < file`, `{ …; } > file`. */
  | { k: 'redirected'; body: Node; redirects: Redirect[] };

function tokenize(src: string, strictHereDocs: boolean): Token[] {
  const out: Token[] = [];
  const pending: HereDoc[] = [];
  let i = 0;
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) out.push({ t: 'word', v: word });
    word = '';
    inWord = false;
  };
  /** Copies a balanced `$(…)`, `$((…))` or `${…}` starting at src[i] (the `$`). */
  const balanced = (open: string, close: string) => {
    let depth = 0;
    let j = i + 1;
    for (; j < src.length; j++) {
      const c = src[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === "'" && open === '(') {
        const end = src.indexOf("'", j + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        j = end;
        continue;
      }
      if (c === open) depth++;
      else if (c === close) {
        depth--;
        if (depth === 0) break;
      }
    }
    if (j >= src.length) throw new ShellSyntaxError(`missing '${close}'`);
    word += src.slice(i, j + 1);
    inWord = true;
    i = j + 1;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      word += src.slice(i, i + 2);
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
      word += src.slice(i, end + 1);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === '\\') j++;
        else if (src[j] === '$' && src[j + 1] === '(') {
          // Skip a command substitution inside double quotes as a whole.
          let depth = 0;
          for (; j < src.length; j++) {
            if (src[j] === '(') depth++;
            else if (src[j] === ')' && --depth === 0) break;
          }
        }
      }
      if (j >= src.length) throw new ShellSyntaxError('unterminated quoted string');
      word += src.slice(i, j + 1);
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated `');
      word += src.slice(i, end + 1);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '$' && src[i + 1] === '(') {
      balanced('(', ')');
      continue;
    }
    if (c === '$' && src[i + 1] === '{') {
      balanced('{', '}');
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush();
      i++;
      continue;
    }
    if (c === '\n') {
      flush();
      out.push({ t: 'op', v: '\n' });
      i++;
      // Here-documents started on this line take the lines that follow, up to their delimiters.
      for (const doc of pending.splice(0)) {
        let body = '';
        for (;;) {
          if (i >= src.length) {
            if (strictHereDocs) throw new ShellSyntaxError(`syntax error: unexpected end of file (expecting "${doc.delimiter}")`);
            break;
          }
          const nl = src.indexOf('\n', i);
          const raw = src.slice(i, nl < 0 ? src.length : nl);
          i = nl < 0 ? src.length : nl + 1;
          const line = doc.stripTabs ? raw.replace(/^\t+/, '') : raw;
          if (line === doc.delimiter) break;
          body += `${line}\n`;
        }
        doc.body = body;
      }
      continue;
    }
    if (c === '>' || c === '<') {
      let fd = c === '>' ? 1 : 0;
      if (inWord && /^\d$/.test(word)) {
        fd = Number(word);
        word = '';
        inWord = false;
      } else flush();
      if (c === '<' && src[i + 1] === '<') {
        const stripTabs = src[i + 2] === '-';
        i += stripTabs ? 3 : 2;
        while (src[i] === ' ' || src[i] === '\t') i++;
        const m = /^[^\s;&|<>()]+/.exec(src.slice(i));
        if (!m) throw new ShellSyntaxError('syntax error: unexpected newline (expecting here-document delimiter)');
        i += m[0].length;
        const heredoc: HereDoc = { delimiter: m[0].replace(/['"\\]/g, ''), stripTabs, quoted: /['"\\]/.test(m[0]), body: '' };
        pending.push(heredoc);
        out.push({ t: 'redir', fd, op: '<<', heredoc });
        continue;
      }
      let op = c;
      if (src[i + 1] === '>' && c === '>') op = '>>';
      else if (src[i + 1] === '&') op = `${c}&`;
      i += op.length;
      out.push({ t: 'redir', fd, op });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      flush();
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      flush();
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  flush();
  if (strictHereDocs && pending.length) throw new ShellSyntaxError(`syntax error: unexpected end of file (expecting "${pending[0].delimiter}")`);
  return out;
}

const RESERVED = new Set(['do', 'done', 'then', 'else', 'elif', 'fi', '}', 'esac']);

class Parser {
  #i = 0;
  constructor(readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.#i];
  }
  next(): Token | undefined {
    return this.tokens[this.#i++];
  }
  isWord(v: string): boolean {
    const t = this.peek();
    return t?.t === 'word' && t.v === v;
  }
  isOp(v: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === v;
  }
  skipNewlines(): void {
    while (this.isOp('\n') || this.isOp(';')) this.#i++;
  }
  expectWord(v: string): void {
    this.skipNewlines();
    const t = this.next();
    if (t?.t !== 'word' || t.v !== v)
      throw new ShellSyntaxError(`syntax error: ${t ? `unexpected "${'v' in t ? t.v : t.op}"` : 'unexpected end of file'} (expecting "${v}")`);
  }

  parseScript(): Node {
    const list = this.parseList(new Set());
    if (this.peek()) {
      const t = this.peek() as Token;
      throw new ShellSyntaxError(`syntax error: unexpected "${t.t === 'redir' ? t.op : t.v}"`);
    }
    return list;
  }

  /** A list up to one of the terminator words (do, done, fi, …) or `)`. */
  parseList(terminators: Set<string>): Node {
    const items: { node: Node; background: boolean }[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t || (t.t === 'word' && terminators.has(t.v)) || (t.t === 'op' && (t.v === ')' || t.v === ';;'))) break;
      const node = this.parseAndOr();
      let background = false;
      if (this.isOp('&')) {
        this.next();
        background = true;
      }
      items.push({ node, background });
      if (!(this.isOp(';') || this.isOp('\n') || background)) break;
    }
    return { k: 'list', items };
  }

  parseAndOr(): Node {
    const first = this.parsePipeline();
    const rest: { op: '&&' | '||'; node: Node }[] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.next() as { v: '&&' | '||' }).v;
      while (this.isOp('\n')) this.next();
      rest.push({ op, node: this.parsePipeline() });
    }
    return rest.length ? { k: 'andor', first, rest } : first;
  }

  parsePipeline(): Node {
    let negate = false;
    if (this.isWord('!')) {
      this.next();
      negate = true;
    }
    const cmds = [this.parseCommand()];
    while (this.isOp('|')) {
      this.next();
      while (this.isOp('\n')) this.next();
      cmds.push(this.parseCommand());
    }
    return cmds.length === 1 && !negate ? cmds[0] : { k: 'pipe', cmds, negate };
  }

  parseCommand(): Node {
    const node = this.parseCommandCore();
    if (node.k === 'simple') return node;
    const redirects: Redirect[] = [];
    for (let r = this.parseRedirect(); r; r = this.parseRedirect()) redirects.push(r);
    return redirects.length ? { k: 'redirected', body: node, redirects } : node;
  }

  /** A redirection at the current token, or undefined when there is none. */
  parseRedirect(): Redirect | undefined {
    const n = this.peek();
    if (n?.t !== 'redir') return undefined;
    this.next();
    if (n.heredoc) return { fd: n.fd, op: n.op, target: '', heredoc: n.heredoc };
    const target = this.next();
    if (target?.t !== 'word') throw new ShellSyntaxError('syntax error: missing redirection target');
    return { fd: n.fd, op: n.op, target: target.v };
  }

  parseCommandCore(): Node {
    const t = this.peek();
    if (!t) throw new ShellSyntaxError('syntax error: unexpected end of file');
    if (t.t === 'op' && t.v === '(') {
      this.next();
      const body = this.parseList(new Set());
      if (!this.isOp(')')) throw new ShellSyntaxError('syntax error: missing ")"');
      this.next();
      return { k: 'group', body, subshell: true };
    }
    if (t.t === 'word' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.v) && !RESERVED.has(t.v)) {
      const open = this.tokens[this.#i + 1];
      const close = this.tokens[this.#i + 2];
      if (open?.t === 'op' && open.v === '(' && close?.t === 'op' && close.v === ')') {
        this.#i += 3;
        while (this.isOp('\n')) this.next();
        return { k: 'function', name: t.v, body: this.parseCommand() };
      }
    }
    if (t.t === 'word') {
      switch (t.v) {
        case 'while':
        case 'until': {
          this.next();
          const cond = this.parseList(new Set(['do']));
          this.expectWord('do');
          const body = this.parseList(new Set(['done']));
          this.expectWord('done');
          return { k: 'while', until: t.v === 'until', cond, body };
        }
        case 'for': {
          this.next();
          const name = this.next();
          if (name?.t !== 'word') throw new ShellSyntaxError('syntax error: bad for loop variable');
          let items: string[] | undefined;
          while (this.isOp('\n')) this.next();
          if (this.isWord('in')) {
            this.next();
            items = [];
            while (this.peek()?.t === 'word') items.push((this.next() as { v: string }).v);
          }
          this.expectWord('do');
          const body = this.parseList(new Set(['done']));
          this.expectWord('done');
          return { k: 'for', name: name.v, items, body };
        }
        case 'if': {
          this.next();
          const branches: { cond: Node; body: Node }[] = [];
          let otherwise: Node | undefined;
          for (;;) {
            const cond = this.parseList(new Set(['then']));
            this.expectWord('then');
            const body = this.parseList(new Set(['elif', 'else', 'fi']));
            branches.push({ cond, body });
            this.skipNewlines();
            const kw = this.next();
            if (kw?.t === 'word' && kw.v === 'elif') continue;
            if (kw?.t === 'word' && kw.v === 'else') {
              otherwise = this.parseList(new Set(['fi']));
              this.expectWord('fi');
            } else if (!(kw?.t === 'word' && kw.v === 'fi'))
              throw new ShellSyntaxError(kw ? 'syntax error: expecting "fi"' : 'syntax error: unexpected end of file (expecting "fi")');
            break;
          }
          return { k: 'if', branches, otherwise };
        }
        case '{': {
          this.next();
          const body = this.parseList(new Set(['}']));
          this.expectWord('}');
          return { k: 'group', body, subshell: false };
        }
        case 'case':
          return this.parseCase();
        case 'function':
        case 'select':
          throw new Unsupported(`the shell keyword "${t.v}"`);
        default:
          if (RESERVED.has(t.v)) throw new ShellSyntaxError(`syntax error: unexpected "${t.v}"`);
      }
    }
    const assigns: string[] = [];
    const words: string[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const n = this.peek();
      if (!n) break;
      if (n.t === 'redir') {
        redirects.push(this.parseRedirect() as Redirect);
        continue;
      }
      if (n.t !== 'word') break;
      if (words.length > 0 && RESERVED.has(n.v) && n.v !== '}') {
        words.push(n.v);
        this.next();
        continue;
      }
      if (words.length === 0 && RESERVED.has(n.v)) break;
      this.next();
      if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(n.v)) assigns.push(n.v);
      else words.push(n.v);
    }
    if (!assigns.length && !words.length && !redirects.length) {
      const bad = this.peek();
      throw new ShellSyntaxError(`syntax error: unexpected "${bad ? (bad.t === 'redir' ? bad.op : bad.v) : 'end of file'}"`);
    }
    return { k: 'simple', assigns, words, redirects };
  }

  /** `case WORD in PATTERN[|PATTERN]…) LIST ;; … esac` */
  parseCase(): Node {
    this.next();
    const word = this.next();
    if (word?.t !== 'word') throw new ShellSyntaxError('syntax error: unexpected end of file (expecting word)');
    while (this.isOp('\n')) this.next();
    this.expectWord('in');
    const arms: { patterns: string[]; body: Node }[] = [];
    for (;;) {
      while (this.isOp('\n')) this.next();
      if (this.isWord('esac')) {
        this.next();
        return { k: 'case', word: word.v, arms };
      }
      if (this.isOp('(')) this.next();
      const patterns: string[] = [];
      for (;;) {
        const p = this.next();
        if (p?.t !== 'word')
          throw new ShellSyntaxError(`syntax error: ${p ? `unexpected "${p.t === 'redir' ? p.op : p.v}"` : 'unexpected end of file'} (expecting ")")`);
        patterns.push(p.v);
        if (!this.isOp('|')) break;
        this.next();
      }
      if (!this.isOp(')')) throw new ShellSyntaxError('syntax error: expecting ")"');
      this.next();
      const body = this.parseList(new Set(['esac']));
      arms.push({ patterns, body });
      if (this.isOp(';;')) this.next();
      else {
        this.skipNewlines();
        if (!this.isWord('esac')) throw new ShellSyntaxError('syntax error: expecting "esac"');
      }
    }
  }
}

/**
 * Parses a script. `strictHereDocs` (input read line by line) makes a here-document without its delimiter an
 * error, so the reader knows to wait for more lines; a whole script may end its last here-document at EOF.
 */
export function parseScript(src: string, strictHereDocs = false): Node {
  return new Parser(tokenize(src, strictHereDocs)).parseScript();
}

/** Whether a syntax error only means the input stopped early (an open loop, quote or here-document). */
export function isIncomplete(e: ShellSyntaxError): boolean {
  return /end of file|unterminated|missing/.test(e.message);
}
