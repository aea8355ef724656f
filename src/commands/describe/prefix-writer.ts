// The text machinery of kubectl's describers: a PrefixWriter (two spaces per level, terminal escapes
// neutralised) writing into Go's standard text/tabwriter configured as describe.tabbedString does
// (minwidth 0, tabwidth 8, padding 2, pad with spaces, no flags: output/tabwriter's DESCRIBE_TABWRITER). Unlike
// the table printer's set-up it does not remember column widths between blocks: every line with a single cell ends
// a block.

import { DESCRIBE_TABWRITER, TabWriter } from '../../output/tabwriter.js';

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
    private readonly tw: TabWriter,
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
  const tw = new TabWriter(DESCRIBE_TABWRITER);
  fn(new PrefixWriter(tw));
  return tw.take();
}

/** A TabWriter that lays nothing out: the text as written, tabs kept (kubectl rollout history's printTemplate). */
class UnalignedWriter extends TabWriter {
  #text = '';
  override write(text: string): void {
    this.#text += text;
  }
  override flush(): void {}
  override take(): string {
    const text = this.#text;
    this.#text = '';
    return text;
  }
}

/** A describer section written straight into a buffer, as kubectl's printTemplate does (no tabwriter). */
export function unalignedString(fn: (w: PrefixWriter) => void): string {
  const tw = new UnalignedWriter();
  fn(new PrefixWriter(tw));
  return tw.take();
}
