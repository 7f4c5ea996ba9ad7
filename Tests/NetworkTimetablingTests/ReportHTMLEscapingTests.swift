import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingReports

/// Names are data from the centre's files: whatever they hold (`<script>`, `&`, quotes, the
/// report's own link marker `@@`) must come out as text on every page of the HTML report.
final class ReportHTMLEscapingTests: XCTestCase {
    typealias F = ExplainFixture

    /// A hostile name; `tag` tells the fields apart.
    private func hostile(_ tag: String) -> String { "<script>alert(\"\(tag)&x\")</script> 'q' @@\(tag)" }
    private func escaped(_ tag: String) -> String { "&lt;script&gt;alert(&quot;\(tag)&amp;x&quot;)&lt;/script&gt; &#39;q&#39; @@\(tag)" }

    private func report() throws -> [ReportFile] {
        var inst = F.instance()
        inst.name = hostile("instance")
        for i in inst.sites.indices { inst.sites[i].name = hostile("site-\(i)"); inst.sites[i].locality = hostile("locality-\(i)") }
        for i in inst.rooms.indices { inst.rooms[i].name = hostile("room-\(i)") }
        inst.teachers[0].name = hostile("teacher")
        inst.courses[0].name = hostile("course")
        inst.students[0].busy = ["mon": [1]]
        for i in inst.students.indices {
            inst.students[i].name = hostile("student-\(i)")
            inst.students[i].requests[0].id = hostile("label-\(i)")
        }
        // s3 asks for x and gets nothing: a refusal.
        var s3 = inst.students[1]
        s3.id = "s3"
        s3.name = hostile("student-refused")
        inst.students.append(s3)
        let section = hostile("section")
        let sol = Solution(
            instance: hostile("solution"), engine: hostile("engine"),
            sections: [F.section(section, site: "B", period: 3, room: "b-class")],
            assignments: [.init(student: "s1", request: 0, alternative: 0, section: section),
                          .init(student: "s2", request: 0, alternative: 0, section: section)],
            itineraries: ["s1", "s2"].map { s in
                .init(person: s, role: .student, day: "mon", legs: [
                    .init(from: "A", to: "B", depart: "09:15", arrive: "09:35"), .init(from: "B", to: "A", depart: "11:15", arrive: "11:35"),
                ])
            } + [
                .init(person: "t1", role: .teacher, day: "mon", legs: [
                    .init(from: "A", to: "B", depart: "10:10", arrive: "10:30"), .init(from: "B", to: "A", depart: "11:15", arrive: "11:35"),
                ]),
            ],
            unsatisfied: [.init(student: "s3", request: 0, required: false, reason: hostile("reason"))])
        let p = try problem(inst)
        let check = Checker(p).check(sol)
        XCTAssertEqual(check.violations.map(\.description), [])
        let r = try TimetableReport(problem: p, solution: sol, check: check)
        XCTAssertEqual(r.refusals.map(\.student), ["s3"])
        return HTMLReport(r, instance: p.instance, language: .en).files()
    }

    func testHostileNamesRenderAsTextOnEveryPageType() throws {
        let files = try report()
        let paths = Set(files.map(\.path))
        // Every kind of page, and what each must show as text.
        let expected: [(String, [String])] = [
            ("html/index.html", ["instance", "engine", "student-0", "teacher", "locality-0", "room-0"]),
            ("html/students/s1.html", ["student-0", "label-0", "course", "section", "locality-1", "room-2", "teacher"]),
            ("html/students/s3.html", ["student-refused", "label-1", "course"]),
            ("html/teachers/t1.html", ["teacher", "course", "section", "student-0", "site-0"]),
            ("html/rooms/b-class.html", ["room-2", "course", "teacher", "section", "site-1"]),
            ("html/sites/B.html", ["site-1", "course", "room-2", "student-0", "teacher", "locality-0"]),
            ("html/transport.html", ["locality-0", "locality-1", "student-0", "student-1", "teacher"]),
            ("html/courses.html", ["course", "section", "teacher", "room-2", "student-0", "student-1", "locality-1"]),
            ("html/refusals.html", ["student-refused", "label-1", "reason"]),
        ]
        for (path, tags) in expected {
            let file = try XCTUnwrap(files.first { $0.path == path }, path)
            let html = String(decoding: file.data, as: UTF8.self)
            XCTAssertFalse(html.lowercased().contains("<script"), "\(path): a name became markup")
            XCTAssertFalse(html.contains("&#39;q&#39; ../") || html.contains("&#39;q&#39; course"),
                           "\(path): the link marker in a name became a path")
            for tag in tags { XCTAssert(html.contains(escaped(tag)), "\(path): \(tag) is not shown as text") }
            // Every link still leads to a page of the report.
            let dir = (path as NSString).deletingLastPathComponent
            for href in html.components(separatedBy: "href=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) }) {
                let target = URL(fileURLWithPath: "/" + dir + "/" + href).standardized.path.dropFirst()
                XCTAssert(paths.contains(String(target)), "\(path): link \(href) leads nowhere")
            }
        }
    }
}
