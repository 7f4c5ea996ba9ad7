// One solve of one instance by one method, printed as a JSON line for Benchmarks/heuristic_compare.py:
//     heuristic-compare INSTANCE.json METHOD TIME-LIMIT SEED [THREADS]
// METHOD: lns, annealing (the heuristic engine's two methods), hybrid, mip.
// Printed: method, seed, time limit, wall seconds, the checker's verdict and objective, the
// engine's status, bound and the seconds at which the first feasible timetable was known.
import Foundation
import NetworkTimetabling
import NetworkTimetablingGLPK

let args = Array(CommandLine.arguments.dropFirst())
// heuristic-compare generate OUT.json PRESET SEED, or generate OUT.json SITES STUDENTS COURSES TEACHERS SEED
if args.first == "generate" {
    var parameters: GeneratorParameters
    if args.count == 4, var preset = GeneratorParameters.preset(args[2]), let seed = UInt64(args[3]) {
        preset.seed = seed
        parameters = preset
    } else if args.count == 7, let n = Optional(args[2...6].compactMap { Int($0) }), n.count == 5 {
        parameters = GeneratorParameters(sites: n[0], students: n[1], courses: n[2], teachers: n[3], seed: UInt64(n[4]))
    } else {
        FileHandle.standardError.write(Data("usage: heuristic-compare generate OUT.json PRESET SEED | OUT.json SITES STUDENTS COURSES TEACHERS SEED\n".utf8))
        exit(2)
    }
    try InstanceGenerator.encode(InstanceGenerator.generate(parameters)).write(to: URL(fileURLWithPath: args[1]))
    exit(0)
}
guard args.count >= 4, let limit = Double(args[2]), let seed = UInt64(args[3]) else {
    FileHandle.standardError.write(Data("usage: heuristic-compare INSTANCE.json lns|annealing|hybrid|mip TIME-LIMIT SEED [THREADS]\n".utf8))
    exit(2)
}
let threads = args.count > 4 ? Int(args[4]) ?? 1 : 1
let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: args[0]))
guard let problem = loaded.problem else {
    FileHandle.standardError.write(Data("\(args[0]): cannot be loaded\n".utf8))
    exit(2)
}
GLPKEngines.register()
let engine: any Engine
switch args[1] {
case "lns": engine = HeuristicEngine(method: .lns)
case "annealing": engine = HeuristicEngine(method: .annealing)
case "hybrid": engine = HybridEngine()
case "mip": engine = MIPEngine()
default:
    FileHandle.standardError.write(Data("unknown method \(args[1]): use lns, annealing, hybrid or mip\n".utf8))
    exit(2)
}

final class FirstFeasible: @unchecked Sendable {
    var seconds: Double?
    let lock = NSLock()
}
let first = FirstFeasible()
let started = Date()
let result = engine.run(problem, parameters: SolveParameters(timeLimit: limit, seed: seed, threads: threads, relativeGap: 0)) { p in
    if p.feasible == true { first.lock.withLock { if first.seconds == nil { first.seconds = p.elapsed } } }
}
let wall = Date().timeIntervalSince(started)
var out: [String: Any] = [
    "instance": args[0], "method": args[1], "seed": seed, "timeLimit": limit, "threads": threads,
    "wall": wall, "status": result.status.rawValue,
]
if let solution = result.solution {
    let report = Checker(problem).check(solution)
    out["feasible"] = report.feasible
    out["violations"] = report.violations.count
    out["objective"] = report.objective
}
if let b = result.bound { out["bound"] = b }
if let f = result.statistics["firstFeasibleSeconds"] ?? first.seconds { out["firstSeconds"] = f }
for key in ["neighbourhoods", "improvements", "startObjective", "iterations", "columns"] {
    if let v = result.statistics[key] { out[key] = v }
}
if let m = result.message { out["message"] = m }
let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
print(String(decoding: data, as: UTF8.self))
