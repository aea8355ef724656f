// kubectl label/annotate and kcurl's, row by row: the same GET and merge PATCH, the same result lines, and a
// snippet that reaches the same outcome from the same starting state.
import { defineRowSuites } from './harness.js';
import { LABEL_FILES, LABEL_NS, LABEL_ROWS } from './table-label.js';

defineRowSuites(
  { namespaces: [LABEL_NS], prepare: (env) => Object.entries(LABEL_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'label, annotate: kcurl sends and prints what kubectl v1.32 does', rows: LABEL_ROWS },
);
