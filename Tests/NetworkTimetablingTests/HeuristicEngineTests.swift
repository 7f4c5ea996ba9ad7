import Foundation
import Synchronization
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// The heuristic engine: every solution passes the checker, it never ends worse than its start,
/// the same seed gives the same solution, and the incremental evaluation agrees with a full
/// recomputation and with the checker.
final class HeuristicEngineTests: XCTestCase {
    // MARK: - Instances

    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func examples() throws -> [(String, Problem)] {
        let dir = Self.root.appendingPathComponent("Examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let instance = try JSONDecoder().decode(Instance.self, from: Data(contentsOf: dir.appendingPathComponent(name)))
            return (name, try Problem(instance))
        }
    }

    /// Small generated networks of every profile (about 60 students).
    private func generated() throws -> [(String, Problem)] {
        try GeneratorParameters.Profile.allCases.map { profile in
            let p = GeneratorParameters(sites: 5, students: 60, courses: 10, teachers: 10, seed: 3, profile: profile)
            return ("generated-\(profile.rawValue)", try Problem(InstanceGenerator.generate(p)))
        }
    }

    private func parameters(seed: UInt64, threads: Int = 1) -> SolveParameters {
        SolveParameters(timeLimit: 120, seed: seed, threads: threads)
    }

    /// (required requests unmet, objective) by the checker: lower is better, in that order.
    private func key(_ report: CheckReport) -> (Int, Double) {
        (report.summary.requiredRequests - report.summary.requiredSatisfied, report.objective)
    }

    private func assertNotWorse(_ a: (Int, Double), than b: (Int, Double), _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssert(a.0 < b.0 || (a.0 == b.0 && a.1 <= b.1 + 1e-6), "\(message): \(a) is worse than \(b)", file: file, line: line)
    }

    /// Hard rules other than `required-request`, which an instance may make impossible.
    private func brokenRules(_ report: CheckReport) -> [String] {
        report.violations.filter { $0.rule != .requiredRequest }.map(\.description)
    }

    // MARK: - Solutions pass the checker

    func testExamplesPassTheCheckerAndNeverEndWorseThanGreedy() throws {
        for (name, problem) in try examples() {
            let checker = Checker(problem)
            for seed: UInt64 in [1, 2, 3] {
                let greedy = checker.check(try XCTUnwrap(GreedyEngine().solve(problem, parameters: parameters(seed: seed)).solution))
                for method in HeuristicEngine.Method.allCases {
                    let result = HeuristicEngine(method: method, maxIterations: 150).solve(problem, parameters: parameters(seed: seed))
                    let solution = try XCTUnwrap(result.solution, name)
                    let report = checker.check(solution)
                    let label = "\(name) seed \(seed) \(method)"
                    XCTAssert(report.usable, label)
                    XCTAssertEqual(brokenRules(report), [], label)
                    if greedy.feasible { XCTAssert(report.feasible, label) }
                    assertNotWorse(key(report), than: key(greedy), label)
                    XCTAssertEqual(result.objective!, report.objective, accuracy: 1e-6, label)
                    XCTAssertEqual(result.status, report.feasible ? .feasible : .unknown, label)
                }
            }
        }
    }

    func testGeneratedInstancesPassTheCheckerAndImprove() throws {
        for (name, problem) in try generated() {
            let checker = Checker(problem)
            for seed: UInt64 in [1, 2] {
                let greedy = checker.check(try XCTUnwrap(GreedyEngine().solve(problem, parameters: parameters(seed: seed)).solution))
                for method in HeuristicEngine.Method.allCases {
                    let result = HeuristicEngine(method: method, maxIterations: 300).solve(problem, parameters: parameters(seed: seed))
                    let report = checker.check(try XCTUnwrap(result.solution))
                    let label = "\(name) seed \(seed) \(method)"
                    XCTAssertEqual(brokenRules(report), [], label)
                    if greedy.feasible { XCTAssert(report.feasible, label) }
                    assertNotWorse(key(report), than: key(greedy), label)
                }
            }
        }
    }

    // MARK: - Determinism, threads, anytime

    func testSameSeedAndOneThreadGiveTheSameSolution() throws {
        let problem = try generated()[0].1
        for method in HeuristicEngine.Method.allCases {
            let engine = HeuristicEngine(method: method, maxIterations: 200)
            let a = engine.solve(problem, parameters: parameters(seed: 9)).solution
            let b = engine.solve(problem, parameters: parameters(seed: 9)).solution
            XCTAssertNotNil(a)
            XCTAssertEqual(a, b, "\(method)")
        }
    }

    /// Rounds (`restartPatience`): a search whose best stopped improving starts again from a new
    /// construction; the answer passes the checker, is the same for the same seed (the patience
    /// counts iterations under an iteration budget), and one round is one round.
    func testRoundsRestartAStalledSearchDeterministically() throws {
        let problem = try generated()[0].1
        let checker = Checker(problem)
        let rounds = HeuristicEngine(maxIterations: 6_000, restartPatience: 0.05)
        let a = rounds.solve(problem, parameters: parameters(seed: 3))
        let b = rounds.solve(problem, parameters: parameters(seed: 3))
        XCTAssertEqual(a.solution, b.solution)
        XCTAssertGreaterThan(try XCTUnwrap(a.statistics["rounds"]), 1, "the search never stalled for 300 iterations")
        XCTAssertEqual(a.statistics["iterations"], 6_000)
        let report = checker.check(try XCTUnwrap(a.solution))
        XCTAssertEqual(brokenRules(report), [])
        XCTAssertEqual(report.objective, try XCTUnwrap(a.objective), accuracy: 1e-6)
        let one = HeuristicEngine(maxIterations: 6_000, restartPatience: 0).solve(problem, parameters: parameters(seed: 3))
        XCTAssertEqual(one.statistics["rounds"], 1)
    }

    func testTwoThreadsAreDeterministicAndNoWorseThanOne() throws {
        let problem = try generated()[0].1
        let checker = Checker(problem)
        let engine = HeuristicEngine(maxIterations: 150)
        let one = engine.solve(problem, parameters: parameters(seed: 4))
        let two = engine.solve(problem, parameters: parameters(seed: 4, threads: 2))
        let again = engine.solve(problem, parameters: parameters(seed: 4, threads: 2))
        XCTAssertEqual(two.solution, again.solution)
        XCTAssertEqual(two.statistics["threads"], 2)
        // The first search of two is the one-thread search: the best of both is no worse.
        assertNotWorse(key(checker.check(try XCTUnwrap(two.solution))), than: key(checker.check(try XCTUnwrap(one.solution))), "two threads")
    }

    func testStopFlagReturnsTheBestSoFar() throws {
        let problem = try generated()[0].1
        let stop = StopFlag()
        stop.raise()
        let started = Date()
        let result = HeuristicEngine().solve(problem, parameters: SolveParameters(timeLimit: 60, stop: stop))
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        let report = Checker(problem).check(try XCTUnwrap(result.solution))
        XCTAssertEqual(brokenRules(report), [])
    }

    func testTimeLimitIsHonoured() throws {
        let problem = try generated()[0].1
        let started = Date()
        let result = HeuristicEngine().solve(problem, parameters: SolveParameters(timeLimit: 1.5))
        XCTAssertLessThan(Date().timeIntervalSince(started), 5 * 1.5, "five times the limit: kept at all; how closely is benchmarked")
        XCTAssertNotNil(result.solution)
    }

    func testWarmStartAndIncumbentSink() throws {
        let problem = try generated()[1].1
        let checker = Checker(problem)
        let first = HeuristicEngine(maxIterations: 100).solve(problem, parameters: parameters(seed: 1))
        let offered = Mutex(0)
        let sink = IncumbentSink(minInterval: 0) { _ in offered.withLock { $0 += 1 } }
        let progressed = Mutex<Double?>(nil)
        let warm = HeuristicEngine(maxIterations: 100, incumbents: sink)
            .solve(problem, parameters: parameters(seed: 2), warmStart: first.solution) { p in
                if let v = p.incumbent { progressed.withLock { $0 = v } }
            }
        let firstReport = checker.check(try XCTUnwrap(first.solution)), warmReport = checker.check(try XCTUnwrap(warm.solution))
        assertNotWorse(key(warmReport), than: key(firstReport), "warm start")
        XCTAssertEqual(warm.statistics["constructionSeconds"]!, 0, accuracy: 0.5)
        XCTAssertGreaterThan(offered.withLock { $0 }, 0)
        XCTAssertEqual(sink.latest?.solution, warm.solution)
        XCTAssertEqual(progressed.withLock { $0 }!, warmReport.objective, accuracy: 1e-6)
    }

    func testWarmStartDropsWhatBreaksRules() throws {
        let problem = try generated()[0].1
        var solution = try XCTUnwrap(GreedyEngine().solve(problem, parameters: parameters(seed: 1)).solution)
        // A clash: the first section's first meeting doubled into another section of a teacher.
        if solution.sections.count >= 2 {
            solution.sections[1].teacher = solution.sections[0].teacher
            solution.sections[1].meetings[0].day = solution.sections[0].meetings[0].day
            solution.sections[1].meetings[0].period = solution.sections[0].meetings[0].period
        }
        solution.assignments.append(Solution.Assignment(student: "nobody", request: 0, alternative: 0, section: "none"))
        let state = SearchState(model: SearchModel(problem: problem))
        let summary = state.load(solution)
        XCTAssertGreaterThanOrEqual(summary.droppedAssignments, 1)
        XCTAssertEqual(state.auditProblems(), [])
        let report = Checker(problem).check(state.makeSolution(engine: "test"))
        XCTAssertEqual(brokenRules(report), [])
    }

    // MARK: - Incremental evaluation

    /// Random moves of both methods, accepted whatever their cost; after each, the incremental
    /// bookkeeping equals a full recomputation; at the end the terms equal the checker's.
    func testDeltaEvaluationAgreesWithRecomputationAndChecker() throws {
        var problems = try generated()
        problems.append(contentsOf: try examples())
        for (name, problem) in problems {
            let model = SearchModel(problem: problem)
            let greedy = try XCTUnwrap(GreedyEngine().solve(problem, parameters: parameters(seed: 1)).solution)
            for method in HeuristicEngine.Method.allCases {
                let state = SearchState(model: model)
                state.load(greedy)
                XCTAssertEqual(state.auditProblems(), [], "\(name) after loading")
                // The loaded start is the greedy solution, term by term.
                assertTerms(state, match: Checker(problem).check(greedy), "\(name) start")
                let settings = SearchSettings(method: method, seed: 5, maxIterations: nil, deadline: .distantFuture,
                                              started: Date(), stop: StopFlag(), startTemperature: 1e9, endTemperature: 1e9,
                                              index: 0)
                let run = SearchRun(model: model, state: state, settings: settings)
                for i in 0..<120 {
                    run.iterate()
                    if i % 10 == 9 {
                        let problems = state.auditProblems()
                        XCTAssertEqual(problems, [], "\(name) \(method) after \(i + 1) moves")
                        if !problems.isEmpty { return }
                    }
                }
                let solution = state.makeSolution(engine: "test")
                let report = Checker(problem).check(solution)
                if state.terms.deficit == 0 { XCTAssertEqual(brokenRules(report), [], "\(name) \(method)") }
                assertTerms(state, match: report, "\(name) \(method) end")
                XCTAssertEqual(state.terms.objective(problem.weights), report.objective, accuracy: 1e-6)
            }
        }
    }

    /// Search runs (cold, temperature 1) on the greedy timetables of 150-student generated
    /// networks of every profile, for tests that drive single operators.
    private func greedyStartedRuns() throws -> [(String, Problem, SearchModel, SearchState, SearchRun)] {
        try GeneratorParameters.Profile.allCases.map { profile in
            let p = GeneratorParameters(sites: 5, students: 150, courses: 12, teachers: 12, seed: 4, profile: profile)
            let problem = try Problem(InstanceGenerator.generate(p))
            let model = SearchModel(problem: problem)
            let state = SearchState(model: model)
            state.load(try XCTUnwrap(GreedyEngine().solve(problem, parameters: parameters(seed: 1)).solution))
            let settings = SearchSettings(method: .lns, seed: 2, maxIterations: nil, deadline: .distantFuture, started: Date(),
                                          stop: StopFlag(), startTemperature: 1, endTemperature: 1, index: 0)
            return ("generated-\(profile.rawValue)", problem, model, state, SearchRun(model: model, state: state, settings: settings))
        }
    }

    /// Opening a section with pulling: for requests taken out of their section, a section of
    /// another alternative's course is opened and filled to its minimum with students pulled from
    /// sections of other courses, where the same attempt without pulling opens none; every such
    /// state keeps the donor sections at their minimum and passes the audit and the checker.
    func testOpeningASectionPullsStudentsFromOtherSections() throws {
        var pulledSomewhere = false
        for (name, problem, model, state, run) in try greedyStartedRuns() {
            for q in 0..<model.requestCount where state.reqSection[q] >= 0 {
                let own = Int(state.reqSection[q])
                guard state.secMembers[own].count > Int(model.courseMin[Int(state.secCourse[own])]) else { continue }
                for a in model.alternatives(q) where model.altUsable[a] && model.altCourse[a] != state.secCourse[own] {
                    let c = Int(model.altCourse[a])
                    let mark = state.checkpoint()
                    state.unassign(q)
                    XCTAssert(state.settle(stopAtFailure: true).isEmpty)
                    let inner = state.checkpoint()
                    let without = run.moves.opener.openAndFill(q, alt: a)
                    state.undo(to: inner)
                    let before = state.reqSection, beforeAlt = state.reqAlt
                    if !without && run.moves.opener.openAndFill(q, alt: a, pulling: true) {
                        let x = Int(state.reqSection[q])
                        XCTAssertEqual(Int(state.secCourse[x]), c, name)
                        XCTAssertGreaterThanOrEqual(state.secMembers[x].count, Int(model.courseMin[c]), name)
                        let pulled = state.secMembers[x].map(Int.init).filter { $0 != q && before[$0] >= 0 }
                        // Pulled where the plain opening may not pull: from another course, or from a better-ranked alternative.
                        if pulled.contains(where: { Int(state.secCourse[Int(before[$0])]) != c || beforeAlt[$0] < state.reqAlt[$0] }) {
                            pulledSomewhere = true
                        }
                        XCTAssertEqual(state.terms.deficit, 0, name)
                        XCTAssertEqual(state.auditProblems(), [], name)
                        XCTAssertEqual(brokenRules(Checker(problem).check(state.makeSolution(engine: "test"))), [], name)
                    }
                    state.undo(to: mark)
                }
            }
        }
        XCTAssert(pulledSomewhere, "no section was opened by pulling students from another course's section")
    }

    /// Ejection: for requests taken out of their section, where opening a section (with pulling)
    /// by every alternative fails, a section is opened by moving another section out of the way of
    /// its teacher or studio (another teacher, or another time); every such state keeps the
    /// sections at their minimum, passes the audit and the checker, and the request is granted.
    func testEjectionOpensASectionWhereTheTeacherOrStudioWasTaken() throws {
        var ejected = 0
        for (name, problem, model, state, run) in try greedyStartedRuns() {
            var here = 0
            for q in 0..<model.requestCount where state.reqSection[q] >= 0 && model.requestRequired[q] && here < 2 {
                let mark = state.checkpoint()
                state.unassign(q)
                XCTAssert(state.settle(stopAtFailure: true).isEmpty)
                let inner = state.checkpoint()
                // The plain opening, with pulling, by any alternative (several random tries).
                var plain = false
                for _ in 0..<4 where !plain {
                    for a in model.alternatives(q) where model.altUsable[a] && !plain {
                        plain = run.moves.opener.openAndFill(q, alt: a, pulling: true)
                        state.undo(to: inner)
                    }
                }
                let ejection = try XCTUnwrap(run.lns).ejection
                let blockersBefore = ejection.counters.blockers
                var pool: [Int32] = []
                if !plain && ejection.openEjecting(q, pool: &pool) {
                    XCTAssertGreaterThanOrEqual(state.reqSection[q], 0, name)
                    if ejection.counters.blockers > blockersBefore {
                        ejected += 1
                        here += 1
                    }
                    settleAndJudge(state, run, pool: &pool, problem: problem, name)
                }
                state.undo(to: mark)
            }
        }
        XCTAssertGreaterThan(ejected, 0, "no section was opened by moving another out of its teacher's or studio's way")
    }

    /// Forced join: for required requests taken out of their section, joining another open
    /// section of a course they ask for that they cannot join as the timetable stands (a lesson at
    /// its times, a day at the daily limit, the section full, no computer seat) succeeds after
    /// moving what is in the way, also where a day's other lessons must go for the daily limit;
    /// every such state, recreated, keeps the minimum sizes and passes the audit and the checker,
    /// and the request keeps its place when the section is at its minimum.
    func testForcedJoinGrantsARequestWhereTheSectionWasBlocked() throws {
        var forced = 0, dayFreed = 0
        for (name, problem, model, state, run) in try greedyStartedRuns() {
            var here = 0
            for q in 0..<model.requestCount where state.reqSection[q] >= 0 && model.requestRequired[q] && here < 6 {
                here += forceJoins(q, name, problem, model, state, run, checkAtMost: 6 - here) { before, after in
                    forced += 1
                    if after.dayLessonsOut > before.dayLessonsOut { dayFreed += 1 }
                }
            }
        }
        XCTAssertGreaterThan(forced, 0, "no request was forced into a section it could not join")
        XCTAssertGreaterThan(dayFreed, 0, "no forced join took out another lesson of the day for the daily limit")
    }

    /// Forced join where the student's school has no computer seat at the section's times: with
    /// one computer seat per room the rooms fill up, and a request whose only obstacle is the seat
    /// joins after a seat is freed (a student joining from the room leaves, or a meeting moves).
    func testForcedJoinFreesAComputerSeat() throws {
        var seatsFreed = 0
        for seed in [UInt64(4), 5] {
            var instance = InstanceGenerator.generate(GeneratorParameters(sites: 5, students: 150, courses: 12, teachers: 12, seed: seed,
                                                                          profile: .district))
            for i in instance.rooms.indices where instance.rooms[i].computerSeats > 0 { instance.rooms[i].computerSeats = 1 }
            let problem = try Problem(instance)
            let model = SearchModel(problem: problem)
            let state = SearchState(model: model)
            state.load(try XCTUnwrap(GreedyEngine().solve(problem, parameters: parameters(seed: 1)).solution))
            let settings = SearchSettings(method: .lns, seed: 2, maxIterations: nil, deadline: .distantFuture, started: Date(),
                                          stop: StopFlag(), startTemperature: 1, endTemperature: 1, index: 0)
            let run = SearchRun(model: model, state: state, settings: settings)
            var here = 0
            for q in 0..<model.requestCount where state.reqSection[q] >= 0 && here < 4 {
                here += forceJoins(q, "district, one seat, seed \(seed)", problem, model, state, run, checkAtMost: 4 - here,
                                   onlySeat: true) { before, after in if after.seatsFreed > before.seatsFreed { seatsFreed += 1 } }
            }
        }
        XCTAssertGreaterThan(seatsFreed, 0, "no forced join freed a computer seat")
    }

    /// Takes request `q` out of its section and forces it into each other open section of its
    /// alternatives that it cannot join directly (with `onlySeat`: online sections it could join
    /// but for a computer seat), checking each success (at most `checkAtMost`); `joined` gets the
    /// forced join's counters before and after. Returns the successes.
    private func forceJoins(_ q: Int, _ name: String, _ problem: Problem, _ model: SearchModel, _ state: SearchState,
                            _ run: SearchRun, checkAtMost: Int, onlySeat: Bool = false,
                            joined: (_ before: ForcedJoinCounters, _ after: ForcedJoinCounters) -> Void) -> Int {
        let own = Int(state.reqSection[q])
        let s = Int(model.requestStudent[q])
        var done = 0
        let mark = state.checkpoint()
        state.unassign(q)
        XCTAssert(state.settle(stopAtFailure: true).isEmpty)
        guard let forcedJoin = run.lns?.forcedJoin else {
            XCTFail("\(name): the forced join is an operator of the large-neighbourhood search")
            return 0
        }
        for a in model.alternatives(q) where model.altUsable[a] {
            for x32 in state.courseSections[Int(model.altCourse[a])] where done < checkAtMost {
                let x = Int(x32)
                guard x != own, state.secOpen[x], model.matches(alt: a, online: state.secOnline[x], site: state.secSite[x]) else { continue }
                let noSeat = state.secOnline[x] && state.joinRoom(s, state.secMeets[x]) == nil
                if onlySeat {
                    guard noSeat, state.canAssign(q, alt: a, section: x) else { continue }
                } else {
                    guard !state.canAssign(q, alt: a, section: x) || noSeat else { continue }
                }
                let inner = state.checkpoint()
                let before = forcedJoin.counters
                var pool: [Int32] = []
                if forcedJoin.forceJoin(q, alt: a, section: x, pool: &pool) {
                    XCTAssertEqual(Int(state.reqSection[q]), x, name)
                    done += 1
                    joined(before, forcedJoin.counters)
                    // Re-timing the section's meetings for the student may leave it below its
                    // minimum (members who cannot follow leave); the recreate then closes it.
                    let atMinimum = state.secMembers[x].count >= Int(model.courseMin[Int(state.secCourse[x])])
                    settleAndJudge(state, run, pool: &pool, problem: problem, name)
                    if atMinimum { XCTAssertEqual(Int(state.reqSection[q]), x, name) }
                }
                state.undo(to: inner)
            }
        }
        state.undo(to: mark)
        return done
    }

    /// After a repair move: the state settled and the students it moved out placed again, then
    /// judged by its own audit and by the checker (no hard rule broken but required requests, and
    /// the same count of unmet required requests).
    private func settleAndJudge(_ state: SearchState, _ run: SearchRun, pool: inout [Int32], problem: Problem, _ name: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        state.settleRepairing(pool: &pool)
        run.moves.recreate(pool)
        XCTAssertEqual(state.terms.deficit, 0, name, file: file, line: line)
        XCTAssertEqual(state.auditProblems(), [], name, file: file, line: line)
        let report = Checker(problem).check(state.makeSolution(engine: "test"))
        XCTAssertEqual(brokenRules(report), [], name, file: file, line: line)
        XCTAssertEqual(state.terms.requiredUnmet, report.summary.requiredRequests - report.summary.requiredSatisfied, name,
                       file: file, line: line)
    }

    /// Undoing to a checkpoint restores every array and term exactly.
    func testUndoRestoresTheStateExactly() throws {
        let problem = try generated()[0].1
        let model = SearchModel(problem: problem)
        let state = SearchState(model: model)
        state.load(try XCTUnwrap(GreedyEngine().solve(problem, parameters: parameters(seed: 1)).solution))
        let before = (state.stAt, state.stSite, state.tAt, state.roomAt, state.roomJoin, state.reqSection, state.stLegs, state.terms)
        let settings = SearchSettings(method: .lns, seed: 3, maxIterations: nil, deadline: .distantFuture, started: Date(),
                                      stop: StopFlag(), startTemperature: 1, endTemperature: 1, index: 0)
        let run = SearchRun(model: model, state: state, settings: settings)
        let mark = state.checkpoint()
        var pool: [Int32] = []
        for x in state.secOpen.indices.prefix(3) where state.secOpen[x] { run.moves.dissolve(x, pool: &pool) }
        state.settleRepairing(pool: &pool)
        run.moves.recreate(pool)
        state.undo(to: mark)
        XCTAssertEqual(state.stAt, before.0)
        XCTAssertEqual(state.stSite, before.1)
        XCTAssertEqual(state.tAt, before.2)
        XCTAssertEqual(state.roomAt, before.3)
        XCTAssertEqual(state.roomJoin, before.4)
        XCTAssertEqual(state.reqSection, before.5)
        XCTAssertEqual(state.stLegs, before.6)
        XCTAssertEqual(state.terms, before.7)
        XCTAssertEqual(state.auditProblems(), [])
    }

    private func assertTerms(_ state: SearchState, match report: CheckReport, _ label: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        for (term, value) in state.terms.values {
            XCTAssertEqual(value, SoftTerm(rawValue: term).flatMap { report.terms[$0] }?.value ?? .nan, accuracy: 1e-6, "\(label): \(term)", file: file, line: line)
        }
        XCTAssertEqual(state.terms.requiredUnmet, report.summary.requiredRequests - report.summary.requiredSatisfied,
                       label, file: file, line: line)
    }

    func testAnInstanceWithoutStudentsGivesAnEmptyFeasibleSolution() throws {
        var instance = try XCTUnwrap(try examples().first?.1.instance)
        instance.students = []
        let problem = try Problem(instance)
        let result = HeuristicEngine().solve(problem, parameters: SolveParameters(timeLimit: 5))
        let report = Checker(problem).check(try XCTUnwrap(result.solution))
        XCTAssert(report.feasible)
        XCTAssertEqual(result.status, .feasible)
        XCTAssertEqual(result.solution?.sections.count, 0)
        // Only the teachers' own gaps remain.
        XCTAssertEqual(report.objective, report.terms[.teacherGaps]!.cost, accuracy: 1e-9)
        XCTAssertEqual(result.objective!, report.objective, accuracy: 1e-9)
    }

    // MARK: - Registry

    func testRegisteredAsHeuristic() {
        XCTAssertEqual(EngineRegistry.shared.engine(named: "heuristic")?.name, "heuristic")
    }
}
