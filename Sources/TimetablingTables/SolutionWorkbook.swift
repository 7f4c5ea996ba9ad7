import Foundation
import TimetablingCore
import TimetablingReports

/// A solution as one workbook for the logistics centre: the tables of the CSV report
/// (``CSVReport``), one sheet each, named in the report's language and in the order people read
/// them: the summary, schools and coverage, requests with the reasons of every refusal, the weekly
/// timetables of students, teachers and rooms, sections and enrolments, transport and trips,
/// teachers' hours and the objective.
///
/// ```swift
/// let book = SolutionWorkbook.workbook(report, instance: problem.instance, language: .ru)
/// try book.xlsx().write(to: url)
/// ```
public enum SolutionWorkbook {
    /// CSV file → sheet name in Russian and English, in the workbook's order.
    static let sheets: [(file: String, ru: String, en: String)] = [
        ("summary.csv", "Итоги", "Summary"),
        ("schools.csv", "Школы", "Schools"),
        ("coverage.csv", "Охват ИУП", "Coverage"),
        ("requests.csv", "Запросы и отказы", "Requests and refusals"),
        ("student_week.csv", "Расписание учеников", "Student timetables"),
        ("teacher_week.csv", "Расписание учителей", "Teacher timetables"),
        ("room_week.csv", "Расписание кабинетов", "Room timetables"),
        ("sections.csv", "Группы", "Sections"),
        ("enrolments.csv", "Зачисления", "Enrolments"),
        ("transport.csv", "Подвоз", "Transport"),
        ("trips.csv", "Поездки", "Trips"),
        ("teacher_hours.csv", "Нагрузка учителей", "Teacher hours"),
        ("objective.csv", "Целевая функция", "Objective"),
    ]

    public static func workbook(_ report: TimetableReport, instance: Instance, language: ReportLanguage) -> Workbook {
        let tables = CSVReport(report, instance: instance, language: language).tables()
        func rank(_ file: String) -> Int { sheets.firstIndex { $0.file == file } ?? sheets.count }
        let ordered = tables.enumerated().sorted { (rank($0.element.file), $0.offset) < (rank($1.element.file), $1.offset) }.map(\.element)
        var out = ordered.map { table in
            let names = sheets.first { $0.file == table.file }
            let name = names.map { language == .ru ? $0.ru : $0.en } ?? TableImport.sheetName(table.file)
            return Workbook.Sheet(name: name, rows: [table.header] + table.rows)
        }
        // Printable weekly grids after the room timetables: one block per student and per teacher.
        let ru = language == .ru
        let at = out.firstIndex { $0.name == (ru ? "Расписание кабинетов" : "Room timetables") }.map { $0 + 1 } ?? out.count
        var grids: [Workbook.Sheet] = []
        if let t = tables.first(where: { $0.file == "student_week.csv" }) {
            grids.append(Workbook.Sheet(name: ru ? "Сетка учеников" : "Student grids", rows: grid(t, language), header: false))
        }
        if let t = tables.first(where: { $0.file == "teacher_week.csv" }) {
            grids.append(Workbook.Sheet(name: ru ? "Сетка учителей" : "Teacher grids", rows: grid(t, language), header: false))
        }
        out.insert(contentsOf: grids, at: at)
        return Workbook(sheets: out)
    }

    /// A weekly grid per person from a `…_week.csv` table (person, day, period, start, end, what,
    /// course, section, …): the person's id, then a row of days, then a row per period with its
    /// times and, per day, what the person has then — the course with its site and room, or the
    /// kind (a lesson at school, travelling); several things in one period are joined with ` / `.
    static func grid(_ table: CSVReport.Table, _ language: ReportLanguage) -> [[String]] {
        let isStudent = table.file == "student_week.csv"
        // Columns of the site and room: student_week has the teacher before them.
        let site = isStudent ? 9 : 8, room = isStudent ? 10 : 9
        var days: [String] = [], periods: [(String, String, String)] = []
        var people: [String] = [], cells: [String: [String: [String: [String]]]] = [:]
        let labels = Labels(language)
        let free = labels.free, online = labels.online
        for r in table.rows where r.count > room {
            if !days.contains(r[1]) { days.append(r[1]) }
            if !periods.contains(where: { $0.0 == r[2] }) { periods.append((r[2], r[3], r[4])) }
            if cells[r[0]] == nil { people.append(r[0]) }
            guard r[5] != free else {
                if cells[r[0]] == nil { cells[r[0]] = [:] }
                continue
            }
            // Online: the student joins from elsewhere, so the teacher's studio is no place to show.
            let place = r[5] == online ? r[5] : [r[site], r[room]].filter { !$0.isEmpty }.joined(separator: ", ")
            let what = r[6].isEmpty ? r[5] : r[6] + (place.isEmpty ? "" : " (\(place))")
            cells[r[0], default: [:]][r[2], default: [:]][r[1], default: []].append(what)
        }
        periods.sort { (Int($0.0) ?? 0) < (Int($1.0) ?? 0) }
        var rows: [[String]] = []
        for p in people {
            rows.append([p])
            let lang: InstanceTables.Language = language == .ru ? .ru : .en
            rows.append([language == .ru ? "Урок" : "Period", language == .ru ? "Время" : "Time"] + days.map { Cells.day($0, lang) })
            for (n, start, end) in periods {
                rows.append([n, start + "–" + end] + days.map { d in (cells[p]?[n]?[d] ?? []).joined(separator: " / ") })
            }
            rows.append([])
        }
        return rows
    }
}
