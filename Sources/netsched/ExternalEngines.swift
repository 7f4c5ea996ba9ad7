import Foundation
import NetworkTimetabling
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Engines written outside netsched (a researcher's strategy in its own package): an executable
/// named `netsched-engine-NAME`, in netsched's own directory or on `PATH`, is the engine `NAME`.
/// `netsched engines` lists it, `netsched solve --engine NAME` runs it in place of itself and
/// `netsched bench --engines NAME` benchmarks it like a built-in engine.
///
/// The program takes `netsched solve`'s arguments — `INSTANCE --out SOLUTION --engine NAME
/// --time-limit SECONDS --seed N`, plus `--threads N`, `--gap G`, `--quiet`, `--progress json|none`
/// and `--warm-start SOLUTION` when they are given — writes the solution, prints progress on
/// standard error in `netsched solve`'s formats (with `--progress json`, one `SolveProgress` JSON
/// object per line: `netsched bench` reads those) and exits with `netsched solve`'s codes. `Examples/CustomStrategy` is one.
enum ExternalEngines {
    static let prefix = "netsched-engine-"

    /// The external engines by name (a built-in engine's name is never shadowed; the first
    /// directory that has a name wins: netsched's own, then `PATH` in order).
    static func all() -> [(name: String, path: String)] {
        var found: [String: String] = [:]
        var order: [String] = []
        let builtIn = Set(EngineRegistry.shared.names)
        for dir in directories() {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for file in files.sorted() where file.hasPrefix(prefix) && file.count > prefix.count {
                let name = String(file.dropFirst(prefix.count))
                let path = (dir as NSString).appendingPathComponent(file)
                guard !builtIn.contains(name), found[name] == nil, FileManager.default.isExecutableFile(atPath: path) else { continue }
                found[name] = path
                order.append(name)
            }
        }
        return order.sorted().map { ($0, found[$0]!) }
    }

    /// The executable of the external engine `name`, if there is one.
    static func path(for name: String) -> String? {
        all().first { $0.name == name }?.path
    }

    private static func directories() -> [String] {
        var dirs: [String] = []
        if let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dirs.append((me as NSString).deletingLastPathComponent)
        } else if let me = Bundle.main.executablePath {
            dirs.append((me as NSString).deletingLastPathComponent)
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            if !dirs.contains(String(dir)) { dirs.append(String(dir)) }
        }
        return dirs
    }

    /// Replaces this process with the external engine (same process id, so the caller's timing,
    /// signals and peak memory measure the engine itself). Returns only on failure.
    static func exec(_ path: String, arguments: [String]) -> String {
        var cargs: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) }
        cargs.append(nil)
        execv(path, cargs)
        let reason = String(cString: strerror(errno))
        for p in cargs { free(p) }
        return "cannot run the external engine \(path): \(reason)"
    }
}
