import TimetablingCore
/// A FET file compiled for solving: dense indices for activities, subgroups, teachers and rooms,
/// and the supported constraints as ``FETRule`` values; unsupported constraint types are counted.
///
/// Time is a grid of `days × hours` slots, slot `d * hours + h`. An activity of duration `n`
/// starting at `(d, h)` occupies `h … h+n−1` of day `d` and must fit in the day. Students sets
/// are expanded to their smallest parts (subgroups; a group or year without parts stands for
/// itself), as FET does: two activities clash when they share a teacher or a subgroup.
///
/// ```swift
/// let problem = FETProblem(document)
/// for (type, n) in problem.unsupported { print("unsupported: \(type) × \(n)") }
/// let report = FETChecker.check(problem, FETSolver.solve(problem, timeLimit: 10).assignment)
/// ```
public struct FETProblem: Sendable {
    public let document: FETDocument
    public let days: Int
    public let hours: Int
    /// Active activities, in file order; indices below refer to this array.
    public let activities: [FETActivity]
    public let activityIndex: [Int: Int]
    public let subgroupNames: [String]
    public let teacherNames: [String]
    public let roomNames: [String]
    /// Per activity: teacher indices, subgroup indices, rooms it may use (empty: needs no room).
    public let activityTeachers: [[Int]]
    public let activitySubgroups: [[Int]]
    public internal(set) var roomDomain: [[Int]]
    /// Real rooms (indices) of each room; a real room lists itself.
    public let realRooms: [[Int]]
    public internal(set) var rules: [FETRule] = []
    /// Constraint types that are not supported, with how many active constraints of each type.
    public internal(set) var unsupported: [String: Int] = [:]
    /// Supported constraints by type, with their counts.
    public internal(set) var supported: [String: Int] = [:]
    public internal(set) var diagnostics: [Diagnostic] = []

    public var slots: Int { days * hours }

    public init(_ document: FETDocument) {
        self.document = document
        days = document.days.count
        hours = document.hours.count
        activities = document.activities.filter(\.active)
        activityIndex = Dictionary(activities.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        teacherNames = document.teachers
        roomNames = document.rooms.map(\.name)

        // Students sets → atoms (subgroups, or groups/years without parts).
        var atoms: [String] = []
        var atomIndex: [String: Int] = [:]
        var expansion: [String: [Int]] = [:]
        func atom(_ name: String) -> Int {
            if let i = atomIndex[name] { return i }
            atomIndex[name] = atoms.count
            atoms.append(name)
            return atoms.count - 1
        }
        for y in document.years {
            var yearAtoms: [Int] = []
            if y.groups.isEmpty { yearAtoms = [atom(y.name)] }
            for g in y.groups {
                let groupAtoms = g.subgroups.isEmpty ? [atom(g.name)] : g.subgroups.map { atom($0.name) }
                expansion[g.name, default: []].append(contentsOf: groupAtoms)
                for s in g.subgroups { expansion[s.name] = [atom(s.name)] }
                yearAtoms.append(contentsOf: groupAtoms)
            }
            expansion[y.name, default: []].append(contentsOf: yearAtoms)
        }
        for (k, v) in expansion { expansion[k] = Array(Set(v)).sorted() }
        subgroupNames = atoms

        let teacherIndex = Dictionary(document.teachers.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let roomIndex = Dictionary(document.rooms.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var list = DiagnosticList()
        activityTeachers = activities.map { a in a.teachers.compactMap { teacherIndex[$0] } }
        activitySubgroups = activities.map { a in
            Array(Set(a.students.flatMap { name -> [Int] in
                if let e = expansion[name] { return e }
                list.warning("Activities_List.Activity[id \(a.id)]", "unknown students set \"\(name)\"", fix: "define it in FET's students list")
                return []
            })).sorted()
        }
        roomDomain = Array(repeating: [], count: activities.count)
        // Virtual rooms: their real rooms are read from the Rooms_List element.
        var real: [[Int]] = document.rooms.indices.map { [$0] }
        for (i, r) in document.rooms.enumerated() where r.isVirtual {
            let names = r.realRoomSets.compactMap(\.first)
            let reals = names.compactMap { roomIndex[$0] }
            if !reals.isEmpty { real[i] = reals }
        }
        realRooms = real
        diagnostics = list.items
        FETRuleCompiler.compile(into: &self, teacherIndex: teacherIndex, roomIndex: roomIndex, expansion: expansion)
    }

    /// Slots an activity occupies when it starts at `start`, or `nil` when it does not fit in the day.
    @inline(__always)
    public func fits(_ activity: Int, at start: Int) -> Bool {
        start % hours + activities[activity].duration <= hours
    }
}

