// The command-line interface as data: global flags, and the shape of a command's declaration. Commands
// declare their own flags and help text in src/commands/<verb>/flags.ts; src/cli/registry.ts lists them.
// One spec drives the fast parser (yargs-parser, on every run), the help screens (yargs, loaded only for
// --help) and shell completion.
import type { Session } from './session.js';
import type { Io } from '../io.js';
import { type FlagSpec, type FlagValues, defineFlags, flagValues } from './flags.js';

export type { FlagSpec, FlagType } from './flags.js';

export const GLOBAL_FLAGS = defineFlags([
  { name: 'kubeconfig', type: 'string', desc: 'Path to the kubeconfig file to use (default: $KUBECONFIG, else ~/.kube/config)' },
  { name: 'context', type: 'string', desc: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', desc: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', desc: 'The name of the kubeconfig user to use' },
  { name: 'namespace', short: 'n', type: 'string', desc: 'If present, the namespace scope for this request' },
  { name: 'server', short: 's', type: 'string', desc: 'The address and port of the Kubernetes API server' },
  { name: 'token', type: 'string', desc: 'Bearer token for authentication to the API server' },
  { name: 'certificate-authority', type: 'string', desc: 'Path to a cert file for the certificate authority' },
  { name: 'client-certificate', type: 'string', desc: 'Path to a client certificate file for TLS' },
  { name: 'client-key', type: 'string', desc: 'Path to a client key file for TLS' },
  { name: 'insecure-skip-tls-verify', type: 'boolean', tristate: true, desc: "If true, the server's certificate will not be checked for validity (insecure)" },
  { name: 'tls-server-name', type: 'string', desc: 'Server name to use for server certificate validation' },
  { name: 'request-timeout', type: 'string', desc: 'How long to wait for a single server request (e.g. 5s, 1m); 0 means no timeout' },
  { name: 'username', type: 'string', desc: 'Username for basic authentication to the API server' },
  { name: 'password', type: 'string', desc: 'Password for basic authentication to the API server' },
  { name: 'as', type: 'string', desc: 'Username to impersonate for the operation' },
  { name: 'as-group', type: 'array', stringArray: true, desc: 'Group to impersonate for the operation (repeatable)' },
  { name: 'as-uid', type: 'string', desc: 'UID to impersonate for the operation' },
  { name: 'in-cluster', type: 'boolean', tristate: true, desc: 'Use the in-pod serviceaccount mount even when a kubeconfig exists' },
  { name: 'token-from-secret', type: 'string', desc: 'Authenticate with the token of this ServiceAccount token Secret ([NAMESPACE/]NAME)' },
  { name: 'cache-dir', type: 'string', desc: 'Default cache directory (default: ~/.kube/cache)' },
  { name: 'v', short: 'v', type: 'number', desc: 'Log level like kubectl: 6 requests, 7 +headers, 8 +bodies, 9 +curl line', default: 0 },
  {
    name: 'show',
    type: 'array',
    stringArray: true,
    desc: 'Print the requests as a runnable program, LANG[:FORM] (repeatable): curl[:readable|script|line], python, javascript, go, java, csharp (each also :client, the official client), haskell, wget, httpie, powershell',
  },
  {
    name: 'show-curl',
    type: 'string',
    desc: 'Print a runnable curl snippet: "readable" (default: one curl per request a person would type), "script" (every request, paging and answer-driven steps as kcurl sends them) or "line" (the curl command only); the same as --show=curl[:FORM]',
    noOptDefault: 'readable',
    choices: ['readable', 'script', 'line'],
  },
  { name: 'offline', type: 'boolean', desc: 'Build and print the requests (the curl snippet) without sending anything, not even discovery' },
  { name: 'reveal', type: 'boolean', desc: 'Write credentials into the snippet as literal values (otherwise they are fetched from their source)' },
  {
    name: 'explain',
    type: 'boolean',
    desc: 'Explain each request on stderr (URL parts, query parameters, headers, the RBAC permission and a Role that grants it), and add a lesson to errors',
  },
  { name: 'quiet', short: 'q', type: 'boolean', desc: 'Do not print the REST calls on stderr' },
  { name: 'debug', type: 'boolean', desc: 'Print stack traces with errors' },
  {
    name: 'record',
    type: 'string',
    desc: 'Record every request and response to FILE: .jsonl (a journal written as it happens) or .har (HAR 1.2); credentials and Secret values are redacted unless --reveal',
  },
] as const);

export type GlobalFlags = FlagValues<typeof GLOBAL_FLAGS>;

/** What a command receives: its own flags, and the global ones it does not redeclare (token's --output). */
export type CommandOptions<Own extends readonly FlagSpec[]> = Omit<GlobalFlags, keyof FlagValues<Own>> & FlagValues<Own>;

/** The flags in force for a command: the global ones, each replaced by the command's own flag of the same name (token --output). */
export function effectiveFlags(own: readonly FlagSpec[]): FlagSpec[] {
  const seen = new Map<string, FlagSpec>();
  for (const f of [...GLOBAL_FLAGS, ...own]) {
    if (!seen.has(f.name) || own.includes(f)) seen.set(f.name, f);
  }
  return [...seen.values()];
}

/** A command's options when only `given` were set on the command line (defaults filled in), as tests build them. */
export function commandOptions<Own extends readonly FlagSpec[]>(own: Own, given: Partial<CommandOptions<Own>> = {}): CommandOptions<Own> {
  return flagValues(effectiveFlags(own), given as Record<string, unknown>) as unknown as CommandOptions<Own>;
}

/** A positional argument shell completion can offer values for. */
export type ArgKind = 'resource-type' | 'verb' | 'name';

/** A command's help text. */
export interface CommandHelp {
  usage: string;
  /** What the positional arguments are, in order, for shell completion (absent: file names). */
  args?: readonly ArgKind[];
  summary: string;
  examples: readonly (readonly [string, string])[];
}

export type Main = (argv: string[], io: Io) => Promise<number>;

/** Everything a command's run function may need from one invocation. */
export interface Invocation<Options> {
  session: Session;
  io: Io;
  /** Words after the command (sub-command words included). */
  positionals: string[];
  opts: Options;
  /** Which flags were given explicitly (long names). */
  given: ReadonlySet<string>;
  /** Arguments after `--`. */
  rest: string[];
  debug: boolean;
  /** kcurl's own entry point, and the command line that starts kcurl, for commands that run kcurl (demo). */
  main: Main;
  kcurlCommand: readonly string[];
}

export interface CommandSpec extends CommandHelp {
  name: string;
  flags: readonly FlagSpec[];
  /** Sub-command words (`create token`, `auth can-i`); their flags replace the parent's. */
  sub?: readonly CommandSpec[];
  /** Other words naming this sub-command, as kubectl's cobra aliases (`create cm` for `create configmap`). */
  aliases?: readonly string[];
  /** Loads the command's code (a dynamic import) and runs it. */
  run(inv: Invocation<Record<string, unknown>>): Promise<number>;
}

/** A registry entry whose run function receives options typed from its flag declaration. */
export function defineCommand<const Flags extends readonly FlagSpec[]>(
  c: CommandHelp & {
    name: string;
    flags: Flags;
    sub?: readonly CommandSpec[];
    aliases?: readonly string[];
    run(inv: Invocation<CommandOptions<Flags>>): Promise<number>;
  },
): CommandSpec {
  // The one place parsed flags (a record built from the same declaration) meet their static type.
  return c as unknown as CommandSpec;
}
