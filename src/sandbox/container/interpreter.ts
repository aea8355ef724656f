// The shell of a simulated container: runs the parser's AST with POSIX-sh semantics (variables, expansions,
// exit statuses and `$?`, `break N`/`continue N`, `set -e`, subshells, pipelines whose stages run at once
// over streaming pipes, background jobs) and the shell builtins. Other commands come from the utility
// registry; a name it does not know ends the process with `sh: NAME: not found` and status 127.
import { evalArith } from './arith.js';
import { CommandError, ExitError, LoopControl, ReturnSignal, ShellSyntaxError, Unsupported } from './errors.js';
import type { ContainerFs } from './filesystem.js';
import { isIncomplete, parseScript, type Node, type Redirect } from './parser.js';
import { BrokenPipe, collector, discard, Input, pipe, SIGPIPE_STATUS, type Output } from './streams.js';
import { quickUtility } from './utilities/quick.js';
import { findUtility, type Utility, type UtilityContext } from './utilities/registry.js';
import type { PodNetwork } from './network.js';

export interface ProcessContext {
  env: Map<string, string>;
  fs: ContainerFs;
  hostname: string;
  now(): Date;
  /** Output of the process (both streams end up in the container log). */
  write(stream: 'stdout' | 'stderr', text: string): void;
  signal: AbortSignal;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The process's stdin (an exec's or attach's client); none by default, as for a container without `stdin`. */
  stdin?: Input;
  /** stdin and stdout are a terminal (`-t`): an interactive shell prompts, ^C interrupts the running command. */
  tty?: boolean;
  /** Registers for ^C on the terminal. */
  onInterrupt?(listener: () => void): void;
  /**
   * An unknown command: 'end' ends the process naming it (a container's command, reported by kubelet), 'report'
   * prints the shell's `sh: NAME: not found` and goes on with status 127 (an interactive or exec'd shell).
   */
  unknownCommands?: 'end' | 'report';
  /** The pod's network, for curl and wget. */
  network?: PodNetwork;
  /** Programs the sandbox was started with besides the userland's (kcurl, wired by the command that starts it). */
  programs?: ReadonlyMap<string, Utility>;
}

/** A process's standard streams. */
export interface Io {
  stdin: Input;
  out: Output;
  err: Output;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

const basename = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** What every shell of one process shares: the step counter that paces busy loops, and the background jobs. */
interface ProcessState {
  ctx: ProcessContext;
  steps: number;
  /** performance.now() when the process last let the event loop run. */
  lastYield: number;
  jobs: Promise<unknown>[];
}

/**
 * A busy process lets the event loop run once it has held it this long (checked every 100 steps). It was 2 ms while
 * a pass of `while true; do echo …; done` cost ~10 µs; at ~1 µs a 2 ms turn leaves ten times the log for after it
 * (the followers' flush, TLS, the GC of the retained lines) and other requests waited ~1.5 ms longer at the median;
 * 1 ms turns bring that back for about the same log per CPU second (docs/benchmarks.md, "sandbox logs").
 */
const YIELD_AFTER_MS = 1;

type LoopPass = number | 'break' | 'continue';

/** A `break`/`continue` that ends a pass of this loop, as what the pass gives; anything else goes on up. */
function loopControl(e: unknown): 'break' | 'continue' {
  if (!(e instanceof LoopControl)) throw e;
  if (--e.levels > 0) throw e;
  return e.kind;
}

/** Words that expand to themselves: no quotes, escapes, parameters or substitutions. */
const LITERAL_WORD = /^[^'"\\$`]+$/;
const literals = new WeakMap<readonly string[], { name: string; base: string; args: string[] } | null>();

/** A simple command's words when all of them are literal, as its name (and basename) and arguments (kept with the parsed node). */
function literalWords(words: readonly string[]): { name: string; base: string; args: string[] } | undefined {
  let found = literals.get(words);
  if (found === undefined) {
    found = words.length > 0 && words.every((w) => LITERAL_WORD.test(w)) ? { name: words[0], base: basename(words[0]), args: words.slice(1) } : null;
    literals.set(words, found);
  }
  return found ?? undefined;
}

/** One shell: variables, positional parameters, the last status, the working directory. */
export class Shell {
  vars: Map<string, string>;
  exported: Set<string>;
  positional: string[];
  status = 0;
  cwd = '/';
  errexit = false;
  functions = new Map<string, Node>();
  /** Variables made `local` in the running function calls, with the values to restore (innermost last). */
  locals: Map<string, string | undefined>[] = [];

  constructor(
    public proc: ProcessState,
    readonly name: string,
    positional: string[],
    env: Map<string, string> = proc.ctx.env,
  ) {
    this.vars = new Map(env);
    this.exported = new Set(env.keys());
    this.positional = positional;
    this.vars.set('PWD', this.vars.get('PWD') ?? '/');
  }

  get ctx(): ProcessContext {
    return this.proc.ctx;
  }

  env(): Map<string, string> {
    const out = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  /**
   * A step of the process: throws when it has been killed; true when it should let the event loop run now.
   * A loop without sleeps must not starve the event loop (nor the API server in the same process): once it has
   * run for YIELD_AFTER_MS (looked at every 100 steps) it lets pending I/O run, with setImmediate, not a 1 ms timer, which
   * capped a writing loop near 7 MB/s. A pause every 100 steps regardless made each turn flush a few lines of log
   * to its followers (a TLS record and a syscall for ~2 kB) and capped `while true; do echo ...; done`.
   */
  private due(): boolean {
    if (this.ctx.signal.aborted) throw new ExitError(143);
    return ++this.proc.steps % 100 === 0 && performance.now() - this.proc.lastYield >= YIELD_AFTER_MS;
  }

  private async pause(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.proc.lastYield = performance.now();
  }

  async tick(): Promise<void> {
    if (this.due()) await this.pause();
  }

  /** One pass of a loop body: its status, or the `break`/`continue` that ended it at this loop's level. */
  private loopPass(body: Node, io: Io): LoopPass | Promise<LoopPass> {
    let status: number | Promise<number>;
    try {
      status = this.step(body, io);
    } catch (e) {
      return loopControl(e);
    }
    return typeof status === 'number' ? status : status.catch(loopControl);
  }

  async run(node: Node, io: Io): Promise<number> {
    return this.step(node, io);
  }

  /**
   * Runs `node` as `run` does, but gives its status at once, without a promise, when nothing in it had to wait:
   * a loop of `echo` and `true` then costs no promise per pass. (It may throw instead of rejecting.)
   */
  step(node: Node, io: Io): number | Promise<number> {
    if (this.due()) return this.pause().then(() => this.perform(node, io));
    return this.perform(node, io);
  }

  private perform(node: Node, io: Io): number | Promise<number> {
    if (node.k === 'list') return this.list(node, io);
    if (node.k === 'simple') return this.quickSimple(node, io) ?? this.simple(node, io);
    return this.compound(node, io);
  }

  private list(node: Extract<Node, { k: 'list' }>, io: Io): number | Promise<number> {
    let status = 0;
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      if (item.background) {
        this.background(item.node, io);
        status = 0;
      } else {
        const r = this.step(item.node, io);
        if (typeof r !== 'number') return this.listFrom(node, i, r, io);
        status = r;
      }
      this.listed(status, item.node);
    }
    return status;
  }

  /** The rest of `list` once item `i` had to wait. */
  private async listFrom(node: Extract<Node, { k: 'list' }>, i: number, pending: Promise<number>, io: Io): Promise<number> {
    let status = await pending;
    this.listed(status, node.items[i].node);
    for (i++; i < node.items.length; i++) {
      const item = node.items[i];
      if (item.background) {
        this.background(item.node, io);
        status = 0;
      } else status = await this.step(item.node, io);
      this.listed(status, item.node);
    }
    return status;
  }

  /** An item of a list has run: `$?`, and `set -e` ends the shell on a failure (not of an `&&`/`||` list). */
  private listed(status: number, node: Node): void {
    this.status = status;
    if (status !== 0 && this.errexit && node.k !== 'andor') throw new ExitError(status);
  }

  /**
   * A simple command of literal words naming a quick utility (`true`, `echo …`, see utilities/quick.ts): run
   * without expansion, context or environment copy; undefined for any other command, which `simple` runs.
   * (No builtin and no shell has the name of a quick utility, so the lookup order of `command` holds.)
   */
  private quickSimple(node: Extract<Node, { k: 'simple' }>, io: Io): number | Promise<number> | undefined {
    if (node.assigns.length !== 0 || node.redirects.length !== 0) return undefined;
    const words = literalWords(node.words);
    if (words === undefined || this.functions.has(words.name)) return undefined;
    const utility = this.ctx.programs?.get(words.base) ?? findUtility(words.base);
    const run = utility && quickUtility(utility);
    return run ? run(words.args, io.out, true) : undefined;
  }

  private async compound(node: Node, io: Io): Promise<number> {
    switch (node.k) {
      case 'list':
        return this.list(node, io);
      case 'andor': {
        let status = await this.step(node.first, io);
        for (const { op, node: n } of node.rest) {
          if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) status = await this.step(n, io);
          this.status = status;
        }
        return status;
      }
      case 'pipe': {
        const status = node.cmds.length === 1 ? await this.step(node.cmds[0], io) : await this.pipeline(node.cmds, io);
        return node.negate ? (status === 0 ? 1 : 0) : status;
      }
      case 'while': {
        let status = 0;
        for (;;) {
          let c = this.step(node.cond, io);
          if (typeof c !== 'number') c = await c;
          if ((c === 0) === node.until) break;
          let pass = this.loopPass(node.body, io);
          if (typeof pass === 'object') pass = await pass;
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
        for (const b of node.branches) if ((await this.step(b.cond, io)) === 0) return this.step(b.body, io);
        return node.otherwise ? this.step(node.otherwise, io) : 0;
      }
      case 'case': {
        const value = (await this.expand(node.word, io, false)).join(' ');
        for (const arm of node.arms) {
          for (const p of arm.patterns) {
            if (globToRegExp((await this.expand(p, io, false)).join(' ')).test(value)) return this.step(arm.body, io);
          }
        }
        return 0;
      }
      case 'group': {
        if (!node.subshell) return this.step(node.body, io);
        return this.subshell(node.body, io);
      }
      case 'function':
        this.functions.set(node.name, node.body);
        return 0;
      case 'redirected': {
        let inner = io;
        try {
          for (const r of node.redirects) inner = await this.redirect(r, inner, io);
        } catch (e) {
          if (!(e instanceof CommandError)) throw e;
          await io.err.write(`${e.message}\n`);
          return e.code;
        }
        return this.step(node.body, inner);
      }
      case 'simple':
        return this.simple(node, io);
    }
  }

  /** Runs `body` in a copy of this shell: its variables, `cd` and `exit` stay inside. */
  async subshell(body: Node, io: Io): Promise<number> {
    try {
      return await this.fork().run(body, io);
    } catch (e) {
      // A killed container ends the whole process, not just the subshell.
      if (e instanceof ExitError) {
        if (this.ctx.signal.aborted) throw e;
        return e.code;
      }
      if (e instanceof LoopControl) return 0;
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    }
  }

  /** The stages of a pipeline run at once, each in a subshell (as ash runs them), joined by pipes. */
  async pipeline(cmds: Node[], io: Io): Promise<number> {
    let stdin = io.stdin;
    const stages: Promise<number>[] = [];
    for (let i = 0; i < cmds.length; i++) {
      const last = i === cmds.length - 1;
      const link = last ? undefined : pipe();
      const input = stdin;
      const ownsInput = i > 0;
      stages.push(
        (async () => {
          try {
            return await this.subshell(cmds[i], { stdin: input, out: link ? link.output : io.out, err: io.err });
          } catch (e) {
            if (e instanceof BrokenPipe) return SIGPIPE_STATUS;
            throw e;
          } finally {
            link?.end();
            // The reader is gone: the stage before it gets a broken pipe on its next write.
            if (ownsInput) input.close();
          }
        })(),
      );
      if (link) stdin = link.input;
    }
    const statuses = await Promise.all(stages);
    return statuses[statuses.length - 1];
  }

  /** `cmd &`: runs on its own with no stdin; `wait` collects it. */
  background(node: Node, io: Io): void {
    const job = this.subshell(node, { ...io, stdin: Input.empty() }).catch((e: unknown) => {
      if (e instanceof ExitError) return e.code;
      if (e instanceof BrokenPipe) return SIGPIPE_STATUS;
      if (e instanceof Unsupported) {
        void io.err.write(`${this.name}: ${e.message}: not found\n`);
        return 127;
      }
      // Nothing awaits a background job but `wait`: a failure must not become an unhandled rejection.
      return 128;
    });
    this.proc.jobs.push(job);
  }

  fork(): Shell {
    const sub = new Shell(this.proc, this.name, [...this.positional], new Map());
    sub.vars = new Map(this.vars);
    sub.exported = new Set(this.exported);
    sub.cwd = this.cwd;
    sub.status = this.status;
    sub.errexit = this.errexit;
    sub.functions = new Map(this.functions);
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
    try {
      for (const r of node.redirects) cmdIo = await this.redirect(r, cmdIo, io);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      await io.err.write(`${e.message}\n`);
      return e.code;
    }
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
    if (r.heredoc) {
      const text = r.heredoc.quoted ? r.heredoc.body : await this.expandHereDoc(r.heredoc.body, outer);
      return r.fd === 0 ? { ...cur, stdin: Input.of(text) } : cur;
    }
    const target = (await this.expand(r.target, outer, false)).join(' ');
    if (r.op === '>&' || r.op === '<&') {
      const to = target === '2' ? cur.err : target === '1' ? cur.out : undefined;
      if (!to) throw new Unsupported(`the redirection ${r.fd}${r.op}${target}`);
      return r.fd === 2 ? { ...cur, err: to } : { ...cur, out: to };
    }
    if (r.op === '<') {
      if (target === '/dev/null') return { ...cur, stdin: Input.empty() };
      const content = this.readFile(target);
      if (content === undefined) throw new CommandError(`${this.name}: can't open '${target}': No such file or directory`, 1);
      return { ...cur, stdin: Input.of(content) };
    }
    const path = this.resolve(target);
    let sink: Output;
    if (path === '/dev/null') sink = discard;
    else if (path === '/dev/stdout') sink = outer.out;
    else if (path === '/dev/stderr') sink = outer.err;
    else {
      const fs = this.ctx.fs;
      if (!fs.write(path, '', r.op === '>>'))
        throw new CommandError(`${this.name}: can't create ${target}: ${fs.list(path) !== undefined ? 'Is a directory' : 'Read-only file system'}`, 1);
      sink = { write: (text) => void fs.write(path, text, true) };
    }
    return r.fd === 2 ? { ...cur, err: sink } : { ...cur, out: sink };
  }

  resolve(p: string): string {
    return resolvePath(this.cwd, p);
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

  /** An unquoted here-document's body: parameters and command substitutions expand; quotes stay as they are. */
  async expandHereDoc(body: string, io: Io): Promise<string> {
    let out = '';
    for (let i = 0; i < body.length; ) {
      const c = body[i];
      if (c === '\\' && '$`\\\n'.includes(body[i + 1] ?? '')) {
        if (body[i + 1] !== '\n') out += body[i + 1];
        i += 2;
      } else if (c === '$' || c === '`') {
        const r = await this.dollar(body, i, io);
        out += r.text;
        i = r.end;
      } else out += body[i++];
    }
    return out;
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
    const out = collector();
    try {
      this.status = await this.fork().run(parseScript(script), { stdin: io.stdin, out, err: io.err });
    } catch (e) {
      if (e instanceof ExitError || e instanceof ReturnSignal) this.status = e.code;
      else if (!(e instanceof LoopControl)) throw e;
    }
    return out.text().replace(/\n+$/, '');
  }

  arith(expr: string): number {
    const substituted = expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, n: string) => this.vars.get(n) || '0');
    return evalArith(
      substituted,
      (n) => Number(this.vars.get(n) || 0),
      (n, v) => this.vars.set(n, String(v)),
    );
  }

  // ------------------------------------------------ commands

  async command(argv: string[], io: Io, assigned: Set<string>): Promise<number> {
    const name = argv[0];
    const args = argv.slice(1);
    try {
      const builtin = await this.builtin(name, args, io, assigned);
      if (builtin !== undefined) return builtin;
      const fn = this.functions.get(name);
      if (fn) return await this.call(fn, args, io);
      const env = this.env();
      for (const k of assigned) env.set(k, this.vars.get(k) ?? '');
      return await this.exec(argv, env, io);
    } catch (e) {
      if (e instanceof CommandError) {
        await io.err.write(`${e.message}\n`);
        return e.code;
      }
      throw e;
    }
  }

  /** A function call: its arguments as positional parameters, `return` ends it, `local` variables restored. */
  async call(body: Node, args: string[], io: Io): Promise<number> {
    const saved = this.positional;
    this.positional = args;
    this.locals.push(new Map());
    try {
      return await this.run(body, io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      this.positional = saved;
      for (const [k, v] of this.locals.pop() ?? []) {
        if (v === undefined) this.vars.delete(k);
        else this.vars.set(k, v);
      }
    }
  }

  /** Runs a program (not a builtin): a shell, or a utility of the registry. */
  async exec(argv: string[], env: Map<string, string>, io: Io): Promise<number> {
    const base = basename(argv[0]);
    if (SHELLS.has(base)) return runShellProgram(this.proc, base, argv.slice(1), env, io);
    const utility = this.ctx.programs?.get(base) ?? findUtility(base);
    if (!utility) {
      if (this.ctx.unknownCommands !== 'report') throw new Unsupported(base);
      await io.err.write(`${this.name}: ${argv[0]}: not found\n`);
      return 127;
    }
    return utility(this.utilityContext(base, argv.slice(1), env, io));
  }

  utilityContext(name: string, args: string[], env: Map<string, string>, io: Io): UtilityContext {
    const ctx = this.ctx;
    return {
      name,
      args,
      env,
      stdin: io.stdin,
      stdout: io.out,
      stderr: io.err,
      fs: ctx.fs,
      cwd: this.cwd,
      resolve: (p) => this.resolve(p),
      hostname: ctx.hostname,
      now: () => ctx.now(),
      signal: ctx.signal,
      sleep: async (ms) => {
        await ctx.sleep(ms, ctx.signal);
        if (ctx.signal.aborted) throw new ExitError(143);
      },
      tick: () => this.tick(),
      run: (argv, runEnv) => this.exec(argv, runEnv, io),
      isTerminal: Boolean(ctx.tty),
      network: ctx.network,
    };
  }

  /** The shell's own commands; undefined when `name` is not one. */
  async builtin(name: string, args: string[], io: Io, assigned: Set<string>): Promise<number | undefined> {
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
      case 'eval': {
        const text = args.join(' ');
        let tree: Node;
        try {
          tree = parseScript(text);
        } catch (e) {
          if (e instanceof ShellSyntaxError) throw new CommandError(`${this.name}: ${e.message}`, 2);
          throw e;
        }
        return this.run(tree, io);
      }
      case 'read': {
        // read [-r] NAME…: one line of stdin split over the names, the last one taking the rest.
        const raw = args.includes('-r');
        const names = args.filter((a) => !a.startsWith('-'));
        let line = await io.stdin.readLine();
        if (line === null) return 1;
        line = line.replace(/\n$/, '');
        if (!raw) line = line.replace(/\\(.)/g, '$1');
        const targets = names.length ? names : ['REPLY'];
        let rest = line.replace(/^[ \t]+/, '');
        targets.forEach((n, k) => {
          if (k === targets.length - 1) {
            this.vars.set(n, rest.replace(/[ \t]+$/, ''));
            return;
          }
          const m = /^(\S*)[ \t]*(.*)$/s.exec(rest) as RegExpExecArray;
          this.vars.set(n, m[1]);
          rest = m[2];
        });
        return 0;
      }
      case 'return':
        // Outside a function it ends a sourced file or the script, as in ash and dash.
        throw new ReturnSignal(args[0] === undefined ? this.status : Number(args[0]) & 255);
      case 'local': {
        const frame = this.locals[this.locals.length - 1];
        if (!frame) throw new CommandError(`${this.name}: local: not in a function`, 1);
        for (const a of args) {
          const eq = a.indexOf('=');
          const n = eq >= 0 ? a.slice(0, eq) : a;
          if (!frame.has(n)) frame.set(n, this.vars.get(n));
          this.vars.set(n, eq >= 0 ? a.slice(eq + 1) : (this.vars.get(n) ?? ''));
        }
        return 0;
      }
      case '.':
      case 'source': {
        if (!args[0]) throw new CommandError(`${this.name}: .: filename argument required`, 2);
        const text = this.readFile(args[0]);
        if (text === undefined) throw new CommandError(`${this.name}: .: can't open '${args[0]}'`, 2);
        let tree: Node;
        try {
          tree = parseScript(text);
        } catch (e) {
          if (e instanceof ShellSyntaxError) throw new CommandError(`${args[0]}: ${e.message}`, 2);
          throw e;
        }
        try {
          return await this.run(tree, io);
        } catch (e) {
          if (e instanceof ReturnSignal) return e.code;
          throw e;
        }
      }
      case 'wait': {
        const jobs = this.proc.jobs.splice(0);
        await Promise.all(jobs);
        return 0;
      }
    }
    return undefined;
  }
}

/** An absolute, normalised path for `p` seen from `cwd`. */
export function resolvePath(cwd: string, p: string): string {
  const abs = p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
  const parts: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
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

/** A shell pattern (`*`, `?`, `[…]`) as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '\\' && i + 1 < glob.length) re += glob[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '[' && glob.indexOf(']', i + 2) > 0) {
      const end = glob.indexOf(']', i + 2);
      re += `[${glob
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

// ---------------------------------------------------------------- programs

/** A program the container can start by name or path (a shell or a utility of the registry). */
export function isProgram(name: string, programs?: ReadonlyMap<string, Utility>): boolean {
  const base = basename(name);
  return SHELLS.has(base) || findUtility(base) !== undefined || programs?.has(base) === true;
}

/**
 * Runs a container's argv (after Kubernetes $(VAR) expansion) to its exit code. A command the sandbox does
 * not simulate ends the process with 127 (as `sh` does for an unknown command) and is named in `unsupported`.
 */
export async function runProcess(argv: string[], ctx: ProcessContext): Promise<{ code: number; unsupported?: string }> {
  // The process's own lifetime: background jobs end with it.
  const alive = new AbortController();
  const onAbort = () => alive.abort();
  ctx.signal.addEventListener('abort', onAbort);
  const proc: ProcessState = { ctx: { ...ctx, signal: alive.signal }, steps: 0, lastYield: performance.now(), jobs: [] };
  try {
    return { code: await runArgv(argv, proc) };
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    const shell = SHELLS.has(basename(argv[0] ?? '')) ? basename(argv[0]) : 'kcurl-sandbox';
    ctx.write('stderr', `${shell}: ${e.message}: not found\n`);
    return { code: 127, unsupported: e.message };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    alive.abort();
  }
}

async function runArgv(argv: string[], proc: ProcessState): Promise<number> {
  if (argv.length === 0) return 0;
  const { ctx } = proc;
  const io: Io = { stdin: ctx.stdin ?? Input.empty(), out: { write: (t) => ctx.write('stdout', t) }, err: { write: (t) => ctx.write('stderr', t) } };
  const base = basename(argv[0]);
  try {
    return await new Shell(proc, base, []).exec(argv, ctx.env, io);
  } catch (e) {
    if (e instanceof ExitError) return e.code;
    if (e instanceof CommandError) {
      io.err.write(`${e.message}\n`);
      return e.code;
    }
    throw e;
  }
}

/** `sh -c SCRIPT [NAME ARGS…]`, `sh FILE`, or `sh` alone (reads its script from stdin; none in a container). */
async function runShellProgram(proc: ProcessState, name: string, args: string[], env: Map<string, string>, io: Io): Promise<number> {
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
  if (script === undefined) {
    if (i >= args.length) return runFromStdin(proc, name, env, io, errexit);
    const file = args[i];
    const text = proc.ctx.fs.read(resolvePath(env.get('PWD') ?? '/', file));
    if (text === undefined) throw new CommandError(`${name}: can't open '${file}': No such file or directory`, 2);
    return runScriptText(proc, text, file, args.slice(i + 1), env, io, errexit);
  }
  let shellName = name;
  if (i < args.length) shellName = args[i++];
  return runScriptText(proc, script, shellName, args.slice(i), env, io, errexit);
}

/**
 * `sh` reading its commands from stdin: each command runs as soon as its lines are complete, so a shell fed
 * through a pipe (or, later, an interactive `exec`) answers line by line.
 */
async function runFromStdin(proc: ProcessState, name: string, env: Map<string, string>, io: Io, errexit: boolean): Promise<number> {
  const shell = new Shell(proc, name, [], env);
  shell.errexit = errexit;
  const interactive = Boolean(proc.ctx.tty);
  // ^C ends the running command (SIGINT, status 130) and the shell reads on; at the prompt it drops the line.
  let interrupt: AbortController | undefined;
  if (interactive) proc.ctx.onInterrupt?.(() => interrupt?.abort());
  let text = '';
  for (;;) {
    if (interactive) await io.err.write(text ? (shell.vars.get('PS2') ?? '> ') : prompt(name, shell));
    const line = await io.stdin.readLine();
    if (line !== null) text += line;
    if (!text.trim()) {
      if (line === null) return shell.status;
      text = '';
      continue;
    }
    let tree: Node;
    try {
      tree = parseScript(text, line !== null);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      if (line !== null && isIncomplete(e)) continue;
      await io.err.write(`${name}: ${e.message}\n`);
      if (line === null) return 2;
      text = '';
      shell.status = 2;
      continue;
    }
    text = '';
    const outer = proc;
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    if (interactive) {
      interrupt = ac;
      outer.ctx.signal.addEventListener('abort', onAbort);
      shell.proc = { ...outer, ctx: { ...outer.ctx, signal: ac.signal } };
    }
    try {
      shell.status = await shell.run(tree, io);
    } catch (e) {
      const interrupted = interactive && shell.proc.ctx.signal.aborted && !outer.ctx.signal.aborted;
      if (interrupted && (e instanceof ExitError || e instanceof BrokenPipe)) shell.status = 130;
      else {
        if (e instanceof ExitError || e instanceof ReturnSignal) return e.code;
        if (!(e instanceof LoopControl)) throw e;
      }
    } finally {
      if (interactive) {
        // The command's background jobs keep its signal (still tied to the shell's): a later ^C spares them.
        interrupt = undefined;
        outer.steps = shell.proc.steps;
        shell.proc = outer;
      }
    }
    if (line === null) return shell.status;
  }
}

/** PS1 of an interactive shell as root: busybox/ash `/ # `, bash `root@HOST:/# `. */
function prompt(name: string, shell: Shell): string {
  const ps1 = shell.vars.get('PS1');
  if (ps1 !== undefined) return ps1;
  const home = shell.vars.get('HOME');
  const cwd = shell.cwd;
  if (name === 'bash') return `root@${shell.ctx.hostname}:${home && cwd === home ? '~' : cwd}# `;
  return `${cwd} # `;
}

async function runScriptText(
  proc: ProcessState,
  text: string,
  name: string,
  positional: string[],
  env: Map<string, string>,
  io: Io,
  errexit: boolean,
): Promise<number> {
  let tree: Node;
  try {
    tree = parseScript(text);
  } catch (e) {
    if (e instanceof ShellSyntaxError) throw new CommandError(`${name}: ${e.message}`, 2);
    throw e;
  }
  const shell = new Shell(proc, name, positional, env);
  shell.errexit = errexit;
  try {
    return await shell.run(tree, io);
  } catch (e) {
    if (e instanceof ExitError || e instanceof ReturnSignal) return e.code;
    if (e instanceof LoopControl) return 0;
    throw e;
  }
}
