// The create-only review kinds: SelfSubjectAccessReview and SelfSubjectRulesReview (`kubectl auth can-i`),
// SubjectAccessReview and LocalSubjectAccessReview, SelfSubjectReview (`kubectl auth whoami`) and
// TokenReview. kubectl 1.32 sends some of these as protobuf; they are answered in JSON, which it accepts.
import { authenticate } from '../authn/authenticate.js';
import { authorize, rulesReview } from '../authz/rbac.js';
import { badRequest, unsupportedMediaType } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import { encodeManagedFields, trackUpdate } from '../managed-fields.js';
import { isPlainObject } from '../object-meta.js';
import { contentTypeOf, negotiate } from '../negotiation.js';
import { ProtobufUnsupported } from '../../protobuf/codec.js';
import { groupVersionOf } from '../registry.js';
import { checkObjectBody, parseBody } from '../request-body.js';
import { readBody, sendObject } from '../respond.js';
import type { RequestAttributes, UserInfo } from '../types.js';
import type { ResourceRequest } from './resources.js';
import { fieldManagerOf } from './writes.js';

type Rec = Record<string, unknown>;

function attributes(user: UserInfo, spec: Rec, namespaceOverride?: string): RequestAttributes {
  const ra = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nra = isPlainObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  if (ra) {
    return {
      user,
      verb: s(ra.verb),
      isResourceRequest: true,
      path: '',
      apiGroup: s(ra.group),
      apiVersion: s(ra.version),
      resource: s(ra.resource),
      subresource: s(ra.subresource),
      namespace: namespaceOverride ?? s(ra.namespace),
      name: s(ra.name),
    };
  }
  return {
    user,
    verb: s(nra?.verb),
    isResourceRequest: false,
    path: s(nra?.path),
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
  };
}

function accessStatus(api: ApiServer, attrs: RequestAttributes): Rec {
  const d = authorize(attrs, api.rbac);
  const status: Rec = { allowed: d.allowed };
  if (d.reason) status.reason = d.reason;
  return status;
}

function userInfoJson(u: UserInfo): Rec {
  const out: Rec = { username: u.username };
  if (u.uid) out.uid = u.uid;
  out.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}

export async function handleReview(api: ApiServer, r: ResourceRequest): Promise<void> {
  const body = await readBody(r.req);
  const typed = api.openapi.schemaFor(r.def.group, r.def.version, r.def.kind);
  let parsed: unknown;
  try {
    parsed = parseBody(body, contentTypeOf(r.req.headers['content-type']), r.def.kind);
  } catch (e) {
    if (e instanceof ProtobufUnsupported) throw unsupportedMediaType(['application/json', 'application/yaml']);
    throw e;
  }
  const obj = checkObjectBody(parsed, r.def, typed.defs, typed.schema);
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  let status: Rec;
  switch (r.def.resource) {
    case 'selfsubjectaccessreviews':
      if (!isPlainObject(spec.resourceAttributes) && !isPlainObject(spec.nonResourceAttributes)) {
        throw reviewInvalid(r.def.kind, 'spec.resourceAttributes', 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
      }
      status = accessStatus(api, attributes(r.user, spec));
      break;
    case 'localsubjectaccessreviews': {
      const ra = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
      if (!ra || (ra.namespace !== undefined && ra.namespace !== r.namespace)) {
        throw reviewInvalid(r.def.kind, 'spec.resourceAttributes.namespace', 'must match metadata.namespace');
      }
      status = accessStatus(api, attributes(subjectOf(spec), spec, r.namespace));
      break;
    }
    case 'subjectaccessreviews':
      if (typeof spec.user !== 'string' && !Array.isArray(spec.groups))
        throw reviewInvalid(r.def.kind, 'spec.user', 'at least one of user or group must be specified');
      status = accessStatus(api, attributes(subjectOf(spec), spec));
      break;
    case 'selfsubjectrulesreviews': {
      const ns = typeof spec.namespace === 'string' ? spec.namespace : '';
      status = rulesReview(r.user, ns, api.rbac) as unknown as Rec;
      break;
    }
    case 'selfsubjectreviews':
      status = { userInfo: userInfoJson(r.user) };
      break;
    case 'tokenreviews': {
      const token = typeof spec.token === 'string' ? spec.token : '';
      const user = authenticate(
        { authorization: `Bearer ${token}`, peerAuthorized: false },
        { staticTokens: api.opts.staticTokens, verifyServiceAccountToken: api.opts.tokens ? (t) => api.opts.tokens?.verify(t) : undefined },
      );
      const audiences = Array.isArray(spec.audiences) && spec.audiences.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'];
      status = user && user !== 'invalid' ? { authenticated: true, user: userInfoJson(user), audiences } : { user: {} };
      break;
    }
    default:
      throw badRequest(`${r.def.kind} is not supported`);
  }
  const metadata: Rec = { ...(isPlainObject(obj.metadata) ? obj.metadata : {}), creationTimestamp: null };
  const entries = trackUpdate(
    { typed, manager: fieldManagerOf(r), apiVersion: groupVersionOf(r.def), subresource: '', now: api.opts.now(), ignore: ['status'] },
    undefined,
    { ...obj, metadata: {} },
    [],
  );
  if (entries.length) metadata.managedFields = encodeManagedFields(entries);
  const result: Rec = { kind: r.def.kind, apiVersion: groupVersionOf(r.def), metadata };
  if (r.def.resource !== 'selfsubjectreviews') result.spec = spec;
  result.status = status;
  sendObject(r.res, 201, result, { negotiated: negotiate(r.req.headers.accept) });
}

function subjectOf(spec: Rec): UserInfo {
  const user: UserInfo = { username: typeof spec.user === 'string' ? spec.user : '', groups: Array.isArray(spec.groups) ? (spec.groups as string[]) : [] };
  if (typeof spec.uid === 'string') user.uid = spec.uid;
  if (isPlainObject(spec.extra)) user.extra = spec.extra as Record<string, string[]>;
  return user;
}

function reviewInvalid(kind: string, field: string, message: string) {
  return badRequest(`${kind}.authorization.k8s.io "" is invalid: ${field}: Invalid value: "null": ${message}`);
}
