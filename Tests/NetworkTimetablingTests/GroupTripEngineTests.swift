import XCTest
import TestSupport
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingGenerator
@testable import TimetablingReports

/// One trip for a group (rule `group-trip`, issue #16) in the engines that need no GLPK.
///
/// The generated city network (`netsched generate --preset tiny --profile city --junior-students 40
/// --seed 1`) sends its lyceum's classes 7–9 to the technopark's career trial as groups. Class
/// lyceum-1-7's members are given different own lessons (half of them period 8 from monday to
/// thursday, the others period 4 on friday), so that leaving as soon as one's lessons end would
/// split the class over two departures: the engines must still send each class on one trip.
final class GroupTripEngineTests: XCTestCase {
    static func cityClassAtTechnopark() throws -> Problem {
        let (instance, edited) = GroupTrips.cityClassAtTechnopark()
        XCTAssertTrue(instance.groups.contains { $0.schoolClass == "lyceum-1-7" && $0.site.hasPrefix("technopark") }, "\(instance.groups)")
        XCTAssertGreaterThanOrEqual(edited, 4)
        return try Problem(instance)
    }

    /// The checker finds no `group-trip` or `group-together` violation; every group is granted, in
    /// one section; and, looked at directly, on every day its section meets the members' legs to and
    /// from the group's site between any two sites are one (depart, arrive, bus run), with someone
    /// travelling at all (``GroupTrips/problems(_:_:)``).
    static func assertOneTripPerGroup(_ problem: Problem, _ solution: Solution, _ engine: String,
                                      file: StaticString = #filePath, line: UInt = #line) {
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.usable, "\(engine): \(report.diagnostics)", file: file, line: line)
        XCTAssertEqual(report.violations(of: .groupTrip), [], engine, file: file, line: line)
        XCTAssertEqual(report.violations(of: .groupTogether), [], engine, file: file, line: line)
        XCTAssertEqual(GroupTrips.problems(problem, solution), [], engine, file: file, line: line)
    }

    func testTheHeuristicSendsEachClassOnOneTrip() throws {
        let problem = try Self.cityClassAtTechnopark()
        let result = HeuristicEngine(maxIterations: 3_000).solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1))
        let solution = try XCTUnwrap(result.solution)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations.prefix(3))")
        Self.assertOneTripPerGroup(problem, solution, "heuristic")
    }

    /// The greedy construction leaves three senior students' requests unmet on this network (as it
    /// does without the groups); the classes are placed, each on one trip.
    func testTheGreedyConstructionSendsEachClassOnOneTrip() throws {
        let problem = try Self.cityClassAtTechnopark()
        let solution = try XCTUnwrap(GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1, threads: 1)).solution)
        let report = Checker(problem).check(solution)
        XCTAssertEqual(report.brokenRules.filter { $0 != .requiredRequest }, [], "\(report.violations.prefix(3))")
        Self.assertOneTripPerGroup(problem, solution, "greedy")
    }

    // MARK: - Bus runs

    /// The checker fixture in bus-runs mode, with s2 (class 11b, lessons until 11:15 on tuesday)
    /// and s5 (no lessons) of B as a group for chemistry at A. Two runs go B→A before the lesson
    /// (11:15 and 11:40), each with `seats` seats; one returns at 14:10.
    static func busGroup(seats: Int) throws -> Problem {
        var instance = CheckerFixture.instance(busRuns: true)
        instance.editStudent("s2") { $0.requests[0] = Request(id: "b-chem", alternatives: [.init(course: "chem", mode: .inPerson, site: "A")],
                                                             required: true) }
        instance.students.append(Student(id: "s5", grade: 11, homeSite: "B", requests: []))
        instance.groups = [Group(id: "b-chem", students: ["s2", "s5"], course: "chem", site: "A")]
        instance.transport.busRuns = [
            BusRun(id: "r-am", days: CheckerFixture.days, seats: seats, stops: [.init(site: "B", time: "11:15"), .init(site: "A", time: "11:35")]),
            BusRun(id: "r-am2", days: CheckerFixture.days, seats: seats, stops: [.init(site: "B", time: "11:40"), .init(site: "A", time: "12:00")]),
            BusRun(id: "r-pm", days: CheckerFixture.days, seats: 10, stops: [.init(site: "A", time: "14:10"), .init(site: "B", time: "14:30")]),
        ]
        return try Problem(instance)
    }

    func testInBusRunsModeTheGroupRidesOneRun() throws {
        let problem = try Self.busGroup(seats: 10)
        for (name, engine) in [("heuristic", HeuristicEngine(maxIterations: 500) as any Engine), ("greedy", GreedyEngine())] {
            let solution = try XCTUnwrap(engine.solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1, threads: 1)).solution)
            let report = Checker(problem).check(solution)
            XCTAssertTrue(report.feasible, "\(name): \(report.violations)")
            Self.assertOneTripPerGroup(problem, solution, name)
            let rides = Set(solution.itineraries.filter { ["s2", "s5"].contains($0.person) }.flatMap { $0.legs.compactMap(\.busRun) })
            XCTAssertEqual(rides, ["r-am2", "r-pm"], name)
        }
    }

    /// One seat per morning run: each member could ride alone, but not with the other. The group's
    /// request fails cleanly (no `group-trip` or `bus-seats` violation, only the unmet required
    /// requests), and its explanation names the group.
    func testAGroupWithoutSeatsOnOneRunIsRefusedAsTheGroups() throws {
        let problem = try Self.busGroup(seats: 1)
        for (name, engine) in [("heuristic", HeuristicEngine(maxIterations: 500) as any Engine), ("greedy", GreedyEngine())] {
            let solution = try XCTUnwrap(engine.solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1, threads: 1)).solution)
            let report = Checker(problem).check(solution)
            XCTAssertTrue(report.usable, name)
            XCTAssertEqual(report.brokenRules, [.requiredRequest], "\(name): \(report.violations)")
            XCTAssertFalse(solution.assignments.contains { $0.student == "s5" }, name)
            let e = try XCTUnwrap(Explainer(problem: problem, solution: solution).explain(student: "s5", request: 0), name)
            XCTAssertEqual(e.group?.id, "b-chem", name)
            XCTAssertTrue(ReasonText(.en, problem.instance).describe(e).contains("group b-chem"), name)
            if name == "greedy" {
                let reason = solution.unsatisfied.first { $0.student == "s5" }?.reason ?? ""
                XCTAssertTrue(reason.contains("group b-chem (2 students) cannot join together"), reason)
            }
        }
    }
}
