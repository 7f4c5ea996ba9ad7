/// Re-planning and locks in the greedy construction: before any request is processed, the
/// sections of the reference (published) solution that still fit and the locked sections given
/// in full (teacher, and every meeting with its room) are opened, and the reference's enrolments
/// and the locked enrolments that still fit are placed. The construction then fills in the rest.
/// Locked sections are not closed for being below their minimum (the checker judges them).
extension GreedyConstruction {
    func placeFixed() {
        let p = problem
        guard p.reference != nil || !p.locks.isEmpty else { return }
        var opened: [String: Int] = [:]

        func place(id: String, course c: Int, teacher t: Int, mode: DeliveryMode, site: Int, meetings: [PlacedMeeting]) {
            guard opened[id] == nil, !meetings.isEmpty else { return }
            let course = p.courses[c], teacher = p.teachers[t]
            guard course.teachers.contains(t), teacher.maySite[site], course.allows(mode),
                  mode == .inPerson ? course.inPersonSites.contains(site) : teacher.mayTeachOnline,
                  state.teacherHours[t] + course.weeklyPeriods <= teacher.maxWeeklyPeriods,
                  meetings.map(\.length).sorted() == course.pattern.sorted()
            else { return }
            var capacity = course.maxSize
            for (i, m) in meetings.enumerated() {
                let room = p.rooms[m.room]
                guard room.site == site, m.period >= 0, m.period + m.length <= p.periodCount else { return }
                if mode == .inPerson {
                    guard course.roomFeatures.isSubset(of: room.features) else { return }
                    capacity = min(capacity, room.capacity)
                } else {
                    guard room.isOnlineStudio else { return }
                }
                for k in 0..<m.length where state.roomSection[m.room * state.slotCount + m.day * p.periodCount + m.period + k] != -1 {
                    return
                }
                if meetings[..<i].contains(where: { $0.day == m.day && (course.distinctDays || ($0.period < m.period + m.length && m.period < $0.period + $0.length)) }) {
                    return
                }
            }
            guard case .fits = state.teacherFit(t, meetings: meetings, site: site) else { return }
            opened[id] = state.openSection(course: c, teacher: t, mode: mode, site: site, meetings: meetings, capacity: capacity)
        }

        if let ref = p.reference {
            for sec in ref.sections {
                guard let c = p.courseIndex[sec.course], let t = p.teacherIndex[sec.teacher], let site = p.siteIndex[sec.site] else { continue }
                let meetings = sec.meetings.compactMap { m -> PlacedMeeting? in
                    guard let d = p.dayIndex[m.day], let r = p.roomIndex[m.room] else { return nil }
                    return PlacedMeeting(day: d, period: m.period - 1, length: m.length, room: r)
                }
                guard meetings.count == sec.meetings.count else { continue }
                place(id: sec.id, course: c, teacher: t, mode: sec.mode, site: site, meetings: meetings)
            }
        }
        for lock in p.locks.sections where opened[lock.id] == nil {
            guard let t = lock.teacher, let ms = lock.meetings, ms.allSatisfy({ $0.room != nil }), let first = ms.first?.room else { continue }
            let site = p.rooms[first].site
            let course = p.courses[lock.course]
            let room = p.rooms[first]
            let mode: DeliveryMode = course.inPersonSites.contains(site) && course.roomFeatures.isSubset(of: room.features) ? .inPerson : .online
            place(id: lock.id, course: lock.course, teacher: t, mode: mode, site: site,
                  meetings: ms.map { PlacedMeeting(day: $0.day, period: $0.period, length: $0.length, room: $0.room!) })
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
            if online && !p.students[s].mayAttendOnline { return }
            guard case .fits = state.studentFit(s, meetings: sec.meetings, site: sec.site, online: online) else { return }
            var join = -1
            if online {
                guard let room = state.joinRoom(s, meetings: sec.meetings) else { return }
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
