/// The one seeded random number generator of the package: xoshiro256** (Blackman and Vigna,
/// "Scrambled linear pseudorandom number generators", ACM Transactions on Mathematical Software
/// 47(4), 2021), its 256-bit state filled by SplitMix64 (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014) as its authors recommend.
///
/// Every engine and the instance generator draw from it, so that the same seed gives the same
/// answer on every platform (the standard library's generator cannot be seeded). Its methods use
/// integer arithmetic and `+ − × ÷` only (no `log`, `sin`, `exp`), whose IEEE results are the same
/// everywhere.
///
/// - *Named streams*: `init(seed:stream:)` mixes the stream's name (FNV-1a of its UTF-8 bytes)
///   into the seed, so each concept or engine draws its own independent sequence from one seed
///   (the generator's geography does not move when the number of students changes).
/// - *Parallel searches*: ``derivedSeed(_:index:)`` gives the seed of the `index`-th of several
///   searches started from one seed (index 0: the seed itself).
///
/// ```swift
/// var rng = SeededRandom(seed: 7, stream: "students")
/// let grade = rng.int(in: 10...11)                  // also: below(n), unit(), chance(p), shuffle(&a)
/// let kind = rng.pick(weights: [0.55, 0.20, 0.25])
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator for `seed`; different `stream` names give independent sequences. O(length of
    /// the name).
    public init(seed: UInt64, stream: String = "") {
        // FNV-1a of the stream name, mixed into the seed (stable across runs and platforms).
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stream.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        var sm = seed ^ h
        s0 = Self.splitMix(&sm)
        s1 = Self.splitMix(&sm)
        s2 = Self.splitMix(&sm)
        s3 = Self.splitMix(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// One step of SplitMix64 on state `x`. O(1).
    @inlinable static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of the `index`-th of several independent searches started from `seed`: `seed`
    /// itself for index 0, else a SplitMix64 output of `seed` and the index. O(1).
    @inlinable public static func derivedSeed(_ seed: UInt64, index: Int) -> UInt64 {
        guard index != 0 else { return seed }
        var x = seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: index)
        return splitMix(&x)
    }

    @inlinable @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits. O(1).
    @inlinable public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1), from the top 53 bits. O(1).
    @inlinable public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform integer in `range`, without bias (Lemire, "Fast random integer generation in an
    /// interval", ACM TOMACS 2019). O(1) expected.
    @inlinable public mutating func int(in range: ClosedRange<Int>) -> Int {
        // The span as an unsigned count: a range wider than Int.max (e.g. Int.min / 2 ... Int.max) does not overflow.
        let span = UInt64(truncatingIfNeeded: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int(truncatingIfNeeded: next()) }
        var m = next().multipliedFullWidth(by: span)
        if m.low < span {
            let threshold = (0 &- span) % span
            while m.low < threshold { m = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound &+ Int(truncatingIfNeeded: m.high)
    }

    /// A uniform integer in `0 ..< n`; `n` must be positive. O(1) expected.
    @inlinable public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(n) needs n > 0")
        return int(in: 0...(n - 1))
    }

    /// A uniform integer in `0 ..< n` (the same as ``below(_:)``). O(1) expected.
    @inlinable public mutating func index(_ n: Int) -> Int { below(n) }

    /// A uniform `Double` in [a, b). O(1).
    @inlinable public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// `true` with probability `p`. O(1).
    @inlinable public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An approximately normal value (Irwin–Hall: the sum of 12 uniforms), within ±6 σ by
    /// construction; no transcendental functions, so identical on every platform. O(1).
    @inlinable public mutating func normal(mean: Double, sd: Double) -> Double {
        var s = 0.0
        for _ in 0..<12 { s += unit() }
        return mean + sd * (s - 6)
    }

    /// An index drawn with probability proportional to `weights` (non-negative, not all zero).
    /// O(n).
    @inlinable public mutating func pick(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return index(weights.count) }
        var x = unit() * total
        for (i, w) in weights.enumerated() where w > 0 {
            if x < w { return i }
            x -= w
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// A uniformly chosen element; `items` must not be empty. O(1).
    @inlinable public mutating func element<T>(_ items: [T]) -> T { items[index(items.count)] }

    /// Fisher–Yates shuffle in place. O(n).
    @inlinable public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(in: 0...i))
        }
    }

    /// `k` distinct indices of `0 ..< n` in increasing order (k ≤ n). O(n + k log k).
    @inlinable public mutating func sample(_ k: Int, of n: Int) -> [Int] {
        var all = Array(0..<n)
        shuffle(&all)
        return Array(all.prefix(max(0, min(k, n)))).sorted()
    }
}
