import Foundation

/// Checks a ``JSONValue`` against a JSON Schema and reports every mismatch with its path.
///
/// Supports the part of JSON Schema (draft 2020-12) the instance schema uses: `type`,
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `minimum`, `maximum`,
/// `minItems`, `pattern` and local `$ref`s (`#/$defs/Name`). Annotations (`title`,
/// `description`, `default`, …) are ignored. A keyword it does not know makes the schema
/// itself invalid, so a schema never silently checks less than it says.
/// Matching with an `NSRegularExpression` does not mutate it, so a validator may be shared.
public struct SchemaValidator: @unchecked Sendable {
    private let root: JSONValue
    /// The schema values are checked against: the root, or a `$ref` to one of its definitions.
    private var start: JSONValue
    private var regexes: [String: NSRegularExpression] = [:]

    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "default", "examples", "$comment", "$defs"]
    static let keywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "maximum", "minItems",
        "pattern", "$ref",
    ]

    /// Parses `schema`; throws when it is not JSON or uses a keyword this validator does not implement.
    public init(schema: String) throws {
        var parser = JSONParser(Array(schema.utf8))
        root = try parser.parse()
        start = root
        var unknown: [String] = []
        Self.collectUnknownKeywords(root, path: "#", into: &unknown)
        if !unknown.isEmpty {
            throw InputError(unknown.map { Diagnostic(.error, $0, "schema keyword not supported by the validator") })
        }
        var patterns: Set<String> = []
        Self.collectPatterns(root, into: &patterns)
        for p in patterns { regexes[p] = try NSRegularExpression(pattern: p) }
    }

    /// A validator of one definition of this schema (`#/$defs/name`), sharing its parsed text and
    /// its other definitions; nil when the schema has no such definition.
    package func definition(_ name: String) -> SchemaValidator? {
        guard case .object? = root["$defs"]?[name] else { return nil }
        var v = self
        v.start = .object([(key: "$ref", value: .string("#/$defs/" + name))])
        return v
    }

    /// Every mismatch between `value` and the schema, as errors with paths.
    public func validate(_ value: JSONValue) -> [Diagnostic] { validateDetailed(value).diagnostics }

    /// Every mismatch, and whether the value can still be decoded: out-of-range numbers, malformed
    /// strings and short arrays leave the shape intact, so semantic checks can run too and report
    /// their problems in the same pass; wrong types, missing or unknown fields do not.
    public func validateDetailed(_ value: JSONValue) -> (diagnostics: [Diagnostic], decodable: Bool) {
        var out: [Diagnostic] = []
        var shapeBroken = false
        check(value, against: start, path: "", into: &out, shapeBroken: &shapeBroken)
        return (out, !shapeBroken)
    }

    private static func collectUnknownKeywords(_ schema: JSONValue, path: String, into out: inout [String]) {
        guard case let .object(members) = schema else { return }
        for (key, value) in members {
            if key == "properties" || key == "$defs" {
                if case let .object(children) = value {
                    for (name, child) in children { collectUnknownKeywords(child, path: "\(path)/\(key)/\(name)", into: &out) }
                }
            } else if key == "items" || key == "additionalProperties" {
                collectUnknownKeywords(value, path: "\(path)/\(key)", into: &out)
            } else if !keywords.contains(key) && !annotations.contains(key) {
                out.append("\(path)/\(key)")
            }
        }
    }

    private static func collectPatterns(_ schema: JSONValue, into out: inout Set<String>) {
        switch schema {
        case let .object(members):
            for (key, value) in members {
                if key == "pattern", case let .string(p) = value { out.insert(p) } else { collectPatterns(value, into: &out) }
            }
        case let .array(items): items.forEach { collectPatterns($0, into: &out) }
        default: break
        }
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard case let .string(ref)? = schema["$ref"] else { return schema }
        let prefix = "#/$defs/"
        guard ref.hasPrefix(prefix), let target = root["$defs"]?[String(ref.dropFirst(prefix.count))] else { return .object([]) }
        return resolve(target)
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    private func check(_ value: JSONValue, against rawSchema: JSONValue, path: String, into out: inout [Diagnostic],
                       shapeBroken: inout Bool) {
        let schema = resolve(rawSchema)
        if case .bool(false) = schema {
            out.append(Diagnostic(.error, path, "no value is allowed here", fix: "remove it"))
            shapeBroken = true
            return
        }
        if let type = schema["type"] {
            var allowed: [String] = []
            if case let .string(t) = type { allowed = [t] }
            if case let .array(ts) = type { allowed = ts.compactMap { if case let .string(t) = $0 { t } else { nil } } }
            let actual = value.typeName
            let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
                || (actual == "number" && allowed.contains("integer") && isWhole(value))
            if !ok {
                out.append(Diagnostic(.error, path, "expected \(allowed.joined(separator: " or ")), found \(describe(value))",
                                      fix: "write a value of type \(allowed.joined(separator: " or "))"))
                shapeBroken = true
                return
            }
        }
        if case let .array(options)? = schema["enum"], !options.contains(value) {
            let list = options.map(literal).joined(separator: ", ")
            out.append(Diagnostic(.error, path, "\(describe(value)) is not allowed", fix: "use one of: \(list)"))
            shapeBroken = true
        }
        if case let .number(x, _) = value {
            if case let .number(lo, _)? = schema["minimum"], x < lo {
                out.append(Diagnostic(.error, path, "\(literal(value)) is below the minimum \(literal(.number(lo, isInteger: lo == lo.rounded())))",
                                      fix: "give a value of at least \(literal(.number(lo, isInteger: lo == lo.rounded())))"))
            }
            if case let .number(hi, _)? = schema["maximum"], x > hi {
                out.append(Diagnostic(.error, path, "\(literal(value)) is above the maximum \(literal(.number(hi, isInteger: hi == hi.rounded())))",
                                      fix: "give a value of at most \(literal(.number(hi, isInteger: hi == hi.rounded())))"))
            }
        }
        if case let .string(s) = value, case let .string(p)? = schema["pattern"], let re = regexes[p] {
            let range = NSRange(s.startIndex..<s.endIndex, in: s)
            if re.firstMatch(in: s, range: range) == nil {
                out.append(Diagnostic(.error, path, "\"\(s)\" does not have the expected form",
                                      fix: p.contains("[0-5][0-9]") ? "write a clock time HH:MM, e.g. 08:30" : "match the pattern \(p)"))
            }
        }
        if case let .array(items) = value {
            if case let .number(n, _)? = schema["minItems"], Double(items.count) < n {
                out.append(Diagnostic(.error, path, "\(items.count) elements, at least \(Int(n)) needed", fix: "add elements"))
            }
            if let itemSchema = schema["items"] {
                for (k, item) in items.enumerated() { check(item, against: itemSchema, path: path + "[\(k)]", into: &out, shapeBroken: &shapeBroken) }
            }
        }
        if case let .object(members) = value {
            let properties = schema["properties"]
            if case let .array(required)? = schema["required"] {
                for case let .string(name) in required where !members.contains(where: { $0.key == name }) {
                    out.append(Diagnostic(.error, join(path, name), "missing required field \"\(name)\"", fix: "add it"))
                    shapeBroken = true
                }
            }
            for (key, child) in members {
                if let propertySchema = properties?[key] {
                    check(child, against: propertySchema, path: join(path, key), into: &out, shapeBroken: &shapeBroken)
                } else if let extra = schema["additionalProperties"] {
                    if case .bool(false) = extra {
                        var known: [String] = []
                        if case let .object(ps)? = properties { known = ps.map(\.key) }
                        let suggestion = Self.closest(key, in: known)
                        out.append(Diagnostic(.error, join(path, key), "unknown field \"\(key)\"",
                                              fix: suggestion.map { "did you mean \"\($0)\"?" }
                                                ?? (known.isEmpty ? "remove it" : "remove it; known fields: \(known.joined(separator: ", "))")))
                        shapeBroken = true
                    } else {
                        check(child, against: extra, path: join(path, key), into: &out, shapeBroken: &shapeBroken)
                    }
                }
            }
        }
    }

    private func isWhole(_ v: JSONValue) -> Bool {
        if case let .number(x, _) = v { return x == x.rounded() && abs(x) < 1e15 }
        return false
    }

    private func literal(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        // Whole numbers print without a fraction while they fit an Int exactly; 2e34 in a file is
        // still an integer literal, and Int(2e34) would trap (found by fuzzing).
        case let .number(x, isInteger): return (isInteger || x == x.rounded()) && abs(x) < 1e15 ? String(Int(x)) : String(x)
        case let .string(s): return "\"\(s)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private func describe(_ v: JSONValue) -> String {
        switch v {
        case .array, .object: return literal(v)
        default: return "\(v.typeName) \(literal(v))"
        }
    }

    /// The known name nearest to a misspelt one (edit distance at most 2, or a case-insensitive match).
    package static func closest(_ key: String, in known: [String]) -> String? {
        var best: (String, Int)? = nil
        for k in known {
            let d = k.lowercased() == key.lowercased() ? 0 : editDistance(Array(key), Array(k))
            if d <= 2, best == nil || d < best!.1 { best = (k, d) }
        }
        return best?.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var prev = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var cur = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return a.isEmpty ? b.count : prev[b.count]
    }
}
