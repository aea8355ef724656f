// A recorded WebSocket upgrade as a script shows it (kubectl v1.32 exec and attach: `v5.channel.k8s.io`;
// port-forward: SPDY tunnelled in WebSocket messages). curl 7.88 sends the handshake and prints the 101 answer,
// then cannot go on: it has no WebSocket support. So the handshake is shown as a comment, the channel framing is
// explained, and an exec or attach is made by a short Python program on Debian's python3-websocket, given the
// URL and curl's own TLS and credential options: it sends stdin as channel 0, writes channels 1 and 2 out and
// exits with the command's exit code from the Status on channel 3, as kubectl does. A port-forward is made by a
// longer one that speaks SPDY/3.1 in the WebSocket (python's zlib takes SPDY's dictionary as zdict).
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

// Both clients open their WebSocket with this function: curl's TLS and credential options (--cacert, --cert, --key,
// -k, -H) given to websocket-client, the https URL as wss.
const PYTHON_CONNECT = `def connect(url, protocol, opts):
    headers, sslopt = [], {}
    for i, opt in enumerate(opts):
        value = opts[i + 1] if i + 1 < len(opts) else ""
        if opt == "-H": headers.append(value)
        elif opt == "--cacert": sslopt["ca_certs"] = value
        elif opt == "--cert": sslopt["certfile"] = value
        elif opt == "--key": sslopt["keyfile"] = value
        elif opt in ("-k", "--insecure"): sslopt["cert_reqs"] = ssl.CERT_NONE
    url = url.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
    return websocket.create_connection(url, header=headers, subprotocols=[protocol], sslopt=sslopt)
`;

// The client: argv is the wss URL, the subprotocol, then curl's TLS and credential options (--cacert, --cert,
// --key, -k, -H). No single quote inside, so bash passes it as one single-quoted word.
const PYTHON_CLIENT = `import json, ssl, sys, threading, websocket
${PYTHON_CONNECT}url = sys.argv[1]
try:
    ws = connect(url, sys.argv[2], sys.argv[3:])
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

// The port-forward client: argv is the wss URL, the ports ([LOCAL:]REMOTE, comma separated), the listen
// addresses (comma separated; localhost is 127.0.0.1 and ::1), then curl's TLS and credential options. It speaks
// SPDY/3.1 inside the WebSocket as kubectl does: per local connection an error stream and a data stream (headers
// streamtype, port, requestid; header blocks zlib-compressed with SPDY's dictionary), prints kubectl's lines, and
// ends at Ctrl-C (GOAWAY) or, as kubectl, with "error: lost connection to pod" when the pod reports an error.
const PORT_FORWARD_CLIENT = `import signal, socket, ssl, struct, sys, threading, zlib, websocket
${PYTHON_CONNECT}# SPDY/3 header compression dictionary: length-prefixed header names, then common values (the draft-3 spec).
NAMES = "options|head|post|put|delete|trace|accept|accept-charset|accept-encoding|accept-language|accept-ranges|age|allow|authorization|cache-control|connection|content-base|content-encoding|content-language|content-length|content-location|content-md5|content-range|content-type|date|etag|expect|expires|from|host|if-match|if-modified-since|if-none-match|if-range|if-unmodified-since|last-modified|location|max-forwards|pragma|proxy-authenticate|proxy-authorization|range|referer|retry-after|server|te|trailer|transfer-encoding|upgrade|user-agent|vary|via|warning|www-authenticate|method|get|status|200 OK|version|HTTP/1.1|url|public|set-cookie|keep-alive|origin"
VALUES = "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0."
DICT = b"".join(struct.pack(">I", len(n)) + n.encode() for n in NAMES.split("|")) + VALUES.encode()
ports = [(int(p.split(":")[0] or 0), int(p.split(":")[-1])) for p in sys.argv[2].split(",")]
addresses = sorted({a for x in sys.argv[3].split(",") for a in (["127.0.0.1", "::1"] if x == "localhost" else [x])})
try:
    ws = connect(sys.argv[1], "SPDY/3.1+portforward.k8s.io", sys.argv[4:])
except websocket.WebSocketBadStatusException as e:
    sys.exit(f"error: error upgrading connection: the server answered HTTP {e.status_code}")
lock, streams, state = threading.Lock(), {}, {"id": 1, "request": 0, "code": 0}
deflate = zlib.compressobj(9, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, DICT)
stop = threading.Event()
def frame(first, flags, body):  # a control frame (first = 0x8003 << 16 | type) or a DATA frame (first = stream id)
    return struct.pack(">II", first, flags << 24 | len(body)) + body
def open_stream(sid, pairs):  # SYN_STREAM: id, no associated stream, priority 0, the compressed name/value block
    block = struct.pack(">I", len(pairs)) + b"".join(struct.pack(">I", len(x)) + x for kv in pairs for x in (kv[0].encode(), kv[1].encode()))
    ws.send_binary(frame(0x80030001, 0, struct.pack(">IIH", sid, 0, 0) + deflate.compress(block) + deflate.flush(zlib.Z_SYNC_FLUSH)))
def send(sid, data, fin=0):
    with lock:
        ws.send_binary(frame(sid, fin, data))
def read_frames():
    buf = b""
    while not stop.is_set():
        try:
            opcode, msg = ws.recv_data()
        except Exception:
            break
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            break
        buf += msg
        while len(buf) >= 8 and len(buf) >= 8 + int.from_bytes(buf[5:8], "big"):
            n = 8 + int.from_bytes(buf[5:8], "big")
            head, body, buf = buf[:8], buf[8:n], buf[n:]
            if head[0] & 0x80:
                kind = int.from_bytes(head[2:4], "big")
                if kind == 6 and body[3] % 2 == 0:  # a PING of the server: echoed
                    with lock: ws.send_binary(head + body)
                elif kind == 3 and int.from_bytes(body[:4], "big") in streams:  # RST_STREAM
                    streams[int.from_bytes(body[:4], "big")](b"", True)
                elif kind == 7:  # GOAWAY
                    buf = b""; stop.set()
            elif int.from_bytes(head[:4], "big") in streams:
                streams[int.from_bytes(head[:4], "big")](body, head[4] & 1)
    if not stop.is_set():
        print("error: lost connection to pod", file=sys.stderr)
        state["code"] = 1
        stop.set()
def forward(conn, local, remote):  # one local connection: an error stream and a data stream (kubectl: requestID, port)
    print(f"Handling connection for {local}", flush=True)
    errors, done = [], [threading.Event(), threading.Event()]
    with lock:
        sid, request = state["id"], state["request"]
        state["id"] += 4; state["request"] += 1
        pairs = [("streamtype", "error"), ("port", str(remote)), ("requestid", str(request))]
        streams[sid] = lambda data, fin: (errors.append(data), fin and done[0].set())
        open_stream(sid, pairs)
        ws.send_binary(frame(sid, 1, b""))  # the error stream is read only: our side ends at once
        def to_local(data, fin):
            if data:
                try: conn.sendall(data)
                except OSError: pass
            if fin:
                done[1].set()
        streams[sid + 2] = to_local
        open_stream(sid + 2, [("streamtype", "data")] + pairs[1:])
    def to_remote():
        while chunk := conn.recv(32768):
            send(sid + 2, chunk)
        send(sid + 2, b"", 1)
    threading.Thread(target=to_remote, daemon=True).start()
    done[1].wait()
    conn.close()
    with lock:
        ws.send_binary(frame(0x80030003, 0, struct.pack(">II", sid + 2, 5)))  # RST_STREAM CANCEL
    done[0].wait(5)
    message = b"".join(errors).decode()
    if message:
        print(f"error: an error occurred forwarding {local} -> {remote}: {message}", file=sys.stderr)
        print("error: lost connection to pod", file=sys.stderr)
        state["code"] = 1
        stop.set()
def listen(address, local, remote):
    s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, local)); s.listen()
    port = s.getsockname()[1]
    shown = "[" + address + "]" if ":" in address else address
    print(f"Forwarding from {shown}:{port} -> {remote}", flush=True)
    threading.Thread(target=lambda: [threading.Thread(target=forward, args=(s.accept()[0], port, remote), daemon=True).start() for _ in iter(int, 1)], daemon=True).start()
    return port
for local, remote in ports:
    for address in addresses:
        try:
            local = listen(address, local, remote)
        except OSError as e:
            print(f"Unable to listen on port {local}: {address}: {e.strerror}", file=sys.stderr)
threading.Thread(target=read_frames, daemon=True).start()
for sig in (signal.SIGINT, signal.SIGTERM):
    signal.signal(sig, lambda *_: stop.set())
stop.wait()
with lock:
    try:
        ws.send_binary(frame(0x80030007, 0, struct.pack(">II", 0, 0)))  # GOAWAY
        ws.close()
    except Exception:
        pass
sys.exit(state["code"])
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
    // The ports of kcurl port-forward's plan; for a recorded call, those of its ports= query (older clients sent them).
    const ports =
      block.forward?.ports.map((p) => (p.local ? `${p.local}:${p.remote}` : `:${p.remote}`)).join(',') ||
      new URLSearchParams(block.url.target.split('?')[1] ?? '').getAll('ports').join(',');
    const addresses = block.forward?.addresses.join(',') || 'localhost';
    lines.push(
      shellComment(
        `${protocol}: SPDY/3.1 frames inside WebSocket binary messages; per local connection the client opens an error stream and a data ` +
          "stream (SYN_STREAM with headers streamtype, port, requestid, zlib-compressed with SPDY's dictionary) and copies bytes as DATA frames. " +
          'No curl or other packaged command line tool speaks SPDY.',
      ),
      shellComment(
        'The same forwarding with python3-websocket (Debian: apt-get install python3-websocket); Ctrl-C stops it' +
          (ports ? ':' : '. PORTS is [LOCAL:]REMOTE (comma separated):'),
      ),
    );
    if (!ports) lines.push('PORTS=8080:80');
    lines.push(
      `python3 -c ${shellQuote(PORT_FORWARD_CLIENT)} ${preamble.serverRef}${shellQuote(block.url.target)} ${ports ? shellQuote(ports) : '"$PORTS"'} ${shellQuote(addresses)} ${preamble.curlAuth.join(' ')}`.trimEnd(),
    );
  } else lines.push(shellComment(`${protocol || 'no subprotocol'}: kcurl shows no client for this protocol.`));
  return lines;
}
