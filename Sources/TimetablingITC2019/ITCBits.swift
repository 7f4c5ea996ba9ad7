/// A set of days of the week or weeks of the term, as in the ITC 2019 bit strings: the first
/// character of `"1010100"` is bit 0 (Monday, or the first week).
///
/// One 64-bit word: the competition has 7 days and at most 20 weeks; the reader refuses a string
/// longer than 64 characters. Intersection, union and counting are single instructions, which is
/// what a solver's inner loops want.
///
/// ```swift
/// let mwf = ITCBits("1010100")!      // Monday, Wednesday, Friday
/// mwf.intersects(ITCBits("0010000")!) // true
/// mwf.first                          // 0
/// ```
public struct ITCBits: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Bit `i` is set when position `i` of the string is `1`.
    public var word: UInt64

    /// The longest bit string this type holds.
    public static let capacity = 64

    public init(word: UInt64) { self.word = word }

    /// Reads a string of `0` and `1`; `nil` when it has another character or more than 64 of them.
    public init?(_ text: some StringProtocol) {
        var w: UInt64 = 0
        var i = 0
        for c in text.utf8 {
            guard i < Self.capacity else { return nil }
            switch c {
            case UInt8(ascii: "1"): w |= (1 << UInt64(i))
            case UInt8(ascii: "0"): break
            default: return nil
            }
            i += 1
        }
        word = w
    }

    /// The bits with only position `i` set.
    public static func single(_ i: Int) -> ITCBits { ITCBits(word: 1 << UInt64(i)) }

    public var isEmpty: Bool { word == 0 }
    /// Number of set positions.
    public var count: Int { word.nonzeroBitCount }
    /// Index of the first set position (the `first(x)` of the rules), `nil` when empty.
    public var first: Int? { word == 0 ? nil : word.trailingZeroBitCount }
    public func contains(_ i: Int) -> Bool { word & (1 << UInt64(i)) != 0 }
    public func intersects(_ other: ITCBits) -> Bool { word & other.word != 0 }
    public func union(_ other: ITCBits) -> ITCBits { ITCBits(word: word | other.word) }
    public func intersection(_ other: ITCBits) -> ITCBits { ITCBits(word: word & other.word) }
    /// True when every set position of `self` is set in `other`.
    public func isSubset(of other: ITCBits) -> Bool { word & ~other.word == 0 }

    /// The bit string of `length` characters, as the files write it.
    public func string(length: Int) -> String {
        String((0..<length).map { contains($0) ? "1" : "0" })
    }

    /// The set positions as a compact `0,2,4` list (for messages; files use ``string(length:)``).
    public var description: String {
        (0..<Self.capacity).filter { contains($0) }.map(String.init).joined(separator: ",")
    }
}

/// A placement in time: days of the week, a start slot, a length in slots and weeks of the term.
public struct ITCTime: Hashable, Sendable, Codable {
    public var days: ITCBits
    /// First slot of the day (0-based; 5 minutes each in the competition, 288 a day).
    public var start: Int
    /// Number of slots.
    public var length: Int
    public var weeks: ITCBits

    public init(days: ITCBits, start: Int, length: Int, weeks: ITCBits) {
        self.days = days
        self.start = start
        self.length = length
        self.weeks = weeks
    }

    /// The first slot after the meeting.
    public var end: Int { start + length }

    /// The competition's overlap: a shared day, a shared week and overlapping slots within the day.
    public func overlaps(_ other: ITCTime) -> Bool {
        days.intersects(other.days) && weeks.intersects(other.weeks) && start < other.end && other.start < end
    }

    /// A shared day and a shared week (the two meet on at least one common date).
    public func sharesDate(with other: ITCTime) -> Bool {
        days.intersects(other.days) && weeks.intersects(other.weeks)
    }
}
