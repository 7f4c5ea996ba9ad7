import Foundation

/// Reads an ITC 2019 problem file into an ``ITCProblem``.
///
/// Every problem is collected, not only the first: malformed XML (with the line where the parser
/// stopped), missing or malformed attributes, bit strings whose length is not `nrDays` or
/// `nrWeeks`, duplicate ids and references to rooms, classes, courses or parents that do not
/// exist. Each ``ITCReadIssue`` names the element and its line.
///
/// ```swift
/// do { let problem = try ITCProblemReader.read(contentsOf: url) }
/// catch let error as ITCReadError { for issue in error.issues { print(issue) } }
/// ```
public enum ITCProblemReader {
    public static func read(contentsOf url: URL) throws(ITCReadError) -> ITCProblem {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ITCReadError(issues: [ITCReadIssue(line: 0, element: url.lastPathComponent, message: "cannot be read: \(error.localizedDescription)")])
        }
        return try read(data)
    }

    public static func read(_ data: Data) throws(ITCReadError) -> ITCProblem {
        let events = try ITCXMLEvents.read(data)
        var builder = Builder()
        builder.run(events)
        if !builder.issues.isEmpty { throw ITCReadError(issues: builder.issues) }
        return builder.problem()
    }

    private struct PendingReference {
        var id: String
        var line: Int
        var element: String
    }

    private struct Builder {
        var issues: [ITCReadIssue] = []
        var name = ""
        var nrDays = 0, nrWeeks = 0, slotsPerDay = 0
        var weights: ITCWeights?
        var rooms: [ITCRoom] = []
        var courses: [ITCCourse] = []
        var configs: [ITCConfig] = []
        var subparts: [ITCSubpart] = []
        var classes: [ITCClass] = []
        var distributions: [ITCDistribution] = []
        var students: [ITCStudent] = []
        // References resolved once every id is known.
        var travels: [(from: Int, to: PendingReference, value: Int)] = []
        var parentRefs: [Int: PendingReference] = [:]
        var roomRefs: [(cls: Int, ref: PendingReference, penalty: Int)] = []
        var distributionRefs: [[PendingReference]] = []
        var studentRefs: [[PendingReference]] = []
        var headerOK = false
        /// Whether a class had a `<time>` or `<room>` element at all (an invalid one is reported on its own).
        var sawTime: [Bool] = []
        var sawRoom: [Bool] = []

        mutating func take(_ a: ITCAttributes) { issues += a.issues }

        mutating func run(_ events: [ITCXMLEvent]) {
            var path: [String] = []
            for e in events {
                if !e.isStart {
                    path.removeLast()
                    continue
                }
                let parent = path.last
                path.append(e.name)
                if path.count == 1 && e.name != "problem" {
                    issues.append(ITCReadIssue(line: e.line, element: e.label,
                                               message: "the root element must be <problem> (is this a solution file?)"))
                    return
                }
                start(e, path: path.joined(separator: "/"), parent: parent)
            }
            if weights == nil && headerOK {
                issues.append(ITCReadIssue(line: 1, element: "<problem>", message: "the <optimization> element with the weights is missing"))
            }
            if headerOK { resolve() }
        }

        /// One start tag, by its full path from the root (so an element is only taken where the format puts it).
        mutating func start(_ e: ITCXMLEvent, path: String, parent: String?) {
            var a = ITCAttributes(e)
            defer { take(a) }
            switch path {
            case "problem":
                name = a.string("name") ?? ""
                let d = a.int("nrDays", minimum: 1), w = a.int("nrWeeks", minimum: 1), s = a.int("slotsPerDay", minimum: 1)
                if let d, d > ITCBits.capacity { a.issue("nrDays=\"\(d)\": at most \(ITCBits.capacity) days are supported") }
                if let w, w > ITCBits.capacity { a.issue("nrWeeks=\"\(w)\": at most \(ITCBits.capacity) weeks are supported") }
                if let s, s > ITCAttributes.maximum / 2 { a.issue("slotsPerDay=\"\(s)\" is too large") }
                if let d, let w, let s, d <= ITCBits.capacity, w <= ITCBits.capacity, s <= ITCAttributes.maximum / 2 {
                    nrDays = d; nrWeeks = w; slotsPerDay = s; headerOK = true
                }
            case "problem/optimization":
                if let t = a.int("time"), let r = a.int("room"), let d = a.int("distribution"), let s = a.int("student") {
                    weights = ITCWeights(time: t, room: r, distribution: d, student: s)
                }
            case "problem/rooms", "problem/courses", "problem/distributions", "problem/students":
                break
            case "problem/rooms/room":
                rooms.append(ITCRoom(id: a.string("id") ?? "", capacity: a.int("capacity") ?? 0, line: e.line))
            case "problem/rooms/room/travel":
                if let to = a.string("room"), let value = a.int("value") {
                    travels.append((rooms.count - 1, PendingReference(id: to, line: e.line, element: e.label), value))
                }
            case "problem/rooms/room/unavailable":
                if let time = readTime(&a, allowZeroLength: false) { rooms[rooms.count - 1].unavailable.append(time) }
            case "problem/courses/course":
                courses.append(ITCCourse(id: a.string("id") ?? "", configs: [], line: e.line))
            case "problem/courses/course/config":
                configs.append(ITCConfig(id: a.string("id") ?? "", course: courses.count - 1, subparts: [], line: e.line))
                courses[courses.count - 1].configs.append(configs.count - 1)
            case "problem/courses/course/config/subpart":
                subparts.append(ITCSubpart(id: a.string("id") ?? "", config: configs.count - 1, classes: [], line: e.line))
                configs[configs.count - 1].subparts.append(subparts.count - 1)
            case "problem/courses/course/config/subpart/class":
                let index = classes.count
                let c = ITCClass(id: a.string("id") ?? "", limit: a.int("limit") ?? 0, subpart: subparts.count - 1,
                                 config: configs.count - 1, course: courses.count - 1, needsRoom: a.bool("room", fallback: true),
                                 rooms: [], times: [], line: e.line)
                if let p = e.attributes["parent"] { parentRefs[index] = PendingReference(id: p, line: e.line, element: e.label) }
                classes.append(c)
                sawTime.append(false)
                sawRoom.append(false)
                subparts[subparts.count - 1].classes.append(index)
            case "problem/courses/course/config/subpart/class/room":
                sawRoom[classes.count - 1] = true
                if let id = a.string("id"), let penalty = a.int("penalty", fallback: 0) {
                    roomRefs.append((classes.count - 1, PendingReference(id: id, line: e.line, element: e.label), penalty))
                }
            case "problem/courses/course/config/subpart/class/time":
                sawTime[classes.count - 1] = true
                let penalty = a.int("penalty", fallback: 0)
                if let time = readTime(&a, allowZeroLength: false), let penalty {
                    classes[classes.count - 1].times.append(ITCTimeOption(time: time, penalty: penalty))
                }
            case "problem/distributions/distribution":
                let kind: ITCDistributionKind?
                if let type = a.string("type") {
                    kind = ITCDistributionKind(type: type)
                    if kind == nil { a.issue("type=\"\(type)\" is not one of the 19 distribution types (e.g. SameStart, MaxBreaks(R,S))") }
                } else { kind = nil }
                let required = a.bool("required", fallback: false)
                var penalty = 0
                if !required {
                    if e.attributes["penalty"] == nil { a.issue("a distribution needs required=\"true\" or a penalty") }
                    else { penalty = a.int("penalty") ?? 0 }
                }
                distributions.append(ITCDistribution(kind: kind ?? .sameStart, required: required, penalty: penalty, classes: [], line: e.line))
                distributionRefs.append([])
            case "problem/distributions/distribution/class":
                if let id = a.string("id") { distributionRefs[distributionRefs.count - 1].append(PendingReference(id: id, line: e.line, element: e.label)) }
            case "problem/students/student":
                students.append(ITCStudent(id: a.string("id") ?? "", courses: [], line: e.line))
                studentRefs.append([])
            case "problem/students/student/course":
                if let id = a.string("id") { studentRefs[studentRefs.count - 1].append(PendingReference(id: id, line: e.line, element: e.label)) }
            default:
                a.issue("unexpected element <\(e.name)> inside <\(parent ?? "")> (see docs/ITC2019.md for the format)")
            }
        }

        /// days, start, length and weeks of a `<time>` or `<unavailable>` element.
        mutating func readTime(_ a: inout ITCAttributes, allowZeroLength: Bool) -> ITCTime? {
            guard headerOK else { return nil }
            let days = a.bits("days", length: nrDays, what: "days (nrDays)")
            let start = a.int("start")
            let length = a.int("length", minimum: allowZeroLength ? 0 : 1)
            let weeks = a.bits("weeks", length: nrWeeks, what: "weeks (nrWeeks)")
            guard let days, let start, let length, let weeks else { return nil }
            guard start + length <= slotsPerDay else {
                a.issue("start=\"\(start)\" length=\"\(length)\" ends at slot \(start + length), after the day's \(slotsPerDay) slots")
                return nil
            }
            return ITCTime(days: days, start: start, length: length, weeks: weeks)
        }

        mutating func index<T>(_ items: [T], id: KeyPath<T, String>, line: KeyPath<T, Int>, what: String) -> [String: Int] {
            var map: [String: Int] = [:]
            for (i, item) in items.enumerated() {
                let key = item[keyPath: id]
                if key.isEmpty { continue }
                if let first = map[key] {
                    issues.append(ITCReadIssue(line: item[keyPath: line], element: "<\(what) id=\"\(key)\">",
                                               message: "the id \(key) is already used by the \(what) on line \(items[first][keyPath: line])"))
                } else {
                    map[key] = i
                }
            }
            return map
        }

        mutating func unknown(_ ref: PendingReference, _ what: String) {
            issues.append(ITCReadIssue(line: ref.line, element: ref.element, message: "\(what) \"\(ref.id)\" does not exist in this problem"))
        }

        mutating func resolve() {
            let roomIndex = index(rooms, id: \.id, line: \.line, what: "room")
            let courseIndex = index(courses, id: \.id, line: \.line, what: "course")
            _ = index(configs, id: \.id, line: \.line, what: "config")
            _ = index(subparts, id: \.id, line: \.line, what: "subpart")
            let classIndex = index(classes, id: \.id, line: \.line, what: "class")
            _ = index(students, id: \.id, line: \.line, what: "student")

            let n = rooms.count
            var travel = [Int](repeating: 0, count: n * n)
            for t in travels {
                guard let to = roomIndex[t.to.id] else { unknown(t.to, "the room"); continue }
                let v = max(travel[t.from * n + to], t.value)
                travel[t.from * n + to] = v
                travel[to * n + t.from] = v
            }
            self.travel = travel

            for r in roomRefs {
                guard let room = roomIndex[r.ref.id] else { unknown(r.ref, "the room"); continue }
                classes[r.cls].rooms.append(ITCRoomOption(room: room, penalty: r.penalty))
            }
            for (child, ref) in parentRefs.sorted(by: { $0.key < $1.key }) {
                guard let p = classIndex[ref.id] else { unknown(ref, "the parent class"); continue }
                if classes[p].config != classes[child].config || classes[p].subpart == classes[child].subpart {
                    issues.append(ITCReadIssue(line: ref.line, element: ref.element,
                                               message: "the parent class \(ref.id) must be in another subpart of the same configuration"))
                    continue
                }
                classes[child].parent = p
            }
            // A chain of parents must end (no cycles).
            for i in classes.indices {
                var seen = 0
                var c = classes[i].parent
                while let p = c, seen <= classes.count { c = classes[p].parent; seen += 1 }
                if seen > classes.count {
                    issues.append(ITCReadIssue(line: classes[i].line, element: "<class id=\"\(classes[i].id)\">", message: "its parents form a cycle"))
                    classes[i].parent = nil
                }
            }
            for (i, c) in classes.enumerated() {
                let label = "<class id=\"\(c.id)\">"
                if c.times.isEmpty && !sawTime[i] {
                    issues.append(ITCReadIssue(line: c.line, element: label, message: "the class has no <time> option"))
                }
                if c.needsRoom && c.rooms.isEmpty && !sawRoom[i] {
                    issues.append(ITCReadIssue(line: c.line, element: label, message: "the class has no <room> option (write room=\"false\" when it needs none)"))
                }
                if !c.needsRoom && !c.rooms.isEmpty {
                    issues.append(ITCReadIssue(line: c.line, element: label, message: "room=\"false\" but the class lists rooms"))
                }
            }
            for (d, refs) in distributionRefs.enumerated() {
                for ref in refs {
                    guard let c = classIndex[ref.id] else { unknown(ref, "the class"); continue }
                    if distributions[d].classes.contains(c) {
                        issues.append(ITCReadIssue(line: ref.line, element: ref.element, message: "the class \(ref.id) is listed twice in this distribution"))
                    } else {
                        distributions[d].classes.append(c)
                    }
                }
            }
            for (s, refs) in studentRefs.enumerated() {
                for ref in refs {
                    guard let c = courseIndex[ref.id] else { unknown(ref, "the course"); continue }
                    if students[s].courses.contains(c) {
                        issues.append(ITCReadIssue(line: ref.line, element: ref.element, message: "the student lists the course \(ref.id) twice"))
                    } else {
                        students[s].courses.append(c)
                    }
                }
            }
            for c in courses where c.configs.isEmpty {
                issues.append(ITCReadIssue(line: c.line, element: "<course id=\"\(c.id)\">", message: "the course has no <config>"))
            }
            for c in configs where c.subparts.isEmpty {
                issues.append(ITCReadIssue(line: c.line, element: "<config id=\"\(c.id)\">", message: "the configuration has no <subpart>"))
            }
            for s in subparts where s.classes.isEmpty {
                issues.append(ITCReadIssue(line: s.line, element: "<subpart id=\"\(s.id)\">", message: "the subpart has no <class>"))
            }
            issues.sort { $0.line < $1.line }
        }

        var travel: [Int] = []

        func problem() -> ITCProblem {
            ITCProblem(name: name, nrDays: nrDays, nrWeeks: nrWeeks, slotsPerDay: slotsPerDay,
                       weights: weights ?? ITCWeights(time: 0, room: 0, distribution: 0, student: 0),
                       rooms: rooms, courses: courses, configs: configs, subparts: subparts, classes: classes,
                       distributions: distributions, students: students, travel: travel)
        }
    }
}
