// The sandbox's nodes as kubelets register them in a kind cluster: `kcurl-control-plane`, then
// `kcurl-worker`, `kcurl-worker2`…, with the well-known labels, capacity of the host, the four conditions
// kubelet reports, addresses, nodeInfo and a pod CIDR each (10.244.N.0/24).
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import type { ApiServer } from '../api-server.js';
import { rfc3339 } from '../object-meta.js';
import type { KubeObject } from '../types.js';

export const KUBELET_VERSION = 'v1.32.0';
export const CLUSTER_NAME = 'kcurl';

export function nodeNames(count: number): string[] {
  const names = [`${CLUSTER_NAME}-control-plane`];
  for (let i = 1; i < count; i++) names.push(i === 1 ? `${CLUSTER_NAME}-worker` : `${CLUSTER_NAME}-worker${i}`);
  return names;
}

/** runtime.GOARCH of the host, as kubelet labels it. */
export function goArch(): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };
  return map[os.arch()] ?? os.arch();
}

export interface NodeInfo {
  name: string;
  index: number;
  internalIP: string;
  podCIDRBase: string;
}

export function nodeInfo(name: string, index: number): NodeInfo {
  return { name, index, internalIP: `172.18.0.${index + 2}`, podCIDRBase: `10.244.${index}` };
}

function nodeObject(n: NodeInfo): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': goArch(),
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': goArch(),
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  };
  if (n.index === 0) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `${n.podCIDRBase}.0/24`, podCIDRs: [`${n.podCIDRBase}.0/24`], providerID: `kind://docker/${CLUSTER_NAME}/${n.name}` },
  };
}

function hostResources(): Record<string, string> {
  const memKi = Math.floor(os.totalmem() / 1024);
  return {
    cpu: String(Math.max(1, os.cpus().length)),
    'ephemeral-storage': '102625208Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${memKi}Ki`,
    pods: '110',
  };
}

function nodeStatus(n: NodeInfo, now: Date, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const ts = rfc3339(now);
  const prevConditions = new Map(((previous?.conditions as Record<string, unknown>[] | undefined) ?? []).map((c) => [c.type, c]));
  const condition = (type: string, status: string, reason: string, message: string) => {
    const prev = prevConditions.get(type);
    const since = prev && prev.status === status ? (prev.lastTransitionTime as string) : ts;
    return { type, status, lastHeartbeatTime: ts, lastTransitionTime: since, reason, message };
  };
  const resources = hostResources();
  const machine = createHash('sha256').update(`${CLUSTER_NAME}/${n.name}`).digest('hex');
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: n.internalIP },
      { type: 'Hostname', address: n.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: machine.slice(0, 32),
      systemUUID: `${machine.slice(32, 40)}-${machine.slice(40, 44)}-${machine.slice(44, 48)}-${machine.slice(48, 52)}-${machine.slice(52, 64)}`,
      bootID: randomUUID(),
      kernelVersion: os.release(),
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'containerd://1.7.24',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: goArch(),
    },
  };
}

/** Registers the nodes (or refreshes their status after a restart with --state). */
export function registerNodes(api: ApiServer, count: number, now: () => Date): NodeInfo[] {
  const def = api.registry.findKind('', 'Node');
  const infos = nodeNames(count).map((name, i) => nodeInfo(name, i));
  if (!def) return infos;
  for (const n of infos) {
    let node = api.store.get({ group: '', resource: 'nodes' }, undefined, n.name);
    if (!node) {
      node = api.createSystemObject(nodeObject(n), 'kubelet');
      if (!node) continue;
    }
    const status = nodeStatus(n, now(), node.status as Record<string, unknown> | undefined);
    api.writer.patched(def, node, { ...structuredClone(node), status }, { dryRun: false, fieldManager: 'kubelet', subresource: 'status' });
  }
  return infos;
}
