// kubectl wait and kcurl wait, row by row: the same GETs and LISTs, the informer's list and watch per object,
// the same "condition met" lines and errors, and a snippet that makes the same requests.
import { describe, expect, it } from 'vitest';
import { startProcess } from '../../helpers/spawn.js';
import { KCURL_BIN } from '../../helpers/run-kcurl.js';
import { PINNED_KUBECTL, requireTool } from '../../helpers/require-tool.js';
import { CLEAN_PATH } from '../../helpers/spawn.js';
import { eventually } from '../sandbox-helpers.js';
import { defineRowSuites } from './harness.js';
import { WAIT_CREATE_ROWS, WAIT_NS, WAIT_ROWS } from './table-wait.js';

const env = defineRowSuites(
  { namespaces: [WAIT_NS] },
  { title: 'wait: kcurl sends and prints what kubectl v1.32 does', rows: WAIT_ROWS },
  { title: 'wait --for=create: kcurl sends and prints what kubectl v1.32 does', rows: WAIT_CREATE_ROWS },
);

describe('wait --for=create while the object is created', () => {
  // How many 0.5 s rounds pass before the ConfigMap appears differs from run to run: compare the shape of the
  // requests (rounds of GET 404 and the namespace GET, then GET 200 twice), created once each client has polled.
  it.each([
    ['kubectl', () => [requireTool(PINNED_KUBECTL)]],
    ['kcurl', () => [process.execPath, KCURL_BIN, '--cache-dir', `${env().workdir}/kcurl-cache`]],
  ])('%s polls until it exists, then reads it once more', async (_who, command) => {
    const { ops, proxy, kubeconfig, workdir } = env();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later', namespace: WAIT_NS } };
    await ops.remove(cm);
    proxy.reset();
    const [file, ...pre] = command();
    const p = startProcess(file, [...pre, 'wait', 'cm/later', '--for=create', '--timeout=30s', '-n', WAIT_NS], {
      env: { PATH: CLEAN_PATH, HOME: workdir, KUBECONFIG: kubeconfig },
      cwd: workdir,
    });
    await eventually(
      () => (proxy.exchanges.some((ex) => ex.path.endsWith('/configmaps/later') && ex.response.status === 404) ? true : undefined),
      'a first GET',
    );
    await ops.create(cm);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.out()).toBe('configmap/later condition met\n');
    const seen = proxy.exchanges
      .filter((ex) => ex.path.includes(`/namespaces/${WAIT_NS}`))
      .map((ex) => `${ex.path.endsWith('/later') ? 'cm' : 'ns'} ${ex.response.status}`)
      .join(', ');
    expect(seen).toMatch(/^(cm 404, ns 200, )+cm 200, cm 200$/);
  });
});
