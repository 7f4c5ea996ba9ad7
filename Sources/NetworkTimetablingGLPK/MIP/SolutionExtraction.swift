import TimetablingCore
import TimetablingEngines

extension MIPModel {
    /// Turns column values into a ``Solution``: open candidates become sections (numbered per
    /// course), chosen starts their meetings, assignment columns the assignments (with the join
    /// room), and each person-day's chosen arcs the legs of its itinerary. Road legs leave when
    /// the previous commitment ends (the day's first leg arrives just in time for the first
    /// commitment); bus legs are the chosen ride. Unassigned requests get `reason(student, request)`.
    /// Candidates in `ids` (the locked sections) get those ids; the others skip them.
    func solution(values v: [Double], engine: String, ids fixed: [Int: String] = [:], reason: (Int, Int) -> String) -> Solution {
        let inst = problem.instance
        let P = problem.periodCount, D = problem.dayCount
        func on(_ c: Int) -> Bool { v[c] > 0.5 }

        var sectionID = [String?](repeating: nil, count: candidates.count)
        var perCourse = [Int](repeating: 0, count: problem.courses.count)
        var sections: [Solution.Section] = []
        let taken = Set(fixed.values)
        for (ci, cand) in candidates.enumerated() {
            guard let g = cand.configCols.firstIndex(where: on) else { continue }
            let type = sets.types[cand.type]
            let cfg = type.configs[g]
            var id: String
            if let given = fixed[ci] {
                id = given
            } else {
                repeat {
                    perCourse[type.course] += 1
                    id = "\(inst.courses[type.course].id)/\(perCourse[type.course])"
                } while taken.contains(id)
            }
            sectionID[ci] = id
            var meetings: [Solution.Meeting] = []
            for (e, list) in cand.startCols.enumerated() {
                guard let st = list.first(where: { on($0.col) })?.start else { continue }
                meetings.append(Solution.Meeting(day: inst.calendar.days[st.slot / P], period: st.slot % P + 1, length: type.lengths[e],
                                                 room: inst.rooms[st.room].id, online: type.keys[e] < 0 ? true : nil))
            }
            meetings.sort { ($0.day == $1.day) ? $0.period < $1.period
                : problem.dayIndex[$0.day]! < problem.dayIndex[$1.day]! }
            sections.append(Solution.Section(id: id, course: inst.courses[type.course].id, teacher: inst.teachers[cfg.teacher].id,
                                             mode: type.mode, site: inst.sites[cfg.site].id, meetings: meetings))
        }

        var granted = Set<Int>()
        var assignments: [Solution.Assignment] = []
        for a in chosenAssignments(values: v) {
            guard let id = sectionID[a.candidate] else { continue }
            let s = a.student
            granted.insert(s << 20 | a.request)
            var room: String? = nil, fromHome: Bool? = nil
            if sets.types[candidates[a.candidate].type].needsJoin {
                switch sets.join[s] {
                case .fromHome: fromHome = true
                case let .rooms(rooms) where rooms.count == 1: room = inst.rooms[rooms[0]].id
                case .rooms:
                    if let j = joinRooms.first(where: { $0.student == s && $0.candidate == a.candidate && on($0.col) }) {
                        room = inst.rooms[j.room].id
                    }
                case .none: break
                }
            }
            assignments.append(Solution.Assignment(student: inst.students[s].id, request: a.request, alternative: a.alternative,
                                                   section: id, onlineRoom: room, fromHome: fromHome))
        }
        assignments.sort { ($0.student, $0.request) < ($1.student, $1.request) }

        var unsatisfied: [Solution.Unsatisfied] = []
        for (s, student) in problem.students.enumerated() {
            for (q, request) in student.requests.enumerated() where !granted.contains(s << 20 | q) {
                unsatisfied.append(Solution.Unsatisfied(student: inst.students[s].id, request: q, required: request.required,
                                                        reason: reason(s, q)))
            }
        }

        var itineraries: [Solution.Itinerary] = []
        for s in problem.students.indices {
            for d in 0..<D {
                let legs = self.legs(studentArcs[s * D + d], values: v)
                if !legs.isEmpty {
                    itineraries.append(Solution.Itinerary(person: inst.students[s].id, role: .student, day: inst.calendar.days[d], legs: legs))
                }
            }
        }
        for t in problem.teachers.indices {
            for d in 0..<D {
                let legs = self.legs(teacherArcs[t * D + d], values: v)
                if !legs.isEmpty {
                    itineraries.append(Solution.Itinerary(person: inst.teachers[t].id, role: .teacher, day: inst.calendar.days[d], legs: legs))
                }
            }
        }
        return Solution(instance: inst.name, engine: engine, sections: sections, assignments: assignments,
                        itineraries: itineraries, unsatisfied: unsatisfied)
    }

    /// The assignment columns set in `values`.
    func chosenAssignments(values v: [Double]) -> [Assignment] { assignments.filter { v[$0.col] > 0.5 } }

    /// The legs of one person-day: the chosen arcs that move, in time order.
    private func legs(_ arcs: [ArcVar], values v: [Double]) -> [Solution.Leg] {
        let inst = problem.instance
        let chosen = arcs.filter { $0.cols.contains { v[$0] > 0.5 } && $0.arc.isMove }
        return chosen.sorted { $0.arc.fromPeriod < $1.arc.fromPeriod }.map { av in
            let from = inst.sites[av.arc.fromSite].id, to = inst.sites[av.arc.toSite].id
            if av.rides.isEmpty {
                return Solution.Leg(from: from, to: to, depart: ClockTime.text(av.arc.depart),
                                    arrive: ClockTime.text(av.arc.depart + av.arc.roadMinutes))
            }
            let k = av.cols.firstIndex { v[$0] > 0.5 }!
            let ride = av.rides[k]
            return Solution.Leg(from: from, to: to, depart: ClockTime.text(ride.depart), arrive: ClockTime.text(ride.arrive),
                                busRun: inst.transport.busRuns[ride.run].id)
        }
    }
}
