import Foundation
import TimetablingCore

/// Improvement by forced requests: GLPK's share of `auto` on instances too large for the whole
/// integer program (docs/MIP.md, "Forced requests").
///
/// For each elective request a feasible timetable leaves unmet, and each request it grants by a
/// later alternative than the first (most weight at stake first), the question of
/// `netsched what-if` is asked: the request is made required — for a granted one, by one of its
/// earlier alternatives only — and GLPK re-optimises the neighbourhood around it exactly (the
/// requested courses' sections, the student's other sections, the requests of everyone in them;
/// ``WhatIf``). When the cheapest way it finds lowers the whole timetable's objective by the
/// ``Checker``, the new timetable is kept and the search goes on from it. A move the heuristic's local search rarely makes — granting a request by
/// moving a section and several students at once, each step of which is worse on its own — is
/// what GLPK finds here: on the Terbuny example two such moves took a 60-s heuristic timetable
/// from 7,217.1 to 7,036.1.
///
/// The search ends when every unmet elective was asked since the last improvement, at the
/// deadline, or when `stop` is raised; questions that GLPK could not answer in their time are not
/// asked again until the timetable changes. The search is deterministic as long as every question
/// ends before its time limit.
public struct ForcedRequestSearch: Sendable {
    /// Wall-clock limit of one question, seconds (less when the deadline is nearer).
    public var questionSeconds: Double
    /// Sub-MIPs estimated above this many columns are not built (the question is skipped).
    public var maxSubColumns: Int
    /// Whether a question whose neighbourhood has no way widens it (``WhatIf/widen``). Off by
    /// default: the widened sub-MIPs are ten times larger and on the Terbuny example GLPK rarely
    /// finds a way in them within seconds, where the first neighbourhoods answer in milliseconds.
    public var widen: Bool

    public init(questionSeconds: Double = 8, maxSubColumns: Int = 20_000, widen: Bool = false) {
        self.questionSeconds = questionSeconds
        self.maxSubColumns = maxSubColumns
        self.widen = widen
    }

    /// What one search did.
    public struct Outcome: Sendable {
        /// The best timetable: the given one when nothing improved it.
        public var solution: Solution
        /// The checker's objective of the given and of the returned timetable.
        public var objectiveBefore: Double
        public var objectiveAfter: Double
        /// Questions asked, and how many of them improved the timetable.
        public var asked: Int
        public var improved: Int
        /// Whether every unmet elective was asked since the last improvement (the timetable is
        /// locally optimal for these neighbourhoods) rather than the time running out.
        public var exhausted: Bool
        /// Seconds spent.
        public var seconds: Double
    }

    /// Runs the search from `solution` until `deadline`. A timetable the checker does not find
    /// feasible is returned unchanged (the questions compare feasible timetables only).
    public func improve(_ problem: Problem, from solution: Solution, deadline: Date, stop: StopFlag = StopFlag(),
                        progress: ((SolveProgress) -> Void)? = nil) -> Outcome {
        let started = Date()
        let checker = Checker(problem)
        var current = solution
        var report = checker.check(current)
        var outcome = Outcome(solution: solution, objectiveBefore: report.objective, objectiveAfter: report.objective,
                              asked: 0, improved: 0, exhausted: false, seconds: 0)
        guard report.feasible else {
            outcome.seconds = Date().timeIntervalSince(started)
            return outcome
        }
        let inst = problem.instance
        // Unanswerable or unprofitable since the last change of the timetable.
        var settled = Set<RequestKey>()
        while !stop.isRaised {
            let open = Self.questions(problem, current).filter { !settled.contains($0) }
            guard let next = open.first else {
                outcome.exhausted = true
                break
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 1 else { break }
            var question = WhatIf(timeLimit: min(questionSeconds, left), maxSubColumns: maxSubColumns, widen: widen)
            question.heuristicSeconds = 0
            question.feasibilityShare = 0
            let answer: WhatIfAnswer
            if next.rank == 0 {
                answer = question.answer(problem, current, student: next.student, request: next.request, started: Date(), stop: stop, log: nil)
            } else {
                // A better alternative: the request keeps only its alternatives before the one it
                // has, and the student gives up the section; the answer is judged on the real instance.
                var instance = inst
                instance.students[next.student].requests[next.request].alternatives.removeSubrange(next.rank...)
                guard let narrowed = try? Problem(instance) else {
                    settled.insert(next)
                    continue
                }
                var without = current
                without.assignments.removeAll { $0.student == inst.students[next.student].id && $0.request == next.request }
                answer = question.answer(narrowed, without, student: next.student, request: next.request, started: Date(), stop: stop,
                                         log: nil)
            }
            outcome.asked += 1
            guard answer.status == .granted, let candidate = answer.solution else {
                settled.insert(next)
                continue
            }
            let after = checker.check(candidate)
            guard after.feasible, after.objective < report.objective - 1e-6 else {
                settled.insert(next)
                continue
            }
            current = candidate
            report = after
            outcome.improved += 1
            settled.removeAll()
            progress?(SolveProgress(engine: "forced-requests", elapsed: Date().timeIntervalSince(started), phase: .search,
                                    incumbent: after.objective, requiredUnmet: 0, feasible: true,
                                    message: String(format: "%@ request %d of %@, re-optimised around it: %+.1f",
                                                    next.rank == 0 ? "granting" : "a better alternative for", next.request,
                                                    inst.students[next.student].id, after.objective - outcome.objectiveBefore)))
        }
        outcome.solution = current
        outcome.objectiveAfter = report.objective
        outcome.seconds = Date().timeIntervalSince(started)
        return outcome
    }

    /// One question: grant an unmet request (`rank` 0), or grant a granted one by an alternative
    /// before its `rank`-th.
    struct RequestKey: Hashable {
        var student: Int
        var request: Int
        var rank: Int
    }

    /// The questions for `solution`: unmet electives and requests granted by a later alternative,
    /// most objective at stake first (the unmet request's weight, or the rank cost the request
    /// pays), then by student and request, so the order is the same on every run.
    static func questions(_ p: Problem, _ solution: Solution) -> [RequestKey] {
        let w = p.instance.weights
        var rank: [Int: [Int: Int]] = [:]
        for a in solution.assignments {
            if let s = p.studentIndex[a.student] { rank[s, default: [:]][a.request] = a.alternative }
        }
        var keys: [(key: RequestKey, stake: Double)] = []
        for (s, student) in p.instance.students.enumerated() {
            for (q, request) in student.requests.enumerated() {
                if let r = rank[s]?[q] {
                    if r > 0 { keys.append((RequestKey(student: s, request: q, rank: r), request.weight * Double(r) * w.alternativeRank)) }
                } else if !request.required {
                    keys.append((RequestKey(student: s, request: q, rank: 0), request.weight * w.unmetElective))
                }
            }
        }
        keys.sort { a, b in
            a.stake != b.stake ? a.stake > b.stake : (a.key.student, a.key.request) < (b.key.student, b.key.request)
        }
        return keys.map(\.key)
    }
}
