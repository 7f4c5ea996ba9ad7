import TimetablingCore
/// A ``Solution`` read against its ``Problem``: every id resolved to the problem's dense index,
/// with the lookups that reports and explanations need (who is in which section, where each
/// person is in each slot, how a room is used, who rides which trip).
///
/// It reads the solution as it is and judges nothing: the ``Checker`` does that. Building it
/// fails only when a reference does not resolve, which the checker reports as an unusable
/// solution; callers check first and show the checker's diagnostics.
///
/// ```swift
/// let view = try SolutionView(problem, solution)
/// view.sectionsOf(student: 3)   // section indices the student attends
/// ```
struct SolutionView {
    struct Meeting {
        var day: Int
        /// 0-based first period.
        var period: Int
        var length: Int
        var room: Int
        var periods: Range<Int> { period..<(period + length) }
    }

    struct Section {
        var id: String
        var course: Int
        var teacher: Int
        var mode: DeliveryMode
        var site: Int
        var meetings: [Meeting]
    }

    struct Assignment {
        var student: Int
        var request: Int
        var alternative: Int
        var section: Int
        var onlineRoom: Int?
        var fromHome: Bool
    }

    struct Leg {
        var from: Int
        var to: Int
        var depart: Int
        var arrive: Int
        var busRun: Int?
        var minutes: Int { max(arrive - depart, 0) }
    }

    /// Thrown when a reference of the solution does not resolve.
    struct Unresolved: Error, CustomStringConvertible {
        var description: String
    }

    let problem: Problem
    let solution: Solution
    let sections: [Section]
    let sectionIndex: [String: Int]
    let assignments: [Assignment]
    let assignmentsByStudent: [[Int]]
    let assignmentsBySection: [[Int]]
    let sectionsByTeacher: [[Int]]
    let sectionsByCourse: [[Int]]
    /// `[student][request]` → the first assignment granting it.
    let granted: [[Int?]]
    /// `[student][day]` and `[teacher][day]` → the legs of the day's itinerary.
    let studentLegs: [[[Leg]]]
    let teacherLegs: [[[Leg]]]
    /// `room * slotCount + slot` → sections meeting in the room then.
    let roomMeetings: [Int: [Int]]
    /// `room * slotCount + slot` → online assignments joining from the room then.
    let roomJoiners: [Int: [Int]]

    init(_ problem: Problem, _ solution: Solution) throws {
        self.problem = problem
        self.solution = solution
        func look(_ id: String, _ index: [String: Int], _ kind: String) throws -> Int {
            guard let i = index[id] else { throw Unresolved(description: "unknown \(kind) \"\(id)\"") }
            return i
        }
        var sectionIndex: [String: Int] = [:]
        var sections: [Section] = []
        for s in solution.sections {
            var meetings: [Meeting] = []
            for m in s.meetings {
                let day = try look(m.day, problem.dayIndex, "day")
                guard m.period >= 1, m.length >= 1, m.period - 1 + m.length <= problem.periodCount else {
                    throw Unresolved(description: "section \(s.id): meeting period \(m.period) length \(m.length) outside the day")
                }
                meetings.append(Meeting(day: day, period: m.period - 1, length: m.length, room: try look(m.room, problem.roomIndex, "room")))
            }
            sectionIndex[s.id] = sections.count
            sections.append(Section(id: s.id, course: try look(s.course, problem.courseIndex, "course"),
                                    teacher: try look(s.teacher, problem.teacherIndex, "teacher"), mode: s.mode,
                                    site: try look(s.site, problem.siteIndex, "site"), meetings: meetings))
        }
        let students = problem.students.count, teachers = problem.teachers.count, days = problem.dayCount
        var assignments: [Assignment] = []
        var byStudent = [[Int]](repeating: [], count: students)
        var bySection = [[Int]](repeating: [], count: sections.count)
        var granted = problem.students.map { [Int?](repeating: nil, count: $0.requests.count) }
        for a in solution.assignments {
            let s = try look(a.student, problem.studentIndex, "student")
            let sec = try look(a.section, sectionIndex, "section")
            guard granted[s].indices.contains(a.request),
                  problem.students[s].requests[a.request].alternatives.indices.contains(a.alternative)
            else { throw Unresolved(description: "student \(a.student): request \(a.request) alternative \(a.alternative) does not exist") }
            let room = try a.onlineRoom.map { try look($0, problem.roomIndex, "room") }
            let i = assignments.count
            assignments.append(Assignment(student: s, request: a.request, alternative: a.alternative, section: sec,
                                          onlineRoom: room, fromHome: a.fromHome ?? false))
            byStudent[s].append(i)
            bySection[sec].append(i)
            if granted[s][a.request] == nil { granted[s][a.request] = i }
        }
        var byTeacher = [[Int]](repeating: [], count: teachers)
        var byCourse = [[Int]](repeating: [], count: problem.courses.count)
        for (i, s) in sections.enumerated() {
            byTeacher[s.teacher].append(i)
            byCourse[s.course].append(i)
        }
        var sLegs = [[[Leg]]](repeating: [[Leg]](repeating: [], count: days), count: students)
        var tLegs = [[[Leg]]](repeating: [[Leg]](repeating: [], count: days), count: teachers)
        for it in solution.itineraries {
            let day = try look(it.day, problem.dayIndex, "day")
            var legs: [Leg] = []
            for l in it.legs {
                guard let dep = ClockTime.minutes(l.depart), let arr = ClockTime.minutes(l.arrive) else {
                    throw Unresolved(description: "\(it.person) on \(it.day): leg times \(l.depart)–\(l.arrive) are not clock times")
                }
                legs.append(Leg(from: try look(l.from, problem.siteIndex, "site"), to: try look(l.to, problem.siteIndex, "site"),
                                depart: dep, arrive: arr, busRun: try l.busRun.map { try look($0, problem.busRunIndex, "bus run") }))
            }
            switch it.role {
            case .student: sLegs[try look(it.person, problem.studentIndex, "student")][day] += legs
            case .teacher: tLegs[try look(it.person, problem.teacherIndex, "teacher")][day] += legs
            }
        }
        var roomMeetings: [Int: [Int]] = [:], roomJoiners: [Int: [Int]] = [:]
        let slots = problem.slotCount
        for (i, s) in sections.enumerated() {
            for m in s.meetings {
                for p in m.periods { roomMeetings[m.room * slots + problem.slot(day: m.day, period: p), default: []].append(i) }
            }
        }
        for (i, a) in assignments.enumerated() {
            let s = sections[a.section]
            guard s.mode == .online, let room = a.onlineRoom, !a.fromHome else { continue }
            for m in s.meetings {
                for p in m.periods { roomJoiners[room * slots + problem.slot(day: m.day, period: p), default: []].append(i) }
            }
        }
        self.sections = sections
        self.sectionIndex = sectionIndex
        self.assignments = assignments
        self.assignmentsByStudent = byStudent
        self.assignmentsBySection = bySection
        self.sectionsByTeacher = byTeacher
        self.sectionsByCourse = byCourse
        self.granted = granted
        self.studentLegs = sLegs
        self.teacherLegs = tLegs
        self.roomMeetings = roomMeetings
        self.roomJoiners = roomJoiners
    }

    // MARK: Ids and times

    var instance: Instance { problem.instance }
    func studentId(_ s: Int) -> String { instance.students[s].id }
    func teacherId(_ t: Int) -> String { instance.teachers[t].id }
    func courseId(_ c: Int) -> String { instance.courses[c].id }
    func siteId(_ s: Int) -> String { instance.sites[s].id }
    func roomId(_ r: Int) -> String { instance.rooms[r].id }
    func dayId(_ d: Int) -> String { instance.calendar.days[d] }
    func busRunId(_ r: Int) -> String { instance.transport.busRuns[r].id }
    func start(_ period: Int) -> Int { problem.periodStart[period] }
    func end(_ period: Int) -> Int { problem.periodEnd[period] }

    // MARK: Derived quantities

    func size(of section: Int) -> Int { assignmentsBySection[section].count }

    /// Network periods a week the teacher teaches in this solution.
    func teacherLoad(_ t: Int) -> Int {
        sectionsByTeacher[t].reduce(0) { $0 + problem.courses[sections[$1].course].weeklyPeriods }
    }

    /// The most students a section may hold: the course's maximum, and in person each meeting room's seats.
    func limit(of section: Int) -> Int {
        let s = sections[section]
        var m = problem.courses[s.course].maxSize
        if s.mode == .inPerson { for meeting in s.meetings { m = min(m, problem.rooms[meeting.room].capacity) } }
        return m
    }

    /// Per slot, the assignments of a student whose section meets then.
    func networkSlots(student s: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: problem.slotCount)
        for a in assignmentsByStudent[s] {
            for m in sections[assignments[a].section].meetings {
                for p in m.periods { out[problem.slot(day: m.day, period: p)].append(a) }
            }
        }
        return out
    }

    /// Per slot, the sections a teacher teaches then.
    func teachingSlots(teacher t: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: problem.slotCount)
        for s in sectionsByTeacher[t] {
            for m in sections[s].meetings {
                for p in m.periods { out[problem.slot(day: m.day, period: p)].append(s) }
            }
        }
        return out
    }

    /// Where the student is for a network lesson of `section`: its site in person, home online.
    func lessonSite(student s: Int, section: Int) -> Int {
        sections[section].mode == .online ? problem.students[s].home : sections[section].site
    }

    /// Riders of each bus run segment on each day: `[run][day][segment]`.
    func busRiders() -> [[[Int]]] {
        var riders = problem.busRuns.map { run in
            [[Int]](repeating: [Int](repeating: 0, count: max(run.stops.count - 1, 0)), count: problem.dayCount)
        }
        func add(_ legs: [[Leg]]) {
            for (d, day) in legs.enumerated() {
                for leg in day {
                    guard let r = leg.busRun, let (i, j) = boarding(run: r, leg: leg) else { continue }
                    for seg in i..<j { riders[r][d][seg] += 1 }
                }
            }
        }
        studentLegs.forEach(add)
        teacherLegs.forEach(add)
        return riders
    }

    /// The stops of run `r` where a leg boards and alights (the first match), if it follows the run.
    func boarding(run r: Int, leg: Leg) -> (Int, Int)? {
        let stops = problem.busRuns[r].stops
        for (i, a) in stops.enumerated() where a.site == leg.from && a.time == leg.depart {
            for j in (i + 1)..<stops.count where stops[j].site == leg.to && stops[j].time == leg.arrive { return (i, j) }
        }
        return nil
    }
}
