import Foundation
import Synchronization
import XCTest
import NetworkTimetabling

/// The async calls of the engine contract (`Engine+Async.swift`): a cancelled task gets the
/// engine's best timetable promptly, progress arrives as a stream that ends with the solve and
/// never holds the engine up, a task cancelled before the call gets `CancellationError` and no
/// engine runs, and solves do not occupy the cooperative thread pool.
final class EngineAsyncTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func load(_ name: String) throws -> Problem {
        let loaded = InstanceLoader.load(contentsOf: Self.root.appendingPathComponent("Examples/\(name).json"))
        return try XCTUnwrap(loaded.problem, "\(loaded.diagnostics)")
    }

    /// The checker, not the engine, judges: the solution is usable, and feasible whenever the
    /// engine says so.
    private func assertJudged(_ result: SolveResult, _ problem: Problem, file: StaticString = #filePath, line: UInt = #line) throws {
        let solution = try XCTUnwrap(result.solution, "\(result.status): \(result.message ?? "")", file: file, line: line)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.usable, "\(report.diagnostics)", file: file, line: line)
        if result.status == .feasible || result.status == .optimal {
            XCTAssertTrue(report.feasible, "\(report.violations.prefix(5))", file: file, line: line)
        }
    }

    // MARK: - Cancellation of a real solve

    func testCancellingATenMinuteHeuristicSolveReturnsItsBestTimetableWithinAMinute() async throws {
        let problem = try load("terbuny-network")
        let parameters = SolveParameters(timeLimit: 600, seed: 1)
        let started = Date()
        let task = Task { try await HeuristicEngine().solve(problem, parameters) }
        try await Task.sleep(for: .milliseconds(1500))
        let cancelled = Date()
        task.cancel()
        let result = try await task.value
        let delay = Date().timeIntervalSince(cancelled)
        XCTAssertTrue(parameters.stop.isRaised, "cancelling the task raises the engine's stop flag")
        // A tenth of the limit: generous on a loaded machine and a debug build; the measured
        // delay (release) is in docs/BENCHMARKS.md, "Cancellation latency".
        XCTAssertLessThan(delay, parameters.timeLimit / 10, "returned \(delay) s after the cancel")
        XCTAssertLessThan(Date().timeIntervalSince(started), parameters.timeLimit / 10)
        try assertJudged(result, problem)
    }

    // MARK: - The progress stream

    func testProgressStreamYieldsWhatTheCallbackGetsAndFinishesWithTheSolve() async throws {
        let problem = try load("terbuny-network")
        let parameters = SolveParameters(timeLimit: 60, seed: 3)
        let heard = Mutex<[SolveProgress]>([])
        let direct = GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 3)) { p in heard.withLock { $0.append(p) } }
        let expected = heard.withLock { $0 }
        XCTAssertFalse(expected.isEmpty)

        // A watchdog cancels the task if the stream never ends (the loop would end then).
        let watched = Task {
            var received: [SolveProgress] = []
            let result = try await GreedyEngine().solve(problem, parameters, progressBuffering: .unbounded) { progress in
                for await update in progress { received.append(update) }
            }
            return (result, received, Task.isCancelled)
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            watched.cancel()
        }
        let (result, received, timedOut) = try await watched.value
        watchdog.cancel()
        XCTAssertFalse(timedOut, "the stream did not finish when the solve ended (the watchdog fired)")
        XCTAssertFalse(parameters.stop.isRaised)
        // Same engine, seed and problem: the same updates, in the same order, none lost.
        XCTAssertEqual(received.count, expected.count)
        XCTAssertEqual(received.map(\.incumbent), expected.map(\.incumbent))
        XCTAssertTrue(received.allSatisfy { $0.engine == "greedy" })
        XCTAssertEqual(result.solution, direct.solution, "same seed, same timetable as the synchronous call")
        try assertJudged(result, problem)
    }

    func testAReaderThatIsBehindGetsTheNewestUpdatesAndNeverHoldsTheEngineUp() async throws {
        let problem = try load("tiny")
        let probe = Probe(repeats: 5)
        let result = try await probe.solve(problem, SolveParameters(timeLimit: 30), progressBuffering: .bufferingNewest(4)) { progress in
            // Read nothing until the engine has returned: its updates must not have waited for us.
            while !probe.log.returned.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
            var received: [SolveProgress] = []
            for await update in progress { received.append(update) }
            let sent = probe.log.sent.withLock { $0 }
            XCTAssertGreaterThan(sent.count, 4)
            XCTAssertEqual(received.map(\.elapsed), sent.suffix(4).map(\.elapsed), "the newest four, in order")
            XCTAssertEqual(received.map(\.incumbent), sent.suffix(4).map(\.incumbent))
        }
        try assertJudged(result, problem)
    }

    func testABodyThatReturnsAtOnceStillGetsTheResult() async throws {
        let problem = try load("tiny")
        let result = try await GreedyEngine().solve(problem, SolveParameters(timeLimit: 30)) { _ in }
        try assertJudged(result, problem)
    }

    // MARK: - Cancellation, before and during

    func testATaskCancelledBeforeTheCallGetsCancellationErrorAndNoEngineRuns() async throws {
        let problem = try load("tiny")
        let probe = Probe()
        let plain = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await probe.solve(problem, SolveParameters(timeLimit: 30))
        }
        let observed = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await probe.solve(problem, SolveParameters(timeLimit: 30)) { _ in XCTFail("body ran") }
        }
        for outcome in [await plain.result, await observed.result] {
            guard case .failure(let error) = outcome else { return XCTFail("expected CancellationError, got \(outcome)") }
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        XCTAssertEqual(probe.log.calls.load(ordering: .acquiring), 0, "no engine started")
    }

    func testCancellingDuringTheSolveRaisesTheStopFlagAndEndsTheStream() async throws {
        let problem = try load("tiny")
        let probe = Probe(repeats: 1, patience: 60)
        let parameters = SolveParameters(timeLimit: 600)
        let task = Task {
            var streamEnded = false
            let result = try await probe.solve(problem, parameters) { progress in
                for await _ in progress {}
                streamEnded = true
            }
            return (result, streamEnded)
        }
        while probe.log.calls.load(ordering: .acquiring) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        let cancelled = Date()
        task.cancel()
        let (result, streamEnded) = try await task.value
        XCTAssertLessThan(Date().timeIntervalSince(cancelled), 30, "the probe waits 60 s unless stopped")
        XCTAssertTrue(probe.log.sawStop.load(ordering: .acquiring))
        XCTAssertTrue(streamEnded)
        XCTAssertEqual(result.statistics["stopped"], 1)
        try assertJudged(result, problem)
    }

    // MARK: - Off the cooperative pool

    func testSolvesWaitingInTheirEnginesLeaveTheCooperativePoolFree() async throws {
        let problem = try load("tiny")
        // More blocked solves than the pool has threads (one per core).
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        let probes = (0..<count).map { _ in Probe(repeats: 0, patience: 60) }
        let asked = Date()
        let tasks = probes.map { probe in Task { try await probe.solve(problem, SolveParameters(timeLimit: 600)) } }
        // Every probe starts and another task runs while they all wait; on the pool, the probes
        // would take its threads and the rest would wait for the first to give up (60 s).
        for probe in probes {
            while probe.log.calls.load(ordering: .acquiring) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        let answer = await Task.detached { 6 * 7 }.value
        let waited = Date().timeIntervalSince(asked)
        for task in tasks { task.cancel() }
        for task in tasks { _ = try await task.value }
        XCTAssertEqual(answer, 42)
        XCTAssertLessThan(waited, 20, "a task waited for the blocked solves: they run on the cooperative pool")
        XCTAssertTrue(probes.allSatisfy { !$0.log.onMainThread.load(ordering: .acquiring) })
    }
}

/// An engine for these tests: runs the greedy engine `repeats` times, passing its progress on
/// and recording it, then waits up to `patience` seconds for its stop flag; returns the greedy
/// result and whether it was stopped (`statistics["stopped"]`).
private struct Probe: Engine {
    final class Log: Sendable {
        let calls = Atomic<Int>(0)
        let sawStop = Atomic<Bool>(false)
        let returned = Atomic<Bool>(false)
        let onMainThread = Atomic<Bool>(false)
        let sent = Mutex<[SolveProgress]>([])
    }

    var name: String { "probe" }
    var repeats = 1
    var patience = 0.0
    let log = Log()

    func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        log.calls.add(1, ordering: .releasing)
        log.onMainThread.store(Thread.isMainThread, ordering: .releasing)
        var result = SolveResult(status: .unknown, solution: nil)
        let log = self.log
        for _ in 0..<repeats {
            result = GreedyEngine().solve(problem, parameters: parameters) { update in
                log.sent.withLock { $0.append(update) }
                progress(update)
            }
        }
        let deadline = Date().addingTimeInterval(patience)
        while !parameters.stop.isRaised && Date() < deadline { usleep(2_000) }
        log.sawStop.store(parameters.stop.isRaised, ordering: .releasing)
        result.statistics["stopped"] = parameters.stop.isRaised ? 1 : 0
        log.returned.store(true, ordering: .releasing)
        return result
    }
}
