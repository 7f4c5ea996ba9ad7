import Foundation
import TimetablingCore
import XCTest

/// What the folder tests (`InstanceTablesTests`) and the workbook tests (`WorkbookTests`) both use:
/// the bundled examples, scratch folders, and editing a table's text.
enum TableTestFiles {
    static func example(_ name: String) throws -> Instance {
        let loaded = InstanceLoader.load(contentsOf: ExamplesTests.root.appendingPathComponent("Examples/\(name).json"))
        return try XCTUnwrap(loaded.instance, "\(name): \(loaded.diagnostics)")
    }

    /// An empty folder `name` under a per-process scratch folder named by `kind`.
    static func folder(_ kind: String, _ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(kind)-\(getpid())/\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Replaces `old` by `new` in the text of `file`, failing the test when `old` is not there.
    static func replace(_ files: inout [String: Data], _ file: String, _ old: String, _ new: String, line: UInt = #line) {
        let text = String(decoding: files[file]!, as: UTF8.self)
        XCTAssertTrue(text.contains(old), "\(file) lacks \(old)", line: line)
        files[file] = Data(text.replacingOccurrences(of: old, with: new).utf8)
    }
}

/// Edits of `Examples/tiny.json`'s Russian tables that each break one cell, row or header, with
/// the place (after the file or sheet name: `:ROW:COLUMN:`) and the words the import must report.
/// Shared by the folder tests (`InstanceTablesTests`) and the workbook tests (`WorkbookTests`).
struct BrokenTableEdit {
    let name: String
    let file: String
    let old: String
    let new: String
    let place: String
    let words: String

    static let all: [BrokenTableEdit] = [
        // Wrong type: a grade in words (students.csv row 2, column 3).
        .init(name: "type", file: "students.csv", old: "Daria K.;10;", new: "Daria K.;десять;", place: ":2:3:", words: "not a whole number"),
        // Unknown ids, with the near one suggested.
        .init(name: "class", file: "students.csv", old: "Timur B.;10;sosnovka;sosnovka-10;", new: "Timur B.;10;sosnovka;Sosnovka-10;",
              place: ":3:5:", words: "unknown class \"Sosnovka-10\" (did you mean \"sosnovka-10\"?)"),
        .init(name: "course", file: "alternatives.csv", old: "s-sosnovka-10-01;1;chem-adv;", new: "s-sosnovka-10-01;1;chem-adw;",
              place: ":2:3:", words: "did you mean \"chem-adv\""),
        // A required column missing; an extra unknown one; a value under no header.
        .init(name: "column", file: "students.csv", old: "код;имя;параллель;школа;класс;", new: "код;имя;параллель;школа_;класс;",
              place: ":1:", words: "required column \"школа\" (homeSite) is missing"),
        .init(name: "extra", file: "courses.csv", old: ";онлайн-занятия\r\n", new: ";онлайн-занятия;примечание\r\n",
              place: ":1:16:", words: "unknown column \"примечание\""),
        .init(name: "headerless", file: "sites.csv", old: "kamenka;Kamenka basic school;small-school;Kamenka;",
              new: "kamenka;Kamenka basic school;small-school;Kamenka;;x", place: ":4:6:", words: "without a header"),
        // Duplicate rows.
        .init(name: "duplicate", file: "sites.csv", old: "kamenka;Kamenka basic school;", new: "ivanovka;Kamenka basic school;",
              place: ":4:1:", words: "site \"ivanovka\" is listed twice (first in row 3)"),
        // A bad clock time; bad periods and days in busy periods.
        .init(name: "time", file: "periods.csv", old: "2;09:25;", new: "2;9.25;", place: ":3:2:", words: "not a clock time"),
        .init(name: "period", file: "rooms.csv", old: "\"Пн 2,3; Ср 1,4; Пт 3\"", new: "\"Пн 2,9; Ср 1,4; Пт 3\"", place: ":2:7:", words: "period 9"),
        .init(name: "range", file: "rooms.csv", old: "\"Пн 2,3; Ср 1,4; Пт 3\"", new: "\"Пн 2-999999999999; Ср 4-1; Пт 3\"",
              place: ":2:7:", words: "\"2-999999999999\" is not a period number or range"),
        .init(name: "day", file: "rooms.csv", old: "\"Пн 2,3; Ср 1,4; Пт 3\"", new: "\"Пн 2,3; Вс 1,4; Пт 3\"", place: ":2:7:", words: "unknown day \"Вс\""),
        // An unknown parameter, a request number out of order.
        .init(name: "parameter", file: "weights.csv", old: "окно ученика;", new: "окно учненика;",
              place: ":7:1:", words: "unknown parameter \"окно учненика\" (did you mean \"окно ученика\"?)"),
        .init(name: "order", file: "requests.csv", old: "s-sosnovka-10-01;2;", new: "s-sosnovka-10-01;3;", place: ":3:2:", words: "out of order"),
        // A number where yes or no belongs; an error value (what a broken formula shows) where a number belongs.
        .init(name: "yes-no", file: "courses.csv", old: "\"1;1\";да;", new: "\"1;1\";5;", place: ":2:6:", words: "not yes or no"),
        .init(name: "error-value", file: "courses.csv", old: "\"1;1\";да;2;12;", new: "\"1;1\";да;#N/A;12;",
              place: ":2:7:", words: "\"#N/A\" is not a whole number"),
    ]
}
