#!/usr/bin/env python3
"""Re-planning benchmark (docs/REPLAN.md): on the generated district instance, for each kind of
change, the re-plan's time and the number of people whose week changed, compared with solving
the changed instance from scratch with the same engine and time limit. A benchmark, not a test:
it measures and prints a Markdown table (medians over seeds).

    swift build -c release --scratch-path .build-release --product netsched
    python3 Benchmarks/replan_bench.py --netsched .build-release/release/netsched --time-limit 20 --seeds 1 2 3

The published timetable is the heuristic engine's with the same time limit (seed 1). The changes
are picked deterministically from the instance and that timetable. "People affected" is computed
here from the two solution files, independently of the change report: a student is affected when
the set of their enrolments (course, mode, site, teacher, meetings with rooms) or their trips
differ; a teacher when their lessons (day, period, course, site, room) or trips differ.
Standard library only.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd):
    started = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p, time.monotonic() - started


def views(sol):
    sections = {s["id"]: s for s in sol["sections"]}
    students, teachers = {}, {}
    for a in sol["assignments"]:
        x = sections.get(a["section"])
        if not x:
            continue
        times = ",".join(sorted(f"{m['day']}.{m['period']}.{m['length']}.{m['room']}" for m in x["meetings"]))
        students.setdefault(a["student"], set()).add(f"{x['course']}:{x['mode']}:{x['site']}:{x['teacher']}:{times}")
    for x in sol["sections"]:
        for m in x["meetings"]:
            teachers.setdefault(x["teacher"], set()).add(f"{m['day']}.{m['period']}.{m['length']}:{x['course']}:{x['site']}:{m['room']}")
    for it in sol["itineraries"]:
        if not it["legs"]:
            continue
        legs = ",".join(f"{l['from']}>{l['to']}@{l['depart']}-{l['arrive']}/{l.get('busRun') or ''}" for l in it["legs"])
        (students if it["role"] == "student" else teachers).setdefault(it["person"], set()).add(f"{it['day']}:{legs}")
    return students, teachers


def affected(old, new, skip_students=()):
    (os_, ot), (ns, nt) = views(old), views(new)
    s = {k for k in set(os_) | set(ns) if os_.get(k, set()) != ns.get(k, set()) and k not in skip_students}
    t = {k for k in set(ot) | set(nt) if ot.get(k, set()) != nt.get(k, set())}
    return len(s), len(t)


def changes_for(inst, pub):
    """One changes file per kind, picked deterministically."""
    students = {s["id"]: s for s in inst["students"]}
    sections = {s["id"]: s for s in pub["sections"]}
    granted = {}
    for a in pub["assignments"]:
        granted.setdefault(a["student"], []).append(a)
    out = {}
    # A student adds an elective course they do not ask for yet (one taught in a section with room).
    sizes = {}
    for a in pub["assignments"]:
        sizes[a["section"]] = sizes.get(a["section"], 0) + 1
    courses = {c["id"]: c for c in inst["courses"]}
    for s in inst["students"]:
        asked = {alt["course"] for r in s["requests"] for alt in r["alternatives"]}
        options = [x for x in pub["sections"] if x["course"] not in asked and x["mode"] == "online"
                   and sizes.get(x["id"], 0) < courses[x["course"]]["maxSize"]
                   and (not courses[x["course"]].get("grades") or s["grade"] in courses[x["course"]]["grades"])]
        if options:
            out["student adds a course"] = [{"kind": "addRequest", "hard": False, "student": s["id"],
                                              "request": {"id": "added", "alternatives": [{"course": options[0]["course"]}]}}]
            break
    # A student drops a granted elective request.
    for s in inst["students"]:
        reqs = [a["request"] for a in granted.get(s["id"], []) if not s["requests"][a["request"]].get("required")]
        if reqs:
            out["student drops a course"] = [{"kind": "dropRequest", "hard": True, "student": s["id"], "request": reqs[0]}]
            break
    # The teacher with most network meetings on one day is away that day.
    count = {}
    for x in pub["sections"]:
        for m in x["meetings"]:
            count[(x["teacher"], m["day"])] = count.get((x["teacher"], m["day"]), 0) + 1
    (t, d), _ = max(count.items(), key=lambda kv: (kv[1], kv[0]))
    out["teacher away one day"] = [{"kind": "teacherUnavailable", "hard": True, "teacher": t, "days": [d]}]
    # The same teacher leaves for the rest of the term.
    out["teacher leaves"] = [{"kind": "teacherUnavailable", "hard": True, "teacher": t}]
    # The most used room is closed one day.
    rooms = {}
    for x in pub["sections"]:
        for m in x["meetings"]:
            rooms[(m["room"], m["day"])] = rooms.get((m["room"], m["day"]), 0) + 1
    (r, d), _ = max(rooms.items(), key=lambda kv: (kv[1], kv[0]))
    out["room closed one day"] = [{"kind": "roomUnavailable", "hard": True, "room": r, "days": [d]}]
    # The most ridden bus run does not operate one day.
    rides = {}
    for it in pub["itineraries"]:
        for l in it["legs"]:
            if l.get("busRun"):
                rides[(l["busRun"], it["day"])] = rides.get((l["busRun"], it["day"]), 0) + 1
    if rides:
        (b, d), _ = max(rides.items(), key=lambda kv: (kv[1], kv[0]))
        out["bus run cancelled one day"] = [{"kind": "busRunUnavailable", "hard": True, "busRun": b, "days": [d]}]
    # Three new students: copies of existing ones (their requests elective).
    new = []
    for k, s in enumerate(inst["students"][:3]):
        c = json.loads(json.dumps(s))
        c["id"] = f"{s['id']}-new"
        new.append(c)
    out["3 new students"] = [{"kind": "newStudents", "hard": False, "students": new}]
    # The course with the fewest enrolled students closes.
    enrolled = {}
    for a in pub["assignments"]:
        enrolled[sections[a["section"]]["course"]] = enrolled.get(sections[a["section"]]["course"], 0) + 1
    if enrolled:
        c, _ = min(enrolled.items(), key=lambda kv: (kv[1], kv[0]))
        out["course closes"] = [{"kind": "courseClosed", "hard": True, "course": c}]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--netsched", default=".build-release/release/netsched")
    ap.add_argument("--time-limit", type=float, default=20)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--preset", default="district")
    ap.add_argument("--kinds", nargs="*", help="only these kinds (names as printed)")
    args = ap.parse_args()
    ns = args.netsched
    tmp = tempfile.mkdtemp(prefix="replan-bench-")
    inst_path = os.path.join(tmp, "instance.json")
    p, _ = run([ns, "generate", "--preset", args.preset, "--seed", "1", "--out", inst_path])
    if p.returncode != 0:
        sys.exit(p.stderr)
    inst = json.load(open(inst_path))
    pub_path = os.path.join(tmp, "published.json")
    limit = str(args.time_limit)
    p, secs = run([ns, "solve", inst_path, "--engine", "heuristic", "--time-limit", limit, "--seed", "1", "--out", pub_path, "--quiet"])
    if p.returncode not in (0, 1):
        sys.exit(p.stderr)
    pub = json.load(open(pub_path))
    print(f"instance: --preset {args.preset} --seed 1: {len(inst['students'])} students, {len(inst['teachers'])} teachers, "
          f"{len(inst['courses'])} courses; published: heuristic {args.time_limit:g} s, {len(pub['sections'])} sections, "
          f"feasible={p.returncode == 0}", file=sys.stderr)
    rows = []
    for kind, changes in changes_for(inst, pub).items():
        if args.kinds and kind not in args.kinds:
            continue
        ch_path = os.path.join(tmp, "changes.json")
        json.dump({"formatVersion": 1, "changes": changes}, open(ch_path, "w"))
        new_students = {s["id"] for c in changes for s in c.get("students", [])}
        adders = {c["student"] for c in changes if c["kind"] in ("addRequest", "dropRequest")}
        r_time, r_best, r_s, r_t, r_ok, s_time, s_s, s_t, s_ok = [], [], [], [], [], [], [], [], []
        for seed in args.seeds:
            new_path, inst2 = os.path.join(tmp, "new.json"), os.path.join(tmp, "new-instance.json")
            p, secs = run([ns, "replan", inst_path, pub_path, ch_path, "--out", new_path, "--new-instance", inst2,
                           "--time-limit", limit, "--seed", str(seed), "--quiet"])
            if p.returncode not in (0, 1):
                print(f"{kind}: replan failed ({p.returncode}): {p.stderr[-500:]}", file=sys.stderr)
                break
            m = re.search(r"best found after ([0-9.]+) s", p.stdout)
            r_best.append(float(m.group(1)) if m else float("nan"))
            r_time.append(secs)
            r_ok.append(p.returncode == 0)
            new = json.load(open(new_path))
            a, b = affected(pub, new, skip_students=new_students | adders)
            r_s.append(a)
            r_t.append(b)
            scratch = os.path.join(tmp, "scratch.json")
            p, secs = run([ns, "solve", inst2, "--engine", "heuristic", "--time-limit", limit, "--seed", str(seed),
                           "--out", scratch, "--quiet"])
            s_time.append(secs)
            s_ok.append(p.returncode == 0)
            a, b = affected(pub, json.load(open(scratch)), skip_students=new_students | adders)
            s_s.append(a)
            s_t.append(b)
        if not r_s:
            continue
        med = statistics.median
        rows.append(f"| {kind} | {med(r_best):.2f} | {med(r_time):.1f} | {med(r_s):g} | {med(r_t):g} | {sum(r_ok)}/{len(r_ok)} "
                    f"| {med(s_time):.1f} | {med(s_s):g} | {med(s_t):g} | {sum(s_ok)}/{len(s_ok)} |")
        print(rows[-1], file=sys.stderr)
    print(f"\nTime limit {args.time_limit:g} s, seeds {' '.join(map(str, args.seeds))}; medians. "
          f"People affected exclude the students who asked for the change and new students.\n")
    print("| change | re-plan: best found (s) | re-plan: wall (s) | students affected | teachers affected | feasible "
          "| from scratch: wall (s) | students affected | teachers affected | feasible |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(r)


if __name__ == "__main__":
    main()
