// A damaged or hand-edited journal is refused with one KcurlError line, never an internal error: any field
// of an exchange record replaced by any JSON value either loads (and converts to a script and a HAR) or
// is named in the error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KcurlError } from '../../../src/errors.js';
import { renderScript } from '../../../src/commands/replay/run.js';
import { bodyBytes, type Exchange } from '../../../src/record/exchange.js';
import { toHar } from '../../../src/record/har.js';
import { parseJournal } from '../../../src/record/journal.js';
import { kindCredentials } from '../../helpers/credentials.js';

/** What replay does with a loaded recording: a script, a HAR, the bodies --serve and re-sending read. */
function convert(exchanges: Exchange[], file: string): void {
  renderScript(exchanges, kindCredentials(), file);
  JSON.stringify(toHar(exchanges, '0'));
  for (const ex of exchanges) {
    bodyBytes(ex.request.body);
    bodyBytes(ex.response?.body);
  }
}

const valid = {
  record: 'exchange',
  id: 'a-1',
  startedDateTime: '2026-01-01T00:00:00.000Z',
  command: 'kcurl get pods',
  credentials: 'kubeconfig',
  client: 'kcurl',
  request: { method: 'GET', url: 'https://h/api/v1/pods', headers: [['Accept', 'application/json']] },
  response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'application/json']], body: { text: '{}', size: 2 } },
  timings: { waitMs: 1, receiveMs: 1 },
  streamed: false,
  complete: true,
};

const paths = [
  'id',
  'command',
  'credentials',
  'client',
  'startedDateTime',
  'timings',
  'streamed',
  'request',
  'request.method',
  'request.url',
  'request.headers',
  'request.body',
  'response',
  'response.status',
  'response.statusText',
  'response.headers',
  'response.body',
  'response.body.text',
  'response.body.size',
];

function withField(path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(valid) as Record<string, any>;
  const keys = path.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k];
  if (value === undefined) delete at[keys[keys.length - 1]];
  else at[keys[keys.length - 1]] = value;
  return copy;
}

describe('a damaged journal record', () => {
  it('loads and converts, or is refused with a KcurlError naming the line', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.option(fc.jsonValue(), { nil: undefined }), (path, value) => {
        const text = `{"record":"kcurl-journal","version":1}\n${JSON.stringify(withField(path, value))}\n`;
        try {
          const { exchanges } = parseJournal(text, 'x.jsonl');
          convert(exchanges, 'x.jsonl');
        } catch (e) {
          expect(e).toBeInstanceOf(KcurlError);
          expect((e as Error).message).toMatch(/^x\.jsonl:2: /);
        }
      }),
      { numRuns: 500 },
    );
  });
});

const harEntry = {
  startedDateTime: '2026-01-01T00:00:00.000Z',
  time: 1,
  request: {
    method: 'GET',
    url: 'https://h/api/v1/pods',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [{ name: 'Accept', value: 'application/json' }],
    queryString: [],
    headersSize: -1,
    bodySize: 0,
    postData: { mimeType: 'application/json', text: '{}' },
  },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [],
    content: { size: 2, mimeType: 'application/json', text: '{}' },
    redirectURL: '',
    headersSize: -1,
    bodySize: 2,
  },
  cache: {},
  timings: { send: 0, wait: 1, receive: 0 },
  _kcurl: { id: 'a-1', command: 'kcurl get pods', credentials: 'kubeconfig', client: 'kcurl', role: 'call', streamed: false, complete: true },
};

const harPaths = [
  'startedDateTime',
  'request.method',
  'request.url',
  'request.headers',
  'request.bodySize',
  'request.postData',
  'request.postData.text',
  'request.postData._encoding',
  'response',
  'response.status',
  'response.statusText',
  'response.headers',
  'response.content',
  'response.content.text',
  'response.content.size',
  'response.content.encoding',
  'timings',
  'timings.wait',
  '_kcurl',
  '_kcurl.id',
  '_kcurl.command',
  '_kcurl.role',
  '_kcurl.streamed',
  '_kcurl.error',
];

describe('a damaged HAR entry', () => {
  it('loads and converts, or is refused with a KcurlError naming the entry', async () => {
    const { parseHar } = await import('../../../src/record/har.js');
    fc.assert(
      fc.property(fc.constantFrom(...harPaths), fc.option(fc.jsonValue(), { nil: undefined }), (path, value) => {
        const entry = structuredClone(harEntry) as Record<string, any>;
        const keys = path.split('.');
        let at = entry;
        for (const k of keys.slice(0, -1)) at = at[k];
        if (value === undefined) delete at[keys[keys.length - 1]];
        else at[keys[keys.length - 1]] = value;
        const text = JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } });
        try {
          const exchanges = parseHar(text, 'x.har');
          convert(exchanges, 'x.har');
        } catch (e) {
          expect(e, String((e as Error).stack)).toBeInstanceOf(KcurlError);
          expect((e as Error).message).toMatch(/^x\.har: log\.entries\[0\]/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
