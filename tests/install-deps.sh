#!/usr/bin/env bash
# Installs the Debian packages eksim needs that are missing (as root, or through sudo).
#   tests/install-deps.sh run    build + run the batch with plots
#   tests/install-deps.sh test   everything the test suite uses
set -euo pipefail
need=(make gcc pkg-config libglib2.0-dev libgsl-dev libjson-glib-dev libyaml-dev gnuplot-nox)
if [ "${1:-run}" = test ]; then
  need+=(clang libclang-rt-dev valgrind parallel)
fi
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
