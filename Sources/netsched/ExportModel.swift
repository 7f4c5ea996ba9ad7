import ArgumentParser
import Foundation
import NetworkTimetabling
import NetworkTimetablingGLPK

/// `netsched export-model`: the MIP engine's integer program as CPLEX LP and/or MPS files.
struct ExportModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Write the MIP engine's integer program of an instance as CPLEX LP and/or free MPS.",
        discussion: """
            Every row and column is named after what it means (assign_<student>_q<request>_<section>, \
            clash_student_<student>_<day>_p<period>, …; docs/MIP.md lists them), so the model can be read \
            and run in other solvers: `glpsol --cpxlp FILE` reaches the same optimum as \
            `netsched solve --engine mip`. Ids are written with characters other than letters and digits \
            replaced by `_`. Exit 2 when the instance is unusable.

            Example:
              netsched export-model Examples/tiny.json --lp tiny.lp --mps tiny.mps
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Option(help: "Write the model in CPLEX LP format to this file.")
    var lp: String?

    @Option(help: "Write the model in free MPS format to this file.")
    var mps: String?

    @Flag(help: "Keep every section count the data allow (the exact model) instead of the engine's default of ⌈students / maxSize⌉ + 1 per course, mode and site.")
    var allSections = false

    @Option(help: "Write a bound model instead (docs/MIP.md, \"Lower bounds\"): `relaxed` (the exact model with every section count, teachers also by bus, road trips per day and route; its optimum and LP relaxation are lower bounds), `strong` (the same with the attendance rows that tighten its LP and slow it down; the bounder builds it only with `strongAttendance` on) or `aggregate` (the course-level integer program without times).")
    var bound: BoundModelKind?

    enum BoundModelKind: String, ExpressibleByArgument, CaseIterable {
        case relaxed, strong, aggregate
    }

    func validate() throws {
        if lp == nil && mps == nil { throw ValidationError("give --lp FILE and/or --mps FILE") }
        if bound != nil && allSections { throw ValidationError("--bound models keep every section count already; drop --all-sections") }
    }

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let model: LinearModel
        do {
            switch bound {
            case nil: model = try MIPEngine.model(of: problem, sectionSlack: allSections ? nil : 1)
            case .relaxed?: model = try NetworkBounder.relaxedModel(of: problem)
            case .strong?: model = try NetworkBounder.relaxedModel(of: problem, strongAttendance: true)
            case .aggregate?: model = NetworkBounder.aggregateModel(of: problem)
            }
        } catch {
            note("\(instance): \(error)")
            throw Exit.unusableInput
        }
        try GLPKSolver.write(model, lp: lp, mps: mps)
        let files = [lp, mps].compactMap { $0 }.joined(separator: " and ")
        let constant = model.columns.first { $0.name == "objective_constant" }?.objective ?? 0
        print("\(model.rows.count) rows, \(model.columns.count) columns (\(model.integerColumns) integer), "
              + "\(model.nonzeros) nonzeros; objective constant \(constant); written to \(files)")
    }
}
