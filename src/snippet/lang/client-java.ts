// --show=java:client: the snippet model as a Java program of the official Java client (io.kubernetes:client-java,
// 18 or later: fluent requests, api.listNamespacedPod(ns).limit(500).execute()): typed API classes,
// CustomObjectsApi for other groups, Watch.createWatch, PodLogs, PatchUtils for patch types, and the client's
// OkHttp client for what no typed call sends. The connection is built with ClientBuilder from the variables the
// bash preamble exports. Not built in CI (Maven Central is out of reach here): golden-tested and parsed by javac.
import type { Snippet } from '../model.js';
import { type ClientCall, apiInstance, clientCall, operationName, optionLiteral } from './client-call.js';
import { type Program, answerUse, camelVariable, commentLines, conditionTest, expectedStatuses } from './program.js';

const str = (v: string) => JSON.stringify(v);

const PATCH_FORMATS = {
  strategic: 'PATCH_FORMAT_STRATEGIC_MERGE_PATCH',
  merge: 'PATCH_FORMAT_JSON_MERGE_PATCH',
  json: 'PATCH_FORMAT_JSON_PATCH',
  apply: 'PATCH_FORMAT_APPLY_YAML',
} as const;

/** The model class of a Kind in client-java: V1ConfigMap, V1beta1…; a few Kinds carry their group's name. */
function modelClass(group: string, version: string, kind: string): string {
  const v = version.charAt(0).toUpperCase() + version.slice(1);
  if (kind === 'TokenRequest') return `${group.startsWith('storage') ? 'Storage' : 'Authentication'}${v}TokenRequest`;
  if (kind === 'Event') return `${group === '' ? 'Core' : 'Events'}${v}Event`;
  return `${v}${kind}`;
}

/** The fluent request: api.listNamespacedPod("default").limit(500). */
function request(c: ClientCall, n: number, fromAnswer: string[], skip: string[] = []): string {
  const a = c.api!;
  const args: string[] = [];
  if (!a.builtin) args.push(str(a.group), str(a.version));
  if (c.name !== undefined && a.builtin) args.push(str(c.name));
  if (a.namespaced && !a.allNamespaces && c.namespace !== undefined) args.push(str(c.namespace));
  if (!a.builtin) args.push(str(a.resource));
  if (c.name !== undefined && !a.builtin) args.push(str(c.name));
  if (c.body && (c.op === 'create' || c.op === 'replace')) args.push(`body${n}`);
  if (c.op === 'patch') args.push(`new V1Patch(${str(c.block.body?.text ?? '')})`);
  let out = `${apiInstance(c).variable}.${operationName(c)}(${args.join(', ')})`;
  if (c.body && (c.op === 'delete' || c.op === 'deletecollection')) out += `.body(body${n})`;
  for (const p of c.params) if (!skip.includes(p.name)) out += `.${p.name === 'continue' ? '_continue' : p.name}(${optionLiteral(p.value)})`;
  for (const f of fromAnswer) out += f;
  return out;
}

function blockLines(s: Snippet, c: ClientCall): string[] {
  const b = c.block;
  const n = b.number;
  const use = answerUse(b);
  const out = commentLines(s, b, '//');
  const fromAnswer = b.fromAnswer.map((d) => `.${d.param}(${camelVariable(d.variable)})`);
  let body: string[] = [];
  const keep = !!b.capture?.status;
  const fields = b.capture?.fields ?? [];
  // Values later blocks read are declared before the call (a paged list assigns them in its loop).
  const decl = [...(keep ? [`int status${n};`] : []), ...fields.map((f) => `String ${camelVariable(f.variable)};`)];
  const assignFields = (answer: string) => fields.map((f) => `${camelVariable(f.variable)} = meta(${answer}, ${str(f.field)});`);
  if (c.op === 'raw') {
    out.push("// no typed call sends this request: the client's OkHttp client sends it as it is");
    const query = [
      ...c.params.map((p) => `.addQueryParameter(${str(p.name)}, ${str(String(p.value))})`),
      ...b.fromAnswer.map((d) => `.addQueryParameter(${str(d.param)}, ${camelVariable(d.variable)})`),
    ];
    const contentType = b.body?.contentType ?? b.headers.find(([h]) => h.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
    const requestBody = b.body ? `okhttp3.RequestBody.create(${str(b.body.text)}, okhttp3.MediaType.parse(${str(contentType)}))` : 'null';
    body = [
      `var url${n} = okhttp3.HttpUrl.parse(client.getBasePath() + ${str(b.url.path)}).newBuilder()${query.join('')}.build();`,
      `var request${n} = new okhttp3.Request.Builder().url(url${n}).method(${str(b.method)}, ${requestBody})${b.headers.map(([k, v]) => `.header(${str(k)}, ${str(v)})`).join('')};`,
      `if (AUTHORIZATION != null) request${n}.header("Authorization", AUTHORIZATION);`,
      `try (var response = client.getHttpClient().newCall(request${n}.build()).execute()) {`,
      ...(keep ? [`  status${n} = response.code();`] : []),
      b.stream ? '  response.body().byteStream().transferTo(System.out);' : use.print || fields.length ? `  var answer${n} = response.body().string();` : '',
      ...(use.print && !b.stream ? [`  System.out.println(answer${n});`] : []),
      ...fields.map((f) => `  ${camelVariable(f.variable)} = meta(JsonParser.parseString(answer${n}), ${str(f.field)});`),
      '}',
    ].filter((l) => l !== '');
    body = [...decl, ...body];
  } else {
    out.push(...c.differences.map((l) => `// ${l}`));
    const a = c.api!;
    const cls = a.builtin ? modelClass(a.group, a.version, a.kind) : 'Object';
    if (c.body && c.op !== 'patch') {
      const json = 'json' in c.body ? (c.body.json as { apiVersion?: string; kind?: string }) : {};
      const [group, version] = (json.apiVersion ?? '').includes('/') ? json.apiVersion!.split('/') : ['', json.apiVersion || a.version];
      const type = !a.builtin
        ? 'Object'
        : c.op === 'delete' || c.op === 'deletecollection'
          ? 'V1DeleteOptions'
          : modelClass(group, version, json.kind ?? a.kind);
      // The target type picks deserialize's result type (its Type parameter does not).
      body.push(`${type} body${n} = client.getJSON().deserialize(${str(c.block.body!.text)}, ${type}.class);`);
    }
    body.unshift(...decl);
    switch (c.op) {
      case 'watch':
        out.push('// Watch.createWatch sends the list request with watch=true and reads its events');
        body.push(
          `try (Watch<${cls}> watch${n} = Watch.createWatch(client, ${request(c, n, fromAnswer)}.watch(true).buildCall(null), new TypeToken<Watch.Response<${cls}>>() {}.getType())) {`,
          `  for (Watch.Response<${cls}> event : watch${n}) System.out.println(event.type + " " + client.getJSON().serialize(event.object));`,
          '}',
        );
        break;
      case 'log':
        if (c.params.some((p) => p.name === 'follow' && p.value === true)) {
          const p = (name: string) => c.params.find((x) => x.name === name)?.value;
          out.push('// PodLogs follows the log (follow=true) and hands it over as a stream');
          body.push(
            `try (InputStream log${n} = new PodLogs(client).streamNamespacedPodLog(${str(c.namespace ?? '')}, ${str(c.name ?? '')}, ${p('container') !== undefined ? str(String(p('container'))) : 'null'}, ${p('sinceSeconds') ?? 'null'}, ${p('tailLines') ?? 'null'}, ${p('timestamps') === true})) {`,
            `  log${n}.transferTo(System.out);`,
            '}',
          );
          break;
        }
        body.push(`System.out.print(${request(c, n, fromAnswer)}.execute());`);
        break;
      default: {
        const call =
          c.op === 'patch'
            ? `PatchUtils.patch(${cls}.class, () -> ${request(c, n, fromAnswer)}.buildCall(null), V1Patch.${PATCH_FORMATS[c.patch ?? 'strategic']}, client)`
            : `${request(c, n, fromAnswer)}.execute()`;
        if (c.op === 'patch') out.push('// PatchUtils sends the patch with the Content-Type of its format');
        if (b.paged) {
          body.push(
            `String continue${n} = null;`,
            'do {',
            `  var answer${n} = ${call.replace(/\.execute\(\)$/, `._continue(continue${n}).execute()`)};`,
            `  show(answer${n});`,
            `  continue${n} = meta(answer${n}, "continue");`,
            ...assignFields(`answer${n}`).map((l) => `  ${l}`),
            `} while (continue${n} != null && !continue${n}.isEmpty());`,
          );
        } else if (keep && c.op !== 'patch') {
          body.push(
            'try {',
            `  var info${n} = ${call.replace(/\.execute\(\)$/, '.executeWithHttpInfo()')};`,
            `  status${n} = info${n}.getStatusCode();`,
            ...(use.print ? [`  show(info${n}.getData());`] : []),
            ...assignFields(`info${n}.getData()`).map((l) => `  ${l}`),
            '} catch (ApiException e) {',
            `  status${n} = e.getCode();`,
            ...fields.map((f) => `  ${camelVariable(f.variable)} = null;`),
            ...(use.print ? ['  System.err.println(e.getResponseBody());'] : []),
            '}',
          );
        } else body.push(`var answer${n} = ${call};`, `show(answer${n});`, ...assignFields(`answer${n}`));
      }
    }
  }
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(`if (${named.map((x) => `status${n} != ${x}`).join(' && ')}) System.err.println(${str(b.report + ' answered HTTP ')} + status${n});`);
  }
  const test = conditionTest(
    b,
    `status${b.condition?.answer}`,
    (st, codes) => (codes.length > 1 ? `(${codes.map((x) => `${st} == ${x}`).join(' || ')})` : `${st} == ${codes[0]}`),
    (e) => `!${e}`,
  );
  if (test) body = [`if (${test}) {`, ...body.map((l) => `  ${l}`), '}'];
  return [...out, ...body, ''];
}

/** The program: KcurlClient.java with the connection, one API object per class used, the requests in order. */
export function javaClientProgram(s: Snippet): Program {
  const calls = s.requests.map(clientCall);
  const m = s.credentials;
  const classes = new Map<string, string>();
  for (const c of calls) if (c.api && !(c.op === 'log' && c.params.some((p) => p.name === 'follow'))) classes.set(apiInstance(c).variable, apiInstance(c).cls);
  const headers = m.impersonation;
  const repeated = headers.filter(([k], i) => headers.findIndex(([h]) => h === k) !== i);
  const main = [
    '    // The connection, from the variables the preamble exports. A program of your own would more often read the',
    '    // kubeconfig as kubectl does: Config.defaultClient() (or ClientBuilder.cluster().build() in a pod).',
    '    ClientBuilder builder = new ClientBuilder().setBasePath(System.getenv("APISERVER")).setVerifyingSsl(!INSECURE);',
    '    if (env("CACERT") != null) builder.setCertificateAuthority(Files.readAllBytes(Paths.get(env("CACERT"))));',
    '    if (env("TOKEN") != null) builder.setAuthentication(new AccessTokenAuthentication(env("TOKEN")));',
    '    else if (env("USERNAME") != null) builder.setAuthentication(new UsernamePasswordAuthentication(env("USERNAME"), env("PASSWORD")));',
    '    if (env("CERT") != null)',
    '      builder.setAuthentication(new ClientCertificateAuthentication(Files.readAllBytes(Paths.get(env("CERT"))), Files.readAllBytes(Paths.get(env("KEY")))));',
    '    client = builder.build();',
    ...(s.maxTimeSeconds
      ? [
          `    // --request-timeout: the client has no timeout= option; each read times out after it instead.`,
          `    client.setReadTimeout(${s.maxTimeSeconds * 1000});`,
        ]
      : []),
    ...(calls.some((c) => c.op === 'watch') && !s.maxTimeSeconds
      ? ['    client.setReadTimeout(0); // a watch waits for events as long as the server keeps it open']
      : []),
    ...headers.filter(([k], i) => headers.findIndex(([h]) => h === k) === i).map(([k, v]) => `    client.addDefaultHeader(${str(k)}, ${str(v)});`),
    ...(repeated.length
      ? [`    // note: default headers hold one value per name: ${[...new Set(repeated.map(([k]) => k))].join(', ')} is sent with its first value only`]
      : []),
    ...[...classes].map(([v, cls]) => `    var ${v} = new ${cls}(client);`),
    '',
    ...calls
      .flatMap((c) => blockLines(s, c))
      .flatMap((l) => l.split('\n'))
      .map((l) => (l ? `    ${l}` : l)),
  ];
  while (main[main.length - 1] === '') main.pop();
  const source = `import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.PodLogs;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.*;
import io.kubernetes.client.openapi.models.*;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import io.kubernetes.client.util.credentials.UsernamePasswordAuthentication;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;

public class KcurlClient {
  static final boolean INSECURE = ${m.insecure};
  static ApiClient client;
  /** For the requests no typed call sends: the Authorization header the client's credentials give the typed ones. */
  static final String AUTHORIZATION = env("TOKEN") != null ? "Bearer " + env("TOKEN")
      : env("USERNAME") != null ? okhttp3.Credentials.basic(env("USERNAME"), env("PASSWORD")) : null;

  static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Prints an answer as JSON. */
  static void show(Object answer) {
    System.out.println(client.getJSON().serialize(answer));
  }

  /** A field of an answer's .metadata (continue, resourceVersion), null when absent. */
  static String meta(Object answer, String field) {
    JsonElement json = answer instanceof JsonElement ? (JsonElement) answer : JsonParser.parseString(client.getJSON().serialize(answer));
    if (!json.isJsonObject() || !json.getAsJsonObject().has("metadata")) return null;
    JsonElement value = json.getAsJsonObject().getAsJsonObject("metadata").get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  public static void main(String[] args) throws Exception {
    try {
      run();
    } catch (ApiException e) {
      System.err.println("Error from server (" + e.getCode() + "): " + e.getResponseBody());
      System.exit(1);
    }
  }

  static void run() throws Exception {
${main.join('\n')}
  }
}
`;
  return {
    // javac reads sources in the platform's encoding (ASCII without a locale): every other character is written as a
    // Unicode escape, which Java reads anywhere in a source file, strings and comments alike.
    source: source.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
    file: {
      name: 'KcurlClient.java',
      run: [
        'cd "$DIR"',
        '# io.kubernetes:client-java and its dependencies must be on CLASSPATH (for example from mvn dependency:build-classpath)',
        'java KcurlClient.java',
      ],
    },
  };
}
