// Snippets whose later requests depend on earlier answers: a list read in pages (continue), a watch that
// starts at its list's resourceVersion, and kubectl's namespace check sent only after a NotFound. The
// scripts are golden files, and bash runs them against a stand-in `curl` that serves canned answers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getOptionsFromFlags } from '../../../src/commands/get/options.js';
import { planGet } from '../../../src/commands/get/plan.js';
import { watchStep } from '../../../src/commands/get/watch.js';
import type { Credentials } from '../../../src/kube/credentials-types.js';
import { builtinCatalog, resolveResource } from '../../../src/kube/resources.js';
import { Secret } from '../../../src/kube/secret.js';
import { ACCEPT, type RequestPlan } from '../../../src/plan/request-plan.js';
import { renderCurl } from '../../../src/render/curl.js';
import { TOKEN_VALUE, kindCredentials } from '../../helpers/credentials.js';
import { requireTool } from '../../helpers/require-tool.js';
import { commandOptions } from '../../../src/cli/spec.js';
import { GET_FLAGS, type GetFlags } from '../../../src/commands/get/flags.js';
import { runProcessSync } from '../../helpers/spawn.js';

/** Credentials from the kubeconfig with --token and --insecure-skip-tls-verify on the command line. */
const creds = (over: Partial<Credentials> = {}): Credentials =>
  kindCredentials({ insecureSkipTLSVerify: true, token: { value: new Secret(TOKEN_VALUE), source: { kind: 'flag', flag: '--token' } }, ...over });

const configmaps = resolveResource(builtinCatalog(), 'configmaps');

function getPlan(args: string[], flags: Partial<GetFlags>, namespace = 'team-a'): RequestPlan {
  const opts = getOptionsFromFlags(args, commandOptions(GET_FLAGS, flags));
  return planGet(
    opts,
    opts.targets.map((t) => ({ resource: configmaps, names: t.names })),
    namespace,
  );
}

/** What runGetWatch shows: the list, then the watch from its resourceVersion (the literal of kcurl's own run). */
function watchPlan(): RequestPlan {
  const opts = getOptionsFromFlags(['cm'], commandOptions(GET_FLAGS));
  const target = { resource: configmaps, names: [] };
  const list = planGet(opts, [target], 'team-a').steps[0];
  return { command: 'kubectl get', steps: [list, watchStep(opts, target, 'team-a', '4711', ACCEPT.table)] };
}

const cases: [string, RequestPlan, Credentials][] = [
  ['paged-list', getPlan(['cm'], { chunkSize: 2 }), creds()],
  ['watch-from-list', watchPlan(), creds({ requestTimeout: '2s' })],
  ['namespace-check-after-not-found', getPlan(['cm', 'missing', 'other'], { output: 'json' }), creds()],
];

describe('snippets that use earlier answers', () => {
  it.each(cases)('%s', async (name, plan, c) => {
    const text = renderCurl(plan, c, { reveal: false, form: 'script', commandLine: `kcurl ${name}` });
    await expect(text).toMatchFileSnapshot(`../../golden/curl/${name}.sh`);
    const check = runProcessSync(requireTool('bash'), ['-n'], { stdin: text });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it("keeps the literal values of kcurl's run out of the URLs it takes from answers", () => {
    const text = renderCurl(watchPlan(), creds(), { reveal: false, form: 'script' });
    expect(text).not.toContain('4711');
    expect(text).toContain('--data-urlencode "resourceVersion=$RESOURCE_VERSION"');
    // The line form is the requests kcurl sent, literal values included.
    expect(renderCurl(watchPlan(), creds(), { reveal: false, form: 'line' })).toContain('resourceVersion=4711&watch=true');
  });

  it('adds --max-time only with --request-timeout', () => {
    expect(renderCurl(watchPlan(), creds(), { reveal: false, form: 'script' })).not.toContain('--max-time');
    expect(renderCurl(watchPlan(), creds({ requestTimeout: '1m30s' }), { reveal: false, form: 'script' })).toContain('curl -sS -N --max-time 90 -G');
    expect(renderCurl(watchPlan(), creds({ requestTimeout: '0' }), { reveal: false, form: 'script' })).not.toContain('--max-time');
  });
});

// ---- running the snippets -----------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'kcurl-curl-answers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A stand-in for curl, defined as a bash function before the snippet: it logs each call's URL and
 * --data-urlencode values, answers from answers/<n> in turn (to -o FILE or stdout) and prints -w's status.
 */
const FAKE_CURL = String.raw`
kubectl() { echo https://127.0.0.1:6443; }
CALL=0
curl() {
  local out= fmt= url= data=()
  while [ $# -gt 0 ]; do
    case $1 in
      -o) out=$2; shift ;;
      -w) fmt=$2; shift ;;
      --data-urlencode) data+=("$2"); shift ;;
      -H|--cacert|--max-time) shift ;;
      https://*) url=$1 ;;
    esac
    shift
  done
  CALL=$((CALL + 1))
  printf '%s' "$url" >> "$WORK/calls"
  for d in "${'$'}{data[@]}"; do printf ' [%s]' "$d" >> "$WORK/calls"; done
  echo >> "$WORK/calls"
  if [ -n "$out" ]; then cat "$WORK/answers/$CALL" > "$out"; else cat "$WORK/answers/$CALL"; fi
  [ -z "$fmt" ] || cat "$WORK/status/$CALL"
}
`;

function runSnippet(plan: RequestPlan, c: Credentials, answers: { status: number; body: string }[]): { calls: string[]; stdout: string } {
  const dir = mkdtempSync(join(work, 'run-'));
  mkdirSync(join(dir, 'answers'));
  mkdirSync(join(dir, 'status'));
  answers.forEach((a, i) => {
    writeFileSync(join(dir, 'answers', String(i + 1)), a.body);
    writeFileSync(join(dir, 'status', String(i + 1)), String(a.status));
  });
  writeFileSync(join(dir, 'calls'), '');
  const script = FAKE_CURL + renderCurl(plan, c, { reveal: false, form: 'script' });
  const res = runProcessSync(requireTool('bash'), ['--norc', '--noprofile', '-c', script], { env: { PATH: process.env.PATH ?? '', WORK: dir, TOKEN: 't' } });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return { calls: readFileSync(join(dir, 'calls'), 'utf8').trimEnd().split('\n'), stdout: res.stdout };
}

const page = (meta: string) =>
  `{"kind":"ConfigMapList","apiVersion":"v1","metadata":{${meta}},"items":[{"metadata":{"name":"x","continue":"not-this-one"}}]}\n`;
const BASE = 'https://127.0.0.1:6443/api/v1/namespaces/team-a/configmaps';

describe('bash runs the snippets', () => {
  it('follows continue page by page, undoing JSON escapes, and prints every page', () => {
    const pages = [
      page('"resourceVersion":"7","continue":"eyJydiI6N30=","remainingItemCount":3'),
      // Escapes a server may write (\u003d, \/, \", \\) stand for the token's own bytes.
      page('"continue":"a\\u003db\\/c\\"d\\\\e","resourceVersion":"7"'),
      page('"resourceVersion":"7"'),
    ];
    const { calls, stdout } = runSnippet(
      getPlan(['cm'], { chunkSize: 2 }),
      creds(),
      pages.map((body) => ({ status: 200, body })),
    );
    expect(calls).toEqual([`${BASE}?limit=2`, `${BASE}?limit=2 [continue=eyJydiI6N30=]`, `${BASE}?limit=2 [continue=a=b/c"d\\e]`]);
    expect(stdout).toBe(pages.join(''));
  });

  it('stops after a page without continue, and after an error answer', () => {
    const status = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\\"continue\\":\\"x\\"","reason":"Expired","code":410}\n';
    const { calls } = runSnippet(getPlan(['cm'], { chunkSize: 2 }), creds(), [
      { status: 200, body: page('"resourceVersion":"7","continue":"next"') },
      { status: 410, body: status },
    ]);
    expect(calls).toEqual([`${BASE}?limit=2`, `${BASE}?limit=2 [continue=next]`]);
  });

  it('watches from the resourceVersion of the last page of its own list', () => {
    const { calls } = runSnippet(watchPlan(), creds(), [
      { status: 200, body: page('"resourceVersion":"12","continue":"more"') },
      { status: 200, body: page('"resourceVersion":"12"') },
      { status: 200, body: '{"type":"ADDED","object":{}}\n' },
    ]);
    expect(calls).toEqual([`${BASE}?limit=500`, `${BASE}?limit=500 [continue=more]`, `${BASE}?watch=true [resourceVersion=12]`]);
  });

  it.each([
    [404, [`${BASE}/missing`, 'https://127.0.0.1:6443/api/v1/namespaces/team-a']],
    [200, [`${BASE}/missing`]],
  ])('checks the namespace only when the get answered 404 (here %i)', (status, expected) => {
    const plan = getPlan(['cm', 'missing'], {});
    const { calls } = runSnippet(plan, creds(), [
      { status, body: '{}\n' },
      { status: 404, body: '{}\n' },
    ]);
    expect(calls).toEqual(expected);
  });
});
