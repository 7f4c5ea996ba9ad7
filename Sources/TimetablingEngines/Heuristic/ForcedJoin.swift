import TimetablingCore

/// *Forced join* for an unmet request (tail repair): the request joins an open section of a course
/// it asks for, and whatever stands in the student's way is moved out first —
///
/// - meetings of the section the student can never attend where they are (a regular lesson in
///   the way, or a day already full of fixed lessons) move to a time the student is free
///   (``MeetingMoves/retime(_:for:pool:meeting:)``);
/// - the student's lessons at the section's times, and on each day of its meetings as many of the
///   student's other lessons that day (least important first) as the daily limit, the online
///   daily limit and the weekly limit need;
/// - a member when the section is full (the least important of three drawn);
/// - for an online section, when no computer room of the student's school has a seat at all its
///   meetings: in one room, a section meeting there goes to another room at the same time (or to
///   another time, ``MeetingMoves/moveAway(_:_:from:pool:)``), and students joining other online
///   lessons from it leave their section (the least important of three drawn) until a seat is free.
///
/// The request is then assigned at once, so the requests taken out cannot take their old places
/// back first; they are recreated after it. The section is chosen by a cheap estimate of the
/// effort (lessons in the way, periods over the limits, a full section, no computer seat).
///
/// Why: on the generated region the last unmet required requests are online in-depth courses
/// whose one or two open sections the student cannot join for several reasons at once: most
/// often a day that would exceed the daily limit of 7 lessons ("8 lessons on Thu (6 + 2)"), with
/// a lesson of another network course at the same time, a full section, or no free computer seat
/// at the student's school (other online lessons' students, or another section's meeting, in the
/// computer rooms). The other operators free only clashing lessons (and same-day ones by chance)
/// and re-insert the request among the freed ones, where an old lesson often takes its place back.
///
/// A large-neighbourhood search operator of the tail repair (``LargeNeighbourhoodSearch``).
final class ForcedJoin {
    let m: SearchModel
    let state: SearchState
    let rng: SearchRandomStream
    let moves: SearchMoves
    let meetings: MeetingMoves
    /// What the forced joins did.
    @exclusivity(unchecked) var counters = ForcedJoinCounters()

    init(meetings: MeetingMoves) {
        moves = meetings.moves
        m = moves.m
        state = moves.state
        rng = moves.rng
        self.meetings = meetings
    }

    /// The operator for unmet request `q` (unassigned): its open sections ordered by the effort
    /// of making room, the cheapest forced (sometimes another); two sections tried. The request
    /// goes to `pool` when none can be joined.
    func join(_ q: Int, pool: inout [Int32]) {
        let s = Int(m.requestStudent[q])
        var options: [(alt: Int, section: Int, effort: Double)] = []
        for a in m.alternatives(q) where m.altUsable[a] {
            for x32 in state.courseSections[Int(m.altCourse[a])] {
                let x = Int(x32)
                guard state.secOpen[x], m.matches(alt: a, online: state.secOnline[x], site: state.secSite[x]),
                      !state.secOnline[x] || m.studentMayOnline[s],
                      !options.contains(where: { $0.section == x })
                else { continue }
                options.append((a, x, joinEffort(q, section: x) + rng.unit()))
            }
        }
        counters.tried += 1
        guard !options.isEmpty else {
            pool.append(Int32(q))
            return
        }
        options.sort { $0.effort < $1.effort }
        let first = rng.chance(0.7) ? 0 : rng.below(options.count)
        let mark = state.checkpoint()
        let base = pool.count
        for k in 0..<min(2, options.count) {
            let option = options[(first + k) % options.count]
            if forceJoin(q, alt: option.alt, section: option.section, pool: &pool) {
                counters.joined += 1
                return
            }
            state.undo(to: mark)
            pool.removeSubrange(base..<pool.count)
        }
        pool.append(Int32(q))
    }

    /// How much must move for request `q`'s student to join section `x`: a meeting during a regular
    /// lesson 4, each lesson at its times 1 (a required one 3), each period over the daily and
    /// online daily limits 1, a full section 1, no computer seat 1.
    func joinEffort(_ q: Int, section x: Int) -> Double {
        let s = Int(m.requestStudent[q])
        let S = state.S, D = state.D
        let lo = Int(m.studentFirstRequest[s]), hi = Int(m.studentFirstRequest[s + 1])
        let meets = state.secMeets[x]
        let online = state.secOnline[x]
        var effort = 0.0
        var seen: [Int32] = []
        var days: [(day: Int, add: Int32)] = []
        for mt in meets {
            if let k = days.firstIndex(where: { $0.day == Int(mt.day) }) { days[k].add += mt.length } else { days.append((Int(mt.day), mt.length)) }
            let first = m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) {
                let y = state.stAt[s * S + first + k]
                if y == -2 {
                    effort += 4
                } else if y >= 0 && !seen.contains(y) {
                    seen.append(y)
                    var required = false
                    for q2 in lo..<hi where state.reqSection[q2] == y { required = m.requestRequired[q2] }
                    effort += required ? 3 : 1
                }
            }
        }
        for (d, add) in days {
            effort += Double(max(0, state.stDay[s * D + d] + add - m.maxDay[s]))
            if online { effort += Double(max(0, state.stOnline[s * D + d] + add - m.maxOnlineDay)) }
        }
        if Int32(state.secMembers[x].count) >= state.secCap[x] { effort += 1 }
        if state.hasOnlineMeetings(x) && state.joinRoom(s, state.onlineMeets(x)) == nil { effort += 1 }
        return effort
    }

    /// Request `q` (unassigned) joins section `x` by alternative `a`, everything in the way moved
    /// out first (see the type's documentation); the requests taken out go to `pool`. True
    /// when `q` is in `x` and the state is settled; false when something could not make way (the
    /// state is then partly changed: the caller undoes).
    func forceJoin(_ q: Int, alt a: Int, section x: Int, pool: inout [Int32]) -> Bool {
        let s = Int(m.requestStudent[q])
        let S = state.S, D = state.D
        // Meetings the student can never attend where they are move first.
        for i in meetings.fixedlyBlockedMeetings(x, student: s) {
            guard meetings.retime(x, for: q, pool: &pool, meeting: i) else { return false }
        }
        guard state.secOpen[x] else { return false }
        let meets = state.secMeets[x]
        let online = state.secOnline[x]
        let lo = Int(m.studentFirstRequest[s]), hi = Int(m.studentFirstRequest[s + 1])
        @inline(__always) func movable(_ q2: Int) -> Bool {
            q2 != q && state.reqSection[q2] >= 0 && (state.replan?.pinRequest[q2] ?? -1) < 0
        }
        var out: [Int] = []
        // The student's lessons at the section's times.
        for mt in meets {
            let first = m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) {
                let y = state.stAt[s * S + first + k]
                if y == -2 { return false }
                guard y >= 0 else { continue }
                for q2 in lo..<hi where state.reqSection[q2] == y && !out.contains(q2) {
                    guard movable(q2) else { return false }
                    out.append(q2)
                }
            }
        }
        // Periods of day `d` (online ones only: `onlineOnly`) that the lessons taken out free.
        func freed(_ d: Int, onlineOnly: Bool) -> Int32 {
            var n: Int32 = 0
            for q2 in out {
                let y = Int(state.reqSection[q2])
                if onlineOnly && !state.secOnline[y] { continue }
                for mt in state.secMeets[y] where Int(mt.day) == d { n += mt.length }
            }
            return n
        }
        // The least important lesson still in, meeting on day `d` (any day: -1), online only or not.
        func leastImportant(day d: Int, onlineOnly: Bool) -> Int? {
            var pick = -1
            for q2 in lo..<hi where movable(q2) && !out.contains(q2) {
                let y = Int(state.reqSection[q2])
                if onlineOnly && !state.secOnline[y] { continue }
                if d >= 0 && !state.secMeets[y].contains(where: { Int($0.day) == d }) { continue }
                if pick < 0 || state.lessImportant(q2, than: pick) { pick = q2 }
            }
            return pick >= 0 ? pick : nil
        }
        // Daily and online daily limits, on each day the section meets.
        var dayAdd = [Int32](repeating: 0, count: D)
        for mt in meets { dayAdd[Int(mt.day)] += mt.length }
        for d in 0..<D where dayAdd[d] > 0 {
            while state.stDay[s * D + d] - freed(d, onlineOnly: false) + dayAdd[d] > m.maxDay[s] {
                guard let q2 = leastImportant(day: d, onlineOnly: false) else { return false }
                out.append(q2)
                counters.dayLessonsOut += 1
            }
            while online && state.stOnline[s * D + d] - freed(d, onlineOnly: true) + dayAdd[d] > m.maxOnlineDay {
                guard let q2 = leastImportant(day: d, onlineOnly: true) else { return false }
                out.append(q2)
                counters.dayLessonsOut += 1
            }
        }
        // The weekly limit.
        let weekly = m.courseWeekly[Int(state.secCourse[x])]
        while true {
            var freedWeek: Int32 = 0
            for q2 in out { freedWeek += m.courseWeekly[Int(state.secCourse[Int(state.reqSection[q2])])] }
            guard state.stWeek[s] - freedWeek + weekly > m.maxWeek[s] else { break }
            guard let q2 = leastImportant(day: -1, onlineOnly: false) else { return false }
            out.append(q2)
        }
        moves.unassignAll(out, pool: &pool)
        // A place in the section.
        if Int32(state.secMembers[x].count) >= state.secCap[x] {
            let members = state.secMembers[x].map(Int.init).filter { (state.replan?.pinRequest[$0] ?? -1) < 0 }
            guard !members.isEmpty else { return false }
            var victim = members[rng.below(members.count)]
            for _ in 0..<2 {
                let other = members[rng.below(members.count)]
                if state.lessImportant(other, than: victim) { victim = other }
            }
            moves.unassignAll([victim], pool: &pool)
        }
        state.settleRepairing(pool: &pool)
        // A computer seat at the student's school.
        if state.hasOnlineMeetings(x) && state.joinRoom(s, state.onlineMeets(x)) == nil {
            guard freeComputerSeat(s, meets: state.onlineMeets(x), section: x, pool: &pool) else { return false }
            state.settleRepairing(pool: &pool)
        }
        guard state.secOpen[x], state.assign(q, alt: a, section: x) else { return false }
        return state.settle(stopAtFailure: true).isEmpty
    }

    /// Frees a seat for student `s` to join `meets` online from one computer room of the home site
    /// (tried from a random one; rooms the school's own lessons take at those times are skipped):
    /// a section meeting in the room moves to another room of its kind at the same time, or else
    /// to another time outside `meets`; students joining from the room at a full slot leave their
    /// section. True when ``SearchState/joinRoom(_:_:)`` finds a room (requests taken out in
    /// `pool`; the state is left unsettled); false with no change. The state must be settled.
    /// Section `x` (the one to join) is never moved.
    func freeComputerSeat(_ s: Int, meets: [Meet], section x: Int, pool: inout [Int32]) -> Bool {
        let S = state.S
        let home = Int(m.studentHome[s])
        let rooms = m.computerRooms[home]
        guard !rooms.isEmpty else { return false }
        let start = rng.below(rooms.count)
        rooms: for k in 0..<rooms.count {
            let r = Int(rooms[(start + k) % rooms.count])
            for mt in meets {
                let first = m.slot(mt.day, mt.period)
                for j in 0..<Int(mt.length) where state.roomAt[r * S + first + j] == -2 { continue rooms }
            }
            let mark = state.checkpoint()
            let base = pool.count
            var ok = true
            check: for mt in meets {
                let first = m.slot(mt.day, mt.period)
                for j in 0..<Int(mt.length) {
                    let slot = first + j
                    let y = Int(state.roomAt[r * S + slot])
                    if y == x || (y >= 0 && !clearRoom(y, room: r, slot: slot, avoiding: meets, pool: &pool)) {
                        ok = false
                        break check
                    }
                    while state.roomJoin[r * S + slot] >= m.roomSeats[r] {
                        guard let holder = seatHolder(room: r, site: home, slot: slot) else {
                            ok = false
                            break check
                        }
                        moves.unassignAll([holder], pool: &pool)
                    }
                }
            }
            if ok && state.joinRoom(s, meets) != nil {
                counters.seatsFreed += 1
                return true
            }
            state.undo(to: mark)
            pool.removeSubrange(base..<pool.count)
        }
        return false
    }

    /// Moves the meeting of section `y` at `slot` out of room `r`: to another room of its kind at
    /// the same time when one is free, else to another time outside `meets`. False when neither.
    private func clearRoom(_ y: Int, room r: Int, slot: Int, avoiding meets: [Meet], pool: inout [Int32]) -> Bool {
        guard (state.replan?.lockOf(y) ?? -1) < 0,
              let i = state.secMeets[y].firstIndex(where: { mt in
                  let first = m.slot(mt.day, mt.period)
                  return slot >= first && slot < first + Int(mt.length)
              })
        else { return false }
        let mt = state.secMeets[y][i]
        let c = Int(state.secCourse[y])
        let site = state.secSite[y]
        let rooms: [Int32]
        if state.heldOnline(y, mt) {
            rooms = m.studioRooms[Int(site)]
        } else {
            guard let k = m.courseSites[c].firstIndex(of: site) else { return false }
            rooms = m.courseRooms[c][k]
        }
        for r2 in rooms where Int(r2) != r {
            if state.moveMeeting(y, i, to: Meet(day: mt.day, period: mt.period, length: mt.length, room: r2, online: mt.online)) { return true }
        }
        return meetings.moveAway(y, i, from: meets, pool: &pool)
    }

    /// A request joining online from room `r` (of `site`) at `slot`, not locked: the least
    /// important of three drawn; nil when there is none.
    private func seatHolder(room r: Int, site: Int, slot: Int) -> Int? {
        let S = state.S
        var holders: [Int] = []
        for s2_ in m.siteStudents[site] {
            let s2 = Int(s2_)
            let y = state.stAt[s2 * S + slot]
            guard y >= 0 else { continue }
            for q2 in Int(m.studentFirstRequest[s2])..<Int(m.studentFirstRequest[s2 + 1])
            where state.reqSection[q2] == y && state.reqJoin[q2] == Int32(r) && (state.replan?.pinRequest[q2] ?? -1) < 0 {
                holders.append(q2)
            }
        }
        guard !holders.isEmpty else { return nil }
        var pick = holders[rng.below(holders.count)]
        for _ in 0..<2 {
            let other = holders[rng.below(holders.count)]
            if state.lessImportant(other, than: pick) { pick = other }
        }
        return pick
    }
}
