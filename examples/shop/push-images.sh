#!/bin/sh
# Builds the example images (`mender-compose demo --images-only`, no Docker)
# and pushes every platform of each to REGISTRY (default localhost:5000,
# plain HTTP) with skopeo.
#   sh examples/shop/push-images.sh [REGISTRY]
# MENDER_COMPOSE overrides the CLI command (default: this checkout's dist/cli/index.js).
set -eu
registry=${1:-${REGISTRY:-localhost:5000}}
here=$(cd "$(dirname "$0")" && pwd)
cli=${MENDER_COMPOSE:-node $here/../../dist/cli/index.js}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
$cli demo --images-only "$out" > "$out/images.txt"
while IFS="$(printf '\t')" read -r dir tag digest; do
  name=$(basename "$dir" | sed "s/-$tag\$//")
  skopeo copy --quiet --all --dest-tls-verify=false "oci:$dir:$tag" "docker://$registry/shop/$name:$tag"
  echo "$registry/shop/$name:$tag@$digest"
done < "$out/images.txt"
