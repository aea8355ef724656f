// kubectl edit and kcurl edit, row by row, with sed as the editor: the same GET and PATCH (a two-way strategic
// merge patch of what the editor changed), the same output, and a snippet that sends the same requests.
import { defineRowSuites } from './harness.js';
import { EDIT_FILES, EDIT_NS, EDIT_ROWS } from './table-edit.js';

defineRowSuites(
  { namespaces: [EDIT_NS], prepare: (env) => Object.entries(EDIT_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'edit: kcurl sends and prints what kubectl v1.32 does', rows: EDIT_ROWS },
);
