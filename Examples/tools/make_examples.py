#!/usr/bin/env python3
"""Generate the network examples: Examples/terbuny-network.json, its Russian twin
Examples/terbuny-network-ru.json, and Examples/arctic-network.json.

    python3 Examples/tools/make_examples.py            # rewrite the three files
    python3 Examples/tools/make_examples.py --check    # exit 1 if a committed file differs

Python 3 standard library only. The output is deterministic: every random choice comes from
`random.Random(SEED)` (one generator per example), and nothing depends on the clock, the
machine or dictionary order. Rerunning the script therefore reproduces the committed files
byte for byte; change the data here, never in the JSON.

What the examples model (see /docs/FORMAT.md for the format and DOMAIN.md for the networks):

* terbuny-network: a rural district network shaped like Terbuny, Lipetsk region. A main
  school, five branches, two small schools, three partner schools and the regional centre
  for vocational orientation in Lipetsk (about 100 km, two hours: online only in practice).
  Villages are 10-40 minutes from Terbuny by school bus; travel minutes come from plausible
  positions (km east/north of Terbuny) with a road factor of 1.25 at 50 km/h plus 2 minutes.
  Students move only by scheduled bus runs (transport mode busRuns): a morning run, a
  13:20 run and a 14:15 run (Tuesday, Thursday) towards Terbuny on every route, and 15:10
  and 16:05 runs home, which make afternoon network lessons (periods 7-8) at the main school
  reachable from the branches on the routes. Regular classes have 28 lessons a week (five
  days of 5-6 lessons), so periods 6-8 are free for network lessons, and the weekly hygiene
  limit (34) leaves 6 periods for the individual curriculum. ~120 students of grades 10-11.
* terbuny-network-ru: the same instance with its text in Russian (the names of the sites,
  rooms, teachers and courses, the localities, the description), as a centre in Russia would
  type it; ids, numbers and structure are those of terbuny-network, so both solve alike. Every
  id must have its Russian text below (`TERBUNY_RU`), or the script stops.
* arctic-network: a district shaped like the Taymyr tundra around Khatanga. Only three
  sites are connected by road (30-55 min); the others are 130-400+ km away with no road, and
  a college in Norilsk teaches online only. Online teaching carries the network. Distances
  are illustrative, not survey data. Six-day week, ~50 students.

Solvability by design: every required request can be met without travelling (in person at
the student's home site, or online), each student's possible network load fits the weekly
and daily hygiene limits, and teachers have more free late periods and weekly hours than
the sections need.
"""
import json
import math
import pathlib
import random
import sys

SEED = 20250901
ROOT = pathlib.Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------------------------
# Helpers


def hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def mins(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def busy_days(days, counts):
    """Regular lessons from period 1 on: counts[i] lessons on days[i]."""
    return {d: list(range(1, n + 1)) for d, n in zip(days, counts) if n > 0}


def dumps(value, indent=0, lead=0, width=110):
    """JSON with short arrays and objects kept on one line, so that the files stay readable.

    `indent` is the indentation of the current line, `lead` the characters already on it.
    """
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if lead + len(flat) <= width or not isinstance(value, (list, dict)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        inner = [pad + dumps(v, indent + 2, indent + 2, width) for v in value]
    else:
        inner = []
        for k, v in value.items():
            key = json.dumps(k, ensure_ascii=False) + ": "
            inner.append(pad + key + dumps(v, indent + 2, indent + 2 + len(key), width))
    return ("[" if isinstance(value, list) else "{") + "\n" + ",\n".join(inner) + "\n" + " " * indent + \
        ("]" if isinstance(value, list) else "}")


def course(id, name, subject, level, pattern, min_size, max_size, grades=None, sites=None, online=False,
           features=None, max_sections=None, teachers=None):
    c = {"id": id, "name": name, "subject": subject, "level": level, "pattern": pattern,
         "minSize": min_size, "maxSize": max_size}
    if grades:
        c["grades"] = grades
    if sites:
        c["inPersonSites"] = sites
    if online:
        c["online"] = True
    if features:
        c["roomFeatures"] = features
    if teachers:
        c["teachers"] = teachers
    if max_sections is not None:
        c["maxSections"] = max_sections
    return c


def teacher_busy(rng, days, periods, lessons_per_day=(3, 6), late=False):
    """A teacher's own school timetable: a few lessons a day in periods 1-6 (rarely 7)."""
    busy = {}
    for d in days:
        n = rng.randint(*lessons_per_day)
        pool = list(range(1, 7)) + ([7] if late and periods >= 7 else [])
        busy[d] = sorted(rng.sample(pool, min(n, len(pool))))
    return busy


def room_busy(rng, days, count, periods=range(1, 7)):
    """Periods a room is used by the site's own regular lessons."""
    slots = [(d, p) for d in days for p in periods]
    chosen = rng.sample(slots, count)
    out = {}
    for d in days:
        ps = sorted(p for dd, p in chosen if dd == d)
        if ps:
            out[d] = ps
    return out


def alternatives_for(course, home, reach, allow_travel):
    """A request's alternatives: in person at home, else in person at a reachable site, else online."""
    alts = []
    sites = course.get("inPersonSites", [])
    if home in sites:
        alts.append({"course": course["id"], "mode": "inPerson", "site": home})
    elif allow_travel:
        for s in reach.get(home, []):
            if s in sites:
                alts.append({"course": course["id"], "mode": "inPerson", "site": s})
                break
    if course.get("online"):
        alts.append({"course": course["id"], "mode": "online"})
    return alts


def weekly(course):
    return sum(course["pattern"])


def make_students(rng, classes, profiles, courses_by_id, reach, cap_of_class, online_home_share):
    """Students of each class with a profile: one required in-depth course and 1-3 electives."""
    students = []
    for cls in classes:
        site, grade, size, weights = cls["site"], cls["_grade"], cls["_size"], cls["_profiles"]
        names = list(weights)
        for k in range(1, size + 1):
            g = grade if grade else (10 if k % 2 else 11)
            profile = rng.choices(names, [weights[n] for n in names])[0]
            spec = profiles[profile]
            cap = cap_of_class[cls["id"]]
            requests, load, used = [], 0, set()
            for cid in spec["required"]:
                cid = cid.format(g=g)
                c = courses_by_id[cid]
                alts = alternatives_for(c, site, reach, allow_travel=False)
                requests.append({"id": cid.rsplit("-", 1)[0] if cid[-2:].isdigit() else cid, "required": True,
                                 "weight": 3, "alternatives": alts})
                load += weekly(c)
                used.add(cid)
            pool = [e.format(g=g) for e in spec["electives"]]
            rng.shuffle(pool)
            wanted = rng.choice([1, 2, 2, 3])
            for cid in pool:
                if wanted == 0:
                    break
                c = courses_by_id[cid]
                if cid in used or load + weekly(c) > cap or (c.get("grades") and g not in c["grades"]):
                    continue
                alts = alternatives_for(c, site, reach, allow_travel=True)
                if not alts:
                    continue
                req = {"id": cid.rsplit("-", 1)[0] if cid[-2:].isdigit() else cid}
                w = rng.choice([1, 1, 1, 2])
                if w != 1:
                    req["weight"] = w
                req["alternatives"] = alts
                requests.append(req)
                load += weekly(c)
                used.add(cid)
                wanted -= 1
            sid = f"s-{cls['id']}-{k:02d}"
            st = {"id": sid, "grade": g, "homeSite": site, "class": cls["id"]}
            if rng.random() < online_home_share:
                st["onlineFromHome"] = True
            st["requests"] = requests
            students.append(st)
    return students


def check_required_demand(students, courses_by_id):
    """Every course some student must take has enough takers to open a section."""
    demand = {}
    for st in students:
        for r in st["requests"]:
            if r.get("required"):
                cid = r["alternatives"][0]["course"]
                demand[cid] = demand.get(cid, 0) + 1
    for cid, n in sorted(demand.items()):
        if n < courses_by_id[cid]["minSize"]:
            raise SystemExit(f"{n} students must take {cid}, fewer than its minSize; change the data")


def public_class(cls):
    return {k: v for k, v in cls.items() if not k.startswith("_")}


def travel_matrix(ids, pos, no_road=frozenset(), fixed=None, factor=1.25, speed=50, overhead=2):
    fixed = fixed or {}
    rows = []
    for a in ids:
        row = []
        for b in ids:
            if a == b:
                row.append(0)
            elif (a, b) in fixed or (b, a) in fixed:
                row.append(fixed.get((a, b), fixed.get((b, a))))
            elif a in no_road or b in no_road:
                row.append(None)
            else:
                km = math.dist(pos[a], pos[b]) * factor
                row.append(round(km / speed * 60) + overhead)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Terbuny


def terbuny():
    rng = random.Random(SEED)
    days = ["mon", "tue", "wed", "thu", "fri"]
    # 45-minute lessons; 10-minute breaks, 20 minutes after periods 2 and 3 (meals).
    periods = [("08:30", "09:15"), ("09:25", "10:10"), ("10:30", "11:15"), ("11:35", "12:20"),
               ("12:30", "13:15"), ("13:25", "14:10"), ("14:20", "15:05"), ("15:15", "16:00")]
    calendar = {"days": days, "periods": [{"start": s, "end": e} for s, e in periods]}

    sites = [
        ("terbuny", "Terbuny secondary school (main school of the network)", "main", "Terbuny"),
        ("vasilyevka", "Vasilyevka branch", "branch", "Vasilyevka"),
        ("berezovka", "Berezovka branch", "branch", "Berezovka"),
        ("ivanovka", "Ivanovka branch", "branch", "Ivanovka"),
        ("pokrovskoe", "Pokrovskoe branch", "branch", "Pokrovskoe"),
        ("uritskoe", "Uritskoe branch", "branch", "Uritskoe"),
        ("vislaya-polyana", "Vislaya Polyana ungraded school", "small-school", "Vislaya Polyana"),
        ("novosilskoe", "Novosilskoe ungraded school", "small-school", "Novosilskoe"),
        ("vtorye-terbuny", "Vtorye Terbuny secondary school (partner)", "partner", "Vtorye Terbuny"),
        ("borki", "Borki secondary school (partner)", "partner", "Borki"),
        ("bolshaya-polyana", "Bolshaya Polyana secondary school (partner)", "partner", "Bolshaya Polyana"),
        ("lipetsk-centre", "Regional centre for vocational orientation", "centre", "Lipetsk"),
    ]
    ids = [s[0] for s in sites]
    # Kilometres east and north of Terbuny.
    pos = {"terbuny": (0, 0), "vasilyevka": (1, 5), "berezovka": (3, 14), "ivanovka": (-10, -4),
           "pokrovskoe": (7, -12), "uritskoe": (-9, 8), "vislaya-polyana": (-15, 17), "novosilskoe": (-19, -8),
           "vtorye-terbuny": (14, 0), "borki": (12, -12), "bolshaya-polyana": (22, -3), "lipetsk-centre": (85, 50)}
    matrix = travel_matrix(ids, pos, speed=50)
    # Lipetsk: about 100 km of main road from Terbuny, two hours by school bus.
    li = ids.index("lipetsk-centre")
    for i, s in enumerate(ids):
        if s != "lipetsk-centre":
            v = 120 + round(math.dist(pos[s], pos["terbuny"]) * 1.25 / 50 * 60)
            matrix[i][li] = matrix[li][i] = v
    tm = {(a, b): matrix[ids.index(a)][ids.index(b)] for a in ids for b in ids}

    # Bus routes, outermost stop first, ending at Terbuny.
    routes = {
        "north": ["berezovka", "vasilyevka", "terbuny"],
        "northwest": ["vislaya-polyana", "uritskoe", "terbuny"],
        "west": ["novosilskoe", "ivanovka", "terbuny"],
        "south": ["pokrovskoe", "terbuny"],
        "southeast": ["borki", "terbuny"],
        "east": ["bolshaya-polyana", "vtorye-terbuny", "terbuny"],
    }

    def run(id, stops, start, days_, seats):
        t, out = mins(start), []
        for k, s in enumerate(stops):
            if k > 0:
                t += tm[(stops[k - 1], s)] + (1 if k < len(stops) - 1 else 0)
            out.append({"site": s, "time": hhmm(t)})
        return {"id": id, "days": days_, "seats": seats, "stops": out}

    bus_runs = []
    for name, stops in routes.items():
        back = list(reversed(stops))
        bus_runs.append(run(f"bus-{name}-0730", stops, "07:30", days, 30))
        bus_runs.append(run(f"bus-{name}-1320", stops, "13:20", days, 20))
        bus_runs.append(run(f"bus-{name}-1415", stops, "14:15", ["tue", "thu"], 20))
        bus_runs.append(run(f"bus-{name}-1510-home", back, "15:10", days, 25))
        bus_runs.append(run(f"bus-{name}-1605-home", back, "16:05", days, 25))
    # The Pokrovskoe-Borki shuttle to the Borki chemistry lab.
    bus_runs.append(run("bus-pokrovskoe-borki-1320", ["pokrovskoe", "borki"], "13:20", days, 20))
    bus_runs.append(run("bus-borki-pokrovskoe-1510", ["borki", "pokrovskoe"], "15:10", days, 20))
    bus_runs.append(run("bus-borki-pokrovskoe-1605", ["borki", "pokrovskoe"], "16:05", days, 20))

    # Where a student of a site can attend in person by bus (within 30 minutes, there and back),
    # nearest first.
    reach = {"vasilyevka": ["terbuny"], "berezovka": ["terbuny"], "uritskoe": ["terbuny"],
             "vislaya-polyana": ["uritskoe"], "ivanovka": ["terbuny"], "novosilskoe": ["ivanovka"],
             "pokrovskoe": ["borki", "terbuny"], "borki": ["terbuny"], "bolshaya-polyana": ["vtorye-terbuny"],
             "vtorye-terbuny": ["terbuny"]}

    def room(id, site, name, capacity, features=(), seats=0, busy_count=0):
        r = {"id": id, "site": site, "name": name, "capacity": capacity}
        if features:
            r["features"] = list(features)
        if seats:
            r["computerSeats"] = seats
        if busy_count:
            r["busy"] = room_busy(rng, days, busy_count)
        return r

    rooms = [
        room("terbuny-physics-lab", "terbuny", "Physics lab (Tochka Rosta centre)", 24, ["physics-lab", "online-studio"], 0, 12),
        room("terbuny-chem-lab", "terbuny", "Chemistry lab (Tochka Rosta centre)", 20, ["chemistry-lab", "online-studio"], 0, 10),
        room("terbuny-bio-lab", "terbuny", "Biology lab", 20, ["biology-lab"], 0, 8),
        room("terbuny-computer-1", "terbuny", "Computer class 1", 15, ["computer-class"], 14, 14),
        room("terbuny-computer-2", "terbuny", "Computer class 2 (library)", 12, ["computer-class"], 12, 6),
        room("terbuny-robotics", "terbuny", "Robotics and 3D printing room", 12, ["robotics", "computer-class"], 0, 6),
        room("terbuny-studio-1", "terbuny", "Online studio 1", 4, ["online-studio"]),
        room("terbuny-studio-2", "terbuny", "Online studio 2", 4, ["online-studio"]),
        room("terbuny-room-21", "terbuny", "Room 21", 28, [], 0, 20),
        room("terbuny-room-22", "terbuny", "Room 22", 28, [], 0, 20),
        room("vasilyevka-computer", "vasilyevka", "Computer class", 10, ["computer-class"], 8, 5),
        room("berezovka-computer", "berezovka", "Computer class", 12, ["computer-class", "online-studio"], 10, 5),
        room("berezovka-room-7", "berezovka", "Room 7", 24, [], 0, 18),
        room("ivanovka-computer", "ivanovka", "Computer class", 10, ["computer-class", "online-studio"], 8, 5),
        room("ivanovka-room-3", "ivanovka", "Room 3", 25, [], 0, 18),
        room("pokrovskoe-computer", "pokrovskoe", "Computer class", 10, ["computer-class"], 9, 5),
        room("uritskoe-computer", "uritskoe", "Computer class", 14, ["computer-class", "online-studio"], 12, 6),
        room("vislaya-polyana-library", "vislaya-polyana", "Library computer corner", 5, ["computer-class"], 4),
        room("novosilskoe-library", "novosilskoe", "Library computer corner", 4, ["computer-class"], 3),
        room("vtorye-terbuny-physics-lab", "vtorye-terbuny", "Physics lab", 20, ["physics-lab"], 0, 10),
        room("vtorye-terbuny-computer", "vtorye-terbuny", "Computer class", 14, ["computer-class", "online-studio"], 12, 6),
        room("vtorye-terbuny-room-9", "vtorye-terbuny", "Room 9", 25, [], 0, 18),
        room("borki-chem-lab", "borki", "Chemistry lab", 16, ["chemistry-lab"], 0, 8),
        room("borki-computer", "borki", "Computer class", 12, ["computer-class", "online-studio"], 10, 6),
        room("bolshaya-polyana-bio-lab", "bolshaya-polyana", "Biology lab and greenhouse", 14, ["biology-lab"], 0, 6),
        room("bolshaya-polyana-computer", "bolshaya-polyana", "Computer class", 10, ["computer-class", "online-studio"], 8, 5),
        room("lipetsk-studio-1", "lipetsk-centre", "Online studio 1", 4, ["online-studio"]),
        room("lipetsk-studio-2", "lipetsk-centre", "Online studio 2", 4, ["online-studio"]),
    ]

    # Regular classes: 28 lessons a week, 5 or 6 a day. Friday is short everywhere (double
    # network periods fit after the fifth lesson); the other short day differs between schools.
    shapes = {"A": [6, 6, 5, 6, 5], "B": [6, 5, 6, 6, 5], "C": [5, 6, 6, 6, 5], "D": [6, 6, 6, 5, 5]}
    P = {  # profile weights per kind of school
        "main": {"science": 3, "tech": 3, "it": 2, "socio": 2, "general": 1},
        "village": {"science": 2, "tech": 2, "it": 1, "socio": 2, "agro": 1, "general": 2},
        "borki": {"science": 4, "tech": 1, "it": 1, "socio": 1, "general": 1},
        "bp": {"science": 2, "tech": 1, "socio": 1, "agro": 3, "general": 1},
    }
    class_specs = [
        # id, site, grade (None: mixed 10-11), size, shape, profile weights
        ("terbuny-10a", "terbuny", 10, 14, "A", "main"),
        ("terbuny-11a", "terbuny", 11, 12, "B", "main"),
        ("vasilyevka-10", "vasilyevka", 10, 6, "A", "village"),
        ("vasilyevka-11", "vasilyevka", 11, 5, "D", "village"),
        ("berezovka-10", "berezovka", 10, 7, "A", "village"),
        ("berezovka-11", "berezovka", 11, 6, "C", "village"),
        ("ivanovka-10", "ivanovka", 10, 5, "B", "village"),
        ("ivanovka-11", "ivanovka", 11, 5, "D", "village"),
        ("pokrovskoe-10", "pokrovskoe", 10, 6, "C", "village"),
        ("pokrovskoe-11", "pokrovskoe", 11, 5, "A", "village"),
        ("uritskoe-10", "uritskoe", 10, 5, "B", "village"),
        ("uritskoe-11", "uritskoe", 11, 4, "A", "village"),
        ("vislaya-polyana-10-11", "vislaya-polyana", None, 4, "A", "village"),
        ("novosilskoe-10-11", "novosilskoe", None, 3, "D", "village"),
        ("vtorye-terbuny-10", "vtorye-terbuny", 10, 8, "C", "village"),
        ("vtorye-terbuny-11", "vtorye-terbuny", 11, 7, "B", "village"),
        ("borki-10", "borki", 10, 6, "D", "borki"),
        ("borki-11", "borki", 11, 6, "A", "borki"),
        ("bolshaya-polyana-10", "bolshaya-polyana", 10, 5, "C", "bp"),
        ("bolshaya-polyana-11", "bolshaya-polyana", 11, 4, "B", "bp"),
    ]
    classes = []
    for cid, site, grade, size, shape, pw in class_specs:
        c = {"id": cid, "site": site}
        if grade:
            c["grade"] = grade
        c["busy"] = busy_days(days, shapes[shape])
        c.update({"_grade": grade, "_size": size, "_profiles": P[pw]})
        classes.append(c)

    T, V, B, U = "terbuny", "vtorye-terbuny", "borki", "bolshaya-polyana"
    courses = []
    for g in (10, 11):
        courses += [
            course(f"maths-adv-{g}", f"Mathematics in depth, grade {g}", "mathematics", "inDepth", [1, 1], 5, 25, [g],
                   [T, "berezovka", V], True),
            course(f"phys-adv-{g}", f"Physics in depth, grade {g}", "physics", "inDepth", [1, 1], 3, 20, [g], [T, V], True,
                   ["physics-lab"]),
            course(f"chem-adv-{g}", f"Chemistry in depth, grade {g}", "chemistry", "inDepth", [1, 1], 4, 15, [g], [T, B], True,
                   ["chemistry-lab"]),
            course(f"bio-adv-{g}", f"Biology in depth, grade {g}", "biology", "inDepth", [1, 1], 3, 20, [g], [T, U], True,
                   ["biology-lab"]),
        ]
    courses += [
        course("info-adv", "Informatics in depth: algorithms and programming", "informatics", "inDepth", [2], 4, 14, [10, 11],
               [T, "uritskoe"], True, ["computer-class"]),
        course("social-adv", "Social studies in depth", "social-studies", "inDepth", [1, 1], 5, 25, [10, 11],
               ["ivanovka", T], True),
        course("robotics", "Educational robotics", "technology", "elective", [2], 4, 12, [10, 11], [T], False, ["robotics"]),
        course("modelling-3d", "3D modelling and prototyping", "technology", "elective", [2], 4, 12, [10, 11], [T], False,
               ["computer-class"]),
        course("spanish", "Spanish for beginners (online from Lipetsk)", "spanish", "elective", [1, 1], 5, 15, [10, 11],
               None, True),
        course("career-guidance", "Choosing a profession: vocational orientation (online from Lipetsk)", "career-guidance",
               "elective", [1], 8, 25, [10, 11], None, True),
        course("economics", "Economics for everyday life", "economics", "elective", [1], 5, 20, [10, 11], ["ivanovka"], True),
        course("law", "Fundamentals of law", "law", "elective", [1], 5, 25, [10, 11], None, True),
        course("chem-practicum", "Chemistry lab practicum", "chemistry", "elective", [2], 3, 12, [10, 11], [B], False,
               ["chemistry-lab"], teachers=["t-morozova"]),
        course("agro-biotech", "Agrobiotechnology (greenhouse projects)", "agrobiology", "elective", [2], 3, 12, [10, 11],
               [U], False, ["biology-lab"]),
        course("maths-olympiad", "Olympiad mathematics (online)", "mathematics", "elective", [1], 4, 20, [10, 11], None, True),
        course("english-exam", "English: speaking and writing for the state exam (online)", "english", "elective", [1], 5, 15,
               [11], None, True),
    ]
    cby = {c["id"]: c for c in courses}

    def teacher(id, name, home, subjects, max_weekly, travel=None, may_travel=True, courses_=None, per_day=(3, 6),
                late=False):
        t = {"id": id, "name": name, "homeSite": home, "subjects": subjects}
        if courses_:
            t["courses"] = courses_
        t["maxWeeklyPeriods"] = max_weekly
        t["busy"] = teacher_busy(rng, days, len(periods), per_day, late)
        if not may_travel:
            t["mayTravel"] = False
        elif travel is not None:
            t["travelSites"] = travel
        return t

    teachers = [
        teacher("t-kuznetsova", "Olga Kuznetsova", T, ["physics"], 12, [V]),
        teacher("t-lebedev", "Sergey Lebedev", V, ["physics", "mathematics"], 10, [T, U]),
        teacher("t-sokolov", "Andrey Sokolov", T, ["mathematics"], 16, ["berezovka", "vasilyevka"]),
        teacher("t-vasiliev", "Nikolay Vasiliev", "berezovka", ["mathematics"], 8, [T, "vasilyevka"]),
        teacher("t-morozova", "Irina Morozova", B, ["chemistry"], 14, [T, "pokrovskoe"]),
        teacher("t-belova", "Marina Belova", T, ["chemistry"], 8, may_travel=False),
        teacher("t-volkova", "Elena Volkova", T, ["biology"], 10, [U]),
        teacher("t-popova", "Tatyana Popova", U, ["biology", "agrobiology"], 10, may_travel=False),
        teacher("t-novikova", "Yulia Novikova", T, ["informatics"], 14, may_travel=False),
        teacher("t-pavlov", "Dmitry Pavlov", "uritskoe", ["informatics"], 8, [T]),
        teacher("t-fedorov", "Aleksey Fedorov", T, ["technology"], 12, may_travel=False),
        teacher("t-mikhailova", "Natalia Mikhailova", "lipetsk-centre", ["spanish"], 10, may_travel=False, per_day=(2, 4)),
        teacher("t-alekseev", "Pavel Alekseev", "lipetsk-centre", ["career-guidance"], 8, may_travel=False, per_day=(2, 4)),
        teacher("t-semenova", "Svetlana Semenova", "ivanovka", ["social-studies", "economics", "law"], 14, [T]),
        teacher("t-egorova", "Anastasia Egorova", T, ["english"], 6, may_travel=False, late=True),
    ]

    profiles = {
        "science": {"required": ["chem-adv-{g}"],
                    "electives": ["bio-adv-{g}", "chem-practicum", "career-guidance", "spanish", "english-exam", "agro-biotech"]},
        "tech": {"required": ["maths-adv-{g}"],
                 "electives": ["phys-adv-{g}", "robotics", "modelling-3d", "maths-olympiad", "info-adv", "career-guidance"]},
        "it": {"required": ["info-adv"],
               "electives": ["maths-adv-{g}", "robotics", "modelling-3d", "maths-olympiad", "english-exam"]},
        "socio": {"required": ["social-adv"],
                  "electives": ["economics", "law", "spanish", "career-guidance", "english-exam"]},
        "agro": {"required": ["bio-adv-{g}"],
                 "electives": ["agro-biotech", "chem-adv-{g}", "career-guidance", "economics"]},
        "general": {"required": [],
                    "electives": ["career-guidance", "spanish", "law", "english-exam", "maths-olympiad", "robotics"]},
    }
    cap = {c["id"]: 34 - sum(len(v) for v in c["busy"].values()) for c in classes}
    students = make_students(rng, classes, profiles, cby, reach, cap, online_home_share=0.3)
    check_required_demand(students, cby)

    instance = {
        "formatVersion": 1,
        "name": "terbuny-network",
        "description": ("A district network shaped like Terbuny, Lipetsk region: the main school in Terbuny, five branches, "
                        "two ungraded schools, three partner schools and the regional centre for vocational orientation "
                        "in Lipetsk (online only). Students travel by the scheduled school bus runs. "
                        "Generated by Examples/tools/make_examples.py."),
        "calendar": calendar,
        "sites": [{"id": i, "name": n, "kind": k, "locality": l} for i, n, k, l in sites],
        "transport": {"mode": "busRuns", "travelMinutes": matrix, "busRuns": bus_runs},
        "rooms": rooms,
        "classes": [public_class(c) for c in classes],
        "teachers": teachers,
        "courses": courses,
        "students": students,
        "hygiene": {"maxLessonsPerDay": 7, "maxOnlineLessonsPerDay": 3},
        "defaults": {"maxOneWayMinutes": 30, "latestReturn": "17:30", "studentOnline": True},
    }
    return instance


# --------------------------------------------------------------------------------------------
# Terbuny in Russian: the same instance, with the text a Russian centre would type.

TERBUNY_RU = {
    "name": "terbuny-network-ru",
    "description": ("Сеть школ, устроенная как Тербунский район Липецкой области: базовая школа в Тербунах, пять "
                    "филиалов, две малокомплектные школы, три школы-партнёра и Региональный центр профориентации "
                    "в Липецке (только онлайн). Обучающиеся ездят на занятия школьными автобусами по расписанию. "
                    "Создано скриптом Examples/tools/make_examples.py."),
    # id: (name, locality)
    "sites": {
        "terbuny": ("Тербунская СОШ № 1 (базовая школа сети)", "Тербуны"),
        "vasilyevka": ("Филиал в с. Васильевка", "Васильевка"),
        "berezovka": ("Филиал в с. Березовка", "Березовка"),
        "ivanovka": ("Филиал в с. Ивановка", "Ивановка"),
        "pokrovskoe": ("Филиал в с. Покровское", "Покровское"),
        "uritskoe": ("Филиал в с. Урицкое", "Урицкое"),
        "vislaya-polyana": ("Малокомплектная школа с. Вислая Поляна", "Вислая Поляна"),
        "novosilskoe": ("Малокомплектная школа с. Новосильское", "Новосильское"),
        "vtorye-terbuny": ("СОШ с. Вторые Тербуны (школа-партнёр)", "Вторые Тербуны"),
        "borki": ("СОШ с. Борки (школа-партнёр)", "Борки"),
        "bolshaya-polyana": ("СОШ с. Большая Поляна (школа-партнёр)", "Большая Поляна"),
        "lipetsk-centre": ("Региональный центр профориентации, Липецк", "Липецк"),
    },
    # English room name: Russian room name (many rooms share a name, each at its own site).
    "rooms": {
        "Physics lab (Tochka Rosta centre)": "Кабинет физики (центр «Точка роста»)",
        "Chemistry lab (Tochka Rosta centre)": "Кабинет химии (центр «Точка роста»)",
        "Biology lab": "Кабинет биологии",
        "Computer class 1": "Компьютерный класс № 1",
        "Computer class 2 (library)": "Компьютерный класс № 2 (библиотека)",
        "Robotics and 3D printing room": "Кабинет робототехники и 3D-печати",
        "Online studio 1": "Студия дистанционного обучения № 1",
        "Online studio 2": "Студия дистанционного обучения № 2",
        "Room 21": "Кабинет № 21",
        "Room 22": "Кабинет № 22",
        "Room 7": "Кабинет № 7",
        "Room 3": "Кабинет № 3",
        "Room 9": "Кабинет № 9",
        "Computer class": "Компьютерный класс",
        "Library computer corner": "Компьютерный уголок в библиотеке",
        "Physics lab": "Кабинет физики",
        "Chemistry lab": "Кабинет химии",
        "Biology lab and greenhouse": "Кабинет биологии и школьная теплица",
    },
    # Surname, first name and patronymic, as Russian school documents list staff.
    "teachers": {
        "t-kuznetsova": "Кузнецова Ольга Ивановна",
        "t-lebedev": "Лебедев Сергей Николаевич",
        "t-sokolov": "Соколов Андрей Викторович",
        "t-vasiliev": "Васильев Николай Петрович",
        "t-morozova": "Морозова Ирина Александровна",
        "t-belova": "Белова Марина Сергеевна",
        "t-volkova": "Волкова Елена Юрьевна",
        "t-popova": "Попова Татьяна Михайловна",
        "t-novikova": "Новикова Юлия Андреевна",
        "t-pavlov": "Павлов Дмитрий Олегович",
        "t-fedorov": "Фёдоров Алексей Иванович",
        "t-mikhailova": "Михайлова Наталья Владимировна",
        "t-alekseev": "Алексеев Павел Геннадьевич",
        "t-semenova": "Семёнова Светлана Анатольевна",
        "t-egorova": "Егорова Анастасия Дмитриевна",
    },
    "courses": {
        **{f"{id}-{g}": f"{subject} (углублённый уровень), {g} класс"
           for g in (10, 11)
           for id, subject in [("maths-adv", "Математика"), ("phys-adv", "Физика"), ("chem-adv", "Химия"),
                               ("bio-adv", "Биология")]},
        "info-adv": "Информатика (углублённый уровень): алгоритмы и программирование",
        "social-adv": "Обществознание (углублённый уровень)",
        "robotics": "Образовательная робототехника",
        "modelling-3d": "3D-моделирование и прототипирование",
        "spanish": "Испанский язык для начинающих (онлайн из Липецка)",
        "career-guidance": "Выбор профессии: профориентация (онлайн из Липецка)",
        "economics": "Экономика в повседневной жизни",
        "law": "Основы права",
        "chem-practicum": "Практикум по химии (лабораторные работы)",
        "agro-biotech": "Агробиотехнологии (проекты в теплице)",
        "maths-olympiad": "Олимпиадная математика (онлайн)",
        "english-exam": "Английский язык: устная и письменная части ЕГЭ (онлайн)",
    },
}


def in_russian(instance, text):
    """A copy of `instance` with its text taken from `text`; ids, numbers and key order unchanged.

    Stops on any site, room, teacher or course without a Russian text, and on a student or class
    name (the generator gives none: add them to `text` first), so that no English is left behind.
    """
    out = json.loads(json.dumps(instance))
    out["name"], out["description"] = text["name"], text["description"]

    def translated(table, key, what):
        if key not in table:
            raise SystemExit(f"no Russian text for {what} {key!r}: add it to TERBUNY_RU")
        return table[key]

    for site in out["sites"]:
        site["name"], site["locality"] = translated(text["sites"], site["id"], "site")
    for room in out["rooms"]:
        room["name"] = translated(text["rooms"], room["name"], "room name")
    for teacher in out["teachers"]:
        teacher["name"] = translated(text["teachers"], teacher["id"], "teacher")
    for c in out["courses"]:
        c["name"] = translated(text["courses"], c["id"], "course")
    for record in out["classes"] + out["students"] + out["transport"].get("busRuns", []):
        if "name" in record:
            raise SystemExit(f"{record['id']} has a name with no Russian text: add it to in_russian")
    return out


# --------------------------------------------------------------------------------------------
# Arctic


def arctic():
    rng = random.Random(SEED + 1)
    days = ["mon", "tue", "wed", "thu", "fri", "sat"]
    # Lessons start at 09:00 in the polar night; 45-minute lessons.
    periods = [("09:00", "09:45"), ("09:55", "10:40"), ("11:00", "11:45"), ("12:05", "12:50"),
               ("13:00", "13:45"), ("13:55", "14:40"), ("14:50", "15:35")]
    calendar = {"days": days, "periods": [{"start": s, "end": e} for s, e in periods]}

    sites = [
        ("khatanga", "Khatanga secondary school with boarding house (main school)", "main", "Khatanga"),
        ("novaya", "Novaya school", "branch", "Novaya"),
        ("kayak", "Kayak school", "small-school", "Kayak"),
        ("kheta", "Kheta school", "branch", "Kheta"),
        ("kresty", "Kresty school", "branch", "Kresty"),
        ("novorybnaya", "Novorybnaya school", "branch", "Novorybnaya"),
        ("syndassko", "Syndassko school", "branch", "Syndassko"),
        ("popigai", "Popigai school", "branch", "Popigai"),
        ("norilsk-college", "Norilsk industrial college (partner, online)", "college", "Norilsk"),
    ]
    ids = [s[0] for s in sites]
    # Roads only between Khatanga, Novaya (20 km) and Kayak (winter road); all else by air or snowmobile.
    fixed = {("khatanga", "novaya"): 30, ("khatanga", "kayak"): 55, ("novaya", "kayak"): 85}
    connected = {"khatanga", "novaya", "kayak"}
    matrix = []
    for a in ids:
        row = []
        for b in ids:
            if a == b:
                row.append(0)
            elif a in connected and b in connected:
                row.append(fixed.get((a, b), fixed.get((b, a))))
            else:
                row.append(None)
        matrix.append(row)

    def room(id, site, name, capacity, features=(), seats=0, busy_count=0):
        r = {"id": id, "site": site, "name": name, "capacity": capacity}
        if features:
            r["features"] = list(features)
        if seats:
            r["computerSeats"] = seats
        if busy_count:
            r["busy"] = room_busy(rng, days, busy_count)
        return r

    rooms = [
        room("khatanga-chem-lab", "khatanga", "Chemistry and biology lab", 16, ["chemistry-lab", "biology-lab", "online-studio"], 0, 10),
        room("khatanga-physics-lab", "khatanga", "Physics lab", 16, ["physics-lab", "online-studio"], 0, 10),
        room("khatanga-computer", "khatanga", "Computer class", 14, ["computer-class", "online-studio"], 12, 12),
        room("khatanga-studio", "khatanga", "Online studio", 4, ["online-studio"]),
        room("khatanga-studio-2", "khatanga", "Online studio 2 (methodical room)", 4, ["online-studio"]),
        room("khatanga-media", "khatanga", "Media library", 10, ["computer-class"], 10, 4),
        room("khatanga-room-14", "khatanga", "Room 14", 25, [], 0, 20),
        room("novaya-computer", "novaya", "Computer class", 8, ["computer-class"], 6, 4),
        room("kayak-library", "kayak", "Library computer corner", 4, ["computer-class"], 3),
        room("kheta-computer", "kheta", "Computer class", 8, ["computer-class", "online-studio"], 6, 4),
        room("kresty-computer", "kresty", "Computer class", 6, ["computer-class"], 5, 3),
        room("novorybnaya-computer", "novorybnaya", "Computer class", 8, ["computer-class", "online-studio"], 7, 4),
        room("syndassko-computer", "syndassko", "Computer class", 6, ["computer-class", "online-studio"], 5, 3),
        room("popigai-computer", "popigai", "Computer class", 8, ["computer-class", "online-studio"], 7, 4),
        room("norilsk-studio-1", "norilsk-college", "Distance learning studio 1", 4, ["online-studio"]),
        room("norilsk-studio-2", "norilsk-college", "Distance learning studio 2", 4, ["online-studio"]),
    ]

    # 30 regular lessons over six days (grades 10-11, 6-day week, limit 37); Saturday is short.
    shapes = {"A": [6, 5, 6, 5, 5, 3], "B": [5, 6, 5, 6, 5, 3], "C": [6, 6, 5, 5, 4, 4]}
    W = {"main": {"science": 3, "tech": 3, "it": 2, "north": 1, "general": 1},
         "far": {"science": 2, "tech": 2, "it": 1, "north": 3, "general": 2}}
    class_specs = [
        ("khatanga-10", "khatanga", 10, 9, "A", "main"),
        ("khatanga-11", "khatanga", 11, 8, "B", "main"),
        ("novaya-10-11", "novaya", None, 5, "C", "far"),
        ("kayak-10-11", "kayak", None, 3, "A", "far"),
        ("kheta-10-11", "kheta", None, 5, "B", "far"),
        ("kresty-10-11", "kresty", None, 4, "C", "far"),
        ("novorybnaya-10-11", "novorybnaya", None, 6, "A", "far"),
        ("syndassko-10-11", "syndassko", None, 4, "B", "far"),
        ("popigai-10-11", "popigai", None, 6, "C", "far"),
    ]
    classes = []
    for cid, site, grade, size, shape, pw in class_specs:
        c = {"id": cid, "site": site}
        if grade:
            c["grade"] = grade
        c["busy"] = busy_days(days, shapes[shape])
        c.update({"_grade": grade, "_size": size, "_profiles": W[pw]})
        classes.append(c)

    K = "khatanga"
    courses = []
    for g in (10, 11):
        courses.append(course(f"maths-adv-{g}", f"Mathematics in depth, grade {g}", "mathematics", "inDepth", [1, 1], 3, 15,
                              [g], [K], True))
    courses += [
        course("phys-adv", "Physics in depth", "physics", "inDepth", [1, 1], 3, 15, [10, 11], [K], True, ["physics-lab"]),
        course("chem-adv", "Chemistry in depth", "chemistry", "inDepth", [1, 1], 3, 15, [10, 11], [K], True, ["chemistry-lab"]),
        course("bio-adv", "Biology in depth", "biology", "inDepth", [1, 1], 3, 15, [10, 11], [K], True, ["biology-lab"]),
        course("info-adv", "Informatics in depth", "informatics", "inDepth", [2], 3, 12, [10, 11], [K], True,
               ["computer-class"]),
        course("arctic-ecology", "Ecology of the Arctic (online)", "biology", "elective", [1], 3, 20, [10, 11], None, True),
        course("dolgan-language", "Dolgan language and culture (online)", "dolgan", "elective", [1], 3, 15, [10, 11], None,
               True),
        course("english-exam", "English for the state exam (online)", "english", "elective", [1], 3, 15, [11], None, True),
        course("mining-intro", "Introduction to mining and metallurgy (Norilsk college, online)", "mining", "elective",
               [2], 4, 20, [10, 11], None, True),
        course("arctic-logistics", "Northern logistics and transport professions (Norilsk college, online)", "logistics",
               "elective", [1], 4, 20, [10, 11], None, True),
        course("robotics", "Educational robotics", "technology", "elective", [2], 3, 10, [10, 11], [K], False,
               ["computer-class"], teachers=["t-sidorov"]),
    ]
    cby = {c["id"]: c for c in courses}

    def teacher(id, name, home, subjects, max_weekly, may_travel=False, courses_=None, per_day=(3, 5)):
        t = {"id": id, "name": name, "homeSite": home, "subjects": subjects}
        if courses_:
            t["courses"] = courses_
        t["maxWeeklyPeriods"] = max_weekly
        t["busy"] = teacher_busy(rng, days, len(periods), per_day)
        if may_travel:
            t["maxOneWayMinutes"] = 60
        else:
            t["mayTravel"] = False
        return t

    teachers = [
        teacher("t-yakovleva", "Galina Yakovleva", K, ["mathematics"], 14, True),
        teacher("t-sidorov", "Viktor Sidorov", K, ["physics", "informatics"], 14, True),
        teacher("t-spiridonova", "Maria Spiridonova", K, ["chemistry", "biology"], 14),
        teacher("t-chuprin", "Roman Chuprin", K, ["informatics"], 10),
        teacher("t-aksyonova", "Valentina Aksyonova", "novorybnaya", ["english"], 8),
        teacher("t-porotova", "Evdokia Porotova", "syndassko", ["dolgan"], 6),
        teacher("t-kudryakov", "Stepan Kudryakov", "popigai", ["mathematics", "physics"], 8),
        teacher("t-zhukov", "Anton Zhukov", "norilsk-college", ["mining", "logistics"], 10, per_day=(2, 4)),
        teacher("t-belyaeva", "Oksana Belyaeva", "kheta", ["biology", "chemistry"], 8),
    ]

    profiles = {
        "science": {"required": ["chem-adv"], "electives": ["bio-adv", "arctic-ecology", "english-exam", "dolgan-language"]},
        "tech": {"required": ["maths-adv-{g}"], "electives": ["phys-adv", "mining-intro", "robotics", "arctic-logistics"]},
        "it": {"required": ["info-adv"], "electives": ["maths-adv-{g}", "robotics", "english-exam"]},
        "north": {"required": ["bio-adv"], "electives": ["arctic-ecology", "dolgan-language", "arctic-logistics"]},
        "general": {"required": [], "electives": ["english-exam", "mining-intro", "arctic-logistics", "dolgan-language"]},
    }
    reach = {"novaya": ["khatanga"]}
    cap = {c["id"]: 37 - sum(len(v) for v in c["busy"].values()) for c in classes}
    students = make_students(rng, classes, profiles, cby, reach, cap, online_home_share=0.15)
    check_required_demand(students, cby)

    return {
        "formatVersion": 1,
        "name": "arctic-network",
        "description": ("A district network shaped like the Taymyr tundra around Khatanga: three sites linked by road "
                        "(30-85 min), five villages 130-400 km away with no road, and a college in Norilsk that teaches "
                        "online. Online teaching carries the network. Distances are illustrative. "
                        "Generated by Examples/tools/make_examples.py."),
        "calendar": calendar,
        "sites": [{"id": i, "name": n, "kind": k, "locality": l} for i, n, k, l in sites],
        "transport": {"mode": "travelTimes", "travelMinutes": matrix},
        "rooms": rooms,
        "classes": [public_class(c) for c in classes],
        "teachers": teachers,
        "courses": courses,
        "students": students,
        "hygiene": {"maxLessonsPerDay": 7, "maxOnlineLessonsPerDay": 3},
        "defaults": {"maxOneWayMinutes": 30, "studentOnline": True},
    }


# --------------------------------------------------------------------------------------------


def main():
    terbuny_en = terbuny()
    outputs = {"terbuny-network.json": terbuny_en, "terbuny-network-ru.json": in_russian(terbuny_en, TERBUNY_RU),
               "arctic-network.json": arctic()}
    check = "--check" in sys.argv[1:]
    stale = []
    for name, inst in outputs.items():
        text = dumps(inst) + "\n"
        path = ROOT / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote Examples/{name}: {len(inst['sites'])} sites, {len(inst['teachers'])} teachers, "
                  f"{len(inst['courses'])} courses, {len(inst['students'])} students, "
                  f"{len(inst['transport'].get('busRuns', []))} bus runs")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python3 Examples/tools/make_examples.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
