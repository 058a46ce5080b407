#!/usr/bin/env bash
# Installs the Debian packages eksim needs that are missing (as root, or through sudo).
#   tests/install-deps.sh run    build + run the main job (eksim batch scenarios with plots)
#   tests/install-deps.sh test   everything the test suite uses (make check, SANITIZE=1, make fuzz)
#   tests/install-deps.sh bench  also the peers of make bench-peers: ns-3, SimGrid, SimPy 2, g++
# Works on a fresh Debian 12 / Ubuntu 22.04+ machine with only the distribution's archive
# reachable: bash, coreutils, grep, awk, dpkg and apt are all there already.
set -euo pipefail
need=(make gcc libc6-dev pkg-config libglib2.0-dev libgsl-dev libjson-glib-dev libyaml-dev gnuplot-nox)
case "${1:-run}" in
  run) ;;
  # chromium: tests/test-report.c renders report.html headless and checks the screenshot (a
  # minute or two of download on a fresh machine; without it that test is skipped, proving nothing).
  test) need+=(clang libclang-rt-dev valgrind parallel chromium) ;;
  bench) need+=(g++ python3 python3-simpy libns3-dev libsimgrid-dev time) ;;
  *)
    echo "install-deps.sh: unknown mode '$1'; allowed: run, test, bench" >&2
    exit 2
    ;;
esac
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
