import TimetablingCore

/// The one random stream of a search, shared by reference among its pieces (the neighbourhood,
/// the section opener, the acceptance test, …): every choice draws from it in program order, so
/// the same seed gives the same search. A final class around a ``SeededRandom`` value (the
/// stream "heuristic" of the search's seed); each method is the value's (O(1); ``shuffle(_:)``
/// O(n)).
final class SearchRandomStream {
    @exclusivity(unchecked) private var generator: SeededRandom

    /// The stream of the search whose seed is `seed` (``SeededRandom/derivedSeed(_:index:)`` of
    /// the solve's seed for parallel searches).
    init(seed: UInt64) {
        generator = SeededRandom(seed: seed, stream: "heuristic")
    }

    @inline(__always) func below(_ n: Int) -> Int { generator.below(n) }
    @inline(__always) func unit() -> Double { generator.unit() }
    @inline(__always) func chance(_ p: Double) -> Bool { generator.chance(p) }
    @inline(__always) func shuffle<T>(_ a: inout [T]) { generator.shuffle(&a) }
}
