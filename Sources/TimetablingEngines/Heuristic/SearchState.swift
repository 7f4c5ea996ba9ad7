import TimetablingCore
/// One weekly meeting of a section in the search: `length` periods from `period` on `day`, in `room`.
struct Meet: Equatable, Sendable {
    var day: Int32
    var period: Int32
    var length: Int32
    var room: Int32
    /// An online meeting of an in-person section of a blended course (in a studio; students join from home).
    var online = false
}

/// A set of small integers with O(1) insert, remove, membership and uniform sampling.
struct IndexedSet {
    private(set) var items: [Int32] = []
    private var position: [Int32]

    init(capacity: Int) { position = [Int32](repeating: -1, count: capacity) }

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    @inline(__always) func contains(_ v: Int) -> Bool { position[v] >= 0 }

    mutating func insert(_ v: Int) {
        guard position[v] < 0 else { return }
        position[v] = Int32(items.count)
        items.append(Int32(v))
    }

    mutating func remove(_ v: Int) {
        let p = Int(position[v])
        guard p >= 0 else { return }
        let last = items.removeLast()
        if p < items.count {
            items[p] = last
            position[Int(last)] = Int32(p)
        }
        position[v] = -1
    }
}

/// The mutable timetable of one search, with everything needed to judge a change incrementally.
///
/// **Decisions.** Sections (course, teacher, mode, site, meetings with rooms) and, per request,
/// the section and alternative granting it and the room an online student joins from.
///
/// **Derived state, kept up to date by every change.** Per student, teacher and room and per
/// slot (`day * periodCount + period`): what occupies it and at which site the person is; daily,
/// weekly and online loads; teachers' weekly periods; every person-day's planned legs (by the
/// ``TravelPlanner`` the greedy engine also uses) with its gaps and travel minutes; bus seats
/// taken; distinct vehicle trips; and the value of every objective term (``SearchTerms``).
///
/// **Changes.** The primitives (``assign(_:alt:section:)``, ``unassign(_:)``, ``open(course:teacher:online:site:meets:)``,
/// ``close(_:)``, ``moveMeeting(_:_:to:)``, ``setTeacher(_:_:)``) test every hard rule they can
/// judge locally and refuse (returning false, changing nothing) when one would break; they mark
/// the person-days they touch, and ``settle(stopAtFailure:)`` re-plans those days (a day whose
/// moves cannot be travelled fails). Every change is journaled, so ``undo(to:)`` returns exactly
/// to a ``checkpoint()``: a move is tried, its cost read from ``terms``, and kept or undone.
/// Only section minimum sizes and required requests may be broken, and they are counted in
/// ``terms`` (and penalised in the search cost); every other hard rule of `docs/RULES.md` holds in
/// every settled state.
///
/// Cost of a change: O(slots touched + people touched × periods per day), independent of the
/// instance size, apart from O(sections of the course) for the size-imbalance term.
final class SearchState {
    let m: SearchModel
    let D: Int
    let P: Int
    let S: Int

    // MARK: Sections
    @exclusivity(unchecked) var secCourse: [Int32] = []
    @exclusivity(unchecked) var secTeacher: [Int32] = []
    @exclusivity(unchecked) var secOnline: [Bool] = []
    @exclusivity(unchecked) var secSite: [Int32] = []
    @exclusivity(unchecked) var secMeets: [[Meet]] = []
    @exclusivity(unchecked) var secMembers: [[Int32]] = []
    /// `secMembers[x].count`, kept beside the lists so that scans over all sections read one array.
    @exclusivity(unchecked) private(set) var secSize: [Int32] = []
    @exclusivity(unchecked) var secOpen: [Bool] = []
    /// Most students: the course maximum, and for in-person sections the smallest room.
    @exclusivity(unchecked) var secCap: [Int32] = []
    @exclusivity(unchecked) var freeSections: [Int32] = []
    @exclusivity(unchecked) var courseSections: [[Int32]]
    @exclusivity(unchecked) var courseImbalance: [Int32]

    // MARK: Requests
    @exclusivity(unchecked) var reqSection: [Int32]
    /// Global alternative index, -1 when unassigned.
    @exclusivity(unchecked) var reqAlt: [Int32]
    /// Online: the computer room joined from, -2 from home; -1 otherwise.
    @exclusivity(unchecked) var reqJoin: [Int32]
    @exclusivity(unchecked) var unmetRequired: IndexedSet
    @exclusivity(unchecked) var unmetElective: IndexedSet

    // MARK: Occupancy, `person * S + slot`
    /// Section attended, -2 regular lesson, -1 free.
    @exclusivity(unchecked) var stAt: [Int32]
    /// Site the student is at, -1 free.
    @exclusivity(unchecked) var stSite: [Int32]
    /// `s * D + d`: regular plus network periods; online periods.
    @exclusivity(unchecked) var stDay: [Int32]
    @exclusivity(unchecked) var stOnline: [Int32]
    @exclusivity(unchecked) var stWeek: [Int32]
    @exclusivity(unchecked) var tAt: [Int32]
    @exclusivity(unchecked) var tSite: [Int32]
    @exclusivity(unchecked) var tHours: [Int32]
    /// `r * S + slot`: section meeting, -2 the site's own timetable, -1 free.
    @exclusivity(unchecked) var roomAt: [Int32]
    /// Students joining online from the room.
    @exclusivity(unchecked) var roomJoin: [Int32]

    // MARK: Days, `person * D + day`
    @exclusivity(unchecked) var stLegs: [[PlannedLeg]]
    @exclusivity(unchecked) var stGaps: [Int32]
    @exclusivity(unchecked) var stMinutes: [Int32]
    @exclusivity(unchecked) var tLegs: [[PlannedLeg]]
    @exclusivity(unchecked) var tGaps: [Int32]
    @exclusivity(unchecked) var tMinutes: [Int32]
    @exclusivity(unchecked) var seats: SeatLedger
    /// Student road legs by (day, from, to, departure), and student bus legs by `run * D + day`.
    @exclusivity(unchecked) var roadTrips: [Int: Int32] = [:]
    @exclusivity(unchecked) var busTrips: [Int32]

    @exclusivity(unchecked) var terms = SearchTerms()
    /// Change terms and locks of a re-plan; nil without a reference solution or locks.
    let replan: ReplanLedger?

    // MARK: Journal
    enum Undo {
        case assigned(Int32)
        case unassigned(request: Int32, section: Int32, alt: Int32, join: Int32, position: Int32)
        /// With the data the reused section id held before, restored on undo.
        case opened(Int32, previous: SectionData?)
        case closed(Int32, position: Int32)
        case moved(section: Int32, index: Int32, old: Meet)
        case teacher(section: Int32, old: Int32)
        case studentDay(Int32, legs: [PlannedLeg], gaps: Int32, minutes: Int32)
        case teacherDay(Int32, legs: [PlannedLeg], gaps: Int32, minutes: Int32)
    }

    /// What a section id holds (kept while closed, so that undoing a close can reopen it).
    struct SectionData {
        var course: Int32
        var teacher: Int32
        var online: Bool
        var site: Int32
        var meets: [Meet]
        var capacity: Int32
    }

    @exclusivity(unchecked) private(set) var journal: [Undo] = []
    @exclusivity(unchecked) private var replaying = false
    /// Person-days changed since the last settle.
    @exclusivity(unchecked) private var dirtyStudentDays: [Int32] = []
    @exclusivity(unchecked) private var dirtyTeacherDays: [Int32] = []
    @exclusivity(unchecked) private var studentStamp: [UInt32]
    @exclusivity(unchecked) private var teacherStamp: [UInt32]
    @exclusivity(unchecked) private var stamp: UInt32 = 1
    @exclusivity(unchecked) private var scratchLegs: [PlannedLeg] = []
    @exclusivity(unchecked) private var dayAdd: [Int32]

    init(model: SearchModel) {
        m = model
        D = model.dayCount
        P = model.periodCount
        S = model.slotCount
        let ns = model.studentCount, nt = model.teacherCount, nr = model.roomCount, nq = model.requestCount
        courseSections = [[Int32]](repeating: [], count: model.courseCount)
        courseImbalance = [Int32](repeating: 0, count: model.courseCount)
        reqSection = [Int32](repeating: -1, count: nq)
        reqAlt = [Int32](repeating: -1, count: nq)
        reqJoin = [Int32](repeating: -1, count: nq)
        unmetRequired = IndexedSet(capacity: nq)
        unmetElective = IndexedSet(capacity: nq)
        stAt = [Int32](repeating: -1, count: ns * S)
        stSite = [Int32](repeating: -1, count: ns * S)
        stDay = [Int32](repeating: 0, count: ns * D)
        stOnline = [Int32](repeating: 0, count: ns * D)
        stWeek = [Int32](repeating: 0, count: ns)
        tAt = [Int32](repeating: -1, count: nt * S)
        tSite = [Int32](repeating: -1, count: nt * S)
        tHours = [Int32](repeating: 0, count: nt)
        roomAt = [Int32](repeating: -1, count: nr * S)
        roomJoin = [Int32](repeating: 0, count: nr * S)
        stLegs = [[PlannedLeg]](repeating: [], count: ns * D)
        stGaps = [Int32](repeating: 0, count: ns * D)
        stMinutes = [Int32](repeating: 0, count: ns * D)
        tLegs = [[PlannedLeg]](repeating: [], count: nt * D)
        tGaps = [Int32](repeating: 0, count: nt * D)
        tMinutes = [Int32](repeating: 0, count: nt * D)
        seats = SeatLedger(problem: model.problem)
        busTrips = [Int32](repeating: 0, count: model.problem.busRuns.count * model.dayCount)
        studentStamp = [UInt32](repeating: 0, count: ns * D)
        teacherStamp = [UInt32](repeating: 0, count: nt * D)
        dayAdd = [Int32](repeating: 0, count: model.dayCount)
        let problem = model.problem
        replan = problem.reference != nil || !problem.locks.isEmpty ? ReplanLedger(model: model) : nil
        replan?.initialize(&terms)

        for s in 0..<ns {
            let busy = problem.students[s].busy
            for k in 0..<S where busy[k] {
                stAt[s * S + k] = -2
                stSite[s * S + k] = model.studentHome[s]
                stDay[s * D + k / P] += 1
                stWeek[s] += 1
            }
            for d in 0..<D {
                stGaps[s * D + d] = gaps(stSite, s * S + d * P)
                terms.studentGaps += Int(stGaps[s * D + d])
            }
        }
        for t in 0..<nt {
            let busy = problem.teachers[t].busy
            for k in 0..<S where busy[k] {
                tAt[t * S + k] = -2
                tSite[t * S + k] = model.teacherHome[t]
            }
            for d in 0..<D {
                tGaps[t * D + d] = gaps(tSite, t * S + d * P)
                terms.teacherGaps += Int(tGaps[t * D + d])
            }
        }
        for r in 0..<nr {
            let busy = problem.rooms[r].busy
            for k in 0..<S where busy[k] { roomAt[r * S + k] = -2 }
        }
        for q in 0..<nq {
            if model.requestRequired[q] {
                unmetRequired.insert(q)
                terms.requiredUnmet += 1
            } else {
                unmetElective.insert(q)
                terms.unmetElective += model.requestWeight[q]
            }
        }
    }

    /// The cost the search minimises (objective plus penalties).
    var cost: Double { terms.cost(m) }
    /// Whether the state meets every hard rule (the others hold by construction).
    var isFeasible: Bool { terms.requiredUnmet == 0 && terms.deficit == 0 && terms.lockBroken == 0 }
    var sectionCount: Int { secOpen.count }

    @inline(__always) func gaps(_ sites: [Int32], _ first: Int) -> Int32 {
        var lo = -1, hi = -1, busy = 0
        for p in 0..<P where sites[first + p] >= 0 {
            if lo < 0 { lo = p }
            hi = p
            busy += 1
        }
        return lo < 0 ? 0 : Int32(hi - lo + 1 - busy)
    }

    @inline(__always) private func deficit(_ x: Int, size: Int) -> Int {
        max(0, Int(m.courseMin[Int(secCourse[x])]) - size)
    }

    @inline(__always) private func adjacentPairs(_ meets: [Meet]) -> Int {
        var n = 0
        for i in meets.indices {
            for j in (i + 1)..<meets.count where abs(meets[i].day - meets[j].day) == 1 { n += 1 }
        }
        return n
    }

    private func refreshImbalance(_ c: Int) {
        let list = courseSections[c]
        var value: Int32 = 0
        if list.count >= 2 {
            var lo = Int.max, hi = 0
            for x in list {
                let n = secMembers[Int(x)].count
                lo = min(lo, n)
                hi = max(hi, n)
            }
            value = Int32(hi - lo)
        }
        terms.sizeImbalance += Int(value - courseImbalance[c])
        courseImbalance[c] = value
    }

    @inline(__always) private func markStudentDay(_ s: Int, _ d: Int) {
        guard !replaying else { return }
        let i = s * D + d
        if studentStamp[i] != stamp {
            studentStamp[i] = stamp
            dirtyStudentDays.append(Int32(i))
        }
    }

    @inline(__always) private func markTeacherDay(_ t: Int, _ d: Int) {
        guard !replaying else { return }
        let i = t * D + d
        if teacherStamp[i] != stamp {
            teacherStamp[i] = stamp
            dirtyTeacherDays.append(Int32(i))
        }
    }

    @inline(__always) private func record(_ u: Undo) {
        if !replaying { journal.append(u) }
    }

    var hasUnsettledChanges: Bool { !dirtyStudentDays.isEmpty || !dirtyTeacherDays.isEmpty }

    // MARK: - Requests

    /// The student's daily loads allow adding `meets` (and, for the meetings held online — all of
    /// them when `online` — the online limit).
    private func loadsAllow(_ s: Int, _ meets: [Meet], online: Bool, weekly: Int32) -> Bool {
        if stWeek[s] + weekly > m.maxWeek[s] { return false }
        var ok = true
        for mt in meets { dayAdd[Int(mt.day)] += mt.length }
        for mt in meets where dayAdd[Int(mt.day)] > 0 {
            let i = s * D + Int(mt.day)
            if stDay[i] + dayAdd[Int(mt.day)] > m.maxDay[s] { ok = false }
            var onlineAdd: Int32 = 0
            for o in meets where o.day == mt.day && (online || o.online) { onlineAdd += o.length }
            if onlineAdd > 0 && stOnline[i] + onlineAdd > m.maxOnlineDay { ok = false }
            dayAdd[Int(mt.day)] = 0
        }
        return ok
    }

    /// Whether meeting `mt` of section `x` is held online (the section is online, or it is a
    /// blended course's online meeting).
    @inline(__always) func heldOnline(_ x: Int, _ mt: Meet) -> Bool { secOnline[x] || mt.online }

    /// Whether students of section `x` join some of its meetings online.
    @inline(__always) func hasOnlineMeetings(_ x: Int) -> Bool { secOnline[x] || secMeets[x].contains { $0.online } }

    /// The meetings of section `x` its students join online.
    func onlineMeets(_ x: Int) -> [Meet] { secOnline[x] ? secMeets[x] : secMeets[x].filter(\.online) }

    /// The room student `s` can join online `meets` from: -2 from home, a computer room of the
    /// home site free of meetings with a seat left in every slot, or nil.
    func joinRoom(_ s: Int, _ meets: [Meet]) -> Int32? {
        if m.studentFromHome[s] { return -2 }
        for r in m.computerRooms[Int(m.studentHome[s])] {
            let seats = m.roomSeats[Int(r)]
            var ok = true
            check: for mt in meets {
                let first = Int(r) * S + m.slot(mt.day, mt.period)
                for k in 0..<Int(mt.length) where roomAt[first + k] != -1 || roomJoin[first + k] >= seats {
                    ok = false
                    break check
                }
            }
            if ok { return r }
        }
        return nil
    }

    /// Whether student `s` could join an online lesson at `length` periods from (`day`, `period`):
    /// from home, or from a computer room of the home site free then with a seat left.
    func canJoinOnline(_ s: Int, day: Int32, period: Int32, length: Int32) -> Bool {
        if m.studentFromHome[s] { return true }
        let first = m.slot(day, period)
        rooms: for r in m.computerRooms[Int(m.studentHome[s])] {
            let seats = m.roomSeats[Int(r)]
            for k in 0..<Int(length) where roomAt[Int(r) * S + first + k] != -1 || roomJoin[Int(r) * S + first + k] >= seats {
                continue rooms
            }
            return true
        }
        return false
    }

    /// Whether request `q` could join section `x` by alternative `a` as far as the request, the
    /// section's size and the student's week go (travel is judged by ``settle(stopAtFailure:)``).
    func canAssign(_ q: Int, alt a: Int, section x: Int) -> Bool {
        let mates = m.groupMates[q]
        guard !mates.isEmpty else { return canAssignOne(q, alt: a, section: x) }
        // Groups join in person without a place to join online from: not a blended section (the greedy construction places those).
        if hasOnlineMeetings(x) { return false }
        // A group joins whole: room for all, and each member could join.
        guard Int32(secMembers[x].count + mates.count) < secCap[x], canAssignOne(q, alt: a, section: x) else { return false }
        for o in mates where !canAssignOne(Int(o), alt: Int(m.altFirst[Int(o)]), section: x) { return false }
        return true
    }

    private func canAssignOne(_ q: Int, alt a: Int, section x: Int) -> Bool {
        guard reqSection[q] < 0, secOpen[x], m.altUsable[a], m.altCourse[a] == secCourse[x],
              m.matches(alt: a, online: secOnline[x], site: secSite[x]),
              Int32(secMembers[x].count) < secCap[x]
        else { return false }
        let s = Int(m.requestStudent[q])
        let online = secOnline[x]
        if hasOnlineMeetings(x) && !m.studentMayOnline[s] { return false }
        let meets = secMeets[x]
        for mt in meets {
            let first = s * S + m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) where stAt[first + k] != -1 { return false }
        }
        return loadsAllow(s, meets, online: online, weekly: m.courseWeekly[Int(secCourse[x])])
    }

    /// Grants request `q` by global alternative `a` in section `x`; false (no change) when a hard
    /// rule judged here would break. Marks the student's meeting days for ``settle(stopAtFailure:)``.
    @discardableResult
    func assign(_ q: Int, alt a: Int, section x: Int) -> Bool {
        guard canAssign(q, alt: a, section: x) else { return false }
        var join: Int32 = -1
        if hasOnlineMeetings(x) {
            guard let r = joinRoom(Int(m.requestStudent[q]), onlineMeets(x)) else { return false }
            join = r
        }
        place(q, alt: a, section: x, join: join, position: -1)
        record(.assigned(Int32(q)))
        assignMates(q, section: x)
        return true
    }

    /// The rest of `q`'s group joins `x` too (``canAssign(_:alt:section:)`` checked they can; groups
    /// meet in person, so nobody needs a seat to join from).
    private func assignMates(_ q: Int, section x: Int) {
        for o in m.groupMates[q] where reqSection[Int(o)] < 0 {
            place(Int(o), alt: Int(m.altFirst[Int(o)]), section: x, join: -1, position: -1)
            record(.assigned(o))
        }
    }

    /// Like ``assign(_:alt:section:)`` but joining online from `preferred` (-2 home, or a room)
    /// when that is allowed and has a seat.
    @discardableResult
    func assign(_ q: Int, alt a: Int, section x: Int, preferredJoin preferred: Int32) -> Bool {
        guard canAssign(q, alt: a, section: x) else { return false }
        var join: Int32 = -1
        if hasOnlineMeetings(x) {
            let s = Int(m.requestStudent[q])
            let meets = onlineMeets(x)
            if preferred == -2 && m.studentFromHome[s] {
                join = -2
            } else if preferred >= 0 && m.roomSite[Int(preferred)] == m.studentHome[s] && joinable(Int(preferred), meets) {
                join = preferred
            } else {
                guard let r = joinRoom(s, meets) else { return false }
                join = r
            }
        }
        place(q, alt: a, section: x, join: join, position: -1)
        record(.assigned(Int32(q)))
        assignMates(q, section: x)
        return true
    }

    private func joinable(_ r: Int, _ meets: [Meet]) -> Bool {
        let seats = m.roomSeats[r]
        for mt in meets {
            let first = r * S + m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) where roomAt[first + k] != -1 || roomJoin[first + k] >= seats { return false }
        }
        return seats > 0
    }

    private func place(_ q: Int, alt a: Int, section x: Int, join: Int32, position: Int) {
        let s = Int(m.requestStudent[q])
        let online = secOnline[x]
        for mt in secMeets[x] {
            let held = online || mt.online
            let site = held ? m.studentHome[s] : secSite[x]
            let first = m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) {
                stAt[s * S + first + k] = Int32(x)
                stSite[s * S + first + k] = site
                if join >= 0 && held { roomJoin[Int(join) * S + first + k] += 1 }
            }
            stDay[s * D + Int(mt.day)] += mt.length
            if held { stOnline[s * D + Int(mt.day)] += mt.length }
            stWeek[s] += mt.length
            markStudentDay(s, Int(mt.day))
        }
        let before = secMembers[x].count
        secMembers[x].append(Int32(q))
        secSize[x] += 1
        if position >= 0 && position < before { secMembers[x].swapAt(position, before) }
        reqSection[q] = Int32(x)
        reqAlt[q] = Int32(a)
        reqJoin[q] = join
        let w = m.requestWeight[q]
        if m.requestRequired[q] {
            unmetRequired.remove(q)
            terms.requiredUnmet -= 1
        } else {
            unmetElective.remove(q)
            terms.unmetElective -= w
        }
        terms.alternativeRank += w * Double(a - Int(m.altFirst[q]))
        if online { terms.onlineEnrolments += 1 }
        terms.deficit += deficit(x, size: before + 1) - deficit(x, size: before)
        refreshImbalance(Int(secCourse[x]))
        replan?.requestChanged(q, section: x, placed: true, self)
    }

    /// Takes request `q` out of its section (which may fall below its minimum: see ``SearchTerms/deficit``),
    /// and the rest of its group with it.
    func unassign(_ q: Int) {
        guard reqSection[q] >= 0 else { return }
        unassignOne(q)
        // Undoing replays each member's own entry; a group leaves whole otherwise.
        if !replaying { for o in m.groupMates[q] { unassignOne(Int(o)) } }
    }

    private func unassignOne(_ q: Int) {
        let x = Int(reqSection[q])
        guard x >= 0 else { return }
        let a = Int(reqAlt[q]), join = reqJoin[q]
        let s = Int(m.requestStudent[q])
        let online = secOnline[x]
        for mt in secMeets[x] {
            let held = online || mt.online
            let first = m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) {
                stAt[s * S + first + k] = -1
                stSite[s * S + first + k] = -1
                if join >= 0 && held { roomJoin[Int(join) * S + first + k] -= 1 }
            }
            stDay[s * D + Int(mt.day)] -= mt.length
            if held { stOnline[s * D + Int(mt.day)] -= mt.length }
            stWeek[s] -= mt.length
            markStudentDay(s, Int(mt.day))
        }
        let before = secMembers[x].count
        let p = secMembers[x].firstIndex(of: Int32(q))!
        secMembers[x].swapAt(p, before - 1)
        secMembers[x].removeLast()
        secSize[x] -= 1
        reqSection[q] = -1
        reqAlt[q] = -1
        reqJoin[q] = -1
        let w = m.requestWeight[q]
        if m.requestRequired[q] {
            unmetRequired.insert(q)
            terms.requiredUnmet += 1
        } else {
            unmetElective.insert(q)
            terms.unmetElective += w
        }
        terms.alternativeRank -= w * Double(a - Int(m.altFirst[q]))
        if online { terms.onlineEnrolments -= 1 }
        terms.deficit += deficit(x, size: before - 1) - deficit(x, size: before)
        refreshImbalance(Int(secCourse[x]))
        replan?.requestChanged(q, section: x, placed: false, self)
        record(.unassigned(request: Int32(q), section: Int32(x), alt: Int32(a), join: join, position: Int32(p)))
    }

    // MARK: - Sections

    /// Whether `meets` of a new or changed section are consistent with the course: pattern
    /// lengths, inside the day, distinct days when required, no two overlapping.
    func meetsFitCourse(_ c: Int, _ meets: [Meet]) -> Bool {
        let pattern = m.coursePattern[c]
        guard meets.count == pattern.count else { return false }
        var lengths = meets.map(\.length)
        lengths.sort(by: >)
        guard lengths == pattern else { return false }
        for (i, a) in meets.enumerated() {
            if a.period < 0 || Int(a.period + a.length) > P || a.day < 0 || Int(a.day) >= D { return false }
            for b in meets[(i + 1)...] where a.day == b.day {
                if m.courseDistinct[c] { return false }
                if a.period < b.period + b.length && b.period < a.period + a.length { return false }
            }
        }
        return true
    }

    /// Whether teacher `t` may teach course `c` `online` at `site` as far as qualification, mode,
    /// place and weekly periods go (`extra` periods more than now).
    func teacherMay(_ t: Int, course c: Int, online: Bool, site: Int32, extra: Int32) -> Bool {
        guard m.qualified[c * m.teacherCount + t], m.teacherMaySite[t * m.siteCount + Int(site)] else { return false }
        if (online || m.courseBlended[c]) && !m.teacherOnline[t] { return false }
        return hasHours(t, extra: extra)
    }

    /// Whether teacher `t` has `extra` weekly periods left: the part of
    /// ``teacherMay(_:course:online:site:extra:)`` that changes during the search.
    @inline(__always) func hasHours(_ t: Int, extra: Int32) -> Bool {
        tHours[t] + extra <= m.teacherMaxPeriods[t]
    }

    /// Opens a section with no students; nil (no change) when the teacher, a room, the course's
    /// pattern, mode, site or section limit forbids it. Marks the teacher's days.
    func open(course c: Int, teacher t: Int, online: Bool, site: Int32, meets: [Meet]) -> Int? {
        guard Int32(courseSections[c].count) < m.courseMaxSections[c], meetsFitCourse(c, meets),
              teacherMay(t, course: c, online: online, site: site, extra: m.courseWeekly[c])
        else { return nil }
        if online {
            guard m.courseOnline[c], !meets.contains(where: \.online) else { return nil }
        } else {
            guard m.courseSites[c].contains(site) else { return nil }
            if m.courseBlended[c] || meets.contains(where: \.online) {
                var lengths = meets.filter(\.online).map(\.length)
                lengths.sort(by: >)
                guard lengths == m.courseOnlineLengths[c] else { return nil }
            }
        }
        var cap = m.courseMax[c]
        for mt in meets {
            let r = Int(mt.room)
            guard m.roomSite[r] == site else { return nil }
            if online || mt.online {
                guard m.studioRooms[Int(site)].contains(mt.room) else { return nil }
            } else {
                guard let i = m.courseSites[c].firstIndex(of: site), m.courseRooms[c][i].contains(mt.room) else { return nil }
                cap = min(cap, m.roomCapacity[r])
            }
            let first = m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) {
                if tAt[t * S + first + k] != -1 || roomAt[r * S + first + k] != -1 || roomJoin[r * S + first + k] != 0 {
                    return nil
                }
            }
        }
        let x: Int
        var previous: SectionData?
        if let free = freeSections.last, replan?.reusable(Int(free)) ?? true {
            freeSections.removeLast()
            x = Int(free)
            previous = SectionData(course: secCourse[x], teacher: secTeacher[x], online: secOnline[x], site: secSite[x],
                                   meets: secMeets[x], capacity: secCap[x])
            secCourse[x] = Int32(c)
            secTeacher[x] = Int32(t)
            secOnline[x] = online
            secSite[x] = site
            secMeets[x] = meets
            secMembers[x] = []
            secSize[x] = 0
            secCap[x] = cap
        } else {
            x = secOpen.count
            secCourse.append(Int32(c))
            secTeacher.append(Int32(t))
            secOnline.append(online)
            secSite.append(site)
            secMeets.append(meets)
            secMembers.append([])
            secSize.append(0)
            secCap.append(cap)
            secOpen.append(false)
            replan?.sectionsGrew(to: secOpen.count)
        }
        activate(x, position: -1)
        record(.opened(Int32(x), previous: previous))
        return x
    }

    private func activate(_ x: Int, position: Int) {
        let c = Int(secCourse[x]), t = Int(secTeacher[x])
        secOpen[x] = true
        for mt in secMeets[x] { occupy(x, t, mt) }
        tHours[t] += m.courseWeekly[c]
        terms.sections += 1
        terms.teacherPeriods += Int(m.courseWeekly[c])
        terms.consecutiveDays += adjacentPairs(secMeets[x])
        terms.deficit += deficit(x, size: 0)
        if position >= 0 { courseSections[c].insert(Int32(x), at: position) } else { courseSections[c].append(Int32(x)) }
        refreshImbalance(c)
        replan?.sectionOpened(x, open: true, self)
    }

    @inline(__always) private func occupy(_ x: Int, _ t: Int, _ mt: Meet) {
        let first = m.slot(mt.day, mt.period)
        let site = secSite[x]
        for k in 0..<Int(mt.length) {
            tAt[t * S + first + k] = Int32(x)
            tSite[t * S + first + k] = site
            roomAt[Int(mt.room) * S + first + k] = Int32(x)
        }
        replan?.teacherSlots(t, first: first, length: Int(mt.length), self)
        markTeacherDay(t, Int(mt.day))
    }

    @inline(__always) private func vacate(_ t: Int, _ mt: Meet) {
        let first = m.slot(mt.day, mt.period)
        for k in 0..<Int(mt.length) {
            tAt[t * S + first + k] = -1
            tSite[t * S + first + k] = -1
            roomAt[Int(mt.room) * S + first + k] = -1
        }
        replan?.teacherSlots(t, first: first, length: Int(mt.length), self)
        markTeacherDay(t, Int(mt.day))
    }

    /// Closes an empty section, freeing its teacher and rooms.
    func close(_ x: Int) {
        precondition(secOpen[x] && secMembers[x].isEmpty, "close a section only once its students are out")
        let c = Int(secCourse[x]), t = Int(secTeacher[x])
        for mt in secMeets[x] { vacate(t, mt) }
        tHours[t] -= m.courseWeekly[c]
        terms.sections -= 1
        terms.teacherPeriods -= Int(m.courseWeekly[c])
        terms.consecutiveDays -= adjacentPairs(secMeets[x])
        terms.deficit -= deficit(x, size: 0)
        let p = courseSections[c].firstIndex(of: Int32(x))!
        courseSections[c].remove(at: p)
        refreshImbalance(c)
        secOpen[x] = false
        replan?.sectionOpened(x, open: false, self)
        freeSections.append(Int32(x))
        record(.closed(Int32(x), position: Int32(p)))
    }

    /// Moves meeting `i` of section `x` to another time and/or room of the same kind. False (no
    /// change) when the teacher, the room, a student or an online student's computer seat is not
    /// free then, or a load limit or the course's pattern would break.
    func moveMeeting(_ x: Int, _ i: Int, to proposed: Meet) -> Bool {
        let old = secMeets[x][i]
        var new = proposed
        new.online = old.online  // a blended course's online meeting stays online
        guard secOpen[x], new.length == old.length, new != old, !(replan?.timesLocked(x) ?? false) else { return false }
        let c = Int(secCourse[x]), t = Int(secTeacher[x])
        var meets = secMeets[x]
        meets[i] = new
        guard meetsFitCourse(c, meets) else { return false }
        let r = Int(new.room)
        var cap = secCap[x]
        if new.room != old.room {
            guard m.roomSite[r] == secSite[x] else { return false }
            if secOnline[x] || new.online {
                guard m.studioRooms[Int(secSite[x])].contains(new.room) else { return false }
            } else {
                guard let k = m.courseSites[c].firstIndex(of: secSite[x]), m.courseRooms[c][k].contains(new.room) else { return false }
                cap = m.courseMax[c]
                for mt in meets where !mt.online { cap = min(cap, m.roomCapacity[Int(mt.room)]) }
                guard Int32(secMembers[x].count) <= cap else { return false }
            }
        }
        let oldFirst = m.slot(old.day, old.period), newFirst = m.slot(new.day, new.period)
        @inline(__always) func inOld(_ slot: Int) -> Bool { slot >= oldFirst && slot < oldFirst + Int(old.length) }
        for k in 0..<Int(new.length) {
            let slot = newFirst + k
            let mine = inOld(slot)
            let ta = tAt[t * S + slot]
            if ta != -1 && !(mine && ta == Int32(x)) { return false }
            let ra = roomAt[r * S + slot]
            if ra != -1 && !(mine && ra == Int32(x) && new.room == old.room) { return false }
            if roomJoin[r * S + slot] != 0 { return false }
        }
        let online = secOnline[x] || new.online
        let sameDay = new.day == old.day
        for q32 in secMembers[x] {
            let q = Int(q32), s = Int(m.requestStudent[q])
            for k in 0..<Int(new.length) {
                let slot = newFirst + k
                let sa = stAt[s * S + slot]
                if sa != -1 && !(sa == Int32(x) && inOld(slot)) { return false }
            }
            if !sameDay {
                let i = s * D + Int(new.day)
                if stDay[i] + new.length > m.maxDay[s] { return false }
                if online && stOnline[i] + new.length > m.maxOnlineDay { return false }
            }
            let join = reqJoin[q]
            if join >= 0 && online {
                if join == new.room { return false }
                let seats = m.roomSeats[Int(join)]
                for k in 0..<Int(new.length) {
                    let slot = newFirst + k
                    let own: Int32 = inOld(slot) ? 1 : 0
                    if roomAt[Int(join) * S + slot] != -1 || roomJoin[Int(join) * S + slot] - own >= seats { return false }
                }
            }
        }
        relocate(x, i, to: new, capacity: cap)
        record(.moved(section: Int32(x), index: Int32(i), old: old))
        return true
    }

    private func relocate(_ x: Int, _ i: Int, to new: Meet, capacity: Int32) {
        let old = secMeets[x][i]
        let t = Int(secTeacher[x])
        let online = secOnline[x] || old.online
        terms.consecutiveDays -= adjacentPairs(secMeets[x])
        vacate(t, old)
        for q32 in secMembers[x] {
            let q = Int(q32), s = Int(m.requestStudent[q]), join = reqJoin[q]
            let first = m.slot(old.day, old.period)
            for k in 0..<Int(old.length) {
                stAt[s * S + first + k] = -1
                stSite[s * S + first + k] = -1
                if join >= 0 && online { roomJoin[Int(join) * S + first + k] -= 1 }
            }
            stDay[s * D + Int(old.day)] -= old.length
            if online { stOnline[s * D + Int(old.day)] -= old.length }
            markStudentDay(s, Int(old.day))
        }
        secMeets[x][i] = new
        secCap[x] = capacity
        occupy(x, t, new)
        for q32 in secMembers[x] {
            let q = Int(q32), s = Int(m.requestStudent[q]), join = reqJoin[q]
            let site = online ? m.studentHome[s] : secSite[x]
            let first = m.slot(new.day, new.period)
            for k in 0..<Int(new.length) {
                stAt[s * S + first + k] = Int32(x)
                stSite[s * S + first + k] = site
                if join >= 0 && online { roomJoin[Int(join) * S + first + k] += 1 }
            }
            stDay[s * D + Int(new.day)] += new.length
            if online { stOnline[s * D + Int(new.day)] += new.length }
            markStudentDay(s, Int(new.day))
        }
        terms.consecutiveDays += adjacentPairs(secMeets[x])
        replan?.sectionChanged(x, self)
    }

    /// Gives section `x` another teacher; false (no change) when the teacher may not teach it
    /// there or is not free at its meetings.
    func setTeacher(_ x: Int, _ t: Int) -> Bool {
        let old = Int(secTeacher[x])
        guard secOpen[x], t != old, !(replan?.teacherLocked(x) ?? false) else { return false }
        let c = Int(secCourse[x])
        guard teacherMay(t, course: c, online: secOnline[x], site: secSite[x], extra: m.courseWeekly[c]) else { return false }
        for mt in secMeets[x] {
            let first = t * S + m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) where tAt[first + k] != -1 { return false }
        }
        swapTeacher(x, to: t)
        record(.teacher(section: Int32(x), old: Int32(old)))
        return true
    }

    private func swapTeacher(_ x: Int, to t: Int) {
        let old = Int(secTeacher[x]), c = Int(secCourse[x])
        for mt in secMeets[x] {
            let first = m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) {
                tAt[old * S + first + k] = -1
                tSite[old * S + first + k] = -1
                tAt[t * S + first + k] = Int32(x)
                tSite[t * S + first + k] = secSite[x]
            }
            replan?.teacherSlots(old, first: first, length: Int(mt.length), self)
            replan?.teacherSlots(t, first: first, length: Int(mt.length), self)
            markTeacherDay(old, Int(mt.day))
            markTeacherDay(t, Int(mt.day))
        }
        tHours[old] -= m.courseWeekly[c]
        tHours[t] += m.courseWeekly[c]
        secTeacher[x] = Int32(t)
        replan?.sectionChanged(x, self)
    }

    // MARK: - Days

    /// Re-plans every person-day changed since the last settle and updates the travel, gap and
    /// trip terms. Returns the days that cannot be travelled (student days as `s * D + d`,
    /// teacher days as `-(t * D + d) - 1`); empty means the state meets every travel rule. Such a
    /// day is left with no legs; the caller undoes or repairs it. With `stopAtFailure`, stops at
    /// the first (the remaining days keep their old plans and are no longer marked).
    @discardableResult
    func settle(stopAtFailure: Bool) -> [Int] {
        var failed: [Int] = []
        defer {
            dirtyStudentDays.removeAll(keepingCapacity: true)
            dirtyTeacherDays.removeAll(keepingCapacity: true)
            stamp &+= 1
        }
        for i in dirtyTeacherDays where !planTeacherDay(Int(i)) {
            failed.append(-Int(i) - 1)
            if stopAtFailure { return failed }
        }
        for i in dirtyStudentDays where !planStudentDay(Int(i)) {
            failed.append(Int(i))
            if stopAtFailure { return failed }
        }
        return failed
    }

    private func roadKey(_ d: Int, _ l: PlannedLeg) -> Int {
        ((d * m.siteCount + Int(l.from)) * m.siteCount + Int(l.to)) * 1440 + Int(l.depart)
    }

    private func addTrips(_ legs: [PlannedLeg], day d: Int, sign: Int32) {
        for l in legs {
            if l.run >= 0 {
                let k = Int(l.run) * D + d
                let before = busTrips[k]
                busTrips[k] += sign
                if before == 0 && sign > 0 { terms.vehicleTrips += 1 } else if busTrips[k] == 0 && sign < 0 { terms.vehicleTrips -= 1 }
            } else {
                let key = roadKey(d, l)
                let before = roadTrips[key] ?? 0
                let after = before + sign
                if after == 0 { roadTrips[key] = nil } else { roadTrips[key] = after }
                if before == 0 && after > 0 { terms.vehicleTrips += 1 } else if before > 0 && after == 0 { terms.vehicleTrips -= 1 }
            }
        }
    }

    /// Replaces the record of student day `i`, keeping seats, trips and terms in step.
    private func setStudentDay(_ i: Int, legs: [PlannedLeg], gaps: Int32, minutes: Int32) {
        let d = i % D
        let oldLegs = stLegs[i]
        if m.byBus {
            for l in oldLegs where l.run >= 0 { seats.release(l, day: d, segments: m.planner.runSegments[Int(l.run)]) }
            for l in legs where l.run >= 0 { seats.take(l, day: d, segments: m.planner.runSegments[Int(l.run)]) }
        }
        addTrips(oldLegs, day: d, sign: -1)
        addTrips(legs, day: d, sign: 1)
        terms.siteChanges += legs.count - oldLegs.count
        terms.studentTravelMinutes += Int(minutes - stMinutes[i])
        terms.studentGaps += Int(gaps - stGaps[i])
        stLegs[i] = legs
        stGaps[i] = gaps
        stMinutes[i] = minutes
        replan?.studentDay(i, legs: legs, self)
    }

    private func setTeacherDay(_ i: Int, legs: [PlannedLeg], gaps: Int32, minutes: Int32) {
        terms.teacherTravelMinutes += Int(minutes - tMinutes[i])
        terms.teacherGaps += Int(gaps - tGaps[i])
        tLegs[i] = legs
        tGaps[i] = gaps
        tMinutes[i] = minutes
        replan?.teacherDay(i, legs: legs, self)
    }

    private func planStudentDay(_ i: Int) -> Bool {
        let s = i / D, d = i % D
        record(.studentDay(Int32(i), legs: stLegs[i], gaps: stGaps[i], minutes: stMinutes[i]))
        let first = s * S + d * P
        let g = gaps(stSite, first)
        if m.byBus {
            // Free this student's own seats before looking for rides.
            setStudentDay(i, legs: [], gaps: g, minutes: 0)
        }
        guard m.planner.plan(day: d, sites: stSite, first: first, rules: m.studentRules[s], seats: seats, legs: &scratchLegs) else {
            setStudentDay(i, legs: [], gaps: g, minutes: 0)
            return false
        }
        var minutes: Int32 = 0
        for l in scratchLegs { minutes += l.minutes }
        setStudentDay(i, legs: scratchLegs, gaps: g, minutes: minutes)
        return true
    }

    private func planTeacherDay(_ i: Int) -> Bool {
        let t = i / D, d = i % D
        record(.teacherDay(Int32(i), legs: tLegs[i], gaps: tGaps[i], minutes: tMinutes[i]))
        let first = t * S + d * P
        let g = gaps(tSite, first)
        guard m.planner.plan(day: d, sites: tSite, first: first, rules: m.teacherRules[t], seats: seats, legs: &scratchLegs) else {
            setTeacherDay(i, legs: [], gaps: g, minutes: 0)
            return false
        }
        var minutes: Int32 = 0
        for l in scratchLegs { minutes += l.minutes }
        setTeacherDay(i, legs: scratchLegs, gaps: g, minutes: minutes)
        return true
    }

    /// Sets a day's legs as given (a warm start's own itinerary), without planning.
    func adoptStudentDay(_ i: Int, legs: [PlannedLeg]) {
        let s = i / D, d = i % D
        var minutes: Int32 = 0
        for l in legs { minutes += l.minutes }
        setStudentDay(i, legs: legs, gaps: gaps(stSite, s * S + d * P), minutes: minutes)
    }

    func adoptTeacherDay(_ i: Int, legs: [PlannedLeg]) {
        let t = i / D, d = i % D
        var minutes: Int32 = 0
        for l in legs { minutes += l.minutes }
        setTeacherDay(i, legs: legs, gaps: gaps(tSite, t * S + d * P), minutes: minutes)
    }

    /// Marks student day `i` (`s * D + d`) for re-planning at the next settle.
    func touchStudentDay(_ i: Int) { markStudentDay(i / D, i % D) }

    /// Marks teacher day `i` (`t * D + d`) for re-planning at the next settle.
    func touchTeacherDay(_ i: Int) { markTeacherDay(i / D, i % D) }

    /// Takes the marks of the days changed since the last settle without planning them (the
    /// caller sets their legs itself); returns (student days, teacher days).
    func takeDirtyDays() -> (students: [Int32], teachers: [Int32]) {
        defer {
            dirtyStudentDays.removeAll(keepingCapacity: true)
            dirtyTeacherDays.removeAll(keepingCapacity: true)
            stamp &+= 1
        }
        return (dirtyStudentDays, dirtyTeacherDays)
    }

    // MARK: - Journal

    /// A point to return to with ``undo(to:)``. The state must be settled.
    func checkpoint() -> Int {
        assert(!hasUnsettledChanges, "settle before taking a checkpoint")
        return journal.count
    }

    /// Forgets the journal (after a move is kept for good, with no checkpoint outstanding).
    func commit() {
        journal.removeAll(keepingCapacity: true)
    }

    /// Returns exactly to the state at checkpoint `mark`.
    func undo(to mark: Int) {
        replaying = true
        defer { replaying = false }
        while journal.count > mark {
            switch journal.removeLast() {
            case let .assigned(q):
                unassign(Int(q))
            case let .unassigned(q, x, a, join, p):
                place(Int(q), alt: Int(a), section: Int(x), join: join, position: Int(p))
            case let .opened(x32, previous):
                let x = Int(x32)
                close(x)
                if let p = previous {
                    // Back to what the id held when it was taken from the free list (on top again).
                    secCourse[x] = p.course
                    secTeacher[x] = p.teacher
                    secOnline[x] = p.online
                    secSite[x] = p.site
                    secMeets[x] = p.meets
                    secCap[x] = p.capacity
                } else {
                    // A new id: forget it, as before.
                    let popped = freeSections.removeLast()
                    assert(popped == x32 && x == secOpen.count - 1)
                    secCourse.removeLast()
                    secTeacher.removeLast()
                    secOnline.removeLast()
                    secSite.removeLast()
                    secMeets.removeLast()
                    secMembers.removeLast()
                    secSize.removeLast()
                    secCap.removeLast()
                    secOpen.removeLast()
                }
            case let .closed(x, p):
                let popped = freeSections.removeLast()
                assert(popped == x)
                activate(Int(x), position: Int(p))
            case let .moved(x, i, old):
                var cap = m.courseMax[Int(secCourse[Int(x)])]
                if !secOnline[Int(x)] {
                    for (k, mt) in secMeets[Int(x)].enumerated() where !mt.online { cap = min(cap, m.roomCapacity[Int(k == Int(i) ? old.room : mt.room)]) }
                }
                relocate(Int(x), Int(i), to: old, capacity: cap)
            case let .teacher(x, old):
                swapTeacher(Int(x), to: Int(old))
            case let .studentDay(i, legs, g, minutes):
                setStudentDay(Int(i), legs: legs, gaps: g, minutes: minutes)
            case let .teacherDay(i, legs, g, minutes):
                setTeacherDay(Int(i), legs: legs, gaps: g, minutes: minutes)
            }
        }
        dirtyStudentDays.removeAll(keepingCapacity: true)
        dirtyTeacherDays.removeAll(keepingCapacity: true)
        stamp &+= 1
    }
}
