// kubectl run and kcurl run, row by row: the same Pod (and Service) POSTs, the same result lines and errors, and the
// same objects printed by --dry-run=client.
import { defineRowSuites } from './harness.js';
import { RUN_ATTACH_ROWS, RUN_DRY_RUN_ROWS, RUN_NS, RUN_OVERRIDES_ROWS, RUN_ROWS } from './table-run.js';

defineRowSuites(
  { namespaces: [RUN_NS] },
  { title: 'run: kcurl sends and prints what kubectl v1.32 does', rows: RUN_ROWS },
  { title: 'run --dry-run=client: kcurl prints the objects kubectl v1.32 builds, or refuses as it does', rows: RUN_DRY_RUN_ROWS },
  { title: 'run --overrides: kcurl patches the Pod as kubectl v1.32 does', rows: RUN_OVERRIDES_ROWS },
  { title: 'run -i/--attach: kcurl sends and prints what kubectl v1.32 does', rows: RUN_ATTACH_ROWS },
);
