// kcurl exec and cp against the sandbox, beyond the wire-identity rows: the exec snippet run by bash as printed
// (python3-websocket) gives the command's output, stdin and exit code; --offline shows the plan and sends nothing;
// kcurl cp makes kubectl cp's requests (compared through both clients' -v=6 lines) and copies the same files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellJoin } from '../../src/render/shell-quote.js';
import { KCURL_BIN, runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { runProcess } from '../helpers/spawn.js';
import { tempDir } from '../helpers/temp-dir.js';
import { KUBECTL_132, runningShellPod, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let dir: string;

beforeAll(async () => {
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5 } });
  dir = tempDir('kcurl-streaming-');
  await runningShellPod(t, 'shell');
}, 30_000);

afterAll(async () => {
  await t?.close();
});

const env = () => ({ KUBECONFIG: t.sb.kubeconfigPath, HOME: dir });
/** Debian's python3 (with python3-websocket) first on PATH, as on a Debian machine. */
const DEBIAN_PATH = '/usr/bin:/bin';
/** What bash prints for a snippet, less the answer of its curl line (the pod's JSON on stdout). */
const afterLastJson = (stdout: string) => stdout.slice(stdout.lastIndexOf('}') + 1);
/** The snippet kcurl printed on stderr (before its own output, which follows one empty line). */
const snippetOf = (stderr: string) => stderr.slice(0, stderr.indexOf('\n\n', stderr.lastIndexOf('python3 -c')) + 1);

describe('kcurl exec --show-curl', () => {
  it('prints a snippet that bash runs with the same output and exit code (python3-websocket; curl cannot)', async () => {
    const args = ['exec', 'shell', '--show-curl=script', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'];
    const run = await runKcurl(args, { env: env() });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('out\n');
    const snippet = snippetOf(run.stderr);
    expect(snippet).toContain('curl 7.88 sends this handshake and prints the 101 answer, but has no WebSocket support');
    expect(run.stderr.slice(snippet.length)).toBe('\nerr\ncommand terminated with exit code 3\n');
    const bash = await runSnippet(snippet, { env: { KUBECONFIG: t.sb.kubeconfigPath, PATH: DEBIAN_PATH } });
    expect(afterLastJson(bash.stdout)).toBe('out\n');
    expect(bash.stderr).toBe('err\ncommand terminated with exit code 3\n');
    expect(bash.code).toBe(3);
  });

  it('exec -i: kcurl and its snippet send their stdin and close channel 0', async () => {
    const run = await runKcurl(['exec', '-i', 'shell', '--show-curl=script', '--', 'sh', '-c', 'wc -l; echo done'], { env: env(), stdin: 'a\nb\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('2\ndone\n');
    const bash = await runSnippet(snippetOf(run.stderr), { env: { KUBECONFIG: t.sb.kubeconfigPath, PATH: DEBIAN_PATH }, stdin: 'one\ntwo\nthree\n' });
    expect(bash.stderr).toBe('');
    expect(afterLastJson(bash.stdout)).toBe('3\ndone\n');
    expect(bash.code).toBe(0);
  });

  it("exec --record: the journal ends the upgrade's stream (the command waits for the server to close the socket)", async () => {
    const journal = join(dir, 'exec.jsonl');
    const run = await runKcurl(['exec', 'shell', '--record', journal, '--', 'echo', 'hi'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('hi\n');
    const records = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.record, r.request?.method, r.request?.url?.replace(/^https:\/\/[^/?]+/, '').split('?')[0], r.response?.status])).toEqual([
      ['kcurl-journal', undefined, undefined, undefined],
      ['exchange', 'GET', '/api/v1/namespaces/default/pods/shell', 200],
      ['stream-open', 'GET', '/api/v1/namespaces/default/pods/shell/exec', 101],
      ['stream-end', undefined, undefined, undefined],
    ]);
  });

  it('exec -it on a terminal (a pty from script(1)): the same bytes on screen and exit code as kubectl', async () => {
    const outs = [];
    for (const argv of [[KUBECTL_132], [process.execPath, KCURL_BIN, '-q']]) {
      const command = shellJoin([...argv, 'exec', '-it', 'shell', '--', 'sh']);
      const run = await runProcess('/usr/bin/script', ['-qec', command, '/dev/null'], {
        env: { ...env(), PATH: DEBIAN_PATH },
        stdin: 'echo from-tty\rexit 4\r',
      });
      outs.push({ code: run.code, stdout: run.stdout });
    }
    expect(outs[0].stdout).toContain('from-tty\r\n');
    expect(outs[0].code).toBe(4);
    expect(outs[1]).toEqual(outs[0]);
  });

  it('exec svc/NAME with no pod yet: the same list and watch as kubectl, then its timeout error', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nobody' }, spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] } };
    expect((await t.request('POST', '/api/v1/namespaces/default/services', { body: svc })).status).toBe(201);
    const args = ['exec', 'svc/nobody', '--pod-running-timeout=1s', '-v=6', '--', 'true'];
    // kubectl's discovery cache warm (as after any earlier kubectl run), so neither client sends discovery here.
    expect((await runProcess(KUBECTL_132, ['get', 'svc', 'nobody'], { env: { ...env(), PATH: DEBIAN_PATH } })).code).toBe(0);
    const k = await runProcess(KUBECTL_132, args, { env: { ...env(), PATH: DEBIAN_PATH } });
    const c = await runKcurl(args, { env: env() });
    // The last line that is not a klog line: kubectl's watch goroutine may log "Unable to decode an event from the
    // watch stream: … use of closed network connection" after the error, as the process tears the watch down.
    const lastLine = (text: string) =>
      text
        .trim()
        .split('\n')
        .filter((l) => !/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ /.test(l))
        .at(-1);
    expect({ code: c.code, lines: requestLines(c.stderr), last: lastLine(c.stderr) }).toEqual({
      code: k.code,
      lines: requestLines(k.stderr),
      last: lastLine(k.stderr),
    });
    expect(lastLine(c.stderr)).toBe('error: timed out waiting for the condition');
    expect(requestLines(c.stderr).at(-1)).toMatch(/watch=true 200 OK$/);
  });

  it('--show LANG is refused in one line: the program generators cannot make a WebSocket call', async () => {
    const run = await runKcurl(['exec', 'shell', '--show', 'python', '--', 'true'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('use --show-curl instead of --show');
  });

  it('--offline prints the plan (the pod GET and the upgrade, the container still to choose) and sends nothing', async () => {
    const run = await runKcurl(['exec', 'shell', '--offline', '--', 'ls', '/'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CONTAINER stands for it here');
    expect(run.stdout).toContain("/api/v1/namespaces/default/pods/shell/exec?command=ls&command=%2F&container=CONTAINER&stderr=true&stdout=true'");
    expect(run.stdout).toContain('python3 -c ');
  });
});

/** The request lines of a -v=6 run (kubectl's are prefixed by klog), durations left out. */
function requestLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^I\d{4} [\d:.]+\s+\d+ round_trippers\.go:\d+\] /, ''))
    .filter((l) => /^(GET|POST) https:\/\/\S+ \d{3} /.test(l))
    .map((l) => l.replace(/ in \d+ milliseconds$/, ''));
}

describe('kcurl cp', () => {
  const kubectl = (args: string[], cwd: string) => runProcess(KUBECTL_132, args, { env: { ...env(), PATH: DEBIAN_PATH }, cwd });

  it.each([
    ['a file to a path in the pod', ['note.txt', 'shell:/tmp/NAME.txt'], '/tmp/NAME.txt'],
    ['a file into a directory of the pod', ['note.txt', 'shell:/tmp'], '/tmp/note.txt'],
    ['a directory to the pod', ['tree', 'shell:/tmp/NAME'], '/tmp/NAME/sub/leaf.txt'],
  ])('%s: the requests of kubectl cp, and the file arrives', async (_name, argsTemplate, remoteTemplate) => {
    const lines: Record<string, string[]> = {};
    for (const who of ['kubectl', 'kcurl'] as const) {
      const work = tempDir(`kcurl-cp-${who}-`);
      writeFileSync(join(work, 'note.txt'), `note from ${who}\n`);
      mkdirSync(join(work, 'tree', 'sub'), { recursive: true });
      writeFileSync(join(work, 'tree', 'sub', 'leaf.txt'), `leaf from ${who}\n`);
      const args = ['cp', ...argsTemplate.map((a) => a.replace('NAME', who)), '-v=6'];
      const out = who === 'kubectl' ? await kubectl(args, work) : await runKcurl(args, { env: env(), cwd: work });
      expect(out.code, out.stderr).toBe(0);
      const remote = remoteTemplate.replace('NAME', who);
      const cat = await runKcurl(['exec', '-q', 'shell', '--', 'cat', remote], { env: env() });
      expect(cat.stdout).toBe(remote.endsWith('leaf.txt') ? `leaf from ${who}\n` : `note from ${who}\n`);
      lines[who] = requestLines(out.stderr).map((l) => l.replaceAll(who, 'NAME'));
    }
    expect(lines.kubectl.length).toBeGreaterThanOrEqual(4);
    expect(lines.kcurl).toEqual(lines.kubectl);
  });

  it('a failing tar in the pod: its stderr and exit code, as kubectl cp reports them', async () => {
    const outs = [];
    for (const who of ['kubectl', 'kcurl'] as const) {
      const work = tempDir(`kcurl-cp-fail-${who}-`);
      writeFileSync(join(work, 'note.txt'), 'note\n');
      const args = ['cp', 'note.txt', 'shell:/nonexistent/x'];
      const out = who === 'kubectl' ? await kubectl(args, work) : await runKcurl([...args, '-q'], { env: env(), cwd: work });
      // kubectl sometimes logs its own race on the closing WebSocket ("websocket: close sent") with klog: not output.
      outs.push({ code: out.code, stdout: out.stdout, stderr: out.stderr.replace(/^E\d{4} .*\n/gm, '') });
    }
    expect(outs[0].stderr).toContain('command terminated with exit code 1');
    expect(outs[1]).toEqual(outs[0]);
  });

  it.each([
    ['a file out of the pod', '/etc/hostname', 'copy.txt', []],
    ['a directory out of the pod', '/tmp/dirsrc', 'copydir', []],
    ['a directory out of the pod with --retries (sh -c "tar cf - PATH | tail -c+0")', '/tmp/dirsrc', 'copydir', ['--retries=3']],
  ])('%s: the requests of kubectl cp, the same files and stderr', async (_name, remote, local, extra) => {
    await runKcurl(['exec', '-q', 'shell', '--', 'sh', '-c', 'mkdir -p /tmp/dirsrc/in && echo one > /tmp/dirsrc/a && echo two > /tmp/dirsrc/in/b'], {
      env: env(),
    });
    const results: Record<string, { lines: string[]; files: Record<string, string>; stderr: string; stdout: string }> = {};
    for (const who of ['kubectl', 'kcurl'] as const) {
      const work = tempDir(`kcurl-cp-out-${who}-`);
      const args = ['cp', `shell:${remote}`, local, ...extra, '-v=6'];
      const out = who === 'kubectl' ? await kubectl(args, work) : await runKcurl(args, { env: env(), cwd: work });
      expect(out.code, out.stderr).toBe(0);
      const files: Record<string, string> = {};
      const find = await runProcess('/usr/bin/find', [local, '-type', 'f'], { cwd: work });
      for (const f of find.stdout.split('\n').filter(Boolean).sort()) files[f] = readFileSync(join(work, f), 'utf8');
      const stderr = out.stderr
        .split('\n')
        .filter((l) => !/^I\d{4} /.test(l) && requestLines(l).length === 0 && !l.startsWith('#') && !l.startsWith('\t'))
        .join('\n');
      results[who] = { lines: requestLines(out.stderr), files, stderr, stdout: out.stdout };
    }
    expect(Object.keys(results.kcurl.files).length).toBeGreaterThan(0);
    expect(results.kcurl).toEqual(results.kubectl);
  });
});
