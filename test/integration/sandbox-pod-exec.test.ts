// `kubectl exec`, `attach`, `run -it` and `cp` (real kubectl v1.32, WebSocket v5.channel.k8s.io) into the
// sandbox's simulated containers: exit codes, stdin, a terminal through a pty (`script`), the files a pod sees
// (serviceaccount mount, Secret, ConfigMap, downward API), the in-pod curl lesson against the API server
// (403, RoleBinding, 200), keep-alive images, and proof that nothing runs on the host.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/require-tool.js';
import { spawnKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, startProcess } from '../helpers/spawn.js';
import { eventually, KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

const running = (name: string, ns = 'default') =>
  eventually(
    async () => ((await t.request('GET', `/api/v1/namespaces/${ns}/pods/${name}`)).json().status?.phase === 'Running' ? true : undefined),
    `${name} Running`,
  );

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

beforeAll(async () => {
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5 } });
  const manifest = `
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: s3cr3t}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: workshop, "app.properties": "a=1\\nb=2\\n"}
---
apiVersion: v1
kind: Pod
metadata: {name: shell, labels: {app: shell, tier: lesson}}
spec:
  containers:
  - name: main
    image: busybox
    command: [sleep, infinity]
    env: [{name: GREETING, value: hello}]
    volumeMounts:
    - {name: creds, mountPath: /etc/creds, readOnly: true}
    - {name: settings, mountPath: /etc/settings}
    - {name: info, mountPath: /etc/podinfo}
  volumes:
  - {name: creds, secret: {secretName: creds}}
  - {name: settings, configMap: {name: settings}}
  - name: info
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: name, fieldRef: {fieldPath: metadata.name}}
`;
  const r = await t.kubectl(['apply', '-f', '-'], { stdin: manifest });
  expect(r.stderr).toBe('');
  await running('shell');
}, 30_000);
afterAll(async () => {
  await t?.close();
});

describe('kubectl exec', () => {
  it('runs the command in the container, with separate stdout and stderr and its exit code', async () => {
    const r = await t.kubectl(['exec', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2; echo $GREETING $HOSTNAME; exit 3']);
    expect(r.stdout).toBe('out\nhello shell\n');
    expect(r.stderr).toBe('err\ncommand terminated with exit code 3\n');
    expect(r.code).toBe(3);
  });

  it('passes stdin with -i and ends it when kubectl has sent it all', async () => {
    const r = await t.kubectl(['exec', '-i', 'shell', '--', 'sh', '-c', 'wc -l; tr a-z A-Z < /etc/settings/mode'], { stdin: 'one\ntwo\nthree\n' });
    expect(r).toMatchObject({ code: 0, stdout: '3\nWORKSHOP', stderr: '' });
  });

  it('runs a shell script from stdin, where an unknown command is "not found" (127) and the shell goes on', async () => {
    const r = await t.kubectl(['exec', '-i', 'shell', '--', 'sh'], { stdin: 'nosuchtool --help\necho status=$?\n' });
    expect(r).toMatchObject({ code: 0, stdout: 'status=127\n', stderr: 'sh: nosuchtool: not found\n' });
  });

  it('fails as the runtime does for a program the image does not have', async () => {
    const r = await t.kubectl(['exec', 'shell', '--', 'nosuchtool']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchtool": executable file not found in \$PATH/,
    );
  });

  it('never starts a host process: a file the command creates exists only in the container', async () => {
    const probe = join(tmpdir(), `kcurl-exec-probe-${randomBytes(6).toString('hex')}`);
    const r = await t.kubectl(['exec', 'shell', '--', 'touch', probe]);
    expect(r.code).toBe(0);
    expect(existsSync(probe)).toBe(false);
    const seen = await t.kubectl(['exec', 'shell', '--', 'ls', probe]);
    expect(seen.stdout).toBe(`${probe}\n`);
    const viaShell = await t.kubectl(['exec', 'shell', '--', 'sh', '-c', `echo x > ${probe}-2; cat ${probe}-2`]);
    expect(viaShell.stdout).toBe('x\n');
    expect(existsSync(`${probe}-2`)).toBe(false);
  });

  it('shows the serviceaccount mount, Secret, ConfigMap and downward API files at their mount paths', async () => {
    const r = await t.kubectl([
      'exec',
      'shell',
      '--',
      'sh',
      '-c',
      `ls ${SA}; cat ${SA}/namespace; echo; cat /etc/creds/password; echo; cat /etc/settings/app.properties; cat /etc/podinfo/labels; echo; cat /etc/podinfo/name; echo; cat /etc/hostname; grep shell /etc/hosts | cut -f2; cat /etc/resolv.conf`,
    ]);
    expect(r.stderr).toBe('');
    const ip = (await t.request('GET', '/api/v1/namespaces/default/pods/shell')).json().status.podIP;
    expect(ip).toMatch(/^10\.244\./);
    expect(r.stdout).toBe(
      'ca.crt\nnamespace\ntoken\ndefault\ns3cr3t\na=1\nb=2\napp="shell"\ntier="lesson"\nshell\nshell\nshell\n' +
        'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    expect((await t.kubectl(['exec', 'shell', '--', 'cat', `${SA}/ca.crt`])).stdout).toBe(t.sb.caPem);
  });

  it('is authorized as `get` on pods/exec (the WebSocket GET), as a v1.32 server does', async () => {
    const ns = 'exec-rbac';
    await t.kubectl(['create', 'namespace', ns]);
    await t.kubectl(['-n', ns, 'run', 'box', '--image=busybox', '--', 'sleep', 'infinity']);
    await running('box', ns);
    const as = ['--as=jane'];
    const denied = await t.kubectl(['-n', ns, ...as, 'exec', 'box', '--', 'echo', 'hi']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('User "jane" cannot get resource "pods" in API group "" in the namespace "exec-rbac"');
    await t.kubectl(['-n', ns, 'create', 'role', 'exec', '--verb=get', '--resource=pods', '--resource=pods/exec']);
    await t.kubectl(['-n', ns, 'create', 'rolebinding', 'jane-exec', '--role=exec', '--user=jane']);
    const allowed = await eventually(async () => {
      const r = await t.kubectl(['-n', ns, ...as, 'exec', 'box', '--', 'echo', 'hi']);
      return r.code === 0 ? r : undefined;
    }, 'exec allowed');
    expect(allowed.stdout).toBe('hi\n');
  });

  it('answers a SPDY request (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false) with a clear error', async () => {
    const r = await t.kubectl(['exec', 'shell', '--', 'echo', 'hi'], { env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('serves pods/exec over WebSocket (v5.channel.k8s.io) only, not SPDY');
  });

  it('lists pods/attach, pods/exec and pods/portforward in discovery as kube-apiserver does', async () => {
    const list = (await t.request('GET', '/api/v1')).json().resources as { name: string; kind: string; verbs: string[] }[];
    const byName = Object.fromEntries(list.map((r) => [r.name, r]));
    expect(byName['pods/exec']).toMatchObject({ kind: 'PodExecOptions', verbs: ['create', 'get'] });
    expect(byName['pods/attach']).toMatchObject({ kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    expect(byName['pods/portforward']).toMatchObject({ kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
  });
});

describe('a terminal (-it) through a pty', () => {
  const session = (args: string[]) => {
    requireTool('script');
    const cmd = [KUBECTL_132, '--kubeconfig', t.sb.kubeconfigPath, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    return startProcess('script', ['-qec', cmd, '/dev/null'], { env: { PATH: CLEAN_PATH, HOME: t.dir, TERM: 'xterm' }, stdin: 'pipe' });
  };

  it('kubectl exec -it sh: prompt, echo, CRLF output, ^C, exit status', async () => {
    const p = session(['exec', '-it', 'shell', '--', 'sh']);
    await p.waitForOutput(/\/ # $/);
    p.child.stdin!.write('echo hello $GREETING\r');
    await p.waitForOutput(/echo hello \$GREETING\r\nhello hello\r\n\/ # $/);
    p.child.stdin!.write('sleep 1000\r');
    await p.waitForOutput(/sleep 1000\r\n$/);
    p.child.stdin!.write('\x03');
    await p.waitForOutput(/\^C\r\n\/ # $/);
    p.child.stdin!.write('echo $?; cd /etc; exit 7\r');
    await p.waitForOutput(/130\r\n/);
    const end = await p.exited;
    expect(end.code).toBe(7);
    expect(p.out()).toContain('command terminated with exit code 7');
  });

  it("kubectl run -it --rm attaches to the new pod's shell and deletes it afterwards", async () => {
    const p = session(['run', '-it', '--rm', 'attached', '--image=busybox', '--restart=Never', '--', 'sh']);
    await p.waitForOutput(/If you don't see a command prompt, try pressing enter\.\r\n/);
    p.child.stdin!.write('echo in $HOSTNAME\r');
    await p.waitForOutput(/in attached\r\n/);
    p.child.stdin!.write('exit\r');
    await p.waitForOutput(/pod "attached" deleted/);
    expect((await p.exited).code).toBe(0);
  });
});

describe('curl and wget inside the pod reach the API server', () => {
  const curlPods = `TOKEN=$(cat ${SA}/token); curl -sS --cacert ${SA}/ca.crt -H "Authorization: Bearer $TOKEN" https://kubernetes/api/v1/namespaces/default/pods`;

  it('the in-pod lesson: 403 for the default ServiceAccount, a RoleBinding, then the PodList', async () => {
    const denied = await t.kubectl(['exec', 'shell', '--', 'sh', '-c', `${curlPods} -w '\\n%{http_code}\\n'`]);
    expect(denied.code).toBe(0);
    // curl's User-Agent gets the indented JSON a real server writes (json.MarshalIndent: no final newline), then
    // -w puts the code on a line of its own.
    const m = /^([\s\S]*)\n(\d{3})\n$/.exec(denied.stdout);
    expect(m?.[2]).toBe('403');
    expect(m![1]).toMatch(/^\{\n {2}"kind": "Status",\n/);
    expect(JSON.parse(m![1])).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: 'pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"',
    });
    expect((await t.kubectl(['create', 'rolebinding', 'default-view', '--clusterrole=view', '--serviceaccount=default:default'])).code).toBe(0);
    const list = await eventually(async () => {
      const r = await t.kubectl(['exec', 'shell', '--', 'sh', '-c', curlPods]);
      return r.stdout.includes('"kind": "PodList"') ? r : undefined;
    }, 'PodList');
    expect(JSON.parse(list.stdout).items.map((p: { metadata: { name: string } }) => p.metadata.name)).toContain('shell');
  });

  it('verifies the serving certificate: no CA is curl error 60, -k and the ClusterIP and FQDN names work', async () => {
    const noCa = await t.kubectl(['exec', 'shell', '--', 'curl', '-s', '-S', 'https://kubernetes/version']);
    expect(noCa.code).toBe(60);
    expect(noCa.stderr).toMatch(
      /^curl: \(60\) SSL certificate problem: (self-signed certificate in certificate chain|unable to get local issuer certificate)\nMore details here: https:\/\/curl\.se\/docs\/sslcerts\.html\n/,
    );
    for (const url of ['https://kubernetes.default.svc/version', 'https://kubernetes.default.svc.cluster.local/version', 'https://10.96.0.1/version']) {
      const r = await t.kubectl(['exec', 'shell', '--', 'curl', '-s', '--cacert', `${SA}/ca.crt`, url]);
      expect(JSON.parse(r.stdout), url).toMatchObject({ major: '1', minor: '32' });
    }
    expect(JSON.parse((await t.kubectl(['exec', 'shell', '--', 'curl', '-sk', 'https://kubernetes/version'])).stdout).major).toBe('1');
    const unknown = await t.kubectl(['exec', 'shell', '--', 'curl', '-sS', 'http://nosuch-service/']);
    expect(unknown).toMatchObject({ code: 6, stderr: 'curl: (6) Could not resolve host: nosuch-service\ncommand terminated with exit code 6\n' });
  });

  it("wget -qO- gets an nginx Service's welcome page and the API server's healthz", async () => {
    await t.kubectl(['run', 'web', '--image=nginx', '--port=80']);
    await t.kubectl(['expose', 'pod', 'web', '--port=80']);
    await running('web');
    const page = await t.kubectl(['exec', 'shell', '--', 'wget', '-qO-', 'http://web']);
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
    const health = await t.kubectl(['exec', 'shell', '--', 'wget', '-qO-', 'https://kubernetes/healthz']);
    expect(health).toMatchObject({ code: 0, stdout: 'ok', stderr: 'wget: note: TLS certificate validation not implemented\n' });
  });
});

describe('kcurl inside a pod of `kcurl sandbox`', () => {
  it('runs kcurl in-process with the in-cluster credentials of the mount: 403, RoleBinding, then the table and the in-pod snippet', async () => {
    const kubeconfig = join(t.dir, 'inpod-kubeconfig');
    const sandbox = spawnKcurl(['sandbox', '--port', '0', '--kubeconfig', kubeconfig], { HOME: t.dir });
    try {
      await sandbox.waitForOutput(/listening on https:\/\/127\.0\.0\.1:\d+/, 30_000);
      const k = (args: string[]) => t.kubectl(args, { kubeconfig });
      expect((await k(['run', 'box', '--image=busybox', '--', 'sleep', 'infinity'])).code).toBe(0);
      await eventually(async () => ((await k(['get', 'pod', 'box', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' ? true : undefined), 'box Running');
      const denied = await k(['exec', 'box', '--', 'kcurl', 'get', 'pods']);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain(
        'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods"',
      );
      expect(denied.stderr).toContain('GET https://10.96.0.1:443/api/v1/namespaces/default/pods?limit=500');
      await k(['create', 'rolebinding', 'default-view', '--clusterrole=view', '--serviceaccount=default:default']);
      const table = await eventually(async () => {
        const r = await k(['exec', 'box', '--', 'kcurl', 'get', 'pods']);
        return r.code === 0 ? r : undefined;
      }, 'kcurl get pods allowed');
      expect(table.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nbox\s+1\/1\s+Running\s+0\s+/);
      // The in-pod snippet, run by the pod's own shell and curl, gets the same list.
      const snippet = await k(['exec', 'box', '--', 'kcurl', 'get', 'pods', '--offline', '--show-curl']);
      expect(snippet.stdout).toContain('SA_DIR=/var/run/secrets/kubernetes.io/serviceaccount');
      const ran = await k(['exec', 'box', '--', 'sh', '-c', snippet.stdout]);
      expect(ran.stderr).toBe('');
      const answer = JSON.parse(ran.stdout);
      expect({ kind: answer.kind, first: answer.rows.map((r: { cells: unknown[] }) => r.cells.slice(0, 3)) }).toEqual({
        kind: 'Table',
        first: [['box', '1/1', 'Running']],
      });
    } finally {
      sandbox.child.kill('SIGINT');
      await sandbox.exited;
    }
  }, 60_000);
});

describe('kubectl cp', () => {
  it('copies a file and a directory into the pod and back (tar over exec)', async () => {
    const dir = join(t.dir, 'cp');
    mkdirSync(join(dir, 'conf'), { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'héllo from the host\n');
    writeFileSync(join(dir, 'conf', 'app.yaml'), 'replicas: 3\n');
    expect((await t.kubectl(['cp', join(dir, 'notes.txt'), 'shell:/tmp/notes.txt'])).code).toBe(0);
    expect((await t.kubectl(['cp', join(dir, 'conf'), 'shell:/tmp/conf'])).code).toBe(0);
    const inPod = await t.kubectl(['exec', 'shell', '--', 'sh', '-c', 'cat /tmp/notes.txt /tmp/conf/app.yaml']);
    expect(inPod.stdout).toBe('héllo from the host\nreplicas: 3\n');
    const back = await t.kubectl(['cp', 'shell:/tmp/conf', join(dir, 'conf-back')]);
    expect(back.code).toBe(0);
    // kubectl cp keeps tar's stderr (`removing leading '/'`) to itself.
    expect(back.stderr).toBe('');
    expect(readFileSync(join(dir, 'conf-back', 'app.yaml'), 'utf8')).toBe('replicas: 3\n');
    await t.kubectl(['cp', 'shell:/tmp/notes.txt', join(dir, 'notes-back.txt')]);
    expect(readFileSync(join(dir, 'notes-back.txt'), 'utf8')).toBe('héllo from the host\n');
  });

  it('copies names past 100 bytes both ways (kubectl writes them as ustar prefix or PAX, the pod as prefix or GNU long names)', async () => {
    const dir = join(t.dir, 'cp-long');
    // The first fits the ustar prefix field; the second's last part alone is past the 100-byte name field.
    const splittable = `${'d'.repeat(80)}/${'f'.repeat(60)}.txt`;
    const unsplittable = `${'n'.repeat(120)}.txt`;
    mkdirSync(join(dir, 'long', 'd'.repeat(80)), { recursive: true });
    writeFileSync(join(dir, 'long', splittable), 'split\n');
    writeFileSync(join(dir, 'long', unsplittable), 'pax\n');
    expect((await t.kubectl(['cp', join(dir, 'long'), 'shell:/tmp/long'])).code).toBe(0);
    const inPod = await t.kubectl(['exec', 'shell', '--', 'sh', '-c', `cat /tmp/long/${splittable} /tmp/long/${unsplittable}`]);
    expect(inPod.stdout).toBe('split\npax\n');
    expect((await t.kubectl(['cp', 'shell:/tmp/long', join(dir, 'back')])).code).toBe(0);
    expect([readFileSync(join(dir, 'back', splittable), 'utf8'), readFileSync(join(dir, 'back', unsplittable), 'utf8')]).toEqual(['split\n', 'pax\n']);
  });
});

describe('kubectl port-forward', () => {
  it("forwards a local port to nginx's port 80 in the pod (SPDY over WebSocket) and reports a closed port", async () => {
    await t.kubectl(['run', 'pf-web', '--image=nginx']);
    await running('pf-web');
    const pf = startProcess(KUBECTL_132, ['--kubeconfig', t.sb.kubeconfigPath, 'port-forward', 'pf-web', ':80'], { env: { PATH: CLEAN_PATH, HOME: t.dir } });
    try {
      const [, port] = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
      for (const path of ['/', '/missing']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        const body = await res.text();
        if (path === '/')
          expect({ status: res.status, server: res.headers.get('server'), title: /<title>(.*)<\/title>/.exec(body)?.[1] }).toEqual({
            status: 200,
            server: 'nginx/1.27.3',
            title: 'Welcome to nginx!',
          });
        else expect(res.status).toBe(404);
      }
      await pf.waitForOutput(/Handling connection for \d+\n/);
    } finally {
      pf.child.kill('SIGINT');
      await pf.exited;
    }
    const closed = startProcess(KUBECTL_132, ['--kubeconfig', t.sb.kubeconfigPath, 'port-forward', 'pf-web', ':81'], {
      env: { PATH: CLEAN_PATH, HOME: t.dir },
    });
    const [, port] = await closed.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 81\n/);
    await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    const end = await closed.exited;
    expect(end.code).toBe(1);
    expect(closed.err()).toContain('an error occurred forwarding');
    expect(closed.err()).toContain('dial tcp4 127.0.0.1:81: connect: connection refused');
  });
});

describe('kubectl port-forward over plain SPDY/3.1', () => {
  it('serves the SPDY upgrade POST (KUBECTL_PORT_FORWARD_WEBSOCKETS=false: kubectl skips the WebSocket)', async () => {
    await t.kubectl(['run', 'pf-spdy', '--image=nginx']);
    await running('pf-spdy');
    const pf = startProcess(KUBECTL_132, ['--kubeconfig', t.sb.kubeconfigPath, 'port-forward', 'pf-spdy', ':80'], {
      env: { PATH: CLEAN_PATH, HOME: t.dir, KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' },
    });
    try {
      const [, port] = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(/<title>(.*)<\/title>/.exec(await res.text())?.[1]).toBe('Welcome to nginx!');
    } finally {
      pf.child.kill('SIGINT');
      await pf.exited;
    }
    expect(pf.err()).toBe('');
  });
});

describe('keep-alive images', () => {
  it('stay Running with no restarts: sleep infinity, tail -f /dev/null, /sbin/init, nginx, httpd, redis-server, a while loop', async () => {
    const pods: [string, string, string[]][] = [
      ['ka-sleep', 'alpine', ['sleep', 'infinity']],
      ['ka-tail', 'busybox', ['tail', '-f', '/dev/null']],
      ['ka-init', 'busybox', ['/sbin/init']],
      ['ka-nginx', 'nginx', []],
      ['ka-httpd', 'httpd', []],
      ['ka-redis', 'redis', []],
      ['ka-redis-cmd', 'redis', ['redis-server']],
      ['ka-loop', 'busybox', ['sh', '-c', 'while true; do sleep 1; done']],
    ];
    for (const [name, image, args] of pods) expect((await t.kubectl(['run', name, `--image=${image}`, ...(args.length ? ['--', ...args] : [])])).code).toBe(0);
    for (const [name] of pods) await running(name);
    // A process that ended would be restarted within the first back-off (1 s): wait past it, then look.
    await new Promise((r) => setTimeout(r, 1500));
    for (const [name] of pods) {
      const status = (await t.request('GET', `/api/v1/namespaces/default/pods/${name}`)).json().status;
      expect({ name, phase: status.phase, restarts: status.containerStatuses[0].restartCount, state: Object.keys(status.containerStatuses[0].state) }).toEqual({
        name,
        phase: 'Running',
        restarts: 0,
        state: ['running'],
      });
    }
    expect((await t.kubectl(['logs', 'ka-redis'])).stdout).toContain('Ready to accept connections tcp');
    expect((await t.kubectl(['logs', 'ka-httpd'])).stderr).toBe('');
  }, 30_000);
});
