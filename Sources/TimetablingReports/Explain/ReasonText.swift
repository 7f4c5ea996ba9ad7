import TimetablingCore
/// Renders ``RefusalReason``s and ``RequestExplanation``s as sentences for people, in Russian
/// or English, naming courses, teachers and places as the instance does.
///
/// ```swift
/// let text = ReasonText(.ru, problem.instance)
/// print(text.describe(explanation))   // several lines: the request, then each alternative's reasons
/// ```
public struct ReasonText: Sendable {
    public let labels: Labels
    public let names: DisplayNames

    public init(_ language: ReportLanguage, _ instance: Instance) {
        labels = Labels(language)
        names = DisplayNames(instance)
    }

    private var ru: Bool { labels.language == .ru }
    private func slot(_ s: SlotRef) -> String { labels.slot(day: s.day, period: s.period, start: s.start, end: s.end) }
    private func slots(_ list: [SlotRef]) -> String { list.map(slot).joined(separator: "; ") }
    private func site(_ id: String) -> String { names.site(id) }
    private func course(_ id: String) -> String { names.course(id) }

    /// How an alternative is described: `Chemistry in depth, online` / `…, очно: Borki`.
    public func alternative(course id: String, mode: DeliveryMode?, site: String?) -> String {
        var s = course(id)
        if let site { s += ", " + labels.inPerson + " (" + self.site(site) + ")" } else if let mode { s += ", " + labels.modeName(mode) }
        return s
    }

    /// The reason as one sentence (without a final full stop).
    public func text(_ reason: RefusalReason) -> String {
        let l = labels
        switch reason {
        case let .gradeNotEligible(c, grade, grades):
            let g = grades.map(String.init).joined(separator: ", ")
            return ru ? "курс «\(course(c))» — для \(g) классов, а ученик учится в \(grade) классе"
                : "\(course(c)) is for grades \(g); the student is in grade \(grade)"
        case let .onlineNotAllowed(c):
            return ru ? "ученику не разрешено обучение онлайн, а «\(course(c))» здесь проходит онлайн"
                : "the student may not attend online lessons, and \(course(c)) is online here"
        case let .noJoinPlace(s):
            return ru ? "ученику нельзя подключаться из дома, а в школе \(site(s)) нет помещения с компьютерными местами"
                : "the student may not join from home, and \(site(s)) has no room with computer seats"
        case let .sectionNotOpened(c, mode, s, opened):
            let what = alternative(course: c, mode: mode, site: s)
            let list = opened.map { "\($0.section) (\(l.modeName($0.mode)), \(site($0.site)))" }.joined(separator: ", ")
            let tail = opened.isEmpty ? "" : (ru ? "; открыты только: " : "; open sections are only ") + list
            return (ru ? "группа «\(what)» не открыта" : "no section of \(what) was opened") + tail
        case let .tooFewStudents(_, asked, minimum):
            return ru ? "курс запросили только \(l.students(asked)), а для открытия группы нужно не меньше \(minimum)"
                : "only \(l.students(asked)) asked for it, and a section needs at least \(minimum)"
        case let .noCommonTime(_, free, candidates, minimum):
            return ru ? "из \(l.studentsGenitive(candidates)), которые запросили курс и ещё не в группе, на все занятия курса одновременно свободны "
                + "(в часы, когда свободны педагог курса с запасом часов и подходящее помещение) не больше \(free), а нужно \(minimum)"
                : "of the \(l.students(candidates)) who asked and have no section of it, at most \(free) are free together at every "
                + "meeting of the course (at times when a teacher of it with hours left and a suitable room are free too), "
                + "and a section needs \(minimum)"
        case let .noTeacherHours(_, needed, teachers):
            let list = teachers.map { "\(names.teacher($0.teacher)) \($0.periods)/\($0.max)" }.joined(separator: ", ")
            return ru ? "ни у одного педагога, который может вести курс, не хватает часов: нужно ещё \(l.periods(needed)) в неделю (занято/максимум: \(list))"
                : "no teacher who may teach it has \(l.periods(needed)) a week left (taught/maximum: \(list))"
        case let .noTeacherAllowed(_, mode, s):
            let how = s.map { (ru ? "очно в " : "in person at ") + site($0) } ?? mode.map(l.modeName) ?? (ru ? "ни в каком формате" : "in any mode")
            return ru ? "ни один педагог курса не может вести его \(how)" : "no teacher of the course may teach it \(how)"
        case let .noSuitableRoom(_, sites, features):
            let f = features.joined(separator: ", ")
            if sites.isEmpty {
                return ru ? "ни в одной площадке нет помещения с оснащением \(f)" : "no room of the network has \(f)"
            }
            let at = sites.map(site).joined(separator: ", ")
            return ru ? "в \(at) нет помещения с оснащением: \(f)" : "no room at \(at) has \(f)"
        case let .maxSectionsReached(_, sections, max):
            return ru ? "у курса уже открыто максимальное число групп: \(sections) из \(max)"
                : "the course already has its maximum of \(max) section\(max == 1 ? "" : "s") (\(sections) open)"
        case let .notOpenedByEngine(_, asked, minimum):
            return ru ? "причин в данных не найдено: запросили \(l.students(asked)) (минимум \(minimum)), и \(minimum) из них, педагог с запасом "
                + "часов и подходящее помещение свободны одновременно на все занятия курса (дорога не проверялась); группу не открыл движок"
                : "no cause found in the data: \(l.students(asked)) asked (minimum \(minimum)), and \(minimum) of them, a teacher with hours "
                + "left and a suitable room are free together at every meeting of the course (travel not examined); the engine did not "
                + "open a section"
        case let .sectionFull(sec, size, limit):
            return ru ? "группа \(sec) заполнена: \(size) из \(limit)" : "section \(sec) is full: \(size) of \(limit)"
        case let .clashRegular(sec, list):
            return ru ? "группа \(sec) занимается во время уроков ученика в своей школе: \(slots(list))"
                : "section \(sec) meets during the student's regular lessons: \(slots(list))"
        case let .clashCourse(sec, other, otherCourse, list):
            return ru ? "группа \(sec) занимается одновременно с группой \(other) («\(course(otherCourse))»), в которой ученик уже учится: \(slots(list))"
                : "section \(sec) meets at the same time as section \(other) (\(course(otherCourse))) the student attends: \(slots(list))"
        case let .hygieneDaily(sec, day, lessons, adding, limit):
            return ru ? "с группой \(sec) у ученика в \(l.dayShort(day)) было бы \(l.periods(lessons + adding)) (\(lessons) + \(adding)), "
                + "а по СанПиН не больше \(limit)"
                : "with section \(sec) the student would have \(lessons + adding) lessons on \(l.dayShort(day)) (\(lessons) + \(adding)), "
                + "daily limit \(limit)"
        case let .hygieneWeekly(sec, lessons, adding, limit):
            return ru ? "с группой \(sec) у ученика было бы \(l.periods(lessons + adding)) в неделю (\(lessons) + \(adding)), а по СанПиН не больше \(limit)"
                : "with section \(sec) the student would have \(lessons + adding) lessons a week (\(lessons) + \(adding)), weekly limit \(limit)"
        case let .onlineDailyLimit(sec, day, online, adding, limit):
            let n = l.count(online + adding, ru: ("онлайн-урок", "онлайн-урока", "онлайн-уроков"), en: ("online lesson", "online lessons"))
            return ru ? "с группой \(sec) у ученика в \(l.dayShort(day)) было бы \(n) (\(online) + \(adding)), "
                + "а допускается не больше \(limit)"
                : "with section \(sec) the student would have \(n) on \(l.dayShort(day)) "
                + "(\(online) + \(adding)), limit \(limit)"
        case let .noOnlineSeat(sec, s, rooms):
            let uses = rooms.map { u -> String in
                let name = names.room(u.room)
                if u.regular { return ru ? "\(name): уроки своей школы" : "\(name): the school's own lesson" }
                if let m = u.meeting { return ru ? "\(name): занятие группы \(m)" : "\(name): a meeting of section \(m)" }
                return ru ? "\(name): занято \(u.taken) из \(u.seats) мест" : "\(name): \(u.taken) of \(u.seats) seats taken"
            }.joined(separator: "; ")
            return ru ? "группа \(sec) в \(slot(s)): в школе ученика нет свободного компьютерного места (\(uses))"
                : "section \(sec) at \(slot(s)): no computer room of the student's school has a free seat (\(uses))"
        case let .noRoad(sec, from, to):
            return ru ? "между \(site(from)) и \(site(to)) нет дороги (группа \(sec))"
                : "there is no road from \(site(from)) to \(site(to)) (section \(sec))"
        case let .tripTooLong(sec, from, to, minutes, limit):
            return ru ? "дорога \(site(from)) → \(site(to)) занимает \(l.minutes(minutes)), а ученику допускается не больше \(l.minutes(limit)) (группа \(sec))"
                : "the trip \(site(from)) → \(site(to)) takes \(l.minutes(minutes)), the student's longest trip is \(l.minutes(limit)) (section \(sec))"
        case let .travelGap(sec, day, from, to, minutes, after, before):
            let gap = (ClockTime.minutes(before) ?? 0) - (ClockTime.minutes(after) ?? 0)
            return ru ? "в \(l.dayShort(day)) ученик не успевает доехать \(site(from)) → \(site(to)) к группе \(sec): дорога \(l.minutes(minutes)), "
                + "а между \(after) и \(before) только \(l.minutes(gap))"
                : "on \(l.dayShort(day)) the student cannot get from \(site(from)) to \(site(to)) for section \(sec): the road takes "
                + "\(l.minutes(minutes)), but there are only \(l.minutes(gap)) between \(after) and \(before)"
        case let .lateReturn(sec, day, from, home, arrive, latest):
            return ru ? "в \(l.dayShort(day)) после группы \(sec) ученик вернулся бы из \(site(from)) в \(site(home)) только в \(arrive), а нужно не позже \(latest)"
                : "on \(l.dayShort(day)) after section \(sec) the student would be back from \(site(from)) at \(site(home)) at \(arrive), latest \(latest)"
        case let .noBusRun(sec, day, from, to, after, before):
            var window = ""
            if let after { window += ru ? " после \(after)" : " after \(after)" }
            if after != nil && before != nil { window += ru ? " и" : " and" }
            if let before { window += ru ? " до \(before)" : " before \(before)" }
            return ru ? "в \(l.dayShort(day)) нет автобуса \(site(from)) → \(site(to))\(window) (группа \(sec))"
                : "on \(l.dayShort(day)) no bus run goes from \(site(from)) to \(site(to))\(window) (section \(sec))"
        case let .busFull(sec, day, runs):
            return ru ? "в \(l.dayShort(day)) подходящие автобусы заполнены: \(runs.joined(separator: ", ")) (группа \(sec))"
                : "on \(l.dayShort(day)) the bus runs that fit are full: \(runs.joined(separator: ", ")) (section \(sec))"
        case let .wouldFit(sec):
            return ru ? "в группе \(sec) есть место и она подходит к расписанию и дороге ученика: ученика не записал движок"
                : "section \(sec) has a free place and fits the student's timetable and travel: the engine did not place the student there"
        }
    }

    /// A heading for the request: `s-ivanovka-10-03, request 1 "chemistry" (required)`.
    public func heading(_ e: RequestExplanation) -> String {
        let kind = e.required ? labels.required : labels.elective
        let label = e.label.map { " «\($0)»" } ?? ""
        let who = names.student(e.student) == e.student ? e.student : "\(names.student(e.student)) (\(e.student))"
        return ru ? "\(who), запрос \(e.request + 1)\(label), \(kind)" : "\(who), request \(e.request + 1)\(label), \(kind)"
    }

    /// `the request of group 8a-robotics (class lyceum-8a, 12 students attend together: a section must take them all)`.
    public func group(_ g: GroupExplanation) -> String {
        // In Russian «группа» is a section; a class attending together is «класс … вместе».
        if ru {
            let who = g.schoolClass.map { "класс \($0) занимается вместе" } ?? "ученики занимаются вместе"
            return "«\(g.id)»: \(who) (\(g.members) уч.), зачислить можно только всех сразу"
        }
        let who = g.schoolClass.map { "class \($0), " } ?? ""
        return "the request of group \(g.id) (\(who)\(g.members) students attend together: a section must take them all at once)"
    }

    /// The explanation in several lines: heading, each alternative with its reasons, the engine's text.
    public func describe(_ e: RequestExplanation) -> String {
        var lines = [heading(e) + ": " + labels.notGranted]
        if let g = e.group { lines.append("  " + group(g)) }
        for alt in e.alternatives {
            lines.append("  \(alt.index + 1). " + alternative(course: alt.course, mode: alt.mode, site: alt.site))
            for r in alt.reasons { lines.append("     – " + text(r)) }
        }
        if let engine = e.engineReason { lines.append("  " + labels.engineSaid + ": " + engine) }
        return lines.joined(separator: "\n")
    }
}
