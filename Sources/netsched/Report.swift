import ArgumentParser
import Foundation
import NetworkTimetabling
import TimetablingTables

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write what people read about a solution: timetables, routes, transport, course lists, refusals.",
        discussion: """
            Writes into DIR one folder per format: html/ (a static site to open in a browser or print: index.html, \
            a weekly route per student, a timetable per teacher, room and site, the transport plan, course lists and \
            the explained refusals), csv/ (tables), ics/ (one iCalendar file per student and per teacher, weekly \
            events for the term) and json/report.json; with --format …,xlsx also xlsx/timetable.xlsx, the CSV \
            tables as one workbook (a sheet each, named in the report's language). An infeasible solution is reported too, with its violations. \
            Exit 0 when the files were written, 2 when the instance or solution is unusable.
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Argument(help: "The solution file (JSON).")
    var solution: String

    @Option(name: .shortAndLong, help: "The directory to write into (created if missing).")
    var out: String

    @Option(help: "Formats to write, comma-separated: html, csv, ics, json, xlsx.")
    var format = "html,csv,ics,json"

    @Option(help: "Language of the labels: ru or en.")
    var lang: ReportLanguage = .ru

    @Option(help: "First day of the term for calendar files (YYYY-MM-DD); default: the current school half-year.")
    var termStart: String?

    @Option(help: "Last day of the term for calendar files (YYYY-MM-DD).")
    var termEnd: String?

    /// The report's formats, and whether the workbook (`xlsx`) is asked for too.
    func formats() throws -> (list: [ReportFormat], workbook: Bool) {
        var list: [ReportFormat] = []
        var workbook = false
        for part in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            if part == "xlsx" { workbook = true; continue }
            guard let f = ReportFormat(rawValue: part) else {
                throw ValidationError("unknown format \"\(part)\" in --format; use a comma-separated list of: "
                                      + (ReportFormat.allCases.map(\.rawValue) + ["xlsx"]).joined(separator: ", "))
            }
            if !list.contains(f) { list.append(f) }
        }
        guard !list.isEmpty || workbook else { throw ValidationError("--format lists no format; use e.g. --format html,csv") }
        return (list, workbook)
    }

    func term() throws -> ReportOptions.Term {
        let fallback = ReportOptions.Term.containing(Date())
        func date(_ text: String?, _ option: String) throws -> DateOnly? {
            guard let text else { return nil }
            guard let d = DateOnly(text) else { throw ValidationError("\(option) \"\(text)\" is not a date; write YYYY-MM-DD, e.g. 2025-09-01") }
            return d
        }
        let start = try date(termStart, "--term-start"), end = try date(termEnd, "--term-end")
        let term = ReportOptions.Term(start: start ?? fallback.start, end: end ?? fallback.end)
        guard term.start <= term.end else {
            throw ValidationError("the term ends (\(term.end)) before it starts (\(term.start)); give both --term-start and --term-end")
        }
        return term
    }

    func validate() throws {
        _ = try formats()
        _ = try term()
    }

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let solution = try loadSolution(self.solution)
        let check = Checker(problem).check(solution)
        guard check.usable, let report = try? TimetableReport(problem: problem, solution: solution, check: check) else {
            printDiagnostics(check.diagnostics, file: self.solution)
            note("\(self.solution): the solution cannot be read against this instance (run `netsched check` for the list)")
            throw Exit.unusableInput
        }
        let options = ReportOptions(language: lang, term: try term())
        var files: [ReportFile] = []
        let formats = try formats()
        for f in formats.list { files += ReportRenderer.render(report, instance: problem.instance, format: f, options: options) }
        if formats.workbook {
            let book = SolutionWorkbook.workbook(report, instance: problem.instance, language: lang)
            files.append(ReportFile(path: "xlsx/timetable.xlsx", data: try book.xlsx()))
        }
        let dir = URL(fileURLWithPath: out, isDirectory: true)
        try ReportWriter.write(files, to: dir)
        let counts = Dictionary(grouping: files, by: { String($0.path.prefix { $0 != "/" }) }).mapValues(\.count)
        let parts = counts.keys.sorted().map { "\($0)/ \(counts[$0]!) file\(counts[$0]! == 1 ? "" : "s")" }
        print("report written to \(out): " + parts.joined(separator: ", "))
        if !check.feasible {
            note("note: the solution is not feasible (\(check.violations.count) violations); the report lists them (netsched check for details)")
        }
        if files.contains(where: { $0.path == "html/index.html" }) { print("open \(dir.appendingPathComponent("html/index.html").path)") }
    }
}
