import Foundation

/// Swaps: a class takes a place where exactly one other class is in its way (the same room at an
/// overlapping time), and that class takes the first one's old room at its own time, or its old
/// time and room, whichever costs less. Single moves cannot do this without passing through a
/// room conflict, which the search's weight on hard violations forbids; where rooms are scarce
/// (most instances' room penalties) the better rooms are all taken.
struct ITCOptionIndex {
    struct TimeKey: Hashable {
        var days: UInt64, weeks: UInt64, start: Int32, end: Int32
        init(_ pl: ITCPlacement) { days = pl.days; weeks = pl.weeks; start = pl.start; end = pl.end }
    }

    /// Per class: its room option for each room it may use.
    let roomOption: [[Int32: Int]]
    /// Per class: its time option for each (days, weeks, start, end) it may take.
    let timeOption: [[TimeKey: Int]]
    /// Classes that need a room and have more than one place.
    let swappable: [Int]

    init(_ s: ITCSolverState) {
        var rooms = [[Int32: Int]](), times = [[TimeKey: Int]]()
        rooms.reserveCapacity(s.nC)
        times.reserveCapacity(s.nC)
        for c in 0..<s.nC {
            var r = [Int32: Int](minimumCapacity: s.nRoomOpts[c])
            for i in 0..<s.nRoomOpts[c] { r[s.rRoom[s.roomBase[c] + i]] = i }
            var t = [TimeKey: Int](minimumCapacity: s.nTimes[c])
            for i in 0..<s.nTimes[c] where t[TimeKey(s.tPlace[s.timeBase[c] + i])] == nil { t[TimeKey(s.tPlace[s.timeBase[c] + i])] = i }
            rooms.append(r)
            times.append(t)
        }
        roomOption = rooms
        timeOption = times
        swappable = (0..<s.nC).filter { s.nRoomOpts[$0] > 0 && s.nTimes[$0] * s.nRoomOpts[$0] > 1 }
    }
}

/// What a swap changed, to undo or redo it.
struct ITCSwap {
    var c: Int, fromT: Int, fromR: Int, toT: Int, toR: Int
    var o: Int, oFromT: Int, oFromR: Int, oToT: Int, oToR: Int
}

extension ITCSearch {
    /// Tries a swap around a random class: returns what it changed (already applied), or `nil`
    /// when none applies (no class or more than one in the way, the other class cannot use the
    /// first one's room or time): then nothing moved.
    func trySwap(_ index: ITCOptionIndex) -> ITCSwap? {
        let s = state
        guard !index.swappable.isEmpty else { return nil }
        let c = index.swappable[rng.int(index.swappable.count)]
        guard s.placed[c] && s.R[c] >= 0 else { return nil }
        let nt = s.nTimes[c], nr = s.nRoomOpts[c]
        var t = s.T[c], r = s.R[c]
        if nt > 1 && (nr == 1 || rng.chance(50)) { t = rng.int(nt) }
        if nr > 1 && (t == s.T[c] || rng.chance(50)) { r = rng.int(nr) }
        if t == s.T[c] && r == s.R[c] { return nil }
        let target = s.placement(c, t, r)
        if s.isUnavailable(target) { return nil }
        var o = -1
        for x in s.roomClasses[Int(target.room)] where x != c && s.place[x].overlaps(target) {
            if o >= 0 { return nil }
            o = x
        }
        guard o >= 0, let oRoom = index.roomOption[o][s.place[c].room] else { return nil }
        let old = s.place[c]
        let swap = ITCSwap(c: c, fromT: s.T[c], fromR: s.R[c], toT: t, toR: r,
                           o: o, oFromT: s.T[o], oFromR: s.R[o], oToT: -1, oToR: oRoom)
        // The other class: c's old room at its own time, or c's old time and room.
        var options = [(Int, Int)]()
        if oRoom != swap.oFromR { options.append((swap.oFromT, oRoom)) }
        if let oTime = index.timeOption[o][ITCOptionIndex.TimeKey(old)], oTime != swap.oFromT { options.append((oTime, oRoom)) }
        guard !options.isEmpty else { return nil }
        s.move(c, t, r)
        let W = ITCSolverState.hardWeight
        var best = Int.max, choice = options[0]
        for (ot, orr) in options where !s.isUnavailable(s.placement(o, ot, orr)) {
            let d = s.delta(o, ot, orr)
            if d.hard * W + d.soft < best { best = d.hard * W + d.soft; choice = (ot, orr) }
        }
        guard best < Int.max else {
            s.move(c, swap.fromT, swap.fromR)
            return nil
        }
        s.move(o, choice.0, choice.1)
        var done = swap
        done.oToT = choice.0
        done.oToR = choice.1
        return done
    }

    func undo(_ w: ITCSwap) {
        state.move(w.o, w.oFromT, w.oFromR)
        state.move(w.c, w.fromT, w.fromR)
    }

    func redo(_ w: ITCSwap) {
        state.move(w.c, w.toT, w.toR)
        state.move(w.o, w.oToT, w.oToR)
    }
}
