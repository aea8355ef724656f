# kcurl namespace-check-after-not-found
# credentials: kubeconfig context "kind-kind", cluster "kind-kind", user "kind-admin"
APISERVER=$(kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.server}')
# insecure-skip-tls-verify is set: -k accepts any certificate, so anyone on the path can read and change this traffic
: "${TOKEN:?set TOKEN to the value you passed with --token}"

ANSWER=$(mktemp)

# 1. get configmap "missing" in namespace team-a
#   GET https://127.0.0.1:6443/api/v1/namespaces/team-a/configmaps/missing
#   Accept: application/json
#   Authorization: Bearer $TOKEN
STATUS_1=$(curl -sS -o "$ANSWER" -w '%{http_code}' \
  -k -H "Authorization: Bearer $TOKEN" \
  -H 'Accept: application/json' \
  "$APISERVER"/api/v1/namespaces/team-a/configmaps/missing)
cat "$ANSWER"

# 2. only when answer 1 is 404: check that namespace team-a exists (after a NotFound)
#   GET https://127.0.0.1:6443/api/v1/namespaces/team-a
#   Accept: application/json
#   Authorization: Bearer $TOKEN
if [ "$STATUS_1" = 404 ]; then
  curl -sS \
    -k -H "Authorization: Bearer $TOKEN" \
    -H 'Accept: application/json' \
    "$APISERVER"/api/v1/namespaces/team-a
fi

# 3. get configmap "other" in namespace team-a
#   GET https://127.0.0.1:6443/api/v1/namespaces/team-a/configmaps/other
#   Accept: application/json
#   Authorization: Bearer $TOKEN
STATUS_3=$(curl -sS -o "$ANSWER" -w '%{http_code}' \
  -k -H "Authorization: Bearer $TOKEN" \
  -H 'Accept: application/json' \
  "$APISERVER"/api/v1/namespaces/team-a/configmaps/other)
cat "$ANSWER"

# 4. only when answer 3 is 404: check that namespace team-a exists (after a NotFound)
#   GET https://127.0.0.1:6443/api/v1/namespaces/team-a
#   Accept: application/json
#   Authorization: Bearer $TOKEN
if [ "$STATUS_3" = 404 ]; then
  curl -sS \
    -k -H "Authorization: Bearer $TOKEN" \
    -H 'Accept: application/json' \
    "$APISERVER"/api/v1/namespaces/team-a
fi
