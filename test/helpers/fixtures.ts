// The one way tests read the repository's fixtures/ (real kube-apiserver captures, kubeconfigs, exec plugins,
// sandbox wire logs): paths are relative to fixtures/, e.g. fixtureJson('tables/pods.json').
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The repository's fixtures/ directory (absolute, no trailing slash). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures', import.meta.url));

/** The absolute path of `rel` under fixtures/ (for tests that hand a file path to kcurl or kubectl). */
export function fixturePath(rel = ''): string {
  return rel === '' ? FIXTURES_DIR : join(FIXTURES_DIR, rel);
}

/** A fixture's text; a `.gz` fixture is unzipped first. */
export function readFixture(rel: string): string {
  const raw = readFileSync(fixturePath(rel));
  return (rel.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

/** A fixture's bytes, as stored. */
export function readFixtureBytes(rel: string): Buffer {
  return readFileSync(fixturePath(rel));
}

/** A fixture's parsed JSON (`.json` or `.json.gz`). */
export function fixtureJson<T = any>(rel: string): T {
  return JSON.parse(readFixture(rel)) as T;
}
