import Foundation
import XCTest
@testable import NetworkTimetabling

final class FETProblemTests: XCTestCase {
    func testCountsSupportedAndUnsupportedConstraintTypes() throws {
        var d = try FETFixtures.document("school.fet")
        d.timeConstraints.append(FETConstraint(element: FETElement(name: "ConstraintActivitiesOccupyMaxTimeSlotsFromSelection")))
        d.timeConstraints.append(FETConstraint(element: FETElement(name: "ConstraintActivitiesOccupyMaxTimeSlotsFromSelection")))
        let p = FETProblem(d)
        XCTAssertEqual(p.unsupported, ["ConstraintActivitiesOccupyMaxTimeSlotsFromSelection": 2])
        XCTAssertEqual(p.supported["ConstraintTeacherNotAvailableTimes"], 1)
        XCTAssertEqual(p.supported["ConstraintMinDaysBetweenActivities"], 1)
        XCTAssertEqual(p.activities.count, 6, "the inactive activity is left out")
        // Year 5 expands to its parts: subgroups of 5a and the group 5b (which has none).
        XCTAssertEqual(Set(p.subgroupNames), ["5a-en", "5a-de", "5b", "6"])
        let a1 = try XCTUnwrap(p.activityIndex[1])
        XCTAssertEqual(p.activitySubgroups[a1].map { p.subgroupNames[$0] }.sorted(), ["5a-de", "5a-en", "5b"])
    }

    func testNonOfficialModesAreReportedAsUnsupported() throws {
        var d = try FETFixtures.document("school.fet")
        d.mode = "Mornings_Afternoons"
        XCTAssertEqual(FETProblem(d).unsupported.keys.first?.hasPrefix("Mode Mornings_Afternoons"), true)
    }
}

final class FETCheckerTests: XCTestCase {
    func testFETsOwnTimetableHasNoHardViolation() throws {
        let d = try FETFixtures.document("fet-cl-solved_data_and_timetable.fet")
        let p = FETProblem(d)
        let report = FETChecker.check(p, FETAssignment(p, placements: FETPlacements(d)))
        XCTAssertTrue(report.isFeasible, "\(report)")
        XCTAssertEqual(report.unplaced, 0)
    }

    func testFindsClashesUnavailableTeachersRoomsAndMinDays() throws {
        let d = try FETFixtures.document("school.fet")
        let p = FETProblem(d)
        let H = p.hours
        let i = { (id: Int) in p.activityIndex[id]! }
        var start = Array(repeating: -1, count: p.activities.count)
        var room = Array(repeating: -1, count: p.activities.count)
        start[i(1)] = 0 * H + 0        // Anna, year 5, Monday 08:00
        start[i(2)] = 0 * H + 0        // Anna, 5a, Monday 08:00-10:00: teacher + students clash (1 slot), min days (soft)
        start[i(3)] = 1 * H + 0
        start[i(4)] = 0 * H + 0        // Clara is not available on Monday 08:00
        start[i(6)] = 2 * H + 3
        start[i(7)] = 4 * H + 3        // Friday 11:00
        room[i(1)] = 0
        _ = room
        let report = FETChecker.check(p, FETAssignment(start: start, room: room))
        let byType = Dictionary(uniqueKeysWithValues: report.byType.map { ($0.type, $0) })
        XCTAssertEqual(byType["ConstraintBasicCompulsoryTime"]?.hardViolations, 1 + 2, "Anna's clash; subgroups 5a-en and 5a-de clash")
        XCTAssertEqual(byType["ConstraintTeacherNotAvailableTimes"]?.hardViolations, 1)
        XCTAssertEqual(byType["ConstraintMinDaysBetweenActivities"]?.softCost ?? 0, 0.95, accuracy: 1e-9)
        XCTAssertEqual(report.unplaced, 0)
        start[i(6)] = -1
        start[i(2)] = 1 * H + 3        // a double lesson starting at the last hour runs past the day
        XCTAssertEqual(FETChecker.check(p, FETAssignment(start: start, room: room)).unplaced, 2)
    }

    func testGapsRules() {
        var rule = FETRule(type: "t", kind: .maxGapsPerWeek(0), activities: [], weightPercentage: 100)
        XCTAssertEqual(rule.gaps([true, false, false, true], day: 0, 4), 2)
        rule.notGaps = [1]
        XCTAssertEqual(rule.gaps([true, false, false, true], day: 0, 4), 1, "a break is not a gap")
        XCTAssertEqual(rule.gaps([false, true, true, false], day: 0, 4), 0)
    }
}

final class FETSolverTests: XCTestCase {
    func testSolvesTheSmallFileAndWritesAFileThatReadsBackToTheSameTimetable() throws {
        let url = FETFixtures.url("school.fet")
        let data = try Data(contentsOf: url)
        let p = FETProblem(try FETReader.read(data: data).document)
        let result = FETSolver.solve(p, parameters: .init(timeLimit: 2, seed: 7))
        let report = FETChecker.check(p, result.assignment)
        XCTAssertTrue(report.isFeasible, "\(report)")
        XCTAssertNotNil(result.secondsToFeasible)

        let written = try FETWriter.write(result.assignment, of: p, into: data)
        let back = try FETReader.read(data: written).document
        let p2 = FETProblem(back)
        let again = FETAssignment(p2, placements: FETPlacements(back))
        XCTAssertEqual(again.start, result.assignment.start)
        XCTAssertTrue(FETChecker.check(p2, again).isFeasible)
        XCTAssertEqual(back.activities, p.document.activities, "the rest of the file is kept")
    }

    func testSameSeedSameTimetable() throws {
        let p = FETProblem(try FETFixtures.document("school.fet"))
        let a = FETSolver.solve(p, parameters: .init(timeLimit: 0.3, seed: 3)).assignment
        let b = FETSolver.solve(p, parameters: .init(timeLimit: 0.3, seed: 3)).assignment
        XCTAssertEqual(a, b)
    }
}
