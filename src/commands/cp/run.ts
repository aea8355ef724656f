// kcurl cp: kubectl cp's exec sessions (pkg/cmd/cp/cp.go), each the pod GET then a WebSocket exec. Into a pod:
// `test -d DEST` (a directory gets the source's name appended), then `tar -xmf - -C DIR` with kubectl's tar
// stream on stdin. Out of a pod: `tar cf - PATH`, unpacked locally with the path's prefix taken off.
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import { KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { refuseOffline } from '../../plan/run-plan.js';
import { objectStep } from '../logs/plan.js';
import { defaultContainer, readPod, refuseOtherLanguages, resultOf, streamSession } from '../exec/run.js';
import type { CpFlags } from '../exec/flags.js';
import { type TarEntry, type TarWriteEntry, readTar, tarComplete, writeTar } from '../../archive/tar.js';

type Obj = Record<string, any>;

interface FileSpec {
  namespace?: string;
  pod?: string;
  file: string;
}

/** extractFileSpec: `[NAMESPACE/]POD:PATH` names a file in a pod, anything else a local one. */
export function fileSpec(arg: string): FileSpec {
  const colon = arg.indexOf(':');
  if (colon < 0) return { file: arg };
  const podPart = arg.slice(0, colon);
  const file = arg.slice(colon + 1);
  const parts = podPart.split('/');
  if (parts.length === 1) return { pod: parts[0], file };
  if (parts.length === 2) return { namespace: parts[0], pod: parts[1], file };
  throw new KcurlError('KCURL_USAGE', `invalid file spec: ${arg}: expected [NAMESPACE/]POD:PATH or a local path`);
}

export async function runCp(session: Session, positionals: string[], flags: CpFlags): Promise<number> {
  refuseOffline(session, 'kcurl cp runs several execs whose requests depend on the answers (test -d, then tar); it has no --offline form');
  refuseOtherLanguages(session, 'cp');
  if (positionals.length !== 2) throw usageError('source and destination are required', "See 'kcurl cp -h' for help and examples");
  const src = fileSpec(positionals[0]);
  const dest = fileSpec(positionals[1]);
  if (src.pod && dest.pod) throw new KcurlError('KCURL_USAGE', 'one of src or dest must be a local file specification');
  if (!src.file || !dest.file) throw new KcurlError('KCURL_USAGE', 'filepath can not be empty');
  if (src.pod) return copyFromPod(session, src, dest.file, flags);
  if (dest.pod) return copyToPod(session, src.file, dest, flags);
  throw new KcurlError('KCURL_USAGE', 'one of src or dest must be a remote file specification');
}

/** One exec of kubectl cp: the pod GET and the upgrade; stdout and stderr where the caller wants them. */
async function execIn(
  session: Session,
  remote: FileSpec,
  flags: CpFlags,
  command: string[],
  opts: { stdin?: Buffer; stdout(b: Uint8Array): void; stderr(b: Uint8Array): void; announceDefault: boolean },
): Promise<Obj | undefined> {
  const creds = await session.credentials();
  const namespace = remote.namespace ?? creds.namespace.value;
  const resource = (await session.resolveTypes(['pods']))[0];
  const lookup = objectStep(resource, namespace, remote.pod!);
  lookup.purpose = `get pod "${remote.pod}" (kubectl reads it to choose the container)`;
  const { obj, lookups } = await readPod(session, 'kubectl cp', lookup, namespace);
  const silent = { ...session.io, stderr: { write: () => true } } as unknown as Session['io'];
  const container = flags.container || defaultContainer(opts.announceDefault ? session.io : silent, obj);
  const input = opts.stdin;
  return streamSession(
    session,
    'kubectl cp',
    { subresource: 'exec', namespace, pod: remote.pod!, container, command, stdin: input !== undefined, tty: false },
    lookups,
    {
      stdout: opts.stdout,
      stderr: opts.stderr,
      stdin: input
        ? {
            chunks: (async function* () {
              yield input;
            })(),
            stop: () => {},
          }
        : undefined,
    },
  );
}

async function copyToPod(session: Session, local: string, dest: FileSpec, flags: CpFlags): Promise<number> {
  const io = session.io;
  const path = resolve(io.cwd, local);
  const st = await io.stat(path);
  if (!st) throw new KcurlError('KCURL_USAGE', `${local} doesn't exist in local filesystem`);
  let destFile = dest.file;
  // checkDestinationIsDir: `test -d DEST`; its output is kept from the user, a failure only means "not a directory".
  try {
    const status = await execIn(session, dest, flags, ['test', '-d', destFile], { stdout: () => {}, stderr: () => {}, announceDefault: false });
    if (!status || status.status === 'Success') destFile = posix.join(destFile, basename(path));
  } catch {
    // not a directory, or no pod: the tar exec reports it
  }
  const entries: TarWriteEntry[] = [];
  await collect(session, path, st.isDirectory, posix.basename(destFile), entries);
  const command = flags.noPreserve ? ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-'] : ['tar', '-xmf', '-'];
  const destDir = posix.dirname(destFile);
  if (destDir) command.push('-C', destDir);
  const status = await execIn(session, dest, flags, command, {
    stdin: writeTar(entries, { longNames: 'gnu' }),
    stdout: (b) => io.stdout.write(b),
    stderr: (b) => io.stderr.write(b),
    announceDefault: true,
  });
  return resultOf(session, status);
}

/** makeTar's recursiveTar: files under their path below the destination's directory; an empty directory as itself. */
async function collect(session: Session, path: string, isDir: boolean, name: string, out: TarWriteEntry[]): Promise<void> {
  const io = session.io;
  const st = await io.stat(path);
  const mtimeSeconds = Math.floor((st?.mtimeMs ?? 0) / 1000);
  if (!isDir) {
    out.push({ name, type: 'file', mode: 0o644, mtimeSeconds, data: await io.readFile(path) });
    return;
  }
  const children = (await io.readdir(path)).sort();
  if (children.length === 0) {
    out.push({ name, type: 'dir', mode: 0o755, mtimeSeconds, data: Buffer.alloc(0) });
    return;
  }
  for (const child of children) {
    const childPath = join(path, child);
    const cst = await io.stat(childPath);
    if (!cst) continue;
    await collect(session, childPath, cst.isDirectory, posix.join(name, child), out);
  }
}

async function copyFromPod(session: Session, src: FileSpec, local: string, flags: CpFlags): Promise<number> {
  const io = session.io;
  const chunks: Buffer[] = [];
  let bytesRead = 0;
  let retries = 0;
  // kubectl's TarPipe: with --retries (not 0) the exec is `sh -c "tar cf - PATH | tail -c+N"`, so that a stream
  // that ends before the archive does is resumed past the bytes already read: each time the tar reader asks for
  // more and the stream has ended, a new exec starts at bytesRead+1, up to --retries times (-1: no limit).
  for (let from = 0; ; from = bytesRead + 1) {
    const command = flags.retries !== 0 ? ['sh', '-c', `tar cf - ${src.file} | tail -c+${from}`] : ['tar', 'cf', '-', src.file];
    // The container's stderr goes to kubectl's stdout (its IOStreams.Out); the command's exit code is not looked at.
    await execIn(session, src, flags, command, {
      stdout: (b) => {
        chunks.push(Buffer.from(b));
        bytesRead += b.length;
      },
      stderr: (b) => io.stdout.write(b),
      announceDefault: true,
    });
    if (flags.retries === 0 || tarComplete(Buffer.concat(chunks))) break;
    if (flags.retries > 0 && retries >= flags.retries) {
      // fmt.Printf: kubectl writes these on its own stdout.
      io.stdout.write(`Dropping out copy after ${retries} retries\n`);
      break;
    }
    retries++;
    io.stdout.write(`Resuming copy at ${bytesRead} bytes, retry ${retries}/${flags.retries}\n`);
  }
  const archive = Buffer.concat(chunks);
  if (archive.length === 0) return 0;
  // untarAll: each name must start with the source path's prefix (slashes and ../ taken off), which is replaced by DEST.
  const prefix = stripPathShortcuts(posix.normalize(src.file.replace(/^\/+/, '')).replace(/\/+$/, ''));
  const dest = resolve(io.cwd, local);
  let entries: TarEntry[];
  try {
    entries = readTar(archive);
  } catch (e) {
    throw new KcurlError('KCURL_NETWORK', `archive/tar: ${(e as Error).message}`);
  }
  for (const e of entries) {
    if (!e.name.startsWith(prefix)) throw new KcurlError('KCURL_NETWORK', `tar contents corrupted`);
    const target = join(dest, e.name.slice(prefix.length));
    const rel = relative(dirname(dest), target);
    if (rel.startsWith('..')) {
      io.stderr.write(`warning: file "${target}" is outside target destination, skipping\n`);
      continue;
    }
    if (e.type === 'dir') await io.mkdir(target);
    else if (e.type === 'symlink') io.stderr.write(`warning: skipping symlink: "${target}" -> (kcurl does not create links)\n`);
    else if (e.type === 'file') {
      await io.mkdir(dirname(target));
      await io.writeFile(target, e.data);
    }
  }
  return 0;
}

/** kubectl cp's stripPathShortcuts: leading ../ and ./ parts removed. */
function stripPathShortcuts(p: string): string {
  let out = p;
  while (out.startsWith('../') || out.startsWith('./')) out = out.startsWith('../') ? out.slice(3) : out.slice(2);
  return out === '..' || out === '.' ? '' : out;
}
