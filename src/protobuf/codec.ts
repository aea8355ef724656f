// The one codec for `application/vnd.kubernetes.protobuf` bodies, shared by the sandbox (which reads the
// request bodies kubectl 1.32's typed clients send: `kubectl create deployment|configmap|secret|namespace`,
// `auth can-i`, `create token`) and the recorder (which redacts protobuf answers and requests): the `k8s\0`
// envelope (runtime.Unknown) and the message inside, decoded into the JSON the same object has, using the
// message layouts extracted from kubectl itself (fixtures/sandbox/protobuf/descriptors.json.gz), plus the
// wire-level reading and writing that redaction rewrites fields with.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** A body that is not a protobuf message kcurl can read; the message says what is wrong, in the API server's words. */
export class ProtobufDecodeError extends Error {}

/** fixtures/sandbox/protobuf next to the kcurl installation (src/ in development, dist/ when built). */
function findDescriptorFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'fixtures', 'sandbox', 'protobuf', 'descriptors.json.gz');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('fixtures/sandbox/protobuf/descriptors.json.gz not found next to the kcurl installation');
}

/** [number, name, type, label, typeName] as FieldDescriptorProto has them. */
type FieldDescriptor = [number, string, number, number, string];
interface MessageDescriptor {
  fields: FieldDescriptor[];
  map?: boolean;
}

let descriptors: Record<string, MessageDescriptor> | undefined;
function loadDescriptors(): Record<string, MessageDescriptor> {
  if (!descriptors) {
    const file = findDescriptorFile();
    descriptors = JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf8')) as Record<string, MessageDescriptor>;
  }
  return descriptors;
}

// google.protobuf.FieldDescriptorProto.Type
const T = {
  double: 1,
  float: 2,
  int64: 3,
  uint64: 4,
  int32: 5,
  fixed64: 6,
  fixed32: 7,
  bool: 8,
  string: 9,
  message: 11,
  bytes: 12,
  uint32: 13,
  enum: 14,
  sfixed32: 15,
  sfixed64: 16,
  sint32: 17,
  sint64: 18,
};
const REPEATED = 3;

type Raw = { wire: number; value: Buffer | bigint };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = pos; i < buf.length; i++) {
    const b = buf[i];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, i + 1];
    shift += 7n;
    if (shift > 63n) break;
  }
  throw new Error('truncated varint');
}

/** One field as it stands on the wire, in message order. */
export interface WireField {
  number: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wire: number;
  value: Buffer | bigint;
}

/** The fields of a message in the order they were written (repeats kept). */
export function readWire(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, next] = readVarint(buf, pos);
    pos = next;
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value: Buffer | bigint;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 2) {
      const [len, start] = readVarint(buf, pos);
      const end = start + Number(len);
      if (end > buf.length) throw new Error('truncated field');
      value = buf.subarray(start, end);
      pos = end;
    } else if (wire === 1) {
      if (pos + 8 > buf.length) throw new Error('truncated field');
      value = buf.readBigUInt64LE(pos);
      pos += 8;
    } else if (wire === 5) {
      if (pos + 4 > buf.length) throw new Error('truncated field');
      value = BigInt(buf.readUInt32LE(pos));
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    fields.push({ number, wire, value });
  }
  return fields;
}

/** The bytes of fields read by readWire (readWire then writeWire gives the same bytes back). */
export function writeWire(fields: readonly WireField[]): Buffer {
  return Buffer.concat(
    fields.map((f) => {
      const key = varint(BigInt((f.number << 3) | f.wire));
      if (f.wire === 2) return lenField(f.number, f.value as Buffer);
      if (f.wire === 0) return Buffer.concat([key, varint(f.value as bigint)]);
      const fixed = Buffer.alloc(f.wire === 1 ? 8 : 4);
      if (f.wire === 1) fixed.writeBigUInt64LE(f.value as bigint);
      else fixed.writeUInt32LE(Number(f.value));
      return Buffer.concat([key, fixed]);
    }),
  );
}

function parseWire(buf: Buffer): Map<number, Raw[]> {
  const fields = new Map<number, Raw[]>();
  for (const { number, wire, value } of readWire(buf)) {
    const list = fields.get(number) ?? [];
    list.push({ wire, value });
    fields.set(number, list);
  }
  return fields;
}

// Pointer fields whose explicit zero means something (gogo writes pointers only when set, value fields always).
const KEEP_ZERO = new Set([
  'replicas',
  'automountServiceAccountToken',
  'suspend',
  'backoffLimit',
  'parallelism',
  'completions',
  'terminationGracePeriodSeconds',
  'revisionHistoryLimit',
  'progressDeadlineSeconds',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'ttlSecondsAfterFinished',
  'startingDeadlineSeconds',
  'immutable',
  'allowed',
]);

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

function scalar(type: number, raw: Raw): unknown {
  const v = raw.value;
  if (Buffer.isBuffer(v)) {
    if (type === T.string) return v.toString('utf8');
    if (type === T.bytes) return v.toString('base64');
    throw new Error('unexpected length-delimited scalar');
  }
  switch (type) {
    case T.bool:
      return v !== 0n;
    case T.sint32:
    case T.sint64:
      return Number((v >> 1n) ^ -(v & 1n));
    case T.int32:
    case T.sfixed32:
      return Number(BigInt.asIntN(32, v));
    case T.double:
      return Buffer.from(BigInt.asUintN(64, v).toString(16).padStart(16, '0'), 'hex').readDoubleBE(0);
    case T.float:
      return Buffer.from(Number(v).toString(16).padStart(8, '0'), 'hex').readFloatBE(0);
    default:
      return Number(BigInt.asIntN(64, v));
  }
}

function unpacked(type: number, raw: Raw): Raw[] {
  if (!Buffer.isBuffer(raw.value) || type === T.string || type === T.bytes || type === T.message) return [raw];
  const out: Raw[] = [];
  const buf = raw.value;
  let pos = 0;
  while (pos < buf.length) {
    if (type === T.fixed64 || type === T.sfixed64 || type === T.double) {
      out.push({ wire: 1, value: buf.readBigUInt64LE(pos) });
      pos += 8;
    } else if (type === T.fixed32 || type === T.sfixed32 || type === T.float) {
      out.push({ wire: 5, value: BigInt(buf.readUInt32LE(pos)) });
      pos += 4;
    } else {
      const [v, next] = readVarint(buf, pos);
      out.push({ wire: 0, value: v });
      pos = next;
    }
  }
  return out;
}

const isZero = (v: unknown) => v === '' || v === 0 || v === false;

/** Decodes one message into its JSON form (special-casing Time, Quantity, IntOrString, RawExtension, FieldsV1). */
export function decodeMessage(typeName: string, buf: Buffer): unknown {
  const all = loadDescriptors();
  const special = decodeSpecial(typeName, buf);
  if (special !== NOT_SPECIAL) return special;
  const desc = all[typeName];
  if (!desc) throw new Error(`unknown protobuf message ${typeName}`);
  const wire = parseWire(buf);
  const out: Record<string, unknown> = {};
  for (const [number, name, type, label, fieldType] of desc.fields) {
    const raws = wire.get(number);
    if (!raws) continue;
    const decodeOne = (raw: Raw): unknown => (type === T.message ? decodeMessage(fieldType, raw.value as Buffer) : scalar(type, raw));
    if (label === REPEATED) {
      const entryDesc = type === T.message ? all[fieldType] : undefined;
      if (entryDesc?.map) {
        const map: Record<string, unknown> = {};
        for (const raw of raws) {
          const entry = parseWire(raw.value as Buffer);
          const [keyField, valueField] = entryDesc.fields;
          const k = entry.get(keyField[0])?.[0];
          const v = entry.get(valueField[0])?.[0];
          const key = k ? String(scalar(keyField[2], k)) : '';
          map[key] = v
            ? valueField[2] === T.message
              ? decodeMessage(valueField[4], v.value as Buffer)
              : scalar(valueField[2], v)
            : valueField[2] === T.string || valueField[2] === T.bytes
              ? ''
              : null;
        }
        out[name] = map;
      } else out[name] = raws.flatMap((r) => unpacked(type, r)).map(decodeOne);
      continue;
    }
    const value = decodeOne(raws[raws.length - 1]);
    if (INLINE.has(`${typeName}.${name}`)) {
      Object.assign(out, value);
      continue;
    }
    if (isZero(value) && !KEEP_ZERO.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Embedded Go structs (`json:",inline"`): their fields sit in the parent's JSON object. */
const INLINE = new Set([
  'k8s.io.api.core.v1.Volume.volumeSource',
  'k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource',
  'k8s.io.api.core.v1.Probe.handler',
  'k8s.io.api.networking.v1.IngressRule.ingressRuleValue',
]);

const NOT_SPECIAL = Symbol('not special');

function decodeSpecial(typeName: string, buf: Buffer): unknown {
  switch (typeName) {
    case `${META}.Time`:
    case `${META}.MicroTime`: {
      const f = parseWire(buf);
      const seconds = Number(BigInt.asIntN(64, (f.get(1)?.[0]?.value as bigint | undefined) ?? 0n));
      const nanos = Number((f.get(2)?.[0]?.value as bigint | undefined) ?? 0n);
      if (seconds === 0 && nanos === 0) return null;
      const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '');
      return typeName.endsWith('MicroTime') ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
    }
    case `${META}.Duration`: {
      const ns = Number(BigInt.asIntN(64, (parseWire(buf).get(1)?.[0]?.value as bigint | undefined) ?? 0n));
      return goDuration(ns);
    }
    case `${META}.FieldsV1`:
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension': {
      const raw = parseWire(buf).get(1)?.[0]?.value;
      if (!Buffer.isBuffer(raw) || raw.length === 0) return null;
      return JSON.parse(raw.toString('utf8'));
    }
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity': {
      const s = parseWire(buf).get(1)?.[0]?.value;
      return Buffer.isBuffer(s) ? s.toString('utf8') : '0';
    }
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const f = parseWire(buf);
      const type = Number((f.get(1)?.[0]?.value as bigint | undefined) ?? 0n);
      if (type === 1) {
        const s = f.get(3)?.[0]?.value;
        return Buffer.isBuffer(s) ? s.toString('utf8') : '';
      }
      return Number(BigInt.asIntN(32, (f.get(2)?.[0]?.value as bigint | undefined) ?? 0n));
    }
    default:
      return NOT_SPECIAL;
  }
}

function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let s = Math.abs(ns) / 1e9;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const secs = Number.isInteger(s) ? `${s}s` : `${s.toFixed(9).replace(/0+$/, '')}s`;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${secs}`;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The Go package path of a group version's types (`apps/v1` → `k8s.io.api.apps.v1`). */
function packageOf(apiVersion: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === '') return `k8s.io.api.core.${version}`;
  if (group === 'meta.k8s.io') return `${META.slice(0, -3)}.${version}`;
  return `k8s.io.api.${group.replace(/\.k8s\.io$/, '').replace(/\.(authorization|apiserver)$/, '')}.${version}`;
}

export class ProtobufUnsupported extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`protobuf bodies of ${apiVersion} ${kind} are not understood by the kcurl sandbox; send JSON`);
  }
}

/** Decodes a `k8s\0`-prefixed protobuf body into the JSON object it stands for (with apiVersion and kind). */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw new ProtobufDecodeError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Buffer | undefined;
  try {
    const unknown = parseWire(body.subarray(4));
    const typeMeta = unknown.get(1)?.[0]?.value;
    if (Buffer.isBuffer(typeMeta)) {
      const tm = parseWire(typeMeta);
      const av = tm.get(1)?.[0]?.value;
      const k = tm.get(2)?.[0]?.value;
      apiVersion = Buffer.isBuffer(av) ? av.toString('utf8') : '';
      kind = Buffer.isBuffer(k) ? k.toString('utf8') : '';
    }
    const r = unknown.get(2)?.[0]?.value;
    raw = Buffer.isBuffer(r) ? r : Buffer.alloc(0);
  } catch (e) {
    throw new ProtobufDecodeError(`unable to decode protobuf body: ${(e as Error).message}`);
  }
  const typeName = `${packageOf(apiVersion)}.${kind}`;
  if (!loadDescriptors()[typeName]) throw new ProtobufUnsupported(apiVersion, kind);
  try {
    return { kind, apiVersion, ...(decodeMessage(typeName, raw) as Record<string, unknown>) };
  } catch (e) {
    throw new ProtobufDecodeError(`unable to decode protobuf ${kind}: ${(e as Error).message}`);
  }
}

// ---- encoding (tests build kubectl-identical bodies with these) -----------------------------------

export function encodeProtobufEnvelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([lenField(1, Buffer.from(apiVersion)), lenField(2, Buffer.from(kind))]);
  return Buffer.concat([MAGIC, lenField(1, typeMeta), lenField(2, raw), lenField(3, Buffer.alloc(0)), lenField(4, Buffer.alloc(0))]);
}

export function lenField(field: number, data: Buffer | string): Buffer {
  const b = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const key = (field << 3) | 2;
  const head = Buffer.allocUnsafe(10);
  const end = smallVarint(head, smallVarint(head, 0, key), b.length);
  const out = Buffer.allocUnsafe(end + b.length);
  head.copy(out, 0, 0, end);
  b.copy(out, end);
  return out;
}

export function varintField(field: number, value: number): Buffer {
  if (value < 0 || value > 0x7fffffff) return Buffer.concat([varint(BigInt(field << 3)), varint(BigInt(value))]);
  const out = Buffer.allocUnsafe(10);
  return out.subarray(0, smallVarint(out, smallVarint(out, 0, field << 3), value));
}

/** Writes a non-negative 32-bit value as a varint at `pos`; returns the position after it. */
function smallVarint(buf: Buffer, pos: number, v: number): number {
  let x = v >>> 0;
  while (x > 0x7f) {
    buf[pos++] = (x & 0x7f) | 0x80;
    x >>>= 7;
  }
  buf[pos++] = x;
  return pos;
}

function varint(v: bigint): Buffer {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x !== 0n) b |= 0x80;
    out.push(b);
  } while (x !== 0n);
  return Buffer.from(out);
}

// ---- rewriting (the recorder redacts fields of protobuf bodies with these) -----------------------

/** The `k8s\0` envelope of a body: the type it names and the message bytes it carries. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  /** The message's full protobuf name, when kcurl knows its layout. */
  typeName?: string;
}

/** True when the bytes start with the `k8s\0` magic of a Kubernetes protobuf body. */
export function isProtobufEnvelope(body: Uint8Array): boolean {
  return body.length >= 4 && Buffer.from(body.buffer, body.byteOffset, 4).equals(MAGIC);
}

/** Reads the envelope of a `k8s\0` body; throws ProtobufDecodeError when it is damaged or missing. */
export function readEnvelope(body: Buffer): Envelope {
  if (!isProtobufEnvelope(body)) throw new ProtobufDecodeError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  try {
    const unknown = parseWire(body.subarray(4));
    const typeMeta = unknown.get(1)?.[0]?.value;
    const tm = Buffer.isBuffer(typeMeta) ? parseWire(typeMeta) : new Map<number, Raw[]>();
    const text = (v: Buffer | bigint | undefined) => (Buffer.isBuffer(v) ? v.toString('utf8') : '');
    const apiVersion = text(tm.get(1)?.[0]?.value);
    const kind = text(tm.get(2)?.[0]?.value);
    const r = unknown.get(2)?.[0]?.value;
    const typeName = `${packageOf(apiVersion)}.${kind}`;
    return { apiVersion, kind, raw: Buffer.isBuffer(r) ? r : Buffer.alloc(0), ...(loadDescriptors()[typeName] ? { typeName } : {}) };
  } catch (e) {
    throw new ProtobufDecodeError(`unable to decode protobuf body: ${(e as Error).message}`);
  }
}

/** The same envelope carrying other message bytes (its content type and encoding fields kept). */
export function replaceEnvelopeRaw(body: Buffer, raw: Buffer): Buffer {
  const fields = readWire(body.subarray(4)).map((f) => (f.number === 2 && f.wire === 2 ? { ...f, value: raw } : f));
  return Buffer.concat([MAGIC, writeWire(fields)]);
}

/**
 * Called for each length-delimited field of a message (map entries included, as their whole entry):
 * new bytes replace the field and are not walked further; undefined walks into it when it is a message.
 */
export type FieldRewrite = (message: string, field: string, value: Buffer) => Buffer | undefined;

/** A message with fields replaced as `rewrite` decides, nested messages walked; the same Buffer when nothing changed. */
export function rewriteMessage(typeName: string, buf: Buffer, rewrite: FieldRewrite, depth = 0): Buffer {
  const desc = loadDescriptors()[typeName];
  if (!desc || depth > 32) return buf;
  const byNumber = new Map(desc.fields.map((f) => [f[0], f]));
  const fields = readWire(buf);
  let changed = false;
  const out = fields.map((f) => {
    const d = byNumber.get(f.number);
    if (!d || f.wire !== 2) return f;
    const [, name, type, , fieldType] = d;
    const value = f.value as Buffer;
    let next = rewrite(typeName, name, value);
    if (next === undefined && type === T.message) next = rewriteMessage(fieldType, value, rewrite, depth + 1);
    if (next === undefined || next === value) return f;
    changed = true;
    return { ...f, value: next };
  });
  return changed ? writeWire(out) : buf;
}

/** A map entry's key and value bytes (protobuf maps are repeated {1: key, 2: value} messages). */
export function readMapEntry(entry: Buffer): { key: string; value: Buffer } {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const f of readWire(entry)) {
    if (f.number === 1 && Buffer.isBuffer(f.value)) key = f.value.toString('utf8');
    if (f.number === 2 && Buffer.isBuffer(f.value)) value = f.value;
  }
  return { key, value };
}

/** A map entry with a string key and a string or bytes value. */
export function mapEntryBytes(key: string, value: Buffer | string): Buffer {
  return Buffer.concat([lenField(1, key), lenField(2, value)]);
}
