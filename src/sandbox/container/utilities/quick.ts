// Utilities the shell can run without a UtilityContext (`true`, `:`, `false`, `echo`): they need only their
// arguments and stdout, and answer at once unless their write has to wait for a reader. A busy loop such as
// `while true; do echo …; done` runs them many thousand times a second, and building a context and a promise
// chain for each was most of its cost. The registry holds the ordinary Utility made from the same function, so
// there is one implementation of each.
import type { Output } from '../streams.js';
import type { Utility } from './registry.js';

/**
 * Runs with `args` writing to `stdout`: the status, or a promise of it when a write must wait. `literal`: `args`
 * are a command's literal words, the same array each time that command runs, so what depends on them alone may
 * be kept with them.
 */
export type QuickUtility = (args: readonly string[], stdout: Output, literal?: boolean) => number | Promise<number>;

const QUICK = new WeakMap<Utility, QuickUtility>();

/**
 * `status` once a write is done: at once when `write` gave no promise. (Some Outputs return what their sink
 * returned, a number or a boolean, which `await` took as done, and so does this.)
 */
export function written(write: void | Promise<void>, status: number): number | Promise<number> {
  const w = write as unknown;
  return typeof (w as Promise<void> | undefined)?.then === 'function' ? (w as Promise<void>).then(() => status) : status;
}

/** The Utility for `run`, known to `quickUtility`. */
export function quick(run: QuickUtility): Utility {
  const utility: Utility = async ({ args, stdout }) => run(args, stdout);
  QUICK.set(utility, run);
  return utility;
}

/** The quick form of `utility`, when it has one. */
export function quickUtility(utility: Utility): QuickUtility | undefined {
  return QUICK.get(utility);
}
