import ArgumentParser
import Foundation
import NetworkTimetabling
import TimetablingTables

extension InstanceTables.Language: ExpressibleByArgument {}
extension TableImport.Encoding: ExpressibleByArgument {}

/// `netsched export-tables`: the instance as a folder of CSV tables people edit in a spreadsheet.
struct ExportTables: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-tables",
        abstract: "Write an instance as a folder of CSV tables (one per entity) for Excel or LibreOffice.",
        discussion: """
            One file per entity (sites, travel, bus runs and stops, rooms, classes, teachers, courses, students, \
            requests, alternatives, hygiene, defaults, weights, …) and README.csv explaining every column in \
            Russian and English (docs/TABLES.md). UTF-8 with a byte-order mark, `;` between cells, decimal \
            commas with --lang ru: what Excel in a Russian locale opens directly. `netsched import-tables` reads \
            the folder back. Exit 0 when written, 2 when the instance is unusable or the folder cannot be written.

            Example:
              netsched export-tables Examples/terbuny-network.json --out terbuny-tables
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Option(name: .shortAndLong, help: "The folder to write into (created if missing).")
    var out: String

    @Option(help: "Language of headers and values: ru or en.")
    var lang: InstanceTables.Language = .ru

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        do {
            try TableExport.write(problem.instance, to: URL(fileURLWithPath: out), language: lang)
        } catch let error as TableExport.Unsupported {
            note("\(instance): \(error)")
            throw Exit.unusableInput
        }
        note("\(out): \(InstanceTables.all.count + 1) tables written")
    }
}

/// `netsched import-tables`: a folder of CSV tables (as written by export-tables and edited) back to an instance.
struct ImportTables: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-tables",
        abstract: "Read a folder of CSV tables (as export-tables writes them) into an instance file.",
        discussion: """
            Reads what Excel and LibreOffice save: UTF-8 or Windows-1251, with or without a byte-order mark, \
            `;` or `,` between cells, decimal commas or points, Russian or English headers. Each file's encoding \
            (valid UTF-8, else Windows-1251) and delimiter (from its header line) are detected unless given. \
            Every problem is reported at once as FILE:ROW:COLUMN with a fix; then the instance is validated \
            like `netsched validate`, its findings pointing back to the tables. Exit 0 when written, 2 when the \
            tables or the instance are unusable (nothing is written then).

            Example:
              netsched import-tables terbuny-tables --out terbuny.json
            """
    )

    @Argument(help: "The folder of tables.")
    var folder: String

    @Option(name: .shortAndLong, help: "The instance file to write (JSON); - for standard output.")
    var out: String

    @Option(help: "Encoding of every file: utf-8 or windows-1251 (default: detected per file).")
    var encoding: TableImport.Encoding?

    @Option(help: "Delimiter of every file: ';' or ',' (default: detected per file from its header line).")
    var delimiter: String?

    func validate() throws {
        if let delimiter, ![";", ",", "\t", "tab"].contains(delimiter) {
            throw ValidationError("--delimiter must be ';' or ',' (or tab), not '\(delimiter)'")
        }
    }

    func run() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            note("\(folder): no such folder (give the folder that export-tables wrote)")
            throw Exit.unusableInput
        }
        let sep: Character? = delimiter.map { $0 == "tab" ? "\t" : Character($0) }
        let read: TableImport.Read
        do {
            read = try TableImport.read(folder: URL(fileURLWithPath: folder), encoding: encoding, delimiter: sep)
        } catch let error as TableImportError {
            for issue in error.issues { note("\(folder)/\(issue)") }
            let n = error.issues.filter { $0.severity == .error }.count
            note("\(folder): \(n) error\(n == 1 ? "" : "s") in the tables; nothing written")
            throw Exit.unusableInput
        }
        for issue in read.warnings { note("\(folder)/\(issue)") }
        let findings = TableImport.validate(read)
        for issue in findings { note("\(folder)/\(issue)") }
        let errors = findings.filter { $0.severity == .error }.count
        if errors > 0 {
            note("\(folder): \(errors) error\(errors == 1 ? "" : "s") in the instance; nothing written")
            throw Exit.unusableInput
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(read.instance)
        if out == "-" {
            print(String(decoding: data, as: UTF8.self))
        } else {
            try writeOutput(data, to: out)
            note("\(out): written (\(read.instance.students.count) students, \(read.instance.courses.count) courses)")
        }
    }
}
