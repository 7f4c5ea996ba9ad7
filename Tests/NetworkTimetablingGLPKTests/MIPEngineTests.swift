import Foundation
import NetworkTimetabling
@testable import NetworkTimetablingGLPK
import XCTest

final class MIPEngineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func load(_ name: String) throws -> Problem {
        let loaded = InstanceLoader.load(contentsOf: MIPEngineTests.root.appendingPathComponent("Examples/\(name)"))
        return try XCTUnwrap(loaded.problem)
    }

    let exact = SolveParameters(timeLimit: 60, relativeGap: 0)

    /// The checker's objective of the returned solution equals the MIP's.
    func assertConsistent(_ result: SolveResult, _ problem: Problem, feasible: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        let solution = try XCTUnwrap(result.solution, file: file, line: line)
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.usable, "\(report.diagnostics)", file: file, line: line)
        if feasible { XCTAssertTrue(report.feasible, "\(report.violations)", file: file, line: line) }
        XCTAssertEqual(report.objective, try XCTUnwrap(result.objective, file: file, line: line), accuracy: 1e-6, file: file, line: line)
    }

    func testTinyExampleIsSolvedToOptimalityAndChecksFeasible() throws {
        let problem = try load("tiny.json")
        var seeded = MIPEngine()
        seeded.warmStartMinimumRequests = 0
        let result = seeded.solve(problem, parameters: exact)
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        try assertConsistent(result, problem)
        XCTAssertEqual(result.statistics["modelBound"] ?? -1, result.objective ?? -2, accuracy: 1e-6)
        XCTAssertNil(result.bound, "the default model fixes road departures and section counts: its bound is the model's only")
        for key in ["rows", "columns", "nonzeros", "nodes", "buildSeconds", "presolveRootSeconds", "searchSeconds"] {
            XCTAssertNotNil(result.statistics[key], key)
        }
        XCTAssertNotNil(result.statistics["warmStartObjective"], "the heuristic's timetable seeds the search")
        // The exact model (every section count), without a warm start, reaches the same optimum here.
        var engine = MIPEngine(sectionSlack: nil)
        engine.warmStart = false
        let full = engine.solve(problem, parameters: exact)
        XCTAssertEqual(full.status, .optimal)
        XCTAssertEqual(full.objective ?? -1, result.objective ?? -2, accuracy: 1e-6)
    }

    /// The second thread (threads ≥ 2): it completes a poor start (the greedy engine's) within the
    /// model and publishes it, then the heuristic's better timetable, completed too; each completion
    /// is the timetable the checker scores: same objective, feasible.
    func testSecondThreadImprovesAPoorStartWithinTheModel() throws {
        let problem = try load("tiny.json")
        let seed = try XCTUnwrap(GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 5)).solution)
        let seedReport = Checker(problem).check(seed)
        XCTAssertTrue(seedReport.feasible)
        let model = MIPModel(sets: MIPSets(problem: problem, sectionSlack: nil), elastic: false)
        let box = UncheckedBox(model)
        let engine = MIPEngine()
        let feed = SolutionFeed()
        let began = Date()
        let improver = StartImprover(problem: problem, seed: seed, deadline: Date().addingTimeInterval(6), randomSeed: 2, feed: feed, complete: { s in
            (try? engine.warmStartValues(s, model: box.value, pinned: [:], parameters: SolveParameters(timeLimit: 30),
                                         elapsed: { Date().timeIntervalSince(began) }), "no completion")
        }, announce: { _, _ in })
        let waited = improver.wait()
        let start = try XCTUnwrap(waited.start, improver.note)
        let better = try XCTUnwrap(waited.improved, improver.note)
        XCTAssertLessThan(better.objective, start.objective - 1, "greedy's \(start.objective) was improved")
        XCTAssertEqual(feed.latest?.version, 2, "the start and the improvement were published")
        XCTAssertEqual(feed.latest?.objective ?? -1, better.objective, accuracy: 1e-9)
        for completed in [start, better] {
            let solution = model.solution(values: completed.values, engine: "mip") { _, _ in "not granted" }
            let report = Checker(problem).check(solution)
            XCTAssertTrue(report.feasible, "\(report.violations)")
            XCTAssertEqual(report.objective, completed.objective, accuracy: 1e-6)
        }
        // The exact model's optimum on tiny (244, see the test above) bounds it from below.
        XCTAssertGreaterThanOrEqual(better.objective, 244 - 1e-6)
    }

    /// With two threads GLPK still proves the optimum, and the improving thread is stopped then.
    func testTwoThreadsKeepTheProvenOptimum() throws {
        let problem = try load("tiny.json")
        var engine = MIPEngine()
        engine.warmStartMinimumRequests = 0
        var parameters = exact
        parameters.threads = 2
        let started = Date()
        let result = engine.solve(problem, parameters: parameters)
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        try assertConsistent(result, problem)
        XCTAssertEqual(result.objective ?? -1, 244, accuracy: 1e-6)
        XCTAssertEqual(result.statistics["modelBound"] ?? -1, 244, accuracy: 1e-6)
        XCTAssertNotNil(result.statistics["improvementSeconds"], "the second thread ran")
        XCTAssertNotNil(result.statistics["warmStartObjective"], "the second thread completed the warm start")
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "the second thread stops when GLPK proves the optimum")
    }

    func testOptimumEqualsBruteForceOnGeneratedInstances() throws {
        var compared = 0, infeasible = 0
        for seed in UInt64(1)...14 {
            let instance = TinyInstances.make(seed: seed)
            let (problem, diagnostics) = Problem.build(instance)
            guard let problem else { XCTFail("seed \(seed): \(diagnostics)"); continue }
            let brute = BruteForce(problem)
            let best = brute.best()
            var engine = MIPEngine(sectionSlack: nil)
            engine.warmStart = false
            let result = engine.solve(problem, parameters: exact)
            if let best {
                XCTAssertEqual(result.status, .optimal, "seed \(seed): \(result.message ?? "")")
                XCTAssertEqual(result.objective ?? .nan, best.objective, accuracy: 1e-6, "seed \(seed)")
                try assertConsistent(result, problem)
                compared += 1
            } else {
                XCTAssertEqual(result.status, .infeasible, "seed \(seed): brute force found no feasible timetable")
                try assertConsistent(result, problem, feasible: false)
                let report = Checker(problem).check(try XCTUnwrap(result.solution))
                XCTAssertTrue(report.violations.allSatisfy { $0.rule == .requiredRequest }, "seed \(seed): \(report.violations)")
                infeasible += 1
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 6, "too few feasible seeds to compare")
        print("compared \(compared) optima with brute force; \(infeasible) infeasible seeds")
    }

    func testExportedLPReachesTheSameOptimumInGlpsol() throws {
        let glpsol = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first { FileManager.default.isExecutableFile(atPath: $0) }
        // scripts/setup.sh installs glpk-utils: without glpsol the cross-check fails rather than skips.
        guard let glpsol else { XCTFail("glpsol is not installed: run scripts/setup.sh (or apt-get install glpk-utils)"); return }
        let problem = try load("tiny.json")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mip-export-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lp = dir.appendingPathComponent("tiny.lp").path, out = dir.appendingPathComponent("tiny.out").path
        let model = try MIPEngine.model(of: problem)
        XCTAssertTrue(model.columns.allSatisfy { LinearModel.isLPName($0.name) })
        XCTAssertTrue(model.rows.allSatisfy { LinearModel.isLPName($0.name) })
        try GLPKSolver.write(model, lp: lp, mps: dir.appendingPathComponent("tiny.mps").path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: glpsol)
        process.arguments = ["--cpxlp", lp, "-o", out]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.contains("INTEGER OPTIMAL"), text)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("Objective:") })
        let value = try XCTUnwrap(line.split(separator: "=").last.flatMap { Double($0.split(separator: " ").first ?? "") })
        let engine = MIPEngine().solve(problem, parameters: exact)
        XCTAssertEqual(value, try XCTUnwrap(engine.objective), accuracy: 1e-6)
        // Names say what they mean.
        let lpText = try String(contentsOfFile: lp, encoding: .utf8)
        XCTAssertTrue(lpText.contains("assign_s_sosnovka_10_01_q0_chem_adv_ip_sosnovka_1"))
        XCTAssertTrue(lpText.contains("req_s_sosnovka_10_01_q0"))
    }

    // MARK: Infeasible instances

    /// One site pair, a week of two days and three periods; the caller edits the parts under test.
    func base() -> Instance {
        Instance(
            name: "infeasible", calendar: WeekCalendar(days: ["mon", "tue"], periods: TinyInstances.periods.map { WeekCalendar.Period(start: $0.0, end: $0.1) }),
            sites: [Site(id: "a"), Site(id: "b")], transport: Transport(travelMinutes: [[0, 10], [10, 0]]),
            rooms: [Room(id: "a-room", site: "a", capacity: 10), Room(id: "b-room", site: "b", capacity: 10, features: ["online-studio"], computerSeats: 4)],
            teachers: [Teacher(id: "t", homeSite: "a", subjects: ["chem"], maxWeeklyPeriods: 6)],
            courses: [Course(id: "chem", subject: "chem", pattern: [1, 1], minSize: 1, maxSize: 10, inPersonSites: ["a"])],
            students: [
                Student(id: "s1", grade: 10, homeSite: "a", requests: [Request(id: "chemistry", alternatives: [Alternative(course: "chem")], required: true)]),
                Student(id: "s2", grade: 10, homeSite: "a", requests: [Request(alternatives: [Alternative(course: "chem")])]),
            ])
    }

    func solveInfeasible(_ instance: Instance, expecting words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let problem = try Problem(instance)
        let result = MIPEngine().solve(problem, parameters: exact)
        XCTAssertEqual(result.status, .infeasible, result.message ?? "", file: file, line: line)
        XCTAssertNotNil(result.message, file: file, line: line)
        let solution = try XCTUnwrap(result.solution, file: file, line: line)
        let dropped = try XCTUnwrap(solution.unsatisfied.first { $0.student == "s1" && $0.request == 0 }, file: file, line: line)
        XCTAssertTrue(dropped.required, file: file, line: line)
        for w in words { XCTAssertTrue(dropped.reason.contains(w), "\(dropped.reason) lacks \(w)", file: file, line: line) }
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.usable, file: file, line: line)
        XCTAssertTrue(report.violations.allSatisfy { $0.rule == .requiredRequest }, "\(report.violations)", file: file, line: line)
        XCTAssertEqual(report.objective, try XCTUnwrap(result.objective, file: file, line: line), accuracy: 1e-6, file: file, line: line)
    }

    func testRequiredCourseNoTeacherCanFitIsInfeasibleWithTheTeacherNamed() throws {
        var inst = base()
        inst.teachers[0].busy = ["mon": [1, 2, 3], "tue": [1, 2]]
        try solveInfeasible(inst, expecting: ["no eligible teacher", "free periods", "t has 1"])
    }

    func testStudentWithTooFewFreePeriodsIsInfeasible() throws {
        var inst = base()
        inst.students[0].busy = ["mon": [1, 2, 3], "tue": [1, 2]]
        try solveInfeasible(inst, expecting: ["student s1 has 1 free period", "needs 2"])
    }

    func testSiteWithoutRoadAndNoOnlineOptionIsInfeasible() throws {
        var inst = base()
        inst.transport = Transport(travelMinutes: [[0, nil], [nil, 0]])
        inst.students[0].homeSite = "b"
        try solveInfeasible(inst, expecting: ["no road between b and a", "no online option"])
    }

    /// Hygiene by grade: two regular lessons on mon fill a grade-5 day limited to 2 by a grade
    /// row, so chem (a meeting on each day) cannot be taken; the same student in grade 10 can.
    func testDailyLimitOfTheStudentsGradeBindsTheModel() throws {
        var inst = base()
        inst.hygiene.grades = [.init(grades: [5], maxLessonsPerDay: 2)]
        inst.students[0].busy = ["mon": [1, 2]]
        inst.students[0].grade = 5
        try solveInfeasible(inst, expecting: [])
        inst.students[0].grade = 10
        let problem = try Problem(inst)
        let result = MIPEngine().solve(problem, parameters: exact)
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        try assertConsistent(result, problem)
        XCTAssertTrue(try XCTUnwrap(result.solution).assignments.contains { $0.student == "s1" })
    }

    func testRequestsThatConflictOnlyTogetherAreDroppedByTheElasticModel() throws {
        var inst = base()
        // One section of one seat: two students both require it.
        inst.courses[0].maxSize = 1
        inst.courses[0].maxSections = 1
        inst.students[1].requests[0].required = true
        let problem = try Problem(inst)
        let result = MIPEngine().solve(problem, parameters: exact)
        XCTAssertEqual(result.status, .infeasible)
        let solution = try XCTUnwrap(result.solution)
        XCTAssertEqual(solution.unsatisfied.count, 1)
        XCTAssertTrue(solution.unsatisfied[0].reason.contains("elastic"), solution.unsatisfied[0].reason)
        XCTAssertTrue(result.message?.contains("1 dropped") == true, result.message ?? "")
        let report = Checker(problem).check(solution)
        XCTAssertEqual(report.violations.map(\.rule), [.requiredRequest])
        XCTAssertEqual(report.objective, try XCTUnwrap(result.objective), accuracy: 1e-6)
    }

    // MARK: Parameters

    func testStopFlagEndsTheSearchWithoutCrashing() throws {
        let problem = try load("tiny.json")
        let stop = StopFlag()
        stop.raise()
        let result = MIPEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, relativeGap: 0, stop: stop))
        // Raised before GLPK starts (tiny has no warm start): GLPK never searches, and the answer
        // says it was stopped before a timetable was found.
        XCTAssertEqual(result.status, .unknown, result.message ?? "")
        XCTAssertNil(result.solution)
        XCTAssertTrue(result.message?.contains("stopped") == true, result.message ?? "")
    }

    func testProgressReportsBuildAndSearch() throws {
        let problem = try load("tiny.json")
        final class Log: @unchecked Sendable { var reports: [SolveProgress] = []; let lock = NSLock() }
        let log = Log()
        _ = MIPEngine().solve(problem, parameters: exact) { p in log.lock.withLock { log.reports.append(p) } }
        XCTAssertTrue(log.reports.contains { $0.phase == .build })
        // The model's incumbents meet every hard rule: each search line with one says so in fields.
        let searching = log.reports.filter { $0.phase == .search && $0.incumbent != nil }
        XCTAssertTrue(searching.allSatisfy { $0.requiredUnmet == 0 && $0.feasible == true })
    }
}
