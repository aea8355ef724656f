// kcurl's entry point: parse → the command's registry entry (src/cli/registry.ts) → exit code. Never exits
// the process itself.
import { formatError } from './errors.js';
import type { Io } from './io.js';
import { parseArgs } from './cli/parse.js';
import { type GlobalOptions, Session, type SessionDeps } from './cli/session.js';
import type { GlobalFlags } from './cli/spec.js';
import { commandLineText } from './render/command-line.js';
import { type ShowSpec, parseShow } from './snippet/lang/show.js';
import type { ConnectionFlags } from './kube/credentials-types.js';

export { systemIo } from './io.js';

function connectionFlags(f: GlobalFlags): ConnectionFlags {
  return {
    kubeconfig: f.kubeconfig,
    context: f.context,
    cluster: f.cluster,
    // create rolebinding's own --user (a list of subjects) shadows the global one, as in kubectl.
    user: typeof f.user === 'string' ? f.user : undefined,
    namespace: f.namespace,
    server: f.server,
    token: f.token,
    certificateAuthority: f.certificateAuthority,
    clientCertificate: f.clientCertificate,
    clientKey: f.clientKey,
    insecureSkipTlsVerify: f.insecureSkipTlsVerify,
    tlsServerName: f.tlsServerName,
    requestTimeout: f.requestTimeout,
    username: f.username,
    password: f.password,
    as: f.as,
    asGroup: f.asGroup,
    asUid: f.asUid,
    inCluster: f.inCluster,
    tokenFromSecret: f.tokenFromSecret,
  };
}

/** deps: what tests inject instead of the real thing (the HTTP transport); production passes none. */
export async function main(argv: string[], io: Io, deps: SessionDeps = {}): Promise<number> {
  const debug = argv.includes('--debug');
  let session: Session | undefined;
  try {
    // The shell completion callback reads half-typed command lines, which the parser would refuse.
    if (argv[0] === '__complete') {
      const { runComplete } = await import('./commands/completion/complete.js');
      return await runComplete(argv.slice(1), io);
    }
    const parsed = parseArgs(argv);
    if (parsed.help || !parsed.command) {
      const { renderHelp } = await import('./cli/help.js');
      io.stdout.write(await renderHelp(parsed.sub ?? parsed.command, 100));
      return parsed.help ? 0 : 1;
    }
    // Every global flag is in parsed.flags (the parser fills in defaults), so this view of them is exact.
    const f = parsed.flags as GlobalFlags;
    const global: GlobalOptions = {
      connection: connectionFlags(f),
      verbosity: f.v,
      ...showOptions(parseShow(f.show, f.showCurl)),
      offline: f.offline,
      reveal: f.reveal,
      quiet: f.quiet,
      explain: f.explain,
      debug,
      cacheDir: f.cacheDir,
      record: f.record,
    };
    session = new Session(io, global, commandLineText(['kcurl', ...argv]), deps);
    const command = parsed.sub ?? parsed.command;
    const code = await command.run({
      session,
      io,
      positionals: parsed.positionals,
      opts: parsed.flags,
      given: parsed.given,
      rest: parsed.rest,
      debug,
      main,
      kcurlCommand: io.selfCommand,
    });
    // A command that reported a server error itself (get, apply, delete) still gets its lesson.
    if (code !== 0 && session.failures.length) await teach(io, argv, undefined, session);
    return code;
  } catch (err) {
    io.stderr.write(formatError(err, { debug }) + '\n');
    await teach(io, argv, err, session);
    return 1;
  } finally {
    await session?.close();
  }
}

/**
 * After kubectl's own error line, a short lesson (src/explain/lessons.ts, loaded only then) when stderr is a
 * terminal or --explain was given; never otherwise, so scripts see kubectl's text alone.
 */
async function teach(io: Io, argv: string[], err: unknown, session: Session | undefined): Promise<void> {
  // Before parsing succeeded there are no parsed flags: the word on the command line is all there is.
  const explain = session ? Boolean(session.options.explain) : argv.includes('--explain');
  if (!io.isStderrTTY && !explain) return;
  try {
    const { renderLesson } = await import('./explain/lessons.js');
    const creds = await session?.credentials().catch(() => undefined);
    io.stderr.write(renderLesson({ argv, err, failures: session?.failures ?? [], creds }));
  } catch {
    // A lesson is a courtesy: it never hides the error it follows.
  }
}

/** The curl form and the other programs of --show / --show-curl. */
function showOptions(specs: ShowSpec[]): Pick<GlobalOptions, 'showCurl' | 'showPrograms'> {
  const curl = specs.find((s) => s.lang === 'curl');
  const programs = specs.filter((s) => s.lang !== 'curl');
  return {
    ...(curl ? { showCurl: curl.form as 'readable' | 'script' | 'line' } : {}),
    ...(programs.length ? { showPrograms: programs } : {}),
  };
}
