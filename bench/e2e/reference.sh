#!/bin/sh
# The reference of bench/e2e: the archived app-gen's OCI deep delta, scripted
# by a user without a Docker daemon, with the stock tools only. The artifact
# installs with the App Update Module's steps (and this project's device/app).
#
# For each --image CUR,NEW (a lone NEW ships in full, as app-gen's --image NEW):
#   1. skopeo copy docker://REF oci:DIR, for both images (a later run reuses the
#      layouts: skopeo skips the blobs it has);
#   2. the new image's `docker image save`-style export as Docker >= 25 writes
#      it: OCI layout + manifest.json + repositories, uncompressed layers named
#      blobs/sha256/<diff ID> (gunzipped blobs, checked against the config's
#      diff IDs), config blob as pulled, a manifest over the uncompressed layers;
#   3. deep delta (app-gen's oci_deep_delta): layers paired by index, for each
#      layer i below the current image's layer count `xdelta3 -e -s CUR_i NEW_i`
#      into <NEW_i>.vcdiff, the new blob deleted and <NEW_i>.source naming the
#      current layer; refused when the current image has more layers;
#      tar -cf image.img -C <export> .;
#   4. images/<NEW_ID>/{url-new.txt,url-current.txt,sums-new.txt,sums-current.txt,
#      image.img,deep_delta}, the image ID being the config digest (classic
#      store); images.tar.gz, manifests.tar.gz (the --manifests-dir as
#      manifests/), meta-data, and app-gen's final mender-artifact command.
#
# usage: reference.sh --artifact-name NAME --device-type TYPE --output-path FILE
#          --application-name APP --manifests-dir DIR --platform OS/ARCH[/VARIANT]
#          --workdir DIR [--src-tls-verify=false] --image [CUR,]NEW...
#          [-- ARGS passed to mender-artifact write module-image]
set -eu

die() {
    echo "reference.sh: $*" >&2
    exit 1
}

name='' out='' app='' manifests='' platform='' work='' tls='' devices='' images=''
while [ $# -gt 0 ]; do
    case $1 in
        --src-tls-verify=false | --) ;;
        --*) [ $# -ge 2 ] || die "$1 needs a value" ;;
    esac
    case $1 in
        --artifact-name) name=$2 ;;
        --device-type) devices="$devices $2" ;;
        --output-path) out=$2 ;;
        --application-name) app=$2 ;;
        --manifests-dir) manifests=$2 ;;
        --platform) platform=$2 ;;
        --workdir) work=$2 ;;
        --image) images="$images $2" ;;
        --src-tls-verify=false)
            tls=--src-tls-verify=false
            shift
            continue
            ;;
        --)
            shift
            break
            ;;
        *) die "unknown option $1 (see the usage at the top of this script)" ;;
    esac
    shift 2
done
for v in name:artifact-name out:output-path app:application-name manifests:manifests-dir \
    platform:platform work:workdir devices:device-type images:image; do
    eval "[ -n \"\$${v%%:*}\" ]" || die "--${v#*:} is required (see the usage at the top of this script)"
done
[ -d "$manifests" ] || die "--manifests-dir $manifests is not a folder"
case $app in
    *[!a-zA-Z0-9_-]*) die "--application-name $app: letters, digits, _ and - only" ;;
esac
os=${platform%%/*}
arch=${platform#*/}
variant=
case $arch in
    */*)
        variant=${arch#*/}
        arch=${arch%%/*}
        ;;
esac

layouts=$work/layouts
build=$work/build
rm -rf "$build"
mkdir -p "$layouts" "$build/images" "$build/x"

layout_of() {
    echo "$layouts/$(echo "$1" | tr '/:@' '___')"
}

pull() {
    skopeo copy --quiet $tls --override-os "$os" --override-arch "$arch" \
        ${variant:+--override-variant "$variant"} "docker://$1" "oci:$(layout_of "$1"):image"
}

hex() {
    sha256sum "$1" | cut -d ' ' -f 1
}

# size FILE: its length in bytes (some wc pad the number with blanks)
size() {
    echo $(($(wc -c <"$1")))
}

# export_image REF DIR: what `docker image save REF` writes on a Docker >= 25
# classic-store device, unpacked into DIR, its JSON files byte for byte (Docker
# also writes legacy per-layer configs, which `docker image load` does not
# need); prints the image ID (config digest).
export_image() {
    ref=$1
    dir=$2
    src=$(layout_of "$ref")
    noDigest=${ref%%@*}
    tag=${noDigest##*:}
    case $tag in
        "$noDigest" | */*) die "$ref: no tag (the device loads the image by its tag)" ;;
    esac
    repo=$(echo "${noDigest%:*}" | sed -e 's,^docker\.io/library/,,' -e 's,^docker\.io/,,')
    m=$src/blobs/sha256/$(jq -r '.manifests[0].digest' "$src/index.json" | cut -c8-)
    [ "$(hex "$m")" = "${m##*/}" ] || die "$ref: manifest blob $m is corrupt"
    cfg=$(jq -r '.config.digest' "$m" | cut -c8-)
    mkdir -p "$dir/blobs/sha256"
    cp "$src/blobs/sha256/$cfg" "$dir/blobs/sha256/$cfg"
    [ "$(hex "$dir/blobs/sha256/$cfg")" = "$cfg" ] || die "$ref: config blob sha256:$cfg is corrupt"
    diffs=$(jq -r '.rootfs.diff_ids[]' "$dir/blobs/sha256/$cfg" | cut -c8-)
    : >"$dir/layers"
    i=0
    jq -r '.layers[] | .mediaType + " " + .digest' "$m" | while read -r type digest; do
        i=$((i + 1))
        blob=$src/blobs/sha256/${digest#sha256:}
        case $type in
            *.tar.gzip | *.tar+gzip) gzip -dc <"$blob" >"$dir/layer.tmp" ;;
            *.tar) cp "$blob" "$dir/layer.tmp" ;;
            *) die "$ref: layer $digest is $type: only gzip and uncompressed layers are handled" ;;
        esac
        d=$(hex "$dir/layer.tmp")
        [ "$d" = "$(echo "$diffs" | sed -n "${i}p")" ] \
            || die "$ref: layer $digest uncompresses to sha256:$d, not the config's diff ID"
        mv "$dir/layer.tmp" "$dir/blobs/sha256/$d"
        echo "$d $(size "$dir/blobs/sha256/$d")" >>"$dir/layers"
    done
    descriptors=$(jq -R -s -c 'split("\n") | map(select(length > 0) | split(" ")
        | {mediaType: "application/vnd.oci.image.layer.v1.tar", digest: ("sha256:" + .[0]), size: (.[1] | tonumber)})' \
        "$dir/layers")
    rm "$dir/layers"
    jq -n -c --arg cfg "sha256:$cfg" --argjson size "$(size "$dir/blobs/sha256/$cfg")" \
        --argjson layers "$descriptors" \
        '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
          config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cfg, size: $size},
          layers: $layers}' | tr -d '\n' >"$dir/manifest.tmp"
    mhex=$(hex "$dir/manifest.tmp")
    msize=$(size "$dir/manifest.tmp")
    mv "$dir/manifest.tmp" "$dir/blobs/sha256/$mhex"
    jq -n -c --arg d "sha256:$mhex" --argjson s "$msize" --arg ref "$ref" --arg tag "$tag" \
        '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
          manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
            annotations: {"io.containerd.image.name": $ref, "org.opencontainers.image.ref.name": $tag}}]}' \
        | tr -d '\n' >"$dir/index.json"
    jq -c --arg cfg "blobs/sha256/$cfg" --arg rt "$repo:$tag" \
        '[{Config: $cfg, RepoTags: [$rt], Layers: [.layers[] | "blobs/sha256/" + (.digest | .[7:])],
           LayerSources: ([.layers[] | {key: .digest, value: {mediaType, size, digest}}]
             | sort_by(.key) | from_entries)}]' \
        "$dir/blobs/sha256/$mhex" >"$dir/manifest.json"
    jq -c --arg repo "$repo" --arg tag "$tag" \
        '{($repo): {($tag): (.layers[-1].digest | .[7:])}}' "$dir/blobs/sha256/$mhex" >"$dir/repositories"
    printf '{"imageLayoutVersion": "1.0.0"}' >"$dir/oci-layout"
    echo "$cfg"
}

ids=
n=0
for pair in $images; do
    n=$((n + 1))
    new=${pair#*,}
    cur=${pair%%,*}
    pull "$new"
    [ "$cur" = "$new" ] || pull "$cur"
    x=$build/x/$n
    new_id=$(export_image "$new" "$x/new")
    dir=$build/images/$new_id
    mkdir -p "$dir"
    if [ "$cur" = "$new" ]; then
        cur_id=$new_id
    else
        cur_id=$(export_image "$cur" "$x/cur")
        cur_layers=$(jq -r '.[0].Layers[]' "$x/cur/manifest.json")
        new_layers=$(jq -r '.[0].Layers[]' "$x/new/manifest.json")
        [ "$(echo "$cur_layers" | wc -l)" -le "$(echo "$new_layers" | wc -l)" ] \
            || die "$cur has more layers than $new: app-gen's deep delta refuses it"
        i=0
        for c in $cur_layers; do
            i=$((i + 1))
            l=$(echo "$new_layers" | sed -n "${i}p")
            [ -f "$x/new/$l" ] || continue # a layer repeated in the image is stored once
            xdelta3 -e -s "$x/cur/$c" "$x/new/$l" "$x/new/$l.vcdiff"
            rm "$x/new/$l"
            echo "$c" >"$x/new/$l.source"
        done
        : >"$dir/deep_delta"
    fi
    tar -cf "$dir/image.img" -C "$x/new" .
    rm -rf "$x"
    echo "$new" >"$dir/url-new.txt"
    echo "$cur" >"$dir/url-current.txt"
    echo "$new_id" >"$dir/sums-new.txt"
    echo "$cur_id" >"$dir/sums-current.txt"
    ids="$ids $new_id $cur_id"
done

cp -a "$manifests" "$build/manifests"
tar -czf "$build/images.tar.gz" -C "$build" images
tar -czf "$build/manifests.tar.gz" -C "$build" manifests
echo "$ids" | tr ' ' '\n' | sort -u | jq -R -s -c --arg app "$app" --arg platform "$platform" \
    '{application_name: $app, images: split("\n") | map(select(length > 0)),
      orchestrator: "docker-compose", platform: $platform, version: "1.0"}' >"$build/meta-data.json"
rm -f "$out"
# the device types go before the passthrough arguments, which come last as app-gen passes them
for d in $devices; do set -- -t "$d" "$@"; done
mender-artifact write module-image --compression none -T app -o "$out" -n "$name" \
    --meta-data "$build/meta-data.json" -f "$build/images.tar.gz" -f "$build/manifests.tar.gz" \
    --software-name "$app" "$@"
