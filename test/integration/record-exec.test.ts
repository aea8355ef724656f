// `kcurl record -- kubectl exec …` (WebSocket v5.channel.k8s.io through the HTTPS recording proxy): the report
// and `kcurl replay --to-script` show the handshake as a comment, say what curl 7.88 cannot do, and make the
// call with Debian's python3-websocket; bash runs them against the sandbox with kubectl's output, stdin and
// exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { tempDir } from '../helpers/temp-dir.js';
import { KUBECTL_132, runningShellPod, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let dir: string;

beforeAll(async () => {
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5 } });
  dir = tempDir('kcurl-record-exec-');
  await runningShellPod(t, 'shell');
}, 30_000);

afterAll(async () => {
  await t?.close();
});

const env = () => ({ KUBECONFIG: t.sb.kubeconfigPath, HOME: dir });
/** Debian's python3 (with python3-websocket) first on PATH, as on a Debian machine. */
const DEBIAN_PATH = '/usr/bin:/bin';

/** What bash prints for a report or script, less the answers of its curl lines (JSON documents on stdout). */
const afterLastJson = (stdout: string) => stdout.slice(stdout.lastIndexOf('}') + 1);

describe('kcurl record -- kubectl exec', () => {
  it('reports the upgrade as its handshake and a python3-websocket call that bash runs with the same output and exit code', async () => {
    const file = join(dir, 'exec.jsonl');
    const args = ['exec', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'];
    const rec = await runKcurl(['record', '--record', file, '--', KUBECTL_132, ...args], { env: env() });
    expect(rec.code).toBe(3);
    expect(rec.stdout).toBe('out\n');
    const report = rec.stderr.slice(rec.stderr.indexOf('\n#'));
    expect(report).toContain(
      '# a WebSocket upgrade (Sec-WebSocket-Protocol: v5.channel.k8s.io). curl 7.88 sends this handshake and prints the 101 answer, but has no WebSocket support: it cannot send or read the framed messages that follow. The handshake:\n',
    );
    expect(report).toMatch(
      /^# {3}curl -sS -N -i --http1\.1 .* -H 'Connection: Upgrade' -H 'Upgrade: websocket' .*-H 'Sec-Websocket-Protocol: v5\.channel\.k8s\.io' -H 'Sec-Websocket-Version: 13' "\$APISERVER"'\/api\/v1\/namespaces\/default\/pods\/shell\/exec\?command=sh&/m,
    );
    expect(report).toContain('# v5.channel.k8s.io framing: each binary message starts with its channel byte: 0 stdin, 1 stdout, 2 stderr');
    // No curl line sends the upgrade (curl would print the 101 and binary frames).
    expect(report.split('\n').filter((l) => l.startsWith('curl ') && l.includes('/exec?'))).toEqual([]);

    const run = await runSnippet(report, { env: { KUBECONFIG: t.sb.kubeconfigPath, PATH: DEBIAN_PATH } });
    expect(afterLastJson(run.stdout)).toBe('out\n');
    expect(run.stderr).toBe('err\ncommand terminated with exit code 3\n');
    expect(run.code).toBe(3);

    // The journal keeps the handshake, and replay --to-script makes the same call.
    const script = await runKcurl(['replay', file, '--to-script'], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(script.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"upgrade","websocket"');
    const replayed = await runSnippet(script.stdout, { env: { KUBECONFIG: t.sb.kubeconfigPath, PATH: DEBIAN_PATH } });
    expect(afterLastJson(replayed.stdout)).toBe('out\n');
    expect(replayed.stderr).toBe('err\ncommand terminated with exit code 3\n');
    expect(replayed.code).toBe(3);
  });

  it('exec -i: the python3-websocket call sends the script its stdin, then closes channel 0', async () => {
    const rec = await runKcurl(['record', '--', KUBECTL_132, 'exec', '-i', 'shell', '--', 'sh', '-c', 'wc -l; echo done'], { env: env(), stdin: 'a\nb\n' });
    expect(rec.code).toBe(0);
    expect(rec.stdout).toBe('2\ndone\n');
    const report = rec.stderr.slice(rec.stderr.indexOf('\n#'));
    expect(report).toMatch(/\/exec\?command=sh&.*stdin=true/);
    const run = await runSnippet(report, { env: { KUBECONFIG: t.sb.kubeconfigPath, PATH: DEBIAN_PATH }, stdin: 'one\ntwo\nthree\n' });
    expect(run.stderr).toBe('');
    expect(afterLastJson(run.stdout)).toBe('3\ndone\n');
    expect(run.code).toBe(0);
  });
});
