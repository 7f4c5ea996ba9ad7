import Foundation
import TimetablingCore

/// One file of a rendered report: a path relative to the output directory and its bytes.
public struct ReportFile: Sendable, Equatable {
    /// Relative path with `/` separators, e.g. `html/students/s-berezovka-10-03.html`.
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }

    public init(path: String, text: String) {
        self.init(path: path, data: Data(text.utf8))
    }
}

/// The formats `netsched report --format` writes, each into its own folder of the output directory.
public enum ReportFormat: String, CaseIterable, Sendable, Codable {
    /// A static site: `html/index.html` and one page per student, teacher, room and site.
    case html
    /// CSV tables (RFC 4180, UTF-8 with a byte-order mark for spreadsheets).
    case csv
    /// iCalendar files (RFC 5545), one per student and per teacher.
    case ics
    /// The whole report model as one JSON document.
    case json
}

/// Options of a rendering: the language, and the term dates the calendar files need.
public struct ReportOptions: Sendable {
    public var language: ReportLanguage
    public var term: Term
    /// The moment written as `DTSTAMP` in calendar files (when they were made).
    public var timestamp: Date

    public init(language: ReportLanguage = .ru, term: Term = .containing(Date()), timestamp: Date = Date()) {
        self.language = language
        self.term = term
        self.timestamp = timestamp
    }

    /// The first and last day of the term as calendar dates (`YYYY-MM-DD`), for weekly recurring events.
    public struct Term: Sendable, Equatable {
        public var start: DateOnly
        public var end: DateOnly

        public init(start: DateOnly, end: DateOnly) {
            self.start = start
            self.end = end
        }

        /// The Russian school half-year containing `date` (or the next one in summer):
        /// 1 September – 28 December, or 9 January – 31 May.
        public static func containing(_ date: Date) -> Term {
            let c = Calendar.gregorianUTC.dateComponents([.year, .month], from: date)
            let y = c.year ?? 2025, m = c.month ?? 9
            if m >= 6 { return Term(start: DateOnly(year: y, month: 9, day: 1), end: DateOnly(year: y, month: 12, day: 28)) }
            return Term(start: DateOnly(year: y, month: 1, day: 9), end: DateOnly(year: y, month: 5, day: 31))
        }
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC, in which the reports read dates and write time stamps.
    static let gregorianUTC: Calendar = {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal
    }()
}

/// A calendar date without a time or time zone.
public struct DateOnly: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else or an impossible date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1,
              d <= DateOnly.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// 0 = Monday … 6 = Sunday.
    var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    func adding(days n: Int) -> DateOnly { DateOnly(dayNumber: dayNumber + n) }

    /// The first date on or after this one that falls on `weekday` (0 = Monday).
    func next(weekday w: Int) -> DateOnly { adding(days: ((w - weekday) % 7 + 7) % 7) }

    /// `20250901`.
    var compact: String { String(format: "%04d%02d%02d", year, month, day) }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: DateOnly, b: DateOnly) -> Bool { a.dayNumber < b.dayNumber }
}

/// Writes rendered files under a directory, creating folders as needed. Each file is written
/// whole or not at all (``AtomicFile``); a failure throws a ``FileWriteError`` naming the path.
public enum ReportWriter {
    public static func write(_ files: [ReportFile], to directory: URL) throws {
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            try AtomicFile.createFolder(url.deletingLastPathComponent())
            try AtomicFile.write(file.data, to: url)
        }
    }
}

/// File names for ids: letters, digits, `-`, `_` and `.` kept, anything else replaced by `_`;
/// distinct ids that would collide get a numeric suffix.
struct FileNames {
    private var used: [String: String] = [:]
    private var taken: Set<String> = []

    mutating func name(for id: String) -> String {
        if let n = used[id] { return n }
        var base = String(id.unicodeScalars.map { s -> Character in
            let ok = (s.value < 128) && (CharacterSet.alphanumerics.contains(s) || s == "-" || s == "_" || s == ".")
            return ok ? Character(s) : "_"
        })
        if base.isEmpty || base.hasPrefix(".") { base = "_" + base }
        var name = base, k = 2
        while taken.contains(name.lowercased()) {
            name = "\(base)-\(k)"
            k += 1
        }
        taken.insert(name.lowercased())
        used[id] = name
        return name
    }
}
