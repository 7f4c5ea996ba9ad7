import Foundation

/// An ITC 2019 problem (International Timetabling Competition 2019, www.itc2019.org): rooms,
/// courses → configurations → subparts → classes, distribution constraints and students, read
/// from the competition's XML by ``ITCProblemReader``.
///
/// Everything refers to everything else by dense index (`rooms[i]`, `classes[i]`, …); the
/// original ids are kept for messages and for writing solutions. Travel times are one flat
/// symmetric matrix. A solver works on these arrays; ``ITCValidator`` judges its result.
///
/// ```swift
/// let problem = try ITCProblemReader.read(contentsOf: url)
/// print(problem.classes.count, problem.students.count)
/// ```
public struct ITCProblem: Sendable, Codable {
    public var name: String
    public var nrDays: Int
    public var nrWeeks: Int
    public var slotsPerDay: Int
    public var weights: ITCWeights
    public var rooms: [ITCRoom]
    public var courses: [ITCCourse]
    public var configs: [ITCConfig]
    public var subparts: [ITCSubpart]
    public var classes: [ITCClass]
    public var distributions: [ITCDistribution]
    public var students: [ITCStudent]
    /// `travel[a * rooms.count + b]`: slots needed to go from room `a` to room `b` (symmetric, 0 when not listed).
    public var travel: [Int]

    public init(name: String, nrDays: Int, nrWeeks: Int, slotsPerDay: Int, weights: ITCWeights, rooms: [ITCRoom],
                courses: [ITCCourse], configs: [ITCConfig], subparts: [ITCSubpart], classes: [ITCClass],
                distributions: [ITCDistribution], students: [ITCStudent], travel: [Int]) {
        self.name = name
        self.nrDays = nrDays
        self.nrWeeks = nrWeeks
        self.slotsPerDay = slotsPerDay
        self.weights = weights
        self.rooms = rooms
        self.courses = courses
        self.configs = configs
        self.subparts = subparts
        self.classes = classes
        self.distributions = distributions
        self.students = students
        self.travel = travel
    }

    /// Travel time in slots between two rooms (0 when either is `nil`: a class that needs no room).
    @inline(__always)
    public func travel(_ a: Int?, _ b: Int?) -> Int {
        guard let a, let b else { return 0 }
        return travel[a * rooms.count + b]
    }

    /// Dense index by id, for classes, rooms and students (built on each call: keep the result).
    public func classIndexMap() -> [String: Int] {
        Dictionary(classes.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }
    public func roomIndexMap() -> [String: Int] {
        Dictionary(rooms.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }
    public func studentIndexMap() -> [String: Int] {
        Dictionary(students.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }
}

/// The weights of the four penalty components in the total.
public struct ITCWeights: Hashable, Sendable, Codable {
    public var time: Int
    public var room: Int
    public var distribution: Int
    public var student: Int
    public init(time: Int, room: Int, distribution: Int, student: Int) {
        self.time = time
        self.room = room
        self.distribution = distribution
        self.student = student
    }
}

public struct ITCRoom: Sendable, Codable {
    public var id: String
    public var capacity: Int
    /// Times when no class may meet in the room.
    public var unavailable: [ITCTime]
    /// Line of the `<room>` element in the problem file.
    public var line: Int
    public init(id: String, capacity: Int, unavailable: [ITCTime] = [], line: Int = 0) {
        self.id = id
        self.capacity = capacity
        self.unavailable = unavailable
        self.line = line
    }
}

public struct ITCCourse: Sendable, Codable {
    public var id: String
    /// Indices into ``ITCProblem/configs``.
    public var configs: [Int]
    public var line: Int
    public init(id: String, configs: [Int], line: Int = 0) {
        self.id = id
        self.configs = configs
        self.line = line
    }
}

public struct ITCConfig: Sendable, Codable {
    public var id: String
    public var course: Int
    /// Indices into ``ITCProblem/subparts``.
    public var subparts: [Int]
    public var line: Int
    public init(id: String, course: Int, subparts: [Int], line: Int = 0) {
        self.id = id
        self.course = course
        self.subparts = subparts
        self.line = line
    }
}

public struct ITCSubpart: Sendable, Codable {
    public var id: String
    public var config: Int
    /// Indices into ``ITCProblem/classes``.
    public var classes: [Int]
    public var line: Int
    public init(id: String, config: Int, classes: [Int], line: Int = 0) {
        self.id = id
        self.config = config
        self.classes = classes
        self.line = line
    }
}

/// A time a class may take, with the penalty of taking it.
public struct ITCTimeOption: Hashable, Sendable, Codable {
    public var time: ITCTime
    public var penalty: Int
    public init(time: ITCTime, penalty: Int) {
        self.time = time
        self.penalty = penalty
    }
}

/// A room a class may take (index into ``ITCProblem/rooms``), with the penalty of taking it.
public struct ITCRoomOption: Hashable, Sendable, Codable {
    public var room: Int
    public var penalty: Int
    public init(room: Int, penalty: Int) {
        self.room = room
        self.penalty = penalty
    }
}

public struct ITCClass: Sendable, Codable {
    public var id: String
    /// Most students the class may take.
    public var limit: Int
    /// Index of the parent class: a student of this class must attend the parent too.
    public var parent: Int?
    public var subpart: Int
    public var config: Int
    public var course: Int
    /// False for `room="false"`: the class takes a time only.
    public var needsRoom: Bool
    public var rooms: [ITCRoomOption]
    public var times: [ITCTimeOption]
    public var line: Int
    public init(id: String, limit: Int, parent: Int? = nil, subpart: Int, config: Int, course: Int, needsRoom: Bool = true,
                rooms: [ITCRoomOption], times: [ITCTimeOption], line: Int = 0) {
        self.id = id
        self.limit = limit
        self.parent = parent
        self.subpart = subpart
        self.config = config
        self.course = course
        self.needsRoom = needsRoom
        self.rooms = rooms
        self.times = times
        self.line = line
    }
}

public struct ITCStudent: Sendable, Codable {
    public var id: String
    /// Indices into ``ITCProblem/courses``.
    public var courses: [Int]
    public var line: Int
    public init(id: String, courses: [Int], line: Int = 0) {
        self.id = id
        self.courses = courses
        self.line = line
    }
}

/// A distribution constraint: a rule over a list of classes, required (hard) or with a penalty per
/// violation (soft).
public struct ITCDistribution: Sendable, Codable {
    public var kind: ITCDistributionKind
    public var required: Bool
    /// Penalty per violation when soft (0 when required).
    public var penalty: Int
    /// Indices into ``ITCProblem/classes``, in the file's order (Precedence depends on it).
    public var classes: [Int]
    public var line: Int
    public init(kind: ITCDistributionKind, required: Bool, penalty: Int, classes: [Int], line: Int = 0) {
        self.kind = kind
        self.required = required
        self.penalty = penalty
        self.classes = classes
        self.line = line
    }
}

/// The 19 distribution types of ITC 2019, with their parameters (in slots, days or breaks).
public enum ITCDistributionKind: Hashable, Sendable, Codable, CustomStringConvertible {
    case sameStart, sameTime, differentTime, sameDays, differentDays, sameWeeks, differentWeeks
    case overlap, notOverlap, sameRoom, differentRoom, sameAttendees, precedence
    /// At most `s` slots from the first start to the last end on a day the classes share.
    case workDay(s: Int)
    /// At least `g` slots between classes on a shared day.
    case minGap(g: Int)
    /// At most `d` days of the week in all.
    case maxDays(d: Int)
    /// At most `s` slots of classes on each day of each week.
    case maxDayLoad(s: Int)
    /// At most `r` breaks (gaps of more than `s` slots) on each day of each week.
    case maxBreaks(r: Int, s: Int)
    /// No block (classes at most `s` slots apart) longer than `m` slots on a day of a week.
    case maxBlock(m: Int, s: Int)

    /// Reads the `type` attribute, e.g. `SameStart`, `MaxBreaks(2,12)`; `nil` when unknown or malformed.
    public init?(type: String) {
        let text = type.trimmingCharacters(in: .whitespaces)
        let name: Substring
        var numbers: [Int] = []
        if let open = text.firstIndex(of: "(") {
            guard text.hasSuffix(")") else { return nil }
            name = text[..<open]
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 0 else { return nil }
                numbers.append(n)
            }
        } else {
            name = Substring(text)
        }
        switch (name, numbers.count) {
        case ("SameStart", 0): self = .sameStart
        case ("SameTime", 0): self = .sameTime
        case ("DifferentTime", 0): self = .differentTime
        case ("SameDays", 0): self = .sameDays
        case ("DifferentDays", 0): self = .differentDays
        case ("SameWeeks", 0): self = .sameWeeks
        case ("DifferentWeeks", 0): self = .differentWeeks
        case ("Overlap", 0): self = .overlap
        case ("NotOverlap", 0): self = .notOverlap
        case ("SameRoom", 0): self = .sameRoom
        case ("DifferentRoom", 0): self = .differentRoom
        case ("SameAttendees", 0): self = .sameAttendees
        case ("Precedence", 0): self = .precedence
        case ("WorkDay", 1): self = .workDay(s: numbers[0])
        case ("MinGap", 1): self = .minGap(g: numbers[0])
        case ("MaxDays", 1): self = .maxDays(d: numbers[0])
        case ("MaxDayLoad", 1): self = .maxDayLoad(s: numbers[0])
        case ("MaxBreaks", 2): self = .maxBreaks(r: numbers[0], s: numbers[1])
        case ("MaxBlock", 2): self = .maxBlock(m: numbers[0], s: numbers[1])
        default: return nil
        }
    }

    /// The `type` attribute as the files write it.
    public var description: String {
        switch self {
        case .sameStart: "SameStart"
        case .sameTime: "SameTime"
        case .differentTime: "DifferentTime"
        case .sameDays: "SameDays"
        case .differentDays: "DifferentDays"
        case .sameWeeks: "SameWeeks"
        case .differentWeeks: "DifferentWeeks"
        case .overlap: "Overlap"
        case .notOverlap: "NotOverlap"
        case .sameRoom: "SameRoom"
        case .differentRoom: "DifferentRoom"
        case .sameAttendees: "SameAttendees"
        case .precedence: "Precedence"
        case .workDay(let s): "WorkDay(\(s))"
        case .minGap(let g): "MinGap(\(g))"
        case .maxDays(let d): "MaxDays(\(d))"
        case .maxDayLoad(let s): "MaxDayLoad(\(s))"
        case .maxBreaks(let r, let s): "MaxBreaks(\(r),\(s))"
        case .maxBlock(let m, let s): "MaxBlock(\(m),\(s))"
        }
    }

    /// True for the types judged pair by pair (the penalty counts violating pairs); false for
    /// MaxDays, MaxDayLoad, MaxBreaks and MaxBlock, judged on all the classes together.
    public var isPairwise: Bool {
        switch self {
        case .maxDays, .maxDayLoad, .maxBreaks, .maxBlock: false
        default: true
        }
    }
}
