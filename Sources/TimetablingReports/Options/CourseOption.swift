import TimetablingCore

/// What one course of the bank means for one student who is choosing courses: whether the
/// student can take it, every reason in the data why not, the ways the student could attend,
/// and (against a published solution) the open sections the student could join now.
///
/// Built by ``CourseOptions``; rendered for people by ``OptionText``.
///
/// ```swift
/// for option in CourseOptions(problem: problem).options(student: "s-borki-10-01") ?? [] {
///     print(option.course, option.available, option.reasons.map(\.kind))
/// }
/// ```
public struct CourseOption: Codable, Sendable, Equatable {
    public var course: String
    /// No reason stands in the way: the student may add the course to the curriculum.
    public var available: Bool
    /// Every reason, true of the data, why the student cannot take the course (empty when available).
    public var reasons: [OptionReason]
    /// How the student could attend: in person at each site the student can reach, online.
    /// Listed even for an unavailable course when it names ways (e.g. a course already requested).
    public var ways: [AttendanceWay]
    /// With a published solution: the open sections the student could join now, each with its
    /// change to the student's route; `nil` without a solution.
    public var sections: [SectionOption]?

    public init(course: String, available: Bool, reasons: [OptionReason], ways: [AttendanceWay], sections: [SectionOption]? = nil) {
        self.course = course
        self.available = available
        self.reasons = reasons
        self.ways = ways
        self.sections = sections
    }
}

/// A number of lessons or periods on one day.
public struct DayCount: Codable, Sendable, Equatable {
    public var day: String
    public var count: Int

    public init(day: String, count: Int) {
        self.day = day
        self.count = count
    }
}

/// Why a student cannot take a course: a fact about the instance (the student's grade, home
/// site, regular timetable, permissions and requests; the course's grades, sites, modes and
/// pattern; travel times or bus runs; hygiene limits), with the numbers involved.
///
/// The attendance reasons (`notTaughtInPerson` … `noJoinPlace`) are given together when no way
/// of attending is left: each in-person site the student cannot reach, and why online does not
/// serve either.
public enum OptionReason: Codable, Sendable, Equatable {
    /// The course is not open to the student's grade.
    case gradeNotEligible(grade: Int, grades: [Int])
    /// The course has no in-person site (it is taught online only).
    case notTaughtInPerson
    /// The course is not taught online.
    case notTaughtOnline
    /// Travel times: no road between the student's home site and the course's site.
    case noRoad(site: String)
    /// The trip to the site (by road, or the shortest bus ride) is longer than the student's longest single trip.
    case tripTooLong(site: String, minutes: Int, limit: Int)
    /// Bus runs: on no day does a run take the student from home to the site and another back.
    case noBusLink(site: String)
    /// The student may not attend online lessons.
    case onlineNotAllowed
    /// Online: the student may not join from home and the home site has no room with computer seats.
    case noJoinPlace(site: String)
    /// The course's meetings (lengths `pattern`, on different days when `distinctDays`) cannot be
    /// placed in the student's free periods; `longestFree` is the longest run of free periods each day.
    case noFreeTime(pattern: [Int], distinctDays: Bool, longestFree: [DayCount])
    /// With the student's regular lessons (`lessons`, per day) the meetings cannot be placed
    /// without a day over the daily limit.
    case hygieneDaily(pattern: [Int], lessons: [DayCount], limit: Int)
    /// Regular lessons plus the course's weekly periods exceed the weekly limit.
    case hygieneWeekly(lessons: Int, adding: Int, limit: Int)
    /// The student already asks for the course in request `request` (0-based). With a solution,
    /// `granted` says whether the solution grants it, in `section`; without one both are nil.
    case alreadyRequested(request: Int, label: String?, granted: Bool?, section: String?)

    /// A stable name of the reason's kind, as in JSON: `gradeNotEligible`, `noFreeTime`, …
    public var kind: String {
        switch self {
        case .gradeNotEligible: "gradeNotEligible"
        case .notTaughtInPerson: "notTaughtInPerson"
        case .notTaughtOnline: "notTaughtOnline"
        case .noRoad: "noRoad"
        case .tripTooLong: "tripTooLong"
        case .noBusLink: "noBusLink"
        case .onlineNotAllowed: "onlineNotAllowed"
        case .noJoinPlace: "noJoinPlace"
        case .noFreeTime: "noFreeTime"
        case .hygieneDaily: "hygieneDaily"
        case .hygieneWeekly: "hygieneWeekly"
        case .alreadyRequested: "alreadyRequested"
        }
    }
}

/// One way a student could attend a course.
public struct AttendanceWay: Codable, Sendable, Equatable {
    public var mode: DeliveryMode
    /// In person: the host site.
    public var site: String?
    /// In person: minutes of the one-way trip from the home site (0 at home; with bus runs the
    /// shortest ride there).
    public var minutes: Int?
    /// Online: whether the student joins from home (else from a computer room of the home site).
    public var fromHome: Bool?

    public init(mode: DeliveryMode, site: String? = nil, minutes: Int? = nil, fromHome: Bool? = nil) {
        self.mode = mode
        self.site = site
        self.minutes = minutes
        self.fromHome = fromHome
    }
}

/// One meeting of a section, named for people: day id, first period (1-based), length and clock times.
public struct MeetingRef: Codable, Sendable, Equatable {
    public var day: String
    public var period: Int
    public var length: Int
    public var start: String
    public var end: String

    public init(day: String, period: Int, length: Int, start: String, end: String) {
        self.day = day
        self.period = period
        self.length = length
        self.start = start
        self.end = end
    }
}

/// An open section of a published solution that the student could join now: a free seat, its
/// meetings in the student's free periods, hygiene limits kept, and a route the student can travel.
public struct SectionOption: Codable, Sendable, Equatable {
    public var section: String
    public var mode: DeliveryMode
    /// In person: the host site; online: the teacher's site.
    public var site: String
    public var teacher: String
    public var meetings: [MeetingRef]
    /// Places left: the section's limit (course maximum, in person also each room's seats) minus its size.
    public var freeSeats: Int
    /// The student's request (0-based) the section would grant; `nil`: a new request.
    public var request: Int?
    /// The alternative of that request (0-based); for a new request 0 (the course in any mode).
    public var alternative: Int
    /// Online: the computer room the student would join from (nil from home).
    public var onlineRoom: String?
    /// Online: the student would join from home.
    public var fromHome: Bool?
    /// What joining changes in the student's trips.
    public var routeChange: RouteChange

    public init(section: String, mode: DeliveryMode, site: String, teacher: String, meetings: [MeetingRef], freeSeats: Int,
                request: Int?, alternative: Int, onlineRoom: String?, fromHome: Bool?, routeChange: RouteChange) {
        self.section = section
        self.mode = mode
        self.site = site
        self.teacher = teacher
        self.meetings = meetings
        self.freeSeats = freeSeats
        self.request = request
        self.alternative = alternative
        self.onlineRoom = onlineRoom
        self.fromHome = fromHome
        self.routeChange = routeChange
    }
}

/// The change to a student's trips that joining a section makes: the days whose legs change.
public struct RouteChange: Codable, Sendable, Equatable {
    public var days: [DayRouteChange]
    /// Minutes on the road added over the week (negative when the new day is shorter).
    public var extraMinutes: Int
    /// Trips added over the week: legs after minus legs before.
    public var extraLegs: Int

    public init(days: [DayRouteChange]) {
        self.days = days
        extraMinutes = days.reduce(0) { $0 + $1.extraMinutes }
        extraLegs = days.reduce(0) { $0 + $1.after.count - $1.before.count }
    }

    /// Joining changes no trip.
    public var isNone: Bool { days.isEmpty }
}

/// One day whose trips change.
public struct DayRouteChange: Codable, Sendable, Equatable {
    public var day: String
    /// The day's legs as the solution has them.
    public var before: [Solution.Leg]
    /// The day's legs with the section joined.
    public var after: [Solution.Leg]
    /// Sites the student goes to that day only with the section (away from home).
    public var newSites: [String]
    /// Minutes on the road added that day.
    public var extraMinutes: Int

    public init(day: String, before: [Solution.Leg], after: [Solution.Leg], newSites: [String], extraMinutes: Int) {
        self.day = day
        self.before = before
        self.after = after
        self.newSites = newSites
        self.extraMinutes = extraMinutes
    }
}
