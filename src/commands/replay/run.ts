// kcurl replay FILE: a recording (.jsonl journal or HAR) turned into a bash script of curl commands
// (--to-script), a HAR file (--to-har), a read-only API server (--serve), or — by default — re-sent
// against the current context with a report of which responses differ.
import { pulledChunks } from '../../http/pushed-stream.js';
import { randomBytes } from 'node:crypto';
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Session } from '../../cli/session.js';
import { refuseOffline } from '../../plan/run-plan.js';
import { serverBase } from '../../plan/request-plan.js';
import { KCURL_VERSION } from '../../cli/session.js';
import { KcurlError, usageError } from '../../errors.js';
import { untilInterrupted } from '../../io.js';
import type { Credentials } from '../../kube/credentials-types.js';
import { curlForStep } from '../../render/curl.js';
import { shellComment } from '../../render/shell-quote.js';
import { renderPreamble } from '../../render/credential-preamble.js';
import { type Exchange, bodyBytes, headerValue } from '../../record/exchange.js';
import { toHar } from '../../record/har.js';
import { RECORDING_MODE } from '../../record/recorder.js';
import { loadRecording } from '../../record/load.js';
import { compareBodies } from '../../record/compare.js';
import { redactBody } from '../../record/redact.js';
import { convertedNote, protobufAsJson, requestAsJson } from '../../record/protobuf-json.js';
import { startReplayServer, targetOf } from '../../record/serve.js';
import { websocketCallLines, websocketProtocols } from '../../render/websocket-call.js';
import { requestLabel, shownStep } from '../../proxy/report.js';
import { checkPort, hostPort } from '../proxy/run.js';
import type { ReplayFlags } from './flags.js';
import { type RequestBlock, type Snippet, credentialModel, requestBlock } from '../../snippet/model.js';
import { LANGUAGES, type ShowSpec, parseShow } from '../../snippet/lang/show.js';

const READS = new Set(['GET', 'HEAD']);

export async function runReplay(session: Session, positionals: string[], f: ReplayFlags): Promise<number> {
  const io = session.io;
  if (positionals.length !== 1) {
    throw usageError(
      positionals.length
        ? `kcurl replay takes one recording, got ${positionals.length} arguments`
        : 'kcurl replay needs a recording: kcurl replay FILE.jsonl|FILE.har',
    );
  }
  const modes = [f.toScript ? '--to-script' : '', f.to ? '--to' : '', f.toHar ? '--to-har' : '', f.serve ? '--serve' : ''].filter(Boolean);
  if (modes.length > 1) throw usageError(`${modes.join(' and ')} cannot be combined; pick one`);
  const file = positionals[0];
  // Checked before the recording is read: a misspelt language is the usage error, whatever the file.
  const to = f.to !== undefined ? parseToLanguage(f.to) : undefined;
  const recording = await loadRecording(io, resolve(io.cwd, file), file);
  for (const w of recording.warnings) io.stderr.write(`Warning: ${w}\n`);
  const exchanges = recording.exchanges;

  if (f.toHar) return toHarFile(session, exchanges, f.toHar);
  if (f.toScript || to?.lang === 'curl') {
    io.stdout.write(renderScript(exchanges, await session.credentials(), file));
    return 0;
  }
  if (to) {
    const { renderProgram } = await import('../../snippet/lang/index.js');
    io.stdout.write(renderProgram(recordingSnippet(exchanges, await session.credentials(), file, to), to));
    return 0;
  }
  if (f.serve) return serve(session, exchanges, file, f);
  refuseOffline(session, 're-sending a recording needs the API server; with --offline use --to-script, --to-har or --serve');
  return resend(session, exchanges, f.writes);
}

function toHarFile(session: Session, exchanges: Exchange[], out: string): number {
  const path = resolve(session.io.cwd, out);
  const tmp = `${dirname(path)}/.${path.split('/').pop()}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(toHar(exchanges, KCURL_VERSION), null, 2) + '\n', { mode: RECORDING_MODE });
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT' ? 'the directory does not exist' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw new KcurlError('KCURL_INPUT', `--to-har ${out}: cannot write: ${why}`, { hint: 'choose a writable file path' });
  }
  session.io.stderr.write(`wrote ${exchanges.length} entr${exchanges.length === 1 ? 'y' : 'ies'} to ${out} (HAR 1.2)\n`);
  return 0;
}

/** The step a recorded exchange sends: its method, raw target, headers and (text) body. */
function recordedStep(ex: Exchange) {
  const body = ex.request.body ? bodyBytes(ex.request.body) : undefined;
  return shownStep({ method: ex.request.method, target: targetOf(ex.request.url), headers: ex.request.headers, body, streaming: ex.streamed });
}

export function renderScript(exchanges: readonly Exchange[], creds: Credentials, file: string): string {
  const preamble = renderPreamble(creds, { reveal: false });
  const out: string[] = [
    '#!/usr/bin/env bash',
    shellComment(`kcurl replay ${file} --to-script: ${exchanges.length} recorded request${exchanges.length === 1 ? '' : 's'}`),
  ];
  const commands = [...new Set(exchanges.map((e) => e.command).filter(Boolean))];
  for (const c of commands) out.push(shellComment(`recorded from: ${c}`));
  out.push(...preamble.lines);
  const note = convertedNote(exchanges.map((ex) => requestAsJson(ex.request.headers, ex.request.body ? bodyBytes(ex.request.body) : undefined).converted));
  if (note) out.push(shellComment(note));
  out.push('');
  exchanges.forEach((ex, i) => {
    const target = targetOf(ex.request.url);
    const label = ex.role === 'discovery' || ex.role === 'openapi' ? ex.role : requestLabel(ex.request.method, target);
    const answer = ex.response ? `${ex.response.status} ${ex.response.statusText}`.trim() : `no response (${ex.error ?? 'failed'})`;
    out.push(shellComment(`${i + 1}. ${ex.request.method} ${target}${label ? ` (${label})` : ''} → recorded ${answer}`));
    const step = recordedStep(ex);
    if (step.body?.includes('<redacted: '))
      out.push(shellComment('note: values in this body were redacted when it was recorded; record with --reveal to replay them'));
    if (ex.request.body && step.body === undefined)
      out.push(shellComment(`note: the recorded body is binary (${ex.request.body.size} bytes) and is not reproduced`));
    const protocols = websocketProtocols(ex.request.headers);
    if (protocols) out.push(...websocketCallLines(step, preamble, protocols));
    else {
      if (ex.streamed) out.push(shellComment('a stream (watch or follow): it runs until the server ends it or Ctrl-C'));
      out.push(curlForStep(step, preamble, { multiline: true }));
    }
    out.push('');
  });
  return out.join('\n').replace(/\n+$/, '\n');
}

/** --to=LANG[:FORM], read as --show reads it; curl is the --to-script form. */
function parseToLanguage(value: string): ShowSpec {
  if (value === '') throw usageError('--to needs a language: kcurl replay FILE --to=python', 'use one of ' + Object.keys(LANGUAGES).join(', '));
  try {
    return parseShow([value], undefined)[0];
  } catch (err) {
    if (err instanceof KcurlError) throw usageError(err.message.replace('for "--show" flag', 'for "--to" flag'), err.hint);
    throw err;
  }
}

/**
 * A recording as the snippet model the --show generators read: the current context's credentials, then each
 * recorded request as it was sent (its raw target, headers and text body; protobuf as its JSON), in order, with no
 * flow between them. What a program cannot send again (a WebSocket upgrade, a binary body) is a note.
 */
export function recordingSnippet(exchanges: readonly Exchange[], creds: Credentials, file: string, to: ShowSpec): Snippet {
  const notes: string[] = [];
  const commands = [...new Set(exchanges.map((e) => e.command).filter(Boolean))];
  for (const c of commands) notes.push(`recorded from: ${c}`);
  const converted = convertedNote(exchanges.map((ex) => requestAsJson(ex.request.headers, ex.request.body ? bodyBytes(ex.request.body) : undefined).converted));
  if (converted) notes.push(converted);
  const requests: RequestBlock[] = [];
  exchanges.forEach((ex, i) => {
    const target = targetOf(ex.request.url);
    if (websocketProtocols(ex.request.headers)) {
      notes.push(
        `request ${i + 1}, ${ex.request.method} ${target}, is a WebSocket upgrade (exec, attach, port-forward): the program leaves it out; kcurl replay --to-script runs it`,
      );
      return;
    }
    const step = recordedStep(ex);
    if (step.body?.includes('<redacted: '))
      notes.push(`request ${i + 1}: values in its body were redacted when it was recorded; record with --reveal to replay them`);
    if (ex.request.body && step.body === undefined)
      notes.push(`request ${i + 1}: its recorded body is binary (${ex.request.body.size} bytes) and is not reproduced`);
    const answer = ex.response ? `${ex.response.status} ${ex.response.statusText}`.trim() : `no response (${ex.error ?? 'failed'})`;
    requests.push({ ...requestBlock({ ...step, purpose: `${ex.request.method} ${target}, recorded ${answer}` }, requests.length + 1) });
  });
  return {
    command: 'kcurl replay',
    commandLine: `kcurl replay ${file} --to=${to.lang}${to.form !== LANGUAGES[to.lang][0] ? `:${to.form}` : ''}`,
    notes,
    leftOut: [],
    credentials: credentialModel(creds, { reveal: false }),
    requests,
  };
}

async function serve(session: Session, exchanges: Exchange[], file: string, f: ReplayFlags): Promise<number> {
  const io = session.io;
  const port = f.port;
  const address = f.address ?? '127.0.0.1';
  checkPort(port);
  const server = await startReplayServer(exchanges, {
    port,
    address,
    file,
    onRequest: session.options.quiet ? undefined : (line) => io.stderr.write(line + '\n'),
  });
  const url = `http://${hostPort(address, server.port)}`;
  const answered = exchanges.filter((e) => e.response).length;
  io.stdout.write(`Serving ${answered} recorded response${answered === 1 ? '' : 's'} from ${file} on ${url}\n`);
  io.stderr.write(`# read-only; point a client at it, for example: kubectl --server ${url} get pods\n`);
  await untilInterrupted(io);
  await server.close();
  return 0;
}

/** A recorded or live answer as text to compare: protobuf as the JSON it encodes. */
function asText(bytes: Uint8Array): string {
  return protobufAsJson(bytes) ?? Buffer.from(bytes).toString('utf8');
}

async function resend(session: Session, exchanges: Exchange[], writes: boolean): Promise<number> {
  const io = session.io;
  const executor = await session.executor('relay');
  // The re-sent requests go through the executor's relay, which records nothing itself: --record FILE
  // records them here.
  const recorder = await session.recorder();
  let same = 0;
  let differ = 0;
  let skipped = 0;
  for (const ex of exchanges) {
    const target = targetOf(ex.request.url);
    const what = `${ex.request.method} ${target}`;
    if (!ex.response) {
      skipped++;
      io.stdout.write(`skipped  ${what} (no recorded response: ${ex.error ?? 'failed'})\n`);
      continue;
    }
    if (ex.streamed) {
      skipped++;
      io.stdout.write(`skipped  ${what} (a stream)\n`);
      continue;
    }
    if (!writes && !READS.has(ex.request.method.toUpperCase())) {
      skipped++;
      io.stdout.write(`skipped  ${what} (a write; --writes sends it again)\n`);
      continue;
    }
    // The request the script would send: headers and body as shown (protobuf as its JSON equivalent).
    const step = recordedStep(ex);
    const body = step.body !== undefined ? Buffer.from(step.body, 'utf8') : ex.request.body ? bodyBytes(ex.request.body) : undefined;
    const started = performance.now();
    let res;
    try {
      res = await executor.relay({ method: ex.request.method, target, headers: step.headers, body });
    } catch (err) {
      const rec = recorder?.begin({
        method: ex.request.method,
        url: serverBase((await session.credentials()).server.value) + target,
        headers: step.headers,
        body,
        stream: false,
        role: ex.role,
        startedAt: started,
      });
      rec?.end((err as Error).message);
      // The relay hands back Node's own failure (the proxy needs it for its 502); here it is one line with the cause.
      const { networkError } = await import('../../http/execute.js');
      throw networkError(err, await session.credentials(), 0);
    }
    const rec = recorder?.begin({ method: ex.request.method, url: res.url, headers: res.sentHeaders, body, stream: false, role: ex.role, startedAt: started });
    rec?.response({ status: res.status, statusText: res.statusText, headers: res.headers });
    const chunks: Buffer[] = [];
    try {
      for await (const c of pulledChunks(res)) chunks.push(Buffer.from(c));
    } catch (err) {
      rec?.end((err as Error).message);
      throw err;
    }
    const liveBytes = Buffer.concat(chunks);
    rec?.body(liveBytes);
    rec?.end();
    const kept = ex.revealed ? liveBytes : redactBody(liveBytes, { path: target.split('?')[0], contentType: headerValue(res.headers, 'content-type') });
    const live = typeof kept === 'string' ? kept : asText(kept);
    const recorded = asText(bodyBytes(ex.response.body));
    const problems: string[] = [];
    if (res.status !== ex.response.status) problems.push(`status ${ex.response.status} → ${res.status}`);
    else {
      const cmp = compareBodies(recorded, live);
      if (!cmp.same) problems.push(...cmp.differences);
    }
    if (problems.length) {
      differ++;
      io.stdout.write(`differs  ${what}  ${problems.join('; ')}\n`);
    } else {
      same++;
      io.stdout.write(`same     ${what}  ${res.status}\n`);
    }
  }
  io.stdout.write(`${same} same, ${differ} differ, ${skipped} skipped\n`);
  return differ ? 1 : 0;
}
