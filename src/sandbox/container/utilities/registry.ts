// The registry of a container's utilities: name → a function of its context (argv, environment, streaming
// stdio, the container's filesystem, clock and kill signal) returning its exit status. A utility reports
// a failure by writing to stderr and returning non-zero, or by throwing CommandError (message + status).
import type { ContainerFs } from '../filesystem.js';
import type { PodNetwork } from '../network.js';
import type { Input, Output } from '../streams.js';
import { corednsUtilities } from './coredns.js';
import { fileUtilities } from './files.js';
import { daemonUtilities } from './daemons.js';
import { archiveUtilities } from './tar.js';
import { httpClientUtilities } from './http-clients.js';
import { nginxUtilities } from './nginx.js';
import { printUtilities } from './print.js';
import { systemUtilities } from './system.js';
import { testUtilities } from './test.js';
import { textUtilities } from './text.js';

export interface UtilityContext {
  /** The name it was invoked by (basename of argv[0]). */
  name: string;
  args: string[];
  env: Map<string, string>;
  stdin: Input;
  stdout: Output;
  stderr: Output;
  fs: ContainerFs;
  cwd: string;
  /** An absolute path for a path relative to the working directory. */
  resolve(path: string): string;
  hostname: string;
  now(): Date;
  /** Aborted when the container is killed. */
  signal: AbortSignal;
  /** Waits `ms` (Infinity: until killed); ends the utility with 143 when the container is killed meanwhile. */
  sleep(ms: number): Promise<void>;
  /** Called between the steps of a long-running utility: yields now and then, ends it when killed. */
  tick(): Promise<void>;
  /** Runs another program with the same stdio (`env NAME=V COMMAND`). */
  run(argv: string[], env: Map<string, string>): Promise<number>;
  /** stdout is a terminal (`kubectl exec -t`): curl then shows no progress meter. */
  isTerminal?: boolean;
  /** The pod's network (curl, wget); undefined where there is none. */
  network?: PodNetwork;
}

export type Utility = (ctx: UtilityContext) => Promise<number>;

const REGISTRY = new Map<string, Utility>(
  Object.entries({
    ...fileUtilities,
    ...printUtilities,
    ...systemUtilities,
    ...testUtilities,
    ...textUtilities,
    ...nginxUtilities,
    ...daemonUtilities,
    ...httpClientUtilities,
    ...archiveUtilities,
    ...corednsUtilities,
  }),
);

export function findUtility(name: string): Utility | undefined {
  return REGISTRY.get(name);
}

/** Commands a container can run: the registry's utilities and the shells and builtins of the interpreter. */
export const SUPPORTED_COMMANDS = [
  ...new Set(
    [...REGISTRY.keys()]
      .filter((n) => n !== 'docker-entrypoint.sh')
      .concat(['sh', 'bash', '.', 'cd', 'eval', 'exec', 'exit', 'export', 'local', 'read', 'return', 'set', 'shift', 'unset', 'wait']),
  ),
].sort();
