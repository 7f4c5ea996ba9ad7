import ArgumentParser
import Foundation
import NetworkTimetabling
import TimetablingFET

struct ImportFET: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-fet",
        abstract: "Turn a timetable solved in FET into busy periods of an instance's classes, teachers and rooms.",
        discussion: """
            FET_FILE is the *_data_and_timetable.fet file FET writes after generating a timetable. \
            A mapping file (JSON, see docs/FET.md) ties FET's days, hours, students sets, teachers and \
            rooms to the instance's ids; start from the skeleton written by --write-mapping-template. \
            Every FET name met in the timetable that the mapping does not cover is reported with the \
            number of activities it concerns; map it to null to leave it out on purpose.
            Exit codes: 0 written; 2 unusable input (bad FET file, bad mapping, unmapped names without \
            --allow-unmapped, or an instance that no longer validates).
            """
    )

    @Argument(help: "The solved FET file (.fet).")
    var fetFile: String

    @Option(help: "The instance whose classes, teachers and rooms get busy periods (JSON).")
    var instance: String?

    @Option(help: "The mapping file (JSON) from FET names to instance ids.")
    var mapping: String?

    @Option(help: "Where to write the new instance (JSON); '-' for standard output.")
    var out: String?

    @Option(help: "Write a mapping skeleton listing every FET name to this file, then stop (uses --instance, when given, to fill in names equal to ids).")
    var writeMappingTemplate: String?

    @Flag(help: "Clear the busy periods of every class, teacher and room the mapping names before importing.")
    var replace = false

    @Flag(help: "Report unmapped FET names as warnings and write the instance anyway.")
    var allowUnmapped = false

    @Flag(help: "Print the import statistics as JSON on standard output.")
    var json = false

    func validate() throws {
        if writeMappingTemplate == nil {
            if instance == nil { throw ValidationError("Missing --instance INSTANCE.json (or use --write-mapping-template MAPPING.json).") }
            if mapping == nil { throw ValidationError("Missing --mapping MAPPING.json; write a skeleton with --write-mapping-template MAPPING.json.") }
            if out == nil { throw ValidationError("Missing --out NEW-INSTANCE.json ('-' for standard output).") }
        }
    }

    func run() throws {
        let fet = try readFET(fetFile)

        var base: Instance?
        if let instance {
            let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: instance))
            printDiagnostics(loaded.diagnostics.filter { $0.severity == .error }, file: instance)
            guard let i = loaded.instance, !loaded.hasErrors else {
                note("\(instance): the instance cannot be used (run `netsched validate \(instance)` for the list)")
                throw Exit.unusableInput
            }
            base = i
        }

        if let path = writeMappingTemplate {
            let template = FETMappingTemplate.make(for: fet, instance: base)
            try writeOutput(template.jsonData(), to: path)
            let unfilled = [template.days.values.filter { $0 == .unfilled }.count, template.hours.values.filter { $0 == .unfilled }.count,
                            template.students.values.filter { $0 == .unfilled }.count, template.teachers.values.filter { $0 == .unfilled }.count,
                            template.rooms.values.filter { $0 == .unfilled }.count].reduce(0, +)
            note("\(path): mapping skeleton for \(fet.days.count) days, \(fet.hours.count) hours, \(template.students.count) students sets, "
                 + "\(fet.teachers.count) teachers, \(fet.rooms.count) rooms; \(unfilled) name\(unfilled == 1 ? "" : "s") to fill in")
            return
        }

        guard let base, let mapping, let out else { return }
        let map: FETMapping
        do {
            map = try FETMapping.load(data: try Data(contentsOf: URL(fileURLWithPath: mapping)))
        } catch let error as InputError {
            printDiagnostics(error.diagnostics, file: mapping)
            throw Exit.unusableInput
        } catch {
            note("\(mapping): cannot read the mapping file: \(error.localizedDescription)")
            throw Exit.unusableInput
        }

        let result = FETImport.apply(fet, mapping: map, to: base, options: .init(replace: replace, allowUnmapped: allowUnmapped))
        printDiagnostics(result.diagnostics, file: fetFile)
        let s = result.statistics
        note("\(fetFile): \(s.placedActivities) of \(s.activeActivities) active activities placed, \(s.importedActivities) imported; "
             + "busy periods added: \(s.classPeriodsAdded) class, \(s.teacherPeriodsAdded) teacher, \(s.roomPeriodsAdded) room; "
             + "\(s.ignoredUses) uses of names mapped to null, \(s.unmappedUses) of unmapped names")
        if result.hasErrors {
            let n = result.diagnostics.filter { $0.severity == .error }.count
            note("\(fetFile): \(n) error\(n == 1 ? "" : "s"); nothing written (use --allow-unmapped to write despite unmapped names)")
            throw Exit.unusableInput
        }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(result.instance)
        let check = InstanceLoader.load(data: data)
        if check.hasErrors {
            printDiagnostics(check.diagnostics.filter { $0.severity == .error }, file: out)
            note("\(out): the imported instance does not validate; nothing written")
            throw Exit.unusableInput
        }
        if out == "-" {
            print(String(decoding: data, as: UTF8.self))
        } else {
            try writeOutput(data, to: out)
            note("\(out): written")
        }
        if json { print(try jsonText(s)) }
    }
}

/// Reads a FET file; prints its diagnostics and exits 2 when it cannot be used.
func readFET(_ path: String) throws -> FETDocument {
    do {
        let result = try FETReader.read(contentsOf: URL(fileURLWithPath: path))
        printDiagnostics(result.diagnostics, file: path)
        return result.document
    } catch let error as InputError {
        printDiagnostics(error.diagnostics, file: path)
        throw Exit.unusableInput
    }
}
