import Foundation
import NetworkTimetabling
@testable import NetworkTimetablingGLPK
import XCTest

/// `ForcedRequestSearch` and its place in `auto`: every timetable it returns passes the checker,
/// is never worse than the one it started from, and its reported objectives are the checker's.
final class ForcedRequestSearchTests: XCTestCase {
    /// Tiny with an online programming elective asked for after the timetable was made: granting
    /// it saves its unmet cost, so the search must grant it; astronomy (grade 11 only, asked by a
    /// grade-10 student) stays unmet.
    func testAnUnmetElectiveIsGrantedWhenThatLowersTheObjective() throws {
        let problem = try WhatIfTests.tinyWithNewRequests()
        let start = try WhatIfTests.tinyStart()
        let checker = Checker(problem)
        let before = checker.check(start)
        XCTAssertTrue(before.feasible)
        let outcome = ForcedRequestSearch().improve(problem, from: start, deadline: Date().addingTimeInterval(30))
        let after = checker.check(outcome.solution)
        XCTAssertTrue(after.feasible, "\(after.violations.prefix(3))")
        XCTAssertEqual(outcome.objectiveBefore, before.objective, accuracy: 1e-9)
        XCTAssertEqual(outcome.objectiveAfter, after.objective, accuracy: 1e-9, "the reported objective is the checker's")
        XCTAssertLessThan(after.objective, before.objective - 1e-6)
        XCTAssertGreaterThanOrEqual(outcome.improved, 1)
        XCTAssertTrue(outcome.exhausted, "every question was asked after the last improvement")
        XCTAssertTrue(outcome.solution.assignments.contains { $0.student == "s-kamenka-10-01" && $0.request == 1 }, "programming is granted")
        XCTAssertFalse(outcome.solution.assignments.contains { $0.student == "s-kamenka-10-02" && $0.request == 1 }, "astronomy cannot be")
    }

    /// The questions: unmet electives (rank 0) and requests granted by a later alternative (their
    /// rank), most objective at stake first; required requests that are met by their first
    /// alternative are not asked about.
    func testQuestionsAreUnmetElectivesAndLaterAlternativesByStake() throws {
        let problem = try WhatIfTests.tinyWithNewRequests()
        var start = try WhatIfTests.tinyStart()
        let questions = ForcedRequestSearch.questions(problem, start)
        let s1 = try XCTUnwrap(problem.studentIndex["s-kamenka-10-01"]), s2 = try XCTUnwrap(problem.studentIndex["s-kamenka-10-02"])
        XCTAssertTrue(questions.contains(.init(student: s1, request: 1, rank: 0)))
        XCTAssertTrue(questions.contains(.init(student: s2, request: 1, rank: 0)))
        for q in questions where q.rank > 0 {
            let a = try XCTUnwrap(start.assignments.first { $0.student == problem.instance.students[q.student].id && $0.request == q.request })
            XCTAssertEqual(a.alternative, q.rank)
        }
        // A granted request by its second alternative becomes a question of rank 1, ahead of a
        // cheaper one: its stake is weight × rank × the rank weight.
        let k = try XCTUnwrap(start.assignments.firstIndex { problem.instance.students[problem.studentIndex[$0.student]!].requests[$0.request].alternatives.count > 1 })
        start.assignments[k].alternative = 1
        let s = problem.studentIndex[start.assignments[k].student]!
        let again = ForcedRequestSearch.questions(problem, start)
        XCTAssertTrue(again.contains(.init(student: s, request: start.assignments[k].request, rank: 1)))
        let w = problem.instance.weights
        let stakes = again.map { q -> Double in
            let r = problem.instance.students[q.student].requests[q.request]
            return q.rank == 0 ? r.weight * w.unmetElective : r.weight * Double(q.rank) * w.alternativeRank
        }
        XCTAssertEqual(stakes, stakes.sorted(by: >), "most at stake first")
    }

    /// Generated instances: from the heuristic's timetable (a few hundred iterations, so that
    /// something is left to improve) the search returns a feasible timetable never worse than its
    /// start, and an infeasible start comes back unchanged.
    func testTheSearchIsNeverWorseOnGeneratedInstances() throws {
        var improved = 0
        for seed in UInt64(1)...3 {
            let instance = InstanceGenerator.generate(GeneratorParameters(sites: 3, students: 30, courses: 8, teachers: 5, seed: seed))
            let problem = try Problem(instance)
            let solved = try XCTUnwrap(HeuristicEngine(maxIterations: 100).solve(problem, parameters: SolveParameters(timeLimit: 30, seed: seed)).solution)
            let checker = Checker(problem)
            let before = checker.check(solved)
            let outcome = ForcedRequestSearch(questionSeconds: 4).improve(problem, from: solved, deadline: Date().addingTimeInterval(10))
            let after = checker.check(outcome.solution)
            XCTAssertEqual(outcome.objectiveAfter, after.objective, accuracy: 1e-9)
            if before.feasible {
                XCTAssertTrue(after.feasible, "seed \(seed): \(after.violations.prefix(3))")
                XCTAssertLessThanOrEqual(after.objective, before.objective + 1e-9, "seed \(seed)")
                if outcome.improved > 0 {
                    improved += 1
                    XCTAssertLessThan(after.objective, before.objective - 1e-6, "seed \(seed)")
                }
            } else {
                XCTAssertEqual(outcome.solution, solved, "an infeasible start is returned unchanged")
                XCTAssertEqual(outcome.asked, 0)
            }
        }
        print("forced requests improved \(improved) of 3 generated timetables")
    }

    /// In `auto`, above the MIP's column limit, a heuristic that stops improving hands its timetable
    /// to the forced-request search, and the summary and statistics say what GLPK did; with
    /// `stagnationShare` 0 the heuristic keeps the whole time.
    func testAutoHandsAStagnatedHeuristicToGLPK() throws {
        let problem = try WhatIfTests.tinyWithNewRequests()
        let auto = AutoEngine(mipColumnLimit: 0, stagnationShare: 0.2)
        let result = auto.solve(problem, parameters: SolveParameters(timeLimit: 15, seed: 1)) { _ in }
        let message = try XCTUnwrap(result.message)
        XCTAssertTrue(message.contains("heuristic only"), message)
        XCTAssertTrue(message.contains("GLPK's forced requests improved the heuristic's"), message)
        XCTAssertNotNil(result.statistics["glpkImprovement"])
        let report = Checker(problem).check(try XCTUnwrap(result.solution))
        XCTAssertTrue(report.feasible)
        XCTAssertEqual(result.objective ?? -1, report.objective, accuracy: 1e-6)

        let plain = AutoEngine(mipColumnLimit: 0, stagnationShare: 0).solve(problem, parameters: SolveParameters(timeLimit: 4, seed: 1)) { _ in }
        let text = try XCTUnwrap(plain.message)
        XCTAssertTrue(text.contains("GLPK: lower bound only") || text.contains("GLPK's student sectioning"), text)
        XCTAssertFalse(text.contains("forced requests"), text)
    }
}
