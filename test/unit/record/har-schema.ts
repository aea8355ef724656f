// A HAR 1.2 checker written from the specification (http://www.softwareishard.com/blog/har-12-spec/),
// independent of kcurl's HAR writer: required fields and their types at every level, ISO 8601
// startedDateTime, and no unknown field unless it starts with "_" (the spec's custom-field rule).

type Spec = { [field: string]: { type: 'string' | 'number' | 'object' | 'array'; required: boolean; items?: Spec; fields?: Spec } };

const nameValue: Spec = {
  name: { type: 'string', required: true },
  value: { type: 'string', required: true },
  comment: { type: 'string', required: false },
};
const cookie: Spec = {
  ...nameValue,
  path: { type: 'string', required: false },
  domain: { type: 'string', required: false },
  expires: { type: 'string', required: false },
  httpOnly: { type: 'object', required: false },
  secure: { type: 'object', required: false },
};
const postData: Spec = {
  mimeType: { type: 'string', required: true },
  params: {
    type: 'array',
    required: false,
    items: {
      name: { type: 'string', required: true },
      value: { type: 'string', required: false },
      fileName: { type: 'string', required: false },
      contentType: { type: 'string', required: false },
      comment: { type: 'string', required: false },
    },
  },
  text: { type: 'string', required: false },
  comment: { type: 'string', required: false },
};
const request: Spec = {
  method: { type: 'string', required: true },
  url: { type: 'string', required: true },
  httpVersion: { type: 'string', required: true },
  cookies: { type: 'array', required: true, items: cookie },
  headers: { type: 'array', required: true, items: nameValue },
  queryString: { type: 'array', required: true, items: nameValue },
  postData: { type: 'object', required: false, fields: postData },
  headersSize: { type: 'number', required: true },
  bodySize: { type: 'number', required: true },
  comment: { type: 'string', required: false },
};
const content: Spec = {
  size: { type: 'number', required: true },
  compression: { type: 'number', required: false },
  mimeType: { type: 'string', required: true },
  text: { type: 'string', required: false },
  encoding: { type: 'string', required: false },
  comment: { type: 'string', required: false },
};
const response: Spec = {
  status: { type: 'number', required: true },
  statusText: { type: 'string', required: true },
  httpVersion: { type: 'string', required: true },
  cookies: { type: 'array', required: true, items: cookie },
  headers: { type: 'array', required: true, items: nameValue },
  content: { type: 'object', required: true, fields: content },
  redirectURL: { type: 'string', required: true },
  headersSize: { type: 'number', required: true },
  bodySize: { type: 'number', required: true },
  comment: { type: 'string', required: false },
};
const timings: Spec = {
  blocked: { type: 'number', required: false },
  dns: { type: 'number', required: false },
  connect: { type: 'number', required: false },
  send: { type: 'number', required: true },
  wait: { type: 'number', required: true },
  receive: { type: 'number', required: true },
  ssl: { type: 'number', required: false },
  comment: { type: 'string', required: false },
};
const entry: Spec = {
  pageref: { type: 'string', required: false },
  startedDateTime: { type: 'string', required: true },
  time: { type: 'number', required: true },
  request: { type: 'object', required: true, fields: request },
  response: { type: 'object', required: true, fields: response },
  cache: {
    type: 'object',
    required: true,
    fields: {
      beforeRequest: { type: 'object', required: false },
      afterRequest: { type: 'object', required: false },
      comment: { type: 'string', required: false },
    },
  },
  timings: { type: 'object', required: true, fields: timings },
  serverIPAddress: { type: 'string', required: false },
  connection: { type: 'string', required: false },
  comment: { type: 'string', required: false },
};
const log: Spec = {
  version: { type: 'string', required: true },
  creator: {
    type: 'object',
    required: true,
    fields: { name: { type: 'string', required: true }, version: { type: 'string', required: true }, comment: { type: 'string', required: false } },
  },
  browser: { type: 'object', required: false },
  pages: { type: 'array', required: false },
  entries: { type: 'array', required: true, items: entry },
  comment: { type: 'string', required: false },
};

function typeOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

function check(value: unknown, spec: Spec, path: string, errors: string[]): void {
  if (typeOf(value) !== 'object') {
    errors.push(`${path}: expected an object`);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const [field, rule] of Object.entries(spec)) {
    const v = obj[field];
    if (v === undefined) {
      if (rule.required) errors.push(`${path}.${field}: required`);
      continue;
    }
    if (typeOf(v) !== rule.type) {
      errors.push(`${path}.${field}: expected ${rule.type}, got ${typeOf(v)}`);
      continue;
    }
    if (rule.fields) check(v, rule.fields, `${path}.${field}`, errors);
    if (rule.items) (v as unknown[]).forEach((item, i) => check(item, rule.items!, `${path}.${field}[${i}]`, errors));
  }
  for (const field of Object.keys(obj)) {
    if (!(field in spec) && !field.startsWith('_')) errors.push(`${path}.${field}: not a HAR 1.2 field (custom fields start with "_")`);
  }
}

/** Every violation of HAR 1.2 in the document (empty when valid). */
export function harErrors(doc: unknown): string[] {
  const errors: string[] = [];
  if (typeOf(doc) !== 'object') return ['document: expected an object'];
  const top = doc as Record<string, unknown>;
  for (const k of Object.keys(top)) if (k !== 'log') errors.push(`.${k}: only "log" is allowed at the top level`);
  check(top.log, log, 'log', errors);
  const l = top.log as { version?: unknown; entries?: { startedDateTime?: unknown; time?: number; timings?: Record<string, number> }[] };
  if (l?.version !== '1.2') errors.push(`log.version: expected "1.2", got ${JSON.stringify(l?.version)}`);
  l?.entries?.forEach((e, i) => {
    if (typeof e.startedDateTime === 'string' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(e.startedDateTime)) {
      errors.push(`log.entries[${i}].startedDateTime: not ISO 8601`);
    }
    for (const t of ['send', 'wait', 'receive']) {
      const v = e.timings?.[t];
      if (typeof v === 'number' && v < 0 && v !== -1) errors.push(`log.entries[${i}].timings.${t}: negative`);
    }
  });
  return errors;
}
