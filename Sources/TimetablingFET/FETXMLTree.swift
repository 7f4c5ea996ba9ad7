import Foundation
import TimetablingCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of an XML file, with its trimmed text and child elements in file order.
///
/// FET files are small enough (a few megabytes at most) to read whole into such a tree; the
/// reader then walks it by element name.
public struct FETElement: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    /// Character data directly inside the element, with surrounding white space removed.
    public var text: String
    public var children: [FETElement]
    /// Line of the start tag in the file (1-based), for diagnostics.
    public var line: Int

    public init(name: String, attributes: [String: String] = [:], text: String = "", children: [FETElement] = [], line: Int = 0) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
        self.line = line
    }

    /// The first child with this name. O(children).
    public func child(_ name: String) -> FETElement? { children.first { $0.name == name } }

    /// Every child with this name, in order. O(children).
    public func children(_ name: String) -> [FETElement] { children.filter { $0.name == name } }

    /// Text of the first child with this name (`nil` when there is none).
    public func text(_ name: String) -> String? { child(name)?.text }
}

/// Reads XML text into an ``FETElement`` tree with Foundation's `XMLParser`.
enum FETXMLTree {
    struct Failure: Error {
        var line: Int
        var message: String
    }

    static func parse(_ data: Data) throws -> FETElement {
        let parser = XMLParser(data: data)
        let builder = Builder(parser: parser)
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        if !parser.parse() || builder.root == nil {
            let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "not an XML document"
            throw Failure(line: parser.lineNumber, message: message)
        }
        return builder.root!
    }

    private final class Builder: NSObject, XMLParserDelegate {
        weak var parser: XMLParser?
        var stack: [FETElement] = []
        var texts: [String] = []
        var root: FETElement?

        init(parser: XMLParser) { self.parser = parser }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            stack.append(FETElement(name: elementName, attributes: attributeDict, line: parser.lineNumber))
            texts.append("")
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !texts.isEmpty { texts[texts.count - 1] += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if !texts.isEmpty { texts[texts.count - 1] += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard var element = stack.popLast(), let text = texts.popLast() else { return }
            element.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }
    }
}
