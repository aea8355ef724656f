// kcurl completion bash|zsh|fish: prints the script that makes the shell call `kcurl __complete` on Tab.
import { usageError } from '../../errors.js';
import type { Io } from '../../io.js';
import { SHELLS, type Shell, completionScript } from './scripts.js';

export async function runCompletion(io: Io, positionals: string[]): Promise<number> {
  if (positionals.length !== 1 || !SHELLS.includes(positionals[0] as Shell)) {
    const got = positionals.length ? `"${positionals.join(' ')}"` : 'nothing';
    throw usageError(`kcurl completion needs one shell, one of ${SHELLS.join(', ')}; got ${got}`, 'for example: source <(kcurl completion bash)');
  }
  io.stdout.write(completionScript(positionals[0] as Shell));
  return 0;
}
