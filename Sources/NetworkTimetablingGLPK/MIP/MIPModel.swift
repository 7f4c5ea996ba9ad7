import TimetablingCore
import TimetablingEngines

/// The integer program of a ``Problem``: the ``LinearModel`` handed to GLPK and the maps from its
/// columns back to sections, meetings, assignments and trips. The formulation is written down in
/// docs/MIP.md; the comments below name its sections.
struct MIPModel {
    /// A candidate section: the k-th section of a type; open when one of its configs is chosen.
    struct Candidate {
        var type: Int
        var index: Int
        var name: String
        /// Column of each config of the type (teacher and site).
        var configCols: [Int]
        /// Per meeting (pattern element): (start, column).
        var startCols: [[(start: MIPSets.Start, col: Int)]]
        /// Per slot: the columns of starts whose meeting covers the slot.
        var occupancy: [Int: [Int]]
        /// Blended sections: per slot, the columns of starts of online meetings covering it (a
        /// subset of ``occupancy``; empty for other sections).
        var onlineOccupancy: [Int: [Int]] = [:]
        /// Columns of the assignments into the section.
        var assignCols: [Int] = []
    }

    struct Assignment {
        var student: Int
        var request: Int
        var alternative: Int
        var candidate: Int
        var col: Int
    }

    struct JoinRoom {
        var student: Int
        var candidate: Int
        var room: Int
        var col: Int
    }

    /// One arc of a person-day network in the model: its flow is the sum of `cols` (one road or
    /// no-move column, or one column per bus ride).
    struct ArcVar {
        var arc: DayNetwork.Arc
        var cols: [Int]
        /// The ride of each column (bus arcs only).
        var rides: [BusRide]
    }

    var lp = LinearModel(sense: .minimize)
    let sets: MIPSets
    let names: MIPNames
    var candidates: [Candidate] = []
    var assignments: [Assignment] = []
    var joinRooms: [JoinRoom] = []
    /// Person-day arcs, by `person * dayCount + day` (empty for days without choices).
    var studentArcs: [[ArcVar]] = []
    var teacherArcs: [[ArcVar]] = []
    /// Elastic columns of required requests, by (student, request).
    var dropCols: [(student: Int, request: Int, col: Int)] = []
    /// Required requests no section can satisfy at all (no assignment column).
    var blocked: [(student: Int, request: Int)] = []
    /// Rows that make a required request be met (exactly one assignment, or the drop column).
    var requiredRows: [Int] = []
    /// Symmetry rows by candidate: the candidate opens only after the one before it, and its
    /// first meeting comes later (free them when the order no longer holds, e.g. under locks).
    var symmetryRows: [Int: [Int]] = [:]
    var buildSeconds = 0.0

    var problem: Problem { sets.problem }

    /// Builds the model. With `elastic`, every required request row gets a drop column in [0, 1]
    /// (objective 0; the engine sets the phase's objective). With `strongAttendance`, online
    /// sections get the per-student attendance rows in-person ones have, and every (student,
    /// section) pair a row assign ≤ open: implied by the other rows when the starts are integral,
    /// stronger in the LP relaxation, and about ten times its time on Terbuny (docs/MIP.md, "Lower bounds").
    init(sets: MIPSets, elastic: Bool, strongAttendance: Bool = false) {
        var b = Builder(model: MIPModel(sets: sets))
        b.strongAttendance = strongAttendance
        b.build(elastic: elastic)
        self = b.model
    }

    private init(sets: MIPSets) {
        self.sets = sets
        self.names = MIPNames(problem: sets.problem)
    }
}

/// Writes the rows and columns; split from ``MIPModel`` to keep the per-concept helpers together.
private struct Builder {
    var model: MIPModel
    var p: Problem { model.sets.problem }
    var sets: MIPSets { model.sets }
    var names: MIPNames { model.names }
    var P: Int { p.periodCount }
    var D: Int { p.dayCount }
    var w: Weights { p.weights }

    /// Objective coefficients accumulated per column (added when the column is created).
    private var serial = 0
    /// Per-student attendance rows for online sections too, and assign ≤ open (``MIPModel/init(sets:elastic:strongAttendance:)``).
    var strongAttendance = false

    // Contributions gathered while building candidates and students, consumed by later rows.
    /// Teacher occupancy terms by (teacher, slot) and by (teacher, site, slot).
    var teacherAt: [Int: [(Int, Double)]] = [:]
    var teacherSiteAt: [Int: [(Int, Double)]] = [:]
    var teacherCandidates: [Int: Set<Int>] = [:]
    /// Meetings in each room and slot.
    var roomUse: [Int: [Int]] = [:]
    /// Students joining online from each room and slot.
    var joiners: [Int: [Int]] = [:]
    /// Student attendance columns by (student, slot), with the site the student is at.
    var studentAt: [Int: [(col: Int, site: Int, online: Bool, candidate: Int)]] = [:]
    /// Candidates per course; sizes as terms per candidate.
    var courseCandidates: [[Int]] = []

    /// Occupancy columns by (candidate, slot, part): occ = Σ of the starts whose meeting covers the
    /// slot (0 or 1 when the starts are integral), created on first use. Of a blended section, one
    /// column for its in-person meetings and one for its online ones.
    var occupancyCols: [Int: Int] = [:]

    init(model: MIPModel) { self.model = model }

    /// Which meetings an occupancy column sums: all (sections that are not blended), or a blended
    /// section's in-person or online ones.
    enum Part: Int { case all = 0, inPerson = 1, online = 2 }

    /// The start columns of candidate `ci` covering `slot` in `part`.
    func occupancyTerms(_ ci: Int, _ slot: Int, _ part: Part = .all) -> [Int] {
        let cand = model.candidates[ci]
        let all = cand.occupancy[slot] ?? []
        switch part {
        case .all: return all
        case .online: return cand.onlineOccupancy[slot] ?? []
        case .inPerson:
            let online = Set(cand.onlineOccupancy[slot] ?? [])
            return all.filter { !online.contains($0) }
        }
    }

    mutating func occupancyColumn(_ ci: Int, _ slot: Int, _ part: Part = .all) -> Int {
        let key = (ci * p.slotCount + slot) * 3 + part.rawValue
        if let c = occupancyCols[key] { return c }
        let cand = model.candidates[ci]
        let tag = part == .online ? "occol_" : "occ_"
        let c = col("\(tag)\(cand.name)_\(slotName(slot))", kind: .continuous, upper: 1)
        row("\(tag)\(cand.name)_\(slotName(slot))", [(c, 1)] + occupancyTerms(ci, slot, part).map { ($0, -1.0) }, lower: 0, upper: 0)
        occupancyCols[key] = c
        return c
    }

    mutating func col(_ name: String, kind: LinearModel.Kind = .binary, lower: Double? = 0, upper: Double? = 1, cost: Double = 0) -> Int {
        serial += 1
        return model.lp.addColumn(MIPNames.fit(name, serial: serial), lower: lower, upper: kind == .binary ? 1 : upper, kind: kind, objective: cost)
    }

    /// Adds a row; returns its index.
    @discardableResult
    mutating func row(_ name: String, _ terms: [(Int, Double)], lower: Double? = nil, upper: Double? = nil) -> Int {
        serial += 1
        model.lp.addRow(MIPNames.fit(name, serial: serial), terms: merge(terms), lower: lower, upper: upper)
        return model.lp.rows.count - 1
    }

    /// Sums coefficients of repeated columns (GLPK rejects a column twice in one row).
    private func merge(_ terms: [(Int, Double)]) -> [(Int, Double)] {
        var seen: [Int: Int] = [:]
        var out: [(Int, Double)] = []
        for (c, v) in terms {
            if let i = seen[c] { out[i].1 += v } else { seen[c] = out.count; out.append((c, v)) }
        }
        return out.filter { $0.1 != 0 }
    }

    func slotName(_ t: Int) -> String { names.slot(t, periods: P) }

    mutating func build(elastic: Bool) {
        courseCandidates = [[Int]](repeating: [], count: p.courses.count)
        buildSections()
        buildStudents(elastic: elastic)
        buildCourseRows()
        buildTeacherRows()
        buildRoomRows()
        buildStudentNetworks()
        buildTeacherNetworks()
    }

    // MARK: Sections

    mutating func buildSections() {
        for (ti, type) in sets.types.enumerated() where type.candidates > 0 {
            let course = p.courses[type.course]
            let cname = names.courses[type.course]
            let tag = type.mode == .online ? "ol" : "ip_" + names.sites[type.site]
            let W = type.weeklyPeriods
            var previous: Int? = nil
            for k in 0..<type.candidates {
                let sec = "\(cname)_\(tag)_\(k + 1)"
                let index = model.candidates.count
                // Configs: teacher (and, online, the studio's site).
                let sectionCost = w.section + w.teacherPeriod * Double(W)
                var configCols: [Int] = []
                for cfg in type.configs {
                    var n = "cfg_\(sec)_\(names.teachers[cfg.teacher])"
                    if type.mode == .online { n += "_at_" + names.sites[cfg.site] }
                    configCols.append(col(n, cost: sectionCost))
                }
                let open = configCols.map { ($0, 1.0) }
                if configCols.count > 1 { row("one_cfg_\(sec)", open, upper: 1) }
                // Meeting starts per pattern element.
                var startCols: [[(start: MIPSets.Start, col: Int)]] = []
                var occupancy: [Int: [Int]] = [:]
                var onlineOccupancy: [Int: [Int]] = [:]
                for (e, l) in type.lengths.enumerated() {
                    var list: [(start: MIPSets.Start, col: Int)] = []
                    let key = type.keys[e]
                    for st in type.starts[key] ?? [] {
                        let c = col("meet_\(sec)_m\(e + 1)\(key < 0 ? "ol" : "")_\(names.rooms[st.room])_\(slotName(st.slot))")
                        list.append((st, c))
                        for q in 0..<l {
                            occupancy[st.slot + q, default: []].append(c)
                            if key < 0 { onlineOccupancy[st.slot + q, default: []].append(c) }
                            roomUse[st.room * p.slotCount + st.slot + q, default: []].append(c)
                        }
                    }
                    startCols.append(list)
                    // Each meeting takes exactly one start when the section is open, at the config's site.
                    if type.mode == .online && Set(type.configs.map(\.site)).count > 1 {
                        for site in Set(type.configs.map(\.site)).sorted() {
                            let z = list.filter { p.rooms[$0.start.room].site == site }.map { ($0.col, 1.0) }
                            let y = type.configs.indices.filter { type.configs[$0].site == site }.map { (configCols[$0], -1.0) }
                            row("meets_\(sec)_m\(e + 1)_at_\(names.sites[site])", z + y, lower: 0, upper: 0)
                        }
                    } else {
                        row("meets_\(sec)_m\(e + 1)", list.map { ($0.col, 1.0) } + open.map { ($0.0, -1.0) }, lower: 0, upper: 0)
                    }
                }
                let n = type.lengths.count
                if n >= 2 {
                    if course.distinctDays {
                        for d in 0..<D {
                            var terms: [(Int, Double)] = []
                            for list in startCols { for s in list where s.start.slot / P == d { terms.append((s.col, 1)) } }
                            if terms.count >= 2 { row("days_\(sec)_\(names.days[d])", terms + open.map { ($0.0, -1.0) }, upper: 0) }
                        }
                    } else {
                        for t in occupancy.keys.sorted() where occupancy[t]!.count >= 2 {
                            row("once_\(sec)_\(slotName(t))", occupancy[t]!.map { ($0, 1.0) }, upper: 1)
                        }
                    }
                    // Meetings of equal length (and mode) in increasing order (of day, or of slot).
                    for e in 0..<(n - 1) where type.keys[e] == type.keys[e + 1] {
                        let periods = P, byDay = course.distinctDays
                        let key: (MIPSets.Start) -> Double = { byDay ? Double($0.slot / periods) : Double($0.slot) }
                        let terms = startCols[e].map { ($0.col, key($0.start)) } + startCols[e + 1].map { ($0.col, -key($0.start)) }
                        row("order_\(sec)_m\(e + 1)", terms + open, upper: 0)
                    }
                }
                // Symmetry between candidates of one type: open in order, first meetings in slot order.
                if let prev = previous {
                    let po = model.candidates[prev].configCols.map { ($0, 1.0) }
                    let symOpen = row("sym_open_\(sec)", po + open.map { ($0.0, -1.0) }, lower: 0)
                    let T = Double(p.slotCount)
                    let prevFirst = model.candidates[prev].startCols[0].map { ($0.col, Double($0.start.slot + 1)) }
                    let first = startCols[0].map { ($0.col, -Double($0.start.slot + 1)) }
                    let symLex = row("sym_lex_\(sec)", prevFirst + first + open.map { ($0.0, T) }, upper: T)
                    model.symmetryRows[index] = [symOpen, symLex]
                }
                // Consecutive days.
                if w.consecutiveDays > 0 && n >= 2 && D >= 2 {
                    for e in 0..<n {
                        for f in (e + 1)..<n {
                            let adj = col("adj_\(sec)_m\(e + 1)_m\(f + 1)", kind: .continuous, upper: 1, cost: w.consecutiveDays)
                            for d in 0..<D {
                                var terms = startCols[e].filter { $0.start.slot / P == d }.map { ($0.col, 1.0) }
                                let near = startCols[f].filter { abs($0.start.slot / P - d) == 1 }.map { ($0.col, 1.0) }
                                if terms.isEmpty || near.isEmpty { continue }
                                terms += near
                                row("adj_\(sec)_m\(e + 1)_m\(f + 1)_\(names.days[d])", terms + [(adj, -1)], upper: 1)
                            }
                        }
                    }
                }
                // Teachers: with one config the section's occupancy is the teacher's; otherwise
                // a teaching column per (config, slot) follows the chosen config (docs/MIP.md).
                if type.configs.count == 1 {
                    let t = type.configs[0].teacher, site = type.configs[0].site
                    for (slot, cols) in occupancy {
                        for c in cols {
                            teacherAt[t * p.slotCount + slot, default: []].append((c, 1))
                            teacherSiteAt[(t * p.siteCount + site) * p.slotCount + slot, default: []].append((c, 1))
                        }
                    }
                    teacherCandidates[t, default: []].insert(index)
                } else {
                    var perSlot: [Int: [(Int, Double)]] = [:]
                    var occSites: [Int: Set<Int>] = [:]
                    for (e, list) in startCols.enumerated() {
                        let l = type.lengths[e]
                        for s in list {
                            for q in 0..<l { occSites[s.start.slot + q, default: []].insert(p.rooms[s.start.room].site) }
                        }
                    }
                    for (g, cfg) in type.configs.enumerated() {
                        let t = cfg.teacher
                        let net = sets.teacherNetworks[t]
                        var terms: [(Int, Double)] = []
                        for slot in occupancy.keys.sorted() {
                            let d = slot / P, q = slot % P
                            guard !p.teachers[t].busy[slot],
                                  net[d].nodes.contains(where: { !$0.mandatory && $0.site == cfg.site && $0.period == q }),
                                  occSites[slot]?.contains(cfg.site) == true
                            else { continue }
                            var n = "teach_\(sec)_\(names.teachers[t])"
                            if type.mode == .online { n += "_at_" + names.sites[cfg.site] }
                            let c = col(n + "_" + slotName(slot), kind: .continuous, upper: 1)
                            terms.append((c, 1))
                            perSlot[slot, default: []].append((c, 1))
                            teacherAt[t * p.slotCount + slot, default: []].append((c, 1))
                            teacherSiteAt[(t * p.siteCount + cfg.site) * p.slotCount + slot, default: []].append((c, 1))
                        }
                        var n = "teach_\(sec)_\(names.teachers[t])"
                        if type.mode == .online { n += "_at_" + names.sites[cfg.site] }
                        row(n, terms + [(configCols[g], -Double(W))], lower: 0, upper: 0)
                        teacherCandidates[t, default: []].insert(index)
                    }
                    for slot in perSlot.keys.sorted() {
                        row("teachslot_\(sec)_\(slotName(slot))", perSlot[slot]! + occupancy[slot]!.map { ($0, -1.0) }, upper: 0)
                    }
                }
                model.candidates.append(MIPModel.Candidate(type: ti, index: k, name: sec, configCols: configCols, startCols: startCols,
                                                           occupancy: occupancy, onlineOccupancy: onlineOccupancy))
                courseCandidates[type.course].append(index)
                previous = index
            }
        }
    }

    // MARK: Students

    mutating func buildStudents(elastic: Bool) {
        var byRequest: [Int: [Int]] = [:]  // flat (student, request) -> assignment cols
        var attendance: [Int: [Int]] = [:]  // (candidate, slot) -> attendance cols
        var candidatesOfType = [[Int]](repeating: [], count: sets.types.count)
        for (i, c) in model.candidates.enumerated() { candidatesOfType[c.type].append(i) }
        var requestBase: [Int] = []
        var total = 0
        for s in p.students { requestBase.append(total); total += s.requests.count }

        for st in sets.studentTypes {
            let s = st.student, student = p.students[s]
            let type = sets.types[st.type]
            let sname = names.students[s]
            let W = Double(type.weeklyPeriods)
            let online = type.mode == .online
            let site = online ? student.home : type.site
            for ci in candidatesOfType[st.type] {
                let cand = model.candidates[ci]
                var aCols: [(Int, Double)] = []
                for (q, a) in st.requests {
                    let request = student.requests[q]
                    var cost = w.alternativeRank * request.weight * Double(a)
                    if !request.required { cost -= w.unmetElective * request.weight }
                    if online { cost += w.online }
                    let c = col("assign_\(sname)_q\(q)_\(cand.name)", cost: cost)
                    model.assignments.append(MIPModel.Assignment(student: s, request: q, alternative: a, candidate: ci, col: c))
                    model.candidates[ci].assignCols.append(c)
                    byRequest[requestBase[s] + q, default: []].append(c)
                    aCols.append((c, 1))
                }
                if strongAttendance {
                    // Σ_q assign ≤ open: the section's students only where it is open (it also
                    // holds each of them to one request, as the row below).
                    row("assignopen_\(sname)_\(cand.name)", aCols + cand.configCols.map { ($0, -1.0) }, upper: 0)
                } else if aCols.count >= 2 {
                    row("once_\(sname)_\(cand.name)", aCols, upper: 1)
                }
                // Attendance per slot: follows the section's meetings when assigned.
                var xCols: [(slot: Int, col: Int)] = []
                // The columns of slots attended online (joined from a room or home).
                var onlineX: [(slot: Int, col: Int)] = []
                if type.isBlended {
                    // A blended section: in person at the host site for its in-person meetings, at
                    // home for its online ones; each per-student column follows its part's occupancy.
                    for (slots, part) in [(st.slots, Part.inPerson), (st.onlineSlots, Part.online)] {
                        let atHome = part == .online
                        for slot in slots where !occupancyTerms(ci, slot, part).isEmpty {
                            let c = col("attend\(atHome ? "ol" : "")_\(sname)_\(cand.name)_\(slotName(slot))", kind: .continuous, upper: 1)
                            xCols.append((slot, c))
                            if atHome { onlineX.append((slot, c)) }
                            studentAt[s * p.slotCount + slot, default: []].append((c, atHome ? student.home : type.site, atHome, ci))
                            row("attendocc\(atHome ? "ol" : "")_\(sname)_\(cand.name)_\(slotName(slot))",
                                [(c, 1), (occupancyColumn(ci, slot, part), -1)], upper: 0)
                        }
                    }
                }
                for slot in st.slots where !type.isBlended && cand.occupancy[slot] != nil {
                    let c = col("attend_\(sname)_\(cand.name)_\(slotName(slot))", kind: .continuous, upper: 1)
                    xCols.append((slot, c))
                    attendance[ci * p.slotCount + slot, default: []].append(c)
                    studentAt[s * p.slotCount + slot, default: []].append((c, site, online, ci))
                    // In person, the student sits there only when the section meets then (docs/MIP.md,
                    // "Attendance"); online sections keep the aggregated row below only, unless
                    // the rows are wanted strong.
                    if !online || strongAttendance {
                        row("attendocc_\(sname)_\(cand.name)_\(slotName(slot))", [(c, 1), (occupancyColumn(ci, slot), -1)], upper: 0)
                    }
                    if online { onlineX.append((slot, c)) }
                }
                row("attend_\(sname)_\(cand.name)", xCols.map { ($0.col, 1.0) } + aCols.map { ($0.0, -W) }, lower: 0, upper: 0)
                // Joining online lessons (an online section's, a blended one's online meetings) from a computer room.
                if type.needsJoin, case let .rooms(rooms) = sets.join[s] {
                    let Wol = Double(type.onlinePeriods)
                    if rooms.count == 1 {
                        for x in onlineX { joiners[rooms[0] * p.slotCount + x.slot, default: []].append(x.col) }
                    } else {
                        var perSlot: [Int: [(Int, Double)]] = [:]
                        var jr: [(Int, Double)] = []
                        for r in rooms {
                            let j = col("join_\(sname)_\(cand.name)_\(names.rooms[r])")
                            model.joinRooms.append(MIPModel.JoinRoom(student: s, candidate: ci, room: r, col: j))
                            jr.append((j, 1))
                            var sum: [(Int, Double)] = []
                            for x in onlineX {
                                let c = col("joinslot_\(sname)_\(cand.name)_\(names.rooms[r])_\(slotName(x.slot))", kind: .continuous, upper: 1)
                                sum.append((c, 1))
                                perSlot[x.slot, default: []].append((c, 1))
                                joiners[r * p.slotCount + x.slot, default: []].append(c)
                            }
                            row("joinsum_\(sname)_\(cand.name)_\(names.rooms[r])", sum + [(j, -Wol)], lower: 0, upper: 0)
                        }
                        row("join_\(sname)_\(cand.name)", jr + aCols.map { ($0.0, -1.0) }, lower: 0, upper: 0)
                        for x in onlineX {
                            row("joinslot_\(sname)_\(cand.name)_\(slotName(x.slot))", (perSlot[x.slot] ?? []) + [(x.col, -1)], lower: 0, upper: 0)
                        }
                    }
                }
            }
        }

        // Attendance only where the section meets: Σ_s attend ≤ cap · (section meets at t); with the
        // per-student sums above this is exact (docs/MIP.md, "Attendance"). In person, where each
        // student's attendance is already tied to the occupancy, the row is kept only when the
        // section's maximum size binds.
        for key in attendance.keys.sorted() {
            let ci = key / p.slotCount, slot = key % p.slotCount
            let cand = model.candidates[ci]
            let xs = attendance[key]!
            let cap = Double(min(xs.count, p.courses[sets.types[cand.type].course].maxSize))
            if sets.types[cand.type].mode == .inPerson {
                guard cap < Double(xs.count) else { continue }
                row("attendslot_\(cand.name)_\(slotName(slot))", xs.map { ($0, 1.0) } + [(occupancyColumn(ci, slot), -cap)], upper: 0)
            } else {
                row("attendslot_\(cand.name)_\(slotName(slot))", xs.map { ($0, 1.0) } + cand.occupancy[slot]!.map { ($0, -cap) }, upper: 0)
            }
        }

        // Requests: at most one assignment; required ones exactly one (or dropped, elastic).
        for (s, student) in p.students.enumerated() {
            let sname = names.students[s]
            for (q, request) in student.requests.enumerated() {
                let cols = byRequest[requestBase[s] + q] ?? []
                if !request.required {
                    model.lp.objectiveConstant += w.unmetElective * request.weight
                    if cols.count >= 2 { row("req_\(sname)_q\(q)", cols.map { ($0, 1.0) }, upper: 1) }
                    continue
                }
                if cols.isEmpty {
                    model.blocked.append((s, q))
                    continue
                }
                var terms = cols.map { ($0, 1.0) }
                if elastic {
                    let d = col("drop_\(sname)_q\(q)", kind: .continuous, upper: 1)
                    model.dropCols.append((s, q, d))
                    terms.append((d, 1))
                }
                model.requiredRows.append(row("req_\(sname)_q\(q)", terms, lower: 1, upper: 1))
            }
        }

        // Groups: every member in the same candidate section, or none of them in it.
        var groupCol: [Int: Int] = [:]  // (flat request * candidates + candidate) -> assignment col
        let nc = model.candidates.count
        if !p.groups.isEmpty {
            for a in model.assignments { groupCol[(requestBase[a.student] + a.request) * nc + a.candidate] = a.col }
        }
        for (gi, g) in p.groups.enumerated() {
            let flats = g.members.map { requestBase[$0.student] + $0.request }
            guard flats.count > 1 else { continue }
            for ci in 0..<nc {
                let cols = flats.map { groupCol[$0 * nc + ci] }
                guard cols.contains(where: { $0 != nil }) else { continue }
                if cols.contains(where: { $0 == nil }) {
                    // Some member cannot be in this candidate: nobody of the group is.
                    for c in cols.compactMap({ $0 }) { row("grp\(gi)_no_\(model.candidates[ci].name)", [(c, 1)], upper: 0) }
                    continue
                }
                let lead = cols[0]!
                for (k, c) in cols.enumerated().dropFirst() {
                    row("grp\(gi)_\(k)_\(model.candidates[ci].name)", [(lead, 1), (c!, -1)], lower: 0, upper: 0)
                }
            }
        }

        // Clashes and hygiene per student.
        for s in p.students.indices {
            let sname = names.students[s]
            var perDay = [[(Int, Double)]](repeating: [], count: D)
            var onlinePerDay = [[(Int, Double)]](repeating: [], count: D)
            var week: [(Int, Double)] = []
            for slot in 0..<p.slotCount {
                guard let terms = studentAt[s * p.slotCount + slot] else { continue }
                if terms.count >= 2 { row("clash_student_\(sname)_\(slotName(slot))", terms.map { ($0.col, 1.0) }, upper: 1) }
                perDay[slot / P] += terms.map { ($0.col, 1.0) }
                onlinePerDay[slot / P] += terms.filter(\.online).map { ($0.col, 1.0) }
                week += terms.map { ($0.col, 1.0) }
            }
            for d in 0..<D {
                if perDay[d].count > sets.dayRoom[s][d] {
                    row("day_\(sname)_\(names.days[d])", perDay[d], upper: Double(max(sets.dayRoom[s][d], 0)))
                }
                if onlinePerDay[d].count > p.maxOnlineLessonsPerDay {
                    row("online_\(sname)_\(names.days[d])", onlinePerDay[d], upper: Double(p.maxOnlineLessonsPerDay))
                }
            }
            if week.count > sets.weekRoom[s] { row("week_\(sname)", week, upper: Double(max(sets.weekRoom[s], 0))) }
        }
    }

    // MARK: Courses: sizes, capacity, sections, imbalance

    mutating func buildCourseRows() {
        for (c, course) in p.courses.enumerated() {
            let cands = courseCandidates[c]
            guard !cands.isEmpty else { continue }
            let cname = names.courses[c]
            let maxSize = Double(course.maxSize)
            for ci in cands {
                let cand = model.candidates[ci]
                let type = sets.types[cand.type]
                let size = cand.assignCols.map { ($0, 1.0) }
                let open = cand.configCols.map { ($0, 1.0) }
                if course.minSize > 0 { row("minsize_\(cand.name)", open.map { ($0.0, Double(course.minSize)) } + size.map { ($0.0, -1.0) }, upper: 0) }
                row("maxsize_\(cand.name)", size + open.map { ($0.0, -maxSize) }, upper: 0)
                if type.mode == .inPerson {
                    // A blended section's online meetings are taught from a studio: its students are not in the room.
                    for (e, list) in cand.startCols.enumerated()
                    where type.keys[e] > 0 && list.contains(where: { p.rooms[$0.start.room].capacity < course.maxSize }) {
                        let cap = list.map { ($0.col, -Double(min(p.rooms[$0.start.room].capacity, course.maxSize))) }
                        row("capacity_\(cand.name)_m\(e + 1)", size + cap, upper: 0)
                    }
                }
            }
            if let m = course.maxSections, cands.count > m {
                row("maxsections_\(cname)", cands.flatMap { model.candidates[$0].configCols.map { ($0, 1.0) } }, upper: Double(m))
            }
            if w.sizeImbalance > 0 && cands.count >= 2 {
                let hi = col("size_hi_\(cname)", kind: .continuous, upper: maxSize, cost: w.sizeImbalance)
                let lo = col("size_lo_\(cname)", kind: .continuous, upper: maxSize, cost: -w.sizeImbalance)
                row("size_spread_\(cname)", [(hi, 1), (lo, -1)], lower: 0)
                for ci in cands {
                    let cand = model.candidates[ci]
                    let size = cand.assignCols.map { ($0, 1.0) }
                    row("size_hi_\(cand.name)", size.map { ($0.0, 1.0) } + [(hi, -1)], upper: 0)
                    row("size_lo_\(cand.name)", [(lo, 1)] + size.map { ($0.0, -1.0) } + cand.configCols.map { ($0, maxSize) }, upper: maxSize)
                }
            }
        }
    }

    // MARK: Teachers: weekly maximum and clashes

    mutating func buildTeacherRows() {
        for (t, teacher) in p.teachers.enumerated() {
            let cands = (teacherCandidates[t] ?? []).sorted()
            guard !cands.isEmpty else { continue }
            var terms: [(Int, Double)] = []
            for ci in cands {
                let cand = model.candidates[ci]
                let type = sets.types[cand.type]
                for (g, cfg) in type.configs.enumerated() where cfg.teacher == t { terms.append((cand.configCols[g], Double(type.weeklyPeriods))) }
            }
            if terms.reduce(0, { $0 + $1.1 }) > Double(teacher.maxWeeklyPeriods) {
                row("teacher_max_\(names.teachers[t])", terms, upper: Double(teacher.maxWeeklyPeriods))
            }
            if cands.count >= 2 {
                for slot in 0..<p.slotCount {
                    guard let at = teacherAt[t * p.slotCount + slot], at.count >= 2 else { continue }
                    row("clash_teacher_\(names.teachers[t])_\(slotName(slot))", at, upper: 1)
                }
            }
        }
    }

    // MARK: Rooms: one use per slot, online seats

    mutating func buildRoomRows() {
        for (r, room) in p.rooms.enumerated() {
            for slot in 0..<p.slotCount {
                let uses = roomUse[r * p.slotCount + slot] ?? []
                let joins = joiners[r * p.slotCount + slot] ?? []
                // Seats taken by joiners outside the model (the hybrid engine's fixed part).
                let taken = Double(sets.commitments?.seatsTaken[r * p.slotCount + slot] ?? 0)
                if uses.count >= 2 { row("clash_room_\(names.rooms[r])_\(slotName(slot))", uses.map { ($0, 1.0) }, upper: 1) }
                if !joins.isEmpty || (taken > 0 && !uses.isEmpty) {
                    let seats = Double(room.computerSeats)
                    let limit = room.busy[slot] ? 0 : max(0, seats - taken)
                    if !uses.isEmpty || Double(joins.count) > limit {
                        row("seats_\(names.rooms[r])_\(slotName(slot))", uses.map { ($0, seats) } + joins.map { ($0, 1.0) }, upper: limit)
                    }
                }
            }
        }
    }

    // MARK: Person-day paths

    mutating func buildStudentNetworks() {
        model.studentArcs = [[MIPModel.ArcVar]](repeating: [], count: p.students.count * D)
        var roadTrips: [String: (col: Int, arcs: [Int])] = [:]
        var busTrips: [Int: Int] = [:]
        var riders: [Int: [Int]] = [:]  // (run, day, segment) -> ride cols
        var segmentBase: [Int] = []
        var total = 0
        for run in p.busRuns { segmentBase.append(total); total += max(run.stops.count - 1, 0) }
        var consumed = Set<Int>()
        for (s, student) in p.students.enumerated() {
            let sname = names.students[s]
            for d in 0..<D {
                let net = sets.studentNetworks[s][d]
                let mandatory = (0..<P).map { student.busy[d * P + $0] }
                guard net.hasOptionalNodes else {
                    model.lp.objectiveConstant += w.studentGap * Double(fixedGaps(mandatory))
                    continue
                }
                let presence = net.nodes.map { node -> [(Int, Double)] in
                    guard !node.mandatory else { return [] }
                    consumed.insert((s * p.slotCount + d * P + node.period) * p.siteCount + node.site)
                    return (studentAt[s * p.slotCount + d * P + node.period] ?? []).filter { $0.site == node.site }.map { ($0.col, 1.0) }
                }
                let arcs = addNetwork(net, person: "\(sname)_\(names.days[d])", gapWeight: w.studentGap,
                                      minuteWeight: w.studentTravelMinute, moveWeight: w.siteChange, presence: presence)
                model.studentArcs[s * D + d] = arcs
                // Vehicle trips and bus seats.
                for av in arcs where av.arc.isMove {
                    if av.rides.isEmpty {
                        guard w.vehicleTrip > 0 else { continue }
                        // The bound model counts one trip per (day, from, to) at least: whatever the
                        // departures, a day with such a move has a vehicle trip for it.
                        let relaxed = sets.relaxed
                        let key = "\(d)_\(av.arc.fromSite)_\(av.arc.toSite)" + (relaxed ? "" : "_\(av.arc.depart)")
                        if roadTrips[key] == nil {
                            let n = "trip_\(names.days[d])_\(names.sites[av.arc.fromSite])_\(names.sites[av.arc.toSite])"
                                + (relaxed ? "" : "_\(clockName(av.arc.depart))")
                            roadTrips[key] = (col(n, kind: .continuous, upper: 1, cost: w.vehicleTrip), [])
                        }
                        roadTrips[key]!.arcs.append(av.cols[0])
                    } else {
                        for (c, ride) in zip(av.cols, av.rides) {
                            for seg in ride.fromStop..<ride.toStop { riders[(segmentBase[ride.run] + seg) * D + d, default: []].append(c) }
                            guard w.vehicleTrip > 0 else { continue }
                            let key = ride.run * D + d
                            if busTrips[key] == nil {
                                busTrips[key] = col("bus_\(names.runs[ride.run])_\(names.days[d])", kind: .continuous, upper: 1, cost: w.vehicleTrip)
                            }
                            row("bususe_\(model.lp.columns[c].name)", [(c, 1), (busTrips[key]!, -1)], upper: 0)
                        }
                    }
                }
            }
        }
        // Attendance where the student's day has no such node cannot happen (a safety net: the
        // sets are built to a fixed point, so normally every column has its node).
        for key in studentAt.keys.sorted() {
            let s = key / p.slotCount, slot = key % p.slotCount
            for site in Set(studentAt[key]!.map(\.site)).sorted() where !consumed.contains(key * p.siteCount + site) {
                row("unreachable_\(names.students[s])_\(names.sites[site])_\(slotName(slot))",
                    studentAt[key]!.filter { $0.site == site }.map { ($0.col, 1.0) }, upper: 0)
            }
        }
        for key in roadTrips.keys.sorted() {
            let trip = roadTrips[key]!
            for a in trip.arcs { row("tripuse_\(model.lp.columns[a].name)", [(a, 1), (trip.col, -1)], upper: 0) }
        }
        for (r, run) in p.busRuns.enumerated() {
            for seg in 0..<max(run.stops.count - 1, 0) {
                for d in 0..<D {
                    let cols = riders[(segmentBase[r] + seg) * D + d] ?? []
                    if cols.count > run.seats {
                        row("bus_seats_\(names.runs[r])_\(names.days[d])_s\(seg + 1)", cols.map { ($0, 1.0) }, upper: Double(run.seats))
                    }
                }
            }
        }
    }

    mutating func buildTeacherNetworks() {
        model.teacherArcs = [[MIPModel.ArcVar]](repeating: [], count: p.teachers.count * D)
        var consumed = Set<Int>()
        for (t, teacher) in p.teachers.enumerated() {
            let tname = names.teachers[t]
            for d in 0..<D {
                let net = sets.teacherNetworks[t][d]
                let mandatory = (0..<P).map { teacher.busy[d * P + $0] }
                let hasNodes = net.nodes.contains { n in !n.mandatory && teacherSiteAt[(t * p.siteCount + n.site) * p.slotCount + d * P + n.period] != nil }
                guard hasNodes else {
                    model.lp.objectiveConstant += w.teacherGap * Double(fixedGaps(mandatory))
                    continue
                }
                let presence = net.nodes.map { node -> [(Int, Double)] in
                    guard !node.mandatory else { return [] }
                    let key = (t * p.siteCount + node.site) * p.slotCount + d * P + node.period
                    consumed.insert(key)
                    return teacherSiteAt[key] ?? []
                }
                let arcs = addNetwork(net, person: "\(tname)_\(names.days[d])", gapWeight: w.teacherGap,
                                      minuteWeight: w.teacherTravelMinute, moveWeight: 0, presence: presence)
                model.teacherArcs[t * D + d] = arcs
            }
        }
        for key in teacherSiteAt.keys.sorted() where !consumed.contains(key) {
            let slot = key % p.slotCount, ts = key / p.slotCount
            row("unreachable_\(names.teachers[ts / p.siteCount])_\(names.sites[ts % p.siteCount])_\(slotName(slot))",
                teacherSiteAt[key]!, upper: 0)
        }
    }

    func clockName(_ minutes: Int) -> String { ClockTime.text(minutes).replacingOccurrences(of: ":", with: "") }

    /// Adds one person-day: arc columns, and per node "flow in = flow out = commitment there".
    mutating func addNetwork(_ net: DayNetwork, person: String, gapWeight: Double, minuteWeight: Double, moveWeight: Double,
                             presence: [[(Int, Double)]]) -> [MIPModel.ArcVar] {
        func nodeName(_ i: Int, start: Bool) -> String {
            if i < 0 { return start ? "start" : "end" }
            return "\(names.sites[net.nodes[i].site])_p\(net.nodes[i].period + 1)"
        }
        var arcs: [MIPModel.ArcVar] = []
        var inflow = [[(Int, Double)]](repeating: [], count: net.nodes.count)
        var outflow = [[(Int, Double)]](repeating: [], count: net.nodes.count)
        var source: [(Int, Double)] = []
        for arc in net.arcs {
            let base = "arc_\(person)_\(nodeName(arc.from, start: true))_\(nodeName(arc.to, start: false))"
            var cost = gapWeight * Double(arc.gaps)
            if arc.isMove { cost += moveWeight }
            var cols: [Int] = []
            if arc.rides.isEmpty {
                if arc.isMove { cost += minuteWeight * Double(arc.roadMinutes) }
                cols.append(col(base, kind: .continuous, upper: 1, cost: cost))
            } else {
                for ride in arc.rides {
                    let n = "\(base)_\(names.runs[ride.run])_\(clockName(ride.depart))"
                    cols.append(col(n, cost: cost + minuteWeight * Double(ride.minutes)))
                }
            }
            let terms = cols.map { ($0, 1.0) }
            if arc.from >= 0 { outflow[arc.from] += terms } else { source += terms }
            if arc.to >= 0 { inflow[arc.to] += terms }
            arcs.append(MIPModel.ArcVar(arc: arc, cols: cols, rides: arc.rides))
        }
        row("path_start_\(person)", source, lower: 1, upper: 1)
        for (i, node) in net.nodes.enumerated() {
            let n = nodeName(i, start: true)
            if node.mandatory {
                row("path_in_\(person)_\(n)", inflow[i], lower: 1, upper: 1)
                row("path_out_\(person)_\(n)", outflow[i], lower: 1, upper: 1)
            } else {
                let here = presence[i].map { ($0.0, -$0.1) }
                row("path_in_\(person)_\(n)", inflow[i] + here, lower: 0, upper: 0)
                row("path_out_\(person)_\(n)", outflow[i] + here, lower: 0, upper: 0)
            }
        }
        return arcs
    }
}
