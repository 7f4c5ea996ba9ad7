/// Labels of the open course catalogue (`netsched catalogue`): what students and their tutors read
/// before they choose.
extension Labels {
    public var catalogueTitle: String { t("Каталог курсов сети", "Network course catalogue") }
    public var catalogueIntro: String {
        t("Курсы, которые сеть предлагает на выбор в индивидуальные учебные планы: где и как они идут, кто их ведёт, сколько уроков в неделю и для каких классов.",
          "The courses the network offers for individual curricula: where and how each is taught, by whom, how many periods a week and for which grades.")
    }
    public var subjectColumn: String { t("Предмет", "Subject") }
    public var subjectsTitle: String { t("Предметы", "Subjects") }
    public var courseId: String { t("Код курса", "Course id") }
    public var patternColumn: String { t("Как идут занятия", "Meetings") }
    public var gradesColumn: String { t("Классы", "Grades") }
    public var anyGrade: String { t("любой", "any") }
    public var minSizeColumn: String { t("Минимум учеников", "Minimum size") }
    public var maxSizeColumn: String { t("Максимум учеников", "Maximum size") }
    public var inPersonAt: String { t("Очно на площадках", "In person at") }
    public var onlineAllowed: String { t("Онлайн", "Online") }
    public var roomNeeds: String { t("Нужно в кабинете", "Room needs") }
    public var noRoomNeeds: String { t("—", "—") }
    public var notInPerson: String { t("только онлайн", "online only") }
    public var noTeacher: String { t("педагог не назначен", "no teacher yet") }
    public var fullName: String { t("Полное название", "Full name") }
    public var coursesHosted: String { t("Курсы очно", "Courses in person") }
    public var yesText: String { t("да", "yes") }
    public var noText: String { t("нет", "no") }

    /// `5 курсов` / `5 courses`.
    public func courseCount(_ n: Int) -> String { count(n, ru: ("курс", "курса", "курсов"), en: ("course", "courses")) }

    /// The weekly meeting pattern for people: `2 × 1 урок, в разные дни`, `1 × 2 урока (сдвоенный)`,
    /// `2 × 2 урока + 1 × 1 урок, в разные дни` / `2 × 1 period, on different days`,
    /// `1 × 2 periods (a double period)`. Meetings of one length are counted together, longest first.
    public func meetingPattern(_ pattern: [Int], distinctDays: Bool) -> String {
        let lengths = Set(pattern).sorted(by: >)
        let parts = lengths.map { len in "\(pattern.filter { $0 == len }.count) × \(periods(len))" }
        var text = parts.joined(separator: " + ")
        if pattern.count > 1 {
            text += distinctDays ? t(", в разные дни", ", on different days") : t(", можно в один день", ", same day allowed")
        } else if pattern.first.map({ $0 > 1 }) == true {
            text += t(" (сдвоенный)", " (a double period)")
        }
        return text
    }

    /// A subject id as people read it: the usual school subjects by name
    /// (`social-studies` → `Обществознание` / `Social studies`), any other id as it is in Russian
    /// and with its hyphens as spaces, capitalised, in English.
    public func subjectName(_ id: String) -> String {
        let key = id.lowercased()
        if language == .ru, let name = Labels.ruSubjects[key] { return name }
        if language == .en, let name = Labels.enSubjects[key] { return name }
        return language == .ru ? id : Labels.spaced(id)
    }

    /// A room feature as people read it: `chemistry-lab` → `химическая лаборатория` /
    /// `chemistry lab`; an unknown feature as its id (English: hyphens as spaces).
    public func featureName(_ id: String) -> String {
        if language == .ru, let name = Labels.ruFeatures[id.lowercased()] { return name }
        return language == .ru ? id : Labels.spaced(id).lowercased()
    }

    private static func spaced(_ id: String) -> String {
        let words = String(id.map { $0 == "-" || $0 == "_" ? " " : $0 })
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    private static let ruSubjects: [String: String] = [
        "mathematics": "Математика", "maths": "Математика", "algebra": "Алгебра", "geometry": "Геометрия",
        "physics": "Физика", "chemistry": "Химия", "biology": "Биология", "informatics": "Информатика",
        "technology": "Технология", "english": "Английский язык", "german": "Немецкий язык", "french": "Французский язык",
        "spanish": "Испанский язык", "chinese": "Китайский язык", "russian": "Русский язык", "literature": "Литература",
        "history": "История", "social-studies": "Обществознание", "geography": "География", "economics": "Экономика",
        "law": "Право", "astronomy": "Астрономия", "ecology": "Экология", "agrobiology": "Агробиология",
        "career-guidance": "Профориентация", "art": "Искусство", "music": "Музыка", "physical-education": "Физическая культура",
        "life-safety": "ОБЖ", "robotics": "Робототехника", "psychology": "Психология", "dolgan": "Долганский язык",
        "logistics": "Логистика", "mining": "Горное дело", "engineering": "Инженерное дело", "drawing": "Черчение",
    ]

    private static let enSubjects: [String: String] = [
        "maths": "Mathematics", "life-safety": "Life safety", "physical-education": "Physical education",
    ]

    private static let ruFeatures: [String: String] = [
        "chemistry-lab": "химическая лаборатория", "physics-lab": "физическая лаборатория", "biology-lab": "биологическая лаборатория",
        "computer-class": "компьютерный класс", "robotics": "робототехника", "gym": "спортзал", "online-studio": "онлайн-студия",
        "workshop": "мастерская", "lab": "лаборатория", "language-lab": "лингафонный кабинет", "greenhouse": "теплица",
        "kitchen": "кухня", "art-studio": "изостудия", "music-room": "музыкальный класс",
    ]
}
