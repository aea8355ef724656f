// The guided tour `kcurl demo` runs: the classic "talk to the API server with curl" walkthrough, as data.
// Each step explains itself, writes the manifests it needs, waits for the cluster where a real one would
// take a moment, and runs kcurl command lines whose output must show the expected result.
import type { KubeObject } from '../../sandbox/types.js';

/** What a step may ask about the sandbox while it waits (pods running, a token filled in). */
export interface ClusterView {
  get(group: string, resource: string, namespace: string, name: string): KubeObject | undefined;
  list(group: string, resource: string, namespace: string): KubeObject[];
}

export interface DemoCommand {
  /** kcurl's arguments (after `kcurl`), literal; the word `$KCURL` stands for this kcurl executable. */
  argv: string[];
  /** What the output (stdout and stderr together) must contain for the step to count as shown. */
  expect: RegExp[];
  /** Output lines that must match this pattern exactly `count` times (one pod per node). */
  expectLines?: { pattern: RegExp; count: number };
  /** kcurl's exit code; 0 unless the step demonstrates a failure (403). */
  exitCode?: number;
  /** Before running: wait until this holds (a pod finished, a Secret got its token). */
  waitFor?: { what: string; until: (c: ClusterView) => boolean };
}

export interface DemoStep {
  title: string;
  /** Prose, one paragraph per entry. */
  explain: string[];
  /** Manifests written into the demo's working directory, by file name. */
  files?: Record<string, string>;
  commands: DemoCommand[];
}

const NS = 'default';

const podPhase = (c: ClusterView, name: string) => (c.get('', 'pods', NS, name)?.status as { phase?: string } | undefined)?.phase;

function podReady(pod: KubeObject | undefined): boolean {
  const conditions = (pod?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((x) => x.type === 'Ready' && x.status === 'True');
}

const HELLO_POD = `apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  restartPolicy: Never
  containers:
  - name: hello
    image: busybox:1.36
    command: ["echo", "Hello World"]
`;

const READER_SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: reader
---
apiVersion: v1
kind: Secret
metadata:
  name: reader-token
  annotations:
    kubernetes.io/service-account.name: reader
type: kubernetes.io/service-account-token
`;

const READER_RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader-reads-pods
subjects:
- kind: ServiceAccount
  name: reader
  namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
`;

const SHELL_POD = `apiVersion: v1
kind: Pod
metadata:
  name: shell
spec:
  serviceAccountName: reader
  containers:
  - name: shell
    image: fedora:41
    command: ["sleep", "infinity"]
`;

const PODINFO_POD = `apiVersion: v1
kind: Pod
metadata:
  name: podinfo
  labels:
    app: podinfo
    tier: demo
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo \\"I am $MY_POD_NAME in $MY_POD_NAMESPACE on $MY_NODE_NAME\\"; cat /etc/podinfo/labels"]
    env:
    - name: MY_POD_NAME
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    - name: MY_POD_NAMESPACE
      valueFrom:
        fieldRef:
          fieldPath: metadata.namespace
    - name: MY_NODE_NAME
      valueFrom:
        fieldRef:
          fieldPath: spec.nodeName
    volumeMounts:
    - name: podinfo
      mountPath: /etc/podinfo
  volumes:
  - name: podinfo
    downwardAPI:
      items:
      - path: labels
        fieldRef:
          fieldPath: metadata.labels
`;

const WEB_STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

const AGENT_DS = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sh", "-c", "while true; do echo collecting; sleep 30; done"]
`;

export function demoSteps(nodes: number): DemoStep[] {
  return [
    {
      title: 'Which APIs does this server offer?',
      explain: ['Every Kubernetes client starts with discovery: /api for the core group, /apis for the others.'],
      commands: [{ argv: ['api-versions'], expect: [/^apps\/v1$/m, /^v1$/m] }],
    },
    {
      title: 'Create a Pod by POSTing YAML',
      explain: [
        'The classic lesson: POST the manifest as-is with Content-Type: application/yaml to the pods collection.',
        'The kubelet then runs the container; its output is served by the pods/log subresource.',
      ],
      files: { 'hello.yaml': HELLO_POD },
      commands: [
        { argv: ['create', '-f', 'hello.yaml', '--content-type', 'yaml'], expect: [/pod\/hello created/] },
        {
          argv: ['logs', 'hello'],
          expect: [/^Hello World$/m],
          waitFor: { what: 'pod hello to finish', until: (c) => podPhase(c, 'hello') === 'Succeeded' },
        },
      ],
    },
    {
      title: 'List pods',
      explain: [
        'kubectl asks for a server-side Table, so the server decides the columns.',
        'The snippet is the credentials plus the one curl you would type: the first page of 500; --show-curl=script follows every page.',
      ],
      commands: [
        {
          argv: ['get', 'pods', '--show-curl'],
          expect: [
            /^trap 'rm -f "\$CACERT"' EXIT$/m,
            /^ {2}"\$APISERVER"'\/api\/v1\/namespaces\/default\/pods\?limit=500'$/m,
            /^NAME\s+READY\s+STATUS/m,
            /^hello\s+0\/1\s+Completed/m,
          ],
        },
      ],
    },
    {
      title: 'Describe a pod, with its events',
      explain: ['describe is several GETs: the object, then the events whose involvedObject is that pod.'],
      commands: [{ argv: ['describe', 'pod', 'hello'], expect: [/^Name:\s+hello$/m, /^Events:/m, /Started\s+.*kubelet/] }],
    },
    {
      title: 'A ServiceAccount: forbidden until a RoleBinding grants it',
      explain: [
        'A token Secret for the ServiceAccount is filled in by the token controller a moment after it is created.',
        'Authenticated with that token, listing pods is forbidden (403) until a Role and RoleBinding grant it.',
      ],
      files: { 'reader.yaml': READER_SA, 'reader-rbac.yaml': READER_RBAC },
      commands: [
        { argv: ['create', '-f', 'reader.yaml'], expect: [/serviceaccount\/reader created/, /secret\/reader-token created/] },
        {
          argv: ['get', 'pods', '--token-from-secret', 'reader-token'],
          exitCode: 1,
          expect: [/Error from server \(Forbidden\): pods is forbidden: User "system:serviceaccount:default:reader" cannot list resource "pods"/],
          waitFor: {
            what: 'the token controller to fill in secret reader-token',
            until: (c) => Boolean((c.get('', 'secrets', NS, 'reader-token')?.data as Record<string, string> | undefined)?.token),
          },
        },
        {
          argv: ['create', '-f', 'reader-rbac.yaml'],
          expect: [/role\.rbac\.authorization\.k8s\.io\/pod-reader created/, /rolebinding\.rbac\.authorization\.k8s\.io\/reader-reads-pods created/],
        },
        { argv: ['get', 'pods', '--token-from-secret', 'reader-token'], expect: [/^hello\s+0\/1\s+Completed/m] },
      ],
    },
    {
      title: 'Three ways to get a token',
      explain: [
        '1. From the kubeconfig (the snippet reads it with kubectl config view --raw).',
        '2. From a ServiceAccount token Secret (kubectl get secret … | base64 --decode).',
        '3. From inside a pod: the projected serviceaccount volume (cat /var/run/secrets/kubernetes.io/serviceaccount/token).',
        'A TokenRequest (kubectl create token) issues a short-lived token without any Secret.',
      ],
      files: { 'shell.yaml': SHELL_POD },
      commands: [
        { argv: ['get', 'pods', '--show-curl'], expect: [/kubectl config view --raw/] },
        { argv: ['get', 'pods', '--token-from-secret', 'reader-token', '--show-curl'], expect: [/base64 --decode/] },
        { argv: ['create', 'token', 'reader'], expect: [/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/m] },
        { argv: ['create', '-f', 'shell.yaml'], expect: [/pod\/shell created/] },
        {
          argv: ['sandbox', 'exec', 'shell', '--', '$KCURL', 'get', 'pods', '--show-curl'],
          expect: [/serviceaccount\/token/, /^shell\s+1\/1\s+Running/m],
          waitFor: { what: 'pod shell to be running', until: (c) => podReady(c.get('', 'pods', NS, 'shell')) },
        },
      ],
    },
    {
      title: 'The downward API: a pod reads its own metadata',
      explain: ['Environment variables from fieldRef, and a downwardAPI volume whose labels file the kubelet keeps current.'],
      files: { 'podinfo.yaml': PODINFO_POD },
      commands: [
        { argv: ['create', '-f', 'podinfo.yaml'], expect: [/pod\/podinfo created/] },
        {
          argv: ['logs', 'podinfo'],
          expect: [/^I am podinfo in default on \S+$/m, /^app="podinfo"$/m, /^tier="demo"$/m],
          waitFor: { what: 'pod podinfo to finish', until: (c) => podPhase(c, 'podinfo') === 'Succeeded' },
        },
      ],
    },
    {
      title: 'A StatefulSet: stable, ordered names',
      explain: ['Pods web-0, web-1, web-2 are created one after the other, each once the previous one is Running and Ready.'],
      files: { 'web.yaml': WEB_STS },
      commands: [
        { argv: ['apply', '-f', 'web.yaml'], expect: [/statefulset\.apps\/web created/] },
        {
          argv: ['get', 'pods', '-l', 'app=web'],
          expect: [/^web-0\s+1\/1\s+Running/m, /^web-1\s+1\/1\s+Running/m, /^web-2\s+1\/1\s+Running/m],
          waitFor: {
            what: 'web-0, web-1 and web-2 to be ready',
            until: (c) => ['web-0', 'web-1', 'web-2'].every((n) => podReady(c.get('', 'pods', NS, n))),
          },
        },
      ],
    },
    {
      title: 'A DaemonSet: one pod per node',
      explain: [`This sandbox simulates ${nodes} nodes; the DaemonSet controller places one agent pod on each.`],
      files: { 'agent.yaml': AGENT_DS },
      commands: [
        { argv: ['apply', '-f', 'agent.yaml'], expect: [/daemonset\.apps\/agent created/] },
        {
          argv: ['get', 'pods', '-l', 'app=agent', '-o', 'wide'],
          expect: [/^agent-\S+\s+1\/1\s+Running/m],
          expectLines: { pattern: /^agent-\S+\s+1\/1\s+Running/, count: nodes },
          waitFor: {
            what: `one ready agent pod on each of the ${nodes} nodes`,
            until: (c) => {
              const pods = c.list('', 'pods', NS).filter((p) => p.metadata.labels?.app === 'agent' && podReady(p));
              return new Set(pods.map((p) => (p.spec as { nodeName?: string }).nodeName)).size === nodes;
            },
          },
        },
      ],
    },
  ];
}
