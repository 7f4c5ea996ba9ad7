/// Thrown when a solution cannot be read against its instance (an id or index that does not
/// resolve); carries every error found, each with its place in the solution.
public struct UnusableSolutionError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        "the solution cannot be read against the instance:\n" + diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension IndexedSolution {
    /// Reads `solution` against `problem`. Throws ``UnusableSolutionError`` with every error
    /// diagnostic when a reference does not resolve (the checker then calls the solution unusable).
    public init(_ problem: Problem, _ solution: Solution) throws {
        let (indexed, diagnostics) = IndexedSolution.resolve(solution, in: problem)
        guard let indexed else { throw UnusableSolutionError(diagnostics: diagnostics.filter { $0.severity == .error }) }
        self = indexed
    }

    /// The indexed solution when every reference resolves, and every diagnostic found (errors and
    /// warnings), as the checker reports them. O(size of the solution + the lookups' size).
    public static func resolve(_ solution: Solution, in problem: Problem) -> (IndexedSolution?, [Diagnostic]) {
        SolutionResolver.resolve(solution, in: problem)
    }
}

/// Resolves a ``Solution``'s string ids against a ``Problem``, collecting every reference that
/// does not resolve (the "Unusable solutions" section of `docs/RULES.md`).
///
/// Never traps: unknown ids, periods outside the day, empty meetings, negative indexes and
/// malformed clock times each become an error ``Diagnostic`` naming its place, e.g.
/// `sections[3].meetings[1].room: unknown room "x"`. O(size of the solution).
struct SolutionResolver {
    private let problem: Problem
    private var list = DiagnosticList()
    /// "use one of: …" hints, computed once per kind of id.
    private var hints: [String: String] = [:]

    private init(problem: Problem) { self.problem = problem }

    /// The indexed solution when no error was found, and every diagnostic (errors and warnings).
    static func resolve(_ solution: Solution, in problem: Problem) -> (IndexedSolution?, [Diagnostic]) {
        var r = SolutionResolver(problem: problem)
        let parts = r.run(solution)
        guard !r.list.hasErrors else { return (nil, r.list.items) }
        return (IndexedSolution(problem: problem, solution: solution, sections: parts.sections, assignments: parts.assignments,
                                itineraries: parts.itineraries, unsatisfied: parts.unsatisfied), r.list.items)
    }

    /// The resolved lists, with 0 in place of each reference that does not resolve.
    private struct Parts {
        var sections: [IndexedSolution.Section] = []
        var assignments: [IndexedSolution.Assignment] = []
        var itineraries: [IndexedSolution.Itinerary] = []
        var unsatisfied: [IndexedSolution.Unsatisfied] = []
    }

    // swiftlint:disable:next function_body_length
    private mutating func run(_ solution: Solution) -> Parts {
        var out = Parts()
        if solution.formatVersion != 1 {
            list.error("formatVersion", "unsupported format version \(solution.formatVersion)", fix: "set it to 1")
        }
        if solution.instance != problem.instance.name {
            list.warning("instance", "the solution is for instance \"\(solution.instance)\", not \"\(problem.instance.name)\"",
                         fix: "check that the solution and the instance belong together")
        }

        // Sections
        var sectionIndex: [String: Int] = [:]
        for (i, s) in solution.sections.enumerated() {
            let path = "sections[\(i)]"
            if s.id.isEmpty {
                list.error(path + ".id", "empty section id", fix: "give every section a unique non-empty id")
            } else if let first = sectionIndex[s.id] {
                list.error(path + ".id", "duplicate section id \"\(s.id)\" (also sections[\(first)])", fix: "make section ids unique")
            } else {
                sectionIndex[s.id] = i
            }
            let course = ref(s.course, problem.courseIndex, path + ".course", "course")
            let teacher = ref(s.teacher, problem.teacherIndex, path + ".teacher", "teacher")
            let site = ref(s.site, problem.siteIndex, path + ".site", "site")
            if s.meetings.isEmpty {
                list.error(path + ".meetings", "section \"\(s.id)\" has no meetings", fix: "give the section its weekly meetings")
            }
            var meetings: [IndexedSolution.Meeting] = []
            for (k, m) in s.meetings.enumerated() {
                if let meeting = meeting(m, path: "\(path).meetings[\(k)]") { meetings.append(meeting) }
            }
            out.sections.append(.init(id: s.id, course: course ?? 0, teacher: teacher ?? 0, mode: s.mode, site: site ?? 0,
                                      meetings: meetings))
        }

        // Assignments
        for (i, a) in solution.assignments.enumerated() {
            let path = "assignments[\(i)]"
            let student = ref(a.student, problem.studentIndex, path + ".student", "student")
            var request = 0, alternative = 0
            if let student {
                let requests = problem.instance.students[student].requests
                if let r = index(a.request, count: requests.count, path + ".request", "request of student \"\(a.student)\"") {
                    request = r
                    alternative = index(a.alternative, count: requests[r].alternatives.count, path + ".alternative",
                                        "alternative of request \(r) of student \"\(a.student)\"") ?? 0
                }
            }
            let section = sectionIndex[a.section]
            if section == nil { unknown(a.section, path + ".section", "section", known: Array(sectionIndex.keys)) }
            let room = a.onlineRoom.flatMap { ref($0, problem.roomIndex, path + ".onlineRoom", "room") }
            out.assignments.append(.init(student: student ?? 0, request: request, alternative: alternative,
                                         section: section ?? 0, onlineRoom: room, fromHome: a.fromHome ?? false))
        }

        // Itineraries
        var seen: [Int: Int] = [:]
        let dayCount = problem.dayCount
        for (i, it) in solution.itineraries.enumerated() {
            let path = "itineraries[\(i)]"
            let person = it.role == .student
                ? ref(it.person, problem.studentIndex, path + ".person", "student")
                : ref(it.person, problem.teacherIndex, path + ".person", "teacher")
            let day = ref(it.day, problem.dayIndex, path + ".day", "day")
            if let person, let day {
                let key = ((it.role == .student ? 0 : 1) * max(problem.instance.students.count, problem.instance.teachers.count)
                           + person) * dayCount + day
                if let first = seen[key] {
                    list.error(path, "a second itinerary for \(it.role.rawValue) \"\(it.person)\" on \(it.day) (also itineraries[\(first)])",
                               fix: "merge the legs of one person's day into one itinerary")
                } else {
                    seen[key] = i
                }
            }
            var legs: [IndexedSolution.Leg] = []
            for (k, leg) in it.legs.enumerated() {
                let lp = "\(path).legs[\(k)]"
                let from = ref(leg.from, problem.siteIndex, lp + ".from", "site")
                let to = ref(leg.to, problem.siteIndex, lp + ".to", "site")
                let depart = time(leg.depart, lp + ".depart")
                let arrive = time(leg.arrive, lp + ".arrive")
                let run = leg.busRun.flatMap { ref($0, problem.busRunIndex, lp + ".busRun", "bus run") }
                if let from, let to, let depart, let arrive, leg.busRun == nil || run != nil {
                    legs.append(.init(from: from, to: to, depart: depart, arrive: arrive, busRun: run))
                }
            }
            out.itineraries.append(.init(role: it.role, person: person ?? 0, day: day ?? 0, legs: legs))
        }

        // Unsatisfied
        for (i, u) in solution.unsatisfied.enumerated() {
            let path = "unsatisfied[\(i)]"
            guard let student = ref(u.student, problem.studentIndex, path + ".student", "student") else { continue }
            let requests = problem.instance.students[student].requests
            guard let r = index(u.request, count: requests.count, path + ".request", "request of student \"\(u.student)\"") else {
                continue
            }
            if requests[r].required != u.required {
                list.warning(path + ".required", "says \(u.required), but request \(r) of student \"\(u.student)\" is "
                             + (requests[r].required ? "required" : "elective"))
            }
            out.unsatisfied.append(.init(student: student, request: r))
        }
        return out
    }

    private mutating func meeting(_ m: Solution.Meeting, path: String) -> IndexedSolution.Meeting? {
        let day = ref(m.day, problem.dayIndex, path + ".day", "day")
        let room = ref(m.room, problem.roomIndex, path + ".room", "room")
        let periods = problem.periodCount
        var ok = true
        if m.period < 1 || m.period > periods {
            list.error(path + ".period", "period \(m.period) does not exist", fix: "periods are numbered 1...\(periods)")
            ok = false
        }
        if m.length < 1 {
            list.error(path + ".length", "a meeting of \(m.length) periods", fix: "give a length of 1 or more periods")
            ok = false
        } else if ok && m.length > periods - (m.period - 1) {
            list.error(path + ".length", "a meeting of \(m.length) periods from period \(m.period) runs past period \(periods), the last of the day",
                       fix: "start it earlier or shorten it")
            ok = false
        }
        guard ok, let day, let room else { return nil }
        return .init(day: day, period: m.period - 1, length: m.length, room: room, online: m.online ?? false)
    }

    private mutating func ref(_ id: String, _ index: [String: Int], _ path: String, _ kind: String) -> Int? {
        if let i = index[id] { return i }
        unknown(id, path, kind, known: Array(index.keys))
        return nil
    }

    private mutating func unknown(_ id: String, _ path: String, _ kind: String, known: @autoclosure () -> [String]) {
        let hint: String
        if let cached = hints[kind] {
            hint = cached
        } else {
            let ids = known().sorted()
            hint = ids.isEmpty ? "there are no \(kind)s"
                : "use one of: " + ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", …" : "")
            hints[kind] = hint
        }
        list.error(path, "unknown \(kind) \"\(id)\"", fix: hint)
    }

    private mutating func index(_ i: Int, count: Int, _ path: String, _ what: String) -> Int? {
        if i >= 0 && i < count { return i }
        list.error(path, "no \(what) with index \(i)",
                   fix: count == 0 ? "there is none" : "use a 0-based index from 0 to \(count - 1)")
        return nil
    }

    private mutating func time(_ text: String, _ path: String) -> Int? {
        if let m = ClockTime.minutes(text) { return m }
        list.error(path, "\"\(text)\" is not a clock time", fix: "write HH:MM, e.g. 08:30")
        return nil
    }
}
