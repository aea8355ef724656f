# kcurl get pods
# credentials: kubeconfig context "kind-kind", cluster "kind-kind", user "kind-admin"
APISERVER=$(kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.server}')
CACERT=$(mktemp)
kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.certificate-authority-data}' | base64 --decode > "$CACERT"
# bearer token: .data.token of Secret team-a/builder-token, read with the kubeconfig credentials
TOKEN=$(kubectl get secret builder-token -n team-a -o 'jsonpath={.data.token}' | base64 --decode)
trap 'rm -f "$CACERT"' EXIT

# list pods in namespace default
#   GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500
#   Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
#   Authorization: Bearer $TOKEN
curl -sS \
  --cacert "$CACERT" -H "Authorization: Bearer $TOKEN" \
  -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' \
  "$APISERVER"'/api/v1/namespaces/default/pods?limit=500'
