/// A ``Solution`` read against its ``Problem``: every id resolved to the problem's dense index,
/// with the lookups that the checker, explanations and reports need — who is in which section,
/// the sections of each teacher and course, which assignment grants each request, each person's
/// legs of a day, how each room is used in each slot.
///
/// Days, periods, sites, rooms, courses, teachers, students and bus runs are the problem's dense
/// 0-based indices (periods too: period 0 is the first of the day); clock times are minutes since
/// midnight. It reads the solution as it is and judges nothing: the ``Checker`` does that, on
/// this same view. Reading fails only when a reference does not resolve (an unusable solution),
/// with a ``Diagnostic`` naming each place, e.g. `sections[3].meetings[1].room: unknown room "x"`.
///
/// ```swift
/// let indexed = try IndexedSolution(problem, solution)
/// for a in indexed.assignmentsByStudent[3] { print(indexed.sections[indexed.assignments[a].section].id) }
/// let monday = indexed.legs(student: 3, day: 0)   // the student's moves on the first day
/// ```
///
/// Complexity: built in O(solution size + (students + teachers) × days + rooms × slots + requests);
/// every lookup below is O(1) unless it says otherwise.
public struct IndexedSolution: Sendable {
    /// An opened group of a course.
    public struct Section: Sendable, Equatable {
        /// The solution's id of the section (``SolutionAssembler`` names sections with an empty id).
        public var id: String
        public var course: Int
        public var teacher: Int
        public var mode: DeliveryMode
        /// In person: the host site. Online: the site the teacher teaches from.
        public var site: Int
        public var meetings: [Meeting]

        public init(id: String = "", course: Int, teacher: Int, mode: DeliveryMode, site: Int, meetings: [Meeting]) {
            self.id = id
            self.course = course
            self.teacher = teacher
            self.mode = mode
            self.site = site
            self.meetings = meetings
        }

        /// Whether meeting `m` is held online: every meeting of an online section, and the
        /// meetings an in-person section of a blended course holds online (``Meeting/online``).
        @inline(__always) public func heldOnline(_ m: Meeting) -> Bool { mode == .online || m.online }

        /// Whether the section's students join some meeting online (an online section, or a
        /// blended section with online meetings).
        public var hasOnlineMeetings: Bool { mode == .online || meetings.contains { $0.online } }
    }

    /// One weekly meeting: `length` consecutive periods from `period` (0-based) on `day`, in `room`.
    public struct Meeting: Sendable, Equatable, Hashable {
        public var day: Int
        /// 0-based first period.
        public var period: Int
        public var length: Int
        /// In person: the classroom. Online: the teacher's online studio.
        public var room: Int
        /// An online meeting of an in-person section of a blended course (``Solution/Meeting/online``).
        public var online: Bool

        public init(day: Int, period: Int, length: Int = 1, room: Int, online: Bool = false) {
            self.day = day
            self.period = period
            self.length = length
            self.room = room
            self.online = online
        }

        /// The 0-based periods the meeting takes.
        public var periods: Range<Int> { period..<(period + length) }
    }

    /// A student placed in a section for one request, by one of its alternatives.
    public struct Assignment: Sendable, Equatable {
        public var student: Int
        /// 0-based index into the student's requests.
        public var request: Int
        /// 0-based index into the request's alternatives.
        public var alternative: Int
        /// Index into ``IndexedSolution/sections``.
        public var section: Int
        /// Online meetings: the computer room the student joins from.
        public var onlineRoom: Int?
        /// Online meetings: the student joins from home.
        public var fromHome: Bool
    }

    /// A trip from one site to another, by road or by a scheduled bus run.
    public struct Leg: Sendable, Equatable {
        public var from: Int
        public var to: Int
        /// Minutes since midnight.
        public var depart: Int
        public var arrive: Int
        /// The bus run taken, if any.
        public var busRun: Int?
        /// `arrive - depart`: negative when the solution's leg arrives before it departs.
        public var minutes: Int { arrive - depart }
        /// What the leg adds to travel totals, as the checker counts them: `max(arrive − depart, 0)`
        /// (a leg arriving before it departs is a `travel-time` violation and adds nothing). The
        /// reports total travel with this too, so their numbers are the checker's.
        public var travelMinutes: Int { max(arrive - depart, 0) }
    }

    /// How one person moves between sites on one day.
    public struct Itinerary: Sendable, Equatable {
        public var role: Solution.Itinerary.Role
        /// Student or teacher index, by `role`.
        public var person: Int
        public var day: Int
        public var legs: [Leg]
    }

    /// A request the solution lists as unsatisfied.
    public struct Unsatisfied: Sendable, Equatable {
        public var student: Int
        public var request: Int
    }

    public let problem: Problem
    /// The solution as it was read.
    public let solution: Solution
    /// In the solution's order, so index `i` is `solution.sections[i]`; the same for the others.
    public let sections: [Section]
    public let assignments: [Assignment]
    public let itineraries: [Itinerary]
    public let unsatisfied: [Unsatisfied]

    /// Assignment indices by student.
    public let assignmentsByStudent: Groups
    /// Assignment indices by section: the section's members.
    public let assignmentsBySection: Groups
    /// Section indices by teacher.
    public let sectionsByTeacher: Groups
    /// Section indices by course.
    public let sectionsByCourse: Groups
    /// Section indices by `room * slotCount + slot`, once per meeting period in the room then.
    public let roomMeetings: Groups
    /// Assignment indices by `room * slotCount + slot`: students joining an online meeting from the room then.
    public let roomJoiners: Groups

    /// `student * dayCount + day` → index into `itineraries`, or -1.
    let studentItinerary: [Int]
    /// `teacher * dayCount + day` → index into `itineraries`, or -1.
    let teacherItinerary: [Int]
    /// Requests flattened over students: request `r` of student `s` is `requestBase[s] + r`.
    let requestBase: [Int]
    let requestCount: Int
    /// Flat request → the first assignment granting it, or -1.
    let firstAssignment: [Int]
    /// Flat request → how many assignments grant it.
    let assignmentCount: [Int]

    /// Indexes resolved parts; every index in them must be valid (the resolver's errors say when not).
    init(problem: Problem, solution: Solution, sections: [Section], assignments: [Assignment], itineraries: [Itinerary],
         unsatisfied: [Unsatisfied]) {
        self.problem = problem
        self.solution = solution
        self.sections = sections
        self.assignments = assignments
        self.itineraries = itineraries
        self.unsatisfied = unsatisfied
        let students = problem.students.count, teachers = problem.teachers.count, days = problem.dayCount
        assignmentsByStudent = Groups(keyCount: students, keys: assignments.map(\.student))
        assignmentsBySection = Groups(keyCount: sections.count, keys: assignments.map(\.section))
        sectionsByTeacher = Groups(keyCount: teachers, keys: sections.map(\.teacher))
        sectionsByCourse = Groups(keyCount: problem.courses.count, keys: sections.map(\.course))

        let slots = problem.slotCount
        var meetings: [(key: Int, value: Int)] = []
        for (i, s) in sections.enumerated() {
            for m in s.meetings {
                for p in m.periods { meetings.append((m.room * slots + problem.slot(day: m.day, period: p), i)) }
            }
        }
        roomMeetings = Groups(keyCount: problem.rooms.count * slots, pairs: meetings)
        var joiners: [(key: Int, value: Int)] = []
        for (i, a) in assignments.enumerated() {
            let s = sections[a.section]
            guard let room = a.onlineRoom, !a.fromHome else { continue }
            for m in s.meetings where s.heldOnline(m) {
                for p in m.periods { joiners.append((room * slots + problem.slot(day: m.day, period: p), i)) }
            }
        }
        roomJoiners = Groups(keyCount: problem.rooms.count * slots, pairs: joiners)

        var si = [Int](repeating: -1, count: students * days)
        var ti = [Int](repeating: -1, count: teachers * days)
        for (i, it) in itineraries.enumerated() {
            switch it.role {
            case .student: si[it.person * days + it.day] = i
            case .teacher: ti[it.person * days + it.day] = i
            }
        }
        studentItinerary = si
        teacherItinerary = ti

        var base = [Int](repeating: 0, count: students)
        var total = 0
        for s in 0..<students {
            base[s] = total
            total += problem.students[s].requests.count
        }
        requestBase = base
        requestCount = total
        var first = [Int](repeating: -1, count: total)
        var count = [Int](repeating: 0, count: total)
        for (i, a) in assignments.enumerated() {
            let r = base[a.student] + a.request
            if first[r] < 0 { first[r] = i }
            count[r] += 1
        }
        firstAssignment = first
        assignmentCount = count
    }

    // MARK: Requests and itineraries

    /// The first assignment granting request `request` of student `student`, if any.
    public func grant(student: Int, request: Int) -> Int? {
        let a = firstAssignment[requestBase[student] + request]
        return a < 0 ? nil : a
    }

    /// How many assignments grant request `request` of student `student` (more than one breaks a rule).
    public func grantCount(student: Int, request: Int) -> Int { assignmentCount[requestBase[student] + request] }

    /// The itinerary of a student on a day, as an index into ``itineraries``.
    public func itinerary(student: Int, day: Int) -> Int? {
        let i = studentItinerary[student * problem.dayCount + day]
        return i < 0 ? nil : i
    }

    /// The itinerary of a teacher on a day, as an index into ``itineraries``.
    public func itinerary(teacher: Int, day: Int) -> Int? {
        let i = teacherItinerary[teacher * problem.dayCount + day]
        return i < 0 ? nil : i
    }

    /// The legs of a student's day (none without an itinerary).
    public func legs(student: Int, day: Int) -> [Leg] { itinerary(student: student, day: day).map { itineraries[$0].legs } ?? [] }

    /// The legs of a teacher's day (none without an itinerary).
    public func legs(teacher: Int, day: Int) -> [Leg] { itinerary(teacher: teacher, day: day).map { itineraries[$0].legs } ?? [] }

    // MARK: Derived quantities

    /// Students in a section.
    public func size(of section: Int) -> Int { assignmentsBySection[section].count }

    /// The most students a section may hold: the course's maximum, and in person each meeting room's seats.
    public func limit(of section: Int) -> Int {
        let s = sections[section]
        var m = problem.courses[s.course].maxSize
        if s.mode == .inPerson { for meeting in s.meetings where !meeting.online { m = min(m, problem.rooms[meeting.room].capacity) } }
        return m
    }

    /// Network periods a week the teacher teaches, by the courses' weekly periods. O(sections of the teacher).
    public func teacherLoad(_ teacher: Int) -> Int {
        sectionsByTeacher[teacher].reduce(0) { $0 + problem.courses[sections[$1].course].weeklyPeriods }
    }

    /// Where the student is for a network lesson of `section`: its site in person, home online.
    /// (A blended section's online meetings are at home too: see ``lessonSite(student:section:meeting:)``.)
    public func lessonSite(student: Int, section: Int) -> Int {
        sections[section].mode == .online ? problem.students[student].home : sections[section].site
    }

    /// Where the student is for meeting `meeting` of `section`: home when it is held online, else its site.
    public func lessonSite(student: Int, section: Int, meeting: Meeting) -> Int {
        sections[section].heldOnline(meeting) ? problem.students[student].home : sections[section].site
    }

    /// Where the student is for the lesson of `section` in period `period` (0-based) of day `day`:
    /// per meeting, so a blended section's online meeting is at home. O(meetings of the section).
    public func lessonSite(student: Int, section: Int, day: Int, period: Int) -> Int {
        guard let m = sections[section].meetings.first(where: { $0.day == day && $0.periods.contains(period) }) else {
            return lessonSite(student: student, section: section)
        }
        return lessonSite(student: student, section: section, meeting: m)
    }

    /// Per slot, the assignments of a student whose section meets then. O(slots + the student's meetings).
    public func networkSlots(student: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: problem.slotCount)
        for a in assignmentsByStudent[student] {
            for m in sections[assignments[a].section].meetings {
                for p in m.periods { out[problem.slot(day: m.day, period: p)].append(a) }
            }
        }
        return out
    }

    /// Per slot, the sections a teacher teaches then. O(slots + the teacher's meetings).
    public func teachingSlots(teacher: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: problem.slotCount)
        for s in sectionsByTeacher[teacher] {
            for m in sections[s].meetings {
                for p in m.periods { out[problem.slot(day: m.day, period: p)].append(s) }
            }
        }
        return out
    }

    /// Riders of each bus run segment on each day, `[run][day][segment]`, counting every leg
    /// that follows its run. O(legs × stops + runs × days × stops).
    public func busRiders() -> [[[Int]]] {
        var riders = problem.busRuns.map { run in
            [[Int]](repeating: [Int](repeating: 0, count: max(run.stops.count - 1, 0)), count: problem.dayCount)
        }
        for it in itineraries {
            for leg in it.legs {
                guard let r = leg.busRun, let (i, j) = boarding(run: r, leg: leg) else { continue }
                for seg in i..<j { riders[r][it.day][seg] += 1 }
            }
        }
        return riders
    }

    /// The first stops `i < j` of run `run` where the leg boards (`from` at `depart`) and alights
    /// (`to` at `arrive`), if the leg follows the run. O(stops²) at worst.
    public func boarding(run: Int, leg: Leg) -> (Int, Int)? {
        let stops = problem.busRuns[run].stops
        for (i, a) in stops.enumerated() where a.site == leg.from && a.time == leg.depart {
            for j in (i + 1)..<stops.count where stops[j].site == leg.to && stops[j].time == leg.arrive { return (i, j) }
        }
        return nil
    }

    // MARK: Ids and times, for messages

    package var instance: Instance { problem.instance }
    package func studentId(_ s: Int) -> String { instance.students[s].id }
    package func teacherId(_ t: Int) -> String { instance.teachers[t].id }
    package func courseId(_ c: Int) -> String { instance.courses[c].id }
    package func siteId(_ s: Int) -> String { instance.sites[s].id }
    package func roomId(_ r: Int) -> String { instance.rooms[r].id }
    package func dayId(_ d: Int) -> String { instance.calendar.days[d] }
    package func busRunId(_ r: Int) -> String { instance.transport.busRuns[r].id }
    /// Start and end of a 0-based period, minutes since midnight.
    package func start(_ period: Int) -> Int { problem.periodStart[period] }
    package func end(_ period: Int) -> Int { problem.periodEnd[period] }
}
