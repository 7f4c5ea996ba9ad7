import TimetablingCore
/// The heuristic engine's seeded random source: a 64-bit permuted congruential generator
/// (O'Neill, "PCG: A family of simple fast space-efficient statistically good algorithms for
/// random number generation", 2014), variant RXS-M-XS on a 64-bit LCG state.
///
/// Every random choice of the search goes through one of these, so the same seed gives the same
/// search on every platform. Streams for parallel searches are derived with ``derived(_:)``.
///
/// ```swift
/// var rng = SearchRandom(seed: 7)
/// let i = rng.below(10)        // 0 ..< 10
/// let u = rng.unit()           // [0, 1)
/// ```
struct SearchRandom {
    private var state: UInt64
    private let increment: UInt64

    init(seed: UInt64, stream: UInt64 = 0) {
        increment = (stream << 1) | 1
        state = 0
        _ = next()
        state &+= SearchRandom.mix(seed)
        _ = next()
    }

    /// A well-spread 64-bit value from `x` (the finaliser of MurmurHash3). O(1).
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }

    /// The seed of the `index`-th independent search derived from `seed`.
    static func derived(_ seed: UInt64, _ index: Int) -> UInt64 {
        index == 0 ? seed : mix(seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index))
    }

    /// O(1).
    mutating func next() -> UInt64 {
        let old = state
        state = old &* 6_364_136_223_846_793_005 &+ increment
        let word = ((old >> ((old >> 59) &+ 5)) ^ old) &* 12_605_985_483_714_917_081
        return (word >> 43) ^ word
    }

    /// Uniform in `0 ..< n` (`n > 0`), by Lemire's multiply-shift with rejection. O(1) expected.
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Uniform in [0, 1). O(1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// True with probability `p`. O(1).
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Fisher–Yates shuffle in place. O(n).
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            if i != j { a.swapAt(i, j) }
        }
    }
}

/// The one random stream of a search, shared by reference among its pieces (the neighbourhood,
/// the section opener, the acceptance test, …): every choice draws from it in program order, so
/// the same seed gives the same search. A final class around a ``SearchRandom`` value; each
/// method is the value's (O(1); ``shuffle(_:)`` O(n)).
final class SearchRandomStream {
    @exclusivity(unchecked) private var generator: SearchRandom

    init(seed: UInt64, stream: UInt64 = 0) {
        generator = SearchRandom(seed: seed, stream: stream)
    }

    @inline(__always) func below(_ n: Int) -> Int { generator.below(n) }
    @inline(__always) func unit() -> Double { generator.unit() }
    @inline(__always) func chance(_ p: Double) -> Bool { generator.chance(p) }
    @inline(__always) func shuffle<T>(_ a: inout [T]) { generator.shuffle(&a) }
}
