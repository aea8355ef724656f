// The pieces under kcurl describe: Quantity arithmetic and canonical text, Go's tabwriter as describe sets
// it up, field labels of the generic describer, events, the request builders and the option checks.
// Times print in the local zone, as kubectl does; the expectations were captured in UTC.
process.env.TZ = 'UTC';
import { describe, expect, it } from 'vitest';
import { KcurlError } from '../../../../src/errors.js';
import type { ApiResource } from '../../../../src/kube/resources.js';
import { requestTarget } from '../../../../src/plan/request-plan.js';
import { Quantity } from '../../../../src/kube/quantity.js';
import { tabbedString } from '../../../../src/commands/describe/prefix-writer.js';
import { DESCRIBE_TABWRITER, TabWriter } from '../../../../src/output/tabwriter.js';
import { camelCaseSplit, smartLabelFor } from '../../../../src/commands/describe/generic.js';
import {
  describeEvents,
  printAnnotationsMultiline,
  printCsiVolumeAttributes,
  printTolerationsMultiline,
  rfc1123z,
} from '../../../../src/commands/describe/fields.js';
import { describeRules } from '../../../../src/commands/describe/rbac.js';
import { builderGetStep, builderListStep, eventFieldSelector, eventsStep, namespaceCheckStep, planDescribe } from '../../../../src/commands/describe/plan.js';
import { describeOptionsFromFlags } from '../../../../src/commands/describe/options.js';
import { describeProbe, podQOS } from '../../../../src/commands/describe/pod-text.js';
import { describerFor } from '../../../../src/commands/describe/kinds.js';
import { commandOptions } from '../../../../src/cli/spec.js';
import { DESCRIBE_FLAGS } from '../../../../src/commands/describe/flags.js';

const pods: ApiResource = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  namespaced: true,
  shortNames: ['po'],
  singularName: 'pod',
  verbs: [],
  categories: [],
};
const nodes: ApiResource = { ...pods, resource: 'nodes', kind: 'Node', namespaced: false, singularName: 'node' };

describe('Quantity', () => {
  it.each([
    ['500m', '500m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1.5Gi', '1536Mi'],
    ['1024', '1024'],
    ['1Ki', '1Ki'],
    ['512Ki', '512Ki'],
    ['100Mi', '100Mi'],
    ['8148596Ki', '8148596Ki'],
    ['1e3', '1e3'],
    ['1500', '1500'],
    ['0.05', '50m'],
    ['1.5', '1500m'],
    ['2000000', '2M'],
    ['0', '0'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['-250m', '-250m'],
  ])('%s prints as %s', (input, canonical) => {
    expect(Quantity.parse(input)?.toString()).toBe(canonical);
  });

  it('keeps the first operand’s format when adding, and rounds values up', () => {
    const sum = (Quantity.parse('100Mi') as Quantity).add(Quantity.parse('100Mi') as Quantity);
    expect(sum.toString()).toBe('200Mi');
    expect((Quantity.parse('100m') as Quantity).add(Quantity.parse('1') as Quantity).toString()).toBe('1100m');
    expect((Quantity.parse('1.5') as Quantity).value()).toBe(2);
    expect((Quantity.parse('1m') as Quantity).milliValue()).toBe(1);
    expect((Quantity.parse('3800m') as Quantity).cmp(Quantity.parse('4') as Quantity)).toBe(-1);
  });

  it.each(['', 'abc', '1.2.3', 'Mi', '1Xi'])('rejects %j', (input) => {
    expect(Quantity.parse(input)).toBeUndefined();
  });
});

describe("Go's text/tabwriter as describe sets it up (minwidth 0, padding 2)", () => {
  it('aligns a block of lines that share a column and ends the block at a line with one cell', () => {
    const tw = new TabWriter(DESCRIBE_TABWRITER);
    tw.write('Name:\tx\nNamespace:\tdefault\nPod Template:\n  Labels:\tapp=web\n');
    expect(tw.take()).toBe('Name:       x\nNamespace:  default\nPod Template:\n  Labels:  app=web\n');
  });

  it('keeps trailing text of the last cell (the Conditions rows end with a space)', () => {
    expect(tabbedString((w) => w.write(1, 'Ready \tTrue \n'))).toBe('  Ready   True \n');
  });

  it('neutralises terminal escapes the way cli-runtime WriteEscaped does', () => {
    expect(tabbedString((w) => w.write(0, 'a\x1b[31mred\r\n'))).toBe('a^[[31mred\\r\n');
  });
});

describe('CSI volume attributes (printCSIPersistentVolumeAttributesMultiline)', () => {
  it('prints <none> without attributes', () => {
    expect(tabbedString((w) => printCsiVolumeAttributes(w, undefined))).toBe('    VolumeAttributes:  <none>\n');
  });

  it('prints key=value lines in byte order, each written at level 2, and cuts one longer than 140 characters', () => {
    const long = 'v'.repeat(140);
    const text = tabbedString((w) => printCsiVolumeAttributes(w, { b: long, a: '1' }));
    const pad = ' '.repeat('    VolumeAttributes:'.length + 2);
    expect(text).toBe(`    VolumeAttributes:      a=1\n${pad}    b=${'v'.repeat(138)}...\n`);
  });
});

describe('the generic describer’s field labels (describe.smartLabelFor)', () => {
  it.each([
    ['apiVersion', 'API Version'],
    ['creationTimestamp', 'Creation Timestamp'],
    ['uid', 'UID'],
    ['podIP', 'Pod IP'],
    ['httpURL', 'Http URL'],
    ['with-dash', 'With - Dash'],
    ['v1beta1', 'v1beta1'],
    ['a.b', 'a.b'],
  ])('%s → %s', (field, label) => {
    expect(smartLabelFor(field)).toBe(label);
  });

  it('splits camel case like fatih/camelcase', () => {
    expect(camelCaseSplit('PDFLoader')).toEqual(['PDF', 'Loader']);
    expect(camelCaseSplit('GL11Version')).toEqual(['GL', '11', 'Version']);
  });
});

describe('field printers', () => {
  it('prints RFC 1123 times in the local zone (TZ=UTC here) and Go’s zero time for a missing one', () => {
    expect(rfc1123z('2026-11-26T01:02:03Z')).toBe('Thu, 26 Nov 2026 01:02:03 +0000');
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });

  it('prints events oldest first with "x N over" and <invalid> for a clock ahead', () => {
    const now = new Date('2026-11-26T02:00:00Z');
    const text = tabbedString((w) =>
      describeEvents(
        [
          {
            type: 'Warning',
            reason: 'BackOff',
            message: ' msg ',
            source: { component: 'kubelet' },
            count: 3,
            firstTimestamp: '2026-11-26T01:55:00Z',
            lastTimestamp: '2026-11-26T01:59:30Z',
          },
          {
            type: 'Normal',
            reason: 'Scheduled',
            message: 'ok',
            reportingComponent: 'default-scheduler',
            count: 1,
            firstTimestamp: '2026-11-26T01:50:00Z',
            lastTimestamp: '2026-11-26T01:50:00Z',
          },
          {
            type: 'Normal',
            reason: 'Later',
            message: 'future',
            source: { component: 'x' },
            firstTimestamp: '2026-11-26T03:00:00Z',
            lastTimestamp: '2026-11-26T03:00:00Z',
          },
        ],
        w,
        now,
      ),
    );
    expect(text).toBe(
      [
        'Events:',
        '  Type     Reason     Age               From               Message',
        '  ----     ------     ----              ----               -------',
        '  Normal   Scheduled  10m               default-scheduler  ok',
        '  Warning  BackOff    30s (x3 over 5m)  kubelet            msg',
        '  Normal   Later      <invalid>         x                  future',
        '',
      ].join('\n'),
    );
    expect(tabbedString((w) => describeEvents([], w, now))).toBe('Events:  <none>\n');
  });

  it('puts long and multi-line annotations under their key and skips last-applied-configuration', () => {
    const text = tabbedString((w) =>
      printAnnotationsMultiline(w, 'Annotations', { b: 'x'.repeat(150), a: 'one\ntwo\n', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }),
    );
    expect(text).toBe(`Annotations:  a:\n                one\n                two\n              b:\n                ${'x'.repeat(138)}...\n`);
  });

  it('prints tolerations sorted by key with op=Exists and seconds', () => {
    const text = tabbedString((w) =>
      printTolerationsMultiline(w, 'Tolerations', [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { operator: 'Exists' },
        { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      ]),
    );
    expect(text).toBe(
      'Tolerations:  op=Exists\n              dedicated=gpu:NoSchedule\n              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n',
    );
  });

  it('breaks RBAC rules down, compacts them per resource and sorts them like kubectl', () => {
    const rows = describeRules([
      { apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale'], verbs: ['get', 'list'] },
      { nonResourceURLs: ['/healthz'], verbs: ['get'] },
    ]);
    // Sorted by the rule's protobuf String(): "Verbs:[get list]" sorts before "Verbs:[get]".
    expect(rows).toEqual([
      'deployments/scale\t[]\t[]\t[get list]\n',
      'pods\t[]\t[]\t[get list]\n',
      'deployments.apps/scale\t[]\t[]\t[get list]\n',
      'pods.apps\t[]\t[]\t[get list]\n',
      '\t[/healthz]\t[]\t[get]\n',
    ]);
  });

  it('describes probes and computes the QoS class', () => {
    expect(
      describeProbe({
        httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
        timeoutSeconds: 1,
        periodSeconds: 10,
        successThreshold: 1,
        failureThreshold: 3,
      }),
    ).toBe('http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(describeProbe({ exec: { command: ['cat', '/tmp/ready'] } })).toBe('exec [cat /tmp/ready] delay=0s timeout=0s period=0s #success=0 #failure=0');
    const c = (requests: object, limits: object) => ({ spec: { containers: [{ resources: { requests, limits } }] } });
    expect(podQOS(c({}, {}))).toBe('BestEffort');
    expect(podQOS(c({ cpu: '1', memory: '1Gi' }, { cpu: '1000m', memory: '1Gi' }))).toBe('Guaranteed');
    expect(podQOS(c({ cpu: '500m' }, { cpu: '1' }))).toBe('Burstable');
    expect(podQOS({ status: { qosClass: 'Guaranteed' }, spec: {} })).toBe('Guaranteed');
  });
});

describe('the requests kubectl describe sends', () => {
  it('builds the event field selector from name, namespace, kind and uid (kind left out for pods)', () => {
    expect(eventFieldSelector({ name: 'web', namespace: 'default', uid: 'u1' })).toBe(
      'involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1',
    );
    const step = eventsStep({ name: 'n1', namespace: '', kind: 'Node', uid: 'u2' }, 500);
    expect(requestTarget(step)).toBe(
      '/api/v1/events?fieldSelector=involvedObject.name%3Dn1%2CinvolvedObject.namespace%3D%2CinvolvedObject.kind%3DNode%2CinvolvedObject.uid%3Du2&limit=500',
    );
  });

  it('lists with limit=<chunk size> unless chunking is off, and reads cluster objects without a namespace', () => {
    expect(requestTarget(builderListStep(pods, { namespace: 'dev', allNamespaces: false, labelSelector: 'app=web', chunkSize: 500 }))).toBe(
      '/api/v1/namespaces/dev/pods?labelSelector=app%3Dweb&limit=500',
    );
    expect(requestTarget(builderListStep(pods, { namespace: 'dev', allNamespaces: true, chunkSize: 0 }))).toBe('/api/v1/pods');
    expect(requestTarget(builderGetStep(nodes, 'dev', 'n1'))).toBe('/api/v1/nodes/n1');
    expect(requestTarget(namespaceCheckStep('dev'))).toBe('/api/v1/namespaces/dev');
  });

  it('offline, shows the builder reads and a note about the rest', () => {
    const opts = describeOptionsFromFlags(['pods', 'a', 'b'], commandOptions(DESCRIBE_FLAGS));
    const plan = planDescribe(opts, [{ resource: pods, names: ['a', 'b'] }], 'default');
    expect(plan.steps.map(requestTarget)).toEqual(['/api/v1/namespaces/default/pods/a', '/api/v1/namespaces/default/pods/b']);
    expect(plan.steps.every((s) => s.headers.some(([k, v]) => k === 'Accept' && v === 'application/json'))).toBe(true);
    expect(plan.notes?.join('\n')).toContain('protobuf');
  });
});

describe('describe options', () => {
  it.each([
    [[], {}, 'You must specify the type of resource to describe'],
    [['pods', 'x'], { selector: 'app=web' }, 'name cannot be provided when a selector is specified'],
    [['pods'], { selector: 'a b' }, 'invalid label selector'],
    [['pods'], { chunkSize: -1 }, '--chunk-size must be a whole number'],
    [['pod/x', 'pods'], {}, 'there is no need to specify a resource type as a separate argument'],
  ])('%j %j fails: %s', (args, flags, message) => {
    let err: unknown;
    try {
      describeOptionsFromFlags(args as string[], commandOptions(DESCRIBE_FLAGS, flags));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KcurlError);
    expect((err as KcurlError).code).toBe('KCURL_USAGE');
    expect((err as Error).message).toContain(message);
  });

  it('shows events unless --show-events=false', () => {
    expect(describeOptionsFromFlags(['pods'], commandOptions(DESCRIBE_FLAGS)).showEvents).toBe(true);
    expect(describeOptionsFromFlags(['pods'], commandOptions(DESCRIBE_FLAGS, { showEvents: false })).showEvents).toBe(false);
  });
});

describe('secrets', () => {
  const tokenSecret = {
    metadata: { name: 'robot-token', namespace: 'default', annotations: { 'kubernetes.io/service-account.name': 'robot' } },
    type: 'kubernetes.io/service-account-token',
    data: {
      token: Buffer.from('eyJhbGciOi.secret').toString('base64'),
      'ca.crt': Buffer.from('-----BEGIN-----').toString('base64'),
      namespace: Buffer.from('default').toString('base64'),
    },
  };
  const secretResource: ApiResource = { ...pods, resource: 'secrets', kind: 'Secret', singularName: 'secret' };
  const describeSecret = (reveal: boolean) =>
    describerFor(secretResource)({
      resource: secretResource,
      namespace: 'default',
      name: 'robot-token',
      showEvents: true,
      chunkSize: 500,
      now: new Date(),
      reveal,
      get: async () => tokenSecret,
      list: async () => [],
    });

  it('prints byte sizes, never values, and a ServiceAccount token only with --reveal (kubectl prints it always)', async () => {
    const text = await describeSecret(false);
    expect(text).toContain('token:      17 bytes\n');
    expect(text).toContain('ca.crt:     15 bytes\n');
    expect(text).not.toContain('eyJhbGciOi');
    expect(await describeSecret(true)).toContain('token:      eyJhbGciOi.secret\n');
  });
});
