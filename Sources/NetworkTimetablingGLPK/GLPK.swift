import CGLPK
import Foundation
import TimetablingCore
import TimetablingEngines

/// A mixed-integer linear program as plain data, ready to hand to GLPK.
///
/// Columns and rows are named (so written LP/MPS files can be read by people and matched back by
/// name). Indices are 0-based here; the GLPK layer converts them to GLPK's 1-based arrays.
///
/// ```swift
/// var m = LinearModel(sense: .maximize)
/// let x = m.addColumn("x", lower: 0, upper: 4, kind: .integer, objective: 3)
/// m.addRow("cap", terms: [(x, 2)], upper: 7)
/// let result = try GLPKSolver().solve(m)
/// ```
public struct LinearModel: Sendable {
    public enum Sense: Sendable { case minimize, maximize }
    public enum Kind: Sendable { case continuous, integer, binary }

    public struct Column: Sendable {
        public var name: String
        public var lower: Double?
        public var upper: Double?
        public var kind: Kind
        public var objective: Double
    }

    public struct Row: Sendable {
        public var name: String
        public var terms: [(column: Int, coefficient: Double)]
        public var lower: Double?
        public var upper: Double?
    }

    public var sense: Sense
    public var objectiveConstant: Double = 0
    public private(set) var columns: [Column] = []
    public private(set) var rows: [Row] = []

    public init(sense: Sense = .minimize) { self.sense = sense }

    /// Adds a column and returns its 0-based index. `nil` bounds are infinite.
    @discardableResult
    public mutating func addColumn(_ name: String, lower: Double? = 0, upper: Double? = nil, kind: Kind = .continuous, objective: Double = 0) -> Int {
        columns.append(Column(name: name, lower: kind == .binary ? 0 : lower, upper: kind == .binary ? 1 : upper, kind: kind, objective: objective))
        return columns.count - 1
    }

    /// Adds a row `lower ≤ Σ coefficient × column ≤ upper` and returns its 0-based index.
    @discardableResult
    public mutating func addRow(_ name: String, terms: [(Int, Double)], lower: Double? = nil, upper: Double? = nil) -> Int {
        rows.append(Row(name: name, terms: terms.map { (column: $0.0, coefficient: $0.1) }, lower: lower, upper: upper))
        return rows.count - 1
    }

    /// Sets the bounds of a column (`nil`: infinite).
    public mutating func setBounds(_ column: Int, lower: Double?, upper: Double?) {
        columns[column].lower = lower
        columns[column].upper = upper
    }

    /// Sets the objective coefficient of a column.
    public mutating func setObjective(_ column: Int, _ value: Double) {
        columns[column].objective = value
    }

    /// Sets the bounds of a row (`nil`: infinite; both `nil` makes the row free, i.e. inactive).
    public mutating func setRowBounds(_ row: Int, lower: Double?, upper: Double?) {
        rows[row].lower = lower
        rows[row].upper = upper
    }

    /// Every reason GLPK would abort on this model, found before GLPK sees it.
    public func problems() -> [String] {
        var out: [String] = []
        var names = Set<String>()
        for (j, c) in columns.enumerated() {
            if c.name.isEmpty || c.name.utf8.count > 255 { out.append("column \(j): name must have 1...255 bytes") }
            if !names.insert("c:" + c.name).inserted { out.append("column \(j): duplicate name \(c.name)") }
            if let l = c.lower, let u = c.upper, l > u { out.append("column \(c.name): lower bound \(l) above upper bound \(u)") }
            if c.kind != .continuous {
                for b in [c.lower, c.upper].compactMap({ $0 }) where b != b.rounded() {
                    out.append("column \(c.name): fractional bound \(b) on an integer column")
                }
            }
            for v in [c.lower, c.upper, c.objective].compactMap({ $0 }) where !v.isFinite { out.append("column \(c.name): non-finite number") }
        }
        for (i, r) in rows.enumerated() {
            if r.name.isEmpty || r.name.utf8.count > 255 { out.append("row \(i): name must have 1...255 bytes") }
            if !names.insert("r:" + r.name).inserted { out.append("row \(i): duplicate name \(r.name)") }
            if let l = r.lower, let u = r.upper, l > u { out.append("row \(r.name): lower bound \(l) above upper bound \(u)") }
            var seen = Set<Int>()
            for t in r.terms {
                if t.column < 0 || t.column >= columns.count { out.append("row \(r.name): column index \(t.column) out of range") }
                if !seen.insert(t.column).inserted { out.append("row \(r.name): column \(t.column) appears twice") }
                if !t.coefficient.isFinite { out.append("row \(r.name): non-finite coefficient") }
            }
        }
        return out
    }
}

extension LinearModel {
    /// Non-zero coefficients in the constraint matrix.
    public var nonzeros: Int { rows.reduce(0) { $0 + $1.terms.count } }

    /// The same model with its objective constant carried by a column `objective_constant` fixed
    /// at 1 (LP files have no constant term).
    public func withConstantColumn() -> LinearModel {
        guard objectiveConstant != 0 else { return self }
        var lp = self
        lp.addColumn("objective_constant", lower: 1, upper: 1, kind: .continuous, objective: objectiveConstant)
        lp.objectiveConstant = 0
        return lp
    }
    /// Columns that must take integer values (binary or integer).
    public var integerColumns: Int { columns.reduce(0) { $0 + ($1.kind == .continuous ? 0 : 1) } }
    public var binaryColumns: Int { columns.reduce(0) { $0 + ($1.kind == .binary ? 1 : 0) } }

    /// The objective of `values` (constant included), in model order.
    public func objectiveValue(_ values: [Double]) -> Double {
        var v = objectiveConstant
        for (j, c) in columns.enumerated() where c.objective != 0 { v += c.objective * values[j] }
        return v
    }

    /// Whether `name` is accepted as a row or column name by the CPLEX LP writer and reader of
    /// GLPK: 1...255 characters, letters, digits and `!"#$%&()/,.;?@_`'{}|~`, not starting with
    /// a digit or a period.
    public static func isLPName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        if (bytes[0] >= 48 && bytes[0] <= 57) || bytes[0] == 46 { return false }
        let extra = Set("!\"#$%&()/,.;?@_`'{}|~".utf8)
        return bytes.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || extra.contains($0) }
    }
}

/// What GLPK reported, read from both `glp_intopt`'s return code and `glp_mip_status`.
public struct MIPOutcome: Sendable {
    public enum Status: String, Sendable {
        case optimal, feasible, infeasible, unbounded, unknown
    }

    public var status: Status
    /// Column values in model order, when a solution exists.
    public var values: [Double]?
    public var objective: Double?
    /// Best bound on the objective known when the search stopped.
    public var bound: Double?
    /// `glp_intopt`'s return code, for logs.
    public var returnCode: Int32
    /// Wall-clock seconds of the whole solve (loading the model into GLPK included).
    public var seconds: Double
    /// Seconds until the branch-and-cut tree first called back: presolve and the root LP.
    public var presolveAndRootSeconds: Double = 0
    /// Seconds spent in the branch-and-cut search after the root LP.
    public var searchSeconds: Double = 0
    /// Seconds until the first integer solution was known, if any.
    public var firstIncumbentSeconds: Double?
    /// Branch-and-bound nodes created.
    public var nodes: Int = 0
    /// Whether the search was stopped by the caller's stop request.
    public var stopped = false
    /// Whether the continuous columns were re-optimised with the integer columns fixed.
    public var polished = false
    /// Presolve off: seconds of the root LP, solved by `glp_simplex` before `glp_intopt`, and its
    /// optimum (nil when it did not finish), a bound on the model's optimum.
    public var rootLPSeconds: Double?
    public var rootLPBound: Double?
}

/// A progress report from inside GLPK's branch-and-cut.
public struct MIPProgress: Sendable {
    public var elapsed: Double
    public var incumbent: Double?
    public var bound: Double?
    public var nodes: Int
    /// Active (open) nodes.
    public var activeNodes: Int
}

public enum GLPKError: Error, CustomStringConvertible {
    case invalidModel([String])
    case writeFailed(String)
    public var description: String {
        switch self {
        case let .invalidModel(p): return "the model cannot be given to GLPK:\n" + p.joined(separator: "\n")
        case let .writeFailed(path): return "GLPK could not write \(path)"
        }
    }
}

/// Solves ``LinearModel``s with GLPK's branch-and-cut.
///
/// Each solve runs on a dedicated thread that creates, solves, reads and deletes the GLPK problem
/// (GLPK keeps its environment per thread and aborts when a problem is deleted elsewhere). The
/// model is checked in Swift first, since GLPK aborts the process on invalid arguments.
///
/// Progress: the branch-and-cut callback polls the incumbent (`glp_mip_obj_val` of the tree's
/// problem, which GLPK's own heuristics also update) and the best node bound at every call, and
/// reports at most once a second and at every new incumbent. `shouldStop` is polled at every
/// call too; when it returns true the search ends through `glp_ios_terminate`.
public struct GLPKSolver: Sendable {
    public var timeLimit: Double
    public var relativeGap: Double
    public var presolve: Bool
    /// GLPK's feasibility pump heuristic at the root.
    public var feasibilityPump: Bool = false
    /// GLPK's proximity search heuristic (improves an incumbent), and its time limit in seconds.
    public var proximitySearch: Bool = false
    public var proximitySeconds: Double = 10
    /// Cut generators.
    public var gomoryCuts: Bool = false
    public var mirCuts: Bool = false
    /// Cover cuts are used only with the presolver off (see `run`: GLPK aborts when a presolved
    /// problem has no columns left).
    public var coverCuts: Bool = false
    public var cliqueCuts: Bool = false
    /// After the search, fix the integer columns at their values and re-solve the LP over the
    /// continuous ones, so auxiliary columns (maxima, indicators of objective terms) are tight.
    public var polishContinuous: Bool = true
    /// Skip that polish when the incumbent's objective is no better than `initialSolution`'s: for
    /// callers that then keep their own (polished) initial solution. The polish LP of a large
    /// model can take as long as the search.
    public var polishOnlyImprovements: Bool = false
    /// A known integer-feasible solution (model order), handed to GLPK at its first heuristic
    /// callback with `glp_ios_heur_sol`. Used only with presolve off, since the tree's columns
    /// are the model's only then. GLPK does not check it: the caller must.
    public var initialSolution: [Double]? = nil
    /// Integer-feasible solutions (model order) that another thread publishes while GLPK runs:
    /// each newer one is handed to GLPK at its next heuristic callback (presolve off only; GLPK
    /// keeps it when it beats the incumbent). GLPK does not check them: the publisher must.
    public var feed: SolutionFeed? = nil
    /// Called with the root LP's optimum as soon as it is known (presolve off only, where the root
    /// LP is solved before the search): the lower bound of a minimisation, on GLPK's thread.
    public var rootLP: (@Sendable (Double) -> Void)? = nil

    public init(timeLimit: Double = 60, relativeGap: Double = 1e-4, presolve: Bool = true) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.presolve = presolve
    }

    /// GLPK's version string, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    public func solve(_ model: LinearModel) throws -> MIPOutcome {
        try solve(model, progress: nil, shouldStop: nil)
    }

    /// Solves `model`; `progress` and `shouldStop` are called on GLPK's thread.
    public func solve(_ model: LinearModel, progress: (@Sendable (MIPProgress) -> Void)?,
                      shouldStop: (@Sendable () -> Bool)?) throws -> MIPOutcome {
        let problems = model.problems()
        guard problems.isEmpty else { throw GLPKError.invalidModel(problems) }
        // GLPK aborts the process on a problem without columns (its cover-cut generator adds zero
        // columns to a work problem); such a model is decided here: every row is 0 ≤ … ≤ 0.
        if model.columns.isEmpty {
            let feasible = model.rows.allSatisfy { ($0.lower ?? 0) <= 1e-9 && ($0.upper ?? 0) >= -1e-9 }
            return MIPOutcome(status: feasible ? .optimal : .infeasible, values: feasible ? [] : nil,
                              objective: feasible ? model.objectiveConstant : nil, bound: feasible ? model.objectiveConstant : nil,
                              returnCode: 0, seconds: 0)
        }
        let params = self
        return GLPKThread.run {
            let context = CallbackContext(progress: progress, shouldStop: shouldStop)
            if !params.presolve, let x = params.initialSolution, x.count == model.columns.count {
                context.initial = [0] + x
                context.initialObjective = model.objectiveValue(x)
            }
            if !params.presolve, let feed = params.feed {
                context.feed = feed
                context.columns = model.columns.count
            }
            context.deadline = params.timeLimit
            return params.run(model, context: context)
        }
    }

    /// Writes `model` as CPLEX LP (`lp`) and/or free MPS (`mps`) through GLPK's own writers.
    public static func write(_ model: LinearModel, lp: String? = nil, mps: String? = nil) throws {
        let problems = model.problems()
        guard problems.isEmpty else { throw GLPKError.invalidModel(problems) }
        // Each file is written by GLPK to a temporary file beside it and renamed into place
        // (AtomicFile): a full disk or a read-only folder leaves no half-written model.
        let failed: (any Error)? = GLPKThread.run {
            glp_term_out(GLP_OFF)
            let prob = load(model)
            defer { glp_delete_prob(prob) }
            do {
                if let lp {
                    try AtomicFile.write(to: URL(fileURLWithPath: lp)) { temporary in
                        if glp_write_lp(prob, nil, temporary.path) != 0 { throw GLPKError.writeFailed(lp) }
                    }
                }
                if let mps {
                    try AtomicFile.write(to: URL(fileURLWithPath: mps)) { temporary in
                        if glp_write_mps(prob, GLP_MPS_FILE, nil, temporary.path) != 0 { throw GLPKError.writeFailed(mps) }
                    }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failed { throw failed }
    }

    // MARK: - On GLPK's thread

    /// State shared with the C callback through `cb_info`.
    final class CallbackContext: @unchecked Sendable {
        let progress: (@Sendable (MIPProgress) -> Void)?
        let shouldStop: (@Sendable () -> Bool)?
        var start = Date()
        var firstCall: Double?
        var firstIncumbent: Double?
        var incumbent: Double?
        var bound: Double?
        var nodes = 0
        var lastReport = -1.0
        var stopped = false
        /// 1-based initial solution still to hand over, and its objective (with a feed: the best
        /// handed over).
        var initial: [Double]?
        var initialObjective: Double?
        /// Solutions published while GLPK runs, the last version handed over, the model's columns.
        var feed: SolutionFeed?
        var fedVersion = 0
        var columns = 0
        /// Seconds after which the callback ends the search (GLPK checks its own limit only
        /// between some operations, e.g. not inside the root's cut loop).
        var deadline = Double.infinity
        /// Presolve off: seconds of the root LP (solved before glp_intopt) and its optimum.
        var rootLPSeconds: Double?
        var rootLPBound: Double?

        init(progress: (@Sendable (MIPProgress) -> Void)?, shouldStop: (@Sendable () -> Bool)?) {
            self.progress = progress
            self.shouldStop = shouldStop
        }
    }

    static func load(_ model: LinearModel) -> OpaquePointer {
        let lp = glp_create_prob()!
        glp_set_obj_dir(lp, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(lp, 0, model.objectiveConstant)
        if !model.columns.isEmpty { glp_add_cols(lp, Int32(model.columns.count)) }
        for (j, c) in model.columns.enumerated() {
            let col = Int32(j + 1)
            glp_set_col_name(lp, col, c.name)
            glp_set_col_kind(lp, col, c.kind == .binary ? GLP_BV : c.kind == .integer ? GLP_IV : GLP_CV)
            if c.kind != .binary || c.lower != 0 || c.upper != 1 { setBounds(lp, col, c.lower, c.upper, glp_set_col_bnds) }
            glp_set_obj_coef(lp, col, c.objective)
        }
        if !model.rows.isEmpty { glp_add_rows(lp, Int32(model.rows.count)) }
        var ind: [Int32] = [0]
        var val: [Double] = [0]
        for (i, r) in model.rows.enumerated() {
            let row = Int32(i + 1)
            glp_set_row_name(lp, row, r.name)
            setBounds(lp, row, r.lower, r.upper, glp_set_row_bnds)
            ind.removeAll(keepingCapacity: true)
            val.removeAll(keepingCapacity: true)
            ind.append(0)
            val.append(0)
            for t in r.terms {
                ind.append(Int32(t.column + 1))
                val.append(t.coefficient)
            }
            glp_set_mat_row(lp, row, Int32(r.terms.count), &ind, &val)
        }
        return lp
    }

    /// Runs entirely on the calling thread.
    private func run(_ model: LinearModel, context: CallbackContext) -> MIPOutcome {
        let start = Date()
        context.start = start
        glp_term_out(GLP_OFF)
        let lp = GLPKSolver.load(model)
        defer { glp_delete_prob(lp) }
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        parm.presolve = presolve ? GLP_ON : GLP_OFF
        parm.tm_lim = Int32(clamping: Int(max(0.001, timeLimit) * 1000))
        parm.mip_gap = relativeGap
        parm.fp_heur = feasibilityPump ? GLP_ON : GLP_OFF
        parm.ps_heur = proximitySearch ? GLP_ON : GLP_OFF
        parm.ps_tm_lim = Int32(clamping: Int(proximitySeconds * 1000))
        parm.gmi_cuts = gomoryCuts ? GLP_ON : GLP_OFF
        parm.mir_cuts = mirCuts ? GLP_ON : GLP_OFF
        // GLPK's cover-cut generator builds a work problem with as many columns as the problem it
        // cuts, and glp_add_cols aborts the process on zero: with the MIP presolver on, that is the
        // presolved problem, which can have none left (seen on a generated instance's aggregate
        // bound model). Cover cuts run only without the presolver, where the model has columns.
        parm.cov_cuts = coverCuts && !presolve ? GLP_ON : GLP_OFF
        parm.clq_cuts = cliqueCuts ? GLP_ON : GLP_OFF
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        parm.cb_info = unmanaged.toOpaque()
        parm.cb_func = { tree, info in
            guard let tree, let info else { return }
            GLPKSolver.callback(tree, Unmanaged<CallbackContext>.fromOpaque(info).takeUnretainedValue())
        }
        // GLPK polls the stop request only in its branch-and-cut callback, which it first calls
        // after the root LP (tens of seconds on Terbuny): a stop raised before the root LP or
        // during it ends the solve here instead, with no solution from GLPK.
        func stoppedBeforeSearch() -> MIPOutcome {
            var out = MIPOutcome(status: .unknown, values: nil, objective: nil, bound: context.rootLPBound, returnCode: GLP_ESTOP,
                                 seconds: Date().timeIntervalSince(start))
            out.presolveAndRootSeconds = out.seconds
            out.rootLPSeconds = context.rootLPSeconds
            out.rootLPBound = context.rootLPBound
            out.stopped = true
            return out
        }
        if context.shouldStop?() == true { return stoppedBeforeSearch() }
        if !presolve {
            var sm = glp_smcp()
            glp_init_smcp(&sm)
            sm.msg_lev = GLP_MSG_OFF
            sm.tm_lim = parm.tm_lim
            // Bixby-style advanced initial basis: on the Terbuny model the root LP took half the
            // simplex time of the all-slack basis (docs/MIP.md, "Measured sizes and times").
            glp_adv_basis(lp, 0)
            // In steps of a few hundred iterations, each continuing from the last basis, so that a
            // stop raised during the root LP (Ctrl-C, a bounder told to stop) ends it within a
            // fraction of a second instead of at the time limit.
            sm.it_lim = 400
            while true {
                let rc = glp_simplex(lp, &sm)
                let spent = Date().timeIntervalSince(start)
                guard rc == GLP_EITLIM, spent < timeLimit, context.shouldStop?() != true else { break }
                sm.tm_lim = Int32(clamping: Int(max(0.001, timeLimit - spent) * 1000))
            }
            context.rootLPSeconds = Date().timeIntervalSince(start)
            if glp_get_status(lp) == GLP_OPT {
                context.rootLPBound = glp_get_obj_val(lp)
                rootLP?(glp_get_obj_val(lp))
            } else if glp_get_status(lp) == GLP_NOFEAS {
                // No LP solution: no integer one either (GLPK would only refuse to search).
                var out = MIPOutcome(status: .infeasible, values: nil, objective: nil, bound: nil, returnCode: 0,
                                     seconds: Date().timeIntervalSince(start))
                out.presolveAndRootSeconds = out.seconds
                out.rootLPSeconds = context.rootLPSeconds
                return out
            }
            // GLPK's limit counts from glp_intopt's own start: give it only what the root LP left.
            let left = timeLimit - Date().timeIntervalSince(start)
            parm.tm_lim = Int32(clamping: Int(max(0.001, left) * 1000))
            if context.shouldStop?() == true { return stoppedBeforeSearch() }
        }
        let rc = glp_intopt(lp, &parm)
        let mipStatus = glp_mip_status(lp)
        let afterSearch = Date().timeIntervalSince(start)
        var status: MIPOutcome.Status
        switch (rc, mipStatus) {
        case (0, GLP_OPT): status = .optimal
        case (GLP_EMIPGAP, GLP_OPT), (GLP_EMIPGAP, GLP_FEAS): status = .optimal
        case (_, GLP_OPT): status = .optimal
        case (_, GLP_FEAS): status = .feasible
        case (_, GLP_NOFEAS): status = .infeasible
        case (GLP_ENODFS, _): status = .unbounded
        default: status = .unknown
        }
        // A gap stop counts as optimal only within the requested gap; keep the flag honest.
        if rc == GLP_EMIPGAP { status = .feasible }
        if rc == 0 && mipStatus == GLP_OPT { status = .optimal }
        var values: [Double]? = nil
        var objective: Double? = nil
        var polished = false
        if status == .optimal || status == .feasible {
            var v = (0..<model.columns.count).map { glp_mip_col_val(lp, Int32($0 + 1)) }
            var obj = glp_mip_obj_val(lp)
            // With `polishOnlyImprovements`, an incumbent no better than the initial solution is
            // returned unpolished (the caller keeps its own, already polished, start).
            let improves = !polishOnlyImprovements
                || context.initialObjective.map { model.sense == .minimize ? obj < $0 - 1e-9 : obj > $0 + 1e-9 } ?? true
            if polishContinuous, improves, model.columns.contains(where: { $0.kind == .continuous }) {
                if let (pv, po) = polish(lp, model: model, values: v) {
                    v = pv
                    obj = po
                    polished = true
                }
            }
            values = v
            objective = obj
        }
        var bound = context.bound
        // The root LP's optimum is a bound too (GLPK may stop before its first callback reports one).
        if let root = context.rootLPBound {
            bound = bound.map { model.sense == .minimize ? max($0, root) : min($0, root) } ?? root
        }
        if status == .optimal { bound = objective }
        if let b = bound, let o = objective, model.sense == .minimize, b > o { bound = o }
        let first = context.firstCall ?? afterSearch
        var out = MIPOutcome(status: status, values: values, objective: objective, bound: bound, returnCode: rc,
                             seconds: Date().timeIntervalSince(start))
        out.presolveAndRootSeconds = first
        out.searchSeconds = max(0, afterSearch - first)
        out.firstIncumbentSeconds = context.firstIncumbent ?? (values != nil ? afterSearch : nil)
        out.nodes = context.nodes
        out.rootLPSeconds = context.rootLPSeconds
        out.rootLPBound = context.rootLPBound
        out.stopped = context.stopped
        out.polished = polished
        return out
    }

    /// Fixes every integer column at its rounded value and re-solves the LP; returns the new
    /// values and objective, or nil when the LP does not solve to optimality.
    private func polish(_ lp: OpaquePointer, model: LinearModel, values: [Double]) -> ([Double], Double)? {
        for (j, c) in model.columns.enumerated() where c.kind != .continuous {
            let v = values[j].rounded()
            glp_set_col_bnds(lp, Int32(j + 1), GLP_FX, v, v)
        }
        var sm = glp_smcp()
        glp_init_smcp(&sm)
        sm.msg_lev = GLP_MSG_OFF
        sm.presolve = GLP_OFF
        // The LP over the continuous columns is quick; bound it by the solve's own limit all the same.
        sm.tm_lim = Int32(clamping: Int(max(1, min(60, timeLimit)) * 1000))
        let rc = glp_simplex(lp, &sm)
        guard rc == 0, glp_get_status(lp) == GLP_OPT else { return nil }
        var v = values
        for (j, c) in model.columns.enumerated() {
            v[j] = c.kind == .continuous ? glp_get_col_prim(lp, Int32(j + 1)) : values[j].rounded()
        }
        return (v, glp_get_obj_val(lp))
    }

    private static func callback(_ tree: OpaquePointer, _ ctx: CallbackContext) {
        let now = Date().timeIntervalSince(ctx.start)
        if ctx.firstCall == nil { ctx.firstCall = now }
        if glp_ios_reason(tree) == GLP_IHEUR, var x = ctx.initial {
            ctx.initial = nil
            _ = glp_ios_heur_sol(tree, &x)
        }
        if glp_ios_reason(tree) == GLP_IHEUR, let feed = ctx.feed, let s = feed.latest, s.version > ctx.fedVersion, s.values.count == ctx.columns {
            ctx.fedVersion = s.version
            if ctx.initialObjective.map({ s.objective < $0 }) ?? true { ctx.initialObjective = s.objective }
            var x = [0] + s.values
            _ = glp_ios_heur_sol(tree, &x)
        }
        if let stop = ctx.shouldStop, stop() {
            ctx.stopped = true
            glp_ios_terminate(tree)
        } else if now > ctx.deadline {
            glp_ios_terminate(tree)
        }
        var active: Int32 = 0, all: Int32 = 0, total: Int32 = 0
        glp_ios_tree_size(tree, &active, &all, &total)
        ctx.nodes = Int(total)
        var improved = false
        if let prob = glp_ios_get_prob(tree), glp_mip_status(prob) == GLP_FEAS || glp_mip_status(prob) == GLP_OPT {
            let value = glp_mip_obj_val(prob)
            if ctx.incumbent == nil || value != ctx.incumbent! {
                improved = true
                if ctx.firstIncumbent == nil { ctx.firstIncumbent = now }
            }
            ctx.incumbent = value
        }
        let best = glp_ios_best_node(tree)
        if best != 0 {
            let b = glp_ios_node_bound(tree, best)
            if abs(b) < 1e300 { ctx.bound = b }
        }
        if let progress = ctx.progress, improved || now - ctx.lastReport >= 1 {
            ctx.lastReport = now
            progress(MIPProgress(elapsed: now, incumbent: ctx.incumbent, bound: ctx.bound, nodes: Int(total), activeNodes: Int(active)))
        }
    }

    private static func setBounds(_ lp: OpaquePointer, _ k: Int32, _ lo: Double?, _ hi: Double?,
                                  _ set: (OpaquePointer?, Int32, Int32, Double, Double) -> Void) {
        switch (lo, hi) {
        case (nil, nil): set(lp, k, GLP_FR, 0, 0)
        case let (l?, nil): set(lp, k, GLP_LO, l, 0)
        case let (nil, u?): set(lp, k, GLP_UP, 0, u)
        case let (l?, u?): set(lp, k, l == u ? GLP_FX : GLP_DB, l, u)
        }
    }
}

/// Runs a job on a fresh thread with a large stack and waits for it: GLPK creates, solves, reads
/// and deletes its problem objects on that one thread, and its environment is freed at the end.
/// Integer-feasible solutions published by one thread for a GLPK solve running on another
/// (``GLPKSolver/feed``); each publication gets a new version.
public final class SolutionFeed: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (values: [Double], objective: Double, version: Int)?

    public init() {}

    public func publish(_ values: [Double], objective: Double) {
        lock.lock()
        last = (values, objective, (last?.version ?? 0) + 1)
        lock.unlock()
    }

    /// The last published solution.
    public var latest: (values: [Double], objective: Double, version: Int)? {
        lock.lock()
        defer { lock.unlock() }
        return last
    }
}

enum GLPKThread {
    private final class Box<T>: @unchecked Sendable {
        var value: T?
        let job: () -> T
        init(_ job: @escaping () -> T) { self.job = job }
    }

    static func run<T>(_ job: @escaping () -> T) -> T {
        let box = Box(job)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = box.job()
            glp_free_env()
            done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        done.wait()
        return box.value!
    }
}
