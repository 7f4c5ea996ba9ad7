/// The instance's ``Locks`` with every id resolved, and the reference solution of a re-plan.
extension Problem {
    /// ``Locks`` in indexed form: days, periods (0-based), rooms, courses, teachers, students and
    /// bus runs as indices. Enrolment locks point into ``sections``.
    public struct LockData: Sendable {
        public struct Meeting: Sendable, Equatable {
            public let day: Int
            /// 0-based first period.
            public let period: Int
            public let length: Int
            /// Locked room, when given.
            public let room: Int?
        }

        public struct Section: Sendable {
            public let id: String
            public let course: Int
            public let teacher: Int?
            /// nil: the times are not locked.
            public let meetings: [Meeting]?
        }

        public struct Enrolment: Sendable {
            public let student: Int
            public let request: Int
            /// Index into ``LockData/sections``.
            public let section: Int
        }

        public struct BusRide: Sendable {
            public let student: Int
            public let day: Int
            public let busRun: Int
        }

        public var sections: [Section] = []
        public var enrolments: [Enrolment] = []
        public var busRides: [BusRide] = []
        /// Section lock by section id.
        public var sectionIndex: [String: Int] = [:]

        public init() {}

        public var isEmpty: Bool { sections.isEmpty && enrolments.isEmpty && busRides.isEmpty }
    }

    /// Checks and indexes `locks`, reporting every id that does not resolve with its place.
    static func buildLocks(_ locks: Locks?, instance inst: Instance, dayIndex: [String: Int], periodCount: Int,
                           roomIndex: [String: Int], courseIndex: [String: Int], teacherIndex: [String: Int],
                           studentIndex: [String: Int], busRunIndex: [String: Int], into d: inout DiagnosticList) -> LockData {
        var out = LockData()
        guard let locks else { return out }
        func unknown(_ path: String, _ kind: String, _ id: String, _ index: [String: Int]) {
            let known = index.keys.sorted()
            d.error(path, "unknown \(kind) \"\(id)\"",
                    fix: known.isEmpty ? "there are no \(kind)s" : "use one of: " + known.prefix(8).joined(separator: ", ") + (known.count > 8 ? ", …" : ""))
        }
        for (i, lock) in locks.sections.enumerated() {
            let path = "locks.sections[\(i)]"
            if lock.section.isEmpty {
                d.error(path + ".section", "empty section id", fix: "give the id the section has in the solution")
            } else if let first = out.sectionIndex[lock.section] {
                d.error(path + ".section", "section \"\(lock.section)\" is locked twice (also locks.sections[\(first)])",
                        fix: "merge the two locks into one")
            }
            let course = courseIndex[lock.course]
            if course == nil { unknown(path + ".course", "course", lock.course, courseIndex) }
            var teacher: Int?
            if let id = lock.teacher {
                teacher = teacherIndex[id]
                if teacher == nil { unknown(path + ".teacher", "teacher", id, teacherIndex) }
            }
            var meetings: [LockData.Meeting]?
            if let given = lock.meetings {
                if given.isEmpty { d.error(path + ".meetings", "no meetings", fix: "list the meetings to keep, or leave the field out") }
                var list: [LockData.Meeting] = []
                for (k, m) in given.enumerated() {
                    let mp = "\(path).meetings[\(k)]"
                    let day = dayIndex[m.day]
                    if day == nil { d.error(mp + ".day", "unknown day \"\(m.day)\"", fix: "use one of calendar.days") }
                    if m.period < 1 || m.period > periodCount {
                        d.error(mp + ".period", "period \(m.period) does not exist", fix: "periods are numbered 1...\(periodCount)")
                    } else if m.length < 1 || m.period - 1 + m.length > periodCount {
                        d.error(mp + ".length", "a meeting of \(m.length) periods from period \(m.period) runs past the day",
                                fix: "give a length from 1 to \(periodCount - m.period + 1)")
                    }
                    var room: Int?
                    if let id = m.room {
                        room = roomIndex[id]
                        if room == nil { unknown(mp + ".room", "room", id, roomIndex) }
                    }
                    list.append(LockData.Meeting(day: day ?? 0, period: m.period - 1, length: m.length, room: room))
                }
                meetings = list
            }
            if out.sectionIndex[lock.section] == nil && !lock.section.isEmpty { out.sectionIndex[lock.section] = out.sections.count }
            out.sections.append(LockData.Section(id: lock.section, course: course ?? 0, teacher: teacher, meetings: meetings))
        }
        var enrolled: [Int: Int] = [:]
        for (i, lock) in locks.enrolments.enumerated() {
            let path = "locks.enrolments[\(i)]"
            let student = studentIndex[lock.student]
            if student == nil { unknown(path + ".student", "student", lock.student, studentIndex) }
            let section = out.sectionIndex[lock.section]
            if section == nil {
                d.error(path + ".section", "section \"\(lock.section)\" is not in locks.sections",
                        fix: "add a lock for the section to locks.sections (its course at least)")
            }
            guard let s = student else { continue }
            let requests = inst.students[s].requests
            guard lock.request >= 0 && lock.request < requests.count else {
                d.error(path + ".request", "student \"\(lock.student)\" has no request \(lock.request)",
                        fix: requests.isEmpty ? "the student has no requests" : "give 0...\(requests.count - 1)")
                continue
            }
            let key = (s << 20) + lock.request
            if let first = enrolled[key] {
                d.error(path, "request \(lock.request) of \"\(lock.student)\" is locked twice (also locks.enrolments[\(first)])",
                        fix: "keep one of the two locks")
            }
            enrolled[key] = i
            if let x = section {
                let courseId = locks.sections[x].course
                if !requests[lock.request].alternatives.contains(where: { $0.course == courseId }) {
                    d.error(path + ".section", "section \"\(lock.section)\" is of course \"\(courseId)\", which request \(lock.request) of \"\(lock.student)\" does not ask for",
                            fix: "lock the request in a section of one of its alternatives' courses")
                }
                out.enrolments.append(LockData.Enrolment(student: s, request: lock.request, section: x))
            }
        }
        for (i, lock) in locks.busRides.enumerated() {
            let path = "locks.busRides[\(i)]"
            let student = studentIndex[lock.student]
            if student == nil { unknown(path + ".student", "student", lock.student, studentIndex) }
            let day = dayIndex[lock.day]
            if day == nil { d.error(path + ".day", "unknown day \"\(lock.day)\"", fix: "use one of calendar.days") }
            let run = busRunIndex[lock.busRun]
            if run == nil { unknown(path + ".busRun", "bus run", lock.busRun, busRunIndex) }
            if let r = run, inst.transport.busRuns.indices.contains(r), !inst.transport.busRuns[r].days.contains(lock.day), day != nil {
                d.error(path + ".day", "bus run \"\(lock.busRun)\" does not operate on \(lock.day)",
                        fix: "use one of its days: \(inst.transport.busRuns[r].days.joined(separator: ", "))")
            }
            if let s = student, let dd = day, let r = run { out.busRides.append(LockData.BusRide(student: s, day: dd, busRun: r)) }
        }
        return out
    }

    /// This problem with `solution` as the reference of a re-plan: the checker then measures the
    /// change terms against it, and engines minimise them. Throws ``InputError`` (paths prefixed
    /// `reference.`) when an id of the reference does not resolve in this instance.
    public func withReference(_ solution: Solution) throws -> Problem {
        let (resolved, diagnostics) = IndexedSolution.resolve(solution, in: self)
        guard resolved != nil else {
            throw InputError(diagnostics.filter { $0.severity == .error }.map {
                Diagnostic(.error, "reference" + ($0.path.isEmpty ? "" : "." + $0.path), $0.message, fix: $0.fix)
            })
        }
        var p = self
        p.reference = solution
        return p
    }
}
