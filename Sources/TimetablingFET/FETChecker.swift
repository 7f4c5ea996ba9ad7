import TimetablingCore
/// A timetable of a ``FETProblem``: each active activity's start slot (`day * hours + hour`, −1
/// when unplaced) and room (index into the file's rooms, −1 when it has none).
public struct FETAssignment: Sendable, Equatable {
    public var start: [Int]
    public var room: [Int]

    public init(start: [Int], room: [Int]) {
        self.start = start
        self.room = room
    }

    /// The timetable a solved FET file records (see ``FETPlacements``).
    public init(_ problem: FETProblem, placements: FETPlacements) {
        let d = problem.document
        let roomIndex = Dictionary(d.rooms.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        start = problem.activities.map { a in
            guard let p = placements.byActivity[a.id], let di = d.days.firstIndex(of: p.day), let hi = d.hours.firstIndex(of: p.hour) else { return -1 }
            return di * problem.hours + hi
        }
        room = problem.activities.map { a in placements.byActivity[a.id]?.rooms.first.flatMap { roomIndex[$0] } ?? -1 }
    }
}

/// The verdict on a FET timetable for the supported constraint subset: it evaluates every compiled
/// ``FETRule`` from scratch. Hard violations (unplaced activities count as one each), soft cost
/// (Σ weight / 100 × violations) and both per constraint type.
public struct FETCheckReport: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var type: String
        public var hardViolations: Int
        public var softCost: Double
    }

    public var hardViolations: Int
    public var softCost: Double
    public var unplaced: Int
    public var byType: [Line]
    /// Every activity placed and no hard violation.
    public var isFeasible: Bool { hardViolations == 0 }
}

public enum FETChecker {
    public static func check(_ problem: FETProblem, _ assignment: FETAssignment) -> FETCheckReport {
        var hard: [String: Int] = [:], soft: [String: Double] = [:]
        let unplaced = assignment.start.enumerated().filter { i, s in s < 0 || !problem.fits(i, at: s) || s >= problem.slots }.count
        if unplaced > 0 { hard["unplaced or not fitting in the day", default: 0] += unplaced }
        var start = assignment.start
        for i in start.indices where start[i] >= problem.slots || (start[i] >= 0 && !problem.fits(i, at: start[i])) { start[i] = -1 }
        for rule in problem.rules {
            let v = rule.violations(problem, start, assignment.room)
            guard v > 0 else { continue }
            if rule.isHard { hard[rule.type, default: 0] += v } else { soft[rule.type, default: 0] += rule.cost(v) }
        }
        let types = Set(hard.keys).union(soft.keys).sorted()
        return FETCheckReport(
            hardViolations: hard.values.reduce(0, +), softCost: soft.values.reduce(0, +), unplaced: unplaced,
            byType: types.map { .init(type: $0, hardViolations: hard[$0] ?? 0, softCost: soft[$0] ?? 0) })
    }
}
