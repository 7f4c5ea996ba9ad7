import TimetablingCore
/// Turning the construction's indexed state into a ``Solution`` with the instance's string ids.
extension GreedyConstruction {
    func solution() -> Solution {
        let inst = problem.instance
        var sectionIDs = [String?](repeating: nil, count: state.sections.count)
        var perCourse = [Int](repeating: 0, count: problem.courses.count)
        var sections: [Solution.Section] = []
        for (x, sec) in state.sections.enumerated() where sec.isOpen {
            perCourse[sec.course] += 1
            let id = "\(inst.courses[sec.course].id)/\(perCourse[sec.course])"
            sectionIDs[x] = id
            let meetings = sec.meetings.map {
                Solution.Meeting(day: inst.calendar.days[$0.day], period: $0.period + 1, length: $0.length,
                                 room: inst.rooms[$0.room].id, online: $0.online ? true : nil)
            }
            sections.append(Solution.Section(id: id, course: inst.courses[sec.course].id, teacher: inst.teachers[sec.teacher].id,
                                             mode: sec.mode, site: inst.sites[sec.site].id, meetings: meetings))
        }

        var assignments: [Solution.Assignment] = []
        var unsatisfied: [Solution.Unsatisfied] = []
        for q in 0..<state.requestCount {
            let s = state.requestStudent[q]
            let studentID = inst.students[s].id
            let x = state.requestSection[q]
            if x >= 0, let id = sectionIDs[x] {
                let join = state.requestJoinRoom[q]
                assignments.append(Solution.Assignment(
                    student: studentID, request: state.requestLocal[q], alternative: state.requestAlternative[q], section: id,
                    onlineRoom: join >= 0 ? inst.rooms[join].id : nil, fromHome: join == -2 ? true : nil))
            } else {
                unsatisfied.append(Solution.Unsatisfied(student: studentID, request: state.requestLocal[q],
                                                        required: state.request(q).required, reason: reason(q)))
            }
        }

        var itineraries: [Solution.Itinerary] = []
        for s in 0..<problem.students.count {
            for d in 0..<state.dayCount {
                guard let legs = state.studentDayLegs(s, day: d), !legs.isEmpty else { continue }
                itineraries.append(Solution.Itinerary(person: inst.students[s].id, role: .student, day: inst.calendar.days[d],
                                                      legs: legs.map(leg)))
            }
        }
        for t in 0..<problem.teachers.count {
            for d in 0..<state.dayCount {
                guard let legs = state.teacherDayLegs(t, day: d), !legs.isEmpty else { continue }
                itineraries.append(Solution.Itinerary(person: inst.teachers[t].id, role: .teacher, day: inst.calendar.days[d],
                                                      legs: legs.map(leg)))
            }
        }
        return Solution(instance: inst.name, engine: "greedy", sections: sections, assignments: assignments,
                        itineraries: itineraries, unsatisfied: unsatisfied)
    }

    private func leg(_ l: PlannedLeg) -> Solution.Leg {
        let inst = problem.instance
        return Solution.Leg(from: inst.sites[Int(l.from)].id, to: inst.sites[Int(l.to)].id,
                            depart: ClockTime.text(Int(l.depart)), arrive: ClockTime.text(Int(l.arrive)),
                            busRun: l.run >= 0 ? inst.transport.busRuns[Int(l.run)].id : nil)
    }

    /// "no section of chem-adv (in person at borki) fits: …", one clause per alternative.
    func reason(_ q: Int) -> String {
        let alternatives = state.request(q).alternatives
        let fails = failures[q] ?? [AlternativeFailure](repeating: .noSectionFits, count: alternatives.count)
        if fails.allSatisfy({ $0 == .notAttempted }) { return AlternativeFailure.notAttempted.text }
        if alternatives.count == 1 { return "no section of \(label(alternatives[0])) fits: \(fails[0].text)" }
        let clauses = alternatives.indices.map { k in "\(label(alternatives[k])): \(fails[k].text)" }
        return "no alternative fits: " + clauses.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: "; ")
    }

    private func label(_ alt: Problem.AlternativeData) -> String {
        var text = problem.instance.courses[alt.course].id
        switch (alt.mode, alt.site) {
        case (.online?, _): text += " (online)"
        case let (_, site?): text += " (in person at \(problem.instance.sites[site].id))"
        case (.inPerson?, nil): text += " (in person)"
        case (nil, nil): break
        }
        return text
    }
}
