// kubectl's generic describer (GenericDescriberFor), used for kinds without their own describer and for
// custom resources: Name, Namespace, Labels, Annotations, then every field of the object, sorted, with
// camel-case keys turned into words ("apiVersion" → "API Version"), then the events.
import { goSprint } from '../../output/go-format.js';
import { type Obj, byteCompare, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './fields.js';
import { LEVEL_0, type PrefixWriter, tabbedString } from './prefix-writer.js';

const SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];
const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** github.com/fatih/camelcase Split. */
export function camelCaseSplit(src: string): string[] {
  const runs: string[][] = [];
  let lastClass = 0;
  for (const r of src) {
    const cls = /\p{Ll}/u.test(r) ? 1 : /\p{Lu}/u.test(r) ? 2 : /\p{Nd}/u.test(r) ? 3 : 4;
    if (cls === lastClass) runs[runs.length - 1].push(r);
    else runs.push([r]);
    lastClass = cls;
  }
  // An upper-case run followed by a lower-case one gives its last letter to the next word: "PDFLoader" → PDF Loader.
  for (let i = 0; i < runs.length - 1; i++) {
    if (/\p{Lu}/u.test(runs[i][0]) && /\p{Ll}/u.test(runs[i + 1][0])) {
      runs[i + 1].unshift(runs[i].pop() as string);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** strings.Title: the first letter of every word upper-cased. */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
}

/** describe.smartLabelFor. */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const parts: string[] = [];
  for (const part of camelCaseSplit(field)) {
    if (part === '_') continue;
    parts.push(ACRONYMS.includes(part.toUpperCase()) ? part.toUpperCase() : title(part));
  }
  return parts.join(' ');
}

function printUnstructuredContent(w: PrefixWriter, level: number, content: Obj, skipPrefix: string): void {
  for (const field of Object.keys(content).sort(byteCompare)) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (SKIP.includes(skipExpr)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, skipExpr);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printUnstructuredContent(w, level + 1, child, skipExpr);
        else w.write(level + 1, `${goSprint(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goSprint(value)}\n`);
    }
  }
}

export function genericDescription(obj: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata?.annotations);
    printUnstructuredContent(w, LEVEL_0, obj, '');
    if (events) describeEvents(events, w, now);
  });
}
