import ArgumentParser
import Foundation
import NetworkTimetabling

struct Catalogue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the network's open course catalogue, for students and tutors before they choose.",
        discussion: """
            Writes DIR/catalogue.html (one printable page, a table of contents by subject) and DIR/catalogue.csv \
            (one row per course): for every course its name and id, subject, level, weekly periods and how they meet, \
            grades, group size limits, where it is taught in person and whether online, its teachers and its room needs. \
            No solution is needed. Exit 0 when the files were written, 2 when the instance is unusable or DIR cannot be written.
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Option(name: .shortAndLong, help: "The directory to write into (created if missing).")
    var out: String

    @Option(help: "Language of the labels: ru or en.")
    var lang: ReportLanguage = .ru

    @Option(help: "Formats to write, comma-separated: html, csv.")
    var format = "html,csv"

    func formats() throws -> [CatalogueBuilder.Format] {
        var list: [CatalogueBuilder.Format] = []
        for part in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            guard let f = CatalogueBuilder.Format(rawValue: part) else {
                throw ValidationError("unknown format \"\(part)\" in --format; use a comma-separated list of: "
                                      + CatalogueBuilder.Format.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !list.contains(f) { list.append(f) }
        }
        guard !list.isEmpty else { throw ValidationError("--format lists no format; use e.g. --format html,csv") }
        return list
    }

    func validate() throws { _ = try formats() }

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        let catalogue = CatalogueBuilder(problem)
        let files = catalogue.files(formats: try formats(), language: lang)
        let dir = URL(fileURLWithPath: out, isDirectory: true)
        try ReportWriter.write(files, to: dir)
        let subjects = Set(problem.instance.courses.map(\.subject)).count
        print("catalogue written to \(out): \(problem.instance.courses.count) courses in \(subjects) subjects; "
              + files.map(\.path).joined(separator: ", "))
        if files.contains(where: { $0.path.hasSuffix(".html") }) {
            print("open \(dir.appendingPathComponent(CatalogueBuilder.Format.html.fileName).path)")
        }
    }
}
