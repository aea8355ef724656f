// Help screens, rendered by yargs from the registry and global flags the parser uses. Loaded only for --help
// and `kcurl` without a command, so yargs costs nothing on ordinary runs.
import type { Argv } from 'yargs';
import { COMMANDS } from './registry.js';
import { type CommandSpec, type FlagSpec, GLOBAL_FLAGS } from './spec.js';

function addFlags(y: Argv, flags: readonly FlagSpec[], group: string): Argv {
  for (const f of flags) {
    if (f.hidden) continue;
    y = y.option(f.name, {
      alias: f.short && f.short !== f.name ? f.short : undefined,
      type: f.type === 'array' ? 'string' : f.type,
      describe: f.desc,
      default: f.default,
      choices: f.choices,
      group,
    });
  }
  return y;
}

export async function renderHelp(command: CommandSpec | undefined, width: number): Promise<string> {
  const { default: yargs } = await import('yargs');
  let y = yargs([]).scriptName('kcurl').exitProcess(false).wrap(Math.min(width, 120)).version(false).help(false).locale('en');
  if (command) {
    y = y.usage(`${command.summary}\n\nUsage:\n  ${command.usage}`);
    y = addFlags(y, command.flags, 'Options:');
    for (const [what, cmd] of command.examples) y = y.example(cmd, what);
  } else {
    y = y.usage(
      'kcurl shows the Kubernetes REST API: it builds the exact requests kubectl sends, prints them with a\n' +
        'runnable curl snippet, and runs them with your credentials.\n\nUsage:\n  kcurl COMMAND [args] [flags]',
    );
    for (const c of [...COMMANDS].sort(byHelpOrder)) y = y.command(c.name, c.summary);
    y = y.example('kcurl get pods -n default --show-curl', 'List pods and show the curl that does it');
    y = y.example('kcurl get pods --offline', 'Print the snippet without contacting any cluster');
    y = y.epilogue("Use 'kcurl COMMAND --help' for more information about a command.");
  }
  y = addFlags(y, GLOBAL_FLAGS, 'Global options:');
  return (await y.getHelp()) + '\n';
}

/** The overview lists commands as a workflow: read, write, inspect access and the API, then kcurl's own tools. */
const HELP_ORDER = [
  'get',
  'describe',
  'logs',
  'apply',
  'create',
  'delete',
  'auth',
  'api-versions',
  'api-resources',
  'token',
  'proxy',
  'record',
  'replay',
  'sandbox',
  'demo',
  'completion',
  'version',
];

function byHelpOrder(a: CommandSpec, b: CommandSpec): number {
  const rank = (c: CommandSpec) => (HELP_ORDER.includes(c.name) ? HELP_ORDER.indexOf(c.name) : HELP_ORDER.length);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}
