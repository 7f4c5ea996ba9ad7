import Foundation
import XCTest
@testable import TimetablingITC2019

/// The solver's swap move (ITCSwap.swift) and its acceptance rules, judged by ``ITCValidator``.
final class ITCSwapTests: XCTestCase {
    /// Classes a and b meet at the same time. a prefers room r1 (r2 costs 5), b does not mind.
    /// With a in r2 and b in r1 the total is 5, and every single move puts two classes in one
    /// room; only a swap reaches the optimum 0.
    static let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <problem name="swap" nrDays="7" nrWeeks="1" slotsPerDay="288">
        <optimization time="1" room="1" distribution="1" student="1"/>
        <rooms>
        <room id="r1" capacity="30"/>
        <room id="r2" capacity="30"/>
        </rooms>
        <courses>
        <course id="k"><config id="1"><subpart id="1">
          <class id="a" limit="20">
            <room id="r1" penalty="0"/><room id="r2" penalty="5"/>
            <time days="1000000" start="96" length="12" weeks="1" penalty="0"/>
          </class>
          <class id="b" limit="20">
            <room id="r1" penalty="0"/><room id="r2" penalty="0"/>
            <time days="1000000" start="96" length="12" weeks="1" penalty="0"/>
          </class>
        </subpart></config></course>
        </courses>
        <distributions/>
        <students/>
        </problem>
        """

    /// The problem above, a search over it, its classes a and b, and each class's option for room r1.
    struct Fixture {
        let p: ITCProblem
        let search: ITCSearch
        let a: Int, b: Int
        var s: ITCSolverState { search.state }
        func r1(_ c: Int) -> Int { p.classes[c].rooms.firstIndex { p.rooms[$0.room].id == "r1" }! }
    }

    func fixture() throws -> Fixture {
        let p = try readProblem(Self.xml)
        let index = p.classIndexMap()
        let search = ITCSearch(p, ITCSolverOptions(timeLimit: 30, seed: 1), seed: 1, run: 0, start: DispatchTime.now().uptimeNanoseconds,
                               shouldStop: { false }, progress: { _ in })
        return Fixture(p: p, search: search, a: index["a"]!, b: index["b"]!)
    }

    func testSwapReachesWhatNoSingleMoveCan() throws {
        let f = try fixture()
        let (p, search, s, a, b, r1) = (f.p, f.search, f.s, f.a, f.b, f.r1)
        s.move(a, 0, 1 - r1(a))
        s.move(b, 0, r1(b))
        XCTAssertEqual(s.hard, 0)
        XCTAssertEqual(s.total, 5)
        XCTAssertGreaterThan(s.delta(a, 0, r1(a)).hard, 0)
        XCTAssertGreaterThan(s.delta(b, 0, 1 - r1(b)).hard, 0)

        let options = ITCOptionIndex(s)
        XCTAssertEqual(Set(options.swappable), [a, b])
        var swap: ITCSwap?
        for _ in 0..<100 where swap == nil { swap = search.trySwap(options) }
        let done = try XCTUnwrap(swap, "a swap applies in this state")
        XCTAssertEqual(s.hard, 0)
        XCTAssertEqual(s.total, 0)
        XCTAssertEqual(s.R[a], r1(a))
        XCTAssertEqual(s.R[b], 1 - r1(b))
        let report = ITCValidator(p).evaluate(s.assignment(s.snapshot()))
        XCTAssertTrue(report.valid, "\(report.hardViolations)")
        XCTAssertEqual(report.total, 0)

        // Undo puts both classes back with the costs they had; redo repeats the swap.
        search.undo(done)
        XCTAssertEqual(s.R[a], 1 - r1(a))
        XCTAssertEqual(s.R[b], r1(b))
        XCTAssertEqual(s.total, 5)
        XCTAssertEqual(s.hard, 0)
        search.redo(done)
        XCTAssertEqual(s.total, 0)
        XCTAssertEqual(s.recomputedCosts().total, 0)
    }

    /// With nobody in the way (or more than one class), no swap applies and nothing moves.
    func testNoSwapWhenNothingIsInTheWay() throws {
        let f = try fixture()
        let (search, s, a, b, r1) = (f.search, f.s, f.a, f.b, f.r1)
        s.move(a, 0, r1(a))
        s.move(b, 0, r1(b))   // both in r1: each class's other room is free
        XCTAssertEqual(s.hard, 1)
        let options = ITCOptionIndex(s)
        for _ in 0..<50 { XCTAssertNil(search.trySwap(options)) }
        XCTAssertEqual(s.R[a], r1(a))
        XCTAssertEqual(s.R[b], r1(b))
        XCTAssertEqual(s.hard, 1)
    }

    /// Both acceptance rules solve the hand-computed problem of ``ITCSolverTests`` to its optimum,
    /// and each is reproducible with a number of moves.
    func testBothAcceptanceRulesReachTheOptimum() throws {
        let p = try readProblem(ITCSolverTests.smallXML)
        for acceptance in ITCAcceptance.allCases {
            var options = ITCSolverOptions(timeLimit: 30, seed: 5, maxIterations: 20_000)
            options.acceptance = acceptance
            let result = ITCSolver(p, options: options).solve()
            let report = ITCValidator(p).evaluate(result.assignment)
            XCTAssertTrue(report.valid, "\(acceptance): \(report.hardViolations)")
            XCTAssertEqual(report.total, 3, "\(acceptance)")
            XCTAssertEqual(ITCSolver(p, options: options).solve().assignment, result.assignment, "\(acceptance)")
        }
    }
}
