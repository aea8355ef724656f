// Idle keep-alive connections as kube-apiserver treats them (Go http.Server IdleTimeout 90 s,
// ReadHeaderTimeout 32 s): a client reusing a kept-alive connection while the sandbox's event loop is busy
// for seconds gets its answer, not a reset. Node's default (keepAliveTimeout 5 s) lets the idle timer run
// before the waiting request is read, and the connection is reset. The sandbox runs in this process; the
// client holds the loop (6 s) right after writing its second request, inside an I/O callback as a burst of
// server work would.
import tls from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

function holdEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // nothing else runs meanwhile, timers included
  }
}

it('a request sent on a kept-alive connection while the loop is busy past 5 s is answered, not reset', async () => {
  const { hostname, port } = new URL(t.sb.url);
  const socket = tls.connect({ host: hostname, port: Number(port), ca: t.sb.caPem, servername: 'localhost' });
  const request = `GET /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${t.sb.adminToken}\r\nConnection: keep-alive\r\n\r\n`;
  const statuses: number[] = [];
  const outcome = await new Promise<string>((resolve) => {
    let buf = Buffer.alloc(0);
    socket.on('secureConnect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const headers = buf.subarray(0, head).toString();
        const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
        if (buf.length < head + 4 + length) return;
        statuses.push(Number(headers.split(' ')[1]));
        buf = buf.subarray(head + 4 + length);
        if (statuses.length === 1) {
          socket.write(request);
          holdEventLoop(6000);
        } else {
          resolve('answered');
          return;
        }
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    socket.on('close', () => resolve('closed'));
  });
  socket.destroy();
  expect(outcome).toBe('answered');
  expect(statuses).toEqual([200, 200]);
});
