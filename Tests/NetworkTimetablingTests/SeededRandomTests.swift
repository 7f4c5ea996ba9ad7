import XCTest
@testable import TimetablingCore

/// The package's one seeded generator: the same numbers as the instance generator has always
/// drawn (so generated instances do not change), independent named streams and derived seeds,
/// and draws within their ranges.
final class SeededRandomTests: XCTestCase {
    /// The first numbers of two streams, as the generator drew them before it moved to the core
    /// (xoshiro256** seeded through SplitMix64, FNV-1a of the stream name mixed into the seed).
    func testKnownValuesOfTheGeneratorsAlgorithm() {
        var a = SeededRandom(seed: 1, stream: "geography")
        XCTAssertEqual((0..<3).map { _ in a.next() }, [2_359_766_957_440_837_732, 11_461_092_282_609_178_281, 8_857_338_376_436_926_822])
        var b = SeededRandom(seed: 42)
        XCTAssertEqual((0..<2).map { _ in b.next() }, [5_437_331_448_276_949_638, 17_550_694_057_124_890_851])
        XCTAssertEqual(b.int(in: 0...9), 2)
        XCTAssertEqual(b.unit(), 0.5162694154497852)
    }

    func testDerivedSeedsStartFromTheSeedAndDiffer() {
        XCTAssertEqual(SeededRandom.derivedSeed(7, index: 0), 7)
        let seeds = (0..<100).map { SeededRandom.derivedSeed(7, index: $0) }
        XCTAssertEqual(Set(seeds).count, 100)
        XCTAssertNotEqual(SeededRandom.derivedSeed(7, index: 1), SeededRandom.derivedSeed(8, index: 1))
        var x = SeededRandom(seed: SeededRandom.derivedSeed(7, index: 1)), y = SeededRandom(seed: SeededRandom.derivedSeed(7, index: 2))
        XCTAssertNotEqual((0..<4).map { _ in x.next() }, (0..<4).map { _ in y.next() })
    }

    func testDrawsStayInTheirRanges() {
        var rng = SeededRandom(seed: 3, stream: "ranges")
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let k = rng.below(7)
            XCTAssert((0..<7).contains(k))
            seen.insert(k)
            XCTAssert((-3...3).contains(rng.int(in: -3...3)))
            let u = rng.unit()
            XCTAssert(u >= 0 && u < 1)
            let v = rng.uniform(2, 5)
            XCTAssert(v >= 2 && v < 5)
            XCTAssertEqual(rng.pick(weights: [0, 1, 0]), 1)
        }
        XCTAssertEqual(seen, Set(0..<7))
        XCTAssertEqual(rng.below(1), 0)
    }

    func testShuffleAndSampleArePermutationsAndChanceFollowsTheProbability() {
        var rng = SeededRandom(seed: 11)
        var items = Array(0..<50)
        rng.shuffle(&items)
        XCTAssertNotEqual(items, Array(0..<50))
        XCTAssertEqual(items.sorted(), Array(0..<50))
        let sample = rng.sample(10, of: 50)
        XCTAssertEqual(sample.count, 10)
        XCTAssertEqual(Set(sample).count, 10)
        XCTAssertEqual(sample, sample.sorted())
        let hits = (0..<20_000).filter { _ in rng.chance(0.3) }.count
        XCTAssertEqual(Double(hits) / 20_000, 0.3, accuracy: 0.02)
        // A RandomNumberGenerator: the standard library's algorithms accept it.
        XCTAssertEqual([1, 2, 3].shuffled(using: &rng).sorted(), [1, 2, 3])
    }

    /// Bounded draws (`below`, `int(in:)`, which the hybrid and the FET solver use since they
    /// stopped taking `next() % n`) have no modulo bias. With a span of 3·2⁶² the bias of
    /// `next() % span` is large enough to see: the lowest third of the range gets half the draws
    /// instead of a third, because every value below 2⁶² has two preimages.
    func testBoundedDrawsHaveNoModuloBias() {
        let draws = 30_000
        let span = UInt64(3) << 62
        var biased = SeededRandom(seed: 5, stream: "bias")
        let moduloLow = (0..<draws).filter { _ in biased.next() % span < span / 3 }.count
        XCTAssertEqual(Double(moduloLow) / Double(draws), 0.5, accuracy: 0.02, "the test can tell a modulo draw")
        var rng = SeededRandom(seed: 5, stream: "bias")
        let range = (Int.min / 2)...Int.max   // 3·2⁶² values
        let third = Int.min / 2 + Int(span / 3)
        let low = (0..<draws).filter { _ in rng.int(in: range) < third }.count
        XCTAssertEqual(Double(low) / Double(draws), 1.0 / 3, accuracy: 0.02)
        // Small spans: every value of below(3) about equally often.
        var counts = [0, 0, 0]
        for _ in 0..<draws { counts[rng.below(3)] += 1 }
        for c in counts { XCTAssertEqual(Double(c) / Double(draws), 1.0 / 3, accuracy: 0.02) }
    }
}
