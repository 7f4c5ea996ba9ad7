import Foundation

/// Re-plans a published timetable after changes during the term (`docs/REPLAN.md`): applies a
/// ``ChangeSet`` to the instance, solves the new instance with the published solution as the
/// reference (every engine then minimises the change terms of `docs/RULES.md` first, then the
/// usual objective; the instance's locks are hard rules), checks the result with ``Checker``,
/// and reports who is affected (``ChangeReport``).
///
/// Soft changes of the resources (a teacher, room, site or bus run unavailable) and soft course
/// closures are honoured when the re-plan still meets every hard rule; when it does not, they
/// are left out, the instance is re-planned without them, and the report says so.
///
/// ```swift
/// let replanner = try Replanner(instance: instance, published: solution)
/// let result = try replanner.replan(changes: changes, engine: HeuristicEngine(), parameters: .init(timeLimit: 30))
/// print(result.report.summary.studentsAffected, result.check.feasible)
/// ```
public struct Replanner: Sendable {
    public let instance: Instance
    public let published: Solution

    /// Fails (``InputError``, paths prefixed `published.`) when the published solution does not
    /// fit the instance (ids that do not resolve).
    public init(instance: Instance, published: Solution) throws(InputError) {
        let (problem, diagnostics) = Problem.build(instance)
        guard let problem else { throw InputError(diagnostics.filter { $0.severity == .error }) }
        let (resolved, found) = Checker.SolutionResolver.resolve(published, in: problem)
        if resolved == nil {
            throw InputError(found.filter { $0.severity == .error }.map {
                Diagnostic(.error, "published" + ($0.path.isEmpty ? "" : "." + $0.path), $0.message, fix: $0.fix)
            })
        }
        self.instance = instance
        self.published = published
    }

    /// Applies `changes`, solves with `engine` and checks. Throws ``InputError`` when the changes
    /// do not fit the instance (every problem with its place in the changes file).
    public func replan(changes: ChangeSet, engine: any Engine, parameters: SolveParameters = .init(),
                       progress: @escaping @Sendable (Progress) -> Void = { _ in }) throws(InputError) -> ReplanResult {
        var skipping = Set<Int>()
        var attempt = try solve(changes, skipping: skipping, engine: engine, parameters: parameters, progress: progress)
        // Soft resource changes and closures the re-plan cannot honour are left out, and it runs again.
        let fallback: Set<Change.Kind> = [.teacherUnavailable, .roomUnavailable, .siteUnavailable, .busRunUnavailable, .courseClosed]
        let soft = Set(changes.changes.indices.filter { !changes.changes[$0].hard && fallback.contains(changes.changes[$0].kind) })
        if !attempt.check.feasible && !soft.isEmpty {
            let broken = attempt.check.violations.count
            skipping = soft
            let second = try solve(changes, skipping: skipping, engine: engine, parameters: parameters, progress: progress)
            if second.check.feasible || second.check.violations.count < attempt.check.violations.count {
                attempt = second
                for i in attempt.report.changes.indices where skipping.contains(attempt.report.changes[i].change) {
                    attempt.report.changes[i].setReason { l in
                        l.t("не применено: с ним перепланирование нарушало обязательные правила (нарушений: \(broken))",
                            "left out: with it the re-plan broke hard rules (\(broken) violation\(broken == 1 ? "" : "s"))")
                    }
                }
            }
        }
        return attempt.result
    }

    private struct Attempt {
        var result: ReplanResult
        var check: CheckReport { result.check }
        var report: ChangeReport {
            get { result.report }
            set { result.report = newValue }
        }
    }

    private func solve(_ changes: ChangeSet, skipping: Set<Int>, engine: any Engine, parameters: SolveParameters,
                       progress: @escaping @Sendable (Progress) -> Void) throws(InputError) -> Attempt {
        let applied = try changes.apply(to: instance, published: published, skipping: skipping)
        let problem: Problem
        do {
            problem = try Problem(applied.instance).withReference(applied.reference)
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError([Diagnostic(.error, "", "\(error)")])
        }
        let started = Date()
        let result = engine.solve(problem, parameters: parameters, progress: progress)
        let seconds = Date().timeIntervalSince(started)
        let solution = result.solution.map { SectionNaming.apply($0, problem: problem) }
        let check = solution.map { Checker(problem).check($0) }
            ?? CheckReport(usable: false, diagnostics: [Diagnostic(.error, "", "the engine found no solution")], violations: [],
                           terms: [:], summary: .init())
        let report = ChangeReport(problem: problem, published: applied.reference, solution: solution ?? Solution(instance: problem.instance.name),
                                  check: check, effects: applied.effects)
        return Attempt(result: ReplanResult(instance: applied.instance, problem: problem, reference: applied.reference,
                                            engineResult: result, solution: solution, check: check, report: report, seconds: seconds))
    }
}

/// What ``Replanner/replan(changes:engine:parameters:progress:)`` returns.
public struct ReplanResult: Sendable {
    /// The instance with the changes applied.
    public var instance: Instance
    /// Its problem, with the published solution (translated) as the reference.
    public var problem: Problem
    /// The published solution in the new instance's terms.
    public var reference: Solution
    public var engineResult: SolveResult
    /// The new timetable (sections keep their published ids where they continue).
    public var solution: Solution?
    /// The checker's report of the new timetable, with the change terms.
    public var check: CheckReport
    public var report: ChangeReport
    /// Seconds the engine took.
    public var seconds: Double
}
