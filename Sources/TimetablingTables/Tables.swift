import Foundation
import TimetablingCore

/// The instance as a folder of CSV tables, one file per entity (`docs/TABLES.md`).
///
/// ``TableExport`` writes the folder, ``TableImport`` reads it back (with the encodings and
/// delimiters that Excel and LibreOffice save) and reports every problem at once with its file,
/// row and column.
public enum InstanceTables {
    /// The language of headers, parameter names, yes/no and enumerated values.
    public enum Language: String, Sendable, CaseIterable {
        case ru, en
    }

    /// One column of a table: the header in both languages, what it holds, and whether it must be present.
    public struct Column: Sendable {
        /// The English header: the instance JSON field the column holds.
        public var key: String
        public var ru: String
        public var meaningRU: String
        public var meaningEN: String
        public var required: Bool

        public func header(_ language: Language) -> String { language == .ru ? ru : key }
    }

    /// One file of the folder.
    public struct Table: Sendable {
        public var file: String
        public var columns: [Column]
        /// Key-value tables (general, hygiene, defaults, weights) list parameters as rows.
        public var parameters: [Column]
        /// A table that may be left out (the locks): a missing file or sheet reads as empty.
        public var optional = false

        public func column(_ key: String) -> Column? { columns.first { $0.key == key } }
    }

    static func c(_ key: String, _ ru: String, _ meaningRU: String, _ meaningEN: String, required: Bool = false) -> Column {
        Column(key: key, ru: ru, meaningRU: meaningRU, meaningEN: meaningEN, required: required)
    }

    static let keyValueColumns = [
        c("parameter", "параметр", "имя параметра (по-русски или по-английски)", "the parameter's name (Russian or English)", required: true),
        c("value", "значение", "значение; пусто — по умолчанию", "the value; empty: the default", required: true),
        c("meaning", "пояснение", "пояснение (при чтении не используется)", "what the parameter means (not read back)"),
    ]

    public static let general = Table(file: "general.csv", columns: keyValueColumns, parameters: [
        c("formatVersion", "версия формата", "версия формата данных (1)", "version of the instance format (1)", required: true),
        c("name", "название", "название набора данных", "name of the instance", required: true),
        c("description", "описание", "описание (необязательно)", "description (optional)"),
        c("days", "дни", "учебные дни недели по порядку, список через «;»: Пн;Вт;Ср;Чт;Пт", "school days in order, a list: Mon;Tue;Wed;Thu;Fri", required: true),
        c("transportMode", "режим подвоза", "«время в пути» или «рейсы»; пусто — рейсы, если они есть", "travelTimes or busRuns; empty: busRuns when bus runs are listed", required: false),
        c("coverageTarget", "целевой охват", "целевая доля старшеклассников с ИУП, 0–1; пусто — нет", "target share of senior students with an individual curriculum, 0–1; empty: none"),
    ])

    public static let periods = Table(file: "periods.csv", columns: [
        c("number", "урок", "номер урока в дне: 1, 2, …", "period number in the day: 1, 2, …", required: true),
        c("start", "начало", "время начала, 08:30", "start time, 08:30", required: true),
        c("end", "конец", "время окончания, 09:15", "end time, 09:15", required: true),
    ], parameters: [])

    public static let sites = Table(file: "sites.csv", columns: [
        c("id", "код", "код площадки (школа, филиал, партнёр)", "site id (school, branch, partner)", required: true),
        c("name", "название", "название", "name"),
        c("kind", "тип", "тип: main, branch, small-school, partner, college, technopark, centre", "kind: main, branch, small-school, partner, college, technopark, centre"),
        c("locality", "населённый пункт", "населённый пункт", "locality"),
        c("seniorStudents", "старшеклассников", "всего старшеклассников школы (для охвата); пусто — не указано", "all senior students of the school (for coverage); empty: not given"),
    ], parameters: [])

    public static let travel = Table(file: "travel.csv", columns: [
        c("from", "откуда", "код площадки отправления", "site travelled from", required: true),
        c("to", "куда", "код площадки назначения", "site travelled to", required: true),
        c("minutes", "минут", "время в пути по дороге, минут; пары без строки — дороги нет", "minutes by road; a pair without a row has no road", required: true),
    ], parameters: [])

    public static let busRuns = Table(file: "bus-runs.csv", columns: [
        c("id", "код", "код рейса", "bus run id", required: true),
        c("days", "дни", "дни, по которым ходит рейс, список: Пн;Ср", "days the run goes, a list: Mon;Wed", required: true),
        c("seats", "мест", "мест в автобусе", "seats", required: true),
    ], parameters: [])

    public static let busStops = Table(file: "bus-stops.csv", columns: [
        c("run", "рейс", "код рейса; остановки рейса идут по порядку строк", "bus run id; a run's stops in row order", required: true),
        c("site", "площадка", "код площадки остановки", "site of the stop", required: true),
        c("time", "время", "время отправления от остановки, 07:40", "time the bus leaves the stop, 07:40", required: true),
    ], parameters: [])

    static let busyColumn = c("busy", "занятость", "занятые уроки: «Пн 1-3,5; Вт 2» (день, номера уроков и диапазоны)", "busy periods: \"Mon 1-3,5; Tue 2\" (day, period numbers and ranges)")

    public static let rooms = Table(file: "rooms.csv", columns: [
        c("id", "код", "код помещения", "room id", required: true),
        c("site", "площадка", "код площадки", "site id", required: true),
        c("name", "название", "название", "name"),
        c("capacity", "мест", "вместимость, человек", "capacity, people", required: true),
        c("features", "оснащение", "оснащение, список: lab;computers", "features, a list: lab;computers"),
        c("computerSeats", "компьютерных мест", "мест для онлайн-уроков учеников этой площадки", "computer seats for online lessons of the site's students"),
        busyColumn,
    ], parameters: [])

    public static let classes = Table(file: "classes.csv", columns: [
        c("id", "код", "код класса", "class id", required: true),
        c("site", "площадка", "код площадки (школы)", "site (school) id", required: true),
        c("grade", "параллель", "параллель (класс обучения), 10", "grade, 10"),
        c("students", "учеников", "всего учеников класса; пусто — не указано", "all students of the class; empty: not given"),
        c("busy", "занятость", "уроки обычного расписания класса: «Пн 1-6; Вт 1-6»", "periods of the class's regular timetable: \"Mon 1-6; Tue 1-6\""),
    ], parameters: [])

    public static let teachers = Table(file: "teachers.csv", columns: [
        c("id", "код", "код учителя", "teacher id", required: true),
        c("name", "имя", "ФИО", "name"),
        c("homeSite", "основная площадка", "код площадки, где учитель работает", "home site id", required: true),
        c("subjects", "предметы", "предметы, список: chemistry;biology", "subjects, a list: chemistry;biology"),
        c("courses", "курсы", "курсы (коды), список", "courses (ids), a list"),
        c("maxWeeklyPeriods", "уроков в неделю", "наибольшее число сетевых уроков в неделю", "most network periods a week", required: true),
        busyColumn,
        c("mayTravel", "может ездить", "да/нет", "yes/no"),
        c("travelSites", "куда может ездить", "площадки, список; пусто — любые по дороге; «-» — никуда", "sites, a list; empty: any by road; \"-\": none"),
        c("mayTeachOnline", "может вести онлайн", "да/нет", "yes/no"),
        c("latestReturn", "вернуться до", "время возвращения на основную площадку, 17:00; пусто — без ограничения", "time to be back at the home site, 17:00; empty: no limit"),
        c("maxOneWayMinutes", "поездка до, минут", "самая долгая поездка в одну сторону; пусто — без ограничения", "longest one-way trip; empty: no limit"),
    ], parameters: [])

    public static let courses = Table(file: "courses.csv", columns: [
        c("id", "код", "код курса", "course id", required: true),
        c("name", "название", "название", "name"),
        c("subject", "предмет", "предмет", "subject", required: true),
        c("level", "уровень", "базовый, углублённый или элективный", "basic, inDepth or elective"),
        c("pattern", "занятия", "длины занятий недели в уроках, список: 1;1;1 или 2", "lengths of the weekly meetings in periods, a list: 1;1;1 or 2", required: true),
        c("distinctDays", "в разные дни", "да/нет: занятия группы в разные дни", "yes/no: a section's meetings on different days"),
        c("minSize", "мин. группа", "наименьшая группа", "smallest section", required: false),
        c("maxSize", "макс. группа", "наибольшая группа", "largest section", required: true),
        c("grades", "параллели", "параллели, список: 10;11; пусто — любые", "grades, a list: 10;11; empty: any"),
        c("inPersonSites", "очно на площадках", "площадки очных занятий, список", "sites of in-person teaching, a list"),
        c("online", "онлайн", "да/нет: можно вести онлайн", "yes/no: may be taught online"),
        c("roomFeatures", "оснащение", "нужное оснащение помещения, список", "room features needed, a list"),
        c("teachers", "учителя", "учителя (коды), список", "teachers (ids), a list"),
        c("maxSections", "макс. групп", "наибольшее число групп; пусто — без ограничения", "most sections; empty: no limit"),
        c("onlineMeetings", "онлайн-занятия", "очно-заочный курс: номера занятий из «занятия» (с 1), которые очная группа проводит онлайн, список: 2;3; пусто — все очно",
          "blended course: numbers (from 1) of the meetings of the pattern an in-person section holds online, a list: 2;3; empty: all in person"),
    ], parameters: [])

    public static let students = Table(file: "students.csv", columns: [
        c("id", "код", "код ученика", "student id", required: true),
        c("name", "имя", "имя", "name"),
        c("grade", "параллель", "параллель, 10 или 11", "grade, 10 or 11", required: true),
        c("homeSite", "школа", "код площадки, где учится", "home site id", required: true),
        c("class", "класс", "код класса (его расписание делает ученика занятым)", "class id (its timetable makes the student busy)"),
        c("busy", "занятость", "собственная занятость ученика: «Ср 7-8»", "the student's own busy periods: \"Wed 7-8\""),
        c("online", "онлайн", "да/нет; пусто — как в defaults.csv", "yes/no; empty: as defaults.csv says"),
        c("onlineFromHome", "онлайн из дома", "да/нет: онлайн-уроки из дома, а не из компьютерного класса", "yes/no: online lessons from home, not a computer room"),
        c("latestReturn", "вернуться до", "время возвращения домой; пусто — как в defaults.csv", "time to be back home; empty: as defaults.csv says"),
        c("maxOneWayMinutes", "поездка до, минут", "самая долгая поездка; пусто — как в defaults.csv", "longest trip; empty: as defaults.csv says"),
    ], parameters: [])

    public static let requests = Table(file: "requests.csv", columns: [
        c("student", "ученик", "код ученика", "student id", required: true),
        c("number", "№", "номер запроса ученика: 1, 2, …", "the student's request number: 1, 2, …", required: true),
        c("id", "код", "код запроса (необязательно)", "request id (optional)"),
        c("weight", "вес", "важность запроса, 1", "importance of the request, 1"),
        c("required", "обязательный", "да/нет: часть профиля, которую нельзя не выполнить", "yes/no: part of the profile, must be met"),
    ], parameters: [])

    public static let alternatives = Table(file: "alternatives.csv", columns: [
        c("student", "ученик", "код ученика", "student id", required: true),
        c("request", "№ запроса", "номер запроса в requests.csv; варианты по порядку строк, лучший первым", "request number in requests.csv; alternatives in row order, best first", required: true),
        c("course", "курс", "код курса", "course id", required: true),
        c("mode", "формат", "очно или онлайн; пусто — любой", "inPerson or online; empty: any"),
        c("site", "площадка", "площадка очного занятия; пусто — любая", "site of in-person attendance; empty: any"),
    ], parameters: [])

    public static let hygiene = Table(file: "hygiene.csv", columns: keyValueColumns, parameters: [
        c("maxLessonsPerDay", "уроков в день", "уроков в день для всех параллелей; пусто — по СанПиН", "lessons a day for every grade; empty: SanPiN by grade"),
        c("maxLessonsPerWeek", "уроков в неделю", "уроков в неделю для всех параллелей; пусто — по СанПиН", "lessons a week for every grade; empty: SanPiN by grade"),
        c("maxOnlineLessonsPerDay", "онлайн-уроков в день", "онлайн-уроков в день", "online lessons a day"),
    ])

    public static let hygieneGrades = Table(file: "hygiene-grades.csv", columns: [
        c("grades", "параллели", "параллели строки, список: 10;11", "grades of the row, a list: 10;11", required: true),
        c("maxLessonsPerDay", "уроков в день", "уроков в день; пусто — как без строки", "lessons a day; empty: as without the row"),
        c("maxLessonsPerWeek", "уроков в неделю", "уроков в неделю; пусто — как без строки", "lessons a week; empty: as without the row"),
    ], parameters: [])

    public static let defaults = Table(file: "defaults.csv", columns: keyValueColumns, parameters: [
        c("maxOneWayMinutes", "поездка до, минут", "самая долгая поездка ученика в одну сторону, минут", "a student's longest one-way trip, minutes"),
        c("latestReturn", "вернуться до", "время возвращения учеников домой; пусто — без ограничения", "time students must be back home; empty: no limit"),
        c("studentOnline", "онлайн", "да/нет: ученики могут заниматься онлайн", "yes/no: students may attend online"),
    ])

    public static let weights = Table(file: "weights.csv", columns: keyValueColumns, parameters: [
        c("unmetElective", "невыполненный запрос", "за невыполненный необязательный запрос (на единицу веса)", "per unmet elective request (per unit of weight)"),
        c("alternativeRank", "запасной вариант", "за шаг к менее желанному варианту", "per rank step to a later alternative"),
        c("studentTravelMinute", "минута в пути ученика", "за минуту ученика в пути", "per student minute on the road"),
        c("siteChange", "смена площадки", "за переезд ученика в течение дня", "per change of site in a student's day"),
        c("teacherTravelMinute", "минута в пути учителя", "за минуту учителя в пути", "per teacher minute on the road"),
        c("studentGap", "окно ученика", "за окно ученика", "per idle period of a student"),
        c("teacherGap", "окно учителя", "за окно учителя", "per idle period of a teacher"),
        c("section", "группа", "за открытую группу", "per section opened"),
        c("teacherPeriod", "урок учителя", "за сетевой урок учителя", "per network teacher period"),
        c("vehicleTrip", "рейс машины", "за поездку машины", "per vehicle trip"),
        c("online", "онлайн", "за онлайн-зачисление", "per online enrolment"),
        c("sizeImbalance", "неравные группы", "за разницу размеров групп курса", "per student of difference between sections"),
        c("consecutiveDays", "дни подряд", "за занятия группы в соседние дни", "per pair of meetings on consecutive days"),
        c("movedEnrolment", "перенос зачисления", "перепланирование: зачисление потеряно или перенесено", "re-planning: enrolment lost or moved"),
        c("changedEnrolment", "изменение зачисления", "перепланирование: другой учитель или помещение", "re-planning: another teacher or room"),
        c("changedTeacherPeriod", "изменение урока учителя", "перепланирование: урок учителя изменён", "re-planning: a teacher's period changed"),
        c("changedRoute", "изменение маршрута", "перепланирование: поездки дня изменены", "re-planning: a day's trips changed"),
    ])

    /// Groups (docs/FORMAT.md#groups): classes or named students attending a course together.
    /// Optional: a folder without it has no groups.
    public static let groups = Table(file: "groups.csv", columns: [
        c("id", "код", "код группы; так называется запрос, который получает каждый её ученик", "group id; the id of the request each member gets", required: true),
        c("class", "класс", "класс, который занимается вместе (код из classes.csv); или столбец «ученики»", "the class attending together (an id of classes.csv); or the column students"),
        c("students", "ученики", "ученики группы, список через «;», если это не целый класс", "the members, a list, when not a whole class"),
        c("course", "курс", "код курса", "course id", required: true),
        c("site", "площадка", "где группа занимается: одна из очных площадок курса", "where the group attends: one of the course's in-person sites", required: true),
        c("latestReturn", "вернуться до", "все ученики группы дома до этого времени; пусто — как у каждого", "every member home by then; empty: as each one's own"),
        c("maxOneWayMinutes", "поездка до, минут", "самая долгая поездка учеников группы; пусто — как у каждого", "members' longest trip; empty: as each one's own"),
    ], parameters: [], optional: true)

    // Locks (docs/FORMAT.md#locks): parts of a published timetable every engine must keep, for
    // re-planning. Optional files: a folder without them has no locks.

    public static let lockSections = Table(file: "lock-sections.csv", columns: [
        c("section", "группа", "код закреплённой группы, как в опубликованном расписании: chem-adv/1", "locked section id, as in the published timetable: chem-adv/1", required: true),
        c("course", "курс", "код курса группы", "the section's course id", required: true),
        c("teacher", "учитель", "закреплённый учитель; пусто — любой", "locked teacher; empty: any"),
    ], parameters: [], optional: true)

    public static let lockMeetings = Table(file: "lock-meetings.csv", columns: [
        c("section", "группа", "код группы из lock-sections.csv; её строки закрепляют все её занятия", "section id of lock-sections.csv; its rows lock all its meetings", required: true),
        c("day", "день", "день: Пн", "day: Mon", required: true),
        c("period", "урок", "первый урок занятия", "first period of the meeting", required: true),
        c("length", "уроков", "уроков подряд; пусто — 1", "periods in a row; empty: 1"),
        c("room", "помещение", "закреплённое помещение; пусто — любое", "locked room; empty: any"),
    ], parameters: [], optional: true)

    public static let lockEnrolments = Table(file: "lock-enrolments.csv", columns: [
        c("student", "ученик", "код ученика", "student id", required: true),
        c("request", "№ запроса", "номер запроса ученика в requests.csv", "the student's request number in requests.csv", required: true),
        c("section", "группа", "код группы из lock-sections.csv, где запрос остаётся", "section id of lock-sections.csv the request stays in", required: true),
    ], parameters: [], optional: true)

    public static let lockBusRides = Table(file: "lock-bus-rides.csv", columns: [
        c("student", "ученик", "код ученика", "student id", required: true),
        c("day", "день", "день: Пн", "day: Mon", required: true),
        c("busRun", "рейс", "код рейса из bus-runs.csv, которым ученик едет в этот день", "bus run id of bus-runs.csv the student rides that day", required: true),
    ], parameters: [], optional: true)

    public static let readme = Table(file: "README.csv", columns: [
        c("file", "файл", "файл", "file"),
        c("columnRU", "столбец", "столбец (или параметр) по-русски", "column (or parameter) in Russian"),
        c("columnEN", "column", "столбец (или параметр) по-английски", "column (or parameter) in English"),
        c("meaningRU", "описание", "что в нём", "what it holds, in Russian"),
        c("meaningEN", "meaning", "что в нём, по-английски", "what it holds"),
        c("required", "обязательный", "должен ли столбец быть в файле", "whether the column must be in the file"),
    ], parameters: [])

    /// Every data table, in the order they are written and read (README.csv is not read back).
    public static let all: [Table] = [
        general, periods, sites, travel, busRuns, busStops, rooms, classes, teachers, courses, students,
        requests, alternatives, hygiene, hygieneGrades, defaults, weights, groups,
        lockSections, lockMeetings, lockEnrolments, lockBusRides,
    ]
}

/// How cells are written and read: periods, busy periods, clock times, lists, yes/no, numbers.
enum Cells {
    static let standardDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let ruDays = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
    static let enDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let ruDayNames = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]
    static let enDayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    static func day(_ id: String, _ language: InstanceTables.Language) -> String {
        guard let i = standardDays.firstIndex(of: id) else { return id }
        return language == .ru ? ruDays[i] : enDays[i]
    }

    /// The day id a cell names: the id itself, or a Russian or English day name or abbreviation.
    static func dayID(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        let lower = t.lowercased()
        for i in standardDays.indices where [standardDays[i], ruDays[i].lowercased(), enDays[i].lowercased(), ruDayNames[i], enDayNames[i]].contains(lower) {
            return standardDays[i]
        }
        return t
    }

    static func list(_ items: [String]) -> String { items.joined(separator: ";") }

    static func splitList(_ text: String, alsoComma: Bool = false) -> [String] {
        text.split(whereSeparator: { $0 == ";" || (alsoComma && $0 == ",") })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func bool(_ value: Bool, _ language: InstanceTables.Language) -> String {
        language == .ru ? (value ? "да" : "нет") : (value ? "yes" : "no")
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "да", "yes", "true", "1", "+", "д", "y": return true
        case "нет", "no", "false", "0", "-", "н", "n": return false
        default: return nil
        }
    }

    static func number(_ value: Double, decimalComma: Bool) -> String {
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        return decimalComma ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A number with a decimal point or comma.
    static func parseNumber(_ text: String) -> Double? {
        let t = text.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "\u{00A0}", with: "")
        guard !t.isEmpty, let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// A clock time `HH:MM`; also `H:MM` and `HH:MM:00` (what spreadsheets write), normalised.
    static func parseTime(_ text: String) -> String? {
        // A time a spreadsheet stores as a fraction of the day (Excel: 08:30 is 0.3541…).
        if text.first == "0", let fraction = parseNumber(text), fraction >= 0, fraction < 1 {
            let minutes = Int((fraction * 1440).rounded())
            let h = minutes / 60, m = minutes % 60
            return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
        }
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[2] == "00" { parts.removeLast() }
        guard parts.count == 2, (1...2).contains(parts[0].count), let h = Int(parts[0]) else { return nil }
        let normal = (h < 10 ? "0" : "") + String(h) + ":" + parts[1]
        return ClockTime.minutes(normal) == nil ? nil : normal
    }

    /// Busy periods as `Пн 1-3,5; Вт 2`: days in calendar order (unknown day ids after, sorted),
    /// each day's periods in their order with ascending runs written as ranges.
    static func busy(_ busy: BusyPeriods, days: [String], _ language: InstanceTables.Language) -> String {
        let order = days.filter { busy[$0] != nil } + busy.keys.filter { !days.contains($0) }.sorted()
        return order.map { d in
            let periods = busy[d]!
            var parts: [String] = []
            var i = 0
            while i < periods.count {
                var j = i
                while j + 1 < periods.count, periods[j + 1] == periods[j] + 1 { j += 1 }
                if j - i >= 2 { parts.append("\(periods[i])-\(periods[j])"); i = j + 1 } else { parts.append(String(periods[i])); i += 1 }
            }
            return parts.isEmpty ? day(d, language) : day(d, language) + " " + parts.joined(separator: ",")
        }.joined(separator: "; ")
    }
}
