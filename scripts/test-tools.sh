#!/usr/bin/env bash
# Makes sure the real tools the tests drive are present, installing missing
# ones from Debian packages (as root, or with sudo). With CI=true a tool that
# cannot be had fails the run; elsewhere the suites needing it are skipped
# (the test helpers print which, and the final count shows them as skipped).
set -u

# tool -> Debian package
declare -A PKG=(
  [xdelta3]=xdelta3
  [mender-artifact]=mender-artifact
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [umoci]=umoci
  [htpasswd]=apache2-utils
  [openssl]=openssl
  [tinyproxy]=tinyproxy
  # only the docker CLI is used (against a fake Engine API); Debian ships it in docker.io
  [docker]=docker.io
  # the real device (see __tests__/helpers/real-device.ts)
  [mender]=mender-client
  [runc]=runc
  [iptables]=iptables
  [busybox]=busybox-static
  [jq]=jq
  [shellcheck]=shellcheck
  [dash]=dash
)

missing=()
for tool in "${!PKG[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done

sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
fi
can_install() { command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; }; }

# Docker Engine 26, containerd and the Compose v2 plugin from Debian trixie,
# unpacked (not installed) into $MC_TOOLS/root: installing them would pull a
# new glibc. A low-priority trixie source upgrades nothing unless asked to.
MC_TOOLS="${MC_TOOLS:-/opt/mc-tools}"
engine_ok() { [ -x "$MC_TOOLS/root/usr/sbin/dockerd" ] && [ -x "$MC_TOOLS/root/usr/libexec/docker/cli-plugins/docker-compose" ]; }
if ! engine_ok && can_install; then
  echo "test-tools: unpacking Docker Engine 26 + Compose v2 (trixie) into $MC_TOOLS" >&2
  if [ ! -e /etc/apt/sources.list.d/trixie.sources ]; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
      $sudo tee /etc/apt/sources.list.d/trixie.sources >/dev/null
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' |
      $sudo tee /etc/apt/preferences.d/trixie-low >/dev/null
  fi
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  debs="$(mktemp -d)"
  chmod 777 "$debs"
  if (cd "$debs" && apt-get download -qq -t trixie docker.io docker-cli containerd docker-compose >/dev/null 2>&1); then
    $sudo mkdir -p "$MC_TOOLS/root"
    for f in "$debs"/*.deb; do $sudo dpkg-deb -x "$f" "$MC_TOOLS/root"; done
  fi
  rm -rf "$debs"
fi
if ! engine_ok; then
  echo "!!! test-tools: Docker Engine 26 is not in $MC_TOOLS/root: the real-device suites will be SKIPPED" >&2
  [ "${CI:-}" = "true" ] && { echo "test-tools: CI=true and the real device is missing: failing" >&2; exit 1; }
fi

[ ${#missing[@]} -eq 0 ] && exit 0

pkgs=$(for t in "${missing[@]}"; do echo "${PKG[$t]}"; done | sort -u | tr '\n' ' ')
if can_install; then
  echo "test-tools: installing $pkgs" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  # docker-registry's postinst starts a service on :5000 where an init system exists; tests use their own.
  $sudo apt-get install -y -qq --no-install-recommends $pkgs >/dev/null 2>&1 || echo "test-tools: apt-get install $pkgs failed" >&2
fi

still=()
for t in "${missing[@]}"; do command -v "$t" >/dev/null 2>&1 || still+=("$t"); done
if [ ${#still[@]} -gt 0 ]; then
  for t in "${still[@]}"; do
    echo "!!! test-tools: '$t' is missing: suites needing it will be SKIPPED. Install it with: sudo apt-get install ${PKG[$t]}" >&2
  done
  if [ "${CI:-}" = "true" ]; then
    echo "test-tools: CI=true and tools are missing: failing" >&2
    exit 1
  fi
fi
exit 0
