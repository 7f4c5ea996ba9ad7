import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// The bundled network examples, solved by the greedy engine, solved once and shared by the report tests.
enum ReportExamples {
    struct Case: @unchecked Sendable {
        let name: String
        let problem: Problem
        let solution: Solution
        let check: CheckReport
        let report: TimetableReport
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: Case] = [:]

    static func load(_ name: String) throws -> Case {
        lock.lock()
        defer { lock.unlock() }
        if let c = cache[name] { return c }
        let url = ExamplesTests.root.appendingPathComponent("Examples/\(name).json")
        let instance = try JSONDecoder().decode(Instance.self, from: Data(contentsOf: url))
        let problem = try Problem(instance)
        let result = GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1))
        let solution = try XCTUnwrap(result.solution, "\(name): the greedy engine found no solution")
        let check = Checker(problem).check(solution)
        let c = Case(name: name, problem: problem, solution: solution, check: check,
                     report: try TimetableReport(problem: problem, solution: solution, check: check))
        cache[name] = c
        return c
    }

    static let names = ["terbuny-network", "arctic-network"]

    static var all: [Case] { get throws { try names.map(load) } }
}

/// The report model of the examples agrees with the checker and with the solution it describes.
final class ReportExamplesTests: XCTestCase {
    func testSummaryNumbersAreTheCheckersNumbers() throws {
        for c in try ReportExamples.all {
            let s = c.report.summary, k = c.check.summary
            XCTAssertEqual(s.requests, k.requests, c.name)
            XCTAssertEqual(s.satisfiedRequests, k.satisfiedRequests, c.name)
            XCTAssertEqual(s.requiredSatisfied, k.requiredSatisfied, c.name)
            XCTAssertEqual(s.electiveSatisfied, k.electiveSatisfied, c.name)
            XCTAssertEqual(s.onlineShare, k.onlineShare, c.name)
            XCTAssertEqual(s.studentTravelMinutes, k.studentTravelMinutes, c.name)
            XCTAssertEqual(s.objective, c.check.objective, c.name)
            XCTAssertEqual(s.feasible, c.check.feasible, c.name)
            XCTAssertEqual(s.terms.map(\.name), SoftTerm.allCases, c.name)
            for t in s.terms { XCTAssertEqual(t.cost, c.check.terms[t.name]?.cost, c.name + " " + t.name.rawValue) }
            // The breakdown by school adds up to the totals.
            XCTAssertEqual(s.bySchool.reduce(0) { $0 + $1.requests }, k.requests, c.name)
            XCTAssertEqual(s.bySchool.reduce(0) { $0 + $1.satisfied }, k.satisfiedRequests, c.name)
            XCTAssertEqual(s.bySchool.reduce(0) { $0 + $1.onlineEnrolments }, k.onlineEnrolments, c.name)
            XCTAssertEqual(s.bySchool.reduce(0) { $0 + $1.students }, c.problem.students.count, c.name)
            XCTAssertEqual(s.teacherHours.reduce(0) { $0 + $1.periods }, Int(c.check.terms[.teacherPeriods]!.value), c.name)
        }
    }

    func testTransportTotalsAgreeWithTheChecker() throws {
        for c in try ReportExamples.all {
            let t = c.report.transport
            XCTAssertEqual(t.vehicleTrips, Int(c.check.terms[.vehicleTrips]!.value), c.name)
            XCTAssertEqual(t.days.reduce(0) { $0 + $1.vehicleTrips }, t.vehicleTrips, "per-day trips add up to the checker's count: \(c.name)")
            XCTAssertEqual(t.days.reduce(0) { $0 + $1.passengerMinutes }, t.passengerMinutes, c.name)
            let passengers = t.days.flatMap(\.trips).reduce(0) { $0 + $1.passengers.count }
            XCTAssertEqual(passengers, c.check.summary.legs, "every leg rides one trip: \(c.name)")
            for day in t.days {
                for trip in day.trips {
                    XCTAssertFalse(trip.passengers.isEmpty)
                    if let seats = trip.seats { XCTAssertGreaterThan(seats, 0) }
                    XCTAssertEqual(trip.carriesStudents, trip.passengers.contains { $0.role == .student })
                }
            }
        }
    }

    func testEveryUnsatisfiedRequestIsExplainedTruthfully() throws {
        for c in try ReportExamples.all {
            XCTAssertEqual(c.report.refusals.count, c.check.summary.requests - c.check.summary.satisfiedRequests, c.name)
            let verifier = ExplanationVerifier(problem: c.problem, solution: c.solution)
            for e in c.report.refusals {
                XCTAssertFalse(e.reasons.isEmpty, "\(c.name): \(e.student) request \(e.request)")
                try verifier.verify(e)
            }
        }
    }

    func testStudentWeeksShowEveryLessonAndTrip() throws {
        for c in try ReportExamples.all {
            let p = c.problem
            for (s, student) in c.report.students.enumerated() {
                XCTAssertEqual(student.week.count, p.dayCount)
                for (d, day) in student.week.enumerated() {
                    XCTAssertEqual(day.cells.count, p.periodCount)
                    for (k, cell) in day.cells.enumerated() {
                        XCTAssertEqual(cell.entries.contains { $0.kind == .regular }, p.students[s].busy[p.slot(day: d, period: k)])
                    }
                    let legs = c.solution.itineraries.first { $0.person == student.id && $0.role == .student && $0.day == day.day }?.legs ?? []
                    XCTAssertEqual(day.legs.map(\.depart), legs.map(\.depart))
                    XCTAssertEqual(day.legs.map(\.busRun), legs.map(\.busRun))
                }
                for a in c.solution.assignments where a.student == student.id {
                    let section = c.solution.sections.first { $0.id == a.section }!
                    for m in section.meetings {
                        let day = student.week.first { $0.day == m.day }!
                        for period in m.period..<(m.period + m.length) {
                            let entry = day.cells[period - 1].entries.first { $0.section == section.id }
                            XCTAssertNotNil(entry, "\(student.id) \(m.day) \(period) \(section.id)")
                            XCTAssertEqual(entry?.kind, section.mode == .online ? .online : .inPerson)
                            XCTAssertEqual(entry?.meetingStart, m.period)
                        }
                    }
                }
                let granted = student.requests.filter { $0.granted != nil }.count
                XCTAssertEqual(granted, c.solution.assignments.filter { $0.student == student.id }.count)
            }
        }
    }

    func testTeacherRoomAndCourseListsMatchTheSolution() throws {
        for c in try ReportExamples.all {
            for t in c.report.teachers {
                XCTAssertEqual(t.sections, c.solution.sections.filter { $0.teacher == t.id }.map(\.id))
                XCTAssertLessThanOrEqual(t.periods, t.maxWeeklyPeriods, "\(c.name) \(t.id)")
            }
            let listed = c.report.courses.flatMap(\.sections)
            XCTAssertEqual(Set(listed.map(\.id)), Set(c.solution.sections.map(\.id)))
            XCTAssertEqual(listed.reduce(0) { $0 + $1.students.count }, c.solution.assignments.count)
            let meetings = c.solution.sections.reduce(0) { $0 + $1.meetings.reduce(0) { $0 + $1.length } }
            let inRooms = c.report.rooms.flatMap(\.week).flatMap(\.cells).flatMap(\.entries).filter { $0.kind == .inPerson || $0.kind == .online }
            XCTAssertEqual(inRooms.count, meetings, "every meeting period appears in its room: \(c.name)")
        }
    }

    func testReportOfAnUnusableSolutionThrows() throws {
        let c = try ReportExamples.load("arctic-network")
        var broken = c.solution
        broken.sections[0].teacher = "nobody"
        XCTAssertThrowsError(try TimetableReport(problem: c.problem, solution: broken)) { error in
            XCTAssert(error is UnusableSolutionError)
        }
    }
}
