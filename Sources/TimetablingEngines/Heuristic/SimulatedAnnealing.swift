import TimetablingCore

/// Simulated annealing over small moves (Kirkpatrick, Gelatt and Vecchi, Science 1983), with the
/// penalised cost: required requests left unmet and students missing from a section's minimum
/// are costed, every other hard rule is kept by the moves' own tests.
///
/// Moves, chosen at random each iteration:
///
/// - **request**: an unmet request joins the section where it costs least; an assigned one
///   moves to a random other section or alternative, or (elective) gives its place up;
/// - **swap**: two students of a course trade sections;
/// - **meeting**: a meeting of a section moves to another time (and room when its own is taken);
/// - **teacher**: a section gets another qualified teacher;
/// - **open**: a new section for an unmet request, filled with waiting students (as in the
///   large-neighbourhood search);
/// - **close**: a section is dissolved and its students join other sections where they can.
///
/// A move that empties a section closes it.
///
/// The moves are drawn here; joins, new sections and re-insertions are the moves both methods
/// share (``SearchMoves``).
final class SimulatedAnnealing: Neighbourhood {
    let m: SearchModel
    let state: SearchState
    let rng: SearchRandomStream
    let moves: SearchMoves

    init(moves: SearchMoves) {
        m = moves.m
        state = moves.state
        rng = moves.rng
        self.moves = moves
    }

    static var reheats: Bool { false }

    /// One small move, settled; nil when it was impossible or the state could not be settled.
    func change() -> MoveKind? {
        let r = rng.unit()
        let move: MoveKind
        let changed: Bool
        if r < 0.35 {
            move = .request
            changed = moveRequest()
        } else if r < 0.5 {
            move = .swap
            changed = swapRequests()
        } else if r < 0.75 {
            move = .meeting
            changed = moveMeeting()
        } else if r < 0.8 {
            move = .teacher
            changed = changeTeacher()
        } else if r < 0.92 {
            move = .open
            changed = openSectionMove()
        } else {
            move = .close
            changed = closeSectionMove()
        }
        guard changed, state.settle(stopAtFailure: true).isEmpty else { return nil }
        return move
    }

    func learn(_ outcome: MoveOutcome) {}

    func count(into statistics: inout SearchStatistics) {}

    /// A random open section, nil when none.
    private func randomSection() -> Int? {
        let n = state.sectionCount
        guard n > 0 else { return nil }
        for _ in 0..<8 {
            let x = rng.below(n)
            if state.secOpen[x] { return x }
        }
        return state.secOpen.indices.first { state.secOpen[$0] }
    }

    /// Takes request `q` out of its section, closing the section when it empties.
    private func leave(_ q: Int) {
        let x = Int(state.reqSection[q])
        guard x >= 0 else { return }
        state.unassign(q)
        if state.secMembers[x].isEmpty { state.close(x) }
    }

    private func moveRequest() -> Bool {
        let q: Int
        if rng.chance(0.4), let unmet = moves.pickUnmetRequest(focused: false) {
            q = unmet
        } else {
            q = rng.below(m.requestCount)
        }
        let wasIn = Int(state.reqSection[q])
        if wasIn >= 0 && !m.requestRequired[q] && rng.chance(0.1) {
            leave(q)
            return true
        }
        if wasIn < 0 {
            // An unmet request takes its cheapest place.
            guard let join = moves.bestJoin(q) else { return false }
            return state.assign(q, alt: join.alt, section: join.section)
        }
        // A random section of a random usable alternative.
        let usable = m.alternatives(q).filter { m.altUsable[$0] }
        guard !usable.isEmpty else { return false }
        let a = usable[rng.below(usable.count)]
        let sections = state.courseSections[Int(m.altCourse[a])]
        guard !sections.isEmpty else { return false }
        let x = Int(sections[rng.below(sections.count)])
        guard x != wasIn else { return false }
        leave(q)
        return state.secOpen[x] && state.assign(q, alt: a, section: x)
    }

    private func swapRequests() -> Bool {
        guard let x = randomSection(), !state.secMembers[x].isEmpty else { return false }
        let c = Int(state.secCourse[x])
        let others = state.courseSections[c]
        guard others.count >= 2 else { return false }
        let y = Int(others[rng.below(others.count)])
        guard y != x, !state.secMembers[y].isEmpty else { return false }
        let q1 = Int(state.secMembers[x][rng.below(state.secMembers[x].count)])
        let q2 = Int(state.secMembers[y][rng.below(state.secMembers[y].count)])
        let a1 = Int(state.reqAlt[q1]), a2 = Int(state.reqAlt[q2])
        state.unassign(q1)
        state.unassign(q2)
        return state.assign(q1, alt: a1, section: y) && state.assign(q2, alt: a2, section: x)
    }

    private func moveMeeting() -> Bool {
        guard let x = randomSection() else { return false }
        let meets = state.secMeets[x]
        let i = rng.below(meets.count)
        var new = meets[i]
        new.day = Int32(rng.below(state.D))
        new.period = Int32(rng.below(state.P - Int(new.length) + 1))
        if rng.chance(0.2) {
            // Another room of the same kind.
            let c = Int(state.secCourse[x]), site = state.secSite[x]
            let rooms = state.secOnline[x] ? m.studioRooms[Int(site)] : m.courseRooms[c][m.courseSites[c].firstIndex(of: site)!]
            if !rooms.isEmpty { new.room = rooms[rng.below(rooms.count)] }
        }
        if state.moveMeeting(x, i, to: new) { return true }
        // The room is taken then: try the other rooms of its kind.
        let c = Int(state.secCourse[x]), site = state.secSite[x]
        let rooms = state.secOnline[x] ? m.studioRooms[Int(site)] : m.courseRooms[c][m.courseSites[c].firstIndex(of: site)!]
        for r in rooms where r != new.room {
            new.room = r
            if state.moveMeeting(x, i, to: new) { return true }
        }
        return false
    }

    private func changeTeacher() -> Bool {
        guard let x = randomSection() else { return false }
        let teachers = m.courseTeachers[Int(state.secCourse[x])]
        guard teachers.count >= 2 else { return false }
        return state.setTeacher(x, Int(teachers[rng.below(teachers.count)]))
    }

    private func openSectionMove() -> Bool {
        guard let q = moves.pickUnmetRequest(focused: false) else { return false }
        return moves.opener.openForRequest(q)
    }

    private func closeSectionMove() -> Bool {
        guard let x = randomSection() else { return false }
        var pool: [Int32] = []
        moves.dissolve(x, pool: &pool)
        guard state.settle(stopAtFailure: true).isEmpty else { return false }
        for q in pool { moves.insert(Int(q), allowOpening: false) }
        return true
    }
}
