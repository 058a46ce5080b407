"""eksim's speed-up over each peer, from one run of the peers' run.sh (results/raw/*).

usage: python3 tests/bench/ratios.py RESULTS_DIR

Hold model: ratio = peer ns/hold / eksim ns/hold (medians over runs; the fastest variant of each
peer, so ns-3 is its fastest scheduler at that N). The last column divides whole-process CPU
time per hold instead (pre-fill and start-up included), a cross-check that other jobs on the
machine disturb less than wall time. M/M/3: ratio = peer whole-process wall time /
eksim whole-process wall time (run.sh's medians), as in the peers' summary. Targets (issue 2):
hold >= 4x ns-3's fastest at every N; M/M/3 >= 2x ns-3's fastest and >= 50x SimPy 2, with the mean
sojourn within 2 % of Erlang-C."""
import glob
import os
import re
import statistics
import sys

D = sys.argv[1] if len(sys.argv) > 1 else "results"
KNOWN = ("ref", "ns3", "simgrid", "simpy2")


def kv(line):
    return dict(re.findall(r"(\w+)=(\S+)", line))


def lines(path, tag):
    with open(path) as f:
        return [kv(l) for l in f if l.startswith(tag + " ")]


def wall(id_):
    runs = os.path.join(D, "raw", id_ + ".runs")
    whole = os.path.join(D, "raw", id_ + ".whole")
    if os.path.exists(whole):
        for l in open(whole):
            m = re.match(r"^A wall s\s+(\S+)\s+(\S+)", l)
            if m:
                return float(m.group(2))
    if os.path.exists(runs):
        w = [int(kv(l)["wall_us"]) / 1e6 for l in open(runs) if "wall_us=" in l]
        return statistics.median(w) if w else None
    return None


def cpu_per_hold(id_, m):
    """Median whole-process CPU seconds per hold (pre-fill, RNG calibration and start-up
    included): less disturbed than wall time when other jobs share the machine."""
    runs = os.path.join(D, "raw", id_ + ".runs")
    if not os.path.exists(runs):
        return None
    c = []
    for l in open(runs):
        d = kv(l)
        if "cpu_s" in d:
            u, s_ = d["cpu_s"].split("+")
            c.append(float(u) + float(s_))
    return statistics.median(c) * 1e9 / m if c and statistics.median(c) > 0 else None


hold = {}  # (N, peer) -> (ns, variant, cpu ns per hold)
for p in glob.glob(os.path.join(D, "raw", "hold_*.out")):
    ls = lines(p, "HOLD")
    if not ls:
        continue
    ns = statistics.median(float(d["ns_per_hold"]) for d in ls)
    n, peer, var = int(ls[0]["N"]), ls[0]["peer"], ls[0]["variant"]
    if "Seconds(double)" in var:
        continue
    cpu = cpu_per_hold(os.path.basename(p)[:-4], int(ls[0]["M"]))
    if (n, peer) not in hold or ns < hold[(n, peer)][0]:
        hold[(n, peer)] = (ns, var + " M=" + ls[0]["M"], cpu)

new = sorted({p for (_, p) in hold if p not in KNOWN})
if not new:
    print("ratios: no new-simulator rows in %s (was NEWSIM_HOLD set?)" % D)
    sys.exit(1)
me = new[0]
ok = True
print("### eksim speed-up over each peer (one run of run.sh; medians; higher is better)")
print()
print("Hold model: peer ns/hold / %s ns/hold, each peer at its fastest variant." % me)
print()
print("| N | %s ns/hold | vs ref (plain-C heap) | vs ns-3 fastest | vs SimGrid | vs SimPy 2 | target >= 4x ns-3 | "
      "vs ns-3, whole-process CPU |" % me)
print("|---|---|---|---|---|---|---|---|")
for n in sorted({n for (n, _) in hold}):
    if (n, me) not in hold:
        continue
    mine = hold[(n, me)][0]
    cells = []
    for peer in KNOWN:
        if (n, peer) in hold:
            ns, var, _ = hold[(n, peer)]
            cells.append("%.2fx (%s %.0f ns)" % (ns / mine, var.split(" ")[0], ns))
        else:
            cells.append("-")
    if (n, "ns3") in hold:
        r = hold[(n, "ns3")][0] / mine
        verdict = "met (%.2fx)" % r if r >= 4 else "MISSED (%.2fx, %.0f%% of target)" % (r, 100 * r / 4)
        ok = ok and r >= 4
    else:
        verdict = "- (no ns-3)"
    cpu_mine, cpu_ns3 = hold[(n, me)][2], hold.get((n, "ns3"), (0, "", None))[2]
    cpu = "%.2fx" % (cpu_ns3 / cpu_mine) if cpu_mine and cpu_ns3 else "-"
    print("| %s | %.1f | %s | %s | %s |" % (n, mine, " | ".join(cells), verdict, cpu))

mmc = {}
for p in glob.glob(os.path.join(D, "raw", "mmc_*.out")):
    id_ = os.path.basename(p)[:-4]
    ls = lines(p, "MMC") + lines(p, "MMCREF")
    if not ls:
        continue
    peer = ls[0].get("peer", "ref")
    w = wall(id_)
    if w is None:
        continue
    if peer not in mmc or w < mmc[peer][0]:
        mmc[peer] = (w, ls[0].get("variant", "Kiefer-Wolfowitz"), ls[0]["rel_err"])
print()
if me in mmc:
    mine, _, rel = mmc[me]
    print("M/M/3 (1e6 customers): peer whole-process wall s / %s wall s." % me)
    print()
    print("| peer | variant | wall s | %s speed-up | target |" % me)
    print("|---|---|---|---|---|")
    for peer in ("ns3", "simpy2", "simgrid", "ref"):
        if peer not in mmc:
            continue
        w, var, _ = mmc[peer]
        r = w / mine
        target = {"ns3": 2, "simpy2": 50}.get(peer)
        if target:
            verdict = "met (>= %dx)" % target if r >= target else "MISSED (needs %dx)" % target
            ok = ok and r >= target
        else:
            verdict = "-"
        print("| %s | %s | %.3f | %.2fx | %s |" % (peer, var, w, r, verdict))
    print("| %s | %s | %.3f | 1 | mean sojourn %s vs Erlang-C: %s |" % (
        me, mmc[me][1], mine, rel, "within 2 %" if abs(float(rel)) < 0.02 else "OFF BY MORE THAN 2 %"))
    ok = ok and abs(float(rel)) < 0.02
print()
print("targets: %s" % ("all met" if ok else "NOT all met (see MISSED above)"))
