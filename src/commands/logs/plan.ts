// kcurl logs without I/O: the requests kubectl logs makes (the object GET, the pod list of a controller, one
// GET …/log per container) and its choices in between (which pod, which container), from
// kubectl/pkg/polymorphichelpers/logsforobject.go, attachablepodforobject.go and podutils.ByLogging.
import { KcurlError } from '../../errors.js';
import type { ApiResource } from '../../kube/resources.js';
import { apiPath } from '../../kube/resources.js';
import { goSortInPlace } from '../../output/go-sort.js';
import { labelSelectorString } from '../../output/label-text.js';
import { ACCEPT, type RequestStep, pathSegment } from '../../plan/request-plan.js';
import type { PodLogOptions } from './options.js';

type Obj = Record<string, any>;

/** kubectl asks for protobuf where its typed clientset lists pods; kcurl asks for JSON. */
export const PROTOBUF_NOTE =
  'kubectl lists the pods with Accept: application/vnd.kubernetes.protobuf,application/json; kcurl asks for JSON (same request otherwise)';

/** The query of GET …/pods/NAME/log: PodLogOptions as client-go encodes it (keys sorted when sent). */
export function logQuery(log: PodLogOptions, container: string): [string, string][] {
  const q: [string, string][] = [['container', container]];
  if (log.follow) q.push(['follow', 'true']);
  if (log.previous) q.push(['previous', 'true']);
  if (log.sinceSeconds !== undefined) q.push(['sinceSeconds', String(log.sinceSeconds)]);
  if (log.sinceTime !== undefined) q.push(['sinceTime', log.sinceTime]);
  if (log.timestamps) q.push(['timestamps', 'true']);
  if (log.tailLines !== undefined) q.push(['tailLines', String(log.tailLines)]);
  if (log.limitBytes !== undefined) q.push(['limitBytes', String(log.limitBytes)]);
  if (log.insecureSkipTLSVerifyBackend) q.push(['insecureSkipTLSVerifyBackend', 'true']);
  return q;
}

const podsPath = (namespace: string) => `/api/v1/namespaces/${pathSegment(namespace)}/pods`;

/** The builder's GET of the named object (a pod, or the controller a pod is looked up from). */
export function objectStep(resource: ApiResource, namespace: string, name: string): RequestStep {
  return {
    method: 'GET',
    path: apiPath(resource, { namespace: resource.namespaced ? namespace : undefined, name }),
    query: [],
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: `get ${resource.singularName || resource.resource} "${name}" (kubectl reads it to choose the pod and container)`,
    kind: 'get',
    role: 'lookup',
  };
}

/** `-l SELECTOR`: the builder lists the pods. */
export function selectorListStep(namespace: string, selector: string): RequestStep {
  return {
    method: 'GET',
    path: podsPath(namespace),
    query: [['labelSelector', selector]],
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: `list the pods matching ${selector} in namespace ${namespace}`,
    kind: 'list',
    role: 'lookup',
  };
}

/** GetFirstPod: the pods of a controller, by its selector. */
export function ownerPodsStep(namespace: string, selector: string): RequestStep {
  return {
    method: 'GET',
    path: podsPath(namespace),
    query: [['labelSelector', selector]],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `list the pods selected by ${selector} (kubectl logs the first of them, sorted for logging)`,
    kind: 'list',
    role: 'lookup',
  };
}

/** GetFirstPod with no pod yet: watch from the list's resourceVersion until one is added or modified. */
export function ownerPodsWatchStep(namespace: string, selector: string, resourceVersion: string): RequestStep {
  return {
    method: 'GET',
    path: podsPath(namespace),
    query: [
      ['labelSelector', selector],
      ['resourceVersion', resourceVersion],
      ['watch', 'true'],
    ],
    headers: [['Accept', ACCEPT.json]],
    stream: true,
    purpose: `watch for a first pod selected by ${selector}`,
    kind: 'watch',
    role: 'lookup',
  };
}

export function logStep(namespace: string, pod: string, container: string, log: PodLogOptions): RequestStep {
  return {
    method: 'GET',
    path: `${podsPath(namespace)}/${pathSegment(pod)}/log`,
    query: logQuery(log, container),
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: true,
    purpose: `${log.follow ? 'follow' : 'read'} the log of container ${container} in pod ${pod}`,
    kind: 'log',
    role: 'call',
  };
}

/** podcmd.AllContainerNames: containers, then ephemeral ones, then init ones. */
export function allContainerNames(pod: Obj): string {
  const spec = pod.spec ?? {};
  return [
    ...(spec.containers ?? []).map((c: Obj) => c.name),
    ...(spec.ephemeralContainers ?? []).map((c: Obj) => `${c.name} (ephem)`),
    ...(spec.initContainers ?? []).map((c: Obj) => `${c.name} (init)`),
  ].join(', ');
}

function findContainer(pod: Obj, name: string): boolean {
  const spec = pod.spec ?? {};
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].some((c: Obj) => c.name === name);
}

export interface ContainerChoice {
  container: string;
  /** What kubectl prints on stderr about the choice (`Defaulted container "a" out of: a, b`). */
  notes: string[];
}

/**
 * The container(s) kubectl reads for one pod: all of them in spec order with --all-containers (init, regular,
 * ephemeral), else -c, else the `kubectl.kubernetes.io/default-container` annotation, else the first container.
 */
export function chooseContainers(pod: Obj, requested: string | undefined, allContainers: boolean): ContainerChoice[] {
  const name = pod.metadata?.name ?? '';
  const spec = pod.spec ?? {};
  if (allContainers) {
    return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c: Obj) => ({
      container: c.name,
      notes: [],
    }));
  }
  const notes: string[] = [];
  let container = requested;
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  if (!container && annotated) {
    if (findContainer(pod, annotated)) container = annotated;
    else notes.push(`Default container name ${JSON.stringify(annotated)} not found in pod ${name}`);
  }
  if (!container) {
    const containers = spec.containers ?? [];
    if (containers.length === 0) throw new KcurlError('KCURL_API_STATUS', `pod ${name} has no containers`);
    container = containers[0].name as string;
    if (containers.length > 1 || (spec.initContainers ?? []).length > 0 || (spec.ephemeralContainers ?? []).length > 0) {
      notes.push(`Defaulted container ${JSON.stringify(container)} out of: ${allContainerNames(pod)}`);
    }
  }
  if (!findContainer(pod, container)) throw new KcurlError('KCURL_USAGE', `container ${container} is not valid for pod ${name}`);
  return [{ container, notes }];
}

/** metav1.LabelSelectorAsSelector(...).String(), failing as it does on an unknown operator. */
function selectorText(sel: Obj | undefined | null): string {
  const text = labelSelectorString(sel);
  if (text !== undefined) return text;
  const bad = ((sel?.matchExpressions ?? []) as Obj[]).find((e) => !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator));
  throw new KcurlError('KCURL_API_STATUS', `"${String(bad?.operator)}" is not a valid label selector operator`);
}

function setSelectorString(set: Record<string, string>): string {
  return Object.keys(set)
    .sort()
    .map((k) => `${k}=${set[k]}`)
    .join(',');
}

/** polymorphichelpers.SelectorsForObject: the pod selector of a controller or service. */
export function podSelectorFor(obj: Obj, resource: Pick<ApiResource, 'kind' | 'version' | 'group'>): string {
  const kind = resource.kind;
  const name = obj.metadata?.name ?? '';
  const spec = obj.spec ?? {};
  const invalid = (why: string) =>
    new KcurlError('KCURL_API_STATUS', `cannot get the logs from *${resource.version}.${kind}: invalid ${kind.toLowerCase()} '${name}': ${why}`);
  if (kind === 'Service' && resource.group === '') {
    if (!spec.selector || Object.keys(spec.selector).length === 0) throw invalid('Service is defined without a selector');
    return setSelectorString(spec.selector);
  }
  if (kind === 'ReplicationController' && resource.group === '') return setSelectorString(spec.selector ?? {});
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(kind) && (resource.group === 'apps' || resource.group === 'extensions')) {
    return selectorText(spec.selector);
  }
  if (kind === 'Job' && resource.group === 'batch') return selectorText(spec.selector);
  throw new KcurlError('KCURL_USAGE', `cannot get the logs from *${resource.version}.${kind}: selector for *${resource.version}.${kind} not implemented`);
}

export function isPodReady(pod: Obj): boolean {
  return (pod.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');
}

export function readyTime(pod: Obj): number {
  const c = (pod.status?.conditions ?? []).find((x: Obj) => x.type === 'Ready' && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

export const maxRestarts = (pod: Obj) => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c: Obj) => Number(c.restartCount ?? 0)));

/** afterOrZero: t1 after t2, a zero time counting as after any other. */
export const afterOrZero = (t1: number, t2: number) => (t1 === 0 || t2 === 0 ? t1 === 0 : t1 > t2);

/** podutils.ByLogging Less: the pod best worth logging sorts first. */
export function byLoggingLess(a: Obj, b: Obj): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na !== '';
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const ra = rank[a.status?.phase] ?? 0;
  const rb = rank[b.status?.phase] ?? 0;
  if (ra !== rb) return ra < rb;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a);
  if (isPodReady(a) && isPodReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = a.metadata?.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : 0;
  const cb = b.metadata?.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : 0;
  if (ca !== cb) return afterOrZero(cb, ca);
  return false;
}

/** The pods sorted with Go's sort.Sort and ByLogging, best first. */
export function sortPodsForLogs(pods: Obj[]): Obj[] {
  return goSortInPlace([...pods], byLoggingLess);
}

/** GetFirstPod: the first pod of the sorted list. */
export function pickPodForLogs(pods: Obj[]): Obj | undefined {
  return sortPodsForLogs(pods)[0];
}
