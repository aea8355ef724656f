// --show=LANG[:FORM]: how the flag is read (forms, the --show-curl alias, one clear error for a bad value) and the
// bash every program is wrapped in (the curl preamble's values exported, the program in a quoted heredoc).
import { describe, expect, it } from 'vitest';
import { parseShow } from '../../../../src/snippet/lang/show.js';
import { renderProgram } from '../../../../src/snippet/lang/index.js';
import { snippetModel } from '../../../../src/snippet/model.js';
import { formatError } from '../../../../src/errors.js';
import type { RequestPlan } from '../../../../src/plan/request-plan.js';
import type { Credentials } from '../../../../src/kube/credentials-types.js';

describe('parseShow', () => {
  it('reads LANG and LANG:FORM, takes --show-curl as curl, and drops repeats', () => {
    expect(parseShow(['python', 'curl:line', 'go', 'python:http'], undefined)).toEqual([
      { lang: 'python', form: 'http' },
      { lang: 'curl', form: 'line' },
      { lang: 'go', form: 'http' },
    ]);
    expect(parseShow(['curl:readable'], 'script')).toEqual([
      { lang: 'curl', form: 'script' },
      { lang: 'curl', form: 'readable' },
    ]);
    expect(parseShow(undefined, undefined)).toEqual([]);
  });

  it('refuses an unknown language or form with one line naming the choices', () => {
    expect(() => parseShow(['rust'], undefined)).toThrow('unknown language "rust"');
    const err = (() => {
      try {
        parseShow(['python:fancy'], undefined);
      } catch (e) {
        return e;
      }
    })();
    expect(formatError(err)).toContain('python has no form "fancy"');
    expect(formatError(err)).toContain('python:http');
  });
});

const plan: RequestPlan = {
  command: 'kubectl get',
  steps: [
    {
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      query: [['limit', '500']],
      headers: [['Accept', 'application/json']],
      stream: false,
      purpose: 'list pods',
      role: 'call',
      paged: true,
    },
  ],
} as unknown as RequestPlan;

describe('renderProgram', () => {
  it('exports the preamble values a program reads and runs it from a quoted heredoc', async () => {
    const { resolveCredentials } = await import('../../../../src/kube/credentials.js');
    const { testIo } = await import('../../../../src/io.js');
    const creds: Credentials = await resolveCredentials(testIo({ env: {} }), { server: 'https://k.example:6443', token: 't0k3n' });
    const s = snippetModel(plan, creds, { reveal: false, commandLine: 'kcurl get pods' });
    const py = renderProgram(s, { lang: 'python', form: 'http' });
    expect(py).toContain('export APISERVER TOKEN\n');
    expect(py).toMatch(/\npython3 - <<'KCURL_PROGRAM'\n[\s\S]*\nKCURL_PROGRAM\n$/);
    expect(py).not.toContain('t0k3n');
    const go = renderProgram(s, { lang: 'go', form: 'http' });
    expect(go).toMatch(/FILE="\$DIR"\/main\.go\ncat > "\$FILE" <<'KCURL_PROGRAM'\npackage main\n/);
    expect(go).toContain('(cd "$DIR" && go run main.go)');
    for (const lang of ['javascript', 'java', 'csharp'] as const) expect(renderProgram(s, { lang, form: 'http' })).toContain('/api/v1/namespaces/default/pods');
  });
});
