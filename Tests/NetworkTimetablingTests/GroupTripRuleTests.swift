import XCTest
import NetworkTimetabling
@testable import TimetablingCore

/// The rule `group-trip` (docs/RULES.md) on the checker fixture: s2 and a classmate s5 (both of
/// class 11b at B) attend chemistry at A as a group, in `chem-1` on tuesday 5–6. Travelling
/// together (B→A 11:15–11:35, A→B 14:10–14:30) holds; a second departure, a second return or a
/// second bus run breaks the rule, and only it.
final class GroupTripRuleTests: XCTestCase {
    private typealias F = CheckerFixture

    static func instance(busRuns: Bool = false) -> Instance {
        var instance = F.instance(busRuns: busRuns)
        instance.editStudent("s2") { $0.requests[0] = Request(id: "b-chem", alternatives: [.init(course: "chem", mode: .inPerson, site: "A")],
                                                             required: true) }
        instance.students.append(Student(id: "s5", grade: 11, homeSite: "B", schoolClass: "11b", requests: []))
        instance.groups = [Group(id: "b-chem", students: ["s2", "s5"], course: "chem", site: "A")]
        if busRuns {
            instance.transport.busRuns.append(BusRun(id: "r-am2", days: F.days, seats: 10,
                                                     stops: [.init(site: "B", time: "11:40"), .init(site: "A", time: "12:00")]))
        }
        return instance
    }

    /// The fixture's timetable with s5 beside s2 in chem-1, on s2's legs.
    static func together(busRuns: Bool = false) -> Solution {
        var solution = F.solution(busRuns: busRuns)
        solution.assignments.append(.init(student: "s5", request: 0, alternative: 0, section: "chem-1"))
        var legs = solution.itineraries.first { $0.person == "s2" && $0.day == "tue" }!
        legs.person = "s5"
        solution.itineraries.append(legs)
        return solution
    }

    func testTheGroupOnOneTripHolds() throws {
        let problem = try Problem(Self.instance())
        XCTAssertEqual(problem.groups.first?.members.map(\.request), [0, 0])
        let report = try F.check(Self.together(), Self.instance())
        XCTAssertTrue(report.feasible, "\(report.violations)")
        let byBus = try F.check(Self.together(busRuns: true), Self.instance(busRuns: true))
        XCTAssertTrue(byBus.feasible, "\(byBus.violations)")
    }

    func testTwoDeparturesToTheMeetingAreCaught() throws {
        var split = Self.together()
        split.editLeg("s5", day: "tue", leg: 0) { $0.depart = "11:20"; $0.arrive = "11:40" }
        let report = try F.check(split, Self.instance())
        assertOnly(.groupTrip, report)
        let v = try XCTUnwrap(report.violations.first)
        XCTAssertEqual(v.who, "b-chem")
        XCTAssertEqual(v.day, "tue")
        XCTAssertEqual(v.period, 5)
        XCTAssertTrue(v.message.contains("2 members travel B→A to the meeting of section chem-1 on tue period 5 on 2 trips"), v.message)
        XCTAssertTrue(v.message.contains("11:15–11:35 by road (1: s2)") && v.message.contains("11:20–11:40 by road (1: s5)"), v.message)
    }

    func testTwoReturnsAfterTheMeetingAreCaught() throws {
        var split = Self.together()
        split.editLeg("s5", day: "tue", leg: 1) { $0.depart = "14:20"; $0.arrive = "14:40" }
        let report = try F.check(split, Self.instance())
        assertOnly(.groupTrip, report)
        XCTAssertTrue(report.violations[0].message.contains("travel A→B after the meeting"), report.violations[0].message)
    }

    func testTwoBusRunsAreCaught() throws {
        var split = Self.together(busRuns: true)
        split.editLeg("s5", day: "tue", leg: 0) { $0.depart = "11:40"; $0.arrive = "12:00"; $0.busRun = "r-am2" }
        let report = try F.check(split, Self.instance(busRuns: true))
        assertOnly(.groupTrip, report)
        XCTAssertTrue(report.violations[0].message.contains("11:40–12:00 bus run r-am2 (1: s5)"), report.violations[0].message)
    }

    /// A member already at the group's site before the meeting (s5 has a lesson at A in period 4)
    /// has no leg to the meeting to compare; the return home together still counts.
    func testAMemberAlreadyThereIsNotComparedOnTheWayIn() throws {
        var instance = Self.instance()
        instance.courses.append(Course(id: "talk", subject: "spanish", level: .elective, pattern: [1], minSize: 1, maxSize: 20,
                                       grades: [11], inPersonSites: ["A"]))
        // Out of class 11b (lessons until 11:15 at B) so that a lesson at A in period 4 is reachable.
        instance.editStudent("s5") {
            $0.schoolClass = nil
            $0.requests = [Request(alternatives: [.init(course: "talk")])]
        }
        var solution = Self.together()
        // s5's group request is now its request 1.
        solution.editAssignment("s5", request: 0) { $0.request = 1 }
        solution.sections.append(.init(id: "talk-1", course: "talk", teacher: "t-chem", mode: .inPerson, site: "A",
                                       meetings: [.init(day: "tue", period: 4, room: "a-comp")]))
        solution.assignments.append(.init(student: "s5", request: 0, alternative: 0, section: "talk-1"))
        solution.editLeg("s5", day: "tue", leg: 0) { $0.depart = "11:05"; $0.arrive = "11:25" }
        // t-chem now teaches at A from period 4.
        solution.editLeg("t-chem", day: "tue", leg: 0) { $0.depart = "11:00"; $0.arrive = "11:20" }
        let report = try F.check(solution, instance)
        XCTAssertTrue(report.violations(of: .groupTrip).isEmpty, "\(report.violations)")
        XCTAssertTrue(report.feasible, "\(report.violations)")

        solution.editLeg("s5", day: "tue", leg: 1) { $0.depart = "14:15"; $0.arrive = "14:35" }
        assertOnly(.groupTrip, try F.check(solution, instance))
    }
}
