import Foundation
import TimetablingCore

/// The constructive baseline engine: every later engine must beat it.
///
/// Requests are taken in priority order (required first, then by weight, then by student and
/// request order). Each is granted by its first alternative, in rank order, that can either join
/// an open section of the course (the cheapest in travel and gaps, preferring sections still short
/// of their minimum size) or open a new one. A new section's mode and site follow the student
/// (in person nearest home, then online); its teacher and meeting times are chosen meeting by
/// meeting so that as many students still waiting for the course as possible are free, provided
/// the student, the teacher and a room are free and both people can still travel their day. A
/// section that could not gather the course's minimum even optimistically is not opened.
///
/// After the pass, unplaced requests may join sections opened after them; sections still below
/// their minimum size are closed and their students (and every unplaced required request)
/// retried, for a few rounds. A required request still unplaced may then take the periods of the
/// student's own other lessons, which move to other sections or, if elective, give way. The
/// whole construction is then repeated a few times with the requests it could not place moved
/// forward among their kind ("squeaky wheel", Joslin and Clements, JAIR 1999), keeping the best
/// result: fewest required requests unmet, then the lowest estimated objective.
///
/// Feasibility is tested with the same day planner that writes the itineraries, so every returned
/// solution meets the hard rules of `docs/RULES.md`; requests it cannot grant are listed in
/// `Solution.unsatisfied` with the reason of each alternative. The seed only breaks ties between
/// equally good times; the same seed gives the same solution unless the time limit cuts the
/// passes short.
///
/// ```swift
/// let result = GreedyEngine().run(problem, parameters: SolveParameters(seed: 7))
/// print(result.status, result.solution!.unsatisfied.count)
/// ```
///
/// Teachers without a trip limit of their own are not sent on single trips over two hours.
///
/// Complexity: one pass is about O(requests × (sections of the course + teachers tried × slots ×
/// waiting students)): a fraction of a second for a district of 800 students, about 15 s of CPU
/// for 25,000 (release build).
public struct GreedyEngine: Engine {
    /// Most constructions in one solve.
    public var maxPasses: Int
    /// Seconds since the start by which further passes must be expected to end (nil: the time
    /// limit). The first pass always runs; a caller that improves the construction afterwards
    /// (the heuristic engine) gives a short budget so that large instances get one pass.
    public var passBudget: Double?

    public init(maxPasses: Int = 8, passBudget: Double? = nil) {
        self.maxPasses = max(maxPasses, 1)
        self.passBudget = passBudget
    }

    public var name: String { "greedy" }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let started = Date()
        var boost = [Int32](repeating: 0, count: problem.students.reduce(0) { $0 + $1.requests.count })
        var best: (construction: GreedyConstruction, unmet: Int, objective: Double)?
        var passes = 0, sincePassImproved = 0
        var firstPassSeconds = 0.0
        let budget = min(parameters.timeLimit, passBudget ?? .infinity)
        for pass in 0..<maxPasses {
            // Start another pass only when one more is likely to finish within the budget.
            let elapsed = Date().timeIntervalSince(started)
            if pass > 0 && (parameters.stop.isRaised || elapsed + firstPassSeconds * 1.2 > budget) { break }
            let construction = GreedyConstruction(problem: problem, parameters: parameters, boost: boost, pass: pass,
                                                  started: started, progress: progress)
            construction.run()
            passes += 1
            if pass == 0 { firstPassSeconds = Date().timeIntervalSince(started) }
            if construction.stopped && best != nil { break }
            let unmet = construction.requiredUnmet
            let objective = construction.objectiveEstimate()
            if best.map({ unmet < $0.unmet || (unmet == $0.unmet && objective < $0.objective - 1e-9) }) ?? true {
                best = (construction, unmet, objective)
                sincePassImproved = 0
            } else {
                sincePassImproved += 1
            }
            progress(SolveProgress(engine: name, elapsed: Date().timeIntervalSince(started), phase: .construct,
                                   incumbent: best?.objective, requiredUnmet: best?.unmet,
                              message: "pass \(pass + 1): \(construction.placedCount) placed, \(unmet) required unmet, "
                                  + "estimate \(String(format: "%.1f", objective))"))
            if construction.stopped || sincePassImproved >= 2 || construction.placedCount == boost.count { break }
            // Squeaky wheel: what this pass left unplaced goes earlier next time.
            for q in 0..<boost.count where construction.state.requestSection[q] < 0 { boost[q] += 1 }
        }

        let chosen = best!.construction
        chosen.markUnattempted()
        // Locked sections and continuing published ones get their ids from `Engine.run`.
        let solution = chosen.solution()
        let requiredUnmet = solution.unsatisfied.filter(\.required).count
        var statistics: [String: Double] = [
            "seconds": Date().timeIntervalSince(started),
            "passes": Double(passes),
            "bestPass": Double(chosen.pass + 1),
            "sections": Double(solution.sections.count),
            "assignments": Double(solution.assignments.count),
            "unsatisfied": Double(solution.unsatisfied.count),
            "requiredUnsatisfied": Double(requiredUnmet),
            "closedSections": Double(chosen.closedSections),
            "rounds": Double(chosen.rounds),
            "itineraries": Double(solution.itineraries.count),
        ]
        statistics["stopped"] = chosen.stopped ? 1 : 0
        var message = "\(solution.assignments.count) of \(chosen.state.requestCount) requests granted in "
            + "\(solution.sections.count) sections (best of \(passes) pass\(passes == 1 ? "" : "es"))"
        if requiredUnmet > 0 { message += "; \(requiredUnmet) required request(s) unmet" }
        if chosen.stopped { message += "; stopped early (time limit or stop request)" }
        return SolveResult(status: requiredUnmet == 0 && !chosen.stopped ? .feasible : .unknown, solution: solution,
                           objective: best!.objective, statistics: statistics, message: message)
    }
}
