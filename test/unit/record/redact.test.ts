// Redaction before recording: credentials in headers, Secret values (objects, lists, watch events,
// Tables, patches, last-applied annotations), TokenRequest tokens and PEM private keys.
import { describe, expect, it } from 'vitest';
import { LineRedactor, redactBodyText, redactHeader } from '../../../src/record/redact.js';

const SECRET_B64 = Buffer.from('hunter2-password').toString('base64');

describe('redactHeader', () => {
  it.each([
    ['Authorization', 'Bearer abc.def.ghi', '<redacted: bearer token>'],
    ['authorization', 'Basic dXNlcjpwYXNz', '<redacted: basic credentials>'],
    ['Authorization', 'Negotiate xyz', '<redacted: authorization>'],
    ['Proxy-Authorization', 'Basic eHg6eXk=', '<redacted: basic credentials>'],
    ['Cookie', 'session=1', '<redacted: cookie>'],
    ['set-cookie', 'a=b; HttpOnly', '<redacted: cookie>'],
    ['Accept', 'application/json', 'application/json'],
  ])('%s: %s', (name, value, want) => {
    expect(redactHeader(name, value)).toBe(want);
  });
});

describe('redactBodyText', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { password: SECRET_B64 }, stringData: { extra: 'plain-secret' } };

  it('replaces Secret data and stringData values with markers that say what was removed', () => {
    const out = JSON.parse(redactBodyText(JSON.stringify(secret)));
    expect(out.data.password).toBe('<redacted: Secret data value, 16 bytes>');
    expect(out.stringData.extra).toBe('<redacted: Secret stringData value, 12 bytes>');
    expect(out.metadata).toEqual({ name: 's' });
  });

  it.each([
    ['a SecretList (items carry no kind)', { kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 's' }, data: { password: SECRET_B64 } }] }],
    ['a generic List', { kind: 'List', apiVersion: 'v1', metadata: {}, items: [secret] }],
    ['a watch event', { type: 'ADDED', object: secret }],
    ['a Table with includeObject=Object', { kind: 'Table', apiVersion: 'meta.k8s.io/v1', columnDefinitions: [], rows: [{ cells: ['s'], object: secret }] }],
    [
      'the last-applied-configuration annotation',
      { ...secret, data: {}, stringData: undefined, metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(secret) + '\n' } } },
    ],
  ])('finds Secret values inside %s', (_name, doc) => {
    const out = redactBodyText(JSON.stringify(doc) + '\n');
    expect(out).not.toContain(SECRET_B64);
    expect(out).not.toContain('plain-secret');
    expect(out).toContain('<redacted: Secret data value');
    expect(out.endsWith('\n')).toBe(true);
  });

  it('redacts a strategic merge patch sent to a Secret (no kind in the body)', () => {
    const out = redactBodyText(JSON.stringify({ data: { password: SECRET_B64 } }), { path: '/api/v1/namespaces/default/secrets/s' });
    expect(JSON.parse(out).data.password).toMatch(/^<redacted: Secret data value/);
  });

  it('redacts the values of a JSON patch sent to a Secret', () => {
    const patch = [{ op: 'replace', path: '/data/password', value: SECRET_B64 }, { op: 'replace', path: '/metadata/labels/a', value: 'b' }];
    const out = JSON.parse(redactBodyText(JSON.stringify(patch), { path: '/api/v1/namespaces/default/secrets/s' }));
    expect(out[0].value).toBe('<redacted: Secret data value>');
    expect(out[1].value).toBe('b');
  });

  it('redacts TokenRequest status.token', () => {
    const tr = { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: { audiences: ['x'] }, status: { token: 'eyJhbGciOi.payload.sig', expirationTimestamp: '2026-01-01T00:00:00Z' } };
    const out = JSON.parse(redactBodyText(JSON.stringify(tr)));
    expect(out.status.token).toBe('<redacted: service account token>');
    expect(out.status.expirationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('redacts PEM private keys in any text', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    const cm = JSON.stringify({ kind: 'ConfigMap', data: { key: pem } });
    expect(redactBodyText(cm)).toContain('<redacted: rsa private key>');
    expect(redactBodyText(`log line ${pem}`)).toBe('log line <redacted: rsa private key>');
  });

  it('keeps the exact bytes of bodies with nothing to redact', () => {
    const text = '{"kind":"PodList", "apiVersion":"v1","items":[{"metadata":{"name":"a"},"n":12345678901234567890}]}\n';
    expect(redactBodyText(text)).toBe(text);
  });

  const yamlSecret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: ${SECRET_B64}\nstringData:\n  extra: plain-secret\n`;
  const configMapYaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c   # kept as written\ndata:\n  a: b\n';

  it.each([
    ['a YAML Secret (Content-Type application/yaml)', { contentType: 'application/yaml' }],
    ['a YAML body sent to a Secret URL without a YAML Content-Type', { path: '/api/v1/namespaces/default/secrets' }],
    ['a server-side apply patch in YAML', { contentType: 'application/apply-patch+yaml', path: '/api/v1/namespaces/default/secrets/s' }],
  ])('redacts %s, re-encoded as YAML', (_name, context) => {
    const out = redactBodyText(yamlSecret, context);
    expect(out).not.toContain(SECRET_B64);
    expect(out).not.toContain('plain-secret');
    expect(out).toContain('password: \'<redacted: Secret data value, 16 bytes>\'');
    expect(out).toContain('extra: \'<redacted: Secret stringData value, 12 bytes>\'');
    expect(out).toContain('name: s\n');
  });

  it('redacts the Secret documents of a YAML stream and keeps the others as written', () => {
    const out = redactBodyText(`${configMapYaml}---\n${yamlSecret}`, { contentType: 'application/yaml' });
    expect(out.startsWith(`${configMapYaml}---\n`)).toBe(true);
    expect(out).not.toContain(SECRET_B64);
  });

  it('keeps YAML with nothing to redact byte for byte', () => {
    expect(redactBodyText(configMapYaml, { contentType: 'application/yaml' })).toBe(configMapYaml);
  });

  it('drops a body sent to a Secret URL that is neither JSON nor YAML', () => {
    expect(redactBodyText(`data:\n  password: ${SECRET_B64}\n  - broken: [`, { path: '/api/v1/namespaces/default/secrets/s' })).toBe(
      '<redacted: body of a Secret or TokenRequest that is neither JSON nor YAML>',
    );
  });

  it('redacts newline-delimited watch events', () => {
    const ev = (o: object) => JSON.stringify({ type: 'ADDED', object: o });
    const text = `${ev({ kind: 'ConfigMap', data: { a: 'b' } })}\n${ev(secret)}\n`;
    const out = redactBodyText(text);
    expect(out.split('\n')[0]).toBe(ev({ kind: 'ConfigMap', data: { a: 'b' } }));
    expect(out).not.toContain(SECRET_B64);
  });
});

describe('LineRedactor', () => {
  it('redacts watch events split across chunks, returning complete lines as they arrive', () => {
    const line = JSON.stringify({ type: 'ADDED', object: { kind: 'Secret', data: { p: SECRET_B64 } } }) + '\n';
    const r = new LineRedactor();
    const first = r.push(line.slice(0, 30));
    expect(first).toBe('');
    const second = r.push(line.slice(30) + '{"type":"MOD');
    expect(second).toContain('<redacted: Secret data value');
    expect(second.endsWith('\n')).toBe(true);
    expect(r.flush()).toBe('{"type":"MOD');
  });
});
