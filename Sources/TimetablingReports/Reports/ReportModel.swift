import TimetablingCore
/// Everything people read about one solution, built once from (``Problem``, ``Solution``,
/// ``CheckReport``) and then rendered in any format (HTML, CSV, iCalendar, JSON).
///
/// The model is language-neutral: ids, clock times and numbers. Renderers add the labels of a
/// ``ReportLanguage``. Numbers that the checker computes (requests met, online share, travel
/// totals, vehicle trips, objective terms) are copied from its report, never recomputed.
///
/// ```swift
/// let report = try TimetableReport(problem: problem, solution: solution)
/// report.students[0].week[1].cells[2].entries   // where the first student is on day 2, period 3
/// let files = HTMLReport(report, instance: problem.instance, language: .ru).files()
/// ```
public struct TimetableReport: Codable, Sendable {
    public var instance: String
    public var engine: String?
    /// Day ids of the week, in order.
    public var days: [String]
    /// The periods of a day with their clock times.
    public var periods: [PeriodTime]
    public var sites: [SiteInfo]
    /// The checker's verdict: feasible, and every violation found.
    public var feasible: Bool
    public var violations: [Violation]
    public var summary: NetworkSummary
    public var students: [StudentReport]
    public var teachers: [TeacherReport]
    public var rooms: [RoomReport]
    public var siteTimetables: [SiteReport]
    public var transport: TransportReport
    public var courses: [CourseReport]
    /// Every request without an assignment, with its explanation (see ``Explainer``).
    public var refusals: [RequestExplanation]
}

public struct PeriodTime: Codable, Sendable, Equatable {
    /// 1-based period number.
    public var number: Int
    public var start: String
    public var end: String
}

public struct SiteInfo: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var kind: String?
    public var locality: String?
}

// MARK: Weekly grids

/// One day of a weekly timetable: what happens in each period, and the day's trips.
public struct WeekDay: Codable, Sendable, Equatable {
    public var day: String
    /// One cell per period of the day, in order.
    public var cells: [Cell]
    /// The person's trips of the day (empty for rooms and sites).
    public var legs: [TripLeg]
}

/// One period of a weekly timetable.
public struct Cell: Codable, Sendable, Equatable {
    /// 1-based period number.
    public var period: Int
    /// For people: the site the person is at, from the itinerary; `nil` while travelling.
    public var place: String?
    /// For people: a trip overlaps the period.
    public var travelling: Bool
    /// What takes place: more than one entry is a clash (the checker reports it).
    public var entries: [Entry]

    public var isFree: Bool { entries.isEmpty }
}

/// One thing in a timetable cell.
public struct Entry: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A student's regular lesson at the home school.
        case regular
        /// A teacher's lesson at the own school.
        case ownSchool
        /// A network lesson attended in person (students) or taught (teachers), at `site`, in `room`.
        case inPerson
        /// A network lesson attended online (students: from `joinRoom` or home; teachers: taught
        /// from the studio `room` at `site`).
        case online
        /// A room used by its site's own timetable.
        case roomRegular
        /// Students joining online lessons from a room's computers.
        case joiners
    }

    public var kind: Kind
    public var course: String?
    public var section: String?
    public var teacher: String?
    /// In person: where the lesson is. Online: where the teacher teaches from.
    public var site: String?
    /// The meeting room (in person) or the teacher's studio (online).
    public var room: String?
    /// Online students: the computer room joined from.
    public var joinRoom: String?
    /// Online students: joining from home.
    public var fromHome: Bool?
    /// Students in the section (teachers, rooms, sites) or joining from the room (`joiners`).
    public var students: Int?
    /// The meeting's first period and length: a double period shows as one block.
    public var meetingStart: Int?
    public var meetingLength: Int?

    init(kind: Kind, course: String? = nil, section: String? = nil, teacher: String? = nil, site: String? = nil, room: String? = nil,
         joinRoom: String? = nil, fromHome: Bool? = nil, students: Int? = nil, meetingStart: Int? = nil, meetingLength: Int? = nil) {
        self.kind = kind
        self.course = course
        self.section = section
        self.teacher = teacher
        self.site = site
        self.room = room
        self.joinRoom = joinRoom
        self.fromHome = fromHome
        self.students = students
        self.meetingStart = meetingStart
        self.meetingLength = meetingLength
    }
}

/// One trip of a person: by road, or on a scheduled bus run.
public struct TripLeg: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var depart: String
    public var arrive: String
    public var minutes: Int
    public var busRun: String?
}

// MARK: People, rooms, sites

public struct StudentReport: Codable, Sendable {
    public var id: String
    public var name: String?
    public var grade: Int
    public var homeSite: String
    public var schoolClass: String?
    public var mayAttendOnline: Bool
    public var onlineFromHome: Bool
    public var week: [WeekDay]
    public var requests: [RequestLine]
    public var regularPeriods: Int
    public var networkPeriods: Int
    public var travelMinutes: Int
}

/// One request of a student's curriculum and what became of it.
public struct RequestLine: Codable, Sendable {
    /// 0-based index into the student's requests.
    public var index: Int
    public var label: String?
    public var required: Bool
    public var weight: Double
    /// The alternatives as asked: course, mode, site.
    public var alternatives: [AlternativeInfo]
    /// The alternative granted and the section joined; `nil` when unsatisfied.
    public var granted: Grant?
    /// Why it is unsatisfied; `nil` when granted.
    public var explanation: RequestExplanation?
}

public struct AlternativeInfo: Codable, Sendable, Equatable {
    public var course: String
    public var mode: DeliveryMode?
    public var site: String?
}

public struct Grant: Codable, Sendable, Equatable {
    /// 0-based index of the alternative granted.
    public var alternative: Int
    public var section: String
    public var course: String
    public var mode: DeliveryMode
    public var site: String
    public var joinRoom: String?
    public var fromHome: Bool?
}

public struct TeacherReport: Codable, Sendable {
    public var id: String
    public var name: String?
    public var homeSite: String
    /// Network periods a week taught in the solution, and the maximum.
    public var periods: Int
    public var maxWeeklyPeriods: Int
    public var sections: [String]
    public var week: [WeekDay]
    public var travelMinutes: Int
}

public struct RoomReport: Codable, Sendable {
    public var id: String
    public var name: String?
    public var site: String
    public var capacity: Int
    public var computerSeats: Int
    public var features: [String]
    public var week: [WeekDay]
}

public struct SiteReport: Codable, Sendable {
    public var id: String
    public var name: String?
    public var students: Int
    public var rooms: [String]
    /// Lessons at the site: in-person meetings, online lessons taught from its studios, students joining online.
    public var week: [WeekDay]
    /// People arriving at and leaving the site, per day in time order.
    public var movements: [Movement]
}

public struct Movement: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable { case arrive, depart }
    public var day: String
    public var time: String
    public var direction: Direction
    public var person: String
    public var role: Solution.Itinerary.Role
    /// Where the person comes from (arrive) or goes to (depart).
    public var otherSite: String
    public var busRun: String?
}

// MARK: Transport

public struct TransportReport: Codable, Sendable {
    public var days: [TransportDay]
    /// Vehicle trips of the week, as the checker counts them (the `vehicleTrips` term).
    public var vehicleTrips: Int
    /// Student and teacher minutes on the road, from the checker's summary.
    public var studentMinutes: Int
    public var teacherMinutes: Int
    /// Legs of all itineraries, from the checker's summary.
    public var legs: Int
    public var passengerMinutes: Int { studentMinutes + teacherMinutes }
}

public struct TransportDay: Codable, Sendable, Equatable {
    public var day: String
    public var trips: [Trip]
    /// Trips carrying students (a vehicle the centre provides), this day.
    public var vehicleTrips: Int
    public var passengerMinutes: Int
}

/// A vehicle trip: one bus run on a day, or the people leaving one site for another at one time by road.
public struct Trip: Codable, Sendable, Equatable {
    public var busRun: String?
    public var from: String
    public var to: String
    public var depart: String
    public var arrive: String
    /// Bus runs: the run's stops with times.
    public var stops: [StopTime]
    public var seats: Int?
    public var passengers: [Passenger]
    /// Whether it carries students (the checker's vehicle trips count only those).
    public var carriesStudents: Bool
    public var passengerMinutes: Int
}

public struct StopTime: Codable, Sendable, Equatable {
    public var site: String
    public var time: String
}

public struct Passenger: Codable, Sendable, Equatable {
    public var person: String
    public var role: Solution.Itinerary.Role
    public var from: String
    public var to: String
    public var depart: String
    public var arrive: String
}

// MARK: Courses

public struct CourseReport: Codable, Sendable {
    public var id: String
    public var name: String?
    public var subject: String
    public var level: Course.Level
    public var pattern: [Int]
    public var minSize: Int
    public var maxSize: Int
    /// Students with a request naming the course in some alternative.
    public var askedBy: Int
    /// Students placed in one of its sections.
    public var enrolled: Int
    public var sections: [SectionReport]
}

public struct SectionReport: Codable, Sendable {
    public var id: String
    public var course: String
    public var teacher: String
    public var mode: DeliveryMode
    public var site: String
    public var meetings: [MeetingTime]
    public var students: [Enrolment]
    /// The most students it may hold (course maximum and, in person, room seats).
    public var limit: Int
}

public struct MeetingTime: Codable, Sendable, Equatable {
    public var day: String
    public var period: Int
    public var length: Int
    public var start: String
    public var end: String
    public var room: String
    /// `true`: an online meeting of a blended course's in-person section (taught from the studio
    /// `room`, its students at their own sites). Absent otherwise.
    public var online: Bool? = nil
}

public struct Enrolment: Codable, Sendable, Equatable {
    public var student: String
    public var homeSite: String
    public var grade: Int
    /// 0-based request index.
    public var request: Int
    public var joinRoom: String?
    public var fromHome: Bool?
}

// MARK: Summary

/// The network's headline numbers: the checker's summary and objective, plus breakdowns by
/// school and teacher counted from the solution.
public struct NetworkSummary: Codable, Sendable {
    public var feasible: Bool
    public var violations: Int
    public var requests: Int
    public var satisfiedRequests: Int
    public var requiredRequests: Int
    public var requiredSatisfied: Int
    public var electiveRequests: Int
    public var electiveSatisfied: Int
    public var sections: Int
    public var inPersonEnrolments: Int
    public var onlineEnrolments: Int
    public var onlineShare: Double
    public var studentTravelMinutes: Int
    public var teacherTravelMinutes: Int
    public var legs: Int
    public var bySchool: [SchoolTotals]
    public var teacherHours: [TeacherLoad]
    public var objective: Double
    /// The objective's terms in the order of RULES.md.
    public var terms: [TermLine]
    /// Students with an individual curriculum granted in full, per school and for the network,
    /// against the target: the checker's ``Coverage``, copied.
    public var coverage: Coverage?
}

public struct SchoolTotals: Codable, Sendable, Equatable {
    public var site: String
    public var students: Int
    public var requests: Int
    public var satisfied: Int
    public var requiredRequests: Int
    public var requiredSatisfied: Int
    public var onlineEnrolments: Int
    public var inPersonEnrolments: Int
}

public struct TermLine: Codable, Sendable, Equatable {
    /// In JSON the term's name, e.g. `studentGaps`.
    public var name: SoftTerm
    public var value: Double
    public var weight: Double
    public var cost: Double
}
