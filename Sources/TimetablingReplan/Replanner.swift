import Foundation
import TimetablingCore
import TimetablingEngines
import TimetablingReports

/// Re-plans a published timetable after changes during the term (`docs/REPLAN.md`): applies a
/// ``ChangeSet`` to the instance, solves the new instance with the published solution as the
/// reference (every engine then minimises the change terms of `docs/RULES.md` first, then the
/// usual objective; the instance's locks are hard rules), checks the result with ``Checker``,
/// and reports who is affected (``ChangeReport``).
///
/// Soft changes of the resources (a teacher, room, site or bus run unavailable) and soft course
/// closures are honoured when the re-plan still meets every hard rule; when it does not, they
/// are tried one at a time in file order, those that break hard rules are left out, and the
/// report says which and why.
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
        let (resolved, found) = IndexedSolution.resolve(published, in: problem)
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
    ///
    /// When the result breaks hard rules and the file has soft resource changes or closures, they
    /// are taken one at a time (docs/REPLAN.md, "Soft changes"): the instance is re-planned
    /// without any of them, then each is added back in file order and kept when the re-plan with
    /// it (and those kept before it) still meets every hard rule, or — when the hard changes alone
    /// already break some — breaks no more of them. Each change left out says why.
    ///
    /// `parameters.timeLimit` is the limit of the whole re-plan. Without soft changes the one solve
    /// gets all of it; with them the first solve gets half, and the fallback solves share what is
    /// left equally (each re-divides the time left, so an early end passes its time on).
    public func replan(changes: ChangeSet, engine: any Engine, parameters: SolveParameters = .init(),
                       progress: @escaping @Sendable (SolveProgress) -> Void = { _ in }) throws(InputError) -> ReplanResult {
        let deadline = Date().addingTimeInterval(parameters.timeLimit)
        // Soft resource changes and closures the re-plan cannot honour are left out, one by one.
        let fallback: Set<Change.Kind> = [.teacherUnavailable, .roomUnavailable, .siteUnavailable, .busRunUnavailable, .courseClosed]
        let soft = changes.changes.indices.filter { !changes.changes[$0].hard && fallback.contains(changes.changes[$0].kind) }
        var firstParameters = parameters
        if !soft.isEmpty { firstParameters.timeLimit = parameters.timeLimit / 2 }
        let first = try solve(changes, skipping: [], engine: engine, parameters: firstParameters, progress: progress)
        guard !first.check.feasible, !soft.isEmpty, !parameters.stop.isRaised else { return first.result }
        // The time left, shared equally by the solves still to come (the base and one per soft change).
        var solvesLeft = soft.count + 1
        func share() -> SolveParameters {
            var p = parameters
            p.timeLimit = max(0, deadline.timeIntervalSinceNow) / Double(max(solvesLeft, 1))
            solvesLeft -= 1
            return p
        }
        func rules(_ check: CheckReport) -> String { check.brokenRules.map(\.rawValue).joined(separator: ", ") }
        var skipping = Set(soft)
        let base = try solve(changes, skipping: skipping, engine: engine, parameters: share(), progress: progress)
        guard base.check.feasible || base.check.violations.count < first.check.violations.count else {
            // Leaving every soft change out does not help: they stay in.
            return first.result
        }
        var current = base
        var accepted: [Int] = []
        var why: [Int: (Labels) -> String] = [:]
        for i in soft {
            if parameters.stop.isRaised {
                why[i] = { $0.t("не применено: перепланирование остановлено раньше, чем изменение проверено",
                                "left out: the re-plan was stopped before the change was tried") }
                continue
            }
            var trying = skipping
            trying.remove(i)
            let attempt = try solve(changes, skipping: trying, engine: engine, parameters: share(), progress: progress)
            let keeps = attempt.check.feasible
                || (!current.check.feasible && attempt.check.violations.count <= current.check.violations.count)
            if keeps {
                current = attempt
                skipping = trying
                accepted.append(i)
            } else {
                let n = attempt.check.violations.count, broken = rules(attempt.check)
                let with = accepted.map(String.init).joined(separator: ", ")
                why[i] = { l in
                    l.t("не применено: с ним" + (with.isEmpty ? "" : " (и с принятыми ранее изменениями \(with))")
                            + " перепланирование нарушало обязательные правила (нарушений: \(n); \(broken))",
                        "left out: with it" + (with.isEmpty ? "" : " (and the changes accepted before it: \(with))")
                            + " the re-plan broke hard rules (\(n) violation\(n == 1 ? "" : "s"): \(broken))")
                }
            }
        }
        for k in current.report.changes.indices {
            if let text = why[current.report.changes[k].change] { current.report.changes[k].setReason(text) }
        }
        return current.result
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
                       progress: @escaping @Sendable (SolveProgress) -> Void) throws(InputError) -> Attempt {
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
        // `run` gives continuing and locked sections their published ids.
        let result = engine.run(problem, parameters: parameters, progress: progress)
        let seconds = Date().timeIntervalSince(started)
        let solution = result.solution
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
