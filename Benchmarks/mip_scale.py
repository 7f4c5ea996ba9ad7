#!/usr/bin/env python3
"""How the MIP engine scales: model size, time to first incumbent, time to proven optimality
or the gap at the time limit, and peak memory, on the examples and on generated instances of
growing size. A benchmark, not a test: it only measures and prints a Markdown table.

    swift build -c release --scratch-path .build-mip-release
    python3 Benchmarks/mip_scale.py --netsched .build-mip-release/release/netsched --time-limit 60

Needs GNU time (/usr/bin/time -v; Debian package `time`) for peak memory.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

GENERATED = [
    # (label, netsched generate arguments)
    ("generated 3 sites, 12 students", ["--sites", "3", "--students", "12", "--courses", "4", "--teachers", "3", "--seed", "1"]),
    ("generated 4 sites, 25 students", ["--sites", "4", "--students", "25", "--courses", "6", "--teachers", "5", "--seed", "1"]),
    ("generated `--preset tiny` (seed 1)", ["--preset", "tiny", "--seed", "1"]),
    ("generated 6 sites, 50 students", ["--sites", "6", "--students", "50", "--courses", "10", "--teachers", "8", "--seed", "1"]),
    ("generated 8 sites, 100 students", ["--sites", "8", "--students", "100", "--courses", "14", "--teachers", "12", "--seed", "1"]),
]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def model_size(netsched, instance, tmp):
    out = run([netsched, "export-model", instance, "--lp", os.path.join(tmp, "model.lp")])
    m = re.search(r"(\d+) rows, (\d+) columns \((\d+) integer\), (\d+) nonzeros", out.stdout)
    if not m:
        return None
    return tuple(int(x) for x in m.groups())


def solve(netsched, instance, limit, tmp):
    time_bin = "/usr/bin/time"
    cmd = [netsched, "solve", instance, "--engine", "mip", "--time-limit", str(limit), "-o", os.path.join(tmp, "sol.json"),
           "--progress", "json"]
    if os.path.exists(time_bin):
        cmd = [time_bin, "-v"] + cmd
    out = run(cmd)
    first = None
    last_bound = None
    last_inc = None
    # `--progress json`: one progress object per line (the rest of stderr is /usr/bin/time's report).
    for line in out.stderr.splitlines():
        if not line.startswith("{"):
            continue
        p = json.loads(line)
        if p["engine"] != "mip":
            continue
        if p["incumbent"] is not None:
            last_inc = p["incumbent"]
            if first is None:
                first = p["elapsed"]
        if p["bound"] is not None:
            last_bound = p["bound"]
    status = re.search(r"engine mip: (\w+)", out.stdout)
    objective = re.search(r"^objective (-?[\d.]+)", out.stdout, re.M)
    feasible = "feasible: every hard rule holds" in out.stdout
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    seconds = None
    if wall:
        parts = [float(p) for p in wall.group(1).split(":")]
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    st = status.group(1) if status else ("no solution" if "no solution" in out.stderr else "error")
    obj = float(objective.group(1)) if objective else None
    gap = None
    if obj is not None and last_bound is not None and obj != 0:
        gap = max(0.0, (obj - last_bound) / abs(obj) * 100)
    if st == "optimal":
        gap = 0.0
    return dict(status=st, objective=obj, first=first, seconds=seconds, gap=gap, rss=int(rss.group(1)) // 1024 if rss else None,
                feasible=feasible, bound=last_bound)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--netsched", default=".build-mip-release/release/netsched")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--only", help="run only instances whose label contains this text")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    netsched = os.path.abspath(args.netsched)
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("Examples/tiny.json", os.path.join(root, "Examples/tiny.json")),
                 ("Examples/terbuny-network.json", os.path.join(root, "Examples/terbuny-network.json"))]
        for label, gen in GENERATED:
            path = os.path.join(tmp, re.sub(r"\W+", "-", label) + ".json")
            g = run([netsched, "generate"] + gen + ["--out", path])
            if g.returncode != 0:
                print(f"skipping {label}: {g.stderr.strip()}", file=sys.stderr)
                continue
            cases.append((label, path))
        print(f"time limit {args.time_limit:g} s; `netsched solve --engine mip`, release build\n")
        print("| instance | rows | columns | integer | nonzeros | first incumbent (s) | status | objective | gap | wall (s) | peak RSS (MiB) |")
        print("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
        for label, path in cases:
            if args.only and args.only not in label:
                continue
            size = model_size(netsched, path, tmp) or (None,) * 4
            r = solve(netsched, path, args.time_limit, tmp)
            fmt = lambda v, f="{:.1f}": "–" if v is None else f.format(v)
            status = r["status"] + ("" if r["feasible"] or r["objective"] is None else " (checker: violations)")
            print(f"| {label} | {fmt(size[0], '{}')} | {fmt(size[1], '{}')} | {fmt(size[2], '{}')} | {fmt(size[3], '{}')} | "
                  f"{fmt(r['first'])} | {status} | {fmt(r['objective'], '{:.2f}')} | {fmt(r['gap'], '{:.2f}%')} | "
                  f"{fmt(r['seconds'])} | {fmt(r['rss'], '{}')} |", flush=True)


if __name__ == "__main__":
    main()
