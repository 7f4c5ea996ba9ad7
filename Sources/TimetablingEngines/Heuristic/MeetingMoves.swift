import TimetablingCore

/// Moving one meeting of an open section to another time (and room): for a student who cannot
/// attend it where it is (``retime(_:for:pool:meeting:)``), or out of a new section's way
/// (``moveAway(_:_:from:pool:)``). The time chosen is the one most of the section's students can
/// keep; those who cannot leave the section (into the pool, to be recreated).
///
/// Used by the large-neighbourhood search's operators around an unmet request, the ejection
/// (``EjectionMove``) and the forced join (``ForcedJoin``).
final class MeetingMoves {
    let m: SearchModel
    let state: SearchState
    let rng: SearchRandomStream
    let moves: SearchMoves

    init(moves: SearchMoves) {
        m = moves.m
        state = moves.state
        rng = moves.rng
        self.moves = moves
    }

    /// The meetings of section `x` that student `s` cannot attend at their times whatever their
    /// other network lessons: a fixed busy period (a regular lesson) in the way, or a day already
    /// at the daily limit with fixed lessons.
    func fixedlyBlockedMeetings(_ x: Int, student s: Int) -> [Int] {
        let S = state.S
        var out: [Int] = []
        for (i, mt) in state.secMeets[x].enumerated() {
            let first = m.slot(mt.day, mt.period)
            var blocked = false
            for k in 0..<Int(mt.length) where state.stAt[s * S + first + k] == -2 { blocked = true }
            if !blocked {
                var fixed: Int32 = 0
                for p in 0..<state.P where state.stAt[s * S + Int(mt.day) * state.P + p] == -2 { fixed += 1 }
                if fixed + mt.length > m.maxDay[s] { blocked = true }
            }
            if blocked { out.append(i) }
        }
        return out
    }

    /// Moves meeting `meeting` (nil: a random one) of section `x` to a time when request `q`'s
    /// student can attend (and join online when the section is online), the time most of its
    /// students can keep; those who cannot go to `pool`. False (no change) when no such time exists.
    func retime(_ x: Int, for q: Int, pool: inout [Int32], meeting: Int? = nil) -> Bool {
        let s = Int(m.requestStudent[q])
        let S = state.S, P = state.P, D = state.D
        let meets = state.secMeets[x]
        let i = meeting ?? rng.below(meets.count)
        let old = meets[i]
        let c = Int(state.secCourse[x]), t = Int(state.secTeacher[x])
        let online = state.heldOnline(x, old)
        let len = Int(old.length)
        let oldFirst = m.slot(old.day, old.period)
        let rooms = online ? m.studioRooms[Int(state.secSite[x])] : m.courseRooms[c][m.courseSites[c].firstIndex(of: state.secSite[x])!]
        let members = state.secMembers[x]
        var best: (meet: Meet, keep: Int, score: Double)?
        for d in 0..<D {
            if m.courseDistinct[c] && meets.enumerated().contains(where: { $0.offset != i && Int($0.element.day) == d }) { continue }
            let di = s * D + d
            // The student's loads (other meetings of the section that day count too, but the student is not in it).
            var sameDay: Int32 = 0
            for (k, mt) in meets.enumerated() where k != i && Int(mt.day) == d { sameDay += mt.length }
            if state.stDay[di] + sameDay + old.length > m.maxDay[s] { continue }
            if online && state.stOnline[di] + sameDay + old.length > m.maxOnlineDay { continue }
            periods: for p in 0...(P - len) {
                let first = d * P + p
                if first == oldFirst { continue }
                for k in 0..<len {
                    let slot = first + k
                    let mine = slot >= oldFirst && slot < oldFirst + len
                    if state.stAt[s * S + slot] != -1 { continue periods }
                    let ta = state.tAt[t * S + slot]
                    if ta != -1 && !(mine && ta == Int32(x)) { continue periods }
                }
                for (k, mt) in meets.enumerated() where k != i && Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) {
                    continue periods
                }
                if online && !state.canJoinOnline(s, day: Int32(d), period: Int32(p), length: old.length) { continue periods }
                var room: Int32 = -1
                rooms: for r in rooms {
                    for k in 0..<len {
                        let slot = first + k
                        let mine = slot >= oldFirst && slot < oldFirst + len && r == old.room
                        let ra = state.roomAt[Int(r) * S + slot]
                        if (ra != -1 && !(mine && ra == Int32(x))) || state.roomJoin[Int(r) * S + slot] != 0 { continue rooms }
                    }
                    room = r
                    break
                }
                if room < 0 { continue }
                var keep = 0
                for q2 in members {
                    let s2 = Int(m.requestStudent[Int(q2)])
                    var free = true
                    for k in 0..<len {
                        let slot = first + k
                        let sa = state.stAt[s2 * S + slot]
                        if sa != -1 && !(sa == Int32(x) && slot >= oldFirst && slot < oldFirst + len) { free = false; break }
                    }
                    if free && d != Int(old.day) && state.stDay[s2 * D + d] + old.length > m.maxDay[s2] { free = false }
                    if free { keep += 1 }
                }
                let score = Double(keep) + rng.unit() * 0.5
                if best.map({ score > $0.score }) ?? true {
                    best = (Meet(day: Int32(d), period: Int32(p), length: old.length, room: room), keep, score)
                }
            }
        }
        guard let best, best.keep * 2 >= members.count else { return false }
        // Students who cannot keep the section (time, load or computer seat) leave it.
        var leaving: [Int] = []
        for q2 in members {
            let s2 = Int(m.requestStudent[Int(q2)])
            var ok = true
            for k in 0..<len {
                let slot = m.slot(best.meet.day, best.meet.period) + k
                let sa = state.stAt[s2 * S + slot]
                if sa != -1 && !(sa == Int32(x) && slot >= oldFirst && slot < oldFirst + len) { ok = false }
            }
            if ok && best.meet.day != old.day {
                if state.stDay[s2 * D + Int(best.meet.day)] + old.length > m.maxDay[s2] { ok = false }
                if online && state.stOnline[s2 * D + Int(best.meet.day)] + old.length > m.maxOnlineDay { ok = false }
            }
            let join = state.reqJoin[Int(q2)]
            if ok && join >= 0 && online {
                if join == best.meet.room { ok = false }
                for k in 0..<len where ok {
                    let slot = m.slot(best.meet.day, best.meet.period) + k
                    let own: Int32 = slot >= oldFirst && slot < oldFirst + len ? 1 : 0
                    if state.roomAt[Int(join) * S + slot] != -1 || state.roomJoin[Int(join) * S + slot] - own >= m.roomSeats[Int(join)] {
                        ok = false
                    }
                }
            }
            if !ok { leaving.append(Int(q2)) }
        }
        moves.unassignAll(leaving, pool: &pool)
        return state.moveMeeting(x, i, to: best.meet)
    }

    /// Moves meeting `i` of section `y` to a time that overlaps none of `meets`' periods, with its
    /// teacher and a room of its kind free, the time most of its students can keep; those who
    /// cannot leave it (into `pool`). False (no change) when no such time exists.
    func moveAway(_ y: Int, _ i: Int, from meets: [Meet], pool: inout [Int32]) -> Bool {
        let S = state.S, P = state.P, D = state.D
        let old = state.secMeets[y][i]
        let own = state.secMeets[y]
        let c = Int(state.secCourse[y]), t = Int(state.secTeacher[y])
        let online = state.heldOnline(y, old)
        let len = Int(old.length)
        let oldFirst = m.slot(old.day, old.period)
        let rooms = online ? m.studioRooms[Int(state.secSite[y])] : m.courseRooms[c][m.courseSites[c].firstIndex(of: state.secSite[y])!]
        let members = state.secMembers[y]
        @inline(__always) func inOld(_ slot: Int) -> Bool { slot >= oldFirst && slot < oldFirst + len }
        var best: (meet: Meet, score: Double)?
        for d in 0..<D {
            if m.courseDistinct[c] && own.enumerated().contains(where: { $0.offset != i && Int($0.element.day) == d }) { continue }
            periods: for p in 0...(P - len) {
                let first = d * P + p
                if first == oldFirst { continue }
                for mt in meets where Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) { continue periods }
                for (k, mt) in own.enumerated() where k != i && Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) {
                    continue periods
                }
                for k in 0..<len {
                    let ta = state.tAt[t * S + first + k]
                    if ta != -1 && !(inOld(first + k) && ta == Int32(y)) { continue periods }
                }
                var room: Int32 = -1
                rooms: for r in rooms {
                    for k in 0..<len {
                        let slot = first + k
                        let ra = state.roomAt[Int(r) * S + slot]
                        if (ra != -1 && !(inOld(slot) && r == old.room && ra == Int32(y))) || state.roomJoin[Int(r) * S + slot] != 0 { continue rooms }
                    }
                    room = r
                    break
                }
                if room < 0 { continue }
                var keep = 0
                for q2 in members where keeps(Int(q2), y, old: old, day: d, first: first) { keep += 1 }
                let score = Double(keep) + rng.unit() * 0.5
                if best.map({ score > $0.score }) ?? true {
                    best = (Meet(day: Int32(d), period: Int32(p), length: old.length, room: room), score)
                }
            }
        }
        guard let best else { return false }
        var leaving: [Int] = []
        let first = m.slot(best.meet.day, best.meet.period)
        for q2 in members where !keeps(Int(q2), y, old: old, day: Int(best.meet.day), first: first, room: best.meet.room) {
            leaving.append(Int(q2))
        }
        moves.unassignAll(leaving, pool: &pool)
        return state.moveMeeting(y, i, to: best.meet)
    }

    /// Whether request `q`'s student (in section `y`) can follow meeting `old` of `y` to `first`
    /// on day `d`: free then, within the daily (and online) limits, with a computer seat when
    /// joining online from a room (`room`: the meeting's new room, when known).
    private func keeps(_ q: Int, _ y: Int, old: Meet, day d: Int, first: Int, room: Int32 = -1) -> Bool {
        let S = state.S, D = state.D
        let s = Int(m.requestStudent[q])
        let len = Int(old.length)
        let oldFirst = m.slot(old.day, old.period)
        for k in 0..<len {
            let slot = first + k
            let sa = state.stAt[s * S + slot]
            if sa != -1 && !(sa == Int32(y) && slot >= oldFirst && slot < oldFirst + len) { return false }
        }
        if d != Int(old.day) {
            if state.stDay[s * D + d] + old.length > m.maxDay[s] { return false }
            if state.heldOnline(y, old) && state.stOnline[s * D + d] + old.length > m.maxOnlineDay { return false }
        }
        let join = state.reqJoin[q]
        if join >= 0 && state.heldOnline(y, old) {
            if join == room { return false }
            for k in 0..<len {
                let slot = first + k
                let mine: Int32 = slot >= oldFirst && slot < oldFirst + len ? 1 : 0
                if state.roomAt[Int(join) * S + slot] != -1 || state.roomJoin[Int(join) * S + slot] - mine >= m.roomSeats[Int(join)] {
                    return false
                }
            }
        }
        return true
    }
}
