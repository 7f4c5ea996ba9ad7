extension Checker {
    /// Violations being collected during a check, kept with the keys that order them.
    struct ViolationList {
        private struct Entry {
            var violation: Violation
            var rank: Int
            var day: Int
        }

        private let dayNames: [String]
        private var entries: [Entry] = []

        init(dayNames: [String]) { self.dayNames = dayNames }

        var count: Int { entries.count }

        /// Records a violation; `day` and `period` are 0-based indices (the report shows the day id
        /// and the 1-based period number).
        mutating func add(_ rule: HardRule, who: String?, day: Int? = nil, period: Int? = nil, _ message: String) {
            let v = Violation(rule: rule, who: who, day: day.map { dayNames[$0] }, period: period.map { $0 + 1 },
                              message: message)
            entries.append(Entry(violation: v, rank: rule.rank, day: day ?? -1))
        }

        /// Sorted by rule (table order), who, day (calendar order), period, message.
        /// O(n log n).
        func sorted() -> [Violation] {
            entries.sorted { a, b in
                if a.rank != b.rank { return a.rank < b.rank }
                let wa = a.violation.who ?? "", wb = b.violation.who ?? ""
                if wa != wb { return wa < wb }
                if a.day != b.day { return a.day < b.day }
                let pa = a.violation.period ?? 0, pb = b.violation.period ?? 0
                if pa != pb { return pa < pb }
                return a.violation.message < b.violation.message
            }.map(\.violation)
        }
    }
}
