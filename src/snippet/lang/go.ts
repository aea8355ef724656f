// The Go generator: the snippet model as a program on net/http and crypto/tls (standard library only), reading
// the credentials the bash preamble exports; written to a temporary main.go and run with `go run`.
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, answerUse, applied, blockHeaders, commentLines, conditionTest, expectedStatuses, httpProxy } from './program.js';

// JSON's string escapes are Go's too (\", \\, \n, \uXXXX …).
const str = (v: string) => JSON.stringify(v);

const HEAD = `import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
)

// The connection, from the variables the preamble exports.
var server = mustParse(os.Getenv("APISERVER"))
var client = newClient()

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	check(err)
	return u
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func newClient() *http.Client {
	// tls-server-name: the name sent (SNI) and checked, the connection still going to the server.
	cfg := &tls.Config{InsecureSkipVerify: insecure, ServerName: tlsServerName}
	if ca := os.Getenv("CACERT"); ca != "" {
		pem, err := os.ReadFile(ca)
		check(err)
		cfg.RootCAs = x509.NewCertPool()
		cfg.RootCAs.AppendCertsFromPEM(pem)
	}
	if cert := os.Getenv("CERT"); cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, os.Getenv("KEY"))
		check(err)
		cfg.Certificates = []tls.Certificate{pair}
	}
	// No Accept-Encoding of its own: the request carries the headers kubectl sends, no more.
	transport := &http.Transport{TLSClientConfig: cfg, DisableCompression: true}
	if proxyURL != "" {
		// proxy-url: a CONNECT tunnel to the server.
		transport.Proxy = http.ProxyURL(mustParse(proxyURL))
	}
	return &http.Client{Timeout: timeout, Transport: transport}
}

type pair struct{ k, v string }

type answer struct {
	status int
	body   []byte
}

// target: the path and query as client-go writes them, keys sorted, values escaped by url.QueryEscape.
func target(path string, query []pair) string {
	sort.SliceStable(query, func(i, j int) bool { return query[i].k < query[j].k })
	parts := []string{}
	for _, p := range query {
		parts = append(parts, url.QueryEscape(p.k)+"="+url.QueryEscape(p.v))
	}
	t := strings.TrimSuffix(server.EscapedPath(), "/") + path
	if len(parts) > 0 {
		t += "?" + strings.Join(parts, "&")
	}
	return t
}

// call sends one request and prints the answer (a stream line by line).
func call(method, path string, query, headers []pair, body *string, stream, show bool) answer {
	var reader io.Reader
	if body != nil {
		reader = strings.NewReader(*body)
	}
	req, err := http.NewRequest(method, server.Scheme+"://"+server.Host+target(path, query), reader)
	check(err)
	if token := os.Getenv("TOKEN"); token != "" {
		req.Header["Authorization"] = []string{"Bearer " + token}
	} else if user := os.Getenv("USERNAME"); user != "" {
		req.Header["Authorization"] = []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+os.Getenv("PASSWORD")))}
	}
	for _, h := range headers {
		req.Header[h.k] = append(req.Header[h.k], h.v)
	}
	res, err := client.Do(req)
	check(err)
	defer res.Body.Close()
	if stream {
		lines := bufio.NewScanner(res.Body)
		lines.Buffer(make([]byte, 64*1024), 16*1024*1024)
		for lines.Scan() {
			fmt.Println(lines.Text())
		}
		return answer{status: res.StatusCode}
	}
	data, err := io.ReadAll(res.Body)
	check(err)
	if show {
		os.Stdout.Write(data)
	}
	return answer{status: res.StatusCode, body: data}
}

// meta: a field of the answer's .metadata (continue, resourceVersion), "" when absent.
func meta(a answer, field string) string {
	var doc struct {
		Metadata map[string]interface{} \`json:"metadata"\`
	}
	if json.Unmarshal(a.body, &doc) != nil {
		return ""
	}
	s, _ := doc.Metadata[field].(string)
	return s
}

func in(status int, codes ...int) bool {
	for _, c := range codes {
		if status == c {
			return true
		}
	}
	return false
}
`;

const pairs = (list: readonly (readonly [string, string])[]) => `[]pair{${list.map(([k, v]) => `{${str(k)}, ${str(v)}}`).join(', ')}}`;

function blockLines(s: Snippet, b: RequestBlock): string[] {
  const out = commentLines(s, b, '//');
  const use = answerUse(b);
  const n = b.number;
  const query = [...b.url.query.map(([k, v]) => `{${str(k)}, ${str(v)}}`), ...b.fromAnswer.map((d) => `{${str(d.param)}, values[${str(d.variable)}]}`)];
  const q = `[]pair{${query.join(', ')}}`;
  const args = [
    str(b.method),
    str(b.url.path),
    b.paged ? `append(${q}, more...)` : q,
    pairs(blockHeaders(s, b)),
    b.body ? `&body${n}` : 'nil',
    String(b.stream),
    String(use.print),
  ];
  const send = `call(${args.join(', ')})`;
  let body: string[] = b.body ? [`body${n} := ${str(b.body.text)}`] : [];
  if (b.paged) {
    body.push(
      'more := []pair{}',
      'for {',
      `\tanswers[${n}] = ${send}`,
      `\tcont := meta(answers[${n}], "continue")`,
      '\tif cont == "" {',
      '\t\tbreak',
      '\t}',
      '\tmore = []pair{{"continue", cont}}',
      '}',
    );
  } else body.push(`${use.keep ? `answers[${n}] = ` : ''}${send}`);
  for (const f of b.capture?.fields ?? []) body.push(`values[${str(f.variable)}] = meta(answers[${n}], ${str(f.field)})`);
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(
      `if !in(answers[${n}].status${named.map((c) => `, ${c}`).join('')}) {`,
      `\tfmt.Fprintln(os.Stderr, ${str(b.report + ' answered HTTP')}, answers[${n}].status)`,
      '}',
    );
  }
  const test = conditionTest(
    b,
    `answers[${b.condition?.answer}].status`,
    (st, codes) => `in(${st}, ${codes.join(', ')})`,
    (e) => `!${e}`,
  );
  body = test ? [`if ${test} {`, ...body.map((l) => `\t${l}`), '}'] : ['{', ...body.map((l) => `\t${l}`), '}'];
  return [...out, ...body, ''].map((l) => (l ? `\t${l}` : l));
}

/** The program: the shared head (client, call, meta), then the requests in order in main. */
export function goProgram(s: Snippet): Program {
  const settings = [
    'package main',
    '',
    `const insecure = ${s.credentials.insecure}`,
    '',
    `const tlsServerName = ${str(s.credentials.tlsServerName?.name ?? '')}`,
    '',
    `const proxyURL = ${str(httpProxy(s)?.url ?? '')}`,
    '',
    `var timeout = ${s.maxTimeSeconds ? `${Math.round(s.maxTimeSeconds * 1000)} * time.Millisecond` : 'time.Duration(0)'}`,
    '',
  ];
  const head = HEAD.replace('\t"strings"\n', '\t"strings"\n\t"time"\n');
  const main = [
    'func main() {',
    '\tanswers := map[int]answer{}',
    '\tvalues := map[string]string{}',
    '\t_, _ = answers, values',
    '',
    ...s.requests.flatMap((b) => blockLines(s, b)),
    '}',
  ];
  return {
    source: [settings[0], '', head, ...settings.slice(2), ...main].join('\n') + '\n',
    file: { name: 'main.go', run: ['(cd "$DIR" && go run main.go)'] },
    applies: applied(s, true),
  };
}
