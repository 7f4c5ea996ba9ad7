import ArgumentParser
import Foundation
import NetworkTimetabling

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge a solution against every hard rule and break its score down by objective term.",
        discussion: "Exit 0 when the solution is feasible, 1 when it breaks hard rules (or its lower bound is above its objective: the bound is wrong), 2 when the instance or solution is unusable."
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Argument(help: "The solution file (JSON).")
    var solution: String

    @Option(help: "A reference (published) solution: the change terms of a re-plan are measured against it (docs/REPLAN.md).")
    var reference: String?

    @Flag(help: "Print the report as JSON (usable, diagnostics, feasible, violations, objective, bound, gap, terms, summary with its coverage) on standard output.")
    var json = false

    func run() throws {
        var problem = try loadProblem(instance, quietWarnings: true)
        if let reference {
            do {
                problem = try problem.withReference(try loadSolution(reference))
            } catch let error as InputError {
                printDiagnostics(error.diagnostics, file: reference)
                throw Exit.unusableInput
            }
        }
        let solution = try loadSolution(self.solution)
        let report = Checker(problem).check(solution)
        if json {
            print(try jsonText(report))
        } else {
            printDiagnostics(report.diagnostics, file: self.solution)
            if report.usable { print(renderReport(report)) }
            if let coverage = report.summary.coverage { print(renderCoverage(coverage)) }
        }
        if !report.usable { throw Exit.unusableInput }
        if !report.feasible || report.boundAboveObjective { throw Exit.violations }
    }
}

/// The human-readable form of a check report: violations, then the objective by term.
func renderReport(_ report: CheckReport, maxViolations: Int = .max) -> String {
    var lines: [String] = []
    if report.violations.isEmpty {
        lines.append("feasible: every hard rule holds")
    } else {
        lines.append("NOT feasible: \(report.violations.count) violation\(report.violations.count == 1 ? "" : "s")")
        for v in report.violations.prefix(maxViolations) {
            var place = v.who ?? "-"
            if let d = v.day { place += " " + d }
            if let p = v.period { place += " period \(p)" }
            lines.append("  [\(v.rule.rawValue)] \(place): \(v.message)")
        }
        if report.violations.count > maxViolations { lines.append("  … and \(report.violations.count - maxViolations) more (netsched check)") }
    }
    lines.append(String(format: "objective %.2f", report.objective))
    if let bound = report.bound {
        lines.append(String(format: "lower bound %.2f", bound) + (report.gap.map { String(format: " (gap %.2f%%)", 100 * $0) } ?? ""))
    }
    for (term, t) in report.terms.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where t.value != 0 || t.cost != 0 {
        let name = term.rawValue
        let label = name.padding(toLength: max(22, name.count), withPad: " ", startingAt: 0)
        lines.append("  " + label + String(format: " %10.2f × %7.2f = %10.2f", t.value, t.weight, t.cost))
    }
    return lines.joined(separator: "\n")
}
