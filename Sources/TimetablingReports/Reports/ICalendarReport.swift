import Foundation
import TimetablingCore

/// Renders a ``TimetableReport`` as iCalendar files (RFC 5545): `ics/students/ID.ics` and
/// `ics/teachers/ID.ics`, to import into a phone's or a school portal's calendar.
///
/// Each network lesson (a double period is one event) and each trip is a weekly recurring
/// event over the term (`RRULE:FREQ=WEEKLY;UNTIL=…`), first on the term's first matching
/// weekday, with `LOCATION` the site and room (or where the student joins an online lesson
/// from). Times are local "floating" times, as the instance's clock times are: every site of a
/// network lies in one time zone. Lines end in CRLF and are folded at 75 octets; text is
/// escaped; every event has a stable `UID` and the `DTSTAMP` of the rendering.
///
/// Regular lessons of the home school are not included: the school's own timetable has them.
public struct ICalendarReport {
    let report: TimetableReport
    let labels: Labels
    let names: DisplayNames
    let options: ReportOptions

    public init(_ report: TimetableReport, instance: Instance, options: ReportOptions) {
        self.report = report
        labels = Labels(options.language)
        names = DisplayNames(instance)
        self.options = options
    }

    public func files() -> [ReportFile] {
        var out: [ReportFile] = []
        var studentFiles = FileNames(), teacherFiles = FileNames()
        for s in report.students {
            let title = "\(names.student(s.id)) — \(labels.networkReport)"
            out.append(ReportFile(path: "ics/students/\(studentFiles.name(for: s.id)).ics",
                                  text: calendar(title: title, events: events(person: s.id, week: s.week, student: true))))
        }
        for t in report.teachers {
            let title = "\(names.teacher(t.id)) — \(labels.networkReport)"
            out.append(ReportFile(path: "ics/teachers/\(teacherFiles.name(for: t.id)).ics",
                                  text: calendar(title: title, events: events(person: t.id, week: t.week, student: false))))
        }
        return out
    }

    // MARK: Events

    struct Event {
        var uid: String
        var day: String
        var start: String
        var end: String
        var summary: String
        var location: String
        var description: String
        var category: String
    }

    func events(person: String, week: [WeekDay], student: Bool) -> [Event] {
        var out: [Event] = []
        for day in week {
            for cell in day.cells {
                for e in cell.entries where e.kind == .inPerson || e.kind == .online {
                    guard let first = e.meetingStart, first == cell.period, let length = e.meetingLength else { continue }
                    let start = report.periods[first - 1].start
                    let end = report.periods[min(first + length - 1, report.periods.count) - 1].end
                    let course = e.course.map(names.course) ?? ""
                    let teacher = e.teacher.map(names.teacher) ?? ""
                    let place = (e.site.map(names.siteFull) ?? "") + (e.room.map { ", " + names.room($0) } ?? "")
                    var location = place, mode = labels.inPerson
                    if e.kind == .online {
                        mode = labels.online
                        if student {
                            let home = cell.place.map(names.siteFull) ?? ""
                            location = labels.online + ": " + (e.fromHome == true ? labels.fromHome : home + (e.joinRoom.map { ", " + names.room($0) } ?? ""))
                        } else {
                            location = labels.online + ": " + place
                        }
                    }
                    var lines = ["\(labels.section): \(e.section ?? "")", "\(labels.mode): \(mode)"]
                    if student { lines.append("\(labels.teacher): \(teacher)") } else if let n = e.students { lines.append(labels.students(n)) }
                    if e.kind == .online { lines.append("\(labels.t("Педагог ведёт из", "Taught from")): \(place)") }
                    out.append(Event(uid: uid(person, e.section ?? "lesson", day.day, "p\(first)"), day: day.day, start: start, end: end,
                                     summary: course, location: location, description: lines.joined(separator: "\n"),
                                     category: labels.t("Занятие сети", "Network lesson")))
                }
            }
            for (k, leg) in day.legs.enumerated() {
                let how = leg.busRun.map { labels.bus + " " + $0 } ?? labels.road
                out.append(Event(uid: uid(person, "trip", day.day, "\(k + 1)"), day: day.day, start: leg.depart, end: leg.arrive,
                                 summary: "\(labels.t("Поездка", "Trip")): \(names.site(leg.from)) → \(names.site(leg.to))",
                                 location: names.siteFull(leg.from),
                                 description: "\(how)\n\(leg.depart)–\(leg.arrive), \(labels.minutes(leg.minutes))",
                                 category: labels.trips))
            }
        }
        return out
    }

    /// A stable unique id: person, thing, day and period, at the instance.
    private func uid(_ parts: String...) -> String {
        let safe = { (s: String) in String(s.unicodeScalars.map { $0.value < 128 && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) ? Character($0) : "_" }) }
        return parts.map(safe).joined(separator: "-") + "@" + safe(report.instance) + ".netsched"
    }

    // MARK: Text

    /// The calendar: one VCALENDAR with the events, folded and CRLF-terminated.
    func calendar(title: String, events: [Event]) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//NetworkTimetabling//netsched report//\(options.language.rawValue.uppercased())",
                     "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + ICalendarText.escape(title)]
        let stamp = ICalendarText.utcStamp(options.timestamp)
        let until = options.term.end.compact + "T235959"
        for e in events {
            let weekday = Labels.weekday(of: e.day) ?? report.days.firstIndex(of: e.day) ?? 0
            let first = options.term.start.next(weekday: weekday)
            guard first <= options.term.end else { continue }
            lines += [
                "BEGIN:VEVENT",
                "UID:" + e.uid,
                "DTSTAMP:" + stamp,
                "DTSTART:" + first.compact + "T" + e.start.replacingOccurrences(of: ":", with: "") + "00",
                "DTEND:" + first.compact + "T" + e.end.replacingOccurrences(of: ":", with: "") + "00",
                "RRULE:FREQ=WEEKLY;UNTIL=" + until,
                "SUMMARY:" + ICalendarText.escape(e.summary),
                "LOCATION:" + ICalendarText.escape(e.location),
                "DESCRIPTION:" + ICalendarText.escape(e.description),
                "CATEGORIES:" + ICalendarText.escape(e.category),
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.fold).joined(separator: "\r\n") + "\r\n"
    }
}

/// RFC 5545 text rules: escaping of TEXT values, folding of long lines, UTC timestamps.
enum ICalendarText {
    /// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a content line so that no line is longer than 75 octets, never splitting a UTF-8
    /// character; continuation lines begin with one space (RFC 5545 §3.1). Joined with CRLF.
    static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line }
        var parts: [String] = []
        var i = 0, limit = 75
        while i < bytes.count {
            var j = min(i + limit, bytes.count)
            while j < bytes.count && j > i && (bytes[j] & 0xC0) == 0x80 { j -= 1 }   // not inside a character
            parts.append(String(decoding: bytes[i..<j], as: UTF8.self))
            i = j
            limit = 74   // the leading space counts
        }
        return parts.joined(separator: "\r\n ")
    }

    /// `20250901T083000Z`.
    static func utcStamp(_ date: Date) -> String {
        let c = Calendar.gregorianUTC.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
