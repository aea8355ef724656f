// The OpenAPI v3 requests kubectl apply and create make before touching objects: the index
// (GET /openapi/v3), then each needed group-version document at the hash-addressed URL the index names.
import { inputError } from '../../errors.js';
import { ACCEPT, type RequestStep } from '../../plan/request-plan.js';

// client-go discovery: the OpenAPI client uses the discovery client's default timeout.
const DEFAULT_TIMEOUT = '32s';

export function openApiIndexStep(): RequestStep {
  return {
    method: 'GET',
    path: '/openapi/v3',
    query: [['timeout', DEFAULT_TIMEOUT]],
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: 'read the OpenAPI v3 index',
    role: 'openapi',
  };
}

/** The index key of a group-version: `api/v1`, `apis/apps/v1`. */
export function openApiKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** GET of one group-version document, at the serverRelativeURL the index gives (a `hash` query parameter). */
export function openApiDocumentStep(index: unknown, key: string): RequestStep | undefined {
  const paths = (index as { paths?: Record<string, { serverRelativeURL?: string }> })?.paths;
  const url = paths?.[key]?.serverRelativeURL;
  if (!url) return undefined;
  const parsed = new URL(url, 'https://server.invalid');
  const query: [string, string][] = [...parsed.searchParams.entries()];
  query.push(['timeout', DEFAULT_TIMEOUT]);
  return {
    method: 'GET',
    path: parsed.pathname,
    query,
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `read the OpenAPI v3 document of ${key.replace(/^apis?\//, '')}`,
    role: 'openapi',
  };
}

export function parseOpenApi(body: string, what: string): Record<string, any> {
  try {
    return JSON.parse(body) as Record<string, any>;
  } catch (e) {
    throw inputError(`the server's ${what} is not JSON: ${(e as Error).message}`);
  }
}
