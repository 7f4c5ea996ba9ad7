import Foundation

/// A reader of one kind of input file (``InstanceLoader``, ``SolutionLoader``, the re-plan's
/// `ChangeSetLoader`): bytes in; the decoded value, when usable, and every problem found, each
/// with its place, out. The loaders differ in the layers they check; reading the file, parsing
/// the JSON and turning a decoding error into a diagnostic are this one shared path.
///
/// ```swift
/// let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: "Examples/tiny.json"))
/// ```
public protocol InputLoader {
    /// What a load returns: the value when it is usable, and the diagnostics.
    associatedtype Loaded
    /// Checks and decodes the bytes of a file, collecting every problem found.
    static func load(data: Data) -> Loaded
    /// The result of input that stops at `diagnostics` (a file that cannot be read).
    static func unusable(_ diagnostics: [Diagnostic]) -> Loaded
}

extension InputLoader {
    /// Reads the file at `url` and loads it; a file that cannot be read gives one error naming it.
    public static func load(contentsOf url: URL) -> Loaded {
        do {
            return load(data: try Data(contentsOf: url))
        } catch {
            return unusable([Diagnostic(.error, "", "cannot read \(url.path): \(error.localizedDescription)",
                                        fix: "check the file name and its permissions")])
        }
    }

    /// Decodes JSON whose shape the layers before have checked; a decoding error is appended to
    /// `diagnostics` with its place, and the result is nil.
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data, into diagnostics: inout [Diagnostic]) -> T? {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            diagnostics.append(decodingDiagnostic(error))
            return nil
        }
    }

    /// Parses JSON, reporting syntax errors with line and column and repeated keys with their path.
    package static func parse(_ data: Data, into diagnostics: inout [Diagnostic]) -> JSONValue? {
        var duplicates: [String] = []
        var parser = JSONParser(Array(data))
        parser.onDuplicateKey = { duplicates.append($0) }
        do {
            let value = try parser.parse()
            for path in duplicates {
                diagnostics.append(Diagnostic(.error, path, "the key appears twice in one object", fix: "keep one of them"))
            }
            return value
        } catch {
            diagnostics.append(Diagnostic(.error, "", "malformed JSON at \(error)", fix: "correct the JSON syntax there"))
            return nil
        }
    }

    /// A diagnostic naming the place of a `DecodingError`.
    package static func decodingDiagnostic(_ error: Error) -> Diagnostic {
        func path(_ keys: [any CodingKey]) -> String {
            var s = ""
            for k in keys {
                if let i = k.intValue { s += "[\(i)]" } else { s += (s.isEmpty ? "" : ".") + k.stringValue }
            }
            return s
        }
        switch error {
        case let DecodingError.typeMismatch(type, ctx):
            return Diagnostic(.error, path(ctx.codingPath), "expected \(type): \(ctx.debugDescription)", fix: "write a value of that type")
        case let DecodingError.valueNotFound(type, ctx):
            return Diagnostic(.error, path(ctx.codingPath), "missing \(type) value", fix: "give a value")
        case let DecodingError.keyNotFound(key, ctx):
            return Diagnostic(.error, path(ctx.codingPath + [key]), "missing required field \"\(key.stringValue)\"", fix: "add it")
        case let DecodingError.dataCorrupted(ctx):
            return Diagnostic(.error, path(ctx.codingPath), ctx.debugDescription, fix: "correct the value")
        default:
            return Diagnostic(.error, "", "cannot decode: \(error)")
        }
    }
}
