// A recorded WebSocket upgrade as a script shows it (kubectl v1.32 exec and attach: `v5.channel.k8s.io`;
// port-forward: SPDY tunnelled in WebSocket messages). curl 7.88 sends the handshake and prints the 101 answer,
// then cannot go on: it has no WebSocket support. So the handshake is shown as a comment, the channel framing is
// explained, and an exec or attach is made by a short Python program on Debian's python3-websocket, given the
// URL and curl's own TLS and credential options: it sends stdin as channel 0, writes channels 1 and 2 out and
// exits with the command's exit code from the Status on channel 3, as kubectl does.
import type { RequestStep } from '../plan/request-plan.js';
import { curlCommand } from './curl.js';
import type { Preamble } from './credential-preamble.js';
import { shellComment, shellQuote } from './shell-quote.js';
import { type RequestBlock, requestBlock } from '../snippet/model.js';
import { headerValue } from '../record/exchange.js';

/** The subprotocols a request offers when it asks to become a WebSocket, or undefined for any other request. */
export function websocketProtocols(headers: readonly (readonly [string, string])[]): string[] | undefined {
  if (!/^\s*websocket\s*$/i.test(headerValue(headers, 'upgrade') ?? '')) return undefined;
  return (headerValue(headers, 'sec-websocket-protocol') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

// The client: argv is the wss URL, the subprotocol, then curl's TLS and credential options (--cacert, --cert,
// --key, -k, -H). No single quote inside, so bash passes it as one single-quoted word.
const PYTHON_CLIENT = `import json, ssl, sys, threading, websocket
url = sys.argv[1].replace("https://", "wss://", 1).replace("http://", "ws://", 1)
headers, sslopt, opts = [], {}, sys.argv[3:]
for i, opt in enumerate(opts):
    value = opts[i + 1] if i + 1 < len(opts) else ""
    if opt == "-H": headers.append(value)
    elif opt == "--cacert": sslopt["ca_certs"] = value
    elif opt == "--cert": sslopt["certfile"] = value
    elif opt == "--key": sslopt["keyfile"] = value
    elif opt in ("-k", "--insecure"): sslopt["cert_reqs"] = ssl.CERT_NONE
try:
    ws = websocket.create_connection(url, header=headers, subprotocols=[sys.argv[2]], sslopt=sslopt)
except websocket.WebSocketBadStatusException as e:
    print("error: the server refused the upgrade: HTTP", e.status_code, file=sys.stderr)
    sys.exit(1)
def send_stdin():
    while chunk := sys.stdin.buffer.read1(65536):
        ws.send_binary(b"\\x00" + chunk)
    if ws.subprotocol == "v5.channel.k8s.io":
        ws.send_binary(b"\\xff\\x00")  # v5: stdin (channel 0) is closed
if "stdin=true" in url:
    threading.Thread(target=send_stdin, daemon=True).start()
code = 0
try:
    while True:
        opcode, data = ws.recv_data()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            break
        if data[:1] in (b"\\x01", b"\\x02"):
            out = sys.stdout if data[0] == 1 else sys.stderr
            out.buffer.write(data[1:])
            out.flush()
        elif data[:1] == b"\\x03":
            status = json.loads(data[1:] or b"{}")
            if status.get("status") == "Failure":
                codes = [int(c["message"]) for c in status.get("details", {}).get("causes", []) if c.get("reason") == "ExitCode"]
                code = codes[0] if codes else 1
                print(f"command terminated with exit code {code}" if codes else "error: " + str(status.get("message")), file=sys.stderr)
except websocket.WebSocketConnectionClosedException:
    pass
sys.exit(code)
`;

/**
 * The lines a script shows for a recorded WebSocket upgrade (after its `# N. GET …` comment). `step` is the
 * request as shown (shownStep: connection headers left out), `protocols` what it offered.
 */
export function websocketCallLines(step: RequestStep, preamble: Preamble, protocols: readonly string[]): string[] {
  return websocketBlockLines(requestBlock(step), preamble, protocols);
}

/** The same for a request block of a snippet (kcurl exec and attach show their upgrade this way). */
export function websocketBlockLines(block: RequestBlock, preamble: Preamble, protocols: readonly string[]): string[] {
  const protocol = protocols[0] ?? '';
  const headers = block.headers.filter(([k]) => !/^(connection|upgrade)$/i.test(k));
  const handshake = curlCommand({ ...block, stream: true, headers: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ...headers] }, preamble, {
    multiline: false,
    flags: ['-i', '--http1.1'],
  });
  const lines = [
    shellComment(
      `a WebSocket upgrade (Sec-WebSocket-Protocol: ${protocols.join(', ')}). curl 7.88 sends this handshake and prints the 101 answer, ` +
        'but has no WebSocket support: it cannot send or read the framed messages that follow. The handshake:',
    ),
    `#   ${handshake}`,
  ];
  if (/channel\.k8s\.io$/.test(protocol)) {
    lines.push(
      shellComment(
        `${protocol} framing: each binary message starts with its channel byte: 0 stdin, 1 stdout, 2 stderr, ` +
          '3 the result (a Status: Success, or Failure with the exit code), 4 the terminal size (JSON)' +
          (protocol.startsWith('v5.') ? ', 255 closes a channel (255 0: end of stdin).' : '.'),
      ),
      shellComment('The same call with python3-websocket (Debian: apt-get install python3-websocket), stdin sent when the call asks for it:'),
      `python3 -c ${shellQuote(PYTHON_CLIENT)} ${preamble.serverRef}${shellQuote(block.url.target)} ${shellQuote(protocol)} ${preamble.curlAuth.join(' ')}`.trimEnd(),
    );
  } else if (/portforward/.test(protocol)) {
    lines.push(
      shellComment(
        `${protocol}: port-forward carries SPDY/3.1 streams inside WebSocket messages, which no Debian-packaged tool speaks; ` +
          'kubectl port-forward makes this call.',
      ),
    );
  } else lines.push(shellComment(`${protocol || 'no subprotocol'}: kcurl shows no client for this protocol.`));
  return lines;
}
