import Foundation
import NetworkTimetabling

/// The heuristic engine improving the MIP's warm start on a thread of its own while GLPK solves
/// the root LP and searches on another (``MIPEngine`` with `threads` ≥ 2; docs/MIP.md, "Warm
/// start"). On large models GLPK spends most of the time limit on the root LP and rarely finds a
/// better timetable afterwards, so the second core goes to the heuristic instead.
///
/// The improved timetable counts only when the checker finds it feasible, better than the start,
/// and the model has columns for it (``MIPModel/decisions(of:pinned:)``): it is then completed
/// by the same fixed-decision solve as the warm start, so its objective is the model's and GLPK's
/// bound applies to it.
final class StartImprover: @unchecked Sendable {
    /// Raised to end the heuristic early (GLPK proved optimality, or the caller stopped).
    let stop = StopFlag()
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: (values: [Double], objective: Double)?
    private(set) var heuristicObjective: Double?
    private(set) var heuristicSeconds = 0.0
    private(set) var note = ""

    /// Starts the thread: the heuristic from `seed` for `seconds`, then the completion (`complete`,
    /// which returns the model's values and objective, or nil and why not) when its timetable beats
    /// `startObjective` (the checker's objective of the seed).
    init(problem: Problem, seed: Solution, startObjective: Double, seconds: Double, randomSeed: UInt64,
         complete: @escaping @Sendable (Solution) -> (result: (values: [Double], objective: Double)?, why: String)) {
        let stop = self.stop
        let thread = Thread { [self] in
            defer { done.signal() }
            // The lowest scheduling priority (Linux keeps nice values per thread): the heuristic
            // uses only CPU that GLPK's thread leaves, so the root LP and its bound are not delayed
            // on a busy machine.
            #if os(Linux)
            _ = setpriority(__priority_which_t(0), 0, 19)
            #endif
            let began = Date()
            let engine = HeuristicEngine(warmStart: seed)
            let out = engine.solve(problem, parameters: SolveParameters(timeLimit: seconds, seed: randomSeed, threads: 1, stop: stop))
            let spent = Date().timeIntervalSince(began)
            guard let solution = out.solution else {
                record(nil, heuristic: nil, seconds: spent, note: "the heuristic returned no timetable")
                return
            }
            let report = Checker(problem).check(solution)
            guard report.feasible, report.objective < startObjective - 1e-6 else {
                record(nil, heuristic: report.feasible ? report.objective : nil, seconds: spent,
                       note: report.feasible ? "no better than the warm start" : "not feasible")
                return
            }
            guard !stop.isRaised else {
                record(nil, heuristic: report.objective, seconds: spent, note: "stopped")
                return
            }
            let completed = complete(solution)
            record(completed.result, heuristic: report.objective, seconds: spent,
                   note: completed.result == nil ? String(format: "its timetable (%.1f) is not used: ", report.objective) + completed.why : "")
        }
        thread.stackSize = 64 << 20
        thread.start()
    }

    private func record(_ r: (values: [Double], objective: Double)?, heuristic: Double?, seconds: Double, note: String) {
        lock.lock()
        result = r
        heuristicObjective = heuristic
        heuristicSeconds = seconds
        self.note = note
        lock.unlock()
    }

    /// Waits for the thread and returns the completed improved timetable, if any.
    func wait() -> (values: [Double], objective: Double)? {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}

/// Hands a value that is only read to another thread.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
