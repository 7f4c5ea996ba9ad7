import Foundation

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
/// After the pass, sections below their minimum size are closed and their students retried, for a
/// few rounds; a last pass only joins open sections. Feasibility is tested with the same day
/// planner that writes the itineraries, so every returned solution meets the hard rules of
/// `docs/RULES.md`; requests it cannot grant are listed in `Solution.unsatisfied` with the reason
/// of each alternative. The seed only breaks ties between equally good times.
///
/// ```swift
/// let result = GreedyEngine().solve(problem, parameters: SolveParameters(seed: 7))
/// print(result.status, result.solution!.unsatisfied.count)
/// ```
///
/// Complexity: about O(requests × (sections of the course + teachers tried × slots × waiting
/// students)); seconds for a district of 800 students.
public struct GreedyEngine: Engine {
    public init() {}

    public var name: String { "greedy" }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (Progress) -> Void) -> SolveResult {
        let construction = GreedyConstruction(problem: problem, parameters: parameters, progress: progress)
        construction.run()
        construction.markUnattempted()
        let solution = construction.solution()

        let requiredUnmet = solution.unsatisfied.filter(\.required).count
        var statistics: [String: Double] = [
            "seconds": construction.elapsed,
            "sections": Double(solution.sections.count),
            "assignments": Double(solution.assignments.count),
            "unsatisfied": Double(solution.unsatisfied.count),
            "requiredUnsatisfied": Double(requiredUnmet),
            "closedSections": Double(construction.closedSections),
            "rounds": Double(construction.rounds),
            "itineraries": Double(solution.itineraries.count),
        ]
        statistics["stopped"] = construction.stopped ? 1 : 0
        var message = "\(solution.assignments.count) of \(construction.state.requestCount) requests granted in "
            + "\(solution.sections.count) sections"
        if requiredUnmet > 0 { message += "; \(requiredUnmet) required request(s) unmet" }
        if construction.stopped { message += "; stopped early (time limit or stop request)" }
        return SolveResult(status: requiredUnmet == 0 && !construction.stopped ? .feasible : .unknown, solution: solution,
                           objective: nil, statistics: statistics, message: message)
    }
}
