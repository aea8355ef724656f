// The PowerShell generator: the snippet model as a PowerShell 7 script (Invoke-WebRequest; a stream through
// System.Net.Http.HttpClient, which reads an answer as it arrives), reading the credentials the bash preamble
// exports; written to a temporary Kcurl.ps1 and run with pwsh. PowerShell has no option for a CA file: on Linux,
// .NET trusts the file SSL_CERT_FILE names, so the runner sets it to CACERT (on Windows, import the CA into the
// certificate store instead). PowerShell is not packaged for Debian here: this output is golden-tested only.
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, answerUse, applied, blockHeaders, commentLines, conditionTest, expectedStatuses, httpProxy } from './program.js';

/** A single-quoted PowerShell string: nothing is expanded; each single quote (PowerShell reads ‘ ’ ‚ ‛ as one too) doubled. */
export function psString(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

const HEAD = `$ErrorActionPreference = 'Stop'

# The connection, from the variables the preamble exports.
$Server = $env:APISERVER.TrimEnd('/')
$Auth = @{}
if ($env:TOKEN) { $Auth['Authorization'] = 'Bearer ' + $env:TOKEN }
elseif ($env:USERNAME) { $Auth['Authorization'] = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($env:USERNAME + ':' + $env:PASSWORD)) }
$Tls = @{}
if ($Insecure) { $Tls['SkipCertificateCheck'] = $true }
$Certificate = $null
if ($env:CERT) {
  $Certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPemFile($env:CERT, $env:KEY)
  $Tls['Certificate'] = $Certificate
}
if ($Proxy) { $Tls['Proxy'] = $Proxy }

# A value escaped like Go's url.QueryEscape.
function Escape([string]$Value) {
  -join ([Text.Encoding]::UTF8.GetBytes($Value) | ForEach-Object {
    if (($_ -ge 65 -and $_ -le 90) -or ($_ -ge 97 -and $_ -le 122) -or ($_ -ge 48 -and $_ -le 57) -or $_ -in 45, 46, 95, 126) { [string][char]$_ }
    elseif ($_ -eq 32) { '+' }
    else { '%{0:X2}' -f $_ }
  })
}

# The URL as client-go writes it: the query's keys sorted (stable), values escaped.
function Target([string]$Path, [object[]]$Query) {
  $q = ($Query | Sort-Object -Stable { $_[0] } -CaseSensitive | ForEach-Object { (Escape $_[0]) + '=' + (Escape $_[1]) }) -join '&'
  if ($q) { "\${Server}\${Path}?\${q}" } else { "\${Server}\${Path}" }
}

# Sends one request and prints the answer; a stream is printed line by line as it arrives.
function Call([string]$Method, [string]$Path, [object[]]$Query, [object[]]$Headers, $Body, [bool]$Stream, [bool]$Show) {
  $uri = Target $Path $Query
  if ($Stream) {
    $handler = [System.Net.Http.HttpClientHandler]::new()
    if ($Insecure) { $handler.ServerCertificateCustomValidationCallback = [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator }
    if ($Certificate) { [void]$handler.ClientCertificates.Add($Certificate) }
    if ($Proxy) { $handler.Proxy = [System.Net.WebProxy]::new($Proxy) }
    $client = [System.Net.Http.HttpClient]::new($handler)
    if ($TimeoutSeconds) { $client.Timeout = [TimeSpan]::FromSeconds($TimeoutSeconds) } else { $client.Timeout = [System.Threading.Timeout]::InfiniteTimeSpan }
    $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), $uri)
    foreach ($h in $Auth.GetEnumerator()) { [void]$request.Headers.TryAddWithoutValidation($h.Key, $h.Value) }
    foreach ($h in $Headers) { [void]$request.Headers.TryAddWithoutValidation($h[0], $h[1]) }
    $response = $client.Send($request, [System.Net.Http.HttpCompletionOption]::ResponseHeadersRead)
    $reader = [System.IO.StreamReader]::new($response.Content.ReadAsStream())
    while ($null -ne ($line = $reader.ReadLine())) { [Console]::Out.WriteLine($line); [Console]::Out.Flush() }
    return @{ Status = [int]$response.StatusCode; Body = '' }
  }
  # Repeated headers (Impersonate-Group) are joined with ", ", as HTTP allows.
  $all = [ordered]@{}
  foreach ($h in $Auth.GetEnumerator()) { $all[$h.Key] = $h.Value }
  foreach ($h in $Headers) { if ($all.Contains($h[0])) { $all[$h[0]] += ', ' + $h[1] } else { $all[$h[0]] = $h[1] } }
  $options = @{ Method = $Method; Uri = $uri; Headers = $all; SkipHeaderValidation = $true; SkipHttpErrorCheck = $true; MaximumRedirection = 0 } + $Tls
  if ($TimeoutSeconds) { $options['TimeoutSec'] = [Math]::Ceiling($TimeoutSeconds) }
  if ($null -ne $Body) { $options['Body'] = [Text.Encoding]::UTF8.GetBytes($Body) }
  $response = Invoke-WebRequest @options
  $text = if ($response.Content -is [byte[]]) { [Text.Encoding]::UTF8.GetString($response.Content) } else { [string]$response.Content }
  if ($Show) { [Console]::Out.Write($text); [Console]::Out.Flush() }
  return @{ Status = [int]$response.StatusCode; Body = $text }
}

# A field of the answer's .metadata (continue, resourceVersion), '' when absent.
function Meta($Answer, [string]$Field) {
  try { $value = ($Answer.Body | ConvertFrom-Json -AsHashtable)['metadata'][$Field] } catch { $value = $null }
  if ($value) { [string]$value } else { '' }
}
`;

/** A list of pairs that stays a list of pairs (one pair too): each statement's `,@(k, v)` puts out the pair whole. */
const list = (items: string[]) => `@(${items.join('; ')})`;
const pairs = (ps: readonly (readonly [string, string])[]) => list(ps.map(([k, v]) => `,@(${psString(k)}, ${psString(v)})`));

function blockLines(s: Snippet, b: RequestBlock): string[] {
  const out = commentLines(s, b, '#');
  const use = answerUse(b);
  const n = b.number;
  const query = [
    ...b.url.query.map(([k, v]) => `,@(${psString(k)}, ${psString(v)})`),
    ...b.fromAnswer.map((d) => `,@(${psString(d.param)}, $Values[${psString(d.variable)}])`),
  ];
  const q = list(query);
  const args = [
    psString(b.method),
    psString(b.url.path),
    b.paged ? `(${q} + $more)` : q,
    pairs(blockHeaders(s, b)),
    b.body ? psString(b.body.text) : '$null',
    b.stream ? '$true' : '$false',
    use.print ? '$true' : '$false',
  ];
  const send = `Call ${args.join(' ')}`;
  let body: string[];
  if (b.paged) {
    body = [
      '$more = @()',
      'while ($true) {',
      `  $Answers[${n}] = ${send}`,
      `  $cont = Meta $Answers[${n}] 'continue'`,
      '  if (-not $cont) { break }',
      "  $more = @(,@('continue', $cont))",
      '}',
    ];
  } else body = [`${use.keep ? `$Answers[${n}] = ` : '[void]('}${send}${use.keep ? '' : ')'}`];
  for (const f of b.capture?.fields ?? []) body.push(`$Values[${psString(f.variable)}] = Meta $Answers[${n}] ${psString(f.field)}`);
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(
      `if ($Answers[${n}].Status -notin @(${named.join(', ')})) { [Console]::Error.WriteLine(${psString(b.report + ' answered HTTP ')} + $Answers[${n}].Status) }`,
    );
  }
  const test = conditionTest(
    b,
    `$Answers[${b.condition?.answer}].Status`,
    (st, codes) => `${st} -in @(${codes.join(', ')})`,
    (e) => `-not (${e})`,
  );
  if (test) body = [`if (${test}) {`, ...body.map((l) => `  ${l}`), '}'];
  return [...out, ...body, ''];
}

/** The script: settings, the shared head (Call, Meta), then one block per request. */
export function powershellProgram(s: Snippet): Program {
  const m = s.credentials;
  const settings = [
    '# Settings of the cluster: insecure-skip-tls-verify, proxy-url, --request-timeout.',
    `$Insecure = $${m.insecure ? 'true' : 'false'}`,
    `$Proxy = ${httpProxy(s) ? psString(httpProxy(s)!.url) : '$null'}`,
    `$TimeoutSeconds = ${s.maxTimeSeconds ?? 0}`,
  ];
  if (m.tlsServerName)
    settings.push(`# tls-server-name ${m.tlsServerName.name} is not applied: Invoke-WebRequest and HttpClient send the URL's host as the TLS server name.`);
  const source = [...settings, HEAD, '$Answers = @{}', '$Values = @{}', '', ...s.requests.flatMap((b) => blockLines(s, b))].join('\n');
  return {
    source: source.replace(/\n+$/, '\n'),
    file: {
      name: 'Kcurl.ps1',
      run: [
        '# .NET on Linux trusts the CA file SSL_CERT_FILE names (PowerShell has no CA option of its own).',
        'if [ -n "${CACERT:-}" ]; then SSL_CERT_FILE="$CACERT" pwsh -NoProfile -File "$FILE"; else pwsh -NoProfile -File "$FILE"; fi',
      ],
    },
    applies: applied(s, false),
  };
}
