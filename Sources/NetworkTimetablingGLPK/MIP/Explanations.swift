import TimetablingCore
import TimetablingEngines

/// Why a request has no assignment: the data that block each of its alternatives, found from the
/// pre-filtered sets (a request whose alternatives all lost their candidates cannot be met by
/// any timetable), or the search's verdict when the request was possible on its own.
struct Explanations {
    let sets: MIPSets
    var problem: Problem { sets.problem }

    enum Verdict {
        /// The optimiser left an elective request out.
        case notGranted
        /// The elastic model dropped a required request to make the rest feasible.
        case droppedByElastic(minimum: Int)
        /// The search stopped before the request was placed.
        case stoppedEarly
    }

    /// Whether some section could take the request at all (it has an assignment column).
    func isPossible(student s: Int, request q: Int) -> Bool {
        sets.studentTypes.contains { $0.student == s && $0.requests.contains { $0.request == q } }
    }

    func reason(student s: Int, request q: Int, verdict: Verdict) -> String {
        if !isPossible(student: s, request: q) {
            let clauses = problem.students[s].requests[q].alternatives.map { blockers(student: s, alternative: $0) }
            if clauses.count == 1 { return "no section can take it: " + clauses[0] }
            return "no alternative can be met: " + clauses.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: "; ")
        }
        switch verdict {
        case .notGranted:
            return "possible on its own, but the optimal timetable leaves it out: its sections, times and trips cost more than "
                + "granting it saves, or conflict with requests granted instead"
        case let .droppedByElastic(minimum):
            return "possible on its own, but not together with the other required requests (rooms, teachers' free periods and "
                + "hours, section sizes, travel and seats); the elastic model has to drop at least \(minimum) required "
                + "request\(minimum == 1 ? "" : "s")"
        case .stoppedEarly:
            return "possible on its own, but not placed in the best timetable found before the search stopped"
        }
    }

    private func label(_ a: Problem.AlternativeData) -> String {
        var text = problem.instance.courses[a.course].id
        switch (a.mode, a.site) {
        case (.online?, _): text += " (online)"
        case let (_, site?): text += " (in person at \(problem.instance.sites[site].id))"
        case (.inPerson?, nil): text += " (in person)"
        case (nil, nil): break
        }
        return text
    }

    /// The data that block one alternative, as a sentence.
    func blockers(student s: Int, alternative a: Problem.AlternativeData) -> String {
        let p = problem, inst = p.instance
        let student = p.students[s], sid = inst.students[s].id
        let course = p.courses[a.course], cid = inst.courses[a.course].id
        let head = label(a) + ": "
        if !course.grades.isEmpty && !course.grades.contains(student.grade) {
            return head + "course \(cid) is for grades \(course.grades.sorted().map(String.init).joined(separator: ", ")), student \(sid) is in grade \(student.grade)"
        }
        let P = p.periodCount
        let free = (0..<p.slotCount).filter { !student.busy[$0] && sets.dayRoom[s][$0 / P] > 0 }.count
        let need = course.weeklyPeriods
        if free < need || sets.weekRoom[s] < need {
            let room = min(free, max(sets.weekRoom[s], 0))
            return head + "student \(sid) has \(room) free period\(room == 1 ? "" : "s") within the regular timetable and the lesson limits, course \(cid) needs \(need)"
        }
        var reasons: [String] = []
        for (k, type) in sets.types.enumerated() where sets.alternative(a, allows: type) {
            reasons.append(typeBlocker(k, student: s))
        }
        if reasons.isEmpty { reasons.append("no delivery of course \(cid) matches the alternative") }
        return head + Array(Set(reasons)).sorted().joined(separator: "; ")
    }

    private func typeBlocker(_ k: Int, student s: Int) -> String {
        let type = sets.types[k]
        let p = problem, inst = p.instance
        let student = p.students[s], sid = inst.students[s].id
        let course = p.courses[type.course], cid = inst.courses[type.course].id
        let home = student.home, hid = inst.sites[home].id
        let W = course.weeklyPeriods
        if type.mode == .online {
            switch sets.join[s] {
            case .none:
                if !student.mayAttendOnline { return "student \(sid) may not attend online" }
                return "no room at \(hid) has computer seats and student \(sid) may not join from home"
            default: break
            }
            if p.maxOnlineLessonsPerDay < 1 { return "online lessons are limited to 0 a day" }
            if type.configs.isEmpty { return "no eligible teacher may teach \(cid) online from a site with an online studio" }
        } else {
            let site = type.site, sid2 = inst.sites[site].id
            if type.isBlended {
                // A blended course's online meetings: joined from home or a computer room, taught from a studio.
                if sets.join[s] == .none {
                    if !student.mayAttendOnline { return "student \(sid) may not attend online (\(cid) holds meetings online)" }
                    return "no room at \(hid) has computer seats for \(cid)'s online meetings and student \(sid) may not join from home"
                }
                if type.configs.isEmpty { return "no eligible teacher of \(cid) may teach at \(sid2) and teach online" }
                if type.studios.isEmpty { return "no online studio at \(sid2) for \(cid)'s online meetings" }
            }
            if type.configs.isEmpty { return "no eligible teacher of \(cid) may teach at \(sid2)" }
            if type.rooms.isEmpty {
                return "no room at \(sid2) has the features \(course.roomFeatures.sorted()) and \(course.minSize) or more seats"
            }
            if site != home {
                let limit = student.maxOneWayMinutes
                if p.transportMode == .busRuns {
                    let rides = sets.rides ?? BusRides(problem: p)
                    let there = rides.between(home, site).filter { $0.minutes <= limit }
                    let back = rides.between(site, home).filter { $0.minutes <= limit }
                    if there.isEmpty || back.isEmpty {
                        let online = course.online ? "" : " and no online option"
                        return "no bus run from \(hid) to \(sid2) and back within \(limit) min\(online)"
                    }
                } else if p.travel(from: home, to: site) == nil || p.travel(from: site, to: home) == nil {
                    return "no road between \(hid) and \(sid2)" + (course.online ? "" : " and no online option")
                } else if max(p.travel(from: home, to: site)!, p.travel(from: site, to: home)!) > limit {
                    let t = max(p.travel(from: home, to: site)!, p.travel(from: site, to: home)!)
                    return "the road between \(hid) and \(sid2) takes \(t) min, student \(sid)'s longest single trip is \(limit) min"
                }
            }
        }
        // Teachers' and rooms' free periods.
        let teacherFree = type.configs.map { cfg in (cfg.teacher, (0..<p.slotCount).filter { !p.teachers[cfg.teacher].busy[$0] }.count) }
        if !teacherFree.contains(where: { $0.1 >= W }) {
            let list = Set(teacherFree.map { "\(inst.teachers[$0.0].id) has \($0.1)" }).sorted().joined(separator: ", ")
            return "no eligible teacher has \(W) free periods for \(cid) (\(list))"
        }
        if sets.studentTypes.contains(where: { $0.student == s && $0.type == k }) { return "fits on its own" }
        if type.candidates == 0 {
            let allStarts = type.starts.values.reduce(0) { $0 + $1.count }
            if allStarts == 0 {
                return "no time when an eligible teacher is free, can be at the site, and a suitable room is free, shared with the student's free periods "
                    + "and enough other students (minimum size \(course.minSize))"
            }
            return "too few students can join a section of \(cid) here (minimum size \(course.minSize))"
        }
        return "the student's free periods, reachable in time from \(hid), and the possible meeting times of \(cid) "
            + "(teacher and room free) do not give the pattern \(course.pattern)"
    }
}
