import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingGenerator
@testable import TimetablingReports

/// Groups (a class attending a course together, issue #16) in the engines that need no GLPK: a
/// generated city network whose lyceum classes go to the technopark as groups; the checker is the
/// judge (rule `group-together`), and each group is found whole in one section.
final class GroupEngineTests: XCTestCase {
    static func cityWithGroups() throws -> Problem {
        let instance = InstanceGenerator.generate(GeneratorParameters(sites: 5, students: 16, courses: 8, teachers: 8, seed: 2,
                                                                      profile: .city, juniorStudents: 16))
        XCTAssertEqual(instance.groups.count, 3)
        return try Problem(instance)
    }

    /// Every group's members are in one section, or (greedy) none of them is placed.
    static func assertGroupsWhole(_ problem: Problem, _ solution: Solution, requireGranted: Bool,
                                  file: StaticString = #filePath, line: UInt = #line) {
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.violations(of: .groupTogether).isEmpty, "\(report.violations(of: .groupTogether))", file: file, line: line)
        for g in problem.groups {
            let sections = g.members.map { m in
                solution.assignments.first { $0.student == problem.instance.students[m.student].id && $0.request == m.request }?.section
            }
            XCTAssertEqual(Set(sections).count, 1, "\(g.id): \(sections)", file: file, line: line)
            if requireGranted { XCTAssertNotNil(sections.first ?? nil, "\(g.id) not granted", file: file, line: line) }
        }
    }

    func testTheHeuristicKeepsEachGroupInOneSection() throws {
        let problem = try Self.cityWithGroups()
        let result = HeuristicEngine(maxIterations: 3_000).solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1))
        let solution = try XCTUnwrap(result.solution)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations.prefix(3))")
        Self.assertGroupsWhole(problem, solution, requireGranted: true)
    }

    func testTheGreedyConstructionPlacesAGroupWholeOrNotAtAll() throws {
        let problem = try Self.cityWithGroups()
        let result = GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1, threads: 1))
        Self.assertGroupsWhole(problem, try XCTUnwrap(result.solution), requireGranted: false)
    }

    /// A warm start that splits a group: the heuristic takes the group out and places it whole.
    func testAWarmStartThatSplitsAGroupIsRepaired() throws {
        let problem = try Self.cityWithGroups()
        let first = try XCTUnwrap(HeuristicEngine(maxIterations: 1_000).solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1)).solution)
        var split = first
        let g = try XCTUnwrap(problem.groups.max { $0.members.count < $1.members.count })
        XCTAssertGreaterThanOrEqual(g.members.count, 2)
        let m = g.members[0]
        let sid = problem.instance.students[m.student].id
        // Move one member into another section of the course, opened for them alone at other times.
        let i = try XCTUnwrap(split.assignments.firstIndex { $0.student == sid && $0.request == m.request })
        let section = try XCTUnwrap(split.sections.first { $0.id == split.assignments[i].section })
        var other = section
        other.id = section.id + "-split"
        other.meetings = other.meetings.map { var mt = $0; mt.day = mt.day == "fri" ? "mon" : "fri"; return mt }
        split.sections.append(other)
        split.assignments[i].section = other.id
        let splitReport = Checker(problem).check(split)
        XCTAssertFalse(splitReport.violations(of: .groupTogether).isEmpty, "\(splitReport.usable) \(splitReport.diagnostics.prefix(3)) \(splitReport.violations.prefix(5))")
        let engine = HeuristicEngine(maxIterations: 2_000, warmStart: split)
        let repaired = try XCTUnwrap(engine.solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1)).solution)
        Self.assertGroupsWhole(problem, repaired, requireGranted: true)
        XCTAssertTrue(Checker(problem).check(repaired).feasible)
    }

    /// A refused group request is explained as the group's: its id, class and size, in both languages.
    func testARefusedGroupRequestIsExplainedAsTheGroups() throws {
        let problem = try Self.cityWithGroups()
        var solution = try XCTUnwrap(HeuristicEngine(maxIterations: 500).solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1)).solution)
        let g = try XCTUnwrap(problem.groups.max { $0.members.count < $1.members.count })
        let ids = Set(g.members.map { problem.instance.students[$0.student].id })
        solution.assignments.removeAll { a in ids.contains(a.student) && g.members.contains { problem.instance.students[$0.student].id == a.student && $0.request == a.request } }
        for m in g.members {
            solution.unsatisfied.append(.init(student: problem.instance.students[m.student].id, request: m.request, required: true, reason: "test"))
        }
        let m = g.members[0]
        let e = try XCTUnwrap(try Explainer(problem: problem, solution: solution).explain(student: problem.instance.students[m.student].id, request: m.request))
        let group = try XCTUnwrap(e.group)
        XCTAssertEqual(group.id, g.id)
        XCTAssertEqual(group.members, g.members.count)
        XCTAssertEqual(group.schoolClass, problem.instance.groups.first { $0.id == g.id }?.schoolClass)
        let en = ReasonText(.en, problem.instance).describe(e), ru = ReasonText(.ru, problem.instance).describe(e)
        XCTAssertTrue(en.contains("the request of group \(g.id) (class \(group.schoolClass!), \(g.members.count) students attend together"), en)
        XCTAssertTrue(ru.contains("класс \(group.schoolClass!) занимается вместе (\(g.members.count) уч.)"), ru)
    }

    /// Re-planning: a member cannot drop the group's request alone (it would come back with the group).
    func testAMemberCannotDropTheGroupsRequestInAReplan() throws {
        let problem = try Self.cityWithGroups()
        let published = try XCTUnwrap(HeuristicEngine(maxIterations: 300).solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1)).solution)
        let m = problem.groups[0].members[0]
        let sid = problem.instance.students[m.student].id
        let loaded = ChangeSetLoader.load(data: Data("""
            {"formatVersion": 1, "changes": [{"kind": "dropRequest", "hard": true, "student": "\(sid)", "request": \(m.request)}]}
            """.utf8))
        let changes = try XCTUnwrap(loaded.changes, "\(loaded.diagnostics)")
        XCTAssertThrowsError(try changes.apply(to: problem.instance, published: published)) { error in
            XCTAssertTrue("\(error)".contains("is the request of group \(problem.groups[0].id)"), "\(error)")
        }
    }
}
