import Foundation
import TimetablingCore

/// The problem without times: a small integer program whose optimum is at most the objective of
/// any timetable meeting every hard rule (docs/MIP.md, "Lower bounds: the aggregate").
///
/// Columns: *grant* (student, request, section type) in [0, 1], binary — the request is granted
/// by a section of that (course, mode, site), at the rank of its best alternative allowing it;
/// *sections* (type) and *taught* (type, teacher), integer — sections opened and who teaches them.
/// Rows, each implied by the rules for any timetable:
/// - a request is granted at most once (required: exactly once);
/// - minSize · sections ≤ Σ grants ≤ min(maxSize, the largest room) · sections; sections of a
///   course ≤ maxSections; sections of a type = Σ taught;
/// - a teacher's weekly periods ≤ min(maxWeeklyPeriods, free periods);
/// - a student's network periods ≤ free periods and the weekly hygiene room; online periods ≤
///   Σ per day of min(online limit, free periods, daily hygiene room);
/// - per site and room group, the periods of in-person sections ≤ the free periods of the rooms
///   they may use; online sections' periods ≤ the online studios' free periods;
/// - travel: a student granted an in-person section away from home travels there on at least
///   as many days as its meetings need (one day without `distinctDays`), with at least two legs
///   and the shortest way in and out of that site on each: legs and minutes ≥ that, per type.
///
/// Objective: the checker's terms unmetElective, alternativeRank, onlineEnrolments, sections,
/// teacherPeriods, siteChanges and studentTravelMinutes, as far as these columns fix them; the
/// other terms are counted as 0 (they are never negative). Locks and the change terms of a
/// re-plan are left out, which only lowers the bound.
///
/// A type a request cannot use in any timetable is left out: the grade is not allowed, no
/// teacher may teach it, no room has the features, the student may not join online, or the
/// student's free periods cannot hold the course's meetings.
struct AggregateBound {
    enum Outcome {
        case bound(Double, optimal: Bool, String)
        case infeasible(String)
        case none(String)
    }

    let problem: Problem
    /// The (student, section type) pairs that some timetable could use, when known: the MIP's
    /// index sets (``MIPSets``), whose filters run to a fixed point over students', teachers' and
    /// rooms' free periods, travel and minimum sizes. Keys from ``key(student:course:site:)``.
    var allowed: Set<Int>? = nil

    /// The program is not built (and GLPK not started) when its columns would be more than this:
    /// on the region preset the aggregate has ~1.07 million columns, GLPK found no bound in 48 s, and
    /// the process peaked at 1.4 GB instead of 330 MB. nil: no limit.
    var maxColumns: Int?

    init(problem: Problem, allowed: Set<Int>? = nil, maxColumns: Int? = nil) {
        self.problem = problem
        self.allowed = allowed
        self.maxColumns = maxColumns
    }

    /// The key of a (student, course, site) pair in ``allowed``; site -1 for online.
    static func key(student: Int, course: Int, site: Int, in p: Problem) -> Int {
        (student * p.courses.count + course) * (p.siteCount + 1) + site + 1
    }

    /// The pairs the index sets keep (every section count, the bound model's travel).
    static func allowed(by sets: MIPSets) -> Set<Int> {
        Set(sets.studentTypes.map { st in
            let t = sets.types[st.type]
            return key(student: st.student, course: t.course, site: t.mode == .online ? -1 : t.site, in: sets.problem)
        })
    }

    typealias TypeInfo = BoundData.SectionType

    func solve(timeLimit: Double, stop: StopFlag) -> Outcome {
        let started = Date()
        let (lp, info) = model()
        if let info { return info }
        guard !stop.isRaised else { return .none("stopped") }
        var glpk = GLPKSolver(timeLimit: max(0.2, timeLimit - Date().timeIntervalSince(started)), relativeGap: 0, presolve: true)
        glpk.mirCuts = true
        glpk.coverCuts = true
        glpk.cliqueCuts = true
        glpk.gomoryCuts = true
        glpk.polishContinuous = false
        let size = "\(lp.rows.count) rows, \(lp.columns.count) columns"
        do {
            let out = try glpk.solve(lp, progress: nil, shouldStop: { stop.isRaised })
            switch out.status {
            case .optimal:
                return .bound(out.objective!, optimal: true, size)
            case .infeasible:
                return .infeasible(size)
            default:
                if let b = out.bound {
                    return .bound(out.objective.map { min($0, b) } ?? b, optimal: false, size)
                }
                return .none("no bound within the time (\(size))")
            }
        } catch {
            return .none("GLPK refused it: \(error)")
        }
    }

    /// The model, or the answer when there is nothing to solve.
    func model() -> (LinearModel, Outcome?) {
        let p = problem
        let w = p.weights
        var lp = LinearModel()

        let data = BoundData(problem: p, allowed: allowed)
        let types = data.types
        if let maxColumns {
            let columns = data.options.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } + types.reduce(0) { $0 + 1 + $1.teachers.count }
            if columns > maxColumns {
                return (lp, .none("not built: ~\(MIPSets.SizeEstimate.count(columns)) columns, more than the "
                                  + "\(MIPSets.SizeEstimate.count(maxColumns)) GLPK gets through in the time"))
            }
        }
        let into = data.into, outOf = data.outOf

        let maxLength = p.courses.flatMap(\.pattern).max() ?? 1
        let usable = data.usableSlots()
        let sectionCols = types.enumerated().map { k, t in
            let course = p.courses[t.course]
            return lp.addColumn("sections_\(k)", lower: 0, upper: Double(course.maxSections ?? 1_000_000), kind: .integer,
                                objective: w.section + w.teacherPeriod * Double(course.weeklyPeriods))
        }
        var taughtCols: [[(teacher: Int, col: Int)]] = []
        for (k, t) in types.enumerated() {
            taughtCols.append(t.teachers.map { ($0, lp.addColumn("taught_\(k)_\($0)", lower: 0, kind: .integer)) })
            lp.addRow("taught_\(k)", terms: [(sectionCols[k], 1)] + taughtCols[k].map { ($0.col, -1.0) }, lower: 0, upper: 0)
        }

        var grantsOfType = [[Int]](repeating: [], count: types.count)
        for (s, student) in p.students.enumerated() {
            let room = data.rooms[s]
            var weekTerms: [(Int, Double)] = [], onlineTerms: [(Int, Double)] = []
            var longTerms: [(Int, [Int])] = []
            var legs: Int? = nil, travel: Int? = nil
            func legsCol() -> Int {
                if let legs { return legs }
                let c = lp.addColumn("legs_\(s)", lower: 0, objective: w.siteChange)
                legs = c
                return c
            }
            func travelCol() -> Int {
                if let travel { return travel }
                let c = lp.addColumn("minutes_\(s)", lower: 0, objective: w.studentTravelMinute)
                travel = c
                return c
            }
            for (q, request) in student.requests.enumerated() {
                let options = data.options[s][q]
                if options.isEmpty { continue }
                var grants: [(Int, Double)] = []
                for o in options {
                    let k = o.type
                    let t = types[k], course = p.courses[t.course]
                    let x = lp.addColumn("grant_\(s)_\(q)_\(k)", kind: .binary, objective: o.cost)
                    grants.append((x, 1))
                    grantsOfType[k].append(x)
                    let W = Double(course.weeklyPeriods)
                    weekTerms.append((x, W))
                    longTerms.append((x, course.pattern))
                    if t.online { onlineTerms.append((x, W)) }
                    // A blended course's online meetings count as online periods, and need no travel.
                    if !t.online && course.isBlended { onlineTerms.append((x, Double(course.onlineLengths.reduce(0, +)))) }
                    if !t.online, t.site != student.home {
                        let days = Double(o.travelDays)
                        if w.siteChange > 0 { lp.addRow("legs_\(s)_\(q)_\(k)", terms: [(legsCol(), 1), (x, -2 * days)], lower: 0) }
                        if w.studentTravelMinute > 0, let i = into[t.site], let o = outOf[t.site] {
                            lp.addRow("minutes_\(s)_\(q)_\(k)", terms: [(travelCol(), 1), (x, -Double(i + o) * days)], lower: 0)
                        }
                    }
                }
                lp.addRow("request_\(s)_\(q)", terms: grants, lower: request.required ? 1 : nil, upper: 1)
            }
            if !weekTerms.isEmpty { lp.addRow("week_\(s)", terms: weekTerms, upper: Double(room.week)) }
            // Meetings of length L or more: at most ⌊room / L⌋ of them fit a day.
            for L in 2...max(2, maxLength) {
                let terms = longTerms.compactMap { x, lengths -> (Int, Double)? in
                    let n = lengths.filter { $0 >= L }.count
                    return n > 0 ? (x, Double(n)) : nil
                }
                let dayRoom = room.day.reduce(0) { $0 + $1 / L }
                if !terms.isEmpty && Double(dayRoom) < terms.reduce(0, { $0 + $1.1 }) {
                    lp.addRow("long_\(s)_\(L)", terms: terms, upper: Double(dayRoom))
                }
            }
            if !onlineTerms.isEmpty { lp.addRow("online_\(s)", terms: onlineTerms, upper: Double(room.online)) }
        }
        lp.objectiveConstant = data.unmetConstant
        if !data.refused.isEmpty {
            let refused = data.refused
            return (lp, .infeasible("required requests no section type can grant: " + refused.prefix(3).joined(separator: ", ")
                                    + (refused.count > 3 ? ", …" : "")))
        }

        // Section sizes and counts.
        for (k, t) in types.enumerated() {
            let course = p.courses[t.course]
            let grants = grantsOfType[k].map { ($0, 1.0) }
            let cap = Double(min(course.maxSize, t.capacity))
            lp.addRow("size_max_\(k)", terms: grants + [(sectionCols[k], -cap)], upper: 0)
            if course.minSize > 0 { lp.addRow("size_min_\(k)", terms: grants + [(sectionCols[k], -Double(course.minSize))], lower: 0) }
            if grants.isEmpty && course.minSize > 0 { lp.setBounds(sectionCols[k], lower: 0, upper: 0) }
        }
        for c in p.courses.indices {
            guard let max = p.courses[c].maxSections else { continue }
            let cols = types.indices.filter { types[$0].course == c }.map { (sectionCols[$0], 1.0) }
            if !cols.isEmpty { lp.addRow("max_sections_\(c)", terms: cols, upper: Double(max)) }
        }
        // Teachers' weeks.
        for (t, teacher) in p.teachers.enumerated() {
            var terms: [(Int, Double)] = []
            for (k, ty) in types.enumerated() {
                for x in taughtCols[k] where x.teacher == t { terms.append((x.col, Double(p.courses[ty.course].weeklyPeriods))) }
            }
            guard !terms.isEmpty else { continue }
            // Only slots where some type the teacher may teach can meet.
            let mine = types.indices.filter { k in taughtCols[k].contains { $0.teacher == t } }
            let free = (0..<p.slotCount).filter { slot in !teacher.busy[slot] && mine.contains { usable[$0][slot] } }.count
            lp.addRow("teacher_\(t)", terms: terms, upper: Double(min(teacher.maxWeeklyPeriods, free)))
        }
        // Rooms: the meetings of the types that may only use rooms of a group fit the group's free periods.
        var groups = Set<[Int]>()
        for t in types where !t.rooms.isEmpty { groups.insert(t.rooms) }
        for (g, group) in groups.sorted(by: { $0.lexicographicallyPrecedes($1) }).enumerated() {
            let members = Set(group)
            let inside = types.indices.filter { Set(types[$0].rooms).isSubset(of: members) }
            let terms = inside.map { (sectionCols[$0], Double(types[$0].roomPeriods)) }
            let free = group.reduce(0) { total, r in
                total + (0..<p.slotCount).filter { slot in !p.rooms[r].busy[slot] && inside.contains { usable[$0][slot] } }.count
            }
            lp.addRow("rooms_\(g)", terms: terms, upper: Double(free))
        }
        return (lp, nil)
    }
}
