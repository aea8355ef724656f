// Flag declarations as data, and the TypeScript type of the values they parse to: a command declares
// `defineFlags([...] as const)` next to its code and receives `FlagValues<typeof ITS_FLAGS>`, no casts.

export type FlagType = 'string' | 'boolean' | 'number' | 'array';

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: FlagType;
  readonly desc: string;
  readonly default?: unknown;
  /** pflag NoOptDefVal: the value when the flag is given without `=value` (e.g. --show-curl). */
  readonly noOptDefault?: string;
  readonly choices?: readonly string[];
  readonly hidden?: boolean;
  /** An array flag that is pflag StringArray (one value per occurrence) rather than StringSlice (comma-separated). */
  readonly stringArray?: boolean;
  /** Values shell completion offers (not checked: -o also takes jsonpath=…); a value ending in `=` is completed further. */
  readonly suggest?: readonly string[];
  /** A boolean whose absence means "not set" (undefined) rather than false, e.g. api-resources --namespaced. */
  readonly tristate?: boolean;
}

/**
 * kubectl's --dry-run: none (the default), client or server; a bare --dry-run is kubectl's deprecated form
 * ("unchanged", which each command maps as kubectl does). `desc` says what client and server mean for the command.
 */
export function dryRunFlag<const D extends string>(desc: D) {
  return { name: 'dry-run', type: 'string', suggest: ['none', 'client', 'server'], desc, default: 'none', noOptDefault: 'unchanged' } as const;
}

/**
 * kubectl's -o/--output as a printer flag: `suggest` are the values shell completion offers (not checked, since
 * -o also takes jsonpath=… and the like); by default those of a command that prints the object it wrote.
 */
export function outputFlag(suggest: readonly string[] = ['json', 'yaml', 'name'], desc = 'Output format: name, json or yaml') {
  return { name: 'output', short: 'o', type: 'string', suggest, desc } as const;
}

/** kubectl's --field-manager, defaulting to the manager name the kubectl command sends (`kubectl-edit`, `kubectl-run`…). */
export function fieldManagerFlag<const M extends string>(defaultManager: M) {
  return { name: 'field-manager', type: 'string', desc: 'Name of the manager tracking field ownership', default: defaultManager } as const;
}

/**
 * kubectl's -f/--filename, -R/--recursive and -k/--kustomize (cmdutil.AddFilenameOptionFlags): which objects a
 * command acts on, read from files, directories or URLs instead of RESOURCE NAME arguments. `what` says what the
 * command does to them ("to label", "to scale"). kcurl refuses -k (see kustomizeRefused).
 */
export function filenameFlags<const D extends string>(what: D) {
  return [
    { name: 'filename', short: 'f', type: 'array', desc: `Files, directories, URLs or - (standard input) with the objects ${what}` },
    { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
    { name: 'kustomize', short: 'k', type: 'string', desc: 'A kustomization directory (refused by kcurl: render it with kubectl kustomize, then use -f)' },
  ] as const;
}

/** `all-namespaces` → `allNamespaces`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

type BaseValue<F extends FlagSpec> = F['type'] extends 'boolean'
  ? boolean
  : F['type'] extends 'number'
    ? number
    : F['type'] extends 'array'
      ? string[]
      : F extends { readonly choices: readonly (infer C)[] }
        ? C
        : string;

/** A flag's parsed value: always set when it has a default (and for two-state booleans), else possibly undefined. */
type ValueOf<F extends FlagSpec> = F extends { readonly default: unknown }
  ? BaseValue<F>
  : F['type'] extends 'boolean'
    ? F extends { readonly tristate: true }
      ? boolean | undefined
      : boolean
    : BaseValue<F> | undefined;

/** The options object a command receives: one camel-cased property per declared flag. */
export type FlagValues<Flags extends readonly FlagSpec[]> = { [F in Flags[number] as CamelCase<F['name']>]: ValueOf<F> };

/** Declares a command's flags, keeping their literal names and types for `FlagValues`. */
export function defineFlags<const Flags extends readonly FlagSpec[]>(flags: Flags): Flags {
  return flags;
}

export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** A flag's value when the command line left it `value` (undefined if not given): its default, false for a two-state boolean. */
export function withDefault(f: FlagSpec, value: unknown): unknown {
  if (value !== undefined) return value;
  if (f.default !== undefined) return f.default;
  return f.type === 'boolean' && !f.tristate ? false : undefined;
}

/**
 * The values of `flags` when only `given` were set on the command line: defaults filled in, two-state booleans
 * false. The parser ends with this; tests build a command's options with it.
 */
export function flagValues(flags: readonly FlagSpec[], given: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of flags) {
    const key = camelCase(f.name);
    out[key] = withDefault(f, given[key]);
  }
  return out;
}
