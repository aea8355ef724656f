// Every wire-identity table that a test file runs, by command group: the docs table is generated from it.
import type { WireRow } from './harness.js';
import { APPLY_ROWS } from './table-apply.js';
import { CREATE_DRY_RUN_ROWS, CREATE_ROWS } from './table-create.js';
import { CREATE_RBAC_DRY_RUN_ROWS, CREATE_RBAC_ROWS } from './table-create-rbac.js';
import { RUN_ATTACH_ROWS, RUN_DRY_RUN_ROWS, RUN_OVERRIDES_ROWS, RUN_ROWS } from './table-run.js';
import { EXPOSE_ROWS } from './table-expose.js';
import { CLUSTER_INFO_DUMP_ROWS, CLUSTER_INFO_ROWS } from './table-cluster-info.js';
import { DELETE_ROWS } from './table-delete.js';
import { LABEL_ROWS } from './table-label.js';
import { PATCH_ROWS } from './table-patch.js';
import { SCALE_ROWS } from './table-scale.js';
import { SET_ROWS } from './table-set.js';
import { DESCRIBE_ROWS } from './table-describe.js';
import { GET_ROWS } from './table-get.js';
import { WATCH_ROWS } from './table-get-watch.js';
import { LOGS_ROWS } from './table-logs.js';
import { MISC_ROWS, TOKEN_ROWS } from './table-misc.js';
import { ROLLOUT_ROWS } from './table-rollout.js';
import { WAIT_CREATE_ROWS, WAIT_ROWS } from './table-wait.js';
import { EXPLAIN_ROWS } from './table-explain.js';
import { ATTACH_ROWS, EXEC_ROWS } from './table-exec.js';
import { EDIT_ROWS } from './table-edit.js';
import { PORT_FORWARD_ROWS } from './table-port-forward.js';

export const TABLES: { group: string; file: string; rows: WireRow[] }[] = [
  { group: 'get', file: 'get.test.ts', rows: GET_ROWS },
  { group: 'get --watch', file: 'get-watch.test.ts', rows: WATCH_ROWS },
  { group: 'apply, create -f', file: 'apply.test.ts', rows: APPLY_ROWS },
  { group: 'create configmap, secret, namespace, serviceaccount, deployment, service', file: 'create.test.ts', rows: CREATE_ROWS },
  { group: 'create … --dry-run=client', file: 'create.test.ts', rows: CREATE_DRY_RUN_ROWS },
  { group: 'create role, clusterrole, rolebinding, clusterrolebinding', file: 'create-rbac.test.ts', rows: CREATE_RBAC_ROWS },
  { group: 'create role … --dry-run=client, refusals', file: 'create-rbac.test.ts', rows: CREATE_RBAC_DRY_RUN_ROWS },
  { group: 'run', file: 'run.test.ts', rows: RUN_ROWS },
  { group: 'run --dry-run=client, refusals', file: 'run.test.ts', rows: RUN_DRY_RUN_ROWS },
  { group: 'run --overrides', file: 'run.test.ts', rows: RUN_OVERRIDES_ROWS },
  { group: 'run -i/--attach, --rm', file: 'run.test.ts', rows: RUN_ATTACH_ROWS },
  { group: 'expose', file: 'expose.test.ts', rows: EXPOSE_ROWS },
  { group: 'cluster-info', file: 'cluster-info.test.ts', rows: CLUSTER_INFO_ROWS },
  { group: 'cluster-info dump', file: 'cluster-info.test.ts', rows: CLUSTER_INFO_DUMP_ROWS },
  { group: 'label, annotate', file: 'label.test.ts', rows: LABEL_ROWS },
  { group: 'scale', file: 'scale.test.ts', rows: SCALE_ROWS },
  { group: 'patch', file: 'patch.test.ts', rows: PATCH_ROWS },
  { group: 'set image', file: 'set.test.ts', rows: SET_ROWS },
  { group: 'delete', file: 'delete.test.ts', rows: DELETE_ROWS },
  { group: 'logs', file: 'logs.test.ts', rows: LOGS_ROWS },
  { group: 'describe', file: 'describe.test.ts', rows: DESCRIBE_ROWS },
  { group: 'exec', file: 'exec.test.ts', rows: EXEC_ROWS },
  { group: 'attach', file: 'exec.test.ts', rows: ATTACH_ROWS },
  { group: 'port-forward', file: 'port-forward.test.ts', rows: PORT_FORWARD_ROWS },
  { group: 'create token', file: 'misc.test.ts', rows: TOKEN_ROWS },
  { group: 'auth can-i, api-versions, api-resources', file: 'misc.test.ts', rows: MISC_ROWS },
  { group: 'rollout status, history, undo, restart, pause, resume', file: 'rollout.test.ts', rows: ROLLOUT_ROWS },
  { group: 'wait', file: 'wait.test.ts', rows: WAIT_ROWS },
  { group: 'wait --for=create', file: 'wait.test.ts', rows: WAIT_CREATE_ROWS },
  { group: 'explain', file: 'explain.test.ts', rows: EXPLAIN_ROWS },
  { group: 'edit', file: 'edit.test.ts', rows: EDIT_ROWS },
];
