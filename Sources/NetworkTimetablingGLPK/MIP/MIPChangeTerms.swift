import TimetablingCore
import TimetablingEngines

/// Why the change terms cannot be put into the model.
struct MIPChangeTermsError: Error, CustomStringConvertible {
    var description: String
}

/// The four change terms of a re-plan (docs/RULES.md, "Change terms") as linear parts of the
/// objective, with the checker's definitions (`Checker.Evaluation.changeValues`), so that the
/// model's objective of a timetable equals the checker's with the reference (docs/MIP.md,
/// "Change terms"). Every indicator below is a continuous column in [0, 1] bounded by rows that
/// make it exact whenever the binaries are integral; its objective sign pushes it against the
/// bounding rows (so the weights must satisfy movedEnrolment ≥ changedEnrolment ≥ 0 and
/// changedTeacherPeriod, changedRoute ≥ 0, which the defaults do).
extension MIPModel {
    mutating func addChangeTerms(reference: Solution) throws(MIPChangeTermsError) {
        let p = problem
        let w = p.weights
        guard w.movedEnrolment >= w.changedEnrolment, w.changedEnrolment >= 0, w.changedTeacherPeriod >= 0, w.changedRoute >= 0 else {
            throw MIPChangeTermsError(description: "the MIP models the change terms with weights movedEnrolment ≥ changedEnrolment ≥ 0 and "
                                      + "changedTeacherPeriod, changedRoute ≥ 0 (fix: use such weights, or --engine heuristic)")
        }
        let P = p.periodCount, D = p.dayCount, S = p.slotCount
        var serial = lp.columns.count + lp.rows.count
        func fit(_ n: String) -> String {
            serial += 1
            return MIPNames.fit(n, serial: serial)
        }

        // The reference's sections in index form.
        struct RefSection {
            var course: Int, mode: DeliveryMode, site: Int, teacher: Int
            /// (slot, key, room) in the model's element order (``MIPSets/precedes(_:_:)``); the key is
            /// the length, negated for a blended course's online meeting.
            var meetings: [(slot: Int, key: Int, room: Int)]
        }
        var refSections: [RefSection?] = []
        var refIndex: [String: Int] = [:]
        for x in reference.sections {
            if refIndex[x.id] == nil { refIndex[x.id] = refSections.count }
            guard let c = p.courseIndex[x.course], let site = p.siteIndex[x.site], let t = p.teacherIndex[x.teacher] else {
                refSections.append(nil)
                continue
            }
            var ms: [(slot: Int, key: Int, room: Int)] = []
            var ok = true
            for m in x.meetings {
                guard let d = p.dayIndex[m.day], let r = p.roomIndex[m.room] else { ok = false; break }
                ms.append((d * P + m.period - 1, MIPSets.key(length: m.length, online: x.mode == .inPerson && m.online == true), r))
            }
            ms.sort { MIPSets.precedes((abs($0.key), $0.key < 0, $0.slot), (abs($1.key), $1.key < 0, $1.slot)) }
            refSections.append(ok ? RefSection(course: c, mode: x.mode, site: site, teacher: t, meetings: ms) : nil)
        }

        // MARK: Moved and changed enrolments
        //
        // Per request granted in the reference (section A): moved = 1 − Σ y, changed = Σ y − Σ z,
        // where y (z) says the request is granted in candidate k and k has A's course, mode, site
        // and times (and teacher and rooms). y ≤ assign, Σ_students y ≤ n · same-times(k, A), and
        // same-times(k, A) ≤ Σ starts of meeting e at A's slot, for every e (likewise z).
        var assignCol: [Int: Int] = [:]
        for a in assignments { assignCol[(a.student << 24) | (a.request << 12) | a.candidate] = a.col }
        var candidatesOfCourse = [[Int]](repeating: [], count: p.courses.count)
        for (i, c) in candidates.enumerated() { candidatesOfCourse[sets.types[c.type].course].append(i) }
        /// Same-times and same-everything indicators per (candidate, reference section), with their members.
        var indicator: [Int: (times: Int?, all: Int?, y: [Int], z: [Int])] = [:]
        var seen = Set<Int>()
        for a in reference.assignments {
            guard let s = p.studentIndex[a.student], a.request >= 0, a.request < p.students[s].requests.count,
                  let x = refIndex[a.section] else { continue }
            guard seen.insert(s << 20 | a.request).inserted else { continue }  // the checker's first assignment
            lp.objectiveConstant += w.movedEnrolment
            guard let A = refSections[x] else { continue }
            for ci in candidatesOfCourse[A.course] {
                let cand = candidates[ci]
                let type = sets.types[cand.type]
                guard type.mode == A.mode, type.mode == .online ? type.configs.contains(where: { $0.site == A.site }) : type.site == A.site,
                      type.keys == A.meetings.map(\.key),
                      let assign = assignCol[(s << 24) | (a.request << 12) | ci] else { continue }
                let key = ci * (refSections.count + 1) + x
                if indicator[key] == nil {
                    var times: Int? = nil, all: Int? = nil
                    let timeCols = A.meetings.enumerated().map { e, m in cand.startCols[e].filter { $0.start.slot == m.slot }.map(\.col) }
                    if timeCols.allSatisfy({ !$0.isEmpty }) {
                        let c = lp.addColumn(fit("same_times_\(cand.name)_ref\(x + 1)"), lower: 0, upper: 1)
                        for (e, cols) in timeCols.enumerated() {
                            lp.addRow(fit("same_times_\(cand.name)_ref\(x + 1)_m\(e + 1)"), terms: [(c, 1)] + cols.map { ($0, -1.0) }, upper: 0)
                        }
                        if type.mode == .online {
                            let cfgs = type.configs.indices.filter { type.configs[$0].site == A.site }.map { (cand.configCols[$0], -1.0) }
                            lp.addRow(fit("same_times_\(cand.name)_ref\(x + 1)_site"), terms: [(c, 1)] + cfgs, upper: 0)
                        }
                        times = c
                        let roomCols = A.meetings.enumerated().map { e, m in
                            cand.startCols[e].filter { $0.start.slot == m.slot && $0.start.room == m.room }.map(\.col)
                        }
                        let cfgs = type.configs.indices.filter { type.configs[$0].teacher == A.teacher && type.configs[$0].site == A.site }
                            .map { (cand.configCols[$0], -1.0) }
                        if roomCols.allSatisfy({ !$0.isEmpty }) && !cfgs.isEmpty {
                            let c = lp.addColumn(fit("same_all_\(cand.name)_ref\(x + 1)"), lower: 0, upper: 1)
                            for (e, cols) in roomCols.enumerated() {
                                lp.addRow(fit("same_all_\(cand.name)_ref\(x + 1)_m\(e + 1)"), terms: [(c, 1)] + cols.map { ($0, -1.0) }, upper: 0)
                            }
                            lp.addRow(fit("same_all_\(cand.name)_ref\(x + 1)_teacher"), terms: [(c, 1)] + cfgs, upper: 0)
                            all = c
                        }
                    }
                    indicator[key] = (times, all, [], [])
                }
                guard indicator[key]!.times != nil else { continue }
                let sname = "\(names.students[s])_q\(a.request)_\(cand.name)"
                let y = lp.addColumn(fit("kept_times_\(sname)"), lower: 0, upper: 1, objective: -(w.movedEnrolment - w.changedEnrolment))
                lp.addRow(fit("kept_times_\(sname)"), terms: [(y, 1), (assign, -1)], upper: 0)
                indicator[key]!.y.append(y)
                if indicator[key]!.all != nil {
                    let z = lp.addColumn(fit("kept_all_\(sname)"), lower: 0, upper: 1, objective: -w.changedEnrolment)
                    lp.addRow(fit("kept_all_\(sname)"), terms: [(z, 1), (assign, -1)], upper: 0)
                    indicator[key]!.z.append(z)
                }
            }
        }
        for key in indicator.keys.sorted() {
            let ind = indicator[key]!
            if let t = ind.times, !ind.y.isEmpty {
                lp.addRow(fit("kept_times_sum_\(lp.columns[t].name)"), terms: ind.y.map { ($0, 1.0) } + [(t, -Double(ind.y.count))], upper: 0)
            }
            if let t = ind.all, !ind.z.isEmpty {
                lp.addRow(fit("kept_all_sum_\(lp.columns[t].name)"), terms: ind.z.map { ($0, 1.0) } + [(t, -Double(ind.z.count))], upper: 0)
            }
        }

        // MARK: Changed teacher periods
        //
        // Per teacher and slot, the (course, site) of the reference's first section there. Changed
        // periods = Σ_ref-slots (1 − same lesson) + (periods taught) − Σ_ref-slots (teaches there):
        // periods taught is Σ W · config; "teaches there" and "same lesson" are per-candidate
        // indicators u ≤ occupancy(k, slot), u ≤ Σ configs of the teacher (at the site).
        let sites = p.siteCount
        var refAt = [Int](repeating: -1, count: p.teachers.count * S)
        for x in refSections {
            guard let x else { continue }
            for m in x.meetings {
                for k in 0..<abs(m.key) where m.slot + k < S && (m.slot + k) / P == m.slot / P {
                    let i = x.teacher * S + m.slot + k
                    if refAt[i] < 0 { refAt[i] = x.course * sites + x.site }
                }
            }
        }
        if w.changedTeacherPeriod != 0 {
            let wt = w.changedTeacherPeriod
            for cand in candidates {
                let W = Double(sets.types[cand.type].weeklyPeriods)
                for col in cand.configCols { lp.setObjective(col, lp.columns[col].objective + wt * W) }
            }
            var candidatesOfTeacher = [[Int]](repeating: [], count: p.teachers.count)
            for (i, c) in candidates.enumerated() {
                for t in Set(sets.types[c.type].configs.map(\.teacher)).sorted() { candidatesOfTeacher[t].append(i) }
            }
            for t in p.teachers.indices {
                for slot in 0..<S where refAt[t * S + slot] >= 0 {
                    let course = refAt[t * S + slot] / sites, site = refAt[t * S + slot] % sites
                    lp.objectiveConstant += wt
                    for ci in candidatesOfTeacher[t] {
                        let cand = candidates[ci]
                        guard let occ = cand.occupancy[slot] else { continue }
                        let type = sets.types[cand.type]
                        let occTerms = occ.map { ($0, -1.0) }
                        let n = "\(cand.name)_\(names.teachers[t])_\(names.slot(slot, periods: P))"
                        let teaches = lp.addColumn(fit("teaches_\(n)"), lower: 0, upper: 1, objective: -wt)
                        lp.addRow(fit("teaches_\(n)_meets"), terms: [(teaches, 1)] + occTerms, upper: 0)
                        lp.addRow(fit("teaches_\(n)_cfg"), terms: [(teaches, 1)] + type.configs.indices.filter { type.configs[$0].teacher == t }
                            .map { (cand.configCols[$0], -1.0) }, upper: 0)
                        guard type.course == course, type.mode == .online || type.site == site else { continue }
                        let cfgs = type.configs.indices.filter { type.configs[$0].teacher == t && type.configs[$0].site == site }
                        guard !cfgs.isEmpty else { continue }
                        let same = lp.addColumn(fit("same_lesson_\(n)"), lower: 0, upper: 1, objective: -wt)
                        lp.addRow(fit("same_lesson_\(n)_meets"), terms: [(same, 1)] + occTerms, upper: 0)
                        lp.addRow(fit("same_lesson_\(n)_cfg"), terms: [(same, 1)] + cfgs.map { (cand.configCols[$0], -1.0) }, upper: 0)
                    }
                }
            }
        }

        // MARK: Changed routes
        //
        // Per person-day, the reference's legs (from, to, depart, arrive, bus run). Every move
        // column of the day's network stands for one such leg. changed ≥ 1 − Σ columns of leg l for
        // each reference leg l, and changed ≥ Σ columns of other legs leaving a node (at most one
        // arc leaves a node of a path); with no network the day has no legs.
        struct LegKey: Hashable { var from: Int, to: Int, depart: Int, arrive: Int, run: Int }
        var refRoutes: [Int: [LegKey]] = [:]
        for it in reference.itineraries where !it.legs.isEmpty {
            let student = it.role == .student
            guard let person = student ? p.studentIndex[it.person] : p.teacherIndex[it.person], let d = p.dayIndex[it.day] else { continue }
            var legs: [LegKey] = []
            for l in it.legs {
                guard let from = p.siteIndex[l.from], let to = p.siteIndex[l.to], let dep = ClockTime.minutes(l.depart),
                      let arr = ClockTime.minutes(l.arrive) else { continue }
                legs.append(LegKey(from: from, to: to, depart: dep, arrive: arr, run: l.busRun.flatMap { p.busRunIndex[$0] } ?? -1))
            }
            refRoutes[student ? person * D + d : -(person * D + d) - 1] = legs
        }
        // The bound model leaves changed routes out: the exact model's road legs leave at fixed
        // times (docs/MIP.md, restriction 1), so it may count a route as changed that a timetable keeps.
        guard w.changedRoute != 0, !sets.relaxed else { return }
        let wr = w.changedRoute
        func route(_ arcs: [ArcVar], key: Int, name: String) {
            let ref = refRoutes[key]
            var moves: [(col: Int, leg: LegKey, from: Int)] = []
            for av in arcs where av.arc.isMove {
                if av.rides.isEmpty {
                    moves.append((av.cols[0], LegKey(from: av.arc.fromSite, to: av.arc.toSite, depart: av.arc.depart,
                                                     arrive: av.arc.depart + av.arc.roadMinutes, run: -1), av.arc.from))
                } else {
                    for (c, r) in zip(av.cols, av.rides) {
                        moves.append((c, LegKey(from: av.arc.fromSite, to: av.arc.toSite, depart: r.depart, arrive: r.arrive, run: r.run), av.arc.from))
                    }
                }
            }
            guard let ref else {
                // No legs in the reference: changed as soon as the day has one.
                guard !moves.isEmpty else { return }
                let ch = lp.addColumn(fit("route_changed_\(name)"), lower: 0, upper: 1, objective: wr)
                for from in Set(moves.map(\.from)).sorted() {
                    lp.addRow(fit("route_changed_\(name)_from\(from + 1)"),
                              terms: [(ch, 1)] + moves.filter { $0.from == from }.map { ($0.col, -1.0) }, lower: 0)
                }
                return
            }
            // The model writes a day's legs in time order, each once: a reference day with legs out
            // of order, a leg twice, or a leg no column stands for cannot be kept.
            let keys = Set(ref)
            let ordered = zip(ref, ref.dropFirst()).allSatisfy { $0.depart <= $1.depart }
            guard keys.count == ref.count, ordered, keys.allSatisfy({ k in moves.contains { $0.leg == k } }) else {
                lp.objectiveConstant += wr
                return
            }
            let ch = lp.addColumn(fit("route_changed_\(name)"), lower: 0, upper: 1, objective: wr)
            for (i, k) in ref.enumerated() {
                lp.addRow(fit("route_changed_\(name)_leg\(i + 1)"), terms: [(ch, 1)] + moves.filter { $0.leg == k }.map { ($0.col, 1.0) }, lower: 1)
            }
            let other = moves.filter { !keys.contains($0.leg) }
            for from in Set(other.map(\.from)).sorted() {
                lp.addRow(fit("route_changed_\(name)_from\(from + 1)"),
                          terms: [(ch, 1)] + other.filter { $0.from == from }.map { ($0.col, -1.0) }, lower: 0)
            }
        }
        for s in p.students.indices {
            for d in 0..<D { route(studentArcs[s * D + d], key: s * D + d, name: "\(names.students[s])_\(names.days[d])") }
        }
        for t in p.teachers.indices {
            for d in 0..<D { route(teacherArcs[t * D + d], key: -(t * D + d) - 1, name: "\(names.teachers[t])_\(names.days[d])") }
        }
    }
}
