import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines

/// `SolutionAssembler`: an engine's sections and enrolments in, a checked-feasible `Solution`
/// out, or a refusal that names what cannot be assembled. The timetables are those of
/// ``CheckerFixture`` (sites A and B 20 min apart, C without a road).
final class SolutionAssemblerTests: XCTestCase {
    typealias Enrolment = SolutionAssembler.Enrolment

    private func problem(_ instance: Instance) throws -> Problem { try Problem(instance) }

    /// The sections and enrolments of a solution, as an engine would hand them to the assembler.
    private func decisions(_ problem: Problem, _ solution: Solution) throws -> ([IndexedSolution.Section], [Enrolment]) {
        let indexed = try IndexedSolution(problem, solution)
        let enrolments = indexed.assignments.map { a in
            Enrolment(student: a.student, request: a.request, alternative: a.alternative, section: a.section,
                      join: a.fromHome ? .fromHome : a.onlineRoom.map { .room($0) } ?? .automatic)
        }
        return (indexed.sections, enrolments)
    }

    private func legs(_ solution: Solution, _ person: String, _ day: String) -> [String] {
        solution.itineraries.first { $0.person == person && $0.day == day }?.legs
            .map { "\($0.from)>\($0.to) \($0.depart)-\($0.arrive)" + ($0.busRun.map { " " + $0 } ?? "") } ?? []
    }

    // MARK: Whole timetables

    func testTheFixtureTimetableIsAssembledWithItsItinerariesAndTheUnsatisfiedRequest() throws {
        let p = try problem(CheckerFixture.instance())
        let (sections, enrolments) = try decisions(p, CheckerFixture.solution())
        let solution = try SolutionAssembler.assemble(p, sections: sections, enrolments: enrolments, engine: "test")
        let report = Checker(p).check(solution)
        XCTAssertTrue(report.feasible, report.violations.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(solution.engine, "test")
        XCTAssertEqual(solution.sections.map(\.id), ["chem-1", "cs-1", "span-1"])
        // By road a leg leaves when the lesson before ends (s2's regular lessons at B end at 11:15);
        // the first leg of a free morning arrives just in time (t-chem, for 12:30).
        XCTAssertEqual(legs(solution, "s2", "tue"), ["B>A 11:15-11:35", "A>B 14:10-14:30"])
        XCTAssertEqual(legs(solution, "t-chem", "tue"), ["B>A 12:10-12:30", "A>B 14:10-14:30"])
        XCTAssertEqual(solution.itineraries.count, 2)
        XCTAssertEqual(solution.unsatisfied, [Solution.Unsatisfied(student: "s3", request: 1, required: false,
                                                                  reason: SolutionAssembler.notEnrolled)])
        let s1 = solution.assignments.filter { $0.student == "s1" }
        XCTAssertEqual(s1.map(\.onlineRoom), [nil, "a-comp"])
    }

    func testStudentsRideScheduledBusRunsWithSeatsBooked() throws {
        let p = try problem(CheckerFixture.instance(busRuns: true))
        let (sections, enrolments) = try decisions(p, CheckerFixture.solution(busRuns: true))
        let solution = try SolutionAssembler.assemble(p, sections: sections, enrolments: enrolments)
        XCTAssertTrue(Checker(p).check(solution).feasible)
        XCTAssertEqual(legs(solution, "s2", "tue"), ["B>A 11:15-11:35 r-am", "A>B 14:10-14:30 r-pm"])
        // Teachers go by road.
        XCTAssertEqual(legs(solution, "t-chem", "tue"), ["B>A 12:10-12:30", "A>B 14:10-14:30"])
    }

    /// An engine's timetable, handed over as decisions, comes back with the same sections,
    /// assignments and violations (the greedy engine leaves a required request of Terbuny unmet;
    /// the itineraries are the assembler's own and break nothing).
    func testEngineTimetablesOfTheExamplesAreAssembledFeasible() throws {
        for name in ["tiny", "terbuny-network"] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/\(name).json")
            let p = try XCTUnwrap(InstanceLoader.load(contentsOf: url).problem)
            let engine = try XCTUnwrap(GreedyEngine().solve(p, parameters: SolveParameters(timeLimit: 30, seed: 1)).solution)
            let before = Checker(p).check(engine)
            XCTAssertTrue(before.violations.allSatisfy { $0.rule == .requiredRequest }, name)
            let (sections, enrolments) = try decisions(p, engine)
            let solution = try SolutionAssembler.assemble(p, sections: sections, enrolments: enrolments, engine: "greedy")
            let report = Checker(p).check(solution)
            XCTAssertTrue(report.usable, name)
            XCTAssertEqual(report.violations, before.violations, name)
            XCTAssertEqual(solution.sections, engine.sections, name)
            XCTAssertEqual(solution.assignments.count, engine.assignments.count, name)
            XCTAssertEqual(Set(solution.unsatisfied.map { "\($0.student)#\($0.request)" }),
                           Set(engine.unsatisfied.map { "\($0.student)#\($0.request)" }), name)
        }
    }

    // MARK: Refusals

    /// The assembler refuses a student who cannot reach a lesson in time instead of writing a
    /// broken itinerary, says why with the ids, and stays as it was.
    func testAStudentWhoCannotArriveInTimeIsRefusedWithTheReason() throws {
        let p = try problem(CheckerFixture.instance())
        let (tue, chem, tChem, a, lab) = (1, p.courseIndex["chem"]!, p.teacherIndex["t-chem"]!, p.siteIndex["A"]!, p.roomIndex["a-lab"]!)
        let s2 = p.studentIndex["s2"]!
        var assembler = SolutionAssembler(p)
        // Tuesday periods 4–5 at A (11:25); s2's regular lessons at B end at 11:15, and the road takes 20 min.
        let x = try assembler.open(.init(course: chem, teacher: tChem, mode: .inPerson, site: a,
                                         meetings: [.init(day: tue, period: 3, length: 2, room: lab)]))
        XCTAssertThrowsError(try assembler.enrol(Enrolment(student: s2, request: 0, alternative: 0, section: x))) { error in
            let e = error as! AssemblyError
            XCTAssertEqual(e.kind, .studentCannotTravel)
            XCTAssertEqual(e.description, "section: student s2 cannot travel on tue with section 0 (chem): from B to A after 11:15, "
                           + "by 11:25: the road takes 20 min, but there are only 10 min between the lessons")
        }
        XCTAssertEqual(assembler.size(of: x), 0)
        XCTAssertTrue(assembler.isFree(.student(s2), day: tue, period: 3))
        XCTAssertNil(assembler.enrolment(student: s2, request: 0))
        let solution = assembler.solution()
        XCTAssertTrue(solution.unsatisfied.contains { $0.student == "s2" && $0.request == 0 && $0.required })
    }

    func testAFullBusIsRefused() throws {
        var instance = CheckerFixture.instance(busRuns: true)
        instance.transport.busRuns[0].seats = 1
        instance.students.append(Student(id: "s5", grade: 11, homeSite: "B", schoolClass: "11b", requests: [
            Request(alternatives: [.init(course: "chem", mode: .inPerson, site: "A")]),
        ]))
        let p = try problem(instance)
        var assembler = SolutionAssembler(p)
        let x = try assembler.open(.init(course: p.courseIndex["chem"]!, teacher: p.teacherIndex["t-chem"]!, mode: .inPerson,
                                         site: p.siteIndex["A"]!, meetings: [.init(day: 1, period: 4, length: 2, room: p.roomIndex["a-lab"]!)]))
        try assembler.enrol(Enrolment(student: p.studentIndex["s2"]!, request: 0, alternative: 0, section: x))
        try assembler.enrol(Enrolment(student: p.studentIndex["s1"]!, request: 0, alternative: 0, section: x))
        XCTAssertThrowsError(try assembler.enrol(Enrolment(student: p.studentIndex["s5"]!, request: 0, alternative: 0, section: x))) {
            let e = $0 as! AssemblyError
            XCTAssertEqual(e.kind, .studentCannotTravel)
            XCTAssertTrue(e.message.hasSuffix("from B to A after 11:15, by 12:30: every bus ride in that window is full"), e.message)
        }
        let solution = assembler.solution()
        // s3's required computing is not enrolled; nothing else is broken.
        XCTAssertEqual(Checker(p).check(solution).brokenRules, [.requiredRequest])
        XCTAssertEqual(legs(solution, "s2", "tue"), ["B>A 11:15-11:35 r-am", "A>B 14:10-14:30 r-pm"])
    }

    func testATeacherWhoCannotArriveInTimeIsRefused() throws {
        let p = try problem(CheckerFixture.instance())
        var assembler = SolutionAssembler(p)
        // t-chem teaches at B on Monday period 1 (until 09:15); period 2 at A starts at 09:25.
        XCTAssertThrowsError(try assembler.open(.init(course: p.courseIndex["chem"]!, teacher: p.teacherIndex["t-chem"]!,
                                                      mode: .inPerson, site: p.siteIndex["A"]!,
                                                      meetings: [.init(day: 0, period: 1, length: 2, room: p.roomIndex["a-lab"]!)]))) {
            let e = $0 as! AssemblyError
            XCTAssertEqual(e.kind, .teacherCannotTravel)
            XCTAssertTrue(e.message.contains("from B to A after 09:15, by 09:25: the road takes 20 min"), e.message)
        }
        XCTAssertTrue(assembler.sections.isEmpty)
        XCTAssertTrue(assembler.isFree(.room(p.roomIndex["a-lab"]!), day: 0, period: 1))
    }

    func testClashesAndBadIndexesAreRefused() throws {
        let p = try problem(CheckerFixture.instance())
        let chem = p.courseIndex["chem"]!, cs = p.courseIndex["cs"]!
        let tChem = p.teacherIndex["t-chem"]!, tCs = p.teacherIndex["t-cs"]!
        let a = p.siteIndex["A"]!, lab = p.roomIndex["a-lab"]!, comp = p.roomIndex["a-comp"]!
        let s1 = p.studentIndex["s1"]!
        var assembler = SolutionAssembler(p)
        let x = try assembler.open(.init(id: "chem-1", course: chem, teacher: tChem, mode: .inPerson, site: a,
                                         meetings: [.init(day: 1, period: 4, length: 2, room: lab)]))
        func kind(_ body: () throws -> Void) -> AssemblyError.Kind? {
            do { try body() } catch let e as AssemblyError { return e.kind } catch { return nil }
            return nil
        }
        XCTAssertEqual(kind { _ = try assembler.open(.init(course: chem, teacher: tChem, mode: .inPerson, site: a,
                                                           meetings: [.init(day: 1, period: 5, room: comp)])) }, .teacherBusy)
        XCTAssertEqual(kind { _ = try assembler.open(.init(course: cs, teacher: tCs, mode: .inPerson, site: a,
                                                           meetings: [.init(day: 1, period: 5, room: lab)])) }, .roomBusy)
        XCTAssertEqual(kind { _ = try assembler.open(.init(id: "chem-1", course: chem, teacher: tCs, mode: .inPerson, site: a,
                                                           meetings: [.init(day: 2, period: 4, length: 2, room: lab)])) }, .duplicateSectionId)
        XCTAssertEqual(kind { _ = try assembler.open(.init(course: 99, teacher: tCs, mode: .inPerson, site: a, meetings: [])) },
                       .invalidIndex)
        XCTAssertEqual(kind { _ = try assembler.open(.init(course: cs, teacher: tCs, mode: .inPerson, site: a,
                                                           meetings: [.init(day: 1, period: 5, length: 2, room: comp)])) }, .invalidIndex)
        // s1 has regular lessons in periods 1–4.
        let early = try assembler.open(.init(course: cs, teacher: tCs, mode: .inPerson, site: a, meetings: [.init(day: 2, period: 0, room: comp)]))
        XCTAssertEqual(kind { try assembler.enrol(Enrolment(student: s1, request: 1, alternative: 0, section: early)) }, .studentBusy)
        try assembler.enrol(Enrolment(student: s1, request: 0, alternative: 0, section: x))
        XCTAssertEqual(kind { try assembler.enrol(Enrolment(student: s1, request: 0, alternative: 0, section: x)) }, .alreadyEnrolled)
        XCTAssertEqual(kind { try assembler.enrol(Enrolment(student: s1, request: 5, alternative: 0, section: x)) }, .invalidIndex)
        XCTAssertEqual(kind { try assembler.enrol(Enrolment(student: s1, request: 1, alternative: 0, section: 42)) }, .invalidIndex)
        XCTAssertEqual(assembler.sections.count, 2)
        XCTAssertEqual(assembler.enrolments.count, 1)
    }

    func testOnlineStudentsJoinFromHomeOrAComputerRoomWithASeat() throws {
        var instance = CheckerFixture.instance()
        instance.editRoom("a-comp") { $0.computerSeats = 1 }
        let p = try problem(instance)
        var assembler = SolutionAssembler(p)
        let x = try assembler.open(.init(course: p.courseIndex["cs"]!, teacher: p.teacherIndex["t-cs"]!, mode: .online,
                                         site: p.siteIndex["B"]!, meetings: [.init(day: 0, period: 4, room: p.roomIndex["b-studio"]!),
                                                                             .init(day: 2, period: 4, room: p.roomIndex["b-studio"]!)]))
        try assembler.enrol(Enrolment(student: p.studentIndex["s1"]!, request: 1, alternative: 1, section: x))
        XCTAssertEqual(assembler.enrolments.last?.join, .room(p.roomIndex["a-comp"]!))
        XCTAssertFalse(assembler.isFree(.room(p.roomIndex["a-comp"]!), day: 0, period: 4))
        // The only computer seat at A is taken: s4 has nowhere to join from.
        XCTAssertThrowsError(try assembler.enrol(Enrolment(student: p.studentIndex["s4"]!, request: 0, alternative: 0, section: x))) {
            let e = $0 as! AssemblyError
            XCTAssertEqual(e.kind, .noOnlineSeat)
            XCTAssertEqual(e.message, "student s4 may not join section 0 (cs) from home and no computer room of A (a-comp) has a seat free at every meeting")
        }
        try assembler.enrol(Enrolment(student: p.studentIndex["s3"]!, request: 0, alternative: 0, section: x))
        XCTAssertEqual(assembler.enrolments.last?.join, .room(p.roomIndex["c-comp"]!))
        let solution = assembler.solution()
        let report = Checker(p).check(solution)
        // Only the checker's business is left: s1's required chemistry is not enrolled.
        XCTAssertEqual(report.brokenRules, [.requiredRequest])
        XCTAssertEqual(solution.assignments.map(\.onlineRoom), ["a-comp", "c-comp"])
    }

    /// The batch form refuses with every error at once, each with its place in the input; an
    /// enrolment in a refused section says so.
    func testAssembleReportsEveryRefusalWithItsPlace() throws {
        let p = try problem(CheckerFixture.instance())
        let chem = p.courseIndex["chem"]!, tChem = p.teacherIndex["t-chem"]!, a = p.siteIndex["A"]!, lab = p.roomIndex["a-lab"]!
        let sections: [IndexedSolution.Section] = [
            .init(course: chem, teacher: tChem, mode: .inPerson, site: a, meetings: [.init(day: 1, period: 4, length: 2, room: lab)]),
            .init(course: chem, teacher: tChem, mode: .inPerson, site: a, meetings: [.init(day: 1, period: 5, room: lab)]),
        ]
        let enrolments = [
            Enrolment(student: p.studentIndex["s1"]!, request: 0, alternative: 0, section: 0),
            Enrolment(student: p.studentIndex["s2"]!, request: 0, alternative: 0, section: 1),
            Enrolment(student: p.studentIndex["s4"]!, request: 0, alternative: 0, section: 0),
        ]
        XCTAssertThrowsError(try SolutionAssembler.assemble(p, sections: sections, enrolments: enrolments)) {
            let failure = $0 as! AssemblyFailure
            XCTAssertEqual(failure.errors.map(\.kind), [.teacherBusy, .sectionNotOpened])
            XCTAssertEqual(failure.errors.map(\.item), [.section(1), .enrolment(1)])
            XCTAssertEqual(failure.errors.map(\.path), ["sections[1].meetings[0]", "enrolments[1].section"])
        }
        // Without the clashing section the rest assembles; s4's chemistry enrolment is the
        // checker's to judge (s4 asked for cs, not chem).
        let solution = try SolutionAssembler.assemble(p, sections: [sections[0]], enrolments: [enrolments[0], enrolments[2]])
        XCTAssertEqual(Checker(p).check(solution).brokenRules, [.assignment, .requiredRequest])
    }
}
