import Foundation
import TimetablingTables
import XCTest

/// End-to-end runs of the built `netsched export-tables` and `import-tables`: an example goes out
/// to a folder of CSV tables and back to the same instance, which solves; a broken folder exits 2
/// naming the file, row and column; bad flags exit 64.
final class TablesCommandTests: XCTestCase {
    @discardableResult
    private func run(_ arguments: [String]) throws -> CommandLineTests.Run { try CommandLineTests.run(arguments) }

    private func example(_ name: String) -> String { CommandLineTests.root.appendingPathComponent("Examples/\(name).json").path }

    private func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-tables-\(getpid())/\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The instance as the validated JSON `netsched` would load (defaults filled in), for comparing.
    private func normalised(_ path: String) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    func testExportAndImportGiveBackTheInstanceAndItSolves() throws {
        let dir = try folder("terbuny")
        let tables = dir.appendingPathComponent("tables").path
        let out = dir.appendingPathComponent("back.json").path
        var r = try run(["export-tables", example("terbuny-network"), "--out", tables])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: tables).sorted()
        for name in ["README.csv", "students.csv", "requests.csv", "alternatives.csv", "bus-stops.csv", "weights.csv"] {
            XCTAssertTrue(files.contains(name), "\(name) missing from \(files)")
        }
        let students = try Data(contentsOf: URL(fileURLWithPath: tables).appendingPathComponent("students.csv"))
        XCTAssertTrue(students.starts(with: [0xEF, 0xBB, 0xBF] + Array("код;имя;параллель".utf8)))

        r = try run(["import-tables", tables, "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        // The same instance: export the imported one again and compare the tables byte for byte.
        let again = dir.appendingPathComponent("again").path
        XCTAssertEqual(try run(["export-tables", out, "--out", again]).status, 0)
        for name in files {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: tables).appendingPathComponent(name)),
                           try Data(contentsOf: URL(fileURLWithPath: again).appendingPathComponent(name)), name)
        }
        XCTAssertEqual(try run(["validate", out]).status, 0)
        let solution = dir.appendingPathComponent("solution.json").path
        r = try run(["solve", out, "--out", solution, "--engine", "greedy", "--quiet"])
        XCTAssertTrue([0, 1].contains(r.status), r.stderr)
        XCTAssertEqual(try run(["check", out, solution]).status, try run(["check", example("terbuny-network"), solution]).status)
    }

    func testEnglishTablesImportToTheSameInstanceAsTheRussianOnes() throws {
        let dir = try folder("tiny-en")
        let en = dir.appendingPathComponent("en").path, ru = dir.appendingPathComponent("ru").path
        XCTAssertEqual(try run(["export-tables", example("tiny"), "--out", en, "--lang", "en"]).status, 0)
        XCTAssertEqual(try run(["export-tables", example("tiny"), "--out", ru]).status, 0)
        let header = String(decoding: try Data(contentsOf: URL(fileURLWithPath: en).appendingPathComponent("students.csv")).dropFirst(3), as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("id;name;grade;homeSite;class;"), header)
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        XCTAssertEqual(try run(["import-tables", en, "--out", a]).status, 0)
        XCTAssertEqual(try run(["import-tables", ru, "--out", b, "--encoding", "utf-8", "--delimiter", ";"]).status, 0)
        XCTAssertEqual(try normalised(a), try normalised(b))
    }

    func testABrokenFolderExitsTwoNamingTheFileRowAndColumnAndWritesNothing() throws {
        let dir = try folder("broken")
        let tables = dir.appendingPathComponent("tables")
        XCTAssertEqual(try run(["export-tables", example("tiny"), "--out", tables.path]).status, 0)
        let students = tables.appendingPathComponent("students.csv")
        var text = String(decoding: try Data(contentsOf: students), as: UTF8.self)
        text = text.replacingOccurrences(of: "Daria K.;10;", with: "Daria K.;десять;")
            .replacingOccurrences(of: "Timur B.;10;sosnovka;sosnovka-10;", with: "Timur B.;10;sosnovka;Sosnovka-10;")
        try Data(text.utf8).write(to: students)
        try FileManager.default.removeItem(at: tables.appendingPathComponent("teachers.csv"))
        let out = dir.appendingPathComponent("out.json").path
        let r = try run(["import-tables", tables.path, "--out", out])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("students.csv:2:3: error: \"десять\" is not a whole number"), r.stderr)
        XCTAssertTrue(r.stderr.contains("students.csv:3:5: error: unknown class \"Sosnovka-10\" (did you mean \"sosnovka-10\"?)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("teachers.csv: error: the file is missing"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        // Tables that read but make an invalid instance: InstanceLoader's finding, at the table row.
        let fresh = dir.appendingPathComponent("invalid")
        XCTAssertEqual(try run(["export-tables", example("tiny"), "--out", fresh.path]).status, 0)
        let courses = fresh.appendingPathComponent("courses.csv")
        let edited = String(decoding: try Data(contentsOf: courses), as: UTF8.self).replacingOccurrences(of: ";да;2;12;", with: ";да;20;12;")
        try Data(edited.utf8).write(to: courses)
        let v = try run(["import-tables", fresh.path, "--out", out])
        XCTAssertEqual(v.status, 2, v.stderr)
        XCTAssertTrue(v.stderr.contains("courses.csv:2"), v.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testMissingFolderUnusableInstanceAndBadFlags() throws {
        let dir = try folder("flags")
        XCTAssertEqual(try run(["import-tables", dir.appendingPathComponent("nowhere").path, "--out", dir.appendingPathComponent("x.json").path]).status, 2)
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\"formatVersion\": 1}".utf8).write(to: bad)
        XCTAssertEqual(try run(["export-tables", bad.path, "--out", dir.appendingPathComponent("t").path]).status, 2)
        let lang = try run(["export-tables", example("tiny"), "--out", dir.path, "--lang", "de"])
        XCTAssertEqual(lang.status, 64)
        XCTAssertTrue(lang.stderr.contains("--lang"), lang.stderr)
        let sep = try run(["import-tables", dir.path, "--out", "x.json", "--delimiter", "|"])
        XCTAssertEqual(sep.status, 64)
        XCTAssertTrue(sep.stderr.contains("--delimiter"), sep.stderr)
        let enc = try run(["import-tables", dir.path, "--out", "x.json", "--encoding", "koi8-r"])
        XCTAssertEqual(enc.status, 64)
    }

    func testAWorkbookGoesOutAndBackAndABrokenOneExitsTwoNamingTheSheet() throws {
        let dir = try folder("workbook")
        let book = dir.appendingPathComponent("tiny.xlsx").path, tables = dir.appendingPathComponent("tables").path
        var r = try run(["export-tables", example("tiny"), "--out", book])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("22 sheets written"), r.stderr)
        XCTAssertEqual(try run(["export-tables", example("tiny"), "--out", tables]).status, 0)
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        XCTAssertEqual(try run(["import-tables", book, "--out", a]).status, 0)
        XCTAssertEqual(try run(["import-tables", tables, "--out", b]).status, 0)
        XCTAssertEqual(try normalised(a), try normalised(b))

        // A grade in words and an unknown class, edited in the workbook: exit 2, sheet, row and column.
        var workbook = try Workbook.read(xlsx: Data(contentsOf: URL(fileURLWithPath: book)))
        let students = try XCTUnwrap(workbook.sheets.firstIndex { $0.name == "students" })
        XCTAssertEqual(workbook.sheets[students].rows[1][2], "10")
        workbook.sheets[students].rows[1][2] = "десять"
        workbook.sheets[students].rows[2][4] = "Sosnovka-10"
        let broken = dir.appendingPathComponent("broken.xlsx")
        try workbook.xlsx().write(to: broken)
        let out = dir.appendingPathComponent("out.json").path
        r = try run(["import-tables", broken.path, "--out", out])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("broken.xlsx[students]:2:3: error: \"десять\" is not a whole number"), r.stderr)
        XCTAssertTrue(r.stderr.contains("broken.xlsx[students]:3:5: error: unknown class \"Sosnovka-10\" (did you mean \"sosnovka-10\"?)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        // A CSV file named .xlsx is no workbook.
        let fake = dir.appendingPathComponent("fake.xlsx")
        try Data("код;имя\r\n".utf8).write(to: fake)
        r = try run(["import-tables", fake.path, "--out", out])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("not an .xlsx workbook"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testTemplateWritesEmptyTablesThatExplainEveryColumn() throws {
        let dir = try folder("template")
        let book = dir.appendingPathComponent("network.xlsx").path, tables = dir.appendingPathComponent("network").path
        XCTAssertEqual(try run(["template", "--out", book]).status, 0)
        XCTAssertEqual(try run(["template", "--out", tables, "--lang", "en"]).status, 0)
        let workbook = try Workbook.read(xlsx: Data(contentsOf: URL(fileURLWithPath: book)))
        XCTAssertEqual(workbook.sheets.first?.name, "README")
        XCTAssertEqual(workbook.sheet(named: "students")?.rows.count, 1)
        XCTAssertTrue(workbook.sheets[0].rows.contains { $0.starts(with: ["students", "школа", "homeSite"]) })
        let files = try FileManager.default.contentsOfDirectory(atPath: tables)
        XCTAssertEqual(files.count, 22)
        let header = String(decoding: try Data(contentsOf: URL(fileURLWithPath: tables).appendingPathComponent("students.csv")).dropFirst(3), as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("id;name;grade;homeSite;"), header)
        // Nothing filled in yet: import-tables says what is missing and writes nothing.
        let out = dir.appendingPathComponent("out.json").path
        let r = try run(["import-tables", book, "--out", out])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("network.xlsx[general]"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testReportWritesTheSolutionAsOneWorkbook() throws {
        let dir = try folder("report-xlsx")
        let solution = dir.appendingPathComponent("solution.json").path
        XCTAssertTrue([0, 1].contains(try run(["solve", example("tiny"), "--out", solution, "--engine", "greedy", "--quiet", "--no-bound"]).status))
        let report = dir.appendingPathComponent("report").path
        let r = try run(["report", example("tiny"), solution, "--out", report, "--format", "csv,xlsx"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let book = try Workbook.read(xlsx: Data(contentsOf: URL(fileURLWithPath: report).appendingPathComponent("xlsx/timetable.xlsx")))
        XCTAssertEqual(Array(book.sheets.map(\.name).prefix(4)), ["Итоги", "Школы", "Охват ИУП", "Запросы и отказы"])
        // Every CSV table is a sheet with the same rows.
        let csvFiles = try FileManager.default.contentsOfDirectory(atPath: report + "/csv").filter { $0.hasSuffix(".csv") }
        XCTAssertEqual(book.sheets.count, csvFiles.count)
        let week = try XCTUnwrap(book.sheet(named: "Расписание учеников"))
        let csv = String(decoding: try Data(contentsOf: URL(fileURLWithPath: report + "/csv/student_week.csv")), as: UTF8.self)
        XCTAssertEqual(week.rows.count, csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count)
        XCTAssertEqual(try run(["report", example("tiny"), solution, "--out", report, "--format", "xlsx,pdf"]).status, 64)
    }

    /// Done-means of the tables: every example, out to a workbook and back, solves to the same
    /// timetable as the original with the same seed and iteration count.
    func testEveryExampleImportedFromItsWorkbookSolvesToTheSameTimetable() throws {
        for name in ["tiny", "terbuny-network", "terbuny-network-ru", "arctic-network"] {
            let dir = try folder("same-\(name)")
            let book = dir.appendingPathComponent("\(name).xlsx").path, back = dir.appendingPathComponent("back.json").path
            XCTAssertEqual(try run(["export-tables", example(name), "--out", book]).status, 0)
            XCTAssertEqual(try run(["import-tables", book, "--out", back]).status, 0)
            var solutions: [[String: Any]] = []
            for (k, instance) in [example(name), back].enumerated() {
                let out = dir.appendingPathComponent("s\(k).json").path
                let r = try run(["solve", instance, "--out", out, "--engine", "heuristic", "--seed", "3", "--max-iterations", "1500",
                                 "--no-bound", "--quiet"])
                XCTAssertTrue([0, 1].contains(r.status), r.stderr)
                solutions.append(try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]))
            }
            for key in ["sections", "assignments", "itineraries", "unsatisfied"] {
                let a = try JSONSerialization.data(withJSONObject: solutions[0][key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
                let b = try JSONSerialization.data(withJSONObject: solutions[1][key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
                XCTAssertEqual(a, b, "\(name): \(key) differ")
            }
            XCTAssertFalse((solutions[0]["sections"] as? [Any] ?? []).isEmpty, name)
        }
    }
}
