import Foundation
import NetworkTimetabling
import Synchronization
@testable import NetworkTimetablingGLPK
import XCTest

/// The lower bound of every solve (docs/MIP.md, "Lower bounds"): never above the objective of a
/// feasible timetable, equal to the optimum where the bound model can be solved.
final class LowerBoundTests: XCTestCase {
    func load(_ name: String) throws -> Problem {
        let loaded = InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/\(name)"))
        return try XCTUnwrap(loaded.problem)
    }

    /// Every bound the bounder publishes, in order.
    func bounds(_ problem: Problem, _ bounder: NetworkBounder = NetworkBounder(), seconds: Double = 60) -> [LowerBound] {
        run(problem, bounder, seconds: seconds).bounds
    }

    /// One run of the bounder: every bound it publishes and every progress message, in order.
    func run(_ problem: Problem, _ bounder: NetworkBounder, seconds: Double = 60) -> (bounds: [LowerBound], messages: [String]) {
        let seen = Mutex<(bounds: [LowerBound], messages: [String])>(([], []))
        bounder.bound(problem, timeLimit: seconds, stop: StopFlag(), found: BoundSink()) { p in
            seen.withLock {
                $0.messages.append(p.message ?? "")
                if p.phase == .bound, let b = p.bound { $0.bounds.append(LowerBound(value: b, method: p.message ?? "", seconds: p.elapsed)) }
            }
        }
        return seen.withLock { $0 }
    }

    func testTinyBoundEqualsTheBruteForcedOptimum() throws {
        let problem = try load("tiny.json")
        // The optimum, derived here rather than remembered: the exact model solved by GLPK agrees
        // with the brute force on every generated instance (MIPEngineTests), and on tiny it is 244.
        var exact = MIPEngine(sectionSlack: nil)
        exact.warmStart = false
        let optimum = try XCTUnwrap(exact.run(problem, parameters: SolveParameters(timeLimit: 60, relativeGap: 0)).objective)
        XCTAssertEqual(optimum, 244, accuracy: 1e-6)

        let result = HeuristicEngine().run(problem, parameters: SolveParameters(timeLimit: 20, bounder: NetworkBounder()))
        let solution = try XCTUnwrap(result.solution)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations)")
        XCTAssertEqual(try XCTUnwrap(solution.bound), optimum, accuracy: 1e-6, "the bound model is solved to optimality on tiny")
        XCTAssertEqual(try XCTUnwrap(result.bound), optimum, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(report.gap), 0, accuracy: 1e-9)
        XCTAssertEqual(result.status, .optimal, "a timetable whose objective meets the bound is proven optimal")
        XCTAssertNotNil(result.lowerBound?.method)
        // Each step's bound is below the optimum, and they only rise.
        let steps = bounds(problem)
        XCTAssertGreaterThanOrEqual(steps.count, 2, "the aggregate first, then the bound model: \(steps)")
        XCTAssertEqual(steps.map(\.value), steps.map(\.value).sorted())
        XCTAssertTrue(steps.allSatisfy { $0.value <= optimum + 1e-6 }, "\(steps)")
    }

    func testBoundsNeverExceedTheBruteForcedOptimum() throws {
        var compared = 0, tight = 0
        for seed in UInt64(1)...14 {
            let (problem, diagnostics) = Problem.build(TinyInstances.make(seed: seed))
            let p = try XCTUnwrap(problem, "seed \(seed): \(diagnostics)")
            guard let best = BruteForce(p).best() else { continue }
            var aggregateOnly = NetworkBounder()
            aggregateOnly.exactModel = false
            var modelOnly = NetworkBounder()
            modelOnly.aggregate = false
            // The plain model's LP, then the model with the strong attendance rows.
            var strong = modelOnly
            strong.strongAttendance = true
            strong.strongLPColumnsPerSecond = 1e9
            for (name, bounder) in [("both", NetworkBounder()), ("aggregate", aggregateOnly), ("bound model", modelOnly),
                                    ("strong rows", strong)] {
                let (steps, notes) = run(p, bounder)
                XCTAssertFalse(steps.isEmpty, "seed \(seed), \(name): no bound")
                for b in steps {
                    XCTAssertLessThanOrEqual(b.value, best.objective + 1e-6, "seed \(seed), \(name): \(b.method) above the optimum")
                }
                if name == "both", abs(steps.last!.value - best.objective) < 1e-6 { tight += 1 }
                if name == "strong rows" {
                    // Both models were solved: the plain one's LP only, then the strong one.
                    XCTAssertTrue(notes.contains { $0.contains("its LP relaxation only") }, "seed \(seed): \(notes)")
                    XCTAssertTrue(notes.contains { $0.contains("with the strong attendance rows") }, "seed \(seed): \(notes)")
                }
            }
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 6)
        // The bound model loosens these instances (no buses) only in vehicle trips: mostly it is exact.
        XCTAssertGreaterThanOrEqual(2 * tight, compared, "the bound equals the optimum on \(tight) of \(compared) instances")
        print("bound = optimum on \(tight) of \(compared) brute-forced instances")
    }

    /// The strong attendance rows hold for every integer solution of the bound model: its optimum
    /// is the plain model's, and its LP relaxation lies between the plain LP's and that optimum.
    func testStrongAttendanceRowsKeepTheOptimumAndTightenTheLP() throws {
        var compared = 0
        for seed in UInt64(1)...14 {
            let (problem, diagnostics) = Problem.build(TinyInstances.make(seed: seed))
            let p = try XCTUnwrap(problem, "seed \(seed): \(diagnostics)")
            guard BruteForce(p).best() != nil else { continue }
            var results: [(lp: Double, optimum: Double)] = []
            for strong in [false, true] {
                let model = try NetworkBounder.relaxedModel(of: p, strongAttendance: strong)
                var lpOnly = GLPKSolver(timeLimit: 60, relativeGap: 0, presolve: false)
                let root = Mutex<Double?>(nil)
                lpOnly.rootLP = { v in root.withLock { $0 = v } }
                let out = try lpOnly.solve(model)
                XCTAssertEqual(out.status, .optimal, "seed \(seed), strong \(strong)")
                results.append((try XCTUnwrap(root.withLock { $0 }), try XCTUnwrap(out.objective)))
            }
            XCTAssertEqual(results[1].optimum, results[0].optimum, accuracy: 1e-6, "seed \(seed): the rows cut off an integer solution")
            XCTAssertGreaterThanOrEqual(results[1].lp, results[0].lp - 1e-6, "seed \(seed)")
            XCTAssertLessThanOrEqual(results[1].lp, results[1].optimum + 1e-6, "seed \(seed)")
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 6)
    }

    func testCheckerReportsTheGapAndABoundAboveTheObjective() throws {
        let problem = try load("tiny.json")
        var solution = try XCTUnwrap(GreedyEngine().run(problem).solution)
        var report = Checker(problem).check(solution)
        XCTAssertNil(report.bound)
        XCTAssertNil(report.gap)
        let json = try XCTUnwrap(String(data: JSONEncoder().encode(report), encoding: .utf8))
        XCTAssertTrue(json.contains("\"bound\":null") && json.contains("\"gap\":null"), json)

        solution.bound = report.objective / 2
        report = Checker(problem).check(solution)
        XCTAssertEqual(try XCTUnwrap(report.gap), 0.5, accuracy: 1e-9)
        XCTAssertFalse(report.boundAboveObjective)

        solution.bound = report.objective + 1
        report = Checker(problem).check(solution)
        XCTAssertTrue(report.boundAboveObjective)
        XCTAssertTrue(report.diagnostics.contains { $0.path == "bound" && $0.message.contains("not valid") }, "\(report.diagnostics)")

        // The bound survives the file.
        let decoded = try XCTUnwrap(SolutionLoader.load(data: SolutionLoader.encode(solution)).solution)
        XCTAssertEqual(decoded.bound, solution.bound)
    }

    func testAStoppedSolveKeepsTheBoundFoundSoFar() throws {
        let problem = try load("terbuny-network.json")
        let stop = StopFlag()
        let parameters = SolveParameters(timeLimit: 120, stop: stop, bounder: NetworkBounder())
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) { stop.raise() }
        let started = Date()
        let result = HeuristicEngine().run(problem, parameters: parameters)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "a stop ends the bound's LP too")
        let solution = try XCTUnwrap(result.solution)
        let bound = try XCTUnwrap(solution.bound, "the aggregate bound is proven within seconds")
        let report = Checker(problem).check(solution)
        if report.feasible { XCTAssertFalse(report.boundAboveObjective, "bound \(bound), objective \(report.objective)") }
        XCTAssertEqual(result.lowerBound?.method, "aggregate")
    }
}
