import Foundation
import TimetablingCore
import TimetablingEngines

/// "What would it cost to grant this request?" (`netsched what-if`): the request is forced in
/// and GLPK re-optimises the neighbourhood around it exactly, everything else staying as in the
/// given timetable (docs/MIP.md, "What if").
///
/// The neighbourhood is a ``SubProblem`` (the hybrid engine's): the sections of every course the
/// request accepts, the student's other sections, and the requests of every student in those
/// sections are freed; the rest of the timetable becomes busy periods, seats, hours and sections
/// left. The request is *required* in the sub-instance and no other unmet request is freed, so
/// the sub-MIP's optimum is the cheapest way to grant this one request in the neighbourhood. When
/// the sub-MIP is infeasible (or has no column for the request) the neighbourhood is widened: the
/// other sections of the students of the requested courses are freed too, and when that has no way
/// either, every section of the teachers who may teach the requested courses. The answer is
/// merged into the whole timetable and judged by the ``Checker`` on the whole instance: only a
/// feasible timetable with the request granted is reported `granted`, and `objectiveDelta` is the
/// checker's objective difference.
///
/// `impossible` means the data prove it: in a relaxation with every section of the requested
/// courses free and nothing else scheduled, the student has no place in any section (the MIP's
/// pre-filter; ``WhatIfReason``s name the blocking data as `netsched explain` does). Otherwise
/// an answer without a granted timetable is `unknown`, with the reasons.
///
/// ```swift
/// let answer = try WhatIf(timeLimit: 30).ask(problem, solution, student: "s-borki-10-03", request: "robotics")
/// if answer.status == .granted { print(answer.objectiveDelta, answer.changes.map(\.text)) }
/// ```
public struct WhatIf: Sendable {
    /// Wall-clock limit of the whole question, seconds (the answer comes within about a second of it).
    public var timeLimit: Double
    /// GLPK's relative gap on the sub-MIP (0: the cheapest way in the neighbourhood, proven).
    public var relativeGap: Double
    /// Sub-MIPs estimated above this many columns are not built (answer `unknown`, `tooLarge`).
    public var maxSubColumns: Int
    /// Whether to widen the neighbourhood (at most twice) when it has no way to grant the request.
    public var widen: Bool
    /// Share of the time left that GLPK gets alone (at least 3 s) before the heuristic's start is tried.
    public var glpkFirstShare = 0.1
    /// Most seconds of the heuristic engine on the sub-instance, for a start GLPK did not find.
    public var heuristicSeconds = 3.0
    /// Share of the time left for GLPK on the sub-MIP without objective (any way to grant the
    /// request) when neither GLPK's first run nor the other starts found one.
    public var feasibilityShare = 0.4

    public init(timeLimit: Double = 30, relativeGap: Double = 0, maxSubColumns: Int = 60_000, widen: Bool = true) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.maxSubColumns = maxSubColumns
        self.widen = widen
    }

    /// The request of student `student` named by its id or its 0-based index, resolved; throws
    /// ``WhatIfError`` for an unusable solution, an unknown student or request, or a request the
    /// solution already grants.
    public static func resolve(_ problem: Problem, _ solution: Solution, student: String, request: String) throws(WhatIfError) -> Int {
        let report = Checker(problem).check(solution)
        guard report.usable else { throw .unusableSolution(report.diagnostics.filter { $0.severity == .error }) }
        let inst = problem.instance
        guard let s = problem.studentIndex[student] else { throw .unknownStudent(student, known: inst.students.map(\.id)) }
        let requests = inst.students[s].requests
        let q: Int
        if let k = requests.firstIndex(where: { $0.id == request }) {
            q = k
        } else if let k = Int(request), requests.indices.contains(k) {
            q = k
        } else {
            throw .unknownRequest(student: student, request: request,
                                  known: requests.enumerated().map { "\($0.offset)" + ($0.element.id.map { " (\($0))" } ?? "") })
        }
        if let a = solution.assignments.first(where: { $0.student == student && $0.request == q }) {
            throw .alreadyGranted(student: student, request: q, section: a.section)
        }
        return q
    }

    /// Answers the question for `student`'s request `request` (its id or 0-based index) against
    /// `solution`. `stop` ends the search early (the answer is then `unknown` unless one was
    /// found); `log` receives one line per step.
    public func ask(_ problem: Problem, _ solution: Solution, student: String, request: String, stop: StopFlag = StopFlag(),
                    log: ((String) -> Void)? = nil) throws(WhatIfError) -> WhatIfAnswer {
        let started = Date()
        let q = try Self.resolve(problem, solution, student: student, request: request)
        return answer(problem, solution, student: problem.studentIndex[student]!, request: q, started: started, stop: stop, log: log)
    }

    func answer(_ p: Problem, _ current: Solution, student s: Int, request q: Int, started: Date, stop: StopFlag,
                log: ((String) -> Void)?) -> WhatIfAnswer {
        func elapsed() -> Double { Date().timeIntervalSince(started) }
        let inst = p.instance
        let sid = inst.students[s].id
        let checker = Checker(p)
        let before = checker.check(current)
        // Reserve for the merge and the last check of the whole timetable.
        let reserve = min(5, 2 + Double(p.students.count) / 5_000, 0.25 * timeLimit)
        var answer = WhatIfAnswer(status: .unknown, student: sid, request: q, requestLabel: inst.students[s].requests[q].id, objectiveDelta: 0,
                                  objectiveBefore: before.objective, objectiveAfter: nil, terms: [:], changes: [], lostRequests: [],
                                  sectionsOpened: [], sectionsClosed: [], sectionsChanged: [], reasons: [], search: [], summary: "",
                                  seconds: 0, solution: nil)
        func finish(_ a: WhatIfAnswer) -> WhatIfAnswer {
            var a = a
            a.seconds = elapsed()
            return a
        }
        if !before.feasible {
            answer.reasons.append(WhatIfReason(kind: "infeasibleTimetable", text: "the given timetable breaks \(before.violations.count) hard "
                                               + "rule(s) (netsched check lists them); only a timetable that passes the checker is reported granted"))
        }

        // 1. The data: can any timetable grant the request at all?
        if let blockers = Self.dataBlockers(p, student: s, request: q) {
            answer.status = .impossible
            answer.reasons = blockers + answer.reasons
            answer.summary = "impossible: no timetable can grant request \(q) of \(sid); the data block every alternative"
            log?("data check: impossible")
            return finish(answer)
        }
        log?(String(format: "data check: possible on its own (%.2f s)", elapsed()))

        // 2. The neighbourhood, then once wider.
        let courses = Set(p.students[s].requests[q].alternatives.map(\.course))
        let courseIDs = Set(courses.map { inst.courses[$0].id })
        let ofCourses = Set(current.sections.filter { courseIDs.contains($0.course) }.map(\.id))
        var first = ofCourses
        for a in current.assignments where a.student == sid { first.insert(a.section) }
        let courseStudents = Set(current.assignments.filter { ofCourses.contains($0.section) }.map(\.student))
        var wide = first
        for a in current.assignments where courseStudents.contains(a.student) { wide.insert(a.section) }
        var wider = wide
        let teachers = Set(courses.flatMap { p.courses[$0].teachers }.map { inst.teachers[$0].id })
        for sec in current.sections where teachers.contains(sec.teacher) { wider.insert(sec.id) }
        var levels: [(String, Set<String>)] = [("the requested course\(courses.count == 1 ? "" : "s") and the student's sections", first)]
        if widen && wide != first { levels.append(("widened: also the other sections of the requested courses' students", wide)) }
        if widen && wider != wide { levels.append(("widened again: also the sections of the requested courses' teachers", wider)) }
        var random = SeededRandom(seed: 1, stream: "what-if")
        var timedOut = false
        for (label, ids) in levels {
            if stop.isRaised || timeLimit - elapsed() - reserve < 0.2 { timedOut = true; break }
            let hood = Neighbourhood(label: label, sections: ids,
                                     courses: courses.union(current.sections.filter { ids.contains($0.id) }.compactMap { p.courseIndex[$0.course] }))
                .withoutLocked(p)
            let t0 = elapsed()
            var step = WhatIfSearchStep(neighbourhood: label, sections: hood.sections.count, students: 0, rows: 0, columns: 0, glpk: "", seconds: 0)
            let outcome = solve(hood, problem: p, current: current, student: s, request: q, deadline: started.addingTimeInterval(timeLimit - reserve),
                                stop: stop, random: &random, step: &step)
            step.seconds = elapsed() - t0
            answer.search.append(step)
            log?(String(format: "%@: %d sections, %d students, sub-MIP %d × %d: %@ (%.1f s)", label, step.sections, step.students, step.rows,
                        step.columns, step.glpk, step.seconds))
            switch outcome {
            case let .found(merged, optimal):
                var canonical = Self.keepingSectionIDs(merged, old: current)
                var after = checker.check(canonical)
                if after.feasible { (canonical, after) = Self.restoringJoinRooms(canonical, old: current, report: after, checker: checker) }
                let granted = canonical.assignments.contains { $0.student == sid && $0.request == q }
                if after.feasible && granted {
                    answer.status = .granted
                    Self.describe(&answer, problem: p, old: current, new: canonical, before: before, after: after, target: (sid, q))
                    answer.solution = canonical
                    // The neighbourhoods that had no way are in `search`; the reasons are for refusals.
                    answer.reasons.removeAll { $0.kind != "infeasibleTimetable" }
                    answer.summary = String(format: "granted: objective %+.2f (%.2f → %.2f); %@", after.objective - before.objective,
                                            before.objective, after.objective,
                                            optimal ? "the cheapest way in the neighbourhood (GLPK proved it optimal)"
                                                : "the best way found before the time limit (not proven the cheapest)")
                    return finish(answer)
                }
                let why = !granted ? "the merged timetable does not grant the request"
                    : "the merged timetable breaks \(after.violations.count) hard rule(s) the sub-problem only approximates: "
                        + after.violations.prefix(3).map(\.description).joined(separator: "; ")
                answer.reasons.append(WhatIfReason(kind: "checkerRejected", text: "\(label): \(why)"))
            case let .none(kind, why):
                answer.reasons.append(WhatIfReason(kind: kind, text: "\(label): \(why)"))
                if kind == "timeLimit" { timedOut = true }
            }
            if timedOut { break }
        }
        if timedOut && !answer.reasons.contains(where: { $0.kind == "timeLimit" }) {
            answer.reasons.append(WhatIfReason(kind: "timeLimit", text: String(format: "the time limit of %.0f s ran out", timeLimit)))
        }
        answer.status = .unknown
        answer.summary = timedOut
            ? "unknown: the time limit ran out before an answer"
            : "unknown: possible on its own, but no way to grant it was found with the rest of the timetable fixed around the "
                + "neighbourhood\(levels.count > 1 ? " (widened \(levels.count == 2 ? "once" : "twice"))" : ""); a full re-solve might"
        return finish(answer)
    }

    enum Outcome {
        case found(Solution, optimal: Bool)
        /// No timetable: the reason's kind and text.
        case none(String, String)
    }

    /// Builds and solves the sub-MIP of `hood` with the request required.
    func solve(_ hood: Neighbourhood, problem p: Problem, current: Solution, student s: Int, request q: Int, deadline: Date,
               stop: StopFlag, random: inout SeededRandom, step: inout WhatIfSearchStep) -> Outcome {
        let sp: SubProblem
        switch SubProblem.make(problem: p, current: current, neighbourhood: hood, maxStudents: Int.max / 4, random: &random,
                               forced: SubProblem.key(s, q)) {
        case let .failure(why):
            step.glpk = "no sub-problem"
            return .none("neighbourhoodInfeasible", "no sub-problem (\(why))")
        case let .success(x): sp = x
        }
        step.students = sp.studentOf.count
        guard let i = sp.studentOf.firstIndex(of: s), sp.requestOf[i].contains(q) else {
            step.glpk = "blocked"
            return .none("neighbourhoodInfeasible", "the requested courses may open no more sections (their maximum is reached by "
                         + "sections outside the neighbourhood)")
        }
        let sub = sp.sub
        let sets = MIPSets(problem: sub, sectionSlack: 1, keepAtLeast: sp.restricted.sectionCounts(in: sub), commitments: sp.commitments,
                       groupTrips: sp.groupTrips)
        let estimate = sets.estimatedSize()
        if estimate.columns > maxSubColumns {
            step.glpk = "too large"
            step.columns = estimate.columns
            return .none("tooLarge", "the sub-MIP would have \(estimate); above the limit of \(maxSubColumns) columns")
        }
        var model = MIPModel(sets: sets, elastic: false)
        step.rows = model.lp.rows.count
        step.columns = model.lp.columns.count
        if !model.blocked.isEmpty {
            step.glpk = "blocked"
            let mine = model.blocked.contains { $0.student == i }
            return .none("neighbourhoodInfeasible", mine
                         ? "with the rest of the timetable fixed, the student has no place in any section of the requested courses "
                            + "(free periods, travel, hygiene limits, teachers' free periods or rooms)"
                         : "another required request of the neighbourhood has no place in it")
        }
        sp.applyOriginalRankCosts(to: &model)
        let left = deadline.timeIntervalSinceNow
        guard left > 0.2, !stop.isRaised else {
            step.glpk = "no time"
            return .none("timeLimit", "no time left for GLPK")
        }
        // GLPK alone first, with its presolver (it proves most neighbourhoods optimal or infeasible
        // within a few seconds). When it stops without proof, a second run goes on until the
        // deadline from the best start known: GLPK's own solution; the student joining a section
        // that is already open, nothing else changing; else the heuristic engine's timetable of
        // the sub-instance with the request granted (each completed by GLPK with its decisions fixed).
        var glpk = GLPKSolver(timeLimit: min(left, max(glpkFirstShare * left, 3)), relativeGap: relativeGap)
        glpk.presolve = true
        glpk.feasibilityPump = true
        glpk.mirCuts = false
        glpk.coverCuts = true
        glpk.cliqueCuts = true
        guard var out = try? glpk.solve(model.lp, progress: nil, shouldStop: { stop.isRaised }) else {
            step.glpk = "error"
            return .none("neighbourhoodInfeasible", "GLPK failed on the sub-MIP")
        }
        step.glpk = String(format: "%@ in %.1f s, %d nodes", out.status.rawValue, out.seconds, out.nodes)
        if out.status == .feasible || out.status == .unknown, !out.stopped, deadline.timeIntervalSinceNow > 0.5, !stop.isRaised {
            var start: (values: [Double], objective: Double)? = nil
            if let values = out.values, let objective = out.objective { start = (values, objective) }
            if let insertion = insertionStart(sp, model: model, student: i, request: sp.requestOf[i].firstIndex(of: q)!,
                                              seconds: min(3, 0.15 * deadline.timeIntervalSinceNow)),
               insertion.objective < (start?.objective ?? .infinity) - 1e-9 {
                start = insertion
                step.glpk += String(format: "; joining an open section %.1f", insertion.objective)
            }
            if start == nil {
                start = heuristicStart(sp, model: model, seconds: min(heuristicSeconds, 0.3 * deadline.timeIntervalSinceNow), stop: stop)
                step.glpk += start.map { String(format: "; the heuristic's start %.1f", $0.objective) } ?? "; the heuristic found no start"
            }
            if start == nil, feasibilityShare > 0, deadline.timeIntervalSinceNow > 1, !stop.isRaised {
                // Any way at all: the same rows with no objective, so that GLPK stops at its first
                // integer solution (or proves there is none), which then starts the real search.
                var feasibility = model.lp
                for j in feasibility.columns.indices { feasibility.setObjective(j, 0) }
                feasibility.objectiveConstant = 0
                var any = GLPKSolver(timeLimit: feasibilityShare * deadline.timeIntervalSinceNow, relativeGap: 0)
                any.presolve = true
                any.feasibilityPump = true
                any.polishContinuous = false
                if let found = try? any.solve(feasibility, progress: nil, shouldStop: { stop.isRaised }) {
                    step.glpk += String(format: "; any way: %@ in %.1f s", found.status.rawValue, found.seconds)
                    if found.status == .infeasible {
                        out.status = .infeasible
                        out.values = nil
                    } else if let values = found.values {
                        var completion = GLPKSolver(timeLimit: max(0.5, 0.2 * deadline.timeIntervalSinceNow), relativeGap: 0)
                        completion.polishContinuous = true
                        var columns = model.assignments.map(\.col)
                        for c in model.candidates { columns += c.configCols + c.startCols.flatMap { $0.map(\.col) } }
                        let decisions = columns.filter { values[$0] > 0.5 }.map { ($0, 1.0) }
                        if let done = try? completion.solve(model.fixed(at: decisions)), done.status == .optimal, let v = done.values,
                           let o = done.objective {
                            start = (v, o)
                        }
                    }
                }
            }
            var second = GLPKSolver(timeLimit: max(0.1, deadline.timeIntervalSinceNow), relativeGap: relativeGap)
            if out.status == .infeasible { second.timeLimit = 0 }
            second.mirCuts = false
            second.coverCuts = true
            second.cliqueCuts = true
            if let start {
                second.presolve = false
                second.initialSolution = start.values
            } else {
                second.presolve = true
                second.feasibilityPump = true
            }
            if var again = try? second.solve(model.lp, progress: nil, shouldStop: { stop.isRaised }) {
                if let start, again.values == nil || (again.objective ?? .infinity) > start.objective + 1e-9 {
                    again.values = start.values
                    again.objective = start.objective
                    if again.status != .optimal { again.status = .feasible }
                }
                out = again
                step.glpk += String(format: "; then %@ in %.1f s, %d nodes", out.status.rawValue, out.seconds, out.nodes)
            } else if let start {
                out.values = start.values
                out.objective = start.objective
                out.status = .feasible
            }
        }
        switch out.status {
        case .optimal, .feasible:
            guard let values = out.values else { return .none("timeLimit", "GLPK returned no values") }
            guard let merged = sp.merged(values: values, model: model, sets: sets, into: current, engine: "what-if",
                                         reason: "given up so that the request asked about could be granted (netsched what-if)")
            else {
                return .none("checkerRejected", "the sub-MIP's answer leaves a day whose fixed lessons cannot be chained by the roads or buses")
            }
            var out2 = merged
            out2.engine = "what-if"
            return .found(out2, optimal: out.status == .optimal)
        case .infeasible:
            return .none("neighbourhoodInfeasible", "GLPK proved that no timetable of the neighbourhood grants the request with the rest fixed")
        case .unknown, .unbounded:
            return .none("timeLimit", out.stopped ? "stopped before GLPK found a way" : "GLPK found no way before the time limit")
        }
    }

    /// A first incumbent for the sub-MIP: the heuristic engine's timetable of the sub-instance (from
    /// the current one, the request required), mapped to the model's columns and completed by GLPK
    /// with its decisions fixed; nil when it does not grant the request or does not fit the model
    /// (the sub-instance does not see the sites of the fixed lessons, the model does).
    func heuristicStart(_ sp: SubProblem, model: MIPModel, seconds: Double, stop: StopFlag) -> (values: [Double], objective: Double)? {
        guard seconds > 0.2 else { return nil }
        let parameters = SolveParameters(timeLimit: seconds, seed: 1, threads: 1, stop: stop, hint: sp.restricted)
        guard let solution = HeuristicEngine().run(sp.sub, parameters: parameters).solution,
              Checker(sp.sub).check(solution).feasible,
              let decisions = model.decisions(of: solution)
        else { return nil }
        var completion = GLPKSolver(timeLimit: max(0.5, seconds), relativeGap: 0)
        completion.polishContinuous = true
        guard let out = try? completion.solve(model.fixed(at: decisions)), out.status == .optimal, let values = out.values,
              let objective = out.objective
        else { return nil }
        return (values, objective)
    }

    /// The cheapest way to grant the request by the student joining a section of the current
    /// timetable (restricted to the sub-problem) and nothing else changing, completed by GLPK with
    /// the decisions fixed (join rooms, paths and rides follow); nil when no open section takes the
    /// student that way.
    func insertionStart(_ sp: SubProblem, model: MIPModel, student i: Int, request qi: Int,
                        seconds: Double) -> (values: [Double], objective: Double)? {
        let sub = sp.sub
        let started = Date()
        let sid = sub.instance.students[i].id
        let alternatives = sub.students[i].requests[qi].alternatives
        var best: (values: [Double], objective: Double)? = nil
        for section in sp.restricted.sections {
            guard let c = sub.courseIndex[section.course], let site = sub.siteIndex[section.site] else { continue }
            guard let k = alternatives.firstIndex(where: { alt in
                alt.course == c && (alt.mode == nil || alt.mode == section.mode)
                    && (alt.site == nil || (section.mode == .inPerson && alt.site == site))
            }) else { continue }
            let left = seconds - Date().timeIntervalSince(started)
            guard left > 0.05 else { break }
            var joined = sp.restricted
            joined.assignments.append(Solution.Assignment(student: sid, request: qi, alternative: k, section: section.id))
            guard let decisions = model.decisions(of: joined) else { continue }
            var completion = GLPKSolver(timeLimit: left, relativeGap: 0)
            completion.polishContinuous = true
            guard let out = try? completion.solve(model.fixed(at: decisions)), out.status == .optimal, let values = out.values,
                  let objective = out.objective
            else { continue }
            if objective < (best?.objective ?? .infinity) { best = (values, objective) }
        }
        return best
    }
}
