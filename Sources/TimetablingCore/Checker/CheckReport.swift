/// The checker's verdict on a ``Solution``: whether it can be read, whether it breaks a hard rule,
/// and its score broken down by soft term (see `docs/RULES.md`).
///
/// ```swift
/// let report = Checker(problem).check(solution)
/// if !report.usable { print(report.diagnostics) }          // dangling ids: CLI exit 2
/// else if report.feasible { print(report.objective, report.terms[.studentGaps]!) }
/// ```
///
/// Its JSON form has the keys `usable`, `diagnostics`, `feasible`, `violations`, `objective`,
/// `bound`, `gap`, `terms` and `summary`.
public struct CheckReport: Codable, Sendable, Equatable {
    /// False when a reference of the solution does not resolve; rules are then not judged.
    public var usable: Bool
    /// Why the solution is unusable (errors) and what looks wrong but is harmless (warnings),
    /// each with its place in the solution, e.g. `sections[3].meetings[1].room`.
    public var diagnostics: [Diagnostic]
    /// `usable && violations.isEmpty`.
    public var feasible: Bool
    /// Every broken hard rule, sorted by rule (table order), who, day and period.
    public var violations: [Violation]
    /// Σ cost over ``terms``; lower is better.
    public var objective: Double
    /// Every soft term of `docs/RULES.md`; in JSON an object keyed by the terms' names.
    public var terms: [SoftTerm: Term]
    /// Counts for people: requests met, enrolments, travel.
    public var summary: Summary
    /// The lower bound the solution carries (``Solution/bound``), if any.
    public var bound: Double?
    /// (objective − bound) / |objective| for a feasible solution with a bound (0 when both are 0).
    public var gap: Double?

    public init(
        usable: Bool, diagnostics: [Diagnostic], violations: [Violation], terms: [SoftTerm: Term], summary: Summary
    ) {
        self.usable = usable
        self.diagnostics = diagnostics
        self.feasible = usable && violations.isEmpty
        self.violations = violations
        self.objective = SoftTerm.allCases.reduce(0) { $0 + (terms[$1]?.cost ?? 0) }
        self.terms = terms
        self.summary = summary
    }

    /// Every key is written; `bound` and `gap` are `null` when unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(usable, forKey: .usable)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(feasible, forKey: .feasible)
        try c.encode(violations, forKey: .violations)
        try c.encode(objective, forKey: .objective)
        try c.encode(bound, forKey: .bound)
        try c.encode(gap, forKey: .gap)
        try c.encode(terms, forKey: .terms)
        try c.encode(summary, forKey: .summary)
    }

    private enum CodingKeys: String, CodingKey {
        case usable, diagnostics, feasible, violations, objective, bound, gap, terms, summary
    }

    /// Whether the solution's bound is above the objective of this feasible timetable (an error
    /// diagnostic at `bound` says so): the bound is not valid.
    public var boundAboveObjective: Bool {
        diagnostics.contains { $0.severity == .error && $0.path == "bound" }
    }

    /// The violations of one rule.
    public func violations(of rule: HardRule) -> [Violation] {
        violations.filter { $0.rule == rule }
    }

    /// The distinct rules broken, in table order.
    public var brokenRules: [HardRule] {
        let broken = Set(violations.map(\.rule))
        return HardRule.allCases.filter(broken.contains)
    }
}

/// One broken hard rule: which rule, who or what breaks it, when, and the numbers.
public struct Violation: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The rule broken; in JSON its id, e.g. `student-clash`.
    public var rule: HardRule
    /// The person, section, room, course or bus run id concerned.
    public var who: String?
    /// Day id, when the rule is judged per day.
    public var day: String?
    /// 1-based period, when the rule is judged per slot.
    public var period: Int?
    /// What is wrong, with the numbers: `student s12 has 8 lessons on tue, limit 7`.
    public var message: String

    public init(rule: HardRule, who: String? = nil, day: String? = nil, period: Int? = nil, message: String) {
        self.rule = rule
        self.who = who
        self.day = day
        self.period = period
        self.message = message
    }

    public var description: String { "\(rule.rawValue): \(message)" }
}

/// One soft term: its raw value, the instance weight, and `cost = weight × value`.
public struct Term: Codable, Sendable, Equatable {
    public var value: Double
    public var weight: Double
    public var cost: Double

    public init(value: Double, weight: Double) {
        self.value = value
        self.weight = weight
        self.cost = value * weight
    }
}

extension CheckReport {
    /// Headline numbers of a solution, printed by the CLI after a solve.
    public struct Summary: Codable, Sendable, Equatable {
        /// All requests of all students, and those with an assignment.
        public var requests: Int
        public var satisfiedRequests: Int
        public var requiredRequests: Int
        public var requiredSatisfied: Int
        /// Required requests left unmet.
        public var requiredUnmet: Int { requiredRequests - requiredSatisfied }
        public var electiveRequests: Int
        public var electiveSatisfied: Int
        /// Sections opened.
        public var sections: Int
        public var inPersonEnrolments: Int
        public var onlineEnrolments: Int
        /// `onlineEnrolments / (inPersonEnrolments + onlineEnrolments)`, 0 without enrolments.
        public var onlineShare: Double
        /// Σ max(arrive − depart, 0) over student legs (``IndexedSolution/Leg/travelMinutes``), minutes.
        public var studentTravelMinutes: Int
        /// Σ max(arrive − depart, 0) over teacher legs (``IndexedSolution/Leg/travelMinutes``), minutes.
        public var teacherTravelMinutes: Int
        /// Legs of every itinerary, students and teachers.
        public var legs: Int
        /// Students whose individual curriculum is granted in full, per school and for the network,
        /// against the headcounts and the target of the instance; `nil` (absent in JSON) when the
        /// solution is unusable.
        public var coverage: Coverage?

        public init(
            requests: Int = 0, satisfiedRequests: Int = 0, requiredRequests: Int = 0, requiredSatisfied: Int = 0,
            electiveRequests: Int = 0, electiveSatisfied: Int = 0, sections: Int = 0, inPersonEnrolments: Int = 0,
            onlineEnrolments: Int = 0, studentTravelMinutes: Int = 0, teacherTravelMinutes: Int = 0, legs: Int = 0,
            coverage: Coverage? = nil
        ) {
            self.requests = requests
            self.satisfiedRequests = satisfiedRequests
            self.requiredRequests = requiredRequests
            self.requiredSatisfied = requiredSatisfied
            self.electiveRequests = electiveRequests
            self.electiveSatisfied = electiveSatisfied
            self.sections = sections
            self.inPersonEnrolments = inPersonEnrolments
            self.onlineEnrolments = onlineEnrolments
            let enrolments = inPersonEnrolments + onlineEnrolments
            self.onlineShare = enrolments == 0 ? 0 : Double(onlineEnrolments) / Double(enrolments)
            self.studentTravelMinutes = studentTravelMinutes
            self.teacherTravelMinutes = teacherTravelMinutes
            self.legs = legs
            self.coverage = coverage
        }
    }
}
