import Foundation
import XCTest
@testable import TimetablingITC2019

/// One class of a hand-written problem: its single time (or several), its rooms.
struct TestClass {
    var id: String
    var days: String
    var start: Int
    var length: Int
    var weeks: String
    /// Room ids with penalty 0; empty means room="false".
    var rooms: [String] = []
    var limit = 10
    var parent: String? = nil
    var timePenalty = 0
}

/// Builds problem XML: rooms r1…r3 (r1–r2 travel 5), one course per subpart list.
enum TestXML {
    static func problem(nrWeeks: Int = 2, weights: String = "time=\"1\" room=\"1\" distribution=\"1\" student=\"1\"",
                        rooms: String? = nil, courses: String, distributions: String = "", students: String = "") -> String {
        let allWeeks = String(repeating: "1", count: nrWeeks)
        let roomXML = rooms ?? """
            <room id="r1" capacity="50"><travel room="r2" value="5"/></room>
            <room id="r2" capacity="50"/>
            <room id="r3" capacity="50"><unavailable days="0000001" start="0" length="288" weeks="\(allWeeks)"/></room>
            """
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <problem name="test" nrDays="7" nrWeeks="\(nrWeeks)" slotsPerDay="288">
            <optimization \(weights)/>
            <rooms>
            \(roomXML)
            </rooms>
            <courses>
            \(courses)
            </courses>
            <distributions>
            \(distributions)
            </distributions>
            <students>
            \(students)
            </students>
            </problem>
            """
    }

    static func classXML(_ c: TestClass) -> String {
        var out = "<class id=\"\(c.id)\" limit=\"\(c.limit)\""
        if let p = c.parent { out += " parent=\"\(p)\"" }
        if c.rooms.isEmpty { out += " room=\"false\"" }
        out += ">"
        for r in c.rooms { out += "<room id=\"\(r)\" penalty=\"0\"/>" }
        out += "<time days=\"\(c.days)\" start=\"\(c.start)\" length=\"\(c.length)\" weeks=\"\(c.weeks)\" penalty=\"\(c.timePenalty)\"/>"
        return out + "</class>\n"
    }

    /// One course "k" with one config and one subpart per class (so a student could take all).
    static func course(_ classes: [TestClass], id: String = "k") -> String {
        var out = "<course id=\"\(id)\"><config id=\"\(id)-1\">"
        for c in classes { out += "<subpart id=\"\(id)-\(c.id)\">" + classXML(c) + "</subpart>" }
        return out + "</config></course>"
    }

    static func distribution(_ type: String, _ ids: [String], required: Bool, penalty: Int) -> String {
        var out = "<distribution type=\"\(type)\" " + (required ? "required=\"true\">" : "penalty=\"\(penalty)\">")
        for id in ids { out += "<class id=\"\(id)\"/>" }
        return out + "</distribution>"
    }
}

extension XCTestCase {
    func readProblem(_ xml: String, file: StaticString = #filePath, line: UInt = #line) throws -> ITCProblem {
        do { return try ITCProblemReader.read(Data(xml.utf8)) } catch {
            XCTFail("the problem does not read: \(error)", file: file, line: line)
            throw error
        }
    }

    /// Every class at its first time and first room; students as given.
    func firstOptions(_ p: ITCProblem, students: [String: [String]] = [:]) -> ITCSolutionDocument {
        var rows: [ITCSolutionClass] = []
        for c in p.classes {
            let t = c.times[0].time
            rows.append(ITCSolutionClass(id: c.id, days: t.days.string(length: p.nrDays), start: t.start,
                                         weeks: t.weeks.string(length: p.nrWeeks), room: c.rooms.first.map { p.rooms[$0.room].id },
                                         students: students[c.id] ?? []))
        }
        return ITCSolutionDocument(name: p.name, classes: rows)
    }

    /// Judges one distribution of `type` over `classes` (each at its only time), soft with `penalty` or required.
    func judge(_ type: String, _ classes: [TestClass], required: Bool, penalty: Int = 3, nrWeeks: Int = 2,
               options: ITCValidationOptions = ITCValidationOptions(), file: StaticString = #filePath, line: UInt = #line) throws -> ITCReport {
        let xml = TestXML.problem(nrWeeks: nrWeeks, courses: TestXML.course(classes),
                                  distributions: TestXML.distribution(type, classes.map(\.id), required: required, penalty: penalty))
        let p = try readProblem(xml, file: file, line: line)
        return ITCValidator(p, options: options).validate(firstOptions(p))
    }

    /// Asserts the soft penalty and that the required form is broken exactly when it is positive
    /// (or when `hardBroken` says so, for the types whose soft penalty divides by the weeks).
    func assertDistribution(_ type: String, _ classes: [TestClass], softPenalty expected: Int, hardBroken: Bool? = nil, nrWeeks: Int = 2,
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let soft = try judge(type, classes, required: false, nrWeeks: nrWeeks, file: file, line: line)
        XCTAssertTrue(soft.valid, "soft \(type) must not make the solution invalid: \(soft.hardViolations)", file: file, line: line)
        XCTAssertEqual(soft.distributionPenalty, expected, "soft \(type) penalty", file: file, line: line)
        XCTAssertEqual(soft.total, expected, "the total weighs the distribution penalty by 1", file: file, line: line)
        let hard = try judge(type, classes, required: true, nrWeeks: nrWeeks, file: file, line: line)
        XCTAssertEqual(hard.distributionPenalty, 0, "a required constraint has no penalty", file: file, line: line)
        let broken = hardBroken ?? (expected > 0)
        XCTAssertEqual(hard.hardViolations.map(\.kind), broken ? [.requiredDistribution] : [], "required \(type)", file: file, line: line)
    }
}

/// `C("a", "1000000", 100, 10)`: a class meeting Monday at slot 100 for 10 slots, every week of 2.
func C(_ id: String, _ days: String, _ start: Int, _ length: Int, weeks: String = "11", rooms: [String] = []) -> TestClass {
    TestClass(id: id, days: days, start: start, length: length, weeks: weeks, rooms: rooms)
}

let MON = "1000000", TUE = "0100000", WED = "0010000"
