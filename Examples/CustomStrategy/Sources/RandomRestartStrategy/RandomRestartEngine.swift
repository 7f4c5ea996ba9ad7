import Foundation
import NetworkTimetabling

/// Random restarts of a simple construction of its own: each restart builds a timetable from
/// scratch in a new random order (``Construction``; requests that earlier restarts left unmet go
/// earlier), the library's `SolutionAssembler` turns its
/// sections and enrolments into a complete `Solution` (itineraries, bus seats, online join rooms),
/// the library's `Checker` judges it, and the best is kept — feasible before infeasible, then
/// fewer violations, then the lower objective.
///
/// It uses only the library's public API (`Engine`, `Problem`, `SolutionAssembler`,
/// `IndexedSolution`, `Checker`, `SeededRandom`) and none of its engines. The restarts draw
/// from one generator seeded by `parameters.seed`, and run one after another: the same seed gives
/// the same answer, unless the time limit or a stop request cuts the restarts short.
///
/// ```swift
/// EngineRegistry.shared.register(RandomRestartEngine())
/// let engine = EngineRegistry.shared.engine(named: "random-restart")!
/// let result = engine.run(problem, parameters: SolveParameters(timeLimit: 30, seed: 1))
/// ```
public struct RandomRestartEngine: Engine {
    /// Constructions in one solve.
    public var restarts: Int

    public init(restarts: Int = 256) {
        self.restarts = max(restarts, 1)
    }

    public var name: String { "random-restart" }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let start = Date()
        func elapsed() -> Double { Date().timeIntervalSince(start) }
        let checker = Checker(problem)
        var rng = SeededRandom(seed: parameters.seed, stream: "random-restart")

        var best: (solution: Solution, report: CheckReport, key: (Int, Int, Double))?
        var done = 0, improvements = 0
        var slowest = 0.0
        var misses = problem.students.map { [Int](repeating: 0, count: $0.requests.count) }
        while done < restarts && !parameters.stop.isRaised {
            // Stop when another restart would probably overrun the limit.
            if done > 0 && elapsed() + slowest * 1.2 > parameters.timeLimit { break }
            let began = elapsed()
            var construction = Construction(problem: problem, rng: SeededRandom(seed: rng.next(), stream: "construction"))
            let solution = construction.run(engine: name, misses: misses)
            for u in solution.unsatisfied { if let s = problem.studentIndex[u.student] { misses[s][u.request] += 1 } }
            done += 1
            slowest = max(slowest, elapsed() - began)
            let report = checker.check(solution)
            guard report.usable else { continue }
            let key = (report.feasible ? 0 : 1, report.violations.count, report.objective)
            let better = best.map { b in key.0 < b.key.0 || (key.0 == b.key.0 && (key.1 < b.key.1 || (key.1 == b.key.1 && key.2 < b.key.2 - 1e-9))) } ?? true
            guard better else { continue }
            best = (solution, report, key)
            improvements += 1
            // The best so far, with the checker's verdict in fields (feasible, required unmet).
            progress(SolveProgress(
                engine: name, elapsed: elapsed(), phase: .search, incumbent: report.objective,
                requiredUnmet: report.summary.requiredUnmet, feasible: report.feasible,
                message: "restart \(done)" + (report.feasible ? "" : ": best so far breaks \(report.violations.count) hard rule(s)")))
        }
        progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .done, incumbent: best?.report.objective,
                               requiredUnmet: best?.report.summary.requiredUnmet, feasible: best?.report.feasible,
                               message: "\(done) restarts, \(improvements) improvements"))
        guard let best else {
            return SolveResult(status: .unknown, solution: nil, statistics: ["restarts": Double(done)],
                               message: "no restart produced a usable solution")
        }
        return SolveResult(status: best.report.feasible ? .feasible : .unknown, solution: best.solution, objective: best.report.objective,
                           statistics: ["restarts": Double(done), "improvements": Double(improvements), "seconds": elapsed()],
                           message: "best of \(done) random-order constructions")
    }
}
