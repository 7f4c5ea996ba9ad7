import Foundation
import NetworkTimetabling
@testable import NetworkTimetablingGLPK
import XCTest
import TestSupport

/// Locks and re-planning in the MIP engine (docs/MIP.md, "Locks" and "Change terms";
/// docs/REPLAN.md): judged by the independent checker, with the change terms against the
/// published timetable, and by a diff of the two solutions computed here.
final class MIPReplanTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func tiny() throws -> Problem {
        let loaded = InstanceLoader.load(contentsOf: Self.root.appendingPathComponent("Examples/tiny.json"))
        return try XCTUnwrap(loaded.problem, "\(loaded.diagnostics)")
    }

    let exact = SolveParameters(timeLimit: 60, relativeGap: 0)

    /// The MIP's optimal timetable of tiny, published.
    func published(_ problem: Problem) throws -> Solution {
        let result = MIPEngine().solve(problem, parameters: exact)
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        return try XCTUnwrap(result.solution)
    }

    // MARK: Locks

    func testLockedSectionAndEnrolmentHoldInTheMIP() throws {
        let free = try tiny()
        let optimum = try published(free)
        // Lock in-depth mathematics in Ivanovka at periods 6-7 of Tuesday or Thursday (the two
        // double periods its class has free), on the day the optimum does not put it, with one of
        // its students; the other sections stay free.
        let maths = try XCTUnwrap(optimum.sections.first { $0.course == "maths-adv" && $0.site == "ivanovka" })
        let day = maths.meetings.contains { $0.day == "thu" } ? "tue" : "thu"
        XCTAssertFalse(maths.meetings.contains { $0.day == day })
        let student = try XCTUnwrap(optimum.assignments.first { $0.section == maths.id })
        var instance = free.instance
        instance.locks = Locks(sections: [SectionLock(section: "maths-locked", course: "maths-adv", teacher: "t-petrov",
                                                      meetings: [LockedMeeting(day: day, period: 6, length: 2, room: "ivanovka-computer")])],
                               enrolments: [EnrolmentLock(student: student.student, request: student.request, section: "maths-locked")])
        let problem = try Problem(instance)
        let result = MIPEngine().solve(problem, parameters: exact)
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        let solution = try XCTUnwrap(result.solution)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations)")
        XCTAssertFalse(report.violations.contains { $0.rule == .lock })
        let locked = try XCTUnwrap(solution.sections.first { $0.id == "maths-locked" }, "the locked section keeps its id")
        XCTAssertEqual(locked.meetings.map { "\($0.day) \($0.period) \($0.length) \($0.room)" }, ["\(day) 6 2 ivanovka-computer"])
        XCTAssertEqual(locked.teacher, "t-petrov")
        XCTAssertTrue(solution.assignments.contains { $0.student == student.student && $0.request == student.request && $0.section == "maths-locked" })
        XCTAssertEqual(Set(solution.sections.map(\.id)).count, solution.sections.count, "section ids stay unique")
        XCTAssertEqual(report.objective, try XCTUnwrap(result.objective), accuracy: 1e-6)
        XCTAssertGreaterThanOrEqual(report.objective, Checker(free).check(optimum).objective - 1e-6, "a lock cannot beat the optimum")
        // The exported model has the lock: its locked meeting columns are the only ones left open.
        let lp = try MIPEngine.model(of: problem)
        let meets = lp.columns.filter { $0.name.hasPrefix("meet_maths_adv_ip_ivanovka_1_") }
        XCTAssertFalse(meets.isEmpty)
        XCTAssertEqual(meets.filter { $0.upper != 0 }.map(\.name), ["meet_maths_adv_ip_ivanovka_1_m1_ivanovka_computer_\(day)_p6"])
    }

    func testALockTheModelCannotRepresentIsAnErrorNotIgnored() throws {
        var instance = try tiny().instance
        // The chemistry lab is busy on Monday period 2: no section can meet there.
        instance.locks = Locks(sections: [SectionLock(section: "chem-x", course: "chem-adv",
                                                      meetings: [LockedMeeting(day: "mon", period: 2, room: "sosnovka-chem-lab"),
                                                                 LockedMeeting(day: "tue", period: 7, room: "sosnovka-chem-lab")])])
        XCTAssertThrowsError(try MIPEngine.model(of: try Problem(instance)), "export-model names the lock too") { error in
            XCTAssertTrue("\(error)".contains("locks.sections[0] (section chem-x)"), "\(error)")
        }
        let result = MIPEngine().solve(try Problem(instance), parameters: exact)
        XCTAssertEqual(result.status, .invalid)
        XCTAssertNil(result.solution)
        let message = result.message ?? ""
        XCTAssertTrue(message.contains("locks.sections[0] (section chem-x)"), message)
        XCTAssertTrue(message.contains("mon period 2 in room sosnovka-chem-lab"), message)
    }

    /// Two sites linked by buses only: a student of site a takes a course at site b (one period,
    /// 09:00 or 10:00) and has two runs to get there and two to get home.
    func busInstance() -> Instance {
        let days = ["mon"]
        let calendar = WeekCalendar(days: days, periods: [WeekCalendar.Period(start: "09:00", end: "09:45"), WeekCalendar.Period(start: "10:00", end: "10:45")])
        let runs = [
            BusRun(id: "go-0820", days: days, seats: 10, stops: [.init(site: "a", time: "08:20"), .init(site: "b", time: "08:40")]),
            BusRun(id: "go-0830", days: days, seats: 10, stops: [.init(site: "a", time: "08:30"), .init(site: "b", time: "08:50")]),
            BusRun(id: "back-1100", days: days, seats: 10, stops: [.init(site: "b", time: "11:00"), .init(site: "a", time: "11:20")]),
            BusRun(id: "back-1110", days: days, seats: 10, stops: [.init(site: "b", time: "11:10"), .init(site: "a", time: "11:30")]),
            BusRun(id: "b-to-c", days: days, seats: 10, stops: [.init(site: "b", time: "11:00"), .init(site: "c", time: "11:20")]),
        ]
        return Instance(name: "bus", calendar: calendar, sites: [Site(id: "a"), Site(id: "b"), Site(id: "c")],
                        transport: Transport(mode: .busRuns, travelMinutes: [[0, 20, 30], [20, 0, 20], [30, 20, 0]], busRuns: runs),
                        rooms: [Room(id: "b-room", site: "b", capacity: 10)],
                        teachers: [Teacher(id: "t", homeSite: "b", subjects: ["physics"], maxWeeklyPeriods: 4)],
                        courses: [Course(id: "phys", subject: "physics", pattern: [1], minSize: 1, maxSize: 5, inPersonSites: ["b"])],
                        students: [Student(id: "s", grade: 10, homeSite: "a",
                                           requests: [Request(alternatives: [Alternative(course: "phys")], required: true)])])
    }

    func testLockedBusRideHoldsInTheMIPAndAnImpossibleOneIsAnError() throws {
        let free = try Problem(busInstance())
        let optimum = MIPEngine().solve(free, parameters: exact)
        XCTAssertEqual(optimum.status, .optimal, optimum.message ?? "")
        let rides = Set(try XCTUnwrap(optimum.solution).itineraries.flatMap(\.legs).compactMap(\.busRun))
        XCTAssertEqual(rides.count, 2, "there and back by bus")
        // Lock the rides the optimum does not take: the MIP must take them.
        var instance = busInstance()
        let other = ["go-0820", "go-0830", "back-1100", "back-1110"].filter { !rides.contains($0) }
        XCTAssertEqual(other.count, 2)
        instance.locks = Locks(busRides: other.map { BusRideLock(student: "s", day: "mon", busRun: $0) })
        let problem = try Problem(instance)
        let result = MIPEngine().solve(problem, parameters: exact)
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        let solution = try XCTUnwrap(result.solution)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations)")
        XCTAssertEqual(Set(solution.itineraries.flatMap(\.legs).compactMap(\.busRun)), Set(other))
        XCTAssertEqual(report.objective, try XCTUnwrap(result.objective), accuracy: 1e-6)
        // A ride the student's day can never use (to site c) is an error naming the lock.
        instance.locks = Locks(busRides: [BusRideLock(student: "s", day: "mon", busRun: "b-to-c")])
        let impossible = MIPEngine().solve(try Problem(instance), parameters: exact)
        XCTAssertEqual(impossible.status, .invalid)
        XCTAssertTrue(impossible.message?.contains("locks.busRides[0]: no ride on bus run b-to-c") == true, impossible.message ?? "")
    }

    func testLocksThatCannotHoldTogetherAreInfeasibleNotIgnored() throws {
        var instance = try tiny().instance
        // Each lock alone has columns, but together they put one student in two lessons on
        // Tuesday period 6: mathematics in Ivanovka and chemistry online.
        instance.locks = Locks(sections: [SectionLock(section: "m1", course: "maths-adv", teacher: "t-petrov", meetings: [
                                              LockedMeeting(day: "tue", period: 6, length: 2, room: "ivanovka-computer")]),
                                          SectionLock(section: "c1", course: "chem-adv", teacher: "t-orlova", meetings: [
                                              LockedMeeting(day: "tue", period: 6, room: "sosnovka-computer"),
                                              LockedMeeting(day: "thu", period: 7, room: "sosnovka-computer")])],
                               enrolments: [EnrolmentLock(student: "s-ivanovka-11-01", request: 0, section: "m1"),
                                            EnrolmentLock(student: "s-ivanovka-11-01", request: 1, section: "c1")])
        let result = MIPEngine().solve(try Problem(instance), parameters: exact)
        XCTAssertEqual(result.status, .infeasible, result.message ?? "")
        XCTAssertNil(result.solution)
        XCTAssertTrue(result.message?.contains("locks cannot all hold together") == true, result.message ?? "")
        // The same locks when no request is required: still infeasible because of the locks, not
        // an elastic model that speaks of required requests.
        for s in instance.students.indices {
            for q in instance.students[s].requests.indices { instance.students[s].requests[q].required = false }
        }
        let elective = MIPEngine().solve(try Problem(instance), parameters: exact)
        XCTAssertEqual(elective.status, .infeasible, elective.message ?? "")
        XCTAssertNil(elective.solution)
        XCTAssertTrue(elective.message?.contains("locks cannot all hold together") == true, elective.message ?? "")
        XCTAssertFalse(elective.message?.contains("required requests cannot") == true, elective.message ?? "")
    }

    // MARK: Re-planning

    func testMIPReplanOneStudentAddsACourseChangesOnlyThatStudent() throws {
        let problem = try tiny()
        let published = try published(problem)
        let changes = ChangeSet(changes: [
            Change(kind: .addRequest, hard: true, student: "s-kamenka-10-02",
                   request: .request(Request(id: "programming", alternatives: [Alternative(course: "info-online")]))),
        ])
        let result = try Replanner(instance: problem.instance, published: published).replan(changes: changes, engine: MIPEngine(), parameters: exact)
        XCTAssertEqual(result.engineResult.status, .optimal, result.engineResult.message ?? "")
        let solution = try XCTUnwrap(result.solution)
        let check = Checker(try Problem(result.instance)).check(solution)
        XCTAssertTrue(check.feasible, "\(check.violations)")
        XCTAssertTrue(solution.assignments.contains { $0.student == "s-kamenka-10-02" && $0.request == 1 })
        let before = SolutionViews.of(published), after = SolutionViews.of(solution)
        XCTAssertEqual(SolutionViews.changed(before.students, after.students), ["s-kamenka-10-02"])
        XCTAssertEqual(SolutionViews.changed(before.teachers, after.teachers), [])
        XCTAssertEqual(result.report.people.map(\.person), ["s-kamenka-10-02"])
        // With the reference, the checker's objective (change terms included) is the MIP's.
        XCTAssertEqual(result.check.objective, try XCTUnwrap(result.engineResult.objective), accuracy: 1e-6)
        XCTAssertEqual(result.check.terms[.movedEnrolments]?.value, 0)
    }

    func testMIPObjectiveEqualsTheCheckersWithTheChangeTerms() throws {
        let problem = try tiny()
        let published = try published(problem)
        // Every day of the mathematics teacher who teaches in Sosnovka is lost on Wednesday: its
        // sections there must move, and the change terms are not zero.
        let maths = try XCTUnwrap(published.sections.first { $0.course == "maths-adv" })
        let day = try XCTUnwrap(maths.meetings.first?.day)
        let changes = ChangeSet(changes: [Change(kind: .teacherUnavailable, hard: true, teacher: maths.teacher, days: [day])])
        let result = try Replanner(instance: problem.instance, published: published).replan(changes: changes, engine: MIPEngine(), parameters: exact)
        XCTAssertEqual(result.engineResult.status, .optimal, result.engineResult.message ?? "")
        let solution = try XCTUnwrap(result.solution)
        XCTAssertTrue(result.check.feasible, "\(result.check.violations)")
        let terms = result.check.terms
        let changeCost = [SoftTerm.movedEnrolments, .changedEnrolments, .changedTeacherPeriods, .changedRoutes]
            .reduce(0.0) { $0 + (terms[$1]?.value ?? 0) * (terms[$1]?.weight ?? 0) }
        XCTAssertGreaterThan(changeCost, 0)
        XCTAssertEqual(result.check.objective, try XCTUnwrap(result.engineResult.objective), accuracy: 1e-6)
        XCTAssertFalse(solution.sections.contains { $0.teacher == maths.teacher && $0.meetings.contains { $0.day == day } })
        // Optimal: no engine does better on the change terms and the objective; the heuristic's
        // re-plan is judged by the same checker.
        let heuristic = try Replanner(instance: problem.instance, published: published)
            .replan(changes: changes, engine: HeuristicEngine(maxIterations: 400), parameters: SolveParameters(timeLimit: 5, seed: 1))
        if heuristic.check.feasible {
            XCTAssertLessThanOrEqual(result.check.objective, heuristic.check.objective + 1e-6)
        }
        // Only the students of the moved section change, and one step further those sharing a
        // section with them (a section that must make room for the new time); likewise teachers.
        let movedSections = Set(published.sections.filter { $0.teacher == maths.teacher && $0.meetings.contains { $0.day == day } }.map(\.id))
        let forced = Set(published.assignments.filter { movedSections.contains($0.section) }.map(\.student))
        let touched = Set(published.assignments.filter { forced.contains($0.student) }.map(\.section))
        let neighbours = Set(published.assignments.filter { touched.contains($0.section) }.map(\.student))
        let before = SolutionViews.of(published), after = SolutionViews.of(solution)
        let changedStudents = SolutionViews.changed(before.students, after.students)
        XCTAssertFalse(changedStudents.isEmpty)
        XCTAssertTrue(changedStudents.isSubset(of: forced.union(neighbours)), "\(changedStudents.subtracting(forced.union(neighbours)))")
        let teachers = Set(published.sections.filter { touched.contains($0.id) }.map(\.teacher))
        XCTAssertTrue(SolutionViews.changed(before.teachers, after.teachers).isSubset(of: teachers))
        XCTAssertEqual(result.report.summary.studentsAffected, changedStudents.count)
    }

    /// The model's objective of a timetable, its decisions fixed, equals the checker's against a
    /// reference, for pairs of different timetables (so that every change term is at work).
    func testChangeTermsOfTheModelEqualTheCheckersOnFixedTimetables() throws {
        let problem = try tiny()
        var timetables = [try published(problem)]
        for seed in [1, 2, 3] as [UInt64] {
            let greedy = GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 5, seed: seed))
            if let s = greedy.solution, Checker(problem).check(s).feasible { timetables.append(s) }
            let heuristic = HeuristicEngine(maxIterations: 50).solve(problem, parameters: SolveParameters(timeLimit: 1, seed: seed))
            if let s = heuristic.solution, Checker(problem).check(s).feasible { timetables.append(s) }
        }
        XCTAssertGreaterThanOrEqual(timetables.count, 3)
        var nonzero = Set<SoftTerm>()
        var pairs = 0
        for (i, reference) in timetables.enumerated() {
            let referenced = try problem.withReference(reference)
            for (j, timetable) in timetables.enumerated() where i != j {
                var counts = timetable.sectionCounts(in: problem)
                counts.merge(reference.sectionCounts(in: problem)) { max($0, $1) }
                var model = MIPModel(sets: MIPSets(problem: referenced, sectionSlack: 1, keepAtLeast: counts), elastic: false)
                try model.addChangeTerms(reference: reference)
                let decisions = try XCTUnwrap(model.decisions(of: timetable))
                let fixed = model.fixed(at: decisions)
                let out = try GLPKSolver(timeLimit: 20, relativeGap: 0).solve(fixed)
                XCTAssertEqual(out.status, .optimal)
                let values = try XCTUnwrap(out.values)
                let solution = model.solution(values: values, engine: "mip") { _, _ in "" }
                let report = Checker(referenced).check(solution)
                XCTAssertTrue(report.feasible, "\(report.violations)")
                XCTAssertEqual(report.objective, try XCTUnwrap(out.objective), accuracy: 1e-6, "reference \(i), timetable \(j)")
                for (name, term) in report.terms where [SoftTerm.movedEnrolments, .changedEnrolments, .changedTeacherPeriods, .changedRoutes]
                    .contains(name) && term.value > 0 { nonzero.insert(name) }
                pairs += 1
            }
        }
        XCTAssertGreaterThanOrEqual(pairs, 6)
        XCTAssertEqual(nonzero, [.movedEnrolments, .changedEnrolments, .changedTeacherPeriods, .changedRoutes],
                       "every change term is exercised by some pair")
    }

    /// The hybrid engine in a re-plan: its sub-MIPs carry the change terms, so from a timetable
    /// built without regard to the published one it moves back towards it; a locked section is
    /// never freed; the checker judges the result with the locks and change terms.
    func testHybridReducesTheChangesAndKeepsTheLocks() throws {
        let free = try tiny()
        let published = try published(free)
        // A start that ignores the published timetable: the greedy construction of the problem alone.
        let start = try XCTUnwrap(GreedyEngine().solve(free, parameters: SolveParameters(timeLimit: 5, seed: 1)).solution)
        // Lock one of its sections in full, with its students.
        let section = try XCTUnwrap(start.sections.first { s in start.assignments.contains { $0.section == s.id } })
        var instance = free.instance
        instance.locks = Locks(sections: [SectionLock(section: section.id, course: section.course, teacher: section.teacher,
                                                      meetings: section.meetings.map { LockedMeeting(day: $0.day, period: $0.period, length: $0.length, room: $0.room) })],
                               enrolments: start.assignments.filter { $0.section == section.id }
                                .map { EnrolmentLock(student: $0.student, request: $0.request, section: section.id) })
        let problem = try Problem(instance).withReference(published)
        let checker = Checker(problem)
        let before = checker.check(start)
        XCTAssertTrue(before.feasible, "\(before.violations)")
        let result = HybridEngine(subTimeLimit: 20, maxNeighbourhoods: 9, warmStart: start)
            .solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1)) { _ in }
        let solution = try XCTUnwrap(result.solution)
        let after = checker.check(solution)
        XCTAssertTrue(after.feasible, "\(after.violations)")
        XCTAssertGreaterThan(result.statistics["neighbourhoods"] ?? 0, 0, result.message ?? "")
        let changes = { (r: CheckReport) in
            [SoftTerm.movedEnrolments, .changedEnrolments, .changedTeacherPeriods, .changedRoutes].reduce(0.0) { $0 + (r.terms[$1]?.value ?? 0) * (r.terms[$1]?.weight ?? 0) }
        }
        XCTAssertGreaterThan(changes(before), 0, "the start differs from the published timetable")
        XCTAssertLessThan(changes(after), changes(before), result.message ?? "")
        XCTAssertEqual(result.objective ?? .nan, after.objective, accuracy: 1e-6)
        let kept = try XCTUnwrap(solution.sections.first { $0.id == section.id })
        XCTAssertEqual(kept.meetings, section.meetings)
    }

    func testAutoUsesTheMIPWithAReference() throws {
        let problem = try tiny()
        let published = try published(problem)
        let changes = ChangeSet(changes: [
            Change(kind: .addRequest, hard: true, student: "s-kamenka-10-02",
                   request: .request(Request(id: "programming", alternatives: [Alternative(course: "info-online")]))),
        ])
        final class Log: @unchecked Sendable { var lines: [String] = []; let lock = NSLock() }
        let log = Log()
        let result = try Replanner(instance: problem.instance, published: published)
            .replan(changes: changes, engine: AutoEngine(), parameters: SolveParameters(timeLimit: 8, seed: 1)) { p in
                log.lock.lock()
                log.lines.append("\(p.engine) \(p.phase.rawValue) \(p.message ?? "")")
                log.lock.unlock()
            }
        let message = result.engineResult.message ?? ""
        XCTAssertTrue(message.contains("mip: feasible"), message)
        // The MIP started from a timetable it was given: the heuristic's, or the published one.
        XCTAssertTrue(log.lines.contains { $0.hasPrefix("mip warm-start the given timetable") || $0.hasPrefix("mip warm-start the published timetable") },
                      "\(log.lines.filter { $0.hasPrefix("mip") })")
        XCTAssertTrue(result.check.feasible, "\(result.check.violations)")
        XCTAssertEqual(result.check.terms[.movedEnrolments]?.value, 0)
    }
}
