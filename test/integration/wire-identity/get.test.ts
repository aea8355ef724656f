// kubectl get and kcurl get, row by row: the same requests on the wire, the same output, and a snippet
// that receives what kcurl received.
import { defineRowSuites } from './harness.js';
import { GET_NS, GET_ROWS, seedGet } from './table-get.js';

defineRowSuites({ namespaces: [GET_NS], prepare: (env) => seedGet(env.ops) }, { title: 'get: kcurl sends and prints what kubectl v1.32 does', rows: GET_ROWS });
