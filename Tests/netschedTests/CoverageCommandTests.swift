import Foundation
import XCTest

/// `netsched check` reports coverage (students with an individual curriculum granted in full)
/// per school and for the network, in its JSON and its text.
final class CoverageCommandTests: XCTestCase {
    private func run(_ arguments: [String]) throws -> CommandLineTests.Run { try CommandLineTests.run(arguments) }

    private var terbuny: String { CommandLineTests.root.appendingPathComponent("Examples/terbuny-network.json").path }

    private func temporaryFile(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-coverage-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name)
    }

    /// A Terbuny timetable by the constructive engine (fast and reproducible; it may leave a
    /// required request unmet, which the count must then show).
    private func solution() throws -> String {
        let out = try temporaryFile("terbuny-greedy.json").path
        let solve = try run(["solve", terbuny, "--out", out, "--engine", "greedy", "--seed", "1", "--quiet", "--no-bound"])
        XCTAssertNotEqual(solve.status, 2, solve.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out), solve.stderr)
        return out
    }

    private func coverage(_ instance: String, _ solution: String) throws -> [String: Any] {
        let check = try run(["check", instance, solution, "--json"])
        XCTAssertNotEqual(check.status, 2, check.stdout + check.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let summary = try XCTUnwrap(report["summary"] as? [String: Any])
        for key in ["requests", "satisfiedRequests", "requiredRequests", "requiredSatisfied", "sections", "onlineShare", "legs"] {
            XCTAssertNotNil(summary[key], "summary keeps \(key)")
        }
        return try XCTUnwrap(summary["coverage"] as? [String: Any], "summary.coverage")
    }

    func testCheckJSONHasCoveragePerSchoolOnTerbuny() throws {
        let sol = try solution()
        let c = try coverage(terbuny, sol)
        XCTAssertTrue(c["target"] is NSNull, "the example gives no target")
        let schools = try XCTUnwrap(c["schools"] as? [[String: Any]])
        // Eleven of the twelve sites are home to students; the Lipetsk centre is not.
        XCTAssertEqual(schools.compactMap { $0["site"] as? String }.count, 11)
        XCTAssertFalse(schools.contains { $0["site"] as? String == "lipetsk-centre" })
        XCTAssertTrue(schools.allSatisfy { $0["basis"] as? String == "instanceStudents" && $0["headcount"] is NSNull })
        let network = try XCTUnwrap(c["network"] as? [String: Any])
        XCTAssertEqual(network["students"] as? Int, 123)
        XCTAssertEqual(network["covered"] as? Int, schools.reduce(0) { $0 + ($1["covered"] as? Int ?? 0) })
        XCTAssertEqual(network["denominator"] as? Int, 123)
        for s in schools {
            let covered = try XCTUnwrap(s["covered"] as? Int), students = try XCTUnwrap(s["students"] as? Int)
            XCTAssertLessThanOrEqual(covered, students)
        }

        let text = try run(["check", terbuny, sol])
        XCTAssertTrue(text.stdout.contains("coverage (individual curriculum granted in full): "), text.stdout)
        XCTAssertTrue(text.stdout.contains("of 123 students in the instance"), text.stdout)
        XCTAssertTrue(text.stdout.contains("no target (coverageTarget)"), text.stdout)
    }

    /// Terbuny with headcounts for every school and the 30% target, written as a test fixture
    /// (the shipped example stays loadable by older versions).
    func testHeadcountsAndTargetOfTheInstanceShowInCheck() throws {
        let sol = try solution()
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: terbuny))) as? [String: Any])
        var sites = try XCTUnwrap(object["sites"] as? [[String: Any]])
        for i in sites.indices where sites[i]["id"] as? String != "lipetsk-centre" { sites[i]["seniorStudents"] = 40 }
        object["sites"] = sites
        object["coverageTarget"] = 0.3
        let fixture = try temporaryFile("terbuny-headcounts.json")
        try JSONSerialization.data(withJSONObject: object).write(to: fixture)
        XCTAssertEqual(try run(["validate", fixture.path]).status, 0)

        let c = try coverage(fixture.path, sol)
        XCTAssertEqual(c["target"] as? Double, 0.3)
        let schools = try XCTUnwrap(c["schools"] as? [[String: Any]])
        XCTAssertEqual(schools.count, 11)
        XCTAssertTrue(schools.allSatisfy { $0["basis"] as? String == "headcount" && $0["denominator"] as? Int == 40 })
        let terbunyRow = try XCTUnwrap(schools.first { $0["site"] as? String == "terbuny" })
        let covered = try XCTUnwrap(terbunyRow["covered"] as? Int)
        XCTAssertEqual(terbunyRow["targetMet"] as? Bool, covered >= 12, "30% of 40 is 12")
        let network = try XCTUnwrap(c["network"] as? [String: Any])
        XCTAssertEqual(network["basis"] as? String, "headcount")
        XCTAssertEqual(network["headcount"] as? Int, 440)
        let networkCovered = try XCTUnwrap(network["covered"] as? Int)
        XCTAssertEqual(network["targetMet"] as? Bool, networkCovered >= 132)

        let text = try run(["check", fixture.path, sol])
        XCTAssertTrue(text.stdout.contains("of 440 senior students"), text.stdout)
        XCTAssertTrue(text.stdout.contains("target 30.0%: "), text.stdout)
        XCTAssertTrue(text.stdout.contains(" of    40 senior"), text.stdout)

        object["coverageTarget"] = 30
        try JSONSerialization.data(withJSONObject: object).write(to: fixture)
        let bad = try run(["validate", fixture.path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue((bad.stdout + bad.stderr).contains("coverageTarget"), bad.stdout + bad.stderr)
    }
}
