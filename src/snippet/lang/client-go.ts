// --show=go:client: the snippet model as a Go program of client-go: the typed clientset
// (clientset.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{…})), the dynamic client for custom resources and
// groups the clientset does not hold, Watch, GetLogs(…).Stream, and the RESTClient for what no typed call sends.
// The connection is a rest.Config built from the variables the bash preamble exports. Not built in CI (its
// modules cannot be fetched here): golden-tested, and written against client-go's published API.
import type { Snippet } from '../model.js';
import { type ClientCall, type ClientParam, clientCall, optionLiteral, pascal } from './client-call.js';
import { type Program, answerUse, camelVariable, commentLines, conditionTest, expectedStatuses } from './program.js';

const str = (v: string) => JSON.stringify(v);
/** A body as a Go string: a raw string literal where it can be one (no backquote, no carriage return). */
const goText = (v: string) => (/[`\r]/.test(v) ? str(v) : `\`${v}\``);

/** Groups whose types live outside k8s.io/api (their own clientsets): custom-resource style, the dynamic client. */
const NOT_IN_CLIENTSET = new Set(['apiextensions.k8s.io', 'apiregistration.k8s.io']);

/** Options client-go holds as pointers, and as string lists. */
const POINTERS = new Set(['timeoutSeconds', 'force', 'gracePeriodSeconds', 'tailLines', 'limitBytes', 'sinceSeconds', 'sendInitialEvents']);

const PATCH_TYPES = { strategic: 'StrategicMergePatchType', merge: 'MergePatchType', json: 'JSONPatchType', apply: 'ApplyPatchType' } as const;

/** The package of a built-in group version in k8s.io/api: '' v1 → corev1 "k8s.io/api/core/v1". */
function apiPackage(group: string, version: string): { alias: string; path: string } {
  const segment = group === '' ? 'core' : group.split('.')[0];
  return { alias: `${segment}${version}`, path: `k8s.io/api/${segment}/${version}` };
}

/** The clientset's accessor of a resource: Pods, ConfigMaps, Endpoints, NetworkPolicies, Ingresses. */
function resourceAccessor(kind: string, plural: string): string {
  if (plural === kind.toLowerCase()) return kind;
  if (plural.endsWith('ies') && kind.endsWith('y')) return `${kind.slice(0, -1)}ies`;
  if (plural === `${kind.toLowerCase()}es`) return `${kind}es`;
  return `${kind}s`;
}

class Imports {
  readonly set = new Map<string, string>();
  add(path: string, alias = ''): void {
    this.set.set(path, alias);
  }
  render(): string[] {
    const std = [...this.set].filter(([p]) => !p.includes('.')).sort();
    const ext = [...this.set].filter(([p]) => p.includes('.')).sort();
    const line = ([p, a]: [string, string]) => `\t${a ? `${a} ` : ''}${str(p)}`;
    return ['import (', ...std.map(line), ...(std.length && ext.length ? [''] : []), ...ext.map(line), ')'];
  }
}

function goValue(p: ClientParam): string {
  const v = optionLiteral(p.value);
  if (p.name === 'dryRun') return `[]string{${v}}`;
  if (POINTERS.has(p.name)) return typeof p.value === 'boolean' ? `boolp(${v})` : `int64p(${v})`;
  return v;
}

/** An options struct literal: metav1.ListOptions{Limit: 500, Continue: …}. */
function options(type: string, params: ClientParam[], extra: string[] = []): string {
  const fields = [...params.map((p) => `${p.name === 'continue' ? 'Continue' : pascal(p.name)}: ${goValue(p)}`), ...extra];
  return `${type}{${fields.join(', ')}}`;
}

interface Ctx {
  s: Snippet;
  imports: Imports;
  dynamic: boolean;
}

function isDynamic(c: ClientCall): boolean {
  return !c.api!.builtin || NOT_IN_CLIENTSET.has(c.api!.group);
}

/** The resource interface a call goes through: clientset.CoreV1().Pods("default") or dyn.Resource(gvr).Namespace("default"). */
function resourceInterface(ctx: Ctx, c: ClientCall): string {
  const a = c.api!;
  const ns = a.namespaced ? (a.allNamespaces ? '""' : str(c.namespace ?? '')) : undefined;
  if (isDynamic(c)) {
    ctx.dynamic = true;
    ctx.imports.add('k8s.io/apimachinery/pkg/runtime/schema');
    const gvr = `schema.GroupVersionResource{Group: ${str(a.group)}, Version: ${str(a.version)}, Resource: ${str(a.resource)}}`;
    return `dyn.Resource(${gvr})${ns !== undefined && ns !== '""' ? `.Namespace(${ns})` : ''}`;
  }
  const group = `${pascal(a.group === '' ? 'core' : a.group.split('.')[0])}${pascal(a.version)}`;
  return `clientset.${group}().${resourceAccessor(a.kind, a.resource)}(${ns ?? ''})`;
}

/** The body of a create or update as a typed object (or unstructured), unmarshalled from the request's JSON. */
function typedBody(ctx: Ctx, c: ClientCall, n: number): string[] {
  const text = c.block.body!.text;
  ctx.imports.add('encoding/json');
  if (isDynamic(c)) {
    ctx.imports.add('k8s.io/apimachinery/pkg/apis/meta/v1/unstructured');
    return [`body${n} := &unstructured.Unstructured{}`, `check(body${n}.UnmarshalJSON([]byte(${goText(text)})))`];
  }
  const json = 'json' in c.body! ? (c.body.json as { apiVersion?: string; kind?: string }) : {};
  const [group, version] = (json.apiVersion ?? '').includes('/') ? json.apiVersion!.split('/') : ['', json.apiVersion || c.api!.version];
  const pkg = apiPackage(group, version);
  ctx.imports.add(pkg.path, pkg.alias);
  return [`body${n} := &${pkg.alias}.${json.kind ?? c.api!.kind}{}`, `check(json.Unmarshal([]byte(${goText(text)}), body${n}))`];
}

function blockLines(ctx: Ctx, c: ClientCall): string[] {
  const { s, imports } = ctx;
  const b = c.block;
  const n = b.number;
  const use = answerUse(b);
  const out = commentLines(s, b, '//');
  const params = c.params.filter((p) => !(c.requestTimeout?.asTimeoutSeconds && p.name === 'timeoutSeconds'));
  const fromAnswer = b.fromAnswer.map((d) => `${pascal(d.param)}: ${camelVariable(d.variable)}`);
  const differences = c.differences.filter((d) => !d.startsWith('timeout='));
  let body: string[] = [];
  const keepStatus = !!b.capture?.status;
  /** After a call that returns (answer, err): show it, or keep its status. */
  const after = (answer: string): string[] => {
    if (keepStatus)
      return [
        `status${n} := statusOf(err)`,
        ...(use.print ? [`if err == nil {`, `\tshow(${answer})`, `} else {`, `\tfmt.Fprintln(os.Stderr, err)`, '}'] : [`_ = ${answer}`]),
      ];
    return ['check(err)', use.print ? `show(${answer})` : `_ = ${answer}`];
  };
  if (c.op === 'raw') {
    out.push('// no typed call sends this request: the RESTClient sends it as it is');
    let chain = `clientset.CoreV1().RESTClient().Verb(${str(b.method)}).AbsPath(${str(b.url.path)})`;
    for (const p of c.params) chain += `.Param(${str(p.name)}, ${str(String(p.value))})`;
    for (const d of b.fromAnswer) chain += `.Param(${str(d.param)}, ${camelVariable(d.variable)})`;
    for (const [k, v] of b.headers) chain += `.SetHeader(${str(k)}, ${str(v)})`;
    if (b.body) chain += `.Body([]byte(${goText(b.body.text)}))`;
    if (b.stream) {
      imports.add('io');
      body = [`stream${n}, err := ${chain}.Stream(ctx)`, 'check(err)', `_, err = io.Copy(os.Stdout, stream${n})`, 'check(err)', `stream${n}.Close()`];
    } else {
      body = [
        `result${n} := ${chain}.Do(ctx)`,
        `var status${n} int`,
        `result${n}.StatusCode(&status${n})`,
        `answer${n}, err := result${n}.Raw()`,
        ...(keepStatus ? [] : ['check(err)']),
        use.print ? `os.Stdout.Write(answer${n})` : `_ = answer${n}`,
      ];
    }
  } else {
    out.push(...differences.map((l) => `// ${l.replace('the client asks for the objects as JSON', 'client-go asks for the objects')}`));
    const ri = resourceInterface(ctx, c);
    imports.add('k8s.io/apimachinery/pkg/apis/meta/v1', 'metav1');
    switch (c.op) {
      case 'list':
        if (b.paged) {
          body = [
            `opts${n} := ${options('metav1.ListOptions', params, fromAnswer)}`,
            `answer${n}, err := ${ri}.List(ctx, opts${n})`,
            'for {',
            '\tcheck(err)',
            `\tshow(answer${n})`,
            `\tif answer${n}.GetContinue() == "" {`,
            '\t\tbreak',
            '\t}',
            `\topts${n}.Continue = answer${n}.GetContinue()`,
            `\tanswer${n}, err = ${ri}.List(ctx, opts${n})`,
            '}',
          ];
        } else body = [`answer${n}, err := ${ri}.List(ctx, ${options('metav1.ListOptions', params, fromAnswer)})`, ...after(`answer${n}`)];
        break;
      case 'watch':
        body = [
          `watch${n}, err := ${ri}.Watch(ctx, ${options('metav1.ListOptions', params, fromAnswer)})`,
          'check(err)',
          `for event := range watch${n}.ResultChan() {`,
          '\tout, _ := json.Marshal(event.Object)',
          '\tfmt.Println(event.Type, string(out))',
          '}',
        ];
        imports.add('encoding/json');
        break;
      case 'read':
        body = [`answer${n}, err := ${ri}.Get(ctx, ${str(c.name ?? '')}, ${options('metav1.GetOptions', params)})`, ...after(`answer${n}`)];
        break;
      case 'log': {
        imports.add('k8s.io/api/core/v1', 'corev1');
        const req = `${ri}.GetLogs(${str(c.name ?? '')}, ${options('&corev1.PodLogOptions', params)})`;
        const follow = params.some((p) => p.name === 'follow' && p.value === true);
        if (follow) {
          imports.add('io');
          body = [`stream${n}, err := ${req}.Stream(ctx)`, 'check(err)', `_, err = io.Copy(os.Stdout, stream${n})`, 'check(err)', `stream${n}.Close()`];
        } else body = [`answer${n}, err := ${req}.DoRaw(ctx)`, 'check(err)', `os.Stdout.Write(answer${n})`];
        break;
      }
      case 'create':
      case 'replace': {
        body = typedBody(ctx, c, n);
        const type = c.op === 'create' ? 'metav1.CreateOptions' : 'metav1.UpdateOptions';
        const call =
          c.api!.subresource === 'token'
            ? `${ri}.CreateToken(ctx, ${str(c.name ?? '')}, body${n}, ${options(type, params)})`
            : `${ri}.${c.op === 'create' ? 'Create' : 'Update'}(ctx, body${n}, ${options(type, params)})`;
        body.push(`answer${n}, err := ${call}`, ...after(`answer${n}`));
        break;
      }
      case 'patch':
        imports.add('k8s.io/apimachinery/pkg/types');
        body = [
          `answer${n}, err := ${ri}.Patch(ctx, ${str(c.name ?? '')}, types.${PATCH_TYPES[c.patch ?? 'strategic']}, []byte(${goText(b.body?.text ?? '')}), ${options('metav1.PatchOptions', params)})`,
          ...after(`answer${n}`),
        ];
        break;
      case 'delete':
      case 'deletecollection': {
        const opts = [`opts${n} := metav1.DeleteOptions{}`];
        if (b.body) {
          imports.add('encoding/json');
          opts.push(`check(json.Unmarshal([]byte(${goText(b.body.text)}), &opts${n}))`);
        }
        const call =
          c.op === 'delete'
            ? `${ri}.Delete(ctx, ${str(c.name ?? '')}, opts${n})`
            : `${ri}.DeleteCollection(ctx, opts${n}, ${options('metav1.ListOptions', params)})`;
        // Delete answers only an error in client-go (the server's answer body is not returned).
        body = [
          ...opts,
          `err = ${call}`,
          ...(keepStatus
            ? [`status${n} := statusOf(err)`]
            : ['check(err)', `fmt.Println(${str(`${c.api!.resource} ${c.name ?? ''} deleted`.replace(/ +deleted/, ' deleted'))})`]),
        ];
        break;
      }
    }
  }
  for (const f of b.capture?.fields ?? []) {
    const getter = `Get${pascal(f.field)}`;
    body.push(
      c.op === 'raw' ? `${camelVariable(f.variable)} := metaOf(answer${n}, ${str(f.field)})` : `${camelVariable(f.variable)} := answer${n}.${getter}()`,
    );
  }
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(`if ${named.map((x) => `status${n} != ${x}`).join(' && ')} {`, `\tfmt.Fprintln(os.Stderr, ${str(b.report + ' answered HTTP')}, status${n})`, '}');
  }
  const test = conditionTest(
    b,
    `status${b.condition?.answer}`,
    (st, codes) => (codes.length > 1 ? `(${codes.map((x) => `${st} == ${x}`).join(' || ')})` : `${st} == ${codes[0]}`),
    (e) => `!${e}`,
  );
  if (test) body = [`if ${test} {`, ...body.map((l) => `\t${l}`), '}'];
  // Variables a later block reads but Go would call unused otherwise.
  return [...out, ...body, ''];
}

const HELPERS = `
// check ends the program on an error, as kubectl does.
func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error from server:", err)
		os.Exit(1)
	}
}

// statusOf is the HTTP status of a call: 200 without an error, the server's code with one.
func statusOf(err error) int {
	if err == nil {
		return 200
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return int(status.Status().Code)
	}
	check(err)
	return 0
}

// show prints an answer as JSON.
func show(v any) {
	out, err := json.MarshalIndent(v, "", "  ")
	check(err)
	fmt.Println(string(out))
}

// metaOf is a field of a raw answer's .metadata (continue, resourceVersion), "" when absent.
func metaOf(data []byte, field string) string {
	var answer struct {
		Metadata map[string]any \`json:"metadata"\`
	}
	_ = json.Unmarshal(data, &answer)
	value, _ := answer.Metadata[field].(string)
	return value
}

func int64p(v int64) *int64 { return &v }

func boolp(v bool) *bool { return &v }
`;

/** The program: main.go with the connection, the clientset (and dynamic client), the requests in order. */
export function goClientProgram(s: Snippet): Program {
  const calls = s.requests.map(clientCall);
  const imports = new Imports();
  for (const p of ['context', 'encoding/json', 'errors', 'fmt', 'os']) imports.add(p);
  imports.add('k8s.io/apimachinery/pkg/api/errors', 'apierrors');
  imports.add('k8s.io/client-go/kubernetes');
  imports.add('k8s.io/client-go/rest');
  const ctx: Ctx = { s, imports, dynamic: false };
  const blocks = calls.flatMap((c) => blockLines(ctx, c));
  const m = s.credentials;
  const impersonate: string[] = [];
  const user = m.impersonation.find(([k]) => k === 'Impersonate-User')?.[1];
  const uid = m.impersonation.find(([k]) => k === 'Impersonate-Uid')?.[1];
  const groups = m.impersonation.filter(([k]) => k === 'Impersonate-Group').map(([, v]) => str(v));
  const extra = m.impersonation.filter(([k]) => k.startsWith('Impersonate-Extra-'));
  if (user) impersonate.push(`UserName: ${str(user)}`);
  if (uid) impersonate.push(`UID: ${str(uid)}`);
  if (groups.length) impersonate.push(`Groups: []string{${groups.join(', ')}}`);
  if (extra.length)
    impersonate.push(`Extra: map[string][]string{${extra.map(([k, v]) => `${str(k.slice('Impersonate-Extra-'.length))}: {${str(v)}}`).join(', ')}}`);
  const timeout = calls.find((c) => c.requestTimeout)?.requestTimeout;
  if (timeout || s.maxTimeSeconds) imports.add('time');
  if (ctx.dynamic) imports.add('k8s.io/client-go/dynamic');
  const main = [
    'func main() {',
    '\t// The connection, from the variables the preamble exports. A program of your own would more often read the',
    '\t// kubeconfig as kubectl does: clientcmd.BuildConfigFromFlags("", clientcmd.RecommendedHomeFile)',
    '\t// (k8s.io/client-go/tools/clientcmd), or rest.InClusterConfig() in a pod.',
    '\tconfig := &rest.Config{',
    '\t\tHost:        os.Getenv("APISERVER"),',
    '\t\tBearerToken: os.Getenv("TOKEN"),',
    '\t\tUsername:    os.Getenv("USERNAME"),',
    '\t\tPassword:    os.Getenv("PASSWORD"),',
    '\t\tTLSClientConfig: rest.TLSClientConfig{',
    '\t\t\tCertFile: os.Getenv("CERT"),',
    '\t\t\tKeyFile:  os.Getenv("KEY"),',
    '\t\t},',
    '\t}',
    '\tif insecure {',
    '\t\tconfig.TLSClientConfig.Insecure = true',
    '\t} else {',
    '\t\tconfig.TLSClientConfig.CAFile = os.Getenv("CACERT")',
    '\t}',
    ...(impersonate.length ? [`\tconfig.Impersonate = rest.ImpersonationConfig{${impersonate.join(', ')}}`] : []),
    ...(timeout || s.maxTimeSeconds
      ? [
          '\t// --request-timeout: client-go sends it as timeout= on every request and ends each one after it, as kubectl does.',
          `\tconfig.Timeout = ${timeout?.seconds ?? s.maxTimeSeconds} * time.Second`,
        ]
      : []),
    '\tclientset, err := kubernetes.NewForConfig(config)',
    '\tcheck(err)',
    ...(ctx.dynamic ? ['\tdyn, err := dynamic.NewForConfig(config)', '\tcheck(err)'] : []),
    '\tctx := context.Background()',
    '\t_ = clientset',
    '',
    ...blocks.flatMap((l) => l.split('\n')).map((l) => (l ? `\t${l}` : l)),
    '}',
  ];
  while (main[main.length - 2] === '') main.splice(main.length - 2, 1);
  const source = [
    'package main',
    '',
    ...imports.render(),
    '',
    `// insecure-skip-tls-verify: any server certificate is accepted.\nconst insecure = ${m.insecure}`,
    '',
    ...main,
    HELPERS,
  ].join('\n');
  return {
    source,
    file: {
      name: 'main.go',
      run: [
        'cd "$DIR"',
        '# client-go and its dependencies come from the Go module proxy',
        'go mod init kcurl-client >/dev/null 2>&1',
        'go mod tidy',
        'go run .',
      ],
    },
  };
}
