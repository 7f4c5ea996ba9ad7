/// A school network's data for one term: the input of every engine.
///
/// The instance is plain data (`Codable`, `Sendable`, no solver state). Its JSON form is
/// documented field by field in `docs/FORMAT.md` and described by `docs/instance.schema.json`.
/// Before an engine sees it, ``InstanceLoader`` checks it and ``Problem`` interns its string
/// ids into dense integer indices.
///
/// ```swift
/// let (instance, report) = InstanceLoader.load(data: try Data(contentsOf: url))
/// let problem = try Problem(instance!)
/// let result = GreedyEngine().run(problem, parameters: .init())
/// ```
public struct Instance: Codable, Sendable, Equatable {
    /// Version of the instance format; this library reads version 1.
    public var formatVersion: Int
    public var name: String
    public var description: String?
    public var calendar: WeekCalendar
    public var sites: [Site]
    public var transport: Transport
    public var rooms: [Room]
    /// Regular classes of the network's schools (their timetables make students busy).
    public var classes: [SchoolClass]
    public var teachers: [Teacher]
    public var courses: [Course]
    public var students: [Student]
    public var hygiene: Hygiene
    public var defaults: Defaults
    public var weights: Weights
    /// Parts of a timetable every engine must keep (see ``Locks``); nil: none.
    public var locks: Locks?
    /// Classes (or named students) that attend a course together, in one section (see ``Group``).
    public var groups: [Group]
    /// The network's target share of senior students following an individual curriculum, 0–1
    /// (one network's target: 0.3); nil: none. ``Coverage`` measures a timetable against it, with
    /// the headcounts of ``Site/seniorStudents`` and ``SchoolClass/students``.
    public var coverageTarget: Double?

    public init(
        formatVersion: Int = 1, name: String, description: String? = nil, calendar: WeekCalendar,
        sites: [Site], transport: Transport, rooms: [Room], classes: [SchoolClass] = [],
        teachers: [Teacher], courses: [Course], students: [Student], hygiene: Hygiene = .init(),
        defaults: Defaults = .init(), weights: Weights = .init(), locks: Locks? = nil, coverageTarget: Double? = nil,
        groups: [Group] = []
    ) {
        self.formatVersion = formatVersion
        self.name = name
        self.description = description
        self.calendar = calendar
        self.sites = sites
        self.transport = transport
        self.rooms = rooms
        self.classes = classes
        self.teachers = teachers
        self.courses = courses
        self.students = students
        self.hygiene = hygiene
        self.defaults = defaults
        self.weights = weights
        self.locks = locks
        self.coverageTarget = coverageTarget
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion, name, description, calendar, sites, transport, rooms, classes
        case teachers, courses, students, hygiene, defaults, weights, locks
        case coverageTarget, groups
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        calendar = try c.decode(WeekCalendar.self, forKey: .calendar)
        sites = try c.decode([Site].self, forKey: .sites)
        transport = try c.decode(Transport.self, forKey: .transport)
        rooms = try c.decodeIfPresent([Room].self, forKey: .rooms) ?? []
        classes = try c.decodeIfPresent([SchoolClass].self, forKey: .classes) ?? []
        teachers = try c.decode([Teacher].self, forKey: .teachers)
        courses = try c.decode([Course].self, forKey: .courses)
        students = try c.decode([Student].self, forKey: .students)
        hygiene = try c.decodeIfPresent(Hygiene.self, forKey: .hygiene) ?? .init()
        defaults = try c.decodeIfPresent(Defaults.self, forKey: .defaults) ?? .init()
        weights = try c.decodeIfPresent(Weights.self, forKey: .weights) ?? .init()
        locks = try c.decodeIfPresent(Locks.self, forKey: .locks)
        coverageTarget = try c.decodeIfPresent(Double.self, forKey: .coverageTarget)
        groups = try c.decodeIfPresent([Group].self, forKey: .groups) ?? []
    }

    /// Instances without groups are written as before (no `groups` key).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(calendar, forKey: .calendar)
        try c.encode(sites, forKey: .sites)
        try c.encode(transport, forKey: .transport)
        try c.encode(rooms, forKey: .rooms)
        try c.encode(classes, forKey: .classes)
        try c.encode(teachers, forKey: .teachers)
        try c.encode(courses, forKey: .courses)
        try c.encode(students, forKey: .students)
        try c.encode(hygiene, forKey: .hygiene)
        try c.encode(defaults, forKey: .defaults)
        try c.encode(weights, forKey: .weights)
        try c.encodeIfPresent(locks, forKey: .locks)
        try c.encodeIfPresent(coverageTarget, forKey: .coverageTarget)
        if !groups.isEmpty { try c.encode(groups, forKey: .groups) }
    }
}

/// A class (or a named list of students) that attends a course together: a city lyceum's class
/// at a technopark, taught by its staff, twice a week (issue #16). Every member is in the same
/// section of `course`, in person at `site`; ``Instance/withGroupRequests()`` gives each member a
/// required request (id: the group's id) for it, and the checker's rule `group-together` holds them
/// in one section. The group's `latestReturn` and `maxOneWayMinutes`, when given, bind every member
/// (the stricter of the member's own and the group's).
public struct Group: Codable, Sendable, Equatable {
    public var id: String
    /// The class whose students (those of the instance with this `class`) are the members.
    public var schoolClass: String?
    /// The members by id, when the group is not a whole class.
    public var students: [String]?
    public var course: String
    /// The host site where the group attends (one of the course's `inPersonSites`).
    public var site: String
    public var latestReturn: String?
    public var maxOneWayMinutes: Int?

    public init(id: String, schoolClass: String? = nil, students: [String]? = nil, course: String, site: String,
                latestReturn: String? = nil, maxOneWayMinutes: Int? = nil) {
        self.id = id
        self.schoolClass = schoolClass
        self.students = students
        self.course = course
        self.site = site
        self.latestReturn = latestReturn
        self.maxOneWayMinutes = maxOneWayMinutes
    }

    enum CodingKeys: String, CodingKey {
        case id, schoolClass = "class", students, course, site, latestReturn, maxOneWayMinutes
    }

    /// Indices of the group's members among `students`, in the instance's order.
    public func members(in students: [Student]) -> [Int] {
        if let schoolClass { return students.indices.filter { students[$0].schoolClass == schoolClass } }
        let ids = Set(self.students ?? [])
        return students.indices.filter { ids.contains(students[$0].id) }
    }
}

extension Instance {
    /// The instance with each group's request added to its members (a required request whose id
    /// is the group's, in person at the group's site; after the member's own requests, unless the
    /// member already has a request with that id) and the group's return time and longest trip
    /// applied to them. Idempotent; ``Problem`` builds on this form, so solutions refer to these
    /// requests by their index.
    public func withGroupRequests() -> Instance {
        guard !groups.isEmpty else { return self }
        var out = self
        for g in groups {
            for k in g.members(in: out.students) {
                var s = out.students[k]
                if !s.requests.contains(where: { $0.id == g.id }) {
                    s.requests.append(Request(id: g.id, alternatives: [Alternative(course: g.course, mode: .inPerson, site: g.site)],
                                              weight: 1, required: true))
                }
                if let t = g.latestReturn, let gm = ClockTime.minutes(t) {
                    let own = (s.latestReturn ?? defaults.latestReturn).flatMap(ClockTime.minutes)
                    if own.map({ gm < $0 }) ?? true { s.latestReturn = t }
                }
                if let m = g.maxOneWayMinutes, m < (s.maxOneWayMinutes ?? defaults.maxOneWayMinutes) { s.maxOneWayMinutes = m }
                out.students[k] = s
            }
        }
        return out
    }
}

/// Busy periods, keyed by day id, each a list of 1-based period numbers: `{"mon": [1, 2, 3]}`.
public typealias BusyPeriods = [String: [Int]]

/// The repeating school week (the instance's `calendar`): its days and the clock times of its
/// periods. Named so that it does not clash with Foundation's `Calendar`.
public struct WeekCalendar: Codable, Sendable, Equatable {
    /// Day ids in order, e.g. `["mon", "tue", "wed", "thu", "fri"]` (5 or 6 days).
    public var days: [String]
    /// Periods of every day, in order; referred to elsewhere by 1-based number.
    public var periods: [Period]

    public init(days: [String], periods: [Period]) {
        self.days = days
        self.periods = periods
    }

    public struct Period: Codable, Sendable, Equatable {
        /// Clock times `HH:MM`.
        public var start: String
        public var end: String
        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }
}

/// A school, branch or partner organisation.
public struct Site: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    /// Free text: `main`, `branch`, `small-school`, `partner`, `college`, `technopark`, `centre`.
    public var kind: String?
    public var locality: String?
    /// Senior students of the school: all of them, not only those in the instance. The headcount
    /// ``Coverage`` measures the share of individual curricula against; nil: not given (then the
    /// headcounts of the site's ``SchoolClass/students``, else the site's students of the instance).
    public var seniorStudents: Int?

    public init(id: String, name: String? = nil, kind: String? = nil, locality: String? = nil, seniorStudents: Int? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.locality = locality
        self.seniorStudents = seniorStudents
    }
}

/// How people move between sites.
public struct Transport: Codable, Sendable, Equatable {
    /// How students travel: by travel times (the centre arranges vehicles) or scheduled bus runs.
    public enum Mode: String, Codable, Sendable {
        case travelTimes
        case busRuns
    }

    /// `nil` means: `busRuns` when the instance lists bus runs, else `travelTimes`.
    public var mode: Mode?
    /// Square matrix in the order of `sites`, minutes by road; `null` means no road.
    public var travelMinutes: [[Int?]]
    public var busRuns: [BusRun]

    public init(mode: Mode? = nil, travelMinutes: [[Int?]], busRuns: [BusRun] = []) {
        self.mode = mode
        self.travelMinutes = travelMinutes
        self.busRuns = busRuns
    }

    public var effectiveMode: Mode { mode ?? (busRuns.isEmpty ? .travelTimes : .busRuns) }

    enum CodingKeys: String, CodingKey { case mode, travelMinutes, busRuns }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(Mode.self, forKey: .mode)
        travelMinutes = try c.decode([[Int?]].self, forKey: .travelMinutes)
        busRuns = try c.decodeIfPresent([BusRun].self, forKey: .busRuns) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(mode, forKey: .mode)
        // Keep `null` entries: a missing road is data, not an absent key.
        var rows = c.nestedUnkeyedContainer(forKey: .travelMinutes)
        for row in travelMinutes {
            var r = rows.nestedUnkeyedContainer()
            for v in row {
                if let v { try r.encode(v) } else { try r.encodeNil() }
            }
        }
        try c.encode(busRuns, forKey: .busRuns)
    }
}

/// A scheduled bus run: a route through sites with clock times, on some days, with seats.
public struct BusRun: Codable, Sendable, Equatable {
    public var id: String
    public var days: [String]
    public var seats: Int
    public var stops: [Stop]

    public init(id: String, days: [String], seats: Int, stops: [Stop]) {
        self.id = id
        self.days = days
        self.seats = seats
        self.stops = stops
    }

    public struct Stop: Codable, Sendable, Equatable {
        public var site: String
        /// Clock time `HH:MM` at which the bus leaves this stop.
        public var time: String
        public init(site: String, time: String) {
            self.site = site
            self.time = time
        }
    }
}

/// A room of a site.
public struct Room: Codable, Sendable, Equatable {
    public var id: String
    public var site: String
    public var name: String?
    public var capacity: Int
    public var features: [String]
    /// Computer seats from which students of this site can join online lessons.
    public var computerSeats: Int
    /// Periods used by the site's own regular timetable.
    public var busy: BusyPeriods

    public init(
        id: String, site: String, name: String? = nil, capacity: Int, features: [String] = [],
        computerSeats: Int = 0, busy: BusyPeriods = [:]
    ) {
        self.id = id
        self.site = site
        self.name = name
        self.capacity = capacity
        self.features = features
        self.computerSeats = computerSeats
        self.busy = busy
    }

    enum CodingKeys: String, CodingKey { case id, site, name, capacity, features, computerSeats, busy }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        site = try c.decode(String.self, forKey: .site)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        capacity = try c.decode(Int.self, forKey: .capacity)
        features = try c.decodeIfPresent([String].self, forKey: .features) ?? []
        computerSeats = try c.decodeIfPresent(Int.self, forKey: .computerSeats) ?? 0
        busy = try c.decodeIfPresent(BusyPeriods.self, forKey: .busy) ?? [:]
    }
}

/// A regular class of a school: students of the class share its timetable.
public struct SchoolClass: Codable, Sendable, Equatable {
    public var id: String
    public var site: String
    public var grade: Int?
    /// Periods taken by the class's regular lessons (at its site).
    public var busy: BusyPeriods
    /// Students of the class: all of them, not only those in the instance; nil: not given. A
    /// site without ``Site/seniorStudents`` takes the sum over its classes as its headcount.
    public var students: Int?

    public init(id: String, site: String, grade: Int? = nil, busy: BusyPeriods = [:], students: Int? = nil) {
        self.id = id
        self.site = site
        self.grade = grade
        self.busy = busy
        self.students = students
    }

    enum CodingKeys: String, CodingKey { case id, site, grade, busy, students }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        site = try c.decode(String.self, forKey: .site)
        grade = try c.decodeIfPresent(Int.self, forKey: .grade)
        busy = try c.decodeIfPresent(BusyPeriods.self, forKey: .busy) ?? [:]
        students = try c.decodeIfPresent(Int.self, forKey: .students)
    }
}

/// A network teacher.
public struct Teacher: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var homeSite: String
    /// Subjects the teacher may teach (matched against `Course.subject`).
    public var subjects: [String]
    /// Courses the teacher may teach, by id.
    public var courses: [String]
    /// Most network periods a week.
    public var maxWeeklyPeriods: Int
    /// Periods taken by the teacher's own school timetable (at the home site).
    public var busy: BusyPeriods
    public var mayTravel: Bool
    /// Sites the teacher may travel to; `nil` means any site reachable by road.
    public var travelSites: [String]?
    public var mayTeachOnline: Bool
    /// Clock time `HH:MM` by which the teacher must be back at the home site.
    public var latestReturn: String?
    /// Longest single trip in minutes; `nil` means no limit for teachers.
    public var maxOneWayMinutes: Int?

    public init(
        id: String, name: String? = nil, homeSite: String, subjects: [String] = [],
        courses: [String] = [], maxWeeklyPeriods: Int, busy: BusyPeriods = [:], mayTravel: Bool = true,
        travelSites: [String]? = nil, mayTeachOnline: Bool = true, latestReturn: String? = nil,
        maxOneWayMinutes: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.homeSite = homeSite
        self.subjects = subjects
        self.courses = courses
        self.maxWeeklyPeriods = maxWeeklyPeriods
        self.busy = busy
        self.mayTravel = mayTravel
        self.travelSites = travelSites
        self.mayTeachOnline = mayTeachOnline
        self.latestReturn = latestReturn
        self.maxOneWayMinutes = maxOneWayMinutes
    }

    enum CodingKeys: String, CodingKey {
        case id, name, homeSite, subjects, courses, maxWeeklyPeriods, busy, mayTravel, travelSites
        case mayTeachOnline, latestReturn, maxOneWayMinutes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        homeSite = try c.decode(String.self, forKey: .homeSite)
        subjects = try c.decodeIfPresent([String].self, forKey: .subjects) ?? []
        courses = try c.decodeIfPresent([String].self, forKey: .courses) ?? []
        maxWeeklyPeriods = try c.decode(Int.self, forKey: .maxWeeklyPeriods)
        busy = try c.decodeIfPresent(BusyPeriods.self, forKey: .busy) ?? [:]
        mayTravel = try c.decodeIfPresent(Bool.self, forKey: .mayTravel) ?? true
        travelSites = try c.decodeIfPresent([String].self, forKey: .travelSites)
        mayTeachOnline = try c.decodeIfPresent(Bool.self, forKey: .mayTeachOnline) ?? true
        latestReturn = try c.decodeIfPresent(String.self, forKey: .latestReturn)
        maxOneWayMinutes = try c.decodeIfPresent(Int.self, forKey: .maxOneWayMinutes)
    }
}

/// A course of the network's bank of educational resources.
public struct Course: Codable, Sendable, Equatable {
    public enum Level: String, Codable, Sendable {
        case basic, inDepth, elective
    }

    public var id: String
    public var name: String?
    public var subject: String
    public var level: Level
    /// Lengths of the weekly meetings in periods: `[1, 1, 1]` is three single periods, `[2]` one double.
    public var pattern: [Int]
    /// Meetings of one section fall on different days.
    public var distinctDays: Bool
    public var minSize: Int
    public var maxSize: Int
    /// Grades that may take the course; empty means any grade.
    public var grades: [Int]
    /// Sites where the course may be taught in person.
    public var inPersonSites: [String]
    /// Whether the course may be taught online.
    public var online: Bool
    /// Features every room of an in-person section must have.
    public var roomFeatures: [String]
    /// Teachers who may teach the course (in addition to teachers who list the course or its subject).
    public var teachers: [String]
    /// Most sections the network may open; `nil` means no limit.
    public var maxSections: Int?
    /// Blended courses (очно-заочная форма): 0-based indices into ``pattern`` of the meetings an
    /// in-person section holds online — the teacher teaches them from an online studio at the host
    /// site and the students join from their own site, as for an online section, so they travel
    /// only on the days of the other meetings. Empty (the default): every meeting in person.
    public var onlineMeetings: [Int]

    public init(
        id: String, name: String? = nil, subject: String, level: Level = .basic, pattern: [Int],
        distinctDays: Bool = true, minSize: Int = 1, maxSize: Int, grades: [Int] = [],
        inPersonSites: [String] = [], online: Bool = false, roomFeatures: [String] = [],
        teachers: [String] = [], maxSections: Int? = nil, onlineMeetings: [Int] = []
    ) {
        self.id = id
        self.name = name
        self.subject = subject
        self.level = level
        self.pattern = pattern
        self.distinctDays = distinctDays
        self.minSize = minSize
        self.maxSize = maxSize
        self.grades = grades
        self.inPersonSites = inPersonSites
        self.online = online
        self.roomFeatures = roomFeatures
        self.teachers = teachers
        self.maxSections = maxSections
        self.onlineMeetings = onlineMeetings
    }

    /// Periods a week: the sum of the pattern.
    public var weeklyPeriods: Int { pattern.reduce(0, +) }

    enum CodingKeys: String, CodingKey {
        case id, name, subject, level, pattern, distinctDays, minSize, maxSize, grades
        case inPersonSites, online, roomFeatures, teachers, maxSections, onlineMeetings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        subject = try c.decode(String.self, forKey: .subject)
        level = try c.decodeIfPresent(Level.self, forKey: .level) ?? .basic
        pattern = try c.decode([Int].self, forKey: .pattern)
        distinctDays = try c.decodeIfPresent(Bool.self, forKey: .distinctDays) ?? true
        minSize = try c.decodeIfPresent(Int.self, forKey: .minSize) ?? 1
        maxSize = try c.decode(Int.self, forKey: .maxSize)
        grades = try c.decodeIfPresent([Int].self, forKey: .grades) ?? []
        inPersonSites = try c.decodeIfPresent([String].self, forKey: .inPersonSites) ?? []
        online = try c.decodeIfPresent(Bool.self, forKey: .online) ?? false
        roomFeatures = try c.decodeIfPresent([String].self, forKey: .roomFeatures) ?? []
        teachers = try c.decodeIfPresent([String].self, forKey: .teachers) ?? []
        maxSections = try c.decodeIfPresent(Int.self, forKey: .maxSections)
        onlineMeetings = try c.decodeIfPresent([Int].self, forKey: .onlineMeetings) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(subject, forKey: .subject)
        try c.encode(level, forKey: .level)
        try c.encode(pattern, forKey: .pattern)
        try c.encode(distinctDays, forKey: .distinctDays)
        try c.encode(minSize, forKey: .minSize)
        try c.encode(maxSize, forKey: .maxSize)
        try c.encode(grades, forKey: .grades)
        try c.encode(inPersonSites, forKey: .inPersonSites)
        try c.encode(online, forKey: .online)
        try c.encode(roomFeatures, forKey: .roomFeatures)
        try c.encode(teachers, forKey: .teachers)
        try c.encodeIfPresent(maxSections, forKey: .maxSections)
        if !onlineMeetings.isEmpty { try c.encode(onlineMeetings, forKey: .onlineMeetings) }
    }
}

/// How a section is delivered.
public enum DeliveryMode: String, Codable, Sendable, CaseIterable {
    case inPerson
    case online
}

/// A senior student following an individual curriculum.
public struct Student: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var grade: Int
    public var homeSite: String
    /// The student's regular class, whose busy periods the student shares.
    public var schoolClass: String?
    /// Busy periods of the student's own, added to the class's.
    public var busy: BusyPeriods
    /// May attend online lessons; `nil` takes `defaults.studentOnline`.
    public var online: Bool?
    /// May join online lessons from home instead of a computer room.
    public var onlineFromHome: Bool
    /// Clock time `HH:MM` by which the student must be back at the home site; `nil` takes the default.
    public var latestReturn: String?
    /// Longest single trip in minutes; `nil` takes `defaults.maxOneWayMinutes`.
    public var maxOneWayMinutes: Int?
    public var requests: [Request]

    public init(
        id: String, name: String? = nil, grade: Int, homeSite: String, schoolClass: String? = nil,
        busy: BusyPeriods = [:], online: Bool? = nil, onlineFromHome: Bool = false,
        latestReturn: String? = nil, maxOneWayMinutes: Int? = nil, requests: [Request]
    ) {
        self.id = id
        self.name = name
        self.grade = grade
        self.homeSite = homeSite
        self.schoolClass = schoolClass
        self.busy = busy
        self.online = online
        self.onlineFromHome = onlineFromHome
        self.latestReturn = latestReturn
        self.maxOneWayMinutes = maxOneWayMinutes
        self.requests = requests
    }

    enum CodingKeys: String, CodingKey {
        case id, name, grade, homeSite, schoolClass = "class", busy, online, onlineFromHome
        case latestReturn, maxOneWayMinutes, requests
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        grade = try c.decode(Int.self, forKey: .grade)
        homeSite = try c.decode(String.self, forKey: .homeSite)
        schoolClass = try c.decodeIfPresent(String.self, forKey: .schoolClass)
        busy = try c.decodeIfPresent(BusyPeriods.self, forKey: .busy) ?? [:]
        online = try c.decodeIfPresent(Bool.self, forKey: .online)
        onlineFromHome = try c.decodeIfPresent(Bool.self, forKey: .onlineFromHome) ?? false
        latestReturn = try c.decodeIfPresent(String.self, forKey: .latestReturn)
        maxOneWayMinutes = try c.decodeIfPresent(Int.self, forKey: .maxOneWayMinutes)
        requests = try c.decodeIfPresent([Request].self, forKey: .requests) ?? []
    }
}

/// One line of a student's individual curriculum: acceptable alternatives, best first.
public struct Request: Codable, Sendable, Equatable {
    public var id: String?
    public var alternatives: [Alternative]
    /// Importance of the request; multiplies the elective and rank weights.
    public var weight: Double
    /// Part of the profile the student must follow: an unmet required request is a hard violation.
    public var required: Bool

    public init(id: String? = nil, alternatives: [Alternative], weight: Double = 1, required: Bool = false) {
        self.id = id
        self.alternatives = alternatives
        self.weight = weight
        self.required = required
    }

    enum CodingKeys: String, CodingKey { case id, alternatives, weight, required }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        alternatives = try c.decode([Alternative].self, forKey: .alternatives)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
    }
}

/// One acceptable way to satisfy a request: a course, optionally restricted to a mode and a site.
public struct Alternative: Codable, Sendable, Equatable {
    public var course: String
    /// `nil` accepts any mode the course allows.
    public var mode: DeliveryMode?
    /// For in-person attendance: the host site required; `nil` accepts any.
    public var site: String?

    public init(course: String, mode: DeliveryMode? = nil, site: String? = nil) {
        self.course = course
        self.mode = mode
        self.site = site
    }
}

/// Hygiene limits (SanPiN 1.2.3685-21, table 6.6), counting regular and network lessons together.
///
/// The limits depend on the student's grade. Each grade starts from the built-in SanPiN row
/// (``standard(grade:days:)``); a top-level ``maxLessonsPerDay`` or ``maxLessonsPerWeek`` given in
/// the instance replaces that limit for every grade (the format's meaning before per-grade limits);
/// a row of ``grades`` replaces it again for the grades it lists.
///
/// ```swift
/// var hygiene = Hygiene()                                  // SanPiN by grade
/// hygiene.grades = [.init(grades: [5], maxLessonsPerDay: 5)]
/// hygiene.dailyLimit(grade: 5)                             // 5
/// hygiene.weeklyLimit(grade: 5, days: 5)                   // 29
/// ```
public struct Hygiene: Codable, Sendable, Equatable {
    /// The daily limit given for every grade (top-level `maxLessonsPerDay`); `nil`: by grade.
    public var maxLessonsPerDayForAllGrades: Int?
    /// Lessons a week for every grade; `nil` means the SanPiN limit of each grade (34 for grades
    /// 10–11 in a 5-day week, 37 in a 6-day week).
    public var maxLessonsPerWeek: Int?
    /// Online lessons (periods) a student may have in one day.
    public var maxOnlineLessonsPerDay: Int
    /// Per-grade rows overriding the limits of the grades they list (each grade in one row at most).
    public var grades: [GradeLimits]

    /// Lessons (periods) a student may have in one day, for every grade. Reading it gives the
    /// value set for all grades, or 7 (the SanPiN limit of grades 7–11) when none is set; use
    /// ``dailyLimit(grade:)`` for the limit of a grade. Setting it applies it to every grade.
    public var maxLessonsPerDay: Int {
        get { maxLessonsPerDayForAllGrades ?? 7 }
        set { maxLessonsPerDayForAllGrades = newValue }
    }

    /// - Parameters:
    ///   - maxLessonsPerDay: daily limit of every grade; `nil`: SanPiN by grade.
    ///   - maxLessonsPerWeek: weekly limit of every grade; `nil`: SanPiN by grade and week length.
    ///   - grades: per-grade rows overriding both.
    public init(maxLessonsPerDay: Int? = nil, maxLessonsPerWeek: Int? = nil, maxOnlineLessonsPerDay: Int = 3,
                grades: [GradeLimits] = []) {
        self.maxLessonsPerDayForAllGrades = maxLessonsPerDay
        self.maxLessonsPerWeek = maxLessonsPerWeek
        self.maxOnlineLessonsPerDay = maxOnlineLessonsPerDay
        self.grades = grades
    }

    /// Limits of the grades a row lists; a limit left `nil` keeps the one the grade has without the row.
    public struct GradeLimits: Codable, Sendable, Equatable {
        /// Grades 1–11 the row is for.
        public var grades: [Int]
        public var maxLessonsPerDay: Int?
        public var maxLessonsPerWeek: Int?

        public init(grades: [Int], maxLessonsPerDay: Int? = nil, maxLessonsPerWeek: Int? = nil) {
            self.grades = grades
            self.maxLessonsPerDay = maxLessonsPerDay
            self.maxLessonsPerWeek = maxLessonsPerWeek
        }
    }

    enum CodingKeys: String, CodingKey { case maxLessonsPerDay, maxLessonsPerWeek, maxOnlineLessonsPerDay, grades }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxLessonsPerDayForAllGrades = try c.decodeIfPresent(Int.self, forKey: .maxLessonsPerDay)
        maxLessonsPerWeek = try c.decodeIfPresent(Int.self, forKey: .maxLessonsPerWeek)
        maxOnlineLessonsPerDay = try c.decodeIfPresent(Int.self, forKey: .maxOnlineLessonsPerDay) ?? 3
        grades = try c.decodeIfPresent([GradeLimits].self, forKey: .grades) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(maxLessonsPerDayForAllGrades, forKey: .maxLessonsPerDay)
        try c.encodeIfPresent(maxLessonsPerWeek, forKey: .maxLessonsPerWeek)
        try c.encode(maxOnlineLessonsPerDay, forKey: .maxOnlineLessonsPerDay)
        if !grades.isEmpty { try c.encode(grades, forKey: .grades) }
    }

    /// SanPiN 1.2.3685-21 table 6.6: lessons a day and a week (5-day and 6-day week) by grade.
    /// Grade 1 studies a 5-day week only; in a 6-day week it keeps its 5-day limit.
    static let sanPiN: [(grades: ClosedRange<Int>, day: Int, week5: Int, week6: Int)] = [
        (1...1, 4, 21, 21), (2...4, 5, 23, 26), (5...5, 6, 29, 32), (6...6, 6, 30, 33),
        (7...7, 7, 32, 35), (8...9, 7, 33, 36), (10...11, 7, 34, 37),
    ]

    /// The SanPiN limits of `grade` in a week of `days` days (6 or more: the 6-day week), before
    /// any override. Grades above 11 follow grade 11, below 1 grade 1.
    public static func standard(grade: Int, days: Int) -> (perDay: Int, perWeek: Int) {
        let g = min(max(grade, 1), 11)
        let row = sanPiN.first { $0.grades.contains(g) } ?? sanPiN[sanPiN.count - 1]
        return (row.day, days >= 6 ? row.week6 : row.week5)
    }

    /// The row of ``grades`` that lists `grade` (grades above 11 use grade 11's row).
    public func row(grade: Int) -> GradeLimits? {
        let g = min(grade, 11)
        return grades.first { $0.grades.contains(g) }
    }

    /// Lessons a student of `grade` may have in one day: the grade's row, else the limit for all
    /// grades, else SanPiN.
    public func dailyLimit(grade: Int) -> Int {
        row(grade: grade)?.maxLessonsPerDay ?? maxLessonsPerDayForAllGrades ?? Self.standard(grade: grade, days: 5).perDay
    }

    /// Lessons a student of `grade` may have in a week of `days` days: the grade's row, else the
    /// limit for all grades, else SanPiN.
    public func weeklyLimit(grade: Int, days: Int) -> Int {
        row(grade: grade)?.maxLessonsPerWeek ?? maxLessonsPerWeek ?? Self.standard(grade: grade, days: days).perWeek
    }

    /// The weekly limit of grades 10–11 for a week of `days` days (the only grades the format
    /// knew before per-grade limits); use ``weeklyLimit(grade:days:)`` for other grades.
    public func weeklyLimit(days: Int) -> Int { weeklyLimit(grade: 11, days: days) }
}

/// Defaults that individual records may override.
public struct Defaults: Codable, Sendable, Equatable {
    /// Longest single trip for a student, minutes (regional school-transport rules: 30).
    public var maxOneWayMinutes: Int
    /// Clock time `HH:MM` by which students must be back home; `nil` means no limit.
    public var latestReturn: String?
    /// Whether students may attend online lessons unless their record says otherwise.
    public var studentOnline: Bool

    public init(maxOneWayMinutes: Int = 30, latestReturn: String? = nil, studentOnline: Bool = true) {
        self.maxOneWayMinutes = maxOneWayMinutes
        self.latestReturn = latestReturn
        self.studentOnline = studentOnline
    }

    enum CodingKeys: String, CodingKey { case maxOneWayMinutes, latestReturn, studentOnline }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxOneWayMinutes = try c.decodeIfPresent(Int.self, forKey: .maxOneWayMinutes) ?? 30
        latestReturn = try c.decodeIfPresent(String.self, forKey: .latestReturn)
        studentOnline = try c.decodeIfPresent(Bool.self, forKey: .studentOnline) ?? true
    }
}

/// Weights of the soft objectives. The objective is minimised; every term is a cost.
public struct Weights: Codable, Sendable, Equatable {
    /// Per unit of request weight, for each elective request left unsatisfied.
    public var unmetElective: Double
    /// Per unit of request weight and per rank step, for a request granted by a later alternative.
    public var alternativeRank: Double
    /// Per student minute on the road.
    public var studentTravelMinute: Double
    /// Per change of site in a student's day (each leg of an itinerary).
    public var siteChange: Double
    /// Per teacher minute on the road.
    public var teacherTravelMinute: Double
    /// Per idle period between a student's first and last lesson of a day.
    public var studentGap: Double
    /// Per idle period between a teacher's first and last lesson of a day.
    public var teacherGap: Double
    /// Per section opened.
    public var section: Double
    /// Per network teacher period taught in a week (the network pays per hour).
    public var teacherPeriod: Double
    /// Per vehicle trip (distinct departure of students from one site to another at one time).
    public var vehicleTrip: Double
    /// Per online enrolment (in person is preferred where both are allowed).
    public var online: Double
    /// Per student of difference between the largest and smallest section of a course.
    public var sizeImbalance: Double
    /// Per pair of a section's meetings on consecutive days.
    public var consecutiveDays: Double
    /// Re-planning (only with a reference solution): per request granted in the reference that
    /// lost its place or moved to another time, mode or site.
    public var movedEnrolment: Double
    /// Re-planning: per request kept at the same times and place with another teacher or room.
    public var changedEnrolment: Double
    /// Re-planning: per teacher and period whose network lesson differs from the reference.
    public var changedTeacherPeriod: Double
    /// Re-planning: per person and day whose trips differ from the reference.
    public var changedRoute: Double

    public init(
        unmetElective: Double = 100, alternativeRank: Double = 10, studentTravelMinute: Double = 0.5,
        siteChange: Double = 5, teacherTravelMinute: Double = 0.2, studentGap: Double = 3,
        teacherGap: Double = 1, section: Double = 20, teacherPeriod: Double = 2, vehicleTrip: Double = 15,
        online: Double = 5, sizeImbalance: Double = 1, consecutiveDays: Double = 2,
        movedEnrolment: Double = 1000, changedEnrolment: Double = 200, changedTeacherPeriod: Double = 300,
        changedRoute: Double = 100
    ) {
        self.unmetElective = unmetElective
        self.alternativeRank = alternativeRank
        self.studentTravelMinute = studentTravelMinute
        self.siteChange = siteChange
        self.teacherTravelMinute = teacherTravelMinute
        self.studentGap = studentGap
        self.teacherGap = teacherGap
        self.section = section
        self.teacherPeriod = teacherPeriod
        self.vehicleTrip = vehicleTrip
        self.online = online
        self.sizeImbalance = sizeImbalance
        self.consecutiveDays = consecutiveDays
        self.movedEnrolment = movedEnrolment
        self.changedEnrolment = changedEnrolment
        self.changedTeacherPeriod = changedTeacherPeriod
        self.changedRoute = changedRoute
    }

    enum CodingKeys: String, CodingKey {
        case unmetElective, alternativeRank, studentTravelMinute, siteChange, teacherTravelMinute
        case studentGap, teacherGap, section, teacherPeriod, vehicleTrip, online, sizeImbalance
        case consecutiveDays, movedEnrolment, changedEnrolment, changedTeacherPeriod, changedRoute
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Weights()
        unmetElective = try c.decodeIfPresent(Double.self, forKey: .unmetElective) ?? d.unmetElective
        alternativeRank = try c.decodeIfPresent(Double.self, forKey: .alternativeRank) ?? d.alternativeRank
        studentTravelMinute = try c.decodeIfPresent(Double.self, forKey: .studentTravelMinute) ?? d.studentTravelMinute
        siteChange = try c.decodeIfPresent(Double.self, forKey: .siteChange) ?? d.siteChange
        teacherTravelMinute = try c.decodeIfPresent(Double.self, forKey: .teacherTravelMinute) ?? d.teacherTravelMinute
        studentGap = try c.decodeIfPresent(Double.self, forKey: .studentGap) ?? d.studentGap
        teacherGap = try c.decodeIfPresent(Double.self, forKey: .teacherGap) ?? d.teacherGap
        section = try c.decodeIfPresent(Double.self, forKey: .section) ?? d.section
        teacherPeriod = try c.decodeIfPresent(Double.self, forKey: .teacherPeriod) ?? d.teacherPeriod
        vehicleTrip = try c.decodeIfPresent(Double.self, forKey: .vehicleTrip) ?? d.vehicleTrip
        online = try c.decodeIfPresent(Double.self, forKey: .online) ?? d.online
        sizeImbalance = try c.decodeIfPresent(Double.self, forKey: .sizeImbalance) ?? d.sizeImbalance
        consecutiveDays = try c.decodeIfPresent(Double.self, forKey: .consecutiveDays) ?? d.consecutiveDays
        movedEnrolment = try c.decodeIfPresent(Double.self, forKey: .movedEnrolment) ?? d.movedEnrolment
        changedEnrolment = try c.decodeIfPresent(Double.self, forKey: .changedEnrolment) ?? d.changedEnrolment
        changedTeacherPeriod = try c.decodeIfPresent(Double.self, forKey: .changedTeacherPeriod) ?? d.changedTeacherPeriod
        changedRoute = try c.decodeIfPresent(Double.self, forKey: .changedRoute) ?? d.changedRoute
    }
}
