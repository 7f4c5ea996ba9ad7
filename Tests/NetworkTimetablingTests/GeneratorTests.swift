import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// The generator's promises: valid instances, exact counts, byte-identical output per seed.
final class GeneratorTests: XCTestCase {
    private func params(_ profile: GeneratorParameters.Profile, seed: UInt64 = 1) -> GeneratorParameters {
        GeneratorParameters(sites: 12, students: 240, courses: 30, teachers: 30, seed: seed, profile: profile)
    }

    /// Validates through the same layers as `netsched validate`: JSON, schema, then semantics.
    private func assertValid(_ instance: Instance, file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try InstanceGenerator.encode(instance)
        let loaded = InstanceLoader.load(data: data)
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        XCTAssertTrue(errors.isEmpty, "\(instance.name): " + errors.prefix(10).map(\.description).joined(separator: "\n"),
                      file: file, line: line)
        XCTAssertNotNil(loaded.problem, file: file, line: line)
        let (problem, diagnostics) = Problem.build(instance)
        XCTAssertNotNil(problem, diagnostics.prefix(10).map(\.description).joined(separator: "\n"), file: file, line: line)
    }

    func testEveryProfileValidates() throws {
        for profile in GeneratorParameters.Profile.allCases {
            try assertValid(InstanceGenerator.generate(params(profile)))
        }
    }

    func testSmallPresetsValidateInEveryProfile() throws {
        for name in ["tiny", "district"] {
            for profile in GeneratorParameters.Profile.allCases {
                var p = try XCTUnwrap(GeneratorParameters.preset(name))
                p.profile = profile
                let instance = InstanceGenerator.generate(p)
                if name == "tiny" || profile == .district {
                    try assertValid(instance)  // JSON, schema and semantics
                } else {
                    let (problem, diagnostics) = Problem.build(instance)
                    XCTAssertNotNil(problem, diagnostics.prefix(10).map(\.description).joined(separator: "\n"))
                }
            }
        }
    }

    func testDegenerateSizesStillValidate() throws {
        for profile in GeneratorParameters.Profile.allCases {
            for (sites, students, courses, teachers) in [(1, 0, 1, 1), (1, 5, 1, 1), (2, 10, 3, 1), (3, 30, 25, 2), (9, 50, 40, 3)] {
                let p = GeneratorParameters(sites: sites, students: students, courses: courses, teachers: teachers, seed: 3,
                                            profile: profile)
                XCTAssertTrue(p.problems.isEmpty)
                try assertValid(InstanceGenerator.generate(p))
            }
        }
    }

    func testSameSeedGivesIdenticalBytes() throws {
        for profile in GeneratorParameters.Profile.allCases {
            let a = try InstanceGenerator.encode(InstanceGenerator.generate(params(profile, seed: 42)))
            let b = try InstanceGenerator.encode(InstanceGenerator.generate(params(profile, seed: 42)))
            XCTAssertEqual(a, b, "\(profile): two runs with seed 42 differ")
        }
    }

    func testDifferentSeedsDiffer() throws {
        let a = InstanceGenerator.generate(params(.district, seed: 1))
        let b = InstanceGenerator.generate(params(.district, seed: 2))
        XCTAssertNotEqual(a.transport.travelMinutes, b.transport.travelMinutes)
        XCTAssertNotEqual(a.students.map(\.requests), b.students.map(\.requests))
    }

    func testCountsMatchParameters() throws {
        for profile in GeneratorParameters.Profile.allCases {
            let p = GeneratorParameters(sites: 17, students: 333, courses: 41, teachers: 23, seed: 5, profile: profile)
            let i = InstanceGenerator.generate(p)
            XCTAssertEqual(i.sites.count, 17)
            XCTAssertEqual(i.students.count, 333)
            XCTAssertEqual(i.courses.count, 41)
            XCTAssertEqual(i.teachers.count, 23)
            XCTAssertEqual(i.transport.travelMinutes.count, 17)
            XCTAssertTrue(i.students.allSatisfy { !$0.requests.isEmpty }, "\(profile): a student without requests")
            XCTAssertTrue(i.students.contains { $0.requests.contains(where: \.required) })
            XCTAssertTrue(i.students.contains { $0.requests.contains { !$0.required } })
        }
        let tiny = InstanceGenerator.generate(try XCTUnwrap(GeneratorParameters.preset("tiny")))
        XCTAssertEqual([tiny.sites.count, tiny.students.count, tiny.courses.count, tiny.teachers.count], [4, 40, 8, 8])
    }

    func testArcticHasSitesWithoutARoad() throws {
        let i = InstanceGenerator.generate(params(.arctic))
        let n = i.sites.count
        let missing = (0..<n).flatMap { a in (0..<n).filter { b in i.transport.travelMinutes[a][b] == nil }.map { (a, $0) } }
        XCTAssertFalse(missing.isEmpty, "an arctic network must have site pairs without a road")
        for (a, b) in missing { XCTAssertNil(i.transport.travelMinutes[b][a], "no road is symmetric") }
        XCTAssertTrue(i.transport.travelMinutes.joined().contains { ($0 ?? 0) > 60 }, "arctic distances are large")
        XCTAssertEqual(i.transport.effectiveMode, .travelTimes)
        // No road in the other profiles.
        for profile in [GeneratorParameters.Profile.district, .city] {
            XCTAssertFalse(InstanceGenerator.generate(params(profile)).transport.travelMinutes.joined().contains(nil))
        }
    }

    func testDistrictRunsBusesAndCityHasATechnoparkNearTheLyceum() throws {
        let district = InstanceGenerator.generate(params(.district))
        XCTAssertEqual(district.transport.effectiveMode, .busRuns)
        XCTAssertFalse(district.transport.busRuns.isEmpty)
        let city = InstanceGenerator.generate(params(.city))
        let lyceum = try XCTUnwrap(city.sites.firstIndex { $0.id == "lyceum-1" })
        let park = try XCTUnwrap(city.sites.firstIndex { $0.kind == "technopark" })
        XCTAssertLessThanOrEqual(try XCTUnwrap(city.transport.travelMinutes[lyceum][park]), 20)
    }

    func testRegularTimetablesLeaveRoomWithinHygieneLimits() throws {
        for profile in GeneratorParameters.Profile.allCases {
            let i = InstanceGenerator.generate(params(profile))
            let weekly = i.hygiene.weeklyLimit(days: i.calendar.days.count)
            for c in i.classes {
                let load = c.busy.values.reduce(0) { $0 + $1.count }
                XCTAssertLessThanOrEqual(load + 8, weekly, "\(c.id): \(load) regular lessons leave no room for a curriculum")
                XCTAssertTrue(c.busy.values.allSatisfy { $0.count < i.hygiene.maxLessonsPerDay }, "\(c.id): a full day")
            }
        }
    }

    func testPresetsAndParameterProblems() {
        for name in GeneratorParameters.presetNames { XCTAssertNotNil(GeneratorParameters.preset(name)) }
        XCTAssertNil(GeneratorParameters.preset("huge"))
        XCTAssertEqual(GeneratorParameters.preset("region")?.students, 25_000)
        let bad = GeneratorParameters(sites: 0, students: -1, courses: 0, teachers: 0)
        XCTAssertEqual(bad.problems.count, 4)
        XCTAssertTrue(bad.problems[0].hasPrefix("sites"))
    }

    func testRandomIsReproducibleAndUniform() {
        var a = SeededRandom(seed: 9, stream: "x"), b = SeededRandom(seed: 9, stream: "x"), c = SeededRandom(seed: 9, stream: "y")
        let xs = (0..<100).map { _ in a.next() }
        XCTAssertEqual(xs, (0..<100).map { _ in b.next() })
        XCTAssertNotEqual(xs, (0..<100).map { _ in c.next() })
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[a.int(in: 0...5)] += 1 }
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
    }

    /// Juniors (grades 7–9) in career trials: exact counts, classes within their grade's SanPiN
    /// limits, requests only for the trials, and a timetable the checker accepts that grants some.
    func testJuniorStudentsTakeCareerTrialsWithinTheirGradesLimits() throws {
        for profile in [GeneratorParameters.Profile.district, .city] {
            let p = GeneratorParameters(sites: 12, students: 120, courses: 30, teachers: 30, seed: 2, profile: profile, juniorStudents: 60)
            let i = InstanceGenerator.generate(p)
            try assertValid(i)
            XCTAssertEqual(i.students.count, 180)
            XCTAssertEqual(i.courses.count, 30)
            XCTAssertEqual(i.students.filter { (10...11).contains($0.grade) }.count, 120)
            let juniors = i.students.filter { (7...9).contains($0.grade) }
            XCTAssertEqual(juniors.count, 60)
            let trials = Set(i.courses.filter { $0.grades == [7, 8, 9] }.map(\.id))
            XCTAssertEqual(trials.count, CareerTrials.count(courses: 30, juniors: 60))
            let days = i.calendar.days.count
            for c in i.classes where (c.grade ?? 10) < 10 {
                let load = c.busy.values.reduce(0) { $0 + $1.count }
                let limit = Hygiene.standard(grade: c.grade!, days: days).perWeek
                XCTAssertLessThanOrEqual(load + 2, limit, "\(c.id): \(load) regular lessons")
                XCTAssertTrue(c.busy.values.allSatisfy { $0.count <= 6 }, "\(c.id): a full day")
            }
            for s in juniors {
                XCTAssertEqual(i.classes.first { $0.id == s.schoolClass }?.grade, s.grade, s.id)
                XCTAssertFalse(s.requests.isEmpty, s.id)
                for r in s.requests {
                    XCTAssertFalse(r.required)
                    XCTAssertTrue(r.alternatives.allSatisfy { trials.contains($0.course) }, s.id)
                }
            }
            for s in i.students where s.grade >= 10 {
                XCTAssertTrue(s.requests.allSatisfy { $0.alternatives.allSatisfy { !trials.contains($0.course) } }, s.id)
            }
            // Juniors fit into a timetable with the seniors.
            let problem = try XCTUnwrap(Problem.build(i).0)
            let result = HeuristicEngine(maxIterations: 300).solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1))
            let solution = try XCTUnwrap(result.solution)
            let check = Checker(problem).check(solution)
            XCTAssertTrue(check.feasible, "\(profile): \(check.violations.prefix(3))")
            let juniorIds = Set(juniors.map(\.id))
            XCTAssertGreaterThan(solution.assignments.filter { juniorIds.contains($0.student) }.count, 20, "\(profile)")
        }
        // Parameters saved before juniors existed read with none; 0 juniors change nothing.
        let old = #"{"sites":4,"students":40,"courses":8,"teachers":8,"seed":1,"profile":"district"}"#
        let decoded = try JSONDecoder().decode(GeneratorParameters.self, from: Data(old.utf8))
        XCTAssertEqual(decoded, GeneratorParameters.preset("tiny"))
        XCTAssertTrue(GeneratorParameters(sites: 1, students: 0, courses: 1, teachers: 1, juniorStudents: -1).problems.contains { $0.hasPrefix("juniorStudents") })
    }
}
