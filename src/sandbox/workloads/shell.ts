// The simulated processes of sandbox containers: a small POSIX-sh interpreter (lists, `&&`, `||`, pipes,
// `while`/`until`/`for`/`if`, variables, `$(…)`, `$((…))`, redirections) and the busybox-like commands a
// workshop pod runs (echo, printf, env, sleep, cat, date, …). Nothing here touches the host: files come
// from the container's simulated filesystem, output goes to the container log.

export interface ContainerFs {
  /** File contents, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Writes (or appends to) a file in the container's writable layer; false when the path is read-only. */
  write(path: string, data: string, append: boolean): boolean;
  /** Entries of a directory, or undefined when it is not one. */
  list(path: string): string[] | undefined;
}

export interface ProcessContext {
  env: Map<string, string>;
  fs: ContainerFs;
  hostname: string;
  now(): Date;
  /** Output of the process (both streams end up in the container log). */
  write(stream: 'stdout' | 'stderr', text: string): void;
  signal: AbortSignal;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** A process ended by the simulator because it uses something the sandbox does not simulate. */
export class Unsupported extends Error {}

export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

class LoopControl extends Error {
  constructor(readonly kind: 'break' | 'continue', public levels: number) {
    super(kind);
  }
}

export const SUPPORTED_COMMANDS = [
  ':', '[', 'base64', 'basename', 'cat', 'cd', 'cut', 'date', 'dirname', 'echo', 'env', 'exit', 'export', 'false', 'grep', 'head', 'hostname',
  'id', 'ls', 'mkdir', 'nginx', 'printenv', 'printf', 'pwd', 'rm', 'seq', 'set', 'sh', 'bash', 'sleep', 'tail', 'test', 'touch',
  'tr', 'true', 'uname', 'unset', 'wc', 'whoami', 'yes',
];

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

// ---------------------------------------------------------------- parsing

type Token = { t: 'word'; v: string } | { t: 'op'; v: string } | { t: 'redir'; fd: number; op: string };

type Redirect = { fd: number; op: string; target: string };
type Node =
  | { k: 'simple'; assigns: string[]; words: string[]; redirects: Redirect[] }
  | { k: 'list'; items: { node: Node; background: boolean }[] }
  | { k: 'andor'; first: Node; rest: { op: '&&' | '||'; node: Node }[] }
  | { k: 'pipe'; cmds: Node[]; negate: boolean }
  | { k: 'while'; until: boolean; cond: Node; body: Node }
  | { k: 'for'; name: string; items: string[] | undefined; body: Node }
  | { k: 'if'; branches: { cond: Node; body: Node }[]; otherwise?: Node }
  | { k: 'group'; body: Node; subshell: boolean };

export class ShellSyntaxError extends Error {}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
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
      continue;
    }
    if (c === '>' || c === '<') {
      let fd = c === '>' ? 1 : 0;
      if (inWord && /^\d$/.test(word)) {
        fd = Number(word);
        word = '';
        inWord = false;
      } else flush();
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
    if (t?.t !== 'word' || t.v !== v) throw new ShellSyntaxError(`syntax error: ${t ? `unexpected "${'v' in t ? t.v : t.op}"` : 'unexpected end of file'} (expecting "${v}")`);
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
      if (!t || (t.t === 'word' && terminators.has(t.v)) || (t.t === 'op' && t.v === ')')) break;
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
    const t = this.peek();
    if (!t) throw new ShellSyntaxError('syntax error: unexpected end of file');
    if (t.t === 'op' && t.v === '(') {
      this.next();
      const body = this.parseList(new Set());
      if (!this.isOp(')')) throw new ShellSyntaxError('syntax error: missing ")"');
      this.next();
      return { k: 'group', body, subshell: true };
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
            } else if (!(kw?.t === 'word' && kw.v === 'fi')) throw new ShellSyntaxError('syntax error: expecting "fi"');
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
        this.next();
        const target = this.next();
        if (target?.t !== 'word') throw new ShellSyntaxError('syntax error: missing redirection target');
        redirects.push({ fd: n.fd, op: n.op, target: target.v });
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
}

export function parseScript(src: string): Node {
  return new Parser(tokenize(src)).parseScript();
}

// ---------------------------------------------------------------- running

interface Io {
  stdin: string;
  out(text: string): void;
  err(text: string): void;
}

/** One shell: variables, positional parameters, the last status, the working directory. */
class Shell {
  vars: Map<string, string>;
  exported: Set<string>;
  positional: string[];
  status = 0;
  cwd = '/';
  errexit = false;
  steps = 0;
  readonly name: string;

  constructor(readonly ctx: ProcessContext, name: string, positional: string[]) {
    this.vars = new Map(ctx.env);
    this.exported = new Set(ctx.env.keys());
    this.positional = positional;
    this.name = name;
    this.vars.set('PWD', this.vars.get('PWD') ?? '/');
  }

  env(): Map<string, string> {
    const out = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  async tick(): Promise<void> {
    if (this.ctx.signal.aborted) throw new ExitError(143);
    // A loop without sleeps must not starve the event loop (nor the API server in the same process).
    if (++this.steps % 100 === 0) await new Promise((r) => setTimeout(r, 1));
  }

  /** One pass of a loop body: its status, or the `break`/`continue` that ended it at this loop's level. */
  private async loopPass(body: Node, io: Io): Promise<number | 'break' | 'continue'> {
    try {
      return await this.run(body, io);
    } catch (e) {
      if (!(e instanceof LoopControl)) throw e;
      if (--e.levels > 0) throw e;
      return e.kind;
    }
  }

  async run(node: Node, io: Io): Promise<number> {
    await this.tick();
    switch (node.k) {
      case 'list': {
        let status = 0;
        for (const item of node.items) {
          status = await this.run(item.node, io);
          this.status = status;
          if (status !== 0 && this.errexit && item.node.k !== 'andor') throw new ExitError(status);
        }
        return status;
      }
      case 'andor': {
        let status = await this.run(node.first, io);
        for (const { op, node: n } of node.rest) {
          if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) status = await this.run(n, io);
          this.status = status;
        }
        return status;
      }
      case 'pipe': {
        let stdin = io.stdin;
        let status = 0;
        for (let i = 0; i < node.cmds.length; i++) {
          const last = i === node.cmds.length - 1;
          let captured = '';
          const stageIo: Io = { stdin, out: last ? io.out : (t) => (captured += t), err: io.err };
          try {
            status = await this.run(node.cmds[i], stageIo);
          } catch (e) {
            if (!(e instanceof ExitError) || last) throw e;
            status = e.code;
          }
          stdin = captured;
        }
        return node.negate ? (status === 0 ? 1 : 0) : status;
      }
      case 'while': {
        let status = 0;
        for (;;) {
          const c = await this.run(node.cond, io);
          if ((c === 0) === node.until) break;
          const pass = await this.loopPass(node.body, io);
          if (pass === 'break') break;
          if (pass !== 'continue') status = pass;
        }
        return status;
      }
      case 'for': {
        const items = node.items ? (await Promise.all(node.items.map((w) => this.expand(w, io)))).flat() : [...this.positional];
        let status = 0;
        for (const item of items) {
          this.vars.set(node.name, item);
          const pass = await this.loopPass(node.body, io);
          if (pass === 'break') break;
          if (pass !== 'continue') status = pass;
        }
        return status;
      }
      case 'if': {
        for (const b of node.branches) if ((await this.run(b.cond, io)) === 0) return this.run(b.body, io);
        return node.otherwise ? this.run(node.otherwise, io) : 0;
      }
      case 'group': {
        if (!node.subshell) return this.run(node.body, io);
        const sub = this.fork();
        try {
          return await sub.run(node.body, io);
        } catch (e) {
          if (e instanceof ExitError) return e.code;
          throw e;
        }
      }
      case 'simple':
        return this.simple(node, io);
    }
  }

  fork(): Shell {
    const sub = new Shell(this.ctx, this.name, [...this.positional]);
    sub.vars = new Map(this.vars);
    sub.exported = new Set(this.exported);
    sub.cwd = this.cwd;
    sub.status = this.status;
    sub.steps = this.steps;
    return sub;
  }

  async simple(node: Extract<Node, { k: 'simple' }>, io: Io): Promise<number> {
    const argv: string[] = [];
    for (const w of node.words) argv.push(...(await this.expand(w, io)));
    const assigned: [string, string][] = [];
    for (const a of node.assigns) {
      const eq = a.indexOf('=');
      assigned.push([a.slice(0, eq), (await this.expand(a.slice(eq + 1), io, false)).join(' ')]);
    }
    let cmdIo = io;
    for (const r of node.redirects) cmdIo = await this.redirect(r, cmdIo, io);
    if (argv.length === 0) {
      for (const [k, v] of assigned) this.vars.set(k, v);
      return 0;
    }
    const saved = new Map<string, string | undefined>();
    for (const [k, v] of assigned) {
      saved.set(k, this.vars.get(k));
      this.vars.set(k, v);
    }
    try {
      return await this.command(argv, cmdIo, new Set(assigned.map(([k]) => k)));
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
      }
    }
  }

  async redirect(r: Redirect, cur: Io, outer: Io): Promise<Io> {
    const target = (await this.expand(r.target, outer, false)).join(' ');
    if (r.op === '>&' || r.op === '<&') {
      const to = target === '2' ? cur.err : target === '1' ? cur.out : undefined;
      if (!to) throw new Unsupported(`the redirection ${r.fd}${r.op}${target}`);
      return r.fd === 2 ? { ...cur, err: to } : { ...cur, out: to };
    }
    if (r.op === '<') {
      const content = this.readFile(target);
      if (content === undefined) throw new CommandError(`${this.name}: can't open '${target}': No such file or directory`, 1);
      return { ...cur, stdin: content };
    }
    const path = this.resolve(target);
    const sink = (text: string) => {
      if (path === '/dev/null') return;
      if (path === '/dev/stdout') return outer.out(text);
      if (path === '/dev/stderr') return outer.err(text);
      this.ctx.fs.write(path, text, true);
    };
    if (r.op === '>' && !['/dev/null', '/dev/stdout', '/dev/stderr'].includes(path)) {
      if (!this.ctx.fs.write(path, '', false)) throw new CommandError(`${this.name}: can't create ${target}: Read-only file system`, 1);
    }
    return r.fd === 2 ? { ...cur, err: sink } : { ...cur, out: sink };
  }

  resolve(p: string): string {
    const abs = p.startsWith('/') ? p : `${this.cwd.replace(/\/$/, '')}/${p}`;
    const parts: string[] = [];
    for (const seg of abs.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    return `/${parts.join('/')}`;
  }

  readFile(p: string): string | undefined {
    return this.ctx.fs.read(this.resolve(p));
  }

  // ------------------------------------------------ expansion

  lookup(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return '1';
    if (name === '#') return String(this.positional.length);
    if (name === '0') return this.name;
    if (name === '@' || name === '*') return this.positional.join(' ');
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  /** Expands one word: quotes, parameters, command and arithmetic substitution, then field splitting. */
  async expand(word: string, io: Io, split = true): Promise<string[]> {
    const fields: string[] = [];
    let cur = '';
    let have = false;
    const pushSplit = (text: string) => {
      if (!split) {
        cur += text;
        return;
      }
      const parts = text.split(/[ \t\n]+/);
      parts.forEach((p, idx) => {
        if (idx > 0 && (have || cur !== '')) {
          fields.push(cur);
          cur = '';
          have = false;
        }
        cur += p;
        if (p) have = true;
      });
    };
    let i = 0;
    while (i < word.length) {
      const c = word[i];
      if (c === "'") {
        const end = word.indexOf("'", i + 1);
        cur += word.slice(i + 1, end);
        have = true;
        i = end + 1;
      } else if (c === '"') {
        have = true;
        i++;
        while (i < word.length && word[i] !== '"') {
          if (word[i] === '\\' && '$`"\\\n'.includes(word[i + 1] ?? '')) {
            cur += word[i + 1];
            i += 2;
          } else if (word[i] === '$' || word[i] === '`') {
            const r = await this.dollar(word, i, io);
            cur += r.text;
            i = r.end;
          } else cur += word[i++];
        }
        i++;
      } else if (c === '\\') {
        cur += word[i + 1] ?? '';
        have = true;
        i += 2;
      } else if (c === '$' || c === '`') {
        const r = await this.dollar(word, i, io);
        if (r.literal) {
          cur += r.text;
          have = true;
        } else pushSplit(r.text);
        i = r.end;
      } else {
        cur += c;
        have = true;
        i++;
      }
    }
    if (have || cur !== '') fields.push(cur);
    return fields;
  }

  async dollar(word: string, i: number, io: Io): Promise<{ text: string; end: number; literal?: boolean }> {
    if (word[i] === '`') {
      const end = word.indexOf('`', i + 1);
      return { text: await this.substitute(word.slice(i + 1, end), io), end: end + 1 };
    }
    const next = word[i + 1];
    if (next === '(' && word[i + 2] === '(') {
      const end = matching(word, i + 1);
      const expr = word.slice(i + 3, end - 1);
      return { text: String(this.arith(expr)), end: end + 1 };
    }
    if (next === '(') {
      const end = matching(word, i + 1);
      return { text: await this.substitute(word.slice(i + 2, end), io), end: end + 1 };
    }
    if (next === '{') {
      const end = matching(word, i + 1, '{', '}');
      return { text: await this.braced(word.slice(i + 2, end), io), end: end + 1 };
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*])/.exec(word.slice(i + 1));
    if (!m) return { text: '$', end: i + 1, literal: true };
    return { text: this.lookup(m[1]) ?? '', end: i + 1 + m[1].length };
  }

  async braced(inner: string, io: Io): Promise<string> {
    if (inner.startsWith('#')) return String((this.lookup(inner.slice(1)) ?? '').length);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*])(:?[-=+?]|#|%)?(.*)$/s.exec(inner);
    if (!m) throw new CommandError(`${this.name}: syntax error: bad substitution`, 2);
    const [, name, op, rest] = m;
    const value = this.lookup(name);
    const word = async () => (await this.expand(rest, io, false)).join(' ');
    const unsetOrEmpty = op?.startsWith(':') ? !value : value === undefined;
    switch (op) {
      case undefined:
        if (rest) throw new CommandError(`${this.name}: syntax error: bad substitution`, 2);
        return value ?? '';
      case '-':
      case ':-':
        return unsetOrEmpty ? word() : (value as string);
      case '=':
      case ':=': {
        if (!unsetOrEmpty) return value as string;
        const v = await word();
        this.vars.set(name, v);
        return v;
      }
      case '+':
      case ':+':
        return unsetOrEmpty ? '' : word();
      case '?':
      case ':?':
        if (unsetOrEmpty) throw new CommandError(`${this.name}: ${name}: ${(await word()) || 'parameter not set'}`, 1);
        return value as string;
      case '#':
      case '%': {
        const pattern = await word();
        const v = value ?? '';
        const re = globToRegExp(pattern);
        if (op === '#') {
          for (let k = 0; k <= v.length; k++) if (re.test(v.slice(0, k))) return v.slice(k);
        } else {
          for (let k = v.length; k >= 0; k--) if (re.test(v.slice(k))) return v.slice(0, k);
        }
        return v;
      }
    }
    return value ?? '';
  }

  async substitute(script: string, io: Io): Promise<string> {
    const sub = this.fork();
    let out = '';
    try {
      const status = await sub.run(parseScript(script), { stdin: io.stdin, out: (t) => (out += t), err: io.err });
      this.status = status;
    } catch (e) {
      if (e instanceof ExitError) this.status = e.code;
      else throw e;
    }
    this.steps = sub.steps;
    return out.replace(/\n+$/, '');
  }

  arith(expr: string): number {
    const substituted = expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, n: string) => this.vars.get(n) || '0');
    return evalArith(substituted, (n) => Number(this.vars.get(n) || 0), (n, v) => this.vars.set(n, String(v)));
  }

  // ------------------------------------------------ commands

  async command(argv: string[], io: Io, assigned: Set<string>): Promise<number> {
    const name = argv[0];
    const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    const args = argv.slice(1);
    try {
      switch (name) {
        case 'exit':
          throw new ExitError(args[0] === undefined ? this.status : Number(args[0]) & 255);
        case 'break':
        case 'continue':
          throw new LoopControl(name, Math.max(1, Number(args[0] ?? 1)));
        case 'export':
          for (const a of args) {
            const eq = a.indexOf('=');
            if (eq >= 0) this.vars.set(a.slice(0, eq), a.slice(eq + 1));
            this.exported.add(eq >= 0 ? a.slice(0, eq) : a);
          }
          return 0;
        case 'unset':
          for (const a of args) {
            this.vars.delete(a);
            this.exported.delete(a);
          }
          return 0;
        case 'cd': {
          const dir = this.resolve(args[0] ?? this.vars.get('HOME') ?? '/');
          if (this.ctx.fs.list(dir) === undefined) throw new CommandError(`${this.name}: cd: can't cd to ${args[0]}: No such file or directory`, 2);
          this.cwd = dir;
          this.vars.set('PWD', dir);
          return 0;
        }
        case 'set':
          if (args.includes('--')) this.positional = args.slice(args.indexOf('--') + 1);
          for (const a of args.includes('--') ? args.slice(0, args.indexOf('--')) : args) {
            if (/^-[a-z]*e/.test(a)) this.errexit = true;
            if (/^\+[a-z]*e/.test(a)) this.errexit = false;
          }
          return 0;
        case 'shift':
          this.positional = this.positional.slice(Number(args[0] ?? 1));
          return 0;
        case 'exec':
          if (args.length === 0) return 0;
          throw new ExitError(await this.command(args, io, assigned));
      }
      const env = this.env();
      for (const k of assigned) env.set(k, this.vars.get(k) ?? '');
      if (SHELLS.has(base)) return await runShellProgram(base, args, { ...this.ctx, env }, io, this.steps);
      return await runUtility(base, args, { ...this.ctx, env }, io, this);
    } catch (e) {
      if (e instanceof CommandError) {
        io.err(`${e.message}\n`);
        return e.code;
      }
      throw e;
    }
  }
}

class CommandError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

function matching(s: string, open: number, o = '(', c = ')'): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === "'") {
      j = s.indexOf("'", j + 1);
      if (j < 0) break;
      continue;
    }
    if (s[j] === o) depth++;
    else if (s[j] === c && --depth === 0) return j;
  }
  throw new CommandError(`sh: syntax error: missing '${c}'`, 2);
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`, 's');
}

/** Integer arithmetic of $((…)): + - * / % comparisons, && ||, parentheses, assignment and ++/--. */
export function evalArith(expr: string, get: (name: string) => number, set: (name: string, v: number) => void): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\+\+|--|[<>=!]=|&&|\|\||[-+*/%()<>=!]/g) ?? [];
  if (toks.join('').length !== expr.replace(/\s+/g, '').length) throw new CommandError(`sh: arithmetic syntax error`, 2);
  let i = 0;
  const peek = () => toks[i];
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new CommandError('sh: arithmetic syntax error', 2);
    if (t === '(') {
      const v = assign();
      i++;
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (t === '++' || t === '--') {
      const n = toks[i++];
      const v = get(n) + (t === '++' ? 1 : -1);
      set(n, v);
      return v;
    }
    if (/^\d/.test(t)) return Number(t);
    if (peek() === '++' || peek() === '--') {
      const v = get(t);
      set(t, v + (toks[i++] === '++' ? 1 : -1));
      return v;
    }
    return get(t);
  };
  const levels: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
  const binary = (level: number): number => {
    if (level === levels.length) return primary();
    let left = binary(level + 1);
    while (levels[level].includes(peek())) {
      const op = toks[i++];
      const right = binary(level + 1);
      switch (op) {
        case '||': left = left || right ? 1 : 0; break;
        case '&&': left = left && right ? 1 : 0; break;
        case '==': left = left === right ? 1 : 0; break;
        case '!=': left = left !== right ? 1 : 0; break;
        case '<': left = left < right ? 1 : 0; break;
        case '>': left = left > right ? 1 : 0; break;
        case '<=': left = left <= right ? 1 : 0; break;
        case '>=': left = left >= right ? 1 : 0; break;
        case '+': left += right; break;
        case '-': left -= right; break;
        case '*': left *= right; break;
        case '/':
        case '%':
          if (right === 0) throw new CommandError('sh: arithmetic error: divide by zero', 2);
          left = op === '/' ? Math.trunc(left / right) : left % right;
          break;
      }
    }
    return left;
  };
  const assign = (): number => {
    if (/^[A-Za-z_]/.test(toks[i] ?? '') && toks[i + 1] === '=') {
      const n = toks[i];
      i += 2;
      const v = assign();
      set(n, v);
      return v;
    }
    return binary(0);
  };
  const v = assign();
  if (i < toks.length) throw new CommandError('sh: arithmetic syntax error', 2);
  return v;
}

// ---------------------------------------------------------------- programs

/**
 * Runs a container's argv (after Kubernetes $(VAR) expansion) to its exit code. A command the sandbox does
 * not simulate ends the process with 127 (as `sh` does for an unknown command) and is named in `unsupported`.
 */
export async function runProcess(argv: string[], ctx: ProcessContext): Promise<{ code: number; unsupported?: string }> {
  try {
    return { code: await runArgv(argv, ctx) };
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    const shell = SHELLS.has(argv[0]?.slice(argv[0].lastIndexOf('/') + 1) ?? '') ? argv[0].slice(argv[0].lastIndexOf('/') + 1) : 'kcurl-sandbox';
    ctx.write('stderr', `${shell}: ${e.message}: not found\n`);
    return { code: 127, unsupported: e.message };
  }
}

async function runArgv(argv: string[], ctx: ProcessContext): Promise<number> {
  if (argv.length === 0) return 0;
  const io: Io = { stdin: '', out: (t) => ctx.write('stdout', t), err: (t) => ctx.write('stderr', t) };
  const name = argv[0];
  const base = name.slice(name.lastIndexOf('/') + 1);
  try {
    if (SHELLS.has(base)) return await runShellProgram(base, argv.slice(1), ctx, io, 0);
    if (base === 'docker-entrypoint.sh' && argv[1] === 'nginx') return await runNginx(ctx, io, true);
    const shell = new Shell(ctx, base, []);
    return await runUtility(base, argv.slice(1), ctx, io, shell);
  } catch (e) {
    if (e instanceof ExitError) return e.code;
    if (e instanceof CommandError) {
      io.err(`${e.message}\n`);
      return e.code;
    }
    throw e;
  }
}

/** `sh -c SCRIPT [NAME ARGS…]`, `sh FILE`, or `sh` alone (no stdin in a container: exits at once). */
async function runShellProgram(name: string, args: string[], ctx: ProcessContext, io: Io, steps: number): Promise<number> {
  let script: string | undefined;
  let errexit = false;
  let i = 0;
  for (; i < args.length && args[i].startsWith('-') && args[i] !== '-'; i++) {
    const flags = args[i].slice(1);
    if (flags.includes('e')) errexit = true;
    if (flags.includes('c')) {
      script = args[++i];
      if (script === undefined) throw new CommandError(`${name}: -c requires an argument`, 2);
      i++;
      break;
    }
  }
  let shellName = name;
  let positional: string[];
  if (script === undefined) {
    if (i >= args.length) return io.stdin ? runScriptText(io.stdin, ctx, name, [], io, errexit, steps) : 0;
    const file = args[i];
    const shell0 = new Shell(ctx, name, []);
    const text = shell0.readFile(file);
    if (text === undefined) throw new CommandError(`${name}: can't open '${file}': No such file or directory`, 2);
    shellName = file;
    positional = args.slice(i + 1);
    return runScriptText(text, ctx, shellName, positional, io, errexit, steps);
  }
  if (i < args.length) shellName = args[i++];
  positional = args.slice(i);
  return runScriptText(script, ctx, shellName, positional, io, errexit, steps);
}

async function runScriptText(text: string, ctx: ProcessContext, name: string, positional: string[], io: Io, errexit: boolean, steps: number): Promise<number> {
  let tree: Node;
  try {
    tree = parseScript(text);
  } catch (e) {
    if (e instanceof ShellSyntaxError) throw new CommandError(`${name}: ${e.message}`, 2);
    throw e;
  }
  const shell = new Shell(ctx, name, positional);
  shell.errexit = errexit;
  shell.steps = steps;
  try {
    return await shell.run(tree, io);
  } catch (e) {
    if (e instanceof ExitError) return e.code;
    if (e instanceof LoopControl) return 0;
    throw e;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** strftime for `date +FORMAT` (UTC: containers have no TZ set). */
export function formatDate(d: Date, format = '%a %b %e %H:%M:%S %Z %Y'): string {
  return format.replace(/%([a-zA-Z%])/g, (m, f: string) => {
    switch (f) {
      case 'a': return WEEKDAYS[d.getUTCDay()];
      case 'b': case 'h': return MONTHS[d.getUTCMonth()];
      case 'd': return pad(d.getUTCDate());
      case 'e': return String(d.getUTCDate()).padStart(2, ' ');
      case 'H': return pad(d.getUTCHours());
      case 'M': return pad(d.getUTCMinutes());
      case 'S': return pad(d.getUTCSeconds());
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return pad(d.getUTCFullYear() % 100);
      case 'm': return pad(d.getUTCMonth() + 1);
      case 'j': return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3);
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'N': return pad(d.getUTCMilliseconds(), 3) + '000000';
      case 'T': return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      case 'F': return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      case 'D': return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`;
      case 'R': return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
      default: return m;
    }
  });
}

/** echo -e / printf %b escapes. Returns the text and whether `\c` stopped output. */
function backslashEscapes(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      out += s[i];
      continue;
    }
    const c = s[++i];
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', e: '\x1b' };
    if (c in map) out += map[c];
    else if (c === 'c') return { text: out, stop: true };
    else if (c === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += m.length;
    } else out += `\\${c}`;
  }
  return { text: out, stop: false };
}

/** printf FORMAT [ARG…]: %s %d %i %x %o %f %c %b %q-less subset with flags and widths; the format repeats over extra args. */
export function printf(format: string, args: string[]): string {
  let out = '';
  let used = 0;
  do {
    let consumed = 0;
    const next = () => (used + consumed < args.length ? args[used + consumed++] : (consumed++, undefined));
    const { text: fmt } = { text: format };
    for (let i = 0; i < fmt.length; i++) {
      const ch = fmt[i];
      if (ch === '\\') {
        const { text } = backslashEscapes(fmt.slice(i, i + 2 + (fmt[i + 1] === '0' ? 3 : 0)));
        out += text;
        i += fmt[i + 1] === '0' ? 1 + (/^[0-7]{0,3}/.exec(fmt.slice(i + 2))?.[0].length ?? 0) : 1;
        continue;
      }
      if (ch !== '%') {
        out += ch;
        continue;
      }
      const m = /^%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdiouxXfFeEgGcb%])/.exec(fmt.slice(i));
      if (!m) {
        out += ch;
        continue;
      }
      i += m[0].length - 1;
      const [, flags, widthSpec, precision, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = widthSpec === '*' ? Number(next() ?? 0) : Number(widthSpec ?? 0);
      const arg = next();
      let s: string;
      switch (conv) {
        case 's': s = arg ?? ''; if (precision !== undefined) s = s.slice(0, Number(precision)); break;
        case 'b': s = backslashEscapes(arg ?? '').text; break;
        case 'c': s = (arg ?? '').slice(0, 1); break;
        case 'd': case 'i': {
          const n = parseIntArg(arg);
          s = String(Math.abs(n));
          if (precision !== undefined) s = s.padStart(Number(precision), '0');
          s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          break;
        }
        case 'u': s = String(parseIntArg(arg)); break;
        case 'x': s = parseIntArg(arg).toString(16); break;
        case 'X': s = parseIntArg(arg).toString(16).toUpperCase(); break;
        case 'o': s = parseIntArg(arg).toString(8); break;
        case 'e': case 'E': s = Number(arg ?? 0).toExponential(Number(precision ?? 6)).replace(/e([+-])(\d)$/, 'e$10$2'); if (conv === 'E') s = s.toUpperCase(); break;
        case 'g': case 'G': s = String(Number(Number(arg ?? 0).toPrecision(Number(precision ?? 6)))); break;
        default: s = Number(arg ?? 0).toFixed(Number(precision ?? 6));
      }
      if (s.length < width) {
        if (flags.includes('-')) s = s.padEnd(width);
        else if (flags.includes('0') && /[diouxXfFeEgG]/.test(conv)) s = s.startsWith('-') ? `-${s.slice(1).padStart(width - 1, '0')}` : s.padStart(width, '0');
        else s = s.padStart(width);
      }
      out += s;
    }
    used += consumed;
    if (consumed === 0) break;
  } while (used < args.length);
  return out;
}

function parseIntArg(arg: string | undefined): number {
  if (arg === undefined || arg === '') return 0;
  if (/^'./.test(arg) || /^"./.test(arg)) return arg.charCodeAt(1);
  const n = Number(arg);
  if (!Number.isFinite(n)) throw new CommandError(`printf: invalid number '${arg}'`, 1);
  return Math.trunc(n);
}

/** `sleep` durations: seconds with optional fraction and s/m/h/d suffix, or `infinity`. */
export function sleepMs(args: string[]): number {
  if (args.length === 0) throw new CommandError('sleep: missing operand', 1);
  let total = 0;
  for (const a of args) {
    if (a === 'infinity' || a === 'inf') return Infinity;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) throw new CommandError(`sleep: invalid number '${a}'`, 1);
    total += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] * 1000;
  }
  return total;
}

/** `test` / `[`: string, integer and file tests with !, -a, -o. */
function testExpr(args: string[], shell: Shell): boolean {
  const file = (p: string) => shell.readFile(p);
  const unary = (op: string, v: string): boolean | undefined => {
    switch (op) {
      case '-z': return v.length === 0;
      case '-n': return v.length > 0;
      case '-e': case '-r': return file(v) !== undefined || shell.ctx.fs.list(shell.resolve(v)) !== undefined;
      case '-f': case '-s': return file(v) !== undefined && (op === '-f' || (file(v) as string).length > 0);
      case '-d': return shell.ctx.fs.list(shell.resolve(v)) !== undefined;
      default: return undefined;
    }
  };
  const int = (v: string) => {
    if (!/^\s*-?\d+\s*$/.test(v)) throw new CommandError(`sh: ${v}: bad number`, 2);
    return Number(v);
  };
  const evalSimple = (a: string[]): boolean => {
    if (a.length === 0) return false;
    if (a[0] === '!') return !evalSimple(a.slice(1));
    if (a.length === 1) return a[0].length > 0;
    if (a.length === 2) {
      const r = unary(a[0], a[1]);
      if (r === undefined) throw new CommandError(`sh: ${a[0]}: unknown operand`, 2);
      return r;
    }
    if (a.length === 3) {
      const [l, op, r] = a;
      switch (op) {
        case '=': case '==': return l === r;
        case '!=': return l !== r;
        case '-eq': return int(l) === int(r);
        case '-ne': return int(l) !== int(r);
        case '-lt': return int(l) < int(r);
        case '-le': return int(l) <= int(r);
        case '-gt': return int(l) > int(r);
        case '-ge': return int(l) >= int(r);
      }
    }
    throw new CommandError('sh: syntax error: bad test expression', 2);
  };
  const or = args.indexOf('-o');
  if (or > 0) return testExpr(args.slice(0, or), shell) || testExpr(args.slice(or + 1), shell);
  const and = args.indexOf('-a');
  if (and > 0 && args.length > 3) return testExpr(args.slice(0, and), shell) && testExpr(args.slice(and + 1), shell);
  return evalSimple(args);
}

/** What the image's nginx prints when it starts (docker-entrypoint.sh first, then nginx's notices). */
async function runNginx(ctx: ProcessContext, io: Io, entrypoint: boolean): Promise<number> {
  if (entrypoint) {
    for (const line of [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ]) io.out(`${line}\n`);
  }
  const stamp = () => formatDate(ctx.now(), '%Y/%m/%d %H:%M:%S');
  for (const line of [
    '[notice] 1#1: using the "epoll" event method',
    '[notice] 1#1: nginx/1.27.3',
    '[notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)',
    '[notice] 1#1: OS: Linux 6.8.0-1017-gcp',
    '[notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
    '[notice] 1#1: start worker processes',
    '[notice] 1#1: start worker process 29',
    '[notice] 1#1: start worker process 30',
  ]) io.err(`${stamp()} ${line}\n`);
  await ctx.sleep(Infinity, ctx.signal);
  return 0;
}

async function runUtility(name: string, args: string[], ctx: ProcessContext, io: Io, shell: Shell): Promise<number> {
  const env = ctx.env;
  const readInputs = (files: string[]): string => {
    if (files.length === 0) return io.stdin;
    let text = '';
    for (const f of files) {
      if (f === '-') {
        text += io.stdin;
        continue;
      }
      const content = shell.readFile(f);
      if (content === undefined) {
        if (shell.ctx.fs.list(shell.resolve(f)) !== undefined) throw new CommandError(`${name}: read error: Is a directory`, 1);
        throw new CommandError(`${name}: can't open '${f}': No such file or directory`, 1);
      }
      text += content;
    }
    return text;
  };
  switch (name) {
    case ':':
    case 'true':
      return 0;
    case 'false':
      return 1;
    case 'echo': {
      let newline = true;
      let escapes = false;
      let i = 0;
      for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
        if (args[i].includes('n')) newline = false;
        if (args[i].includes('e')) escapes = true;
        if (args[i].includes('E')) escapes = false;
      }
      let text = args.slice(i).join(' ');
      if (escapes) {
        const r = backslashEscapes(text);
        text = r.text;
        if (r.stop) newline = false;
      }
      io.out(newline ? `${text}\n` : text);
      return 0;
    }
    case 'printf':
      if (args.length === 0) throw new CommandError('printf: usage: printf FORMAT [ARGUMENT]...', 2);
      io.out(printf(args[0], args.slice(1)));
      return 0;
    case 'env':
    case 'printenv': {
      const names = args.filter((a) => !a.startsWith('-'));
      if (name === 'env' && names.length > 0) {
        const extra = new Map(env);
        let k = 0;
        for (; k < names.length && names[k].includes('='); k++) extra.set(names[k].slice(0, names[k].indexOf('=')), names[k].slice(names[k].indexOf('=') + 1));
        if (k < names.length) return runUtility(names[k], names.slice(k + 1), { ...ctx, env: extra }, io, shell);
        for (const [key, v] of extra) io.out(`${key}=${v}\n`);
        return 0;
      }
      if (names.length === 0) {
        for (const [key, v] of env) io.out(`${key}=${v}\n`);
        return 0;
      }
      let status = 0;
      for (const n of names) {
        const v = env.get(n);
        if (v === undefined) status = 1;
        else io.out(`${v}\n`);
      }
      return status;
    }
    case 'sleep': {
      const ms = sleepMs(args);
      await ctx.sleep(ms, ctx.signal);
      if (ctx.signal.aborted) throw new ExitError(143);
      return 0;
    }
    case 'cat':
      io.out(readInputs(args.filter((a) => a === '-' || !a.startsWith('-'))));
      return 0;
    case 'head':
    case 'tail': {
      let n = 10;
      let bytes: number | undefined;
      const files: string[] = [];
      for (let i = 0; i < args.length; i++) {
        if (args[i] === '-c') bytes = Number(args[++i]);
        else if (/^-c\d+$/.test(args[i])) bytes = Number(args[i].slice(2));
        else if (args[i] === '-n') n = Number(args[++i]);
        else if (/^-n?\d+$/.test(args[i])) n = Number(args[i].replace(/^-n?/, ''));
        else if (args[i] === '-f') throw new Unsupported(`${name} -f`);
        else files.push(args[i]);
      }
      const input = readInputs(files);
      if (bytes !== undefined) {
        const buf = Buffer.from(input);
        io.out((name === 'head' ? buf.subarray(0, bytes) : buf.subarray(Math.max(0, buf.length - bytes))).toString('utf8'));
        return 0;
      }
      const lines = input.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const picked = name === 'head' ? lines.slice(0, n) : lines.slice(Math.max(0, lines.length - n));
      io.out(picked.map((l) => `${l}\n`).join(''));
      return 0;
    }
    case 'wc': {
      const files = args.filter((a) => !a.startsWith('-'));
      const text = readInputs(files);
      const lines = (text.match(/\n/g) ?? []).length;
      if (args.includes('-l')) io.out(`${lines}\n`);
      else if (args.includes('-c')) io.out(`${Buffer.byteLength(text)}\n`);
      else if (args.includes('-w')) io.out(`${text.split(/\s+/).filter(Boolean).length}\n`);
      else io.out(`${String(lines).padStart(7)} ${String(text.split(/\s+/).filter(Boolean).length).padStart(7)} ${String(Buffer.byteLength(text)).padStart(7)}\n`);
      return 0;
    }
    case 'grep': {
      let invert = false;
      let ignoreCase = false;
      let count = false;
      let quiet = false;
      let fixed = false;
      const rest: string[] = [];
      for (const a of args) {
        if (/^-[vicqEF]+$/.test(a)) {
          invert ||= a.includes('v');
          ignoreCase ||= a.includes('i');
          count ||= a.includes('c');
          quiet ||= a.includes('q');
          fixed ||= a.includes('F');
        } else rest.push(a);
      }
      if (fixed && rest.length) rest[0] = rest[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (rest.length === 0) throw new CommandError('grep: missing pattern', 2);
      let re: RegExp;
      try {
        re = new RegExp(rest[0], ignoreCase ? 'i' : '');
      } catch {
        throw new CommandError(`grep: bad regex '${rest[0]}'`, 2);
      }
      const lines = readInputs(rest.slice(1)).split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const hits = lines.filter((l) => re.test(l) !== invert);
      if (!quiet) io.out(count ? `${hits.length}\n` : hits.map((l) => `${l}\n`).join(''));
      return hits.length ? 0 : 1;
    }
    case 'seq': {
      const nums = args.map(Number);
      const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : [nums[0], nums[1], nums[2]];
      if (nums.some((n) => !Number.isFinite(n)) || step === 0) throw new CommandError(`seq: invalid argument`, 1);
      let out = '';
      for (let v = first; step > 0 ? v <= last : v >= last; v += step) out += `${v}\n`;
      io.out(out);
      return 0;
    }
    case 'yes': {
      const line = `${args.length ? args.join(' ') : 'y'}\n`;
      for (;;) {
        io.out(line);
        await shell.tick();
        if (ctx.signal.aborted) throw new ExitError(143);
      }
    }
    case 'date': {
      const fmt = args.find((a) => a.startsWith('+'));
      io.out(`${formatDate(ctx.now(), fmt ? fmt.slice(1) : undefined)}\n`);
      return 0;
    }
    case 'hostname':
      io.out(`${ctx.hostname}\n`);
      return 0;
    case 'uname':
      if (args.includes('-a')) io.out(`Linux ${ctx.hostname} 6.8.0-1017-gcp #19-Ubuntu SMP x86_64 GNU/Linux\n`);
      else if (args.includes('-r')) io.out('6.8.0-1017-gcp\n');
      else if (args.includes('-m')) io.out('x86_64\n');
      else io.out('Linux\n');
      return 0;
    case 'whoami':
      io.out('root\n');
      return 0;
    case 'id':
      io.out('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
      return 0;
    case 'pwd':
      io.out(`${shell.cwd}\n`);
      return 0;
    case 'basename':
      io.out(`${(args[0] ?? '').replace(/\/+$/, '').split('/').pop() ?? ''}\n`);
      return 0;
    case 'dirname': {
      const p = (args[0] ?? '').replace(/\/+$/, '');
      io.out(`${p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : '.'}\n`);
      return 0;
    }
    case 'ls': {
      const targets = args.filter((a) => !a.startsWith('-'));
      let status = 0;
      for (const t of targets.length ? targets : ['.']) {
        const entries = ctx.fs.list(shell.resolve(t));
        if (entries === undefined) {
          if (shell.readFile(t) !== undefined) io.out(`${t}\n`);
          else {
            io.err(`ls: ${t}: No such file or directory\n`);
            status = 1;
          }
          continue;
        }
        const all = args.some((a) => /^-[a-zA-Z]*a/.test(a));
        const shown = entries.filter((e) => all || !e.startsWith('.')).sort();
        if (targets.length > 1) io.out(`${t}:\n`);
        if (shown.length) io.out(`${shown.join('\n')}\n`);
      }
      return status;
    }
    case 'mkdir':
    case 'touch':
    case 'rm':
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const p = shell.resolve(a);
        if (name === 'touch' && ctx.fs.read(p) === undefined && !ctx.fs.write(p, '', true)) throw new CommandError(`touch: ${a}: Read-only file system`, 1);
        if (name === 'mkdir' && !ctx.fs.write(`${p}/.keep`, '', true)) throw new CommandError(`mkdir: can't create directory '${a}': Read-only file system`, 1);
      }
      return 0;
    case 'cut': {
      let delim = '\t';
      let fields: string | undefined;
      let chars: string | undefined;
      const files: string[] = [];
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '-d') delim = args[++i] ?? '';
        else if (a.startsWith('-d')) delim = a.slice(2);
        else if (a === '-f') fields = args[++i];
        else if (a.startsWith('-f')) fields = a.slice(2);
        else if (a === '-c') chars = args[++i];
        else if (a.startsWith('-c')) chars = a.slice(2);
        else files.push(a);
      }
      const spec = fields ?? chars;
      if (!spec) throw new CommandError('cut: expected a list of fields (-f) or characters (-c)', 1);
      const wanted = (n: number) => spec.split(',').some((r) => {
        const [lo, hi] = r.includes('-') ? r.split('-').map((x) => (x === '' ? undefined : Number(x))) : [Number(r), Number(r)];
        return n >= (lo ?? 1) && n <= (hi ?? Infinity);
      });
      const lines = readInputs(files).split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      io.out(lines.map((l) => {
        if (chars) return `${[...l].filter((_c, i) => wanted(i + 1)).join('')}\n`;
        const parts = l.split(delim);
        return `${parts.length === 1 ? l : parts.filter((_p, i) => wanted(i + 1)).join(delim)}\n`;
      }).join(''));
      return 0;
    }
    case 'base64': {
      const decode = args.includes('-d') || args.includes('--decode');
      const input = readInputs(args.filter((a) => !a.startsWith('-')));
      if (decode) {
        const clean = input.replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
          io.out(Buffer.from(clean.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8'));
          throw new CommandError('base64: invalid input', 1);
        }
        io.out(Buffer.from(clean, 'base64').toString('utf8'));
      } else io.out(`${(Buffer.from(input).toString('base64').match(/.{1,76}/g) ?? []).join('\n')}\n`);
      return 0;
    }
    case 'tr': {
      const del = args[0] === '-d';
      const sets = del ? args.slice(1) : args;
      const expand = (set: string) => set.replace(/(.)-(.)/g, (_m, a: string, b: string) => {
        let out = '';
        for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) out += String.fromCharCode(c);
        return out;
      }).replace(/\\n/g, '\n');
      const from = expand(sets[0] ?? '');
      const to = expand(sets[1] ?? '');
      let out = '';
      for (const ch of io.stdin) {
        const i = from.indexOf(ch);
        if (i < 0) out += ch;
        else if (!del) out += to[Math.min(i, to.length - 1)] ?? '';
      }
      io.out(out);
      return 0;
    }
    case 'test':
      return testExpr(args, shell) ? 0 : 1;
    case '[':
      if (args[args.length - 1] !== ']') throw new CommandError('[: missing ]', 2);
      return testExpr(args.slice(0, -1), shell) ? 0 : 1;
    case 'nginx':
      return runNginx(ctx, io, false);
    default:
      throw new Unsupported(name);
  }
}
