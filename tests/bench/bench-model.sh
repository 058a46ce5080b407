#!/usr/bin/env bash
# Full-model benchmark (issue 5's scale target; NOTES.md "EKS model", Performance): a cluster of
# MODEL_NODES (default 5,000) managed nodes with real kubelets (registration, a Lease renewal every
# 10 s and status every 5 min over one long-lived HTTP/2 connection each, the node-lifecycle
# controller checking them every 5 s) in the private subnets of 3 AZs, plus 50 kubectl users on
# the internet (a new connection per call, verbs get/list/apply), public+private endpoint (nodes
# through the cross-account ENIs, users through the public endpoint), for MODEL_DURATION (default
# 1 h) of simulated time, one replication, on one core (-j 1). Reports wall time, CPU seconds
# (user + system), peak memory, events and events/s (per wall and per CPU second) of the full
# model (medians over RUNS runs) and the load average before each run, next to the kernel's
# events/s on the hold model with as many pending events as the full model keeps (MODEL_HOLD_N),
# and the target (60 s, 1 GiB).
#
# Correctness checks (exit status 1 when one fails): the run succeeds; every node registers and
# stays Ready (node_ready_fraction 1 after the warm-up) and every kubelet request ends ok; the
# number of events is the same in every run (determinism).
#
# Environment: EKSIM, BENCH_OUT, RUNS (set by run-bench.sh); MODEL_DURATION [1h],
# MODEL_NODES [5000], MODEL_HOLD_N [50000].
set -euo pipefail
out=$BENCH_OUT
duration=${MODEL_DURATION:-1h}
nodes=${MODEL_NODES:-5000}
hold_n=${MODEL_HOLD_N:-50000}
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
[vpc]
azs = 3
nat = per-az
[nodegroup.workers]
nodes = $nodes
boot = uniform(0s, 30s)
[client.users]
location = internet
count = 50
think_time = exp(10s)
INI
fail=0
: >"$out/runs.txt"
: >"$out/kernel.txt"
for r in $(seq 1 "$RUNS"); do
  rm -rf "$out/run$r"
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -f '%e %M %U %S' -o "$out/time$r.txt" "$EKSIM" run -j 1 --quiet --no-plots \
      -o "$out/run$r" "$out/scale.ini" >"$out/run$r.log" 2>&1; then
    echo "bench-model: eksim run failed (see $out/run$r.log)" >&2
    fail=1
    break
  fi
  events=$(grep -h -o '"events"[^0-9]*[0-9]*' "$out"/run$r/*/runs/*/result.json | grep -o '[0-9]*$' | head -1)
  read -r wall rss usr sys <"$out/time$r.txt"
  cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$wall $rss $events $cpu $load" >>"$out/runs.txt"
  sum="$out/run$r/model_scale/summary.csv"
  avail=$(awk -F, '$3 == "workers" && $4 == "availability" { print $5 }' "$sum")
  ready=$(awk -F, '$3 == "workers" && $4 == "node_ready_fraction" { print $5 }' "$sum")
  never=$(awk -F, '$3 == "workers" && $4 == "nodes_never_registered" { print $5 }' "$sum")
  if [ "$avail" != "1" ] || [ "$never" != "0" ] || \
     ! awk -v r="$ready" 'BEGIN { exit !(r > 0.99999) }'; then
    echo "bench-model: kubelets: availability '$avail', node_ready_fraction '$ready', never registered '$never'; expected 1, 1, 0" >&2
    fail=1
  fi
  # the kernel alone, at the same moment of the machine's load
  "$EKSIM" hold "$hold_n" 2000000 1 | grep -o 'events_per_s=[0-9]*' | cut -d= -f2 >>"$out/kernel.txt"
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
  cpu=$(cut -d' ' -f4 "$out/runs.txt" | median)
  loads=$(cut -d' ' -f5 "$out/runs.txt" | paste -sd' ')
  kernel=$(median <"$out/kernel.txt")
  requests=$(awk -F, '$3 == "workers" && $4 == "requests" { print $5 }' "$out/run1/model_scale/summary.csv")
  echo "| workload | simulated | wall s (median of $RUNS) | CPU s | peak MiB | events | events/s (wall) | events/s (CPU) | kernel events/s (hold, N=$hold_n) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  awk -v n="$nodes" -v d="$duration" -v w="$wall" -v c="$cpu" -v m="$rss" -v e="$events" -v k="$kernel" 'BEGIN {
    printf "| %d nodes (real kubelets) + 50 kubectl users | %s | %.1f | %.1f | %.0f | %d | %.0f | %.0f | %d |\n",
      n, d, w, c, m / 1024, e, e / w, e / c, k }'
  echo
  echo "1-minute load average before each run: $loads (the machine's cores are shared)."
  echo
  echo "Kubelet requests after the warm-up: $requests (registration, Leases, status). Target"
  echo "(issue 5): 5,000 nodes, 1 h simulated, under 60 s and 1 GiB on one core."
fi
exit $fail
