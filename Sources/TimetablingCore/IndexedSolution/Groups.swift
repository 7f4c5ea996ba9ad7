extension IndexedSolution {
    /// Items grouped by a dense key (compressed sparse rows): `groups[k]` lists, in their original
    /// order, the values filed under key `k`. Built in O(values + keys); a group is read in O(1)
    /// and iterated without copying.
    ///
    /// ```swift
    /// for a in indexed.assignmentsByStudent[s] { print(indexed.assignments[a].section) }
    /// indexed.sectionsByCourse[c].count        // sections of course c
    /// ```
    public struct Groups: Sendable {
        private let offsets: [Int]
        private let values: [Int]

        /// Groups `0 ..< keys.count` by `keys`: item `i` is filed under `keys[i]`.
        init(keyCount: Int, keys: [Int]) {
            self.init(keyCount: keyCount, pairs: keys.enumerated().map { ($1, $0) })
        }

        /// Files each `(key, value)` pair under its key, keeping the pairs' order within a key.
        init(keyCount: Int, pairs: [(key: Int, value: Int)]) {
            var offsets = [Int](repeating: 0, count: keyCount + 1)
            for p in pairs { offsets[p.key + 1] += 1 }
            for k in 0..<keyCount { offsets[k + 1] += offsets[k] }
            var next = offsets
            var values = [Int](repeating: 0, count: pairs.count)
            for p in pairs {
                values[next[p.key]] = p.value
                next[p.key] += 1
            }
            self.offsets = offsets
            self.values = values
        }

        /// How many keys there are (the keys are `0 ..< keyCount`).
        public var keyCount: Int { offsets.count - 1 }

        /// The values filed under `key`, in their original order. O(1).
        public subscript(key: Int) -> Group { Group(values: values, start: offsets[key], end: offsets[key + 1]) }
    }

    /// The values of one key of ``Groups``: a collection indexed from 0.
    public struct Group: RandomAccessCollection, Sendable {
        private let values: [Int]
        private let start: Int
        private let end: Int

        init(values: [Int], start: Int, end: Int) {
            self.values = values
            self.start = start
            self.end = end
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { end - start }
        public subscript(position: Int) -> Int { values[start + position] }
    }
}
