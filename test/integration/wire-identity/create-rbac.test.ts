// kubectl create role|clusterrole|rolebinding|clusterrolebinding and kcurl's, row by row: the same POST (protobuf
// decoded), the same result lines and errors, and the same object printed by --dry-run=client.
import { defineRowSuites } from './harness.js';
import { CREATE_RBAC_DRY_RUN_ROWS, CREATE_RBAC_ROWS, RBAC_NS } from './table-create-rbac.js';

defineRowSuites(
  { namespaces: [RBAC_NS] },
  { title: 'create role, clusterrole, rolebinding, clusterrolebinding: kcurl sends and prints what kubectl v1.32 does', rows: CREATE_RBAC_ROWS },
  { title: 'create role … --dry-run=client: kcurl prints the object kubectl v1.32 builds, or refuses as it does', rows: CREATE_RBAC_DRY_RUN_ROWS },
);
