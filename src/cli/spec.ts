// The command-line interface as data: commands, flags, help text. One spec drives both the fast
// parser (yargs-parser, on every run) and the help screens (yargs, loaded only for --help).

export type FlagType = 'string' | 'boolean' | 'number' | 'array';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  desc: string;
  default?: unknown;
  /** pflag NoOptDefVal: the value when the flag is given without `=value` (e.g. --show-curl). */
  noOptDefault?: string;
  choices?: string[];
  hidden?: boolean;
}

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  examples: [string, string][];
  flags: FlagSpec[];
  /** Sub-command words (`create token`, `auth can-i`). */
  sub?: CommandSpec[];
}

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'kubeconfig', type: 'string', desc: 'Path to the kubeconfig file to use (default: $KUBECONFIG, else ~/.kube/config)' },
  { name: 'context', type: 'string', desc: 'The name of the kubeconfig context to use' },
  { name: 'cluster', type: 'string', desc: 'The name of the kubeconfig cluster to use' },
  { name: 'user', type: 'string', desc: 'The name of the kubeconfig user to use' },
  { name: 'namespace', short: 'n', type: 'string', desc: 'If present, the namespace scope for this request' },
  { name: 'server', short: 's', type: 'string', desc: 'The address and port of the Kubernetes API server' },
  { name: 'token', type: 'string', desc: 'Bearer token for authentication to the API server' },
  { name: 'certificate-authority', type: 'string', desc: 'Path to a cert file for the certificate authority' },
  { name: 'client-certificate', type: 'string', desc: 'Path to a client certificate file for TLS' },
  { name: 'client-key', type: 'string', desc: 'Path to a client key file for TLS' },
  { name: 'insecure-skip-tls-verify', type: 'boolean', desc: "If true, the server's certificate will not be checked for validity (insecure)" },
  { name: 'tls-server-name', type: 'string', desc: 'Server name to use for server certificate validation' },
  { name: 'request-timeout', type: 'string', desc: 'How long to wait for a single server request (e.g. 5s, 1m); 0 means no timeout' },
  { name: 'username', type: 'string', desc: 'Username for basic authentication to the API server' },
  { name: 'password', type: 'string', desc: 'Password for basic authentication to the API server' },
  { name: 'as', type: 'string', desc: 'Username to impersonate for the operation' },
  { name: 'as-group', type: 'array', desc: 'Group to impersonate for the operation (repeatable)' },
  { name: 'as-uid', type: 'string', desc: 'UID to impersonate for the operation' },
  { name: 'in-cluster', type: 'boolean', desc: 'Use the in-pod serviceaccount mount even when a kubeconfig exists' },
  { name: 'token-from-secret', type: 'string', desc: 'Authenticate with the token of this ServiceAccount token Secret ([NAMESPACE/]NAME)' },
  { name: 'cache-dir', type: 'string', desc: 'Default cache directory (default: ~/.kube/cache)' },
  { name: 'v', short: 'v', type: 'number', desc: 'Log level like kubectl: 6 requests, 7 +headers, 8 +bodies, 9 +curl line', default: 0 },
  { name: 'show-curl', type: 'string', desc: 'Print a runnable curl snippet: "script" (default) or "line" (the curl command only)', noOptDefault: 'script', choices: ['script', 'line'] },
  { name: 'offline', type: 'boolean', desc: 'Build and print the requests (the curl snippet) without sending anything, not even discovery' },
  { name: 'reveal', type: 'boolean', desc: 'Write credentials into the snippet as literal values (otherwise they are fetched from their source)' },
  { name: 'quiet', short: 'q', type: 'boolean', desc: 'Do not print the REST calls on stderr' },
  { name: 'debug', type: 'boolean', desc: 'Print stack traces with errors' },
];

const GET_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string', desc: 'Output format: wide, json, yaml, name, jsonpath=…, jsonpath-file=…, custom-columns=…' },
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'List the requested object(s) across all namespaces' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Label selector to filter on (e.g. -l key1=value1,key2=value2)' },
  { name: 'field-selector', type: 'string', desc: 'Field selector to filter on (e.g. --field-selector status.phase=Running)' },
  { name: 'no-headers', type: 'boolean', desc: 'Do not print headers in the default output' },
  { name: 'show-labels', type: 'boolean', desc: 'Show all labels as the last column' },
  { name: 'label-columns', short: 'L', type: 'array', desc: 'Labels to present as columns (comma-separated or repeated)' },
  { name: 'chunk-size', type: 'number', desc: 'Return large lists in chunks of this size (0 disables chunking)', default: 500 },
  { name: 'sort-by', type: 'string', desc: 'Sort list types using this field specification (a JSONPath expression, e.g. .metadata.name)' },
];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'get',
    usage: 'kcurl get TYPE[.VERSION][.GROUP] [NAME ...] | TYPE/NAME ... [flags]',
    summary: 'Display one or many resources (the same requests as kubectl get)',
    examples: [
      ['List all pods in the namespace, and show the curl that does it', 'kcurl get pods -n default --show-curl'],
      ['Print the request as a curl snippet without contacting any cluster', 'kcurl get pods --offline'],
      ['List deployments in every namespace as JSON', 'kcurl get deployments.apps -A -o json'],
      ['Get one pod by name, logging requests like kubectl -v=8', 'kcurl get pod/nginx -v 8'],
    ],
    flags: GET_FLAGS,
  },
  {
    name: 'token',
    usage: 'kcurl token [--output token|client-certificate|client-key]',
    summary: 'Print the credential kcurl would send (used by snippets for exec-plugin users)',
    examples: [['Bearer token of the current context (for example from an exec plugin)', 'TOKEN=$(kcurl token)']],
    flags: [{ name: 'output', short: 'o', type: 'string', desc: 'What to print', default: 'token', choices: ['token', 'client-certificate', 'client-key'] }],
  },
  {
    name: 'sandbox',
    usage: 'kcurl sandbox [--port N] [--address 127.0.0.1] [--kubeconfig PATH] [--state FILE]',
    summary: 'Run an embedded Kubernetes-compatible API server for practice and tests',
    examples: [
      ['Start a sandbox on a free port and write its kubeconfig to the cache directory', 'kcurl sandbox --port 0'],
      ['Keep objects across restarts', 'kcurl sandbox --state ./sandbox.jsonl'],
    ],
    flags: [
      { name: 'port', type: 'number', desc: 'Port to listen on (0 picks a free one)', default: 6443 },
      { name: 'address', type: 'string', desc: 'Address to bind', default: '127.0.0.1' },
      { name: 'state', type: 'string', desc: 'Journal file: objects survive a restart' },
    ],
  },
  {
    name: 'version',
    usage: 'kcurl version',
    summary: 'Print the kcurl version',
    examples: [['Print the version', 'kcurl version']],
    flags: [],
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
