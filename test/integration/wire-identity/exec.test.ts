// kubectl exec / attach and kcurl exec / attach, row by row: the pod GET and the WebSocket upgrade with the same
// query (and kubectl's SPDY fallback when it is refused), the same output and exit code, and a snippet whose
// python3-websocket client makes the same upgrade.
import { defineRowSuites } from './harness.js';
import { ATTACH_ROWS, EXEC_NS, EXEC_ROWS, seedExec } from './table-exec.js';

defineRowSuites(
  { namespaces: [EXEC_NS], prepare: (env) => seedExec(env.ops) },
  { title: 'exec: kcurl sends and prints what kubectl v1.32 does', rows: EXEC_ROWS },
  { title: 'attach: kcurl sends and prints what kubectl v1.32 does', rows: ATTACH_ROWS },
);
