import Foundation
import XCTest

/// `netsched itc2019 solve` run as users run it, on the small problem of ``ITC2019CommandTests``.
final class ITC2019SolveCommandTests: XCTestCase {
    func write(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-itc2019-solve-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Class 1 in room 1 (penalty 1) and class 2 at 112 (time penalty 2, weight 2) is the optimum: 1 + 4 = 5.
    /// Class 2 at 105 in room 1 clashes with class 1 there; class 1 in room 2 breaks SameRoom (4 × 3)
    /// and gives the student a conflict (5): 17 at 105, 21 at 112. The construction ends at 17 (class 2
    /// first, at its free time), a local optimum for single moves: the search must take the worse 21
    /// on the way (the late-acceptance list is reheated once it has converged).
    func testSolveWritesAValidSolutionAndPrintsTheValidatorsReport() throws {
        let p = try write("solve-two.xml", ITC2019CommandTests.problem)
        let out = try write("solve-two-solution.xml", "")
        let run = try CommandLineTests.run(["itc2019", "solve", p, "--out", out, "--time-limit", "5", "--seed", "3",
                                            "--max-iterations", "100000", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["valid"] as? Bool, true)
        XCTAssertEqual(json["total"] as? Int, 5)
        XCTAssertTrue(run.stderr.contains("done hard=0 total=5"), run.stderr)
        // The file written is what `check` judges the same way.
        let check = try CommandLineTests.run(["itc2019", "check", p, out, "--json"])
        XCTAssertEqual(check.status, 0, check.stderr)
        let judged = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(judged["total"] as? Int, 5)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("<solution name=\"two\""))
    }

    func testUnwritableOutputExitsTwo() throws {
        let p = try write("solve-two.xml", ITC2019CommandTests.problem)
        let run = try CommandLineTests.run(["itc2019", "solve", p, "--out", "/nonexistent-folder/x.xml", "--time-limit", "1", "--quiet"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("/nonexistent-folder/x.xml"), run.stderr)
    }

    func testBadOptionsAreRefused() throws {
        let p = try write("solve-two.xml", ITC2019CommandTests.problem)
        let run = try CommandLineTests.run(["itc2019", "solve", p, "--out", "/tmp/x.xml", "--threads", "0"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("--threads"), run.stderr)
    }
}
