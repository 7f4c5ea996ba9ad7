import TimetablingCore
/// One slot named for people: day id, 1-based period and its clock times.
public struct SlotRef: Codable, Sendable, Equatable, Hashable {
    public var day: String
    public var period: Int
    public var start: String
    public var end: String

    public init(day: String, period: Int, start: String, end: String) {
        self.day = day
        self.period = period
        self.start = start
        self.end = end
    }
}

/// A section named with its mode and site.
public struct SectionRef: Codable, Sendable, Equatable {
    public var section: String
    public var mode: DeliveryMode
    public var site: String

    public init(section: String, mode: DeliveryMode, site: String) {
        self.section = section
        self.mode = mode
        self.site = site
    }
}

/// A teacher's weekly network periods in a solution against the teacher's maximum.
public struct TeacherLoad: Codable, Sendable, Equatable {
    public var teacher: String
    public var periods: Int
    public var max: Int

    public init(teacher: String, periods: Int, max: Int) {
        self.teacher = teacher
        self.periods = periods
        self.max = max
    }
}

/// How a computer room is used in one slot, as far as a student joining online is concerned.
public struct RoomUse: Codable, Sendable, Equatable {
    public var room: String
    public var seats: Int
    /// Students already joining online lessons from the room.
    public var taken: Int
    /// The room is used by its site's own timetable.
    public var regular: Bool
    /// A section meeting in the room (it is then not free for joining).
    public var meeting: String?

    public init(room: String, seats: Int, taken: Int, regular: Bool, meeting: String?) {
        self.room = room
        self.seats = seats
        self.taken = taken
        self.regular = regular
        self.meeting = meeting
    }
}

/// Why one alternative of a request was not granted in a solution: a fact about the data
/// (the ``Problem`` and the ``Solution``), with the periods, people and numbers involved.
///
/// Every reason is computed from the data, not taken from the engine's own text, so that it is
/// true of the solution it explains: `sectionFull` means the section's size has reached its
/// limit in that solution; `clashRegular` lists periods where the student has a regular lesson
/// and the section meets. Reasons that name a `section` say what stands in the way of joining
/// that section; the others say why no suitable section exists.
///
/// ```swift
/// for reason in explanation.alternatives[0].reasons {
///     print(reason.kind, ReasonText(.en, instance).text(reason))
/// }
/// ```
public enum RefusalReason: Codable, Sendable, Equatable {
    /// The course is not open to the student's grade.
    case gradeNotEligible(course: String, grade: Int, grades: [Int])
    /// The alternative needs online attendance and the student may not attend online.
    case onlineNotAllowed(course: String)
    /// Online: the student may not join from home and the home site has no room with computer seats.
    case noJoinPlace(site: String)

    /// No section of the course in the alternative's mode and site is open; `opened` lists the
    /// sections of the course that are open in another mode or at another site.
    case sectionNotOpened(course: String, mode: DeliveryMode?, site: String?, opened: [SectionRef])
    /// Fewer students asked for the course (in that mode and site) than a section's minimum.
    case tooFewStudents(course: String, asked: Int, minimum: Int)
    /// Of the `candidates` students who asked and hold no section of the course, at most `free`
    /// are free together at every meeting of the course's pattern, whatever times are chosen
    /// among those when an eligible teacher with hours left and a suitable room are free as well.
    case noCommonTime(course: String, free: Int, candidates: Int, minimum: Int)
    /// No eligible teacher allowed to teach in that mode or at that site has `needed` periods left.
    case noTeacherHours(course: String, needed: Int, teachers: [TeacherLoad])
    /// No eligible teacher may teach the course in that mode or at that site.
    case noTeacherAllowed(course: String, mode: DeliveryMode?, site: String?)
    /// No room at the sites has the course's features (in person), or no room is an online studio.
    case noSuitableRoom(course: String, sites: [String], features: [String])
    /// The course already has its maximum number of sections.
    case maxSectionsReached(course: String, sections: Int, max: Int)
    /// No cause found in the data: enough students asked, and enough of them, a teacher with
    /// hours left and a suitable room are free together at every meeting (travel is not
    /// examined); the engine did not open a section.
    case notOpenedByEngine(course: String, asked: Int, minimum: Int)

    /// The section has reached its size limit (course maximum, or the room's seats).
    case sectionFull(section: String, size: Int, limit: Int)
    /// The section meets when the student has regular lessons.
    case clashRegular(section: String, slots: [SlotRef])
    /// The section meets when the student attends another network section.
    case clashCourse(section: String, other: String, otherCourse: String, slots: [SlotRef])
    /// Joining would give the student more lessons on a day than the daily limit.
    case hygieneDaily(section: String, day: String, lessons: Int, adding: Int, limit: Int)
    /// Joining would give the student more lessons in the week than the weekly limit.
    case hygieneWeekly(section: String, lessons: Int, adding: Int, limit: Int)
    /// Joining would give the student more online lessons on a day than allowed.
    case onlineDailyLimit(section: String, day: String, online: Int, adding: Int, limit: Int)
    /// At a meeting of an online section, no computer room of the student's site has a free seat.
    case noOnlineSeat(section: String, slot: SlotRef, rooms: [RoomUse])
    /// There is no road between the sites, so the student cannot get to the section.
    case noRoad(section: String, from: String, to: String)
    /// The trip is longer than the student's longest single trip.
    case tripTooLong(section: String, from: String, to: String, minutes: Int, limit: Int)
    /// The student cannot get from one site to the other between two lessons.
    case travelGap(section: String, day: String, from: String, to: String, minutes: Int, after: String, before: String)
    /// After the section the student cannot be back home by the latest return time.
    case lateReturn(section: String, day: String, from: String, home: String, arrive: String, latest: String)
    /// No bus run goes from one site to the other in the time window (bus-run transport).
    case noBusRun(section: String, day: String, from: String, to: String, after: String?, before: String?)
    /// The bus runs that would fit are full on that day.
    case busFull(section: String, day: String, runs: [String])
    /// No obstacle was found: the student could have joined the section; the engine did not place them.
    case wouldFit(section: String)

    /// A stable name of the reason's kind, as used in JSON and tests: `sectionFull`, `clashRegular`, …
    public var kind: String {
        switch self {
        case .gradeNotEligible: "gradeNotEligible"
        case .onlineNotAllowed: "onlineNotAllowed"
        case .noJoinPlace: "noJoinPlace"
        case .sectionNotOpened: "sectionNotOpened"
        case .tooFewStudents: "tooFewStudents"
        case .noCommonTime: "noCommonTime"
        case .noTeacherHours: "noTeacherHours"
        case .noTeacherAllowed: "noTeacherAllowed"
        case .noSuitableRoom: "noSuitableRoom"
        case .maxSectionsReached: "maxSectionsReached"
        case .notOpenedByEngine: "notOpenedByEngine"
        case .sectionFull: "sectionFull"
        case .clashRegular: "clashRegular"
        case .clashCourse: "clashCourse"
        case .hygieneDaily: "hygieneDaily"
        case .hygieneWeekly: "hygieneWeekly"
        case .onlineDailyLimit: "onlineDailyLimit"
        case .noOnlineSeat: "noOnlineSeat"
        case .noRoad: "noRoad"
        case .tripTooLong: "tripTooLong"
        case .travelGap: "travelGap"
        case .lateReturn: "lateReturn"
        case .noBusRun: "noBusRun"
        case .busFull: "busFull"
        case .wouldFit: "wouldFit"
        }
    }

    /// The section the reason is about, for reasons about joining an open section.
    public var section: String? {
        switch self {
        case let .sectionFull(s, _, _), let .clashRegular(s, _), let .clashCourse(s, _, _, _),
             let .hygieneDaily(s, _, _, _, _), let .hygieneWeekly(s, _, _, _), let .onlineDailyLimit(s, _, _, _, _),
             let .noOnlineSeat(s, _, _), let .noRoad(s, _, _), let .tripTooLong(s, _, _, _, _),
             let .travelGap(s, _, _, _, _, _, _), let .lateReturn(s, _, _, _, _, _), let .noBusRun(s, _, _, _, _, _),
             let .busFull(s, _, _), let .wouldFit(s):
            return s
        default:
            return nil
        }
    }
}

/// Why one request of one student has no assignment in a solution, alternative by alternative.
public struct RequestExplanation: Codable, Sendable, Equatable {
    public var student: String
    /// 0-based index into the student's `requests`.
    public var request: Int
    /// The request's `id` label, if it has one.
    public var label: String?
    public var required: Bool
    public var weight: Double
    /// The engine's own reason from `Solution.unsatisfied`, shown alongside, never relied on.
    public var engineReason: String?
    public var alternatives: [AlternativeExplanation]
    /// The group whose request this is (``Group``): its members attend together, so a section must
    /// take them all at once.
    public var group: GroupExplanation?

    public init(student: String, request: Int, label: String?, required: Bool, weight: Double, engineReason: String?,
                alternatives: [AlternativeExplanation], group: GroupExplanation? = nil) {
        self.group = group
        self.student = student
        self.request = request
        self.label = label
        self.required = required
        self.weight = weight
        self.engineReason = engineReason
        self.alternatives = alternatives
    }

    /// Every reason given, over all alternatives.
    public var reasons: [RefusalReason] { alternatives.flatMap(\.reasons) }
}

/// The group a refused request belongs to: a class or named students attending a course together.
public struct GroupExplanation: Codable, Sendable, Equatable {
    public var id: String
    /// The group's class, when it is a whole class.
    public var schoolClass: String?
    /// How many students the group has; a section must have room and free time for all of them.
    public var members: Int

    public init(id: String, schoolClass: String?, members: Int) {
        self.id = id
        self.schoolClass = schoolClass
        self.members = members
    }

    enum CodingKeys: String, CodingKey { case id, schoolClass = "class", members }
}

/// Why one alternative (a course, maybe restricted to a mode and a site) was not granted.
public struct AlternativeExplanation: Codable, Sendable, Equatable {
    /// 0-based index into the request's `alternatives`.
    public var index: Int
    public var course: String
    public var mode: DeliveryMode?
    public var site: String?
    public var reasons: [RefusalReason]

    public init(index: Int, course: String, mode: DeliveryMode?, site: String?, reasons: [RefusalReason]) {
        self.index = index
        self.course = course
        self.mode = mode
        self.site = site
        self.reasons = reasons
    }
}
