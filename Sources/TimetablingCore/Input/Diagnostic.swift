/// A problem found in an input file, with the place it is at and what would fix it.
///
/// `path` is written the way the JSON is navigated: `students[12].requests[1].alternatives[0].course`.
public struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How bad a finding is; the one severity of the package (input diagnostics, pre-solve
    /// diagnosis findings). Errors sort before warnings.
    public enum Severity: String, Sendable, Codable, Comparable {
        /// The input cannot be used as it is (or, in a diagnosis, a required request is impossible).
        case error
        /// The input can be used, but something in it is probably not what was meant (or, in a
        /// diagnosis, some requests are impossible or the instance is tight).
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    public var path: String
    public var message: String
    public var fix: String?

    public init(_ severity: Severity, _ path: String, _ message: String, fix: String? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.fix = fix
    }

    public var description: String {
        var s = "\(severity.rawValue): \(path.isEmpty ? "(top level)" : path): \(message)"
        if let fix { s += " (fix: \(fix))" }
        return s
    }
}

/// A list of diagnostics being collected, most often while reading one file.
public struct DiagnosticList: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func error(_ path: String, _ message: String, fix: String? = nil) {
        items.append(Diagnostic(.error, path, message, fix: fix))
    }

    public mutating func warning(_ path: String, _ message: String, fix: String? = nil) {
        items.append(Diagnostic(.warning, path, message, fix: fix))
    }

    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
}

/// Thrown when an input cannot be used; carries every diagnostic found, not only the first.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
