// Defaulting and validation for the kinds of networking, policy, autoscaling, scheduling, certificates,
// admissionregistration, flowcontrol, discovery and events.k8s.io, where a v1.32 kube-apiserver does
// something a client sees: the SetDefaults_* of k8s.io/kubernetes/pkg/apis/<group>/v1 (v2 for HPAs),
// the registry strategies' create-time status, and the validation errors workshops run into.
import { servedObject, storedObject } from '../conversion.js';
import type { ResourceDef } from '../registry.js';
import type { KubeObject, UserInfo } from '../types.js';
import { duplicate, forbidden, GoLiteral, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { child, isRec, records, setDefault, type Rec } from './json-access.js';

const HPA_V1_DEF = {
  group: 'autoscaling',
  version: 'v1',
  resource: 'horizontalpodautoscalers',
  storedAs: { group: 'autoscaling', version: 'v2' },
} as ResourceDef;

/** Defaults of the added kinds, in place; `create` also runs the strategies' PrepareForCreate. */
export function defaultApiGroupObject(key: string, o: Rec, create: boolean, requester?: UserInfo): void {
  switch (key) {
    case 'networking.k8s.io/ingresses':
      // IngressStatus.loadBalancer is a struct: a new Ingress serialises `status: {loadBalancer: {}}`.
      if (create || !isRec(o.status)) o.status = { loadBalancer: {} };
      break;
    case 'policy/poddisruptionbudgets':
      if (create || !isRec(o.status)) o.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      break;
    case 'autoscaling/horizontalpodautoscalers':
      defaultHpa(o, create);
      break;
    case 'scheduling.k8s.io/priorityclasses':
      setDefault(o, 'preemptionPolicy', 'PreemptLowerPriority');
      break;
    case 'discovery.k8s.io/endpointslices':
      for (const p of records(o.ports)) {
        setDefault(p, 'name', '');
        setDefault(p, 'protocol', 'TCP');
      }
      break;
    case 'certificates.k8s.io/certificatesigningrequests':
      if (create) {
        // csr strategy PrepareForCreate: the requester's identity is recorded, status starts empty.
        const spec = child(o, 'spec');
        for (const k of ['username', 'uid', 'groups', 'extra']) delete spec[k];
        if (requester) {
          spec.username = requester.username;
          if (requester.uid) spec.uid = requester.uid;
          if (requester.groups.length) spec.groups = [...requester.groups];
          if (requester.extra && Object.keys(requester.extra).length) spec.extra = requester.extra;
        }
        o.status = {};
      }
      break;
    case 'admissionregistration.k8s.io/validatingwebhookconfigurations':
    case 'admissionregistration.k8s.io/mutatingwebhookconfigurations':
      for (const w of records(o.webhooks)) defaultWebhook(w, key.endsWith('mutatingwebhookconfigurations'));
      break;
    case 'admissionregistration.k8s.io/validatingadmissionpolicies': {
      // v1 SetDefaults_ValidatingAdmissionPolicySpec, SetDefaults_MatchResources, SetDefaults_Rule; the strategy
      // starts the status empty on create (the status controller fills it in).
      const spec = child(o, 'spec');
      setDefault(spec, 'failurePolicy', 'Fail');
      if (isRec(spec.matchConstraints)) defaultMatchResources(spec.matchConstraints);
      if (create || !isRec(o.status)) o.status = {};
      break;
    }
    case 'admissionregistration.k8s.io/validatingadmissionpolicybindings': {
      const spec = child(o, 'spec');
      if (isRec(spec.matchResources)) defaultMatchResources(spec.matchResources);
      break;
    }
    case 'flowcontrol.apiserver.k8s.io/flowschemas':
      setDefault(child(o, 'spec'), 'matchingPrecedence', 1000);
      if (create || !isRec(o.status)) o.status = {};
      break;
    case 'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations':
      defaultPriorityLevel(child(o, 'spec'));
      if (create || !isRec(o.status)) o.status = {};
      break;
    case 'apiregistration.k8s.io/apiservices':
      if (create || !isRec(o.status)) o.status = {};
      break;
  }
}

/**
 * autoscaling/v2 SetDefaults_HorizontalPodAutoscaler (minReplicas 1, 80% CPU when no metrics, the scale-up and
 * scale-down rules of a given behavior). A v1 object is stored as v2 and read back through the v2 defaults, so
 * it gets them too (targetCPUUtilizationPercentage 80).
 */
function defaultHpa(o: Rec, create: boolean): void {
  if (o.apiVersion === 'autoscaling/v1') {
    const v2 = storedObject(HPA_V1_DEF, o as KubeObject) as Rec;
    defaultHpa(v2, create);
    const back = servedObject(HPA_V1_DEF, v2 as KubeObject) as Rec;
    for (const k of Object.keys(o)) delete o[k];
    Object.assign(o, back);
    return;
  }
  const spec = child(o, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (isRec(spec.behavior)) {
    const b = spec.behavior;
    b.scaleUp = scalingRules(b.scaleUp, 0, 'Max', [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ]);
    b.scaleDown = scalingRules(b.scaleDown, undefined, 'Max', [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
  }
  // autoscalerStrategy.PrepareForCreate: status starts empty (desiredReplicas is not omitempty).
  if (create || !isRec(o.status)) o.status = { desiredReplicas: 0 };
}

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: fill what the given rules leave out. */
function scalingRules(given: unknown, window: number | undefined, select: string, policies: Rec[]): Rec {
  const rules = isRec(given) ? given : {};
  const out: Rec = {};
  out.stabilizationWindowSeconds = rules.stabilizationWindowSeconds ?? window;
  out.selectPolicy = rules.selectPolicy ?? select;
  out.policies = Array.isArray(rules.policies) && rules.policies.length ? rules.policies : policies;
  if (out.stabilizationWindowSeconds === undefined) delete out.stabilizationWindowSeconds;
  if (rules.tolerance !== undefined) out.tolerance = rules.tolerance;
  return out;
}

/** admissionregistration/v1 SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook / SetDefaults_Rule. */
function defaultWebhook(w: Rec, mutating: boolean): void {
  setDefault(w, 'failurePolicy', 'Fail');
  setDefault(w, 'matchPolicy', 'Equivalent');
  setDefault(w, 'namespaceSelector', {});
  setDefault(w, 'objectSelector', {});
  setDefault(w, 'timeoutSeconds', 10);
  if (mutating) setDefault(w, 'reinvocationPolicy', 'Never');
  for (const r of records(w.rules)) setDefault(r, 'scope', '*');
  const service = child(w, 'clientConfig').service;
  if (isRec(service)) setDefault(service, 'port', 443);
}

/** admissionregistration/v1 SetDefaults_MatchResources, and SetDefaults_Rule on its rules. */
function defaultMatchResources(m: Rec): void {
  setDefault(m, 'matchPolicy', 'Equivalent');
  setDefault(m, 'namespaceSelector', {});
  setDefault(m, 'objectSelector', {});
  for (const r of [...records(m.resourceRules), ...records(m.excludeResourceRules)]) setDefault(r, 'scope', '*');
}

/** flowcontrol/v1 SetDefaults_PriorityLevelConfiguration (limited levels). */
function defaultPriorityLevel(spec: Rec): void {
  if (spec.type !== 'Limited' || !isRec(spec.limited)) return;
  const limited = spec.limited;
  setDefault(limited, 'nominalConcurrencyShares', 30);
  setDefault(limited, 'lendablePercent', 0);
  const response = child(limited, 'limitResponse');
  if (isRec(response.queuing)) {
    setDefault(response.queuing, 'queues', 64);
    setDefault(response.queuing, 'handSize', 8);
    setDefault(response.queuing, 'queueLengthLimit', 50);
  }
}

// ---- validation ----

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const rec = (v: unknown): Rec => (isRec(v) ? v : {});

/** Field errors of the added kinds (after the object-meta checks the caller made). */
export function validateApiGroupObject(key: string, o: Rec, servedVersion: string): FieldError[] {
  const errs: FieldError[] = [];
  switch (key) {
    case 'networking.k8s.io/ingresses': {
      const spec = rec(o.spec);
      records(spec.rules).forEach((rule, i) =>
        records(rec(rule.http).paths).forEach((p, j) => {
          const path = `spec.rules[${i}].http.paths[${j}]`;
          if (p.pathType === undefined) errs.push(required(`${path}.pathType`, 'pathType must be specified'));
          if (!isRec(p.backend)) errs.push(required(`${path}.backend`, 'one backend must be specified'));
        }),
      );
      if (!isRec(spec.defaultBackend) && records(spec.rules).length === 0)
        errs.push(invalid('spec', 'null', 'either `defaultBackend` or `rules` must be specified'));
      break;
    }
    case 'policy/poddisruptionbudgets': {
      const spec = rec(o.spec);
      if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
        // field.Invalid prints the internal struct with %#v; its pointers' addresses differ on every request.
        const ptr = (v: unknown, type: string) => `(*${type})(${v === undefined ? 'nil' : '0xc000a1c000'})`;
        const text = `policy.PodDisruptionBudgetSpec{MinAvailable:${ptr(spec.minAvailable, 'intstr.IntOrString')}, MaxUnavailable:${ptr(spec.maxUnavailable, 'intstr.IntOrString')}, Selector:${ptr(spec.selector, 'v1.LabelSelector')}, UnhealthyPodEvictionPolicy:${ptr(spec.unhealthyPodEvictionPolicy, 'policy.UnhealthyPodEvictionPolicyType')}}`;
        errs.push(invalid('spec', new GoLiteral(text), 'minAvailable and maxUnavailable cannot be both set'));
      }
      break;
    }
    case 'autoscaling/horizontalpodautoscalers': {
      const spec = rec(o.spec);
      const ref = rec(spec.scaleTargetRef);
      if (str(ref.kind) === '') errs.push(required('spec.scaleTargetRef.kind', ''));
      if (str(ref.name) === '') errs.push(required('spec.scaleTargetRef.name', ''));
      const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
      const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0;
      if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
      else if (max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
      break;
    }
    case 'scheduling.k8s.io/priorityclasses': {
      const name = str(rec(o.metadata).name);
      const builtIn = name === 'system-cluster-critical' || name === 'system-node-critical';
      if (name.startsWith('system-') && !builtIn) errs.push(invalid('metadata.name', name, "priority class names with 'system-' prefix are reserved"));
      break;
    }
    case 'admissionregistration.k8s.io/validatingadmissionpolicies':
      errs.push(...validateAdmissionPolicySpec(rec(o.spec)));
      break;
    case 'admissionregistration.k8s.io/validatingadmissionpolicybindings':
      errs.push(...validateAdmissionPolicyBindingSpec(rec(o.spec)));
      break;
    case 'node.k8s.io/runtimeclasses':
      if (str(o.handler) === '') errs.push(required('handler', ''));
      break;
    case 'events.k8s.io/events':
      if (servedVersion === 'v1') errs.push(...validateNewEvent(o));
      break;
  }
  return errs;
}

/**
 * validateValidatingAdmissionPolicySpec without the CEL compilation (expressions are stored, not compiled or run):
 * failure policy, match constraints with at least one resource rule, a validation or audit annotation, non-empty
 * expressions and single-line messages, known reasons.
 */
function validateAdmissionPolicySpec(spec: Rec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.failurePolicy !== 'Fail' && spec.failurePolicy !== 'Ignore') errs.push(notSupported('spec.failurePolicy', spec.failurePolicy, ['Fail', 'Ignore']));
  if (isRec(spec.paramKind)) {
    const apiVersion = str(spec.paramKind.apiVersion);
    if (apiVersion === '') errs.push(required('spec.paramKind.apiVersion', ''));
    if (str(spec.paramKind.kind) === '') errs.push(required('spec.paramKind.kind', ''));
  }
  if (!isRec(spec.matchConstraints)) errs.push(required('spec.matchConstraints', ''));
  else if (records(spec.matchConstraints.resourceRules).length === 0) errs.push(required('spec.matchConstraints.resourceRules', ''));
  const validations = records(spec.validations);
  if (validations.length === 0 && records(spec.auditAnnotations).length === 0) {
    errs.push(required('spec.validations', 'validations or auditAnnotations must contain at least one item'));
    errs.push(required('spec.auditAnnotations', 'validations or auditAnnotations must contain at least one item'));
  }
  const reasons = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
  validations.forEach((v, i) => {
    const path = `spec.validations[${i}]`;
    if (str(v.expression).trim() === '') errs.push(required(`${path}.expression`, 'expression is not specified'));
    const message = str(v.message);
    if (message.length > 0 && message.trim() === '') errs.push(invalid(`${path}.message`, message, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(message.trim())) errs.push(invalid(`${path}.message`, message, 'message must not contain line breaks'));
    if (v.reason !== undefined && !reasons.includes(str(v.reason))) errs.push(notSupported(`${path}.reason`, v.reason, reasons));
  });
  return errs;
}

/** validateValidatingAdmissionPolicyBindingSpec: policy name, param reference, validation actions. */
function validateAdmissionPolicyBindingSpec(spec: Rec): FieldError[] {
  const errs: FieldError[] = [];
  if (str(spec.policyName) === '') errs.push(required('spec.policyName', ''));
  if (isRec(spec.paramRef)) {
    const ref = spec.paramRef;
    if (str(ref.name) !== '' && isRec(ref.selector)) errs.push(forbidden('spec.paramRef.name', 'name and selector are mutually exclusive'));
    if (str(ref.name) === '' && !isRec(ref.selector)) errs.push(required('spec.paramRef', 'one of name or selector must be specified'));
    if (str(ref.parameterNotFoundAction) === '') errs.push(required('spec.paramRef.parameterNotFoundAction', ''));
    else if (ref.parameterNotFoundAction !== 'Allow' && ref.parameterNotFoundAction !== 'Deny')
      errs.push(notSupported('spec.paramRef.parameterNotFoundAction', ref.parameterNotFoundAction, ['Allow', 'Deny']));
  }
  const actions = Array.isArray(spec.validationActions) ? spec.validationActions.map(str) : [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!['Audit', 'Deny', 'Warn'].includes(a)) errs.push(notSupported(`spec.validationActions[${i}]`, a, ['Audit', 'Deny', 'Warn']));
    if (seen.has(a)) errs.push(duplicate(`spec.validationActions[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn'))
    errs.push(
      invalid(
        'spec.validationActions',
        new GoLiteral(`[${actions.join(' ')}]`),
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  if (seen.size === 0) errs.push(required('spec.validationActions', 'at least one validation action is required'));
  return errs;
}

/** ValidateEventCreate for events.k8s.io/v1 (field names as the internal type's, as the server prints them). */
function validateNewEvent(e: Rec): FieldError[] {
  const errs: FieldError[] = [];
  if (e.eventTime === undefined || e.eventTime === null) {
    errs.push(required('eventTime', ''));
  } else {
    if (str(e.reportingController) === '') errs.push(required('reportingController', ''));
    if (str(e.reportingInstance) === '') errs.push(required('reportingInstance', ''));
    if (str(e.action) === '') errs.push(required('action', ''));
    if (str(e.reason) === '') errs.push(required('reason', ''));
  }
  if (e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${str(e.type)}`));
  return errs;
}
