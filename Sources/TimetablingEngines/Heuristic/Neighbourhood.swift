/// A way of changing the timetable, one change per iteration (cpsolver's *neighbour selection*):
/// ``SearchRun`` takes a checkpoint, asks the neighbourhood for a change, judges it by the
/// acceptance test (``MetropolisAcceptance``) and keeps or undoes it, then tells the neighbourhood
/// what became of it. What only one method needs (the large-neighbourhood search's operator
/// weights and tail repair) lives in its neighbourhood, not in the run.
///
/// The run's loop is generic over the neighbourhood, so a change costs no dynamic dispatch.
///
/// ```swift
/// let moves = SearchMoves(model: model, state: state, rng: rng)
/// let lns = LargeNeighbourhoodSearch(moves: moves, settings: settings)
/// if lns.change() != nil { lns.learn(.accepted) }     // SearchRun judges the change first
/// ```
protocol Neighbourhood: AnyObject {
    /// Whether the acceptance's temperature starts again when the tail repair stalls
    /// (``SearchSettings/reheatAfter``).
    static var reheats: Bool { get }

    /// Changes the state (after the run's checkpoint) and settles it, every hard rule kept but
    /// the ones the cost counts; returns the kind of change, or nil when there is none to judge
    /// (the run then undoes whatever was changed, uncounted).
    func change() -> MoveKind?

    /// What became of the last change that ``change()`` returned.
    func learn(_ outcome: MoveOutcome)

    /// Adds the neighbourhood's own counters to `statistics`.
    func count(into statistics: inout SearchStatistics)
}

/// What became of a change judged by the acceptance test.
enum MoveOutcome {
    case rejected, accepted, improved, newBest
}
