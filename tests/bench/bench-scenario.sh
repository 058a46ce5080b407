#!/usr/bin/env bash
# Scenario loader benchmark: wall time of `eksim check` (read, include, validate, expand every
# variant into a SimConfig) on generated scenarios of 1, 120 and 1,200 variants, each with 20
# clients, 5 node groups, 3 networks and 4 faults; and on a file with 1,000 errors (every problem
# is reported). Medians over RUNS runs, in ms per file and us per variant.
#
# Correctness checks (exit status 1 when one fails): each valid file reports "ok (N variants)"
# with the expected N; the broken file exits 2 with exactly 1,000 error lines.
#
# Environment: EKSIM, BENCH_OUT, RUNS (set by run-bench.sh).
set -euo pipefail
out=$BENCH_OUT

gen() { # $1 = file, $2 = sweep lines
  {
    echo "include = _base.ini"
    echo "[scenario]"
    echo "name = loader bench"
    echo "[vpc]"
    echo "resolver_inbound_endpoint = true"
    for n in 1 2 3; do
      echo "[network.net$n]"
      echo "kind = peered-vpc"
      echo "cidr = 172.$((15 + n)).0.0/16"
      echo "dns_forwarding = true"
    done
    for n in $(seq 1 5); do
      echo "[nodegroup.ng$n]"
      echo "nodes = $((n * 10))"
    done
    for n in $(seq 1 20); do
      echo "[client.c$n]"
      case $((n % 4)) in
        0) echo "location = internet"; echo "source_ip = 203.0.113.$n"; echo "rate = $n/s" ;;
        1) echo "location = vpc-private"; echo "think_time = lognormal(median=${n}s, sigma=0.5)" ;;
        2) echo "location = network.net$((n % 3 + 1))"; echo "verbs = get:5, list:2, apply:1, logs:1" ;;
        3) echo "location = vpc-public"; echo "connection = reuse" ;;
      esac
    done
    for n in 1 2 3 4; do
      echo "[fault.f$n]"
      echo "kind = az-outage"
      echo "target = az$((n % 2 + 1))"
      echo "at = $((n * 60))s"
      echo "duration = 30s"
    done
    echo "[sweep]"
    printf '%s\n' "$2"
  } >"$1"
}
printf '[scenario]\nduration = 10m\nwarmup = 1m\n[link.default]\nloss = 0.0001\n' >"$out/_base.ini"
gen "$out/v1.ini" ""
gen "$out/v120.ini" "$(printf '%s\n' 'cluster.endpoint = public, public+private, private' \
  'client.c4.rate = 1/s, 2/s, 4/s, 8/s, 16/s' 'apiserver.service.get = exp(5ms), lognormal(median=5ms, sigma=1)' \
  'cluster.public_access_cidrs = 0.0.0.0/0 | 203.0.113.0/24 | 203.0.113.0/25, 198.51.100.0/24 | 198.51.100.0/24' )"
gen "$out/v1200.ini" "$(printf '%s\n' 'cluster.endpoint = public, public+private, private' \
  'client.c4.rate = 1/s, 2/s, 4/s, 8/s, 16/s' 'apiserver.service.get = exp(5ms), lognormal(median=5ms, sigma=1)' \
  'cluster.public_access_cidrs = 0.0.0.0/0 | 203.0.113.0/24 | 203.0.113.0/25, 198.51.100.0/24 | 198.51.100.0/24' \
  'link.internet.loss = 0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1')"
{ echo "[cluster]"; for n in $(seq 1 1000); do echo "bogus_key_$n = $n"; done; } >"$out/errors.ini"

status=0
ms() { date +%s%N; }
declare -A times
for r in $(seq 1 "$RUNS"); do
  for f in v1 v120 v1200; do
    t0=$(ms)
    "$EKSIM" check "$out/$f.ini" >"$out/$f.out"
    t1=$(ms)
    times[$f]+="$(( (t1 - t0) / 1000 )) "
  done
  t0=$(ms)
  rc=0
  "$EKSIM" check "$out/errors.ini" 2>"$out/errors.err" || rc=$?
  t1=$(ms)
  times[errors]+="$(( (t1 - t0) / 1000 )) "
  if [ "$rc" -ne 2 ] || [ "$(wc -l <"$out/errors.err")" -ne 1000 ]; then
    echo "FAILED: errors.ini: exit $rc, $(wc -l <"$out/errors.err") lines (want 2 and 1000)"
    status=1
  fi
done
for f in v1 v120 v1200; do
  n=${f#v}
  if ! grep -qx "$out/$f.ini: ok ($n variant$([ "$n" = 1 ] || echo s))" "$out/$f.out"; then
    echo "FAILED: $f.ini: $(cat "$out/$f.out")"
    status=1
  fi
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| file | variants | median wall time (ms) | per variant (us) |"
echo "|---|---|---|---|"
for f in v1 v120 v1200 errors; do
  us=$(echo "${times[$f]}" | median)
  n=${f#v}; [ "$f" = errors ] && n=0
  per=$([ "$n" -gt 0 ] && echo $((us / n)) || echo "-")
  label=$f.ini; [ "$f" = errors ] && label="errors.ini (1,000 errors)"
  echo "| $label | $n | $(awk -v u="$us" 'BEGIN { printf "%.1f", u / 1000 }') | $per |"
done
exit "$status"
