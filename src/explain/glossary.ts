// What each query parameter and header of an API request means: one entry per parameter, one per header
// (value-dependent where the value changes the meaning: the Table Accept, the patch Content-Types), and where
// the Authorization value came from. Plain data for the --explain renderer.
import type { CredentialSource, Credentials } from '../kube/credentials-types.js';
import { ACCEPT } from '../plan/request-plan.js';

/** query parameter → its meaning. */
export const QUERY_GLOSSARY: Readonly<Record<string, string>> = {
  limit: "paging: at most this many items per answer; the answer's .metadata.continue fetches the next page",
  continue: "paging: the token from the previous page's .metadata.continue",
  labelSelector: 'only objects whose labels match (-l)',
  fieldSelector: 'only objects whose fields match (--field-selector; metadata.name=x selects one by name)',
  watch: 'keep the connection open and stream ADDED/MODIFIED/DELETED events (verb watch)',
  resourceVersion: 'the list version to start from: a watch sends the changes after it',
  resourceVersionMatch: 'how resourceVersion is compared (NotOlderThan, Exact)',
  allowWatchBookmarks: 'the server may send BOOKMARK events carrying a newer resourceVersion',
  sendInitialEvents: 'a watch starts with the current objects as ADDED events',
  timeoutSeconds: 'the server ends the watch after this many seconds',
  timeout: 'the server gives up on the request after this long (--request-timeout)',
  fieldManager: 'the name recorded in .metadata.managedFields as owner of the fields this request sets',
  fieldValidation: 'unknown or duplicate fields: Strict refuses them, Warn sends a Warning header, Ignore drops them',
  dryRun: 'All: run admission and validation, then store nothing (--dry-run=server)',
  force: 'server-side apply: take over fields another manager owns (--force-conflicts)',
  propagationPolicy: 'what happens to dependents: Background (deleted after), Foreground (deleted first), Orphan (kept)',
  gracePeriodSeconds: 'seconds the object gets to shut down before it is removed (--grace-period; 0 with --force)',
  container: 'which container of the pod (-c)',
  follow: 'keep the connection open and stream new log lines (-f)',
  tailLines: 'only the last N lines (--tail)',
  sinceSeconds: 'only lines newer than this many seconds (--since)',
  sinceTime: 'only lines after this time (--since-time)',
  timestamps: 'prefix each line with its RFC3339 timestamp',
  previous: 'the log of the previous (crashed) instance of the container',
  limitBytes: 'stop after this many bytes of log',
  insecureSkipTLSVerifyBackend: "the kubelet's serving certificate is not checked (--insecure-skip-tls-verify-backend)",
  includeObject: 'what a Table row carries of each object: None, Metadata or Object',
  pretty: 'indent the JSON answer',
  hash: 'the version of the OpenAPI document discovery announced (cache key)',
};

export interface HeaderNote {
  header: string;
  value: string;
  meaning: string;
}

/** One header meaning: for the header `name` (lower case), when its value (and the method) match; first match wins. */
interface HeaderRow {
  name: string;
  value?: string | RegExp;
  method?: string;
  meaning: string;
}

export const HEADER_GLOSSARY: readonly HeaderRow[] = [
  {
    name: 'accept',
    value: ACCEPT.table,
    meaning:
      'asks for a Table (the rows and columns kubectl prints), falling back to plain JSON; drop this header and the same URL returns the full objects (a PodList for pods), the form `-o json` shows',
  },
  { name: 'accept', value: ACCEPT.aggregatedDiscovery, meaning: 'asks for aggregated discovery (every group, version and resource in one answer)' },
  { name: 'accept', value: /^application\/vnd\.kubernetes\.protobuf/, meaning: 'prefers Kubernetes protobuf (binary), accepting JSON' },
  { name: 'accept', value: /^application\/json/, meaning: 'wants JSON' },
  { name: 'accept', meaning: 'the media types the client accepts' },
  {
    name: 'content-type',
    method: 'PATCH',
    value: 'application/strategic-merge-patch+json',
    meaning: 'the body is a strategic merge patch: lists of objects merge by their key (containers by name), as kubectl patch and client-side apply send',
  },
  {
    name: 'content-type',
    method: 'PATCH',
    value: 'application/merge-patch+json',
    meaning: 'the body is a JSON merge patch (RFC 7386): objects merge, lists are replaced whole, null deletes a field',
  },
  {
    name: 'content-type',
    method: 'PATCH',
    value: 'application/json-patch+json',
    meaning: 'the body is a JSON patch (RFC 6902): a list of op/path/value operations',
  },
  {
    name: 'content-type',
    method: 'PATCH',
    value: 'application/apply-patch+yaml',
    meaning: 'the body is a server-side apply patch: the whole intended object; the server merges it and tracks field ownership per fieldManager',
  },
  {
    name: 'content-type',
    value: 'application/json',
    meaning: 'the body is a JSON object (the whole object to create or replace, or options such as DeleteOptions)',
  },
  { name: 'content-type', meaning: 'the media type of the body' },
  { name: 'user-agent', meaning: 'names the client; kubectl sends kubectl/VERSION (OS/ARCH) kubernetes/COMMIT, kcurl its own' },
  { name: 'kubectl-command', meaning: 'the kubectl command that sent the request (shows in audit logs)' },
  { name: 'kubectl-session', meaning: 'a random id shared by the requests of one kubectl run' },
  { name: 'impersonate-user', meaning: 'act as another user (--as); needs the impersonate verb' },
  { name: 'impersonate-group', meaning: 'act as a member of another group (--as-group); needs the impersonate verb' },
  { name: 'upgrade', meaning: 'switches the connection to a stream (WebSocket or SPDY)' },
  {
    name: 'sec-websocket-protocol',
    value: /^SPDY\/3\.1\+portforward\.k8s\.io$/,
    meaning:
      'port-forward over WebSocket: SPDY/3.1 frames travel inside binary messages; each local connection opens an error stream and a data stream (headers streamType, port, requestID)',
  },
  {
    name: 'sec-websocket-protocol',
    value: /channel\.k8s\.io/,
    meaning:
      'the channel protocol of exec and attach: each binary message starts with its channel (0 stdin, 1 stdout, 2 stderr, 3 the result, 4 terminal size)',
  },
  { name: 'sec-websocket-protocol', meaning: 'the WebSocket subprotocols the client offers; the server answers with the one it chose' },
  { name: 'sec-websocket-version', meaning: 'the WebSocket protocol version (13, RFC 6455)' },
  {
    name: 'x-stream-protocol-version',
    meaning: 'the stream protocols a SPDY upgrade offers (portforward.k8s.io for port-forward, vN.channel.k8s.io for exec and attach)',
  },
];

/** The meaning of one header the request sends ('' when the glossary has none). */
export function headerMeaning(name: string, value: string, method: string): string {
  const lower = name.toLowerCase();
  const row = HEADER_GLOSSARY.find(
    (r) =>
      r.name === lower &&
      (r.method === undefined || r.method === method) &&
      (r.value === undefined || (typeof r.value === 'string' ? r.value === value : r.value.test(value))),
  );
  return row?.meaning ?? '';
}

/** Where a credential value came from, in words. */
export function sourceText(source: CredentialSource): string {
  switch (source.kind) {
    case 'flag':
      return `the ${source.flag} flag`;
    case 'kubeconfig':
      return `the kubeconfig ${source.file}, ${source.entry} "${source.name}", field ${source.field}`;
    case 'file':
      return `the file ${source.path} (named by ${source.via})`;
    case 'serviceaccount-mount':
      return `the in-pod serviceaccount mount, ${source.path}`;
    case 'service-env':
      return 'KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT (in a pod)';
    case 'env':
      return `the environment variable ${source.name}`;
    case 'secret':
      return `.data.token of the Secret ${source.namespace}/${source.name}`;
    case 'exec':
      return `the exec plugin ${source.command} of kubeconfig user "${source.user}"`;
    case 'default':
      return "kubectl's built-in default";
  }
}

/** The Authorization (or client certificate) line: what authenticates the request and where it came from. */
export function authenticationNote(creds: Credentials): HeaderNote | undefined {
  if (creds.token) return { header: 'Authorization', value: 'Bearer <token>', meaning: `the bearer token, from ${sourceText(creds.token.source)}` };
  if (creds.basic)
    return {
      header: 'Authorization',
      value: 'Basic <user:password>',
      meaning: `basic authentication, the user name from ${sourceText(creds.basic.username.source)}`,
    };
  if (creds.clientCert) {
    return {
      header: '(TLS)',
      value: 'client certificate',
      meaning: `no Authorization header: the TLS client certificate authenticates (its CN is the user, its O the groups), from ${sourceText(creds.clientCert.cert.source)}`,
    };
  }
  return undefined;
}
