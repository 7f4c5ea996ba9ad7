import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingReports

/// The open course catalogue (`CatalogueBuilder`): every course of the bank once, with what
/// students and tutors choose by, in Russian and English, with names from the data as text.
final class CatalogueTests: XCTestCase {
    private func terbuny() throws -> Problem {
        let url = ExamplesTests.root.appendingPathComponent("Examples/terbuny-network.json")
        return try Problem(try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url)))
    }

    /// RFC 4180 rows: fields split at commas outside quotes, `""` inside quotes a quote, rows at
    /// CRLF outside quotes; the byte-order mark must lead the text.
    static func parseCSV(_ data: Data, file: StaticString = #filePath, line: UInt = #line) -> [[String]] {
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\u{FEFF}"), "no byte-order mark", file: file, line: line)
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var scalars = Array(text.unicodeScalars.dropFirst())[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r" && scalars.first == "\n" {
                scalars.removeFirst()
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        XCTAssertFalse(quoted, "an unclosed quote", file: file, line: line)
        XCTAssertTrue(row.isEmpty && field.isEmpty, "the last row does not end in CRLF", file: file, line: line)
        return rows
    }

    /// The `<tr>` of the course whose id is `id` on the HTML page.
    private func row(_ html: String, course id: String) throws -> String {
        let marker = "<span class=\"cid\">\(Escaping.xml(id))</span>"
        let at = try XCTUnwrap(html.range(of: marker), "course \(id) not on the page")
        let start = try XCTUnwrap(html.range(of: "<tr>", options: .backwards, range: html.startIndex..<at.lowerBound))
        let end = try XCTUnwrap(html.range(of: "</tr>", range: at.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    private func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func testTerbunyCatalogueListsEveryCourseOnceWithItsPeriodsSitesAndGrades() throws {
        let problem = try terbuny()
        let inst = problem.instance
        XCTAssertEqual(inst.courses.count, 20)
        let catalogue = CatalogueBuilder(problem)
        let names = DisplayNames(inst)
        for language in ReportLanguage.allCases {
            let l = Labels(language)
            let html = catalogue.html(language: language)
            // Each course once, in its subject's section, with its numbers.
            XCTAssertEqual(occurrences("<span class=\"cid\">", in: html), inst.courses.count, "\(language)")
            for c in inst.courses {
                XCTAssertEqual(occurrences("<span class=\"cid\">\(c.id)</span>", in: html), 1, "\(language) \(c.id)")
                let r = try row(html, course: c.id)
                XCTAssertTrue(r.contains("<b>\(c.weeklyPeriods)</b>"), "\(c.id) weekly periods: \(r)")
                XCTAssertTrue(r.contains(Escaping.xml(l.meetingPattern(c.pattern, distinctDays: c.distinctDays))), "\(c.id) pattern: \(r)")
                XCTAssertTrue(r.contains(">" + c.grades.sorted().map(String.init).joined(separator: ", ") + "<"), "\(c.id) grades: \(r)")
                XCTAssertTrue(r.contains(">\(c.minSize)–\(c.maxSize)<"), "\(c.id) size: \(r)")
                for s in c.inPersonSites { XCTAssertTrue(r.contains(Escaping.xml(names.site(s))), "\(c.id) site \(s): \(r)") }
                if c.inPersonSites.isEmpty { XCTAssertTrue(r.contains(l.notInPerson), "\(c.id): \(r)") }
                XCTAssertTrue(r.contains(">" + (c.online ? l.yesText : l.noText) + "<"), "\(c.id) online: \(r)")
                for f in c.roomFeatures { XCTAssertTrue(r.contains(Escaping.xml(l.featureName(f))), "\(c.id) feature \(f): \(r)") }
                let section = try XCTUnwrap(html.range(of: "<section class=\"subject\" id=\"subject-\(c.subject)\">"), c.subject)
                let next = html.range(of: "</section>", range: section.upperBound..<html.endIndex)!
                XCTAssertTrue(html[section.upperBound..<next.lowerBound].contains("<span class=\"cid\">\(c.id)</span>"),
                              "\(c.id) is not under its subject \(c.subject)")
            }
            // The contents list every subject once, in the catalogue's order, with a working anchor.
            let subjects = catalogue.subjects(language: language)
            XCTAssertEqual(subjects.map(\.id).sorted(), Set(inst.courses.map(\.subject)).sorted())
            XCTAssertEqual(subjects.map { l.subjectName($0.id).lowercased() }, subjects.map { l.subjectName($0.id).lowercased() }.sorted())
            for s in subjects {
                XCTAssertEqual(occurrences("href=\"#subject-\(s.id)\"", in: html), 1, s.id)
                XCTAssertEqual(occurrences("id=\"subject-\(s.id)\"", in: html), 1, s.id)
            }
            // Qualified teachers by name: phys-adv-10 is taught by the physics teachers.
            let physics = try row(html, course: "phys-adv-10")
            for t in inst.teachers where t.subjects.contains("physics") {
                XCTAssertTrue(physics.contains(Escaping.xml(t.name!)), "\(t.id) not listed: \(physics)")
            }
            XCTAssertFalse(html.contains("<script"), "the page needs no script")
            XCTAssertTrue(html.contains("@media print"))

            // The CSV: one row per course, the same count of columns in each, the same facts.
            let rows = Self.parseCSV(catalogue.csv(language: language))
            XCTAssertEqual(rows.first, CatalogueBuilder.csvHeader(l))
            let body = Array(rows.dropFirst())
            XCTAssertEqual(body.count, inst.courses.count)
            XCTAssertEqual(Set(body.map(\.count)), [rows[0].count])
            XCTAssertEqual(body.map { $0[1] }.sorted(), inst.courses.map(\.id).sorted(), "each course once")
            for r in body {
                let c = try XCTUnwrap(inst.courses.first { $0.id == r[1] })
                XCTAssertEqual(r[0], l.subjectName(c.subject))
                XCTAssertEqual(r[2], c.name)
                XCTAssertEqual(r[4], "\(c.weeklyPeriods)")
                XCTAssertEqual(r[6], c.grades.sorted().map(String.init).joined(separator: ", "))
                XCTAssertEqual([r[7], r[8]], ["\(c.minSize)", "\(c.maxSize)"])
                XCTAssertEqual(r[9], c.inPersonSites.isEmpty ? l.notInPerson : c.inPersonSites.map(names.site).joined(separator: "; "))
                XCTAssertEqual(r[10], c.online ? l.yesText : l.noText)
            }
        }
    }

    func testLabelsAreRussianByDefaultAndEnglishOnRequest() throws {
        let catalogue = CatalogueBuilder(try terbuny())
        let ru = catalogue.html(language: .ru), en = catalogue.html(language: .en)
        for text in ["<html lang=\"ru\">", "Каталог курсов сети", "Оглавление", "Математика", "Уроков в неделю", "2 × 1 урок, в разные дни",
                     "1 × 2 урока (сдвоенный)", "углублённый", "только онлайн", "физическая лаборатория", "Очно на площадках"] {
            XCTAssertTrue(ru.contains(text), "ru: \(text)")
        }
        for text in ["<html lang=\"en\">", "Network course catalogue", "Contents", "Mathematics", "Periods a week", "2 × 1 period, on different days",
                     "1 × 2 periods (a double period)", "in depth", "online only", "physics lab", "In person at"] {
            XCTAssertTrue(en.contains(text), "en: \(text)")
        }
        // Terbuny's names are in English: the English page has no Russian word at all.
        XCTAssertNil(en.unicodeScalars.first { (0x0400...0x04FF).contains($0.value) }, "Cyrillic on the English page")
        let ruHeader = Self.parseCSV(catalogue.csv(language: .ru))[0], enHeader = Self.parseCSV(catalogue.csv(language: .en))[0]
        XCTAssertEqual(ruHeader.first, "Предмет")
        XCTAssertEqual(enHeader.first, "Subject")
        XCTAssertEqual(ruHeader.count, enHeader.count)
        XCTAssertEqual(catalogue.files(language: .ru).map(\.path), ["catalogue.html", "catalogue.csv"])
        XCTAssertEqual(catalogue.files(formats: [.csv], language: .en).map(\.path), ["catalogue.csv"])
    }

    func testMeetingPatternsReadAsPeopleSayThem() {
        let ru = Labels(.ru), en = Labels(.en)
        XCTAssertEqual(ru.meetingPattern([1, 1], distinctDays: true), "2 × 1 урок, в разные дни")
        XCTAssertEqual(en.meetingPattern([1, 1], distinctDays: true), "2 × 1 period, on different days")
        XCTAssertEqual(ru.meetingPattern([1, 1], distinctDays: false), "2 × 1 урок, можно в один день")
        XCTAssertEqual(ru.meetingPattern([2], distinctDays: true), "1 × 2 урока (сдвоенный)")
        XCTAssertEqual(en.meetingPattern([2], distinctDays: true), "1 × 2 periods (a double period)")
        XCTAssertEqual(ru.meetingPattern([1], distinctDays: true), "1 × 1 урок")
        XCTAssertEqual(ru.meetingPattern([1, 2, 1], distinctDays: true), "1 × 2 урока + 2 × 1 урок, в разные дни")
        XCTAssertEqual(ru.meetingPattern([1, 1, 1, 1, 1], distinctDays: true), "5 × 1 урок, в разные дни")
        XCTAssertEqual(en.subjectName("social-studies"), "Social studies")
        XCTAssertEqual(ru.subjectName("social-studies"), "Обществознание")
        XCTAssertEqual(ru.subjectName("quantum-gardening"), "quantum-gardening", "an unknown subject as its id")
        XCTAssertEqual(en.featureName("chemistry-lab"), "chemistry lab")
    }

    /// Names from the data — course, subject, teacher, site, room feature, instance — come out as
    /// text: no tag survives on the page, and the CSV gives them back whole.
    func testHostileNamesAreEscapedInHTMLAndQuotedInCSV() throws {
        func hostile(_ tag: String) -> String { "<script>alert(\"\(tag) & x\")</script> 'q', \"z\"" }
        let escaped = { (tag: String) in "&lt;script&gt;alert(&quot;\(tag) &amp; x&quot;)&lt;/script&gt; &#39;q&#39;, &quot;z&quot;" }
        var inst = ExplainFixture.instance()
        inst.name = hostile("instance")
        inst.sites[0].locality = hostile("site")
        inst.sites[0].name = hostile("site-full")
        inst.teachers[0].name = hostile("teacher")
        inst.teachers[0].subjects.append(hostile("subject"))
        inst.courses[0].name = hostile("course") + "\r\nsecond line"
        inst.courses[0].roomFeatures = [hostile("feature")]
        inst.rooms[0].features.append(hostile("feature"))
        inst.courses.append(Course(id: "y&<z>", name: nil, subject: hostile("subject"), pattern: [1, 1], maxSize: 5, inPersonSites: ["A"],
                                   teachers: ["t1"]))
        let catalogue = CatalogueBuilder(try problem(inst))
        for language in ReportLanguage.allCases {
            let html = catalogue.html(language: language)
            XCTAssertFalse(html.contains("<script"), "\(language): a tag from the data")
            XCTAssertFalse(html.contains("\"z\""), "\(language): a bare quote from the data")
            for tag in ["instance", "site", "site-full", "teacher", "subject", "course", "feature"] {
                XCTAssertTrue(html.contains(escaped(tag)), "\(language): \(tag) not shown as text")
            }
            XCTAssertTrue(html.contains("<span class=\"cid\">y&amp;&lt;z&gt;</span>"))
            XCTAssertFalse(html.contains("id=\"subject-<"), "an anchor made of the raw subject")

            let rows = Self.parseCSV(catalogue.csv(language: language))
            XCTAssertEqual(rows.count, 3)
            XCTAssertEqual(Set(rows.map(\.count)), [CatalogueBuilder.csvHeader(Labels(language)).count])
            let x = try XCTUnwrap(rows.first { $0[1] == "x" })
            XCTAssertEqual(x[2], hostile("course") + "\r\nsecond line", "the name comes back whole")
            XCTAssertEqual(x[9], hostile("site") + "; Beta")
            XCTAssertEqual(x[11], hostile("teacher") + " (" + hostile("site") + ")")
            XCTAssertEqual(x[12], language == .ru ? hostile("feature") : hostile("feature").lowercased())
            let y = try XCTUnwrap(rows.first { $0[1] == "y&<z>" })
            XCTAssertEqual(y[0], hostile("subject"), "an unknown subject as its id")
            XCTAssertEqual(y[2], "y&<z>", "a course without a name is listed by its id")
        }
    }
}
