import ArgumentParser
import Dispatch
import Foundation
import NetworkTimetabling
import NetworkTimetablingGLPK

struct Replan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-plan a published timetable after changes during the term, changing as little as possible.",
        discussion: """
            Applies the changes file (docs/REPLAN.md) to the instance, solves the new instance starting from the \
            published solution while minimising the changes to it (then the usual objective), writes the new \
            solution and a change report: who is affected and how (old → new), and who could not be accommodated \
            and why. Exit 0 when the new solution is feasible, 1 when it breaks hard rules, 2 when an input is \
            unusable (every problem is listed with its place), 3 when the engine found no solution. Ctrl-C (SIGINT) \
            or SIGTERM stops the search and still writes the best solution found.
            """
    )

    @Argument(help: "The instance file the published solution was made for (JSON).")
    var instance: String

    @Argument(help: "The published solution (JSON).")
    var publishedSolution: String

    @Argument(help: "The changes file (JSON, docs/REPLAN.md).")
    var changes: String

    @Option(name: .shortAndLong, help: "Where to write the new solution (JSON).")
    var out: String

    @Option(help: "Where to write the change report as JSON (default: NEW-SOLUTION with .changes.json).")
    var changeReport: String?

    @Option(help: "Also write the change report in these formats into this directory (html/, csv/).")
    var report: String?

    @Option(help: "Formats for --report, comma-separated: html, csv, json.")
    var format = "html,csv,json"

    @Option(help: "Language of the labels of --report: ru or en.")
    var lang: ReportLanguage = .ru

    @Option(help: "Where to write the instance with the changes applied (JSON), e.g. to re-check the new solution.")
    var newInstance: String?

    @Option(help: "The engine to run (`netsched engines`); it must honour locks and the reference (heuristic, greedy, mip, auto).")
    var engine = "heuristic"

    @Option(help: "Wall-clock limit of the whole re-plan in seconds (when soft changes must be left out one at a time, the re-plans share it); reading the files and writing the results come on top.")
    var timeLimit: Double = 30

    @Option(help: "Seed of the engine's random choices.")
    var seed: UInt64 = 1

    @Option(help: "Threads the engine may use.")
    var threads = 1

    @Flag(help: "Print only the summary, no progress lines (the same as --progress none).")
    var quiet = false

    @Option(help: "How progress goes to standard error: text (log lines), json (one JSON object per line, as `netsched solve --progress json`) or none.")
    var progress: ProgressFormat = .text

    @Flag(help: "Do not compute a lower bound beside the engine (the new solution's \"bound\" is then null).")
    var noBound = false

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be between 1 and 64") }
        for part in format.split(separator: ",") where !["html", "csv", "json"].contains(part.trimmingCharacters(in: .whitespaces)) {
            throw ValidationError("unknown format \"\(part)\" in --format; use a comma-separated list of: html, csv, json")
        }
    }

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let published = try loadSolution(publishedSolution)
        let loaded = ChangeSetLoader.load(contentsOf: URL(fileURLWithPath: changes))
        printDiagnostics(loaded.diagnostics, file: changes)
        guard let changeSet = loaded.changes else {
            let n = loaded.diagnostics.filter { $0.severity == .error }.count
            note("\(changes): \(n) error\(n == 1 ? "" : "s"); the changes cannot be applied")
            throw Exit.unusableInput
        }
        guard let engine = EngineRegistry.shared.engine(named: engine) else {
            throw ValidationError("unknown engine \"\(self.engine)\"; available: \(EngineRegistry.shared.names.joined(separator: ", "))")
        }
        let stop = StopFlag()
        let output = ProgressOutput(format: quiet ? .none : progress)
        let interrupt = stopOnInterrupt(stop, output: output)
        defer { interrupt.cancel() }
        let parameters = SolveParameters(timeLimit: timeLimit, seed: seed, threads: threads, stop: stop,
                                         bounder: noBound ? nil : NetworkBounder())
        let outcome = Self.replan(problem.instance, published, changeSet, engine, parameters) { output.emit($0) }
        let result: ReplanResult
        switch outcome {
        case let .success(r):
            result = r
        case let .failure(error):
            let file = error.diagnostics.first?.path.hasPrefix("published") == true ? publishedSolution : changes
            printDiagnostics(error.diagnostics, file: file)
            note("\(file): \(error.diagnostics.count) error\(error.diagnostics.count == 1 ? "" : "s"); nothing was re-planned")
            throw Exit.unusableInput
        }
        if let path = newInstance {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try writeOutput(encoder.encode(result.instance), to: path)
        }
        guard let solution = result.solution else {
            note("\(engine.name): no solution (\(result.engineResult.status.rawValue))\(result.engineResult.message.map { ": " + $0 } ?? "")")
            throw Exit.noSolution
        }
        try writeOutput(SolutionLoader.encode(solution), to: out)
        let reportPath = changeReport ?? (out.hasSuffix(".json") ? String(out.dropLast(5)) : out) + ".changes.json"
        try writeOutput(Data(jsonText(result.report).utf8), to: reportPath)
        if let dir = report {
            let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let files = ChangeReportRenderer.render(result.report, formats: formats, language: lang)
            try ReportWriter.write(files, to: URL(fileURLWithPath: dir, isDirectory: true))
        }
        print(summary(result, reportPath: reportPath))
        if !result.check.feasible { throw Exit.violations }
    }

    private static func replan(_ instance: Instance, _ published: Solution, _ changes: ChangeSet, _ engine: any Engine,
                               _ parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> Result<ReplanResult, InputError> {
        Result { () throws(InputError) -> ReplanResult in
            try Replanner(instance: instance, published: published).replan(changes: changes, engine: engine, parameters: parameters,
                                                                             progress: progress)
        }
    }

    private func summary(_ result: ReplanResult, reportPath: String) -> String {
        let r = result.report
        var lines: [String] = []
        for e in r.changes {
            lines.append("change \(e.change) (\(e.kind.rawValue), \(e.hard ? "hard" : "soft")): \(e.summary)"
                         + (e.applied ? "" : " — \(e.reason ?? "left out")"))
        }
        let best = result.engineResult.statistics["bestFoundSeconds"].map { String(format: " (best found after %.2f s)", $0) } ?? ""
        lines.append("engine \(engine): \(result.engineResult.status.rawValue) in " + String(format: "%.1f s", result.seconds) + best
                     + "; solution written to \(out), change report to \(reportPath)")
        let s = r.summary
        lines.append("affected: \(s.studentsAffected) student\(s.studentsAffected == 1 ? "" : "s"), \(s.teachersAffected) teacher\(s.teachersAffected == 1 ? "" : "s"); "
                     + "moved enrolments \(s.movedEnrolments), changed enrolments \(s.changedEnrolments), "
                     + "changed teacher periods \(s.changedTeacherPeriods), changed routes \(s.changedRoutes)")
        for person in r.people.prefix(15) {
            lines.append("  \(person.role.rawValue) \(person.person): " + person.changes.map { item in
                var what = item.what
                if let c = item.course { what += " " + c }
                if let d = item.day { what += " " + d + (item.period.map { " \($0)" } ?? "") }
                return what
            }.joined(separator: "; "))
        }
        if r.people.count > 15 { lines.append("  … and \(r.people.count - 15) more (see \(reportPath))") }
        if !r.notAccommodated.isEmpty {
            lines.append("not accommodated: \(r.notAccommodated.count)")
            for n in r.notAccommodated.prefix(10) {
                lines.append("  \(n.student) request \(n.request)\(n.label.map { " (\($0))" } ?? "")\(n.required ? " [required]" : ""): \(n.reason)")
            }
        }
        lines.append(renderReport(result.check, maxViolations: 20))
        return lines.joined(separator: "\n")
    }
}
