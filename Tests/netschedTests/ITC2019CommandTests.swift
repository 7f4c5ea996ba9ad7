import Foundation
import XCTest

/// `netsched itc2019 validate|check` run as users run them, on a small problem written here.
final class ITC2019CommandTests: XCTestCase {
    static let problem = """
        <?xml version="1.0" encoding="UTF-8"?>
        <problem name="two" nrDays="7" nrWeeks="2" slotsPerDay="288">
          <optimization time="2" room="1" distribution="3" student="5"/>
          <rooms>
            <room id="1" capacity="30"/>
            <room id="2" capacity="30"><travel room="1" value="4"/></room>
          </rooms>
          <courses>
            <course id="c"><config id="1">
              <subpart id="1"><class id="1" limit="2"><room id="1" penalty="1"/><room id="2" penalty="0"/>
                <time days="1000000" start="100" length="10" weeks="11" penalty="0"/></class></subpart>
              <subpart id="2"><class id="2" limit="2"><room id="1" penalty="0"/>
                <time days="1000000" start="105" length="10" weeks="11" penalty="0"/>
                <time days="1000000" start="112" length="10" weeks="11" penalty="2"/></class></subpart>
            </config></course>
          </courses>
          <distributions>
            <distribution type="SameRoom" penalty="4"><class id="1"/><class id="2"/></distribution>
          </distributions>
          <students><student id="s"><course id="c"/></student></students>
        </problem>
        """

    func write(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-itc2019-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func solution(room1: String, start2: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <solution name="two" runtime="1" cores="1" technique="hand" author="tests" institution="here" country="nowhere">
          <class id="1" days="1000000" start="100" weeks="11" room="\(room1)"><student id="s"/></class>
          <class id="2" days="1000000" start="\(start2)" weeks="11" room="1"><student id="s"/></class>
        </solution>
        """
    }

    func testValidSolutionExitsZeroWithTheComponents() throws {
        let p = try write("two.xml", Self.problem)
        // Class 1 in room 2 until 110, class 2 in room 1 from 112: 2 slots < travel 4 → 1 student conflict;
        // SameRoom broken (penalty 4); time penalty 2 (class 2's second time).
        let s = try write("good.xml", solution(room1: "2", start2: 112))
        let run = try CommandLineTests.run(["itc2019", "check", p, s, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["valid"] as? Bool, true)
        XCTAssertEqual((json["hardViolations"] as? [Any])?.count, 0)
        XCTAssertEqual(json["timePenalty"] as? Int, 2)
        XCTAssertEqual(json["roomPenalty"] as? Int, 0)
        XCTAssertEqual(json["distributionPenalty"] as? Int, 4)
        XCTAssertEqual(json["studentConflicts"] as? Int, 1)
        XCTAssertEqual(json["total"] as? Int, 2 * 2 + 0 * 1 + 4 * 3 + 1 * 5)
        let text = try CommandLineTests.run(["itc2019", "check", p, s])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("total:                21"), text.stdout)
    }

    func testHardViolationsExitOne() throws {
        let p = try write("two.xml", Self.problem)
        let s = try write("clash.xml", solution(room1: "1", start2: 105))
        let run = try CommandLineTests.run(["itc2019", "check", p, s, "--json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["valid"] as? Bool, false)
        let violations = json["hardViolations"] as! [[String: Any]]
        XCTAssertEqual(violations.map { $0["kind"] as? String }, ["roomConflict"])
        XCTAssertEqual(violations.first?["classes"] as? [String], ["1", "2"])
        XCTAssertNotNil(violations.first?["students"])
        XCTAssertNotNil(violations.first?["message"])
    }

    func testUnusableInputExitsTwoNamingElementAndLine() throws {
        let broken = Self.problem.replacingOccurrences(of: "<class id=\"2\"/></distribution>", with: "<class id=\"9\"/></distribution>")
        let p = try write("broken.xml", broken)
        let s = try write("good.xml", solution(room1: "2", start2: 112))
        let run = try CommandLineTests.run(["itc2019", "check", p, s])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("broken.xml:18: <class id=\"9\">: the class \"9\" does not exist"), run.stderr)
        let malformed = try write("malformed.xml", "<solution name=\"two\">\n<class id=\"1\" days=\"1000000\" start=\"100\" weeks=\"11\" room=\"2\">\n</solution>\n")
        let bad = try CommandLineTests.run(["itc2019", "check", try write("two.xml", Self.problem), malformed])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("malformed.xml:3: XML: malformed XML"), bad.stderr)
    }

    func testValidatePrintsTheSize() throws {
        let p = try write("two.xml", Self.problem)
        let run = try CommandLineTests.run(["itc2019", "validate", p])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("2 rooms, 1 courses, 2 classes, 1 students, 1 distributions (0 required)"), run.stdout)
    }
}
