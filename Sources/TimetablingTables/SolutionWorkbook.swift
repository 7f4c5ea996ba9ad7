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
        return Workbook(sheets: ordered.map { table in
            let names = sheets.first { $0.file == table.file }
            let name = names.map { language == .ru ? $0.ru : $0.en } ?? TableImport.sheetName(table.file)
            return Workbook.Sheet(name: name, rows: [table.header] + table.rows)
        })
    }
}
