import ArgumentParser
import Foundation
import NetworkTimetabling

struct Diagnose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find what makes an instance impossible or tight, before any search.",
        discussion: """
            Looks for courses no teacher can take on (hours, permissions, free periods), students whose regular \
            lessons already break their grade's daily or weekly hygiene limit or whose free periods or weekly limit \
            cannot hold their requests, room features no site has, sites and requests no one can \
            reach, demand above the teachers' hours, and required courses below their minimum size. Errors make a \
            required request impossible; warnings make electives impossible or the instance tight. \
            Exit 0 when there are no errors, 1 when there are, 2 when the instance is unusable.
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Flag(help: "Print the findings as JSON on standard output.")
    var json = false

    @Option(help: "Language of the findings: ru or en.")
    var lang: ReportLanguage = .ru

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let findings = Diagnosis(problem).run()
        let errors = findings.filter { $0.severity == .error }.count
        if json {
            struct Output: Encodable {
                var errors: Int
                var warnings: Int
                var findings: [Item]
            }
            struct Item: Encodable {
                var severity: Diagnostic.Severity
                var kind: String
                var path: String
                var message: String
                var data: DiagnosisIssue
            }
            let text = DiagnosisText(lang, problem.instance)
            let items = findings.map { Item(severity: $0.severity, kind: $0.issue.kind, path: $0.path, message: text.text($0.issue), data: $0.issue) }
            print(try jsonText(Output(errors: errors, warnings: findings.count - errors, findings: items)))
        } else {
            let text = DiagnosisText(lang, problem.instance)
            for f in findings { print(text.line(f)) }
            print(lang == .ru
                  ? "\(instance): ошибок \(errors), предупреждений \(findings.count - errors)"
                  : "\(instance): \(errors) error\(errors == 1 ? "" : "s"), \(findings.count - errors) warning\(findings.count - errors == 1 ? "" : "s")")
        }
        if errors > 0 { throw Exit.violations }
    }
}

/// The diagnosis `solve` prints before searching: every error, the first warnings, on standard error.
func printDiagnosis(_ problem: Problem, maxWarnings: Int = 5, to output: ProgressOutput = ProgressOutput(format: .text)) {
    let findings = Diagnosis(problem).run()
    guard !findings.isEmpty else { return }
    let text = DiagnosisText(.en, problem.instance)
    let errors = findings.filter { $0.severity == .error }
    let warnings = findings.filter { $0.severity == .warning }
    for f in errors + warnings.prefix(maxWarnings) { output.note("diagnosis: " + text.line(f)) }
    if warnings.count > maxWarnings {
        output.note("diagnosis: … and \(warnings.count - maxWarnings) more warnings (netsched diagnose)")
    }
}
