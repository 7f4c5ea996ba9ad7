extension Checker {
    /// Items grouped by a dense key (compressed sparse rows): `buckets[k]` lists, in their original
    /// order, the indices of the items whose key is `k`. Built in O(items + keys).
    struct Buckets {
        private let offsets: [Int]
        private let items: [Int]

        init(keyCount: Int, keys: [Int]) {
            var offsets = [Int](repeating: 0, count: keyCount + 1)
            for k in keys { offsets[k + 1] += 1 }
            for k in 0..<keyCount { offsets[k + 1] += offsets[k] }
            var next = offsets
            var items = [Int](repeating: 0, count: keys.count)
            for (i, k) in keys.enumerated() {
                items[next[k]] = i
                next[k] += 1
            }
            self.offsets = offsets
            self.items = items
        }

        subscript(key: Int) -> ArraySlice<Int> { items[offsets[key]..<offsets[key + 1]] }
    }

    /// Lookups derived from a ``ResolvedSolution`` so that every rule runs in time linear in the
    /// solution and the number of slots, never by searching lists.
    struct SolutionIndex {
        let assignmentsByStudent: Buckets
        let assignmentsBySection: Buckets
        let sectionsByTeacher: Buckets
        let sectionsByCourse: Buckets
        /// `student * dayCount + day` → index into `itineraries`, or -1.
        let studentItinerary: [Int]
        /// `teacher * dayCount + day` → index into `itineraries`, or -1.
        let teacherItinerary: [Int]
        /// Requests flattened over students: request `r` of student `s` is `requestBase[s] + r`.
        let requestBase: [Int]
        let requestCount: Int
        /// Flat request → the first assignment granting it, or -1.
        let firstAssignment: [Int]
        /// Flat request → how many assignments grant it.
        let assignmentCount: [Int]

        init(_ solution: ResolvedSolution, problem: Problem) {
            let students = problem.students.count, teachers = problem.teachers.count, days = problem.dayCount
            assignmentsByStudent = Buckets(keyCount: students, keys: solution.assignments.map(\.student))
            assignmentsBySection = Buckets(keyCount: solution.sections.count, keys: solution.assignments.map(\.section))
            sectionsByTeacher = Buckets(keyCount: teachers, keys: solution.sections.map(\.teacher))
            sectionsByCourse = Buckets(keyCount: problem.courses.count, keys: solution.sections.map(\.course))
            var si = [Int](repeating: -1, count: students * days)
            var ti = [Int](repeating: -1, count: teachers * days)
            for (i, it) in solution.itineraries.enumerated() {
                switch it.role {
                case .student: si[it.person * days + it.day] = i
                case .teacher: ti[it.person * days + it.day] = i
                }
            }
            studentItinerary = si
            teacherItinerary = ti
            var base = [Int](repeating: 0, count: students)
            var total = 0
            for s in 0..<students {
                base[s] = total
                total += problem.students[s].requests.count
            }
            requestBase = base
            requestCount = total
            var first = [Int](repeating: -1, count: total)
            var count = [Int](repeating: 0, count: total)
            for (i, a) in solution.assignments.enumerated() {
                let r = base[a.student] + a.request
                if first[r] < 0 { first[r] = i }
                count[r] += 1
            }
            firstAssignment = first
            assignmentCount = count
        }

        func sectionSize(_ section: Int) -> Int { assignmentsBySection[section].count }
    }
}
