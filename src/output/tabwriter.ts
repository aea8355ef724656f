// Go's text/tabwriter (and the github.com/liggitt/tabwriter fork kubectl's printers use), padding with spaces.
// Two set-ups: the printers' (minwidth 6, padding 3, RememberWidths; cli-runtime printers.GetNewTabWriter) and
// describe's (minwidth 0, padding 2, flags 0; describe.tabbedString). Cells are tab-terminated; the last cell of a
// line is not part of a column and is never padded. Widths count code points, not display columns, exactly as
// kubectl does. (cli-table3 cannot reproduce column blocks or the minwidth rule.)

interface Cell {
  text: string;
  width: number; // code points
  htab: boolean;
}

export interface TabWriterOptions {
  minwidth: number;
  padding: number;
  /** The fork's RememberWidths flag: a column never narrows between blocks of the same output. */
  rememberWidths: boolean;
}

/** kubectl's printers.GetNewTabWriter settings. */
export const KUBECTL_TABWRITER: TabWriterOptions = { minwidth: 6, padding: 3, rememberWidths: true };

/** describe.tabbedString's settings: Go's own tabwriter, so every line with a single cell ends a block. */
export const DESCRIBE_TABWRITER: TabWriterOptions = { minwidth: 0, padding: 2, rememberWidths: false };

/** The code points in s (a surrogate pair counts once, a lone surrogate once, as for…of counts them). */
const codePoints = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
};

export class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxwidths: number[] = [];
  private out = '';

  constructor(private readonly options: TabWriterOptions = KUBECTL_TABWRITER) {}

  write(text: string): void {
    // Cells are cut at the separators (all ASCII, so never inside a surrogate pair), not built char by char.
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // \t \n \v \f
      if (c < 9 || c > 12) continue;
      const cell = this.cell + text.slice(start, i);
      start = i + 1;
      const line = this.lines[this.lines.length - 1];
      line.push({ text: cell, width: codePoints(cell), htab: c === 9 });
      this.cell = '';
      if (c === 10 || c === 12) {
        this.lines.push([]);
        // A line of one cell cannot affect the columns below it, so Go flushes there (and always on \f).
        if (c === 12 || line.length === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Formats what is buffered; remembered column widths survive (kubectl resets them per resource type). */
  flush(): void {
    if (this.cell.length > 0) {
      this.lines[this.lines.length - 1].push({ text: this.cell, width: codePoints(this.cell), htab: false });
      this.cell = '';
    }
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.widths = [];
  }

  resetRememberedWidths(): void {
    this.maxwidths = [];
  }

  /** Flushes and returns everything written so far, emptying the output buffer. */
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
        if (j < this.widths.length) this.out += ' '.repeat(this.widths[j] - c.width);
      });
      // The last buffered line has no newline of its own (its text, if any, was terminated by flush()).
      if (i + 1 !== this.lines.length) this.out += '\n';
    }
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current].length - 1) continue;
      // A cell exists in this column: print the lines above, then measure the block of lines that have one too.
      this.writeLines(line0, current);
      line0 = current;
      let width = this.options.minwidth;
      for (; current < line1; current++) {
        const line = this.lines[current];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.options.padding);
      }
      // RememberWidths: a column is never narrower than it was earlier in the same output.
      if (this.options.rememberWidths) width = this.remembered(column, width);

      this.widths.push(width);
      this.format(line0, current);
      this.widths.pop();
      line0 = current;
    }
    this.writeLines(line0, line1);
  }

  private remembered(column: number, width: number): number {
    if (this.maxwidths.length < this.widths.length) this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
    if (this.maxwidths.length === this.widths.length) this.maxwidths.push(width);
    else if (this.maxwidths[column] > width) width = this.maxwidths[column];
    else if (this.maxwidths[column] < width) this.maxwidths[column] = width;
    return width;
  }
}

/** Lays out tab-separated, newline-terminated text the way kubectl's tabwriter does. */
export function tabulate(text: string, options: TabWriterOptions = KUBECTL_TABWRITER): string {
  const w = new TabWriter(options);
  w.write(text);
  return w.take();
}
