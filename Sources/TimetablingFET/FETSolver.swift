import Foundation
import TimetablingCore

/// A solver for ``FETProblem``: placement with displacement until every activity is placed
/// without a hard violation, then a tabu local search on the soft cost.
///
/// Activities that a hard `ActivitiesSameStartingTime` ties together move as one unit. Starts
/// that break a hard rule of the activity alone (not available, break, preferred starting
/// times and time slots) are removed from its domain up front. Clashes of teachers, subgroups
/// and rooms are counted on occupancy tables (slot × resource); the per-day rules (gaps, hours
/// daily, days per week, early beginnings) on bit masks of busy hours (FETDayProfiles.swift).
///
/// Phase 1 (FETForwardSearch.swift, up to 90 % of the time limit): the units are placed hardest
/// first; a unit goes to the start and rooms that displace the fewest placed units, and those
/// wait to be placed in turn, until none waits. Placed units never break a hard rule.
///
/// Phase 2: the units still waiting (if any) go to their cheapest starts, then a tabu search
/// repeatedly takes a unit involved in a hard violation (once there is none, one of a violated
/// soft rule; now and then any unit) and applies the best of: moving it to another start, or
/// swapping starts with a unit that shares a teacher or students with it. A unit may not return
/// to a start it left for a few iterations (5–14, at most a third of its starts) unless that
/// gives the best timetable so far. It keeps the best timetable; when it stalls it goes back to
/// the best one and perturbs it. Hard violations weigh 1000, soft ones their weight / 100.
/// Same seed, same answer as long as the search ends before the time limit (it stops at cost 0).
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
        let search = FETSearch(p, parameters)
        return search.run()
    }
}

/// The solver's state: the timetable, occupancy tables and cached rule violations.
final class FETSearch {
    let p: FETProblem
    let parameters: FETSolver.Parameters
    let clock = Date()
    var rng: SeededRandom
    let n: Int, S: Int
    let hardWeight = 1000.0
    let dur: [Int]

    /// Rules other than the clashes and the rules of one activity alone.
    var rules: [FETRule] = []
    var ruleViolations: [Int] = []
    /// Per activity: indices into `rules` that depend on its start (`timeRules`) or on its room only (`roomRules`).
    var timeRules: [[Int]]
    var roomRules: [[Int]]
    /// Per activity and start: hard violations and soft cost of its one-activity time rules.
    var unaryHard: [[Int32]]
    var unarySoft: [[Double]]
    /// Clash resources (hard no-overlap rules: a teacher, a subgroup, activities not overlapping).
    var resources: [[Int]]
    var occupancy: [UInt16]
    var roomOccupancy: [UInt16]

    /// Move units: activities tied by hard same-starting-time rules; singletons otherwise.
    var units: [[Int]] = []
    var unitOf: [Int]
    var unitStarts: [[Int]] = []
    var unitRules: [[Int]] = []

    var start: [Int]
    var room: [Int]
    var hard = 0
    var soft = 0.0
    var tabuUntil: [Int]

    init(_ p: FETProblem, _ parameters: FETSolver.Parameters) {
        self.p = p
        self.parameters = parameters
        rng = SeededRandom(seed: parameters.seed, stream: "fet")
        n = p.activities.count
        S = p.slots
        dur = p.activities.map(\.duration)
        start = Array(repeating: -1, count: n)
        room = Array(repeating: -1, count: n)
        timeRules = Array(repeating: [], count: n)
        roomRules = Array(repeating: [], count: n)
        unaryHard = Array(repeating: Array(repeating: 0, count: p.slots), count: n)
        unarySoft = Array(repeating: Array(repeating: 0, count: p.slots), count: n)
        resources = []
        unitOf = Array(0..<n)
        occupancy = []
        roomOccupancy = Array(repeating: 0, count: p.roomNames.count * p.slots)
        tabuUntil = []
        byRealRoom = Array(repeating: [], count: p.roomNames.count)

        var resourcesOf = Array(repeating: [Int](), count: n)
        var sameStart: [[Int]] = []
        var scratch = Array(repeating: -1, count: n)
        // Subgroups with the same activities give identical rules: the search keeps one of each
        // (a clash of two whole years is one clash, not one per subgroup), soft ones with their multiplicity.
        var resourceIndex: [[Int]: Int] = [:]
        var ruleIndex: [String: [Int]] = [:]
        for r in p.rules {
            switch r.kind {
            case .noOverlap where r.isHard:
                let acts = Array(Set(r.activities)).sorted()
                if resourceIndex[acts] != nil { continue }
                resourceIndex[acts] = resources.count
                for a in acts { resourcesOf[a].append(resources.count) }
                resources.append(acts)
            case .roomNoOverlap:
                break // room occupancy
            case .forbiddenSlots, .allowedStarts, .allowedSlots:
                // One activity's rules: a table per start.
                for a in Set(r.activities) {
                    var one = r
                    one.activities = [a]
                    for t in 0..<S where p.fits(a, at: t) {
                        scratch[a] = t
                        let v = one.violations(p, scratch, room)
                        if r.isHard { unaryHard[a][t] += Int32(v) } else { unarySoft[a][t] += r.cost(v) }
                    }
                    scratch[a] = -1
                }
            case .allowedRooms, .roomForbiddenSlots:
                for a in Set(r.activities) {
                    var one = r
                    one.activities = [a]
                    roomRules[a].append(rules.count)
                    rules.append(one)
                    ruleMultiplicity.append(1)
                }
            default:
                if case .sameStart = r.kind, r.isHard { sameStart.append(r.activities) }
                let key = "\(r.type)|\(r.weightPercentage)|\(r.activities)"
                if let same = ruleIndex[key]?.first(where: { rules[$0].kind == r.kind && rules[$0].notGaps == r.notGaps }) {
                    ruleMultiplicity[same] += 1
                    continue
                }
                ruleIndex[key, default: []].append(rules.count)
                for a in Set(r.activities) { timeRules[a].append(rules.count) }
                rules.append(r)
                ruleMultiplicity.append(1)
            }
        }
        for (a, domain) in p.roomDomain.enumerated() { for r in Set(domain.flatMap { p.realRooms[$0] }) { byRealRoom[r].append(a) } }
        ruleViolations = Array(repeating: 0, count: rules.count)
        occupancy = Array(repeating: 0, count: resources.count * S)
        activityResources = resourcesOf

        // Units from hard same-starting-time rules (union–find).
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for g in sameStart { for a in g.dropFirst() { let x = find(a), y = find(g[0]); if x != y { parent[x] = y } } }
        var unitIndex: [Int: Int] = [:]
        for a in 0..<n {
            let root = find(a)
            if let u = unitIndex[root] { units[u].append(a) } else { unitIndex[root] = units.count; units.append([a]) }
        }
        for (u, members) in units.enumerated() {
            for a in members { unitOf[a] = u }
            // Starts where every member fits and breaks none of its own hard rules (all fitting starts when none qualifies).
            let fitting = (0..<S).filter { t in members.allSatisfy { p.fits($0, at: t) } }
            let clean = fitting.filter { t in members.allSatisfy { unaryHard[$0][t] == 0 } }
            unitStarts.append(clean.isEmpty ? fitting : clean)
            unitRules.append(Array(Set(members.flatMap { timeRules[$0] })).sorted())
        }
        tabuUntil = Array(repeating: 0, count: units.count * S)
        mark = Array(repeating: 0, count: units.count)
        compileDayRules()
        allowed = Array(repeating: false, count: units.count * S)
        for u in units.indices { for t in unitStarts[u] { allowed[u * S + t] = true } }
    }

    var activityResources: [[Int]] = []
    /// How many identical rules of the file each entry of `rules` stands for (soft costs are multiplied).
    var ruleMultiplicity: [Int] = []
    /// Per real room, the activities that may use it.
    var byRealRoom: [[Int]]
    // Scratch space of the forward search.
    var mark: [UInt32] = []
    var stamp: UInt32 = 0
    var saved: [(Int, Int)] = []
    var forwardIterations = 0
    var evictions: [Int] = []
    var dayRules: [DayRule] = []
    var notGapMasks: [[UInt64]] = []
    var dayMask: [UInt64] = []
    var evictionWeight = 0.0
    /// Weight of a start's soft cost (its unit's soft rules and preferred rooms) against the units it displaces.
    var softWeight = 0.05
    var softBefore = 0.0
    var neighbourCache: [Int: [Int]] = [:]
    /// Per unit and start: whether the start is in the unit's domain.
    var allowed: [Bool] = []

    func elapsed() -> Double { Date().timeIntervalSince(clock) }

    // MARK: occupancy

    @inline(__always) func occupy(_ a: Int, _ delta: Int) {
        let s = start[a]
        guard s >= 0 else { return }
        for r in activityResources[a] {
            let base = r * S
            for t in s..<(s + dur[a]) { occupancy[base + t] = UInt16(Int(occupancy[base + t]) + delta) }
        }
        if room[a] >= 0 {
            for rr in p.realRooms[room[a]] {
                let base = rr * S
                for t in s..<(s + dur[a]) { roomOccupancy[base + t] = UInt16(Int(roomOccupancy[base + t]) + delta) }
            }
        }
    }

    /// Clashes `a` adds when it starts at `s` (itself not in the tables).
    @inline(__always) func timeClashes(_ a: Int, _ s: Int) -> Int {
        var c = 0
        for r in activityResources[a] {
            let base = r * S
            for t in s..<(s + dur[a]) where occupancy[base + t] > 0 { c += 1 }
        }
        return c
    }

    @inline(__always) func roomClashes(_ a: Int, _ s: Int, _ r: Int) -> Int {
        var c = 0
        for rr in p.realRooms[r] {
            let base = rr * S
            for t in s..<(s + dur[a]) where roomOccupancy[base + t] > 0 { c += 1 }
        }
        return c
    }

    func ruleCost(_ i: Int) -> (Int, Double) {
        let v = violationsOf(i)
        return rules[i].isHard ? (v, 0) : (0, rules[i].cost(v) * Double(ruleMultiplicity[i]))
    }

    // MARK: evaluating a unit at a start

    struct Placement {
        var hard: Int
        var soft: Double
        /// Per moved unit, its members' rooms.
        var rooms: [[Int]]
        var cost: Double
    }

    /// The units of `moves` are out of the tables. Places them at their starts with their best rooms
    /// (in the tables while evaluating, taken out again) and returns the hard violations and soft
    /// cost that depend on them: clashes they add, their one-activity rules and every other rule
    /// they are in (each counted once).
    func evaluate(_ moves: [(unit: Int, start: Int)], keepRooms fixed: [[Int]]? = nil) -> Placement {
        var h = 0, so = 0.0
        var rooms: [[Int]] = []
        for (u, s) in moves { for a in units[u] { start[a] = s } }
        var placed: [Int] = []
        for (m, (u, s)) in moves.enumerated() {
            var unitRooms: [Int] = []
            for (k, a) in units[u].enumerated() {
                h += timeClashes(a, s) + Int(unaryHard[a][s])
                so += unarySoft[a][s]
                let domain = p.roomDomain[a]
                var chosen = -1
                if !domain.isEmpty {
                    var bestC = Double.infinity, ties = 0
                    var candidates = domain
                    if let fixed { candidates = [fixed[m][k]] } else if domain.count > 12 {
                        candidates = (0..<12).map { _ in domain[rng.below(domain.count)] }
                        if room[a] >= 0 { candidates.append(room[a]) }
                    }
                    for r in candidates {
                        var rh = roomClashes(a, s, r), rs = 0.0
                        room[a] = r
                        for i in roomRules[a] { let (x, y) = ruleCost(i); rh += x; rs += y }
                        let c = Double(rh) * hardWeight + rs
                        if c < bestC - 1e-9 { bestC = c; chosen = r; ties = 1 } else if abs(c - bestC) <= 1e-9 {
                            ties += 1
                            if rng.below(ties) == 0 { chosen = r }
                        }
                    }
                    room[a] = chosen
                    var rh = roomClashes(a, s, chosen)
                    for i in roomRules[a] { let (x, y) = ruleCost(i); rh += x; so += y }
                    h += rh
                }
                unitRooms.append(chosen)
                if moves.count > 1 || k < units[u].count - 1 { occupy(a, +1); placed.append(a) }
            }
            rooms.append(unitRooms)
        }
        if moves.count == 1 {
            for i in unitRules[moves[0].unit] { let (x, y) = ruleCost(i); h += x; so += y }
        } else {
            var seen: [Int] = []
            for (u, _) in moves {
                for i in unitRules[u] where !seen.contains(i) {
                    seen.append(i)
                    let (x, y) = ruleCost(i); h += x; so += y
                }
            }
        }
        for a in placed { occupy(a, -1) }
        return Placement(hard: h, soft: so, rooms: rooms, cost: Double(h) * hardWeight + so)
    }

    func evaluate(_ u: Int, at s: Int) -> Placement { evaluate([(u, s)]) }

    func lift(_ u: Int) { for a in units[u] { occupy(a, -1) } }

    /// Puts a lifted unit back where it was (the cached rule violations are still right).
    func restore(_ u: Int, _ s: Int, _ rooms: [Int]) {
        for (k, a) in units[u].enumerated() {
            start[a] = s
            room[a] = rooms[k]
            occupy(a, +1)
        }
    }

    /// Units sharing a clash resource (teacher, subgroup) with `u`.
    func neighbourUnits(_ u: Int) -> [Int] {
        if let c = neighbourCache[u] { return c }
        var set = Set<Int>()
        for a in units[u] { for r in activityResources[a] { for b in resources[r] { set.insert(unitOf[b]) } } }
        set.remove(u)
        let list = set.sorted().filter { unitStarts[$0].count > 1 }
        neighbourCache[u] = list
        return list
    }

    func put(_ u: Int, at s: Int, rooms: [Int]) {
        for (k, a) in units[u].enumerated() {
            start[a] = s
            room[a] = rooms[k]
            occupy(a, +1)
        }
        for a in units[u] {
            for i in roomRules[a] { ruleViolations[i] = violationsOf(i) }
        }
        for i in unitRules[u] { ruleViolations[i] = violationsOf(i) }
    }

    /// Recomputes the tables, cached violations and totals from `start` and `room`.
    func rebuild() {
        for i in occupancy.indices { occupancy[i] = 0 }
        for i in roomOccupancy.indices { roomOccupancy[i] = 0 }
        for a in 0..<n { occupy(a, +1) }
        var h = 0, so = 0.0
        for a in 0..<n {
            if start[a] < 0 { h += 1; continue }
            h += Int(unaryHard[a][start[a]])
            so += unarySoft[a][start[a]]
        }
        for v in occupancy where v > 1 { h += Int(v) - 1 }
        for v in roomOccupancy where v > 1 { h += Int(v) - 1 }
        for i in rules.indices {
            ruleViolations[i] = rules[i].violations(p, start, room)
            if rules[i].isHard { h += ruleViolations[i] } else { so += rules[i].cost(ruleViolations[i]) * Double(ruleMultiplicity[i]) }
        }
        hard = h
        soft = so
    }

    /// Units in a hard violation (clash, own hard rule, violated hard rule), or in a violated soft rule when `soft`.
    func violatedUnits(soft wantSoft: Bool) -> [Int] {
        var mark = Array(repeating: false, count: units.count)
        if !wantSoft {
            for a in 0..<n {
                let s = start[a]
                guard s >= 0 else { continue }
                if unaryHard[a][s] > 0 { mark[unitOf[a]] = true; continue }
                var clash = false
                for r in activityResources[a] where !clash {
                    for t in s..<(s + dur[a]) where occupancy[r * S + t] > 1 { clash = true; break }
                }
                if !clash, room[a] >= 0 {
                    for rr in p.realRooms[room[a]] where !clash {
                        for t in s..<(s + dur[a]) where roomOccupancy[rr * S + t] > 1 { clash = true; break }
                    }
                }
                if clash { mark[unitOf[a]] = true }
            }
        } else {
            for a in 0..<n where start[a] >= 0 && unarySoft[a][start[a]] > 0 { mark[unitOf[a]] = true }
        }
        for i in rules.indices where ruleViolations[i] > 0 && rules[i].isHard != wantSoft {
            for a in rules[i].activities { mark[unitOf[a]] = true }
        }
        return mark.indices.filter { mark[$0] && !unitStarts[$0].isEmpty }
    }

    func pick(_ list: [Int]) -> Int { list[rng.below(list.count)] }

    // MARK: search

    func run() -> FETSolver.Result {
        let limit = parameters.timeLimit
        // Construction, hardest units first.
        let neighbours: [Int] = (0..<n).map { a in activityResources[a].reduce(0) { $0 + resources[$1].count } }
        let order = units.indices.sorted { x, y in
            let kx = (unitStarts[x].count, -units[x].reduce(0) { $0 + dur[$1] }, -units[x].reduce(0) { $0 + neighbours[$1] })
            let ky = (unitStarts[y].count, -units[y].reduce(0) { $0 + dur[$1] }, -units[y].reduce(0) { $0 + neighbours[$1] })
            return kx < ky || (kx == ky && x < y)
        }
        // Placement with displacement (FETForwardSearch.swift) for most of the time; the units it
        // leaves unplaced go to their cheapest starts, hard violations allowed, for the tabu search.
        _ = forwardSearch(order: order, deadline: limit * 0.9)
        for u in order where !unitStarts[u].isEmpty && start[units[u][0]] < 0 {
            if elapsed() > limit {
                let s = pick(unitStarts[u])
                put(u, at: s, rooms: units[u].map { p.roomDomain[$0].first ?? -1 })
                continue
            }
            var best: Placement?, bestStart = -1, ties = 0
            for s in unitStarts[u] {
                let e = evaluate(u, at: s)
                if best == nil || e.cost < best!.cost - 1e-9 { best = e; bestStart = s; ties = 1 } else if abs(e.cost - best!.cost) <= 1e-9 {
                    ties += 1
                    if rng.below(ties) == 0 { best = e; bestStart = s }
                }
            }
            for a in units[u] { start[a] = -1 }
            put(u, at: bestStart, rooms: best!.rooms[0])
        }
        for u in units.indices where unitStarts[u].isEmpty { for a in units[u] { start[a] = -1; room[a] = -1 } }
        rebuild()

        func cost() -> Double { Double(hard) * hardWeight + soft }
        var bestStartArr = start, bestRoomArr = room, bestCost = cost()
        var secondsToFeasible: Double? = hard == 0 ? elapsed() : nil
        var iterations = 0, sinceBest = 0
        var candidates: [Int] = []
        let stall = max(3000, 20 * units.count)
        let movable = units.indices.filter { unitStarts[$0].count > 1 }
        while n > 0 && !movable.isEmpty {
            if iterations % 32 == 0 && elapsed() >= limit { break }
            if hard == 0 && soft <= 1e-9 { break }
            iterations += 1
            if iterations % 16 == 1 || candidates.isEmpty {
                candidates = violatedUnits(soft: hard == 0).filter { unitStarts[$0].count > 1 }
            }
            let u = (!candidates.isEmpty && rng.below(100) < 90) ? pick(candidates) : pick(movable)
            let s0 = start[units[u][0]]
            let rooms0 = units[u].map { room[$0] }
            // Tabu for 5–14 iterations, but never for most of a small domain (it would freeze the unit).
            let tenure = min(5 + rng.below(10), max(1, unitStarts[u].count / 3))
            if s0 < 0 {
                // Not placed (only after a construction cut short by the time limit): its best start.
                lift(u)
                var best: Placement?, bestS = -1
                for t in unitStarts[u] { let e = evaluate(u, at: t); if best == nil || e.cost < best!.cost { best = e; bestS = t } }
                for a in units[u] { start[a] = -1 }
                put(u, at: bestS, rooms: best!.rooms[0])
                rebuild()
                continue
            }
            // Moves of u to another start.
            lift(u)
            let current = evaluate([(u, s0)], keepRooms: [rooms0])
            var bestDelta = Double.infinity, bestMove: (s: Int, v: Int, e: Placement, cur: Placement)?, ties = 0
            func consider(_ delta: Double, _ move: (s: Int, v: Int, e: Placement, cur: Placement), tabu: Bool) {
                if tabu && !(cost() + delta < bestCost - 1e-9) { return }
                if delta < bestDelta - 1e-9 { bestDelta = delta; bestMove = move; ties = 1 } else if abs(delta - bestDelta) <= 1e-9 {
                    ties += 1
                    if rng.below(ties) == 0 { bestMove = move }
                }
            }
            for t in unitStarts[u] where t != s0 {
                let e = evaluate(u, at: t)
                consider(e.cost - current.cost, (t, -1, e, current), tabu: tabuUntil[u * S + t] > iterations)
            }
            restore(u, s0, rooms0)
            // Swaps of u with a unit that shares a teacher or students with it.
            let near = neighbourUnits(u)
            for v in near.count <= 24 ? near : (0..<24).map({ _ in pick(near) }) {
                let sv = start[units[v][0]]
                guard sv >= 0, sv != s0, allowed[u * S + sv], allowed[v * S + s0] else { continue }
                let roomsV = units[v].map { room[$0] }
                lift(u); lift(v)
                let cur = evaluate([(u, s0), (v, sv)], keepRooms: [rooms0, roomsV])
                let e = evaluate([(u, sv), (v, s0)])
                restore(u, s0, rooms0); restore(v, sv, roomsV)
                consider(e.cost - cur.cost, (sv, v, e, cur), tabu: tabuUntil[u * S + sv] > iterations || tabuUntil[v * S + s0] > iterations)
            }
            guard let move = bestMove else { continue }
            if move.v < 0 {
                lift(u)
                for a in units[u] { start[a] = -1 }
                put(u, at: move.s, rooms: move.e.rooms[0])
            } else {
                let v = move.v
                lift(u); lift(v)
                for a in units[u] + units[v] { start[a] = -1 }
                put(u, at: move.s, rooms: move.e.rooms[0])
                put(v, at: s0, rooms: move.e.rooms[1])
                tabuUntil[v * S + move.s] = iterations + tenure
            }
            tabuUntil[u * S + s0] = iterations + tenure
            hard += move.e.hard - move.cur.hard
            soft += move.e.soft - move.cur.soft
            if iterations % 2000 == 0 { rebuild() }
            if cost() < bestCost - 1e-9 {
                bestCost = cost()
                bestStartArr = start
                bestRoomArr = room
                sinceBest = 0
                if hard == 0 && secondsToFeasible == nil {
                    rebuild()   // confirm with the tables rebuilt from scratch
                    if hard == 0 { secondsToFeasible = elapsed() }
                }
            } else {
                sinceBest += 1
                if sinceBest > stall {
                    // Back to the best timetable, then a few random moves.
                    start = bestStartArr
                    room = bestRoomArr
                    rebuild()
                    for _ in 0..<(1 + units.count / 50) {
                        let v = pick(movable)
                        lift(v)
                        let s = pick(unitStarts[v])
                        for a in units[v] { start[a] = -1 }
                        put(v, at: s, rooms: units[v].map { a in p.roomDomain[a].isEmpty ? -1 : p.roomDomain[a][rng.below(p.roomDomain[a].count)] })
                    }
                    rebuild()
                    sinceBest = 0
                }
            }
        }
        return FETSolver.Result(assignment: FETAssignment(start: bestStartArr, room: bestRoomArr), secondsToFeasible: secondsToFeasible, iterations: forwardIterations + iterations)
    }
}
