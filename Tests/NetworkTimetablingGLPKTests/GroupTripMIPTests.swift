import XCTest
import TestSupport
import NetworkTimetabling
import NetworkTimetablingGLPK
@testable import TimetablingCore
@testable import TimetablingGenerator

/// One trip for a group (rule `group-trip`) in the engines that use GLPK. The city network is the
/// one of `GroupTripEngineTests` (a generated tiny city network whose class lyceum-1-7 has members
/// with different own lessons, so that leaving as soon as one's lessons end would split it).
final class GroupTripMIPTests: XCTestCase {
    private func cityClassAtTechnopark() throws -> Problem {
        try Problem(GroupTrips.cityClassAtTechnopark().instance)
    }

    /// No violation, every group granted in one section, and per meeting day one (depart, arrive,
    /// run) per route to or from the group's site, with someone travelling (``GroupTrips``).
    private func assertOneTripPerGroup(_ problem: Problem, _ solution: Solution, _ engine: String) {
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.feasible, "\(engine): \(report.violations.prefix(3))")
        XCTAssertEqual(GroupTrips.problems(problem, solution), [], engine)
    }

    func testTheMIPAutoAndHybridSendEachClassOnOneTrip() throws {
        let problem = try cityClassAtTechnopark()
        let engines: [(String, any Engine, Double)] = [("mip", MIPEngine(), 20), ("auto", AutoEngine(), 10), ("hybrid", HybridEngine(), 10)]
        for (name, engine, limit) in engines {
            let result = engine.run(problem, parameters: SolveParameters(timeLimit: limit, seed: 1, threads: 1))
            assertOneTripPerGroup(problem, try XCTUnwrap(result.solution, name), name)
        }
    }

    /// Two students of site a as a group for physics at b, linked by bus runs only: two runs there
    /// (08:20, 08:30) with `seats` seats each, and two back.
    private func busGroup(seats: Int) throws -> Problem {
        let days = ["mon"]
        let calendar = WeekCalendar(days: days, periods: [.init(start: "09:00", end: "09:45"), .init(start: "10:00", end: "10:45")])
        let runs = [
            BusRun(id: "go-0820", days: days, seats: seats, stops: [.init(site: "a", time: "08:20"), .init(site: "b", time: "08:40")]),
            BusRun(id: "go-0830", days: days, seats: seats, stops: [.init(site: "a", time: "08:30"), .init(site: "b", time: "08:50")]),
            BusRun(id: "back-1100", days: days, seats: 10, stops: [.init(site: "b", time: "11:00"), .init(site: "a", time: "11:20")]),
            BusRun(id: "back-1110", days: days, seats: 10, stops: [.init(site: "b", time: "11:10"), .init(site: "a", time: "11:30")]),
        ]
        let instance = Instance(
            name: "bus-group", calendar: calendar, sites: [Site(id: "a"), Site(id: "b")],
            transport: Transport(mode: .busRuns, travelMinutes: [[0, 20], [20, 0]], busRuns: runs),
            rooms: [Room(id: "b-room", site: "b", capacity: 10)],
            teachers: [Teacher(id: "t", homeSite: "b", subjects: ["physics"], maxWeeklyPeriods: 4)],
            courses: [Course(id: "phys", subject: "physics", pattern: [1], minSize: 1, maxSize: 5, inPersonSites: ["b"])],
            students: [Student(id: "s1", grade: 10, homeSite: "a", requests: []), Student(id: "s2", grade: 10, homeSite: "a", requests: [])],
            groups: [Group(id: "pair", students: ["s1", "s2"], course: "phys", site: "b")])
        return try Problem(instance)
    }

    func testInBusRunsModeTheMIPSendsTheGroupOnOneRun() throws {
        let problem = try busGroup(seats: 10)
        let result = MIPEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1, threads: 1))
        XCTAssertEqual(result.status, .optimal, result.message ?? "")
        let solution = try XCTUnwrap(result.solution)
        assertOneTripPerGroup(problem, solution, "mip")
        XCTAssertEqual(Checker(problem).check(solution).objective, try XCTUnwrap(result.objective), accuracy: 1e-6)
    }

    /// One seat on each run there: each student could go alone, but not with the other. The MIP
    /// finds no timetable with the group's required requests; it never splits the group's trip.
    func testInBusRunsModeAGroupWithoutSeatsOnOneRunIsNotSplit() throws {
        let problem = try busGroup(seats: 1)
        let result = MIPEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1, threads: 1))
        if let solution = result.solution {
            let report = Checker(problem).check(solution)
            XCTAssertEqual(report.violations(of: .groupTrip), [], "\(report.violations)")
            XCTAssertEqual(report.violations(of: .busSeats), [], "\(report.violations)")
            XCTAssertFalse(report.feasible, "\(report.violations)")
        } else {
            XCTAssertEqual(result.status, .infeasible, result.message ?? "")
        }
    }
}
