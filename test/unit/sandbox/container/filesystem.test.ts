// A container's filesystem: mounts with kubelet's layout, read-only volumes, managed files, emptyDir stores.
import { describe, expect, it } from 'vitest';
import { ContainerFilesystem } from '../../../../src/sandbox/container/filesystem.js';

function podFs() {
  const fs = new ContainerFilesystem();
  let label = 'v1';
  fs.manage('/etc/hostname', () => 'web-0\n');
  fs.mount({
    path: '/var/run/secrets/kubernetes.io/serviceaccount',
    readOnly: true,
    atomicWriter: true,
    files: () =>
      new Map([
        ['token', 'T'],
        ['ca.crt', 'C'],
        ['namespace', 'default'],
      ]),
  });
  fs.mount({ path: '/etc/podinfo', readOnly: true, atomicWriter: true, files: () => new Map([['labels', `app="${label}"`]]) });
  fs.mount({ path: '/etc/app.conf', readOnly: true, files: () => new Map([['', 'key=value\n']]) });
  const shared = new Map<string, string>();
  fs.mount({ path: '/data', readOnly: false, store: shared });
  return { fs, shared, relabel: (v: string) => (label = v) };
}

describe('ContainerFilesystem', () => {
  it('shows mounted volumes with the atomic writer layout, and managed files', () => {
    const { fs } = podFs();
    expect(fs.read('/var/run/secrets/kubernetes.io/serviceaccount/namespace')).toBe('default');
    expect(fs.list('/var/run/secrets/kubernetes.io/serviceaccount')?.sort()).toEqual(['..data', 'ca.crt', 'namespace', 'token']);
    expect(fs.list('/var/run/secrets')).toEqual(['kubernetes.io']);
    expect(fs.read('/etc/hostname')).toBe('web-0\n');
    expect(fs.list('/etc')?.sort()).toEqual(['app.conf', 'hostname', 'podinfo']);
  });

  it('reads a volume when a file is read, so downward API files follow changes', () => {
    const { fs, relabel } = podFs();
    expect(fs.read('/etc/podinfo/labels')).toBe('app="v1"');
    relabel('v2');
    expect(fs.read('/etc/podinfo/labels')).toBe('app="v2"');
  });

  it('mounts one file with subPath as a file, not a directory', () => {
    const { fs } = podFs();
    expect(fs.read('/etc/app.conf')).toBe('key=value\n');
    expect(fs.list('/etc/app.conf')).toBeUndefined();
  });

  it('refuses writes to read-only mounts and managed files; writes the layer and emptyDir stores', () => {
    const { fs, shared } = podFs();
    expect(fs.write('/var/run/secrets/kubernetes.io/serviceaccount/token', 'x', false)).toBe(false);
    expect(fs.write('/etc/hostname', 'x', false)).toBe(false);
    expect(fs.write('/proc/1/environ', 'x', false)).toBe(false);
    expect(fs.write('/tmp/out', 'a', false) && fs.write('/tmp/out', 'b', true)).toBe(true);
    expect(fs.read('/tmp/out')).toBe('ab');
    expect(fs.write('/data/log', 'line\n', true)).toBe(true);
    expect(shared.get('log')).toBe('line\n');
  });

  it('keeps an emptyDir store for the next container of the pod', () => {
    const { fs, shared } = podFs();
    fs.write('/data/state', 'kept', false);
    const next = new ContainerFilesystem();
    next.mount({ path: '/cache', readOnly: false, store: shared });
    expect(next.read('/cache/state')).toBe('kept');
    expect(next.read('/tmp/out')).toBeUndefined();
  });

  it('makes and removes directories', () => {
    const fs = new ContainerFilesystem();
    expect(fs.mkdir('/work')).toBe(true);
    expect(fs.list('/work')).toEqual([]);
    fs.write('/work/f', 'x', false);
    expect(fs.remove('/work')).toBe(false);
    expect(fs.remove('/work/f') && fs.remove('/work')).toBe(true);
    expect(fs.list('/work')).toBeUndefined();
  });
});
