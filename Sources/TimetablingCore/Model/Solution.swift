/// A term timetable for an ``Instance``: sections with their meetings, students' assignments,
/// every person's daily itinerary, and the requests left unsatisfied with the reason.
///
/// Engines produce it; ``Checker`` judges it. Its JSON form is documented in `docs/FORMAT.md`.
/// All references are by the instance's string ids, so a solution stays readable and can be
/// edited by hand or by other tools.
public struct Solution: Codable, Sendable, Equatable {
    public var formatVersion: Int
    /// `Instance.name` of the instance this solution is for.
    public var instance: String
    /// Name of the engine that produced it (free text for hand-made solutions).
    public var engine: String?
    public var sections: [Section]
    public var assignments: [Assignment]
    public var itineraries: [Itinerary]
    public var unsatisfied: [Unsatisfied]
    /// A valid lower bound on the checker's objective of every timetable of the instance that meets
    /// every hard rule (same locks, same reference), or nil when none was computed. The solve that
    /// wrote the solution computed it (``LowerBounder``); `netsched check` reports the gap.
    public var bound: Double?

    public init(
        formatVersion: Int = 1, instance: String, engine: String? = nil, sections: [Section] = [],
        assignments: [Assignment] = [], itineraries: [Itinerary] = [], unsatisfied: [Unsatisfied] = [],
        bound: Double? = nil
    ) {
        self.formatVersion = formatVersion
        self.instance = instance
        self.engine = engine
        self.sections = sections
        self.assignments = assignments
        self.itineraries = itineraries
        self.unsatisfied = unsatisfied
        self.bound = bound
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion, instance, engine, sections, assignments, itineraries, unsatisfied, bound
    }

    /// Every field is written; `bound` is `null` when no bound was computed (a non-finite bound too).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(instance, forKey: .instance)
        try c.encodeIfPresent(engine, forKey: .engine)
        try c.encode(sections, forKey: .sections)
        try c.encode(assignments, forKey: .assignments)
        try c.encode(itineraries, forKey: .itineraries)
        try c.encode(unsatisfied, forKey: .unsatisfied)
        try c.encode(bound.flatMap { $0.isFinite ? $0 : nil }, forKey: .bound)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decodeIfPresent(Int.self, forKey: .formatVersion) ?? 1
        instance = try c.decode(String.self, forKey: .instance)
        engine = try c.decodeIfPresent(String.self, forKey: .engine)
        sections = try c.decodeIfPresent([Section].self, forKey: .sections) ?? []
        assignments = try c.decodeIfPresent([Assignment].self, forKey: .assignments) ?? []
        itineraries = try c.decodeIfPresent([Itinerary].self, forKey: .itineraries) ?? []
        unsatisfied = try c.decodeIfPresent([Unsatisfied].self, forKey: .unsatisfied) ?? []
        bound = try c.decodeIfPresent(Double.self, forKey: .bound)
    }

    /// An opened group of a course.
    public struct Section: Codable, Sendable, Equatable {
        public var id: String
        public var course: String
        public var teacher: String
        public var mode: DeliveryMode
        /// In person: the host site. Online: the site the teacher teaches from.
        public var site: String
        public var meetings: [Meeting]

        public init(id: String, course: String, teacher: String, mode: DeliveryMode, site: String, meetings: [Meeting]) {
            self.id = id
            self.course = course
            self.teacher = teacher
            self.mode = mode
            self.site = site
            self.meetings = meetings
        }
    }

    /// One weekly meeting of a section: `length` consecutive periods from `period` on `day`.
    public struct Meeting: Codable, Sendable, Equatable {
        public var day: String
        /// 1-based number of the first period.
        public var period: Int
        public var length: Int
        /// In person: the classroom. Online (an online section's, or an online meeting of a
        /// blended course's in-person section): the teacher's online studio.
        public var room: String
        /// `true`: a meeting an in-person section of a blended course holds online
        /// (`Course.onlineMeetings`); its students join from their own site. Absent otherwise.
        public var online: Bool?

        public init(day: String, period: Int, length: Int = 1, room: String, online: Bool? = nil) {
            self.day = day
            self.period = period
            self.length = length
            self.room = room
            self.online = online
        }
    }

    /// A student placed in a section for one request, by one of its alternatives.
    public struct Assignment: Codable, Sendable, Equatable {
        public var student: String
        /// 0-based index into the student's `requests`.
        public var request: Int
        /// 0-based index into the request's `alternatives`.
        public var alternative: Int
        public var section: String
        /// Online sections, and in-person sections with online meetings (blended courses): the
        /// computer room at the student's home site the student joins the online meetings from.
        public var onlineRoom: String?
        /// Online meetings: the student joins from home (allowed by `Student.onlineFromHome`).
        public var fromHome: Bool?

        public init(
            student: String, request: Int, alternative: Int, section: String, onlineRoom: String? = nil,
            fromHome: Bool? = nil
        ) {
            self.student = student
            self.request = request
            self.alternative = alternative
            self.section = section
            self.onlineRoom = onlineRoom
            self.fromHome = fromHome
        }
    }

    /// How one person moves between sites on one day.
    public struct Itinerary: Codable, Sendable, Equatable {
        public enum Role: String, Codable, Sendable { case student, teacher }
        public var person: String
        public var role: Role
        public var day: String
        public var legs: [Leg]

        public init(person: String, role: Role, day: String, legs: [Leg]) {
            self.person = person
            self.role = role
            self.day = day
            self.legs = legs
        }
    }

    /// A trip from one site to another, by road (travel time) or by a scheduled bus run.
    public struct Leg: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        /// Clock times `HH:MM`.
        public var depart: String
        public var arrive: String
        /// The bus run taken, when the instance's transport is scheduled bus runs.
        public var busRun: String?

        public init(from: String, to: String, depart: String, arrive: String, busRun: String? = nil) {
            self.from = from
            self.to = to
            self.depart = depart
            self.arrive = arrive
            self.busRun = busRun
        }
    }

    /// A request the solution does not satisfy, with the engine's reason.
    public struct Unsatisfied: Codable, Sendable, Equatable {
        public var student: String
        public var request: Int
        public var required: Bool
        public var reason: String

        public init(student: String, request: Int, required: Bool, reason: String) {
            self.student = student
            self.request = request
            self.required = required
            self.reason = reason
        }
    }
}
