import TimetablingCore
/// The pre-solve diagnosis: what in an instance makes it impossible or tight, found from the
/// data alone before any search, each finding naming the records and numbers involved.
///
/// It looks for courses no teacher can take on (hours, permissions, free periods), students
/// whose regular lessons alone break their grade's daily or weekly hygiene limit or whose free
/// periods or weekly limit cannot hold what they ask for, room features no site
/// offers, sites and requests no one can reach, demand above the teachers' hours, and required
/// courses that cannot reach their minimum size. `netsched diagnose` prints it and
/// `netsched solve` runs it first.
///
/// ```swift
/// for f in Diagnosis(problem).run() where f.severity == .error {
///     print(DiagnosisText(.en, problem.instance).text(f))
/// }
/// ```
///
/// Complexity: O(students × (slots + alternatives × sites) + courses × teachers × slots).
public struct Diagnosis: Sendable {
    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    private var instance: Instance { problem.instance }

    /// Every finding, errors first, then in the order of the instance's records.
    public func run() -> [DiagnosisFinding] {
        var out: [DiagnosisFinding] = []
        let firm = firmCourses()
        out += teacherFindings(firm: firm)
        out += roomFindings(firm: firm)
        out += siteFindings()
        out += studentFindings()
        out += demandFindings(firm: firm)
        out += minimumFindings(firm: firm)
        return out.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity < b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    /// Per course, the students whose required requests name only that course (so the request
    /// stands or falls with the course).
    func firmCourses() -> [[Int]] {
        var firm = [[Int]](repeating: [], count: problem.courses.count)
        for (s, st) in problem.students.enumerated() {
            for r in st.requests where r.required {
                let courses = Set(r.alternatives.map(\.course))
                if courses.count == 1, let c = courses.first, !firm[c].contains(s) { firm[c].append(s) }
            }
        }
        return firm
    }

    private func severity(_ course: Int, _ firm: [[Int]]) -> Diagnostic.Severity { firm[course].isEmpty ? .warning : .error }

    // MARK: Teachers

    func teacherFindings(firm: [[Int]]) -> [DiagnosisFinding] {
        var out: [DiagnosisFinding] = []
        for (c, course) in problem.courses.enumerated() {
            let id = instance.courses[c].id, path = "courses[\(c)]"
            let weekly = course.weeklyPeriods
            let teachers = course.teachers
            guard !teachers.isEmpty else { continue }   // an input error, reported by validation
            let withHours = teachers.filter { problem.teachers[$0].maxWeeklyPeriods >= weekly }
            if withHours.isEmpty {
                let loads = teachers.map { TeacherLoad(teacher: instance.teachers[$0].id, periods: 0, max: problem.teachers[$0].maxWeeklyPeriods) }
                out.append(.init(severity(c, firm), path, .courseNoTeacherHours(course: id, needed: weekly, teachers: loads)))
                continue
            }
            let allowed = withHours.filter { t in
                let teacher = problem.teachers[t]
                return (course.online && teacher.mayTeachOnline) || course.inPersonSites.contains { teacher.maySite[$0] }
            }
            if allowed.isEmpty {
                out.append(.init(severity(c, firm), path, .courseNoTeacherAllowed(course: id, teachers: withHours.map { instance.teachers[$0].id })))
                continue
            }
            if !allowed.contains(where: { patternFits(course, busy: problem.teachers[$0].busy) }) {
                out.append(.init(severity(c, firm), path, .courseNoTeacherTime(course: id, pattern: course.pattern,
                                                                              teachers: allowed.map { instance.teachers[$0].id })))
            }
        }
        return out
    }

    /// Whether the course's meetings can be laid in the free periods of a timetable (`busy` by
    /// slot). With `distinctDays` this is exact (a matching of meetings to days); otherwise it
    /// answers no only when the free periods or the longest free run are too few.
    func patternFits(_ course: Problem.CourseData, busy: [Bool]) -> Bool {
        var longest = [Int](repeating: 0, count: problem.dayCount)
        var free = 0
        for d in 0..<problem.dayCount {
            var run = 0
            for p in 0..<problem.periodCount {
                if busy[problem.slot(day: d, period: p)] { run = 0 } else {
                    run += 1
                    free += 1
                    longest[d] = max(longest[d], run)
                }
            }
        }
        let lengths = course.pattern.sorted(by: >)
        guard free >= course.weeklyPeriods, (longest.max() ?? 0) >= (lengths.first ?? 0) else { return false }
        guard course.distinctDays else { return true }
        var used = [Bool](repeating: false, count: problem.dayCount)
        func place(_ k: Int) -> Bool {
            if k == lengths.count { return true }
            for d in 0..<problem.dayCount where !used[d] && longest[d] >= lengths[k] {
                used[d] = true
                if place(k + 1) { return true }
                used[d] = false
            }
            return false
        }
        return place(0)
    }

    // MARK: Rooms

    func roomFindings(firm: [[Int]]) -> [DiagnosisFinding] {
        var out: [DiagnosisFinding] = []
        let allFeatures = Set(problem.rooms.flatMap(\.features))
        for (c, course) in problem.courses.enumerated() where !course.inPersonSites.isEmpty && !course.roomFeatures.isEmpty {
            let id = instance.courses[c].id, path = "courses[\(c)].roomFeatures"
            // Only online left: an error for required courses only when online is not allowed either.
            let sev: Diagnostic.Severity = course.online ? .warning : severity(c, firm)
            let missing = course.roomFeatures.subtracting(allFeatures).sorted()
            if !missing.isEmpty {
                out.append(.init(sev, path, .featureNowhere(course: id, features: missing)))
                continue
            }
            let ok = problem.rooms.contains { course.inPersonSites.contains($0.site) && course.roomFeatures.isSubset(of: $0.features) }
            if !ok {
                out.append(.init(sev, path, .featureNotAtSites(course: id, features: course.roomFeatures.sorted(),
                                                               sites: course.inPersonSites.map { instance.sites[$0].id })))
            }
        }
        return out
    }

    // MARK: Sites and reach

    func siteFindings() -> [DiagnosisFinding] {
        var out: [DiagnosisFinding] = []
        let n = problem.siteCount
        var studentsAt = [Int](repeating: 0, count: n)
        for st in problem.students { studentsAt[st.home] += 1 }
        var hosts = [Bool](repeating: false, count: n)
        for c in problem.courses { for s in c.inPersonSites { hosts[s] = true } }
        for s in 0..<n where studentsAt[s] > 0 || hosts[s] {
            let road = (0..<n).contains { $0 != s && (problem.travel(from: s, to: $0) != nil || problem.travel(from: $0, to: s) != nil) }
            let seats = problem.rooms.contains { $0.site == s && $0.computerSeats > 0 }
            let studio = problem.rooms.contains { $0.site == s && $0.isOnlineStudio }
            let fromHome = problem.students.contains { $0.home == s && $0.mayAttendOnline && $0.onlineFromHome }
            if !road && !seats && !studio && !fromHome {
                out.append(.init(.warning, "sites[\(s)]", .siteUnreachable(site: instance.sites[s].id, students: studentsAt[s])))
            }
            if problem.transportMode == .busRuns && studentsAt[s] > 0 && n > 1
                && !problem.busRuns.contains(where: { $0.stops.contains { $0.site == s } }) {
                out.append(.init(.warning, "sites[\(s)]", .siteWithoutBus(site: instance.sites[s].id, students: studentsAt[s])))
            }
        }
        return out
    }

    /// Whether the student could take an alternative at all: eligible, and either a reachable
    /// in-person site or a way to join online.
    func reachable(_ alt: Problem.AlternativeData, student st: Problem.StudentData) -> Bool {
        let course = problem.courses[alt.course]
        if !course.grades.isEmpty && !course.grades.contains(st.grade) { return false }
        if alt.mode != .online {
            let sites = alt.site.map { [$0] } ?? course.inPersonSites
            if sites.contains(where: { canTravel(st, to: $0) }) { return true }
        }
        if alt.mode != .inPerson && alt.site == nil && course.online && st.mayAttendOnline {
            let seats = problem.rooms.contains { $0.site == st.home && $0.computerSeats > 0 }
            if (st.onlineFromHome || seats) && problem.rooms.contains(where: \.isOnlineStudio) { return true }
        }
        return false
    }

    /// There and back within the student's longest trip: by road, or by bus runs when transport is by runs.
    func canTravel(_ st: Problem.StudentData, to site: Int) -> Bool {
        if site == st.home { return true }
        if problem.transportMode == .busRuns {
            func ride(_ a: Int, _ b: Int) -> Bool {
                problem.busRuns.contains { run in
                    run.stops.enumerated().contains { i, x in
                        x.site == a && run.stops[(i + 1)...].contains { $0.site == b && $0.time - x.time <= st.maxOneWayMinutes }
                    }
                }
            }
            return ride(st.home, site) && ride(site, st.home)
        }
        guard let there = problem.travel(from: st.home, to: site), let back = problem.travel(from: site, to: st.home) else { return false }
        return there <= st.maxOneWayMinutes && back <= st.maxOneWayMinutes
    }

    // MARK: Students

    func studentFindings() -> [DiagnosisFinding] {
        var out: [DiagnosisFinding] = []
        for (s, st) in problem.students.enumerated() {
            let id = instance.students[s].id, path = "students[\(s)]"
            let regular = st.busy.filter { $0 }.count
            let free = problem.slotCount - regular
            func shortest(_ r: Problem.RequestData) -> Int {
                r.alternatives.map { problem.courses[$0.course].weeklyPeriods }.min() ?? 0
            }
            let required = st.requests.filter(\.required).reduce(0) { $0 + shortest($1) }
            let all = st.requests.reduce(0) { $0 + shortest($1) }
            if required > free {
                out.append(.init(.error, path, .studentFreePeriods(student: id, free: free, requested: required, requiredOnly: true)))
            } else if all > free {
                out.append(.init(.warning, path, .studentFreePeriods(student: id, free: free, requested: all, requiredOnly: false)))
            }
            // Regular lessons alone above a hygiene limit: every timetable breaks it.
            let grade = instance.students[s].grade
            for d in 0..<problem.dayCount {
                let n = (0..<problem.periodCount).filter { st.busy[problem.slot(day: d, period: $0)] }.count
                if n > st.maxLessonsPerDay {
                    out.append(.init(.error, path, .studentRegularAboveLimit(student: id, grade: grade, day: instance.calendar.days[d],
                                                                             regular: n, limit: st.maxLessonsPerDay)))
                }
            }
            let limit = st.maxLessonsPerWeek
            if regular > limit {
                out.append(.init(.error, path, .studentRegularAboveLimit(student: id, grade: grade, day: nil, regular: regular, limit: limit)))
            } else if regular + required > limit {
                out.append(.init(.error, path, .studentWeeklyLimit(student: id, regular: regular, requested: required, limit: limit,
                                                                   requiredOnly: true)))
            } else if regular + all > limit {
                out.append(.init(.warning, path, .studentWeeklyLimit(student: id, regular: regular, requested: all, limit: limit,
                                                                     requiredOnly: false)))
            }
            for (r, req) in st.requests.enumerated() where !req.alternatives.isEmpty {
                if !req.alternatives.contains(where: { reachable($0, student: st) }) {
                    var courses: [String] = []
                    for a in req.alternatives where !courses.contains(instance.courses[a.course].id) { courses.append(instance.courses[a.course].id) }
                    out.append(.init(req.required ? .error : .warning, "\(path).requests[\(r)]",
                                     .requestUnreachable(student: id, request: r, courses: courses)))
                }
            }
        }
        return out
    }

    // MARK: Demand and hours

    func demandFindings(firm: [[Int]]) -> [DiagnosisFinding] {
        var out: [DiagnosisFinding] = []
        var firmDemand = 0
        for (c, course) in problem.courses.enumerated() where !firm[c].isEmpty {
            let n = firm[c].count
            let sections = (n + max(course.maxSize, 1) - 1) / max(course.maxSize, 1)
            let periods = sections * course.weeklyPeriods
            firmDemand += periods
            let hours = course.teachers.reduce(0) { $0 + problem.teachers[$1].maxWeeklyPeriods }
            if periods > hours {
                out.append(.init(.error, "courses[\(c)]", .courseDemandAboveHours(course: instance.courses[c].id, students: n,
                                                                                sections: sections, periods: periods, hours: hours)))
            }
        }
        let hours = problem.teachers.reduce(0) { $0 + $1.maxWeeklyPeriods }
        if firmDemand > hours {
            out.append(.init(.error, "teachers", .demandAboveHours(demand: firmDemand, hours: hours, requiredOnly: true)))
            return out
        }
        // Every request by its first alternative; a course counts when enough ask to open it.
        var askers = [Int](repeating: 0, count: problem.courses.count)
        for st in problem.students {
            for r in st.requests { if let a = r.alternatives.first { askers[a.course] += 1 } }
        }
        var demand = 0
        for (c, course) in problem.courses.enumerated() where askers[c] > 0 && askers[c] >= course.minSize {
            demand += (askers[c] + max(course.maxSize, 1) - 1) / max(course.maxSize, 1) * course.weeklyPeriods
        }
        if demand > hours { out.append(.init(.warning, "teachers", .demandAboveHours(demand: demand, hours: hours, requiredOnly: false))) }
        return out
    }

    func minimumFindings(firm: [[Int]]) -> [DiagnosisFinding] {
        var out: [DiagnosisFinding] = []
        for (c, course) in problem.courses.enumerated() where !firm[c].isEmpty {
            let candidates = problem.students.filter { st in
                st.requests.contains { r in r.alternatives.contains { $0.course == c && reachable($0, student: st) } }
            }.count
            if candidates < course.minSize {
                out.append(.init(.error, "courses[\(c)].minSize", .minimumAboveCandidates(
                    course: instance.courses[c].id, candidates: candidates, minimum: course.minSize,
                    requiredBy: firm[c].map { instance.students[$0].id })))
            }
        }
        return out
    }
}
