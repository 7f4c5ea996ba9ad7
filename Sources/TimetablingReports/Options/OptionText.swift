import TimetablingCore

/// Renders ``CourseOption``s for people, in Russian or English, naming courses, teachers and
/// places as the instance does.
///
/// ```swift
/// let text = OptionText(.ru, problem.instance)
/// for option in options { print(text.describe(option)) }
/// ```
public struct OptionText: Sendable {
    public let labels: Labels
    public let names: DisplayNames

    public init(_ language: ReportLanguage, _ instance: Instance) {
        labels = Labels(language)
        names = DisplayNames(instance)
    }

    private var ru: Bool { labels.language == .ru }
    private func site(_ id: String) -> String { names.site(id) }
    private func list(_ numbers: [Int]) -> String { numbers.map(String.init).joined(separator: ", ") }
    private func days(_ counts: [DayCount]) -> String {
        counts.map { "\(labels.dayShort($0.day)) \($0.count)" }.joined(separator: ", ")
    }

    /// The reason as one sentence (without a final full stop).
    public func text(_ reason: OptionReason) -> String {
        let l = labels
        switch reason {
        case let .gradeNotEligible(grade, grades):
            return ru ? "курс — для \(list(grades)) классов, а ученик учится в \(grade) классе"
                : "the course is for grades \(list(grades)); the student is in grade \(grade)"
        case .notTaughtInPerson:
            return ru ? "курс проходит только онлайн" : "the course is taught online only"
        case .notTaughtOnline:
            return ru ? "курс не проходит онлайн" : "the course is not taught online"
        case let .noRoad(s):
            return ru ? "до площадки \(site(s)) нет дороги" : "there is no road to \(site(s))"
        case let .tripTooLong(s, minutes, limit):
            return ru ? "дорога до \(site(s)) занимает \(l.minutes(minutes)), а ученику допускается не больше \(l.minutes(limit))"
                : "the trip to \(site(s)) takes \(l.minutes(minutes)); the student's longest trip is \(l.minutes(limit))"
        case let .noBusLink(s):
            return ru ? "ни в один день нет автобуса до \(site(s)) и обратно" : "on no day does a bus run go to \(site(s)) and back"
        case .onlineNotAllowed:
            return ru ? "ученику не разрешено обучение онлайн" : "the student may not attend online lessons"
        case let .noJoinPlace(s):
            return ru ? "ученику нельзя подключаться из дома, а в школе \(site(s)) нет помещения с компьютерными местами"
                : "the student may not join from home, and \(site(s)) has no room with computer seats"
        case let .noFreeTime(pattern, distinct, longest):
            let how = distinct ? (ru ? " в разные дни" : " on different days") : ""
            return ru ? "занятия курса (\(list(pattern)) ур.\(how)) не помещаются в свободные от уроков своей школы часы "
                + "(самое длинное «окно» по дням: \(days(longest)))"
                : "the course's meetings (\(list(pattern)) periods\(how)) do not fit in the student's free periods "
                + "(longest free run per day: \(days(longest)))"
        case let .hygieneDaily(pattern, lessons, limit):
            return ru ? "по СанПиН не больше \(l.periods(limit)) в день, а уроков своей школы уже: \(days(lessons)); занятия курса "
                + "(\(list(pattern)) ур.) не помещаются"
                : "the daily limit is \(limit) lessons and the student's regular lessons are \(days(lessons)); the course's meetings "
                + "(\(list(pattern)) periods) do not fit"
        case let .hygieneWeekly(lessons, adding, limit):
            return ru ? "с курсом у ученика было бы \(l.periods(lessons + adding)) в неделю (\(lessons) + \(adding)), а по СанПиН не больше \(limit)"
                : "with the course the student would have \(lessons + adding) lessons a week (\(lessons) + \(adding)), weekly limit \(limit)"
        case let .alreadyRequested(request, label, granted, section):
            let name = label.map { " «\($0)»" } ?? ""
            var state = ""
            if let section {
                state = ru ? ", записан в группу \(section)" : ", granted in section \(section)"
            } else if granted == false {
                state = ru ? ", пока без группы" : ", not granted yet"
            }
            return ru ? "курс уже есть в запросе \(request + 1)\(name)\(state)" : "already in request \(request + 1)\(name)\(state)"
        }
    }

    /// `очно: Borki (25 мин)` / `online from home`.
    public func way(_ w: AttendanceWay) -> String {
        switch w.mode {
        case .inPerson:
            let place = w.site.map(site) ?? ""
            let trip = (w.minutes ?? 0) == 0 ? (ru ? "своя школа" : "own school") : labels.minutes(w.minutes ?? 0)
            return "\(labels.inPerson): \(place) (\(trip))"
        case .online:
            let from = w.fromHome == true ? labels.fromHome : (ru ? "из компьютерного класса своей школы" : "from a computer room of the own school")
            return "\(labels.online) \(from)"
        }
    }

    /// The route change in a few words: `без изменений` / `Tue: new trip to Borki (+40 min)`.
    public func route(_ change: RouteChange) -> String {
        if change.isNone { return ru ? "маршрут без изменений" : "no change to the route" }
        let parts = change.days.map { day -> String in
            let sign = day.extraMinutes >= 0 ? "+" : "−"
            let minutes = "\(sign)\(labels.minutes(abs(day.extraMinutes)))"
            let stops = ([day.after.first?.from].compactMap { $0 } + day.after.map(\.to)).map(site).joined(separator: " → ")
            if !day.newSites.isEmpty {
                let to = day.newSites.map(site).joined(separator: ", ")
                return ru ? "\(labels.dayShort(day.day)): новая поездка в \(to) (\(stops), \(minutes))"
                    : "\(labels.dayShort(day.day)): new trip to \(to) (\(stops), \(minutes))"
            }
            let route = stops.isEmpty ? (ru ? "без поездок" : "no trips") : stops
            return ru ? "\(labels.dayShort(day.day)): маршрут меняется (\(route), \(minutes))"
                : "\(labels.dayShort(day.day)): route changes (\(route), \(minutes))"
        }
        return (ru ? "маршрут: " : "route: ") + parts.joined(separator: "; ")
    }

    /// One line for an offered section: where, when, who, free seats, the route change.
    public func section(_ s: SectionOption) -> String {
        let place = s.mode == .online ? labels.online : "\(labels.inPerson), \(site(s.site))"
        let when = s.meetings.map { m in
            let periods = m.length == 1 ? "\(m.period)" : "\(m.period)–\(m.period + m.length - 1)"
            return ru ? "\(labels.dayShort(m.day)) \(periods) ур. (\(m.start)–\(m.end))" : "\(labels.dayShort(m.day)) p. \(periods) (\(m.start)–\(m.end))"
        }.joined(separator: ", ")
        let seats = ru ? "свободно: \(labels.seats(s.freeSeats))" : "\(labels.seats(s.freeSeats)) free"
        return "\(labels.section.lowercased()) \(s.section) (\(place); \(names.teacher(s.teacher)); \(when)): \(seats); \(route(s.routeChange))"
    }

    /// The option in several lines: the course and whether it can be taken, then the ways or the
    /// reasons, then (with a solution) the sections the student could join.
    public func describe(_ o: CourseOption) -> String {
        let mark = o.available ? "+" : "−"
        let verdict = o.available ? (ru ? "можно выбрать" : "can be taken") : (ru ? "нельзя выбрать" : "cannot be taken")
        var lines = ["\(mark) \(names.course(o.course)) (\(o.course)): \(verdict)"]
        for r in o.reasons { lines.append("    – " + text(r)) }
        if !o.ways.isEmpty { lines.append("    " + (ru ? "как: " : "how: ") + o.ways.map(way).joined(separator: "; ")) }
        if let sections = o.sections, o.available || o.reasons.allSatisfy({ if case .alreadyRequested(_, _, _, nil) = $0 { true } else { false } }) {
            if sections.isEmpty {
                lines.append("    " + (ru ? "сейчас нет открытой группы, в которую можно записаться" : "no open section the student could join now"))
            }
            for s in sections { lines.append("    • " + section(s)) }
        }
        return lines.joined(separator: "\n")
    }
}
