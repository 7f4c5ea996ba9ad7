import NetworkTimetabling

/// Groups' trips in a solution, read from the solution alone (rule `group-trip`, issue #16).
public enum GroupTrips {
    /// The generated tiny city network (`netsched generate --preset tiny --profile city
    /// --junior-students 40 --seed 1`), whose lyceum's classes 7–9 attend the technopark's career
    /// trial as groups, with class lyceum-1-7's members given different own lessons (half of them
    /// period 8 from monday to thursday, the others period 4 on friday), so that leaving as soon
    /// as one's lessons end would split the class over two departures. Also how many members were
    /// given lessons.
    public static func cityClassAtTechnopark() -> (instance: Instance, edited: Int) {
        var parameters = GeneratorParameters.preset("tiny")!
        parameters.profile = .city
        parameters.juniorStudents = 40
        parameters.seed = 1
        var instance = InstanceGenerator.generate(parameters)
        var k = 0
        for i in instance.students.indices where instance.students[i].schoolClass == "lyceum-1-7" {
            instance.students[i].busy = k % 2 == 1 ? ["mon": [8], "tue": [8], "wed": [8], "thu": [8]] : ["fri": [4]]
            k += 1
        }
        return (instance, k)
    }

    /// What is wrong, one line each: a group not granted, or in more than one section, or in a
    /// section away from the group's site; on a day its section meets, more than one (depart,
    /// arrive, bus run) among the members' legs between two sites to or from the group's site; a
    /// group of which nobody travels.
    public static func problems(_ problem: Problem, _ solution: Solution) -> [String] {
        let inst = problem.instance
        var out: [String] = []
        for g in problem.groups {
            let ids = g.members.map { inst.students[$0.student].id }
            let sections = Set(g.members.map { m in
                solution.assignments.first { $0.student == inst.students[m.student].id && $0.request == m.request }?.section
            })
            if sections.count != 1 { out.append("\(g.id): in \(sections.count) sections \(sections)") }
            guard let id = sections.first ?? nil, let section = solution.sections.first(where: { $0.id == id }) else {
                out.append("\(g.id): not granted")
                continue
            }
            let site = inst.sites[g.site].id
            if section.site != site { out.append("\(g.id): section \(id) at \(section.site), not \(site)") }
            var travelled = 0
            for day in Set(section.meetings.map(\.day)) {
                var trips: [String: Set<String>] = [:]
                for it in solution.itineraries where it.role == .student && it.day == day && ids.contains(it.person) {
                    for l in it.legs where l.to == site || l.from == site {
                        trips[l.from + "→" + l.to, default: []].insert("\(l.depart)–\(l.arrive) \(l.busRun ?? "road")")
                        travelled += 1
                    }
                }
                for (route, t) in trips.sorted(by: { $0.key < $1.key }) where t.count != 1 {
                    out.append("\(g.id) \(day) \(route): \(t.sorted())")
                }
            }
            if travelled == 0 { out.append("\(g.id): nobody travels") }
        }
        return out
    }
}
