// Field printers shared by kubectl's describers (k8s.io/kubectl/pkg/describe): multi-line labels and
// annotations, tolerations, taints, the Events table, RFC 1123 times in the local zone, ages, and Go's %v.
import { humanDuration } from '../../output/age.js';
import { compareCodePoints, goSprint } from '../../output/go-format.js';
import { goSortInPlace } from '../../output/go-sort.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter } from './prefix-writer.js';

export type Obj = Record<string, any>;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** A metav1.Time as JSON (RFC 3339), or Go's zero time when absent. */
export function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const GO_ZERO_TIME = new Date(Date.UTC(1, 0, 1));
GO_ZERO_TIME.setUTCFullYear(1);

/** time.RFC1123Z ("Mon, 02 Jan 2006 15:04:05 -0700") in the local time zone, as kubectl prints metav1.Time. */
export function rfc1123z(value: unknown): string {
  const parsed = parseTime(value);
  if (!parsed) {
    // Go's zero time is printed in UTC ("Mon, 01 Jan 0001 00:00:00 +0000").
    return 'Mon, 01 Jan 0001 00:00:00 +0000';
  }
  const d = parsed;
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const year = String(d.getFullYear()).padStart(4, '0');
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${year} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${sign}${pad2(Math.trunc(abs / 60))}${pad2(abs % 60)}`;
}

/** translateTimestampSince: "<unknown>" for a zero time, else HumanDuration(now - t). */
export function since(value: unknown, now: Date): string {
  const t = parseTime(value);
  if (!t) return '<unknown>';
  return humanDuration(now.getTime() - t.getTime());
}

/** fmt %v of a decoded JSON value. */
export const v = (value: unknown): string => goSprint(value);

/** %v of a []string ("[a b]"; nil prints "[]"). */
export function goList(values: unknown): string {
  return `[${(Array.isArray(values) ? values : []).map(goSprint).join(' ')}]`;
}

/** Go's sort.Strings order (UTF-8 byte order, which is code point order). */
export const byteCompare = compareCodePoints;

export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(value as Obj)) out[k] = typeof val === 'string' ? val : goSprint(val);
  return out;
}

/** printLabelsMultilineWithIndent. */
export function printLabelsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  labels: unknown,
  skip: ReadonlySet<string> = new Set(),
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const map = stringMap(labels);
  const keys = Object.keys(map)
    .filter((k) => !skip.has(k))
    .sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${map[key]}\n`);
  });
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: unknown): void {
  printLabelsMultilineWithIndent(w, '', title, '\t', labels);
}

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

function shorten(s: string, max: number): string {
  // Go slices bytes; annotation values are almost always ASCII.
  const bytes = Buffer.from(s, 'utf8');
  return bytes.length > max ? bytes.subarray(0, max).toString('utf8') + '...' : s;
}

/** printAnnotationsMultiline: long or multi-line values go below their key, cut at 140 bytes. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: unknown): void {
  w.write(LEVEL_0, `${title}:\t`);
  const map = stringMap(annotations);
  const keys = Object.keys(map)
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = map[key].replace(/\n$/, '');
    if (Buffer.byteLength(value) + Buffer.byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** printCSIPersistentVolumeAttributesMultiline (CSI volumes of pods and persistent volumes): key=value, sorted, cut at 140. */
export function printCsiVolumeAttributes(w: PrefixWriter, attributes: unknown): void {
  const attrs = stringMap(attributes);
  const keys = Object.keys(attrs).sort(byteCompare);
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  if (keys.length === 0) w.writeLine('<none>');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_2, '\t');
    const line = `${k}=${attrs[k]}`;
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}

/** printTolerationsMultilineWithIndent. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: unknown, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  const list = (Array.isArray(tolerations) ? tolerations : []) as Obj[];
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = goSortInPlace([...list], (a, b) => byteCompare(a.key ?? '', b.key ?? '') < 0);
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, '\t');
    }
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) text += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** Taint.ToString. */
export function taintString(t: Obj): string {
  return t.value ? `${t.key}=${t.value}:${t.effect ?? ''}` : `${t.key}:${t.effect ?? ''}`;
}

/** printTaintsMultilineWithIndent: sorted by "effect,key". */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: unknown): void {
  w.write(LEVEL_0, `${title}:\t`);
  const list = (Array.isArray(taints) ? taints : []) as Obj[];
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: Obj) => `${t.effect ?? ''},${t.key ?? ''}`;
  const sorted = goSortInPlace([...list], (a, b) => byteCompare(key(a), key(b)) < 0);
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, '');
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printController: "Kind/name" of the controlling owner reference. */
export function controllerOf(obj: Obj): string {
  const ref = ((obj.metadata?.ownerReferences ?? []) as Obj[]).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

export function controllerUid(obj: Obj): string | undefined {
  return ((obj.metadata?.ownerReferences ?? []) as Obj[]).find((r) => r.controller === true)?.uid;
}

/** The time kubectl's event sort uses: lastTimestamp. */
function eventSortTime(e: Obj): number {
  return parseTime(e.lastTimestamp)?.getTime() ?? -62135596800000;
}

/** DescribeEvents: "Events: <none>" or the Type/Reason/Age/From/Message table, oldest first. */
export function describeEvents(events: Obj[], w: PrefixWriter, now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // event.SortableEvents: sort.Sort by lastTimestamp (not stable; Go's pdqsort decides the order of ties).
  const sorted = goSortInPlace([...events], (a, b) => eventSortTime(a) < eventSortTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    let first = since(e.eventTime, now);
    if (!parseTime(e.eventTime)) first = since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}

/** %v of an intstr.IntOrString. */
export function intOrString(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** labels.FormatLabels. */
export { formatLabels, labelSelectorString, formatLabelSelector } from '../../output/label-text.js';
