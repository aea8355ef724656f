// kubectl cluster-info and kcurl cluster-info, row by row: the same list request, the same text and errors.
import { defineRowSuites } from './harness.js';
import { CLUSTER_INFO_NS, CLUSTER_INFO_ROWS, seedClusterInfo } from './table-cluster-info.js';

defineRowSuites(
  { namespaces: [CLUSTER_INFO_NS], prepare: (env) => seedClusterInfo(env.ops) },
  { title: 'cluster-info: kcurl sends and prints what kubectl v1.32 does', rows: CLUSTER_INFO_ROWS },
);
