/// Clock times `HH:MM` as minutes since midnight.
public enum ClockTime {
    /// Parses `HH:MM` (00:00–23:59) into minutes since midnight; `nil` when malformed.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// Formats minutes since midnight as `HH:MM`; negative values and values past a day
    /// are wrapped so that a bad number still prints something readable.
    public static func text(_ minutes: Int) -> String {
        let m = ((minutes % 1440) + 1440) % 1440
        let h = m / 60, r = m % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (r < 10 ? "0" : "") + String(r)
    }
}
