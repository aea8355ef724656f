// kcurl record -- COMMAND ARGS…: runs a client (kubectl, a script, anything that reads $KUBECONFIG)
// against an ephemeral recording proxy on 127.0.0.1 through a temporary kubeconfig, then prints every
// REST call it made as the REST call and a runnable curl line, discovery labelled. The proxy serves HTTPS
// with a certificate from a CA made for this run and written into the kubeconfig, so clients that refuse
// plain HTTP (the official JavaScript and Python clients) record unchanged; the client sends no
// credentials, the proxy adds the resolved ones. Exit code: the client's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '../../cli/session.js';
import { refuseOffline } from '../../plan/run-plan.js';
import { serverBase } from '../../plan/request-plan.js';
import type { Credentials } from '../../kube/credentials-types.js';
import { KcurlError, usageError } from '../../errors.js';
import { renderPreamble } from '../../render/credential-preamble.js';
import { commandLineText } from '../../render/command-line.js';
import { shellComment } from '../../render/shell-quote.js';
import { redactRelayedBody } from '../../record/redact.js';
import { convertedNote, requestAsJson } from '../../record/protobuf-json.js';
import { curlLine, requestLabel, shownStep } from '../../proxy/report.js';
import { websocketCallLines, websocketProtocols } from '../../render/websocket-call.js';
import { type RelayedInfo, startProxyServer } from '../../proxy/server.js';
import type { CertKeyPair } from '../../pki/pki.js';
import type { RecordFlags } from './flags.js';
import { renderRbac, serviceAccountSubject } from '../rbac/derive.js';

/**
 * A kubeconfig pointing at the proxy over HTTPS: its certificate as the CA, no credentials (the proxy adds
 * them; the client certificate is never asked for, see recordingTls), the current namespace kept.
 */
export function proxyKubeconfig(proxyUrl: string, namespace: string, tls: RecordingTls): string {
  const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kcurl-record',
    '  cluster:',
    `    server: ${JSON.stringify(proxyUrl)}`,
    `    certificate-authority-data: ${b64(tls.server.certPem)}`,
    'users:',
    '- name: kcurl-record',
    '  user:',
    `    client-certificate-data: ${b64(tls.client.certPem)}`,
    `    client-key-data: ${b64(tls.client.keyPem)}`,
    'contexts:',
    '- name: kcurl-record',
    '  context:',
    '    cluster: kcurl-record',
    '    user: kcurl-record',
    `    namespace: ${JSON.stringify(namespace)}`,
    'current-context: kcurl-record',
    '',
  ].join('\n');
}

export async function runRecord(session: Session, positionals: string[], rest: string[], opts: RecordFlags): Promise<number> {
  const io = session.io;
  const argv = rest.length ? rest : positionals;
  if (!argv.length) throw usageError('kcurl record needs the command to run after --', 'for example: kcurl record -- kubectl get pods');
  refuseOffline(session, 'kcurl record runs a client against the API server; it cannot run with --offline');
  serviceAccountSubject(opts.forServiceaccount); // a malformed --for-serviceaccount fails before the client runs
  const creds = await session.credentials();
  const recorder = await session.recorder();
  const executor = await session.executor('relay');
  const calls: RelayedInfo[] = [];
  const tls = await recordingTls();
  const proxy = await startProxyServer({
    port: 0,
    address: '127.0.0.1',
    apiPrefix: '/',
    wwwPrefix: '/static/',
    executor,
    serverUrl: creds.server.value,
    recorder,
    tls: tls.server,
    onRelayed: (info) => void calls.push(info),
  });
  const dir = mkdtempSync(join(tmpdir(), 'kcurl-record-'));
  let code: number;
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, proxyKubeconfig(`https://127.0.0.1:${proxy.port}`, creds.namespace.value, tls), { mode: 0o600 });
    // A fresh discovery cache, so the recording shows the discovery a first run makes and leaves no
    // cache directories for the ephemeral port behind.
    const env = { ...io.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') };
    code = await runClient(argv, env, io.onInterrupt);
  } finally {
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!session.options.quiet) io.stderr.write(renderCalls(argv, calls, creds, session.options.reveal));
  if (opts.rbac) {
    io.stderr.write('\n' + renderRbac(calls, opts, commandLineText(argv)) + '\n');
  }
  return code;
}

/** The TLS material of one run: the proxy's certificate and the identity the client's kubeconfig carries. */
interface RecordingTls {
  server: CertKeyPair;
  client: CertKeyPair;
}

/**
 * Self-signed certificates made for one run (their keys live only in this process and the temporary
 * kubeconfig): the proxy's for 127.0.0.1 and localhost, which the kubeconfig names as the cluster CA, and a
 * client certificate the proxy never asks for. It is there because kubectl prompts for a user name when an
 * HTTPS cluster's user has no credentials, and a token or user name would be sent, and relayed in place of
 * the real credentials; a client certificate is sent only when the server requests one.
 */
async function recordingTls(): Promise<RecordingTls> {
  const { createSelfSignedCert } = await import('../../pki/self-signed.js');
  const names = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], validHours: 24 };
  return {
    server: createSelfSignedCert({ commonName: 'kcurl-record', ...names, usage: 'server' }),
    client: createSelfSignedCert({ commonName: 'kcurl-record-client', dnsNames: [], ipAddresses: [], validHours: 24, usage: 'client' }),
  };
}

/** The signals kcurl passes on to the client it runs. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function runClient(argv: string[], env: Record<string, string | undefined>, onInterrupt: Session['io']['onInterrupt']): Promise<number> {
  return new Promise((resolve, reject) => {
    // SIGINT, SIGTERM and SIGHUP sent to kcurl are passed on to the client, and kcurl keeps running until
    // the client exits, so the recording is written and the report printed whatever ended the client.
    // A Ctrl-C typed in the terminal reaches the client twice (from the terminal's process group and from
    // kcurl), as under `npm run`; the client stays in the terminal's process group so it can still read it.
    // The handler is in place before the client starts: a signal sent as soon as the client shows signs of
    // life must find kcurl listening, however late kcurl is scheduled after the spawn.
    let child: ReturnType<typeof spawn> | undefined;
    const remove = onInterrupt((signal) => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal ?? 'SIGTERM');
    }, FORWARDED_SIGNALS);
    // The client owns the terminal: its stdin, output and prompts pass straight through.
    child = spawn(argv[0], argv.slice(1), { env: env as NodeJS.ProcessEnv, stdio: 'inherit' });
    child.once('error', (err: NodeJS.ErrnoException) => {
      remove();
      const why = err.code === 'ENOENT' ? 'not found on PATH' : err.code === 'EACCES' ? 'permission denied' : err.message;
      reject(
        new KcurlError('KCURL_USAGE', `kcurl record: cannot run ${JSON.stringify(argv[0])}: ${why}`, {
          hint: 'give the client program and its arguments after --',
        }),
      );
    });
    child.once('exit', (code, signal) => {
      remove();
      // Killed by a signal: the shell's convention, 128 + its number.
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1));
    });
  });
}

/**
 * The report printed after the client exits: the preamble once, then each call and its curl line. The
 * client's command line, paths, status texts and errors are the client's and the server's data: they are
 * printed as comment lines (shellComment) and shell-quoted words only, and credential flags of the client's
 * command line and Secret values in request bodies are redacted unless --reveal. Protobuf requests are shown
 * as their JSON equivalent, said once above the calls; a WebSocket upgrade (exec, attach, port-forward) as its
 * handshake and a client that speaks the protocol (websocket-call.ts).
 */
export function renderCalls(argv: string[], calls: readonly RelayedInfo[], creds: Credentials, reveal: boolean): string {
  const out: string[] = [];
  const n = calls.length;
  out.push('', shellComment(`${commandLineText(argv)} made ${n} REST call${n === 1 ? '' : 's'}`));
  if (!n) return out.join('\n') + '\n';
  const preamble = renderPreamble(creds, { reveal });
  const server = serverBase(creds.server.value);
  out.push(...preamble.lines);
  const shown = calls.map((c) => (reveal ? c : redactRelayedBody(c)));
  const note = convertedNote(shown.map((c) => requestAsJson(c.headers, c.body).converted));
  if (note) out.push(shellComment(note));
  calls.forEach((c, i) => {
    const label = requestLabel(c.method, c.target);
    const status = c.error ? `${c.status} ${c.statusText} (${c.error})` : `${c.status} ${c.statusText}`;
    out.push('', shellComment(`${i + 1}. ${c.method} ${server}${c.target}${label ? ` (${label})` : ''} → ${status}`));
    const protocols = websocketProtocols(c.headers);
    if (protocols) out.push(...websocketCallLines(shownStep(shown[i]), preamble, protocols));
    else out.push(curlLine(shown[i], creds, preamble));
  });
  return out.join('\n') + '\n';
}
