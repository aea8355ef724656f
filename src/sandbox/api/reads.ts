// GET of one object and LIST of a collection: label/field selectors, `limit`/`continue` paging with
// opaque continue tokens and remainingItemCount, and the Table / PartialObjectMetadata forms.
import { badRequest, expired, notFound } from '../api-error.js';
import { servedObject, storageKey } from '../conversion.js';
import type { ApiServer } from '../api-server.js';
import { negotiate, type Negotiated } from '../negotiation.js';
import { tableFor, tableRowJson, type CustomColumn } from '../printers/tables.js';
import { groupVersionOf, type ResourceDef } from '../registry.js';
import { sendObject } from '../respond.js';
import { fieldMatcher, labelMatcher } from '../selectors.js';
import type { KubeObject, MetaTable } from '../types.js';
import type { ResourceRequest } from './resources.js';

const gr = storageKey;

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObjectParam(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  if (v === null || v === '' || v === 'Metadata') return 'Metadata';
  if (v === 'None' || v === 'Object') return v;
  throw badRequest(
    `Unable to convert to Table as requested: includeObject: Unsupported value: ${JSON.stringify(v)}: supported values: "Metadata", "None", "Object"`,
  );
}

/** A Table of `objs` with the kind's columns (a CRD's additionalPrinterColumns for custom resources). */
export function asTable(api: ApiServer, def: ResourceDef, objs: KubeObject[], include: IncludeObject): MetaTable {
  const customColumns: CustomColumn[] | undefined = def.crdName ? api.customResources.printerColumns(def) : undefined;
  return tableFor(gr(def), objs, { now: api.opts.now(), includeObject: include, customColumns });
}

/**
 * Objects of a custom resource with several served versions are stored once; a read through another
 * version gets that version's apiVersion (the CRD's conversion strategy None).
 */
export function asServedVersion(def: ResourceDef, obj: KubeObject): KubeObject {
  if (def.storedAs) return servedObject(def, obj);
  const gv = groupVersionOf(def);
  return !def.crdName || obj.apiVersion === gv ? obj : { ...obj, apiVersion: gv };
}

export function partialMetadata(obj: KubeObject): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function getObject(api: ApiServer, r: ResourceRequest): void {
  const n = negotiate(r.req.headers.accept, ['Table', 'PartialObjectMetadata']);
  const obj = api.store.get(gr(r.def), r.def.namespaced ? r.namespace : undefined, r.name);
  if (!obj) throw notFound({ group: r.def.group, resource: r.def.resource }, r.name);
  sendObject(r.res, 200, render(api, r.def, asServedVersion(r.def, obj), n, r.query), { negotiated: n });
}

function render(api: ApiServer, def: ResourceDef, obj: KubeObject, n: Negotiated, query: URLSearchParams): unknown {
  if (n.transform === 'Table') {
    const table = asTable(api, def, [obj], includeObjectParam(query));
    table.metadata = { resourceVersion: obj.metadata.resourceVersion };
    return table;
  }
  if (n.transform === 'PartialObjectMetadata') return partialMetadata(obj);
  return obj;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

function decodeContinue(token: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
  const t = parsed as Partial<ContinueToken>;
  if (t?.v !== 'meta.k8s.io/v1') throw badRequest('continue key is not valid: server does not recognize this encoded key');
  if (typeof t.rv !== 'number' || typeof t.start !== 'string')
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  return t as ContinueToken;
}

export interface Selection {
  matches: (obj: KubeObject) => boolean;
  filtered: boolean;
}

/** Label and field selectors of a list or watch (400 on bad syntax or unsupported fields). */
export function selection(r: ResourceRequest): Selection {
  const labels = labelMatcher(r.query.get('labelSelector'));
  const fields = fieldMatcher(r.def.group, r.def.resource, r.query.get('fieldSelector'), r.def.namespaced);
  if (!labels && !fields) return { matches: () => true, filtered: false };
  return { matches: (o) => (!labels || labels(o.metadata.labels)) && (!fields || fields(o)), filtered: true };
}

/** Keys continue tokens point at: the etcd key below the listed prefix (`name` in a namespace, `ns/name` across). */
const keyWithin = (obj: KubeObject, namespace: string) =>
  namespace || !obj.metadata.namespace ? obj.metadata.name : `${obj.metadata.namespace}/${obj.metadata.name}`;

export function listObjects(api: ApiServer, r: ResourceRequest): void {
  const n = negotiate(r.req.headers.accept, ['Table', 'PartialObjectMetadataList']);
  const include = n.transform === 'Table' ? includeObjectParam(r.query) : 'Metadata';
  const sel = selection(r);
  const limitParam = r.query.get('limit');
  const limit = limitParam ? Number.parseInt(limitParam, 10) : 0;
  if (limitParam && (Number.isNaN(limit) || limit < 0)) throw badRequest(`limit: Invalid value: ${JSON.stringify(limitParam)}`);
  const cont = r.query.get('continue');
  let listRv = api.store.resourceVersion;
  let start = '';
  if (cont) {
    const token = decodeContinue(cont);
    if (token.rv <= 0) throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    const oldest = api.store.eventsSince(token.rv);
    if ('expired' in oldest) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    listRv = token.rv;
    start = token.start;
  }
  const ns = r.def.namespaced && r.namespace ? r.namespace : undefined;
  // The store's keys are keyWithin's with a fixed prefix (`ns/` in a namespace, `/` for cluster-scoped kinds,
  // none across namespaces), in the same order: a continued list starts at its key instead of scanning up to it,
  // and an unfiltered one counts what is left instead of visiting it (a chunked 20,000-pod list visited
  // 20,000 objects per page).
  const storePrefix = ns !== undefined ? `${ns}/` : r.def.namespaced ? '' : '/';
  const range = api.store.range(gr(r.def), ns, start ? storePrefix + start : '');
  const items: KubeObject[] = [];
  let remaining = 0;
  let next: string | undefined;
  for (let i = range.start; i < range.end; i++) {
    const obj = range.get(range.keys[i]);
    if (!sel.matches(obj)) continue;
    if (limit > 0 && items.length >= limit) {
      next = encodeContinue(listRv, keyWithin(items[items.length - 1], r.namespace) + '\u0000');
      remaining = range.end - i;
      break;
    }
    items.push(r.def.storedAs ? servedObject(r.def, obj) : obj);
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (next) {
    metadata.continue = next;
    if (!sel.filtered) metadata.remainingItemCount = remaining;
  }
  let body: unknown;
  if (n.transform === 'Table') {
    const table = asTable(api, r.def, items, include);
    table.metadata = metadata as MetaTable['metadata'];
    body = table;
  } else if (n.transform === 'PartialObjectMetadataList') {
    body = { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: items.map(partialMetadata) };
  } else {
    body = listBody(r.def, metadata, items);
  }
  sendObject(r.res, 200, body, { negotiated: n, encodeElement: n.transform === 'Table' ? tableRowJson : undefined });
}

/** `{"kind":"PodList",…}`: built-in kinds' items carry no kind/apiVersion (typed lists), custom resources' do. */
export function listBody(def: ResourceDef, metadata: Record<string, unknown>, items: KubeObject[]): Record<string, unknown> {
  return {
    kind: def.listKind,
    apiVersion: groupVersionOf(def),
    metadata,
    items: def.crdName ? items.map((o) => asServedVersion(def, o)) : items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
  };
}
