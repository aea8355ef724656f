// The proxy's log line for one relayed request: the direct curl command, with bodies that are binary or
// too large described in a trailing comment (shellComment) instead of inlined, and connection headers left out.
import { describe, expect, it } from 'vitest';
import { encodeProtobufEnvelope, lenField } from '../../../src/protobuf/codec.js';
import { curlLine } from '../../../src/proxy/report.js';
import { redactRelayedBody } from '../../../src/record/redact.js';
import { renderPreamble } from '../../../src/render/credential-preamble.js';
import { kindCredentials } from '../../helpers/credentials.js';
import { requireTool } from '../../helpers/require-tool.js';
import { runProcessSync } from '../../helpers/spawn.js';

const creds = kindCredentials();
const preamble = renderPreamble(creds, { reveal: false });
const base = { method: 'POST', target: '/api/v1/namespaces/default/configmaps', streaming: false };

describe('curlLine', () => {
  it.each([
    [
      'a small text body is inlined',
      { body: Buffer.from('{"a":1}'), bodyBytes: 7 },
      / --data-raw '\{"a":1\}' "\$APISERVER"\/api\/v1\/namespaces\/default\/configmaps$/,
    ],
    [
      'a body too large to show is described',
      { bodyBytes: 209715200 },
      /"\$APISERVER"\/api\/v1\/namespaces\/default\/configmaps {2}# plus a body of 209715200 bytes, not shown$/,
    ],
    [
      'a damaged protobuf body is described',
      { body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff]), bodyBytes: 5 },
      /configmaps {2}# plus a binary body of 5 bytes \(protobuf that kcurl cannot decode\), not shown$/,
    ],
    ['another binary body is described', { body: Buffer.from([0x00, 0xff, 0xfe]), bodyBytes: 3 }, /configmaps {2}# plus a binary body of 3 bytes, not shown$/],
  ])('%s', (_name, body, want) => {
    const line = curlLine({ ...base, headers: [['content-type', 'application/json']], ...body }, creds, preamble);
    expect(line).toMatch(want);
    expect(line).not.toContain('\n');
  });

  it.each([
    [{}, ''],
    [{ sayConverted: true }, '  # sent as protobuf, shown as the JSON it encodes'],
  ])('shows a protobuf body as the JSON it encodes, with a trailing note when asked (%j)', (opts, note) => {
    const secret = encodeProtobufEnvelope(
      'v1',
      'ConfigMap',
      Buffer.concat([lenField(1, lenField(1, 'cm')), lenField(2, Buffer.concat([lenField(1, 'k'), lenField(2, 'v')]))]),
    );
    const headers: [string, string][] = [
      ['accept', 'application/vnd.kubernetes.protobuf,application/json'],
      ['content-type', 'application/vnd.kubernetes.protobuf'],
    ];
    const line = curlLine({ ...base, headers, body: secret, bodyBytes: secret.length }, creds, preamble, opts);
    expect(line).toBe(
      `curl -sS -X POST -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' -H 'Content-Type: application/json' --data-raw '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm"},"data":{"k":"v"}}' "$APISERVER"/api/v1/namespaces/default/configmaps${note}`,
    );
  });

  it("leaves out Expect, Host, framing headers and a browser's cookies, and quotes the others for bash", () => {
    const headers: [string, string][] = [
      ['host', '127.0.0.1:8001'],
      ['cookie', 'session=s3cr3t-cookie'],
      ['expect', '100-continue'],
      ['content-length', '7'],
      ['x-note', "it's $(not run)"],
    ];
    const line = curlLine({ ...base, headers, body: Buffer.from('{"a":1}'), bodyBytes: 7 }, creds, preamble);
    expect(line).not.toMatch(/Expect|Host:|Content-Length|Cookie|s3cr3t/i);
    expect(line).toContain(`-H 'X-Note: it'\\''s $(not run)'`);
    // bash reads the header back as one word with the same bytes.
    const echoed = runProcessSync(requireTool('bash'), ['-c', `printf '%s' ${line.split(' -H ').at(-1)!.split(' --data-raw')[0]}`]);
    expect(echoed.stdout).toBe("X-Note: it's $(not run)");
  });

  it('after redactRelayedBody, a Secret body shows markers instead of its values (without, it is shown as sent)', () => {
    const secret = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2-hunter2' } });
    const r = {
      method: 'POST',
      target: '/api/v1/namespaces/default/secrets',
      streaming: false,
      headers: [['content-type', 'application/json']] as [string, string][],
      body: Buffer.from(secret),
      bodyBytes: secret.length,
    };
    const redacted = curlLine(redactRelayedBody(r), creds, preamble);
    expect(redacted).not.toContain('hunter2');
    expect(redacted).toContain('<redacted: Secret stringData value, 15 bytes>');
    expect(curlLine(r, creds, preamble)).toContain('hunter2-hunter2');
  });
});
