import ArgumentParser
import Foundation
import TimetablingITC2019

/// `netsched itc2019 …`: the International Timetabling Competition 2019 format (docs/ITC2019.md).
struct ITC2019Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "itc2019",
        abstract: "ITC 2019 problems and solutions: read a problem, check a solution with the independent validator.",
        discussion: "The format and the validator's rules, with every reading chosen, are in docs/ITC2019.md.",
        subcommands: [ITC2019Validate.self, ITC2019Check.self, ITC2019Solve.self]
    )
}

/// `path:line: element: message`, without the line when there is none (a file that cannot be opened).
func itcIssueText(_ path: String, _ issue: ITCReadIssue) -> String {
    issue.line > 0 ? "\(path):\(issue.line): \(issue.element): \(issue.message)" : "\(path): \(issue.message)"
}

/// Reads a problem file; prints every issue (file:line: element: message) and exits 2 when it cannot be used.
func loadITCProblem(_ path: String) throws -> ITCProblem {
    do {
        return try ITCProblemReader.read(contentsOf: URL(fileURLWithPath: path))
    } catch {
        for issue in error.issues { note(itcIssueText(path, issue)) }
        note("\(path): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s"); the ITC 2019 problem cannot be used")
        throw Exit.unusableInput
    }
}

struct ITC2019Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Read an ITC 2019 problem file and print its size.",
        discussion: "Exit 0 when it reads; 2 with every problem found (element and line) when it does not."
    )

    @Argument(help: "The problem file (ITC 2019 XML).")
    var problem: String

    @Flag(help: "Print the size as JSON.")
    var json = false

    func run() throws {
        let p = try loadITCProblem(problem)
        let required = p.distributions.filter(\.required).count
        struct Size: Encodable {
            var name: String; var nrDays: Int; var nrWeeks: Int; var slotsPerDay: Int
            var rooms: Int; var courses: Int; var configs: Int; var subparts: Int; var classes: Int
            var students: Int; var distributions: Int; var requiredDistributions: Int; var weights: ITCWeights
        }
        let size = Size(name: p.name, nrDays: p.nrDays, nrWeeks: p.nrWeeks, slotsPerDay: p.slotsPerDay, rooms: p.rooms.count,
                        courses: p.courses.count, configs: p.configs.count, subparts: p.subparts.count, classes: p.classes.count,
                        students: p.students.count, distributions: p.distributions.count, requiredDistributions: required, weights: p.weights)
        if json {
            print(try jsonText(size))
        } else {
            print("\(problem): \(p.name) — \(p.rooms.count) rooms, \(p.courses.count) courses, \(p.classes.count) classes, "
                  + "\(p.students.count) students, \(p.distributions.count) distributions (\(required) required); "
                  + "\(p.nrWeeks) weeks × \(p.nrDays) days × \(p.slotsPerDay) slots")
        }
    }
}

struct ITC2019Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an ITC 2019 solution against its problem: hard violations and the four penalty components.",
        discussion: """
            The validator is written from the competition's published rules (docs/ITC2019.md). Exit 0 when \
            the solution is valid, 1 when it has hard violations, 2 when the problem or the solution cannot \
            be read (each problem named with its element and line).
            """
    )

    @Argument(help: "The problem file (ITC 2019 XML).")
    var problem: String

    @Argument(help: "The solution file (ITC 2019 solution XML).")
    var solution: String

    @Flag(help: "Print the report as JSON: valid, hardViolations [{kind, message, classes, students}], timePenalty, roomPenalty, distributionPenalty, studentConflicts, total, weights.")
    var json = false

    @Flag(help: "MaxBlock: exempt a block whose classes all start at the same slot (UniTime's reading; the published text counts it).")
    var maxBlockExemptSameStart = false

    func run() throws {
        let p = try loadITCProblem(problem)
        let document: ITCSolutionDocument
        do {
            document = try ITCSolutionReader.read(contentsOf: URL(fileURLWithPath: solution))
        } catch {
            for issue in error.issues { note(itcIssueText(solution, issue)) }
            note("\(solution): the ITC 2019 solution cannot be used")
            throw Exit.unusableInput
        }
        let validator = ITCValidator(p, options: ITCValidationOptions(maxBlockExemptsSameStart: maxBlockExemptSameStart))
        let report = validator.validate(document)
        if json {
            print(try jsonText(report))
        } else {
            for v in report.hardViolations { print("hard: \(v)") }
            for w in report.warnings { print("warning: \(w)") }
            let w = report.weights
            print("time penalty:         \(report.timePenalty) × \(w.time)")
            print("room penalty:         \(report.roomPenalty) × \(w.room)")
            print("distribution penalty: \(report.distributionPenalty) × \(w.distribution)"
                  + (report.distributionPenaltyByType.isEmpty ? "" : " (" + report.distributionPenaltyByType.sorted { $0.key < $1.key }
                      .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
            print("student conflicts:    \(report.studentConflicts) × \(w.student)")
            print("total:                \(report.total)")
            let n = report.hardViolations.count
            let byKind = Dictionary(grouping: report.hardViolations, by: \.kind.rawValue).map { "\($0.key) \($0.value.count)" }.sorted()
            print(report.valid ? "\(solution): valid"
                  : "\(solution): INVALID — \(n) hard violation\(n == 1 ? "" : "s") (\(byKind.joined(separator: ", ")))")
        }
        if !report.valid { throw Exit.violations }
    }
}
