/// Groups (``Group``): a class or named students attending a course together, in one section.
extension Problem {
    /// A group, indexed: its course and site, and each member with the index of the group's request.
    public struct GroupData: Sendable, Equatable {
        public let id: String
        public let course: Int
        public let site: Int
        /// (student, request) of every member, in the instance's order of students.
        public let members: [Member]

        public struct Member: Sendable, Equatable {
            public let student: Int
            public let request: Int
        }
    }

    /// The groups whose data are usable, each problem reported at `groups[i]…`; the instance is
    /// expanded (``Instance/withGroupRequests()``) with these only, so a broken group does not
    /// cascade into errors at its members' requests.
    static func validGroups(_ inst: Instance, into d: inout DiagnosticList) -> [Group] {
        let classes = Set(inst.classes.map(\.id)), students = Set(inst.students.map(\.id)), sites = Set(inst.sites.map(\.id))
        let courses = Dictionary(inst.courses.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: [String: Int] = [:]
        var valid: [Group] = []
        for (i, g) in inst.groups.enumerated() {
            let path = "groups[\(i)]"
            var ok = true
            func fail(_ field: String, _ message: String, fix: String) {
                d.error(field.isEmpty ? path : "\(path).\(field)", message, fix: fix)
                ok = false
            }
            if g.id.isEmpty {
                fail("id", "empty group id", fix: "give every group a unique id; it names the members' request")
            } else if let first = seen[g.id] {
                fail("id", "duplicate group id \"\(g.id)\" (also groups[\(first)])", fix: "make group ids unique")
            } else {
                seen[g.id] = i
            }
            switch (g.schoolClass, g.students) {
            case (nil, nil):
                fail("", "the group names neither a class nor students", fix: "give \"class\" (a class id) or \"students\" (student ids)")
            case (.some, .some):
                fail("", "the group names both a class and students", fix: "give one of \"class\" and \"students\"")
            case (let c?, nil) where !classes.contains(c):
                fail("class", "unknown class \"\(c)\"", fix: "use an id of classes")
            case (nil, let list?):
                var listed: Set<String> = []
                for (k, s) in list.enumerated() {
                    if !students.contains(s) { fail("students[\(k)]", "unknown student \"\(s)\"", fix: "use an id of students") }
                    if !listed.insert(s).inserted { fail("students[\(k)]", "student \"\(s)\" is listed twice", fix: "list each member once") }
                }
            default: break
            }
            let course = courses[g.course]
            if course == nil { fail("course", "unknown course \"\(g.course)\"", fix: "use an id of courses") }
            if !sites.contains(g.site) {
                fail("site", "unknown site \"\(g.site)\"", fix: "use an id of sites")
            } else if let course, !course.inPersonSites.contains(g.site) {
                fail("site", "course \"\(g.course)\" is not taught in person at \"\(g.site)\"",
                     fix: "use one of the course's inPersonSites (\(course.inPersonSites.joined(separator: ", "))) or add the site to them")
            }
            if let t = g.latestReturn, ClockTime.minutes(t) == nil {
                fail("latestReturn", "\"\(t)\" is not a clock time", fix: "write HH:MM, e.g. 16:30")
            }
            if let m = g.maxOneWayMinutes, m < 0 { fail("maxOneWayMinutes", "negative minutes", fix: "give 0 or more") }
            guard ok, let course else { continue }
            let members = g.members(in: inst.students)
            if members.isEmpty {
                d.error(path, "group \"\(g.id)\" has no members (no student of the instance is in it)",
                        fix: g.schoolClass != nil ? "give the class's students \"class\": \"\(g.schoolClass!)\"" : "list its students")
                continue
            }
            if members.count > course.maxSize {
                d.error(path, "group \"\(g.id)\" has \(members.count) members, more than course \"\(course.id)\" takes in one section (maxSize \(course.maxSize))",
                        fix: "raise the course's maxSize or split the group")
                continue
            }
            var memberOK = true
            for k in members {
                let s = inst.students[k]
                if !course.grades.isEmpty && !course.grades.contains(s.grade) {
                    d.error(path, "member \"\(s.id)\" is in grade \(s.grade); course \"\(course.id)\" is for grades \(course.grades.map(String.init).joined(separator: ", "))",
                            fix: "take the student out of the group or open the course to the grade")
                    memberOK = false
                }
                if let q = s.requests.firstIndex(where: { $0.id == g.id }) {
                    let alts = s.requests[q].alternatives
                    if !(s.requests[q].required && alts.count == 1 && alts[0].course == g.course && alts[0].mode == .inPerson && alts[0].site == g.site) {
                        d.error("students[\(k)].requests[\(q)]", "request \"\(g.id)\" of a member of group \"\(g.id)\" is not the group's (required, in person at \(g.site), course \(g.course))",
                                fix: "remove the request (the group adds it) or give it another id")
                        memberOK = false
                    }
                }
            }
            if memberOK { valid.append(g) }
        }
        return valid
    }

    /// The indexed groups of the expanded instance.
    static func buildGroups(_ inst: Instance, courseIndex: [String: Int], siteIndex: [String: Int]) -> [GroupData] {
        inst.groups.compactMap { g in
            guard let c = courseIndex[g.course], let site = siteIndex[g.site] else { return nil }
            let members = g.members(in: inst.students).compactMap { k -> GroupData.Member? in
                inst.students[k].requests.firstIndex { $0.id == g.id }.map { GroupData.Member(student: k, request: $0) }
            }
            return GroupData(id: g.id, course: c, site: site, members: members)
        }
    }

    /// For every (student, request) of a group, the group's index.
    public var groupOfRequest: [Int: [Int: Int]] {
        var out: [Int: [Int: Int]] = [:]
        for (i, g) in groups.enumerated() { for m in g.members { out[m.student, default: [:]][m.request] = i } }
        return out
    }
}
