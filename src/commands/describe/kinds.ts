// kubectl's describers (k8s.io/kubectl/pkg/describe) for pods, config, service accounts, namespaces, nodes,
// services, storage and RBAC; workloads and the less common kinds live beside this file. Each reads its object
// again, lists what it shows beside it in kubectl's order, and lays the text out exactly as kubectl does. Reads
// go through the injected DescribeContext, so the text stays pure and every request stays visible to the runner.
import { CERTIFICATE_DESCRIBERS } from './kinds-certificates.js';
import { ApiStatusError } from '../../errors.js';
import type { ApiResource } from '../../kube/resources.js';
import { type RequestStep, pathSegment } from '../../plan/request-plan.js';
import { type DescribeContext, type Describer, arr, errorText, ownObject, refOf, searchEvents } from './context.js';
import {
  type Obj,
  byteCompare,
  describeEvents,
  formatLabels,
  goList,
  intOrString,
  printAnnotationsMultiline,
  printCsiVolumeAttributes,
  printLabelsMultiline,
  printTaintsMultiline,
  rfc1123z,
  since,
  stringMap,
} from './fields.js';
import { genericDescription } from './generic.js';
import { MORE_DESCRIBERS, QUOTA_SCOPE_HELP, describeLimitRangeSpec } from './kinds-more.js';
import { WORKLOAD_DESCRIBERS } from './kinds-workloads.js';
import { type ObjectRef, eventsStep, relatedGetStep, relatedListStep } from './plan.js';
import { describePod } from './pod-text.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter, tabbedString } from './prefix-writer.js';
import { Quantity, resourceList } from '../../kube/quantity.js';
import { describeRules } from './rbac.js';

export type { DescribeContext };

// ─── Pods ────────────────────────────────────────────────────────────────────────────────────────────────

const pod: Describer = async (ctx) => {
  const obj = await ownObject(ctx);
  let events: Obj[] | undefined;
  if (ctx.showEvents) {
    // PodDescriber: the reference without its kind; a mirror pod's events carry the static pod's uid.
    const mirror = stringMap(obj.metadata?.annotations)['kubernetes.io/config.mirror'];
    events = await searchEvents(ctx, { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '', uid: mirror ?? obj.metadata?.uid });
  }
  return describePod(obj, events, ctx.now);
};

// ─── Config and storage of secrets ───────────────────────────────────────────────────────────────────────

const base64Length = (s: unknown) => (typeof s === 'string' ? Buffer.from(s, 'base64').length : 0);

const secret: Describer = async (ctx) => {
  const s = await ownObject(ctx);
  return tabbedString((w) => {
    const meta = s.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `\nType:\t${s.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    // kubectl ranges over a Go map (random order); kcurl prints the keys sorted.
    const data = (s.data ?? {}) as Record<string, string>;
    for (const k of Object.keys(data).sort(byteCompare)) {
      // kubectl prints a ServiceAccount token in clear; kcurl shows it only with --reveal.
      if (ctx.reveal && k === 'token' && s.type === 'kubernetes.io/service-account-token')
        w.write(LEVEL_0, `${k}:\t${Buffer.from(data[k], 'base64').toString('utf8')}\n`);
      else w.write(LEVEL_0, `${k}:\t${base64Length(data[k])} bytes\n`);
    }
  });
};

const configMap: Describer = async (ctx) => {
  const cm = await ownObject(ctx);
  let events: Obj[] | undefined;
  // ConfigMapDescriber is the one describer that fails when the event search fails.
  if (ctx.showEvents) events = await ctx.list(eventsStep(refOf(cm, 'ConfigMap'), ctx.chunkSize));
  return tabbedString((w) => {
    const meta = cm.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    const data = stringMap(cm.data);
    for (const k of Object.keys(data).sort(byteCompare)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${data[k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    const binary = (cm.binaryData ?? {}) as Record<string, string>;
    for (const k of Object.keys(binary).sort(byteCompare)) w.write(LEVEL_0, `${k}: ${base64Length(binary[k])} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(events, w, ctx.now);
  });
};

const serviceAccount: Describer = async (ctx) => {
  const sa = await ownObject(ctx);
  const tokens: string[] = [];
  const missing = new Set<string>();
  try {
    const secrets = await ctx.list(
      relatedListStep(
        { version: 'v1', resource: 'secrets', namespace: sa.metadata?.namespace },
        { chunkSize: ctx.chunkSize, purpose: 'list the Secrets of the namespace (token Secrets of this ServiceAccount)' },
      ),
    );
    const existing = new Set<string>();
    for (const s of secrets) {
      if (s.type === 'kubernetes.io/service-account-token') {
        const ann = stringMap(s.metadata?.annotations);
        if (ann['kubernetes.io/service-account.name'] === sa.metadata?.name && ann['kubernetes.io/service-account.uid'] === sa.metadata?.uid)
          tokens.push(s.metadata?.name);
      }
      existing.add(s.metadata?.name);
    }
    for (const s of [...arr(sa.secrets), ...arr(sa.imagePullSecrets)]) if (!existing.has(s.name)) missing.add(s.name);
  } catch (err) {
    if (!(err instanceof ApiStatusError)) throw err;
  }
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(sa, 'ServiceAccount')) : undefined;
  return tabbedString((w) => {
    const meta = sa.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    const sections: [string, string[]][] = [
      ['Image pull secrets:', arr(sa.imagePullSecrets).map((s) => s.name)],
      ['Mountable secrets: ', arr(sa.secrets).map((s) => s.name)],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const name of names) {
        w.write(LEVEL_0, missing.has(name) ? `${prefix}\t${name} (not found)\n` : `${prefix}\t${name}\n`);
        prefix = '                   ';
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

// ─── Namespaces and nodes ────────────────────────────────────────────────────────────────────────────────

async function optionalList(ctx: DescribeContext, step: RequestStep): Promise<Obj[] | undefined> {
  try {
    return await ctx.list(step);
  } catch (err) {
    // NamespaceDescriber: a server without quotas or limit ranges answers NotFound; leave the section out.
    if (err instanceof ApiStatusError && err.httpStatus === 404) return undefined;
    throw err;
  }
}

function describeLimitRanges(items: Obj[], w: PrefixWriter): void {
  if (items.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of items) describeLimitRangeSpec(lr.spec, ' ', w);
}

function describeResourceQuotas(items: Obj[], w: PrefixWriter): void {
  if (items.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of [...items].sort((a, b) => byteCompare(a.metadata?.name ?? '', b.metadata?.name ?? ''))) {
    w.write(LEVEL_1, `Name:\t${q.metadata?.name}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].map(String).sort(byteCompare);
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (QUOTA_SCOPE_HELP[s]) w.write(LEVEL_1, `* ${QUOTA_SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = resourceList(q.status?.hard);
    const used = resourceList(q.status?.used);
    for (const name of [...hard.keys()].sort(byteCompare))
      w.write(LEVEL_1, `${name}\t${(used.get(name) ?? Quantity.zero()).toString()}\t${hard.get(name)?.toString()}\n`);
  }
}

const namespace: Describer = async (ctx) => {
  const ns = await ownObject(ctx);
  const name = ns.metadata?.name ?? '';
  const quotas = await optionalList(
    ctx,
    relatedListStep(
      { version: 'v1', resource: 'resourcequotas', namespace: name },
      { chunkSize: ctx.chunkSize, purpose: `list the ResourceQuotas of namespace ${name}` },
    ),
  );
  const limits = await optionalList(
    ctx,
    relatedListStep(
      { version: 'v1', resource: 'limitranges', namespace: name },
      { chunkSize: ctx.chunkSize, purpose: `list the LimitRanges of namespace ${name}` },
    ),
  );
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions = arr(ns.status?.conditions);
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(LEVEL_1, `${c.type ?? ''}\t${c.status ?? ''}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limits) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limits, w);
    }
  });
};

/** float64 → int64 as Go converts it on amd64 (NaN and ±Inf become the minimum int64). */
function goInt64(x: number): string {
  return Number.isFinite(x) ? String(Math.trunc(x)) : '-9223372036854775808';
}

function podRequestsAndLimits(pod: Obj): { reqs: Map<string, Quantity>; limits: Map<string, Quantity> } {
  const reqs = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  const add = (into: Map<string, Quantity>, list: unknown) => {
    for (const [k, q] of resourceList(list)) into.set(k, into.has(k) ? (into.get(k) as Quantity).add(q) : q);
  };
  const max = (into: Map<string, Quantity>, list: unknown) => {
    for (const [k, q] of resourceList(list)) if (!into.has(k) || q.cmp(into.get(k) as Quantity) > 0) into.set(k, q);
  };
  for (const c of arr(pod.spec?.containers)) {
    add(reqs, c.resources?.requests);
    add(limits, c.resources?.limits);
  }
  for (const c of arr(pod.spec?.initContainers)) {
    max(reqs, c.resources?.requests);
    max(limits, c.resources?.limits);
  }
  if (pod.spec?.overhead) {
    add(reqs, pod.spec.overhead);
    for (const [k, q] of resourceList(pod.spec.overhead)) {
      const l = limits.get(k);
      if (l && !l.isZero()) limits.set(k, l.add(q));
    }
  }
  return { reqs, limits };
}

function describeNodeResource(pods: Obj[], node: Obj, w: PrefixWriter, now: Date): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatable = Object.keys(node.status?.allocatable ?? {}).length > 0 ? resourceList(node.status.allocatable) : resourceList(node.status?.capacity);
  const zero = Quantity.zero();
  const allocCpu = (allocatable.get('cpu') ?? zero).milliValue();
  const allocMem = (allocatable.get('memory') ?? zero).value();
  const allocEph = (allocatable.get('ephemeral-storage') ?? zero).value();
  const reqs = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  for (const p of pods) {
    const r = podRequestsAndLimits(p);
    const cpuReq = r.reqs.get('cpu') ?? zero;
    const cpuLim = r.limits.get('cpu') ?? zero;
    const memReq = r.reqs.get('memory') ?? zero;
    const memLim = r.limits.get('memory') ?? zero;
    w.write(
      LEVEL_1,
      `${p.metadata?.namespace}\t${p.metadata?.name}\t\t${cpuReq} (${goInt64((cpuReq.milliValue() / allocCpu) * 100)}%)\t${cpuLim} (${goInt64((cpuLim.milliValue() / allocCpu) * 100)}%)\t${memReq} (${goInt64((memReq.value() / allocMem) * 100)}%)\t${memLim} (${goInt64((memLim.value() / allocMem) * 100)}%)\t${since(p.metadata?.creationTimestamp, now)}\n`,
    );
    for (const [k, q] of r.reqs) reqs.set(k, reqs.has(k) ? (reqs.get(k) as Quantity).add(q) : q);
    for (const [k, q] of r.limits) limits.set(k, limits.has(k) ? (limits.get(k) as Quantity).add(q) : q);
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const pct = (x: number, total: number) => (total !== 0 ? goInt64((x / total) * 100) : '0');
  const g = (m: Map<string, Quantity>, k: string) => m.get(k) ?? zero;
  w.write(
    LEVEL_1,
    `cpu\t${g(reqs, 'cpu')} (${pct(g(reqs, 'cpu').milliValue(), allocCpu)}%)\t${g(limits, 'cpu')} (${pct(g(limits, 'cpu').milliValue(), allocCpu)}%)\n`,
  );
  w.write(
    LEVEL_1,
    `memory\t${g(reqs, 'memory')} (${pct(g(reqs, 'memory').value(), allocMem)}%)\t${g(limits, 'memory')} (${pct(g(limits, 'memory').value(), allocMem)}%)\n`,
  );
  w.write(
    LEVEL_1,
    `ephemeral-storage\t${g(reqs, 'ephemeral-storage')} (${pct(g(reqs, 'ephemeral-storage').value(), allocEph)}%)\t${g(limits, 'ephemeral-storage')} (${pct(g(limits, 'ephemeral-storage').value(), allocEph)}%)\n`,
  );
  const names = [...allocatable.keys()];
  const hugePages = names.filter((n) => n.startsWith('hugepages-')).sort(byteCompare);
  const ext = names.filter((n) => !n.startsWith('hugepages-') && !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(n)).sort(byteCompare);
  for (const r of hugePages) {
    const total = (allocatable.get(r) ?? zero).value();
    w.write(LEVEL_1, `${r}\t${g(reqs, r)} (${pct(g(reqs, r).value(), total)}%)\t${g(limits, r)} (${pct(g(limits, r).value(), total)}%)\n`);
  }
  for (const r of ext) w.write(LEVEL_1, `${r}\t${g(reqs, r)}\t${g(limits, r)}\n`);
}

const node: Describer = async (ctx) => {
  const n = await ownObject(ctx);
  const name = n.metadata?.name ?? '';
  let pods: Obj[] | undefined;
  let canViewPods = true;
  try {
    pods = await ctx.list(
      relatedListStep(
        { version: 'v1', resource: 'pods', namespace: ctx.namespace || undefined },
        {
          fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
          chunkSize: ctx.chunkSize,
          purpose: `list the pods on node ${name} that have not terminated`,
        },
      ),
    );
  } catch (err) {
    if (!(err instanceof ApiStatusError) || err.httpStatus !== 403) throw err;
    canViewPods = false;
  }
  let events: Obj[] | undefined;
  if (ctx.showEvents) {
    // Controllers record node events with the node's uid, the kubelet with its name: kubectl asks for both.
    const ref: ObjectRef = { name, namespace: '', kind: 'Node', uid: n.metadata?.uid };
    events = [...(await searchEvents(ctx, ref)), ...(await searchEvents(ctx, { ...ref, uid: name }))];
  }
  let lease: Obj | undefined;
  let leaseError: string | undefined;
  try {
    lease = await ctx.get(
      relatedGetStep(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${pathSegment(name)}`, `read the heartbeat Lease of node ${name}`),
    );
  } catch (err) {
    if (!(err instanceof ApiStatusError)) throw err;
    leaseError = errorText(err);
  }
  return tabbedString((w) => {
    const meta = n.metadata ?? {};
    const spec = n.spec ?? {};
    const status = n.status ?? {};
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = new Set<string>();
    for (const [k, val] of Object.entries(stringMap(meta.labels))) {
      if (k.startsWith('node-role.kubernetes.io/')) {
        const role = k.slice('node-role.kubernetes.io/'.length);
        if (role) roles.add(role);
      } else if (k === 'kubernetes.io/role' && val !== '') roles.add(val);
    }
    w.write(LEVEL_0, `Roles:\t${roles.size > 0 ? [...roles].sort(byteCompare).join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if (lease) {
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${leaseError}\n`);
    }
    const conditions = arr(status.conditions);
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type ?? ''} \t${c.status ?? ''} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of arr(status.addresses)) w.write(LEVEL_1, `${a.type ?? ''}:\t${a.address ?? ''}\n`);
    const printResources = (list: unknown) => {
      const m = resourceList(list);
      for (const k of [...m.keys()].sort(byteCompare)) w.write(LEVEL_0, `  ${k}:\t${m.get(k)}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResources(status.capacity);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResources(status.allocatable);
    }
    const info = status.nodeInfo ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (arr(spec.podCIDRs).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${(spec.podCIDRs as string[]).join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (canViewPods && pods) describeNodeResource(pods, n, w, ctx.now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    if (events) describeEvents(events, w, ctx.now);
  });
};

// ─── Services ────────────────────────────────────────────────────────────────────────────────────────────

/** formatEndpointSlices: up to three ready host:port pairs for the port name, then "+ N more...". */
function formatEndpointSlices(slices: Obj[], portName: string | undefined): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const ports = arr(s.ports);
    const endpoints = arr(s.endpoints);
    if (ports.length === 0) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (e.conditions?.ready === false) continue;
        if (!more) list.push(e.addresses?.[0]);
        count++;
      }
    } else {
      for (const p of ports) {
        if (portName !== undefined && (p.name ?? '') !== portName) continue;
        for (const e of endpoints) {
          if (list.length === max) more = true;
          if (e.conditions?.ready === false) continue;
          const addr = String(e.addresses?.[0] ?? '');
          if (!more) list.push(addr.includes(':') ? `[${addr}]:${p.port}` : `${addr}:${p.port}`);
          count++;
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

const service: Describer = async (ctx) => {
  const svc = await ownObject(ctx);
  let slices: Obj[] = [];
  try {
    // ServiceDescriber lists without a limit and ignores a failure.
    slices = await ctx.list(
      relatedListStep(
        { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace: ctx.namespace },
        { labelSelector: `kubernetes.io/service-name=${ctx.name}`, purpose: `list the EndpointSlices of service ${ctx.name}` },
      ),
    );
  } catch (err) {
    if (!(err instanceof ApiStatusError)) throw err;
  }
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(svc, 'Service')) : undefined;
  return tabbedString((w) => {
    const meta = svc.metadata ?? {};
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${arr(spec.ipFamilies).length > 0 ? (spec.ipFamilies as string[]).join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${arr(spec.clusterIPs).length > 0 ? (spec.clusterIPs as string[]).join(',') : '<none>'}\n`);
    if (arr(spec.externalIPs).length > 0) w.write(LEVEL_0, `External IPs:\t${(spec.externalIPs as string[]).join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = arr(svc.status?.loadBalancer?.ingress);
    if (ingress.length > 0) {
      const list = ingress.map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : (i.hostname ?? ''))).join(', ');
      w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
    }
    for (const sp of arr(spec.ports)) {
      const name = sp.name || '<unset>';
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${sp.protocol ?? ''}\n`);
      w.write(LEVEL_0, `TargetPort:\t${intOrString(sp.targetPort ?? 0)}/${sp.protocol ?? ''}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${sp.protocol ?? ''}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (arr(spec.loadBalancerSourceRanges).length > 0)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${(spec.loadBalancerSourceRanges as string[]).join(',')}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    if (events) describeEvents(events, w, ctx.now);
  });
};

const endpoints: Describer = async (ctx) => {
  const ep = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(ep, 'Endpoints')) : undefined;
  return tabbedString((w) => {
    const meta = ep.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const subset of arr(ep.subsets)) {
      const addresses = arr(subset.addresses)
        .map((a) => a.ip)
        .join(',');
      w.write(LEVEL_1, `Addresses:\t${addresses || '<none>'}\n`);
      const notReady = arr(subset.notReadyAddresses)
        .map((a) => a.ip)
        .join(',');
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
      if (arr(subset.ports).length > 0) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of arr(subset.ports)) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

// ─── Storage ─────────────────────────────────────────────────────────────────────────────────────────────

/** storageutil.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
function accessModes(modes: unknown): string {
  const set = new Set(Array.isArray(modes) ? modes : []);
  return [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ]
    .filter(([m]) => set.has(m))
    .map(([, s]) => s)
    .join(',');
}

/** storageutil.GetPersistentVolume(Claim)Class: the beta annotation first, then spec.storageClassName. */
function storageClassOf(obj: Obj): string {
  const ann = stringMap(obj.metadata?.annotations)['volume.beta.kubernetes.io/storage-class'];
  return ann ?? obj.spec?.storageClassName ?? '';
}

const persistentVolumeClaim: Describer = async (ctx) => {
  const pvc = await ownObject(ctx);
  // getPodsForPVC: every pod of the namespace, kept when a volume names the claim or the claim is owned by it.
  const nsPods = await ctx.list(
    relatedListStep(
      { version: 'v1', resource: 'pods', namespace: pvc.metadata?.namespace },
      { chunkSize: ctx.chunkSize, purpose: 'list the pods of the namespace (those that use the claim)' },
    ),
  );
  const users: Obj[] = [];
  for (const p of nsPods) for (const vol of arr(p.spec?.volumes)) if (vol.persistentVolumeClaim?.claimName === pvc.metadata?.name) users.push(p);
  for (const ref of arr(pvc.metadata?.ownerReferences)) {
    if (ref.kind !== 'Pod') continue;
    const owner = nsPods.find((p) => p.metadata?.uid === ref.uid);
    if (owner && !users.some((u) => u.metadata?.uid === owner.metadata?.uid)) users.push(owner);
  }
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(pvc, 'PersistentVolumeClaim')) : undefined;
  return tabbedString((w) => {
    const meta = pvc.metadata ?? {};
    const spec = pvc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pvc)}\n`);
    if (meta.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, ctx.now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(meta.finalizers)}\n`);
    let capacity = '';
    let modes = '';
    if (spec.volumeName) {
      modes = accessModes(pvc.status?.accessModes);
      capacity = (resourceList(pvc.status?.capacity).get('storage') ?? Quantity.zero()).toString();
    }
    w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
    w.write(LEVEL_0, `Access Modes:\t${modes}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(LEVEL_0, 'DataSource:\n');
      if (spec.dataSource.apiGroup !== undefined && spec.dataSource.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
      w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ''}\n`);
    }
    w.write(LEVEL_0, 'Used By:\t');
    if (users.length === 0) w.writeLine('<none>');
    else
      [...users]
        .sort((a, b) => byteCompare(a.metadata?.name ?? '', b.metadata?.name ?? ''))
        .forEach((p, i) => {
          if (i !== 0) {
            w.write(LEVEL_0, '');
            w.write(LEVEL_0, '\t');
          }
          w.write(LEVEL_0, `${p.metadata?.name}\n`);
        });
    const conditions = arr(pvc.status?.conditions);
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type ?? ''} \t${c.status ?? ''} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

function printNodeSelectorTerms(w: PrefixWriter, level: number, title: string, reqs: Obj[]): void {
  w.write(level, `${title}:\t`);
  if (reqs.length === 0) {
    w.writeLine('<none>');
    return;
  }
  reqs.forEach((req, i) => {
    if (i !== 0) w.write(level, '\t');
    let expr = `${req.key} ${String(req.operator ?? '').toLowerCase()}`;
    if (arr(req.values).length > 0) expr += ` [${(req.values as string[]).join(', ')}]`;
    w.write(LEVEL_0, `${expr}\n`);
  });
}

const persistentVolume: Describer = async (ctx) => {
  const pv = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(pv, 'PersistentVolume')) : undefined;
  return tabbedString((w) => {
    const meta = pv.metadata ?? {};
    const spec = pv.spec ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(meta.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pv)}\n`);
    if (meta.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, ctx.now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
    w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${(resourceList(spec.capacity).get('storage') ?? Quantity.zero()).toString()}\n`);
    w.write(LEVEL_0, 'Node Affinity:\t');
    const required = spec.nodeAffinity?.required;
    if (!required) w.writeLine('<none>');
    else {
      w.writeLine('');
      w.write(LEVEL_1, 'Required Terms:\t');
      const terms = arr(required.nodeSelectorTerms);
      if (terms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        terms.forEach((term, i) => printNodeSelectorTerms(w, LEVEL_2, `Term ${i}`, arr(term.matchExpressions)));
      }
    }
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    if (spec.hostPath)
      w.write(
        LEVEL_2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path ?? ''}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`,
      );
    else if (spec.nfs)
      w.write(
        LEVEL_2,
        `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server ?? ''}\n    Path:\t${spec.nfs.path ?? ''}\n    ReadOnly:\t${spec.nfs.readOnly === true}\n`,
      );
    else if (spec.local) w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path ?? ''}\n`);
    else if (spec.csi) {
      w.write(
        LEVEL_2,
        `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec.csi.driver ?? ''}\n    FSType:\t${spec.csi.fsType ?? ''}\n    VolumeHandle:\t${spec.csi.volumeHandle ?? ''}\n    ReadOnly:\t${spec.csi.readOnly === true}\n`,
      );
      printCsiVolumeAttributes(w, spec.csi.volumeAttributes);
    } else w.write(LEVEL_1, '<unknown>\n');
    if (events) describeEvents(events, w, ctx.now);
  });
};

// ─── RBAC ────────────────────────────────────────────────────────────────────────────────────────────────

/** RoleDescriber and ClusterRoleDescriber (neither prints a Namespace line). */
function roleDescriber(): Describer {
  return async (ctx) => {
    const role = await ownObject(ctx);
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${role.metadata?.name}\n`);
      printLabelsMultiline(w, 'Labels', role.metadata?.labels);
      printAnnotationsMultiline(w, 'Annotations', role.metadata?.annotations);
      w.write(LEVEL_0, 'PolicyRule:\n');
      w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
      w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
      for (const line of describeRules(arr(role.rules))) w.write(LEVEL_1, line);
    });
  };
}

const binding: Describer = async (ctx) => {
  const b = await ownObject(ctx);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${b.metadata?.name}\n`);
    printLabelsMultiline(w, 'Labels', b.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', b.metadata?.annotations);
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${b.roleRef?.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${b.roleRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of arr(b.subjects)) w.write(LEVEL_1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  });
};

// ─── Everything else ─────────────────────────────────────────────────────────────────────────────────────

/** GenericDescriberFor: the object read again (as JSON, like kubectl's dynamic client) and walked field by field. */
const generic: Describer = async (ctx) => {
  const obj = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(obj, obj.kind ?? ctx.resource.kind)) : undefined;
  return genericDescription(obj, events, ctx.now);
};

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': pod,
  '/Secret': secret,
  '/Service': service,
  '/ServiceAccount': serviceAccount,
  '/Node': node,
  '/Namespace': namespace,
  '/Endpoints': endpoints,
  '/ConfigMap': configMap,
  '/PersistentVolume': persistentVolume,
  '/PersistentVolumeClaim': persistentVolumeClaim,
  'rbac.authorization.k8s.io/Role': roleDescriber(),
  'rbac.authorization.k8s.io/ClusterRole': roleDescriber(),
  'rbac.authorization.k8s.io/RoleBinding': binding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': binding,
};

/** describe.Describer: the kind's own describer, else the generic one. */
export function describerFor(r: ApiResource): Describer {
  const key = `${r.group}/${r.kind}`;
  return DESCRIBERS[key] ?? WORKLOAD_DESCRIBERS[key] ?? MORE_DESCRIBERS[key] ?? CERTIFICATE_DESCRIBERS[key] ?? generic;
}
