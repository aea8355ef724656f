// Wire-identity rows for `explain`: GET /openapi/v3, then the group-version document at the hash-addressed URL
// the index names (both compared, unlike in other rows), and the text kubectl renders from it.
import type { WireRow } from './harness.js';

const openApi = { openApi: true } as const;

export const EXPLAIN_ROWS: WireRow[] = [
  { args: ['explain', 'pods'], ...openApi },
  { args: ['explain', 'deployment.spec.replicas'], ...openApi, note: 'a field of a group resource' },
  { args: ['explain', 'deployments.apps.spec.strategy'], ...openApi, note: 'resource.group prefix, enum values' },
  { args: ['explain', 'pods.spec.containers'], ...openApi, note: 'a list of objects' },
  { args: ['explain', 'pods.spec.containers.ports', '--recursive'], ...openApi },
  { args: ['explain', 'deploy', '--recursive'], ...openApi },
  { args: ['explain', 'cronjobs', '--api-version=batch/v1'], ...openApi },
  { args: ['explain', 'nodes.status'], ...openApi, note: 'cluster-scoped' },
  { args: ['explain', 'crd.spec.versions'], ...openApi, note: 'apiextensions' },
  { args: ['explain', 'pods.spec.nope'], ...openApi, exitCode: 1, note: 'no such field: the header, then the error' },
  { args: ['explain', 'deploy', '--api-version=apps/v2'], ...openApi, exitCode: 1, note: 'no such group-version: the index only' },
];
