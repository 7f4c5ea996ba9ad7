import Foundation
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

/// Broken instances must fail with every problem named by its place, and never crash.
final class InstanceLoaderTests: XCTestCase {
    /// A small valid instance; tests break one thing at a time by editing its JSON object.
    static var valid: [String: Any] { [
        "formatVersion": 1,
        "name": "loader-test",
        "calendar": [
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "periods": [["start": "08:30", "end": "09:15"], ["start": "09:25", "end": "10:10"], ["start": "10:30", "end": "11:15"]],
        ],
        "sites": [["id": "a"], ["id": "b"]],
        "transport": ["travelMinutes": [[0, 15], [15, 0]]],
        "rooms": [["id": "a-1", "site": "a", "capacity": 20], ["id": "b-1", "site": "b", "capacity": 15, "features": ["chemistry-lab"]]],
        "teachers": [["id": "t1", "homeSite": "a", "subjects": ["chemistry"], "maxWeeklyPeriods": 10, "busy": ["mon": [1]]]],
        "courses": [["id": "chem", "subject": "chemistry", "pattern": [1, 1], "maxSize": 15, "inPersonSites": ["a", "b"]]],
        "students": [
            ["id": "s1", "grade": 10, "homeSite": "a", "busy": ["mon": [1, 2]],
             "requests": [["alternatives": [["course": "chem", "site": "b"], ["course": "chem"]], "required": true]]],
        ],
    ] }

    private func load(_ object: Any) -> InstanceLoader.Loaded {
        InstanceLoader.load(data: try! JSONSerialization.data(withJSONObject: object))
    }

    private func edited(_ edit: (inout [String: Any]) -> Void) -> InstanceLoader.Loaded {
        var o = Self.valid
        edit(&o)
        return load(o)
    }

    private func assertError(_ loaded: InstanceLoader.Loaded, at path: String, contains text: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(loaded.problem, "an instance with errors must not produce a problem", file: file, line: line)
        let hit = loaded.diagnostics.contains { $0.severity == .error && $0.path == path && $0.message.contains(text) }
        XCTAssertTrue(hit, "no error at \(path) containing \"\(text)\"; got:\n" + loaded.diagnostics.map(\.description).joined(separator: "\n"),
                      file: file, line: line)
    }

    func testValidInstanceLoads() throws {
        let loaded = load(Self.valid)
        XCTAssertFalse(loaded.hasErrors, loaded.diagnostics.map(\.description).joined(separator: "\n"))
        let p = try XCTUnwrap(loaded.problem)
        XCTAssertEqual(p.dayCount, 5)
        XCTAssertEqual(p.periodCount, 3)
        XCTAssertEqual(p.periodStart, [510, 565, 630])
        XCTAssertEqual(p.travel(from: 0, to: 1), 15)
        XCTAssertEqual(p.courses[0].teachers, [0], "the teacher qualifies by subject")
        XCTAssertTrue(p.students[0].busy[p.slot(day: 0, period: 1)])
        XCTAssertEqual(p.maxLessonsPerWeek(student: 0), 34, "SanPiN default of grade 10 for a 5-day week")
        XCTAssertEqual(p.maxLessonsPerDay(student: 0), 7, "SanPiN default of grade 10")
        XCTAssertEqual(p.students[0].maxOneWayMinutes, 30, "regional default longest trip")
    }

    func testMalformedJSONNamesLineAndColumn() {
        let loaded = InstanceLoader.load(data: Data("{\n  \"name\": \"x\",\n  \"sites\": [1 2]\n}".utf8))
        XCTAssertTrue(loaded.hasErrors)
        XCTAssertTrue(loaded.diagnostics[0].message.contains("line 3"), loaded.diagnostics[0].description)
    }

    func testDuplicateKeyIsAnError() {
        let loaded = InstanceLoader.load(data: Data(#"{"name": "a", "name": "b"}"#.utf8))
        XCTAssertTrue(loaded.diagnostics.contains { $0.path == "name" && $0.message.contains("twice") })
    }

    func testWrongTypesAndUnknownFieldsAreAllReported() {
        let loaded = edited { o in
            var students = o["students"] as! [[String: Any]]
            students[0]["grade"] = "ten"
            students[0]["favouriteColour"] = "blue"
            o["students"] = students
            var courses = o["courses"] as! [[String: Any]]
            courses[0]["maxSize"] = 12.5
            courses[0]["minsize"] = 3
            o["courses"] = courses
        }
        assertError(loaded, at: "students[0].grade", contains: "expected integer")
        assertError(loaded, at: "students[0].favouriteColour", contains: "unknown field")
        assertError(loaded, at: "courses[0].maxSize", contains: "expected integer")
        assertError(loaded, at: "courses[0].minsize", contains: "unknown field")
        XCTAssertTrue(loaded.diagnostics.contains { $0.path == "courses[0].minsize" && ($0.fix ?? "").contains("minSize") },
                      "a misspelt field gets a suggestion")
    }

    func testMissingRequiredField() {
        let loaded = edited { o in o["teachers"] = [["id": "t1", "homeSite": "a", "subjects": ["chemistry"]]] }
        assertError(loaded, at: "teachers[0].maxWeeklyPeriods", contains: "missing required field")
    }

    func testDanglingReferencesAreAllReported() {
        let loaded = edited { o in
            var students = o["students"] as! [[String: Any]]
            students[0]["homeSite"] = "nowhere"
            students[0]["requests"] = [["alternatives": [["course": "chem-adv"], ["course": "chem", "site": "zz"]]]]
            o["students"] = students
            o["rooms"] = [["id": "a-1", "site": "c", "capacity": 20]]
        }
        assertError(loaded, at: "students[0].homeSite", contains: "unknown site \"nowhere\"")
        assertError(loaded, at: "students[0].requests[0].alternatives[0].course", contains: "unknown course \"chem-adv\"")
        assertError(loaded, at: "students[0].requests[0].alternatives[1].site", contains: "unknown site \"zz\"")
        assertError(loaded, at: "rooms[0].site", contains: "unknown site \"c\"")
    }

    func testDuplicateIds() {
        let loaded = edited { o in o["sites"] = [["id": "a"], ["id": "a"]] }
        assertError(loaded, at: "sites[1].id", contains: "duplicate site id \"a\"")
    }

    func testImpossibleRanges() {
        let loaded = edited { o in
            var cal = o["calendar"] as! [String: Any]
            cal["periods"] = [["start": "08:30", "end": "08:00"], ["start": "09:25", "end": "10:10"], ["start": "10:30", "end": "11:15"]]
            o["calendar"] = cal
            var courses = o["courses"] as! [[String: Any]]
            courses[0]["minSize"] = 20
            o["courses"] = courses
            o["transport"] = ["travelMinutes": [[0, -5], [15, 0]]]
            var teachers = o["teachers"] as! [[String: Any]]
            teachers[0]["busy"] = ["mon": [4], "sun": [1]]
            o["teachers"] = teachers
        }
        assertError(loaded, at: "calendar.periods[0]", contains: "ends (08:00) before it starts")
        assertError(loaded, at: "courses[0].minSize", contains: "above maximum size")
        assertError(loaded, at: "transport.travelMinutes[0][1]", contains: "below the minimum")
        assertError(loaded, at: "teachers[0].busy.mon[0]", contains: "period 4 does not exist")
        assertError(loaded, at: "teachers[0].busy.sun", contains: "unknown day")
    }

    func testNegativeTimesAndBadClockTimes() {
        let loaded = edited { o in
            var cal = o["calendar"] as! [String: Any]
            cal["periods"] = [["start": "8:30", "end": "09:15"]]
            o["calendar"] = cal
            o["defaults"] = ["maxOneWayMinutes": -10]
        }
        assertError(loaded, at: "calendar.periods[0].start", contains: "does not have the expected form")
        assertError(loaded, at: "defaults.maxOneWayMinutes", contains: "below the minimum")
    }

    func testTravelMatrixMustBeSquare() {
        let loaded = edited { o in o["transport"] = ["travelMinutes": [[0, 15, 20], [15, 0]]] }
        assertError(loaded, at: "transport.travelMinutes[0]", contains: "row has 3 entries for 2 sites")
        let short = edited { o in o["transport"] = ["travelMinutes": [[0, 15]]] }
        assertError(short, at: "transport.travelMinutes", contains: "1 rows for 2 sites")
    }

    func testCourseNoTeacherMayTeach() {
        let loaded = edited { o in
            var courses = o["courses"] as! [[String: Any]]
            courses[0]["subject"] = "physics"
            o["courses"] = courses
        }
        assertError(loaded, at: "courses[0]", contains: "no teacher may teach course \"chem\"")
    }

    func testNullWhereAValueIsNeeded() {
        let loaded = edited { o in o["students"] = [NSNull()] }
        assertError(loaded, at: "students[0]", contains: "expected object")
    }

    func testNotAnObjectAtAll() {
        for text in ["[]", "42", "\"x\"", "", "{", "null"] {
            let loaded = InstanceLoader.load(data: Data(text.utf8))
            XCTAssertTrue(loaded.hasErrors, "input \(text)")
            XCTAssertNil(loaded.problem)
        }
    }

    /// An unknown reference suggests a close id (a typo) or lists known ones; on a large input with
    /// thousands of bad references each kind's ids are sorted once, not once per reference.
    func testUnknownReferencesSuggestCloseIdsAndStayCheapOnLargeInputs() throws {
        let typo = edited { o in
            var students = o["students"] as! [[String: Any]]
            students[0]["homeSite"] = "B"
            o["students"] = students
        }
        XCTAssert(typo.diagnostics.contains { $0.path == "students[0].homeSite" && $0.fix == "did you mean \"b\"?" },
                  typo.diagnostics.map(\.description).joined(separator: "\n"))
        let far = edited { o in
            var students = o["students"] as! [[String: Any]]
            students[0]["homeSite"] = "nowhere"
            o["students"] = students
        }
        XCTAssert(far.diagnostics.contains { $0.path == "students[0].homeSite" && $0.fix == "use one of: a, b" },
                  far.diagnostics.map(\.description).joined(separator: "\n"))

        // 3,000 students at 3,000 sites, each student naming a site that does not exist.
        var inst = ExplainFixture.instance()
        inst.sites = (0..<3_000).map { Site(id: "site-\($0)") }
        inst.transport = Transport(travelMinutes: [])
        inst.rooms = []
        inst.teachers = []
        inst.courses = []
        inst.students = (0..<3_000).map { Student(id: "s\($0)", grade: 10, homeSite: "village-\($0)", requests: []) }
        var list = DiagnosticList()
        XCTAssertNil(Problem.build(inst, into: &list))
        let unknown = list.items.filter { $0.message.hasPrefix("unknown site") }
        XCTAssertEqual(unknown.count, 3_000)
        XCTAssert(unknown.allSatisfy { $0.fix?.hasPrefix("use one of: site-0, site-1, site-10, ") == true }, "\(unknown.prefix(3))")
        var hints = UnknownReferences()
        let index = Dictionary(uniqueKeysWithValues: inst.sites.enumerated().map { ($1.id, $0) })
        for i in 0..<3_000 { _ = hints.hint(for: "site-\(i)x", kind: "site", index: index) }
        XCTAssertEqual(hints.sorts, 1, "the site ids are sorted once")
        XCTAssertEqual(hints.hint(for: "site-7x", kind: "site", index: index), "did you mean \"site-7\"?", "a suggestion is remembered")
        XCTAssertEqual(UnknownReferences.plural("class"), "classes")
        XCTAssertEqual(UnknownReferences.boundedDistance(Array("kitten".unicodeScalars), Array("sitten".unicodeScalars), limit: 2), 1)
        XCTAssertNil(UnknownReferences.boundedDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), limit: 2))
        XCTAssertEqual(UnknownReferences.boundedDistance(Array("ab".unicodeScalars), Array("ba".unicodeScalars), limit: 2), 2)
    }

    /// A request id names a request for people, `explain` and re-planning: two of one student with
    /// the same id are an error at the second, naming the first; other students may reuse it.
    func testDuplicateRequestIdOfAStudentIsAnError() {
        let loaded = edited { o in
            var students = o["students"] as! [[String: Any]]
            var requests = students[0]["requests"] as! [[String: Any]]
            requests[0]["id"] = "chemistry"
            requests.append(["id": "chemistry", "alternatives": [["course": "chem"]]])
            students[0]["requests"] = requests
            var other = students[0]
            other["id"] = "s2"
            other["requests"] = [requests[0]]
            students.append(other)
            o["students"] = students
        }
        assertError(loaded, at: "students[0].requests[1].id",
                    contains: "two requests with id \"chemistry\": students[0].requests[0] and students[0].requests[1]")
        XCTAssertEqual(loaded.diagnostics.filter { $0.severity == .error }.map(\.path), ["students[0].requests[1].id"])
    }

    /// Found by fuzzing (scripts/fuzz.sh changes): a whole number too large for an Int, where the
    /// schema wants an object, made the schema's message trap (`Int(2e34)`), crashing validate,
    /// solve and replan. Every reader now names it.
    func testAHugeWholeNumberIsAnErrorNotACrash() {
        let huge = Data("20000000000000000000000000000000000".utf8)
        let instance = InstanceLoader.load(data: huge)
        XCTAssertNil(instance.problem)
        XCTAssertTrue(instance.diagnostics.contains { $0.severity == .error && $0.message.contains("2e+34") }, "\(instance.diagnostics)")
        XCTAssertNil(SolutionLoader.load(data: huge).solution)
        let changes = ChangeSetLoader.load(data: huge)
        XCTAssertNil(changes.changes)
        XCTAssertTrue(changes.hasErrors)
        let nested = InstanceLoader.load(data: Data("{\"formatVersion\": 20000000000000000000000000000000000}".utf8))
        XCTAssertTrue(nested.diagnostics.contains { $0.severity == .error }, "\(nested.diagnostics)")
    }
}
