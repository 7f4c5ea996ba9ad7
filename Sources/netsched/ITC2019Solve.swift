import ArgumentParser
import Foundation
import TimetablingCore
import TimetablingITC2019

extension ITCAcceptance: ExpressibleByArgument {}

/// `netsched itc2019 solve`: the ITC 2019 solver (docs/ITC2019.md), its answer judged by the validator.
struct ITC2019Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve an ITC 2019 problem: construction, student sectioning, then local search; write the solution XML.",
        discussion: """
            Progress goes to standard error. The summary printed at the end is the independent validator's \
            report of the file written (the same as `netsched itc2019 check PROBLEM SOLUTION`). Ctrl-C (SIGINT) \
            or SIGTERM stops the search and still writes the best solution found. Exit 0 when the solution is \
            valid, 1 when it still has hard violations, 2 when the problem cannot be read or the output cannot \
            be written.
            """
    )

    @Argument(help: "The problem file (ITC 2019 XML).")
    var problem: String

    @Option(help: "Where to write the solution (ITC 2019 solution XML).")
    var out: String

    @Option(help: "Seconds for the whole solve.")
    var timeLimit: Double = 60

    @Option(help: "Seed of the random choices (same seed, one thread and --max-iterations: same answer).")
    var seed: UInt64 = 1

    @Option(help: "Independent searches side by side (seeds seed, seed+1, …); the best is kept.")
    var threads: Int = 1

    @Option(help: "Stop the local search after this many moves (reproducible runs).")
    var maxIterations: Int?

    @Option(help: "How the search takes a worse move: annealing (simulated annealing, the default) or late-acceptance.")
    var acceptance: ITCAcceptance = .annealing

    @Flag(help: "Print the validator's report as JSON (the fields of `itc2019 check --json`).")
    var json = false

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    func validate() throws {
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if let maxIterations, maxIterations < 0 { throw ValidationError("--max-iterations must not be negative") }
    }

    func run() throws {
        let p = try loadITCProblem(problem)
        let stop = StopFlag()
        let handler = stopOnInterrupt(stop)
        defer { handler.cancel() }
        var options = ITCSolverOptions(timeLimit: timeLimit, seed: seed, threads: threads, maxIterations: maxIterations)
        options.acceptance = acceptance
        let quiet = quiet
        if !quiet {
            note("itc2019 solve: \(p.name) — \(p.classes.count) classes, \(p.rooms.count) rooms, \(p.students.count) students, "
                 + "\(p.distributions.count) distributions; time limit \(timeLimit) s, seed \(seed), \(threads) thread\(threads == 1 ? "" : "s")")
        }
        let result = ITCSolver(p, options: options).solve(shouldStop: { stop.isRaised }, progress: { if !quiet { note($0.description) } })
        let document = ITCSolutionDocument(problem: p, assignment: result.assignment, runtime: String(format: "%.1f", result.elapsed),
                                           cores: String(threads), technique: "netsched: construction, sectioning, \(acceptance == .annealing ? "simulated annealing" : "late-acceptance hill climbing")")
        do {
            try writeOutput(ITCSolutionWriter.data(document), to: out)
        } catch {
            note("\(out): cannot be written: \(error)")
            throw Exit.unusableInput
        }
        // The judge is the validator, on the document as written.
        let report = ITCValidator(p).validate(document)
        if json {
            print(try jsonText(report))
        } else {
            for v in report.hardViolations.prefix(20) { print("hard: \(v)") }
            if report.hardViolations.count > 20 { print("hard: … and \(report.hardViolations.count - 20) more") }
            let w = report.weights
            print("time penalty:         \(report.timePenalty) × \(w.time)")
            print("room penalty:         \(report.roomPenalty) × \(w.room)")
            print("distribution penalty: \(report.distributionPenalty) × \(w.distribution)")
            print("student conflicts:    \(report.studentConflicts) × \(w.student)")
            print("total:                \(report.total)")
            if let f = result.firstFeasible { print("first feasible:       \(String(format: "%.1f", f)) s") }
            let n = report.hardViolations.count
            print(report.valid ? "\(out): valid" : "\(out): INVALID — \(n) hard violation\(n == 1 ? "" : "s")")
        }
        if !report.valid { throw Exit.violations }
    }
}
