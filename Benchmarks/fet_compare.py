#!/usr/bin/env python3
"""Compare `netsched fet-solve` with FET's own `fet-cl` on Debian's fet-data examples.

For every example file (excluding solved `*_data_and_timetable*` files and FET's
"mornings-afternoons" examples) whose constraint types are all supported by `netsched
fet-solve`, both programs solve it with the same time limit, as whole processes, one run at a
time, several times (seeds 1…N); both timetables are checked with `netsched fet-solve --check`
(our checker). The table gives, per program, how many runs ended with a timetable that our
checker finds free of hard violations, the median time to that timetable and the median soft
cost. The 1-minute load average is read before every run and summarised.

    swift build -c release --scratch-path .build-release --product netsched
    python3 Benchmarks/fet_compare.py --netsched .build-release/release/netsched \\
        --time-limit 10 --repetitions 3 --raw /tmp/fet-runs.json \\
        --benchmarks-md docs/BENCHMARKS.md > /tmp/fet-compare.md

`--benchmarks-md` replaces what is between `<!-- fet-compare:begin -->` and
`<!-- fet-compare:end -->` in that file (the markers are added under "## FET comparison" at the
end when missing); the rest of the file is left as it is. `--reuse-fet RUNS.json` takes FET's
runs from an earlier `--raw` file instead of running `fet-cl` again (to re-measure only our
solver after a change; the table then says so).

Time to a timetable without hard violations: for FET, the wall time of the `fet-cl` process
(it stops at its first complete timetable; its HTML/XML printouts are switched off, the solved
`.fet` is still written); for ours, the time `fet-solve --json` reports before its search
(`secondsBeforeSearch`: reading and compiling) plus the search time to the first timetable
without hard violations (`secondsToFeasible`). Ours keeps searching until the time limit to
lower the soft cost; FET's soft cost is that of its first complete timetable.

The script also checks FET's own verdict against our checker: every FET run that reports
success must have no hard violation by our checker, and so must every solved file shipped in
fet-data (`*_data_and_timetable.fet`) that is complete and whose types are all supported.

Needs `fet-cl` (apt-get install fet fet-data); runs it with QT_QPA_PLATFORM=offscreen.
"""
import argparse, glob, json, os, platform, re, shutil, statistics, subprocess, sys, tempfile, time

EXAMPLES = "/usr/share/doc/fet-data/examples"
BEGIN, END = "<!-- fet-compare:begin -->", "<!-- fet-compare:end -->"
FET_NO_PRINTOUTS = ["--writetimetableconflicts=false"] + [
    f"--writetimetables{w}=false" for w in
    "statistics xml dayshorizontal daysvertical timehorizontal timevertical subgroups groups years teachers "
    "teachersfreeperiods rooms subjects activitytags activities".split()]


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run(cmd, timeout):
    t = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        return p, time.monotonic() - t
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - t


def check(netsched, path):
    p, _ = run([netsched, "fet-solve", "--check", "--json", path], 600)
    if p is None or not p.stdout.strip():
        return None
    return json.loads(p.stdout)


def ours(netsched, path, limit, seed, work):
    out = os.path.join(work, f"ours-{seed}.fet")
    load = load1()
    p, wall = run([netsched, "fet-solve", path, "--out", out, "--time-limit", str(limit), "--seed", str(seed), "--json"],
                  limit * 3 + 60)
    own = json.loads(p.stdout) if p is not None and p.stdout.strip() else {}
    r = check(netsched, out) if os.path.exists(out) else None
    ok = r is not None and r["feasible"]
    ttf = None
    if ok and own.get("secondsToFeasible") is not None:
        ttf = own.get("secondsBeforeSearch", 0) + own["secondsToFeasible"]
    return {"program": "ours", "seed": seed, "load": load, "wall": wall, "feasible": ok, "toFeasible": ttf,
            "claimed": own.get("feasible"), "hard": r["report"]["hardViolations"] if r else None,
            "soft": r["report"]["softCost"] if r else None}


def fet(netsched, path, limit, seed, work):
    out = os.path.join(work, f"fet-{seed}")
    load = load1()
    p, wall = run(["fet-cl", f"--inputfile={path}", f"--outputdir={out}", f"--timelimitseconds={limit}",
                   f"--randomseeds10={seed}", "--randomseeds11=1", "--randomseeds12=1",
                   f"--randomseeds20={seed}", "--randomseeds21=1", "--randomseeds22=1"] + FET_NO_PRINTOUTS,
                  limit * 3 + 60)
    solved = glob.glob(os.path.join(out, "**", "*_data_and_timetable.fet"), recursive=True)
    success = p is not None and "Simulation successful" in (p.stdout + p.stderr)
    r = check(netsched, solved[0]) if solved and success else None
    ok = r is not None and r["feasible"]
    return {"program": "fet", "seed": seed, "load": load, "wall": wall, "feasible": ok,
            "toFeasible": wall if ok else None, "claimed": success,
            "hard": r["report"]["hardViolations"] if r else None, "soft": r["report"]["softCost"] if r else None}


def med(xs):
    return statistics.median(xs) if xs else None


def summary(runs):
    good = [r for r in runs if r["feasible"]]
    return (len(good), med([r["toFeasible"] for r in good if r["toFeasible"] is not None]),
            med([r["soft"] for r in good if r["soft"] is not None]))


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def shipped_agreement(netsched):
    """FET's own solved files in fet-data, official mode and complete: our checker must find no hard
    violation of the supported constraints (constraints of unsupported types are not checked)."""
    rows = []
    for f in sorted(glob.glob(os.path.join(EXAMPLES, "**", "*.fet"), recursive=True)):
        if "timetable" not in os.path.basename(f):
            continue
        r = check(netsched, f)
        if r is None:
            rows.append((f, "unreadable", None))
        elif "mornings-afternoons" in f or any(k.startswith("Mode ") for k in r["unsupported"]):
            rows.append((f, "other mode", r))
        elif r["report"]["unplaced"] > 0:
            rows.append((f, "incomplete", r))
        else:
            rows.append((f, "agrees" if r["feasible"] else "disagrees", r))
    return rows


def before_after(old, raw, reps):
    """Our solver before and after, per file: solved runs, median hard violations left, median time to no hard violation."""
    before = {f["file"]: [r for r in f["runs"] if r["program"] == "ours"] for f in old["files"]}
    out = ["| file | activities | ok before | ok after | hard left before | hard left after | s before | s after |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    tot = [0, 0, 0, 0]
    for f in raw:
        o = [r for r in f["runs"] if r["program"] == "ours"]
        b = before.get(f["file"], [])
        hb, ha = med([r["hard"] for r in b if r["hard"] is not None]), med([r["hard"] for r in o if r["hard"] is not None])
        sb, sa = summary(b), summary(o)
        tot[0] += sb[0] == reps and len(b) == reps
        tot[1] += sa[0] == reps
        tot[2] += sb[0] > 0
        tot[3] += sa[0] > 0
        out.append(f"| {f['file']} | {f['activities']} | {sb[0]}/{len(b)} | {sa[0]}/{reps} | {fmt(hb, 0)} | {fmt(ha, 0)} | "
                   f"{fmt(sb[1])} | {fmt(sa[1])} |")
    out.append(f"\nSolved in every repetition: before {tot[0]}, after {tot[1]} of {len(raw)} files; in at least one: "
               f"before {tot[2]}, after {tot[3]}. Hard violations left: median over the runs (our checker).\n")
    return "\n".join(out)


def shipped_sentence(shipped):
    counts = {}
    for _, v, _ in shipped:
        counts[v] = counts.get(v, 0) + 1
    dis = [os.path.relpath(f, EXAMPLES) for f, v, _ in shipped if v == "disagrees"]
    inc = [f"{os.path.relpath(f, EXAMPLES)} ({r['report']['unplaced']} activities without a time)" for f, v, r in shipped if v == "incomplete"]
    return (f" Of the {len(shipped)} solved timetables shipped in fet-data (files named `*timetable*`), "
            f"{counts.get('agrees', 0) + counts.get('disagrees', 0)} are complete official-mode timetables, and our "
            f"checker finds no hard violation of the supported constraints in {counts.get('agrees', 0)} of them"
            + (f" (disagreements: {', '.join(dis)})" if dis else "")
            + f"; {counts.get('other mode', 0)} are mornings-afternoons, block-planning or terms files (other semantics), "
            f"{counts.get('incomplete', 0)} are partial timetables" + (f" ({', '.join(inc)})" if inc else "")
            + f", {counts.get('unreadable', 0)} could not be read.\n")


def replace_between_markers(path, block):
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if BEGIN in text and END in text and text.index(BEGIN) < text.index(END):
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + BEGIN + "\n" + block + END + tail
    else:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "# Benchmarks\n\n") + "## FET comparison\n\n" + BEGIN + "\n" + block + END + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--netsched", default=".build-release/release/netsched")
    ap.add_argument("--time-limit", type=int, default=10)
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--limit-files", type=int, default=0, help="only the first N supported files (0: all)")
    ap.add_argument("--raw", help="write every run (JSON) to this file")
    ap.add_argument("--reuse-fet", help="take FET's runs from this earlier --raw file instead of running fet-cl")
    ap.add_argument("--benchmarks-md", help="write the table between the fet-compare markers of this file")
    ap.add_argument("--before", help="an earlier --raw file of our solver: print a before/after table of our runs too")
    a = ap.parse_args()
    if not a.reuse_fet and not shutil.which("fet-cl"):
        sys.exit("fet-cl not found: apt-get install fet fet-data (or pass --reuse-fet RUNS.json)")
    if not os.path.exists(a.netsched):
        sys.exit(f"{a.netsched} not found: swift build -c release --scratch-path .build-release --product netsched")
    previous = {}
    if a.reuse_fet:
        old = json.load(open(a.reuse_fet))
        previous = {f["file"]: [r for r in f["runs"] if r["program"] == "fet"] for f in old["files"]}
    candidates = sorted(f for f in glob.glob(os.path.join(EXAMPLES, "**", "*.fet"), recursive=True)
                        if "timetable" not in os.path.basename(f) and "mornings-afternoons" not in f)
    files = []
    for f in candidates:
        r = check(a.netsched, f)  # an unsolved file: only its list of unsupported types is used
        if r is not None and not r["unsupported"]:
            files.append(f)
    if a.limit_files:
        files = files[: a.limit_files]
    started = time.time()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    fetv = "unknown"
    if shutil.which("fet-cl"):
        v = subprocess.run(["fet-cl", "--version"], capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        fetv = ((v.stdout + v.stderr).strip().splitlines() or ["unknown"])[0]
    rows, raw = [], []
    for f in files:
        name = os.path.relpath(f, EXAMPLES)
        acts = len(re.findall(r"<Activity>", open(f, encoding="utf-8", errors="replace").read()))
        o, t = [], []
        with tempfile.TemporaryDirectory() as work:
            for seed in range(1, a.repetitions + 1):
                o.append(ours(a.netsched, f, a.time_limit, seed, work))
                if a.reuse_fet:
                    t = previous.get(name, [])
                else:
                    t.append(fet(a.netsched, f, a.time_limit, seed, work))
        raw.append({"file": name, "activities": acts, "runs": o + t})
        rows.append((name, acts, summary(o), summary(t), med([r["load"] for r in o + t])))
        print(f"{name}: ours {rows[-1][2]}, FET {rows[-1][3]}, load {rows[-1][4]}", file=sys.stderr, flush=True)
    elapsed = time.time() - started
    loads = [r["load"] for f in raw for r in f["runs"]]
    fet_runs = [r for f in raw for r in f["runs"] if r["program"] == "fet"]
    claimed = [r for r in fet_runs if r["claimed"]]
    agreeing = [r for r in claimed if r["feasible"]]
    shipped = shipped_agreement(a.netsched)
    if a.raw:
        with open(a.raw, "w") as fh:
            json.dump({"timeLimit": a.time_limit, "repetitions": a.repetitions, "netsched": a.netsched,
                       "fet": fetv, "reusedFET": a.reuse_fet, "files": raw,
                       "shipped": [{"file": os.path.relpath(f, EXAMPLES), "verdict": v} for f, v, _ in shipped]}, fh, indent=1)

    reps = a.repetitions
    cmd = (f"python3 Benchmarks/fet_compare.py --netsched {a.netsched} --time-limit {a.time_limit} --repetitions {reps}"
           + (f" --reuse-fet {a.reuse_fet}" if a.reuse_fet else ""))
    lines = []
    lines.append(f"Generated by `{cmd}` on {time.strftime('%Y-%m-%d', time.gmtime())} (see the script's header and "
                 "`docs/BENCHMARKS-FET.md`).\n")
    lines.append(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, shared with other "
                 f"builds and benchmarks: 1-minute load average before the runs median {fmt(med(loads), 1)}, "
                 f"min {fmt(min(loads) if loads else None, 1)}, max {fmt(max(loads) if loads else None, 1)}. "
                 f"FET: {fetv}. One process at a time, time limit {a.time_limit} s, {reps} repetitions "
                 f"(seeds 1…{reps}), release build of `netsched`; the whole comparison took {elapsed / 60:.0f} min."
                 + (f" FET's runs are reused from `{a.reuse_fet}` (not re-run)." if a.reuse_fet else "") + "\n")
    lines.append(f"Files: the {len(files)} fet-data examples (official, block-planning and terms folders; no "
                 "mornings-afternoons) whose constraint types are all supported by `fet-solve`.\n")
    lines.append("Per program: **ok** = runs whose timetable our checker finds free of hard violations / runs; "
                 "**s** = median seconds to that timetable over those runs (FET: whole `fet-cl` process, which stops "
                 "there; ours: reading + search until the first timetable without hard violations); **soft** = median "
                 "soft cost of the final timetable (Σ weight/100 × violations, our checker).\n")
    lines.append("| file | activities | ours ok | ours s | ours soft | FET ok | FET s | FET soft | load |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, acts, so, st, ld in rows:
        lines.append(f"| {name} | {acts} | {so[0]}/{reps} | {fmt(so[1])} | {fmt(so[2])} | "
                     f"{st[0]}/{reps} | {fmt(st[1])} | {fmt(st[2])} | {fmt(ld, 1)} |")
    all_o = sum(1 for _, _, so, _, _ in rows if so[0] == reps)
    all_t = sum(1 for _, _, _, st, _ in rows if st[0] == reps)
    any_o = sum(1 for _, _, so, _, _ in rows if so[0] > 0)
    any_t = sum(1 for _, _, _, st, _ in rows if st[0] > 0)
    lines.append(f"\nSolved in every repetition: ours {all_o} of {len(files)} files, FET {all_t} of {len(files)}; "
                 f"in at least one: ours {any_o}, FET {any_t}.\n")
    lines.append(f"Checker agreement: of the {len(claimed)} FET runs in this table that reported success, our checker "
                 f"finds no hard violation in {len(agreeing)}"
                 + ("" if len(agreeing) == len(claimed) else
                    " (disagreements: " + ", ".join(sorted({f['file'] for f in raw for r in f['runs'] if r['program'] == 'fet' and r['claimed'] and not r['feasible']})) + ")")
                 + ".")
    lines.append(shipped_sentence(shipped))
    block = "\n".join(lines) + "\n"
    print(block)
    if a.before:
        print(before_after(json.load(open(a.before)), raw, reps))
    if a.benchmarks_md:
        regen = ("How to regenerate (needs `apt-get install fet fet-data`; about "
                 f"{max(1, round(elapsed / 60))} min):\n\n```sh\nswift build -c release --scratch-path .build-release --product netsched\n"
                 f"python3 Benchmarks/fet_compare.py --netsched .build-release/release/netsched --time-limit {a.time_limit} "
                 f"--repetitions {reps} --benchmarks-md docs/BENCHMARKS.md\n```\n\n")
        replace_between_markers(a.benchmarks_md, regen + block)


if __name__ == "__main__":
    main()
