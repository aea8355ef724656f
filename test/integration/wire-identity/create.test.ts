// kubectl create configmap|secret|namespace|serviceaccount|deployment and kcurl's, row by row: the same POST
// (protobuf decoded), the same result lines, and the same object printed by --dry-run=client.
import { defineRowSuites } from './harness.js';
import { CREATE_DRY_RUN_ROWS, CREATE_FILES, CREATE_NS, CREATE_ROWS } from './table-create.js';

defineRowSuites(
  { namespaces: [CREATE_NS], prepare: (env) => Object.entries(CREATE_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'create configmap, secret, namespace, serviceaccount, deployment: kcurl sends and prints what kubectl v1.32 does', rows: CREATE_ROWS },
  { title: 'create … --dry-run=client: kcurl prints the object kubectl v1.32 builds', rows: CREATE_DRY_RUN_ROWS },
);
