import TimetablingCore
/// Renders a ``TimetableReport`` in one of the ``ReportFormat``s.
///
/// ```swift
/// let report = try TimetableReport(problem: problem, solution: solution)
/// let options = ReportOptions(language: .en, term: .init(start: DateOnly("2025-09-01")!, end: DateOnly("2025-12-26")!))
/// let files = ReportFormat.allCases.flatMap { ReportRenderer.render(report, instance: problem.instance, format: $0, options: options) }
/// try ReportWriter.write(files, to: URL(fileURLWithPath: "out"))
/// ```
public enum ReportRenderer {
    public static func render(_ report: TimetableReport, instance: Instance, format: ReportFormat, options: ReportOptions) -> [ReportFile] {
        switch format {
        case .html: HTMLReport(report, instance: instance, language: options.language).files()
        case .csv: CSVReport(report, instance: instance, language: options.language).files()
        case .ics: ICalendarReport(report, instance: instance, options: options).files()
        case .json: [JSONReport(report, instance: instance, language: options.language).file()]
        }
    }
}
