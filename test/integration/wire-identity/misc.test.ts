// kubectl and kcurl, row by row, for create token, auth can-i, api-versions and api-resources: the same requests on
// the wire (protobuf bodies decoded), the same output, and a snippet that receives what kcurl received.
import { defineRowSuites } from './harness.js';
import { MISC_NS, MISC_ROWS, TOKEN_ROWS, seedMisc } from './table-misc.js';

defineRowSuites(
  { namespaces: [MISC_NS], prepare: (env) => seedMisc(env.ops) },
  { title: 'create token: kcurl sends and prints what kubectl v1.32 does', rows: TOKEN_ROWS },
  { title: 'auth can-i, api-versions, api-resources: kcurl sends and prints what kubectl v1.32 does', rows: MISC_ROWS },
);
