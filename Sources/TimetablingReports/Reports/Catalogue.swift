import Foundation
import TimetablingCore

/// The network's open course catalogue: the bank of courses as students and their tutors read it
/// before they choose, with no timetable yet.
///
/// For every course: name and id, subject and level, the weekly periods and how they meet
/// (`2 × 1 урок, в разные дни`), the grades that may take it, the group size limits, where it is
/// taught in person (host sites) and whether online, the teachers qualified for it (listed by the
/// course, or listing the course or its subject, as the solver counts them) and what its room
/// needs. Courses are grouped by subject (subjects in alphabetical order of their names in the
/// language; within a subject basic, then in-depth, then elective courses, then by grade and name).
///
/// Two renderings with the same columns: one printable HTML page with a table of contents by
/// subject (no script, the style sheet inline, A4 landscape print rules), and a CSV table with one row per
/// course (RFC 4180 as the report's tables: comma-separated, UTF-8 with a byte-order mark, CRLF).
///
/// ```swift
/// let catalogue = CatalogueBuilder(try Problem(instance))
/// let page = catalogue.html(language: .ru)           // catalogue.html
/// let table = catalogue.csv(language: .en)           // catalogue.csv
/// try ReportWriter.write(catalogue.files(language: .ru), to: outputDirectory)
/// ```
public struct CatalogueBuilder: Sendable {
    /// One course as the catalogue shows it; ids as in the instance.
    public struct Entry: Sendable, Equatable {
        public let course: Course
        /// Teachers qualified for the course (ids), in instance order.
        public let teachers: [String]
    }

    /// The courses of one subject, in catalogue order.
    public struct Subject: Sendable, Equatable {
        /// The subject id (`Course.subject`).
        public let id: String
        public let courses: [Entry]
    }

    /// The formats ``files(formats:language:)`` can write.
    public enum Format: String, CaseIterable, Sendable {
        case html, csv

        /// The file name under the output folder.
        public var fileName: String { "catalogue." + rawValue }
    }

    public let problem: Problem

    public init(_ problem: Problem) { self.problem = problem }

    private var instance: Instance { problem.instance }

    /// Every course grouped by subject, in the order of the catalogue in `language`.
    /// O(c log c) for c courses.
    public func subjects(language: ReportLanguage) -> [Subject] {
        let labels = Labels(language)
        var bySubject: [String: [Entry]] = [:]
        for (i, c) in instance.courses.enumerated() {
            let teachers = problem.courses[i].teachers.map { instance.teachers[$0].id }
            bySubject[c.subject, default: []].append(Entry(course: c, teachers: teachers))
        }
        func levelRank(_ l: Course.Level) -> Int {
            switch l {
            case .basic: 0
            case .inDepth: 1
            case .elective: 2
            }
        }
        func name(_ c: Course) -> String { (c.name ?? c.id).lowercased() }
        return bySubject.map { id, entries in
            Subject(id: id, courses: entries.sorted { a, b in
                let x = a.course, y = b.course
                if levelRank(x.level) != levelRank(y.level) { return levelRank(x.level) < levelRank(y.level) }
                let gx = x.grades.min() ?? 0, gy = y.grades.min() ?? 0
                if gx != gy { return gx < gy }
                if name(x) != name(y) { return name(x) < name(y) }
                return x.id < y.id
            })
        }.sorted { a, b in
            let x = labels.subjectName(a.id).lowercased(), y = labels.subjectName(b.id).lowercased()
            return x != y ? x < y : a.id < b.id
        }
    }

    /// The files of the catalogue: `catalogue.html` and `catalogue.csv` (or those of `formats`).
    public func files(formats: [Format] = Format.allCases, language: ReportLanguage) -> [ReportFile] {
        formats.map { f in
            switch f {
            case .html: ReportFile(path: f.fileName, text: html(language: language))
            case .csv: ReportFile(path: f.fileName, data: csv(language: language))
            }
        }
    }

    // MARK: Cells shared by both renderings

    /// The column headers, in order. The HTML page puts the course's id under its name and the
    /// size limits in one column; the CSV has one column for each.
    private struct Cells {
        let labels: Labels
        let names: DisplayNames
        /// Teacher id → home site id.
        let teacherHome: [String: String]

        func level(_ c: Course) -> String { labels.levelName(c.level) }
        func pattern(_ c: Course) -> String { labels.meetingPattern(c.pattern, distinctDays: c.distinctDays) }
        func grades(_ c: Course) -> String { c.grades.isEmpty ? labels.anyGrade : c.grades.sorted().map(String.init).joined(separator: ", ") }
        func size(_ c: Course) -> String { "\(c.minSize)–\(c.maxSize)" }
        func siteList(_ c: Course) -> [String] { c.inPersonSites.isEmpty ? [labels.notInPerson] : c.inPersonSites.map(names.site) }
        func online(_ c: Course) -> String { c.online ? labels.yesText : labels.noText }
        func teacher(_ id: String) -> String {
            guard let home = teacherHome[id] else { return names.teacher(id) }
            return names.teacher(id) + " (" + names.site(home) + ")"
        }
        func teacherList(_ e: Entry) -> [String] { e.teachers.isEmpty ? [labels.noTeacher] : e.teachers.map(teacher) }
        func featureList(_ c: Course) -> [String] { c.roomFeatures.isEmpty ? [labels.noRoomNeeds] : c.roomFeatures.map(labels.featureName) }
    }

    private func cells(_ language: ReportLanguage) -> Cells {
        Cells(labels: Labels(language), names: DisplayNames(instance),
              teacherHome: Dictionary(instance.teachers.map { ($0.id, $0.homeSite) }, uniquingKeysWith: { a, _ in a }))
    }

    // MARK: CSV

    /// The CSV header: subject, course id, course, level, periods a week, meetings, grades, minimum
    /// and maximum size, in person at, online, teachers, room needs.
    package static func csvHeader(_ l: Labels) -> [String] {
        [l.subjectColumn, l.courseId, l.course, l.level, l.weeklyPeriods, l.patternColumn, l.gradesColumn, l.minSizeColumn, l.maxSizeColumn,
         l.inPersonAt, l.onlineAllowed, l.teachersTitle, l.roomNeeds]
    }

    /// One row per course, in catalogue order; lists inside a cell are separated by `; `.
    public func csv(language: ReportLanguage) -> Data {
        let x = cells(language)
        var rows: [[String]] = []
        for s in subjects(language: language) {
            for e in s.courses {
                let c = e.course
                rows.append([x.labels.subjectName(s.id), c.id, c.name ?? c.id, x.level(c), "\(c.weeklyPeriods)", x.pattern(c), x.grades(c),
                             "\(c.minSize)", "\(c.maxSize)", x.siteList(c).joined(separator: "; "), x.online(c), x.teacherList(e).joined(separator: "; "),
                             x.featureList(c).joined(separator: "; ")])
            }
        }
        return CSVReport.table(CatalogueBuilder.csvHeader(x.labels), rows)
    }

    // MARK: HTML

    /// The catalogue as one printable page.
    public func html(language: ReportLanguage) -> String {
        let x = cells(language), l = x.labels
        let subjects = subjects(language: language)
        func esc(_ s: String) -> String { Escaping.xml(s) }
        var anchors = FileNames()
        let anchor = Dictionary(uniqueKeysWithValues: subjects.map { ($0.id, "subject-" + anchors.name(for: $0.id)) })
        let courseCount = subjects.reduce(0) { $0 + $1.courses.count }

        var h = "<h1>\(esc(l.catalogueTitle))</h1>"
        h += "<p class=\"meta\"><span>\(esc(l.generatedFor)): <b>\(esc(instance.name))</b></span>"
            + "<span>\(esc(l.courseCount(courseCount)))</span><span>\(esc(l.subjectsTitle)): <b>\(subjects.count)</b></span></p>"
        h += "<p class=\"intro\">\(esc(l.catalogueIntro))</p>"
        h += "<h2 id=\"contents\">\(esc(l.index))</h2><ol class=\"toc\">"
        for s in subjects {
            h += "<li><a href=\"#\(esc(anchor[s.id]!))\">\(esc(l.subjectName(s.id)))</a> <span class=\"n\">\(esc(l.courseCount(s.courses.count)))</span></li>"
        }
        h += "</ol>"

        // The CSV's columns, with the weekly periods and their pattern in one cell and the size limits in another.
        let header = [l.course, l.level, l.weeklyPeriods, l.gradesColumn, l.minMaxSize, l.inPersonAt, l.onlineAllowed, l.teachersTitle, l.roomNeeds]
        for s in subjects {
            let title = l.subjectName(s.id)
            h += "<section class=\"subject\" id=\"\(esc(anchor[s.id]!))\"><h2>\(esc(title))"
            // The subject's id beside a translated name (Математика mathematics), not beside its own spelling.
            if title.lowercased() != String(s.id.lowercased().map { $0 == "-" || $0 == "_" ? " " : $0 }) {
                h += " <span class=\"sid\">\(esc(s.id))</span>"
            }
            h += "</h2><table class=\"list stack catalogue courses\">" + CatalogueBuilder.columns + "<thead><tr>"
            h += header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
            for e in s.courses {
                let c = e.course
                // Text cells (escaped here); lists one item a line.
                let values: [[String]] = [[x.level(c)], [x.grades(c)], [x.size(c)], x.siteList(c), [x.online(c)], x.teacherList(e),
                                          x.featureList(c)]
                h += "<tr><td data-label=\"\(esc(l.course))\"><b>\(esc(c.name ?? c.id))</b><span class=\"cid\">\(esc(c.id))</span></td>"
                h += "<td data-label=\"\(esc(l.level))\">\(esc(x.level(c)))</td>"
                h += "<td data-label=\"\(esc(l.weeklyPeriods))\"><b>\(c.weeklyPeriods)</b><span class=\"pat\">\(esc(x.pattern(c)))</span></td>"
                for (k, v) in values.enumerated().dropFirst() {
                    let cls = c.online && k == 4 ? " class=\"on\"" : ""
                    h += "<td\(cls) data-label=\"\(esc(header[k + 2]))\">\(v.map(esc).joined(separator: "<br>"))</td>"
                }
                h += "</tr>"
            }
            h += "</tbody></table></section>"
        }

        h += "<section id=\"sites\"><h2>\(esc(l.sitesTitle))</h2><table class=\"list stack catalogue sites\"><thead><tr>"
            + "<th>\(esc(l.site))</th><th>\(esc(l.fullName))</th><th>\(esc(l.coursesHosted))</th></tr></thead><tbody>"
        for site in instance.sites {
            let hosted = instance.courses.filter { $0.inPersonSites.contains(site.id) }.count
            h += "<tr><td data-label=\"\(esc(l.site))\"><b>\(esc(x.names.site(site.id)))</b></td>"
                + "<td data-label=\"\(esc(l.fullName))\">\(esc(x.names.siteFull(site.id)))</td>"
                + "<td data-label=\"\(esc(l.coursesHosted))\">\(esc(l.courseCount(hosted)))</td></tr>"
        }
        h += "</tbody></table></section>"
        h += "<p class=\"meta noprint\">\(esc(l.printHint))</p>"

        let nav = "<a href=\"#contents\">\(esc(l.index))</a><a href=\"#sites\">\(esc(l.sitesTitle))</a>"
        return HTML.page(title: l.catalogueTitle + " — " + instance.name, language: language, root: "", nav: nav, body: h,
                         extraStyle: CatalogueBuilder.style)
    }

    /// Column widths in percent, the same in every subject's table so that columns line up down the page.
    static let columns = "<colgroup>" + [17, 10, 13, 7, 8, 12, 7, 15, 11].map { "<col style=\"width:\($0)%\">" }.joined() + "</colgroup>"

    /// The catalogue's own rules: course name over its id, a numbered contents list in columns,
    /// labelled cells when the table stacks on a phone, each table's header repeated on
    /// every printed page (A4 landscape, as the report's pages).
    static let style = """

    .intro{max-width:760px}
    ol.toc{columns:3 220px;column-gap:24px;margin:4px 0 12px;padding-left:22px}ol.toc li{break-inside:avoid;margin:0 0 3px}
    ol.toc a{color:#0b57d0;text-decoration:none}ol.toc .n{color:var(--muted);font-size:12px;white-space:nowrap}
    .subject h2,#sites h2{border-bottom:2px solid var(--line);padding-bottom:2px}
    .sid{color:var(--muted);font-size:12px;font-weight:400}
    table.catalogue.courses{table-layout:fixed}table.catalogue td,table.catalogue th{overflow-wrap:break-word}
    table.catalogue td:first-child{min-width:170px}table.catalogue .cid{display:block;color:var(--muted);font-size:.86em;font-weight:400}\
    table.catalogue .pat{display:block;font-size:.93em}
    table.catalogue td.on{color:var(--ok);font-weight:600}
    @media (max-width:720px){table.catalogue,table.catalogue tbody{display:block;width:100%}table.catalogue colgroup{display:none}\
    table.catalogue .pat{display:inline;margin-left:6px}table.catalogue td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-weight:400}\
    table.catalogue td:first-child::before{content:none}}
    @media print{body{font-size:9pt}ol.toc{columns:3}table.catalogue thead{display:table-header-group}\
    .subject h2{break-after:avoid}table.catalogue th,table.catalogue td{padding:2px 4px}}
    """
}
