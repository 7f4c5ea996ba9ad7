/// A validated ``Instance`` in the indexed form engines and the checker work on.
///
/// Every string id is interned to a dense integer index (the position of the record in its
/// instance array), time is in minutes since midnight, and the week's periods are *slots*
/// numbered `day * periodCount + period` (both 0-based). Building a `Problem` runs every
/// semantic check of the instance and collects all problems found (see ``Problem/build(_:)``);
/// no engine ever sees an instance that failed them.
///
/// ```swift
/// let problem = try Problem(instance)          // throws InputError with every diagnostic
/// let minutes = problem.travel(from: 0, to: 3) // nil: no road
/// ```
public struct Problem: Sendable {
    public let instance: Instance
    /// Warnings found while validating (errors make construction fail).
    public let warnings: [Diagnostic]

    public let dayCount: Int
    public let periodCount: Int
    /// Start and end of each period of a day, minutes since midnight, 0-based period index.
    public let periodStart: [Int]
    public let periodEnd: [Int]

    public let dayIndex: [String: Int]
    public let siteIndex: [String: Int]
    public let roomIndex: [String: Int]
    public let teacherIndex: [String: Int]
    public let courseIndex: [String: Int]
    public let studentIndex: [String: Int]
    public let busRunIndex: [String: Int]

    public let transportMode: Transport.Mode
    /// `siteCount × siteCount`, row-major; `-1` means no road.
    let travelMatrix: [Int]

    public let rooms: [RoomData]
    public let teachers: [TeacherData]
    public let courses: [CourseData]
    public let students: [StudentData]
    public let busRuns: [BusRunData]

    /// The daily hygiene limit of grades 10–11. Limits depend on the grade since per-grade
    /// hygiene: use ``maxLessonsPerDay(student:)`` or ``StudentData/maxLessonsPerDay``.
    @available(*, deprecated, message: "hygiene limits depend on the grade: use maxLessonsPerDay(student:)")
    public var maxLessonsPerDay: Int { instance.hygiene.dailyLimit(grade: 11) }
    /// The weekly hygiene limit of grades 10–11. Limits depend on the grade since per-grade
    /// hygiene: use ``maxLessonsPerWeek(student:)`` or ``StudentData/maxLessonsPerWeek``.
    @available(*, deprecated, message: "hygiene limits depend on the grade: use maxLessonsPerWeek(student:)")
    public var maxLessonsPerWeek: Int { instance.hygiene.weeklyLimit(grade: 11, days: dayCount) }
    public let maxOnlineLessonsPerDay: Int
    public let weights: Weights
    /// The instance's locks, indexed (see ``Locks``).
    public internal(set) var locks = LockData()
    /// The instance's groups, indexed (see ``Group``).
    public internal(set) var groups: [GroupData] = []
    /// The published solution a re-plan measures its changes against (see ``withReference(_:)``).
    public internal(set) var reference: Solution?

    /// The room feature an online section's teacher needs.
    public static let onlineStudioFeature = "online-studio"

    public var siteCount: Int { instance.sites.count }
    public var slotCount: Int { dayCount * periodCount }

    @inline(__always) public func slot(day: Int, period: Int) -> Int { day * periodCount + period }

    /// Lessons (regular plus network) student `s` may have in one day: the hygiene limit of the
    /// student's grade (see ``Hygiene/dailyLimit(grade:)``).
    @inline(__always) public func maxLessonsPerDay(student s: Int) -> Int { students[s].maxLessonsPerDay }
    /// Lessons (regular plus network) student `s` may have in the week: the hygiene limit of the
    /// student's grade for this week's length (see ``Hygiene/weeklyLimit(grade:days:)``).
    @inline(__always) public func maxLessonsPerWeek(student s: Int) -> Int { students[s].maxLessonsPerWeek }

    /// Road minutes between two sites, `nil` when there is no road. Same site: 0.
    @inline(__always) public func travel(from a: Int, to b: Int) -> Int? {
        let v = travelMatrix[a * siteCount + b]
        return v < 0 ? nil : v
    }

    public struct RoomData: Sendable {
        public let site: Int
        public let capacity: Int
        public let features: Set<String>
        public let computerSeats: Int
        /// By slot: used by the site's regular timetable.
        public let busy: [Bool]
        public var isOnlineStudio: Bool { features.contains(Problem.onlineStudioFeature) }
    }

    public struct TeacherData: Sendable {
        public let home: Int
        public let maxWeeklyPeriods: Int
        public let busy: [Bool]
        public let mayTravel: Bool
        /// By site: the teacher may teach in person there (home always true).
        public let maySite: [Bool]
        public let mayTeachOnline: Bool
        public let latestReturn: Int?
        public let maxOneWayMinutes: Int?
    }

    public struct CourseData: Sendable {
        public let pattern: [Int]
        public let distinctDays: Bool
        public let minSize: Int
        public let maxSize: Int
        /// Empty: any grade.
        public let grades: Set<Int>
        public let inPersonSites: [Int]
        public let online: Bool
        public let roomFeatures: Set<String>
        /// Teachers qualified for the course: listed by the course, or listing it or its subject.
        public let teachers: [Int]
        public let maxSections: Int?
        /// Blended courses: per meeting of ``pattern``, whether an in-person section holds it online
        /// (`Course.onlineMeetings`); all false for other courses.
        public let meetingOnline: [Bool]
        public var weeklyPeriods: Int { pattern.reduce(0, +) }
        /// Whether in-person sections of the course hold some meetings online (a blended course).
        public var isBlended: Bool { meetingOnline.contains(true) }
        /// Lengths of the meetings an in-person section holds online, longest first (empty unless blended).
        public var onlineLengths: [Int] { pattern.indices.filter { meetingOnline[$0] }.map { pattern[$0] }.sorted(by: >) }
        public func allows(_ mode: DeliveryMode) -> Bool {
            mode == .online ? online : !inPersonSites.isEmpty
        }
    }

    public struct StudentData: Sendable {
        public let grade: Int
        public let home: Int
        /// By slot: the regular timetable (class and own), spent at the home site.
        public let busy: [Bool]
        public let mayAttendOnline: Bool
        public let onlineFromHome: Bool
        public let latestReturn: Int?
        public let maxOneWayMinutes: Int
        public let requests: [RequestData]
        /// Hygiene: lessons (regular plus network) a day and a week for the student's grade.
        public let maxLessonsPerDay: Int
        public let maxLessonsPerWeek: Int
    }

    public struct RequestData: Sendable {
        public let alternatives: [AlternativeData]
        public let weight: Double
        public let required: Bool
    }

    public struct AlternativeData: Sendable {
        public let course: Int
        public let mode: DeliveryMode?
        public let site: Int?
    }

    public struct BusRunData: Sendable {
        public let days: [Bool]
        public let seats: Int
        public let stops: [(site: Int, time: Int)]
    }

    /// Validates `instance` and builds the indexed form; throws ``InputError`` listing every problem.
    public init(_ instance: Instance) throws {
        var list = DiagnosticList()
        guard let p = Problem.build(instance, into: &list) else { throw InputError(list.items) }
        self = p
    }

    /// Validates `instance`, returning the problem (when it has no errors) and all diagnostics.
    public static func build(_ instance: Instance) -> (problem: Problem?, diagnostics: [Diagnostic]) {
        var list = DiagnosticList()
        let p = build(instance, into: &list)
        return (p, list.items)
    }

    private init(
        instance: Instance, warnings: [Diagnostic], dayCount: Int, periodCount: Int, periodStart: [Int],
        periodEnd: [Int], dayIndex: [String: Int], siteIndex: [String: Int], roomIndex: [String: Int],
        teacherIndex: [String: Int], courseIndex: [String: Int], studentIndex: [String: Int],
        busRunIndex: [String: Int], transportMode: Transport.Mode, travelMatrix: [Int], rooms: [RoomData],
        teachers: [TeacherData], courses: [CourseData], students: [StudentData], busRuns: [BusRunData]
    ) {
        self.instance = instance
        self.warnings = warnings
        self.dayCount = dayCount
        self.periodCount = periodCount
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.dayIndex = dayIndex
        self.siteIndex = siteIndex
        self.roomIndex = roomIndex
        self.teacherIndex = teacherIndex
        self.courseIndex = courseIndex
        self.studentIndex = studentIndex
        self.busRunIndex = busRunIndex
        self.transportMode = transportMode
        self.travelMatrix = travelMatrix
        self.rooms = rooms
        self.teachers = teachers
        self.courses = courses
        self.students = students
        self.busRuns = busRuns
        self.maxOnlineLessonsPerDay = instance.hygiene.maxOnlineLessonsPerDay
        self.weights = instance.weights
    }
}

// MARK: - Validation

extension Problem {
    // swiftlint:disable:next function_body_length cyclomatic_complexity
    static func build(_ given: Instance, into d: inout DiagnosticList) -> Problem? {
        // Groups add their members' requests first; the rest of the checks see them as any request.
        var grouped = given
        grouped.groups = validGroups(given, into: &d)
        var inst = grouped.withGroupRequests()
        inst.groups = given.groups
        var unknown = UnknownReferences()
        if inst.formatVersion != 1 {
            d.error("formatVersion", "unsupported format version \(inst.formatVersion)", fix: "set it to 1")
        }

        // Calendar
        let days = inst.calendar.days
        let dayIndex = intern(days, path: "calendar.days", kind: "day", into: &d)
        if days.isEmpty {
            d.error("calendar.days", "no school days", fix: "list the week's days, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]")
        } else if days.count > 7 {
            d.error("calendar.days", "\(days.count) days in a week", fix: "list at most 7 days")
        } else if days.count != 5 && days.count != 6 {
            d.warning("calendar.days", "a week of \(days.count) days; schools work 5 or 6 days")
        }
        var periodStart: [Int] = [], periodEnd: [Int] = []
        if inst.calendar.periods.isEmpty {
            d.error("calendar.periods", "no periods in a day", fix: "list the periods with their clock times")
        }
        for (i, p) in inst.calendar.periods.enumerated() {
            let path = "calendar.periods[\(i)]"
            let s = time(p.start, path: path + ".start", into: &d) ?? 0
            let e = time(p.end, path: path + ".end", into: &d) ?? 0
            if ClockTime.minutes(p.start) != nil, ClockTime.minutes(p.end) != nil, e <= s {
                d.error(path, "period \(i + 1) ends (\(p.end)) before it starts (\(p.start))", fix: "swap or correct the times")
            }
            if let last = periodEnd.last, s < last, ClockTime.minutes(p.start) != nil {
                d.error(path + ".start", "period \(i + 1) starts at \(p.start), before period \(i) ends at \(ClockTime.text(last))",
                        fix: "list periods in time order without overlaps")
            }
            periodStart.append(s)
            periodEnd.append(e)
        }
        let dayCount = days.count, periodCount = inst.calendar.periods.count
        let slotCount = dayCount * periodCount

        func busySlots(_ busy: BusyPeriods, path: String) -> [Bool] {
            var out = [Bool](repeating: false, count: slotCount)
            for day in busy.keys.sorted() {
                guard let di = dayIndex[day] else {
                    d.error(path + "." + day, "unknown day \"\(day)\"", fix: "use one of calendar.days: \(days.joined(separator: ", "))")
                    continue
                }
                for (k, p) in (busy[day] ?? []).enumerated() {
                    if p < 1 || p > periodCount {
                        d.error("\(path).\(day)[\(k)]", "period \(p) does not exist", fix: "periods are numbered 1...\(periodCount)")
                    } else {
                        out[di * periodCount + p - 1] = true
                    }
                }
            }
            return out
        }

        // Sites and travel
        let siteIndex = intern(inst.sites.map(\.id), path: "sites", kind: "site", into: &d)
        let n = inst.sites.count
        if n == 0 { d.error("sites", "no sites", fix: "list the network's schools and partners") }
        var travel = [Int](repeating: -1, count: n * n)
        let tm = inst.transport.travelMinutes
        if tm.count != n {
            d.error("transport.travelMinutes", "the matrix has \(tm.count) rows for \(n) sites",
                    fix: "give one row per site, in the order of `sites`")
        }
        for (a, row) in tm.enumerated() {
            if row.count != n {
                d.error("transport.travelMinutes[\(a)]", "row has \(row.count) entries for \(n) sites",
                        fix: "make the matrix square: one entry per site, null where there is no road")
            }
            for (b, v) in row.enumerated() {
                let path = "transport.travelMinutes[\(a)][\(b)]"
                guard let v else {
                    if a == b { d.error(path, "no entry for a site to itself", fix: "put 0 on the diagonal") }
                    continue
                }
                if v < 0 {
                    d.error(path, "negative travel time \(v)", fix: "give minutes by road, or null for no road")
                } else if a == b && v != 0 {
                    d.error(path, "travel time from a site to itself is \(v)", fix: "put 0 on the diagonal")
                } else if a < n && b < n {
                    travel[a * n + b] = v
                }
            }
        }
        for a in 0..<n { travel[a * n + a] = 0 }

        // Bus runs
        let mode = inst.transport.effectiveMode
        let busRunIndex = intern(inst.transport.busRuns.map(\.id), path: "transport.busRuns", kind: "bus run", into: &d)
        if mode == .busRuns && inst.transport.busRuns.isEmpty {
            d.error("transport.mode", "mode is busRuns but no bus runs are listed", fix: "list transport.busRuns or set mode to travelTimes")
        }
        var busRuns: [BusRunData] = []
        for (i, run) in inst.transport.busRuns.enumerated() {
            let path = "transport.busRuns[\(i)]"
            var dayMask = [Bool](repeating: false, count: dayCount)
            for (k, day) in run.days.enumerated() {
                if let di = dayIndex[day] { dayMask[di] = true } else {
                    d.error("\(path).days[\(k)]", "unknown day \"\(day)\"", fix: "use one of calendar.days")
                }
            }
            if run.seats < 1 { d.error(path + ".seats", "\(run.seats) seats", fix: "give the number of seats, at least 1") }
            if run.stops.count < 2 { d.error(path + ".stops", "a run needs at least two stops", fix: "list the sites it passes with times") }
            var stops: [(site: Int, time: Int)] = []
            for (k, stop) in run.stops.enumerated() {
                let sp = "\(path).stops[\(k)]"
                let s = ref(stop.site, siteIndex, path: sp + ".site", kind: "site", into: &d, &unknown) ?? 0
                let t = time(stop.time, path: sp + ".time", into: &d) ?? 0
                if let last = stops.last {
                    let road = n > 0 ? travel[last.site * n + s] : -1
                    if road >= 0, ClockTime.minutes(stop.time) != nil, t >= last.time, t - last.time < road {
                        d.warning(sp + ".time", "the bus takes \(t - last.time) min from the previous stop, less than the \(road) min by road")
                    }
                    if t < last.time { d.error(sp + ".time", "the bus leaves \(stop.site) at \(stop.time), before it left the previous stop", fix: "list stops in the order the bus passes them") }
                    if s == last.site { d.warning(sp + ".site", "two consecutive stops at the same site") }
                }
                stops.append((s, t))
            }
            busRuns.append(BusRunData(days: dayMask, seats: max(run.seats, 0), stops: stops))
        }

        // Rooms
        let roomIndex = intern(inst.rooms.map(\.id), path: "rooms", kind: "room", into: &d)
        var rooms: [RoomData] = []
        for (i, r) in inst.rooms.enumerated() {
            let path = "rooms[\(i)]"
            let site = ref(r.site, siteIndex, path: path + ".site", kind: "site", into: &d, &unknown) ?? 0
            if r.capacity < 0 { d.error(path + ".capacity", "negative capacity \(r.capacity)", fix: "give the number of seats") }
            if r.computerSeats < 0 { d.error(path + ".computerSeats", "negative computer seats \(r.computerSeats)", fix: "give 0 or more") }
            if r.computerSeats > r.capacity && r.capacity >= 0 {
                d.warning(path + ".computerSeats", "\(r.computerSeats) computer seats in a room for \(r.capacity)")
            }
            rooms.append(RoomData(site: site, capacity: max(r.capacity, 0), features: Set(r.features),
                                  computerSeats: max(r.computerSeats, 0), busy: busySlots(r.busy, path: path + ".busy")))
        }

        // Classes
        let classIndex = intern(inst.classes.map(\.id), path: "classes", kind: "class", into: &d)
        var classBusy: [[Bool]] = []
        var classSite: [Int] = []
        for (i, c) in inst.classes.enumerated() {
            let path = "classes[\(i)]"
            classSite.append(ref(c.site, siteIndex, path: path + ".site", kind: "site", into: &d, &unknown) ?? -1)
            if let g = c.grade, !(1...12).contains(g) { d.error(path + ".grade", "grade \(g) out of range", fix: "use grades 1...12") }
            classBusy.append(busySlots(c.busy, path: path + ".busy"))
        }

        // Teachers (courses resolved after courses are interned)
        let teacherIndex = intern(inst.teachers.map(\.id), path: "teachers", kind: "teacher", into: &d)
        let courseIndex = intern(inst.courses.map(\.id), path: "courses", kind: "course", into: &d)
        var teachers: [TeacherData] = []
        var qualified = [Set<Int>](repeating: [], count: inst.courses.count)
        for (i, t) in inst.teachers.enumerated() {
            let path = "teachers[\(i)]"
            let home = ref(t.homeSite, siteIndex, path: path + ".homeSite", kind: "site", into: &d, &unknown) ?? 0
            if t.maxWeeklyPeriods < 0 {
                d.error(path + ".maxWeeklyPeriods", "negative weekly maximum \(t.maxWeeklyPeriods)", fix: "give periods a week, 0 or more")
            }
            for (k, c) in t.courses.enumerated() {
                if let ci = ref(c, courseIndex, path: "\(path).courses[\(k)]", kind: "course", into: &d, &unknown) { qualified[ci].insert(i) }
            }
            for (ci, course) in inst.courses.enumerated() where t.subjects.contains(course.subject) { qualified[ci].insert(i) }
            var maySite = [Bool](repeating: t.mayTravel && t.travelSites == nil, count: n)
            for (k, s) in (t.travelSites ?? []).enumerated() {
                if let si = ref(s, siteIndex, path: "\(path).travelSites[\(k)]", kind: "site", into: &d, &unknown) { maySite[si] = t.mayTravel }
            }
            if t.travelSites != nil && !t.mayTravel {
                d.warning(path + ".travelSites", "travel sites are listed but mayTravel is false; they are not used")
            }
            if home < n { maySite[home] = true }
            let lr = t.latestReturn.flatMap { time($0, path: path + ".latestReturn", into: &d) }
            if let m = t.maxOneWayMinutes, m < 0 { d.error(path + ".maxOneWayMinutes", "negative minutes \(m)", fix: "give 0 or more, or leave it out") }
            teachers.append(TeacherData(home: home, maxWeeklyPeriods: max(t.maxWeeklyPeriods, 0), busy: busySlots(t.busy, path: path + ".busy"),
                                        mayTravel: t.mayTravel, maySite: maySite, mayTeachOnline: t.mayTeachOnline,
                                        latestReturn: lr, maxOneWayMinutes: t.maxOneWayMinutes))
        }

        // Courses
        var courses: [CourseData] = []
        for (i, c) in inst.courses.enumerated() {
            let path = "courses[\(i)]"
            if c.pattern.isEmpty { d.error(path + ".pattern", "no meetings", fix: "give meeting lengths in periods, e.g. [1, 1] or [2]") }
            for (k, len) in c.pattern.enumerated() where len < 1 || len > periodCount {
                d.error("\(path).pattern[\(k)]", "a meeting of \(len) periods", fix: "use lengths from 1 to \(periodCount)")
            }
            if c.distinctDays && c.pattern.count > dayCount && dayCount > 0 {
                d.error(path + ".pattern", "\(c.pattern.count) meetings on different days in a \(dayCount)-day week",
                        fix: "merge meetings into double periods or set distinctDays to false")
            }
            if c.minSize < 0 { d.error(path + ".minSize", "negative minimum size \(c.minSize)", fix: "give 1 or more") }
            if c.maxSize < 1 { d.error(path + ".maxSize", "maximum size \(c.maxSize)", fix: "give 1 or more") }
            if c.minSize > c.maxSize {
                d.error(path + ".minSize", "minimum size \(c.minSize) is above maximum size \(c.maxSize)", fix: "lower minSize or raise maxSize")
            }
            for (k, g) in c.grades.enumerated() where !(1...12).contains(g) {
                d.error("\(path).grades[\(k)]", "grade \(g) out of range", fix: "use grades 1...12")
            }
            var sites: [Int] = []
            for (k, s) in c.inPersonSites.enumerated() {
                if let si = ref(s, siteIndex, path: "\(path).inPersonSites[\(k)]", kind: "site", into: &d, &unknown) { sites.append(si) }
            }
            if c.inPersonSites.isEmpty && !c.online {
                d.error(path, "course \"\(c.id)\" can be delivered neither in person nor online",
                        fix: "list inPersonSites or set online to true")
            }
            for (k, t) in c.teachers.enumerated() {
                if let ti = ref(t, teacherIndex, path: "\(path).teachers[\(k)]", kind: "teacher", into: &d, &unknown) { qualified[i].insert(ti) }
            }
            if let m = c.maxSections, m < 1 { d.error(path + ".maxSections", "\(m) sections", fix: "give 1 or more, or leave it out") }
            let eligible = qualified[i].sorted()
            if eligible.isEmpty {
                d.error(path, "no teacher may teach course \"\(c.id)\"",
                        fix: "list teachers in courses[\(i)].teachers, or add the course or its subject \"\(c.subject)\" to a teacher")
            } else if !eligible.contains(where: { inst.teachers[$0].maxWeeklyPeriods >= c.weeklyPeriods }) {
                d.warning(path, "no eligible teacher has \(c.weeklyPeriods) weekly periods to spare for course \"\(c.id)\"")
            }
            if !c.inPersonSites.isEmpty {
                let ok = rooms.indices.contains { r in sites.contains(rooms[r].site) && Set(c.roomFeatures).isSubset(of: rooms[r].features) }
                if !ok && !rooms.isEmpty {
                    d.warning(path + ".roomFeatures", "no room at the in-person sites has features \(c.roomFeatures.sorted())")
                }
            }
            if c.online && !rooms.contains(where: { $0.isOnlineStudio }) {
                d.warning(path + ".online", "online delivery allowed but no room has the \"\(onlineStudioFeature)\" feature")
            }
            var meetingOnline = [Bool](repeating: false, count: c.pattern.count)
            for (k, m) in c.onlineMeetings.enumerated() {
                let mp = "\(path).onlineMeetings[\(k)]"
                if m < 0 || m >= c.pattern.count {
                    d.error(mp, "no meeting \(m) in pattern \(c.pattern)",
                            fix: c.pattern.isEmpty ? "give the pattern first" : "use 0-based indices into pattern, 0...\(c.pattern.count - 1)")
                } else if meetingOnline[m] {
                    d.error(mp, "meeting \(m) is listed twice", fix: "list each online meeting once")
                } else {
                    meetingOnline[m] = true
                }
            }
            if !c.onlineMeetings.isEmpty {
                if !c.pattern.isEmpty && meetingOnline.allSatisfy({ $0 }) {
                    d.error(path + ".onlineMeetings", "every meeting of course \"\(c.id)\" is online",
                            fix: "keep at least one meeting in person, or drop onlineMeetings and set online to true for an online course")
                }
                if c.inPersonSites.isEmpty {
                    d.error(path + ".onlineMeetings", "course \"\(c.id)\" has online meetings but no in-person sections",
                            fix: "list inPersonSites (the host sites of the in-person meetings), or drop onlineMeetings")
                }
                for (k, s) in c.inPersonSites.enumerated() where siteIndex[s] != nil
                    && !rooms.contains(where: { $0.site == siteIndex[s] && $0.isOnlineStudio }) {
                    d.warning("\(path).inPersonSites[\(k)]", "site \"\(s)\" has no \"\(onlineStudioFeature)\" room for the online meetings of course \"\(c.id)\"")
                }
            }
            courses.append(CourseData(pattern: c.pattern, distinctDays: c.distinctDays, minSize: max(c.minSize, 0),
                                      maxSize: max(c.maxSize, 0), grades: Set(c.grades), inPersonSites: sites, online: c.online,
                                      roomFeatures: Set(c.roomFeatures), teachers: eligible, maxSections: c.maxSections,
                                      meetingOnline: meetingOnline))
        }
        for (i, t) in inst.teachers.enumerated() where !qualified.contains(where: { $0.contains(i) }) {
            d.warning("teachers[\(i)]", "teacher \"\(t.id)\" may teach none of the courses")
        }

        // Defaults and hygiene
        let defaultReturn = inst.defaults.latestReturn.flatMap { time($0, path: "defaults.latestReturn", into: &d) }
        if inst.defaults.maxOneWayMinutes < 0 {
            d.error("defaults.maxOneWayMinutes", "negative minutes", fix: "give 0 or more (default 30)")
        }
        let h = inst.hygiene
        if let v = h.maxLessonsPerDayForAllGrades, v < 1 {
            d.error("hygiene.maxLessonsPerDay", "limit \(v)", fix: "give 1 or more, or leave it out for the SanPiN limit of each grade (7 for grades 7-11)")
        }
        if let w = h.maxLessonsPerWeek, w < 1 {
            d.error("hygiene.maxLessonsPerWeek", "limit \(w)", fix: "give 1 or more, or leave it out for the SanPiN limit of each grade (34 or 37 for grades 10-11)")
        }
        var rowOfGrade: [Int: Int] = [:]
        for (i, row) in h.grades.enumerated() {
            let path = "hygiene.grades[\(i)]"
            if row.grades.isEmpty { d.error(path + ".grades", "a row for no grade", fix: "list the grades the row is for, e.g. [5]") }
            for (k, g) in row.grades.enumerated() {
                if !(1...11).contains(g) {
                    d.error("\(path).grades[\(k)]", "grade \(g) out of range", fix: "use grades 1...11 (grade 12 follows grade 11's row)")
                } else if let first = rowOfGrade[g] {
                    d.error("\(path).grades[\(k)]",
                            first == i ? "grade \(g) is listed twice in the row" : "grade \(g) already has a row, hygiene.grades[\(first)]",
                            fix: first == i ? "list it once" : "give each grade one row: merge the two rows or drop grade \(g) from one")
                } else {
                    rowOfGrade[g] = i
                }
            }
            let standard = row.grades.first.map { Hygiene.standard(grade: $0, days: dayCount) }
            if let v = row.maxLessonsPerDay, v < 1 {
                d.error(path + ".maxLessonsPerDay", "limit \(v)",
                        fix: "give 1 or more" + (standard.map { " (SanPiN for grade \(row.grades[0]): \($0.perDay))" } ?? "") + ", or leave it out")
            }
            if let v = row.maxLessonsPerWeek, v < 1 {
                d.error(path + ".maxLessonsPerWeek", "limit \(v)",
                        fix: "give 1 or more" + (standard.map { " (SanPiN for grade \(row.grades[0]): \($0.perWeek))" } ?? "") + ", or leave it out")
            }
        }
        if h.maxOnlineLessonsPerDay < 0 { d.error("hygiene.maxOnlineLessonsPerDay", "limit \(h.maxOnlineLessonsPerDay)", fix: "give 0 or more") }
        let w = inst.weights
        let weightFields: [(String, Double)] = [
            ("unmetElective", w.unmetElective), ("alternativeRank", w.alternativeRank), ("studentTravelMinute", w.studentTravelMinute),
            ("siteChange", w.siteChange), ("teacherTravelMinute", w.teacherTravelMinute), ("studentGap", w.studentGap),
            ("teacherGap", w.teacherGap), ("section", w.section), ("teacherPeriod", w.teacherPeriod), ("vehicleTrip", w.vehicleTrip),
            ("online", w.online), ("sizeImbalance", w.sizeImbalance), ("consecutiveDays", w.consecutiveDays),
            ("movedEnrolment", w.movedEnrolment), ("changedEnrolment", w.changedEnrolment),
            ("changedTeacherPeriod", w.changedTeacherPeriod), ("changedRoute", w.changedRoute),
        ]
        for (name, v) in weightFields where !(v.isFinite && v >= 0) {
            d.error("weights." + name, "weight \(v)", fix: "weights are costs: give a number 0 or more")
        }

        // Students
        let studentIndex = intern(inst.students.map(\.id), path: "students", kind: "student", into: &d)
        var students: [StudentData] = []
        for (i, s) in inst.students.enumerated() {
            let path = "students[\(i)]"
            let home = ref(s.homeSite, siteIndex, path: path + ".homeSite", kind: "site", into: &d, &unknown) ?? 0
            if !(1...12).contains(s.grade) { d.error(path + ".grade", "grade \(s.grade) out of range", fix: "use grades 1...12") }
            var busy = busySlots(s.busy, path: path + ".busy")
            if let cls = s.schoolClass, let ci = ref(cls, classIndex, path: path + ".class", kind: "class", into: &d, &unknown) {
                for k in 0..<slotCount where classBusy[ci][k] { busy[k] = true }
                if classSite[ci] >= 0 && classSite[ci] != home {
                    d.warning(path + ".class", "class \"\(cls)\" is at another site than the student's home site \"\(s.homeSite)\"")
                }
                if let g = inst.classes[ci].grade, g != s.grade {
                    d.warning(path + ".grade", "grade \(s.grade) differs from class \"\(cls)\" grade \(g)")
                }
            }
            let mayOnline = s.online ?? inst.defaults.studentOnline
            let lr = s.latestReturn.flatMap { time($0, path: path + ".latestReturn", into: &d) } ?? defaultReturn
            if let m = s.maxOneWayMinutes, m < 0 { d.error(path + ".maxOneWayMinutes", "negative minutes \(m)", fix: "give 0 or more, or leave it out") }
            var requests: [RequestData] = []
            var seenCourses: [Int: Int] = [:]
            var seenRequestIds: [String: Int] = [:]
            for (r, req) in s.requests.enumerated() {
                let rp = "\(path).requests[\(r)]"
                if let id = req.id {
                    // Request ids are how people, `explain` and re-planning name a request: one per student.
                    if let first = seenRequestIds[id] {
                        d.error(rp + ".id", "student \"\(s.id)\" has two requests with id \"\(id)\": \(path).requests[\(first)] and \(rp)",
                                fix: "if it is a double entry, delete one of the two requests; otherwise give each its own id")
                    } else {
                        seenRequestIds[id] = r
                    }
                }
                if req.alternatives.isEmpty { d.error(rp + ".alternatives", "no alternatives", fix: "list at least one course") }
                if !(req.weight.isFinite && req.weight >= 0) { d.error(rp + ".weight", "weight \(req.weight)", fix: "give a number 0 or more") }
                var alts: [AlternativeData] = []
                for (k, a) in req.alternatives.enumerated() {
                    let ap = "\(rp).alternatives[\(k)]"
                    guard let ci = ref(a.course, courseIndex, path: ap + ".course", kind: "course", into: &d, &unknown) else { continue }
                    let c = inst.courses[ci]
                    var site: Int? = nil
                    if let sid = a.site {
                        site = ref(sid, siteIndex, path: ap + ".site", kind: "site", into: &d, &unknown)
                        if a.mode == .online {
                            d.error(ap + ".site", "a site is given for online attendance", fix: "drop the site or set mode to inPerson")
                        } else if !c.inPersonSites.contains(sid) && site != nil {
                            d.error(ap + ".site", "course \"\(c.id)\" is not taught in person at \"\(sid)\"",
                                    fix: "use one of courses[\(ci)].inPersonSites: \(c.inPersonSites.joined(separator: ", "))")
                        }
                    }
                    if let m = a.mode, !courses[ci].allows(m) {
                        d.error(ap + ".mode", "course \"\(c.id)\" is not delivered \(m.rawValue)", fix: "choose a mode the course allows")
                    }
                    if a.mode == .online && !mayOnline {
                        d.warning(ap + ".mode", "student \"\(s.id)\" may not attend online, so this alternative cannot be granted")
                    }
                    if a.mode != .online && !mayOnline && courses[ci].isBlended {
                        d.warning(ap + ".course", "course \"\(c.id)\" holds some in-person meetings online (onlineMeetings) and student "
                                  + "\"\(s.id)\" may not attend online, so this alternative cannot be granted in person")
                    }
                    if !c.grades.isEmpty && !c.grades.contains(s.grade) {
                        d.warning(ap + ".course", "course \"\(c.id)\" is for grades \(c.grades.map(String.init).joined(separator: ", ")), not \(s.grade)")
                    }
                    if let prev = seenCourses[ci], prev != r {
                        d.warning(ap + ".course", "course \"\(c.id)\" also appears in requests[\(prev)]")
                    }
                    seenCourses[ci] = r
                    alts.append(AlternativeData(course: ci, mode: a.mode, site: site))
                }
                requests.append(RequestData(alternatives: alts, weight: req.weight, required: req.required))
            }
            students.append(StudentData(grade: s.grade, home: home, busy: busy, mayAttendOnline: mayOnline,
                                        onlineFromHome: s.onlineFromHome, latestReturn: lr,
                                        maxOneWayMinutes: s.maxOneWayMinutes ?? max(inst.defaults.maxOneWayMinutes, 0), requests: requests,
                                        maxLessonsPerDay: h.dailyLimit(grade: s.grade),
                                        maxLessonsPerWeek: h.weeklyLimit(grade: s.grade, days: dayCount)))
        }

        // A limit for every grade above SanPiN for a younger grade present: probably an instance
        // written when the limits were one pair for everyone (grades 10-11).
        let presentGrades = Set(inst.students.map(\.grade)).filter { (1...11).contains($0) }.sorted()
        let limitsForAll: [(field: String, value: Int?, rowValue: (Hygiene.GradeLimits) -> Int?, standard: (Int) -> Int)] = [
            ("maxLessonsPerDay", h.maxLessonsPerDayForAllGrades, \.maxLessonsPerDay, { Hygiene.standard(grade: $0, days: dayCount).perDay }),
            ("maxLessonsPerWeek", h.maxLessonsPerWeek, \.maxLessonsPerWeek, { Hygiene.standard(grade: $0, days: dayCount).perWeek }),
        ]
        for limit in limitsForAll {
            guard let value = limit.value else { continue }
            let above = presentGrades.filter { g in h.row(grade: g).flatMap(limit.rowValue) == nil && value > limit.standard(g) }
            guard !above.isEmpty else { continue }
            let list = above.map { "grade \($0) (\(limit.standard($0)))" }.joined(separator: ", ")
            d.warning("hygiene." + limit.field, "\(value) applies to every grade, above the SanPiN limit for the students of \(list)",
                      fix: "leave it out to use the SanPiN limit of each grade, or give those grades a row in hygiene.grades")
        }

        let locks = buildLocks(inst.locks, instance: inst, dayIndex: dayIndex, periodCount: periodCount, roomIndex: roomIndex,
                               courseIndex: courseIndex, teacherIndex: teacherIndex, studentIndex: studentIndex,
                               busRunIndex: busRunIndex, into: &d)
        checkCoverage(inst, into: &d)
        if d.hasErrors { return nil }
        var problem = Problem(
            instance: inst, warnings: d.warnings, dayCount: dayCount, periodCount: periodCount, periodStart: periodStart,
            periodEnd: periodEnd, dayIndex: dayIndex, siteIndex: siteIndex, roomIndex: roomIndex, teacherIndex: teacherIndex,
            courseIndex: courseIndex, studentIndex: studentIndex, busRunIndex: busRunIndex, transportMode: mode,
            travelMatrix: travel, rooms: rooms, teachers: teachers, courses: courses, students: students, busRuns: busRuns)
        problem.locks = locks
        problem.groups = buildGroups(inst, courseIndex: courseIndex, siteIndex: siteIndex)
        return problem
    }

    /// Interns ids in order, reporting empty and duplicate ids; the first of duplicates wins the index.
    private static func intern(_ ids: [String], path: String, kind: String, into d: inout DiagnosticList) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            if id.isEmpty {
                d.error("\(path)[\(i)].id", "empty \(kind) id", fix: "give every \(kind) a unique non-empty id")
            } else if let first = index[id] {
                d.error("\(path)[\(i)].id", "duplicate \(kind) id \"\(id)\" (also \(path)[\(first)])", fix: "make \(kind) ids unique")
            } else {
                index[id] = i
            }
        }
        return index
    }

    private static func ref(_ id: String, _ index: [String: Int], path: String, kind: String, into d: inout DiagnosticList,
                            _ unknown: inout UnknownReferences) -> Int? {
        if let i = index[id] { return i }
        d.error(path, "unknown \(kind) \"\(id)\"", fix: unknown.hint(for: id, kind: kind, index: index))
        return nil
    }

    private static func time(_ text: String, path: String, into d: inout DiagnosticList) -> Int? {
        if let m = ClockTime.minutes(text) { return m }
        d.error(path, "\"\(text)\" is not a clock time", fix: "write HH:MM, e.g. 08:30")
        return nil
    }
}
