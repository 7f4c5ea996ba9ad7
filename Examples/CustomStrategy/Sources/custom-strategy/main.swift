// Registers the random-restart strategy, runs it by name on an instance, checks the result with
// the library's Checker and writes the solution. It takes the arguments of `netsched solve`, so
// the benchmark harness runs it like any built-in engine:
//
//     custom-strategy INSTANCE --out SOLUTION [--engine random-restart] [--time-limit SECONDS] [--seed N]
//                     [--threads N] [--gap G] [--quiet] [--progress text|json|none] [--warm-start SOLUTION]
//
// Installed as `netsched-engine-random-restart` in netsched's directory or on PATH, it is the
// engine `random-restart` of `netsched engines`, `netsched solve --engine random-restart` and
// `netsched bench --engines random-restart`.
//
// Progress goes to standard error in `netsched solve`'s formats: log lines, or with `--progress json`
// one JSON object per line (what `netsched bench` reads). `--warm-start` is accepted and ignored
// (the strategy always constructs from nothing). Exit codes are those of
// `netsched solve`: 0 feasible, 1 hard rules broken, 2 unusable input, 3 no solution.
import Foundation
import NetworkTimetabling
import RandomRestartStrategy

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("custom-strategy: \(message)\n".utf8))
    exit(code)
}

// Arguments, the same as `netsched solve`.
var instancePath: String?
var outPath: String?
var engineName = "random-restart"
var timeLimit = 60.0
var seed: UInt64 = 1
var threads = 1
var gap = 1e-4
var quiet = false
var progressFormat = "text"
var args = Array(CommandLine.arguments.dropFirst())
if args.first == "solve" { args.removeFirst() }  // accept `custom-strategy solve …` too
while !args.isEmpty {
    let a = args.removeFirst()
    func value() -> String {
        guard !args.isEmpty else { fail("\(a) needs a value", code: 2) }
        return args.removeFirst()
    }
    switch a {
    case "--out", "-o": outPath = value()
    case "--engine": engineName = value()
    case "--time-limit":
        let v = value()
        guard let t = Double(v), t > 0 else { fail("--time-limit must be a positive number of seconds (got \(v))", code: 2) }
        timeLimit = t
    case "--seed":
        let v = value()
        guard let s = UInt64(v) else { fail("--seed must be a non-negative integer (got \(v))", code: 2) }
        seed = s
    case "--threads":
        let v = value()
        guard let n = Int(v), (1...64).contains(n) else { fail("--threads must be between 1 and 64 (got \(v))", code: 2) }
        threads = n
    case "--gap":
        let v = value()
        guard let g = Double(v), g >= 0 else { fail("--gap must be a relative gap of 0 or more (got \(v))", code: 2) }
        gap = g
    case "--quiet": quiet = true
    case "--progress":
        let v = value()
        guard ["text", "json", "none"].contains(v) else { fail("--progress must be text, json or none (got \(v))", code: 2) }
        progressFormat = v
    case "--warm-start": _ = value()
    case "--help", "-h":
        print("usage: custom-strategy INSTANCE --out SOLUTION [--engine random-restart] [--time-limit SECONDS] [--seed N] "
              + "[--threads N] [--gap G] [--quiet] [--progress text|json|none] [--warm-start SOLUTION]")
        exit(0)
    default:
        if a.hasPrefix("-") { fail("unknown option \(a)", code: 2) }
        if instancePath != nil { fail("unexpected argument \(a)", code: 2) }
        instancePath = a
    }
}
guard let instancePath else { fail("give the instance file", code: 2) }
guard let outPath else { fail("give --out SOLUTION", code: 2) }

// Register the strategy next to the built-in engines and look it up by name.
EngineRegistry.shared.register(RandomRestartEngine())
guard let engine = EngineRegistry.shared.engine(named: engineName) else {
    fail("unknown engine \"\(engineName)\"; available: \(EngineRegistry.shared.names.joined(separator: ", "))", code: 2)
}

let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: instancePath))
for d in loaded.diagnostics where d.severity == .error { FileHandle.standardError.write(Data("\(instancePath): \(d)\n".utf8)) }
guard let problem = loaded.problem else { fail("\(instancePath) cannot be used", code: 2) }

let format = quiet ? "none" : progressFormat
let result = engine.run(problem, parameters: SolveParameters(timeLimit: timeLimit, seed: seed, threads: threads, relativeGap: gap)) { progress in
    switch format {
    case "json": FileHandle.standardError.write(Data((progress.jsonLine + "\n").utf8))
    case "text": FileHandle.standardError.write(Data((progress.description + "\n").utf8))
    default: break
    }
}
guard let solution = result.solution else { fail("\(engine.name): no solution (\(result.status.rawValue))", code: 3) }
do {
    try SolutionLoader.encode(solution).write(to: URL(fileURLWithPath: outPath))
} catch {
    fail("cannot write \(outPath): \(error.localizedDescription)", code: 2)
}

// The engine does not grade its own homework: the library's checker does.
let report = Checker(problem).check(solution)
let s = report.summary
print("engine \(engine.name): \(result.status.rawValue)\(result.message.map { " — " + $0 } ?? ""); solution written to \(outPath)")
print("requests: required \(s.requiredSatisfied)/\(s.requiredRequests), elective \(s.electiveSatisfied)/\(s.electiveRequests)")
print(report.feasible ? "feasible: every hard rule holds" : "NOT feasible: \(report.violations.count) violations")
print(String(format: "objective %.2f", report.objective))
exit(report.usable && report.feasible ? 0 : 1)
