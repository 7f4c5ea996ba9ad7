import CSV
import Foundation
import TimetablingCore

/// Writes an instance as a folder of CSV tables: UTF-8 with a byte-order mark, `;` between cells,
/// CRLF line ends (what Excel in a Russian locale opens directly), headers in Russian or English.
///
/// ```swift
/// let files = try TableExport.tables(of: instance, language: .ru)   // file name → bytes
/// try TableExport.write(instance, to: folderURL)
/// ```
public enum TableExport {
    /// Why an instance cannot be written as tables.
    public struct Unsupported: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// How the files are written. The default is what Excel in a Russian locale opens directly.
    public struct Format: Sendable {
        public var delimiter: Character
        public var byteOrderMark: Bool
        /// Decimal comma (`0,5`); nil: a comma for Russian, a point for English.
        public var decimalComma: Bool?

        public init(delimiter: Character = ";", byteOrderMark: Bool = true, decimalComma: Bool? = nil) {
            self.delimiter = delimiter
            self.byteOrderMark = byteOrderMark
            self.decimalComma = decimalComma
        }
    }

    /// The files of the folder, by name, as bytes; deterministic for one instance, language and format.
    public static func tables(of instance: Instance, language: InstanceTables.Language = .ru, format: Format = .init()) throws -> [String: Data] {
        try checkExportable(instance)
        return try files(rows(of: instance, language, decimalComma: format.decimalComma ?? (language == .ru)), language, format)
    }

    static func files(_ rows: [(InstanceTables.Table, [[String]])], _ language: InstanceTables.Language, _ format: Format) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for (table, body) in rows {
            files[table.file] = try csv([table.columns.map { $0.header(language) }] + body, format)
        }
        files[InstanceTables.readme.file] = try csv([InstanceTables.readme.columns.map { $0.header(language) }] + readmeRows(language), format)
        return files
    }

    /// The instance as a workbook: a `README` sheet first (every column explained in Russian and
    /// English), then one sheet per table named as its file without `.csv`; numbers are number
    /// cells (so a decimal point in the XML, shown with the reader's locale).
    public static func workbook(of instance: Instance, language: InstanceTables.Language = .ru) throws -> Workbook {
        try checkExportable(instance)
        return workbook(rows(of: instance, language, decimalComma: false), language)
    }

    static func workbook(_ rows: [(InstanceTables.Table, [[String]])], _ language: InstanceTables.Language) -> Workbook {
        let readme = Workbook.Sheet(name: TableImport.sheetName(InstanceTables.readme.file),
                                    rows: [InstanceTables.readme.columns.map { $0.header(language) }]
                                        + readmeRows(language).map { [TableImport.sheetName($0[0])] + $0.dropFirst() })
        return Workbook(sheets: [readme] + rows.map { table, body in
            Workbook.Sheet(name: TableImport.sheetName(table.file), rows: [table.columns.map { $0.header(language) }] + body)
        })
    }

    /// Writes the workbook of ``workbook(of:language:)`` to `url` (replaced when it exists).
    public static func writeWorkbook(_ instance: Instance, to url: URL, language: InstanceTables.Language = .ru) throws {
        try AtomicFile.write(try workbook(of: instance, language: language).xlsx(), to: url)
    }

    /// Empty tables to fill in: every table with its header row; the parameter tables (general,
    /// hygiene, defaults, weights) list their parameters with what each means and empty values
    /// (the format's defaults), except the format version (1) and the days (Monday to Friday).
    public static func template(language: InstanceTables.Language = .ru) -> [(table: InstanceTables.Table, rows: [[String]])] {
        InstanceTables.all.map { table in
            let rows = table.parameters.map { p -> [String] in
                let value: String
                switch p.key {
                case "formatVersion": value = "1"
                case "days": value = Cells.list(Cells.standardDays.prefix(5).map { Cells.day($0, language) })
                default: value = ""
                }
                return [language == .ru ? p.ru : p.key, value, language == .ru ? p.meaningRU : p.meaningEN]
            }
            return (table, rows)
        }
    }

    /// The template as CSV files (by name) or as a workbook.
    public static func templateFiles(language: InstanceTables.Language = .ru, format: Format = .init()) throws -> [String: Data] {
        try files(template(language: language).map { ($0.table, $0.rows) }, language, format)
    }

    public static func templateWorkbook(language: InstanceTables.Language = .ru) -> Workbook {
        workbook(template(language: language).map { ($0.table, $0.rows) }, language)
    }

    /// Writes the files into `folder` (created when missing), replacing files of the same names.
    public static func write(_ instance: Instance, to folder: URL, language: InstanceTables.Language = .ru, format: Format = .init()) throws {
        let files = try tables(of: instance, language: language, format: format)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            try AtomicFile.write(data, to: folder.appendingPathComponent(name))
        }
    }

    static func checkExportable(_ instance: Instance) throws {
        // A section lock without meetings and one with an empty list of meetings would read back
        // the same (no rows in lock-meetings.csv): the second locks nothing the first does not.
        if let l = instance.locks?.sections.first(where: { $0.meetings?.isEmpty == true }) {
            throw Unsupported(description: "locks.sections: the lock of \(l.section) has an empty list of meetings, which the tables cannot tell from no meetings locked; leave \"meetings\" out or list them")
        }
    }

    static func csv(_ rows: [[String]], _ format: Format) throws -> Data {
        let stream = OutputStream.toMemory()
        let writer = try CSVWriter(stream: stream, delimiter: String(format.delimiter), newline: .crlf)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        let body = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return (format.byteOrderMark ? Data([0xEF, 0xBB, 0xBF]) : Data()) + body + Data("\r\n".utf8)
    }

    static func readmeRows(_ language: InstanceTables.Language) -> [[String]] {
        var rows: [[String]] = []
        let yes = Cells.bool(true, language), no = Cells.bool(false, language)
        for table in InstanceTables.all {
            for c in table.columns { rows.append([table.file, c.ru, c.key, c.meaningRU, c.meaningEN, c.required ? yes : no]) }
            for p in table.parameters { rows.append([table.file, p.ru, p.key, p.meaningRU, p.meaningEN, p.required ? yes : no]) }
        }
        return rows
    }

    static func rows(of i: Instance, _ lang: InstanceTables.Language, decimalComma: Bool) -> [(InstanceTables.Table, [[String]])] {
        typealias T = InstanceTables
        let days = i.calendar.days
        func opt<V>(_ v: V?) -> String { v.map { "\($0)" } ?? "" }
        func busy(_ b: BusyPeriods) -> String { Cells.busy(b, days: days, lang) }
        func yn(_ b: Bool) -> String { Cells.bool(b, lang) }
        func num(_ d: Double) -> String { Cells.number(d, decimalComma: decimalComma) }
        func kv(_ table: T.Table, _ values: [String: String]) -> [[String]] {
            table.parameters.map { p in [lang == .ru ? p.ru : p.key, values[p.key] ?? "", lang == .ru ? p.meaningRU : p.meaningEN] }
        }
        let mode: String
        switch i.transport.mode {
        case nil: mode = ""
        case .travelTimes?: mode = lang == .ru ? "время в пути" : "travelTimes"
        case .busRuns?: mode = lang == .ru ? "рейсы" : "busRuns"
        }
        let general = kv(T.general, [
            "formatVersion": String(i.formatVersion), "name": i.name, "description": i.description ?? "",
            "days": Cells.list(days.map { Cells.day($0, lang) }), "transportMode": mode,
            "coverageTarget": i.coverageTarget.map(num) ?? "",
        ])
        let periods = i.calendar.periods.enumerated().map { [String($0.offset + 1), $0.element.start, $0.element.end] }
        let sites = i.sites.map { [$0.id, $0.name ?? "", $0.kind ?? "", $0.locality ?? "", opt($0.seniorStudents)] }
        var travel: [[String]] = []
        for (a, row) in i.transport.travelMinutes.enumerated() {
            for (b, m) in row.enumerated() {
                guard let m else { continue }
                let from = a < i.sites.count ? i.sites[a].id : "#\(a + 1)", to = b < i.sites.count ? i.sites[b].id : "#\(b + 1)"
                travel.append([from, to, String(m)])
            }
        }
        let runs = i.transport.busRuns.map { [$0.id, Cells.list($0.days.map { Cells.day($0, lang) }), String($0.seats)] }
        let stops = i.transport.busRuns.flatMap { r in r.stops.map { [r.id, $0.site, $0.time] } }
        let rooms = i.rooms.map { [$0.id, $0.site, $0.name ?? "", String($0.capacity), Cells.list($0.features), String($0.computerSeats), busy($0.busy)] }
        let classes = i.classes.map { [$0.id, $0.site, opt($0.grade), opt($0.students), busy($0.busy)] }
        let teachers = i.teachers.map { t in
            [t.id, t.name ?? "", t.homeSite, Cells.list(t.subjects), Cells.list(t.courses), String(t.maxWeeklyPeriods), busy(t.busy),
             yn(t.mayTravel), t.travelSites.map { $0.isEmpty ? "-" : Cells.list($0) } ?? "", yn(t.mayTeachOnline),
             t.latestReturn ?? "", opt(t.maxOneWayMinutes)]
        }
        let courses = i.courses.map { c in
            [c.id, c.name ?? "", c.subject, level(c.level, lang), Cells.list(c.pattern.map(String.init)), yn(c.distinctDays),
             String(c.minSize), String(c.maxSize), Cells.list(c.grades.map(String.init)), Cells.list(c.inPersonSites), yn(c.online),
             Cells.list(c.roomFeatures), Cells.list(c.teachers), opt(c.maxSections), Cells.list(c.onlineMeetings.map { String($0 + 1) })]
        }
        let students = i.students.map { s in
            [s.id, s.name ?? "", String(s.grade), s.homeSite, s.schoolClass ?? "", busy(s.busy), s.online.map(yn) ?? "",
             yn(s.onlineFromHome), s.latestReturn ?? "", opt(s.maxOneWayMinutes)]
        }
        var requests: [[String]] = [], alternatives: [[String]] = []
        for s in i.students {
            for (n, r) in s.requests.enumerated() {
                requests.append([s.id, String(n + 1), r.id ?? "", num(r.weight), yn(r.required)])
                for a in r.alternatives {
                    alternatives.append([s.id, String(n + 1), a.course, a.mode.map { deliveryMode($0, lang) } ?? "", a.site ?? ""])
                }
            }
        }
        let h = i.hygiene
        let hygiene = kv(T.hygiene, [
            "maxLessonsPerDay": opt(h.maxLessonsPerDayForAllGrades), "maxLessonsPerWeek": opt(h.maxLessonsPerWeek),
            "maxOnlineLessonsPerDay": String(h.maxOnlineLessonsPerDay),
        ])
        let hygieneGrades = h.grades.map { [Cells.list($0.grades.map(String.init)), opt($0.maxLessonsPerDay), opt($0.maxLessonsPerWeek)] }
        let d = i.defaults
        let defaults = kv(T.defaults, [
            "maxOneWayMinutes": String(d.maxOneWayMinutes), "latestReturn": d.latestReturn ?? "", "studentOnline": yn(d.studentOnline),
        ])
        var weightValues: [String: String] = [:]
        for (key, path) in weightFields { weightValues[key] = num(i.weights[keyPath: path]) }
        let weights = kv(T.weights, weightValues)
        let groups = i.groups.map { g in
            [g.id, g.schoolClass ?? "", g.students.map(Cells.list) ?? "", g.course, g.site, g.latestReturn ?? "", opt(g.maxOneWayMinutes)]
        }
        let locks = i.locks ?? Locks()
        let lockSections = locks.sections.map { [$0.section, $0.course, $0.teacher ?? ""] }
        let lockMeetings = locks.sections.flatMap { l in
            (l.meetings ?? []).map { [l.section, Cells.day($0.day, lang), String($0.period), String($0.length), $0.room ?? ""] }
        }
        let lockEnrolments = locks.enrolments.map { [$0.student, String($0.request + 1), $0.section] }
        let lockBusRides = locks.busRides.map { [$0.student, Cells.day($0.day, lang), $0.busRun] }
        return [
            (T.general, general), (T.periods, periods), (T.sites, sites), (T.travel, travel), (T.busRuns, runs),
            (T.busStops, stops), (T.rooms, rooms), (T.classes, classes), (T.teachers, teachers), (T.courses, courses),
            (T.students, students), (T.requests, requests), (T.alternatives, alternatives), (T.hygiene, hygiene),
            (T.hygieneGrades, hygieneGrades), (T.defaults, defaults), (T.weights, weights), (T.groups, groups),
            (T.lockSections, lockSections), (T.lockMeetings, lockMeetings), (T.lockEnrolments, lockEnrolments),
            (T.lockBusRides, lockBusRides),
        ]
    }

    nonisolated(unsafe) static let weightFields: [(String, WritableKeyPath<Weights, Double>)] = [
        ("unmetElective", \.unmetElective), ("alternativeRank", \.alternativeRank),
        ("studentTravelMinute", \.studentTravelMinute), ("siteChange", \.siteChange),
        ("teacherTravelMinute", \.teacherTravelMinute), ("studentGap", \.studentGap), ("teacherGap", \.teacherGap),
        ("section", \.section), ("teacherPeriod", \.teacherPeriod), ("vehicleTrip", \.vehicleTrip), ("online", \.online),
        ("sizeImbalance", \.sizeImbalance), ("consecutiveDays", \.consecutiveDays), ("movedEnrolment", \.movedEnrolment),
        ("changedEnrolment", \.changedEnrolment), ("changedTeacherPeriod", \.changedTeacherPeriod), ("changedRoute", \.changedRoute),
    ]

    static let levels: [(Course.Level, ru: String)] = [(.basic, "базовый"), (.inDepth, "углублённый"), (.elective, "элективный")]
    static let modes: [(DeliveryMode, ru: String)] = [(.inPerson, "очно"), (.online, "онлайн")]

    static func level(_ l: Course.Level, _ lang: InstanceTables.Language) -> String {
        lang == .ru ? levels.first { $0.0 == l }!.ru : l.rawValue
    }

    static func deliveryMode(_ m: DeliveryMode, _ lang: InstanceTables.Language) -> String {
        lang == .ru ? modes.first { $0.0 == m }!.ru : m.rawValue
    }
}
