import TimetablingCore
/// SplitMix64, the 64-bit generator of Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators" (OOPSLA 2014): one addition and two multiply-xorshift rounds per number.
///
/// Engines use it wherever a seed must decide ties, so that the same seed gives the same answer
/// on every platform (the standard library's generator is not seedable).
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let x = rng.next()          // UInt64
/// let u = rng.nextUnit()      // Double in [0, 1)
/// ```
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// O(1).
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Double` in [0, 1), from the top 53 bits. O(1).
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
