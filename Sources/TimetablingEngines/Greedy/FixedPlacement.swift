import TimetablingCore
/// Re-planning and locks in the greedy construction: before any request is processed, the
/// sections of the reference (published) solution that still fit and the locked sections given
/// in full (teacher, and every meeting with its room) are opened, and the reference's enrolments
/// and the locked enrolments that still fit are placed: each student stays in their published
/// section wherever it still fits. The construction then fills in the rest.
///
/// A published section that no longer fits as it was is kept at its times with the least change
/// the change terms allow (docs/RULES.md): the same teacher in other rooms of its site (its
/// students' enrolments change, none moves), else another qualified teacher in the same rooms,
/// else another teacher in other rooms. Only when none fits are its students placed anew.
/// Locked sections are not closed for being below their minimum (the checker judges them).
extension GreedyConstruction {
    /// `meetings` of an in-person section of blended `course` with the online ones marked: the
    /// first choice (in meeting order) whose lengths are the course's online lengths, in
    /// online-studio rooms, the others in rooms with the course's features; nil when none.
    func blendedMeetings(_ meetings: [PlacedMeeting], course: Problem.CourseData) -> [PlacedMeeting]? {
        let n = meetings.count
        guard n < 16 else { return nil }
        for mask in 0..<(1 << n) {
            let chosen = (0..<n).filter { mask & (1 << $0) != 0 }
            guard chosen.map({ meetings[$0].length }).sorted(by: >) == course.onlineLengths else { continue }
            var out = meetings
            var ok = true
            for k in 0..<n {
                out[k].online = chosen.contains(k)
                let room = problem.rooms[out[k].room]
                if out[k].online ? !room.isOnlineStudio : !course.roomFeatures.isSubset(of: room.features) { ok = false }
            }
            if ok { return out }
        }
        return nil
    }

    func placeFixed() {
        let p = problem
        guard p.reference != nil || !p.locks.isEmpty else { return }
        var opened: [String: Int] = [:]

        @discardableResult
        func place(id: String, course c: Int, teacher t: Int, mode: DeliveryMode, site: Int, meetings: [PlacedMeeting]) -> Bool {
            guard opened[id] == nil, !meetings.isEmpty else { return false }
            let course = p.courses[c], teacher = p.teachers[t]
            guard course.teachers.contains(t), teacher.maySite[site], course.allows(mode),
                  mode == .inPerson ? course.inPersonSites.contains(site) : teacher.mayTeachOnline,
                  state.teacherHours[t] + course.weeklyPeriods <= teacher.maxWeeklyPeriods,
                  meetings.map(\.length).sorted() == course.pattern.sorted(),
                  mode == .online || meetings.filter(\.online).map(\.length).sorted(by: >) == course.onlineLengths,
                  !meetings.contains(where: \.online) || teacher.mayTeachOnline
            else { return false }
            var capacity = course.maxSize
            for (i, m) in meetings.enumerated() {
                let room = p.rooms[m.room]
                guard room.site == site, m.period >= 0, m.period + m.length <= p.periodCount else { return false }
                if mode == .inPerson && !m.online {
                    guard course.roomFeatures.isSubset(of: room.features) else { return false }
                    capacity = min(capacity, room.capacity)
                } else {
                    guard room.isOnlineStudio else { return false }
                }
                for k in 0..<m.length {
                    let slot = m.room * state.slotCount + m.day * p.periodCount + m.period + k
                    if state.roomSection[slot] != -1 || state.roomJoiners[slot] > 0 { return false }
                }
                if meetings[..<i].contains(where: { $0.day == m.day && (course.distinctDays || ($0.period < m.period + m.length && m.period < $0.period + $0.length)) }) {
                    return false
                }
            }
            guard case .fits = state.teacherFit(t, meetings: meetings, site: site) else { return false }
            opened[id] = state.openSection(course: c, teacher: t, mode: mode, site: site, meetings: meetings, capacity: capacity)
            return true
        }

        /// The meetings at the same times in rooms of `site` that are free: each keeps its room when
        /// free, else the free room (with the course's features, or a studio online) seating most.
        func otherRooms(_ meetings: [PlacedMeeting], course c: Int, mode: DeliveryMode, site: Int) -> [PlacedMeeting]? {
            let course = p.courses[c]
            var out: [PlacedMeeting] = []
            for m in meetings {
                func free(_ r: Int) -> Bool {
                    (0..<m.length).allSatisfy { k in
                        let slot = r * state.slotCount + m.day * p.periodCount + m.period + k
                        return state.roomSection[slot] == -1 && state.roomJoiners[slot] == 0
                    }
                }
                if free(m.room) && p.rooms[m.room].site == site {
                    out.append(m)
                    continue
                }
                let fitting = p.rooms.indices.filter { r in
                    let room = p.rooms[r]
                    guard room.site == site, mode == .inPerson && !m.online ? course.roomFeatures.isSubset(of: room.features) : room.isOnlineStudio
                    else { return false }
                    return free(r)
                }
                guard let best = fitting.max(by: { min(p.rooms[$0].capacity, course.maxSize) < min(p.rooms[$1].capacity, course.maxSize) })
                else { return nil }
                out.append(PlacedMeeting(day: m.day, period: m.period, length: m.length, room: best, online: m.online))
            }
            return out
        }

        if let ref = p.reference {
            for sec in ref.sections {
                guard let c = p.courseIndex[sec.course], let t = p.teacherIndex[sec.teacher], let site = p.siteIndex[sec.site] else { continue }
                let meetings = sec.meetings.compactMap { m -> PlacedMeeting? in
                    guard let d = p.dayIndex[m.day], let r = p.roomIndex[m.room] else { return nil }
                    return PlacedMeeting(day: d, period: m.period - 1, length: m.length, room: r, online: sec.mode == .inPerson && m.online == true)
                }
                guard meetings.count == sec.meetings.count else { continue }
                if place(id: sec.id, course: c, teacher: t, mode: sec.mode, site: site, meetings: meetings) { continue }
                // The least change that keeps its times: other rooms, then another teacher.
                let moved = otherRooms(meetings, course: c, mode: sec.mode, site: site)
                for teacher in [t] + p.courses[c].teachers.filter({ $0 != t }) {
                    if teacher != t && place(id: sec.id, course: c, teacher: teacher, mode: sec.mode, site: site, meetings: meetings) { break }
                    if let moved, moved != meetings, place(id: sec.id, course: c, teacher: teacher, mode: sec.mode, site: site, meetings: moved) { break }
                }
            }
        }
        for lock in p.locks.sections where opened[lock.id] == nil {
            guard let t = lock.teacher, let ms = lock.meetings, ms.allSatisfy({ $0.room != nil }), let first = ms.first?.room else { continue }
            let site = p.rooms[first].site
            let course = p.courses[lock.course]
            var meetings = ms.map { PlacedMeeting(day: $0.day, period: $0.period, length: $0.length, room: $0.room!) }
            // A blended course: a lock names rooms, not which meetings are online; those in studios
            // whose lengths are the course's online ones are (the first such choice).
            let featured = { (r: Int) in course.roomFeatures.isSubset(of: p.rooms[r].features) }
            let inPerson = course.inPersonSites.contains(site) && (course.isBlended ? meetings.contains { featured($0.room) } : featured(first))
            if inPerson, course.isBlended, let flagged = blendedMeetings(meetings, course: course) { meetings = flagged }
            place(id: lock.id, course: lock.course, teacher: t, mode: inPerson ? .inPerson : .online, site: site, meetings: meetings)
        }
        for lock in p.locks.sections { if let x = opened[lock.id] { lockedSections.insert(x) } }

        func enrol(student s: Int, request r: Int, section id: String, alternative preferred: Int?) {
            guard let x = opened[id], r >= 0, r < p.students[s].requests.count else { return }
            let q = state.requestBase[s] + r
            guard state.requestSection[q] < 0 else { return }
            let sec = state.sections[x]
            guard sec.members.count < sec.capacity else { return }
            let alts = p.students[s].requests[r].alternatives
            let matching = alts.indices.filter { k in
                alts[k].course == sec.course && (alts[k].mode == nil || alts[k].mode == sec.mode)
                    && (alts[k].site == nil || (sec.mode == .inPerson && alts[k].site == sec.site))
            }
            guard let k = preferred.flatMap({ matching.contains($0) ? $0 : nil }) ?? matching.first else { return }
            let course = p.courses[sec.course]
            if !course.grades.isEmpty && !course.grades.contains(p.students[s].grade) { return }
            let online = sec.mode == .online
            if sec.hasOnlineMeetings && !p.students[s].mayAttendOnline { return }
            guard case .fits = state.studentFit(s, meetings: sec.meetings, site: sec.site, online: online) else { return }
            var join = -1
            if sec.hasOnlineMeetings {
                guard let room = state.joinRoom(s, meetings: sec.onlineMeetings) else { return }
                join = room
            }
            if state.assign(q, alternative: k, section: x, joinRoom: join) { markAttempted(q) }
        }
        // Locked enrolments first, then the reference's.
        for lock in p.locks.enrolments {
            enrol(student: lock.student, request: lock.request, section: p.locks.sections[lock.section].id, alternative: nil)
        }
        if let ref = p.reference {
            for a in ref.assignments {
                guard let s = p.studentIndex[a.student] else { continue }
                enrol(student: s, request: a.request, section: a.section, alternative: a.alternative)
            }
        }
    }
}
