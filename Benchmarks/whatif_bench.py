#!/usr/bin/env python3
"""What-if benchmark (docs/MIP.md, "What if"): solve an instance with the heuristic, then ask
`netsched what-if` about every unmet elective request of that timetable, and judge every granted
answer with `netsched check`. A benchmark, not a test: it measures and prints a Markdown table.

    swift build -c release --scratch-path .build-release --product netsched
    python3 Benchmarks/whatif_bench.py --netsched .build-release/release/netsched \\
        --instance Examples/terbuny-network.json --solve-time 60 --seed 1 --time-limit 30 \\
        --benchmarks-md docs/BENCHMARKS.md

Per request: the answer's status, its objectiveDelta, the wall-clock seconds of the what-if
command (reading the files included), the neighbourhood's sub-MIP sizes, and for granted answers
whether `netsched check` finds the written timetable feasible with the request granted and
whether the checker's objective difference equals objectiveDelta. `--benchmarks-md` writes the
table into docs/BENCHMARKS.md ("What if", between its markers; run_benchmarks.py keeps it).
Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def run(cmd):
    started = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p, time.monotonic() - started


def check(netsched, instance, solution):
    p, _ = run([netsched, "check", instance, solution, "--json"])
    report = json.loads(p.stdout)
    return report["feasible"], report["objective"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--netsched", default=".build-release/release/netsched")
    ap.add_argument("--instance", default="Examples/terbuny-network.json")
    ap.add_argument("--engine", default="heuristic")
    ap.add_argument("--solve-time", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=30)
    ap.add_argument("--solution", help="use this timetable instead of solving")
    ap.add_argument("--limit", type=int, help="ask about at most this many requests")
    ap.add_argument("--work", help="directory for the files (default: a temporary one)")
    ap.add_argument("--benchmarks-md", help="also write the table into this page between <!-- whatif:begin/end --> "
                    "(a section '## What if' before '## Instances' when the page has none)")
    args = ap.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="whatif-bench-")
    os.makedirs(work, exist_ok=True)
    solution = args.solution
    if not solution:
        solution = os.path.join(work, "solution.json")
        p, seconds = run([args.netsched, "solve", args.instance, "--engine", args.engine, "--time-limit", str(args.solve_time),
                          "--seed", str(args.seed), "--out", solution, "--quiet"])
        if not os.path.exists(solution):
            sys.exit(f"solve failed: {p.stderr}")
        print(f"solved {args.instance} with {args.engine} ({args.solve_time:.0f} s, seed {args.seed}) in {seconds:.1f} s", file=sys.stderr)
    feasible, before = check(args.netsched, args.instance, solution)
    inst = json.load(open(args.instance))
    sol = json.load(open(solution))
    granted = {(a["student"], a["request"]) for a in sol["assignments"]}
    unmet = [(s["id"], q, r.get("id")) for s in inst["students"] for q, r in enumerate(s["requests"])
             if not r.get("required", False) and (s["id"], q) not in granted]
    if args.limit:
        unmet = unmet[: args.limit]

    rows = []
    for student, q, label in unmet:
        out = os.path.join(work, f"new-{student}-{q}.json")
        if os.path.exists(out):
            os.remove(out)
        p, seconds = run([args.netsched, "what-if", args.instance, solution, "--student", student, "--request", str(q),
                          "--time-limit", str(args.time_limit), "--out", out, "--json"])
        if p.returncode != 0:
            rows.append((student, q, label, f"exit {p.returncode}", None, seconds, "", "", p.stderr.strip()[:80]))
            continue
        a = json.loads(p.stdout)
        sizes = " / ".join(f"{s['columns']}" for s in a["search"]) or "-"
        verdict, matches = "", ""
        if a["status"] == "granted":
            ok, after = check(args.netsched, args.instance, out)
            new = json.load(open(out))
            has = any(x["student"] == student and x["request"] == q for x in new["assignments"])
            verdict = "feasible" if ok and has else "NOT feasible" if not ok else "not granted"
            matches = "yes" if abs((after - before) - a["objectiveDelta"]) < 1e-6 else f"NO ({after - before:+.2f})"
        # The library's last verdict (the widest neighbourhood's), before explain's reasons.
        own = [r for r in a["reasons"] if r["kind"] in ("noPlaceInData", "neighbourhoodInfeasible", "timeLimit", "checkerRejected", "tooLarge")]
        note = "" if a["status"] == "granted" else ((own or a["reasons"] or [{"text": ""}])[-1]["text"][:110])
        rows.append((student, q, label, a["status"], a["objectiveDelta"], seconds, sizes, verdict + (f", delta {matches}" if matches else ""), note))
        print(f"{student} {q}: {a['status']} {a['objectiveDelta']:+.2f} in {seconds:.1f} s", file=sys.stderr)

    statuses = [r[3] for r in rows]
    answered = sum(statuses.count(x) for x in ("granted", "impossible", "unknown"))
    seconds = sorted(r[5] for r in rows)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    md = [f"Instance `{os.path.basename(args.instance)}`, {args.engine} timetable ({args.solve_time:.0f} s, seed {args.seed}): "
          f"{'feasible' if feasible else 'NOT feasible'}, objective {before:.2f}, {len(unmet)} unmet elective requests; "
          f"`what-if --time-limit {args.time_limit:.0f}` on each, one at a time, release build, commit {commit}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, 1-minute load average {os.getloadavg()[0]:.1f} at the end "
          f"(2 cores shared with other work). *Seconds*: wall time of the whole command (reading the files included). "
          f"*Sub-MIP columns*: per neighbourhood tried (the first, widened, widened again). *Checker*: `netsched check` on the "
          f"`--out` timetable, and whether its objective minus the given timetable's equals `objectiveDelta`. *Note*: the "
          f"last verdict of an answer without a timetable. The heuristic's timetable under a time limit differs from run to "
          f"run, and so do the unmet requests and GLPK's progress within 30 s.", "",
          "| student | request | status | objectiveDelta | seconds | sub-MIP columns | checker | note |",
          "|---|---|---|---:|---:|---:|---|---|"]
    for student, q, label, status, delta, secs, sizes, verdict, note in rows:
        d = f"{delta:+.2f}" if delta is not None else "-"
        md.append(f"| {student} | {q}{f' ({label})' if label else ''} | {status} | {d} | {secs:.1f} | {sizes} | {verdict} | "
                  f"{note.replace('|', '/')} |")
    md += ["", f"**{statuses.count('granted')} granted, {statuses.count('impossible')} impossible, {statuses.count('unknown')} unknown**"
           + (f", {len(rows) - answered} failed" if len(rows) > answered else "")
           + f"; max {seconds[-1] if seconds else 0:.1f} s, median {seconds[len(seconds) // 2] if seconds else 0:.1f} s; "
           f"granted and feasible by the checker: {sum(1 for r in rows if r[7].startswith('feasible'))} of "
           f"{statuses.count('granted')}, `objectiveDelta` = the checker's difference: {sum(1 for r in rows if r[7].endswith('delta yes'))}."]
    print("\n".join(md))
    if args.benchmarks_md:
        command = ["", "Regenerate (solves first, then asks about every unmet elective):", "", "```sh",
                   "swift build -c release --scratch-path .build-release --product netsched",
                   f"python3 Benchmarks/whatif_bench.py --netsched .build-release/release/netsched --instance {args.instance} "
                   f"--engine {args.engine} --solve-time {args.solve_time:.0f} --seed {args.seed} --time-limit {args.time_limit:.0f} "
                   "--benchmarks-md docs/BENCHMARKS.md", "```", ""]
        body = "\n" + "\n".join(command + md) + "\n"
        text = open(args.benchmarks_md).read()
        begin, end = "<!-- whatif:begin -->", "<!-- whatif:end -->"
        if begin in text and end in text:
            text = text[: text.index(begin) + len(begin)] + body + text[text.index(end):]
        else:
            section = "## What if\n\n" + begin + body + end + "\n\n"
            text = text.replace("## Instances", section + "## Instances", 1) if "## Instances" in text else text + "\n" + section
        open(args.benchmarks_md, "w").write(text)


if __name__ == "__main__":
    main()
