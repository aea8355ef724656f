// kubectl logs and kcurl logs, row by row: the pod GET and the log GET with the same parameters, the same
// log text, and a snippet that receives the same log; the follow row streams a container until it ends.
import { defineRowSuites } from './harness.js';
import { LOGS_NS, LOGS_ROWS, seedLogs } from './table-logs.js';

defineRowSuites(
  { namespaces: [LOGS_NS], prepare: (env) => seedLogs(env.ops) },
  { title: 'logs: kcurl sends and prints what kubectl v1.32 does', rows: LOGS_ROWS },
);
