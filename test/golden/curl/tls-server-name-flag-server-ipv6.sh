# kcurl get pods
# credentials: kubeconfig context "kind-kind", cluster "kind-kind", user "kind-admin"
# tls-server-name api.example.test: curl sends it as SNI and checks the server certificate against it (the URL names it);
# --connect-to still connects to https://[::1]:6443, and the Host header names that server, as kubectl sends it
CACERT=$(mktemp)
kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.certificate-authority-data}' | base64 --decode > "$CACERT"
TOKEN=$(kubectl config view --raw -o 'jsonpath={.users[?(@.name=="kind-admin")].user.token}')
trap 'rm -f "$CACERT"' EXIT

# create a pod in namespace default
#   POST https://[::1]:6443/api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Strict
#   Accept: application/json
#   Content-Type: application/json
#   Authorization: Bearer $TOKEN
#   (body: 70 bytes, ends with a newline)
curl -sS -X POST \
  --cacert "$CACERT" -H "Authorization: Bearer $TOKEN" --connect-to 'api.example.test:6443:[::1]:6443' -H 'Host: [::1]:6443' \
  -H 'Accept: application/json' \
  -H 'Content-Type: application/json' \
  --data-binary @- \
  https://api.example.test:6443'/api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Strict' <<'KCURL_BODY'
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"it's $(id) `x`"}}
KCURL_BODY
