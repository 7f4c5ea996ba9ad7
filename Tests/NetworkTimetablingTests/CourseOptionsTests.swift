import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports

/// `CourseOptions`: each refusal kind on the explanation fixture, confirmed against the data by
/// an independent verifier; the same verifier over every student of the examples; and against
/// heuristic solutions of Terbuny (bus runs) and the Arctic network (roads), every section offered
/// joined and judged by the checker.
final class CourseOptionsTests: XCTestCase {
    private func options(_ instance: Instance, student: String = "s1", file: StaticString = #filePath, line: UInt = #line) throws -> [CourseOption] {
        let p = try problem(instance, file: file, line: line)
        let list = try XCTUnwrap(CourseOptions(problem: p).options(student: student), file: file, line: line)
        for o in list { try OptionVerifier(problem: p, student: student).verify(o, file: file, line: line) }
        return list
    }

    private func option(_ list: [CourseOption], _ course: String) throws -> CourseOption {
        try XCTUnwrap(list.first { $0.course == course }, "course \(course)")
    }

    /// The fixture with a second course `y` (1 period, in person at A or B, not online) that s1 does not ask for.
    private func withY(_ edit: (inout Course) -> Void = { _ in }) -> Instance {
        var inst = ExplainFixture.instance()
        var y = Course(id: "y", subject: "x", pattern: [1], maxSize: 10, inPersonSites: ["A", "B"])
        edit(&y)
        inst.courses.append(y)
        return inst
    }

    private func example(_ name: String) throws -> Instance {
        let url = ExamplesTests.root.appendingPathComponent("Examples").appendingPathComponent(name + ".json")
        return try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
    }

    private func kinds(_ o: CourseOption) -> [String] { o.reasons.map(\.kind) }

    func testAvailableCourseListsEveryWay() throws {
        let y = try option(try options(withY { $0.online = true }), "y")
        XCTAssertTrue(y.available)
        XCTAssertEqual(y.reasons, [])
        XCTAssertEqual(y.ways, [AttendanceWay(mode: .inPerson, site: "A", minutes: 0), AttendanceWay(mode: .inPerson, site: "B", minutes: 20),
                                AttendanceWay(mode: .online, fromHome: false)])
        XCTAssertNil(y.sections, "no solution, no sections")
    }

    func testGradeNotEligible() throws {
        let y = try option(try options(withY { $0.grades = [11] }), "y")
        XCTAssertFalse(y.available)
        XCTAssertEqual(y.reasons, [.gradeNotEligible(grade: 10, grades: [11])])
    }

    func testNoWayToAttendNamesEverySiteAndWhyNotOnline() throws {
        // C has no road; B is 20 min away and the student's longest trip is 15; y is not online.
        var inst = withY { $0.inPersonSites = ["B", "C"] }
        inst.students[0].maxOneWayMinutes = 15
        let y = try option(try options(inst), "y")
        XCTAssertFalse(y.available)
        XCTAssertEqual(y.reasons, [.tripTooLong(site: "B", minutes: 20, limit: 15), .noRoad(site: "C"), .notTaughtOnline])
        XCTAssertEqual(y.ways, [])
        // Online, but the student may not attend online.
        inst.courses[1].online = true
        inst.students[0].online = false
        XCTAssertEqual(try option(try options(inst), "y").reasons, [.tripTooLong(site: "B", minutes: 20, limit: 15), .noRoad(site: "C"), .onlineNotAllowed])
        // Online allowed, but at home site B there is no computer seat and the student may not join from home.
        inst.students[0].online = true
        inst.students[0].homeSite = "B"
        inst.courses[1].inPersonSites = ["C"]
        XCTAssertEqual(try option(try options(inst), "y").reasons, [.noRoad(site: "C"), .noJoinPlace(site: "B")])
        // Online only, and the student may not attend online.
        var onlineOnly = inst
        onlineOnly.courses[1].inPersonSites = []
        onlineOnly.students[0].online = false
        XCTAssertEqual(try option(try options(onlineOnly), "y").reasons, [.notTaughtInPerson, .onlineNotAllowed])
        // From home it is a way.
        inst.students[0].onlineFromHome = true
        let fromHome = try option(try options(inst), "y")
        XCTAssertTrue(fromHome.available)
        XCTAssertEqual(fromHome.ways, [AttendanceWay(mode: .online, fromHome: true)])
    }

    func testNoBusLinkAndTripTooLongByBus() throws {
        var inst = withY { $0.inPersonSites = ["B", "D"] }
        inst.transport.mode = .busRuns
        // A run A → B on mon and back B → A (30 min each way); nothing to D.
        inst.transport.busRuns = [
            BusRun(id: "ab", days: ["mon"], seats: 10, stops: [.init(site: "A", time: "08:00"), .init(site: "B", time: "08:30")]),
            BusRun(id: "ba", days: ["mon"], seats: 10, stops: [.init(site: "B", time: "13:00"), .init(site: "A", time: "13:30")]),
        ]
        let y = try option(try options(inst), "y")
        XCTAssertTrue(y.available, "B is reached by bus")
        XCTAssertEqual(y.ways, [AttendanceWay(mode: .inPerson, site: "B", minutes: 30)])
        inst.students[0].maxOneWayMinutes = 25
        XCTAssertEqual(try option(try options(inst), "y").reasons, [.tripTooLong(site: "B", minutes: 30, limit: 25), .noBusLink(site: "D"), .notTaughtOnline])
    }

    func testNoFreeTimeForADoubleMeeting() throws {
        // Regular lessons in periods 2 and 4 every day: no two free periods in a row.
        var inst = withY { $0.pattern = [2] }
        inst.students[0].busy = Dictionary(uniqueKeysWithValues: ExplainFixture.days.map { ($0, [2, 4]) })
        let y = try option(try options(inst), "y")
        XCTAssertEqual(y.reasons, [.noFreeTime(pattern: [2], distinctDays: true, longestFree: ExplainFixture.days.map { DayCount(day: $0, count: 1) })])
        // Single periods fit.
        inst.courses[1].pattern = [1, 1]
        XCTAssertTrue(try option(try options(inst), "y").available)
    }

    func testNoFreeTimeOnDifferentDays() throws {
        // Only Wednesday is free: two meetings on different days do not fit, on one day they do.
        var inst = withY { $0.pattern = [1, 1] }
        inst.students[0].busy = ["mon": [1, 2, 3, 4], "tue": [1, 2, 3, 4]]
        inst.hygiene.maxLessonsPerWeek = 34
        XCTAssertEqual(try option(try options(inst), "y").reasons.map(\.kind), ["noFreeTime"])
        inst.courses[1].distinctDays = false
        XCTAssertTrue(try option(try options(inst), "y").available)
    }

    func testDailyHygieneLimitLeavesNoRoom() throws {
        // Two regular lessons a day and a limit of 2: periods 3 and 4 are free, but no lesson may be added.
        var inst = withY()
        inst.hygiene.maxLessonsPerDay = 2
        inst.students[0].busy = Dictionary(uniqueKeysWithValues: ExplainFixture.days.map { ($0, [1, 2]) })
        let y = try option(try options(inst), "y")
        XCTAssertEqual(y.reasons, [.hygieneDaily(pattern: [1], lessons: ExplainFixture.days.map { DayCount(day: $0, count: 2) }, limit: 2)])
        // One day below the limit is enough for one meeting.
        inst.students[0].busy["tue"] = [1]
        XCTAssertTrue(try option(try options(inst), "y").available)
    }

    func testDailyLimitTogetherWithFreePeriods() throws {
        // Eight periods, limit 7, a double meeting. Monday: 4 lessons (room for 3 more) but no two free
        // periods in a row; Tuesday: two free periods in a row but 6 lessons (room for 1); Wednesday full.
        var inst = withY { $0.pattern = [2] }
        inst.calendar.periods = (0..<8).map { k in
            WeekCalendar.Period(start: String(format: "%02d:00", 8 + k), end: String(format: "%02d:45", 8 + k))
        }
        inst.students[0].busy = ["mon": [2, 4, 6, 8], "tue": [1, 2, 3, 4, 5, 6], "wed": Array(1...8)]
        inst.hygiene.maxLessonsPerWeek = 34
        // Each alone has room (Tuesday's free periods; Monday's count), together not.
        XCTAssertEqual(try option(try options(inst), "y").reasons,
                       [.hygieneDaily(pattern: [2], lessons: [.init(day: "mon", count: 4), .init(day: "tue", count: 6), .init(day: "wed", count: 8)],
                                      limit: 7)])
    }

    func testDailyLimitOfTheStudentsGrade() throws {
        // Eight periods, six regular lessons a day, periods 7 and 8 free: a grade-5 student (SanPiN: 6 a
        // day) has no room, a grade-10 student (7 a day) has.
        var inst = withY()
        inst.calendar.periods = (0..<8).map { k in
            WeekCalendar.Period(start: String(format: "%02d:00", 8 + k), end: String(format: "%02d:45", 8 + k))
        }
        inst.students[0].busy = Dictionary(uniqueKeysWithValues: ExplainFixture.days.map { ($0, Array(1...6)) })
        XCTAssertTrue(try option(try options(inst), "y").available)
        inst.students[0].grade = 5
        XCTAssertEqual(try option(try options(inst), "y").reasons,
                       [.hygieneDaily(pattern: [1], lessons: ExplainFixture.days.map { DayCount(day: $0, count: 6) }, limit: 6)])
    }

    func testWeeklyHygieneLimit() throws {
        var inst = withY { $0.pattern = [1, 1] }
        inst.hygiene.maxLessonsPerWeek = 4
        inst.students[0].busy = ["mon": [1], "tue": [1], "wed": [1]]
        XCTAssertEqual(try option(try options(inst), "y").reasons, [.hygieneWeekly(lessons: 3, adding: 2, limit: 4)])
    }

    func testAlreadyRequested() throws {
        let list = try options(withY())
        let x = try option(list, "x")
        XCTAssertFalse(x.available)
        XCTAssertEqual(x.reasons, [.alreadyRequested(request: 0, label: nil, granted: nil, section: nil)])
        XCTAssertFalse(x.ways.isEmpty, "the ways are listed all the same")
        XCTAssertTrue(try option(list, "y").available)
    }

    func testUnknownStudentAndCourse() throws {
        let p = try problem(ExplainFixture.instance())
        XCTAssertNil(CourseOptions(problem: p).options(student: "nobody"))
        XCTAssertNil(CourseOptions(problem: p).option(student: "s1", course: "nothing"))
        XCTAssertEqual(CourseOptions(problem: p).option(student: "s1", course: "x")?.course, "x")
    }

    func testEveryReasonRendersInBothLanguages() throws {
        var inst = withY { $0.inPersonSites = ["B", "C"]; $0.grades = [11]; $0.pattern = [2] }
        inst.students[0].maxOneWayMinutes = 15
        inst.students[0].online = false
        inst.hygiene.maxLessonsPerWeek = 6
        inst.students[0].busy = Dictionary(uniqueKeysWithValues: ExplainFixture.days.map { ($0, [2, 4]) })
        let y = try option(try options(inst), "y")
        XCTAssertEqual(kinds(y), ["gradeNotEligible", "tripTooLong", "noRoad", "notTaughtOnline", "noFreeTime", "hygieneWeekly"])
        for lang in ReportLanguage.allCases {
            let text = OptionText(lang, inst)
            for r in y.reasons { XCTAssertFalse(text.text(r).isEmpty) }
            XCTAssertTrue(text.describe(y).contains("y"))
        }
        XCTAssertTrue(OptionText(.ru, inst).describe(y).contains("нельзя выбрать"))
        XCTAssertTrue(OptionText(.en, inst).describe(y).contains("cannot be taken"))
    }

    // MARK: The examples, on the data

    func testEveryReasonOfEveryStudentOfTheExamplesHoldsInTheData() throws {
        for name in ["tiny", "terbuny-network", "arctic-network"] {
            let inst = try example(name)
            let p = try problem(inst)
            let options = CourseOptions(problem: p)
            var kinds = Set<String>()
            for student in inst.students {
                let list = try XCTUnwrap(options.options(student: student.id))
                XCTAssertEqual(list.map(\.course), inst.courses.map(\.id))
                for o in list {
                    try OptionVerifier(problem: p, student: student.id).verify(o)
                    kinds.formUnion(o.reasons.map(\.kind))
                }
            }
            XCTAssertTrue(kinds.contains("alreadyRequested"), name)
            if name == "terbuny-network" {
                XCTAssertTrue(kinds.isSuperset(of: ["gradeNotEligible", "tripTooLong", "noBusLink", "notTaughtOnline"]), "\(kinds.sorted())")
            }
        }
    }

    // MARK: Joining the sections offered

    /// Solves with the heuristic (fixed iterations, one thread), then for every student and every
    /// section offered joins it and has the checker judge the result.
    private func joinEverySectionOffered(_ name: String, students stride: Int = 1) throws -> (joined: Int, newTrips: Int, pending: Int) {
        let inst = try example(name)
        let p = try problem(inst)
        let result = HeuristicEngine(maxIterations: 200).solve(p, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1))
        let published = try XCTUnwrap(result.solution)
        let before = Checker(p).check(published)
        XCTAssertTrue(before.feasible, "\(name): \(before.violations.prefix(3))")
        let options = try CourseOptions(problem: p, solution: published)
        var joined = 0, newTrips = 0, pending = 0
        for (k, student) in inst.students.enumerated() where k % stride == 0 {
            for o in try XCTUnwrap(options.options(student: student.id)) {
                let sections = try XCTUnwrap(o.sections)
                if !o.available && !o.reasons.allSatisfy({ if case .alreadyRequested(_, _, false, nil) = $0 { true } else { false } }) {
                    XCTAssertEqual(sections, [], "\(student.id) \(o.course): no section offered for a course the student cannot take")
                }
                for s in sections {
                    let what = "\(name) \(student.id) joins \(s.section)"
                    XCTAssertGreaterThan(s.freeSeats, 0, what)
                    let (instance, solution) = try XCTUnwrap(options.join(student: student.id, section: s.section), what)
                    let after = try problem(instance)
                    let report = Checker(after).check(solution)
                    XCTAssertTrue(report.feasible, "\(what): \(report.violations.prefix(3).map(\.description))")
                    let request = s.request ?? inst.students[k].requests.count
                    XCTAssertTrue(solution.assignments.contains { $0.student == student.id && $0.request == request && $0.section == s.section }, what)
                    XCTAssertEqual(report.summary.requests, before.summary.requests + (s.request == nil ? 1 : 0), what)
                    // The route change is the checker's travel difference.
                    let travel = { (r: CheckReport) in Int(r.terms[.studentTravelMinutes]?.value ?? 0) }
                    XCTAssertEqual(travel(report) - travel(before), s.routeChange.extraMinutes, what)
                    XCTAssertEqual(s.routeChange.days.allSatisfy { !$0.after.isEmpty || !$0.before.isEmpty }, true, what)
                    joined += 1
                    if s.routeChange.days.contains(where: { !$0.newSites.isEmpty }) { newTrips += 1 }
                    if s.request != nil { pending += 1 }
                }
            }
        }
        return (joined, newTrips, pending)
    }

    func testEverySectionOfferedInTerbunyCanBeJoined() throws {
        let (joined, newTrips, _) = try joinEverySectionOffered("terbuny-network")
        XCTAssertGreaterThan(joined, 20, "sections are offered")
        XCTAssertGreaterThan(newTrips, 0, "some joins need a new bus trip, and the checker accepts it")
    }

    func testEverySectionOfferedInTheArcticNetworkCanBeJoined() throws {
        let (joined, _, _) = try joinEverySectionOffered("arctic-network")
        XCTAssertGreaterThan(joined, 0, "sections are offered")
    }

    func testJoinRefusesASectionNotOffered() throws {
        // s1 is in section A1 at period 1; s2 has a regular lesson then and may not join it.
        var inst = ExplainFixture.instance()
        inst.students[1].busy = ["mon": [1]]
        let p = try problem(inst)
        let solution = ExplainFixture.solution(
            sections: [ExplainFixture.section("A1", period: 1)],
            assignments: [Solution.Assignment(student: "s1", request: 0, alternative: 0, section: "A1")])
        var published = solution
        published.unsatisfied = [Solution.Unsatisfied(student: "s2", request: 0, required: false, reason: "")]
        XCTAssertTrue(Checker(p).check(published).feasible)
        let options = try CourseOptions(problem: p, solution: published)
        XCTAssertEqual(options.option(student: "s2", course: "x")?.sections, [])
        XCTAssertNil(options.join(student: "s2", section: "A1"))
        XCTAssertNil(options.join(student: "s1", section: "A1"), "already in it")
        // Without the regular lesson s2 may join, by its waiting request.
        inst.students[1].busy = [:]
        let free = try CourseOptions(problem: try problem(inst), solution: published)
        let offered = try XCTUnwrap(free.option(student: "s2", course: "x")?.sections)
        XCTAssertEqual(offered.map(\.section), ["A1"])
        XCTAssertEqual(offered.first?.request, 0)
        XCTAssertEqual(offered.first?.freeSeats, 9)
        XCTAssertEqual(offered.first?.routeChange.isNone, true)
        let joined = try XCTUnwrap(free.join(student: "s2", section: "A1"))
        XCTAssertEqual(joined.instance, inst, "a waiting request: the instance is unchanged")
        XCTAssertTrue(Checker(try problem(inst)).check(joined.solution).feasible)
    }

    func testJoiningASectionAwayBuildsTheTrip() throws {
        // Section B1 at B (20 min by road) on Monday period 2; s2 at A is free then.
        let inst = ExplainFixture.instance()
        let p = try problem(inst)
        var published = ExplainFixture.solution(
            sections: [ExplainFixture.section("B1", site: "B", period: 2, room: "b-class")],
            assignments: [Solution.Assignment(student: "s1", request: 0, alternative: 0, section: "B1")],
            itineraries: [Solution.Itinerary(person: "s1", role: .student, day: "mon", legs: [
                Solution.Leg(from: "A", to: "B", depart: "09:05", arrive: "09:25"),
                Solution.Leg(from: "B", to: "A", depart: "10:10", arrive: "10:30"),
            ]), Solution.Itinerary(person: "t1", role: .teacher, day: "mon", legs: [
                Solution.Leg(from: "A", to: "B", depart: "09:05", arrive: "09:25"),
                Solution.Leg(from: "B", to: "A", depart: "10:10", arrive: "10:30"),
            ])])
        published.unsatisfied = [Solution.Unsatisfied(student: "s2", request: 0, required: false, reason: "")]
        XCTAssertTrue(Checker(p).check(published).feasible, Checker(p).check(published).violations.description)
        let options = try CourseOptions(problem: p, solution: published)
        let offered = try XCTUnwrap(options.option(student: "s2", course: "x")?.sections?.first)
        XCTAssertEqual(offered.routeChange.days.map(\.day), ["mon"])
        XCTAssertEqual(offered.routeChange.days.first?.newSites, ["B"])
        XCTAssertEqual(offered.routeChange.extraMinutes, 40)
        XCTAssertEqual(offered.routeChange.extraLegs, 2)
        let joined = try XCTUnwrap(options.join(student: "s2", section: "B1"))
        XCTAssertTrue(Checker(p).check(joined.solution).feasible, Checker(p).check(joined.solution).violations.description)
        XCTAssertTrue(OptionText(.en, inst).route(offered.routeChange).contains("new trip to Beta"), OptionText(.en, inst).route(offered.routeChange))
        // With a longest trip of 15 min the trip cannot be made: not offered.
        var far = inst
        far.students[1].maxOneWayMinutes = 15
        let refused = try CourseOptions(problem: try problem(far), solution: published)
        XCTAssertEqual(refused.option(student: "s2", course: "x")?.sections, [])
    }
}

/// Confirms each reason of an option against the data, independently of ``CourseOptions``:
/// grades, roads and bus rides, permissions and computer seats, and for placements a brute force
/// over every day and start period of every meeting.
struct OptionVerifier {
    let problem: Problem
    let student: String

    private var inst: Instance { problem.instance }

    func verify(_ o: CourseOption, file: StaticString = #filePath, line: UInt = #line) throws {
        let s = try XCTUnwrap(problem.studentIndex[student])
        let record = inst.students[s], st = problem.students[s]
        let course = try XCTUnwrap(inst.courses.first { $0.id == o.course })
        XCTAssertEqual(o.available, o.reasons.isEmpty, file: file, line: line)
        let home = record.homeSite
        func placement(free: Bool, daily: Bool) -> Bool {
            brutePlacement(course: course, student: s, free: free, daily: daily)
        }
        for r in o.reasons {
            let what = "\(student) \(o.course): \(r.kind)"
            switch r {
            case let .gradeNotEligible(grade, grades):
                XCTAssertEqual(grade, record.grade, what, file: file, line: line)
                XCTAssertEqual(grades, course.grades.sorted(), what, file: file, line: line)
                XCTAssertFalse(course.grades.contains(grade), what, file: file, line: line)
            case .notTaughtInPerson:
                XCTAssertTrue(course.inPersonSites.isEmpty, what, file: file, line: line)
            case .notTaughtOnline:
                XCTAssertFalse(course.online, what, file: file, line: line)
            case let .noRoad(site):
                XCTAssertTrue(course.inPersonSites.contains(site), what, file: file, line: line)
                let a = problem.siteIndex[home]!, b = problem.siteIndex[site]!
                XCTAssertTrue(inst.transport.travelMinutes[a][b] == nil || inst.transport.travelMinutes[b][a] == nil, what, file: file, line: line)
            case let .tripTooLong(site, minutes, limit):
                XCTAssertTrue(course.inPersonSites.contains(site), what, file: file, line: line)
                XCTAssertEqual(limit, st.maxOneWayMinutes, what, file: file, line: line)
                XCTAssertGreaterThan(minutes, limit, what, file: file, line: line)
                if inst.transport.effectiveMode == .travelTimes {
                    let a = problem.siteIndex[home]!, b = problem.siteIndex[site]!
                    XCTAssertEqual(minutes, max(inst.transport.travelMinutes[a][b] ?? 0, inst.transport.travelMinutes[b][a] ?? 0), what, file: file, line: line)
                } else {
                    XCTAssertGreaterThan(shortestRoundTrip(site: site, home: home) ?? 0, limit, what, file: file, line: line)
                }
            case let .noBusLink(site):
                XCTAssertNil(shortestRoundTrip(site: site, home: home), what, file: file, line: line)
            case .onlineNotAllowed:
                XCTAssertTrue(course.online, what, file: file, line: line)
                XCTAssertFalse(record.online ?? inst.defaults.studentOnline, what, file: file, line: line)
            case let .noJoinPlace(site):
                XCTAssertEqual(site, home, what, file: file, line: line)
                XCTAssertFalse(record.onlineFromHome, what, file: file, line: line)
                XCTAssertFalse(inst.rooms.contains { $0.site == home && $0.computerSeats > 0 }, what, file: file, line: line)
            case let .noFreeTime(pattern, distinct, _):
                XCTAssertEqual(pattern, course.pattern, what, file: file, line: line)
                XCTAssertEqual(distinct, course.distinctDays, what, file: file, line: line)
                XCTAssertFalse(placement(free: true, daily: false), what, file: file, line: line)
            case let .hygieneDaily(_, lessons, limit):
                XCTAssertEqual(limit, inst.hygiene.dailyLimit(grade: record.grade), what, file: file, line: line)
                for day in lessons { XCTAssertEqual(day.count, regularCount(s, day.day), what, file: file, line: line) }
                // No placement within the limit, and the limit's doing: without it there is one, or it alone leaves none.
                XCTAssertFalse(placement(free: true, daily: true), what, file: file, line: line)
                XCTAssertTrue(placement(free: true, daily: false) || !placement(free: false, daily: true), what, file: file, line: line)
            case let .hygieneWeekly(lessons, adding, limit):
                XCTAssertEqual(lessons, st.busy.filter { $0 }.count, what, file: file, line: line)
                XCTAssertEqual(adding, course.pattern.reduce(0, +), what, file: file, line: line)
                XCTAssertEqual(limit, inst.hygiene.weeklyLimit(grade: record.grade, days: inst.calendar.days.count), what, file: file, line: line)
                XCTAssertGreaterThan(lessons + adding, limit, what, file: file, line: line)
            case let .alreadyRequested(request, _, _, _):
                XCTAssertTrue(record.requests[request].alternatives.contains { $0.course == o.course }, what, file: file, line: line)
            }
        }
        // An available course has a way and a placement within every limit.
        if o.available {
            XCTAssertFalse(o.ways.isEmpty, file: file, line: line)
            XCTAssertTrue(placement(free: true, daily: true), "\(student) \(o.course) fits", file: file, line: line)
        }
        for w in o.ways where w.mode == .inPerson {
            XCTAssertTrue(course.inPersonSites.contains(w.site ?? ""), file: file, line: line)
            XCTAssertLessThanOrEqual(w.minutes ?? 0, st.maxOneWayMinutes, file: file, line: line)
        }
    }

    private func regularCount(_ s: Int, _ day: String) -> Int {
        let d = problem.dayIndex[day]!
        return (0..<problem.periodCount).filter { problem.students[s].busy[problem.slot(day: d, period: $0)] }.count
    }

    /// The shortest of the longer leg of a same-day bus round trip home → site → home, nil when there is none.
    private func shortestRoundTrip(site: String, home: String) -> Int? {
        var best: Int?
        for day in inst.calendar.days {
            func rides(_ a: String, _ b: String) -> [Int] {
                inst.transport.busRuns.filter { $0.days.contains(day) }.flatMap { run in
                    run.stops.indices.flatMap { i in
                        run.stops.indices.filter { $0 > i && run.stops[i].site == a && run.stops[$0].site == b }.map {
                            ClockTime.minutes(run.stops[$0].time)! - ClockTime.minutes(run.stops[i].time)!
                        }
                    }
                }
            }
            if let t = rides(home, site).min(), let b = rides(site, home).min() { best = min(best ?? .max, max(t, b)) }
        }
        return best
    }

    /// Whether the course's meetings can be placed at some (day, first period) each: inside the
    /// day, not overlapping, on different days when the course says so, in free periods (`free`),
    /// and with no day over the daily limit counting regular lessons (`daily`).
    private func brutePlacement(course: Course, student s: Int, free: Bool, daily: Bool) -> Bool {
        let st = problem.students[s]
        var taken = [Bool](repeating: false, count: problem.slotCount)
        var added = [Int](repeating: 0, count: problem.dayCount)
        var usedDay = [Bool](repeating: false, count: problem.dayCount)
        func go(_ k: Int) -> Bool {
            if k == course.pattern.count { return true }
            let len = course.pattern[k]
            for d in 0..<problem.dayCount where !(course.distinctDays && usedDay[d]) {
                for start in 0...(problem.periodCount - len) {
                    let slots = (start..<(start + len)).map { problem.slot(day: d, period: $0) }
                    if slots.contains(where: { taken[$0] }) { continue }
                    if free && slots.contains(where: { st.busy[$0] }) { continue }
                    let regular = (0..<problem.periodCount).filter { st.busy[problem.slot(day: d, period: $0)] }.count
                    if daily && regular + added[d] + len > problem.maxLessonsPerDay(student: s) { continue }
                    for x in slots { taken[x] = true }
                    added[d] += len
                    let wasUsed = usedDay[d]
                    usedDay[d] = true
                    if go(k + 1) { return true }
                    usedDay[d] = wasUsed
                    added[d] -= len
                    for x in slots { taken[x] = false }
                }
            }
            return false
        }
        return go(0)
    }
}
