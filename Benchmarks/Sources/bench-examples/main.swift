// Whole-solve measurements on the bundled examples: for each engine and instance, several runs,
// the median wall time of solving and of checking, and the checker's verdict and objective.
// Run in release mode from the Benchmarks folder:
//     swift run -c release bench-examples [RUNS] [INSTANCE.json ...]
import Foundation
import NetworkTimetabling

let arguments = Array(CommandLine.arguments.dropFirst())
let runs = arguments.first.flatMap(Int.init) ?? 5
var files = arguments.filter { $0.hasSuffix(".json") }
if files.isEmpty { files = ["tiny", "terbuny-network", "arctic-network"].map { "../Examples/\($0).json" } }

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

print("| instance | engine | runs | solve median (s) | check median (s) | feasible | objective |")
print("|---|---|---|---|---|---|---|")
for file in files {
    let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: file))
    guard let problem = loaded.problem else {
        FileHandle.standardError.write(Data("\(file): cannot be loaded\n".utf8))
        continue
    }
    for name in EngineRegistry.shared.names {
        let engine = EngineRegistry.shared.engine(named: name)!
        var solveTimes: [Double] = [], checkTimes: [Double] = []
        var report: CheckReport?
        for run in 0..<runs {
            var result: SolveResult?
            solveTimes.append(seconds { result = engine.run(problem, parameters: SolveParameters(timeLimit: 60, seed: UInt64(run + 1))) })
            guard let solution = result?.solution else { continue }
            checkTimes.append(seconds { report = Checker(problem).check(solution) })
        }
        let verdict = report.map { $0.feasible ? "yes" : "no (\($0.violations.count))" } ?? "no solution"
        print("| \(problem.instance.name) | \(name) | \(runs) | \(String(format: "%.4f", median(solveTimes))) | "
              + "\(checkTimes.isEmpty ? "-" : String(format: "%.4f", median(checkTimes))) | \(verdict) | "
              + "\(report.map { String(format: "%.1f", $0.objective) } ?? "-") |")
    }
}
