// kcurl's entry point: parse → command → exit code. Never exits the process itself.
import { formatError } from './errors.js';
import type { Io } from './io.js';
import { parseArgs } from './cli/parse.js';
import { type GlobalOptions, KCURL_VERSION, Session } from './cli/session.js';
import { commandLineText } from './render/command-line.js';
import type { ConnectionFlags } from './kube/credentials-types.js';

export { systemIo } from './io.js';

function connectionFlags(f: Record<string, unknown>): ConnectionFlags {
  return {
    kubeconfig: f.kubeconfig as string | undefined,
    context: f.context as string | undefined,
    cluster: f.cluster as string | undefined,
    user: f.user as string | undefined,
    namespace: f.namespace as string | undefined,
    server: f.server as string | undefined,
    token: f.token as string | undefined,
    certificateAuthority: f.certificateAuthority as string | undefined,
    clientCertificate: f.clientCertificate as string | undefined,
    clientKey: f.clientKey as string | undefined,
    insecureSkipTlsVerify: f.insecureSkipTlsVerify as boolean | undefined,
    tlsServerName: f.tlsServerName as string | undefined,
    requestTimeout: f.requestTimeout as string | undefined,
    username: f.username as string | undefined,
    password: f.password as string | undefined,
    as: f.as as string | undefined,
    asGroup: f.asGroup as string[] | undefined,
    asUid: f.asUid as string | undefined,
    inCluster: f.inCluster as boolean | undefined,
    tokenFromSecret: f.tokenFromSecret as string | undefined,
  };
}

export async function main(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  let session: Session | undefined;
  try {
    const parsed = parseArgs(argv);
    if (parsed.help || !parsed.command) {
      const { renderHelp } = await import('./cli/help.js');
      io.stdout.write(await renderHelp(parsed.sub ?? parsed.command, 100));
      return parsed.help ? 0 : 1;
    }
    const f = parsed.flags;
    const global: GlobalOptions = {
      connection: connectionFlags(f),
      verbosity: (f.v as number | undefined) ?? 0,
      showCurl: f.showCurl as 'script' | 'line' | undefined,
      offline: Boolean(f.offline),
      reveal: Boolean(f.reveal),
      quiet: Boolean(f.quiet),
      debug,
      cacheDir: f.cacheDir as string | undefined,
      record: f.record as string | undefined,
    };
    session = new Session(io, global, commandLineText(['kcurl', ...argv]));
    switch (parsed.command.name) {
      case 'get': {
        const { runGet } = await import('./commands/get/run.js');
        return await runGet(session, parsed.positionals, f);
      }
      case 'describe': {
        const { runDescribe } = await import('./commands/describe/run.js');
        return await runDescribe(session, parsed.positionals, f);
      }
      case 'token': {
        const { runToken } = await import('./commands/token/run.js');
        return await runToken(session, f);
      }
      case 'sandbox': {
        if (parsed.sub?.name === 'exec') {
          const { runSandboxExec } = await import('./commands/sandbox/exec.js');
          return await runSandboxExec(session, parsed.positionals.slice(1), parsed.rest, f);
        }
        const { runSandboxCommand } = await import('./sandbox/command.js');
        return await runSandboxCommand(io, {
          port: f.port as number,
          address: f.address as string,
          kubeconfig: f.kubeconfig as string | undefined,
          state: f.state as string | undefined,
          nodes: f.nodes as number,
          debug,
        });
      }
      case 'demo': {
        const { runDemo } = await import('./commands/demo/run.js');
        const { checkNodeCount } = await import('./sandbox/command.js');
        const nodes = checkNodeCount(f.nodes);
        return await runDemo(io, { pause: Boolean(f.pause), nodes, kcurlCommand: [process.execPath, process.argv[1] ?? 'kcurl'], waitForEnter: async () => void (await io.readLine()) }, main);
      }
      case 'proxy': {
        const { runProxy } = await import('./commands/proxy/run.js');
        return await runProxy(session, f, parsed.given);
      }
      case 'record': {
        const { runRecord } = await import('./commands/record/run.js');
        return await runRecord(session, parsed.positionals, parsed.rest);
      }
      case 'replay': {
        const { runReplay } = await import('./commands/replay/run.js');
        return await runReplay(session, parsed.positionals, f);
      }
      case 'logs': {
        const { runLogs } = await import('./commands/logs/run.js');
        return await runLogs(session, parsed.positionals, f);
      }
      case 'auth': {
        const { runAuth } = await import('./commands/auth/can-i.js');
        return await runAuth(session, parsed.positionals, f);
      }
      case 'api-versions': {
        const { runApiVersions } = await import('./commands/api-resources/run.js');
        return await runApiVersions(session, parsed.positionals);
      }
      case 'api-resources': {
        const { runApiResources } = await import('./commands/api-resources/run.js');
        return await runApiResources(session, parsed.positionals, f);
      }
      case 'apply': {
        const { runApply } = await import('./commands/apply/run.js');
        return await runApply(session, parsed.positionals, f, parsed.given);
      }
      case 'create': {
        // `create -f`; the `create token` sub-command (parsed.sub) is dispatched to its own module.
        if (parsed.sub?.name === 'token') {
          const { runCreateToken } = await import('./commands/create/token.js');
          return await runCreateToken(session, parsed.positionals, f);
        }
        const { runCreate } = await import('./commands/create/run.js');
        return await runCreate(session, parsed.positionals, f, parsed.given);
      }
      case 'delete': {
        const { runDelete } = await import('./commands/delete/run.js');
        return await runDelete(session, parsed.positionals, f, parsed.given);
      }
      case 'version':
        io.stdout.write(`kcurl ${KCURL_VERSION}\n`);
        return 0;
      default:
        return 1;
    }
  } catch (err) {
    io.stderr.write(formatError(err, { debug }) + '\n');
    return 1;
  } finally {
    await session?.close();
  }
}

