#!/usr/bin/env bash
# Full-model benchmark (issue 5's scale target, NOTES.md "Network and protocols"): 5,000 clients
# in the cluster VPC's private subnets, each on one long-lived HTTP/2 connection sending an update
# every 10 s on average (the shape of kubelet lease renewals: mutating, so every one is an etcd
# quorum write), plus 50 kubectl users on the internet, public+private endpoint, for MODEL_DURATION
# (default 1 h) of simulated time, one replication, on one core (-j 1). Reports wall time, peak
# memory, events and events/s of the full model (medians over RUNS runs), next to the target
# (60 s, 1 GiB).
#
# Correctness checks (exit status 1 when one fails): the run succeeds; every client request of the
# 5,000 ends ok (nothing in this scenario may fail); the number of events is the same in every run
# (determinism).
#
# Environment: EKSIM, BENCH_OUT, RUNS (set by run-bench.sh); MODEL_DURATION [1h], MODEL_NODES [5000].
set -euo pipefail
out=$BENCH_OUT
duration=${MODEL_DURATION:-1h}
nodes=${MODEL_NODES:-5000}
cat >"$out/scale.ini" <<INI
[scenario]
name = model scale
duration = $duration
warmup = 60s
bin = 60s
replications = 1
[cluster]
endpoint = public+private
api_servers = 2
security_group_allow = 10.0.0.0/16
[vpc]
azs = 3
nat = per-az
[client.kubelet]
location = vpc-private
count = $nodes
rate = 0.1/s
connection = reuse
verbs = update:1
[client.users]
location = internet
count = 50
think_time = exp(10s)
INI
fail=0
: >"$out/runs.txt"
for r in $(seq 1 "$RUNS"); do
  rm -rf "$out/run$r"
  if ! /usr/bin/time -f '%e %M' -o "$out/time$r.txt" "$EKSIM" run -j 1 --quiet --no-plots \
      -o "$out/run$r" "$out/scale.ini" >"$out/run$r.log" 2>&1; then
    echo "bench-model: eksim run failed (see $out/run$r.log)" >&2
    fail=1
    break
  fi
  events=$(grep -h -o '"events"[^0-9]*[0-9]*' "$out"/run$r/*/runs/*/result.json | grep -o '[0-9]*$' | head -1)
  read -r wall rss <"$out/time$r.txt"
  echo "$wall $rss $events" >>"$out/runs.txt"
  avail=$(awk -F, '$3 == "kubelet" && $4 == "availability" { print $5 }' "$out"/run$r/*/summary.csv)
  if [ "$avail" != "1" ]; then
    echo "bench-model: kubelet availability is '$avail', expected 1" >&2
    fail=1
  fi
done
if [ "$fail" -eq 0 ]; then
  if [ "$(cut -d' ' -f3 "$out/runs.txt" | sort -u | wc -l)" -ne 1 ]; then
    echo "bench-model: the event count differs between runs" >&2
    fail=1
  fi
  median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
  wall=$(cut -d' ' -f1 "$out/runs.txt" | median)
  rss=$(cut -d' ' -f2 "$out/runs.txt" | median)
  events=$(cut -d' ' -f3 "$out/runs.txt" | head -1)
  echo "| workload | simulated | wall s (median of $RUNS) | peak MiB | events | events/s |"
  echo "|---|---|---|---|---|---|"
  awk -v n="$nodes" -v d="$duration" -v w="$wall" -v m="$rss" -v e="$events" 'BEGIN {
    printf "| %d lease-like clients + 50 kubectl users | %s | %.1f | %.0f | %d | %.0f |\n",
      n, d, w, m / 1024, e, e / w }'
  echo
  echo "Target (issue 5): 5,000 nodes, 1 h simulated, under 60 s and 1 GiB on one core."
fi
exit $fail
