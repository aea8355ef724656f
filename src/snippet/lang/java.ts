// The Java generator: the snippet model as a single-file program on java.net.http (JDK 11+, run with
// `java Kcurl.java`), reading the credentials the bash preamble exports. The JDK has no JSON parser, so .metadata
// values (continue, resourceVersion) are read the way the curl script's json_meta reads them.
import { isIP } from 'node:net';
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, answerUse, applied, blockHeaders, commentLines, conditionTest, expectedStatuses, httpProxy } from './program.js';

// JSON's string escapes are Java's too; a "\\u" JSON writes is preceded by an even number of backslashes, which
// Java's Unicode pre-processing leaves alone. Non-ASCII is written as \\uXXXX so the source is ASCII whatever the
// locale javac reads it in (never a quote, backslash or line break, which the pre-processing would turn into syntax).
const str = (v: string) => JSON.stringify(v).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const HEAD = `import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

public class Kcurl {
  record Answer(int status, String body) {}

  static final URI SERVER = URI.create(System.getenv("APISERVER"));
  static final HttpClient CLIENT = client();
  static final Map<Integer, Answer> answers = new HashMap<>();
  static final Map<String, String> values = new HashMap<>();

  static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** TLS from the preamble's files: the CA, and a client certificate with its PKCS#8 key. */
  static HttpClient client() {
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      TrustManager[] trust = null;
      if (INSECURE) {
        trust = new TrustManager[] { new X509TrustManager() {
          public void checkClientTrusted(X509Certificate[] c, String a) {}
          public void checkServerTrusted(X509Certificate[] c, String a) {}
          public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        } };
      } else if (env("CACERT") != null) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates(env("CACERT"))) store.setCertificateEntry("ca" + i++, c);
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        trust = f.getTrustManagers();
      }
      javax.net.ssl.KeyManager[] keys = null;
      if (env("CERT") != null) {
        String pem = Files.readString(Path.of(env("KEY")));
        if (!pem.contains("BEGIN PRIVATE KEY")) throw new IllegalStateException("the client key must be PKCS#8 for Java: openssl pkcs8 -topk8 -nocrypt -in \\"$KEY\\"");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        java.security.PrivateKey key = null;
        for (String alg : new String[] { "RSA", "EC", "Ed25519" }) {
          try { key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der)); break; } catch (Exception e) { }
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, new char[0], certificates(env("CERT")).toArray(new Certificate[0]));
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(store, new char[0]);
        keys = f.getKeyManagers();
      }
      tls.init(keys, trust, new SecureRandom());
      HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls);
      if (!TLS_SERVER_NAME.isEmpty()) {
        // tls-server-name: sent as SNI, and the JDK checks the certificate against the SNI name first. HttpClient
        // keeps these server names only when the URL's host is an IP address (otherwise it sends that host).
        javax.net.ssl.SSLParameters params = new javax.net.ssl.SSLParameters();
        params.setServerNames(List.of(new javax.net.ssl.SNIHostName(TLS_SERVER_NAME)));
        builder.sslParameters(params);
      }
      // proxy-url: a CONNECT tunnel to the server.
      if (!PROXY_HOST.isEmpty()) builder.proxy(java.net.ProxySelector.of(new java.net.InetSocketAddress(PROXY_HOST, PROXY_PORT)));
      return builder.build();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static Collection<? extends Certificate> certificates(String file) throws Exception {
    return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(file))));
  }

  /** A value escaped like Go's url.QueryEscape. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') out.append(c);
      else if (c == ' ') out.append('+');
      else out.append(String.format("%%%02X", b & 0xff));
    }
    return out.toString();
  }

  /** The path and query as client-go writes them: keys sorted (stable), values escaped. */
  static String target(String path, List<String[]> query) {
    List<String[]> sorted = new ArrayList<>(query);
    sorted.sort(Comparator.comparing((String[] kv) -> kv[0]));
    String q = sorted.stream().map(kv -> escape(kv[0]) + "=" + escape(kv[1])).collect(Collectors.joining("&"));
    String base = SERVER.getRawPath() == null ? "" : SERVER.getRawPath().replaceAll("/$", "");
    return base + path + (q.isEmpty() ? "" : "?" + q);
  }

  /** Sends one request; prints the answer (a stream line by line). */
  static Answer call(String method, String path, List<String[]> query, String[][] headers, String body, boolean stream, boolean show) throws Exception {
    URI uri = URI.create(SERVER.getScheme() + "://" + SERVER.getRawAuthority() + target(path, query));
    HttpRequest.Builder req = HttpRequest.newBuilder(uri)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (TIMEOUT_MS > 0) req.timeout(Duration.ofMillis(TIMEOUT_MS));
    if (env("TOKEN") != null) req.header("Authorization", "Bearer " + env("TOKEN"));
    else if (env("USERNAME") != null) req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((env("USERNAME") + ":" + env("PASSWORD")).getBytes(StandardCharsets.UTF_8)));
    for (String[] h : headers) req.header(h[0], h[1]);
    if (stream) {
      HttpResponse<java.util.stream.Stream<String>> res = CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofLines());
      res.body().forEach(line -> { System.out.println(line); System.out.flush(); });
      return new Answer(res.statusCode(), "");
    }
    HttpResponse<String> res = CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofString());
    if (show) { System.out.print(res.body()); System.out.flush(); }
    return new Answer(res.statusCode(), res.body());
  }

  /** A field of the answer's top-level .metadata (its first object), JSON escapes undone; "" when absent. */
  static String meta(Answer a, String field) {
    Matcher m = Pattern.compile("\\"metadata\\"\\\\s*:\\\\s*\\\\{([^}]*)\\\\}").matcher(a.body());
    if (!m.find()) return "";
    Matcher f = Pattern.compile("\\"" + Pattern.quote(field) + "\\"\\\\s*:\\\\s*\\"((?:[^\\"\\\\\\\\]|\\\\\\\\.)*)\\"").matcher(m.group(1));
    if (!f.find()) return "";
    StringBuilder out = new StringBuilder();
    String s = f.group(1);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\\\' || i + 1 >= s.length()) { out.append(c); continue; }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\\n');
        case 't' -> out.append('\\t');
        case 'r' -> out.append('\\r');
        case 'b' -> out.append('\\b');
        case 'f' -> out.append('\\f');
        case 'u' -> { out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  static boolean in(int status, int... codes) {
    for (int c : codes) if (c == status) return true;
    return false;
  }
`;

const list = (pairs: string[]) => `new ArrayList<String[]>(List.<String[]>of(${pairs.join(', ')}))`;

function blockLines(s: Snippet, b: RequestBlock): string[] {
  const out = commentLines(s, b, '//');
  const use = answerUse(b);
  const n = b.number;
  const query = [
    ...b.url.query.map(([k, v]) => `new String[] { ${str(k)}, ${str(v)} }`),
    ...b.fromAnswer.map((d) => `new String[] { ${str(d.param)}, values.get(${str(d.variable)}) }`),
  ];
  const headers = `new String[][] { ${blockHeaders(s, b)
    .map(([k, v]) => `{ ${str(k)}, ${str(v)} }`)
    .join(', ')} }`;
  const send = (q: string) =>
    `call(${[str(b.method), str(b.url.path), q, headers, b.body ? str(b.body.text) : 'null', String(b.stream), String(use.print)].join(', ')})`;
  let body: string[];
  if (b.paged) {
    body = [
      'String cont = "";',
      'while (true) {',
      `  List<String[]> query = ${list(query)};`,
      '  if (!cont.isEmpty()) query.add(new String[] { "continue", cont });',
      `  answers.put(${n}, ${send('query')});`,
      `  cont = meta(answers.get(${n}), "continue");`,
      '  if (cont.isEmpty()) break;',
      '}',
    ];
  } else body = [`${use.keep ? `answers.put(${n}, ${send(list(query))});` : `${send(list(query))};`}`];
  for (const f of b.capture?.fields ?? []) body.push(`values.put(${str(f.variable)}, meta(answers.get(${n}), ${str(f.field)}));`);
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(
      `if (!in(answers.get(${n}).status()${named.map((c) => `, ${c}`).join('')})) System.err.println(${str(b.report + ' answered HTTP ')} + answers.get(${n}).status());`,
    );
  }
  const test = conditionTest(
    b,
    `answers.get(${b.condition?.answer}).status()`,
    (st, codes) => `in(${st}, ${codes.join(', ')})`,
    (e) => `!${e}`,
  );
  body = test ? [`if (${test}) {`, ...body.map((l) => `  ${l}`), '}'] : ['{', ...body.map((l) => `  ${l}`), '}'];
  return [...out, ...body, ''].map((l) => (l ? `    ${l}` : l));
}

/** The program: one class with the shared head (client, call, meta) and main sending the requests in order. */
export function javaProgram(s: Snippet): Program {
  // java.net.http sends a server name of its own for a host name: tls-server-name only applies to an IP server.
  const route = s.credentials.tlsServerName;
  const nameForIpServer = !!route && isIP(new URL(route.server).hostname.replace(/^\[|\]$/g, '')) !== 0;
  const settings = [
    `  static final boolean INSECURE = ${s.credentials.insecure};`,
    `  static final long TIMEOUT_MS = ${s.maxTimeSeconds ? Math.round(s.maxTimeSeconds * 1000) : 0};`,
    `  static final String PROXY_HOST = ${str(httpProxy(s)?.host ?? '')};`,
    `  static final int PROXY_PORT = ${httpProxy(s)?.port ?? 0};`,
    `  static final String TLS_SERVER_NAME = ${str(nameForIpServer ? s.credentials.tlsServerName!.name : '')};`,
    '',
  ];
  const main = ['  public static void main(String[] args) throws Exception {', ...s.requests.flatMap((b) => blockLines(s, b)), '  }', '}'];
  return {
    source: [HEAD, ...settings, ...main].join('\n') + '\n',
    file: {
      name: 'Kcurl.java',
      run: [
        ...(s.credentials.clientCert
          ? [
              '# Java reads a PKCS#8 client key: KEY converted with openssl',
              'openssl pkcs8 -topk8 -nocrypt -in "$KEY" -out "$DIR"/client-key.pem && KEY="$DIR"/client-key.pem',
            ]
          : []),
        '# The values the preamble read from the kubeconfig are UTF-8, whatever the locale: Java decodes the environment with it.',
        'LC_ALL=C.UTF-8 java "$FILE"',
      ],
    },
    applies: applied(s, nameForIpServer),
  };
}
