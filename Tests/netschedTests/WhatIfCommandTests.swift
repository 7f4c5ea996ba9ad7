import Foundation
import XCTest

/// End-to-end runs of `netsched what-if` on the tiny example with two requests added after its
/// timetable was made: the JSON contract, the `--out` timetable judged by `netsched check`, and
/// exit 2 naming each bad input.
final class WhatIfCommandTests: XCTestCase {
    typealias CLI = CommandLineTests

    func run(_ arguments: [String]) throws -> CLI.Run { try CLI.run(arguments) }

    func temporaryFile(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-whatif-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    func json(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func write(_ object: Any, _ path: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
    }

    /// The instance (tiny + an online programming elective for s-kamenka-10-01 + astronomy, a
    /// grade-11 course, for s-kamenka-10-02) and tiny's heuristic timetable listing both as unmet.
    func fixture() throws -> (instance: String, solution: String) {
        let instance = temporaryFile("whatif-instance.json"), solution = temporaryFile("whatif-solution.json")
        let tiny = CLI.root.appendingPathComponent("Examples/tiny.json").path
        let solved = try run(["solve", tiny, "--out", solution, "--engine", "heuristic", "--time-limit", "2", "--quiet"])
        XCTAssertEqual(solved.status, 0, solved.stderr)
        var inst = try json(tiny)
        var courses = try XCTUnwrap(inst["courses"] as? [[String: Any]])
        courses.append(["id": "astronomy", "name": "Astronomy", "subject": "informatics", "level": "elective", "pattern": [1],
                        "minSize": 1, "maxSize": 10, "grades": [11], "online": true])
        inst["courses"] = courses
        var students = try XCTUnwrap(inst["students"] as? [[String: Any]])
        for k in students.indices {
            var requests = try XCTUnwrap(students[k]["requests"] as? [[String: Any]])
            if students[k]["id"] as? String == "s-kamenka-10-01" {
                requests.append(["id": "programming", "alternatives": [["course": "info-online"]]])
            } else if students[k]["id"] as? String == "s-kamenka-10-02" {
                requests.append(["id": "astronomy", "alternatives": [["course": "astronomy"]]])
            }
            students[k]["requests"] = requests
        }
        inst["students"] = students
        try write(inst, instance)
        var sol = try json(solution)
        var unsatisfied = sol["unsatisfied"] as? [[String: Any]] ?? []
        for s in ["s-kamenka-10-01", "s-kamenka-10-02"] {
            unsatisfied.append(["student": s, "request": 1, "required": false, "reason": "asked for after the timetable was made"])
        }
        sol["unsatisfied"] = unsatisfied
        try write(sol, solution)
        let check = try run(["check", instance, solution])
        XCTAssertEqual(check.status, 0, "the fixture's timetable is feasible: " + check.stdout)
        return (instance, solution)
    }

    func objective(_ instance: String, _ solution: String) throws -> (feasible: Bool, objective: Double) {
        let r = try run(["check", instance, solution, "--json"])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return (report["feasible"] as? Bool ?? false, try XCTUnwrap(report["objective"] as? Double))
    }

    func testGrantedImpossibleAndTheJSONContract() throws {
        let (instance, solution) = try fixture()
        let out = temporaryFile("whatif-new.json")
        let r = try run(["what-if", instance, solution, "--student", "s-kamenka-10-01", "--request", "programming", "--time-limit", "10",
                         "--out", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let answer = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
        XCTAssertEqual(answer["status"] as? String, "granted", r.stdout)
        let delta = try XCTUnwrap(answer["objectiveDelta"] as? Double)
        XCTAssertNotNil(answer["changes"] as? [Any])
        XCTAssertNotNil(answer["reasons"] as? [Any])
        // The new timetable passes the checker, grants the request, and the delta is the checker's.
        let before = try objective(instance, solution), after = try objective(instance, out)
        XCTAssertTrue(after.feasible)
        XCTAssertEqual(after.objective - before.objective, delta, accuracy: 1e-6)
        let assignments = try XCTUnwrap(try json(out)["assignments"] as? [[String: Any]])
        XCTAssertTrue(assignments.contains { $0["student"] as? String == "s-kamenka-10-01" && $0["request"] as? Int == 1 })
        // The text form says the same.
        let text = try run(["what-if", instance, solution, "--student", "s-kamenka-10-01", "--request", "1", "--time-limit", "10"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("granted"), text.stdout)
        XCTAssertTrue(text.stdout.contains("unmetElective"), text.stdout)

        let impossible = try run(["what-if", instance, solution, "--student", "s-kamenka-10-02", "--request", "astronomy", "--json"])
        XCTAssertEqual(impossible.status, 0, impossible.stderr)
        let no = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(impossible.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(no["status"] as? String, "impossible")
        XCTAssertEqual(no["objectiveDelta"] as? Double, 0)
        let reasons = try XCTUnwrap(no["reasons"] as? [[String: Any]])
        XCTAssertTrue(reasons.contains { ($0["text"] as? String)?.contains("grades 11") == true }, "\(reasons)")
    }

    func testBadInputExitsTwoNamingIt() throws {
        let (instance, solution) = try fixture()
        func expectExit2(_ arguments: [String], naming: String, file: StaticString = #filePath, line: UInt = #line) throws {
            let r = try run(["what-if", instance] + arguments)
            XCTAssertEqual(r.status, 2, r.stdout + r.stderr, file: file, line: line)
            XCTAssertTrue(r.stderr.contains(naming), r.stderr, file: file, line: line)
        }
        try expectExit2([solution, "--student", "nobody", "--request", "0"], naming: "unknown student \"nobody\"")
        try expectExit2([solution, "--student", "s-kamenka-10-01", "--request", "chess"], naming: "no request \"chess\"")
        try expectExit2([solution, "--student", "s-kamenka-10-01", "--request", "chemistry"], naming: "already granted")
        // A timetable of another instance: its course, teacher, site and room ids do not resolve in this one.
        let other = temporaryFile("whatif-other.json")
        try write(["formatVersion": 1, "instance": "elsewhere",
                   "sections": [["id": "physics/1", "course": "physics", "teacher": "t-nobody", "mode": "inPerson", "site": "nowhere",
                                 "meetings": [["day": "mon", "period": 1, "length": 1, "room": "lab"]]]],
                   "assignments": [["student": "s-kamenka-10-01", "request": 0, "alternative": 0, "section": "physics/1"]]], other)
        try expectExit2([other, "--student", "s-kamenka-10-01", "--request", "programming"], naming: "another instance")
    }
}
