import Foundation
import XCTest
@testable import TimetablingITC2019

/// The problem reader: what it keeps, and every broken file named by element and line.
final class ITC2019ReaderTests: XCTestCase {
    private func issues(_ xml: String, file: StaticString = #filePath, line: UInt = #line) -> [ITCReadIssue] {
        do {
            _ = try ITCProblemReader.read(Data(xml.utf8))
            XCTFail("the problem should not read", file: file, line: line)
            return []
        } catch {
            return error.issues
        }
    }

    /// 1-based line of the first line of `xml` containing `text`.
    private func lineOf(_ text: String, in xml: String) -> Int {
        xml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }! + 1
    }

    func testReadsTheStructureIntoDenseIndices() throws {
        let classes = [C("1", "1010100", 90, 10, rooms: ["r1", "r2"]), TestClass(id: "2", days: TUE, start: 100, length: 5, weeks: "01", parent: "1")]
        let xml = TestXML.problem(weights: "time=\"2\" room=\"1\" distribution=\"5\" student=\"10\"", courses: TestXML.course(classes),
                                  distributions: TestXML.distribution("MaxBreaks(1,12)", ["2", "1"], required: false, penalty: 4),
                                  students: "<student id=\"s\"><course id=\"k\"/></student>")
        let p = try readProblem(xml)
        XCTAssertEqual(p.weights, ITCWeights(time: 2, room: 1, distribution: 5, student: 10))
        XCTAssertEqual(p.rooms.map(\.id), ["r1", "r2", "r3"])
        XCTAssertEqual(p.travel(0, 1), 5)
        XCTAssertEqual(p.travel(1, 0), 5, "travel times are symmetric though listed once")
        XCTAssertEqual(p.travel(0, 2), 0)
        XCTAssertEqual(p.rooms[2].unavailable.count, 1)
        XCTAssertEqual(p.classes.map(\.id), ["1", "2"])
        XCTAssertEqual(p.classes[1].parent, 0)
        XCTAssertEqual(p.classes[0].rooms.map(\.room), [0, 1])
        XCTAssertEqual(p.classes[0].times[0].time.days, ITCBits("1010100"))
        XCTAssertEqual(p.classes[0].times[0].time.end, 100)
        XCTAssertEqual(p.classes[1].times[0].time.weeks.first, 1)
        XCTAssertEqual(p.subparts.count, 2)
        XCTAssertEqual(p.configs[0].subparts, [0, 1])
        XCTAssertEqual(p.distributions[0].kind, .maxBreaks(r: 1, s: 12))
        XCTAssertEqual(p.distributions[0].classes, [1, 0], "the listed order is kept")
        XCTAssertEqual(p.distributions[0].penalty, 4)
        XCTAssertEqual(p.students[0].courses, [0])
    }

    func testMalformedXMLNamesTheLine() {
        let xml = TestXML.problem(courses: TestXML.course([C("1", MON, 100, 10)])).replacingOccurrences(of: "</courses>", with: "</course>")
        let found = issues(xml)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.element, "XML")
        let broken = xml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "</course>" }! + 1
        XCTAssertEqual(found.first?.line, broken, "\(found)")
        XCTAssertTrue(found.first?.message.contains("an end tag does not match its start tag") ?? false, "\(found)")
    }

    func testBrokenReferencesAreAllCollectedWithTheirLines() {
        var xml = TestXML.problem(
            courses: """
                <course id="k"><config id="c"><subpart id="p">
                <class id="1" limit="5"><room id="nowhere" penalty="0"/><time days="10000" start="100" length="10" weeks="11"/></class>
                <class id="2" limit="5" parent="ghost" room="false"><time days="1000000" start="100" length="10" weeks="11"/></class>
                </subpart></config></course>
                """,
            distributions: TestXML.distribution("NotOverlap", ["1", "404"], required: true, penalty: 0)
                + TestXML.distribution("MaxBlock(5)", ["1"], required: false, penalty: 1),
            students: "<student id=\"s\"><course id=\"missing\"/></student>")
        xml = xml.replacingOccurrences(of: "<room id=\"r2\" capacity=\"50\"/>", with: "<room id=\"r2\" capacity=\"fifty\"/>")
        let found = issues(xml)
        func has(_ line: Int, _ element: String, _ words: String, file: StaticString = #filePath, l: UInt = #line) {
            XCTAssertTrue(found.contains { $0.line == line && $0.element.hasPrefix(element) && $0.message.contains(words) },
                          "expected line \(line) \(element) …\(words)… in \(found.map(\.description))", file: file, line: l)
        }
        has(lineOf("capacity=\"fifty\"", in: xml), "<room id=\"r2\">", "capacity=\"fifty\" is not a whole number")
        has(lineOf("nowhere", in: xml), "<room id=\"nowhere\">", "the room \"nowhere\" does not exist")
        has(lineOf("nowhere", in: xml), "<time>", "days=\"10000\" has 5 characters; the problem has 7")
        has(lineOf("ghost", in: xml), "<class id=\"2\">", "the parent class \"ghost\" does not exist")
        has(lineOf("404", in: xml), "<class id=\"404\">", "the class \"404\" does not exist")
        has(lineOf("MaxBlock(5)", in: xml), "<distribution type=\"MaxBlock(5)\">", "is not one of the 19 distribution types")
        has(lineOf("missing", in: xml), "<course id=\"missing\">", "the course \"missing\" does not exist")
        XCTAssertEqual(found.map(\.line), found.map(\.line).sorted(), "issues come in file order")
    }

    func testDuplicateIdsAndStructuralMistakes() {
        let xml = TestXML.problem(
            courses: """
                <course id="k"><config id="c"><subpart id="p">
                <class id="1" limit="5" room="false"><time days="1000000" start="100" length="10" weeks="11"/></class>
                <class id="1" limit="5"><time days="1000000" start="100" length="0" weeks="11"/></class>
                </subpart><subpart id="q"/></config></course>
                <course id="j"><config id="d"><subpart id="r">
                <class id="3" limit="5" room="false" parent="1"><time days="1000000" start="100" length="10" weeks="1x"/></class>
                </subpart></config></course>
                """,
            distributions: "<distribution type=\"SameRoom\"><class id=\"1\"/></distribution>"
                + "<distribution type=\"NotOverlap\" required=\"true\"><class id=\"3\"/><class id=\"3\"/></distribution>")
        let found = issues(xml)
        let text = found.map(\.description).joined(separator: "\n")
        XCTAssertTrue(text.contains("the id 1 is already used by the class on line \(lineOf("<class id=\"1\" limit=\"5\" room", in: xml))"), text)
        XCTAssertTrue(text.contains("length=\"0\" is below 1"), text)
        XCTAssertTrue(text.contains("weeks=\"1x\" is not a string of 0 and 1"), text)
        XCTAssertTrue(text.contains("the subpart has no <class>"), text)
        XCTAssertTrue(text.contains("must be in another subpart of the same configuration"), text)
        XCTAssertTrue(text.contains("a distribution needs required=\"true\" or a penalty"), text)
        XCTAssertTrue(text.contains("the class 3 is listed twice in this distribution"), text)
    }

    func testElementsOutOfPlaceAndNumbersOutOfRange() {
        let xml = TestXML.problem(
            courses: """
                <room id="r9" capacity="5"><travel room="r1" value="2"/></room>
                <course id="k"><config id="c"><subpart id="p">
                <class id="1" limit="99999999999"><room id="r1" penalty="0"><travel room="r2" value="1"/></room>
                <time days="1000000" start="280" length="10" weeks="11"/></class>
                </subpart></config></course>
                """)
        let text = issues(xml).map(\.description).joined(separator: "\n")
        XCTAssertTrue(text.contains("line \(lineOf("r9", in: xml)): <room id=\"r9\">: unexpected element <room> inside <courses>"), text)
        XCTAssertTrue(text.contains("unexpected element <travel> inside <room>"), text)
        XCTAssertTrue(text.contains("limit=\"99999999999\" is above 1000000"), text)
        XCTAssertTrue(text.contains("ends at slot 290, after the day's 288 slots"), text)
    }

    /// Found by fuzzing (fuzz-itc2019): FoundationXML's parser trapped on an element name with
    /// bytes that are not UTF-8; such files, and processing instructions, are refused first.
    func testBytesThatCrashXMLParserAreRefusedWithTheirLine() {
        var bytes = Array("<?xml version=\"1.0\"?>\n<problem name=\"x\" nrDays=\"7\" nrWeeks=\"1\" slotsPerDay=\"288\">\n<unav".utf8)
        bytes += [0xFF, 0xFF, 0xFF]
        bytes += Array("/>\n</problem>\n".utf8)
        do {
            _ = try ITCProblemReader.read(Data(bytes))
            XCTFail("should not read")
        } catch {
            XCTAssertEqual(error.issues.map(\.line), [3])
            XCTAssertTrue(error.issues[0].message.contains("not valid UTF-8"), "\(error)")
        }
        for (text, line) in [("<problem>\n<?pi?>\n</problem>", 2), ("<?xml version=\"1.0\">\n<problem/>", 1), ("\n\n<problem/><?x", 3)] {
            do {
                _ = try ITCSolutionReader.read(Data(text.utf8))
                XCTFail("should not read: \(text)")
            } catch {
                XCTAssertEqual(error.issues.first?.line, line, text)
                XCTAssertTrue(error.issues.first?.message.hasPrefix("malformed XML") ?? false, "\(error)")
            }
        }
        XCTAssertEqual(ITCXMLEvents.firstNonUTF8(Array("aé€😀".utf8)), nil)
        XCTAssertEqual(ITCXMLEvents.firstNonUTF8([0x61, 0xC3]), 1, "a sequence cut short")
        XCTAssertEqual(ITCXMLEvents.firstNonUTF8([0xED, 0xA0, 0x80]), 0, "a surrogate")
        XCTAssertEqual(ITCXMLEvents.firstNonUTF8([0xC0, 0x80]), 0, "an overlong form")
    }

    func testMissingHeaderAndWrongRoot() {
        XCTAssertTrue(issues("<problem name=\"x\" nrDays=\"7\" slotsPerDay=\"288\"/>").contains { $0.message.contains("nrWeeks is missing") && $0.line == 1 })
        XCTAssertTrue(issues("<solution name=\"x\"/>").contains { $0.message.contains("root element must be <problem>") })
        XCTAssertEqual(issues("").first?.message, "not an XML document (no element at all)")
    }

    func testSolutionReaderErrors() {
        let bad = """
            <?xml version="1.0"?>
            <solution name="x">
              <class id="1" days="1000000" start="ten" weeks="11"/>
              <class days="1000000" start="1" weeks="11"/>
            </solution>
            """
        do {
            _ = try ITCSolutionReader.read(Data(bad.utf8))
            XCTFail("should not read")
        } catch {
            XCTAssertEqual(error.issues.map(\.line), [3, 4])
            XCTAssertTrue(error.issues[0].message.contains("start=\"ten\" is not a whole number"))
            XCTAssertTrue(error.issues[1].message.contains("id is missing"))
        }
        do {
            _ = try ITCSolutionReader.read(Data("<solution name=\"x\"><class id=\"1\"".utf8))
            XCTFail("should not read")
        } catch {
            XCTAssertEqual(error.issues.first?.element, "XML")
            XCTAssertTrue(error.issues.first?.message.contains("malformed XML") ?? false, "\(error.issues)")
        }
        // A file cut short after a complete element still fails.
        XCTAssertThrowsError(try ITCSolutionReader.read(Data("<solution name=\"x\">\n<class id=\"1\" days=\"1\" start=\"1\" weeks=\"1\"/>\n".utf8)))
    }

    /// The writer follows the DTD: `solution` with name, runtime, cores, technique, author,
    /// institution, country; `class` with id, days, start, weeks, room; `student` with id.
    func testWriterUsesTheCompetitionsElementAndAttributeNames() throws {
        let document = ITCSolutionDocument(name: "n", runtime: "1", cores: "2", technique: "t", author: "a", institution: "i", country: "c",
                                           classes: [ITCSolutionClass(id: "1", days: MON, start: 3, weeks: "11", room: "r", students: ["s"]),
                                                     ITCSolutionClass(id: "2", days: TUE, start: 4, weeks: "10")])
        let xml = ITCSolutionWriter.xml(document)
        XCTAssertTrue(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE solution PUBLIC \"-//ITC 2019//DTD Problem Format/EN\""))
        let events = try ITCXMLEvents.read(Data(xml.utf8)).filter(\.isStart)
        let allowed: [String: Set<String>] = ["solution": ["name", "runtime", "cores", "technique", "author", "institution", "country"],
                                              "class": ["id", "days", "start", "weeks", "room"], "student": ["id"]]
        XCTAssertEqual(events.map(\.name), ["solution", "class", "student", "class"])
        for e in events { XCTAssertTrue(Set(e.attributes.keys).isSubset(of: allowed[e.name]!), "\(e.name): \(e.attributes.keys)") }
        XCTAssertEqual(Set(events[0].attributes.keys), allowed["solution"])
        XCTAssertEqual(Set(events[1].attributes.keys), allowed["class"])
        XCTAssertNil(events[3].attributes["room"], "a class without a room has no room attribute")
    }

    func testBits() {
        let b = ITCBits("0010100")!
        XCTAssertEqual(b.first, 2)
        XCTAssertEqual(b.count, 2)
        XCTAssertEqual(b.string(length: 7), "0010100")
        XCTAssertTrue(ITCBits("0010000")!.isSubset(of: b))
        XCTAssertNil(ITCBits("012"))
        XCTAssertNil(ITCBits(String(repeating: "1", count: 65)))
        XCTAssertNil(ITCBits("00").flatMap(\.first))
    }
}
