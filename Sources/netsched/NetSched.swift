import ArgumentParser
import NetworkTimetabling
import NetworkTimetablingGLPK

@main
struct NetSched: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netsched",
        abstract: "Timetables for networks of rural schools: validate, solve and check network instances.",
        discussion: """
            Exit codes: 0 success (valid instance, feasible solution); 1 the solution breaks hard rules \
            (check, solve); 2 unusable input (malformed JSON, unknown fields, dangling ids, bad ranges) or an output file that \
            cannot be written (read-only folder, full disk: files are written whole or not at all); \
            3 the engine found no solution at all.
            """,
        version: "0.1.0",
        subcommands: [Validate.self, Solve.self, Replan.self, Check.self, Generate.self, Engines.self, Schema.self, Report.self, Explain.self, OptionsCommand.self, WhatIfCommand.self, Diagnose.self, Catalogue.self, ExportTables.self, ImportTables.self, Template.self, ExportModel.self, ImportFET.self, FETSolve.self, ITC2019Command.self, Bench.self]
    )

    /// Registers the engines that live outside the core library, then runs the command line.
    static func main() {
        GLPKEngines.register(in: .shared)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as FileWriteError {
            // An output that cannot be written (read-only folder, full disk, a file where a folder
            // should be): the path and the reason, exit 2, and nothing half-written left there.
            note("error: \(error); nothing was written there (choose a folder you can write to, with free space)")
            exit(withError: Exit.unusableInput)
        } catch {
            exit(withError: error)
        }
    }
}

/// Exit codes documented in `netsched --help` and the README.
enum Exit {
    static let violations = ExitCode(1)
    static let unusableInput = ExitCode(2)
    static let noSolution = ExitCode(3)
}
