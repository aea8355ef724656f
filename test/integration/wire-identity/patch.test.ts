// kubectl patch and kcurl patch, row by row: the same GET and PATCH, the same result lines, and a snippet
// that reaches the same outcome from the same starting state.
import { defineRowSuites } from './harness.js';
import { PATCH_FILES, PATCH_NS, PATCH_ROWS } from './table-patch.js';

defineRowSuites(
  { namespaces: [PATCH_NS], prepare: (env) => Object.entries(PATCH_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'patch: kcurl sends and prints what kubectl v1.32 does', rows: PATCH_ROWS },
);
