import Foundation
import XCTest

import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// The shipped examples decode, pass every semantic check, and the embedded schema is the
/// published one.
final class ExamplesTests: XCTestCase {
    /// The package root: this file is `Tests/NetworkTimetablingTests/ExamplesTests.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `Examples/*.json`, by name without the extension.
    static func exampleNames() throws -> [String] {
        let dir = root.appendingPathComponent("Examples")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    func load(_ name: String) throws -> Instance {
        let url = Self.root.appendingPathComponent("Examples").appendingPathComponent(name + ".json")
        return try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
    }

    func testTheThreeExamplesExist() throws {
        let names = try Self.exampleNames()
        for name in ["tiny", "terbuny-network", "arctic-network"] { XCTAssert(names.contains(name), name) }
    }

    func testExamplesHaveNoErrors() throws {
        for name in try Self.exampleNames() {
            let instance = try load(name)
            let (problem, diagnostics) = Problem.build(instance)
            let errors = diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(errors, [], "\(name): \(errors.map(\.description).joined(separator: "\n"))")
            XCTAssertNotNil(problem, name)
        }
    }

    func testTheThreeExamplesHaveNoWarnings() throws {
        for name in ["tiny", "terbuny-network", "arctic-network"] {
            let (_, diagnostics) = Problem.build(try load(name))
            XCTAssertEqual(diagnostics.map(\.description), [], name)
        }
    }

    func testTinyIsSmallAndUsesTravelTimes() throws {
        let tiny = try load("tiny")
        XCTAssertLessThanOrEqual(tiny.sites.count, 3)
        XCTAssertEqual(tiny.teachers.count, 2)
        XCTAssert((4...8).contains(tiny.students.count))
        XCTAssertEqual(tiny.transport.effectiveMode, .travelTimes)
        XCTAssert(tiny.students.contains { $0.requests.contains(where: \.required) })
        // An "in person at X, else online" request.
        XCTAssert(tiny.students.contains { s in
            s.requests.contains { r in
                r.alternatives.count == 2 && r.alternatives[0].mode == .inPerson && r.alternatives[0].site != nil
                    && r.alternatives[1].mode == .online
            }
        })
    }

    func testTerbunyUsesBusRunsThatReachTheMainSchoolInTheAfternoon() throws {
        let terbuny = try load("terbuny-network")
        XCTAssertEqual(terbuny.transport.effectiveMode, .busRuns)
        XCTAssertGreaterThanOrEqual(terbuny.students.count, 100)
        let problem = try Problem(terbuny)
        let main = try XCTUnwrap(problem.siteIndex["terbuny"])
        let lastPeriodStart = problem.periodStart[problem.periodCount - 1]
        // Some run arrives at the main school before the last period, and some leaves it after.
        XCTAssert(problem.busRuns.contains { run in
            run.stops.last?.site == main && run.stops.last!.time <= lastPeriodStart && run.stops.last!.time >= 12 * 60
        })
        XCTAssert(problem.busRuns.contains { run in
            run.stops.first?.site == main && run.stops.first!.time >= problem.periodEnd[problem.periodCount - 1]
        })
    }

    func testArcticHasSitesWithoutRoad() throws {
        let arctic = try load("arctic-network")
        let problem = try Problem(arctic)
        let n = problem.siteCount
        let noRoad = (0..<n).flatMap { a in (0..<n).map { b in (a, b) } }.filter { problem.travel(from: $0.0, to: $0.1) == nil }
        XCTAssertFalse(noRoad.isEmpty)
        XCTAssert(arctic.courses.filter(\.online).count * 2 > arctic.courses.count, "online teaching carries the network")
    }

    /// The complete example in docs/FORMAT.md: the instance is valid and the solution feasible.
    func testFormatDocumentExampleIsValidAndFeasible() throws {
        let url = Self.root.appendingPathComponent("docs").appendingPathComponent("FORMAT.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let blocks = text.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        XCTAssertGreaterThanOrEqual(blocks.count, 2, "FORMAT.md shows an instance and a solution")
        guard blocks.count >= 2 else { return }
        let instance = try JSONDecoder().decode(Instance.self, from: Data(blocks[0].utf8))
        let (problem, diagnostics) = Problem.build(instance)
        XCTAssertEqual(diagnostics.map(\.description), [])
        let solution = try JSONDecoder().decode(Solution.self, from: Data(blocks[1].utf8))
        XCTAssertEqual(solution.instance, instance.name)
        let report = Checker(try XCTUnwrap(problem)).check(solution)
        XCTAssertTrue(report.usable, report.diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(report.feasible, report.violations.map(\.description).joined(separator: "\n"))
    }

    func testEmbeddedSchemaMatchesThePublishedOne() throws {
        let url = Self.root.appendingPathComponent("docs").appendingPathComponent("instance.schema.json")
        let published = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(InstanceSchema.json, published, "run python3 docs/tools/sync-schema.py")
    }
}
