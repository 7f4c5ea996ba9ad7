/// How many senior students follow an individual curriculum, per school and for the network,
/// against the network's target share (``Instance/coverageTarget``; one network's: 30%).
///
/// A student is *covered* when the timetable grants the individual curriculum in full: every
/// required request has a section, and at least one request (a network course) is granted. A
/// student with only regular lessons is not covered. A school is the students' home site.
///
/// The share is measured against the school's headcount of senior students: ``Site/seniorStudents``,
/// else the sum of its classes' ``SchoolClass/students`` (see ``headcounts(_:)``). A school
/// without a headcount is measured against its students in the instance, and its row says so
/// (``Basis/instanceStudents``); the network row adds the schools' denominators up.
///
/// ```swift
/// let report = Checker(problem).check(solution)
/// let c = report.summary.coverage!                 // nil only when the solution is unusable
/// print(c.network.covered, c.network.denominator, c.network.share!, c.network.targetMet as Any)
/// ```
///
/// It counts what the solution grants; whether those grants keep every hard rule is the
/// checker's verdict (``CheckReport/feasible``). Complexity: O(students + requests + sites + classes).
public struct Coverage: Codable, Sendable, Equatable {
    /// What a row's share is measured against.
    public enum Basis: String, Codable, Sendable {
        /// The school's headcount of senior students (all of them, not only those in the instance).
        case headcount
        /// No headcount is given: the school's students in the instance.
        case instanceStudents
        /// Network row only: some schools by headcount, others by their students in the instance.
        case mixed
    }

    /// One school, or the network.
    public struct Row: Codable, Sendable, Equatable {
        /// Site id of the school; `nil` in the network row.
        public var site: String?
        /// Students of the instance at this school (home site).
        public var students: Int
        /// Of them, those whose individual curriculum is granted in full.
        public var covered: Int
        /// Senior students of the school; network: the sum over the schools that give one. `nil`: not given.
        public var headcount: Int?
        public var basis: Basis
        /// What the share divides by: `headcount`, or `students` without one; network: the sum of the schools'.
        public var denominator: Int
        /// `covered / denominator`; `nil` when the denominator is 0.
        public var share: Double?
        /// `share ≥ target`; `nil` without a target or a share.
        public var targetMet: Bool?

        public init(site: String?, students: Int, covered: Int, headcount: Int?, basis: Basis, denominator: Int, target: Double?) {
            self.site = site
            self.students = students
            self.covered = covered
            self.headcount = headcount
            self.basis = basis
            self.denominator = denominator
            share = denominator > 0 ? Double(covered) / Double(denominator) : nil
            // Compared in whole students: 3 of 10 meets 0.3 although 0.3 × 10 is 3.0000000000000004.
            targetMet = target.flatMap { t in denominator > 0 ? Double(covered) >= t * Double(denominator) - 1e-9 : nil }
        }

        /// Every key is written; unknown values are `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(site, forKey: .site)
            try c.encode(students, forKey: .students)
            try c.encode(covered, forKey: .covered)
            try c.encode(headcount, forKey: .headcount)
            try c.encode(basis, forKey: .basis)
            try c.encode(denominator, forKey: .denominator)
            try c.encode(share, forKey: .share)
            try c.encode(targetMet, forKey: .targetMet)
        }

        private enum CodingKeys: String, CodingKey {
            case site, students, covered, headcount, basis, denominator, share, targetMet
        }
    }

    /// The network's target share, 0–1; `nil`: none.
    public var target: Double?
    /// One row per site that is home to a student of the instance or gives a headcount, in the
    /// order of `sites`.
    public var schools: [Row]
    public var network: Row

    /// Counts a resolved solution (``IndexedSolution/resolve(_:in:)``).
    public init(_ problem: Problem, _ solution: IndexedSolution) {
        let inst = problem.instance
        var students = [Int](repeating: 0, count: problem.siteCount)
        var covered = [Int](repeating: 0, count: problem.siteCount)
        for (s, student) in problem.students.enumerated() {
            students[student.home] += 1
            if Coverage.grantedInFull(student.requests, granted: { solution.grantCount(student: s, request: $0) > 0 }) {
                covered[student.home] += 1
            }
        }
        let target = inst.coverageTarget
        let heads = Coverage.headcounts(inst)
        var rows: [Row] = []
        for site in inst.sites.indices where students[site] > 0 || heads[site] != nil {
            rows.append(Row(site: inst.sites[site].id, students: students[site], covered: covered[site], headcount: heads[site],
                            basis: heads[site] == nil ? .instanceStudents : .headcount,
                            denominator: heads[site] ?? students[site], target: target))
        }
        let byHeadcount = rows.filter { $0.basis == .headcount }
        let basis: Basis = byHeadcount.count == rows.count ? .headcount : byHeadcount.isEmpty ? .instanceStudents : .mixed
        self.target = target
        schools = rows
        network = Row(site: nil, students: rows.reduce(0) { $0 + $1.students }, covered: rows.reduce(0) { $0 + $1.covered },
                      headcount: byHeadcount.isEmpty ? nil : byHeadcount.reduce(0) { $0 + ($1.headcount ?? 0) },
                      basis: rows.isEmpty ? .instanceStudents : basis, denominator: rows.reduce(0) { $0 + $1.denominator },
                      target: target)
    }

    /// Counts a solution; `nil` when one of its references does not resolve (the checker then
    /// reports it unusable).
    public init?(problem: Problem, solution: Solution) {
        guard let resolved = IndexedSolution.resolve(solution, in: problem).0 else { return nil }
        self.init(problem, resolved)
    }

    /// Whether a student's individual curriculum is granted in full: every required request is
    /// granted, and at least one request is. `granted(r)` says whether request `r` is.
    public static func grantedInFull(_ requests: [Problem.RequestData], granted: (Int) -> Bool) -> Bool {
        var any = false
        for (r, request) in requests.enumerated() {
            if granted(r) { any = true } else if request.required { return false }
        }
        return any
    }

    /// The headcount of senior students of each site, in the order of `sites`: ``Site/seniorStudents``
    /// when given, else the sum of ``SchoolClass/students`` over the site's classes that give it,
    /// else `nil`.
    public static func headcounts(_ instance: Instance) -> [Int?] {
        var index: [String: Int] = [:]
        for (i, s) in instance.sites.enumerated() where index[s.id] == nil { index[s.id] = i }
        var fromClasses = [Int?](repeating: nil, count: instance.sites.count)
        for c in instance.classes {
            guard let n = c.students, let i = index[c.site] else { continue }
            fromClasses[i] = (fromClasses[i] ?? 0) + n
        }
        return instance.sites.enumerated().map { $1.seniorStudents ?? fromClasses[$0] }
    }

    /// Every key is written; `target` is `null` when the instance gives none.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(schools, forKey: .schools)
        try c.encode(network, forKey: .network)
    }

    private enum CodingKeys: String, CodingKey { case target, schools, network }
}
