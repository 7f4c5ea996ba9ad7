import TimetablingCore
/// Reading a ``Solution`` into a search state (warm start) and writing one out.
extension SearchState {
    /// What happened to a solution read with ``load(_:)``.
    struct LoadSummary: Equatable {
        var sections = 0
        var droppedSections = 0
        var assignments = 0
        var droppedAssignments = 0
        /// Person-days whose legs in the solution were missing or invalid, re-planned.
        var replannedDays = 0
        /// Sections below their course's minimum, closed with their students unassigned.
        var closedSections = 0
    }

    /// Loads `solution` into this empty state. Sections and assignments that would break a hard
    /// rule (or name unknown ids) are left out; each person-day keeps the solution's own legs when
    /// they are valid, else is planned afresh; a day that cannot be travelled loses its least
    /// important assignments; sections left below their minimum are closed. The result is settled,
    /// its journal empty, and it meets every hard rule except possibly required requests.
    /// O(size of the solution).
    @discardableResult
    func load(_ solution: Solution) -> LoadSummary {
        let p = m.problem
        var summary = LoadSummary()
        var sectionOf: [String: Int] = [:]
        // Re-planning: the students of each section, to keep a section that no longer fits close to its old times.
        var members: [String: [Int]] = [:]
        if replan != nil {
            for a in solution.assignments { if let s = p.studentIndex[a.student] { members[a.section, default: []].append(s) } }
        }
        // Re-planning: a section that no longer fits as it was (``openKeeping``) opens after the
        // others have their students, so that its new times avoid their lessons and a locked
        // section keeps the students locked in it.
        var moving: [(id: String, course: Int, teacher: Int, online: Bool, site: Int32, meets: [Meet])] = []
        var movingIDs = Set<String>()
        for sec in solution.sections {
            guard sectionOf[sec.id] == nil, !movingIDs.contains(sec.id), let c = p.courseIndex[sec.course],
                  let t = p.teacherIndex[sec.teacher], let site = p.siteIndex[sec.site]
            else {
                summary.droppedSections += 1
                continue
            }
            var meets: [Meet] = []
            for mt in sec.meetings {
                guard let d = p.dayIndex[mt.day], let r = p.roomIndex[mt.room], mt.period >= 1, mt.length >= 1,
                      mt.period - 1 + mt.length <= P
                else { break }
                meets.append(Meet(day: Int32(d), period: Int32(mt.period - 1), length: Int32(mt.length), room: Int32(r),
                                  online: sec.mode == .inPerson && mt.online == true))
            }
            guard meets.count == sec.meetings.count else {
                summary.droppedSections += 1
                continue
            }
            guard let x = open(course: c, teacher: t, online: sec.mode == .online, site: Int32(site), meets: meets) else {
                if replan != nil {
                    moving.append((sec.id, c, t, sec.mode == .online, Int32(site), meets))
                    movingIDs.insert(sec.id)
                } else {
                    summary.droppedSections += 1
                }
                continue
            }
            sectionOf[sec.id] = x
            summary.sections += 1
        }
        func place(_ a: Solution.Assignment) {
            guard let s = p.studentIndex[a.student], a.request >= 0, a.request < p.students[s].requests.count,
                  let x = sectionOf[a.section]
            else {
                summary.droppedAssignments += 1
                return
            }
            let q = Int(m.studentFirstRequest[s]) + a.request
            guard a.alternative >= 0, a.alternative < Int(m.altFirst[q + 1] - m.altFirst[q]) else {
                summary.droppedAssignments += 1
                return
            }
            // Placed already with the first member of its group.
            if reqSection[q] == Int32(x) {
                summary.assignments += 1
                return
            }
            var preferred: Int32 = -1
            if a.fromHome == true {
                preferred = -2
            } else if let id = a.onlineRoom, let r = p.roomIndex[id] {
                preferred = Int32(r)
            }
            if assign(q, alt: Int(m.altFirst[q]) + a.alternative, section: x, preferredJoin: preferred) {
                summary.assignments += 1
            } else {
                summary.droppedAssignments += 1
            }
        }
        if moving.isEmpty {
            for a in solution.assignments { place(a) }
        } else {
            let placed = sectionOf
            for a in solution.assignments where placed[a.section] != nil { place(a) }
            for sec in moving {
                guard let x = openKeeping(course: sec.course, teacher: sec.teacher, online: sec.online, site: sec.site, meets: sec.meets,
                                          members: members[sec.id] ?? [])
                else {
                    summary.droppedSections += 1
                    continue
                }
                sectionOf[sec.id] = x
                summary.sections += 1
            }
            for a in solution.assignments where placed[a.section] == nil { place(a) }
        }

        // Days: the solution's own legs where valid, else planned.
        var given: [Int: [Solution.Leg]] = [:]
        for it in solution.itineraries {
            guard let d = p.dayIndex[it.day] else { continue }
            switch it.role {
            case .student: if let s = p.studentIndex[it.person] { given[s * D + d] = it.legs }
            case .teacher: if let t = p.teacherIndex[it.person] { given[-(t * D + d) - 1] = it.legs }
            }
        }
        let (studentDays, teacherDays) = takeDirtyDays()
        for i32 in teacherDays {
            let i = Int(i32), t = i / D
            if let legs = validLegs(given[-i - 1] ?? [], sites: tSite, first: t * S + (i % D) * P, day: i % D,
                                    rules: m.teacherRules[t], student: false) {
                adoptTeacherDay(i, legs: legs)
            } else {
                touchTeacherDay(i)
                summary.replannedDays += 1
            }
        }
        for i32 in studentDays {
            let i = Int(i32), s = i / D
            if let legs = validLegs(given[i] ?? [], sites: stSite, first: s * S + (i % D) * P, day: i % D,
                                    rules: m.studentRules[s], student: true) {
                adoptStudentDay(i, legs: legs)
            } else {
                touchStudentDay(i)
                summary.replannedDays += 1
            }
        }
        var pool: [Int32] = []
        settleRepairing(pool: &pool)
        summary.closedSections = closeUndersized(pool: &pool)
        summary.droppedAssignments += pool.count
        replan?.pin(self)
        commit()
        return summary
    }

    /// The solution's legs for a day when they make exactly the day's needed moves within their
    /// windows, by road or bus as the rules require, with a free seat on every bus; else nil (also
    /// when a leg goes to or from a site of the student's group: the planner plans those).
    private func validLegs(_ legs: [Solution.Leg], sites: [Int32], first: Int, day d: Int, rules: PersonRules,
                           student: Bool) -> [PlannedLeg]? {
        let p = m.problem
        var out: [PlannedLeg] = []
        var at = rules.home
        var lastEnd: Int32 = -1
        var k = 0
        func take(to site: Int32, latest: Int32?) -> Bool {
            guard k < legs.count else { return false }
            // A group's legs are planned with the group (``TravelPlanner``), so that members share the trip.
            if rules.groupTrip(at: site) != nil || rules.groupTrip(at: at) != nil { return false }
            let leg = legs[k]
            k += 1
            guard let from = p.siteIndex[leg.from], let to = p.siteIndex[leg.to], Int32(from) == at, Int32(to) == site,
                  let dep = ClockTime.minutes(leg.depart), let arr = ClockTime.minutes(leg.arrive)
            else { return false }
            let depart = Int32(dep), arrive = Int32(arr)
            if lastEnd >= 0 && depart < lastEnd { return false }
            if let latest, arrive > latest { return false }
            if arrive - depart > rules.maxTrip || arrive < depart { return false }
            if let id = leg.busRun {
                guard let r = p.busRunIndex[id], p.busRuns[r].days[d] else { return false }
                let stops = p.busRuns[r].stops
                var found: (Int, Int)?
                search: for i in stops.indices where stops[i].site == from && stops[i].time == dep {
                    for j in (i + 1)..<stops.count where stops[j].site == to && stops[j].time == arr {
                        found = (i, j)
                        break search
                    }
                }
                guard let (i, j) = found,
                      seats.hasRoom(run: Int32(r), day: d, from: Int16(i), to: Int16(j), segments: m.planner.runSegments[r])
                else { return false }
                out.append(PlannedLeg(from: at, to: site, depart: depart, arrive: arrive, run: Int32(r),
                                      fromStop: Int16(i), toStop: Int16(j)))
            } else {
                if student && m.byBus { return false }
                guard let road = p.travel(from: from, to: to), Int(arrive - depart) >= road else { return false }
                out.append(PlannedLeg(from: at, to: site, depart: depart, arrive: arrive, run: -1, fromStop: 0, toStop: 0))
            }
            return true
        }
        for period in 0..<P {
            let site = sites[first + period]
            guard site >= 0 else { continue }
            if site != at {
                guard take(to: site, latest: Int32(p.periodStart[period])) else { return nil }
                at = site
            }
            lastEnd = Int32(p.periodEnd[period])
        }
        if at != rules.home {
            guard take(to: rules.home, latest: rules.latestReturn == Int32.max ? nil : rules.latestReturn) else { return nil }
        }
        return k == legs.count ? out : nil
    }

    /// Settles, and while some day cannot be travelled, drops the least important assignment of
    /// a failing student day or closes the smallest section of a failing teacher day (their
    /// requests go to `pool`), until every day has an itinerary.
    func settleRepairing(pool: inout [Int32]) {
        while true {
            let failed = settle(stopAtFailure: false)
            if failed.isEmpty { return }
            for f in failed {
                if f >= 0 {
                    let s = f / D, d = f % D
                    var victim = -1
                    for q in Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1]) where reqSection[q] >= 0 {
                        guard secMeets[Int(reqSection[q])].contains(where: { Int($0.day) == d }) else { continue }
                        if victim < 0 || lessImportant(q, than: victim) { victim = q }
                    }
                    if victim >= 0 {
                        unassign(victim)
                        pool.append(Int32(victim))
                    }
                } else {
                    let i = -f - 1, t = i / D, d = i % D
                    var victim = -1
                    for p in 0..<P {
                        let x = Int(tAt[t * S + d * P + p])
                        if x >= 0 && (victim < 0 || secMembers[x].count < secMembers[victim].count) { victim = x }
                    }
                    if victim >= 0 {
                        for q in secMembers[victim] {
                            unassign(Int(q))
                            pool.append(q)
                        }
                        close(victim)
                    }
                }
            }
        }
    }

    /// Elective before required, then lighter, then granted by a later alternative, then later.
    func lessImportant(_ a: Int, than b: Int) -> Bool {
        if m.requestRequired[a] != m.requestRequired[b] { return !m.requestRequired[a] }
        if m.requestWeight[a] != m.requestWeight[b] { return m.requestWeight[a] < m.requestWeight[b] }
        let ra = reqAlt[a] - m.altFirst[a], rb = reqAlt[b] - m.altFirst[b]
        if ra != rb { return ra > rb }
        return a > b
    }

    /// Closes every section below its course's minimum size (its requests go to `pool`), and
    /// repairs the days this breaks, until none is left; returns how many were closed.
    @discardableResult
    func closeUndersized(pool: inout [Int32]) -> Int {
        var closed = 0
        while terms.deficit > 0 {
            for x in secOpen.indices where secOpen[x] && secMembers[x].count < Int(m.courseMin[Int(secCourse[x])]) {
                for q in secMembers[x] {
                    unassign(Int(q))
                    pool.append(q)
                }
                close(x)
                closed += 1
            }
            settleRepairing(pool: &pool)
        }
        return closed
    }

    // MARK: - Writing

    /// The state as a ``Solution``: sections named `course/n`, assignments, every person-day's
    /// legs, and for each request without an assignment the reason found by ``explain(_:)``.
    func makeSolution(engine: String) -> Solution {
        let inst = m.problem.instance
        var ids = [String?](repeating: nil, count: secOpen.count)
        var perCourse = [Int](repeating: 0, count: m.courseCount)
        var sections: [Solution.Section] = []
        for x in secOpen.indices where secOpen[x] {
            let c = Int(secCourse[x])
            perCourse[c] += 1
            let id = "\(inst.courses[c].id)/\(perCourse[c])"
            ids[x] = id
            let meets = secMeets[x].sorted { ($0.day, $0.period) < ($1.day, $1.period) }.map {
                Solution.Meeting(day: inst.calendar.days[Int($0.day)], period: Int($0.period) + 1, length: Int($0.length),
                                 room: inst.rooms[Int($0.room)].id, online: $0.online ? true : nil)
            }
            sections.append(Solution.Section(id: id, course: inst.courses[c].id, teacher: inst.teachers[Int(secTeacher[x])].id,
                                             mode: secOnline[x] ? .online : .inPerson, site: inst.sites[Int(secSite[x])].id,
                                             meetings: meets))
        }
        var assignments: [Solution.Assignment] = []
        var unsatisfied: [Solution.Unsatisfied] = []
        for q in 0..<m.requestCount {
            let s = Int(m.requestStudent[q])
            let student = inst.students[s].id
            let x = Int(reqSection[q])
            if x >= 0, let id = ids[x] {
                let join = reqJoin[q]
                assignments.append(Solution.Assignment(
                    student: student, request: Int(m.requestLocal[q]), alternative: Int(reqAlt[q] - m.altFirst[q]), section: id,
                    onlineRoom: join >= 0 ? inst.rooms[Int(join)].id : nil, fromHome: join == -2 ? true : nil))
            } else {
                unsatisfied.append(Solution.Unsatisfied(student: student, request: Int(m.requestLocal[q]),
                                                        required: m.requestRequired[q], reason: explain(q)))
            }
        }
        var itineraries: [Solution.Itinerary] = []
        for s in 0..<m.studentCount {
            for d in 0..<D where !stLegs[s * D + d].isEmpty {
                itineraries.append(Solution.Itinerary(person: inst.students[s].id, role: .student, day: inst.calendar.days[d],
                                                      legs: stLegs[s * D + d].map(solutionLeg)))
            }
        }
        for t in 0..<m.teacherCount {
            for d in 0..<D where !tLegs[t * D + d].isEmpty {
                itineraries.append(Solution.Itinerary(person: inst.teachers[t].id, role: .teacher, day: inst.calendar.days[d],
                                                      legs: tLegs[t * D + d].map(solutionLeg)))
            }
        }
        return Solution(instance: inst.name, engine: engine, sections: sections, assignments: assignments,
                        itineraries: itineraries, unsatisfied: unsatisfied)
    }

    private func solutionLeg(_ l: PlannedLeg) -> Solution.Leg {
        let inst = m.problem.instance
        return Solution.Leg(from: inst.sites[Int(l.from)].id, to: inst.sites[Int(l.to)].id,
                            depart: ClockTime.text(Int(l.depart)), arrive: ClockTime.text(Int(l.arrive)),
                            busRun: l.run >= 0 ? inst.transport.busRuns[Int(l.run)].id : nil)
    }

    /// Why request `q` has no assignment, alternative by alternative, judged on the current state:
    /// "no alternative fits: (1) chem-adv (in person at borki): 2 open sections: 1 full, 1 clashes
    /// with the student's timetable; (2) …".
    func explain(_ q: Int) -> String {
        let inst = m.problem.instance
        let s = Int(m.requestStudent[q])
        var clauses: [String] = []
        for a in Int(m.altFirst[q])..<Int(m.altFirst[q + 1]) {
            let c = Int(m.altCourse[a])
            var label = inst.courses[c].id
            switch (m.altMode[a], m.altSite[a]) {
            case (1, _): label += " (online)"
            case (_, let site) where site >= 0: label += " (in person at \(inst.sites[Int(site)].id))"
            case (0, _): label += " (in person)"
            default: break
            }
            clauses.append(label + ": " + explain(q, student: s, alt: a))
        }
        if clauses.count == 1 { return "no section of " + clauses[0] }
        return "no alternative fits: " + clauses.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: "; ")
    }

    private func explain(_ q: Int, student s: Int, alt a: Int) -> String {
        let p = m.problem
        let c = Int(m.altCourse[a])
        let course = p.courses[c]
        if !course.grades.isEmpty && !course.grades.contains(p.students[s].grade) {
            return "the course is not open to grade \(p.students[s].grade)"
        }
        if !m.altUsable[a] {
            if m.altMode[a] == 1 && !m.studentMayOnline[s] { return "the student may not attend online" }
            if m.altMode[a] == 1 { return "the student may not join from home and the home site has no computer seats" }
            return "the course is not delivered in the mode or at the site asked for"
        }
        var full = 0, clash = 0, load = 0, seat = 0, travel = 0, matching = 0
        for x32 in courseSections[c] {
            let x = Int(x32)
            guard m.matches(alt: a, online: secOnline[x], site: secSite[x]) else { continue }
            if secOnline[x] && !m.studentMayOnline[s] { continue }
            matching += 1
            if Int32(secMembers[x].count) >= secCap[x] {
                full += 1
                continue
            }
            var busy = false
            for mt in secMeets[x] {
                for k in 0..<Int(mt.length) where stAt[s * S + m.slot(mt.day, mt.period) + k] != -1 { busy = true }
            }
            if busy {
                clash += 1
            } else if !canAssign(q, alt: a, section: x) {
                load += 1
            } else if secOnline[x] && joinRoom(s, secMeets[x]) == nil {
                seat += 1
            } else {
                travel += 1
            }
        }
        if matching == 0 {
            let minimum = m.courseMin[c]
            return "no section is open, and none could be opened at a time when the student, a qualified teacher with "
                + "\(m.courseWeekly[c]) weekly periods left and a room are free and at least \(minimum) student\(minimum == 1 ? "" : "s") "
                + "can attend"
        }
        var parts: [String] = []
        if full > 0 { parts.append("\(full) full") }
        if clash > 0 { parts.append("\(clash) clash\(clash == 1 ? "es" : "") with the student's timetable") }
        if load > 0 { parts.append("\(load) would exceed the student's daily, weekly or online lesson limit") }
        if seat > 0 { parts.append("\(seat) leave\(seat == 1 ? "s" : "") no free computer seat at the home site") }
        if travel > 0 { parts.append("\(travel) cannot be reached and left in time (travel, bus seats or latest return)") }
        return "\(matching) open section\(matching == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }
}
