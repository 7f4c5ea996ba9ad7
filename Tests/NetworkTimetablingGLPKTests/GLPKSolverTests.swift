import XCTest
@testable import NetworkTimetablingGLPK

final class GLPKSolverTests: XCTestCase {
    /// max 5x + 4y + 3z  s.t. 2x + 3y + z ≤ 5, 4x + y + 2z ≤ 11, 3x + 4y + 2z ≤ 8, x, y, z ∈ {0, 1, 2, …}.
    /// Enumeration gives the optimum 13 at (2, 0, 1).
    func testSolvesThreeVariableMIP() throws {
        var m = LinearModel(sense: .maximize)
        let x = m.addColumn("x", lower: 0, kind: .integer, objective: 5)
        let y = m.addColumn("y", lower: 0, kind: .integer, objective: 4)
        let z = m.addColumn("z", lower: 0, kind: .integer, objective: 3)
        m.addRow("r1", terms: [(x, 2), (y, 3), (z, 1)], upper: 5)
        m.addRow("r2", terms: [(x, 4), (y, 1), (z, 2)], upper: 11)
        m.addRow("r3", terms: [(x, 3), (y, 4), (z, 2)], upper: 8)
        let out = try GLPKSolver(timeLimit: 10).solve(m)
        XCTAssertEqual(out.status, .optimal)
        XCTAssertEqual(try XCTUnwrap(out.objective), 13, accuracy: 1e-9)
        XCTAssertEqual(out.values?.map { $0.rounded() }, [2, 0, 1])

        // The same optimum by enumeration, so the test does not trust GLPK alone.
        var best = -1.0
        for a in 0...3 { for b in 0...3 { for c in 0...8 {
            if 2 * a + 3 * b + c <= 5, 4 * a + b + 2 * c <= 11, 3 * a + 4 * b + 2 * c <= 8 { best = max(best, Double(5 * a + 4 * b + 3 * c)) }
        } } }
        XCTAssertEqual(best, 13)
    }

    /// GLPK aborts the whole process on a problem without columns when cover cuts are on; the
    /// solver decides such models itself.
    func testModelWithoutColumnsIsDecidedWithoutGLPK() throws {
        var empty = LinearModel()
        empty.objectiveConstant = 7
        empty.addRow("nothing", terms: [], lower: 0, upper: 0)
        var solver = GLPKSolver(timeLimit: 5)
        solver.coverCuts = true
        solver.cliqueCuts = true
        solver.presolve = false
        let out = try solver.solve(empty)
        XCTAssertEqual(out.status, .optimal)
        XCTAssertEqual(out.objective, 7)
        XCTAssertEqual(out.values, [])
        var impossible = LinearModel()
        impossible.addRow("one", terms: [], lower: 1)
        XCTAssertEqual(try solver.solve(impossible).status, .infeasible)
    }

    /// GLPK polls the stop request only in its callback, first called after the root LP; a stop
    /// raised before the solve ends it before GLPK starts, with or without presolve.
    func testAStopRaisedBeforeTheSolveEndsItBeforeGLPKStarts() throws {
        var m = LinearModel(sense: .maximize)
        let x = m.addColumn("x", lower: 0, upper: 4, kind: .integer, objective: 1)
        m.addRow("r", terms: [(x, 2)], upper: 7)
        for presolve in [true, false] {
            let out = try GLPKSolver(timeLimit: 10, presolve: presolve).solve(m, progress: nil, shouldStop: { true })
            XCTAssertTrue(out.stopped)
            XCTAssertEqual(out.status, .unknown)
            XCTAssertNil(out.values)
            XCTAssertNil(out.rootLPSeconds, "no root LP was solved")
            // Not stopped: GLPK solves it (x = 3).
            let solved = try GLPKSolver(timeLimit: 10, presolve: presolve).solve(m, progress: nil, shouldStop: { false })
            XCTAssertEqual(solved.status, .optimal)
            XCTAssertEqual(try XCTUnwrap(solved.objective), 3, accuracy: 1e-9)
        }
    }

    func testIntegerInfeasibleIsReportedAsInfeasible() throws {
        var m = LinearModel()
        let x = m.addColumn("x", lower: 0, upper: 10, kind: .integer)
        m.addRow("odd", terms: [(x, 2)], lower: 3, upper: 3)
        XCTAssertEqual(try GLPKSolver().solve(m).status, .infeasible)
    }

    func testInvalidModelIsRejectedBeforeGLPKSeesIt() {
        var m = LinearModel()
        let x = m.addColumn("x", lower: 0.5, upper: 3, kind: .integer)
        m.addRow("bad", terms: [(x, 1), (7, 1)], upper: 1)
        XCTAssertThrowsError(try GLPKSolver().solve(m)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("fractional bound"), text)
            XCTAssertTrue(text.contains("out of range"), text)
        }
    }
}
