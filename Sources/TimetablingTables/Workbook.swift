import Foundation
import SWXMLHash
import ZIPFoundation

/// A spreadsheet as named sheets of text cells, written to and read from an .xlsx file
/// (Office Open XML, what Excel and LibreOffice save by default).
///
/// Writing: a cell that is a plain number (`30`, `0.5`, no leading zero, at most 15 digits) becomes
/// a number cell, every other cell a text cell; the first row is bold, frozen and has filters;
/// columns are as wide as their text. The same workbook always gives the same bytes (fixed entry dates).
/// Reading: text cells (shared or inline), numbers (written back as the shortest decimal, `30`,
/// `0.5`), booleans (`1`/`0`), formula results and error values (`#N/A`) as they show; cells
/// placed by their `r` reference (`C14`), gaps filled with empty cells.
///
/// ```swift
/// let book = Workbook(sheets: [.init(name: "students", rows: [["id", "grade"], ["s1", "10"]])])
/// let data = try book.xlsx()
/// let again = try Workbook.read(xlsx: data)   // throws Workbook.Failure
/// ```
public struct Workbook: Sendable, Equatable {
    public struct Sheet: Sendable, Equatable {
        /// At most 31 characters, none of `[]:*?/\` (Excel's rule for sheet names).
        public var name: String
        public var rows: [[String]]

        public init(name: String, rows: [[String]]) {
            self.name = name
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    public func sheet(named name: String) -> Sheet? {
        sheets.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Why a file could not be read as a workbook.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    // MARK: writing

    /// The .xlsx bytes of the workbook.
    public func xlsx() throws -> Data {
        for sheet in sheets {
            if sheet.name.isEmpty || sheet.name.count > 31 || sheet.name.contains(where: { "[]:*?/\\".contains($0) }) {
                throw Failure(description: "sheet name \"\(sheet.name)\" is not allowed in a workbook (1–31 characters, none of []:*?/\\)")
            }
        }
        var parts: [(String, String)] = []
        parts.append(("[Content_Types].xml", contentTypes()))
        parts.append(("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """))
        parts.append(("xl/workbook.xml", workbookXML()))
        parts.append(("xl/_rels/workbook.xml.rels", workbookRels()))
        parts.append(("xl/styles.xml", Self.styles))
        for (i, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", Self.sheetXML(sheet)))
        }
        let archive = try Archive(data: Data(), accessMode: .create)
        // A fixed date: the same workbook gives the same bytes.
        let date = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw Failure(description: "the workbook could not be assembled in memory") }
        return bytes
    }

    func contentTypes() -> String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for i in sheets.indices {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return s + "</Types>"
    }

    func workbookXML() -> String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """
        for (i, sheet) in sheets.enumerated() {
            s += "<sheet name=\"\(Self.escape(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return s + "</sheets></workbook>"
    }

    func workbookRels() -> String {
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for i in sheets.indices {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return s + "</Relationships>"
    }

    /// Style 0: plain; style 1: bold (the header row); style 2: text wrapped at the top (long cells).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    static func sheetXML(_ sheet: Sheet) -> String {
        let columns = sheet.rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 6, count: columns)
        for row in sheet.rows {
            for (c, cell) in row.enumerated() { widths[c] = max(widths[c], min(60, cell.count + 2)) }
        }
        var s = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            """
        s += "<sheetViews><sheetView workbookViewId=\"0\">"
        if sheet.rows.count > 1 {
            s += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        }
        s += "</sheetView></sheetViews>"
        if columns > 0 {
            s += "<cols>"
            for (c, w) in widths.enumerated() { s += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(w)\" customWidth=\"1\"/>" }
            s += "</cols>"
        }
        s += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            s += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() where !cell.isEmpty {
                let ref = columnName(c) + String(r + 1)
                let style = r == 0 ? " s=\"1\"" : cell.count > 60 ? " s=\"2\"" : ""
                if r > 0, isPlainNumber(cell) {
                    s += "<c r=\"\(ref)\"\(style)><v>\(cell)</v></c>"
                } else {
                    s += "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(cell))</t></is></c>"
                }
            }
            s += "</row>"
        }
        s += "</sheetData>"
        if sheet.rows.count > 1, columns > 0 {
            s += "<autoFilter ref=\"A1:\(columnName(columns - 1))\(sheet.rows.count)\"/>"
        }
        return s + "</worksheet>"
    }

    /// `30`, `-2`, `0.5`: a number a spreadsheet shows as written; not `007`, `1e5`, `0,5` or 16 digits.
    package static func isPlainNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), whole == "0" || !whole.hasPrefix("0"),
              body.count <= 15 else { return false }
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !fraction.hasSuffix("0") else { return false }
        }
        return true
    }

    /// `A`, `B`, …, `Z`, `AA`, … for 0, 1, …
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    static func escape(_ text: String) -> String {
        var s = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "&": s += "&amp;"
            case "<": s += "&lt;"
            case ">": s += "&gt;"
            case "\"": s += "&quot;"
            // XML 1.0 allows no other control characters than tab and line breaks.
            case "\t", "\n", "\r": s.unicodeScalars.append(ch)
            default: if ch.value >= 0x20 { s.unicodeScalars.append(ch) }
            }
        }
        return s
    }

    // MARK: reading

    /// Reads the sheets of an .xlsx file, in the workbook's order.
    public static func read(xlsx data: Data) throws -> Workbook {
        guard data.starts(with: [0x50, 0x4B]) else {
            throw Failure(description: "the file is not an .xlsx workbook (an .xlsx is a ZIP archive; an old .xls or a CSV file renamed is not)")
        }
        // Read from a file, not from memory: ZIPFoundation's in-memory reading traps on an archive
        // whose directory points outside it (found by fuzzing), where reading a file just fails.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("netsched-workbook-\(UUID().uuidString).xlsx")
        do { try data.write(to: file) } catch {
            throw Failure(description: "the workbook could not be put in a temporary file to read (\(error.localizedDescription))")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let archive: Archive
        do { archive = try Archive(url: file, accessMode: .read) } catch {
            throw Failure(description: "the file is not an .xlsx workbook: the archive cannot be opened (\(error))")
        }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize < 200_000_000 else {
                throw Failure(description: "\(path) in the workbook is larger than 200 MB")
            }
            var out = Data()
            do { _ = try archive.extract(entry) { out.append($0) } } catch {
                throw Failure(description: "\(path) in the workbook cannot be unpacked (\(error))")
            }
            return out
        }
        func xml(_ path: String) throws -> XMLIndexer? {
            guard let bytes = try part(path) else { return nil }
            // Foundation's XML parser traps on some invalid UTF-8 inside a tag (found by fuzzing);
            // a workbook's parts are UTF-8, so anything else is refused before parsing.
            guard let text = String(data: bytes, encoding: .utf8) else {
                throw Failure(description: "\(path) in the workbook is not UTF-8 text")
            }
            // It also calls strlen on a null pointer for a processing instruction without data
            // (as the FET reader found): a workbook's parts hold none but the XML declaration.
            var body = Substring(text)
            if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
            if body.hasPrefix("<?xml") {
                guard let end = body.range(of: "?>") else {
                    throw Failure(description: "\(path) in the workbook has an XML declaration without its closing ?>")
                }
                body = body[end.upperBound...]
            }
            if body.contains("<?") {
                throw Failure(description: "\(path) in the workbook has an XML processing instruction, which no workbook part holds")
            }
            let parsed = XMLHash.config { $0.shouldProcessNamespaces = true; $0.detectParsingErrors = true }.parse(bytes)
            if case .parsingError(let e) = parsed {
                throw Failure(description: "\(path) in the workbook is not well-formed XML (\(e))")
            }
            return parsed
        }
        guard let workbook = try xml("xl/workbook.xml") else {
            throw Failure(description: "the file has no xl/workbook.xml: it is a ZIP archive but not an .xlsx workbook")
        }
        var targets: [String: String] = [:]
        if let rels = try xml("xl/_rels/workbook.xml.rels") {
            for r in rels["Relationships"]["Relationship"].all {
                guard let e = r.element, let id = e.attribute(by: "Id")?.text, let target = e.attribute(by: "Target")?.text else { continue }
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        var shared: [String] = []
        if let strings = try xml("xl/sharedStrings.xml") {
            shared = strings["sst"]["si"].all.map { text(of: $0) }
        }
        var sheets: [Sheet] = []
        for (i, s) in workbook["workbook"]["sheets"]["sheet"].all.enumerated() {
            guard let e = s.element, let name = e.attribute(by: "name")?.text else { continue }
            let id = e.allAttributes.first { $0.key == "id" || $0.key.hasSuffix(":id") }?.value.text
            let path = id.flatMap { targets[$0] } ?? "xl/worksheets/sheet\(i + 1).xml"
            guard let sheet = try xml(path) else {
                throw Failure(description: "sheet \"\(name)\" is listed in the workbook but its part \(path) is missing")
            }
            sheets.append(Sheet(name: name, rows: try rows(of: sheet, shared: shared, sheet: name)))
        }
        return Workbook(sheets: sheets)
    }

    /// The text of a shared or inline string: its `t`, or the `t` of every run `r` joined.
    static func text(of item: XMLIndexer) -> String {
        let direct = item["t"].all
        if !direct.isEmpty { return direct.map { $0.element?.text ?? "" }.joined() }
        return item["r"].all.map { $0["t"].element?.text ?? "" }.joined()
    }

    static func rows(of sheet: XMLIndexer, shared: [String], sheet name: String) throws -> [[String]] {
        var rows: [[String]] = []
        var nextRow = 0
        for row in sheet["worksheet"]["sheetData"]["row"].all {
            var r = nextRow
            if let ref = row.element?.attribute(by: "r")?.text {
                guard let n = Int(ref), n >= 1, n <= 1_048_576 else {
                    throw Failure(description: "sheet \"\(name)\": row number \"\(ref)\" is not valid")
                }
                r = n - 1
            }
            nextRow = r + 1
            var cells: [String] = []
            for c in row["c"].all {
                guard let e = c.element else { continue }
                var col = cells.count
                if let ref = e.attribute(by: "r")?.text {
                    guard let parsed = columnIndex(ref) else {
                        throw Failure(description: "sheet \"\(name)\": cell reference \"\(ref)\" is not valid")
                    }
                    col = parsed
                }
                let value = c["v"].element?.text ?? ""
                let text: String
                switch e.attribute(by: "t")?.text ?? "n" {
                case "s":
                    guard let k = Int(value), shared.indices.contains(k) else {
                        throw Failure(description: "sheet \"\(name)\": cell \(columnName(col))\(r + 1) refers to a shared string \"\(value)\" that does not exist")
                    }
                    text = shared[k]
                case "inlineStr": text = Self.text(of: c["is"])
                case "n": text = number(value)
                default: text = value   // str (a formula's text), b (1/0), e (#N/A), d (ISO date)
                }
                if col >= cells.count { cells += [String](repeating: "", count: col - cells.count + 1) }
                cells[col] = text
            }
            while cells.last?.isEmpty == true { cells.removeLast() }
            if r >= rows.count { rows += [[String]](repeating: [], count: r - rows.count + 1) }
            rows[r] = cells
        }
        return rows
    }

    /// A number cell as a person reads it: `30` for 30.0, the shortest decimal otherwise.
    static func number(_ value: String) -> String {
        guard let d = Double(value), d.isFinite else { return value }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    /// The 0-based column of a reference such as `C14` (`nil` when it is not one).
    static func columnIndex(_ ref: String) -> Int? {
        var n = 0
        var letters = 0
        for ch in ref.unicodeScalars {
            if ch.value >= 65 && ch.value <= 90 { n = n * 26 + Int(ch.value - 64); letters += 1 } else { break }
        }
        guard letters >= 1, letters <= 3, n <= 16_384 else { return nil }
        return n - 1
    }
}
