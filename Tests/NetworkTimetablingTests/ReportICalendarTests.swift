import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// Structural checks of an iCalendar file (RFC 5545), written from the RFC independently of the renderer.
enum ICalendarChecks {
    static func verify(_ text: String, term: ReportOptions.Term, name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = Array(text.utf8)
        // CRLF only: every LF is preceded by CR, and every CR followed by LF.
        for (i, b) in bytes.enumerated() {
            if b == 0x0A { XCTAssert(i > 0 && bytes[i - 1] == 0x0D, "bare LF in \(name)", file: file, line: line) }
            if b == 0x0D { XCTAssert(i + 1 < bytes.count && bytes[i + 1] == 0x0A, "bare CR in \(name)", file: file, line: line) }
        }
        XCTAssert(text.hasSuffix("\r\n"), name, file: file, line: line)
        let physical = text.components(separatedBy: "\r\n").dropLast()
        for l in physical {
            XCTAssertLessThanOrEqual(l.utf8.count, 75, "line longer than 75 octets in \(name): \(l)", file: file, line: line)
            XCTAssertFalse(l.isEmpty, "empty line in \(name)", file: file, line: line)
        }
        // Unfold, then check the structure.
        var logical: [String] = []
        for l in physical {
            if l.hasPrefix(" ") || l.hasPrefix("\t") { logical[logical.count - 1] += l.dropFirst() } else { logical.append(l) }
        }
        XCTAssertEqual(logical.first, "BEGIN:VCALENDAR", name, file: file, line: line)
        XCTAssertEqual(logical.last, "END:VCALENDAR", name, file: file, line: line)
        var stack: [String] = []
        var event: [String: String] = [:]
        var uids = Set<String>()
        for l in logical {
            guard let colon = l.firstIndex(of: ":") else { XCTFail("no colon in \(name): \(l)", file: file, line: line); continue }
            let key = String(l[..<colon]), value = String(l[l.index(after: colon)...])
            if key == "BEGIN" { stack.append(value); if value == "VEVENT" { event = [:] }; continue }
            if key == "END" {
                XCTAssertEqual(stack.popLast(), value, "BEGIN/END balance in \(name)", file: file, line: line)
                if value == "VEVENT" {
                    for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "RRULE", "SUMMARY", "LOCATION"] {
                        XCTAssertNotNil(event[required], "\(required) in an event of \(name)", file: file, line: line)
                    }
                    let uid = event["UID"] ?? ""
                    XCTAssertFalse(uids.contains(uid), "duplicate UID \(uid) in \(name)", file: file, line: line)
                    uids.insert(uid)
                    let start = event["DTSTART"] ?? "", end = event["DTEND"] ?? ""
                    XCTAssertEqual(start.count, 15, start, file: file, line: line)
                    XCTAssertLessThan(start, end, "an event ends after it starts in \(name)", file: file, line: line)
                    XCTAssertGreaterThanOrEqual(String(start.prefix(8)), term.start.compact, file: file, line: line)
                    XCTAssertEqual(event["RRULE"], "FREQ=WEEKLY;UNTIL=\(term.end.compact)T235959", file: file, line: line)
                    XCTAssert((event["DTSTAMP"] ?? "").hasSuffix("Z"), "DTSTAMP in UTC", file: file, line: line)
                }
                continue
            }
            if stack.last == "VEVENT" {
                event[key] = value
                if ["SUMMARY", "LOCATION", "DESCRIPTION"].contains(key) {
                    // TEXT escaping: no bare comma or semicolon.
                    var prev: Character = " "
                    for ch in value {
                        if ch == "," || ch == ";" { XCTAssertEqual(prev, "\\", "unescaped \(ch) in \(key) of \(name)", file: file, line: line) }
                        prev = ch == "\\" && prev == "\\" ? " " : ch
                    }
                }
            } else if stack == ["VCALENDAR"] {
                if key == "VERSION" { XCTAssertEqual(value, "2.0", file: file, line: line) }
            }
        }
        XCTAssertEqual(stack, [], "BEGIN/END balance in \(name)", file: file, line: line)
        XCTAssert(logical.contains { $0.hasPrefix("PRODID:") }, name, file: file, line: line)
    }
}

/// iCalendar output: RFC 5545 details, and validation by Python's `icalendar` parser when available.
final class ReportICalendarTests: XCTestCase {
    func testFoldingKeepsLinesShortAndCharactersWhole() {
        let long = "DESCRIPTION:" + String(repeating: "Педагог ведёт из Тербунов, ", count: 8)
        let folded = ICalendarText.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        XCTAssertGreaterThan(lines.count, 1)
        for (i, l) in lines.enumerated() {
            XCTAssertLessThanOrEqual(l.utf8.count, 75)
            if i > 0 { XCTAssert(l.hasPrefix(" ")) }
        }
        XCTAssertEqual(lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined(), long)
        XCTAssertEqual(ICalendarText.fold("SUMMARY:short"), "SUMMARY:short")
    }

    func testEscaping() {
        XCTAssertEqual(ICalendarText.escape("a, b; c\\d\nline"), "a\\, b\\; c\\\\d\\nline")
    }

    func testDates() throws {
        let d = try XCTUnwrap(DateOnly("2025-09-01"))
        XCTAssertEqual(d.weekday, 0, "1 September 2025 is a Monday")
        XCTAssertEqual(d.next(weekday: 2).description, "2025-09-03")
        XCTAssertEqual(d.next(weekday: 0), d)
        XCTAssertEqual(DateOnly("2024-02-29")?.adding(days: 1).description, "2024-03-01")
        XCTAssertNil(DateOnly("2025-02-29"))
        XCTAssertNil(DateOnly("01.09.2025"))
        XCTAssertEqual(ICalendarText.utcStamp(Date(timeIntervalSince1970: 0)), "19700101T000000Z")
        let autumn = ReportOptions.Term.containing(Date(timeIntervalSince1970: 1_760_000_000))   // October 2025
        XCTAssertEqual(autumn, ReportOptions.Term(start: DateOnly("2025-09-01")!, end: DateOnly("2025-12-28")!))
        let spring = ReportOptions.Term.containing(Date(timeIntervalSince1970: 1_770_000_000))   // February 2026
        XCTAssertEqual(spring.start.description, "2026-01-09")
    }

    func testEventsRepeatWeeklyFromTheFirstMatchingDay() throws {
        let c = try ReportExamples.load("terbuny-network")
        let student = try XCTUnwrap(c.report.students.first { s in s.week.contains { !$0.legs.isEmpty } })
        let ics = ICalendarReport(c.report, instance: c.problem.instance, options: ReportOptions(
            language: .en, term: ReportFormatTests.term, timestamp: ReportFormatTests.stamp))
        let events = ics.events(person: student.id, week: student.week, student: true)
        let meetings = c.solution.assignments.filter { $0.student == student.id }
            .flatMap { a in c.solution.sections.first { $0.id == a.section }!.meetings }
        let legs = student.week.reduce(0) { $0 + $1.legs.count }
        XCTAssertEqual(events.count, meetings.count + legs, "one event per meeting (a double period is one) and per trip")
        let text = ics.calendar(title: "t", events: events)
        let term = ReportFormatTests.term
        for e in events {
            let weekday = Labels.weekday(of: e.day)!
            let first = term.start.next(weekday: weekday)
            XCTAssert(text.contains("DTSTART:\(first.compact)T\(e.start.replacingOccurrences(of: ":", with: ""))00"), e.uid)
        }
    }

    /// Python's `icalendar` parses every file. `scripts/setup.sh` installs it; a machine without it
    /// fails this test rather than skipping it, so that CI never passes without the cross-check.
    func testPythonIcalendarParsesTheFiles() throws {
        guard Self.python(["-c", "import icalendar"]) == 0 else {
            XCTFail("python3 with the icalendar package is not available: run scripts/setup.sh (or pip install icalendar)")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var count = 0
        for c in try ReportExamples.all {
            for lang in ReportLanguage.allCases {
                let files = ReportFormatTests.render(c, lang, .ics)
                try ReportWriter.write(files.map { ReportFile(path: "\(c.name)-\(lang.rawValue)/" + $0.path, data: $0.data) }, to: dir)
                count += files.count
            }
        }
        let script = """
            import glob, sys, icalendar
            n = e = 0
            for path in sorted(glob.glob(sys.argv[1] + '/**/*.ics', recursive=True)):
                with open(path, 'rb') as f:
                    cal = icalendar.Calendar.from_ical(f.read())
                assert cal.get('version') == '2.0', path
                for ev in cal.walk('VEVENT'):
                    assert ev.get('uid') and ev.get('dtstart') and ev.get('dtend') and ev.get('rrule'), path
                    assert ev.decoded('dtend') > ev.decoded('dtstart'), path
                    assert ev.get('rrule')['FREQ'] == ['WEEKLY'], path
                    str(ev.get('summary')); str(ev.get('location'))
                    e += 1
                n += 1
            print(n, e)
            """
        let status = Self.python(["-c", script, dir.path])
        XCTAssertEqual(status, 0, "icalendar rejected a file (\(count) written)")
    }

    /// Runs python3 with arguments; the exit status, or -1 when it cannot run.
    static func python(_ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
