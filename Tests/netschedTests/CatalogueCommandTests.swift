import Foundation
import XCTest

/// End-to-end runs of the built `netsched catalogue`: the files it writes, its languages and
/// formats, and its exit codes for unusable input (2) and bad flags (64).
final class CatalogueCommandTests: XCTestCase {
    private func run(_ arguments: [String]) throws -> CommandLineTests.Run { try CommandLineTests.run(arguments) }

    private func example(_ name: String) -> String { CommandLineTests.root.appendingPathComponent("Examples/\(name).json").path }

    private func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-catalogue-\(getpid())/\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func text(_ url: URL) throws -> String { String(decoding: try Data(contentsOf: url), as: UTF8.self) }

    func testCatalogueOfTerbunyWritesThePageAndTheTableInBothLanguages() throws {
        let dir = try folder("terbuny")
        let ru = dir.appendingPathComponent("ru"), en = dir.appendingPathComponent("en")
        let r = try run(["catalogue", example("terbuny-network"), "--out", ru.path])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("20 courses in 13 subjects"), r.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ru.path).sorted(), ["catalogue.csv", "catalogue.html"])
        let page = try text(ru.appendingPathComponent("catalogue.html"))
        XCTAssertTrue(page.contains("<html lang=\"ru\">") && page.contains("Каталог курсов сети"))
        XCTAssertEqual(page.components(separatedBy: "<span class=\"cid\">").count - 1, 20, "every course once")
        let csv = try text(ru.appendingPathComponent("catalogue.csv"))
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}Предмет,"), String(csv.prefix(80)))
        XCTAssertTrue(csv.contains("maths-adv-10"))

        let e = try run(["catalogue", example("terbuny-network"), "--out", en.path, "--lang", "en", "--format", "html"])
        XCTAssertEqual(e.status, 0, e.stdout + e.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: en.path), ["catalogue.html"])
        let english = try text(en.appendingPathComponent("catalogue.html"))
        XCTAssertTrue(english.contains("Network course catalogue") && english.contains("2 × 1 period, on different days"))
    }

    func testUnusableInputExitsTwoAndBadFlagsAreUsageErrors() throws {
        let dir = try folder("bad")
        // An instance with an error: exit 2, the field named, nothing written.
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: example("tiny")))) as? [String: Any])
        var courses = object["courses"] as! [[String: Any]]
        courses[0]["maxSize"] = "many"
        object["courses"] = courses
        let broken = dir.appendingPathComponent("broken.json")
        try JSONSerialization.data(withJSONObject: object).write(to: broken)
        let out = dir.appendingPathComponent("out")
        let r = try run(["catalogue", broken.path, "--out", out.path])
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("courses[0].maxSize"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        // A missing file: exit 2.
        XCTAssertEqual(try run(["catalogue", dir.appendingPathComponent("nothing.json").path, "--out", out.path]).status, 2)
        // A file where the output folder should be: exit 2, naming the path.
        let blocker = dir.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let w = try run(["catalogue", example("tiny"), "--out", blocker.path])
        XCTAssertEqual(w.status, 2, w.stdout + w.stderr)
        XCTAssertTrue(w.stderr.contains("a-file"), w.stderr)
        // Bad flags: usage errors naming the flag and the choices.
        let f = try run(["catalogue", example("tiny"), "--out", out.path, "--format", "pdf"])
        XCTAssertEqual(f.status, 64, f.stderr)
        XCTAssertTrue(f.stderr.contains("pdf") && f.stderr.contains("html, csv"), f.stderr)
        let l = try run(["catalogue", example("tiny"), "--out", out.path, "--lang", "de"])
        XCTAssertEqual(l.status, 64, l.stderr)
        XCTAssertTrue(l.stderr.contains("--lang"), l.stderr)
        XCTAssertNotEqual(try run(["catalogue", example("tiny")]).status, 0, "--out is required")
    }
}
