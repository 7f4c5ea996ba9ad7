import ArgumentParser
import Foundation
import NetworkTimetabling

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain why each unsatisfied request of a solution was refused, naming periods, people and numbers.",
        discussion: """
            The reasons are computed from the instance and the solution (not taken from the engine's text, which is \
            shown alongside): a section not opened and why, a full section, a clash with regular lessons or another \
            course, travel, hygiene limits, no online seat. Filter with one of --student, --course or --teacher. \
            Exit 0 when the explanations were printed, 2 when the instance or solution is unusable.
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Argument(help: "The solution file (JSON).")
    var solution: String

    @Option(help: "Only this student's requests (student id).")
    var student: String?

    @Option(help: "Only requests that name this course (course id).")
    var course: String?

    @Option(help: "Only requests for courses this teacher teaches or may teach (teacher id).")
    var teacher: String?

    @Flag(help: "Print the explanations as JSON on standard output.")
    var json = false

    @Option(help: "Language of the explanations: ru or en.")
    var lang: ReportLanguage = .ru

    func validate() throws {
        if [student, course, teacher].compactMap({ $0 }).count > 1 {
            throw ValidationError("give at most one of --student, --course and --teacher")
        }
    }

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let solution = try loadSolution(self.solution)
        let explainer = try usableExplainer(problem, solution, file: self.solution)
        var list = explainer.unsatisfiedRequests()
        let inst = problem.instance
        if let student {
            guard problem.studentIndex[student] != nil else { throw unknown("student", student, inst.students.map(\.id)) }
            list = list.filter { $0.student == student }
        }
        if let course {
            guard problem.courseIndex[course] != nil else { throw unknown("course", course, inst.courses.map(\.id)) }
            list = list.filter { $0.alternatives.contains { $0.course == course } }
        }
        if let teacher {
            guard let t = problem.teacherIndex[teacher] else { throw unknown("teacher", teacher, inst.teachers.map(\.id)) }
            let courses = Set(problem.courses.indices.filter { problem.courses[$0].teachers.contains(t) }.map { inst.courses[$0].id })
                .union(solution.sections.filter { $0.teacher == teacher }.map(\.course))
            list = list.filter { $0.alternatives.contains { courses.contains($0.course) } }
        }
        if json {
            struct Item: Encodable {
                var explanation: RequestExplanation
                var text: [String]
            }
            let text = ReasonText(lang, inst)
            print(try jsonText(list.map { Item(explanation: $0, text: $0.reasons.map(text.text)) }))
            return
        }
        let text = ReasonText(lang, inst)
        for e in list { print(text.describe(e) + "\n") }
        let required = list.filter(\.required).count
        print(lang == .ru
              ? "неудовлетворённых запросов: \(list.count) (обязательных \(required))"
              : "\(list.count) unsatisfied request\(list.count == 1 ? "" : "s") (\(required) required)")
    }
}

/// Checks the solution first: an unusable one (dangling ids) gets the checker's diagnostics and exit 2.
func usableExplainer(_ problem: Problem, _ solution: Solution, file: String) throws -> Explainer {
    let report = Checker(problem).check(solution)
    guard report.usable, let explainer = try? Explainer(problem: problem, solution: solution) else {
        printDiagnostics(report.diagnostics, file: file)
        note("\(file): the solution cannot be read against this instance (run `netsched check` for the list)")
        throw Exit.unusableInput
    }
    return explainer
}

/// Prints an error naming an unknown id and ids that exist, and returns the usage-error exit code to throw.
func unknown(_ kind: String, _ id: String, _ known: [String]) -> ExitCode {
    let close = known.filter { $0.localizedCaseInsensitiveContains(id) || id.localizedCaseInsensitiveContains($0) }
    let list = close.isEmpty ? known : close
    note("Error: unknown \(kind) \"\(id)\"; try one of: " + list.prefix(8).joined(separator: ", ") + (list.count > 8 ? ", …" : ""))
    return ExitCode.validationFailure
}

extension ReportLanguage: ExpressibleByArgument {}
