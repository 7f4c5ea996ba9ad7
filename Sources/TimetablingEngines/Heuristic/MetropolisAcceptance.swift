import Foundation

/// The acceptance test of both methods (cpsolver's *acceptance criterion*): the Metropolis rule
/// of simulated annealing (Kirkpatrick, Gelatt and Vecchi, Science 1983) at a temperature that
/// falls geometrically from ``SearchSettings/startTemperature`` to
/// ``SearchSettings/endTemperature`` over the run's iterations (with an iteration budget) or its
/// time; with *reheating* (``SearchSettings/reheatAfter``), the fall starts again over what is left
/// when the best stops losing unmet required requests in the tail repair.
///
/// ```swift
/// var acceptance = MetropolisAcceptance(settings: settings)
/// acceptance.cool(iteration: i, now: Date(), maxIterations: settings.maxIterations)
/// let keep = acceptance.accept(delta, bestWaiting: false, rng: rng)
/// ```
struct MetropolisAcceptance {
    let startTemperature: Double
    let endTemperature: Double
    let reheatAfter: Int
    let tailRequired: Int
    /// The current temperature (cost units).
    private(set) var temperature: Double
    /// Times the schedule started again.
    private(set) var reheats = 0
    /// The iteration and time at which the schedule (re)started, and the seconds it had then.
    private var firstIteration = 0
    private var started = Date()
    private var budget = 1e-3
    /// The iteration at which the best last had fewer required requests unmet (for reheating).
    private var lastRequiredDrop = 0

    init(settings: SearchSettings) {
        startTemperature = settings.startTemperature
        endTemperature = settings.endTemperature
        reheatAfter = settings.reheatAfter
        tailRequired = settings.tailRequired
        temperature = settings.startTemperature
    }

    /// Starts the schedule at `iteration`, time `now`, with the time left before `deadline`. O(1).
    mutating func start(at iteration: Int, now: Date, deadline: Date) {
        firstIteration = iteration
        started = now
        budget = max(deadline.timeIntervalSince(now), 1e-3)
    }

    /// The best has fewer required requests unmet since `iteration`. O(1).
    mutating func progressed(at iteration: Int) {
        lastRequiredDrop = iteration
    }

    /// Whether to reheat at `iteration`: ``reheatAfter`` iterations without fewer required
    /// requests unmet in the best, which has 1 to ``tailRequired`` of them. O(1).
    @inline(__always)
    func stalled(at iteration: Int, bestRequiredUnmet: @autoclosure () -> Int?) -> Bool {
        guard reheatAfter > 0 && iteration - lastRequiredDrop >= reheatAfter, let unmet = bestRequiredUnmet() else { return false }
        return unmet > 0 && unmet <= tailRequired
    }

    /// Starts the schedule again from the start temperature, over the time (or iterations) left. O(1).
    mutating func reheat(at iteration: Int, now: Date, deadline: Date) {
        lastRequiredDrop = iteration
        reheats += 1
        start(at: iteration, now: now, deadline: deadline)
    }

    /// Sets the temperature of `iteration` at time `now`. O(1).
    mutating func cool(iteration: Int, now: Date, maxIterations: Int?) {
        let fraction: Double
        if let limit = maxIterations {
            fraction = Double(iteration - firstIteration) / Double(max(limit - firstIteration, 1))
        } else {
            fraction = min(1, now.timeIntervalSince(started) / budget)
        }
        temperature = startTemperature * pow(endTemperature / startTemperature, fraction)
    }

    /// Whether to keep a change of cost `delta`: always when it lowers the cost, never while a
    /// new best waits to be copied (`bestWaiting`, see ``BestSoFar``), else by the Metropolis rule
    /// at the current temperature (one draw from `rng`). O(1).
    @inline(__always)
    func accept(_ delta: Double, bestWaiting: Bool, rng: SearchRandomStream) -> Bool {
        if delta < -1e-9 { return true }
        if bestWaiting { return false }
        if delta <= 1e-9 { return true }
        return rng.unit() < exp(-delta / temperature)
    }
}
