import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// A tiny network for the explanation and diagnosis tests; each test changes what it needs.
///
/// Sites A (main school) and B (branch) are 20 min apart by road, D is 10 min from A, C has no
/// road at all. Periods (three days): 1 08:30–09:15, 2 09:25–10:10, 3 10:30–11:15, 4 11:25–12:10.
/// One course `x` (1 period a week, 1–10 students, in person at A or B, or online) taught by
/// `t1` from A; students `s1` and `s2` at A ask for it.
enum ExplainFixture {
    static let days = ["mon", "tue", "wed"]

    static func instance() -> Instance {
        Instance(
            name: "explain-fixture",
            calendar: WeekCalendar(days: days, periods: [
                .init(start: "08:30", end: "09:15"), .init(start: "09:25", end: "10:10"),
                .init(start: "10:30", end: "11:15"), .init(start: "11:25", end: "12:10"),
            ]),
            sites: [Site(id: "A", locality: "Alpha"), Site(id: "B", locality: "Beta"), Site(id: "C"), Site(id: "D")],
            transport: Transport(travelMinutes: [[0, 20, nil, 10], [20, 0, nil, nil], [nil, nil, 0, nil], [10, nil, nil, 0]]),
            rooms: [
                Room(id: "a-lab", site: "A", capacity: 10, features: ["lab", "online-studio"]),
                Room(id: "a-comp", site: "A", capacity: 10, computerSeats: 1),
                Room(id: "b-class", site: "B", capacity: 10),
                Room(id: "c-comp", site: "C", capacity: 4, computerSeats: 2),
                Room(id: "d-class", site: "D", capacity: 10),
            ],
            teachers: [Teacher(id: "t1", name: "Tatiana One", homeSite: "A", subjects: ["x"], maxWeeklyPeriods: 10)],
            courses: [Course(id: "x", name: "Course X", subject: "x", pattern: [1], minSize: 1, maxSize: 10, inPersonSites: ["A", "B"],
                             online: true)],
            students: [
                Student(id: "s1", grade: 10, homeSite: "A", requests: [Request(alternatives: [.init(course: "x")])]),
                Student(id: "s2", grade: 10, homeSite: "A", requests: [Request(alternatives: [.init(course: "x")])]),
            ])
    }

    /// A section of `x` (or another course) with one meeting.
    static func section(_ id: String, course: String = "x", teacher: String = "t1", mode: DeliveryMode = .inPerson, site: String = "A",
                        day: String = "mon", period: Int, length: Int = 1, room: String = "a-lab") -> Solution.Section {
        Solution.Section(id: id, course: course, teacher: teacher, mode: mode, site: site,
                         meetings: [Solution.Meeting(day: day, period: period, length: length, room: room)])
    }

    static func solution(sections: [Solution.Section] = [], assignments: [Solution.Assignment] = [],
                         itineraries: [Solution.Itinerary] = []) -> Solution {
        Solution(instance: "explain-fixture", engine: "hand", sections: sections, assignments: assignments, itineraries: itineraries)
    }
}

/// Helpers shared by the explanation tests.
extension XCTestCase {
    func problem(_ instance: Instance, file: StaticString = #filePath, line: UInt = #line) throws -> Problem {
        let (problem, diagnostics) = Problem.build(instance)
        let errors = diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.description), [], file: file, line: line)
        return try XCTUnwrap(problem, file: file, line: line)
    }

    /// The explanation of one unsatisfied request, after checking that the reasons are true (``ExplanationVerifier``).
    func explain(_ instance: Instance, _ solution: Solution, student: String, request: Int = 0,
                 file: StaticString = #filePath, line: UInt = #line) throws -> RequestExplanation {
        let p = try problem(instance, file: file, line: line)
        let explainer = try Explainer(problem: p, solution: solution)
        let e = try XCTUnwrap(explainer.explain(student: student, request: request), "request has an assignment", file: file, line: line)
        try ExplanationVerifier(problem: p, solution: solution).verify(e, file: file, line: line)
        // Every reason renders in both languages.
        for lang in ReportLanguage.allCases {
            for r in e.reasons { XCTAssertFalse(ReasonText(lang, instance).text(r).isEmpty, file: file, line: line) }
        }
        return e
    }
}

/// Confirms each reason of an explanation against the data, independently of the explainer:
/// what it says about sections, sizes, slots, counts, roads and buses must hold in the problem
/// and the solution.
struct ExplanationVerifier {
    let problem: Problem
    let solution: Solution

    private var inst: Instance { problem.instance }

    private func section(_ id: String) throws -> Solution.Section { try XCTUnwrap(solution.sections.first { $0.id == id }, "section \(id)") }

    private func size(_ id: String) -> Int { solution.assignments.filter { $0.section == id }.count }

    private func meets(_ s: Solution.Section, _ slot: SlotRef) -> Bool {
        s.meetings.contains { $0.day == slot.day && (($0.period)..<($0.period + $0.length)).contains(slot.period) }
    }

    /// Regular plus network lessons of a student on a day, counted from the data.
    private func lessons(_ student: Int, day: String, onlineOnly: Bool = false) -> Int {
        let d = problem.dayIndex[day]!
        var n = 0
        if !onlineOnly { n += (0..<problem.periodCount).filter { problem.students[student].busy[problem.slot(day: d, period: $0)] }.count }
        for a in solution.assignments where a.student == inst.students[student].id {
            let s = solution.sections.first { $0.id == a.section }!
            if onlineOnly && s.mode != .online { continue }
            n += s.meetings.filter { $0.day == day }.reduce(0) { $0 + $1.length }
        }
        return n
    }

    func verify(_ e: RequestExplanation, file: StaticString = #filePath, line: UInt = #line) throws {
        let s = try XCTUnwrap(problem.studentIndex[e.student])
        let st = problem.students[s]
        XCTAssertFalse(solution.assignments.contains { $0.student == e.student && $0.request == e.request }, "request is unsatisfied",
                       file: file, line: line)
        XCTAssertEqual(e.alternatives.count, inst.students[s].requests[e.request].alternatives.count, file: file, line: line)
        XCTAssertFalse(e.reasons.isEmpty, "every unsatisfied request has a reason", file: file, line: line)
        for r in e.reasons {
            let what = "\(e.student) r\(e.request): \(r.kind)"
            switch r {
            case let .gradeNotEligible(c, grade, grades):
                let course = inst.courses[problem.courseIndex[c]!]
                XCTAssertEqual(grade, st.grade, what, file: file, line: line)
                XCTAssertEqual(grades, course.grades.sorted(), what, file: file, line: line)
                XCTAssertFalse(course.grades.contains(grade), what, file: file, line: line)
            case .onlineNotAllowed:
                XCTAssertFalse(st.mayAttendOnline, what, file: file, line: line)
            case let .noJoinPlace(site):
                XCTAssertEqual(site, inst.sites[st.home].id, what, file: file, line: line)
                XCTAssertFalse(st.onlineFromHome, what, file: file, line: line)
                XCTAssertFalse(inst.rooms.contains { $0.site == site && $0.computerSeats > 0 }, what, file: file, line: line)
            case let .sectionNotOpened(c, mode, site, opened):
                let matching = solution.sections.filter {
                    $0.course == c && (mode == nil || $0.mode == mode) && (site == nil || ($0.mode == .inPerson && $0.site == site))
                }
                XCTAssertEqual(matching.map(\.id), [], what, file: file, line: line)
                XCTAssertEqual(opened.map(\.section), solution.sections.filter { $0.course == c }.map(\.id), what, file: file, line: line)
            case let .tooFewStudents(c, asked, minimum):
                XCTAssertLessThan(asked, minimum, what, file: file, line: line)
                XCTAssertEqual(minimum, inst.courses[problem.courseIndex[c]!].minSize, what, file: file, line: line)
                let askers = inst.students.filter { $0.requests.contains { $0.alternatives.contains { $0.course == c } } }.count
                XCTAssertLessThanOrEqual(asked, askers, what, file: file, line: line)
            case let .noCommonTime(c, free, candidates, minimum):
                XCTAssertLessThan(free, minimum, what, file: file, line: line)
                XCTAssertLessThanOrEqual(free, candidates, what, file: file, line: line)
                XCTAssertEqual(minimum, inst.courses[problem.courseIndex[c]!].minSize, what, file: file, line: line)
            case let .noTeacherHours(c, needed, teachers):
                XCTAssertEqual(needed, inst.courses[problem.courseIndex[c]!].weeklyPeriods, what, file: file, line: line)
                for t in teachers {
                    let taught = solution.sections.filter { $0.teacher == t.teacher }
                        .reduce(0) { $0 + inst.courses[problem.courseIndex[$1.course]!].weeklyPeriods }
                    XCTAssertEqual(t.periods, taught, what, file: file, line: line)
                    XCTAssertEqual(t.max, inst.teachers[problem.teacherIndex[t.teacher]!].maxWeeklyPeriods, what, file: file, line: line)
                    XCTAssertGreaterThan(t.periods + needed, t.max, what, file: file, line: line)
                }
            case let .noTeacherAllowed(c, mode, site):
                let course = problem.courses[problem.courseIndex[c]!]
                for t in course.teachers {
                    let teacher = problem.teachers[t]
                    if mode == .online { XCTAssertFalse(teacher.mayTeachOnline, what, file: file, line: line) }
                    if let site { XCTAssertFalse(teacher.maySite[problem.siteIndex[site]!], what, file: file, line: line) }
                }
            case let .noSuitableRoom(c, sites, features):
                let need = Set(features)
                if sites.isEmpty {
                    XCTAssertFalse(inst.rooms.contains { need.isSubset(of: Set($0.features)) }, what, file: file, line: line)
                } else {
                    XCTAssertFalse(inst.rooms.contains { sites.contains($0.site) && need.isSubset(of: Set($0.features)) }, what,
                                   file: file, line: line)
                    XCTAssertEqual(need, Set(inst.courses[problem.courseIndex[c]!].roomFeatures), what, file: file, line: line)
                }
            case let .maxSectionsReached(c, sections, max):
                XCTAssertEqual(sections, solution.sections.filter { $0.course == c }.count, what, file: file, line: line)
                XCTAssertEqual(max, inst.courses[problem.courseIndex[c]!].maxSections, what, file: file, line: line)
                XCTAssertGreaterThanOrEqual(sections, max, what, file: file, line: line)
            case let .notOpenedByEngine(c, asked, minimum):
                XCTAssertGreaterThanOrEqual(asked, minimum, what, file: file, line: line)
                XCTAssertEqual(minimum, inst.courses[problem.courseIndex[c]!].minSize, what, file: file, line: line)
            case let .sectionFull(id, n, limit):
                let sec = try section(id)
                XCTAssertEqual(n, size(id), what, file: file, line: line)
                let course = inst.courses[problem.courseIndex[sec.course]!]
                var expected = course.maxSize
                if sec.mode == .inPerson { for m in sec.meetings { expected = min(expected, inst.rooms[problem.roomIndex[m.room]!].capacity) } }
                XCTAssertEqual(limit, expected, what, file: file, line: line)
                XCTAssertGreaterThanOrEqual(n, limit, what, file: file, line: line)
            case let .clashRegular(id, slots):
                let sec = try section(id)
                XCTAssertFalse(slots.isEmpty, what, file: file, line: line)
                for slot in slots {
                    XCTAssert(meets(sec, slot), what, file: file, line: line)
                    XCTAssert(st.busy[problem.slot(day: problem.dayIndex[slot.day]!, period: slot.period - 1)], what, file: file, line: line)
                    XCTAssertEqual(slot.start, inst.calendar.periods[slot.period - 1].start, what, file: file, line: line)
                }
            case let .clashCourse(id, other, otherCourse, slots):
                let sec = try section(id), o = try section(other)
                XCTAssertEqual(o.course, otherCourse, what, file: file, line: line)
                XCTAssert(solution.assignments.contains { $0.student == e.student && $0.section == other }, what, file: file, line: line)
                for slot in slots {
                    XCTAssert(meets(sec, slot) && meets(o, slot), what, file: file, line: line)
                }
            case let .hygieneDaily(id, day, n, adding, limit):
                let sec = try section(id)
                XCTAssertEqual(n, lessons(s, day: day), what, file: file, line: line)
                XCTAssertEqual(adding, sec.meetings.filter { $0.day == day }.reduce(0) { $0 + $1.length }, what, file: file, line: line)
                XCTAssertEqual(limit, st.maxLessonsPerDay, what, file: file, line: line)
                XCTAssertGreaterThan(n + adding, limit, what, file: file, line: line)
            case let .hygieneWeekly(id, n, adding, limit):
                let sec = try section(id)
                XCTAssertEqual(n, inst.calendar.days.reduce(0) { $0 + lessons(s, day: $1) }, what, file: file, line: line)
                XCTAssertEqual(adding, sec.meetings.reduce(0) { $0 + $1.length }, what, file: file, line: line)
                XCTAssertEqual(limit, st.maxLessonsPerWeek, what, file: file, line: line)
                XCTAssertGreaterThan(n + adding, limit, what, file: file, line: line)
            case let .onlineDailyLimit(id, day, n, adding, limit):
                let sec = try section(id)
                XCTAssertEqual(sec.mode, .online, what, file: file, line: line)
                XCTAssertEqual(n, lessons(s, day: day, onlineOnly: true), what, file: file, line: line)
                XCTAssertEqual(limit, problem.maxOnlineLessonsPerDay, what, file: file, line: line)
                XCTAssertGreaterThan(n + adding, limit, what, file: file, line: line)
            case let .noOnlineSeat(id, slot, rooms):
                let sec = try section(id)
                XCTAssert(meets(sec, slot), what, file: file, line: line)
                XCTAssertFalse(st.onlineFromHome, what, file: file, line: line)
                let slotIndex = problem.slot(day: problem.dayIndex[slot.day]!, period: slot.period - 1)
                let homeRooms = inst.rooms.filter { $0.site == inst.sites[st.home].id && $0.computerSeats > 0 }.map(\.id)
                XCTAssertEqual(rooms.map(\.room), homeRooms, what, file: file, line: line)
                for use in rooms {
                    let r = problem.roomIndex[use.room]!
                    let joiners = solution.assignments.filter { a in
                        a.onlineRoom == use.room && solution.sections.first { $0.id == a.section }.map { meets($0, slot) } == true
                    }.count
                    let meeting = solution.sections.contains { s in s.meetings.contains { $0.room == use.room } && meets(s, slot) }
                    XCTAssertEqual(use.taken, joiners, what, file: file, line: line)
                    XCTAssertEqual(use.regular, problem.rooms[r].busy[slotIndex], what, file: file, line: line)
                    XCTAssertEqual(use.meeting != nil, meeting, what, file: file, line: line)
                    XCTAssert(use.regular || meeting || joiners >= use.seats, "room \(use.room) is not free: " + what, file: file, line: line)
                }
            case let .noRoad(_, from, to):
                XCTAssertNil(problem.travel(from: problem.siteIndex[from]!, to: problem.siteIndex[to]!), what, file: file, line: line)
            case let .tripTooLong(_, from, to, minutes, limit):
                XCTAssertEqual(limit, st.maxOneWayMinutes, what, file: file, line: line)
                XCTAssertGreaterThan(minutes, limit, what, file: file, line: line)
                if problem.transportMode == .travelTimes {
                    XCTAssertEqual(minutes, problem.travel(from: problem.siteIndex[from]!, to: problem.siteIndex[to]!), what, file: file, line: line)
                }
            case let .travelGap(_, _, from, to, minutes, after, before):
                XCTAssertEqual(minutes, problem.travel(from: problem.siteIndex[from]!, to: problem.siteIndex[to]!), what, file: file, line: line)
                XCTAssertLessThan(ClockTime.minutes(before)! - ClockTime.minutes(after)!, minutes, what, file: file, line: line)
                XCTAssert(inst.calendar.periods.contains { $0.end == after }, what, file: file, line: line)
                XCTAssert(inst.calendar.periods.contains { $0.start == before }, what, file: file, line: line)
            case let .lateReturn(_, _, _, home, arrive, latest):
                XCTAssertEqual(home, inst.sites[st.home].id, what, file: file, line: line)
                XCTAssertEqual(ClockTime.minutes(latest), st.latestReturn, what, file: file, line: line)
                XCTAssertGreaterThan(ClockTime.minutes(arrive)!, ClockTime.minutes(latest)!, what, file: file, line: line)
            case let .noBusRun(_, day, from, to, after, before):
                let d = problem.dayIndex[day]!, a = problem.siteIndex[from]!, b = problem.siteIndex[to]!
                let lo = after.flatMap(ClockTime.minutes) ?? 0, hi = before.flatMap(ClockTime.minutes) ?? 24 * 60
                let found = problem.busRuns.contains { run in
                    run.days[d] && run.stops.enumerated().contains { i, x in
                        x.site == a && x.time >= lo && run.stops[(i + 1)...].contains { $0.site == b && $0.time <= hi }
                    }
                }
                XCTAssertFalse(found, what, file: file, line: line)
            case let .busFull(_, _, runs):
                XCTAssertFalse(runs.isEmpty, what, file: file, line: line)
                for id in runs { XCTAssertNotNil(problem.busRunIndex[id], what, file: file, line: line) }
            case let .wouldFit(id):
                let sec = try section(id)
                XCTAssertLessThan(size(id), inst.courses[problem.courseIndex[sec.course]!].maxSize, what, file: file, line: line)
            }
        }
    }
}
