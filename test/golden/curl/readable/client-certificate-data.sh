# kcurl get pods
# credentials: kubeconfig context "kind-kind", cluster "kind-kind", user "kind-admin"
APISERVER=$(kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.server}')
CACERT=$(mktemp)
kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.certificate-authority-data}' | base64 --decode > "$CACERT"
CERT=$(mktemp)
kubectl config view --raw -o 'jsonpath={.users[?(@.name=="kind-admin")].user.client-certificate-data}' | base64 --decode > "$CERT"
KEY=$(mktemp)
kubectl config view --raw -o 'jsonpath={.users[?(@.name=="kind-admin")].user.client-key-data}' | base64 --decode > "$KEY"
trap 'rm -f "$CACERT" "$CERT" "$KEY"' EXIT

# list pods in namespace default
curl -sS --cacert "$CACERT" --cert "$CERT" --key "$KEY" \
  -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' \
  "$APISERVER"'/api/v1/namespaces/default/pods?limit=500'
