import CGLPK
import Foundation

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
    public var seconds: Double
}

public enum GLPKError: Error, CustomStringConvertible {
    case invalidModel([String])
    public var description: String {
        switch self {
        case let .invalidModel(p): return "the model cannot be given to GLPK:\n" + p.joined(separator: "\n")
        }
    }
}

/// Solves ``LinearModel``s with GLPK's branch-and-cut.
///
/// Each solve runs on a dedicated thread that creates, solves, reads and deletes the GLPK problem
/// (GLPK keeps its environment per thread and aborts when a problem is deleted elsewhere). The
/// model is checked in Swift first, since GLPK aborts the process on invalid arguments.
public struct GLPKSolver: Sendable {
    public var timeLimit: Double
    public var relativeGap: Double
    public var presolve: Bool

    public init(timeLimit: Double = 60, relativeGap: Double = 1e-4, presolve: Bool = true) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.presolve = presolve
    }

    /// GLPK's version string, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    public func solve(_ model: LinearModel) throws -> MIPOutcome {
        let problems = model.problems()
        guard problems.isEmpty else { throw GLPKError.invalidModel(problems) }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let params = self
        let thread = Thread {
            box.outcome = params.run(model)
            glp_free_env()
            done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        done.wait()
        return box.outcome!
    }

    private final class ResultBox: @unchecked Sendable {
        var outcome: MIPOutcome?
    }

    /// Runs entirely on the calling thread.
    private func run(_ model: LinearModel) -> MIPOutcome {
        let start = Date()
        glp_term_out(GLP_OFF)
        let lp = glp_create_prob()!
        defer { glp_delete_prob(lp) }
        glp_set_obj_dir(lp, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        glp_set_obj_coef(lp, 0, model.objectiveConstant)
        if !model.columns.isEmpty { glp_add_cols(lp, Int32(model.columns.count)) }
        for (j, c) in model.columns.enumerated() {
            let col = Int32(j + 1)
            glp_set_col_name(lp, col, c.name)
            glp_set_col_kind(lp, col, c.kind == .binary ? GLP_BV : c.kind == .integer ? GLP_IV : GLP_CV)
            if c.kind != .binary { setBounds(lp, col, c.lower, c.upper, glp_set_col_bnds) }
            glp_set_obj_coef(lp, col, c.objective)
        }
        if !model.rows.isEmpty { glp_add_rows(lp, Int32(model.rows.count)) }
        for (i, r) in model.rows.enumerated() {
            let row = Int32(i + 1)
            glp_set_row_name(lp, row, r.name)
            setBounds(lp, row, r.lower, r.upper, glp_set_row_bnds)
            var ind: [Int32] = [0] + r.terms.map { Int32($0.column + 1) }
            var val: [Double] = [0] + r.terms.map(\.coefficient)
            glp_set_mat_row(lp, row, Int32(r.terms.count), &ind, &val)
        }
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        parm.presolve = presolve ? GLP_ON : GLP_OFF
        parm.tm_lim = Int32(clamping: Int(max(0, timeLimit) * 1000))
        parm.mip_gap = relativeGap
        if !presolve {
            var sm = glp_smcp()
            glp_init_smcp(&sm)
            sm.msg_lev = GLP_MSG_OFF
            _ = glp_simplex(lp, &sm)
        }
        let rc = glp_intopt(lp, &parm)
        let mipStatus = glp_mip_status(lp)
        var status: MIPOutcome.Status
        switch (rc, mipStatus) {
        case (0, GLP_OPT): status = .optimal
        case (_, GLP_OPT): status = .optimal
        case (_, GLP_FEAS): status = .feasible
        case (_, GLP_NOFEAS): status = .infeasible
        case (GLP_ENODFS, _): status = .unbounded
        default: status = .unknown
        }
        var values: [Double]? = nil
        var objective: Double? = nil
        if status == .optimal || status == .feasible {
            values = (0..<model.columns.count).map { glp_mip_col_val(lp, Int32($0 + 1)) }
            objective = glp_mip_obj_val(lp)
        }
        return MIPOutcome(status: status, values: values, objective: objective, bound: status == .optimal ? objective : nil,
                          returnCode: rc, seconds: Date().timeIntervalSince(start))
    }

    private func setBounds(_ lp: OpaquePointer, _ k: Int32, _ lo: Double?, _ hi: Double?,
                           _ set: (OpaquePointer?, Int32, Int32, Double, Double) -> Void) {
        switch (lo, hi) {
        case (nil, nil): set(lp, k, GLP_FR, 0, 0)
        case let (l?, nil): set(lp, k, GLP_LO, l, 0)
        case let (nil, u?): set(lp, k, GLP_UP, 0, u)
        case let (l?, u?): set(lp, k, l == u ? GLP_FX : GLP_DB, l, u)
        }
    }
}
