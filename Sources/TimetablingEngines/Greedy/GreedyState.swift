import TimetablingCore
/// A meeting placed by the construction: `length` periods from `period` on `day`, in `room`.
struct PlacedMeeting: Equatable {
    var day: Int
    var period: Int
    var length: Int
    var room: Int
    /// An online meeting of an in-person section of a blended course (in a studio; students join from home).
    var online = false
}

/// A section opened by the construction.
struct GreedySection {
    let course: Int
    let teacher: Int
    let mode: DeliveryMode
    /// In person: the host site. Online: the site of the teacher's studio.
    let site: Int
    let meetings: [PlacedMeeting]
    /// Most students: the course's maximum, and for in-person sections the smallest room.
    let capacity: Int
    /// Flat request indices of the students placed in it.
    var members: [Int]
    var isOpen = true

    /// Whether its students join some meetings online (an online section, or a blended one).
    var hasOnlineMeetings: Bool { mode == .online || meetings.contains { $0.online } }
    /// The meetings its students join online.
    var onlineMeetings: [PlacedMeeting] { mode == .online ? meetings : meetings.filter(\.online) }
}

/// The outcome of asking whether a person can take on a set of meetings.
enum Fit {
    /// Possible; `cost` is the change of the person's travel and gap cost (objective weights).
    case fits(cost: Double)
    case busy
    case hygiene
    case onlineLimit
    case travel
}

/// The partial timetable during construction, in dense per-slot arrays.
///
/// Slots are `day * periodCount + period`. For every student and teacher the site they are at in
/// each slot (`-1`: free) is kept, so a day's moves can be re-planned from the row alone; rooms
/// keep the section meeting in them (`-2`: the site's own timetable) and the students joining
/// online from them. Feasibility tests (``studentFit(_:meetings:site:online:)``,
/// ``teacherFit(_:meetings:site:)``) use the same ``TravelPlanner`` that later writes the
/// itineraries, so an accepted placement always has its itineraries.
final class GreedyState {
    let problem: Problem
    let planner: TravelPlanner
    let dayCount: Int
    let periodCount: Int
    let slotCount: Int
    let byBus: Bool
    var seats: SeatLedger

    let studentRules: [PersonRules]
    let teacherRules: [PersonRules]
    /// `s * slotCount + slot`: site of the student, -1 free.
    var studentSite: [Int32]
    /// `s * slotCount + slot`: section attended, -2 regular lesson, -1 free.
    var studentSection: [Int32]
    /// Occupied slots of each student as bits (bit = slot), when the week has at most 64 slots;
    /// empty otherwise. Lets a new section's times be scored against many students at once.
    var studentMask: [UInt64]
    /// `s * dayCount + d`: regular plus network periods.
    var studentDayLoad: [Int32]
    var studentWeekLoad: [Int32]
    /// Hygiene limits of each student's grade: lessons a day and a week.
    let studentMaxDay: [Int32]
    let studentMaxWeek: [Int32]
    /// `s * dayCount + d`: online periods.
    var studentOnlineDay: [Int32]
    /// `s * dayCount + d`: bus legs held (bus-runs mode only).
    var studentLegs: [[PlannedLeg]]

    var teacherSite: [Int32]
    /// Occupied slots of each teacher as bits, like ``studentMask``.
    var teacherMask: [UInt64]
    var teacherSection: [Int32]
    var teacherHours: [Int]

    /// `r * slotCount + slot`: section meeting there, -2 regular use, -1 free.
    var roomSection: [Int32]
    var roomJoiners: [Int32]
    /// Rooms with computer seats, by site, most seats first.
    let computerRooms: [[Int]]
    /// Online-studio rooms, by site.
    let studioRooms: [[Int]]

    /// First flat request index of each student.
    let requestBase: [Int]
    let requestStudent: [Int]
    let requestLocal: [Int]
    var requestSection: [Int]
    var requestAlternative: [Int]
    /// Online assignments: the computer room joined from, -2 from home; -1 otherwise.
    var requestJoinRoom: [Int]
    /// Per request: the other members' requests of its group (one section for all); empty for most.
    let groupMates: [[Int]]

    var sections: [GreedySection] = []
    /// Open sections of each course, in opening order.
    var courseSections: [[Int]]

    private var scratchSites: [Int32]
    private var scratchLegs: [PlannedLeg] = []
    private var scratchDayAdd: [Int32]

    let weights: Weights

    /// Longest single trip the construction gives a teacher without a limit of their own, minutes.
    /// The rules allow any trip; sending a teacher hours away for one lesson is never a good plan.
    static let teacherTripCap = 120

    init(problem: Problem) {
        self.problem = problem
        planner = TravelPlanner(problem: problem)
        dayCount = problem.dayCount
        periodCount = problem.periodCount
        slotCount = problem.slotCount
        byBus = problem.transportMode == .busRuns
        seats = SeatLedger(problem: problem)
        weights = problem.weights
        let slots = slotCount

        studentRules = PersonRules.students(problem)
        teacherRules = problem.teachers.map {
            PersonRules(home: Int32($0.home), maxTrip: Int32(clamping: $0.maxOneWayMinutes ?? GreedyState.teacherTripCap),
                        latestReturn: Int32($0.latestReturn ?? Int(Int32.max)), byBus: false)
        }

        let ns = problem.students.count
        studentSite = [Int32](repeating: -1, count: ns * slots)
        studentSection = [Int32](repeating: -1, count: ns * slots)
        studentDayLoad = [Int32](repeating: 0, count: ns * problem.dayCount)
        studentWeekLoad = [Int32](repeating: 0, count: ns)
        studentMaxDay = problem.students.map { Int32(clamping: $0.maxLessonsPerDay) }
        studentMaxWeek = problem.students.map { Int32(clamping: $0.maxLessonsPerWeek) }
        studentOnlineDay = [Int32](repeating: 0, count: ns * problem.dayCount)
        studentMask = slots <= 64 ? [UInt64](repeating: 0, count: ns) : []
        studentLegs = problem.transportMode == .busRuns ? [[PlannedLeg]](repeating: [], count: ns * problem.dayCount) : []
        var base: [Int] = [], owner: [Int] = [], local: [Int] = []
        for (s, st) in problem.students.enumerated() {
            base.append(owner.count)
            for k in 0..<slots where st.busy[k] {
                studentSite[s * slots + k] = Int32(st.home)
                studentSection[s * slots + k] = -2
                if !studentMask.isEmpty { studentMask[s] |= 1 << UInt64(k) }
                studentDayLoad[s * problem.dayCount + k / problem.periodCount] += 1
                studentWeekLoad[s] += 1
            }
            for r in st.requests.indices {
                owner.append(s)
                local.append(r)
            }
        }
        requestBase = base
        requestStudent = owner
        requestLocal = local
        requestSection = [Int](repeating: -1, count: owner.count)
        requestAlternative = [Int](repeating: -1, count: owner.count)
        requestJoinRoom = [Int](repeating: -1, count: owner.count)
        var mates = [[Int]](repeating: [], count: owner.count)
        for g in problem.groups {
            let qs = g.members.map { base[$0.student] + $0.request }
            for q in qs { mates[q] = qs.filter { $0 != q } }
        }
        groupMates = mates

        let nt = problem.teachers.count
        teacherSite = [Int32](repeating: -1, count: nt * slots)
        teacherSection = [Int32](repeating: -1, count: nt * slots)
        teacherHours = [Int](repeating: 0, count: nt)
        teacherMask = slots <= 64 ? [UInt64](repeating: 0, count: nt) : []
        for (t, te) in problem.teachers.enumerated() {
            for k in 0..<slots where te.busy[k] {
                teacherSite[t * slots + k] = Int32(te.home)
                teacherSection[t * slots + k] = -2
                if !teacherMask.isEmpty { teacherMask[t] |= 1 << UInt64(k) }
            }
        }

        let nr = problem.rooms.count
        roomSection = [Int32](repeating: -1, count: nr * slots)
        roomJoiners = [Int32](repeating: 0, count: nr * slots)
        var computer = [[Int]](repeating: [], count: problem.siteCount)
        var studio = [[Int]](repeating: [], count: problem.siteCount)
        for (r, room) in problem.rooms.enumerated() {
            for k in 0..<slots where room.busy[k] { roomSection[r * slots + k] = -2 }
            if room.computerSeats > 0 { computer[room.site].append(r) }
            if room.isOnlineStudio { studio[room.site].append(r) }
        }
        for k in computer.indices {
            computer[k].sort { (problem.rooms[$0].computerSeats, $1) > (problem.rooms[$1].computerSeats, $0) }
        }
        computerRooms = computer
        studioRooms = studio
        courseSections = [[Int]](repeating: [], count: problem.courses.count)
        scratchSites = [Int32](repeating: -1, count: problem.periodCount)
        scratchDayAdd = [Int32](repeating: 0, count: problem.dayCount)
    }

    var requestCount: Int { requestStudent.count }

    func request(_ q: Int) -> Problem.RequestData {
        problem.students[requestStudent[q]].requests[requestLocal[q]]
    }

    /// Whether student `s` can join online at all (allowed, and from home or a computer room).
    func canJoinOnline(_ s: Int) -> Bool {
        let st = problem.students[s]
        return st.mayAttendOnline && (st.onlineFromHome || !computerRooms[st.home].isEmpty)
    }

    // MARK: - Cost of a day

    private func legCost(_ legs: [PlannedLeg]) -> Double {
        var minutes: Int32 = 0
        for l in legs { minutes += l.minutes }
        return Double(minutes) * weights.studentTravelMinute + Double(legs.count) * weights.siteChange
    }

    /// Free periods between the first and last occupied period of `sites[first ..< first + periodCount]`.
    private func gaps(_ sites: [Int32], first: Int) -> Int {
        var lo = -1, hi = -1, busy = 0
        for p in 0..<periodCount where sites[first + p] >= 0 {
            if lo < 0 { lo = p }
            hi = p
            busy += 1
        }
        return lo < 0 ? 0 : hi - lo + 1 - busy
    }

    // MARK: - Students

    /// Re-plans (bus mode: with the student's own seats released) day `d` of student `s` with
    /// `meetings` on that day added at `site` (online meetings at `home`); returns the change of travel and gap cost.
    private func studentDayDelta(_ s: Int, day d: Int, meetings: [PlacedMeeting], site: Int32, home: Int32) -> Double? {
        let row = s * slotCount + d * periodCount
        let rules = studentRules[s]
        // Cost of the day as it is.
        var old = Double(gaps(studentSite, first: row)) * weights.studentGap
        if byBus {
            old += legCost(studentLegs[s * dayCount + d])
        } else {
            guard planner.plan(day: d, sites: studentSite, first: row, rules: rules, seats: seats, legs: &scratchLegs)
            else { return nil }
            old += legCost(scratchLegs)
        }
        for p in 0..<periodCount { scratchSites[p] = studentSite[row + p] }
        for m in meetings where m.day == d {
            for k in 0..<m.length { scratchSites[m.period + k] = m.online ? home : site }
        }
        let ok: Bool
        if byBus {
            let held = studentLegs[s * dayCount + d]
            for l in held { seats.release(l, day: d, segments: planner.runSegments[Int(l.run)]) }
            ok = planner.plan(day: d, sites: scratchSites, rules: rules, seats: seats, legs: &scratchLegs)
            for l in held { seats.take(l, day: d, segments: planner.runSegments[Int(l.run)]) }
        } else {
            ok = planner.plan(day: d, sites: scratchSites, rules: rules, seats: seats, legs: &scratchLegs)
        }
        guard ok else { return nil }
        return legCost(scratchLegs) + Double(gaps(scratchSites, first: 0)) * weights.studentGap - old
    }

    /// Whether student `s` can attend `meetings` (at `site`; an online section's, and a blended
    /// section's online meetings, at home): free, within the daily, weekly and online limits, and
    /// able to travel on every day touched.
    func studentFit(_ s: Int, meetings: [PlacedMeeting], site: Int, online: Bool) -> Fit {
        let base = s * slotCount
        var total: Int32 = 0
        for m in meetings {
            let first = base + m.day * periodCount + m.period
            for k in 0..<m.length where studentSite[first + k] >= 0 { return .busy }
        }
        for m in meetings {
            scratchDayAdd[m.day] += Int32(m.length)
            total += Int32(m.length)
        }
        // Online periods per day, when only some meetings are online (blended).
        var onlineAdd: [Int: Int32] = [:]
        if !online { for m in meetings where m.online { onlineAdd[m.day, default: 0] += Int32(m.length) } }
        var verdict: Fit = .fits(cost: 0)
        if studentWeekLoad[s] + total > studentMaxWeek[s] { verdict = .hygiene }
        for m in meetings where scratchDayAdd[m.day] > 0 {
            if case .fits = verdict {
                if studentDayLoad[s * dayCount + m.day] + scratchDayAdd[m.day] > studentMaxDay[s] {
                    verdict = .hygiene
                } else if online,
                          studentOnlineDay[s * dayCount + m.day] + scratchDayAdd[m.day] > Int32(problem.maxOnlineLessonsPerDay) {
                    verdict = .onlineLimit
                } else if let add = onlineAdd[m.day],
                          studentOnlineDay[s * dayCount + m.day] + add > Int32(problem.maxOnlineLessonsPerDay) {
                    verdict = .onlineLimit
                }
            }
            scratchDayAdd[m.day] = 0
        }
        guard case .fits = verdict else { return verdict }
        let home = Int32(problem.students[s].home)
        let where32 = online ? home : Int32(site)
        var cost = 0.0
        for (i, m) in meetings.enumerated() {
            var seen = false
            for j in 0..<i where meetings[j].day == m.day { seen = true; break }
            if seen { continue }
            guard let delta = studentDayDelta(s, day: m.day, meetings: meetings, site: where32, home: home) else { return .travel }
            cost += delta
        }
        return .fits(cost: cost)
    }

    /// The room student `s` joins online `meetings` from: -2 from home, a computer room with a free
    /// seat in every slot (never the studio of the meetings themselves, booked or not), or nil.
    func joinRoom(_ s: Int, meetings: [PlacedMeeting]) -> Int? {
        let st = problem.students[s]
        if st.onlineFromHome { return -2 }
        for r in computerRooms[st.home] where !meetings.contains(where: { $0.room == r }) {
            let seatsHere = Int32(problem.rooms[r].computerSeats)
            var ok = true
            check: for m in meetings {
                let first = r * slotCount + m.day * periodCount + m.period
                for k in 0..<m.length where roomSection[first + k] != -1 || roomJoiners[first + k] >= seatsHere {
                    ok = false
                    break check
                }
            }
            if ok { return r }
        }
        return nil
    }

    /// Re-plans day `d` of student `s` from the current rows; in bus mode, re-books the seats.
    /// Returns false when the day has no itinerary (the student then holds no seats that day).
    @discardableResult
    func refreshStudentDay(_ s: Int, day d: Int) -> Bool {
        let row = s * slotCount + d * periodCount
        if byBus {
            let i = s * dayCount + d
            for l in studentLegs[i] { seats.release(l, day: d, segments: planner.runSegments[Int(l.run)]) }
            studentLegs[i] = []
            guard planner.plan(day: d, sites: studentSite, first: row, rules: studentRules[s], seats: seats, legs: &scratchLegs)
            else { return false }
            for l in scratchLegs { seats.take(l, day: d, segments: planner.runSegments[Int(l.run)]) }
            studentLegs[i] = scratchLegs
            return true
        }
        return planner.plan(day: d, sites: studentSite, first: row, rules: studentRules[s], seats: seats, legs: &scratchLegs)
    }

    /// Legs of day `d` of student `s` (recomputed by road; the held bus legs in bus mode).
    func studentDayLegs(_ s: Int, day d: Int) -> [PlannedLeg]? {
        if byBus { return studentLegs[s * dayCount + d] }
        var legs: [PlannedLeg] = []
        let ok = planner.plan(day: d, sites: studentSite, first: s * slotCount + d * periodCount, rules: studentRules[s],
                              seats: seats, legs: &legs)
        return ok ? legs : nil
    }

    /// Places request `q` (by its alternative `alternative`) in section `x`. The caller has checked
    /// the fit. Returns false (and undoes) in the unexpected case that an itinerary cannot be booked.
    ///
    /// A request of a group (``Group``) brings the rest of its group into `x` too, or fails (and
    /// changes nothing) when one of them does not fit or the section has no room for all.
    @discardableResult
    func assign(_ q: Int, alternative: Int, section x: Int, joinRoom: Int) -> Bool {
        let mates = groupMates[q].filter { requestSection[$0] < 0 }
        guard !mates.isEmpty else { return assignOne(q, alternative: alternative, section: x, joinRoom: joinRoom) }
        let sec = sections[x]
        guard sec.members.count + 1 + mates.count <= sec.capacity else { return false }
        for o in mates {
            guard case .fits = studentFit(requestStudent[o], meetings: sec.meetings, site: sec.site, online: sec.mode == .online)
            else { return false }
        }
        guard assignOne(q, alternative: alternative, section: x, joinRoom: joinRoom) else { return false }
        var placed: [Int] = []
        for o in mates {
            // A group's request has one alternative, in person (a blended course's online meetings need a place to join from).
            let join = sec.hasOnlineMeetings ? (self.joinRoom(requestStudent[o], meetings: sec.onlineMeetings) ?? -3) : -1
            if join != -3, assignOne(o, alternative: 0, section: x, joinRoom: join) {
                placed.append(o)
                continue
            }
            for p in placed + [q] {
                for d in unassignOne(p) { refreshStudentDay(requestStudent[p], day: d) }
            }
            return false
        }
        return true
    }

    private func assignOne(_ q: Int, alternative: Int, section x: Int, joinRoom: Int) -> Bool {
        let s = requestStudent[q]
        let sec = sections[x]
        let home = Int32(problem.students[s].home)
        for m in sec.meetings {
            let online = sec.mode == .online || m.online
            for k in 0..<m.length {
                let slot = m.day * periodCount + m.period + k
                studentSite[s * slotCount + slot] = online ? home : Int32(sec.site)
                studentSection[s * slotCount + slot] = Int32(x)
                if !studentMask.isEmpty { studentMask[s] |= 1 << UInt64(slot) }
                if joinRoom >= 0 && online { roomJoiners[joinRoom * slotCount + slot] += 1 }
            }
            studentDayLoad[s * dayCount + m.day] += Int32(m.length)
            studentWeekLoad[s] += Int32(m.length)
            if online { studentOnlineDay[s * dayCount + m.day] += Int32(m.length) }
        }
        requestSection[q] = x
        requestAlternative[q] = alternative
        requestJoinRoom[q] = sec.hasOnlineMeetings ? joinRoom : -1
        sections[x].members.append(q)
        var ok = true
        for d in meetingDays(sec.meetings) where !refreshStudentDay(s, day: d) { ok = false }
        if !ok {
            for d in unassignOne(q) { refreshStudentDay(s, day: d) }
        }
        return ok
    }

    /// Takes request `q` out of its section; returns the days whose itineraries must be re-planned.
    /// The rest of its group leaves too (their days are re-planned here).
    func unassign(_ q: Int) -> [Int] {
        let days = unassignOne(q)
        for o in groupMates[q] where requestSection[o] >= 0 {
            for d in unassignOne(o) { refreshStudentDay(requestStudent[o], day: d) }
        }
        return days
    }

    private func unassignOne(_ q: Int) -> [Int] {
        let x = requestSection[q]
        guard x >= 0 else { return [] }
        let s = requestStudent[q]
        let sec = sections[x]
        let joinRoom = requestJoinRoom[q]
        for m in sec.meetings {
            let online = sec.mode == .online || m.online
            for k in 0..<m.length {
                let slot = m.day * periodCount + m.period + k
                studentSite[s * slotCount + slot] = -1
                studentSection[s * slotCount + slot] = -1
                if !studentMask.isEmpty { studentMask[s] &= ~(1 << UInt64(slot)) }
                if joinRoom >= 0 && online { roomJoiners[joinRoom * slotCount + slot] -= 1 }
            }
            studentDayLoad[s * dayCount + m.day] -= Int32(m.length)
            studentWeekLoad[s] -= Int32(m.length)
            if online { studentOnlineDay[s * dayCount + m.day] -= Int32(m.length) }
        }
        requestSection[q] = -1
        requestAlternative[q] = -1
        requestJoinRoom[q] = -1
        if let i = sections[x].members.firstIndex(of: q) { sections[x].members.remove(at: i) }
        return meetingDays(sec.meetings)
    }

    /// Distinct days of `meetings`, in order of first appearance.
    func meetingDays(_ meetings: [PlacedMeeting]) -> [Int] {
        var days: [Int] = []
        for m in meetings where !days.contains(m.day) { days.append(m.day) }
        return days
    }

    // MARK: - Teachers

    /// Whether teacher `t` can teach `meetings` at `site`: free, and able to travel on every day touched.
    /// The cost is the change of the teacher's travel minutes and gaps.
    func teacherFit(_ t: Int, meetings: [PlacedMeeting], site: Int) -> Fit {
        let base = t * slotCount
        for m in meetings {
            let first = base + m.day * periodCount + m.period
            for k in 0..<m.length where teacherSite[first + k] >= 0 { return .busy }
        }
        var cost = 0.0
        for (i, m) in meetings.enumerated() {
            var seen = false
            for j in 0..<i where meetings[j].day == m.day { seen = true; break }
            if seen { continue }
            let row = base + m.day * periodCount
            guard planner.plan(day: m.day, sites: teacherSite, first: row, rules: teacherRules[t], seats: seats, legs: &scratchLegs)
            else { return .travel }
            var old = Double(gaps(teacherSite, first: row)) * weights.teacherGap
            for l in scratchLegs { old += Double(l.minutes) * weights.teacherTravelMinute }
            for p in 0..<periodCount { scratchSites[p] = teacherSite[row + p] }
            for n in meetings where n.day == m.day {
                for k in 0..<n.length { scratchSites[n.period + k] = Int32(site) }
            }
            guard planner.plan(day: m.day, sites: scratchSites, rules: teacherRules[t], seats: seats, legs: &scratchLegs)
            else { return .travel }
            var new = Double(gaps(scratchSites, first: 0)) * weights.teacherGap
            for l in scratchLegs { new += Double(l.minutes) * weights.teacherTravelMinute }
            cost += new - old
        }
        return .fits(cost: cost)
    }

    func teacherDayFeasible(_ t: Int, day d: Int) -> Bool {
        planner.plan(day: d, sites: teacherSite, first: t * slotCount + d * periodCount, rules: teacherRules[t],
                     seats: seats, legs: &scratchLegs)
    }

    func teacherDayLegs(_ t: Int, day d: Int) -> [PlannedLeg]? {
        var legs: [PlannedLeg] = []
        let ok = planner.plan(day: d, sites: teacherSite, first: t * slotCount + d * periodCount, rules: teacherRules[t],
                              seats: seats, legs: &legs)
        return ok ? legs : nil
    }

    // MARK: - Sections

    /// Opens a section: books its teacher and rooms. The caller has checked that they are free.
    func openSection(course: Int, teacher: Int, mode: DeliveryMode, site: Int, meetings: [PlacedMeeting], capacity: Int) -> Int {
        let x = sections.count
        sections.append(GreedySection(course: course, teacher: teacher, mode: mode, site: site, meetings: meetings,
                                      capacity: capacity, members: []))
        for m in meetings {
            for k in 0..<m.length {
                let slot = m.day * periodCount + m.period + k
                teacherSite[teacher * slotCount + slot] = Int32(site)
                teacherSection[teacher * slotCount + slot] = Int32(x)
                if !teacherMask.isEmpty { teacherMask[teacher] |= 1 << UInt64(slot) }
                roomSection[m.room * slotCount + slot] = Int32(x)
            }
        }
        teacherHours[teacher] += problem.courses[course].weeklyPeriods
        courseSections[course].append(x)
        return x
    }

    /// Closes section `x`: releases its students (returned, with the days they must re-plan), its
    /// teacher and rooms. The caller re-plans and repairs the people's days.
    func closeSection(_ x: Int) -> [(request: Int, days: [Int])] {
        var released: [(request: Int, days: [Int])] = []
        for q in sections[x].members { released.append((q, unassign(q))) }
        let sec = sections[x]
        for m in sec.meetings {
            for k in 0..<m.length {
                let slot = m.day * periodCount + m.period + k
                teacherSite[sec.teacher * slotCount + slot] = -1
                teacherSection[sec.teacher * slotCount + slot] = -1
                if !teacherMask.isEmpty { teacherMask[sec.teacher] &= ~(1 << UInt64(slot)) }
                roomSection[m.room * slotCount + slot] = -1
            }
        }
        teacherHours[sec.teacher] -= problem.courses[sec.course].weeklyPeriods
        sections[x].isOpen = false
        if let i = courseSections[sec.course].firstIndex(of: x) { courseSections[sec.course].remove(at: i) }
        return released
    }
}
