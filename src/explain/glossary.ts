// What each query parameter and header of an API request means: one entry per parameter, one per header
// (value-dependent where the value changes the meaning: the Table Accept, the patch Content-Types), and where
// the Authorization value came from. Plain data for the --explain renderer.
import type { CredentialSource, Credentials } from '../kube/credentials-types.js';
import { ACCEPT } from '../plan/request-plan.js';

/** query parameter → its meaning. */
export const QUERY_GLOSSARY: Readonly<Record<string, string>> = {
  limit: 'paging: at most this many items per answer; the answer\'s .metadata.continue fetches the next page',
  continue: 'paging: the token from the previous page\'s .metadata.continue',
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
  insecureSkipTLSVerifyBackend: 'the kubelet\'s serving certificate is not checked (--insecure-skip-tls-verify-backend)',
  includeObject: 'what a Table row carries of each object: None, Metadata or Object',
  pretty: 'indent the JSON answer',
  hash: 'the version of the OpenAPI document discovery announced (cache key)',
};

export interface HeaderNote {
  header: string;
  value: string;
  meaning: string;
}

const PATCH_TYPES: Readonly<Record<string, string>> = {
  'application/strategic-merge-patch+json': 'a strategic merge patch: lists of objects merge by their key (containers by name), as kubectl patch and client-side apply send',
  'application/merge-patch+json': 'a JSON merge patch (RFC 7386): objects merge, lists are replaced whole, null deletes a field',
  'application/json-patch+json': 'a JSON patch (RFC 6902): a list of op/path/value operations',
  'application/apply-patch+yaml': 'server-side apply: the whole intended object; the server merges it and tracks field ownership per fieldManager',
};

/** The meaning of one header the request sends. */
export function headerMeaning(name: string, value: string, method: string): string {
  const lower = name.toLowerCase();
  if (lower === 'accept') {
    if (value === ACCEPT.table) {
      return 'asks for a Table (the rows and columns kubectl prints), falling back to plain JSON; drop this header and the same URL returns the full objects (a PodList for pods), the form `-o json` shows';
    }
    if (value === ACCEPT.aggregatedDiscovery) return 'asks for aggregated discovery (every group, version and resource in one answer)';
    if (value.startsWith('application/vnd.kubernetes.protobuf')) return 'prefers Kubernetes protobuf (binary), accepting JSON';
    if (value.startsWith('application/json')) return 'wants JSON';
    return 'the media types the client accepts';
  }
  if (lower === 'content-type') {
    if (method === 'PATCH' && PATCH_TYPES[value]) return `the body is ${PATCH_TYPES[value]}`;
    if (value === 'application/json') return 'the body is a JSON object (the whole object to create or replace, or options such as DeleteOptions)';
    return 'the media type of the body';
  }
  if (lower === 'user-agent') return 'names the client; kubectl sends kubectl/VERSION (OS/ARCH) kubernetes/COMMIT, kcurl its own';
  if (lower === 'kubectl-command') return 'the kubectl command that sent the request (shows in audit logs)';
  if (lower === 'kubectl-session') return 'a random id shared by the requests of one kubectl run';
  if (lower.startsWith('impersonate-')) return 'act as another user or group (--as, --as-group); needs the impersonate verb';
  if (lower === 'upgrade' || lower === 'connection') return 'switches the connection to a stream (WebSocket or SPDY)';
  return '';
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
  if (creds.basic) return { header: 'Authorization', value: 'Basic <user:password>', meaning: `basic authentication, the user name from ${sourceText(creds.basic.username.source)}` };
  if (creds.clientCert) {
    return { header: '(TLS)', value: 'client certificate', meaning: `no Authorization header: the TLS client certificate authenticates (its CN is the user, its O the groups), from ${sourceText(creds.clientCert.cert.source)}` };
  }
  return undefined;
}
