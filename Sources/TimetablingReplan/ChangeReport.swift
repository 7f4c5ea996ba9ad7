import Foundation
import TimetablingCore
import TimetablingEngines
import TimetablingReports

/// What a re-plan changed, for whom: every student and teacher whose timetable or route differs
/// from the published solution (old → new), and every request that could not be accommodated
/// with the reason computed from the data (``Explainer``). Its JSON form is documented in
/// `docs/REPLAN.md`.
///
/// ```swift
/// let report = ChangeReport(problem: problem, published: applied.reference, solution: solution, check: check, effects: applied.effects)
/// for person in report.people { print(person.person, person.changes.count) }
/// ```
public struct ChangeReport: Codable, Sendable, Equatable {
    /// What each change of the file did (and whether it was applied).
    public var changes: [ChangeEffect]
    /// Whether the new solution meets every hard rule.
    public var feasible: Bool
    public var summary: Summary
    /// Everyone whose timetable or route changed, students first, in instance order.
    public var people: [PersonChanges]
    /// Requests the new solution does not grant that the published one did, or that a change added.
    public var notAccommodated: [NotAccommodated]
    /// The language of the texts (`summary` and `reason` of changes, `reason` of requests not
    /// accommodated) after ``localized(_:)``; absent: English.
    public var language: ReportLanguage?

    /// This report with every text in `language` (the report formats use it; the JSON the
    /// library builds is in English).
    public func localized(_ language: ReportLanguage) -> ChangeReport {
        var out = self
        out.language = language
        for i in out.changes.indices {
            if let s = out.changes[i].summaries[language] { out.changes[i].summary = s }
            if let r = out.changes[i].reasons[language] { out.changes[i].reason = r }
        }
        for i in out.notAccommodated.indices {
            if let r = out.notAccommodated[i].reasons[language] { out.notAccommodated[i].reason = r }
        }
        return out
    }

    public struct Summary: Codable, Sendable, Equatable {
        public var studentsAffected: Int
        public var teachersAffected: Int
        /// The change terms (docs/RULES.md) of the new solution.
        public var movedEnrolments: Int
        public var changedEnrolments: Int
        public var changedTeacherPeriods: Int
        public var changedRoutes: Int
        public var notAccommodated: Int
    }

    public struct PersonChanges: Codable, Sendable, Equatable {
        public var person: String
        public var role: Solution.Itinerary.Role
        public var name: String?
        public var changes: [Item]
    }

    /// One change of one person's week.
    public struct Item: Codable, Sendable, Equatable {
        /// `enrolment` (a student's request: section, times, room, teacher), `lesson` (a teacher's
        /// lesson at a day and period), or `route` (a day's trips).
        public var what: String
        public var request: Int?
        public var course: String?
        public var day: String?
        public var period: Int?
        /// The published state, nil when there was none (a new enrolment or trip).
        public var old: String?
        /// The new state, nil when there is none any more.
        public var new: String?
    }

    public struct NotAccommodated: Codable, Sendable, Equatable {
        public var student: String
        public var request: Int
        public var label: String?
        public var required: Bool
        /// Whether the published solution granted it (else it is new or was never granted).
        public var wasGranted: Bool
        /// For people, from the explanation.
        public var reason: String
        public var explanation: RequestExplanation?
        /// ``reason`` in every report language (not part of the JSON).
        public var reasons: [ReportLanguage: String] = [:]

        enum CodingKeys: String, CodingKey { case student, request, label, required, wasGranted, reason, explanation }
    }

    public init(problem: Problem, published: Solution, solution: Solution, check: CheckReport, effects: [ChangeEffect]) {
        let inst = problem.instance
        changes = effects
        feasible = check.feasible
        var people: [PersonChanges] = []
        func meetings(_ s: Solution.Section) -> String {
            s.meetings.sorted { (inst.calendar.days.firstIndex(of: $0.day) ?? 0, $0.period) < (inst.calendar.days.firstIndex(of: $1.day) ?? 0, $1.period) }
                .map { "\($0.day) \($0.period)\($0.length > 1 ? "-\($0.period + $0.length - 1)" : "") \($0.room)" }
                .joined(separator: ", ")
        }
        func describe(_ s: Solution.Section) -> String {
            "\(s.id) (\(s.course), \(s.mode == .online ? "online from \(s.site)" : "at \(s.site)"), \(s.teacher)): \(meetings(s))"
        }
        func legs(_ list: [Solution.Leg]) -> String {
            list.map { "\($0.from)→\($0.to) \($0.depart)–\($0.arrive)\($0.busRun.map { " (\($0))" } ?? "")" }.joined(separator: ", ")
        }
        let oldSections = Dictionary(published.sections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let newSections = Dictionary(solution.sections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func byKey(_ sol: Solution) -> [String: Solution.Assignment] {
            var out: [String: Solution.Assignment] = [:]
            for a in sol.assignments where out["\(a.student)#\(a.request)"] == nil { out["\(a.student)#\(a.request)"] = a }
            return out
        }
        let oldAssign = byKey(published), newAssign = byKey(solution)
        func routes(_ sol: Solution, _ role: Solution.Itinerary.Role) -> [String: [Solution.Leg]] {
            var out: [String: [Solution.Leg]] = [:]
            for it in sol.itineraries where it.role == role && !it.legs.isEmpty { out["\(it.person)#\(it.day)"] = it.legs }
            return out
        }
        func routeItems(_ id: String, _ role: Solution.Itinerary.Role, old: [String: [Solution.Leg]], new: [String: [Solution.Leg]]) -> [Item] {
            inst.calendar.days.compactMap { day in
                let a = old["\(id)#\(day)"] ?? [], b = new["\(id)#\(day)"] ?? []
                guard a != b else { return nil }
                return Item(what: "route", day: day, old: a.isEmpty ? nil : legs(a), new: b.isEmpty ? nil : legs(b))
            }
        }
        let oldStudentRoutes = routes(published, .student), newStudentRoutes = routes(solution, .student)
        var studentsAffected = 0
        for student in inst.students {
            var items: [Item] = []
            for r in student.requests.indices {
                let key = "\(student.id)#\(r)"
                let a = oldAssign[key].flatMap { oldSections[$0.section] }, b = newAssign[key].flatMap { newSections[$0.section] }
                let da = a.map(describe), db = b.map(describe)
                if da != db {
                    items.append(Item(what: "enrolment", request: r, course: b?.course ?? a?.course, old: da, new: db))
                }
            }
            items += routeItems(student.id, .student, old: oldStudentRoutes, new: newStudentRoutes)
            if !items.isEmpty {
                studentsAffected += 1
                people.append(PersonChanges(person: student.id, role: .student, name: student.name, changes: items))
            }
        }
        // Teachers: lesson by lesson (day, period), then routes.
        func lessons(_ sol: Solution) -> [String: String] {
            var out: [String: String] = [:]
            for s in sol.sections {
                for m in s.meetings {
                    for k in 0..<max(m.length, 1) {
                        out["\(s.teacher)#\(m.day)#\(m.period + k)"] = "\(s.id) (\(s.course)) \(s.mode == .online ? "online from" : "at") \(s.site), \(m.room)"
                    }
                }
            }
            return out
        }
        let oldLessons = lessons(published), newLessons = lessons(solution)
        let oldTeacherRoutes = routes(published, .teacher), newTeacherRoutes = routes(solution, .teacher)
        var teachersAffected = 0
        for teacher in inst.teachers {
            var items: [Item] = []
            for day in inst.calendar.days {
                for p in 1...max(inst.calendar.periods.count, 1) {
                    let key = "\(teacher.id)#\(day)#\(p)"
                    if oldLessons[key] != newLessons[key] {
                        items.append(Item(what: "lesson", day: day, period: p, old: oldLessons[key], new: newLessons[key]))
                    }
                }
            }
            items += routeItems(teacher.id, .teacher, old: oldTeacherRoutes, new: newTeacherRoutes)
            if !items.isEmpty {
                teachersAffected += 1
                people.append(PersonChanges(person: teacher.id, role: .teacher, name: teacher.name, changes: items))
            }
        }
        self.people = people

        // Not accommodated: granted before and not now, or unmet and added by a change.
        let explainer = check.usable ? try? Explainer(problem: problem, solution: solution) : nil
        let texts = ReportLanguage.allCases.map { ($0, ReasonText($0, inst)) }
        let unmetBefore = Set(published.unsatisfied.map { "\($0.student)#\($0.request)" })
        var missing: [NotAccommodated] = []
        for student in inst.students {
            for (r, request) in student.requests.enumerated() where newAssign["\(student.id)#\(r)"] == nil {
                let was = oldAssign["\(student.id)#\(r)"] != nil
                // Requests unmet in the published solution already are not news.
                guard was || !unmetBefore.contains("\(student.id)#\(r)") else { continue }
                let explanation = explainer?.explain(student: student.id, request: r)
                let engineReason = solution.unsatisfied.first { $0.student == student.id && $0.request == r }?.reason
                var reasons: [ReportLanguage: String] = [:]
                for (language, text) in texts {
                    reasons[language] = explanation.map(text.describe) ?? engineReason ?? Labels(language).t("не выполнен", "not granted")
                }
                missing.append(NotAccommodated(student: student.id, request: r, label: request.id, required: request.required,
                                               wasGranted: was, reason: reasons[.en] ?? "not granted", explanation: explanation,
                                               reasons: reasons))
            }
        }
        notAccommodated = missing
        func value(_ t: SoftTerm) -> Int { Int(check.terms[t]?.value ?? 0) }
        summary = Summary(studentsAffected: studentsAffected, teachersAffected: teachersAffected,
                          movedEnrolments: value(.movedEnrolments), changedEnrolments: value(.changedEnrolments),
                          changedTeacherPeriods: value(.changedTeacherPeriods), changedRoutes: value(.changedRoutes),
                          notAccommodated: missing.count)
    }
}
