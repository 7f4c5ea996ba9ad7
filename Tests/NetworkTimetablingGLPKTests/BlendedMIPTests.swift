import Foundation
import NetworkTimetabling
@testable import NetworkTimetablingGLPK
import Synchronization
import TestSupport
import XCTest

/// Blended courses in the integer program (docs/MIP.md, "Blended courses"): the MIP places a
/// blended section's online meetings in a studio of the host site with its students at home, and
/// its in-person meetings at the host, without a start timetable; its optimum is the brute force's,
/// and the bounds stay below it.
final class BlendedMIPTests: XCTestCase {
    /// The exact model with no warm start, no hint and no published timetable: nothing to take
    /// blended sections from but the program itself.
    func exactMIP() -> MIPEngine {
        var engine = MIPEngine(sectionSlack: nil)
        engine.warmStart = false
        return engine
    }

    func testTheMIPSolvesTheBlendedExampleOptimallyWithoutAStartTimetable() throws {
        let loaded = InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/blended.json"))
        let problem = try XCTUnwrap(loaded.problem, "\(loaded.diagnostics)")
        let result = exactMIP().run(problem, parameters: SolveParameters(timeLimit: 120, relativeGap: 0))
        let solution = try XCTUnwrap(result.solution, result.message ?? "")
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations.prefix(3))")
        XCTAssertEqual(try XCTUnwrap(result.objective), report.objective, accuracy: 1e-6, "the model's objective is the checker's")
        // The blended sections come from the program: each holds the course's online meeting(s)
        // in a studio, and the students travel only on the in-person day.
        let blended = solution.sections.filter { $0.course == "physics-blended" }
        XCTAssertFalse(blended.isEmpty)
        for section in blended {
            XCTAssertEqual(section.mode, .inPerson)
            XCTAssertEqual(section.meetings.filter { $0.online == true }.count, 2, "\(section)")
            XCTAssertEqual(section.meetings.filter { $0.online != true }.count, 1, "\(section)")
        }
        let routes = BlendedRoutes.problems(problem, solution)
        XCTAssertEqual(routes.problems, [])
        XCTAssertGreaterThan(routes.checked, 0, "no student from another site in a blended section")
        // The proven optimum is no worse than the heuristic's timetable.
        let heuristic = try XCTUnwrap(HeuristicEngine().run(problem, parameters: SolveParameters(timeLimit: 3, seed: 1)).solution)
        let h = Checker(problem).check(heuristic)
        XCTAssertTrue(h.feasible)
        XCTAssertLessThanOrEqual(report.objective, h.objective + 1e-6)
    }

    func testTheMIPAndTheBoundsAgreeWithTheBruteForceOnBlendedTinyInstances() throws {
        var compared = 0, withOnlineMeetings = 0
        for seed in UInt64(1)...20 {
            let (built, diagnostics) = Problem.build(TinyInstances.makeBlended(seed: seed))
            let problem = try XCTUnwrap(built, "seed \(seed): \(diagnostics)")
            XCTAssertTrue(problem.courses[0].isBlended)
            let best = BruteForce(problem).best()
            let result = exactMIP().run(problem, parameters: SolveParameters(timeLimit: 60, relativeGap: 0))
            guard let best else {
                XCTAssertEqual(result.status, .infeasible, "seed \(seed): the brute force finds no feasible timetable")
                continue
            }
            XCTAssertEqual(result.status, .optimal, "seed \(seed): \(result.message ?? "")")
            let solution = try XCTUnwrap(result.solution, "seed \(seed)")
            let report = Checker(problem).check(solution)
            XCTAssertTrue(report.feasible, "seed \(seed): \(report.violations.prefix(3))")
            XCTAssertEqual(report.objective, best.objective, accuracy: 1e-6, "seed \(seed): the MIP's optimum is the brute force's")
            XCTAssertEqual(try XCTUnwrap(result.objective), report.objective, accuracy: 1e-6, "seed \(seed)")
            XCTAssertEqual(BlendedRoutes.problems(problem, solution).problems, [], "seed \(seed)")
            if solution.sections.contains(where: { $0.meetings.contains { $0.online == true } }) { withOnlineMeetings += 1 }
            // Every bound published is at most the optimum.
            let sink = BoundSink()
            let seen = Mutex<[Double]>([])
            NetworkBounder().bound(problem, timeLimit: 20, stop: StopFlag(), found: sink) { p in
                if p.phase == .bound, let b = p.bound { seen.withLock { $0.append(b) } }
            }
            let bounds = seen.withLock { $0 }
            XCTAssertFalse(bounds.isEmpty, "seed \(seed): a bound is claimed for a blended instance")
            for b in bounds { XCTAssertLessThanOrEqual(b, best.objective + 1e-6, "seed \(seed): bound above the optimum") }
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 10)
        XCTAssertGreaterThanOrEqual(withOnlineMeetings, 3, "optimal timetables with a blended section")
    }

    /// The hybrid's neighbourhoods include blended courses: from a greedy timetable without the
    /// blended course's sections (its students refused), the sub-MIP of that course opens them
    /// (online meetings in a studio, students at home for them) and the merged timetable is feasible.
    func testTheHybridReoptimisesABlendedCourse() throws {
        let loaded = InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/blended.json"))
        let problem = try XCTUnwrap(loaded.problem, "\(loaded.diagnostics)")
        var start = try XCTUnwrap(GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 10, seed: 1)).solution)
        let removed = Set(start.sections.filter { $0.course == "physics-blended" }.map(\.id))
        XCTAssertFalse(removed.isEmpty)
        for a in start.assignments where removed.contains(a.section) {
            start.unsatisfied.append(Solution.Unsatisfied(student: a.student, request: a.request, required: true, reason: "removed"))
        }
        start.assignments.removeAll { removed.contains($0.section) }
        start.sections.removeAll { removed.contains($0.id) }
        let checker = Checker(problem)
        XCTAssertFalse(checker.check(start).feasible, "four required requests refused")
        let c = try XCTUnwrap(problem.courseIndex["physics-blended"])
        let hood = Neighbourhood(label: "course physics-blended", sections: [], courses: [c])
        var random = SeededRandom(seed: 1, stream: "test")
        guard case let .success(sp) = SubProblem.make(problem: problem, current: start, neighbourhood: hood, maxStudents: 100, random: &random) else {
            return XCTFail("no sub-problem")
        }
        XCTAssertTrue(sp.sub.courses.contains(where: \.isBlended), "the sub-instance keeps the course blended")
        let engine = HybridEngine(maxSubColumns: 50_000, subTimeLimit: 20, maxNeighbourhoods: 1, warmStart: start, repairShare: 0)
        let outcome = engine.reoptimise(hood, maxStudents: 100, problem: problem, current: start,
                                        deadline: Date().addingTimeInterval(30), random: &random, stop: StopFlag())
        guard case let .solved(merged, _, _, _, _) = outcome else { return XCTFail("not solved: \(outcome)") }
        let candidate = try XCTUnwrap(merged, "the sub-MIP opens the blended sections")
        let after = checker.check(candidate)
        XCTAssertTrue(after.feasible, "\(after.violations.prefix(3))")
        let sections = candidate.sections.filter { $0.course == "physics-blended" }
        XCTAssertFalse(sections.isEmpty)
        for section in sections { XCTAssertEqual(section.meetings.filter { $0.online == true }.count, 2, "\(section)") }
        let routes = BlendedRoutes.problems(problem, candidate)
        XCTAssertEqual(routes.problems, [])
        XCTAssertGreaterThan(routes.checked, 0)
    }

    /// A lock of a blended section names times and rooms, not which meetings are online: the MIP
    /// keeps the section at those times and rooms, the studio ones online.
    func testTheMIPKeepsALockedBlendedSection() throws {
        let url = MIPEngineTests.root.appendingPathComponent("Examples/blended.json")
        var instance = try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
        let plain = try Problem(instance)
        let greedy = try XCTUnwrap(GreedyEngine().run(plain, parameters: SolveParameters(timeLimit: 10, seed: 1, threads: 1)).solution)
        let section = try XCTUnwrap(greedy.sections.first { $0.course == "physics-blended" })
        instance.locks = Locks(sections: [SectionLock(section: "physics-kept", course: section.course, teacher: section.teacher,
                                                      meetings: section.meetings.map { LockedMeeting(day: $0.day, period: $0.period, length: $0.length, room: $0.room) })])
        let problem = try Problem(instance)
        let result = exactMIP().run(problem, parameters: SolveParameters(timeLimit: 60, relativeGap: 0))
        let solution = try XCTUnwrap(result.solution, result.message ?? "")
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations.prefix(3))")
        let kept = try XCTUnwrap(solution.sections.first { $0.id == "physics-kept" })
        func times(_ s: Solution.Section) -> Set<String> { Set(s.meetings.map { "\($0.day)/\($0.period)/\($0.room)/\($0.online == true)" }) }
        XCTAssertEqual(times(kept), times(section))
    }

    /// A student who may not attend online cannot join a blended section: the MIP answers
    /// infeasible for the required request and names the reason.
    func testABlendedRequestOfAStudentWhoMayNotAttendOnlineIsExplained() throws {
        let url = MIPEngineTests.root.appendingPathComponent("Examples/blended.json")
        var instance = try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
        let s = try XCTUnwrap(instance.students.firstIndex { $0.id == "s-kamenka-10-01" })
        instance.students[s].online = false
        let problem = try Problem(instance)
        let result = exactMIP().run(problem, parameters: SolveParameters(timeLimit: 60, relativeGap: 0))
        XCTAssertEqual(result.status, .infeasible, result.message ?? "")
        let refused = try XCTUnwrap(result.solution?.unsatisfied.first { $0.student == "s-kamenka-10-01" && $0.required })
        XCTAssertTrue(refused.reason.contains("may not attend online"), refused.reason)
    }
}
