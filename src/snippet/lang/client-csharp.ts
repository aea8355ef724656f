// --show=csharp:client: the snippet model as a C# program of the official .NET client (KubernetesClient, the
// `k8s` namespace): client.CoreV1.ListNamespacedPodAsync(…) and the other API groups, client.CustomObjects for other
// groups, the Watch extension for watches, ReadNamespacedPodLogAsync's stream for logs, V1Patch with its PatchType,
// and the client's HttpClient for what no typed call sends. The connection is a KubernetesClientConfiguration built
// from the variables the bash preamble exports. Not built in CI (NuGet is out of reach here): golden-tested and
// parsed by mcs.
import type { Snippet } from '../model.js';
import { type ClientCall, type ClientParam, apiClassName, clientCall, operationName, optionLiteral, pascal } from './client-call.js';
import { type Program, answerUse, camelVariable, commentLines, conditionTest, expectedStatuses } from './program.js';

const str = (v: string) => JSON.stringify(v);

const PATCH_TYPES = { strategic: 'StrategicMergePatch', merge: 'MergePatch', json: 'JsonPatch', apply: 'ApplyPatch' } as const;

/** The model class of a Kind: V1ConfigMap, Authenticationv1TokenRequest (KubernetesClient names it after its group). */
function modelClass(group: string, version: string, kind: string): string {
  const v = pascal(version);
  if (kind === 'TokenRequest') return `${group.startsWith('storage') ? 'Storage' : 'Authentication'}${version}TokenRequest`;
  if (kind === 'Event') return `${group === '' ? 'Core' : 'Events'}${version}Event`;
  return `${v}${kind}`;
}

/** The client's property for an API group: client.CoreV1, client.RbacAuthorizationV1, client.CustomObjects. */
const groupProperty = (c: ClientCall) => (c.api!.builtin ? apiClassName(c.api!.group, c.api!.version).replace(/Api$/, '') : 'CustomObjects');

/** A named argument: labelSelector: "app=web", continueParameter: …. */
const named = (p: ClientParam) => `${p.name === 'continue' ? 'continueParameter' : p.name}: ${optionLiteral(p.value)}`;

/** The call: client.CoreV1.ListNamespacedPodAsync("default", limit: 500). */
function call(c: ClientCall, n: number, fromAnswer: string[], suffix = 'Async', extra: string[] = []): string {
  const a = c.api!;
  const args: string[] = [];
  if (c.op === 'patch') args.push(`new V1Patch(${str(c.block.body?.text ?? '')}, V1Patch.PatchType.${PATCH_TYPES[c.patch ?? 'strategic']})`);
  else if (c.body && (c.op === 'create' || c.op === 'replace')) args.push(`body${n}`);
  if (!a.builtin) args.push(str(a.group), str(a.version));
  if (c.name !== undefined && a.builtin) args.push(str(c.name));
  if (a.namespaced && !a.allNamespaces && c.namespace !== undefined) args.push(str(c.namespace));
  if (!a.builtin) args.push(str(a.resource));
  if (c.name !== undefined && !a.builtin) args.push(str(c.name));
  if (c.body && (c.op === 'delete' || c.op === 'deletecollection')) args.push(`body: body${n}`);
  args.push(...c.params.map(named), ...fromAnswer, ...extra);
  return `client.${groupProperty(c)}.${pascal(operationName(c))}${suffix}(${args.join(', ')})`;
}

function blockLines(s: Snippet, c: ClientCall): string[] {
  const b = c.block;
  const n = b.number;
  const use = answerUse(b);
  const out = commentLines(s, b, '//');
  const fromAnswer = b.fromAnswer.map((d) => `${d.param}: ${camelVariable(d.variable)}`);
  const keep = !!b.capture?.status;
  const fields = b.capture?.fields ?? [];
  const decl = [...(keep ? [`int status${n};`] : []), ...fields.map((f) => `string ${camelVariable(f.variable)};`)];
  const assignFields = (answer: string) => fields.map((f) => `${camelVariable(f.variable)} = Meta(${answer}, ${str(f.field)});`);
  let body: string[] = [...decl];
  if (c.op === 'raw') {
    out.push("// no typed call sends this request: the client's HttpClient sends it as it is");
    const query = [
      ...c.params.map((p) => `${str(`${p.name}=`)} + Uri.EscapeDataString(${str(String(p.value))})`),
      ...b.fromAnswer.map((d) => `${str(`${d.param}=`)} + Uri.EscapeDataString(${camelVariable(d.variable)})`),
    ];
    const target = query.length ? `${str(b.url.path)} + "?" + string.Join("&", new[] { ${query.join(', ')} })` : str(b.url.path);
    const contentType = b.body?.contentType ?? b.headers.find(([h]) => h.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
    body.push(`var request${n} = new HttpRequestMessage(new HttpMethod(${str(b.method)}), new Uri(client.BaseUri, ${target}));`);
    for (const [k, v] of b.headers) if (k.toLowerCase() !== 'content-type') body.push(`request${n}.Headers.TryAddWithoutValidation(${str(k)}, ${str(v)});`);
    body.push(`if (Authorization != null) request${n}.Headers.TryAddWithoutValidation("Authorization", Authorization);`);
    if (b.body)
      body.push(
        `request${n}.Content = new StringContent(${str(b.body.text)});`,
        `request${n}.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(${str(contentType)});`,
      );
    body.push(
      `using (var response${n} = await client.HttpClient.SendAsync(request${n}, HttpCompletionOption.ResponseHeadersRead))`,
      '{',
      ...(keep ? [`    status${n} = (int)response${n}.StatusCode;`] : []),
      b.stream
        ? `    await (await response${n}.Content.ReadAsStreamAsync()).CopyToAsync(Console.OpenStandardOutput());`
        : `    var answer${n} = await response${n}.Content.ReadAsStringAsync();`,
      ...(use.print && !b.stream ? [`    Console.WriteLine(answer${n});`] : []),
      ...(b.stream ? [] : fields.map((f) => `    ${camelVariable(f.variable)} = Meta(answer${n}, ${str(f.field)});`)),
      '}',
    );
  } else {
    out.push(...c.differences.map((l) => `// ${l}`));
    const a = c.api!;
    const cls = a.builtin ? modelClass(a.group, a.version, a.kind) : 'object';
    if (c.body && c.op !== 'patch') {
      const json = 'json' in c.body ? (c.body.json as { apiVersion?: string; kind?: string }) : {};
      const [group, version] = (json.apiVersion ?? '').includes('/') ? json.apiVersion!.split('/') : ['', json.apiVersion || a.version];
      const type = !a.builtin
        ? 'object'
        : c.op === 'delete' || c.op === 'deletecollection'
          ? 'V1DeleteOptions'
          : modelClass(group, version, json.kind ?? a.kind);
      body.push(`var body${n} = KubernetesJson.Deserialize<${type}>(${str(c.block.body!.text)});`);
    }
    switch (c.op) {
      case 'watch': {
        out.push('// the Watch extension reads the events of the list request sent with watch=true');
        const list = a.builtin ? `${cls}List` : 'object';
        body.push(
          `var closed${n} = new TaskCompletionSource<bool>();`,
          `using (${call(c, n, fromAnswer, 'WithHttpMessagesAsync', ['watch: true'])}.Watch<${cls}, ${list}>(`,
          '    (type, item) => Console.WriteLine(type + " " + KubernetesJson.Serialize(item)),',
          `    error => closed${n}.TrySetException(error),`,
          `    () => closed${n}.TrySetResult(true)))`,
          '{',
          `    await closed${n}.Task;`,
          '}',
        );
        break;
      }
      case 'log':
        out.push('// the log arrives as a stream (followed with follow: true)');
        body.push(`using (var log${n} = await ${call(c, n, fromAnswer)})`, '{', `    await log${n}.CopyToAsync(Console.OpenStandardOutput());`, '}');
        break;
      default:
        if (c.op === 'patch') out.push('// V1Patch carries the patch type; the client sends it as the Content-Type');
        if (b.paged) {
          body.push(
            `string continue${n} = null;`,
            'do',
            '{',
            `    var answer${n} = await ${call(c, n, fromAnswer, 'Async', [`continueParameter: continue${n}`])};`,
            `    Show(answer${n});`,
            `    continue${n} = Meta(answer${n}, "continue");`,
            ...assignFields(`answer${n}`).map((l) => `    ${l}`),
            `} while (!string.IsNullOrEmpty(continue${n}));`,
          );
        } else if (keep) {
          body.push(
            'try',
            '{',
            `    using (var info${n} = await ${call(c, n, fromAnswer, 'WithHttpMessagesAsync')})`,
            '    {',
            `        status${n} = (int)info${n}.Response.StatusCode;`,
            ...(use.print ? [`        Show(info${n}.Body);`] : []),
            ...assignFields(`info${n}.Body`).map((l) => `        ${l}`),
            '    }',
            '}',
            'catch (HttpOperationException e)',
            '{',
            `    status${n} = (int)e.Response.StatusCode;`,
            ...fields.map((f) => `    ${camelVariable(f.variable)} = null;`),
            ...(use.print ? ['    Console.Error.WriteLine(e.Response.Content);'] : []),
            '}',
          );
        } else body.push(`var answer${n} = await ${call(c, n, fromAnswer)};`, `Show(answer${n});`, ...assignFields(`answer${n}`));
    }
  }
  const codes = expectedStatuses(s, b);
  if (codes) {
    body.push(`if (${codes.map((x) => `status${n} != ${x}`).join(' && ')}) Console.Error.WriteLine(${str(b.report + ' answered HTTP ')} + status${n});`);
  }
  const test = conditionTest(
    b,
    `status${b.condition?.answer}`,
    (st, codes) => (codes.length > 1 ? `(${codes.map((x) => `${st} == ${x}`).join(' || ')})` : `${st} == ${codes[0]}`),
    (e) => `!${e}`,
  );
  if (test) body = [`if (${test})`, '{', ...body.map((l) => `    ${l}`), '}'];
  return [...out, ...body, ''];
}

/** The program: KcurlClient.cs with the connection, then the requests in order in Main. */
export function csharpClientProgram(s: Snippet): Program {
  const calls = s.requests.map(clientCall);
  const m = s.credentials;
  const main = [
    '// The connection, from the variables the preamble exports. A program of your own would more often read the',
    '// kubeconfig as kubectl does: KubernetesClientConfiguration.BuildConfigFromConfigFile() (InClusterConfig() in a pod).',
    'var config = new KubernetesClientConfiguration { Host = Env("APISERVER"), SkipTlsVerify = Insecure };',
    'if (Env("CACERT") != null) config.SslCaCerts = CertUtils.LoadPemFileCert(Env("CACERT"));',
    'if (Env("TOKEN") != null) config.AccessToken = Env("TOKEN");',
    'else if (Env("USERNAME") != null) { config.Username = Env("USERNAME"); config.Password = Env("PASSWORD"); }',
    'if (Env("CERT") != null) { config.ClientCertificateFilePath = Env("CERT"); config.ClientKeyFilePath = Env("KEY"); }',
    ...(s.maxTimeSeconds
      ? [
          `// --request-timeout: the client has no timeout= option; each call times out after it instead (a watch does not).`,
          `config.HttpClientTimeout = TimeSpan.FromSeconds(${s.maxTimeSeconds});`,
        ]
      : []),
    'client = new Kubernetes(config);',
    ...m.impersonation.map(([k, v]) => `client.HttpClient.DefaultRequestHeaders.Add(${str(k)}, ${str(v)});`),
    '',
    ...calls.flatMap((c) => blockLines(s, c)).flatMap((l) => l.split('\n')),
  ];
  while (main[main.length - 1] === '') main.pop();
  const source = `using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;

public class KcurlClient
{
    const bool Insecure = ${m.insecure};
    static Kubernetes client;

    /// <summary>For the requests no typed call sends: the Authorization header the client's credentials give the typed ones.</summary>
    static readonly string Authorization = Env("TOKEN") != null ? "Bearer " + Env("TOKEN")
        : Env("USERNAME") != null ? "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Env("USERNAME") + ":" + Env("PASSWORD"))) : null;

    static string Env(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Prints an answer as JSON.</summary>
    static void Show(object answer)
    {
        Console.WriteLine(KubernetesJson.Serialize(answer));
    }

    /// <summary>A field of an answer's .metadata (continue, resourceVersion), null when absent.</summary>
    static string Meta(object answer, string field)
    {
        var json = JsonDocument.Parse(answer as string ?? KubernetesJson.Serialize(answer)).RootElement;
        JsonElement metadata, value;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("metadata", out metadata)) return null;
        return metadata.TryGetProperty(field, out value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    public static async Task<int> Main()
    {
        try
        {
            await Run();
            return 0;
        }
        catch (HttpOperationException e)
        {
            Console.Error.WriteLine("Error from server (" + (int)e.Response.StatusCode + "): " + e.Response.Content);
            return 1;
        }
    }

    static async Task Run()
    {
${main.map((l) => (l ? `        ${l}` : l)).join('\n')}
    }
}
`;
  return {
    source,
    file: {
      name: 'KcurlClient.cs',
      run: [
        'cd "$DIR"',
        '# a console project with the KubernetesClient package from NuGet (.NET 6 or later)',
        'dotnet new console --force >/dev/null && rm -f Program.cs',
        'dotnet add package KubernetesClient >/dev/null',
        'dotnet run',
      ],
    },
  };
}
