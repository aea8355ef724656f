// kubectl apply/create -f and kcurl apply/create -f, row by row, each from a fresh state: the same GETs,
// POSTs and PATCHes (bodies compared by value), the same result lines, and a snippet that reaches the
// same outcome when bash runs it against the same starting state.
import { defineRowSuites } from './harness.js';
import { APPLY_FILES, APPLY_NS, APPLY_ROWS } from './table-apply.js';

defineRowSuites(
  { namespaces: [APPLY_NS], prepare: (env) => Object.entries(APPLY_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'apply and create -f: kcurl sends and prints what kubectl v1.32 does', rows: APPLY_ROWS },
);
