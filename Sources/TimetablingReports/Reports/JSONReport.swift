import Foundation
import TimetablingCore

/// Renders a ``TimetableReport`` as one JSON document, `json/report.json`: the whole model
/// (ids, clock times, numbers, structured reasons), plus the day names and the explanations as
/// sentences in the chosen language, for programs that show them to people.
///
/// ```swift
/// let file = JSONReport(report, instance: problem.instance, language: .en).file()
/// let back = try JSONDecoder().decode(JSONReport.Document.self, from: file.data)
/// ```
public struct JSONReport {
    /// The document's shape.
    public struct Document: Codable, Sendable {
        public var formatVersion: Int
        public var language: ReportLanguage
        /// Day id → its short name in the language (`tue` → `Вт`).
        public var dayNames: [String: String]
        public var report: TimetableReport
        /// Each unsatisfied request's reasons as sentences, in the order of `report.refusals`.
        public var explanations: [ExplanationText]
    }

    public struct ExplanationText: Codable, Sendable, Equatable {
        public var student: String
        public var request: Int
        public var reasons: [String]
    }

    let report: TimetableReport
    let instance: Instance
    let language: ReportLanguage

    public init(_ report: TimetableReport, instance: Instance, language: ReportLanguage) {
        self.report = report
        self.instance = instance
        self.language = language
    }

    public func document() -> Document {
        let labels = Labels(language), text = ReasonText(language, instance)
        var days: [String: String] = [:]
        for d in report.days { days[d] = labels.dayShort(d) }
        return Document(formatVersion: 1, language: language, dayNames: days, report: report,
                        explanations: report.refusals.map { ExplanationText(student: $0.student, request: $0.request, reasons: $0.reasons.map(text.text)) })
    }

    public func file() -> ReportFile {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document())) ?? Data("{}".utf8)
        return ReportFile(path: "json/report.json", data: data + Data("\n".utf8))
    }
}
