import TimetablingCore
import TimetablingEngines

/// A part of the timetable freed for exact re-optimisation, with everything else fixed.
struct Neighbourhood {
    /// What was freed, for the log ("course chem", "teacher t3", "site s2 on tue").
    var label: String
    /// Sections of the current timetable that are dissolved and re-planned.
    var sections: Set<String>
    /// Courses whose sections the sub-problem may open (those of the freed sections, and courses
    /// with unmet requests added to the neighbourhood).
    var courses: Set<Int>
    /// Pinned: the freed sections keep their meetings, rooms and teachers (the sub-MIP may only
    /// close them) and GLPK re-optimises who joins which, and which requests are granted. Such
    /// sub-MIPs are close to an assignment problem, so a pinned neighbourhood can free many more
    /// sections and students than one whose times are free.
    var pinned = false
}

/// The sub-problem of a ``Neighbourhood``: a small instance holding only the freed part, with the
/// rest of the current timetable turned into constants — busy periods (at their sites) of the
/// students and teachers involved, busy rooms, fewer weekly periods and sections left — solved by
/// the same integer program as the MIP engine (docs/HEURISTIC.md, "Hybrid").
///
/// Freed: the neighbourhood's sections; every request assigned to one of them; requests of the
/// neighbourhood's courses that are unmet (up to a cap). The sub-instance has the students with
/// freed requests (only those requests, with only the alternatives of the neighbourhood's courses),
/// the teachers eligible for its courses, and every room and site.
///
/// Exact for: section choice, teachers, times and rooms, assignment by alternative (rank costs
/// are the original alternatives'), clashes with fixed lessons, travel between fixed and freed
/// commitments (fixed lessons away from home are mandatory nodes at their sites), hygiene, teacher
/// weekly limits, maximum sections, computer seats shared with fixed joiners. Approximated, and left to the checker which judges every
/// merged timetable: bus seats taken by riders outside the sub-problem, vehicle
/// trips shared with them, the size imbalance against fixed sections, online lessons per day.
struct SubProblem {
    let problem: Problem
    let neighbourhood: Neighbourhood
    /// The sub-instance's problem.
    let sub: Problem
    /// Per sub-student: the original student index, and per sub-request the original request and
    /// per sub-alternative the original alternative index.
    let studentOf: [Int]
    let requestOf: [[Int]]
    let alternativeOf: [[[Int]]]
    /// Original requests freed, by student index: (request).
    let freed: Set<Int>
    /// Sites of fixed commitments away from home in the sub-problem.
    let commitments: MIPSets.Commitments
    /// The current timetable restricted to the sub-problem (its warm start).
    let restricted: Solution
    /// Per original person id: days whose commitments changed set (freed lessons there).
    let touchedDays: Set<String>
    /// A pinned neighbourhood's placements, by sub-course (empty otherwise).
    let pinned: [Int: MIPSets.Pinned]

    static func key(_ student: Int, _ request: Int) -> Int { student << 20 | request }

    /// The group trips of each sub-student, from the whole problem (the sub-instance has no
    /// groups): the sub-MIP plans the members' legs by the group's trip policy, so they match the
    /// trips of members outside the neighbourhood.
    var groupTrips: [[Problem.GroupTrip]] {
        let all = problem.groupTrips()
        return studentOf.map { all[$0] }
    }

    /// Builds the sub-problem, or explains why there is none (nothing freed, no valid instance).
    ///
    /// `forced` (a ``key(_:_:)``, for `netsched what-if`): that unmet request is freed whatever the
    /// student cap and is *required* in the sub-instance, and no other unmet request is freed, so
    /// that the sub-MIP answers "the cheapest way to grant this one" and nothing else.
    static func make(problem p: Problem, current: Solution, neighbourhood n: Neighbourhood, maxStudents: Int,
                     random: inout SeededRandom, forced: Int? = nil) -> Result<SubProblem, SubProblemSkip> {
        let inst = p.instance
        let P = p.periodCount
        var courses = n.courses
        let freedSections = current.sections.filter { n.sections.contains($0.id) }
        let fixedSections = current.sections.filter { !n.sections.contains($0.id) }
        // Sections a course may still open.
        var sectionsLeft: [Int: Int] = [:]
        for c in courses {
            let fixed = fixedSections.filter { $0.course == inst.courses[c].id }.count
            let left = (p.courses[c].maxSections ?? Int.max / 4) - fixed
            if left < 1 { courses.remove(c) } else { sectionsLeft[c] = left }
        }
        guard !courses.isEmpty else { return .failure(.nothingFreed) }
        let courseIDs = Set(courses.map { inst.courses[$0].id })

        // Freed requests: assigned to a freed section, then unmet ones of the courses, up to the cap.
        var freed = Set<Int>()
        var students: [Int] = []
        var studentSeen = Set<Int>()
        func addStudent(_ s: Int) {
            if studentSeen.insert(s).inserted { students.append(s) }
        }
        for a in current.assignments where n.sections.contains(a.section) {
            guard let s = p.studentIndex[a.student] else { continue }
            freed.insert(key(s, a.request))
            addStudent(s)
        }
        var assigned = Set<Int>()
        for a in current.assignments { if let s = p.studentIndex[a.student] { assigned.insert(key(s, a.request)) } }
        var unmet: [(s: Int, q: Int, required: Bool)] = []
        for (s, student) in p.students.enumerated() {
            for (q, r) in student.requests.enumerated() where !assigned.contains(key(s, q)) {
                if r.alternatives.contains(where: { courses.contains($0.course) }) { unmet.append((s, q, r.required)) }
            }
        }
        // Required first, then a seeded shuffle, so that different calls free different students.
        random.shuffle(&unmet)
        unmet.sort { $0.required && !$1.required }
        if let forced { unmet = unmet.filter { key($0.s, $0.q) == forced } }
        for u in unmet {
            if forced == nil && !studentSeen.contains(u.s) && students.count >= maxStudents { continue }
            freed.insert(key(u.s, u.q))
            addStudent(u.s)
        }
        guard !students.isEmpty else { return .failure(.nothingFreed) }
        students.sort()

        // Fixed commitments: slots and sites of the sections kept, per person.
        var sectionByID: [String: Solution.Section] = [:]
        for s in current.sections { sectionByID[s.id] = s }
        func slots(_ m: Solution.Meeting) -> [Int] {
            guard let d = p.dayIndex[m.day] else { return [] }
            return (0..<m.length).map { d * P + m.period - 1 + $0 }
        }
        var studentAway = [Int: [Int: Int]]()   // original student -> slot -> site
        var touchedDays = Set<String>()
        for a in current.assignments {
            guard let s = p.studentIndex[a.student], studentSeen.contains(s), let sec = sectionByID[a.section] else { continue }
            if freed.contains(key(s, a.request)) {
                for m in sec.meetings { touchedDays.insert(a.student + "|" + m.day) }
                continue
            }
            for m in sec.meetings {
                // Online meetings (a blended course's too) are attended from home.
                let online = sec.mode == .online || m.online == true
                let site = online ? p.students[s].home : (p.siteIndex[sec.site] ?? p.students[s].home)
                for t in slots(m) { studentAway[s, default: [:]][t] = site }
            }
        }
        var teachers = Set<Int>()
        for c in courses { teachers.formUnion(p.courses[c].teachers) }
        let teacherList = teachers.sorted()
        var teacherAway = [Int: [Int: Int]]()
        var teacherUsed = [Int: Int]()
        var roomBusy = [Int: Set<Int>]()
        for sec in fixedSections {
            let site = p.siteIndex[sec.site] ?? 0
            let t = p.teacherIndex[sec.teacher]
            for m in sec.meetings {
                for slot in slots(m) {
                    if let r = p.roomIndex[m.room] { roomBusy[r, default: []].insert(slot) }
                    if let t, teachers.contains(t) { teacherAway[t, default: [:]][slot] = site }
                }
            }
            if let t, teachers.contains(t), let c = p.courseIndex[sec.course] { teacherUsed[t, default: 0] += p.courses[c].weeklyPeriods }
        }
        for sec in freedSections { for m in sec.meetings { touchedDays.insert(sec.teacher + "|" + m.day) } }
        // Computer seats taken by fixed joiners, per room and slot.
        var joiners = [Int: [Int: Int]]()
        for a in current.assignments {
            guard let room = a.onlineRoom, let r = p.roomIndex[room], let s = p.studentIndex[a.student],
                  !freed.contains(key(s, a.request)), let sec = sectionByID[a.section] else { continue }
            for m in sec.meetings where sec.mode == .online || m.online == true { for t in slots(m) { joiners[r, default: [:]][t, default: 0] += 1 } }
        }

        func busyPeriods(_ busy: [Bool], extra: [Int: Int]?) -> BusyPeriods {
            var out: BusyPeriods = [:]
            for t in 0..<p.slotCount where busy[t] || extra?[t] != nil {
                out[inst.calendar.days[t / P], default: []].append(t % P + 1)
            }
            return out
        }

        // The sub-instance.
        var sub = inst
        sub.name = inst.name + " (neighbourhood: \(n.label))"
        sub.classes = []
        sub.locks = nil
        // Groups' requests are already requests of the members (the problem's instance has them);
        // a merged timetable that splits a group is refused by the checker, which judges every merge.
        sub.groups = []
        sub.rooms = inst.rooms.enumerated().map { r, room in
            var room = room
            var busy = p.rooms[r].busy
            for t in roomBusy[r] ?? [] { busy[t] = true }
            room.busy = busyPeriods(busy, extra: nil)
            return room
        }
        sub.teachers = teacherList.map { t in
            var teacher = inst.teachers[t]
            teacher.busy = busyPeriods(p.teachers[t].busy, extra: teacherAway[t])
            teacher.maxWeeklyPeriods = max(0, p.teachers[t].maxWeeklyPeriods - (teacherUsed[t] ?? 0))
            teacher.subjects = []
            teacher.courses = teacher.courses.filter { courseIDs.contains($0) }
            return teacher
        }
        let subCourses = courses.sorted()
        sub.courses = subCourses.map { c in
            var course = inst.courses[c]
            course.teachers = p.courses[c].teachers.map { inst.teachers[$0].id }
            if p.courses[c].maxSections != nil { course.maxSections = sectionsLeft[c] }
            return course
        }
        var requestOf: [[Int]] = [], alternativeOf: [[[Int]]] = []
        sub.students = students.map { s in
            var student = inst.students[s]
            student.schoolClass = nil
            student.busy = busyPeriods(p.students[s].busy, extra: studentAway[s])
            var qs: [Int] = [], alts: [[Int]] = []
            var requests: [Request] = []
            for (q, r) in student.requests.enumerated() where freed.contains(key(s, q)) {
                var request = r
                let kept = r.alternatives.indices.filter { courses.contains(p.requestCourse(s, q, $0)) }
                guard !kept.isEmpty else { continue }
                request.alternatives = kept.map { r.alternatives[$0] }
                if key(s, q) == forced {
                    request.required = true
                } else if r.required && !assigned.contains(key(s, q)) {
                    // Unmet now: optional here, worth a lot, so that the current timetable stays a start.
                    request.required = false
                    request.weight = max(request.weight, 1) * 100
                }
                requests.append(request)
                qs.append(q)
                alts.append(kept)
            }
            student.requests = requests
            requestOf.append(qs)
            alternativeOf.append(alts)
            return student
        }
        let (built, diagnostics) = Problem.build(sub)
        guard let subProblem = built else {
            return .failure(.invalid(diagnostics.filter { $0.severity == .error }.prefix(3).map { "\($0)" }.joined(separator: "; ")))
        }
        let commitments = MIPSets.Commitments(
            students: students.map { studentAway[$0] ?? [:] },
            teachers: teacherList.map { teacherAway[$0] ?? [:] },
            seatsTaken: Dictionary(uniqueKeysWithValues: joiners.flatMap { r, bySlot in bySlot.map { (r * p.slotCount + $0.key, $0.value) } }))

        // The current timetable restricted to the sub-problem, in its indices.
        var assignments: [Solution.Assignment] = []
        for a in current.assignments where n.sections.contains(a.section) {
            guard let s = p.studentIndex[a.student], let i = students.firstIndex(of: s),
                  let qi = requestOf[i].firstIndex(of: a.request), let ai = alternativeOf[i][qi].firstIndex(of: a.alternative)
            else { continue }
            var b = a
            b.request = qi
            b.alternative = ai
            assignments.append(b)
        }
        let restricted = Solution(instance: sub.name, engine: "hybrid", sections: freedSections, assignments: assignments,
                                  itineraries: [], unsatisfied: [])
        var pinned: [Int: MIPSets.Pinned] = [:]
        if n.pinned {
            // A course without a freed section opens none.
            for sc in subCourses.indices { pinned[sc] = MIPSets.Pinned(starts: [:], teachers: []) }
            for sec in freedSections {
                guard let c = p.courseIndex[sec.course], let sc = subCourses.firstIndex(of: c),
                      let t = p.teacherIndex[sec.teacher], let st = teacherList.firstIndex(of: t) else { continue }
                var pin = pinned[sc] ?? MIPSets.Pinned(starts: [:], teachers: [])
                pin.teachers.insert(st)
                for m in sec.meetings {
                    guard let r = p.roomIndex[m.room], let first = slots(m).first else { continue }
                    let key = MIPSets.key(length: m.length, online: sec.mode == .inPerson && m.online == true)
                    pin.starts[key, default: []].insert(MIPSets.Start(room: r, slot: first))
                }
                pinned[sc] = pin
            }
        }
        return .success(SubProblem(problem: p, neighbourhood: n, sub: subProblem, studentOf: students, requestOf: requestOf,
                                   alternativeOf: alternativeOf, freed: freed, commitments: commitments, restricted: restricted,
                                   touchedDays: touchedDays, pinned: pinned))
    }

    /// The current timetable with the freed part replaced by `part` (a solution of the sub-problem):
    /// sections renumbered per course where needed, assignments and unmet requests mapped back, and
    /// the itineraries of the people involved taken from the sub-problem's on every day it planned
    /// (`plannedDays`: "person|day"), or on days whose freed lessons moved away.
    func merge(_ part: Solution, into current: Solution, plannedDays: Set<String>, subPeople: Set<String>) -> Solution {
        let inst = problem.instance
        var sections = current.sections.filter { !neighbourhood.sections.contains($0.id) }
        var used = Set(sections.map(\.id))
        var rename: [String: String] = [:]
        for var s in part.sections {
            var id = s.id
            if used.contains(id) {
                var k = 1
                while used.contains("\(s.course)/\(k)") { k += 1 }
                id = "\(s.course)/\(k)"
            }
            used.insert(id)
            rename[s.id] = id
            s.id = id
            sections.append(s)
        }
        var assignments = current.assignments.filter { a in
            guard let s = problem.studentIndex[a.student] else { return true }
            return !freed.contains(SubProblem.key(s, a.request))
        }
        var unsatisfied = current.unsatisfied.filter { u in
            guard let s = problem.studentIndex[u.student] else { return true }
            return !freed.contains(SubProblem.key(s, u.request))
        }
        var subIndex: [String: Int] = [:]
        for (i, s) in studentOf.enumerated() { subIndex[inst.students[s].id] = i }
        for var a in part.assignments {
            guard let i = subIndex[a.student], let section = rename[a.section] else { continue }
            let q = requestOf[i][a.request]
            a.alternative = alternativeOf[i][a.request][a.alternative]
            a.request = q
            a.section = section
            assignments.append(a)
        }
        for var u in part.unsatisfied {
            guard let i = subIndex[u.student] else { continue }
            let s = studentOf[i], q = requestOf[i][u.request]
            u.request = q
            u.required = problem.students[s].requests[q].required
            unsatisfied.append(u)
        }
        assignments.sort { ($0.student, $0.request) < ($1.student, $1.request) }
        unsatisfied.sort { ($0.student, $0.request) < ($1.student, $1.request) }
        // Itineraries: the sub-problem's wherever it planned the day (or the day lost a freed lesson).
        func replaced(_ person: String, _ day: String) -> Bool {
            let k = person + "|" + day
            return subPeople.contains(person) && (plannedDays.contains(k) || touchedDays.contains(k))
        }
        var itineraries = current.itineraries.filter { !replaced($0.person, $0.day) }
        itineraries += part.itineraries.filter { replaced($0.person, $0.day) }
        return Solution(instance: current.instance, engine: current.engine, sections: sections, assignments: assignments,
                        itineraries: itineraries, unsatisfied: unsatisfied)
    }
}

enum SubProblemSkip: Error, CustomStringConvertible {
    case nothingFreed
    case invalid(String)
    var description: String {
        switch self {
        case .nothingFreed: return "nothing to free"
        case let .invalid(why): return "no valid sub-instance (\(why))"
        }
    }
}

extension Problem {
    /// The course of alternative `a` of request `q` of student `s`.
    func requestCourse(_ s: Int, _ q: Int, _ a: Int) -> Int { students[s].requests[q].alternatives[a].course }
}
