// kubectl expose and kcurl expose, row by row: the same GET of the exposed object, the same Service POST, the same
// result lines and errors.
import { defineRowSuites } from './harness.js';
import { EXPOSE_FILES, EXPOSE_NS, EXPOSE_ROWS, seedExpose } from './table-expose.js';

defineRowSuites(
  {
    namespaces: [EXPOSE_NS],
    prepare: async (env) => {
      await seedExpose(env.ops);
      for (const [path, text] of Object.entries(EXPOSE_FILES)) env.writeFile(path, text);
    },
  },
  { title: 'expose: kcurl sends and prints what kubectl v1.32 does', rows: EXPOSE_ROWS },
);
