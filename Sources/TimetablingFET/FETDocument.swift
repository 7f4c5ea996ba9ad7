import TimetablingCore
/// A FET timetabling file (`.fet`, the XML format of the free timetabling program FET) as plain data.
///
/// Only the parts this library uses are typed: the week (days and hours), teachers, subjects,
/// activity tags, the students hierarchy (years, groups, subgroups), buildings, rooms and
/// activities. Constraints are kept as generic elements (``FETConstraint``), so that every
/// constraint type — understood or not — survives reading and can be counted and reported.
///
/// ```swift
/// let document = try FETReader.read(data: try Data(contentsOf: url))
/// print(document.activities.count, document.days, document.hours)
/// let placements = FETPlacements(document)   // where a solved file put each activity
/// ```
public struct FETDocument: Sendable, Equatable {
    /// The `version` attribute of the `<fet>` root element.
    public var version: String?
    public var institutionName: String?
    /// `<Mode>`: `Official` (or absent in older files), `Mornings-Afternoons`, `Block-planning`, `Terms`.
    public var mode: String?
    public var days: [String]
    public var hours: [String]
    public var subjects: [String]
    public var activityTags: [String]
    public var teachers: [String]
    public var years: [FETYear]
    public var buildings: [String]
    public var rooms: [FETRoom]
    public var activities: [FETActivity]
    public var timeConstraints: [FETConstraint]
    public var spaceConstraints: [FETConstraint]

    public init(
        version: String? = nil, institutionName: String? = nil, days: [String], hours: [String],
        subjects: [String] = [], activityTags: [String] = [], teachers: [String] = [], years: [FETYear] = [],
        buildings: [String] = [], rooms: [FETRoom] = [], activities: [FETActivity] = [],
        timeConstraints: [FETConstraint] = [], spaceConstraints: [FETConstraint] = []
    ) {
        self.version = version
        self.institutionName = institutionName
        self.days = days
        self.hours = hours
        self.subjects = subjects
        self.activityTags = activityTags
        self.teachers = teachers
        self.years = years
        self.buildings = buildings
        self.rooms = rooms
        self.activities = activities
        self.timeConstraints = timeConstraints
        self.spaceConstraints = spaceConstraints
    }
}

/// A year of students (FET's top level of the students hierarchy), with its groups.
public struct FETYear: Sendable, Equatable {
    public var name: String
    public var numberOfStudents: Int
    public var groups: [FETGroup]

    public init(name: String, numberOfStudents: Int = 0, groups: [FETGroup] = []) {
        self.name = name
        self.numberOfStudents = numberOfStudents
        self.groups = groups
    }
}

/// A group of a year, with its subgroups. FET lets one group belong to several years.
public struct FETGroup: Sendable, Equatable {
    public var name: String
    public var numberOfStudents: Int
    public var subgroups: [FETSubgroup]

    public init(name: String, numberOfStudents: Int = 0, subgroups: [FETSubgroup] = []) {
        self.name = name
        self.numberOfStudents = numberOfStudents
        self.subgroups = subgroups
    }
}

/// A subgroup of a group: the smallest students set of FET.
public struct FETSubgroup: Sendable, Equatable {
    public var name: String
    public var numberOfStudents: Int

    public init(name: String, numberOfStudents: Int = 0) {
        self.name = name
        self.numberOfStudents = numberOfStudents
    }
}

/// A room. A virtual room stands for several real rooms used together (FET 6).
public struct FETRoom: Sendable, Equatable {
    public var name: String
    public var building: String?
    public var capacity: Int
    public var isVirtual: Bool
    /// For a virtual room: sets of real rooms, one of each set is used (FET 6 `<Set_of_Real_Rooms>`).
    public var realRoomSets: [[String]]

    public init(name: String, building: String? = nil, capacity: Int = 0, isVirtual: Bool = false, realRoomSets: [[String]] = []) {
        self.name = name
        self.building = building
        self.capacity = capacity
        self.isVirtual = isVirtual
        self.realRoomSets = realRoomSets
    }
}

/// One activity: a lesson of `duration` consecutive hours. Activities split from one weekly
/// load share an `activityGroupId` (0 means not split).
public struct FETActivity: Sendable, Equatable {
    public var id: Int
    public var activityGroupId: Int
    public var teachers: [String]
    public var subject: String
    public var activityTags: [String]
    /// Students sets (year, group or subgroup names).
    public var students: [String]
    public var duration: Int
    public var totalDuration: Int
    public var active: Bool
    /// Line of the `<Activity>` element, for diagnostics.
    public var line: Int

    public init(
        id: Int, activityGroupId: Int = 0, teachers: [String] = [], subject: String = "", activityTags: [String] = [],
        students: [String] = [], duration: Int = 1, totalDuration: Int? = nil, active: Bool = true, line: Int = 0
    ) {
        self.id = id
        self.activityGroupId = activityGroupId
        self.teachers = teachers
        self.subject = subject
        self.activityTags = activityTags
        self.students = students
        self.duration = duration
        self.totalDuration = totalDuration ?? duration
        self.active = active
        self.line = line
    }
}

/// A time or space constraint, kept as its XML element: the element name is FET's constraint
/// type (`ConstraintActivityPreferredStartingTime`, `ConstraintTeacherNotAvailableTimes`, …).
public struct FETConstraint: Sendable, Equatable {
    public var element: FETElement

    public init(element: FETElement) { self.element = element }

    /// FET's type name, e.g. `ConstraintMinDaysBetweenActivities`.
    public var type: String { element.name }
    /// `Weight_Percentage` (100 means hard); 100 when absent.
    public var weightPercentage: Double { element.text("Weight_Percentage").flatMap { Double($0) } ?? 100 }
    /// Whether FET enforces it; constraints with `<Active>false</Active>` are switched off.
    public var active: Bool { element.text("Active").map(FETReader.bool) ?? true }
    public var isHard: Bool { weightPercentage >= 100 }
    /// Text of the first child with this name.
    public func text(_ name: String) -> String? { element.text(name) }
    /// Texts of every child with this name.
    public func texts(_ name: String) -> [String] { element.children(name).map(\.text) }
}
