import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// The fixture's hand-made timetable is feasible, and its terms are the ones computed by hand.
final class CheckerFeasibleTests: XCTestCase {
    func testHandMadeTimetableIsFeasible() throws {
        let report = try CheckerFixture.check(CheckerFixture.solution())
        XCTAssertTrue(report.usable)
        XCTAssertEqual(report.diagnostics, [])
        XCTAssertEqual(report.violations.map(\.description), [])
        XCTAssertTrue(report.feasible)
    }

    func testTermsMatchHandComputation() throws {
        let report = try CheckerFixture.check(CheckerFixture.solution())
        // value, default weight
        let expected: [SoftTerm: (Double, Double)] = [
            .unmetElective: (3, 100),         // s3's Spanish, weight 3
            .alternativeRank: (1, 10),        // s1's informatics by its 2nd alternative (online)
            .studentTravelMinutes: (40, 0.5), // s2: B→A 20 + A→B 20
            .siteChanges: (2, 5),             // s2's two legs
            .teacherTravelMinutes: (40, 0.2), // t-chem: 20 + 20
            .studentGaps: (2, 3),             // s2: tue period 4, thu period 5
            .teacherGaps: (2, 1),             // t-cs: mon periods 3 and 4
            .sections: (3, 20),
            .teacherPeriods: (5, 2),          // chem 2 + cs 2 + spanish 1
            .vehicleTrips: (2, 15),           // tue B→A 11:15, tue A→B 14:10
            .onlineEnrolments: (4, 5),        // s1, s3, s4 in cs-1; s2 in span-1
            .sizeImbalance: (0, 1),
            .consecutiveDays: (0, 2),         // cs-1 meets mon and wed
        ]
        XCTAssertEqual(Set(report.terms.keys), Set(SoftTerm.allCases))
        for (term, (value, weight)) in expected {
            XCTAssertEqual(report.terms[term], Term(value: value, weight: weight), term.rawValue)
        }
        XCTAssertEqual(report.objective, 476, accuracy: 1e-9)
    }

    func testSummary() throws {
        let s = try CheckerFixture.check(CheckerFixture.solution()).summary
        XCTAssertEqual(s.requests, 7)
        XCTAssertEqual(s.satisfiedRequests, 6)
        XCTAssertEqual(s.requiredRequests, 3)
        XCTAssertEqual(s.requiredSatisfied, 3)
        XCTAssertEqual(s.electiveRequests, 4)
        XCTAssertEqual(s.electiveSatisfied, 3)
        XCTAssertEqual(s.sections, 3)
        XCTAssertEqual(s.inPersonEnrolments, 2)
        XCTAssertEqual(s.onlineEnrolments, 4)
        XCTAssertEqual(s.onlineShare, 4.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(s.studentTravelMinutes, 40)
        XCTAssertEqual(s.teacherTravelMinutes, 40)
        XCTAssertEqual(s.legs, 4)
    }

    func testBusRunTimetableIsFeasible() throws {
        let report = try CheckerFixture.check(CheckerFixture.solution(busRuns: true), CheckerFixture.instance(busRuns: true))
        XCTAssertEqual(report.violations.map(\.description), [])
        XCTAssertTrue(report.feasible)
        // Bus runs: one trip per (day, run) that carries students.
        XCTAssertEqual(report.terms[.vehicleTrips]?.value, 2)
    }

    func testConsecutiveDaysAndSizeImbalance() throws {
        var solution = CheckerFixture.solution()
        solution.editSection("cs-1") { $0.meetings[1].day = "tue" }   // mon + tue: one adjacent pair
        // A second informatics section, in person at B, with no students.
        solution.sections.append(.init(id: "cs-2", course: "cs", teacher: "t-cs", mode: .inPerson, site: "B",
                                       meetings: [.init(day: "thu", period: 5, room: "b-class"),
                                                  .init(day: "fri", period: 5, room: "b-class")]))
        let report = try CheckerFixture.check(solution)
        XCTAssertEqual(report.terms[.consecutiveDays]?.value, 2)  // cs-1 mon–tue, cs-2 thu–fri
        XCTAssertEqual(report.terms[.sizeImbalance]?.value, 3)    // cs-1 has 3, cs-2 has 0
        XCTAssertEqual(report.terms[.teacherGaps]?.value, 2)
    }

    func testOtherInstanceNameIsOnlyAWarning() throws {
        var solution = CheckerFixture.solution()
        solution.instance = "another"
        let report = try CheckerFixture.check(solution)
        XCTAssertTrue(report.usable)
        XCTAssertTrue(report.feasible)
        XCTAssertEqual(report.diagnostics.map(\.severity), [.warning])
        XCTAssertEqual(report.diagnostics.first?.path, "instance")
    }

    func testJSONHasTheRequiredKeys() throws {
        var solution = CheckerFixture.solution()
        solution.unsatisfied = []
        let report = try CheckerFixture.check(solution)
        let data = try JSONEncoder().encode(report)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["usable", "diagnostics", "feasible", "violations", "objective", "terms", "summary"] {
            XCTAssertNotNil(json[key], key)
        }
        XCTAssertEqual(json["feasible"] as? Bool, false)
        XCTAssertEqual(json["usable"] as? Bool, true)
        XCTAssertNotNil(json["objective"] as? Double)
        let violations = try XCTUnwrap(json["violations"] as? [[String: Any]])
        XCTAssertEqual(violations.first?["rule"] as? String, "unsatisfied-list")
        XCTAssertEqual(violations.first?["who"] as? String, "s3")
        XCTAssertNotNil(violations.first?["message"] as? String)
        let terms = try XCTUnwrap(json["terms"] as? [String: [String: Any]])
        XCTAssertEqual(Set(terms.keys), Set(SoftTerm.allCases.map(\.rawValue)))
        XCTAssertNotNil(terms["sections"]?["cost"] as? Double)
        XCTAssertEqual(try JSONDecoder().decode(CheckReport.self, from: data), report)
    }

    func testReportIsDeterministicAndSorted() throws {
        var instance = CheckerFixture.instance()
        instance.hygiene.maxOnlineLessonsPerDay = 0
        instance.hygiene.maxLessonsPerDay = 5
        var solution = CheckerFixture.solution()
        solution.unsatisfied = []
        let a = try CheckerFixture.check(solution, instance)
        let b = try CheckerFixture.check(solution, instance)
        XCTAssertEqual(a, b)
        let ranks = a.violations.map { $0.rule.rank }
        XCTAssertEqual(ranks, ranks.sorted())
        let online = a.violations(of: .onlineDailyLimit).map { "\($0.who!) \($0.day!)" }
        XCTAssertEqual(online, ["s1 mon", "s1 wed", "s2 thu", "s3 mon", "s3 wed", "s4 mon", "s4 wed"])
    }

    /// The rule ids and term names of docs/RULES.md are exactly those the checker knows.
    func testRulesDocumentListsExactlyTheCheckedRulesAndTerms() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/RULES.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        func ids(between start: String, and end: String?) -> [String] {
            guard let from = text.range(of: start) else { return [] }
            let rest = text[from.upperBound...]
            let section = end.flatMap { rest.range(of: $0) }.map { rest[..<$0.lowerBound] } ?? rest
            return section.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("| `"), let close = line.dropFirst(3).firstIndex(of: "`") else { return nil }
                return String(line[line.index(line.startIndex, offsetBy: 3)..<close])
            }
        }
        XCTAssertEqual(ids(between: "## Hard rules", and: "## Soft objective terms"), HardRule.allCases.map(\.rawValue))
        XCTAssertEqual(ids(between: "## Soft objective terms", and: "\n## "), SoftTerm.allCases.map(\.rawValue))
    }
}
