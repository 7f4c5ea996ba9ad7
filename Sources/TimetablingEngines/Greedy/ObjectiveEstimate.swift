import TimetablingCore
/// The construction's own estimate of the objective of `docs/RULES.md` (the checker's value is
/// the one reported); used to keep the best of several passes.
extension GreedyConstruction {
    /// Required requests left unplaced.
    var requiredUnmet: Int {
        var n = 0
        for q in 0..<state.requestCount where state.requestSection[q] < 0 && state.request(q).required { n += 1 }
        return n
    }

    /// Σ weight × value over the soft terms. O(requests + people × days × periods).
    func objectiveEstimate() -> Double {
        let w = weights
        var total = 0.0
        for q in 0..<state.requestCount {
            let r = state.request(q)
            if state.requestSection[q] < 0 {
                if !r.required { total += r.weight * w.unmetElective }
            } else {
                total += r.weight * Double(state.requestAlternative[q]) * w.alternativeRank
                if state.sections[state.requestSection[q]].mode == .online { total += w.online }
            }
        }
        var sizes = [(min: Int, max: Int, count: Int)](repeating: (Int.max, 0, 0), count: problem.courses.count)
        for sec in state.sections where sec.isOpen {
            total += w.section + Double(problem.courses[sec.course].weeklyPeriods) * w.teacherPeriod
            let n = sec.members.count
            sizes[sec.course] = (min(sizes[sec.course].min, n), max(sizes[sec.course].max, n), sizes[sec.course].count + 1)
            for a in sec.meetings {
                for b in sec.meetings where b.day == a.day + 1 { total += w.consecutiveDays }
            }
        }
        for s in sizes where s.count >= 2 { total += Double(s.max - s.min) * w.sizeImbalance }

        var trips = Set<Int>()
        let n = problem.siteCount
        for s in 0..<problem.students.count {
            for d in 0..<state.dayCount {
                total += Double(gapsOf(state.studentSite, row: s * state.slotCount + d * state.periodCount)) * w.studentGap
                guard let legs = state.studentDayLegs(s, day: d) else { continue }
                for l in legs {
                    total += Double(l.minutes) * w.studentTravelMinute + w.siteChange
                    let key = l.run >= 0 ? -(Int(l.run) * state.dayCount + d) - 1
                        : ((d * n + Int(l.from)) * n + Int(l.to)) * 1440 + Int(l.depart)
                    trips.insert(key)
                }
            }
        }
        total += Double(trips.count) * w.vehicleTrip
        for t in 0..<problem.teachers.count {
            for d in 0..<state.dayCount {
                total += Double(gapsOf(state.teacherSite, row: t * state.slotCount + d * state.periodCount)) * w.teacherGap
                for l in state.teacherDayLegs(t, day: d) ?? [] { total += Double(l.minutes) * w.teacherTravelMinute }
            }
        }
        return total
    }

    private func gapsOf(_ sites: [Int32], row: Int) -> Int {
        var lo = -1, hi = -1, busy = 0
        for p in 0..<state.periodCount where sites[row + p] >= 0 {
            if lo < 0 { lo = p }
            hi = p
            busy += 1
        }
        return lo < 0 ? 0 : hi - lo + 1 - busy
    }
}
