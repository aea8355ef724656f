// kubectl explain and kcurl explain, row by row: the same OpenAPI v3 index and group-version document, the same
// text, and a snippet that reads the same documents.
import { defineRowSuites } from './harness.js';
import { EXPLAIN_ROWS } from './table-explain.js';

defineRowSuites({ namespaces: [] }, { title: 'explain: kcurl sends and prints what kubectl v1.32 does', rows: EXPLAIN_ROWS });
