/// Large-neighbourhood search by ruin and recreate (Shaw, CP 1998; Schrimpf et al., "Record
/// breaking optimization results using the ruin and recreate principle", J. Comput. Phys. 2000),
/// with simulated-annealing acceptance (Ropke and Pisinger, Transp. Sci. 2006).
///
/// Each iteration removes a related part of the timetable and rebuilds it greedily:
///
/// - **around an unmet request** (most often a required one): the student's lessons that clash
///   with a section of a course the request asks for, and a member of that section when it is
///   full, are taken out, so that the request can join; or that section is dissolved, so that a
///   better-timed one can be opened for everyone who wants the course;
/// - **sections**: one open section (sometimes two of a course or a teacher) is dissolved;
/// - **students**: several students sharing a section lose all their assignments.
///
/// The freed requests, with unmet requests of the courses touched, are re-inserted most important
/// first (required, heavier), each by its cheapest join of an open section or by a new section
/// filled with other waiting students (``SearchRun/recreate(_:allowOpening:)``). Sections left
/// below their minimum are closed and their students re-inserted. The rebuilt timetable is kept
/// by the Metropolis rule on the penalised cost.
extension SearchRun {
    func lnsIteration() {
        let before = state.cost
        let mark = state.checkpoint()
        var pool: [Int32] = []
        let r = rng.unit()
        if r < 0.5 {
            ruinAroundUnmetRequest(&pool)
        } else if r < 0.8 {
            ruinSections(&pool)
        } else {
            ruinStudents(&pool)
        }
        state.settleRepairing(pool: &pool)
        recreate(pool)
        conclude(from: mark, before: before)
    }

    /// An unmet request, required ones three times in four when there are any; else nil.
    func pickUnmetRequest() -> Int? {
        let required = state.unmetRequired, elective = state.unmetElective
        if !required.isEmpty && (elective.isEmpty || rng.chance(0.75)) {
            return Int(required.items[rng.below(required.count)])
        }
        if !elective.isEmpty { return Int(elective.items[rng.below(elective.count)]) }
        return nil
    }

    /// Up to `limit` unmet requests of course `c`, into `pool`.
    func addUnmetRequests(ofCourse c: Int, limit: Int, to pool: inout [Int32]) {
        var n = 0
        for (q, _) in m.courseInterest[c] where state.reqSection[Int(q)] < 0 {
            pool.append(q)
            n += 1
            if n >= limit { break }
        }
    }

    private func ruinAroundUnmetRequest(_ pool: inout [Int32]) {
        guard let q = pickUnmetRequest() else {
            ruinSections(&pool)
            return
        }
        pool.append(Int32(q))
        let usable = alternatives(q).filter { m.altUsable[$0] }
        guard !usable.isEmpty else { return }
        let a = usable[rng.chance(0.6) ? 0 : rng.below(usable.count)]
        let c = Int(m.altCourse[a])
        let s = Int(m.requestStudent[q])
        let sections = state.courseSections[c].filter { m.matches(alt: a, online: state.secOnline[Int($0)], site: state.secSite[Int($0)]) }
        if sections.isEmpty || rng.chance(0.25) {
            // A new section: dissolve one of the course's (if any) and let the waiting students regroup.
            if !sections.isEmpty { dissolve(Int(sections[rng.below(sections.count)]), pool: &pool) }
            addUnmetRequests(ofCourse: c, limit: 24, to: &pool)
            return
        }
        // Make room for the student in one section: its clashing lessons, and a seat if full.
        let x = Int(sections[rng.below(sections.count)])
        var clashing: [Int] = []
        for mt in state.secMeets[x] {
            for k in 0..<Int(mt.length) {
                let y = Int(state.stAt[s * state.S + m.slot(mt.day, mt.period) + k])
                guard y >= 0 else { continue }
                for q2 in Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1])
                where Int(state.reqSection[q2]) == y && !clashing.contains(q2) {
                    clashing.append(q2)
                }
            }
        }
        // Same-day lessons too when the day is full or the travel may not work.
        if rng.chance(0.3) {
            for mt in state.secMeets[x] {
                for q2 in Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1]) where state.reqSection[q2] >= 0 {
                    if state.secMeets[Int(state.reqSection[q2])].contains(where: { $0.day == mt.day }) && !clashing.contains(q2) {
                        clashing.append(q2)
                    }
                }
            }
        }
        unassignAll(clashing, pool: &pool)
        if Int32(state.secMembers[x].count) >= state.secCap[x], !state.secMembers[x].isEmpty {
            let members = state.secMembers[x]
            var victim = Int(members[rng.below(members.count)])
            for _ in 0..<2 {
                let other = Int(members[rng.below(members.count)])
                if state.lessImportant(other, than: victim) { victim = other }
            }
            unassignAll([victim], pool: &pool)
        }
    }

    private func ruinSections(_ pool: inout [Int32]) {
        let open = state.secOpen.indices.filter { state.secOpen[$0] }
        guard !open.isEmpty else {
            if let q = pickUnmetRequest() { pool.append(Int32(q)) }
            return
        }
        let x = open[rng.below(open.count)]
        let c = Int(state.secCourse[x]), t = Int(state.secTeacher[x])
        dissolve(x, pool: &pool)
        if rng.chance(0.4) {
            let peers = rng.chance(0.5)
                ? state.courseSections[c].map { Int($0) }
                : open.filter { state.secOpen[$0] && Int(state.secTeacher[$0]) == t }
            if !peers.isEmpty { dissolve(peers[rng.below(peers.count)], pool: &pool) }
        }
        addUnmetRequests(ofCourse: c, limit: 16, to: &pool)
    }

    private func ruinStudents(_ pool: inout [Int32]) {
        let s: Int
        if let q = pickUnmetRequest(), rng.chance(0.7) {
            s = Int(m.requestStudent[q])
        } else {
            s = rng.below(m.studentCount)
        }
        var students = [s]
        // Classmates in one of the student's sections.
        let own = (Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1])).filter { state.reqSection[$0] >= 0 }
        if !own.isEmpty {
            let x = Int(state.reqSection[own[rng.below(own.count)]])
            var members = state.secMembers[x].map { Int(m.requestStudent[Int($0)]) }
            rng.shuffle(&members)
            for other in members.prefix(1 + rng.below(6)) where !students.contains(other) { students.append(other) }
        }
        for st in students {
            let requests = Array(Int(m.studentFirstRequest[st])..<Int(m.studentFirstRequest[st + 1]))
            for q in requests where state.reqSection[q] < 0 { pool.append(Int32(q)) }
            unassignAll(requests, pool: &pool)
        }
    }
}
