// The --offline apply script (pure rendering): per object a GET whose status picks the branch, the POST
// kubectl apply sends for a new object, and a whole-configuration strategic merge PATCH otherwise; bash
// must read it back as one valid script (bash -n), heredoc bodies intact.
import { describe, expect, it } from 'vitest';
import { builtinCatalog, resolveResource } from '../../../../src/kube/resources.js';
import { clientSideBranches, renderApplyScript } from '../../../../src/commands/apply/offline-script.js';
import { applyOptionsFromFlags } from '../../../../src/commands/apply/options.js';
import type { ResolvedObject } from '../../../../src/commands/apply/objects.js';
import { TOKEN_VALUE, kindCredentials } from '../../../helpers/credentials.js';
import { commandOptions } from '../../../../src/cli/spec.js';
import { APPLY_FLAGS, type ApplyFlags } from '../../../../src/commands/apply/flags.js';
import { requireTool } from '../../../helpers/require-tool.js';
import { runProcessSync } from '../../../helpers/spawn.js';

const creds = kindCredentials();

const object = (name: string, data: Record<string, string>): ResolvedObject => ({
  source: 'cm.yaml',
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'team-a' }, data },
  resource: resolveResource(builtinCatalog(), 'ConfigMap.v1.'),
  name,
  namespace: 'team-a',
});

const options = (flags: Partial<ApplyFlags> = {}) =>
  applyOptionsFromFlags([], commandOptions(APPLY_FLAGS, { filename: ['cm.yaml'], ...flags }), new Set(Object.keys(flags)));

describe('kcurl apply --offline script', () => {
  it('the branches: GET, POST with the annotation, PATCH with the whole configuration', () => {
    const b = clientSideBranches(object('a', { k: 'v' }), options());
    expect(`${b.get.method} ${b.get.path}`).toBe('GET /api/v1/namespaces/team-a/configmaps/a');
    expect(`${b.create.method} ${b.create.path}`).toBe('POST /api/v1/namespaces/team-a/configmaps');
    expect(b.create.query).toEqual([
      ['fieldManager', 'kubectl-client-side-apply'],
      ['fieldValidation', 'Strict'],
    ]);
    expect(JSON.parse(b.create.body!).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"team-a"}}\n',
    );
    expect(b.patch.contentType).toBe('application/strategic-merge-patch+json');
    expect(JSON.parse(b.patch.body!).data).toEqual({ k: 'v' });
  });

  it('--dry-run=server puts dryRun=All on the writes', () => {
    const b = clientSideBranches(object('a', { k: 'v' }), options({ dryRun: 'server' }));
    expect(b.create.query[0]).toEqual(['dryRun', 'All']);
    expect(b.patch.query[0]).toEqual(['dryRun', 'All']);
  });

  it('is one valid bash script, credentials referenced (never printed), a body that contains the delimiter kept intact', () => {
    const tricky = object('b', { line: 'KCURL_BODY', quote: "it's" });
    const script = renderApplyScript([object('a', { k: 'v' }), tricky], options(), creds, {
      reveal: false,
      commandLine: 'kcurl apply -f cm.yaml --offline',
      finalize: (s) => s,
    });
    expect(script).not.toContain(TOKEN_VALUE);
    expect(script.match(/^status=\$\(curl -sS -o \/dev\/null -w '%\{http_code\}'/gm)).toHaveLength(2);
    expect(script.match(/^if \[ "\$status" = 404 \]; then$/gm)).toHaveLength(2);
    const check = runProcessSync(requireTool('bash'), ['-n'], { stdin: script });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it('--server-side: one apply PATCH per object, force as given', () => {
    const script = renderApplyScript([object('a', { k: 'v' })], options({ serverSide: true }), creds, { reveal: false, finalize: (s) => s });
    expect(script).toContain("-H 'Content-Type: application/apply-patch+yaml'");
    expect(script).toContain('/api/v1/namespaces/team-a/configmaps/a?fieldManager=kubectl&fieldValidation=Strict&force=false');
    expect(script).not.toContain('if [ "$status"');
  });
});

describe('apply flag rules (kubectl apply Validate)', () => {
  const message = (flags: Partial<ApplyFlags>, positionals: string[] = []) => {
    try {
      applyOptionsFromFlags(positionals, commandOptions(APPLY_FLAGS, flags), new Set(Object.keys(flags)));
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it.each([
    [{ filename: ['a.yaml'], forceConflicts: true }, '--force-conflicts only works with --server-side'],
    [{ filename: ['a.yaml'], serverSide: true, dryRun: 'client' }, "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)"],
    [{ filename: ['a.yaml'], output: 'wide' }, 'unable to match a printer suitable for the output format "wide", allowed formats are: json,name,yaml'],
    [{ filename: ['a.yaml'], prune: true }, '--prune is not supported by kcurl'],
    [{}, 'must specify one of -f and -k'],
  ])('%j', (flags, text) => {
    expect(message(flags)).toBe(text);
  });

  it('field managers: kubectl-client-side-apply, kubectl with --server-side, or --field-manager', () => {
    expect(options().fieldManager).toBe('kubectl-client-side-apply');
    expect(options({ serverSide: true }).fieldManager).toBe('kubectl');
    expect(applyOptionsFromFlags([], commandOptions(APPLY_FLAGS, { filename: ['a'], fieldManager: 'ci' }), new Set(['field-manager'])).fieldManager).toBe('ci');
  });

  it('--validate maps to fieldValidation', () => {
    expect(options().fieldValidation).toBe('Strict');
    expect(options({ validate: 'warn' }).fieldValidation).toBe('Warn');
    expect(options({ validate: 'false' }).fieldValidation).toBe('Ignore');
  });
});
