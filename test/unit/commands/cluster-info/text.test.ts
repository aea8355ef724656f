// kubectl cluster-info's text (src/commands/cluster-info/run.ts): the address of each cluster service.
import { describe, expect, it } from 'vitest';
import { clusterInfoText, serviceLink } from '../../../../src/commands/cluster-info/run.js';
import { HttpRegistry, json } from '../../../helpers/http-registry.js';
import { runKcurl } from '../../../helpers/run-in-process.js';

const HOST = 'https://10.0.0.1:6443';
const svc = (name: string, spec: object, extra: object = {}) => ({ metadata: { name, namespace: 'kube-system' }, spec, ...extra });

describe('kubectl cluster-info', () => {
  it.each([
    [
      'the first port by name',
      svc('kube-dns', {
        ports: [
          { name: 'dns', port: 53 },
          { name: 'metrics', port: 9153 },
        ],
      }),
      `${HOST}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`,
    ],
    [
      'https guessed from the port name',
      svc('dash', { ports: [{ name: 'https', port: 8443 }] }),
      `${HOST}/api/v1/namespaces/kube-system/services/https:dash:https/proxy`,
    ],
    ['https guessed from port 443 (unnamed)', svc('m', { ports: [{ port: 443 }] }), `${HOST}/api/v1/namespaces/kube-system/services/https:m:/proxy`],
    ['no ports: the name alone', svc('bare', {}), `${HOST}/api/v1/namespaces/kube-system/services/bare/proxy`],
    [
      "a load balancer's address, one per port, each followed by a space",
      svc('lb', { ports: [{ port: 80 }, { port: 443 }] }, { status: { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } } }),
      'http://lb.example:80 http://lb.example:443 ',
    ],
  ])('%s', (_name, service, link) => {
    expect(serviceLink(HOST, service)).toBe(link);
  });

  it('names a service by its kubernetes.io/name label', () => {
    const s = { metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'kubernetes.io/name': 'CoreDNS' } }, spec: {} };
    expect(clusterInfoText(HOST, [s])).toBe(
      `Kubernetes control plane is running at ${HOST}\nCoreDNS is running at ${HOST}/api/v1/namespaces/kube-system/services/kube-dns/proxy\n`,
    );
  });
});

describe('kcurl cluster-info in process', () => {
  const list = { kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: [svc('kube-dns', { ports: [{ name: 'dns', port: 53 }] })] };
  const registry = () =>
    new HttpRegistry().register(
      { method: 'GET', path: '/api/v1/namespaces/kube-system/services', query: { labelSelector: 'kubernetes.io/cluster-service=true' } },
      json(list),
    );

  // kubectl v1.32 prints no colour sequences, on a terminal or not.
  it.each([false, true])('plain text (stdout a terminal: %s)', async (tty) => {
    const r = registry();
    const out = await runKcurl(['cluster-info', '-q'], { registry: r, tty });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      'Kubernetes control plane is running at https://127.0.0.1:6443\n' +
        'kube-dns is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n' +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    r.verify();
  });
});
