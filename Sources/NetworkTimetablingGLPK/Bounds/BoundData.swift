import TimetablingCore

/// What the time-free relaxations of the bound share (``AggregateBound``, ``PatternBound``): the
/// section types, each student's room in the week, the ways each request can be granted, and the
/// least travel a granted in-person type away from home forces. Every filter here removes only
/// what no timetable meeting every hard rule could use, so models built from it stay relaxations.
struct BoundData {
    /// A section type, as the MIP's: a course in person at one site, or online.
    struct SectionType {
        var course: Int
        var online: Bool
        var site: Int
        var teachers: [Int]
        /// Largest section the rooms allow.
        var capacity: Int
        /// Rooms it may meet in (a blended course's in-person type: the rooms of its in-person meetings).
        var rooms: [Int]
        /// Periods a week a section spends in ``rooms``: all but a blended course's online meetings.
        var roomPeriods: Int
        /// A blended course's in-person type: the host site's online studios, where its online
        /// meetings are taught (empty otherwise).
        var studios: [Int] = []
    }

    /// A student's room for network lessons.
    struct StudentRoom {
        /// Per day: periods the daily hygiene limit and the free periods leave.
        var day: [Int]
        /// Network periods a week.
        var week: Int
        /// Online periods a week: Σ per day of min(online limit, daily room).
        var online: Int
        /// Per day: the longest run of free periods, within the daily room.
        var runs: [Int]
        var canJoinOnline: Bool
    }

    /// One way to grant a request: by a section of `type`, at the rank of the request's best
    /// alternative allowing it.
    struct Option {
        var type: Int
        var rank: Int
        /// The objective's change when granted this way, against leaving the request unmet:
        /// the rank and online terms, minus the unmet elective's weight.
        var cost: Double
        /// Days at least a student travels to the type's site (0: at home, or online).
        var travelDays: Int
    }

    let problem: Problem
    var types: [SectionType] = []
    var typeIndex: [String: Int] = [:]
    var rooms: [StudentRoom] = []
    /// Per student and request: the ways to grant it, by type.
    var options: [[[Option]]] = []
    /// Σ weight × unmetElective over every elective request: the objective with nothing granted.
    var unmetConstant = 0.0
    /// Required requests no type can grant ("student request q").
    var refused: [String] = []
    /// Per site: the shortest way into it and out of it (road or bus), in minutes.
    var into: [Int?] = []
    var outOf: [Int?] = []

    init(problem p: Problem, allowed: Set<Int>?) {
        self.problem = p
        buildTypes()
        buildTravel()
        let w = p.weights
        let D = p.dayCount, P = p.periodCount
        for (s, student) in p.students.enumerated() {
            let free = (0..<D).map { d in (0..<P).filter { !student.busy[d * P + $0] }.count }
            let busyWeek = student.busy.filter { $0 }.count
            let dayRoom = (0..<D).map { d in max(0, min(free[d], student.maxLessonsPerDay - (P - free[d]))) }
            let weekRoom = max(0, min(dayRoom.reduce(0, +), student.maxLessonsPerWeek - busyWeek))
            let onlineRoom = dayRoom.map { min($0, p.maxOnlineLessonsPerDay) }.reduce(0, +)
            let runs = (0..<D).map { d -> Int in
                var best = 0, cur = 0
                for q in 0..<P { if student.busy[d * P + q] { cur = 0 } else { cur += 1; best = max(best, cur) } }
                return min(best, dayRoom[d])
            }
            let canJoinOnline = student.mayAttendOnline
                && (student.onlineFromHome || p.rooms.contains { $0.site == student.home && $0.computerSeats >= 1 })
            rooms.append(StudentRoom(day: dayRoom, week: weekRoom, online: onlineRoom, runs: runs, canJoinOnline: canJoinOnline))

            var perRequest: [[Option]] = []
            for (q, request) in student.requests.enumerated() {
                var best: [Int: Int] = [:]  // type -> rank
                for (rank, alt) in request.alternatives.enumerated() {
                    let course = p.courses[alt.course]
                    if !course.grades.isEmpty && !course.grades.contains(student.grade) { continue }
                    guard Self.fits(course, runs: runs, weekRoom: weekRoom) else { continue }
                    var candidates: [Int] = []
                    if alt.mode != .online {
                        for site in course.inPersonSites where alt.site == nil || alt.site == site {
                            if let k = typeIndex["\(alt.course)|\(site)"] { candidates.append(k) }
                        }
                    }
                    if alt.mode != .inPerson, alt.site == nil, canJoinOnline, let k = typeIndex["\(alt.course)|online"] {
                        candidates.append(k)
                    }
                    for k in candidates where best[k] == nil {
                        if let allowed, !allowed.contains(AggregateBound.key(student: s, course: types[k].course, site: types[k].site, in: p)) {
                            continue
                        }
                        best[k] = rank
                    }
                }
                if !request.required { unmetConstant += w.unmetElective * request.weight }
                if best.isEmpty && request.required { refused.append("\(p.instance.students[s].id) request \(q)") }
                perRequest.append(best.sorted(by: { $0.key < $1.key }).map { k, rank in
                    let t = types[k], course = p.courses[t.course]
                    var cost = w.alternativeRank * request.weight * Double(rank)
                    if !request.required { cost -= w.unmetElective * request.weight }
                    if t.online { cost += w.online }
                    var days = 0
                    if !t.online, t.site != student.home {
                        let inPerson = course.meetingOnline.filter { !$0 }.count
                        days = course.distinctDays ? inPerson : min(1, inPerson)
                    }
                    return Option(type: k, rank: rank, cost: cost, travelDays: days)
                })
            }
            options.append(perRequest)
        }
    }

    /// Section types, as the MIP's: in person per site of the course, one online type.
    private mutating func buildTypes() {
        let p = problem
        // Rooms by site, and the online studios (looked up once: a region has thousands of rooms).
        var roomsAt = [[Int]](repeating: [], count: p.siteCount)
        for r in p.rooms.indices { roomsAt[p.rooms[r].site].append(r) }
        let studios = p.rooms.indices.filter { p.rooms[$0].isOnlineStudio }
        let studioSites = Set(studios.map { p.rooms[$0].site })
        for (c, course) in p.courses.enumerated() {
            for site in course.inPersonSites {
                let teachers = course.teachers.filter { site == p.teachers[$0].home || p.teachers[$0].maySite[site] }
                let rooms = roomsAt[site].filter {
                    course.roomFeatures.isSubset(of: p.rooms[$0].features) && p.rooms[$0].capacity >= course.minSize
                }
                guard !teachers.isEmpty, !rooms.isEmpty else { continue }
                typeIndex["\(c)|\(site)"] = types.count
                // A blended course holds its online meetings in a studio: only the in-person ones use these rooms.
                let online = course.onlineLengths.reduce(0, +)
                let blendedStudios = course.isBlended ? studios.filter { p.rooms[$0].site == site } : []
                types.append(SectionType(course: c, online: false, site: site, teachers: teachers,
                                         capacity: rooms.map { p.rooms[$0].capacity }.max()!, rooms: rooms,
                                         roomPeriods: course.weeklyPeriods - online, studios: blendedStudios))
            }
            if course.online {
                var teachers: [Int] = [], sites = Set<Int>()
                for t in course.teachers where p.teachers[t].mayTeachOnline {
                    let at = (0..<p.siteCount).filter { s in
                        (s == p.teachers[t].home || p.teachers[t].maySite[s]) && studioSites.contains(s)
                    }
                    if !at.isEmpty { teachers.append(t); sites.formUnion(at) }
                }
                guard !teachers.isEmpty else { continue }
                let rooms = studios.filter { sites.contains(p.rooms[$0].site) }
                typeIndex["\(c)|online"] = types.count
                types.append(SectionType(course: c, online: true, site: -1, teachers: teachers, capacity: course.maxSize, rooms: rooms,
                                         roomPeriods: course.weeklyPeriods))
            }
        }
    }

    /// Shortest way into and out of each site (road or bus), for the travel rows.
    private mutating func buildTravel() {
        let p = problem
        let n = p.siteCount
        var minutes = [Int?](repeating: nil, count: n * n)
        for a in 0..<n { for b in 0..<n where a != b { minutes[a * n + b] = p.travel(from: a, to: b) } }
        for run in p.busRuns {
            for i in run.stops.indices {
                for j in run.stops.indices where j > i && run.stops[j].site != run.stops[i].site {
                    let k = run.stops[i].site * n + run.stops[j].site
                    let m = run.stops[j].time - run.stops[i].time
                    if m >= 0 { minutes[k] = min(minutes[k] ?? m, m) }
                }
            }
        }
        into = (0..<n).map { b in (0..<n).compactMap { a in a == b ? nil : minutes[a * n + b] }.min() }
        outOf = (0..<n).map { a in (0..<n).compactMap { b in a == b ? nil : minutes[a * n + b] }.min() }
    }

    /// Per type and slot, whether a section of the type could meet then: some teacher of the type
    /// and (in person) some room of it are free, and at least minSize (and one) of the students who
    /// may ask for its course are free with room left in their day. Its students, teacher and room
    /// must all be there.
    func usableSlots() -> [[Bool]] {
        let p = problem
        let D = p.dayCount, P = p.periodCount
        var askers = [[Int]](repeating: [], count: p.courses.count)
        for (s, student) in p.students.enumerated() {
            for c in Set(student.requests.flatMap { $0.alternatives.map(\.course) }) { askers[c].append(s) }
        }
        let hasRoom: [[Bool]] = p.students.map { student in
            (0..<D).map { d in (0..<P).filter { student.busy[d * P + $0] }.count < student.maxLessonsPerDay }
        }
        return types.map { t in
            let need = max(1, p.courses[t.course].minSize)
            return (0..<p.slotCount).map { slot in
                guard t.teachers.contains(where: { !p.teachers[$0].busy[slot] }) else { return false }
                if !t.online && !(t.rooms + t.studios).contains(where: { !p.rooms[$0].busy[slot] }) { return false }
                var free = 0
                for s in askers[t.course] where !p.students[s].busy[slot] && hasRoom[s][slot / P] {
                    free += 1
                    if free >= need { return true }
                }
                return false
            }
        }
    }

    /// Whether a student's free periods can hold the course's meetings: with distinct days, each
    /// meeting on a day of its own with a free run at least as long (longest first: a day that
    /// holds a longer meeting holds a shorter one); otherwise each meeting fits some day's run and
    /// all of them the week.
    static func fits(_ course: Problem.CourseData, runs: [Int], weekRoom: Int) -> Bool {
        if course.weeklyPeriods > weekRoom { return false }
        let lengths = course.pattern.sorted(by: >)
        if course.distinctDays {
            var days = runs.sorted(by: >)
            for l in lengths {
                guard let i = days.firstIndex(where: { $0 >= l }) else { return false }
                days.remove(at: i)
            }
            return true
        }
        return lengths.allSatisfy { l in runs.contains { $0 >= l } }
    }
}
