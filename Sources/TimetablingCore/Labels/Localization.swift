/// The language of everything people read: report pages, CSV headers, calendar events,
/// explanations and diagnosis findings.
///
/// Russian is the default, since it is the language of the logistics centre; English is there
/// for developers and researchers. Only labels are translated: names in the data (schools,
/// courses, teachers) are printed as the instance gives them.
///
/// ```swift
/// let l = Labels(.en)
/// l.dayShort("tue")      // "Tue"
/// Labels(.ru).dayShort("tue") // "Вт"
/// ```
public enum ReportLanguage: String, Codable, Sendable, CaseIterable {
    case ru
    case en
}

/// The localisation table: every fixed label of the reports in Russian and English, with the
/// few rules that need code (day names, Russian plural forms, period and clock formats).
public struct Labels: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    /// Picks the text of the current language.
    @inline(__always) public func t(_ ru: String, _ en: String) -> String { language == .ru ? ru : en }

    // MARK: Days

    private static let dayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let ruShort = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
    private static let enShort = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let ruLong = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]
    private static let enLong = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Position of a day id in the ISO week (0 = Monday), for the usual ids (`mon`, `monday`,
    /// `пн`, …); `nil` for ids that name no weekday.
    public static func weekday(of dayId: String) -> Int? {
        let key = dayId.lowercased()
        if let i = dayKeys.firstIndex(where: { key.hasPrefix($0) }) { return i }
        if let i = ruShort.firstIndex(where: { key.hasPrefix($0.lowercased()) }) { return i }
        return nil
    }

    /// `Вт` / `Tue`; an unusual day id is printed as it is.
    public func dayShort(_ dayId: String) -> String {
        guard let i = Labels.weekday(of: dayId) else { return dayId }
        return language == .ru ? Labels.ruShort[i] : Labels.enShort[i]
    }

    /// `Вторник` / `Tuesday`.
    public func dayLong(_ dayId: String) -> String {
        guard let i = Labels.weekday(of: dayId) else { return dayId }
        return language == .ru ? Labels.ruLong[i] : Labels.enLong[i]
    }

    // MARK: Numbers

    /// Russian plural form for `n`: `plural(2, "ученик", "ученика", "учеников")` is `ученика`.
    public static func ruPlural(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        let m100 = abs(n) % 100, m10 = abs(n) % 10
        if (11...14).contains(m100) { return many }
        if m10 == 1 { return one }
        if (2...4).contains(m10) { return few }
        return many
    }

    /// `n` and a counted noun in the current language: `count(3, ru: ("ученик", "ученика", "учеников"), en: ("student", "students"))`.
    public func count(_ n: Int, ru: (String, String, String), en: (String, String)) -> String {
        switch language {
        case .ru: return "\(n) " + Labels.ruPlural(n, ru.0, ru.1, ru.2)
        case .en: return "\(n) " + (n == 1 ? en.0 : en.1)
        }
    }

    public func students(_ n: Int) -> String { count(n, ru: ("ученик", "ученика", "учеников"), en: ("student", "students")) }
    /// After "для", "из", "у" in Russian (genitive): `1 ученика`, `3 учеников`; English as ``students(_:)``.
    public func studentsGenitive(_ n: Int) -> String { count(n, ru: ("ученика", "учеников", "учеников"), en: ("student", "students")) }
    public func sections(_ n: Int) -> String { count(n, ru: ("группа", "группы", "групп"), en: ("section", "sections")) }
    public func periods(_ n: Int) -> String { count(n, ru: ("урок", "урока", "уроков"), en: ("period", "periods")) }
    public func minutes(_ n: Int) -> String { language == .ru ? "\(n) мин" : "\(n) min" }
    public func seats(_ n: Int) -> String { count(n, ru: ("место", "места", "мест"), en: ("seat", "seats")) }

    /// `Вт, 3-й урок (10:30–11:15)` / `Tue period 3 (10:30–11:15)`.
    public func slot(day: String, period: Int, start: String, end: String) -> String {
        language == .ru
            ? "\(dayShort(day)), \(period)-й урок (\(start)–\(end))"
            : "\(dayShort(day)) period \(period) (\(start)–\(end))"
    }

    /// `3-й урок` / `period 3`.
    public func periodNumber(_ p: Int) -> String { language == .ru ? "\(p)-й урок" : "period \(p)" }

    /// A percentage with no decimals: `83 %` / `83%`.
    public func percent(_ share: Double) -> String {
        let v = Int((share * 100).rounded())
        return language == .ru ? "\(v) %" : "\(v)%"
    }

    /// A number with at most two decimals, without trailing zeros: `12`, `375.5`.
    public static func number(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        var s = String(format: "%.2f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    // MARK: Fixed labels

    public var networkReport: String { t("Расписание сети", "Network timetable") }
    public var summary: String { t("Сводка по сети", "Network summary") }
    public var studentsTitle: String { t("Ученики", "Students") }
    public var teachersTitle: String { t("Педагоги", "Teachers") }
    public var roomsTitle: String { t("Помещения", "Rooms") }
    public var sitesTitle: String { t("Площадки", "Sites") }
    public var transportTitle: String { t("Подвоз", "Transport") }
    public var coursesTitle: String { t("Курсы и группы", "Courses and sections") }
    public var refusalsTitle: String { t("Неудовлетворённые запросы", "Unsatisfied requests") }
    public var index: String { t("Оглавление", "Contents") }
    public var student: String { t("Ученик", "Student") }
    public var teacher: String { t("Педагог", "Teacher") }
    public var room: String { t("Помещение", "Room") }
    public var site: String { t("Площадка", "Site") }
    public var course: String { t("Курс", "Course") }
    public var section: String { t("Группа", "Section") }
    public var grade: String { t("Класс", "Grade") }
    public var homeSchool: String { t("Своя школа", "Home school") }
    public var day: String { t("День", "Day") }
    public var period: String { t("Урок", "Period") }
    public var time: String { t("Время", "Time") }
    public var trips: String { t("Поездки", "Trips") }
    public var noTrips: String { t("без поездок", "no trips") }
    public var regularLesson: String { t("Урок своей школы", "Regular lesson") }
    public var ownSchoolLesson: String { t("Уроки в своей школе", "Own-school lesson") }
    public var online: String { t("онлайн", "online") }
    public var inPerson: String { t("очно", "in person") }
    public var fromHome: String { t("из дома", "from home") }
    public var travelling: String { t("в пути", "travelling") }
    public var free: String { t("свободно", "free") }
    public var waitingAt: String { t("ожидание", "waiting") }
    public var bus: String { t("автобус", "bus") }
    public var road: String { t("по дороге", "by road") }
    public var depart: String { t("Отправление", "Departs") }
    public var arrive: String { t("Прибытие", "Arrives") }
    public var from: String { t("Откуда", "From") }
    public var to: String { t("Куда", "To") }
    public var passengers: String { t("Пассажиры", "Passengers") }
    public var vehicle: String { t("Транспорт", "Vehicle") }
    public var vehicleTrips: String { t("Рейсов транспорта", "Vehicle trips") }
    public var passengerMinutes: String { t("Пассажиро-минут", "Passenger-minutes") }
    public var minutesLabel: String { t("Минут", "Minutes") }
    public var requests: String { t("Запросы (ИУП)", "Requests (curriculum)") }
    public var request: String { t("Запрос", "Request") }
    public var required: String { t("обязательный", "required") }
    public var elective: String { t("по выбору", "elective") }
    public var granted: String { t("выполнен", "granted") }
    public var notGranted: String { t("не выполнен", "not granted") }
    public var why: String { t("Почему", "Why") }
    public var engineSaid: String { t("Движок", "Engine") }
    public var enrolled: String { t("Записаны", "Enrolled") }
    public var size: String { t("Состав", "Size") }
    public var meetings: String { t("Занятия", "Meetings") }
    public var mode: String { t("Формат", "Mode") }
    public var joinsFrom: String { t("Подключение", "Joins from") }
    public var capacity: String { t("Мест", "Capacity") }
    public var computerSeats: String { t("Компьютерных мест", "Computer seats") }
    public var features: String { t("Оснащение", "Features") }
    public var regularUse: String { t("Занято своей школой", "Used by the school") }
    public var onlineJoiners: String { t("Подключаются онлайн", "Joining online") }
    public var weeklyLoad: String { t("Нагрузка в сети", "Network load") }
    public var teacherHours: String { t("Часы педагогов", "Teacher hours") }
    public var objective: String { t("Целевая функция", "Objective") }
    public var term: String { t("Слагаемое", "Term") }
    public var value: String { t("Значение", "Value") }
    public var weight: String { t("Вес", "Weight") }
    public var cost: String { t("Стоимость", "Cost") }
    public var total: String { t("Итого", "Total") }
    public var feasible: String { t("Расписание допустимо: все жёсткие правила выполнены", "Feasible: every hard rule holds") }
    public var notFeasible: String { t("Расписание НЕ допустимо", "NOT feasible") }
    public var violations: String { t("Нарушения", "Violations") }
    public var bySchool: String { t("По школам", "By school") }
    public var byKind: String { t("По видам запросов", "By kind of request") }
    public var onlineShare: String { t("Доля онлайн", "Online share") }
    public var sections: String { t("Группы", "Sections") }
    public var enrolments: String { t("Зачисления", "Enrolments") }
    public var studentTravel: String { t("Ученики в пути", "Student travel") }
    public var teacherTravel: String { t("Педагоги в пути", "Teacher travel") }
    public var legs: String { t("Переездов", "Legs") }
    public var satisfied: String { t("выполнено", "satisfied") }
    public var allRequests: String { t("Все запросы", "All requests") }
    public var requiredRequests: String { t("Обязательные", "Required") }
    public var electiveRequests: String { t("По выбору", "Elective") }
    public var level: String { t("Уровень", "Level") }
    public var weeklyPeriods: String { t("Уроков в неделю", "Periods a week") }
    public var minMaxSize: String { t("Размер группы", "Group size") }
    public var askedBy: String { t("Запросили", "Requested by") }
    public var printHint: String { t("Страницы рассчитаны на печать (A4, альбомная).", "Pages are made to print (A4 landscape).") }
    public var generatedFor: String { t("Экземпляр", "Instance") }
    public var engine: String { t("Движок", "Engine") }
    public var person: String { t("Кто", "Who") }
    public var role: String { t("Роль", "Role") }
    public var roleStudent: String { t("ученик", "student") }
    public var roleTeacher: String { t("педагог", "teacher") }
    public var arrivalsDepartures: String { t("Приезды и отъезды", "Arrivals and departures") }
    public var hostedHere: String { t("Занятия на площадке", "Lessons at the site") }
    public var none: String { t("нет", "none") }
    public var stops: String { t("Остановки", "Stops") }
    public var gradeShort: String { t("кл.", "gr.") }

    public func levelName(_ level: Course.Level) -> String {
        switch level {
        case .basic: t("базовый", "basic")
        case .inDepth: t("углублённый", "in depth")
        case .elective: t("элективный", "elective")
        }
    }

    public func modeName(_ mode: DeliveryMode) -> String { mode == .online ? online : inPerson }

    /// Human names of the objective's terms (RULES.md).
    public func termName(_ term: SoftTerm) -> String {
        switch term {
        case .unmetElective: t("Невыполненные запросы по выбору", "Unmet elective requests")
        case .alternativeRank: t("Выдана не первая альтернатива", "Later alternatives granted")
        case .studentTravelMinutes: t("Минуты учеников в пути", "Student minutes on the road")
        case .siteChanges: t("Переезды учеников", "Student site changes")
        case .teacherTravelMinutes: t("Минуты педагогов в пути", "Teacher minutes on the road")
        case .studentGaps: t("«Окна» учеников", "Student gaps")
        case .teacherGaps: t("«Окна» педагогов", "Teacher gaps")
        case .sections: t("Открытые группы", "Sections opened")
        case .teacherPeriods: t("Часы педагогов", "Teacher periods")
        case .vehicleTrips: t("Рейсы транспорта", "Vehicle trips")
        case .onlineEnrolments: t("Онлайн-зачисления", "Online enrolments")
        case .sizeImbalance: t("Неравные группы", "Section size imbalance")
        case .consecutiveDays: t("Занятия в соседние дни", "Meetings on adjacent days")
        case .movedEnrolments: t("Перенесённые зачисления (перепланирование)", "Moved enrolments (re-planning)")
        case .changedEnrolments: t("Смена педагога или кабинета (перепланирование)", "Another teacher or room (re-planning)")
        case .changedTeacherPeriods: t("Изменённые уроки педагогов (перепланирование)", "Changed teacher periods (re-planning)")
        case .changedRoutes: t("Изменённые маршруты (перепланирование)", "Changed routes (re-planning)")
        }
    }
}
