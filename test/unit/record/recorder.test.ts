// The recorder's two formats: the .jsonl journal (written as things happen, torn last line tolerated,
// foreign or damaged lines named) and HAR 1.2 (valid per the spec, written atomically, read back).
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatError } from '../../../src/errors.js';
import { parseHar } from '../../../src/record/har.js';
import { parseJournal } from '../../../src/record/journal.js';
import { Recorder } from '../../../src/record/recorder.js';
import { harErrors } from './har-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'kcurl-recorder-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'tok-0123456789abcdef';
const SECRET = Buffer.from('s3cret-value').toString('base64');
const options = {
  reveal: false,
  command: 'kcurl get secrets',
  credentials: 'kubeconfig context "c"; bearer token from users["u"].user.token in /k',
  version: '0.1.0',
};

function recordSample(r: Recorder) {
  const a = r.begin({
    method: 'GET',
    url: 'https://h:6443/api/v1/namespaces/default/secrets/s',
    headers: [
      ['accept', 'application/json'],
      ['authorization', `Bearer ${TOKEN}`],
    ],
    stream: false,
    role: 'call',
  });
  a.response({ status: 200, statusText: 'OK', headers: [['content-type', 'application/json']] });
  a.body(JSON.stringify({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { password: SECRET } }) + '\n');
  a.end();
  const w = r.begin({
    method: 'GET',
    url: 'https://h:6443/api/v1/namespaces/default/secrets?watch=true',
    headers: [['authorization', `Bearer ${TOKEN}`]],
    stream: true,
  });
  w.response({
    status: 200,
    statusText: 'OK',
    headers: [
      ['content-type', 'application/json'],
      ['transfer-encoding', 'chunked'],
    ],
  });
  const ev = JSON.stringify({ type: 'ADDED', object: { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { password: SECRET } } }) + '\n';
  w.chunk(Buffer.from(ev.slice(0, 20)));
  w.chunk(Buffer.from(ev.slice(20)));
  return { watch: w, event: ev };
}

describe('journal (.jsonl)', () => {
  it('writes each exchange and each streamed chunk as it happens, redacted, and loads them back', () => {
    const path = join(dir, 'a.jsonl');
    const r = Recorder.open(path, options);
    const { watch } = recordSample(r);
    // Before the stream ends, everything so far is already in the file.
    const partial = parseJournal(readFileSync(path, 'utf8'), path);
    expect(partial.exchanges).toHaveLength(2);
    expect(partial.exchanges[1].complete).toBe(false);
    expect(partial.exchanges[1].response?.body.text).toContain('<redacted: Secret data value, 12 bytes>');
    watch.end();
    r.close();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    const { exchanges, warnings } = parseJournal(text, path);
    expect(warnings).toEqual([]);
    expect(exchanges.map((e) => [e.request.method, e.request.url, e.complete, e.streamed])).toEqual([
      ['GET', 'https://h:6443/api/v1/namespaces/default/secrets/s', true, false],
      ['GET', 'https://h:6443/api/v1/namespaces/default/secrets?watch=true', true, true],
    ]);
    expect(exchanges[0].request.headers).toContainEqual(['authorization', '<redacted: bearer token>']);
    expect(exchanges[0].command).toBe('kcurl get secrets');
    expect(exchanges[0].credentials).toContain('users["u"].user.token');
    expect(JSON.parse(exchanges[1].response!.body.text).object.data.password).toBe('<redacted: Secret data value, 12 bytes>');
  });

  it('skips a torn last line with a warning naming the file and line', () => {
    const path = join(dir, 'torn.jsonl');
    const r = Recorder.open(path, options);
    recordSample(r);
    appendFileSync(path, '{"record":"chunk","id":"x","da');
    const { exchanges, warnings } = parseJournal(readFileSync(path, 'utf8'), path);
    expect(exchanges).toHaveLength(2);
    const lines = readFileSync(path, 'utf8').split('\n').length;
    expect(warnings).toEqual([`${path}:${lines}: skipping an incomplete last line (the recording was cut off while writing it)`]);
  });

  it('appends to an existing journal with one header', () => {
    const path = join(dir, 'append.jsonl');
    Recorder.open(path, options).close();
    const r = Recorder.open(path, options);
    recordSample(r).watch.end();
    r.close();
    const text = readFileSync(path, 'utf8');
    expect(text.match(/kcurl-journal/g)).toHaveLength(1);
    expect(parseJournal(text, path).exchanges).toHaveLength(2);
  });

  it.each([
    ['a foreign JSONL file', '{"level":"info","msg":"hello"}\n', 'f.jsonl:1: not a kcurl journal record (no "record" field)'],
    ['a damaged middle line', '{"record":"kcurl-journal","version":1}\n{oops\n{"record":"kcurl-journal","version":1}\n', 'f.jsonl:2: not valid JSON'],
    [
      'a chunk for an unknown stream',
      '{"record":"kcurl-journal","version":1}\n{"record":"chunk","id":"nope","data":"x"}\n',
      'f.jsonl:2: chunk for unknown stream "nope"',
    ],
    ['another version', '{"record":"kcurl-journal","version":7}\n', 'f.jsonl:1: journal version 7 is not supported'],
  ])('rejects %s naming the line', (_name, text, message) => {
    expect(() => parseJournal(text, 'f.jsonl')).toThrow(message);
  });

  it('--reveal keeps the values', () => {
    const path = join(dir, 'reveal.jsonl');
    const r = Recorder.open(path, { ...options, reveal: true });
    recordSample(r).watch.end();
    r.close();
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(TOKEN);
    expect(text).toContain(SECRET);
  });
});

describe('HAR', () => {
  it('is valid HAR 1.2, written atomically at close, with kcurl fields under _kcurl', () => {
    const path = join(dir, 'a.har');
    writeFileSync(path, '{"previous": true}');
    const r = Recorder.open(path, options);
    recordSample(r).watch.end();
    // Until the run ends the previous file is untouched and no temp file is left behind.
    expect(readFileSync(path, 'utf8')).toBe('{"previous": true}');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    r.close();
    const text = readFileSync(path, 'utf8');
    const doc = JSON.parse(text);
    expect(harErrors(doc)).toEqual([]);
    expect(doc.log.entries).toHaveLength(2);
    expect(doc.log.entries[0]._kcurl).toMatchObject({ command: 'kcurl get secrets', streamed: false, complete: true });
    expect(doc.log.entries[0].request.queryString).toEqual([]);
    expect(doc.log.entries[1].request.queryString).toEqual([{ name: 'watch', value: 'true' }]);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const back = parseHar(text, path);
    expect(back.map((e) => e.request.url)).toEqual(doc.log.entries.map((e: { request: { url: string } }) => e.request.url));
    expect(back[1].streamed).toBe(true);
  });

  it('records a failed request (no response) as status 0 with the error', () => {
    const path = join(dir, 'fail.har');
    const r = Recorder.open(path, options);
    r.begin({ method: 'GET', url: 'https://127.0.0.1:1/api', headers: [], stream: false }).end('connection refused');
    r.close();
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect(harErrors(doc)).toEqual([]);
    expect(doc.log.entries[0].response.status).toBe(0);
    expect(doc.log.entries[0]._kcurl.error).toBe('connection refused');
    expect(parseHar(JSON.stringify(doc), path)[0].response).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"log": ', 'x.har: not valid JSON'],
    ['no log', '{"entries": []}', 'x.har: not a HAR file (no "log" object)'],
    [
      'an entry without a URL',
      JSON.stringify({
        log: {
          version: '1.2',
          entries: [
            { request: { method: 'GET', url: 'https://a/x', headers: [] }, response: { status: 200, headers: [], content: {} } },
            { request: { method: 'GET', headers: [] } },
          ],
        },
      }),
      'x.har: log.entries[1].request.url is missing or invalid',
    ],
  ])('rejects %s naming the entry', (_name, text, message) => {
    expect(() => parseHar(text, 'x.har')).toThrow(message);
  });
});

describe('Recorder.open', () => {
  it.each([
    ['a missing directory', join(dir, 'no-such-dir', 'x.jsonl'), 'the directory does not exist'],
    ['an existing directory', join(dir, 'sub.har'), 'it is a directory'],
  ])('fails before anything is recorded for %s', (_name, path, why) => {
    mkdirSync(join(dir, 'sub.har'), { recursive: true });
    let err: unknown;
    try {
      Recorder.open(path, options);
    } catch (e) {
      err = e;
    }
    expect(formatError(err)).toBe(`error: --record ${path}: cannot write the recording: ${why}; choose a writable file path; nothing was sent`);
  });

  it('names the accepted extensions', () => {
    expect(() => Recorder.open(join(dir, 'x.json'), options)).toThrow('the file name must end in .jsonl (a journal written as it happens) or .har (HAR 1.2)');
  });
});
