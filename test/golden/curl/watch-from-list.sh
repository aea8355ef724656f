# kcurl watch-from-list
# credentials: kubeconfig context "kind-kind", cluster "kind-kind", user "kind-admin"
APISERVER=$(kubectl config view --raw -o 'jsonpath={.clusters[?(@.name=="kind-kind")].cluster.server}')
# insecure-skip-tls-verify is set: -k accepts any certificate, so anyone on the path can read and change this traffic
: "${TOKEN:?set TOKEN to the value you passed with --token}"

# json_meta FIELD < FILE: the .metadata.FIELD of the JSON answer in FILE (standard tools only, no jq)
json_meta() {
  printf '%b' "$(tr -d '\n' | sed -nE 's/^[^}]*"metadata":[[:space:]]*[{]([^}]*)[}].*/\1/p' |
    sed -nE 's/(^|.*,)[[:space:]]*"'"$1"'":[[:space:]]*"(([^"\\]|\\.)*)".*/\2/p' | sed -E 's/\\(["/])/\1/g')"
}

ANSWER=$(mktemp)

# 1. list configmaps in namespace team-a
#   GET https://127.0.0.1:6443/api/v1/namespaces/team-a/configmaps?limit=500
#   Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
#   Authorization: Bearer $TOKEN
#   in pages: sent again with continue= the .metadata.continue of each answer until an answer has none
CONTINUE=
while :; do
  curl -sS --max-time 2 -G -o "$ANSWER" \
    -k -H "Authorization: Bearer $TOKEN" \
    -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' \
    "$APISERVER"'/api/v1/namespaces/team-a/configmaps?limit=500' ${CONTINUE:+--data-urlencode "continue=$CONTINUE"}
  cat "$ANSWER"
  CONTINUE=$(json_meta continue < "$ANSWER")
  [ -n "$CONTINUE" ] || break
done
RESOURCE_VERSION=$(json_meta resourceVersion < "$ANSWER")

# 2. watch configmaps in namespace team-a (events as they happen)
#   GET https://127.0.0.1:6443/api/v1/namespaces/team-a/configmaps?watch=true
#   Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
#   Authorization: Bearer $TOKEN
#   and resourceVersion= the .metadata.resourceVersion of answer 1
#   ends at --request-timeout: curl --max-time stops it and reports "Operation timed out" (exit 28) where kubectl ends with 0
curl -sS -N --max-time 2 -G \
  -k -H "Authorization: Bearer $TOKEN" \
  -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' \
  "$APISERVER"'/api/v1/namespaces/team-a/configmaps?watch=true' --data-urlencode "resourceVersion=$RESOURCE_VERSION"
