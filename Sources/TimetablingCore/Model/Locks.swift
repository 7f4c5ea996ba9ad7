/// Parts of a timetable fixed in the input: every engine must keep them, and the checker reports
/// a solution that does not (hard rule `lock`, `docs/RULES.md`).
///
/// Locks name sections by id, so they refer to a timetable that already exists (usually the
/// published one that ``Replanner`` re-plans): a locked section keeps its id, course and the
/// locked parts (teacher, meeting times, rooms); a locked enrolment keeps a student's request in
/// a locked section; a locked bus ride keeps a student on a bus run on a day.
///
/// ```swift
/// var instance = …
/// instance.locks = Locks(sections: [SectionLock(section: "chem-adv/1", course: "chem-adv", teacher: "t-belova")],
///                        enrolments: [EnrolmentLock(student: "s1", request: 0, section: "chem-adv/1")])
/// ```
public struct Locks: Codable, Sendable, Equatable {
    public var sections: [SectionLock]
    public var enrolments: [EnrolmentLock]
    public var busRides: [BusRideLock]

    public init(sections: [SectionLock] = [], enrolments: [EnrolmentLock] = [], busRides: [BusRideLock] = []) {
        self.sections = sections
        self.enrolments = enrolments
        self.busRides = busRides
    }

    public var isEmpty: Bool { sections.isEmpty && enrolments.isEmpty && busRides.isEmpty }

    enum CodingKeys: String, CodingKey { case sections, enrolments, busRides }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sections = try c.decodeIfPresent([SectionLock].self, forKey: .sections) ?? []
        enrolments = try c.decodeIfPresent([EnrolmentLock].self, forKey: .enrolments) ?? []
        busRides = try c.decodeIfPresent([BusRideLock].self, forKey: .busRides) ?? []
    }
}

/// A section that must exist with this id and course; the fields given are locked too.
public struct SectionLock: Codable, Sendable, Equatable {
    /// The section id the solution must use.
    public var section: String
    public var course: String
    /// Given: the section keeps this teacher.
    public var teacher: String?
    /// Given: the section meets exactly at these times (and, where a meeting names a room, in that room).
    public var meetings: [LockedMeeting]?

    public init(section: String, course: String, teacher: String? = nil, meetings: [LockedMeeting]? = nil) {
        self.section = section
        self.course = course
        self.teacher = teacher
        self.meetings = meetings
    }
}

/// A locked meeting time of a section, optionally with its room.
public struct LockedMeeting: Codable, Sendable, Equatable {
    public var day: String
    /// 1-based first period.
    public var period: Int
    public var length: Int
    /// Given: the meeting stays in this room.
    public var room: String?

    public init(day: String, period: Int, length: Int = 1, room: String? = nil) {
        self.day = day
        self.period = period
        self.length = length
        self.room = room
    }

    enum CodingKeys: String, CodingKey { case day, period, length, room }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        day = try c.decode(String.self, forKey: .day)
        period = try c.decode(Int.self, forKey: .period)
        length = try c.decodeIfPresent(Int.self, forKey: .length) ?? 1
        room = try c.decodeIfPresent(String.self, forKey: .room)
    }
}

/// A student's request that must be granted in a locked section.
public struct EnrolmentLock: Codable, Sendable, Equatable {
    public var student: String
    /// 0-based index into the student's `requests`.
    public var request: Int
    /// Id of a section listed in `locks.sections`.
    public var section: String

    public init(student: String, request: Int, section: String) {
        self.student = student
        self.request = request
        self.section = section
    }
}

/// A student who must ride a bus run on a day (some leg of the day's itinerary names the run).
public struct BusRideLock: Codable, Sendable, Equatable {
    public var student: String
    public var day: String
    public var busRun: String

    public init(student: String, day: String, busRun: String) {
        self.student = student
        self.day = day
        self.busRun = busRun
    }
}
