#!/usr/bin/env python3
"""Compares the local-search methods of the heuristic engine (large-neighbourhood search `lns`,
simulated annealing `annealing`) and the hybrid engine (MIP-based large-neighbourhood search), and
measures the heuristic against proven MIP optima. A benchmark, not a test: it measures and prints
Markdown tables (the numbers in docs/HEURISTIC.md come from it).

    cd Benchmarks && swift build -c release --product heuristic-compare && cd ..
    python3 Benchmarks/heuristic_compare.py                 # everything (about 25 minutes)
    python3 Benchmarks/heuristic_compare.py --part methods  # lns vs annealing vs hybrid only
    python3 Benchmarks/heuristic_compare.py --part optimum  # heuristic vs proven MIP optima only
    python3 Benchmarks/heuristic_compare.py --part terbuny  # the MIP against the hybrid on Terbuny, 60 s

Part 1 ("methods"): Examples/terbuny-network.json and the generated `district` preset (seed 1),
each method with the same time limit, one thread, seeds 1-3; the median of the checker's objective.
Part 2 ("optimum"): on small instances where the MIP proves optimality (Examples/tiny.json and small
generated ones), the MIP's optimum and wall time T, then the heuristic (lns) with a limit of T/10,
seeds 1-3: the median gap to the optimum. Part 3 ("terbuny"): the MIP (60 s) and the hybrid (60 s,
seeds 1-3) on Examples/terbuny-network.json, with the gap to the MIP's bound. Every run is a separate process (`heuristic-compare`);
the raw JSON lines go to Benchmarks/results/heuristic-compare.jsonl. The machine's load average is
printed with the tables.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOOL = os.path.join(HERE, ".build", "release", "heuristic-compare")
INSTANCES = os.path.join(HERE, "instances")

# (label, generate arguments): small instances for the optimality comparison.
SMALL = [
    # Sizes where the MIP proves optimality within a few seconds on 2 cores (checked when chosen).
    ("generated 1 site, 6 students (seed 1)", ["1", "6", "2", "2", "1"]),
    ("generated 2 sites, 5 students (seed 1)", ["2", "5", "2", "2", "1"]),
    ("generated 2 sites, 6 students (seed 2)", ["2", "6", "3", "2", "2"]),
    ("generated 1 site, 8 students (seed 3)", ["1", "8", "3", "2", "3"]),
    ("generated 3 sites, 8 students (seed 5)", ["3", "8", "3", "3", "5"]),
    ("generated 2 sites, 10 students (seed 6)", ["2", "10", "3", "3", "6"]),
]


def load():
    return open("/proc/loadavg").read().split()[:3]


def run(instance, method, limit, seed, log):
    out = subprocess.run([TOOL, instance, method, str(limit), str(seed), "1"], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        sys.stderr.write(f"{method} on {instance} (seed {seed}, {limit} s) failed with code {out.returncode}:\n{out.stderr[:4000]}\n")
        return None
    row = json.loads(out.stdout.strip().splitlines()[-1])
    row["load"] = load()[0]
    log.write(json.dumps(row) + "\n")
    log.flush()
    return row


def generate(path, args):
    if not os.path.exists(path):
        subprocess.run([TOOL, "generate", path] + args, check=True)
    return path


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, digits=1):
    return "–" if x is None else f"{x:.{digits}f}"


def methods(args, log):
    instances = [("Examples/terbuny-network.json", os.path.join(ROOT, "Examples", "terbuny-network.json")),
                 ("generated `district` (seed 1)", generate(os.path.join(INSTANCES, "district-1.json"), ["district", "1"]))]
    instances = [i for i in instances if args.instance in i[0]]
    print(f"\n### Methods: {args.limit:.0f} s, one thread, seeds {args.seeds[0]}–{args.seeds[-1]} "
          f"(load average before: {' '.join(load())})\n")
    print("| instance | method | median objective | min | max | feasible runs | median first feasible (s) | median wall (s) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for label, path in instances:
        for method in args.methods:
            rows = [run(path, method, args.limit, s, log) for s in args.seeds]
            rows = [r for r in rows if r]
            objs = [r.get("objective") for r in rows]
            good = [o for o in objs if o is not None]
            feasible = sum(1 for r in rows if r.get("feasible"))
            print(f"| {label} | {method} | {fmt(med(objs))} | {fmt(min(good) if good else None)} | "
                  f"{fmt(max(good) if good else None)} | {feasible}/{len(rows)} | "
                  f"{fmt(med([r.get('firstSeconds') for r in rows]), 2)} | {fmt(med([r['wall'] for r in rows]))} |", flush=True)
    print(f"\nLoad average after: {' '.join(load())}")


def optimum(args, log):
    instances = [("Examples/tiny.json", os.path.join(ROOT, "Examples", "tiny.json"))]
    for label, g in SMALL:
        instances.append((label, generate(os.path.join(INSTANCES, "small-" + "-".join(g) + ".json"), g)))
    print(f"\n### Heuristic against proven MIP optima (load average before: {' '.join(load())})\n")
    print("| instance | MIP status | optimum | MIP wall (s) | heuristic limit (s) | heuristic median | gap (median) | gap (worst) | within 1% |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, path in instances:
        mip = run(path, "mip", 60, 1, log)
        if not mip or mip.get("status") != "optimal" or not mip.get("feasible"):
            status = mip.get("status") if mip else "failed"
            print(f"| {label} | {status} | – | {fmt(mip['wall'] if mip else None)} | – | – | – | – | – |", flush=True)
            continue
        opt, wall = mip["objective"], mip["wall"]
        limit = max(wall / 10, 0.01)
        rows = [run(path, "lns", limit, s, log) for s in args.seeds]
        objs = [r.get("objective") if r and r.get("feasible") else None for r in rows]
        gaps = [None if o is None else 100 * (o - opt) / max(abs(opt), 1e-9) for o in objs]
        ok = sum(1 for g in gaps if g is not None and g <= 1.0)
        worst = max((g for g in gaps if g is not None), default=None)
        print(f"| {label} | optimal | {fmt(opt)} | {fmt(wall, 2)} | {fmt(limit, 3)} | {fmt(med(objs))} | "
              f"{fmt(med(gaps), 2)}% | {fmt(worst, 2)}% | {ok}/{len(rows)} |", flush=True)
    print(f"\nLoad average after: {' '.join(load())}")


def terbuny(args, log):
    path = os.path.join(ROOT, "Examples", "terbuny-network.json")
    print(f"\n### Terbuny: the MIP against the hybrid, 60 s (load average before: {' '.join(load())})\n")
    print("| engine | seed | status | objective (checker) | bound | gap to the bound | wall (s) | neighbourhoods / improved |")
    print("|---|---:|---|---:|---:|---:|---:|---|")
    rows = [("mip", run(path, "mip", 60, 1, log))] + [("hybrid", run(path, "hybrid", 60, s, log)) for s in args.seeds]
    bound = next((r.get("bound") for m, r in rows if m == "mip" and r and r.get("bound") is not None), None)
    for method, r in rows:
        if not r:
            continue
        obj = r.get("objective")
        gap = None if obj is None or bound is None else 100 * (obj - bound) / max(abs(obj), 1e-9)
        hood = f"{r.get('neighbourhoods', 0):.0f} / {r.get('improvements', 0):.0f}" if method == "hybrid" else "–"
        print(f"| {method} | {r['seed']} | {r['status']} | {fmt(obj)} | {fmt(r.get('bound'))} | {fmt(gap, 2)}% | {fmt(r['wall'])} | {hood} |",
              flush=True)
    print(f"\nLoad average after: {' '.join(load())}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["methods", "optimum", "terbuny", "all"], default="all")
    ap.add_argument("--limit", type=float, default=30, help="time limit of the methods comparison, seconds")
    ap.add_argument("--seeds", default="1-3", help="seeds, e.g. 1-3")
    ap.add_argument("--methods", default="lns,annealing,hybrid", help="methods of the comparison, comma-separated")
    ap.add_argument("--instance", default="", help="only instances whose label contains this text (methods part)")
    args = ap.parse_args()
    a, _, b = args.seeds.partition("-")
    args.seeds = list(range(int(a), int(b or a) + 1))
    args.methods = args.methods.split(",")
    if not os.path.exists(TOOL):
        sys.exit(f"build the tool first: cd Benchmarks && swift build -c release --product heuristic-compare ({TOOL} missing)")
    os.makedirs(INSTANCES, exist_ok=True)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    print(f"Machine: {os.cpu_count()} cores; load average {' '.join(load())}")
    with open(os.path.join(HERE, "results", "heuristic-compare.jsonl"), "a") as log:
        if args.part in ("optimum", "all"):
            optimum(args, log)
        if args.part in ("methods", "all"):
            methods(args, log)
        if args.part in ("terbuny", "all"):
            terbuny(args, log)


if __name__ == "__main__":
    main()
