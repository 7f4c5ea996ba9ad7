import Foundation
import XCTest
import NetworkTimetabling
import NetworkTimetablingGLPK

/// The async call with the engines that link GLPK: GLPK creates, solves and deletes its problem
/// on a thread of its own inside the solve's thread, and a cancelled task still gets the MIP's
/// best timetable promptly.
final class EngineAsyncGLPKTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testCancellingATenMinuteMIPSolveDuringGLPKsSearchReturnsTheBestTimetableWithinAMinute() async throws {
        let loaded = InstanceLoader.load(contentsOf: Self.root.appendingPathComponent("Examples/arctic-network.json"))
        let problem = try XCTUnwrap(loaded.problem)
        let registry = EngineRegistry()
        GLPKEngines.register(in: registry)
        let mip = try XCTUnwrap(registry.engine(named: "mip"))
        let parameters = SolveParameters(timeLimit: 600, seed: 1)

        // Cancel once GLPK reports a bound (it is then in its branch and cut, where it polls the
        // stop flag), so that the test is about stopping GLPK, not the warm start before it.
        let (inSearch, searching) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            try await mip.solve(problem, parameters) { progress in
                for await update in progress where update.bound != nil { searching.yield() }
                searching.finish()
            }
        }
        for await _ in inSearch { break }
        let cancelled = Date()
        task.cancel()
        let result = try await task.value
        let delay = Date().timeIntervalSince(cancelled)

        XCTAssertTrue(parameters.stop.isRaised)
        XCTAssertLessThan(delay, parameters.timeLimit / 10, "returned \(delay) s after the cancel")
        XCTAssertNotEqual(result.status, .optimal, "the MIP ended before the cancel: the test proves nothing (\(result.message ?? ""))")
        let solution = try XCTUnwrap(result.solution, "\(result.status): \(result.message ?? "")")
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.usable, "\(report.diagnostics)")
        if result.status == .feasible { XCTAssertTrue(report.feasible, "\(report.violations.prefix(5))") }
    }
}
