import Foundation
import TimetablingCore
import TimetablingGenerator
import TimetablingTables
import XCTest

/// The instance as a folder of CSV tables: the bundled examples go out and back unchanged, in
/// the encodings and delimiters people save; broken folders fail with every problem at its
/// file, row and column.
final class InstanceTablesTests: XCTestCase {
    private func example(_ name: String) throws -> Instance { try TableTestFiles.example(name) }

    private func folder(_ name: String) throws -> URL { try TableTestFiles.folder("tables-tests", name) }

    private func write(_ files: [String: Data], to dir: URL) throws {
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
    }

    private func json(_ instance: Instance) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(instance), as: UTF8.self)
    }

    // MARK: round trips

    func testEveryExampleGoesOutAndBackUnchangedAndTheTablesAreStable() throws {
        for name in ["tiny", "terbuny-network", "terbuny-network-ru", "arctic-network", "blended"] {
            let instance = try example(name)
            for language in InstanceTables.Language.allCases {
                let dir = try folder("\(name)-\(language)")
                let files = try TableExport.tables(of: instance, language: language)
                try write(files, to: dir)
                let read = try TableImport.read(folder: dir)
                XCTAssertEqual(read.instance, instance, "\(name) \(language)")
                XCTAssertEqual(try json(read.instance), try json(instance), "\(name) \(language)")
                XCTAssertTrue(read.warnings.isEmpty, "\(read.warnings)")
                XCTAssertFalse(TableImport.validate(read).contains { $0.severity == .error }, "\(name)")
                let again = try TableExport.tables(of: read.instance, language: language)
                XCTAssertEqual(again.keys.sorted(), files.keys.sorted())
                for (file, data) in files { XCTAssertEqual(again[file], data, "\(name) \(language) \(file) differs on the second export") }
            }
        }
    }

    func testTheDefaultFilesAreUTF8WithBOMSemicolonsAndDecimalCommas() throws {
        let files = try TableExport.tables(of: try example("terbuny-network"))
        let weights = try XCTUnwrap(files["weights.csv"])
        XCTAssertTrue(weights.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: weights.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("параметр;значение;пояснение\r\n"), text)
        XCTAssertTrue(text.contains("минута в пути ученика;0,5;"), text)
        let en = String(decoding: try XCTUnwrap(try TableExport.tables(of: try example("terbuny-network"), language: .en)["weights.csv"]).dropFirst(3), as: UTF8.self)
        XCTAssertTrue(en.contains("studentTravelMinute;0.5;"), en)
        let teachers = String(decoding: try XCTUnwrap(files["teachers.csv"]).dropFirst(3), as: UTF8.self)
        XCTAssertTrue(teachers.contains("\"Пн 1,3,4,6; Вт 1-6;"), teachers)
        let readme = String(decoding: try XCTUnwrap(files["README.csv"]).dropFirst(3), as: UTF8.self)
        for table in InstanceTables.all {
            for column in table.columns + table.parameters {
                XCTAssertTrue(readme.contains("\(table.file);\(column.ru);\(column.key);"), "README.csv lacks \(table.file) \(column.key)")
            }
        }
    }

    func testExcelWindows1251AndLibreOfficeCommaFoldersReadToTheSameInstance() throws {
        // The Russian example's names (№, «», ё) in Windows-1251 too.
        let russian = try example("terbuny-network-ru")
        let excelRU = try folder("excel-1251-ru")
        for (name, data) in try TableExport.tables(of: russian, language: .ru) {
            let text = String(decoding: data.dropFirst(3), as: UTF8.self)
            try XCTUnwrap(text.data(using: .windowsCP1251), "\(name) has a character Windows-1251 lacks").write(to: excelRU.appendingPathComponent(name))
        }
        XCTAssertEqual(try TableImport.read(folder: excelRU).instance, russian)
        let instance = try example("terbuny-network")
        // Excel in a Russian locale: Windows-1251, no BOM, `;`, decimal commas.
        let excel = try folder("excel-1251")
        for (name, data) in try TableExport.tables(of: instance, language: .ru) {
            let text = String(decoding: data.dropFirst(3), as: UTF8.self)
            let bytes = try XCTUnwrap(text.data(using: .windowsCP1251), "\(name) has a character Windows-1251 lacks")
            XCTAssertNil(String(data: bytes, encoding: .utf8).flatMap { $0.contains("параметр") || $0.contains("код") ? $0 : nil })
            try bytes.write(to: excel.appendingPathComponent(name))
        }
        XCTAssertEqual(try TableImport.read(folder: excel).instance, instance)
        XCTAssertEqual(try TableImport.read(folder: excel, encoding: .windows1251, delimiter: ";").instance, instance)
        // LibreOffice: UTF-8 without BOM, `,`; Russian headers with decimal commas (quoted) and English ones with points.
        for (language, comma) in [(InstanceTables.Language.ru, true), (.en, false)] {
            let libre = try folder("libre-\(language)")
            let files = try TableExport.tables(of: instance, language: language, format: .init(delimiter: ",", byteOrderMark: false, decimalComma: comma))
            XCTAssertFalse(try XCTUnwrap(files["sites.csv"]).starts(with: [0xEF, 0xBB, 0xBF]))
            try write(files, to: libre)
            XCTAssertEqual(try TableImport.read(folder: libre).instance, instance, "\(language)")
        }
        // Hand-written cells: H:MM and HH:MM:SS times, day names in full, English values in a Russian file.
        let dir = try folder("hand")
        var files = try TableExport.tables(of: try example("tiny"), language: .ru)
        files["periods.csv"] = try XCTUnwrap(utf8(files["periods.csv"]!).replacingOccurrences(of: "08:30;", with: "8:30:00;").data(using: .utf8))
        files["rooms.csv"] = try XCTUnwrap(utf8(files["rooms.csv"]!).replacingOccurrences(of: "\"Пн 2,3; Ср 1,4; Пт 3\"", with: "\"понедельник 2-3; Wed 1,4; пт 3\"").data(using: .utf8))
        try write(files, to: dir)
        XCTAssertEqual(try TableImport.read(folder: dir).instance, try example("tiny"))
    }

    private func utf8(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    // MARK: broken folders

    /// tiny's Russian tables with one file edited; the import must fail naming the place.
    private func broken(_ name: String, encoding: TableImport.Encoding? = nil, _ edit: (inout [String: Data]) throws -> Void) throws -> [TableIssue] {
        var files = try TableExport.tables(of: try example("tiny"), language: .ru)
        try edit(&files)
        let dir = try folder("broken-\(name)")
        try write(files, to: dir)
        do {
            _ = try TableImport.read(folder: dir, encoding: encoding)
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
        XCTAssertTrue(issues.contains { $0.description.hasPrefix(place) && $0.description.contains(words) && $0.fix != nil },
                      "no \(place) … \(words) in:\n" + issues.map(\.description).joined(separator: "\n"), line: line)
    }

    func testBrokenFoldersNameTheFileRowAndColumn() throws {
        for e in BrokenTableEdit.all {
            assertIssue(try broken(e.name) { replace(&$0, e.file, e.old, e.new) }, e.file + e.place, e.words)
        }
        // Wrong encoding bytes: Windows-1251 read as UTF-8, and a UTF-16 file.
        assertIssue(try broken("encoding", encoding: .utf8) { files in
            files["courses.csv"] = utf8(files["courses.csv"]!.dropFirst(3)).data(using: .windowsCP1251)!
        }, "courses.csv:1:", "not valid UTF-8")
        assertIssue(try broken("utf16") { files in
            files["courses.csv"] = utf8(files["courses.csv"]!.dropFirst(3)).data(using: .utf16)!
        }, "courses.csv:1:", "UTF-16")
        // A missing file and an empty one.
        assertIssue(try broken("missing") { $0["teachers.csv"] = nil }, "teachers.csv:", "missing")
        assertIssue(try broken("empty") { $0["rooms.csv"] = Data() }, "rooms.csv:1:", "empty")
    }

    func testEveryProblemIsReportedAtOnce() throws {
        let issues = try broken("many") { files in
            replace(&files, "students.csv", "Daria K.;10;", "Daria K.;десять;")
            replace(&files, "periods.csv", "2;09:25;", "2;25:00;")
            files["teachers.csv"] = nil
        }
        XCTAssertTrue(issues.contains { $0.file == "students.csv" })
        XCTAssertTrue(issues.contains { $0.file == "periods.csv" })
        XCTAssertTrue(issues.contains { $0.file == "teachers.csv" })
    }

    func testValidationFindingsPointBackToTheTableRow() throws {
        var files = try TableExport.tables(of: try example("tiny"), language: .ru)
        // Smallest section above the largest: the tables read, InstanceLoader refuses it.
        replace(&files, "courses.csv", "chem-adv;Chemistry (in depth);chemistry;углублённый;\"1;1\";да;2;12;", "chem-adv;Chemistry (in depth);chemistry;углублённый;\"1;1\";да;20;12;")
        let dir = try folder("validation")
        try write(files, to: dir)
        let read = try TableImport.read(folder: dir)
        let findings = TableImport.validate(read).filter { $0.severity == .error }
        XCTAssertTrue(findings.contains { $0.file == "courses.csv" && $0.row == 2 }, findings.map(\.description).joined(separator: "\n"))
    }

    /// A generated city network whose lyceum classes go to the technopark as groups: the groups
    /// table goes out and back; a group naming an unknown class is an error at its row.
    func testGroupsGoOutAndBack() throws {
        let instance = InstanceGenerator.generate(GeneratorParameters(sites: 6, students: 60, courses: 16, teachers: 16, seed: 2,
                                                                      profile: .city, juniorStudents: 30))
        XCTAssertFalse(instance.groups.isEmpty)
        let files = try TableExport.tables(of: instance, language: .ru)
        let dir = try folder("groups")
        try write(files, to: dir)
        let read = try TableImport.read(folder: dir)
        XCTAssertEqual(read.instance, instance)
        XCTAssertFalse(TableImport.validate(read).contains { $0.severity == .error })
        var broken = files
        let g = instance.groups[0]
        broken["groups.csv"] = Data(utf8(files["groups.csv"]!).replacingOccurrences(of: ";\(g.schoolClass!);", with: ";\(g.schoolClass!)x;").utf8)
        let bad = try folder("groups-broken")
        try write(broken, to: bad)
        XCTAssertThrowsError(try TableImport.read(folder: bad)) { error in
            XCTAssertTrue("\(error)".contains("groups.csv:2:2: error: unknown class"), "\(error)")
        }
    }

    /// Terbuny with locks of every kind, taken from a timetable: tables out and back, the same
    /// instance, the lock files as a person reads them; broken lock rows name their place.
    func testLocksGoOutAndBackAndBrokenLockRowsNameTheirPlace() throws {
        var instance = try example("terbuny-network")
        instance.locks = Locks(
            sections: [SectionLock(section: "maths-adv-10/1", course: "maths-adv-10", teacher: "t-kuznetsova",
                                   meetings: [LockedMeeting(day: "tue", period: 7, length: 2, room: "terbuny-physics-lab"),
                                              LockedMeeting(day: "thu", period: 6)]),
                       SectionLock(section: "phys-adv-10/1", course: "phys-adv-10")],
            enrolments: [EnrolmentLock(student: instance.students[0].id, request: 0, section: "maths-adv-10/1")],
            busRides: [BusRideLock(student: instance.students[0].id, day: "wed", busRun: instance.transport.busRuns[0].id)])
        for language in InstanceTables.Language.allCases {
            let files = try TableExport.tables(of: instance, language: language)
            let dir = try folder("locks-\(language)")
            try write(files, to: dir)
            XCTAssertEqual(try TableImport.read(folder: dir).instance, instance, "\(language)")
            XCTAssertEqual(try TableImport.read(workbook: try Workbook.read(xlsx: try TableExport.workbook(of: instance, language: language).xlsx())).instance,
                           instance, "\(language) workbook")
        }
        let files = try TableExport.tables(of: instance, language: .ru)
        XCTAssertEqual(utf8(files["lock-meetings.csv"]!.dropFirst(3)),
                       "группа;день;урок;уроков;помещение\r\nmaths-adv-10/1;Вт;7;2;terbuny-physics-lab\r\nmaths-adv-10/1;Чт;6;1;\r\n")
        XCTAssertEqual(utf8(files["lock-enrolments.csv"]!.dropFirst(3)), "ученик;№ запроса;группа\r\n\(instance.students[0].id);1;maths-adv-10/1\r\n")
        // Without lock files (a folder exported before locks were tables) there are no locks.
        var old = try TableExport.tables(of: try example("tiny"), language: .ru)
        for t in [InstanceTables.lockSections, InstanceTables.lockMeetings, InstanceTables.lockEnrolments, InstanceTables.lockBusRides] { old[t.file] = nil }
        let dir = try folder("no-lock-files")
        try write(old, to: dir)
        XCTAssertNil(try TableImport.read(folder: dir).instance.locks)
        // Broken lock rows.
        var broken = files
        broken["lock-enrolments.csv"] = Data(utf8(files["lock-enrolments.csv"]!).replacingOccurrences(of: ";1;maths-adv-10/1", with: ";9;maths-adv-10/2").utf8)
        broken["lock-meetings.csv"] = Data(utf8(files["lock-meetings.csv"]!).replacingOccurrences(of: "Чт;6;1;", with: "Вс;6;1;terbuny-physic-lab").utf8)
        broken["lock-sections.csv"] = Data(utf8(files["lock-sections.csv"]!).replacingOccurrences(of: "phys-adv-10/1;phys-adv-10;", with: "phys-adv-10/1;phys-adv-01;").utf8)
        let bad = try folder("broken-locks")
        try write(broken, to: bad)
        XCTAssertThrowsError(try TableImport.read(folder: bad)) { error in
            let text = (error as? TableImportError)?.description ?? "\(error)"
            XCTAssertTrue(text.contains("lock-enrolments.csv:2:2: error: student \"\(instance.students[0].id)\" has no request 9"), text)
            XCTAssertTrue(text.contains("lock-meetings.csv:3:2: error: unknown day \"Вс\""), text)
            XCTAssertTrue(text.contains("lock-sections.csv:3:2: error: unknown course \"phys-adv-01\""), text)
        }
        // A section lock with an empty list of meetings cannot be told from none: refused, not changed.
        instance.locks?.sections[1].meetings = []
        XCTAssertThrowsError(try TableExport.tables(of: instance))
    }
}
