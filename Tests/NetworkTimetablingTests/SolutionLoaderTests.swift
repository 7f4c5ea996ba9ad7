import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// Reading solution files: a field the model does not know is an error naming its place, never
/// skipped in silence; a file written by the library reads back unchanged.
final class SolutionLoaderTests: XCTestCase {
    private func json(_ solution: Solution) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: SolutionLoader.encode(solution)) as! [String: Any]
    }

    func testRoundTripOfAWrittenSolutionHasNoDiagnostics() throws {
        let solution = CheckerFixture.solution(busRuns: true)
        let (read, diagnostics) = SolutionLoader.load(data: try SolutionLoader.encode(solution))
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(try SolutionLoader.encode(XCTUnwrap(read)), try SolutionLoader.encode(solution))
    }

    func testMisspeltNestedFieldIsNamedWithASuggestion() throws {
        var object = try json(CheckerFixture.solution())
        var sections = object["sections"] as! [[String: Any]]
        XCTAssertGreaterThan(sections.count, 1)
        sections[1]["teachr"] = "someone"
        object["sections"] = sections
        let data = try JSONSerialization.data(withJSONObject: object)
        let (read, diagnostics) = SolutionLoader.load(data: data)
        XCTAssertNil(read)
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics.first?.path, "sections[1].teachr")
        XCTAssertEqual(diagnostics.first?.severity, .error)
        XCTAssertEqual(diagnostics.first?.fix, "did you mean \"teacher\"?")
    }

    func testUnknownTopLevelFieldIsAnErrorAndNullOptionalsAreAccepted() throws {
        var object = try json(CheckerFixture.solution())
        object["comment"] = "made by hand"
        let (read, diagnostics) = SolutionLoader.load(data: try JSONSerialization.data(withJSONObject: object))
        XCTAssertNil(read)
        XCTAssertEqual(diagnostics.map(\.path), ["comment"])

        object["comment"] = nil
        var assignments = object["assignments"] as! [[String: Any]]
        assignments[0]["fromHome"] = NSNull()
        object["assignments"] = assignments
        let (again, none) = SolutionLoader.load(data: try JSONSerialization.data(withJSONObject: object))
        XCTAssertNotNil(again)
        XCTAssertEqual(none.filter { $0.severity == .error }, [])
    }
}
