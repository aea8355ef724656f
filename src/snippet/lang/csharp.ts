// The C# generator: the snippet model as a program that speaks HTTP/1.1 over System.Net.Security.SslStream
// (HttpClient rewrites headers such as Accept; compiled with mcs, run with mono), reading the credentials the bash preamble exports. The server certificate is checked against the
// preamble's CA; .metadata values are read the way the curl script's json_meta reads them (no JSON parser in Mono's
// base library). A client certificate goes to SslStream as PKCS#12: the runner converts CERT and KEY with openssl
// into CERT_P12 (3DES and SHA-1, which Mono's PKCS#12 reader knows; OpenSSL 3's default AES does not load).
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, answerUse, applied, blockHeaders, commentLines, conditionTest, expectedStatuses, httpProxy } from './program.js';

// JSON's string escapes are C#'s too (\", \\, \n, \uXXXX …).
const str = (v: string) => JSON.stringify(v);

const HEAD = `using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

public static class Kcurl {
  class Answer { public int Status; public string Body = ""; }

  static readonly Uri Server = new Uri(Environment.GetEnvironmentVariable("APISERVER"));
  static readonly Dictionary<int, Answer> answers = new Dictionary<int, Answer>();
  static readonly Dictionary<string, string> values = new Dictionary<string, string>();

  static string Env(string name) {
    var v = Environment.GetEnvironmentVariable(name);
    return string.IsNullOrEmpty(v) ? null : v;
  }

  /** TLS: the server certificate must chain to the preamble's CA and name the server. */
  static bool Validate(X509Certificate2 cert, SslPolicyErrors errors) {
    if (INSECURE) return true;
    if (Env("CACERT") == null) return errors == SslPolicyErrors.None;
    if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
    var ca = new X509Certificate2(File.ReadAllBytes(Env("CACERT")));
    var check = new X509Chain();
    check.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
    check.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
    check.ChainPolicy.ExtraStore.Add(ca);
    if (!check.Build(cert)) return false;
    return check.ChainElements[check.ChainElements.Count - 1].Certificate.Thumbprint == ca.Thumbprint;
  }

  /** A value escaped like Go's url.QueryEscape. */
  static string Escape(string value) {
    var out_ = new StringBuilder();
    foreach (var b in Encoding.UTF8.GetBytes(value)) {
      char c = (char)b;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') out_.Append(c);
      else if (c == ' ') out_.Append('+');
      else out_.Append('%').Append(b.ToString("X2"));
    }
    return out_.ToString();
  }

  /** The path and query as client-go writes them: keys sorted (stable), values escaped. */
  static string Target(string path, List<string[]> query) {
    var q = string.Join("&", query.OrderBy(kv => kv[0], StringComparer.Ordinal).Select(kv => Escape(kv[0]) + "=" + Escape(kv[1])));
    return Server.AbsolutePath.TrimEnd('/') + path + (q.Length == 0 ? "" : "?" + q);
  }

  /** Reads one CRLF-terminated line of the answer's head. */
  static string ReadLine(Stream s) {
    var line = new MemoryStream();
    int b;
    while ((b = s.ReadByte()) >= 0 && b != '\\n') if (b != '\\r') line.WriteByte((byte)b);
    return Encoding.UTF8.GetString(line.ToArray());
  }

  /** The answer's body as it arrives: chunked, of a Content-Length, or until the connection closes. */
  static IEnumerable<byte[]> Pieces(Stream s, bool chunked, long length) {
    var buffer = new byte[65536];
    if (chunked) {
      while (true) {
        var size = Convert.ToInt32(ReadLine(s).Split(';')[0].Trim(), 16);
        if (size == 0) yield break;
        var chunk = new byte[size];
        for (int got = 0, n; got < size; got += n) if ((n = s.Read(chunk, got, size - got)) <= 0) yield break;
        ReadLine(s);
        yield return chunk;
      }
    }
    for (long left = length < 0 ? long.MaxValue : length; left > 0;) {
      int n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
      if (n <= 0) yield break;
      left -= n;
      yield return buffer.Take(n).ToArray();
    }
  }

  /**
   * Sends one request as raw HTTP/1.1 over TLS (HttpClient would rewrite headers such as Accept) and prints the
   * answer (a stream line by line).
   */
  static Answer Call(string method, string path, List<string[]> query, string[][] headers, string body, bool stream, bool show) {
    var tcp = PROXY_HOST.Length > 0 ? new TcpClient(PROXY_HOST, PROXY_PORT) : new TcpClient(Server.DnsSafeHost, Server.Port);
    Stream s = tcp.GetStream();
    if (PROXY_HOST.Length > 0) Tunnel(s);
    if (Server.Scheme == "https") {
      var ssl = new SslStream(s, false, (sender, cert, chain, errors) => Validate(new X509Certificate2(cert), errors));
      // tls-server-name: the name sent (SNI) and checked; a client certificate from the PKCS#12 file the runner made.
      var name = TLS_SERVER_NAME.Length > 0 ? TLS_SERVER_NAME : Server.DnsSafeHost;
      var certs = new X509CertificateCollection();
      if (Env("CERT_P12") != null) certs.Add(new X509Certificate2(Env("CERT_P12"), "kcurl"));
      ssl.AuthenticateAsClient(name, certs, System.Security.Authentication.SslProtocols.Tls12, false);
      s = ssl;
    }
    var bytes = body == null ? null : Encoding.UTF8.GetBytes(body);
    var head = new StringBuilder(method + " " + Target(path, query) + " HTTP/1.1\\r\\nHost: " + Server.Authority + "\\r\\n");
    if (Env("TOKEN") != null) head.Append("Authorization: Bearer " + Env("TOKEN") + "\\r\\n");
    else if (Env("USERNAME") != null) head.Append("Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Env("USERNAME") + ":" + Env("PASSWORD"))) + "\\r\\n");
    foreach (var h in headers) head.Append(h[0] + ": " + h[1] + "\\r\\n");
    if (bytes != null) head.Append("Content-Length: " + bytes.Length + "\\r\\n");
    head.Append("Connection: close\\r\\n\\r\\n");
    var headBytes = Encoding.UTF8.GetBytes(head.ToString());
    s.Write(headBytes, 0, headBytes.Length);
    if (bytes != null) s.Write(bytes, 0, bytes.Length);
    s.Flush();
    var input = new BufferedStream(s);
    var answer = new Answer { Status = int.Parse(ReadLine(input).Split(' ')[1]) };
    bool chunked = false;
    long length = -1;
    for (var line = ReadLine(input); line.Length > 0; line = ReadLine(input)) {
      var colon = line.IndexOf(':');
      var name = line.Substring(0, colon).Trim().ToLowerInvariant();
      var value = line.Substring(colon + 1).Trim();
      if (name == "transfer-encoding" && value.ToLowerInvariant().Contains("chunked")) chunked = true;
      if (name == "content-length") length = long.Parse(value);
    }
    var stdout = Console.OpenStandardOutput();
    var all = new MemoryStream();
    foreach (var piece in Pieces(input, chunked, length)) {
      if (stream || show) { stdout.Write(piece, 0, piece.Length); stdout.Flush(); }
      if (!stream) all.Write(piece, 0, piece.Length);
    }
    answer.Body = Encoding.UTF8.GetString(all.ToArray());
    tcp.Close();
    return answer;
  }

  /** proxy-url: CONNECT to the server through the proxy; the tunnel then carries TLS. */
  static void Tunnel(Stream s) {
    var authority = Server.HostNameType == UriHostNameType.IPv6 ? "[" + Server.DnsSafeHost + "]:" + Server.Port : Server.DnsSafeHost + ":" + Server.Port;
    var connect = Encoding.ASCII.GetBytes("CONNECT " + authority + " HTTP/1.1\\r\\nHost: " + authority + "\\r\\n\\r\\n");
    s.Write(connect, 0, connect.Length);
    var status = ReadLine(s);
    if (status.Split(' ').Length < 2 || status.Split(' ')[1] != "200") throw new IOException("the proxy answered CONNECT with " + status);
    while (ReadLine(s).Length > 0) { }
  }

  /** A field of the answer's top-level .metadata (its first object), JSON escapes undone; "" when absent. */
  static string Meta(Answer a, string field) {
    var m = Regex.Match(a.Body, "\\"metadata\\"\\\\s*:\\\\s*\\\\{([^}]*)\\\\}");
    if (!m.Success) return "";
    var f = Regex.Match(m.Groups[1].Value, "\\"" + Regex.Escape(field) + "\\"\\\\s*:\\\\s*\\"((?:[^\\"\\\\\\\\]|\\\\\\\\.)*)\\"");
    return f.Success ? Regex.Unescape(f.Groups[1].Value.Replace("\\\\/", "/")) : "";
  }

  static bool In(int status, params int[] codes) {
    return codes.Contains(status);
  }
`;

const list = (pairs: string[]) => `new List<string[]> { ${pairs.join(', ')} }`;

function blockLines(s: Snippet, b: RequestBlock): string[] {
  const out = commentLines(s, b, '//');
  const use = answerUse(b);
  const n = b.number;
  const query = [
    ...b.url.query.map(([k, v]) => `new[] { ${str(k)}, ${str(v)} }`),
    ...b.fromAnswer.map((d) => `new[] { ${str(d.param)}, values[${str(d.variable)}] }`),
  ];
  const headers = `new string[][] { ${blockHeaders(s, b)
    .map(([k, v]) => `new[] { ${str(k)}, ${str(v)} }`)
    .join(', ')} }`;
  const send = (q: string) =>
    `Call(${[str(b.method), str(b.url.path), q, headers, b.body ? str(b.body.text) : 'null', String(b.stream), String(use.print)].join(', ')})`;
  let body: string[];
  if (b.paged) {
    body = [
      'var cont = "";',
      'while (true) {',
      `  var query = ${list(query)};`,
      '  if (cont.Length > 0) query.Add(new[] { "continue", cont });',
      `  answers[${n}] = ${send('query')};`,
      `  cont = Meta(answers[${n}], "continue");`,
      '  if (cont.Length == 0) break;',
      '}',
    ];
  } else body = [use.keep ? `answers[${n}] = ${send(list(query))};` : `${send(list(query))};`];
  for (const f of b.capture?.fields ?? []) body.push(`values[${str(f.variable)}] = Meta(answers[${n}], ${str(f.field)});`);
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(
      `if (!In(answers[${n}].Status${named.map((c) => `, ${c}`).join('')})) Console.Error.WriteLine(${str(b.report + ' answered HTTP ')} + answers[${n}].Status);`,
    );
  }
  const test = conditionTest(
    b,
    `answers[${b.condition?.answer}].Status`,
    (st, codes) => `In(${st}, ${codes.join(', ')})`,
    (e) => `!${e}`,
  );
  body = test ? [`if (${test}) {`, ...body.map((l) => `  ${l}`), '}'] : ['{', ...body.map((l) => `  ${l}`), '}'];
  return [...out, ...body, ''].map((l) => (l ? `    ${l}` : l));
}

/** The program: one class with the shared head (client, Call, Meta) and Main sending the requests in order. */
export function csharpProgram(s: Snippet): Program {
  const settings = [
    `  const bool INSECURE = ${s.credentials.insecure};`,
    `  const long TIMEOUT_MS = ${s.maxTimeSeconds ? Math.round(s.maxTimeSeconds * 1000) : 0};`,
    `  const string TLS_SERVER_NAME = ${str(s.credentials.tlsServerName?.name ?? '')};`,
    `  const string PROXY_HOST = ${str(httpProxy(s)?.host ?? '')};`,
    `  const int PROXY_PORT = ${httpProxy(s)?.port ?? 0};`,
    '',
  ];
  const main = ['  public static void Main() {', ...s.requests.flatMap((b) => blockLines(s, b)), '  }', '}'];
  return {
    source: [HEAD, ...settings, ...main].join('\n') + '\n',
    file: {
      name: 'Kcurl.cs',
      run: [
        ...(s.credentials.clientCert
          ? [
              '# SslStream takes a client certificate as PKCS#12: CERT and KEY converted with openssl (3DES and SHA-1 for Mono).',
              'CERT_P12="$DIR"/client.p12',
              'openssl pkcs12 -export -in "$CERT" -inkey "$KEY" -out "$CERT_P12" -passout pass:kcurl -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1',
              'export CERT_P12',
            ]
          : []),
        'mcs -nologo -nowarn:162,414,618 -out:"$DIR"/Kcurl.exe "$FILE" && mono "$DIR"/Kcurl.exe',
      ],
    },
    applies: applied(s, true),
  };
}
