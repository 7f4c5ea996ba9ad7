import Foundation

/// Where one class meets, as the search's inner loops read it: days and weeks as bit words,
/// the slots `start..<end` within the day, and the room (-1 when none).
struct ITCPlacement: Equatable {
    var days: UInt64
    var weeks: UInt64
    var start: Int32
    var end: Int32
    var room: Int32

    static let none = ITCPlacement(days: 0, weeks: 0, start: 0, end: 0, room: -1)

    @inline(__always) func sharesDate(_ o: ITCPlacement) -> Bool { days & o.days != 0 && weeks & o.weeks != 0 }
    @inline(__always) func overlaps(_ o: ITCPlacement) -> Bool { sharesDate(o) && start < o.end && o.start < end }
}

/// The solver's own copy of the rules, on dense arrays, with every cost kept up to date as
/// classes move and students change classes. It is written apart from ``ITCValidator`` (which
/// stays the judge); the tests compare the two on every component.
///
/// Hard: room conflicts (pairs), classes in an unavailable room, broken pairs (or units) of
/// required distributions, students over class limits. Soft: the four weighted components.
final class ITCSolverState {
    let p: ITCProblem
    let nC: Int
    let nRooms: Int
    let nrWeeks: Int
    let nrDays: Int
    /// Cost of one hard violation in the search's single objective.
    static let hardWeight = 100_000

    // Options of each class, flattened.
    let timeBase: [Int]
    let tPlace: [ITCPlacement]      // room -1
    let tPen: [Int]
    let roomBase: [Int]
    let rRoom: [Int32]
    let rPen: [Int]
    let nTimes: [Int]
    let nRoomOpts: [Int]
    let limit: [Int]
    let travel: [Int32]
    let unavailable: [[ITCPlacement]]

    // Distributions.
    enum Kind: UInt8 {
        case sameStart, sameTime, differentTime, sameDays, differentDays, sameWeeks, differentWeeks
        case overlap, notOverlap, sameRoom, differentRoom, sameAttendees, precedence, workDay, minGap
        case maxDays, maxDayLoad, maxBreaks, maxBlock
    }
    let dKind: [Kind]
    let dA: [Int32]
    let dB: [Int32]
    let dRequired: [Bool]
    let dPenalty: [Int]
    let dMembers: [[Int]]
    /// Per class: (distribution, position of the class in it).
    let classDists: [[(d: Int, pos: Int)]]
    /// Per class and entry of ``classDists``: for SameAttendees, NotOverlap, WorkDay and MinGap
    /// (a pair breaks them only on a shared day of a shared week), the positions of the other
    /// members whose times can share a date with some time of the class; `nil`: all of them.
    let classDistPartners: [[[Int32]?]]

    // The assignment.
    var T: [Int]
    var R: [Int]
    var place: [ITCPlacement]
    var placed: [Bool]
    var roomClasses: [[Int]]

    // Students.
    var stChoice: [[[Int]]]          // [student][course position] -> classes
    var stAll: [[Int]]               // [student] -> all classes
    var classStudents: [[Int]]

    // Costs.
    var distCount: [Int]
    var timePen = 0, roomPen = 0, distPen = 0, conflicts = 0
    var roomConflicts = 0, unavailableCount = 0, requiredCount = 0, limitExcess = 0

    init(_ p: ITCProblem) {
        self.p = p
        nC = p.classes.count
        nRooms = p.rooms.count
        nrWeeks = p.nrWeeks
        nrDays = p.nrDays
        var timeBase = [Int](), tPlace = [ITCPlacement](), tPen = [Int](), roomBase = [Int](), rRoom = [Int32](), rPen = [Int]()
        for c in p.classes {
            timeBase.append(tPlace.count)
            for t in c.times {
                tPlace.append(ITCPlacement(days: t.time.days.word, weeks: t.time.weeks.word, start: Int32(t.time.start),
                                           end: Int32(t.time.end), room: -1))
                tPen.append(t.penalty)
            }
            roomBase.append(rRoom.count)
            if c.needsRoom {
                for r in c.rooms { rRoom.append(Int32(r.room)); rPen.append(r.penalty) }
            }
        }
        self.timeBase = timeBase; self.tPlace = tPlace; self.tPen = tPen
        self.roomBase = roomBase; self.rRoom = rRoom; self.rPen = rPen
        nTimes = p.classes.map { $0.times.count }
        nRoomOpts = p.classes.map { $0.needsRoom ? $0.rooms.count : 0 }
        limit = p.classes.map(\.limit)
        travel = p.travel.map { Int32($0) }
        unavailable = p.rooms.map { room in
            room.unavailable.map { ITCPlacement(days: $0.days.word, weeks: $0.weeks.word, start: Int32($0.start), end: Int32($0.end), room: -1) }
        }
        var kinds = [Kind](), a = [Int32](), b = [Int32]()
        for d in p.distributions {
            switch d.kind {
            case .sameStart: kinds.append(.sameStart); a.append(0); b.append(0)
            case .sameTime: kinds.append(.sameTime); a.append(0); b.append(0)
            case .differentTime: kinds.append(.differentTime); a.append(0); b.append(0)
            case .sameDays: kinds.append(.sameDays); a.append(0); b.append(0)
            case .differentDays: kinds.append(.differentDays); a.append(0); b.append(0)
            case .sameWeeks: kinds.append(.sameWeeks); a.append(0); b.append(0)
            case .differentWeeks: kinds.append(.differentWeeks); a.append(0); b.append(0)
            case .overlap: kinds.append(.overlap); a.append(0); b.append(0)
            case .notOverlap: kinds.append(.notOverlap); a.append(0); b.append(0)
            case .sameRoom: kinds.append(.sameRoom); a.append(0); b.append(0)
            case .differentRoom: kinds.append(.differentRoom); a.append(0); b.append(0)
            case .sameAttendees: kinds.append(.sameAttendees); a.append(0); b.append(0)
            case .precedence: kinds.append(.precedence); a.append(0); b.append(0)
            case .workDay(let s): kinds.append(.workDay); a.append(Int32(s)); b.append(0)
            case .minGap(let g): kinds.append(.minGap); a.append(Int32(g)); b.append(0)
            case .maxDays(let d): kinds.append(.maxDays); a.append(Int32(d)); b.append(0)
            case .maxDayLoad(let s): kinds.append(.maxDayLoad); a.append(Int32(s)); b.append(0)
            case .maxBreaks(let r, let s): kinds.append(.maxBreaks); a.append(Int32(r)); b.append(Int32(s))
            case .maxBlock(let m, let s): kinds.append(.maxBlock); a.append(Int32(m)); b.append(Int32(s))
            }
        }
        dKind = kinds; dA = a; dB = b
        dRequired = p.distributions.map(\.required)
        dPenalty = p.distributions.map(\.penalty)
        dMembers = p.distributions.map(\.classes)
        var cd = [[(d: Int, pos: Int)]](repeating: [], count: p.classes.count)
        for (d, dist) in p.distributions.enumerated() {
            for (pos, c) in dist.classes.enumerated() { cd[c].append((d, pos)) }
        }
        classDists = cd
        // Days and weeks any time of a class may use: two classes whose unions do not meet never share a date.
        let anyDays = p.classes.map { $0.times.reduce(UInt64(0)) { $0 | $1.time.days.word } }
        let anyWeeks = p.classes.map { $0.times.reduce(UInt64(0)) { $0 | $1.time.weeks.word } }
        classDistPartners = cd.enumerated().map { c, entries in
            entries.map { d, pos -> [Int32]? in
                switch kinds[d] {
                case .sameAttendees, .notOverlap, .workDay, .minGap:
                    let members = p.distributions[d].classes
                    let list = members.indices.filter { j in
                        j != pos && anyDays[members[j]] & anyDays[c] != 0 && anyWeeks[members[j]] & anyWeeks[c] != 0
                    }.map { Int32($0) }
                    return list.count == members.count - 1 ? nil : list
                default:
                    return nil
                }
            }
        }
        T = Array(repeating: -1, count: nC)
        R = Array(repeating: -1, count: nC)
        place = Array(repeating: .none, count: nC)
        placed = Array(repeating: false, count: nC)
        roomClasses = Array(repeating: [], count: p.rooms.count)
        stChoice = p.students.map { Array(repeating: [], count: $0.courses.count) }
        stAll = Array(repeating: [], count: p.students.count)
        classStudents = Array(repeating: [], count: nC)
        distCount = Array(repeating: 0, count: p.distributions.count)
    }

    // MARK: Objective

    var hard: Int { roomConflicts + unavailableCount + requiredCount + limitExcess }
    var total: Int {
        let w = p.weights
        return timePen * w.time + roomPen * w.room + distPen * w.distribution + conflicts * w.student
    }
    var objective: Int { hard * Self.hardWeight + total }

    /// The placement of class `c` with time option `t` and room option `r` (-1: none).
    @inline(__always) func placement(_ c: Int, _ t: Int, _ r: Int) -> ITCPlacement {
        var pl = tPlace[timeBase[c] + t]
        pl.room = r >= 0 ? rRoom[roomBase[c] + r] : -1
        return pl
    }

    @inline(__always) func travelTime(_ a: Int32, _ b: Int32) -> Int32 {
        a < 0 || b < 0 ? 0 : travel[Int(a) * nRooms + Int(b)]
    }

    /// Whether the room is unavailable at the placement's time.
    @inline(__always) func isUnavailable(_ pl: ITCPlacement) -> Bool {
        guard pl.room >= 0 else { return false }
        for u in unavailable[Int(pl.room)] where u.overlaps(pl) { return true }
        return false
    }

    /// A student in both classes cannot attend both (overlap, or too little time to travel).
    @inline(__always) func studentConflict(_ a: ITCPlacement, _ b: ITCPlacement) -> Bool {
        guard a.sharesDate(b) else { return false }
        let tr = travelTime(a.room, b.room)
        return a.end + tr > b.start && b.end + tr > a.start
    }

    // MARK: Distributions

    /// Whether the pair (a, b), `a` listed first, breaks a pairwise distribution `d`.
    @inline(__always) func pairBad(_ d: Int, _ a: ITCPlacement, _ b: ITCPlacement) -> Bool {
        switch dKind[d] {
        case .sameStart: return a.start != b.start
        case .sameTime: return !((a.start <= b.start && b.end <= a.end) || (b.start <= a.start && a.end <= b.end))
        case .differentTime: return !(a.end <= b.start || b.end <= a.start)
        case .sameDays: let u = a.days | b.days; return !(u == a.days || u == b.days)
        case .differentDays: return a.days & b.days != 0
        case .sameWeeks: let u = a.weeks | b.weeks; return !(u == a.weeks || u == b.weeks)
        case .differentWeeks: return a.weeks & b.weeks != 0
        case .overlap: return !(b.start < a.end && a.start < b.end && a.sharesDate(b))
        case .notOverlap: return a.overlaps(b)
        case .sameRoom: return a.room >= 0 && b.room >= 0 && a.room != b.room
        case .differentRoom: return a.room >= 0 && b.room >= 0 && a.room == b.room
        case .sameAttendees:
            guard a.sharesDate(b) else { return false }
            let tr = travelTime(a.room, b.room)
            return !(a.end + tr <= b.start || b.end + tr <= a.start)
        case .precedence:
            let wa = a.weeks.trailingZeroBitCount, wb = b.weeks.trailingZeroBitCount
            if wa != wb { return wa > wb }
            let da = a.days.trailingZeroBitCount, db = b.days.trailingZeroBitCount
            if da != db { return da > db }
            return a.end > b.start
        case .workDay:
            guard a.sharesDate(b) else { return false }
            return max(a.end, b.end) - min(a.start, b.start) > dA[d]
        case .minGap:
            guard a.sharesDate(b) else { return false }
            return !(a.end + dA[d] <= b.start || b.end + dA[d] <= a.start)
        case .maxDays, .maxDayLoad, .maxBreaks, .maxBlock:
            return false
        }
    }

    @inline(__always) func isPairwise(_ d: Int) -> Bool { dKind[d].rawValue < Kind.maxDays.rawValue }
    @inline(__always) func dependsOnRoom(_ d: Int) -> Bool {
        let k = dKind[d]
        return k == .sameRoom || k == .differentRoom || k == .sameAttendees
    }

    /// Broken pairs of pairwise distribution `d` that involve the class at position `pos`, placed at `pl`.
    @inline(__always) func pairsBroken(_ d: Int, pos: Int, _ pl: ITCPlacement) -> Int {
        let members = dMembers[d]
        var n = 0
        for j in 0..<members.count where j != pos {
            let o = members[j]
            guard placed[o] else { continue }
            if j > pos { if pairBad(d, pl, place[o]) { n += 1 } } else { if pairBad(d, place[o], pl) { n += 1 } }
        }
        return n
    }

    /// ``pairsBroken(_:pos:_:)`` for entry `i` of ``classDists`` of class `c`, looking only at the partners that can break it.
    @inline(__always) func pairsBroken(of c: Int, _ i: Int, _ pl: ITCPlacement) -> Int {
        let (d, pos) = classDists[c][i]
        guard let only = classDistPartners[c][i] else { return pairsBroken(d, pos: pos, pl) }
        let members = dMembers[d]
        var n = 0
        for jj in only {
            let j = Int(jj)
            let o = members[j]
            guard placed[o] else { continue }
            if j > pos { if pairBad(d, pl, place[o]) { n += 1 } } else { if pairBad(d, place[o], pl) { n += 1 } }
        }
        return n
    }

    private var scratch: [(Int32, Int32)] = []

    /// Violations of a whole-group distribution, with class `c` at `pl` (`c` = -1: as things are).
    func groupCount(_ d: Int, override c: Int, _ pl: ITCPlacement?) -> Int {
        let members = dMembers[d]
        @inline(__always) func get(_ m: Int) -> ITCPlacement? {
            if m == c { return pl }
            return placed[m] ? place[m] : nil
        }
        switch dKind[d] {
        case .maxDays:
            var days: UInt64 = 0
            for m in members { if let x = get(m) { days |= x.days } }
            return max(days.nonzeroBitCount - Int(dA[d]), 0)
        case .maxDayLoad:
            var excess = 0
            for w in 0..<nrWeeks {
                let wb: UInt64 = 1 << UInt64(w)
                for day in 0..<nrDays {
                    let db: UInt64 = 1 << UInt64(day)
                    var load: Int32 = 0
                    for m in members { if let x = get(m), x.weeks & wb != 0, x.days & db != 0 { load += x.end - x.start } }
                    excess += max(Int(load - dA[d]), 0)
                }
            }
            return excess
        case .maxBreaks, .maxBlock:
            let isBreaks = dKind[d] == .maxBreaks
            var count = 0
            var allDays: UInt64 = 0, allWeeks: UInt64 = 0
            for m in members { if let x = get(m) { allDays |= x.days; allWeeks |= x.weeks } }
            for w in 0..<nrWeeks where allWeeks & (1 << UInt64(w)) != 0 {
                let wb: UInt64 = 1 << UInt64(w)
                for day in 0..<nrDays where allDays & (1 << UInt64(day)) != 0 {
                    let db: UInt64 = 1 << UInt64(day)
                    scratch.removeAll(keepingCapacity: true)
                    for m in members { if let x = get(m), x.weeks & wb != 0, x.days & db != 0 { scratch.append((x.start, x.end)) } }
                    if scratch.isEmpty { continue }
                    scratch.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                    var blocks = 0, bs = scratch[0].0, be = scratch[0].1, bn = 1
                    let gap = dB[d]
                    for i in 1..<max(scratch.count, 1) where i < scratch.count {
                        let (s, e) = scratch[i]
                        if be + gap >= s {
                            be = max(be, e); bn += 1
                        } else {
                            blocks += 1
                            if !isBreaks && bn >= 2 && be - bs > dA[d] { count += 1 }
                            bs = s; be = e; bn = 1
                        }
                    }
                    blocks += 1
                    if !isBreaks && bn >= 2 && be - bs > dA[d] { count += 1 }
                    if isBreaks { count += max(blocks - (Int(dA[d]) + 1), 0) }
                }
            }
            return count
        default:
            var n = 0
            for i in 0..<members.count {
                guard let a = get(members[i]) else { continue }
                for j in (i + 1)..<members.count {
                    guard let b = get(members[j]) else { continue }
                    if pairBad(d, a, b) { n += 1 }
                }
            }
            return n
        }
    }

    /// Cost of a distribution with `count` violations: hard units when required, else its soft penalty.
    @inline(__always) func distCost(_ d: Int, _ count: Int) -> (hard: Int, soft: Int) {
        if dRequired[d] { return (count, 0) }
        switch dKind[d] {
        case .maxDayLoad, .maxBreaks, .maxBlock: return (0, dPenalty[d] * count / nrWeeks)
        default: return (0, dPenalty[d] * count)
        }
    }

    // MARK: Moving a class

    /// Change of (hard, weighted soft) when class `c` takes time option `t` and room option `r`.
    /// With `withStudents` false the student conflicts are left out (construction, before sectioning);
    /// `timePart` (the time penalty and the distributions that do not look at rooms) and `roomPart`
    /// (room penalty, rooms, and SameRoom, DifferentRoom, SameAttendees) let the construction
    /// price a time once and then each of its rooms.
    func delta(_ c: Int, _ t: Int, _ r: Int, timePart: Bool = true, roomPart: Bool = true, withStudents: Bool = true) -> (hard: Int, soft: Int) {
        let new = placement(c, t, r)
        let wasPlaced = placed[c]
        let old = place[c]
        let w = p.weights
        var dh = 0, ds = 0
        // Time and room penalties.
        if timePart { ds += (tPen[timeBase[c] + t] - (wasPlaced ? tPen[timeBase[c] + T[c]] : 0)) * w.time }
        if roomPart { ds += ((r >= 0 ? rPen[roomBase[c] + r] : 0) - (wasPlaced && R[c] >= 0 ? rPen[roomBase[c] + R[c]] : 0)) * w.room }
        // Rooms.
        if roomPart && new.room >= 0 {
            for o in roomClasses[Int(new.room)] where o != c && place[o].overlaps(new) { dh += 1 }
            if isUnavailable(new) { dh += 1 }
        }
        if roomPart && wasPlaced && old.room >= 0 {
            for o in roomClasses[Int(old.room)] where o != c && place[o].overlaps(old) { dh -= 1 }
            if isUnavailable(old) { dh -= 1 }
        }
        // Distributions.
        let sameTime = wasPlaced && T[c] == t
        for (i, (d, _)) in classDists[c].enumerated() {
            let roomDependent = dependsOnRoom(d)
            if roomDependent ? !roomPart : (!timePart || sameTime) { continue }
            let oldCount = distCount[d]
            let newCount: Int
            if isPairwise(d) {
                newCount = oldCount - (wasPlaced ? pairsBroken(of: c, i, old) : 0) + pairsBroken(of: c, i, new)
            } else {
                newCount = groupCount(d, override: c, new)
            }
            if newCount != oldCount {
                let a = distCost(d, oldCount), b = distCost(d, newCount)
                dh += b.hard - a.hard
                ds += (b.soft - a.soft) * w.distribution
            }
        }
        // Students.
        if withStudents && w.student != 0 {
            var dc = 0
            for s in classStudents[c] {
                for o in stAll[s] where o != c && placed[o] {
                    let po = place[o]
                    if wasPlaced && studentConflict(old, po) { dc -= 1 }
                    if studentConflict(new, po) { dc += 1 }
                }
            }
            ds += dc * w.student
        }
        return (dh, ds)
    }

    /// Moves class `c` to time option `t` and room option `r`, keeping every cost up to date.
    func move(_ c: Int, _ t: Int, _ r: Int) {
        let new = placement(c, t, r)
        let wasPlaced = placed[c]
        let old = place[c]
        // Distributions: counts before and after.
        var before = [Int]()
        before.reserveCapacity(classDists[c].count)
        for (i, (d, _)) in classDists[c].enumerated() {
            before.append(isPairwise(d) ? (wasPlaced ? pairsBroken(of: c, i, old) : 0) : 0)
        }
        // Rooms and students, old side.
        if wasPlaced { withdrawCosts(c) }
        T[c] = t
        R[c] = r
        place[c] = new
        placed[c] = true
        timePen += tPen[timeBase[c] + t]
        if r >= 0 { roomPen += rPen[roomBase[c] + r] }
        if new.room >= 0 {
            for o in roomClasses[Int(new.room)] where place[o].overlaps(new) { roomConflicts += 1 }
            if isUnavailable(new) { unavailableCount += 1 }
            roomClasses[Int(new.room)].append(c)
        }
        for s in classStudents[c] {
            for o in stAll[s] where o != c && placed[o] && studentConflict(new, place[o]) { conflicts += 1 }
        }
        for (i, (d, _)) in classDists[c].enumerated() {
            let oldCount = distCount[d]
            let newCount = isPairwise(d) ? oldCount - before[i] + pairsBroken(of: c, i, new) : groupCount(d, override: -1, nil)
            setDistCount(d, newCount)
        }
    }

    /// Removes what placed class `c` costs where it is now: its time and room penalties, its room
    /// (conflicts, unavailability, the room's class list) and its students' conflicts. Its pairs
    /// and groups are the callers' (they compare before and after).
    private func withdrawCosts(_ c: Int) {
        let old = place[c]
        timePen -= tPen[timeBase[c] + T[c]]
        if R[c] >= 0 { roomPen -= rPen[roomBase[c] + R[c]] }
        if old.room >= 0 {
            let list = roomClasses[Int(old.room)]
            for o in list where o != c && place[o].overlaps(old) { roomConflicts -= 1 }
            if isUnavailable(old) { unavailableCount -= 1 }
            if let i = list.firstIndex(of: c) { roomClasses[Int(old.room)].remove(at: i) }
        }
        for s in classStudents[c] {
            for o in stAll[s] where o != c && placed[o] && studentConflict(old, place[o]) { conflicts -= 1 }
        }
    }

    /// Takes class `c` out of the timetable (no time, no room), keeping every cost up to date: its
    /// room, its pairs and its students' conflicts no longer count. ``move(_:_:_:)`` puts it back.
    /// Used by the exact repair, which re-places a few classes at a time.
    func unplace(_ c: Int) {
        guard placed[c] else { return }
        let old = place[c]
        var before = [Int]()
        before.reserveCapacity(classDists[c].count)
        for (i, (d, _)) in classDists[c].enumerated() { before.append(isPairwise(d) ? pairsBroken(of: c, i, old) : 0) }
        withdrawCosts(c)
        placed[c] = false
        T[c] = -1
        R[c] = -1
        place[c] = .none
        for (i, (d, _)) in classDists[c].enumerated() {
            setDistCount(d, isPairwise(d) ? distCount[d] - before[i] : groupCount(d, override: -1, nil))
        }
    }

    /// Hard violations class `c` (not placed) would add at time option `t`, room option `r`:
    /// room conflicts, an unavailable room, broken pairs or units of required distributions.
    func hardIfPlaced(_ c: Int, _ t: Int, _ r: Int) -> Int {
        let new = placement(c, t, r)
        var h = 0
        if new.room >= 0 {
            if isUnavailable(new) { return 1_000 }
            for o in roomClasses[Int(new.room)] where place[o].overlaps(new) { h += 1 }
        }
        for (i, (d, _)) in classDists[c].enumerated() where dRequired[d] {
            h += isPairwise(d) ? pairsBroken(of: c, i, new) : groupCount(d, override: c, new) - distCount[d]
        }
        return h
    }

    @inline(__always) func setDistCount(_ d: Int, _ newCount: Int) {
        let oldCount = distCount[d]
        guard newCount != oldCount else { return }
        let a = distCost(d, oldCount), b = distCost(d, newCount)
        requiredCount += b.hard - a.hard
        distPen += b.soft - a.soft
        distCount[d] = newCount
    }

    // MARK: Students

    /// Conflicts of class placement `pl` (class `c`) with the student's classes in `others`, skipping `c`.
    @inline(__always) func conflictsWith(_ c: Int, _ pl: ITCPlacement, _ others: [Int]) -> Int {
        var n = 0
        for o in others where o != c && placed[o] && studentConflict(pl, place[o]) { n += 1 }
        return n
    }

    /// Replaces the classes of student `s` for their course at position `k` with `classes`.
    func setChoice(_ s: Int, _ k: Int, _ classes: [Int]) {
        let oldClasses = stChoice[s][k]
        // Remove the old ones.
        var all = stAll[s]
        for c in oldClasses {
            if let i = all.firstIndex(of: c) { all.remove(at: i) }
            if placed[c] { conflicts -= conflictsWith(c, place[c], all) }
            if let i = classStudents[c].firstIndex(of: s) { classStudents[c].remove(at: i) }
            if classStudents[c].count >= limit[c] { limitExcess -= 1 }
        }
        for c in classes {
            if placed[c] { conflicts += conflictsWith(c, place[c], all) }
            all.append(c)
            if classStudents[c].count >= limit[c] { limitExcess += 1 }
            classStudents[c].append(s)
        }
        stAll[s] = all
        stChoice[s][k] = classes
    }

    // MARK: Snapshots

    struct Snapshot {
        var T: [Int]
        var R: [Int]
        var stChoice: [[[Int]]]
    }

    func snapshot() -> Snapshot { Snapshot(T: T, R: R, stChoice: stChoice) }

    func assignment(_ snap: Snapshot) -> ITCAssignment {
        ITCAssignment(time: snap.T, room: snap.R, enrollment: snap.stChoice.map { $0.flatMap { $0 } })
    }

    /// Every cost recomputed from nothing (for tests and to guard against drift).
    func recomputedCosts() -> (hard: Int, total: Int) {
        let copy = ITCSolverState(p)
        for c in 0..<nC where T[c] >= 0 { copy.move(c, T[c], R[c]) }
        for s in 0..<stChoice.count {
            for k in 0..<stChoice[s].count where !stChoice[s][k].isEmpty { copy.setChoice(s, k, stChoice[s][k]) }
        }
        return (copy.hard, copy.total)
    }
}
