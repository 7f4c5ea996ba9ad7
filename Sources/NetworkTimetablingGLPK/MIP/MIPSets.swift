import TimetablingCore
import TimetablingEngines

/// The index sets of the integer program, pre-filtered so that the model has variables only for
/// combinations that can be part of a feasible timetable (docs/MIP.md, "Sets").
///
/// Sections are grouped in *types* (course, mode, site): all candidate sections of a type are
/// interchangeable, which the model's symmetry-breaking rows exploit. A type's meeting starts
/// (room, first slot) are kept only when a room is free, a teacher of the type is free and can be
/// there, and enough students could attend. Person-days are ``DayNetwork``s. Filtering runs to a
/// fixed point, since each filter can remove what another relied on.
struct MIPSets {
    struct Config: Hashable {
        var teacher: Int
        /// Where the teacher is: the host site in person, the studio's site online.
        var site: Int
    }

    struct Start: Hashable {
        var room: Int
        /// First slot (`day * periodCount + period`).
        var slot: Int
    }

    struct SectionType {
        var course: Int
        var mode: DeliveryMode
        /// In person: the host site; online: -1 (the teacher's site is part of the config).
        var site: Int
        var configs: [Config]
        var rooms: [Int]
        /// The course's pattern, longest meetings first (equal lengths adjacent; of a blended
        /// course's, the in-person meetings of a length before the online ones).
        var lengths: [Int]
        /// Per meeting (element of ``lengths``): the key of its starts, ``MIPSets/key(length:online:)``
        /// — the length, negated for a meeting a blended course's in-person section holds online.
        var keys: [Int]
        /// Blended in-person types: the online studios at the host site, the rooms of the online
        /// meetings (empty otherwise).
        var studios: [Int] = []
        /// Feasible starts by meeting key (the length, or minus the length of a blended online meeting).
        var starts: [Int: [Start]]
        /// Candidate sections of this type in the model.
        var candidates: Int = 0
        var weeklyPeriods: Int { lengths.reduce(0, +) }
        /// An in-person type of a blended course: some meetings are held online.
        var isBlended: Bool { keys.contains { $0 < 0 } }
        /// Periods a week the students attend online from home: every meeting of an online type,
        /// the online meetings of a blended one.
        var onlinePeriods: Int { mode == .online ? weeklyPeriods : keys.filter { $0 < 0 }.reduce(0) { $0 - $1 } }
        /// Whether students attend the meetings of starts with `key` online (at their home site).
        func isOnline(key: Int) -> Bool { mode == .online || key < 0 }
        /// Whether students join some meeting online (and so need a way to join).
        var needsJoin: Bool { mode == .online || isBlended }
    }

    /// The key of a meeting's starts: its length, negated when a blended course's in-person
    /// section holds it online (its rooms are studios, its students at home).
    static func key(length: Int, online: Bool) -> Int { online ? -length : length }

    /// The model's order of a section's meetings: longest first, of equal length in person before
    /// online, then by slot (the order of ``SectionType/keys`` and of the `order_` rows).
    static func precedes(_ a: (length: Int, online: Bool, slot: Int), _ b: (length: Int, online: Bool, slot: Int)) -> Bool {
        if a.length != b.length { return a.length > b.length }
        if a.online != b.online { return !a.online }
        return a.slot < b.slot
    }

    /// How a student joins online lessons.
    enum Join: Equatable {
        case none
        case fromHome
        case rooms([Int])
    }

    /// A student who may join sections of a type, with the requests that allow it.
    struct StudentType {
        var student: Int
        var type: Int
        /// (request, best alternative) pairs whose alternatives allow the type.
        var requests: [(request: Int, alternative: Int)]
        /// Starts by length the student can attend.
        var starts: [Int: Set<Start>]
        /// Slots the student may spend in a section of the type (union of covered slots): at the
        /// type's site in person, at home online; of a blended type, those of its in-person meetings.
        var slots: [Int]
        /// Blended types: the slots of the online meetings, spent at home (empty otherwise).
        var onlineSlots: [Int] = []
    }

    let problem: Problem
    var types: [SectionType] = []
    var studentTypes: [StudentType] = []
    var studentNetworks: [[DayNetwork]] = []
    var teacherNetworks: [[DayNetwork]] = []
    var join: [Join] = []
    /// Periods of lessons a student may still have per day and per week (hygiene minus regular).
    var dayRoom: [[Int]] = []
    var weekRoom: [Int] = []
    var rides: BusRides?

    var studentTraveller: [Traveller] = []
    var teacherTraveller: [Traveller] = []

    /// Extra candidate sections per type beyond the fewest that could seat its students
    /// (⌈students / maxSize⌉); `nil` keeps every section the data allow (exact).
    let sectionSlack: Int?

    /// Candidate sections to keep per type whatever the slack, keyed by ``typeKey(course:mode:site:)``
    /// (the section counts of a warm-start timetable).
    let keepAtLeast: [String: Int]

    /// Sites of fixed commitments away from home, by person and slot (the hybrid engine's
    /// sub-problems: lessons kept from the current timetable are busy periods, at their sites).
    struct Commitments {
        var students: [[Int: Int]]
        var teachers: [[Int: Int]]
        /// Computer seats taken by joiners outside the model, by `room * slotCount + slot`.
        var seatsTaken: [Int: Int] = [:]
    }

    let commitments: Commitments?

    /// Placements a course's sections are held to (the hybrid engine's pinned neighbourhoods:
    /// sections keep their times, rooms and teachers, and only who joins which is re-optimised).
    struct Pinned {
        /// Starts by meeting length.
        var starts: [Int: Set<Start>]
        var teachers: Set<Int>
    }

    /// Pinned placements by course (none: every placement the data allow).
    let pinned: [Int: Pinned]

    /// The bound model (docs/MIP.md, "Lower bounds"): a relaxation of every timetable, so that its
    /// optimum and the bound of its LP are valid lower bounds. Teachers may go by bus as well as by
    /// road (``Traveller/roadOrBus``), road vehicle trips are counted per (day, from, to) whatever
    /// the departure, and changed routes of a re-plan are left out. Needs `sectionSlack == nil`.
    let relaxed: Bool

    /// The sites of `person`'s mandatory periods on day `d` (nil: all at home).
    private func mandatorySites(_ away: [Int: Int]?, home: Int, day d: Int) -> [Int]? {
        guard let away, !away.isEmpty else { return nil }
        let P = problem.periodCount
        return (0..<P).map { away[d * P + $0] ?? home }
    }

    static func typeKey(course: Int, mode: DeliveryMode, site: Int) -> String {
        mode == .online ? "\(course)|online" : "\(course)|inPerson|\(site)"
    }

    init(problem: Problem, sectionSlack: Int? = nil, keepAtLeast: [String: Int] = [:], commitments: Commitments? = nil,
         relaxed: Bool = false, pinned: [Int: Pinned] = [:], groupTrips: [[Problem.GroupTrip]]? = nil) {
        precondition(!relaxed || sectionSlack == nil, "the bound model needs every section count")
        self.relaxed = relaxed
        self.pinned = pinned
        self.problem = problem
        self.commitments = commitments
        self.sectionSlack = sectionSlack
        self.keepAtLeast = keepAtLeast
        let P = problem.periodCount, D = problem.dayCount
        if problem.transportMode == .busRuns { rides = BusRides(problem: problem) }
        // The bound model relaxes every timetable, and a group may share any trip, not only the
        // planners' (the group-trip policy is a choice of the engines): it plans members alone.
        let groupTrips = relaxed ? [[Problem.GroupTrip]](repeating: [], count: problem.students.count)
            : groupTrips ?? problem.groupTrips()
        for (k, s) in problem.students.enumerated() {
            var rooms: [Int] = []
            for d in 0..<D { rooms.append(s.maxLessonsPerDay - (0..<P).filter { s.busy[d * P + $0] }.count) }
            dayRoom.append(rooms)
            weekRoom.append(s.maxLessonsPerWeek - s.busy.filter { $0 }.count)
            studentTraveller.append(Traveller(home: s.home, maxTrip: s.maxOneWayMinutes, latestReturn: s.latestReturn,
                                              byBus: problem.transportMode == .busRuns, groupTrips: groupTrips[k]))
            if !s.mayAttendOnline {
                join.append(.none)
            } else if s.onlineFromHome {
                join.append(.fromHome)
            } else {
                let r = problem.rooms.indices.filter { problem.rooms[$0].site == s.home && problem.rooms[$0].computerSeats >= 1 }
                join.append(r.isEmpty ? .none : .rooms(r))
            }
        }
        teacherTraveller = problem.teachers.map {
            Traveller(home: $0.home, maxTrip: $0.maxOneWayMinutes, latestReturn: $0.latestReturn, byBus: false,
                      roadOrBus: relaxed && problem.transportMode == .busRuns)
        }
        buildTypes()
        refine()
    }

    // MARK: - Types

    private mutating func buildTypes() {
        let p = problem
        for (c, course) in p.courses.enumerated() {
            let lengths = course.pattern.sorted(by: >)
            // In person, a blended course's meetings are (length, held online) pairs: the online
            // ones in a studio of the host site, their students at home (docs/MIP.md, "Blended courses").
            let elements = course.pattern.indices.map { (length: course.pattern[$0], online: course.meetingOnline[$0], slot: 0) }
                .sorted(by: MIPSets.precedes)
            let inPersonKeys = elements.map { MIPSets.key(length: $0.length, online: $0.online) }
            for site in course.inPersonSites {
                let configs = course.teachers.filter { t in
                    (site == p.teachers[t].home || p.teachers[t].maySite[site]) && (!course.isBlended || p.teachers[t].mayTeachOnline)
                }.map { Config(teacher: $0, site: site) }
                let rooms = p.rooms.indices.filter { r in
                    p.rooms[r].site == site && course.roomFeatures.isSubset(of: p.rooms[r].features) && p.rooms[r].capacity >= course.minSize
                }
                let studios = course.isBlended ? p.rooms.indices.filter { p.rooms[$0].site == site && p.rooms[$0].isOnlineStudio } : []
                types.append(SectionType(course: c, mode: .inPerson, site: site, configs: configs, rooms: rooms,
                                         lengths: elements.map(\.length), keys: inPersonKeys, studios: studios, starts: [:]))
            }
            if course.online {
                var configs: [Config] = []
                for t in course.teachers where p.teachers[t].mayTeachOnline {
                    for site in 0..<p.siteCount where site == p.teachers[t].home || p.teachers[t].maySite[site] {
                        if p.rooms.contains(where: { $0.site == site && $0.isOnlineStudio }) { configs.append(Config(teacher: t, site: site)) }
                    }
                }
                let sites = Set(configs.map(\.site))
                let rooms = p.rooms.indices.filter { sites.contains(p.rooms[$0].site) && p.rooms[$0].isOnlineStudio }
                types.append(SectionType(course: c, mode: .online, site: -1, configs: configs, rooms: rooms, lengths: lengths, keys: lengths,
                                         starts: [:]))
            }
        }
        for k in types.indices { if let pin = pinned[types[k].course] { types[k].configs.removeAll { !pin.teachers.contains($0.teacher) } } }
        // Initial starts: the room is free and some teacher of the type is free in every period.
        for k in types.indices {
            var starts: [Int: [Start]] = [:]
            for key in Set(types[k].keys) {
                let l = abs(key)
                var list: [Start] = []
                for r in key < 0 ? types[k].studios : types[k].rooms {
                    let room = p.rooms[r]
                    let teachers = types[k].configs.filter { $0.site == room.site }.map(\.teacher)
                    for d in 0..<p.dayCount {
                        for q in 0...(p.periodCount - l) where q + l <= p.periodCount {
                            let slots = (q..<(q + l)).map { p.slot(day: d, period: $0) }
                            if slots.contains(where: { room.busy[$0] }) { continue }
                            if teachers.contains(where: { t in slots.allSatisfy { !p.teachers[t].busy[$0] } }) {
                                list.append(Start(room: r, slot: p.slot(day: d, period: q)))
                            }
                        }
                    }
                }
                if let pin = pinned[types[k].course] { list.removeAll { !(pin.starts[key]?.contains($0) ?? false) } }
                starts[key] = list
            }
            types[k].starts = starts
        }
    }

    /// Alternatives of a request that a type satisfies, best (lowest index) first.
    func alternative(_ alt: Problem.AlternativeData, allows type: SectionType) -> Bool {
        guard alt.course == type.course else { return false }
        if let m = alt.mode, m != type.mode { return false }
        if let s = alt.site, type.mode != .inPerson || type.site != s { return false }
        return true
    }

    // MARK: - Fixed point

    private mutating func refine() {
        let p = problem
        let P = p.periodCount, D = p.dayCount
        for _ in 0..<8 {
            var changed = false

            // Teachers' days: optional nodes where a start of one of their types may put them.
            var teacherOptional = [[[Int]]](repeating: [[Int]](repeating: [], count: P), count: p.teachers.count * D)
            var teacherOptSet = [Set<Int>](repeating: [], count: p.teachers.count * D)
            for type in types where type.candidates >= 0 {
                for (key, list) in type.starts {
                    let l = abs(key)
                    for st in list {
                        let site = p.rooms[st.room].site
                        let d = st.slot / P, q = st.slot % P
                        for cfg in type.configs where cfg.site == site {
                            let t = cfg.teacher
                            if (q..<(q + l)).contains(where: { p.teachers[t].busy[d * P + $0] }) { continue }
                            for pp in q..<(q + l) where teacherOptSet[t * D + d].insert(site * P + pp).inserted {
                                teacherOptional[t * D + d][pp].append(site)
                            }
                        }
                    }
                }
            }
            teacherNetworks = (0..<p.teachers.count).map { t in
                (0..<D).map { d in
                    let mandatory = (0..<P).map { p.teachers[t].busy[d * P + $0] }
                    return DayNetwork(day: d, mandatory: mandatory, optional: teacherOptional[t * D + d], traveller: teacherTraveller[t],
                                      problem: p, rides: relaxed ? rides : nil,
                                      mandatorySites: mandatorySites(commitments?.teachers[t], home: p.teachers[t].home, day: d))
                }
            }
            let teacherNodes: [Set<Int>] = teacherNetworks.flatMap { $0 }.map { net in
                Set(net.nodes.filter { !$0.mandatory }.map { $0.site * P + $0.period })
            }
            // Starts need a teacher who can be at the room's site in every period of the meeting.
            for k in types.indices {
                for (key, list) in types[k].starts {
                    let l = abs(key)
                    let kept = list.filter { st in
                        let site = p.rooms[st.room].site, d = st.slot / P, q = st.slot % P
                        return types[k].configs.contains { cfg in
                            cfg.site == site && (q..<(q + l)).allSatisfy { teacherNodes[cfg.teacher * D + d].contains(site * P + $0) }
                        }
                    }
                    if kept.count != list.count { types[k].starts[key] = kept; changed = true }
                }
            }

            // Students' days.
            var compatible = [[(type: Int, request: Int, alternative: Int)]](repeating: [], count: p.students.count)
            for (s, student) in p.students.enumerated() {
                for (q, request) in student.requests.enumerated() {
                    for (k, type) in types.enumerated() {
                        guard let a = request.alternatives.firstIndex(where: { alternative($0, allows: type) }) else { continue }
                        let course = p.courses[type.course]
                        if !course.grades.isEmpty && !course.grades.contains(student.grade) { continue }
                        if type.needsJoin && (join[s] == .none || p.maxOnlineLessonsPerDay < 1) { continue }
                        if type.starts.values.allSatisfy(\.isEmpty) { continue }
                        compatible[s].append((k, q, a))
                    }
                }
            }
            studentNetworks = []
            var studentNodes: [[Set<Int>]] = []
            for (s, student) in p.students.enumerated() {
                var optional = [[[Int]]](repeating: [[Int]](repeating: [], count: P), count: D)
                var seen = Set<Int>()
                for k in Set(compatible[s].map(\.type)) {
                    let type = types[k]
                    for (key, list) in type.starts {
                        let l = abs(key), online = type.isOnline(key: key)
                        let site = online ? student.home : type.site
                        if online && l > p.maxOnlineLessonsPerDay { continue }
                        for st in list {
                            let d = st.slot / P, q = st.slot % P
                            if l > dayRoom[s][d] || l > weekRoom[s] { continue }
                            if (q..<(q + l)).contains(where: { student.busy[d * P + $0] }) { continue }
                            for pp in q..<(q + l) where seen.insert((d * P + pp) * p.siteCount + site).inserted {
                                optional[d][pp].append(site)
                            }
                        }
                    }
                }
                var nets: [DayNetwork] = []
                var nodes: [Set<Int>] = []
                for d in 0..<D {
                    let mandatory = (0..<P).map { student.busy[d * P + $0] }
                    let net = DayNetwork(day: d, mandatory: mandatory, optional: optional[d], traveller: studentTraveller[s],
                                         problem: p, rides: rides,
                                         mandatorySites: mandatorySites(commitments?.students[s], home: student.home, day: d))
                    nodes.append(Set(net.nodes.filter { !$0.mandatory }.map { $0.site * P + $0.period }))
                    nets.append(net)
                }
                studentNetworks.append(nets)
                studentNodes.append(nodes)
            }

            // Which students can attend which starts of which types.
            var newStudentTypes: [StudentType] = []
            for (s, student) in p.students.enumerated() {
                var byType: [Int: [(Int, Int)]] = [:]
                for c in compatible[s] { byType[c.type, default: []].append((c.request, c.alternative)) }
                for k in byType.keys.sorted() {
                    let type = types[k]
                    var starts: [Int: Set<Start>] = [:]
                    var slots = Set<Int>(), onlineSlots = Set<Int>()
                    for (key, list) in type.starts {
                        let l = abs(key), online = type.isOnline(key: key)
                        let site = online ? student.home : type.site
                        if online && l > p.maxOnlineLessonsPerDay { continue }
                        var ok = Set<Start>()
                        for st in list {
                            let d = st.slot / P, q = st.slot % P
                            if l > dayRoom[s][d] { continue }
                            if (q..<(q + l)).allSatisfy({ studentNodes[s][d].contains(site * P + $0) }) {
                                ok.insert(st)
                                for pp in q..<(q + l) {
                                    if key < 0 { onlineSlots.insert(d * P + pp) } else { slots.insert(d * P + pp) }
                                }
                            }
                        }
                        starts[key] = ok
                    }
                    let blendedOnline = type.mode == .online ? 0 : type.onlinePeriods
                    guard type.weeklyPeriods <= weekRoom[s], slots.count >= type.weeklyPeriods - blendedOnline,
                          onlineSlots.count >= blendedOnline,
                          MIPSets.patternFits(type.keys, starts: starts, distinctDays: p.courses[type.course].distinctDays, periods: P)
                    else { continue }
                    let reqs = byType[k]!.map { (request: $0.0, alternative: $0.1) }
                    newStudentTypes.append(StudentType(student: s, type: k, requests: reqs, starts: starts, slots: slots.sorted(),
                                                       onlineSlots: onlineSlots.sorted()))
                }
            }
            if newStudentTypes.count != studentTypes.count { changed = true }
            studentTypes = newStudentTypes

            // Starts need enough students; types need room for at least one section.
            var studentsOfType = [[Int]](repeating: [], count: types.count)
            for (i, st) in studentTypes.enumerated() { studentsOfType[st.type].append(i) }
            for k in types.indices {
                let course = p.courses[types[k].course]
                let need = course.minSize
                if need >= 1 {
                    for (key, list) in types[k].starts {
                        let kept = list.filter { st in
                            var n = 0
                            for i in studentsOfType[k] where studentTypes[i].starts[key]?.contains(st) == true {
                                n += 1
                                if n >= need { return true }
                            }
                            return false
                        }
                        if kept.count != list.count { types[k].starts[key] = kept; changed = true }
                    }
                }
                let students = studentsOfType[k].count
                var bound = need >= 1 ? students / need : students
                if let m = course.maxSections { bound = min(bound, m) }
                if let slack = sectionSlack, course.maxSize > 0 {
                    let keep = keepAtLeast[MIPSets.typeKey(course: types[k].course, mode: types[k].mode, site: types[k].site)] ?? 0
                    bound = min(bound, max((students + course.maxSize - 1) / course.maxSize + slack, keep))
                }
                let W = types[k].weeklyPeriods
                let teacherCapacity = Set(types[k].configs.map(\.teacher)).reduce(0) { $0 + p.teachers[$1].maxWeeklyPeriods / max(W, 1) }
                bound = min(bound, teacherCapacity)
                let anyStarts = types[k].starts.mapValues { Set($0) }
                if !MIPSets.patternFits(types[k].keys, starts: anyStarts, distinctDays: course.distinctDays, periods: P) { bound = 0 }
                if bound == 0 && types[k].starts.values.contains(where: { !$0.isEmpty }) {
                    for l in types[k].starts.keys { types[k].starts[l] = [] }
                    changed = true
                }
                if bound != types[k].candidates { types[k].candidates = bound; changed = true }
            }
            if !changed { break }
        }
        // Drop students of types that have no candidate left.
        studentTypes.removeAll { types[$0.type].candidates == 0 }
    }

    /// Whether meetings of `keys` (``key(length:online:)``) can take starts from `starts` without
    /// overlapping (and on distinct days when required). Depth-first search over few meetings;
    /// meetings of equal key take increasing slots, which skips orderings of the same placement.
    static func patternFits(_ keys: [Int], starts: [Int: Set<Start>], distinctDays: Bool, periods: Int) -> Bool {
        var usedSlots = Set<Int>(), usedDays = Set<Int>()
        var chosen = [Int](repeating: -1, count: keys.count)
        func place(_ i: Int) -> Bool {
            if i == keys.count { return true }
            let key = keys[i], l = abs(key)
            guard let options = starts[key] else { return false }
            var tried = Set<Int>()
            for st in options where tried.insert(st.slot).inserted {
                if i > 0 && keys[i - 1] == key && st.slot <= chosen[i - 1] { continue }
                let d = st.slot / periods
                if distinctDays && usedDays.contains(d) { continue }
                let cover = st.slot..<(st.slot + l)
                if cover.contains(where: usedSlots.contains) { continue }
                cover.forEach { usedSlots.insert($0) }
                if distinctDays { usedDays.insert(d) }
                chosen[i] = st.slot
                let ok = place(i + 1)
                cover.forEach { usedSlots.remove($0) }
                if distinctDays { usedDays.remove(d) }
                if ok { return true }
            }
            return false
        }
        return place(0)
    }
}

// MARK: - Size estimate

extension MIPSets {
    /// The size of the model these sets would give, counted from the sets without building a row
    /// (docs/MIP.md, "Size guard"). Columns are counted as ``MIPModel`` creates them (configs,
    /// starts, teaching, assignment, attendance, join and arc columns; trips and objective helpers
    /// are few and left out); rows and nonzeros are close estimates. Used to refuse models that
    /// cannot be solved, or not even built, within the time limit and the memory.
    struct SizeEstimate: CustomStringConvertible {
        var rows = 0
        var columns = 0
        var nonzeros = 0

        /// Bytes of the Swift model plus GLPK's copy, from measured per-element costs (a column
        /// with its name and bounds, a row, a matrix element in both).
        var bytes: Double { Double(columns) * 700 + Double(rows) * 500 + Double(nonzeros) * 120 }

        var description: String {
            "~\(Self.count(rows)) rows × ~\(Self.count(columns)) columns, ~\(Self.count(nonzeros)) nonzeros"
        }

        static func count(_ n: Int) -> String {
            if n >= 1_000_000 { return String(format: "%.1fM", Double(n) / 1e6) }
            if n >= 10_000 { return "\(n / 1000)k" }
            return "\(n)"
        }
    }

    /// A first estimate of the assignment and attendance columns, from the requests alone (no
    /// time or travel filtering, which building the sets does and which takes minutes on the
    /// largest instances): every (student, section type) a request's alternative allows, times the
    /// type's candidate sections, times one assignment per such request and one attendance column
    /// per free slot of the student. The filters only remove combinations, so this is an upper
    /// estimate of that part.
    static func quickColumnEstimate(_ p: Problem, sectionSlack: Int?) -> Int {
        // Types: (course, site) in person, (course, -1) online.
        var studentsOfType: [Int: Int] = [:]
        var pairs: [(type: Int, requests: Int, free: Int)] = []
        for s in p.students {
            let free = s.busy.reduce(0) { $0 + ($1 ? 0 : 1) }
            var mine: [Int: Int] = [:]
            for r in s.requests {
                var seen = Set<Int>()
                for a in r.alternatives {
                    let c = p.courses[a.course]
                    if !c.grades.isEmpty && !c.grades.contains(s.grade) { continue }
                    if a.mode != .online {
                        for site in c.inPersonSites where a.site == nil || a.site == site { seen.insert(a.course * (p.siteCount + 1) + site) }
                    }
                    if a.mode != .inPerson && a.site == nil && c.online && s.mayAttendOnline {
                        seen.insert(a.course * (p.siteCount + 1) + p.siteCount)
                    }
                }
                for k in seen { mine[k, default: 0] += 1 }
            }
            for (k, n) in mine {
                studentsOfType[k, default: 0] += 1
                pairs.append((k, n, free))
            }
        }
        var total = 0
        for (k, requests, free) in pairs {
            let c = p.courses[k / (p.siteCount + 1)]
            let n = studentsOfType[k]!
            var candidates = c.minSize >= 1 ? n / c.minSize : n
            if let m = c.maxSections { candidates = min(candidates, m) }
            if let slack = sectionSlack, c.maxSize > 0 { candidates = min(candidates, (n + c.maxSize - 1) / c.maxSize + slack) }
            total += candidates * (requests + max(c.weeklyPeriods, free))
        }
        return total
    }

    func estimatedSize() -> SizeEstimate {
        let p = problem
        let P = p.periodCount, D = p.dayCount
        var e = SizeEstimate()
        var occupiedSlots = [Set<Int>](repeating: [], count: types.count)
        for (k, type) in types.enumerated() where type.candidates > 0 {
            let n = type.candidates
            var slots = Set<Int>()
            var startCols = 0, startNonzeros = 0
            for key in type.keys {
                let l = abs(key)
                let list = type.starts[key] ?? []
                startCols += list.count
                startNonzeros += list.count * (3 * l + 4)
                for st in list { for q in 0..<l { slots.insert(st.slot + q) } }
            }
            occupiedSlots[k] = slots
            let m = type.lengths.count
            var cols = type.configs.count + startCols
            if p.weights.consecutiveDays > 0 && m >= 2 && D >= 2 { cols += m * (m - 1) / 2 }
            if type.configs.count > 1 { cols += type.configs.count * slots.count }
            e.columns += n * cols
            e.rows += n * (3 + 2 * m + (p.courses[type.course].distinctDays ? D : slots.count) + slots.count
                           + (type.configs.count > 1 ? type.configs.count + slots.count : 0))
            e.nonzeros += n * (startNonzeros + type.configs.count * (4 + m) + (type.configs.count > 1 ? 3 * type.configs.count * slots.count : 0))
        }
        for st in studentTypes {
            let type = types[st.type]
            let n = type.candidates
            guard n > 0 else { continue }
            let attend = (st.slots + st.onlineSlots).reduce(0) { $0 + (occupiedSlots[st.type].contains($1) ? 1 : 0) }
            var cols = st.requests.count + attend
            var nonzeros = st.requests.count * (6 + type.lengths.count) + attend * 7
            if type.needsJoin, case let .rooms(rooms) = join[st.student], rooms.count > 1 {
                cols += rooms.count * (1 + attend)
                nonzeros += rooms.count * (2 + 3 * attend) + attend
            }
            e.columns += n * cols
            e.nonzeros += n * nonzeros
            e.rows += n * (st.requests.count >= 2 ? 2 : 1)
        }
        for s in p.students.indices {
            e.rows += p.students[s].requests.count + P * D / 2
        }
        for nets in studentNetworks + teacherNetworks {
            for net in nets where net.hasOptionalNodes {
                let arcs = net.arcs.reduce(0) { $0 + max(1, $1.rides.count) }
                e.columns += arcs
                e.rows += 1 + 2 * net.nodes.count
                e.nonzeros += 3 * arcs + 2 * net.nodes.count
            }
        }
        e.rows += p.rooms.count * p.slotCount / 2
        return e
    }
}
