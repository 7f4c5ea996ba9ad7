import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// A small network for the checker's tests, and a hand-made feasible timetable for it.
///
/// Sites A (main school) and B (branch) are 20 min apart by road; C (an Arctic school) has no
/// road to either. Periods: 1 08:30–09:15, 2 09:25–10:10, 3 10:30–11:15, 4 11:25–12:10,
/// 5 12:30–13:15, 6 13:25–14:10.
///
/// The timetable: `chem-1` (double period, tue 5–6, in person at A, taught by t-chem who comes
/// from B; s1 from A and s2 from B); `cs-1` (online from B's studio, mon 5 and wed 5, taught by
/// t-cs; s1 and s4 join from A's computer room, s3 from C's); `span-1` (online, thu 6, t-chem;
/// s2 from home). s2 and t-chem travel B→A→B on tue; s3's Spanish request is unsatisfied.
enum CheckerFixture {
    static let days = ["mon", "tue", "wed", "thu", "fri"]

    static func allDays(_ periods: [Int]) -> BusyPeriods { Dictionary(uniqueKeysWithValues: days.map { ($0, periods) }) }

    static func instance(busRuns: Bool = false) -> Instance {
        let busRunList = [
            BusRun(id: "r-am", days: days, seats: 10, stops: [.init(site: "B", time: "11:15"), .init(site: "A", time: "11:35")]),
            BusRun(id: "r-pm", days: days, seats: 10, stops: [.init(site: "A", time: "14:10"), .init(site: "B", time: "14:30")]),
        ]
        return Instance(
            name: "checker-fixture",
            calendar: WeekCalendar(days: days, periods: [
                .init(start: "08:30", end: "09:15"), .init(start: "09:25", end: "10:10"), .init(start: "10:30", end: "11:15"),
                .init(start: "11:25", end: "12:10"), .init(start: "12:30", end: "13:15"), .init(start: "13:25", end: "14:10"),
            ]),
            sites: [Site(id: "A", kind: "main"), Site(id: "B", kind: "branch"), Site(id: "C", kind: "small-school")],
            transport: Transport(mode: busRuns ? .busRuns : nil, travelMinutes: [[0, 20, nil], [20, 0, nil], [nil, nil, 0]],
                                 busRuns: busRuns ? busRunList : []),
            rooms: [
                Room(id: "a-lab", site: "A", capacity: 12, features: ["chemistry-lab"]),
                Room(id: "a-comp", site: "A", capacity: 10, features: ["computer-class"], computerSeats: 4),
                Room(id: "b-class", site: "B", capacity: 15),
                Room(id: "b-studio", site: "B", capacity: 2, features: ["online-studio"]),
                Room(id: "c-comp", site: "C", capacity: 6, computerSeats: 3),
                Room(id: "c-lab", site: "C", capacity: 12, features: ["chemistry-lab"]),
            ],
            classes: [
                SchoolClass(id: "10a", site: "A", grade: 10, busy: allDays([1, 2, 3, 4])),
                SchoolClass(id: "11b", site: "B", grade: 11, busy: allDays([1, 2, 3, 4]).merging(["tue": [1, 2, 3]]) { $1 }),
                SchoolClass(id: "c10", site: "C", grade: 10, busy: allDays([1, 2, 3, 4])),
            ],
            teachers: [
                Teacher(id: "t-chem", homeSite: "B", subjects: ["spanish"], courses: ["chem"], maxWeeklyPeriods: 6,
                        busy: ["mon": [1]], travelSites: ["A"]),
                Teacher(id: "t-cs", homeSite: "B", subjects: ["informatics"], maxWeeklyPeriods: 6, busy: ["mon": [1, 2]]),
            ],
            courses: [
                Course(id: "chem", subject: "chemistry", level: .inDepth, pattern: [2], minSize: 2, maxSize: 12, grades: [10, 11],
                       inPersonSites: ["A"], roomFeatures: ["chemistry-lab"]),
                Course(id: "cs", subject: "informatics", level: .inDepth, pattern: [1, 1], minSize: 1, maxSize: 10,
                       inPersonSites: ["B"], online: true),
                Course(id: "spanish", subject: "spanish", level: .elective, pattern: [1], minSize: 1, maxSize: 20, online: true),
            ],
            students: [
                Student(id: "s1", grade: 10, homeSite: "A", schoolClass: "10a", requests: [
                    Request(alternatives: [.init(course: "chem")], weight: 2, required: true),
                    Request(alternatives: [.init(course: "cs", mode: .inPerson, site: "B"), .init(course: "cs", mode: .online)]),
                ]),
                Student(id: "s2", grade: 11, homeSite: "B", schoolClass: "11b", onlineFromHome: true, requests: [
                    Request(alternatives: [.init(course: "chem", mode: .inPerson, site: "A")], required: true),
                    Request(alternatives: [.init(course: "spanish")]),
                ]),
                Student(id: "s3", grade: 10, homeSite: "C", schoolClass: "c10", requests: [
                    Request(alternatives: [.init(course: "cs", mode: .online)], required: true),
                    Request(alternatives: [.init(course: "spanish")], weight: 3),
                ]),
                Student(id: "s4", grade: 11, homeSite: "A", requests: [
                    Request(alternatives: [.init(course: "cs", mode: .online)]),
                ]),
            ],
            defaults: Defaults(latestReturn: "15:00"))
    }

    static func solution(busRuns: Bool = false) -> Solution {
        Solution(
            instance: "checker-fixture", engine: "hand",
            sections: [
                .init(id: "chem-1", course: "chem", teacher: "t-chem", mode: .inPerson, site: "A",
                      meetings: [.init(day: "tue", period: 5, length: 2, room: "a-lab")]),
                .init(id: "cs-1", course: "cs", teacher: "t-cs", mode: .online, site: "B",
                      meetings: [.init(day: "mon", period: 5, room: "b-studio"), .init(day: "wed", period: 5, room: "b-studio")]),
                .init(id: "span-1", course: "spanish", teacher: "t-chem", mode: .online, site: "B",
                      meetings: [.init(day: "thu", period: 6, room: "b-studio")]),
            ],
            assignments: [
                .init(student: "s1", request: 0, alternative: 0, section: "chem-1"),
                .init(student: "s1", request: 1, alternative: 1, section: "cs-1", onlineRoom: "a-comp"),
                .init(student: "s2", request: 0, alternative: 0, section: "chem-1"),
                .init(student: "s2", request: 1, alternative: 0, section: "span-1", fromHome: true),
                .init(student: "s3", request: 0, alternative: 0, section: "cs-1", onlineRoom: "c-comp"),
                .init(student: "s4", request: 0, alternative: 0, section: "cs-1", onlineRoom: "a-comp"),
            ],
            itineraries: [
                .init(person: "s2", role: .student, day: "tue", legs: [
                    .init(from: "B", to: "A", depart: "11:15", arrive: "11:35", busRun: busRuns ? "r-am" : nil),
                    .init(from: "A", to: "B", depart: "14:10", arrive: "14:30", busRun: busRuns ? "r-pm" : nil),
                ]),
                .init(person: "t-chem", role: .teacher, day: "tue", legs: [
                    .init(from: "B", to: "A", depart: "11:40", arrive: "12:00"),
                    .init(from: "A", to: "B", depart: "14:10", arrive: "14:30"),
                ]),
            ],
            unsatisfied: [.init(student: "s3", request: 1, required: false, reason: "no Spanish section fits")])
    }

    /// Checks `solution` against `instance`; fails the test if the instance does not validate.
    static func check(_ solution: Solution, _ instance: Instance = instance(),
                      file: StaticString = #filePath, line: UInt = #line) throws -> CheckReport {
        let (problem, diagnostics) = Problem.build(instance)
        guard let problem else {
            XCTFail("fixture instance does not validate: \(diagnostics)", file: file, line: line)
            throw InputError(diagnostics)
        }
        return Checker(problem).check(solution)
    }
}

// MARK: - Editing helpers for mutations

extension Solution {
    mutating func editSection(_ id: String, _ body: (inout Section) -> Void) {
        guard let i = sections.firstIndex(where: { $0.id == id }) else { return XCTFail("no section \(id)") }
        body(&sections[i])
    }

    mutating func editAssignment(_ student: String, request: Int, _ body: (inout Assignment) -> Void) {
        guard let i = assignments.firstIndex(where: { $0.student == student && $0.request == request }) else {
            return XCTFail("no assignment \(student) \(request)")
        }
        body(&assignments[i])
    }

    mutating func editLeg(_ person: String, day: String, leg: Int, _ body: (inout Leg) -> Void) {
        guard let i = itineraries.firstIndex(where: { $0.person == person && $0.day == day }) else {
            return XCTFail("no itinerary \(person) \(day)")
        }
        body(&itineraries[i].legs[leg])
    }
}

extension Instance {
    mutating func editTeacher(_ id: String, _ body: (inout Teacher) -> Void) {
        guard let i = teachers.firstIndex(where: { $0.id == id }) else { return XCTFail("no teacher \(id)") }
        body(&teachers[i])
    }

    mutating func editCourse(_ id: String, _ body: (inout Course) -> Void) {
        guard let i = courses.firstIndex(where: { $0.id == id }) else { return XCTFail("no course \(id)") }
        body(&courses[i])
    }

    mutating func editRoom(_ id: String, _ body: (inout Room) -> Void) {
        guard let i = rooms.firstIndex(where: { $0.id == id }) else { return XCTFail("no room \(id)") }
        body(&rooms[i])
    }

    mutating func editStudent(_ id: String, _ body: (inout Student) -> Void) {
        guard let i = students.firstIndex(where: { $0.id == id }) else { return XCTFail("no student \(id)") }
        body(&students[i])
    }

    mutating func editClass(_ id: String, _ body: (inout SchoolClass) -> Void) {
        guard let i = classes.firstIndex(where: { $0.id == id }) else { return XCTFail("no class \(id)") }
        body(&classes[i])
    }
}

/// Asserts that `report` is usable and breaks exactly `rule` (possibly several times).
func assertOnly(_ rule: HardRule, _ report: CheckReport, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertTrue(report.usable, "unusable: \(report.diagnostics)", file: file, line: line)
    XCTAssertFalse(report.feasible, file: file, line: line)
    XCTAssertEqual(report.brokenRules, [rule], "violations: \(report.violations.map(\.description))", file: file, line: line)
}
