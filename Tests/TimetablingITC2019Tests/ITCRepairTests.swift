import Foundation
import XCTest
@testable import TimetablingITC2019

/// The exact repair of the solver (ITCRepair.swift), judged by ``ITCValidator``.
final class ITCRepairTests: XCTestCase {
    /// Class x is fixed in room A on Monday 100–110. Classes a1 (Monday 100), a2 (Tuesday 100)
    /// and a3 (Wednesday 100) may each be in room A or B, and a required SameRoom holds them
    /// together. With all three in A, a1 shares A with x: one hard violation. Moving any one of
    /// them alone to B breaks two pairs of the SameRoom (two violations, worse); only the three
    /// together reach zero, in B.
    static let sameRoomXML = TestXML.problem(
        rooms: """
            <room id="A" capacity="50"/>
            <room id="B" capacity="50"/>
            """,
        courses: TestXML.course([
            C("x", MON, 100, 10, rooms: ["A"]),
            C("a1", MON, 100, 10, rooms: ["A", "B"]),
            C("a2", TUE, 100, 10, rooms: ["A", "B"]),
            C("a3", WED, 100, 10, rooms: ["A", "B"]),
        ]),
        distributions: TestXML.distribution("SameRoom", ["a1", "a2", "a3"], required: true, penalty: 0))

    func search(_ p: ITCProblem, seed: UInt64 = 1) -> ITCSearch {
        ITCSearch(p, ITCSolverOptions(timeLimit: 30, seed: seed), seed: seed, run: 0, start: DispatchTime.now().uptimeNanoseconds,
                  shouldStop: { false }, progress: { _ in })
    }

    func testExactRepairMovesAWholeSameRoomGroup() throws {
        let p = try readProblem(Self.sameRoomXML)
        let index = p.classIndexMap()
        let x = index["x"]!, a1 = index["a1"]!, a2 = index["a2"]!, a3 = index["a3"]!
        let search = search(p)
        let s = search.state
        let roomA = p.classes[a1].rooms.firstIndex { p.rooms[$0.room].id == "A" }!
        let roomB = 1 - roomA
        s.move(x, 0, 0)
        for c in [a1, a2, a3] { s.move(c, 0, roomA) }
        XCTAssertEqual(s.hard, 1)
        XCTAssertEqual(ITCValidator(p).evaluate(s.assignment(s.snapshot())).hardViolations.map(\.kind), [.roomConflict])
        // No single move helps: every other place of every class adds hard violations.
        for c in [a1, a2, a3] { XCTAssertGreaterThan(s.delta(c, 0, roomB).hard, 0) }
        XCTAssertEqual(search.faultClasses(), [a1])  // x has one place only and is left alone
        XCTAssertTrue(search.exactRepair(a1, nodeBudget: 100, maxClasses: 10))
        XCTAssertEqual(s.hard, 0)
        for c in [a1, a2, a3] { XCTAssertEqual(s.R[c], roomB, p.classes[c].id) }
        XCTAssertEqual(s.R[x], 0)
        let report = ITCValidator(p).evaluate(s.assignment(s.snapshot()))
        XCTAssertTrue(report.valid, "\(report.hardViolations)")
        XCTAssertEqual(report.total, s.total)
    }

    /// When the group cannot be placed without violations (here: room B taken on Tuesday by a
    /// fixed class y), the repair gives up and leaves every class where it was.
    func testExactRepairThatFailsLeavesTheStateAsItWas() throws {
        let xml = TestXML.problem(
            rooms: """
                <room id="A" capacity="50"/>
                <room id="B" capacity="50"/>
                """,
            courses: TestXML.course([
                C("x", MON, 100, 10, rooms: ["A"]),
                C("y", TUE, 100, 10, rooms: ["B"]),
                C("a1", MON, 100, 10, rooms: ["A", "B"]),
                C("a2", TUE, 100, 10, rooms: ["A", "B"]),
            ]),
            distributions: TestXML.distribution("SameRoom", ["a1", "a2"], required: true, penalty: 0))
        let p = try readProblem(xml)
        let index = p.classIndexMap()
        let search = search(p)
        let s = search.state
        let a1 = index["a1"]!, a2 = index["a2"]!
        let roomA = p.classes[a1].rooms.firstIndex { p.rooms[$0.room].id == "A" }!
        s.move(index["x"]!, 0, 0)
        s.move(index["y"]!, 0, 0)
        s.move(a1, 0, roomA)
        s.move(a2, 0, roomA)
        XCTAssertEqual(s.hard, 1)
        let before = (s.T, s.R, s.objective)
        XCTAssertFalse(search.exactRepair(a1, nodeBudget: 100, maxClasses: 10))
        XCTAssertEqual(s.T, before.0)
        XCTAssertEqual(s.R, before.1)
        XCTAssertEqual(s.objective, before.2)
        let fresh = s.recomputedCosts()
        XCTAssertEqual(fresh.hard, s.hard)
        XCTAssertEqual(fresh.total, s.total)
    }

    /// On a competition instance with large SameAttendees groups: after the construction, each
    /// repair either lowers the hard violations or changes nothing, the incremental costs stay
    /// equal to costs recomputed from nothing, and the validator agrees with the state.
    func testExactRepairOnARealInstanceKeepsTheCostsRight() throws {
        guard let p = try ITCSolverTests.realInstance("tg-fal17") else { return }
        let search = search(p, seed: 3)
        let s = search.state
        search.construct()
        XCTAssertGreaterThan(s.hard, 0, "the construction leaves hard violations on tg-fal17")
        var kept = 0
        for attempt in 0..<12 where kept == 0 || attempt < 4 {
            let faults = search.faultClasses()
            guard !faults.isEmpty else { break }
            let c = faults[(attempt * 7) % faults.count]
            let before = (s.T, s.R, s.hard, s.objective)
            if search.exactRepair(c, nodeBudget: 300, maxClasses: 30) {
                kept += 1
                XCTAssertLessThan(s.hard, before.2)
            } else {
                XCTAssertEqual(s.T, before.0)
                XCTAssertEqual(s.R, before.1)
                XCTAssertEqual(s.objective, before.3)
            }
            let fresh = s.recomputedCosts()
            XCTAssertEqual(fresh.hard, s.hard)
            XCTAssertEqual(fresh.total, s.total)
        }
        XCTAssertGreaterThan(kept, 0)
        let report = ITCValidator(p).evaluate(s.assignment(s.snapshot()))
        XCTAssertEqual(report.timePenalty, s.timePen)
        XCTAssertEqual(report.roomPenalty, s.roomPen)
        XCTAssertEqual(report.distributionPenalty, s.distPen)
        XCTAssertEqual(report.total, s.total)
    }
}
