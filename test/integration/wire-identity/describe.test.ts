// kubectl describe and kcurl describe, row by row: the same GETs (protobuf Accept and the events
// fieldSelector term order excepted), the same text, and a snippet that receives what kcurl received.
import { defineRowSuites } from './harness.js';
import { DESCRIBE_NS, DESCRIBE_ROWS, seedDescribe } from './table-describe.js';

defineRowSuites(
  { namespaces: [DESCRIBE_NS], prepare: (env) => seedDescribe(env.ops) },
  { title: 'describe: kcurl sends and prints what kubectl v1.32 does', rows: DESCRIBE_ROWS },
);
