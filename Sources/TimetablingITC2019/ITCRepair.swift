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
