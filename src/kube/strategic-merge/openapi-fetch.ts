// Reading OpenAPI v3 the way kubectl does it with a warm cache: the index is always asked for, with
// If-Modified-Since once a copy is cached (a 304 reuses it); group-version documents are addressed by content
// hash and immutable, so a cached one is never asked for again. kcurl keeps its copies under
// <cache dir>/kcurl-openapi/<host> (kubectl's own HTTP cache lives in <cache dir>/http).
import path from 'node:path';
import type { Io } from '../../io.js';
import type { RequestStep } from '../../plan/request-plan.js';
import { cacheRoot, discoveryCacheDir } from '../discovery-cache.js';
import { openApiDocumentStep, openApiIndexStep, openApiKey, parseOpenApi } from './openapi-steps.js';

export interface OpenApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface OpenApiFetchOptions {
  io: Io;
  server: string;
  cacheDir?: string;
  /** Sends one step (shown and logged by the caller). */
  send: (step: RequestStep) => Promise<OpenApiResponse>;
}

interface CachedIndex {
  lastModified: string;
  body: string;
}

function cacheDirFor(opts: Pick<OpenApiFetchOptions, 'io' | 'server' | 'cacheDir'>): string {
  const root = cacheRoot(opts.io, opts.cacheDir);
  const host = path.relative(path.join(root, 'discovery'), discoveryCacheDir(root, opts.server));
  return path.join(root, 'kcurl-openapi', host);
}

async function readText(io: Io, file: string): Promise<string | undefined> {
  try {
    return (await io.readFile(file)).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file so a concurrent reader never sees half a document; a failure only costs the cache. */
async function writeText(io: Io, dir: string, file: string, text: string): Promise<void> {
  try {
    await io.mkdir(dir);
    const tmp = `${file}.${io.now().getTime()}.tmp`;
    await io.writeFile(tmp, text, 0o600);
    await io.rename(tmp, file);
  } catch {
    // An unwritable cache directory is not an error: the next run asks the server again.
  }
}

const header = (h: OpenApiResponse['headers'], name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * The group-version documents for `groupVersions` (group, version pairs), keyed `api/v1` / `apis/apps/v1`;
 * missing when the server has none (or no OpenAPI v3 at all, in which case kubectl carries on without it).
 */
export async function loadOpenApiDocuments(opts: OpenApiFetchOptions, groupVersions: [string, string][]): Promise<Map<string, Record<string, any>>> {
  const dir = cacheDirFor(opts);
  const indexFile = path.join(dir, 'index.json');
  const docs = new Map<string, Record<string, any>>();

  let cached: CachedIndex | undefined;
  const cachedText = await readText(opts.io, indexFile);
  if (cachedText) {
    try {
      cached = JSON.parse(cachedText) as CachedIndex;
    } catch {
      cached = undefined;
    }
  }
  const indexStep = openApiIndexStep();
  if (cached?.lastModified) indexStep.headers.push(['If-Modified-Since', cached.lastModified]);
  const res = await opts.send(indexStep);
  let indexBody: string;
  if (res.status === 304 && cached) indexBody = cached.body;
  else if (res.status === 200) {
    indexBody = res.body;
    const lastModified = header(res.headers, 'last-modified');
    if (lastModified) await writeText(opts.io, dir, indexFile, JSON.stringify({ lastModified, body: res.body }));
  } else return docs;
  const index = parseOpenApi(indexBody, 'OpenAPI v3 index');

  for (const [group, version] of groupVersions) {
    const key = openApiKey(group, version);
    if (docs.has(key)) continue;
    const step = openApiDocumentStep(index, key);
    if (!step) continue;
    const hash = step.query.find(([k]) => k === 'hash')?.[1];
    const file = hash ? path.join(dir, `${key.replace(/\//g, '_')}-${hash}.json`) : undefined;
    const hit = file ? await readText(opts.io, file) : undefined;
    if (hit) {
      try {
        docs.set(key, JSON.parse(hit) as Record<string, any>);
        continue;
      } catch {
        // a damaged copy: ask the server
      }
    }
    const doc = await opts.send(step);
    if (doc.status !== 200) continue;
    docs.set(key, parseOpenApi(doc.body, `OpenAPI v3 document ${key}`));
    if (file) await writeText(opts.io, dir, file, doc.body);
  }
  return docs;
}
