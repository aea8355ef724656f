// A kcurl exec plan in each bash form: the pod GET is a curl command, the WebSocket upgrade is never one (curl 7.88
// cannot go on after the 101): its handshake is a comment and the call is made by the python3-websocket client.
import { describe, expect, it } from 'vitest';
import { websocketStep } from '../../../src/commands/exec/plan.js';
import { renderCurl } from '../../../src/render/curl.js';
import { kindCredentials } from '../../helpers/credentials.js';

const plan = {
  command: 'kubectl exec',
  steps: [websocketStep({ subresource: 'exec', namespace: 'default', pod: 'web', container: 'main', command: ['sh', '-c', 'cat'], stdin: true, tty: false })],
};

describe('an exec plan as bash', () => {
  it.each(['script', 'readable', 'line'] as const)('%s: the handshake as a comment, then the python3-websocket call', (form) => {
    const text = renderCurl(plan, kindCredentials(), { reveal: false, form });
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('curl ') || (l.includes(' curl -sS') && !l.startsWith('#')))).toEqual([]);
    expect(text).toContain('#   curl -sS -N -i --http1.1 ');
    expect(text).toContain(
      `' "$APISERVER"'/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=cat&container=main&stderr=true&stdin=true&stdout=true' v5.channel.k8s.io`,
    );
    expect(lines.some((l) => l.startsWith("python3 -c 'import json, ssl, sys, threading, websocket"))).toBe(true);
  });
});
