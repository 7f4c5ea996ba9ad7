import TimetablingCore
import TimetablingEngines

/// Locks that the integer program cannot represent, each naming the lock (its place in the
/// instance) and why. The engine answers status `invalid` with these rather than ignore a lock.
struct MIPLockError: Error, CustomStringConvertible {
    var problems: [String]
    var description: String {
        "the MIP cannot represent \(problems.count == 1 ? "a lock" : "\(problems.count) locks"): " + problems.joined(separator: "; ")
    }
}

/// The instance's locks in the integer program (docs/MIP.md, "Locks").
///
/// Each locked section gets a candidate section of its own: the first candidates of its section
/// type (course, mode, site) are reserved for the type's locks, in lock order. That candidate is
/// forced open with a config of the locked teacher, each locked meeting is restricted to the
/// starts at its slot (and room), locked enrolments fix their assignment column to 1, and a
/// locked bus ride is a row "the student's day uses a ride of that run". The symmetry rows that
/// would order a locked candidate against its neighbours are made free (the locked one is no
/// longer interchangeable), so the other candidates of the type keep every order they had.
struct MIPLocks {
    /// The section type (index into ``MIPSets/types``) of each section lock.
    let types: [Int]

    /// Section locks per type, in lock order.
    var byType: [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for (i, k) in types.enumerated() { out[k, default: []].append(i) }
        return out
    }

    /// Chooses the section type of every section lock: the type of the course that the lock's
    /// teacher may teach, that has starts at the locked slots (and rooms), whose students include
    /// those of the locked enrolments, and, in a re-plan, that has the mode and site of the
    /// reference's section with the same id. Throws when no type, or more than one, remains.
    init(sets: MIPSets) throws(MIPLockError) {
        let p = sets.problem
        let inst = p.instance
        let P = p.periodCount
        let locks = p.locks
        var problems: [String] = []
        var types: [Int] = []
        var studentTypes = Set<Int>()  // (student * requests-bound + request) * types + type
        let typeCount = sets.types.count
        for st in sets.studentTypes {
            for (q, _) in st.requests { studentTypes.insert((st.student * 1024 + q) * typeCount + st.type) }
        }
        for (i, lock) in locks.sections.enumerated() {
            let place = "locks.sections[\(i)] (section \(lock.id))"
            var left = sets.types.indices.filter { sets.types[$0].course == lock.course }
            var why = "course \(inst.courses[lock.course].id) has no section the data allow (no qualified teacher, room or enough students "
                + "at any time; see netsched explain)"
            func narrow(_ keep: (Int) -> Bool, _ reason: String) {
                guard !left.isEmpty else { return }
                let kept = left.filter(keep)
                if kept.isEmpty { why = reason }
                left = kept
            }
            narrow({ k in sets.types[k].starts.values.contains { !$0.isEmpty } }, why)
            if let ref = p.reference?.sections.first(where: { $0.id == lock.id }), let site = p.siteIndex[ref.site] {
                narrow({ k in
                    let t = sets.types[k]
                    guard t.mode == ref.mode else { return false }
                    return t.mode == .online ? t.configs.contains { $0.site == site } : t.site == site
                }, "no section of course \(inst.courses[lock.course].id) \(ref.mode == .online ? "online from" : "in person at") \(ref.site) "
                    + "(as the published section) can be opened in the model")
            }
            if let teacher = lock.teacher {
                narrow({ k in sets.types[k].configs.contains { $0.teacher == teacher } },
                       "teacher \(inst.teachers[teacher].id) cannot teach course \(inst.courses[lock.course].id) in any section the data allow "
                        + "(qualification, sites or free periods)")
            }
            if let meetings = lock.meetings {
                let lengths = meetings.map(\.length).sorted(by: >)
                narrow({ k in sets.types[k].lengths == lengths },
                       "the locked meetings have lengths \(lengths.map(String.init).joined(separator: ", ")), the course's pattern "
                        + (sets.types.first { $0.course == lock.course }?.lengths.map(String.init).joined(separator: ", ") ?? "?"))
                for m in meetings {
                    let slot = m.day * P + m.period
                    let at = "\(inst.calendar.days[m.day]) period \(m.period + 1)" + (m.room.map { " in room \(inst.rooms[$0].id)" } ?? "")
                    narrow({ k in
                        // A blended course's locked meeting may be one it holds online (a studio start) or in person.
                        ((sets.types[k].starts[m.length] ?? []) + (sets.types[k].starts[-m.length] ?? []))
                            .contains { $0.slot == slot && (m.room == nil || $0.room == m.room) }
                    }, "no section of course \(inst.courses[lock.course].id) may meet \(at): the room, a teacher or enough students "
                        + "are not free there (or the room lacks the course's features)")
                }
            }
            for e in locks.enrolments where e.section == i {
                narrow({ k in studentTypes.contains((e.student * 1024 + e.request) * typeCount + k) },
                       "student \(inst.students[e.student].id) (request \(e.request), locked in this section) cannot attend a section of course "
                        + "\(inst.courses[lock.course].id) there (grade, free periods, travel or online permission)")
            }
            if left.count == 1 {
                types.append(left[0])
            } else if left.isEmpty {
                problems.append("\(place): \(why)")
                types.append(-1)
            } else {
                let list = left.map { k -> String in
                    let t = sets.types[k]
                    return t.mode == .online ? "online" : "in person at \(inst.sites[t.site].id)"
                }
                problems.append("\(place): course \(inst.courses[lock.course].id) may be taught \(list.joined(separator: " or ")); the MIP needs to "
                                + "know which (fix: lock the section's meetings with their rooms)")
                types.append(-1)
            }
        }
        if !problems.isEmpty { throw MIPLockError(problems: problems) }
        self.types = types
    }

    /// Candidate sections to keep per type (``MIPSets/typeKey(course:mode:site:)``) so that the
    /// locked ones come on top of what `sets` has: merged into `keep`.
    func candidatesToKeep(_ sets: MIPSets, merging keep: [String: Int]) -> [String: Int] {
        var out = keep
        for (k, list) in byType {
            let t = sets.types[k]
            let key = MIPSets.typeKey(course: t.course, mode: t.mode, site: t.site)
            out[key] = max(out[key] ?? 0, t.candidates + list.count)
        }
        return out
    }

    /// Whether every type has at least as many candidates as locks.
    func fits(_ sets: MIPSets) -> Bool { byType.allSatisfy { sets.types[$0.key].candidates >= $0.value.count } }
}

extension MIPModel {
    /// Writes the locks into the model (see ``MIPLocks``) and returns the section id of each
    /// locked candidate (for the extraction). Throws when a lock has no columns to keep it.
    mutating func applyLocks(_ plan: MIPLocks) throws(MIPLockError) -> [Int: String] {
        let p = problem
        let inst = p.instance
        let P = p.periodCount, D = p.dayCount
        let locks = p.locks
        var problems: [String] = []
        var candidatesOfType = [[Int]](repeating: [], count: sets.types.count)
        for (i, c) in candidates.enumerated() { candidatesOfType[c.type].append(i) }

        var lockCandidate = [Int](repeating: -1, count: locks.sections.count)
        for (k, list) in plan.byType.sorted(by: { $0.key < $1.key }) {
            let cands = candidatesOfType[k]
            guard cands.count >= list.count else {
                let t = sets.types[k]
                problems.append("locks.sections[\(list[0])]: \(list.count) sections of course \(inst.courses[t.course].id) "
                                + (t.mode == .online ? "online" : "at \(inst.sites[t.site].id)") + " are locked, the data allow at most \(cands.count)")
                continue
            }
            for (n, i) in list.enumerated() { lockCandidate[i] = cands[n] }
            // Candidates 1...L follow a locked one: their symmetry rows no longer apply.
            for n in 1..<min(list.count + 1, cands.count) {
                for r in symmetryRows[cands[n]] ?? [] { lp.setRowBounds(r, lower: nil, upper: nil) }
            }
        }
        var serial = lp.columns.count + lp.rows.count
        func rowName(_ n: String) -> String {
            serial += 1
            return MIPNames.fit(n, serial: serial)
        }

        for (i, lock) in locks.sections.enumerated() {
            let ci = lockCandidate[i]
            guard ci >= 0 else { continue }
            let place = "locks.sections[\(i)] (section \(lock.id))"
            let cand = candidates[ci]
            let type = sets.types[cand.type]
            let allowed = type.configs.indices.filter { lock.teacher == nil || type.configs[$0].teacher == lock.teacher }
            for g in type.configs.indices where !allowed.contains(g) { lp.setBounds(cand.configCols[g], lower: 0, upper: 0) }
            if allowed.count == 1 {
                lp.setBounds(cand.configCols[allowed[0]], lower: 1, upper: 1)
            } else {
                lp.addRow(rowName("lock_open_\(cand.name)"), terms: allowed.map { (cand.configCols[$0], 1.0) }, lower: 1, upper: 1)
            }
            guard let meetings = lock.meetings else { continue }
            if type.isBlended {
                // A blended section: a locked meeting carries no mode, so each element keeps the
                // starts at the locked slots of its length (and room); the meetings cannot overlap,
                // so the elements of a length take exactly the locked slots of that length.
                for (e, list) in cand.startCols.enumerated() {
                    let l = type.lengths[e]
                    let mine = meetings.filter { $0.length == l }
                    var kept = 0
                    for s in list {
                        if mine.contains(where: { $0.day * P + $0.period == s.start.slot && ($0.room == nil || $0.room == s.start.room) }) {
                            kept += 1
                        } else {
                            lp.setBounds(s.col, lower: 0, upper: 0)
                        }
                    }
                    if kept == 0 {
                        problems.append("\(place): the model has no start for its meetings of \(l) period(s) at the locked times")
                    }
                }
                continue
            }
            // The pattern's elements are longest first, equal lengths in slot order (the order rows).
            let sorted = meetings.sorted { $0.length != $1.length ? $0.length > $1.length : $0.day * P + $0.period < $1.day * P + $1.period }
            for (e, m) in sorted.enumerated() where e < cand.startCols.count {
                let slot = m.day * P + m.period
                var kept = 0
                for s in cand.startCols[e] {
                    if s.start.slot == slot && (m.room == nil || s.start.room == m.room) {
                        kept += 1
                    } else {
                        lp.setBounds(s.col, lower: 0, upper: 0)
                    }
                }
                if kept == 0 {
                    problems.append("\(place): the model has no start for its meeting on \(inst.calendar.days[m.day]) period \(m.period + 1)")
                }
            }
        }

        for (i, e) in locks.enrolments.enumerated() {
            let ci = lockCandidate[e.section]
            guard ci >= 0 else { continue }
            guard let a = assignments.first(where: { $0.student == e.student && $0.request == e.request && $0.candidate == ci }) else {
                problems.append("locks.enrolments[\(i)]: student \(inst.students[e.student].id) request \(e.request) has no column in section "
                                + "\(locks.sections[e.section].id) (the student cannot attend it: free periods, travel or hygiene limits)")
                continue
            }
            lp.setBounds(a.col, lower: 1, upper: 1)
        }

        for (i, ride) in locks.busRides.enumerated() {
            var cols: [Int] = []
            for av in studentArcs[ride.student * D + ride.day] {
                for (c, r) in zip(av.cols, av.rides) where r.run == ride.busRun { cols.append(c) }
            }
            if cols.isEmpty {
                problems.append("locks.busRides[\(i)]: no ride on bus run \(inst.transport.busRuns[ride.busRun].id) fits the day of student "
                                + "\(inst.students[ride.student].id) on \(inst.calendar.days[ride.day]) in the model")
                continue
            }
            lp.addRow(rowName("lock_ride_\(names.students[ride.student])_\(names.days[ride.day])_\(names.runs[ride.busRun])"),
                      terms: cols.map { ($0, 1.0) }, lower: 1)
        }
        if !problems.isEmpty { throw MIPLockError(problems: problems) }
        var ids: [Int: String] = [:]
        for (i, ci) in lockCandidate.enumerated() where ci >= 0 { ids[ci] = locks.sections[i].id }
        return ids
    }
}
