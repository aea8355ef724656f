// kcurl get's plan without a server: list pages, and the namespace check kubectl sends after a NotFound.
import { describe, expect, it } from 'vitest';
import { getOptionsFromFlags } from '../../../../src/commands/get/options.js';
import { planGet } from '../../../../src/commands/get/plan.js';
import { builtinCatalog, resolveResource } from '../../../../src/kube/resources.js';
import { ACCEPT, header, requestTarget } from '../../../../src/plan/request-plan.js';
import { commandOptions } from '../../../../src/cli/spec.js';
import { GET_FLAGS, type GetFlags } from '../../../../src/commands/get/flags.js';

const catalog = builtinCatalog();

function plan(args: string[], flags: Partial<GetFlags>, namespace: string) {
  const opts = getOptionsFromFlags(args, commandOptions(GET_FLAGS, flags));
  const targets = opts.targets.map((t) => ({ resource: resolveResource(catalog, t.type), names: t.names }));
  return planGet(opts, targets, namespace);
}

/** Each step as `TARGET [after N:404] [paged]`. */
const summary = (p: ReturnType<typeof plan>) =>
  p.steps.map((s) =>
    [requestTarget(s), s.onlyAfter ? `after ${s.onlyAfter.step}:${s.onlyAfter.status}` : '', s.paged ? 'paged' : ''].filter(Boolean).join(' '),
  );

describe('kubectl get: the namespace check after a NotFound (cli-runtime Info.Get)', () => {
  it.each([
    // A named object outside "default": its namespace is read when the object is NotFound …
    [['cm', 'missing'], {}, 'team-a', ['/api/v1/namespaces/team-a/configmaps/missing', '/api/v1/namespaces/team-a after 0:404']],
    // … kube-system included (only "default" is exempt) …
    [['cm', 'missing'], {}, 'kube-system', ['/api/v1/namespaces/kube-system/configmaps/missing', '/api/v1/namespaces/kube-system after 0:404']],
    // … after each name, and for TYPE/NAME pairs.
    [
      ['cm/a', 'pod/b'],
      {},
      'team-a',
      [
        '/api/v1/namespaces/team-a/configmaps/a',
        '/api/v1/namespaces/team-a after 0:404',
        '/api/v1/namespaces/team-a/pods/b',
        '/api/v1/namespaces/team-a after 2:404',
      ],
    ],
    // Not in "default", not for cluster-scoped objects, not for lists.
    [['cm', 'missing'], {}, 'default', ['/api/v1/namespaces/default/configmaps/missing']],
    [['namespace', 'missing'], {}, 'team-a', ['/api/v1/namespaces/missing']],
    [['node', 'n1'], {}, 'team-a', ['/api/v1/nodes/n1']],
    [['cm'], {}, 'team-a', ['/api/v1/namespaces/team-a/configmaps?limit=500 paged']],
    [['cm'], { allNamespaces: true }, 'team-a', ['/api/v1/configmaps?limit=500 paged']],
  ])('%j %j in %s', (args, flags, namespace, expected) => {
    expect(summary(plan(args, flags, namespace))).toEqual(expected);
  });

  it('asks for the namespace with the Accept of the get before it (kubectl uses the same client)', () => {
    for (const [output, accept] of [
      [undefined, ACCEPT.table],
      ['json', ACCEPT.json],
    ] as const) {
      const steps = plan(['cm', 'missing'], { output }, 'team-a').steps;
      expect(header(steps[1], 'Accept')).toBe(accept);
      expect(steps[1].purpose).toBe('check that namespace team-a exists (after a NotFound)');
    }
  });
});

describe('kubectl get: list pages', () => {
  it.each([
    [{ chunkSize: 2 }, '/api/v1/namespaces/default/configmaps?limit=2 paged'],
    [{ chunkSize: 0 }, '/api/v1/namespaces/default/configmaps'],
    // --sort-by turns chunking off: kubectl must see the whole list.
    [{ sortBy: '.metadata.name' }, '/api/v1/namespaces/default/configmaps?includeObject=Object'],
  ])('%j', (flags, expected) => {
    expect(summary(plan(['cm'], flags, 'default'))).toEqual([expected]);
  });
});
