import Foundation
import NetworkTimetabling
import Synchronization
@testable import NetworkTimetablingGLPK
import XCTest

/// The bound by column generation over whole sections (docs/MIP.md, "Lower bounds: sections with
/// their times"): every timetable lies in its master (so the bound is valid), its bounds never
/// exceed a brute-forced optimum, and it converges to its master's optimum.
final class SectionsBoundTests: XCTestCase {
    /// Every bound the column generation publishes, and its outcome.
    func run(_ bound: PatternBound, seconds: Double = 60) -> ([Double], PatternBound.Outcome) {
        let seen = Mutex<[Double]>([])
        let outcome = bound.solve(timeLimit: seconds, stop: StopFlag()) { value, _ in seen.withLock { $0.append(value) } }
        return (seen.withLock { $0 }, outcome)
    }

    /// A timetable meeting every hard rule is a point of the master: all of its sections are
    /// columns (with all their students), it breaks no row, and the master's objective there is
    /// at most the checker's. With and without the index sets' filters.
    func assertInMaster(_ problem: Problem, _ solution: Solution, _ label: String) throws {
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(label): \(report.violations.prefix(3))")
        for sets in [nil, MIPSets(problem: problem, sectionSlack: nil, relaxed: true)] {
            let placed = try XCTUnwrap(PatternBound(problem: problem, sets: sets).place(solution), label)
            let with = sets == nil ? "without the index sets" : "with the index sets"
            XCTAssertEqual(placed.unmapped, [], "\(label), \(with): outside the column space")
            XCTAssertEqual(placed.broken, [], "\(label), \(with): rows the timetable breaks")
            XCTAssertLessThanOrEqual(placed.objective, report.objective + 1e-6, "\(label), \(with)")
        }
    }

    func testBruteForcedOptimaAreInTheMasterAndBoundsStayBelowThem() throws {
        var compared = 0
        for seed in UInt64(1)...14 {
            let (built, diagnostics) = Problem.build(TinyInstances.make(seed: seed))
            let problem = try XCTUnwrap(built, "seed \(seed): \(diagnostics)")
            guard let best = BruteForce(problem).best() else { continue }
            try assertInMaster(problem, best.solution, "seed \(seed)")
            for sets in [nil, MIPSets(problem: problem, sectionSlack: nil, relaxed: true)] {
                let (values, outcome) = run(PatternBound(problem: problem, sets: sets))
                XCTAssertTrue(outcome.converged, "seed \(seed): \(outcome.note)")
                XCTAssertFalse(values.isEmpty, "seed \(seed)")
                for v in values { XCTAssertLessThanOrEqual(v, best.objective + 1e-6, "seed \(seed): a bound above the optimum") }
            }
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 6)
    }

    func testBlendedOptimaAreInTheMaster() throws {
        var compared = 0
        for seed in UInt64(1)...14 {
            let (built, _) = Problem.build(TinyInstances.makeBlended(seed: seed))
            guard let problem = built, let best = BruteForce(problem).best() else { continue }
            try assertInMaster(problem, best.solution, "blended seed \(seed)")
            let (values, _) = run(PatternBound(problem: problem, sets: nil))
            for v in values { XCTAssertLessThanOrEqual(v, best.objective + 1e-6, "blended seed \(seed)") }
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 6)
    }

    /// Terbuny: a heuristic timetable (every hard rule met) lies in the master, and the converged
    /// bound stays below it.
    func testTerbunyTimetableIsInTheMaster() throws {
        let loaded = InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/terbuny-network.json"))
        let problem = try XCTUnwrap(loaded.problem)
        let solution = try XCTUnwrap(HeuristicEngine().run(problem, parameters: SolveParameters(timeLimit: 5)).solution)
        try assertInMaster(problem, solution, "Terbuny")
    }

    /// The bounder uses it where the bound model does not fit, and what it publishes stays below
    /// every brute-forced optimum.
    func testBounderPublishesTheSectionsBoundWhenTheBoundModelIsOff() throws {
        // The first generated instance with a timetable meeting every hard rule.
        let (problem, best) = try XCTUnwrap((UInt64(1)...14).lazy.compactMap { seed -> (Problem, (objective: Double, solution: Solution))? in
            guard let p = Problem.build(TinyInstances.make(seed: seed)).0, let best = BruteForce(p).best() else { return nil }
            return (p, best)
        }.first)
        var bounder = NetworkBounder()
        bounder.aggregate = false
        bounder.exactModel = false
        let seen = Mutex<[LowerBound]>([])
        bounder.bound(problem, timeLimit: 30, stop: StopFlag(), found: BoundSink()) { p in
            if p.phase == .bound, let b = p.bound { seen.withLock { $0.append(LowerBound(value: b, method: p.message ?? "", seconds: p.elapsed)) } }
        }
        let steps = seen.withLock { $0 }
        XCTAssertFalse(steps.isEmpty)
        XCTAssertTrue(steps.allSatisfy { $0.method.hasPrefix("sections") }, "\(steps)")
        XCTAssertTrue(steps.allSatisfy { $0.value <= best.objective + 1e-6 }, "\(steps)")
    }
}
