import TimetablingCore
/// Joining open sections and opening new ones for one request's alternative.
extension GreedyConstruction {
    /// A candidate new section: its meetings and how many other waiting students could join it.
    struct Placement {
        var teacher: Int
        var site: Int
        var meetings: [PlacedMeeting]
        var capacity: Int
        /// Other students requesting the course, still unplaced, free at every meeting.
        var interest: Int
        /// Change of the opening student's and teacher's travel and gap cost.
        var cost: Double

        /// Better when more of the students that fit can be seated, then cheaper.
        func isBetter(than other: Placement) -> Bool {
            let a = min(interest, capacity - 1), b = min(other.interest, other.capacity - 1)
            if a != b { return a > b }
            return cost < other.cost - 1e-9
        }
    }

    enum PlacementOutcome {
        case placed(Placement)
        case clash(ClashCounts)
    }

    // MARK: - Joining

    /// Puts request `q` in the cheapest open section of alternative `k` that has a free place and
    /// fits the student. O(sections of the course × meetings).
    func joinExisting(_ q: Int, alternative k: Int) -> Bool {
        let s = state.requestStudent[q]
        let alt = state.request(q).alternatives[k]
        let course = problem.courses[alt.course]
        let online = state.canJoinOnline(s)
        var best = -1, bestRoom = -1
        var bestCost = Double.infinity
        for x in state.courseSections[alt.course] {
            let sec = state.sections[x]
            if let m = alt.mode, sec.mode != m { continue }
            if sec.mode == .inPerson, let site = alt.site, sec.site != site { continue }
            if sec.hasOnlineMeetings && !online { continue }
            if sec.members.count >= sec.capacity { continue }
            guard case let .fits(cost) = state.studentFit(s, meetings: sec.meetings, site: sec.site, online: sec.mode == .online)
            else { continue }
            var room = -1
            var total = cost
            if sec.hasOnlineMeetings {
                guard let r = state.joinRoom(s, meetings: sec.onlineMeetings) else { continue }
                room = r
                if sec.mode == .online { total += weights.online }
            }
            // Help sections still short of their minimum to reach it.
            if sec.members.count < course.minSize { total -= fillBonus }
            if total < bestCost - 1e-9 {
                best = x
                bestCost = total
                bestRoom = room
            }
        }
        guard best >= 0 else { return false }
        return state.assign(q, alternative: k, section: best, joinRoom: bestRoom)
    }

    // MARK: - Opening

    /// Opens a new section of alternative `k` of request `q` and places the student in it.
    /// Returns nil on success, else why no section could be opened.
    func openNew(_ q: Int, alternative k: Int) -> AlternativeFailure? {
        let s = state.requestStudent[q]
        let st = problem.students[s]
        let alt = state.request(q).alternatives[k]
        let c = alt.course
        let course = problem.courses[c]
        if let m = course.maxSections, state.courseSections[c].count >= m { return .maxSections(m) }
        if reopenBans[q * problem.courses.count + c, default: 0] >= maxReopenings { return .closedBelowMinimum(course.minSize) }
        if state.studentWeekLoad[s] + Int32(course.weeklyPeriods) > state.studentMaxWeek[s] {
            return .noTime(ClashCounts(hygiene: 1))
        }

        var failure: AlternativeFailure?
        var clashes = ClashCounts()
        var triedTimes = false
        var bestTooFew = 0
        let rules = state.studentRules[s]

        var groupFailed = false
        func settle(_ best: Placement?, mode: DeliveryMode) -> Bool {
            guard let best else { return false }
            if best.interest + 1 >= course.minSize {
                if commit(best, q: q, alternative: k, mode: mode) { return true }
                if !state.groupMates[q].isEmpty { groupFailed = true }
                return false
            }
            bestTooFew = max(bestTooFew, best.interest + 1)
            return false
        }

        // In person, nearest allowed site first. A blended course's online meetings need the
        // student to join online, and the teacher to teach online from a studio of the site.
        let blendedBlocked = course.isBlended && !state.canJoinOnline(s)
        if blendedBlocked && alt.mode != .online { failure = st.mayAttendOnline ? .noOnlineSeat : .onlineNotAllowed }
        if alt.mode != .online && !course.inPersonSites.isEmpty && !blendedBlocked {
            let allowed = alt.site.map { [$0] } ?? course.inPersonSites
            let sites = allowed.filter { state.planner.reachable(from: st.home, to: $0, rules: rules) }
                .sorted { (distance(st.home, $0), $0) < (distance(st.home, $1), $1) }
            if sites.isEmpty { failure = .noReachableSite }
            for site in sites {
                let rooms = classrooms(course: c, site: site)
                if rooms.isEmpty || (course.isBlended && state.studioRooms[site].isEmpty) {
                    failure = failure ?? .noRoom
                    continue
                }
                let teachers = course.teachers.filter {
                    (!course.isBlended || problem.teachers[$0].mayTeachOnline)
                        && state.teacherHours[$0] + course.weeklyPeriods <= problem.teachers[$0].maxWeeklyPeriods
                        && problem.teachers[$0].maySite[site]
                        && state.planner.reachable(from: problem.teachers[$0].home, to: site, rules: state.teacherRules[$0])
                }.sorted {
                    (distance(problem.teachers[$0].home, site), -hoursLeft($0), $0)
                        < (distance(problem.teachers[$1].home, site), -hoursLeft($1), $1)
                }
                if teachers.isEmpty {
                    failure = failure ?? .noTeacher(weeklyPeriods: course.weeklyPeriods)
                    continue
                }
                // Compare the first few teachers that can take the section; skip those who cannot.
                var best: Placement?
                var found = 0
                let waiting = waitingStudents(course: c, mode: .inPerson, site: site, excluding: q)
                var attempts = 0
                for t in teachers where found < teacherTries && attempts < teacherAttempts {
                    if let clash = timeClash(s, t, pattern: course.pattern) {
                        clashes = clashes + clash
                        triedTimes = true
                        continue
                    }
                    attempts += 1
                    switch place(q, alternative: k, mode: .inPerson, site: site, teacher: t, rooms: rooms, waiting: waiting) {
                    case let .placed(p):
                        found += 1
                        if best.map({ p.isBetter(than: $0) }) ?? true { best = p }
                    case let .clash(counts): clashes = clashes + counts
                    }
                    triedTimes = true
                }
                if settle(best, mode: .inPerson) { return nil }
            }
        }

        // Online, from the teacher's studio.
        if alt.mode != .inPerson && course.online {
            if !st.mayAttendOnline {
                failure = failure ?? .onlineNotAllowed
            } else if !state.canJoinOnline(s) {
                failure = failure ?? .noOnlineSeat
            } else {
                let teachers = course.teachers.filter {
                    problem.teachers[$0].mayTeachOnline
                        && state.teacherHours[$0] + course.weeklyPeriods <= problem.teachers[$0].maxWeeklyPeriods
                }.sorted { (-hoursLeft($0), $0) < (-hoursLeft($1), $1) }
                if teachers.isEmpty { failure = failure ?? .noTeacher(weeklyPeriods: course.weeklyPeriods) }
                var best: Placement?
                var found = 0
                let waiting = teachers.isEmpty ? [] : waitingStudents(course: c, mode: .online, site: -1, excluding: q)
                var attempts = 0
                for t in teachers where found < teacherTries && attempts < teacherAttempts {
                    if let clash = timeClash(s, t, pattern: course.pattern) {
                        clashes = clashes + clash
                        triedTimes = true
                        continue
                    }
                    attempts += 1
                    let sites = studioSites(for: t)
                    if sites.isEmpty { failure = failure ?? .noRoom }
                    for site in sites {
                        triedTimes = true
                        switch place(q, alternative: k, mode: .online, site: site, teacher: t, rooms: state.studioRooms[site],
                                     waiting: waiting) {
                        case let .placed(p):
                            found += 1
                            if best.map({ p.isBetter(than: $0) }) ?? true { best = p }
                        case let .clash(counts): clashes = clashes + counts; continue
                        }
                        break
                    }
                }
                if settle(best, mode: .online) { return nil }
            }
        }

        if groupFailed, let g = problem.groups.first(where: { $0.members.contains { $0.student == s && $0.request == state.requestLocal[q] } }) {
            return .groupDoesNotFit(group: g.id, members: g.members.count)
        }
        if bestTooFew > 0 { return .tooFewStudents(found: bestTooFew, minimum: course.minSize) }
        if triedTimes { return .noTime(clashes) }
        return failure ?? .noTeacher(weeklyPeriods: course.weeklyPeriods)
    }

    /// A quick necessary test (with slot bitmasks): are student `s` and teacher `t` both free at
    /// the start of enough meetings of the longest length on distinct days? Returns the clash
    /// (the student's timetable, else the teacher's) when not; nil when they may be, or without masks.
    private func timeClash(_ s: Int, _ t: Int, pattern: [Int]) -> ClashCounts? {
        let sm = state.studentMask, tm = state.teacherMask
        guard !sm.isEmpty, !tm.isEmpty else { return nil }
        let P = state.periodCount
        let longest = pattern.max() ?? 1, needed = min(pattern.count, state.dayCount)
        func days(_ occupied: UInt64) -> Int {
            var days = 0
            for d in 0..<state.dayCount {
                var run = 0
                for p in 0..<P {
                    run = (occupied >> UInt64(d * P + p)) & 1 == 0 ? run + 1 : 0
                    if run >= longest { days += 1; break }
                }
            }
            return days
        }
        if days(sm[s] | tm[t]) >= needed { return nil }
        return days(sm[s]) >= needed ? ClashCounts(teacherBusy: 1) : ClashCounts(studentBusy: 1)
    }

    private func hoursLeft(_ t: Int) -> Int { problem.teachers[t].maxWeeklyPeriods - state.teacherHours[t] }

    private func distance(_ a: Int, _ b: Int) -> Int {
        let t = state.planner.roadMinutes(a, b)
        return t < 0 ? Int(Int32.max) : Int(t)
    }

    /// Sites a teacher may teach online from: home when it has a studio, then up to two of the
    /// nearest other studio sites the teacher may travel to. Computed once per teacher.
    private func studioSites(for t: Int) -> [Int] {
        if let cached = studioSiteCache[t] { return cached }
        let te = problem.teachers[t]
        var others: [Int] = []
        for site in 0..<problem.siteCount where site != te.home && !state.studioRooms[site].isEmpty && te.maySite[site] {
            if distance(te.home, site) < Int(Int32.max) { others.append(site) }
        }
        others.sort { (distance(te.home, $0), $0) < (distance(te.home, $1), $1) }
        let sites = (state.studioRooms[te.home].isEmpty ? [] : [te.home]) + others.prefix(2)
        studioSiteCache[t] = sites
        return sites
    }

    /// Rooms of `site` with the course's features and at least its minimum size (at least one seat),
    /// best fit first: rooms that seat the maximum, smallest first, then the largest of the rest.
    func classrooms(course c: Int, site: Int) -> [Int] {
        let key = c * problem.siteCount + site
        if let cached = classroomCache[key] { return cached }
        let course = problem.courses[c]
        let need = max(course.minSize, 1)
        let rooms = problem.rooms.indices.filter {
            problem.rooms[$0].site == site && problem.rooms[$0].capacity >= need
                && course.roomFeatures.isSubset(of: problem.rooms[$0].features)
        }.sorted { a, b in
            let ra = problem.rooms[a], rb = problem.rooms[b]
            let fa = ra.capacity >= course.maxSize, fb = rb.capacity >= course.maxSize
            if fa != fb { return fa }
            if ra.capacity != rb.capacity { return fa ? ra.capacity < rb.capacity : ra.capacity > rb.capacity }
            if ra.features.count != rb.features.count { return ra.features.count < rb.features.count }
            return a < b
        }
        classroomCache[key] = rooms
        return rooms
    }

    /// Other unplaced requests of the course that a section in `mode` at `site` could take, with a
    /// weight (2 for a first choice, else 1); at most `candidateLimit`.
    private func waitingStudents(course c: Int, mode: DeliveryMode, site: Int, excluding q: Int) -> [(student: Int, weight: Int)] {
        let s = Int32(state.requestStudent[q])
        let weekly = Int32(problem.courses[c].weeklyPeriods), maxWeek = state.studentMaxWeek
        let modeCode: Int8 = mode == .inPerson ? 1 : 2
        let requestSection = state.requestSection, weekLoad = state.studentWeekLoad
        let blended = problem.courses[c].isBlended
        var out: [(student: Int, weight: Int)] = []
        for e in interest[c] {
            if e.student == s || requestSection[Int(e.request)] >= 0 { continue }
            if e.mode != 0 && e.mode != modeCode { continue }
            let s2 = Int(e.student)
            if weekLoad[s2] + weekly > maxWeek[s2] { continue }
            if mode == .inPerson {
                if e.site >= 0 && Int(e.site) != site { continue }
                if blended && !e.canJoinOnline { continue }
                if !state.planner.reachable(from: problem.students[s2].home, to: site, rules: state.studentRules[s2]) { continue }
            } else if !e.canJoinOnline {
                continue
            }
            out.append((s2, e.alternative == 0 ? 2 : 1))
            if out.count >= candidateLimit { break }
        }
        return out
    }

    /// Chooses the meetings of a new section for request `q` with teacher `t` at `site`, meeting by
    /// meeting (longest first): among the times the student and teacher are free and a room is
    /// free, the time most `waiting` students are also free, spread over the week, that lets both
    /// people travel their day. O(meetings × slots × (waiting + rooms) + travel checks).
    func place(_ q: Int, alternative k: Int, mode: DeliveryMode, site: Int, teacher t: Int, rooms: [Int],
               waiting initialWaiting: [(student: Int, weight: Int)]) -> PlacementOutcome {
        let s = state.requestStudent[q]
        let c = state.request(q).alternatives[k].course
        let course = problem.courses[c]
        let online = mode == .online
        let P = state.periodCount, S = state.slotCount, D = state.dayCount
        let studentSite = state.studentSite, teacherSite = state.teacherSite, dayLoad = state.studentDayLoad
        var clashes = ClashCounts()
        var chosen: [PlacedMeeting] = []
        var waiting = initialWaiting
        let maxDay = state.studentMaxDay
        var options: [(score: Double, meeting: PlacedMeeting)] = []

        let masks = state.studentMask
        var starts: [UInt64] = []
        // Longest meetings first; of a blended course, in-person ones before online ones of a length.
        let meetingKinds = course.pattern.indices.map { (length: course.pattern[$0], online: !online && course.meetingOnline[$0]) }
            .sorted { ($0.length, $0.online ? 0 : 1) > ($1.length, $1.online ? 0 : 1) }
        for (length, meetingOnline) in meetingKinds {
            let meetingRooms = meetingOnline ? state.studioRooms[site] : rooms
            options.removeAll(keepingCapacity: true)
            // With slot bitmasks: for each waiting student, the slots a meeting of this length
            // may start at (all its periods free, on a day with room under the daily limit).
            starts.removeAll(keepingCapacity: true)
            if !masks.isEmpty {
                var dayStarts = [UInt64](repeating: 0, count: D)
                for d in 0..<D {
                    for p in 0...(P - length) { dayStarts[d] |= 1 << UInt64(d * P + p) }
                }
                for w in waiting {
                    let occupied = masks[w.student]
                    var blocked = occupied
                    for j in 1..<max(length, 1) { blocked |= occupied >> UInt64(j) }
                    var allowed: UInt64 = 0
                    for d in 0..<D where dayLoad[w.student * D + d] + Int32(length) <= maxDay[w.student] { allowed |= dayStarts[d] }
                    starts.append(~blocked & allowed)
                }
            }
            for d in 0..<D {
                if course.distinctDays && chosen.contains(where: { $0.day == d }) { continue }
                var sameDay = 0
                for m in chosen where m.day == d { sameDay += m.length }
                if dayLoad[s * D + d] + Int32(sameDay + length) > maxDay[s] {
                    clashes.hygiene += P - length + 1
                    continue
                }
                var adjacent = 0
                for m in chosen where abs(m.day - d) == 1 { adjacent += 1 }
                periods: for p in 0...(P - length) {
                    let first = d * P + p
                    for i in 0..<length where studentSite[s * S + first + i] >= 0 {
                        clashes.studentBusy += 1
                        continue periods
                    }
                    for m in chosen where m.day == d && m.period < p + length && p < m.period + m.length {
                        clashes.studentBusy += 1
                        continue periods
                    }
                    for i in 0..<length where teacherSite[t * S + first + i] >= 0 {
                        clashes.teacherBusy += 1
                        continue periods
                    }
                    guard let room = freeRoom(meetingRooms, day: d, period: p, length: length) else {
                        clashes.room += 1
                        continue periods
                    }
                    var free = 0
                    if !masks.isEmpty {
                        let bit = UInt64(first)
                        for (i, w) in waiting.enumerated() where (starts[i] >> bit) & 1 != 0 { free += w.weight }
                    } else {
                        for w in waiting where dayLoad[w.student * D + d] + Int32(length) <= maxDay[w.student] {
                            var ok = true
                            for i in 0..<length where studentSite[w.student * S + first + i] >= 0 {
                                ok = false
                                break
                            }
                            if ok { free += w.weight }
                        }
                    }
                    let score = Double(free) * 10 - Double(adjacent) * weights.consecutiveDays
                        - Double(p) * 0.01 + rng.unit() * 0.001
                    options.append((score, PlacedMeeting(day: d, period: p, length: length, room: room, online: meetingOnline)))
                }
            }
            options.sort { $0.score > $1.score }
            var placed = false
            for o in options {
                let m = o.meeting
                let trial = chosen + [m]
                switch state.studentFit(s, meetings: trial, site: site, online: online) {
                case .fits: break
                case .busy: clashes.studentBusy += 1; continue
                case .hygiene: clashes.hygiene += 1; continue
                case .onlineLimit: clashes.onlineLimit += 1; continue
                case .travel: clashes.studentTravel += 1; continue
                }
                switch state.teacherFit(t, meetings: trial, site: site) {
                case .fits: break
                case .busy: clashes.teacherBusy += 1; continue
                default: clashes.teacherTravel += 1; continue
                }
                if (online || meetingOnline) && state.joinRoom(s, meetings: online ? trial : trial.filter(\.online)) == nil {
                    clashes.onlineSeat += 1
                    continue
                }
                chosen = trial
                placed = true
                let first = m.day * P + m.period
                waiting.removeAll { w in
                    if dayLoad[w.student * D + m.day] + Int32(length) > maxDay[w.student] { return true }
                    for i in 0..<length where studentSite[w.student * S + first + i] >= 0 { return true }
                    return false
                }
                break
            }
            if !placed { return .clash(clashes) }
        }

        var capacity = course.maxSize
        if !online {
            for m in chosen where !m.online { capacity = min(capacity, problem.rooms[m.room].capacity) }
        }
        var cost = 0.0
        if case let .fits(c1) = state.studentFit(s, meetings: chosen, site: site, online: online) { cost += c1 }
        if case let .fits(c2) = state.teacherFit(t, meetings: chosen, site: site) { cost += c2 }
        chosen.sort { ($0.day, $0.period) < ($1.day, $1.period) }
        return .placed(Placement(teacher: t, site: site, meetings: chosen, capacity: capacity, interest: waiting.count, cost: cost))
    }

    /// The first room of `rooms` free (no meeting, no regular use, nobody joining online) for the meeting.
    private func freeRoom(_ rooms: [Int], day: Int, period: Int, length: Int) -> Int? {
        let S = state.slotCount, first = day * state.periodCount + period
        let roomSection = state.roomSection, roomJoiners = state.roomJoiners
        roomLoop: for r in rooms {
            for i in 0..<length {
                let k = r * S + first + i
                if roomSection[k] != -1 || roomJoiners[k] != 0 { continue roomLoop }
            }
            return r
        }
        return nil
    }

    /// Opens the placed section and puts the request in it.
    private func commit(_ p: Placement, q: Int, alternative k: Int, mode: DeliveryMode) -> Bool {
        let s = state.requestStudent[q]
        let c = state.request(q).alternatives[k].course
        var join = -1
        if mode == .online || p.meetings.contains(where: \.online) {
            guard let r = state.joinRoom(s, meetings: mode == .online ? p.meetings : p.meetings.filter(\.online)) else { return false }
            join = r
        }
        let x = state.openSection(course: c, teacher: p.teacher, mode: mode, site: p.site, meetings: p.meetings, capacity: p.capacity)
        if state.assign(q, alternative: k, section: x, joinRoom: join) { return true }
        _ = state.closeSection(x)
        return false
    }
}
