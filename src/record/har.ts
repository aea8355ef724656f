// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): converting recorded exchanges to a HAR log
// that browser devtools, Postman, Insomnia and httpsnippet open, and reading HAR files back for replay.
// kcurl's own fields (command line, credential source, stream state) go under "_kcurl", as the spec
// allows for custom fields.
import { inputError } from '../errors.js';
import { checkExchangeSyntax } from './check.js';
import { type Exchange, type RecordedBody, headerValue } from './exchange.js';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; params: HarNameValue[]; _encoding?: 'base64' };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; encoding?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _kcurl: {
    id: string;
    command: string;
    credentials: string;
    client: string;
    role?: string;
    streamed: boolean;
    complete: boolean;
    error?: string;
    revealed?: boolean;
  };
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

const round = (ms: number) => Math.max(0, Math.round(ms * 1000) / 1000);

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

export function exchangeToHarEntry(ex: Exchange): HarEntry {
  const reqBody = ex.request.body;
  const res = ex.response;
  const entry: HarEntry = {
    startedDateTime: ex.startedDateTime,
    time: round(ex.timings.waitMs + ex.timings.receiveMs),
    request: {
      method: ex.request.method,
      url: ex.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: ex.request.headers.map(([name, value]) => ({ name, value })),
      queryString: queryString(ex.request.url),
      headersSize: -1,
      bodySize: reqBody ? reqBody.size : 0,
    },
    response: {
      status: res?.status ?? 0,
      statusText: res?.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (res?.headers ?? []).map(([name, value]) => ({ name, value })),
      content: {
        size: res?.body.size ?? 0,
        mimeType: (res && headerValue(res.headers, 'content-type')) ?? 'x-unknown',
        text: res?.body.text ?? '',
        ...(res?.body.encoding ? { encoding: res.body.encoding } : {}),
      },
      redirectURL: (res && headerValue(res.headers, 'location')) ?? '',
      headersSize: -1,
      bodySize: res ? res.body.size : -1,
      ...(ex.error !== undefined && !res ? { _error: ex.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: round(ex.timings.waitMs), receive: round(ex.timings.receiveMs) },
    _kcurl: {
      id: ex.id,
      command: ex.command,
      credentials: ex.credentials,
      client: ex.client,
      ...(ex.role ? { role: ex.role } : {}),
      streamed: ex.streamed,
      complete: ex.complete,
      ...(ex.error !== undefined ? { error: ex.error } : {}),
      ...(ex.revealed ? { revealed: true } : {}),
    },
  };
  if (reqBody) {
    entry.request.postData = {
      mimeType: headerValue(ex.request.headers, 'content-type') ?? 'application/octet-stream',
      text: reqBody.text,
      params: [],
      ...(reqBody.encoding ? { _encoding: reqBody.encoding } : {}),
    };
  }
  return entry;
}

export function toHar(exchanges: readonly Exchange[], version: string): Har {
  return { log: { version: '1.2', creator: { name: 'kcurl', version }, entries: exchanges.map(exchangeToHarEntry) } };
}

/** Reads a HAR document (kcurl's or another tool's) into exchanges, naming the first bad entry. */
export function parseHar(text: string, file: string): Exchange[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw inputError(`${file}: not valid JSON (${(err as Error).message})`, 'a HAR file is one JSON document; was it cut off or edited?');
  }
  const log = (doc as { log?: { version?: unknown; entries?: unknown } } | null)?.log;
  if (!log || typeof log !== 'object')
    throw inputError(`${file}: not a HAR file (no "log" object)`, 'kcurl replay reads HAR 1.2 files and --record .jsonl journals');
  if (!Array.isArray(log.entries)) throw inputError(`${file}: log.entries is missing or not an array`);
  return log.entries.map((e: unknown, i: number) => {
    const where = `${file}: log.entries[${i}]`;
    const ex = harEntryToExchange(e, where, i);
    checkExchangeSyntax(ex, where);
    return ex;
  });
}

const finite = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

function harEntryToExchange(e: unknown, where: string, index: number): Exchange {
  const entry = e as Partial<HarEntry> | null;
  const bad = (field: string) => inputError(`${where}.${field} is missing or invalid`, 'the HAR entry does not follow HAR 1.2');
  if (!entry || typeof entry !== 'object') throw inputError(`${where} is not an object`);
  const req = entry.request;
  if (!req || typeof req.method !== 'string') throw bad('request.method');
  if (typeof req.url !== 'string') throw bad('request.url');
  try {
    new URL(req.url);
  } catch {
    throw bad('request.url');
  }
  if (!Array.isArray(req.headers)) throw bad('request.headers');
  const res = entry.response;
  if (!res || typeof res.status !== 'number') throw bad('response.status');
  if (!Array.isArray(res.headers)) throw bad('response.headers');
  if (!res.content || typeof res.content !== 'object') throw bad('response.content');
  if (res.content.text !== undefined && typeof res.content.text !== 'string') throw bad('response.content.text');
  const pairs = (list: HarNameValue[], field: string): [string, string][] =>
    list.map((h, j) => {
      if (!h || typeof h.name !== 'string' || typeof h.value !== 'string') throw bad(`${field}[${j}]`);
      return [h.name, h.value];
    });
  const body = (text: string | undefined, encoding: string | undefined, size: number | undefined): RecordedBody => {
    const t = text ?? '';
    const enc = encoding === 'base64' ? ('base64' as const) : undefined;
    const known = typeof size === 'number' && Number.isFinite(size) && size >= 0;
    return { text: t, ...(enc ? { encoding: enc } : {}), size: known ? size : enc ? Buffer.from(t, 'base64').length : Buffer.byteLength(t) };
  };
  const k = entry._kcurl;
  const failed = res.status === 0;
  return {
    id: k?.id ?? `har-${index + 1}`,
    startedDateTime: typeof entry.startedDateTime === 'string' ? entry.startedDateTime : '',
    command: typeof k?.command === 'string' ? k.command : '',
    credentials: typeof k?.credentials === 'string' ? k.credentials : '',
    client: typeof k?.client === 'string' ? k.client : '',
    role: k?.role,
    request: {
      method: req.method,
      url: req.url,
      headers: pairs(req.headers, 'request.headers'),
      ...(req.postData && typeof req.postData.text === 'string' ? { body: body(req.postData.text, req.postData._encoding, req.bodySize) } : {}),
    },
    ...(failed
      ? {}
      : {
          response: {
            status: res.status,
            statusText: typeof res.statusText === 'string' ? res.statusText : '',
            headers: pairs(res.headers, 'response.headers'),
            body: body(res.content.text, res.content.encoding, res.content.size),
          },
        }),
    timings: { waitMs: finite(entry.timings?.wait), receiveMs: finite(entry.timings?.receive) },
    streamed: k?.streamed ?? false,
    complete: k?.complete ?? true,
    ...(k?.error !== undefined ? { error: k.error } : failed ? { error: res._error ?? 'no response' } : {}),
    ...(k?.revealed ? { revealed: true } : {}),
  };
}
