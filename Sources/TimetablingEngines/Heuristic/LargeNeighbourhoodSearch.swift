import TimetablingCore
/// Large-neighbourhood search by ruin and recreate (Shaw, CP 1998; Schrimpf et al., "Record
/// breaking optimization results using the ruin and recreate principle", J. Comput. Phys. 2000),
/// with simulated-annealing acceptance (Ropke and Pisinger, Transp. Sci. 2006).
///
/// Each iteration removes a related part of the timetable and rebuilds it greedily:
///
/// - **around an unmet request** (most often a required one): the student's lessons that clash
///   with a section of a course the request asks for, and a member of that section when it is
///   full, are taken out, so that the request can join; or that section is dissolved, so that a
///   better-timed one can be opened for everyone who wants the course;
/// - **sections**: one open section (sometimes two of a course or a teacher) is dissolved;
/// - **students**: several students sharing a section lose all their assignments;
/// - **a new section for an unmet request** (tail repair only, below): sometimes after freeing the student's electives, a
///   section of a course the request asks for is opened and filled to the minimum size with
///   waiting students and students pulled from sections that keep their minimum, of the course or
///   granted the subject by another alternative (``SearchRun/openForRequest(_:pulling:)``).
///
/// *Tail repair*: while 1 to ``SearchSettings/tailRequired`` required requests are unmet,
/// ``SearchSettings/requiredFocus`` of the iterations (whatever the adaptive weights say) use one
/// of the operators around an unmet request on a required one, the operator opening a section
/// with pulled students runs, and re-timing moves every meeting the student can never attend. (On
/// the generated region these operators, on from the start, slowed the search's bulk repair —
/// 216 against 180 required requests unmet after 16,000 iterations from one greedy start — so
/// they wait for the last requests, which the other operators leave unmet for hundreds of seconds.)
///
/// The freed requests, with unmet requests of the courses touched, are re-inserted most important
/// first (required, heavier), each by its cheapest join of an open section or by a new section
/// filled with other waiting students (``SearchRun/recreate(_:allowOpening:)``). Sections left
/// below their minimum are closed and their students re-inserted. The rebuilt timetable is kept
/// by the Metropolis rule on the penalised cost.
extension SearchRun {
    /// The ruin operators, chosen by adaptive weights.
    enum Ruin: Int, CaseIterable {
        case unmetJoin, unmetRetime, unmetRegroup, sections, students, unmetOpen, unmetEject, unmetForce
        /// The operators chosen by the adaptive weights: all but `unmetOpen`, `unmetEject` and `unmetForce`, which
        /// only the tail repair uses (so that outside it the search is the same as without it).
        static let weighted = 5

        var move: MoveKind {
            switch self {
            case .unmetJoin: .unmetJoin
            case .unmetRetime: .unmetRetime
            case .unmetRegroup: .unmetRegroup
            case .sections: .sections
            case .students: .students
            case .unmetOpen: .unmetOpen
            case .unmetEject: .unmetEject
            case .unmetForce: .unmetForce
            }
        }
    }

    func lnsIteration() {
        let before = state.cost
        let mark = state.checkpoint()
        var pool: [Int32] = []
        var ruin = weights.pick(&rng)
        focusRequired = false
        let unmetRequired = state.unmetRequired.count
        inTail = unmetRequired > 0 && unmetRequired <= settings.tailRequired
        if inTail && rng.chance(settings.requiredFocus) {
            let operators = settings.forcedJoin ? Self.aroundUnmet.count : Self.aroundUnmet.count - 1
            ruin = Self.aroundUnmet[rng.below(operators)]
            focusRequired = true
        }
        if Self.aroundUnmet.contains(ruin) && state.unmetRequired.isEmpty && state.unmetElective.isEmpty {
            ruin = .sections
        }
        currentMove = ruin.move
        switch ruin {
        case .unmetJoin, .unmetRetime, .unmetRegroup: ruinAroundUnmetRequest(ruin, &pool)
        case .sections: ruinSections(&pool)
        case .students: ruinStudents(&pool)
        case .unmetOpen: ruinOpenForUnmet(&pool)
        case .unmetEject: ruinEjectForUnmet(&pool)
        case .unmetForce: ruinForceJoinForUnmet(&pool)
        }
        state.settleRepairing(pool: &pool)
        recreate(pool)
        let outcome = conclude(from: mark, before: before)
        if ruin.rawValue < Ruin.weighted { weights.record(ruin, outcome) }
    }

    /// The operators around an unmet request (``SearchSettings/requiredFocus`` picks among them;
    /// the forced join, last, only with ``SearchSettings/forcedJoin``).
    static let aroundUnmet: [Ruin] = [.unmetJoin, .unmetRetime, .unmetRegroup, .unmetOpen, .unmetEject, .unmetForce]

    /// An unmet request, required ones three times in four when there are any (always in an
    /// iteration focused on them); else nil.
    func pickUnmetRequest() -> Int? {
        let required = state.unmetRequired, elective = state.unmetElective
        if !required.isEmpty && (elective.isEmpty || focusRequired || rng.chance(0.75)) {
            return Int(required.items[rng.below(required.count)])
        }
        if !elective.isEmpty { return Int(elective.items[rng.below(elective.count)]) }
        return nil
    }

    /// Up to `limit` unmet requests of course `c`, into `pool`.
    func addUnmetRequests(ofCourse c: Int, limit: Int, to pool: inout [Int32]) {
        var n = 0
        for (q, _) in m.courseInterest[c] where state.reqSection[Int(q)] < 0 {
            pool.append(q)
            n += 1
            if n >= limit { break }
        }
    }

    private func ruinAroundUnmetRequest(_ kind: Ruin, _ pool: inout [Int32]) {
        guard let q = pickUnmetRequest() else { return }
        pool.append(Int32(q))
        let usable = alternatives(q).filter { m.altUsable[$0] }
        guard !usable.isEmpty else { return }
        let a = usable[rng.chance(0.6) ? 0 : rng.below(usable.count)]
        let c = Int(m.altCourse[a])
        let s = Int(m.requestStudent[q])
        let sections = state.courseSections[c].filter { m.matches(alt: a, online: state.secOnline[Int($0)], site: state.secSite[Int($0)]) }
        if sections.isEmpty || kind == .unmetRegroup {
            // A new section: dissolve one of the course's (if any) and let the waiting students regroup.
            if !sections.isEmpty { dissolve(Int(sections[rng.below(sections.count)]), pool: &pool) }
            addUnmetRequests(ofCourse: c, limit: 24, to: &pool)
            return
        }
        let x = Int(sections[rng.below(sections.count)])
        if kind == .unmetRetime {
            // Meetings the student can never attend where they are (regular lessons or other fixed
            // busy periods, or a full day) move, each to a time the student is free; then the
            // student's clashing lessons and a seat are freed as for a join, below.
            let blocked = inTail ? fixedlyBlockedMeetings(x, student: s) : []
            if blocked.isEmpty {
                if retime(x, for: q, pool: &pool) { return }
            } else {
                for i in blocked where !retime(x, for: q, pool: &pool, meeting: i) { break }
            }
        }
        // Make room for the student in one section: its clashing lessons, and a seat if full.
        var clashing: [Int] = []
        for mt in state.secMeets[x] {
            for k in 0..<Int(mt.length) {
                let y = Int(state.stAt[s * state.S + m.slot(mt.day, mt.period) + k])
                guard y >= 0 else { continue }
                for q2 in Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1])
                where Int(state.reqSection[q2]) == y && !clashing.contains(q2) {
                    clashing.append(q2)
                }
            }
        }
        // Same-day lessons too when the day is full or the travel may not work.
        if rng.chance(0.3) {
            for mt in state.secMeets[x] {
                for q2 in Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1]) where state.reqSection[q2] >= 0 {
                    if state.secMeets[Int(state.reqSection[q2])].contains(where: { $0.day == mt.day }) && !clashing.contains(q2) {
                        clashing.append(q2)
                    }
                }
            }
        }
        unassignAll(clashing, pool: &pool)
        if Int32(state.secMembers[x].count) >= state.secCap[x], !state.secMembers[x].isEmpty {
            let members = state.secMembers[x]
            var victim = Int(members[rng.below(members.count)])
            for _ in 0..<2 {
                let other = Int(members[rng.below(members.count)])
                if state.lessImportant(other, than: victim) { victim = other }
            }
            unassignAll([victim], pool: &pool)
        }
    }

    /// The meetings of section `x` that student `s` cannot attend at their times whatever their
    /// other network lessons: a fixed busy period (a regular lesson) in the way, or a day already
    /// at the daily limit with fixed lessons.
    func fixedlyBlockedMeetings(_ x: Int, student s: Int) -> [Int] {
        let S = state.S
        var out: [Int] = []
        for (i, mt) in state.secMeets[x].enumerated() {
            let first = m.slot(mt.day, mt.period)
            var blocked = false
            for k in 0..<Int(mt.length) where state.stAt[s * S + first + k] == -2 { blocked = true }
            if !blocked {
                var fixed: Int32 = 0
                for p in 0..<state.P where state.stAt[s * S + Int(mt.day) * state.P + p] == -2 { fixed += 1 }
                if fixed + mt.length > m.maxDay { blocked = true }
            }
            if blocked { out.append(i) }
        }
        return out
    }

    /// Moves meeting `meeting` (nil: a random one) of section `x` to a time when request `q`'s
    /// student can attend (and join online when the section is online), the time most of its
    /// students can keep; those who cannot go to `pool`. False (no change) when no such time exists.
    func retime(_ x: Int, for q: Int, pool: inout [Int32], meeting: Int? = nil) -> Bool {
        let s = Int(m.requestStudent[q])
        let S = state.S, P = state.P, D = state.D
        let meets = state.secMeets[x]
        let i = meeting ?? rng.below(meets.count)
        let old = meets[i]
        let c = Int(state.secCourse[x]), t = Int(state.secTeacher[x])
        let online = state.secOnline[x]
        let len = Int(old.length)
        let oldFirst = m.slot(old.day, old.period)
        let rooms = online ? m.studioRooms[Int(state.secSite[x])] : m.courseRooms[c][m.courseSites[c].firstIndex(of: state.secSite[x])!]
        let members = state.secMembers[x]
        var best: (meet: Meet, keep: Int, score: Double)?
        for d in 0..<D {
            if m.courseDistinct[c] && meets.enumerated().contains(where: { $0.offset != i && Int($0.element.day) == d }) { continue }
            let di = s * D + d
            // The student's loads (other meetings of the section that day count too, but the student is not in it).
            var sameDay: Int32 = 0
            for (k, mt) in meets.enumerated() where k != i && Int(mt.day) == d { sameDay += mt.length }
            if state.stDay[di] + sameDay + old.length > m.maxDay { continue }
            if online && state.stOnline[di] + sameDay + old.length > m.maxOnlineDay { continue }
            periods: for p in 0...(P - len) {
                let first = d * P + p
                if first == oldFirst { continue }
                for k in 0..<len {
                    let slot = first + k
                    let mine = slot >= oldFirst && slot < oldFirst + len
                    if state.stAt[s * S + slot] != -1 { continue periods }
                    let ta = state.tAt[t * S + slot]
                    if ta != -1 && !(mine && ta == Int32(x)) { continue periods }
                }
                for (k, mt) in meets.enumerated() where k != i && Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) {
                    continue periods
                }
                if online && !state.canJoinOnline(s, day: Int32(d), period: Int32(p), length: old.length) { continue periods }
                var room: Int32 = -1
                rooms: for r in rooms {
                    for k in 0..<len {
                        let slot = first + k
                        let mine = slot >= oldFirst && slot < oldFirst + len && r == old.room
                        let ra = state.roomAt[Int(r) * S + slot]
                        if (ra != -1 && !(mine && ra == Int32(x))) || state.roomJoin[Int(r) * S + slot] != 0 { continue rooms }
                    }
                    room = r
                    break
                }
                if room < 0 { continue }
                var keep = 0
                for q2 in members {
                    let s2 = Int(m.requestStudent[Int(q2)])
                    var free = true
                    for k in 0..<len {
                        let slot = first + k
                        let sa = state.stAt[s2 * S + slot]
                        if sa != -1 && !(sa == Int32(x) && slot >= oldFirst && slot < oldFirst + len) { free = false; break }
                    }
                    if free && d != Int(old.day) && state.stDay[s2 * D + d] + old.length > m.maxDay { free = false }
                    if free { keep += 1 }
                }
                let score = Double(keep) + rng.unit() * 0.5
                if best.map({ score > $0.score }) ?? true {
                    best = (Meet(day: Int32(d), period: Int32(p), length: old.length, room: room), keep, score)
                }
            }
        }
        guard let best, best.keep * 2 >= members.count else { return false }
        // Students who cannot keep the section (time, load or computer seat) leave it.
        var leaving: [Int] = []
        for q2 in members {
            let s2 = Int(m.requestStudent[Int(q2)])
            var ok = true
            for k in 0..<len {
                let slot = m.slot(best.meet.day, best.meet.period) + k
                let sa = state.stAt[s2 * S + slot]
                if sa != -1 && !(sa == Int32(x) && slot >= oldFirst && slot < oldFirst + len) { ok = false }
            }
            if ok && best.meet.day != old.day {
                if state.stDay[s2 * D + Int(best.meet.day)] + old.length > m.maxDay { ok = false }
                if online && state.stOnline[s2 * D + Int(best.meet.day)] + old.length > m.maxOnlineDay { ok = false }
            }
            let join = state.reqJoin[Int(q2)]
            if ok && join >= 0 {
                if join == best.meet.room { ok = false }
                for k in 0..<len where ok {
                    let slot = m.slot(best.meet.day, best.meet.period) + k
                    let own: Int32 = slot >= oldFirst && slot < oldFirst + len ? 1 : 0
                    if state.roomAt[Int(join) * S + slot] != -1 || state.roomJoin[Int(join) * S + slot] - own >= m.roomSeats[Int(join)] {
                        ok = false
                    }
                }
            }
            if !ok { leaving.append(Int(q2)) }
        }
        unassignAll(leaving, pool: &pool)
        return state.moveMeeting(x, i, to: best.meet)
    }

    /// Opens a new section for an unmet request, pulling students from other sections (see the
    /// type's documentation); half the time the student's electives are freed first (into `pool`)
    /// so that more times are open to the new section. The request goes to `pool` when no section
    /// opens.
    private func ruinOpenForUnmet(_ pool: inout [Int32]) {
        guard let q = pickUnmetRequest() else { return }
        let s = Int(m.requestStudent[q])
        if rng.chance(0.5) {
            var electives: [Int] = []
            for q2 in Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1])
            where q2 != q && state.reqSection[q2] >= 0 && !m.requestRequired[q2] {
                electives.append(q2)
            }
            unassignAll(electives, pool: &pool)
            state.settleRepairing(pool: &pool)
        }
        if state.reqSection[q] < 0 && !openForRequest(q, pulling: true) { pool.append(Int32(q)) }
    }

    /// Opens a section for an unmet request where its teacher or studio is taken, moving the
    /// sections in the way (``SearchRun/openEjecting(_:pool:)``); the request goes to `pool`
    /// when none opens.
    private func ruinEjectForUnmet(_ pool: inout [Int32]) {
        guard let q = pickUnmetRequest() else { return }
        if state.reqSection[q] < 0 && !openEjecting(q, pool: &pool) { pool.append(Int32(q)) }
    }

    private func ruinSections(_ pool: inout [Int32]) {
        let open = state.secOpen.indices.filter { state.secOpen[$0] }
        guard !open.isEmpty else {
            if let q = pickUnmetRequest() { pool.append(Int32(q)) }
            return
        }
        let x = open[rng.below(open.count)]
        let c = Int(state.secCourse[x]), t = Int(state.secTeacher[x])
        dissolve(x, pool: &pool)
        if rng.chance(0.4) {
            let peers = rng.chance(0.5)
                ? state.courseSections[c].map { Int($0) }
                : open.filter { state.secOpen[$0] && Int(state.secTeacher[$0]) == t }
            if !peers.isEmpty { dissolve(peers[rng.below(peers.count)], pool: &pool) }
        }
        addUnmetRequests(ofCourse: c, limit: 16, to: &pool)
    }

    private func ruinStudents(_ pool: inout [Int32]) {
        let s: Int
        if let q = pickUnmetRequest(), rng.chance(0.7) {
            s = Int(m.requestStudent[q])
        } else {
            s = rng.below(m.studentCount)
        }
        var students = [s]
        // Classmates in one of the student's sections.
        let own = (Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1])).filter { state.reqSection[$0] >= 0 }
        if !own.isEmpty {
            let x = Int(state.reqSection[own[rng.below(own.count)]])
            var members = state.secMembers[x].map { Int(m.requestStudent[Int($0)]) }
            rng.shuffle(&members)
            for other in members.prefix(1 + rng.below(6)) where !students.contains(other) { students.append(other) }
        }
        for st in students {
            let requests = Array(Int(m.studentFirstRequest[st])..<Int(m.studentFirstRequest[st + 1]))
            for q in requests where state.reqSection[q] < 0 { pool.append(Int32(q)) }
            unassignAll(requests, pool: &pool)
        }
    }
}

/// Adaptive operator weights (Ropke and Pisinger, "An adaptive large neighborhood search heuristic
/// for the pickup and delivery problem with time windows", Transp. Sci. 2006): every
/// `segment` iterations each operator's weight moves a `reaction` share towards its average score
/// in the segment (a new best 10, an improvement 4, an accepted change 1).
struct OperatorWeights {
    private(set) var weights: [Double]
    private var score: [Double]
    private var uses: [Int]
    private var count = 0
    let segment = 100
    let reaction = 0.2
    let floor = 0.05

    init(count n: Int) {
        weights = [Double](repeating: 1, count: n)
        score = [Double](repeating: 0, count: n)
        uses = [Int](repeating: 0, count: n)
    }

    mutating func pick(_ rng: inout SearchRandom) -> SearchRun.Ruin {
        var total = 0.0
        for w in weights { total += w }
        var r = rng.unit() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return SearchRun.Ruin(rawValue: i)! }
        }
        return SearchRun.Ruin(rawValue: weights.count - 1)!
    }

    mutating func record(_ ruin: SearchRun.Ruin, _ outcome: SearchRun.Outcome) {
        let i = ruin.rawValue
        uses[i] += 1
        switch outcome {
        case .newBest: score[i] += 10
        case .improved: score[i] += 4
        case .accepted: score[i] += 1
        case .rejected: break
        }
        count += 1
        guard count >= segment else { return }
        count = 0
        for k in weights.indices where uses[k] > 0 {
            weights[k] = (1 - reaction) * weights[k] + reaction * score[k] / Double(uses[k])
        }
        let top = weights.max() ?? 1
        for k in weights.indices { weights[k] = max(weights[k], floor * top, 1e-3) }
        for k in weights.indices {
            score[k] = 0
            uses[k] = 0
        }
    }
}
