// The text machinery of kubectl's describers: a PrefixWriter (two spaces per level, terminal escapes
// neutralised) writing into Go's standard text/tabwriter configured as describe.tabbedString does
// (minwidth 0, tabwidth 8, padding 2, pad with spaces, no flags). Unlike the table printer's tabwriter this
// one does not remember column widths between blocks: every line with a single cell ends a block.

interface Cell {
  text: string;
  width: number;
  htab: boolean;
}

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Go's text/tabwriter.Writer with padchar ' ' and flags 0. */
export class GoTabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private out = '';

  constructor(
    private readonly minwidth = 0,
    private readonly padding = 2,
  ) {}

  write(text: string): void {
    for (const ch of text) {
      if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
        const line = this.lines[this.lines.length - 1];
        line.push({ text: this.cell, width: runeCount(this.cell), htab: ch === '\t' });
        this.cell = '';
        if (ch === '\n' || ch === '\f') {
          this.lines.push([]);
          // A line of one cell cannot affect the columns of the lines below it: Go flushes there.
          if (ch === '\f' || line.length === 1) this.flush();
        }
      } else {
        this.cell += ch;
      }
    }
  }

  flush(): void {
    if (this.cell.length > 0) {
      this.lines[this.lines.length - 1].push({ text: this.cell, width: runeCount(this.cell), htab: false });
      this.cell = '';
    }
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.widths = [];
  }

  take(): string {
    this.flush();
    const out = this.out;
    this.out = '';
    return out;
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.out += ' '.repeat(Math.max(0, this.widths[j] - c.width));
      });
      if (i + 1 !== this.lines.length) this.out += '\n';
    }
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current].length - 1) continue;
      this.writeLines(line0, current);
      line0 = current;
      let width = this.minwidth;
      for (; current < line1; current++) {
        const line = this.lines[current];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.padding);
      }
      this.widths.push(width);
      this.format(line0, current);
      this.widths.pop();
      line0 = current;
    }
    this.writeLines(line0, line1);
  }
}

/** cli-runtime printers.WriteEscaped: ESC and CR cannot reach the terminal. */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** describe.PrefixWriter: Write(level, text) indents by two spaces per level; text is already formatted. */
export class PrefixWriter {
  constructor(
    private readonly tw: GoTabWriter,
    private readonly indent = 0,
  ) {}

  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(level + this.indent) + text));
  }

  /** fmt.Sprintln(a...): operands joined by spaces, then a newline (nested writers indent it). */
  writeLine(...parts: string[]): void {
    if (this.indent > 0) this.tw.write(escapeTerminal('  '.repeat(this.indent) + parts.join(' ') + '\n'));
    else this.tw.write(escapeTerminal(parts.join(' ') + '\n'));
  }

  flush(): void {
    this.tw.flush();
  }

  nested(indent: number): PrefixWriter {
    return new PrefixWriter(this.tw, this.indent + indent);
  }
}

/** describe.tabbedString: runs fn against a fresh PrefixWriter and returns the laid-out text. */
export function tabbedString(fn: (w: PrefixWriter) => void): string {
  const tw = new GoTabWriter(0, 2);
  fn(new PrefixWriter(tw));
  return tw.take();
}
