import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports

/// Hygiene limits by grade (SanPiN 1.2.3685-21, table 6.6): the built-in table, `hygiene.grades`
/// rows, the old top-level limits that apply to every grade, their validation, and the checker,
/// the engines and the diagnosis using the limit of each student's grade.
final class HygieneGradeTests: XCTestCase {
    private typealias F = CheckerFixture

    /// The checker fixture with a 7th period (14:20–15:05) and no latest return, s4 (home A, no
    /// class, joining `cs-1` online on mon 5 and wed 5) in `grade`, busy in `busy`.
    private func instance(grade: Int, busy: BusyPeriods) -> Instance {
        var inst = F.instance()
        inst.calendar.periods.append(.init(start: "14:20", end: "15:05"))
        inst.defaults.latestReturn = nil
        let s4 = inst.students.firstIndex { $0.id == "s4" }!
        inst.students[s4].grade = grade
        inst.students[s4].busy = busy
        return inst
    }

    private func rules(_ report: CheckReport) -> [HardRule] { report.violations.map(\.rule) }

    // MARK: The table

    func testBuiltInTableIsSanPiNTableSixSix() {
        let h = Hygiene()
        // grade: (per day, per week in a 5-day week, in a 6-day week)
        let table: [Int: (Int, Int, Int)] = [
            1: (4, 21, 21), 2: (5, 23, 26), 3: (5, 23, 26), 4: (5, 23, 26), 5: (6, 29, 32), 6: (6, 30, 33),
            7: (7, 32, 35), 8: (7, 33, 36), 9: (7, 33, 36), 10: (7, 34, 37), 11: (7, 34, 37),
        ]
        for (grade, limits) in table {
            XCTAssertEqual(h.dailyLimit(grade: grade), limits.0, "grade \(grade) per day")
            XCTAssertEqual(h.weeklyLimit(grade: grade, days: 5), limits.1, "grade \(grade), 5-day week")
            XCTAssertEqual(h.weeklyLimit(grade: grade, days: 6), limits.2, "grade \(grade), 6-day week")
        }
        XCTAssertEqual(h.dailyLimit(grade: 12), 7, "grade 12 follows grade 11")
        XCTAssertEqual(h.weeklyLimit(days: 6), 37, "the old call is the grade 10-11 limit")
    }

    func testOldTopLevelLimitsApplyToEveryGradeAndRowsOverrideThem() throws {
        let old = try JSONDecoder().decode(Hygiene.self, from: Data(#"{"maxLessonsPerDay": 8, "maxLessonsPerWeek": 40}"#.utf8))
        for grade in 1...11 {
            XCTAssertEqual(old.dailyLimit(grade: grade), 8, "grade \(grade)")
            XCTAssertEqual(old.weeklyLimit(grade: grade, days: 5), 40, "grade \(grade)")
        }
        let mixed = try JSONDecoder().decode(Hygiene.self, from: Data(#"""
            {"maxLessonsPerDay": 8, "grades": [{"grades": [5, 6], "maxLessonsPerDay": 5}, {"grades": [1], "maxLessonsPerWeek": 20}]}
            """#.utf8))
        XCTAssertEqual(mixed.dailyLimit(grade: 5), 5, "the row wins")
        XCTAssertEqual(mixed.weeklyLimit(grade: 5, days: 5), 29, "a field the row leaves out keeps the grade's limit")
        XCTAssertEqual(mixed.dailyLimit(grade: 1), 8, "the top-level daily limit, the row sets only the weekly one")
        XCTAssertEqual(mixed.weeklyLimit(grade: 1, days: 5), 20)
        XCTAssertEqual(mixed.dailyLimit(grade: 10), 8)
        XCTAssertEqual(mixed.weeklyLimit(grade: 10, days: 6), 37)
    }

    func testEncodingKeepsWhatTheFileSaid() throws {
        for hygiene in [Hygiene(), Hygiene(maxLessonsPerDay: 7),
                        Hygiene(maxLessonsPerWeek: 30, grades: [.init(grades: [2, 3], maxLessonsPerDay: 4)])] {
            let echo = try JSONDecoder().decode(Hygiene.self, from: JSONEncoder().encode(hygiene))
            XCTAssertEqual(echo, hygiene)
        }
        let text = String(decoding: try JSONEncoder().encode(Hygiene()), as: UTF8.self)
        XCTAssertFalse(text.contains("maxLessonsPerDay"), "no limit for every grade unless one was given: \(text)")
    }

    /// Every example and test instance is grades 10-11: the limits stay 7 a day and 34 (5 days) or
    /// 37 (6 days) a week for every student, as before per-grade limits.
    func testExamplesKeepTheirLimits() throws {
        for name in ["tiny", "terbuny-network", "arctic-network"] {
            let url = ExamplesTests.root.appendingPathComponent("Examples/\(name).json")
            let loaded = InstanceLoader.load(data: try Data(contentsOf: url))
            let problem = try XCTUnwrap(loaded.problem, name)
            let weekly = problem.dayCount >= 6 ? 37 : 34
            XCTAssertFalse(problem.students.isEmpty)
            for s in problem.students.indices {
                XCTAssertEqual(problem.maxLessonsPerDay(student: s), 7, "\(name) student \(s)")
                XCTAssertEqual(problem.maxLessonsPerWeek(student: s), weekly, "\(name) student \(s)")
            }
        }
        XCTAssertEqual(Set(try Problem(F.instance()).students.map(\.maxLessonsPerWeek)), [34])
    }

    // MARK: The checker

    func testGradeFiveDailyLimitIsSix() throws {
        // Network lesson cs-1 on mon 5; regular lessons around it.
        let six = instance(grade: 5, busy: ["mon": [1, 2, 3, 4, 6]])
        XCTAssertEqual(rules(try F.check(F.solution(), six)), [])
        let seven = instance(grade: 5, busy: ["mon": [1, 2, 3, 4, 6, 7]])
        let report = try F.check(F.solution(), seven)
        XCTAssertEqual(report.violations, [Violation(rule: .hygieneDaily, who: "s4", day: "mon",
                                                     message: "student s4 has 7 lessons on mon, limit 6 for grade 5")])
        // The same day is within the limit of grade 10.
        XCTAssertEqual(rules(try F.check(F.solution(), instance(grade: 10, busy: ["mon": [1, 2, 3, 4, 6, 7]]))), [])
    }

    func testGradeFiveWeeklyLimitIsTwentyNineInAFiveDayWeek() throws {
        // Six lessons every day (cs-1 on mon 5 and wed 5 included): 30 in the week, none above 6 a day.
        var busy: BusyPeriods = ["mon": [1, 2, 3, 4, 6], "wed": [1, 2, 3, 4, 6]]
        for d in ["tue", "thu", "fri"] { busy[d] = [1, 2, 3, 4, 5, 6] }
        let report = try F.check(F.solution(), instance(grade: 5, busy: busy))
        XCTAssertEqual(report.violations.map(\.description), ["hygiene-weekly: student s4 has 30 lessons a week, limit 29 for grade 5"])
        busy["fri"] = [1, 2, 3, 4, 5]
        XCTAssertEqual(rules(try F.check(F.solution(), instance(grade: 5, busy: busy))), [], "29 lessons")
    }

    func testGradeRowChangesTheLimit() throws {
        var inst = instance(grade: 5, busy: ["mon": [1, 2, 3, 4, 6, 7]])
        inst.hygiene.grades = [.init(grades: [5], maxLessonsPerDay: 7)]
        XCTAssertEqual(rules(try F.check(F.solution(), inst)), [], "grade 5 raised to 7 a day")
        inst.hygiene.grades = [.init(grades: [4, 6], maxLessonsPerDay: 7)]
        XCTAssertEqual(rules(try F.check(F.solution(), inst)), [.hygieneDaily], "a row of other grades leaves grade 5 alone")

        var tight = instance(grade: 11, busy: [:])
        tight.hygiene.grades = [.init(grades: [11], maxLessonsPerWeek: 1)]
        let report = try F.check(F.solution(), tight)
        // s4 (grade 11, 2 lessons) and s2 (grade 11: 24 lessons) break it; s1 and s3 are grade 10.
        XCTAssertEqual(report.violations.map(\.who), ["s2", "s4"])
        XCTAssertEqual(Set(rules(report)), [.hygieneWeekly])
    }

    func testOldTopLevelLimitAppliesToEveryGrade() throws {
        var inst = instance(grade: 5, busy: ["mon": [1, 2, 3, 4, 6, 7]])
        inst.hygiene.maxLessonsPerDay = 7  // one limit for everyone, as the format meant before grades
        XCTAssertEqual(rules(try F.check(F.solution(), inst)), [])
        inst.hygiene.maxLessonsPerDay = 5
        let report = try F.check(F.solution(), inst)
        // s4 (grade 5) on mon, and s1 (grade 10) on tue as in the fixture's own test.
        XCTAssertEqual(Set(report.violations.compactMap(\.who)), ["s1", "s4"])
        XCTAssertEqual(Set(rules(report)), [.hygieneDaily])
        let json = try JSONDecoder().decode(Instance.self, from: JSONEncoder().encode(inst))
        XCTAssertEqual(try Problem(json).students.map(\.maxLessonsPerDay), [5, 5, 5, 5], "the file form keeps the meaning")
    }

    /// A limit for every grade above SanPiN for a grade of the instance's students is allowed,
    /// with a warning (an instance written for grades 10-11 that now has younger students).
    func testLimitForAllGradesAboveSanPiNOfAYoungerGradeIsAWarning() throws {
        var inst = instance(grade: 5, busy: [:])
        inst.hygiene.maxLessonsPerDay = 7
        inst.hygiene.maxLessonsPerWeek = 34
        let (problem, diagnostics) = Problem.build(inst)
        XCTAssertNotNil(problem)
        XCTAssertEqual(diagnostics.filter { $0.path.hasPrefix("hygiene") }.map(\.description), [
            "warning: hygiene.maxLessonsPerDay: 7 applies to every grade, above the SanPiN limit for the students of grade 5 (6) "
                + "(fix: leave it out to use the SanPiN limit of each grade, or give those grades a row in hygiene.grades)",
            "warning: hygiene.maxLessonsPerWeek: 34 applies to every grade, above the SanPiN limit for the students of grade 5 (29) "
                + "(fix: leave it out to use the SanPiN limit of each grade, or give those grades a row in hygiene.grades)",
        ])
        inst.hygiene.grades = [.init(grades: [5], maxLessonsPerDay: 7, maxLessonsPerWeek: 34)]
        XCTAssertEqual(Problem.build(inst).diagnostics.filter { $0.path.hasPrefix("hygiene") }, [], "a row says it on purpose")
        for name in ["tiny", "terbuny-network", "arctic-network"] {
            let url = ExamplesTests.root.appendingPathComponent("Examples/\(name).json")
            let loaded = InstanceLoader.load(data: try Data(contentsOf: url))
            XCTAssertEqual(loaded.diagnostics.filter { $0.path.hasPrefix("hygiene") }, [], name)
        }
    }

    // MARK: The engines keep the limit of the grade

    /// s4 in grade 5, its cs request required: six lessons on mon and wed (grade 10 could take a
    /// seventh there), five on tue, thu and fri; 27 regular lessons, so cs's two meetings fit on
    /// two of tue, thu and fri, after period 5.
    private func crowdedGradeFive() throws -> Problem {
        var busy: BusyPeriods = ["mon": [1, 2, 3, 4, 5, 6], "wed": [1, 2, 3, 4, 5, 6]]
        for d in ["tue", "thu", "fri"] { busy[d] = [1, 2, 3, 4, 5] }
        var inst = instance(grade: 5, busy: busy)
        inst.students[3].requests[0].required = true
        return try Problem(inst)
    }

    func testEnginesKeepTheGradeLimits() throws {
        let problem = try crowdedGradeFive()
        for engine in [GreedyEngine() as any Engine, HeuristicEngine()] {
            let name = "\(type(of: engine))"
            let result = engine.run(problem, parameters: SolveParameters(timeLimit: 2, seed: 1))
            let solution = try XCTUnwrap(result.solution, name)
            XCTAssertEqual(Checker(problem).check(solution).violations.map(\.description), [], name)
            let taken = solution.assignments.filter { $0.student == "s4" }
            XCTAssertEqual(taken.count, 1, "\(name): s4 gets cs")
            for a in taken {
                let meetings = solution.sections.first { $0.id == a.section }!.meetings
                XCTAssertEqual(Set(meetings.map(\.day)).intersection(["mon", "wed"]), [], name)
            }
        }
    }

    /// The engines' own feasibility tests use the grade's limits, not one limit for everyone.
    func testEngineModelsCarryTheGradeLimits() throws {
        let problem = try crowdedGradeFive()
        let s4 = try XCTUnwrap(problem.studentIndex["s4"]), s1 = try XCTUnwrap(problem.studentIndex["s1"])
        let greedy = GreedyState(problem: problem)
        let monday7 = [PlacedMeeting(day: 0, period: 6, length: 1, room: 3)]
        guard case .hygiene = greedy.studentFit(s4, meetings: monday7, site: 1, online: true) else {
            return XCTFail("a 7th lesson on mon is above grade 5's daily limit")
        }
        guard case .fits = greedy.studentFit(s4, meetings: [PlacedMeeting(day: 1, period: 6, length: 1, room: 3)], site: 1, online: true) else {
            return XCTFail("a 6th lesson on tue fits grade 5")
        }
        XCTAssertEqual([greedy.studentMaxDay[s4], greedy.studentMaxWeek[s4], greedy.studentMaxDay[s1], greedy.studentMaxWeek[s1]], [6, 29, 7, 34])
        let model = SearchModel(problem: problem)
        XCTAssertEqual([model.maxDay[s4], model.maxWeek[s4], model.maxDay[s1], model.maxWeek[s1]], [6, 29, 7, 34])
    }

    // MARK: Validation

    private func load(hygiene: [String: Any]) throws -> InstanceLoader.Loaded {
        let url = ExamplesTests.root.appendingPathComponent("Examples/tiny.json")
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        object["hygiene"] = hygiene
        return InstanceLoader.load(data: try JSONSerialization.data(withJSONObject: object))
    }

    private func assertError(_ loaded: InstanceLoader.Loaded, at path: String, _ text: String, fix: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(loaded.problem, file: file, line: line)
        let hit = loaded.diagnostics.first { $0.severity == .error && $0.path == path }
        XCTAssertNotNil(hit, "no error at \(path): \(loaded.diagnostics)", file: file, line: line)
        XCTAssertTrue(hit?.message.contains(text) ?? false, "\(hit.map(\.description) ?? "")", file: file, line: line)
        XCTAssertTrue(hit?.fix?.contains(fix) ?? false, "\(hit.map(\.description) ?? "")", file: file, line: line)
    }

    func testValidRowsLoad() throws {
        let loaded = try load(hygiene: ["grades": [["grades": [10], "maxLessonsPerDay": 6], ["grades": [11], "maxLessonsPerWeek": 30]]])
        let problem = try XCTUnwrap(loaded.problem, "\(loaded.diagnostics)")
        for (s, student) in problem.students.enumerated() {
            XCTAssertEqual(problem.maxLessonsPerDay(student: s), student.grade == 10 ? 6 : 7)
            XCTAssertEqual(problem.maxLessonsPerWeek(student: s), student.grade == 10 ? 34 : 30)
        }
    }

    func testInvalidRowsAreErrorsNamingTheField() throws {
        assertError(try load(hygiene: ["grades": [["grades": [12], "maxLessonsPerDay": 6]]]),
                    at: "hygiene.grades[0].grades[0]", "12", fix: "11")
        assertError(try load(hygiene: ["grades": [["grades": [0]]]]), at: "hygiene.grades[0].grades[0]", "0", fix: "1")
        assertError(try load(hygiene: ["grades": [["grades": [5, 6], "maxLessonsPerDay": 6], ["grades": [7, 5]]]]),
                    at: "hygiene.grades[1].grades[1]", "grade 5 already has a row, hygiene.grades[0]", fix: "one row")
        assertError(try load(hygiene: ["grades": [["grades": [5, 5]]]]), at: "hygiene.grades[0].grades[1]", "twice", fix: "once")
        assertError(try load(hygiene: ["grades": [["grades": [5], "maxLessonsPerDay": 0]]]),
                    at: "hygiene.grades[0].maxLessonsPerDay", "0", fix: "1")
        assertError(try load(hygiene: ["grades": [["grades": [5], "maxLessonsPerWeek": -3]]]),
                    at: "hygiene.grades[0].maxLessonsPerWeek", "-3", fix: "1")
        assertError(try load(hygiene: ["grades": [["maxLessonsPerDay": 5]]]), at: "hygiene.grades[0].grades", "missing", fix: "add")
        assertError(try load(hygiene: ["grades": [["grades": [5], "maxLessonPerDay": 5]]]),
                    at: "hygiene.grades[0].maxLessonPerDay", "unknown field", fix: "maxLessonsPerDay")
    }

    /// The semantic checks alone (an instance built in code skips the schema) say the same.
    func testProblemRejectsInvalidRows() throws {
        var inst = F.instance()
        inst.hygiene.grades = [.init(grades: [3, 13], maxLessonsPerDay: 0), .init(grades: [3], maxLessonsPerWeek: 0), .init(grades: [])]
        let (problem, diagnostics) = Problem.build(inst)
        XCTAssertNil(problem)
        let errors = diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.path), ["hygiene.grades[0].grades[1]", "hygiene.grades[0].maxLessonsPerDay",
                                            "hygiene.grades[1].grades[0]", "hygiene.grades[1].maxLessonsPerWeek",
                                            "hygiene.grades[2].grades"])
        XCTAssertTrue(errors.allSatisfy { $0.fix != nil }, "\(errors)")
        XCTAssertEqual(errors[1].fix, "give 1 or more (SanPiN for grade 3: 5), or leave it out")
    }

    // MARK: Diagnosis

    func testDiagnosisNamesAStudentWhoseRegularLessonsBreakTheGradeLimit() throws {
        let daily = Diagnosis(try Problem(instance(grade: 5, busy: ["mon": [1, 2, 3, 4, 5, 6, 7]]))).run()
        XCTAssertEqual(daily.filter { $0.issue.kind == "studentRegularAboveLimit" },
                       [DiagnosisFinding(.error, "students[3]", .studentRegularAboveLimit(student: "s4", grade: 5, day: "mon", regular: 7, limit: 6))])
        let line = DiagnosisText(.en, F.instance()).line(daily.first { $0.issue.kind == "studentRegularAboveLimit" }!)
        XCTAssertEqual(line, "error: students[3]: student s4 (grade 5) has 7 periods of regular lessons on Mon, above the daily limit 6 of grade 5: every timetable breaks it")
        XCTAssertFalse(DiagnosisText(.ru, F.instance()).line(daily[0]).isEmpty)
        // Seven lessons a day are within grade 10's limit.
        XCTAssertEqual(Diagnosis(try Problem(instance(grade: 10, busy: ["mon": [1, 2, 3, 4, 5, 6, 7]]))).run()
            .filter { $0.issue.kind == "studentRegularAboveLimit" }, [])

        var busy: BusyPeriods = [:]
        for d in F.days { busy[d] = [1, 2, 3, 4, 5, 6] }
        let weekly = Diagnosis(try Problem(instance(grade: 5, busy: busy))).run()
        XCTAssertEqual(weekly.filter { $0.path == "students[3]" },
                       [DiagnosisFinding(.error, "students[3]", .studentRegularAboveLimit(student: "s4", grade: 5, day: nil, regular: 30, limit: 29))],
                       "the weekly finding replaces studentWeeklyLimit for this student")
    }
}
