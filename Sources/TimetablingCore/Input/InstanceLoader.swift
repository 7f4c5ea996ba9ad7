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
public enum InstanceLoader: InputLoader {
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

    public static func unusable(_ diagnostics: [Diagnostic]) -> Loaded { Loaded(diagnostics: diagnostics) }

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
        guard let instance = decode(Instance.self, from: data, into: &diagnostics) else { return Loaded(diagnostics: diagnostics) }
        let (problem, semantic) = Problem.build(instance)
        // A value the schema already rejected is not reported twice.
        let reported = Set(diagnostics.map(\.path))
        let fresh = semantic.filter { !reported.contains($0.path) }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return Loaded(instance: instance, problem: hasErrors ? nil : problem, diagnostics: diagnostics + fresh)
    }
}

/// Reads a solution file: JSON syntax, then its fields, naming the place of any problem.
/// References to the instance are resolved by ``Checker``.
public enum SolutionLoader: InputLoader {
    /// The solution, when it can be read, and every problem found with its place.
    public typealias Loaded = (solution: Solution?, diagnostics: [Diagnostic])

    public static func unusable(_ diagnostics: [Diagnostic]) -> Loaded { (nil, diagnostics) }

    public static func load(data: Data) -> Loaded {
        var diagnostics: [Diagnostic] = []
        guard parse(data, into: &diagnostics) != nil, diagnostics.isEmpty,
              let solution = decode(Solution.self, from: data, into: &diagnostics) else { return (nil, diagnostics) }
        // JSONDecoder skips fields it does not know; a misspelt optional field would then vanish
        // without a word. Every field of the file must survive a round trip through the model.
        if let original = parse(data, into: &diagnostics),
           let encoded = try? encode(solution), let echo = parse(encoded, into: &diagnostics) {
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
