import Foundation

/// Reads an instance file in layers, collecting every problem on the way instead of stopping at
/// the first: JSON syntax (with line and column), duplicate keys, the schema (unknown fields,
/// wrong types, missing fields, bad clock times), then the semantic checks of ``Problem``
/// (dangling ids, impossible ranges, a course no teacher may teach, …).
///
/// ```swift
/// let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: "Examples/tiny.json"))
/// for d in loaded.diagnostics { print(d) }
/// if let problem = loaded.problem { … }
/// ```
public enum InstanceLoader {
    public struct Loaded: Sendable {
        /// The decoded instance, when the file got past the schema.
        public var instance: Instance?
        /// The validated problem, when the instance has no errors.
        public var problem: Problem?
        /// Errors and warnings, in the order found.
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// The instance schema, parsed once.
    static let validator: Result<SchemaValidator, InputError> = {
        do { return .success(try SchemaValidator(schema: InstanceSchema.json)) } catch let e as InputError { return .failure(e) } catch {
            return .failure(InputError([Diagnostic(.error, "", "\(error)")]))
        }
    }()

    public static func load(contentsOf url: URL) -> Loaded {
        do {
            return load(data: try Data(contentsOf: url))
        } catch {
            return Loaded(diagnostics: [Diagnostic(.error, "", "cannot read \(url.path): \(error.localizedDescription)",
                                                   fix: "check the file name and its permissions")])
        }
    }

    public static func load(data: Data) -> Loaded {
        var diagnostics: [Diagnostic] = []
        guard let json = parse(data, into: &diagnostics) else { return Loaded(diagnostics: diagnostics) }
        switch validator {
        case let .failure(error):
            diagnostics.append(Diagnostic(.error, "", "the built-in instance schema is unusable: \(error)"))
            return Loaded(diagnostics: diagnostics)
        case let .success(v):
            let (found, decodable) = v.validateDetailed(json)
            diagnostics += found
            if !decodable { return Loaded(diagnostics: diagnostics) }
        }
        let instance: Instance
        do {
            instance = try JSONDecoder().decode(Instance.self, from: data)
        } catch {
            diagnostics.append(decodingDiagnostic(error))
            return Loaded(diagnostics: diagnostics)
        }
        let (problem, semantic) = Problem.build(instance)
        // A value the schema already rejected is not reported twice.
        let reported = Set(diagnostics.map(\.path))
        let fresh = semantic.filter { !reported.contains($0.path) }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return Loaded(instance: instance, problem: hasErrors ? nil : problem, diagnostics: diagnostics + fresh)
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

/// Reads a solution file: JSON syntax, then its fields, naming the place of any problem.
/// References to the instance are resolved by ``Checker``.
public enum SolutionLoader {
    public static func load(contentsOf url: URL) -> (solution: Solution?, diagnostics: [Diagnostic]) {
        do {
            return load(data: try Data(contentsOf: url))
        } catch {
            return (nil, [Diagnostic(.error, "", "cannot read \(url.path): \(error.localizedDescription)",
                                     fix: "check the file name and its permissions")])
        }
    }

    public static func load(data: Data) -> (solution: Solution?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard InstanceLoader.parse(data, into: &diagnostics) != nil, diagnostics.isEmpty else { return (nil, diagnostics) }
        let solution: Solution
        do {
            solution = try JSONDecoder().decode(Solution.self, from: data)
        } catch {
            return (nil, diagnostics + [InstanceLoader.decodingDiagnostic(error)])
        }
        // JSONDecoder skips fields it does not know; a misspelt optional field would then vanish
        // without a word. Every field of the file must survive a round trip through the model.
        if let original = InstanceLoader.parse(data, into: &diagnostics),
           let encoded = try? encode(solution), let echo = InstanceLoader.parse(encoded, into: &diagnostics) {
            unknownFields(original, echo, path: "", into: &diagnostics)
        }
        return (diagnostics.contains { $0.severity == .error } ? nil : solution, diagnostics)
    }

    /// Reports the keys of `original` that the decoded model does not carry (`echo` is the model
    /// encoded again). Keys whose value is `null` are optional fields left empty, not unknown ones.
    private static func unknownFields(_ original: JSONValue, _ echo: JSONValue, path: String, into out: inout [Diagnostic]) {
        switch (original, echo) {
        case let (.object(members), .object(known)):
            for (key, value) in members {
                let here = path.isEmpty ? key : path + "." + key
                if let counterpart = known.first(where: { $0.key == key })?.value {
                    unknownFields(value, counterpart, path: here, into: &out)
                } else if value != .null {
                    let names = known.map(\.key)
                    let fix = SchemaValidator.closest(key, in: names).map { "did you mean \"\($0)\"?" }
                        ?? "remove it; see docs/FORMAT.md for the solution's fields"
                    out.append(Diagnostic(.error, here, "unknown field \"\(key)\"", fix: fix))
                }
            }
        case let (.array(items), .array(echoes)):
            for (i, (item, e)) in zip(items, echoes).enumerated() {
                unknownFields(item, e, path: path + "[\(i)]", into: &out)
            }
        default:
            break
        }
    }

    /// Pretty, stable JSON for a solution (sorted keys, so files diff well).
    public static func encode(_ solution: Solution) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(solution)
    }
}
