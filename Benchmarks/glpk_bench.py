#!/usr/bin/env python3
"""GLPK where it pays: the goals table of issue "GLPK doing real work at real sizes".

Runs `netsched bench` (release build, one run at a time, the bounder beside the engine as in
every solve) and writes the table between the `glpk-goals` markers of docs/BENCHMARKS.md:

1. district and cluster presets (seed 1), and the Terbuny example, `auto` and `heuristic`, 60 s,
   seeds 1-3: medians, and what GLPK did in each auto run (from its summary: "GLPK improved ...",
   "GLPK's forced requests improved ...", "GLPK's student sectioning lowered ...", "GLPK: lower bound only");
2. district, `auto`, 30 s, seeds 1-3: the gap to the best known timetable (the best of every run
   here and of the lower-bounds table's 600-s run, Benchmarks/results/bounds.json);
3. region preset (seed 1), `auto` with one thread (`--threads 1`, the default), 120 s: seconds to
   the first feasible timetable and peak memory.

    python3 Benchmarks/glpk_bench.py                  # the whole table (about 20 minutes)
    python3 Benchmarks/glpk_bench.py --netsched PATH  # a netsched already built

Python 3 standard library only. Rows are stored in Benchmarks/results/glpk-goals.json.
"""
import argparse
import datetime
import glob
import json
import os
import re
import statistics
import subprocess
import sys

from benchlib import BENCH, ROOT, build, commit, ensure_presets, write_block





def bench(netsched, out, engine, instance, seeds, limit):
    os.makedirs(out, exist_ok=True)
    for f in glob.glob(os.path.join(out, "*")):
        os.remove(f)
    subprocess.run([netsched, "bench", "--engines", engine, "--instances", instance, "--seeds", seeds,
                    "--time-limit", str(limit), "--results", out], cwd=ROOT)
    runs = []
    for path in sorted(glob.glob(os.path.join(out, "*.run.json"))):
        r = json.load(open(path))
        r["glpk"] = glpk_said(path)
        runs.append(r)
    return runs


def glpk_said(path):
    """What GLPK did in the run of `path` (its .run.json), from auto's summary line (the log also
    has the bounder's own GLPK lines)."""
    text = ""
    for name in glob.glob(path.replace(".run.json", "*.txt")) + glob.glob(path.replace(".run.json", ".log")):
        text += open(name, errors="replace").read()
    summary = re.findall(r"engine auto: .*", text)
    said = re.findall(r"(GLPK[^;)\"]*)", summary[-1] if summary else text)
    return "; ".join(said) if said else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--netsched", help="a release netsched (default: build one into .build-bench)")
    ap.add_argument("--results", default=os.path.join(BENCH, "results", "glpk-runs"))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--table-only", action="store_true", help="rewrite the table from Benchmarks/results/glpk-goals.json")
    args = ap.parse_args()
    store = os.path.join(BENCH, "results", "glpk-goals.json")
    if args.table_only:
        kept = json.load(open(store))
        # The runs' own files, when still there, say what GLPK did.
        for key, runs in kept["runs"].items():
            folder = os.path.join(args.results, key.replace(" ", "-"))
            for r in runs:
                found = glob.glob(os.path.join(folder, "*seed%s.run.json" % r.get("seed")))
                if found:
                    r["glpk"] = glpk_said(found[0])
        write_table(kept["runs"], kept["commit"], kept["started"], args.no_write)
        return
    netsched = args.netsched or build()
    ensure_presets(netsched, ("district", "cluster", "region"))
    commit_id = commit()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    inst = {p: os.path.join(BENCH, "instances", p + ".json") for p in ("district", "cluster", "region")}
    inst["Terbuny"] = os.path.join(ROOT, "Examples", "terbuny-network.json")
    data = {}
    for preset in ("district", "cluster", "Terbuny"):
        for engine in ("auto", "heuristic"):
            data["%s %s 60" % (preset, engine)] = bench(netsched, os.path.join(args.results, "%s-%s-60" % (preset, engine)),
                                                        engine, inst[preset], "1-3", 60)
    data["district auto 30"] = bench(netsched, os.path.join(args.results, "district-auto-30"), "auto", inst["district"], "1-3", 30)
    data["region auto 120"] = bench(netsched, os.path.join(args.results, "region-auto-120"), "auto", inst["region"], "1", 120)
    json.dump({"commit": commit_id, "started": started, "runs": data}, open(store, "w"), indent=1)
    write_table(data, commit_id, started, args.no_write)


def write_table(data, commit, started, no_write):
    def feasible(runs):
        return [r["objective"] for r in runs if r.get("outcome") == "ok" and r.get("objective") is not None]

    def load(runs):
        loads = [r.get("loadAverage") for r in runs if r.get("loadAverage") is not None]
        return "load %.1f–%.1f" % (min(loads), max(loads)) if loads else "load –"

    def med(runs):
        objs = feasible(runs)
        return statistics.median(objs) if objs else None

    best_district = min(feasible(data["district auto 60"]) + feasible(data["district heuristic 60"]) + feasible(data["district auto 30"]))
    bounds = os.path.join(BENCH, "results", "bounds.json")
    if os.path.exists(bounds):
        for row in json.load(open(bounds)).values():
            if row[0].startswith("district") and row[4] is not None:
                best_district = min(best_district, row[4])
    lines = ["", "Regenerate with `python3 Benchmarks/glpk_bench.py` (release build, about 20 minutes). Measured at commit %s, "
             "started %s, one run at a time, the bounder beside every engine as in every solve." % (commit, started), "",
             "| work | goal | measured | met |", "|---|---|---|---|"]
    for preset in ("district", "cluster", "Terbuny"):
        if "%s auto 60" % preset not in data:
            continue
        a, h = data["%s auto 60" % preset], data["%s heuristic 60" % preset]
        ma, mh = med(a), med(h)
        glpk = "; ".join(sorted(set(r["glpk"] or "?" for r in a)))
        goal = "auto's median < heuristic's" if preset != "Terbuny" else "(no goal) auto's median < heuristic's"
        lines.append(("| %s, 60 s, seeds 1-3 | " + goal + " | auto %s (%s; %s), heuristic %s (%s; %s); feasible %d/3 and %d/3; GLPK in auto: %s | %s |") % (
            preset, "%.1f" % ma if ma else "–", ", ".join("%.1f" % o for o in feasible(a)), load(a), "%.1f" % mh if mh else "–",
            ", ".join("%.1f" % o for o in feasible(h)), load(h),
            len(feasible(a)), len(feasible(h)), glpk, "yes" if ma is not None and mh is not None and ma < mh else "**no**"))
    d30 = feasible(data["district auto 30"])
    gaps = [(o - best_district) / best_district for o in d30]
    lines.append("| district, auto 30 s, seeds 1-3 | within 3%% of the best known (%.1f) | %s; gaps %s; %s | %s |" % (
        best_district, ", ".join("%.1f" % o for o in d30), ", ".join("%.1f%%" % (100 * g) for g in gaps), load(data["district auto 30"]),
        "yes" if gaps and max(gaps) <= 0.03 else "**no**"))
    reg = data["region auto 120"]
    if reg:
        r = reg[0]
        ff = r.get("firstFeasibleSeconds")
        mem = (r.get("peakMemoryKB") or 0) / 1024
        lines.append("| region (seed 1), one thread | feasible ≤ 60 s, ≤ 1 GiB | first feasible %s, peak %.0f MB, outcome %s, objective %s; %s | %s |" % (
            "%.0f s" % ff if ff is not None else "never within 120 s", mem, r.get("outcome"), r.get("objective"), load(reg),
            "yes" if ff is not None and ff <= 60 and mem <= 1024 else "**no**"))
    lines.append("")
    if no_write:
        print("\n".join(lines))
        return
    write_block("glpk-goals", "GLPK where it pays", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
