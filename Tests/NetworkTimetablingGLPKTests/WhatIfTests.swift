import Foundation
import NetworkTimetabling
@testable import NetworkTimetablingGLPK
import XCTest

/// `WhatIf`: a granted answer's timetable passes the checker with the request granted and its
/// `objectiveDelta` is the checker's difference; a request the data rule out is `impossible` with
/// the blocking data named; bad input is a typed error naming it.
final class WhatIfTests: XCTestCase {
    /// Examples/tiny.json with two requests added after its timetable was made: an online
    /// programming elective for s-kamenka-10-01 (grantable), and astronomy, a grade-11 course, for
    /// s-kamenka-10-02 (grade 10: impossible).
    static func tinyWithNewRequests() throws -> Problem {
        var instance = try XCTUnwrap(InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/tiny.json")).problem).instance
        var astronomy = instance.courses[2]
        astronomy.id = "astronomy"
        astronomy.name = "Astronomy"
        astronomy.grades = [11]
        astronomy.minSize = 1
        instance.courses.append(astronomy)
        for t in instance.teachers.indices where instance.teachers[t].courses.contains(instance.courses[2].id) {
            instance.teachers[t].courses.append("astronomy")
        }
        let k1 = try XCTUnwrap(instance.students.firstIndex { $0.id == "s-kamenka-10-01" })
        instance.students[k1].requests.append(Request(id: "programming", alternatives: [Alternative(course: "info-online")]))
        let k2 = try XCTUnwrap(instance.students.firstIndex { $0.id == "s-kamenka-10-02" })
        instance.students[k2].requests.append(Request(id: "astronomy", alternatives: [Alternative(course: "astronomy")]))
        return try Problem(instance)
    }

    /// The heuristic's timetable of the unchanged tiny example, with the two new requests listed as unmet.
    static func tinyStart() throws -> Solution {
        let original = try XCTUnwrap(InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/tiny.json")).problem)
        var start = try XCTUnwrap(HeuristicEngine(maxIterations: 300).solve(original, parameters: SolveParameters(timeLimit: 30, seed: 1)).solution)
        start.unsatisfied += [
            Solution.Unsatisfied(student: "s-kamenka-10-01", request: 1, required: false, reason: "asked for after the timetable was made"),
            Solution.Unsatisfied(student: "s-kamenka-10-02", request: 1, required: false, reason: "asked for after the timetable was made"),
        ]
        return start
    }

    /// The checker's verdict on a granted answer: feasible, the request granted, the delta and the
    /// terms the checker's.
    func assertGrantedHolds(_ answer: WhatIfAnswer, problem: Problem, start: Solution, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(answer.status, .granted, "\(answer.summary) \(answer.reasons)", file: file, line: line)
        let solution = try XCTUnwrap(answer.solution, file: file, line: line)
        let checker = Checker(problem)
        let before = checker.check(start), after = checker.check(solution)
        XCTAssertTrue(after.feasible, "\(after.violations.prefix(5))", file: file, line: line)
        XCTAssertTrue(solution.assignments.contains { $0.student == answer.student && $0.request == answer.request }, file: file, line: line)
        XCTAssertFalse(solution.unsatisfied.contains { $0.student == answer.student && $0.request == answer.request }, file: file, line: line)
        XCTAssertEqual(answer.objectiveDelta, after.objective - before.objective, accuracy: 1e-6, file: file, line: line)
        XCTAssertEqual(answer.terms.values.reduce(0, +), answer.objectiveDelta, accuracy: 1e-6, "the terms add up to the delta", file: file, line: line)
        let first = try XCTUnwrap(answer.changes.first, file: file, line: line)
        XCTAssertEqual(first.kind, .granted, file: file, line: line)
        XCTAssertEqual(first.person, answer.student, file: file, line: line)
        // Every request lost is one the start granted and the new timetable does not.
        for lost in answer.lostRequests {
            XCTAssertTrue(start.assignments.contains { $0.student == lost.student && $0.request == lost.request }, file: file, line: line)
            XCTAssertFalse(solution.assignments.contains { $0.student == lost.student && $0.request == lost.request }, file: file, line: line)
        }
    }

    func testAnUnmetElectiveOfTinyIsGrantedAndTheCheckerAgrees() throws {
        let problem = try Self.tinyWithNewRequests()
        let start = try Self.tinyStart()
        XCTAssertTrue(Checker(problem).check(start).feasible, "the start is feasible with the new requests unmet")
        let answer = try WhatIf(timeLimit: 20).ask(problem, start, student: "s-kamenka-10-01", request: "programming")
        try assertGrantedHolds(answer, problem: problem, start: start)
        // Granting the elective saves its unmet cost (weight 100 × 1); nothing else gets that much dearer here.
        XCTAssertEqual(answer.terms["unmetElective"] ?? 0, -problem.weights.unmetElective, accuracy: 1e-9)
        XCTAssertLessThan(answer.objectiveDelta, 0)
        XCTAssertEqual(answer.request, 1)
        XCTAssertEqual(answer.requestLabel, "programming")
        XCTAssertFalse(answer.search.isEmpty)
        // The same question by index.
        let byIndex = try WhatIf(timeLimit: 20).ask(problem, start, student: "s-kamenka-10-01", request: "1")
        XCTAssertEqual(byIndex.status, .granted)
        XCTAssertEqual(byIndex.objectiveDelta, answer.objectiveDelta, accuracy: 1e-9, "GLPK proves the neighbourhood's optimum: same answer")
    }

    func testARequestTheDataRuleOutIsImpossibleWithTheBlockingData() throws {
        let problem = try Self.tinyWithNewRequests()
        let answer = try WhatIf(timeLimit: 20).ask(problem, try Self.tinyStart(), student: "s-kamenka-10-02", request: "astronomy")
        XCTAssertEqual(answer.status, .impossible)
        XCTAssertNil(answer.solution)
        XCTAssertEqual(answer.objectiveDelta, 0)
        let reason = try XCTUnwrap(answer.reasons.first { $0.kind == "noPlaceInData" }, "\(answer.reasons)")
        XCTAssertEqual(reason.alternative, 0)
        XCTAssertTrue(reason.text.contains("grades 11"), reason.text)
    }

    /// A course whose only teacher is busy every period: impossible, naming the teacher's free periods.
    func testACourseWhoseTeacherIsNeverFreeIsImpossible() throws {
        var instance = try Self.tinyWithNewRequests().instance
        for t in instance.teachers.indices { instance.teachers[t].courses.removeAll { $0 == "astronomy" } }
        var busy = instance.teachers[0]
        busy.id = "t-busy"
        busy.subjects = []
        busy.courses = ["astronomy"]
        busy.busy = Dictionary(uniqueKeysWithValues: instance.calendar.days.map { ($0, Array(1...instance.calendar.periods.count)) })
        instance.teachers.append(busy)
        let a = try XCTUnwrap(instance.courses.firstIndex { $0.id == "astronomy" })
        instance.courses[a].grades = [10, 11]
        instance.courses[a].subject = "astronomy"
        let problem = try Problem(instance)
        let answer = try WhatIf(timeLimit: 20).ask(problem, try Self.tinyStart(), student: "s-kamenka-10-02", request: "astronomy")
        XCTAssertEqual(answer.status, .impossible, "\(answer.summary)")
        XCTAssertTrue(answer.reasons.contains { $0.kind == "noPlaceInData" && $0.text.contains("t-busy") }, "\(answer.reasons)")
    }

    func testBadInputIsATypedErrorNamingIt() throws {
        let problem = try Self.tinyWithNewRequests()
        let start = try Self.tinyStart()
        let whatIf = WhatIf(timeLimit: 5)
        func error(_ student: String, _ request: String, _ solution: Solution? = nil) -> WhatIfError? {
            do {
                _ = try whatIf.ask(problem, solution ?? start, student: student, request: request)
                return nil
            } catch {
                return error
            }
        }
        guard case .unknownStudent("nobody", _)? = error("nobody", "0") else { return XCTFail("unknown student") }
        XCTAssertTrue(error("nobody", "0")!.description.contains("\"nobody\""))
        guard case .unknownRequest(student: "s-kamenka-10-01", request: "chess", _)? = error("s-kamenka-10-01", "chess") else {
            return XCTFail("unknown request")
        }
        guard case .unknownRequest? = error("s-kamenka-10-01", "7") else { return XCTFail("request index out of range") }
        guard case let .alreadyGranted(student, request, section)? = error("s-kamenka-10-01", "chemistry") else {
            return XCTFail("already granted")
        }
        XCTAssertEqual(student, "s-kamenka-10-01")
        XCTAssertEqual(request, 0)
        XCTAssertTrue(start.assignments.contains { $0.student == student && $0.request == 0 && $0.section == section })
        // A timetable of another instance: its ids do not resolve here.
        var other = start
        other.sections[0].course = "quantum-physics"
        guard case let .unusableSolution(diagnostics)? = error("s-kamenka-10-01", "programming", other) else { return XCTFail("unusable") }
        XCTAssertTrue(diagnostics.contains { $0.message.contains("quantum-physics") }, "\(diagnostics)")
    }

    /// Generated instances: an elective granted by the heuristic is taken away (its section keeps
    /// its minimum size), and what-if must find a way to grant it again (putting it back is one);
    /// every granted answer passes the checker with the checker's delta, within the time limit.
    func testElectivesTakenAwayFromGeneratedTimetablesAreGrantedAgain() throws {
        var asked = 0
        for seed in UInt64(1)...2 {
            let instance = InstanceGenerator.generate(GeneratorParameters(sites: 3, students: 30, courses: 8, teachers: 5, seed: seed))
            let problem = try Problem(instance)
            let solved = try XCTUnwrap(HeuristicEngine(maxIterations: 300).solve(problem, parameters: SolveParameters(timeLimit: 30, seed: seed)).solution)
            let checker = Checker(problem)
            guard checker.check(solved).feasible else { continue }
            var size: [String: Int] = [:]
            for a in solved.assignments { size[a.section, default: 0] += 1 }
            var minSize: [String: Int] = [:]
            for sec in solved.sections { minSize[sec.id] = problem.courses[problem.courseIndex[sec.course]!].minSize }
            // The electives the heuristic left unmet: any answer, but a granted one must hold.
            for u in solved.unsatisfied.filter({ !$0.required }).prefix(2) {
                let t0 = Date()
                let answer = try WhatIf(timeLimit: 5).ask(problem, solved, student: u.student, request: "\(u.request)")
                XCTAssertLessThan(Date().timeIntervalSince(t0), 7, "the time limit holds within 2 s")
                if answer.status == .granted {
                    try assertGrantedHolds(answer, problem: problem, start: solved)
                } else {
                    XCTAssertFalse(answer.reasons.isEmpty, "an answer without a timetable says why")
                }
            }
            var tried = 0
            for (k, a) in solved.assignments.enumerated() where tried < 3 {
                guard let s = problem.studentIndex[a.student], !problem.students[s].requests[a.request].required,
                      size[a.section]! > minSize[a.section]! else { continue }
                var start = solved
                start.assignments.remove(at: k)
                start.unsatisfied.append(Solution.Unsatisfied(student: a.student, request: a.request, required: false, reason: "taken away"))
                guard checker.check(start).feasible else { continue }
                tried += 1
                asked += 1
                let t0 = Date()
                let answer = try WhatIf(timeLimit: 10).ask(problem, start, student: a.student, request: "\(a.request)")
                XCTAssertLessThan(Date().timeIntervalSince(t0), 12, "the time limit holds within 2 s")
                try assertGrantedHolds(answer, problem: problem, start: start)
            }
        }
        XCTAssertGreaterThan(asked, 0, "some elective could be taken away")
    }
}
