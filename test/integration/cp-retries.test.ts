// kubectl cp --retries against a server that ends the first tar stream early: a fault the sandbox cannot produce
// (its exec streams end with the command). This API server answers the pod GET and the WebSocket exec itself
// (v5.channel.k8s.io), sending the archive's bytes from tail -c+N on; the first exec stops short and ends with a
// Success status, as a dropped stream that closed cleanly would. kubectl v1.32 and kcurl run the same command
// line against it: the same exec commands (tail -c+0, then past the bytes read), the same stdout, the same file.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTar } from '../../src/archive/tar.js';
import { requireTool } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { tempDir } from '../helpers/temp-dir.js';
import { KUBECTL_132 } from './sandbox-helpers.js';

const CONTENT = `${'line of the copied file\n'.repeat(200)}end\n`;
const ARCHIVE = writeTar([{ name: 'tmp/data.txt', type: 'file', mode: 0o644, mtimeSeconds: 1700000000, data: Buffer.from(CONTENT) }], { longNames: 'gnu' });
/** Where every exec stream stops when the server is told to cut it. */
const CUT_AT = 1500;

const POD = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'shell', namespace: 'default', uid: 'a1b2c3d4-0000-0000-0000-000000000001', resourceVersion: '1' },
  spec: { containers: [{ name: 'shell', image: 'busybox:1.36' }] },
  status: { phase: 'Running' },
};
const DISCOVERY: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
      { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
    ],
  },
};

/** One WebSocket binary message of the v5 channel protocol from the server (unmasked): channel byte, then data. */
function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]) : Buffer.alloc(10);
  if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}
const channel = (n: number, data: Buffer | string) => frame(0x2, Buffer.concat([Buffer.from([n]), Buffer.from(data)]));

interface FaultServer {
  url: string;
  /** The command of every exec, in order. */
  execs: string[][];
  /** How many of the next execs stop at CUT_AT (a negative number: all of them). */
  cut: number;
  close(): Promise<void>;
}

async function startFaultServer(): Promise<FaultServer> {
  const state: FaultServer = { url: '', execs: [], cut: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const body = path === '/api/v1/namespaces/default/pods/shell' ? POD : DISCOVERY[path];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  const upgraded = new Set<Socket>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    socket.on('error', () => {});
    const url = new URL(req.url ?? '', 'http://x');
    const command = url.searchParams.getAll('command');
    state.execs.push(command);
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n`,
    );
    // sh -c "tar cf - /tmp/data.txt | tail -c+N": the archive from byte N (1-based; +0 is the start).
    const from = Number(/tail -c\+(\d+)$/.exec(command[2] ?? '')?.[1] ?? '0');
    let bytes = ARCHIVE.subarray(Math.max(0, from - 1));
    if (state.cut !== 0) {
      bytes = bytes.subarray(0, CUT_AT);
      if (state.cut > 0) state.cut--;
    }
    socket.write(channel(1, bytes));
    socket.write(channel(3, JSON.stringify({ metadata: {}, status: 'Success' })));
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      for (const s of upgraded) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

let server: FaultServer;
let kubeconfig: string;

beforeAll(async () => {
  server = await startFaultServer();
  const dir = tempDir('kcurl-cp-retries-');
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: fault, cluster: {server: "' + server.url + '"}}]',
      'users: [{name: anyone, user: {}}]',
      'contexts: [{name: fault, context: {cluster: fault, user: anyone, namespace: default}}]',
      'current-context: fault',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await server?.close();
});

/** kubectl v1.32, then kcurl, each in a fresh directory: what each exec'd, printed and wrote. */
async function bothClients(args: string[], cut: number) {
  const results: Record<string, { execs: string[][]; stdout: string; code: number | null; file?: string; stderr: string }> = {};
  for (const who of ['kubectl', 'kcurl'] as const) {
    server.execs = [];
    server.cut = cut;
    const work = tempDir(`kcurl-cp-retries-${who}-`);
    const home = tempDir(`kcurl-cp-retries-home-${who}-`);
    const env = { PATH: CLEAN_PATH, HOME: home, KUBECONFIG: kubeconfig };
    const out = who === 'kubectl' ? await runProcess(requireTool(KUBECTL_132), args, { env, cwd: work }) : await runKcurl([...args, '-q'], { env, cwd: work });
    let file: string | undefined;
    try {
      file = readFileSync(join(work, 'copy.txt'), 'utf8');
    } catch {
      file = undefined;
    }
    results[who] = { execs: server.execs, stdout: out.stdout, code: out.code, file, stderr: out.stderr };
  }
  return results;
}

describe('kcurl cp --retries: a tar stream that ends before the archive does', () => {
  it('is resumed past the bytes read (tail -c+N), as kubectl resumes it, and the file arrives whole', async () => {
    const r = await bothClients(['cp', 'shell:/tmp/data.txt', 'copy.txt', '--retries=3'], 1);
    expect(r.kubectl.code, r.kubectl.stderr).toBe(0);
    expect(r.kubectl.execs.map((c) => c.join(' '))).toEqual([
      'sh -c tar cf - /tmp/data.txt | tail -c+0',
      `sh -c tar cf - /tmp/data.txt | tail -c+${CUT_AT + 1}`,
    ]);
    expect(r.kubectl.stdout).toBe(`Resuming copy at ${CUT_AT} bytes, retry 1/3\n`);
    expect(r.kubectl.file).toBe(CONTENT);
    expect({ ...r.kcurl, stderr: '' }).toEqual({ ...r.kubectl, stderr: '' });
  });

  it('without --retries: one tar exec, and the archive cut short is an error', async () => {
    const r = await bothClients(['cp', 'shell:/tmp/data.txt', 'copy.txt'], 1);
    expect(r.kubectl.execs.map((c) => c.join(' '))).toEqual(['tar cf - /tmp/data.txt']);
    expect(r.kcurl.execs).toEqual(r.kubectl.execs);
    expect(r.kubectl.code).toBe(1);
    expect(r.kcurl.code).toBe(1);
  });

  it('gives up after --retries attempts: "Dropping out copy after N retries"', async () => {
    const r = await bothClients(['cp', 'shell:/tmp/data.txt', 'copy.txt', '--retries=2'], -1);
    expect(r.kubectl.execs.length).toBe(3);
    expect(r.kubectl.stdout).toContain('Dropping out copy after 2 retries\n');
    expect(r.kcurl.execs).toEqual(r.kubectl.execs);
    expect(r.kcurl.stdout).toBe(r.kubectl.stdout);
    expect(r.kcurl.code).toBe(r.kubectl.code);
  });
});
