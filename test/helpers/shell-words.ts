// A small reader of the bash kcurl prints, for property tests: splits a script into simple commands of words the
// way bash does for the constructs kcurl emits (bare runs, '…' with '\'' , "…" with $VAR / ${…} / $(…),
// backslash-newline continuations, comments, quoted heredocs, | ; && || > < and parentheses). A word is a list of
// parts: literal text, a parameter expansion or a command substitution (itself a parsed script), so a test can
// check that a value printed into a script comes back as the same literal bytes and that nothing in it became
// a command. Anything outside that subset (backticks, $'…', unterminated quotes) is reported, not guessed at.

export type Part = { lit: string } | { param: string } | { cmd: Script; backtick?: boolean };

export interface Word {
  parts: Part[];
}

export interface SimpleCommand {
  words: Word[];
  /** Heredoc bodies fed to this command, in order. */
  heredocs: string[];
}

export interface Script {
  commands: SimpleCommand[];
  /** Comment texts (after '#'), in order. */
  comments: string[];
}

export class ShellParseError extends Error {}

const OPERATOR_CHARS = new Set([';', '|', '&', '<', '>', '(', ')']);

/** Parses a whole script; throws ShellParseError for anything outside the subset (an unterminated quote …). */
export function parseScript(src: string): Script {
  const p = new Parser(src);
  const script = p.script(false);
  if (p.i < src.length) throw new ShellParseError(`unexpected ${JSON.stringify(src[p.i])} at ${p.i}`);
  return script;
}

/** A word's value when it is all literal text, else undefined. */
export function literal(word: Word): string | undefined {
  let out = '';
  for (const part of word.parts) {
    if (!('lit' in part)) return undefined;
    out += part.lit;
  }
  return out;
}

/** Every simple command of a script, the ones inside command substitutions included (depth first). */
export function allCommands(script: Script): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const visit = (s: Script) => {
    for (const c of s.commands) {
      out.push(c);
      for (const w of c.words) for (const part of w.parts) if ('cmd' in part) visit(part.cmd);
    }
  };
  visit(script);
  return out;
}

/** Every comment of a script and of its command substitutions. */
export function allComments(script: Script): string[] {
  const out = [...script.comments];
  for (const c of allCommands(script)) for (const w of c.words) for (const part of w.parts) if ('cmd' in part) out.push(...part.cmd.comments);
  return out;
}

class Parser {
  i = 0;
  private pendingHeredocs: { delimiter: string; command: SimpleCommand }[] = [];

  constructor(private readonly src: string) {}

  /** Commands until the end, or until an unmatched ')' when inside $( … ). */
  script(inSubstitution: boolean): Script {
    const script: Script = { commands: [], comments: [] };
    let current: SimpleCommand = { words: [], heredocs: [] };
    const end = () => {
      if (current.words.length || current.heredocs.length) script.commands.push(current);
      current = { words: [], heredocs: [] };
    };
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t') {
        this.i++;
      } else if (c === '\\' && s[this.i + 1] === '\n') {
        this.i += 2;
      } else if (c === '\n') {
        this.i++;
        end();
        this.readHeredocBodies();
      } else if (c === '#') {
        const nl = s.indexOf('\n', this.i);
        const stop = nl < 0 ? s.length : nl;
        script.comments.push(s.slice(this.i + 1, stop));
        this.i = stop;
      } else if (c === ')' && inSubstitution) {
        end();
        return script;
      } else if (c === '<' && s[this.i + 1] === '<') {
        this.i += 2;
        const dash = s[this.i] === '-';
        if (dash) this.i++;
        while (s[this.i] === ' ') this.i++;
        const word = this.word();
        const delimiter = literal(word);
        if (delimiter === undefined || dash) throw new ShellParseError(`heredoc delimiter outside the subset at ${this.i}`);
        current.words.push({ parts: [{ lit: '<<' }] });
        this.pendingHeredocs.push({ delimiter, command: current });
      } else if (OPERATOR_CHARS.has(c)) {
        // Redirections stay in the command as words of their own (">", ">&2", "<"); separators end it.
        if (c === '>' || c === '<') {
          let op = c;
          this.i++;
          if (s[this.i] === '&') {
            op += '&';
            this.i++;
          }
          current.words.push({ parts: [{ lit: op }] });
        } else {
          this.i++;
          if ((c === '&' || c === '|') && s[this.i] === c) this.i++;
          end();
        }
      } else {
        // "2>" is a redirection, not a word 2 then >.
        current.words.push(this.word());
      }
    }
    if (inSubstitution) throw new ShellParseError('unterminated $(');
    end();
    if (this.pendingHeredocs.length) throw new ShellParseError(`heredoc ${this.pendingHeredocs[0].delimiter} has no body`);
    return script;
  }

  private readHeredocBodies(): void {
    const s = this.src;
    while (this.pendingHeredocs.length) {
      const { delimiter, command } = this.pendingHeredocs.shift()!;
      const lines: string[] = [];
      for (;;) {
        if (this.i >= s.length) throw new ShellParseError(`heredoc ${delimiter} is not closed`);
        const nl = s.indexOf('\n', this.i);
        const stop = nl < 0 ? s.length : nl;
        const line = s.slice(this.i, stop);
        this.i = nl < 0 ? s.length : nl + 1;
        if (line === delimiter) break;
        lines.push(line);
      }
      command.heredocs.push(lines.map((l) => l + '\n').join(''));
    }
  }

  /** One word: runs of bare text, quotes and expansions up to unquoted blank, newline or operator. */
  private word(): Word {
    const s = this.src;
    const parts: Part[] = [];
    const lit = (text: string) => {
      const last = parts[parts.length - 1];
      if (last && 'lit' in last) last.lit += text;
      else parts.push({ lit: text });
    };
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || OPERATOR_CHARS.has(c)) break;
      if (c === "'") {
        const close = s.indexOf("'", this.i + 1);
        if (close < 0) throw new ShellParseError(`unterminated ' at ${this.i}`);
        lit(s.slice(this.i + 1, close));
        this.i = close + 1;
      } else if (c === '"') {
        this.i++;
        lit(''); // "" is an empty word, not no word
        this.doubleQuoted(parts, lit);
      } else if (c === '\\') {
        if (this.i + 1 >= s.length) throw new ShellParseError('backslash at the end');
        if (s[this.i + 1] === '\n') this.i += 2;
        else {
          lit(s[this.i + 1]);
          this.i += 2;
        }
      } else if (c === '$') {
        this.dollar(parts);
      } else if (c === '`') {
        throw new ShellParseError(`backtick command substitution at ${this.i}`);
      } else {
        lit(c);
        this.i++;
      }
    }
    return { parts };
  }

  private doubleQuoted(parts: Part[], lit: (t: string) => void): void {
    const s = this.src;
    for (;;) {
      if (this.i >= s.length) throw new ShellParseError('unterminated "');
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const n = s[this.i + 1];
        if (n === '$' || n === '`' || n === '"' || n === '\\') lit(n);
        else if (n !== '\n') lit('\\' + n);
        this.i += 2;
      } else if (c === '$') {
        this.dollar(parts);
      } else if (c === '`') {
        throw new ShellParseError(`backtick command substitution at ${this.i}`);
      } else {
        lit(c);
        this.i++;
      }
    }
  }

  /** $NAME, ${…}, $(…); a lone $ is literal. */
  private dollar(parts: Part[]): void {
    const s = this.src;
    const n = s[this.i + 1];
    if (n === '(') {
      if (s[this.i + 2] === '(') throw new ShellParseError(`arithmetic expansion at ${this.i}`);
      this.i += 2;
      const inner = this.script(true);
      if (s[this.i] !== ')') throw new ShellParseError('unterminated $(');
      this.i++;
      parts.push({ cmd: inner });
    } else if (n === '{') {
      let depth = 0;
      let j = this.i + 1;
      let quote: string | undefined;
      for (; j < s.length; j++) {
        const ch = s[j];
        if (quote) {
          if (ch === quote) quote = undefined;
          continue;
        }
        if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '{') depth++;
        else if (ch === '}' && --depth === 0) break;
      }
      if (j >= s.length) throw new ShellParseError('unterminated ${');
      parts.push({ param: s.slice(this.i + 2, j) });
      this.i = j + 1;
    } else if (n !== undefined && /[A-Za-z_]/.test(n)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.i + 1))!;
      parts.push({ param: m[0] });
      this.i += 1 + m[0].length;
    } else if (n !== undefined && /[0-9@*#?$!-]/.test(n)) {
      parts.push({ param: n });
      this.i += 2;
    } else if (n === "'") {
      throw new ShellParseError(`$'…' quoting at ${this.i}`);
    } else {
      const last = parts[parts.length - 1];
      if (last && 'lit' in last) last.lit += '$';
      else parts.push({ lit: '$' });
      this.i++;
    }
  }
}
