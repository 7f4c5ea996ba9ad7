import Foundation
import TimetablingCore
import TimetablingEngines
import TimetablingReports

/// Writes a ``ChangeReport`` in the formats of the reports (`docs/REPORTS.md`): `html/changes.html`
/// (one page: the changes, a table per affected person, the requests not accommodated),
/// `csv/changes.csv` (one row per change of a person), `csv/not-accommodated.csv`, and
/// `json/changes.json`.
///
/// The page's labels, the summaries of the changes and the reasons are in Russian or English
/// (`language`, through ``ChangeReport/localized(_:)``; the JSON then has `"language"`); the old
/// and new states are written with the instance's ids, days and times as in the solution files.
///
/// ```swift
/// try ReportWriter.write(ChangeReportRenderer.render(report, formats: ["html", "csv"], language: .ru), to: dir)
/// ```
public enum ChangeReportRenderer {
    public static func render(_ report: ChangeReport, formats: [String], language: ReportLanguage = .en) -> [ReportFile] {
        let report = report.localized(language)
        var files: [ReportFile] = []
        if formats.contains("html") { files.append(ReportFile(path: "html/changes.html", text: html(report, Labels(language)))) }
        if formats.contains("csv") {
            var rows: [[String]] = []
            for p in report.people {
                for c in p.changes {
                    rows.append([p.role.rawValue, p.person, p.name ?? "", c.what, c.request.map(String.init) ?? "", c.course ?? "",
                                 c.day ?? "", c.period.map(String.init) ?? "", c.old ?? "", c.new ?? ""])
                }
            }
            files.append(ReportFile(path: "csv/changes.csv", data: CSVReport.table(
                ["role", "person", "name", "what", "request", "course", "day", "period", "old", "new"], rows)))
            files.append(ReportFile(path: "csv/not-accommodated.csv", data: CSVReport.table(
                ["student", "request", "label", "required", "was granted", "reason"],
                report.notAccommodated.map { [$0.student, String($0.request), $0.label ?? "", $0.required ? "yes" : "no",
                                              $0.wasGranted ? "yes" : "no", $0.reason] })))
        }
        if formats.contains("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(report) { files.append(ReportFile(path: "json/changes.json", data: data)) }
        }
        return files
    }

    static func html(_ r: ChangeReport, _ l: Labels) -> String {
        let e = { Escaping.xml($0) }
        let title = l.t("Перепланирование: что изменилось и для кого", "Re-plan: what changed, for whom")
        var body = "<h1>\(e(title))</h1>\n"
        body += r.feasible ? "<p class=\"banner ok\">\(e(l.t("Новое расписание выполняет все обязательные правила.", "The new timetable meets every hard rule.")))</p>\n"
            : "<p class=\"banner bad\">\(e(l.t("Новое расписание нарушает обязательные правила (см. netsched check).", "The new timetable breaks hard rules (see netsched check).")))</p>\n"
        let s = r.summary
        let facts: [(Int, String, String)] = [
            (s.studentsAffected, "учеников затронуто", "students affected"), (s.teachersAffected, "педагогов затронуто", "teachers affected"),
            (s.movedEnrolments, "зачислений перенесено", "moved enrolments"), (s.changedEnrolments, "зачислений изменено", "changed enrolments"),
            (s.changedTeacherPeriods, "часов педагогов изменено", "changed teacher periods"), (s.changedRoutes, "маршрутов изменено", "changed routes"),
            (s.notAccommodated, "запросов не удовлетворено", "not accommodated"),
        ]
        body += "<p class=\"meta\">" + facts.map { "<span>\($0.0) \(e(l.t($0.1, $0.2)))</span>" }.joined() + "</p>\n"
        body += "<h2>\(e(l.t("Изменения", "Changes")))</h2>\n<table class=\"list\"><tr><th>#</th><th>\(e(l.t("вид", "kind")))</th><th></th>"
            + "<th>\(e(l.t("изменение", "change")))</th><th>\(e(l.t("применено", "applied")))</th></tr>\n"
        for c in r.changes {
            body += "<tr><td>\(c.change)</td><td>\(e(c.kind.rawValue))</td><td>\(e(c.hard ? l.t("жёсткое", "hard") : l.t("мягкое", "soft")))</td>"
                + "<td>\(e(c.summary))</td><td>\(c.applied ? e(l.t("да", "yes")) : e(c.reason ?? l.t("нет", "no")))</td></tr>\n"
        }
        body += "</table>\n"
        if !r.notAccommodated.isEmpty {
            body += "<h2>\(e(l.t("Не удалось удовлетворить", "Not accommodated")))</h2>\n<table class=\"list\"><tr><th>\(e(l.t("ученик", "student")))</th>"
                + "<th>\(e(l.t("запрос", "request")))</th><th></th><th>\(e(l.t("причина", "reason")))</th></tr>\n"
            for n in r.notAccommodated {
                let kind = n.required ? l.t("обязательный", "required") : l.t("по выбору", "elective")
                body += "<tr><td>\(e(n.student))</td><td>\(n.request)\(n.label.map { " (" + e($0) + ")" } ?? "")</td>"
                    + "<td>\(e(kind))\(n.wasGranted ? e(l.t(", был выполнен", ", was granted")) : "")</td><td>\(e(n.reason))</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += "<h2>\(e(l.t("Люди", "People")))</h2>\n"
        for p in r.people {
            let role = p.role == .student ? l.t("ученик", "student") : l.t("педагог", "teacher")
            body += "<h3>\(e(role)) \(e(p.person))\(p.name.map { " — " + e($0) } ?? "")</h3>\n"
            body += "<table class=\"list\"><tr><th>\(e(l.t("что", "what")))</th><th>\(e(l.t("когда", "when")))</th>"
                + "<th>\(e(l.t("было", "before")))</th><th>\(e(l.t("стало", "now")))</th></tr>\n"
            for c in p.changes {
                var what: String
                switch c.what {
                case "enrolment": what = l.t("зачисление", "enrolment")
                case "lesson": what = l.t("занятие", "lesson")
                case "route": what = l.t("маршрут", "route")
                default: what = c.what
                }
                if let course = c.course { what += " " + course }
                let when = [c.day, c.period.map { l.t("урок \($0)", "period \($0)") }].compactMap { $0 }.joined(separator: " ")
                body += "<tr><td>\(e(what))</td><td>\(e(when))</td><td>\(e(c.old ?? "—"))</td><td>\(e(c.new ?? "—"))</td></tr>\n"
            }
            body += "</table>\n"
        }
        return HTML.page(title: title, language: l.language, root: "", nav: "", body: body)
    }
}
