import Foundation

/// An ITC 2019 solution file as written: the `<solution>` attributes and, per class, the days,
/// start, weeks, room and students as text ids. ``ITCValidator`` resolves it against a problem;
/// ``ITCSolutionWriter`` writes it in the competition's format.
public struct ITCSolutionDocument: Sendable, Codable {
    /// The `<solution>` attributes: `name` (the problem's), and the optional `runtime` (seconds),
    /// `cores`, `technique`, `author`, `institution` and `country`.
    public var name: String
    public var runtime: String?
    public var cores: String?
    public var technique: String?
    public var author: String?
    public var institution: String?
    public var country: String?
    public var classes: [ITCSolutionClass]

    public init(name: String, runtime: String? = nil, cores: String? = nil, technique: String? = nil, author: String? = nil,
                institution: String? = nil, country: String? = nil, classes: [ITCSolutionClass] = []) {
        self.name = name
        self.runtime = runtime
        self.cores = cores
        self.technique = technique
        self.author = author
        self.institution = institution
        self.country = country
        self.classes = classes
    }

    /// The document of an indexed assignment (a solver's result): one `<class>` per assigned
    /// class, in the problem's order, with its students.
    public init(problem: ITCProblem, assignment: ITCAssignment, runtime: String? = nil, cores: String? = nil, technique: String? = nil,
                author: String? = nil, institution: String? = nil, country: String? = nil) {
        var studentsOf = [[String]](repeating: [], count: problem.classes.count)
        for (s, classes) in assignment.enrollment.enumerated() {
            for c in classes where c >= 0 && c < problem.classes.count { studentsOf[c].append(problem.students[s].id) }
        }
        var rows: [ITCSolutionClass] = []
        for (i, c) in problem.classes.enumerated() {
            let t = assignment.time[i]
            guard t >= 0 && t < c.times.count else { continue }
            let time = c.times[t].time
            let r = assignment.room[i]
            let room = (r >= 0 && r < c.rooms.count) ? problem.rooms[c.rooms[r].room].id : nil
            rows.append(ITCSolutionClass(id: c.id, days: time.days.string(length: problem.nrDays), start: time.start,
                                         weeks: time.weeks.string(length: problem.nrWeeks), room: room, students: studentsOf[i]))
        }
        self.init(name: problem.name, runtime: runtime, cores: cores, technique: technique, author: author,
                  institution: institution, country: country, classes: rows)
    }
}

/// One `<class>` of a solution.
public struct ITCSolutionClass: Sendable, Codable, Equatable {
    public var id: String
    /// Bit strings as written (checked against the class's time options by the validator).
    public var days: String
    public var start: Int
    public var weeks: String
    /// The room id; `nil` when the element has no `room` attribute.
    public var room: String?
    /// Student ids, in file order.
    public var students: [String]
    /// Line of the `<class>` element (0 when built in code).
    public var line: Int

    public init(id: String, days: String, start: Int, weeks: String, room: String? = nil, students: [String] = [], line: Int = 0) {
        self.id = id
        self.days = days
        self.start = start
        self.weeks = weeks
        self.room = room
        self.students = students
        self.line = line
    }
}

/// A solution in dense indices, what a solver builds and ``ITCValidator/evaluate(_:)`` judges:
/// per class the index of its time option and of its room option (-1 when none), and per student
/// the classes they attend.
public struct ITCAssignment: Sendable, Codable, Equatable {
    /// `time[c]`: index into `problem.classes[c].times`, or -1 when the class has no time.
    public var time: [Int]
    /// `room[c]`: index into `problem.classes[c].rooms`, or -1 (no room, or a class that needs none).
    public var room: [Int]
    /// `enrollment[s]`: indices of the classes student `s` attends.
    public var enrollment: [[Int]]

    public init(time: [Int], room: [Int], enrollment: [[Int]]) {
        self.time = time
        self.room = room
        self.enrollment = enrollment
    }

    /// Nothing assigned yet.
    public init(emptyFor problem: ITCProblem) {
        time = Array(repeating: -1, count: problem.classes.count)
        room = Array(repeating: -1, count: problem.classes.count)
        enrollment = Array(repeating: [], count: problem.students.count)
    }
}

/// Reads a solution file (the `<solution>` root of the competition's format).
public enum ITCSolutionReader {
    public static func read(contentsOf url: URL) throws(ITCReadError) -> ITCSolutionDocument {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ITCReadError(issues: [ITCReadIssue(line: 0, element: url.lastPathComponent, message: "cannot be read: \(error.localizedDescription)")])
        }
        return try read(data)
    }

    /// Malformed XML, another root element, a `<class>` without `id` or with a `start` that is not
    /// a whole number are read errors; everything else (unknown ids, times outside the domain) is
    /// left to the validator, which reports it as a hard violation.
    public static func read(_ data: Data) throws(ITCReadError) -> ITCSolutionDocument {
        let events = try ITCXMLEvents.read(data)
        var issues: [ITCReadIssue] = []
        var document = ITCSolutionDocument(name: "")
        var path: [String] = []
        for e in events {
            if !e.isStart { path.removeLast(); continue }
            let parent = path.last
            path.append(e.name)
            var a = ITCAttributes(e)
            switch (parent, e.name) {
            case (nil, "solution"):
                document.name = e.attributes["name"] ?? ""
                document.runtime = e.attributes["runtime"]
                document.cores = e.attributes["cores"]
                document.technique = e.attributes["technique"]
                document.author = e.attributes["author"]
                document.institution = e.attributes["institution"]
                document.country = e.attributes["country"]
            case (nil, _):
                a.issue("the root element must be <solution> (is this a problem file?)")
                issues += a.issues
                throw ITCReadError(issues: issues)
            case ("solution", "class"):
                let id = a.string("id")
                let days = a.string("days")
                let start = a.int("start")
                let weeks = a.string("weeks")
                if let id, let days, let start, let weeks {
                    document.classes.append(ITCSolutionClass(id: id, days: days, start: start, weeks: weeks,
                                                             room: e.attributes["room"], students: [], line: e.line))
                }
            case ("class", "student"):
                if let id = a.string("id"), !document.classes.isEmpty, path.count == 3 {
                    document.classes[document.classes.count - 1].students.append(id)
                }
            default:
                a.issue("unexpected element <\(e.name)> inside <\(parent ?? "")>")
            }
            issues += a.issues
        }
        if !issues.isEmpty { throw ITCReadError(issues: issues) }
        return document
    }
}

/// Writes a solution in the competition's format: the `<!DOCTYPE solution …>` of its DTD, the
/// `<solution>` element with its attributes, one `<class id days start weeks room>` per class
/// with a `<student id>` per student (no `room` attribute for a class without one).
public enum ITCSolutionWriter {
    public static func xml(_ document: ITCSolutionDocument) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<!DOCTYPE solution PUBLIC \"-//ITC 2019//DTD Problem Format/EN\" \"http://www.itc2019.org/competition-format.dtd\">\n"
        out += "<solution name=\"\(escape(document.name))\""
        for (key, value) in [("runtime", document.runtime), ("cores", document.cores), ("technique", document.technique),
                             ("author", document.author), ("institution", document.institution), ("country", document.country)] {
            if let value { out += " \(key)=\"\(escape(value))\"" }
        }
        out += ">\n"
        for c in document.classes {
            out += "  <class id=\"\(escape(c.id))\" days=\"\(escape(c.days))\" start=\"\(c.start)\" weeks=\"\(escape(c.weeks))\""
            if let room = c.room { out += " room=\"\(escape(room))\"" }
            if c.students.isEmpty {
                out += "/>\n"
            } else {
                out += ">\n"
                for s in c.students { out += "    <student id=\"\(escape(s))\"/>\n" }
                out += "  </class>\n"
            }
        }
        out += "</solution>\n"
        return out
    }

    public static func data(_ document: ITCSolutionDocument) -> Data { Data(xml(document).utf8) }

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
