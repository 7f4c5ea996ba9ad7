import ArgumentParser
import Dispatch
import Foundation
import NetworkTimetabling
import NetworkTimetablingGLPK

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a timetable for an instance, write it as JSON and print a summary checked by the checker.",
        discussion: """
            Progress goes to standard error, as log lines or (--progress json) one JSON object per line with \
            the fields engine, elapsed, phase, incumbent, bound, requiredUnmet, feasible and message. Ctrl-C (SIGINT) or SIGTERM stops the search and still writes the best solution found. \
            Beside the engine, on a thread of its own and within the same time limit, a lower bound is proven \
            (docs/MIP.md, "Lower bounds"): the solution's "bound" and the summary's "lower bound B (gap G%)" \
            say how far the timetable can be from the best possible one (--no-bound skips it). \
            Exit 0 when the written solution is feasible, 1 when it breaks hard rules (e.g. a required request \
            could not be met: see `unsatisfied` in the file), 2 when the instance is unusable, 3 when the engine \
            found no solution.
            """
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Option(name: .shortAndLong, help: "Where to write the solution (JSON).")
    var out: String

    @Option(help: "The engine to run (`netsched engines` lists them, external netsched-engine-NAME programs included); `auto` chooses from the instance's size and the time limit.")
    var engine = "auto"

    @Option(help: "Wall-clock limit of the engine in seconds; reading the instance before it and writing the checked solution after it come on top (seconds on a 25,000-student network).")
    var timeLimit: Double = 60

    @Option(help: "Seed of the engine's random choices; same seed and one thread give the same answer.")
    var seed: UInt64 = 1

    @Option(help: "Relative gap at which an exact engine may stop (0.001 = 0.1%).")
    var gap: Double = 1e-4

    @Option(help: "Threads the engine may use (1 gives the same answer for the same seed).")
    var threads = 1

    @Flag(help: "Print only the summary, no progress lines (the same as --progress none).")
    var quiet = false

    @Flag(help: "Do not compute a lower bound beside the engine (the solution's \"bound\" is then null): for measuring an engine alone on every core.")
    var noBound = false

    @Option(help: "How progress goes to standard error: text (log lines), json (one JSON object per line: engine, elapsed, phase, incumbent, bound, requiredUnmet, feasible, message; for scripts and `netsched bench`) or none.")
    var progress: ProgressFormat = .text

    @Option(help: "Start from this solution (JSON, e.g. an earlier run's) instead of a new construction: the heuristic continues from it (parts that no longer fit the instance are dropped), the MIP takes it as its first incumbent when it is feasible, hybrid and auto pass it on. Not with --engine greedy.")
    var warmStart: String?

    @Option(help: "Stop the search after this many iterations (the time limit still applies); only with --engine heuristic. With one thread, the same seed and a --warm-start (or a construction that ends before its share of the time limit), runs are identical on any machine.")
    var maxIterations: Int?

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard gap >= 0, gap.isFinite else { throw ValidationError("--gap must be a relative gap of 0 or more, e.g. 0.001") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be between 1 and 64") }
        if warmStart != nil && engine == "greedy" {
            throw ValidationError("--warm-start is not used by --engine greedy (a construction from nothing); drop --warm-start or use --engine heuristic")
        }
        if let maxIterations {
            guard engine == "heuristic" else {
                throw ValidationError("--max-iterations works with --engine heuristic only (got \"\(engine)\"); drop --max-iterations or use --engine heuristic")
            }
            guard maxIterations >= 0 else { throw ValidationError("--max-iterations must be 0 or more (got \(maxIterations))") }
        }
    }

    func run() throws {
        if EngineRegistry.shared.engine(named: engine) == nil, let external = ExternalEngines.path(for: engine) {
            // A strategy written outside the library: it takes these same arguments.
            var arguments = [instance, "--out", out, "--engine", engine, "--time-limit", String(timeLimit), "--seed", String(seed)]
            if threads != 1 { arguments += ["--threads", String(threads)] }
            if gap != 1e-4 { arguments += ["--gap", String(gap)] }
            if quiet { arguments.append("--quiet") }
            if progress != .text { arguments += ["--progress", progress.rawValue] }
            if let warmStart { arguments += ["--warm-start", warmStart] }
            throw ValidationError(ExternalEngines.exec(external, arguments: arguments))
        }
        let output = ProgressOutput(format: quiet ? .none : progress)
        let problem = try loadProblem(instance)
        printDiagnosis(problem, to: output)
        let start = try warmStart.map(loadSolution)
        guard var engine = EngineRegistry.shared.engine(named: engine) else {
            let known = EngineRegistry.shared.names + ExternalEngines.all().map(\.name)
            throw ValidationError("unknown engine \"\(self.engine)\"; available: \(known.joined(separator: ", ")) "
                                  + "(an engine of your own: an executable netsched-engine-NAME on PATH, see Examples/CustomStrategy)")
        }
        if var heuristic = engine as? HeuristicEngine, let maxIterations {
            heuristic.maxIterations = maxIterations
            engine = heuristic
        }
        let stop = StopFlag()
        let interrupt = stopOnInterrupt(stop, output: output)
        defer { interrupt.cancel() }

        let parameters = SolveParameters(timeLimit: timeLimit, seed: seed, threads: threads, relativeGap: gap, stop: stop, hint: start,
                                         bounder: noBound ? nil : NetworkBounder())
        let result = engine.run(problem, parameters: parameters) { output.emit($0) }
        guard let solution = result.solution else {
            note("\(engine.name): no solution (\(result.status.rawValue))\(result.message.map { ": " + $0 } ?? "")")
            throw Exit.noSolution
        }
        try writeOutput(SolutionLoader.encode(solution), to: out)
        let report = Checker(problem).check(solution)
        print(summary(problem: problem, result: result, report: report))
        if !report.usable || !report.feasible { throw Exit.violations }
    }

    private func summary(problem: Problem, result: SolveResult, report: CheckReport) -> String {
        let s = report.summary
        var lines = [
            "engine \(engine): \(result.status.rawValue)\(result.message.map { " — " + $0 } ?? ""); solution written to \(out)",
            "requests: required \(s.requiredSatisfied)/\(s.requiredRequests), elective \(s.electiveSatisfied)/\(s.electiveRequests)",
            "sections: \(s.sections); enrolments in person \(s.inPersonEnrolments), online \(s.onlineEnrolments) "
                + String(format: "(online share %.0f%%)", 100 * s.onlineShare),
            "travel: \(s.studentTravelMinutes) student minutes in \(s.legs) legs",
        ]
        lines.append(renderReport(report, maxViolations: 20))
        if let b = result.lowerBound {
            lines.append(String(format: "bound by %@ in %.1f s", b.method, b.seconds) + (b.message.map { " (\($0))" } ?? ""))
        } else if report.bound == nil {
            lines.append("no bound" + (noBound ? " (--no-bound)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
