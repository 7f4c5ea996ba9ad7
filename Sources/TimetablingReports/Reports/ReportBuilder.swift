import TimetablingCore
extension TimetableReport {
    /// Builds the report of a solution. The checker's report is computed when not given; an
    /// unusable solution (dangling ids) throws ``UnusableSolutionError``. An infeasible solution
    /// gets a report too, with its violations listed.
    ///
    /// Complexity: O(people × slots + rooms × slots + solution size + explanations).
    public init(problem: Problem, solution: Solution, check: CheckReport? = nil) throws {
        let check = check ?? Checker(problem).check(solution)
        guard check.usable else { throw UnusableSolutionError(diagnostics: check.diagnostics) }
        let view = try IndexedSolution(problem, solution)
        let b = ReportBuilder(view: view, check: check)
        let inst = problem.instance
        instance = inst.name
        engine = solution.engine
        days = inst.calendar.days
        periods = inst.calendar.periods.enumerated().map { PeriodTime(number: $0 + 1, start: $1.start, end: $1.end) }
        sites = inst.sites.map { SiteInfo(id: $0.id, name: $0.name, kind: $0.kind, locality: $0.locality) }
        feasible = check.feasible
        violations = check.violations
        students = problem.students.indices.map(b.student)
        refusals = students.flatMap { $0.requests.compactMap(\.explanation) }
        teachers = problem.teachers.indices.map(b.teacher)
        rooms = problem.rooms.indices.map(b.room)
        siteTimetables = inst.sites.indices.map(b.site)
        transport = b.transport()
        courses = problem.courses.indices.map(b.course)
        summary = b.summary()
    }
}

/// The pieces of a ``TimetableReport``, one method per concept.
struct ReportBuilder {
    let view: IndexedSolution
    let check: CheckReport
    let explainer: Explainer

    init(view: IndexedSolution, check: CheckReport) {
        self.view = view
        self.check = check
        self.explainer = Explainer(view: view)
    }

    var problem: Problem { view.problem }
    var inst: Instance { problem.instance }

    private func clock(_ m: Int) -> String { ClockTime.text(m) }

    /// Minutes on the road over the week's days (``IndexedSolution/Leg/travelMinutes``, as the checker counts them).
    private func travelMinutes(_ days: Int, legs: (Int) -> [IndexedSolution.Leg]) -> Int {
        (0..<days).reduce(0) { sum, d in legs(d).reduce(sum) { $0 + $1.travelMinutes } }
    }

    private func meeting(of section: Int, day: Int, period: Int) -> IndexedSolution.Meeting? {
        view.sections[section].meetings.first { $0.day == day && $0.periods.contains(period) }
    }

    // MARK: People's days

    private func tripLegs(_ legs: [IndexedSolution.Leg]) -> [TripLeg] {
        legs.map { TripLeg(from: view.siteId($0.from), to: view.siteId($0.to), depart: clock($0.depart), arrive: clock($0.arrive),
                           minutes: $0.travelMinutes, busRun: $0.busRun.map(view.busRunId)) }
    }

    /// Where a person is in a period, from the day's legs: travelling when a leg overlaps it,
    /// else at the end of the last leg arrived by its start, else at home.
    private func place(period p: Int, legs: [IndexedSolution.Leg], home: Int) -> (String?, Bool) {
        let start = view.start(p), end = view.end(p)
        if legs.contains(where: { $0.depart < end && $0.arrive > start }) { return (nil, true) }
        let at = legs.last(where: { $0.arrive <= start })?.to ?? home
        return (view.siteId(at), false)
    }

    private func sectionEntry(_ sec: Int, day: Int, period: Int, joinRoom: Int? = nil, fromHome: Bool? = nil,
                              withSize: Bool = false) -> Entry {
        let s = view.sections[sec]
        let m = meeting(of: sec, day: day, period: period)
        // A blended course's online meeting shows as online; its in-person meetings have no join place.
        let online = s.mode == .online || m?.online == true
        return Entry(kind: online ? .online : .inPerson, course: view.courseId(s.course), section: s.id,
                     teacher: view.teacherId(s.teacher), site: view.siteId(s.site), room: m.map { view.roomId($0.room) },
                     joinRoom: online ? joinRoom.map(view.roomId) : nil, fromHome: online ? fromHome : nil,
                     students: withSize ? view.size(of: sec) : nil,
                     meetingStart: m.map { $0.period + 1 }, meetingLength: m?.length)
    }

    /// A week: per day, a cell per period with what `entries(day, period, slot)` puts in it and,
    /// for a person (legs by day, home site), where the person is and the day's trips.
    private func week(person: (legs: (Int) -> [IndexedSolution.Leg], home: Int)? = nil, entries: (Int, Int, Int) -> [Entry]) -> [WeekDay] {
        (0..<problem.dayCount).map { d -> WeekDay in
            let cells = (0..<problem.periodCount).map { p -> Cell in
                let entries = entries(d, p, problem.slot(day: d, period: p))
                var place: String?, travelling = false
                if let person { (place, travelling) = self.place(period: p, legs: person.legs(d), home: person.home) }
                return Cell(period: p + 1, place: place, travelling: travelling, entries: entries)
            }
            return WeekDay(day: view.dayId(d), cells: cells, legs: person.map { tripLegs($0.legs(d)) } ?? [])
        }
    }

    // MARK: Students

    func student(_ s: Int) -> StudentReport {
        let st = problem.students[s], input = inst.students[s]
        let net = view.networkSlots(student: s)
        var networkPeriods = 0
        let week = week(person: ({ view.legs(student: s, day: $0) }, st.home)) { d, p, slot in
            var entries: [Entry] = []
            if st.busy[slot] { entries.append(Entry(kind: .regular, site: view.siteId(st.home))) }
            for a in net[slot] {
                let asg = view.assignments[a]
                entries.append(sectionEntry(asg.section, day: d, period: p, joinRoom: asg.onlineRoom,
                                            fromHome: view.sections[asg.section].hasOnlineMeetings ? asg.fromHome : nil))
                networkPeriods += 1
            }
            return entries
        }
        let week0 = StudentWeek(view: view, student: s)
        var requests: [RequestLine] = []
        for (r, req) in input.requests.enumerated() {
            let alts = req.alternatives.map { AlternativeInfo(course: $0.course, mode: $0.mode, site: $0.site) }
            var grant: Grant?
            var explanation: RequestExplanation?
            if let a = view.grant(student: s, request: r) {
                let asg = view.assignments[a], sec = view.sections[asg.section]
                grant = Grant(alternative: asg.alternative, section: sec.id, course: view.courseId(sec.course), mode: sec.mode,
                              site: view.siteId(sec.site), joinRoom: asg.onlineRoom.map(view.roomId),
                              fromHome: sec.hasOnlineMeetings ? asg.fromHome : nil)
            } else {
                explanation = explainer.explain(student: s, request: r, week: week0)
            }
            requests.append(RequestLine(index: r, label: req.id, required: req.required, weight: req.weight, alternatives: alts,
                                        granted: grant, explanation: explanation))
        }
        let travel = travelMinutes(problem.dayCount) { view.legs(student: s, day: $0) }
        return StudentReport(id: input.id, name: input.name, grade: input.grade, homeSite: input.homeSite, schoolClass: input.schoolClass,
                             mayAttendOnline: st.mayAttendOnline, onlineFromHome: st.onlineFromHome, week: week, requests: requests,
                             regularPeriods: st.busy.filter { $0 }.count, networkPeriods: networkPeriods, travelMinutes: travel)
    }

    // MARK: Teachers

    func teacher(_ t: Int) -> TeacherReport {
        let teacher = problem.teachers[t], input = inst.teachers[t]
        let teaching = view.teachingSlots(teacher: t)
        let week = week(person: ({ view.legs(teacher: t, day: $0) }, teacher.home)) { d, p, slot in
            var entries: [Entry] = []
            if teacher.busy[slot] { entries.append(Entry(kind: .ownSchool, site: view.siteId(teacher.home))) }
            for sec in teaching[slot] { entries.append(sectionEntry(sec, day: d, period: p, withSize: true)) }
            return entries
        }
        return TeacherReport(id: input.id, name: input.name, homeSite: input.homeSite, periods: view.teacherLoad(t),
                             maxWeeklyPeriods: teacher.maxWeeklyPeriods, sections: view.sectionsByTeacher[t].map { view.sections[$0].id },
                             week: week, travelMinutes: travelMinutes(problem.dayCount) { view.legs(teacher: t, day: $0) })
    }

    // MARK: Rooms and sites

    /// Entries for students joining online from a room in a slot, one per section.
    private func joinerEntries(room r: Int, slot: Int, day: Int, period: Int) -> [Entry] {
        var bySection: [(Int, Int)] = []
        for a in view.roomJoiners[r * problem.slotCount + slot] {
            let sec = view.assignments[a].section
            if let k = bySection.firstIndex(where: { $0.0 == sec }) { bySection[k].1 += 1 } else { bySection.append((sec, 1)) }
        }
        return bySection.map { sec, n in
            var e = sectionEntry(sec, day: day, period: period)
            e.kind = .joiners
            e.joinRoom = view.roomId(r)
            e.students = n
            return e
        }
    }

    func room(_ r: Int) -> RoomReport {
        let room = problem.rooms[r], input = inst.rooms[r]
        let week = week { d, p, slot in
            var entries: [Entry] = []
            if room.busy[slot] { entries.append(Entry(kind: .roomRegular, site: view.siteId(room.site))) }
            for sec in view.roomMeetings[r * problem.slotCount + slot] {
                entries.append(sectionEntry(sec, day: d, period: p, withSize: true))
            }
            return entries + joinerEntries(room: r, slot: slot, day: d, period: p)
        }
        return RoomReport(id: input.id, name: input.name, site: input.site, capacity: input.capacity, computerSeats: input.computerSeats,
                          features: input.features, week: week)
    }

    func site(_ s: Int) -> SiteReport {
        let rooms = problem.rooms.indices.filter { problem.rooms[$0].site == s }
        let week = week { d, p, slot in
            var entries: [Entry] = []
            for r in rooms {
                for sec in view.roomMeetings[r * problem.slotCount + slot] where view.sections[sec].site == s {
                    entries.append(sectionEntry(sec, day: d, period: p, withSize: true))
                }
            }
            for r in rooms { entries += joinerEntries(room: r, slot: slot, day: d, period: p) }
            return entries
        }
        var moves: [(Int, Int, Movement)] = []
        func collect(_ people: Int, role: Solution.Itinerary.Role) {
            for person in 0..<people {
                let id = role == .student ? view.studentId(person) : view.teacherId(person)
                for d in 0..<problem.dayCount {
                    for leg in role == .student ? view.legs(student: person, day: d) : view.legs(teacher: person, day: d) {
                        let run = leg.busRun.map(view.busRunId)
                        if leg.to == s {
                            moves.append((d, leg.arrive, Movement(day: view.dayId(d), time: clock(leg.arrive), direction: .arrive, person: id,
                                                                  role: role, otherSite: view.siteId(leg.from), busRun: run)))
                        }
                        if leg.from == s {
                            moves.append((d, leg.depart, Movement(day: view.dayId(d), time: clock(leg.depart), direction: .depart, person: id,
                                                                  role: role, otherSite: view.siteId(leg.to), busRun: run)))
                        }
                    }
                }
            }
        }
        collect(problem.students.count, role: .student)
        collect(problem.teachers.count, role: .teacher)
        let movements = moves.enumerated().sorted { a, b in
            (a.element.0, a.element.1, a.offset) < (b.element.0, b.element.1, b.offset)
        }.map(\.element.2)
        let input = inst.sites[s]
        return SiteReport(id: input.id, name: input.name, students: problem.students.filter { $0.home == s }.count,
                          rooms: rooms.map(view.roomId), week: week, movements: movements)
    }

    // MARK: Transport

    func transport() -> TransportReport {
        var days: [TransportDay] = []
        for d in 0..<problem.dayCount {
            // Key: bus run id, or "from>to@depart" for road trips.
            var trips: [String: Trip] = [:]
            var order: [String] = []
            func add(_ legs: [IndexedSolution.Leg], person: String, role: Solution.Itinerary.Role) {
                for leg in legs {
                    let key = leg.busRun.map { "bus:" + view.busRunId($0) } ?? "road:\(leg.from)>\(leg.to)@\(leg.depart)"
                    let passenger = Passenger(person: person, role: role, from: view.siteId(leg.from), to: view.siteId(leg.to),
                                              depart: clock(leg.depart), arrive: clock(leg.arrive))
                    if trips[key] == nil {
                        order.append(key)
                        if let r = leg.busRun {
                            let run = problem.busRuns[r]
                            let stops = run.stops.map { StopTime(site: view.siteId($0.site), time: clock($0.time)) }
                            trips[key] = Trip(busRun: view.busRunId(r), from: stops.first?.site ?? "", to: stops.last?.site ?? "",
                                              depart: stops.first?.time ?? "", arrive: stops.last?.time ?? "", stops: stops, seats: run.seats,
                                              passengers: [], carriesStudents: false, passengerMinutes: 0)
                        } else {
                            trips[key] = Trip(busRun: nil, from: passenger.from, to: passenger.to, depart: passenger.depart,
                                              arrive: passenger.arrive, stops: [], seats: nil, passengers: [], carriesStudents: false,
                                              passengerMinutes: 0)
                        }
                    }
                    trips[key]!.passengers.append(passenger)
                    trips[key]!.passengerMinutes += leg.travelMinutes
                    if role == .student { trips[key]!.carriesStudents = true }
                    if leg.busRun == nil, ClockTime.minutes(trips[key]!.arrive).map({ $0 < leg.arrive }) == true {
                        trips[key]!.arrive = clock(leg.arrive)
                    }
                }
            }
            for s in problem.students.indices { add(view.legs(student: s, day: d), person: view.studentId(s), role: .student) }
            for t in problem.teachers.indices { add(view.legs(teacher: t, day: d), person: view.teacherId(t), role: .teacher) }
            let list = order.compactMap { trips[$0] }.enumerated().sorted { a, b in
                (ClockTime.minutes(a.element.depart) ?? 0, a.offset) < (ClockTime.minutes(b.element.depart) ?? 0, b.offset)
            }.map(\.element)
            days.append(TransportDay(day: view.dayId(d), trips: list, vehicleTrips: list.filter(\.carriesStudents).count,
                                     passengerMinutes: list.reduce(0) { $0 + $1.passengerMinutes }))
        }
        let s = check.summary
        return TransportReport(days: days, vehicleTrips: Int(check.terms[.vehicleTrips]?.value ?? 0),
                               studentMinutes: s.studentTravelMinutes, teacherMinutes: s.teacherTravelMinutes, legs: s.legs)
    }

    // MARK: Courses

    func course(_ c: Int) -> CourseReport {
        let input = inst.courses[c], course = problem.courses[c]
        let asked = problem.students.filter { $0.requests.contains { $0.alternatives.contains { $0.course == c } } }.count
        var enrolled = Set<Int>()
        var sections: [SectionReport] = []
        for sec in view.sectionsByCourse[c] {
            let s = view.sections[sec]
            let meetings = s.meetings.map {
                MeetingTime(day: view.dayId($0.day), period: $0.period + 1, length: $0.length, start: clock(view.start($0.period)),
                            end: clock(view.end($0.period + $0.length - 1)), room: view.roomId($0.room), online: $0.online ? true : nil)
            }
            let students = view.assignmentsBySection[sec].map { a -> Enrolment in
                let asg = view.assignments[a]
                enrolled.insert(asg.student)
                let st = inst.students[asg.student]
                return Enrolment(student: st.id, homeSite: st.homeSite, grade: st.grade, request: asg.request,
                                 joinRoom: asg.onlineRoom.map(view.roomId), fromHome: s.hasOnlineMeetings ? asg.fromHome : nil)
            }
            sections.append(SectionReport(id: s.id, course: input.id, teacher: view.teacherId(s.teacher), mode: s.mode,
                                          site: view.siteId(s.site), meetings: meetings, students: students, limit: view.limit(of: sec)))
        }
        return CourseReport(id: input.id, name: input.name, subject: input.subject, level: input.level, pattern: input.pattern,
                            minSize: course.minSize, maxSize: course.maxSize, askedBy: asked, enrolled: enrolled.count, sections: sections)
    }

    // MARK: Summary

    func summary() -> NetworkSummary {
        let s = check.summary
        var bySchool: [SchoolTotals] = []
        for site in inst.sites.indices {
            let students = problem.students.indices.filter { problem.students[$0].home == site }
            guard !students.isEmpty else { continue }
            var t = SchoolTotals(site: view.siteId(site), students: students.count, requests: 0, satisfied: 0, requiredRequests: 0,
                                 requiredSatisfied: 0, onlineEnrolments: 0, inPersonEnrolments: 0)
            for st in students {
                for (r, req) in problem.students[st].requests.enumerated() {
                    let met = view.grant(student: st, request: r) != nil
                    t.requests += 1
                    if met { t.satisfied += 1 }
                    if req.required {
                        t.requiredRequests += 1
                        if met { t.requiredSatisfied += 1 }
                    }
                }
                for a in view.assignmentsByStudent[st] {
                    if view.sections[view.assignments[a].section].mode == .online { t.onlineEnrolments += 1 } else { t.inPersonEnrolments += 1 }
                }
            }
            bySchool.append(t)
        }
        let hours = problem.teachers.indices.map {
            TeacherLoad(teacher: view.teacherId($0), periods: view.teacherLoad($0), max: problem.teachers[$0].maxWeeklyPeriods)
        }
        let terms = SoftTerm.allCases.map { term -> TermLine in
            let t = check.terms[term] ?? Term(value: 0, weight: 0)
            return TermLine(name: term, value: t.value, weight: t.weight, cost: t.cost)
        }
        return NetworkSummary(
            feasible: check.feasible, violations: check.violations.count, requests: s.requests, satisfiedRequests: s.satisfiedRequests,
            requiredRequests: s.requiredRequests, requiredSatisfied: s.requiredSatisfied, electiveRequests: s.electiveRequests,
            electiveSatisfied: s.electiveSatisfied, sections: s.sections, inPersonEnrolments: s.inPersonEnrolments,
            onlineEnrolments: s.onlineEnrolments, onlineShare: s.onlineShare, studentTravelMinutes: s.studentTravelMinutes,
            teacherTravelMinutes: s.teacherTravelMinutes, legs: s.legs, bySchool: bySchool, teacherHours: hours,
            objective: check.objective, terms: terms, coverage: s.coverage)
    }
}
