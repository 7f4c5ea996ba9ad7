import CGLPK
import Foundation
import TimetablingCore

/// A lower bound by column generation over whole sections (docs/MIP.md, "Lower bounds: sections
/// with their times"): a column is one section — its type, teacher, the day and period of every
/// meeting, and the students in it — so a section's students share all of its times, which the
/// time-indexed model's LP relaxation does not see.
///
/// The master LP chooses sections (fractionally) under rows that hold for every timetable:
/// a request is granted at most once (required: exactly once); a student is in one section per
/// period, within the daily hygiene room of each day (online periods also within the online limit)
/// and the week's; a teacher teaches one section per period, within the weekly limit; per room
/// group and period, no more sections than free rooms; a course opens at most `maxSections`; the
/// aggregate's travel rows (a student granted an in-person type away from home travels there on as
/// many days as it needs). A column's cost is the section's (sections, teacherPeriods) and its
/// students' (alternativeRank, onlineEnrolments, minus unmetElective); every other term counts 0.
///
/// Pricing is exact, by enumeration: for every type, teacher and placement of the meetings in
/// periods where a section of the type could meet (``BoundData/usableSlots()``), the cheapest set of
/// students — between the course's minimum size (and one) and its maximum size (and the largest
/// room) — is the cheapest students by reduced cost. So after every master LP the Lagrangian bound
///
///     Σ duals × row bounds + Σ per course (sections it may open) × min(0, least reduced cost)
///
/// is valid for every timetable, converged or not; the best one is published.
struct PatternBound {
    let problem: Problem
    /// The MIP's index sets, when they could be built: the meeting starts each type and each
    /// student can use (free periods, travel, rooms and teachers), to a fixed point.
    var sets: MIPSets? = nil
    /// Most placements enumerated per type; a type with more makes the bound unclaimed.
    var maxPatterns = 300_000
    /// Columns added per type and round.
    var columnsPerType = 2
    /// A timetable whose sections seed the master (any timetable: the bound does not depend on it,
    /// only how fast the master finds its way).
    var seed: Solution? = nil

    struct Outcome {
        var bound: Double?
        var rounds = 0
        var columns = 0
        var converged = false
        var note = ""
    }

    /// A placement of a section's meetings.
    struct Pattern {
        /// Slots of in-person meetings (rooms used) and of online meetings (studio for online types).
        var slots: [Int]
        /// Per slot in `slots`: whether the meeting there is online (counts in the online limit).
        var online: [Bool]
        /// Per meeting: its key (``MIPSets/key(length:online:)``) and first slot.
        var meetings: [(key: Int, slot: Int)]
    }

    /// Runs column generation until converged, stopped or out of time; `improved` gets every better bound.
    func solve(timeLimit: Double, stop: StopFlag, improved: @escaping (Double, String) -> Void) -> Outcome {
        let started = Date()
        let data = BoundData(problem: problem, allowed: sets.map(AggregateBound.allowed(by:)))
        guard data.refused.isEmpty else { return Outcome(note: "required requests no type can grant") }
        var state = Master(data: data, sets: sets)
        guard let patterns = state.enumeratePatterns(limit: maxPatterns) else {
            return Outcome(note: "a course has more than \(maxPatterns) placements")
        }
        let seedSections = seed.flatMap { IndexedSolution.resolve($0, in: problem).0 }
        return GLPKThread.run {
            glp_term_out(GLP_OFF)
            return state.run(patterns: patterns, seed: seedSections, started: started, timeLimit: timeLimit, stop: stop,
                             columnsPerType: columnsPerType, improved: improved)
        }
    }
}

extension PatternBound {
    /// How a timetable lies in the master: what of it is outside the column space, which rows its
    /// sections (each column at 1) break, and the master's objective there. For a timetable that
    /// meets every hard rule, nothing is outside, no row is broken, and the objective is at most the
    /// checker's: the master is a relaxation (the tests' check of the formulation).
    func place(_ solution: Solution) -> (unmapped: [String], broken: [String], objective: Double)? {
        let data = BoundData(problem: problem, allowed: sets.map(AggregateBound.allowed(by:)))
        let master = Master(data: data, sets: sets)
        guard let patterns = master.enumeratePatterns(limit: maxPatterns),
              let indexed = IndexedSolution.resolve(solution, in: problem).0 else { return nil }
        let (columns, notes) = master.columns(of: indexed, patterns: patterns)
        var activity: [Master.RowKey: Double] = [:]
        var objective = data.unmetConstant
        for c in columns {
            objective += c.cost
            for (key, v) in master.sectionLoads(c.k, teacher: c.teacher, pattern: patterns[c.k][c.pattern], students: c.students) {
                activity[key, default: 0] += v
            }
        }
        // The legs and minutes columns at the least their rows allow.
        var legs: [Int: Double] = [:], minutes: [Int: Double] = [:]
        for (key, v) in activity {
            switch key {
            case .legs(let s, _, _): legs[s] = max(legs[s] ?? 0, -v)
            case .minutes(let s, _, _): minutes[s] = max(minutes[s] ?? 0, -v)
            default: break
            }
        }
        objective += legs.values.reduce(0, +) * problem.weights.siteChange + minutes.values.reduce(0, +) * problem.weights.studentTravelMinute
        var broken: [String] = []
        for (key, v) in activity {
            var value = v
            if case .legs(let s, _, _) = key { value += legs[s] ?? 0 }
            if case .minutes(let s, _, _) = key { value += minutes[s] ?? 0 }
            let (lo, up) = master.bounds(key)
            if let up, value > up + 1e-9 { broken.append("\(key): \(value) > \(up)") }
            if let lo, value < lo - 1e-9 { broken.append("\(key): \(value) < \(lo)") }
        }
        for (s, v) in legs where v > Double(2 * problem.dayCount) { broken.append("legs of student \(s): \(v) above the cap") }
        return (notes, broken, objective)
    }
}

/// The master LP and its pricing.
struct Master {
    var data: BoundData
    let p: Problem
    let slots: Int, D: Int, P: Int

    // Row registry: key → GLPK row (1-based), and per row its bounds.
    var rowOf: [RowKey: Int32] = [:]
    var rowLower: [Double?] = [nil]
    var rowUpper: [Double?] = [nil]
    var rowKeys: [RowKey?] = [nil]
    // Auxiliary columns (artificial, legs, minutes): GLPK column → upper bound, cost.
    var auxUpper: [Int32: Double] = [:]
    var legsCol: [Int: Int32] = [:], minutesCol: [Int: Int32] = [:]
    var sectionColumns = 0
    /// Rows not yet in the master, with the entries of the columns that load them: added when the
    /// master's solution breaks them (until then their duals are 0, which keeps the bound valid).
    var pending: [RowKey: [(column: Int32, value: Double)]] = [:]

    /// Per type: the candidates (student, and per request the option's cost and travel days).
    var candidates: [[Candidate]] = []
    /// Per type: the room groups whose rows its sections load.
    var groupsOfType: [[Int]] = []
    var groupFree: [[Int]] = []  // per group, per slot: free rooms
    /// Per course: most sections any timetable opens.
    var courseLimit: [Double] = []
    /// With the index sets: per type and meeting key, the first slots a section may use
    /// (nil: any slot where the type could meet).
    var typeStarts: [[Int: [Bool]]?] = []

    enum RowKey: Hashable {
        case request(Int, Int)
        case clash(Int, Int)
        case day(Int, Int)
        case online(Int, Int)
        case week(Int)
        case legs(Int, Int, Int)
        case minutes(Int, Int, Int)
        case teacherSlot(Int, Int)
        case teacherWeek(Int)
        case room(Int, Int)
        case maxSections(Int)
    }

    struct Candidate {
        var student: Int
        var requests: [(q: Int, cost: Double, travelDays: Int)]
        /// With the index sets: per meeting key, the first slots the student can attend.
        var starts: [Int: [Bool]]? = nil
    }

    init(data: BoundData, sets: MIPSets?) {
        self.data = data
        p = data.problem
        D = p.dayCount
        P = p.periodCount
        slots = p.slotCount
        candidates = Array(repeating: [], count: data.types.count)
        var pairs = [Set<Int>](repeating: [], count: p.courses.count)
        for (s, perRequest) in data.options.enumerated() {
            var mine: [Int: [(q: Int, cost: Double, travelDays: Int)]] = [:]
            for (q, options) in perRequest.enumerated() {
                for o in options {
                    mine[o.type, default: []].append((q, o.cost, o.travelDays))
                    pairs[data.types[o.type].course].insert(s << 24 | q)
                }
            }
            for (k, requests) in mine.sorted(by: { $0.key < $1.key }) { candidates[k].append(Candidate(student: s, requests: requests)) }
        }
        typeStarts = Array(repeating: nil, count: data.types.count)
        if let sets {
            let slotCount = slots
            func mask(_ firsts: [Int]) -> [Bool] {
                var m = [Bool](repeating: false, count: slotCount)
                for f in firsts { m[f] = true }
                return m
            }
            var setType: [String: Int] = [:]
            for (m, t) in sets.types.enumerated() { setType[t.mode == .online ? "\(t.course)|online" : "\(t.course)|\(t.site)"] = m }
            var byStudent: [Int: [Int: MIPSets.StudentType]] = [:]
            for st in sets.studentTypes { byStudent[st.type, default: [:]][st.student] = st }
            for (k, t) in data.types.enumerated() {
                guard let m = setType[t.online ? "\(t.course)|online" : "\(t.course)|\(t.site)"] else {
                    typeStarts[k] = [:]  // no start survives the filters: no section of this type
                    candidates[k] = []
                    continue
                }
                typeStarts[k] = sets.types[m].starts.mapValues { mask($0.map(\.slot)) }
                let teachers = Set(sets.types[m].configs.map(\.teacher))
                self.data.types[k].teachers.removeAll { !teachers.contains($0) }
                candidates[k] = candidates[k].compactMap { cand in
                    guard let st = byStudent[m]?[cand.student] else { return nil }
                    var c = cand
                    c.starts = st.starts.mapValues { mask($0.map(\.slot)) }
                    return c
                }
            }
        }
        // Sections a course can open: its maxSections, its possible students over the minimum
        // size, and its teachers' weekly periods over the course's.
        courseLimit = p.courses.indices.map { c in
            let course = p.courses[c]
            let byStudents = Double(pairs[c].count / max(1, course.minSize))
            let teachers = Set(data.types.filter { $0.course == c }.flatMap(\.teachers))
            let byTeachers = Double(teachers.reduce(0) { $0 + p.teachers[$1].maxWeeklyPeriods / max(1, course.weeklyPeriods) })
            return min(Double(course.maxSections ?? Int.max), byStudents, byTeachers)
        }
        var groups: [[Int]] = []
        var seen = Set<[Int]>()
        for t in data.types where !t.rooms.isEmpty && seen.insert(t.rooms).inserted { groups.append(t.rooms) }
        groupsOfType = data.types.map { t in
            groups.indices.filter { !t.rooms.isEmpty && Set(t.rooms).isSubset(of: Set(groups[$0])) }
        }
        groupFree = groups.map { g in (0..<slots).map { slot in g.filter { !data.problem.rooms[$0].busy[slot] }.count } }
    }

    /// Every placement of each type's meetings in slots where the type could meet.
    func enumeratePatterns(limit: Int) -> [[PatternBound.Pattern]]? {
        let usable = data.usableSlots()
        var out: [[PatternBound.Pattern]] = []
        for (k, t) in data.types.enumerated() {
            let course = p.courses[t.course]
            // Meetings as (length, online), identical ones placed in increasing order.
            let meetings = course.pattern.indices.map { (course.pattern[$0], t.online || course.meetingOnline[$0]) }
                .sorted { ($0.0, $0.1 ? 1 : 0) < ($1.0, $1.1 ? 1 : 0) }
            var result: [PatternBound.Pattern] = []
            var placed: [(day: Int, start: Int)] = []
            var overflow = false
            func place(_ i: Int) {
                if overflow { return }
                if i == meetings.count {
                    var slotsOut: [Int] = [], online: [Bool] = [], firsts: [(key: Int, slot: Int)] = []
                    for (m, at) in zip(meetings, placed) {
                        for q in 0..<m.0 { slotsOut.append(at.day * P + at.start + q); online.append(m.1) }
                        firsts.append((MIPSets.key(length: m.0, online: m.1 && !t.online), at.day * P + at.start))
                    }
                    result.append(PatternBound.Pattern(slots: slotsOut, online: online, meetings: firsts))
                    if result.count > limit { overflow = true }
                    return
                }
                let (length, _) = meetings[i]
                guard length <= P else { return }
                let same = i > 0 && meetings[i - 1] == meetings[i]
                for d in 0..<D {
                    if course.distinctDays && placed.contains(where: { $0.day == d }) { continue }
                    for start in 0...(P - length) {
                        if same, let last = placed.last, (d, start) <= (last.day, last.start) { continue }
                        guard (0..<length).allSatisfy({ usable[k][d * P + start + $0] }) else { continue }
                        if let allowed = typeStarts[k] {
                            let key = MIPSets.key(length: length, online: meetings[i].1 && !t.online)
                            guard allowed[key]?[d * P + start] == true else { continue }
                        }
                        if !course.distinctDays,
                           placed.enumerated().contains(where: { j, at in
                               at.day == d && start < at.start + meetings[j].0 && at.start < start + length }) { continue }
                        placed.append((d, start))
                        place(i + 1)
                        placed.removeLast()
                    }
                }
            }
            place(0)
            if overflow { return nil }
            out.append(result)
        }
        return out
    }

    func bounds(_ key: RowKey) -> (Double?, Double?) {
        let (lo, up): (Double?, Double?)
        switch key {
        case .request(let s, let q): lo = p.students[s].requests[q].required ? 1 : nil; up = 1
        case .clash: lo = nil; up = 1
        case .day(let s, let d): lo = nil; up = Double(data.rooms[s].day[d])
        case .online(let s, let d): lo = nil; up = Double(min(data.rooms[s].day[d], p.maxOnlineLessonsPerDay))
        case .week(let s): lo = nil; up = Double(data.rooms[s].week)
        case .legs, .minutes: lo = 0; up = nil
        case .teacherSlot: lo = nil; up = 1
        case .teacherWeek(let t): lo = nil; up = Double(p.teachers[t].maxWeeklyPeriods)
        case .room(let g, let slot): lo = nil; up = Double(groupFree[g][slot])
        case .maxSections(let c): lo = nil; up = Double(p.courses[c].maxSections ?? Int.max)
        }
        return (lo, up)
    }

    /// The row of `key` in the master, added (with the pending entries of the columns that load it) if absent.
    mutating func row(_ lp: OpaquePointer, _ key: RowKey) -> Int32 {
        if let r = rowOf[key] { return r }
        let (lo, up) = bounds(key)
        let r = glp_add_rows(lp, 1)
        switch (lo, up) {
        case let (l?, u?) where l == u: glp_set_row_bnds(lp, r, GLP_FX, l, u)
        case let (l?, u?): glp_set_row_bnds(lp, r, GLP_DB, l, u)
        case let (l?, nil): glp_set_row_bnds(lp, r, GLP_LO, l, 0)
        case let (nil, u?): glp_set_row_bnds(lp, r, GLP_UP, 0, u)
        default: glp_set_row_bnds(lp, r, GLP_FR, 0, 0)
        }
        rowOf[key] = r
        rowLower.append(lo)
        rowUpper.append(up)
        rowKeys.append(key)
        if let entries = pending.removeValue(forKey: key), !entries.isEmpty {
            var ind: [Int32] = [0] + entries.map(\.column), val: [Double] = [0] + entries.map(\.value)
            glp_set_mat_row(lp, r, Int32(entries.count), &ind, &val)
        }
        // Travel rows come with the student's legs or minutes column.
        switch key {
        case .legs(let s, _, _):
            let c = aux(lp, minutes: false, s, cost: p.weights.siteChange, upper: Double(2 * D))
            setEntry(lp, column: c, row: r, 1)
        case .minutes(let s, _, _):
            let worst = (data.into.compactMap { $0 }.max() ?? 0) + (data.outOf.compactMap { $0 }.max() ?? 0)
            let c = aux(lp, minutes: true, s, cost: p.weights.studentTravelMinute, upper: Double(D * max(1, worst)))
            setEntry(lp, column: c, row: r, 1)
        default: break
        }
        return r
    }

    /// The student's legs or minutes column: a lower bound on the timetable's, so capped where no
    /// timetable's count of this relaxation lies above (two legs a day; the longest way in and out each day).
    mutating func aux(_ lp: OpaquePointer, minutes: Bool, _ s: Int, cost: Double, upper: Double) -> Int32 {
        if let c = (minutes ? minutesCol : legsCol)[s] { return c }
        let c = glp_add_cols(lp, 1)
        glp_set_col_bnds(lp, c, GLP_DB, 0, upper)
        glp_set_obj_coef(lp, c, cost)
        auxUpper[c] = upper
        if minutes { minutesCol[s] = c } else { legsCol[s] = c }
        return c
    }

    func setEntry(_ lp: OpaquePointer, column c: Int32, row r: Int32, _ v: Double) {
        let n = glp_get_mat_col(lp, c, nil, nil)
        var ind = [Int32](repeating: 0, count: Int(n) + 2)
        var val = [Double](repeating: 0, count: Int(n) + 2)
        _ = glp_get_mat_col(lp, c, &ind, &val)
        ind[Int(n) + 1] = r
        val[Int(n) + 1] = v
        glp_set_mat_col(lp, c, n + 1, &ind, &val)
    }

    /// Dense duals for pricing.
    struct Duals {
        var request: [[Double]], clash: [Double], day: [Double], online: [Double], week: [Double]
        var legs: [RowKeyTriple: Double] = [:], minutes: [RowKeyTriple: Double] = [:]
        var teacherSlot: [Double], teacherWeek: [Double], room: [Double], maxSections: [Double]
    }
    struct RowKeyTriple: Hashable { var s: Int, q: Int, k: Int }

    /// Column generation.
    mutating func run(patterns: [[PatternBound.Pattern]], seed: IndexedSolution?, started: Date, timeLimit: Double, stop: StopFlag,
                      columnsPerType: Int, improved: (Double, String) -> Void) -> PatternBound.Outcome {
        let lp = glp_create_prob()!
        defer { glp_delete_prob(lp) }
        glp_set_obj_dir(lp, GLP_MIN)
        var outcome = PatternBound.Outcome()
        // An artificial column per required request keeps the first masters feasible; its cost is
        // above any request's worth, and it only enlarges the relaxation.
        let w = p.weights
        let heaviest = p.students.flatMap { $0.requests.map(\.weight) }.max() ?? 1
        let ranks = Double(p.students.flatMap { $0.requests.map(\.alternatives.count) }.max() ?? 1)
        let artificialCost = 2 * (w.section + w.teacherPeriod * Double(p.periodCount * p.dayCount)
                                  + heaviest * (w.unmetElective + w.alternativeRank * ranks) + w.online) + 100
        for (s, student) in p.students.enumerated() {
            for (q, request) in student.requests.enumerated() where request.required {
                let r = row(lp, .request(s, q))
                let c = glp_add_cols(lp, 1)
                glp_set_col_bnds(lp, c, GLP_DB, 0, 1)
                glp_set_obj_coef(lp, c, artificialCost)
                auxUpper[c] = 1
                setEntry(lp, column: c, row: r, 1)
            }
        }
        if let seed {
            let (columns, _) = self.columns(of: seed, patterns: patterns)
            for c in columns {
                addSection(lp, loads: sectionLoads(c.k, teacher: c.teacher, pattern: patterns[c.k][c.pattern], students: c.students), cost: c.cost)
            }
        }
        var best = -Double.infinity
        var center: [Double] = []
        // Wentges smoothing: on Terbuny the master converged in 338 rounds (6.9 s) with it, 234
        // rounds (12 s) without, to the same optimum.
        let baseSmoothing = 0.8
        var smoothing = baseSmoothing
        var sm = glp_smcp()
        glp_init_smcp(&sm)
        sm.msg_lev = GLP_MSG_OFF
        sm.presolve = GLP_OFF
        while !stop.isRaised {
            let left = timeLimit - Date().timeIntervalSince(started)
            guard left > 0.05 else { break }
            // A master LP that stalls (degenerate pivots) is cut short: the bound holds at any
            // duals, and the next columns may unblock it; only an optimal master can converge.
            sm.tm_lim = Int32(clamping: Int(min(left, max(1, 0.05 * timeLimit)) * 1000))
            var optimal = true
            if glp_get_num_cols(lp) > 0 {
                let rc = glp_simplex(lp, &sm)
                optimal = rc == 0 && glp_get_status(lp) == GLP_OPT
                guard optimal || rc == GLP_ETMLIM || rc == GLP_EITLIM else {
                    outcome.note = "the master LP stopped (GLPK \(rc), status \(glp_get_status(lp)))"
                    break
                }
                if !optimal && Date().timeIntervalSince(started) >= timeLimit { break }
            }
            outcome.rounds += 1
            // Rows the master's solution breaks join it; the bound below stays valid meanwhile.
            var broken: [RowKey] = []
            for (key, entries) in pending {
                let activity = entries.reduce(0.0) { $0 + $1.value * glp_get_col_prim(lp, $1.column) }
                let (lo, up) = bounds(key)
                if let up, activity > up + 1e-7 { broken.append(key) } else if let lo, activity < lo - 1e-7 { broken.append(key) }
            }
            if !broken.isEmpty {
                // Re-solve with the broken rows (dual simplex from this basis) before pricing.
                for key in broken { _ = row(lp, key) }
                sm.meth = GLP_DUALP
                continue
            }
            // Duals of the master, and the smoothed ones priced (Wentges): a mix with the duals of
            // the best bound so far, which keeps degenerate masters from swinging their duals.
            let lpDuals = (0..<rowKeys.count).map { r in r == 0 ? 0 : clipped(glp_get_row_dual(lp, Int32(r)), r) }
            center += Array(repeating: 0, count: lpDuals.count - center.count)
            let priced = zip(center, lpDuals).map { smoothing * $0 + (1 - smoothing) * $1 }
            let duals = readDuals(priced)
            // The Lagrangian bound at the priced duals: Σ duals × bounds, the auxiliary columns'
            // reduced costs, and per course its most sections × its least reduced cost.
            var value = data.unmetConstant
            for r in 1..<rowKeys.count {
                let y = priced[r]
                if y > 0 { value += y * rowLower[r]! } else if y < 0 { value += y * rowUpper[r]! }
            }
            for (c, upper) in auxUpper {
                let d = reducedCost(lp, column: c, duals: priced)
                if d < 0 { value += d * upper }
            }
            var leastOfCourse = [Double](repeating: 0, count: p.courses.count)
            var newColumns: [(k: Int, teacher: Int, pattern: Int, students: [(Int, Int)], cost: Double, rc: Double)] = []
            var outOfTime = false
            for k in data.types.indices {
                // A round cut short prices too few columns for a bound: stop without one.
                if stop.isRaised || Date().timeIntervalSince(started) > timeLimit { outOfTime = true; break }
                let found = price(k, patterns: patterns[k], duals: duals, keep: columnsPerType)
                let c = data.types[k].course
                if let least = found.first?.rc { leastOfCourse[c] = min(leastOfCourse[c], least) }
                newColumns += found.filter { $0.rc < -1e-6 }
            }
            if outOfTime { break }
            for c in p.courses.indices where leastOfCourse[c] < 0 { value += courseLimit[c] * leastOfCourse[c] }
            let safe = value - 1e-6 * max(1, abs(value))
            if safe > best {
                best = safe
                center = priced
                outcome.bound = best
                improved(best, "round \(outcome.rounds), \(sectionColumns) section columns, master LP \(String(format: "%.1f", glp_get_obj_val(lp) + data.unmetConstant))")
            }
            // Of the columns priced, those that would improve the master (by its own duals).
            var added = 0
            for col in newColumns {
                let entries = sectionLoads(col.k, teacher: col.teacher, pattern: patterns[col.k][col.pattern], students: col.students)
                let rc = col.cost - entries.reduce(0.0) { total, e in total + (rowOf[e.key].map { Int($0) < lpDuals.count ? lpDuals[Int($0)] : 0 } ?? 0) * e.value }
                if rc < -1e-6 {
                    addSection(lp, loads: entries, cost: col.cost)
                    added += 1
                }
            }
            if added == 0 {
                // Nothing improves the master: converged when priced at its own duals, else price at them.
                if smoothing == 0 && optimal { outcome.converged = true; break }
                smoothing = 0
                continue
            }
            smoothing = baseSmoothing
            sm.meth = GLP_PRIMAL
        }
        outcome.columns = sectionColumns
        return outcome
    }

    /// A dual with the sign its row allows (a ≥ row's dual ≥ 0, a ≤ row's ≤ 0), 0 otherwise.
    func clipped(_ y: Double, _ r: Int) -> Double {
        if y > 0 { return rowLower[r] == nil ? 0 : y }
        if y < 0 { return rowUpper[r] == nil ? 0 : y }
        return 0
    }

    func readDuals(_ y: [Double]) -> Duals {
        var d = Duals(request: p.students.map { [Double](repeating: 0, count: $0.requests.count) },
                      clash: [Double](repeating: 0, count: p.students.count * slots),
                      day: [Double](repeating: 0, count: p.students.count * D),
                      online: [Double](repeating: 0, count: p.students.count * D),
                      week: [Double](repeating: 0, count: p.students.count),
                      teacherSlot: [Double](repeating: 0, count: p.teachers.count * slots),
                      teacherWeek: [Double](repeating: 0, count: p.teachers.count),
                      room: [Double](repeating: 0, count: groupFree.count * slots),
                      maxSections: [Double](repeating: 0, count: p.courses.count))
        for r in 1..<rowKeys.count {
            let y = y[r]
            if y == 0 { continue }
            switch rowKeys[r]! {
            case .request(let s, let q): d.request[s][q] = y
            case .clash(let s, let slot): d.clash[s * slots + slot] = y
            case .day(let s, let day): d.day[s * D + day] = y
            case .online(let s, let day): d.online[s * D + day] = y
            case .week(let s): d.week[s] = y
            case .legs(let s, let q, let k): d.legs[RowKeyTriple(s: s, q: q, k: k)] = y
            case .minutes(let s, let q, let k): d.minutes[RowKeyTriple(s: s, q: q, k: k)] = y
            case .teacherSlot(let t, let slot): d.teacherSlot[t * slots + slot] = y
            case .teacherWeek(let t): d.teacherWeek[t] = y
            case .room(let g, let slot): d.room[g * slots + slot] = y
            case .maxSections(let c): d.maxSections[c] = y
            }
        }
        return d
    }

    /// Travel legs and minutes per day a granted in-person type away from home forces.
    func travel(_ k: Int) -> (legs: Double, minutes: Double) {
        let t = data.types[k]
        guard !t.online, let i = data.into[t.site], let o = data.outOf[t.site] else { return (2, 0) }
        return (2, Double(i + o))
    }

    /// The `keep` columns of type `k` with the least reduced cost (sorted), over every teacher and placement.
    func price(_ k: Int, patterns: [PatternBound.Pattern], duals: Duals, keep: Int)
        -> [(k: Int, teacher: Int, pattern: Int, students: [(Int, Int)], cost: Double, rc: Double)] {
        let t = data.types[k]
        let course = p.courses[t.course]
        let W = Double(course.weeklyPeriods)
        let minSize = max(1, course.minSize)
        let cap = min(course.maxSize, t.capacity)
        let w = p.weights
        let sectionCost = w.section + w.teacherPeriod * W
        let cands = candidates[k]
        guard cands.count >= minSize else { return [] }
        let (legsPerDay, minutesPerDay) = travel(k)
        // Per candidate: its best request's reduced cost before the pattern's slots, and the request.
        var base = [Double](repeating: 0, count: cands.count)
        var baseCost = [Double](repeating: 0, count: cands.count)
        var baseRequest = [Int](repeating: 0, count: cands.count)
        for (i, cand) in cands.enumerated() {
            let s = cand.student
            var bestValue = Double.infinity
            for r in cand.requests {
                var v = r.cost - duals.request[s][r.q] - W * duals.week[s]
                if r.travelDays > 0 {
                    let key = RowKeyTriple(s: s, q: r.q, k: k)
                    if w.siteChange > 0 { v += legsPerDay * Double(r.travelDays) * (duals.legs[key] ?? 0) }
                    if w.studentTravelMinute > 0 { v += minutesPerDay * Double(r.travelDays) * (duals.minutes[key] ?? 0) }
                }
                if v < bestValue { bestValue = v; baseCost[i] = r.cost; baseRequest[i] = r.q }
            }
            base[i] = bestValue
        }
        var results: [(k: Int, teacher: Int, pattern: Int, students: [(Int, Int)], cost: Double, rc: Double)] = []
        var worstKept = Double.infinity
        var deltas = [Double](repeating: 0, count: cands.count)
        var order = [Int](repeating: 0, count: cands.count)
        for teacher in t.teachers {
            let tw = sectionCost - W * duals.teacherWeek[teacher] - duals.maxSections[t.course]
            for (pi, pattern) in patterns.enumerated() {
                var c0 = tw
                var teacherFree = true
                for (j, slot) in pattern.slots.enumerated() {
                    if p.teachers[teacher].busy[slot] { teacherFree = false; break }
                    c0 -= duals.teacherSlot[teacher * slots + slot]
                    if !pattern.online[j] || t.online { for g in groupsOfType[k] { c0 -= duals.room[g * slots + slot] } }
                }
                if !teacherFree { continue }
                var n = 0
                for (i, cand) in cands.enumerated() {
                    let s = cand.student
                    var v = base[i]
                    var free = true
                    for (j, slot) in pattern.slots.enumerated() {
                        if p.students[s].busy[slot] { free = false; break }
                        let d = slot / P
                        v -= duals.clash[s * slots + slot] + duals.day[s * D + d]
                        if pattern.online[j] { v -= duals.online[s * D + d] }
                    }
                    if free, let starts = cand.starts {
                        free = pattern.meetings.allSatisfy { starts[$0.key]?[$0.slot] == true }
                    }
                    if free { deltas[n] = v; order[n] = i; n += 1 }
                }
                guard n >= minSize else { continue }
                // The cheapest students: the minimum size, then every further one with a negative reduced cost.
                var pairs = (0..<n).map { (deltas[$0], order[$0]) }
                pairs.sort { $0.0 < $1.0 }
                var rc = c0
                var chosen: [(Int, Int)] = []
                var cost = sectionCost
                for (j, (v, i)) in pairs.enumerated() {
                    if j >= cap { break }
                    if j >= minSize && v >= 0 { break }
                    rc += v
                    cost += baseCost[i]
                    chosen.append((i, baseRequest[i]))
                }
                if results.count < keep || rc < worstKept {
                    results.append((k, teacher, pi, chosen, cost, rc))
                    results.sort { $0.rc < $1.rc }
                    if results.count > keep { results.removeLast() }
                    worstKept = results.count == keep ? results.last!.rc : .infinity
                }
            }
        }
        return results
    }

    /// A section column: type, teacher, placement (index into the type's patterns), students
    /// (candidate index, request) and cost.
    typealias Column = (k: Int, teacher: Int, pattern: Int, students: [(Int, Int)], cost: Double)

    /// A timetable's sections as columns, where they are in the column space: a placement the
    /// pricing enumerates, and of their students those the pricing would allow. `notes` says what
    /// did not map (a feasible timetable maps entirely: the column space holds every timetable).
    func columns(of seed: IndexedSolution, patterns: [[PatternBound.Pattern]]) -> (columns: [Column], notes: [String]) {
        var typeOf: [String: Int] = [:]
        for (k, t) in data.types.enumerated() { typeOf[t.online ? "\(t.course)|online" : "\(t.course)|\(t.site)"] = k }
        var index: [Int: [[Int]: Int]] = [:]
        var out: [Column] = [], notes: [String] = []
        for (sec, section) in seed.sections.enumerated() {
            let name = "section \(section.id)"
            guard let k = typeOf[section.mode == .online ? "\(section.course)|online" : "\(section.course)|\(section.site)"] else {
                notes.append("\(name): no type"); continue
            }
            guard data.types[k].teachers.contains(section.teacher) else { notes.append("\(name): teacher not of the type"); continue }
            if index[k] == nil {
                index[k] = Dictionary(patterns[k].enumerated().map { ($1.slots.sorted(), $0) }, uniquingKeysWith: { a, _ in a })
            }
            let slotsOfSection = section.meetings.flatMap { m in m.periods.map { m.day * P + $0 } }.sorted()
            guard let pi = index[k]?[slotsOfSection] else { notes.append("\(name): placement not enumerated"); continue }
            let pattern = patterns[k][pi]
            let course = p.courses[data.types[k].course]
            var students: [(Int, Int)] = []
            for a in seed.assignmentsBySection[sec] {
                let assignment = seed.assignments[a]
                let s = assignment.student
                guard let i = candidates[k].firstIndex(where: { $0.student == s }),
                      let r = candidates[k][i].requests.first(where: { $0.q == assignment.request }) else {
                    notes.append("\(name): student \(p.instance.students[s].id) request \(assignment.request) not a candidate"); continue
                }
                guard pattern.slots.allSatisfy({ !p.students[s].busy[$0] }) else {
                    notes.append("\(name): student \(p.instance.students[s].id) busy"); continue
                }
                guard candidates[k][i].starts.map({ st in pattern.meetings.allSatisfy { st[$0.key]?[$0.slot] == true } }) ?? true else {
                    notes.append("\(name): student \(p.instance.students[s].id) cannot attend these starts"); continue
                }
                students.append((i, r.q))
            }
            guard students.count >= max(1, course.minSize), students.count <= min(course.maxSize, data.types[k].capacity) else {
                notes.append("\(name): \(students.count) students left"); continue
            }
            let cost = p.weights.section + p.weights.teacherPeriod * Double(course.weeklyPeriods)
                + students.reduce(0.0) { total, x in total + candidates[k][x.0].requests.first { $0.q == x.1 }!.cost }
            out.append((k, section.teacher, pi, students, cost))
        }
        return (out, notes)
    }

    /// The rows a section column loads, with its coefficients.
    func sectionLoads(_ k: Int, teacher: Int, pattern: PatternBound.Pattern, students: [(Int, Int)]) -> [RowKey: Double] {
        let t = data.types[k]
        let course = p.courses[t.course]
        let W = Double(course.weeklyPeriods)
        var loads: [RowKey: Double] = [:]
        func add(_ key: RowKey, _ v: Double) { loads[key, default: 0] += v }
        let (legsPerDay, minutesPerDay) = travel(k)
        for (i, q) in students {
            let s = candidates[k][i].student
            add(.request(s, q), 1)
            add(.week(s), W)
            for (j, slot) in pattern.slots.enumerated() {
                add(.clash(s, slot), 1)
                add(.day(s, slot / P), 1)
                if pattern.online[j] { add(.online(s, slot / P), 1) }
            }
            if let r = candidates[k][i].requests.first(where: { $0.q == q }), r.travelDays > 0 {
                if p.weights.siteChange > 0 { add(.legs(s, q, k), -legsPerDay * Double(r.travelDays)) }
                if p.weights.studentTravelMinute > 0, minutesPerDay > 0 { add(.minutes(s, q, k), -minutesPerDay * Double(r.travelDays)) }
            }
        }
        add(.teacherWeek(teacher), W)
        for (j, slot) in pattern.slots.enumerated() {
            add(.teacherSlot(teacher, slot), 1)
            if !pattern.online[j] || t.online { for g in groupsOfType[k] { add(.room(g, slot), 1) } }
        }
        if course.maxSections != nil { add(.maxSections(t.course), 1) }
        return loads
    }

    /// A column's reduced cost at `duals` (by GLPK row).
    func reducedCost(_ lp: OpaquePointer, column c: Int32, duals: [Double]) -> Double {
        var d = glp_get_obj_coef(lp, c)
        let n = glp_get_mat_col(lp, c, nil, nil)
        guard n > 0 else { return d }
        var ind = [Int32](repeating: 0, count: Int(n) + 1)
        var val = [Double](repeating: 0, count: Int(n) + 1)
        _ = glp_get_mat_col(lp, c, &ind, &val)
        for i in 1...Int(n) { d -= duals[Int(ind[i])] * val[i] }
        return d
    }

    /// Adds a section column: its cost, and its entries in every row it loads.
    mutating func addSection(_ lp: OpaquePointer, loads: [RowKey: Double], cost: Double) {
        // Request rows are always in the master; the others when broken.
        for (key, _) in loads { if case .request = key { _ = row(lp, key) } }
        let c = glp_add_cols(lp, 1)
        glp_set_col_bnds(lp, c, GLP_LO, 0, 0)
        glp_set_obj_coef(lp, c, cost)
        var entries: [(Int32, Double)] = []
        for (key, v) in loads {
            if let r = rowOf[key] { entries.append((r, v)) } else { pending[key, default: []].append((c, v)) }
        }
        entries.sort { $0.0 < $1.0 }
        var ind: [Int32] = [0] + entries.map(\.0), val: [Double] = [0] + entries.map(\.1)
        glp_set_mat_col(lp, c, Int32(entries.count), &ind, &val)
        sectionColumns += 1
    }
}
