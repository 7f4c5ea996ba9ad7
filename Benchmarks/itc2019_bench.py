#!/usr/bin/env python3
"""Run `netsched itc2019 solve` on the ITC 2019 instances and judge each answer with
`netsched itc2019 check --json` (the independent validator). One run at a time, as a whole
process; the 1-minute load average is read before each run, the peak memory (max RSS) of the
solve process is taken from wait4.

    swift build -c release --scratch-path .build-release --product netsched
    python3 Benchmarks/itc2019_bench.py --netsched .build-release/release/netsched \\
        --data ../shared/itc2019 --time-limit 60 --markdown docs/BENCHMARKS-ITC2019.md

`--markdown` replaces what is between `<!-- itc2019-TIME:begin -->` and `<!-- itc2019-TIME:end -->`
(TIME is the time limit in seconds; the block is appended when the markers are missing).
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import time

# Best known and lower bound (total penalty) from the competition's results page, as listed in issue #17.
BEST = {
    "muni-fsps-spr17": (868, 868), "tg-fal17": (4215, 4215), "mary-spr17": (14910, 14359),
    "bet-fal17": (289965, 89278), "lums-spr18": (95, 24), "muni-fi-spr17": (3825, 2500),
    "pu-d5-spr17": (15910, 6981), "yach-fal17": (1239, 516), "lums-fal17": (349, 254), "mary-fal18": (4422, 3496),
}
ORDER = ["bet-sum18", "lums-sum17", "pu-cs-fal07", "bet-fal17", "mary-spr17", "muni-fsps-spr17", "tg-fal17",
         "lums-spr18", "muni-fi-spr17", "pu-d5-spr17", "yach-fal17", "lums-fal17", "mary-fal18", "tg-spr18"]


def peak_memory_run(cmd):
    """Runs cmd and returns (returncode, stdout, stderr, max RSS in MB) using os.wait4."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out, err, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--netsched", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "itc2019"))
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--instances", nargs="*", default=ORDER)
    ap.add_argument("--out-dir", default="/tmp/itc2019-bench")
    ap.add_argument("--raw", help="write every run as JSON here")
    ap.add_argument("--markdown", help="replace the table's block in this file")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    # The commit checked out when the runs start (build the binary from it).
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=os.path.dirname(os.path.abspath(__file__)),
                            capture_output=True, text=True).stdout.strip()
    rows, raw = [], []
    for name in args.instances:
        problem = os.path.join(args.data, name + ".xml")
        if not os.path.exists(problem):
            print("skipped: %s not found" % problem)
            continue
        out = os.path.join(args.out_dir, "%s-%gs-seed%d.xml" % (name, args.time_limit, args.seed))
        load = os.getloadavg()[0]
        started = time.monotonic()
        code, stdout, stderr, peak = peak_memory_run([args.netsched, "itc2019", "solve", problem, "--out", out,
                                                      "--time-limit", "%g" % args.time_limit, "--seed", str(args.seed),
                                                      "--threads", str(args.threads), "--quiet"])
        wall = time.monotonic() - started
        first = re.search(r"first feasible:\s+([0-9.]+) s", stdout)
        check = subprocess.run([args.netsched, "itc2019", "check", problem, out, "--json"], capture_output=True, text=True)
        report = json.loads(check.stdout) if check.stdout.strip().startswith("{") else None
        run = {"instance": name, "load": load, "wall": wall, "exit": code, "peakMB": peak,
               "firstFeasible": float(first.group(1)) if first else None, "report": report}
        raw.append(run)
        r = report or {}
        hard = len(r.get("hardViolations", [])) if report else None
        best, bound = BEST.get(name, (None, None))
        total = r.get("total")
        gap = "%.1f%%" % (100.0 * (total - best) / best) if (best and total is not None and hard == 0) else "–"
        w = r.get("weights", {})
        rows.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %.1f |" % (
            name, hard, total, "%d×%d" % (r.get("timePenalty", 0), w.get("time", 0)),
            "%d×%d" % (r.get("roomPenalty", 0), w.get("room", 0)),
            "%d×%d" % (r.get("distributionPenalty", 0), w.get("distribution", 0)),
            "%d×%d" % (r.get("studentConflicts", 0), w.get("student", 0)),
            "%.1f" % run["firstFeasible"] if run["firstFeasible"] is not None else "none",
            "{:,}".format(best) if best else "–", gap, peak, load))
        print(rows[-1], flush=True)
    table = ("\n\nTime limit %g s, seed %d, %d thread%s, commit %s. Hard = hard violations listed by the validator; the "
             "components are penalty × weight; first feasible = seconds to the first assignment without hard violations "
             "(by the solver's count, confirmed by the validator on the final file); gap = (total − best known) / best known, "
             "only for valid solutions; load = 1-minute load average before the run (2 cores).\n\n"
             "| instance | hard | total | time | room | distribution | students | first feasible (s) | best known | gap | peak MB | load |\n"
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" % (args.time_limit, args.seed, args.threads,
                                                                               "" if args.threads == 1 else "s", commit)
             + "\n".join(rows) + "\n\n")
    if args.raw:
        json.dump(raw, open(args.raw, "w"), indent=1)
    if args.markdown:
        key = "itc2019-%g" % args.time_limit
        begin, end = "<!-- %s:begin -->" % key, "<!-- %s:end -->" % key
        text = open(args.markdown).read() if os.path.exists(args.markdown) else "# ITC 2019 benchmark\n"
        block = begin + table + end
        if begin in text:
            a, b = text.index(begin), text.index(end) + len(end)
            text = text[:a] + block + text[b:]
        else:
            text = text.rstrip("\n") + "\n\n## %g-second runs\n\n%s\n" % (args.time_limit, block)
        open(args.markdown, "w").write(text)
    print(table)


if __name__ == "__main__":
    main()
