import ArgumentParser
import Foundation
import NetworkTimetabling
import TimetablingFET

struct FETSolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fet-solve",
        abstract: "Solve a FET file (.fet) as a stand-alone problem and write the timetable back as a .fet file.",
        discussion: """
            Reads the activities, students sets, teachers and rooms of the file and the supported \
            constraint types (docs/FET.md; weight 100% hard, less soft); every constraint type that \
            is not supported is listed with its count. The result is the input file with the \
            timetable added as weight-100 preferred starting times and rooms, which FET opens. \
            With --check, the file is not solved: the timetable it records (a *_data_and_timetable.fet) \
            is checked.
            Exit codes: 0 a timetable without hard violations; 1 the best timetable found breaks hard \
            constraints (it is still written); 2 unusable input.
            """
    )

    @Argument(help: "The FET file.")
    var file: String

    @Option(help: "Where to write the solved FET file.")
    var out: String?

    @Option(help: "Seconds of search.")
    var timeLimit: Double = 10

    @Option(help: "Random seed (same seed, same answer).")
    var seed: UInt64 = 1

    @Flag(help: "Check the timetable the file records instead of solving.")
    var check = false

    @Flag(help: "Print the check report as JSON on standard output.")
    var json = false

    func validate() throws {
        if !check && out == nil { throw ValidationError("Missing --out OUT.fet (or pass --check to check the file's own timetable).") }
        if timeLimit < 0 { throw ValidationError("--time-limit must be at least 0 seconds.") }
    }

    func run() throws {
        let processStart = Date()
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            note("\(file): cannot read: \(error.localizedDescription)")
            throw Exit.unusableInput
        }
        let document: FETDocument
        do {
            let read = try FETReader.read(data: data)
            printDiagnostics(read.diagnostics, file: file)
            document = read.document
        } catch let error as InputError {
            printDiagnostics(error.diagnostics, file: file)
            throw Exit.unusableInput
        }
        let problem = FETProblem(document)
        printDiagnostics(problem.diagnostics, file: file)
        let supported = problem.supported.values.reduce(0, +)
        note("\(file): \(problem.activities.count) active activities, \(problem.teacherNames.count) teachers, \(problem.subgroupNames.count) subgroups, "
             + "\(problem.roomNames.count) rooms, \(problem.days)×\(problem.hours) slots; \(supported) supported constraints")
        for (type, n) in problem.unsupported.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            note("\(file): warning: \(type): \(n) constraint\(n == 1 ? "" : "s") of a type not supported; ignored")
        }

        let assignment: FETAssignment
        var secondsToFeasible: Double?
        var secondsBeforeSearch: Double?
        if check {
            let placements = FETPlacements(document)
            printDiagnostics(placements.diagnostics, file: file)
            assignment = FETAssignment(problem, placements: placements)
        } else {
            secondsBeforeSearch = Date().timeIntervalSince(processStart)
            let result = FETSolver.solve(problem, parameters: .init(timeLimit: timeLimit, seed: seed))
            assignment = result.assignment
            secondsToFeasible = result.secondsToFeasible
            note("\(file): \(result.iterations) moves; " + (result.secondsToFeasible.map { String(format: "no hard violation after %.2f s", $0) } ?? "no timetable without hard violations found"))
        }
        let report = FETChecker.check(problem, assignment)
        for line in report.byType {
            note("  \(line.type): \(line.hardViolations) hard violation\(line.hardViolations == 1 ? "" : "s"), soft cost \(String(format: "%.2f", line.softCost))")
        }
        note("\(file): \(report.isFeasible ? "feasible" : "infeasible") — \(report.hardViolations) hard violations, soft cost \(String(format: "%.2f", report.softCost)), \(report.unplaced) unplaced")
        if let out, !check {
            try writeOutput(FETWriter.write(assignment, of: problem, into: data), to: out)
            note("\(out): written")
        }
        if json {
            struct Output: Encodable {
                var file: String
                var feasible: Bool
                var secondsToFeasible: Double?
                var secondsBeforeSearch: Double?
                var report: FETCheckReport
                var unsupported: [String: Int]
            }
            print(try jsonText(Output(file: file, feasible: report.isFeasible, secondsToFeasible: secondsToFeasible, secondsBeforeSearch: secondsBeforeSearch, report: report, unsupported: problem.unsupported)))
        }
        if !report.isFeasible { throw Exit.violations }
    }
}
