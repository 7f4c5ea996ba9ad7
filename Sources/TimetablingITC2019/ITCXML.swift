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
        try screen([UInt8](data))
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        // XMLParser may return true after an error (a truncated file): the first reported error decides.
        if let (code, line) = collector.firstError ?? (ok ? nil : ((parser.parserError as NSError?)?.code ?? 0, parser.lineNumber)) {
            throw ITCReadError(issues: [ITCReadIssue(line: max(line, 1), element: "XML", message: "malformed XML: \(describe(code))")])
        }
        if collector.events.isEmpty {
            throw ITCReadError(issues: [ITCReadIssue(line: 1, element: "XML", message: "not an XML document (no element at all)")])
        }
        if let open = collector.open.last {
            throw ITCReadError(issues: [ITCReadIssue(line: max(parser.lineNumber, 1), element: "XML",
                                                     message: "malformed XML: the file ends before <\(open)> is closed")])
        }
        return collector.events
    }

    /// Refuses, before XMLParser sees them, inputs that make FoundationXML's parser crash the
    /// process instead of reporting an error (found by fuzzing, as for the FET reader): bytes that
    /// are not UTF-8, and processing instructions (`<?…?>`) other than the XML declaration at the
    /// start, which the ITC 2019 format does not use.
    static func screen(_ bytes: [UInt8]) throws(ITCReadError) {
        func line(_ offset: Int) -> Int { bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }
        func fail(_ offset: Int, _ message: String) -> ITCReadError {
            ITCReadError(issues: [ITCReadIssue(line: line(offset), element: "XML", message: message)])
        }
        if bytes.starts(with: [0x1F, 0x8B]) { throw fail(0, "the file is gzip-compressed; decompress it first (gunzip -k FILE)") }
        if let bad = firstNonUTF8(bytes) {
            throw fail(bad, "the file is not valid UTF-8 (byte \(bad + 1)); save it as UTF-8")
        }
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count && space.contains(bytes[start]) { start += 1 }
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "?") else { i += 1; continue }
            let declaration = i == start && bytes[i...].starts(with: Array("<?xml".utf8)) && i + 5 < bytes.count && space.contains(bytes[i + 5])
            guard declaration else {
                throw fail(i, "malformed XML: a processing instruction <?…?>; the ITC 2019 format has none but the XML declaration at the start")
            }
            guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")), bytes[close - 1] == UInt8(ascii: "?") else {
                throw fail(i, "malformed XML: the XML declaration is not closed by '?>'")
            }
            i = close + 1
        }
    }

    /// Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or nil.
    static func firstNonUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let lead = b[i]
            if lead < 0x80 { i += 1; continue }
            // The continuation bytes this lead byte needs, and the range the first of them must be in.
            let (more, low, high): (Int, UInt8, UInt8)
            switch lead {
            case 0xC2...0xDF: (more, low, high) = (1, 0x80, 0xBF)
            case 0xE0: (more, low, high) = (2, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (more, low, high) = (2, 0x80, 0xBF)
            case 0xED: (more, low, high) = (2, 0x80, 0x9F)
            case 0xF0: (more, low, high) = (3, 0x90, 0xBF)
            case 0xF1...0xF3: (more, low, high) = (3, 0x80, 0xBF)
            case 0xF4: (more, low, high) = (3, 0x80, 0x8F)
            default: return i
            }
            guard i + more < b.count, (low...high).contains(b[i + 1]) else { return i }
            for k in 2...max(2, more) where k <= more {
                guard (0x80...0xBF).contains(b[i + k]) else { return i }
            }
            i += more + 1
        }
        return nil
    }

    /// XMLParser's error codes (libxml2's), in words.
    private static func describe(_ code: Int) -> String {
        let words: [Int: String] = [
            5: "the document ends too early, or there is content after the root element",
            9: "a character XML does not allow",
            23: "an entity reference without its ';' (write & as &amp;)",
            26: "an undeclared entity (write & as &amp;)",
            38: "an attribute value is not closed by its quote",
            39: "an attribute value must be in quotes",
            41: "an attribute without a value",
            42: "the same attribute twice in one element",
            73: "'>' expected",
            76: "an end tag does not match its start tag",
        ]
        return words[code].map { "\($0) (XMLParser error \(code))" } ?? "XMLParser error \(code)"
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var events: [ITCXMLEvent] = []
        /// Names of the elements not yet closed.
        var open: [String] = []
        var firstError: (Int, Int)?
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if firstError == nil { firstError = ((parseError as NSError).code, parser.lineNumber) }
        }
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            events.append(ITCXMLEvent(isStart: true, name: elementName, attributes: attributeDict, line: parser.lineNumber))
            open.append(elementName)
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            events.append(ITCXMLEvent(isStart: false, name: elementName, attributes: [:], line: parser.lineNumber))
            if !open.isEmpty { open.removeLast() }
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

    /// The largest whole number an attribute may hold (penalties, weights, limits, slots): far above
    /// any real instance, low enough that no sum of penalties can overflow.
    static let maximum = 1_000_000

    /// An integer attribute from `minimum` to ``maximum``; `fallback` when absent and optional.
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
        guard value <= Self.maximum else {
            issue("\(name)=\"\(text)\" is above \(Self.maximum)")
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
