// Recorded WebSocket upgrades in a script: which requests are upgrades, the handshake shown as a comment with
// what curl 7.88 cannot do, and the client each protocol gets (a python3-websocket call for the channel
// protocols of exec and attach, and port-forward's SPDY-in-WebSocket client).
import { describe, expect, it } from 'vitest';
import { shownStep } from '../../../src/proxy/report.js';
import { websocketCallLines, websocketProtocols } from '../../../src/render/websocket-call.js';
import { renderPreamble } from '../../../src/render/credential-preamble.js';
import { kindCredentials } from '../../helpers/credentials.js';

const preamble = renderPreamble(kindCredentials(), { reveal: false });

const upgrade = (target: string, protocol: string) =>
  shownStep({
    method: 'GET',
    target,
    streaming: true,
    headers: [
      ['connection', 'Upgrade'],
      ['upgrade', 'websocket'],
      ['sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['sec-websocket-protocol', protocol],
      ['sec-websocket-version', '13'],
    ],
  });

describe('websocketProtocols', () => {
  it.each([
    [
      [
        ['upgrade', 'websocket'],
        ['sec-websocket-protocol', 'v5.channel.k8s.io, v4.channel.k8s.io'],
      ],
      ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
    ],
    [[['Upgrade', 'WebSocket']], []],
    [[['upgrade', 'SPDY/3.1']], undefined],
    [[['accept', 'application/json']], undefined],
  ] as [[string, string][], string[] | undefined][])('%j → %j', (headers, want) => {
    expect(websocketProtocols(headers)).toEqual(want);
  });
});

describe('websocketCallLines', () => {
  it('exec: the handshake as a comment, the framing, then a python3-websocket call with the URL and curl credentials', () => {
    const lines = websocketCallLines(upgrade('/api/v1/namespaces/default/pods/p/exec?command=ls&stdout=true', 'v5.channel.k8s.io'), preamble, [
      'v5.channel.k8s.io',
    ]);
    expect(lines[0]).toMatch(
      /^# a WebSocket upgrade \(Sec-WebSocket-Protocol: v5\.channel\.k8s\.io\)\. curl 7\.88 sends this handshake .* has no WebSocket support/,
    );
    expect(lines[1]).toBe(
      `#   curl -sS -N -i --http1.1 -H "Authorization: Bearer $TOKEN" -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H 'Sec-Websocket-Protocol: v5.channel.k8s.io' -H 'Sec-Websocket-Version: 13' "$APISERVER"'/api/v1/namespaces/default/pods/p/exec?command=ls&stdout=true'`,
    );
    expect(lines[2]).toContain('255 closes a channel (255 0: end of stdin)');
    expect(lines[4].startsWith("python3 -c 'import json, ssl, sys, threading, websocket\n")).toBe(true);
    expect(
      lines[4].endsWith(`' "$APISERVER"'/api/v1/namespaces/default/pods/p/exec?command=ls&stdout=true' v5.channel.k8s.io -H "Authorization: Bearer $TOKEN"`),
    ).toBe(true);
  });

  it('port-forward: the handshake, then a python3-websocket client speaking SPDY in the WebSocket, on the ports of the ports= query', () => {
    const lines = websocketCallLines(upgrade('/api/v1/namespaces/default/pods/p/portforward?ports=80', 'SPDY/3.1+portforward.k8s.io'), preamble, [
      'SPDY/3.1+portforward.k8s.io',
    ]);
    const text = lines.join('\n');
    expect(text).toContain('No curl or other packaged command line tool speaks SPDY');
    expect(text).toContain('apt-get install python3-websocket');
    expect(lines.at(-1)).toMatch(/^python3 -c 'import signal, socket, ssl, struct, sys, threading, zlib, websocket\n/);
    expect(lines.at(-1)).toMatch(
      /' "\$APISERVER"'\/api\/v1\/namespaces\/default\/pods\/p\/portforward\?ports=80' 80 localhost -H "Authorization: Bearer \$TOKEN"$/,
    );
  });

  it('port-forward without ports in the request: a PORTS variable to set', () => {
    const lines = websocketCallLines(upgrade('/api/v1/namespaces/default/pods/p/portforward', 'SPDY/3.1+portforward.k8s.io'), preamble, [
      'SPDY/3.1+portforward.k8s.io',
    ]);
    expect(lines.at(-2)).toBe('PORTS=8080:80');
    expect(lines.at(-1)).toMatch(/portforward "\$PORTS" localhost /);
  });
});
