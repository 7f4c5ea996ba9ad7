import Foundation
import NetworkTimetabling
@testable import NetworkTimetablingGLPK
@testable import TimetablingEngines
import TimetablingGenerator
import XCTest

/// Student sectioning by GLPK (docs/HEURISTIC.md, "Student sectioning"): the integer program
/// picks the cheapest combination of candidate weeks within every row, including moves that only
/// pay together; a round applied to a search state keeps every hard rule, its terms stay the
/// checker's, and it never raises the search's cost.
final class StudentSectioningTests: XCTestCase {
    typealias Column = SectioningProblem.Column

    /// Two students in two full sections of one place each, each wanting the other's: only the
    /// swap is possible, and it is chosen.
    func testASwapThatNeedsBothStudentsIsFound() throws {
        let problem = SectioningProblem(
            students: [[Column(cost: 0, rows: [0]), Column(cost: -5, rows: [1])],
                       [Column(cost: 0, rows: [1]), Column(cost: -3, rows: [0])]],
            most: [1, 1], least: [0, 0])
        XCTAssertFalse(problem.fits([1, 0]), "one move alone overfills a section")
        XCTAssertFalse(problem.fits([0, 1]))
        let choice = try XCTUnwrap(SectioningMIP().solve(problem, seconds: 10, stop: StopFlag()))
        XCTAssertEqual(choice, [1, 1])
        XCTAssertTrue(problem.fits(choice))
        XCTAssertEqual(problem.cost(choice), -8, accuracy: 1e-9)
    }

    /// A section at its minimum keeps it: the cheaper week that leaves it is refused while no one
    /// else can come in, and chosen once someone can.
    func testMinimumSizesAreKept() throws {
        var problem = SectioningProblem(
            students: [[Column(cost: 0, rows: [0]), Column(cost: -4, rows: [1])],
                       [Column(cost: 0, rows: [1])]],
            most: [2, 2], least: [1, 0])
        XCTAssertNil(SectioningMIP().solve(problem, seconds: 10, stop: StopFlag()), "nothing cheaper keeps section 0")
        problem.students[1].append(Column(cost: 1, rows: [0]))
        let choice = try XCTUnwrap(SectioningMIP().solve(problem, seconds: 10, stop: StopFlag()))
        XCTAssertEqual(choice, [1, 1])
        XCTAssertEqual(problem.cost(choice), -3, accuracy: 1e-9)
    }

    /// The model has a binary column per week, an equality per student and a row per section
    /// used, with the section's bounds.
    func testModelShape() {
        let problem = SectioningProblem(
            students: [[Column(cost: 0, rows: [0, 2]), Column(cost: -1, rows: [1, 2])]],
            most: [3, 4, 5], least: [0, 1, 0])
        let model = SectioningMIP.model(problem)
        XCTAssertEqual(model.columns.count, 2)
        XCTAssertTrue(model.columns.allSatisfy { $0.kind == .binary })
        XCTAssertEqual(model.columns.map(\.objective), [0, -1])
        XCTAssertEqual(model.rows.count, 4)
        XCTAssertEqual(model.rows[0].lower, 1)
        XCTAssertEqual(model.rows[0].upper, 1)
        XCTAssertEqual(model.rows.dropFirst().map(\.upper), [3, 4, 5])
        XCTAssertEqual(model.rows.dropFirst().map(\.lower), [0, 1, 0])
    }

    /// Generated networks of every profile, from a greedy timetable: a sectioning round applied
    /// to the search state keeps the state's bookkeeping exact (a full recomputation agrees), the
    /// timetable meets every hard rule by the checker, its objective is the checker's, and the
    /// cost never rises. At least one round finds a cheaper timetable.
    func testRoundsOnGeneratedNetworksKeepEveryRuleAndTheCheckersObjective() throws {
        var improved = 0
        for profile in GeneratorParameters.Profile.allCases {
            let p = GeneratorParameters(sites: 5, students: 60, courses: 10, teachers: 10, seed: 3, profile: profile)
            let problem = try Problem(InstanceGenerator.generate(p))
            let checker = Checker(problem)
            let greedy = try XCTUnwrap(GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1)).solution)
            let model = SearchModel(problem: problem)
            let state = SearchState(model: model)
            state.load(greedy)
            var settings = SearchSettings(method: .lns, seed: 1, maxIterations: nil, deadline: .distantFuture, started: Date(),
                                          stop: StopFlag(), startTemperature: 1, endTemperature: 1, index: 0)
            settings.sectioning = SectioningMIP()
            settings.sectioningSeconds = 30
            let run = SearchRun(model: model, state: state, settings: settings)
            for round in 0..<3 {
                let before = state.cost
                let objectiveBefore = checker.check(state.makeSolution(engine: "test")).objective
                run.sectioningRound()
                XCTAssertEqual(state.auditProblems(), [], "\(profile) round \(round)")
                XCTAssertLessThanOrEqual(state.cost, before + 1e-9, "\(profile) round \(round)")
                let report = checker.check(state.makeSolution(engine: "test"))
                if state.terms.deficit == 0 && state.terms.requiredUnmet == 0 {
                    XCTAssertTrue(report.feasible, "\(profile) round \(round): \(report.violations.prefix(3))")
                }
                XCTAssertEqual(state.terms.objective(problem.weights), report.objective, accuracy: 1e-6, "\(profile) round \(round)")
                if state.cost < before - 1e-9 && state.terms.requiredUnmet == 0 {
                    // The gain is the checker's difference when no required request is unmet.
                    XCTAssertEqual(objectiveBefore - report.objective, before - state.cost, accuracy: 1e-6, "\(profile)")
                }
            }
            let counters = run.sectioningCounters
            XCTAssertEqual(counters.rounds, 3)
            XCTAssertGreaterThan(counters.columns, counters.students, "\(profile): candidate weeks besides the current ones")
            improved += counters.improved
        }
        XCTAssertGreaterThan(improved, 0, "no round improved a greedy timetable")
    }

    /// The heuristic engine with sectioning rounds from the start: the answer passes the checker
    /// and the statistics say what the rounds did.
    func testHeuristicEngineWithSectioning() throws {
        let p = GeneratorParameters(sites: 5, students: 60, courses: 10, teachers: 10, seed: 5, profile: .district)
        let problem = try Problem(InstanceGenerator.generate(p))
        var engine = HeuristicEngine(maxIterations: 3_000)
        engine.sectioning = SectioningMIP()
        engine.sectioningFrom = 0
        engine.sectioningEvery = 0.1
        let result = engine.run(problem, parameters: SolveParameters(timeLimit: 60, seed: 2))
        let solution = try XCTUnwrap(result.solution)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(report.violations.prefix(3))")
        XCTAssertEqual(result.objective ?? .nan, report.objective, accuracy: 1e-6)
        XCTAssertGreaterThanOrEqual(result.statistics["sectioning.rounds"] ?? 0, 1)
        XCTAssertNotNil(result.statistics["sectioning.gain"])
    }
}
