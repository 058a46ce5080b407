#!/usr/bin/env bash
# Fuzzes the scenario loader and the distribution parser with libFuzzer (clang
# -fsanitize=fuzzer,address,undefined) for FUZZ_SECONDS in total (default 60): two thirds on the
# loader, one third on the distribution parser. Called by `make fuzz`; CI runs it for 60 s.
#
# Seeds: scenarios/ (every shipped scenario), tests/fuzz/seeds/, and every input kept in
# tests/fuzz/regress/ (inputs that once crashed; tests/test-scenario-fuzz replays them all in
# `make check`). The corpus grows in build/fuzz/corpus/ across local runs. A crash stops the run
# with status 1 and leaves the input in build/fuzz/artifacts/: fix the bug, then copy the input
# into tests/fuzz/regress/scenario/ or tests/fuzz/regress/dist/ so it stays a regression test.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
clang=${CLANG:-clang}
out=build/fuzz
command -v "$clang" >/dev/null || { echo "run-fuzz.sh: $clang not found (tests/install-deps.sh test installs it)" >&2; exit 2; }
case "$secs" in ''|*[!0-9]*) echo "run-fuzz.sh: FUZZ_SECONDS='$secs'; allowed: a whole number of seconds" >&2; exit 2;; esac

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
# The library, instrumented for coverage; the Makefile's own rules and dependency tracking.
make -s -j"$(nproc)" CC="$clang" BUILD="$out" OPT="-O1 -g -fno-omit-frame-pointer $san -fsanitize=fuzzer-no-link" \
  WERROR= "$out/libeksim.a"
cppflags="-Isim -D_GNU_SOURCE -DG_LOG_DOMAIN=\"eksim\" -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_66"
pkgs="glib-2.0 gsl json-glib-1.0 yaml-0.1"
for t in scenario dist; do
  # shellcheck disable=SC2046
  "$clang" -O1 -g -fno-omit-frame-pointer $san -fsanitize=fuzzer $cppflags $(pkg-config --cflags $pkgs) \
    "tests/fuzz/fuzz-$t.c" "$out/libeksim.a" $(pkg-config --libs $pkgs) -lm -o "$out/fuzz-$t"
done

# A dictionary of the scenario language, from the schema (eksim keys) plus the syntax.
make -s build/eksim
dict="$out/scenario.dict"
{
  for tok in '[' ']' '=' ' = ' ', ' ' | ' '#' '.' 'include = ' '[sweep]' '[link.default]' \
             'empirical(' 'const(' 'uniform(' 'exp(' 'normal(' 'lognormal(median=' ', sigma=' \
             'gamma(shape=' 'weibull(shape=' 'pareto(shape=' ', scale=' ', mean=' \
             'ms' 'us' 'ns' 's' 'm' 'h' '/s' '/m' 'Gbps' 'Mbps' 'KiB' '/16' '0.0.0.0/0' '10.0.0.0/16' \
             'true' 'false' 'network.' 'client.' 'nodegroup.' 'fault.' 'link.' 'az1' 'all'; do
    printf '"%s"\n' "$tok"
  done
  build/eksim keys | awk '/^\[/ {
      g = substr($1, 2, length($1) - 2); sub(/\.\*$/, ".x", g)
      printf "\"[%s]\"\n\"%s\"\n\"%s.%s\"\n", g, $2, g, $2
      d = $0; sub(/^[^=]*= /, "", d)
      if (d != "(no default)") { gsub(/\\/, "\\\\", d); gsub(/"/, "\\\"", d); printf "\"%s\"\n", d }
    }'
  build/eksim keys | grep -o 'allowed: [a-z0-9.+|-]*|[a-z0-9.+|-]*' | sed 's/allowed: //' | tr '|' '\n' |
    sort -u | awk 'length($0) > 0 { printf "\"%s\"\n", $0 }'
} | grep -vx "\"\"" | sort -u >"$dict"

mkdir -p "$out/corpus/scenario" "$out/corpus/dist" "$out/artifacts"
scenario_secs=$(( secs * 2 / 3 ))
dist_secs=$(( secs - scenario_secs ))
[ "$scenario_secs" -ge 1 ] || scenario_secs=1
[ "$dist_secs" -ge 1 ] || dist_secs=1
seeds_scenario=(tests/fuzz/seeds/scenario tests/fuzz/regress/scenario)
[ -d scenarios ] && seeds_scenario+=(scenarios)

run() {
  local name=$1 secs=$2 maxlen=$3; shift 3
  echo "fuzz-$name: ${secs}s"
  if ! "$out/fuzz-$name" -max_total_time="$secs" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$out/artifacts/$name-" -print_final_stats=1 "$@" >"$out/fuzz-$name.log" 2>&1; then
    tail -n 40 "$out/fuzz-$name.log" >&2
    echo "fuzz-$name: FAILED; input kept in $out/artifacts/ (see $out/fuzz-$name.log)" >&2
    return 1
  fi
  grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$out/fuzz-$name.log" | tail -n 2 || true
}
status=0
run scenario "$scenario_secs" 4096 -dict="$dict" "$out/corpus/scenario" "${seeds_scenario[@]}" || status=1
run dist "$dist_secs" 256 -dict="$dict" "$out/corpus/dist" tests/fuzz/seeds/dist tests/fuzz/regress/dist || status=1
[ "$status" -eq 0 ] && echo "fuzz: no crash in ${secs}s"
exit "$status"
