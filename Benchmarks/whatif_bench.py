#!/usr/bin/env python3
"""What-if benchmark (docs/MIP.md, "What if"): solve an instance with the heuristic, then ask
`netsched what-if` about every unmet elective request of that timetable, and judge every granted
answer with `netsched check`. A benchmark, not a test: it measures and prints a Markdown table.

    swift build -c release --scratch-path .build-release --product netsched
    python3 Benchmarks/whatif_bench.py --netsched .build-release/release/netsched \\
        --instance Examples/terbuny-network.json --solve-time 60 --seed 1 --time-limit 30

Per request: the answer's status, its objectiveDelta, the wall-clock seconds of the what-if
command (reading the files included), the neighbourhood's sub-MIP sizes, and for granted answers
whether `netsched check` finds the written timetable feasible with the request granted and
whether the checker's objective difference equals objectiveDelta. Standard library only.
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

    print(f"Instance `{os.path.basename(args.instance)}`, {args.engine} timetable ({args.solve_time:.0f} s, seed {args.seed}): "
          f"{'feasible' if feasible else 'NOT feasible'}, objective {before:.2f}, {len(unmet)} unmet elective requests; "
          f"what-if --time-limit {args.time_limit:.0f}.\n")
    print("| student | request | status | objectiveDelta | seconds | sub-MIP columns | checker | note |")
    print("|---|---|---|---:|---:|---:|---|---|")
    for student, q, label, status, delta, seconds, sizes, verdict, note in rows:
        d = f"{delta:+.2f}" if delta is not None else "-"
        print(f"| {student} | {q}{f' ({label})' if label else ''} | {status} | {d} | {seconds:.1f} | {sizes} | {verdict} | {note} |")
    statuses = [r[3] for r in rows]
    print()
    print(f"{statuses.count('granted')} granted, {statuses.count('impossible')} impossible, {statuses.count('unknown')} unknown"
          f"{', ' + str(len(rows) - sum(statuses.count(s) for s in ('granted', 'impossible', 'unknown'))) + ' failed' if len(rows) > sum(statuses.count(s) for s in ('granted', 'impossible', 'unknown')) else ''}; "
          f"max {max((r[5] for r in rows), default=0):.1f} s, median {sorted(r[5] for r in rows)[len(rows) // 2] if rows else 0:.1f} s; "
          f"granted and feasible by the checker: {sum(1 for r in rows if r[7].startswith('feasible'))}, delta = checker's difference: "
          f"{sum(1 for r in rows if r[7].endswith('delta yes'))}.")


if __name__ == "__main__":
    main()
