// kubectl rollout and kcurl rollout, row by row: the same GETs, informer list and watch, revision lists and
// PATCHes, the same lines, and a snippet that reaches the same outcome from the same starting state.
import { defineRowSuites } from './harness.js';
import { ROLLOUT_FILES, ROLLOUT_NS, ROLLOUT_ROWS } from './table-rollout.js';

defineRowSuites(
  { namespaces: [ROLLOUT_NS], prepare: (env) => Object.entries(ROLLOUT_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'rollout: kcurl sends and prints what kubectl v1.32 does', rows: ROLLOUT_ROWS },
);
