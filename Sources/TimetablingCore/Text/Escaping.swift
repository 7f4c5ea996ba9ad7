/// Text made safe for the formats the package writes by hand: one escaper per format, used by
/// the HTML reports, the FET writer, the CSV tables and the benchmark harness alike.
///
/// ```swift
/// Escaping.xml("Math & <Physics>")    // "Math &amp; &lt;Physics&gt;"
/// Escaping.csvField("Borki, main")    // "\"Borki, main\""
/// ```
package enum Escaping {
    /// Text for XML and HTML, in element content and in attribute values quoted with `"` or `'`:
    /// `&`, `<`, `>` and `"` become entity references, and `'` too unless `apostrophe` is false
    /// (the FET writer leaves apostrophes as they are, as it always has). Works on Unicode scalars,
    /// so a `<` followed by a combining mark is escaped as well. O(n).
    package static func xml(_ s: String, apostrophe: Bool = true) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// One CSV field (RFC 4180): quoted, with its quotes doubled, when it holds a comma, a quote or
    /// a line break (a CR, an LF or both); as it is otherwise. O(n).
    package static func csvField(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for c in s.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }
}
