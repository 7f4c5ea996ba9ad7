import Foundation
import TimetablingCore

/// One search from one start (cpsolver's *solver*): the loop that asks a ``Neighbourhood`` for
/// a change each iteration, judges it by the ``MetropolisAcceptance`` test, keeps or undoes it,
/// and keeps the best so far (``BestSoFar``), until the deadline, the stop flag or the iteration
/// budget.
///
/// Its pieces, each with one job: the random stream every choice draws from
/// (``SearchRandomStream``), the moves both methods share (``SearchMoves``, with the
/// ``SectionOpener``), the method's neighbourhood (``LargeNeighbourhoodSearch`` or
/// ``SimulatedAnnealing``), the acceptance test, the best-so-far record and the counters
/// (``statistics``). Every iteration takes a ``SearchState/checkpoint()``, changes the state,
/// settles it, and either keeps the change or undoes it, so the state always meets every hard
/// rule but the two it counts.
///
/// ```swift
/// let run = SearchRun(model: model, state: state, settings: settings)
/// run.run { r in print(r.iterations, r.best?.objective ?? .nan) }
/// let best = run.bestSnapshot()
/// ```
final class SearchRun {
    let m: SearchModel
    let state: SearchState
    let settings: SearchSettings
    /// The search's one random stream.
    let rng: SearchRandomStream
    /// The moves both methods share.
    let moves: SearchMoves

    /// The neighbourhood of the settings' method.
    enum Driver {
        case lns(LargeNeighbourhoodSearch)
        case annealing(SimulatedAnnealing)
    }

    let driver: Driver

    @exclusivity(unchecked) private var acceptance: MetropolisAcceptance
    @exclusivity(unchecked) private var record: BestSoFar
    /// What became of the changes, per kind.
    @exclusivity(unchecked) private var moveCounters = MoveCounters()
    @exclusivity(unchecked) private(set) var iterations = 0
    /// Whether the run ended because its best stopped improving (``SearchSettings/patience``).
    @exclusivity(unchecked) private(set) var stagnated = false
    /// When the best last improved: iteration and time.
    @exclusivity(unchecked) private var lastBestIteration = 0
    @exclusivity(unchecked) private var lastBestDate = Date()
    /// Whether the best meets every required request.
    @exclusivity(unchecked) private var bestFeasible = false
    @exclusivity(unchecked) private(set) var acceptedMoves = 0
    /// Called with each new best, on the search's thread.
    @exclusivity(unchecked) var onImprovement: ((SearchRun) -> Void)?
    /// What the sectioning rounds did (``SearchSettings/sectioning``).
    @exclusivity(unchecked) private(set) var sectioningCounters = SectioningCounters()
    @exclusivity(unchecked) private var nextSectioning = Date.distantFuture
    @exclusivity(unchecked) private var sectioningOffset = 0
    /// The iteration of the last sectioning round asked before giving the run up.
    @exclusivity(unchecked) private var sectionedAt = -1

    init(model: SearchModel, state: SearchState, settings: SearchSettings) {
        m = model
        self.state = state
        self.settings = settings
        rng = SearchRandomStream(seed: settings.seed)
        moves = SearchMoves(model: model, state: state, rng: rng)
        switch settings.method {
        case .lns: driver = .lns(LargeNeighbourhoodSearch(moves: moves, settings: settings))
        case .annealing: driver = .annealing(SimulatedAnnealing(moves: moves))
        }
        acceptance = MetropolisAcceptance(settings: settings)
        record = BestSoFar(copyEvery: max(1, model.requestCount / 4_000), weights: model.weights, started: settings.started)
        recordIfBest(after: nil)
    }

    /// The large-neighbourhood search, when it is the method.
    var lns: LargeNeighbourhoodSearch? {
        if case .lns(let n) = driver { return n }
        return nil
    }

    /// The best state met with every section at its minimum size (see ``BestSoFar/best``).
    var best: SearchSnapshot? { record.best }
    /// Seconds from the solve's start to the last new best.
    var bestFoundAt: Double { record.foundAt }
    /// New bests after the first.
    var improvements: Int { record.improvements }
    /// The current temperature (cost units).
    var temperature: Double { acceptance.temperature }

    /// The counters of every piece.
    var statistics: SearchStatistics {
        var out = SearchStatistics(opening: moves.opener.counters, moves: moveCounters, reheats: acceptance.reheats)
        switch driver {
        case .lns(let n): n.count(into: &out)
        case .annealing(let n): n.count(into: &out)
        }
        return out
    }

    /// ``statistics`` as the solve result's statistics (``SearchStatistics/values``).
    var moveStatistics: [String: Double] { statistics.values }

    // MARK: - Driving

    var elapsed: Double { Date().timeIntervalSince(settings.started) }

    /// Runs iterations until the deadline, the stop flag or the iteration budget.
    func run(report: (SearchRun) -> Void) {
        // Nothing to search without requests.
        guard m.requestCount > 0 && m.studentCount > 0 else { return }
        switch driver {
        case .lns(let n): loop(n, report: report)
        case .annealing(let n): loop(n, report: report)
        }
    }

    /// One iteration of the method's neighbourhood, outside the loop (no temperature change, no
    /// iteration counted; for tests).
    func iterate() {
        switch driver {
        case .lns(let n): step(n)
        case .annealing(let n): step(n)
        }
    }

    private func loop<N: Neighbourhood>(_ neighbourhood: N, report: (SearchRun) -> Void) {
        var now = Date()
        acceptance.start(at: 0, now: now, deadline: min(settings.scheduleEnd ?? settings.deadline, settings.deadline))
        var lastReport = now
        if settings.sectioning != nil {
            nextSectioning = now.addingTimeInterval(settings.sectioningFrom * max(settings.deadline.timeIntervalSince(now), 0))
        }
        while true {
            if let limit = settings.maxIterations {
                if iterations >= limit { break }
            }
            if iterations & 7 == 0 {
                now = Date()
                if now >= settings.deadline || settings.stop.isRaised { break }
                if bestFeasible, let patience = settings.patience,
                   patience.iterations.map({ iterations - lastBestIteration >= $0 })
                    ?? (now.timeIntervalSince(lastBestDate) >= patience.seconds) {
                    // Before the run is given up, a sectioning round (once per best): when it
                    // finds a new best, the run goes on.
                    if settings.sectioning != nil && sectionedAt < lastBestIteration {
                        sectionedAt = iterations
                        sectioningRound()
                        now = Date()
                        if lastBestIteration == iterations { continue }
                    }
                    stagnated = true
                    break
                }
                if now.timeIntervalSince(lastReport) >= 1 {
                    lastReport = now
                    report(self)
                }
                if now >= nextSectioning {
                    sectioningRound()
                    let took = Date().timeIntervalSince(now)
                    now = Date()
                    nextSectioning = now.addingTimeInterval(max(settings.sectioningEvery, 3 * took))
                }
            }
            if N.reheats && acceptance.stalled(at: iterations, bestRequiredUnmet: record.best?.requiredUnmet) {
                // Reheat: the schedule starts again over what is left.
                now = Date()
                acceptance.reheat(at: iterations, now: now, deadline: settings.deadline)
            }
            acceptance.cool(iteration: iterations, now: now, maxIterations: settings.maxIterations)
            iterations += 1
            record.tick()
            step(neighbourhood)
            record.copyIfDue(state)
        }
        _ = record.snapshot(of: state)
    }

    /// Asks `neighbourhood` for a change and concludes it.
    @inline(__always)
    private func step<N: Neighbourhood>(_ neighbourhood: N) {
        let before = state.cost
        let mark = state.checkpoint()
        guard let move = neighbourhood.change() else {
            state.undo(to: mark)
            return
        }
        neighbourhood.learn(conclude(move, from: mark, before: before))
    }

    /// Keeps the change (of kind `move`) made since `mark` or undoes it, by the acceptance test;
    /// records a new best. While a new best waits to be copied, only a change giving a better one
    /// is kept, so that the state is the best until it is copied.
    @discardableResult
    func conclude(_ move: MoveKind, from mark: Int, before cost: Double) -> MoveOutcome {
        moveCounters.tried[move] += 1
        let delta = state.cost - cost
        var keep = acceptance.accept(delta, bestWaiting: record.pending, rng: rng)
        if keep && record.pending && !record.isNewBest(state) { keep = false }
        guard keep else {
            state.undo(to: mark)
            return .rejected
        }
        state.commit()
        acceptedMoves += 1
        moveCounters.kept[move] += 1
        if recordIfBest(after: move) { return .newBest }
        return delta < -1e-9 ? .improved : .accepted
    }

    /// Records the state when it is a new best (after a change of kind `move`; nil: the start).
    @discardableResult
    private func recordIfBest(after move: MoveKind?) -> Bool {
        guard let found = record.consider(state) else { return false }
        lastBestIteration = iterations
        lastBestDate = Date()
        bestFeasible = state.terms.requiredUnmet == 0 && state.terms.lockBroken == 0
        if found.fewerRequired { acceptance.progressed(at: iterations) }
        if !found.first, let move { moveCounters.best[move] += 1 }
        onImprovement?(self)
        return true
    }

    /// One round of student sectioning (``SearchSettings/sectioning``): every student's candidate
    /// weeks priced on the state (``StudentSectioning``), the best combination that keeps every
    /// section's size chosen by the solver, applied, and kept when it lowers the cost.
    func sectioningRound() {
        guard let solver = settings.sectioning else { return }
        let started = Date()
        let budget = min(settings.sectioningSeconds, settings.deadline.timeIntervalSince(started) - 0.05)
        guard budget > 0.1, m.studentCount > 0 else { return }
        let sectioner = StudentSectioning(moves: moves)
        let n = m.studentCount
        let order = (0..<n).map { (sectioningOffset + $0) % n }
        let built = sectioner.build(students: order, columns: settings.sectioningColumns, deadline: started.addingTimeInterval(budget * 0.5))
        sectioningOffset = (sectioningOffset + built.students.count) % n
        sectioningCounters.rounds += 1
        moveCounters.tried[.sectioning] += 1
        sectioningCounters.students += built.students.count
        sectioningCounters.columns += built.problem.students.reduce(0) { $0 + $1.count }
        defer { sectioningCounters.seconds += Date().timeIntervalSince(started) }
        let left = budget - Date().timeIntervalSince(started)
        guard left > 0.05, let choice = solver.solve(built.problem, seconds: left, stop: settings.stop),
              choice.count == built.students.count, built.problem.fits(choice) else { return }
        let chosen = choice.enumerated().filter { $0.element != 0 }.map { built.changes[$0.offset][$0.element] }
        guard !chosen.isEmpty else { return }
        let before = state.cost
        let mark = state.checkpoint()
        guard sectioner.apply(chosen) else {
            sectioningCounters.refused += 1
            return
        }
        guard state.cost < before - 1e-6 else {
            state.undo(to: mark)
            return
        }
        state.commit()
        sectioningCounters.improved += 1
        sectioningCounters.gain += before - state.cost
        moveCounters.kept[.sectioning] += 1
        recordIfBest(after: .sectioning)
    }

    /// The best snapshot, copied now if it is the current state.
    func bestSnapshot() -> SearchSnapshot? {
        record.snapshot(of: state)
    }
}
