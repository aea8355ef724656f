// kubectl get --watch and kcurl get --watch, row by row: the list, then the watch from its resourceVersion
// (a ConfigMap arrives while each client watches), the same output, and a snippet that watches from its
// own list's resourceVersion and ends at --request-timeout.
import { expect } from 'vitest';
import { defineRowSuites } from './harness.js';
import { WATCH_NS, WATCH_ROWS, seedWatch } from './table-get-watch.js';

defineRowSuites(
  { namespaces: [WATCH_NS], prepare: (env) => seedWatch(env.ops) },
  {
    title: 'get --watch: kcurl sends and prints what kubectl v1.32 does',
    rows: WATCH_ROWS,
    check: (result) => {
      // The snippet ended by itself at --request-timeout: curl --max-time, exit 28 ("Operation timed out").
      expect(result.snippetRun.out.signal).toBeNull();
      expect(result.snippetRun.out.code).toBe(28);
    },
  },
);
