// kubectl's describers for the kinds a full cluster serves beyond the everyday ones (storage classes, CSI nodes,
// priority classes, quotas, limit ranges, disruption budgets, network policies, ingresses, endpoint slices,
// autoscalers, replication controllers), with the same reads in the same order and the same text.
import { ApiStatusError } from '../../errors.js';
import { pathSegment } from '../../plan/request-plan.js';
import { type Describer, arr, ownObject, refOf, searchEvents } from './context.js';
import {
  type Obj,
  byteCompare,
  describeEvents,
  formatLabels,
  formatLabelSelector,
  intOrString,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  stringMap,
} from './fields.js';
import { relatedGetStep, relatedListStep } from './plan.js';
import { describePodTemplate } from './pod-text.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, type PrefixWriter, tabbedString } from './prefix-writer.js';
import { Quantity, resourceList } from '../../kube/quantity.js';

const printBoolPtr = (b: unknown) => (b === undefined || b === null ? '<unset>' : b ? 'True' : 'False');

const storageClass: Describer = async (ctx) => {
  const sc = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(sc, 'StorageClass')) : undefined;
  return tabbedString((w) => {
    const ann = stringMap(sc.metadata?.annotations);
    const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    w.write(LEVEL_0, `Name:\t${sc.metadata?.name}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata?.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    const options = arr(sc.mountOptions) as unknown as string[];
    if (options.length === 0) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of options) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies !== undefined && sc.allowedTopologies !== null) {
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      const terms = arr(sc.allowedTopologies);
      if (terms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        terms.forEach((term, i) => {
          w.write(LEVEL_1, `Term ${i}:\t`);
          const reqs = arr(term.matchLabelExpressions);
          if (reqs.length === 0) w.writeLine('<none>');
          reqs.forEach((req, j) => {
            if (j !== 0) w.write(LEVEL_1, '\t');
            const values = arr(req.values) as unknown as string[];
            w.write(LEVEL_0, `${req.key} in${values.length > 0 ? ` [${values.join(', ')}]` : ''}\n`);
          });
        });
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** describeCSINode: each driver's node ID, allocatable count and topology keys (Go's %s of a []string). */
const csiNode: Describer = async (ctx) => {
  const csi = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(csi, 'CSINode')) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${csi.metadata?.name}\n`);
    printLabelsMultiline(w, 'Labels', csi.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', csi.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csi.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, 'Spec:\n');
    if (Array.isArray(csi.spec?.drivers)) {
      w.write(LEVEL_1, 'Drivers:\n');
      for (const driver of arr(csi.spec?.drivers)) {
        w.write(LEVEL_2, `${driver.name ?? ''}:\n`);
        w.write(LEVEL_3, `Node ID:\t${driver.nodeID ?? ''}\n`);
        const count = driver.allocatable?.count;
        if (typeof count === 'number') {
          w.write(LEVEL_3, 'Allocatables:\n');
          w.write(LEVEL_4, `Count:\t${count}\n`);
        }
        if (Array.isArray(driver.topologyKeys)) w.write(LEVEL_3, `Topology Keys:\t[${(driver.topologyKeys as string[]).join(' ')}]\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

const priorityClass: Describer = async (ctx) => {
  const pc = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(pc, 'PriorityClass')) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata?.name}\n`);
    w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata?.annotations)}\n`);
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** helpTextForResourceQuotaScope. */
export const QUOTA_SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

const resourceQuota: Describer = async (ctx) => {
  const q = await ownObject(ctx);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata?.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata?.namespace}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].map(String).sort(byteCompare);
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (QUOTA_SCOPE_HELP[s]) w.write(LEVEL_0, ` * ${QUOTA_SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = resourceList(q.status?.hard);
    const used = resourceList(q.status?.used);
    for (const name of [...hard.keys()].sort(byteCompare)) {
      const h = hard.get(name) as Quantity;
      let u = used.get(name) ?? Quantity.zero();
      // describeQuota shows the used amount in the format of the hard limit.
      if (u.format !== h.format) u = (Quantity.parse(String(u.value())) ?? u).withFormat(h.format);
      w.write(LEVEL_0, `${name}\t${u}\t${h}\n`);
    }
  });
};

/** describeLimitRangeSpec (kubectl ranges over a map of resource names; kcurl prints them sorted). */
export function describeLimitRangeSpec(spec: Obj, prefix: string, w: PrefixWriter): void {
  for (const item of arr(spec?.limits)) {
    const lists = [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio].map(resourceList);
    const names = new Set<string>();
    for (const l of lists) for (const k of l.keys()) names.add(k);
    const [max, min, def, defReq, ratio] = lists;
    const val = (m: Map<string, Quantity>, k: string) => m.get(k)?.toString() ?? '-';
    // kubectl ranges over a Go map here, so its rows come out in a different order each run; sorted is stable.
    for (const k of [...names].sort(byteCompare))
      w.write(LEVEL_0, `${prefix}${item.type ?? ''}\t${k}\t${val(min, k)}\t${val(max, k)}\t${val(defReq, k)}\t${val(def, k)}\t${val(ratio, k)}\n`);
  }
}

const limitRange: Describer = async (ctx) => {
  const lr = await ownObject(ctx);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata?.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata?.namespace}\n`);
    w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    describeLimitRangeSpec(lr.spec, '', w);
  });
};

const podDisruptionBudget: Describer = async (ctx) => {
  const pdb = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(pdb, 'PodDisruptionBudget')) : undefined;
  return tabbedString((w) => {
    const spec = pdb.spec ?? {};
    const status = pdb.status ?? {};
    w.write(LEVEL_0, `Name:\t${pdb.metadata?.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata?.namespace}\n`);
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(LEVEL_0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
    else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(LEVEL_0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
    w.write(LEVEL_0, spec.selector ? `Selector:\t${formatLabelSelector(spec.selector)}\n` : 'Selector:\t<unset>\n');
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${status.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${status.expectedPods ?? 0}\n`);
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** time.Time.String() in the local zone: "2006-01-02 15:04:05.999999999 -0700 MST" (NetworkPolicy's "Created on"). */
function goTimeString(value: unknown): string {
  const d = typeof value === 'string' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) return '0001-01-01 00:00:00 +0000 UTC';
  const p = (n: number) => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zone =
    offset === 0 ? 'UTC' : (new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? '');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.trunc(abs / 60))}${p(abs % 60)} ${zone}`;
}

function printPeers(w: PrefixWriter, indent: string, title: string, peers: Obj[], none: string): void {
  if (peers.length === 0) {
    w.write(LEVEL_0, `${indent}${none}\n`);
    return;
  }
  for (const peer of peers) {
    w.write(LEVEL_0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    else if (peer.namespaceSelector) w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    else if (peer.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ''}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(arr(peer.ipBlock.except) as unknown as string[]).join(', ')}\n`);
    }
  }
}

function printNetworkPolicyRules(w: PrefixWriter, rules: Obj[], peersKey: 'from' | 'to', isolated: string): void {
  const indent = '    ';
  if (rules.length === 0) {
    w.write(LEVEL_0, `${indent}${isolated}\n`);
    return;
  }
  rules.forEach((rule, i) => {
    const ports = arr(rule.ports);
    if (ports.length === 0) w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const port of ports) {
      const proto = port.protocol ?? 'TCP';
      if (port.endPort === undefined || port.endPort === null)
        w.write(LEVEL_0, `${indent}To Port: ${port.port === undefined || port.port === null ? '<nil>' : intOrString(port.port)}/${proto}\n`);
      else w.write(LEVEL_0, `${indent}To Port Range: ${intOrString(port.port)}-${port.endPort}/${proto}\n`);
    }
    const title = peersKey === 'from' ? 'From' : 'To';
    const any = peersKey === 'from' ? 'From: <any> (traffic not restricted by source)' : 'To: <any> (traffic not restricted by destination)';
    printPeers(w, indent, title, arr(rule[peersKey]), any);
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

const networkPolicy: Describer = async (ctx) => {
  const np = await ownObject(ctx);
  return tabbedString((w) => {
    const spec = np.spec ?? {};
    w.write(LEVEL_0, `Name:\t${np.metadata?.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata?.namespace}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', np.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', np.metadata?.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const ps = spec.podSelector ?? {};
    if (Object.keys(ps.matchLabels ?? {}).length === 0 && arr(ps.matchExpressions).length === 0)
      w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(LEVEL_2, `${formatLabelSelector(ps)}\n`);
    const types = (arr(spec.policyTypes) as unknown as string[]).map(String);
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      printNetworkPolicyRules(w, arr(spec.ingress), 'from', '<none> (Selected pods are isolated for ingress connectivity)');
    } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      printNetworkPolicyRules(w, arr(spec.egress), 'to', '<none> (Selected pods are isolated for egress connectivity)');
    } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
    w.write(LEVEL_1, `Policy Types: ${types.length > 0 ? types.join(', ') : '<none>'}\n`);
  });
};

const endpointSlice: Describer = async (ctx) => {
  const eps = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(eps, 'EndpointSlice')) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata?.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata?.namespace}\n`);
    printLabelsMultiline(w, 'Labels', eps.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', eps.metadata?.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ''}\n`);
    const ports = arr(eps.ports);
    if (ports.length === 0) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of ports) w.write(LEVEL_1, `${p.name || '<unset>'}\t${p.port === undefined || p.port === null ? '<unset>' : p.port}\t${p.protocol ?? ''}\n`);
    }
    const endpoints = arr(eps.endpoints);
    if (endpoints.length === 0) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const e of endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${(arr(e.addresses) as unknown as string[]).join(', ') || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        w.write(LEVEL_3, `Ready:\t${e.conditions?.ready === undefined || e.conditions?.ready === null ? '<unset>' : String(e.conditions.ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
        if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
        w.write(LEVEL_2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${e.zone ?? '<unset>'}\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

const ingressClass: Describer = async (ctx) => {
  const ic = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(ic, 'IngressClass')) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata?.name}\n`);
    printLabelsMultiline(w, 'Labels', ic.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ic.metadata?.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (p.apiGroup !== undefined && p.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind ?? ''}\n`);
      w.write(LEVEL_1, `Name:\t${p.name ?? ''}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

const replicationController: Describer = async (ctx) => {
  const rc = await ownObject(ctx);
  const selector = Object.keys(rc.spec?.selector ?? {})
    .sort(byteCompare)
    .map((k) => `${k}=${rc.spec.selector[k]}`)
    .join(',');
  const pods = await ctx.list(
    relatedListStep(
      { version: 'v1', resource: 'pods', namespace: rc.metadata?.namespace },
      { labelSelector: selector, chunkSize: ctx.chunkSize, purpose: `list the pods selected by ${selector || '(everything)'}` },
    ),
  );
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    const owner = arr(pod.metadata?.ownerReferences).find((r) => r.controller === true);
    if (owner?.uid !== rc.metadata?.uid) continue;
    const phase = pod.status?.phase;
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(rc, 'ReplicationController')) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rc.metadata?.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rc.metadata?.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rc.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', rc.metadata?.annotations);
    w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${counts.running} Running / ${counts.waiting} Waiting / ${counts.succeeded} Succeeded / ${counts.failed} Failed\n`);
    describePodTemplate(rc.spec?.template, w);
    const conditions = arr(rc.status?.conditions);
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''}\t${c.reason ?? ''}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

/** formatEndpointSlices for an ingress backend (the service port picked by number or name). */
function endpointsText(slices: Obj[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const s of slices) {
    for (const p of arr(s.ports)) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of arr(s.endpoints)) {
        if (list.length === 3) more = true;
        if (e.conditions?.ready === false) continue;
        const addr = String(e.addresses?.[0] ?? '');
        if (!more) list.push(addr.includes(':') ? `[${addr}]:${p.port}` : `${addr}:${p.port}`);
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - 3} more...` : ret;
}

const ingress: Describer = async (ctx) => {
  const ing = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(ing, 'Ingress')) : undefined;
  const ns = ing.metadata?.namespace ?? '';
  // describeBackendV1 reads the backend service's EndpointSlices and the service, in the order kubectl writes the text.
  const backend = async (b: Obj): Promise<string> => {
    if (b.service) {
      const port = b.service.port?.number ? String(b.service.port.number) : (b.service.port?.name ?? '');
      const sb = `${b.service.name}:${port}`;
      try {
        const slices = await ctx.list(
          relatedListStep(
            { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespace: ns },
            { labelSelector: `kubernetes.io/service-name=${b.service.name}`, purpose: `list the EndpointSlices of service ${b.service.name}` },
          ),
        );
        const svc = await ctx.get(
          relatedGetStep(`/api/v1/namespaces/${pathSegment(ns)}/services/${pathSegment(b.service.name)}`, `read service ${b.service.name}`),
        );
        let spName = '';
        for (const sp of arr(svc.spec?.ports)) {
          if (b.service.port?.number && b.service.port.number === sp.port) spName = sp.name ?? '';
          else if (b.service.port?.name && b.service.port.name === sp.name) spName = sp.name ?? '';
        }
        return `${sb} (${endpointsText(slices, spName)})`;
      } catch (err) {
        if (err instanceof ApiStatusError) return `${sb} (<error: ${err.status.message ?? ''}>)`;
        throw err;
      }
    }
    if (b.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind ?? ''}, Name: ${b.resource.name ?? ''}`;
    return '';
  };
  const spec = ing.spec ?? {};
  const defaultBackend = spec.defaultBackend ? await backend(spec.defaultBackend) : '<default>';
  const rules: { host: string; paths: { path: string; text: string }[] }[] = [];
  for (const rule of arr(spec.rules)) {
    if (!rule.http) continue;
    const paths = [];
    for (const p of arr(rule.http.paths)) paths.push({ path: p.path ?? '', text: await backend(p.backend ?? {}) });
    rules.push({ host: rule.host || '*', paths });
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata?.name}\n`);
    printLabelsMultiline(w, 'Labels', ing.metadata?.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    const addresses = [
      ...new Set(
        arr(ing.status?.loadBalancer?.ingress)
          .map((i) => i.ip || i.hostname)
          .filter(Boolean),
      ),
    ].sort(byteCompare);
    w.write(LEVEL_0, `Address:\t${addresses.join(',')}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if (arr(spec.tls).length > 0) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of arr(spec.tls)) {
        const hosts = (arr(t.hosts) as unknown as string[]).join(',');
        w.write(LEVEL_1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    for (const r of rules) {
      w.write(LEVEL_1, `${r.host}\t\n`);
      for (const p of r.paths) w.write(LEVEL_2, `\t${p.path} \t${p.text}\n`);
    }
    if (rules.length === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, 'Annotations', ing.metadata?.annotations);
    if (events) describeEvents(events, w, ctx.now);
  });
};

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: Obj | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined && rules.stabilizationWindowSeconds !== null)
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  const policies = arr(rules.policies);
  if (policies.length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of policies) w.write(LEVEL_3, `- Type: ${p.type ?? ''}\tValue: ${p.value ?? 0}\tPeriod: ${p.periodSeconds ?? 0} seconds\n`);
  }
}

const q = (v: unknown) => Quantity.parse(v)?.toString() ?? '<nil>';

const horizontalPodAutoscaler: Describer = async (ctx) => {
  const hpa = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(hpa, 'HorizontalPodAutoscaler')) : undefined;
  return tabbedString((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    const current = arr(status.currentMetrics);
    w.write(LEVEL_0, `Name:\t${hpa.metadata?.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata?.namespace}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    arr(spec.metrics).forEach((m, i) => {
      const cur = current[i];
      if (m.type === 'Resource') {
        w.write(LEVEL_1, `resource ${m.resource?.name ?? ''} on pods`);
        if (m.resource?.target?.averageValue !== undefined) {
          w.write(LEVEL_0, `:\t${cur?.resource ? q(cur.resource.current?.averageValue) : '<unknown>'} / ${q(m.resource.target.averageValue)}\n`);
        } else {
          const c =
            cur?.resource?.current?.averageUtilization !== undefined
              ? `${cur.resource.current.averageUtilization}% (${q(cur.resource.current.averageValue)})`
              : '<unknown>';
          const target = m.resource?.target?.averageUtilization !== undefined ? `${m.resource.target.averageUtilization}%` : '<auto>';
          w.write(LEVEL_1, `(as a percentage of request):\t${c} / ${target}\n`);
        }
      } else if (m.type === 'Pods') {
        w.write(
          LEVEL_1,
          `${JSON.stringify(m.pods?.metric?.name ?? '')} on pods:\t${cur?.pods ? q(cur.pods.current?.averageValue) : '<unknown>'} / ${q(m.pods?.target?.averageValue)}\n`,
        );
      } else if (m.type === 'External') {
        if (m.external?.target?.averageValue !== undefined)
          w.write(
            LEVEL_1,
            `${JSON.stringify(m.external.metric?.name ?? '')} (target average value):\t${cur?.external?.current?.averageValue !== undefined ? q(cur.external.current.averageValue) : '<unknown>'} / ${q(m.external.target.averageValue)}\n`,
          );
        else
          w.write(
            LEVEL_1,
            `${JSON.stringify(m.external?.metric?.name ?? '')} (target value):\t${cur?.external ? q(cur.external.current?.value) : '<unknown>'} / ${q(m.external?.target?.value)}\n`,
          );
      } else if (m.type === 'Object') {
        w.write(LEVEL_1, `"${m.object?.metric?.name ?? ''}" on ${m.object?.describedObject?.kind ?? ''}/${m.object?.describedObject?.name ?? ''} `);
        if (m.object?.target?.type === 'AverageValue')
          w.write(
            LEVEL_0,
            `(target average value):\t${cur?.object ? q(cur.object.current?.averageValue) : '<unknown>'} / ${q(m.object.target.averageValue)}\n`,
          );
        else w.write(LEVEL_0, `(target value):\t${cur?.object ? q(cur.object.current?.value) : '<unknown>'} / ${q(m.object?.target?.value)}\n`);
      } else {
        w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(m.type ?? '')}>\n`);
      }
    });
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
    w.write(LEVEL_0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    const conditions = arr(status.conditions);
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''}\t${c.status ?? ''}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

export const MORE_DESCRIBERS: Record<string, Describer> = {
  'storage.k8s.io/StorageClass': storageClass,
  'storage.k8s.io/CSINode': csiNode,
  'scheduling.k8s.io/PriorityClass': priorityClass,
  '/ResourceQuota': resourceQuota,
  '/LimitRange': limitRange,
  '/ReplicationController': replicationController,
  'policy/PodDisruptionBudget': podDisruptionBudget,
  'networking.k8s.io/NetworkPolicy': networkPolicy,
  'networking.k8s.io/Ingress': ingress,
  'networking.k8s.io/IngressClass': ingressClass,
  'discovery.k8s.io/EndpointSlice': endpointSlice,
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscaler,
};
