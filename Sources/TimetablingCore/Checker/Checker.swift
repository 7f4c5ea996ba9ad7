/// The one evaluator of solutions: decides whether a ``Solution`` breaks a hard rule of
/// `docs/RULES.md` and computes every soft term of the objective.
///
/// Written from RULES.md alone, sharing no code with any engine, so that an engine never grades
/// its own homework: every engine's result passes through it, tests assert with it, and the
/// CLI's `check` command prints its report.
///
/// ```swift
/// let report = Checker(problem).check(solution)
/// print(report.feasible, report.objective)
/// for v in report.violations { print(v) }      // "student-clash: student s3 has 2 network lessons…"
/// ```
///
/// A check first resolves every id of the solution; if any does not resolve the report is
/// unusable (`usable == false`) and lists where, and no rule is judged. Otherwise every rule is
/// judged and every violation is reported, not only the first.
///
/// Complexity: O(S + P·slots + R·slots + L·stops + V log V) for a solution of size S, P people,
/// R rooms, L legs and V violations; memory beyond the report is O(R·slots + requests).
public struct Checker: Sendable {
    public let problem: Problem

    public init(_ problem: Problem) {
        self.problem = problem
    }

    public func check(_ solution: Solution) -> CheckReport {
        let (resolved, diagnostics) = IndexedSolution.resolve(solution, in: problem)
        guard let resolved else {
            return CheckReport(usable: false, diagnostics: diagnostics, violations: [],
                               terms: Evaluation.terms([:], weights: problem.weights), summary: requestTotals())
        }
        var e = Evaluation(problem: problem, solution: resolved)
        e.judgeSections()
        e.judgeRoomUse()
        e.judgeRequests()
        e.judgeStudents()
        e.judgeTeachers()
        e.judgeLegs()
        e.judgeLocks()
        var terms = e.terms()
        if let reference = problem.reference, let resolvedReference = IndexedSolution.resolve(reference, in: problem).0 {
            for (term, value) in e.changeValues(against: resolvedReference) {
                terms[term] = Term(value: value, weight: term.weight(in: problem.weights))
            }
        }
        return CheckReport(usable: true, diagnostics: diagnostics, violations: e.found.sorted(), terms: terms,
                           summary: e.summary())
    }

    /// The summary of a solution that could not be read: only the instance's request counts.
    private func requestTotals() -> CheckReport.Summary {
        let requests = problem.students.flatMap(\.requests)
        let required = requests.filter(\.required).count
        return CheckReport.Summary(requests: requests.count, requiredRequests: required, electiveRequests: requests.count - required)
    }
}
