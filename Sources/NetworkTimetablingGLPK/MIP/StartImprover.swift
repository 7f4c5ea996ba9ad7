import Foundation
import TimetablingCore
import TimetablingEngines

/// The second thread of ``MIPEngine`` (`threads` ≥ 2; docs/MIP.md, "Second thread"): it completes
/// the warm start while GLPK already solves the root LP, then improves it with the heuristic
/// engine while GLPK solves and searches. On large models GLPK spends most of the time limit on
/// the root LP and rarely finds a better timetable afterwards, so the second core goes to the
/// completion and the heuristic instead.
///
/// Each timetable is completed by the fixed-decision solve of the warm start (`complete`), so its
/// objective is the model's and GLPK's bound applies to it, and published to GLPK through the
/// ``SolutionFeed``. The improved timetable counts only when the checker finds it feasible,
/// better than the start, and the model has columns for it (``MIPModel/decisions(of:pinned:)``).
final class StartImprover: @unchecked Sendable {
    typealias Completed = (values: [Double], objective: Double)
    /// Raised to end the heuristic early (GLPK proved optimality, or the caller stopped).
    let stop = StopFlag()
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var completedStart: Completed?
    private var startReady: Date?
    private var result: Completed?
    private(set) var heuristicObjective: Double?
    private(set) var heuristicSeconds = 0.0
    private(set) var budget: Double?
    private(set) var note = ""

    /// Starts the thread: completes `seed` (`complete` returns the model's values and objective,
    /// or nil and why not) and publishes it to `feed`; then runs the heuristic from `seed` until
    /// `deadline` less 1.5 × the completion's time + 1 s (when at least 2 s are left), completes
    /// its timetable when it beats the seed's checker objective, and publishes that too.
    /// `announce` reports each completed timetable's objective.
    init(problem: Problem, seed: Solution, deadline: Date, randomSeed: UInt64, feed: SolutionFeed,
         complete: @escaping @Sendable (Solution) -> (result: Completed?, why: String),
         announce: @escaping @Sendable (_ objective: Double, _ improved: Bool) -> Void) {
        let stop = self.stop
        let thread = Thread { [self] in
            defer { done.signal() }
            let began = Date()
            let first = complete(seed)
            let completion = Date().timeIntervalSince(began)
            guard let start = first.result else {
                record(note: "the warm start was not completed: " + first.why)
                return
            }
            lock.lock()
            completedStart = start
            startReady = Date()
            lock.unlock()
            feed.publish(start.values, objective: start.objective)
            announce(start.objective, false)
            // The lowest scheduling priority from here on (Linux keeps nice values per thread): the
            // heuristic uses only CPU that GLPK's thread leaves, so the root LP and its bound are
            // not delayed on a busy machine.
            #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            #endif
            let seconds = deadline.timeIntervalSinceNow - (1.5 * completion + 1)
            guard seconds >= 2, !stop.isRaised else {
                record(note: "no time left for the heuristic")
                return
            }
            lock.lock()
            budget = seconds
            lock.unlock()
            let startObjective = Checker(problem).check(seed).objective
            let heuristicBegan = Date()
            let out = HeuristicEngine()
                .run(problem, parameters: SolveParameters(timeLimit: seconds, seed: randomSeed, threads: 1, stop: stop, hint: seed))
            let spent = Date().timeIntervalSince(heuristicBegan)
            guard let solution = out.solution else {
                record(heuristic: nil, seconds: spent, note: "the heuristic returned no timetable")
                return
            }
            let report = Checker(problem).check(solution)
            guard report.feasible, report.objective < startObjective - 1e-6 else {
                record(heuristic: report.feasible ? report.objective : nil, seconds: spent,
                       note: report.feasible ? "no better than the warm start" : "not feasible")
                return
            }
            guard !stop.isRaised else {
                record(heuristic: report.objective, seconds: spent, note: "stopped")
                return
            }
            let completed = complete(solution)
            if let better = completed.result {
                feed.publish(better.values, objective: better.objective)
                announce(better.objective, true)
            }
            record(completed.result, heuristic: report.objective, seconds: spent,
                   note: completed.result == nil ? String(format: "its timetable (%.1f) is not used: ", report.objective) + completed.why : "")
        }
        thread.stackSize = 64 << 20
        thread.start()
    }

    private func record(_ r: Completed? = nil, heuristic: Double? = nil, seconds: Double = 0, note: String) {
        lock.lock()
        result = r
        heuristicObjective = heuristic
        heuristicSeconds = seconds
        self.note = note
        lock.unlock()
    }

    /// Waits for the thread; returns the completed warm start (and when it was ready) and the
    /// completed improved timetable, if any.
    func wait() -> (start: Completed?, ready: Date?, improved: Completed?) {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return (completedStart, startReady, result)
    }
}

/// Hands a value that is only read to another thread.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
