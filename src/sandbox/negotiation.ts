// Content negotiation as kube-apiserver does it: the first acceptable media type in the client's Accept
// list wins; `as=Table;v=v1;g=meta.k8s.io` asks for server-side printing, `as=APIGroupDiscoveryList` for
// aggregated discovery. Protobuf is not spoken here, so a client that also accepts JSON gets JSON.
import { notAcceptable } from './api-error.js';

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export type Transform = 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList' | 'APIGroupDiscoveryList';

export interface Negotiated {
  format: 'json' | 'yaml';
  transform?: Transform;
  /** apidiscovery version asked for (v2 or v2beta1) when transform is APIGroupDiscoveryList. */
  discoveryVersion?: string;
}

export function parseMediaTypes(header: string | undefined): MediaType[] {
  if (!header) return [];
  const out: MediaType[] = [];
  for (const part of header.split(',')) {
    const [type, ...rest] = part.split(';').map((s) => s.trim());
    if (!type) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0)
        params[p.slice(0, i).trim().toLowerCase()] = p
          .slice(i + 1)
          .trim()
          .replace(/^"|"$/g, '');
    }
    out.push({ type: type.toLowerCase(), params });
  }
  return out;
}

export const SERVED_MEDIA_TYPES = ['application/json', 'application/yaml'];

/**
 * Picks the response form. `allowed` lists the transforms this endpoint can produce
 * (Tables for resources, aggregated discovery for /api and /apis).
 */
export function negotiate(accept: string | undefined, allowed: Transform[] = []): Negotiated {
  const types = parseMediaTypes(accept);
  if (types.length === 0) return { format: 'json' };
  for (const mt of types) {
    const format =
      mt.type === 'application/json' || mt.type === '*/*' || mt.type === 'application/*' ? 'json' : mt.type === 'application/yaml' ? 'yaml' : undefined;
    if (!format) continue;
    const as = mt.params.as;
    if (!as) return { format };
    if (as === 'APIGroupDiscoveryList') {
      if (allowed.includes(as) && mt.params.g === 'apidiscovery.k8s.io' && (mt.params.v === 'v2' || mt.params.v === 'v2beta1')) {
        return { format, transform: as, discoveryVersion: mt.params.v };
      }
      continue;
    }
    if ((as === 'Table' || as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && allowed.includes(as)) {
      if (mt.params.g === 'meta.k8s.io' && (mt.params.v === 'v1' || mt.params.v === 'v1beta1')) return { format, transform: as };
    }
  }
  throw notAcceptable(SERVED_MEDIA_TYPES);
}

/**
 * apiserver's isPrettyPrint (endpoints/handlers/negotiation): `?pretty=` when present and non-empty (Go's
 * ParseBool, anything else is false), else User-Agents starting with curl, Wget or Mozilla/ ("basic all
 * browsers and cli http tools"); an Accept parameter `pretty=1` does the same. kubectl's requests get compact JSON.
 */
export function wantsPretty(rawQuery: string, userAgent: string | undefined, accept?: string): boolean {
  if (rawQuery.includes('pretty')) {
    const pp = new URLSearchParams(rawQuery).get('pretty');
    if (pp) return GO_TRUE.has(pp);
  }
  if (accept && parseMediaTypes(accept).some((m) => m.params.pretty === '1')) return true;
  const ua = userAgent ?? '';
  return ua.startsWith('curl') || ua.startsWith('Wget') || ua.startsWith('Mozilla/');
}

/** strconv.ParseBool's true spellings. */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** The request body's media type (without parameters), lower case. */
export function contentTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}
