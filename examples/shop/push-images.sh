#!/bin/sh
# Builds the example images (make-images.mjs) and pushes every platform of
# each to REGISTRY (default localhost:5000, plain HTTP) with skopeo.
#   sh examples/shop/push-images.sh [REGISTRY]
set -eu
registry=${1:-${REGISTRY:-localhost:5000}}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node "$here/make-images.mjs" "$out" | while IFS="$(printf '\t')" read -r dir tag digest; do
  name=$(basename "$dir" | sed "s/-$tag\$//")
  skopeo copy --quiet --all --dest-tls-verify=false "oci:$dir:$tag" "docker://$registry/shop/$name:$tag"
  echo "$registry/shop/$name:$tag@$digest"
done
