import Foundation
import XCTest
@testable import TimetablingFET

/// The FET solver's timetables judged by FET itself, which shares no code with ours.
///
/// Our solver solves real school files shipped with Debian's fet-data; the written file (every
/// activity's start and room at weight 100) is handed to `fet-cl` with the soft constraints
/// (weight below 100) taken out — FET's generator applies a 95% constraint with probability 0.95
/// at each placement, so soft violations would make it search instead of judge. Every start is
/// then fixed: FET can only report success when our timetable meets every hard constraint as FET
/// reads it, and its own timetable must put every activity where ours did. A timetable broken on
/// purpose (two activities of one teacher at one time) must not pass.
///
/// Needs `fet-cl` and the fet-data examples (`apt-get install fet`, which `scripts/setup.sh` does).
final class FETJudgeTests: XCTestCase {
    static let examples = URL(fileURLWithPath: "/usr/share/doc/fet-data/examples/FET-5-official")
    static let files = [
        "Denmark/small-school.fet",
        "United-Kingdom/Hopwood/Hopwood.fet",
        "Spain/3-school/primaria.fet",
        "Argentina/Horario_ISJ.fet",
        "Algeria/Mechanical-Batna_Univ/ET2012-2013-S2.fet",
    ]

    func fetCL() throws -> URL {
        for dir in ["/usr/bin", "/usr/local/bin"] {
            let url = URL(fileURLWithPath: dir).appendingPathComponent("fet-cl")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        XCTFail("fet-cl is not installed: run scripts/setup.sh (apt-get install fet)")
        throw XCTSkip("unreachable")
    }

    /// The file without constraints of weight below 100.
    static func hardOnly(_ text: String) throws -> String {
        let block = try NSRegularExpression(pattern: "<(Constraint[A-Za-z]+)>.*?</\\1>\\s*", options: [.dotMatchesLineSeparators])
        let weight = try NSRegularExpression(pattern: "<Weight_Percentage>\\s*([0-9.]+)\\s*</Weight_Percentage>")
        var out = "", last = text.startIndex
        let ns = text as NSString
        for m in block.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let range = Range(m.range, in: text)!
            out += text[last..<range.lowerBound]
            let body = ns.substring(with: m.range)
            let w = weight.firstMatch(in: body, range: NSRange(location: 0, length: (body as NSString).length))
                .flatMap { Double((body as NSString).substring(with: $0.range(at: 1))) }
            if w == nil || w! >= 100 { out += body }
            last = range.upperBound
        }
        return out + text[last...]
    }

    /// Runs fet-cl on `file`; its log and the (day, hour) of every activity in its timetable, nil
    /// for an activity it did not place.
    func judge(_ file: URL, in dir: URL, seconds: Int = 30) throws -> (success: Bool, log: String, placed: [Int: (String, String)?]) {
        let out = dir.appendingPathComponent("out")
        let process = Process()
        process.executableURL = try fetCL()
        process.arguments = ["--inputfile=\(file.path)", "--outputdir=\(out.path)", "--timelimitseconds=\(seconds)", "--htmllevel=0"]
        var environment = ProcessInfo.processInfo.environment
        environment["QT_QPA_PLATFORM"] = "offscreen"
        process.environment = environment
        let log = dir.appendingPathComponent("fet-cl.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // fet-cl's own limit does not always end it when it cannot place a fixed activity.
        let deadline = Date().addingTimeInterval(Double(seconds) + 3)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try handle.close()
        let text = try String(contentsOf: log, encoding: .utf8)
        let name = file.deletingPathExtension().lastPathComponent
        let xml = out.appendingPathComponent("timetables/\(name)/\(name)_activities.xml")
        var placed: [Int: (String, String)?] = [:]
        if let data = try? String(contentsOf: xml, encoding: .utf8) {
            let activity = try NSRegularExpression(pattern: "<Activity>\\s*<Id>(\\d+)</Id>\\s*(?:<Day>([^<]*)</Day>)?\\s*(?:<Hour>([^<]*)</Hour>)?")
            let ns = data as NSString
            for m in activity.matches(in: data, range: NSRange(location: 0, length: ns.length)) {
                let id = Int(ns.substring(with: m.range(at: 1)))!
                if m.range(at: 2).location != NSNotFound, m.range(at: 3).location != NSNotFound {
                    placed[id] = (ns.substring(with: m.range(at: 2)), ns.substring(with: m.range(at: 3)))
                } else {
                    placed[id] = .some(nil)
                }
            }
        }
        return (text.contains("Simulation successful"), text, placed)
    }

    func testFETAcceptsOurTimetablesOfRealSchools() throws {
        _ = try fetCL()
        for path in Self.files {
            let url = Self.examples.appendingPathComponent(path)
            let data = try Data(contentsOf: url)
            let problem = FETProblem(try FETReader.read(data: data).document)
            XCTAssertTrue(problem.unsupported.isEmpty, "\(path): \(problem.unsupported)")
            let result = FETSolver.solve(problem, parameters: .init(timeLimit: 5, seed: 1))
            XCTAssertTrue(FETChecker.check(problem, result.assignment).isFeasible, "\(path): our own checker")
            let written = try FETWriter.write(result.assignment, of: problem, into: data)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fet-judge-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent(url.lastPathComponent)
            try Self.hardOnly(String(decoding: written, as: UTF8.self)).write(to: file, atomically: true, encoding: .utf8)

            let verdict = try judge(file, in: dir)
            XCTAssertTrue(verdict.success, "\(path): fet-cl did not accept our timetable:\n\(verdict.log.suffix(2_000))")
            // FET put every activity where we did.
            let d = problem.document
            XCTAssertEqual(verdict.placed.count, problem.activities.count, path)
            for (i, a) in problem.activities.enumerated() {
                let s = result.assignment.start[i]
                let ours = (d.days[s / problem.hours], d.hours[s % problem.hours])
                let theirs = verdict.placed[a.id] ?? nil
                XCTAssertTrue(theirs.map { $0 == ours } ?? false, "\(path): activity \(a.id) ours \(ours), FET's \(String(describing: theirs))")
            }
        }
    }

    /// The judge can fail: two activities of one teacher put at the same time are refused.
    func testFETRefusesABrokenTimetable() throws {
        _ = try fetCL()
        let url = Self.examples.appendingPathComponent("Denmark/small-school.fet")
        let data = try Data(contentsOf: url)
        let problem = FETProblem(try FETReader.read(data: data).document)
        var assignment = FETSolver.solve(problem, parameters: .init(timeLimit: 5, seed: 1)).assignment
        // Two activities sharing a teacher, the second moved onto the first's start.
        var pair: (Int, Int)?
        search: for i in problem.activities.indices {
            for j in problem.activities.indices where j > i && problem.activities[i].duration == problem.activities[j].duration {
                if !Set(problem.activityTeachers[i]).isDisjoint(with: problem.activityTeachers[j]) { pair = (i, j); break search }
            }
        }
        let (i, j) = try XCTUnwrap(pair)
        assignment.start[j] = assignment.start[i]
        XCTAssertFalse(FETChecker.check(problem, assignment).isFeasible, "our checker sees the clash too")
        let written = try FETWriter.write(assignment, of: problem, into: data)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fet-judge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.fet")
        try Self.hardOnly(String(decoding: written, as: UTF8.self)).write(to: file, atomically: true, encoding: .utf8)
        XCTAssertFalse(try judge(file, in: dir, seconds: 3).success, "fet-cl accepted a teacher in two places at once")
    }
}
