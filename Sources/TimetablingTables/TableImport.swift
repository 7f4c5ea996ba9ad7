import CSV
import Foundation
import TimetablingCore

/// A problem found in a table, at a file, row (1 is the header) and column (1-based), with a fix.
public struct TableIssue: Sendable, Equatable, CustomStringConvertible {
    public var severity: Diagnostic.Severity
    public var file: String
    public var row: Int?
    public var column: Int?
    public var message: String
    public var fix: String?

    public init(_ severity: Diagnostic.Severity, file: String, row: Int? = nil, column: Int? = nil, _ message: String, fix: String? = nil) {
        self.severity = severity
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        self.fix = fix
    }

    /// `students.csv:14:3: error: unknown class "10б" (did you mean "10Б"?)`.
    public var description: String { rendered(file) }

    /// The issue in a workbook, its `file` being a sheet: `book.xlsx[students]:14:3: error: …`.
    public func description(workbook: String) -> String { rendered("\(workbook)[\(file)]") }

    func rendered(_ file: String) -> String {
        var place = file
        if let row { place += ":\(row)" }
        if let column { place += ":\(column)" }
        var s = "\(place): \(severity.rawValue): \(message)"
        if let fix { s += " (\(fix))" }
        return s
    }
}

/// Thrown when a folder of tables cannot be read into an instance; carries every problem found.
public struct TableImportError: Error, Sendable, CustomStringConvertible {
    public var issues: [TableIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Reads a folder of CSV tables (``TableExport``'s, or one a person saved from Excel or
/// LibreOffice) into an instance.
///
/// Each file's encoding is UTF-8 when its bytes are valid UTF-8, else Windows-1251, with or
/// without a byte-order mark; its delimiter is the one of `;`, `,` or tab that its header line
/// uses most, unless given. Headers may be Russian or English. Every problem is collected, each
/// with its file, row and column; the import fails only after reading everything.
///
/// ```swift
/// let read = try TableImport.read(folder: url)          // throws TableImportError
/// let issues = TableImport.validate(read)               // InstanceLoader's findings, by file and row
/// ```
public enum TableImport {
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "utf-8"
        case windows1251 = "windows-1251"
    }

    /// The instance read, its warnings, and where each record came from.
    public struct Read: Sendable {
        public var instance: Instance
        public var warnings: [TableIssue]
        /// JSON path prefix (`students[3]`, `students[3].requests[0]`, `transport.busRuns[1].stops[2]`) → file and row.
        public var origins: [String: (file: String, row: Int)]
        /// Per file: column key → 1-based column number as read.
        public var columns: [String: [String: Int]]
        /// Whether the tables were sheets of a workbook: then `file` of every issue is a sheet name.
        public var fromWorkbook = false
    }

    public static func read(folder: URL, encoding: Encoding? = nil, delimiter: Character? = nil) throws -> Read {
        var reader = Reader(folder: folder, encoding: encoding, delimiter: delimiter)
        let instance = reader.build()
        if reader.issues.contains(where: { $0.severity == .error }) || instance == nil {
            throw TableImportError(issues: reader.issues)
        }
        return Read(instance: instance!, warnings: reader.issues, origins: reader.origins, columns: reader.columnNumbers)
    }

    /// Reads a workbook with one sheet per table, named as the files without `.csv` (`students`,
    /// `bus-runs`, …; in any case). Issues name the sheet in `file` (`students`), rows and columns
    /// as in the sheet. A sheet that is no table (other than `README`) is a warning: it is not read.
    public static func read(workbook: Workbook) throws -> Read {
        var reader = Reader(folder: URL(fileURLWithPath: "/"), encoding: nil, delimiter: nil)
        reader.workbook = workbook
        let known = Set(InstanceTables.all.map { sheetName($0.file).lowercased() } + [sheetName(InstanceTables.readme.file).lowercased()])
        for sheet in workbook.sheets where !known.contains(sheet.name.lowercased()) {
            let nonEmpty = sheet.rows.contains { $0.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
            reader.issues.append(TableIssue(nonEmpty ? .error : .warning, file: sheet.name,
                                            "the sheet \"\(sheet.name)\" is not a table of the instance\(suggest(sheet.name, InstanceTables.all.map { sheetName($0.file) }))",
                                            fix: "rename it to one of the tables (\(InstanceTables.all.map { sheetName($0.file) }.joined(separator: ", "))) or move it out of the workbook"))
        }
        let instance = reader.build()
        let issues = reader.issues.map { renamed($0) }
        if issues.contains(where: { $0.severity == .error }) || instance == nil {
            throw TableImportError(issues: issues)
        }
        return Read(instance: instance!, warnings: issues, origins: reader.origins.mapValues { (sheetName($0.file), $0.row) },
                    columns: Dictionary(uniqueKeysWithValues: reader.columnNumbers.map { (sheetName($0.key), $0.value) }), fromWorkbook: true)
    }

    /// The records of CSV text (for tests that edit tables as text and read them as sheets).
    package static func records(csv text: String, delimiter: Character = ";") -> [[String]]? {
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false, trimFields: true, delimiter: delimiter.unicodeScalars.first!) else { return nil }
        var all: [[String]] = []
        while let r = reader.next() { all.append(r) }
        return reader.error == nil ? all : nil
    }

    /// The sheet of a table's file: `students.csv` → `students`.
    public static func sheetName(_ file: String) -> String {
        file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
    }

    static func renamed(_ issue: TableIssue) -> TableIssue {
        var issue = issue
        issue.file = sheetName(issue.file)
        return issue
    }

    /// Runs ``InstanceLoader``'s validation on the instance read and points each finding back to
    /// the table and row (and column, when the field is one) it came from.
    public static func validate(_ read: Read) -> [TableIssue] {
        let encoder = JSONEncoder()
        guard let data = try? encoder.encode(read.instance) else {
            return [TableIssue(.error, file: "(instance)", "the instance read cannot be encoded")]
        }
        let loaded = InstanceLoader.load(data: data)
        return loaded.diagnostics.map { place($0, read) }
    }

    static func place(_ d: Diagnostic, _ read: Read) -> TableIssue {
        // The longest known prefix of the path names the record.
        var best: (file: String, row: Int, prefix: String)?
        for (prefix, origin) in read.origins where d.path == prefix || d.path.hasPrefix(prefix + ".") || d.path.hasPrefix(prefix + "[") {
            if best == nil || prefix.count > best!.prefix.count { best = (origin.file, origin.row, prefix) }
        }
        guard let best else {
            let file = read.fromWorkbook ? sheetName(topLevelFile(d.path)) : topLevelFile(d.path)
            return TableIssue(d.severity, file: file, "\(d.path.isEmpty ? "" : d.path + ": ")\(d.message)", fix: d.fix)
        }
        let rest = d.path.dropFirst(best.prefix.count).split(separator: ".").first.map { String($0.prefix { $0 != "[" }) }
        let column = rest.flatMap { read.columns[best.file]?[$0] }
        return TableIssue(d.severity, file: best.file, row: best.row, column: column, "\(d.path): \(d.message)", fix: d.fix)
    }

    static func topLevelFile(_ path: String) -> String {
        let head = String(path.prefix { $0 != "." && $0 != "[" })
        switch head {
        case "calendar": return path.hasPrefix("calendar.periods") ? "periods.csv" : "general.csv"
        case "transport": return path.contains("busRuns") ? "bus-runs.csv" : "travel.csv"
        case "hygiene": return path.contains("grades") ? "hygiene-grades.csv" : "hygiene.csv"
        case "groups": return "groups.csv"
        case "locks":
            if path.hasPrefix("locks.enrolments") { return "lock-enrolments.csv" }
            if path.hasPrefix("locks.busRides") { return "lock-bus-rides.csv" }
            return path.contains("meetings") ? "lock-meetings.csv" : "lock-sections.csv"
        case "defaults": return "defaults.csv"
        case "weights": return "weights.csv"
        case "sites", "rooms", "classes", "teachers", "courses", "students": return head + ".csv"
        default: return "general.csv"
        }
    }
}

/// One data row of a table being read, with the cells by column key.
struct Row {
    let file: String
    let number: Int
    let cells: [String: String]
    let columns: [String: Int]

    func col(_ key: String) -> Int? { columns[key] }
}

struct Reader {
    typealias T = InstanceTables
    let folder: URL
    let encoding: TableImport.Encoding?
    let delimiter: Character?
    var issues: [TableIssue] = []
    var origins: [String: (file: String, row: Int)] = [:]
    var columnNumbers: [String: [String: Int]] = [:]
    /// Files that could not be read: references to their ids are not checked (one problem, not a cascade).
    var unreadable: Set<String> = []
    /// Set when the tables are the sheets of a workbook rather than files of `folder`.
    var workbook: Workbook?

    init(folder: URL, encoding: TableImport.Encoding?, delimiter: Character?) {
        self.folder = folder
        self.encoding = encoding
        self.delimiter = delimiter
    }

    mutating func error(_ r: Row, _ key: String?, _ message: String, fix: String? = nil) {
        issues.append(TableIssue(.error, file: r.file, row: r.number, column: key.flatMap { r.col($0) }, message, fix: fix))
    }

    // MARK: files

    /// The text of a file, decoded; nil (with an issue) when missing, empty or undecodable.
    mutating func text(_ file: String) -> String? {
        let url = folder.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            issues.append(TableIssue(.error, file: file, "the file is missing", fix: "add it (netsched export-tables writes every file, with its header row)"))
            return nil
        }
        guard var data = try? Data(contentsOf: url) else {
            issues.append(TableIssue(.error, file: file, "the file cannot be read", fix: "check that it is a file you may read"))
            return nil
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) || data.contains(0) {
            issues.append(TableIssue(.error, file: file, row: 1, "the file is UTF-16 or binary, not text in UTF-8 or Windows-1251",
                                     fix: "save it as \"CSV UTF-8\" or \"CSV (разделители — точка с запятой)\""))
            return nil
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            issues.append(TableIssue(.error, file: file, row: 1, "the file is empty", fix: "it needs at least the header row; netsched export-tables writes one"))
            return nil
        }
        switch encoding {
        case .utf8?:
            if let s = String(data: data, encoding: .utf8) { return s }
            let bytes = [UInt8](data)
            let line = 1 + (firstInvalidUTF8(bytes).map { i in bytes[..<i].filter { $0 == 0x0A }.count } ?? 0)
            issues.append(TableIssue(.error, file: file, row: line, "the file is not valid UTF-8",
                                     fix: "it looks like Windows-1251: leave --encoding out or pass --encoding windows-1251"))
            return nil
        case .windows1251?:
            if let s = String(data: data, encoding: .windowsCP1251) { return s }
        case nil:
            if let s = String(data: data, encoding: .utf8) { return s }
            if let s = String(data: data, encoding: .windowsCP1251) { return s }
        }
        issues.append(TableIssue(.error, file: file, row: 1, "the file is neither UTF-8 nor Windows-1251 text",
                                 fix: "save it as \"CSV UTF-8\" or \"CSV (разделители — точка с запятой)\""))
        return nil
    }

    func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let n = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if n == 0 || i + n > bytes.count { return i }
            for k in 1..<n where bytes[i + k] >> 6 != 0b10 { return i }
            i += n
        }
        return nil
    }

    static func guessDelimiter(_ text: String) -> Character {
        var counts: [Character: Int] = [";": 0, ",": 0, "\t": 0]
        var quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle() }
            if !quoted && ch.isNewline { break }
            if !quoted, counts[ch] != nil { counts[ch]! += 1 }
        }
        let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key != ";" && b.key == ";") }!
        return best.value == 0 ? ";" : best.key
    }

    /// The data rows of a table (empty rows skipped); nil when the file or its header is unusable.
    mutating func rows(_ table: T.Table) -> [Row]? {
        let rows = readRows(table)
        if rows == nil { unreadable.insert(table.file) }
        return rows
    }

    mutating func readRows(_ table: T.Table) -> [Row]? {
        if table.optional {
            let present = workbook.map { $0.sheet(named: TableImport.sheetName(table.file)) != nil }
                ?? FileManager.default.fileExists(atPath: folder.appendingPathComponent(table.file).path)
            if !present { return [] }
        }
        guard let records = workbook != nil ? sheetRecords(table) : csvRecords(table) else { return nil }
        return rows(table, records)
    }

    /// The rows of a table's sheet; nil (with an issue) when the sheet is missing or empty.
    mutating func sheetRecords(_ table: T.Table) -> [[String]]? {
        let name = TableImport.sheetName(table.file)
        guard let sheet = workbook?.sheet(named: name) else {
            issues.append(TableIssue(.error, file: table.file, "the sheet is missing",
                                     fix: "add a sheet named \"\(name)\" (netsched export-tables writes every sheet, with its header row)"))
            return nil
        }
        return sheet.rows
    }

    /// The records of a table's CSV file; nil (with an issue) when it cannot be read.
    mutating func csvRecords(_ table: T.Table) -> [[String]]? {
        guard let text = text(table.file) else { return nil }
        let sep = delimiter ?? Self.guessDelimiter(text)
        let records: [[String]]
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true, delimiter: sep.unicodeScalars.first!)
            var all: [[String]] = []
            while let r = reader.next() { all.append(r) }
            if let e = reader.error {
                issues.append(TableIssue(.error, file: table.file, row: all.count + 1, "the row cannot be read as CSV (\(e))",
                                         fix: "close the quote \" of the cell, or double a quote inside it"))
                return nil
            }
            records = all
        } catch {
            issues.append(TableIssue(.error, file: table.file, row: 1, "the file cannot be read as CSV (\(error))", fix: "save it again as CSV"))
            return nil
        }
        return records
    }

    /// The data rows of records whose first is the header; nil when the header is unusable.
    mutating func rows(_ table: T.Table, _ records: [[String]]) -> [Row]? {
        guard let header = records.first, header.contains(where: { !$0.isEmpty }) else {
            issues.append(TableIssue(.error, file: table.file, row: 1, "the header row is missing", fix: "the first row names the columns; netsched export-tables writes it"))
            return nil
        }
        var columns: [String: Int] = [:]
        var keyAt: [Int: String] = [:]
        var ok = true
        for (i, name) in header.enumerated() {
            let h = name.trimmingCharacters(in: .whitespaces)
            if h.isEmpty { continue }
            guard let column = table.columns.first(where: { $0.ru.lowercased() == h.lowercased() || $0.key.lowercased() == h.lowercased() }) else {
                let known = table.columns.map { "\($0.ru)/\($0.key)" }.joined(separator: ", ")
                issues.append(TableIssue(.error, file: table.file, row: 1, column: i + 1, "unknown column \"\(h)\"\(suggest(h, table.columns.flatMap { [$0.ru, $0.key] }))",
                                         fix: "rename or remove it; the columns of \(table.file) are \(known)"))
                ok = false
                continue
            }
            if let first = columns[column.key] {
                issues.append(TableIssue(.error, file: table.file, row: 1, column: i + 1, "column \"\(h)\" appears twice (first in column \(first))", fix: "keep one of them"))
                ok = false
                continue
            }
            columns[column.key] = i + 1
            keyAt[i] = column.key
        }
        for column in table.columns where column.required && columns[column.key] == nil {
            issues.append(TableIssue(.error, file: table.file, row: 1, "required column \"\(column.ru)\" (\(column.key)) is missing",
                                     fix: "add a column headed \"\(column.ru)\" or \"\(column.key)\": \(column.meaningRU)"))
            ok = false
        }
        columnNumbers[table.file] = columns
        guard ok else { return nil }
        var out: [Row] = []
        for (n, record) in records.enumerated().dropFirst() {
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var cells: [String: String] = [:]
            for (i, v) in record.enumerated() {
                let v = v.trimmingCharacters(in: .whitespaces)
                if let key = keyAt[i] { cells[key] = v } else if !v.isEmpty {
                    issues.append(TableIssue(.error, file: table.file, row: n + 1, column: i + 1, "a value \"\(v)\" in a column without a header",
                                             fix: "give the column a header or clear the cell"))
                }
            }
            out.append(Row(file: table.file, number: n + 1, cells: cells, columns: columns))
        }
        return out
    }

    // MARK: cells

    mutating func string(_ r: Row, _ key: String) -> String? {
        let v = r.cells[key] ?? ""
        return v.isEmpty ? nil : v
    }

    mutating func required(_ r: Row, _ key: String) -> String {
        if let v = string(r, key) { return v }
        error(r, key, "\(key) is empty", fix: "fill in the cell")
        return ""
    }

    mutating func int(_ r: Row, _ key: String) -> Int? {
        guard let v = string(r, key) else { return nil }
        if let n = Int(v) { return n }
        if let d = Cells.parseNumber(v), d == d.rounded(), abs(d) < 1e9 { return Int(d) }
        error(r, key, "\"\(v)\" is not a whole number", fix: "write a whole number such as 30")
        return nil
    }

    mutating func requiredInt(_ r: Row, _ key: String) -> Int {
        if string(r, key) == nil { error(r, key, "\(key) is empty", fix: "write a whole number"); return 0 }
        return int(r, key) ?? 0
    }

    mutating func double(_ r: Row, _ key: String) -> Double? {
        guard let v = string(r, key) else { return nil }
        if let d = Cells.parseNumber(v) { return d }
        error(r, key, "\"\(v)\" is not a number", fix: "write a number such as 0,5 or 0.5")
        return nil
    }

    mutating func bool(_ r: Row, _ key: String) -> Bool? {
        guard let v = string(r, key) else { return nil }
        if let b = Cells.parseBool(v) { return b }
        error(r, key, "\"\(v)\" is not yes or no", fix: "write да or нет (yes or no)")
        return nil
    }

    mutating func time(_ r: Row, _ key: String) -> String? {
        guard let v = string(r, key) else { return nil }
        if let t = Cells.parseTime(v) { return t }
        error(r, key, "\"\(v)\" is not a clock time", fix: "write hours and minutes as 08:30")
        return nil
    }

    mutating func list(_ r: Row, _ key: String) -> [String] { string(r, key).map { Cells.splitList($0) } ?? [] }

    mutating func ints(_ r: Row, _ key: String) -> [Int] {
        guard let v = string(r, key) else { return [] }
        var out: [Int] = []
        for item in Cells.splitList(v, alsoComma: true) {
            if let n = Int(item) { out.append(n) } else {
                error(r, key, "\"\(item)\" in \"\(v)\" is not a whole number", fix: "write whole numbers separated by ; such as 10;11")
            }
        }
        return out
    }

    mutating func day(_ r: Row, _ key: String, _ text: String, days: [String]) -> String? {
        let id = Cells.dayID(text)
        if days.isEmpty || days.contains(id) { return id }
        let names = days.map { Cells.day($0, .ru) }.joined(separator: ", ")
        error(r, key, "unknown day \"\(text)\"", fix: "the days of general.csv are \(names)")
        return nil
    }

    /// `Пн 1-3,5; Вт 2`.
    mutating func busy(_ r: Row, _ key: String, days: [String], periods: Int) -> BusyPeriods {
        guard let v = string(r, key) else { return [:] }
        var out: BusyPeriods = [:]
        for group in v.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !group.isEmpty {
            let dayText = String(group.prefix { !$0.isWhitespace && !$0.isNumber })
            let rest = group.dropFirst(dayText.count).trimmingCharacters(in: .whitespaces)
            guard !dayText.isEmpty, let d = day(r, key, dayText, days: days) else {
                if dayText.isEmpty { error(r, key, "\"\(group)\" does not start with a day", fix: "write a day and its periods, such as Пн 1-3,5; Вт 2") }
                continue
            }
            if out[d] != nil { error(r, key, "day \"\(dayText)\" is given twice", fix: "list each day once: Пн 1-3,5"); continue }
            var list: [Int] = []
            for item in rest.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                let ends = item.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
                if ends.count == 1, let a = ends[0] {
                    list.append(a)
                } else if ends.count == 2, let a = ends[0], let b = ends[1], a <= b, b - a < 100 {
                    list.append(contentsOf: a...b)
                } else {
                    error(r, key, "\"\(item)\" is not a period number or range", fix: "write period numbers and ranges such as 1-3,5")
                    continue
                }
            }
            for p in list where p < 1 || (p > periods && !unreadable.contains(T.periods.file)) {
                error(r, key, "period \(p) of \"\(group)\" is not a period of the day", fix: "periods.csv numbers them 1 to \(periods)")
            }
            out[d] = list
        }
        return out
    }

    mutating func reference(_ r: Row, _ key: String, _ id: String, in known: [String: Int], what: String, file: String) -> Bool {
        if known[id] != nil { return true }
        if unreadable.contains(file) { return false }
        error(r, key, "unknown \(what) \"\(id)\"\(suggest(id, Array(known.keys)))", fix: "use an id of \(file)")
        return false
    }

    /// Checks that `id` is new in the table; returns false (with an issue) for a repeat.
    mutating func unique(_ r: Row, _ key: String, _ id: String, _ seen: inout [String: Int], what: String) -> Bool {
        if let first = seen[id] {
            error(r, key, "\(what) \"\(id)\" is listed twice (first in row \(first))", fix: "keep one row per \(what), or give this one another id")
            return false
        }
        seen[id] = r.number
        return true
    }

    /// Key-value tables: parameter key → (value, row).
    mutating func parameters(_ table: T.Table) -> [String: (String, Row)]? {
        guard let rows = rows(table) else { return nil }
        var out: [String: (String, Row)] = [:]
        var seen: [String: Int] = [:]
        for r in rows {
            let name = required(r, "parameter")
            guard !name.isEmpty else { continue }
            guard let p = table.parameters.first(where: { $0.ru.lowercased() == name.lowercased() || $0.key.lowercased() == name.lowercased() }) else {
                error(r, "parameter", "unknown parameter \"\(name)\"\(suggest(name, table.parameters.flatMap { [$0.ru, $0.key] }))",
                      fix: "the parameters of \(table.file) are " + table.parameters.map { "\($0.ru)/\($0.key)" }.joined(separator: ", "))
                continue
            }
            guard unique(r, "parameter", p.key, &seen, what: "parameter") else { continue }
            out[p.key] = (r.cells["value"] ?? "", r)
        }
        for p in table.parameters where p.required && (out[p.key]?.0 ?? "").isEmpty {
            issues.append(TableIssue(.error, file: table.file, row: out[p.key]?.1.number, column: columnNumbers[table.file]?["value"],
                                     "required parameter \"\(p.ru)\" (\(p.key)) has no value", fix: "add a row \(p.ru) with \(p.meaningRU)"))
        }
        return out
    }

    // MARK: the instance

    mutating func build() -> Instance? {
        // general.csv
        let general = parameters(T.general)
        var name = "", description: String?, formatVersion = 1, days: [String] = [], mode: Transport.Mode?, coverage: Double?
        if let g = general {
            func row(_ k: String) -> Row? { g[k]?.1 }
            if let (v, r) = g["formatVersion"], !v.isEmpty { formatVersion = int(r, "value") ?? 1 }
            name = g["name"]?.0 ?? ""
            description = g["description"].flatMap { $0.0.isEmpty ? nil : $0.0 }
            if let (v, r) = g["days"] {
                days = Cells.splitList(v).map(Cells.dayID)
                var seen: [String: Int] = [:]
                for d in days where seen[d] != nil { error(r, "value", "day \"\(d)\" is listed twice", fix: "list each school day once") }
                for d in days { seen[d] = 1 }
            }
            if let (v, r) = g["transportMode"], !v.isEmpty {
                switch v.lowercased() {
                case "время в пути", "traveltimes": mode = .travelTimes
                case "рейсы", "рейсы автобусов", "busruns": mode = .busRuns
                default: error(r, "value", "unknown transport mode \"\(v)\"", fix: "write «время в пути» (travelTimes), «рейсы» (busRuns), or leave it empty")
                }
            }
            if let (_, r) = g["coverageTarget"] { coverage = double(r, "value") }
        }
        // periods.csv
        var periods: [WeekCalendar.Period] = []
        if let rows = rows(T.periods) {
            for r in rows {
                let n = requiredInt(r, "number")
                if n != periods.count + 1 { error(r, "number", "period \(n) is out of order (expected \(periods.count + 1))", fix: "number the periods 1, 2, … in row order") }
                let start = time(r, "start") ?? "", end = time(r, "end") ?? ""
                if string(r, "start") == nil { error(r, "start", "the start time is empty", fix: "write it as 08:30") }
                if string(r, "end") == nil { error(r, "end", "the end time is empty", fix: "write it as 09:15") }
                periods.append(.init(start: start, end: end))
                origins["calendar.periods[\(periods.count - 1)]"] = (r.file, r.number)
            }
        }
        let periodCount = periods.count
        // sites.csv
        var sites: [Site] = [], siteIndex: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for r in rows(T.sites) ?? [] {
            let id = required(r, "id")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "site") else { continue }
            siteIndex[id] = sites.count
            origins["sites[\(sites.count)]"] = (r.file, r.number)
            sites.append(Site(id: id, name: string(r, "name"), kind: string(r, "kind"), locality: string(r, "locality"), seniorStudents: int(r, "seniorStudents")))
        }
        // travel.csv
        var matrix = [[Int?]](repeating: [Int?](repeating: nil, count: sites.count), count: sites.count)
        var pairs: [String: Int] = [:]
        for r in rows(T.travel) ?? [] {
            let a = required(r, "from"), b = required(r, "to")
            let m = requiredInt(r, "minutes")
            guard !a.isEmpty, !b.isEmpty, reference(r, "from", a, in: siteIndex, what: "site", file: "sites.csv"),
                  reference(r, "to", b, in: siteIndex, what: "site", file: "sites.csv"),
                  unique(r, "to", a + " → " + b, &pairs, what: "road") else { continue }
            matrix[siteIndex[a]!][siteIndex[b]!] = m
            origins["transport.travelMinutes[\(siteIndex[a]!)][\(siteIndex[b]!)]"] = (r.file, r.number)
        }
        // bus-runs.csv, bus-stops.csv
        var runs: [BusRun] = [], runIndex: [String: Int] = [:]
        seen = [:]
        for r in rows(T.busRuns) ?? [] {
            let id = required(r, "id")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "bus run") else { continue }
            let runDays = list(r, "days").compactMap { day(r, "days", $0, days: days) }
            runIndex[id] = runs.count
            origins["transport.busRuns[\(runs.count)]"] = (r.file, r.number)
            runs.append(BusRun(id: id, days: runDays, seats: requiredInt(r, "seats"), stops: []))
        }
        for r in rows(T.busStops) ?? [] {
            let run = required(r, "run"), site = required(r, "site")
            let t = time(r, "time")
            if string(r, "time") == nil { error(r, "time", "the time is empty", fix: "write it as 07:40") }
            guard !run.isEmpty, reference(r, "run", run, in: runIndex, what: "bus run", file: "bus-runs.csv") else { continue }
            if !site.isEmpty { _ = reference(r, "site", site, in: siteIndex, what: "site", file: "sites.csv") }
            let k = runIndex[run]!
            origins["transport.busRuns[\(k)].stops[\(runs[k].stops.count)]"] = (r.file, r.number)
            runs[k].stops.append(.init(site: site, time: t ?? ""))
        }
        // rooms.csv
        var rooms: [Room] = []
        seen = [:]
        for r in rows(T.rooms) ?? [] {
            let id = required(r, "id"), site = required(r, "site")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "room") else { continue }
            if !site.isEmpty { _ = reference(r, "site", site, in: siteIndex, what: "site", file: "sites.csv") }
            origins["rooms[\(rooms.count)]"] = (r.file, r.number)
            rooms.append(Room(id: id, site: site, name: string(r, "name"), capacity: requiredInt(r, "capacity"), features: list(r, "features"),
                              computerSeats: int(r, "computerSeats") ?? 0, busy: busy(r, "busy", days: days, periods: periodCount)))
        }
        // classes.csv
        var classes: [SchoolClass] = [], classIndex: [String: Int] = [:]
        seen = [:]
        for r in rows(T.classes) ?? [] {
            let id = required(r, "id"), site = required(r, "site")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "class") else { continue }
            if !site.isEmpty { _ = reference(r, "site", site, in: siteIndex, what: "site", file: "sites.csv") }
            classIndex[id] = classes.count
            origins["classes[\(classes.count)]"] = (r.file, r.number)
            classes.append(SchoolClass(id: id, site: site, grade: int(r, "grade"), busy: busy(r, "busy", days: days, periods: periodCount), students: int(r, "students")))
        }
        // courses.csv (before teachers, whose course lists refer to it)
        let courseRows = rows(T.courses) ?? []
        var courseIndex: [String: Int] = [:]
        seen = [:]
        for r in courseRows {
            let id = r.cells["id"] ?? ""
            if !id.isEmpty, seen[id] == nil { seen[id] = r.number; courseIndex[id] = courseIndex.count }
        }
        // teachers.csv
        var teachers: [Teacher] = [], teacherIndex: [String: Int] = [:]
        seen = [:]
        for r in rows(T.teachers) ?? [] {
            let id = required(r, "id"), home = required(r, "homeSite")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "teacher") else { continue }
            if !home.isEmpty { _ = reference(r, "homeSite", home, in: siteIndex, what: "site", file: "sites.csv") }
            let courses = list(r, "courses")
            for c in courses { _ = reference(r, "courses", c, in: courseIndex, what: "course", file: "courses.csv") }
            var travelSites: [String]?
            if let v = string(r, "travelSites") {
                travelSites = v == "-" || v == "—" ? [] : Cells.splitList(v)
                for s in travelSites! { _ = reference(r, "travelSites", s, in: siteIndex, what: "site", file: "sites.csv") }
            }
            teacherIndex[id] = teachers.count
            origins["teachers[\(teachers.count)]"] = (r.file, r.number)
            teachers.append(Teacher(
                id: id, name: string(r, "name"), homeSite: home, subjects: list(r, "subjects"), courses: courses,
                maxWeeklyPeriods: requiredInt(r, "maxWeeklyPeriods"), busy: busy(r, "busy", days: days, periods: periodCount),
                mayTravel: bool(r, "mayTravel") ?? true, travelSites: travelSites, mayTeachOnline: bool(r, "mayTeachOnline") ?? true,
                latestReturn: time(r, "latestReturn"), maxOneWayMinutes: int(r, "maxOneWayMinutes")))
        }
        var courses: [Course] = []
        seen = [:]
        for r in courseRows {
            let id = required(r, "id"), subject = required(r, "subject")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "course") else { continue }
            var level = Course.Level.basic
            if let v = string(r, "level") {
                let l = v.lowercased().replacingOccurrences(of: "ё", with: "е")
                if let m = TableExport.levels.first(where: { $0.ru.replacingOccurrences(of: "ё", with: "е") == l || $0.0.rawValue.lowercased() == l }) {
                    level = m.0
                } else {
                    error(r, "level", "unknown level \"\(v)\"", fix: "write базовый, углублённый or элективный (basic, inDepth, elective)")
                }
            }
            let pattern = ints(r, "pattern")
            if string(r, "pattern") == nil { error(r, "pattern", "the pattern is empty", fix: "write the lengths of the weekly meetings, such as 1;1 or 2") }
            let sitesHere = list(r, "inPersonSites")
            for s in sitesHere { _ = reference(r, "inPersonSites", s, in: siteIndex, what: "site", file: "sites.csv") }
            let ts = list(r, "teachers")
            for t in ts { _ = reference(r, "teachers", t, in: teacherIndex, what: "teacher", file: "teachers.csv") }
            origins["courses[\(courses.count)]"] = (r.file, r.number)
            courses.append(Course(
                id: id, name: string(r, "name"), subject: subject, level: level, pattern: pattern,
                distinctDays: bool(r, "distinctDays") ?? true, minSize: int(r, "minSize") ?? 1, maxSize: requiredInt(r, "maxSize"),
                grades: ints(r, "grades"), inPersonSites: sitesHere, online: bool(r, "online") ?? false,
                roomFeatures: list(r, "roomFeatures"), teachers: ts, maxSections: int(r, "maxSections"),
                // Numbered from 1 in the table (as people count meetings), from 0 in the instance.
                onlineMeetings: ints(r, "onlineMeetings").map { $0 - 1 }))
        }
        // students.csv
        var students: [Student] = [], studentIndex: [String: Int] = [:]
        seen = [:]
        for r in rows(T.students) ?? [] {
            let id = required(r, "id"), home = required(r, "homeSite")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "student") else { continue }
            if !home.isEmpty { _ = reference(r, "homeSite", home, in: siteIndex, what: "site", file: "sites.csv") }
            let schoolClass = string(r, "class")
            if let c = schoolClass { _ = reference(r, "class", c, in: classIndex, what: "class", file: "classes.csv") }
            studentIndex[id] = students.count
            origins["students[\(students.count)]"] = (r.file, r.number)
            students.append(Student(
                id: id, name: string(r, "name"), grade: requiredInt(r, "grade"), homeSite: home, schoolClass: schoolClass,
                busy: busy(r, "busy", days: days, periods: periodCount), online: bool(r, "online"),
                onlineFromHome: bool(r, "onlineFromHome") ?? false, latestReturn: time(r, "latestReturn"),
                maxOneWayMinutes: int(r, "maxOneWayMinutes"), requests: []))
        }
        // requests.csv, alternatives.csv
        for r in rows(T.requests) ?? [] {
            let s = required(r, "student"), n = requiredInt(r, "number")
            guard !s.isEmpty, reference(r, "student", s, in: studentIndex, what: "student", file: "students.csv") else { continue }
            let k = studentIndex[s]!
            guard n == students[k].requests.count + 1 else {
                error(r, "number", "request \(n) of student \"\(s)\" is out of order (expected \(students[k].requests.count + 1))",
                      fix: "number each student's requests 1, 2, … in row order, each once")
                continue
            }
            origins["students[\(k)].requests[\(n - 1)]"] = (r.file, r.number)
            students[k].requests.append(Request(id: string(r, "id"), alternatives: [], weight: double(r, "weight") ?? 1, required: bool(r, "required") ?? false))
        }
        for r in rows(T.alternatives) ?? [] {
            let s = required(r, "student"), n = requiredInt(r, "request"), course = required(r, "course")
            guard !s.isEmpty, reference(r, "student", s, in: studentIndex, what: "student", file: "students.csv") else { continue }
            let k = studentIndex[s]!
            guard n >= 1, n <= students[k].requests.count else {
                error(r, "request", "student \"\(s)\" has no request \(n) in requests.csv", fix: "add the request to requests.csv or correct the number")
                continue
            }
            if !course.isEmpty { _ = reference(r, "course", course, in: courseIndex, what: "course", file: "courses.csv") }
            var mode: DeliveryMode?
            if let v = string(r, "mode") {
                if let m = TableExport.modes.first(where: { $0.ru == v.lowercased() || $0.0.rawValue.lowercased() == v.lowercased() }) { mode = m.0 } else {
                    error(r, "mode", "unknown mode \"\(v)\"", fix: "write очно or онлайн (inPerson or online), or leave it empty for either")
                }
            }
            let site = string(r, "site")
            if let site { _ = reference(r, "site", site, in: siteIndex, what: "site", file: "sites.csv") }
            origins["students[\(k)].requests[\(n - 1)].alternatives[\(students[k].requests[n - 1].alternatives.count)]"] = (r.file, r.number)
            students[k].requests[n - 1].alternatives.append(Alternative(course: course, mode: mode, site: site))
        }
        for (k, s) in students.enumerated() {
            for (j, q) in s.requests.enumerated() where q.alternatives.isEmpty {
                let o = origins["students[\(k)].requests[\(j)]"]!
                issues.append(TableIssue(.error, file: o.file, row: o.row, "request \(j + 1) of student \"\(s.id)\" has no alternatives",
                                         fix: "add at least one row for it to alternatives.csv"))
            }
        }
        // hygiene.csv, hygiene-grades.csv
        var hygiene = Hygiene()
        let hygieneParameters = parameters(T.hygiene)
        if let h = hygieneParameters {
            if let (_, r) = h["maxLessonsPerDay"] { hygiene.maxLessonsPerDayForAllGrades = int(r, "value") }
            if let (_, r) = h["maxLessonsPerWeek"] { hygiene.maxLessonsPerWeek = int(r, "value") }
            if let (_, r) = h["maxOnlineLessonsPerDay"], let v = int(r, "value") { hygiene.maxOnlineLessonsPerDay = v }
        }
        for r in rows(T.hygieneGrades) ?? [] {
            origins["hygiene.grades[\(hygiene.grades.count)]"] = (r.file, r.number)
            hygiene.grades.append(.init(grades: ints(r, "grades"), maxLessonsPerDay: int(r, "maxLessonsPerDay"), maxLessonsPerWeek: int(r, "maxLessonsPerWeek")))
        }
        var defaults = Defaults()
        if let d = parameters(T.defaults) {
            if let (_, r) = d["maxOneWayMinutes"], let v = int(r, "value") { defaults.maxOneWayMinutes = v }
            if let (_, r) = d["latestReturn"] { defaults.latestReturn = time(r, "value") }
            if let (_, r) = d["studentOnline"], let v = bool(r, "value") { defaults.studentOnline = v }
            for (k, (_, r)) in d { origins["defaults.\(k)"] = (r.file, r.number) }
        }
        var weights = Weights()
        if let w = parameters(T.weights) {
            for (key, path) in TableExport.weightFields {
                if let (_, r) = w[key], let v = double(r, "value") { weights[keyPath: path] = v }
            }
            for (k, (_, r)) in w { origins["weights.\(k)"] = (r.file, r.number) }
        }
        if let h = hygieneParameters {
            for (k, (_, r)) in h { origins["hygiene.\(k)"] = (r.file, r.number) }
        }
        if let g = general {
            for (k, (_, r)) in g {
                let path = ["days": "calendar.days", "transportMode": "transport.mode"][k] ?? k
                origins[path] = (r.file, r.number)
            }
        }
        var groups: [Group] = []
        seen = [:]
        for r in rows(T.groups) ?? [] {
            let id = required(r, "id"), course = required(r, "course"), site = required(r, "site")
            guard !id.isEmpty, unique(r, "id", id, &seen, what: "group") else { continue }
            let schoolClass = string(r, "class")
            if let c = schoolClass { _ = reference(r, "class", c, in: classIndex, what: "class", file: "classes.csv") }
            let members = string(r, "students").map { Cells.splitList($0) }
            for m in members ?? [] { _ = reference(r, "students", m, in: studentIndex, what: "student", file: "students.csv") }
            if schoolClass == nil && members == nil {
                error(r, "class", "the group names neither a class nor students", fix: "fill in класс (class) or ученики (students)")
            }
            if !course.isEmpty { _ = reference(r, "course", course, in: courseIndex, what: "course", file: "courses.csv") }
            if !site.isEmpty { _ = reference(r, "site", site, in: siteIndex, what: "site", file: "sites.csv") }
            origins["groups[\(groups.count)]"] = (r.file, r.number)
            groups.append(Group(id: id, schoolClass: schoolClass, students: members, course: course, site: site,
                                latestReturn: time(r, "latestReturn"), maxOneWayMinutes: int(r, "maxOneWayMinutes")))
        }
        let locks = readLocks(days: days, courseIndex: courseIndex, teacherIndex: teacherIndex,
                              roomIDs: Set(rooms.map(\.id)), studentIndex: studentIndex, students: students, runIndex: runIndex)
        return Instance(
            formatVersion: formatVersion, name: name, description: description, calendar: WeekCalendar(days: days, periods: periods),
            sites: sites, transport: Transport(mode: mode, travelMinutes: matrix, busRuns: runs), rooms: rooms, classes: classes,
            teachers: teachers, courses: courses, students: students, hygiene: hygiene, defaults: defaults, weights: weights,
            locks: locks, coverageTarget: coverage, groups: groups)
    }

    /// lock-sections.csv, lock-meetings.csv, lock-enrolments.csv, lock-bus-rides.csv; nil when all
    /// are empty or missing.
    mutating func readLocks(days: [String], courseIndex: [String: Int], teacherIndex: [String: Int], roomIDs: Set<String>,
                            studentIndex: [String: Int], students: [Student], runIndex: [String: Int]) -> Locks? {
        var locks = Locks()
        var sectionIndex: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for r in rows(T.lockSections) ?? [] {
            let id = required(r, "section"), course = required(r, "course")
            guard !id.isEmpty, unique(r, "section", id, &seen, what: "section lock") else { continue }
            if !course.isEmpty { _ = reference(r, "course", course, in: courseIndex, what: "course", file: "courses.csv") }
            let teacher = string(r, "teacher")
            if let teacher { _ = reference(r, "teacher", teacher, in: teacherIndex, what: "teacher", file: "teachers.csv") }
            sectionIndex[id] = locks.sections.count
            origins["locks.sections[\(locks.sections.count)]"] = (r.file, r.number)
            locks.sections.append(SectionLock(section: id, course: course, teacher: teacher))
        }
        let locked = sectionIndex.keys.sorted()
        func lockedSection(_ r: Row, _ id: String) -> Int? {
            if let k = sectionIndex[id] { return k }
            if !unreadable.contains(T.lockSections.file) {
                error(r, "section", "section \"\(id)\" is not in lock-sections.csv\(suggest(id, locked))",
                      fix: "add the section to lock-sections.csv or correct the id")
            }
            return nil
        }
        for r in rows(T.lockMeetings) ?? [] {
            let id = required(r, "section"), dayText = required(r, "day")
            guard !id.isEmpty, let k = lockedSection(r, id) else { continue }
            guard !dayText.isEmpty, let day = day(r, "day", dayText, days: days) else { continue }
            let period = requiredInt(r, "period"), length = int(r, "length") ?? 1
            let room = string(r, "room")
            if let room, !roomIDs.contains(room), !unreadable.contains(T.rooms.file) {
                error(r, "room", "unknown room \"\(room)\"\(suggest(room, roomIDs.sorted()))", fix: "use an id of rooms.csv")
            }
            let meetings = locks.sections[k].meetings ?? []
            origins["locks.sections[\(k)].meetings[\(meetings.count)]"] = (r.file, r.number)
            locks.sections[k].meetings = meetings + [LockedMeeting(day: day, period: period, length: length, room: room)]
        }
        for r in rows(T.lockEnrolments) ?? [] {
            let s = required(r, "student"), n = requiredInt(r, "request"), id = required(r, "section")
            guard !s.isEmpty, reference(r, "student", s, in: studentIndex, what: "student", file: "students.csv") else { continue }
            guard n >= 1, n <= students[studentIndex[s]!].requests.count else {
                error(r, "request", "student \"\(s)\" has no request \(n) in requests.csv", fix: "use the request's number in requests.csv")
                continue
            }
            guard !id.isEmpty, lockedSection(r, id) != nil else { continue }
            origins["locks.enrolments[\(locks.enrolments.count)]"] = (r.file, r.number)
            locks.enrolments.append(EnrolmentLock(student: s, request: n - 1, section: id))
        }
        for r in rows(T.lockBusRides) ?? [] {
            let s = required(r, "student"), dayText = required(r, "day"), run = required(r, "busRun")
            guard !s.isEmpty, reference(r, "student", s, in: studentIndex, what: "student", file: "students.csv") else { continue }
            guard !dayText.isEmpty, let day = day(r, "day", dayText, days: days) else { continue }
            guard !run.isEmpty, reference(r, "busRun", run, in: runIndex, what: "bus run", file: "bus-runs.csv") else { continue }
            origins["locks.busRides[\(locks.busRides.count)]"] = (r.file, r.number)
            locks.busRides.append(BusRideLock(student: s, day: day, busRun: run))
        }
        return locks.isEmpty ? nil : locks
    }
}

/// ` (did you mean "X"?)` for the known name closest to `text` (same letters ignoring case, or
/// at most two edits away); empty when none is close.
func suggest(_ text: String, _ known: [String]) -> String {
    let lower = text.lowercased()
    if let same = known.first(where: { $0.lowercased() == lower }) { return " (did you mean \"\(same)\"?)" }
    let best = known.map { ($0, editDistance(lower, $0.lowercased())) }.min { $0.1 < $1.1 }
    guard let best, best.1 <= 2, best.1 < max(text.count, 1) else { return "" }
    return " (did you mean \"\(best.0)\"?)"
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}
