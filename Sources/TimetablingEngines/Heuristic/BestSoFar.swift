import Foundation
import TimetablingCore

/// The best state a search has met (with every section at its minimum size: fewest broken locks,
/// then fewest required requests unmet, then lowest objective) and its copy.
///
/// Copying the state (``SearchState/snapshot()``) costs O(size of the state), a few milliseconds
/// on a region; so a new best found fewer than ``copyEvery`` iterations after the last copy is
/// recorded by value only (``pending``) and copied when the copy is due. Until then the run
/// refuses any change but one giving a better best, so that the state *is* the best when it is
/// copied.
///
/// ```swift
/// var record = BestSoFar(copyEvery: 4, weights: model.weights, started: Date())
/// if let found = record.consider(state) { print(found.fewerRequired) }
/// let best = record.snapshot(of: state)
/// ```
struct BestSoFar {
    /// How a new best compares with the one before.
    struct Found {
        /// There was none before.
        var first: Bool
        /// Fewer required requests unmet than the one before (always for the first).
        var fewerRequired: Bool
    }

    /// The best: its copy, or (while ``pending``) an older copy with the best's terms and objective.
    private(set) var best: SearchSnapshot?
    /// Seconds from `started` to the last new best.
    private(set) var foundAt = 0.0
    /// New bests after the first.
    private(set) var improvements = 0
    /// A new best not yet copied: the state is the best.
    private(set) var pending = false
    private var sinceCopy = 0
    let copyEvery: Int
    let weights: Weights
    let started: Date

    init(copyEvery: Int, weights: Weights, started: Date) {
        self.copyEvery = copyEvery
        self.weights = weights
        self.started = started
    }

    /// Whether `state` meets the minimum sizes and is better than the best: fewer broken locks,
    /// fewer required requests unmet, or as many and a lower objective. O(terms).
    func isNewBest(_ state: SearchState) -> Bool {
        guard state.terms.deficit == 0 else { return false }
        guard let best else { return true }
        if state.terms.lockBroken != best.terms.lockBroken { return state.terms.lockBroken < best.terms.lockBroken }
        let required = state.terms.requiredUnmet
        if required != best.requiredUnmet { return required < best.requiredUnmet }
        return state.terms.objective(weights) < best.objective - 1e-9
    }

    /// Records `state` as the best when it is a new best (copied now when the copy is due);
    /// nil when it is not. O(terms), or O(size of the state) when copied.
    mutating func consider(_ state: SearchState) -> Found? {
        guard isNewBest(state) else { return nil }
        let found = Found(first: best == nil, fewerRequired: best.map { state.terms.requiredUnmet < $0.requiredUnmet } ?? true)
        if best != nil { improvements += 1 }
        foundAt = Date().timeIntervalSince(started)
        if best == nil || sinceCopy >= copyEvery {
            copy(state)
        } else {
            // Record the value now; copy the state when the copy is due.
            best!.terms = state.terms
            best!.objective = state.terms.objective(weights)
            pending = true
        }
        return found
    }

    /// One more iteration since the last copy. O(1).
    @inline(__always) mutating func tick() { sinceCopy += 1 }

    /// Copies a pending best when the copy is due. O(1), or O(size of the state) when copied.
    @inline(__always) mutating func copyIfDue(_ state: SearchState) {
        if pending && sinceCopy >= copyEvery { copy(state) }
    }

    /// The best's copy, copied now from `state` when pending.
    mutating func snapshot(of state: SearchState) -> SearchSnapshot? {
        if pending { copy(state) }
        return best
    }

    private mutating func copy(_ state: SearchState) {
        best = state.snapshot()
        pending = false
        sinceCopy = 0
    }
}
