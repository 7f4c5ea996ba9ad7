import Synchronization

/// Where an engine run publishes its best solution as it improves, for callers that want the
/// incumbent itself (a hybrid engine warm-starting an exact solver, a user interface), not just
/// its value. Thread-safe; keeps the best offered (fewest required requests unmet, then lowest
/// objective; of two equal, the later, so that the finished answer replaces the search's copy).
///
/// ```swift
/// let sink = IncumbentSink(minInterval: 2) { incumbent in print(incumbent.objective) }
/// _ = HeuristicEngine().run(problem, parameters: .init(timeLimit: 60, incumbents: sink))
/// let best = sink.latest?.solution
/// ```
public final class IncumbentSink: Sendable {
    public struct Incumbent: Sendable {
        public var solution: Solution
        public var objective: Double
        public var requiredUnmet: Int
        /// Seconds since the solve started.
        public var elapsed: Double
    }

    /// Least seconds between two solutions published by one search (writing one costs time).
    public let minInterval: Double
    private let best = Mutex<Incumbent?>(nil)
    private let onUpdate: (@Sendable (Incumbent) -> Void)?

    public init(minInterval: Double = 1, onUpdate: (@Sendable (Incumbent) -> Void)? = nil) {
        self.minInterval = minInterval
        self.onUpdate = onUpdate
    }

    /// The best solution offered so far.
    public var latest: Incumbent? { best.withLock { $0 } }

    /// Offers a solution; kept when better than the best so far (fewest required requests unmet,
    /// then lowest objective). O(1) besides the callback.
    public func offer(_ solution: Solution, objective: Double, requiredUnmet: Int, elapsed: Double) {
        let incumbent = Incumbent(solution: solution, objective: objective, requiredUnmet: requiredUnmet, elapsed: elapsed)
        let improved = best.withLock { current -> Bool in
            if let c = current, c.requiredUnmet < requiredUnmet || (c.requiredUnmet == requiredUnmet && c.objective < objective) {
                return false
            }
            current = incumbent
            return true
        }
        if improved { onUpdate?(incumbent) }
    }
}
