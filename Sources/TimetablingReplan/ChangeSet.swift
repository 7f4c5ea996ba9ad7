import Foundation
import TimetablingCore
import TimetablingEngines
import TimetablingReports

/// What happened during the term, as a list of changes to apply to an instance before re-planning
/// (`docs/REPLAN.md`). Each change says whether it is **hard** (must be honoured) or **soft**
/// (honoured where the re-plan can); the meaning of soft depends on the kind (``Change/Kind``).
///
/// ```swift
/// let loaded = ChangeSetLoader.load(contentsOf: url)           // every problem with its place
/// let applied = try loaded.changes!.apply(to: instance, published: solution)
/// ```
public struct ChangeSet: Codable, Sendable, Equatable {
    public var formatVersion: Int
    public var description: String?
    public var changes: [Change]

    public init(formatVersion: Int = 1, description: String? = nil, changes: [Change]) {
        self.formatVersion = formatVersion
        self.description = description
        self.changes = changes
    }
}

/// One change. `kind` says which fields apply; `hard` is required (the user's choice).
public struct Change: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A student adds a request. Hard: it must be granted (made required); soft: an elective.
        case addRequest
        /// A student drops a request. Hard: it leaves the curriculum; soft: it stays as an elective
        /// of weight 0, so the student keeps the place only where leaving would cost more.
        case dropRequest
        /// A teacher cannot teach in some periods (or at all).
        case teacherUnavailable
        /// A room cannot be used in some periods (or at all).
        case roomUnavailable
        /// A site (all its rooms) cannot host network lessons in some periods (or at all).
        case siteUnavailable
        /// A bus run does not operate on some days (or at all).
        case busRunUnavailable
        /// New students join the network with their curricula. Hard: their requests as given;
        /// soft: every request of theirs is elective.
        case newStudents
        /// A course closes: its sections end and it leaves every curriculum.
        case courseClosed
    }

    public var kind: Kind
    /// true: must be honoured; false: honoured where the re-plan can (see ``Kind``).
    public var hard: Bool
    /// Free text for people: why.
    public var note: String?
    public var student: String?
    /// `addRequest`: the new request; `dropRequest`: its 0-based index (as an integer).
    public var request: RequestField?
    public var teacher: String?
    public var room: String?
    public var site: String?
    public var busRun: String?
    public var course: String?
    public var students: [Student]?
    /// Unavailability: whole days.
    public var days: [String]?
    /// Unavailability: periods by day, as in busy periods.
    public var periods: BusyPeriods?
    /// Dates `YYYY-MM-DD` the change holds from and until (for people; the week repeats).
    public var from: String?
    public var until: String?

    public init(kind: Kind, hard: Bool, note: String? = nil, student: String? = nil, request: RequestField? = nil,
                teacher: String? = nil, room: String? = nil, site: String? = nil, busRun: String? = nil, course: String? = nil,
                students: [Student]? = nil, days: [String]? = nil, periods: BusyPeriods? = nil, from: String? = nil,
                until: String? = nil) {
        self.kind = kind
        self.hard = hard
        self.note = note
        self.student = student
        self.request = request
        self.teacher = teacher
        self.room = room
        self.site = site
        self.busRun = busRun
        self.course = course
        self.students = students
        self.days = days
        self.periods = periods
        self.from = from
        self.until = until
    }

    /// `request` is a new request (`addRequest`) or an index (`dropRequest`).
    public enum RequestField: Codable, Sendable, Equatable {
        case index(Int)
        case request(Request)

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .index(i) } else { self = .request(try c.decode(Request.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case let .index(i): try c.encode(i)
            case let .request(r): try c.encode(r)
            }
        }
    }
}

/// Reads a changes file in layers, like ``InstanceLoader``: JSON syntax, the changes schema
/// (unknown fields, types, missing `kind` or `hard`), then the fields each kind needs. The
/// references to the instance are checked by ``ChangeSet/apply(to:published:)``.
public enum ChangeSetLoader: InputLoader {
    public struct Loaded: Sendable {
        public var changes: ChangeSet?
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    static let validator: SchemaValidator? = try? SchemaValidator(schema: ChangeSetLoader.schema)

    /// Validators of the instance schema's `Student` and `Request` definitions, taken from the
    /// parsed schema; an error when either is missing (never a change checked by nothing).
    static let embedded: Result<[String: SchemaValidator], InputError> = embeddedValidators(instanceSchema: InstanceSchema.json)

    static func embeddedValidators(instanceSchema: String) -> Result<[String: SchemaValidator], InputError> {
        let schema: SchemaValidator
        do { schema = try SchemaValidator(schema: instanceSchema) } catch let e as InputError { return .failure(e) } catch {
            return .failure(InputError([Diagnostic(.error, "", "\(error)")]))
        }
        var out: [String: SchemaValidator] = [:]
        for name in ["Student", "Request"] {
            guard let v = schema.definition(name) else {
                return .failure(InputError([Diagnostic(.error, "$defs", "the instance schema has no definition \"\(name)\"")]))
            }
            out[name] = v
        }
        return .success(out)
    }

    private static func prefixed(_ d: Diagnostic, _ prefix: String) -> Diagnostic {
        Diagnostic(d.severity, d.path.isEmpty ? prefix : prefix + "." + d.path, d.message, fix: d.fix)
    }

    public static func unusable(_ diagnostics: [Diagnostic]) -> Loaded { Loaded(diagnostics: diagnostics) }

    public static func load(data: Data) -> Loaded {
        var diagnostics: [Diagnostic] = []
        guard let json = parse(data, into: &diagnostics) else { return Loaded(diagnostics: diagnostics) }
        guard let validator else {
            return Loaded(diagnostics: [Diagnostic(.error, "", "the built-in changes schema is unusable")])
        }
        let embedded: [String: SchemaValidator]
        switch Self.embedded {
        case let .success(v): embedded = v
        case let .failure(error): return Loaded(diagnostics: [Diagnostic(.error, "", "the built-in instance schema is unusable: \(error)")])
        }
        var (found, decodable) = validator.validateDetailed(json)
        // Requests and students inside changes are checked against the instance schema's own definitions.
        if case let .array(items)? = json["changes"] {
            for (i, item) in items.enumerated() {
                if let request = item["request"], case .object = request, let v = embedded["Request"] {
                    let (more, ok) = v.validateDetailed(request)
                    found += more.map { prefixed($0, "changes[\(i)].request") }
                    decodable = decodable && ok
                }
                if case let .array(students)? = item["students"], let v = embedded["Student"] {
                    for (k, student) in students.enumerated() {
                        let (more, ok) = v.validateDetailed(student)
                        found += more.map { prefixed($0, "changes[\(i)].students[\(k)]") }
                        decodable = decodable && ok
                    }
                }
            }
        }
        diagnostics += found
        guard decodable else { return Loaded(diagnostics: diagnostics) }
        guard let set = decode(ChangeSet.self, from: data, into: &diagnostics) else { return Loaded(diagnostics: diagnostics) }
        var list = DiagnosticList()
        set.checkFields(into: &list)
        diagnostics += list.items
        return Loaded(changes: diagnostics.contains { $0.severity == .error } ? nil : set, diagnostics: diagnostics)
    }

    /// The fields each kind takes, besides `kind`, `hard` and `note`.
    static let fields: [Change.Kind: (required: [String], optional: [String])] = [
        .addRequest: (["student", "request"], []),
        .dropRequest: (["student", "request"], []),
        .teacherUnavailable: (["teacher"], ["days", "periods", "from", "until"]),
        .roomUnavailable: (["room"], ["days", "periods", "from", "until"]),
        .siteUnavailable: (["site"], ["days", "periods", "from", "until"]),
        .busRunUnavailable: (["busRun"], ["days", "from", "until"]),
        .newStudents: (["students"], []),
        .courseClosed: (["course"], ["from"]),
    ]

    /// The JSON Schema of a changes file (the subset ``SchemaValidator`` implements). The fields
    /// each kind takes are checked in code (``ChangeSet/checkFields(into:)``).
    static let schema = #"""
    {
      "type": "object",
      "additionalProperties": false,
      "required": ["formatVersion", "changes"],
      "properties": {
        "formatVersion": {"type": "integer", "enum": [1]},
        "description": {"type": ["string", "null"]},
        "changes": {"type": "array", "items": {"$ref": "#/$defs/Change"}}
      },
      "$defs": {
        "Change": {
          "type": "object",
          "additionalProperties": false,
          "required": ["kind", "hard"],
          "properties": {
            "kind": {"type": "string", "enum": ["addRequest", "dropRequest", "teacherUnavailable", "roomUnavailable",
                                                "siteUnavailable", "busRunUnavailable", "newStudents", "courseClosed"]},
            "hard": {"type": "boolean"},
            "note": {"type": ["string", "null"]},
            "student": {"type": "string", "pattern": "."},
            "request": {"type": ["integer", "object"]},
            "teacher": {"type": "string", "pattern": "."},
            "room": {"type": "string", "pattern": "."},
            "site": {"type": "string", "pattern": "."},
            "busRun": {"type": "string", "pattern": "."},
            "course": {"type": "string", "pattern": "."},
            "students": {"type": "array", "items": {"type": "object"}},
            "days": {"type": "array", "items": {"type": "string", "pattern": "."}},
            "periods": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "integer", "minimum": 1}}},
            "from": {"type": "string", "pattern": "^[0-9]{4}-[01][0-9]-[0-3][0-9]$"},
            "until": {"type": "string", "pattern": "^[0-9]{4}-[01][0-9]-[0-3][0-9]$"}
          }
        }
      }
    }
    """#
}

extension ChangeSet {
    /// Which fields each change has, by its kind: missing ones and ones the kind does not take
    /// are errors with their place.
    func checkFields(into d: inout DiagnosticList) {
        for (i, c) in changes.enumerated() {
            let path = "changes[\(i)]"
            let given: [String: Bool] = [
                "student": c.student != nil, "request": c.request != nil, "teacher": c.teacher != nil, "room": c.room != nil,
                "site": c.site != nil, "busRun": c.busRun != nil, "course": c.course != nil, "students": c.students != nil,
                "days": c.days != nil, "periods": c.periods != nil, "from": c.from != nil, "until": c.until != nil,
            ]
            let spec = ChangeSetLoader.fields[c.kind]!
            for f in spec.required where given[f] != true {
                d.error(path + "." + f, "a \(c.kind.rawValue) change needs \"\(f)\"", fix: "add the field \"\(f)\"")
            }
            for (f, present) in given.sorted(by: { $0.key < $1.key }) where present && !spec.required.contains(f) && !spec.optional.contains(f) {
                let takes = (spec.required + spec.optional).map { "\"\($0)\"" }.joined(separator: ", ")
                d.error(path + "." + f, "a \(c.kind.rawValue) change does not take \"\(f)\"", fix: "remove it (this kind takes \(takes))")
            }
            switch (c.kind, c.request) {
            case (.addRequest, .index?):
                d.error(path + ".request", "addRequest needs the new request as an object", fix: "write {\"alternatives\": [{\"course\": …}]}")
            case (.dropRequest, .request?):
                d.error(path + ".request", "dropRequest needs the 0-based index of the request to drop", fix: "write the index, e.g. 2")
            default: break
            }
            if let from = c.from, let until = c.until, until < from {
                d.error(path + ".until", "the change ends (\(until)) before it starts (\(from))", fix: "swap or correct the dates")
            }
            if c.kind == .newStudents && c.students?.isEmpty == true {
                d.error(path + ".students", "no students", fix: "list the new students")
            }
        }
    }
}
