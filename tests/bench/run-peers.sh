#!/usr/bin/env bash
# make bench-peers PEERS=../shared/bench/peers: eksim against ns-3, SimGrid, SimPy 2 and the plain-C
# reference in one run of the peers' own run.sh, so every ratio comes from the same machine state.
#
# The peers folder may be read-only, so it is copied to build/bench-peers/ first; run.sh builds the
# peers there and runs them with eksim plugged in (NEWSIM_HOLD / NEWSIM_MMC, WORKLOADS.md section
# 0.3). Its summary (results/summary.md) is printed, followed by tests/bench/ratios.py's table:
# eksim's speed-up over each peer per workload and size, and the project's targets.
#
# Needs the peers' Debian packages (tests/install-deps.sh bench installs them: g++, libns3-dev,
# libsimgrid-dev, python3-simpy); run.sh skips a peer whose package is missing and says so.
# Environment: EKSIM [build/eksim], PEERS [../shared/bench/peers] (the folder), PEER_LIST ["ref ns3
# simgrid simpy2"] (run.sh's PEERS: which peers to run), and run.sh's own knobs (RUNS, HOLD_M,
# SLOW_HOLD_M, MMC_K, SEED, SKIP_SLOW, WHOLE_TIMER), passed through.
set -euo pipefail
cd "$(dirname "$0")/../.."
EKSIM=${EKSIM:-build/eksim}
PEERS=${PEERS:-../shared/bench/peers}
dest=build/bench-peers
if [ ! -f "$PEERS/run.sh" ] || [ ! -f "$PEERS/WORKLOADS.md" ]; then
  echo "bench-peers: PEERS='$PEERS' holds no run.sh and WORKLOADS.md; allowed: the peers folder, e.g. make bench-peers PEERS=../shared/bench/peers" >&2
  exit 2
fi
if [ ! -x "$EKSIM" ]; then
  echo "bench-peers: $EKSIM is not an executable (run make first)" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "bench-peers: python3 is missing (tests/install-deps.sh bench installs it)" >&2
  exit 2
fi
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$PEERS/." "$dest/"
chmod -R u+w "$dest"
rm -rf "$dest/build" "$dest/results"
# a private copy of the binary: rebuilding eksim during the (long) run must not disturb it
cp "$EKSIM" "$dest/eksim"
eksim_abs="$(cd "$dest" && pwd)/eksim"
# run.sh reads PEERS as its list of peers to run (PEER_LIST here), not as a folder
(cd "$dest" && PEERS="${PEER_LIST:-ref ns3 simgrid simpy2}" NEWSIM_HOLD="$eksim_abs hold" \
  NEWSIM_MMC="$eksim_abs mmc" ./run.sh)
echo
python3 tests/bench/ratios.py "$dest/results" | tee "$dest/results/ratios.md"
echo
echo "bench-peers: full results in $dest/results/ (summary.md, ratios.md, raw/)"
