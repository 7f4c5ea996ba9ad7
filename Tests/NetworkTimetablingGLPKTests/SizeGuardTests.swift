import Foundation
import NetworkTimetabling
@testable import NetworkTimetablingGLPK
import XCTest

/// The MIP's size guard: models too large for the time limit are refused before they are built,
/// and `auto` still answers with the heuristic's timetable.
final class SizeGuardTests: XCTestCase {
    func load(_ name: String) throws -> Problem {
        let loaded = InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/\(name)"))
        return try XCTUnwrap(loaded.problem)
    }

    func testEstimateFromTheSetsIsCloseToTheBuiltModel() throws {
        for name in ["tiny.json", "arctic-network.json"] {
            let problem = try load(name)
            let sets = MIPSets(problem: problem, sectionSlack: 1)
            let estimate = sets.estimatedSize()
            let model = MIPModel(sets: sets, elastic: false)
            let ratio = Double(estimate.columns) / Double(model.lp.columns.count)
            XCTAssertTrue(ratio > 0.7 && ratio < 1.5, "\(name): estimated \(estimate.columns) columns, built \(model.lp.columns.count)")
            let quick = MIPSets.quickColumnEstimate(problem, sectionSlack: 1)
            XCTAssertTrue(quick > 0 && quick <= model.lp.columns.count, "\(name): request-based estimate \(quick)")
        }
    }

    func testTooLargeModelIsRefusedQuicklyWithAClearMessage() throws {
        let problem = try load("arctic-network.json")
        // The request-based screen: far above what 1 s allows.
        var engine = MIPEngine()
        engine.maxColumnsPerSecond = 100
        let started = Date()
        let quick = engine.solve(problem, parameters: SolveParameters(timeLimit: 1))
        XCTAssertEqual(quick.status, .unknown)
        XCTAssertNil(quick.solution)
        let message = try XCTUnwrap(quick.message)
        XCTAssertTrue(message.contains("too large for the MIP within 1 s") && message.contains("--engine heuristic or hybrid"), message)
        // The set-based check: the screen passes, the sets' estimate does not fit.
        engine.maxColumnsPerSecond = 3_000
        engine.quickScreenFactor = 100
        let sized = engine.solve(problem, parameters: SolveParameters(timeLimit: 2))
        XCTAssertEqual(sized.status, .unknown)
        XCTAssertNil(sized.solution)
        XCTAssertTrue(sized.message?.contains("columns (~") == true, sized.message ?? "")
        XCTAssertGreaterThan(sized.statistics["estimatedColumns"] ?? 0, 6_000)
        XCTAssertNil(sized.statistics["rows"], "the model was not built")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5 * 3, "both refusals return within five times their limits")
        XCTAssertFalse(engine.fits(problem, seconds: 2).fits)
        XCTAssertTrue(engine.fits(problem, seconds: 600).fits)
    }

    func testAutoAnswersWithTheHeuristicWhenTheMIPRefuses() throws {
        let problem = try load("tiny.json")
        var auto = AutoEngine(mipMinimumSeconds: 0.5)
        auto.mip.maxColumnsPerSecond = 1
        let result = auto.solve(problem, parameters: SolveParameters(timeLimit: 3, seed: 1))
        let solution = try XCTUnwrap(result.solution)
        XCTAssertEqual(solution.engine, "auto/heuristic")
        XCTAssertTrue(Checker(problem).check(solution).feasible)
        let message = try XCTUnwrap(result.message)
        XCTAssertTrue(message.contains("mip: no solution (unknown)"), message)
    }

    /// Above ``AutoEngine/mipColumnLimit`` the heuristic keeps the whole time (Terbuny's model has
    /// ~22k columns); on tiny the MIP runs after it, proves the answer optimal and auto says so.
    func testAutoTriesTheMIPOnlyWhereItPays() throws {
        let terbuny = try load("terbuny-network.json")
        let large = AutoEngine().solve(terbuny, parameters: SolveParameters(timeLimit: 6, seed: 1)) { _ in }
        let message = try XCTUnwrap(large.message)
        XCTAssertTrue(message.contains("above auto's limit of 10k where the MIP pays: heuristic only"), message)
        XCTAssertFalse(message.contains("mip:"), message)
        // GLPK proves the bound beside the heuristic and re-sections its students (the sectioning
        // rounds of the search whose best is the answer, when that search reached one).
        XCTAssertTrue(message.contains("GLPK: lower bound only") || message.contains("GLPK's student sectioning"), message)
        XCTAssertTrue(["auto/heuristic", "auto/forced-requests"].contains(large.solution?.engine ?? ""), "\(large.solution?.engine ?? "none")")
        XCTAssertTrue(Checker(terbuny).check(try XCTUnwrap(large.solution)).feasible)

        let tiny = try load("tiny.json")
        let small = AutoEngine().solve(tiny, parameters: SolveParameters(timeLimit: 20, seed: 1)) { _ in }
        let text = try XCTUnwrap(small.message)
        XCTAssertTrue(text.contains("fits the MIP: heuristic, then MIP"), text)
        XCTAssertTrue(text.contains("GLPK proved the answer optimal"), text)
        XCTAssertEqual(small.status, .optimal)
        let report = Checker(tiny).check(try XCTUnwrap(small.solution))
        XCTAssertTrue(report.feasible)
        XCTAssertEqual(small.objective ?? -1, report.objective, accuracy: 1e-6)
        XCTAssertNotNil(small.statistics["glpkImprovement"])
    }
}
