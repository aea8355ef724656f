// Wire-identity rows for `create token`, `auth can-i`, `api-versions` and `api-resources`.
import type { SandboxOps, WireRow } from './harness.js';

export const MISC_NS = 'wire-misc';

export async function seedMisc(ops: SandboxOps): Promise<void> {
  await ops.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: MISC_NS } });
}

// A TokenRequest's token is new every time: compare its shape, not its value.
const jwt = (s: string) => s.replace(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g, '<token>');
const n = ['-n', MISC_NS];

export const TOKEN_ROWS: WireRow[] = [
  { args: ['create', 'token', 'builder', ...n], protobuf: true, mutating: true, normalise: jwt, note: 'the issued token is compared by shape' },
  {
    args: ['create', 'token', 'builder', '--duration=10m', '--audience=https://example.test', ...n],
    protobuf: true,
    mutating: true,
    normalise: jwt,
    note: 'the issued token is compared by shape',
  },
];

export const MISC_ROWS: WireRow[] = [
  { args: ['auth', 'can-i', 'list', 'pods', ...n], protobuf: true },
  { args: ['auth', 'can-i', 'create', 'deployments.apps', ...n], protobuf: true },
  { args: ['auth', 'can-i', 'get', 'secrets', '--as=jane', ...n], protobuf: true, exitCode: 1 },
  { args: ['api-versions'], coldDiscovery: true },
  { args: ['api-resources'], coldDiscovery: true },
  { args: ['api-resources', '--namespaced=false', '-o', 'wide'], coldDiscovery: true },
];
