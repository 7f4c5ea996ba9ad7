import Foundation
import XCTest
@testable import TimetablingITC2019

/// The solver (construction, sectioning, local search), always judged by ``ITCValidator``.
final class ITCSolverTests: XCTestCase {
    /// A problem small enough to solve by hand.
    ///
    /// Class a: Mon 96 (penalty 0) or Tue 96 (penalty 4); room r1 (0) or r2 (3).
    /// Class b: Mon 96 (0) or Mon 120 (1); room r1 only. Required NotOverlap(b, c1) with c1 at
    /// Mon 96, so b is at Mon 120. Soft SameStart(a, b), penalty 2. Course k3 is c1 (Mon 96, limit 1)
    /// or c2 (Mon 132, limit 5), both without a room; student s1 takes k1, k2, k3, student s2 takes k3.
    ///
    /// With b at Mon 120 in r1: a at Mon 96 in r1 costs 0 time + 0 room + 2 (SameStart broken) = 2,
    /// at Mon 96 in r2 costs 3 + 2 = 5, at Tue 96 costs 4 (+ 0 or 3 room) with SameStart kept (both
    /// start at 96) = 4. The time penalty of b is 1. Student s1 meets a at Mon 96–108, b at 120–132,
    /// and must take c2 (Mon 132, c1 clashes with a): no conflict (132 + 0 travel is not > 132).
    /// Optimum: 1 (b's time) + 2 (SameStart) = 3, with a at Mon 96 in r1.
    static let smallXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <problem name="small" nrDays="7" nrWeeks="2" slotsPerDay="288">
        <optimization time="1" room="1" distribution="1" student="1"/>
        <rooms>
        <room id="r1" capacity="50"><travel room="r2" value="5"/></room>
        <room id="r2" capacity="50"/>
        </rooms>
        <courses>
        <course id="k1"><config id="1"><subpart id="1">
          <class id="a" limit="10">
            <room id="r1" penalty="0"/><room id="r2" penalty="3"/>
            <time days="1000000" start="96" length="12" weeks="11" penalty="0"/>
            <time days="0100000" start="96" length="12" weeks="11" penalty="4"/>
          </class>
        </subpart></config></course>
        <course id="k2"><config id="2"><subpart id="2">
          <class id="b" limit="10">
            <room id="r1" penalty="0"/>
            <time days="1000000" start="96" length="12" weeks="11" penalty="0"/>
            <time days="1000000" start="120" length="12" weeks="11" penalty="1"/>
          </class>
        </subpart></config></course>
        <course id="k3">
          <config id="3"><subpart id="3">
            <class id="c1" limit="1" room="false"><time days="1000000" start="96" length="12" weeks="11" penalty="0"/></class>
          </subpart></config>
          <config id="4"><subpart id="4">
            <class id="c2" limit="5" room="false"><time days="1000000" start="132" length="12" weeks="11" penalty="0"/></class>
          </subpart></config>
        </course>
        </courses>
        <distributions>
        <distribution type="NotOverlap" required="true"><class id="b"/><class id="c1"/></distribution>
        <distribution type="SameStart" penalty="2"><class id="a"/><class id="b"/></distribution>
        </distributions>
        <students>
        <student id="s1"><course id="k1"/><course id="k2"/><course id="k3"/></student>
        <student id="s2"><course id="k3"/></student>
        </students>
        </problem>
        """

    func testSmallProblemSolvedToTheOptimumComputedByHand() throws {
        let p = try readProblem(Self.smallXML)
        let result = ITCSolver(p, options: ITCSolverOptions(timeLimit: 30, seed: 7, maxIterations: 20_000)).solve()
        let report = ITCValidator(p).evaluate(result.assignment)
        XCTAssertTrue(report.valid, "\(report.hardViolations)")
        XCTAssertEqual(report.total, 3)
        XCTAssertEqual(report.timePenalty, 1)
        XCTAssertEqual(report.roomPenalty, 0)
        XCTAssertEqual(report.distributionPenalty, 2)
        XCTAssertEqual(report.studentConflicts, 0)
        let index = p.classIndexMap(), a = index["a"]!, c2 = index["c2"]!
        XCTAssertEqual(p.classes[a].times[result.assignment.time[a]].time.start, 96)
        XCTAssertEqual(p.classes[a].times[result.assignment.time[a]].time.days, ITCBits("1000000")!)
        XCTAssertTrue(result.assignment.enrollment[p.studentIndexMap()["s1"]!].contains(c2))
        // The solver's own count agrees with the validator.
        XCTAssertEqual(result.hard, 0)
        XCTAssertEqual(result.total, report.total)
        // And the file it writes reads back to the same report.
        let xml = ITCSolutionWriter.data(ITCSolutionDocument(problem: p, assignment: result.assignment))
        let reread = ITCValidator(p).validate(try ITCSolutionReader.read(xml))
        XCTAssertTrue(reread.valid)
        XCTAssertEqual(reread.total, 3)
    }

    func testSameSeedSameAnswer() throws {
        let p = try readProblem(Self.smallXML)
        let options = ITCSolverOptions(timeLimit: 60, seed: 42, maxIterations: 5_000)
        let first = ITCSolver(p, options: options).solve()
        let second = ITCSolver(p, options: options).solve()
        XCTAssertEqual(first.assignment, second.assignment)
        XCTAssertEqual(first.iterations, second.iterations)
        guard let big = try Self.realInstance("pu-cs-fal07") else { return }
        let bigOptions = ITCSolverOptions(timeLimit: 120, seed: 3, maxIterations: 20_000)
        XCTAssertEqual(ITCSolver(big, options: bigOptions).solve().assignment, ITCSolver(big, options: bigOptions).solve().assignment)
    }

    func testTimeLimitHolds() throws {
        let p = try readProblem(Self.smallXML)
        let started = Date()
        let result = ITCSolver(p, options: ITCSolverOptions(timeLimit: 2, seed: 1)).solve()
        let took = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(result.iterations, 0)
        XCTAssertLessThan(took, 10, "a 2-s limit took \(took) s")
        XCTAssertTrue(ITCValidator(p).evaluate(result.assignment).valid)
    }

    func testStopFlagEndsTheSearchWithTheBestSoFar() throws {
        let p = try readProblem(Self.smallXML)
        let started = Date()
        let result = ITCSolver(p, options: ITCSolverOptions(timeLimit: 600, seed: 1)).solve(shouldStop: {
            Date().timeIntervalSince(started) > 0.5
        })
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(ITCValidator(p).evaluate(result.assignment).total, 3)
    }

    func testThreadsKeepTheBest() throws {
        let p = try readProblem(Self.smallXML)
        let result = ITCSolver(p, options: ITCSolverOptions(timeLimit: 30, seed: 1, threads: 2, maxIterations: 5_000)).solve()
        let report = ITCValidator(p).evaluate(result.assignment)
        XCTAssertTrue(report.valid)
        XCTAssertEqual(report.total, 3)
        XCTAssertTrue(result.seed == 1 || result.seed == 2)
    }

    /// The incremental costs of the solver's state agree with the validator, component by
    /// component, after random moves of classes and of students (on a real instance when present).
    func testIncrementalCostsAgreeWithTheValidator() throws {
        var problems = [try readProblem(Self.smallXML)]
        if let big = try Self.realInstance("pu-cs-fal07") { problems.append(big) }
        if let big = try Self.realInstance("muni-fsps-spr17") { problems.append(big) }
        for p in problems {
            let state = ITCSolverState(p)
            let sectioning = ITCSectioning(p)
            var rng = ITCRandom(seed: 11)
            for c in 0..<state.nC where state.nTimes[c] > 0 {
                state.move(c, rng.int(state.nTimes[c]), state.nRoomOpts[c] > 0 ? rng.int(state.nRoomOpts[c]) : -1)
            }
            for s in 0..<p.students.count {
                for k in 0..<p.students[s].courses.count { state.setChoice(s, k, sectioning.best(state, student: s, course: k, rng: &rng)) }
            }
            for round in 0..<4 {
                for _ in 0..<300 {
                    let c = rng.int(state.nC)
                    guard state.nTimes[c] > 0 else { continue }
                    let t = rng.int(state.nTimes[c]), r = state.nRoomOpts[c] > 0 ? rng.int(state.nRoomOpts[c]) : -1
                    let before = state.objective
                    let d = state.delta(c, t, r)
                    state.move(c, t, r)
                    XCTAssertEqual(state.objective - before, d.hard * ITCSolverState.hardWeight + d.soft, "\(p.name): delta of class \(p.classes[c].id)")
                }
                if !p.students.isEmpty {
                    for _ in 0..<100 {
                        let s = rng.int(p.students.count)
                        guard !p.students[s].courses.isEmpty else { continue }
                        let k = rng.int(p.students[s].courses.count)
                        state.setChoice(s, k, sectioning.best(state, student: s, course: k, rng: &rng))
                    }
                }
                let report = ITCValidator(p).evaluate(state.assignment(state.snapshot()))
                XCTAssertEqual(state.timePen, report.timePenalty, "\(p.name) round \(round)")
                XCTAssertEqual(state.roomPen, report.roomPenalty, "\(p.name) round \(round)")
                XCTAssertEqual(state.distPen, report.distributionPenalty, "\(p.name) round \(round)")
                XCTAssertEqual(state.conflicts, report.studentConflicts, "\(p.name) round \(round)")
                XCTAssertEqual(state.total, report.total, "\(p.name) round \(round)")
                XCTAssertEqual(state.hard == 0, report.valid, "\(p.name) round \(round): \(state.hard) vs \(report.hardViolations.count)")
                let fresh = state.recomputedCosts()
                XCTAssertEqual(fresh.hard, state.hard, "\(p.name) round \(round)")
                XCTAssertEqual(fresh.total, state.total, "\(p.name) round \(round)")
            }
        }
    }

    /// A competition instance, solved within a 20-s limit (in a debug build), written, read back and
    /// validated: no hard violation.
    func testRealInstanceSolvedWithoutHardViolations() throws {
        guard let p = try Self.realInstance("pu-cs-fal07") else { return }
        let result = ITCSolver(p, options: ITCSolverOptions(timeLimit: 20, seed: 1)).solve()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("itc-solver-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        try ITCSolutionWriter.data(ITCSolutionDocument(problem: p, assignment: result.assignment)).write(to: url)
        let report = ITCValidator(p).validate(try ITCSolutionReader.read(contentsOf: url))
        XCTAssertTrue(report.valid, "\(report.hardViolations.prefix(5))")
        XCTAssertEqual(report.total, result.total)
        XCTAssertGreaterThan(report.total, 0)
    }

    /// `../shared/itc2019/NAME.xml` read, or nil (with a note) when the data is absent.
    static func realInstance(_ name: String) throws -> ITCProblem? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [root.appendingPathComponent("../shared/itc2019/\(name).xml"), URL(fileURLWithPath: "/work/shared/itc2019/\(name).xml")]
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            print("skipped: \(name).xml not found in ../shared/itc2019 (the competition instances are not here)")
            return nil
        }
        return try ITCProblemReader.read(contentsOf: url)
    }
}
