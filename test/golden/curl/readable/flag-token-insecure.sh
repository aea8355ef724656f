# kcurl get pods
# credentials: kubeconfig context "kind-kind", cluster "kind-kind", user "kind-admin"
APISERVER=$(kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.server}')
# insecure-skip-tls-verify is set: -k accepts any certificate, so anyone on the path can read and change this traffic
: "${TOKEN:?set TOKEN to the value you passed with --token}"

# list pods in namespace default
curl -sS -k -H "Authorization: Bearer $TOKEN" \
  -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' \
  "$APISERVER"'/api/v1/namespaces/default/pods?limit=500'
