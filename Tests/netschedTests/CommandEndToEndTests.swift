import Foundation
import XCTest

/// End-to-end runs of the built `netsched` for the commands that had none: generate, report,
/// explain, diagnose, export-model, import-fet and fet-solve. Each is run as a user would, its
/// exit code and output checked; bad input exits 2 naming the field (a bad flag is a usage error,
/// exit 64, naming the flag, as for every command).
final class CommandEndToEndTests: XCTestCase {
    private let fet = CommandLineTests.root.appendingPathComponent("Tests/NetworkTimetablingTests/Fixtures/fet")

    @discardableResult
    private func run(_ arguments: [String]) throws -> CommandLineTests.Run { try CommandLineTests.run(arguments) }

    private func example(_ name: String) -> String { CommandLineTests.root.appendingPathComponent("Examples/\(name).json").path }

    private func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-e2e-\(getpid())/\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        try XCTUnwrap(try? JSONSerialization.jsonObject(with: Data(text.utf8)), "not JSON: \(text.prefix(300))", file: file, line: line)
    }

    /// tiny with one edit of its JSON object, written to `dir`.
    private func tiny(in dir: URL, _ name: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: example("tiny")))) as? [String: Any])
        edit(&object)
        let url = dir.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url.path
    }

    /// tiny with a string where student 0's grade should be: unusable, at `students[0].grade`.
    private func brokenTiny(in dir: URL) throws -> String {
        try tiny(in: dir, "broken.json") { o in
            var students = o["students"] as! [[String: Any]]
            students[0]["grade"] = "eleven"
            o["students"] = students
        }
    }

    private func assertNamesTheField(_ r: CommandLineTests.Run, _ field: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr, file: file, line: line)
        XCTAssertTrue((r.stdout + r.stderr).contains(field), "\(field) not named: " + r.stdout + r.stderr, file: file, line: line)
    }

    /// A greedy solution of tiny (it leaves elective requests unmet, for explain and report).
    private func tinySolution(in dir: URL) throws -> String {
        let out = dir.appendingPathComponent("tiny-solution.json").path
        let r = try run(["solve", example("tiny"), "--out", out, "--engine", "greedy", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        return out
    }

    // MARK: generate

    func testGenerateWritesAValidInstanceAndTheSameOneForTheSameSeed() throws {
        let dir = try folder("generate")
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        let r = try run(["generate", "--preset", "tiny", "--seed", "3", "--out", a])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(a): ") && r.stderr.contains(" students, "), r.stderr)
        XCTAssertEqual(try run(["generate", "--preset", "tiny", "--seed", "3", "--out", b]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)), "same seed, same file")
        let v = try run(["validate", a])
        XCTAssertEqual(v.status, 0, v.stdout + v.stderr)
        XCTAssertTrue(v.stdout.contains("valid"), v.stdout)
        // To standard output, the same instance.
        let stdout = try run(["generate", "--preset", "tiny", "--seed", "3", "--out", "-"])
        XCTAssertEqual(stdout.status, 0)
        let object = try XCTUnwrap(try json(stdout.stdout) as? [String: Any])
        XCTAssertEqual((object["students"] as? [Any])?.count,
                       (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: a))) as? [String: Any])?["students"].map { ($0 as! [Any]).count })
        // Another seed, another instance.
        XCTAssertEqual(try run(["generate", "--preset", "tiny", "--seed", "4", "--out", b]).status, 0)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: a)), try Data(contentsOf: URL(fileURLWithPath: b)))
        // A bad flag value: a usage error naming the flag and the choices; nothing written.
        let c = dir.appendingPathComponent("c.json").path
        let bad = try run(["generate", "--preset", "metropolis", "--seed", "1", "--out", c])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--preset") && bad.stderr.contains("tiny, district, cluster, region"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: c))
    }

    // MARK: report

    func testReportWritesEveryFormatAndRejectsBrokenInput() throws {
        let dir = try folder("report")
        let solution = try tinySolution(in: dir)
        let out = dir.appendingPathComponent("report")
        let r = try run(["report", example("tiny"), solution, "--out", out.path, "--format", "html,csv,ics,json", "--lang", "en"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("report written to \(out.path): csv/ "), r.stdout)
        for part in ["csv/", "html/", "ics/", "json/ 1 file"] { XCTAssertTrue(r.stdout.contains(part), r.stdout) }
        let index = try String(contentsOf: out.appendingPathComponent("html/index.html"), encoding: .utf8)
        XCTAssertTrue(index.hasPrefix("<!DOCTYPE html>") && index.contains("<h1>Network timetable</h1>"), String(index.prefix(400)))
        let student = try String(contentsOf: out.appendingPathComponent("html/students/s-sosnovka-10-01.html"), encoding: .utf8)
        XCTAssertTrue(student.contains("class=\"grid\""), "a student's page has the weekly grid")
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("json/report.json"))) as? [String: Any])
        XCTAssertNotNil((report["report"] as? [String: Any])?["students"])
        let calendars = (FileManager.default.enumerator(atPath: out.appendingPathComponent("ics").path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".ics") }
        XCTAssertTrue(calendars.contains("students/s-sosnovka-10-01.ics") && calendars.contains("teachers/t-orlova.ics"), "\(calendars)")
        for name in calendars {
            let text = try String(contentsOf: out.appendingPathComponent("ics/\(name)"), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"), name)
        }
        let summary = try Data(contentsOf: out.appendingPathComponent("csv/summary.csv"))
        XCTAssertEqual(Array(summary.prefix(3)), [0xEF, 0xBB, 0xBF], "CSV starts with a byte order mark: spreadsheets open it as UTF-8")

        assertNamesTheField(try run(["report", try brokenTiny(in: dir), solution, "--out", dir.appendingPathComponent("r2").path]),
                            "students[0].grade")
        // A solution of another instance cannot be read against this one.
        let other = dir.appendingPathComponent("arctic.json").path
        XCTAssertEqual(try run(["solve", example("arctic-network"), "--out", other, "--engine", "greedy", "--quiet"]).status, 0)
        let mismatch = try run(["report", example("tiny"), other, "--out", dir.appendingPathComponent("r3").path])
        XCTAssertEqual(mismatch.status, 2, mismatch.stdout + mismatch.stderr)
        XCTAssertTrue(mismatch.stderr.contains("unknown"), mismatch.stderr)
        let format = try run(["report", example("tiny"), solution, "--out", dir.appendingPathComponent("r4").path, "--format", "pdf"])
        XCTAssertEqual(format.status, 64)
        XCTAssertTrue(format.stderr.contains("unknown format \"pdf\" in --format"), format.stderr)
    }

    // MARK: explain

    func testExplainGivesAReasonForEveryUnsatisfiedRequest() throws {
        let dir = try folder("explain")
        let solution = try tinySolution(in: dir)
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: solution))) as? [String: Any])
        let unsatisfied = try XCTUnwrap(written["unsatisfied"] as? [[String: Any]])
        XCTAssertFalse(unsatisfied.isEmpty, "the greedy solution of tiny leaves a request unmet")

        let text = try run(["explain", example("tiny"), solution, "--lang", "en"])
        XCTAssertEqual(text.status, 0, text.stdout + text.stderr)
        for u in unsatisfied { XCTAssertTrue(text.stdout.contains("(\(u["student"] as! String))"), text.stdout) }

        let r = try run(["explain", example("tiny"), solution, "--json", "--lang", "en"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let list = try XCTUnwrap(try json(r.stdout) as? [[String: Any]])
        XCTAssertEqual(list.count, unsatisfied.count)
        for item in list {
            let e = try XCTUnwrap(item["explanation"] as? [String: Any])
            XCTAssertTrue(unsatisfied.contains { $0["student"] as? String == e["student"] as? String && $0["request"] as? Int == e["request"] as? Int })
            XCTAssertFalse((item["text"] as? [String] ?? []).isEmpty, "every refusal has a reason in words")
        }
        // Filtered to a student with nothing refused: no explanations.
        let student = try XCTUnwrap(list.first.flatMap { ($0["explanation"] as? [String: Any])?["student"] as? String })
        let one = try run(["explain", example("tiny"), solution, "--json", "--student", student])
        XCTAssertEqual(try XCTUnwrap(try json(one.stdout) as? [Any]).count, list.filter { ($0["explanation"] as? [String: Any])?["student"] as? String == student }.count)

        assertNamesTheField(try run(["explain", try brokenTiny(in: dir), solution]), "students[0].grade")
        var broken = written
        var assignments = try XCTUnwrap(broken["assignments"] as? [[String: Any]])
        assignments[0]["section"] = "no-such-section"
        broken["assignments"] = assignments
        let badSolution = dir.appendingPathComponent("bad-solution.json")
        try JSONSerialization.data(withJSONObject: broken).write(to: badSolution)
        assertNamesTheField(try run(["explain", example("tiny"), badSolution.path]), "assignments[0].section: unknown section \"no-such-section\"")
        let unknownStudent = try run(["explain", example("tiny"), solution, "--student", "nobody"])
        XCTAssertEqual(unknownStudent.status, 64)
        XCTAssertTrue(unknownStudent.stderr.contains("unknown student \"nobody\""), unknownStudent.stderr)
    }

    // MARK: diagnose

    func testDiagnoseFindsWhatMakesAnInstanceImpossible() throws {
        let dir = try folder("diagnose")
        let ok = try run(["diagnose", example("tiny"), "--lang", "en", "--json"])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertEqual((try json(ok.stdout) as? [String: Any])?["errors"] as? Int, 0)

        // No teacher has hours: the required courses cannot be taught.
        let noHours = try tiny(in: dir, "no-hours.json") { o in
            o["teachers"] = (o["teachers"] as! [[String: Any]]).map { var t = $0; t["maxWeeklyPeriods"] = 0; return t }
        }
        let text = try run(["diagnose", noHours, "--lang", "en"])
        XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.contains("error: courses[0]: no teacher of"), text.stdout)
        XCTAssertTrue(text.stdout.contains("has 2 periods a week"), text.stdout)
        let j = try run(["diagnose", noHours, "--json"])
        XCTAssertEqual(j.status, 1)
        let report = try XCTUnwrap(try json(j.stdout) as? [String: Any])
        XCTAssertGreaterThan(report["errors"] as? Int ?? 0, 0)
        let kinds = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        XCTAssertTrue(kinds.contains("courseNoTeacherHours"), "\(kinds)")

        assertNamesTheField(try run(["diagnose", try brokenTiny(in: dir)]), "students[0].grade")
    }

    /// Per-grade hygiene: a grade-5 student whose class has 6 lessons on mon plus one of their own
    /// is above grade 5's daily limit of 6 whatever the timetable; a bad `hygiene.grades` row is
    /// an error naming the field (exit 2).
    func testDiagnoseAndValidateKnowHygieneByGrade() throws {
        let dir = try folder("hygiene-grades")
        let young = try tiny(in: dir, "grade-5.json") { o in
            var students = o["students"] as! [[String: Any]]
            students[0]["grade"] = 5
            students[0]["busy"] = ["mon": [7]]
            o["students"] = students
        }
        let d = try run(["diagnose", young, "--lang", "en"])
        XCTAssertEqual(d.status, 1, d.stdout + d.stderr)
        XCTAssertTrue(d.stdout.contains("error: students[0]: student s-sosnovka-10-01 (grade 5) has 7 periods of regular lessons on Mon, above the daily limit 6 of grade 5"),
                      d.stdout)
        let raised = try tiny(in: dir, "grade-5-raised.json") { o in
            var students = o["students"] as! [[String: Any]]
            students[0]["grade"] = 5
            students[0]["busy"] = ["mon": [7]]
            o["students"] = students
            o["hygiene"] = ["grades": [["grades": [5], "maxLessonsPerDay": 7]]]
        }
        let ok = try run(["diagnose", raised, "--lang", "en", "--json"])
        XCTAssertFalse(ok.stdout.contains("studentRegularAboveLimit"), ok.stdout)

        let duplicate = try tiny(in: dir, "duplicate-grade.json") { o in
            o["hygiene"] = ["grades": [["grades": [5, 6], "maxLessonsPerDay": 6], ["grades": [6], "maxLessonsPerWeek": 0]]]
        }
        let v = try run(["validate", duplicate])
        XCTAssertEqual(v.status, 2, v.stdout + v.stderr)
        XCTAssertTrue(v.stdout.contains("hygiene.grades[1].grades[0]: grade 6 already has a row, hygiene.grades[0]"), v.stdout)
        XCTAssertTrue(v.stdout.contains("hygiene.grades[1].maxLessonsPerWeek"), v.stdout)
        assertNamesTheField(try run(["validate", try tiny(in: dir, "grade-12.json") { o in
            o["hygiene"] = ["grades": [["grades": [12], "maxLessonsPerDay": 6]]]
        }]), "hygiene.grades[0].grades[0]")
    }

    // MARK: export-model

    func testExportModelWritesLPAndMPSThatDescribeTheSameModel() throws {
        let dir = try folder("export-model")
        let lp = dir.appendingPathComponent("tiny.lp").path, mps = dir.appendingPathComponent("tiny.mps").path
        let r = try run(["export-model", example("tiny"), "--lp", lp, "--mps", mps])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let counts = try XCTUnwrap(r.stdout.split(separator: ",").first.map(String.init))
        XCTAssertTrue(counts.hasSuffix(" rows"), r.stdout)
        XCTAssertTrue(r.stdout.contains("written to \(lp) and \(mps)"), r.stdout)
        let lpText = try String(contentsOfFile: lp, encoding: .utf8)
        XCTAssertTrue(lpText.contains("Minimize") && lpText.contains("Subject To") && lpText.contains("End"), String(lpText.prefix(300)))
        let mpsText = try String(contentsOfFile: mps, encoding: .utf8)
        for section in ["NAME", "ROWS", "COLUMNS", "RHS", "ENDATA"] { XCTAssertTrue(mpsText.contains(section), section) }
        // The rows the command reports are the rows of the MPS file (one line each under ROWS, plus the objective).
        let rows = Int(counts.dropLast(5)) ?? -1
        let rowLines = mpsText.components(separatedBy: "\nROWS\n").last?.components(separatedBy: "\nCOLUMNS\n").first?
            .split(separator: "\n").count ?? 0
        XCTAssertEqual(rowLines, rows + 1, "the objective and every constraint")

        assertNamesTheField(try run(["export-model", try brokenTiny(in: dir), "--lp", dir.appendingPathComponent("b.lp").path]), "students[0].grade")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("b.lp").path))
        let none = try run(["export-model", example("tiny")])
        XCTAssertEqual(none.status, 64)
        XCTAssertTrue(none.stderr.contains("give --lp FILE and/or --mps FILE"), none.stderr)
    }

    // MARK: import-fet

    func testImportFETAddsBusyPeriodsAndRejectsABadMapping() throws {
        let dir = try folder("import-fet")
        let timetable = fet.appendingPathComponent("school_data_and_timetable.fet").path
        let instance = fet.appendingPathComponent("instance.json").path, mapping = fet.appendingPathComponent("mapping.json").path
        let out = dir.appendingPathComponent("imported.json").path
        let r = try run(["import-fet", timetable, "--instance", instance, "--mapping", mapping, "--out", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let stats = try XCTUnwrap(try json(r.stdout) as? [String: Any])
        XCTAssertEqual(stats["placedActivities"] as? Int, 5)
        XCTAssertEqual(stats["unmappedUses"] as? Int, 0)
        XCTAssertGreaterThan(stats["teacherPeriodsAdded"] as? Int ?? 0, 0)
        XCTAssertTrue(r.stderr.contains("\(out): written"), r.stderr)
        XCTAssertEqual(try run(["validate", out]).status, 0)
        // The teachers of the instance are busy where FET placed them: more busy periods than before.
        func busy(_ path: String) throws -> Int {
            let o = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            return (o["teachers"] as? [[String: Any]] ?? []).reduce(0) { n, t in
                n + ((t["busy"] as? [String: [Int]]) ?? [:]).values.reduce(0) { $0 + $1.count }
            }
        }
        XCTAssertEqual(try busy(out) - busy(instance), stats["teacherPeriodsAdded"] as? Int)

        let template = dir.appendingPathComponent("template.json").path
        let t = try run(["import-fet", timetable, "--write-mapping-template", template])
        XCTAssertEqual(t.status, 0, t.stderr)
        let skeleton = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: template))) as? [String: Any])
        XCTAssertEqual((skeleton["days"] as? [String: Any])?.count, 5)

        // A misspelt field of the mapping is named, not dropped; nothing is written.
        var bad = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: mapping))) as? [String: Any])
        bad["dayz"] = bad.removeValue(forKey: "days")
        let badMapping = dir.appendingPathComponent("bad-mapping.json")
        try JSONSerialization.data(withJSONObject: bad).write(to: badMapping)
        let out2 = dir.appendingPathComponent("never.json").path
        let m = try run(["import-fet", timetable, "--instance", instance, "--mapping", badMapping.path, "--out", out2])
        assertNamesTheField(m, "dayz: unknown field \"dayz\" (fix: did you mean \"days\"?)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out2))
        // A broken instance is named too.
        assertNamesTheField(try run(["import-fet", timetable, "--instance", try brokenTiny(in: dir), "--mapping", mapping, "--out", out2]),
                            "students[0].grade")
    }

    // MARK: fet-solve

    func testFETSolveWritesATimetableItsCheckAccepts() throws {
        let dir = try folder("fet-solve")
        let school = fet.appendingPathComponent("school.fet").path
        let out = dir.appendingPathComponent("school-solved.fet").path
        let r = try run(["fet-solve", school, "--out", out, "--time-limit", "5", "--json"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let report = try XCTUnwrap(try json(r.stdout) as? [String: Any])
        XCTAssertEqual(report["feasible"] as? Bool, true)
        XCTAssertEqual((report["report"] as? [String: Any])?["hardViolations"] as? Int, 0)
        let solved = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(solved.contains("ConstraintActivityPreferredStartingTime"), "the timetable is written as preferred starting times")
        let check = try run(["fet-solve", out, "--check"])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stderr.contains("feasible — 0 hard violations"), check.stderr)
        // Same seed, same file.
        let again = dir.appendingPathComponent("again.fet").path
        XCTAssertEqual(try run(["fet-solve", school, "--out", again, "--time-limit", "5"]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: again, encoding: .utf8), solved)

        // A duration that is not a number is named with its line; nothing is written.
        let text = try String(contentsOfFile: school, encoding: .utf8)
        let broken = dir.appendingPathComponent("broken.fet")
        let range = try XCTUnwrap(text.range(of: "<Duration>1</Duration>"))
        try text.replacingCharacters(in: range, with: "<Duration>one</Duration>").write(to: broken, atomically: true, encoding: .utf8)
        let out2 = dir.appendingPathComponent("never.fet").path
        assertNamesTheField(try run(["fet-solve", broken.path, "--out", out2]), "Activities_List.Activity[0].Duration (line ")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out2))
        let cut = dir.appendingPathComponent("cut.fet")
        try String(text.prefix(300)).write(to: cut, atomically: true, encoding: .utf8)
        assertNamesTheField(try run(["fet-solve", cut.path, "--out", out2]), "malformed XML")
    }
}
