import ArgumentParser
import Foundation
import NetworkTimetabling
import NetworkTimetablingGLPK

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "What would it cost to grant this refused request? Forces it in and re-optimises the timetable around it with GLPK.",
        discussion: """
            The request is required and GLPK re-optimises its neighbourhood exactly: the sections of the requested \
            courses, the student's other sections, the students in them, with their teachers and rooms; everything \
            else stays as in the solution (widened once when that has no way). Answers granted (the objective change \
            by term, who else changes old → new, requests lost, sections opened or closed; --out writes the \
            timetable, which passes the checker), impossible (the data block every alternative, named as by \
            `netsched explain`) or unknown (the time ran out, or no way was found with the rest fixed). \
            Exit 0 with an answer, 2 when an input is unusable: an unknown student or request, a request the \
            solution already grants, a solution of another instance (docs/MIP.md, "What if").
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Argument(help: "The solution file (JSON) that refuses the request.")
    var solution: String

    @Option(help: "The student (id).")
    var student: String

    @Option(help: "The request: its id, or its 0-based index in the student's requests.")
    var request: String

    @Option(help: "Wall-clock limit of the question in seconds (reading the files comes on top).")
    var timeLimit: Double = 30

    @Option(name: .shortAndLong, help: "Where to write the new timetable (JSON) when the request can be granted.")
    var out: String?

    @Flag(help: "Print the answer as JSON on standard output.")
    var json = false

    @Option(help: "Language of the explanations of a refusal: ru or en.")
    var lang: ReportLanguage = .en

    @Flag(help: "Print the steps of the search on standard error.")
    var verbose = false

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let solution = try loadSolution(self.solution)
        let stop = StopFlag()
        let interrupt = stopOnInterrupt(stop)
        defer { interrupt.cancel() }
        var answer: WhatIfAnswer
        do {
            answer = try WhatIf(timeLimit: timeLimit).ask(problem, solution, student: student, request: request, stop: stop,
                                                         log: verbose ? { note("what-if: " + $0) } : nil)
        } catch {
            if case let .unusableSolution(diagnostics) = error { printDiagnostics(diagnostics, file: self.solution) }
            note("Error: \(error.description)")
            throw Exit.unusableInput
        }
        if answer.status == .unknown, let explainer = try? Explainer(problem: problem, solution: solution),
           let e = explainer.explain(student: student, request: answer.request) {
            // What stands in the way as the timetable stands (as `netsched explain` says it).
            let text = ReasonText(lang, problem.instance)
            for alt in e.alternatives {
                for r in alt.reasons where r.kind != "wouldFit" {
                    answer.reasons.append(WhatIfReason(kind: r.kind, alternative: alt.index, text: text.text(r)))
                }
            }
        }
        if let out {
            if let s = answer.solution {
                try SolutionLoader.encode(s).write(to: URL(fileURLWithPath: out))
            } else {
                note("no timetable written to \(out): the request was not granted")
            }
        }
        if json {
            print(try jsonText(answer))
        } else {
            print(render(answer))
        }
    }

    private func render(_ a: WhatIfAnswer) -> String {
        var lines = ["student \(a.student) request \(a.request)\(a.requestLabel.map { " (\($0))" } ?? ""): \(a.summary)"]
        if a.status == .granted {
            if !a.terms.isEmpty {
                lines.append("objective change by term: " + a.terms.sorted { $0.key < $1.key }
                    .map { String(format: "%@ %+.2f", $0.key, $0.value) }.joined(separator: ", "))
            }
            if !a.changes.isEmpty {
                lines.append("changes (\(a.changes.count)):")
                for c in a.changes { lines.append("  " + c.text) }
            }
            if !a.lostRequests.isEmpty {
                lines.append("requests lost: " + a.lostRequests.map { "\($0.student) request \($0.request)" + ($0.label.map { " (\($0))" } ?? "") }
                    .joined(separator: ", "))
            }
            if !a.sectionsOpened.isEmpty { lines.append("sections opened: " + a.sectionsOpened.joined(separator: ", ")) }
            if !a.sectionsClosed.isEmpty { lines.append("sections closed: " + a.sectionsClosed.joined(separator: ", ")) }
            if let out { lines.append("new timetable written to \(out)") }
        }
        if !a.reasons.isEmpty {
            lines.append("reasons:")
            for r in a.reasons { lines.append("  " + (r.alternative.map { "(alternative \($0 + 1)) " } ?? "") + r.text) }
        }
        lines.append(String(format: "answered in %.1f s", a.seconds))
        return lines.joined(separator: "\n")
    }
}
