import Foundation
import TimetablingCore

/// The answer of ``WhatIf``: whether a refused request can be granted, and at what cost.
///
/// Its JSON form (`netsched what-if --json`) has at least `status`, `objectiveDelta`, `changes`
/// and `reasons` (a contract); the new timetable itself is not part of it (``solution``).
public struct WhatIfAnswer: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// A timetable with the request granted was found and passes the checker.
        case granted
        /// The data prove that no timetable grants the request (``reasons`` name what blocks it).
        case impossible
        /// Neither: the time ran out, or the neighbourhood (widened once) had no way to grant it.
        case unknown
    }

    public var status: Status
    /// Student id and 0-based request index asked about, and the request's own id when it has one.
    public var student: String
    public var request: Int
    public var requestLabel: String?
    /// The checker's objective of the new timetable minus that of the given one (0 unless granted).
    public var objectiveDelta: Double
    public var objectiveBefore: Double
    /// The checker's objective of the new timetable (nil unless granted).
    public var objectiveAfter: Double?
    /// The change of each soft term's cost (checker's terms, by name), only those that change.
    public var terms: [String: Double]
    /// Every change to a person's week, the granted request first.
    public var changes: [WhatIfChange]
    /// Other requests that the new timetable no longer grants.
    public var lostRequests: [WhatIfRequestRef]
    /// Sections opened, closed, and kept under the same id with new times, rooms or teacher.
    public var sectionsOpened: [String]
    public var sectionsClosed: [String]
    public var sectionsChanged: [String]
    /// Why the request cannot be granted (impossible, unknown), or what limits the answer.
    public var reasons: [WhatIfReason]
    /// How the answer was found: the neighbourhood re-optimised and GLPK's verdict.
    public var search: [WhatIfSearchStep]
    /// One line for people: what was found and how sure it is.
    public var summary: String
    /// Wall-clock seconds of the whole question.
    public var seconds: Double
    /// The new timetable (granted only); not in the JSON form (written by `--out`).
    public var solution: Solution?

    enum CodingKeys: String, CodingKey {
        case status, student, request, requestLabel, objectiveDelta, objectiveBefore, objectiveAfter, terms, changes, lostRequests,
             sectionsOpened, sectionsClosed, sectionsChanged, reasons, search, summary, seconds
    }
}

/// Where a section meets and who teaches it, as a person sees it.
public struct WhatIfPlacement: Codable, Sendable, Equatable {
    public var section: String
    public var course: String
    public var teacher: String
    public var mode: DeliveryMode
    public var site: String
    public var meetings: [Solution.Meeting]

    init(_ s: Solution.Section) {
        section = s.id
        course = s.course
        teacher = s.teacher
        mode = s.mode
        site = s.site
        meetings = s.meetings
    }

    /// "chem/1 (in person at borki, teacher t3): mon 2 room r1, wed 3-4 room r1".
    public var text: String {
        let how = mode == .online ? "online from \(site)" : "in person at \(site)"
        let times = meetings.map { m in
            "\(m.day) \(m.period)" + (m.length > 1 ? "-\(m.period + m.length - 1)" : "") + " room \(m.room)"
        }.joined(separator: ", ")
        return "\(section) (\(course), \(how), teacher \(teacher)): \(times)"
    }
}

/// One change to a person's week between the given timetable and the new one: a student's
/// request moved, lost or granted; a teacher's section moved, given up or taken on.
public struct WhatIfChange: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable { case student, teacher }
    public enum Kind: String, Codable, Sendable {
        /// The request asked about, now granted.
        case granted
        /// A student's request or a teacher's section at other times, rooms, section or teacher.
        case moved
        /// A student's request no longer granted; a teacher no longer teaching the section.
        case lost
        /// A teacher teaching a section they did not teach before.
        case added
    }

    public var role: Role
    public var person: String
    public var kind: Kind
    /// The student's request (0-based), for students.
    public var request: Int?
    public var old: WhatIfPlacement?
    public var new: WhatIfPlacement?
    /// Students in online sections: where they join from before and after (a room id, or `home`).
    public var oldJoin: String?
    public var newJoin: String?

    public var text: String {
        var head = "\(role.rawValue) \(person)"
        if let request { head += " request \(request)" }
        func join(_ j: String?) -> String { j.map { $0 == "home" ? ", joining from home" : ", joining from room \($0)" } ?? "" }
        switch kind {
        case .granted: return head + ": granted in " + (new?.text ?? "?") + join(newJoin)
        case .lost: return head + ": loses " + (old?.text ?? "?")
        case .added: return head + ": takes on " + (new?.text ?? "?")
        case .moved:
            if old == new { return head + ": in " + (old?.section ?? "?") + " joins from " + (oldJoin ?? "?") + " → " + (newJoin ?? "?") }
            return head + ": " + (old?.text ?? "?") + join(oldJoin) + " → " + (new?.text ?? "?") + join(newJoin)
        }
    }
}

/// A request of a student, named.
public struct WhatIfRequestRef: Codable, Sendable, Equatable {
    public var student: String
    public var request: Int
    public var label: String?
    public var required: Bool
}

/// One reason of a ``WhatIfAnswer``: a kind for programs (`noPlaceInData`, `neighbourhoodInfeasible`,
/// `timeLimit`, `checkerRejected`, `tooLarge`, `infeasibleTimetable`, or, added by the command
/// line, a `RefusalReason` kind of `netsched explain`), the alternative it concerns, and a sentence.
public struct WhatIfReason: Codable, Sendable, Equatable {
    public var kind: String
    public var alternative: Int?
    public var text: String

    public init(kind: String, alternative: Int? = nil, text: String) {
        self.kind = kind
        self.alternative = alternative
        self.text = text
    }
}

/// One neighbourhood tried: what it freed, the sub-MIP's size and GLPK's answer.
public struct WhatIfSearchStep: Codable, Sendable, Equatable {
    public var neighbourhood: String
    public var sections: Int
    public var students: Int
    public var rows: Int
    public var columns: Int
    /// `optimal`, `feasible` (time limit with a solution), `infeasible`, `no solution`, `blocked`, `too large`.
    public var glpk: String
    public var seconds: Double
}

/// Bad input to ``WhatIf``: the CLI exits 2 with ``description``.
public enum WhatIfError: Error, Sendable, CustomStringConvertible {
    /// The solution's ids do not resolve in the instance (a solution of another instance).
    case unusableSolution([Diagnostic])
    case unknownStudent(String, known: [String])
    case unknownRequest(student: String, request: String, known: [String])
    case alreadyGranted(student: String, request: Int, section: String)

    public var description: String {
        switch self {
        case let .unusableSolution(d):
            return "the solution cannot be read against this instance (\(d.count) problem\(d.count == 1 ? "" : "s"), e.g. "
                + (d.first.map { "\($0)" } ?? "?") + "); is it a solution of another instance? (netsched check lists them)"
        case let .unknownStudent(id, known):
            return "unknown student \"\(id)\"; try one of: " + Self.list(known, near: id)
        case let .unknownRequest(student, request, known):
            return "student \(student) has no request \"\(request)\"; give its id or 0-based index: " + known.joined(separator: ", ")
        case let .alreadyGranted(student, request, section):
            return "request \(request) of student \(student) is already granted in the solution (section \(section)); ask about an unmet one"
        }
    }

    static func list(_ known: [String], near id: String) -> String {
        let close = known.filter { $0.localizedCaseInsensitiveContains(id) || id.localizedCaseInsensitiveContains($0) }
        let list = close.isEmpty ? known : close
        return list.prefix(8).joined(separator: ", ") + (list.count > 8 ? ", …" : "")
    }
}
