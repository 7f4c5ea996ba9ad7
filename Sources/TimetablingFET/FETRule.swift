import TimetablingCore
/// One supported FET constraint, compiled: a kind, the activities it concerns and its weight.
/// Its violation count on an assignment is ``FETRule/violations(_:_:_:)``; FET's weight 100 % makes
/// it hard, anything less soft (cost = weight / 100 × violations).
public struct FETRule: Sendable {
    public enum Kind: Sendable, Equatable {
        /// No two of the activities at the same time (a teacher's, a subgroup's, activities not overlapping).
        case noOverlap
        /// No two activities in (a virtual room standing for) this real room at the same time.
        case roomNoOverlap(room: Int)
        /// The activities must not occupy these slots (not available times, break times).
        case forbiddenSlots(Set<Int>)
        /// The activity must start at one of these slots.
        case allowedStarts(Set<Int>)
        /// Every slot the activity occupies must be one of these.
        case allowedSlots(Set<Int>)
        /// Pairs of activities at least this many days apart.
        case minDays(Int)
        /// All activities start at the same slot.
        case sameStart
        case maxDaysPerWeek(Int)
        case maxGapsPerWeek(Int)
        case maxGapsPerDay(Int)
        case maxHoursDaily(Int)
        case minHoursDaily(Int, allowEmptyDays: Bool)
        case maxHoursContinuously(Int)
        /// Days must begin at the first hour, except at most this many days beginning at the second.
        case earlyMaxBeginningsAtSecondHour(Int)
        /// The first activity is the last of the day for the others (its students' activities).
        case endsDay
        /// The second activity starts right after the first ends, the same day.
        case consecutive
        /// The activity's room must be one of these (no room at all counts as a violation).
        case allowedRooms(Set<Int>)
        /// Activities in this room must not occupy these slots.
        case roomForbiddenSlots(room: Int, Set<Int>)
    }

    /// FET's constraint type, e.g. `ConstraintTeacherMaxGapsPerWeek` (`ConstraintBasicCompulsoryTime` for clashes).
    public var type: String
    public var kind: Kind
    public var activities: [Int]
    public var weightPercentage: Double
    /// Slots that never count as gaps, nor as a late beginning of the day (breaks and not-available
    /// times of every activity of the rule, as in FET).
    public var notGaps: Set<Int> = []
    public var isHard: Bool { weightPercentage >= 100 }

    /// Whether the violations are a sum over the activities taken one by one.
    public var isPerActivity: Bool {
        switch kind {
        case .forbiddenSlots, .allowedStarts, .allowedSlots, .allowedRooms, .roomForbiddenSlots: true
        default: false
        }
    }

    /// Cost in the solver's and checker's common unit: hard violations weigh `hardWeight`.
    public func cost(_ violations: Int, hardWeight: Double = 1000) -> Double {
        isHard ? hardWeight * Double(violations) : weightPercentage / 100 * Double(violations)
    }

    /// Violations of the rule given each activity's start slot (−1: unplaced) and room (−1: none).
    /// Cost: O(activities × duration), O(activities²) for pairwise kinds.
    public func violations(_ p: FETProblem, _ start: [Int], _ room: [Int]) -> Int {
        let H = p.hours
        func occupied(_ a: Int) -> Range<Int>? {
            let s = start[a]
            return s < 0 ? nil : s..<(s + p.activities[a].duration)
        }
        /// Hours busy per day (counting overlaps once).
        func grid() -> [[Bool]] {
            var g = Array(repeating: Array(repeating: false, count: H), count: p.days)
            for a in activities { if let r = occupied(a) { for s in r { g[s / H][s % H] = true } } }
            return g
        }
        /// Slots taken more than once among `acts`.
        func overlaps(_ acts: [Int]) -> Int {
            var count = [UInt16](repeating: 0, count: p.slots)
            var v = 0
            for a in acts { if let r = occupied(a) { for s in r where s < count.count { count[s] &+= 1; if count[s] > 1 { v += 1 } } } }
            return v
        }
        switch kind {
        case .noOverlap:
            return overlaps(activities)
        case .roomNoOverlap(let r):
            return overlaps(activities.filter { room[$0] >= 0 && p.realRooms[room[$0]].contains(r) })
        case .forbiddenSlots(let f):
            return activities.reduce(0) { n, a in n + (occupied(a)?.filter { f.contains($0) }.count ?? 0) }
        case .allowedStarts(let ok):
            return activities.reduce(0) { n, a in n + (start[a] >= 0 && !ok.contains(start[a]) ? 1 : 0) }
        case .allowedSlots(let ok):
            return activities.reduce(0) { n, a in n + (occupied(a)?.filter { !ok.contains($0) }.count ?? 0) }
        case .minDays(let m):
            var v = 0
            for i in activities.indices where start[activities[i]] >= 0 {
                for j in activities.indices where j > i && start[activities[j]] >= 0 {
                    if abs(start[activities[i]] / H - start[activities[j]] / H) < m { v += 1 }
                }
            }
            return v
        case .sameStart:
            let placed = activities.map { start[$0] }.filter { $0 >= 0 }
            guard let first = placed.first else { return 0 }
            return placed.filter { $0 != first }.count
        case .maxDaysPerWeek(let m):
            return max(0, grid().filter { $0.contains(true) }.count - m)
        case .maxGapsPerWeek(let m):
            return max(0, grid().enumerated().reduce(0) { $0 + gaps($1.element, day: $1.offset, H) } - m)
        case .maxGapsPerDay(let m):
            return grid().enumerated().reduce(0) { $0 + max(0, gaps($1.element, day: $1.offset, H) - m) }
        case .maxHoursDaily(let m):
            return grid().reduce(0) { $0 + max(0, $1.filter { $0 }.count - m) }
        case .minHoursDaily(let m, let allowEmpty):
            return grid().reduce(0) { n, day in
                let h = day.filter { $0 }.count
                return n + ((h == 0 && allowEmpty) ? 0 : max(0, m - h))
            }
        case .maxHoursContinuously(let m):
            var v = 0
            for day in grid() {
                var run = 0
                for b in day { run = b ? run + 1 : 0; if run > m { v += 1 } }
            }
            return v
        case .earlyMaxBeginningsAtSecondHour(let m):
            // Hours of the day before the first lesson, not counting breaks and not-available hours (``notGaps``).
            var v = 0, second = 0
            for (d, day) in grid().enumerated() {
                guard let first = day.firstIndex(of: true) else { continue }
                let empty = (0..<first).filter { !notGaps.contains(d * H + $0) }.count
                if empty == 1 { second += 1 } else if empty > 1 { v += empty - 1; second += 1 }
            }
            return v + max(0, second - m)
        case .endsDay:
            guard let head = activities.first, let r = occupied(head) else { return 0 }
            let day = r.lowerBound / H, end = r.upperBound
            return activities.dropFirst().reduce(0) { n, a in
                guard let o = occupied(a), o.lowerBound / H == day else { return n }
                return n + (o.upperBound > end ? 1 : 0)
            }
        case .consecutive:
            guard activities.count == 2, let a = occupied(activities[0]), let b = occupied(activities[1]) else { return 0 }
            return (a.upperBound == b.lowerBound && a.lowerBound / H == b.lowerBound / H) ? 0 : 1
        case .allowedRooms(let ok):
            return activities.reduce(0) { n, a in n + (room[a] < 0 || !ok.contains(room[a]) ? 1 : 0) }
        case .roomForbiddenSlots(let r, let f):
            return activities.reduce(0) { n, a in
                guard room[a] >= 0, p.realRooms[room[a]].contains(r), let o = occupied(a) else { return n }
                return n + o.filter { f.contains($0) }.count
            }
        }
    }

    /// Empty hours between the first and the last busy hour of a day, other than ``notGaps``.
    func gaps(_ day: [Bool], day d: Int, _ H: Int) -> Int {
        guard let f = day.firstIndex(of: true), let l = day.lastIndex(of: true) else { return 0 }
        return (f...l).filter { !day[$0] && !notGaps.contains(d * H + $0) }.count
    }
}
