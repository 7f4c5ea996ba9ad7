import Foundation

/// Exact repair for a search stuck with hard violations: a class at fault is taken out
/// together with the classes in its way (those that share a room with it or break a required
/// pair with it at one of its places, the ones in the way of most places first), and the group
/// is put back one class at a time, the class with the fewest places left first, by depth-first
/// branch and bound on the hard violations added. A whole chain of linked classes (a stretch of
/// a large SameAttendees group, all classes of a required SameRoom) can so move at once, which
/// single-class moves cannot do without passing through more violations.
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
    /// Gives up after `seconds`. Returns whether it kept a result.
    func exactRepair(_ c: Int, nodeBudget: Int, maxClasses: Int, rounds: Int = 3, seconds: Double = .infinity) -> Bool {
        let s = state
        let deadline = elapsed + seconds
        let hardBefore = s.hard
        /// The movable classes in the way, those in the way of more places first (ties at random).
        func inTheWay(_ x: Int, except: Set<Int>) -> [Int] {
            blockers(of: x).filter { !except.contains($0.key) && (s.nTimes[$0.key] > 1 || s.nRoomOpts[$0.key] > 1) }
                .map { ($0.value, rng.next(), $0.key) }.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2)
        }
        let firstShare = max(maxClasses / 2, 1)
        var group = [c] + inTheWay(c, except: [c]).prefix(firstShare - 1)
        for _ in 0..<max(rounds, 1) {
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
                if nodes & 7 == 0 && elapsed > deadline { nodes = nodeBudget + 1; return false }
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
}
