import Foundation
import XCTest

import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingReports
@testable import TimetablingEngines
import TestSupport

/// Blended courses (очно-заочная форма, `Course.onlineMeetings`): validation, the checker's rules
/// for an in-person section's online meetings, and the engines without GLPK on
/// `Examples/blended.json` (the GLPK engines: `BlendedEnginesTests`).
final class BlendedCourseTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func blended() throws -> Instance {
        let url = root.appendingPathComponent("Examples/blended.json")
        return try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
    }

    private func blendedIndex(_ instance: Instance) throws -> Int {
        try XCTUnwrap(instance.courses.firstIndex { $0.id == "physics-blended" })
    }

    // MARK: Format and validation

    func testOldInstancesDecodeWithNoOnlineMeetingsAndEncodeWithoutTheField() throws {
        let url = Self.root.appendingPathComponent("Examples/tiny.json")
        let tiny = try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
        XCTAssert(tiny.courses.allSatisfy { $0.onlineMeetings.isEmpty })
        let text = String(decoding: try JSONEncoder().encode(tiny), as: UTF8.self)
        XCTAssertFalse(text.contains("onlineMeetings"))
        XCTAssertFalse(try Problem(tiny).courses.contains(where: \.isBlended))
    }

    func testTheExampleHasABlendedCourse() throws {
        let instance = try Self.blended()
        let problem = try Problem(instance)
        let c = try blendedIndex(instance)
        XCTAssertEqual(instance.courses[c].onlineMeetings, [1, 2])
        XCTAssertEqual(problem.courses[c].meetingOnline, [false, true, true])
        XCTAssertEqual(problem.courses[c].onlineLengths, [1, 1])
        XCTAssertEqual(problem.warnings.map(\.description), [])
    }

    private func errors(_ onlineMeetings: [Int], inPersonSites: [String]? = nil) throws -> [Diagnostic] {
        var instance = try Self.blended()
        let c = try blendedIndex(instance)
        instance.courses[c].onlineMeetings = onlineMeetings
        if let inPersonSites { instance.courses[c].inPersonSites = inPersonSites }
        return Problem.build(instance).diagnostics.filter { $0.severity == .error }
    }

    func testInvalidOnlineMeetingsAreErrorsNamingTheField() throws {
        let outOfRange = try errors([1, 3])
        XCTAssertEqual(outOfRange.map(\.path), ["courses[3].onlineMeetings[1]"])
        XCTAssert(outOfRange[0].message.contains("no meeting 3"), outOfRange[0].message)
        XCTAssertEqual(try errors([1, 1]).map(\.path), ["courses[3].onlineMeetings[1]"])
        let all = try errors([0, 1, 2])
        XCTAssertEqual(all.map(\.path), ["courses[3].onlineMeetings"])
        XCTAssert(all[0].message.contains("every meeting"), all[0].message)
        XCTAssertEqual(try errors([-1]).map(\.path), ["courses[3].onlineMeetings[0]"])
    }

    func testAStudentWhoMayNotAttendOnlineGetsAWarningForABlendedCourse() throws {
        var instance = try Self.blended()
        let s = try XCTUnwrap(instance.students.firstIndex { $0.id == "s-kamenka-10-01" })
        instance.students[s].online = false
        let warnings = Problem.build(instance).diagnostics.filter { $0.severity == .warning && $0.message.contains("onlineMeetings") }
        XCTAssertEqual(warnings.map(\.path), ["students[\(s)].requests[1].alternatives[0].course"])
        // The engines leave the request unmet rather than break the rule.
        let problem = try Problem(instance)
        let solution = try XCTUnwrap(GreedyEngine().run(problem, parameters: SolveParameters(timeLimit: 5, seed: 1, threads: 1)).solution)
        XCTAssert(solution.unsatisfied.contains { $0.student == "s-kamenka-10-01" && $0.request == 1 })
        XCTAssertFalse(Checker(problem).check(solution).violations.contains { $0.rule == .onlineJoin })
    }

    // MARK: Engines without GLPK

    func testGreedyAndHeuristicSolveTheBlendedExampleWithTravelOnlyOnTheInPersonDay() throws {
        let problem = try Problem(Self.blended())
        let engines: [(String, any Engine)] = [("greedy", GreedyEngine()), ("heuristic", HeuristicEngine(maxIterations: 3_000))]
        for (name, engine) in engines {
            let result = engine.run(problem, parameters: SolveParameters(timeLimit: 10, seed: 1, threads: 1))
            let solution = try XCTUnwrap(result.solution, name)
            let report = Checker(problem).check(solution)
            XCTAssertTrue(report.feasible, "\(name): \(report.violations.prefix(3))")
            XCTAssert(solution.unsatisfied.allSatisfy { !$0.required }, name)
            let routes = BlendedRoutes.problems(problem, solution)
            XCTAssertEqual(routes.problems, [], name)
            XCTAssertGreaterThan(routes.checked, 0, "\(name): no student from another site in a blended section")
            for x in solution.sections where x.course == "physics-blended" && x.mode == .inPerson {
                XCTAssertEqual(x.meetings.filter { $0.online == true }.count, 2, name)
            }
        }
    }

    func testALockedBlendedSectionIsKeptWithItsOnlineMeetingsInTheStudio() throws {
        let (_, solution, x) = try feasible()
        let section = solution.sections[x]
        var instance = try Self.blended()
        // A lock names times and rooms, not which meetings are online.
        instance.locks = Locks(sections: [SectionLock(section: "physics-kept", course: section.course, teacher: section.teacher,
                                                      meetings: section.meetings.map { LockedMeeting(day: $0.day, period: $0.period, length: $0.length, room: $0.room) })])
        let problem = try Problem(instance)
        for (name, engine) in [("greedy", GreedyEngine() as any Engine), ("heuristic", HeuristicEngine(maxIterations: 2_000))] {
            let result = engine.run(problem, parameters: SolveParameters(timeLimit: 10, seed: 1, threads: 1))
            let out = try XCTUnwrap(result.solution, name)
            let report = Checker(problem).check(out)
            XCTAssertTrue(report.feasible, "\(name): \(report.violations.prefix(3))")
            let kept = try XCTUnwrap(out.sections.first { $0.id == "physics-kept" }, name)
            XCTAssertEqual(Set(kept.meetings.filter { $0.online == true }.map(\.day)), Set(section.meetings.filter { $0.online == true }.map(\.day)), name)
        }
    }

    // MARK: The checker

    /// A feasible greedy timetable of the example, and its blended section's index.
    private func feasible() throws -> (Problem, Solution, Int) {
        let problem = try Problem(Self.blended())
        let solution = try XCTUnwrap(GreedyEngine().run(problem, parameters: SolveParameters(timeLimit: 10, seed: 1, threads: 1)).solution)
        XCTAssertTrue(Checker(problem).check(solution).feasible)
        let x = try XCTUnwrap(solution.sections.firstIndex { $0.course == "physics-blended" && $0.mode == .inPerson })
        return (problem, solution, x)
    }

    private func rules(_ problem: Problem, _ solution: Solution) -> Set<HardRule> {
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.usable, "\(report.diagnostics)")
        return Set(report.violations.map(\.rule))
    }

    func testAnOnlineMeetingInTheHostsClassroomIsARoomFeaturesViolation() throws {
        var (problem, solution, x) = try feasible()
        let k = try XCTUnwrap(solution.sections[x].meetings.firstIndex { $0.online == true })
        solution.sections[x].meetings[k].room = "sosnovka-physics-lab"
        let report = Checker(problem).check(solution)
        XCTAssert(report.violations.contains { $0.rule == .roomFeatures && $0.message.contains("online meeting") }, "\(report.violations)")
    }

    func testAnOnlineMeetingHeldInPersonBreaksTheMeetingPattern() throws {
        var (problem, solution, x) = try feasible()
        let k = try XCTUnwrap(solution.sections[x].meetings.firstIndex { $0.online == true })
        solution.sections[x].meetings[k].online = nil
        solution.sections[x].meetings[k].room = "sosnovka-physics-lab"
        XCTAssert(rules(problem, solution).contains(.meetingPattern))
        // And a meeting held online that the course holds in person.
        var (_, other, y) = try feasible()
        let i = try XCTUnwrap(other.sections[y].meetings.firstIndex { $0.online != true })
        other.sections[y].meetings[i].online = true
        other.sections[y].meetings[i].room = "sosnovka-computer"
        XCTAssert(rules(problem, other).contains(.meetingPattern))
    }

    func testTravelToTheHostOnAnOnlineDayIsAnItineraryViolation() throws {
        var (problem, solution, x) = try feasible()
        let section = solution.sections[x]
        let inPersonDays = Set(section.meetings.filter { $0.online != true }.map(\.day))
        // A student from another site, on an online day when nothing else takes them away.
        let members = solution.assignments.filter { $0.section == section.id }.map(\.student)
        var done = false
        for student in members {
            let home = problem.instance.students[problem.studentIndex[student]!].homeSite
            guard home != section.site else { continue }
            for m in section.meetings where m.online == true && !inPersonDays.contains(m.day) {
                guard !solution.itineraries.contains(where: { $0.person == student && $0.day == m.day }) else { continue }
                solution.itineraries.append(Solution.Itinerary(person: student, role: .student, day: m.day, legs: [
                    Solution.Leg(from: home, to: section.site, depart: "12:00", arrive: "12:30"),
                    Solution.Leg(from: section.site, to: home, depart: "15:00", arrive: "15:30"),
                ]))
                done = true
                break
            }
            if done { break }
        }
        XCTAssertTrue(done, "no student to test with")
        let report = Checker(problem).check(solution)
        XCTAssert(report.violations.contains { $0.rule == .itinerary && $0.message.contains("needs no moves") }, "\(report.violations)")
    }

    func testATeacherWhoMayNotTeachOnlineCannotTeachABlendedSection() throws {
        let (_, solution, _) = try feasible()
        var instance = try Self.blended()
        let t = try XCTUnwrap(instance.teachers.firstIndex { $0.id == "t-volkov" })
        instance.teachers[t].mayTeachOnline = false
        let report = Checker(try Problem(instance)).check(solution)
        XCTAssert(report.violations.contains { $0.rule == .deliveryMode && $0.message.contains("holds meetings online") }, "\(report.violations)")
    }

    func testAStudentOfABlendedSectionNeedsAPlaceToJoinItsOnlineMeetingsFrom() throws {
        var (problem, solution, x) = try feasible()
        let id = solution.sections[x].id
        let a = try XCTUnwrap(solution.assignments.firstIndex { $0.section == id })
        solution.assignments[a].onlineRoom = nil
        solution.assignments[a].fromHome = nil
        XCTAssert(rules(problem, solution).contains(.onlineJoin))
    }

    func testOnlineMeetingsCountInTheOnlineDailyLimit() throws {
        let (_, solution, _) = try feasible()
        var instance = try Self.blended()
        instance.hygiene.maxOnlineLessonsPerDay = 0
        XCTAssert(rules(try Problem(instance), solution).contains(.onlineDailyLimit))
    }

    // MARK: Reports

    func testTheReportsShowTheOnlineMeetingsAsOnlineAndTheStudentAtHomeThatDay() throws {
        let (problem, solution, x) = try feasible()
        let section = solution.sections[x]
        let report = try TimetableReport(problem: problem, solution: solution, check: Checker(problem).check(solution))
        let member = try XCTUnwrap(solution.assignments.first { a in
            a.section == section.id && problem.instance.students[problem.studentIndex[a.student]!].homeSite != section.site
        })
        let student = try XCTUnwrap(report.students.first { $0.id == member.student })
        let home = problem.instance.students[problem.studentIndex[member.student]!].homeSite
        var seen = (online: 0, inPerson: 0)
        for m in section.meetings {
            let day = try XCTUnwrap(student.week.first { $0.day == m.day })
            let entry = try XCTUnwrap(day.cells[m.period - 1].entries.first { $0.section == section.id })
            if m.online == true {
                XCTAssertEqual(entry.kind, .online, m.day)
                XCTAssertEqual(day.cells[m.period - 1].place, home, "at home for the online meeting on \(m.day)")
                XCTAssert(entry.joinRoom != nil || entry.fromHome == true, "\(entry)")
                seen.online += 1
            } else {
                XCTAssertEqual(entry.kind, .inPerson, m.day)
                XCTAssertNil(entry.joinRoom)
                XCTAssertEqual(day.cells[m.period - 1].place, section.site)
                XCTAssert(day.legs.contains { $0.to == section.site }, "the route goes to \(section.site) on \(m.day)")
                seen.inPerson += 1
            }
        }
        XCTAssertEqual(seen.online, 2)
        XCTAssertEqual(seen.inPerson, 1)
        // The teacher's timetable too, and the course's section list.
        let teacher = try XCTUnwrap(report.teachers.first { $0.id == section.teacher })
        for m in section.meetings {
            let day = try XCTUnwrap(teacher.week.first { $0.day == m.day })
            let entry = try XCTUnwrap(day.cells[m.period - 1].entries.first { $0.section == section.id })
            XCTAssertEqual(entry.kind, m.online == true ? .online : .inPerson)
        }
        let course = try XCTUnwrap(report.courses.first { $0.id == section.course })
        let listed = try XCTUnwrap(course.sections.first { $0.id == section.id })
        XCTAssertEqual(listed.meetings.filter { $0.online == true }.count, 2)
    }

    // MARK: The assembler

    func testTheAssemblerWritesABlendedSectionsOnlineMeetingsAndTravelOnlyOnTheInPersonDay() throws {
        let (problem, solution, _) = try feasible()
        let indexed = try IndexedSolution(problem, solution)
        let enrolments = indexed.assignments.map { a in
            SolutionAssembler.Enrolment(student: a.student, request: a.request, alternative: a.alternative, section: a.section,
                                        join: a.fromHome ? .fromHome : a.onlineRoom.map { .room($0) } ?? .automatic)
        }
        let assembled = try SolutionAssembler.assemble(problem, sections: indexed.sections, enrolments: enrolments, engine: "assembled")
        let report = Checker(problem).check(assembled)
        XCTAssertTrue(report.feasible, "\(report.violations.prefix(3))")
        XCTAssertEqual(assembled.sections.flatMap(\.meetings).filter { $0.online == true }.count,
                       solution.sections.flatMap(\.meetings).filter { $0.online == true }.count)
        XCTAssertGreaterThan(assembled.sections.flatMap(\.meetings).filter { $0.online == true }.count, 0)
        let routes = BlendedRoutes.problems(problem, assembled)
        XCTAssertEqual(routes.problems, [])
        XCTAssertGreaterThan(routes.checked, 0)
    }
}
