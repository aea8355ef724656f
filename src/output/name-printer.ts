// kubectl -o name (cli-runtime printers.NamePrinter): one kind[.group]/name line per object, from the object's own
// apiVersion and kind: pod/nginx, deployment.apps/web, clusterrole.rbac.authorization.k8s.io/admin.
import { KcurlError } from '../errors.js';
import { isPlainObject } from './go-format.js';

/** Used when an object carries no kind (items of a server list): the kind, or failing that the resource name. */
export interface NameHint {
  kind?: string;
  resource?: string;
  group: string;
}

export function printNames(objs: unknown[], hint?: NameHint): string {
  return objs.map((obj) => `${nameOf(obj, hint)}\n`).join('');
}

/** kind[.group]/name of one object. */
export function nameOf(obj: unknown, hint?: NameHint): string {
  const o = isPlainObject(obj) ? obj : {};
  const metadata = isPlainObject(o.metadata) ? o.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name.length > 0 ? metadata.name : '<unknown>';
  let kind = typeof o.kind === 'string' ? o.kind : '';
  let group = typeof o.apiVersion === 'string' && o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  if (!kind && !o.apiVersion && hint) {
    kind = hint.kind ?? hint.resource ?? '';
    group = hint.group;
  }
  if (!kind && !o.apiVersion) {
    throw new KcurlError('KCURL_INTERNAL', 'missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type');
  }
  if (!kind) throw new KcurlError('KCURL_INTERNAL', `missing kind for resource with name ${name}`);
  return group ? `${kind.toLowerCase()}.${group}/${name}` : `${kind.toLowerCase()}/${name}`;
}
