import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// Solutions whose references do not resolve are unusable; every problem is named by its path.
final class CheckerResolveTests: XCTestCase {
    private typealias F = CheckerFixture

    private func assertUnusable(_ solution: Solution, paths: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let report = try F.check(solution)
        XCTAssertFalse(report.usable, file: file, line: line)
        XCTAssertFalse(report.feasible, file: file, line: line)
        XCTAssertEqual(report.violations, [], file: file, line: line)
        let errors = report.diagnostics.filter { $0.severity == .error }.map(\.path)
        XCTAssertEqual(errors, paths, "\(report.diagnostics)", file: file, line: line)
        XCTAssertEqual(Set(report.terms.keys), Set(SoftTerm.allCases), file: file, line: line)
        XCTAssertEqual(report.summary.requests, 7, file: file, line: line)
    }

    func testDanglingSectionReferences() throws {
        var s = F.solution()
        s.sections[0].course = "chem-adv"
        s.sections[0].meetings[0].room = "x"
        s.sections[1].teacher = "nobody"
        s.sections[1].meetings[0].day = "sun"
        s.sections[2].site = "Z"
        try assertUnusable(s, paths: ["sections[0].course", "sections[0].meetings[0].room", "sections[1].teacher",
                                      "sections[1].meetings[0].day", "sections[2].site"])
        let report = try F.check(s)
        let room = try XCTUnwrap(report.diagnostics.first { $0.path == "sections[0].meetings[0].room" })
        XCTAssertEqual(room.message, "unknown room \"x\"")
        XCTAssertNotNil(room.fix)
    }

    func testPeriodsAndLengthsOutsideTheDay() throws {
        var s = F.solution()
        s.sections[0].meetings[0].period = 0
        s.sections[1].meetings[0].length = 0
        s.sections[1].meetings[1].period = 6
        s.sections[1].meetings[1].length = 2      // periods 6–7 of a 6-period day
        s.sections[2].meetings[0].period = 99
        try assertUnusable(s, paths: ["sections[0].meetings[0].period", "sections[1].meetings[0].length",
                                      "sections[1].meetings[1].length", "sections[2].meetings[0].period"])
    }

    func testDuplicateAndEmptySectionIds() throws {
        var s = F.solution()
        s.sections.append(s.sections[0])          // a second "chem-1"
        s.sections.append(s.sections[2])
        s.sections[4].id = ""
        s.sections[0].meetings = []
        try assertUnusable(s, paths: ["sections[0].meetings", "sections[3].id", "sections[4].id"])
    }

    func testDanglingAssignmentReferences() throws {
        var s = F.solution()
        s.assignments[0].student = "ghost"
        s.assignments[1].request = -1
        s.assignments[2].alternative = 5
        s.assignments[3].section = "span-9"
        s.assignments[4].onlineRoom = "nowhere"
        try assertUnusable(s, paths: ["assignments[0].student", "assignments[1].request", "assignments[2].alternative",
                                      "assignments[3].section", "assignments[4].onlineRoom"])
    }

    func testDanglingItineraryReferences() throws {
        var s = F.solution(busRuns: false)
        s.itineraries[0].day = "sun"
        s.itineraries[0].legs[0].depart = "25:00"
        s.itineraries[0].legs[1].busRun = "r-x"
        s.itineraries[1].role = .student   // t-chem is a teacher
        s.itineraries[1].legs[0].to = "Q"
        s.itineraries[1].legs[1].arrive = "2pm"
        try assertUnusable(s, paths: ["itineraries[0].day", "itineraries[0].legs[0].depart", "itineraries[0].legs[1].busRun",
                                      "itineraries[1].person", "itineraries[1].legs[0].to", "itineraries[1].legs[1].arrive"])
    }

    func testDuplicateItineraryForOnePersonAndDay() throws {
        var s = F.solution()
        s.itineraries.append(s.itineraries[0])
        try assertUnusable(s, paths: ["itineraries[2]"])
    }

    func testDanglingUnsatisfiedReferences() throws {
        var s = F.solution()
        s.unsatisfied.append(.init(student: "s9", request: 0, required: false, reason: ""))
        s.unsatisfied.append(.init(student: "s1", request: 9, required: false, reason: ""))
        try assertUnusable(s, paths: ["unsatisfied[1].student", "unsatisfied[2].request"])
    }

    func testExtremeNumbersAreReportedNotTrapped() throws {
        var s = F.solution()
        s.sections[0].meetings[0].period = Int.min
        s.sections[1].meetings[0].length = Int.max
        s.sections[2].meetings[0].length = Int.min
        s.assignments[0].request = Int.min
        s.assignments[1].alternative = Int.max
        s.unsatisfied[0].request = Int.max
        try assertUnusable(s, paths: ["sections[0].meetings[0].period", "sections[1].meetings[0].length",
                                      "sections[2].meetings[0].length", "assignments[0].request",
                                      "assignments[1].alternative", "unsatisfied[0].request"])
    }

    func testFormatVersion() throws {
        var s = F.solution()
        s.formatVersion = 2
        try assertUnusable(s, paths: ["formatVersion"])
    }

    func testWrongRequiredFlagInUnsatisfiedIsAWarning() throws {
        var s = F.solution()
        s.unsatisfied[0].required = true
        let report = try F.check(s)
        XCTAssertTrue(report.feasible)
        XCTAssertEqual(report.diagnostics.map(\.path), ["unsatisfied[0].required"])
        XCTAssertEqual(report.diagnostics.map(\.severity), [.warning])
    }

    func testEmptySolutionIsUsableAndListsEveryMiss() throws {
        let report = try F.check(Solution(instance: "checker-fixture"))
        XCTAssertTrue(report.usable)
        XCTAssertEqual(report.brokenRules, [.requiredRequest, .unsatisfiedList])
        XCTAssertEqual(report.violations(of: .requiredRequest).count, 3)
        XCTAssertEqual(report.violations(of: .unsatisfiedList).count, 7)
    }
}
