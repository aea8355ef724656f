// kubectl scale and kcurl scale, row by row: the same GET and scale PATCH, the same result lines, and a
// snippet that reaches the same outcome from the same starting state.
import { defineRowSuites } from './harness.js';
import { SCALE_FILES, SCALE_NS, SCALE_ROWS } from './table-scale.js';

defineRowSuites(
  { namespaces: [SCALE_NS], prepare: (env) => Object.entries(SCALE_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'scale: kcurl sends and prints what kubectl v1.32 does', rows: SCALE_ROWS },
);
