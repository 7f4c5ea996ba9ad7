import Foundation
import Synchronization
import TimetablingCore
import TimetablingEngines

/// The lower bound of every solve (docs/MIP.md, "Lower bounds"): proves that no timetable of the
/// instance that meets every hard rule costs less than a value, by three relaxations of the problem.
///
/// 1. **The aggregate** (``AggregateBound``): the problem without times, a small integer program
///    over which requests are granted by which alternative, how many sections each course opens
///    and who teaches them, with what students, teachers and rooms can give in a week, and the
///    least travel each granted alternative forces. Built and solved in seconds at any size.
/// 2. **The bound model**: the exact integer program of the MIP engine with every section count,
///    teachers allowed on buses and road vehicle trips counted per (day, route), solved by GLPK
///    (its LP relaxation first, then branch and bound while time remains), when it fits the time
///    limit. On small instances it proves the optimum.
/// 3. **Sections with their times** (``PatternBound``): column generation over whole sections
///    (type, teacher, meeting times, students), where the bound model's root LP cannot end in the
///    time left or the model is not built; its Lagrangian bound holds after every round.
///
/// Each bound is published as soon as it is proven; the best one is the solve's.
///
/// ```swift
/// let parameters = SolveParameters(timeLimit: 60, bounder: NetworkBounder())
/// let result = HeuristicEngine().run(problem, parameters: parameters)
/// print(result.bound ?? .nan, result.solution?.bound ?? .nan)
/// ```
public struct NetworkBounder: LowerBounder {
    public let name = "bound"
    /// Compute the aggregate bound.
    public var aggregate = true
    /// Compute the bound by column generation over whole sections (``PatternBound``).
    public var patterns = true
    /// Compute the bound model's relaxation (and search it while time remains) when it fits.
    public var exactModel = true
    /// The bound model is built only when its estimated columns fit this many per second of the
    /// time limit (GLPK's LP takes longer beyond; as the MIP engine's size guard).
    public var maxColumnsPerSecond: Double = 2_000
    /// …and its estimated memory stays below this share of the machine's.
    public var maxMemoryShare = 0.3
    /// Columns of the bound model GLPK's root LP gets through per second (Terbuny: 33,731 columns
    /// in 22–36 CPU seconds): with less time left than its LP needs, the sections bound
    /// (``PatternBound``) gets the time instead.
    public var rootLPColumnsPerSecond: Double = 1_000
    /// The aggregate is not built when its columns are more than this per second of its time
    /// (the cluster preset's 85k columns at 60 s fit; the region preset's 1.07 million at 120 s do
    /// not: GLPK found no bound in its 48 s and the process took 1.4 GB instead of 330 MB).
    public var aggregateColumnsPerSecond: Double = 10_000
    /// Columns per second GLPK's root LP gets through when the bound model has the strong
    /// attendance rows (``relaxedModel(of:strongAttendance:)``; Terbuny: 34,366 columns in 419 CPU
    /// seconds instead of 39, glpsol). With ``strongAttendance``, that model is solved after the
    /// plain one's LP where both LPs need at most ``strongLPShare`` of the time left.
    public var strongLPColumnsPerSecond: Double = 80
    public var strongLPShare = 0.85
    /// Whether the model with the strong attendance rows may be solved at all. Off by default:
    /// in a 600-s Terbuny solve (GLPK's LP unscaled and in steps of 400 iterations, the engine on
    /// the other core) its LP had not ended after 570 s, so the bound fell from the plain model's
    /// branching (5,382) to its LP (5,348.5); docs/MIP.md, "Lower bounds".
    public var strongAttendance = false

    public init() {}

    /// The bound model of `problem` (locks and change terms included, the objective constant in a
    /// column fixed at 1, as ``MIPEngine/model(of:sectionSlack:)``): its optimum, and the bound of
    /// its LP relaxation, are lower bounds. Throws when a lock cannot be represented.
    /// With `strongAttendance`, the attendance rows that tighten its LP relaxation (``MIPModel``).
    public static func relaxedModel(of problem: Problem, strongAttendance: Bool = false) throws -> LinearModel {
        let sets = MIPSets(problem: problem, sectionSlack: nil, relaxed: true)
        var model = MIPModel(sets: sets, elastic: false, strongAttendance: strongAttendance)
        let locks = problem.locks.isEmpty ? nil : try MIPLocks(sets: sets)
        _ = try MIPEngine.addReplanning(to: &model, locks: locks)
        return model.lp.withConstantColumn()
    }

    /// The aggregate integer program of `problem` (``AggregateBound``), the constant in a column fixed at 1.
    public static func aggregateModel(of problem: Problem) -> LinearModel {
        AggregateBound(problem: problem).model().0.withConstantColumn()
    }

    public func bound(_ problem: Problem, timeLimit: Double, stop: StopFlag, found: BoundSink,
                      progress: @escaping @Sendable (SolveProgress) -> Void) {
        let started = Date()
        func elapsed() -> Double { Date().timeIntervalSince(started) }
        let name = self.name
        let publish: @Sendable (Double, String, Bool, String?) -> Void = { value, method, optimal, message in
            let b = LowerBound(value: value, method: method, seconds: Date().timeIntervalSince(started), optimal: optimal, message: message)
            if found.offer(b) {
                progress(SolveProgress(engine: name, elapsed: b.seconds, phase: .bound, bound: value,
                                       message: method + (message.map { ": " + $0 } ?? "")))
            }
        }
        if aggregate {
            let share = max(0.5, min(0.4 * timeLimit, timeLimit - elapsed()))
            let result = AggregateBound(problem: problem, maxColumns: Int(aggregateColumnsPerSecond * share)).solve(timeLimit: share, stop: stop)
            switch result {
            case .bound(let value, let optimal, let note):
                publish(value, "aggregate", false, (optimal ? "" : "not solved to optimality, its best bound; ") + note)
            case .infeasible(let note):
                progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .bound,
                                       message: "aggregate: no timetable meets every required request (\(note)); no bound"))
                return
            case .none(let note):
                progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .bound, message: "aggregate: " + note))
            }
        }
        guard (exactModel || aggregate || patterns), !stop.isRaised else { return }
        // The MIP's index sets, when they can be built in the time: the aggregate again with only
        // the (student, type) pairs some timetable could use, then the bound model from them.
        let fit = maxColumnsPerSecond * max(0, timeLimit - elapsed())
        let quick = MIPSets.quickColumnEstimate(problem, sectionSlack: nil)
        guard Double(quick) <= 3 * fit else {
            progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .bound,
                                   message: "index sets not built: ~\(MIPSets.SizeEstimate.count(quick)) assignment and attendance columns, "
                                    + "about \(MIPSets.SizeEstimate.count(Int(fit))) fit"))
            // Nor the sections bound: without the sets' starts it is weaker than the aggregate
            // (Terbuny: 3,797 against 4,157), and on the region preset its master took 0.9 GB
            // without a bound in 120 s.
            return
        }
        let sets = MIPSets(problem: problem, sectionSlack: nil, relaxed: true)
        guard !stop.isRaised, elapsed() < timeLimit else { return }
        if aggregate {
            let share = max(0.5, exactModel ? 0.4 * (timeLimit - elapsed()) : timeLimit - elapsed())
            let filtered = AggregateBound(problem: problem, allowed: AggregateBound.allowed(by: sets),
                                          maxColumns: Int(aggregateColumnsPerSecond * share))
            switch filtered.solve(timeLimit: share, stop: stop) {
            case .bound(let value, let optimal, let note):
                publish(value, "aggregate", false, "with the index sets' pairs; " + (optimal ? "" : "not solved to optimality, its best bound; ") + note)
            case .infeasible(let note):
                progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .bound,
                                       message: "aggregate with the index sets: no timetable meets every required request (\(note))"))
                return
            case .none(let note):
                progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .bound, message: "aggregate with the index sets: " + note))
            }
        }
        guard !stop.isRaised else { return }
        // The bound model where its root LP can end in the time left (its LP is the strong bound);
        // otherwise sections with their times.
        let lpSeconds = Double(sets.estimatedSize().columns) / rootLPColumnsPerSecond
        let lpInTime = !patterns || lpSeconds <= timeLimit - elapsed()
        let built = exactModel && lpInTime && exactBound(problem, sets: sets, timeLimit: timeLimit, started: started, stop: stop, publish: publish,
                                             progress: progress)
        if !built, patterns, !stop.isRaised {
            patternBound(problem, sets: sets, until: timeLimit, started: started, stop: stop, publish: publish, progress: progress)
        }
    }

    private func patternBound(_ problem: Problem, sets: MIPSets?, until: Double, started: Date, stop: StopFlag,
                              publish: @escaping @Sendable (Double, String, Bool, String?) -> Void,
                              progress: @escaping @Sendable (SolveProgress) -> Void) {
        let name = self.name
        let limit = until - Date().timeIntervalSince(started)
        guard limit > 0.5 else { return }
        var bound = PatternBound(problem: problem, sets: sets)
        // The greedy construction's sections start the master (seconds even on a region).
        bound.seed = GreedyEngine().run(problem, parameters: SolveParameters(timeLimit: max(0.5, 0.1 * limit), stop: stop)).solution
        // Half a second kept for the last round and the answer, as for the bound model.
        let outcome = bound.solve(timeLimit: until - Date().timeIntervalSince(started) - 0.5, stop: stop) { value, note in
            // Every objective term is non-negative: a bound ≤ 0 says nothing.
            if value > 0 { publish(value, "sections", false, note) }
        }
        progress(SolveProgress(engine: name, elapsed: Date().timeIntervalSince(started), phase: .bound,
                               message: "sections: \(outcome.rounds) rounds, \(outcome.columns) section columns"
                                + (outcome.converged ? ", converged" : "") + (outcome.note.isEmpty ? "" : "; " + outcome.note)))
    }

    /// The bound model, solved until the time limit; false when it does not fit the time left.
    private func exactBound(_ problem: Problem, sets: MIPSets, timeLimit: Double, started: Date, stop: StopFlag,
                            publish: @escaping @Sendable (Double, String, Bool, String?) -> Void,
                            progress: @escaping @Sendable (SolveProgress) -> Void) -> Bool {
        func elapsed() -> Double { Date().timeIntervalSince(started) }
        let name = self.name
        func note(_ text: String) { progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .bound, message: "bound model: " + text)) }
        let estimate = sets.estimatedSize()
        guard Double(estimate.columns) <= maxColumnsPerSecond * max(0, timeLimit - elapsed()),
              estimate.bytes <= maxMemoryShare * Double(ProcessInfo.processInfo.physicalMemory) else {
            note("not built: \(estimate) would not fit the time left")
            return false
        }
        guard !stop.isRaised else { return true }
        let columns = Double(estimate.columns)
        let strongSeconds = columns / strongLPColumnsPerSecond
        // The strong rows' LP costs several times the plain one's: where both fit, the plain LP
        // first (its bound is then safe), the strong model after it in place of branching on the plain one.
        let both = strongAttendance && columns / rootLPColumnsPerSecond + strongSeconds <= strongLPShare * (timeLimit - elapsed())
        guard let rootEnded = solveBoundModel(problem, sets: sets, strong: false, stopAtRoot: both, timeLimit: timeLimit,
                                              started: started, stop: stop, publish: publish, note: note) else { return false }
        if both, rootEnded, !stop.isRaised, strongSeconds <= strongLPShare * (timeLimit - elapsed()) {
            _ = solveBoundModel(problem, sets: sets, strong: true, stopAtRoot: false, timeLimit: timeLimit,
                                started: started, stop: stop, publish: publish, note: note)
        }
        return true
    }

    /// Builds the bound model (with the strong attendance rows or not) and solves it with GLPK
    /// until the time limit, or only its root LP; nil when it cannot be built, else whether the
    /// root LP ended.
    private func solveBoundModel(_ problem: Problem, sets: MIPSets, strong: Bool, stopAtRoot: Bool, timeLimit: Double,
                                 started: Date, stop: StopFlag, publish: @escaping @Sendable (Double, String, Bool, String?) -> Void,
                                 note: (String) -> Void) -> Bool? {
        func elapsed() -> Double { Date().timeIntervalSince(started) }
        var model = MIPModel(sets: sets, elastic: false, strongAttendance: strong)
        do {
            let locks = problem.locks.isEmpty ? nil : try MIPLocks(sets: sets)
            _ = try MIPEngine.addReplanning(to: &model, locks: locks)
        } catch {
            note("not built: \(error)")
            return nil
        }
        let lp = model.lp
        note("\(lp.rows.count) rows, \(lp.columns.count) columns (\(lp.integerColumns) integer)"
             + (strong ? ", with the strong attendance rows" : "") + (stopAtRoot ? ", its LP relaxation only" : ""))
        let what = strong ? "the LP relaxation of the bound model with the strong attendance rows" : "the LP relaxation of the bound model"
        var glpk = GLPKSolver(timeLimit: max(0.5, timeLimit - elapsed() - 0.5), relativeGap: 0, presolve: false)
        glpk.mirCuts = true
        glpk.coverCuts = true
        glpk.cliqueCuts = true
        glpk.polishContinuous = false
        let rootEnded = Mutex(false)
        glpk.rootLP = { value in
            rootEnded.withLock { $0 = true }
            publish(value, "relaxation", false, what)
        }
        do {
            let out = try glpk.solve(lp, progress: { mp in
                // With a zero gap GLPK prunes only nodes no better than the incumbent: the best
                // open node's bound, or the incumbent when it is lower, bounds every timetable.
                guard let b = mp.bound else { return }
                publish(mp.incumbent.map { min($0, b) } ?? b, "branch-and-bound", false, "GLPK's best bound, \(mp.nodes) nodes")
            }, shouldStop: { stop.isRaised || (stopAtRoot && rootEnded.withLock { $0 }) })
            switch out.status {
            case .optimal:
                if let o = out.objective { publish(o, "bound-model optimum", false, "the bound model solved to optimality") }
            case .infeasible:
                note("infeasible: no timetable meets every hard rule")
            default:
                if let b = out.bound { publish(b, "branch-and-bound", false, "GLPK's best bound when it stopped") }
            }
        } catch {
            note("GLPK refused it: \(error)")
        }
        return rootEnded.withLock { $0 }
    }
}
