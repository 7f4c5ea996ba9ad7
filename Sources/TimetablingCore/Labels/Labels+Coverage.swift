/// Labels of the coverage table (``Coverage``): how many senior students follow an individual
/// curriculum granted in full, against the network's target.
extension Labels {
    public var coverageTitle: String { t("Охват индивидуальными учебными планами", "Coverage by individual curricula") }
    public var coverageRule: String {
        t("Учитывается ученик, у которого выполнены все обязательные запросы ИУП и есть хотя бы один курс сети.",
          "A student counts when every required request of the curriculum is granted and at least one network course is.")
    }
    public var school: String { t("Школа", "School") }
    public var network: String { t("Сеть", "Network") }
    public var studentsInInstance: String { t("Учеников в расчёте", "Students in the instance") }
    public var coveredStudents: String { t("ИУП выполнен полностью", "Curriculum granted in full") }
    public var seniorHeadcount: String { t("Старшеклассников в школе", "Senior students of the school") }
    public var coverageShare: String { t("Доля", "Share") }
    public var coverageTarget: String { t("Цель", "Target") }
    public var targetMet: String { t("достигнута", "met") }
    public var targetNotMet: String { t("не достигнута", "not met") }
    public var coverageBasisTitle: String { t("Доля от", "Share of") }
    /// What a share is measured against (``Coverage/Basis``).
    public func coverageBasis(_ basis: Coverage.Basis) -> String {
        switch basis {
        case .headcount: t("старшеклассников школы", "senior students of the school")
        case .instanceStudents: t("учеников в расчёте", "students in the instance")
        case .mixed: t("старшеклассников, где указано, иначе учеников в расчёте", "senior students where given, else students in the instance")
        }
    }
    /// The headcount cell of a school that gives none.
    public var noHeadcount: String { t("не указано: доля от учеников в расчёте", "not given: share of the students in the instance") }
    /// The note under the title when no school gives a headcount.
    public var noHeadcounts: String {
        t("Численность старшеклассников школ не указана (sites[].seniorStudents): доля — от учеников в расчёте.",
          "No school gives its number of senior students (sites[].seniorStudents): shares are of the students in the instance.")
    }
    /// The network's headcount cell when only some schools give one.
    public func partialHeadcount(_ n: Int, schoolsWithout: Int) -> String {
        language == .ru
            ? "\(n); у \(schoolsWithout) " + Labels.ruPlural(schoolsWithout, "школы", "школ", "школ") + " не указано"
            : "\(n); not given for \(schoolsWithout) " + (schoolsWithout == 1 ? "school" : "schools")
    }
    /// `Цель сети: 30 % старшеклассников` / `Network target: 30% of senior students`; without one, says so.
    public func networkTarget(_ target: Double?) -> String {
        guard let target else { return t("Цель сети не задана (coverageTarget).", "No network target given (coverageTarget).") }
        return t("Цель сети: \(percentOne(target)) старшеклассников.", "Network target: \(percentOne(target)) of senior students.")
    }

    /// A percentage with one decimal, so that a share just below a target does not round onto it:
    /// `29,6 %` / `29.6%`.
    public func percentOne(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        let text = "\(tenths / 10)" + (language == .ru ? "," : ".") + "\(abs(tenths % 10))"
        return language == .ru ? text + " %" : text + "%"
    }
}
