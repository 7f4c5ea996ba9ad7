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
        e.judgeGroups()
        e.judgeStudents()
        e.judgeTeachers()
        e.judgeLegs()
        e.judgeGroupTrips()
        e.judgeLocks()
        var terms = e.terms()
        if let reference = problem.reference, let resolvedReference = IndexedSolution.resolve(reference, in: problem).0 {
            for (term, value) in e.changeValues(against: resolvedReference) {
                terms[term] = Term(value: value, weight: term.weight(in: problem.weights))
            }
        }
        var report = CheckReport(usable: true, diagnostics: diagnostics, violations: e.found.sorted(), terms: terms,
                                 summary: e.summary())
        judgeBound(solution.bound, in: &report)
        return report
    }

    /// The solution's lower bound against its objective: the gap, and an error when a feasible
    /// timetable costs less than the bound claims any can (the bound is then wrong).
    private func judgeBound(_ bound: Double?, in report: inout CheckReport) {
        guard let bound, bound.isFinite else { return }
        report.bound = bound
        guard report.feasible else { return }
        let b = LowerBound(value: bound, method: "", seconds: 0)
        report.gap = b.gap(to: report.objective)
        if b.exceeds(report.objective) {
            report.diagnostics.append(Diagnostic(
                .error, "bound",
                String(format: "the lower bound %.4f is above the objective %.4f of this feasible timetable: the bound is not valid", bound, report.objective),
                fix: "report it as a defect of the engine that wrote the bound; remove \"bound\" from the file to check the timetable alone"))
        }
    }

    /// The summary of a solution that could not be read: only the instance's request counts.
    private func requestTotals() -> CheckReport.Summary {
        let requests = problem.students.flatMap(\.requests)
        let required = requests.filter(\.required).count
        return CheckReport.Summary(requests: requests.count, requiredRequests: required, electiveRequests: requests.count - required)
    }
}
