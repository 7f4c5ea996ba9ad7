/// The fix offered for a reference to an unknown id (`students[3].homeSite: unknown site "borky"`):
/// a close id when there is one (a typo), else the first known ids in order.
///
/// Cheap on large inputs with many bad references: each kind's ids are sorted once, on its first
/// unknown reference (not on every one), and close ids are searched for the first
/// ``suggestionLimit`` distinct unknown ids only (with a bounded edit distance, O(ids × length)
/// each); past that, the fix lists known ids. O(n log n) once per kind, then O(1) per reference.
struct UnknownReferences {
    static let suggestionLimit = 20

    private var sortedIds: [String: [String]] = [:]
    private var suggestions: [String: String?] = [:]
    /// How many times a kind's ids were sorted (once per kind that has an unknown reference).
    private(set) var sorts = 0

    mutating func hint(for id: String, kind: String, index: [String: Int]) -> String {
        guard !index.isEmpty else { return "there are no \(Self.plural(kind)) in the instance" }
        let known: [String]
        if let k = sortedIds[kind] { known = k } else {
            known = index.keys.sorted()
            sortedIds[kind] = known
            sorts += 1
        }
        let key = kind + "\u{0}" + id
        let close: String?
        if let s = suggestions[key] { close = s } else if suggestions.count < Self.suggestionLimit {
            close = Self.closest(id, in: known)
            suggestions[key] = close
        } else {
            close = nil
        }
        if let close { return "did you mean \"\(close)\"?" }
        return "use one of: " + known.prefix(8).joined(separator: ", ") + (known.count > 8 ? ", …" : "")
    }

    static func plural(_ kind: String) -> String { kind.hasSuffix("s") ? kind + "es" : kind + "s" }

    /// The first of `known` (sorted) within edit distance 2 of `id`, ignoring case, preferring the nearest.
    static func closest(_ id: String, in known: [String]) -> String? {
        let a = Array(id.lowercased().unicodeScalars)
        var best: (String, Int)?
        for k in known {
            let b = Array(k.lowercased().unicodeScalars)
            guard abs(a.count - b.count) <= 2, let d = boundedDistance(a, b, limit: best.map { $0.1 - 1 } ?? 2) else { continue }
            best = (k, d)
            if d == 0 { break }
        }
        return best?.0
    }

    /// Levenshtein distance of `a` and `b` when it is at most `limit`, else nil; only the band of
    /// width 2·limit+1 around the diagonal is computed, and it stops once a row exceeds the limit.
    static func boundedDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        let big = limit + 1
        var prev = [Int](repeating: big, count: b.count + 1), cur = prev
        for j in 0...min(b.count, limit) { prev[j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            let lo = max(1, i - limit), hi = min(b.count, i + limit)
            for j in cur.indices { cur[j] = big }
            if i <= limit { cur[0] = i }
            var rowMin = cur[0]
            if lo <= hi {
                for j in lo...hi {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    cur[j] = min(prev[j - 1] + cost, prev[j] + 1, cur[j - 1] + 1, big)
                    rowMin = min(rowMin, cur[j])
                }
            }
            if rowMin > limit { return nil }
            swap(&prev, &cur)
        }
        return prev[b.count] <= limit ? prev[b.count] : nil
    }
}
