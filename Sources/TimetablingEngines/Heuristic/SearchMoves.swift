import TimetablingCore

/// The moves both methods share, made of assignments: the best insertion of a request (its
/// cheapest join of an open section, or a new section from the ``SectionOpener``), the choice of
/// an unmet request to work on, taking requests out and dissolving sections, and the rebuild of
/// ruin and recreate (``recreate(_:allowOpening:)``).
///
/// Every move changes the state in place; the caller (``SearchRun``, through a
/// ``Neighbourhood``) has taken a checkpoint and keeps or undoes the change as a whole.
final class SearchMoves {
    let m: SearchModel
    let state: SearchState
    let rng: SearchRandomStream
    /// Opens new sections (for insertions, and for the neighbourhoods' own operators).
    let opener: SectionOpener

    init(model: SearchModel, state: SearchState, rng: SearchRandomStream) {
        m = model
        self.state = state
        self.rng = rng
        opener = SectionOpener(model: model, state: state, rng: rng)
    }

    // MARK: - Requests

    /// The cheapest way for unassigned request `q` to join an open section: (alternative, section,
    /// cost of the state after), trying each. O(sections of its courses × days re-planned).
    func bestJoin(_ q: Int, excluding excluded: Int = -1) -> (alt: Int, section: Int, cost: Double)? {
        var best: (alt: Int, section: Int, cost: Double)?
        for a in m.alternatives(q) where m.altUsable[a] {
            for x32 in state.courseSections[Int(m.altCourse[a])] {
                let x = Int(x32)
                guard x != excluded, state.canAssign(q, alt: a, section: x) else { continue }
                let mark = state.checkpoint()
                if state.assign(q, alt: a, section: x), state.settle(stopAtFailure: true).isEmpty {
                    let cost = state.cost
                    if best.map({ cost < $0.cost - 1e-9 }) ?? true { best = (a, x, cost) }
                }
                state.undo(to: mark)
            }
        }
        return best
    }

    /// Grants unassigned request `q` by its cheapest join, or, when `allowOpening` and no join
    /// exists (or by chance), by opening a new section; true when granted (and settled).
    @discardableResult
    func insert(_ q: Int, allowOpening: Bool) -> Bool {
        guard state.reqSection[q] < 0 else { return true }
        let join = bestJoin(q)
        if allowOpening && (join == nil || rng.chance(0.1)) {
            let mark = state.checkpoint()
            if opener.openForRequest(q) {
                if join == nil || state.cost < join!.cost - 1e-9 { return true }
                state.undo(to: mark)
            }
        }
        guard let join else { return false }
        let ok = state.assign(q, alt: join.alt, section: join.section) && state.settle(stopAtFailure: true).isEmpty
        assert(ok, "a join tried a moment ago must succeed again")
        return ok
    }

    /// An unmet request, required ones three times in four when there are any (always when
    /// `focused`: an iteration of the tail repair focused on them); else nil.
    func pickUnmetRequest(focused: Bool) -> Int? {
        let required = state.unmetRequired, elective = state.unmetElective
        if !required.isEmpty && (elective.isEmpty || focused || rng.chance(0.75)) {
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

    // MARK: - Ruin and repair

    /// Takes every request in `requests` out of its section (into `pool`).
    func unassignAll(_ requests: [Int], pool: inout [Int32]) {
        // Locked enrolments stay (taking them out would only be undone: see ReplanLedger).
        for q in requests where state.reqSection[q] >= 0 && (state.replan?.pinRequest[q] ?? -1) < 0 {
            state.unassign(q)
            pool.append(Int32(q))
        }
    }

    /// Empties and closes section `x` (its requests into `pool`).
    func dissolve(_ x: Int, pool: inout [Int32]) {
        guard state.secOpen[x], (state.replan?.lockOf(x) ?? -1) < 0 else { return }
        for q in state.secMembers[x] {
            state.unassign(Int(q))
            pool.append(q)
        }
        state.close(x)
    }

    /// Closes open sections without students (they only cost).
    func closeEmptySections() {
        for x in state.secOpen.indices where state.secOpen[x] && state.secSize[x] == 0 && (state.replan?.lockOf(x) ?? -1) < 0 {
            state.close(x)
        }
    }

    /// Re-inserts `pool` most important first (required, heavier, random among equals): each by
    /// its cheapest join or a new section; then closes sections left below their minimum and
    /// re-inserts their students by joins only. Leaves a settled state with no deficit.
    func recreate(_ pool: [Int32], allowOpening: Bool = true) {
        var order: [(q: Int, key: Double)] = []
        for q32 in pool {
            let q = Int(q32)
            order.append((q, (m.requestRequired[q] ? 1_000.0 : 0) + m.requestWeight[q] * 10 + rng.unit() * 15))
        }
        order.sort { $0.key > $1.key }
        var seen = Set<Int>()
        for (q, _) in order where seen.insert(q).inserted && state.reqSection[q] < 0 {
            insert(q, allowOpening: allowOpening)
        }
        var rounds = 0
        while state.terms.deficit > 0 && rounds < 4 {
            rounds += 1
            var again: [Int32] = []
            state.closeUndersized(pool: &again)
            for q in again where state.reqSection[Int(q)] < 0 { insert(Int(q), allowOpening: false) }
        }
        if state.terms.deficit > 0 {
            var lost: [Int32] = []
            state.closeUndersized(pool: &lost)
        }
        closeEmptySections()
        var lost: [Int32] = []
        state.settleRepairing(pool: &lost)
        for q in lost where state.reqSection[Int(q)] < 0 { insert(Int(q), allowOpening: false) }
    }
}
