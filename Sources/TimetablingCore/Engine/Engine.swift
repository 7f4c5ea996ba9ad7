import Foundation
import Synchronization

/// A timetabling engine: a function of (problem, parameters) that returns a ``SolveResult``.
///
/// Every engine of the library (greedy, MIP, heuristic, hybrid) and any a researcher adds
/// conforms to this one protocol, and is registered by name in `EngineRegistry` so the CLI
/// and the benchmark harness can run it. An engine never grades its own homework: callers pass
/// its solution through ``Checker``.
///
/// An engine *implements* ``solve(_:parameters:progress:)``; callers *call* ``run(_:parameters:progress:)``,
/// which solves and then finishes the answer the same way for every engine (section ids kept
/// from the locks and the published timetable, the final solution offered to
/// ``SolveParameters/incumbents``).
///
/// ```swift
/// let result = GreedyEngine().run(problem, parameters: SolveParameters(timeLimit: 10)) { print($0) }
/// let report = Checker(problem).check(result.solution!)
/// ```
public protocol Engine: Sendable {
    /// The name the CLI and the registry know the engine by (`--engine NAME`).
    var name: String { get }
    /// Solves `problem`. Must return within about `parameters.timeLimit` seconds and soon after
    /// `parameters.stop` is raised, with the best solution found so far. Reports progress as
    /// typed ``SolveProgress`` values (phase, incumbent, bound, required requests unmet); starts
    /// from `parameters.hint` when the engine can use one. Section ids need no care here:
    /// ``run(_:parameters:progress:)`` names them.
    func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult
}

extension Engine {
    /// ``run(_:parameters:progress:)`` without a progress callback.
    public func run(_ problem: Problem, parameters: SolveParameters = .init()) -> SolveResult {
        run(problem, parameters: parameters, progress: { _ in })
    }

    /// Solves `problem` and finishes the answer: the solution's sections take the ids the
    /// instance's locks and the published (reference) timetable give them (``SectionNaming``),
    /// and the final solution is offered to `parameters.incumbents`. The one way the CLI, the
    /// re-planner, the engines that run other engines and the async API run an engine.
    public func run(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let started = Date()
        // Bounding is the outermost run's job: engines that run other engines pass their
        // parameters on, and a nested bound would only compete for the same cores.
        var inner = parameters
        inner.bounder = nil
        let bounding = parameters.bounder.map { BoundingRun(bounder: $0, problem: problem, parameters: parameters, progress: progress) }
        var report = progress
        if let bounding {
            // A feasible incumbent that meets the bound is optimal: the engine may stop there.
            let proven = StopFlag(linkedTo: parameters.stop)
            inner.stop = proven
            bounding.onBound = { bound in
                if bounding.incumbent <= bound + 1e-9 * max(1, abs(bound)) { proven.raise() }
            }
            report = { p in
                if p.engine != bounding.name, p.feasible == true, let x = p.incumbent { bounding.offerIncumbent(x) }
                if bounding.provesOptimal { proven.raise() }
                progress(p)
            }
        }
        var result = solve(problem, parameters: inner, progress: report)
        if let bounding {
            let bound = bounding.finish(started: started)
            // An engine's own bound counts only when it is valid for the instance (see SolveResult.bound).
            if let b = bound, result.bound.map({ b.value > $0 }) ?? true { result.bound = b.value }
            if let b = bound {
                result.statistics["boundSeconds"] = b.seconds
                result.statistics["bound"] = b.value
            }
            result.lowerBound = bound
            // A bound that meets the objective proves the timetable optimal, whatever the engine.
            if result.status == .feasible, let b = result.bound, let objective = result.objective,
               LowerBound(value: b, method: "", seconds: 0).gap(to: objective) <= 1e-9 {
                result.status = .optimal
            }
        }
        if var solution = result.solution {
            solution = SectionNaming.apply(solution, problem: problem)
            if let b = result.bound, b.isFinite { solution.bound = b }
            result.solution = solution
            if let objective = result.objective, let sink = parameters.incumbents {
                sink.offer(solution, objective: objective, requiredUnmet: solution.unsatisfied.filter(\.required).count,
                           elapsed: Date().timeIntervalSince(started))
            }
        }
        return result
    }

    /// The engine's raw answer, without a progress callback (``run(_:parameters:)`` is what
    /// callers want).
    public func solve(_ problem: Problem, parameters: SolveParameters = .init()) -> SolveResult {
        solve(problem, parameters: parameters, progress: { _ in })
    }
}

/// A flag an engine polls to stop early (Ctrl-C, a caller's deadline); safe to raise from any thread.
public final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let parent: StopFlag?
    public init() { parent = nil }
    /// A flag that is also raised whenever `parent` is (raising this one leaves `parent` alone).
    public init(linkedTo parent: StopFlag) { self.parent = parent }
    public func raise() { raised.store(true, ordering: .relaxed) }
    public var isRaised: Bool { raised.load(ordering: .relaxed) || (parent?.isRaised ?? false) }
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
    /// A timetable to start from (a warm start: an earlier run's answer, a published timetable).
    /// The heuristic continues from it instead of a new construction (what no longer fits is
    /// dropped); the MIP hands it to GLPK as the first incumbent when the checker finds it
    /// feasible; the hybrid and `auto` pass it on. The greedy construction ignores it.
    public var hint: Solution?
    /// Receives the best solution as an engine improves it (the heuristic publishes while it
    /// searches; every engine's final answer is offered by ``Engine/run(_:parameters:progress:)``).
    public var incumbents: IncumbentSink?
    /// Computes a valid lower bound beside the engine, on a thread of its own and within the same
    /// time limit (``LowerBounder``); ``Engine/run(_:parameters:progress:)`` writes it into
    /// ``SolveResult/bound`` and ``Solution/bound``. `netsched solve` always sets one
    /// (`NetworkBounder` of the GLPK module); nil computes no bound.
    public var bounder: (any LowerBounder)?

    public init(timeLimit: Double = 60, seed: UInt64 = 1, threads: Int = 1, relativeGap: Double = 1e-4, stop: StopFlag = StopFlag(),
                hint: Solution? = nil, incumbents: IncumbentSink? = nil, bounder: (any LowerBounder)? = nil) {
        self.timeLimit = timeLimit
        self.seed = seed
        self.threads = threads
        self.relativeGap = relativeGap
        self.stop = stop
        self.hint = hint
        self.incumbents = incumbents
        self.bounder = bounder
    }
}

/// What an engine is doing when it reports progress.
public enum SolvePhase: String, Sendable, Codable, CaseIterable {
    /// Setting up: size checks, choosing the engines to run (`auto`'s policy).
    case start
    /// Building a first timetable (the greedy construction).
    case construct
    /// Preparing a given or heuristic timetable as an exact engine's first incumbent.
    case warmStart = "warm-start"
    /// Building a model (the MIP's rows and columns).
    case build
    /// Making a timetable meet the hard rules (the hybrid's repair rounds).
    case repair
    /// Improving: local search, branch and bound, exact neighbourhoods, restarts.
    case search
    /// Finished; the report carries the engine's final answer.
    case done
    /// Proving a lower bound (the ``LowerBounder`` beside the engine).
    case bound
}

/// A progress report during a solve: typed data for a callback, rendered as a log line
/// (``description``) or a JSON object (``jsonLine``) by the caller. No tool needs to read the
/// ``message`` to learn a number.
///
/// ```swift
/// _ = engine.run(problem, parameters: .init(timeLimit: 30)) { p in
///     if p.phase == .search, let x = p.incumbent { print(p.elapsed, x, p.requiredUnmet ?? -1) }
/// }
/// ```
public struct SolveProgress: Sendable, Codable, CustomStringConvertible {
    /// The engine that reports (`heuristic`, `mip`, `auto`, …; an engine run by another reports
    /// under its own name).
    public var engine: String
    /// Seconds since this engine's solve started.
    public var elapsed: Double
    public var phase: SolvePhase
    /// Objective of the best solution so far (lower is better), if any.
    public var incumbent: Double?
    /// Best proven lower bound, if the engine has one.
    public var bound: Double?
    /// Required requests the incumbent leaves unmet, when the engine counts them.
    public var requiredUnmet: Int?
    /// Whether the incumbent meets every hard rule, as far as the engine knows; nil when there is
    /// no incumbent or the engine cannot tell. Given `requiredUnmet` and an incumbent, it defaults
    /// to `requiredUnmet == 0`.
    public var feasible: Bool?
    /// Words for people; never needed to learn a number.
    public var message: String?

    public init(engine: String, elapsed: Double, phase: SolvePhase, incumbent: Double? = nil, bound: Double? = nil,
                requiredUnmet: Int? = nil, feasible: Bool? = nil, message: String? = nil) {
        self.engine = engine
        self.elapsed = elapsed
        self.phase = phase
        self.incumbent = incumbent
        self.bound = bound
        self.requiredUnmet = requiredUnmet
        self.feasible = feasible ?? (incumbent != nil ? requiredUnmet.map { $0 == 0 } : nil)
        self.message = message
    }

    /// Relative gap between the incumbent and the bound, when both are known.
    public var gap: Double? {
        guard let incumbent, let bound else { return nil }
        return abs(incumbent - bound) / max(abs(incumbent), 1e-9)
    }

    public var description: String {
        var s = "[\(engine) \(String(format: "%7.2f", elapsed))s] \(phase.rawValue)"
        if let incumbent { s += " incumbent=\(String(format: "%.2f", incumbent))" }
        if let bound { s += " bound=\(String(format: "%.2f", bound))" }
        if let gap, incumbent != 0 { s += " gap=\(String(format: "%.2f%%", 100 * gap))" }
        if let requiredUnmet { s += " required-unmet=\(requiredUnmet)" }
        if let message { s += " " + message }
        return s
    }

    private enum CodingKeys: String, CodingKey {
        case engine, elapsed, phase, incumbent, bound, requiredUnmet, feasible, message
    }

    /// Every key is written, `null` where a value is unknown, so that a reader finds the same
    /// fields in every line.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(engine, forKey: .engine)
        try c.encode(elapsed, forKey: .elapsed)
        try c.encode(phase, forKey: .phase)
        try c.encode(incumbent, forKey: .incumbent)
        try c.encode(bound, forKey: .bound)
        try c.encode(requiredUnmet, forKey: .requiredUnmet)
        try c.encode(feasible, forKey: .feasible)
        try c.encode(message, forKey: .message)
    }

    /// One line of JSON (no newline inside): `{"bound":null,"elapsed":1.25,"engine":"heuristic",…}`,
    /// keys sorted, every key present. What `netsched solve --progress json` writes.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Non-finite numbers have no JSON form: they are written as null.
        var safe = self
        if let x = safe.incumbent, !x.isFinite { safe.incumbent = nil }
        if let x = safe.bound, !x.isFinite { safe.bound = nil }
        if !safe.elapsed.isFinite { safe.elapsed = 0 }
        guard let data = try? encoder.encode(safe), let line = String(data: data, encoding: .utf8) else { return "{}" }
        return line
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
    /// A valid lower bound on the objective of every timetable that meets the hard rules: the
    /// bounder's (``SolveParameters/bounder``) or an exact engine's proven one, the higher. An
    /// engine sets it only when its model searches every timetable (docs/MIP.md, "Lower bounds").
    public var bound: Double?
    /// The bounder's answer in full (method, seconds), when a bounder ran.
    public var lowerBound: LowerBound?
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
