import Foundation

/// The repair phase: a tabu search on hard violations that runs before the late-acceptance
/// search while the assignment is infeasible. Each step takes one class at fault (in a room
/// conflict, an unavailable room, or a broken pair or unit of a required distribution), prices
/// every time and room of it (each time once, then each of its rooms; the student conflicts are
/// left to the later search) and moves it to the cheapest by *hard violations × 100,000 + penalty*
/// even when that is worse than where it is — the classes it now clashes with become the classes
/// at fault of the next steps, so a conflict travels along a chain of linked classes (the large
/// SameAttendees groups) until it finds a free place. The time it leaves (or the room, when only
/// the room changes) is tabu for that class for a while, unless taking it gives fewer hard
/// violations than ever in the phase.
extension ITCSearch {
    /// Classes in a hard violation: both classes of a room conflict, a class in an unavailable
    /// room, both classes of a broken pair of a required pairwise distribution, every class of a
    /// broken required MaxDays, MaxDayLoad, MaxBreaks or MaxBlock.
    func faultClasses() -> [Int] {
        let s = state
        var mark = [Bool](repeating: false, count: s.nC)
        for list in s.roomClasses where list.count > 1 {
            for i in 0..<list.count {
                for j in (i + 1)..<list.count where s.place[list[i]].overlaps(s.place[list[j]]) { mark[list[i]] = true; mark[list[j]] = true }
            }
        }
        for c in 0..<s.nC where s.placed[c] && s.R[c] >= 0 && s.isUnavailable(s.place[c]) { mark[c] = true }
        for d in 0..<s.distCount.count where s.dRequired[d] && s.distCount[d] > 0 {
            let members = s.dMembers[d]
            if s.isPairwise(d) {
                for i in 0..<members.count where s.placed[members[i]] {
                    for j in (i + 1)..<members.count where s.placed[members[j]] {
                        if s.pairBad(d, s.place[members[i]], s.place[members[j]]) { mark[members[i]] = true; mark[members[j]] = true }
                    }
                }
            } else {
                for c in members { mark[c] = true }
            }
        }
        return (0..<s.nC).filter { mark[$0] && (s.nTimes[$0] > 1 || s.nRoomOpts[$0] > 1) }
    }

    /// Moves the state back to the times and rooms of `snap` (students are not touched).
    func restorePlaces(_ snap: ITCSolverState.Snapshot) {
        let s = state
        for c in 0..<s.nC where snap.T[c] >= 0 && (s.T[c] != snap.T[c] || s.R[c] != snap.R[c]) { s.move(c, snap.T[c], snap.R[c]) }
    }

    /// Classes that stand in the way of class `c`: for each of its times and rooms (400 drawn
    /// when it has more), the placed classes that would share the room with it or break a
    /// required pair with it there; with the number of options each blocks.
    func blockers(of c: Int) -> [Int: Int] {
        let s = state
        var count = [Int: Int]()
        let nt = s.nTimes[c], nr = s.nRoomOpts[c]
        let combos = nt * max(nr, 1)
        func look(_ t: Int, _ r: Int) {
            let pl = s.placement(c, t, r)
            if pl.room >= 0 {
                if s.isUnavailable(pl) { return }
                for o in s.roomClasses[Int(pl.room)] where o != c && s.place[o].overlaps(pl) { count[o, default: 0] += 1 }
            }
            for (i, (d, pos)) in s.classDists[c].enumerated() where s.dRequired[d] && s.isPairwise(d) {
                let members = s.dMembers[d]
                func check(_ j: Int) {
                    let o = members[j]
                    guard o != c && s.placed[o] else { return }
                    if j > pos ? s.pairBad(d, pl, s.place[o]) : s.pairBad(d, s.place[o], pl) { count[o, default: 0] += 1 }
                }
                if let only = s.classDistPartners[c][i] { for j in only { check(Int(j)) } } else { for j in members.indices where j != pos { check(j) } }
            }
        }
        if combos <= 400 {
            for t in 0..<nt { if nr == 0 { look(t, -1) } else { for r in 0..<nr { look(t, r) } } }
        } else {
            for _ in 0..<400 { look(rng.int(nt), nr == 0 ? -1 : rng.int(nr)) }
        }
        return count
    }

    /// Exact repair around class `c`: takes out `c` and up to `maxClasses - 1` classes in its way,
    /// and puts them back one by one (the class with the fewest places left first) at places
    /// that add no hard violation, by depth-first search with a budget of `nodeBudget` nodes.
    /// Keeps the result when every class found a place and there are fewer hard violations
    /// than before; otherwise puts everything back as it was and, up to `rounds` times, tries
    /// again with the classes in the way of the class that most often found no place added.
    /// Returns whether it kept a result.
    func exactRepair(_ c: Int, nodeBudget: Int, maxClasses: Int, rounds: Int = 3) -> Bool {
        let s = state
        let hardBefore = s.hard
        /// The movable classes in the way, those in the way of more places first (ties at random).
        func inTheWay(_ x: Int, except: Set<Int>) -> [Int] {
            blockers(of: x).filter { !except.contains($0.key) && (s.nTimes[$0.key] > 1 || s.nRoomOpts[$0.key] > 1) }
                .map { ($0.value, rng.next(), $0.key) }.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2)
        }
        let firstShare = max(maxClasses / 2, 1)
        var group = [c] + inTheWay(c, except: [c]).prefix(firstShare - 1)
        for round in 0..<max(rounds, 1) {
            let oldT = group.map { s.T[$0] }, oldR = group.map { s.R[$0] }
            for x in group { s.unplace(x) }
            var left = Array(group.indices)
            var nodes = 0
            var stuck = [Int](repeating: 0, count: group.count)
            /// Places of group member `i` that add at most `slack` hard violations (600 drawn
            /// when it has more): fewest added first, its old place first among equals.
            func places(_ i: Int, slack: Int) -> [(t: Int, r: Int, h: Int)] {
                let x = group[i]
                let nt = s.nTimes[x], nr = s.nRoomOpts[x]
                var out = [(t: Int, r: Int, h: Int)]()
                let h0 = s.hardIfPlaced(x, oldT[i], oldR[i])
                if h0 <= slack { out.append((oldT[i], oldR[i], h0)) }
                func consider(_ t: Int, _ r: Int) {
                    if t == oldT[i] && r == oldR[i] { return }
                    let h = s.hardIfPlaced(x, t, r)
                    if h <= slack { out.append((t, r, h)) }
                }
                let combos = nt * max(nr, 1)
                if combos <= 600 {
                    for t in 0..<nt { if nr == 0 { consider(t, -1) } else { for r in 0..<nr { consider(t, r) } } }
                } else {
                    for _ in 0..<600 { consider(rng.int(nt), nr == 0 ? -1 : rng.int(nr)) }
                }
                if out.count > 2 { for j in stride(from: out.count - 1, to: 1, by: -1) { out.swapAt(j, 1 + rng.int(j)) } }
                if slack > 0 {
                    let first = out.first
                    out.sort { $0.h < $1.h }
                    if let first, first.h == 0, let k = out.firstIndex(where: { $0.t == first.t && $0.r == first.r }) { out.swapAt(0, k) }
                }
                return out
            }
            func dfs() -> Bool {
                if left.isEmpty { return true }
                nodes += 1
                if nodes > nodeBudget { return false }
                // Violations still allowed: the result must end below where it started.
                let slack = hardBefore - 1 - s.hard
                if slack < 0 { return false }
                var pick = -1
                var pickPlaces = [(t: Int, r: Int, h: Int)]()
                for (k, i) in left.enumerated() {
                    let v = places(i, slack: slack)
                    if v.isEmpty { stuck[i] += 1; return false }
                    if pick < 0 || v.count < pickPlaces.count { pick = k; pickPlaces = v; if v.count == 1 { break } }
                }
                let i = left.remove(at: pick)
                for (t, r, _) in pickPlaces {
                    s.move(group[i], t, r)
                    if dfs() { return true }
                    s.unplace(group[i])
                    if nodes > nodeBudget { break }
                }
                left.insert(i, at: pick)
                return false
            }
            let ok = dfs()
            if ProcessInfo.processInfo.environment["ITC_DEBUG"] != nil {
                FileHandle.standardError.write("exact c=\(c) round=\(round) group=\(group.count) nodes=\(nodes) ok=\(ok) hard \(hardBefore)->\(s.hard)\n".data(using: .utf8)!)
            }
            if ok && s.hard < hardBefore { return true }
            for x in group { s.unplace(x) }
            for (i, x) in group.enumerated() { s.move(x, oldT[i], oldR[i]) }
            // Widen the group around the class that most often found no place.
            guard group.count < maxClasses, let worst = stuck.indices.max(by: { stuck[$0] < stuck[$1] }), stuck[worst] > 0 else { return false }
            let more = inTheWay(group[worst], except: Set(group))
            if more.isEmpty { return false }
            group += more.prefix(maxClasses - group.count)
        }
        return false
    }

    /// Change of (weighted hard, plain hard) when class `c` moves to time `t`, room `r`: the time
    /// part (distributions that do not look at rooms) or the room part (rooms, and SameRoom,
    /// DifferentRoom, SameAttendees). Only required distributions and rooms count; each with its weight.
    @inline(__always)
    func weightedHard(_ c: Int, _ t: Int, _ r: Int, roomPart: Bool, wDist: [Int], wRoom: [Int]) -> (Int, Int) {
        let s = state
        let new = s.placement(c, t, r)
        let old = s.place[c]
        var wh = 0, h = 0
        if roomPart {
            if new.room >= 0 {
                var n = 0
                for o in s.roomClasses[Int(new.room)] where o != c && s.place[o].overlaps(new) { n += 1 }
                if s.isUnavailable(new) { n += 1 }
                wh += n * wRoom[Int(new.room)]; h += n
            }
            if old.room >= 0 {
                var n = 0
                for o in s.roomClasses[Int(old.room)] where o != c && s.place[o].overlaps(old) { n += 1 }
                if s.isUnavailable(old) { n += 1 }
                wh -= n * wRoom[Int(old.room)]; h -= n
            }
        } else if t == s.T[c] {
            return (0, 0)
        }
        for (i, (d, _)) in s.classDists[c].enumerated() where s.dRequired[d] && s.dependsOnRoom(d) == roomPart {
            let n: Int
            if s.isPairwise(d) {
                n = s.pairsBroken(of: c, i, new) - s.pairsBroken(of: c, i, old)
            } else {
                n = s.groupCount(d, override: c, new) - s.distCount[d]
            }
            wh += n * wDist[d]; h += n
        }
        return (wh, h)
    }

    /// Tabu search with breakout on hard violations until there are none, the clock passes
    /// `until` seconds, or `maxSteps` steps were made; leaves the state at the best assignment
    /// it met (fewest hard violations, then lowest objective). Returns the number of steps.
    @discardableResult
    func repair(until: Double, maxSteps: Int = Int.max) -> Int {
        let s = state
        guard s.hard > 0 else { return 0 }
        let W = ITCSolverState.hardWeight
        var wDist = [Int](repeating: 1, count: s.dKind.count)
        var wRoom = [Int](repeating: 1, count: s.nRooms)
        var tabuTime = [Int](repeating: 0, count: s.tPlace.count)
        var tabuRoom = [Int](repeating: 0, count: s.rRoom.count)
        var bestHard = s.hard, bestObjective = s.objective
        var bestSnap = s.snapshot()
        var saved = true
        var steps = 0
        var lastReport = elapsed
        var timeCost = [(Int, Int)]()
        while s.hard > 0 && steps < maxSteps {
            if steps & 15 == 0 {
                if elapsed >= until || shouldStop() { break }
                let now = elapsed
                if now - lastReport >= options.progressInterval {
                    lastReport = now
                    report(.search, hard: bestHard, total: bestObjective - bestHard * W)
                }
            }
            let faults = faultClasses()
            if faults.isEmpty { break }
            steps += 1
            iterations += 1
            let c = faults[rng.int(faults.count)]
            let nt = s.nTimes[c], nr = s.nRoomOpts[c]
            let tb = s.timeBase[c], rb = s.roomBase[c]
            let hereT = s.T[c], hereR = s.R[c]
            var best = Int.max, bestKey: UInt64 = 0, bestT = -1, bestR = -1
            let aspiration = s.hard - bestHard  // a move with hard change below this beats the phase's best
            timeCost.removeAll(keepingCapacity: true)
            for t in 0..<nt { timeCost.append(weightedHard(c, t, -1, roomPart: false, wDist: wDist, wRoom: wRoom)) }
            // Large domains: a sample of the combinations.
            let combos = nt * max(nr, 1)
            let sample = combos > 1500
            let tries = sample ? 1500 : combos
            for i in 0..<tries {
                let t: Int, r: Int
                if sample { t = rng.int(nt); r = nr == 0 ? -1 : rng.int(nr) } else { t = nr == 0 ? i : i / nr; r = nr == 0 ? -1 : i % nr }
                if t == hereT && r == hereR { continue }
                let tp = timeCost[t]
                let rp = weightedHard(c, t, r, roomPart: true, wDist: wDist, wRoom: wRoom)
                let v = tp.0 + rp.0
                if v > best { continue }
                let isTabu = (t != hereT && tabuTime[tb + t] > steps) || (r >= 0 && r != hereR && tabuRoom[rb + r] > steps)
                if isTabu && tp.1 + rp.1 >= aspiration { continue }
                let key = rng.next()
                if v < best || key < bestKey { best = v; bestKey = key; bestT = t; bestR = r }
            }
            guard bestT >= 0 else { continue }
            if best >= 0 {
                // A local minimum for this class: its broken constraints weigh more from now on.
                let pl = s.place[c]
                if pl.room >= 0 && s.roomClasses[Int(pl.room)].contains(where: { $0 != c && s.place[$0].overlaps(pl) }) { wRoom[Int(pl.room)] += 1 }
                for (i, (d, _)) in s.classDists[c].enumerated() where s.dRequired[d] && s.distCount[d] > 0 {
                    if !s.isPairwise(d) || s.pairsBroken(of: c, i, pl) > 0 { wDist[d] += 1 }
                }
                if best > 0 { continue }
            }
            let tenure = 10 + rng.int(10)
            if bestT != hereT { tabuTime[tb + hereT] = steps + tenure } else if hereR >= 0 { tabuRoom[rb + hereR] = steps + tenure }
            // Keep the best before leaving it.
            if !saved && s.hard == bestHard && s.objective == bestObjective { bestSnap = s.snapshot(); saved = true }
            s.move(c, bestT, bestR)
            if (s.hard, s.objective) < (bestHard, bestObjective) {
                bestHard = s.hard
                bestObjective = s.objective
                saved = false
                noteFeasible()
            }
        }
        if saved && (s.hard, s.objective) != (bestHard, bestObjective) { restorePlaces(bestSnap) }
        return steps
    }
}
