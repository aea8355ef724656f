// Wire-identity rows for kubectl create role, clusterrole, rolebinding and clusterrolebinding: the POST kubectl's
// typed client sends as protobuf (decoded), the result lines, the objects --dry-run=client prints, and the checks
// kubectl makes before sending (RESTMapper misses, special verbs, subjects).
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const RBAC_NS = 'wire-rbac';

const rbac = (kind: string, name: string, namespace?: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});
const fresh =
  (...objects: KubeObject[]) =>
  (ops: SandboxOps) =>
    ops.remove(...objects);
const n = ['-n', RBAC_NS];
const existingRole = { ...rbac('Role', 'taken', RBAC_NS), rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] };
const existingBinding = { ...rbac('RoleBinding', 'taken', RBAC_NS), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } };

export const CREATE_RBAC_ROWS: WireRow[] = [
  {
    args: ['create', 'role', 'reader', '--verb=get,list', '--verb=watch', '--resource=pods,deploy,rs.apps/scale', '--resource-name=a', ...n],
    setup: fresh(rbac('Role', 'reader', RBAC_NS)),
    mutating: true,
    protobuf: true,
    note: 'short names resolved by discovery; one rule per API group',
  },
  {
    args: ['create', 'role', 'dry', '--verb=get', '--resource=pods', '--dry-run=server', ...n],
    setup: fresh(rbac('Role', 'dry', RBAC_NS)),
    mutating: true,
    protobuf: true,
  },
  {
    args: ['create', 'role', 'taken', '--verb=get', '--resource=pods', ...n],
    setup: (ops) => ops.recreate(existingRole),
    mutating: true,
    protobuf: true,
    exitCode: 1,
    note: 'the Role exists: the server error as is',
  },
  {
    args: ['create', 'clusterrole', 'wire-logs', '--verb=get', '--non-resource-url=/logs/*', '--resource=nodes', '-o', 'name'],
    setup: fresh(rbac('ClusterRole', 'wire-logs')),
    mutating: true,
    protobuf: true,
  },
  {
    args: ['create', 'clusterrole', 'wire-agg', '--aggregation-rule=rbac.example.com/aggregate-to-wire=true'],
    setup: fresh(rbac('ClusterRole', 'wire-agg')),
    mutating: true,
    protobuf: true,
  },
  {
    args: ['create', 'rolebinding', 'bind', '--clusterrole=view', '--user=jane', '--group=devs', `--serviceaccount=${RBAC_NS}:robot`, ...n],
    setup: fresh(rbac('RoleBinding', 'bind', RBAC_NS)),
    mutating: true,
    protobuf: true,
    note: 'the local --user shadows the global one',
  },
  {
    args: ['create', 'rolebinding', 'taken', '--role=reader', '--user=jane', ...n],
    setup: (ops) => ops.recreate(existingBinding),
    mutating: true,
    protobuf: true,
    exitCode: 1,
    note: 'the RoleBinding exists: "failed to create rolebinding: …"',
  },
  {
    args: ['create', 'clusterrole', 'wire-saved', '--verb=get', '--resource=pods', '--save-config'],
    setup: fresh(rbac('ClusterRole', 'wire-saved')),
    mutating: true,
    protobuf: true,
    note: 'the last-applied annotation as the typed object encodes',
  },
  {
    args: ['create', 'clusterrolebinding', 'wire-bind', '--clusterrole=view', '--group=devs', '--dry-run=server'],
    setup: fresh(rbac('ClusterRoleBinding', 'wire-bind')),
    mutating: true,
    protobuf: true,
  },
  {
    args: ['create', 'clusterrolebinding', 'wire-bind2', '--clusterrole=view', '--user=jane', '-o', 'name'],
    setup: fresh(rbac('ClusterRoleBinding', 'wire-bind2')),
    mutating: true,
    protobuf: true,
  },
];

// --dry-run=client -o yaml|json: the object kubectl builds, printed without a request (discovery aside).
const client = (...args: string[]): WireRow[] => ['yaml', 'json'].map((o) => ({ args: ['create', ...args, '--dry-run=client', '-o', o], sendsNothing: true }));
const refused = (note: string, ...args: string[]): WireRow => ({ args: ['create', ...args], sendsNothing: true, exitCode: 1, note });

export const CREATE_RBAC_DRY_RUN_ROWS: WireRow[] = [
  ...client('role', 'dry', '--verb=get,list,get', '--resource=pods,pods/log,deployments.apps,*.apps', '--resource-name=a', '--resource-name=a', ...n),
  ...client('role', 'all', '--verb=get,*,list', '--resource=pods,*'),
  ...client('clusterrole', 'dry', '--verb=get', '--resource=pods', '--resource-name=x', '--non-resource-url=/healthz,/logs/*,/healthz'),
  ...client('clusterrole', 'esc', '--verb=escalate,bind', '--resource=roles.rbac.authorization.k8s.io,clusterroles'),
  ...client('clusterrole', 'agg', '--aggregation-rule=b=2,a=1'),
  ...client('rolebinding', 'saved', '--clusterrole=edit', '--group=devs', '--save-config', ...n),
  ...client('rolebinding', 'dry', '--role=reader', '--user=jane', '--user=joe', '--group=devs', '--serviceaccount=default:robot', ...n),
  ...client('clusterrolebinding', 'dry', '--clusterrole=view', '--serviceaccount=kube-system:robot'),
  {
    args: ['create', 'role', 'dry', '--verb=get', '--verb=frob', '--resource=pods', '--dry-run=client', '-o', 'name'],
    sendsNothing: true,
    note: 'a non-standard verb is a warning',
  },
  refused('an unknown resource', 'role', 'dry', '--verb=get', '--resource=foos'),
  refused('an unknown resource in a group', 'role', 'dry', '--verb=get', '--resource=foos.example.com'),
  refused('a special verb on another resource', 'role', 'dry', '--verb=use', '--resource=pods'),
  refused('no verb', 'role', 'dry', '--resource=pods'),
  refused('no resource', 'role', 'dry', '--verb=get'),
  refused('a verb HTTP does not have', 'clusterrole', 'dry', '--verb=list', '--non-resource-url=/logs'),
  refused('a relative URL', 'clusterrole', 'dry', '--verb=get', '--non-resource-url=logs'),
  refused('an aggregation rule with verbs', 'clusterrole', 'dry', '--aggregation-rule=a=b', '--verb=get'),
  refused('both --role and --clusterrole', 'rolebinding', 'dry', '--role=a', '--clusterrole=b'),
  refused('a service account without namespace', 'rolebinding', 'dry', '--role=a', '--serviceaccount=robot'),
  refused('--clusterrole is required', 'clusterrolebinding', 'dry', '--user=jane'),
  refused('no NAME', 'role', '--verb=get', '--resource=pods'),
  refused('two NAMEs', 'rolebinding', 'a', 'b', '--role=r'),
];
