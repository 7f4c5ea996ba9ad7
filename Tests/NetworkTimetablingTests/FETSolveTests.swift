import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

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

    func testEarlyBeginningsSkipHoursTheStudentsCannotUse() throws {
        let p = FETProblem(try FETFixtures.document("school.fet"))
        let a = try XCTUnwrap(p.activityIndex[1])
        var start = Array(repeating: -1, count: p.activities.count)
        let room = Array(repeating: -1, count: p.activities.count)
        start[a] = 1                    // Monday, second hour
        var rule = FETRule(type: "ConstraintStudentsSetEarlyMaxBeginningsAtSecondHour", kind: .earlyMaxBeginningsAtSecondHour(0),
                           activities: [a], weightPercentage: 100)
        XCTAssertEqual(rule.violations(p, start, room), 1, "a day beginning at the second hour")
        start[a] = 2
        XCTAssertEqual(rule.violations(p, start, room), 2, "one hour too late, and a beginning after the first hour")
        rule.notGaps = [0]              // the first hour of Monday is a break / not available
        XCTAssertEqual(rule.violations(p, start, room), 1)
        start[a] = 1
        XCTAssertEqual(rule.violations(p, start, room), 0, "the day begins at the first hour the students can use")
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

    /// Four classes and four teachers, each pair meeting once a day: every class and every teacher
    /// is busy in all 20 slots, so single moves always clash and the search must swap lessons; two
    /// lessons of different pairs must start together (hard).
    func testSolvesAFullyPackedWeekWithMinDaysAndSameStartingTimes() throws {
        let days = ["Mo", "Tu", "We", "Th", "Fr"], hours = ["1", "2", "3", "4"]
        var activities: [FETActivity] = []
        var constraints: [FETConstraint] = []
        func element(_ name: String, _ children: [(String, String)]) -> FETConstraint {
            FETConstraint(element: FETElement(name: name, children: children.map { FETElement(name: $0.0, text: $0.1) }))
        }
        for c in 1...4 {
            for t in 1...4 {
                let ids = (0..<5).map { 100 * c + 10 * t + $0 }
                for id in ids { activities.append(FETActivity(id: id, activityGroupId: ids[0], teachers: ["t\(t)"], subject: "s\(t)", students: ["c\(c)"])) }
                constraints.append(element("ConstraintMinDaysBetweenActivities", [("Weight_Percentage", "100"), ("Number_of_Activities", "5")]
                    + ids.map { ("Activity_Id", "\($0)") } + [("MinDays", "1")]))
            }
        }
        constraints.append(element("ConstraintActivitiesSameStartingTime", [("Weight_Percentage", "100"), ("Activity_Id", "110"), ("Activity_Id", "220")]))
        let d = FETDocument(days: days, hours: hours, teachers: (1...4).map { "t\($0)" }, years: (1...4).map { FETYear(name: "c\($0)") },
                            activities: activities, timeConstraints: constraints)
        let p = FETProblem(d)
        XCTAssertTrue(p.unsupported.isEmpty, "\(p.unsupported)")
        let result = FETSolver.solve(p, parameters: .init(timeLimit: 20, seed: 1))
        let report = FETChecker.check(p, result.assignment)
        XCTAssertTrue(report.isFeasible, "\(report)")
        XCTAssertEqual(result.assignment.start[p.activityIndex[110]!], result.assignment.start[p.activityIndex[220]!])
    }

    /// Two classes (16 hours each in a week of 5 × 6 hours) whose days must start at the first hour without gaps (at least 3 hours a day),
    /// teachers with at most 3 hours a day and at most one gap, one teacher on at most 4 days,
    /// a shared lab (hard) and double lessons: the placement phase alone must place everything,
    /// and what it places must satisfy the checker.
    func dayRulesWeek() -> FETProblem {
        func element(_ name: String, _ children: [(String, String)]) -> FETConstraint {
            FETConstraint(element: FETElement(name: name, children: ([("Weight_Percentage", "100")] + children).map { FETElement(name: $0.0, text: $0.1) }))
        }
        var activities: [FETActivity] = []
        var id = 1
        for (c, lessons) in [("c1", [("t1", 6, 1), ("t2", 5, 1), ("t3", 5, 1)]), ("c2", [("t2", 5, 1), ("t3", 3, 1), ("t4", 4, 2)])] {
            for (t, count, duration) in lessons {
                for _ in 0..<count {
                    activities.append(FETActivity(id: id, teachers: [t], subject: "s" + t.dropFirst(), students: [c], duration: duration))
                    id += 1
                }
            }
        }
        let time = [
            element("ConstraintStudentsMaxGapsPerWeek", [("Max_Gaps", "0")]),
            element("ConstraintStudentsEarlyMaxBeginningsAtSecondHour", [("Max_Beginnings_At_Second_Hour", "0")]),
            element("ConstraintStudentsMinHoursDaily", [("Minimum_Hours_Daily", "3"), ("Allow_Empty_Days", "false")]),
            element("ConstraintTeachersMaxHoursDaily", [("Maximum_Hours_Daily", "3")]),
            element("ConstraintTeachersMaxGapsPerDay", [("Max_Gaps", "1")]),
            element("ConstraintTeacherMaxDaysPerWeek", [("Teacher_Name", "t1"), ("Max_Days_Per_Week", "4")]),
        ]
        let space = [element("ConstraintSubjectPreferredRoom", [("Subject", "s3"), ("Room", "Lab")])]
        let d = FETDocument(days: ["Mo", "Tu", "We", "Th", "Fr"], hours: ["1", "2", "3", "4", "5", "6"], teachers: ["t1", "t2", "t3", "t4"],
                            years: [FETYear(name: "c1"), FETYear(name: "c2")], rooms: [FETRoom(name: "Lab")],
                            activities: activities, timeConstraints: time, spaceConstraints: space)
        return FETProblem(d)
    }

    func testPlacementWithDisplacementSatisfiesTheDayRules() throws {
        let p = dayRulesWeek()
        XCTAssertTrue(p.unsupported.isEmpty, "\(p.unsupported)")
        for seed in [1] as [UInt64] {
            let search = FETSearch(p, .init(timeLimit: 20, seed: seed))
            XCTAssertTrue(search.forwardSearch(order: Array(search.units.indices), deadline: 20), "seed \(seed)")
            let report = FETChecker.check(p, FETAssignment(start: search.start, room: search.room))
            XCTAssertTrue(report.isFeasible, "seed \(seed): \(report)")
            XCTAssertEqual(report.unplaced, 0)
        }
        let result = FETSolver.solve(p, parameters: .init(timeLimit: 20, seed: 3))
        XCTAssertTrue(FETChecker.check(p, result.assignment).isFeasible)
        XCTAssertNotNil(result.secondsToFeasible)
    }

    /// The solver's bit-mask evaluation of the per-day rules counts what the checker counts.
    func testDayRuleMasksAgreeWithTheChecker() throws {
        var p = dayRulesWeek()
        let all = Array(0..<p.activities.count)
        let kinds: [FETRule.Kind] = [.maxDaysPerWeek(2), .maxGapsPerWeek(1), .maxGapsPerDay(0), .maxHoursDaily(2), .minHoursDaily(3, allowEmptyDays: true),
                                     .minHoursDaily(2, allowEmptyDays: false), .maxHoursContinuously(2), .earlyMaxBeginningsAtSecondHour(1)]
        for (k, kind) in kinds.enumerated() {
            var rule = FETRule(type: "t\(k)", kind: kind, activities: all.filter { ($0 * 5 + k) % 4 != 0 }, weightPercentage: 100)
            if k % 2 == 0 { rule.notGaps = [0, 7, 14, 21] }
            p.rules.append(rule)
        }
        let search = FETSearch(p, .init(timeLimit: 1, seed: 1))
        var rng = SeededRandom(seed: 5)
        var compared = 0
        for _ in 0..<200 {
            for a in 0..<p.activities.count {
                let s = rng.below(p.slots + 3) - 3     // some unplaced
                search.start[a] = s >= 0 && p.fits(a, at: s) ? s : -1
            }
            for i in search.rules.indices {
                XCTAssertEqual(search.violationsOf(i), search.rules[i].violations(p, search.start, search.room), "\(search.rules[i].kind)")
                if case .other = search.dayRules[i] {} else { compared += 1 }
            }
        }
        XCTAssertGreaterThan(compared, 200 * kinds.count)
    }

    func testSameSeedSameTimetable() throws {
        let p = FETProblem(try FETFixtures.document("school.fet"))
        let a = FETSolver.solve(p, parameters: .init(timeLimit: 0.3, seed: 3)).assignment
        let b = FETSolver.solve(p, parameters: .init(timeLimit: 0.3, seed: 3)).assignment
        XCTAssertEqual(a, b)
    }
}
