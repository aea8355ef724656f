// kubectl wait and kcurl wait, row by row: the same GETs and LISTs, the informer's list and watch per object,
// the same "condition met" lines and errors, and a snippet that makes the same requests.
import { defineRowSuites } from './harness.js';
import { WAIT_NS, WAIT_ROWS } from './table-wait.js';

defineRowSuites({ namespaces: [WAIT_NS] }, { title: 'wait: kcurl sends and prints what kubectl v1.32 does', rows: WAIT_ROWS });
