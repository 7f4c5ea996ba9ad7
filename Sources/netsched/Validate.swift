import ArgumentParser
import Foundation
import NetworkTimetabling

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check an instance file and list every problem found, each with its place and a fix.",
        discussion: "Exit 0 when the instance is valid (warnings allowed), 2 when it has errors."
    )

    @Argument(help: "The instance file (JSON).")
    var instance: String

    @Flag(help: "Print the diagnostics as JSON on standard output.")
    var json = false

    func run() throws {
        let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: instance))
        let errors = loaded.diagnostics.filter { $0.severity == .error }.count
        let warnings = loaded.diagnostics.count - errors
        if json {
            struct Report: Encodable { var valid: Bool; var errors: Int; var warnings: Int; var diagnostics: [Diagnostic] }
            print(try jsonText(Report(valid: errors == 0, errors: errors, warnings: warnings, diagnostics: loaded.diagnostics)))
        } else {
            for d in loaded.diagnostics { print("\(instance): \(d)") }
            if errors == 0, let p = loaded.problem {
                let i = p.instance
                print("\(instance): valid — \(i.sites.count) sites, \(i.rooms.count) rooms, \(i.teachers.count) teachers, "
                      + "\(i.courses.count) courses, \(i.students.count) students, "
                      + "\(i.students.reduce(0) { $0 + $1.requests.count }) requests, \(i.transport.busRuns.count) bus runs; "
                      + "\(warnings) warning\(warnings == 1 ? "" : "s")")
            } else {
                print("\(instance): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
            }
        }
        if errors > 0 { throw Exit.unusableInput }
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the JSON Schema of the instance format.")
    func run() { print(InstanceSchema.json) }
}

struct Engines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the engines `solve --engine` accepts.",
        discussion: """
            The built-in engines, then external ones: an executable named netsched-engine-NAME in \
            netsched's directory or on PATH is the engine NAME (a strategy written outside the library, \
            see Examples/CustomStrategy). --verbose adds where each comes from.
            """)

    @Flag(help: "Say where each engine comes from (built in, or the external program's path).")
    var verbose = false

    func run() {
        for name in EngineRegistry.shared.names { print(verbose ? "\(name)\tbuilt in" : name) }
        for (name, path) in ExternalEngines.all() { print(verbose ? "\(name)\t\(path)" : name) }
    }
}
