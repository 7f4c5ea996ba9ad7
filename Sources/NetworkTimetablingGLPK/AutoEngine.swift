import Foundation
import Synchronization
import TimetablingCore
import TimetablingEngines

/// The default engine (`--engine auto`): picks engines from the instance's size and the time
/// limit, and returns the best timetable any of them found within the limit.
///
/// Policy:
/// 1. The heuristic engine always runs first (it starts from the greedy construction), with both
///    cores when the caller allows them. On instances too large for GLPK it keeps the whole time.
/// 2. On instances small enough for the integer program to pay — by the number of student requests
///    and alternatives (``mipRequestLimit``), then by the model's estimated columns
///    (``mipColumnLimit``) — and with at least ``mipMinimumSeconds`` left, the MIP engine gets the
///    rest of the time. Above the column limit GLPK's root LP alone takes a large share of the time
///    and the MIP has not improved a heuristic timetable in the measurements (docs/MIP.md, "Where
///    GLPK pays"), so the heuristic keeps the whole time; GLPK still proves the lower bound beside
///    it (``NetworkBounder``). GLPK may end without an incumbent; that costs nothing,
///    since the heuristic's timetable is kept.
///    GLPK may also refuse the model at once when it is too large for the time left (its size
///    guard); then the heuristic continues from its best timetable for the rest of the time.
///    The MIP starts from the heuristic's timetable when it is feasible (``MIPEngine/start``). In a
///    re-plan both honour the locks and minimise the change terms against the reference.
///    The hybrid engine is not part of the policy: measured at equal time it does not beat the
///    heuristic's large-neighbourhood search (docs/HEURISTIC.md, "Measurements").
///    Wherever the heuristic runs (``studentSectioning``), GLPK re-sections the students in the
///    last part of its search: every student's candidate weeks over the sections as they are go to
///    an integer program (``SectioningMIP``) that picks them all at once within the sections' sizes
///    and the computer rooms' seats; its answer is kept when it lowers the search's cost.
/// 3. Above the column limit the heuristic keeps the whole time (its rounds restart a stalled
///    search from new starts, which pays more than GLPK's forced requests did in every measured
///    run: docs/MIP.md, "Forced requests"). With ``stagnationShare`` > 0, once the heuristic's best
///    timetable has not improved for that share of the time limit, it is stopped and GLPK's forced-request
///    search (``ForcedRequestSearch``) goes on from its timetable: each unmet elective, and each
///    request granted by a later alternative, is forced in and the neighbourhood around it
///    re-optimised exactly; a better timetable by the checker is kept. When a round has asked every
///    question, the heuristic continues from the result with the time left. A heuristic that keeps
///    improving keeps its time.
/// 4. The results are compared by the independent ``Checker``: a feasible timetable beats an
///    infeasible one, then fewer broken hard rules, then the lower objective. The answer names the
///    engine that produced it and why that engine was chosen.
public struct AutoEngine: Engine {
    public var name: String { "auto" }
    /// Largest Σ over students of their request alternatives for which the MIP is tried.
    public var mipRequestLimit: Int
    /// Largest estimated number of model columns (``MIPSets/estimatedSize()``) for which the MIP
    /// is tried after the heuristic.
    public var mipColumnLimit: Int
    /// Share of the time limit the heuristic gets before the MIP on small instances.
    public var heuristicShare: Double
    /// The MIP is not started with less time than this left.
    public var mipMinimumSeconds: Double
    /// The exact engine tried on small instances (its size guard refuses models too large for
    /// the time left; the heuristic then continues from its best timetable).
    public var mip = MIPEngine()
    /// On instances where the whole MIP does not pay, the heuristic is stopped once half the time
    /// limit has passed and its best timetable has not improved for this share of the limit (and at
    /// least ``forcedRequestMinimumSeconds``), and GLPK's forced-request search
    /// (``ForcedRequestSearch``) goes on from it; 0 (the default) turns the search off: on Terbuny it
    /// asked 60–120 questions a run and improved nothing, while the time it took from the
    /// heuristic's rounds cost 60-s runs up to 260 (docs/MIP.md, "Forced requests"). A heuristic still
    /// improving keeps its time. (Not earlier than half the limit: the heuristic's annealing
    /// wanders at high temperature first, and its best timetable can stay unchanged for many
    /// seconds before the schedule cools and it improves again.)
    public var stagnationShare: Double
    /// GLPK's student sectioning inside the heuristic (``HeuristicEngine/sectioning``, with
    /// ``SectioningMIP``): on the district preset a round on the heuristic's 60-s timetable lowers
    /// it by 1–2% in under a second (docs/HEURISTIC.md, "Student sectioning").
    public var studentSectioning = true
    /// The forced-request search is not started with less time than this for it.
    public var forcedRequestMinimumSeconds: Double = 3
    /// The forced-request search's settings.
    public var forcedRequests = ForcedRequestSearch()
    /// Starting temperature of the heuristic that continues from the forced requests' timetable
    /// (the heuristic's own schedule starts at 20).
    public var continuationTemperature = 2.0

    public init(mipRequestLimit: Int = 1_500, mipColumnLimit: Int = 10_000, heuristicShare: Double = 0.3, mipMinimumSeconds: Double = 5,
                stagnationShare: Double = 0) {
        self.mipRequestLimit = mipRequestLimit
        self.mipColumnLimit = mipColumnLimit
        self.heuristicShare = heuristicShare
        self.mipMinimumSeconds = mipMinimumSeconds
        self.stagnationShare = stagnationShare
    }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let start = Date()
        let size = problem.students.reduce(0) { $0 + $1.requests.reduce(0) { $0 + $1.alternatives.count } }
        let columns = size <= mipRequestLimit ? MIPSets(problem: problem, sectionSlack: mip.sectionSlack).estimatedSize().columns : nil
        let mipFits = columns.map { $0 <= mipColumnLimit } ?? false
        let why: String
        if columns == nil {
            why = "\(size) request alternatives is above the MIP's limit of \(mipRequestLimit): heuristic only"
        } else if let columns, columns > mipColumnLimit {
            why = "the model would have ~\(MIPSets.SizeEstimate.count(columns)) columns, above auto's limit of "
                + "\(MIPSets.SizeEstimate.count(mipColumnLimit)) where the MIP pays: heuristic only"
        } else if parameters.timeLimit * (1 - heuristicShare) < mipMinimumSeconds {
            why = String(format: "%.0f s is too short for the MIP after the heuristic: heuristic only", parameters.timeLimit)
        } else {
            why = "\(size) request alternatives fits the MIP: heuristic, then MIP"
        }
        progress(SolveProgress(engine: name, elapsed: 0, phase: .start, message: why))

        var heuristicParameters = parameters
        let useMIP = mipFits && parameters.timeLimit * (1 - heuristicShare) >= mipMinimumSeconds
        let stagnation = max(forcedRequestMinimumSeconds, stagnationShare * parameters.timeLimit)
        let useForced = !useMIP && stagnationShare > 0 && parameters.timeLimit >= 2 * stagnation
        heuristicParameters.timeLimit = useMIP ? parameters.timeLimit * heuristicShare : parameters.timeLimit
        heuristicParameters.threads = max(1, parameters.threads)
        var candidates: [(engine: String, result: SolveResult)] = []
        var heuristic = HeuristicEngine()
        if studentSectioning { heuristic.sectioning = SectioningMIP() }
        if useForced {
            // The heuristic runs until the time limit or until it stagnates.
            let watch = StagnationWatch(seconds: stagnation, notBefore: start.addingTimeInterval(parameters.timeLimit / 2),
                                        parent: parameters.stop)
            var watched = heuristicParameters
            watched.stop = watch.stop
            candidates.append(("heuristic", heuristic.run(problem, parameters: watched, progress: { p in
                watch.observe(p)
                progress(p)
            })))
        } else {
            candidates.append(("heuristic", heuristic.run(problem, parameters: heuristicParameters, progress: progress)))
        }
        var forcedLog: ForcedLog? = nil
        if useForced, !parameters.stop.isRaised, let first = candidates[0].result.solution {
            let (solution, log) = forcedRequestRounds(problem, from: first, started: start, parameters: heuristicParameters,
                                                      limit: parameters.timeLimit, progress: progress)
            forcedLog = log
            if log.glpkGain > 0 || log.heuristicGain > 0 {
                candidates.append(("forced-requests", SolveResult(status: .feasible, solution: solution, statistics: [:],
                                                                  message: log.text)))
            }
        }

        let remaining = parameters.timeLimit - Date().timeIntervalSince(start)
        if useMIP, remaining >= mipMinimumSeconds, !parameters.stop.isRaised {
            var mipParameters = parameters
            // The MIP engine's own warm start, model building and final extraction come on top of
            // GLPK's limit; keep a reserve so the answer arrives within the caller's limit.
            mipParameters.timeLimit = remaining * 0.7
            // The MIP starts from the heuristic's timetable (when feasible) instead of its own.
            var mip = self.mip
            mip.start = candidates[0].result.solution
            let result = mip.run(problem, parameters: mipParameters, progress: progress)
            candidates.append(("mip", result))
            // The MIP refused the model (size guard) or found nothing: the heuristic goes on from its
            // best timetable with the time that is left.
            let left = parameters.timeLimit - Date().timeIntervalSince(start)
            if result.solution == nil, left >= 1, !parameters.stop.isRaised, let best = candidates[0].result.solution {
                var more = heuristicParameters
                more.timeLimit = left * 0.95
                more.hint = best
                candidates.append(("heuristic", heuristic.run(problem, parameters: more, progress: progress)))
            }
        }

        let checker = Checker(problem)
        var best: (engine: String, result: SolveResult, report: CheckReport)? = nil
        var summary: [String] = []
        for c in candidates {
            guard let solution = c.result.solution else {
                summary.append("\(c.engine): no solution (\(c.result.status.rawValue))")
                continue
            }
            let report = checker.check(solution)
            summary.append("\(c.engine): " + (report.feasible ? "feasible" : "\(report.violations.count) violations")
                           + String(format: ", objective %.1f", report.objective))
            if let b = best, !Self.better(report, than: b.report) { continue }
            best = (c.engine, c.result, report)
        }
        let elapsed = Date().timeIntervalSince(start)
        guard let best else {
            return SolveResult(status: .unknown, solution: nil, statistics: ["seconds": elapsed],
                               message: "no engine found a timetable (\(summary.joined(separator: "; ")))")
        }
        var solution = best.result.solution!
        solution.engine = "auto/\(best.engine)"
        var statistics = best.result.statistics
        statistics["seconds"] = elapsed
        // How much of the answer GLPK made: the MIP's improvement on the heuristic's timetable.
        var glpkShare = useMIP || forcedLog != nil ? "GLPK improved nothing" : "GLPK: lower bound only"
        if best.engine == "mip", let first = candidates[0].result.solution {
            let before = checker.check(first)
            if before.feasible == best.report.feasible {
                let gain = before.objective - best.report.objective
                statistics["glpkImprovement"] = gain
                glpkShare = String(format: "GLPK improved the heuristic's %.1f by %.1f (%.1f%%)", before.objective, gain,
                                   100 * gain / max(before.objective, 1e-9))
            } else {
                glpkShare = "GLPK made the timetable feasible"
            }
        } else if best.engine == "forced-requests", let log = forcedLog {
            statistics["glpkImprovement"] = log.glpkGain
            statistics["forcedRequestsAsked"] = Double(log.asked)
            statistics["forcedRequestsImproved"] = Double(log.improved)
            glpkShare = log.text
        } else if best.engine == "heuristic", let rounds = best.result.statistics["sectioning.rounds"], rounds > 0 {
            let gain = best.result.statistics["sectioning.gain"] ?? 0, improved = best.result.statistics["sectioning.improved"] ?? 0
            statistics["glpkImprovement"] = gain
            glpkShare = gain > 0
                ? String(format: "GLPK's student sectioning lowered the heuristic's cost by %.1f in %.0f of %.0f rounds, %.1f%% of the answer",
                         gain, improved, rounds, 100 * gain / max(best.report.objective, 1e-9))
                : String(format: "GLPK's student sectioning improved nothing in %.0f rounds", rounds)
            if let log = forcedLog { glpkShare = log.text + "; " + glpkShare }
        } else {
            statistics["glpkImprovement"] = 0
            if let log = forcedLog { glpkShare = log.text }
        }
        // GLPK's optimum is the answer's objective: the answer is optimal whichever engine found it first.
        let proven = candidates.contains { c in
            c.engine == "mip" && c.result.status == .optimal && (c.result.objective ?? .infinity) >= best.report.objective - 1e-6
        }
        if proven { glpkShare += "; GLPK proved the answer optimal" }
        let message = "answer from \(best.engine) (\(why); \(summary.joined(separator: "; ")); \(glpkShare))"
        progress(SolveProgress(engine: name, elapsed: elapsed, phase: .done, incumbent: best.report.objective,
                               requiredUnmet: solution.unsatisfied.filter(\.required).count, feasible: best.report.feasible,
                               message: "answer from \(best.engine)"))
        return SolveResult(status: proven && best.report.feasible ? .optimal : best.result.status, solution: solution,
                           objective: best.report.objective, bound: best.result.bound,
                           statistics: statistics, message: message)
    }

    /// Raises its stop flag when the incumbents reported have not improved for `seconds`, not before `notBefore`.
    final class StagnationWatch: Sendable {
        let stop: StopFlag
        let seconds: Double
        let notBefore: Date
        private let state: Mutex<(best: Double, since: Date)>

        init(seconds: Double, notBefore: Date, parent: StopFlag) {
            stop = StopFlag(linkedTo: parent)
            self.seconds = seconds
            self.notBefore = notBefore
            state = Mutex((.infinity, Date()))
        }

        func observe(_ p: SolveProgress) {
            let now = Date()
            let stale = state.withLock { s -> Bool in
                if let x = p.incumbent, x < s.best - 1e-9 {
                    s = (x, now)
                    return false
                }
                return now >= notBefore && now.timeIntervalSince(s.since) >= seconds
            }
            if stale { stop.raise() }
        }
    }

    /// What the forced-request rounds did, for the summary and the statistics.
    struct ForcedLog {
        var before: Double
        var glpkGain = 0.0
        var heuristicGain = 0.0
        var asked = 0
        var improved = 0
        var rounds = 0

        var text: String {
            if rounds == 0 { return "GLPK: lower bound only (the heuristic kept improving, no time left for forced requests)" }
            let share = before > 0 ? 100 * glpkGain / before : 0
            var t = String(format: "GLPK's forced requests improved the heuristic's %.1f by %.1f (%.1f%%; %d of %d questions)",
                           before, glpkGain, share, improved, asked)
            if heuristicGain > 0 { t += String(format: ", the heuristic after them by %.1f more", heuristicGain) }
            return t
        }
    }

    /// GLPK's forced-request search from the heuristic's timetable until the time limit; when a
    /// round has asked every unmet elective with time left, the heuristic goes on from the improved
    /// timetable for half of that time and the next round starts from its answer.
    func forcedRequestRounds(_ problem: Problem, from first: Solution, started: Date, parameters: SolveParameters, limit: Double,
                             progress: @escaping @Sendable (SolveProgress) -> Void) -> (Solution, ForcedLog) {
        let checker = Checker(problem)
        var current = first
        var objective = checker.check(first).objective
        var log = ForcedLog(before: objective)
        // Reserve for the final checks and the answer.
        let deadline = started.addingTimeInterval(limit - min(1, 0.02 * limit))
        while !parameters.stop.isRaised, deadline.timeIntervalSinceNow > forcedRequestMinimumSeconds {
            let round = forcedRequests.improve(problem, from: current, deadline: deadline, stop: parameters.stop,
                                               progress: { progress($0) })
            log.rounds += 1
            log.asked += round.asked
            log.improved += round.improved
            log.glpkGain += round.objectiveBefore - round.objectiveAfter
            current = round.solution
            objective = round.objectiveAfter
            progress(SolveProgress(engine: name, elapsed: Date().timeIntervalSince(started), phase: .search, incumbent: objective,
                                   message: String(format: "forced requests, round %d: %d asked, %d improved (%.1f → %.1f)%@", log.rounds,
                                                   round.asked, round.improved, round.objectiveBefore, round.objectiveAfter,
                                                   round.exhausted ? "" : "; time is up")))
            guard round.exhausted else { break }
            let left = deadline.timeIntervalSinceNow
            guard left > 2 * forcedRequestMinimumSeconds, round.improved > 0 || log.rounds == 1 else { break }
            var more = parameters
            more.timeLimit = left / 2
            more.hint = current
            var improvedByHeuristic = false
            for last in [false, true] {
                if last { more.timeLimit = deadline.timeIntervalSinceNow }
                guard more.timeLimit > 1, !parameters.stop.isRaised else { break }
                // From a good timetable: a cool schedule that improves it, not a restart that wanders off.
                var continuation = HeuristicEngine()
                continuation.startTemperature = continuationTemperature
                let again = continuation.run(problem, parameters: more, progress: progress)
                if let solution = again.solution {
                    let report = checker.check(solution)
                    if report.feasible, report.objective < objective - 1e-9 {
                        log.heuristicGain += objective - report.objective
                        current = solution
                        objective = report.objective
                        improvedByHeuristic = true
                    }
                }
                // A better timetable has new unmet electives to ask about; otherwise the heuristic keeps the rest of the time.
                if improvedByHeuristic { break }
            }
            if !improvedByHeuristic { break }
        }
        return (current, log)
    }

    /// Feasible beats infeasible; then fewer violations; then the lower objective.
    static func better(_ a: CheckReport, than b: CheckReport) -> Bool {
        if a.feasible != b.feasible { return a.feasible }
        if a.violations.count != b.violations.count { return a.violations.count < b.violations.count }
        return a.objective < b.objective - 1e-9
    }
}
