import Foundation
import XCTest
@testable import TimetablingITC2019

/// The competition's instances in ../shared/itc2019 (next to the package; the tests skip when the
/// folder is absent) and competition-era solutions published by the INESC-ID team
/// (Fixtures/solutions, see Fixtures/README.md).
final class ITC2019InstanceTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/itc2019")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/solutions")

    /// rooms, classes, students, distributions of each instance as read.
    static let sizes: [String: (Int, Int, Int, Int)] = [
        "bet-fal17": (62, 983, 3018, 1251), "bet-sum18": (46, 127, 0, 144), "lums-fal17": (97, 502, 0, 599),
        "lums-spr18": (73, 487, 0, 518), "lums-sum17": (62, 20, 0, 2), "mary-fal18": (93, 951, 5051, 515),
        "mary-spr17": (90, 882, 3666, 3951), "muni-fi-spr17": (35, 516, 1469, 710), "muni-fsps-spr17": (44, 561, 865, 400),
        "pu-cs-fal07": (13, 174, 2002, 102), "pu-d5-spr17": (84, 1061, 13497, 1535), "tg-fal17": (23, 711, 0, 503),
        "tg-spr18": (24, 676, 0, 426), "yach-fal17": (33, 417, 821, 645),
    ]

    /// Lower bounds of the competition's results page (the validator's total can never be below them).
    static let lowerBounds: [String: Int] = [
        "muni-fsps-spr17": 868, "tg-fal17": 4215, "mary-spr17": 14359, "bet-fal17": 89278, "lums-spr18": 24,
        "muni-fi-spr17": 2500, "pu-d5-spr17": 6981, "yach-fal17": 516, "lums-fal17": 254, "mary-fal18": 3496,
    ]

    private func problemURL(_ name: String) throws -> URL {
        let url = Self.shared.appendingPathComponent("\(name).xml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("\(Self.shared.path) is absent: the ITC 2019 instances are not next to the package (clone it beside `shared`)")
        }
        return url
    }

    func testEveryGivenInstanceReads() throws {
        for (name, size) in Self.sizes.sorted(by: { $0.key < $1.key }) {
            let p = try ITCProblemReader.read(contentsOf: try problemURL(name))
            XCTAssertEqual(p.name, name)
            XCTAssertEqual(p.rooms.count, size.0, name)
            XCTAssertEqual(p.classes.count, size.1, name)
            XCTAssertEqual(p.students.count, size.2, name)
            XCTAssertEqual(p.distributions.count, size.3, name)
            XCTAssertTrue(p.classes.allSatisfy { !$0.times.isEmpty }, name)
        }
    }

    private func check(_ name: String, options: ITCValidationOptions = ITCValidationOptions()) throws -> (ITCProblem, ITCSolutionDocument, ITCReport) {
        let p = try ITCProblemReader.read(contentsOf: try problemURL(name))
        let s = try ITCSolutionReader.read(contentsOf: Self.fixtures.appendingPathComponent("\(name).xml"))
        return (p, s, ITCValidator(p, options: options).validate(s))
    }

    func testPublishedSolutionsHaveNoHardViolation() throws {
        for name in ["lums-fal17", "lums-spr18", "lums-sum17", "tg-fal17", "tg-spr18", "yach-fal17"] {
            let (p, s, report) = try check(name)
            XCTAssertEqual(report.hardViolations, [], name)
            XCTAssertGreaterThanOrEqual(report.total, Self.lowerBounds[name] ?? 0, name)
            XCTAssertEqual(s.classes.count, p.classes.count, name)
            // Back to dense indices, written out and read again: the same judgement.
            let (assignment, violations, _) = ITCValidator(p).resolve(s)
            XCTAssertEqual(violations, [])
            let written = ITCSolutionDocument(problem: p, assignment: assignment, technique: "round trip")
            let again = ITCValidator(p).validate(try ITCSolutionReader.read(ITCSolutionWriter.data(written)))
            XCTAssertEqual(again.hardViolations, [], name)
            XCTAssertEqual(again.total, report.total, name)
            XCTAssertEqual(again.studentConflicts, report.studentConflicts, name)
        }
    }

    /// muni-fi-spr17's published solution has blocks of classes that start together longer than a
    /// required MaxBlock allows: invalid by the published text, valid by UniTime's reading (which the
    /// competition's validator follows, since it accepted the solution).
    func testMaxBlockReadingDecidesMuniFiSpr17() throws {
        let (_, _, text) = try check("muni-fi-spr17")
        XCTAssertFalse(text.valid)
        XCTAssertEqual(Set(text.hardViolations.map(\.kind)), [.requiredDistribution])
        XCTAssertTrue(text.hardViolations.allSatisfy { $0.message.contains("MaxBlock") }, "\(text.hardViolations)")
        let (_, _, unitime) = try check("muni-fi-spr17", options: ITCValidationOptions(maxBlockExemptsSameStart: true))
        XCTAssertEqual(unitime.hardViolations, [])
        XCTAssertGreaterThanOrEqual(unitime.total, Self.lowerBounds["muni-fi-spr17"]!)
    }

    func testASolutionForAnotherProblemIsRejected() throws {
        let p = try ITCProblemReader.read(contentsOf: try problemURL("tg-spr18"))
        let s = try ITCSolutionReader.read(contentsOf: Self.fixtures.appendingPathComponent("tg-fal17.xml"))
        let report = ITCValidator(p).validate(s)
        XCTAssertTrue(report.hardViolations.contains { $0.kind == .wrongInstance })
        XCTAssertTrue(report.hardViolations.contains { $0.kind == .invalidTime })
    }
}
