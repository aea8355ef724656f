// kubectl get -o json / -o yaml: the List kubectl builds from a server list, managedFields hidden by default,
// JSON with 4-space indent and Go's escapes, YAML through sigs.k8s.io/yaml (see go-yaml.ts).
import { KcurlError } from '../errors.js';
import { isPlainObject, writeGoJson } from './go-format.js';
import { writeYaml } from './go-yaml.js';

export interface PrintObjectsOptions {
  /** --show-managed-fields; kubectl hides metadata.managedFields from json and yaml by default. */
  showManagedFields?: boolean;
  /** A typed object (kubectl's generators): JSON keeps the fields in the order given (Go's struct order), not sorted. */
  keepOrder?: boolean;
}

/** kubectl -o json (json.MarshalIndent with four spaces, trailing newline) or -o yaml. */
export function printObjects(format: 'json' | 'yaml', objOrList: unknown, options: PrintObjectsOptions = {}): string {
  const parts: string[] = [];
  writeObjects(format, objOrList, (chunk) => parts.push(chunk), options);
  return parts.join('');
}

/** printObjects handed to write in pieces of about 64 kB as they are made: a large list is never one string. */
export function writeObjects(format: 'json' | 'yaml', objOrList: unknown, write: (chunk: string) => void, options: PrintObjectsOptions = {}): void {
  if (!isPlainObject(objOrList) || (!objOrList.kind && !objOrList.apiVersion)) {
    throw new KcurlError('KCURL_INTERNAL', 'missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type');
  }
  const obj = options.showManagedFields ? objOrList : omitManagedFields(objOrList);
  if (format === 'yaml') return writeYaml(obj, write);
  writeGoJson(obj, '    ', write, { keepOrder: options.keepOrder });
  write('\n');
}

/**
 * The items of a server list with each item's apiVersion/kind filled in from the list (kind minus "List"), as
 * client-go's UnstructuredList decoding does; JSON lists from the API server leave them out.
 */
export function listItems(list: unknown): Record<string, unknown>[] {
  if (!isPlainObject(list) || !Array.isArray(list.items)) return [];
  const apiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : '';
  const kind = typeof list.kind === 'string' && list.kind.endsWith('List') ? list.kind.slice(0, -'List'.length) : '';
  return list.items.filter(isPlainObject).map((item) => {
    const out: Record<string, unknown> = { ...item };
    if (!out.kind && kind) out.kind = kind;
    if (!out.apiVersion && apiVersion) out.apiVersion = apiVersion;
    return out;
  });
}

/**
 * What kubectl get prints for anything but a single named object with -o json/yaml/jsonpath/custom-columns:
 * a v1 List of the items, whose resourceVersion is always "" (get.go printGeneric rebuilds the list).
 * Accepts a server list or an array of objects (several resources in one get).
 */
export function toKubectlList(listOrItems: unknown): Record<string, unknown> {
  const items = Array.isArray(listOrItems) ? listOrItems : listItems(listOrItems);
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** printers.OmitManagedFieldsPrinter: drops metadata.managedFields from an object or from each item of a list. */
export function omitManagedFields(obj: Record<string, unknown>): Record<string, unknown> {
  const strip = (o: Record<string, unknown>): Record<string, unknown> => {
    if (!isPlainObject(o.metadata) || !('managedFields' in o.metadata)) return o;
    const { managedFields: _dropped, ...metadata } = o.metadata;
    return { ...o, metadata };
  };
  if (Array.isArray(obj.items)) return { ...obj, items: obj.items.map((i) => (isPlainObject(i) ? strip(i) : i)) };
  return strip(obj);
}
