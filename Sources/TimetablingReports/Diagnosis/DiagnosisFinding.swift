import TimetablingCore
/// Something in an instance that makes it impossible or tight, found before any search.
///
/// `error` findings make a required request impossible whatever an engine does (the solution
/// will break `required-request`); `warning` findings make some requests impossible or the
/// instance tight (electives that cannot be met, demand close to the teachers' hours).
public struct DiagnosisFinding: Codable, Sendable, Equatable {
    /// The package's one severity, ``Diagnostic/Severity``.
    public typealias Severity = Diagnostic.Severity

    public var severity: Severity
    /// Where in the instance the data is, e.g. `courses[3]` or `students[12].requests[0]`.
    public var path: String
    public var issue: DiagnosisIssue

    public init(_ severity: Severity, _ path: String, _ issue: DiagnosisIssue) {
        self.severity = severity
        self.path = path
        self.issue = issue
    }
}

/// What a ``DiagnosisFinding`` found, with the data that shows it.
public enum DiagnosisIssue: Codable, Sendable, Equatable {
    /// No eligible teacher has `needed` network periods a week (their maxima are listed).
    case courseNoTeacherHours(course: String, needed: Int, teachers: [TeacherLoad])
    /// No eligible teacher may teach the course at any of its sites or online.
    case courseNoTeacherAllowed(course: String, teachers: [String])
    /// No eligible teacher with the hours has free periods (outside the own timetable) for the
    /// course's meeting pattern.
    case courseNoTeacherTime(course: String, pattern: [Int], teachers: [String])
    /// The student's free periods in the week are fewer than the periods requested
    /// (`requiredOnly`: counting only required requests, each by its shortest alternative).
    case studentFreePeriods(student: String, free: Int, requested: Int, requiredOnly: Bool)
    /// Regular lessons plus requested periods exceed the weekly hygiene limit.
    case studentWeeklyLimit(student: String, regular: Int, requested: Int, limit: Int, requiredOnly: Bool)
    /// The student's regular lessons alone (class and own busy periods) exceed the hygiene limit
    /// of the grade: on `day`, or in the week when `day` is nil. Every timetable breaks it.
    case studentRegularAboveLimit(student: String, grade: Int, day: String?, regular: Int, limit: Int)
    /// No room of the network has these features, which the course needs in person.
    case featureNowhere(course: String, features: [String])
    /// No room at the course's in-person sites has all its features.
    case featureNotAtSites(course: String, features: [String], sites: [String])
    /// No road links the site to any other and nobody there can join online: no one can reach it.
    case siteUnreachable(site: String, students: Int)
    /// Transport is by bus runs and no run stops at the site, which has students.
    case siteWithoutBus(site: String, students: Int)
    /// None of the request's alternatives can be taken by the student: the sites are out of
    /// reach (no road, or longer than the student's longest trip) and online is not possible.
    case requestUnreachable(student: String, request: Int, courses: [String])
    /// A course's firm demand (required requests naming only it) needs more periods than its
    /// eligible teachers have.
    case courseDemandAboveHours(course: String, students: Int, sections: Int, periods: Int, hours: Int)
    /// Total demand (periods of the sections needed) above all teachers' weekly hours.
    case demandAboveHours(demand: Int, hours: Int, requiredOnly: Bool)
    /// A course is the only option of required requests, but fewer students can take it than its minimum size.
    case minimumAboveCandidates(course: String, candidates: Int, minimum: Int, requiredBy: [String])

    public var kind: String {
        switch self {
        case .courseNoTeacherHours: "courseNoTeacherHours"
        case .courseNoTeacherAllowed: "courseNoTeacherAllowed"
        case .courseNoTeacherTime: "courseNoTeacherTime"
        case .studentFreePeriods: "studentFreePeriods"
        case .studentWeeklyLimit: "studentWeeklyLimit"
        case .studentRegularAboveLimit: "studentRegularAboveLimit"
        case .featureNowhere: "featureNowhere"
        case .featureNotAtSites: "featureNotAtSites"
        case .siteUnreachable: "siteUnreachable"
        case .siteWithoutBus: "siteWithoutBus"
        case .requestUnreachable: "requestUnreachable"
        case .courseDemandAboveHours: "courseDemandAboveHours"
        case .demandAboveHours: "demandAboveHours"
        case .minimumAboveCandidates: "minimumAboveCandidates"
        }
    }
}
