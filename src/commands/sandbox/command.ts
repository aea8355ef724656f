// `kcurl sandbox`: runs an embedded API server in the foreground until SIGINT/SIGTERM and writes a
// kubeconfig for it (under the user's cache directory unless --kubeconfig says otherwise).
import path from 'node:path';
import { usageError } from '../../errors.js';
import type { Io } from '../../io.js';
import { CONTEXT } from '../../sandbox/kubeconfig.js';
import { startSandbox } from '../../sandbox/server.js';
import type { Utility } from '../../sandbox/container/utilities/registry.js';

export interface SandboxCommandOptions {
  port: number;
  address: string;
  kubeconfig?: string;
  state?: string;
  /** Simulated nodes (1 by default). */
  nodes?: number;
  debug?: boolean;
  /** Programs the sandbox's containers can run besides its userland (kcurl in a pod). */
  containerPrograms?: ReadonlyMap<string, Utility>;
}

/** `$XDG_CACHE_HOME/kcurl/sandbox/kubeconfig`, else `~/.cache/kcurl/sandbox/kubeconfig`: never ~/.kube/config. */
export function defaultKubeconfigPath(io: Pick<Io, 'env' | 'homedir'>): string {
  const cache = io.env.XDG_CACHE_HOME && path.isAbsolute(io.env.XDG_CACHE_HOME) ? io.env.XDG_CACHE_HOME : path.join(io.homedir, '.cache');
  return path.join(cache, 'kcurl', 'sandbox', 'kubeconfig');
}

export async function runSandboxCommand(io: Io, opts: SandboxCommandOptions): Promise<number> {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw usageError(`--port must be a number from 0 to 65535, got ${String(opts.port)}`);
  }
  const nodes = checkNodeCount(opts.nodes ?? 1);
  const kubeconfigPath = opts.kubeconfig ? path.resolve(io.cwd, opts.kubeconfig) : defaultKubeconfigPath(io);
  const statePath = opts.state ? path.resolve(io.cwd, opts.state) : undefined;
  const sandbox = await startSandbox({
    port: opts.port,
    address: opts.address || '127.0.0.1',
    kubeconfigPath,
    statePath,
    nodes,
    debug: opts.debug,
    containerPrograms: opts.containerPrograms,
    log: (line) => io.stderr.write(`${line}\n`),
  });
  if (sandbox.listenUrl === sandbox.url) {
    io.stdout.write(`kcurl sandbox listening on ${sandbox.url} (kubeconfig: ${sandbox.kubeconfigPath}, context ${CONTEXT})\n`);
  } else {
    io.stdout.write(`kcurl sandbox listening on ${sandbox.listenUrl} (kubeconfig: ${sandbox.kubeconfigPath} uses ${sandbox.url}, context ${CONTEXT})\n`);
  }
  if (!isLoopback(opts.address || '127.0.0.1')) {
    io.stderr.write(
      `warning: --address ${opts.address} accepts connections from other machines: anyone who can reach port ${sandbox.port} can call the sandbox's API with any credentials it issues; use --address 127.0.0.1 to keep it local\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const remove = io.onInterrupt(() => {
      remove();
      resolve();
    });
  });
  await sandbox.close();
  return 0;
}

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\./.test(address);
}

/** `--nodes` for `kcurl sandbox` and `kcurl demo`: 1 to 20 simulated nodes. */
export function checkNodeCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 20) {
    throw usageError(`--nodes must be a whole number from 1 to 20, got ${String(value)}`);
  }
  return value;
}
