import Foundation
import XCTest

/// End-to-end runs of the built `netsched` on the bundled examples, asserting exit codes and
/// output as scripts and users rely on them.
final class CommandLineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = ["tiny", "terbuny-network", "arctic-network"]

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The directory holding the products of this build (`netsched` sits next to the test bundle).
    static var productsDirectory: URL {
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") } ?? Bundle.main
        let url = bundle.bundleURL
        return url.pathExtension == "xctest" ? url.deletingLastPathComponent() : url
    }

    @discardableResult
    func run(_ arguments: [String], program: String = "netsched") throws -> Run {
        try Self.run(arguments, program: program)
    }

    /// Runs a built program from the package root; `path` is put in front of `PATH`.
    static func run(_ arguments: [String], program: String = "netsched", path extra: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(program)
        process.arguments = arguments
        process.currentDirectoryURL = root
        if let extra {
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = extra + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            process.environment = environment
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes at once before waiting: read one after the other, a child that fills the
        // second pipe (64 KiB of diagnostics on stderr) while the first is still open would block forever.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box(), errHandle = err.fileHandleForReading
        let errDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            errBox.data = errHandle.readDataToEndOfFile()
            errDone.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errDone.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    func temporaryFile(_ name: String, _ contents: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        if let contents { try Data(contents.utf8).write(to: url) }
        return url.path
    }

    func example(_ name: String) -> String { Self.root.appendingPathComponent("Examples/\(name).json").path }

    /// `netsched replan` on tiny: a student adds a course; the new solution checks feasible against the
    /// changed instance with the published solution as reference, and the reports are written; a
    /// bad changes file exits 2 naming the place.
    func testReplanTinyEndToEnd() throws {
        let published = try temporaryFile("replan-published.json")
        XCTAssertEqual(try run(["solve", example("tiny"), "--out", published, "--engine", "heuristic", "--time-limit", "2", "--quiet"]).status, 0)
        let changes = try temporaryFile("replan-changes.json", """
            {"formatVersion": 1, "changes": [{"kind": "addRequest", "hard": true, "student": "s-kamenka-10-02",
              "request": {"id": "informatics", "alternatives": [{"course": "info-online"}]}}]}
            """)
        let out = try temporaryFile("replan-new.json"), instance = try temporaryFile("replan-instance.json")
        let dir = try temporaryFile("replan-report")
        let r = try run(["replan", example("tiny"), published, changes, "--out", out, "--new-instance", instance,
                         "--report", dir, "--time-limit", "2", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("affected: 1 student"), r.stdout)
        let check = try run(["check", instance, out, "--reference", published, "--json"])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let terms = try XCTUnwrap(json["terms"] as? [String: [String: Any]])
        XCTAssertEqual(terms["movedEnrolments"]?["value"] as? Double, 0)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out.replacingOccurrences(of: ".json", with: ".changes.json")))) as? [String: Any])
        XCTAssertEqual((report["people"] as? [[String: Any]])?.compactMap { $0["person"] as? String }, ["s-kamenka-10-02"])
        for file in ["html/changes.html", "csv/changes.csv", "csv/not-accommodated.csv", "json/changes.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + file), file)
        }

        let bad = try temporaryFile("replan-bad.json", """
            {"formatVersion": 1, "changes": [{"kind": "teacherUnavailable", "hard": true, "teacher": "t-nobody"}]}
            """)
        let failed = try run(["replan", example("tiny"), published, bad, "--out", out, "--time-limit", "1", "--quiet"])
        XCTAssertEqual(failed.status, 2)
        XCTAssertTrue(failed.stderr.contains("changes[0].teacher: unknown teacher \"t-nobody\""), failed.stderr)
    }

    func testValidateAcceptsEveryExample() throws {
        for name in Self.examples {
            let r = try run(["validate", example(name)])
            XCTAssertEqual(r.status, 0, "\(name): \(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stdout.contains("valid"), r.stdout)
        }
    }

    func testSolveThenCheckEveryExample() throws {
        for name in Self.examples {
            let out = try temporaryFile("\(name)-solution.json")
            let solve = try run(["solve", example(name), "--out", out, "--time-limit", "20"])
            XCTAssertEqual(solve.status, 0, "\(name): solve should give a feasible timetable\n\(solve.stdout)\n\(solve.stderr)")
            XCTAssertTrue(solve.stdout.contains("requests: required"), solve.stdout)
            XCTAssertTrue(solve.stdout.contains("objective"), solve.stdout)
            let check = try run(["check", example(name), out])
            XCTAssertEqual(check.status, 0, "\(name): \(check.stdout)\(check.stderr)")

            let json = try run(["check", example(name), out, "--json"])
            XCTAssertEqual(json.status, 0)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(object["feasible"] as? Bool, true)
            XCTAssertNotNil(object["violations"] as? [Any])
            XCTAssertNotNil(object["objective"] as? Double)
            XCTAssertNotNil(object["terms"] as? [String: Any])
        }
    }

    func testSameSeedGivesTheSameSolutionFile() throws {
        let a = try temporaryFile("seed-a.json"), b = try temporaryFile("seed-b.json")
        // Time-limited searches may stop at different points; the constructive engine is the reproducible baseline.
        // The bound depends on how far the bounder got in its time (--no-bound: the timetable alone).
        try run(["solve", example("terbuny-network"), "--out", a, "--seed", "5", "--quiet", "--engine", "greedy", "--no-bound"])
        try run(["solve", example("terbuny-network"), "--out", b, "--seed", "5", "--quiet", "--engine", "greedy", "--no-bound"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))
    }

    func testCheckFindsViolationsInATamperedSolution() throws {
        let out = try temporaryFile("tampered.json")
        XCTAssertEqual(try run(["solve", example("tiny"), "--out", out, "--quiet", "--time-limit", "10"]).status, 0)
        var solution = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        var sections = try XCTUnwrap(solution["sections"] as? [[String: Any]])
        XCTAssertFalse(sections.isEmpty)
        // Put every meeting of the first section on the same day and period: a pattern violation at least.
        var meetings = try XCTUnwrap(sections[0]["meetings"] as? [[String: Any]])
        for k in meetings.indices { meetings[k]["day"] = meetings[0]["day"]; meetings[k]["period"] = meetings[0]["period"] }
        meetings.append(meetings[0])
        sections[0]["meetings"] = meetings
        solution["sections"] = sections
        try JSONSerialization.data(withJSONObject: solution).write(to: URL(fileURLWithPath: out))
        let check = try run(["check", example("tiny"), out])
        XCTAssertEqual(check.status, 1, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("meeting-pattern"), check.stdout)
    }

    func testCheckRejectsAnUnusableSolution() throws {
        let bad = try temporaryFile("unusable.json", """
            {"instance": "x", "sections": [], "assignments": [{"student": "nobody", "request": 0, "alternative": 0, "section": "ghost"}]}
            """)
        let r = try run(["check", example("tiny"), bad])
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr)
        XCTAssertTrue((r.stdout + r.stderr).contains("assignments[0]"), r.stdout + r.stderr)
        let malformed = try temporaryFile("malformed-solution.json", "{\"instance\": ")
        XCTAssertEqual(try run(["check", example("tiny"), malformed]).status, 2)
    }

    func testBrokenInstancesExitTwoAndNameThePlace() throws {
        let tiny = try String(contentsOfFile: example("tiny"), encoding: .utf8)
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(tiny.utf8)) as? [String: Any])
        var students = try XCTUnwrap(object["students"] as? [[String: Any]])
        var requests = try XCTUnwrap(students[0]["requests"] as? [[String: Any]])
        requests[0]["alternatives"] = [["course": "chem-basic"]]
        students[0]["requests"] = requests
        students[0]["grade"] = "eleven"
        object["students"] = students
        let dangling = try temporaryFile("dangling.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let r = try run(["validate", dangling])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stdout.contains("students[0].grade"), r.stdout)

        students[0]["grade"] = 10
        object["students"] = students
        let onlyDangling = try temporaryFile("only-dangling.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let d = try run(["validate", onlyDangling])
        XCTAssertEqual(d.status, 2)
        XCTAssertTrue(d.stdout.contains("students[0].requests[0].alternatives[0].course: unknown course \"chem-basic\""), d.stdout)

        let json = try run(["validate", onlyDangling, "--json"])
        XCTAssertEqual(json.status, 2)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["valid"] as? Bool, false)

        for (name, text) in [("malformed.json", "{\"name\": \"x\",,}"), ("array.json", "[1, 2]"), ("empty.json", "")] {
            let path = try temporaryFile(name, text)
            let v = try run(["validate", path])
            XCTAssertEqual(v.status, 2, name)
            let s = try run(["solve", path, "--out", try temporaryFile("never.json")])
            XCTAssertEqual(s.status, 2, name)
        }
        XCTAssertEqual(try run(["validate", "/no/such/file.json"]).status, 2)
    }

    /// Two requests of one student with the same id (a double entry in the centre's data) are an
    /// error naming both places, for `validate` and `solve` (exit 2, nothing written).
    func testDuplicateRequestIdOfAStudentExitsTwoNamingBothPlaces() throws {
        let tiny = try String(contentsOfFile: example("tiny"), encoding: .utf8)
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(tiny.utf8)) as? [String: Any])
        var students = try XCTUnwrap(object["students"] as? [[String: Any]])
        var requests = try XCTUnwrap(students[1]["requests"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(requests.count, 1)
        var copy = requests[0]
        copy["id"] = "double-entry"
        requests[0]["id"] = "double-entry"
        requests.append(copy)
        students[1]["requests"] = requests
        object["students"] = students
        let last = requests.count - 1
        let path = try temporaryFile("duplicate-request.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let v = try run(["validate", path])
        XCTAssertEqual(v.status, 2, v.stdout + v.stderr)
        XCTAssertTrue(v.stdout.contains("students[1].requests[\(last)].id: student"), v.stdout)
        XCTAssertTrue(v.stdout.contains("two requests with id \"double-entry\": students[1].requests[0] and students[1].requests[\(last)]"), v.stdout)
        XCTAssertTrue(v.stdout.contains("delete one of the two requests"), v.stdout)
        let out = try temporaryFile("duplicate-request-solution.json")
        try? FileManager.default.removeItem(atPath: out)
        let s = try run(["solve", path, "--out", out, "--engine", "greedy", "--quiet"])
        XCTAssertEqual(s.status, 2, s.stdout + s.stderr)
        XCTAssertTrue((s.stdout + s.stderr).contains("students[1].requests[\(last)].id"), s.stdout + s.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// `solve --warm-start`: the heuristic continues from a greedy solution and the result checks
    /// feasible and no worse; with another engine the option is a usage error naming the fix.
    func testSolveWarmStartContinuesFromASolution() throws {
        let start = try temporaryFile("warm-start.json"), out = try temporaryFile("warm-out.json")
        XCTAssertEqual(try run(["solve", example("tiny"), "--out", start, "--quiet", "--engine", "greedy"]).status, 0)
        let warm = try run(["solve", example("tiny"), "--out", out, "--quiet", "--engine", "heuristic", "--time-limit", "2",
                            "--warm-start", start])
        XCTAssertEqual(warm.status, 0, warm.stdout + warm.stderr)
        XCTAssertTrue(warm.stdout.contains("from "), warm.stdout)
        func objective(_ path: String) throws -> Double {
            let r = try run(["check", example("tiny"), path, "--json"])
            XCTAssertEqual(r.status, 0, r.stdout)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try XCTUnwrap(object["objective"] as? Double)
        }
        XCTAssertLessThanOrEqual(try objective(out), try objective(start) + 1e-9)
        let wrong = try run(["solve", example("tiny"), "--out", out, "--engine", "greedy", "--warm-start", start])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("--warm-start is not used by --engine greedy"), wrong.stderr)
        // The MIP takes the hint as its first incumbent: never worse than it.
        let mip = try run(["solve", example("tiny"), "--out", out, "--quiet", "--engine", "mip", "--time-limit", "20", "--warm-start", start])
        XCTAssertEqual(mip.status, 0, mip.stdout + mip.stderr)
        XCTAssertLessThanOrEqual(try objective(out), try objective(start) + 1e-9)
    }

    /// `solve --progress json`: every line on standard error is one JSON object with the typed
    /// fields of the engine contract, the phases among the documented ones, and the last `done`
    /// line's incumbent the engine's final objective.
    func testSolveProgressJSONLinesCarryTheFields() throws {
        let out = try temporaryFile("progress-json.json")
        for engine in ["heuristic", "auto"] {
            let r = try run(["solve", example("terbuny-network"), "--out", out, "--engine", engine, "--time-limit", "4", "--progress", "json"])
            XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
            let lines = r.stderr.split(separator: "\n").map(String.init)
            XCTAssertFalse(lines.isEmpty)
            let phases = Set(["start", "construct", "warm-start", "build", "repair", "search", "done", "bound"])
            var objects: [[String: Any]] = []
            for line in lines {
                let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
                for key in ["engine", "phase", "elapsed", "incumbent", "bound", "requiredUnmet", "feasible", "message"] {
                    XCTAssertNotNil(object[key], "\(key) missing in \(line)")
                }
                XCTAssertTrue(phases.contains(object["phase"] as? String ?? ""), line)
                XCTAssertNotNil(object["elapsed"] as? Double, line)
                objects.append(object)
            }
            let done = try XCTUnwrap(objects.last { $0["phase"] as? String == "done" && $0["engine"] as? String == engine }, engine)
            XCTAssertEqual(done["requiredUnmet"] as? Int, 0, "\(done)")
            XCTAssertEqual(done["feasible"] as? Bool, true, "\(done)")
            XCTAssertNotNil(done["incumbent"] as? Double)
            XCTAssertTrue(objects.contains { $0["phase"] as? String == "search" && $0["incumbent"] is Double }, engine)
        }
        let wrong = try run(["solve", example("tiny"), "--out", out, "--progress", "xml"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("text") && wrong.stderr.contains("json"), "the error lists the formats: \(wrong.stderr)")
    }

    /// `solve --max-iterations`: the heuristic stops after that many iterations, and the same seed
    /// gives the same solution file byte for byte; with another engine the option is a usage error.
    /// (Without `--no-bound` the bound proves tiny's optimum within the run and stops the search
    /// when the clock says, which no iteration budget can make reproducible.)
    func testSolveMaxIterationsIsReproducible() throws {
        let first = try temporaryFile("iterations-1.json"), second = try temporaryFile("iterations-2.json")
        for out in [first, second] {
            let r = try run(["solve", example("tiny"), "--out", out, "--engine", "heuristic", "--time-limit", "60",
                             "--seed", "3", "--max-iterations", "300", "--no-bound"])
            XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
            XCTAssertTrue(r.stdout.contains("300 iterations"), r.stdout)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: first)), try Data(contentsOf: URL(fileURLWithPath: second)))
        let wrong = try run(["solve", example("tiny"), "--out", first, "--engine", "greedy", "--max-iterations", "10"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("--max-iterations works with --engine heuristic only"), wrong.stderr)
    }

    func testUnknownEngineIsAUsageError() throws {
        let r = try run(["solve", example("tiny"), "--out", try temporaryFile("x.json"), "--engine", "nope"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("greedy"), "the error lists the engines: \(r.stderr)")
    }

    func testEmbeddingExampleRuns() throws {
        let r = try run([example("tiny")], program: "embedding-example")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("feasible: true"), r.stdout)
    }

    func testSchemaCommandPrintsTheShippedSchema() throws {
        let r = try run(["schema"])
        let shipped = try String(contentsOfFile: Self.root.appendingPathComponent("docs/instance.schema.json").path, encoding: .utf8)
        XCTAssertEqual(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), shipped.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
