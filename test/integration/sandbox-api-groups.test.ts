// The API groups beyond the workloads (networking, policy, autoscaling, certificates, admissionregistration,
// scheduling, node, discovery, events.k8s.io, apiregistration, flowcontrol, core componentstatuses and
// bindings) driven by the real kubectl v1.32: discovery as `kubectl api-resources` prints it for a v1.32
// cluster, create / get (server-side Table, the columns of printers.go) / describe / delete for each kind,
// kcurl describe equal to kubectl describe, and the conversions between versions that share one storage.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseAges } from '../helpers/ages.js';
import { fixtureJson } from '../helpers/fixtures.js';
import { requireTool } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { eventually, KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
const NS = 'groups';

const write = (name: string, text: string) => {
  const file = join(t.dir, name);
  writeFileSync(file, text);
  return file;
};
const ok = async (args: string[], opts?: Parameters<TestSandbox['kubectl']>[1]) => {
  const r = await t.kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};
const table = (text: string) => normaliseAges(text, { keepColumnWidth: true });

/** A PKCS#10 request for CN=jane, O=dev, O=ops with DNS, e-mail, IPv4 and IPv6 alternative names. */
function certificateRequest(): { pem: string; keyPem: string } {
  // 2048 bits: OpenSSL's default security level refuses smaller keys in a TLS handshake.
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const keys = { privateKey: forge.pki.privateKeyFromPem(pair.privateKey), publicKey: forge.pki.publicKeyFromPem(pair.publicKey) };
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = keys.publicKey;
  csr.setSubject([
    { name: 'commonName', value: 'jane' },
    { name: 'organizationName', value: 'dev' },
    { name: 'organizationName', value: 'ops' },
    { name: 'countryName', value: 'NL' },
  ]);
  csr.setAttributes([
    {
      name: 'extensionRequest',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'jane.example.com' },
            { type: 1, value: 'jane@example.com' },
            { type: 7, ip: '10.0.0.1' },
            { type: 7, ip: 'fd00::1' },
          ],
        },
      ],
    },
  ]);
  csr.sign(keys.privateKey, forge.md.sha256.create());
  return { pem: forge.pki.certificationRequestToPem(csr), keyPem: pair.privateKey };
}

const MANIFESTS = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: ${NS}, annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: web, port: {number: 80}}}
  tls: [{hosts: [web.example.com], secretName: web-tls}]
  rules:
  - host: web.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Exact, backend: {service: {name: api, port: {name: http}}}}
  - host: admin.example.com
    http:
      paths:
      - {path: /, pathType: ImplementationSpecific, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: ${NS}}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}
    - namespaceSelector: {matchLabels: {project: myproject}}
    - podSelector: {matchLabels: {role: frontend}}
    ports: [{protocol: TCP, port: 6379}]
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
    ports: [{port: 5978, endPort: 6000}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: ${NS}}
spec:
  minAvailable: 50%
  selector: {matchLabels: {app: web}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: ${NS}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
  - type: Pods
    pods: {metric: {name: packets-per-second}, target: {type: AverageValue, averageValue: 1k}}
  behavior:
    scaleDown: {stabilizationWindowSeconds: 300}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000000
globalDefault: false
description: "For the pods that matter."
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: gvisor}
handler: runsc
overhead: {podFixed: {cpu: 250m, memory: 120Mi}}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: policy.example.com}
webhooks:
- name: pods.policy.example.com
  clientConfig: {service: {namespace: ${NS}, name: policy}}
  rules: [{operations: [CREATE, UPDATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
  admissionReviewVersions: [v1]
  sideEffects: None
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: inject.example.com}
webhooks:
- name: a.inject.example.com
  clientConfig: {url: "https://inject.example.com/a"}
  admissionReviewVersions: [v1]
  sideEffects: None
- name: b.inject.example.com
  clientConfig: {url: "https://inject.example.com/b"}
  admissionReviewVersions: [v1]
  sideEffects: NoneOnDryRun
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: manual-abc, namespace: ${NS}, labels: {kubernetes.io/service-name: manual}}
addressType: IPv4
ports: [{name: http, protocol: TCP, port: 8080}, {name: metrics, port: 9090}]
endpoints:
- addresses: [10.1.2.3]
  conditions: {ready: true}
  nodeName: kcurl-control-plane
  zone: zone-a
- addresses: [10.1.2.4]
  conditions: {ready: false}
  hostname: second
  targetRef: {kind: Pod, name: second, namespace: ${NS}}
`;

beforeAll(async () => {
  requireTool(KUBECTL_132);
  t = await startTestSandbox();
  await ok(['create', 'namespace', NS]);
  await ok(['apply', '-f', write('groups.yaml', MANIFESTS)]);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('discovery', () => {
  it('api-versions lists the group versions of a v1.32 cluster', async () => {
    expect((await ok(['api-versions'])).trim().split('\n')).toEqual([
      'admissionregistration.k8s.io/v1',
      'apiextensions.k8s.io/v1',
      'apiregistration.k8s.io/v1',
      'apps/v1',
      'authentication.k8s.io/v1',
      'authorization.k8s.io/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'batch/v1',
      'certificates.k8s.io/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'flowcontrol.apiserver.k8s.io/v1',
      'networking.k8s.io/v1',
      'node.k8s.io/v1',
      'policy/v1',
      'rbac.authorization.k8s.io/v1',
      'scheduling.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]);
  });

  // The rows `kubectl api-resources` prints for these resources on a v1.32 cluster.
  it.each([
    'bindings                                       v1                                true         Binding',
    'componentstatuses                 cs           v1                                false        ComponentStatus',
    'mutatingwebhookconfigurations                  admissionregistration.k8s.io/v1   false        MutatingWebhookConfiguration',
    'validatingadmissionpolicies                    admissionregistration.k8s.io/v1   false        ValidatingAdmissionPolicy',
    'validatingadmissionpolicybindings              admissionregistration.k8s.io/v1   false        ValidatingAdmissionPolicyBinding',
    'validatingwebhookconfigurations                admissionregistration.k8s.io/v1   false        ValidatingWebhookConfiguration',
    'apiservices                                    apiregistration.k8s.io/v1         false        APIService',
    'horizontalpodautoscalers          hpa          autoscaling/v2                    true         HorizontalPodAutoscaler',
    'certificatesigningrequests        csr          certificates.k8s.io/v1            false        CertificateSigningRequest',
    'endpointslices                                 discovery.k8s.io/v1               true         EndpointSlice',
    'events                            ev           events.k8s.io/v1                  true         Event',
    'flowschemas                                    flowcontrol.apiserver.k8s.io/v1   false        FlowSchema',
    'prioritylevelconfigurations                    flowcontrol.apiserver.k8s.io/v1   false        PriorityLevelConfiguration',
    'ingressclasses                                 networking.k8s.io/v1              false        IngressClass',
    'ingresses                         ing          networking.k8s.io/v1              true         Ingress',
    'networkpolicies                   netpol       networking.k8s.io/v1              true         NetworkPolicy',
    'runtimeclasses                                 node.k8s.io/v1                    false        RuntimeClass',
    'poddisruptionbudgets              pdb          policy/v1                         true         PodDisruptionBudget',
    'priorityclasses                   pc           scheduling.k8s.io/v1              false        PriorityClass',
  ])('api-resources: %s', async (row) => {
    const out = await ok(['api-resources']);
    const [name, ...rest] = row.split(/\s+/);
    const line = out
      .split('\n')
      .find((l) => l.startsWith(`${name} `) && l.includes(rest[rest.length - 1]) && l.includes(rest.length === 4 ? rest[1] : rest[0]));
    expect(line?.split(/\s+/)).toEqual(row.split(/\s+/));
  });

  it('aggregated discovery matches the v1.32 document resource by resource (scope, names, verbs, subresources)', async () => {
    type Doc = { items: { metadata: { name?: string }; versions: { version: string; resources: Record<string, any>[] }[] }[] };
    const index = (doc: Doc) => {
      const out = new Map<string, unknown>();
      for (const g of doc.items)
        for (const v of g.versions)
          for (const r of v.resources) {
            const subresources = (r.subresources ?? []).map((s: Record<string, any>) => [s.subresource, s.verbs]);
            out.set(`${g.metadata.name ?? ''}/${v.version}/${r.resource}`, [
              r.scope,
              r.singularResource,
              r.responseKind.kind,
              r.shortNames,
              r.categories,
              r.verbs,
              subresources,
            ]);
          }
      return out;
    };
    const served = index((await t.request('GET', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })).json());
    const real = index(fixtureJson('discovery/aggregated-v2-apis.json'));
    // storage.k8s.io is served elsewhere; the fixture still lists networkpolicies/status, which v1.28 removed.
    const known = (key: string) => key.startsWith('storage.k8s.io/') || key === 'networking.k8s.io/v1/networkpolicies';
    for (const [key, value] of real) if (!known(key)) expect(served.get(key), key).toEqual(value);
    expect([...served.keys()].filter((k) => !real.has(k))).toEqual([]);
  });

  it('aggregated and legacy discovery agree on autoscaling: v2 preferred, both versions listed', async () => {
    const group = (await t.request('GET', '/apis/autoscaling')).json();
    expect(group.preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
    const v1 = (await t.request('GET', '/apis/autoscaling/v1')).json();
    const v2 = (await t.request('GET', '/apis/autoscaling/v2')).json();
    const hpa = (list: { resources: { name: string; storageVersionHash?: string }[] }) => list.resources.find((r) => r.name === 'horizontalpodautoscalers');
    // Both versions are stored as autoscaling/v2: one storage version hash.
    expect(hpa(v1)?.storageVersionHash).toBe(hpa(v2)?.storageVersionHash);
    const agg = (await t.request('GET', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' })).json();
    const autoscaling = agg.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'autoscaling');
    expect(autoscaling.versions.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1']);
    // events.k8s.io shares the core events' storage, as its hash says.
    const events = (await t.request('GET', '/apis/events.k8s.io/v1')).json().resources[0];
    const core = (await t.request('GET', '/api/v1')).json().resources.find((r: { name: string }) => r.name === 'events');
    expect(events.storageVersionHash).toBe(core.storageVersionHash);
    // Resources with no storage have no hash (as in the v1.26 capture of /api/v1).
    const coreList = (await t.request('GET', '/api/v1')).json().resources as { name: string; storageVersionHash?: string }[];
    expect(coreList.filter((r) => ['bindings', 'componentstatuses'].includes(r.name)).map((r) => r.storageVersionHash)).toEqual([undefined, undefined]);
  });

  it('OpenAPI v3 has a document per new group version, with the kinds kubectl validates against', async () => {
    const index = (await t.request('GET', '/openapi/v3')).json();
    for (const key of [
      'apis/networking.k8s.io/v1',
      'apis/policy/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/flowcontrol.apiserver.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
    ]) {
      expect(index.paths[key], key).toBeDefined();
    }
    const flow = (await t.request('GET', index.paths['apis/flowcontrol.apiserver.k8s.io/v1'].serverRelativeURL)).json();
    expect(Object.keys(flow.components.schemas)).toContain('io.k8s.api.flowcontrol.v1.FlowSchema');
    const net = (await t.request('GET', index.paths['apis/networking.k8s.io/v1'].serverRelativeURL)).json();
    // NetworkPolicy lost its status in 1.28.
    expect(Object.keys(net.paths)).not.toContain('/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}/status');
    expect(net.components.schemas['io.k8s.api.networking.v1.NetworkPolicy'].properties.status).toBeUndefined();
    // kubectl's strict validation runs against these documents: an unknown field is refused.
    const bad = await t.kubectl(['apply', '-f', '-'], {
      stdin: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: bad, namespace: groups}\nspec: {maxUnavailable: 1, bogus: 1}\n',
    });
    expect(bad.stderr).toContain('unknown field "spec.bogus"');
  });
});

describe('kubectl get prints the columns of printers.go', () => {
  it.each([
    ['ingressclass', 'NAME    CONTROLLER             PARAMETERS   AGE\nnginx   k8s.io/ingress-nginx   <none>       <age>\n'],
    [
      'ingress',
      'NAME   CLASS   HOSTS                               ADDRESS   PORTS     AGE\nweb    nginx   web.example.com,admin.example.com             80, 443   <age>\n',
    ],
    ['networkpolicy', 'NAME   POD-SELECTOR   AGE\ndb     app=db         <age>\n'],
    ['pdb', 'NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb    50%             N/A               0                     <age>\n'],
    [
      'hpa',
      'NAME   REFERENCE        TARGETS                                                   MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: <unknown>/50%, memory: <unknown>/100Mi + 1 more...   2         10        0          <age>\n',
    ],
    ['endpointslice', 'NAME         ADDRESSTYPE   PORTS       ENDPOINTS           AGE\nmanual-abc   IPv4          8080,9090   10.1.2.3,10.1.2.4   <age>\n'],
  ])('%s', async (resource, expected) => {
    expect(table(await ok(['get', resource, '-n', NS]))).toBe(expected);
  });

  it.each([
    [
      'priorityclass',
      'NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\nhigh                      1000000      false            <age>    PreemptLowerPriority\nsystem-cluster-critical   2000000000   false            <age>    PreemptLowerPriority\nsystem-node-critical      2000001000   false            <age>    PreemptLowerPriority\n',
    ],
    ['runtimeclass', 'NAME     HANDLER   AGE\ngvisor   runsc     <age>\n'],
    ['validatingwebhookconfiguration', 'NAME                 WEBHOOKS   AGE\npolicy.example.com   1          <age>\n'],
    ['mutatingwebhookconfiguration', 'NAME                 WEBHOOKS   AGE\ninject.example.com   2          <age>\n'],
  ])('%s (cluster-scoped)', async (resource, expected) => {
    expect(table(await ok(['get', resource]))).toBe(expected);
  });

  it('componentstatuses: the deprecation warning and three healthy components', async () => {
    const r = await t.kubectl(['get', 'componentstatuses']);
    expect(r.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    expect(r.stdout).toBe(
      'NAME                 STATUS    MESSAGE   ERROR\nscheduler            Healthy   ok        \ncontroller-manager   Healthy   ok        \netcd-0               Healthy   ok        \n',
    );
    const missing = await t.kubectl(['get', 'cs', 'nothing']);
    expect(missing.stderr).toContain('Component not found: nothing');
  });

  it('apiservices: one Local APIService per served group version, available', async () => {
    const out = table(await ok(['get', 'apiservices']));
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SERVICE\s+AVAILABLE\s+AGE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^v1\.\s+Local\s+True\s+<age>$/));
    expect(lines).toContainEqual(expect.stringMatching(/^v2\.autoscaling\s+Local\s+True\s+<age>$/));
    expect(lines).toContainEqual(expect.stringMatching(/^v1\.flowcontrol\.apiserver\.k8s\.io\s+Local\s+True\s+<age>$/));
    expect(lines).toHaveLength(1 + 21);
  });

  it('flowschemas and prioritylevelconfigurations: the bootstrap configuration, schemas by precedence', async () => {
    const schemas = table(await ok(['get', 'flowschemas']))
      .trim()
      .split('\n');
    expect(schemas[0]).toMatch(/^NAME\s+PRIORITYLEVEL\s+MATCHINGPRECEDENCE\s+DISTINGUISHERMETHOD\s+AGE\s+MISSINGPL$/);
    expect(schemas.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      'exempt',
      'probes',
      'system-leader-election',
      'endpoint-controller',
      'workload-leader-election',
      'system-node-high',
      'system-nodes',
      'kube-controller-manager',
      'kube-scheduler',
      'kube-system-service-accounts',
      'service-accounts',
      'global-default',
      'catch-all',
    ]);
    expect(schemas[1].split(/\s+/)).toEqual(['exempt', 'exempt', '1', '<none>', '<age>', 'False']);
    const levels = table(await ok(['get', 'prioritylevelconfigurations']))
      .trim()
      .split('\n');
    expect(levels[0]).toMatch(/^NAME\s+TYPE\s+NOMINALCONCURRENCYSHARES\s+QUEUES\s+HANDSIZE\s+QUEUELENGTHLIMIT\s+AGE$/);
    expect(levels).toContainEqual(expect.stringMatching(/^exempt\s+Exempt\s+<none>\s+<none>\s+<none>\s+<none>\s+<age>$/));
    expect(levels).toContainEqual(expect.stringMatching(/^workload-low\s+Limited\s+100\s+128\s+6\s+50\s+<age>$/));
  });
});

describe('defaults a client sees', () => {
  it('webhooks get failurePolicy, matchPolicy, selectors, timeout, scope, port (and reinvocationPolicy when mutating)', async () => {
    const v = JSON.parse(await ok(['get', 'validatingwebhookconfiguration', 'policy.example.com', '-o', 'json']));
    expect(v.webhooks[0]).toMatchObject({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      namespaceSelector: {},
      objectSelector: {},
      timeoutSeconds: 10,
      clientConfig: { service: { namespace: NS, name: 'policy', port: 443 } },
      rules: [{ scope: '*' }],
    });
    const m = JSON.parse(await ok(['get', 'mutatingwebhookconfiguration', 'inject.example.com', '-o', 'json']));
    expect(m.webhooks.map((w: { reinvocationPolicy: string }) => w.reinvocationPolicy)).toEqual(['Never', 'Never']);
    expect(m.metadata.generation).toBe(1);
  });

  it("a new Ingress and HPA carry the empty status their strategies give them, a PDB the disruption controller's", async () => {
    const pdb = await eventually(async () => {
      const status = JSON.parse(await ok(['get', 'pdb', 'web', '-n', NS, '-o', 'json'])).status;
      return status.conditions ? status : undefined;
    }, 'the PDB status');
    expect(pdb).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      conditions: [
        { type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: expect.any(String), reason: 'InsufficientPods', message: '' },
      ],
    });
    expect(JSON.parse(await ok(['get', 'ingress', 'web', '-n', NS, '-o', 'json'])).status).toEqual({ loadBalancer: {} });
    const hpa = JSON.parse(await ok(['get', 'hpa', 'web', '-n', NS, '-o', 'json']));
    expect(hpa.status).toEqual({ desiredReplicas: 0 });
    expect(hpa.spec.behavior).toEqual({
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
    });
  });

  it('validation errors read as the real server words them', async () => {
    const hpa = await t.kubectl(['create', '-f', '-'], {
      stdin: `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: tiny, namespace: ${NS}}\nspec:\n  scaleTargetRef: {kind: Deployment, name: x}\n  minReplicas: 3\n  maxReplicas: 2\n`,
    });
    expect(hpa.stderr).toBe(
      'The HorizontalPodAutoscaler "tiny" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`\n',
    );
    const pc = await t.kubectl(['create', 'priorityclass', 'system-mine', '--value=5']);
    expect(pc.stderr).toContain(`metadata.name: Invalid value: "system-mine": priority class names with 'system-' prefix are reserved`);
    const ing = await t.kubectl(['create', '-f', '-'], {
      stdin: `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: nopath, namespace: ${NS}}\nspec:\n  rules: [{http: {paths: [{path: /, backend: {service: {name: a, port: {number: 80}}}}]}}]\n`,
    });
    expect(ing.stderr).toContain('spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
  });
});

describe('one storage, several versions', () => {
  it('an HPA created through autoscaling/v1 reads back through v2 (and the v2 one through v1, extras in annotations)', async () => {
    await ok(['create', 'deployment', 'scaled', '-n', NS, '--image=nginx']);
    // kubectl autoscale creates an autoscaling/v1 object.
    expect(await ok(['autoscale', 'deployment', 'scaled', '-n', NS, '--max=4', '--cpu-percent=60'])).toBe(
      'horizontalpodautoscaler.autoscaling/scaled autoscaled\n',
    );
    const v2 = (await t.request('GET', `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/scaled`)).json();
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'scaled', apiVersion: 'apps/v1' },
      minReplicas: 1,
      maxReplicas: 4,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    const v1 = (await t.request('GET', `/apis/autoscaling/v1/namespaces/${NS}/horizontalpodautoscalers/web`)).json();
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 2,
      maxReplicas: 10,
      targetCPUUtilizationPercentage: 50,
    });
    expect(v1.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } },
      { type: 'Pods', pods: { metricName: 'packets-per-second', targetAverageValue: '1k' } },
    ]);
    // A v1 update keeps what only v2 can say.
    const put = await t.request('PUT', `/apis/autoscaling/v1/namespaces/${NS}/horizontalpodautoscalers/web`, {
      body: { ...v1, spec: { ...v1.spec, maxReplicas: 12 } },
    });
    expect(put.status).toBe(200);
    const after = (await t.request('GET', `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/web`)).json();
    expect(after.spec.maxReplicas).toBe(12);
    expect(after.spec.metrics).toHaveLength(3);
    expect(Object.keys(after.metadata.annotations ?? {}).filter((k) => k.startsWith('autoscaling.alpha.kubernetes.io/'))).toEqual([]);
  });

  it('events.k8s.io/v1 Events are the core events, converted field by field', async () => {
    const created = await t.request('POST', `/apis/events.k8s.io/v1/namespaces/${NS}/events`, {
      body: {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'poke.1' },
        eventTime: '2026-01-02T03:04:05.000000Z',
        reportingController: 'example.com/poker',
        reportingInstance: 'poker-1',
        action: 'Poke',
        reason: 'Poked',
        type: 'Normal',
        note: 'poked it',
        regarding: { kind: 'Pod', name: 'target', namespace: NS },
      },
    });
    expect(created.status).toBe(201);
    const core = (await t.request('GET', `/api/v1/namespaces/${NS}/events/poke.1`)).json();
    expect(core).toMatchObject({
      apiVersion: 'v1',
      involvedObject: { kind: 'Pod', name: 'target', namespace: NS },
      message: 'poked it',
      reportingComponent: 'example.com/poker',
      reportingInstance: 'poker-1',
      action: 'Poke',
      source: {},
      firstTimestamp: null,
    });
    const events = (await t.request('GET', `/apis/events.k8s.io/v1/namespaces/${NS}/events`)).json();
    expect(events.kind).toBe('EventList');
    expect(events.items.find((e: { metadata: { name: string } }) => e.metadata.name === 'poke.1')).toMatchObject({
      note: 'poked it',
      regarding: { name: 'target' },
      reportingController: 'example.com/poker',
    });
    const refused = await t.request('POST', `/apis/events.k8s.io/v1/namespaces/${NS}/events`, {
      body: { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'bad' } },
    });
    expect(refused.status).toBe(422);
    expect(refused.json().message).toBe('Event.events.k8s.io "bad" is invalid: [eventTime: Required value, type: Invalid value: "": has invalid value: ]');
    const notFound = await t.request('GET', `/apis/events.k8s.io/v1/namespaces/${NS}/events/none`);
    expect(notFound.json().message).toBe('events.events.k8s.io "none" not found');
  });
});

describe('controllers and subresources', () => {
  it('a Service with a selector gets Endpoints and an EndpointSlice listing its ready pods', async () => {
    await ok(['create', 'deployment', 'echo', '-n', NS, '--image=nginx', '--replicas=2', '--port=80']);
    await ok(['expose', 'deployment', 'echo', '-n', NS, '--port=8080', '--target-port=80']);
    const ips = await eventually(async () => {
      const pods = JSON.parse(await ok(['get', 'pods', '-n', NS, '-l', 'app=echo', '-o', 'json'])).items as {
        status: { podIP?: string; conditions?: { type: string; status: string }[] };
      }[];
      const ready = pods.filter((p) => p.status.podIP && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length === 2 ? ready.map((p) => p.status.podIP as string).sort() : undefined;
    }, 'two ready echo pods');
    const slice = await eventually(async () => {
      const list = JSON.parse(await ok(['get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=echo', '-o', 'json'])).items;
      return list.length === 1 && (list[0].endpoints ?? []).length === 2 ? list[0] : undefined;
    }, 'the echo EndpointSlice with two endpoints');
    expect(slice.metadata.name).toMatch(/^echo-[a-z0-9]{5}$/);
    expect(slice.metadata.labels).toMatchObject({
      app: 'echo',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': 'echo',
    });
    expect(slice.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'echo', controller: true, blockOwnerDeletion: true })]);
    expect(slice.ports).toEqual([{ name: '', protocol: 'TCP', port: 80 }]);
    expect(slice.endpoints.map((e: { addresses: string[] }) => e.addresses[0]).sort()).toEqual(ips);
    expect(slice.endpoints[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
    expect(table(await ok(['get', 'endpoints', 'echo', '-n', NS]))).toBe(
      `NAME   ENDPOINTS                     AGE\necho   ${ips.map((ip) => `${ip}:80`).join(',')}   <age>\n`,
    );
    // The slice goes with its Service.
    await ok(['delete', 'service', 'echo', '-n', NS]);
    await eventually(
      async () =>
        JSON.parse(await ok(['get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=echo', '-o', 'json'])).items.length === 0 ? true : undefined,
      'the slice deleted',
    );
  }, 60_000);

  it('the kubernetes Service has its EndpointSlice pointing at the sandbox', async () => {
    const slice = JSON.parse(await ok(['get', 'endpointslice', 'kubernetes', '-n', 'default', '-o', 'json']));
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(slice.ports).toEqual([{ name: 'https', protocol: 'TCP', port: Number(new URL(t.sb.url).port) }]);
  });

  it('a Binding assigns a pod to a node once; a second one is a conflict', async () => {
    await ok([
      'apply',
      '-f',
      write(
        'unscheduled.yaml',
        `apiVersion: v1\nkind: Pod\nmetadata: {name: manual, namespace: ${NS}}\nspec:\n  schedulerName: nobody\n  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]\n`,
      ),
    ]);
    const body = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'manual' }, target: { apiVersion: 'v1', kind: 'Node', name: 'kcurl-control-plane' } };
    const bound = await t.request('POST', `/api/v1/namespaces/${NS}/bindings`, { body });
    expect(bound.status).toBe(201);
    expect(bound.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const pod = JSON.parse(await ok(['get', 'pod', 'manual', '-n', NS, '-o', 'json']));
    expect(pod.spec.nodeName).toBe('kcurl-control-plane');
    expect(pod.status.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const again = await t.request('POST', `/api/v1/namespaces/${NS}/pods/manual/binding`, { body });
    expect(again.status).toBe(409);
    expect(again.json().message).toBe('Operation cannot be fulfilled on pods/binding "manual": pod manual is already assigned to node "kcurl-control-plane"');
    const get = await t.request('GET', `/api/v1/namespaces/${NS}/bindings`);
    expect(get.status).toBe(405);
  });

  it('kubectl create -f of a Binding validates it against /openapi/v2 in protobuf, as against a real server', async () => {
    await ok([
      'apply',
      '-f',
      write(
        'unscheduled-2.yaml',
        `apiVersion: v1\nkind: Pod\nmetadata: {name: manual-2, namespace: ${NS}}\nspec:\n  schedulerName: nobody\n  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]\n`,
      ),
    ]);
    // Binding has no PATCH path in the v3 documents: kubectl falls back to the v2 document, asked for as protobuf.
    const typo = await t.kubectl([
      'create',
      '-n',
      NS,
      '-f',
      write('typo-binding.yaml', 'apiVersion: v1\nkind: Binding\nmetadata: {name: manual-2}\ntargt: {apiVersion: v1, kind: Node, name: kcurl-control-plane}\n'),
    ]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(
      'error validating data: [ValidationError(Binding): unknown field "targt" in io.k8s.api.core.v1.Binding, ValidationError(Binding): missing required field "target" in io.k8s.api.core.v1.Binding]',
    );
    const file = write(
      'binding.yaml',
      'apiVersion: v1\nkind: Binding\nmetadata: {name: manual-2}\ntarget: {apiVersion: v1, kind: Node, name: kcurl-control-plane}\n',
    );
    const created = await t.kubectl(['create', '-n', NS, '-f', file, '-v=6']);
    expect(created.stderr).toMatch(/GET https:\/\/\S+\/openapi\/v2\?timeout=32s 200 OK/);
    expect(created.code).toBe(0);
    expect(JSON.parse(await ok(['get', 'pod', 'manual-2', '-n', NS, '-o', 'json'])).spec.nodeName).toBe('kcurl-control-plane');
    const proto = await t.request('GET', '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(proto.status).toBe(200);
    expect(proto.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(proto.headers.etag).toMatch(/^"[0-9A-F]{128}"$/);
    const html = await t.request('GET', '/openapi/v2', { accept: 'text/html' });
    expect(html.status).toBe(406);
  }, 60_000);

  it('a CertificateSigningRequest records its requester and is approved through the approval subresource', async () => {
    const { pem, keyPem } = certificateRequest();
    const request = Buffer.from(pem).toString('base64');
    await ok([
      'apply',
      '-f',
      write(
        'csr.yaml',
        `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: jane}\nspec:\n  request: ${request}\n  signerName: kubernetes.io/kube-apiserver-client\n  expirationSeconds: 86400\n  usages: [client auth]\n`,
      ),
    ]);
    expect(table(await ok(['get', 'csr', 'jane']))).toBe(
      'NAME   AGE   SIGNERNAME                            REQUESTOR     REQUESTEDDURATION   CONDITION\njane   <age>    kubernetes.io/kube-apiserver-client   kcurl-admin   <age>                  Pending\n',
    );
    // kubectl sends the approval as protobuf.
    expect(await ok(['certificate', 'approve', 'jane'])).toBe('certificatesigningrequest.certificates.k8s.io/jane approved\n');
    const csr = JSON.parse(await ok(['get', 'csr', 'jane', '-o', 'json']));
    expect(csr.status.conditions).toEqual([
      expect.objectContaining({ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' }),
    ]);
    // The signer issues the certificate; it authenticates jane (groups from O) to the sandbox.
    const certificate = await eventually(
      async () => JSON.parse(await ok(['get', 'csr', 'jane', '-o', 'json'])).status.certificate as string | undefined,
      'the issued certificate',
    );
    expect(table(await ok(['get', 'csr', 'jane'])).split('\n')[1]).toMatch(/\sApproved,Issued$/);
    const kubeconfig = t.kubeconfigFor('jane', { cert: { certPem: Buffer.from(certificate, 'base64').toString('utf8'), keyPem } });
    const whoami = await ok(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'], { kubeconfig });
    expect(whoami).toBe('jane ["dev","ops","system:authenticated"]');
    expect(csr.spec.username).toBe('kcurl-admin');
    expect(csr.spec.groups).toContain('system:masters');
    // kubectl's CSR describer reads the request's subject and SANs: kcurl prints the same.
    const k = await t.kubectl(['describe', 'csr', 'jane']);
    const c = await runKcurl(['describe', 'csr', 'jane', '--kubeconfig', t.sb.kubeconfigPath, '-q']);
    expect(k.stdout).toContain('Subject Alternative Names:');
    expect(normaliseAges(c.stdout)).toBe(normaliseAges(k.stdout));
    expect(c.code).toBe(k.code);
  });

  it('create, get and delete each new kind by name', async () => {
    for (const [kind, name, ns] of [
      ['ingress', 'web', NS],
      ['ingressclass', 'nginx', ''],
      ['networkpolicy', 'db', NS],
      ['pdb', 'web', NS],
      ['hpa', 'web', NS],
      ['priorityclass', 'high', ''],
      ['runtimeclass', 'gvisor', ''],
      ['validatingwebhookconfiguration', 'policy.example.com', ''],
      ['mutatingwebhookconfiguration', 'inject.example.com', ''],
      ['endpointslice', 'manual-abc', NS],
      ['csr', 'jane', ''],
    ]) {
      const nsArgs = ns ? ['-n', ns] : [];
      expect(await ok(['get', kind, name, ...nsArgs, '-o', 'name'])).toMatch(new RegExp(`/${name.replace(/\./g, '\\.')}\\n$`));
      expect(await ok(['delete', kind, name, ...nsArgs])).toMatch(/ deleted\n$/);
      const gone = await t.kubectl(['get', kind, name, ...nsArgs]);
      expect(gone.stderr).toMatch(/\(NotFound\)/);
    }
    // kubectl apply brings them back for the describe tests that follow in other files' fixtures.
    await ok(['apply', '-f', write('groups-again.yaml', MANIFESTS)]);
  }, 60_000);
});

describe('kcurl describe equals kubectl describe', () => {
  it.each([
    ['ingress', 'web', NS],
    ['hpa', 'web', NS],
    ['pdb', 'web', NS],
    ['endpointslice', 'manual-abc', NS],
    ['priorityclass', 'high', ''],
    ['priorityclass', 'system-node-critical', ''],
    ['networkpolicy', 'db', NS],
    ['ingressclass', 'nginx', ''],
    ['runtimeclass', 'gvisor', ''],
    ['validatingwebhookconfiguration', 'policy.example.com', ''],
    ['flowschema', 'exempt', ''],
    ['prioritylevelconfiguration', 'workload-low', ''],
    ['apiservice', 'v1.apps', ''],
  ])(
    'describe %s %s',
    async (kind, name, ns) => {
      const nsArgs = ns ? ['-n', ns] : [];
      const k = await t.kubectl(['describe', kind, name, ...nsArgs]);
      const c = await runKcurl(['describe', kind, name, ...nsArgs, '--kubeconfig', t.sb.kubeconfigPath, '-q']);
      expect(k.code).toBe(0);
      expect(normaliseAges(c.stdout)).toBe(normaliseAges(k.stdout));
      expect(c.stderr).toBe(k.stderr);
      expect(c.code).toBe(k.code);
    },
    30_000,
  );
});
