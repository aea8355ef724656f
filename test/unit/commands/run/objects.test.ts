// kubectl run's Pod (src/commands/run/objects.ts) and the Service of run --expose and expose (src/commands/expose/service.ts).
import { describe, expect, it } from 'vitest';
import { generateService } from '../../../../src/commands/expose/service.js';
import { isImageReference, runPod } from '../../../../src/commands/run/objects.js';

const base = {
  name: 'web',
  image: 'nginx',
  annotations: [],
  env: [],
  command: false,
  args: [],
  privileged: false,
  stdin: false,
  tty: false,
  leaveStdinOpen: false,
};

describe('kubectl run Pod', () => {
  it('defaults: run=NAME, one container named after the pod, Always, ClusterFirst, in Go field order', () => {
    expect(JSON.stringify(runPod(base, undefined))).toBe(
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"run":"web"}},' +
        '"spec":{"containers":[{"name":"web","image":"nginx","resources":{}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"},"status":{}}',
    );
  });

  it('arguments go to args, or to command with --command; env, port, pull policy and privileged in container order', () => {
    const pod = runPod({ ...base, args: ['sleep', '1'], env: ['A=1=2'], port: '80', imagePullPolicy: 'Never', privileged: true }, 'ns');
    expect(JSON.stringify((pod.spec as any).containers[0])).toBe(
      '{"name":"web","image":"nginx","args":["sleep","1"],"ports":[{"containerPort":80}],"env":[{"name":"A","value":"1=2"}],"resources":{},"imagePullPolicy":"Never","securityContext":{"privileged":true}}',
    );
    expect((runPod({ ...base, args: ['sh'], command: true }, undefined).spec as any).containers[0].command).toEqual(['sh']);
    expect((pod.metadata as any).namespace).toBe('ns');
  });

  it('--labels replace run=NAME; annotations are sorted', () => {
    const pod = runPod({ ...base, labels: 'b=2,a=1', annotations: ['z=1', 'y=2'] }, undefined);
    expect(pod.metadata).toEqual({ name: 'web', creationTimestamp: null, labels: { a: '1', b: '2' }, annotations: { y: '2', z: '1' } });
  });

  it.each([
    [{ env: ['A'] }, 'invalid env: A'],
    [{ env: ['1A=x'] }, 'invalid env: 1A=x'],
    [{ annotations: ['x'] }, 'invalid annotations format: x'],
    [{ labels: 'a' }, 'unexpected label spec: a'],
    [{ port: 'http' }, 'strconv.Atoi: parsing "http": invalid syntax'],
  ])('refuses %j', (given, message) => {
    expect(() => runPod({ ...base, ...given }, undefined)).toThrow(message);
  });

  it.each([
    ['nginx', true],
    ['nginx:1.27', true],
    ['registry.example:5000/team/app:v2', true],
    [`busybox@sha256:${'0'.repeat(64)}`, true],
    ['NGINX', false],
    ['nginx:', false],
    ['', false],
  ])('image reference %s: %s', (image, ok) => {
    expect(isImageReference(image)).toBe(ok);
  });
});

describe('the Service generator', () => {
  it('one port: TCP, targetPort = port, unnamed', () => {
    expect(generateService({ name: 's', selector: 'run=s', ports: '80' })).toEqual({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 's', creationTimestamp: null },
      spec: { ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }], selector: { run: 's' } },
      status: { loadBalancer: {} },
    });
  });

  it('several ports are named port-N and take their protocol from the exposed object; --target-port may be a name', () => {
    const svc = generateService({ name: 's', selector: 'app=a', ports: '53,80', protocols: { '53': 'UDP' }, targetPort: 'http', type: 'NodePort' });
    expect(svc.spec).toEqual({
      ports: [
        { name: 'port-1', protocol: 'UDP', port: 53, targetPort: 'http' },
        { name: 'port-2', protocol: 'TCP', port: 80, targetPort: 'http' },
      ],
      selector: { app: 'a' },
      type: 'NodePort',
    });
  });

  it('refuses a missing port unless headless, and an unknown session affinity', () => {
    expect(() => generateService({ name: 's', selector: 'a=b' })).toThrow("'ports' or 'port' is a required parameter");
    expect(() => generateService({ name: 's', selector: 'a=b', ports: '1', sessionAffinity: 'Sticky' })).toThrow('unknown session affinity: Sticky');
  });
});
