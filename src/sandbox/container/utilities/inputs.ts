// The inputs of a filter utility (cat, grep, wc, …): its file operands in order, `-` or none meaning stdin,
// each as a streaming Input. A missing file is reported in busybox's words and the status becomes 1.
import { Input } from '../streams.js';
import type { UtilityContext } from './registry.js';

export interface Inputs {
  /** 1 once an operand could not be opened. */
  status: number;
  each(): AsyncGenerator<{ name: string; input: Input }>;
}

export function inputs(ctx: UtilityContext, files: string[]): Inputs {
  const result: Inputs = {
    status: 0,
    async *each() {
      for (const f of files.length ? files : ['-']) {
        if (f === '-') {
          yield { name: '(standard input)', input: ctx.stdin };
          continue;
        }
        const path = ctx.resolve(f);
        const content = ctx.fs.read(path);
        if (content === undefined) {
          const dir = ctx.fs.list(path) !== undefined;
          await ctx.stderr.write(dir ? `${ctx.name}: read error: Is a directory\n` : `${ctx.name}: can't open '${f}': No such file or directory\n`);
          result.status = 1;
          continue;
        }
        yield { name: f, input: Input.of(content) };
      }
    },
  };
  return result;
}

/** All of the inputs as one text (for utilities that need everything before they print: sort, tail, wc). */
export async function readInputs(ctx: UtilityContext, files: string[]): Promise<{ text: string; status: number }> {
  const all = inputs(ctx, files);
  let text = '';
  for await (const { input } of all.each()) text += await input.readAll();
  return { text, status: all.status };
}

/** Splits text into lines without their newlines (a final newline does not make an empty last line). */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
