// kubectl set image and kcurl set image, row by row: the same GET and strategic merge PATCH, the same result
// lines, and a snippet that reaches the same outcome from the same starting state.
import { defineRowSuites } from './harness.js';
import { SET_FILES, SET_NS, SET_ROWS } from './table-set.js';

defineRowSuites(
  { namespaces: [SET_NS], prepare: (env) => Object.entries(SET_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'set image: kcurl sends and prints what kubectl v1.32 does', rows: SET_ROWS },
);
