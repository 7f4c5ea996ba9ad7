import NetworkTimetabling

/// Enumerates every timetable of a tiny instance and returns the best objective the checker
/// calls feasible. Independent of the MIP code: it works on the instance's ids and judges every
/// candidate with ``Checker``.
///
/// What it enumerates: for each course, every set of up to `min(maxSections, requests for it)`
/// distinct sections, each a (teacher, mode, site, meetings with rooms) allowed by the course and
/// teacher; then every way to grant or refuse each request (required ones are granted) in one
/// of those sections, with the lowest-numbered alternative the section satisfies (a higher one
/// only adds rank cost), joining online from home or from any computer room at home. A blended
/// course's in-person sections hold the meetings of its `onlineMeetings` in a studio of the site
/// (`online: true`), their students at home then and joining as from an online section.
/// Itineraries follow the documented policy of the engine (road trips leave when the previous
/// commitment ends; the first trip of a day arrives just as the first commitment starts).
/// Cheap necessary conditions (sizes, clashes, busy periods) skip hopeless candidates before the
/// checker sees them.
final class BruteForce {
    let problem: Problem
    var instance: Instance { problem.instance }
    private(set) var checked = 0
    private var found: (Double, Solution)? = nil

    init(_ problem: Problem) { self.problem = problem }

    struct Option {
        var course: Int
        var teacher: Int
        var mode: DeliveryMode
        var site: Int
        var meetings: [(day: Int, period: Int, length: Int, room: Int, online: Bool)]
        /// Slots taught (day * periods + period).
        var slots: [Int]
        /// Slots of the meetings a blended section holds online.
        var onlineSlots: Set<Int> = []
        /// Whether its students join some meeting online.
        var joinsOnline: Bool { mode == .online || !onlineSlots.isEmpty }
    }

    func sectionOptions(course c: Int) -> [Option] {
        let course = problem.courses[c], inst = instance
        let P = problem.periodCount, D = problem.dayCount
        var out: [Option] = []
        var deliveries: [(DeliveryMode, Int)] = course.inPersonSites.map { (.inPerson, $0) }
        if course.online { deliveries += (0..<problem.siteCount).map { (.online, $0) } }
        for t in course.teachers {
            let teacher = problem.teachers[t]
            for (mode, site) in deliveries {
                // Meetings as (length, held online), longest first; equal ones adjacent.
                let elements = course.pattern.indices.map { (length: course.pattern[$0], online: mode == .inPerson && course.meetingOnline[$0]) }
                    .sorted { $0.length != $1.length ? $0.length > $1.length : (!$0.online && $1.online) }
                if (mode == .online || elements.contains { $0.online }) && !teacher.mayTeachOnline { continue }
                if site != teacher.home && !teacher.maySite[site] { continue }
                func rooms(online: Bool) -> [Int] {
                    problem.rooms.indices.filter { r in
                        let room = problem.rooms[r]
                        guard room.site == site else { return false }
                        return mode == .online || online ? room.isOnlineStudio : course.roomFeatures.isSubset(of: room.features)
                    }
                }
                var starts: [[(Int, Int, Int)]] = [[], []]  // in a classroom, in a studio
                for online in [false, true] {
                    for d in 0..<D { for p in 0..<P { for r in rooms(online: online) { starts[online ? 1 : 0].append((d, p, r)) } } }
                }
                func place(_ i: Int, _ acc: [(day: Int, period: Int, length: Int, room: Int, online: Bool)], _ minIndex: Int) {
                    if i == elements.count {
                        var slots: [Int] = [], onlineSlots = Set<Int>()
                        for m in acc {
                            for k in 0..<m.length {
                                slots.append(m.day * P + m.period + k)
                                if m.online { onlineSlots.insert(m.day * P + m.period + k) }
                            }
                        }
                        if Set(slots).count != slots.count { return }
                        if course.distinctDays && Set(acc.map(\.day)).count != acc.count { return }
                        if slots.contains(where: { teacher.busy[$0] }) { return }
                        for m in acc { for k in 0..<m.length where problem.rooms[m.room].busy[m.day * P + m.period + k] { return } }
                        out.append(Option(course: c, teacher: t, mode: mode, site: site, meetings: acc, slots: slots, onlineSlots: onlineSlots))
                        return
                    }
                    let (l, online) = elements[i]
                    let list = starts[online ? 1 : 0]
                    let from = (i > 0 && elements[i - 1] == (l, online)) ? minIndex : 0
                    for k in from..<list.count {
                        let (d, p, r) = list[k]
                        if p + l > P { continue }
                        place(i + 1, acc + [(d, p, l, r, online)], k + 1)
                    }
                }
                place(0, [], 0)
            }
        }
        _ = inst
        return out
    }

    /// The best feasible objective, or nil when no timetable is feasible.
    func best() -> (objective: Double, solution: Solution)? {
        let inst = instance
        var requests: [(s: Int, q: Int)] = []
        for (s, student) in problem.students.enumerated() { for q in student.requests.indices { requests.append((s, q)) } }
        var perCourse: [[[Option]]] = []
        for c in problem.courses.indices {
            let demand = requests.filter { r in problem.students[r.s].requests[r.q].alternatives.contains { $0.course == c } }.count
            let k = min(problem.courses[c].maxSections ?? demand, demand)
            let options = sectionOptions(course: c)
            var sets: [[Option]] = [[]]
            func choose(_ start: Int, _ acc: [Option]) {
                if !acc.isEmpty { sets.append(acc) }
                if acc.count == k { return }
                for i in start..<options.count { choose(i + 1, acc + [options[i]]) }
            }
            choose(0, [])
            perCourse.append(sets)
        }
        found = nil
        let P = problem.periodCount
        func combine(_ c: Int, _ acc: [Option]) {
            if c == perCourse.count {
                // Teacher and room clashes, teacher hours.
                var teacherSlots = Set<Int>(), roomSlots = Set<Int>()
                var hours = [Int](repeating: 0, count: problem.teachers.count)
                for o in acc {
                    for slot in o.slots where !teacherSlots.insert(o.teacher * 1000 + slot).inserted { return }
                    for m in o.meetings { for k in 0..<m.length where !roomSlots.insert(m.room * 1000 + m.day * P + m.period + k).inserted { return } }
                    hours[o.teacher] += o.slots.count
                }
                for t in problem.teachers.indices where hours[t] > problem.teachers[t].maxWeeklyPeriods { return }
                assign(sections: acc, requests: requests)
                return
            }
            for set in perCourse[c] { combine(c + 1, acc + set) }
        }
        combine(0, [])
        _ = inst
        return found.map { (objective: $0.0, solution: $0.1) }
    }

    private func assign(sections: [Option], requests: [(s: Int, q: Int)]) {
        // Choices per request: nil (refused) or (section, alternative, join).
        typealias Choice = (section: Int, alternative: Int, join: Int)  // join: -1 in person, -2 from home, room
        var choices: [[Choice?]] = []
        for (s, q) in requests {
            let student = problem.students[s], request = student.requests[q]
            var list: [Choice?] = request.required ? [] : [nil]
            for (i, o) in sections.enumerated() {
                guard let a = request.alternatives.firstIndex(where: { alt in
                    alt.course == o.course && (alt.mode == nil || alt.mode == o.mode) && (alt.site == nil || (o.mode == .inPerson && alt.site == o.site))
                }) else { continue }
                if o.slots.contains(where: { student.busy[$0] }) { continue }
                if !o.joinsOnline {
                    list.append((i, a, -1))
                } else {
                    if student.onlineFromHome { list.append((i, a, -2)) }
                    for r in problem.rooms.indices where problem.rooms[r].site == student.home && problem.rooms[r].computerSeats > 0 {
                        list.append((i, a, r))
                    }
                }
            }
            if list.isEmpty { return }
            choices.append(list)
        }
        var pick = [Choice?](repeating: nil, count: requests.count)
        func go(_ i: Int) {
            if i == requests.count {
                // Section sizes and student double booking.
                var size = [Int](repeating: 0, count: sections.count)
                var busy = Set<Int>()
                for (k, c) in pick.enumerated() {
                    guard let c else { continue }
                    size[c.section] += 1
                    for slot in sections[c.section].slots where !busy.insert(requests[k].s * 1000 + slot).inserted { return }
                }
                for (j, o) in sections.enumerated() {
                    let course = problem.courses[o.course]
                    if size[j] < course.minSize || size[j] > course.maxSize { return }
                }
                evaluate(sections: sections, requests: requests, picks: pick.map { $0.map { ($0.section, $0.alternative, $0.join) } })
                return
            }
            for c in choices[i] {
                pick[i] = c
                go(i + 1)
            }
        }
        go(0)
    }

    private func evaluate(sections: [Option], requests: [(s: Int, q: Int)], picks: [(Int, Int, Int)?]) {
        let inst = instance
        let P = problem.periodCount
        var solSections: [Solution.Section] = []
        for (i, o) in sections.enumerated() {
            solSections.append(Solution.Section(
                id: "sec\(i)", course: inst.courses[o.course].id, teacher: inst.teachers[o.teacher].id, mode: o.mode,
                site: inst.sites[o.site].id,
                meetings: o.meetings.map { Solution.Meeting(day: inst.calendar.days[$0.day], period: $0.period + 1, length: $0.length,
                                                            room: inst.rooms[$0.room].id, online: $0.online ? true : nil) }))
        }
        var assignments: [Solution.Assignment] = []
        var unsatisfied: [Solution.Unsatisfied] = []
        // Where each person is, per slot.
        var studentSite = problem.students.map { s in s.busy.map { $0 ? s.home : -1 } }
        var teacherSite = problem.teachers.map { t in t.busy.map { $0 ? t.home : -1 } }
        for o in sections { for slot in o.slots { teacherSite[o.teacher][slot] = o.site } }
        for (k, (s, q)) in requests.enumerated() {
            guard let (sec, alt, join) = picks[k] else {
                unsatisfied.append(Solution.Unsatisfied(student: inst.students[s].id, request: q,
                                                        required: problem.students[s].requests[q].required, reason: "refused"))
                continue
            }
            let o = sections[sec]
            assignments.append(Solution.Assignment(student: inst.students[s].id, request: q, alternative: alt, section: "sec\(sec)",
                                                   onlineRoom: join >= 0 ? inst.rooms[join].id : nil, fromHome: join == -2 ? true : nil))
            for slot in o.slots { studentSite[s][slot] = o.mode == .online || o.onlineSlots.contains(slot) ? problem.students[s].home : o.site }
        }
        var itineraries: [Solution.Itinerary] = []
        func legs(_ sites: [Int], home: Int, day: Int) -> [Solution.Leg]? {
            var out: [Solution.Leg] = []
            var at = home, lastEnd: Int? = nil
            for p in 0..<P {
                let site = sites[day * P + p]
                if site < 0 { continue }
                if site != at {
                    guard let t = problem.travel(from: at, to: site) else { return nil }
                    let depart = lastEnd ?? (problem.periodStart[p] - t)
                    out.append(Solution.Leg(from: inst.sites[at].id, to: inst.sites[site].id, depart: ClockTime.text(depart),
                                            arrive: ClockTime.text(depart + t)))
                    at = site
                }
                lastEnd = problem.periodEnd[p]
            }
            if at != home {
                guard let t = problem.travel(from: at, to: home), let e = lastEnd else { return nil }
                out.append(Solution.Leg(from: inst.sites[at].id, to: inst.sites[home].id, depart: ClockTime.text(e), arrive: ClockTime.text(e + t)))
            }
            return out
        }
        for (s, student) in problem.students.enumerated() {
            for d in 0..<problem.dayCount {
                guard let l = legs(studentSite[s], home: student.home, day: d) else { return }
                if !l.isEmpty { itineraries.append(Solution.Itinerary(person: inst.students[s].id, role: .student, day: inst.calendar.days[d], legs: l)) }
            }
        }
        for (t, teacher) in problem.teachers.enumerated() {
            for d in 0..<problem.dayCount {
                guard let l = legs(teacherSite[t], home: teacher.home, day: d) else { return }
                if !l.isEmpty { itineraries.append(Solution.Itinerary(person: inst.teachers[t].id, role: .teacher, day: inst.calendar.days[d], legs: l)) }
            }
        }
        let solution = Solution(instance: inst.name, engine: "brute force", sections: solSections, assignments: assignments,
                                itineraries: itineraries, unsatisfied: unsatisfied)
        checked += 1
        let report = Checker(problem).check(solution)
        guard report.feasible else { return }
        if found == nil || report.objective < found!.0 - 1e-9 { found = (report.objective, solution) }
    }
}
