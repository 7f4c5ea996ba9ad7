import NetworkTimetabling

/// What people see of a solution, computed from the solution alone (independently of the
/// library's change report), for the re-plan tests' diffs of two solutions.
public enum SolutionViews {
    /// Per student and request the course, mode, site, teacher and meetings (day, period, length,
    /// room); per teacher the lessons by slot; per person and day the legs.
    public static func of(_ s: Solution) -> (students: [String: Set<String>], teachers: [String: Set<String>]) {
        let sections = Dictionary(s.sections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var students: [String: Set<String>] = [:], teachers: [String: Set<String>] = [:]
        for a in s.assignments {
            guard let x = sections[a.section] else { continue }
            let times = x.meetings.map { "\($0.day).\($0.period).\($0.length).\($0.room)" }.sorted().joined(separator: ",")
            students[a.student, default: []].insert("\(a.request):\(x.course):\(x.mode):\(x.site):\(x.teacher):\(times)")
        }
        for x in s.sections {
            for m in x.meetings { teachers[x.teacher, default: []].insert("\(m.day).\(m.period).\(m.length):\(x.course):\(x.site):\(m.room)") }
        }
        for it in s.itineraries where !it.legs.isEmpty {
            let legs = it.legs.map { "\($0.from)>\($0.to)@\($0.depart)-\($0.arrive)/\($0.busRun ?? "")" }.joined(separator: ",")
            switch it.role {
            case .student: students[it.person, default: []].insert("\(it.day):\(legs)")
            case .teacher: teachers[it.person, default: []].insert("\(it.day):\(legs)")
            }
        }
        return (students, teachers)
    }

    /// The people whose view differs between `a` and `b`.
    public static func changed(_ a: [String: Set<String>], _ b: [String: Set<String>]) -> Set<String> {
        Set(Set(a.keys).union(b.keys).filter { a[$0] ?? [] != b[$0] ?? [] })
    }
}
