import TimetablingCore
/// Explains, for each request a solution leaves unsatisfied, why: alternative by alternative,
/// what in the data stands in the way (see ``RefusalReason``).
///
/// The explanation is computed from the ``Problem`` and the ``Solution`` alone: for each open
/// section the student could have joined it lists every obstacle that holds in the solution
/// (full, a clash with named periods, a hygiene limit with the counts, no computer seat, no road
/// or no time to travel); when no suitable section is open it says what kept one from opening
/// (too few students, no teacher hours, no room, no common free time). The engine's own text
/// (`Solution.unsatisfied[].reason`) is carried alongside but never used.
///
/// ```swift
/// let explainer = try Explainer(problem: problem, solution: solution)
/// for e in explainer.unsatisfiedRequests() {
///     print(ReasonText(.en, problem.instance).describe(e))
/// }
/// ```
///
/// Complexity: O(slots) per student to prepare, then O(meeting periods × rooms of the site) per
/// section examined; explaining every request of an instance is O(requests × sections of the
/// course × slots) in the worst case.
public struct Explainer: Sendable {
    let view: IndexedSolution
    let riders: [[[Int]]]

    /// Fails when a reference of the solution does not resolve (an unusable solution: see the checker).
    public init(problem: Problem, solution: Solution) throws {
        self.init(view: try IndexedSolution(problem, solution))
    }

    init(view: IndexedSolution) {
        self.view = view
        riders = view.busRiders()
    }

    var problem: Problem { view.problem }

    /// Every request without an assignment, in student then request order, explained.
    public func unsatisfiedRequests() -> [RequestExplanation] {
        var out: [RequestExplanation] = []
        for s in problem.students.indices {
            let missing = problem.students[s].requests.indices.filter { view.grant(student: s, request: $0) == nil }
            guard !missing.isEmpty else { continue }
            let week = StudentWeek(view: view, student: s)
            for r in missing { out.append(explain(student: s, request: r, week: week)) }
        }
        return out
    }

    /// The explanation of one request, by student id and 0-based request index; `nil` when the
    /// student or request does not exist or the request has an assignment.
    public func explain(student id: String, request r: Int) -> RequestExplanation? {
        guard let s = problem.studentIndex[id], problem.students[s].requests.indices.contains(r),
              view.grant(student: s, request: r) == nil
        else { return nil }
        return explain(student: s, request: r, week: StudentWeek(view: view, student: s))
    }

    func explain(student s: Int, request r: Int, week: StudentWeek) -> RequestExplanation {
        let data = problem.students[s].requests[r]
        let input = problem.instance.students[s].requests[r]
        let sid = view.studentId(s)
        var alternatives: [AlternativeExplanation] = []
        for (k, alt) in data.alternatives.enumerated() {
            alternatives.append(AlternativeExplanation(
                index: k, course: view.courseId(alt.course), mode: alt.mode, site: alt.site.map(view.siteId),
                reasons: reasons(for: alt, week: week)))
        }
        let engine = view.solution.unsatisfied.first { $0.student == sid && $0.request == r }?.reason
        var group: GroupExplanation?
        if let g = problem.groups.first(where: { $0.members.contains { $0.student == s && $0.request == r } }),
           let spec = problem.instance.groups.first(where: { $0.id == g.id }) {
            group = GroupExplanation(id: g.id, schoolClass: spec.schoolClass, members: g.members.count)
        }
        return RequestExplanation(student: sid, request: r, label: input.id, required: data.required, weight: data.weight,
                                  engineReason: engine, alternatives: alternatives, group: group)
    }

    // MARK: One alternative

    func reasons(for alt: Problem.AlternativeData, week: StudentWeek) -> [RefusalReason] {
        let s = week.student
        let student = problem.students[s]
        let course = problem.courses[alt.course]
        let cid = view.courseId(alt.course)
        if !course.grades.isEmpty && !course.grades.contains(student.grade) {
            return [.gradeNotEligible(course: cid, grade: student.grade, grades: course.grades.sorted())]
        }
        let onlineOnly = alt.mode == .online || (alt.mode == nil && alt.site == nil && course.inPersonSites.isEmpty)
        if onlineOnly && !student.mayAttendOnline { return [.onlineNotAllowed(course: cid)] }
        let candidates = view.sectionsByCourse[alt.course].filter { matches(view.sections[$0], alt) }
        if candidates.isEmpty { return notOpened(alt, week: week) }
        var out: [RefusalReason] = []
        var allFull = true
        for sec in candidates {
            let found = obstacles(section: sec, week: week)
            if !found.contains(where: { $0.kind == "sectionFull" }) { allFull = false }
            for r in found where !out.contains(r) { out.append(r) }
        }
        if allFull, let max = course.maxSections, view.sectionsByCourse[alt.course].count >= max {
            out.append(.maxSectionsReached(course: cid, sections: view.sectionsByCourse[alt.course].count, max: max))
        }
        return out
    }

    /// Whether a section is of the kind the alternative accepts (its course is checked by the caller).
    func matches(_ section: IndexedSolution.Section, _ alt: Problem.AlternativeData) -> Bool {
        if let m = alt.mode, section.mode != m { return false }
        if let site = alt.site, section.mode != .inPerson || section.site != site { return false }
        return true
    }

    // MARK: Joining an open section

    /// Every obstacle to the student joining the section as the solution stands; `wouldFit` when none.
    func obstacles(section sec: Int, week: StudentWeek) -> [RefusalReason] {
        let s = week.student
        let student = problem.students[s]
        let section = view.sections[sec]
        let id = section.id
        if section.hasOnlineMeetings && !student.mayAttendOnline { return [.onlineNotAllowed(course: view.courseId(section.course))] }
        var out: [RefusalReason] = []

        let size = view.size(of: sec), limit = view.limit(of: sec)
        if size >= limit { out.append(.sectionFull(section: id, size: size, limit: limit)) }

        // Clashes, slot by slot.
        var regular: [SlotRef] = []
        var others: [(section: Int, slots: [SlotRef])] = []
        var adding = [Int](repeating: 0, count: problem.dayCount)
        var addingOnline = [Int](repeating: 0, count: problem.dayCount)
        for m in section.meetings {
            adding[m.day] += m.length
            if section.heldOnline(m) { addingOnline[m.day] += m.length }
            for p in m.periods {
                let slot = problem.slot(day: m.day, period: p)
                if student.busy[slot] { regular.append(slotRef(m.day, p)) }
                for a in week.network[slot] {
                    let other = view.assignments[a].section
                    if let k = others.firstIndex(where: { $0.section == other }) {
                        others[k].slots.append(slotRef(m.day, p))
                    } else {
                        others.append((other, [slotRef(m.day, p)]))
                    }
                }
            }
        }
        if !regular.isEmpty { out.append(.clashRegular(section: id, slots: regular)) }
        for o in others {
            out.append(.clashCourse(section: id, other: view.sections[o.section].id,
                                    otherCourse: view.courseId(view.sections[o.section].course), slots: o.slots))
        }

        // Hygiene limits.
        for d in 0..<problem.dayCount where adding[d] > 0 {
            if week.lessons[d] + adding[d] > student.maxLessonsPerDay {
                out.append(.hygieneDaily(section: id, day: view.dayId(d), lessons: week.lessons[d], adding: adding[d],
                                         limit: student.maxLessonsPerDay))
            }
            if addingOnline[d] > 0 && week.online[d] + addingOnline[d] > problem.maxOnlineLessonsPerDay {
                out.append(.onlineDailyLimit(section: id, day: view.dayId(d), online: week.online[d], adding: addingOnline[d],
                                             limit: problem.maxOnlineLessonsPerDay))
            }
        }
        let weekly = adding.reduce(0, +)
        if week.total + weekly > student.maxLessonsPerWeek {
            out.append(.hygieneWeekly(section: id, lessons: week.total, adding: weekly, limit: student.maxLessonsPerWeek))
        }

        if section.hasOnlineMeetings {
            out += seatObstacles(section: sec, student: s)
        }
        if section.mode == .inPerson {
            for d in 0..<problem.dayCount where adding[d] > 0 {
                for r in TravelCheck(view: view, week: week, riders: riders).obstacles(section: sec, day: d) where !out.contains(r) { out.append(r) }
            }
        }
        if out.isEmpty { out.append(.wouldFit(section: id)) }
        return out
    }

    /// Online: a computer room of the home site with a free seat at every meeting, unless the
    /// student may join from home.
    func seatObstacles(section sec: Int, student s: Int) -> [RefusalReason] {
        let student = problem.students[s]
        if student.onlineFromHome { return [] }
        let rooms = problem.rooms.indices.filter { problem.rooms[$0].site == student.home && problem.rooms[$0].computerSeats > 0 }
        if rooms.isEmpty { return [.noJoinPlace(site: view.siteId(student.home))] }
        var out: [RefusalReason] = []
        let slots = problem.slotCount
        for m in view.sections[sec].meetings where view.sections[sec].heldOnline(m) {
            for p in m.periods {
                let slot = problem.slot(day: m.day, period: p)
                var uses: [RoomUse] = []
                var free = false
                for r in rooms {
                    let room = problem.rooms[r]
                    let taken = view.roomJoiners[r * slots + slot].count
                    let meeting = view.roomMeetings[r * slots + slot].first.map { view.sections[$0].id }
                    if !room.busy[slot] && meeting == nil && taken < room.computerSeats { free = true }
                    uses.append(RoomUse(room: view.roomId(r), seats: room.computerSeats, taken: taken, regular: room.busy[slot],
                                        meeting: meeting))
                }
                if !free { out.append(.noOnlineSeat(section: view.sections[sec].id, slot: slotRef(m.day, p), rooms: uses)) }
            }
        }
        return out
    }

    // MARK: No suitable section open

    func notOpened(_ alt: Problem.AlternativeData, week: StudentWeek) -> [RefusalReason] {
        let c = alt.course
        let course = problem.courses[c]
        let cid = view.courseId(c)
        let opened = view.sectionsByCourse[c].map {
            SectionRef(section: view.sections[$0].id, mode: view.sections[$0].mode, site: view.siteId(view.sections[$0].site))
        }
        var out: [RefusalReason] = [.sectionNotOpened(course: cid, mode: alt.mode, site: alt.site.map(view.siteId), opened: opened)]

        // Students who would accept such a section and may take it.
        let askers = problem.students.indices.filter { s in
            let st = problem.students[s]
            if !course.grades.isEmpty && !course.grades.contains(st.grade) { return false }
            if alt.mode == .online && !st.mayAttendOnline { return false }
            return st.requests.contains { $0.alternatives.contains { compatible($0, alt) } }
        }
        let asked = askers.count
        var blocked = false
        if asked < course.minSize {
            out.append(.tooFewStudents(course: cid, asked: asked, minimum: course.minSize))
            blocked = true
        }
        if let max = course.maxSections, view.sectionsByCourse[c].count >= max {
            out.append(.maxSectionsReached(course: cid, sections: view.sectionsByCourse[c].count, max: max))
            blocked = true
        }

        // Teachers allowed in this mode or at this site, and their hours left.
        let inPersonSites = alt.site.map { [$0] } ?? course.inPersonSites
        let mayInPerson = alt.mode != .online && !inPersonSites.isEmpty
        let mayOnline = alt.mode != .inPerson && alt.site == nil && course.online
        let allowed = course.teachers.filter { t in
            let teacher = problem.teachers[t]
            return (mayOnline && teacher.mayTeachOnline) || (mayInPerson && inPersonSites.contains { teacher.maySite[$0] })
        }
        let withHours = allowed.filter { problem.teachers[$0].maxWeeklyPeriods - view.teacherLoad($0) >= course.weeklyPeriods }
        if allowed.isEmpty {
            out.append(.noTeacherAllowed(course: cid, mode: alt.mode, site: alt.site.map(view.siteId)))
            blocked = true
        } else if withHours.isEmpty {
            let loads = allowed.map { TeacherLoad(teacher: view.teacherId($0), periods: view.teacherLoad($0), max: problem.teachers[$0].maxWeeklyPeriods) }
            out.append(.noTeacherHours(course: cid, needed: course.weeklyPeriods, teachers: loads))
            blocked = true
        }

        // Rooms.
        let roomSites = mayInPerson ? inPersonSites.filter { site in
            problem.rooms.contains { $0.site == site && course.roomFeatures.isSubset(of: $0.features) }
        } : []
        let studio = problem.rooms.contains(where: \.isOnlineStudio)
        if mayInPerson && roomSites.isEmpty && !(mayOnline && studio) {
            out.append(.noSuitableRoom(course: cid, sites: inPersonSites.map(view.siteId), features: course.roomFeatures.sorted()))
            blocked = true
        } else if !mayInPerson && mayOnline && !studio {
            out.append(.noSuitableRoom(course: cid, sites: [], features: [Problem.onlineStudioFeature]))
            blocked = true
        }

        // Times when enough of the students who asked, and a teacher with hours, are free together.
        guard asked >= course.minSize, !withHours.isEmpty else { return out }
        let holders = Set(view.sectionsByCourse[c].flatMap { view.assignmentsBySection[$0].map { view.assignments[$0].student } })
        let candidates = askers.filter { !holders.contains($0) }
        var rooms = mayInPerson ? problem.rooms.indices.filter {
            inPersonSites.contains(problem.rooms[$0].site) && course.roomFeatures.isSubset(of: problem.rooms[$0].features)
                && problem.rooms[$0].capacity >= course.minSize
        } : []
        if mayOnline {
            rooms += problem.rooms.indices.filter { r in
                problem.rooms[r].isOnlineStudio && withHours.contains { problem.teachers[$0].maySite[problem.rooms[r].site] }
            }
        }
        guard let best = CommonTime(view: view, course: course, students: candidates, teachers: withHours, rooms: rooms)
            .best(atLeast: course.minSize)
        else { return out }
        if best < course.minSize {
            out.append(.noCommonTime(course: cid, free: best, candidates: candidates.count, minimum: course.minSize))
        } else if !blocked {
            out.append(.notOpenedByEngine(course: cid, asked: asked, minimum: course.minSize))
        }
        return out
    }

    /// Whether another alternative accepts some section the given one accepts (same course,
    /// modes and sites not contradicting each other).
    func compatible(_ a: Problem.AlternativeData, _ b: Problem.AlternativeData) -> Bool {
        guard a.course == b.course else { return false }
        let modeA = a.mode ?? (a.site != nil ? .inPerson : nil), modeB = b.mode ?? (b.site != nil ? .inPerson : nil)
        if let x = modeA, let y = modeB, x != y { return false }
        if let x = a.site, let y = b.site, x != y { return false }
        return true
    }

    func slotRef(_ day: Int, _ period: Int) -> SlotRef {
        SlotRef(day: view.dayId(day), period: period + 1, start: ClockTime.text(view.start(period)), end: ClockTime.text(view.end(period)))
    }
}

/// One student's week in a solution: network lessons per slot and lesson counts per day.
struct StudentWeek {
    let student: Int
    /// Per slot, the student's assignments whose section meets then.
    let network: [[Int]]
    /// Per day: regular plus network periods (a period in a clash counts once per lesson).
    let lessons: [Int]
    /// Per day: online periods.
    let online: [Int]
    /// Regular plus network periods in the week.
    let total: Int

    init(view: IndexedSolution, student s: Int) {
        let problem = view.problem
        student = s
        network = view.networkSlots(student: s)
        var lessons = [Int](repeating: 0, count: problem.dayCount)
        var online = [Int](repeating: 0, count: problem.dayCount)
        for d in 0..<problem.dayCount {
            for p in 0..<problem.periodCount {
                let slot = problem.slot(day: d, period: p)
                lessons[d] += (problem.students[s].busy[slot] ? 1 : 0) + network[slot].count
                online[d] += network[slot].filter { a in
                    let x = view.assignments[a].section
                    return view.sections[x].meetings.contains { $0.day == d && $0.periods.contains(p) && view.sections[x].heldOnline($0) }
                }.count
            }
        }
        self.lessons = lessons
        self.online = online
        total = lessons.reduce(0, +)
    }
}
