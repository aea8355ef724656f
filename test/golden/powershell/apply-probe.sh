# kcurl apply -f - --offline --show=powershell  (as powershell)
# note: kubectl apply creates an object that does not exist yet and patches one that does: each GET below decides.
# kubectl first reads the OpenAPI v3 index and documents (GET /openapi/v3) to learn how lists merge; curl needs none of it.
# For an existing object kubectl sends a three-way strategic merge patch computed from the live object; this script
# sends the whole configuration as the patch, which sets every field the manifest names but cannot remove fields
# dropped from the manifest since the last apply (run kcurl apply to send the exact patch).
# credentials: kubeconfig context "test", cluster "test", user "test"
APISERVER=$(kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="test")].cluster.server}')
TOKEN=$(kubectl config view --raw -o 'jsonpath={.users[?(@.name=="test")].user.token}')
export APISERVER TOKEN

DIR=$(mktemp -d)
FILE="$DIR"/Kcurl.ps1
cat > "$FILE" <<'KCURL_PROGRAM'
# Settings of the cluster: insecure-skip-tls-verify, proxy-url, --request-timeout.
$Insecure = $false
$Proxy = $null
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

# 1. get pod "web" in namespace default: GET /api/v1/namespaces/default/pods/web
$Answers[1] = Call 'GET' '/api/v1/namespaces/default/pods/web' @() @(,@('Accept', 'application/json')) $null $false $false
if ($Answers[1].Status -notin @(404, 200)) { [Console]::Error.WriteLine('GET pod/web answered HTTP ' + $Answers[1].Status) }

# 2. create pod "web" in namespace default: POST /api/v1/namespaces/default/pods?fieldManager=kubectl-client-side-apply&fieldValidation=Strict
# only when answer 1 is 404
if ($Answers[1].Status -in @(404)) {
  [void](Call 'POST' '/api/v1/namespaces/default/pods' @(,@('fieldManager', 'kubectl-client-side-apply'); ,@('fieldValidation', 'Strict')) @(,@('Accept', 'application/json'); ,@('Content-Type', 'application/json')) '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"busybox\",\"name\":\"c\"}]}}\n"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"busybox","name":"c"}]}}
' $false $true)
}

# 3. patch pod "web" in namespace default with the whole configuration: PATCH /api/v1/namespaces/default/pods/web?fieldManager=kubectl-client-side-apply&fieldValidation=Strict
# only when answer 1 is 200
if ($Answers[1].Status -in @(200)) {
  [void](Call 'PATCH' '/api/v1/namespaces/default/pods/web' @(,@('fieldManager', 'kubectl-client-side-apply'); ,@('fieldValidation', 'Strict')) @(,@('Accept', 'application/json'); ,@('Content-Type', 'application/strategic-merge-patch+json')) '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"busybox\",\"name\":\"c\"}]}}\n"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"busybox","name":"c"}]}}
' $false $true)
}
KCURL_PROGRAM
# .NET on Linux trusts the CA file SSL_CERT_FILE names (PowerShell has no CA option of its own).
if [ -n "${CACERT:-}" ]; then SSL_CERT_FILE="$CACERT" pwsh -NoProfile -File "$FILE"; else pwsh -NoProfile -File "$FILE"; fi
