import XCTest
@testable import TimetablingITC2019

/// Hard rules, rooms, students and the weighted total, on problems written in the tests.
final class ITC2019ValidatorTests: XCTestCase {
    /// Two classes that may share room r1 or use r2, with a choice of two times each.
    private func twoClassProblem(weights: String = "time=\"2\" room=\"3\" distribution=\"5\" student=\"7\"") throws -> ITCProblem {
        let courses = """
            <course id="k"><config id="1"><subpart id="1">
            <class id="a" limit="5"><room id="r1" penalty="4"/><room id="r3" penalty="0"/>
              <time days="1000000" start="100" length="10" weeks="11" penalty="1"/>
              <time days="0000001" start="100" length="10" weeks="11" penalty="0"/></class>
            <class id="b" limit="5"><room id="r1" penalty="0"/><room id="r2" penalty="2"/>
              <time days="1000000" start="105" length="10" weeks="01" penalty="3"/>
              <time days="0100000" start="100" length="10" weeks="11" penalty="0"/></class>
            </subpart></config></course>
            """
        return try readProblem(TestXML.problem(weights: weights, courses: courses))
    }

    private func row(_ id: String, _ days: String, _ start: Int, _ weeks: String = "11", room: String?, students: [String] = []) -> ITCSolutionClass {
        ITCSolutionClass(id: id, days: days, start: start, weeks: weeks, room: room, students: students)
    }

    func testPenaltiesAreWeightedIntoTheTotal() throws {
        let p = try twoClassProblem()
        let report = ITCValidator(p).validate(ITCSolutionDocument(name: "test", classes: [
            row("a", MON, 100, room: "r1"), row("b", TUE, 100, room: "r2"),
        ]))
        XCTAssertTrue(report.valid, "\(report.hardViolations)")
        XCTAssertEqual(report.timePenalty, 1)
        XCTAssertEqual(report.roomPenalty, 4 + 2)
        XCTAssertEqual(report.total, 1 * 2 + 6 * 3)
    }

    func testTwoClassesInOneRoomAtOverlappingTimes() throws {
        let p = try twoClassProblem()
        // Monday 100–110 every week and Monday 105–115 in week 2: overlap in week 2.
        let clash = ITCValidator(p).validate(ITCSolutionDocument(name: "test", classes: [
            row("a", MON, 100, room: "r1"), row("b", MON, 105, "01", room: "r1"),
        ]))
        XCTAssertEqual(clash.hardViolations.map(\.kind), [.roomConflict])
        XCTAssertEqual(clash.hardViolations.first?.classes, ["a", "b"])
        // The same times in different rooms are fine.
        let apart = ITCValidator(p).validate(ITCSolutionDocument(name: "test", classes: [
            row("a", MON, 100, room: "r1"), row("b", MON, 105, "01", room: "r2"),
        ]))
        XCTAssertTrue(apart.valid, "\(apart.hardViolations)")
    }

    func testRoomUnavailable() throws {
        // r3 is unavailable all Sunday.
        let p = try twoClassProblem()
        let report = ITCValidator(p).validate(ITCSolutionDocument(name: "test", classes: [
            row("a", "0000001", 100, room: "r3"), row("b", TUE, 100, room: "r1"),
        ]))
        XCTAssertEqual(report.hardViolations.map(\.kind), [.roomUnavailable])
        XCTAssertEqual(report.hardViolations.first?.classes, ["a"])
    }

    func testTimesAndRoomsMustBeOptionsAndEveryClassPlaced() throws {
        let p = try twoClassProblem()
        let report = ITCValidator(p).validate(ITCSolutionDocument(name: "other", classes: [
            row("a", MON, 101, room: "r2"), row("zz", MON, 100, room: "r1"),
        ]))
        XCTAssertEqual(report.hardViolations.map(\.kind).sorted { $0.rawValue < $1.rawValue },
                       [.invalidRoom, .invalidTime, .missingRoom, .missingTime, .unknownClass, .wrongInstance])
        XCTAssertFalse(report.valid)
    }

    func testAnInvalidTimeAndAMissingRoomAreBothReported() throws {
        let p = try twoClassProblem()
        let report = ITCValidator(p).validate(ITCSolutionDocument(name: "test", classes: [
            row("a", MON, 99, room: nil), row("b", TUE, 100, room: "r2"),
        ]))
        XCTAssertEqual(report.hardViolations.map(\.kind), [.invalidTime, .missingRoom])
    }

    func testRoomForAClassThatNeedsNone() throws {
        let p = try readProblem(TestXML.problem(courses: TestXML.course([C("1", MON, 100, 10)])))
        XCTAssertFalse(p.classes[0].needsRoom)
        let report = ITCValidator(p).validate(ITCSolutionDocument(name: "test", classes: [row("1", MON, 100, room: "r1")]))
        XCTAssertEqual(report.hardViolations.map(\.kind), [.invalidRoom])
        XCTAssertTrue(ITCValidator(p).validate(ITCSolutionDocument(name: "test", classes: [row("1", MON, 100, room: nil)])).valid)
    }

    // MARK: Students

    /// Course k: config 1 (lecture L1, L2; seminar S1 parent L1, S2 parent L2), config 2 (lecture X).
    /// Course m: one class M in room r2. Students s1 (k, m), s2 (k).
    private func sectioningProblem(limit: Int = 5) throws -> ITCProblem {
        let courses = """
            <course id="k">
              <config id="1">
                <subpart id="lec"><class id="L1" limit="\(limit)"><room id="r1" penalty="0"/><time days="1000000" start="100" length="10" weeks="11" penalty="0"/></class>
                                  <class id="L2" limit="\(limit)"><room id="r1" penalty="0"/><time days="0100000" start="100" length="10" weeks="11" penalty="0"/></class></subpart>
                <subpart id="sem"><class id="S1" parent="L1" limit="\(limit)" room="false"><time days="1000000" start="120" length="10" weeks="11" penalty="0"/></class>
                                  <class id="S2" parent="L2" limit="\(limit)" room="false"><time days="0100000" start="120" length="10" weeks="11" penalty="0"/></class></subpart>
              </config>
              <config id="2"><subpart id="x"><class id="X" limit="\(limit)" room="false"><time days="0010000" start="100" length="10" weeks="11" penalty="0"/></class></subpart></config>
            </course>
            <course id="m"><config id="3"><subpart id="ms">
              <class id="M" limit="\(limit)"><room id="r2" penalty="0"/><time days="1000000" start="112" length="6" weeks="11" penalty="0"/></class>
            </subpart></config></course>
            """
        let students = """
            <student id="s1"><course id="k"/><course id="m"/></student>
            <student id="s2"><course id="k"/></student>
            """
        return try readProblem(TestXML.problem(courses: courses, students: students))
    }

    private func sectioned(_ p: ITCProblem, _ enrolment: [String: [String]]) -> ITCReport {
        ITCValidator(p).validate(firstOptions(p, students: enrolment))
    }

    func testTravelBetweenRoomsMakesAStudentConflict() throws {
        let p = try sectioningProblem()
        // s1: L1 (Mon 100–110, r1) and M (Mon 112–118, r2): 2 slots between, travel r1–r2 is 5 → 1 conflict;
        // S1 (Mon 120–130, no room) follows M 2 slots later: no room, no travel, no conflict.
        let report = sectioned(p, ["L1": ["s1", "s2"], "S1": ["s1", "s2"], "M": ["s1"]])
        XCTAssertTrue(report.valid, "\(report.hardViolations)")
        XCTAssertEqual(report.studentConflicts, 1)
        XCTAssertEqual(report.total, 1, "weights are all 1 and every option has penalty 0")
    }

    func testOverlappingClassesOfAStudentConflictOncePerPair() throws {
        // Move M onto L1's time: s1 has L1–M overlapping (1) and still no conflict with S1 (120 ≥ 118).
        var p = try sectioningProblem()
        let m = p.classes.firstIndex { $0.id == "M" }!
        p.classes[m].times[0].time.start = 105
        let report = sectioned(p, ["L1": ["s1"], "S1": ["s1"], "M": ["s1"], "L2": ["s2"], "S2": ["s2"]])
        XCTAssertTrue(report.valid, "\(report.hardViolations)")
        XCTAssertEqual(report.studentConflicts, 1)
    }

    func testSectioningRules() throws {
        let p = try sectioningProblem()
        // s1: two configurations of k (L1, S1 and X), none of m; s2: S2 without its parent L2.
        let report = sectioned(p, ["L1": ["s1"], "S1": ["s1"], "X": ["s1"], "S2": ["s2"]])
        let kinds = report.hardViolations.map(\.kind)
        XCTAssertEqual(kinds.filter { $0 == .enrollment }.count, 3, "s1: two configs of k, no class of m; s2: no lecture. \(report.hardViolations)")
        XCTAssertEqual(kinds.filter { $0 == .parentChild }.count, 1)
        XCTAssertTrue(report.hardViolations.contains { $0.kind == .parentChild && $0.students == ["s2"] && $0.classes == ["S2", "L2"] })
        // A class of a course the student did not request.
        let extra = sectioned(p, ["L1": ["s2"], "S1": ["s2"], "M": ["s2", "s1"], "L2": ["s1"], "S2": ["s1"]])
        XCTAssertEqual(extra.hardViolations.map(\.kind), [.courseNotRequested])
    }

    func testClassLimit() throws {
        let p = try sectioningProblem(limit: 1)
        let report = sectioned(p, ["L1": ["s1", "s2"], "S1": ["s1", "s2"], "M": ["s1"]])
        XCTAssertEqual(report.hardViolations.map(\.kind), [.classLimit, .classLimit])
        XCTAssertEqual(Set(report.hardViolations.flatMap(\.classes)), ["L1", "S1"])
    }

    func testAStudentListedTwiceIsCountedOnceWithAWarning() throws {
        let p = try sectioningProblem(limit: 1)
        let report = sectioned(p, ["L1": ["s2", "s2"], "S1": ["s2"], "L2": ["s1"], "S2": ["s1"], "M": ["s1"]])
        XCTAssertTrue(report.valid, "\(report.hardViolations)")
        XCTAssertEqual(report.warnings.count, 1)
    }

    // MARK: Assignments in dense indices

    func testAnAssignmentWrittenAndReadBackJudgesTheSame() throws {
        let p = try sectioningProblem()
        var a = ITCAssignment(emptyFor: p)
        for c in p.classes.indices { a.time[c] = 0; a.room[c] = p.classes[c].needsRoom ? 0 : -1 }
        let index = p.classIndexMap()
        a.enrollment = [["L1", "S1", "M"].map { index[$0]! }, ["L2", "S2"].map { index[$0]! }]
        let direct = ITCValidator(p).evaluate(a)
        XCTAssertTrue(direct.valid, "\(direct.hardViolations)")
        let document = ITCSolutionDocument(problem: p, assignment: a, runtime: "1.5", cores: "1", technique: "test", author: "a & b",
                                           institution: "<none>", country: "\"X\"")
        let back = try ITCSolutionReader.read(ITCSolutionWriter.data(document))
        XCTAssertEqual(back.classes.map { var c = $0; c.line = 0; return c }, document.classes)
        XCTAssertTrue(back.classes.allSatisfy { $0.line > 2 }, "the reader keeps each class's line")
        XCTAssertEqual(back.author, "a & b")
        XCTAssertEqual(back.institution, "<none>")
        XCTAssertEqual(back.country, "\"X\"")
        let (resolved, violations, _) = ITCValidator(p).resolve(back)
        XCTAssertEqual(violations, [])
        XCTAssertEqual(resolved.time, a.time)
        XCTAssertEqual(resolved.room, a.room)
        XCTAssertEqual(ITCValidator(p).validate(back), direct)
    }

    func testEmptyAssignmentReportsEveryClass() throws {
        let p = try sectioningProblem()
        let report = ITCValidator(p).evaluate(ITCAssignment(emptyFor: p))
        XCTAssertEqual(report.hardViolations.filter { $0.kind == .missingTime }.count, p.classes.count)
        XCTAssertEqual(report.hardViolations.filter { $0.kind == .missingRoom }.count, p.classes.filter(\.needsRoom).count)
        XCTAssertEqual(report.hardViolations.filter { $0.kind == .enrollment }.count, 3)
    }
}
