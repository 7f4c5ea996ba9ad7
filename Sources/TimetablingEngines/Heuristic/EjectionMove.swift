import TimetablingCore

/// *Ejection* for an unmet request (tail repair): a new section of a course the request asks for
/// is opened at times when the student is free, even where the chosen teacher or the room (an
/// online studio) is taken by another section X; X makes way first — it is given to another
/// qualified teacher free at all its meetings, or its meeting moves to another time (with a free
/// room) that most of its students can keep; those who cannot go to the pool and are recreated.
///
/// Why: on the generated region the last unmet required requests are online in-depth courses
/// whose sections are full or clash with the student, and most attempts to open a new section
/// find no teacher and studio free together at the student's free periods (the opening tries
/// the three nearest teachers with a common free time). This move looks at every qualified
/// teacher (and studio) and scores each time by the waiting students free then, less a cost per
/// section that must make way.
///
/// A large-neighbourhood search operator of the tail repair (``LargeNeighbourhoodSearch``).
final class EjectionMove {
    let m: SearchModel
    let state: SearchState
    let rng: SearchRandomStream
    let moves: SearchMoves
    let opener: SectionOpener
    let meetings: MeetingMoves
    /// How the attempts ended.
    @exclusivity(unchecked) var counters = EjectionCounters()

    init(meetings: MeetingMoves) {
        moves = meetings.moves
        m = moves.m
        state = moves.state
        rng = moves.rng
        opener = moves.opener
        self.meetings = meetings
    }

    /// A section meeting in the way of a new section: section, meeting index, and whether it holds
    /// the teacher (false: only the room).
    struct Blocker: Equatable {
        var section: Int
        var meeting: Int
        var teacher: Bool
        var room: Bool
    }

    /// The ejection operator (see the type's documentation): opens a section for unmet
    /// request `q` by one alternative, moving the sections in its way; true when a section
    /// reaching the course's minimum is open with `q` in it (the state changed and settled;
    /// students displaced are in `pool`), false with no change.
    func openEjecting(_ q: Int, pool: inout [Int32]) -> Bool {
        let usable = m.alternatives(q).filter { m.altUsable[$0] }
        guard !usable.isEmpty else { return false }
        let a = usable[rng.chance(0.6) ? 0 : rng.below(usable.count)]
        let s = Int(m.requestStudent[q]), c = Int(m.altCourse[a])
        let options = opener.newSectionOptions(q, alt: a)
        guard !options.isEmpty else { return false }
        let option = options[rng.below(options.count)]
        let online = option.online
        let weekly = m.courseWeekly[c]
        let candidates = opener.coRequesters(of: q, course: c, online: online, site: option.site, pulling: true)
        let grid = opener.candidateGrid(candidates, course: c, online: online)

        // Every qualified teacher (and studio): the best times and what is in their way.
        var plans: [(t: Int, site: Int32, meets: [Meet], blockers: [Blocker], score: Double)] = []
        for t32 in m.courseTeachers[c] {
            let t = Int(t32)
            for at in online ? m.teacherStudioSites[t] : [option.site] {
                guard state.teacherMay(t, course: c, online: online, site: at, extra: weekly) else { continue }
                let rooms = online ? m.studioRooms[Int(at)] : m.courseRooms[c][m.courseSites[c].firstIndex(of: at)!]
                guard !rooms.isEmpty,
                      let plan = timesEjecting(student: s, course: c, teacher: t, online: online, rooms: rooms, grid: grid)
                else { continue }
                plans.append((t, at, plan.meets, plan.blockers, plan.score))
            }
        }
        guard !plans.isEmpty else {
            counters.failed += 1
            counters.noTimes += 1
            return false
        }
        plans.sort { $0.score > $1.score }
        let mark = state.checkpoint()
        for plan in plans.prefix(2) {
            var displaced: [Int32] = []
            guard makeWay(plan.blockers, for: plan.meets, teacher: plan.t, pool: &displaced) else {
                counters.noWay += 1
                state.undo(to: mark)
                continue
            }
            guard let x = state.open(course: c, teacher: plan.t, online: online, site: plan.site, meets: plan.meets),
                  state.assign(q, alt: a, section: x),
                  state.settle(stopAtFailure: false).isEmpty
            else {
                counters.refused += 1
                state.undo(to: mark)
                continue
            }
            opener.fill(x, with: candidates)
            guard state.secMembers[x].count >= Int(m.courseMin[c]) else {
                counters.tooFew += 1
                state.undo(to: mark)
                continue
            }
            counters.opened += 1
            counters.blockers += plan.blockers.count
            pool.append(contentsOf: displaced)
            return true
        }
        counters.failed += 1
        return false
    }

    /// Meetings for a new section of course `c` taught by `t` that student `s` attends, like
    /// ``chooseTimes(student:course:teacher:online:rooms:grid:excludedDays:)`` but a time may be
    /// held by another (movable) section of the teacher or the room: each such meeting costs 4
    /// candidates. nil when a meeting finds no time.
    func timesEjecting(student s: Int, course c: Int, teacher t: Int, online: Bool, rooms: [Int32],
                       grid: SectionOpener.CandidateGrid) -> (meets: [Meet], blockers: [Blocker], score: Double)? {
        let S = state.S, P = state.P, D = state.D
        let words = grid.words
        let maxLength = Int(m.coursePattern[c].first ?? 1)
        var chosen: [Meet] = []
        var blockers: [Blocker] = []
        var total = 0.0
        var active = [UInt64](repeating: ~0, count: words)
        var mask = [UInt64](repeating: 0, count: words)
        var bestMask = mask
        var here: [Blocker] = []
        var bestHere: [Blocker] = []
        var roomBlockers: [Blocker] = []
        var mine: [Blocker] = []
        for length in m.coursePattern[c] {
            let len = Int(length)
            var best: Meet?
            var bestScore = -Double.infinity
            for d in 0..<D {
                if m.courseDistinct[c] && chosen.contains(where: { Int($0.day) == d }) { continue }
                var sameDay: Int32 = 0
                for mt in chosen where Int(mt.day) == d { sameDay += mt.length }
                let di = s * D + d
                if state.stDay[di] + sameDay + length > m.maxDay[s] { continue }
                if online && state.stOnline[di] + sameDay + length > m.maxOnlineDay { continue }
                let dayBase = (d * (maxLength + 1) + len) * words
                periods: for p in 0...(P - len) {
                    let first = d * P + p
                    for k in 0..<len where state.stAt[s * S + first + k] != -1 { continue periods }
                    for mt in chosen where Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) {
                        continue periods
                    }
                    if online && !state.canJoinOnline(s, day: Int32(d), period: Int32(p), length: length) { continue periods }
                    here.removeAll(keepingCapacity: true)
                    for k in 0..<len {
                        let y = Int(state.tAt[t * S + first + k])
                        if y == -1 { continue }
                        guard y >= 0, movable(y) else { continue periods }
                        addBlocker(y, slot: first + k, teacher: true, to: &here)
                    }
                    // The room with the fewest meetings in the way (a room is left as soon as it
                    // has as many as the best so far: it could not be chosen).
                    var room: Int32 = -1
                    roomBlockers.removeAll(keepingCapacity: true)
                    rooms: for r in rooms {
                        for mt in chosen where mt.room == r && Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) {
                            continue rooms
                        }
                        mine.removeAll(keepingCapacity: true)
                        for k in 0..<len {
                            let y = Int(state.roomAt[Int(r) * S + first + k])
                            if state.roomJoin[Int(r) * S + first + k] != 0 { continue rooms }
                            if y == -1 { continue }
                            guard y >= 0, movable(y) else { continue rooms }
                            // A section not yet in `mine` is one more meeting in the way.
                            if room >= 0 && mine.count + 1 >= roomBlockers.count && !mine.contains(where: { $0.section == y }) {
                                continue rooms
                            }
                            addBlocker(y, slot: first + k, teacher: false, to: &mine)
                            if room >= 0 && mine.count >= roomBlockers.count { continue rooms }
                        }
                        if room < 0 || mine.count < roomBlockers.count {
                            room = r
                            swap(&roomBlockers, &mine)
                            if roomBlockers.isEmpty { break }
                        }
                    }
                    if room < 0 { continue }
                    for b in roomBlockers {
                        if let k = here.firstIndex(where: { $0.section == b.section && $0.meeting == b.meeting }) {
                            here[k].room = true
                        } else {
                            here.append(b)
                        }
                    }
                    var score = grid.meetingScore(active: active, dayBase: dayBase, first: first, length: len, mask: &mask)
                    score -= 4.0 * Double(here.count)
                    score += rng.unit() * 0.3
                    if score > bestScore {
                        bestScore = score
                        best = Meet(day: Int32(d), period: Int32(p), length: length, room: room)
                        bestMask = mask
                        bestHere = here
                    }
                }
            }
            guard let meet = best else { return nil }
            chosen.append(meet)
            active = bestMask
            total += bestScore
            for b in bestHere {
                if let k = blockers.firstIndex(where: { $0.section == b.section && $0.meeting == b.meeting }) {
                    blockers[k].teacher = blockers[k].teacher || b.teacher
                    blockers[k].room = blockers[k].room || b.room
                } else {
                    blockers.append(b)
                }
            }
        }
        return (chosen, blockers, total)
    }

    /// Whether section `y` may make way (not locked by a re-plan).
    private func movable(_ y: Int) -> Bool {
        guard let replan = state.replan else { return true }
        return replan.lockOf(y) < 0
    }

    private func addBlocker(_ y: Int, slot: Int, teacher: Bool, to list: inout [Blocker]) {
        guard let i = state.secMeets[y].firstIndex(where: { mt in
            let first = m.slot(mt.day, mt.period)
            return slot >= first && slot < first + Int(mt.length)
        }) else { return }
        if let k = list.firstIndex(where: { $0.section == y && $0.meeting == i }) {
            list[k].teacher = list[k].teacher || teacher
            list[k].room = list[k].room || !teacher
        } else {
            list.append(Blocker(section: y, meeting: i, teacher: teacher, room: !teacher))
        }
    }

    /// Moves the `blockers` out of the way of `meets` (teacher `t`'s new section): a section
    /// holding only the teacher goes to another qualified teacher free at all its meetings when
    /// one exists; otherwise its meeting moves to a time outside `meets` with its teacher and a
    /// room free, the time most of its students can keep (the others into `pool`); when there is
    /// no such time, the section is dissolved (its students into `pool`). False when a blocker
    /// cannot make way (the state is then partly changed: the caller undoes).
    func makeWay(_ blockers: [Blocker], for meets: [Meet], teacher t: Int, pool: inout [Int32]) -> Bool {
        var changedTeacher: [Int] = []
        for b in blockers {
            let y = b.section
            if changedTeacher.contains(y) { continue }
            // Closed on the way (a day that could no longer be travelled): out of the way.
            guard state.secOpen[y] else { continue }
            if b.teacher && !blockers.contains(where: { $0.section == y && $0.room }) {
                // Another teacher for the whole section, when one is free at all its meetings.
                let c = Int(state.secCourse[y])
                let others = m.courseTeachers[c]
                if !others.isEmpty {
                    let start = rng.below(others.count)
                    var done = false
                    for k in 0..<others.count {
                        let t2 = Int(others[(start + k) % others.count])
                        guard t2 != t else { continue }
                        let mark = state.checkpoint()
                        if state.setTeacher(y, t2) {
                            if state.settle(stopAtFailure: true).isEmpty {
                                done = true
                                break
                            }
                            state.undo(to: mark)
                        }
                    }
                    if done {
                        changedTeacher.append(y)
                        continue
                    }
                }
            }
            if !meetings.moveAway(y, b.meeting, from: meets, pool: &pool) {
                // No time to go to: the section is dissolved, its students recreated elsewhere.
                guard (state.replan?.lockOf(y) ?? -1) < 0 else { return false }
                moves.dissolve(y, pool: &pool)
                counters.dissolved += 1
            }
            state.settleRepairing(pool: &pool)
        }
        return true
    }
}
