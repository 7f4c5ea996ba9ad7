import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One problem found while reading an ITC 2019 file: the line, the element and what is wrong.
public struct ITCReadIssue: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    /// Line of the element in the file (1-based; the line where XMLParser stopped for malformed XML).
    public var line: Int
    /// The element as written, e.g. `<class id="12">`, or `XML` for a syntax error.
    public var element: String
    public var message: String

    public init(line: Int, element: String, message: String) {
        self.line = line
        self.element = element
        self.message = message
    }

    public var description: String { "line \(line): \(element): \(message)" }
}

/// Every problem found in a file that cannot be used; ``issues`` is never empty.
public struct ITCReadError: Error, Sendable, CustomStringConvertible {
    public var issues: [ITCReadIssue]
    public init(issues: [ITCReadIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// A start or end tag of the document, in file order, with its line.
struct ITCXMLEvent {
    var isStart: Bool
    var name: String
    var attributes: [String: String]
    var line: Int

    /// `<name id="…">`, or `<name>` when the element has no id.
    var label: String {
        if let id = attributes["id"] { return "<\(name) id=\"\(id)\">" }
        if name == "distribution", let type = attributes["type"] { return "<distribution type=\"\(type)\">" }
        return "<\(name)>"
    }
}

/// Reads an XML document into its list of tags with XMLParser (no DTD is fetched).
enum ITCXMLEvents {
    static func read(_ data: Data) throws(ITCReadError) -> [ITCXMLEvent] {
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if !ok || collector.events.isEmpty {
            let reason = parser.parserError.map { describe($0) } ?? "not an XML document"
            throw ITCReadError(issues: [ITCReadIssue(line: max(parser.lineNumber, 1), element: "XML", message: "malformed XML: \(reason)")])
        }
        return collector.events
    }

    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let reason = ns.userInfo[NSLocalizedDescriptionKey] as? String, !reason.isEmpty { return reason }
        return "XMLParser error \(ns.code)"
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var events: [ITCXMLEvent] = []
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            events.append(ITCXMLEvent(isStart: true, name: elementName, attributes: attributeDict, line: parser.lineNumber))
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            events.append(ITCXMLEvent(isStart: false, name: elementName, attributes: [:], line: parser.lineNumber))
        }
    }
}

/// Reads attributes of one element, recording an issue for each missing or malformed one.
struct ITCAttributes {
    let event: ITCXMLEvent
    var issues: [ITCReadIssue] = []

    init(_ event: ITCXMLEvent) { self.event = event }

    mutating func issue(_ message: String) {
        issues.append(ITCReadIssue(line: event.line, element: event.label, message: message))
    }

    /// A required text attribute.
    mutating func string(_ name: String) -> String? {
        guard let value = event.attributes[name], !value.isEmpty else {
            issue("the attribute \(name) is missing")
            return nil
        }
        return value
    }

    /// An integer attribute at least `minimum`; `fallback` when absent and optional.
    mutating func int(_ name: String, minimum: Int = 0, fallback: Int? = nil) -> Int? {
        guard let text = event.attributes[name] else {
            if let fallback { return fallback }
            issue("the attribute \(name) is missing")
            return nil
        }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            issue("\(name)=\"\(text)\" is not a whole number")
            return nil
        }
        guard value >= minimum else {
            issue("\(name)=\"\(text)\" is below \(minimum)")
            return nil
        }
        return value
    }

    /// A bit string attribute of exactly `length` characters of 0 and 1.
    mutating func bits(_ name: String, length: Int, what: String) -> ITCBits? {
        guard let text = string(name) else { return nil }
        guard text.utf8.count == length else {
            issue("\(name)=\"\(text)\" has \(text.utf8.count) characters; the problem has \(length) \(what)")
            return nil
        }
        guard let bits = ITCBits(text) else {
            issue("\(name)=\"\(text)\" is not a string of 0 and 1")
            return nil
        }
        return bits
    }

    /// A boolean attribute written `true` or `false`.
    mutating func bool(_ name: String, fallback: Bool) -> Bool {
        guard let text = event.attributes[name] else { return fallback }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            issue("\(name)=\"\(text)\" is neither true nor false")
            return fallback
        }
    }
}
