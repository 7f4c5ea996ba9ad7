/// The change terms of a re-plan (docs/RULES.md, "Change terms"): how far a solution is from the
/// reference (published) solution, measured per person. Computed from the two resolved solutions
/// alone. O(requests + sections × meetings + teachers × slots + legs).
extension Checker.Evaluation {
    func changeValues(against reference: IndexedSolution) -> [SoftTerm: Double] {
        typealias Section = IndexedSolution.Section
        func times(_ s: Section) -> [Int] {
            s.meetings.map { ($0.day * problem.periodCount + $0.period) * 64 + $0.length }.sorted()
        }
        func rooms(_ s: Section) -> [Int] {
            s.meetings.map { (($0.day * problem.periodCount + $0.period) * 64 + $0.length) * (problem.rooms.count + 1) + $0.room }.sorted()
        }
        var moved = 0, changed = 0
        for flat in 0..<solution.requestCount {
            let r = reference.firstAssignment[flat]
            guard r >= 0 else { continue }
            let n = solution.firstAssignment[flat]
            guard n >= 0 else {
                moved += 1
                continue
            }
            let a = reference.sections[reference.assignments[r].section], b = solution.sections[solution.assignments[n].section]
            if a.course != b.course || a.mode != b.mode || a.site != b.site || times(a) != times(b) {
                moved += 1
            } else if a.teacher != b.teacher || rooms(a) != rooms(b) {
                changed += 1
            }
        }

        // Teachers: per slot, the network lesson (course and site) of the first section there.
        let S = problem.slotCount, sites = problem.siteCount
        func teacherSlots(_ sol: IndexedSolution) -> [Int] {
            var at = [Int](repeating: -1, count: problem.teachers.count * S)
            for s in sol.sections {
                for m in s.meetings {
                    for k in 0..<m.length {
                        let i = s.teacher * S + m.day * problem.periodCount + m.period + k
                        if at[i] < 0 { at[i] = s.course * sites + s.site }
                    }
                }
            }
            return at
        }
        let refTeacher = teacherSlots(reference), newTeacher = teacherSlots(solution)
        var teacherPeriods = 0
        for i in refTeacher.indices where refTeacher[i] != newTeacher[i] { teacherPeriods += 1 }

        // Routes: per person and day, the legs (from, to, depart, arrive, bus run).
        struct LegKey: Hashable {
            var from: Int, to: Int, depart: Int, arrive: Int, run: Int
        }
        func routes(_ sol: IndexedSolution) -> [Int: [LegKey]] {
            var out: [Int: [LegKey]] = [:]
            let D = problem.dayCount
            for it in sol.itineraries where !it.legs.isEmpty {
                let key = it.role == .student ? it.person * D + it.day : -(it.person * D + it.day) - 1
                out[key] = it.legs.map { LegKey(from: $0.from, to: $0.to, depart: $0.depart, arrive: $0.arrive, run: $0.busRun ?? -1) }
            }
            return out
        }
        let refRoutes = routes(reference), newRoutes = routes(solution)
        var changedRoutes = 0
        for key in Set(refRoutes.keys).union(newRoutes.keys) where refRoutes[key] != newRoutes[key] { changedRoutes += 1 }
        return [.movedEnrolments: Double(moved), .changedEnrolments: Double(changed),
                .changedTeacherPeriods: Double(teacherPeriods), .changedRoutes: Double(changedRoutes)]
    }
}
