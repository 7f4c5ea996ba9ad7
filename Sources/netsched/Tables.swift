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
        abstract: "Write an instance as a folder of CSV tables or an .xlsx workbook (one table per entity) for Excel or LibreOffice.",
        discussion: """
            One file per entity (sites, travel, bus runs and stops, rooms, classes, teachers, courses, students, \
            requests, alternatives, hygiene, defaults, weights, …) and README.csv explaining every column in \
            Russian and English (docs/TABLES.md). UTF-8 with a byte-order mark, `;` between cells, decimal \
            commas with --lang ru: what Excel in a Russian locale opens directly. `netsched import-tables` reads \
            the folder back. With --out ending in .xlsx: one workbook, a README sheet and one sheet per table, \
            named as the files without .csv. Exit 0 when written, 2 when the instance is unusable or the output \
            cannot be written.

            Examples:
              netsched export-tables Examples/terbuny-network.json --out terbuny-tables
              netsched export-tables Examples/terbuny-network.json --out terbuny.xlsx
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Option(name: .shortAndLong, help: "The folder to write into (created if missing), or a workbook file ending in .xlsx.")
    var out: String

    @Option(help: "Language of headers and values: ru or en.")
    var lang: InstanceTables.Language = .ru

    func run() throws {
        let problem = try loadProblem(instance, quietWarnings: true)
        do {
            if isWorkbookPath(out) {
                try TableExport.writeWorkbook(problem.instance, to: URL(fileURLWithPath: out), language: lang)
            } else {
                try TableExport.write(problem.instance, to: URL(fileURLWithPath: out), language: lang)
            }
        } catch let error as TableExport.Unsupported {
            note("\(instance): \(error)")
            throw Exit.unusableInput
        }
        note("\(out): \(InstanceTables.all.count + 1) \(isWorkbookPath(out) ? "sheets" : "tables") written")
    }
}

/// `netsched import-tables`: a folder of CSV tables (as written by export-tables and edited) back to an instance.
struct ImportTables: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-tables",
        abstract: "Read a folder of CSV tables or an .xlsx workbook (as export-tables writes them) into an instance file.",
        discussion: """
            Reads what Excel and LibreOffice save: UTF-8 or Windows-1251, with or without a byte-order mark, \
            `;` or `,` between cells, decimal commas or points, Russian or English headers. Each file's encoding \
            (valid UTF-8, else Windows-1251) and delimiter (from its header line) are detected unless given. \
            Every problem is reported at once as FILE:ROW:COLUMN with a fix; then the instance is validated \
            like `netsched validate`, its findings pointing back to the tables. Exit 0 when written, 2 when the \
            tables or the instance are unusable (nothing is written then). A workbook's problems name the \
            sheet: book.xlsx[students]:14:3.

            Examples:
              netsched import-tables terbuny-tables --out terbuny.json
              netsched import-tables terbuny.xlsx --out terbuny.json
            """
    )

    @Argument(help: "The folder of tables, or a workbook (.xlsx) with one sheet per table.")
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
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            note("\(folder): no such folder or workbook (give the folder or the .xlsx file that export-tables wrote)")
            throw Exit.unusableInput
        }
        let workbook = !isFolder.boolValue
        // `tables/students.csv:14:3` for a folder, `book.xlsx[students]:14:3` for a workbook.
        func show(_ issue: TableIssue) -> String {
            workbook ? issue.description(workbook: folder) : "\(folder)/\(issue)"
        }
        let sep: Character? = delimiter.map { $0 == "tab" ? "\t" : Character($0) }
        let read: TableImport.Read
        do {
            if workbook {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: folder)) } catch {
                    note("\(folder): the file cannot be read (\(error.localizedDescription))")
                    throw Exit.unusableInput
                }
                let book: Workbook
                do { book = try Workbook.read(xlsx: data) } catch let error as Workbook.Failure {
                    note("\(folder): error: \(error) (save it from Excel or LibreOffice as an .xlsx workbook, or give a folder of CSV tables)")
                    throw Exit.unusableInput
                }
                read = try TableImport.read(workbook: book)
            } else {
                read = try TableImport.read(folder: URL(fileURLWithPath: folder), encoding: encoding, delimiter: sep)
            }
        } catch let error as TableImportError {
            for issue in error.issues { note(show(issue)) }
            let n = error.issues.filter { $0.severity == .error }.count
            note("\(folder): \(n) error\(n == 1 ? "" : "s") in the tables; nothing written")
            throw Exit.unusableInput
        }
        for issue in read.warnings { note(show(issue)) }
        let findings = TableImport.validate(read)
        for issue in findings { note(show(issue)) }
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

/// `netsched template`: empty tables (a folder of CSV files or a workbook) to fill in.
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write empty tables to fill in: a folder of CSV files or an .xlsx workbook, with a README explaining every column.",
        discussion: """
            The same tables as export-tables writes, with header rows only; the parameter tables (general, \
            hygiene, defaults, weights) list their parameters with what each means and empty values (the \
            format's defaults). The first sheet of the workbook (README.csv in a folder) explains every column \
            in Russian and English and says which are required. Fill it in, then `netsched import-tables`. \
            Exit 0 when written, 2 when the output cannot be written.

            Examples:
              netsched template --out network.xlsx
              netsched template --out network-tables --lang en
            """
    )

    @Option(name: .shortAndLong, help: "The folder to write into (created if missing), or a workbook file ending in .xlsx.")
    var out: String

    @Option(help: "Language of headers and values: ru or en.")
    var lang: InstanceTables.Language = .ru

    func run() throws {
        if isWorkbookPath(out) {
            try writeOutput(try TableExport.templateWorkbook(language: lang).xlsx(), to: out)
        } else {
            let url = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, data) in try TableExport.templateFiles(language: lang).sorted(by: { $0.key < $1.key }) {
                try writeOutput(data, to: url.appendingPathComponent(name).path)
            }
        }
        note("\(out): empty tables written; fill them in, then netsched import-tables \(out) --out INSTANCE.json")
    }
}

/// Whether an output path names a workbook rather than a folder.
func isWorkbookPath(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }
