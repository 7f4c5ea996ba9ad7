#!/usr/bin/env python3
"""Regenerate docs/BENCHMARKS.md, Benchmarks/results/results.csv and Benchmarks/results/report.html.

    python3 Benchmarks/run_benchmarks.py                  # the full run (tiny, district, cluster; 3 seeds)
    python3 Benchmarks/run_benchmarks.py --quick          # tiny only, 2 s limit, 1 seed: a smoke test
    python3 Benchmarks/run_benchmarks.py --report-only    # redraw the report from the existing CSVs
    python3 Benchmarks/run_benchmarks.py --scale          # the scale benchmark: district, cluster, region, 600 s each
    python3 Benchmarks/run_benchmarks.py --sizes cluster --engines mip   # re-run some cells, keep the others

Python 3 standard library only. Steps, each a whole-process command you can also run by hand:

1. build the release `netsched` (scratch path .build-bench) and the example custom strategy
   (Examples/CustomStrategy, scratch path .build-custom);
2. generate the instances with `netsched generate --preset P --seed 1` into Benchmarks/instances/;
3. run every engine `netsched engines` lists, the example strategy `random-restart` included (its
   executable is linked as `netsched-engine-random-restart` next to netsched, which makes it an
   engine by that name), on each instance and seed, with a time
   limit per size, one run at a time: `netsched bench ... --results Benchmarks/results/runs`.
   Each run is a separate `netsched solve` process verified by `netsched check --json`; a run
   whose solution breaks a hard rule is a failure, never a result;
4. merge the per-run records: `netsched bench --merge Benchmarks/results/runs --out results.csv`;
5. draw the report (this script): docs/BENCHMARKS.md and a self-contained HTML page with inline
   SVG plots (objective over time per engine, gap per size).

The scale benchmark (--scale) runs the heuristic engine once (seed 1) for 600 s on the district,
cluster and region presets, and auto on region, into Benchmarks/results/scale-runs and merges them into
Benchmarks/results/scale.csv; the page shows it under its own heading whenever that file exists.
The FET comparison between the `fet-compare` markers of docs/BENCHMARKS.md is written by
Benchmarks/fet_compare.py and kept as it is when this script rewrites the page; so is the
cancellation latency between the `cancel-latency` markers (the Benchmarks package's
`cancel-latency` program).
"""
import argparse
import csv
import datetime
import html
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "Benchmarks")
INSTANCES = os.path.join(BENCH, "instances")
RESULTS = os.path.join(BENCH, "results")
RUNS = os.path.join(RESULTS, "runs")
SCALE_RUNS = os.path.join(RESULTS, "scale-runs")
CSV_PATH = os.path.join(RESULTS, "results.csv")
SCALE_CSV = os.path.join(RESULTS, "scale.csv")
HTML_PATH = os.path.join(RESULTS, "report.html")
MD_PATH = os.path.join(ROOT, "docs", "BENCHMARKS.md")
# Override with the environment (e.g. binaries built elsewhere, together with --no-build).
NETSCHED = os.environ.get("NETSCHED", os.path.join(ROOT, ".build-bench", "release", "netsched"))
CUSTOM = os.environ.get("CUSTOM_STRATEGY", os.path.join(ROOT, ".build-custom", "release", "custom-strategy"))

# Presets and the time limit of one run on them, seconds.
SIZES = [("tiny", 5), ("district", 30), ("cluster", 60)]
# The scale benchmark (issue 4): presets, engines, one 600 s run each; objective read off the
# anytime curve at these seconds since the process started.
SCALE_SIZES = ["region", "district", "cluster"]  # the longest and riskiest first
SCALE_ENGINES = ["heuristic", "auto"]
# auto runs the heuristic alone on all three (their request alternatives are above the MIP's
# limit); its district and cluster runs are in the main table, so here it runs on region only.
SCALE_PLAN = {"district": ["heuristic"], "cluster": ["heuristic"], "region": ["heuristic", "auto"]}
SCALE_LIMIT = 600
SCALE_MARKS = [10, 60, 600]
FET_BEGIN, FET_END = "<!-- fet-compare:begin -->", "<!-- fet-compare:end -->"
CANCEL_BEGIN, CANCEL_END = "<!-- cancel-latency:begin -->", "<!-- cancel-latency:end -->"
BOUNDS_BEGIN, BOUNDS_END = "<!-- lower-bounds:begin -->", "<!-- lower-bounds:end -->"
WHATIF_BEGIN, WHATIF_END = "<!-- whatif:begin -->", "<!-- whatif:end -->"
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def sh(cmd, **kw):
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, cwd=ROOT, **kw)


def build():
    sh(["swift", "build", "-c", "release", "--scratch-path", ".build-bench", "--product", "netsched"], check=True)
    sh(["swift", "build", "-c", "release", "--package-path", "Examples/CustomStrategy", "--scratch-path", ".build-custom"], check=True)


def install_custom():
    """Registers the example strategy by name: `netsched-engine-random-restart` next to netsched
    (ExternalEngines), so `netsched engines`, `solve --engine` and `bench --engines` know it."""
    link = os.path.join(os.path.dirname(NETSCHED), "netsched-engine-random-restart")
    if not os.path.exists(CUSTOM):
        sys.exit("no %s: build Examples/CustomStrategy (run without --no-build) or set CUSTOM_STRATEGY" % CUSTOM)
    if os.path.islink(link) or os.path.exists(link):
        os.remove(link)
    os.symlink(os.path.abspath(CUSTOM), link)


def engines():
    out = subprocess.run([NETSCHED, "engines"], capture_output=True, text=True, check=True).stdout
    names = [e.strip() for e in out.splitlines() if e.strip()]
    return names + [n for n in ["random-restart"] if n not in names]


def generate(sizes):
    os.makedirs(INSTANCES, exist_ok=True)
    for size in sizes:
        path = os.path.join(INSTANCES, size + ".json")
        sh([NETSCHED, "generate", "--preset", size, "--seed", "1", "--out", path], check=True)


def run(sizes, seeds, limits, engine_names, runs=RUNS, csv_path=CSV_PATH, fresh=True, grace=60, keep=False):
    """Runs the grid into `runs` and merges it into `csv_path`. `fresh` first removes the earlier
    per-run files; otherwise the runs of other cells are kept (a run of the same cell is replaced)."""
    os.makedirs(runs, exist_ok=True)
    if fresh:
        for f in os.listdir(runs):
            os.remove(os.path.join(runs, f))
    generate(sizes)
    for size in sizes:
        path = os.path.join(INSTANCES, size + ".json")
        cmd = [NETSCHED, "bench", "--engines", ",".join(engine_names), "--instances", path, "--seeds", seeds,
               "--time-limit", str(limits[size]), "--grace", str(grace), "--results", runs]
        if keep:
            cmd.append("--keep-solutions")  # for `netsched explain` on what a long run left unmet
        sh(cmd)  # exit 1 means some run failed; that is a result, not an error of the harness
    # The per-run files are outside git: cells whose runs are not there (another checkout, another
    # machine) are carried over from the CSV as it was, so re-running some cells keeps the others.
    previous = [] if fresh else read_rows(csv_path)
    sh([NETSCHED, "bench", "--merge", runs, "--out", csv_path], check=True)
    if previous:
        merged = read_rows(csv_path)
        cells = {(r["instance"], r["engine"]) for r in merged}
        carried = [r for r in previous if (r["instance"], r["engine"]) not in cells]
        if carried:
            with open(csv_path, newline="") as f:
                fields = next(csv.reader(f))
            with open(csv_path, "w", newline="") as f:
                out = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
                out.writeheader()
                for r in carried + merged:
                    out.writerow({k: r.get(k, "") for k in fields})
            print("kept %d earlier runs of %d other cells from %s" % (
                len(carried), len({(r["instance"], r["engine"]) for r in carried}), csv_path))


def read_rows(path):
    """The rows of a results CSV as dicts of strings (none when it does not exist)."""
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- machine

def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    # The commit measured: HEAD, unless the binaries were built elsewhere (BENCH_COMMIT).
    commit = os.environ.get("BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {
        "CPU": cpu, "cores": str(os.cpu_count()), "memory": mem,
        "OS": platform.system() + " " + platform.release(),
        "Swift": swift[0] if swift else "unknown", "commit": commit or "unknown",
    }


# ---------------------------------------------------------------- data

def load(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k in ("students", "seed"):
            r[k] = int(r[k]) if r[k] else 0
        for k in ("time_limit_s", "wall_s", "first_solution_s", "first_feasible_s", "objective", "bound", "gap", "peak_rss_mb",
                  "load_1min", "load_end", "start_s", "cpu_s"):
            r.setdefault(k, "")
            r[k] = float(r[k]) if r[k] not in ("", None) else None
        curve = []
        for p in (r.get("curve") or "").split(";"):
            if not p:
                continue
            t, inc, bound, feas = (p.split(":") + ["", "", ""])[:4]
            curve.append((float(t), float(inc) if inc else None, float(bound) if bound else None,
                          None if feas == "" else feas == "1"))
        r["curve"] = curve
    return rows


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, digits=1):
    if x is None:
        return "–"
    if abs(x) >= 1000:
        return "{:,.0f}".format(x).replace(",", " ")
    return ("%." + str(digits) + "f") % x


def instances_by_size(rows):
    seen = {}
    for r in rows:
        seen.setdefault(r["instance"], r["students"])
    return sorted(seen, key=lambda i: (seen[i], i))


def answered_by(rs):
    """Which engine's timetable an `auto` run returned (from the solution's `engine` field)."""
    counts = {}
    for r in rs:
        e = r.get("solution_engine") or ""
        if "/" in e:
            e = e.split("/", 1)[1]
            counts[e] = counts.get(e, 0) + 1
    return ", ".join("%s ×%d" % (e, n) for e, n in sorted(counts.items()))


def summary(rows):
    """Per (instance, engine): the aggregate the tables show."""
    best = {}
    for r in rows:
        if r["outcome"] == "ok" and r["objective"] is not None:
            best[r["instance"]] = min(best.get(r["instance"], math.inf), r["objective"])
    out = []
    for inst in instances_by_size(rows):
        for eng in sorted({r["engine"] for r in rows if r["instance"] == inst}):
            rs = [r for r in rows if r["instance"] == inst and r["engine"] == eng]
            ok = [r for r in rs if r["outcome"] == "ok"]
            failures = sorted({r["outcome"] for r in rs if r["outcome"] != "ok"})
            gaps_best = [(r["objective"] - best[inst]) / max(abs(best[inst]), 1e-9) for r in ok if inst in best]
            req = [(int(r["required_met"]), int(r["required_total"])) for r in rs if r["required_met"] and r["required_total"]]
            out.append({
                "instance": inst, "engine": eng, "students": rs[0]["students"], "runs": len(rs), "ok": len(ok),
                "failures": ", ".join("%s ×%d" % (o, sum(1 for r in rs if r["outcome"] == o)) for o in failures),
                "objective": median([r["objective"] for r in ok]),
                "best": min([r["objective"] for r in ok]) if ok else None,
                "first": median([r["first_solution_s"] for r in rs if r["first_solution_s"] is not None]),
                "first_feasible": median([r["first_feasible_s"] for r in ok]),
                "answered": answered_by(rs),
                "wall": median([r["wall_s"] for r in rs]),
                "cpu": median([r["cpu_s"] for r in rs]),
                "memory": median([r["peak_rss_mb"] for r in rs]),
                "gap": median([r["gap"] for r in ok]),
                "gap_best": median(gaps_best),
                "required": ("%d/%d" % (min(m for m, _ in req), req[0][1])) if req else "–",
                "time_limit": rs[0]["time_limit_s"],
            })
    return out


# ---------------------------------------------------------------- SVG

def svg_objective(rows, inst, engines_order):
    """Objective over time: each run's incumbents as a step line, its checked final objective as a
    dot (feasible) or a cross (failed)."""
    W, H, L, R, T, B = 560, 300, 70, 150, 28, 40
    rs = [r for r in rows if r["instance"] == inst]
    limit = max((r["time_limit_s"] or 1) for r in rs)
    xmax = max([limit] + [r["wall_s"] or 0 for r in rs])
    ys = [p[1] for r in rs for p in r["curve"] if p[1] is not None and p[3] is not False] + \
        [r["objective"] for r in rs if r["objective"] is not None]
    if not ys:
        return "<p>No objective values for %s.</p>" % html.escape(inst)
    ylo, yhi = min(ys), max(ys)
    if yhi - ylo < 1e-9:
        ylo, yhi = ylo - 1, yhi + 1
    pad = (yhi - ylo) * 0.05
    ylo, yhi = ylo - pad, yhi + pad

    def X(t):
        return L + (W - L - R) * (t / xmax if xmax > 0 else 0)

    def Y(v):
        return T + (H - T - B) * (1 - (v - ylo) / (yhi - ylo))

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">' % (W, H),
           '<text x="%d" y="16" font-size="13" font-weight="bold">%s: feasible objective over time (lower is better)</text>' % (L, html.escape(inst)),
           '<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (L, T, W - L - R, H - T - B)]
    for k in range(5):
        v = ylo + (yhi - ylo) * k / 4
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/>' % (L, W - R, Y(v), Y(v)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (L - 4, Y(v) + 4, fmt(v, 0)))
    for k in range(5):
        t = xmax * k / 4
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s s</text>' % (X(t), H - B + 14, fmt(t, 0 if xmax >= 8 else 1)))
    out.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#bbb" stroke-dasharray="3,3"/>' % (X(limit), X(limit), T, H - B))
    out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#888">time limit</text>' % (X(limit), H - B + 28))
    for i, eng in enumerate(engines_order):
        colour = COLOURS[i % len(COLOURS)]
        er = [r for r in rs if r["engine"] == eng]
        if not er:
            continue
        for r in er:
            # Feasible incumbents only (an infeasible start of the search is off the scale).
            pts = [(t, v) for t, v, _, feas in r["curve"] if v is not None and feas is not False]
            if pts:
                d, last = [], None
                for t, v in pts:
                    if last is None:
                        d.append("M%.1f,%.1f" % (X(t), Y(v)))
                    else:
                        d.append("L%.1f,%.1f L%.1f,%.1f" % (X(t), Y(last), X(t), Y(v)))
                    last = v
                end = r["wall_s"] or pts[-1][0]
                d.append("L%.1f,%.1f" % (X(end), Y(last)))
                out.append('<path d="%s" fill="none" stroke="%s" stroke-width="1.5" opacity="0.8"/>' % (" ".join(d), colour))
            if r["objective"] is not None and r["wall_s"] is not None:
                x, y = X(r["wall_s"]), Y(r["objective"])
                if r["outcome"] == "ok":
                    out.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s seed %d: %s</title></circle>'
                               % (x, y, colour, eng, r["seed"], fmt(r["objective"], 2)))
                else:
                    out.append('<path d="M%.1f,%.1f l7,7 m0,-7 l-7,7" stroke="%s" stroke-width="2"><title>%s seed %d: %s (%s)</title></path>'
                               % (x - 3.5, y - 3.5, colour, eng, r["seed"], r["outcome"], html.escape(r["failure"] or "")))
        ly = T + 14 + 16 * i
        out.append('<rect x="%d" y="%d" width="12" height="3" fill="%s"/>' % (W - R + 10, ly - 4, colour))
        out.append('<text x="%d" y="%d">%s</text>' % (W - R + 28, ly, html.escape(eng)))
    n = len([e for e in engines_order if any(r["engine"] == e for r in rs)])
    out.append('<text x="%d" y="%d" fill="#555">● feasible (checked)</text>' % (W - R + 10, T + 30 + 16 * n))
    out.append('<text x="%d" y="%d" fill="#555">✕ failed the checker</text>' % (W - R + 10, T + 46 + 16 * n))
    out.append("</svg>")
    return "\n".join(out)


def svg_gap(summ, engines_order, key, title):
    """Grouped bars: per instance (by size) and engine, the median gap in %."""
    insts = []
    for s in summ:
        if s["instance"] not in insts:
            insts.append(s["instance"])
    vals = [s[key] for s in summ if s[key] is not None]
    W, H, L, R, T, B = 560, 260, 60, 150, 28, 46
    if not vals:
        return '<p><i>%s: no run reported one.</i></p>' % html.escape(title)
    ymax = max(max(vals) * 100 * 1.15, 1.0)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">' % (W, H),
           '<text x="%d" y="16" font-size="13" font-weight="bold">%s</text>' % (L, html.escape(title)),
           '<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>' % (L, T, W - L - R, H - T - B)]

    def Y(v):
        return T + (H - T - B) * (1 - v / ymax)

    for k in range(5):
        v = ymax * k / 4
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/>' % (L, W - R, Y(v), Y(v)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%s%%</text>' % (L - 4, Y(v) + 4, fmt(v, 1)))
    group = (W - L - R) / max(len(insts), 1)
    bar = group * 0.8 / max(len(engines_order), 1)
    for gi, inst in enumerate(insts):
        x0 = L + gi * group + group * 0.1
        students = next(s["students"] for s in summ if s["instance"] == inst)
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (L + gi * group + group / 2, H - B + 14, html.escape(inst.split("-")[0])))
        out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#777">%d students</text>' % (L + gi * group + group / 2, H - B + 28, students))
        for ei, eng in enumerate(engines_order):
            s = next((s for s in summ if s["instance"] == inst and s["engine"] == eng), None)
            x = x0 + ei * bar
            if s is None:
                continue
            if s[key] is None:
                out.append('<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s" font-size="9">n/a</text>'
                           % (x + bar / 2, H - B - 4, COLOURS[ei % len(COLOURS)]))
                continue
            v = s[key] * 100
            out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s on %s: %.2f%%</title></rect>'
                       % (x, Y(v), bar - 2, max(H - B - Y(v), 0.5), COLOURS[ei % len(COLOURS)], eng, inst, v))
    for i, eng in enumerate(engines_order):
        ly = T + 14 + 16 * i
        out.append('<rect x="%d" y="%d" width="12" height="10" fill="%s"/>' % (W - R + 10, ly - 9, COLOURS[i % len(COLOURS)]))
        out.append('<text x="%d" y="%d">%s</text>' % (W - R + 28, ly, html.escape(eng)))
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------- report

TABLE_HEAD = ["instance", "students", "engine", "limit (s)", "feasible runs", "failures", "median objective", "best objective",
              "gap to best known", "bound gap", "first solution (s)", "first feasible (s)", "wall (s)", "CPU (s)", "peak memory (MB)",
              "required met (worst run)"]


def table_rows(summ):
    for s in summ:
        engine = s["engine"] + (" (answer from %s)" % s["answered"] if s["answered"] else "")
        yield [s["instance"], str(s["students"]), engine, fmt(s["time_limit"], 0), "%d/%d" % (s["ok"], s["runs"]),
               s["failures"] or "–", fmt(s["objective"], 1), fmt(s["best"], 1),
               ("%.2f%%" % (100 * s["gap_best"])) if s["gap_best"] is not None else "–",
               ("%.2f%%" % (100 * s["gap"])) if s["gap"] is not None else "–",
               fmt(s["first"], 2), fmt(s["first_feasible"], 2), fmt(s["wall"], 2), fmt(s["cpu"], 1), fmt(s["memory"], 0), s["required"]]


def objective_at(r, t):
    """Best feasible incumbent reported by `t` seconds after the process started."""
    vs = [v for (tt, v, _, feas) in r["curve"] if v is not None and feas and tt <= t]
    return min(vs) if vs else None


def scale_rows(srows, all_rows):
    bounds = {}
    for r in all_rows:
        if r["bound"] is not None:
            bounds[r["instance"]] = max(bounds.get(r["instance"], -math.inf), r["bound"])
    out = []
    for r in sorted(srows, key=lambda r: (r["students"], r["engine"], r["seed"])):
        ok = r["outcome"] == "ok"
        size = r["instance"].split("-")[0]
        ff = r["first_feasible_s"] if ok else None
        mem = r["peak_rss_mb"]
        goals = []
        if size == "cluster":
            goals.append("feasible within 60 s: " + ("**met**" if ff is not None and ff <= 60 else "**not met**"))
        if size == "region":
            goals.append("feasible within 600 s: " + ("**met**" if ff is not None and ff <= 600 else "**not met**"))
            goals.append("under 4 GiB: " + ("**met**" if mem is not None and mem < 4096 else "**not met**"))
        b = bounds.get(r["instance"])
        gap = ("%.2f%%" % (100 * (r["objective"] - b) / max(abs(r["objective"]), 1e-9))) if ok and b is not None else "no MIP bound"
        answered = (r.get("solution_engine") or "").split("/", 1)[1] if "/" in (r.get("solution_engine") or "") else ""
        out.append([size, "{:,}".format(r["students"]).replace(",", " "),
                    r["engine"] + (" (answer from %s)" % answered if answered else ""),
                    fmt(r["time_limit_s"], 0), r["outcome"] if ok else "**%s**" % r["outcome"],
                    fmt(r.get("start_s"), 1), fmt(ff, 1)] + [fmt(objective_at(r, t), 1) for t in SCALE_MARKS[:-1]] +
                   [fmt(r["objective"] if ok else None, 1), fmt(r["wall_s"], 1), fmt(r.get("cpu_s"), 1), gap, fmt(mem, 0),
                    "%s/%s" % (r["required_met"] or "–", r["required_total"] or "–"),
                    fmt(r["load_1min"], 1) + (" → " + fmt(r["load_end"], 1) if r.get("load_end") is not None else ""),
                    "; ".join(goals) or "–"])
    return out


SCALE_HEAD = ["size", "students", "engine", "limit (s)", "checker", "loading (s)", "first feasible (s)", "objective at 10 s", "objective at 60 s",
              "final objective (checked)", "wall (s)", "CPU (s)", "gap to best bound", "peak memory (MB)", "required met", "load (start → end)",
              "goals"]


def scale_markdown(srows, all_rows, meta):
    md = ["## Scale: district, cluster, region", "",
          "The benchmark of issue 4, a benchmark and not a test: one run of %d s (seed 1) per size and engine, "
          "the objective read off the run's anytime curve. Regenerate it (about %d minutes, one run at a time) with:"
          % (SCALE_LIMIT, sum(len(v) for v in SCALE_PLAN.values()) * (SCALE_LIMIT + 60) // 60), "",
          "```sh", "python3 Benchmarks/run_benchmarks.py --scale", "```", "",
          "It generates the `district`, `cluster` and `region` presets (seed 1), runs `netsched bench --engines heuristic "
          "--time-limit %d --keep-solutions` on each and `auto` on `region` (on the two smaller sizes `auto` runs the "
          "heuristic alone, as on region: their request alternatives are above the MIP's limit; its runs there are in "
          "the main table) into `Benchmarks/results/scale-runs/`, merges them into `Benchmarks/results/scale.csv` "
          "and rewrites this page (the other sections from their own CSV)." % SCALE_LIMIT, "",
          "Times are seconds since the solver process started (reading and validating the instance included: "
          "*loading*), when the progress line arrived. *First feasible*: the first incumbent the engine reports with every "
          "required request met (the final solution is verified by `netsched check`). *Objective at t*: the best "
          "feasible incumbent reported by then (the engine's own value; the final one is the checker's). "
          "*Gap to best bound*: against the best lower bound any MIP run reported on the instance; the MIP gives "
          "none at these sizes. *Peak memory*: maximum resident set of the solver process. *CPU*: user + system "
          "seconds of the solver process (one search thread: close to the wall time on an idle machine; less when "
          "other work took the cores). *Load*: 1-minute load average at the start and the end of the run (2 cores)."]
    if meta:
        md += ["", "Measured at commit %s on %s, %s." % (meta.get("commit", "?"), meta.get("date", "?"), meta.get("host", "?"))
               + "".join(" Re-run %s at commit %s on %s." % (rr["cells"], rr["commit"], rr["date"]) for rr in meta.get("reruns", []))]
    md += ["", "| " + " | ".join(SCALE_HEAD) + " |", "|" + "---|" * len(SCALE_HEAD)]
    for row in scale_rows(srows, all_rows):
        md.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
    failed = [r for r in srows if r["outcome"] != "ok"]
    if failed:
        md += ["", "Failed scale runs:", ""]
        for r in failed:
            md.append("- %s, %s: **%s** — %s" % (r["instance"], r["engine"], r["outcome"], (r["failure"] or "").replace("|", "/")))
    notes = os.path.join(BENCH, "scale-notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            md += ["", f.read().strip()]
    return md


def kept_section(title, begin, end, writer):
    """A section of the current page that another program writes between its markers, kept as it is."""
    kept = ""
    if os.path.exists(MD_PATH):
        with open(MD_PATH) as f:
            text = f.read()
        m = re.search(re.escape(begin) + r"(.*?)" + re.escape(end), text, re.S)
        if m:
            kept = m.group(1)
    if not kept.strip():
        kept = "\n_Not measured yet: %s writes its table here._\n" % writer
    return ["## " + title, "", begin + kept + end]


def fet_section():
    """The FET comparison kept from the current page (written by Benchmarks/fet_compare.py)."""
    return kept_section("FET comparison", FET_BEGIN, FET_END, "`Benchmarks/fet_compare.py`")


def cancel_section():
    """The cancellation latency of the async call, kept from the current page (written by
    `swift run -c release cancel-latency --benchmarks-md ../docs/BENCHMARKS.md` in Benchmarks/)."""
    return kept_section("Cancellation latency", CANCEL_BEGIN, CANCEL_END, "`cancel-latency` (Benchmarks package)")


def bounds_section():
    """The lower bounds and gaps of every solve, kept from the current page (written by
    `Benchmarks/bounds_bench.py`)."""
    return kept_section("Lower bounds", BOUNDS_BEGIN, BOUNDS_END, "`Benchmarks/bounds_bench.py`")


def whatif_section():
    """The what-if benchmark, kept from the current page (written by Benchmarks/whatif_bench.py --benchmarks-md)."""
    return kept_section("What if", WHATIF_BEGIN, WHATIF_END, "`Benchmarks/whatif_bench.py --benchmarks-md docs/BENCHMARKS.md`")


def read_meta(name):
    path = os.path.join(RESULTS, name + "-meta.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return None


def write_meta(name, mach, rerun=None):
    """Records the commit and machine of a measurement; a re-run of some cells (`rerun`: what was
    re-run) is added to the list of re-runs of the earlier measurement."""
    os.makedirs(RESULTS, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    old = read_meta(name)
    if rerun and old:
        meta = old
        meta.setdefault("reruns", []).append({"cells": rerun, "commit": mach.get("commit", "?"), "date": now})
    else:
        meta = dict(mach)
        meta["date"] = now
        meta["host"] = platform.node()
    with open(os.path.join(RESULTS, name + "-meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


def report(rows, srows, mach, command):
    summ = summary(rows)
    engines_order = []
    for r in sorted(rows + srows, key=lambda r: r["engine"]):
        if r["engine"] not in engines_order:
            engines_order.append(r["engine"])
    date = max((r["date"] for r in rows), default="")[:10]
    seeds = sorted({r["seed"] for r in rows})
    smeta = read_meta("scale")

    # HTML
    parts = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>NetworkTimetabling benchmarks</title>",
             "<style>body{font-family:sans-serif;max-width:1180px;margin:1em auto;color:#222}"
             "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
             "th{background:#f4f4f4}td:nth-child(1),td:nth-child(3),td:nth-child(6){text-align:left}"
             ".plots{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>",
             "<h1>NetworkTimetabling benchmarks</h1>",
             "<p>Whole-process runs of the release <code>netsched solve</code> (and of the example custom strategy's own "
             "executable), each verified by <code>netsched check</code>. Seeds %s. Regenerate with <code>%s</code>.</p>"
             % (", ".join(map(str, seeds)), html.escape(command)),
             "<h2>Machine</h2><table>" + "".join("<tr><th>%s</th><td style=\"text-align:left\">%s</td></tr>" % (k, html.escape(v))
                                                 for k, v in mach.items()) + "</table>",
             "<h2>Objective over time</h2><div class=\"plots\">"]
    for inst in instances_by_size(rows):
        parts.append(svg_objective(rows, inst, engines_order))
    parts.append("</div><h2>Gap per size</h2><div class=\"plots\">")
    parts.append(svg_gap(summ, engines_order, "gap_best", "Gap to the best feasible objective found (median of feasible runs)"))
    parts.append(svg_gap(summ, engines_order, "gap", "Gap to the engine's own bound (engines that report one)"))
    parts.append("</div><h2>Results</h2><table><tr>" + "".join("<th>%s</th>" % h for h in TABLE_HEAD) + "</tr>")
    for row in table_rows(summ):
        parts.append("<tr>" + "".join("<td>%s</td>" % html.escape(c) for c in row) + "</tr>")
    parts.append("</table><h2>Failed runs</h2><ul>")
    for r in rows:
        if r["outcome"] != "ok":
            parts.append("<li>%s, %s, seed %d: <b>%s</b> — %s</li>" % (html.escape(r["instance"]), html.escape(r["engine"]), r["seed"],
                                                                       r["outcome"], html.escape(r["failure"] or "")))
    parts.append("</ul>")
    if srows:
        parts.append("<h2>Scale: district, cluster, region (%d s runs)</h2><div class=\"plots\">" % SCALE_LIMIT)
        for inst in instances_by_size(srows):
            parts.append(svg_objective(srows, inst, engines_order))
        parts.append("</div><table><tr>" + "".join("<th>%s</th>" % h for h in SCALE_HEAD) + "</tr>")
        for row in scale_rows(srows, rows + srows):
            parts.append("<tr>" + "".join("<td>%s</td>" % html.escape(c.replace("**", "")) for c in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    os.makedirs(RESULTS, exist_ok=True)
    with open(HTML_PATH, "w") as f:
        f.write("\n".join(parts) + "\n")

    # Markdown
    md = ["# Benchmarks", "",
          "Measured results of the built-in engines and of the example custom strategy "
          "(`Examples/CustomStrategy`, engine `random-restart`) on generated instances. "
          "Regenerate the main table with one command from the package root:", "",
          "```sh", command, "```", "",
          "It builds the release `netsched`, generates the `tiny`, `district` and `cluster` presets "
          "(seed 1, `docs/GENERATOR.md`), runs every engine `netsched engines` lists plus `random-restart` "
          "on each with seeds %s, one whole-process run at a time, verifies every solution with "
          "`netsched check`, and writes this page, `Benchmarks/results/results.csv` (one row per run, "
          "with the anytime curve) and `Benchmarks/results/report.html` (plots: objective over time per "
          "engine, gap per size). The per-run files (progress logs, run records) stay in "
          "`Benchmarks/results/runs/`, outside git. `--sizes` and `--engines` re-run some cells and keep the "
          "others. How the harness works, and how to run the grid on a cluster: "
          "`Benchmarks/README.md`." % ", ".join(map(str, seeds)), "",
          "## Machine", "", "| | |", "|---|---|"]
    md += ["| %s | %s |" % (k, v) for k, v in mach.items()]
    md += ["| date | %s |" % date, "",
           "Runs are sequential; other work on the machine during the run adds noise to the times: "
           "with a load average above the 2 cores the solver gets only part of a core, and the engines, "
           "whose limits are wall-clock seconds, search less within them (the *CPU* column says how much).", "",
           "## Results", "",
           "One row per instance and engine, over the seeds. *Feasible runs*: runs whose final solution "
           "the checker accepts; a run whose solution breaks a hard rule (typically a required request "
           "left unmet), that produced no solution, or that crashed counts under *failures* and never "
           "in the objective columns. *Gap to best known*: median over feasible runs of "
           "(objective − best feasible objective of any engine on the instance) / best. *Bound gap*: "
           "against the engine's own lower bound, for engines that report one. *First solution*: "
           "seconds from the start of the process to the first incumbent in the engine's progress lines, "
           "feasible or not (the heuristic starts from the greedy construction, which may leave required "
           "requests unmet), or the run's wall time when the engine reports none before it ends. *First "
           "feasible*: to the first incumbent with every required request met (median of feasible runs; "
           "an engine that does not say which incumbents are feasible gets the time its final objective "
           "was first reported, an upper bound). *auto* names the engine whose timetable it returned. "
           "*CPU*: median user + system seconds of the solver process (single-threaded engines: close to the "
           "wall time on an idle machine, less when other work took the cores). "
           "*Peak memory*: the solver process's maximum resident set (wait4). *Required met*: required "
           "requests granted in the worst run.", "",
           "| " + " | ".join(TABLE_HEAD) + " |", "|" + "---|" * len(TABLE_HEAD)]
    for row in table_rows(summ):
        md.append("| " + " | ".join(c.replace("|", "/") for c in row) + " |")
    failed = [r for r in rows if r["outcome"] != "ok"]
    md += ["", "## Failed runs", ""]
    if failed:
        for r in failed:
            md.append("- %s, %s, seed %d: **%s** — %s" % (r["instance"], r["engine"], r["seed"], r["outcome"], (r["failure"] or "").replace("|", "/")))
    else:
        md.append("None.")
    md += [""]
    if srows:
        md += scale_markdown(srows, rows + srows, smeta) + [""]
    md += fet_section() + [""]
    md += cancel_section() + [""]
    md += bounds_section() + [""]
    md += whatif_section() + [""]
    md += ["## Instances", "", "| instance | sites | students | courses | teachers | requests |", "|---|---|---|---|---|---|"]
    seen = set()
    for r in sorted(rows + srows, key=lambda r: r["students"]):
        if r["instance"] in seen:
            continue
        seen.add(r["instance"])
        md.append("| %s | %s | %s | %s | %s | %s |" % (r["instance"], r["sites"], r["students"], r["courses"], r["teachers"], r["requests"]))
    md.append("")
    with open(MD_PATH, "w") as f:
        f.write("\n".join(md))
    print("wrote %s, %s, %s" % (CSV_PATH, HTML_PATH, MD_PATH), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="tiny only, 2 s limit, seed 1 (a smoke test of the harness)")
    ap.add_argument("--report-only", action="store_true", help="redraw the report from Benchmarks/results/*.csv")
    ap.add_argument("--scale", action="store_true",
                    help="the scale benchmark: heuristic on %s and auto on region, %d s, seed 1" % (",".join(SCALE_SIZES), SCALE_LIMIT))
    ap.add_argument("--seeds", default="1-3", help="seeds, as netsched bench takes them (default 1-3)")
    ap.add_argument("--sizes", default=None, help="comma-separated presets to (re-)run; the other cells' runs are kept")
    ap.add_argument("--engines", default=None, help="comma-separated engines (default: netsched engines + random-restart; "
                                                    "with --scale: %s)" % ",".join(SCALE_ENGINES))
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built")
    args = ap.parse_args()
    command = "python3 Benchmarks/run_benchmarks.py"
    if not args.report_only:
        if not args.no_build:
            build()
        mach = machine()
        if args.scale:
            sizes = args.sizes.split(",") if args.sizes else SCALE_SIZES
            fresh = not (args.sizes or args.engines)
            for size in sizes:
                names = args.engines.split(",") if args.engines else SCALE_PLAN.get(size, SCALE_ENGINES)
                run([size], "1", {size: SCALE_LIMIT}, names, runs=SCALE_RUNS, csv_path=SCALE_CSV, fresh=fresh, grace=120, keep=True)
                fresh = False
            write_meta("scale", mach, rerun=("%s on %s" % (args.engines or "the planned engines", args.sizes or "all sizes"))
                       if (args.sizes or args.engines) else None)
        else:
            sizes = ["tiny"] if args.quick else (args.sizes.split(",") if args.sizes else [s for s, _ in SIZES])
            limits = {s: (2 if args.quick else t) for s, t in SIZES}
            seeds = "1" if args.quick else args.seeds
            if not args.engines or "random-restart" in args.engines.split(","):
                install_custom()
            names = args.engines.split(",") if args.engines else engines()
            run(sizes, seeds, limits, names, fresh=not (args.sizes or args.engines))
            write_meta("grid", mach, rerun=("%s on %s" % (args.engines or "every engine", args.sizes or "every size"))
                       if (args.sizes or args.engines) else None)
            if args.quick:
                command += " --quick"
    rows = load(CSV_PATH)
    srows = load(SCALE_CSV)
    mach = read_meta("grid") or machine()
    reruns = mach.pop("reruns", [])
    for k in ("date", "host"):
        mach.pop(k, None)
    for rr in reruns:
        mach["re-run %s" % rr["cells"]] = "commit %s, %s" % (rr["commit"], rr["date"])
    order = ["CPU", "cores", "memory", "OS", "Swift", "commit"]
    mach = {k: mach[k] for k in sorted(mach, key=lambda k: (order.index(k) if k in order else len(order), k))}
    loads = [r["load_1min"] for r in rows if r["load_1min"] is not None]
    if loads:
        mach["load average during the runs"] = "median %.1f, max %.1f (1-minute, at each run's start)" % (median(loads), max(loads))
    share = cpu_share(rows)
    if share is not None:
        mach["CPU share of the solver"] = ("median %.0f%% of a core (CPU seconds / wall seconds of the runs longer than "
                                           "2 s; one search thread: 100%% on an idle machine)" % (100 * share))
    report(rows, srows, mach, command)


def cpu_share(rows):
    """Median CPU seconds / wall seconds of the runs longer than 2 s: how much of a core the solver
    process had (other work on the machine takes the rest)."""
    return median([r["cpu_s"] / r["wall_s"] for r in rows if r.get("cpu_s") and r["wall_s"] and r["wall_s"] > 2])


if __name__ == "__main__":
    main()
