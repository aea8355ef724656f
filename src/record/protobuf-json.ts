// Protobuf as JSON for people and for bash: kubectl's typed clients send `application/vnd.kubernetes.protobuf`
// bodies (create secret|configmap|deployment|namespace|…, create token) and ask for protobuf answers. A recorded
// request is shown — and replayed by curl — as its JSON equivalent: the body decoded by the one protobuf codec
// (src/protobuf/codec.ts) into the JSON object the API server reads it as, Content-Type: application/json, and
// an Accept that asks for JSON where it asked for protobuf. Recorded answers are compared as JSON the same way.
import { ProtobufDecodeError, ProtobufUnsupported, decodeProtobufObject, isProtobufEnvelope } from '../protobuf/codec.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const REDACTED = /^<redacted: [^>\n]*>$/;

/**
 * The JSON text a `k8s\0` protobuf body encodes, or undefined when the bytes are not one kcurl can read
 * (not protobuf, a kind without a known layout, damaged bytes).
 */
export function protobufAsJson(body: Uint8Array): string | undefined {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!isProtobufEnvelope(buf)) return undefined;
  try {
    return JSON.stringify(withMarkers(decodeProtobufObject(buf)));
  } catch (e) {
    if (e instanceof ProtobufDecodeError || e instanceof ProtobufUnsupported) return undefined;
    throw e;
  }
}

/**
 * Redaction writes its `<redacted: …>` marker into a protobuf bytes field (a Secret's data value), which JSON
 * shows as base64: the marker is put back as text, as redaction writes it into JSON bodies.
 */
function withMarkers(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.length < 16 || !/^[A-Za-z0-9+/]+=*$/.test(value)) return value;
    const text = Buffer.from(value, 'base64').toString('utf8');
    return REDACTED.test(text) ? text : value;
  }
  if (Array.isArray(value)) return value.map(withMarkers);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withMarkers(v)]));
  return value;
}

/** An Accept list with each protobuf media type asking for JSON instead (its parameters kept), duplicates dropped. */
export function acceptAsJson(accept: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of accept.split(',')) {
    const trimmed = part.trim();
    const [type, ...params] = trimmed.split(';');
    const json = type.trim().toLowerCase() === PROTOBUF ? ['application/json', ...params].join(';') : trimmed;
    if (!seen.has(json)) out.push(json);
    seen.add(json);
  }
  // kubectl writes its lists without spaces after the comma; keep a list written with them as written.
  return out.join(accept.includes(', ') ? ', ' : ',');
}

/** What of a request was turned from protobuf into JSON. */
export interface Converted {
  /** The body was protobuf and is now the JSON it encodes. */
  body: boolean;
  /** Accept asked for protobuf and now asks for JSON. */
  accept: boolean;
}

/** A request's headers and body with protobuf shown as JSON; the same objects back when there was none. */
export function requestAsJson<H extends readonly (readonly [string, string])[]>(
  headers: H,
  body: Uint8Array | undefined,
): { headers: [string, string][]; body: Uint8Array | undefined; converted: Converted } {
  const json = body?.length ? protobufAsJson(body) : undefined;
  let accept = false;
  const out = headers.map(([k, v]): [string, string] => {
    const name = k.toLowerCase();
    if (json !== undefined && name === 'content-type' && v.toLowerCase().startsWith(PROTOBUF)) return [k, 'application/json'];
    if (name === 'accept' && v.toLowerCase().includes(PROTOBUF)) {
      accept = true;
      return [k, acceptAsJson(v)];
    }
    return [k, v];
  });
  return { headers: out, body: json !== undefined ? Buffer.from(json, 'utf8') : body, converted: { body: json !== undefined, accept } };
}

/** The comment said once above requests shown as JSON: which calls were protobuf (numbered from 1 as listed). */
export function convertedNote(converted: readonly Converted[]): string | undefined {
  const bodies = converted.flatMap((c, i) => (c.body ? [i + 1] : []));
  const accepts = converted.some((c) => c.accept);
  if (!bodies.length && !accepts) return undefined;
  const one = bodies.length === 1;
  const parts: string[] = [];
  if (bodies.length)
    parts.push(
      `call${one ? '' : 's'} ${listed(bodies)} sent ${one ? 'its body' : 'their bodies'} in protobuf (${PROTOBUF}): ` +
        `shown here as the JSON ${one ? 'object it encodes' : 'objects they encode'}, with Content-Type: application/json`,
    );
  if (accepts) parts.push('Accept asks for JSON where the client asked for protobuf');
  return `converted from protobuf: ${parts.join('; ')}`;
}

function listed(numbers: readonly number[]): string {
  return numbers.length === 1 ? String(numbers[0]) : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}
