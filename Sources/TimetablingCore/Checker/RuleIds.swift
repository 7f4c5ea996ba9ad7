/// The hard rules of `docs/RULES.md`, by the id that appears in violations.
///
/// The order of the cases is the order of the rules table; the checker sorts violations by it.
/// It is written (in JSON, as a dictionary key, in text) as its id.
///
/// ```swift
/// let clashes = report.violations.filter { $0.rule == .studentClash }
/// print(clashes.first?.rule)                                // "student-clash"
/// ```
public enum HardRule: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    case teacherQualified = "teacher-qualified"
    case deliveryMode = "delivery-mode"
    case teacherSite = "teacher-site"
    case meetingPattern = "meeting-pattern"
    case roomSite = "room-site"
    case roomFeatures = "room-features"
    case roomCapacity = "room-capacity"
    case sectionSize = "section-size"
    case maxSections = "max-sections"
    case teacherWeeklyMax = "teacher-weekly-max"
    case teacherClash = "teacher-clash"
    case roomClash = "room-clash"
    case studentClash = "student-clash"
    case assignment = "assignment"
    case onlineJoin = "online-join"
    case onlineSeats = "online-seats"
    case onlineDailyLimit = "online-daily-limit"
    case hygieneDaily = "hygiene-daily"
    case hygieneWeekly = "hygiene-weekly"
    case requiredRequest = "required-request"
    case unsatisfiedList = "unsatisfied-list"
    case groupTogether = "group-together"
    case groupTrip = "group-trip"
    case itinerary = "itinerary"
    case noRoad = "no-road"
    case travelTime = "travel-time"
    case busRequired = "bus-required"
    case travelTiming = "travel-timing"
    case maxTrip = "max-trip"
    case latestReturn = "latest-return"
    case busSeats = "bus-seats"
    case lock = "lock"

    /// The id, e.g. `student-clash`.
    public var description: String { rawValue }

    /// Position in the rules table, used to order violations.
    var rank: Int { HardRule.ranks[self] ?? 0 }

    private static let ranks: [HardRule: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}

/// The soft objective terms of `docs/RULES.md`, by the name that keys ``CheckReport/terms``.
///
/// `CodingKeyRepresentable` makes a `[SoftTerm: Term]` encode as a JSON object keyed by the
/// names (without it, `JSONEncoder` writes a dictionary with non-string keys as a flat array).
///
/// ```swift
/// let gaps = report.terms[.studentGaps]!.cost
/// ```
public enum SoftTerm: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    case unmetElective
    case alternativeRank
    case studentTravelMinutes
    case siteChanges
    case teacherTravelMinutes
    case studentGaps
    case teacherGaps
    case sections
    case teacherPeriods
    case vehicleTrips
    case onlineEnrolments
    case sizeImbalance
    case consecutiveDays
    case movedEnrolments
    case changedEnrolments
    case changedTeacherPeriods
    case changedRoutes

    /// The name, e.g. `studentGaps`.
    public var description: String { rawValue }

    /// The instance weight that multiplies this term.
    public func weight(in w: Weights) -> Double {
        switch self {
        case .unmetElective: w.unmetElective
        case .alternativeRank: w.alternativeRank
        case .studentTravelMinutes: w.studentTravelMinute
        case .siteChanges: w.siteChange
        case .teacherTravelMinutes: w.teacherTravelMinute
        case .studentGaps: w.studentGap
        case .teacherGaps: w.teacherGap
        case .sections: w.section
        case .teacherPeriods: w.teacherPeriod
        case .vehicleTrips: w.vehicleTrip
        case .onlineEnrolments: w.online
        case .sizeImbalance: w.sizeImbalance
        case .consecutiveDays: w.consecutiveDays
        case .movedEnrolments: w.movedEnrolment
        case .changedEnrolments: w.changedEnrolment
        case .changedTeacherPeriods: w.changedTeacherPeriod
        case .changedRoutes: w.changedRoute
        }
    }
}
