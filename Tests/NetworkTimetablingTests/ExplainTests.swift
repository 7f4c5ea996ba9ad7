import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// One purpose-built case per kind of reason: the explanation names the right reason with the
/// right numbers, and ``ExplanationVerifier`` confirms every reason given against the data.
final class ExplainTests: XCTestCase {
    typealias F = ExplainFixture

    private func kinds(_ e: RequestExplanation) -> [String] { e.reasons.map(\.kind) }

    // MARK: The student and the alternative

    func testGradeNotEligible() throws {
        var inst = F.instance()
        inst.courses[0].grades = [11]
        let e = try explain(inst, F.solution(), student: "s1")
        XCTAssertEqual(e.reasons, [.gradeNotEligible(course: "x", grade: 10, grades: [11])])
    }

    func testOnlineNotAllowed() throws {
        var inst = F.instance()
        inst.students[0].online = false
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .online)]
        let sol = F.solution(sections: [F.section("x/1", mode: .online, period: 3)])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.onlineNotAllowed(course: "x")])
    }

    func testNoJoinPlace() throws {
        var inst = F.instance()
        inst.students[0].homeSite = "D"
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .online)]
        let sol = F.solution(sections: [F.section("x/1", mode: .online, period: 3)])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.noJoinPlace(site: "D")])
    }

    // MARK: No section open

    func testSectionNotOpenedTooFewStudents() throws {
        var inst = F.instance()
        inst.courses[0].minSize = 5
        inst.students.append(Student(id: "s3", grade: 10, homeSite: "B", requests: [Request(alternatives: [.init(course: "x", mode: .online)])]))
        let e = try explain(inst, F.solution(), student: "s1")
        XCTAssertEqual(e.reasons[0], .sectionNotOpened(course: "x", mode: nil, site: nil, opened: []))
        XCTAssert(e.reasons.contains(.tooFewStudents(course: "x", asked: 3, minimum: 5)), "\(e.reasons)")
        let text = ReasonText(.en, inst).text(.tooFewStudents(course: "x", asked: 3, minimum: 5))
        XCTAssertEqual(text, "only 3 students asked for it, and a section needs at least 5")
        XCTAssertEqual(ReasonText(.ru, inst).text(.tooFewStudents(course: "x", asked: 3, minimum: 5)),
                       "курс запросили только 3 ученика, а для открытия группы нужно не меньше 5")
    }

    func testSectionNotOpenedNamesTheOtherSections() throws {
        var inst = F.instance()
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .inPerson, site: "B")]
        inst.students[1].onlineFromHome = true
        let sol = F.solution(sections: [F.section("x/1", mode: .online, period: 3)],
                             assignments: [.init(student: "s2", request: 0, alternative: 0, section: "x/1", fromHome: true)])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons[0], .sectionNotOpened(course: "x", mode: .inPerson, site: "B",
                                                       opened: [SectionRef(section: "x/1", mode: .online, site: "A")]))
    }

    func testNoCommonTime() throws {
        var inst = F.instance()
        inst.courses[0].minSize = 2
        // s1 is free only in period 1, s2 only in period 2: never together.
        let all = Dictionary(uniqueKeysWithValues: F.days.map { ($0, [1, 2, 3, 4]) })
        inst.students[0].busy = all.mapValues { $0.filter { $0 != 1 } }
        inst.students[1].busy = all.mapValues { $0.filter { $0 != 2 } }
        let e = try explain(inst, F.solution(), student: "s1")
        XCTAssert(e.reasons.contains(.noCommonTime(course: "x", free: 1, candidates: 2, minimum: 2)), "\(e.reasons)")
        XCTAssertFalse(kinds(e).contains("notOpenedByEngine"))
    }

    func testNoCommonTimeCountsTheTeacher() throws {
        var inst = F.instance()
        // Both students are free only in period 1, when the teacher has own-school lessons.
        let all = Dictionary(uniqueKeysWithValues: F.days.map { ($0, [2, 3, 4]) })
        inst.students[0].busy = all
        inst.students[1].busy = all
        inst.teachers[0].busy = Dictionary(uniqueKeysWithValues: F.days.map { ($0, [1]) })
        let e = try explain(inst, F.solution(), student: "s1")
        XCTAssert(e.reasons.contains(.noCommonTime(course: "x", free: 0, candidates: 2, minimum: 1)), "\(e.reasons)")
    }

    func testNoTeacherHours() throws {
        var inst = F.instance()
        inst.teachers[0].maxWeeklyPeriods = 2
        inst.courses.append(Course(id: "y", subject: "x", pattern: [2], maxSize: 10, inPersonSites: ["A"]))
        inst.students[1].requests.append(Request(alternatives: [.init(course: "y")]))
        let sol = F.solution(sections: [F.section("y/1", course: "y", period: 3, length: 2)],
                             assignments: [.init(student: "s2", request: 1, alternative: 0, section: "y/1")])
        let e = try explain(inst, sol, student: "s1")
        XCTAssert(e.reasons.contains(.noTeacherHours(course: "x", needed: 1, teachers: [TeacherLoad(teacher: "t1", periods: 2, max: 2)])),
                  "\(e.reasons)")
    }

    func testNoTeacherAllowed() throws {
        var inst = F.instance()
        inst.teachers[0].mayTeachOnline = false
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .online)]
        let e = try explain(inst, F.solution(), student: "s1")
        XCTAssert(e.reasons.contains(.noTeacherAllowed(course: "x", mode: .online, site: nil)), "\(e.reasons)")
    }

    func testNoSuitableRoom() throws {
        var inst = F.instance()
        inst.courses[0].roomFeatures = ["chemistry-lab"]
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .inPerson, site: "B")]
        let e = try explain(inst, F.solution(), student: "s1")
        XCTAssert(e.reasons.contains(.noSuitableRoom(course: "x", sites: ["B"], features: ["chemistry-lab"])), "\(e.reasons)")
    }

    func testMaxSectionsReached() throws {
        var inst = F.instance()
        inst.courses[0].maxSize = 1
        inst.courses[0].maxSections = 1
        let sol = F.solution(sections: [F.section("x/1", period: 3)], assignments: [.init(student: "s2", request: 0, alternative: 0, section: "x/1")])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.sectionFull(section: "x/1", size: 1, limit: 1), .maxSectionsReached(course: "x", sections: 1, max: 1)])
    }

    func testNotOpenedByEngine() throws {
        let e = try explain(F.instance(), F.solution(), student: "s1")
        XCTAssertEqual(e.reasons, [.sectionNotOpened(course: "x", mode: nil, site: nil, opened: []),
                                   .notOpenedByEngine(course: "x", asked: 2, minimum: 1)])
    }

    // MARK: Joining an open section

    func testSectionFullByRoomSeats() throws {
        var inst = F.instance()
        inst.rooms[0].capacity = 1
        let sol = F.solution(sections: [F.section("x/1", period: 3)], assignments: [.init(student: "s2", request: 0, alternative: 0, section: "x/1")])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.sectionFull(section: "x/1", size: 1, limit: 1)])
        XCTAssertEqual(ReasonText(.en, inst).text(e.reasons[0]), "section x/1 is full: 1 of 1")
    }

    func testClashWithRegularLessons() throws {
        var inst = F.instance()
        inst.students[0].busy = ["mon": [2], "tue": [2]]
        var sec = F.section("x/1", period: 2)
        sec.meetings.append(Solution.Meeting(day: "tue", period: 2, room: "a-lab"))
        inst.courses[0].pattern = [1, 1]
        let e = try explain(inst, F.solution(sections: [sec]), student: "s1")
        XCTAssertEqual(e.reasons, [.clashRegular(section: "x/1", slots: [
            SlotRef(day: "mon", period: 2, start: "09:25", end: "10:10"), SlotRef(day: "tue", period: 2, start: "09:25", end: "10:10"),
        ])])
        XCTAssertEqual(ReasonText(.ru, inst).text(e.reasons[0]),
                       "группа x/1 занимается во время уроков ученика в своей школе: Пн, 2-й урок (09:25–10:10); Вт, 2-й урок (09:25–10:10)")
    }

    func testClashWithAnotherCourse() throws {
        var inst = F.instance()
        inst.courses.append(Course(id: "y", name: "Course Y", subject: "x", pattern: [1], maxSize: 10, inPersonSites: ["A"]))
        inst.students[0].requests.append(Request(alternatives: [.init(course: "y")]))
        let sol = F.solution(sections: [F.section("x/1", period: 3), F.section("y/1", course: "y", period: 3, room: "a-comp")],
                             assignments: [.init(student: "s1", request: 1, alternative: 0, section: "y/1")])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.clashCourse(section: "x/1", other: "y/1", otherCourse: "y",
                                                slots: [SlotRef(day: "mon", period: 3, start: "10:30", end: "11:15")])])
    }

    func testDailyHygieneLimit() throws {
        var inst = F.instance()
        inst.hygiene.maxLessonsPerDay = 2
        inst.students[0].busy = ["mon": [1, 2]]
        let e = try explain(inst, F.solution(sections: [F.section("x/1", period: 4)]), student: "s1")
        XCTAssertEqual(e.reasons, [.hygieneDaily(section: "x/1", day: "mon", lessons: 2, adding: 1, limit: 2)])
        XCTAssertEqual(ReasonText(.en, inst).text(e.reasons[0]),
                       "with section x/1 the student would have 3 lessons on Mon (2 + 1), daily limit 2")
    }

    func testWeeklyHygieneLimit() throws {
        var inst = F.instance()
        inst.hygiene.maxLessonsPerWeek = 3
        inst.students[0].busy = ["tue": [1, 2], "wed": [1]]
        let e = try explain(inst, F.solution(sections: [F.section("x/1", period: 4)]), student: "s1")
        XCTAssertEqual(e.reasons, [.hygieneWeekly(section: "x/1", lessons: 3, adding: 1, limit: 3)])
    }

    func testOnlineDailyLimit() throws {
        var inst = F.instance()
        inst.hygiene.maxOnlineLessonsPerDay = 1
        inst.students[0].onlineFromHome = true
        inst.courses.append(Course(id: "y", subject: "x", pattern: [1], maxSize: 10, online: true))
        inst.students[0].requests.append(Request(alternatives: [.init(course: "y")]))
        let sol = F.solution(sections: [F.section("x/1", mode: .online, period: 3), F.section("y/1", course: "y", mode: .online, period: 1)],
                             assignments: [.init(student: "s1", request: 1, alternative: 0, section: "y/1", fromHome: true)])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.onlineDailyLimit(section: "x/1", day: "mon", online: 1, adding: 1, limit: 1)])
    }

    func testNoOnlineSeat() throws {
        var inst = F.instance()
        inst.students[0].homeSite = "C"
        inst.students[1].homeSite = "C"
        inst.rooms[3].computerSeats = 1
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .online)]
        let sol = F.solution(sections: [F.section("x/1", mode: .online, period: 3)],
                             assignments: [.init(student: "s2", request: 0, alternative: 0, section: "x/1", onlineRoom: "c-comp")])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.noOnlineSeat(section: "x/1", slot: SlotRef(day: "mon", period: 3, start: "10:30", end: "11:15"),
                                                 rooms: [RoomUse(room: "c-comp", seats: 1, taken: 1, regular: false, meeting: nil)])])
    }

    // MARK: Travel

    func testNoRoad() throws {
        var inst = F.instance()
        inst.students[0].homeSite = "C"
        inst.students[0].online = false
        let e = try explain(inst, F.solution(sections: [F.section("x/1", period: 3)]), student: "s1")
        XCTAssertEqual(e.reasons, [.noRoad(section: "x/1", from: "C", to: "A"), .noRoad(section: "x/1", from: "A", to: "C")])
    }

    func testTripTooLong() throws {
        var inst = F.instance()
        inst.students[0].maxOneWayMinutes = 10
        let e = try explain(inst, F.solution(sections: [F.section("x/1", site: "B", period: 3, room: "b-class")]), student: "s1")
        XCTAssertEqual(e.reasons, [.tripTooLong(section: "x/1", from: "A", to: "B", minutes: 20, limit: 10),
                                   .tripTooLong(section: "x/1", from: "B", to: "A", minutes: 20, limit: 10)])
    }

    func testTravelGap() throws {
        var inst = F.instance()
        inst.students[0].busy = ["mon": [1]]
        let e = try explain(inst, F.solution(sections: [F.section("x/1", site: "B", period: 2, room: "b-class")]), student: "s1")
        XCTAssertEqual(e.reasons, [.travelGap(section: "x/1", day: "mon", from: "A", to: "B", minutes: 20, after: "09:15", before: "09:25")])
        XCTAssertEqual(ReasonText(.en, inst).text(e.reasons[0]),
                       "on Mon the student cannot get from Alpha to Beta for section x/1: the road takes 20 min, but there are only 10 min "
                       + "between 09:15 and 09:25")
    }

    func testLateReturn() throws {
        var inst = F.instance()
        inst.students[0].latestReturn = "12:00"
        let e = try explain(inst, F.solution(sections: [F.section("x/1", site: "B", period: 4, room: "b-class")]), student: "s1")
        XCTAssertEqual(e.reasons, [.lateReturn(section: "x/1", day: "mon", from: "B", home: "A", arrive: "12:30", latest: "12:00")])
    }

    private func busInstance() -> Instance {
        var inst = F.instance()
        inst.transport.busRuns = [
            BusRun(id: "am", days: ["mon"], seats: 1, stops: [.init(site: "A", time: "09:20"), .init(site: "B", time: "09:40")]),
            BusRun(id: "pm", days: ["mon"], seats: 5, stops: [.init(site: "B", time: "12:20"), .init(site: "A", time: "12:40")]),
        ]
        inst.transport.mode = .busRuns
        return inst
    }

    func testNoBusRun() throws {
        var inst = busInstance()
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .inPerson, site: "B")]
        // Period 1 at B: the only morning run reaches B at 09:40.
        let e = try explain(inst, F.solution(sections: [F.section("x/1", site: "B", period: 1, room: "b-class")]), student: "s1")
        XCTAssertEqual(e.reasons, [.noBusRun(section: "x/1", day: "mon", from: "A", to: "B", after: nil, before: "08:30")])
    }

    func testBusFull() throws {
        var inst = busInstance()
        inst.students[0].requests[0].alternatives = [.init(course: "x", mode: .inPerson, site: "B")]
        inst.students[1].requests[0].alternatives = [.init(course: "x", mode: .inPerson, site: "B")]
        // s2 already takes the one seat of the morning run to a period-3 section at B.
        let sol = F.solution(sections: [F.section("x/1", site: "B", period: 3, room: "b-class")],
                             assignments: [.init(student: "s2", request: 0, alternative: 0, section: "x/1")],
                             itineraries: [.init(person: "s2", role: .student, day: "mon", legs: [
                                 .init(from: "A", to: "B", depart: "09:20", arrive: "09:40", busRun: "am"),
                                 .init(from: "B", to: "A", depart: "12:20", arrive: "12:40", busRun: "pm"),
                             ]), .init(person: "t1", role: .teacher, day: "mon", legs: [
                                 .init(from: "A", to: "B", depart: "10:00", arrive: "10:20"),
                                 .init(from: "B", to: "A", depart: "11:15", arrive: "11:35"),
                             ])])
        let p = try problem(inst)
        let broken = Checker(p).check(sol).violations.filter { $0.rule != .unsatisfiedList }
        XCTAssertEqual(broken.map(\.description), [], "the fixture's solution keeps every other rule")
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.reasons, [.busFull(section: "x/1", day: "mon", runs: ["am"])])
    }

    func testWouldFit() throws {
        let e = try explain(F.instance(), F.solution(sections: [F.section("x/1", period: 3)]), student: "s1")
        XCTAssertEqual(e.reasons, [.wouldFit(section: "x/1")])
    }

    // MARK: Whole solutions

    func testEveryAlternativeIsExplained() throws {
        var inst = F.instance()
        inst.students[0].requests[0] = Request(id: "x", alternatives: [.init(course: "x", mode: .inPerson, site: "B"), .init(course: "x", mode: .online)],
                                               required: true)
        inst.students[0].busy = ["mon": [3]]
        let sol = F.solution(sections: [F.section("x/1", mode: .online, period: 3)])
        let e = try explain(inst, sol, student: "s1")
        XCTAssertEqual(e.alternatives.map(\.index), [0, 1])
        XCTAssertEqual(e.alternatives[0].reasons.first?.kind, "sectionNotOpened")
        XCTAssertEqual(e.alternatives[1].reasons.map(\.kind), ["clashRegular"])
        XCTAssertEqual(e.label, "x")
        XCTAssert(e.required)
        let text = ReasonText(.en, inst).describe(e)
        XCTAssert(text.hasPrefix("s1, request 1 «x», required: not granted"), text)
    }

    func testUnsatisfiedRequestsListsEveryRequestWithoutAssignment() throws {
        let inst = F.instance()
        let sol = F.solution(sections: [F.section("x/1", period: 3)], assignments: [.init(student: "s2", request: 0, alternative: 0, section: "x/1")])
        let list = try Explainer(problem: try problem(inst), solution: sol).unsatisfiedRequests()
        XCTAssertEqual(list.map(\.student), ["s1"])
        XCTAssertNil(try Explainer(problem: try problem(inst), solution: sol).explain(student: "s2", request: 0), "s2 is placed")
    }

    func testEngineReasonIsCarriedButNotUsed() throws {
        var sol = F.solution(sections: [F.section("x/1", period: 3)])
        sol.unsatisfied = [.init(student: "s1", request: 0, required: false, reason: "the moon was full")]
        let e = try explain(F.instance(), sol, student: "s1")
        XCTAssertEqual(e.engineReason, "the moon was full")
        XCTAssertEqual(e.reasons, [.wouldFit(section: "x/1")])
    }

    func testUnresolvableSolutionThrows() throws {
        let sol = F.solution(sections: [F.section("x/1", period: 3, room: "nowhere")])
        XCTAssertThrowsError(try Explainer(problem: try problem(F.instance()), solution: sol))
    }
}
