import TimetablingCore
/// Why an alternative of a request was not granted; formatted into `Solution.unsatisfied` reasons.
enum AlternativeFailure: Equatable {
    /// The construction stopped (time limit or stop flag) before reaching the request.
    case notAttempted
    case gradeNotEligible(grade: Int)
    case onlineNotAllowed
    /// Online: the student may not join from home and no computer room of the home site has seats.
    case noOnlineSeat
    /// In person: every allowed site is out of reach of a single trip.
    case noReachableSite
    case maxSections(Int)
    /// No eligible teacher has the weekly periods left, or is allowed at the site / online.
    case noTeacher(weeklyPeriods: Int)
    /// No room of the site has the course's features and enough seats (or no online studio).
    case noRoom
    /// At most `found` students requesting the course could meet at the best times found.
    case tooFewStudents(found: Int, minimum: Int)
    /// Every time tried clashed; counts of the first clash found per time.
    case noTime(ClashCounts)
    /// Sections of the course were closed below the minimum size and no other section fits.
    case closedBelowMinimum(Int)
    /// The last pass only joins existing sections and none of them fits.
    case noSectionFits
    /// The student's time went to required request `request` (0-based) of the same student.
    case yieldedToRequired(request: Int)
    /// A section was found for the student, but the rest of the student's group (``Group``) could
    /// not join it too: a member's day, or the group's one trip (a ride with a seat for every member).
    case groupDoesNotFit(group: String, members: Int)
}

/// Clashes met while looking for a time for a new section, counted per cause.
struct ClashCounts: Equatable {
    var studentBusy = 0
    var hygiene = 0
    var onlineLimit = 0
    var studentTravel = 0
    var teacherBusy = 0
    var teacherTravel = 0
    var room = 0
    var onlineSeat = 0

    static func + (a: ClashCounts, b: ClashCounts) -> ClashCounts {
        ClashCounts(studentBusy: a.studentBusy + b.studentBusy, hygiene: a.hygiene + b.hygiene,
                    onlineLimit: a.onlineLimit + b.onlineLimit, studentTravel: a.studentTravel + b.studentTravel,
                    teacherBusy: a.teacherBusy + b.teacherBusy, teacherTravel: a.teacherTravel + b.teacherTravel,
                    room: a.room + b.room, onlineSeat: a.onlineSeat + b.onlineSeat)
    }

    var total: Int { studentBusy + hygiene + onlineLimit + studentTravel + teacherBusy + teacherTravel + room + onlineSeat }

    /// "the student's timetable (30), the teacher's timetable (4), travel (2)", largest first.
    var text: String {
        let parts: [(String, Int)] = [
            ("the student's timetable", studentBusy), ("the daily or weekly lesson limit", hygiene),
            ("the daily online limit", onlineLimit), ("the student's travel", studentTravel),
            ("the teacher's timetable", teacherBusy), ("the teacher's travel", teacherTravel),
            ("no free room", room), ("no free computer seat", onlineSeat),
        ]
        let shown = parts.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
        return shown.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
    }
}

extension AlternativeFailure {
    /// A clause completing "no section of COURSE fits: …" or similar.
    var text: String {
        switch self {
        case .notAttempted: return "not attempted: the solve stopped (time limit or stop request) before this request"
        case let .gradeNotEligible(grade): return "the course is not open to grade \(grade)"
        case .onlineNotAllowed: return "the student may not attend online"
        case .noOnlineSeat: return "the student may not join from home and the home site has no computer seats"
        case .noReachableSite: return "no allowed site is within a single trip of the student's home"
        case let .maxSections(m): return "the course already has its maximum of \(m) sections"
        case let .noTeacher(w): return "no eligible teacher has \(w) weekly periods left and may teach there"
        case .noRoom: return "no room has the required features and seats"
        case let .tooFewStudents(found, minimum):
            return "only \(found) student\(found == 1 ? "" : "s") requesting it can meet at a common time, below minimum size \(minimum)"
        case let .noTime(c):
            return c.total == 0 ? "no period fits" : "every period clashes with " + c.text
        case let .closedBelowMinimum(m): return "section below minimum size \(m) was closed"
        case .noSectionFits: return "no open section has a free place that fits the student's timetable and travel"
        case let .yieldedToRequired(r): return "its periods went to the student's required request \(r)"
        case let .groupDoesNotFit(g, n):
            return "group \(g) (\(n) students) cannot join together: a member's timetable or travel does not fit, "
                + "or the group cannot travel on one trip (one ride with a seat for every member)"
        }
    }
}
