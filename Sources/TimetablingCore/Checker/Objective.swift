/// The soft terms of RULES.md and the summary, from the judged solution and the measures the
/// rules gathered. Run after every `judge…` method. O(requests + assignments + meetings²/section).
extension Checker.Evaluation {
    func terms() -> [SoftTerm: Term] {
        var value: [SoftTerm: Double] = [:]
        var unmet = 0.0, rank = 0.0
        for (s, student) in problem.students.enumerated() {
            for (r, request) in student.requests.enumerated() {
                let flat = solution.requestBase[s] + r
                let first = solution.firstAssignment[flat]
                if first < 0 {
                    if !request.required { unmet += request.weight }
                } else {
                    rank += request.weight * Double(solution.assignments[first].alternative)
                }
            }
        }
        value[.unmetElective] = unmet
        value[.alternativeRank] = rank
        value[.studentTravelMinutes] = Double(measures.studentTravelMinutes)
        value[.siteChanges] = Double(measures.studentLegs)
        value[.teacherTravelMinutes] = Double(measures.teacherTravelMinutes)
        value[.studentGaps] = Double(measures.studentGaps)
        value[.teacherGaps] = Double(measures.teacherGaps)
        value[.sections] = Double(solution.sections.count)
        value[.teacherPeriods] = Double(solution.sections.reduce(0) { $0 + problem.courses[$1.course].weeklyPeriods })
        value[.vehicleTrips] = Double(measures.vehicleTrips.count)
        value[.onlineEnrolments] = Double(solution.assignments.filter { solution.sections[$0.section].mode == .online }.count)
        var imbalance = 0
        for c in problem.courses.indices {
            let sizes = solution.sectionsByCourse[c].map(solution.size(of:))
            if sizes.count >= 2, let lo = sizes.min(), let hi = sizes.max() { imbalance += hi - lo }
        }
        value[.sizeImbalance] = Double(imbalance)
        var adjacent = 0
        for s in solution.sections {
            for (i, a) in s.meetings.enumerated() {
                for b in s.meetings[(i + 1)...] where abs(a.day - b.day) == 1 { adjacent += 1 }
            }
        }
        value[.consecutiveDays] = Double(adjacent)
        return Checker.Evaluation.terms(value, weights: problem.weights)
    }

    /// Every soft term, keyed by name, with the given values (missing values are 0).
    static func terms(_ value: [SoftTerm: Double], weights: Weights) -> [SoftTerm: Term] {
        var out: [SoftTerm: Term] = [:]
        for t in SoftTerm.allCases { out[t] = Term(value: value[t] ?? 0, weight: t.weight(in: weights)) }
        return out
    }

    func summary() -> CheckReport.Summary {
        var required = 0, requiredMet = 0, elective = 0, electiveMet = 0
        for (s, student) in problem.students.enumerated() {
            for (r, request) in student.requests.enumerated() {
                let met = solution.assignmentCount[solution.requestBase[s] + r] > 0
                if request.required {
                    required += 1
                    if met { requiredMet += 1 }
                } else {
                    elective += 1
                    if met { electiveMet += 1 }
                }
            }
        }
        let online = solution.assignments.filter { solution.sections[$0.section].mode == .online }.count
        return CheckReport.Summary(
            requests: required + elective, satisfiedRequests: requiredMet + electiveMet, requiredRequests: required,
            requiredSatisfied: requiredMet, electiveRequests: elective, electiveSatisfied: electiveMet,
            sections: solution.sections.count, inPersonEnrolments: solution.assignments.count - online, onlineEnrolments: online,
            studentTravelMinutes: measures.studentTravelMinutes, teacherTravelMinutes: measures.teacherTravelMinutes,
            legs: measures.studentLegs + measures.teacherLegs, coverage: Coverage(problem, solution))
    }
}
