// The hot paths of a solve on the Terbuny example: reading and validating the instance, the
// checker on a whole timetable, and the heuristic's moves with delta evaluation (a fixed number
// of iterations from a fixed start, so the work per run is the same).
import Benchmark
import Foundation
import NetworkTimetabling

/// The repository's root, from this file's place (Benchmarks/Micro/Benchmarks/HotPaths/).
private let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url
}()

private let terbunyURL = root.appendingPathComponent("Examples/terbuny-network.json")

private func terbuny() -> Problem {
    let loaded = InstanceLoader.load(contentsOf: terbunyURL)
    guard let problem = loaded.problem else {
        fatalError("Examples/terbuny-network.json does not load: \(loaded.diagnostics.map(\.description))")
    }
    return problem
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                           maxDuration: .seconds(10), maxIterations: 50)

    Benchmark("Load and validate Terbuny") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(InstanceLoader.load(contentsOf: terbunyURL).problem)
        }
    }

    let problem = terbuny()
    let start = GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: 1)).solution!

    Benchmark("Checker on a Terbuny timetable") { benchmark in
        let checker = Checker(problem)
        for _ in benchmark.scaledIterations {
            blackHole(checker.check(start).objective)
        }
    }

    Benchmark("Heuristic: 2,000 moves on Terbuny", configuration: .init(maxIterations: 20)) { benchmark in
        let engine = HeuristicEngine(method: .lns, maxIterations: 2_000, warmStart: start)
        for _ in benchmark.scaledIterations {
            blackHole(engine.solve(problem, parameters: SolveParameters(timeLimit: 60, seed: 1, threads: 1)).objective)
        }
    }
}
