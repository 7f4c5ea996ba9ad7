// Cancellation latency of the async engine call: how long `try await engine.solve(problem,
// parameters)` takes to return after its Task is cancelled, per engine, with the checker's verdict
// on what came back. One solve at a time in this process, time limit 600 s (so that only the
// cancellation ends a solve), seeds 1…RUNS. Run in release mode from the Benchmarks folder:
//     swift run -c release cancel-latency [--runs 5] [--after 2] [--engines greedy,heuristic,mip,mip@15,mip@90,hybrid,hybrid@190,auto]
//         [--instance ../Examples/terbuny-network.json] [--benchmarks-md ../docs/BENCHMARKS.md]
// `NAME@SECONDS` cancels that engine SECONDS after the start instead of --after: on Terbuny the MIP
// is in GLPK's root LP at 15 s and in its branch and cut at 90 s; the hybrid engine re-optimises
// neighbourhoods with GLPK after its heuristic's 30% of the limit (180 s).
// It prints a Markdown table; with --benchmarks-md it also replaces the section between the
// `cancel-latency` markers of that page (run_benchmarks.py keeps the section when it rewrites it).
// The greedy engine ends on its own within a fraction of a second, so it is cancelled halfway
// through its uncancelled run (the median of three) instead of after --after seconds.
import Foundation
import NetworkTimetabling
import NetworkTimetablingGLPK
import Synchronization

struct Options {
    var runs = 5
    var after = 2.0
    var engines = ["greedy", "heuristic", "mip", "mip@15", "mip@90", "hybrid", "hybrid@190", "auto"]
    var instance = "../Examples/terbuny-network.json"
    var timeLimit = 600.0
    var benchmarksMarkdown: String?

    init(_ arguments: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--runs": runs = Int(value()) ?? { fail("--runs takes a whole number, e.g. --runs 5") }()
            case "--after": after = Double(value()) ?? { fail("--after takes seconds, e.g. --after 2") }()
            case "--engines": engines = value().split(separator: ",").map(String.init)
            case "--instance": instance = value()
            case "--time-limit": timeLimit = Double(value()) ?? { fail("--time-limit takes seconds, e.g. --time-limit 600") }()
            case "--benchmarks-md": benchmarksMarkdown = value()
            default: fail("unknown argument \(arguments[i]); see the comment at the top of Sources/cancel-latency/main.swift")
            }
            i += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("cancel-latency: \(message)\n".utf8))
    exit(2)
}

func log(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The 1-minute load average (Linux); nil elsewhere.
func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.flatMap { Double($0) }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func shell(_ command: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return "?" }
    process.waitUntilExit()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return out.trimmingCharacters(in: .whitespacesAndNewlines)
}

func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

struct Run {
    var cancelAt: Double        // seconds after the start
    var delay: Double?          // seconds from task.cancel() to the return; nil: returned before the cancel
    var phase: String           // phase of the last progress update before the cancel
    var status: SolveResult.Status
    var report: CheckReport?
    var load: Double?
}

/// One async solve, cancelled `cancelAfter` seconds after its start.
func measure(_ engine: any Engine, _ problem: Problem, seed: UInt64, timeLimit: Double, cancelAfter: Double) async -> Run {
    let load = loadAverage()
    let parameters = SolveParameters(timeLimit: timeLimit, seed: seed)
    let lastPhase = Mutex<String>("-")
    let returnedAt = Atomic<UInt64>(0)
    let started = now()
    let task = Task {
        let result = try await engine.solve(problem, parameters) { progress in
            for await update in progress { lastPhase.withLock { $0 = update.phase.rawValue } }
        }
        returnedAt.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
        return result
    }
    try? await Task.sleep(for: .seconds(cancelAfter))
    let cancelled = now()
    let phase = lastPhase.withLock { $0 }
    task.cancel()
    let result = (try? await task.value) ?? SolveResult(status: .unknown, solution: nil, message: "cancelled before the start")
    let returned = Double(returnedAt.load(ordering: .acquiring)) / 1e9
    let report = result.solution.map { Checker(problem).check($0) }
    return Run(cancelAt: cancelled - started, delay: returned >= cancelled ? returned - cancelled : nil, phase: phase,
               status: result.status, report: report, load: load)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: options.instance))
guard let problem = loaded.problem else { fail("\(options.instance): \(loaded.diagnostics.map(\.description).joined(separator: "; "))") }
GLPKEngines.register()

var rows: [String] = []
var loads: [Double] = []
var greedySeconds: Double?
for row in options.engines {
    let parts = row.split(separator: "@", maxSplits: 1).map(String.init)
    let name = parts[0]
    guard let engine = EngineRegistry.shared.engine(named: name) else { fail("no engine \(name); known: \(EngineRegistry.shared.names)") }
    var cancelAfter = options.after
    if parts.count == 2 {
        guard let at = Double(parts[1]) else { fail("\(row): write NAME@SECONDS, e.g. mip@15") }
        cancelAfter = at
    } else if name == "greedy" {
        let plain = (1...3).map { seed in
            let t = now()
            _ = engine.solve(problem, parameters: SolveParameters(timeLimit: options.timeLimit, seed: UInt64(seed)))
            return now() - t
        }
        greedySeconds = median(plain)
        cancelAfter = median(plain) / 2
    }
    var runs: [Run] = []
    for seed in 1...options.runs {
        let run = await measure(engine, problem, seed: UInt64(seed), timeLimit: options.timeLimit, cancelAfter: cancelAfter)
        runs.append(run)
        if let l = run.load { loads.append(l) }
        let returned: String = run.delay.map { "returned \(f($0, 3)) s later" } ?? "had already returned"
        var verdict = "no solution"
        if let report = run.report { verdict = report.feasible ? "feasible" : "usable: \(report.usable), \(report.violations.count) violations" }
        let loadNote: String = run.load.map { ", load \(f($0))" } ?? ""
        log("\(row) seed \(seed): cancelled at \(f(run.cancelAt, 3)) s in phase \(run.phase), \(returned), \(run.status.rawValue), \(verdict)\(loadNote)")
    }
    let delays = runs.compactMap(\.delay)
    let early = runs.count - delays.count
    var statuses: [String: Int] = [:]
    for r in runs { statuses[r.status.rawValue, default: 0] += 1 }
    var phases: [String: Int] = [:]
    for r in runs { phases[r.phase, default: 0] += 1 }
    let feasible = runs.filter { $0.report?.feasible == true }.count
    let usable = runs.filter { $0.report?.usable == true }.count
    func counts(_ d: [String: Int]) -> String { d.sorted { $0.key < $1.key }.map { $0.value == runs.count ? $0.key : "\($0.key) ×\($0.value)" }.joined(separator: ", ") }
    let runsText = early > 0 ? "\(runs.count) (\(early) ended before the cancel)" : "\(runs.count)"
    let delayText = delays.isEmpty ? "– | –" : "**\(f(median(delays), 3)) s** | \(f(delays.max()!, 3)) s"
    let cells: [String] = [name, f(median(runs.map(\.cancelAt))) + " s", counts(phases), runsText, delayText, counts(statuses),
                           "\(feasible) feasible, \(usable) usable of \(runs.count)"]
    rows.append("| " + cells.joined(separator: " | ") + " |")
}

let date = ISO8601DateFormatter().string(from: Date()).prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
let cpu = shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").trimmingCharacters(in: .whitespaces)
let commit = shell("git -C .. rev-parse --short HEAD")
let loadText = loads.isEmpty ? "not available" : "median \(f(median(loads), 1)), max \(f(loads.max()!, 1)) (1-minute load average at each run's start)"
var command = "cd Benchmarks && swift run -c release cancel-latency --runs \(options.runs) --after \(f(options.after, 1))"
if options.engines != Options([]).engines { command += " --engines " + options.engines.joined(separator: ",") }
if options.instance != Options([]).instance { command += " --instance \(options.instance)" }
command += " --benchmarks-md ../docs/BENCHMARKS.md"
let instancePath = options.instance.replacingOccurrences(of: "../", with: "")
var md: [String] = []
md.append("How long `try await engine.solve(problem, parameters)` (`Sources/TimetablingCore/Engine/Engine+Async.swift`) takes to "
          + "return after its Task is cancelled: \(problem.instance.name) (`\(instancePath)`), time limit \(f(options.timeLimit, 0)) s, "
          + "seeds 1–\(options.runs), cancelled \(f(options.after, 1)) s after the start or at the moment the *cancelled at* column "
          + "gives" + (greedySeconds.map { " (greedy, which ends by itself in \(f($0, 3)) s: halfway through its run)" } ?? "")
          + "; one solve at a time in one process, release build. *Phase*: the engine's last progress update before the cancel (-: none yet). "
          + "*Delay*: from `task.cancel()` to the return of the result. *Status*: the engine's. *Checker*: the returned "
          + "timetables judged by `Checker`. Regenerate:")
md += ["", "```sh", command, "```", ""]
md.append("Machine: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, shared with other builds and tests; load \(loadText). "
          + "Commit \(commit), \(date).")
md += ["", "| engine | cancelled at (median) | phase | runs | delay median | delay max | status | checker |", "|---|---:|---|---|---:|---:|---|---|"]
md += rows
md += ["", "The greedy construction and the heuristic search poll the stop flag between steps; *hybrid* and *auto* at 2 s are in "
       + "their heuristic phase. The MIP engine reports nothing while GLPK solves its root LP, so *warm start* long after the "
       + "start means the root LP: GLPK polls the stop only in its branch-and-cut callback, first called after the root LP, and "
       + "a cancel there waits for the simplex to end. Cancelled before GLPK starts (during the warm start's heuristic), the MIP "
       + "engine skips GLPK's search (`GLPKSolver` checks the flag before the root LP) but first completes its warm start (a "
       + "GLPK solve with the heuristic's decisions fixed) to return it. In GLPK's search the delay is the time to its next "
       + "callback, seconds apart on this model. The hybrid engine's sub-MIPs are small and call back often."]
print(md.joined(separator: "\n"))

if let path = options.benchmarksMarkdown {
    let begin = "<!-- cancel-latency:begin -->", end = "<!-- cancel-latency:end -->"
    guard var page = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
    let body = begin + "\n" + md.joined(separator: "\n") + "\n" + end
    if let b = page.range(of: begin), let e = page.range(of: end, range: b.upperBound..<page.endIndex) {
        page.replaceSubrange(b.lowerBound..<e.upperBound, with: body)
    } else {
        fail("\(path) has no \(begin) … \(end) section to replace")
    }
    do { try page.write(toFile: path, atomically: true, encoding: .utf8) } catch { fail("cannot write \(path): \(error)") }
    log("wrote the section of \(path)")
}
