import Foundation
import Synchronization

/// A timetabling engine: a function of (problem, parameters) that returns a ``SolveResult``.
///
/// Every engine of the library (greedy, MIP, heuristic, hybrid) and any a researcher adds
/// conforms to this one protocol, and is registered by name in ``EngineRegistry`` so the CLI
/// and the benchmark harness can run it. An engine never grades its own homework: callers pass
/// its solution through ``Checker``.
///
/// ```swift
/// let result = GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 10)) { print($0) }
/// let report = Checker(problem).check(result.solution!)
/// ```
public protocol Engine: Sendable {
    /// The name the CLI and the registry know the engine by (`--engine NAME`).
    var name: String { get }
    /// Solves `problem`. Must return within about `parameters.timeLimit` seconds and soon after
    /// `parameters.stop` is raised, with the best solution found so far.
    func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult
}

extension Engine {
    public func solve(_ problem: Problem, parameters: SolveParameters = .init()) -> SolveResult {
        solve(problem, parameters: parameters, progress: { _ in })
    }
}

/// A flag an engine polls to stop early (Ctrl-C, a caller's deadline); safe to raise from any thread.
public final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    public init() {}
    public func raise() { raised.store(true, ordering: .relaxed) }
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Parameters every engine accepts; an engine ignores those that do not apply to it.
public struct SolveParameters: Sendable {
    /// Wall-clock limit in seconds.
    public var timeLimit: Double
    /// Seed of every random choice: same seed and one thread give the same answer.
    public var seed: UInt64
    /// Threads the engine may use.
    public var threads: Int
    /// Relative gap at which an exact engine may stop.
    public var relativeGap: Double
    /// Raised to stop the search early; the engine then returns its best solution.
    public var stop: StopFlag

    public init(timeLimit: Double = 60, seed: UInt64 = 1, threads: Int = 1, relativeGap: Double = 1e-4, stop: StopFlag = StopFlag()) {
        self.timeLimit = timeLimit
        self.seed = seed
        self.threads = threads
        self.relativeGap = relativeGap
        self.stop = stop
    }
}

/// The earlier name of ``SolveProgress``; it clashes with Foundation's `Progress` in files that
/// import both modules.
@available(*, deprecated, renamed: "SolveProgress")
public typealias Progress = SolveProgress

/// A progress report during a solve, for a callback or a log line. (Named so that it does not
/// clash with Foundation's `Progress` in files that import both.)
public struct SolveProgress: Sendable, CustomStringConvertible {
    public var engine: String
    /// Seconds since the solve started.
    public var elapsed: Double
    /// What the engine is doing: `construct`, `search`, `presolve`, …
    public var phase: String
    /// Objective of the best solution so far (lower is better), if any.
    public var incumbent: Double?
    /// Best proven lower bound, if the engine has one.
    public var bound: Double?
    public var message: String?

    public init(engine: String, elapsed: Double, phase: String, incumbent: Double? = nil, bound: Double? = nil, message: String? = nil) {
        self.engine = engine
        self.elapsed = elapsed
        self.phase = phase
        self.incumbent = incumbent
        self.bound = bound
        self.message = message
    }

    public var description: String {
        var s = "[\(engine) \(String(format: "%7.2f", elapsed))s] \(phase)"
        if let incumbent { s += " incumbent=\(String(format: "%.2f", incumbent))" }
        if let bound { s += " bound=\(String(format: "%.2f", bound))" }
        if let incumbent, let bound, incumbent != 0 {
            s += " gap=\(String(format: "%.2f%%", 100 * abs(incumbent - bound) / max(abs(incumbent), 1e-9)))"
        }
        if let message { s += " " + message }
        return s
    }
}

/// What an engine returns.
public struct SolveResult: Sendable {
    public enum Status: String, Sendable, Codable {
        /// Proven optimal.
        case optimal
        /// A solution was found; optimality is not proven.
        case feasible
        /// Proven that no solution meets every hard rule.
        case infeasible
        /// No solution found and nothing proven (time limit, stop).
        case unknown
        /// The engine cannot work on this problem as given.
        case invalid
    }

    public var status: Status
    public var solution: Solution?
    /// The engine's own objective value of `solution` (the checker's value is the one reported).
    public var objective: Double?
    /// Best proven lower bound, for exact engines.
    public var bound: Double?
    /// Engine-specific counters: iterations, nodes, rows, columns, seconds per phase, …
    public var statistics: [String: Double]
    public var message: String?

    public init(status: Status, solution: Solution?, objective: Double? = nil, bound: Double? = nil,
                statistics: [String: Double] = [:], message: String? = nil) {
        self.status = status
        self.solution = solution
        self.objective = objective
        self.bound = bound
        self.statistics = statistics
        self.message = message
    }
}
