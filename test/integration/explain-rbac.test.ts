// --explain's RBAC part does what it says: for a fresh ServiceAccount, each command is forbidden, the Role and
// RoleBinding --explain printed (cut out with awk, as a learner would) are applied by the admin, and the same
// command then succeeds with the ServiceAccount's token. Real sandbox, real bin/kcurl, bash, awk and kubectl.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KCURL_BIN } from '../helpers/run-kcurl.js';
import { requireTool } from '../helpers/require-tool.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let learner: string;

beforeAll(async () => {
  requireTool(KUBECTL_132);
  t = await startTestSandbox();
  expect((await t.request('POST', '/api/v1/namespaces/default/serviceaccounts', { body: { metadata: { name: 'learner' } } })).status).toBe(201);
  const token = await t.request('POST', '/api/v1/namespaces/default/serviceaccounts/learner/token', { body: { spec: {} } });
  learner = t.kubeconfigFor('learner', { token: token.json().status.token });
  expect((await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'doomed' } } })).status).toBe(201);
  writeFileSync(join(t.dir, 'settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n');
});
afterAll(async () => t?.close());

/** Runs a pipeline in bash with kcurl and kubectl (the admin's kubeconfig) on hand. */
const bash = (script: string) =>
  runProcess('bash', ['-c', script], {
    cwd: t.dir,
    env: {
      PATH: CLEAN_PATH,
      HOME: t.dir,
      KUBECACHEDIR: join(t.dir, 'cache'),
      KCURL: `${process.execPath} ${KCURL_BIN}`,
      KUBECTL: `${KUBECTL_132} --kubeconfig ${t.sb.kubeconfigPath}`,
    },
  });

describe('the Role --explain prints', () => {
  it.each([['get pods'], ['apply -f settings.yaml'], ['create token learner'], ['delete configmap doomed']])(
    'makes `kcurl %s` succeed for a ServiceAccount that was forbidden',
    async (command) => {
      const kcurl = `$KCURL --kubeconfig ${learner} ${command}`;
      const before = await bash(`${kcurl} --explain`);
      expect(before.code, before.stderr).toBe(1);
      expect(before.stderr).toMatch(/forbidden: User "system:serviceaccount:default:learner" cannot /);
      expect(before.stderr).toContain('for ServiceAccount default/learner;');

      // The block after --explain's "# RBAC:" line, up to the blank line that ends it (the 403 lesson that follows
      // the error prints its own Role, which this test leaves out: --explain's Role alone must be enough).
      const grant = await bash(`${kcurl} --explain 2>&1 >/dev/null | awk '/^# RBAC: the minimal/ {on=1; next} on && /^$/ {exit} on' | $KUBECTL apply -f -`);
      expect(grant.code, grant.stderr).toBe(0);
      expect(grant.stdout).toMatch(/^role\.rbac\.authorization\.k8s\.io\/kcurl-.* created\nrolebinding\.rbac\.authorization\.k8s\.io\/kcurl-.* created\n$/);

      const after = await bash(kcurl);
      expect(after.code, after.stderr).toBe(0);
    },
  );
});
