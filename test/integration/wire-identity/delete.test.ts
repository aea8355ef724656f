// kubectl delete and kcurl delete, row by row, each from a fresh state: the same DELETE (body included)
// and the same wait, the same result lines, and a snippet that reaches the same outcome.
import { defineRowSuites } from './harness.js';
import { DELETE_FILES, DELETE_NS, DELETE_ROWS } from './table-delete.js';

defineRowSuites(
  { namespaces: [DELETE_NS], prepare: (env) => Object.entries(DELETE_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'delete: kcurl sends and prints what kubectl v1.32 does', rows: DELETE_ROWS },
);
