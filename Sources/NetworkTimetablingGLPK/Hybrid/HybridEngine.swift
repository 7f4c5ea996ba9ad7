import Foundation
import TimetablingCore
import TimetablingEngines

/// The hybrid engine (`--engine hybrid`): MIP-based large-neighbourhood search.
///
/// The heuristic engine builds a timetable first (``heuristicShare`` of the time limit, on the
/// threads allowed). Then, until the time limit, the stop flag or ``maxNeighbourhoods``, a
/// neighbourhood of the current timetable is freed — all sections of one or two courses, the
/// sections of one teacher, or the sections meeting at one site on one day, with the students in
/// them and unmet requests of those courses — and re-optimised exactly by GLPK on a *sub-problem*
/// that holds only the freed part, everything else fixed as busy periods at their sites, fewer
/// weekly periods, sections and seats (``SubProblem``). The current timetable restricted to the
/// neighbourhood is the sub-MIP's first incumbent (`glp_ios_heur_sol`, as in the MIP engine's
/// warm start), so GLPK only has to find something better. The improved part is merged back and
/// the merged timetable kept when the ``Checker`` finds it better (feasible over infeasible, fewer
/// violations, lower objective): the result is never worse than the heuristic's timetable.
///
/// Deterministic for a seed (neighbourhoods are chosen by a seeded generator; GLPK is
/// deterministic) as long as each sub-MIP ends before its own time limit; with
/// ``maxNeighbourhoods`` the number of neighbourhoods is fixed too. Progress reports each
/// neighbourhood: what was freed, the sub-MIP's size and the change of the objective.
public struct HybridEngine: Engine {
    public var name: String { "hybrid" }
    /// Share of the time limit for the heuristic's first timetable.
    public var heuristicShare: Double
    /// Sub-MIPs estimated above this many columns are not built: the neighbourhood is shrunk
    /// (one course, half the sections, half the students) until its estimate fits, at most
    /// ``maxShrinks`` times, else skipped.
    public var maxSubColumns: Int
    /// Most times one neighbourhood is shrunk to fit ``maxSubColumns``.
    public var maxShrinks: Int
    /// Time limit of one sub-MIP, seconds.
    public var subTimeLimit: Double
    /// Most students whose requests one neighbourhood frees (those in freed sections always are).
    public var maxStudents: Int
    /// Most sections one neighbourhood frees.
    public var maxSections: Int
    /// Most sections one pinned neighbourhood frees (``Neighbourhood/pinned``).
    public var maxPinnedSections = 8
    /// Most students whose unmet requests one pinned neighbourhood frees.
    public var maxPinnedStudents = 60
    /// Adds pinned neighbourhoods (``Neighbourhood/pinned``, one per unmet request) to the cycle.
    /// Off by default: on the heuristic's timetables they prove the assignment optimal for the
    /// sections' placements rather than improve it (docs/HEURISTIC.md, "Pinned neighbourhoods").
    public var pinnedNeighbourhoods = false
    /// Stop after this many neighbourhoods (reproducible runs); nil: the time limit only.
    public var maxNeighbourhoods: Int?
    /// Start from this timetable instead of the heuristic's.
    public var warmStart: Solution?
    /// Feasibility first: while the timetable breaks hard rules (typically a required request
    /// unmet), the heuristic goes on from it, in rounds of half ``heuristicShare`` of the limit,
    /// until this share of the time limit has passed; only then do the sub-MIPs start. The
    /// sub-MIPs re-optimise a few courses at a time and rarely meet a required request the heuristic
    /// left (on the region benchmark: 54 neighbourhoods in 420 s met none of 49). 0 turns it off.
    public var repairShare: Double

    public init(heuristicShare: Double = 0.3, maxSubColumns: Int = 15_000, subTimeLimit: Double = 8, maxStudents: Int = 40,
                maxSections: Int = 6, maxNeighbourhoods: Int? = nil, warmStart: Solution? = nil, maxShrinks: Int = 4,
                repairShare: Double = 0.7) {
        self.heuristicShare = heuristicShare
        self.repairShare = min(max(repairShare, 0), 1)
        self.maxSubColumns = maxSubColumns
        self.maxShrinks = max(0, maxShrinks)
        self.subTimeLimit = subTimeLimit
        self.maxStudents = maxStudents
        self.maxSections = maxSections
        self.maxNeighbourhoods = maxNeighbourhoods
        self.warmStart = warmStart
    }

    enum Kind: String, CaseIterable {
        case courses, teacher, siteDay
        /// Pinned (``Neighbourhood/pinned``): the sections of an unmet request's courses and of
        /// the sections its student attends, with their students.
        case unmet
    }

    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (SolveProgress) -> Void) -> SolveResult {
        let started = Date()
        let name = self.name
        func elapsed() -> Double { Date().timeIntervalSince(started) }
        let limit = max(parameters.timeLimit, 0)
        let checker = Checker(problem)
        // Locks and a re-plan's reference: locked sections are never freed, the sub-MIPs carry the
        // change terms (HybridReplan.swift), and the checker judges every merge on the whole problem.

        // 1. The start: the heuristic's timetable (or the caller's).
        var current: Solution
        var statistics: [String: Double] = [:]
        if let hint = parameters.hint ?? warmStart {
            current = hint
        } else {
            var hp = parameters
            hp.timeLimit = limit * heuristicShare
            let result = HeuristicEngine().run(problem, parameters: hp, progress: progress)
            guard let solution = result.solution else {
                return SolveResult(status: .unknown, solution: nil, statistics: ["seconds": elapsed()],
                                   message: "the heuristic found no timetable to start from (\(result.message ?? result.status.rawValue))")
            }
            current = solution
        }
        current.engine = name
        var report = checker.check(current)
        let startObjective = report.objective
        statistics["startObjective"] = startObjective
        statistics["heuristicSeconds"] = elapsed()
        progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .start, incumbent: report.objective,
                               requiredUnmet: report.summary.requiredUnmet, feasible: report.feasible,
                                             message: "heuristic timetable: " + (report.feasible ? "feasible" : "\(report.violations.count) violations")
                                                 + String(format: ", objective %.1f", report.objective)))

        // 1b. Feasibility first: the heuristic goes on from the timetable while it breaks hard rules.
        var repairRounds = 0
        let round = max(1, limit * heuristicShare / 2)
        while !report.feasible, !parameters.stop.isRaised {
            let left = limit * repairShare - elapsed()
            if left < 1 { break }
            var hp = parameters
            hp.timeLimit = min(round, left)
            hp.hint = current
            let result = HeuristicEngine().run(problem, parameters: hp, progress: progress)
            repairRounds += 1
            guard var solution = result.solution else { break }
            solution.engine = name
            let r = checker.check(solution)
            let accepted = AutoEngine.better(r, than: report)
            if accepted { current = solution; report = r }
            progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .repair, incumbent: report.objective,
                                   requiredUnmet: report.summary.requiredUnmet, feasible: report.feasible,
                                   message: "round \(repairRounds): heuristic from the timetable: " + (report.feasible ? "feasible" : "\(report.violations.count) violations")
                                       + String(format: ", objective %.1f", report.objective) + (accepted ? "" : " (not better; kept the previous)")))
            if !accepted { break }
        }
        statistics["repairRounds"] = Double(repairRounds)

        // 2. Neighbourhoods until the time is up.
        var random = SeededRandom(seed: parameters.seed, stream: "hybrid")
        var tried = 0, improved = 0, skipped = 0, tooLarge = 0, shrunk = 0, failures = 0, consecutiveEmpty = 0
        var subColumns = 0.0, subSeconds = 0.0
        var kind = 0
        var proven = Set<String>()
        // Reserve for the last merge and check (about a second per 5,000 students).
        let reserve = min(5, max(0.5, Double(problem.students.count) / 5_000))
        while !parameters.stop.isRaised {
            if let m = maxNeighbourhoods, tried >= m { break }
            let left = limit - elapsed() - reserve
            if left < 0.3 { break }
            let kinds = pinnedNeighbourhoods ? Kind.allCases : Kind.allCases.filter { $0 != .unmet }
            let k = kinds[kind % kinds.count]
            kind += 1
            guard var hood = pick(k, problem: problem, current: current, random: &random) else {
                consecutiveEmpty += 1
                if consecutiveEmpty >= 3 * Kind.allCases.count { break }
                continue
            }
            // Proven optimal since the last change: nothing to gain there again.
            if proven.contains(hood.label) {
                consecutiveEmpty += 1
                if consecutiveEmpty >= 20 * Kind.allCases.count { break }
                continue
            }
            consecutiveEmpty = 0
            tried += 1
            let t0 = elapsed()
            let label = hood.label
            var students = hood.pinned ? maxPinnedStudents : maxStudents, shrinks = 0
            var outcome = reoptimise(hood, maxStudents: students, problem: problem, current: current,
                                     deadline: Date().addingTimeInterval(min(subTimeLimit, left)), random: &random, stop: parameters.stop)
            // Too large: shrink the neighbourhood until its sub-MIP fits (or the tries or the time run out).
            while case .tooLarge = outcome, shrinks < maxShrinks, !parameters.stop.isRaised,
                  let smaller = shrink(hood, maxStudents: students, current: current, problem: problem, random: &random) {
                let left = limit - elapsed() - reserve
                if left < 0.3 { break }
                shrinks += 1
                (hood, students) = smaller
                outcome = reoptimise(hood, maxStudents: students, problem: problem, current: current,
                                     deadline: Date().addingTimeInterval(min(subTimeLimit, left)), random: &random, stop: parameters.stop)
            }
            if shrinks > 0 { shrunk += 1 }
            subSeconds += elapsed() - t0
            var line = "\(label): "
            if shrinks > 0 {
                line += "shrunk \(shrinks)× to \(hood.sections.count) section(s) of \(hood.courses.count) course(s), at most \(students) students; "
            }
            switch outcome {
            case let .skipped(why):
                skipped += 1
                line += "skipped (\(why))"
            case let .tooLarge(why):
                skipped += 1
                tooLarge += 1
                line += "skipped (sub-MIP would have \(why))"
            case let .solved(candidate, size, subBefore, subAfter, glpk):
                subColumns += Double(size.columns)
                line += "sub-MIP \(size.rows) rows × \(size.columns) columns (\(glpk))"
                // (Only the whole neighbourhood: a shrunk one proves nothing about the rest.)
                if candidate == nil && glpk.hasPrefix("optimal") && shrinks == 0 { proven.insert(hood.label) }
                if let candidate {
                    let r = checker.check(candidate)
                    if AutoEngine.better(r, than: report) {
                        proven = []
                        line += String(format: "; objective %.1f → %.1f (accepted)", report.objective, r.objective)
                        current = candidate
                        report = r
                        improved += 1
                    } else {
                        failures += 1
                        line += String(format: "; sub-objective %.1f → %.1f but the merged timetable is not better (%@, %.1f)",
                                       subBefore, subAfter, r.feasible ? "feasible" : "\(r.violations.count) violations", r.objective)
                    }
                } else {
                    line += String(format: "; no improvement (sub-objective %.1f)", subBefore)
                }
            }
            progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .search, incumbent: report.objective,
                                   requiredUnmet: report.summary.requiredUnmet, feasible: report.feasible,
                                   message: "neighbourhood \(tried): " + line))
        }

        statistics["seconds"] = elapsed()
        statistics["neighbourhoods"] = Double(tried)
        statistics["improvements"] = Double(improved)
        statistics["skipped"] = Double(skipped)
        statistics["tooLarge"] = Double(tooLarge)
        statistics["shrunk"] = Double(shrunk)
        statistics["reoptimised"] = Double(tried - skipped)
        statistics["rejectedMerges"] = Double(failures)
        statistics["subSeconds"] = subSeconds
        if tried > skipped { statistics["meanSubColumns"] = subColumns / Double(tried - skipped) }
        statistics["objective"] = report.objective
        let message = "\(tried - skipped) of \(tried) neighbourhoods re-optimised by GLPK, \(improved) improved, "
            + "\(skipped) skipped (\(tooLarge) too large even when shrunk)"
            + (shrunk > 0 ? "; \(shrunk) of the \(tried) were shrunk first" : "")
            + (repairRounds > 0 ? "; \(repairRounds) heuristic repair round(s) first" : "")
            + String(format: "; objective %.1f from the heuristic's %.1f", report.objective, startObjective)
            + (report.feasible ? "" : "; \(report.violations.count) hard-rule violations remain")
        progress(SolveProgress(engine: name, elapsed: elapsed(), phase: .done, incumbent: report.objective,
                               requiredUnmet: report.summary.requiredUnmet, feasible: report.feasible, message: message))
        return SolveResult(status: report.feasible ? .feasible : .unknown, solution: current, objective: report.objective,
                           statistics: statistics, message: message)
    }

    // MARK: - Neighbourhoods

    /// A neighbourhood of `kind` chosen at random among those with something to free.
    func pick(_ kind: Kind, problem p: Problem, current: Solution, random: inout SeededRandom) -> Neighbourhood? {
        let inst = p.instance
        var sectionsOfCourse: [Int: [String]] = [:]
        for s in current.sections { if let c = p.courseIndex[s.course] { sectionsOfCourse[c, default: []].append(s.id) } }
        func limited(_ ids: [String]) -> Set<String> {
            var ids = ids
            random.shuffle(&ids)
            return Set(ids.prefix(maxSections))
        }
        func courses(of ids: Set<String>) -> Set<Int> {
            Set(current.sections.filter { ids.contains($0.id) }.compactMap { p.courseIndex[$0.course] })
        }
        switch kind {
        case .courses:
            // A course with sections or unmet requests, and sometimes the course sharing most students with it.
            var unmetCourses = Set<Int>()
            var assigned = Set<Int>()
            for a in current.assignments { if let s = p.studentIndex[a.student] { assigned.insert(SubProblem.key(s, a.request)) } }
            for (s, st) in p.students.enumerated() {
                for (q, r) in st.requests.enumerated() where !assigned.contains(SubProblem.key(s, q)) {
                    for alt in r.alternatives { unmetCourses.insert(alt.course) }
                }
            }
            let candidates = Set(sectionsOfCourse.keys).union(unmetCourses).sorted()
            guard !candidates.isEmpty else { return nil }
            let c = candidates[random.below(candidates.count)]
            var chosen: Set<Int> = [c]
            if random.chance(0.5) {
                var shared: [Int: Int] = [:]
                var studentsOfC = Set<String>()
                let ids = Set(sectionsOfCourse[c] ?? [])
                for a in current.assignments where ids.contains(a.section) { studentsOfC.insert(a.student) }
                for a in current.assignments where studentsOfC.contains(a.student) && !ids.contains(a.section) {
                    if let sec = current.sections.first(where: { $0.id == a.section }), let c2 = p.courseIndex[sec.course] {
                        shared[c2, default: 0] += 1
                    }
                }
                if let best = shared.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) { chosen.insert(best.key) }
            }
            let ids = limited(chosen.flatMap { sectionsOfCourse[$0] ?? [] }.sorted())
            return Neighbourhood(label: "courses " + chosen.sorted().map { inst.courses[$0].id }.joined(separator: "+"),
                                 sections: ids, courses: chosen)
        case .teacher:
            let teachers = Array(Set(current.sections.map(\.teacher))).sorted()
            guard !teachers.isEmpty else { return nil }
            let t = teachers[random.below(teachers.count)]
            let ids = limited(current.sections.filter { $0.teacher == t }.map(\.id).sorted())
            return Neighbourhood(label: "teacher \(t)", sections: ids, courses: courses(of: ids))
        case .unmet:
            var assigned = Set<Int>()
            for a in current.assignments { if let s = p.studentIndex[a.student] { assigned.insert(SubProblem.key(s, a.request)) } }
            var unmet: [(s: Int, q: Int)] = []
            for (s, st) in p.students.enumerated() {
                for (q, r) in st.requests.enumerated() where !assigned.contains(SubProblem.key(s, q)) {
                    if r.alternatives.contains(where: { sectionsOfCourse[$0.course] != nil }) { unmet.append((s, q)) }
                }
            }
            guard !unmet.isEmpty else { return nil }
            let (s, q) = unmet[random.below(unmet.count)]
            let student = inst.students[s].id
            let wanted = Set(p.students[s].requests[q].alternatives.map(\.course).filter { sectionsOfCourse[$0] != nil })
            var attended = Set<String>()
            for a in current.assignments where a.student == student { attended.insert(a.section) }
            var first = wanted.sorted().flatMap { sectionsOfCourse[$0] ?? [] }
            random.shuffle(&first)
            var second = Array(attended).sorted()
            random.shuffle(&second)
            var ids: [String] = []
            for id in first + second where !ids.contains(id) && ids.count < maxPinnedSections { ids.append(id) }
            let chosen = Set(ids)
            return Neighbourhood(label: "unmet \(student)#\(q) (pinned)", sections: chosen, courses: courses(of: chosen), pinned: true)
        case .siteDay:
            var keys = Set<String>()
            for s in current.sections { for m in s.meetings { keys.insert(s.site + "|" + m.day) } }
            let sorted = keys.sorted()
            guard !sorted.isEmpty else { return nil }
            let key = sorted[random.below(sorted.count)]
            let parts = key.split(separator: "|").map(String.init)
            let ids = limited(current.sections.filter { s in s.site == parts[0] && s.meetings.contains { $0.day == parts[1] } }.map(\.id).sorted())
            return Neighbourhood(label: "site \(parts[0]) on \(parts[1])", sections: ids, courses: courses(of: ids))
        }
    }

    /// A smaller neighbourhood than `hood` and its student cap: one of its courses (with its
    /// sections) when it has several, else half its sections (the rest fixed), else half the
    /// students; nil when nothing is left to shrink.
    func shrink(_ hood: Neighbourhood, maxStudents: Int, current: Solution, problem p: Problem,
                random: inout SeededRandom) -> (Neighbourhood, Int)? {
        var courseOf: [String: Int] = [:]
        for s in current.sections where hood.sections.contains(s.id) { courseOf[s.id] = p.courseIndex[s.course] }
        if hood.courses.count > 1 {
            let courses = hood.courses.sorted()
            let c = courses[random.below(courses.count)]
            let sections = hood.sections.filter { courseOf[$0] == c }
            return (Neighbourhood(label: hood.label, sections: sections, courses: [c], pinned: hood.pinned), maxStudents)
        }
        if hood.sections.count > 1 {
            var ids = hood.sections.sorted()
            random.shuffle(&ids)
            let kept = Set(ids.prefix(ids.count / 2))
            let courses = Set(kept.compactMap { courseOf[$0] })
            return (Neighbourhood(label: hood.label, sections: kept, courses: courses.isEmpty ? hood.courses : courses, pinned: hood.pinned), maxStudents)
        }
        if maxStudents > 4 { return (hood, maxStudents / 2) }
        return nil
    }

    enum Outcome {
        case skipped(String)
        /// The sub-MIP's estimated size is above ``maxSubColumns``.
        case tooLarge(String)
        /// The merged timetable when GLPK improved the sub-problem's objective (nil otherwise), the
        /// sub-MIP's size, and its objective before and after.
        case solved(Solution?, size: (rows: Int, columns: Int), before: Double, after: Double, glpk: String)
    }

    /// Builds and solves the sub-MIP of `hood`; merges an improvement into `current`.
    func reoptimise(_ hood: Neighbourhood, maxStudents: Int, problem: Problem, current: Solution, deadline: Date,
                    random: inout SeededRandom, stop: StopFlag) -> Outcome {
        func left() -> Double { deadline.timeIntervalSinceNow }
        let sp: SubProblem
        switch SubProblem.make(problem: problem, current: current, neighbourhood: hood.withoutLocked(problem), maxStudents: maxStudents,
                               random: &random) {
        case let .failure(why): return .skipped("\(why)")
        case let .success(s): sp = s
        }
        let sub = sp.sub
        let sets = MIPSets(problem: sub, sectionSlack: 1, keepAtLeast: sp.restricted.sectionCounts(in: sub), commitments: sp.commitments,
                           pinned: sp.pinned, groupTrips: sp.groupTrips)
        let estimate = sets.estimatedSize()
        if estimate.columns > maxSubColumns { return .tooLarge("\(estimate)") }
        var model = MIPModel(sets: sets, elastic: false)
        if model.lp.columns.isEmpty { return .skipped("nothing the sub-MIP could change") }
        if let reference = sp.subReference() { try? model.addChangeTerms(reference: reference) }
        if !model.blocked.isEmpty { return .skipped("a required request has no place in the sub-problem") }
        sp.applyOriginalRankCosts(to: &model)
        let size = (rows: model.lp.rows.count, columns: model.lp.columns.count)
        // The current timetable as the first incumbent: decisions fixed, the rest completed by GLPK.
        guard let decisions = model.decisions(of: sp.restricted) else {
            return .skipped("the current timetable has no columns in the sub-MIP")
        }
        let fixed = model.fixed(at: decisions)
        guard left() > 0.3 else { return .skipped("no time left") }
        var completion = GLPKSolver(timeLimit: max(0.1, left() * 0.3), relativeGap: 0)
        completion.polishContinuous = true
        guard let start = try? completion.solve(fixed), start.status == .optimal, let startValues = start.values,
              let before = start.objective
        else {
            return .skipped("the current timetable is not feasible for the sub-MIP")
        }
        guard left() > 0.1 else { return .skipped("no time left after the warm start") }
        var glpk = GLPKSolver(timeLimit: left() * 0.9, relativeGap: 1e-4)
        glpk.presolve = false
        glpk.initialSolution = startValues
        glpk.feasibilityPump = false
        // GLPK's MIR cuts at the root cost seconds on sub-MIPs of a few thousand columns, for little.
        glpk.mirCuts = false
        glpk.coverCuts = true
        glpk.cliqueCuts = true
        guard let out = try? glpk.solve(model.lp, progress: nil, shouldStop: { stop.isRaised }),
              let values = out.values, let after = out.objective
        else {
            return .solved(nil, size: size, before: before, after: before, glpk: "no solution")
        }
        let glpkText = String(format: "%@ in %.1f s, %d nodes", out.status == .optimal ? "optimal" : out.stopped ? "stopped" : "time limit",
                              out.seconds, out.nodes)
        guard after < before - 1e-6 else { return .solved(nil, size: size, before: before, after: after, glpk: glpkText) }
        guard let merged = sp.merged(values: values, model: model, sets: sets, into: current, engine: name,
                                     reason: "not granted by the re-optimised neighbourhood")
        else { return .solved(nil, size: size, before: before, after: after, glpk: glpkText) }
        return .solved(merged, size: size, before: before, after: after, glpk: glpkText)
    }
}
