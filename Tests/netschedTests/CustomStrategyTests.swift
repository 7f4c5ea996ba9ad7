import Foundation
import NetworkTimetabling
import RandomRestartStrategy
import XCTest

/// `Examples/CustomStrategy`: a strategy written against the public API only, that builds its own
/// timetables through `SolutionAssembler` (no engine of the library), run as a library call and,
/// registered as `netsched-engine-random-restart`, by `netsched bench` like a built-in engine.
final class CustomStrategyTests: XCTestCase {
    static let root = CommandLineTests.root

    func testTheStrategyBuildsAFeasibleTimetableOfTinyAndRepeatsItselfWithTheSameSeed() throws {
        let url = Self.root.appendingPathComponent("Examples/tiny.json")
        let problem = try XCTUnwrap(InstanceLoader.load(contentsOf: url).problem)
        let engine = RandomRestartEngine()
        // A generous limit: every restart runs, so the answer depends on the seed alone.
        let parameters = SolveParameters(timeLimit: 600, seed: 1)
        let first = engine.solve(problem, parameters: parameters)
        let solution = try XCTUnwrap(first.solution)
        XCTAssertEqual(first.statistics["restarts"], Double(engine.restarts))
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, report.violations.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(first.status, .feasible)
        XCTAssertEqual(solution.engine, "random-restart")
        XCTAssertEqual(report.summary.requiredSatisfied, report.summary.requiredRequests)
        XCTAssertFalse(solution.itineraries.isEmpty, "the assembler wrote the students' and teachers' trips")
        XCTAssertEqual(engine.solve(problem, parameters: parameters).solution, solution, "same seed, same timetable")
        for seed in 2...3 {
            let other = try XCTUnwrap(engine.solve(problem, parameters: SolveParameters(timeLimit: 600, seed: UInt64(seed))).solution)
            XCTAssertTrue(Checker(problem).check(other).feasible, "seed \(seed)")
        }
    }

    /// The harness runs the example program by name and judges its timetable with the checker.
    func testBenchRunsTheStrategyByNameAndItsTimetablePassesTheChecker() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-custom-strategy-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("netsched-engine-random-restart"),
            withDestinationURL: CommandLineTests.productsDirectory.appendingPathComponent("custom-strategy"))
        let results = dir.appendingPathComponent("runs").path
        let bench = try CommandLineTests.run(["bench", "--engines", "random-restart", "--instances", "Examples/tiny.json",
                                              "--time-limit", "60", "--results", results], path: dir.path)
        XCTAssertEqual(bench.status, 0, bench.stdout + bench.stderr)
        let csv = dir.appendingPathComponent("results.csv").path
        let merge = try CommandLineTests.run(["bench", "--merge", results, "--out", csv])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = BenchCommandTests.csvFields(lines[0])
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        let row = BenchCommandTests.csvFields(try XCTUnwrap(lines.last))
        func field(_ name: String) throws -> String { row[try XCTUnwrap(header.firstIndex(of: name), "column \(name)")] }
        XCTAssertEqual(try field("engine"), "random-restart")
        XCTAssertEqual(try field("solution_engine"), "random-restart")
        XCTAssertEqual(try field("outcome"), "ok")
        XCTAssertEqual(try field("violations"), "0")
    }
}
