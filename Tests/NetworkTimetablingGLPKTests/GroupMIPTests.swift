import Foundation
import XCTest
import NetworkTimetabling
import NetworkTimetablingGLPK
@testable import TimetablingCore
@testable import TimetablingGenerator

/// Groups (a class attending a course together) in the engines that use GLPK: the MIP ties the
/// members' assignment columns, and `auto` and the hybrid keep each group in one section.
final class GroupMIPTests: XCTestCase {
    private func cityWithGroups() throws -> Problem {
        let instance = InstanceGenerator.generate(GeneratorParameters(sites: 5, students: 16, courses: 8, teachers: 8, seed: 2,
                                                                      profile: .city, juniorStudents: 16))
        XCTAssertEqual(instance.groups.count, 3)
        return try Problem(instance)
    }

    private func assertWhole(_ problem: Problem, _ solution: Solution, _ engine: String) {
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(engine): \(report.violations.prefix(3))")
        for g in problem.groups {
            let sections = Set(g.members.map { m in
                solution.assignments.first { $0.student == problem.instance.students[m.student].id && $0.request == m.request }?.section
            })
            XCTAssertEqual(sections.count, 1, "\(engine) \(g.id): \(sections)")
            XCTAssertFalse(sections.contains(nil), "\(engine) \(g.id) not granted")
        }
    }

    func testTheMIPAutoAndHybridKeepEachGroupInOneSection() throws {
        let problem = try cityWithGroups()
        // The MIP starts from a heuristic timetable (its warm start must satisfy the group rows), so
        // that what is judged does not depend on how far GLPK gets in the time.
        let start = try XCTUnwrap(HeuristicEngine(maxIterations: 1_000).solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1)).solution)
        let engines: [(String, any Engine, Double, Solution?)] = [
            ("mip", MIPEngine(), 20, start), ("auto", AutoEngine(), 10, nil), ("hybrid", HybridEngine(), 10, nil),
        ]
        for (name, engine, limit, hint) in engines {
            let result = engine.run(problem, parameters: SolveParameters(timeLimit: limit, seed: 1, threads: 1, hint: hint))
            assertWhole(problem, try XCTUnwrap(result.solution, name), name)
            if name == "hybrid" {
                // Its sub-instances keep the members' requests without the groups (a sub-instance
                // with a group but not its class was invalid, and every neighbourhood was skipped).
                XCTAssertGreaterThan(result.statistics["reoptimised"] ?? 0, 0, "\(result.statistics)")
            }
        }
    }
}
