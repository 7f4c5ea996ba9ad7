import Foundation
import TimetablingCore
import TimetablingEngines
import TimetablingReports

/// An instance with a ``ChangeSet`` applied, and the published solution translated to it.
public struct AppliedChanges: Sendable {
    /// The instance to re-plan: the old one with every change applied.
    public var instance: Instance
    /// The published solution in the new instance's terms: request and alternative indexes
    /// renumbered, sections of closed courses and enrolments of dropped requests left out. The
    /// change terms are measured against it.
    public var reference: Solution
    /// What applying each change did, in the order of the file (for the change report).
    public var effects: [ChangeEffect]
}

/// What applying one change did to the instance.
public struct ChangeEffect: Codable, Sendable, Equatable {
    /// Index of the change in the file.
    public var change: Int
    public var kind: Change.Kind
    public var hard: Bool
    /// For people: "teacher t-belova unavailable on mon (7 periods)".
    public var summary: String
    /// Whether the change is in the re-planned instance (a soft change may be left out when the
    /// re-plan cannot honour it; see ``Replanner``).
    public var applied: Bool
    /// Why a soft change was left out.
    public var reason: String?
    /// ``summary`` and ``reason`` in every report language (not part of the JSON; see
    /// ``ChangeReport/localized(_:)``, which puts one language into the two fields).
    public var summaries: [ReportLanguage: String] = [:]
    public var reasons: [ReportLanguage: String] = [:]

    enum CodingKeys: String, CodingKey { case change, kind, hard, summary, applied, reason }

    public init(change: Int, kind: Change.Kind, hard: Bool, summary: String, applied: Bool, reason: String? = nil) {
        self.change = change
        self.kind = kind
        self.hard = hard
        self.summary = summary
        self.applied = applied
        self.reason = reason
    }

    /// Sets the summary in every language (``summary`` is the English one).
    mutating func setSummary(_ text: (Labels) -> String) {
        for language in ReportLanguage.allCases { summaries[language] = text(Labels(language)) }
        summary = summaries[.en] ?? summary
    }

    /// Sets why the change was left out, in every language (``reason`` is the English one).
    public mutating func setReason(_ text: (Labels) -> String) {
        for language in ReportLanguage.allCases { reasons[language] = text(Labels(language)) }
        reason = reasons[.en]
    }
}

extension ChangeSet {
    /// Applies every change to `instance` (in file order; request indexes of `dropRequest` refer
    /// to the instance as given) and translates `published` to the result. Throws ``InputError``
    /// with every problem found, each with its place in the changes file (`changes[2].teacher:
    /// unknown teacher "t-x"`) or, for problems of the resulting instance, its place there.
    /// `skipping` lists changes to leave out (soft changes the re-plan could not honour).
    public func apply(to instance: Instance, published: Solution, skipping: Set<Int> = []) throws(InputError) -> AppliedChanges {
        var d = DiagnosticList()
        var inst = instance
        if formatVersion != 1 { d.error("formatVersion", "unsupported format version \(formatVersion)", fix: "set it to 1") }
        let days = inst.calendar.days, periodCount = inst.calendar.periods.count
        let allPeriods = Array(1...max(periodCount, 1))
        var studentIndex: [String: Int] = [:]
        for (i, s) in inst.students.enumerated() where studentIndex[s.id] == nil { studentIndex[s.id] = i }
        let originalCount = inst.students.count
        /// Per student: original request index → dropped (hard), or kept with new flags.
        var hardDropped = Set<Int>()  // (student << 20) + request
        var softDropped = Set<Int>()
        var effects: [ChangeEffect] = []
        /// Paths of the new instance that came from a change, for error messages.
        var origin: [(instancePath: String, changePath: String)] = []

        func unknown(_ path: String, _ kind: String, _ id: String, _ known: [String]) {
            let sorted = known.sorted()
            d.error(path, "unknown \(kind) \"\(id)\"",
                    fix: sorted.isEmpty ? "there are no \(kind)s" : "use one of: " + sorted.prefix(8).joined(separator: ", ") + (sorted.count > 8 ? ", …" : ""))
        }
        /// The periods a change names: `days` (whole days), `periods`, or every period of the week.
        func periodsOf(_ c: Change, path: String) -> BusyPeriods {
            var out: BusyPeriods = [:]
            for (k, day) in (c.days ?? []).enumerated() {
                if days.contains(day) { out[day] = allPeriods } else {
                    d.error("\(path).days[\(k)]", "unknown day \"\(day)\"", fix: "use one of calendar.days: \(days.joined(separator: ", "))")
                }
            }
            for (day, list) in (c.periods ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard days.contains(day) else {
                    d.error("\(path).periods.\(day)", "unknown day \"\(day)\"", fix: "use one of calendar.days: \(days.joined(separator: ", "))")
                    continue
                }
                for (k, p) in list.enumerated() where p < 1 || p > periodCount {
                    d.error("\(path).periods.\(day)[\(k)]", "period \(p) does not exist", fix: "periods are numbered 1...\(periodCount)")
                }
                out[day] = Array(Set((out[day] ?? []) + list.filter { $0 >= 1 && $0 <= periodCount })).sorted()
            }
            if c.days == nil && c.periods == nil {
                for day in days { out[day] = allPeriods }
            }
            return out
        }
        func describe(_ busy: BusyPeriods, _ l: Labels) -> String {
            let total = busy.values.reduce(0) { $0 + $1.count }
            if total == days.count * periodCount { return l.t("вся неделя", "all week") }
            func day(_ id: String) -> String { l.language == .en ? id : l.dayShort(id) }
            return days.compactMap { d in busy[d].map { $0.count == periodCount ? day(d) : "\(day(d)) \($0.map(String.init).joined(separator: ","))" } }
                .joined(separator: "; ")
        }
        func merge(_ busy: inout BusyPeriods, _ more: BusyPeriods) {
            for (day, list) in more { busy[day] = Array(Set((busy[day] ?? []) + list)).sorted() }
        }
        func dates(_ c: Change, _ l: Labels) -> String {
            switch (c.from, c.until) {
            case let (f?, u?): l.t(" с \(f) по \(u)", " from \(f) until \(u)")
            case let (f?, nil): l.t(" с \(f)", " from \(f)")
            case let (nil, u?): l.t(" по \(u)", " until \(u)")
            default: ""
            }
        }

        var closedCourses = Set<String>()
        for (i, c) in changes.enumerated() {
            let path = "changes[\(i)]"
            var summary: (Labels) -> String = { _ in "" }
            let skip = skipping.contains(i)
            switch c.kind {
            case .addRequest:
                guard let id = c.student, case let .request(request)? = c.request else { break }
                guard let s = studentIndex[id] else {
                    unknown(path + ".student", "student", id, Array(studentIndex.keys))
                    break
                }
                var r = request
                r.required = c.hard
                let label = r.id.map { "\"\($0)\"" } ?? "(\(r.alternatives.map(\.course).joined(separator: " / ")))"
                summary = { l in
                    l.t("ученик \(id) добавляет запрос \(label)", "student \(id) adds request \(label)")
                        + (c.hard ? l.t(" (обязательный)", " (required)") : l.t(" (по выбору)", " (elective)"))
                }
                if !skip {
                    origin.append(("students[\(s)].requests[\(inst.students[s].requests.count)]", path + ".request"))
                    inst.students[s].requests.append(r)
                }
            case .dropRequest:
                guard let id = c.student, case let .index(j)? = c.request else { break }
                guard let s = studentIndex[id] else {
                    unknown(path + ".student", "student", id, Array(studentIndex.keys))
                    break
                }
                guard s < originalCount, j >= 0, j < instance.students[s].requests.count else {
                    d.error(path + ".request", "student \(id) has no request \(j) in the instance",
                            fix: instance.students[min(s, originalCount - 1)].requests.isEmpty || s >= originalCount
                                ? "the student has no requests to drop" : "give 0...\(instance.students[s].requests.count - 1)")
                    break
                }
                // A group's request comes back with the group (Instance.withGroupRequests): it cannot be dropped alone.
                if let rid = instance.students[s].requests[j].id,
                   let g = instance.groups.first(where: { $0.id == rid && $0.members(in: instance.students).contains(s) }) {
                    d.error(path + ".request", "request \(j) of student \(id) is the request of group \(g.id)"
                            + (g.schoolClass.map { " (class \($0), attending together)" } ?? " (attending together)")
                            + ": a member cannot drop it alone",
                            fix: g.schoolClass != nil ? "move the student to another class, or change the group in the instance"
                                : "take the student out of the group's students in the instance")
                    break
                }
                let label = instance.students[s].requests[j].id.map { "\"\($0)\"" } ?? "\(j)"
                summary = { l in
                    l.t("ученик \(id) отказывается от запроса \(label)", "student \(id) drops request \(label)")
                        + (c.hard ? "" : l.t(" (место остаётся, только где уход обойдётся дороже)", " (kept only where leaving costs more)"))
                }
                if !skip {
                    if c.hard { hardDropped.insert((s << 20) + j) } else {
                        softDropped.insert((s << 20) + j)
                        inst.students[s].requests[j].required = false
                        inst.students[s].requests[j].weight = 0
                    }
                }
            case .teacherUnavailable:
                guard let id = c.teacher else { break }
                let busy = periodsOf(c, path: path)
                guard let t = inst.teachers.firstIndex(where: { $0.id == id }) else {
                    unknown(path + ".teacher", "teacher", id, inst.teachers.map(\.id))
                    break
                }
                summary = { l in l.t("педагог \(id) недоступен: ", "teacher \(id) unavailable: ") + describe(busy, l) + dates(c, l) }
                if !skip { merge(&inst.teachers[t].busy, busy) }
            case .roomUnavailable:
                guard let id = c.room else { break }
                let busy = periodsOf(c, path: path)
                guard let r = inst.rooms.firstIndex(where: { $0.id == id }) else {
                    unknown(path + ".room", "room", id, inst.rooms.map(\.id))
                    break
                }
                summary = { l in l.t("кабинет \(id) недоступен: ", "room \(id) unavailable: ") + describe(busy, l) + dates(c, l) }
                if !skip { merge(&inst.rooms[r].busy, busy) }
            case .siteUnavailable:
                guard let id = c.site else { break }
                let busy = periodsOf(c, path: path)
                guard inst.sites.contains(where: { $0.id == id }) else {
                    unknown(path + ".site", "site", id, inst.sites.map(\.id))
                    break
                }
                let rooms = inst.rooms.indices.filter { inst.rooms[$0].site == id }
                summary = { l in
                    l.t("площадка \(id) недоступна", "site \(id) unavailable")
                        + " (\(l.count(rooms.count, ru: ("кабинет", "кабинета", "кабинетов"), en: ("room", "rooms")))): " + describe(busy, l) + dates(c, l)
                }
                if !skip { for r in rooms { merge(&inst.rooms[r].busy, busy) } }
            case .busRunUnavailable:
                guard let id = c.busRun else { break }
                guard let b = inst.transport.busRuns.firstIndex(where: { $0.id == id }) else {
                    unknown(path + ".busRun", "bus run", id, inst.transport.busRuns.map(\.id))
                    break
                }
                var off = Set(inst.transport.busRuns[b].days)
                if let list = c.days {
                    off = []
                    for (k, day) in list.enumerated() {
                        if !days.contains(day) {
                            d.error("\(path).days[\(k)]", "unknown day \"\(day)\"", fix: "use one of calendar.days: \(days.joined(separator: ", "))")
                        } else if !inst.transport.busRuns[b].days.contains(day) {
                            d.error("\(path).days[\(k)]", "bus run \(id) does not operate on \(day)",
                                    fix: "use one of its days: \(inst.transport.busRuns[b].days.joined(separator: ", "))")
                        } else {
                            off.insert(day)
                        }
                    }
                }
                let offDays = days.filter { off.contains($0) }
                summary = { l in
                    l.t("рейс \(id) не ходит: \(offDays.map { l.dayShort($0) }.joined(separator: ", "))",
                        "bus run \(id) does not operate on \(offDays.joined(separator: ", "))") + dates(c, l)
                }
                if !skip { inst.transport.busRuns[b].days.removeAll { off.contains($0) } }
            case .newStudents:
                guard let list = c.students else { break }
                summary = { l in
                    l.count(list.count, ru: ("новый ученик", "новых ученика", "новых учеников"), en: ("new student", "new students"))
                        + ": " + list.map(\.id).joined(separator: ", ") + (c.hard ? "" : l.t(" (все запросы по выбору)", " (all requests elective)"))
                }
                if !skip {
                    for (k, var st) in list.enumerated() {
                        if let first = studentIndex[st.id] {
                            d.error("\(path).students[\(k)].id", "student id \"\(st.id)\" is taken (students[\(first)])",
                                    fix: "give the new student an id no other student has")
                            continue
                        }
                        if !c.hard { for r in st.requests.indices { st.requests[r].required = false } }
                        origin.append(("students[\(inst.students.count)]", "\(path).students[\(k)]"))
                        studentIndex[st.id] = inst.students.count
                        inst.students.append(st)
                    }
                }
            case .courseClosed:
                guard let id = c.course else { break }
                guard inst.courses.contains(where: { $0.id == id }) || closedCourses.contains(id) else {
                    unknown(path + ".course", "course", id, inst.courses.map(\.id))
                    break
                }
                summary = { l in l.t("курс \(id) закрывается", "course \(id) closes") + dates(c, l) }
                if !skip { closedCourses.insert(id) }
            }
            var effect = ChangeEffect(change: i, kind: c.kind, hard: c.hard, summary: "", applied: !skip)
            effect.setSummary(summary)
            if skip { effect.setReason { $0.t("не применено: перепланирование не смогло его учесть", "left out: the re-plan could not honour it") } }
            effects.append(effect)
        }

        // Closed courses leave the catalogue, the teachers' lists and every curriculum.
        if !closedCourses.isEmpty {
            inst.courses.removeAll { closedCourses.contains($0.id) }
            for t in inst.teachers.indices { inst.teachers[t].courses.removeAll { closedCourses.contains($0) } }
            for s in inst.students.indices {
                for r in inst.students[s].requests.indices {
                    inst.students[s].requests[r].alternatives.removeAll { closedCourses.contains($0.course) }
                    // A request left without alternatives leaves the curriculum.
                    if inst.students[s].requests[r].alternatives.isEmpty && s < originalCount && r < instance.students[s].requests.count {
                        hardDropped.insert((s << 20) + r)
                    }
                }
            }
            if var locks = inst.locks {
                let gone = Set(locks.sections.filter { closedCourses.contains($0.course) }.map(\.section))
                locks.sections.removeAll { gone.contains($0.section) }
                locks.enrolments.removeAll { gone.contains($0.section) }
                inst.locks = locks
            }
        }
        // Requests without alternatives added by a change are kept so that the instance check names them.
        // Remove dropped requests, keeping the map from old to new indexes.
        var requestMap: [[Int?]] = inst.students.indices.map { s in
            Array(0..<inst.students[s].requests.count).map { Optional($0) }
        }
        for s in 0..<originalCount {
            var next = 0
            var kept: [Request] = []
            for (r, req) in inst.students[s].requests.enumerated() {
                if r < instance.students[s].requests.count && hardDropped.contains((s << 20) + r) {
                    requestMap[s][r] = nil
                } else {
                    requestMap[s][r] = next
                    next += 1
                    kept.append(req)
                }
            }
            inst.students[s].requests = kept
        }
        if var locks = inst.locks {
            locks.enrolments = locks.enrolments.compactMap { lock in
                guard let s = studentIndex[lock.student], s < originalCount, lock.request >= 0, lock.request < requestMap[s].count,
                      let r = requestMap[s][lock.request]
                else { return lock }
                var l = lock
                l.request = r
                return l
            }
            inst.locks = locks
        }
        // Origins of added requests move with the renumbering.
        origin = origin.map { o in
            let parts = o.instancePath.split(separator: "[").map { $0.split(separator: "]").first.map(String.init) ?? "" }
            if parts.count == 3, let s = Int(parts[1]), let r = Int(parts[2]), s < originalCount, r < requestMap[s].count, let n = requestMap[s][r] {
                return ("students[\(s)].requests[\(n)]", o.changePath)
            }
            return o
        }

        // The new instance must be valid; its problems are named where they came from.
        if !d.hasErrors {
            let (_, found) = Problem.build(inst)
            for diag in found where diag.severity == .error {
                if let o = origin.first(where: { diag.path == $0.instancePath || diag.path.hasPrefix($0.instancePath + ".") || diag.path.hasPrefix($0.instancePath + "[") }) {
                    d.error(o.changePath + diag.path.dropFirst(o.instancePath.count), diag.message, fix: diag.fix)
                } else {
                    d.error("(instance after the changes) " + diag.path, diag.message, fix: diag.fix)
                }
            }
        }
        if d.hasErrors { throw InputError(d.errors) }

        // The published solution in the new instance's terms.
        var reference = published
        reference.instance = inst.name
        let closedSections = Set(published.sections.filter { closedCourses.contains($0.course) }.map(\.id))
        reference.sections.removeAll { closedSections.contains($0.id) }
        func newIndexes(student id: String, request r: Int, alternative a: Int?) -> (request: Int, alternative: Int?)? {
            guard let s = studentIndex[id], s < originalCount, r >= 0, r < instance.students[s].requests.count,
                  !softDropped.contains((s << 20) + r), let n = requestMap[s][r]
            else { return nil }
            guard let a else { return (n, nil) }
            let old = instance.students[s].requests[r].alternatives
            guard a >= 0, a < old.count, let k = inst.students[s].requests[n].alternatives.firstIndex(of: old[a]) else { return nil }
            return (n, k)
        }
        reference.assignments = published.assignments.compactMap { a in
            guard !closedSections.contains(a.section),
                  let (r, alt) = newIndexes(student: a.student, request: a.request, alternative: a.alternative), let alt
            else { return nil }
            var b = a
            b.request = r
            b.alternative = alt
            return b
        }
        reference.unsatisfied = published.unsatisfied.compactMap { u in
            guard let (r, _) = newIndexes(student: u.student, request: u.request, alternative: nil) else { return nil }
            var v = u
            v.request = r
            return v
        }
        // A softly dropped request is no loss for the student: listed as unmet before.
        for key in softDropped.sorted() {
            let s = key >> 20, r = key & 0xFFFFF
            guard let n = requestMap[s][r], !reference.unsatisfied.contains(where: { $0.student == inst.students[s].id && $0.request == n })
            else { continue }
            reference.unsatisfied.append(Solution.Unsatisfied(student: inst.students[s].id, request: n, required: false,
                                                               reason: "dropped by the student (soft)"))
        }
        return AppliedChanges(instance: inst, reference: reference, effects: effects)
    }
}
