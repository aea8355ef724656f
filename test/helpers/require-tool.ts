// Finds an external tool (curl, bash, openssl) that a test needs, or fails loudly: tests never skip.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Directories searched after $PATH, so a test run from a minimal environment still finds system tools. */
const SYSTEM_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];

/**
 * The absolute path of `name` (a command name, or an absolute path to check), or an Error saying which
 * tool is missing and how to get it.
 */
export function requireTool(name: string): string {
  if (name.includes('/')) {
    try {
      accessSync(name, constants.X_OK);
      return name;
    } catch {
      throw new Error(`required tool ${name} is missing or not executable — these tests must not be skipped`);
    }
  }
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  throw new Error(
    `required tool "${name}" was not found on PATH or in ${SYSTEM_DIRS.join(', ')}; ` +
      `install it (for example: apt-get install ${name}) — these tests must not be skipped`,
  );
}

/** kubectl v1.32 as pinned on the workshop machines; the `kubectl` on their PATH is a version dispatcher. */
export const PINNED_KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

/**
 * The kubectl binary tests drive: the pinned v1.32 when installed, otherwise `kubectl` from PATH.
 * A dispatcher kubectl sends an extra `GET /version` first; tests that count requests should drop it
 * (see `withoutVersionProbe`).
 */
export function requireKubectl(): string {
  try {
    return requireTool(PINNED_KUBECTL);
  } catch {
    return requireTool('kubectl');
  }
}

/** Drops the `GET /version` a kubectl version dispatcher sends before the command's own requests. */
export function withoutVersionProbe<T extends { method: string; target: string }>(requests: T[]): T[] {
  return requests.filter((r) => !(r.method === 'GET' && r.target === '/version'));
}
