import Foundation
import XCTest

/// `netsched bench` and external engines (`netsched-engine-NAME` on PATH), run as a user runs them.
final class BenchCommandTests: XCTestCase {
    static let root = CommandLineTests.root

    func run(_ arguments: [String], path extra: String? = nil) throws -> CommandLineTests.Run {
        try CommandLineTests.run(arguments, path: extra)
    }

    func temporaryDirectory(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-bench-tests-\(getpid())/\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An external engine that records its arguments, prints a progress line and finds nothing.
    func fakeEngine(in dir: URL) throws -> URL {
        let script = dir.appendingPathComponent("netsched-engine-fake-strategy")
        let record = dir.appendingPathComponent("arguments.txt").path
        try """
            #!/bin/sh
            printf '%s\\n' "$@" > '\(record)'
            echo '[fake-strategy    0.01s] done nothing found' >&2
            exit 3

            """.write(to: script, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(script.path, 0o755), 0)
        return dir.appendingPathComponent("arguments.txt")
    }

    /// The fields of one CSV line (quoted fields may hold commas and doubled quotes).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }

    func testAnExternalEngineIsListedAndRunByName() throws {
        let dir = try temporaryDirectory("external")
        let record = try fakeEngine(in: dir)
        let engines = try run(["engines"], path: dir.path)
        XCTAssertEqual(engines.status, 0, engines.stderr)
        XCTAssertTrue(engines.stdout.split(separator: "\n").contains("fake-strategy"), engines.stdout)
        XCTAssertTrue(engines.stdout.split(separator: "\n").contains("heuristic"), engines.stdout)
        XCTAssertFalse(try run(["engines"]).stdout.contains("fake-strategy"), "only when it is on PATH")

        let tiny = Self.root.appendingPathComponent("Examples/tiny.json").path
        let out = dir.appendingPathComponent("solution.json").path
        let solve = try run(["solve", tiny, "--out", out, "--engine", "fake-strategy", "--time-limit", "7", "--seed", "5"], path: dir.path)
        XCTAssertEqual(solve.status, 3, "the external program's exit code is netsched's: \(solve.stderr)")
        XCTAssertTrue(solve.stderr.contains("[fake-strategy"), solve.stderr)
        let arguments = try String(contentsOf: record, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(arguments, [tiny, "--out", out, "--engine", "fake-strategy", "--time-limit", "7.0", "--seed", "5"])
    }

    func testBenchRecordsCheckedRunsAndFailures() throws {
        let dir = try temporaryDirectory("bench")
        _ = try fakeEngine(in: dir)
        let results = dir.appendingPathComponent("runs").path
        let bench = try run(["bench", "--engines", "greedy,heuristic,fake-strategy", "--instances", "Examples/tiny.json",
                             "--time-limit", "1", "--grace", "5", "--results", results], path: dir.path)
        XCTAssertEqual(bench.status, 1, "the fake engine's run is a failure: \(bench.stderr)")
        let csvPath = dir.appendingPathComponent("results.csv").path
        let merge = try run(["bench", "--merge", results, "--out", csvPath])
        XCTAssertEqual(merge.status, 0, merge.stderr)

        let lines = try String(contentsOfFile: csvPath, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        func column(_ name: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: name), "column \(name)") }
        let (engine, outcome, violations) = (try column("engine"), try column("outcome"), try column("violations"))
        let (wall, firstFeasible, solutionEngine) = (try column("wall_s"), try column("first_feasible_s"), try column("solution_engine"))
        var seen: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let fields = Self.csvFields(line)
            XCTAssertEqual(fields.count, header.count, line)
            guard fields.count == header.count else { continue }
            seen[fields[engine]] = fields
        }
        XCTAssertEqual(Set(seen.keys), ["greedy", "heuristic", "fake-strategy"])
        XCTAssertEqual(seen["fake-strategy"]?[outcome], "no-solution")
        for name in ["greedy", "heuristic"] {
            let f = try XCTUnwrap(seen[name])
            XCTAssertEqual(f[solutionEngine], name)
            // The checker's verdict decides: a feasible run has a first feasible time within its wall
            // time, a run with violations is a failure and has none.
            if f[outcome] == "ok" {
                XCTAssertEqual(f[violations], "0")
                let first = try XCTUnwrap(Double(f[firstFeasible])), total = try XCTUnwrap(Double(f[wall]))
                XCTAssertLessThanOrEqual(first, total)
            } else {
                XCTAssertEqual(f[outcome], "infeasible", "\(name): \(f)")
                XCTAssertGreaterThan(Int(f[violations]) ?? 0, 0)
                XCTAssertEqual(f[firstFeasible], "")
            }
        }
    }
}
