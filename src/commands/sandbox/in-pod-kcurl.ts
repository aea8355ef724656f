// `kcurl` inside a sandbox pod: kcurl itself, run in-process with the pod's view — its environment, its
// filesystem (the serviceaccount mount, so in-cluster credentials apply), its streams — and a transport whose
// connections go where the pod's network says (the `kubernetes` Service is the sandbox's listener). The command
// that starts the sandbox hands it to the sandbox as a container program; the sandbox imports no client code.
import type { AttachedProcess, Io, ProcessResult } from '../../io.js';
import type { Utility, UtilityContext } from '../../sandbox/container/utilities/registry.js';

/** The Io of a program inside the container: nothing of the host's files, processes or environment. */
export function podIo(ctx: UtilityContext): Io {
  const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  const enoent = (path: string) => Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', path });
  const abs = (p: string) => ctx.resolve(p);
  const noProcesses = (command: string): never => {
    throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
  };
  return {
    stdout: { write: (c) => void ctx.stdout.write(text(c)) },
    stderr: { write: (c) => void ctx.stderr.write(text(c)) },
    isStdoutTTY: Boolean(ctx.isTerminal),
    isStderrTTY: Boolean(ctx.isTerminal),
    env: Object.fromEntries(ctx.env),
    cwd: ctx.cwd,
    homedir: ctx.env.get('HOME') ?? '/root',
    selfCommand: ['kcurl'],
    platform: 'linux/x64',
    now: () => ctx.now(),
    readStdin: async (maxBytes = Infinity) => {
      const all = Buffer.from(await ctx.stdin.readAll());
      return all.length > maxBytes ? all.subarray(0, maxBytes + 1) : all;
    },
    readLine: async () => (await ctx.stdin.readLine())?.replace(/\n$/, '') ?? undefined,
    readFile: async (path) => {
      const content = ctx.fs.read(abs(path));
      if (content === undefined) throw enoent(path);
      return Buffer.from(content);
    },
    writeFile: async (path, data) => {
      if (!ctx.fs.write(abs(path), text(data), false)) throw Object.assign(new Error(`EROFS: read-only file system, open '${path}'`), { code: 'EROFS' });
    },
    mkdir: async (path) => {
      const parts = abs(path).split('/').filter(Boolean);
      for (let i = 1; i <= parts.length; i++) {
        const p = `/${parts.slice(0, i).join('/')}`;
        if (ctx.fs.list(p) === undefined) ctx.fs.mkdir?.(p);
      }
    },
    rename: async (from, to) => {
      const content = ctx.fs.read(abs(from));
      if (content === undefined) throw enoent(from);
      ctx.fs.write(abs(to), content, false);
      ctx.fs.remove?.(abs(from));
    },
    unlink: async (path) => void ctx.fs.remove?.(abs(path)),
    stat: async (path) => {
      const p = abs(path);
      const content = ctx.fs.read(p);
      if (content !== undefined) return { isFile: true, isDirectory: false, mtimeMs: ctx.now().getTime(), size: Buffer.byteLength(content) };
      if (ctx.fs.list(p) !== undefined) return { isFile: false, isDirectory: true, mtimeMs: ctx.now().getTime(), size: 4096 };
      return undefined;
    },
    readdir: async (path) => {
      const entries = ctx.fs.list(abs(path));
      if (entries === undefined) throw enoent(path);
      return entries;
    },
    run: async (command): Promise<ProcessResult> => ({
      code: null,
      signal: null,
      stdout: '',
      stderr: '',
      spawnError: Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' }),
    }),
    runAttached: (command): AttachedProcess => noProcesses(command),
    onInterrupt: (handler) => {
      const onAbort = () => handler('SIGTERM');
      ctx.signal.addEventListener('abort', onAbort);
      return () => ctx.signal.removeEventListener('abort', onAbort);
    },
  };
}

/** The `kcurl` program of the sandbox's containers. */
const inPodKcurl: Utility = async (ctx) => {
  const { main } = await import('../../main.js');
  const network = ctx.network;
  return main(ctx.args, podIo(ctx), {
    transport: async (creds) =>
      (await import('../../http/undici-transport.js')).createUndiciTransport(creds, {
        route: (host, port) => network?.hostAddress?.(host, port),
      }),
  });
};

/**
 * The programs a sandbox started by kcurl adds to its containers' userland: `kcurl` itself, with the pod's view.
 * Every sandbox that stands for `kcurl sandbox` (the command, `kcurl demo`, the tests' sandboxes) passes this as
 * `containerPrograms`, so a pod behaves the same in each.
 */
export function sandboxContainerPrograms(): ReadonlyMap<string, Utility> {
  return new Map([['kcurl', inPodKcurl]]);
}
