# kcurl logs web -f --offline --show=powershell  (as powershell)
# note: kubectl adds container=NAME chosen from the pod (its kubectl.kubernetes.io/default-container annotation, else the first container); without it the server picks a pod's only container
# credentials: kubeconfig context "edge", cluster "edge", user "edge"
APISERVER=$(kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="edge")].cluster.server}')
# insecure-skip-tls-verify is set: -k accepts any certificate, so anyone on the path can read and change this traffic
CERT=/certs/edge.crt
KEY=/certs/edge.key
export APISERVER CERT KEY

DIR=$(mktemp -d)
FILE="$DIR"/Kcurl.ps1
cat > "$FILE" <<'KCURL_PROGRAM'
# Settings of the cluster: insecure-skip-tls-verify, proxy-url, --request-timeout.
$Insecure = $true
$Proxy = 'http://proxy.example:3128'
$TimeoutSeconds = 0
$ErrorActionPreference = 'Stop'

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
  if ($q) { "${Server}${Path}?${q}" } else { "${Server}${Path}" }
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

$Answers = @{}
$Values = @{}

# 1. get pod "web" (kubectl reads it to choose the pod and container): GET /api/v1/namespaces/default/pods/web
[void](Call 'GET' '/api/v1/namespaces/default/pods/web' @() @(,@('Accept', 'application/json, */*')) $null $false $true)

# 2. follow the log of pod web: GET /api/v1/namespaces/default/pods/web/log?follow=true
# a stream: printed line by line as it arrives
[void](Call 'GET' '/api/v1/namespaces/default/pods/web/log' @(,@('follow', 'true')) @(,@('Accept', 'application/json, */*')) $null $true $true)
KCURL_PROGRAM
# .NET on Linux trusts the CA file SSL_CERT_FILE names (PowerShell has no CA option of its own).
if [ -n "${CACERT:-}" ]; then SSL_CERT_FILE="$CACERT" pwsh -NoProfile -File "$FILE"; else pwsh -NoProfile -File "$FILE"; fi
