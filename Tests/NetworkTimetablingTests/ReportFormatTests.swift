import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// Reports in all four formats for both network examples and both languages: the files exist,
/// are written to disk, and parse (HTML pages per student, CSV with consistent columns, JSON
/// that decodes, well-formed iCalendar).
final class ReportFormatTests: XCTestCase {
    static let term = ReportOptions.Term(start: DateOnly("2025-09-01")!, end: DateOnly("2025-12-26")!)
    static let stamp = Date(timeIntervalSince1970: 1_756_713_600)   // 2025-09-01 08:00 UTC

    static func render(_ c: ReportExamples.Case, _ lang: ReportLanguage, _ format: ReportFormat) -> [ReportFile] {
        ReportRenderer.render(c.report, instance: c.problem.instance, format: format,
                              options: ReportOptions(language: lang, term: term, timestamp: stamp))
    }

    private func text(_ f: ReportFile) -> String { String(decoding: f.data, as: UTF8.self) }

    func testAllFormatsAreWrittenToDisk() throws {
        let c = try ReportExamples.load("arctic-network")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ReportFormat.allCases.flatMap { Self.render(c, .ru, $0) }
        try ReportWriter.write(files, to: dir)
        for f in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(f.path))
            XCTAssertEqual(data, f.data, f.path)
        }
        for path in ["html/index.html", "html/transport.html", "html/courses.html", "html/refusals.html", "json/report.json",
                     "csv/student_week.csv", "csv/transport.csv", "csv/requests.csv", "csv/summary.csv"] {
            XCTAssert(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path), path)
        }
        XCTAssertEqual(Set(files.map(\.path)).count, files.count, "no two files share a path")
    }

    func testHTMLSiteHasEveryPageAndNeedsNothingFromOutside() throws {
        for c in try ReportExamples.all {
            for lang in ReportLanguage.allCases {
                let files = Self.render(c, lang, .html)
                let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, text($0)) })
                XCTAssertEqual(files.filter { $0.path.hasPrefix("html/students/") }.count, c.report.students.count)
                XCTAssertEqual(files.filter { $0.path.hasPrefix("html/teachers/") }.count, c.report.teachers.count)
                XCTAssertEqual(files.filter { $0.path.hasPrefix("html/rooms/") }.count, c.report.rooms.count)
                XCTAssertEqual(files.filter { $0.path.hasPrefix("html/sites/") }.count, c.report.siteTimetables.count)
                let index = try XCTUnwrap(byPath["html/index.html"])
                XCTAssert(index.contains(lang == .ru ? "Сводка по сети" : "Network summary"))
                for (path, html) in byPath {
                    XCTAssert(html.hasPrefix("<!DOCTYPE html>"), path)
                    XCTAssert(html.contains("<html lang=\"\(lang.rawValue)\">"), path)
                    XCTAssert(html.contains("@media print"), "printable: \(path)")
                    XCTAssert(html.contains("name=\"viewport\""), "phone: \(path)")
                    XCTAssertFalse(html.contains("<script"), path)
                    XCTAssertFalse(html.contains("src="), "no external resources: \(path)")
                    XCTAssertFalse(html.contains("href=\"http"), path)
                    XCTAssertEqual(html.components(separatedBy: "<table").count, html.components(separatedBy: "</table>").count, path)
                    // Every relative link leads to a page of the site.
                    for link in html.components(separatedBy: "href=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) }) {
                        var parts = path.split(separator: "/").dropLast().map(String.init)
                        for part in link.split(separator: "/") {
                            if part == ".." { _ = parts.popLast() } else { parts.append(String(part)) }
                        }
                        XCTAssertNotNil(byPath[parts.joined(separator: "/")], "\(path) links to \(link)")
                    }
                }
                // A student's page is a timetable: a grid with every period's clock times and the day names.
                let student = c.report.students.first { s in s.week.contains { !$0.legs.isEmpty } } ?? c.report.students[0]
                let page = try XCTUnwrap(files.first { $0.path.hasPrefix("html/students/") && text($0).contains("<h1>\(student.id)</h1>") })
                let html = text(page)
                XCTAssert(html.contains("<table class=\"grid\">"))
                XCTAssert(html.contains("class=\"daylist\""))
                for p in c.report.periods { XCTAssert(html.contains("\(p.start)–\(p.end)"), p.start) }
                XCTAssert(html.contains(lang == .ru ? "Понедельник" : "Monday"))
                for r in student.requests where r.granted == nil {
                    XCTAssert(html.contains(lang == .ru ? "не выполнен" : "not granted"))
                }
            }
        }
    }

    /// Splits RFC 4180 text into records of fields.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if quoted {
                if ch == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(ch) }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                row.append(field); field = ""
            } else if ch == "\r\n" || ch == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(ch)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    func testCSVTablesHaveConsistentColumns() throws {
        for c in try ReportExamples.all {
            for lang in ReportLanguage.allCases {
                let files = Self.render(c, lang, .csv)
                XCTAssertEqual(files.count, 13, "12 tables and coverage.csv")
                for f in files {
                    let t = text(f)
                    XCTAssert(t.hasPrefix("\u{FEFF}"), "byte-order mark: \(f.path)")
                    XCTAssertFalse(t.contains(Character("\n")), "lines end in CRLF: \(f.path)")
                    XCTAssert(t.hasSuffix("\r\n"), f.path)
                    let rows = Self.parseCSV(t)
                    XCTAssertGreaterThanOrEqual(rows.count, 1, "a header at least: \(f.path)")
                    let width = rows[0].count
                    for (k, r) in rows.enumerated() { XCTAssertEqual(r.count, width, "\(f.path) row \(k)") }
                }
                let weeks = Self.parseCSV(text(files.first { $0.path == "csv/student_week.csv" }!))
                XCTAssertGreaterThanOrEqual(weeks.count - 1, c.report.students.count * c.report.days.count * c.report.periods.count)
                let requests = Self.parseCSV(text(files.first { $0.path == "csv/requests.csv" }!))
                XCTAssertEqual(requests.count - 1, c.check.summary.requests)
                let trips = Self.parseCSV(text(files.first { $0.path == "csv/trips.csv" }!))
                XCTAssertEqual(trips.count - 1, c.check.summary.legs)
            }
        }
    }

    func testJSONDecodes() throws {
        for c in try ReportExamples.all {
            for lang in ReportLanguage.allCases {
                let files = Self.render(c, lang, .json)
                XCTAssertEqual(files.map(\.path), ["json/report.json"])
                let doc = try JSONDecoder().decode(JSONReport.Document.self, from: files[0].data)
                XCTAssertEqual(doc.language, lang)
                XCTAssertEqual(doc.report.instance, c.problem.instance.name)
                XCTAssertEqual(doc.report.students.count, c.report.students.count)
                XCTAssertEqual(doc.report.summary.objective, c.check.objective)
                XCTAssertEqual(doc.explanations.count, doc.report.refusals.count)
                XCTAssertEqual(doc.dayNames["mon"], lang == .ru ? "Пн" : "Mon")
                // Structured reasons survive the round trip.
                XCTAssertEqual(doc.report.refusals, c.report.refusals)
            }
        }
    }

    func testCalendarFilesPerStudentAndTeacher() throws {
        for c in try ReportExamples.all {
            for lang in ReportLanguage.allCases {
                let files = Self.render(c, lang, .ics)
                XCTAssertEqual(files.filter { $0.path.hasPrefix("ics/students/") }.count, c.report.students.count)
                XCTAssertEqual(files.filter { $0.path.hasPrefix("ics/teachers/") }.count, c.report.teachers.count)
                for f in files { try ICalendarChecks.verify(text(f), term: Self.term, name: f.path) }
            }
        }
    }
}
