import Foundation

/// Writes a ``ChangeReport`` in the formats of the reports (`docs/REPORTS.md`): `html/changes.html`
/// (one page: the changes, a table per affected person, the requests not accommodated),
/// `csv/changes.csv` (one row per change of a person), `csv/not-accommodated.csv`, and
/// `json/changes.json`.
///
/// ```swift
/// try ReportWriter.write(ChangeReportRenderer.render(report, formats: ["html", "csv"]), to: dir)
/// ```
public enum ChangeReportRenderer {
    public static func render(_ report: ChangeReport, formats: [String]) -> [ReportFile] {
        var files: [ReportFile] = []
        if formats.contains("html") { files.append(ReportFile(path: "html/changes.html", text: html(report))) }
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

    static func html(_ r: ChangeReport) -> String {
        let e = HTML.escape
        var body = "<h1>Re-plan: what changed, for whom</h1>\n"
        body += r.feasible ? "<p class=\"banner ok\">The new timetable meets every hard rule.</p>\n"
            : "<p class=\"banner bad\">The new timetable breaks hard rules (see netsched check).</p>\n"
        let s = r.summary
        body += "<p class=\"meta\"><span>\(s.studentsAffected) students affected</span><span>\(s.teachersAffected) teachers affected</span>"
            + "<span>\(s.movedEnrolments) moved enrolments</span><span>\(s.changedEnrolments) changed enrolments</span>"
            + "<span>\(s.changedTeacherPeriods) changed teacher periods</span><span>\(s.changedRoutes) changed routes</span>"
            + "<span>\(s.notAccommodated) not accommodated</span></p>\n"
        body += "<h2>Changes</h2>\n<table class=\"list\"><tr><th>#</th><th>kind</th><th></th><th>change</th><th>applied</th></tr>\n"
        for c in r.changes {
            body += "<tr><td>\(c.change)</td><td>\(e(c.kind.rawValue))</td><td>\(c.hard ? "hard" : "soft")</td><td>\(e(c.summary))</td>"
                + "<td>\(c.applied ? "yes" : e(c.reason ?? "no"))</td></tr>\n"
        }
        body += "</table>\n"
        if !r.notAccommodated.isEmpty {
            body += "<h2>Not accommodated</h2>\n<table class=\"list\"><tr><th>student</th><th>request</th><th></th><th>reason</th></tr>\n"
            for n in r.notAccommodated {
                body += "<tr><td>\(e(n.student))</td><td>\(n.request)\(n.label.map { " (" + e($0) + ")" } ?? "")</td>"
                    + "<td>\(n.required ? "required" : "elective")\(n.wasGranted ? ", was granted" : "")</td><td>\(e(n.reason))</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += "<h2>People</h2>\n"
        for p in r.people {
            body += "<h3>\(e(p.role.rawValue)) \(e(p.person))\(p.name.map { " — " + e($0) } ?? "")</h3>\n"
            body += "<table class=\"list\"><tr><th>what</th><th>when</th><th>before</th><th>now</th></tr>\n"
            for c in p.changes {
                var what = c.what
                if let course = c.course { what += " " + course }
                let when = [c.day, c.period.map { "period \($0)" }].compactMap { $0 }.joined(separator: " ")
                body += "<tr><td>\(e(what))</td><td>\(e(when))</td><td>\(e(c.old ?? "—"))</td><td>\(e(c.new ?? "—"))</td></tr>\n"
            }
            body += "</table>\n"
        }
        return HTML.page(title: "Re-plan: changes", language: .en, root: "", nav: "", body: body)
    }
}
