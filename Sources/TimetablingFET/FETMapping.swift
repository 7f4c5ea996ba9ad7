import Foundation
import TimetablingCore

/// Ties the names of a FET file to the ids of a network instance, for ``FETImport``.
///
/// The JSON form (documented in `docs/FET.md`):
///
/// ```json
/// {"formatVersion": 1,
///  "days": {"Monday": "mon"}, "hours": {"08:00-08:45": 1},
///  "students": {"10": "sosnovka-10", "10 b": ["sosnovka-10b", "ivanovka-10"], "Staff": null},
///  "teachers": {"Orlova A.": "t-orlova"}, "rooms": {"Lab": "sosnovka-chem-lab"}}
/// ```
///
/// A value is an id (a period number for hours), a list of ids (students only), or `null` to
/// leave the name out on purpose. A name that is absent, or whose value is the empty string `""`
/// (what ``FETMappingTemplate`` writes), is unmapped: the import reports it.
public struct FETMapping: Codable, Sendable, Equatable {
    public enum Entry<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
        /// Maps to this value.
        case to(Value)
        /// `null`: left out on purpose.
        case ignored
        /// `""`: still to be filled in.
        case unfilled

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .ignored
            } else if let s = try? c.decode(String.self), s.isEmpty {
                self = .unfilled
            } else {
                self = .to(try c.decode(Value.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .to(let v): try c.encode(v)
            case .ignored: try c.encodeNil()
            case .unfilled: try c.encode("")
            }
        }

        public var value: Value? { if case .to(let v) = self { v } else { nil } }
    }

    /// One class id or several (`"a"` or `["a", "b"]`).
    public struct ClassIds: Codable, Sendable, Equatable {
        public var ids: [String]
        public init(_ ids: [String]) { self.ids = ids }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let one = try? c.decode(String.self) { ids = [one] } else { ids = try c.decode([String].self) }
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if ids.count == 1 { try c.encode(ids[0]) } else { try c.encode(ids) }
        }
    }

    public var formatVersion: Int
    /// Free text for people; ignored by the import.
    public var comment: String?
    /// FET day name → instance day id.
    public var days: [String: Entry<String>]
    /// FET hour name → 1-based period number of the instance calendar.
    public var hours: [String: Entry<Int>]
    /// FET year, group or subgroup name → instance class id(s).
    public var students: [String: Entry<ClassIds>]
    /// FET teacher name → instance teacher id.
    public var teachers: [String: Entry<String>]
    /// FET room name → instance room id.
    public var rooms: [String: Entry<String>]

    public init(
        formatVersion: Int = 1, comment: String? = nil, days: [String: Entry<String>] = [:], hours: [String: Entry<Int>] = [:],
        students: [String: Entry<ClassIds>] = [:], teachers: [String: Entry<String>] = [:], rooms: [String: Entry<String>] = [:]
    ) {
        self.formatVersion = formatVersion
        self.comment = comment
        self.days = days
        self.hours = hours
        self.students = students
        self.teachers = teachers
        self.rooms = rooms
    }

    enum CodingKeys: String, CodingKey { case formatVersion, comment, days, hours, students, teachers, rooms }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decodeIfPresent(Int.self, forKey: .formatVersion) ?? 1
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        days = try c.decodeIfPresent([String: Entry<String>].self, forKey: .days) ?? [:]
        hours = try c.decodeIfPresent([String: Entry<Int>].self, forKey: .hours) ?? [:]
        students = try c.decodeIfPresent([String: Entry<ClassIds>].self, forKey: .students) ?? [:]
        teachers = try c.decodeIfPresent([String: Entry<String>].self, forKey: .teachers) ?? [:]
        rooms = try c.decodeIfPresent([String: Entry<String>].self, forKey: .rooms) ?? [:]
    }

    /// Decodes a mapping file; malformed JSON becomes an ``InputError`` naming the place.
    public static func load(data: Data) throws -> FETMapping {
        // An unknown field (a misspelt "days", say) would otherwise be dropped without a word.
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let known = ["formatVersion", "comment", "days", "hours", "students", "teachers", "rooms"]
            let unknown = object.keys.filter { !known.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw InputError(unknown.map { key in
                    Diagnostic(.error, key, "unknown field \"\(key)\"",
                               fix: SchemaValidator.closest(key, in: known).map { "did you mean \"\($0)\"?" }
                                   ?? "remove it; known fields: \(known.joined(separator: ", "))")
                })
            }
        }
        do {
            return try JSONDecoder().decode(FETMapping.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw InputError([Diagnostic(.error, path, "unexpected value: \(context.debugDescription)",
                                         fix: "use an id, a list of ids (students only), null to leave the name out, or \"\" while unfilled")])
        } catch {
            throw InputError([Diagnostic(.error, "", "not a mapping file: \(error)", fix: "start from `netsched import-fet FILE --write-mapping-template`")])
        }
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// A mapping skeleton that lists every name of a FET file, to be filled in.
///
/// Names equal to an instance id are filled in with it; with an instance whose calendar has
/// as many days (periods) as the file, days (hours) are filled in by position. Everything else
/// is `""` (unfilled), which the import reports until it is replaced by an id or `null`.
public enum FETMappingTemplate {
    public static func make(for document: FETDocument, instance: Instance? = nil) -> FETMapping {
        var m = FETMapping(comment: "Fill in every \"\" with an instance id (hours: a period number), or null to leave the name out. Students: a year, group or subgroup maps to one class id or a list.")
        let dayIds = instance?.calendar.days ?? []
        for (i, d) in document.days.enumerated() {
            if dayIds.contains(d) { m.days[d] = .to(d) }
            else if dayIds.count == document.days.count { m.days[d] = .to(dayIds[i]) }
            else { m.days[d] = .unfilled }
        }
        let periods = instance?.calendar.periods.count ?? 0
        for (i, h) in document.hours.enumerated() {
            m.hours[h] = periods == document.hours.count ? .to(i + 1) : .unfilled
        }
        let classIds = Set(instance?.classes.map(\.id) ?? [])
        for s in document.studentsHierarchy.names {
            m.students[s] = classIds.contains(s) ? .to(.init([s])) : .unfilled
        }
        let teacherIds = Set(instance?.teachers.map(\.id) ?? [])
        for t in document.teachers { m.teachers[t] = teacherIds.contains(t) ? .to(t) : .unfilled }
        let roomIds = Set(instance?.rooms.map(\.id) ?? [])
        for r in document.rooms.map(\.name) { m.rooms[r] = roomIds.contains(r) ? .to(r) : .unfilled }
        return m
    }
}
