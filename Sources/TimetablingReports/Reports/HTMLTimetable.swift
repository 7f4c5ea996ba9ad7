import TimetablingCore
/// The weekly timetable of one person, room or site as HTML: a grid of periods (rows, with clock
/// times) by days (columns) with a row of trips, for screens and print; and the same week as a
/// day-by-day list, which replaces the grid on narrow screens.
struct HTMLTimetable {
    enum Perspective: Equatable {
        case student(home: String)
        case teacher(home: String)
        case room
        case site

        var isPerson: Bool {
            switch self {
            case .student, .teacher: true
            case .room, .site: false
            }
        }

        var home: String? {
            switch self {
            case let .student(h), let .teacher(h): h
            case .room, .site: nil
            }
        }
    }

    let periods: [PeriodTime]
    let labels: Labels
    let names: DisplayNames

    private func esc(_ s: String) -> String { Escaping.xml(s) }

    // MARK: Cells

    /// Whether period `p` of a day continues the block of period `p - 1` (a double period).
    private func continues(_ cells: [Cell], _ p: Int) -> Bool {
        guard p > 0 else { return false }
        let a = cells[p - 1], b = cells[p]
        return !b.entries.isEmpty && a.entries == b.entries && a.travelling == b.travelling
            && b.entries.allSatisfy { $0.meetingStart != nil && $0.meetingStart != b.period }
    }

    private func span(_ cells: [Cell], _ p: Int) -> Int {
        var n = 1
        while p + n < cells.count && continues(cells, p + n) { n += 1 }
        return n
    }

    private func cellClass(_ cell: Cell, _ who: Perspective) -> String {
        var classes: [String] = []
        if cell.entries.isEmpty {
            if cell.travelling { classes.append("travel") } else if who.isPerson, let place = cell.place, place != who.home { classes.append("away") }
        } else {
            let kinds = Set(cell.entries.map(\.kind))
            if kinds.isSubset(of: [.regular, .ownSchool, .roomRegular]) {
                classes.append("regular")
            } else if kinds.contains(.online) || kinds.contains(.joiners) {
                classes.append(kinds.contains(.inPerson) ? "mix" : "online")
            } else {
                classes.append("net")
            }
            if who.isPerson && cell.entries.count > 1 { classes.append("clash") }
        }
        return classes.joined(separator: " ")
    }

    private func emptyText(_ cell: Cell, _ who: Perspective) -> String {
        if cell.travelling { return esc(labels.travelling) }
        if who.isPerson, let place = cell.place, place != who.home { return esc(labels.free + " · " + names.site(place)) }
        return ""
    }

    private func count(_ n: Int?) -> String { n.map { labels.students($0) } ?? "" }

    /// One entry of a cell, as seen from the page's perspective.
    func entry(_ e: Entry, _ who: Perspective) -> String {
        func block(_ title: String, _ details: [String]) -> String {
            "<div class=\"e\(e.kind == .joiners ? " j" : "")\"><span class=\"c\">\(esc(title))</span>"
                + details.filter { !$0.isEmpty }.map { "<span class=\"d\">\(esc($0))</span>" }.joined() + "</div>"
        }
        let course = e.course.map(names.course) ?? ""
        let teacher = e.teacher.map(names.teacher) ?? ""
        let room = e.room.map(names.room) ?? ""
        let site = e.site.map(names.site) ?? ""
        switch (e.kind, who) {
        case (.regular, _): return "<div class=\"e\">\(esc(labels.regularLesson))</div>"
        case (.ownSchool, _): return "<div class=\"e\">\(esc(labels.ownSchoolLesson))</div>"
        case (.roomRegular, _): return "<div class=\"e\">\(esc(labels.regularUse))</div>"
        case (.inPerson, .student):
            return block(course, [site + " · " + room, teacher])
        case (.online, .student):
            let from = e.fromHome == true ? labels.fromHome : e.joinRoom.map { names.room($0) } ?? ""
            return block(course, [labels.online + " · " + from, teacher])
        case (.inPerson, .teacher):
            return block(course, [site + " · " + room, (e.section ?? "") + " · " + count(e.students)])
        case (.online, .teacher):
            return block(course, [labels.online + " · " + room + " (" + site + ")", (e.section ?? "") + " · " + count(e.students)])
        case (.inPerson, .room), (.inPerson, .site):
            return block(course, [who == .site ? room : "", teacher, (e.section ?? "") + " · " + count(e.students)])
        case (.online, .room), (.online, .site):
            return block(course + " (" + labels.online + ")", [who == .site ? room : "", teacher, (e.section ?? "") + " · " + count(e.students)])
        case (.joiners, _):
            let from = who == .site ? (e.joinRoom.map { " · " + names.room($0) } ?? "") : ""
            return block(labels.onlineJoiners + ": " + count(e.students), [course + from, e.section ?? ""])
        }
    }

    private func legText(_ leg: TripLeg) -> String {
        let how = leg.busRun.map { labels.bus + " " + $0 } ?? labels.road
        return "\(leg.depart) \(names.site(leg.from)) → \(leg.arrive) \(names.site(leg.to)) (\(how))"
    }

    /// A trip in a grid cell: times on the first line, the places and the vehicle below.
    private func legHTML(_ leg: TripLeg) -> String {
        let how = leg.busRun.map { labels.bus + " " + $0 } ?? labels.road
        return "<span class=\"leg\"><b>\(esc(leg.depart))–\(esc(leg.arrive))</b> \(esc(names.site(leg.from))) → \(esc(names.site(leg.to)))"
            + "<span class=\"d\">\(esc(how)), \(esc(labels.minutes(leg.minutes)))</span></span>"
    }

    // MARK: Grid

    func grid(_ week: [WeekDay], _ who: Perspective) -> String {
        var h = "<div class=\"grid-wrap\"><table class=\"grid\"><thead><tr><th class=\"p\">\(esc(labels.period))</th>"
        for d in week { h += "<th>\(esc(labels.dayLong(d.day)))</th>" }
        h += "</tr></thead><tbody>"
        for (p, period) in periods.enumerated() {
            h += "<tr><th class=\"p\">\(period.number)<span class=\"t\">\(esc(period.start))–\(esc(period.end))</span></th>"
            for d in week where p < d.cells.count {
                if continues(d.cells, p) { continue }
                let cell = d.cells[p]
                let rows = span(d.cells, p)
                let cls = cellClass(cell, who)
                h += "<td" + (rows > 1 ? " rowspan=\"\(rows)\"" : "") + (cls.isEmpty ? "" : " class=\"\(cls)\"") + ">"
                h += cell.entries.isEmpty ? emptyText(cell, who) : cell.entries.map { entry($0, who) }.joined()
                h += "</td>"
            }
            h += "</tr>"
        }
        if who.isPerson && week.contains(where: { !$0.legs.isEmpty }) {
            h += "<tr class=\"trips\"><th class=\"p\">\(esc(labels.trips))</th>"
            for d in week {
                h += "<td>" + d.legs.map(legHTML).joined() + "</td>"
            }
            h += "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    // MARK: Day list (phones)

    func dayList(_ week: [WeekDay], _ who: Perspective) -> String {
        var h = "<div class=\"daylist\">"
        for d in week {
            var items: [String] = []
            var p = 0
            while p < d.cells.count {
                let cell = d.cells[p]
                var n = span(d.cells, p)
                // On a phone, a run of the school's own lessons is one line.
                if !cell.entries.isEmpty && cell.entries.allSatisfy({ $0.meetingStart == nil }) {
                    while p + n < d.cells.count && d.cells[p + n].entries == cell.entries && !d.cells[p + n].travelling { n += 1 }
                }
                let text = cell.entries.isEmpty ? emptyText(cell, who) : cell.entries.map { entry($0, who) }.joined()
                if !text.isEmpty {
                    let first = periods[p], last = periods[p + n - 1]
                    let number = n > 1 ? "\(first.number)–\(last.number)" : "\(first.number)"
                    items.append("<li><span class=\"pn\">\(esc("\(number) · \(first.start)–\(last.end)"))</span> \(text)</li>")
                }
                p += n
            }
            if who.isPerson {
                for leg in d.legs {
                    items.append("<li><span class=\"pn\">\(esc(labels.t("Поездка", "Trip")))</span> \(esc(legText(leg)))</li>")
                }
            }
            h += "<section><h3>\(esc(labels.dayLong(d.day)))</h3>"
            h += items.isEmpty ? "<p class=\"meta\">—</p>" : "<ul class=\"plain\">" + items.joined() + "</ul>"
            h += "</section>"
        }
        return h + "</div>"
    }

    /// Colour legend under a grid.
    func legend(_ who: Perspective) -> String {
        var parts = [
            "<i style=\"background:var(--regular)\"></i>" + esc(who == .teacher(home: who.home ?? "") ? labels.ownSchoolLesson : labels.regularLesson),
            "<i style=\"background:var(--net)\"></i>" + esc(labels.inPerson),
            "<i style=\"background:var(--online)\"></i>" + esc(labels.online),
        ]
        if who.isPerson {
            parts.append("<i style=\"background:var(--travel)\"></i>" + esc(labels.travelling))
            parts.append("<i style=\"background:var(--free-away)\"></i>" + esc(labels.free + " · " + labels.t("не в своей школе", "away from home")))
        }
        return "<p class=\"legend\">" + parts.joined() + "</p>"
    }
}
