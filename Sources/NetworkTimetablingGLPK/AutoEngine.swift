import Foundation
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
/// 3. The results are compared by the independent ``Checker``: a feasible timetable beats an
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

    public init(mipRequestLimit: Int = 1_500, mipColumnLimit: Int = 10_000, heuristicShare: Double = 0.3, mipMinimumSeconds: Double = 5) {
        self.mipRequestLimit = mipRequestLimit
        self.mipColumnLimit = mipColumnLimit
        self.heuristicShare = heuristicShare
        self.mipMinimumSeconds = mipMinimumSeconds
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
        heuristicParameters.timeLimit = useMIP ? parameters.timeLimit * heuristicShare : parameters.timeLimit
        heuristicParameters.threads = max(1, parameters.threads)
        var candidates: [(engine: String, result: SolveResult)] = []
        candidates.append(("heuristic", HeuristicEngine().run(problem, parameters: heuristicParameters, progress: progress)))

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
                candidates.append(("heuristic", HeuristicEngine().run(problem, parameters: more, progress: progress)))
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
        var glpkShare = useMIP ? "GLPK improved nothing" : "GLPK: lower bound only"
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
        } else {
            statistics["glpkImprovement"] = 0
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

    /// Feasible beats infeasible; then fewer violations; then the lower objective.
    static func better(_ a: CheckReport, than b: CheckReport) -> Bool {
        if a.feasible != b.feasible { return a.feasible }
        if a.violations.count != b.violations.count { return a.violations.count < b.violations.count }
        return a.objective < b.objective - 1e-9
    }
}
