// The diff of a Pod spec update as kube-apiserver prints it: each file in fixtures/go-cmp/pod-spec-diff is what
// github.com/google/go-cmp's cmp.Diff printed for the internal core.PodSpec of the same two pods (go-cmp 0.5.9,
// the pods' types copied from pkg/apis/core at v1.32, the plain-space indentation of go-cmp's two random forms).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { podSpecDiff } from '../../../../src/sandbox/defaults/core-pod-spec.js';

const expected = (name: string) => readFileSync(new URL(`../../../../fixtures/go-cmp/pod-spec-diff/${name}.txt`, import.meta.url), 'utf8');

/** The spec a v1.32 server stores for `kubectl apply` of a one-container nginx Pod with port 80. */
function web(): any {
  return {
    volumes: [
      {
        name: 'kube-api-access-5k2sm',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 420,
        },
      },
    ],
    containers: [
      {
        name: 'web',
        image: 'nginx',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: {},
        volumeMounts: [{ name: 'kube-api-access-5k2sm', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'Always',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    nodeName: 'kcurl-control-plane',
    securityContext: {},
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    priority: 0,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  };
}

const withCommand = (spec: any) => ((spec.containers[0].command = ['sleep', '3600']), spec);
const probe = (path: string, extra: object = {}) => ({
  httpGet: { path, port: 80, scheme: 'HTTP' },
  ...extra,
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
});
const withProbes = (spec: any) => {
  Object.assign(spec.containers[0], { livenessProbe: probe('/'), readinessProbe: probe('/ready', { initialDelaySeconds: 5 }) });
  return spec;
};

describe('podSpecDiff (cmp.Diff of the internal core.PodSpec)', () => {
  it.each<[string, () => any, (s: any) => void]>([
    ['port', web, (s) => (s.containers[0].ports[0].containerPort = 8080)],
    ['port-name', web, (s) => (s.containers[0].ports[0].name = 'http')],
    ['env', web, (s) => (s.containers[0].env = [{ name: 'MODE', value: 'debug' }])],
    ['requests', web, (s) => (s.containers[0].resources = { requests: { cpu: '500m' } })],
    [
      'memory',
      () => ((s: any) => ((s.containers[0].resources = { limits: { memory: '64Mi' } }), s))(withCommand(web())),
      (s) => (s.containers[0].resources = { limits: { memory: '128Mi' } }),
    ],
    ['command', () => withCommand(web()), (s) => (s.containers[0].command = ['sleep', '7200'])],
    ['sa', web, (s) => ((s.serviceAccountName = 'reader'), (s.serviceAccount = 'reader'))],
    ['nodeselector', web, (s) => (s.nodeSelector = { disk: 'ssd' })],
    ['probe', () => withProbes(web()), (s) => (s.containers[0].livenessProbe.httpGet.path = '/healthz')],
    ['probe-port', () => withProbes(web()), (s) => (s.containers[0].readinessProbe.httpGet.port = 'http')],
  ])('%s', (name, before, change) => {
    const old = before();
    const next = structuredClone(old);
    change(next);
    expect(podSpecDiff(old, next)).toBe(expected(name));
  });

  it('is empty for equal specs, whatever the JSON key order', () => {
    const a = web();
    const b = JSON.parse(JSON.stringify(a, Object.keys(a).sort()));
    expect(podSpecDiff(a, { ...b, containers: a.containers, volumes: a.volumes, tolerations: a.tolerations })).toBe('');
  });
});
