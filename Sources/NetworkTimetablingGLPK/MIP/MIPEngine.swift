import Foundation
import TimetablingCore
import TimetablingEngines

/// The exact engine: the whole timetabling problem as one integer program, solved by GLPK's
/// branch-and-cut (formulation in docs/MIP.md).
///
/// Every hard rule of docs/RULES.md is a constraint and every soft term a linear part of the
/// objective, so the objective of a returned solution equals the checker's. When the required
/// requests cannot all be met, an elastic model (a drop column on each required request,
/// minimised first) gives a timetable that meets what it can, with status `infeasible` and the
/// dropped requests and their blocking data in `Solution.unsatisfied`.
///
/// The instance's locks are constraints (``MIPLocks``; a lock without columns is an `invalid`
/// answer naming it), and with a reference solution (a re-plan) the four change terms are part of
/// the objective with the checker's definitions (``MIPModel/addChangeTerms(reference:)``); the
/// published timetable seeds the search when it is still feasible.
///
/// ```swift
/// GLPKEngines.register(in: .shared)                 // or use MIPEngine() directly
/// let result = MIPEngine().run(problem, parameters: SolveParameters(timeLimit: 60, relativeGap: 1e-3))
/// let report = Checker(problem).check(result.solution!)
/// ```
///
/// Parameters: `timeLimit` (whole solve, model building included), `relativeGap` (GLPK's
/// `mip_gap`), `stop` (ends the search through `glp_ios_terminate`). GLPK is deterministic and
/// has no random seed: `seed` only reaches the warm-start heuristics. GLPK runs one thread; with
/// `threads` ≥ 2 a second thread completes the warm start while GLPK starts and then improves it
/// with the heuristic at the lowest priority (``improveStartInParallel``, ``StartImprover``).
public struct MIPEngine: Engine {
    public let name = "mip"
    /// GLPK's feasibility pump at the root (finds a first incumbent sooner on most instances); not
    /// used when the warm start is handed to GLPK.
    public var feasibilityPump = true
    /// GLPK's cut generators.
    public var cuts = true
    /// GLPK's proximity search once an incumbent exists.
    public var proximitySearch = false
    /// Candidate sections per (course, mode, site) beyond ⌈students who may join / maxSize⌉;
    /// `nil` searches every section count the data allow (exact, but a larger model). The default
    /// 1 is a documented restriction (docs/MIP.md, "Restrictions").
    public var sectionSlack: Int? = 1
    /// Start from the heuristic (or greedy) engine's timetable when it is feasible: it is mapped to
    /// the model's columns, completed and verified by a small MIP with the decisions fixed, handed
    /// to GLPK as its first incumbent, and returned if GLPK finds nothing better in time.
    public var warmStart = true
    /// Hand the warm start to GLPK as its first incumbent (needs GLPK's presolver off); when false
    /// GLPK presolves and the warm start is only kept as the fallback incumbent.
    public var seedGLPK = true
    /// A timetable to start from instead of running the heuristic (``AutoEngine`` passes its
    /// heuristic's): used, like the published timetable of a re-plan, when the checker finds it
    /// feasible; of the two the one with the lower objective.
    public var start: Solution? = nil
    /// The engine whose timetable is the warm start when none is given (``start``, the hint, the
    /// published timetable).
    public var warmStartEngine: any Engine = HeuristicEngine()
    /// Instances with fewer requests skip the warm start: GLPK alone solves them faster than the
    /// heuristic's time budget.
    public var warmStartMinimumRequests = 60
    /// With `threads` ≥ 2 and a warm start from the heuristic: the heuristic keeps improving it on a
    /// second thread while GLPK solves (``StartImprover``); the better timetable is returned when it
    /// beats GLPK's incumbent. GLPK's bound is unaffected.
    public var improveStartInParallel = true
    /// GLPK's MIP presolver (off whenever a warm start is handed to GLPK).
    public var presolve = true
    /// Size guard: the model is not built when its estimated columns exceed this many per second
    /// of the time limit (GLPK's root LP alone takes longer; docs/MIP.md, "Size guard"). `nil`
    /// turns the time part of the guard off.
    public var maxColumnsPerSecond: Double? = 2_000
    /// Size guard: the model is not built when its estimated memory exceeds this share of the
    /// machine's physical memory.
    public var maxMemoryShare = 0.5

    public init(sectionSlack: Int? = 1) {
        self.sectionSlack = sectionSlack
    }

    /// The integer program of `problem` as plain data, with the rows and columns named after what
    /// they mean (for `netsched export-model`), locks included (and the change terms when the
    /// problem has a reference). The objective constant is carried by a column fixed at 1
    /// (`objective_constant`), since LP files have no constant term. Throws when a lock cannot be
    /// represented (the error names it).
    public static func model(of problem: Problem, sectionSlack: Int? = 1) throws -> LinearModel {
        var sets = MIPSets(problem: problem, sectionSlack: sectionSlack)
        var locks: MIPLocks? = nil
        if !problem.locks.isEmpty {
            var plan = try MIPLocks(sets: sets)
            if sectionSlack != nil, !plan.byType.isEmpty {
                sets = MIPSets(problem: problem, sectionSlack: sectionSlack, keepAtLeast: plan.candidatesToKeep(sets, merging: [:]))
                plan = try MIPLocks(sets: sets)
            }
            locks = plan
        }
        var model = MIPModel(sets: sets, elastic: false)
        _ = try addReplanning(to: &model, locks: locks)
        return model.lp.withConstantColumn()
    }

    /// Whether the model of `problem` (with these sets) fits `seconds` and the memory, and the
    /// estimate, or the reason it does not.
    func sizeCheck(_ sets: MIPSets, seconds: Double) -> (fits: Bool, estimate: MIPSets.SizeEstimate, reason: String?) {
        let estimate = sets.estimatedSize()
        let memory = Double(ProcessInfo.processInfo.physicalMemory)
        if estimate.bytes > maxMemoryShare * memory {
            return (false, estimate, String(format: "model would have %@ columns (%@) and need ~%.1f GiB, over %.0f%% of the machine's %.1f GiB; "
                                            + "use --engine heuristic or hybrid", MIPSets.SizeEstimate.count(estimate.columns),
                                            estimate.description, estimate.bytes / 1_073_741_824, 100 * maxMemoryShare,
                                            memory / 1_073_741_824))
        }
        if let rate = maxColumnsPerSecond, Double(estimate.columns) > rate * max(seconds, 0) {
            return (false, estimate, String(format: "model would have %@ columns (%@); too large for the MIP within %.0f s "
                                            + "(about %@ columns fit); use --engine heuristic or hybrid",
                                            MIPSets.SizeEstimate.count(estimate.columns), estimate.description, seconds,
                                            MIPSets.SizeEstimate.count(Int(rate * max(seconds, 0)))))
        }
        return (true, estimate, nil)
    }

    /// The first, cheap part of the size guard, from the requests alone (building the index sets
    /// itself takes minutes on the largest instances): refuses when the assignment and attendance
    /// columns alone are estimated at more than ``quickScreenFactor`` times what fits.
    func quickSizeCheck(_ problem: Problem, seconds: Double) -> String? {
        guard let rate = maxColumnsPerSecond else { return nil }
        let quick = MIPSets.quickColumnEstimate(problem, sectionSlack: sectionSlack)
        let fit = rate * max(seconds, 0)
        guard Double(quick) > quickScreenFactor * fit else { return nil }
        return String(format: "model would have ~%@ assignment and attendance columns (estimated from the requests); too large for the MIP "
                      + "within %.0f s (about %@ columns fit); use --engine heuristic or hybrid",
                      MIPSets.SizeEstimate.count(quick), seconds, MIPSets.SizeEstimate.count(Int(fit)))
    }

    /// How far the request-based estimate may exceed what fits before the model is refused
    /// without building the index sets (it ignores the time and travel filters, so it can be high).
    public var quickScreenFactor = 3.0

    /// Whether `problem`'s model fits the MIP within `seconds` (the size guard of ``solve``), and why
    /// not. Builds the index sets unless the request-based estimate already rules the model out.
    public func fits(_ problem: Problem, seconds: Double) -> (fits: Bool, reason: String?) {
        if let reason = quickSizeCheck(problem, seconds: seconds) { return (false, reason) }
        let check = sizeCheck(MIPSets(problem: problem, sectionSlack: sectionSlack), seconds: seconds)
        return (check.fits, check.reason)
    }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let start = Date()
        let name = self.name
        func elapsed() -> Double { Date().timeIntervalSince(start) }
        // Size guard: estimate the model from its index sets before building anything large.
        progress(SolveProgress(engine: name, elapsed: 0, phase: .start, message: "size check"))
        if let reason = quickSizeCheck(problem, seconds: parameters.timeLimit) {
            progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .start, message: "size check: " + reason))
            return SolveResult(status: .unknown, solution: nil, statistics: ["seconds": elapsed()], message: reason)
        }
        var sets = MIPSets(problem: problem, sectionSlack: sectionSlack)
        let check = sizeCheck(sets, seconds: parameters.timeLimit)
        var guardStats: [String: Double] = [
            "estimatedRows": Double(check.estimate.rows), "estimatedColumns": Double(check.estimate.columns),
            "estimatedNonzeros": Double(check.estimate.nonzeros), "setsSeconds": elapsed(),
        ]
        if let reason = check.reason {
            guardStats["seconds"] = elapsed()
            progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .start, message: "size check: " + reason))
            return SolveResult(status: .unknown, solution: nil, statistics: guardStats, message: reason)
        }
        progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .start,
                                             message: "size check: estimated \(check.estimate) (from the requests alone: "
                                                 + "~\(MIPSets.SizeEstimate.count(MIPSets.quickColumnEstimate(problem, sectionSlack: sectionSlack))) "
                                                 + "assignment and attendance columns)"))
        // A heuristic timetable first: it sizes the model (sections per type) and seeds the search.
        // In a re-plan the published timetable is the start when it still meets every hard rule.
        var seed: Solution? = nil
        let requests = problem.students.reduce(0) { $0 + $1.requests.count }
        let checker = Checker(problem)
        let given = [(parameters.hint, "the hint"), (self.start, "the given timetable"), (problem.reference, "the published timetable")]
            .compactMap { s, what in s.map { (s: $0, what: what, report: checker.check($0)) } }.filter(\.report.feasible)
        if warmStart, let best = given.min(by: { $0.report.objective < $1.report.objective }) {
            progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .warmStart, incumbent: best.report.objective,
                                   requiredUnmet: 0, message: best.what))
            seed = best.s
        } else if warmStart && requests >= warmStartMinimumRequests {
            progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .warmStart))
            seed = heuristicSolution(problem: problem, parameters: parameters)
        }
        let heuristicSeconds = elapsed()
        /// Out of time between phases: the warm start when there is one, else nothing.
        func outOfTime(_ phase: String) -> SolveResult {
            var stats = guardStats
            stats["seconds"] = elapsed()
            let message = String(format: "time limit of %.0f s reached while %@, before GLPK could search", parameters.timeLimit, phase)
            if let seed {
                let report = Checker(problem).check(seed)
                var solution = seed
                solution.engine = name
                return SolveResult(status: .feasible, solution: solution, objective: report.objective, statistics: stats,
                                   message: message + "; the warm start is returned")
            }
            return SolveResult(status: .unknown, solution: nil, statistics: stats, message: message)
        }
        // Enough candidate sections for the warm start's and the published timetable's sections.
        var counts = seed?.sectionCounts(in: problem) ?? [:]
        if let reference = problem.reference { counts.merge(reference.sectionCounts(in: problem)) { max($0, $1) } }
        if sets.types.contains(where: { counts[MIPSets.typeKey(course: $0.course, mode: $0.mode, site: $0.site)] ?? 0 > $0.candidates }) {
            sets = MIPSets(problem: problem, sectionSlack: sectionSlack, keepAtLeast: counts)
        }
        // Locked sections get candidates of their own, on top of those.
        var lockPlan: MIPLocks? = nil
        if !problem.locks.isEmpty {
            do {
                var plan = try MIPLocks(sets: sets)
                let keep = plan.candidatesToKeep(sets, merging: counts)
                if sectionSlack != nil, sets.types.contains(where: { keep[MIPSets.typeKey(course: $0.course, mode: $0.mode, site: $0.site)] ?? 0 > $0.candidates }) {
                    sets = MIPSets(problem: problem, sectionSlack: sectionSlack, keepAtLeast: keep)
                    plan = try MIPLocks(sets: sets)
                }
                lockPlan = plan
            } catch {
                return SolveResult(status: .invalid, solution: nil, statistics: ["seconds": elapsed()], message: error.description)
            }
        }
        if elapsed() > parameters.timeLimit { return outOfTime("building the index sets") }
        progress(SolveProgress(engine: name, elapsed: heuristicSeconds, phase: .build))
        var model = MIPModel(sets: sets, elastic: false)
        let lockIDs: [Int: String]
        do {
            lockIDs = try Self.addReplanning(to: &model, locks: lockPlan)
        } catch {
            return SolveResult(status: .invalid, solution: nil, statistics: guardStats.merging(["seconds": elapsed()]) { $1 },
                               message: "\(error)")
        }
        let buildSeconds = elapsed() - heuristicSeconds
        let stats = Statistics()
        stats.values = guardStats.merging([
            "rows": Double(model.lp.rows.count), "columns": Double(model.lp.columns.count),
            "nonzeros": Double(model.lp.nonzeros), "integerColumns": Double(model.lp.integerColumns),
            "candidateSections": Double(model.candidates.count), "assignmentColumns": Double(model.assignments.count),
            "buildSeconds": buildSeconds, "heuristicSeconds": heuristicSeconds,
        ]) { $1 }
        progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .build,
                          message: "\(model.lp.rows.count) rows, \(model.lp.columns.count) columns (\(model.lp.integerColumns) integer), "
                              + "\(model.lp.nonzeros) nonzeros"))
        if elapsed() > parameters.timeLimit * 0.95 { return outOfTime("building the model") }
        let explain = Explanations(sets: sets)
        let overLimits = regularLessonsOverLimits(problem)

        func solver(_ share: Double) -> GLPKSolver {
            var s = GLPKSolver(timeLimit: max(0.5, share * (parameters.timeLimit - elapsed())), relativeGap: max(parameters.relativeGap, 0))
            s.presolve = presolve
            s.feasibilityPump = feasibilityPump
            s.proximitySearch = proximitySearch
            s.gomoryCuts = false
            s.mirCuts = cuts
            s.coverCuts = cuts
            s.cliqueCuts = cuts
            return s
        }
        func run(_ lp: LinearModel, phase: String, _ initial: [Double]? = nil, feed: SolutionFeed? = nil, share: Double = 1) throws -> MIPOutcome {
            let offset = elapsed()
            let stop = parameters.stop
            var glpk = solver(share)
            if initial != nil || feed != nil, seedGLPK {
                glpk.presolve = false
                glpk.initialSolution = initial
                glpk.feed = feed
                // The feasibility pump looks for a first incumbent; with the warm start it only
                // costs time, and GLPK calls no callback inside it (78 s on Terbuny; docs/MIP.md).
                glpk.feasibilityPump = false
                // The main search keeps the warm start when GLPK finds nothing better (below).
                glpk.polishOnlyImprovements = phase == "search"
            }
            return try glpk.solve(lp, progress: { mp in
                // The model with required rows: an incumbent meets every hard rule. The elastic
                // model's incumbents may drop required requests; the final answer says how many.
                let hard = phase == "search"
                progress(SolveProgress(engine: name, elapsed: offset + mp.elapsed, phase: .search, incumbent: mp.incumbent, bound: mp.bound,
                                       requiredUnmet: hard && mp.incumbent != nil ? 0 : nil,
                                       feasible: mp.incumbent == nil ? nil : (hard ? true : false),
                                       message: (hard ? "" : phase + ", ") + "nodes \(mp.nodes)"))
            }, shouldStop: { stop.isRaised })
        }
        func record(_ out: MIPOutcome, prefix: String = "") {
            stats.values[prefix + "nodes", default: 0] += Double(out.nodes)
            stats.values[prefix + "presolveRootSeconds", default: 0] += out.presolveAndRootSeconds
            stats.values[prefix + "searchSeconds", default: 0] += out.searchSeconds
            if let r = out.rootLPSeconds { stats.values[prefix + "rootLPSeconds"] = r }
            if let b = out.rootLPBound { stats.values[prefix + "rootLPBound"] = b }
            if let f = out.firstIncumbentSeconds, stats.values[prefix + "firstIncumbentSeconds"] == nil {
                stats.values[prefix + "firstIncumbentSeconds"] = f + stats.glpkStart
            }
        }

        do {
            var start: (values: [Double], objective: Double)? = nil
            let pinned = Dictionary(lockIDs.map { ($1, $0) }) { a, _ in a }
            // With a second thread (threads ≥ 2): it completes the warm start while GLPK starts on
            // the root LP, then improves it with the heuristic (StartImprover; docs/MIP.md).
            var improver: StartImprover? = nil
            defer { improver?.stop.raise() }  // also when GLPK throws: the thread ends at once
            let feed = SolutionFeed()
            if let seed, improveStartInParallel, seedGLPK, parameters.threads >= 2 {
                let box = UncheckedBox(model)
                let engine = self
                let solveStart = Date().addingTimeInterval(-elapsed())
                improver = StartImprover(problem: problem, seed: seed, deadline: solveStart.addingTimeInterval(parameters.timeLimit),
                                         randomSeed: parameters.seed &+ 1, feed: feed, complete: { solution in
                    let model = box.value
                    guard model.decisions(of: solution, pinned: pinned) != nil else {
                        let counts = solution.sectionCounts(in: problem)
                        func key(_ t: MIPSets.SectionType) -> String { MIPSets.typeKey(course: t.course, mode: t.mode, site: t.site) }
                        let over = model.sets.types.filter { counts[key($0)] ?? 0 > $0.candidates }
                            .map { "\(problem.instance.courses[$0.course].id) (\(counts[key($0)]!) sections, \($0.candidates) candidates)" }
                        return (nil, over.isEmpty ? "the model has no column for one of its starts or assignments"
                                                  : "it has more sections than the model's candidates: " + over.joined(separator: ", "))
                    }
                    let values = try? engine.warmStartValues(solution, model: model, pinned: pinned, parameters: parameters,
                                                             elapsed: { Date().timeIntervalSince(solveStart) })
                    return (values, "its completion did not finish in time")
                }, announce: { objective, improved in
                    progress(SolveProgress(engine: name, elapsed: Date().timeIntervalSince(solveStart), phase: .warmStart, incumbent: objective, requiredUnmet: 0,
                                           message: improved ? "improved by the heuristic on the second thread" : "completed on the second thread"))
                })
            } else if let seed {
                start = try warmStartValues(seed, model: model, pinned: pinned, parameters: parameters, elapsed: elapsed)
                if let start {
                    stats.values["warmStartObjective"] = start.objective
                    stats.values["warmStartSeconds"] = elapsed()
                    progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .warmStart, incumbent: start.objective, requiredUnmet: 0))
                }
            }
            stats.glpkStart = elapsed()
            let initial = start?.values
            let seeded = initial != nil || improver != nil
            // Without a known timetable, keep 40% of the time for the elastic model in case GLPK
            // finds no timetable meeting every required request (it may not exist).
            let hasRequired = !model.requiredRows.isEmpty
            var out = try run(model.lp, phase: "search", initial, feed: improver == nil ? nil : feed, share: !seeded && hasRequired ? 0.6 : 1)
            var improved: (values: [Double], objective: Double)? = nil
            if let improver {
                if out.status == .optimal || parameters.stop.isRaised { improver.stop.raise() }
                let waited = improver.wait()
                start = waited.start
                improved = waited.improved
                if let start, let ready = waited.ready {
                    stats.values["warmStartObjective"] = start.objective
                    stats.values["warmStartSeconds"] = ready.timeIntervalSince(Date().addingTimeInterval(-elapsed()))
                }
                if let b = improver.budget { stats.values["improvementBudgetSeconds"] = b }
                stats.values["improvementSeconds"] = improver.heuristicSeconds
                if let h = improver.heuristicObjective { stats.values["improvedHeuristicObjective"] = h }
                if !improver.note.isEmpty {
                    progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .warmStart, message: "second thread: " + improver.note))
                }
            }
            // GLPK found nothing better in time: the warm start (or the second thread's
            // improvement of it), polished, is the incumbent.
            for (candidate, label) in [(start, "warmStart"), (improved, "improvedStart")] {
                guard let candidate, out.status != .infeasible, out.status != .optimal,
                      out.values == nil || (out.objective ?? .infinity) > candidate.objective - 1e-9 else { continue }
                out.values = candidate.values
                out.objective = candidate.objective
                if out.status == .unknown || out.status == .unbounded { out.status = .feasible }
                if out.firstIncumbentSeconds == nil { out.firstIncumbentSeconds = 0 }
                if label == "improvedStart" {
                    stats.values["improvedStartObjective"] = candidate.objective
                    stats.values["improvedStartSeconds"] = elapsed()
                }
            }
            record(out)
            if let r = out.rootLPSeconds {
                progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .search, bound: out.bound,
                                       message: String(format: "root LP %.1f s", r)
                                        + (out.rootLPBound.map { String(format: ", root bound %.1f", $0) } ?? ", not finished")))
            }
            stats.values["seconds"] = elapsed()
            switch out.status {
            case .optimal, .feasible:
                let values = out.values!
                let verdict: Explanations.Verdict = out.status == .optimal ? .notGranted : .stoppedEarly
                var solution = model.solution(values: values, engine: name, ids: lockIDs) { s, q in
                    let req = problem.students[s].requests[q]
                    return explain.reason(student: s, request: q, verdict: req.required ? .droppedByElastic(minimum: model.blocked.count) : verdict)
                }
                solution.engine = name
                var status: SolveResult.Status = out.status == .optimal ? .optimal : .feasible
                var notes: [String] = []
                if !model.blocked.isEmpty {
                    status = .infeasible
                    notes.append(blockedMessage(model.blocked, problem: problem))
                }
                if !overLimits.isEmpty {
                    status = .infeasible
                    notes.append(overLimits.joined(separator: "; "))
                }
                if out.status == .feasible { notes.append(stoppedMessage(out, parameters: parameters)) }
                if let b = out.bound { stats.values["modelBound"] = b }
                return SolveResult(status: status, solution: solution, objective: out.objective, bound: boundIsValid(problem) ? out.bound : nil,
                                   statistics: stats.values,
                                   message: notes.isEmpty ? nil : notes.joined(separator: "; "))
            case .infeasible where hasRequired, .unknown where hasRequired && !out.stopped:
                stats.glpkStart = elapsed()
                let result = try elastic(problem: problem, sets: sets, locks: lockPlan, explain: explain, overLimits: overLimits,
                                         provenInfeasible: out.status == .infeasible,
                                         remaining: { parameters.timeLimit - elapsed() },
                                         run: { try run($0, phase: $1, $3, share: $2) }, record: record)
                stats.values["seconds"] = elapsed()
                var r = result
                r.statistics = stats.values
                return r
            case .infeasible:
                // No required request to drop: only the locks (or the data) can make it so.
                let why = problem.locks.isEmpty
                    ? "GLPK proved that no timetable meets every hard rule (netsched diagnose names what is tight)"
                    : "the instance's locks cannot all hold together: GLPK proved the model infeasible, and no request is "
                        + "required, so nothing can be dropped (netsched check names the locks a timetable breaks)"
                return SolveResult(status: .infeasible, solution: nil, statistics: stats.values, message: why)
            case .unknown, .unbounded:
                let why = out.stopped ? "stopped before an integer solution was found"
                    : "no integer solution within the time limit of \(String(format: "%.0f", parameters.timeLimit)) s"
                if let b = out.bound { stats.values["modelBound"] = b }
                return SolveResult(status: .unknown, solution: nil, bound: boundIsValid(problem) ? out.bound : nil, statistics: stats.values,
                                   message: why)
            }
        } catch {
            return SolveResult(status: .invalid, solution: nil, statistics: stats.values, message: "\(error)")
        }
    }

    /// Whether GLPK's bound on this engine's model bounds every timetable (``SolveResult/bound``):
    /// only when the model searches all of them — every section count, and none of restriction 1's
    /// fixed departures or road-only teachers can matter (no road vehicle trips are counted, no bus
    /// run a teacher could take). Otherwise the bound is the model's (`modelBound` in the
    /// statistics), and a solve's valid bound comes from its bounder (``NetworkBounder``).
    func boundIsValid(_ problem: Problem) -> Bool {
        guard sectionSlack == nil, problem.busRuns.isEmpty else { return false }
        if problem.reference != nil && problem.weights.changedRoute != 0 { return false }
        return problem.transportMode == .busRuns || problem.weights.vehicleTrip == 0
    }

    /// Phase 1 minimises the number of dropped required requests; phase 2 minimises the objective
    /// with at most that many dropped.
    private func elastic(problem: Problem, sets: MIPSets, locks: MIPLocks?, explain: Explanations, overLimits: [String], provenInfeasible: Bool,
                         remaining: () -> Double,
                         run: (LinearModel, String, Double, [Double]?) throws -> MIPOutcome,
                         record: (MIPOutcome, String) -> Void) throws -> SolveResult {
        var model = MIPModel(sets: sets, elastic: true)
        let lockIDs = try Self.addReplanning(to: &model, locks: locks)
        let original = model.lp.columns.map(\.objective)
        let constant = model.lp.objectiveConstant
        for j in model.lp.columns.indices { model.lp.setObjective(j, 0) }
        model.lp.objectiveConstant = 0
        for d in model.dropCols { model.lp.setObjective(d.col, 1) }
        // A start GLPK cannot miss: no section opens and every required request is dropped.
        var nothing = model.lp
        for (ci, c) in model.candidates.enumerated() where lockIDs[ci] == nil {
            for col in c.configCols { nothing.setBounds(col, lower: 0, upper: 0) }
        }
        let empty = try? GLPKSolver(timeLimit: min(30, max(0.5, remaining())), relativeGap: 0).solve(nothing)
        let first = try run(model.lp, "elastic: fewest dropped", 0.5, empty?.status == .optimal ? empty?.values : nil)
        record(first, "elastic")
        guard let dropValues = first.values, let dropped = first.objective else {
            if first.status == .infeasible && !problem.locks.isEmpty {
                // Without locks, dropping every required request always leaves a timetable.
                return SolveResult(status: .infeasible, solution: nil,
                                   message: "the instance's locks cannot all hold together: the model is infeasible even with every "
                                    + "required request dropped (netsched check names the locks a timetable breaks)")
            }
            return SolveResult(status: provenInfeasible ? .infeasible : .unknown, solution: nil,
                               message: provenInfeasible
                                ? "the required requests cannot all be met, and the search for the fewest to drop found no timetable in time"
                                : "no timetable found in time, not even one dropping required requests")
        }
        let minimum = Int(dropped.rounded())
        let minimal = first.status == .optimal
        for (j, c) in original.enumerated() { model.lp.setObjective(j, c) }
        model.lp.objectiveConstant = constant
        model.lp.addRow("elastic_max_dropped", terms: model.dropCols.map { ($0.col, 1.0) }, upper: Double(minimum))
        let second = try run(model.lp, "elastic: best timetable", 1, dropValues)
        record(second, "elastic")
        var values = second.values ?? dropValues
        var polishedObjective: Double? = second.values != nil ? second.objective : nil
        if second.values == nil {
            // Phase 1's timetable, with the objective columns made tight for the real objective.
            var fixed = model.lp
            for (j, c) in fixed.columns.enumerated() where c.kind != .continuous {
                fixed.setBounds(j, lower: dropValues[j].rounded(), upper: dropValues[j].rounded())
            }
            if let out = try? GLPKSolver(timeLimit: min(30, max(0.5, remaining())), relativeGap: 0).solve(fixed), let v = out.values, out.status == .optimal {
                values = v
                polishedObjective = out.objective
            }
        }
        let blockedCount = model.blocked.count
        let total = minimum + blockedCount
        let solution = model.solution(values: values, engine: name, ids: lockIDs) { s, q in
            let req = problem.students[s].requests[q]
            if req.required && !(minimal || provenInfeasible) { return explain.reason(student: s, request: q, verdict: .stoppedEarly) }
            return explain.reason(student: s, request: q, verdict: req.required ? .droppedByElastic(minimum: total) : .notGranted)
        }
        let objective = polishedObjective ?? model.lp.objectiveValue(values)
        let unmet = solution.unsatisfied.filter(\.required).count
        var notes: [String] = []
        var status: SolveResult.Status
        if total == 0 && overLimits.isEmpty {
            // Every required request is met after all: a timetable of the original model.
            status = minimal && second.status == .optimal ? .optimal : .feasible
            notes.append("found through the elastic model")
        } else if provenInfeasible || minimal || blockedCount > 0 || !overLimits.isEmpty {
            status = .infeasible
            notes.append("required requests cannot all be met: \(unmet) dropped (see unsatisfied)")
            if !minimal { notes.append("the number dropped is not proven minimal (time limit)") }
        } else {
            status = .unknown
            notes.append("no timetable meeting every required request found in time; the best partial one drops \(unmet) (see unsatisfied)")
        }
        if !overLimits.isEmpty { notes.append(overLimits.joined(separator: "; ")) }
        return SolveResult(status: status, solution: solution, objective: objective, bound: nil, message: notes.joined(separator: "; "))
    }

    /// A feasible start: ``warmStartEngine``'s timetable,
    /// if the checker finds it feasible and the model has columns for it, completed by solving the
    /// model with its decisions fixed. The heuristic gets 5% of the time limit (5 s at most).
    private func heuristicSolution(problem: Problem, parameters: SolveParameters) -> Solution? {
        let budget = min(5, max(0.5, 0.05 * parameters.timeLimit))
        let result = warmStartEngine.run(problem, parameters: SolveParameters(timeLimit: budget, seed: parameters.seed, threads: 1,
                                                                       stop: parameters.stop))
        guard let solution = result.solution, Checker(problem).check(solution).feasible else { return nil }
        return solution
    }

    func warmStartValues(_ solution: Solution, model: MIPModel, pinned: [String: Int], parameters: SolveParameters,
                                 elapsed: () -> Double) throws -> (values: [Double], objective: Double)? {
        let budget = min(10, max(0.5, 0.1 * parameters.timeLimit))
        guard let decisions = model.decisions(of: solution, pinned: pinned) else { return nil }
        let fixed = model.fixed(at: decisions)
        var glpk = GLPKSolver(timeLimit: max(0.5, min(budget, parameters.timeLimit - elapsed())), relativeGap: 0)
        glpk.polishContinuous = true
        let out = try glpk.solve(fixed)
        guard out.status == .optimal, let values = out.values, let objective = out.objective else { return nil }
        return (values, objective)
    }

    /// The instance's locks (``MIPLocks``) and, in a re-plan, the change terms against the
    /// reference (``MIPModel/addChangeTerms(reference:)``), written into `model`. Returns the
    /// section id of each locked candidate.
    static func addReplanning(to model: inout MIPModel, locks: MIPLocks?) throws -> [Int: String] {
        var ids: [Int: String] = [:]
        if let locks { ids = try model.applyLocks(locks) }
        if let reference = model.problem.reference { try model.addChangeTerms(reference: reference) }
        return ids
    }

    /// Counters of one solve, shared by the phases.
    private final class Statistics: @unchecked Sendable {
        var values: [String: Double] = [:]
        var glpkStart = 0.0
    }

    private func blockedMessage(_ blocked: [(student: Int, request: Int)], problem: Problem) -> String {
        let list = blocked.prefix(5).map { "\(problem.instance.students[$0.student].id) request \($0.request)" }.joined(separator: ", ")
        return "\(blocked.count) required request\(blocked.count == 1 ? "" : "s") cannot be met by any timetable (\(list)\(blocked.count > 5 ? ", …" : ""); see unsatisfied)"
    }

    private func stoppedMessage(_ out: MIPOutcome, parameters: SolveParameters) -> String {
        var text = out.stopped ? "stopped" : "time limit"
        if let o = out.objective, let b = out.bound, o != 0 {
            text += String(format: "; gap %.2f%%", 100 * abs(o - b) / max(abs(o), 1e-9))
        }
        return text
    }

    /// Students whose regular lessons alone break a hygiene limit: no timetable can fix that.
    private func regularLessonsOverLimits(_ problem: Problem) -> [String] {
        var out: [String] = []
        let P = problem.periodCount
        for (s, student) in problem.students.enumerated() {
            let id = problem.instance.students[s].id
            for d in 0..<problem.dayCount {
                let n = (0..<P).filter { student.busy[d * P + $0] }.count
                if n > student.maxLessonsPerDay {
                    out.append("student \(id) has \(n) regular lessons on \(problem.instance.calendar.days[d]), "
                               + "above the limit \(student.maxLessonsPerDay) for grade \(student.grade)")
                }
            }
            let week = student.busy.filter { $0 }.count
            if week > student.maxLessonsPerWeek {
                out.append("student \(id) has \(week) regular lessons a week, above the limit \(student.maxLessonsPerWeek) for grade \(student.grade)")
            }
        }
        return out
    }
}
