import TimetablingCore
/// Builds a complete ``Solution`` from an engine's decisions: the sections it opens (course,
/// teacher, mode, site, meetings with rooms) and the enrolments it makes (a student's request
/// placed in a section by one of the request's alternatives). The assembler writes what an
/// engine outside the library could not: every student's and teacher's daily itinerary, by road
/// or by scheduled bus run with a seat booked on every segment, the room each online student
/// joins from, and every request without an enrolment in `Solution.unsatisfied`.
///
/// ```swift
/// var assembler = SolutionAssembler(problem)     // section: an IndexedSolution.Section (course, teacher, mode, site, meetings)
/// try assembler.enrol(.init(student: 5, request: 0, alternative: 0, section: try assembler.open(section)))
/// let solution = assembler.solution(engine: "mine")   // itineraries, bus seats and unsatisfied written
/// ```
///
/// **What it guarantees, what it leaves to the checker.** Sections and enrolments are taken one
/// at a time, in the order given. Each is refused with an ``AssemblyError`` (and the assembler
/// left as it was) when it would break what the assembler itself builds: a person or room used
/// twice at once (the regular timetables included), a person's day that cannot be travelled —
/// no road, a trip longer than the person's limit, too little time between lessons, home after
/// the latest return, no bus run in time or no free seat — or an online student with nowhere to
/// join from. So the assembler never writes a broken itinerary: the travel rules of
/// `docs/RULES.md` (`itinerary`, `travel-timing`, `latest-return`, `no-road`, `travel-time`,
/// `bus-required`, `max-trip`, `bus-seats`), the clash rules and `online-seats` hold in every
/// solution it returns. Everything else is the engine's choice and the ``Checker``'s to judge:
/// qualification, delivery mode and sites, meeting pattern, room features, capacity and site,
/// section sizes, teachers' weekly maxima, hygiene limits, whether an enrolment's section fits
/// the alternative, required requests.
///
/// People travel as the built-in engines plan them: by road a leg leaves as soon as the earlier
/// lesson ends (the first leg of a day: just in time for the first lesson); by bus, the shortest
/// ride in the window with a free seat, preferring runs that already carry students, a locked
/// ride first. Seats go to enrolments in the order they are made. Teachers travel by road.
///
/// The assembler is a value: copy it to try a step and keep the copy when the step succeeds.
/// ``assemble(_:sections:enrolments:engine:reason:)`` does it all from two lists and reports every
/// refusal at once.
///
/// Complexity: ``open(_:)`` is O(meeting periods + periods × days touched); ``enrol(_:)`` is
/// O(meeting periods × computer rooms of the home site + (periods + bus options) × days touched);
/// ``solution(engine:reason:)`` is O(requests + (students + teachers) × slots). Memory is
/// O((students + teachers + rooms) × slots).
public struct SolutionAssembler: Sendable {
    /// Where an online student joins from.
    public enum Join: Sendable, Equatable, Hashable {
        /// From home when the student may, else the computer room of the home site with the most
        /// seats that has a seat free at every meeting.
        case automatic
        case fromHome
        /// A computer room (index into ``Problem/rooms``).
        case room(Int)
    }

    /// A student's request placed in a section by one of its alternatives.
    public struct Enrolment: Sendable, Equatable, Hashable {
        public var student: Int
        /// 0-based index into the student's requests.
        public var request: Int
        /// 0-based index into the request's alternatives.
        public var alternative: Int
        /// Index of the section, as ``SolutionAssembler/open(_:)`` returned it.
        public var section: Int
        /// Online sections, and blended sections with online meetings; ignored otherwise.
        public var join: Join

        public init(student: Int, request: Int, alternative: Int, section: Int, join: Join = .automatic) {
            self.student = student
            self.request = request
            self.alternative = alternative
            self.section = section
            self.join = join
        }
    }

    public let problem: Problem
    /// The sections opened, in order; an index into it is a section's index.
    public private(set) var sections: [IndexedSolution.Section] = []
    /// The enrolments made, in order, with the join place chosen for online ones (never `.automatic`).
    public private(set) var enrolments: [Enrolment] = []

    private let planner: TravelPlanner
    private var seats: SeatLedger
    private let studentRules: [PersonRules]
    private let teacherRules: [PersonRules]
    private let slotCount: Int
    private let periodCount: Int
    private let dayCount: Int
    private let byBus: Bool
    /// `student * slotCount + slot` → site the student is at, -1 free.
    private var studentSite: [Int32]
    /// `student * slotCount + slot` → section attended, -2 a regular lesson, -1 free.
    private var studentUse: [Int32]
    /// `teacher * slotCount + slot` → site, -1 free.
    private var teacherSite: [Int32]
    /// `teacher * slotCount + slot` → section taught, -2 an own-school lesson, -1 free.
    private var teacherUse: [Int32]
    /// `room * slotCount + slot` → section meeting there, -2 the site's own timetable, -1 free.
    private var roomUse: [Int32]
    /// `room * slotCount + slot` → online students joining from the room.
    private var roomJoiners: [Int32]
    /// Bus-runs mode: `student * dayCount + day` → the legs holding seats.
    private var studentLegs: [[PlannedLeg]]
    private var sectionSizes: [Int] = []
    private var sectionIds: Set<String> = []
    /// First flat request of each student.
    private let requestBase: [Int]
    /// Flat request → index into ``enrolments``, or -1.
    private var requestEnrolment: [Int32]
    /// Rooms with computer seats, by site, most seats first.
    private let computerRooms: [[Int]]

    /// An empty timetable of `problem`: regular timetables only. O((students + teachers + rooms) × slots).
    public init(_ problem: Problem) {
        self.problem = problem
        planner = TravelPlanner(problem: problem)
        seats = SeatLedger(problem: problem)
        studentRules = PersonRules.students(problem)
        teacherRules = PersonRules.teachers(problem)
        let slots = problem.slotCount
        slotCount = slots
        periodCount = problem.periodCount
        dayCount = problem.dayCount
        byBus = problem.transportMode == .busRuns

        var sSite = [Int32](repeating: -1, count: problem.students.count * slots)
        var sUse = sSite
        var base: [Int] = []
        var requests = 0
        for (s, st) in problem.students.enumerated() {
            for k in 0..<slots where st.busy[k] {
                sSite[s * slots + k] = Int32(st.home)
                sUse[s * slots + k] = -2
            }
            base.append(requests)
            requests += st.requests.count
        }
        studentSite = sSite
        studentUse = sUse
        requestBase = base
        requestEnrolment = [Int32](repeating: -1, count: requests)
        studentLegs = byBus ? [[PlannedLeg]](repeating: [], count: problem.students.count * problem.dayCount) : []

        var tSite = [Int32](repeating: -1, count: problem.teachers.count * slots)
        var tUse = tSite
        for (t, te) in problem.teachers.enumerated() {
            for k in 0..<slots where te.busy[k] {
                tSite[t * slots + k] = Int32(te.home)
                tUse[t * slots + k] = -2
            }
        }
        teacherSite = tSite
        teacherUse = tUse

        var rUse = [Int32](repeating: -1, count: problem.rooms.count * slots)
        var computer = [[Int]](repeating: [], count: problem.siteCount)
        for (r, room) in problem.rooms.enumerated() {
            for k in 0..<slots where room.busy[k] { rUse[r * slots + k] = -2 }
            if room.computerSeats > 0 { computer[room.site].append(r) }
        }
        for k in computer.indices {
            computer[k].sort { (problem.rooms[$0].computerSeats, $1) > (problem.rooms[$1].computerSeats, $0) }
        }
        roomUse = rUse
        roomJoiners = [Int32](repeating: 0, count: problem.rooms.count * slots)
        computerRooms = computer
    }

    // MARK: - Queries

    /// Something that can be busy in a slot.
    public enum Resource: Sendable, Equatable, Hashable {
        case student(Int)
        case teacher(Int)
        case room(Int)
    }

    /// Whether a student, teacher or room is free in a period (0-based) of a day: no regular
    /// lesson, no section, and for a room nobody joining online from it. O(1).
    public func isFree(_ resource: Resource, day: Int, period: Int) -> Bool {
        let slot = day * periodCount + period
        switch resource {
        case .student(let s): return studentUse[s * slotCount + slot] == -1
        case .teacher(let t): return teacherUse[t * slotCount + slot] == -1
        case .room(let r): return roomUse[r * slotCount + slot] == -1 && roomJoiners[r * slotCount + slot] == 0
        }
    }

    /// Computer seats of a room still free for online students in a period (0-based) of a day:
    /// none while the room has a meeting or its site's own lesson. O(1).
    public func freeComputerSeats(room: Int, day: Int, period: Int) -> Int {
        let k = room * slotCount + day * periodCount + period
        return roomUse[k] != -1 ? 0 : max(problem.rooms[room].computerSeats - Int(roomJoiners[k]), 0)
    }

    /// Students enrolled in a section. O(1).
    public func size(of section: Int) -> Int { sectionSizes[section] }

    /// The enrolment granting request `request` of student `student`, as an index into ``enrolments``.
    public func enrolment(student: Int, request: Int) -> Int? {
        let e = requestEnrolment[requestBase[student] + request]
        return e < 0 ? nil : Int(e)
    }

    // MARK: - Sections

    /// Opens a section: books its teacher and rooms in every meeting period, after checking that
    /// they are free and that the teacher can still travel each day it meets. Returns the
    /// section's index. Throws (leaving the assembler unchanged) ``AssemblyError`` of kind
    /// `invalidIndex`, `duplicateSectionId`, `teacherBusy`, `roomBusy` or `teacherCannotTravel`.
    @discardableResult
    public mutating func open(_ section: IndexedSolution.Section) throws(AssemblyError) -> Int {
        try validate(section)
        let x = sections.count
        let label = section.id.isEmpty ? "the new section of \(courseId(section.course))" : "section \(section.id)"
        var seen = Set<Int>()
        for (k, m) in section.meetings.enumerated() {
            for p in m.periods {
                let slot = m.day * periodCount + p
                let use = teacherUse[section.teacher * slotCount + slot]
                if use != -1 || !seen.insert(slot).inserted {
                    let what = use == -2 ? "an own-school lesson" : use >= 0 ? sectionLabel(Int(use)) : "another meeting of \(label)"
                    throw AssemblyError(.teacherBusy, path: "meetings[\(k)]",
                                        "teacher \(teacherId(section.teacher)) already has \(what) on \(when(m.day, p))", day: m.day)
                }
                let r = m.room * slotCount + slot
                if roomUse[r] != -1 || roomJoiners[r] > 0 {
                    let what = roomUse[r] == -2 ? "its site's own timetable" : roomUse[r] >= 0 ? "a meeting of \(sectionLabel(Int(roomUse[r])))"
                        : "\(roomJoiners[r]) student(s) joining online"
                    throw AssemblyError(.roomBusy, path: "meetings[\(k)].room", "room \(roomId(m.room)) has \(what) on \(when(m.day, p))",
                                        day: m.day)
                }
            }
        }
        var row = [Int32](repeating: -1, count: periodCount)
        var legs: [PlannedLeg] = []
        for d in days(of: section.meetings) {
            let first = section.teacher * slotCount + d * periodCount
            fill(&row, from: teacherSite, first: first, meetings: section.meetings, day: d, site: Int32(section.site))
            if !planner.plan(day: d, sites: row, rules: teacherRules[section.teacher], seats: seats, legs: &legs) {
                let failed = planner.failedMove(day: d, sites: row, rules: teacherRules[section.teacher], seats: seats)
                throw AssemblyError(.teacherCannotTravel, path: "meetings",
                                    "teacher \(teacherId(section.teacher)) cannot travel on \(dayId(d)) with \(label): "
                                    + explain(failed, day: d, rules: teacherRules[section.teacher]), day: d)
            }
        }

        for m in section.meetings {
            for p in m.periods {
                let slot = m.day * periodCount + p
                teacherSite[section.teacher * slotCount + slot] = Int32(section.site)
                teacherUse[section.teacher * slotCount + slot] = Int32(x)
                roomUse[m.room * slotCount + slot] = Int32(x)
            }
        }
        sections.append(section)
        sectionSizes.append(0)
        if !section.id.isEmpty { sectionIds.insert(section.id) }
        return x
    }

    private func validate(_ section: IndexedSolution.Section) throws(AssemblyError) {
        func check(_ i: Int, _ count: Int, _ path: String, _ kind: String) throws(AssemblyError) {
            guard i >= 0 && i < count else {
                throw AssemblyError(.invalidIndex, path: path, "no \(kind) \(i); the problem has \(count) (0-based)")
            }
        }
        try check(section.course, problem.courses.count, "course", "course")
        try check(section.teacher, problem.teachers.count, "teacher", "teacher")
        try check(section.site, problem.siteCount, "site", "site")
        if section.meetings.isEmpty { throw AssemblyError(.invalidIndex, path: "meetings", "a section needs at least one meeting") }
        for (k, m) in section.meetings.enumerated() {
            try check(m.day, dayCount, "meetings[\(k)].day", "day")
            try check(m.room, problem.rooms.count, "meetings[\(k)].room", "room")
            guard m.length >= 1, m.period >= 0, m.period + m.length <= periodCount else {
                throw AssemblyError(.invalidIndex, path: "meetings[\(k)]",
                                    "\(m.length) period(s) from period \(m.period) do not fit in a day of \(periodCount) periods (0-based)")
            }
        }
        if !section.id.isEmpty && sectionIds.contains(section.id) {
            throw AssemblyError(.duplicateSectionId, path: "id", "section id \"\(section.id)\" is already taken")
        }
    }

    // MARK: - Enrolments

    /// Enrols a student's request in a section: checks that the student is free at every
    /// meeting, chooses (or checks) the place an online student joins from, re-plans the
    /// student's days and books bus seats. Throws (leaving the assembler unchanged)
    /// ``AssemblyError`` of kind `invalidIndex`, `alreadyEnrolled`, `studentBusy`, `noOnlineSeat`
    /// or `studentCannotTravel`.
    public mutating func enrol(_ enrolment: Enrolment) throws(AssemblyError) {
        try validate(enrolment)
        let s = enrolment.student, x = enrolment.section
        let flat = requestBase[s] + enrolment.request
        if requestEnrolment[flat] >= 0 {
            let other = enrolments[Int(requestEnrolment[flat])].section
            throw AssemblyError(.alreadyEnrolled, path: "request",
                                "request \(enrolment.request) of student \(studentId(s)) is already enrolled in \(sectionLabel(other))")
        }
        let section = sections[x]
        for m in section.meetings {
            for p in m.periods {
                let use = studentUse[s * slotCount + m.day * periodCount + p]
                if use != -1 {
                    let what = use == -2 ? "a regular lesson" : sectionLabel(Int(use))
                    throw AssemblyError(.studentBusy, path: "section",
                                        "student \(studentId(s)) already has \(what) on \(when(m.day, p)), when \(sectionLabel(x)) meets",
                                        day: m.day)
                }
            }
        }
        var join = Join.automatic
        if section.hasOnlineMeetings { join = try joinPlace(enrolment.join, student: s, section: x) }

        // Online meetings (all of an online section's, a blended section's online ones) at home.
        let home = Int32(problem.students[s].home)
        func site(_ m: IndexedSolution.Meeting) -> Int32 { section.heldOnline(m) ? home : Int32(section.site) }
        var row = [Int32](repeating: -1, count: periodCount)
        var planned: [(day: Int, legs: [PlannedLeg])] = []
        var legs: [PlannedLeg] = []
        for d in days(of: section.meetings) {
            for p in 0..<periodCount { row[p] = studentSite[s * slotCount + d * periodCount + p] }
            for m in section.meetings where m.day == d { for p in m.periods { row[p] = site(m) } }
            let held = byBus ? studentLegs[s * dayCount + d] : []
            for l in held { seats.release(l, day: d, segments: planner.runSegments[Int(l.run)]) }
            let ok = planner.plan(day: d, sites: row, rules: studentRules[s], seats: seats, legs: &legs)
            let failed = ok ? nil : planner.failedMove(day: d, sites: row, rules: studentRules[s], seats: seats)
            for l in held { seats.take(l, day: d, segments: planner.runSegments[Int(l.run)]) }
            if !ok {
                throw AssemblyError(.studentCannotTravel, path: "section",
                                    "student \(studentId(s)) cannot travel on \(dayId(d)) with \(sectionLabel(x)): "
                                    + explain(failed, day: d, rules: studentRules[s]), day: d)
            }
            planned.append((d, legs))
        }

        for m in section.meetings {
            for p in m.periods {
                let slot = m.day * periodCount + p
                studentSite[s * slotCount + slot] = site(m)
                studentUse[s * slotCount + slot] = Int32(x)
                if case .room(let r) = join, section.heldOnline(m) { roomJoiners[r * slotCount + slot] += 1 }
            }
        }
        if byBus {
            for (d, legs) in planned {
                for l in studentLegs[s * dayCount + d] { seats.release(l, day: d, segments: planner.runSegments[Int(l.run)]) }
                for l in legs { seats.take(l, day: d, segments: planner.runSegments[Int(l.run)]) }
                studentLegs[s * dayCount + d] = legs
            }
        }
        var accepted = enrolment
        accepted.join = join
        requestEnrolment[flat] = Int32(enrolments.count)
        enrolments.append(accepted)
        sectionSizes[x] += 1
    }

    private func validate(_ e: Enrolment) throws(AssemblyError) {
        guard e.student >= 0 && e.student < problem.students.count else {
            throw AssemblyError(.invalidIndex, path: "student", "no student \(e.student); the problem has \(problem.students.count) (0-based)")
        }
        let requests = problem.students[e.student].requests
        guard e.request >= 0 && e.request < requests.count else {
            throw AssemblyError(.invalidIndex, path: "request",
                                "student \(studentId(e.student)) has no request \(e.request); it has \(requests.count) (0-based)")
        }
        let alternatives = requests[e.request].alternatives.count
        guard e.alternative >= 0 && e.alternative < alternatives else {
            throw AssemblyError(.invalidIndex, path: "alternative",
                                "request \(e.request) of student \(studentId(e.student)) has no alternative \(e.alternative); it has \(alternatives) (0-based)")
        }
        guard e.section >= 0 && e.section < sections.count else {
            throw AssemblyError(.invalidIndex, path: "section", "no section \(e.section); \(sections.count) are open (0-based)")
        }
    }

    /// The join place of an online enrolment, checked: from home, or a computer room with a seat
    /// free at every meeting (never a room used then by a meeting or its site's own timetable).
    private func joinPlace(_ wanted: Join, student s: Int, section x: Int) throws(AssemblyError) -> Join {
        let st = problem.students[s]
        let meetings = sections[x].meetings.filter(sections[x].heldOnline)
        func free(_ r: Int) -> Bool {
            let seatsHere = Int32(problem.rooms[r].computerSeats)
            for m in meetings {
                for p in m.periods {
                    let k = r * slotCount + m.day * periodCount + p
                    if roomUse[k] != -1 || roomJoiners[k] >= seatsHere { return false }
                }
            }
            return true
        }
        switch wanted {
        case .fromHome:
            return .fromHome
        case .room(let r):
            guard r >= 0 && r < problem.rooms.count else {
                throw AssemblyError(.invalidIndex, path: "join", "no room \(r); the problem has \(problem.rooms.count) (0-based)")
            }
            guard free(r) else {
                throw AssemblyError(.noOnlineSeat, path: "join",
                                    "room \(roomId(r)) has no computer seat free at every meeting of \(sectionLabel(x))")
            }
            return .room(r)
        case .automatic:
            if st.onlineFromHome { return .fromHome }
            if let r = computerRooms[st.home].first(where: free) { return .room(r) }
            let rooms = computerRooms[st.home].map(roomId)
            throw AssemblyError(.noOnlineSeat, path: "join", "student \(studentId(s)) may not join \(sectionLabel(x)) from home and "
                                + (rooms.isEmpty ? "the home site \(siteId(st.home)) has no computer room"
                                    : "no computer room of \(siteId(st.home)) (\(rooms.joined(separator: ", "))) has a seat free at every meeting"))
        }
    }

    // MARK: - The solution

    /// The timetable as a ``Solution``: sections without an id named `course/n` (numbered in
    /// opening order, skipping ids taken), assignments in student and request order, every
    /// person-day's legs, and every request without an enrolment in `unsatisfied` with
    /// `reason(student, request)`. O(requests + (students + teachers) × slots).
    public func solution(engine: String? = nil,
                         reason: (_ student: Int, _ request: Int) -> String = { _, _ in SolutionAssembler.notEnrolled }) -> Solution {
        let inst = problem.instance
        var taken = sectionIds
        var counter = [Int](repeating: 0, count: problem.courses.count)
        var ids: [String] = []
        var out: [Solution.Section] = []
        for sec in sections {
            var id = sec.id
            if id.isEmpty {
                repeat {
                    counter[sec.course] += 1
                    id = "\(inst.courses[sec.course].id)/\(counter[sec.course])"
                } while taken.contains(id)
                taken.insert(id)
            }
            ids.append(id)
            out.append(Solution.Section(
                id: id, course: inst.courses[sec.course].id, teacher: inst.teachers[sec.teacher].id, mode: sec.mode,
                site: inst.sites[sec.site].id,
                meetings: sec.meetings.map {
                    Solution.Meeting(day: inst.calendar.days[$0.day], period: $0.period + 1, length: $0.length, room: inst.rooms[$0.room].id,
                                     online: sec.mode == .inPerson && $0.online ? true : nil)
                }))
        }

        var assignments: [Solution.Assignment] = []
        var unsatisfied: [Solution.Unsatisfied] = []
        for (s, st) in problem.students.enumerated() {
            for (r, request) in st.requests.enumerated() {
                let e = requestEnrolment[requestBase[s] + r]
                guard e >= 0 else {
                    unsatisfied.append(Solution.Unsatisfied(student: inst.students[s].id, request: r, required: request.required,
                                                            reason: reason(s, r)))
                    continue
                }
                let en = enrolments[Int(e)]
                var room: String?, fromHome: Bool?
                if sections[en.section].hasOnlineMeetings {
                    switch en.join {
                    case .room(let k): room = inst.rooms[k].id
                    case .fromHome: fromHome = true
                    case .automatic: break
                    }
                }
                assignments.append(Solution.Assignment(student: inst.students[s].id, request: r, alternative: en.alternative,
                                                       section: ids[en.section], onlineRoom: room, fromHome: fromHome))
            }
        }

        var itineraries: [Solution.Itinerary] = []
        var legs: [PlannedLeg] = []
        for s in problem.students.indices {
            for d in 0..<dayCount {
                if byBus {
                    legs = studentLegs[s * dayCount + d]
                } else if !planner.plan(day: d, sites: studentSite, first: s * slotCount + d * periodCount, rules: studentRules[s],
                                        seats: seats, legs: &legs) {
                    continue  // Unreachable: every enrolment was planned; the checker would report the day.
                }
                if legs.isEmpty { continue }
                itineraries.append(Solution.Itinerary(person: inst.students[s].id, role: .student, day: inst.calendar.days[d],
                                                      legs: legs.map(solutionLeg)))
            }
        }
        for t in problem.teachers.indices {
            for d in 0..<dayCount {
                guard planner.plan(day: d, sites: teacherSite, first: t * slotCount + d * periodCount, rules: teacherRules[t],
                                   seats: seats, legs: &legs), !legs.isEmpty
                else { continue }
                itineraries.append(Solution.Itinerary(person: inst.teachers[t].id, role: .teacher, day: inst.calendar.days[d],
                                                      legs: legs.map(solutionLeg)))
            }
        }
        return Solution(instance: inst.name, engine: engine, sections: out, assignments: assignments, itineraries: itineraries,
                        unsatisfied: unsatisfied)
    }

    /// The reason ``solution(engine:reason:)`` gives an unsatisfied request by default.
    public static let notEnrolled = "the engine made no enrolment for it"

    /// Assembles a whole timetable at once: opens `sections` in order, then makes `enrolments`
    /// (their `section` indexes `sections`) in order, and returns ``solution(engine:reason:)``.
    /// Throws ``AssemblyFailure`` with every refusal, each with its ``AssemblyError/item`` and a
    /// path such as `enrolments[12].section`; an enrolment in a section that was refused is
    /// refused as `sectionNotOpened`.
    ///
    /// ```swift
    /// let online = IndexedSolution.Section(course: 0, teacher: 1, mode: .online, site: 2, meetings: [.init(day: 1, period: 0, room: 3)])
    /// let solution = try SolutionAssembler.assemble(problem, sections: [online], enrolments: [.init(student: 0, request: 0, alternative: 1, section: 0)])
    /// print(Checker(problem).check(solution).feasible)
    /// ```
    public static func assemble(
        _ problem: Problem, sections: [IndexedSolution.Section], enrolments: [Enrolment], engine: String? = nil,
        reason: (_ student: Int, _ request: Int) -> String = { _, _ in SolutionAssembler.notEnrolled }
    ) throws(AssemblyFailure) -> Solution {
        var assembler = SolutionAssembler(problem)
        var errors: [AssemblyError] = []
        var opened = [Int?](repeating: nil, count: sections.count)
        for (i, section) in sections.enumerated() {
            do {
                opened[i] = try assembler.open(section)
            } catch {
                errors.append(placed(error, .section(i), "sections[\(i)]"))
            }
        }
        for (k, e) in enrolments.enumerated() {
            guard e.section >= 0 && e.section < sections.count else {
                errors.append(AssemblyError(.invalidIndex, path: "enrolments[\(k)].section",
                                            "no section \(e.section); \(sections.count) were given (0-based)", item: .enrolment(k)))
                continue
            }
            guard let x = opened[e.section] else {
                errors.append(AssemblyError(.sectionNotOpened, path: "enrolments[\(k)].section",
                                            "sections[\(e.section)] was not opened", item: .enrolment(k)))
                continue
            }
            var mapped = e
            mapped.section = x
            do {
                try assembler.enrol(mapped)
            } catch {
                errors.append(placed(error, .enrolment(k), "enrolments[\(k)]"))
            }
        }
        guard errors.isEmpty else { throw AssemblyFailure(errors: errors) }
        return assembler.solution(engine: engine, reason: reason)
    }

    private static func placed(_ error: AssemblyError, _ item: AssemblyError.Item, _ prefix: String) -> AssemblyError {
        var e = error
        e.item = item
        e.path = e.path.isEmpty ? prefix : prefix + "." + e.path
        return e
    }

    // MARK: - Helpers

    /// Distinct days of `meetings`, in order of first appearance.
    private func days(of meetings: [IndexedSolution.Meeting]) -> [Int] {
        var out: [Int] = []
        for m in meetings where !out.contains(m.day) { out.append(m.day) }
        return out
    }

    /// `row` ← the person's sites of day `day` (`sites[first ..< first + periodCount]`) with the
    /// meetings of that day at `site`.
    private func fill(_ row: inout [Int32], from sites: [Int32], first: Int, meetings: [IndexedSolution.Meeting], day: Int, site: Int32) {
        for p in 0..<periodCount { row[p] = sites[first + p] }
        for m in meetings where m.day == day {
            for p in m.periods { row[p] = site }
        }
    }

    private func solutionLeg(_ l: PlannedLeg) -> Solution.Leg {
        let inst = problem.instance
        return Solution.Leg(from: inst.sites[Int(l.from)].id, to: inst.sites[Int(l.to)].id, depart: ClockTime.text(Int(l.depart)),
                            arrive: ClockTime.text(Int(l.arrive)), busRun: l.run >= 0 ? inst.transport.busRuns[Int(l.run)].id : nil)
    }

    /// "from ivanovka to sosnovka after 10:40, by 11:00: the road takes 40 min, only 20 min between the lessons".
    private func explain(_ failed: FailedMove?, day: Int, rules: PersonRules) -> String {
        guard let f = failed else { return "no itinerary" }
        let from = siteId(Int(f.from)), to = siteId(Int(f.to))
        var window = ""
        if f.after >= 0 { window += " after \(ClockTime.text(Int(f.after)))" }
        if f.by != Int32.max { window += (window.isEmpty ? "" : ",") + " by \(ClockTime.text(Int(f.by)))" }
        let move = "from \(from) to \(to)\(window)"
        let why: String
        switch f.cause {
        case .noRoad: why = "there is no road between them"
        case .tripTooLong(let m): why = "the trip takes \(m) min, longer than the longest single trip of \(rules.maxTrip) min"
        case .noTime(let m):
            why = f.after >= 0 && f.by != Int32.max
                ? "the road takes \(m) min, but there are only \(max(f.by - f.after, 0)) min between the lessons"
                : "the road takes \(m) min"
        case .lateReturn(let arrive):
            why = "home at \(ClockTime.text(Int(arrive))) at the earliest, after the latest return \(ClockTime.text(Int(rules.latestReturn)))"
        case .pastMidnight: why = "the trip would end after midnight"
        case .noBusRun: why = "no bus run goes from \(from) to \(to) on \(dayId(day))"
        case .noBusInTime: why = "no bus run leaves \(from) and reaches \(to) in that window"
        case .busFull: why = "every bus ride in that window is full"
        case .groupRide(let g):
            why = "group \(problem.groups[Int(g)].id) travels on one bus ride, and its ride does not fit this window or has no seat for every member"
        }
        return move + ": " + why
    }

    private func sectionLabel(_ x: Int) -> String {
        let s = sections[x]
        return s.id.isEmpty ? "section \(x) (\(courseId(s.course)))" : "section \(s.id)"
    }

    private func when(_ day: Int, _ period: Int) -> String { "\(dayId(day)) period \(period + 1)" }
    private func studentId(_ s: Int) -> String { problem.instance.students[s].id }
    private func teacherId(_ t: Int) -> String { problem.instance.teachers[t].id }
    private func courseId(_ c: Int) -> String { problem.instance.courses[c].id }
    private func siteId(_ s: Int) -> String { problem.instance.sites[s].id }
    private func roomId(_ r: Int) -> String { problem.instance.rooms[r].id }
    private func dayId(_ d: Int) -> String { problem.instance.calendar.days[d] }
}
