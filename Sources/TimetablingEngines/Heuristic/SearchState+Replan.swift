import TimetablingCore
/// Warm starts of a re-plan: a published section that no longer fits as it was (its teacher or a
/// room is now unavailable) is kept with as little change as possible instead of being dropped.
extension SearchState {
    /// Opens a section like `open(course:teacher:online:site:meets:)`; when that is refused,
    /// tries in order of what changes least for its students: the same times in other rooms of
    /// the same kind; another qualified teacher at the same times (rooms kept or replaced); the
    /// same teacher with the meetings that no longer fit moved to the times most of `members`
    /// (students) are free. nil when none works.
    func openKeeping(course c: Int, teacher t: Int, online: Bool, site: Int32, meets: [Meet], members: [Int]) -> Int? {
        if let x = open(course: c, teacher: t, online: online, site: site, meets: meets) { return x }
        guard meetsFitCourse(c, meets) else { return nil }
        let rooms: [Int32]
        if online {
            rooms = m.studioRooms[Int(site)]
        } else if let k = m.courseSites[c].firstIndex(of: site) {
            rooms = m.courseRooms[c][k]
        } else {
            return nil
        }
        func roomFree(_ r: Int32, _ mt: Meet, besides chosen: [Meet]) -> Bool {
            let first = m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) where roomAt[Int(r) * S + first + k] != -1 || roomJoin[Int(r) * S + first + k] != 0 { return false }
            return !chosen.contains { $0.room == r && $0.day == mt.day && $0.period < mt.period + mt.length && mt.period < $0.period + $0.length }
        }
        func teacherFree(_ t: Int, _ mt: Meet) -> Bool {
            let first = t * S + m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) where tAt[first + k] != -1 { return false }
            return true
        }
        /// The meetings with a free room each (the own room first), or nil.
        func withRooms(_ list: [Meet]) -> [Meet]? {
            var out: [Meet] = []
            for mt in list {
                if roomFree(mt.room, mt, besides: out) { out.append(mt); continue }
                guard let r = rooms.first(where: { roomFree($0, mt, besides: out) }) else { return nil }
                var moved = mt
                moved.room = r
                out.append(moved)
            }
            return out
        }
        // 1. Same teacher and times, other rooms.
        if meets.allSatisfy({ teacherFree(t, $0) }), let list = withRooms(meets),
           let x = open(course: c, teacher: t, online: online, site: site, meets: list) {
            return x
        }
        // 2. Another teacher at the same times.
        for t2 in m.courseTeachers[c].map({ Int($0) }) where t2 != t {
            guard teacherMay(t2, course: c, online: online, site: site, extra: m.courseWeekly[c]),
                  meets.allSatisfy({ teacherFree(t2, $0) }), let list = withRooms(meets)
            else { continue }
            if let x = open(course: c, teacher: t2, online: online, site: site, meets: list) { return x }
        }
        // 3. The same teacher, else another qualified one, with the meetings that do not fit moved.
        if let x = openMoving(teacher: t) { return x }
        for t2 in m.courseTeachers[c].map({ Int($0) }) where t2 != t && teacherMay(t2, course: c, online: online, site: site, extra: m.courseWeekly[c]) {
            if let x = openMoving(teacher: t2) { return x }
        }
        return nil

        /// Keeps the meetings teacher `t` can teach as they are, moves the others to the times most of `members` are free.
        func openMoving(teacher t: Int) -> Int? {
            var kept: [Meet] = []
            var moving: [Meet] = []
            for mt in meets {
                if teacherFree(t, mt), let r = ([mt.room] + rooms).first(where: { roomFree($0, mt, besides: kept) }) {
                    var k = mt
                    k.room = r
                    kept.append(k)
                } else {
                    moving.append(mt)
                }
            }
            for mt in moving {
                var best: (meet: Meet, score: Int)?
                for d in 0..<D {
                    if m.courseDistinct[c] && kept.contains(where: { Int($0.day) == d }) { continue }
                    for p in 0...(P - Int(mt.length)) {
                        var cand = Meet(day: Int32(d), period: Int32(p), length: mt.length, room: mt.room, online: mt.online)
                        guard teacherFree(t, cand),
                              !kept.contains(where: { $0.day == cand.day && $0.period < cand.period + cand.length && cand.period < $0.period + $0.length })
                        else { continue }
                        guard let r = ([mt.room] + rooms).first(where: { roomFree($0, cand, besides: kept) }) else { continue }
                        cand.room = r
                        let first = m.slot(cand.day, cand.period)
                        var free = 0
                        for s in members {
                            var ok = true
                            for k in 0..<Int(cand.length) where stAt[s * S + first + k] != -1 { ok = false }
                            if ok { free += 1 }
                        }
                        let score = free * 100 + (cand.day == mt.day ? 10 : 0) + (r == mt.room ? 1 : 0)
                        if best.map({ score > $0.score }) ?? true { best = (cand, score) }
                    }
                }
                guard let best else { return nil }
                kept.append(best.meet)
            }
            return open(course: c, teacher: t, online: online, site: site, meets: kept)
        }
    }
}
