import Foundation
import NetworkTimetabling
import Synchronization
@testable import NetworkTimetablingGLPK
import XCTest

/// An app that plans two networks at once (a portal serving two logistics centres): solves of
/// different engines, each with its bounder, run on threads of their own in one process.
final class ConcurrentSolvesTests: XCTestCase {
    func testGLPKAndHeuristicSolvesRunTogetherAndBothCheckFeasible() throws {
        func load(_ name: String) throws -> Problem {
            try XCTUnwrap(InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/\(name)")).problem)
        }
        let tiny = try load("tiny.json")
        let terbuny = try load("terbuny-network.json")
        var exact = MIPEngine(sectionSlack: nil)
        exact.warmStart = false
        let jobs: [(name: String, problem: Problem, engine: any Engine, seconds: Double)] = [
            ("mip on tiny", tiny, exact, 60),
            ("heuristic on Terbuny", terbuny, HeuristicEngine(), 8),
            ("auto on tiny", tiny, AutoEngine(), 30),
            ("mip on tiny again", tiny, MIPEngine(), 60),
        ]
        let results = Mutex<[String: SolveResult]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let job = jobs[i]
            let result = job.engine.run(job.problem, parameters: SolveParameters(timeLimit: job.seconds, relativeGap: 0, bounder: NetworkBounder()))
            results.withLock { $0[job.name] = result }
        }
        let all = results.withLock { $0 }
        XCTAssertEqual(all.count, jobs.count)
        for job in jobs {
            let result = try XCTUnwrap(all[job.name], job.name)
            let solution = try XCTUnwrap(result.solution, "\(job.name): \(result.status) \(result.message ?? "")")
            let report = Checker(job.problem).check(solution)
            XCTAssertTrue(report.feasible, "\(job.name): \(report.violations.prefix(3))")
            XCTAssertEqual(report.objective, try XCTUnwrap(result.objective, job.name), accuracy: 1e-6, job.name)
            let bound = try XCTUnwrap(solution.bound, "\(job.name): every solve has its bound")
            XCTAssertFalse(report.boundAboveObjective, "\(job.name): bound \(bound), objective \(report.objective)")
        }
        // The exact engine and the bound agree on tiny's optimum while the other solves run.
        XCTAssertEqual(all["mip on tiny"]?.objective ?? -1, 244, accuracy: 1e-6)
        XCTAssertEqual(all["mip on tiny"]?.solution?.bound ?? -1, 244, accuracy: 1e-6)
    }
}
