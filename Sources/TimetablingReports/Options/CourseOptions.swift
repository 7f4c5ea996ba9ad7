import TimetablingCore

/// The courses a student may choose, checked while the choice is made (a questionnaire, or a
/// "curriculum constructor" app a tutor fills in with the student): for every course of the
/// bank, whether the student can take it and every reason in the data why not
/// (``OptionReason``), the ways to attend, and, against a published solution, the open sections
/// the student could join now with the change to the student's trips.
///
/// Without a solution only the data are judged: the course's grades; a way to attend (an
/// in-person site the student can reach within the longest single trip, by road or by bus runs,
/// or online with permission and a place to join from); a placement of the course's meetings in
/// the student's free periods (lengths, different days), within the daily and weekly hygiene
/// limits counting the regular lessons; and whether the student already asks for it. Travel time
/// around the meetings is not judged then: it depends on when the sections meet.
///
/// With a solution, a section is offered when the student could join it as the timetable stands:
/// a free seat, no clash with regular or network lessons, hygiene limits kept with the granted
/// network lessons, online a place to join from at every meeting, and every day it touches
/// travelled (the legs are built: ``join(student:section:)`` returns the timetable with the
/// student in the section, which the ``Checker`` accepts as it accepted the published one).
///
/// ```swift
/// let options = try CourseOptions(problem: problem, solution: published)
/// for option in options.options(student: "s-borki-10-01") ?? [] where option.available {
///     print(option.course, option.sections?.map(\.section) ?? [])
/// }
/// ```
///
/// Complexity: per course O(slots + days^meetings) for the placement (a pattern has a few
/// meetings), and with a solution O(sections of the course × (meeting periods × computer rooms
/// + days × periods × bus stops²)).
public struct CourseOptions: Sendable {
    public let problem: Problem
    private let explainer: Explainer?

    /// Options judged on the data alone.
    public init(problem: Problem) {
        self.problem = problem
        explainer = nil
    }

    /// Options judged against a published solution; fails when a reference of the solution does
    /// not resolve (an unusable solution: see the checker).
    public init(problem: Problem, solution: Solution) throws {
        self.problem = problem
        explainer = try Explainer(problem: problem, solution: solution)
    }

    /// Every course of the bank, in the instance's order, for the student; nil for an unknown student.
    public func options(student id: String) -> [CourseOption]? {
        guard let s = problem.studentIndex[id] else { return nil }
        let context = explainer.map { Context(explainer: $0, student: s) }
        return problem.courses.indices.map { option(student: s, course: $0, context: context) }
    }

    /// One course for the student; nil for an unknown student or course.
    public func option(student id: String, course: String) -> CourseOption? {
        guard let s = problem.studentIndex[id], let c = problem.courseIndex[course] else { return nil }
        return option(student: s, course: c, context: explainer.map { Context(explainer: $0, student: s) })
    }

    /// The timetable with the student in an offered section: the instance (with a new request
    /// for the course, labelled with the course id, when the student had none) and the solution
    /// with the assignment, the request taken off the unsatisfied list and the student's legs of
    /// the days that change. Nil without a solution, or when the section is not offered.
    public func join(student id: String, section sectionId: String) -> (instance: Instance, solution: Solution)? {
        guard let explainer, let s = problem.studentIndex[id],
              let sec = explainer.view.sections.firstIndex(where: { $0.id == sectionId })
        else { return nil }
        let context = Context(explainer: explainer, student: s)
        let c = explainer.view.sections[sec].course
        // Only a section the options offer: the course's own reasons are checked first.
        guard self.option(student: s, course: c, context: context).sections?.contains(where: { $0.section == sectionId }) == true,
              case let .offered(option, days) = plan(section: sec, student: s, course: c, context: context)
        else { return nil }
        var instance = problem.instance
        let request: Int
        if let r = option.request {
            request = r
        } else {
            request = instance.students[s].requests.count
            let cid = instance.courses[c].id
            let label = instance.students[s].requests.contains { $0.id == cid } ? nil : cid
            instance.students[s].requests.append(Request(id: label, alternatives: [Alternative(course: cid)]))
        }
        var solution = explainer.view.solution
        solution.assignments.append(Solution.Assignment(student: id, request: request, alternative: option.alternative,
                                                        section: sectionId, onlineRoom: option.onlineRoom, fromHome: option.fromHome))
        solution.unsatisfied.removeAll { $0.student == id && $0.request == request }
        for (day, legs) in days {
            let dayId = problem.instance.calendar.days[day]
            let new = Solution.Itinerary(person: id, role: .student, day: dayId, legs: legs)
            if let k = solution.itineraries.firstIndex(where: { $0.role == .student && $0.person == id && $0.day == dayId }) {
                solution.itineraries[k] = new
            } else {
                solution.itineraries.append(new)
            }
        }
        return (instance, solution)
    }

    // MARK: - One course

    /// What a solution adds for one student: the student's week and the explainer's view.
    private struct Context {
        let explainer: Explainer
        let week: StudentWeek
        let route: JoinRoute

        init(explainer: Explainer, student s: Int) {
            self.explainer = explainer
            week = StudentWeek(view: explainer.view, student: s)
            route = JoinRoute(view: explainer.view, riders: explainer.riders)
        }
    }

    private func option(student s: Int, course c: Int, context: Context?) -> CourseOption {
        let student = problem.students[s]
        let course = problem.courses[c]
        let cid = problem.instance.courses[c].id
        var reasons: [OptionReason] = []
        if !course.grades.isEmpty && !course.grades.contains(student.grade) {
            reasons.append(.gradeNotEligible(grade: student.grade, grades: course.grades.sorted()))
        }
        let (ways, wayReasons) = attendance(student: s, course: c)
        if ways.isEmpty { reasons += wayReasons }
        reasons += timeReasons(student: s, course: c)
        // Already asked for: the first request naming the course, granted or not.
        var pending: Int?
        if let r = student.requests.firstIndex(where: { $0.alternatives.contains { $0.course == c } }) {
            let view = context?.explainer.view
            let granted = view.flatMap { v in v.grant(student: s, request: r).map { v.sections[v.assignments[$0].section].id } }
            reasons.append(.alreadyRequested(request: r, label: problem.instance.students[s].requests[r].id,
                                             granted: view.map { _ in granted != nil }, section: granted))
            if granted == nil { pending = r }
        }
        var sections: [SectionOption]?
        if let context {
            // Sections are offered when nothing but a request still waiting for a section stands in the way.
            let blocked = reasons.contains { if case .alreadyRequested = $0 { return pending == nil } else { return true } }
            sections = blocked ? [] : context.explainer.view.sectionsByCourse[c].compactMap { sec in
                if case let .offered(option, _) = plan(section: sec, student: s, course: c, context: context, pending: pending) { return option }
                return nil
            }
        }
        return CourseOption(course: cid, available: reasons.isEmpty, reasons: reasons, ways: ways, sections: sections)
    }

    // MARK: Ways to attend

    private func attendance(student s: Int, course c: Int) -> ([AttendanceWay], [OptionReason]) {
        let student = problem.students[s]
        let course = problem.courses[c]
        var ways: [AttendanceWay] = []
        var reasons: [OptionReason] = []
        if course.inPersonSites.isEmpty { reasons.append(.notTaughtInPerson) }
        for site in course.inPersonSites {
            switch reach(from: student.home, to: site, limit: student.maxOneWayMinutes) {
            case .success(let minutes): ways.append(AttendanceWay(mode: .inPerson, site: siteId(site), minutes: minutes))
            case .failure(let why): reasons.append(why.reason)
            }
        }
        if !course.online {
            reasons.append(.notTaughtOnline)
        } else if !student.mayAttendOnline {
            reasons.append(.onlineNotAllowed)
        } else if !student.onlineFromHome && !problem.rooms.contains(where: { $0.site == student.home && $0.computerSeats > 0 }) {
            reasons.append(.noJoinPlace(site: siteId(student.home)))
        } else {
            ways.append(AttendanceWay(mode: .online, fromHome: student.onlineFromHome))
        }
        return (ways, reasons)
    }

    private struct Unreachable: Error {
        let reason: OptionReason
    }

    /// One-way minutes from home to a site the student can reach and come back from: by road
    /// both ways within the limit, or with bus runs a day with a ride there and a ride back, each
    /// within the limit (the shortest ride there is given).
    private func reach(from home: Int, to site: Int, limit: Int) -> Result<Int, Unreachable> {
        if site == home { return .success(0) }
        let id = siteId(site)
        if problem.transportMode == .travelTimes {
            guard let there = problem.travel(from: home, to: site), let back = problem.travel(from: site, to: home) else {
                return .failure(Unreachable(reason: .noRoad(site: id)))
            }
            if max(there, back) > limit { return .failure(Unreachable(reason: .tripTooLong(site: id, minutes: max(there, back), limit: limit))) }
            return .success(there)
        }
        var best: Int?, shortestOverall: Int?
        for d in 0..<problem.dayCount {
            let there = rides(from: home, to: site, day: d), back = rides(from: site, to: home, day: d)
            guard let t = there.min(), let b = back.min() else { continue }
            shortestOverall = min(shortestOverall ?? Int.max, max(t, b))
            if t <= limit && b <= limit { best = min(best ?? Int.max, t) }
        }
        if let best { return .success(best) }
        if let shortestOverall { return .failure(Unreachable(reason: .tripTooLong(site: id, minutes: shortestOverall, limit: limit))) }
        return .failure(Unreachable(reason: .noBusLink(site: id)))
    }

    /// Minutes of every bus ride from one site to another on a day.
    private func rides(from a: Int, to b: Int, day d: Int) -> [Int] {
        var out: [Int] = []
        for run in problem.busRuns where run.days[d] {
            for (i, x) in run.stops.enumerated() where x.site == a {
                for y in run.stops[(i + 1)...] where y.site == b { out.append(y.time - x.time) }
            }
        }
        return out
    }

    // MARK: Time and hygiene

    private func timeReasons(student s: Int, course c: Int) -> [OptionReason] {
        let student = problem.students[s]
        let course = problem.courses[c]
        let days = problem.dayCount, periods = problem.periodCount
        var regular = [Int](repeating: 0, count: days)
        var runs = [[Int]](repeating: [], count: days)
        for d in 0..<days {
            var run = 0
            for p in 0..<periods {
                if student.busy[problem.slot(day: d, period: p)] {
                    regular[d] += 1
                    if run > 0 { runs[d].append(run) }
                    run = 0
                } else {
                    run += 1
                }
            }
            if run > 0 { runs[d].append(run) }
        }
        let cap = regular.map { max(problem.maxLessonsPerDay(student: s) - $0, 0) }
        let pattern = course.pattern
        let free = Placement(pattern: pattern, distinctDays: course.distinctDays, days: days) { d, lengths in
            Placement.packs(lengths, into: runs[d])
        }
        let capped = Placement(pattern: pattern, distinctDays: course.distinctDays, days: days) { d, lengths in
            lengths.reduce(0, +) <= cap[d]
        }
        let both = Placement(pattern: pattern, distinctDays: course.distinctDays, days: days) { d, lengths in
            lengths.reduce(0, +) <= cap[d] && Placement.packs(lengths, into: runs[d])
        }
        var out: [OptionReason] = []
        let dayIds = problem.instance.calendar.days
        if !free.exists {
            out.append(.noFreeTime(pattern: pattern, distinctDays: course.distinctDays,
                                   longestFree: (0..<days).map { DayCount(day: dayIds[$0], count: runs[$0].max() ?? 0) }))
        }
        if !capped.exists || (free.exists && !both.exists) {
            out.append(.hygieneDaily(pattern: pattern, lessons: (0..<days).map { DayCount(day: dayIds[$0], count: regular[$0]) },
                                     limit: problem.maxLessonsPerDay(student: s)))
        }
        let total = regular.reduce(0, +)
        if total + course.weeklyPeriods > problem.maxLessonsPerWeek(student: s) {
            out.append(.hygieneWeekly(lessons: total, adding: course.weeklyPeriods, limit: problem.maxLessonsPerWeek(student: s)))
        }
        return out
    }

    // MARK: Sections of a solution

    private enum Plan {
        case offered(SectionOption, [(day: Int, legs: [Solution.Leg])])
        case refused
    }

    /// Whether the student could join section `sec` now, and how.
    private func plan(section sec: Int, student s: Int, course c: Int, context: Context) -> Plan {
        let student = problem.students[s]
        let pending = student.requests.firstIndex { $0.alternatives.contains { $0.course == c } }
        if let pending, context.explainer.view.grant(student: s, request: pending) != nil { return .refused }
        return plan(section: sec, student: s, course: c, context: context, pending: pending)
    }

    private func plan(section sec: Int, student s: Int, course c: Int, context: Context, pending: Int?) -> Plan {
        let explainer = context.explainer
        let view = explainer.view
        let section = view.sections[sec]
        let student = problem.students[s]
        let course = problem.courses[c]
        if !course.grades.isEmpty && !course.grades.contains(student.grade) { return .refused }
        // The alternative granted: of the waiting request, the first that accepts the section; else a new request.
        var alternative = 0
        if let r = pending {
            guard let k = student.requests[r].alternatives.firstIndex(where: { $0.course == c && explainer.matches(section, $0) })
            else { return .refused }
            alternative = k
        }
        guard explainer.obstacles(section: sec, week: context.week) == [.wouldFit(section: section.id)] else { return .refused }
        var onlineRoom: String?, fromHome: Bool?
        if section.hasOnlineMeetings {
            if student.onlineFromHome {
                fromHome = true
            } else {
                guard let r = joinRoom(section: sec, student: s) else { return .refused }
                onlineRoom = view.roomId(r)
            }
        }
        var days: [(day: Int, legs: [Solution.Leg])] = []
        var changes: [DayRouteChange] = []
        for d in Set(section.meetings.map(\.day)).sorted() {
            guard let legs = context.route.legs(student: s, day: d, joining: sec) else { return .refused }
            let before = view.legs(student: s, day: d).map(JoinRoute.Leg.init)
            guard legs != before else { continue }
            let after = legs.map(solutionLeg)
            days.append((d, after))
            let visited = Set(before.map(\.to))
            var newSites: [String] = []
            for leg in legs where leg.to != student.home && !visited.contains(leg.to) && !newSites.contains(view.siteId(leg.to)) {
                newSites.append(view.siteId(leg.to))
            }
            changes.append(DayRouteChange(day: view.dayId(d), before: before.map(solutionLeg), after: after, newSites: newSites,
                                          extraMinutes: legs.reduce(0) { $0 + $1.travelMinutes } - before.reduce(0) { $0 + $1.travelMinutes }))
        }
        let meetings = section.meetings.map { m in
            MeetingRef(day: view.dayId(m.day), period: m.period + 1, length: m.length, start: ClockTime.text(view.start(m.period)),
                       end: ClockTime.text(view.end(m.period + m.length - 1)))
        }
        let option = SectionOption(section: section.id, mode: section.mode, site: view.siteId(section.site), teacher: view.teacherId(section.teacher),
                                   meetings: meetings, freeSeats: view.limit(of: sec) - view.size(of: sec), request: pending,
                                   alternative: alternative, onlineRoom: onlineRoom, fromHome: fromHome,
                                   routeChange: RouteChange(days: changes))
        return .offered(option, days)
    }

    /// A computer room of the student's home site with a free seat at every meeting of the
    /// section (no regular use, no meeting in it), the most seats first.
    private func joinRoom(section sec: Int, student s: Int) -> Int? {
        let view = explainer!.view
        let home = problem.students[s].home, slots = problem.slotCount
        let rooms = problem.rooms.indices.filter { problem.rooms[$0].site == home && problem.rooms[$0].computerSeats > 0 }
            .sorted { (problem.rooms[$0].computerSeats, $1) > (problem.rooms[$1].computerSeats, $0) }
        return rooms.first { r in
            view.sections[sec].meetings.filter(view.sections[sec].heldOnline).allSatisfy { m in
                m.periods.allSatisfy { p in
                    let slot = problem.slot(day: m.day, period: p)
                    return !problem.rooms[r].busy[slot] && view.roomMeetings[r * slots + slot].isEmpty
                        && view.roomJoiners[r * slots + slot].count < problem.rooms[r].computerSeats
                }
            }
        }
    }

    private func solutionLeg(_ l: JoinRoute.Leg) -> Solution.Leg {
        Solution.Leg(from: siteId(l.from), to: siteId(l.to), depart: ClockTime.text(l.depart), arrive: ClockTime.text(l.arrive),
                     busRun: l.busRun.map { problem.instance.transport.busRuns[$0].id })
    }

    private func siteId(_ s: Int) -> String { problem.instance.sites[s].id }
}

/// Whether a course's meetings can be placed on the days of a week: each meeting on one day,
/// different days when the pattern asks for it, and each day's meetings accepted by `fits`.
/// Backtracking over days; a pattern has a few meetings, so at most days^meetings tries.
struct Placement {
    let exists: Bool

    init(pattern: [Int], distinctDays: Bool, days: Int, fits: (Int, [Int]) -> Bool) {
        var perDay = [[Int]](repeating: [], count: days)
        let lengths = pattern.sorted(by: >)
        func place(_ k: Int) -> Bool {
            if k == lengths.count { return true }
            for d in 0..<days {
                if distinctDays && !perDay[d].isEmpty { continue }
                perDay[d].append(lengths[k])
                if fits(d, perDay[d]) && place(k + 1) { return true }
                perDay[d].removeLast()
            }
            return false
        }
        exists = place(0)
    }

    /// Whether meetings of the given lengths fit, without overlapping, into runs of free periods.
    static func packs(_ lengths: [Int], into runs: [Int]) -> Bool {
        var left = runs
        let sorted = lengths.sorted(by: >)
        func place(_ k: Int) -> Bool {
            if k == sorted.count { return true }
            for i in left.indices where left[i] >= sorted[k] {
                left[i] -= sorted[k]
                if place(k + 1) { return true }
                left[i] += sorted[k]
            }
            return false
        }
        return place(0)
    }
}
