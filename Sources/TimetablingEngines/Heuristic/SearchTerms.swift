import TimetablingCore
/// The value of every soft term of `docs/RULES.md` for a search state, plus the two hard-rule
/// counts the search lets go below zero cost only through penalties: required requests left
/// unmet and students missing from sections' minimum sizes.
///
/// Integer terms are kept as integers so that incremental updates are exact; the two terms
/// weighted by request weights are sums of the instance's `Double` weights.
struct SearchTerms: Equatable, Sendable {
    var unmetElective = 0.0
    var alternativeRank = 0.0
    var studentTravelMinutes = 0
    var siteChanges = 0
    var teacherTravelMinutes = 0
    var studentGaps = 0
    var teacherGaps = 0
    var sections = 0
    var teacherPeriods = 0
    var vehicleTrips = 0
    var onlineEnrolments = 0
    var sizeImbalance = 0
    var consecutiveDays = 0
    /// Required requests without an assignment (hard rule `required-request`).
    var requiredUnmet = 0
    /// Σ over open sections of (minimum size − size) where positive (hard rule `section-size`).
    var deficit = 0
    /// Re-planning: the change terms against the reference solution (see ``ReplanLedger``).
    var movedEnrolments = 0
    var changedEnrolments = 0
    var changedTeacherPeriods = 0
    var changedRoutes = 0
    /// Locks of the instance not kept (hard rule `lock`).
    var lockBroken = 0

    /// Σ weight × value over the soft terms: the checker's objective.
    func objective(_ w: Weights) -> Double {
        var total = w.unmetElective * unmetElective
        total += w.alternativeRank * alternativeRank
        total += w.studentTravelMinute * Double(studentTravelMinutes)
        total += w.siteChange * Double(siteChanges)
        total += w.teacherTravelMinute * Double(teacherTravelMinutes)
        total += w.studentGap * Double(studentGaps)
        total += w.teacherGap * Double(teacherGaps)
        total += w.section * Double(sections)
        total += w.teacherPeriod * Double(teacherPeriods)
        total += w.vehicleTrip * Double(vehicleTrips)
        total += w.online * Double(onlineEnrolments)
        total += w.sizeImbalance * Double(sizeImbalance)
        total += w.consecutiveDays * Double(consecutiveDays)
        total += w.movedEnrolment * Double(movedEnrolments) + w.changedEnrolment * Double(changedEnrolments)
        total += w.changedTeacherPeriod * Double(changedTeacherPeriods) + w.changedRoute * Double(changedRoutes)
        return total
    }

    /// The objective plus the penalties of the hard-rule counts: what the search minimises.
    func cost(_ m: SearchModel) -> Double {
        objective(m.weights) + m.requiredPenalty * Double(requiredUnmet) + m.deficitPenalty * Double(deficit)
            + m.lockPenalty * Double(lockBroken)
    }

    /// Equal up to rounding in the two sums of `Double` request weights.
    func matches(_ o: SearchTerms) -> Bool {
        var a = self, b = o
        guard abs(a.unmetElective - b.unmetElective) <= 1e-6 * max(1, abs(a.unmetElective)),
              abs(a.alternativeRank - b.alternativeRank) <= 1e-6 * max(1, abs(a.alternativeRank))
        else { return false }
        a.unmetElective = 0; a.alternativeRank = 0
        b.unmetElective = 0; b.alternativeRank = 0
        return a == b
    }

    /// Every soft term by its `docs/RULES.md` name, as the checker reports values.
    var values: [String: Double] {
        [
            "unmetElective": unmetElective, "alternativeRank": alternativeRank,
            "studentTravelMinutes": Double(studentTravelMinutes), "siteChanges": Double(siteChanges),
            "teacherTravelMinutes": Double(teacherTravelMinutes), "studentGaps": Double(studentGaps),
            "teacherGaps": Double(teacherGaps), "sections": Double(sections), "teacherPeriods": Double(teacherPeriods),
            "vehicleTrips": Double(vehicleTrips), "onlineEnrolments": Double(onlineEnrolments),
            "sizeImbalance": Double(sizeImbalance), "consecutiveDays": Double(consecutiveDays),
            "movedEnrolments": Double(movedEnrolments), "changedEnrolments": Double(changedEnrolments),
            "changedTeacherPeriods": Double(changedTeacherPeriods), "changedRoutes": Double(changedRoutes),
        ]
    }
}
