import TimetablingCore
/// Renders ``DiagnosisFinding``s as sentences for people, in Russian or English.
///
/// ```swift
/// let text = DiagnosisText(.en, problem.instance)
/// Diagnosis(problem).run().forEach { print(text.line($0)) }
/// // error: courses[4]: no teacher of Chemistry in depth has 3 periods a week (t-belova 2)
/// ```
public struct DiagnosisText: Sendable {
    public let labels: Labels
    public let names: DisplayNames

    public init(_ language: ReportLanguage, _ instance: Instance) {
        labels = Labels(language)
        names = DisplayNames(instance)
    }

    private var ru: Bool { labels.language == .ru }

    /// `error: courses[4]: …` / `ошибка: courses[4]: …`.
    public func line(_ f: DiagnosisFinding) -> String {
        let sev = f.severity == .error ? labels.t("ошибка", "error") : labels.t("предупреждение", "warning")
        return "\(sev): \(f.path): \(text(f.issue))"
    }

    public func text(_ issue: DiagnosisIssue) -> String {
        let l = labels
        func course(_ id: String) -> String { "«\(names.course(id))» (\(id))" }
        func list(_ ids: [String]) -> String { ids.joined(separator: ", ") }
        switch issue {
        case let .courseNoTeacherHours(c, needed, teachers):
            let t = list(teachers.map { "\($0.teacher) \($0.max)" })
            return ru ? "курсу \(course(c)) нужно \(l.periods(needed)) в неделю, но ни у одного его педагога нет столько часов (максимум: \(t))"
                : "no teacher of \(course(c)) has \(l.periods(needed)) a week (weekly maxima: \(t))"
        case let .courseNoTeacherAllowed(c, teachers):
            return ru ? "педагоги курса \(course(c)) с нужными часами (\(list(teachers))) не могут вести его ни на его площадках, ни онлайн"
                : "the teachers of \(course(c)) with the hours (\(list(teachers))) may teach it neither at its sites nor online"
        case let .courseNoTeacherTime(c, pattern, teachers):
            let p = pattern.map(String.init).joined(separator: "+")
            return ru ? "у педагогов курса \(course(c)) (\(list(teachers))) нет свободных уроков под его занятия (\(p))"
                : "the teachers of \(course(c)) (\(list(teachers))) have no free periods for its meetings (\(p))"
        case let .studentFreePeriods(s, free, requested, requiredOnly):
            let what = requiredOnly ? l.t("обязательные запросы требуют", "required requests need") : l.t("запросы требуют", "requests need")
            return ru ? "у ученика \(s) свободно \(l.periods(free)) в неделю, а \(what) \(requested)"
                : "student \(s) has \(l.periods(free)) free a week, and the \(what) \(requested)"
        case let .studentWeeklyLimit(s, regular, requested, limit, requiredOnly):
            let what = requiredOnly ? l.t("обязательные запросы", "required requests") : l.t("все запросы", "all requests")
            return ru ? "у ученика \(s) \(l.periods(regular)) своей школы и \(requested) по запросам (\(what)): \(regular + requested) больше недельного предела \(limit)"
                : "student \(s) has \(l.periods(regular)) of regular lessons and \(requested) requested (\(what)): \(regular + requested) is above the weekly limit \(limit)"
        case let .studentRegularAboveLimit(s, grade, day, regular, limit):
            if let day {
                return ru ? "у ученика \(s) (\(grade) класс) \(l.periods(regular)) своей школы в день «\(l.dayShort(day))», больше дневного предела \(limit) для \(grade) класса: любое расписание его нарушит"
                    : "student \(s) (grade \(grade)) has \(l.periods(regular)) of regular lessons on \(l.dayShort(day)), above the daily limit \(limit) of grade \(grade): every timetable breaks it"
            }
            return ru ? "у ученика \(s) (\(grade) класс) \(l.periods(regular)) своей школы в неделю, больше недельного предела \(limit) для \(grade) класса: любое расписание его нарушит"
                : "student \(s) (grade \(grade)) has \(l.periods(regular)) of regular lessons a week, above the weekly limit \(limit) of grade \(grade): every timetable breaks it"
        case let .featureNowhere(c, features):
            return ru ? "курсу \(course(c)) нужно оснащение \(list(features)), которого нет ни в одном помещении сети"
                : "\(course(c)) needs \(list(features)), which no room of the network has"
        case let .featureNotAtSites(c, features, sites):
            return ru ? "ни в одном помещении площадок курса \(course(c)) (\(list(sites))) нет всего оснащения: \(list(features))"
                : "no room at the sites of \(course(c)) (\(list(sites))) has all of \(list(features))"
        case let .siteUnreachable(s, students):
            return ru ? "до площадки \(s) (\(names.site(s))) нельзя добраться: нет дорог, нет компьютерных мест и студии для онлайн (\(l.students(students)))"
                : "no one can reach site \(s) (\(names.site(s))): no road, no computer seats and no studio for online (\(l.students(students)))"
        case let .siteWithoutBus(s, students):
            return ru ? "ни один автобусный рейс не заходит в \(s) (\(names.site(s))): ученики этой площадки (\(students)) могут учиться только на месте или онлайн"
                : "no bus run stops at \(s) (\(names.site(s))): its \(l.students(students)) can only study there or online"
        case let .requestUnreachable(s, r, courses):
            return ru ? "запрос \(r + 1) ученика \(s) (\(list(courses))) невыполним: площадки недоступны (нет дороги или дорога длиннее допустимой), а онлайн невозможен"
                : "request \(r + 1) of student \(s) (\(list(courses))) cannot be met: the sites are out of reach (no road, or longer than the longest trip) and online is not possible"
        case let .courseDemandAboveHours(c, students, sections, periods, hours):
            return ru ? "курс \(course(c)) обязателен для \(l.studentsGenitive(students)): нужно \(l.sections(sections)), \(l.periods(periods)) в неделю, а у его педагогов всего \(hours)"
                : "\(course(c)) is required by \(l.students(students)): \(l.sections(sections)), \(l.periods(periods)) a week, but its teachers have \(hours) in all"
        case let .demandAboveHours(demand, hours, requiredOnly):
            let what = requiredOnly ? l.t("обязательные запросы", "required requests") : l.t("все запросы", "all requests")
            return ru ? "\(what) требуют \(l.periods(demand)) педагогов в неделю, а у всех педагогов сети \(hours)"
                : "\(what) need \(l.periods(demand)) of teaching a week, and all the network's teachers have \(hours)"
        case let .minimumAboveCandidates(c, candidates, minimum, requiredBy):
            return ru ? "курс \(course(c)) обязателен для \(list(requiredBy)), но пройти его могут только \(l.students(candidates)), а минимальный размер группы \(minimum)"
                : "\(course(c)) is required by \(list(requiredBy)), but only \(l.students(candidates)) can take it, and a section needs at least \(minimum)"
        }
    }
}
