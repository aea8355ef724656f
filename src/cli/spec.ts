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
  /** An array flag that is pflag StringArray (one value per occurrence) rather than StringSlice (comma-separated). */
  stringArray?: boolean;
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
  { name: 'as-group', type: 'array', stringArray: true, desc: 'Group to impersonate for the operation (repeatable)' },
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
  { name: 'record', type: 'string', desc: 'Record every request and response to FILE: .jsonl (a journal written as it happens) or .har (HAR 1.2); credentials and Secret values are redacted unless --reveal' },
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
  { name: 'watch', short: 'w', type: 'boolean', desc: 'After listing/getting the requested object, watch for changes' },
  { name: 'watch-only', type: 'boolean', desc: 'Watch for changes to the requested object(s), without listing/getting first' },
  { name: 'output-watch-events', type: 'boolean', desc: 'Output watch event objects when --watch or --watch-only is used' },
  { name: 'raw', type: 'string', desc: 'Raw URI to request from the server (GET PATH, body printed as received)' },
];

// kubectl logs flags (pkg/cmd/logs/logs.go AddFlags).
const LOGS_FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string', desc: 'Print the logs of this container' },
  { name: 'follow', short: 'f', type: 'boolean', desc: 'Specify if the logs should be streamed' },
  { name: 'previous', short: 'p', type: 'boolean', desc: 'Print the logs for the previous instance of the container' },
  { name: 'timestamps', type: 'boolean', desc: 'Include timestamps on each line in the log output' },
  { name: 'tail', type: 'number', desc: 'Lines of recent log file to display (-1: all; 10 with a selector)' },
  { name: 'since', type: 'string', desc: 'Only return logs newer than a relative duration like 5s, 2m, or 3h' },
  { name: 'since-time', type: 'string', desc: 'Only return logs after a specific date (RFC3339)' },
  { name: 'limit-bytes', type: 'number', desc: 'Maximum bytes of logs to return' },
  { name: 'all-containers', type: 'boolean', desc: "Get all containers' logs in the pod(s)" },
  { name: 'all-pods', type: 'boolean', desc: 'Get the logs of every pod of TYPE/NAME, not only the first (sets --prefix)' },
  { name: 'prefix', type: 'boolean', desc: 'Prefix each log line with the log source (pod name and container name)' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Selector (label query) to filter pods on' },
  { name: 'max-log-requests', type: 'number', desc: 'Maximum number of concurrent logs to follow with a selector', default: 5 },
  { name: 'ignore-errors', type: 'boolean', desc: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' },
  { name: 'insecure-skip-tls-verify-backend', type: 'boolean', desc: 'Skip verifying the identity of the kubelet that logs are requested from' },
  { name: 'pod-running-timeout', type: 'string', desc: 'How long to wait until at least one pod is running (e.g. 5s, 2m)', default: '20s' },
];

/** `kubectl create token` (pkg/cmd/create/create_token.go). */
export const CREATE_TOKEN_COMMAND: CommandSpec = {
  name: 'token',
  usage: 'kcurl create token SERVICE_ACCOUNT_NAME [--duration D] [--audience A] [--bound-object-kind K --bound-object-name N [--bound-object-uid U]]',
  summary: 'Request a service account token (TokenRequest)',
  examples: [
    ['Request a token for the service account "myapp" in the current namespace', 'kcurl create token myapp'],
    ['Request a token with a custom expiration and audience', 'kcurl create token myapp --duration 10m --audience https://example.com'],
  ],
  flags: [
    { name: 'duration', type: 'string', desc: 'Requested lifetime of the issued token (0: the server decides)' },
    { name: 'audience', type: 'array', stringArray: true, desc: 'Audience of the requested token (repeatable)' },
    { name: 'bound-object-kind', type: 'string', desc: 'Kind of an object to bind the token to: Node, Pod, Secret' },
    { name: 'bound-object-name', type: 'string', desc: 'Name of an object to bind the token to' },
    { name: 'bound-object-uid', type: 'string', desc: 'UID of an object to bind the token to' },
    { name: 'output', short: 'o', type: 'string', desc: 'Print the TokenRequest instead of the token: json, yaml, name' },
  ],
};

/** `kubectl auth can-i` (pkg/cmd/auth/cani.go). */
export const AUTH_CAN_I_COMMAND: CommandSpec = {
  name: 'can-i',
  usage: 'kcurl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [--subresource S] [-A] | --list',
  summary: 'Check whether an action is allowed (SelfSubjectAccessReview)',
  examples: [
    ['Check to see if I can create pods in any namespace', 'kcurl auth can-i create pods --all-namespaces'],
    ['Check to see if I can read pod logs', 'kcurl auth can-i get pods --subresource=log'],
    ['List all allowed actions in namespace "foo"', 'kcurl auth can-i --list --namespace=foo'],
  ],
  flags: [
    { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'Check the specified action in all namespaces' },
    { name: 'subresource', type: 'string', desc: 'SubResource such as pod/log or deployment/scale' },
    { name: 'list', type: 'boolean', desc: 'List all allowed actions (SelfSubjectRulesReview)' },
    { name: 'no-headers', type: 'boolean', desc: 'With --list: do not print headers' },
    { name: 'quiet', short: 'q', type: 'boolean', desc: 'Print nothing; the exit code says yes (0) or no (1)' },
  ],
};

/**
 * Sub-commands by parent command. Kept apart from the parents' entries so that a parent can be declared
 * on its own (`create -f`) and still route `create token` here.
 */
export const SUBCOMMANDS: Record<string, CommandSpec[]> = {
  sandbox: [
    {
      name: 'exec',
      usage: 'kcurl sandbox exec POD [-c CONTAINER] -- COMMAND [ARG...]',
      summary: "Run a local command with a sandbox pod's environment and serviceaccount mount (KCURL_SERVICEACCOUNT_DIR)",
      examples: [
        ["List pods as the pod's ServiceAccount, through kcurl's in-cluster path", 'kcurl sandbox exec mypod -- kcurl get pods'],
        ['Print the environment the container sees', 'kcurl sandbox exec mypod -c app -- env'],
      ],
      flags: [{ name: 'container', short: 'c', type: 'string', desc: 'Container name (default: the kubectl.kubernetes.io/default-container annotation, else the first)' }],
    },
  ],
  create: [CREATE_TOKEN_COMMAND],
  auth: [AUTH_CAN_I_COMMAND],
};

/** The sub-command of `parent` named `word`, if any. */
export function findSubCommand(parent: CommandSpec, word: string): CommandSpec | undefined {
  return (parent.sub ?? SUBCOMMANDS[parent.name] ?? []).find((c) => c.name === word);
}

export const COMMANDS: CommandSpec[] = [
  {
    name: 'describe',
    usage: 'kcurl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [flags]',
    summary: 'Show details of a resource or group of resources (the same requests and text as kubectl describe)',
    examples: [
      ['Describe a pod and show every request kubectl would send for it', 'kcurl describe pod nginx --show-curl'],
      ['Describe the deployments labelled app=web', 'kcurl describe deployments -l app=web'],
      ['Describe a node without its events', 'kcurl describe node/kcurl-control-plane --show-events=false'],
      ['Describe the objects named in a manifest', 'kcurl describe -f deployment.yaml'],
    ],
    flags: [
      { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'List the requested object(s) across all namespaces' },
      { name: 'selector', short: 'l', type: 'string', desc: 'Selector (label query) to filter on (e.g. -l key1=value1,key2=value2)' },
      { name: 'filename', short: 'f', type: 'array', desc: 'Filename, directory, or URL to files containing the resource to describe' },
      { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
      { name: 'show-events', type: 'boolean', desc: 'If true, display events related to the described object', default: true },
      { name: 'chunk-size', type: 'number', desc: 'Return large lists in chunks of this size (0 disables chunking)', default: 500 },
    ],
  },
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
      { name: 'nodes', type: 'number', desc: 'Simulated nodes: kcurl-control-plane, kcurl-worker, kcurl-worker2, …', default: 1 },
    ],
  },
  {
    name: 'demo',
    usage: 'kcurl demo [--pause] [--nodes N]',
    summary: 'A guided tour of the Kubernetes API against an embedded sandbox: every step shows the REST call, the curl snippet and the result',
    examples: [
      ['Run the whole tour (about ten seconds)', 'kcurl demo'],
      ['Wait for Enter between steps, for a workshop', 'kcurl demo --pause'],
    ],
    flags: [
      { name: 'pause', type: 'boolean', desc: 'Wait for Enter between steps' },
      { name: 'nodes', type: 'number', desc: 'Number of simulated nodes (the DaemonSet step puts one pod on each)', default: 2 },
    ],
  },
  {
    name: 'logs',
    usage: 'kcurl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [flags]',
    summary: 'Print the logs for a container in a pod (the pod GET, then GET …/log, as kubectl logs)',
    examples: [
      ['Return snapshot logs from pod nginx', 'kcurl logs nginx'],
      ['Begin streaming the logs of the ruby container in pod web-1', 'kcurl logs -f -c ruby web-1'],
      ['Return snapshot logs from the first pod of deployment nginx', 'kcurl logs deployment/nginx'],
    ],
    flags: LOGS_FLAGS,
  },
  {
    name: 'auth',
    usage: 'kcurl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]',
    summary: 'Inspect authorization (auth can-i: SelfSubjectAccessReview)',
    examples: AUTH_CAN_I_COMMAND.examples,
    flags: AUTH_CAN_I_COMMAND.flags,
    sub: [AUTH_CAN_I_COMMAND],
  },
  {
    name: 'api-versions',
    usage: 'kcurl api-versions',
    summary: 'Print the supported API versions on the server, in the form of "group/version"',
    examples: [['Print the supported API versions', 'kcurl api-versions']],
    flags: [],
  },
  {
    name: 'api-resources',
    usage: 'kcurl api-resources [-o wide|name] [--namespaced=BOOL] [--api-group=G] [--verbs=V] [--sort-by=name|kind]',
    summary: 'Print the supported API resources on the server',
    examples: [
      ['Print the supported API resources with more information', 'kcurl api-resources -o wide'],
      ['Print the supported non-namespaced resources', 'kcurl api-resources --namespaced=false'],
    ],
    flags: [
      { name: 'output', short: 'o', type: 'string', desc: 'Output format: wide or name' },
      { name: 'no-headers', type: 'boolean', desc: "Don't print headers" },
      { name: 'api-group', type: 'string', desc: 'Limit to resources in the specified API group' },
      { name: 'namespaced', type: 'boolean', desc: 'true: only namespaced resources; false: only cluster-scoped ones' },
      { name: 'verbs', type: 'array', desc: 'Limit to resources that support the specified verbs' },
      { name: 'categories', type: 'array', desc: 'Limit to resources that belong to the specified categories' },
      { name: 'sort-by', type: 'string', desc: "Sort by 'name' or 'kind'" },
      { name: 'cached', type: 'boolean', desc: 'Use the cached list of resources if available' },
    ],
  },
  {
    name: 'proxy',
    usage: 'kcurl proxy [--port=PORT] [--www=static-dir] [--www-prefix=prefix] [--api-prefix=prefix] [flags]',
    summary: 'Run a proxy to the API server like kubectl proxy, printing each relayed request as a direct curl line',
    examples: [
      ['Proxy the API on 127.0.0.1:8001 with the current credentials', 'kcurl proxy'],
      ['Pick a free port and record every exchange', 'kcurl proxy --port=0 --record session.har'],
      ['Sidecar in a pod: the serviceaccount mount supplies the credentials', 'kcurl proxy --in-cluster'],
    ],
    flags: [
      { name: 'port', short: 'p', type: 'number', desc: 'The port on which to run the proxy. Set to 0 to pick a random port.', default: 8001 },
      { name: 'address', type: 'string', desc: 'The IP address on which to serve on (a non-loopback address needs --accept-hosts).', default: '127.0.0.1' },
      { name: 'accept-hosts', type: 'string', desc: 'Regular expression for hosts that the proxy should accept.', default: '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$' },
      { name: 'accept-paths', type: 'string', desc: 'Regular expression for paths that the proxy should accept.', default: '^.*' },
      { name: 'reject-paths', type: 'string', desc: 'Regular expression for paths that the proxy should reject. Paths specified here will be rejected even accepted by --accept-paths.', default: '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach' },
      { name: 'reject-methods', type: 'string', desc: 'Regular expression for HTTP methods that the proxy should reject (example --reject-methods=\'POST,PUT,PATCH\').', default: '^$' },
      { name: 'api-prefix', type: 'string', desc: 'Prefix to serve the proxied API under.', default: '/' },
      { name: 'www', short: 'w', type: 'string', desc: 'Also serve static files from the given directory under the specified prefix.' },
      { name: 'www-prefix', short: 'P', type: 'string', desc: 'Prefix to serve static files under, if static file directory is specified.', default: '/static/' },
      { name: 'disable-filter', type: 'boolean', desc: 'If true, disable request filtering in the proxy. This is dangerous, and can leave you vulnerable to XSRF attacks, when used with an accessible port.' },
    ],
  },
  {
    name: 'record',
    usage: 'kcurl record [--record FILE] -- COMMAND [ARGS...]',
    summary: 'Run kubectl (or any client that reads a kubeconfig) through a recording proxy and print each REST call it made as a curl line',
    examples: [
      ['Show the REST calls behind a kubectl command', 'kcurl record -- kubectl get pods'],
      ['Save the exchanges of a script as HAR', 'kcurl record --record calls.har -- python3 script.py'],
    ],
    flags: [],
  },
  {
    name: 'replay',
    usage: 'kcurl replay FILE(.jsonl|.har) [--to-script | --to-har OUT.har | --serve [--port N] | --writes]',
    summary: 'Turn a recording into a curl script or a HAR file, re-send it and compare, or serve it as a read-only API server',
    examples: [
      ['Re-send the recorded reads against the current context and report what changed', 'kcurl replay session.jsonl'],
      ['A bash script of curl lines that reproduces the recording', 'kcurl replay session.jsonl --to-script > replay.sh'],
      ['Convert a journal to HAR for browser devtools', 'kcurl replay session.jsonl --to-har session.har'],
      ['Serve the recording offline; point kubectl at it', 'kcurl replay session.jsonl --serve --port 8002 & kubectl --server http://127.0.0.1:8002 get pods'],
    ],
    flags: [
      { name: 'to-script', type: 'boolean', desc: 'Print a bash script of curl commands that sends the recorded requests' },
      { name: 'to-har', type: 'string', desc: 'Write the recording as HAR 1.2 to this file' },
      { name: 'serve', type: 'boolean', desc: 'Serve the recorded responses as a read-only API server' },
      { name: 'port', short: 'p', type: 'number', desc: 'Port for --serve (0 picks a free one)', default: 8001 },
      { name: 'address', type: 'string', desc: 'Address for --serve', default: '127.0.0.1' },
      { name: 'writes', type: 'boolean', desc: 'Also re-send recorded writes (POST, PUT, PATCH, DELETE); by default only reads are re-sent' },
    ],
  },
  {
    name: 'apply',
    usage: 'kcurl apply -f FILENAME|DIR|URL|- [-R] [--server-side [--force-conflicts]] [--dry-run=none|client|server] [flags]',
    summary: 'Create or update objects from manifests (GET, then POST or a three-way strategic merge PATCH, as kubectl apply)',
    examples: [
      ['Apply the configuration in pod.yaml, showing each request as curl', 'kcurl apply -f pod.yaml --show-curl'],
      ['Print a bash script that creates or patches the objects, without contacting the cluster', 'kcurl apply -f ./manifests/ -R --offline'],
      ['Apply on the server (PATCH application/apply-patch+yaml) and take over conflicting fields', 'kcurl apply --server-side --force-conflicts -f deploy.yaml'],
      ['Ask the server what would change without persisting it', 'kcurl apply -f pod.yaml --dry-run=server'],
    ],
    flags: [
      { name: 'filename', short: 'f', type: 'array', desc: 'Files, directories, URLs or - (standard input) with the objects to apply (repeatable)' },
      { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
      { name: 'selector', short: 'l', type: 'string', desc: 'Apply only the objects of the files whose labels match this selector' },
      { name: 'server-side', type: 'boolean', desc: 'Apply on the server (server-side apply) instead of computing a patch locally' },
      { name: 'force-conflicts', type: 'boolean', desc: 'With --server-side: take ownership of fields other managers own' },
      { name: 'dry-run', type: 'string', desc: 'none, client (send nothing that changes state) or server (dryRun=All)', default: 'none', noOptDefault: 'unchanged' },
      { name: 'field-manager', type: 'string', desc: 'Name of the manager tracking field ownership (default kubectl-client-side-apply, or kubectl with --server-side)' },
      { name: 'validate', type: 'string', desc: 'strict (fieldValidation=Strict), warn or ignore', default: 'strict', noOptDefault: 'strict' },
      { name: 'output', short: 'o', type: 'string', desc: 'Output format: name, json or yaml' },
      { name: 'prune', type: 'boolean', desc: 'Not supported by kcurl (refused)', hidden: true },
      { name: 'kustomize', short: 'k', type: 'string', desc: 'Not supported by kcurl (refused)', hidden: true },
    ],
  },
  {
    name: 'create',
    usage: 'kcurl create -f FILENAME|DIR|URL|- [-R] [--content-type json|yaml] [--dry-run=none|client|server] [flags]',
    summary: 'Create objects from manifests (POST, as kubectl create -f)',
    examples: [
      ['Create the objects in pod.yaml', 'kcurl create -f pod.yaml'],
      ['Send the YAML document as written, the classic curl lesson', 'kcurl create -f pod.yaml --content-type yaml --show-curl'],
    ],
    flags: [
      { name: 'filename', short: 'f', type: 'array', desc: 'Files, directories, URLs or - (standard input) with the objects to create (repeatable)' },
      { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
      { name: 'content-type', type: 'string', desc: 'kcurl only: json (as kubectl) or yaml (each YAML document sent as written, Content-Type: application/yaml)', default: 'json', choices: ['json', 'yaml'] },
      { name: 'dry-run', type: 'string', desc: 'none, client (send nothing) or server (dryRun=All)', default: 'none', noOptDefault: 'unchanged' },
      { name: 'field-manager', type: 'string', desc: 'Name of the manager tracking field ownership', default: 'kubectl-create' },
      { name: 'validate', type: 'string', desc: 'strict (fieldValidation=Strict), warn or ignore', default: 'strict', noOptDefault: 'strict' },
      { name: 'save-config', type: 'boolean', desc: 'Store the configuration in the last-applied-configuration annotation (for a later apply)' },
      { name: 'output', short: 'o', type: 'string', desc: 'Output format: name, json or yaml' },
    ],
    sub: [CREATE_TOKEN_COMMAND],
  },
  {
    name: 'delete',
    usage: 'kcurl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)] | TYPE/NAME ...) [flags]',
    summary: 'Delete objects by name, selector or manifest (DELETE with kubectl\'s DeleteOptions body, then wait until gone)',
    examples: [
      ['Delete a pod and show the DELETE as curl', 'kcurl delete pod nginx --show-curl'],
      ['Delete the objects of a manifest', 'kcurl delete -f pod.yaml'],
      ['Delete configmaps with a label, leaving their dependents alone', 'kcurl delete cm -l app=web --cascade=orphan'],
    ],
    flags: [
      { name: 'filename', short: 'f', type: 'array', desc: 'Files, directories, URLs or - with the objects to delete (repeatable)' },
      { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
      { name: 'selector', short: 'l', type: 'string', desc: 'Label selector (e.g. -l key1=value1,key2=value2)' },
      { name: 'field-selector', type: 'string', desc: 'Field selector (e.g. --field-selector metadata.name=x)' },
      { name: 'all', type: 'boolean', desc: 'Delete all objects of the given types in the namespace' },
      { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'With -l or --all: across all namespaces' },
      { name: 'grace-period', type: 'number', desc: 'Seconds given to the object to terminate gracefully (-1: the default)', default: -1 },
      { name: 'now', type: 'boolean', desc: 'Signal the object to stop immediately (--grace-period=1)' },
      { name: 'force', type: 'boolean', desc: 'With --grace-period=0: delete immediately without waiting for confirmation' },
      { name: 'cascade', type: 'string', desc: 'background (default), foreground or orphan: propagationPolicy', default: 'background', noOptDefault: 'background' },
      { name: 'wait', type: 'boolean', desc: 'Wait until the objects are gone (default true; --wait=false to return at once)', default: true },
      { name: 'timeout', type: 'string', desc: 'How long to wait for the deletion (0: a week)' },
      { name: 'ignore-not-found', type: 'boolean', desc: 'Treat "not found" as a successful delete' },
      { name: 'dry-run', type: 'string', desc: 'none, client (send nothing) or server (dryRun=All)', default: 'none', noOptDefault: 'unchanged' },
      { name: 'output', short: 'o', type: 'string', desc: 'Output format: name' },
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
