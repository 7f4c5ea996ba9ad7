import Foundation
import Synchronization

/// A valid lower bound on the objective: no timetable of the instance that meets every hard rule
/// (with the same locks and reference) has a lower objective by the checker. `netsched check`
/// compares a solution's objective with it (the gap).
public struct LowerBound: Sendable, Codable, Equatable {
    /// The bound, in the checker's objective units.
    public var value: Double
    /// How it was obtained: `"relaxation"` (the linear relaxation of the exact integer program),
    /// `"branch-and-bound"` (GLPK's best bound after searching), `"aggregate"` (the course-level
    /// integer program), `"optimum"` (the exact integer program solved to optimality), ….
    public var method: String
    /// Seconds spent computing it.
    public var seconds: Double
    /// Whether the bound is proven to equal the optimum.
    public var optimal: Bool
    /// Words for people: sizes, what was tried and why a stronger method was not used.
    public var message: String?

    public init(value: Double, method: String, seconds: Double, optimal: Bool = false, message: String? = nil) {
        self.value = value
        self.method = method
        self.seconds = seconds
        self.optimal = optimal
        self.message = message
    }
}

/// Computes a ``LowerBound`` for a problem within a time limit: the bounding side of a solve.
///
/// ``Engine/run(_:parameters:progress:)`` runs the ``SolveParameters/bounder`` on a thread of its
/// own beside the engine, within the same time limit, and writes the bound into the result and
/// the solution. A bounder publishes each better bound it proves to `found` as soon as it has
/// it, so that a solve stopped early (Ctrl-C, a caller's stop) still has the best bound so far.
///
/// A bounder must never report a value above the objective of a feasible timetable: only
/// relaxations that the rules of docs/RULES.md cannot break (docs/MIP.md, "Lower bounds").
public protocol LowerBounder: Sendable {
    /// Name in progress lines.
    var name: String { get }
    /// Proves bounds until `timeLimit` seconds have passed or `stop` is raised; publishes each to
    /// `found` (only increases count). Returns when it has nothing better to try.
    func bound(_ problem: Problem, timeLimit: Double, stop: StopFlag, found: BoundSink,
               progress: @escaping @Sendable (SolveProgress) -> Void)
}

/// The best lower bound published so far; safe to use from any thread.
public final class BoundSink: Sendable {
    private let best = Mutex<LowerBound?>(nil)
    private let hook = Mutex<(@Sendable (Double) -> Void)?>(nil)
    public init() {}

    /// Called after each kept bound with its value (on the offering thread).
    var onOffer: (@Sendable (Double) -> Void)? {
        get { hook.withLock { $0 } }
        set { hook.withLock { $0 = newValue } }
    }

    /// Keeps `bound` if it is higher than the best so far (a non-finite value is ignored).
    /// Returns whether it was kept.
    @discardableResult
    public func offer(_ bound: LowerBound) -> Bool {
        guard bound.value.isFinite else { return false }
        let kept = best.withLock { current in
            guard current == nil || bound.value > current!.value + 1e-9 || (bound.optimal && !current!.optimal) else { return false }
            current = bound
            return true
        }
        if kept { onOffer?(bound.value) }
        return kept
    }

    public var value: LowerBound? { best.withLock { $0 } }
}

extension LowerBound {
    /// Relative gap of `objective` above the bound: (objective − bound) / |objective|; 0 when both are 0.
    public func gap(to objective: Double) -> Double {
        let diff = objective - value
        if abs(diff) <= 1e-9 * max(1, abs(objective)) { return 0 }
        return diff / max(abs(objective), 1e-9)
    }

    /// Whether the bound exceeds `objective` beyond rounding: then either the bound or the
    /// objective is wrong (the checker's objective is the judge).
    public func exceeds(_ objective: Double) -> Bool {
        value > objective + 1e-6 * max(1, abs(objective))
    }
}

/// A bounder running on a thread of its own beside an engine (``Engine/run(_:parameters:progress:)``).
final class BoundingRun: @unchecked Sendable {
    private let found = BoundSink()
    let name: String
    private let best = Mutex<Double>(.infinity)
    /// Called on the bounder's thread with each better bound (set before the engine starts).
    var onBound: (@Sendable (Double) -> Void)? {
        get { found.onOffer }
        set { found.onOffer = newValue }
    }
    private let stop = StopFlag()
    private let done = DispatchSemaphore(value: 0)
    private let callerStop: StopFlag
    private let timeLimit: Double
    /// The bounder's time when the engine answers sooner.
    let minimumBoundSeconds = 2.0

    init(bounder: any LowerBounder, problem: Problem, parameters: SolveParameters,
         progress: @escaping @Sendable (SolveProgress) -> Void) {
        callerStop = parameters.stop
        timeLimit = parameters.timeLimit
        name = bounder.name
        let (found, stop, done) = (self.found, self.stop, self.done)
        let limit = parameters.timeLimit
        let thread = Thread {
            bounder.bound(problem, timeLimit: limit, stop: stop, found: found, progress: progress)
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// The best feasible objective the engine has reported so far.
    var incumbent: Double { best.withLock { $0 } }

    func offerIncumbent(_ value: Double) { best.withLock { $0 = min($0, value) } }

    /// Whether the best bound so far meets the best feasible incumbent.
    var provesOptimal: Bool {
        guard let b = found.value?.value else { return false }
        return incumbent <= b + 1e-9 * max(1, abs(b))
    }

    /// The best bound once the bounder has finished, or at the time limit (counted from
    /// `started`), or at once when the caller stopped the solve; the bounder is told to stop either
    /// way. An engine that answers within a tenth of the limit (a construction) is not kept waiting
    /// for a long bound: the bounder then gets as long as the engine took, 2 s at least.
    func finish(started: Date) -> LowerBound? {
        if callerStop.isRaised {
            stop.raise()
            _ = done.wait(timeout: .now() + 0.5)
            return found.value
        }
        let engineSeconds = Date().timeIntervalSince(started)
        let quick = engineSeconds < 0.1 * timeLimit
        let deadline = started.addingTimeInterval(quick ? min(timeLimit, max(engineSeconds, minimumBoundSeconds)) : timeLimit)
        // Waits for the bounder, in short steps so that a stop raised meanwhile (Ctrl-C) counts.
        while true {
            let left = deadline.timeIntervalSinceNow
            if done.wait(timeout: .now() + max(0, min(0.1, left))) == .success { return found.value }
            if left <= 0 || callerStop.isRaised { break }
        }
        stop.raise()
        // A bounder polls its stop flag at least every few tenths of a second.
        _ = done.wait(timeout: .now() + 1)
        return found.value
    }
}
