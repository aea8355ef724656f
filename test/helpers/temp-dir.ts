// Temporary directories for tests (HOMEs, work directories, state files), removed when the test file ends:
// importing this module registers one afterAll that deletes every directory tempDir() made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the system's temporary directory, named `<prefix>XXXXXX`; removed after the file's tests. */
export function tempDir(prefix = 'kcurl-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
