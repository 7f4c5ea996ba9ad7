import Foundation
import XCTest

/// End-to-end runs of the built `netsched options`: the courses a student can choose, in text
/// and JSON, without and with a published solution; an unknown student or an unusable file
/// exits 2 naming the problem.
final class OptionsCommandTests: XCTestCase {
    private func run(_ arguments: [String]) throws -> CommandLineTests.Run { try CommandLineTests.run(arguments) }

    private func example(_ name: String) -> String { CommandLineTests.root.appendingPathComponent("Examples/\(name).json").path }

    private func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-options-\(getpid())/\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func courses(_ r: CommandLineTests.Run, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr, file: file, line: line)
        return try XCTUnwrap(try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "not a JSON array: \(r.stdout.prefix(300))",
                             file: file, line: line)
    }

    /// Terbuny's instance as JSON, with its course ids.
    private func terbunyCourses() throws -> [String] {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: example("terbuny-network")))) as? [String: Any])
        return try XCTUnwrap(object["courses"] as? [[String: Any]]).map { $0["id"] as! String }
    }

    func testOptionsWithoutASolutionListEveryCourseWithItsReasonsAndWays() throws {
        let student = "s-berezovka-10-04"
        let ids = try terbunyCourses()
        let list = try courses(try run(["options", example("terbuny-network"), "--student", student, "--json", "--lang", "en"]))
        XCTAssertEqual(list.map { $0["course"] as? String }, ids, "one object per course of the bank, in order")
        for item in list {
            let available = try XCTUnwrap(item["available"] as? Bool)
            let reasons = try XCTUnwrap(item["reasons"] as? [[String: Any]])
            XCTAssertEqual(available, reasons.isEmpty)
            for r in reasons {
                XCTAssertNotNil(r["kind"] as? String)
                XCTAssertFalse((r["text"] as? String ?? "").isEmpty)
            }
            XCTAssertNotNil(item["ways"] as? [Any])
            XCTAssertNil(item["sections"], "no solution, no sections")
        }
        // A grade-11 course is refused for this grade-10 student, in words naming both grades.
        let grade11 = try XCTUnwrap(list.first { $0["course"] as? String == "maths-adv-11" })
        XCTAssertEqual(grade11["available"] as? Bool, false)
        let reason = try XCTUnwrap((grade11["reasons"] as? [[String: Any]])?.first)
        XCTAssertEqual(reason["kind"] as? String, "gradeNotEligible")
        XCTAssertTrue((reason["text"] as? String ?? "").contains("grade 10"), "\(reason)")

        // Text, Russian by default.
        let text = try run(["options", example("terbuny-network"), "--student", student])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("нельзя выбрать"), text.stdout)
        XCTAssertTrue(text.stdout.contains("можно выбрать: \(list.filter { $0["available"] as? Bool == true }.count) из \(ids.count) курсов"), text.stdout)
        let english = try run(["options", example("terbuny-network"), "--student", student, "--lang", "en"])
        XCTAssertTrue(english.stdout.contains("cannot be taken") && english.stdout.contains("courses can be taken"), english.stdout)
    }

    func testOptionsWithASolutionOfferSectionsWithSeatsAndRouteChanges() throws {
        let dir = try folder("with-solution")
        let solution = dir.appendingPathComponent("terbuny.json").path
        let solve = try run(["solve", example("terbuny-network"), "--engine", "heuristic", "--max-iterations", "200", "--threads", "1",
                             "--no-bound", "--quiet", "--out", solution])
        XCTAssertEqual(solve.status, 0, solve.stdout + solve.stderr)
        let student = "s-berezovka-10-04"
        let list = try courses(try run(["options", example("terbuny-network"), "--solution", solution, "--student", student, "--json"]))
        var offered = 0
        for item in list {
            let sections = try XCTUnwrap(item["sections"] as? [[String: Any]], "with a solution every course has sections")
            for s in sections {
                XCTAssertNotNil(s["section"] as? String)
                XCTAssertGreaterThan(try XCTUnwrap(s["freeSeats"] as? Int), 0)
                let change = try XCTUnwrap(s["routeChange"] as? [String: Any])
                XCTAssertNotNil(change["extraMinutes"] as? Int)
                XCTAssertNotNil(change["days"] as? [Any])
                offered += 1
            }
        }
        XCTAssertGreaterThan(offered, 0, "a Berezovka student has sections to join")
        let text = try run(["options", example("terbuny-network"), "--solution", solution, "--student", student, "--lang", "en"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("\(offered) open section\(offered == 1 ? "" : "s") to join now"), text.stdout)

        // A solution that does not resolve: exit 2 naming the place.
        var broken = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: solution))) as? [String: Any])
        var assignments = try XCTUnwrap(broken["assignments"] as? [[String: Any]])
        assignments[0]["section"] = "no-such-section"
        broken["assignments"] = assignments
        let bad = dir.appendingPathComponent("bad.json")
        try JSONSerialization.data(withJSONObject: broken).write(to: bad)
        let r = try run(["options", example("terbuny-network"), "--solution", bad.path, "--student", student])
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("unknown section \"no-such-section\""), r.stderr)
    }

    func testUnknownStudentAndUnusableInstanceExitTwo() throws {
        let unknown = try run(["options", example("tiny"), "--student", "nobody"])
        XCTAssertEqual(unknown.status, 2, unknown.stdout + unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("unknown student \"nobody\""), unknown.stderr)
        XCTAssertTrue(unknown.stdout.isEmpty, unknown.stdout)

        let dir = try folder("broken")
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: example("tiny")))) as? [String: Any])
        var students = try XCTUnwrap(object["students"] as? [[String: Any]])
        students[0]["grade"] = "eleven"
        object["students"] = students
        let broken = dir.appendingPathComponent("broken.json")
        try JSONSerialization.data(withJSONObject: object).write(to: broken)
        let r = try run(["options", broken.path, "--student", "s-sosnovka-10-01"])
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("students[0].grade"), r.stderr)

        let missing = try run(["options", example("tiny")])
        XCTAssertEqual(missing.status, 64, "--student is required")
        XCTAssertTrue(missing.stderr.contains("--student"), missing.stderr)
    }
}
