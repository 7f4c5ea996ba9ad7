import Foundation

/// A constructive + local-search solver for ``FETProblem``.
///
/// Construction places activities most-constrained first (longest, most rules), each at the
/// start slot and room of least cost. The search then repeatedly takes an activity of a violated
/// rule (or, sometimes, any activity), moves it to its best start slot and room (ties broken at
/// random; a random move now and then to leave local minima), and keeps the best timetable seen.
/// Costs are recomputed only for the rules of the moved activity. Same seed → same answer.
public enum FETSolver {
    public struct Parameters: Sendable {
        public var timeLimit: Double
        public var seed: UInt64
        public init(timeLimit: Double = 10, seed: UInt64 = 1) {
            self.timeLimit = timeLimit
            self.seed = seed
        }
    }

    public struct Result: Sendable {
        public var assignment: FETAssignment
        /// Seconds until the first timetable without hard violations (`nil`: none found).
        public var secondsToFeasible: Double?
        public var iterations: Int
    }

    public static func solve(_ p: FETProblem, parameters: Parameters = .init()) -> Result {
        let clock = Date()
        func elapsed() -> Double { Date().timeIntervalSince(clock) }
        var rng = XorShift(seed: parameters.seed)
        let n = p.activities.count
        // Per-activity rules split into one rule per activity, so moves re-evaluate little.
        var rules: [FETRule] = []
        for r in p.rules {
            if r.isPerActivity && r.activities.count > 1 {
                for a in r.activities { var one = r; one.activities = [a]; rules.append(one) }
            } else {
                rules.append(r)
            }
        }
        var rulesOf = Array(repeating: [Int](), count: n)
        for (i, r) in rules.enumerated() { for a in Set(r.activities) { rulesOf[a].append(i) } }

        var start = Array(repeating: -1, count: n)
        var room = Array(repeating: -1, count: n)
        let starts: [[Int]] = (0..<n).map { a in (0..<p.slots).filter { p.fits(a, at: $0) } }
        let unplacedCost = 1000.0 * 10

        func localCost(_ a: Int) -> Double {
            rulesOf[a].reduce(0) { $0 + rules[$1].cost(rules[$1].violations(p, start, room)) } + (start[a] < 0 ? unplacedCost : 0)
        }
        /// The best (start, room) for `a`, ties at random; `limitRooms` caps the rooms tried per start.
        func best(_ a: Int) -> (Int, Int, Double) {
            var bestCost = Double.infinity, choice = (start[a], room[a]), ties = 0
            let domain = p.roomDomain[a]
            for s in starts[a] {
                start[a] = s
                var rooms: [Int] = domain.isEmpty ? [-1] : domain
                if rooms.count > 6 { rooms = (0..<6).map { _ in domain[Int(rng.next() % UInt64(domain.count))] } }
                for r in rooms {
                    room[a] = r
                    let c = localCost(a)
                    if c < bestCost - 1e-9 { bestCost = c; choice = (s, r); ties = 1 }
                    else if abs(c - bestCost) <= 1e-9 { ties += 1; if rng.next() % UInt64(ties) == 0 { choice = (s, r) } }
                }
            }
            return (choice.0, choice.1, bestCost)
        }

        // Construction.
        let order = (0..<n).sorted { (p.activities[$0].duration, rulesOf[$0].count) > (p.activities[$1].duration, rulesOf[$1].count) }
        for a in order where !starts[a].isEmpty {
            let (s, r, _) = best(a)
            start[a] = s
            room[a] = r
        }

        func total() -> (hard: Int, cost: Double) {
            var hard = start.filter { $0 < 0 }.count, cost = 0.0
            for r in rules {
                let v = r.violations(p, start, room)
                if r.isHard { hard += v }
                cost += r.cost(v)
            }
            return (hard, cost + Double(start.filter { $0 < 0 }.count) * unplacedCost)
        }
        var (hard, cost) = total()
        var bestStart = start, bestRoom = room, bestCost = cost
        var secondsToFeasible: Double? = hard == 0 ? elapsed() : nil
        var iterations = 0
        var violated: [Int] = []
        func refreshViolated() {
            var s = Set<Int>()
            for r in rules where r.violations(p, start, room) > 0 { s.formUnion(r.activities) }
            for a in 0..<n where start[a] < 0 { s.insert(a) }
            violated = s.sorted()
        }
        refreshViolated()
        var sinceImprovement = 0
        while elapsed() < parameters.timeLimit && n > 0 {
            iterations += 1
            if iterations % 50 == 0 { refreshViolated() }
            if violated.isEmpty && iterations % 50 != 0 && bestCost == 0 { break }
            let a = (!violated.isEmpty && rng.next() % 10 < 8) ? violated[Int(rng.next() % UInt64(violated.count))] : Int(rng.next() % UInt64(n))
            guard !starts[a].isEmpty else { continue }
            let before = localCost(a)
            let oldStart = start[a], oldRoom = room[a]
            if rng.next() % 100 < 3 || sinceImprovement > 2000 {
                start[a] = starts[a][Int(rng.next() % UInt64(starts[a].count))]
                let domain = p.roomDomain[a]
                room[a] = domain.isEmpty ? -1 : domain[Int(rng.next() % UInt64(domain.count))]
                if sinceImprovement > 2000 { sinceImprovement = 0 }
            } else {
                let (s, r, _) = best(a)
                start[a] = s
                room[a] = r
            }
            let after = localCost(a)
            cost += after - before
            _ = (oldStart, oldRoom)
            if iterations % 1000 == 0 { (hard, cost) = total() }   // re-synchronise the running cost
            if cost < bestCost - 1e-9 {
                do {
                    bestCost = cost
                    bestStart = start
                    bestRoom = room
                    sinceImprovement = 0
                    if secondsToFeasible == nil && start.allSatisfy({ $0 >= 0 }) && rules.allSatisfy({ !$0.isHard || $0.violations(p, start, room) == 0 }) {
                        secondsToFeasible = elapsed()
                    }
                }
            } else {
                sinceImprovement += 1
            }
        }
        return Result(assignment: FETAssignment(start: bestStart, room: bestRoom), secondsToFeasible: secondsToFeasible, iterations: iterations)
    }
}

/// xorshift64* — small, fast and deterministic.
struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
