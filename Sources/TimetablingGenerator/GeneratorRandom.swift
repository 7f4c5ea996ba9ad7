import TimetablingCore

/// The generator's random numbers are the package's one seeded generator, ``SeededRandom``
/// (xoshiro256** seeded through SplitMix64, with named streams): the same seed gives the same
/// instance as before it moved to the core.
@available(*, deprecated, renamed: "SeededRandom")
public typealias GeneratorRandom = SeededRandom
