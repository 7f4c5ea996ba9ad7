import TimetablingCore
import TimetablingEngines

/// What every user of a ``SubProblem`` does around its sub-MIP (the hybrid engine's
/// neighbourhoods, `netsched what-if`): the rank costs of the original alternatives, and the
/// sub-MIP's answer merged back into the whole timetable with the itineraries of the people involved.
extension SubProblem {
    /// Rank costs of the original alternatives: the sub-requests keep only some alternatives, so
    /// sub-alternative k may be the original's alternative k + j, which costs j ranks more.
    func applyOriginalRankCosts(to model: inout MIPModel) {
        let w = sub.weights
        for a in model.assignments {
            let orig = alternativeOf[a.student][a.request][a.alternative]
            if orig != a.alternative {
                let weight = sub.students[a.student].requests[a.request].weight
                model.lp.setObjective(a.col, model.lp.columns[a.col].objective + w.alternativeRank * weight * Double(orig - a.alternative))
            }
        }
    }

    /// `current` with the freed part replaced by the sub-MIP's solution `values`: sections and
    /// assignments mapped back (``merge(_:into:plannedDays:subPeople:)``), and the itineraries of
    /// the sub-problem's people on every day it planned (it has arcs there) or whose freed lessons
    /// moved away (a chain through the fixed lessons left). Nil when such a chain breaks.
    func merged(values: [Double], model: MIPModel, sets: MIPSets, into current: Solution, engine: String,
                reason: String) -> Solution? {
        let part = model.solution(values: values, engine: engine) { _, _ in reason }
        let D = sub.dayCount
        var planned = Set<String>()
        var people = Set<String>()
        var chains: [Solution.Itinerary] = []
        func plan(_ id: String, role: Solution.Itinerary.Role, arcs: [[MIPModel.ArcVar]], networks: [DayNetwork], base: Int) -> Bool {
            people.insert(id)
            for d in 0..<D {
                let day = sub.instance.calendar.days[d]
                if !arcs[base + d].isEmpty {
                    planned.insert(id + "|" + day)
                } else if touchedDays.contains(id + "|" + day) {
                    guard let legs = Self.chainLegs(networks[d], problem: sub) else { return false }
                    planned.insert(id + "|" + day)
                    if !legs.isEmpty { chains.append(Solution.Itinerary(person: id, role: role, day: day, legs: legs)) }
                }
            }
            return true
        }
        for (i, s) in sub.instance.students.enumerated() {
            if !plan(s.id, role: .student, arcs: model.studentArcs, networks: sets.studentNetworks[i], base: i * D) { return nil }
        }
        for (i, t) in sub.instance.teachers.enumerated() {
            if !plan(t.id, role: .teacher, arcs: model.teacherArcs, networks: sets.teacherNetworks[i], base: i * D) { return nil }
        }
        var withChains = part
        withChains.itineraries += chains
        return merge(withChains, into: current, plannedDays: planned, subPeople: people)
    }

    /// The legs of a day whose commitments are all fixed (a chain through its mandatory nodes), or
    /// nil when the chain breaks.
    static func chainLegs(_ net: DayNetwork, problem: Problem) -> [Solution.Leg]? {
        let inst = problem.instance
        let mandatory = net.nodes.indices.filter { net.nodes[$0].mandatory }
        let sequence = [-1] + mandatory + [-1]
        var legs: [Solution.Leg] = []
        for k in 0..<(sequence.count - 1) {
            let from = sequence[k], to = sequence[k + 1]
            guard let arc = net.arcs.first(where: { $0.from == from && $0.to == to }) else { return nil }
            guard arc.isMove else { continue }
            let a = inst.sites[arc.fromSite].id, b = inst.sites[arc.toSite].id
            if let ride = arc.rides.first {
                legs.append(Solution.Leg(from: a, to: b, depart: ClockTime.text(ride.depart), arrive: ClockTime.text(ride.arrive),
                                         busRun: inst.transport.busRuns[ride.run].id))
            } else {
                legs.append(Solution.Leg(from: a, to: b, depart: ClockTime.text(arc.depart), arrive: ClockTime.text(arc.depart + arc.roadMinutes)))
            }
        }
        return legs
    }
}
