import Foundation
import XCTest

import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports

/// `Examples/terbuny-network-ru.json` is `terbuny-network.json` with its text in Russian: the same
/// ids and numbers, the same timetable for the same seed, and a Russian report that names
/// courses, teachers and places as the centre typed them.
final class RussianExampleTests: XCTestCase {
    private func load(_ name: String) throws -> (Instance, Problem) {
        let url = ExamplesTests.root.appendingPathComponent("Examples/\(name).json")
        let loaded = InstanceLoader.load(contentsOf: url)
        XCTAssertEqual(loaded.diagnostics.map(\.description), [], name)
        return (try XCTUnwrap(loaded.instance, name), try XCTUnwrap(loaded.problem, name))
    }

    /// The instance without the text people read: name, description, names and localities.
    private func withoutText(_ instance: Instance) -> Instance {
        var i = instance
        i.name = ""
        i.description = nil
        for k in i.sites.indices { i.sites[k].name = nil; i.sites[k].locality = nil }
        for k in i.rooms.indices { i.rooms[k].name = nil }
        for k in i.teachers.indices { i.teachers[k].name = nil }
        for k in i.courses.indices { i.courses[k].name = nil }
        for k in i.students.indices { i.students[k].name = nil }
        return i
    }

    private func assertSame<T: Equatable>(_ a: [T], _ b: [T], _ id: KeyPath<T, String>, _ what: String,
                                          file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what + "s", file: file, line: line)
        for (x, y) in zip(a, b) where x != y {
            XCTFail("\(what) \(x[keyPath: id]) differs from the English example beyond its text", file: file, line: line)
        }
    }

    private func isCyrillic(_ text: String?) -> Bool {
        (text ?? "").unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
    }

    func testSameIdsAndNumbersAsTheEnglishExample() throws {
        let (en, _) = try load("terbuny-network")
        let (ru, _) = try load("terbuny-network-ru")
        XCTAssertEqual(ru.sites.map(\.id), en.sites.map(\.id))
        XCTAssertEqual(ru.rooms.map(\.id), en.rooms.map(\.id))
        XCTAssertEqual(ru.courses.map(\.id), en.courses.map(\.id))
        XCTAssertEqual(ru.teachers.map(\.id), en.teachers.map(\.id))
        XCTAssertEqual(ru.classes.map(\.id), en.classes.map(\.id))
        XCTAssertEqual(ru.students.map(\.id), en.students.map(\.id))
        XCTAssertEqual(ru.students.map { $0.requests.map(\.id) }, en.students.map { $0.requests.map(\.id) })
        XCTAssertEqual(ru.transport.busRuns.map(\.id), en.transport.busRuns.map(\.id))
        // The same numbers: record by record (a failure names the record), then the whole instance.
        let a = withoutText(ru), b = withoutText(en)
        assertSame(a.sites, b.sites, \.id, "site")
        assertSame(a.rooms, b.rooms, \.id, "room")
        assertSame(a.classes, b.classes, \.id, "class")
        assertSame(a.teachers, b.teachers, \.id, "teacher")
        assertSame(a.courses, b.courses, \.id, "course")
        assertSame(a.students, b.students, \.id, "student")
        assertSame(a.transport.busRuns, b.transport.busRuns, \.id, "bus run")
        XCTAssert(a.transport == b.transport && a.calendar == b.calendar && a.hygiene == b.hygiene
                  && a.defaults == b.defaults && a.weights == b.weights, "transport, calendar, hygiene, defaults or weights")
        XCTAssert(a == b, "the two examples differ in more than their text")
        XCTAssertNotEqual(ru.name, en.name, "a solution names the instance it is for")
    }

    func testEveryNameAndLocalityIsRussian() throws {
        let (en, _) = try load("terbuny-network")
        let (ru, _) = try load("terbuny-network-ru")
        XCTAssert(isCyrillic(ru.description))
        var texts: [(String, String?, String?)] = []
        for (r, e) in zip(ru.sites, en.sites) {
            texts += [(r.id, r.name, e.name), (r.id + " locality", r.locality, e.locality)]
        }
        texts += zip(ru.rooms, en.rooms).map { ($0.id, $0.name, $1.name) }
        texts += zip(ru.teachers, en.teachers).map { ($0.id, $0.name, $1.name) }
        texts += zip(ru.courses, en.courses).map { ($0.id, $0.name, $1.name) }
        for (what, russian, english) in texts {
            XCTAssert(isCyrillic(russian), "\(what): \(russian ?? "no name")")
            XCTAssertNotEqual(russian, english, what)
        }
    }

    func testSolvesAsTheEnglishExampleAndPassesTheChecker() throws {
        let (_, en) = try load("terbuny-network")
        let (ru, problem) = try load("terbuny-network-ru")
        let parameters = SolveParameters(timeLimit: 120, seed: 7, threads: 1)
        let english = try XCTUnwrap(HeuristicEngine(maxIterations: 300).solve(en, parameters: parameters).solution)
        let russian = try XCTUnwrap(HeuristicEngine(maxIterations: 300).solve(problem, parameters: parameters).solution)
        XCTAssertEqual(russian.instance, ru.name)
        XCTAssertEqual(russian.sections, english.sections)
        XCTAssertEqual(russian.assignments, english.assignments)
        XCTAssertEqual(russian.itineraries, english.itineraries)
        XCTAssertEqual(russian.unsatisfied, english.unsatisfied)
        let check = Checker(problem).check(russian)
        XCTAssert(check.feasible, check.violations.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(check.objective, Checker(en).check(english).objective, accuracy: 1e-9)
    }

    func testRussianReportNamesCoursesTeachersAndPlacesInRussian() throws {
        let (enInstance, _) = try load("terbuny-network")
        let (ru, problem) = try load("terbuny-network-ru")
        let solution = try XCTUnwrap(GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1)).solution)
        let check = Checker(problem).check(solution)
        let report = try TimetableReport(problem: problem, solution: solution, check: check)
        let files = HTMLReport(report, instance: ru, language: .ru).files()
        let html = files.filter { $0.path.hasPrefix("html/") }.map { String(decoding: $0.data, as: UTF8.self) }.joined()
        let courses = try XCTUnwrap(files.first { $0.path == "html/courses.html" }).data
        let coursePage = String(decoding: courses, as: UTF8.self)
        for course in ru.courses { XCTAssert(coursePage.contains(course.name!), course.name!) }
        for teacher in ru.teachers { XCTAssert(html.contains(teacher.name!), teacher.name!) }
        for site in ru.sites { XCTAssert(html.contains(site.locality!), site.locality!) }
        // No English name of the English example is left anywhere in the pages.
        let english = enInstance.courses.map(\.name) + enInstance.teachers.map(\.name) + enInstance.rooms.map(\.name)
            + enInstance.sites.map(\.name) + enInstance.sites.map(\.locality)
        for name in Set(english.compactMap { $0 }) { XCTAssertFalse(html.contains(name), name) }
        // The objective table names every term in Russian, none by its id.
        let index = String(decoding: try XCTUnwrap(files.first { $0.path == "html/index.html" }).data, as: UTF8.self)
        for term in SoftTerm.allCases {
            let label = Labels(.ru).termName(term)
            XCTAssert(isCyrillic(label), term.rawValue)
            XCTAssert(index.contains(label), label)
        }
    }
}
