import Foundation
import TimetablingCore
import TimetablingTables
import XCTest
import ZIPFoundation

/// The instance as an .xlsx workbook: cells go out and back as written, the bundled examples
/// round-trip, LibreOffice opens and re-saves the workbook and the re-saved file reads to the same
/// instance, and broken workbooks fail naming the sheet, row and column.
final class WorkbookTests: XCTestCase {
    private func example(_ name: String) throws -> Instance { try TableTestFiles.example(name) }

    private func folder(_ name: String) throws -> URL { try TableTestFiles.folder("workbook-tests", name) }

    // MARK: cells

    func testCellsGoOutAndBackAsWritten() throws {
        var wide = (0..<30).map { "c\($0)" }
        wide[27] = "AB"
        let book = Workbook(sheets: [
            .init(name: "тексты", rows: [
                ["код", "имя", "число"],
                ["s-001", "Дарья К. <ст.> & \"дочь\"", "30"],
                ["007", "0,5", "0.5"],
                ["-2", "1e5", "10;11"],
                ["", "", "gap before"],
                [],
                ["Пн 1-3,5; Вт 2", "line\nbreak\tand tab", "08:30"],
            ]),
            .init(name: "wide", rows: [wide]),
        ])
        let data = try book.xlsx()
        XCTAssertEqual(try book.xlsx(), data, "the same workbook must give the same bytes")
        XCTAssertEqual(try Workbook.read(xlsx: data), book)
    }

    func testPlainNumbersBecomeNumberCellsAndNothingElse() {
        for text in ["0", "30", "-2", "0.5", "12.25", "100000000000000"] { XCTAssertTrue(Workbook.isPlainNumber(text), text) }
        for text in ["", "007", "0,5", "1e5", "1.50", ".5", "5.", "-", "1 000", "1234567890123456", "10;11", "08:30"] {
            XCTAssertFalse(Workbook.isPlainNumber(text), text)
        }
    }

    // MARK: round trips

    func testEveryExampleGoesOutAndBackThroughAWorkbook() throws {
        for name in ["tiny", "terbuny-network", "terbuny-network-ru", "arctic-network"] {
            let instance = try example(name)
            for language in InstanceTables.Language.allCases {
                let book = try TableExport.workbook(of: instance, language: language)
                XCTAssertEqual(book.sheets.first?.name, "README")
                XCTAssertEqual(book.sheets.dropFirst().map(\.name), InstanceTables.all.map { TableImport.sheetName($0.file) })
                let data = try book.xlsx()
                let read = try TableImport.read(workbook: try Workbook.read(xlsx: data))
                XCTAssertEqual(read.instance, instance, "\(name) \(language)")
                XCTAssertTrue(read.warnings.isEmpty, "\(read.warnings)")
                XCTAssertFalse(TableImport.validate(read).contains { $0.severity == .error }, "\(name)")
                XCTAssertEqual(try TableExport.workbook(of: read.instance, language: language).xlsx(), data,
                               "\(name) \(language): the second export differs")
            }
        }
    }

    /// The shipped workbook of the Russian Terbuny example is what export-tables writes for its JSON
    /// (regenerate: `netsched export-tables Examples/terbuny-network-ru.json --out Examples/terbuny-network-ru.xlsx`).
    func testTheShippedRussianWorkbookIsTheExportOfTheExample() throws {
        let shipped = try Data(contentsOf: ExamplesTests.root.appendingPathComponent("Examples/terbuny-network-ru.xlsx"))
        let instance = try example("terbuny-network-ru")
        XCTAssertEqual(shipped, try TableExport.workbook(of: instance, language: .ru).xlsx(),
                       "Examples/terbuny-network-ru.xlsx is stale: regenerate it with netsched export-tables")
        let read = try TableImport.read(workbook: try Workbook.read(xlsx: shipped))
        XCTAssertEqual(read.instance, instance)
        let sites = try XCTUnwrap(try Workbook.read(xlsx: shipped).sheet(named: "sites"))
        XCTAssertTrue(sites.rows.contains { $0.contains("Тербунская СОШ № 1 (базовая школа сети)") }, "\(sites.rows.prefix(3))")
    }

    /// Excel stores a clock time typed into a cell as a fraction of the day (08:30 is 0.3541…).
    func testTimesTypedIntoASpreadsheetAsDayFractionsRead() throws {
        var book = try TableExport.workbook(of: try example("tiny"), language: .ru)
        let periods = try XCTUnwrap(book.sheets.firstIndex { $0.name == "periods" })
        XCTAssertEqual(book.sheets[periods].rows[1][1], "08:30")
        book.sheets[periods].rows[1][1] = "0.3541666666666667"
        book.sheets[periods].rows[1][2] = "0.38541666666666669"
        let read = try TableImport.read(workbook: try Workbook.read(xlsx: try book.xlsx()))
        XCTAssertEqual(read.instance, try example("tiny"))
    }

    func testTheTemplateHasEveryTableAndReadsBackAsEmpty() throws {
        let book = TableExport.templateWorkbook(language: .ru)
        XCTAssertEqual(book.sheets.map(\.name), ["README"] + InstanceTables.all.map { TableImport.sheetName($0.file) })
        let readme = try XCTUnwrap(book.sheet(named: "README"))
        for table in InstanceTables.all {
            for column in table.columns + table.parameters {
                XCTAssertTrue(readme.rows.contains { $0.count >= 5 && $0[0] == TableImport.sheetName(table.file) && $0[1] == column.ru && $0[2] == column.key && !$0[3].isEmpty && !$0[4].isEmpty },
                              "README lacks \(table.file) \(column.key)")
            }
        }
        let students = try XCTUnwrap(book.sheet(named: "students"))
        XCTAssertEqual(students.rows, [InstanceTables.students.columns.map(\.ru)])
        let general = try XCTUnwrap(book.sheet(named: "general"))
        XCTAssertTrue(general.rows.contains { $0.first == "дни" && $0.dropFirst().first == "Пн;Вт;Ср;Чт;Пт" })
        // Read back: the tables are well-formed, the empty instance is what validation refuses.
        do {
            let read = try TableImport.read(workbook: try Workbook.read(xlsx: try book.xlsx()))
            XCTAssertTrue(TableImport.validate(read).contains { $0.severity == .error && $0.file == "general" })
        } catch let error as TableImportError {
            XCTAssertTrue(error.issues.allSatisfy { $0.file == "general" || $0.file == "periods" }, error.description)
        }
        let files = try TableExport.templateFiles(language: .en)
        XCTAssertEqual(Set(files.keys), Set((InstanceTables.all + [InstanceTables.readme]).map(\.file)))
        XCTAssertTrue(String(decoding: try XCTUnwrap(files["students.csv"]).dropFirst(3), as: UTF8.self).hasPrefix("id;name;grade;homeSite;"))
    }

    // MARK: LibreOffice

    private func soffice() throws -> String {
        for dir in ["/usr/bin", "/usr/local/bin", "/usr/lib/libreoffice/program"] {
            let path = dir + "/soffice"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        XCTFail("LibreOffice (soffice) is not installed: run scripts/setup.sh (apt-get install libreoffice-calc-nogui)")
        throw XCTSkip("no soffice")
    }

    /// Converts `file` with headless LibreOffice (its own profile, so that runs do not share one).
    private func convert(_ file: URL, to filter: String, in dir: URL) throws -> URL {
        let profile = dir.appendingPathComponent("profile")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try soffice())
        p.arguments = ["-env:UserInstallation=file://" + profile.path, "--headless", "--calc", "--convert-to", filter,
                       "--outdir", dir.appendingPathComponent("out").path, file.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "soffice --convert-to \(filter)")
        let ext = String(filter.prefix { $0 != ":" })
        return dir.appendingPathComponent("out").appendingPathComponent(file.deletingPathExtension().lastPathComponent + "." + ext)
    }

    func testLibreOfficeOpensTheWorkbookAndItsResavedCopyReadsToTheSameInstance() throws {
        let instance = try example("terbuny-network")
        let dir = try folder("libreoffice")
        let file = dir.appendingPathComponent("terbuny.xlsx")
        try TableExport.workbook(of: instance, language: .ru).xlsx().write(to: file)
        // Re-saved by LibreOffice: shared strings, its own styles and number formats.
        let resaved = try convert(file, to: "xlsx", in: dir)
        let data = try Data(contentsOf: resaved)
        XCTAssertNotEqual(data, try Data(contentsOf: file), "LibreOffice wrote its own file")
        XCTAssertEqual(try TableImport.read(workbook: try Workbook.read(xlsx: data)).instance, instance)
        // Opened as a spreadsheet: the first sheet (README) as CSV, UTF-8, with the Russian headers.
        let csv = try convert(file, to: "csv:Text - txt - csv (StarCalc):59,34,76", in: dir)
        let text = String(decoding: try Data(contentsOf: csv), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("файл;столбец;column;описание;meaning;обязательный"), String(text.prefix(200)))
    }

    // MARK: broken workbooks

    /// tiny's Russian tables edited as CSV text, then written as a real .xlsx and read back.
    private func broken(_ name: String, _ edit: (inout [String: Data]) throws -> Void,
                        sheets: (inout Workbook) -> Void = { _ in }) throws -> [TableIssue] {
        var files = try TableExport.tables(of: try example("tiny"), language: .ru)
        try edit(&files)
        var book = Workbook(sheets: try files.keys.sorted().map { file in
            let text = String(decoding: files[file]!.dropFirst(3), as: UTF8.self)
            return Workbook.Sheet(name: TableImport.sheetName(file), rows: try XCTUnwrap(TableImport.records(csv: text), file))
        })
        sheets(&book)
        do {
            _ = try TableImport.read(workbook: try Workbook.read(xlsx: try book.xlsx()))
            XCTFail("\(name): read without an error")
            return []
        } catch let error as TableImportError {
            XCTAssertFalse(error.issues.isEmpty)
            return error.issues
        }
    }

    private func replace(_ files: inout [String: Data], _ file: String, _ old: String, _ new: String, line: UInt = #line) {
        TableTestFiles.replace(&files, file, old, new, line: line)
    }

    private func assertIssue(_ issues: [TableIssue], _ place: String, _ words: String, line: UInt = #line) {
        XCTAssertTrue(issues.contains { $0.description(workbook: "tiny.xlsx").hasPrefix(place) && $0.description.contains(words) && $0.fix != nil },
                      "no \(place) … \(words) in:\n" + issues.map { $0.description(workbook: "tiny.xlsx") }.joined(separator: "\n"), line: line)
    }

    func testBrokenWorkbooksNameTheSheetRowAndColumn() throws {
        for e in BrokenTableEdit.all {
            assertIssue(try broken(e.name) { replace(&$0, e.file, e.old, e.new) },
                        "tiny.xlsx[\(TableImport.sheetName(e.file))]" + e.place, e.words)
        }
        // A missing sheet, an empty one, and a sheet that is no table.
        assertIssue(try broken("missing") { $0["teachers.csv"] = nil }, "tiny.xlsx[teachers]:", "the sheet is missing")
        assertIssue(try broken("empty") { $0["rooms.csv"] = Data("\u{FEFF}\r\n".utf8) }, "tiny.xlsx[rooms]:1:", "header row is missing")
        assertIssue(try broken("stranger", { _ in }, sheets: { $0.sheets.append(.init(name: "Лист1", rows: [["заметки"]])) }),
                    "tiny.xlsx[Лист1]:", "is not a table of the instance")
        // A sheet named in another case is the same table.
        XCTAssertNoThrow(try TableImport.read(workbook: try Workbook.read(xlsx: try {
            var book = try TableExport.workbook(of: try example("tiny"))
            book.sheets[1].name = book.sheets[1].name.uppercased()
            return book
        }().xlsx())))
        // The instance's validation points back to the sheet and row.
        var book = try TableExport.workbook(of: try example("tiny"))
        let courses = try XCTUnwrap(book.sheets.firstIndex { $0.name == "courses" })
        let minSize = try XCTUnwrap(book.sheets[courses].rows[0].firstIndex(of: InstanceTables.courses.column("minSize")!.ru))
        book.sheets[courses].rows[1][minSize] = "20"
        let read = try TableImport.read(workbook: try Workbook.read(xlsx: try book.xlsx()))
        let findings = TableImport.validate(read).filter { $0.severity == .error }
        XCTAssertTrue(findings.contains { $0.file == "courses" && $0.row == 2 && $0.column == minSize + 1 },
                      findings.map { $0.description(workbook: "tiny.xlsx") }.joined(separator: "\n"))
    }

    /// Builds an archive from parts, for files that are ZIP archives but broken workbooks.
    private func archive(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try XCTUnwrap(archive.data)
    }

    private func assertUnreadable(_ data: Data, _ words: String, line: UInt = #line) {
        XCTAssertThrowsError(try Workbook.read(xlsx: data), line: line) { error in
            XCTAssertTrue("\(error)".contains(words), "\(error)", line: line)
        }
    }

    /// Inputs the fuzzer (`scripts/fuzz.sh workbook`) found crashing the reader, now refused.
    func testArchivesTheFuzzerBrokeAreRefused() throws {
        let fixtures = ExamplesTests.root.appendingPathComponent("Tests/NetworkTimetablingTests/Fixtures/xlsx")
        for (name, words) in [("fuzz-range.xlsx", "not an .xlsx workbook"), ("fuzz-sheet-bytes.xlsx", "sheet3.xml in the workbook is not UTF-8 text")] {
            assertUnreadable(try Data(contentsOf: fixtures.appendingPathComponent(name)), words)
        }
    }

    func testFilesThatAreNoWorkbookAreRefusedWithTheReason() throws {
        let good = try TableExport.workbook(of: try example("tiny")).xlsx()
        assertUnreadable(Data("код;имя\r\n".utf8), "not an .xlsx workbook")
        assertUnreadable(good.prefix(good.count / 2), "not an .xlsx workbook")
        assertUnreadable(try archive(["word/document.xml": "<document/>"]), "no xl/workbook.xml")
        let workbook = """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="sites" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """
        assertUnreadable(try archive(["xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels]), "its part xl/worksheets/sheet1.xml is missing")
        assertUnreadable(try archive(["xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels,
                                      "xl/worksheets/sheet1.xml": "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</row>"]),
                         "not well-formed XML")
        let sharedCell = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>"
        assertUnreadable(try archive(["xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": sharedCell]),
                         "refers to a shared string \"7\" that does not exist")
        let instruction = "<?xml version=\"1.0\"?><worksheet><?x?><sheetData/></worksheet>"
        assertUnreadable(try archive(["xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": instruction]),
                         "has an XML processing instruction")
        let badRef = "<worksheet><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row></sheetData></worksheet>"
        assertUnreadable(try archive(["xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": badRef]),
                         "cell reference \"1A\" is not valid")
        // What other writers do: shared strings with rich-text runs, a namespace prefix, rows without `r`.
        let prefixed = """
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>\
            <x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row>\
            <x:row><x:c r="B2" t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>
            """
        let strings = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>код</t></si><si><r><t>наз</t></r><r><t>вание</t></r></si></sst>"
        let book = try Workbook.read(xlsx: try archive(["xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels,
                                                        "xl/worksheets/sheet1.xml": prefixed, "xl/sharedStrings.xml": strings]))
        XCTAssertEqual(book, Workbook(sheets: [.init(name: "sites", rows: [["код", "название"], ["", "1"]])]))
    }
}
