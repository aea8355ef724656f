// kcurl completion: usage, help text and flags (loaded on every run; the run code lazily).

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const COMPLETION_HELP: CommandHelp = {
  usage: 'kcurl completion bash|zsh|fish',
  summary: 'Print a shell completion script (commands, flags, flag values and resource types complete on Tab)',
  examples: [
    ['Load completion into the current bash session', 'source <(kcurl completion bash)'],
    ['Install it for every bash session', 'kcurl completion bash > ~/.local/share/bash-completion/completions/kcurl'],
    ['zsh (after compinit)', 'source <(kcurl completion zsh)'],
    ['fish', 'kcurl completion fish | source'],
  ],
};

export const COMPLETION_FLAGS = defineFlags([] as const);

export type CompletionFlags = CommandOptions<typeof COMPLETION_FLAGS>;
