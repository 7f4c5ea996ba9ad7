/// The rule `group-trip` (RULES.md): a group (``Group``) travels to and from each of its meetings
/// on one trip.
///
/// For each section holding members whose group request it grants, and each of its meetings,
/// a member *arrives for* the meeting when the meeting begins the member's stay at the group's
/// site (the move into that stay is then the member's inbound leg) and *leaves after* it when it
/// ends that stay (the move out of the stay is the outbound leg). Inbound legs from one site, and
/// outbound legs to one site, must be one trip: the same departure, arrival and bus run.
/// A member already at the site before the meeting, or staying there after it, has no leg to
/// compare on that side; members coming from (going to) different sites are compared only with
/// those of the same site. A member whose itinerary does not make the day's moves is left to the
/// rule `itinerary`.
///
/// O(members × (slots + legs)) per group.
extension Checker.Evaluation {
    /// One member's leg of a group trip: the member and the leg's (depart, arrive, bus run).
    private struct TripLeg {
        var student: Int
        var depart: Int
        var arrive: Int
        var busRun: Int?

        var trip: [Int] { [depart, arrive, busRun ?? -1] }
    }

    mutating func judgeGroupTrips() {
        var week = Week(slots: problem.slotCount)
        for g in problem.groups {
            // The members in each section that grants their group request.
            var bySection: [Int: [Int]] = [:]
            for m in g.members {
                let flat = solution.requestBase[m.student] + m.request
                guard solution.assignmentCount[flat] > 0 else { continue }
                bySection[solution.assignments[solution.firstAssignment[flat]].section, default: []].append(m.student)
            }
            for x in bySection.keys.sorted() {
                let section = solution.sections[x]
                // An online section, or one elsewhere, breaks `assignment` already: no trip to judge.
                guard section.mode == .inPerson, section.site == g.site else { continue }
                var inbound: [Int: [Int: [TripLeg]]] = [:]   // meeting → from → legs
                var outbound: [Int: [Int: [TripLeg]]] = [:]  // meeting → to → legs
                for s in bySection[x]! {
                    let student = problem.students[s]
                    guard student.home != g.site else { continue }
                    week.reset(busy: student.busy, home: student.home)
                    for a in solution.assignmentsByStudent[s] {
                        let other = solution.sections[solution.assignments[a].section]
                        let online = other.mode == .online
                        for m in other.meetings { week.add(m, at: online ? student.home : other.site, online: online, problem: problem) }
                    }
                    for (k, meeting) in section.meetings.enumerated() {
                        let first = problem.slot(day: meeting.day, period: meeting.period)
                        let last = problem.slot(day: meeting.day, period: meeting.period + meeting.length - 1)
                        // In a clash another commitment decides where the member is: `student-clash` tells.
                        guard week.site[first] == g.site, week.site[last] == g.site else { continue }
                        let moves = neededMoves(day: meeting.day, home: student.home, sites: week.site)
                        let legs = solution.legs(student: s, day: meeting.day)
                        guard legs.count == moves.count, zip(legs, moves).allSatisfy({ $0.from == $1.from && $0.to == $1.to })
                        else { continue }
                        let start = problem.periodStart[meeting.period], end = problem.periodEnd[meeting.period + meeting.length - 1]
                        if let i = moves.firstIndex(where: { $0.to == g.site && $0.latest == start }) {
                            let leg = legs[i]
                            inbound[k, default: [:]][leg.from, default: []].append(
                                TripLeg(student: s, depart: leg.depart, arrive: leg.arrive, busRun: leg.busRun))
                        }
                        if let i = moves.firstIndex(where: { $0.from == g.site && $0.earliest == end }) {
                            let leg = legs[i]
                            outbound[k, default: [:]][leg.to, default: []].append(
                                TripLeg(student: s, depart: leg.depart, arrive: leg.arrive, busRun: leg.busRun))
                        }
                    }
                }
                for (k, meeting) in section.meetings.enumerated() {
                    for (from, legs) in (inbound[k] ?? [:]).sorted(by: { $0.key < $1.key }) {
                        judgeOneTrip(g, section: x, meeting: meeting, route: route(from, g.site), toMeeting: true, legs)
                    }
                    for (to, legs) in (outbound[k] ?? [:]).sorted(by: { $0.key < $1.key }) {
                        judgeOneTrip(g, section: x, meeting: meeting, route: route(g.site, to), toMeeting: false, legs)
                    }
                }
            }
        }
    }

    /// One violation when `legs` (members' legs on one route, to or from one meeting) are more than one trip.
    private mutating func judgeOneTrip(_ g: Problem.GroupData, section x: Int, meeting: IndexedSolution.Meeting, route: String,
                                       toMeeting: Bool, _ legs: [TripLeg]) {
        var trips: [[Int]: [Int]] = [:]
        for l in legs { trips[l.trip, default: []].append(l.student) }
        guard trips.count > 1 else { return }
        let parts = trips.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { trip -> String in
            let who = trips[trip]!
            let bus = trip[2] >= 0 ? " bus run \(busRunId(trip[2]))" : " by road"
            return "\(clock(trip[0]))–\(clock(trip[1]))\(bus) (\(who.count): "
                + who.prefix(3).map(studentId).joined(separator: ", ") + (who.count > 3 ? ", …" : "") + ")"
        }
        let when = "\(dayId(meeting.day)) period \(meeting.period + 1)"
        found.add(.groupTrip, who: g.id, day: meeting.day, period: meeting.period,
                  "group \(g.id): \(legs.count) members travel \(route) \(toMeeting ? "to" : "after") the meeting of section "
                  + "\(solution.sections[x].id) on \(when) on \(trips.count) trips, one expected: " + parts.joined(separator: ", "))
    }
}
