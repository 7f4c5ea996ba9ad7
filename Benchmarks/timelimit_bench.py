#!/usr/bin/env python3
"""Time limits that hold: the wall time of whole `netsched` commands against `--time-limit`.

For every engine (`netsched engines`: auto, greedy, heuristic, hybrid, mip) and for `replan`
(with the heuristic and with auto), on tiny, Terbuny and the district and cluster presets
(seed 1), with `--time-limit 10` and `60`, runs the release `netsched` once (seed 1, the
bounder beside the engine as in every solve) and measures the wall time of the whole process
— reading the instance, the engine, the bound, checking and writing the solution. The limit
holds when the wall time is at most the limit + 2 s. The table goes between the `time-limits`
markers of docs/BENCHMARKS.md; the rows are stored in Benchmarks/results/timelimits.json.

    python3 Benchmarks/timelimit_bench.py                  # the whole table (about 40 minutes)
    python3 Benchmarks/timelimit_bench.py --quick          # tiny and Terbuny at 10 s
    python3 Benchmarks/timelimit_bench.py --netsched PATH  # a netsched already built

Re-planning needs a published timetable and a change set: the published one is the heuristic's
after 10 s (not timed); the changes are Examples/replan/tiny-changes.json on tiny, and on the
other instances the busiest teacher away on the first day (soft, so that the re-plan may have to
leave it out and re-plan again) and the second busiest away on the second day (hard).

Python 3 standard library only. The load average at the start of each run is recorded: with
other work on the machine the limits are harder to hold, not easier.
"""
import argparse
import collections
import datetime
import json
import os
import subprocess
import sys
import time

from benchlib import BENCH, ROOT, build, commit, ensure_presets, write_block

SLACK = 2.0

INSTANCES = [
    ("tiny", "Examples/tiny.json"),
    ("Terbuny", "Examples/terbuny-network.json"),
    ("district (seed 1)", "Benchmarks/instances/district.json"),
    ("cluster (seed 1)", "Benchmarks/instances/cluster.json"),
]
ENGINES = ["auto", "greedy", "heuristic", "hybrid", "mip"]
REPLAN_ENGINES = ["heuristic", "auto"]
LIMITS = [10, 60]




def changes_for(label, instance, published, work):
    """The change set of a re-plan of `instance` (see the module's doc)."""
    if label == "tiny":
        return os.path.join(ROOT, "Examples", "replan", "tiny-changes.json")
    inst = json.load(open(os.path.join(ROOT, instance)))
    sol = json.load(open(published))
    busy = collections.Counter(s["teacher"] for s in sol["sections"])
    teachers = [t for t, _ in busy.most_common(2)]
    days = inst["calendar"]["days"]
    changes = [{"kind": "teacherUnavailable", "hard": False, "teacher": teachers[0], "days": [days[0]],
                "note": "timing benchmark: the busiest teacher away on the first day"}]
    if len(teachers) > 1:
        changes.append({"kind": "teacherUnavailable", "hard": True, "teacher": teachers[1], "days": [days[1]],
                        "note": "timing benchmark: the second busiest away on the second day"})
    path = os.path.join(work, label.split()[0] + "-changes.json")
    json.dump({"formatVersion": 1, "description": "timing benchmark", "changes": changes}, open(path, "w"), indent=1)
    return path


def timed(args):
    t0 = time.monotonic()
    p = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return time.monotonic() - t0, p.returncode, p.stdout + p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--netsched", help="a release netsched (default: build one into .build-bench)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--work", default=os.path.join(BENCH, "results", "timelimit-runs"))
    ap.add_argument("--no-write", action="store_true", help="print the table, leave docs/BENCHMARKS.md alone")
    args = ap.parse_args()
    netsched = args.netsched or build()
    ensure_presets(netsched)
    os.makedirs(args.work, exist_ok=True)
    commit_id = commit()
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    instances = INSTANCES[:2] if args.quick else INSTANCES
    limits = [10] if args.quick else LIMITS
    rows = []
    for label, instance in instances:
        key = label.split()[0]
        published = os.path.join(args.work, key + "-published.json")
        subprocess.run([netsched, "solve", instance, "--engine", "heuristic", "--time-limit", "10", "--no-bound", "--quiet",
                        "--out", published], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        changes = changes_for(label, instance, published, args.work)
        for limit in limits:
            jobs = [("solve --engine " + e, [netsched, "solve", instance, "--engine", e, "--time-limit", str(limit), "--seed", "1",
                                             "--quiet", "--out", os.path.join(args.work, "%s-%s-%d.json" % (key, e, limit))])
                    for e in ENGINES]
            jobs += [("replan --engine " + e, [netsched, "replan", instance, published, changes, "--engine", e,
                                               "--time-limit", str(limit), "--seed", "1", "--quiet",
                                               "--out", os.path.join(args.work, "%s-replan-%s-%d.json" % (key, e, limit))])
                     for e in REPLAN_ENGINES]
            for command, argv in jobs:
                load = os.getloadavg()[0]
                wall, code, output = timed(argv)
                holds = wall <= limit + SLACK
                rows.append([label, command, limit, round(wall, 2), code, round(load, 2), holds])
                print(rows[-1], flush=True)
                if not holds:
                    with open(os.path.join(args.work, "%s-%s-%d.over.txt" % (key, command.replace(" ", "_"), limit)), "w") as f:
                        f.write(output)
    if args.quick or args.no_write:
        return
    json.dump({"commit": commit_id, "started": started, "rows": rows},
              open(os.path.join(BENCH, "results", "timelimits.json"), "w"), indent=1)
    held = sum(1 for r in rows if r[6])
    worst = max(rows, key=lambda r: r[3] - r[2])
    lines = ["", "Regenerate with `python3 Benchmarks/timelimit_bench.py` (release build, about 40 minutes). "
             "Measured at commit %s, started %s, one run at a time; *wall* is the whole process (reading, engine, bound, "
             "check, writing) from the script; *exit*: 0 feasible, 1 hard rules broken, 3 no solution. "
             "**%d of %d runs within the limit + 2 s**; the largest overrun: %s %s at %d s, %.2f s." % (
                 commit_id, started, held, len(rows), worst[0], worst[1], worst[2], worst[3] - worst[2]), "",
             "| instance | command | limit (s) | wall (s) | over the limit (s) | exit | load at start | within +2 s |",
             "|---|---|---|---|---|---|---|---|"]
    for label, command, limit, wall, code, load, holds in rows:
        lines.append("| %s | `%s` | %d | %.2f | %+.2f | %d | %.1f | %s |" % (label, command, limit, wall, wall - limit, code, load,
                                                                             "yes" if holds else "**no**"))
    lines.append("")
    write_block("time-limits", "Time limits", "\n".join(lines))
    print("%d of %d within the limit + %.0f s" % (held, len(rows), SLACK))


if __name__ == "__main__":
    sys.exit(main())
