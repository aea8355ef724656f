#!/usr/bin/env bash
# Starts an embedded sandbox API server on a free port, runs kcurl against it (showing the REST call
# and the curl snippet), runs the snippet itself, and stops the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
node bin/kcurl sandbox --port 0 --kubeconfig "$dir/kubeconfig" >"$dir/sandbox.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening' "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
cat "$dir/sandbox.log"
grep -q 'listening' "$dir/sandbox.log" || { echo "try: the sandbox did not start" >&2; exit 1; }
export KUBECONFIG="$dir/kubeconfig"
set -x
node bin/kcurl get namespaces --show-curl
node bin/kcurl get pods -A -o wide
node bin/kcurl get services -n default --offline > "$dir/snippet.sh"
bash "$dir/snippet.sh" > "$dir/response.json"
head -c 400 "$dir/response.json"; echo
