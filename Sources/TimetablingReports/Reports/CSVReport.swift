import Foundation
import TimetablingCore

/// Renders a ``TimetableReport`` as CSV tables under `csv/`, one file per table, for
/// spreadsheets and other tools.
///
/// RFC 4180: comma-separated, fields quoted when they hold a comma, quote or line break, CRLF
/// line ends; UTF-8 with a byte-order mark so that spreadsheet programs read Cyrillic right.
/// Headers and kinds are in the report's language; ids, clock times and numbers are as in the data.
///
/// | file | one row per |
/// |---|---|
/// | `student_week.csv` | student, day, period (free periods included) and thing in it |
/// | `teacher_week.csv` | teacher, day, period with a lesson or a trip |
/// | `room_week.csv` | room, day, period with a use |
/// | `trips.csv` | leg of a person's itinerary |
/// | `transport.csv` | vehicle trip (bus run or road trip) with its passengers |
/// | `sections.csv`, `enrolments.csv` | section; student in a section |
/// | `requests.csv` | request of a student, with its status and explanation |
/// | `summary.csv`, `schools.csv`, `teacher_hours.csv`, `objective.csv` | the network summary |
/// | `coverage.csv` | school, then the network: students whose curriculum is granted in full against headcount and target |
public struct CSVReport {
    let report: TimetableReport
    let labels: Labels
    let names: DisplayNames
    let reasons: ReasonText

    public init(_ report: TimetableReport, instance: Instance, language: ReportLanguage) {
        self.report = report
        labels = Labels(language)
        names = DisplayNames(instance)
        reasons = ReasonText(language, instance)
    }

    /// A whole table: header row, then rows; CRLF line ends and a byte-order mark.
    package static func table(_ header: [String], _ rows: [[String]]) -> Data {
        var text = "\u{FEFF}"
        for row in [header] + rows { text += row.map { Escaping.csvField($0) }.joined(separator: ",") + "\r\n" }
        return Data(text.utf8)
    }

    /// One table of the report: its file name (`student_week.csv`), header and rows.
    public struct Table: Sendable {
        public var file: String
        public var header: [String]
        public var rows: [[String]]
    }

    private func file(_ name: String, _ header: [String], _ rows: [[String]]) -> Table {
        Table(file: name, header: header, rows: rows)
    }

    /// The files under `csv/`, one per table.
    public func files() -> [ReportFile] {
        tables().map { ReportFile(path: "csv/" + $0.file, data: CSVReport.table($0.header, $0.rows)) }
    }

    private func kind(_ k: Entry.Kind) -> String {
        switch k {
        case .regular: labels.regularLesson
        case .ownSchool: labels.ownSchoolLesson
        case .inPerson: labels.inPerson
        case .online: labels.online
        case .roomRegular: labels.regularUse
        case .joiners: labels.onlineJoiners
        }
    }

    private func yes(_ b: Bool) -> String { b ? labels.t("да", "yes") : labels.t("нет", "no") }

    /// Every table, in the order of the list above (the CSV files and the sheets of a solution workbook).
    public func tables() -> [Table] {
        let l = labels
        let period = report.periods
        var out: [Table] = []

        var rows: [[String]] = []
        for s in report.students {
            for d in s.week {
                for c in d.cells {
                    let p = period[c.period - 1]
                    let base = [s.id, d.day, "\(c.period)", p.start, p.end]
                    let status = [c.place ?? "", yes(c.travelling)]
                    if c.entries.isEmpty { rows.append(base + [c.travelling ? l.travelling : l.free, "", "", "", "", "", ""] + status) }
                    for e in c.entries {
                        let from = e.fromHome == true ? l.fromHome : e.joinRoom ?? ""
                        rows.append(base + [kind(e.kind), e.course ?? "", e.section ?? "", e.teacher ?? "", e.site ?? "", e.room ?? "", from] + status)
                    }
                }
            }
        }
        out.append(file("student_week.csv", [l.student, l.day, l.period, l.t("Начало", "Start"), l.t("Конец", "End"), l.t("Что", "What"),
                                             l.course, l.section, l.teacher, l.site, l.room, l.joinsFrom, l.t("Где ученик", "Where"),
                                             l.travelling], rows))

        rows = []
        for t in report.teachers {
            for d in t.week {
                for c in d.cells where !c.entries.isEmpty || c.travelling {
                    let p = period[c.period - 1]
                    let base = [t.id, d.day, "\(c.period)", p.start, p.end]
                    if c.entries.isEmpty { rows.append(base + [l.travelling, "", "", "", "", ""]) }
                    for e in c.entries {
                        rows.append(base + [kind(e.kind), e.course ?? "", e.section ?? "", e.site ?? "", e.room ?? "", e.students.map(String.init) ?? ""])
                    }
                }
            }
        }
        out.append(file("teacher_week.csv", [l.teacher, l.day, l.period, l.t("Начало", "Start"), l.t("Конец", "End"), l.t("Что", "What"),
                                             l.course, l.section, l.site, l.room, l.studentsTitle], rows))

        rows = []
        for r in report.rooms {
            for d in r.week {
                for c in d.cells {
                    let p = period[c.period - 1]
                    for e in c.entries {
                        rows.append([r.id, r.site, d.day, "\(c.period)", p.start, p.end, kind(e.kind), e.course ?? "", e.section ?? "",
                                     e.teacher ?? "", e.students.map(String.init) ?? ""])
                    }
                }
            }
        }
        out.append(file("room_week.csv", [l.room, l.site, l.day, l.period, l.t("Начало", "Start"), l.t("Конец", "End"), l.t("Что", "What"),
                                          l.course, l.section, l.teacher, l.studentsTitle], rows))

        rows = []
        for s in report.students {
            for d in s.week { for leg in d.legs { rows.append(legRow(d.day, s.id, l.roleStudent, leg)) } }
        }
        for t in report.teachers {
            for d in t.week { for leg in d.legs { rows.append(legRow(d.day, t.id, l.roleTeacher, leg)) } }
        }
        out.append(file("trips.csv", [l.day, l.person, l.role, l.from, l.to, l.depart, l.arrive, l.minutesLabel, l.bus], rows))

        rows = []
        for d in report.transport.days {
            for t in d.trips {
                let people = t.passengers.map { "\($0.person) (\($0.from) \($0.depart)–\($0.to) \($0.arrive))" }.joined(separator: "; ")
                rows.append([d.day, t.depart, t.arrive, t.from, t.to, t.busRun ?? l.road, t.seats.map(String.init) ?? "",
                             "\(t.passengers.count)", "\(t.passengers.filter { $0.role == .student }.count)", people, "\(t.passengerMinutes)",
                             yes(t.carriesStudents)])
            }
        }
        out.append(file("transport.csv", [l.day, l.depart, l.arrive, l.from, l.to, l.vehicle, l.capacity, l.passengers, l.studentsTitle,
                                          l.t("Список пассажиров", "Passenger list"), l.passengerMinutes,
                                          l.t("Рейс с учениками", "Carries students")], rows))

        rows = []
        var enrolments: [[String]] = []
        for c in report.courses {
            for s in c.sections {
                let meetings = s.meetings.map {
                    "\($0.day) \($0.period)+\($0.length) \($0.start)-\($0.end) \($0.room)" + ($0.online == true ? " \(l.online)" : "")
                }.joined(separator: "; ")
                rows.append([c.id, s.id, s.teacher, l.modeName(s.mode), s.site, meetings, "\(s.students.count)", "\(s.limit)"])
                for e in s.students {
                    enrolments.append([c.id, s.id, e.student, e.homeSite, "\(e.grade)", "\(e.request + 1)",
                                       e.fromHome == true ? l.fromHome : e.joinRoom ?? ""])
                }
            }
        }
        out.append(file("sections.csv", [l.course, l.section, l.teacher, l.mode, l.site, l.meetings, l.size, l.t("Предел", "Limit")], rows))
        out.append(file("enrolments.csv", [l.course, l.section, l.student, l.homeSchool, l.grade, l.request, l.joinsFrom], enrolments))

        rows = []
        for s in report.students {
            for r in s.requests {
                let asked = r.alternatives.map { reasons.alternative(course: $0.course, mode: $0.mode, site: $0.site) }.joined(separator: " / ")
                if let g = r.granted {
                    rows.append([s.id, "\(r.index + 1)", r.label ?? "", r.required ? l.required : l.elective, Labels.number(r.weight), asked,
                                 l.granted, "\(g.alternative + 1)", g.course, g.section, l.modeName(g.mode), "", ""])
                } else {
                    let why = r.explanation.map { e in
                        ((e.group.map { [reasons.group($0)] } ?? []) + e.reasons.map(reasons.text)).joined(separator: " | ")
                    } ?? ""
                    rows.append([s.id, "\(r.index + 1)", r.label ?? "", r.required ? l.required : l.elective, Labels.number(r.weight), asked,
                                 l.notGranted, "", "", "", "", why, r.explanation?.engineReason ?? ""])
                }
            }
        }
        out.append(file("requests.csv", [l.student, l.request, l.t("Метка", "Label"), l.t("Вид", "Kind"), l.weight,
                                         l.t("Альтернативы", "Alternatives"), l.t("Статус", "Status"), l.t("Альтернатива", "Alternative"),
                                         l.course, l.section, l.mode, l.why, l.engineSaid], rows))

        let s = report.summary
        out.append(file("summary.csv", [l.t("Показатель", "Measure"), l.value], [
            [l.t("Расписание допустимо", "Feasible"), yes(s.feasible)],
            [l.violations, "\(s.violations)"],
            [l.allRequests, "\(s.requests)"], [l.allRequests + ": " + l.satisfied, "\(s.satisfiedRequests)"],
            [l.requiredRequests, "\(s.requiredRequests)"], [l.requiredRequests + ": " + l.satisfied, "\(s.requiredSatisfied)"],
            [l.electiveRequests, "\(s.electiveRequests)"], [l.electiveRequests + ": " + l.satisfied, "\(s.electiveSatisfied)"],
            [l.sections, "\(s.sections)"],
            [l.enrolments + " (" + l.inPerson + ")", "\(s.inPersonEnrolments)"], [l.enrolments + " (" + l.online + ")", "\(s.onlineEnrolments)"],
            [l.onlineShare, Labels.number((s.onlineShare * 10000).rounded() / 10000)],
            [l.studentTravel + " (" + l.minutesLabel.lowercased() + ")", "\(s.studentTravelMinutes)"],
            [l.teacherTravel + " (" + l.minutesLabel.lowercased() + ")", "\(s.teacherTravelMinutes)"],
            [l.legs, "\(s.legs)"], [l.vehicleTrips, "\(report.transport.vehicleTrips)"],
            [l.objective, Labels.number(s.objective)],
        ]))
        out.append(file("schools.csv", [l.site, l.studentsTitle, l.requests, l.satisfied, l.requiredRequests,
                                        l.requiredRequests + ": " + l.satisfied, l.inPerson, l.online], s.bySchool.map {
            [$0.site, "\($0.students)", "\($0.requests)", "\($0.satisfied)", "\($0.requiredRequests)", "\($0.requiredSatisfied)",
             "\($0.inPersonEnrolments)", "\($0.onlineEnrolments)"]
        }))
        if let c = s.coverage {
            let rows = c.schools + [c.network]
            out.append(file("coverage.csv", [l.school, l.studentsInInstance, l.coveredStudents, l.seniorHeadcount, l.coverageBasisTitle,
                                             l.t("Знаменатель", "Denominator"), l.coverageShare, l.coverageTarget, l.t("Цель достигнута", "Target met")],
                            rows.map { r in
                [r.site ?? l.network, "\(r.students)", "\(r.covered)", r.headcount.map(String.init) ?? "", l.coverageBasis(r.basis),
                 "\(r.denominator)", r.share.map { String(format: "%.4f", $0) } ?? "", c.target.map { Labels.number($0) } ?? "",
                 r.targetMet.map(yes) ?? ""]
            }))
        }
        out.append(file("teacher_hours.csv", [l.teacher, l.weeklyLoad, l.t("Максимум", "Maximum")],
                        s.teacherHours.map { [$0.teacher, "\($0.periods)", "\($0.max)"] }))
        out.append(file("objective.csv", [l.term, l.t("Название", "Name"), l.value, l.weight, l.cost], s.terms.map {
            [$0.name.rawValue, l.termName($0.name), Labels.number($0.value), Labels.number($0.weight), Labels.number($0.cost)]
        }))
        return out
    }

    private func legRow(_ day: String, _ who: String, _ role: String, _ leg: TripLeg) -> [String] {
        [day, who, role, leg.from, leg.to, leg.depart, leg.arrive, "\(leg.minutes)", leg.busRun ?? labels.road]
    }
}
