import ArgumentParser
import Foundation
import NetworkTimetabling

/// `netsched generate`: a realistic, deterministic instance from a preset or explicit sizes.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a realistic network instance (same seed, same bytes).",
        discussion: """
            Start from a preset (tiny, district, cluster, region) or give every size; explicit \
            counts override the preset's. The profile decides the geography and transport: \
            district (villages, school buses on scheduled runs), arctic (sites far apart, some \
            without a road), city (a lyceum and a technopark close together). The model is \
            described in docs/GENERATOR.md.

            Examples:
              netsched generate --preset district --seed 7 --out district-7.json
              netsched generate --sites 12 --students 300 --courses 40 --teachers 30 --profile arctic --out arctic.json
            """
    )

    @Option(help: "Start from a preset: \(GeneratorParameters.presetNames.joined(separator: ", ")).")
    var preset: String?

    @Option(help: "Number of sites (schools, branches, partners, technopark, college, centre).")
    var sites: Int?

    @Option(help: "Number of senior students with individual curricula.")
    var students: Int?

    @Option(help: "Number of courses in the network's bank.")
    var courses: Int?

    @Option(help: "Number of network teachers.")
    var teachers: Int?

    @Option(help: "Younger students (grades 7–9) in career trials, besides the senior students; default 0.")
    var juniorStudents: Int = 0

    @Option(help: "Seed of every random choice (a non-negative integer).")
    var seed: UInt64 = 1

    @Option(help: "Kind of network: \(GeneratorParameters.Profile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: String = GeneratorParameters.Profile.district.rawValue

    @Option(help: "Instance name (default: made from the preset or sizes, the profile and the seed).")
    var name: String?

    @Option(help: "Output file; `-` writes to standard output.")
    var out: String

    func validate() throws {
        if let preset, GeneratorParameters.preset(preset) == nil {
            throw ValidationError("--preset: unknown preset \"\(preset)\"; use one of \(GeneratorParameters.presetNames.joined(separator: ", "))")
        }
        if GeneratorParameters.Profile(rawValue: profile) == nil {
            throw ValidationError("--profile: unknown profile \"\(profile)\"; use one of "
                                  + GeneratorParameters.Profile.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let sites, sites < 1 { throw ValidationError("--sites must be at least 1 (got \(sites))") }
        if let sites, sites > 5_000 { throw ValidationError("--sites must be at most 5000 (got \(sites))") }
        if let students, students < 0 { throw ValidationError("--students must be 0 or more (got \(students))") }
        if juniorStudents < 0 { throw ValidationError("--junior-students must be 0 or more (got \(juniorStudents))") }
        if let courses, courses < 1 { throw ValidationError("--courses must be at least 1 (got \(courses))") }
        if let teachers, teachers < 1 { throw ValidationError("--teachers must be at least 1: every course needs a teacher (got \(teachers))") }
        if let name, name.isEmpty { throw ValidationError("--name must not be empty") }
        if preset == nil {
            let missing = [("--sites", sites), ("--students", students), ("--courses", courses), ("--teachers", teachers)]
                .filter { $0.1 == nil }.map(\.0)
            if !missing.isEmpty {
                throw ValidationError("give \(missing.joined(separator: ", ")) or start from a preset with --preset "
                                      + GeneratorParameters.presetNames.joined(separator: "|"))
            }
        }
        if out.isEmpty { throw ValidationError("--out: give a file name, or - for standard output") }
    }

    /// The generator parameters these options describe.
    var parameters: GeneratorParameters {
        var p = preset.flatMap(GeneratorParameters.preset) ?? GeneratorParameters(sites: 1, students: 0, courses: 1, teachers: 1)
        if let sites { p.sites = sites }
        if let students { p.students = students }
        if let courses { p.courses = courses }
        if let teachers { p.teachers = teachers }
        p.juniorStudents = juniorStudents
        p.seed = seed
        p.profile = GeneratorParameters.Profile(rawValue: profile) ?? .district
        p.name = name
        return p
    }

    func run() throws {
        let p = parameters
        let started = Date()
        let instance = InstanceGenerator.generate(p)
        let generated = Date()
        let data = try InstanceGenerator.encode(instance)
        if out == "-" {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            try writeOutput(data + Data("\n".utf8), to: out)
        }
        let requests = instance.students.reduce(0) { $0 + $1.requests.count }
        FileHandle.standardError.write(Data((
            "\(out == "-" ? "stdout" : out): \(instance.name) — \(instance.sites.count) sites, \(instance.rooms.count) rooms, "
            + "\(instance.teachers.count) teachers, \(instance.courses.count) courses, \(instance.students.count) students, "
            + "\(requests) requests, \(instance.transport.busRuns.count) bus runs "
            + String(format: "(generated in %.2f s, encoded in %.2f s)", generated.timeIntervalSince(started),
                     Date().timeIntervalSince(generated)) + "\n").utf8))
    }
}
