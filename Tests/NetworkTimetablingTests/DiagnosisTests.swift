import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// The pre-solve diagnosis: one purpose-built case per kind of finding, with its severity, its
/// place in the instance and its numbers; and no finding on instances with nothing to find.
final class DiagnosisTests: XCTestCase {
    typealias F = ExplainFixture

    private func findings(_ inst: Instance, file: StaticString = #filePath, line: UInt = #line) throws -> [DiagnosisFinding] {
        let found = Diagnosis(try problem(inst, file: file, line: line)).run()
        for lang in ReportLanguage.allCases {
            for f in found { XCTAssertFalse(DiagnosisText(lang, inst).line(f).isEmpty, file: file, line: line) }
        }
        return found
    }

    private func required(_ inst: inout Instance, student: Int = 0) {
        inst.students[student].requests[0].required = true
    }

    func testTheFixtureHasNothingToFind() throws {
        XCTAssertEqual(try findings(F.instance()), [])
    }

    func testExamplesHaveNoErrors() throws {
        for name in ["tiny", "terbuny-network", "arctic-network"] {
            let url = ExamplesTests.root.appendingPathComponent("Examples/\(name).json")
            let inst = try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
            let errors = try findings(inst).filter { $0.severity == .error }
            XCTAssertEqual(errors.map { DiagnosisText(.en, inst).line($0) }, [], name)
        }
    }

    func testCourseNoTeacherHours() throws {
        var inst = F.instance()
        inst.courses[0].pattern = [1, 1, 1]
        inst.teachers[0].maxWeeklyPeriods = 2
        required(&inst)
        let f = try findings(inst)
        XCTAssertEqual(f.first, DiagnosisFinding(.error, "courses[0]", .courseNoTeacherHours(
            course: "x", needed: 3, teachers: [TeacherLoad(teacher: "t1", periods: 0, max: 2)])))
        XCTAssertEqual(DiagnosisText(.en, inst).line(f[0]),
                       "error: courses[0]: no teacher of «Course X» (x) has 3 periods a week (weekly maxima: t1 2)")
    }

    func testElectiveOnlyCourseIsAWarning() throws {
        var inst = F.instance()
        inst.teachers[0].maxWeeklyPeriods = 0
        let f = try findings(inst)
        XCTAssertEqual(f.map(\.severity), [.warning, .warning])
        XCTAssertEqual(f.map(\.issue.kind), ["courseNoTeacherHours", "demandAboveHours"])
    }

    func testCourseNoTeacherAllowed() throws {
        var inst = F.instance()
        inst.courses[0].inPersonSites = ["B"]
        inst.teachers[0].mayTravel = false
        inst.teachers[0].mayTeachOnline = false
        required(&inst)
        let f = try findings(inst)
        XCTAssert(f.contains(DiagnosisFinding(.error, "courses[0]", .courseNoTeacherAllowed(course: "x", teachers: ["t1"]))), "\(f)")
    }

    func testCourseNoTeacherTime() throws {
        var inst = F.instance()
        inst.courses[0].pattern = [2]
        // The teacher never has two free periods in a row.
        inst.teachers[0].busy = Dictionary(uniqueKeysWithValues: F.days.map { ($0, [2, 4]) })
        required(&inst)
        let f = try findings(inst)
        XCTAssertEqual(f, [DiagnosisFinding(.error, "courses[0]", .courseNoTeacherTime(course: "x", pattern: [2], teachers: ["t1"]))])
    }

    func testPatternOnDistinctDaysNeedsEnoughDays() throws {
        var inst = F.instance()
        inst.courses[0].pattern = [1, 1, 1]
        // Free periods on two days only: three meetings on different days cannot fit.
        inst.teachers[0].busy = ["wed": [1, 2, 3, 4]]
        let f = try findings(inst)
        XCTAssertEqual(f.map(\.issue.kind), ["courseNoTeacherTime"])
        inst.courses[0].distinctDays = false
        XCTAssertEqual(try findings(inst), [])
    }

    func testStudentFreePeriods() throws {
        var inst = F.instance()
        inst.courses[0].pattern = [1, 1]
        inst.students[0].busy = ["mon": [1, 2, 3, 4], "tue": [1, 2, 3, 4], "wed": [1, 2, 3]]
        required(&inst)
        let f = try findings(inst)
        XCTAssert(f.contains(DiagnosisFinding(.error, "students[0]", .studentFreePeriods(student: "s1", free: 1, requested: 2, requiredOnly: true))),
                  "\(f)")
    }

    func testStudentWeeklyLimit() throws {
        var inst = F.instance()
        inst.hygiene.maxLessonsPerWeek = 5
        inst.students[0].busy = ["mon": [1, 2, 3], "tue": [1, 2]]
        required(&inst)
        let f = try findings(inst)
        XCTAssertEqual(f, [DiagnosisFinding(.error, "students[0]", .studentWeeklyLimit(student: "s1", regular: 5, requested: 1, limit: 5,
                                                                                         requiredOnly: true))])
    }

    func testFeatureNowhereAndNotAtSites() throws {
        var inst = F.instance()
        inst.courses[0].online = false
        inst.courses[0].roomFeatures = ["robotics"]
        required(&inst)
        XCTAssert(try findings(inst).contains(DiagnosisFinding(.error, "courses[0].roomFeatures", .featureNowhere(course: "x", features: ["robotics"]))))
        inst.courses[0].roomFeatures = ["lab"]
        inst.courses[0].inPersonSites = ["B"]
        inst.teachers[0].travelSites = ["B"]
        XCTAssert(try findings(inst).contains(DiagnosisFinding(.error, "courses[0].roomFeatures",
                                                               .featureNotAtSites(course: "x", features: ["lab"], sites: ["B"]))))
        // With online allowed the course can still run: only a warning.
        inst.courses[0].online = true
        XCTAssertEqual(try findings(inst).first { $0.issue.kind == "featureNotAtSites" }?.severity, .warning)
    }

    func testSiteUnreachable() throws {
        var inst = F.instance()
        inst.rooms[3].computerSeats = 0
        inst.students[1].homeSite = "C"
        let f = try findings(inst)
        XCTAssert(f.contains(DiagnosisFinding(.warning, "sites[2]", .siteUnreachable(site: "C", students: 1))), "\(f)")
    }

    func testSiteWithoutBus() throws {
        var inst = F.instance()
        inst.transport.busRuns = [BusRun(id: "r", days: ["mon"], seats: 5, stops: [.init(site: "A", time: "08:00"), .init(site: "B", time: "08:20")])]
        inst.students[1].homeSite = "D"
        let f = try findings(inst)
        XCTAssert(f.contains(DiagnosisFinding(.warning, "sites[3]", .siteWithoutBus(site: "D", students: 1))), "\(f)")
    }

    func testRequestUnreachable() throws {
        var inst = F.instance()
        inst.students[0].homeSite = "C"
        inst.students[0].online = false
        required(&inst)
        let f = try findings(inst)
        XCTAssert(f.contains(DiagnosisFinding(.error, "students[0].requests[0]", .requestUnreachable(student: "s1", request: 0, courses: ["x"]))),
                  "\(f)")
        // Too far is out of reach too.
        inst = F.instance()
        inst.courses[0].inPersonSites = ["B"]
        inst.courses[0].online = false
        inst.teachers[0].travelSites = ["B"]
        inst.students[1].maxOneWayMinutes = 15
        XCTAssert(try findings(inst).contains(DiagnosisFinding(.warning, "students[1].requests[0]",
                                                               .requestUnreachable(student: "s2", request: 0, courses: ["x"]))))
    }

    func testCourseDemandAboveHours() throws {
        var inst = F.instance()
        inst.courses[0].maxSize = 1
        inst.teachers[0].maxWeeklyPeriods = 1
        required(&inst, student: 0)
        required(&inst, student: 1)
        let f = try findings(inst)
        XCTAssert(f.contains(DiagnosisFinding(.error, "courses[0]", .courseDemandAboveHours(course: "x", students: 2, sections: 2, periods: 2,
                                                                                          hours: 1))), "\(f)")
        XCTAssert(f.contains(DiagnosisFinding(.error, "teachers", .demandAboveHours(demand: 2, hours: 1, requiredOnly: true))), "\(f)")
    }

    func testDemandAboveHoursCountsElectivesAsAWarning() throws {
        var inst = F.instance()
        inst.courses[0].maxSize = 1
        inst.teachers[0].maxWeeklyPeriods = 1
        let f = try findings(inst)
        XCTAssertEqual(f, [DiagnosisFinding(.warning, "teachers", .demandAboveHours(demand: 2, hours: 1, requiredOnly: false))])
    }

    func testMinimumAboveCandidates() throws {
        var inst = F.instance()
        inst.courses[0].minSize = 3
        required(&inst)
        let f = try findings(inst)
        XCTAssertEqual(f, [DiagnosisFinding(.error, "courses[0].minSize", .minimumAboveCandidates(course: "x", candidates: 2, minimum: 3,
                                                                                                 requiredBy: ["s1"]))])
        XCTAssertEqual(DiagnosisText(.ru, inst).text(f[0].issue),
                       "курс «Course X» (x) обязателен для s1, но пройти его могут только 2 ученика, а минимальный размер группы 3")
    }

    func testErrorsComeFirst() throws {
        var inst = F.instance()
        inst.courses[0].maxSize = 1
        inst.teachers[0].maxWeeklyPeriods = 1
        inst.courses[0].minSize = 1
        inst.students.append(Student(id: "s3", grade: 10, homeSite: "A", requests: [
            Request(alternatives: [.init(course: "x")]),
        ]))
        inst.students[2].busy = ["mon": [1, 2, 3, 4], "tue": [1, 2, 3, 4], "wed": [1, 2, 3, 4]]
        inst.students[2].requests[0].required = true
        let f = try findings(inst)
        XCTAssertEqual(f.first?.severity, .error)
        XCTAssertEqual(f.map(\.severity), f.map(\.severity).sorted())
    }
}
