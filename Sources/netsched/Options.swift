import ArgumentParser
import Foundation
import NetworkTimetabling

struct OptionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "options",
        abstract: "The courses a student can choose, each with every reason in the data why not, and the sections to join now.",
        discussion: """
            For every course of the bank: whether the student can take it, and if not every reason that holds in the \
            data (grade, no reachable site and no online way, no room in the student's free periods, hygiene limits, \
            already requested); the ways to attend (in person at which sites, online). With --solution, also the open \
            sections the student could join now (a free seat, meetings in the student's free periods, hygiene limits \
            and travel kept), each with the change to the student's route. \
            Exit 0 when the options were printed, 2 when the student is unknown or a file is unusable.
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Option(help: "A published solution (JSON): also list the open sections the student could join now.")
    var solution: String?

    @Option(help: "The student (student id).")
    var student: String

    @Flag(help: "Print the options as JSON on standard output (one object per course).")
    var json = false

    @Option(help: "Language of the text: ru or en.")
    var lang: ReportLanguage = .ru

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let options: CourseOptions
        if let file = solution {
            let published = try loadSolution(file)
            let report = Checker(problem).check(published)
            guard report.usable, let judged = try? CourseOptions(problem: problem, solution: published) else {
                printDiagnostics(report.diagnostics, file: file)
                note("\(file): the solution cannot be read against this instance (run `netsched check` for the list)")
                throw Exit.unusableInput
            }
            options = judged
        } else {
            options = CourseOptions(problem: problem)
        }
        guard let list = options.options(student: student) else {
            _ = unknown("student", student, problem.instance.students.map(\.id))
            note("\(instance): no student \"\(student)\"; nothing to list")
            throw Exit.unusableInput
        }
        let text = OptionText(lang, problem.instance)
        if json {
            struct Reason: Encodable {
                var kind: String
                var text: String
                var data: OptionReason
            }
            struct Item: Encodable {
                var course: String
                var available: Bool
                var reasons: [Reason]
                var ways: [AttendanceWay]
                var sections: [SectionOption]?
            }
            print(try jsonText(list.map { o in
                Item(course: o.course, available: o.available, reasons: o.reasons.map { Reason(kind: $0.kind, text: text.text($0), data: $0) },
                     ways: o.ways, sections: o.sections)
            }))
            return
        }
        let names = DisplayNames(problem.instance)
        let record = problem.instance.students[problem.studentIndex[student]!]
        let who = names.student(student) == student ? student : "\(names.student(student)) (\(student))"
        print(lang == .ru ? "\(who), \(record.grade) класс, \(names.site(record.homeSite))"
              : "\(who), grade \(record.grade), \(names.site(record.homeSite))")
        print("")
        for o in list { print(text.describe(o)) }
        let available = list.filter(\.available).count
        var summary = lang == .ru ? "\nможно выбрать: \(available) из \(list.count) курсов" : "\n\(available) of \(list.count) courses can be taken"
        if solution != nil {
            let sections = list.reduce(0) { $0 + ($1.sections?.count ?? 0) }
            summary += lang == .ru ? "; групп, куда можно записаться сейчас: \(sections)" : "; \(sections) open section\(sections == 1 ? "" : "s") to join now"
        }
        print(summary)
    }
}
