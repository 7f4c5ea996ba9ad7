import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingReports

/// Coverage: students whose individual curriculum is granted in full, per school and for the
/// network, against the headcounts and the target of the instance.
final class CoverageTests: XCTestCase {
    typealias F = CheckerFixture

    /// The checker's fixture with two more students: s5 at C asks for Spanish only and gets
    /// nothing (regular lessons only); s6 at B asks for nothing.
    private func instance() -> Instance {
        var inst = F.instance()
        inst.students.append(Student(id: "s5", grade: 10, homeSite: "C", schoolClass: "c10", requests: [
            Request(alternatives: [.init(course: "spanish")]),
        ]))
        inst.students.append(Student(id: "s6", grade: 11, homeSite: "B", schoolClass: "11b", requests: []))
        return inst
    }

    /// The fixture's timetable; `withoutS2Chemistry` takes away s2's required chemistry and
    /// leaves its elective Spanish (the chemistry section is then too small: the checker says so,
    /// the count does not care).
    private func solution(withoutS2Chemistry: Bool = false) -> Solution {
        var sol = F.solution()
        sol.unsatisfied.append(.init(student: "s5", request: 0, required: false, reason: "no Spanish section fits"))
        if withoutS2Chemistry {
            sol.assignments.removeAll { $0.student == "s2" && $0.request == 0 }
            sol.unsatisfied.append(.init(student: "s2", request: 0, required: true, reason: "taken out by the test"))
        }
        return sol
    }

    private func coverage(_ inst: Instance, _ sol: Solution, file: StaticString = #filePath, line: UInt = #line) throws -> Coverage {
        let problem = try Problem(inst)
        let report = Checker(problem).check(sol)
        XCTAssertTrue(report.usable, "\(report.diagnostics)", file: file, line: line)
        let fromReport = try XCTUnwrap(report.summary.coverage, file: file, line: line)
        XCTAssertEqual(Coverage(problem: problem, solution: sol), fromReport, "the checker's summary and the type agree", file: file, line: line)
        return fromReport
    }

    private func row(_ c: Coverage, _ site: String, file: StaticString = #filePath, line: UInt = #line) throws -> Coverage.Row {
        try XCTUnwrap(c.schools.first { $0.site == site }, "no row for \(site)", file: file, line: line)
    }

    // MARK: The count

    func testOnlyCurriculaGrantedInFullCount() throws {
        let c = try coverage(instance(), solution(withoutS2Chemistry: true))
        XCTAssertEqual(c.schools.map(\.site), ["A", "B", "C"])
        // A: s1 (required and elective granted) and s4 (elective only, granted) count.
        let a = try row(c, "A")
        XCTAssertEqual([a.students, a.covered], [2, 2])
        // B: s2 misses its required chemistry although its Spanish is granted; s6 asks for nothing.
        let b = try row(c, "B")
        XCTAssertEqual([b.students, b.covered], [2, 0])
        XCTAssertEqual(b.share, 0)
        // C: s3 has its required informatics (the elective Spanish refused); s5 has only regular lessons.
        let cc = try row(c, "C")
        XCTAssertEqual([cc.students, cc.covered], [2, 1])
        XCTAssertEqual([c.network.students, c.network.covered, c.network.denominator], [6, 3, 6])
        XCTAssertEqual(c.network.share, 0.5)
        XCTAssertNil(c.network.site)
        XCTAssertNil(c.target)
        XCTAssertNil(c.network.targetMet, "no target, no verdict")
        XCTAssertEqual(c.network.basis, .instanceStudents, "no headcount given: the students of the instance")
        XCTAssertNil(c.network.headcount)
    }

    func testTheSameStudentCountsOnceTheRequiredRequestIsMet() throws {
        let c = try coverage(instance(), solution())
        XCTAssertEqual(try row(c, "B").covered, 1, "s2 with chemistry and Spanish")
        XCTAssertEqual(c.network.covered, 4)
    }

    func testGrantedInFull() {
        let required = Problem.RequestData(alternatives: [], weight: 1, required: true)
        let elective = Problem.RequestData(alternatives: [], weight: 1, required: false)
        XCTAssertTrue(Coverage.grantedInFull([required, elective]) { $0 == 0 })
        XCTAssertFalse(Coverage.grantedInFull([required, elective]) { $0 == 1 }, "a required request unmet")
        XCTAssertFalse(Coverage.grantedInFull([elective, elective]) { _ in false }, "no network course")
        XCTAssertFalse(Coverage.grantedInFull([]) { _ in true }, "no request at all")
        XCTAssertTrue(Coverage.grantedInFull([elective]) { _ in true })
    }

    // MARK: Headcounts and target

    func testHeadcountsAndTargetFromTheInstance() throws {
        var inst = instance()
        inst.sites[0].seniorStudents = 10                         // A: 2 covered of 10
        inst.classes[1].students = 5                              // B (11b): 1 covered (s2) of 5, from its class
        inst.sites.append(Site(id: "D", kind: "partner", seniorStudents: 4)) // D: no student in the instance
        inst.transport.travelMinutes = [[0, 20, nil, nil], [20, 0, nil, nil], [nil, nil, 0, nil], [nil, nil, nil, 0]]
        inst.coverageTarget = 0.25
        let c = try coverage(inst, solution())
        XCTAssertEqual(c.target, 0.25)
        XCTAssertEqual(c.schools.map(\.site), ["A", "B", "C", "D"], "a site with a headcount has a row without students")

        let a = try row(c, "A")
        XCTAssertEqual(a.basis, .headcount)
        XCTAssertEqual([a.headcount, a.denominator, a.covered], [10, 10, 2])
        XCTAssertEqual(a.share, 0.2)
        XCTAssertEqual(a.targetMet, false)

        let b = try row(c, "B")
        XCTAssertEqual([b.headcount, b.denominator, b.covered], [5, 5, 1], "a site without seniorStudents sums its classes' students")
        XCTAssertEqual(b.basis, .headcount)
        XCTAssertEqual(b.share, 0.2)

        let cc = try row(c, "C")
        XCTAssertNil(cc.headcount)
        XCTAssertEqual(cc.basis, .instanceStudents)
        XCTAssertEqual([cc.denominator, cc.covered], [2, 1])
        XCTAssertEqual(cc.targetMet, true, "1 of 2 students in the instance")

        let d = try row(c, "D")
        XCTAssertEqual([d.students, d.covered, d.denominator], [0, 0, 4])
        XCTAssertEqual(d.targetMet, false)

        XCTAssertEqual(c.network.basis, .mixed)
        XCTAssertEqual(c.network.headcount, 19, "10 + 5 + 4: the schools that give one")
        XCTAssertEqual(c.network.denominator, 21, "19 and C's 2 students")
        XCTAssertEqual(c.network.covered, 4)
        XCTAssertEqual(c.network.targetMet, false, "4 of 21 is below 25%")

        inst.coverageTarget = 0.19
        XCTAssertEqual(try coverage(inst, solution()).network.targetMet, true, "4 of 21 is 19.05%")
    }

    func testSeniorStudentsOverrideTheClassesAndEveryHeadcountMakesTheNetworkByHeadcount() throws {
        var inst = instance()
        inst.classes[0].students = 7
        inst.sites[0].seniorStudents = 12
        inst.sites[1].seniorStudents = 6
        inst.sites[2].seniorStudents = 3
        XCTAssertEqual(Coverage.headcounts(inst), [12, 6, 3])
        inst.sites[0].seniorStudents = nil
        XCTAssertEqual(Coverage.headcounts(inst), [7, 6, 3])
        let c = try coverage(inst, solution())
        XCTAssertEqual(c.network.basis, .headcount)
        XCTAssertEqual(c.network.denominator, 16)
    }

    func testATargetMetExactlyCountsAsMet() {
        // 0.3 × 10 is 3.0000000000000004 in floating point: 3 of 10 must still meet 30%.
        let row = Coverage.Row(site: "x", students: 5, covered: 3, headcount: 10, basis: .headcount, denominator: 10, target: 0.3)
        XCTAssertEqual(row.targetMet, true)
        let below = Coverage.Row(site: "x", students: 5, covered: 2, headcount: 10, basis: .headcount, denominator: 10, target: 0.3)
        XCTAssertEqual(below.targetMet, false)
        let empty = Coverage.Row(site: "x", students: 0, covered: 0, headcount: 0, basis: .headcount, denominator: 0, target: 0.3)
        XCTAssertNil(empty.share)
        XCTAssertNil(empty.targetMet)
    }

    func testJSONWritesEveryKey() throws {
        let c = try coverage(instance(), solution())
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any])
        XCTAssertTrue(object.keys.contains("target"), "target is written as null")
        let network = try XCTUnwrap(object["network"] as? [String: Any])
        XCTAssertEqual(Set(network.keys), ["site", "students", "covered", "headcount", "basis", "denominator", "share", "targetMet"])
        XCTAssertEqual(network["basis"] as? String, "instanceStudents")
        XCTAssertEqual(try JSONDecoder().decode(Coverage.self, from: JSONEncoder().encode(c)), c)
    }

    func testAnUnusableSolutionHasNoCoverage() throws {
        var sol = solution()
        sol.assignments[0].section = "no-such-section"
        let problem = try Problem(instance())
        XCTAssertNil(Checker(problem).check(sol).summary.coverage)
        XCTAssertNil(Coverage(problem: problem, solution: sol))
    }

    // MARK: Input

    func testOldInstancesLoadAndEncodeUnchanged() throws {
        let url = ExamplesTests.root.appendingPathComponent("Examples/tiny.json")
        let data = try Data(contentsOf: url)
        let loaded = InstanceLoader.load(data: data)
        XCTAssertFalse(loaded.hasErrors, "\(loaded.diagnostics)")
        let inst = try XCTUnwrap(loaded.instance)
        XCTAssertNil(inst.coverageTarget)
        XCTAssertTrue(inst.sites.allSatisfy { $0.seniorStudents == nil })
        XCTAssertTrue(inst.classes.allSatisfy { $0.students == nil })
        let encoded = String(decoding: try JSONEncoder().encode(inst), as: UTF8.self)
        XCTAssertFalse(encoded.contains("seniorStudents"), "absent headcounts stay absent")
        XCTAssertFalse(encoded.contains("coverageTarget"))
    }

    func testHeadcountsAndTargetRoundTripThroughJSON() throws {
        var o = InstanceLoaderTests.valid
        o["sites"] = [["id": "a", "seniorStudents": 40], ["id": "b"]]
        o["classes"] = [["id": "b-10", "site": "b", "grade": 10, "students": 12]]
        o["coverageTarget"] = 0.3
        let loaded = InstanceLoader.load(data: try JSONSerialization.data(withJSONObject: o))
        XCTAssertFalse(loaded.hasErrors, "\(loaded.diagnostics)")
        let inst = try XCTUnwrap(loaded.instance)
        XCTAssertEqual(inst.sites[0].seniorStudents, 40)
        XCTAssertEqual(inst.classes[0].students, 12)
        XCTAssertEqual(inst.coverageTarget, 0.3)
        XCTAssertEqual(Coverage.headcounts(inst), [40, 12])
        XCTAssertEqual(try JSONDecoder().decode(Instance.self, from: JSONEncoder().encode(inst)), inst)
    }

    private func errors(_ edit: (inout [String: Any]) -> Void) -> [Diagnostic] {
        var o = InstanceLoaderTests.valid
        edit(&o)
        let loaded = InstanceLoader.load(data: try! JSONSerialization.data(withJSONObject: o))
        XCTAssertNil(loaded.problem, "an instance with errors must not produce a problem")
        return loaded.diagnostics.filter { $0.severity == .error }
    }

    func testInvalidHeadcountsAndTargetInAFileAreErrorsNamingTheField() {
        let e = errors { o in
            o["sites"] = [["id": "a", "seniorStudents": -3], ["id": "b", "seniorStudents": 2.5]]
            o["classes"] = [["id": "b-10", "site": "b", "students": -1]]
            o["coverageTarget"] = 30
        }
        for path in ["sites[0].seniorStudents", "sites[1].seniorStudents", "classes[0].students", "coverageTarget"] {
            let hit = e.first { $0.path == path }
            XCTAssertNotNil(hit, "no error at \(path): \(e)")
            XCTAssertNotNil(hit?.fix, "\(path): an error says what would fix it")
        }
        XCTAssertTrue(e.contains { $0.path == "coverageTarget" && $0.message.contains("maximum 1") }, "\(e)")
        XCTAssertTrue(errors { $0["coverageTarget"] = "30%" }.contains { $0.path == "coverageTarget" })
    }

    func testInvalidHeadcountsAndTargetInSwiftAreErrorsWithAFix() {
        var inst = instance()
        inst.sites[1].seniorStudents = -2
        inst.classes[2].students = -5
        inst.coverageTarget = 30
        let (problem, diagnostics) = Problem.build(inst)
        XCTAssertNil(problem)
        let e = diagnostics.filter { $0.severity == .error }
        let site = e.first { $0.path == "sites[1].seniorStudents" }
        XCTAssertEqual(site?.message, "negative headcount -2")
        XCTAssertTrue(site?.fix?.contains("senior students of school \"B\"") == true, "\(String(describing: site))")
        XCTAssertTrue(e.contains { $0.path == "classes[2].students" && $0.message.contains("-5") }, "\(e)")
        let target = e.first { $0.path == "coverageTarget" }
        XCTAssertTrue(target?.fix?.contains("write 0.3") == true, "30 looks like a percentage: \(String(describing: target))")
        inst = instance()
        inst.coverageTarget = -0.1
        XCTAssertTrue(Problem.build(inst).diagnostics.contains { $0.severity == .error && $0.path == "coverageTarget" })
        inst.coverageTarget = .nan
        XCTAssertTrue(Problem.build(inst).diagnostics.contains { $0.severity == .error && $0.path == "coverageTarget" })
    }

    func testHeadcountsBelowTheInstanceAreWarnings() throws {
        var inst = instance()
        inst.sites[0].seniorStudents = 1       // A has s1 and s4 in the instance
        inst.classes[1].students = 1           // 11b has s2 and s6
        let (problem, diagnostics) = Problem.build(inst)
        XCTAssertNotNil(problem, "a low headcount is a warning, not an error")
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.path == "sites[0].seniorStudents" }, "\(diagnostics)")
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.path == "classes[1].students" }, "\(diagnostics)")
        XCTAssertTrue(diagnostics.contains { $0.severity == .warning && $0.path == "sites[1]" }, "B's classes count fewer than its students: \(diagnostics)")
    }

    // MARK: Report

    func testTheHTMLIndexShowsTheCoverageTableInBothLanguages() throws {
        var inst = instance()
        inst.sites[0].seniorStudents = 10
        inst.sites[0].locality = "<Aleksandrovka & \"Co\">"
        inst.coverageTarget = 0.3
        let problem = try Problem(inst)
        let report = try TimetableReport(problem: problem, solution: solution())
        XCTAssertEqual(report.summary.coverage, Checker(problem).check(solution()).summary.coverage, "copied from the checker")

        func index(_ language: ReportLanguage) throws -> String {
            let file = try XCTUnwrap(HTMLReport(report, instance: inst, language: language).files().first { $0.path == "html/index.html" })
            return String(decoding: file.data, as: UTF8.self)
        }
        let ru = try index(.ru), en = try index(.en)
        let ruTable = try XCTUnwrap(ru.components(separatedBy: "Охват индивидуальными учебными планами").dropFirst().first)
        XCTAssertTrue(ruTable.contains("Цель сети: 30,0 % старшеклассников."), ruTable)
        XCTAssertTrue(ruTable.contains("<th class=\"num\">Доля</th><th>Цель</th>"))
        XCTAssertTrue(ruTable.contains("&lt;Aleksandrovka &amp; &quot;Co&quot;&gt;</a></td><td class=\"num\">2</td><td class=\"num\">2</td><td>10</td><td class=\"num\">20,0 %</td>"
            + "<td><span class=\"badge bad\">не достигнута</span>"), "A: 2 of 10, escaped name")
        XCTAssertTrue(ruTable.contains("не указано: доля от учеников в расчёте"), "C gives no headcount")
        XCTAssertTrue(ruTable.contains("<b>Сеть</b>"))
        XCTAssertFalse(ru.contains("<Aleksandrovka"), "the site's name is escaped")
        let enTable = try XCTUnwrap(en.components(separatedBy: "Coverage by individual curricula").dropFirst().first)
        XCTAssertTrue(enTable.contains("Network target: 30.0% of senior students."))
        XCTAssertTrue(enTable.contains("<td class=\"num\">20.0%</td><td><span class=\"badge bad\">not met</span>"))
        XCTAssertTrue(enTable.contains("<b>Network</b>"))
        XCTAssertTrue(enTable.contains("<td>10; not given for 2 schools</td>"), "the network's headcount: A's, with B and C missing")
    }

    func testTheCSVReportHasACoverageTable() throws {
        var inst = instance()
        inst.sites[0].seniorStudents = 10
        inst.coverageTarget = 0.3
        let report = try TimetableReport(problem: try Problem(inst), solution: solution())
        let file = try XCTUnwrap(CSVReport(report, instance: inst, language: .en).files().first { $0.path.hasSuffix("coverage.csv") })
        let lines = String(decoding: file.data, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 5, "header, A, B, C, the network")
        XCTAssertEqual(lines[1], "A,2,2,10,senior students of the school,10,0.2000,0.3,no")
        XCTAssertEqual(lines[3], "C,2,1,,students in the instance,2,0.5000,0.3,yes")
        XCTAssertTrue(lines[4].hasPrefix("Network,6,4,10,"), lines[4])
    }
}
