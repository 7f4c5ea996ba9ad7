import Foundation
import XCTest

/// Outputs are written whole or not at all: a temporary file beside the final one, renamed into
/// place. A folder that cannot be written, a full file system or a file size limit gives exit 2
/// and a message naming the path, and leaves no partial file (a file already there keeps its
/// contents).
///
/// Tests may run as root, where `chmod` does not stop writes: the read-only folder is then a
/// read-only tmpfs mounted for the test when the machine allows mounting, and always also a path
/// whose parent is a regular file (a folder that cannot exist). The full file system is a 4 KiB
/// tmpfs when it can be mounted, and always also a file size limit on the process (`ulimit -f`,
/// with SIGXFSZ ignored so the write fails with EFBIG instead of killing the process), which stops
/// the write part way through as a full disk does.
final class OutputFileTests: XCTestCase {
    private var mounts: [String] = []

    override func tearDown() {
        for m in mounts { _ = try? shell("umount \(m)") }
        mounts = []
        super.tearDown()
    }

    private func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-output-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @discardableResult
    private func shell(_ command: String) throws -> CommandLineTests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = CommandLineTests.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A tmpfs mounted on a new folder, or nil when this machine does not let the test mount one.
    private func tmpfs(_ name: String, options: String) throws -> URL? {
        guard geteuid() == 0 else { return nil }
        let dir = try folder(name)
        guard try shell("mount -t tmpfs -o \(options) tmpfs '\(dir.path)'").status == 0 else { return nil }
        mounts.append(dir.path)
        return dir
    }

    private var netsched: String { CommandLineTests.productsDirectory.appendingPathComponent("netsched").path }
    private var tiny: String { CommandLineTests.root.appendingPathComponent("Examples/tiny.json").path }

    /// The entries of a folder (temporary files included).
    private func entries(_ dir: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }

    private func assertRefused(_ r: CommandLineTests.Run, path: String, reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains("cannot write \(path): \(reason)"), r.stderr, file: file, line: line)
    }

    func testSolveIntoAFolderThatCannotBeWrittenExitsTwoAndWritesNothing() throws {
        // A path whose parent is a regular file: no user, root included, can write there.
        let dir = try folder("not-a-folder")
        let blocker = dir.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: blocker)
        let out = blocker.appendingPathComponent("solution.json").path
        let r = try CommandLineTests.run(["solve", tiny, "--out", out, "--engine", "greedy", "--quiet"])
        assertRefused(r, path: out, reason: "Not a directory")
        XCTAssertEqual(entries(dir), ["plain-file"])

        // A read-only folder: chmod for an ordinary user, a read-only tmpfs for root.
        let readOnly: URL?
        if geteuid() == 0 {
            readOnly = try tmpfs("read-only", options: "ro,size=64k")
            if readOnly == nil { print("note: running as root without mount: the read-only folder case is covered by the path above") }
        } else {
            let d = try folder("read-only")
            XCTAssertEqual(chmod(d.path, 0o555), 0)
            readOnly = d
        }
        if let readOnly {
            defer { _ = chmod(readOnly.path, 0o755) }
            let out = readOnly.appendingPathComponent("solution.json").path
            let r = try CommandLineTests.run(["solve", tiny, "--out", out, "--engine", "greedy", "--quiet"])
            assertRefused(r, path: out, reason: geteuid() == 0 ? "Read-only file system" : "Permission denied")
            XCTAssertEqual(entries(readOnly), [])
        }
    }

    func testAWriteThatCannotCompleteLeavesNoPartialFile() throws {
        // A file size limit of one block: the solution (about 5 KB) stops part way through.
        let dir = try folder("size-limit")
        let out = dir.appendingPathComponent("solution.json")
        try Data("previous solution\n".utf8).write(to: out)
        let r = try shell("trap '' XFSZ; ulimit -f 1; exec '\(netsched)' solve '\(tiny)' --out '\(out.path)' --engine greedy --quiet")
        assertRefused(r, path: out.path, reason: "File too large")
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), "previous solution\n", "the file already there keeps its contents")
        XCTAssertEqual(entries(dir), ["solution.json"], "no temporary file left behind")

        // The same for a report folder and an exported model.
        let report = dir.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: report, withIntermediateDirectories: true)
        let solution = dir.appendingPathComponent("ok.json").path
        XCTAssertEqual(try CommandLineTests.run(["solve", tiny, "--out", solution, "--engine", "greedy", "--quiet"]).status, 0)
        let rr = try shell("trap '' XFSZ; ulimit -f 1; exec '\(netsched)' report '\(tiny)' '\(solution)' --out '\(report.path)' --format html")
        XCTAssertEqual(rr.status, 2, rr.stdout + rr.stderr)
        XCTAssertTrue(rr.stderr.contains("cannot write \(report.path)/html/"), rr.stderr)
        // Every file there is whole: none is cut at the limit, none is temporary.
        let written = FileManager.default.enumerator(atPath: report.path)?.compactMap { $0 as? String } ?? []
        for f in written where !f.hasSuffix("/") {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: report.appendingPathComponent(f).path, isDirectory: &isDir), !isDir.boolValue else { continue }
            XCTAssertFalse((f as NSString).lastPathComponent.hasPrefix("."), "temporary file \(f) left")
            let html = try String(contentsOf: report.appendingPathComponent(f), encoding: .utf8)
            XCTAssertTrue(html.hasSuffix("</html>\n"), "\(f) is cut")
        }
        let lp = dir.appendingPathComponent("tiny.lp").path
        let m = try shell("trap '' XFSZ; ulimit -f 1; exec '\(netsched)' export-model '\(tiny)' --lp '\(lp)'")
        XCTAssertEqual(m.status, 2, m.stdout + m.stderr)
        XCTAssertTrue(m.stderr.contains("cannot write \(lp)"), m.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lp))
        XCTAssertEqual(entries(dir).filter { $0.hasPrefix(".") }, [], "no temporary file left behind")

        // A full file system, when a small tmpfs can be mounted here.
        if let full = try tmpfs("full", options: "size=4k") {
            let out = full.appendingPathComponent("solution.json").path
            let r = try CommandLineTests.run(["solve", tiny, "--out", out, "--engine", "greedy", "--quiet"])
            assertRefused(r, path: out, reason: "No space left on device")
            XCTAssertEqual(entries(full), [])
        } else {
            print("note: no tmpfs could be mounted; the full file system is covered by the file size limit above")
        }
    }
}
