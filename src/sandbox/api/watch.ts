// Watches: a chunked stream of `{"type":…,"object":…}` lines. Starts from a resourceVersion (replaying
// the event ring buffer; 410 Expired as an ERROR event when it has moved on) or, without one or with "0",
// with synthetic ADDED events for the current state. Selectors turn MODIFIED into ADDED/DELETED as objects
// enter or leave the selection; BOOKMARKs, timeoutSeconds and Table-formatted events as kube-apiserver does.
import { expired } from '../api-error.js';
import { storageKey } from '../conversion.js';
import type { ApiServer } from '../api-server.js';
import { realClock } from '../clock.js';
import { negotiate } from '../negotiation.js';
import { groupVersionOf } from '../registry.js';
import { baseHeaders } from '../respond.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import { parseBool } from '../request-info.js';
import { asServedVersion, asTable, includeObjectParam, selection } from './reads.js';
import type { ResourceRequest } from './resources.js';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export function watchObjects(api: ApiServer, r: ResourceRequest): void {
  const n = negotiate(r.req.headers.accept, ['Table']);
  const include = n.transform === 'Table' ? includeObjectParam(r.query) : 'Metadata';
  const sel = selection(r);
  const def = r.def;
  const stored = storageKey(def);
  const namespace = def.namespaced && r.namespace ? r.namespace : undefined;
  const name = r.name || undefined;
  const rvParam = r.query.get('resourceVersion');
  const bookmarks = parseBool(r.query.get('allowWatchBookmarks')) === true;
  const sendInitialEvents = parseBool(r.query.get('sendInitialEvents')) === true;
  const timeoutParam = Number(r.query.get('timeoutSeconds'));
  // kube-apiserver closes a watch after --min-request-timeout (1800 s) times a random factor in [1, 2).
  const timeoutSeconds = Number.isFinite(timeoutParam) && timeoutParam > 0 ? timeoutParam : 1800 * (1 + Math.random());
  let from: number | undefined;
  if (rvParam && rvParam !== '0') {
    from = Number(rvParam);
    if (!Number.isInteger(from) || from < 0) throw expired(`too old resource version: ${rvParam} (${api.store.resourceVersion})`);
  }

  const inScope = (obj: KubeObject) => (!namespace || obj.metadata.namespace === namespace) && (!name || obj.metadata.name === name) && sel.matches(obj);

  const res = r.res;
  r.req.resume();
  baseHeaders(res);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.writeHead(200);
  res.flushHeaders();

  let headersSent = false;
  const encode = (type: EventType, obj: unknown): string => {
    let object = obj;
    if (n.transform === 'Table' && type !== 'BOOKMARK' && type !== 'ERROR') {
      const table = asTable(api, def, [obj as KubeObject], include) as unknown as Record<string, unknown>;
      table.metadata = { resourceVersion: (obj as KubeObject).metadata.resourceVersion };
      // Only the first event carries column definitions (watchEmbeddedEncoder sets NoHeaders after it).
      if (headersSent) table.columnDefinitions = null;
      headersSent = true;
      object = table;
    }
    return JSON.stringify({ type, object }) + '\n';
  };
  const write = (type: EventType, obj: unknown) => {
    if (!res.writableEnded) res.write(encode(type, type === 'ERROR' || type === 'BOOKMARK' ? obj : asServedVersion(def, obj as KubeObject)));
  };
  const bookmark = (annotations?: Record<string, string>) => {
    const metadata: Record<string, unknown> = { resourceVersion: String(api.store.resourceVersion), creationTimestamp: null };
    if (annotations) metadata.annotations = annotations;
    write('BOOKMARK', { kind: def.kind, apiVersion: groupVersionOf(def), metadata });
  };

  const deliver = (e: StoreEvent) => {
    if (e.group !== stored.group || e.resource !== stored.resource) return;
    if (from !== undefined && e.rv <= from) return;
    const now = inScope(e.object);
    const before = e.previous ? inScope(e.previous) : false;
    if (e.type === 'ADDED') {
      if (now) write('ADDED', e.object);
    } else if (e.type === 'MODIFIED') {
      if (now && before) write('MODIFIED', e.object);
      else if (now) write('ADDED', e.object);
      else if (before) write('DELETED', { ...(e.previous as KubeObject), metadata: { ...(e.previous as KubeObject).metadata, resourceVersion: String(e.rv) } });
    } else if (before || now) write('DELETED', e.object);
  };

  // Everything below runs in one tick: the initial state and the subscription cannot miss an event.
  if (from === undefined) {
    for (const obj of api.store.list(stored, namespace)) if (inScope(obj)) write('ADDED', obj);
    if (sendInitialEvents && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const history = api.store.eventsSince(from);
    if ('expired' in history) {
      write('ERROR', expired(`too old resource version: ${from} (${history.oldest})`).toStatus());
      res.end();
      return;
    }
    for (const e of history.events) deliver(e);
  }
  const unsubscribe = api.store.subscribe(deliver);
  const untrack = api.trackStream(res);
  const interval = api.opts.bookmarkIntervalMs ?? 60_000;
  const clock = api.opts.clock ?? realClock;
  const bookmarkTimer = bookmarks ? clock.setInterval(() => bookmark(), interval) : undefined;
  const timeout = clock.setTimeout(() => {
    if (bookmarks) bookmark();
    res.end();
  }, timeoutSeconds * 1000);
  const cleanup = () => {
    unsubscribe();
    untrack();
    clock.clearTimeout(timeout);
    clock.clearInterval(bookmarkTimer);
  };
  // 'close' also fires when the client goes away mid-stream.
  res.on('close', cleanup);
  res.on('finish', cleanup);
}
