#!/usr/bin/env bash
# Fuzzes the scenario loader and the distribution parser with libFuzzer (clang
# -fsanitize=fuzzer,address,undefined). Called by `make fuzz`. Two modes:
#
# - Exploring (the default): FUZZ_SECONDS in total (default 60), two thirds on the loader, one
#   third on the distribution parser, with a random seed; the corpus grows in build/fuzz/corpus/
#   across local runs. This is how new crashes are found.
# - Gating (FUZZ_RUNS=N, what CI runs): N inputs to the loader and 100 N to the distribution parser
#   from seed FUZZ_SEED (default 1), starting from the checked-in seeds only, in a fresh corpus that
#   is thrown away. The same commit fuzzes the same inputs on every machine, so CI's verdict
#   depends on the code, not on the luck of a random seed: a crash found by exploring is fixed and
#   kept as a regression input, never left for CI to stumble on.
#
# Seeds: scenarios/ (every shipped scenario), tests/fuzz/seeds/, and every input kept in
# tests/fuzz/regress/ (inputs that once crashed; tests/test-scenario-fuzz replays them all in
# `make check`). A crash stops the run with status 1 and leaves the input in build/fuzz/artifacts/:
# fix the bug, then copy the input into tests/fuzz/regress/scenario/ or tests/fuzz/regress/dist/ so
# it stays a regression test.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
runs=${FUZZ_RUNS:-}
seed=${FUZZ_SEED:-1}
clang=${CLANG:-clang}
out=build/fuzz
command -v "$clang" >/dev/null || { echo "run-fuzz.sh: $clang not found (tests/install-deps.sh test installs it)" >&2; exit 2; }
case "$secs" in ''|*[!0-9]*) echo "run-fuzz.sh: FUZZ_SECONDS='$secs'; allowed: a whole number of seconds" >&2; exit 2;; esac
case "$runs" in *[!0-9]*|0) echo "run-fuzz.sh: FUZZ_RUNS='$runs'; allowed: a positive whole number of inputs, or unset" >&2; exit 2;; esac
case "$seed" in ''|*[!0-9]*|0) echo "run-fuzz.sh: FUZZ_SEED='$seed'; allowed: a positive whole number" >&2; exit 2;; esac

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

mkdir -p "$out/artifacts"
fixed=()
seeds_scenario=(tests/fuzz/seeds/scenario tests/fuzz/regress/scenario)
[ -d scenarios ] && seeds_scenario+=(scenarios)
seeds_dist=(tests/fuzz/seeds/dist tests/fuzz/regress/dist)

if [ -n "$runs" ]; then
  # gating: a fresh corpus, no reloading of it (which depends on timing), a fixed seed and count
  corpus=$(mktemp -d "$out/gate.XXXXXX")
  trap 'rm -rf "$corpus"' EXIT
  mkdir -p "$corpus/scenario" "$corpus/dist"
  # Without address randomisation: libFuzzer's compare tables record pointer values too, and
  # these steer mutation, so two gating runs fuzz the same inputs only with ASLR off.
  if setarch -R true 2>/dev/null; then
    fixed=(setarch -R)
  else
    echo "fuzz: setarch -R is refused here; address randomisation stays on, so the inputs may vary" >&2
  fi
  budget_scenario=(-runs="$runs" -seed="$seed" -reload=0)
  budget_dist=(-runs="$(( runs * 100 ))" -seed="$seed" -reload=0)
  what="$runs loader inputs and $(( runs * 100 )) distribution inputs from seed $seed"
else
  corpus=$out/corpus
  mkdir -p "$corpus/scenario" "$corpus/dist"
  scenario_secs=$(( secs * 2 / 3 ))
  dist_secs=$(( secs - scenario_secs ))
  [ "$scenario_secs" -ge 1 ] || scenario_secs=1
  [ "$dist_secs" -ge 1 ] || dist_secs=1
  budget_scenario=(-max_total_time="$scenario_secs")
  budget_dist=(-max_total_time="$dist_secs")
  what="${secs}s"
fi

run() {
  local name=$1 maxlen=$2; shift 2
  local args="$*"
  echo "fuzz-$name: ${args%% -dict=*}"
  if ! "${fixed[@]}" "$out/fuzz-$name" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$out/artifacts/$name-" -print_final_stats=1 "$@" >"$out/fuzz-$name.log" 2>&1; then
    tail -n 40 "$out/fuzz-$name.log" >&2
    echo "fuzz-$name: FAILED; input kept in $out/artifacts/ (see $out/fuzz-$name.log)" >&2
    return 1
  fi
  grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$out/fuzz-$name.log" | tail -n 2 || true
}
status=0
run scenario 4096 "${budget_scenario[@]}" -dict="$dict" "$corpus/scenario" "${seeds_scenario[@]}" || status=1
run dist 256 "${budget_dist[@]}" -dict="$dict" "$corpus/dist" "${seeds_dist[@]}" || status=1
[ "$status" -eq 0 ] && echo "fuzz: no crash in $what"
exit "$status"
