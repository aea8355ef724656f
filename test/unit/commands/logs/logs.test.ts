// kcurl logs without a server: flags → PodLogOptions → query, kubectl's container and pod choices, selectors.
import { describe, expect, it } from 'vitest';
import { logsOptionsFromFlags, sinceSecondsParam, sinceTimeParam } from '../../../../src/commands/logs/options.js';
import { allContainerNames, chooseContainers, logQuery, logStep, pickPodForLogs, podSelectorFor } from '../../../../src/commands/logs/plan.js';
import { requestTarget } from '../../../../src/plan/request-plan.js';
import { commandOptions } from '../../../../src/cli/spec.js';
import { LOGS_FLAGS, type LogsFlags } from '../../../../src/commands/logs/flags.js';

const opts = (positionals: string[], flags: Partial<LogsFlags> = {}) => logsOptionsFromFlags(positionals, commandOptions(LOGS_FLAGS, flags));
const target = (positionals: string[], flags: Record<string, unknown> = {}, container = 'c') => {
  const o = opts(positionals, flags);
  return requestTarget(logStep('default', 'p', o.container ?? container, o.log));
};

describe('logs options → the GET …/log query kubectl sends', () => {
  it.each([
    [{}, '/api/v1/namespaces/default/pods/p/log?container=c'],
    [{ follow: true, tail: 10 }, '/api/v1/namespaces/default/pods/p/log?container=c&follow=true&tailLines=10'],
    [{ since: '5m', timestamps: true }, '/api/v1/namespaces/default/pods/p/log?container=c&sinceSeconds=300&timestamps=true'],
    [{ since: '1.6s' }, '/api/v1/namespaces/default/pods/p/log?container=c&sinceSeconds=2'],
    // --since that rounds to zero is still sent (kubectl only skips an exact 0).
    [{ since: '0.4s' }, '/api/v1/namespaces/default/pods/p/log?container=c&sinceSeconds=0'],
    [{ since: '0' }, '/api/v1/namespaces/default/pods/p/log?container=c'],
    [{ sinceTime: '2024-01-02T03:04:05.123+01:00' }, '/api/v1/namespaces/default/pods/p/log?container=c&sinceTime=2024-01-02T02%3A04%3A05Z'],
    [{ previous: true, limitBytes: 100 }, '/api/v1/namespaces/default/pods/p/log?container=c&limitBytes=100&previous=true'],
    [{ tail: -1 }, '/api/v1/namespaces/default/pods/p/log?container=c'],
    [{ insecureSkipTlsVerifyBackend: true }, '/api/v1/namespaces/default/pods/p/log?container=c&insecureSkipTLSVerifyBackend=true'],
  ])('%j', (flags, expected) => {
    expect(target(['p'], flags)).toBe(expected);
  });

  it('gives a selector without --tail the last 10 lines, and honours an explicit --tail=-1', () => {
    expect(opts([], { selector: 'app=web' }).log.tailLines).toBe(10);
    expect(opts([], { selector: 'app=web', tail: -1 }).log.tailLines).toBeUndefined();
  });

  it('prefixes every line with --all-pods', () => {
    expect(opts(['deploy/web'], { allPods: true })).toMatchObject({ allPods: true, prefix: true });
  });

  it('takes the deprecated second argument as the container', () => {
    expect(opts(['p', 'side']).container).toBe('side');
  });

  it.each([
    [[], {}, /POD or TYPE\/NAME is a required argument/],
    [['a', 'b', 'c'], {}, /POD or TYPE\/NAME is a required argument/],
    [['p'], { selector: 'a=b' }, /only a selector \(-l\) or a POD name is allowed/],
    [['p', 'x'], { container: 'y' }, /^only one of -c or an inline \[CONTAINER\] arg is allowed$/],
    [['p'], { since: '5m', sinceTime: '2024-01-01T00:00:00Z' }, /^at most one of `sinceTime` or `sinceSeconds` may be specified$/],
    [['p'], { allContainers: true, container: 'a' }, /^--all-containers=true should not be specified with container name a$/],
    [['p'], { limitBytes: -1 }, /^--limit-bytes must be greater than 0$/],
    [['p'], { since: '-1s' }, /^--since must be greater than 0$/],
    [['p'], { tail: -2 }, /^--tail must be greater than or equal to -1$/],
    [['p'], { sinceTime: 'yesterday' }, /invalid --since-time "yesterday"/],
    [['p'], { since: '5 minutes' }, /invalid --since "5 minutes"/],
  ])('refuses %j %j', (positionals, flags, message) => {
    expect(() => opts(positionals as string[], flags)).toThrow(message);
  });

  it('rounds --since like time.Duration.Round(time.Second) and converts --since-time to UTC seconds', () => {
    expect(sinceSecondsParam('1500ms')).toBe(2);
    expect(sinceSecondsParam('1499ms')).toBe(1);
    expect(sinceSecondsParam('2h')).toBe(7200);
    expect(sinceTimeParam('2024-06-30T23:59:59.999999999-02:00')).toBe('2024-07-01T01:59:59Z');
  });

  it('encodes the query with Go sorted keys', () => {
    expect(logQuery({ follow: true, previous: false, timestamps: true, tailLines: 3, insecureSkipTLSVerifyBackend: false }, 'a').map(([k]) => k)).toEqual([
      'container',
      'follow',
      'timestamps',
      'tailLines',
    ]);
  });
});

const pod = (spec: Record<string, unknown>, annotations?: Record<string, string>) => ({ metadata: { name: 'p', annotations }, spec });
const c = (name: string) => ({ name });

describe('which container kubectl logs reads', () => {
  it('reads the only container without a note', () => {
    expect(chooseContainers(pod({ containers: [c('a')] }), undefined, false)).toEqual([{ container: 'a', notes: [] }]);
  });

  it('defaults to the first container and says so when there are others (containers, ephemeral, then init)', () => {
    const p = pod({ containers: [c('a'), c('b')], initContainers: [c('i')], ephemeralContainers: [c('e')] });
    expect(allContainerNames(p)).toBe('a, b, e (ephem), i (init)');
    expect(chooseContainers(p, undefined, false)).toEqual([{ container: 'a', notes: ['Defaulted container "a" out of: a, b, e (ephem), i (init)'] }]);
  });

  it('prefers the kubectl.kubernetes.io/default-container annotation, and notes a dangling one', () => {
    const annotated = pod({ containers: [c('a'), c('b')] }, { 'kubectl.kubernetes.io/default-container': 'b' });
    expect(chooseContainers(annotated, undefined, false)).toEqual([{ container: 'b', notes: [] }]);
    const dangling = pod({ containers: [c('a'), c('b')] }, { 'kubectl.kubernetes.io/default-container': 'zz' });
    expect(chooseContainers(dangling, undefined, false)[0].notes).toEqual([
      'Default container name "zz" not found in pod p',
      'Defaulted container "a" out of: a, b',
    ]);
  });

  it('takes -c over the annotation and refuses an unknown container before sending anything', () => {
    const annotated = pod({ containers: [c('a'), c('b')], initContainers: [c('i')] }, { 'kubectl.kubernetes.io/default-container': 'b' });
    expect(chooseContainers(annotated, 'i', false)).toEqual([{ container: 'i', notes: [] }]);
    expect(() => chooseContainers(annotated, 'zz', false)).toThrow(/^container zz is not valid for pod p$/);
  });

  it('reads every container with --all-containers: init, regular, then ephemeral', () => {
    const p = pod({ containers: [c('a'), c('b')], initContainers: [c('i')], ephemeralContainers: [c('e')] });
    expect(chooseContainers(p, undefined, true).map((x) => x.container)).toEqual(['i', 'a', 'b', 'e']);
  });
});

describe('which pod kubectl logs reads for a controller (podutils.ByLogging)', () => {
  const ready = (t: string) => ({ conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] });
  const mk = (name: string, o: { node?: string; phase?: string; status?: Record<string, unknown>; created?: string } = {}) => ({
    metadata: { name, creationTimestamp: o.created ?? '2024-01-01T00:00:00Z' },
    spec: { nodeName: o.node },
    status: { phase: o.phase ?? 'Running', ...(o.status ?? {}) },
  });

  it.each([
    ['an assigned pod over an unassigned one', [mk('unassigned'), mk('assigned', { node: 'n1' })], 'assigned'],
    ['Running over Pending', [mk('pending', { node: 'n', phase: 'Pending' }), mk('running', { node: 'n' })], 'running'],
    ['ready over not ready', [mk('not-ready', { node: 'n' }), mk('ready', { node: 'n', status: ready('2024-01-01T00:00:00Z') })], 'ready'],
    [
      'ready for longer',
      [mk('late', { node: 'n', status: ready('2024-01-02T00:00:00Z') }), mk('early', { node: 'n', status: ready('2024-01-01T00:00:00Z') })],
      'early',
    ],
    [
      'more restarts',
      [
        mk('calm', { node: 'n', status: { containerStatuses: [{ restartCount: 0 }] } }),
        mk('busy', { node: 'n', status: { containerStatuses: [{ restartCount: 3 }] } }),
      ],
      'busy',
    ],
    ['older', [mk('new', { node: 'n', created: '2024-02-01T00:00:00Z' }), mk('old', { node: 'n', created: '2024-01-01T00:00:00Z' })], 'old'],
  ])('prefers %s', (_what, pods, expected) => {
    expect(pickPodForLogs(pods)?.metadata.name).toBe(expected);
  });

  it('has nothing to pick from an empty list', () => {
    expect(pickPodForLogs([])).toBeUndefined();
  });
});

describe('the pod selector of a controller (SelectorsForObject)', () => {
  const apps = (kind: string) => ({ group: 'apps', version: 'v1', kind });
  it.each([
    [{ spec: { selector: { matchLabels: { b: '2', a: '1' } } } }, apps('Deployment'), 'a=1,b=2'],
    [
      {
        spec: {
          selector: {
            matchLabels: { app: 'x' },
            matchExpressions: [
              { key: 'tier', operator: 'In', values: ['web', 'api'] },
              { key: 'canary', operator: 'DoesNotExist' },
            ],
          },
        },
      },
      apps('StatefulSet'),
      'app=x,!canary,tier in (api,web)',
    ],
    [{ spec: { selector: { app: 'web' } } }, { group: '', version: 'v1', kind: 'Service' }, 'app=web'],
    [{ spec: { selector: { matchLabels: { 'job-name': 'j' } } } }, { group: 'batch', version: 'v1', kind: 'Job' }, 'job-name=j'],
  ])('%j', (obj, resource, expected) => {
    expect(podSelectorFor({ metadata: { name: 'x' }, ...obj }, resource)).toBe(expected);
  });

  it('refuses kinds without pods as kubectl does', () => {
    expect(() => podSelectorFor({ metadata: { name: 'x' } }, { group: '', version: 'v1', kind: 'ConfigMap' })).toThrow(
      /^cannot get the logs from \*v1\.ConfigMap: selector for \*v1\.ConfigMap not implemented$/,
    );
    expect(() => podSelectorFor({ metadata: { name: 's' }, spec: {} }, { group: '', version: 'v1', kind: 'Service' })).toThrow(
      /Service is defined without a selector/,
    );
  });

  it('refuses a selector with an unknown operator, naming it (LabelSelectorAsSelector)', () => {
    const obj = {
      metadata: { name: 'x' },
      spec: {
        selector: {
          matchExpressions: [
            { key: 'a', operator: 'Exists' },
            { key: 'b', operator: 'Near', values: ['1'] },
          ],
        },
      },
    };
    expect(() => podSelectorFor(obj, apps('Deployment'))).toThrow(/^"Near" is not a valid label selector operator$/);
  });
});
