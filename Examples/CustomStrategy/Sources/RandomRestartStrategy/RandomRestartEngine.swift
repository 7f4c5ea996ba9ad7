import Foundation
import NetworkTimetabling

/// Random-restart greedy: the library's constructive ``GreedyEngine`` run again and again on
/// shuffled copies of the instance, keeping the best solution the ``Checker`` finds.
///
/// The greedy engine takes requests in priority order and, within a priority, in student order,
/// so the order of `Instance.students` decides who gets the last seats of a section. Each restart
/// shuffles the students (a Fisher–Yates shuffle from a seeded generator) and changes the greedy
/// seed that breaks ties between equally good times. A solution refers to students by id and to
/// requests by their index in the student's own list, so a solution of the shuffled copy is a
/// solution of the original: it is checked against the original problem, and the best is kept —
/// feasible before infeasible, then fewer violations, then the lower objective. Restart 0 is the plain greedy run, so
/// the strategy is never worse than the greedy engine with the same seed.
///
/// It uses only the library's public API: `Engine`, `Problem`, `GreedyEngine`, `Checker`,
/// `GeneratorRandom`. Register it and run it by name:
///
/// ```swift
/// EngineRegistry.shared.register(RandomRestartEngine())
/// let engine = EngineRegistry.shared.engine(named: "random-restart")!
/// let result = engine.solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1))
/// ```
public struct RandomRestartEngine: Engine {
    public init() {}

    public var name: String { "random-restart" }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let start = Date()
        func elapsed() -> Double { Date().timeIntervalSince(start) }
        let checker = Checker(problem)
        var rng = GeneratorRandom(seed: parameters.seed, stream: "random-restart")

        var best: (solution: Solution, feasible: Bool, objective: Double, key: (Int, Int, Double))? = nil
        var restarts = 0, improvements = 0
        var slowest = 0.0
        while !parameters.stop.isRaised {
            let remaining = parameters.timeLimit - elapsed()
            // Stop when another restart would probably overrun the limit.
            if restarts > 0 && remaining < slowest * 1.2 { break }
            let began = elapsed()
            let copy: Problem
            if restarts == 0 {
                copy = problem
            } else {
                var instance = problem.instance
                rng.shuffle(&instance.students)
                guard let shuffled = try? Problem(instance) else { break }
                copy = shuffled
            }
            let seed = parameters.seed &+ UInt64(restarts) &* 0x9E37_79B9_7F4A_7C15
            let result = GreedyEngine().solve(copy, parameters: SolveParameters(
                timeLimit: max(remaining, 0.1), seed: seed, threads: 1, stop: parameters.stop))
            restarts += 1
            slowest = max(slowest, elapsed() - began)
            guard var solution = result.solution else { continue }
            solution.engine = name
            let report = checker.check(solution)
            guard report.usable else { continue }
            // Feasible first, then fewer violations, then the lower objective.
            let key = (report.feasible ? 0 : 1, report.violations.count, report.objective)
            let better = best.map { b in key.0 < b.key.0 || (key.0 == b.key.0 && (key.1 < b.key.1 || (key.1 == b.key.1 && key.2 < b.key.2 - 1e-9))) } ?? true
            if better {
                best = (solution, report.feasible, report.objective, key)
                improvements += 1
                // Only feasible solutions are incumbents: an infeasible best is reported in words.
                progress(SolveProgress(
                    engine: name, elapsed: elapsed(), phase: "restart", incumbent: report.feasible ? report.objective : nil,
                    message: "restart \(restarts)" + (report.feasible ? "" : String(format: ": best so far infeasible "
                        + "(%d violations, objective %.2f)", report.violations.count, report.objective))))
            }
            if restarts == 1 && parameters.timeLimit - elapsed() < slowest { break }
        }
        progress(SolveProgress(engine: name, elapsed: elapsed(), phase: "done",
                                             incumbent: best?.feasible == true ? best?.objective : nil,
                          message: "\(restarts) restarts, \(improvements) improvements"))
        guard let best else {
            return SolveResult(status: .unknown, solution: nil, statistics: ["restarts": Double(restarts)],
                               message: "no restart produced a solution")
        }
        return SolveResult(status: best.feasible ? .feasible : .unknown, solution: best.solution, objective: best.objective,
                           statistics: ["restarts": Double(restarts), "improvements": Double(improvements), "seconds": elapsed()],
                           message: "best of \(restarts) greedy restarts")
    }
}
