import TimetablingCore
import TimetablingEngines

/// Locks and re-planning in the hybrid engine (docs/REPLAN.md): locked sections are never freed,
/// and each sub-MIP carries the change terms against the published timetable restricted to its
/// students (``MIPModel/addChangeTerms(reference:)``). Every merged timetable is still judged by
/// the checker on the whole problem, locks and change terms included, before it is kept.
extension Neighbourhood {
    /// This neighbourhood without the instance's locked sections (they stay fixed).
    func withoutLocked(_ problem: Problem) -> Neighbourhood {
        guard !problem.locks.sections.isEmpty else { return self }
        var out = self
        out.sections.subtract(problem.locks.sectionIndex.keys)
        return out
    }

}

extension SubProblem {
    /// The reference (published) timetable in the sub-problem's terms: its assignments of the
    /// freed requests renumbered to the sub-requests; sections and itineraries as published (the
    /// change terms skip what the sub-instance does not have: other courses, teachers, people).
    /// Measured on the sub-problem, the change terms differ from the whole problem's by a
    /// constant for the fixed part, so the sub-MIP minimises the same changes.
    func subReference() -> Solution? {
        guard let reference = problem.reference else { return nil }
        var index: [String: Int] = [:]
        for (i, s) in studentOf.enumerated() { index[problem.instance.students[s].id] = i }
        var out = reference
        out.instance = sub.instance.name
        out.assignments = reference.assignments.compactMap { a in
            guard let i = index[a.student], let q = requestOf[i].firstIndex(of: a.request) else { return nil }
            var b = a
            b.request = q
            b.alternative = alternativeOf[i][q].firstIndex(of: a.alternative) ?? 0
            return b
        }
        out.unsatisfied = []
        return out
    }
}
