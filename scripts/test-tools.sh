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
  # the device module (device/app): linted, and its self-checks run under each shell
  [shellcheck]=shellcheck
  [busybox]=busybox-static
  [dash]=dash
  [jq]=jq
)

missing=()
for tool in "${!PKG[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0

pkgs=$(for t in "${missing[@]}"; do echo "${PKG[$t]}"; done | sort -u | tr '\n' ' ')
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; }; then
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
