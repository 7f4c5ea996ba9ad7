import Foundation

// The async face of the one engine contract. Engines stay synchronous functions that block their
// thread until they return (GLPK even has to create, solve and delete a problem on one OS
// thread), so the async calls below never run an engine on Swift's cooperative thread pool,
// whose few threads (one per core) every task of the program shares: each solve gets a thread of
// its own, and the awaiting task is suspended, not blocked, until the engine returns.
//
// Cancellation maps onto what every engine already honours: the calling task's cancellation
// raises `parameters.stop`, and the engine returns its best solution so far.

extension Engine {
    /// Solves `problem` on a thread of its own and stops when the calling task is cancelled.
    ///
    /// ```swift
    /// let task = Task { try await HeuristicEngine().solve(problem, SolveParameters(timeLimit: 600)) }
    /// try await Task.sleep(for: .seconds(5)); task.cancel()   // or when the user presses Stop
    /// let result = try await task.value                       // the best timetable of those 5 s
    /// ```
    ///
    /// The engine runs through the synchronous ``run(_:parameters:progress:)`` (its ``solve(_:parameters:progress:)``,
    /// then the sections named and the answer offered to `parameters.incumbents`) on a new thread
    /// (not on the cooperative thread pool, which it would otherwise block); the calling task is
    /// suspended until it returns. Same seed and one thread give the same answer as the
    /// synchronous call.
    ///
    /// **Cancellation.** When the calling task is cancelled while the engine runs,
    /// `parameters.stop` is raised (the ``StopFlag`` every engine polls) and the engine returns, as
    /// after a time limit, the best solution it has: the result comes back normally, its status
    /// saying what the engine made of it (the greedy engine stopped mid-construction returns a
    /// partial timetable with status `.unknown`; an engine stopped before it has any timetable
    /// returns none). How soon the engine notices the flag depends on the engine: the greedy
    /// construction and the heuristic search check it between steps (about a millisecond on
    /// Terbuny); GLPK only in its branch-and-cut callback and before it starts, not inside the
    /// simplex of a root LP, and the MIP engine first completes its warm start to return it
    /// (seconds; `docs/BENCHMARKS.md`, "Cancellation latency"). The flag stays raised
    /// afterwards: give each solve a ``StopFlag`` of its own (``SolveParameters`` makes a new one
    /// by default) unless one cancellation should stop several solves.
    ///
    /// - Throws: `CancellationError` only when the task is already cancelled when the call is
    ///   made; then the engine is not started and there is no solution at all. Once the engine
    ///   has started it never throws: cancellation returns the engine's result. (A cancellation
    ///   that races with the call itself, landing after the check but before the engine's first
    ///   step, starts the engine with its flag raised, and it returns as soon as it notices.)
    /// - Parameters:
    ///   - problem: The validated problem (``InstanceLoader`` or `Problem(instance)`).
    ///   - parameters: Time limit, seed, threads, gap and the stop flag that cancellation raises.
    ///     No default, so that `engine.solve(problem)` keeps meaning the synchronous call.
    /// - Returns: The engine's ``SolveResult``; pass its solution through ``Checker``.
    public func solve(_ problem: Problem, _ parameters: SolveParameters) async throws(CancellationError) -> SolveResult {
        if Task.isCancelled { throw CancellationError() }
        return await solveOnOwnThread(problem, parameters, progress: { _ in }, finished: {})
    }

    /// Solves `problem` on a thread of its own, handing its progress to `body` as an
    /// `AsyncStream`, and stops when the calling task is cancelled.
    ///
    /// ```swift
    /// let result = try await engine.solve(problem, SolveParameters(timeLimit: 60)) { progress in
    ///     for await update in progress { print(update) }    // ends when the solve ends
    /// }
    /// ```
    ///
    /// The solve and `body` run side by side: the engine on its own thread, `body` in the
    /// caller's isolation (on the caller's actor, if any). The stream yields every
    /// ``SolveProgress`` the engine reports, in order, and finishes when the engine returns, so a
    /// `for await` loop over it ends by itself. The call returns when both the engine and `body`
    /// have returned: the solve never outlives the call, and there is no handle to forget.
    ///
    /// **Buffering.** The engine never waits for the reader: `progressBuffering` decides what a
    /// slow reader sees. The default, `.bufferingNewest(64)`, keeps the newest 64 updates not yet
    /// read and drops older ones; `.unbounded` keeps all (memory grows with a reader that does not
    /// keep up); `.bufferingOldest(n)` keeps the first n. A `body` that returns before the stream
    /// ends just stops reading: the engine goes on to its time limit, and the call still waits
    /// for its result.
    ///
    /// **Cancellation and errors** are those of ``solve(_:_:)``: `CancellationError` only when
    /// the task is already cancelled when the call is made (then neither the engine nor `body`
    /// runs); otherwise cancellation raises `parameters.stop` and the engine's result comes back.
    /// A `for await` loop in `body` also ends when the task is cancelled (an `AsyncStream` ends
    /// for a cancelled reader), after which the call returns as soon as the engine has stopped.
    ///
    /// - Parameters:
    ///   - problem: The validated problem.
    ///   - parameters: Time limit, seed, threads, gap and the stop flag that cancellation raises.
    ///   - progressBuffering: What the stream keeps for a reader that is behind the engine.
    ///   - isolation: The actor `body` runs on; the caller's, by default.
    ///   - body: Reads the progress stream (or not); runs while the engine solves.
    /// - Returns: The engine's ``SolveResult``; pass its solution through ``Checker``.
    public func solve(
        _ problem: Problem, _ parameters: SolveParameters,
        progressBuffering: AsyncStream<SolveProgress>.Continuation.BufferingPolicy = .bufferingNewest(64),
        isolation: isolated (any Actor)? = #isolation,
        observing body: (AsyncStream<SolveProgress>) async -> Void
    ) async throws(CancellationError) -> SolveResult {
        if Task.isCancelled { throw CancellationError() }
        let (stream, updates) = AsyncStream.makeStream(of: SolveProgress.self, bufferingPolicy: progressBuffering)
        // A child task awaits the engine's thread, so that the engine stops when this task is
        // cancelled (children inherit cancellation), whatever `body` is doing at the time.
        async let result = solveOnOwnThread(problem, parameters, progress: { updates.yield($0) }, finished: { updates.finish() })
        await body(stream)
        return await result
    }

    /// Runs the synchronous ``run(_:parameters:progress:)`` on a new thread, suspending the caller until it returns;
    /// cancellation of the calling task raises `parameters.stop`. `finished` runs on that thread
    /// after the engine returns and before the caller resumes.
    private func solveOnOwnThread(
        _ problem: Problem, _ parameters: SolveParameters,
        progress: @escaping @Sendable (SolveProgress) -> Void, finished: @escaping @Sendable () -> Void
    ) async -> SolveResult {
        let stop = parameters.stop
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SolveResult, Never>) in
                let thread = Thread {
                    let result = self.run(problem, parameters: parameters, progress: progress)
                    finished()
                    continuation.resume(returning: result)
                }
                thread.name = "solve: \(name)"
                // Engines are written and run on a main thread (8 MiB of stack on Linux and
                // macOS), and macOS gives a secondary thread only 512 KiB: give this one as much
                // as GLPK's own threads get. Address space only, until used.
                thread.stackSize = 64 << 20
                thread.start()
            }
        } onCancel: {
            stop.raise()
        }
    }
}
