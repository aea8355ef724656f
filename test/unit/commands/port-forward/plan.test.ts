// kubectl port-forward's port and address parsing (client-go tools/portforward) and its named/service port
// translation, with kubectl's error texts; the upgrade requests kubectl v1.32 sends; kubectl's klog error line; the
// SPDY dictionary the snippet's python client builds.
import { describe, expect, it } from 'vitest';
import {
  checkUdpPorts,
  convertPodNamedPorts,
  formatPorts,
  parseAddresses,
  parsePorts,
  portForwardSpdyStep,
  portForwardStep,
  translateServicePorts,
} from '../../../../src/commands/port-forward/plan.js';
import { klogError } from '../../../../src/commands/port-forward/run.js';
import { DICTIONARY } from '../../../../src/protocol/spdy.js';
import { renderPreamble } from '../../../../src/render/credential-preamble.js';
import { websocketCallLines } from '../../../../src/render/websocket-call.js';
import { kindCredentials } from '../../../helpers/credentials.js';

const pod = {
  metadata: { name: 'web' },
  spec: {
    containers: [
      { name: 'a', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] },
      { name: 'b', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] },
    ],
  },
};
const svc = {
  metadata: { name: 'front' },
  spec: {
    clusterIP: '10.96.0.9',
    ports: [
      { name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'alt', port: 81, targetPort: 9090, protocol: 'TCP' },
      { name: 'same', port: 82, protocol: 'TCP' },
    ],
  },
};

describe('parsePorts', () => {
  it.each([
    ['80', { local: 80, remote: 80 }],
    ['8080:80', { local: 8080, remote: 80 }],
    [':80', { local: 0, remote: 80 }],
    ['0:80', { local: 0, remote: 80 }],
  ])('%s', (spec, port) => expect(parsePorts([spec])).toEqual([port]));

  it.each([
    ['1:2:3', "invalid port format '1:2:3'"],
    ['99999:80', `error parsing local port '99999': strconv.ParseUint: parsing "99999": value out of range`],
    ['80:x', `error parsing remote port 'x': strconv.ParseUint: parsing "x": invalid syntax`],
    ['8080:0', 'remote port must be > 0'],
  ])('%s is refused as kubectl refuses it', (spec, message) => expect(() => parsePorts([spec])).toThrow(message));

  it("formats ports as Go's %v does", () => expect(formatPorts(parsePorts(['8080:80', '9']))).toBe('[{8080 80} {9 9}]'));
});

describe('parseAddresses', () => {
  it('localhost is 127.0.0.1 and ::1 (both must fail to fail), IPs as given, sorted', () => {
    expect(parseAddresses(['localhost', '10.0.0.1', 'localhost'])).toEqual([
      { address: '10.0.0.1', protocol: 'tcp4', failureMode: 'any' },
      { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' },
      { address: '::1', protocol: 'tcp6', failureMode: 'all' },
    ]);
  });
  it('refuses a host name', () => expect(() => parseAddresses(['example.com'])).toThrow('example.com is not a valid IP'));
});

describe('named and service ports', () => {
  it("turns a pod's named port into its number, keeping numbers", () => {
    expect(convertPodNamedPorts(['http', '9000:http', '5000'], pod)).toEqual(['8080', '9000:8080', '5000']);
    expect(() => convertPodNamedPorts(['nope'], pod)).toThrow("Pod 'web' does not have a named port 'nope'");
    expect(() => convertPodNamedPorts(['80:'], pod)).toThrow('remote port cannot be empty');
  });

  it("turns a service port (number or name) into its target port in the pod; a name given alone becomes the service's port number locally", () => {
    expect(translateServicePorts(['80', '8443:80', 'web', 'alt', '82'], svc, pod)).toEqual(['80:8080', '8443:8080', '80:8080', '81:9090', '82']);
    expect(() => translateServicePorts(['83'], svc, pod)).toThrow('Service front does not have a service port 83');
  });

  it('refuses a port declared for UDP only', () => {
    expect(() => checkUdpPorts(['53'], pod, false)).toThrow('UDP protocol is not supported for 53');
    expect(() => checkUdpPorts(['dns'], pod, false)).toThrow('UDP protocol is not supported for dns');
    expect(() => checkUdpPorts(['8080', 'http'], pod, false)).not.toThrow();
  });
});

describe('the upgrade requests', () => {
  it('a WebSocket GET with the SPDY-in-WebSocket subprotocol and no query; the SPDY POST fallback', () => {
    const ws = portForwardStep('default', 'web', [{ local: 8080, remote: 80 }], ['localhost']);
    expect({ method: ws.method, path: ws.path, query: ws.query, headers: ws.headers }).toEqual({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods/web/portforward',
      query: [],
      headers: [
        ['Upgrade', 'websocket'],
        ['Sec-Websocket-Protocol', 'SPDY/3.1+portforward.k8s.io'],
        ['Sec-Websocket-Version', '13'],
      ],
    });
    expect(ws.forward).toEqual({ ports: [{ local: 8080, remote: 80 }], addresses: ['localhost'] });
    const spdy = portForwardSpdyStep('default', 'web');
    expect([spdy.method, spdy.headers]).toEqual([
      'POST',
      [
        ['Upgrade', 'SPDY/3.1'],
        ['X-Stream-Protocol-Version', 'portforward.k8s.io'],
      ],
    ]);
  });
});

describe("kubectl's error line", () => {
  it('is a klog line: E, month and day, local time with microseconds, the pid right-aligned, the source line, the quoted error', () => {
    const at = new Date(2026, 11, 7, 15, 44, 3, 942);
    expect(klogError(at, 16983, 'an error occurred forwarding 8080 -> 81: "refused"')).toBe(
      'E1207 15:44:03.942000   16983 portforward.go:424] "Unhandled Error" err="an error occurred forwarding 8080 -> 81: \\"refused\\""\n',
    );
  });
});

describe("the snippet's python client", () => {
  it("builds SPDY's dictionary from its NAMES and VALUES exactly", () => {
    const lines = websocketCallLines(
      {
        method: 'GET',
        path: '/api/v1/namespaces/default/pods/web/portforward',
        query: [],
        headers: [
          ['Upgrade', 'websocket'],
          ['Sec-Websocket-Protocol', 'SPDY/3.1+portforward.k8s.io'],
        ],
        stream: true,
        purpose: 'forward',
        role: 'call',
      },
      renderPreamble(kindCredentials(), { reveal: false }),
      ['SPDY/3.1+portforward.k8s.io'],
    );
    const program = lines.join('\n');
    const names = /^NAMES = "(.*)"$/m.exec(program)![1].split('|');
    const values = /^VALUES = "(.*)"$/m.exec(program)![1];
    const built = Buffer.concat([
      ...names.map((n) => {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(n.length);
        return Buffer.concat([len, Buffer.from(n)]);
      }),
      Buffer.from(values),
    ]);
    expect(built.equals(DICTIONARY)).toBe(true);
  });
});
