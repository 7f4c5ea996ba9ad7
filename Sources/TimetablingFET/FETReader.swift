import Foundation
import TimetablingCore

/// Reads `.fet` files into an ``FETDocument``.
///
/// Malformed XML, a root that is not `<fet>`, activities without a numeric id or with a
/// duplicate id are errors (thrown as ``InputError`` with every diagnostic found); anything
/// merely odd is a warning in ``Result/diagnostics``. Diagnostic paths name the element and
/// its line: `Activities_List.Activity[3] (line 120)`.
public enum FETReader {
    public struct Result: Sendable {
        public var document: FETDocument
        public var diagnostics: [Diagnostic]
    }

    /// Reads a file; gzip-compressed files are not read (decompress them first).
    public static func read(contentsOf url: URL) throws -> Result {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputError([Diagnostic(.error, "", "cannot read \(url.path): \(error.localizedDescription)",
                                         fix: "check the path")])
        }
        return try read(data: data)
    }

    public static func read(data: Data) throws -> Result {
        if data.starts(with: [0x1f, 0x8b]) {
            throw InputError([Diagnostic(.error, "", "the file is gzip-compressed", fix: "decompress it first: gunzip -k FILE")])
        }
        // FoundationXML's parser traps (crashing the process) on some bytes that are not UTF-8, in
        // element names and comments (found by fuzzing): such a file is refused here, with its place.
        if let bad = firstInvalidUTF8(data) {
            let line = data.prefix(bad).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw InputError([Diagnostic(.error, "line \(line)", "the file is not valid UTF-8 (byte \(bad + 1) of the file)",
                                         fix: "save the file as UTF-8, as FET writes it (in FET: open it and save it again)")])
        }
        let root: FETElement
        do {
            guard let plain = blankingProcessingInstructions(data) else {
                throw InputError([Diagnostic(.error, "line 1", "malformed XML: the XML declaration is not closed by '?>'",
                                             fix: "open the file in FET and save it again")])
            }
            root = try FETXMLTree.parse(plain)
        } catch let failure as FETXMLTree.Failure {
            throw InputError([Diagnostic(.error, "line \(failure.line)", "malformed XML: \(failure.message)",
                                         fix: "open the file in FET and save it again")])
        }
        guard root.name == "fet" else {
            throw InputError([Diagnostic(.error, root.name, "the root element is <\(root.name)>, not <fet>",
                                         fix: "pass a file written by FET (.fet)")])
        }
        var list = DiagnosticList()
        let document = parseDocument(root, &list)
        if list.hasErrors { throw InputError(list.items) }
        return Result(document: document, diagnostics: list.items)
    }

    static func bool(_ text: String) -> Bool { text.lowercased() == "true" || text == "1" }

    /// Names of the `item` elements of a list; an item is either `<Day><Name>x</Name></Day>` or `<Day>x</Day>`.
    private static func names(_ list: FETElement?, item: String) -> [String] {
        guard let list else { return [] }
        return list.children(item).map { $0.child("Name")?.text ?? $0.text }
    }

    private static func parseDocument(_ root: FETElement, _ list: inout DiagnosticList) -> FETDocument {
        var document = FETDocument(days: names(root.child("Days_List"), item: "Day"),
                                   hours: names(root.child("Hours_List"), item: "Hour"))
        document.version = root.attributes["version"]
        document.institutionName = root.text("Institution_Name")
        document.mode = root.text("Mode")
        if document.days.isEmpty { list.error("Days_List", "the file lists no days", fix: "define the days in FET") }
        if document.hours.isEmpty { list.error("Hours_List", "the file lists no hours", fix: "define the hours in FET") }
        document.subjects = names(root.child("Subjects_List"), item: "Subject")
        document.activityTags = names(root.child("Activity_Tags_List"), item: "Activity_Tag")
        document.teachers = names(root.child("Teachers_List"), item: "Teacher")
        document.buildings = names(root.child("Buildings_List"), item: "Building")

        for year in root.child("Students_List")?.children("Year") ?? [] {
            var y = FETYear(name: year.text("Name") ?? "", numberOfStudents: Int(year.text("Number_of_Students") ?? "") ?? 0)
            for group in year.children("Group") {
                var g = FETGroup(name: group.text("Name") ?? "", numberOfStudents: Int(group.text("Number_of_Students") ?? "") ?? 0)
                for sub in group.children("Subgroup") {
                    g.subgroups.append(FETSubgroup(name: sub.text("Name") ?? "",
                                                   numberOfStudents: Int(sub.text("Number_of_Students") ?? "") ?? 0))
                }
                y.groups.append(g)
            }
            document.years.append(y)
        }

        for room in root.child("Rooms_List")?.children("Room") ?? [] {
            let building = room.text("Building").flatMap { $0.isEmpty ? nil : $0 }
            document.rooms.append(FETRoom(name: room.text("Name") ?? "", building: building,
                                          capacity: Int(room.text("Capacity") ?? "") ?? 0,
                                          isVirtual: room.text("Virtual").map(bool) ?? false,
                                          realRoomSets: room.children("Set_of_Real_Rooms").map { $0.children("Real_Room").map(\.text) }))
        }

        var seen: [Int: Int] = [:]
        for (i, a) in (root.child("Activities_List")?.children("Activity") ?? []).enumerated() {
            let path = "Activities_List.Activity[\(i)] (line \(a.line))"
            guard let id = Int(a.text("Id") ?? "") else {
                list.error(path, "the activity has no numeric <Id>", fix: "open the file in FET and save it again")
                continue
            }
            if let other = seen[id] {
                list.error(path, "activity id \(id) is used again (first at line \(other))",
                           fix: "give every activity its own id")
                continue
            }
            seen[id] = a.line
            let durationText = a.text("Duration")?.trimmingCharacters(in: .whitespaces)
            guard let duration = durationText.map({ Int($0) }) ?? 1 else {
                list.error("Activities_List.Activity[\(i)].Duration (line \(a.line))", "activity \(id) has duration \"\(durationText ?? "")\", not a number of hours",
                           fix: "write a whole number of hours, e.g. <Duration>1</Duration>")
                continue
            }
            if duration < 1 { list.error(path, "activity \(id) has duration \(duration)", fix: "use a duration of at least 1 hour") }
            document.activities.append(FETActivity(
                id: id, activityGroupId: Int(a.text("Activity_Group_Id") ?? "") ?? 0,
                teachers: a.children("Teacher").map(\.text), subject: a.text("Subject") ?? "",
                activityTags: a.children("Activity_Tag").map(\.text), students: a.children("Students").map(\.text),
                duration: duration, totalDuration: Int(a.text("Total_Duration") ?? ""),
                active: a.text("Active").map(bool) ?? true, line: a.line))
        }

        document.timeConstraints = (root.child("Time_Constraints_List")?.children ?? []).map(FETConstraint.init)
        document.spaceConstraints = (root.child("Space_Constraints_List")?.children ?? []).map(FETConstraint.init)
        return document
    }
}

extension FETDocument {
    /// The students hierarchy as relations between set names: which sets contain a set
    /// (its year and groups) and which sets it contains (its groups and subgroups).
    public struct StudentsHierarchy: Sendable {
        /// Every year, group and subgroup name, in file order, each once.
        public var names: [String] = []
        public var kind: [String: String] = [:]
        public var ancestors: [String: Set<String>] = [:]
        public var descendants: [String: Set<String>] = [:]

        /// The set itself, every set containing it and every set it contains.
        public func related(_ name: String) -> Set<String> {
            var s: Set<String> = [name]
            s.formUnion(ancestors[name] ?? [])
            s.formUnion(descendants[name] ?? [])
            return s
        }
    }

    public var studentsHierarchy: StudentsHierarchy {
        var h = StudentsHierarchy()
        func add(_ name: String, _ kind: String) {
            if h.kind[name] == nil {
                h.names.append(name)
                h.kind[name] = kind
            }
        }
        func link(_ parent: String, _ child: String) {
            h.ancestors[child, default: []].insert(parent)
            h.descendants[parent, default: []].insert(child)
        }
        for y in years {
            add(y.name, "year")
            for g in y.groups {
                add(g.name, "group")
                link(y.name, g.name)
                for s in g.subgroups {
                    add(s.name, "subgroup")
                    link(y.name, s.name)
                    link(g.name, s.name)
                }
            }
        }
        return h
    }
}

/// The offset of the first byte that is not part of a valid UTF-8 sequence, or nil.
func firstInvalidUTF8(_ data: Data) -> Int? {
    var decoder = UTF8()
    var iterator = data.makeIterator()
    var offset = 0
    var consumed = 0
    // Counts the bytes the decoder takes, so that an error can be placed.
    var counting = AnyIterator<UInt8> {
        guard let b = iterator.next() else { return nil }
        consumed += 1
        return b
    }
    while true {
        switch decoder.decode(&counting) {
        case .scalarValue: offset = consumed
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}

/// `data` with every processing instruction but the XML declaration blanked out (spaces, line
/// breaks kept, so that errors keep their lines), or nil when the declaration itself is not closed
/// by `?>`. FET files carry no processing instructions, and FoundationXML's parser dereferences a
/// null pointer on one without data (`<?target?>`, valid XML), including what libxml2 makes of a
/// broken declaration (all found by fuzzing): after this, the only `<?` left is a well-formed
/// declaration at the start.
func blankingProcessingInstructions(_ data: Data) -> Data? {
    var bytes = [UInt8](data)
    let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), question = UInt8(ascii: "?")
    let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
    var i = 0
    var first = true
    while i + 1 < bytes.count {
        guard bytes[i] == lt, bytes[i + 1] == question else { i += 1; continue }
        // The declaration opens the document: `<?xml` and a space, a byte-order mark and spaces before it.
        let isDeclaration = first && bytes[i...].starts(with: Array("<?xml".utf8)) && i + 5 < bytes.count && space.contains(bytes[i + 5])
            && bytes[..<i].allSatisfy { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || space.contains($0) }
        first = false
        if isDeclaration {
            // Its first '>' must close it as '?>'.
            guard let close = bytes[i...].firstIndex(of: gt), bytes[close - 1] == question else { return nil }
            i = close + 1
            continue
        }
        // To the next '?>', else to the next '>', else to the end.
        var end = i + 2
        while end + 1 < bytes.count && !(bytes[end] == question && bytes[end + 1] == gt) { end += 1 }
        if end + 1 >= bytes.count { end = (bytes[(i + 2)...].firstIndex(of: gt) ?? bytes.count - 1) - 1 }
        for k in i...min(end + 1, bytes.count - 1) where bytes[k] != 0x0A { bytes[k] = 0x20 }
        i = end + 2
    }
    return Data(bytes)
}
