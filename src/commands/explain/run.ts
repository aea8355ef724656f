// kcurl explain: kubectl explain's requests and text. The type (and field path) is resolved through discovery as
// kubectl's RESTMapper does (the longest dotted prefix naming a resource), then GET /openapi/v3 and the
// group-version document the index names (its hash-addressed URL, cached as kubectl's HTTP cache keeps it); the text is rendered from that document
// (./render.ts).
import { KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import type { ApiResource } from '../../kube/resources.js';
import { loadOpenApiDocuments } from '../../kube/strategic-merge/openapi-fetch.js';
import { openApiIndexStep, openApiKey } from '../../kube/strategic-merge/openapi-steps.js';
import type { RequestStep } from '../../plan/request-plan.js';
import { ReadThenPatch } from '../shared/read-then-patch.js';
import type { ExplainFlags } from './flags.js';
import { ExplainError, renderExplain } from './render.js';

/** explain.SplitAndParseResourceRequestWithMatchingPrefix: the longest prefix that names a resource, and the rest. */
async function resolveWithPrefix(session: Session, input: string): Promise<{ resource: ApiResource; fieldPath: string[] }> {
  const parts = input.split('.');
  let firstError: unknown;
  for (let i = parts.length; i > 0; i--) {
    try {
      const [resource] = await session.resolveTypes([parts.slice(0, i).join('.')]);
      return { resource, fieldPath: parts.slice(i) };
    } catch (e) {
      if (i === 1) firstError = e;
    }
  }
  throw firstError;
}

/** The call kubectl explain makes: the OpenAPI read is the request itself here, so the snippet shows it. */
const asCall = (step: RequestStep): RequestStep => ({ ...step, role: 'call', kind: 'openapi' });

export async function runExplain(session: Session, positionals: string[], flags: ExplainFlags): Promise<number> {
  if (positionals.length === 0)
    throw usageError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
  if (positionals.length > 1) throw usageError(`We accept only this format: explain RESOURCE`);
  if (flags.output !== 'plaintext')
    throw usageError(
      `kcurl explain prints --output=plaintext only (not ${JSON.stringify(flags.output)})`,
      'plaintext-openapiv2 reads OpenAPI v2, which kcurl does not render',
    );
  const input = positionals[0];
  let resource: ApiResource;
  let fieldPath: string[];
  try {
    if (flags.apiVersion) {
      // explain.SplitAndParseResourceRequest: the first segment is the resource, the rest the field path.
      const [head, ...rest] = input.split('.');
      [resource] = await session.resolveTypes([head]);
      fieldPath = rest;
    } else ({ resource, fieldPath } = await resolveWithPrefix(session, input));
  } catch (e) {
    // kubectl explain prints the RESTMapper's error bare (no "error: ").
    if (e instanceof KcurlError && e.code === 'KCURL_RESOURCE') {
      session.io.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  let group = resource.group;
  let version = resource.version;
  if (flags.apiVersion) {
    const slash = flags.apiVersion.indexOf('/');
    [group, version] = slash < 0 ? ['', flags.apiVersion] : [flags.apiVersion.slice(0, slash), flags.apiVersion.slice(slash + 1)];
  }
  const gvr = { group, version, resource: resource.resource };
  const run = new ReadThenPatch(session, 'kubectl explain');
  const index = asCall(openApiIndexStep());
  if (await run.showWhenOffline([index], ['kubectl then GETs the group-version document at the hash-addressed URL the index names'])) return 0;
  // The index every time (If-Modified-Since once cached), the hash-addressed document only when not cached yet:
  // kubectl's HTTP cache does the same.
  const creds = await session.credentials();
  const key = openApiKey(group, version);
  const docs = await loadOpenApiDocuments(
    { io: session.io, server: creds.server.value, cacheDir: session.options.cacheDir, send: (step) => run.send(asCall(step)) },
    [[group, version]],
  );
  const doc = docs.get(key);
  const gvrText = `${group ? `${group}/` : ''}${version}, Resource=${resource.resource}`;
  if (!doc) throw new KcurlError('KCURL_API_STATUS', `couldn't find resource for "${gvrText}"`);
  try {
    session.io.stdout.write(renderExplain(doc, gvr, fieldPath, flags.recursive));
  } catch (e) {
    // kubectl's template writes as it goes: what it wrote before failing is on stdout.
    if (e instanceof ExplainError) session.io.stdout.write(e.written);
    throw e;
  }
  return 0;
}
