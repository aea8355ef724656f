// Parses argv the way kubectl's pflag reads it (-ojson, -n=ns, --flag=value, --show-curl without a value)
// using yargs-parser, the parser inside yargs, configured from the global flags (spec.ts) and the command's
// own declaration (registry.ts).
import parser from 'yargs-parser';
import { usageError } from '../errors.js';
import { camelCase, withDefault } from './flags.js';
import { COMMANDS, findCommand, findSubCommand } from './registry.js';
import { type CommandSpec, type FlagSpec, GLOBAL_FLAGS, effectiveFlags } from './spec.js';

export interface ParsedArgs {
  command?: CommandSpec;
  /** The sub-command (`create token`, `auth can-i`) when its word follows the command; its flags replace the command's. */
  sub?: CommandSpec;
  /** Words after the command (sub-command words included). */
  positionals: string[];
  /** Flag values keyed by long name in camelCase: every flag of the command and the global ones, defaults filled in. */
  flags: Record<string, unknown>;
  /** Which flags were given explicitly (long names). */
  given: Set<string>;
  /** Arguments after `--`. */
  rest: string[];
  help: boolean;
}

/** The flag a `--name[=…]` or `-x…` token names, if any. */
export function lookup(flags: readonly FlagSpec[], token: string): FlagSpec | undefined {
  if (token.startsWith('--')) {
    const name = token.slice(2).split('=')[0];
    return flags.find((f) => f.name === name);
  }
  const short = token.slice(1, 2);
  return flags.find((f) => f.short === short);
}

/**
 * `--long=value` for yargs-parser, which strips one pair of quotes around a value (`--as='"jane"'` would become
 * jane): a value that starts and ends with the same quote gets one more pair, so the flag keeps its bytes as pflag does.
 */
function valueArg(long: string, value: string): string {
  const wrapped = (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0];
  return `${long}=${wrapped ? `"${value}"` : value}`;
}

/** Rewrites pflag forms into ones yargs-parser reads unambiguously, and rejects unknown flags. */
function normalize(argv: string[], flags: readonly FlagSpec[], commandName: string | undefined): { args: string[]; given: Set<string> } {
  const out: string[] = [];
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (token === '-' || !token.startsWith('-') || /^-\d/.test(token)) {
      out.push(token);
      continue;
    }
    if (token === '--help' || token === '-h') {
      out.push('--help');
      continue;
    }
    const flag = lookup(flags, token);
    const where = commandName ? `kcurl ${commandName} --help` : 'kcurl --help';
    if (!flag) {
      if (token.startsWith('--')) throw usageError(`unknown flag: ${token.split('=')[0]}`, `see '${where}' for usage`);
      throw usageError(`unknown shorthand flag: '${token[1]}' in ${token}`, `see '${where}' for usage`);
    }
    given.add(flag.name);
    const long = `--${flag.name}`;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      if (eq >= 0) out.push(valueArg(long, token.slice(eq + 1)));
      else if (flag.type === 'boolean') out.push(`${long}=true`);
      else if (flag.noOptDefault !== undefined) out.push(`${long}=${flag.noOptDefault}`);
      else {
        if (i + 1 >= argv.length) throw usageError(`flag needs an argument: ${long}`, `see '${where}' for usage`);
        out.push(valueArg(long, argv[++i]));
      }
      continue;
    }
    // Short form: -n ns, -n=ns, -nns, -A, -Ao json
    const restOfToken = token.slice(2);
    if (flag.type === 'boolean') {
      out.push(`${long}=true`);
      if (restOfToken) i = expandShortGroup(`-${restOfToken}`, argv, i, flags, out, given, where);
      continue;
    }
    if (restOfToken) out.push(valueArg(long, restOfToken.startsWith('=') ? restOfToken.slice(1) : restOfToken));
    else if (flag.noOptDefault !== undefined) out.push(`${long}=${flag.noOptDefault}`);
    else {
      if (i + 1 >= argv.length) throw usageError(`flag needs an argument: '${flag.short}' in -${flag.short}`, `see '${where}' for usage`);
      out.push(valueArg(long, argv[++i]));
    }
  }
  return { args: out, given };
}

/** Continues a short-flag group after a boolean (-Aojson). Returns the index reached. */
function expandShortGroup(token: string, argv: string[], i: number, flags: readonly FlagSpec[], out: string[], given: Set<string>, where: string): number {
  const flag = lookup(flags, token);
  if (!flag) throw usageError(`unknown shorthand flag: '${token[1]}' in ${token}`, `see '${where}' for usage`);
  given.add(flag.name);
  const rest = token.slice(2);
  if (flag.type === 'boolean') {
    out.push(`--${flag.name}=true`);
    return rest ? expandShortGroup(`-${rest}`, argv, i, flags, out, given, where) : i;
  }
  if (rest) {
    out.push(valueArg(`--${flag.name}`, rest.startsWith('=') ? rest.slice(1) : rest));
    return i;
  }
  if (i + 1 >= argv.length) throw usageError(`flag needs an argument: '${flag.short}' in -${flag.short}`, `see '${where}' for usage`);
  out.push(valueArg(`--${flag.name}`, argv[i + 1]));
  return i + 1;
}

/** Finds the command word: the first positional, skipping global flags and their values. */
function findCommandWord(argv: string[]): { command?: CommandSpec; index: number } {
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i];
    if (t === '--') break;
    if (t.startsWith('-') && t !== '-') {
      const flag = lookup(GLOBAL_FLAGS, t);
      const inline = t.startsWith('--') ? t.includes('=') : t.length > 2;
      if (flag && flag.type !== 'boolean' && flag.noOptDefault === undefined && !inline) i++;
      continue;
    }
    const command = findCommand(t);
    if (!command) {
      const known = COMMANDS.map((c) => c.name).join(', ');
      throw usageError(`unknown command "${t}" for "kcurl"`, `commands: ${known}; see 'kcurl --help'`);
    }
    return { command, index: i };
  }
  return { index: -1 };
}

/**
 * The sub-command named by the first positional after the command word, skipping flags (global ones and the
 * command's own) with their values, so that `create -f token` reads a file named token.
 */
function findSubWord(argv: string[], commandIndex: number, command: CommandSpec | undefined): CommandSpec | undefined {
  if (!command) return undefined;
  const known = effectiveFlags(command.flags);
  for (let i = commandIndex + 1; i < argv.length; i++) {
    const t = argv[i];
    if (t === '--') return undefined;
    if (t.startsWith('-') && t !== '-') {
      const flag = lookup(known, t);
      const inline = t.startsWith('--') ? t.includes('=') : t.length > 2;
      if (flag && flag.type !== 'boolean' && flag.noOptDefault === undefined && !inline) i++;
      continue;
    }
    const sub = findSubCommand(command, t);
    // A sub-command with its own sub-commands (create secret generic): the deepest one named.
    return sub?.sub ? (findSubWord(argv, i, sub) ?? sub) : sub;
  }
  return undefined;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const { command, index } = findCommandWord(argv);
  const sub = findSubWord(argv, index, command);
  const own = (sub ?? command)?.flags ?? [];
  const effective = effectiveFlags(own);
  const words = index >= 0 ? [...argv.slice(0, index), ...argv.slice(index + 1)] : argv;
  const { args, given } = normalize(words, effective, sub && command ? `${command.name} ${sub.name}` : command?.name);
  const byType = (t: string) => effective.filter((f) => f.type === t).map((f) => f.name);
  const parsed = parser(args, {
    string: [...byType('string'), ...byType('array')],
    boolean: [...byType('boolean'), 'help'],
    number: byType('number'),
    array: byType('array'),
    configuration: {
      'camel-case-expansion': true,
      'parse-positional-numbers': false,
      'short-option-groups': false,
      'duplicate-arguments-array': true,
      'flatten-duplicate-arrays': true,
      'greedy-arrays': false,
      'halt-at-non-option': false,
      'populate--': true,
      'boolean-negation': false,
      'dot-notation': false,
    },
  });
  const out: Record<string, unknown> = {};
  for (const f of effective) {
    let v = parsed[camelCase(f.name)] ?? parsed[f.name];
    // Repeated scalar flags: the last one wins, as with pflag.
    if (Array.isArray(v) && f.type !== 'array') v = v[v.length - 1];
    if (f.type === 'array' && v !== undefined) {
      // kubectl's --as-group and --audience are StringArray: a comma is part of the value.
      v = f.stringArray ? (v as unknown[]).map(String) : (v as unknown[]).flatMap((x) => String(x).split(',')).filter((x) => x !== '');
    }
    if (f.type === 'number' && v !== undefined && Number.isNaN(v)) {
      throw usageError(`invalid argument for --${f.name}: expected a number`);
    }
    v = withDefault(f, v);
    if (f.choices && v !== undefined && given.has(f.name) && !f.choices.includes(String(v))) {
      throw usageError(`invalid argument "${String(v)}" for --${f.name}: must be one of ${f.choices.join(', ')}`);
    }
    out[camelCase(f.name)] = v;
  }
  return {
    command,
    sub,
    positionals: (parsed._ as unknown[]).map(String),
    flags: out,
    given,
    rest: ((parsed['--'] as unknown[] | undefined) ?? []).map(String),
    help: Boolean(parsed.help),
  };
}
