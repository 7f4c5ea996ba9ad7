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
///   granted the subject by another alternative (``SectionOpener/openForRequest(_:pulling:)``).
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
/// filled with other waiting students (``SearchMoves/recreate(_:allowOpening:)``). Sections left
/// below their minimum are closed and their students re-inserted. The rebuilt timetable is kept
/// by the Metropolis rule on the penalised cost.
///
/// The operators around an unmet request use ``MeetingMoves``, the ejection (``EjectionMove``)
/// and the forced join (``ForcedJoin``); the rebuild and the sections it opens are the moves both
/// methods share (``SearchMoves``).
final class LargeNeighbourhoodSearch: Neighbourhood {
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

    let m: SearchModel
    let state: SearchState
    let rng: SearchRandomStream
    let moves: SearchMoves
    let meetings: MeetingMoves
    let ejection: EjectionMove
    let forcedJoin: ForcedJoin
    /// The tail repair's bounds and shares (``SearchSettings/tailRequired``,
    /// ``SearchSettings/requiredFocus``, ``SearchSettings/forcedJoin``).
    let tailRequired: Int
    let requiredFocus: Double
    let usesForcedJoin: Bool

    /// The operator weights.
    @exclusivity(unchecked) var weights = OperatorWeights(count: Ruin.weighted)
    /// The current iteration works on a required request.
    @exclusivity(unchecked) private(set) var focusRequired = false
    /// The tail repair is on (few required requests unmet).
    @exclusivity(unchecked) private(set) var inTail = false
    /// The operator of the last change.
    @exclusivity(unchecked) private var lastRuin = Ruin.sections

    init(moves: SearchMoves, settings: SearchSettings) {
        m = moves.m
        state = moves.state
        rng = moves.rng
        self.moves = moves
        meetings = MeetingMoves(moves: moves)
        ejection = EjectionMove(meetings: meetings)
        forcedJoin = ForcedJoin(meetings: meetings)
        tailRequired = settings.tailRequired
        requiredFocus = settings.requiredFocus
        usesForcedJoin = settings.forcedJoin
    }

    static var reheats: Bool { true }

    /// One ruin (an operator drawn by the weights, or in the tail repair one around an unmet
    /// required request) and the recreate.
    func change() -> MoveKind? {
        var pool: [Int32] = []
        var ruin = weights.pick(rng)
        focusRequired = false
        let unmetRequired = state.unmetRequired.count
        inTail = unmetRequired > 0 && unmetRequired <= tailRequired
        if inTail && rng.chance(requiredFocus) {
            let operators = usesForcedJoin ? Self.aroundUnmet.count : Self.aroundUnmet.count - 1
            ruin = Self.aroundUnmet[rng.below(operators)]
            focusRequired = true
        }
        if Self.aroundUnmet.contains(ruin) && state.unmetRequired.isEmpty && state.unmetElective.isEmpty {
            ruin = .sections
        }
        switch ruin {
        case .unmetJoin, .unmetRetime, .unmetRegroup: ruinAroundUnmetRequest(ruin, &pool)
        case .sections: ruinSections(&pool)
        case .students: ruinStudents(&pool)
        case .unmetOpen: ruinOpenForUnmet(&pool)
        case .unmetEject: ruinEjectForUnmet(&pool)
        case .unmetForce: ruinForceJoinForUnmet(&pool)
        }
        state.settleRepairing(pool: &pool)
        moves.recreate(pool)
        lastRuin = ruin
        return ruin.move
    }

    /// The weighted operators score their outcomes.
    func learn(_ outcome: MoveOutcome) {
        if lastRuin.rawValue < Ruin.weighted { weights.record(lastRuin, outcome) }
    }

    func count(into statistics: inout SearchStatistics) {
        statistics.ejection = ejection.counters
        statistics.forcedJoin = forcedJoin.counters
    }

    /// The operators around an unmet request (``SearchSettings/requiredFocus`` picks among them;
    /// the forced join, last, only with ``SearchSettings/forcedJoin``).
    static let aroundUnmet: [Ruin] = [.unmetJoin, .unmetRetime, .unmetRegroup, .unmetOpen, .unmetEject, .unmetForce]

    /// An unmet request (``SearchMoves/pickUnmetRequest(focused:)``), a required one in an
    /// iteration focused on them.
    private func pickUnmetRequest() -> Int? { moves.pickUnmetRequest(focused: focusRequired) }

    private func ruinAroundUnmetRequest(_ kind: Ruin, _ pool: inout [Int32]) {
        guard let q = pickUnmetRequest() else { return }
        pool.append(Int32(q))
        let usable = m.alternatives(q).filter { m.altUsable[$0] }
        guard !usable.isEmpty else { return }
        let a = usable[rng.chance(0.6) ? 0 : rng.below(usable.count)]
        let c = Int(m.altCourse[a])
        let s = Int(m.requestStudent[q])
        let sections = state.courseSections[c].filter { m.matches(alt: a, online: state.secOnline[Int($0)], site: state.secSite[Int($0)]) }
        if sections.isEmpty || kind == .unmetRegroup {
            // A new section: dissolve one of the course's (if any) and let the waiting students regroup.
            if !sections.isEmpty { moves.dissolve(Int(sections[rng.below(sections.count)]), pool: &pool) }
            moves.addUnmetRequests(ofCourse: c, limit: 24, to: &pool)
            return
        }
        let x = Int(sections[rng.below(sections.count)])
        if kind == .unmetRetime {
            // Meetings the student can never attend where they are (regular lessons or other fixed
            // busy periods, or a full day) move, each to a time the student is free; then the
            // student's clashing lessons and a seat are freed as for a join, below.
            let blocked = inTail ? meetings.fixedlyBlockedMeetings(x, student: s) : []
            if blocked.isEmpty {
                if meetings.retime(x, for: q, pool: &pool) { return }
            } else {
                for i in blocked where !meetings.retime(x, for: q, pool: &pool, meeting: i) { break }
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
        moves.unassignAll(clashing, pool: &pool)
        if Int32(state.secMembers[x].count) >= state.secCap[x], !state.secMembers[x].isEmpty {
            let members = state.secMembers[x]
            var victim = Int(members[rng.below(members.count)])
            for _ in 0..<2 {
                let other = Int(members[rng.below(members.count)])
                if state.lessImportant(other, than: victim) { victim = other }
            }
            moves.unassignAll([victim], pool: &pool)
        }
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
            moves.unassignAll(electives, pool: &pool)
            state.settleRepairing(pool: &pool)
        }
        if state.reqSection[q] < 0 && !moves.opener.openForRequest(q, pulling: true) { pool.append(Int32(q)) }
    }

    /// Opens a section for an unmet request where its teacher or studio is taken, moving the
    /// sections in the way (``EjectionMove/openEjecting(_:pool:)``); the request goes to `pool`
    /// when none opens.
    private func ruinEjectForUnmet(_ pool: inout [Int32]) {
        guard let q = pickUnmetRequest() else { return }
        if state.reqSection[q] < 0 && !ejection.openEjecting(q, pool: &pool) { pool.append(Int32(q)) }
    }

    private func ruinSections(_ pool: inout [Int32]) {
        let open = state.secOpen.indices.filter { state.secOpen[$0] }
        guard !open.isEmpty else {
            if let q = pickUnmetRequest() { pool.append(Int32(q)) }
            return
        }
        let x = open[rng.below(open.count)]
        let c = Int(state.secCourse[x]), t = Int(state.secTeacher[x])
        moves.dissolve(x, pool: &pool)
        if rng.chance(0.4) {
            let peers = rng.chance(0.5)
                ? state.courseSections[c].map { Int($0) }
                : open.filter { state.secOpen[$0] && Int(state.secTeacher[$0]) == t }
            if !peers.isEmpty { moves.dissolve(peers[rng.below(peers.count)], pool: &pool) }
        }
        moves.addUnmetRequests(ofCourse: c, limit: 16, to: &pool)
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
            moves.unassignAll(requests, pool: &pool)
        }
    }

    /// Forces an unmet request into a section it cannot join as the timetable stands
    /// (``ForcedJoin``).
    private func ruinForceJoinForUnmet(_ pool: inout [Int32]) {
        guard let q = pickUnmetRequest(), state.reqSection[q] < 0 else { return }
        forcedJoin.join(q, pool: &pool)
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

    mutating func pick(_ rng: SearchRandomStream) -> LargeNeighbourhoodSearch.Ruin {
        var total = 0.0
        for w in weights { total += w }
        var r = rng.unit() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return LargeNeighbourhoodSearch.Ruin(rawValue: i)! }
        }
        return LargeNeighbourhoodSearch.Ruin(rawValue: weights.count - 1)!
    }

    mutating func record(_ ruin: LargeNeighbourhoodSearch.Ruin, _ outcome: MoveOutcome) {
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
