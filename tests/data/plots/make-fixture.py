#!/usr/bin/env python3
"""Writes tests/data/plots/modes/: a hand-made result folder in the format of README "Result
files" (summary.csv, summary.json, tidy timeline.csv, latency_cdf.csv, faults.csv per
replication), for the plot and report tests while the EKS model does not write real ones yet.
The numbers are plausible, not simulated (facts §1.8): the laptop fails in private mode, the
bastion and the nodes depend on the NAT gateway in public mode (a NAT outage at 200-300 s), the
on-prem client goes private only in private mode; cost and exposure rows stand in for the model's.
Re-run to regenerate (deterministic)."""
import csv, json, math, os, random, shutil

random.seed(7)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "modes")
SCN = "modes-sweep"
MODES = ["public", "public+private", "private"]
VARIANTS = ["cluster.endpoint=" + m for m in MODES]
CLIENTS = {"laptop": "internet", "bastion": "vpc-private", "corp": "network.corp"}
DUR, WARM, BIN = 600.0, 60.0, 10.0
FAULT = (200.0, 300.0)

INI = """[scenario]
name = modes-sweep
description = Three endpoint modes, three kubectl clients and a NAT gateway outage
duration = 600s
warmup = 60s
seed = 1
replications = 3
bin = 10s

[cluster]
endpoint = public
api_servers = 2

[vpc]
cidr = 10.0.0.0/16
azs = 2
nat = single

[network.corp]
kind = onprem-vpn
cidr = 172.16.0.0/16

[nodegroup.ng1]
type = managed
nodes = 3
subnet = private

[client.laptop]
location = internet
rate = 1/s

[client.bastion]
location = vpc-private
rate = 1/s

[client.corp]
location = network.corp
rate = 1/s

[fault.nat1]
kind = nat-gateway-outage
target = all
at = 200s
duration = 100s

[sweep]
cluster.endpoint = public, public+private, private
"""

def behaviour(mode, client):
    """(median latency ms, sigma, availability outside the fault, inside the fault, failure)"""
    if client == "laptop":
        return (95.0, 0.35, 1.0, 1.0, None) if mode != "private" else (None, 0, 0.0, 0.0, "connect-timeout")
    if client == "bastion":
        if mode == "public":
            return (48.0, 0.3, 1.0, 0.0, "connect-timeout")
        return (9.0, 0.25, 1.0, 1.0, None)
    if client == "corp":
        return (62.0, 0.3, 1.0, 1.0, None) if mode != "private" else (31.0, 0.3, 1.0, 1.0, None)
    if client == "ng1":
        if mode == "public":
            return (45.0, 0.3, 1.0, 0.0, "connect-timeout")
        return (6.0, 0.25, 1.0, 1.0, None)

PUBLIC_NAT = ["internet", "igw", "nat", "public-endpoint"]
PRIVATE = ["xeni", "private-endpoint", "private-zone"]
PATHS = {}
for m in MODES:
    PATHS[(m, "laptop")] = ["internet", "public-endpoint"] if m != "private" else []
    PATHS[(m, "bastion")] = PUBLIC_NAT if m == "public" else PRIVATE
    PATHS[(m, "corp")] = ["internet", "public-endpoint"] if m != "private" else ["vpn", "xeni", "private-endpoint"]
    PATHS[(m, "ng1")] = PUBLIC_NAT if m == "public" else PRIVATE
DETAIL = {
    ("private", "laptop"): "SYN to private address 10.0.1.10 unanswered: no route from the internet",
    ("public", "bastion"): "NAT gateway nat-az1 down: SYN dropped",
    ("public", "ng1"): "NAT gateway nat-az1 down: SYN dropped",
}
failures = {}
rows, cdf_rows, fault_rows = [], [], []
def row(v, subj, metric, value, lo="", hi="", n=3, unit=""):
    rows.append([SCN, v, subj, metric, value, lo, hi, n, unit])

def fmt(x):
    return "%.6g" % x

timelines = {}
for mode, v in zip(MODES, VARIANTS):
    tl = []
    for subj in list(CLIENTS) + ["ng1"]:
        med, sig, a_out, a_in, fail = behaviour(mode, subj)
        rate = 1.0 if subj != "ng1" else 0.3
        total = ok = 0
        lat = []
        t = WARM
        fails = {}
        bins = []
        while t < DUR - 1e-9:
            b_req = b_ok = 0
            b_lat = []
            for _ in range(int(rate * BIN)):
                inside = FAULT[0] <= t < FAULT[1]
                a = a_in if inside else a_out
                b_req += 1
                if random.random() < a:
                    b_ok += 1
                    l = med * math.exp(random.gauss(0, sig))
                    b_lat.append(l)
                else:
                    fails[fail] = fails.get(fail, 0) + 1
            total += b_req; ok += b_ok; lat += b_lat
            b_lat.sort()
            p = lambda q: fmt(b_lat[min(len(b_lat) - 1, int(q * len(b_lat)))]) if b_lat else ""
            bins.append([t, t + BIN, b_req, fmt(b_ok / b_req) if b_req else "", p(0.5), p(0.99)])
            t += BIN
        for b in bins:
            head = [SCN, v, subj, fmt(b[0]), fmt(b[1])]
            tl.append(head + ["requests", b[2], "", "", 3, "requests"])
            tl.append(head + ["availability", b[3], "", "", 3 if b[3] != "" else 0, "ratio"])
            tl.append(head + ["latency_p50_ms", b[4], "", "", 3 if b[4] != "" else 0, "ms"])
            tl.append(head + ["latency_p99_ms", b[5], "", "", 3 if b[5] != "" else 0, "ms"])
            if subj == "ng1":
                # nodes go not ready 40 s (+ up to 5 s) after the NAT outage starts, back after it ends
                down = mode == "public" and FAULT[0] + 45 <= b[0] < FAULT[1] + 10
                tl.append(head + ["nodes_ready", 0 if down else 3, "", "", 3, "nodes"])
                tl.append(head + ["node_ready_fraction", 0 if down else 1, "", "", 3, "ratio"])
        lat.sort()
        row(v, subj, "requests", total, n=3, unit="requests")
        avail = ok / total
        half = 1.96 * math.sqrt(max(avail * (1 - avail), 1e-4) / total)
        row(v, subj, "availability", fmt(avail), fmt(max(0, avail - half)), fmt(min(1, avail + half)), unit="ratio")
        for pth in PATHS[(mode, subj)]:
            row(v, subj, "path_" + pth, 1, unit="ratio")
        if lat:
            q = lambda x: lat[min(len(lat) - 1, int(x * len(lat)))]
            mean = sum(lat) / len(lat)
            for name, val in [("latency_mean_ms", mean), ("latency_p50_ms", q(0.5)), ("latency_p90_ms", q(0.9)),
                              ("latency_p99_ms", q(0.99)), ("latency_p999_ms", q(0.999))]:
                w = val * 0.04 * (1 + (name in ("latency_p99_ms", "latency_p999_ms")) * 2)
                row(v, subj, name, fmt(val), fmt(val - w), fmt(val + w), unit="ms")
            # phases: split the mean
            if subj == "laptop" or (subj in ("bastion", "ng1") and mode == "public") or (subj == "corp" and mode != "private"):
                split = {"dns": 0.08, "connect": 0.28, "tls": 0.30, "queue": 0.04, "service": 0.22, "transfer": 0.08}
            else:
                split = {"dns": 0.10, "connect": 0.16, "tls": 0.20, "queue": 0.10, "service": 0.36, "transfer": 0.08}
            for ph, share in split.items():
                val = mean * share
                row(v, subj, "phase_%s_ms" % ph, fmt(val), fmt(val * 0.95), fmt(val * 1.05), unit="ms")
            steps = 60
            for i in range(1, steps + 1):
                k = max(1, int(round(i * len(lat) / steps)))
                cdf_rows.append([SCN, v, subj, fmt(lat[k - 1]), fmt(k / len(lat))])
        else:
            for name in ["latency_mean_ms", "latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "latency_p999_ms"]:
                row(v, subj, name, "", n=0, unit="ms")
        row(v, subj, "outcome_ok", ok, unit="requests")
        failures[(v, subj)] = [{"outcome": f, "detail": DETAIL.get((mode, subj), ""), "requests": c * 3}
                               for f, c in sorted(fails.items())]
        for f, c in sorted(fails.items()):
            row(v, subj, "outcome_" + f, c, unit="requests")
        if subj == "ng1":
            frac = 1.0 if mode != "public" else 1 - (FAULT[1] + 10 - FAULT[0] - 45) / (DUR - WARM)
            row(v, subj, "nodes", 3, unit="nodes")
            row(v, subj, "node_ready_fraction", fmt(frac), fmt(frac - 0.01), fmt(min(1, frac + 0.01)), unit="ratio")
    # network-wide counters and cost, exposure probes
    nat_gb = {"public": 0.42, "public+private": 0.05, "private": 0.05}[mode]
    row(v, "network", "bytes_nat", int(nat_gb * 1e9), unit="bytes")
    row(v, "network", "bytes_cross_az", int(0.12e9), unit="bytes")
    row(v, "network", "cost_nat_hours_usd", fmt(0.045 * DUR / 3600), n=3, unit="USD")
    row(v, "network", "cost_nat_data_usd", fmt(0.045 * nat_gb), n=3, unit="USD")
    row(v, "network", "cost_cross_az_usd", fmt(0.01 * 0.12 * 2), n=3, unit="USD")
    inside = 1 if mode != "private" else 0
    row(v, "probe-inside-cidrs", "exposure", inside, n=3, unit="ratio")
    row(v, "probe-outside-cidrs", "exposure", 0, n=3, unit="ratio")
    failed = {"public": 200, "public+private": 0, "private": 0}[mode]
    row(v, "nat1", "fault_failed_during", failed, unit="requests")
    row(v, "nat1", "fault_time_to_detect_s", 30 if mode == "public" else "", n=3 if mode == "public" else 0, unit="s")
    for rep in range(3):
        pub = mode == "public"
        fault_rows.append([SCN, v, rep, "nat1", "nat-gateway-outage", fmt(FAULT[0]), fmt(FAULT[1]),
                           fmt(FAULT[0] + 30 + rep) if pub else "", fmt(FAULT[1] + 10) if pub else "",
                           fmt(FAULT[1] + 10) if pub else "0", 67 if pub else 0, 3 if pub else 0])
    timelines[v] = tl

if os.path.exists(OUT):
    shutil.rmtree(OUT)
os.makedirs(OUT)
def write(name, header, data):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(data)
write("summary.csv", ["scenario", "variant", "subject", "metric", "value", "ci_low", "ci_high", "n", "unit"], rows)
write("latency_cdf.csv", ["scenario", "variant", "subject", "latency_ms", "cdf"], cdf_rows)
write("faults.csv", ["scenario", "variant", "replication", "fault", "kind", "start_s", "end_s", "detected_s",
                    "recovered_s", "service_recovered_s", "failed_during", "failed_after"], fault_rows)
for v, tl in timelines.items():
    write(os.path.join("variants", v, "timeline.csv"),
          ["scenario", "variant", "subject", "bin_start_s", "bin_end_s", "metric", "value", "ci_low", "ci_high",
           "n", "unit"], tl)
with open(os.path.join(OUT, "scenario.ini"), "w") as f:
    f.write(INI)
import configparser
ini = configparser.ConfigParser(interpolation=None)
ini.read_string(INI)
def settings(mode):
    out = {g: dict(ini[g]) for g in ini.sections() if g != "sweep"}
    out["cluster"]["endpoint"] = mode
    return out
KINDS = [("laptop", "client"), ("bastion", "client"), ("corp", "client"), ("ng1", "nodegroup"),
         ("network", "network"), ("probe-inside-cidrs", "probe"), ("probe-outside-cidrs", "probe"), ("nat1", "fault")]
summary = {"format": "eksim-summary/1", "eksim_version": "0.1.0", "scenario": SCN,
           "description": "Three endpoint modes, three kubectl clients and a NAT gateway outage",
           "scenario_hash": "0" * 64, "seed": 1, "replications": 3, "duration_ns": int(DUR * 1e9),
           "warmup_ns": int(WARM * 1e9), "bin_ns": int(BIN * 1e9), "confidence_percent": 95,
           "variants": [{"label": v, "dir": v,
                         "subjects": [{"name": n, "kind": k, "failures": failures.get((v, n), [])} for n, k in KINDS],
                         "settings": settings(m)}
                        for m, v in zip(MODES, VARIANTS)]}
with open(os.path.join(OUT, "summary.json"), "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")
