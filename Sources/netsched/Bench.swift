import ArgumentParser
import Foundation
import NetworkTimetabling
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `netsched bench`: engines × instances × seeds as whole-process runs of `netsched solve`, each
/// verified by `netsched check`; or the same run list as jobs for a cluster; or the merge of
/// per-run result files into one CSV.
///
/// Self-contained on purpose: it talks to `solve` and `check` only through their command lines,
/// so it measures exactly what a user runs and can move to another target unchanged.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark engines on instances: whole-process runs, each verified by the checker.",
        discussion: """
            Every run is a separate `netsched solve` process (or an external program taking the same \
            arguments, given with --solver NAME=PATH), limited to --time-limit seconds. Its progress \
            lines give the anytime curve, wait4 gives its peak memory, and `netsched check --json` \
            judges its solution: a run whose solution breaks a hard rule is recorded as a failure \
            ("infeasible"), never as a result. Each run writes RESULTS/NAME.run.json (plus its log).

            Modes:
              netsched bench --engines greedy,heuristic --instances a.json b.json --seeds 1-3 --time-limit 30 --results runs/
              netsched bench ... --emit-jobs        write runs/jobs.txt (one command per run, for GNU parallel) and runs/slurm-array.sh
              netsched bench --merge runs/ --out results.csv

            GNU parallel: `parallel --jobs 4 < runs/jobs.txt`. Slurm: `sbatch runs/slurm-array.sh`. \
            Then merge. Exit 0 when every run succeeded, 1 when a run failed (infeasible, no \
            solution, crashed or killed).
            """
    )

    @Option(name: .customLong("engines"), parsing: .upToNextOption, help: "Engines to run (names, comma- or space-separated).")
    var engineList: [String] = []

    @Option(parsing: .upToNextOption, help: "Instance files.")
    var instances: [String] = []

    @Option(help: "Seeds: a list `1,2,5` or a range `1-5`.")
    var seeds: String = "1"

    @Option(help: "Time limit of each run, seconds.")
    var timeLimit: Double = 10

    @Option(help: "Seconds past the time limit before a run is interrupted (SIGINT), and again before it is killed.")
    var grace: Double = 30

    @Option(name: .customLong("solver"), help: "An external solver for an engine name: NAME=PATH; PATH takes `netsched solve`'s arguments. Repeatable.")
    var solverSpecs: [String] = []

    @Option(help: "Directory for the per-run files (and for the job files with --emit-jobs).")
    var results: String = "bench-results"

    @Flag(help: "Write the run list as jobs (RESULTS/jobs.txt for GNU parallel, RESULTS/slurm-array.sh) instead of running it.")
    var emitJobs = false

    @Option(help: "Merge the per-run files of this directory into one CSV (with --out).")
    var merge: String?

    @Option(help: "The CSV file --merge writes.")
    var out: String?

    @Flag(help: "Keep each run's solution file (RESULTS/NAME.solution.json).")
    var keepSolutions = false

    var engines: [String] { engineList.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty } }

    func validate() throws {
        if let merge {
            guard out != nil else { throw ValidationError("--merge \(merge) needs --out FILE.csv for the merged results") }
            return
        }
        if out != nil { throw ValidationError("--out is for --merge; runs write into --results DIR") }
        if engines.isEmpty { throw ValidationError("--engines: give at least one engine (`netsched engines` lists them)") }
        if instances.isEmpty { throw ValidationError("--instances: give at least one instance file") }
        for file in instances where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("--instances: no file \(file)")
        }
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard grace >= 0, grace.isFinite else { throw ValidationError("--grace must be 0 or more seconds") }
        _ = try seedList()
        _ = try solvers()
        let known = Set(EngineRegistry.shared.names).union(try solvers().keys).union(ExternalEngines.all().map(\.name))
        for e in engines where !known.contains(e) {
            throw ValidationError("--engines: unknown engine \"\(e)\"; known: \(known.sorted().joined(separator: ", ")) "
                                  + "(an external one: an executable netsched-engine-\(e) on PATH, or --solver \(e)=PATH)")
        }
    }

    func seedList() throws -> [UInt64] {
        let text = seeds.replacingOccurrences(of: " ", with: "")
        if let dash = text.firstIndex(of: "-"), let a = UInt64(text[..<dash]), let b = UInt64(text[text.index(after: dash)...]) {
            guard a <= b, b - a < 10_000 else { throw ValidationError("--seeds: range \(text) is empty or too long") }
            return Array(a...b)
        }
        let list = text.split(separator: ",").map { UInt64($0) }
        guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--seeds: \"\(seeds)\" is not a list like 1,2,5 or a range like 1-5")
        }
        return list.map { $0! }
    }

    func solvers() throws -> [String: String] {
        var out: [String: String] = [:]
        for spec in solverSpecs {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--solver: \"\(spec)\" is not NAME=PATH")
            }
            guard FileManager.default.isExecutableFile(atPath: parts[1]) else {
                throw ValidationError("--solver: \(parts[1]) is not an executable file")
            }
            out[parts[0]] = absolute(parts[1])
        }
        return out
    }

    func run() throws {
        if let merge, let out {
            let n = try BenchMerge.merge(directory: merge, into: out)
            benchNote("merged \(n) run\(n == 1 ? "" : "s") from \(merge) into \(out)")
            return
        }
        try FileManager.default.createDirectory(atPath: results, withIntermediateDirectories: true)
        let seeds = try seedList()
        let solvers = try solvers()
        var plan: [BenchRunSpec] = []
        for instance in instances {
            for engine in engines {
                for seed in seeds {
                    plan.append(BenchRunSpec(instance: absolute(instance), engine: engine, seed: seed, timeLimit: timeLimit,
                                             grace: grace, solver: solvers[engine], results: absolute(results),
                                             keepSolution: keepSolutions))
                }
            }
        }
        if emitJobs {
            try BenchJobs.write(plan, to: results)
            return
        }
        var failed = 0
        for (k, spec) in plan.enumerated() {
            let record = try BenchRunner.run(spec)
            if record.outcome != "ok" { failed += 1 }
            benchNote("[\(k + 1)/\(plan.count)] \(record.instance) \(record.engine) seed \(record.seed): \(record.outcome)"
                 + (record.objective.map { String(format: " objective %.2f", $0) } ?? "")
                 + String(format: " in %.2f s, %.0f MB", record.wallSeconds, Double(record.peakMemoryKB ?? 0) / 1024)
                 + (record.failure.map { " — " + $0 } ?? ""))
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// An absolute path for `path` (relative to the working directory).
private func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path).standardizedFileURL.path
}

/// This program's own executable, to run `solve` and `check` as child processes.
private func selfExecutable() -> String {
    if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
    if let path = Bundle.main.executablePath { return path }
    return absolute(CommandLine.arguments[0])
}

/// Single-quoted for a POSIX shell.
private func shellQuoted(_ s: String) -> String {
    if !s.isEmpty && s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-=+:,".contains($0) }) { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// One run of the plan.
struct BenchRunSpec {
    var instance: String
    var engine: String
    var seed: UInt64
    var timeLimit: Double
    var grace: Double
    /// External solver executable; `nil` runs `netsched solve`.
    var solver: String?
    var results: String
    var keepSolution: Bool

    var stem: String {
        let name = URL(fileURLWithPath: instance).deletingPathExtension().lastPathComponent
        return "\(name)__\(engine)__seed\(seed)"
    }

    /// The `netsched bench` command that performs exactly this run (a job line).
    var commandLine: String {
        var parts = [selfExecutable(), "bench", "--engines", engine, "--instances", instance, "--seeds", String(seed),
                     "--time-limit", String(timeLimit), "--grace", String(grace), "--results", results]
        if let solver { parts += ["--solver", "\(engine)=\(solver)"] }
        if keepSolution { parts.append("--keep-solutions") }
        return parts.map(shellQuoted).joined(separator: " ")
    }
}

/// What one run recorded; written as `NAME.run.json`, merged into the CSV.
struct BenchRecord: Codable {
    var instance: String
    var instanceFile: String
    var sites: Int?
    var students: Int?
    var courses: Int?
    var teachers: Int?
    var requests: Int?
    var engine: String
    var solver: String
    var seed: UInt64
    var timeLimit: Double
    /// `ok` (feasible, verified), `infeasible` (the checker found violations), `no-solution`,
    /// `error` (unusable input, crash, bad exit), `killed` (ran past the limit and the grace).
    var outcome: String
    var failure: String?
    var exitCode: Int?
    var signal: Int?
    var wallSeconds: Double
    /// CPU seconds (user + system) of the solver process: with the wall time, how much of the
    /// machine the run actually had.
    var cpuSeconds: Double?
    /// Seconds from the start of the process to the first incumbent in the progress lines
    /// (feasible or not); without any, the wall time of the run when it produced a solution (a
    /// constructive engine's one solution comes at the end).
    var firstSolutionSeconds: Double?
    /// Seconds from the start of the process to the first incumbent known to meet every hard rule
    /// (see `BenchRunner.feasibility`); `nil` when the run's final solution is not feasible.
    var firstFeasibleSeconds: Double?
    /// The engine named in the solution file (`auto/heuristic` when `auto` answered with the
    /// heuristic's timetable).
    var solutionEngine: String?
    /// Checker's objective of the final solution (also for infeasible ones, for diagnosis).
    var objective: Double?
    /// Last incumbent the engine reported.
    var engineObjective: Double?
    var bound: Double?
    /// (objective − bound) / |objective| when the solution carries a bound (``Solution/bound``).
    var gap: Double?
    var peakMemoryKB: Int?
    var violations: Int?
    var brokenRules: [String]?
    var requiredMet: Int?
    var requiredTotal: Int?
    var electiveMet: Int?
    var electiveTotal: Int?
    var sections: Int?
    var onlineShare: Double?
    var studentTravelMinutes: Int?
    /// Anytime curve from the progress lines: (seconds since the process started, when the line
    /// arrived; incumbent; bound; 1 when the incumbent is known to be feasible, 0 when known not
    /// to be, nil when the line does not say).
    var curve: [[Double?]]
    var host: String
    var date: String
    /// One-minute load average of the machine when the run started (other work adds noise).
    var loadAverage: Double?
    /// The same when the run ended.
    var loadAverageEnd: Double?
    /// Seconds from the start of the process to the engine's clock zero (reading and validating
    /// the instance): the first progress line's arrival minus its own time.
    var startSeconds: Double?
}

/// Runs one spec as child processes and writes its record.
enum BenchRunner {
    struct Child {
        var exitCode: Int?
        var signal: Int?
        var seconds: Double
        var maxRSSKB: Int
        /// User plus system CPU seconds of the child (less than `seconds` × threads when other
        /// work on the machine took the cores).
        var cpuSeconds: Double
        var killed: Bool
        /// Standard error, line by line, with the seconds since the start at which each arrived.
        var lines: [(Double, String)]
    }

    static func run(_ spec: BenchRunSpec) throws -> BenchRecord {
        let base = URL(fileURLWithPath: spec.results).appendingPathComponent(spec.stem).path
        let solution = base + ".solution.json", log = base + ".log", stdout = base + ".stdout.txt", check = base + ".check.json"
        for f in [solution, check] { try? FileManager.default.removeItem(atPath: f) }
        let me = selfExecutable()
        var argv = spec.solver.map { [$0] } ?? [me, "solve"]
        argv += [spec.instance, "--out", solution, "--engine", spec.engine, "--time-limit", String(spec.timeLimit), "--seed", String(spec.seed),
                 "--progress", "json"]

        let meta = instanceMeta(spec.instance)
        var record = BenchRecord(
            instance: meta.name ?? URL(fileURLWithPath: spec.instance).deletingPathExtension().lastPathComponent,
            instanceFile: spec.instance, sites: meta.sites, students: meta.students, courses: meta.courses, teachers: meta.teachers,
            requests: meta.requests, engine: spec.engine, solver: spec.solver ?? "netsched solve", seed: spec.seed,
            timeLimit: spec.timeLimit, outcome: "error", wallSeconds: 0, curve: [],
            host: ProcessInfo.processInfo.hostName, date: ISO8601DateFormatter().string(from: Date()))
        var loads = [Double](repeating: 0, count: 3)
        if getloadavg(&loads, 3) > 0 { record.loadAverage = loads[0] }

        let child = try runChild(argv, stdout: stdout, stderr: log, interruptAfter: spec.timeLimit + spec.grace,
                                 killAfter: spec.timeLimit + 2 * spec.grace)
        record.exitCode = child.exitCode
        record.signal = child.signal
        record.wallSeconds = child.seconds
        record.cpuSeconds = child.cpuSeconds
        record.peakMemoryKB = child.maxRSSKB

        if getloadavg(&loads, 3) > 0 { record.loadAverageEnd = loads[0] }
        var progress = parseProgress(child.lines)
        record.startSeconds = progress.first.map { max(0, $0.arrival - $0.seconds) }
        record.engineObjective = progress.last { $0.incumbent != nil }?.incumbent
        let firstIncumbent = progress.first { $0.incumbent != nil }?.arrival

        let hasSolution = FileManager.default.fileExists(atPath: solution)
        if child.killed {
            record.outcome = "killed"
            record.failure = String(format: "still running %.0f s after the time limit; killed", 2 * spec.grace)
        } else if !hasSolution {
            record.outcome = child.exitCode == 3 ? "no-solution" : "error"
            record.failure = child.signal.map { "crashed with signal \($0)" }
                ?? "exit \(child.exitCode ?? -1) without a solution: " + lastLines(log)
        }
        if hasSolution {
            record.firstSolutionSeconds = firstIncumbent ?? child.seconds
            if let data = FileManager.default.contents(atPath: solution),
               let head = try? JSONDecoder().decode(SolutionHead.self, from: data) {
                record.solutionEngine = head.engine
            }
            let verdict = try runChild([me, "check", spec.instance, solution, "--json"], stdout: check, stderr: base + ".check.log",
                                       interruptAfter: 600, killAfter: 660)
            if let data = FileManager.default.contents(atPath: check), let report = try? JSONDecoder().decode(CheckReport.self, from: data) {
                record.objective = report.objective
                record.violations = report.violations.count
                let rules = report.brokenRules.map(\.rawValue)
                record.brokenRules = rules
                let s = report.summary
                record.requiredMet = s.requiredSatisfied
                record.requiredTotal = s.requiredRequests
                record.electiveMet = s.electiveSatisfied
                record.electiveTotal = s.electiveRequests
                record.sections = s.sections
                record.onlineShare = s.onlineShare
                record.studentTravelMinutes = s.studentTravelMinutes
                if !report.usable {
                    record.outcome = "error"
                    record.failure = "the checker cannot use the solution: " + report.diagnostics.prefix(3).map(\.description).joined(separator: "; ")
                } else if !report.feasible {
                    record.outcome = "infeasible"
                    record.failure = "\(report.violations.count) violation(s) of " + rules.joined(separator: ", ")
                } else if !child.killed {
                    record.outcome = "ok"
                }
                // The solution's own bound (the solve's bounder), judged by the checker.
                record.bound = report.bound
                record.gap = report.gap
                if report.boundAboveObjective {
                    record.outcome = "error"
                    record.failure = "the solution's lower bound is above its objective: "
                        + report.diagnostics.filter { $0.path == "bound" }.map(\.message).joined(separator: "; ")
                }
            } else {
                record.outcome = "error"
                record.failure = "netsched check failed (exit \(verdict.exitCode ?? -1)): " + lastLines(base + ".check.log")
            }
            if !spec.keepSolution { try? FileManager.default.removeItem(atPath: solution) }
        }
        let finalFeasible = record.outcome == "ok"
        feasibility(&progress, finalFeasible: finalFeasible)
        record.curve = progress.filter { $0.incumbent != nil || $0.bound != nil }
            .map { [$0.arrival, $0.incumbent, $0.bound, $0.feasible.map { $0 ? 1 : 0 }] }
        if finalFeasible {
            // The first line known feasible; an engine that never says gets the time its final
            // (checked feasible) objective was first reported, or the wall time: an upper bound.
            record.firstFeasibleSeconds = progress.compactMap { $0.feasibleSince }.min()
                ?? progress.first { $0.incumbent != nil && abs($0.incumbent! - (record.engineObjective ?? .nan)) < 1e-6 }?.arrival
                ?? child.seconds
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeOutput(encoder.encode(record), to: base + ".run.json")
        return record
    }

    private static func lastLines(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(2).joined(separator: " / ")
    }

    private struct Meta { var name: String?; var sites, students, courses, teachers, requests: Int? }

    private static func instanceMeta(_ path: String) -> Meta {
        guard let data = FileManager.default.contents(atPath: path), let i = try? JSONDecoder().decode(Instance.self, from: data) else {
            return Meta()
        }
        return Meta(name: i.name, sites: i.sites.count, students: i.students.count, courses: i.courses.count,
                    teachers: i.teachers.count, requests: i.students.reduce(0) { $0 + $1.requests.count })
    }

    private struct SolutionHead: Decodable { var engine: String? }

    struct ProgressPoint {
        /// Seconds since the process started at which the line arrived (one clock for every
        /// engine an `auto` run starts, and including the loading of the instance).
        var arrival: Double
        /// What the engine reported.
        var progress: SolveProgress
        /// Whether the line's incumbent meets every hard rule, when the line says.
        var feasible: Bool?
        /// Seconds since the process started from which a feasible solution is known, by this line.
        var feasibleSince: Double?

        var incumbent: Double? { progress.incumbent }
        var bound: Double? { progress.bound }
        /// The engine's own clock.
        var seconds: Double { progress.elapsed }
    }

    /// Reads the child's `--progress json` lines (one ``SolveProgress`` object per line), each with
    /// the time it arrived; lines that are not progress objects, and the command's own notes
    /// (engine `netsched`), are skipped.
    static func parseProgress(_ lines: [(Double, String)]) -> [ProgressPoint] {
        let decoder = JSONDecoder()
        var points: [ProgressPoint] = []
        for (arrival, line) in lines where line.hasPrefix("{") {
            guard let progress = try? decoder.decode(SolveProgress.self, from: Data(line.utf8)), progress.engine != "netsched" else { continue }
            points.append(ProgressPoint(arrival: arrival, progress: progress))
        }
        return points
    }

    /// Marks which progress lines carry a feasible incumbent, from their fields: `feasible` when
    /// the engine says, the checker's verdict for the final `done` line of the run's own engine
    /// (the last `done` line), and nothing otherwise. A line is feasible from its arrival, or from
    /// the engine's clock of the line when it reports a first feasible incumbent found earlier.
    static func feasibility(_ points: inout [ProgressPoint], finalFeasible: Bool) {
        let outer = points.lastIndex { $0.progress.phase == .done }
        for k in points.indices {
            let p = points[k].progress
            var feasible = p.incumbent == nil ? nil : p.feasible
            if k == outer { feasible = finalFeasible }
            points[k].feasible = feasible
            if feasible == true { points[k].feasibleSince = points[k].arrival }
        }
    }

    /// Spawns `argv` with its standard output in a file and its standard error read through a
    /// pipe (each line timestamped on arrival, then written to `stderr`), waits with `wait4` (for
    /// the child's own peak memory), interrupts it after `interruptAfter` seconds and kills it
    /// after `killAfter`.
    static func runChild(_ argv: [String], stdout: String, stderr: String, interruptAfter: Double, killAfter: Double) throws -> Child {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ValidationError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let readEnd = fds[0], writeEnd = fds[1]
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cargs.append(nil)
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let start = Date()
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cargs, environ)
        close(writeEnd)
        guard rc == 0 else {
            close(readEnd)
            throw ValidationError("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        guard let log = FileHandle(forWritingAtPath: stderr) ?? {
            _ = FileManager.default.createFile(atPath: stderr, contents: nil)
            return FileHandle(forWritingAtPath: stderr)
        }() else { throw ValidationError("cannot write \(stderr)") }
        try? log.truncate(atOffset: 0)
        defer { try? log.close() }
        var lines: [(Double, String)] = []
        var pending = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        /// Reads what the pipe holds; false at end of file.
        func drain() -> Bool {
            while true {
                let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if n > 0 {
                    let t = Date().timeIntervalSince(start)
                    let chunk = buffer[0..<n]
                    log.write(Data(chunk))
                    for byte in chunk {
                        if byte == 10 {
                            lines.append((t, String(decoding: pending, as: UTF8.self)))
                            pending.removeAll(keepingCapacity: true)
                        } else {
                            pending.append(byte)
                        }
                    }
                    continue
                }
                if n == 0 { return false }
                return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
            }
        }
        var status: Int32 = 0
        var usage = rusage()
        var interrupted = false, killed = false, open = true
        while true {
            if open {
                var fd = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                _ = poll(&fd, 1, 10)
                open = drain()
            } else {
                usleep(10_000)
            }
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            let t = Date().timeIntervalSince(start)
            if !interrupted && t > interruptAfter { kill(pid, SIGINT); interrupted = true }
            if !killed && t > killAfter { kill(pid, SIGKILL); killed = true }
        }
        let seconds = Date().timeIntervalSince(start)
        // What the child wrote just before it ended (a grandchild holding the pipe open ends at the kill).
        while open {
            var fd = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            if poll(&fd, 1, 200) <= 0 { break }
            open = drain()
        }
        close(readEnd)
        if !pending.isEmpty { lines.append((seconds, String(decoding: pending, as: UTF8.self))) }
        let signal = status & 0x7f
        return Child(exitCode: signal == 0 ? Int((status >> 8) & 0xff) : nil, signal: signal == 0 ? nil : Int(signal),
                     seconds: seconds, maxRSSKB: Int(usage.ru_maxrss),
                     cpuSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                         + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
                     killed: interrupted || killed, lines: lines)
    }
}

/// The run list as jobs: one command per line (GNU parallel) and a Slurm array script over it.
enum BenchJobs {
    static func write(_ plan: [BenchRunSpec], to directory: String) throws {
        let dir = URL(fileURLWithPath: directory)
        let jobs = dir.appendingPathComponent("jobs.txt")
        try writeOutput(Data((plan.map(\.commandLine).joined(separator: "\n") + "\n").utf8), to: jobs.path)
        let longest = plan.map { $0.timeLimit + 2 * $0.grace + 120 }.max() ?? 600
        let minutes = Int((longest / 60).rounded(.up))
        let script = """
            #!/bin/bash
            # Slurm array over \(jobs.path): one benchmark run per task, each a whole-process run
            # verified by the checker. Submit with `sbatch \(dir.appendingPathComponent("slurm-array.sh").path)`,
            # then merge: netsched bench --merge \(shellQuoted(dir.path)) --out results.csv
            #SBATCH --job-name=netsched-bench
            #SBATCH --array=1-\(plan.count)
            #SBATCH --cpus-per-task=1
            #SBATCH --time=\(String(format: "%02d:%02d:00", minutes / 60, minutes % 60))
            #SBATCH --output=\(dir.path)/slurm-%A_%a.out
            set -euo pipefail
            line=$(sed -n "${SLURM_ARRAY_TASK_ID}p" \(shellQuoted(jobs.path)))
            eval "$line"

            """
        let slurm = dir.appendingPathComponent("slurm-array.sh")
        try writeOutput(Data(script.utf8), to: slurm.path)
        _ = chmod(slurm.path, 0o755)
        benchNote("wrote \(plan.count) job\(plan.count == 1 ? "" : "s"): \(jobs.path) (GNU parallel: parallel --jobs N < \(jobs.path)) "
             + "and \(slurm.path) (sbatch)")
    }
}

/// Per-run records into one CSV, one row per run, sorted by instance, engine and seed.
enum BenchMerge {
    static let columns = [
        "instance", "sites", "students", "courses", "teachers", "requests", "engine", "solver", "seed", "time_limit_s", "outcome",
        "failure", "exit_code", "wall_s", "cpu_s", "first_solution_s", "first_feasible_s", "solution_engine", "objective", "engine_objective", "bound", "gap", "peak_rss_mb",
        "violations", "broken_rules", "required_met", "required_total", "elective_met", "elective_total", "sections",
        "online_share", "student_travel_min", "host", "date", "load_1min", "load_end", "start_s", "curve",
    ]

    static func merge(directory: String, into out: String) throws -> Int {
        var records: [BenchRecord] = []
        let fm = FileManager.default
        guard let files = fm.enumerator(atPath: directory) else { throw ValidationError("--merge: no directory \(directory)") }
        for case let file as String in files where file.hasSuffix(".run.json") {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            guard let data = fm.contents(atPath: path) else { continue }
            do {
                records.append(try JSONDecoder().decode(BenchRecord.self, from: data))
            } catch {
                throw ValidationError("--merge: \(path) is not a run record: \(error)")
            }
        }
        records.sort { ($0.instance, $0.engine, $0.seed) < ($1.instance, $1.engine, $1.seed) }
        func num(_ v: Double?, _ digits: Int = 4) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "" }
        func int(_ v: Int?) -> String { v.map(String.init) ?? "" }
        var lines = [columns.joined(separator: ",")]
        for r in records {
            // t:incumbent:bound:feasible (1, 0 or empty) per point.
            let curve = r.curve.map { p in
                p.enumerated().map { k, v in v.map { String(format: k == 3 ? "%.0f" : "%.3f", $0) } ?? "" }.joined(separator: ":")
            }.joined(separator: ";")
            let row: [String] = [
                r.instance, int(r.sites), int(r.students), int(r.courses), int(r.teachers), int(r.requests), r.engine, r.solver,
                String(r.seed), num(r.timeLimit, 1), r.outcome, r.failure ?? "", int(r.exitCode), num(r.wallSeconds, 3), num(r.cpuSeconds, 2),
                num(r.firstSolutionSeconds, 3), num(r.firstFeasibleSeconds, 3), r.solutionEngine ?? "", num(r.objective, 2), num(r.engineObjective, 2), num(r.bound, 2), num(r.gap, 6),
                num(r.peakMemoryKB.map { Double($0) / 1024 }, 1), int(r.violations), (r.brokenRules ?? []).joined(separator: " "),
                int(r.requiredMet), int(r.requiredTotal), int(r.electiveMet), int(r.electiveTotal), int(r.sections),
                num(r.onlineShare, 4), int(r.studentTravelMinutes), r.host, r.date, num(r.loadAverage, 2), num(r.loadAverageEnd, 2), num(r.startSeconds, 3), curve,
            ]
            lines.append(row.map { Escaping.csvField($0) }.joined(separator: ","))
        }
        try writeOutput(Data((lines.joined(separator: "\n") + "\n").utf8), to: out)
        return records.count
    }
}

/// Progress of the benchmark itself, on standard error.
private func benchNote(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
