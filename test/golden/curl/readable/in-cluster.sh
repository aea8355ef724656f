# kcurl get pods
# credentials: the in-pod serviceaccount mount (client-go InClusterConfig)
SA_DIR=/var/run/secrets/kubernetes.io/serviceaccount
APISERVER="https://${KUBERNETES_SERVICE_HOST}:${KUBERNETES_SERVICE_PORT}"
CACERT="$SA_DIR"/ca.crt
TOKEN=$(cat "$SA_DIR"/token)

# list pods in namespace default
curl -sS --cacert "$CACERT" -H "Authorization: Bearer $TOKEN" \
  -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' \
  "$APISERVER"'/api/v1/namespaces/default/pods?limit=500'
