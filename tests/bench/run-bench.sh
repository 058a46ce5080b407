#!/usr/bin/env bash
# make bench: runs eksim's benchmarks, every tests/bench/bench-*.sh in name order, and prints each
# one's summary. Results go under $BENCH_OUT (default build/bench), one folder per benchmark.
#
# To add a benchmark, drop an executable tests/bench/bench-NAME.sh next to this file. It is run
# from the project root with EKSIM (the binary under test), BENCH_OUT (its own output folder,
# created for it) and RUNS (repetitions, default 3) in the environment; it prints a Markdown
# summary on stdout, writes whatever else it likes under BENCH_OUT, and exits non-zero if a
# correctness check failed (a wrong result is a failure; a slow one is not).
#
# Environment: EKSIM [build/eksim], BENCH_OUT [build/bench], RUNS [3], BENCH_ONLY (a name, e.g.
# "kernel", to run only bench-kernel.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
export EKSIM=${EKSIM:-build/eksim}
export RUNS=${RUNS:-3}
out_root=${BENCH_OUT:-build/bench}
if [ ! -x "$EKSIM" ]; then
  echo "bench: $EKSIM is not an executable (run make first)" >&2
  exit 2
fi
case "$RUNS" in
  '' | *[!0-9]* | 0) echo "bench: RUNS='$RUNS'; allowed: a whole number >= 1" >&2; exit 2 ;;
esac
echo "machine: $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "eksim: $("$EKSIM" --version), runs per configuration: $RUNS"
status=0
ran=0
for b in tests/bench/bench-*.sh; do
  name=$(basename "$b" .sh)
  name=${name#bench-}
  if [ -n "${BENCH_ONLY:-}" ] && [ "$BENCH_ONLY" != "$name" ]; then
    continue
  fi
  export BENCH_OUT="$out_root/$name"
  rm -rf "$BENCH_OUT"
  mkdir -p "$BENCH_OUT"
  echo
  echo "## $name"
  echo
  if ! "$b"; then
    echo "bench: $name: a correctness check failed (see above and $BENCH_OUT/)" >&2
    status=1
  fi
  ran=$((ran + 1))
done
if [ "$ran" -eq 0 ]; then
  echo "bench: no benchmark matched BENCH_ONLY='${BENCH_ONLY:-}'" >&2
  exit 2
fi
exit $status
