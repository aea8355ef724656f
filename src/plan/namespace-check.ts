// kubectl's follow-up to a NotFound in a namespace other than `default` (get and describe): it reads the
// namespace, so that a missing namespace is reported as such instead of as a missing object.
import { ACCEPT, type RequestStep, pathSegment } from './request-plan.js';

/** GET /api/v1/namespaces/NS with the given Accept (get keeps the Accept of its own read). */
export function namespaceCheckStep(namespace: string, accept: string = ACCEPT.json): RequestStep {
  return {
    method: 'GET',
    path: `/api/v1/namespaces/${pathSegment(namespace)}`,
    query: [],
    headers: [['Accept', accept]],
    stream: false,
    purpose: `check that namespace ${namespace} exists (after a NotFound)`,
    kind: 'lookup',
    role: 'call',
  };
}
