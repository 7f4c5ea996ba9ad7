import Foundation
import TimetablingCore

/// The solver's first phase: placement with displacement, the way FET's own generator works.
///
/// Placed activities never break a hard rule among themselves; the others wait, unplaced. The
/// search takes an unplaced unit (the hardest first, now and then a random one) and puts it at
/// the start and rooms that displace the fewest placed units — those it would clash with
/// (teacher, students, room), those closer than the min days of a hard rule, those it would
/// push over a teacher's max days or hours, and so on — and the displaced units wait to be
/// placed in turn. A unit placed during the last few iterations weighs much more when it would
/// be displaced (so two units do not keep displacing each other), and a few placements are at
/// a random start. Rules that partial timetables cannot judge (gaps, min hours daily, early
/// beginnings) are judged once all their activities are placed; breaking one then displaces
/// one of its other activities.
///
/// Clashes are counted per unit displaced, not per subgroup and slot, so a file whose years have
/// hundreds of subgroups does not drown the search in clash counts.
extension FETSearch {
    struct Displacement {
        var score: Double
        var evicted: [Int]
        var rooms: [Int]
    }

    /// How far a rule is from a timetable that could still be completed: its violations, less the
    /// hours of its unplaced activities for the rules that added hours can repair (each hour at most
    /// one violation: a gap filled, an hour of a short day); for early beginnings, the days to
    /// repair less the unplaced activities (each repairs at most one day).
    func excess(_ i: Int) -> Int {
        let v = violationsOf(i)
        guard v > 0 else { return 0 }
        switch dayRules[i] {
        case .gapsPerWeek, .gapsPerDay, .minHours:
            var slack = 0
            for a in rules[i].activities where start[a] < 0 { slack += dur[a] }
            return v - slack
        case .early(let m):
            // Days to repair (one activity placed early enough repairs a day): those beginning after
            // the second usable hour, and those beginning at it beyond the maximum (`dayMask` is
            // still the rule's, from `violationsOf`).
            var late = 0, second = 0, unplaced = 0
            for d in 0..<p.days where dayMask[d] != 0 {
                let first = dayMask[d].trailingZeroBitCount
                let before: UInt64 = first == 0 ? 0 : (UInt64(1) << UInt64(first)) - 1
                let empty = (before & ~notGapMasks[i][d]).nonzeroBitCount
                if empty > 1 { late += 1 } else if empty == 1 { second += 1 }
            }
            for a in rules[i].activities where start[a] < 0 { unplaced += 1 }
            return late + max(0, second - m) - unplaced
        default:
            return v
        }
    }

    @inline(__always) func overlaps(_ b: Int, _ s: Int, _ d: Int) -> Bool {
        let t = start[b]
        return t >= 0 && t < s + d && s < t + dur[b]
    }

    /// Units to displace so that unit `u` (unplaced) can start at `s`, its rooms and a score;
    /// `nil` when that is impossible or the score would exceed `bound`.
    @inline(__always) func weight(_ v: Int) -> Double { 1 + 0.1 * Double(units[v].count - 1) + evictionWeight * Double(evictions[v]) }

    func displacement(_ u: Int, at s: Int, bound: Double, recent: (Int) -> Bool) -> Displacement? {
        stamp &+= 1
        let mine = stamp
        var evicted: [Int] = []
        var score = 0.0
        func add(_ v: Int) {
            if v != u && mark[v] != mine {
                mark[v] = mine
                evicted.append(v)
                score += recent(v) ? 50 : weight(v)
            }
        }
        let members = units[u]
        // Clashes of teachers, students and hard not-overlapping activities.
        for a in members {
            let d = dur[a]
            for r in activityResources[a] {
                let base = r * S
                var busy = false
                for t in s..<(s + d) where occupancy[base + t] > 0 { busy = true; break }
                if busy { for b in resources[r] where unitOf[b] != u && overlaps(b, s, d) { add(unitOf[b]) } }
            }
            if score > bound { return nil }
        }
        // Rooms: per member, the room displacing the fewest units (then the cheapest soft room rules).
        var rooms = Array(repeating: -1, count: members.count)
        for a in members { start[a] = s }
        defer {
            for (k, a) in members.enumerated() {
                if rooms[k] >= 0 { occupyRooms(a, rooms[k], -1) }
                start[a] = -1
                room[a] = -1
            }
        }
        for (k, a) in members.enumerated() {
            let domain = p.roomDomain[a]
            guard !domain.isEmpty else { continue }
            let d = dur[a]
            var best = Double.infinity, chosen = -1, ties = 0
            var chosenEvict: [Int] = []
            for r in domain {
                var ok = true
                var extra: [Int] = []
                var extraScore = 0.0
                for rr in p.realRooms[r] where ok {
                    let base = rr * S
                    var busy = false
                    for t in s..<(s + d) where roomOccupancy[base + t] > 0 { busy = true; break }
                    guard busy else { continue }
                    for b in byRealRoom[rr] where overlaps(b, s, d) && room[b] >= 0 && p.realRooms[room[b]].contains(rr) {
                        let v = unitOf[b]
                        if v == u { ok = false; break }
                        if mark[v] != mine && !extra.contains(v) { extra.append(v); extraScore += recent(v) ? 50 : weight(v) }
                    }
                }
                guard ok else { continue }
                room[a] = r
                var roomSoft = 0.0
                for i in roomRules[a] {
                    let v = violationsOf(i)
                    if v > 0 { if rules[i].isHard { ok = false; break } else { roomSoft += rules[i].cost(v) } }
                }
                room[a] = -1
                guard ok else { continue }
                let c = extraScore + softWeight * roomSoft
                if c < best - 1e-9 { best = c; chosen = r; chosenEvict = extra; ties = 1 } else if abs(c - best) <= 1e-9 {
                    ties += 1
                    if rng.below(ties) == 0 { chosen = r; chosenEvict = extra }
                }
                if c == 0 { break }
            }
            if chosen < 0 { return nil }
            rooms[k] = chosen
            room[a] = chosen
            occupyRooms(a, chosen, +1)
            for v in chosenEvict { add(v) }
            if score > bound { return nil }
        }
        // The other hard rules of the unit, with the displaced units taken out.
        for v in evicted { for b in units[v] { saved.append((b, start[b])); start[b] = -1 } }
        defer { for (b, t) in saved { start[b] = t }; saved.removeAll(keepingCapacity: true) }
        func takeOut(_ v: Int) {
            add(v)
            for c in units[v] where start[c] >= 0 { saved.append((c, start[c])); start[c] = -1 }
        }
        for i in unitRules[u] where rules[i].isHard {
            let rule = rules[i]
            if excess(i) <= 0 { continue }
            switch rule.kind {
            case .minDays(let m):
                let H = p.hours
                for b in rule.activities where start[b] >= 0 && unitOf[b] != u {
                    if members.contains(where: { rule.activities.contains($0) && abs(start[b] / H - s / H) < m }) { takeOut(unitOf[b]) }
                }
            case .maxDaysPerWeek:
                // The other day with the fewest of its activities, until it holds.
                while excess(i) > 0 {
                    var byDay: [Int: [Int]] = [:]
                    for b in rule.activities where start[b] >= 0 && unitOf[b] != u && start[b] / p.hours != s / p.hours {
                        byDay[start[b] / p.hours, default: []].append(b)
                    }
                    guard let fewest = byDay.min(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) }) else { score += 100; break }
                    for b in fewest.value where start[b] >= 0 { takeOut(unitOf[b]) }
                }
            default:
                // One of its other activities at a time, the one whose removal helps most, until it holds.
                while true {
                    let now = excess(i)
                    if now <= 0 { break }
                    var bestB = -1, bestE = Int.max, ties = 0
                    for b in rule.activities where start[b] >= 0 && unitOf[b] != u {
                        let t = start[b]
                        start[b] = -1
                        let e = excess(i)
                        start[b] = t
                        if e < bestE { bestE = e; bestB = b; ties = 1 } else if e == bestE {
                            ties += 1
                            if rng.below(ties) == 0 { bestB = b }
                        }
                    }
                    guard bestB >= 0 else { score += 100; break }
                    takeOut(unitOf[bestB])
                }
            }
            if score > bound { return nil }
        }
        var soft = 0.0
        for a in members { soft += unarySoft[a][s] }
        if softWeight > 0.01 {
            for i in unitRules[u] where !rules[i].isHard { soft += rules[i].cost(violationsOf(i)) * Double(ruleMultiplicity[i]) }
            soft -= softBefore
        }
        score += softWeight * soft
        return Displacement(score: score, evicted: evicted, rooms: rooms)
    }

    func occupyRooms(_ a: Int, _ r: Int, _ delta: Int) {
        let s = start[a]
        for rr in p.realRooms[r] {
            let base = rr * S
            for t in s..<(s + dur[a]) { roomOccupancy[base + t] = UInt16(Int(roomOccupancy[base + t]) + delta) }
        }
    }

    /// Runs until every unit is placed (true) or `deadline` (seconds since the start); leaves the
    /// timetable with the fewest unplaced units found in `start`/`room` (unplaced: −1).
    func forwardSearch(order: [Int], deadline: Double) -> Bool {
        var waiting: [Int] = []
        var position = Array(repeating: -1, count: units.count)
        func enqueue(_ u: Int) { if position[u] < 0 { position[u] = waiting.count; waiting.append(u) } }
        func dequeue(_ u: Int) {
            let i = position[u]
            guard i >= 0 else { return }
            let last = waiting.removeLast()
            if last != u { waiting[i] = last; position[last] = i }
            position[u] = -1
        }
        for u in order where !unitStarts[u].isEmpty && start[units[u][0]] < 0 { enqueue(u) }
        var placedAt = Array(repeating: Int.min / 2, count: units.count)
        var bestWaiting = waiting.count, bestStart = start, bestRoom = room
        var iteration = 0
        // Measured on the fet-data files (docs/BENCHMARKS-FET.md): a random waiting unit solved more
        // files than the hardest one; displacing a unit costs more the more often it was displaced.
        let tenure = 10
        evictionWeight = 0.5
        // Soft cost counts a little (a soft violation of weight 95 % as 0.0475 of a displaced unit):
        // measured on the fet-data files, it lowered the final soft cost on most of them.
        softWeight = 0.05
        evictions = Array(repeating: 0, count: units.count)
        while !waiting.isEmpty {
            if iteration % 64 == 0 && elapsed() >= deadline { break }
            iteration += 1
            // A random waiting unit (the first pass takes them hardest first).
            let u = iteration <= order.count && position[order[iteration - 1]] >= 0 ? order[iteration - 1] : pick(waiting)
            let now = iteration
            let recent = { (v: Int) -> Bool in placedAt[v] + tenure > now }
            var best: Displacement?, bestS = -1, ties = 0
            softBefore = 0
            if softWeight > 0.01 {
                for i in unitRules[u] where !rules[i].isHard { softBefore += rules[i].cost(violationsOf(i)) * Double(ruleMultiplicity[i]) }
            }
            if rng.below(100) < 2 {
                // A random start now and then.
                for _ in 0..<4 {
                    let s = pick(unitStarts[u])
                    if let d = displacement(u, at: s, bound: .infinity, recent: recent) { best = d; bestS = s; break }
                }
            } else {
                for s in unitStarts[u] {
                    guard let d = displacement(u, at: s, bound: best.map { $0.score + 1e-9 } ?? .infinity, recent: recent) else { continue }
                    if best == nil || d.score < best!.score - 1e-9 { best = d; bestS = s; ties = 1 } else if abs(d.score - best!.score) <= 1e-9 {
                        ties += 1
                        if rng.below(ties) == 0 { best = d; bestS = s }
                    }
                }
            }
            guard let move = best else { continue }
            for v in move.evicted {
                lift(v)
                for a in units[v] { start[a] = -1; room[a] = -1 }
                enqueue(v)
                evictions[v] += 1
            }
            for (k, a) in units[u].enumerated() { start[a] = bestS; room[a] = move.rooms[k]; occupy(a, +1) }
            dequeue(u)
            placedAt[u] = iteration
            if waiting.count < bestWaiting {
                bestWaiting = waiting.count
                bestStart = start
                bestRoom = room
            }
        }
        forwardIterations = iteration
        if !waiting.isEmpty {
            start = bestStart
            room = bestRoom
        }
        return waiting.isEmpty
    }
}
