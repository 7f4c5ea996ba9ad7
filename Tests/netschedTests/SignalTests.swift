import Foundation
import XCTest

/// SIGTERM (what `kill`, `timeout`, systemd and batch schedulers send) stops a solve as Ctrl-C does:
/// the best solution so far is written and passes the checker.
final class SignalTests: XCTestCase {
    /// Collects a pipe's output as it arrives.
    private final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }

    func testSIGTERMWritesTheBestSolutionOfARunningHeuristicSolve() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-signal-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("terbuny-sigterm.json").path
        try? FileManager.default.removeItem(atPath: out)
        let instance = CommandLineTests.root.appendingPathComponent("Examples/terbuny-network.json").path

        let process = Process()
        process.executableURL = CommandLineTests.productsDirectory.appendingPathComponent("netsched")
        process.arguments = ["solve", instance, "--out", out, "--engine", "heuristic", "--time-limit", "300", "--progress", "json"]
        let stderr = Pipe(), stdout = Pipe()
        process.standardError = stderr
        process.standardOutput = stdout
        let errors = Collector(), output = Collector()
        stderr.fileHandleForReading.readabilityHandler = { errors.append($0.availableData) }
        stdout.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Wait until the search has an incumbent, then terminate it.
        let started = Date()
        while !errors.text.contains("\"phase\":\"search\"") {
            guard process.isRunning, Date().timeIntervalSince(started) < 240 else {
                return XCTFail("no search phase reported: \(errors.text.suffix(2000))")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertEqual(kill(process.processIdentifier, SIGTERM), 0)
        let terminated = Date()
        while process.isRunning && Date().timeIntervalSince(terminated) < 120 { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertFalse(process.isRunning, "the solve did not stop within 120 s of SIGTERM")
        process.waitUntilExit()
        stderr.fileHandleForReading.readabilityHandler = nil
        stdout.fileHandleForReading.readabilityHandler = nil

        XCTAssertEqual(process.terminationReason, .exit, "netsched was killed by the signal instead of stopping")
        XCTAssertEqual(process.terminationStatus, 0, output.text + errors.text.suffix(2000))
        XCTAssertTrue(errors.text.contains("terminated (SIGTERM): stopping the search and writing the best solution so far"),
                      String(errors.text.suffix(2000)))
        XCTAssertTrue(output.text.contains("solution written to \(out)"), output.text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out))
        let check = try CommandLineTests.run(["check", instance, out])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("feasible"), check.stdout)
    }
}
