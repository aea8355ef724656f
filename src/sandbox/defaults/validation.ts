// The common 422 checks of kube-apiserver's validation (pkg/apis/*/validation and apimachinery's ObjectMeta
// checks), with the field paths and texts the real server reports. Runs on the defaulted object; `old` turns
// on the update rules (pod spec and selectors immutable, roleRef fixed).
import { validateApiGroupObject } from './api-group-defaults.js';
import type { KubeObject } from '../types.js';
import {
  duplicate,
  forbidden,
  GoLiteral,
  goSliceOfStrings,
  goStringMap,
  invalid,
  notFound,
  notSupported,
  required,
  tooLong,
  type FieldError,
} from './field-errors.js';
import { isRec, records, str, type Rec } from './json-access.js';
import { podSpecDiff } from './core-pod-spec.js';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
} from '../../kube/name-validation.js';

type NameRule = (name: string) => string[];

/** Kinds whose rules live in api-group-defaults.ts. */
const API_GROUP_KINDS = new Set([
  'networking.k8s.io/ingresses',
  'policy/poddisruptionbudgets',
  'autoscaling/horizontalpodautoscalers',
  'scheduling.k8s.io/priorityclasses',
  'node.k8s.io/runtimeclasses',
  'events.k8s.io/events',
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
]);

const RBAC = 'rbac.authorization.k8s.io';

/** The name rule of each kind (ValidateXxxName); DNS subdomain unless listed. */
function nameRule(group: string, resource: string): NameRule {
  if (group === '' && resource === 'namespaces') return isDNS1123Label;
  if (group === '' && resource === 'services') return isDNS1035Label;
  if (group === RBAC) return isValidPathSegmentName;
  // kube-aggregator: an APIService is named version.group (`v1.` for the core group).
  if (group === 'apiregistration.k8s.io') return isValidPathSegmentName;
  return isDNS1123Subdomain;
}

/** Field errors for `obj` (empty when valid); with `old`, for an update of `old` to `obj`. */
export function validate(group: string, resource: string, obj: KubeObject, old?: KubeObject): FieldError[] {
  if (API_GROUP_KINDS.has(`${group}/${resource}`)) {
    return [
      ...validateObjectMeta(obj, nameRule(group, resource)),
      ...validateApiGroupObject(`${group}/${resource}`, obj as Rec, obj.apiVersion?.split('/')[1] ?? ''),
    ];
  }
  const errs: FieldError[] = [...validateObjectMeta(obj, nameRule(group, resource))];
  const o = obj as Rec;
  const before = old as Rec | undefined;
  switch (`${group}/${resource}`) {
    case '/pods':
      errs.push(...validatePodSpec(rec(o.spec), 'spec'));
      if (before) errs.push(...validatePodUpdate(rec(o.spec), rec(before.spec)));
      break;
    case '/services':
      errs.push(...validateService(rec(o.spec)));
      if (before) errs.push(...validateServiceUpdate(rec(o.spec), rec(before.spec)));
      break;
    case '/configmaps':
      errs.push(...validateDataKeys(o));
      // ValidateConfigMap: the values of data and binaryData together; the error names the whole object (`[]`).
      if (configMapSize(o) > MAX_DATA_BYTES) errs.push(tooLong('[]', MAX_DATA_BYTES));
      if (before) errs.push(...validateImmutableData(o, before, ['data', 'binaryData']));
      break;
    case '/secrets':
      errs.push(...validateDataKeys(o));
      if (secretSize(o) > MAX_DATA_BYTES) errs.push(tooLong('data', MAX_DATA_BYTES));
      if (before) {
        if (str(o.type) !== str(before.type)) errs.push(invalid('type', str(o.type), 'field is immutable'));
        errs.push(...validateImmutableData(o, before, ['data']));
      }
      break;
    case '/persistentvolumeclaims': {
      const spec = rec(o.spec);
      if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) errs.push(required('spec.accessModes', 'at least 1 access mode is required'));
      if (rec(rec(spec.resources).requests).storage === undefined) errs.push(required('spec.resources[storage]', ''));
      break;
    }
    case 'apps/deployments':
    case 'apps/replicasets':
    case 'apps/statefulsets':
    case 'apps/daemonsets':
      errs.push(...validateReplicatedSpec(resource, rec(o.spec)));
      if (before) errs.push(...immutableSelector(rec(o.spec), rec(before.spec)));
      break;
    case 'batch/jobs':
      errs.push(...validateJobSpec(rec(o.spec), 'spec'));
      break;
    case 'batch/cronjobs': {
      if (obj.metadata.name && obj.metadata.name.length > 52) errs.push(invalid('metadata.name', obj.metadata.name, 'must be no more than 52 characters'));
      const spec = rec(o.spec);
      if (str(spec.schedule) === '') errs.push(required('spec.schedule', ''));
      errs.push(...validateJobSpec(rec(rec(spec.jobTemplate).spec), 'spec.jobTemplate.spec'));
      break;
    }
    case `${RBAC}/roles`:
    case `${RBAC}/clusterroles`:
      records(o.rules).forEach((r, i) => errs.push(...validatePolicyRule(r, resource === 'roles', `rules[${i}]`)));
      break;
    case `${RBAC}/rolebindings`:
    case `${RBAC}/clusterrolebindings`:
      errs.push(...validateBinding(o, resource === 'rolebindings'));
      if (before && JSON.stringify(roleRefOf(o)) !== JSON.stringify(roleRefOf(before))) {
        const r = roleRefOf(o);
        errs.push(
          invalid(
            'roleRef',
            new GoLiteral(`rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup)}, Kind:${JSON.stringify(r.kind)}, Name:${JSON.stringify(r.name)}}`),
            'cannot change roleRef',
          ),
        );
      }
      break;
  }
  return errs;
}

const rec = (v: unknown): Rec => (isRec(v) ? v : {});

// ---- ObjectMeta (apimachinery/pkg/api/validation/objectmeta.go) ----

function validateObjectMeta(obj: KubeObject, nameFn: NameRule): FieldError[] {
  const errs: FieldError[] = [];
  const meta = rec(obj.metadata);
  const name = str(meta.name);
  if (name === '') {
    if (str(meta.generateName) === '') errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name)) errs.push(invalid('metadata.name', name, msg));
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  return errs;
}

function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(rec(labels))) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    for (const msg of isValidLabelValue(str(v))) errs.push(invalid(path, str(v), msg));
  }
  return errs;
}

function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(rec(annotations))) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    size += k.length + str(v).length;
  }
  if (size > 262144) errs.push(tooLong(path, 262144));
  return errs;
}

// ---- pods (pkg/apis/core/validation ValidatePodSpec, ValidatePodUpdate) ----

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validatePodSpec(spec: Rec, path: string, claimNames: string[] = []): FieldError[] {
  const errs: FieldError[] = [];
  const volumeNames = new Set<string>();
  records(spec.volumes).forEach((v, i) => {
    const name = str(v.name);
    const p = `${path}.volumes[${i}].name`;
    if (name === '') errs.push(required(p, ''));
    else {
      for (const msg of isDNS1123Label(name)) errs.push(invalid(p, name, msg));
      if (volumeNames.has(name)) errs.push(duplicate(p, name));
    }
    volumeNames.add(name);
  });
  for (const name of claimNames) volumeNames.add(name);
  const containerNames = new Set<string>();
  const containers = records(spec.containers);
  if (containers.length === 0) errs.push(required(`${path}.containers`, ''));
  containers.forEach((c, i) => errs.push(...validateContainer(c, `${path}.containers[${i}]`, volumeNames, containerNames)));
  records(spec.initContainers).forEach((c, i) => errs.push(...validateContainer(c, `${path}.initContainers[${i}]`, volumeNames, containerNames)));
  const restartPolicy = str(spec.restartPolicy);
  if (restartPolicy === '') errs.push(required(`${path}.restartPolicy`, ''));
  else if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy))
    errs.push(notSupported(`${path}.restartPolicy`, restartPolicy, ['Always', 'OnFailure', 'Never']));
  const dnsPolicy = str(spec.dnsPolicy);
  if (dnsPolicy !== '' && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dnsPolicy)) {
    errs.push(notSupported(`${path}.dnsPolicy`, dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  return errs;
}

function validateContainer(c: Rec, path: string, volumes: Set<string>, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (name === '') errs.push(required(`${path}.name`, ''));
  else for (const msg of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, msg));
  const image = str(c.image);
  if (image === '') errs.push(required(`${path}.image`, ''));
  else if (image !== image.trim()) errs.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
  const portNames = new Set<string>();
  records(c.ports).forEach((p, i) => {
    const pp = `${path}.ports[${i}]`;
    const portName = str(p.name);
    if (portName !== '') {
      const msgs = portNameErrors(portName);
      for (const msg of msgs) errs.push(invalid(`${pp}.name`, portName, msg));
      if (msgs.length === 0 && portNames.has(portName)) errs.push(duplicate(`${pp}.name`, portName));
      portNames.add(portName);
    }
    if (!p.containerPort) errs.push(required(`${pp}.containerPort`, ''));
    else if (!validPort(p.containerPort)) errs.push(invalid(`${pp}.containerPort`, p.containerPort, 'must be between 1 and 65535, inclusive'));
    if (p.hostPort && !validPort(p.hostPort)) errs.push(invalid(`${pp}.hostPort`, p.hostPort, 'must be between 1 and 65535, inclusive'));
    const protocol = str(p.protocol);
    if (protocol === '') errs.push(required(`${pp}.protocol`, ''));
    else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(`${pp}.protocol`, protocol, PROTOCOLS));
  });
  records(c.volumeMounts).forEach((m, i) => {
    const mountName = str(m.name);
    if (mountName === '') errs.push(required(`${path}.volumeMounts[${i}].name`, ''));
    else if (!volumes.has(mountName)) errs.push(notFound(`${path}.volumeMounts[${i}].name`, mountName));
    if (str(m.mountPath) === '') errs.push(required(`${path}.volumeMounts[${i}].mountPath`, ''));
  });
  const pullPolicy = str(c.imagePullPolicy);
  if (pullPolicy === '') errs.push(required(`${path}.imagePullPolicy`, ''));
  else if (!PULL_POLICIES.includes(pullPolicy)) errs.push(notSupported(`${path}.imagePullPolicy`, pullPolicy, PULL_POLICIES));
  if (name !== '') {
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    names.add(name);
  }
  return errs;
}

const validPort = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;

/** validation.IsValidPortName. */
function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

const UPDATABLE_POD_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** ValidatePodUpdate: apart from images, deadlines, added tolerations and the grace period, a pod's spec is fixed. */
function validatePodUpdate(spec: Rec, oldSpec: Rec): FieldError[] {
  // ValidateContainerUpdates: adding or removing a container stops the checks there.
  for (const [key, path] of [
    ['containers', 'spec.containers'],
    ['initContainers', 'spec.initContainers'],
  ]) {
    if (records(spec[key]).length !== records(oldSpec[key]).length) return [forbidden(path, 'pod updates may not add or remove containers')];
  }
  const munged: Rec = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    const before = records(oldSpec[key]);
    records(munged[key]).forEach((c, i) => (c.image = before[i].image));
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  // validateOnlyAddedTolerations: every old toleration is still there (its tolerationSeconds may change); the
  // comparison below then takes the old list.
  const errs: FieldError[] = [];
  const sansSeconds = (t: Rec) => JSON.stringify(canonical({ ...t, tolerationSeconds: undefined }));
  const newTolerations = records(spec.tolerations).map(sansSeconds);
  if (!records(oldSpec.tolerations).every((t) => newTolerations.includes(sansSeconds(t))))
    errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  munged.tolerations = oldSpec.tolerations;
  if (typeof oldSpec.terminationGracePeriodSeconds === 'number' && oldSpec.terminationGracePeriodSeconds < 0 && spec.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  // Equal JSON is an equal spec: most updates (labels, status) stop here, before the Go-typed comparison.
  if (JSON.stringify(canonical(oldSpec)) === JSON.stringify(canonical(munged))) return errs;
  // The message carries cmp.Diff(oldPod.Spec, mungedPodSpec) of the internal core.PodSpec, as the real server's does.
  const diff = podSpecDiff(oldSpec, munged);
  if (diff !== '') errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_FIELDS.join(',')}\n${diff}`));
  return errs;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isRec(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  return v;
}

// ---- services ----

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validateService(spec: Rec): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec.type);
  const ports = records(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports', ''));
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ExternalName' && str(spec.externalName) === '') errs.push(required('spec.externalName', ''));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    const name = str(p.name);
    if (ports.length > 1 && name === '') errs.push(required(`${path}.name`, ''));
    else if (name !== '') {
      for (const msg of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, msg));
      if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
      names.add(name);
    }
    if (!validPort(p.port)) errs.push(invalid(`${path}.port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
    const protocol = str(p.protocol);
    if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(`${path}.protocol`, protocol, PROTOCOLS));
    if (type === 'ClusterIP' && p.nodePort) errs.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  return errs;
}

function validateServiceUpdate(spec: Rec, oldSpec: Rec): FieldError[] {
  const now = Array.isArray(spec.clusterIPs) ? (spec.clusterIPs as string[]) : [];
  const before = Array.isArray(oldSpec.clusterIPs) ? (oldSpec.clusterIPs as string[]) : [];
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  if (now.length > 0 && before.length > 0 && now[0] !== before[0]) return [invalid('spec.clusterIPs[0]', goSliceOfStrings(now), 'may not change once set')];
  return [];
}

// ---- config maps and secrets ----

function validateDataKeys(o: Rec): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['data', 'binaryData', 'stringData']) {
    for (const key of Object.keys(rec(o[field]))) for (const msg of isConfigMapKey(key)) errs.push(invalid(`${field}[${key}]`, key, msg));
  }
  return errs;
}

/** core.MaxSecretSize, the limit of a Secret's or ConfigMap's data. */
const MAX_DATA_BYTES = 1024 * 1024;

/** ValidateConfigMap's total: the bytes of every data value and every decoded binaryData value. */
function configMapSize(o: Rec): number {
  let size = 0;
  for (const v of Object.values(rec(o.data))) size += Buffer.byteLength(str(v), 'utf8');
  for (const v of Object.values(rec(o.binaryData))) size += Buffer.from(str(v), 'base64').length;
  return size;
}

/** ValidateSecret's total: the decoded value bytes (keys do not count). */
function secretSize(o: Rec): number {
  let size = 0;
  for (const v of Object.values(rec(o.data))) size += Buffer.from(str(v), 'base64').length;
  return size;
}

function validateImmutableData(o: Rec, before: Rec, fields: string[]): FieldError[] {
  if (before.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (o.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const field of fields) {
    if (JSON.stringify(canonical(o[field] ?? {})) !== JSON.stringify(canonical(before[field] ?? {})))
      errs.push(forbidden(field, 'field is immutable when `immutable` is set'));
  }
  return errs;
}

// ---- workloads (pkg/apis/apps/validation, pkg/apis/batch/validation) ----

function validateReplicatedSpec(resource: string, spec: Rec): FieldError[] {
  const errs: FieldError[] = [];
  if (resource !== 'daemonsets' && typeof spec.replicas === 'number' && spec.replicas < 0) {
    errs.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const selector = spec.selector;
  if (!isRec(selector)) {
    errs.push(required('spec.selector', ''));
  } else if (Object.keys(rec(selector.matchLabels)).length + records(selector.matchExpressions).length === 0) {
    errs.push(
      invalid(
        'spec.selector',
        goLabelSelector(selector),
        `empty selector is invalid for ${resource === 'daemonsets' ? 'daemonset' : resource === 'statefulsets' ? 'statefulset' : 'deployment'}`,
      ),
    );
  }
  // A StatefulSet's containers may mount its volumeClaimTemplates by name: the controller adds a volume per template
  // to each pod (ValidateStatefulSetSpec does not check the template's volumes against its mounts for that reason).
  const claimNames = resource === 'statefulsets' ? records(spec.volumeClaimTemplates).map((t) => str(rec(t.metadata).name)) : [];
  errs.push(...validateTemplate(rec(spec.template), 'spec.template', isRec(selector) ? selector : undefined, ['Always'], claimNames));
  return errs;
}

function validateJobSpec(spec: Rec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds']) {
    if (typeof spec[field] === 'number' && (spec[field] as number) < 0)
      errs.push(invalid(`${path}.${field}`, spec[field], 'must be greater than or equal to 0'));
  }
  errs.push(...validateTemplate(rec(spec.template), `${path}.template`, isRec(spec.selector) ? spec.selector : undefined, ['OnFailure', 'Never']));
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet and the job equivalent: selector ⊆ labels, a valid pod spec, an allowed restartPolicy. */
function validateTemplate(template: Rec, path: string, selector: Rec | undefined, restartPolicies: string[], claimNames: string[] = []): FieldError[] {
  const errs: FieldError[] = [];
  const metadata = rec(template.metadata);
  if (selector && !selectorMatches(selector, rec(metadata.labels))) {
    errs.push(invalid(`${path}.metadata.labels`, goStringMap(metadata.labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabels(metadata.labels, `${path}.metadata.labels`));
  errs.push(...validateAnnotations(metadata.annotations, `${path}.metadata.annotations`));
  const spec = rec(template.spec);
  errs.push(...validatePodSpec(spec, `${path}.spec`, claimNames));
  const restartPolicy = str(spec.restartPolicy);
  if (restartPolicy !== '' && !restartPolicies.includes(restartPolicy)) errs.push(notSupported(`${path}.spec.restartPolicy`, restartPolicy, restartPolicies));
  return errs;
}

/** Whether a LabelSelector selects these labels; an empty selector selects nothing to compare (treated as a match). */
export function selectorMatches(selector: Rec, labels: Rec): boolean {
  for (const [k, v] of Object.entries(rec(selector.matchLabels))) if (labels[k] !== v) return false;
  for (const e of records(selector.matchExpressions)) {
    const key = str(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(str(labels[key]))) return false;
        break;
      case 'NotIn':
        if (has && values.includes(str(labels[key]))) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** apps/v1: the selector cannot change after creation. */
function immutableSelector(spec: Rec, oldSpec: Rec): FieldError[] {
  if (JSON.stringify(canonical(spec.selector ?? null)) === JSON.stringify(canonical(oldSpec.selector ?? null))) return [];
  return [invalid('spec.selector', isRec(spec.selector) ? goLabelSelector(spec.selector) : null, 'field is immutable')];
}

/** `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`. */
function goLabelSelector(selector: Rec): GoLiteral {
  const exprs = records(selector.matchExpressions);
  const expressions =
    exprs.length === 0
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map((e) => {
            const values = Array.isArray(e.values) ? goSliceOfStrings(e.values.map(String)).text : '[]string(nil)';
            return `v1.LabelSelectorRequirement{Key:${JSON.stringify(str(e.key))}, Operator:${JSON.stringify(str(e.operator))}, Values:${values}}`;
          })
          .join(', ')}}`;
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels).text}, MatchExpressions:${expressions}}`);
}

// ---- RBAC (pkg/apis/rbac/validation) ----

function validatePolicyRule(rule: Rec, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = (k: string) => (Array.isArray(rule[k]) ? (rule[k] as unknown[]).map(String) : []);
  if (list('verbs').length === 0) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = list('nonResourceURLs');
  if (urls.length > 0) {
    if (namespaced) errs.push(invalid(`${path}.nonResourceURLs`, goSliceOfStrings(urls), 'namespaced rules cannot apply to non-resource URLs'));
    if (list('apiGroups').length > 0 || list('resources').length > 0 || list('resourceNames').length > 0) {
      errs.push(invalid(`${path}.nonResourceURLs`, goSliceOfStrings(urls), 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (list('apiGroups').length === 0) errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (list('resources').length === 0) errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

const roleRefOf = (o: Rec) => {
  const r = rec(o.roleRef);
  return { apiGroup: str(r.apiGroup), kind: str(r.kind), name: str(r.name) };
};

function validateBinding(o: Rec, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = roleRefOf(o);
  if (ref.apiGroup !== RBAC) errs.push(notSupported('roleRef.apiGroup', ref.apiGroup, [RBAC]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', ref.kind, kinds));
  if (ref.name === '') errs.push(required('roleRef.name', ''));
  else for (const msg of isValidPathSegmentName(ref.name)) errs.push(invalid('roleRef.name', ref.name, msg));
  records(o.subjects).forEach((s, i) => {
    const path = `subjects[${i}]`;
    const name = str(s.name);
    const apiGroup = str(s.apiGroup);
    if (name === '') errs.push(required(`${path}.name`, ''));
    switch (s.kind) {
      case 'ServiceAccount':
        if (name !== '') for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(`${path}.name`, name, msg));
        if (apiGroup !== '') errs.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
        if (!namespaced && str(s.namespace) === '') errs.push(required(`${path}.namespace`, ''));
        break;
      case 'User':
      case 'Group':
        if (apiGroup !== RBAC) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC]));
        break;
      default:
        errs.push(notSupported(`${path}.kind`, str(s.kind), ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}
