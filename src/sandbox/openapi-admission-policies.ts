// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (GA in v1.30) in the
// OpenAPI v2 document: the captured v1.26 server has neither. Definitions follow k8s.io/api v0.32
// admissionregistration/v1 types.go (names, types, list and map markers; descriptions shortened from its
// comments); the paths are the ValidatingWebhookConfiguration ones renamed, plus a `/status` path shaped like
// the APIService one, as kube-apiserver generates them for every cluster-scoped kind.
import type { Schema } from './schema.js';

type Doc = Record<string, unknown>;

const V1 = 'io.k8s.api.admissionregistration.v1';
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name.startsWith('io.') ? name : `${V1}.${name}`}` });
const str = (description: string): Schema => ({ description, type: 'string' });
const atomic = (description: string, items: Schema): Schema => ({ description, type: 'array', items, 'x-kubernetes-list-type': 'atomic' });
const strings = (description: string): Schema => atomic(description, { type: 'string', default: '' });
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const LABEL_SELECTOR = 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector';
const API_VERSION =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const gvk = (kind: string) => [{ group: 'admissionregistration.k8s.io', kind, version: 'v1' }];

function kind(kindName: string, description: string, spec: string, status?: string): Schema {
  return {
    description,
    type: 'object',
    properties: {
      apiVersion: str(API_VERSION),
      kind: str(KIND),
      metadata: {
        description: 'Standard object metadata; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata.',
        default: {},
        ...ref(OBJECT_META),
      },
      spec: { description: `Specification of the desired behavior of the ${kindName}.`, default: {}, ...ref(spec) },
      ...(status
        ? {
            status: {
              description: `The status of the ${kindName}, including warnings that are useful to determine if the policy behaves in the expected way. Populated by the system. Read-only.`,
              default: {},
              ...ref(status),
            },
          }
        : {}),
    },
    'x-kubernetes-group-version-kind': gvk(kindName),
  };
}

function list(kindName: string): Schema {
  return {
    description: `${kindName}List is a list of ${kindName}.`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: str(API_VERSION),
      items: { description: `List of ${kindName}.`, type: 'array', items: { default: {}, ...ref(kindName) } },
      kind: str(KIND),
      metadata: {
        description: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        default: {},
        ...ref(LIST_META),
      },
    },
    'x-kubernetes-group-version-kind': gvk(`${kindName}List`),
  };
}

const RULE_FIELDS: Record<string, Schema> = {
  apiGroups: strings(
    "APIGroups is the API groups the resources belong to. '*' is all groups. If '*' is present, the length of the slice must be one. Required.",
  ),
  apiVersions: strings(
    "APIVersions is the API versions the resources belong to. '*' is all versions. If '*' is present, the length of the slice must be one. Required.",
  ),
  operations: strings(
    "Operations is the operations the admission hook cares about - CREATE, UPDATE, DELETE, CONNECT or * for all of those operations and any future admission operations that are added. If '*' is present, the length of the slice must be one. Required.",
  ),
  resourceNames: strings('ResourceNames is an optional white list of names that the rule applies to.  An empty set means that everything is allowed.'),
  resources: strings('Resources is a list of resources this rule applies to.'),
  scope: str('scope specifies the scope of this rule. Valid values are "Cluster", "Namespaced", and "*". Default is "*".'),
};

export const ADMISSION_POLICY_DEFINITIONS: Record<string, Schema> = {
  [`${V1}.AuditAnnotation`]: {
    description: 'AuditAnnotation describes how to produce an audit annotation for an API request.',
    type: 'object',
    required: ['key', 'valueExpression'],
    properties: {
      key: str('key specifies the audit annotation key. The audit annotation keys of a ValidatingAdmissionPolicy must be unique. Required.'),
      valueExpression: str('valueExpression represents the expression which is evaluated by CEL to produce an audit annotation value. Required.'),
    },
  },
  [`${V1}.ExpressionWarning`]: {
    description: 'ExpressionWarning is a warning information that targets a specific expression.',
    type: 'object',
    required: ['fieldRef', 'warning'],
    properties: {
      fieldRef: {
        description:
          'The path to the field that refers the expression. For example, the reference to the expression of the first item of validations is "spec.validations[0].expression"',
        type: 'string',
        default: '',
      },
      warning: {
        description:
          'The content of type checking information in a human-readable form. Each line of the warning contains the type that the expression is checked against, followed by the type check error from the compiler.',
        type: 'string',
        default: '',
      },
    },
  },
  [`${V1}.MatchCondition`]: {
    description: 'MatchCondition represents a condition which must by fulfilled for a request to be sent to a webhook.',
    type: 'object',
    required: ['name', 'expression'],
    properties: {
      expression: {
        description: 'Expression represents the expression which will be evaluated by CEL. Must evaluate to bool. Required.',
        type: 'string',
        default: '',
      },
      name: {
        description:
          'Name is an identifier for this match condition, used for strategic merging of MatchConditions, as well as providing an identifier for logging purposes. Required.',
        type: 'string',
        default: '',
      },
    },
  },
  [`${V1}.MatchResources`]: {
    description:
      'MatchResources decides whether to run the admission control policy on an object based on whether it meets the match criteria. The exclude rules take precedence over include rules (if a resource matches both, it is excluded)',
    type: 'object',
    properties: {
      excludeResourceRules: atomic(
        'ExcludeResourceRules describes what operations on what resources/subresources the ValidatingAdmissionPolicy should not care about. The exclude rules take precedence over include rules (if a resource matches both, it is excluded)',
        { default: {}, ...ref('NamedRuleWithOperations') },
      ),
      matchPolicy: {
        description:
          'matchPolicy defines how the "MatchResources" list is used to match incoming requests. Allowed values are "Exact" or "Equivalent". Defaults to "Equivalent"',
        type: 'string',
        enum: ['Equivalent', 'Exact'],
      },
      namespaceSelector: {
        description:
          'NamespaceSelector decides whether to run the admission control policy on an object based on whether the namespace for that object matches the selector. Default to the empty LabelSelector, which matches everything.',
        ...ref(LABEL_SELECTOR),
      },
      objectSelector: {
        description:
          'ObjectSelector decides whether to run the validation based on if the object has matching labels. Default to the empty LabelSelector, which matches everything.',
        ...ref(LABEL_SELECTOR),
      },
      resourceRules: atomic(
        'ResourceRules describes what operations on what resources/subresources the ValidatingAdmissionPolicy matches. The policy cares about an operation if it matches _any_ Rule.',
        { default: {}, ...ref('NamedRuleWithOperations') },
      ),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${V1}.NamedRuleWithOperations`]: {
    description: 'NamedRuleWithOperations is a tuple of Operations and Resources with ResourceNames.',
    type: 'object',
    properties: RULE_FIELDS,
    'x-kubernetes-map-type': 'atomic',
  },
  [`${V1}.ParamKind`]: {
    description: 'ParamKind is a tuple of Group Kind and Version.',
    type: 'object',
    properties: {
      apiVersion: str('APIVersion is the API group version the resources belong to. In format of "group/version". Required.'),
      kind: str('Kind is the API kind the resources belong to. Required.'),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${V1}.ParamRef`]: {
    description: 'ParamRef describes how to locate the params to be used as input to expressions of rules applied by a policy binding.',
    type: 'object',
    properties: {
      name: str(
        'name is the name of the resource being referenced. One of `name` or `selector` must be set, but `name` and `selector` are mutually exclusive properties.',
      ),
      namespace: str(
        'namespace is the namespace of the referenced resource. Allows limiting the search for params to a specific namespace. Applies to both `name` and `selector` fields.',
      ),
      parameterNotFoundAction: str(
        '`parameterNotFoundAction` controls the behavior of the binding when the resource exists, and name or selector is valid, but there are no parameters matched by the binding. Allowed values are `Allow` or `Deny` Required',
      ),
      selector: {
        description: 'selector can be used to match multiple param objects based on their labels. Supply selector: {} to match all resources of the ParamKind.',
        ...ref(LABEL_SELECTOR),
      },
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${V1}.TypeChecking`]: {
    description: 'TypeChecking contains results of type checking the expressions in the ValidatingAdmissionPolicy',
    type: 'object',
    properties: {
      expressionWarnings: atomic('The type checking warnings for each expression.', { default: {}, ...ref('ExpressionWarning') }),
    },
  },
  [`${V1}.ValidatingAdmissionPolicy`]: kind(
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicy describes the definition of an admission validation policy that accepts or rejects an object without changing it.',
    'ValidatingAdmissionPolicySpec',
    'ValidatingAdmissionPolicyStatus',
  ),
  [`${V1}.ValidatingAdmissionPolicyBinding`]: kind(
    'ValidatingAdmissionPolicyBinding',
    'ValidatingAdmissionPolicyBinding binds the ValidatingAdmissionPolicy with paramerized resources. ValidatingAdmissionPolicyBinding and parameter CRDs together define how cluster administrators configure policies for clusters.',
    'ValidatingAdmissionPolicyBindingSpec',
  ),
  [`${V1}.ValidatingAdmissionPolicyBindingList`]: list('ValidatingAdmissionPolicyBinding'),
  [`${V1}.ValidatingAdmissionPolicyBindingSpec`]: {
    description: 'ValidatingAdmissionPolicyBindingSpec is the specification of the ValidatingAdmissionPolicyBinding.',
    type: 'object',
    properties: {
      matchResources: {
        description:
          'MatchResources declares what resources match this binding and will be validated by it. If this is unset, all resources matched by the policy are validated by this binding.',
        ...ref('MatchResources'),
      },
      paramRef: { description: 'paramRef specifies the parameter resource used to configure the admission control policy.', ...ref('ParamRef') },
      policyName: str(
        'PolicyName references a ValidatingAdmissionPolicy name which the ValidatingAdmissionPolicyBinding binds to. If the referenced resource does not exist, this binding is considered invalid and will be ignored Required.',
      ),
      validationActions: {
        description:
          'validationActions declares how Validations of the referenced ValidatingAdmissionPolicy are enforced. If a validation evaluates to false it is always enforced according to these actions. Allowed values are "Deny", "Warn" and "Audit". Required.',
        type: 'array',
        items: { type: 'string', default: '' },
        'x-kubernetes-list-type': 'set',
      },
    },
  },
  [`${V1}.ValidatingAdmissionPolicyList`]: list('ValidatingAdmissionPolicy'),
  [`${V1}.ValidatingAdmissionPolicySpec`]: {
    description: 'ValidatingAdmissionPolicySpec is the specification of the desired behavior of the AdmissionPolicy.',
    type: 'object',
    properties: {
      auditAnnotations: atomic(
        'auditAnnotations contains CEL expressions which are used to produce audit annotations for the audit event of the API request.',
        { default: {}, ...ref('AuditAnnotation') },
      ),
      failurePolicy: {
        description: 'failurePolicy defines how to handle failures for the admission policy. Allowed values are Ignore or Fail. Defaults to Fail.',
        type: 'string',
        enum: ['Fail', 'Ignore'],
      },
      matchConditions: {
        description:
          'MatchConditions is a list of conditions that must be met for a request to be validated. Match conditions filter requests that have already been matched by the rules, namespaceSelector, and objectSelector.',
        type: 'array',
        items: { default: {}, ...ref('MatchCondition') },
        'x-kubernetes-list-map-keys': ['name'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      matchConstraints: { description: 'MatchConstraints specifies what resources this policy is designed to validate. Required.', ...ref('MatchResources') },
      paramKind: {
        description:
          'ParamKind specifies the kind of resources used to parameterize this policy. If absent, there are no parameters for this policy and the param CEL variable will not be provided to validation expressions.',
        ...ref('ParamKind'),
      },
      validations: atomic(
        'Validations contain CEL expressions which is used to apply the validation. Validations and AuditAnnotations may not both be empty; a minimum of one Validations or AuditAnnotations is required.',
        { default: {}, ...ref('Validation') },
      ),
      variables: atomic(
        'Variables contain definitions of variables that can be used in composition of other expressions. Each variable is defined as a named CEL expression.',
        { default: {}, ...ref('Variable') },
      ),
    },
  },
  [`${V1}.ValidatingAdmissionPolicyStatus`]: {
    description: 'ValidatingAdmissionPolicyStatus represents the status of an admission validation policy.',
    type: 'object',
    properties: {
      conditions: {
        description: "The conditions represent the latest available observations of a policy's current state.",
        type: 'array',
        items: { default: {}, ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.Condition') },
        'x-kubernetes-list-map-keys': ['type'],
        'x-kubernetes-list-type': 'map',
      },
      observedGeneration: { description: 'The generation observed by the controller.', type: 'integer', format: 'int64' },
      typeChecking: {
        description: 'The results of type checking for each expression. Presence of this field indicates the completion of the type checking.',
        ...ref('TypeChecking'),
      },
    },
  },
  [`${V1}.Validation`]: {
    description: 'Validation specifies the CEL expression which is used to apply the validation.',
    type: 'object',
    required: ['expression'],
    properties: {
      expression: { description: 'Expression represents the expression which will be evaluated by CEL. Required.', type: 'string', default: '' },
      message: str('Message represents the message displayed when validation fails. The message is required if the Expression contains line breaks.'),
      messageExpression: str(
        'messageExpression declares a CEL expression that evaluates to the validation failure message that is returned when this rule fails.',
      ),
      reason: str(
        'Reason represents a machine-readable description of why this validation failed. If this is the first validation in the list to fail, this reason, as well as the corresponding HTTP response code, are used in the HTTP response to the client.',
      ),
    },
  },
  [`${V1}.Variable`]: {
    description: 'Variable is the definition of a variable that is used for composition. A variable is defined as a named expression.',
    type: 'object',
    required: ['name', 'expression'],
    properties: {
      expression: {
        description:
          'Expression is the expression that will be evaluated as the value of the variable. The CEL expression has access to the same identifiers as the CEL expressions in Validation.',
        type: 'string',
        default: '',
      },
      name: {
        description:
          'Name is the name of the variable. The name must be a valid CEL identifier and unique among all variables. The variable can be accessed in other expressions through `variables`',
        type: 'string',
        default: '',
      },
    },
    'x-kubernetes-map-type': 'atomic',
  },
};

const rename = (kindName: string, resource: string) => (text: string) =>
  text.replace(/validatingwebhookconfigurations/g, resource).replace(/ValidatingWebhookConfiguration/g, kindName);

/** Adds the two kinds' definitions and paths to the v2 document (in place). */
export function addAdmissionPolicyApi(v2: Doc): void {
  const defs = v2.definitions as Record<string, Schema>;
  const paths = v2.paths as Record<string, unknown>;
  for (const [name, schema] of Object.entries(ADMISSION_POLICY_DEFINITIONS)) defs[name] ??= schema;
  const base = '/apis/admissionregistration.k8s.io/v1/';
  const webhookPaths = Object.entries(paths).filter(([p]) => p.startsWith(base) && p.includes('validatingwebhookconfigurations'));
  for (const [kindName, resource] of [
    ['ValidatingAdmissionPolicy', 'validatingadmissionpolicies'],
    ['ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings'],
  ]) {
    const to = rename(kindName, resource);
    for (const [p, item] of webhookPaths) paths[to(p)] ??= JSON.parse(to(JSON.stringify(item)));
  }
  const status = paths['/apis/apiregistration.k8s.io/v1/apiservices/{name}/status'];
  if (status) {
    const text = JSON.stringify(status)
      .replace(/io\.k8s\.kube-aggregator\.pkg\.apis\.apiregistration\.v1\.APIService/g, `${V1}.ValidatingAdmissionPolicy`)
      .replace(/"group":"apiregistration\.k8s\.io"/g, '"group":"admissionregistration.k8s.io"')
      .replace(/apiregistration_v1/g, 'admissionregistration_v1')
      .replace(/ApiregistrationV1APIService/g, 'AdmissionregistrationV1ValidatingAdmissionPolicy')
      .replace(/APIService/g, 'ValidatingAdmissionPolicy');
    paths[`${base}validatingadmissionpolicies/{name}/status`] ??= JSON.parse(text);
  }
  // kube-openapi lists paths and definitions in name order.
  const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
  v2.paths = Object.fromEntries(Object.entries(paths).sort(byName));
  v2.definitions = Object.fromEntries(Object.entries(defs).sort(byName));
}
