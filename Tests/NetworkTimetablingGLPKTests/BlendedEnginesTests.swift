import Foundation
import XCTest
import NetworkTimetabling
import NetworkTimetablingGLPK
import TestSupport

/// Every registered engine solves `Examples/blended.json` (a course met once a week in person and
/// twice online): the checker finds no violation and the students travel to the host only on
/// the in-person day.
final class BlendedEnginesTests: XCTestCase {
    func testEveryRegisteredEngineSolvesTheBlendedExampleWithTravelOnlyOnTheInPersonDay() throws {
        let loaded = InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/blended.json"))
        let problem = try XCTUnwrap(loaded.problem, "\(loaded.diagnostics)")
        let registry = EngineRegistry()
        GLPKEngines.register(in: registry)
        XCTAssert(Set(["greedy", "heuristic", "mip", "hybrid", "auto"]).isSubset(of: registry.names), "\(registry.names)")
        for name in registry.names {
            let engine = try XCTUnwrap(registry.engine(named: name))
            let result = engine.run(problem, parameters: SolveParameters(timeLimit: 4, seed: 1, threads: 1))
            let solution = try XCTUnwrap(result.solution, "\(name): \(result.message ?? "")")
            let report = Checker(problem).check(solution)
            XCTAssertTrue(report.feasible, "\(name): \(report.violations.prefix(3)) \(report.diagnostics)")
            let routes = BlendedRoutes.problems(problem, solution)
            XCTAssertEqual(routes.problems, [], name)
            XCTAssertGreaterThan(routes.checked, 0, "\(name): no student from another site in a blended section")
        }
    }
}
