import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// The report model on a small hand-made timetable, and the small text rules (labels, plural
/// forms, CSV quoting, HTML escaping, file names).
final class ReportModelTests: XCTestCase {
    typealias F = ExplainFixture

    /// s1 (home A, regular lessons mon 1) goes to B for x/1 on mon 3 by road and comes back;
    /// s2 joins the online section y/1 from A's computer room on mon 1; the teacher drives to B.
    private func fixture() throws -> (Problem, Solution, TimetableReport) {
        var inst = F.instance()
        inst.students[0].busy = ["mon": [1]]
        inst.courses.append(Course(id: "y", name: "Course Y", subject: "x", pattern: [2], maxSize: 10, online: true))
        inst.students[1].requests = [Request(alternatives: [.init(course: "y")])]
        var y = F.section("y/1", course: "y", mode: .online, period: 1, length: 2)
        y.meetings[0].room = "a-lab"
        let sol = Solution(
            instance: "explain-fixture", engine: "hand",
            sections: [F.section("x/1", site: "B", period: 3, room: "b-class"), y],
            assignments: [.init(student: "s1", request: 0, alternative: 0, section: "x/1"),
                          .init(student: "s2", request: 0, alternative: 0, section: "y/1", onlineRoom: "a-comp")],
            itineraries: [
                .init(person: "s1", role: .student, day: "mon", legs: [
                    .init(from: "A", to: "B", depart: "09:15", arrive: "09:35"), .init(from: "B", to: "A", depart: "11:15", arrive: "11:35"),
                ]),
                .init(person: "t1", role: .teacher, day: "mon", legs: [
                    .init(from: "A", to: "B", depart: "10:10", arrive: "10:30"), .init(from: "B", to: "A", depart: "11:15", arrive: "11:35"),
                ]),
            ])
        let p = try problem(inst)
        let check = Checker(p).check(sol)
        XCTAssertEqual(check.violations.map(\.description), [])
        return (p, sol, try TimetableReport(problem: p, solution: sol, check: check))
    }

    func testStudentRouteSaysWhereTheStudentIsEachPeriod() throws {
        let (_, _, r) = try fixture()
        let s1 = r.students[0], mon = s1.week[0]
        XCTAssertEqual(mon.cells[0].entries.map(\.kind), [.regular])
        XCTAssertEqual(mon.cells[0].place, "A")
        XCTAssert(mon.cells[1].travelling, "09:15–09:35 on the road during period 2 (09:25–10:10)")
        XCTAssertNil(mon.cells[1].place)
        XCTAssertEqual(mon.cells[2].entries, [Entry(kind: .inPerson, course: "x", section: "x/1", teacher: "t1", site: "B", room: "b-class",
                                                    meetingStart: 3, meetingLength: 1)])
        XCTAssertEqual(mon.cells[2].place, "B")
        XCTAssert(mon.cells[3].travelling, "on the road home 11:15–11:35 during period 4 (11:25–12:10)")
        XCTAssertEqual(mon.legs, [TripLeg(from: "A", to: "B", depart: "09:15", arrive: "09:35", minutes: 20, busRun: nil),
                                  TripLeg(from: "B", to: "A", depart: "11:15", arrive: "11:35", minutes: 20, busRun: nil)])
        XCTAssertEqual(s1.travelMinutes, 40)
        XCTAssertEqual(s1.networkPeriods, 1)
        XCTAssertEqual(s1.regularPeriods, 1)
        let s2 = r.students[1]
        let online = try XCTUnwrap(s2.week[0].cells[1].entries.first)
        XCTAssertEqual(online.kind, .online)
        XCTAssertEqual(online.joinRoom, "a-comp")
        XCTAssertEqual(online.meetingStart, 1)
        XCTAssertEqual(online.meetingLength, 2)
        XCTAssertEqual(s2.requests[0].granted, Grant(alternative: 0, section: "y/1", course: "y", mode: .online, site: "A", joinRoom: "a-comp",
                                                     fromHome: false))
    }

    func testRoomsSitesAndTransport() throws {
        let (_, _, r) = try fixture()
        let comp = try XCTUnwrap(r.rooms.first { $0.id == "a-comp" })
        XCTAssertEqual(comp.week[0].cells[0].entries.map(\.kind), [.joiners])
        XCTAssertEqual(comp.week[0].cells[0].entries.first?.students, 1)
        let siteB = try XCTUnwrap(r.siteTimetables.first { $0.id == "B" })
        XCTAssertEqual(siteB.week[0].cells[2].entries.map(\.section), ["x/1"])
        XCTAssertEqual(siteB.movements.map(\.person), ["s1", "t1", "s1", "t1"])
        XCTAssertEqual(siteB.movements.map(\.direction), [.arrive, .arrive, .depart, .depart])
        let mon = r.transport.days[0]
        // s1 and t1 leave B at 11:15 for A: one trip with two passengers; the morning trips are separate.
        XCTAssertEqual(mon.trips.map(\.depart), ["09:15", "10:10", "11:15"])
        XCTAssertEqual(mon.trips[2].passengers.map(\.person), ["s1", "t1"])
        XCTAssertEqual(mon.trips.map(\.carriesStudents), [true, false, true])
        XCTAssertEqual(mon.vehicleTrips, 2)
        XCTAssertEqual(r.transport.vehicleTrips, 2)
        XCTAssertEqual(mon.passengerMinutes, 80)
        let x = try XCTUnwrap(r.courses.first { $0.id == "x" })
        XCTAssertEqual(x.askedBy, 1)
        XCTAssertEqual(x.sections.first?.meetings, [MeetingTime(day: "mon", period: 3, length: 1, start: "10:30", end: "11:15", room: "b-class")])
        let y = try XCTUnwrap(r.courses.first { $0.id == "y" })
        XCTAssertEqual(y.sections.first?.meetings.first?.end, "10:10", "a double period ends with its second period")
    }

    func testHTMLGridMergesDoublePeriodsAndShowsTrips() throws {
        let (p, _, r) = try fixture()
        let files = HTMLReport(r, instance: p.instance, language: .en).files()
        let s2 = String(decoding: try XCTUnwrap(files.first { $0.path == "html/students/s2.html" }).data, as: UTF8.self)
        XCTAssert(s2.contains("rowspan=\"2\""), "the double period is one block")
        XCTAssert(s2.contains("Course Y"))
        let s1 = String(decoding: try XCTUnwrap(files.first { $0.path == "html/students/s1.html" }).data, as: UTF8.self)
        XCTAssert(s1.contains("<b>09:15–09:35</b> Alpha → Beta"), "the trip with its clock times")
        XCTAssert(s1.contains(">travelling<"))
        let teacher = String(decoding: try XCTUnwrap(files.first { $0.path == "html/teachers/t1.html" }).data, as: UTF8.self)
        XCTAssert(teacher.contains("<h1>Tatiana One</h1>"))
        XCTAssert(teacher.contains("x/1 · 1 student"))
    }

    /// A leg that arrives before it departs: the checker judges it (travel-time, with its
    /// negative length) and counts it as 0 minutes of travel; the report's totals, per person, per
    /// trip and per leg, are the checker's numbers.
    func testReportCountsTravelMinutesAsTheCheckerDoes() throws {
        var inst = F.instance()
        inst.students[0].busy = ["mon": [1]]
        let sol = Solution(
            instance: "explain-fixture", engine: "hand",
            sections: [F.section("x/1", site: "B", period: 3, room: "b-class")],
            assignments: [.init(student: "s1", request: 0, alternative: 0, section: "x/1")],
            itineraries: [
                .init(person: "s1", role: .student, day: "mon", legs: [
                    .init(from: "A", to: "B", depart: "09:15", arrive: "09:35"), .init(from: "B", to: "A", depart: "11:35", arrive: "11:15"),
                ]),
                .init(person: "t1", role: .teacher, day: "mon", legs: [
                    .init(from: "A", to: "B", depart: "10:10", arrive: "10:30"), .init(from: "B", to: "A", depart: "11:15", arrive: "11:35"),
                ]),
            ])
        let p = try problem(inst)
        let check = Checker(p).check(sol)
        XCTAssert(check.violations.contains { $0.rule == .travelTime && $0.message.contains("takes -20 min") }, "\(check.violations)")
        XCTAssertEqual(check.summary.studentTravelMinutes, 20)
        XCTAssertEqual(check.summary.teacherTravelMinutes, 40)
        let r = try TimetableReport(problem: p, solution: sol, check: check)
        XCTAssertEqual(r.students.map(\.travelMinutes).reduce(0, +), check.summary.studentTravelMinutes)
        XCTAssertEqual(r.teachers.map(\.travelMinutes).reduce(0, +), check.summary.teacherTravelMinutes)
        XCTAssertEqual(r.summary.studentTravelMinutes, check.summary.studentTravelMinutes)
        XCTAssertEqual(r.transport.studentMinutes, check.summary.studentTravelMinutes)
        XCTAssertEqual(r.transport.teacherMinutes, check.summary.teacherTravelMinutes)
        XCTAssertEqual(r.students[0].week[0].legs.map(\.minutes), [20, 0])
        XCTAssertEqual(r.transport.passengerMinutes, check.summary.studentTravelMinutes + check.summary.teacherTravelMinutes)
    }

    // MARK: Small rules

    func testDayNamesAndPlurals() {
        let ru = Labels(.ru), en = Labels(.en)
        XCTAssertEqual(["mon", "tue", "wed", "thu", "fri", "sat"].map(ru.dayShort), ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб"])
        XCTAssertEqual(en.dayLong("thu"), "Thursday")
        XCTAssertEqual(ru.dayShort("d7"), "d7", "an unusual day id is printed as it is")
        XCTAssertEqual([1, 2, 5, 11, 21, 22, 25, 111].map(ru.students), ["1 ученик", "2 ученика", "5 учеников", "11 учеников", "21 ученик",
                                                                         "22 ученика", "25 учеников", "111 учеников"])
        XCTAssertEqual(en.students(1), "1 student")
        XCTAssertEqual(en.students(3), "3 students")
        XCTAssertEqual(Labels.number(375.5), "375.5")
        XCTAssertEqual(Labels.number(12), "12")
        XCTAssertEqual(ru.slot(day: "tue", period: 3, start: "10:30", end: "11:15"), "Вт, 3-й урок (10:30–11:15)")
    }

    func testCSVQuotingAndHTMLEscaping() {
        XCTAssertEqual(Escaping.csvField("plain"), "plain")
        XCTAssertEqual(Escaping.csvField("a, b"), "\"a, b\"")
        XCTAssertEqual(Escaping.csvField("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(Escaping.csvField("two\r\nlines"), "\"two\r\nlines\"")  // CRLF is one Character, two scalars
        let table = String(decoding: CSVReport.table(["a", "b"], [["1", "x,y"]]), as: UTF8.self)
        XCTAssertEqual(table, "\u{FEFF}a,b\r\n1,\"x,y\"\r\n")
        XCTAssertEqual(Escaping.xml("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        XCTAssertEqual(Escaping.xml("O'Neil & <b>", apostrophe: false), "O'Neil &amp; &lt;b&gt;")
        XCTAssertEqual(Escaping.xml("<\u{338}"), "&lt;\u{338}")  // one Character "≮", still escaped
    }

    func testFileNamesAreSafeAndDistinct() {
        var names = FileNames()
        XCTAssertEqual(names.name(for: "s-borki-10-01"), "s-borki-10-01")
        XCTAssertEqual(names.name(for: "a/b"), "a_b")
        XCTAssertEqual(names.name(for: "a_b"), "a_b-2")
        XCTAssertEqual(names.name(for: "Петров"), "______")
        XCTAssertEqual(names.name(for: ".."), "_..")
        XCTAssertEqual(names.name(for: "a/b"), "a_b", "the same id keeps its name")
    }
}
