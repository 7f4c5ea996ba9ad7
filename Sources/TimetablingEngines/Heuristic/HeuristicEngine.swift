import Dispatch
import Foundation
import Synchronization
import TimetablingCore

/// The heuristic engine: a greedy construction (or a given solution) improved by local search
/// over the whole model — which sections open, with which teacher, when and where they meet,
/// which section each student joins by which alternative, and everyone's itineraries and bus
/// seats — until the time limit.
///
/// Two methods share one search state, with incremental (delta) evaluation of every change and
/// every hard rule kept by the changes' own tests (``SearchState``):
///
/// - ``Method/lns`` (the default): large-neighbourhood search by ruin and recreate with
///   simulated-annealing acceptance (``LargeNeighbourhoodSearch``);
/// - ``Method/annealing``: simulated annealing over small moves (``SimulatedAnnealing``).
///
/// `docs/HEURISTIC.md` compares them on generated instances and gives the benchmark numbers.
///
/// The search minimises the checker's objective plus a large penalty per required request left
/// unmet, and keeps the best solution meeting every other hard rule: fewest required requests
/// unmet, then lowest objective. It is never worse than its start (the greedy engine's solution,
/// or ``warmStart``). It is *anytime*: the best is kept as the search goes, reported through the
/// progress callback (`incumbent`) and, as a ``Solution``, to an ``IncumbentSink``; the stop flag
/// ends the search at once with that best. With `threads` > 1 the searches run in parallel from
/// the same start with seeds derived from `seed`, and the best is returned. The same seed, thread
/// count and ``maxIterations`` give the same solution; under a time limit alone the search is the
/// same but stops where the clock says.
///
/// ```swift
/// let engine = HeuristicEngine()                                   // or HeuristicEngine(method: .annealing)
/// let result = engine.run(problem, parameters: SolveParameters(timeLimit: 60, threads: 2))
/// let warm = engine.run(problem, parameters: .init(timeLimit: 30, hint: result.solution))
/// ```
public struct HeuristicEngine: Engine {
    /// The local-search method.
    public enum Method: String, Sendable, CaseIterable {
        /// Large-neighbourhood search (ruin and recreate) with simulated-annealing acceptance.
        case lns
        /// Simulated annealing over small moves.
        case annealing
    }

    public var method: Method
    /// Stop each search after this many iterations (for reproducible runs); nil: the time limit only.
    public var maxIterations: Int?
    /// Start from this solution instead of the greedy engine's (invalid parts are dropped);
    /// ``SolveParameters/hint`` takes precedence.
    public var warmStart: Solution?
    /// Receives the best solution as the search improves it.
    public var incumbents: IncumbentSink?
    /// Share of the time limit the greedy construction may use.
    public var constructionShare: Double
    /// Share of the time limit within which the greedy construction may start further passes
    /// (squeaky wheel) after its first; by default the whole ``constructionShare``. Passes pay on
    /// large instances: on the generated region one pass leaves 1,566 required requests unmet,
    /// five passes 739, and the search from a single pass had 389 unmet after 4,000 iterations
    /// where from five passes it had 76 after 3,800 (docs/HEURISTIC.md).
    public var constructionPassShare: Double
    /// Annealing temperatures at the start and end of the search, in objective units; nil: the method's default.
    public var startTemperature: Double?
    public var endTemperature: Double?
    /// *Rounds*: a search whose best, meeting every required request, has not improved for this
    /// share of the time limit (of ``maxIterations`` when given) starts again from a new greedy
    /// construction with a seed of its own, its temperature falling over as long as the first
    /// round lasted, and the search answers with the best of its rounds. Where a search ends
    /// depends mostly on its start: on the Terbuny example runs of 100,000 and of 2,800,000
    /// iterations from one seed's start ended within 1–3% of each other, and those of different
    /// seeds between 6,802 and 8,954 (docs/HEURISTIC.md, "Rounds"). A search that keeps improving
    /// (the district preset at 60 s) is never restarted. 0: one round.
    public var restartPatience: Double
    /// *Student sectioning*: after ``sectioningFrom`` of a search's time, and then every
    /// ``sectioningEvery`` seconds (at least three times as long as the last round took), the
    /// students' candidate weeks with the sections as they are go to this exact solver (GLPK's
    /// `SectioningMIP`, which `auto` uses), which chooses every student's week at once within the
    /// sections' sizes and the computer rooms' seats, for at most ``sectioningSeconds`` and over
    /// at most ``sectioningColumns`` candidate weeks (the students taken in turn); the answer is
    /// kept when it lowers the search's cost (docs/HEURISTIC.md, "Student sectioning"). A round also
    /// runs before a stalled search is restarted (``restartPatience``), which goes on when it
    /// finds a new best. nil: never.
    public var sectioning: (any SectioningSolver)?
    public var sectioningFrom: Double = 0.7
    public var sectioningEvery: Double = 2
    public var sectioningSeconds: Double = 2
    public var sectioningColumns: Int = 12_000

    public init(method: Method = .lns, maxIterations: Int? = nil, warmStart: Solution? = nil, incumbents: IncumbentSink? = nil,
                constructionShare: Double = 0.3, constructionPassShare: Double = 0.3,
                startTemperature: Double? = nil, endTemperature: Double? = nil, restartPatience: Double = 0.05) {
        self.method = method
        self.maxIterations = maxIterations
        self.warmStart = warmStart
        self.incumbents = incumbents
        self.constructionShare = constructionShare
        self.constructionPassShare = constructionPassShare
        self.startTemperature = startTemperature
        self.endTemperature = endTemperature
        self.restartPatience = restartPatience
    }

    public var name: String { "heuristic" }

    /// Solves from `warmStart` (overriding ``warmStart``).
    public func solve(_ problem: Problem, parameters: SolveParameters, warmStart: Solution?,
                      progress: @escaping @Sendable (SolveProgress) -> Void = { _ in }) -> SolveResult {
        var engine = self
        engine.warmStart = warmStart
        return engine.solve(problem, parameters: parameters, progress: progress)
    }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let started = Date()
        let limit = max(parameters.timeLimit, 0)
        let deadline = started.addingTimeInterval(limit)
        let name = self.name
        @Sendable func elapsed() -> Double { Date().timeIntervalSince(started) }

        // Start: the warm start, or the greedy construction (again, with a seed of its own, for
        // every later round: the start decides much of where a round ends).
        let start: Solution
        var statistics: [String: Double] = [:]
        let given = parameters.hint ?? warmStart ?? problem.reference
        let constructionSeconds = max(limit * constructionShare, 1e-3), passSeconds = limit * min(constructionPassShare, constructionShare)
        @Sendable func construct(seed: UInt64, seconds: Double, report: Bool) -> Solution? {
            GreedyEngine(passBudget: min(passSeconds, seconds)).solve(
                problem, parameters: SolveParameters(timeLimit: seconds, seed: seed, threads: 1, stop: parameters.stop)
            ) { p in
                guard report else { return }
                progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .construct, incumbent: p.incumbent,
                                       requiredUnmet: p.requiredUnmet, message: "greedy " + (p.message ?? p.phase.rawValue)))
            }.solution
        }
        if let given {
            // A warm start, or in a re-plan the published timetable (what no longer fits is dropped).
            start = given
        } else {
            start = construct(seed: parameters.seed, seconds: constructionSeconds, report: true) ?? Solution(instance: problem.instance.name)
        }
        let constructionTook = elapsed()
        statistics["constructionSeconds"] = constructionTook

        let model = SearchModel(problem: problem)
        let threads = max(1, min(parameters.threads, 16))
        // Leave time to write the solution: about a second per 10,000 students, at most 5 s.
        let reserve = min(max(Double(problem.students.count) / 10_000, 0.02), 5, limit * 0.1)
        let searchDeadline = deadline.addingTimeInterval(-reserve)
        let temperatures = (startTemperature ?? (method == .lns ? 20 : 10), endTemperature ?? 0.5)

        struct Outcome: Sendable {
            var snapshot: SearchSnapshot?
            var start: SearchTerms
            var iterations: Int
            var accepted: Int
            var improvements: Int
            var bestFoundAt: Double
            var firstFeasibleAt: Double?
            var load: [String: Double]
            var moves: [String: Double]
            var rounds = 1
            /// What GLPK's sectioning did in the round whose best this is.
            var sectioning = SectioningCounters()
        }
        let outcomes = Mutex<[Outcome?]>(Array(repeating: nil, count: threads))
        let method = self.method, maxIterations = self.maxIterations, sink = parameters.incumbents ?? self.incumbents
        let sectioning = self.sectioning, sectioningFrom = self.sectioningFrom, sectioningEvery = self.sectioningEvery
        let sectioningSeconds = self.sectioningSeconds, sectioningColumns = self.sectioningColumns
        /// A later round's construction: as long as the first took, twice over (with an iteration
        /// budget, the first's share of the limit, so that its passes do not depend on the machine),
        /// and at most a quarter of the time left.
        @Sendable func roundConstructionSeconds() -> Double {
            let wanted = maxIterations == nil ? min(max(constructionTook * 2, 0.05), constructionSeconds) : constructionSeconds
            return max(min(wanted, searchDeadline.timeIntervalSinceNow / 4), 1e-3)
        }
        let patience: (seconds: Double, iterations: Int?)? = restartPatience > 0
            ? (max(restartPatience * limit, 0.05), maxIterations.map { max(Int(restartPatience * Double($0)), 1) }) : nil
        DispatchQueue.concurrentPerform(iterations: threads) { i in
            let searchSeed = SeededRandom.derivedSeed(parameters.seed, index: i)
            var outcome: Outcome?
            var firstFeasibleAt: Double?
            var iterations = 0, accepted = 0, round = 0
            var moves: [String: Double] = [:]
            // Rounds (``restartPatience``): the first from the start, each later one from a new
            // construction (or the same warm start) with a seed of its own; the best of them is
            // the search's answer.
            var firstRoundSeconds: Double?
            while true {
                let roundStarted = Date()
                var roundStart = start
                if round > 0, given == nil,
                   let built = construct(seed: SeededRandom.derivedSeed(searchSeed, index: round),
                                         seconds: roundConstructionSeconds(), report: false) {
                    roundStart = built
                }
                let state = SearchState(model: model)
                let loaded = state.load(roundStart)
                let startTerms = state.terms
                var settings = SearchSettings(
                    method: method, seed: SeededRandom.derivedSeed(searchSeed, index: round), maxIterations: maxIterations.map { $0 - iterations },
                    deadline: searchDeadline, started: started, stop: parameters.stop,
                    startTemperature: max(temperatures.0, 1e-6), endTemperature: max(min(temperatures.1, temperatures.0), 1e-6), index: i)
                settings.patience = patience
                settings.sectioning = sectioning
                settings.sectioningFrom = min(max(sectioningFrom, 0), 1)
                settings.sectioningEvery = max(sectioningEvery, 0.1)
                settings.sectioningSeconds = sectioningSeconds
                settings.sectioningColumns = max(sectioningColumns, 1)
                // A later round cools as fast as the first one stopped improving: where a round
                // ends depends on its start more than on its length.
                settings.scheduleEnd = firstRoundSeconds.map { roundStarted.addingTimeInterval($0) }
                let run = SearchRun(model: model, state: state, settings: settings)
                let label = "search \(i + 1)" + (round > 0 ? ", round \(round + 1)" : "")
                let earlier = outcome?.snapshot
                /// The better of this round's best and the earlier rounds' (what the progress reports).
                func best(_ r: SearchRun) -> SearchSnapshot? {
                    guard let now = r.best else { return earlier }
                    guard let earlier else { return now }
                    return now.isBetter(than: earlier) ? now : earlier
                }
                if firstFeasibleAt == nil && state.isFeasible { firstFeasibleAt = elapsed() }
                var lastPublished = Date.distantPast
                run.onImprovement = { r in
                    if firstFeasibleAt == nil && r.state.isFeasible {
                        firstFeasibleAt = elapsed()
                        progress(SolveProgress(engine: name, elapsed: firstFeasibleAt!, phase: .search,
                                               incumbent: r.state.terms.objective(model.weights), requiredUnmet: 0, feasible: true,
                                               message: "\(label): first feasible solution"))
                    }
                    if let sink, Date().timeIntervalSince(lastPublished) >= sink.minInterval {
                        lastPublished = Date()
                        sink.offer(r.state.makeSolution(engine: name), objective: r.state.terms.objective(model.weights),
                                   requiredUnmet: r.state.terms.requiredUnmet, elapsed: elapsed())
                    }
                }
                let shown = best(run)
                progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .search, incumbent: shown?.objective,
                                       requiredUnmet: shown?.requiredUnmet, feasible: shown.map { $0.requiredUnmet == 0 && $0.terms.lockBroken == 0 },
                                       message: "\(label): \(method.rawValue) from \(startTerms.requiredUnmet) required unmet, "
                                      + "\(loaded.droppedAssignments) assignment(s) of the start dropped"))
                run.run { r in
                    let shown = best(r)
                    progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .search, incumbent: shown?.objective,
                                           requiredUnmet: shown?.requiredUnmet, feasible: shown.map { $0.requiredUnmet == 0 && $0.terms.lockBroken == 0 },
                                           message: "\(label): \(r.iterations) iterations, T=\(String(format: "%.2f", r.temperature)), "
                                          + "\(shown?.requiredUnmet ?? -1) required unmet" + r.sectioningCounters.progressText))
                }
                iterations += run.iterations
                accepted += run.acceptedMoves
                for (k, v) in run.moveStatistics { moves[k, default: 0] += v }
                let snapshot = run.bestSnapshot()
                if outcome == nil || snapshot.map({ s in outcome!.snapshot.map { s.isBetter(than: $0) } ?? true }) == true {
                    outcome = Outcome(
                        snapshot: snapshot, start: startTerms, iterations: 0, accepted: 0,
                        improvements: run.improvements, bestFoundAt: run.bestFoundAt, firstFeasibleAt: nil,
                        load: ["droppedSections": Double(loaded.droppedSections), "droppedAssignments": Double(loaded.droppedAssignments),
                               "replannedDays": Double(loaded.replannedDays), "closedSections": Double(loaded.closedSections)],
                        moves: [:], sectioning: run.sectioningCounters)
                }
                // Another round, from a new start, when this one stopped improving and there is
                // time for the patience again (with an iteration budget: iterations left).
                if firstRoundSeconds == nil { firstRoundSeconds = Date().timeIntervalSince(roundStarted) }
                guard run.stagnated, let patience, !parameters.stop.isRaised else { break }
                if let maxIterations {
                    guard iterations < maxIterations else { break }
                } else {
                    guard searchDeadline.timeIntervalSinceNow >= patience.seconds else { break }
                }
                round += 1
            }
            outcome?.iterations = iterations
            outcome?.accepted = accepted
            outcome?.firstFeasibleAt = firstFeasibleAt
            outcome?.moves = moves
            outcome?.rounds = round + 1
            outcomes.withLock { $0[i] = outcome }
        }

        let all = outcomes.withLock { $0 }.compactMap { $0 }
        var chosen: (index: Int, outcome: Outcome)?
        for (i, o) in all.enumerated() {
            guard let snap = o.snapshot else { continue }
            if chosen.map({ snap.isBetter(than: $0.outcome.snapshot!) }) ?? true { chosen = (i, o) }
        }
        guard let (index, outcome) = chosen, let snapshot = outcome.snapshot else {
            return SolveResult(status: .unknown, solution: nil, statistics: statistics,
                               message: "no solution meeting the sections' minimum sizes was found")
        }
        let final = SearchState(model: model)
        final.restore(snapshot)
        // Section ids are named by `Engine.run`, which also offers this answer to the sink.
        let solution = final.makeSolution(engine: name)
        let objective = final.terms.objective(model.weights)

        statistics["seconds"] = elapsed()
        statistics["threads"] = Double(threads)
        statistics["bestSearch"] = Double(index + 1)
        statistics["iterations"] = Double(all.reduce(0) { $0 + $1.iterations })
        statistics["rounds"] = Double(all.reduce(0) { $0 + $1.rounds })
        statistics["acceptedMoves"] = Double(all.reduce(0) { $0 + $1.accepted })
        statistics["improvements"] = Double(outcome.improvements)
        statistics["bestFoundSeconds"] = outcome.bestFoundAt
        if let first = all.compactMap(\.firstFeasibleAt).min() { statistics["firstFeasibleSeconds"] = first }
        statistics["startObjective"] = outcome.start.objective(model.weights)
        statistics["startRequiredUnmet"] = Double(outcome.start.requiredUnmet)
        statistics["objective"] = objective
        statistics["requiredUnmet"] = Double(final.terms.requiredUnmet)
        statistics["sections"] = Double(solution.sections.count)
        statistics["assignments"] = Double(solution.assignments.count)
        statistics["unsatisfied"] = Double(solution.unsatisfied.count)
        for (k, v) in outcome.load { statistics["start." + k] = v }
        // Sectioning: the rounds of the search whose best is the answer.
        if sectioning != nil { for (k, v) in outcome.sectioning.values { statistics[k] = v } }
        for o in all {
            for (k, v) in o.moves { statistics[k, default: 0] += v }
        }

        let requiredUnmet = final.terms.requiredUnmet
        var message = "\(solution.assignments.count) of \(model.requestCount) requests granted in \(solution.sections.count) sections "
            + "(\(method.rawValue), \(threads) search\(threads == 1 ? "" : "es"), "
            + (statistics["rounds"]! > Double(threads) ? "\(Int(statistics["rounds"]!)) rounds, " : "")
            + "\(Int(statistics["iterations"]!)) iterations; "
            + String(format: "objective %.1f from %.1f", objective, outcome.start.objective(model.weights)) + ")"
        if requiredUnmet > 0 { message += "; \(requiredUnmet) required request(s) unmet" }
        if final.terms.lockBroken > 0 { message += "; \(final.terms.lockBroken) lock(s) not kept" }
        if let first = statistics["firstFeasibleSeconds"] { message += String(format: "; first feasible after %.2f s", first) }
        progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .done, incumbent: objective, requiredUnmet: requiredUnmet,
                               feasible: requiredUnmet == 0 && final.terms.lockBroken == 0, message: message))
        return SolveResult(status: requiredUnmet == 0 && final.terms.lockBroken == 0 ? .feasible : .unknown, solution: solution, objective: objective,
                           statistics: statistics, message: message)
    }
}
