import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/sandbox/api-error.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { ContainerLog, formatEntry, logClock, parseLogOptions, rfc3339Nano, selectEntries, serveLog } from '../../../../src/sandbox/workloads/logs.js';
import { filterNode, podRequests, unschedulableMessage } from '../../../../src/sandbox/workloads/scheduler.js';
import { logContainerId } from '../../../../src/sandbox/workloads/workloads.js';
import { goDuration } from '../../../../src/sandbox/workloads/images.js';

const NOW = new Date('2026-11-26T01:02:03Z');
const q = (s: string) => new URLSearchParams(s);

describe('log options', () => {
  it('reads follow, previous, timestamps, tailLines, limitBytes and sinceSeconds', () => {
    expect(parseLogOptions(q('follow=true&previous=true&timestamps=true&tailLines=5&limitBytes=100&sinceSeconds=60'), 'p', NOW)).toEqual({
      follow: true,
      previous: true,
      timestamps: true,
      tailLines: 5,
      limitBytes: 100,
      sinceNs: BigInt(NOW.getTime() - 60_000) * 1_000_000n,
    });
    expect(parseLogOptions(q('sinceTime=2026-11-26T01:00:00Z'), 'p', NOW).sinceNs).toBe(BigInt(Date.parse('2026-11-26T01:00:00Z')) * 1_000_000n);
  });

  it.each([
    ['tailLines=-1', 'PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ['limitBytes=0', 'PodLogOptions "p" is invalid: limitBytes: Invalid value: 0: must be greater than 0'],
    ['sinceSeconds=0', 'PodLogOptions "p" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0'],
    ['sinceSeconds=5&sinceTime=2026-11-26T01:00:00Z', 'PodLogOptions "p" is invalid: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
  ])('rejects %s with 422', (query, message) => {
    let err: unknown;
    try {
      parseLogOptions(q(query), 'p', NOW);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(422);
    expect((err as ApiError).message).toBe(message);
  });

  it('applies tail before the since filter, as kubelet reads the file', () => {
    const entries = [1n, 2n, 3n, 4n, 5n].map((ns) => ({ ns, stream: 'stdout' as const, text: `${ns}\n` }));
    const base = { follow: false, previous: false, timestamps: false };
    expect(selectEntries(entries, { ...base, tailLines: 2 }).map((e) => e.text)).toEqual(['4\n', '5\n']);
    expect(selectEntries(entries, { ...base, tailLines: 3, sinceNs: 4n }).map((e) => e.text)).toEqual(['4\n', '5\n']);
    expect(selectEntries(entries, { ...base, tailLines: 0 })).toEqual([]);
  });

  it('prefixes RFC3339Nano timestamps without trailing zeros', () => {
    const ns = BigInt(Date.parse('2026-11-26T01:02:03Z')) * 1_000_000n;
    expect(rfc3339Nano(ns + 123456789n)).toBe('2026-11-26T01:02:03.123456789Z');
    expect(rfc3339Nano(ns + 120000000n)).toBe('2026-11-26T01:02:03.12Z');
    expect(rfc3339Nano(ns)).toBe('2026-11-26T01:02:03Z');
    expect(formatEntry({ ns: ns + 5n, stream: 'stdout', text: 'hi\n' }, true)).toBe('2026-11-26T01:02:03.000000005Z hi\n');
  });

  it('splits output into lines and keeps a partial last line until the process ends', () => {
    let t = 0n;
    const log = new ContainerLog(() => ++t);
    const seen: (string | undefined)[] = [];
    log.subscribe((e) => seen.push(e?.text));
    log.write('stdout', 'a\nb');
    log.write('stdout', 'c\nd');
    log.end();
    expect(log.entries.map((e) => e.text)).toEqual(['a\n', 'bc\n', 'd']);
    expect(seen).toEqual(['a\n', 'bc\n', 'd', undefined]);
  });
});

/** A ServerResponse stand-in that records what serveLog writes (each write is one HTTP chunk). */
function recordingResponse() {
  const writes: string[] = [];
  let ended = false;
  const res = {
    destroyed: false,
    setHeader: () => res,
    writeHead: () => res,
    write: (text: string) => void writes.push(text),
    end: () => void (ended = true),
    on: () => res,
  };
  return { res: res as never, writes, ended: () => ended };
}

describe('serveLog', () => {
  const opts = { follow: false, previous: false, timestamps: false };
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} ${'x'.repeat(90)}\n`);

  it('sends a long log in chunks of about 64 kB, not a chunk per line', () => {
    let t = 0n;
    const log = new ContainerLog(() => ++t);
    log.write('stdout', lines(10_000).join(''));
    const r = recordingResponse();
    serveLog(r.res, log, opts, () => () => {});
    expect(r.writes.join('')).toBe(lines(10_000).join(''));
    expect(r.writes.length).toBeLessThan(20);
    expect(Math.max(...r.writes.map((w) => w.length))).toBeLessThan(70_000);
    expect(r.ended()).toBe(true);
  });

  it('makes the next chunk only once the socket has drained, keeping lines written meanwhile in order', () => {
    let t = 0n;
    const log = new ContainerLog(() => ++t);
    log.write('stdout', lines(3000).join(''));
    const writes: string[] = [];
    const listeners = new Map<string, () => void>();
    let ended = false;
    const res = {
      destroyed: false,
      setHeader: () => res,
      writeHead: () => res,
      // Node's answer when its buffer is over the high-water mark: false, then 'drain'.
      write: (text: string) => (writes.push(text), false),
      end: () => void (ended = true),
      on: (event: string, f: () => void) => (listeners.set(event, f), res),
    };
    serveLog(res as never, log, { ...opts, follow: true }, () => () => {});
    expect(writes.length).toBe(1);
    log.write('stdout', 'late\n');
    log.end();
    expect(ended).toBe(false);
    let rounds = 0;
    while (!ended && rounds++ < 100) listeners.get('drain')?.();
    expect(writes.join('')).toBe(`${lines(3000).join('')}late\n`);
    expect(writes.length).toBeGreaterThan(3);
    expect(ended).toBe(true);
  });

  it('cuts at limitBytes inside the chunks', () => {
    let t = 0n;
    const log = new ContainerLog(() => ++t);
    log.write('stdout', lines(3000).join(''));
    const r = recordingResponse();
    serveLog(r.res, log, { ...opts, limitBytes: 150_005 }, () => () => {});
    expect(r.writes.join('')).toBe(lines(3000).join('').slice(0, 150_005));
  });

  it('while following, lines arriving in one turn go out together, before the next turn', async () => {
    let t = 0n;
    const log = new ContainerLog(() => ++t);
    log.write('stdout', 'old\n');
    const r = recordingResponse();
    serveLog(r.res, log, { ...opts, follow: true }, () => () => {});
    expect(r.writes).toEqual(['old\n']);
    log.write('stdout', 'a\n');
    log.write('stdout', 'b\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.writes).toEqual(['old\n', 'a\nb\n']);
    log.write('stdout', 'c\n');
    log.end();
    expect(r.writes).toEqual(['old\n', 'a\nb\n', 'c\n']);
    expect(r.ended()).toBe(true);
  });
});

describe('log timestamps', () => {
  it('follow the sandbox clock (so --since compares with the same now), strictly increasing within a log', () => {
    let now = Date.parse('2026-11-26T10:00:00Z');
    const clock = logClock(() => new Date(now));
    const a = clock();
    const b = clock();
    now += 5_000;
    const c = clock();
    expect(a / 1_000_000n).toBe(BigInt(Date.parse('2026-11-26T10:00:00Z')));
    expect(b > a).toBe(true);
    expect(c / 1_000_000n).toBe(BigInt(now));
    now -= 60_000; // a clock that goes back never makes a line older than the one before it
    expect(clock() > c).toBe(true);
  });
});

describe('which container instance logs are read from', () => {
  const pod = (status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    status: { containerStatuses: [{ name: 'c', ...status }] },
  });

  it.each([
    [{ state: { running: {} }, containerID: 'containerd://now' }, false, 'containerd://now'],
    [{ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { containerID: 'containerd://last' } } }, false, 'containerd://last'],
    [{ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { containerID: 'containerd://last' } } }, true, 'containerd://last'],
    [{ state: { terminated: { containerID: 'containerd://done' } } }, false, 'containerd://done'],
  ])('%j previous=%s → %s', (status, previous, id) => {
    expect(logContainerId(pod(status), 'c', previous)).toBe(id);
  });

  it.each([
    [{ state: { waiting: { reason: 'ContainerCreating' } } }, false, 'container "c" in pod "p" is waiting to start: ContainerCreating'],
    [{ state: { waiting: { reason: 'PodInitializing' } } }, false, 'container "c" in pod "p" is waiting to start: PodInitializing'],
    [{ state: { running: {} } }, true, 'previous terminated container "c" in pod "p" not found'],
    [{ state: { waiting: { reason: 'ImagePullBackOff' } } }, false, 'container "c" in pod "p" is waiting to start: trying and failing to pull image'],
  ])('%j previous=%s → 400 %s', (status, previous, message) => {
    expect(() => logContainerId(pod(status), 'c', previous)).toThrow(message);
  });
});

describe('scheduling', () => {
  const node = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, disk: name.endsWith('2') ? 'ssd' : 'hdd' } },
    spec: (extra.spec as object) ?? {},
    status: { allocatable: { cpu: '2', memory: '4Gi', pods: '3' } },
  });
  const pod = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  });

  it('sums container requests and takes the largest init container', () => {
    const p = pod({
      containers: [
        { name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' } } },
        { name: 'b', resources: { requests: { cpu: '500m' } } },
      ],
      initContainers: [{ name: 'i', resources: { requests: { cpu: '1', memory: '1Mi' } } }],
    });
    expect(Object.fromEntries(podRequests(p))).toEqual({ cpu: 1, memory: 64 * 2 ** 20 });
  });

  it.each([
    [pod({ nodeSelector: { disk: 'ssd' } }), node('n1'), "node(s) didn't match Pod's node affinity/selector", false],
    [
      pod({}),
      node('n1', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } }),
      'node(s) had untolerated taint {dedicated: gpu}',
      false,
    ],
    [pod({}), node('n1', { spec: { unschedulable: true } }), 'node(s) were unschedulable', false],
    [pod({ containers: [{ name: 'c', resources: { requests: { cpu: '3' } } }] }), node('n1'), 'Insufficient cpu', true],
  ])('%#: %s', (p, n, reason, resolvable) => {
    expect(filterNode(p, n, [])).toEqual({ reasons: [reason], resolvable });
  });

  it('lets tolerations and matching affinity through, and counts pods already there', () => {
    const tolerant = pod({
      tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] },
        },
      },
    });
    expect(filterNode(tolerant, node('n2', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } }), [])).toBeUndefined();
    const full = [pod({}), pod({}), pod({})];
    expect(filterNode(pod({}), node('n1'), full)).toEqual({ reasons: ['Too many pods'], resolvable: true });
  });

  it('writes the scheduler message with counts, sorted, and the preemption part', () => {
    expect(
      unschedulableMessage(
        [
          { reasons: ['Insufficient cpu'], resolvable: true },
          { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false },
          { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false },
        ],
        3,
      ),
    ).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });
});

describe('durations in kubelet messages', () => {
  it.each([
    [812, '812ms'],
    [1234, '1.234s'],
    [10_000, '10s'],
    [300_000, '5m0s'],
    [123_500, '2m3.5s'],
  ])('%d ms is %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
});
