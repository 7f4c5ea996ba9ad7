import TimetablingCore
/// Renders a ``TimetableReport`` as a self-contained static site: `index.html` with the network
/// summary and links, and one page per student (the weekly route), teacher, room and site, plus
/// the transport plan, the course lists and the unsatisfied requests with their explanations.
///
/// Every page carries its style sheet inline and uses no script and no external resource, so
/// the folder opens from a disk or a USB stick. Timetables are grids of days by periods with
/// clock times, laid out to print on A4 landscape; on narrow screens each grid gives way to a
/// day-by-day list.
///
/// ```swift
/// let files = HTMLReport(report, instance: problem.instance, language: .ru).files()
/// try ReportWriter.write(files, to: outputDirectory)   // html/index.html, html/students/…
/// ```
public struct HTMLReport {
    let report: TimetableReport
    let labels: Labels
    let names: DisplayNames
    let reasons: ReasonText
    let table: HTMLTimetable
    /// Page of each student (`s:ID`), teacher (`t:`), room (`r:`) and site (`x:`), relative to `html/`.
    private var fileOf: [String: String] = [:]

    public init(_ report: TimetableReport, instance: Instance, language: ReportLanguage) {
        self.report = report
        labels = Labels(language)
        names = DisplayNames(instance)
        reasons = ReasonText(language, instance)
        table = HTMLTimetable(periods: report.periods, labels: labels, names: names)
        var students = FileNames(), teachers = FileNames(), rooms = FileNames(), sites = FileNames()
        for s in report.students { fileOf["s:" + s.id] = "students/" + students.name(for: s.id) + ".html" }
        for t in report.teachers { fileOf["t:" + t.id] = "teachers/" + teachers.name(for: t.id) + ".html" }
        for r in report.rooms { fileOf["r:" + r.id] = "rooms/" + rooms.name(for: r.id) + ".html" }
        for s in report.siteTimetables { fileOf["x:" + s.id] = "sites/" + sites.name(for: s.id) + ".html" }
    }

    /// Every page, with paths under `html/`.
    public func files() -> [ReportFile] {
        var out: [ReportFile] = [page("index.html", title: labels.networkReport + " — " + report.instance, body: indexBody())]
        for s in report.students { out.append(page(fileOf["s:" + s.id]!, title: s.name ?? s.id, body: studentBody(s))) }
        for t in report.teachers { out.append(page(fileOf["t:" + t.id]!, title: t.name ?? t.id, body: teacherBody(t))) }
        for r in report.rooms { out.append(page(fileOf["r:" + r.id]!, title: r.name ?? r.id, body: roomBody(r))) }
        for s in report.siteTimetables { out.append(page(fileOf["x:" + s.id]!, title: names.siteFull(s.id), body: siteBody(s))) }
        out.append(page("transport.html", title: labels.transportTitle, body: transportBody()))
        out.append(page("courses.html", title: labels.coursesTitle, body: coursesBody()))
        out.append(page("refusals.html", title: labels.refusalsTitle, body: refusalsBody()))
        return out
    }

    // MARK: Frame

    private func esc(_ s: String) -> String { Escaping.xml(s) }

    private func page(_ path: String, title: String, body: String) -> ReportFile {
        let root = path.contains("/") ? "../" : ""
        let nav = [("index.html", labels.index), ("transport.html", labels.transportTitle), ("courses.html", labels.coursesTitle),
                   ("refusals.html", labels.refusalsTitle)]
            .map { "<a href=\"\(root)\($0.0)\">\(esc($0.1))</a>" }.joined()
        let html = HTML.page(title: title, language: labels.language, root: root, nav: nav, body: relink(body, root: root))
        return ReportFile(path: "html/" + path, text: html)
    }

    /// Links are written as `href="@@path"`; each page turns them into paths relative to itself.
    /// Only the marker right after `href="` is replaced: escaped text never holds a bare `"`, so a
    /// name containing "@@" stays as it is.
    private func relink(_ body: String, root: String) -> String {
        body.replacingOccurrences(of: HTMLReport.linkMarker, with: "href=\"" + root)
    }

    private static let linkMarker = "href=\"@@"

    private func link(_ key: String, _ text: String) -> String {
        guard let f = fileOf[key] else { return esc(text) }
        return "<a \(HTMLReport.linkMarker)\(esc(f))\">\(esc(text))</a>"
    }

    private func studentLink(_ id: String) -> String { link("s:" + id, names.student(id)) }
    private func teacherLink(_ id: String) -> String { link("t:" + id, names.teacher(id)) }
    private func roomLink(_ id: String) -> String { link("r:" + id, names.room(id)) }
    private func siteLink(_ id: String) -> String { link("x:" + id, names.site(id)) }

    private func meta(_ items: [(String, String)]) -> String {
        "<p class=\"meta\">" + items.map { "<span>\(esc($0.0)): <b>\(esc($0.1))</b></span>" }.joined() + "</p>"
    }

    /// A table cell: plain text (escaped here; a string literal or interpolation is text) or HTML
    /// built by this file from escaped parts.
    fileprivate struct TableCell: ExpressibleByStringInterpolation {
        let html: String
        init(html: String) { self.html = html }
        init(stringLiteral value: String) { html = Escaping.xml(value) }
        init(stringInterpolation: DefaultStringInterpolation) { html = Escaping.xml(String(stringInterpolation: stringInterpolation)) }
        static func text(_ s: String) -> TableCell { TableCell(stringLiteral: s) }
        static func html(_ s: String) -> TableCell { TableCell(html: s) }
    }

    private func rows(_ header: [String], _ rows: [[TableCell]], numeric: Set<Int> = [], narrow: Bool = false, stack: Bool = false) -> String {
        var h = "<table class=\"list\(narrow ? " narrow" : "")\(stack ? " stack" : "")\"><thead><tr>"
        for (i, c) in header.enumerated() { h += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(esc(c))</th>" }
        h += "</tr></thead><tbody>"
        for r in rows {
            h += "<tr>" + r.enumerated().map { "<td\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\($0.element.html)</td>" }.joined() + "</tr>"
        }
        return h + "</tbody></table>"
    }

    private func alternativeText(_ a: AlternativeInfo) -> String { reasons.alternative(course: a.course, mode: a.mode, site: a.site) }

    // MARK: Index

    private func indexBody() -> String {
        let s = report.summary
        var h = "<h1>\(esc(labels.networkReport))</h1>"
        h += meta([(labels.generatedFor, report.instance), (labels.engine, report.engine ?? "—")])
        h += s.feasible ? "<p class=\"banner ok\">\(esc(labels.feasible))</p>"
            : "<p class=\"banner bad\">\(esc(labels.notFeasible)): \(esc(labels.violations.lowercased())) \(s.violations)</p>"
        h += "<h2>\(esc(labels.summary))</h2>"
        h += rows([labels.byKind, labels.requests, labels.satisfied], [
            [.text(labels.allRequests), "\(s.requests)", "\(s.satisfiedRequests)"],
            [.text(labels.requiredRequests), "\(s.requiredRequests)", "\(s.requiredSatisfied)"],
            [.text(labels.electiveRequests), "\(s.electiveRequests)", "\(s.electiveSatisfied)"],
        ], numeric: [1, 2], narrow: true)
        h += rows([labels.t("Показатель", "Measure"), labels.value], [
            [.text(labels.sections), "\(s.sections)"],
            [.text(labels.enrolments + " (" + labels.inPerson + " / " + labels.online + ")"), "\(s.inPersonEnrolments) / \(s.onlineEnrolments)"],
            [.text(labels.onlineShare), .text(labels.percent(s.onlineShare))],
            [.text(labels.studentTravel), .text(labels.minutes(s.studentTravelMinutes))],
            [.text(labels.teacherTravel), .text(labels.minutes(s.teacherTravelMinutes))],
            [.text(labels.legs), "\(s.legs)"],
            [.text(labels.vehicleTrips), "\(report.transport.vehicleTrips)"],
        ], numeric: [1], narrow: true)
        h += "<h2>\(esc(labels.bySchool))</h2>"
        h += rows([labels.site, labels.studentsTitle, labels.requests, labels.satisfied, labels.requiredRequests,
                   labels.inPerson, labels.online], s.bySchool.map { t in
            [.html(siteLink(t.site)), "\(t.students)", "\(t.requests)", "\(t.satisfied)", "\(t.requiredSatisfied)/\(t.requiredRequests)",
             "\(t.inPersonEnrolments)", "\(t.onlineEnrolments)"]
        }, numeric: [1, 2, 3, 4, 5, 6])
        if let coverage = s.coverage { h += coverageSection(coverage) }
        h += "<h2>\(esc(labels.teacherHours))</h2>"
        h += rows([labels.teacher, labels.weeklyLoad], s.teacherHours.map { [.html(teacherLink($0.teacher)), "\($0.periods) / \($0.max)"] },
                  numeric: [1], narrow: true)
        h += "<h2>\(esc(labels.objective)): \(Labels.number(s.objective))</h2>"
        h += rows([labels.term, labels.value, labels.weight, labels.cost], s.terms.map {
            [.text(labels.termName($0.name)), .text(Labels.number($0.value)), .text(Labels.number($0.weight)), .text(Labels.number($0.cost))]
        }, numeric: [1, 2, 3], narrow: true)
        if !report.violations.isEmpty {
            h += "<h2>\(esc(labels.violations))</h2>"
            h += rows([labels.t("Правило", "Rule"), labels.person, labels.day, labels.period, ""], report.violations.map {
                [.text($0.rule.rawValue), .text($0.who ?? ""), .text($0.day.map(labels.dayShort) ?? ""), .text($0.period.map(String.init) ?? ""), .text($0.message)]
            })
        }
        h += "<h2>\(esc(labels.studentsTitle))</h2><div class=\"cols\">"
        for site in report.sites {
            let list = report.students.filter { $0.homeSite == site.id }
            guard !list.isEmpty else { continue }
            h += "<div><b>\(esc(names.site(site.id)))</b><ul class=\"plain\">"
            h += list.map { "<li>\(studentLink($0.id)) <span class=\"meta\">\($0.grade) \(esc(labels.gradeShort))</span></li>" }.joined()
            h += "</ul></div>"
        }
        h += "</div><h2>\(esc(labels.teachersTitle))</h2><div class=\"cols\"><div><ul class=\"plain\">"
        h += report.teachers.map { "<li>\(teacherLink($0.id)) <span class=\"meta\">\(esc(names.site($0.homeSite)))</span></li>" }.joined()
        h += "</ul></div></div><h2>\(esc(labels.sitesTitle)) · \(esc(labels.roomsTitle))</h2><div class=\"cols\">"
        for site in report.siteTimetables {
            h += "<div><b>\(siteLink(site.id))</b><ul class=\"plain\">"
            h += site.rooms.map { "<li>\(roomLink($0))</li>" }.joined()
            h += "</ul></div>"
        }
        h += "</div><p class=\"meta noprint\">\(esc(labels.printHint))</p>"
        return h
    }

    /// The coverage table: per school and for the network, students whose curriculum is granted
    /// in full against the headcount (or the students of the instance) and the target.
    private func coverageSection(_ c: Coverage) -> String {
        let noHeadcounts = c.network.basis == .instanceStudents
        var note = labels.networkTarget(c.target) + " " + labels.coverageRule
        if noHeadcounts { note += " " + labels.noHeadcounts }
        var h = "<h2>\(esc(labels.coverageTitle))</h2><p class=\"meta\">\(esc(note))</p>"
        func cells(_ r: Coverage.Row, name: TableCell, headcount: String) -> [TableCell] {
            var out: [TableCell] = [name, "\(r.students)", "\(r.covered)", .text(headcount), .text(r.share.map(labels.percentOne) ?? "—")]
            if c.target != nil {
                out.append(r.targetMet.map {
                    .html("<span class=\"badge \($0 ? "ok" : "bad")\">\(esc($0 ? labels.targetMet : labels.targetNotMet))</span>")
                } ?? "—")
            }
            return out
        }
        let missing = noHeadcounts ? "—" : labels.noHeadcount
        var body = c.schools.map { r in
            cells(r, name: .html(r.site.map(siteLink) ?? ""), headcount: r.headcount.map(String.init) ?? missing)
        }
        let without = c.schools.filter { $0.headcount == nil }.count
        let networkHeadcount = c.network.headcount.map { without == 0 ? "\($0)" : labels.partialHeadcount($0, schoolsWithout: without) }
        body.append(cells(c.network, name: .html("<b>\(esc(labels.network))</b>"), headcount: networkHeadcount ?? missing))
        var header = [labels.school, labels.studentsInInstance, labels.coveredStudents, labels.seniorHeadcount, labels.coverageShare]
        if c.target != nil { header.append(labels.coverageTarget) }
        h += rows(header, body, numeric: [1, 2, 4])
        return h
    }

    // MARK: Students

    private func studentBody(_ s: StudentReport) -> String {
        var h = "<h1>\(esc(s.name ?? s.id))</h1>"
        var items: [(String, String)] = [(labels.student, s.id), (labels.grade, "\(s.grade)" + (s.schoolClass.map { " (\($0))" } ?? "")),
                                         (labels.homeSchool, names.siteFull(s.homeSite))]
        items.append((labels.t("Онлайн", "Online"), s.mayAttendOnline ? (s.onlineFromHome ? labels.t("да, и из дома", "yes, also from home") : labels.t("да", "yes"))
                        : labels.t("нет", "no")))
        h += meta(items)
        h += meta([(labels.t("Уроков своей школы", "Regular lessons"), "\(s.regularPeriods)"),
                   (labels.t("Уроков в сети", "Network lessons"), "\(s.networkPeriods)"),
                   (labels.t("В пути за неделю", "Travel a week"), labels.minutes(s.travelMinutes))])
        let who = HTMLTimetable.Perspective.student(home: s.homeSite)
        h += table.legend(who) + table.grid(s.week, who) + table.dayList(s.week, who)
        h += "<h2>\(esc(labels.requests))</h2>"
        h += rows(["#", labels.request, labels.t("Статус", "Status"), ""], s.requests.map { r in
            let kind = r.required ? labels.required : labels.elective
            let asked = r.alternatives.enumerated().map { "\($0.offset + 1). " + esc(alternativeText($0.element)) }.joined(separator: "<br>")
            let title = "<b>\(esc(r.label ?? ""))</b> <span class=\"badge\">\(esc(kind))</span><br>\(asked)"
            if let g = r.granted {
                let how = g.mode == .online
                    ? labels.online + " · " + (g.fromHome == true ? labels.fromHome : g.joinRoom.map(names.room) ?? "")
                    : labels.inPerson + " · " + names.site(g.site)
                return ["\(r.index + 1)", .html(title), .html("<span class=\"badge ok\">\(esc(labels.granted))</span>"),
                        "\(g.alternative + 1). \(names.course(g.course)) — \(g.section), \(how)"]
            }
            return ["\(r.index + 1)", .html(title), .html("<span class=\"badge bad\">\(esc(labels.notGranted))</span>"),
                    .html(explanationHTML(r.explanation))]
        }, stack: true)
        return h
    }

    private func explanationHTML(_ e: RequestExplanation?) -> String {
        guard let e else { return "" }
        var h = ""
        if let g = e.group { h += "<p>\(esc(reasons.group(g)))</p>" }
        for alt in e.alternatives {
            h += "<div><b>\(alt.index + 1). \(esc(reasons.alternative(course: alt.course, mode: alt.mode, site: alt.site)))</b><ul class=\"why\">"
            h += alt.reasons.map { "<li>\(esc(reasons.text($0)))</li>" }.joined()
            h += "</ul></div>"
        }
        if let engine = e.engineReason { h += "<p class=\"engine\">\(esc(labels.engineSaid)): \(esc(engine))</p>" }
        return h
    }

    // MARK: Teachers, rooms, sites

    private func teacherBody(_ t: TeacherReport) -> String {
        var h = "<h1>\(esc(t.name ?? t.id))</h1>"
        h += meta([(labels.teacher, t.id), (labels.homeSchool, names.siteFull(t.homeSite)), (labels.weeklyLoad, "\(t.periods) / \(t.maxWeeklyPeriods)"),
                   (labels.teacherTravel, labels.minutes(t.travelMinutes))])
        let who = HTMLTimetable.Perspective.teacher(home: t.homeSite)
        h += table.legend(who) + table.grid(t.week, who) + table.dayList(t.week, who)
        if !t.sections.isEmpty {
            h += "<h2>\(esc(labels.sections))</h2>"
            let sections = report.courses.flatMap(\.sections).filter { t.sections.contains($0.id) }
            h += sectionTable(sections)
        }
        return h
    }

    private func roomBody(_ r: RoomReport) -> String {
        var h = "<h1>\(esc(r.name ?? r.id))</h1>"
        h += meta([(labels.room, r.id), (labels.site, names.siteFull(r.site)), (labels.capacity, "\(r.capacity)"),
                   (labels.computerSeats, "\(r.computerSeats)"), (labels.features, r.features.joined(separator: ", "))])
        h += table.legend(.room) + table.grid(r.week, .room) + table.dayList(r.week, .room)
        return h
    }

    private func siteBody(_ s: SiteReport) -> String {
        var h = "<h1>\(esc(names.siteFull(s.id)))</h1>"
        h += meta([(labels.site, s.id), (labels.studentsTitle, "\(s.students)"), (labels.roomsTitle, "\(s.rooms.count)")])
        h += "<h2>\(esc(labels.hostedHere))</h2>"
        h += table.legend(.site) + table.grid(s.week, .site) + table.dayList(s.week, .site)
        h += "<h2>\(esc(labels.arrivalsDepartures))</h2>"
        if s.movements.isEmpty { return h + "<p class=\"meta\">\(esc(labels.none))</p>" }
        h += rows([labels.day, labels.time, "", labels.person, labels.t("Откуда / куда", "From / to"), labels.vehicle], s.movements.map { m in
            let who = m.role == .student ? studentLink(m.person) : teacherLink(m.person) + " (" + esc(labels.roleTeacher) + ")"
            return [.text(labels.dayShort(m.day)), .text(m.time), .text(m.direction == .arrive ? "↘ " + labels.arrive : "↗ " + labels.depart),
                    .html(who), .text(names.site(m.otherSite)), .text(m.busRun.map { labels.bus + " " + $0 } ?? labels.road)]
        })
        return h
    }

    // MARK: Transport, courses, refusals

    private func transportBody() -> String {
        let t = report.transport
        var h = "<h1>\(esc(labels.transportTitle))</h1>"
        h += meta([(labels.vehicleTrips, "\(t.vehicleTrips)"), (labels.passengerMinutes, "\(t.passengerMinutes)"),
                   (labels.studentTravel, labels.minutes(t.studentMinutes)), (labels.teacherTravel, labels.minutes(t.teacherMinutes)),
                   (labels.legs, "\(t.legs)")])
        for day in t.days {
            h += "<h2>\(esc(labels.dayLong(day.day)))</h2>"
            h += meta([(labels.vehicleTrips, "\(day.vehicleTrips)"), (labels.passengerMinutes, "\(day.passengerMinutes)")])
            if day.trips.isEmpty { h += "<p class=\"meta\">\(esc(labels.none))</p>"; continue }
            h += rows([labels.depart, labels.arrive, labels.from + " → " + labels.to, labels.vehicle, labels.passengers, labels.minutesLabel],
                      day.trips.map { trip in
                let vehicle = trip.busRun.map { run in
                    esc(labels.bus + " " + run) + (trip.seats.map { ", " + esc(labels.seats($0)) } ?? "") + "<br><span class=\"meta\">"
                        + esc(trip.stops.map { "\(names.site($0.site)) \($0.time)" }.joined(separator: " → ")) + "</span>"
                } ?? esc(labels.road)
                let people = trip.passengers.map { p -> String in
                    let who = p.role == .student ? studentLink(p.person) : teacherLink(p.person) + " (" + esc(labels.roleTeacher) + ")"
                    let part = trip.busRun == nil ? "" : " <span class=\"meta\">\(esc("\(names.site(p.from)) \(p.depart) → \(names.site(p.to)) \(p.arrive)"))</span>"
                    return who + part
                }
                return [.text(trip.depart), .text(trip.arrive), .text(names.site(trip.from) + " → " + names.site(trip.to)), .html(vehicle),
                        .html("<b>\(trip.passengers.count)</b>: " + people.joined(separator: ", ")), "\(trip.passengerMinutes)"]
            }, numeric: [5], stack: true)
        }
        return h
    }

    private func sectionTable(_ sections: [SectionReport]) -> String {
        rows([labels.section, labels.teacher, labels.mode, labels.meetings, labels.size, labels.enrolled], sections.map { s in
            let meetings = s.meetings.map {
                esc("\(labels.dayShort($0.day)) \($0.period)\($0.length > 1 ? "–\($0.period + $0.length - 1)" : "") (\($0.start)–\($0.end)), " + names.room($0.room)
                    + ($0.online == true ? ", " + labels.online : ""))
            }.joined(separator: "<br>")
            let students = s.students.map { e -> String in
                let from = s.mode == .online || s.meetings.contains(where: { $0.online == true }) ? " <span class=\"meta\">(" + esc(e.fromHome == true ? labels.fromHome : e.joinRoom.map(names.room) ?? names.site(e.homeSite)) + ")</span>" : ""
                return studentLink(e.student) + from
            }.joined(separator: ", ")
            return [.text(s.id), .html(teacherLink(s.teacher)), .text(labels.modeName(s.mode) + ", " + names.site(s.site)), .html(meetings),
                    "\(s.students.count) / \(s.limit)", .html(students)]
        }, stack: true)
    }

    private func coursesBody() -> String {
        var h = "<h1>\(esc(labels.coursesTitle))</h1>"
        for c in report.courses {
            h += "<h2>\(esc(c.name ?? c.id)) <span class=\"meta\">(\(esc(c.id)))</span></h2>"
            h += meta([(labels.level, labels.levelName(c.level)), (labels.weeklyPeriods, c.pattern.map(String.init).joined(separator: "+")),
                       (labels.minMaxSize, "\(c.minSize)–\(c.maxSize)"), (labels.askedBy, labels.students(c.askedBy)),
                       (labels.enrolled, labels.students(c.enrolled))])
            h += c.sections.isEmpty ? "<p class=\"meta\">\(esc(labels.sections)): \(esc(labels.none))</p>" : sectionTable(c.sections)
        }
        return h
    }

    private func refusalsBody() -> String {
        var h = "<h1>\(esc(labels.refusalsTitle))</h1>"
        h += meta([(labels.allRequests, "\(report.refusals.count)"), (labels.requiredRequests, "\(report.refusals.filter(\.required).count)")])
        for e in report.refusals {
            let kind = e.required ? "<span class=\"badge bad\">\(esc(labels.required))</span>" : "<span class=\"badge\">\(esc(labels.elective))</span>"
            h += "<h3>\(studentLink(e.student)) — \(esc(labels.request.lowercased())) \(e.request + 1)\(e.label.map { " «" + esc($0) + "»" } ?? "") \(kind)</h3>"
            h += explanationHTML(e)
        }
        return h
    }
}
