// `kcurl __complete`: the candidates and directive for a half-typed command line, read against the registry,
// and the scripts of `kcurl completion` (zsh and fish are not installed here: their text is a reviewed golden file;
// bash is exercised for real in test/integration/completion.test.ts).
import { describe, expect, it } from 'vitest';
import { DIRECTIVE, complete } from '../../../../src/commands/completion/complete.js';
import { SHELLS, completionScript } from '../../../../src/commands/completion/scripts.js';

/** A cluster whose discovery lists these types; records the connection flags completion read from the line. */
function cluster(types: string[], names: { contexts?: string[]; namespaces?: string[] } = {}) {
  const seen: { kubeconfig?: string; context?: string; cacheDir?: string }[] = [];
  return {
    seen,
    sources: {
      resourceTypes: async (c: { kubeconfig?: string; context?: string }, cacheDir: string | undefined) => {
        seen.push({ kubeconfig: c.kubeconfig, context: c.context, cacheDir });
        return types;
      },
      kubeconfigNames: async (kind: string) => (kind === 'contexts' ? (names.contexts ?? []) : []),
      namespaces: async () => names.namespaces ?? [],
    },
  };
}

const { noFileComp, noSpace } = DIRECTIVE;

describe('complete', () => {
  it.each([
    [['g'], ['get'], noFileComp],
    [['--context', 'prod', 'ap'], ['api-resources', 'api-versions', 'apply'], noFileComp],
    [['sandbox', ''], ['exec'], noFileComp],
    [['create', '-f', 'token', '--fi'], ['--field-manager', '--filename'], noFileComp],
    [['logs', '--ta'], ['--tail'], noFileComp],
    [['get', '-o', ''], ['json', 'yaml', 'wide', 'name', 'jsonpath=', 'jsonpath-as-json=', 'custom-columns='], noFileComp | noSpace],
    [['get', '-o', 'w'], ['wide'], noFileComp],
    [['apply', '--dry-run='], ['--dry-run=none', '--dry-run=client', '--dry-run=server'], noFileComp],
    [['api-resources', '--sort-by', ''], ['name', 'kind'], noFileComp],
    [['apply', '-f', ''], [], DIRECTIVE.default],
    [['replay', ''], [], DIRECTIVE.default],
    [['sandbox', 'exec', 'pod', '--', ''], [], DIRECTIVE.default],
    [['frobnicate', ''], [], DIRECTIVE.error],
  ])('%j', async (words, candidates, directive) => {
    expect(await complete(words, cluster([]).sources)).toEqual({ candidates, directive });
  });

  it('offers resource types at the type position of get, describe, delete and auth can-i, and only there', async () => {
    const { sources } = cluster(['deployments.apps', 'pods', 'podtemplates']);
    expect((await complete(['get', 'po'], sources)).candidates).toEqual(['pods', 'podtemplates']);
    expect((await complete(['describe', '-A', 'dep'], sources)).candidates).toEqual(['deployments.apps']);
    expect((await complete(['auth', 'can-i', 'get', 'p'], sources)).candidates).toEqual(['pods', 'podtemplates']);
    expect((await complete(['get', 'pods', 'p'], sources)).candidates).toEqual([]);
    expect((await complete(['get', 'pods/p'], sources)).candidates).toEqual([]);
    expect((await complete(['logs', 'p'], sources)).directive).toBe(DIRECTIVE.default);
  });

  it("offers kubeconfig contexts after --context and the cluster's namespaces after -n", async () => {
    const { sources } = cluster([], { contexts: ['prod', 'staging', 'dev'], namespaces: ['default', 'kube-system', 'team-a'] });
    expect(await complete(['get', 'pods', '--context', 's'], sources)).toEqual({ candidates: ['staging'], directive: noFileComp });
    expect(await complete(['--context=p'], sources)).toEqual({ candidates: ['--context=prod'], directive: noFileComp });
    expect(await complete(['get', 'pods', '-n', 'k'], sources)).toEqual({ candidates: ['kube-system'], directive: noFileComp });
    expect(await complete(['-n', ''], sources)).toEqual({ candidates: ['default', 'kube-system', 'team-a'], directive: noFileComp });
  });

  it('reads the cluster from the flags on the line', async () => {
    const c = cluster([]);
    await complete(['--kubeconfig=/k', 'get', '--context', 'prod', '--cache-dir', '/c', ''], c.sources);
    expect(c.seen).toEqual([{ kubeconfig: '/k', context: 'prod', cacheDir: '/c' }]);
  });
});

describe('completion scripts', () => {
  it.each(SHELLS.filter((s) => s !== 'bash'))('%s script', async (shell) => {
    await expect(completionScript(shell)).toMatchFileSnapshot(`../../../golden/completion/kcurl.${shell}`);
  });
});
