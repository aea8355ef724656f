// The kubelet, scheduler and node leases on the harness's manual clock: a pod runs, its container's
// `sleep` and the graceful deletion take virtual time, and nothing waits on the wall clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { startWorkloads, type Workloads } from '../../../../src/sandbox/workloads/workloads.js';
import { startHarness, type Harness } from '../controllers/harness.js';

let h: Harness;
let w: Workloads;
beforeEach(() => {
  h = startHarness();
  w = startWorkloads(h.api, { now: () => h.clock.now(), clock: h.clock, nodes: 1 });
});
afterEach(() => {
  w.close();
  h.close();
});

const pod = (name: string, command: string[], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'main', image: 'busybox', command }], ...extra },
});
const phase = (name: string) => (h.get('', 'pods', 'default', name)?.status as { phase?: string } | undefined)?.phase;

describe('kubelet on a manual clock', () => {
  it("runs a container's sleep in virtual time: Running for 60 s, then Succeeded", async () => {
    h.create(pod('nap', ['sh', '-c', 'sleep 60'], { restartPolicy: 'Never' }));
    await h.settle();
    expect(phase('nap')).toBe('Running');
    const started = h.clock.now().getTime();
    await h.advance(59_000);
    expect(phase('nap')).toBe('Running');
    await h.advance(2_000);
    expect(phase('nap')).toBe('Succeeded');
    const term = (h.get('', 'pods', 'default', 'nap')?.status as any).containerStatuses[0].state.terminated as {
      exitCode: number;
      startedAt: string;
      finishedAt: string;
    };
    expect(term.exitCode).toBe(0);
    expect(Date.parse(term.finishedAt) - Date.parse(term.startedAt)).toBe(60_000);
    expect(Date.parse(term.startedAt)).toBeLessThanOrEqual(started);
  });

  it('deletes a running pod gracefully: Terminating with its deadline, gone once the containers stopped', async () => {
    h.create(pod('web', ['sh', '-c', 'sleep 3600'], { terminationGracePeriodSeconds: 30 }));
    await h.settle();
    expect(phase('web')).toBe('Running');
    const deletedAt = h.clock.now().getTime();
    h.delete('', 'pods', 'default', 'web');
    const terminating = h.get('', 'pods', 'default', 'web') as KubeObject;
    expect(Date.parse(String(terminating.metadata.deletionTimestamp))).toBe(Math.floor(deletedAt / 1000) * 1000 + 30_000);
    // The sandbox's kubelet stops containers 10 ms per grace second, at most 1 s.
    await h.settle();
    expect(h.get('', 'pods', 'default', 'web')).toBeUndefined();
    expect(h.errors).toEqual([]);
  });
});
