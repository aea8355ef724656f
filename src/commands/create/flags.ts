// kcurl create -f and kcurl create token: usage, help text and flags (loaded on every run; the run code lazily).

import { defineFlags, dryRunFlag, fieldManagerFlag, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const CREATE_HELP: CommandHelp = {
  usage: 'kcurl create -f FILENAME|DIR|URL|- [-R] [--content-type json|yaml] [--dry-run=none|client|server] [flags]',
  summary: 'Create objects from manifests (POST, as kubectl create -f)',
  examples: [
    ['Create the objects in pod.yaml', 'kcurl create -f pod.yaml'],
    ['Send the YAML document as written, the classic curl lesson', 'kcurl create -f pod.yaml --content-type yaml --show-curl'],
  ],
};

export const CREATE_FLAGS = defineFlags([
  { name: 'filename', short: 'f', type: 'array', desc: 'Files, directories, URLs or - (standard input) with the objects to create (repeatable)' },
  { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
  {
    name: 'content-type',
    type: 'string',
    desc: 'kcurl only: json (as kubectl) or yaml (each YAML document sent as written, Content-Type: application/yaml)',
    default: 'json',
    choices: ['json', 'yaml'],
  },
  dryRunFlag('none, client (send nothing) or server (dryRun=All)'),
  fieldManagerFlag('kubectl-create'),
  {
    name: 'validate',
    type: 'string',
    suggest: ['strict', 'warn', 'ignore'],
    desc: 'strict (fieldValidation=Strict), warn or ignore',
    default: 'strict',
    noOptDefault: 'strict',
  },
  { name: 'save-config', type: 'boolean', desc: 'Store the configuration in the last-applied-configuration annotation (for a later apply)' },
  outputFlag(),
] as const);

export type CreateFlags = CommandOptions<typeof CREATE_FLAGS>;

/** kubectl create token (pkg/cmd/create/create_token.go). */
export const CREATE_TOKEN_HELP: CommandHelp = {
  usage: 'kcurl create token SERVICE_ACCOUNT_NAME [--duration D] [--audience A] [--bound-object-kind K --bound-object-name N [--bound-object-uid U]]',
  summary: 'Request a service account token (TokenRequest)',
  examples: [
    ['Request a token for the service account "myapp" in the current namespace', 'kcurl create token myapp'],
    ['Request a token with a custom expiration and audience', 'kcurl create token myapp --duration 10m --audience https://example.com'],
  ],
};

export const CREATE_TOKEN_FLAGS = defineFlags([
  { name: 'duration', type: 'string', desc: 'Requested lifetime of the issued token (0: the server decides)' },
  { name: 'audience', type: 'array', stringArray: true, desc: 'Audience of the requested token (repeatable)' },
  { name: 'bound-object-kind', type: 'string', desc: 'Kind of an object to bind the token to: Node, Pod, Secret' },
  { name: 'bound-object-name', type: 'string', desc: 'Name of an object to bind the token to' },
  { name: 'bound-object-uid', type: 'string', desc: 'UID of an object to bind the token to' },
  outputFlag(['json', 'yaml', 'name'], 'Print the TokenRequest instead of the token: json, yaml, name'),
] as const);

export type CreateTokenFlags = CommandOptions<typeof CREATE_TOKEN_FLAGS>;

// The generator sub-commands (kubectl create configmap, secret …, namespace, serviceaccount, deployment) share
// kubectl's create flags: --dry-run, -o, --field-manager, --validate, --save-config.
const GENERATED_COMMON = [
  dryRunFlag('none, client (send nothing, print the object) or server (dryRun=All)'),
  outputFlag(),
  fieldManagerFlag('kubectl-create'),
  {
    name: 'validate',
    type: 'string',
    suggest: ['strict', 'warn', 'ignore'],
    desc: 'strict (fieldValidation=Strict), warn or ignore',
    default: 'strict',
    noOptDefault: 'strict',
  },
  { name: 'save-config', type: 'boolean', desc: 'Store the configuration in the last-applied-configuration annotation (for a later apply)' },
] as const;

const DATA_SOURCES = [
  { name: 'from-literal', type: 'array', stringArray: true, desc: 'KEY=VALUE to store (repeatable)' },
  { name: 'from-file', type: 'array', desc: 'A file (key: its name), KEY=FILE, or a directory (each regular file in it) (repeatable)' },
  { name: 'from-env-file', type: 'array', desc: 'A file of KEY=VALUE lines (repeatable)' },
] as const;

export const CREATE_CONFIGMAP_HELP: CommandHelp = {
  usage: 'kcurl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]',
  summary: 'Create a config map from files, directories or literal values',
  examples: [['Create a config map with two keys', 'kcurl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2']],
};
export const CREATE_CONFIGMAP_FLAGS = defineFlags([...DATA_SOURCES, ...GENERATED_COMMON] as const);

export const CREATE_SECRET_HELP: CommandHelp = {
  usage: 'kcurl create secret (generic|tls|docker-registry) NAME [flags]',
  summary: 'Create a secret (generic, tls or docker-registry)',
  examples: [['Create a generic secret', 'kcurl create secret generic my-secret --from-literal=key1=supersecret']],
};
export const CREATE_SECRET_GENERIC_HELP: CommandHelp = {
  usage: 'kcurl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]',
  summary: 'Create a secret from files, directories or literal values (its values are redacted in snippets and -v unless --reveal)',
  examples: [['Create a secret with two keys', 'kcurl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret']],
};
export const CREATE_SECRET_GENERIC_FLAGS = defineFlags([
  ...DATA_SOURCES,
  { name: 'type', type: 'string', desc: 'The type of secret to create' },
  ...GENERATED_COMMON,
] as const);

export const CREATE_SECRET_TLS_HELP: CommandHelp = {
  usage: 'kcurl create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none]',
  summary: 'Create a TLS secret from a certificate and its key',
  examples: [['Create a TLS secret', 'kcurl create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key']],
};
export const CREATE_SECRET_TLS_FLAGS = defineFlags([
  { name: 'cert', type: 'string', desc: 'Path to PEM encoded public key certificate' },
  { name: 'key', type: 'string', desc: 'Path to private key associated with given certificate' },
  ...GENERATED_COMMON,
] as const);

export const CREATE_SECRET_DOCKER_HELP: CommandHelp = {
  usage:
    'kcurl create secret docker-registry NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--dry-run=server|client|none]',
  summary: 'Create a secret for use with a Docker registry',
  examples: [
    ['Create a registry secret', 'kcurl create secret docker-registry my-secret --docker-server=registry.example --docker-username=u --docker-password=p'],
  ],
};
export const CREATE_SECRET_DOCKER_FLAGS = defineFlags([
  { name: 'docker-server', type: 'string', desc: 'Server location for Docker registry', default: 'https://index.docker.io/v1/' },
  { name: 'docker-username', type: 'string', desc: 'Username for Docker registry authentication' },
  { name: 'docker-password', type: 'string', desc: 'Password for Docker registry authentication' },
  { name: 'docker-email', type: 'string', desc: 'Email for Docker registry' },
  ...GENERATED_COMMON,
] as const);

export const CREATE_NAMESPACE_HELP: CommandHelp = {
  usage: 'kcurl create namespace NAME [--dry-run=server|client|none]',
  summary: 'Create a namespace with the specified name',
  examples: [['Create a new namespace named my-namespace', 'kcurl create namespace my-namespace']],
};
export const CREATE_NAMESPACE_FLAGS = defineFlags([...GENERATED_COMMON] as const);

export const CREATE_SERVICEACCOUNT_HELP: CommandHelp = {
  usage: 'kcurl create serviceaccount NAME [--dry-run=server|client|none]',
  summary: 'Create a service account with the specified name',
  examples: [['Create a new service account named my-service-account', 'kcurl create serviceaccount my-service-account']],
};
export const CREATE_SERVICEACCOUNT_FLAGS = defineFlags([...GENERATED_COMMON] as const);

export const CREATE_DEPLOYMENT_HELP: CommandHelp = {
  usage: 'kcurl create deployment NAME --image=image -- [COMMAND] [args...]',
  summary: 'Create a deployment with the specified name',
  examples: [['Create a deployment named my-dep that runs the nginx image with 3 replicas', 'kcurl create deployment my-dep --image=nginx --replicas=3']],
};
export const CREATE_DEPLOYMENT_FLAGS = defineFlags([
  { name: 'image', type: 'array', desc: 'Image names to run (repeatable); a deployment can have multiple images' },
  { name: 'replicas', short: 'r', type: 'number', desc: 'Number of replicas to create', default: 1 },
  { name: 'port', type: 'number', desc: 'The containerPort that this deployment exposes (one image only)', default: -1 },
  ...GENERATED_COMMON,
] as const);

export type CreateGeneratedFlags = CommandOptions<typeof CREATE_NAMESPACE_FLAGS>;
export type CreateConfigMapFlags = CommandOptions<typeof CREATE_CONFIGMAP_FLAGS>;
export type CreateSecretGenericFlags = CommandOptions<typeof CREATE_SECRET_GENERIC_FLAGS>;
export type CreateSecretTlsFlags = CommandOptions<typeof CREATE_SECRET_TLS_FLAGS>;
export type CreateSecretDockerFlags = CommandOptions<typeof CREATE_SECRET_DOCKER_FLAGS>;
export type CreateDeploymentFlags = CommandOptions<typeof CREATE_DEPLOYMENT_FLAGS>;

export const CREATE_JOB_HELP: CommandHelp = {
  usage: 'kcurl create job NAME --image=image [-- [COMMAND] [args...]]',
  summary: 'Create a job with the specified name',
  examples: [['Create a job with a command', 'kcurl create job my-job --image=busybox -- date']],
};
export const CREATE_JOB_FLAGS = defineFlags([{ name: 'image', type: 'string', desc: 'Image name to run' }, ...GENERATED_COMMON] as const);
export type CreateJobFlags = CommandOptions<typeof CREATE_JOB_FLAGS>;

export const CREATE_SERVICE_HELP: CommandHelp = {
  usage: 'kcurl create service (clusterip|nodeport) NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]',
  summary: 'Create a service (clusterip or nodeport)',
  examples: [['Create a new ClusterIP service named my-cs', 'kcurl create service clusterip my-cs --tcp=5678:8080']],
};
export const CREATE_SERVICE_CLUSTERIP_FLAGS = defineFlags([
  { name: 'tcp', type: 'array', desc: 'Port pairs can be specified as <port>:<targetPort>' },
  { name: 'clusterip', type: 'string', desc: 'Assign your own ClusterIP or set to None for a headless service' },
  ...GENERATED_COMMON,
] as const);
export const CREATE_SERVICE_NODEPORT_FLAGS = defineFlags([
  { name: 'tcp', type: 'array', desc: 'Port pairs can be specified as <port>:<targetPort>' },
  { name: 'node-port', type: 'number', desc: 'Port used to expose the service on each node in a cluster', default: 0 },
  ...GENERATED_COMMON,
] as const);

// kubectl create role|clusterrole (create_role.go, create_clusterrole.go): --verb and --resource are StringSlice
// (comma-separated), --resource-name a StringArray.
const ROLE_RULE_FLAGS = [
  { name: 'verb', type: 'array', desc: 'Verb that applies to the resources contained in the rule' },
  { name: 'resource', type: 'array', desc: 'Resource that the rule applies to (resource.group/subresource)' },
  { name: 'resource-name', type: 'array', stringArray: true, desc: 'Resource in the white list that the rule applies to, repeat this flag for multiple items' },
] as const;

export const CREATE_ROLE_HELP: CommandHelp = {
  usage: 'kcurl create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none]',
  summary: 'Create a role with single rule',
  examples: [
    [
      'Create a role named "pod-reader" that allows getting, watching and listing pods',
      'kcurl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods',
    ],
    ['Create a role for the subresource pods/status', 'kcurl create role foo --verb=get,list,watch --resource=pods,pods/status'],
  ],
};
export const CREATE_ROLE_FLAGS = defineFlags([...ROLE_RULE_FLAGS, ...GENERATED_COMMON] as const);

export const CREATE_CLUSTERROLE_HELP: CommandHelp = {
  usage: 'kcurl create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none]',
  summary: 'Create a cluster role',
  examples: [
    [
      'Create a cluster role named "pod-reader" that allows getting, watching and listing pods',
      'kcurl create clusterrole pod-reader --verb=get,list,watch --resource=pods',
    ],
    ['Create a cluster role that allows GET on the non-resource URL /logs/*', 'kcurl create clusterrole "foo" --verb=get --non-resource-url=/logs/*'],
    ['Create an aggregated cluster role', 'kcurl create clusterrole monitoring --aggregation-rule="rbac.example.com/aggregate-to-monitoring=true"'],
  ],
};
export const CREATE_CLUSTERROLE_FLAGS = defineFlags([
  ...ROLE_RULE_FLAGS,
  { name: 'non-resource-url', type: 'array', desc: 'A partial url that user should have access to' },
  { name: 'aggregation-rule', type: 'array', desc: 'An aggregation label selector for combining ClusterRoles (key=value,…)' },
  ...GENERATED_COMMON,
] as const);
export type CreateRoleFlags = CommandOptions<typeof CREATE_CLUSTERROLE_FLAGS>;

// kubectl create rolebinding|clusterrolebinding: --user, --group and --serviceaccount are StringArrays. The local
// --user shadows the global kubeconfig --user, as in kubectl.
const BINDING_SUBJECT_FLAGS = [
  { name: 'user', type: 'array', stringArray: true, desc: 'Usernames to bind to the role (repeatable)' },
  { name: 'group', type: 'array', stringArray: true, desc: 'Groups to bind to the role (repeatable)' },
  { name: 'serviceaccount', type: 'array', stringArray: true, desc: 'Service accounts to bind to the role, in the format <namespace>:<name> (repeatable)' },
] as const;

export const CREATE_ROLEBINDING_HELP: CommandHelp = {
  usage:
    'kcurl create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]',
  summary: 'Create a role binding for a particular role or cluster role',
  examples: [
    [
      'Create a role binding for user1, user2, and group1 using the admin cluster role',
      'kcurl create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1',
    ],
  ],
};
export const CREATE_ROLEBINDING_FLAGS = defineFlags([
  { name: 'role', type: 'string', desc: 'Role this RoleBinding should reference' },
  { name: 'clusterrole', type: 'string', desc: 'ClusterRole this RoleBinding should reference' },
  ...BINDING_SUBJECT_FLAGS,
  ...GENERATED_COMMON,
] as const);
export type CreateBindingFlags = CommandOptions<typeof CREATE_ROLEBINDING_FLAGS>;

export const CREATE_CLUSTERROLEBINDING_HELP: CommandHelp = {
  usage:
    'kcurl create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none]',
  summary: 'Create a cluster role binding for a particular cluster role',
  examples: [
    [
      'Create a cluster role binding for user1, user2, and group1 using the cluster-admin cluster role',
      'kcurl create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1',
    ],
  ],
};
export const CREATE_CLUSTERROLEBINDING_FLAGS = defineFlags([
  { name: 'clusterrole', type: 'string', desc: 'ClusterRole this ClusterRoleBinding should reference (required)' },
  ...BINDING_SUBJECT_FLAGS,
  ...GENERATED_COMMON,
] as const);
