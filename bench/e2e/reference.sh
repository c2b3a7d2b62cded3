#!/bin/sh
# The reference pipeline of bench/e2e, as a user would script it with the stock
# tools (what app-gen's deep-delta mode does): `skopeo copy` of each image into
# an OCI layout, `xdelta3 -e` per layer against the old image's layer at the
# same index (layers gunzipped first: a delta of gzip streams is useless; a
# new layer with no counterpart ships whole), then `mender-artifact write
# module-image`. A warm run reuses the layouts: skopeo skips blobs it has.
# usage: reference.sh REGISTRY WORKDIR OUTPUT ARCH ARTIFACT DEVICE_TYPE
set -eu
host=$1 work=$2 out=$3 arch=$4 name=$5 device=$6
img=$work/images
payload=$work/payload
mkdir -p "$img"
pairs='web 1.0 2.0
api 1.0 2.0
db 16 16'
echo "$pairs" | while read -r svc a b; do
  for tag in $(printf '%s\n%s\n' "$a" "$b" | sort -u); do
    skopeo copy --quiet --src-tls-verify=false --override-os linux --override-arch "$arch" \
      "docker://$host/bigshop/$svc:$tag" "oci:$img/$svc-$tag:$tag"
  done
done
layers() {
  m=$(jq -r '.manifests[0].digest' "$1/index.json" | cut -c8-)
  jq -r '.layers[].digest' "$1/blobs/sha256/$m" | cut -c8-
}
rm -rf "$payload"
mkdir -p "$payload"
echo "$pairs" | while read -r svc a b; do
  mkdir "$payload/$svc"
  old=$(layers "$img/$svc-$a")
  i=0
  for n in $(layers "$img/$svc-$b"); do
    o=$(echo "$old" | sed -n "$((i + 1))p")
    gzip -dc <"$img/$svc-$b/blobs/sha256/$n" >"$work/new.tar"
    if [ -n "$o" ]; then
      gzip -dc <"$img/$svc-$a/blobs/sha256/$o" >"$work/old.tar"
      xdelta3 -e -f -s "$work/old.tar" "$work/new.tar" "$payload/$svc/$i.vcdiff"
    else
      cp "$work/new.tar" "$payload/$svc/$i.tar"
    fi
    i=$((i + 1))
  done
done
rm -f "$work/new.tar" "$work/old.tar"
tar -czf "$work/images.tar.gz" -C "$payload" .
rm -f "$out"
mender-artifact write module-image -T app -n "$name" -t "$device" -f "$work/images.tar.gz" -o "$out"
