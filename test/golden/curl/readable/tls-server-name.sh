# kcurl get pods
# credentials: kubeconfig context "kind-kind", cluster "kind-kind", user "kind-admin"
# tls-server-name api.example.test: curl sends it as SNI and checks the server certificate against it (the URL names it);
# --connect-to still connects to https://127.0.0.1:6443, and the Host header names that server, as kubectl sends it
CACERT=$(mktemp)
kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.certificate-authority-data}' | base64 --decode > "$CACERT"
TOKEN=$(kubectl config view --raw -o 'jsonpath={.users[?(@.name=="kind-admin")].user.token}')
trap 'rm -f "$CACERT"' EXIT

# list pods in namespace default
curl -sS --cacert "$CACERT" -H "Authorization: Bearer $TOKEN" --connect-to api.example.test:6443:127.0.0.1:6443 -H 'Host: 127.0.0.1:6443' \
  -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' \
  https://api.example.test:6443'/api/v1/namespaces/default/pods?limit=500'
