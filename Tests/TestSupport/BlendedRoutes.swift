import NetworkTimetabling

/// Blended courses in a solution, read from the solution alone: each student from another site
/// in a blended course's in-person section travels to the host on the in-person days and not on
/// the online days (unless another in-person lesson elsewhere takes them away that day).
public enum BlendedRoutes {
    /// What is wrong, one line each, and how many (student, meeting) pairs were looked at.
    public static func problems(_ problem: Problem, _ solution: Solution) -> (problems: [String], checked: Int) {
        let inst = problem.instance
        let blended = Set(problem.courses.indices.filter { problem.courses[$0].isBlended }.map { inst.courses[$0].id })
        let byID = Dictionary(solution.sections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        var checked = 0
        for a in solution.assignments {
            guard let section = byID[a.section], blended.contains(section.course), section.mode == .inPerson,
                  let s = problem.studentIndex[a.student]
            else { continue }
            let home = inst.sites[problem.students[s].home].id
            guard home != section.site else { continue }
            var awayOtherwise = Set<String>()
            for b in solution.assignments where b.student == a.student && b.section != a.section {
                guard let other = byID[b.section], other.mode == .inPerson, other.site != home else { continue }
                for m in other.meetings where m.online != true { awayOtherwise.insert(m.day) }
            }
            let days = solution.itineraries.filter { $0.role == .student && $0.person == a.student }
            for m in section.meetings {
                let travels = days.contains { $0.day == m.day && $0.legs.contains { $0.to == section.site } }
                if m.online == true {
                    if travels && !awayOtherwise.contains(m.day) {
                        out.append("\(a.student) travels to \(section.site) on \(m.day), an online day of \(section.id)")
                    }
                } else if !travels {
                    out.append("\(a.student) does not travel to \(section.site) on \(m.day), the in-person day of \(section.id)")
                }
                checked += 1
            }
        }
        return (out, checked)
    }
}
