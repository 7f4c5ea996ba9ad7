import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// One test per hard rule of docs/RULES.md: each breaks exactly that rule in the fixture's
/// feasible timetable (or in the fixture) and expects the checker to report it, and only it.
final class CheckerRuleTests: XCTestCase {
    private typealias F = CheckerFixture

    func testTeacherQualified() throws {
        var solution = F.solution()
        solution.editSection("span-1") { $0.teacher = "t-cs" }  // t-cs teaches informatics only
        let report = try F.check(solution)
        assertOnly(.teacherQualified, report)
        XCTAssertEqual(report.violations.first?.who, "span-1")
    }

    func testDeliveryMode() throws {
        var instance = F.instance()
        instance.editTeacher("t-cs") { $0.mayTeachOnline = false }
        assertOnly(.deliveryMode, try F.check(F.solution(), instance))

        // In person where the course is not taught in person: cs at A instead of B.
        var solution = F.solution()
        solution.editSection("cs-1") {
            $0.mode = .inPerson
            $0.site = "A"
            $0.meetings = $0.meetings.map { var m = $0; m.room = "a-lab"; return m }
        }
        let report = try F.check(solution, instance)
        XCTAssertTrue(report.violations(of: .deliveryMode).contains { $0.message.contains("only at B") }, "\(report.violations)")
    }

    func testTeacherSite() throws {
        var instance = F.instance()
        instance.editTeacher("t-chem") { $0.mayTravel = false }
        let report = try F.check(F.solution(), instance)
        assertOnly(.teacherSite, report)
        XCTAssertEqual(report.violations.map(\.who), ["chem-1"])
    }

    func testMeetingPattern() throws {
        var solution = F.solution()
        solution.editSection("chem-1") {
            $0.meetings = [.init(day: "tue", period: 5, room: "a-lab"), .init(day: "tue", period: 6, room: "a-lab")]
        }
        let report = try F.check(solution)
        assertOnly(.meetingPattern, report)
        XCTAssertEqual(report.violations.count, 2)  // lengths [1, 1] for [2], and twice on tue

        var sameDay = F.solution()
        sameDay.editSection("cs-1") { $0.meetings[1] = .init(day: "mon", period: 6, room: "b-studio") }
        let sameDayReport = try F.check(sameDay)
        assertOnly(.meetingPattern, sameDayReport)
        XCTAssertEqual(sameDayReport.violations.first?.day, "mon")
    }

    func testRoomSite() throws {
        var solution = F.solution()
        solution.editSection("chem-1") { $0.meetings[0].room = "c-lab" }  // a chemistry lab, but at C
        assertOnly(.roomSite, try F.check(solution))
    }

    func testRoomFeatures() throws {
        var solution = F.solution()
        solution.editSection("chem-1") { $0.meetings[0].room = "a-comp" }  // no chemistry-lab
        let report = try F.check(solution)
        assertOnly(.roomFeatures, report)
        XCTAssertTrue(report.violations[0].message.contains("chemistry-lab"))

        var online = F.solution()
        online.editSection("cs-1") { $0.meetings = $0.meetings.map { var m = $0; m.room = "b-class"; return m } }
        assertOnly(.roomFeatures, try F.check(online))  // not an online studio
    }

    func testRoomCapacity() throws {
        var instance = F.instance()
        instance.editRoom("a-lab") { $0.capacity = 1 }
        let report = try F.check(F.solution(), instance)
        assertOnly(.roomCapacity, report)
        XCTAssertEqual(report.violations[0].message, "section chem-1 has 2 students; room a-lab seats 1")
    }

    func testSectionSize() throws {
        var instance = F.instance()
        instance.editCourse("chem") { $0.minSize = 3 }
        instance.editCourse("cs") { $0.maxSize = 2 }
        let report = try F.check(F.solution(), instance)
        assertOnly(.sectionSize, report)
        XCTAssertEqual(report.violations.map(\.who), ["chem-1", "cs-1"])
    }

    func testMaxSections() throws {
        var instance = F.instance()
        instance.editCourse("spanish") { $0.maxSections = 1 }
        var solution = F.solution()
        solution.sections.append(.init(id: "span-2", course: "spanish", teacher: "t-chem", mode: .online, site: "B",
                                       meetings: [.init(day: "thu", period: 5, room: "b-studio")]))
        solution.assignments.append(.init(student: "s3", request: 1, alternative: 0, section: "span-2", onlineRoom: "c-comp"))
        solution.unsatisfied = []
        let report = try F.check(solution, instance)
        assertOnly(.maxSections, report)
        XCTAssertEqual(report.violations[0].message, "course spanish has 2 sections, at most 1")
    }

    func testTeacherWeeklyMax() throws {
        var instance = F.instance()
        instance.editTeacher("t-chem") { $0.maxWeeklyPeriods = 2 }
        let report = try F.check(F.solution(), instance)
        assertOnly(.teacherWeeklyMax, report)
        XCTAssertEqual(report.violations[0].message, "teacher t-chem teaches 3 network periods a week, at most 2")
    }

    func testTeacherClash() throws {
        var instance = F.instance()
        instance.editTeacher("t-cs") { $0.busy = ["mon": [1, 2, 5]] }
        let report = try F.check(F.solution(), instance)
        assertOnly(.teacherClash, report)
        XCTAssertEqual(report.violations.map { "\($0.who!) \($0.day!) \($0.period!)" }, ["t-cs mon 5"])
    }

    func testRoomClash() throws {
        var instance = F.instance()
        instance.editRoom("a-lab") { $0.busy = ["tue": [5]] }
        let report = try F.check(F.solution(), instance)
        assertOnly(.roomClash, report)
        XCTAssertEqual(report.violations.map { "\($0.who!) \($0.day!) \($0.period!)" }, ["a-lab tue 5"])

        // Students joining online from a room while its regular timetable uses it.
        var joined = F.instance()
        joined.editRoom("a-comp") { $0.busy = ["wed": [5]] }
        let joinedReport = try F.check(F.solution(), joined)
        assertOnly(.roomClash, joinedReport)
        XCTAssertEqual(joinedReport.violations.map { "\($0.who!) \($0.day!) \($0.period!)" }, ["a-comp wed 5"])

        // Two sections in one room at once.
        var twice = F.solution()
        twice.editSection("span-1") { $0.meetings[0] = .init(day: "mon", period: 5, room: "b-studio") }
        XCTAssertTrue(try F.check(twice).violations(of: .roomClash).contains { $0.who == "b-studio" && $0.day == "mon" })
    }

    func testStudentClash() throws {
        var instance = F.instance()
        instance.editClass("10a") { $0.busy["tue"] = [1, 2, 3, 4, 5] }
        let report = try F.check(F.solution(), instance)
        assertOnly(.studentClash, report)
        XCTAssertEqual(report.violations.map { "\($0.who!) \($0.day!) \($0.period!)" }, ["s1 tue 5"])
    }

    func testAssignment() throws {
        var solution = F.solution()
        solution.editAssignment("s1", request: 1) { $0.alternative = 0 }  // "cs in person at B", but cs-1 is online
        let report = try F.check(solution)
        assertOnly(.assignment, report)
        XCTAssertEqual(report.violations.count, 2)  // mode and site

        var instance = F.instance()
        instance.editCourse("cs") { $0.grades = [10] }  // s4 is in grade 11
        let gradeReport = try F.check(F.solution(), instance)
        assertOnly(.assignment, gradeReport)
        XCTAssertEqual(gradeReport.violations.map(\.who), ["s4"])

        var wrongCourse = F.solution()
        wrongCourse.editAssignment("s4", request: 0) { $0.section = "span-1"; $0.onlineRoom = "a-comp" }
        XCTAssertTrue(try F.check(wrongCourse).violations(of: .assignment).contains { $0.message.contains("asks for course cs") })

        var twice = F.solution()
        twice.assignments.append(.init(student: "s4", request: 0, alternative: 0, section: "cs-1", onlineRoom: "a-comp"))
        XCTAssertTrue(try F.check(twice).violations(of: .assignment).contains { $0.message.contains("has 2 assignments") })
    }

    func testOnlineJoin() throws {
        var neither = F.solution()
        neither.editAssignment("s3", request: 0) { $0.onlineRoom = nil }
        assertOnly(.onlineJoin, try F.check(neither))

        var otherSite = F.solution()
        otherSite.editAssignment("s1", request: 1) { $0.onlineRoom = "c-comp" }
        assertOnly(.onlineJoin, try F.check(otherSite))

        var instance = F.instance()
        instance.editStudent("s2") { $0.onlineFromHome = false }
        assertOnly(.onlineJoin, try F.check(F.solution(), instance))

        var notOnline = F.instance()
        notOnline.editStudent("s4") { $0.online = false }
        let report = try F.check(F.solution(), notOnline)
        assertOnly(.onlineJoin, report)
        XCTAssertEqual(report.violations.map(\.who), ["s4"])
    }

    func testOnlineSeats() throws {
        var instance = F.instance()
        instance.editRoom("a-comp") { $0.computerSeats = 1 }
        let report = try F.check(F.solution(), instance)
        assertOnly(.onlineSeats, report)
        XCTAssertEqual(report.violations.map { "\($0.who!) \($0.day!) \($0.period!)" }, ["a-comp mon 5", "a-comp wed 5"])
    }

    func testOnlineDailyLimit() throws {
        var instance = F.instance()
        instance.hygiene.maxOnlineLessonsPerDay = 0
        let report = try F.check(F.solution(), instance)
        assertOnly(.onlineDailyLimit, report)
        XCTAssertEqual(report.violations.count, 7)
    }

    func testHygieneDaily() throws {
        var instance = F.instance()
        instance.hygiene.maxLessonsPerDay = 5
        let report = try F.check(F.solution(), instance)
        assertOnly(.hygieneDaily, report)
        XCTAssertEqual(report.violations, [Violation(rule: .hygieneDaily, who: "s1", day: "tue",
                                                     message: "student s1 has 6 lessons on tue, limit 5 for grade 10")])
    }

    func testHygieneWeekly() throws {
        var instance = F.instance()
        instance.hygiene.maxLessonsPerWeek = 23
        let report = try F.check(F.solution(), instance)
        assertOnly(.hygieneWeekly, report)
        XCTAssertEqual(report.violations.map(\.message), ["student s1 has 24 lessons a week, limit 23 for grade 10"])
    }

    func testRequiredRequest() throws {
        var solution = F.solution()
        solution.assignments.removeAll { $0.student == "s3" }
        solution.unsatisfied.append(.init(student: "s3", request: 0, required: true, reason: "no room"))
        let report = try F.check(solution)
        assertOnly(.requiredRequest, report)
        XCTAssertEqual(report.violations.map(\.who), ["s3"])
    }

    func testUnsatisfiedList() throws {
        var solution = F.solution()
        solution.unsatisfied = [.init(student: "s1", request: 0, required: true, reason: "listed by mistake")]
        let report = try F.check(solution)
        assertOnly(.unsatisfiedList, report)
        XCTAssertEqual(report.violations.map(\.who), ["s1", "s3"])  // s1 assigned yet listed; s3 unlisted
    }

    /// s1 and s4 (both at A) as a group for chemistry at A: together in chem-1 it holds; s4 in a
    /// second section on Friday splits the group.
    func testGroupTogether() throws {
        var instance = F.instance()
        instance.editStudent("s1") { $0.requests[0] = Request(id: "lab", alternatives: [.init(course: "chem", mode: .inPerson, site: "A")], required: true) }
        instance.editCourse("chem") { $0.minSize = 1 }
        instance.groups = [Group(id: "lab", students: ["s1", "s4"], course: "chem", site: "A")]
        let problem = try Problem(instance)
        // The group gave s4 its request (after s4's own), and kept s1's, which was already the group's.
        XCTAssertEqual(problem.instance.students[3].requests.map(\.id), [nil, "lab"])
        XCTAssertEqual(problem.instance.students[0].requests.count, 2)
        XCTAssertEqual(problem.groups.first?.members.map(\.request), [0, 1])

        var together = F.solution()
        together.assignments.append(.init(student: "s4", request: 1, alternative: 0, section: "chem-1"))
        let fine = try F.check(together, instance)
        XCTAssertTrue(fine.feasible, "\(fine.violations)")

        var split = together
        split.editAssignment("s4", request: 1) { $0.section = "chem-2" }
        split.sections.append(.init(id: "chem-2", course: "chem", teacher: "t-chem", mode: .inPerson, site: "A",
                                    meetings: [.init(day: "fri", period: 5, length: 2, room: "a-lab")]))
        split.itineraries.append(.init(person: "t-chem", role: .teacher, day: "fri", legs: [
            .init(from: "B", to: "A", depart: "11:40", arrive: "12:00"), .init(from: "A", to: "B", depart: "14:10", arrive: "14:30"),
        ]))
        let report = try F.check(split, instance)
        assertOnly(.groupTogether, report)
        XCTAssertEqual(report.violations.first?.who, "lab")
        XCTAssertTrue(report.violations.first?.message.contains("in 2 sections") == true, "\(report.violations)")
    }

    /// s2 and s5 of B as a group for chemistry at A, s5 leaving 5 minutes after s2: two trips to one
    /// meeting (more cases in `GroupTripRuleTests`).
    func testGroupTrip() throws {
        var split = GroupTripRuleTests.together()
        split.editLeg("s5", day: "tue", leg: 0) { $0.depart = "11:20"; $0.arrive = "11:40" }
        let report = try F.check(split, GroupTripRuleTests.instance())
        assertOnly(.groupTrip, report)
        XCTAssertEqual(report.violations.map(\.who), ["b-chem"])
    }

    /// Broken groups are reported at `groups[i]` and do not add requests to anyone.
    func testGroupsAreValidated() throws {
        var instance = F.instance()
        instance.groups = [
            Group(id: "g1", schoolClass: "10x", course: "chem", site: "A"),
            Group(id: "g2", students: ["s1", "s9"], course: "chem", site: "B"),
            Group(id: "g3", course: "chem", site: "A"),
            Group(id: "g4", schoolClass: "c10", course: "chem", site: "A", latestReturn: "25:99"),
            Group(id: "g1", schoolClass: "10a", course: "chem", site: "A"),
        ]
        let (problem, diagnostics) = Problem.build(instance)
        XCTAssertNil(problem)
        XCTAssertEqual(Set(diagnostics.filter { $0.severity == .error }.map(\.path)),
                       ["groups[0].class", "groups[1].students[1]", "groups[1].site", "groups[2]", "groups[3].latestReturn", "groups[4].id"])
        // A class too large for one section.
        var big = F.instance()
        big.editCourse("chem") { $0.maxSize = 0 }
        big.groups = [Group(id: "g", schoolClass: "10a", course: "chem", site: "A")]
        XCTAssertTrue(Problem.build(big).diagnostics.contains { $0.path == "groups[0]" && $0.message.contains("more than course") })
    }

    func testItinerary() throws {
        var missing = F.solution()
        missing.itineraries.removeAll { $0.person == "s2" }
        let report = try F.check(missing)
        assertOnly(.itinerary, report)
        XCTAssertEqual(report.violations[0].message, "student s2 has no itinerary on tue; the day needs B→A, A→B")

        var missingTeacher = F.solution()
        missingTeacher.itineraries.removeAll { $0.person == "t-chem" }
        assertOnly(.itinerary, try F.check(missingTeacher))

        var needless = F.solution()
        needless.itineraries.append(.init(person: "s1", role: .student, day: "mon",
                                          legs: [.init(from: "A", to: "B", depart: "15:00", arrive: "15:20")]))
        assertOnly(.itinerary, try F.check(needless))

        var swapped = F.solution()
        swapped.itineraries[0].legs.swapAt(0, 1)
        assertOnly(.itinerary, try F.check(swapped))
    }

    func testNoRoad() throws {
        var instance = F.instance()
        instance.transport.travelMinutes = [[0, nil, nil], [nil, 0, nil], [nil, nil, 0]]
        let report = try F.check(F.solution(), instance)
        assertOnly(.noRoad, report)
        XCTAssertEqual(report.violations.count, 4)  // s2's and t-chem's legs
    }

    func testTravelTime() throws {
        var solution = F.solution()
        solution.editLeg("s2", day: "tue", leg: 0) { $0.arrive = "11:30" }
        let report = try F.check(solution)
        assertOnly(.travelTime, report)
        XCTAssertEqual(report.violations[0].message, "student s2 leg 0 B→A on tue takes 15 min (11:15–11:30); the road takes 20 min")

        // A bus leg that does not match its run's timetable.
        var bus = F.solution(busRuns: true)
        bus.editLeg("s2", day: "tue", leg: 0) { $0.arrive = "11:36" }
        assertOnly(.travelTime, try F.check(bus, F.instance(busRuns: true)))

        // A bus run that does not run that day.
        var instance = F.instance(busRuns: true)
        instance.transport.busRuns[1].days = ["mon"]
        assertOnly(.travelTime, try F.check(F.solution(busRuns: true), instance))
    }

    func testBusRequired() throws {
        var solution = F.solution(busRuns: true)
        solution.editLeg("s2", day: "tue", leg: 1) { $0.busRun = nil }
        let report = try F.check(solution, F.instance(busRuns: true))
        assertOnly(.busRequired, report)
        XCTAssertEqual(report.violations.map(\.who), ["s2"])
    }

    func testTravelTiming() throws {
        var early = F.solution()
        early.editLeg("s2", day: "tue", leg: 0) { $0.depart = "11:00"; $0.arrive = "11:20" }  // class ends 11:15
        let report = try F.check(early)
        assertOnly(.travelTiming, report)
        XCTAssertEqual(report.violations[0].message,
                       "student s2 leg 0 B→A on tue departs at 11:00, before the lesson at B ends at 11:15")

        var late = F.solution()
        late.editLeg("t-chem", day: "tue", leg: 0) { $0.depart = "12:20"; $0.arrive = "12:40" }  // chem starts 12:30
        assertOnly(.travelTiming, try F.check(late))
    }

    func testMaxTrip() throws {
        var instance = F.instance()
        instance.editStudent("s2") { $0.maxOneWayMinutes = 15 }
        instance.editTeacher("t-chem") { $0.maxOneWayMinutes = 10 }
        let report = try F.check(F.solution(), instance)
        assertOnly(.maxTrip, report)
        XCTAssertEqual(report.violations.map(\.who), ["s2", "s2", "t-chem", "t-chem"])
    }

    func testLatestReturn() throws {
        var instance = F.instance()
        instance.defaults.latestReturn = "14:20"
        instance.editTeacher("t-chem") { $0.latestReturn = "14:00" }
        let report = try F.check(F.solution(), instance)
        assertOnly(.latestReturn, report)
        XCTAssertEqual(report.violations.map(\.message), [
            "student s2 is back home at B at 14:30 on tue, latest 14:20",
            "teacher t-chem is back home at B at 14:30 on tue, latest 14:00",
        ])
    }

    func testBusSeats() throws {
        var instance = F.instance(busRuns: true)
        instance.transport.busRuns[0].seats = 1
        var solution = F.solution(busRuns: true)
        // The teacher rides the morning run too (a teacher may name a bus run).
        solution.editLeg("t-chem", day: "tue", leg: 0) { $0.depart = "11:15"; $0.arrive = "11:35"; $0.busRun = "r-am" }
        let report = try F.check(solution, instance)
        assertOnly(.busSeats, report)
        XCTAssertEqual(report.violations, [Violation(rule: .busSeats, who: "r-am", day: "tue",
                                                     message: "bus run r-am carries 2 riders from B to A on tue, 1 seats")])
    }

    func testLock() throws {
        // Locks the fixture's timetable keeps: no violation.
        var instance = F.instance()
        instance.locks = Locks(
            sections: [SectionLock(section: "chem-1", course: "chem", teacher: "t-chem",
                                   meetings: [LockedMeeting(day: "tue", period: 5, length: 2, room: "a-lab")])],
            enrolments: [EnrolmentLock(student: "s1", request: 0, section: "chem-1")])
        XCTAssertTrue(try F.check(F.solution(), instance).feasible)

        // The section moved to another day and s1 left it: the locks are broken.
        var solution = F.solution()
        solution.editSection("chem-1") { $0.meetings[0].day = "wed" }
        solution.assignments.removeAll { $0.student == "s1" && $0.request == 0 }
        solution.unsatisfied.append(.init(student: "s1", request: 0, required: false, reason: "test"))
        let report = try F.check(solution, instance)
        let locks = report.violations(of: .lock)
        XCTAssertEqual(locks.map(\.who), ["chem-1", "chem-1", "s1"], "\(report.violations)")
        XCTAssertTrue(locks[0].message.contains("the lock keeps tue 5+2"), locks[0].message)

        // A lock naming an unknown course or a section not locked is an input error with its place.
        instance.locks?.sections[0].course = "chemistry"
        instance.locks?.enrolments.append(EnrolmentLock(student: "s2", request: 0, section: "cs-9"))
        let (_, diagnostics) = Problem.build(instance)
        XCTAssertEqual(Set(diagnostics.filter { $0.severity == .error }.map(\.path)),
                       ["locks.sections[0].course", "locks.enrolments[1].section", "locks.enrolments[0].section"])
    }

    /// Every rule of the table has a test above named after it.
    func testEveryRuleHasATest() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        for rule in HardRule.allCases {
            let camel = rule.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            XCTAssertTrue(source.contains("func test\(camel)() throws"), "no test for \(rule.rawValue)")
        }
    }
}
