import Foundation
import TimetablingCore

/// Settings of one search, derived from ``HeuristicEngine`` and the solve's parameters.
struct SearchSettings: Sendable {
    var method: HeuristicEngine.Method
    var seed: UInt64
    /// Iterations after which to stop (makes a run reproducible whatever the machine's speed).
    var maxIterations: Int?
    var deadline: Date
    var started: Date
    var stop: StopFlag
    /// Temperatures at the start and the end of the run (cost units).
    var startTemperature: Double
    var endTemperature: Double
    /// Index of this search among the parallel ones (for the log; ``seed`` is derived from it).
    var index: Int
    /// The large-neighbourhood search's *tail repair* works while 1 to this many required
    /// requests are unmet (0: never): ``requiredFocus`` of the iterations on them, the operator
    /// opening a section that pulls students from other sections, and re-timing every meeting the
    /// student can never attend (see ``LargeNeighbourhoodSearch``).
    var tailRequired = 40
    /// Share of the iterations spent on unmet required requests in the tail repair.
    var requiredFocus = 0.3
    /// *Reheating* in the tail repair: after this many iterations without one required request
    /// fewer in the best (0: never), the temperature starts again from ``startTemperature`` and
    /// falls to ``endTemperature`` over the time (or iterations) left.
    var reheatAfter = 6_000
    /// The tail repair's forced join (``ForcedJoin``) is among the
    /// operators around an unmet request.
    var forcedJoin = true
    /// End the run when its best, meeting every required request, has not improved for this long:
    /// `iterations` when given (runs with an iteration budget stay the same on every machine),
    /// else `seconds`; nil: never (``HeuristicEngine/restartPatience``).
    var patience: (seconds: Double, iterations: Int?)?
    /// Without an iteration budget: the temperature falls over the time until this instead of
    /// the deadline (a later round of ``HeuristicEngine/restartPatience``); nil: the deadline.
    var scheduleEnd: Date?
    /// Student sectioning by an exact solver (``SectioningSolver``): the first round after
    /// ``sectioningFrom`` of the run's time, then one every ``sectioningEvery`` seconds (at least
    /// three times as long as the last round took), each over at most ``sectioningColumns``
    /// candidate weeks and ``sectioningSeconds``; nil: never (``HeuristicEngine/sectioning``).
    var sectioning: (any SectioningSolver)?
    var sectioningFrom = 0.7
    var sectioningEvery = 2.0
    var sectioningSeconds = 2.0
    var sectioningColumns = 12_000
}
