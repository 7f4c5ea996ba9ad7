import Foundation

/// How the validator reads the places where the competition's rules can be read two ways.
public struct ITCValidationOptions: Sendable, Codable, Equatable {
    /// MaxBlock(M,S): the published text counts every block of two or more classes longer than M
    /// slots (`false`, the default). UniTime's ITC 2019 solver also exempts a block whose classes
    /// all start at the same slot (`true`).
    public var maxBlockExemptsSameStart: Bool

    public init(maxBlockExemptsSameStart: Bool = false) {
        self.maxBlockExemptsSameStart = maxBlockExemptsSameStart
    }
}

/// A hard violation: something that makes the solution invalid.
public struct ITCHardViolation: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The solution's `name` is not the problem's.
        case wrongInstance
        /// A `<class>` of the solution that is not a class of the problem.
        case unknownClass
        /// The same class twice in the solution.
        case duplicateClass
        /// A class of the problem with no time in the solution.
        case missingTime
        /// A time (days, start, weeks) that is not one of the class's time options.
        case invalidTime
        /// A class that needs a room and has none.
        case missingRoom
        /// A room that is not one of the class's room options (or a room for a class that needs none).
        case invalidRoom
        /// The class meets while its room is unavailable.
        case roomUnavailable
        /// Two classes in one room at overlapping times.
        case roomConflict
        /// A required distribution constraint is broken.
        case requiredDistribution
        /// A `<student>` id the problem does not have.
        case unknownStudent
        /// A student not in exactly one configuration of a requested course with one class per subpart.
        case enrollment
        /// A student in a class of a course they did not request.
        case courseNotRequested
        /// A student in a class but not in its parent class.
        case parentChild
        /// More students in a class than its limit.
        case classLimit
    }

    public var kind: Kind
    public var message: String
    /// Ids of the classes concerned.
    public var classes: [String]
    /// Ids of the students concerned.
    public var students: [String]

    public init(kind: Kind, message: String, classes: [String] = [], students: [String] = []) {
        self.kind = kind
        self.message = message
        self.classes = classes
        self.students = students
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// What the validator found: the hard violations and the four penalty components, weighted into
/// the total as the competition defines it.
public struct ITCReport: Sendable, Codable, Equatable {
    public var valid: Bool
    public var hardViolations: [ITCHardViolation]
    /// Sum of the penalties of the classes' times.
    public var timePenalty: Int
    /// Sum of the penalties of the classes' rooms.
    public var roomPenalty: Int
    /// Sum of the penalties of the soft distribution constraints.
    public var distributionPenalty: Int
    /// Number of (student, pair of classes) the student cannot both attend.
    public var studentConflicts: Int
    public var weights: ITCWeights
    /// time × weight + room × weight + distribution × weight + student conflicts × weight.
    public var total: Int
    /// The distribution penalty split by type (`SameAttendees`, `MaxBreaks`, …), only types with a penalty.
    public var distributionPenaltyByType: [String: Int]
    /// Things that do not make the solution invalid but are worth knowing (a student listed twice
    /// in one class, counted once).
    public var warnings: [String]
}

/// The independent judge of ITC 2019 solutions, written from the competition's published rules
/// (www.itc2019.org/format) and separately from any solver; docs/ITC2019.md lists every rule and
/// each reading chosen.
///
/// ```swift
/// let report = ITCValidator(problem).validate(try ITCSolutionReader.read(contentsOf: url))
/// print(report.valid, report.total)
/// ```
public struct ITCValidator: Sendable {
    public let problem: ITCProblem
    public let options: ITCValidationOptions

    public init(_ problem: ITCProblem, options: ITCValidationOptions = ITCValidationOptions()) {
        self.problem = problem
        self.options = options
    }

    // MARK: Resolving a solution file

    /// Resolves the file's ids against the problem and judges the result.
    public func validate(_ document: ITCSolutionDocument) -> ITCReport {
        let (assignment, violations, reported) = resolve(document)
        var report = evaluate(assignment, earlier: violations, reported: reported)
        let repeats = repeatedStudents(document)
        if repeats.count > 0 {
            report.warnings.append("\(repeats.count) student entr\(repeats.count == 1 ? "y repeats" : "ies repeat") a student already listed in the same class "
                                   + "(first: class \(repeats.first!.0), student \(repeats.first!.1)); each student is counted once per class")
        }
        return report
    }

    /// (class id, student id) of every `<student>` that repeats one listed before in the same class.
    private func repeatedStudents(_ document: ITCSolutionDocument) -> [(String, String)] {
        var out: [(String, String)] = []
        for row in document.classes {
            var seen = Set<String>()
            for s in row.students where !seen.insert(s).inserted { out.append((row.id, s)) }
        }
        return out
    }

    /// The classes whose time, or room, is already reported as invalid while resolving a file
    /// (so that they are not reported a second time as missing).
    public struct Reported: Sendable, Equatable {
        public var times = Set<Int>()
        public var rooms = Set<Int>()
    }

    /// The solution in dense indices, the hard violations found on the way, and the classes
    /// whose time or room problem is already among them.
    public func resolve(_ document: ITCSolutionDocument) -> (ITCAssignment, [ITCHardViolation], Reported) {
        var a = ITCAssignment(emptyFor: problem)
        var v: [ITCHardViolation] = []
        var reported = Reported()
        if document.name != problem.name {
            v.append(.init(kind: .wrongInstance, message: "the solution is for \"\(document.name)\", the problem is \"\(problem.name)\""))
        }
        let classIndex = problem.classIndexMap()
        let roomIndex = problem.roomIndexMap()
        let studentIndex = problem.studentIndexMap()
        var seen = [Bool](repeating: false, count: problem.classes.count)
        for row in document.classes {
            let at = row.line > 0 ? " (line \(row.line))" : ""
            guard let c = classIndex[row.id] else {
                v.append(.init(kind: .unknownClass, message: "class \(row.id)\(at) is not a class of the problem", classes: [row.id]))
                continue
            }
            if seen[c] {
                v.append(.init(kind: .duplicateClass, message: "class \(row.id)\(at) appears more than once; the first is used", classes: [row.id]))
                continue
            }
            seen[c] = true
            let cls = problem.classes[c]
            let days = row.days.utf8.count == problem.nrDays ? ITCBits(row.days) : nil
            let weeks = row.weeks.utf8.count == problem.nrWeeks ? ITCBits(row.weeks) : nil
            if let days, let weeks, let t = cls.times.firstIndex(where: { $0.time.days == days && $0.time.start == row.start && $0.time.weeks == weeks }) {
                a.time[c] = t
            } else {
                reported.times.insert(c)
                v.append(.init(kind: .invalidTime, message: "class \(row.id)\(at): days=\(row.days) start=\(row.start) weeks=\(row.weeks) is not one of its \(cls.times.count) times",
                               classes: [row.id]))
            }
            if let roomId = row.room {
                if !cls.needsRoom {
                    v.append(.init(kind: .invalidRoom, message: "class \(row.id)\(at) needs no room (room=\"false\") but has room \(roomId)", classes: [row.id]))
                } else if let r = roomIndex[roomId], let option = cls.rooms.firstIndex(where: { $0.room == r }) {
                    a.room[c] = option
                } else {
                    reported.rooms.insert(c)
                    v.append(.init(kind: .invalidRoom, message: "class \(row.id)\(at): room \(roomId) is not one of its \(cls.rooms.count) rooms", classes: [row.id]))
                }
            }
            var inClass = Set<Int>()
            for sid in row.students {
                guard let s = studentIndex[sid] else {
                    v.append(.init(kind: .unknownStudent, message: "class \(row.id)\(at): student \(sid) is not a student of the problem", classes: [row.id], students: [sid]))
                    continue
                }
                if !inClass.insert(s).inserted { continue }  // a repeat: counted once, reported as a warning
                a.enrollment[s].append(c)
            }
        }
        return (a, v, reported)
    }

    // MARK: Judging an assignment

    /// Judges an assignment in dense indices (a solver's result) from scratch.
    public func evaluate(_ assignment: ITCAssignment) -> ITCReport {
        evaluate(assignment, earlier: [], reported: Reported())
    }

    private func time(_ a: ITCAssignment, _ c: Int) -> ITCTime? {
        let t = a.time[c]
        return t >= 0 && t < problem.classes[c].times.count ? problem.classes[c].times[t].time : nil
    }

    private func room(_ a: ITCAssignment, _ c: Int) -> Int? {
        let r = a.room[c]
        return r >= 0 && r < problem.classes[c].rooms.count ? problem.classes[c].rooms[r].room : nil
    }

    func evaluate(_ a: ITCAssignment, earlier: [ITCHardViolation], reported: Reported) -> ITCReport {
        var v = earlier
        let p = problem
        let n = p.classes.count
        let times = (0..<n).map { time(a, $0) }
        let rooms = (0..<n).map { room(a, $0) }

        // Time and room penalties; classes without a time or room.
        var timePenalty = 0, roomPenalty = 0
        for (c, cls) in p.classes.enumerated() {
            if times[c] != nil { timePenalty += cls.times[a.time[c]].penalty } else if !reported.times.contains(c) {
                v.append(.init(kind: .missingTime, message: "class \(cls.id) has no time", classes: [cls.id]))
            }
            if rooms[c] != nil { roomPenalty += cls.rooms[a.room[c]].penalty } else if cls.needsRoom && !reported.rooms.contains(c) {
                v.append(.init(kind: .missingRoom, message: "class \(cls.id) needs a room and has none", classes: [cls.id]))
            }
        }

        // Rooms: unavailability and two classes at once.
        var byRoom = [[Int]](repeating: [], count: p.rooms.count)
        for c in 0..<n {
            guard let r = rooms[c], let t = times[c] else { continue }
            byRoom[r].append(c)
            if let u = p.rooms[r].unavailable.first(where: { t.overlaps($0) }) {
                v.append(.init(kind: .roomUnavailable,
                               message: "class \(p.classes[c].id) meets in room \(p.rooms[r].id) while it is unavailable (days \(u.days) slots \(u.start)–\(u.end) weeks \(u.weeks))",
                               classes: [p.classes[c].id]))
            }
        }
        for (r, list) in byRoom.enumerated() where list.count > 1 {
            for i in 0..<list.count {
                for j in (i + 1)..<list.count where times[list[i]]!.overlaps(times[list[j]]!) {
                    let ci = p.classes[list[i]].id, cj = p.classes[list[j]].id
                    v.append(.init(kind: .roomConflict, message: "classes \(ci) and \(cj) meet in room \(p.rooms[r].id) at overlapping times", classes: [ci, cj]))
                }
            }
        }

        // Distribution constraints.
        var distributionPenalty = 0
        var byType: [String: Int] = [:]
        for d in p.distributions {
            let (count, examples) = violations(of: d, times: times, rooms: rooms)
            guard count > 0 else { continue }
            if d.required {
                let ids = examples.map { $0.map { p.classes[$0].id } }
                let shown = ids.prefix(5).map { $0.joined(separator: "–") }.joined(separator: ", ")
                let more = ids.count > 5 ? " and \(ids.count - 5) more" : ""
                v.append(.init(kind: .requiredDistribution,
                               message: "required \(d.kind) (line \(d.line)) is broken \(count) time\(count == 1 ? "" : "s"): \(shown)\(more)",
                               classes: Array(Set(ids.flatMap { $0 })).sorted()))
            } else {
                let penalty = softPenalty(of: d, violations: count)
                distributionPenalty += penalty
                if penalty > 0 { byType[typeName(d.kind), default: 0] += penalty }
            }
        }

        // Students: sectioning rules, conflicts, class limits.
        var studentConflicts = 0
        var attendance = [Int](repeating: 0, count: n)
        for (s, student) in p.students.enumerated() {
            let classes = a.enrollment[s]
            for c in classes { attendance[c] += 1 }
            v += sectioning(student: student, classes: classes)
            for i in 0..<classes.count {
                guard let ti = times[classes[i]] else { continue }
                for j in (i + 1)..<classes.count where classes[j] != classes[i] {
                    guard let tj = times[classes[j]], ti.sharesDate(with: tj) else { continue }
                    let travel = p.travel(rooms[classes[i]], rooms[classes[j]])
                    if ti.end + travel > tj.start && tj.end + travel > ti.start { studentConflicts += 1 }
                }
            }
        }
        for (c, cls) in p.classes.enumerated() where attendance[c] > cls.limit {
            v.append(.init(kind: .classLimit, message: "class \(cls.id) has \(attendance[c]) students, its limit is \(cls.limit)", classes: [cls.id]))
        }

        let w = p.weights
        let total = timePenalty * w.time + roomPenalty * w.room + distributionPenalty * w.distribution + studentConflicts * w.student
        return ITCReport(valid: v.isEmpty, hardViolations: v, timePenalty: timePenalty, roomPenalty: roomPenalty,
                         distributionPenalty: distributionPenalty, studentConflicts: studentConflicts, weights: w, total: total,
                         distributionPenaltyByType: byType, warnings: [])
    }

    private func typeName(_ kind: ITCDistributionKind) -> String {
        let text = kind.description
        return text.firstIndex(of: "(").map { String(text[..<$0]) } ?? text
    }

    /// The rules of sectioning for one student: one configuration of each requested course, one
    /// class of each of its subparts, parents attended, no class of a course not requested.
    private func sectioning(student: ITCStudent, classes: [Int]) -> [ITCHardViolation] {
        let p = problem
        var v: [ITCHardViolation] = []
        var byCourse: [Int: [Int]] = [:]
        for c in classes { byCourse[p.classes[c].course, default: []].append(c) }
        let set = Set(classes)
        for (course, list) in byCourse.sorted(by: { $0.key < $1.key }) where !student.courses.contains(course) {
            v.append(.init(kind: .courseNotRequested,
                           message: "student \(student.id) attends classes of course \(p.courses[course].id), which they did not request",
                           classes: list.map { p.classes[$0].id }, students: [student.id]))
        }
        for course in student.courses {
            let list = byCourse[course] ?? []
            let courseId = p.courses[course].id
            if list.isEmpty {
                v.append(.init(kind: .enrollment, message: "student \(student.id) attends no class of course \(courseId)", students: [student.id]))
                continue
            }
            let configs = Set(list.map { p.classes[$0].config })
            if configs.count > 1 {
                v.append(.init(kind: .enrollment,
                               message: "student \(student.id) attends classes of \(configs.count) configurations of course \(courseId); one is allowed",
                               classes: list.map { p.classes[$0].id }, students: [student.id]))
                continue
            }
            let config = p.configs[configs.first!]
            for sp in config.subparts {
                let inSubpart = list.filter { p.classes[$0].subpart == sp }
                if inSubpart.count != 1 {
                    v.append(.init(kind: .enrollment,
                                   message: "student \(student.id) attends \(inSubpart.count) classes of subpart \(p.subparts[sp].id) of course \(courseId); exactly one is needed",
                                   classes: inSubpart.map { p.classes[$0].id }, students: [student.id]))
                }
            }
        }
        for c in classes {
            if let parent = p.classes[c].parent, !set.contains(parent) {
                v.append(.init(kind: .parentChild,
                               message: "student \(student.id) attends class \(p.classes[c].id) but not its parent class \(p.classes[parent].id)",
                               classes: [p.classes[c].id, p.classes[parent].id], students: [student.id]))
            }
        }
        return v
    }

    // MARK: Distribution constraints

    /// The penalty of a soft constraint with `violations` counted as its type counts them.
    public func softPenalty(of d: ITCDistribution, violations: Int) -> Int {
        switch d.kind {
        case .maxDayLoad, .maxBreaks, .maxBlock:
            // Integer division by the number of weeks, computed at the very end.
            return d.penalty * violations / problem.nrWeeks
        default:
            return d.penalty * violations
        }
    }

    /// The number of violations as the constraint's type counts them (pairs, days over D, slots
    /// over S, breaks over R, blocks over M), and examples: the pairs (or the classes) at fault.
    public func violations(of d: ITCDistribution, times: [ITCTime?], rooms: [Int?]) -> (Int, [[Int]]) {
        let placed = d.classes.filter { times[$0] != nil }
        if d.kind.isPairwise {
            var count = 0
            var examples: [[Int]] = []
            for i in 0..<placed.count {
                for j in (i + 1)..<placed.count {
                    let a = placed[i], b = placed[j]
                    if pairViolates(d.kind, times[a]!, rooms[a], times[b]!, rooms[b]) {
                        count += 1
                        if examples.count < 50 { examples.append([a, b]) }
                    }
                }
            }
            return (count, examples)
        }
        let ts = placed.map { times[$0]! }
        let count: Int
        switch d.kind {
        case .maxDays(let limit):
            let days = ts.reduce(ITCBits(word: 0)) { $0.union($1.days) }
            count = max(days.count - limit, 0)
        case .maxDayLoad(let s):
            var excess = 0
            for w in 0..<problem.nrWeeks {
                for day in 0..<problem.nrDays {
                    let load = ts.filter { $0.days.contains(day) && $0.weeks.contains(w) }.reduce(0) { $0 + $1.length }
                    excess += max(load - s, 0)
                }
            }
            count = excess
        case .maxBreaks(let r, let s):
            var extra = 0
            for w in 0..<problem.nrWeeks {
                for day in 0..<problem.nrDays {
                    extra += max(blocks(ts, day: day, week: w, gap: s).count - (r + 1), 0)
                }
            }
            count = extra
        case .maxBlock(let m, let s):
            var over = 0
            for w in 0..<problem.nrWeeks {
                for day in 0..<problem.nrDays {
                    for b in blocks(ts, day: day, week: w, gap: s) where b.classes >= 2 && b.end - b.start > m {
                        if options.maxBlockExemptsSameStart && b.sameStart { continue }
                        over += 1
                    }
                }
            }
            count = over
        default:
            count = 0
        }
        return (count, count > 0 ? [placed] : [])
    }

    struct Block {
        var start: Int
        var end: Int
        var classes: Int
        var sameStart: Bool
    }

    /// MergeBlocks of the rules: the meetings on one day of one week, merged while they overlap
    /// or are at most `gap` slots apart.
    func blocks(_ ts: [ITCTime], day: Int, week: Int, gap: Int) -> [Block] {
        let meeting = ts.filter { $0.days.contains(day) && $0.weeks.contains(week) }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var out: [Block] = []
        for t in meeting {
            if var last = out.last, last.end + gap >= t.start {
                last.end = max(last.end, t.end)
                last.classes += 1
                last.sameStart = last.sameStart && last.start == t.start
                out[out.count - 1] = last
            } else {
                out.append(Block(start: t.start, end: t.end, classes: 1, sameStart: true))
            }
        }
        return out
    }

    /// Whether the pair (i, j), i listed before j, breaks a pairwise constraint, by the formulas of the rules.
    func pairViolates(_ kind: ITCDistributionKind, _ ti: ITCTime, _ ri: Int?, _ tj: ITCTime, _ rj: Int?) -> Bool {
        let sharesDate = ti.sharesDate(with: tj)
        switch kind {
        case .sameStart:
            return ti.start != tj.start
        case .sameTime:
            return !((ti.start <= tj.start && tj.end <= ti.end) || (tj.start <= ti.start && ti.end <= tj.end))
        case .differentTime:
            return !(ti.end <= tj.start || tj.end <= ti.start)
        case .sameDays:
            let u = ti.days.union(tj.days)
            return !(u == ti.days || u == tj.days)
        case .differentDays:
            return ti.days.intersects(tj.days)
        case .sameWeeks:
            let u = ti.weeks.union(tj.weeks)
            return !(u == ti.weeks || u == tj.weeks)
        case .differentWeeks:
            return ti.weeks.intersects(tj.weeks)
        case .overlap:
            return !(tj.start < ti.end && ti.start < tj.end && sharesDate)
        case .notOverlap:
            return ti.overlaps(tj)
        case .sameRoom:
            guard let ri, let rj else { return false }
            return ri != rj
        case .differentRoom:
            guard let ri, let rj else { return false }
            return ri == rj
        case .sameAttendees:
            guard sharesDate else { return false }
            let travel = problem.travel(ri, rj)
            return !(ti.end + travel <= tj.start || tj.end + travel <= ti.start)
        case .precedence:
            let wi = ti.weeks.first ?? 0, wj = tj.weeks.first ?? 0
            let di = ti.days.first ?? 0, dj = tj.days.first ?? 0
            let before = wi < wj || (wi == wj && (di < dj || (di == dj && ti.end <= tj.start)))
            return !before
        case .workDay(let s):
            guard sharesDate else { return false }
            return max(ti.end, tj.end) - min(ti.start, tj.start) > s
        case .minGap(let g):
            guard sharesDate else { return false }
            return !(ti.end + g <= tj.start || tj.end + g <= ti.start)
        case .maxDays, .maxDayLoad, .maxBreaks, .maxBlock:
            return false
        }
    }
}
