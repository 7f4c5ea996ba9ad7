import TimetablingCore
/// Whether a student could travel to and from one more in-person section on one day, given the
/// rest of the student's day in the solution; the obstacles found become ``RefusalReason``s.
///
/// The day is laid out as RULES.md describes ("Where people are"): regular lessons at home,
/// network lessons at their sites (online ones at home), the new section's meeting at its site,
/// first commitment of a slot wins. Only the moves into and out of the new meeting are judged:
/// the others do not change. With travel times a move needs a road, a trip no longer than the
/// student's longest, enough minutes between the lessons and, going home, arrival by the latest
/// return; with bus runs it needs a run in the window with a free seat.
struct TravelCheck {
    let view: IndexedSolution
    let week: StudentWeek
    /// Riders per bus run segment and day in the solution (``IndexedSolution/busRiders()``).
    let riders: [[[Int]]]

    private struct Move {
        var from: Int
        var to: Int
        /// End of the commitment before (nil: first move of the day).
        var earliest: Int?
        /// Start of the commitment after (nil: the move home at the end of the day).
        var latest: Int?
        var afterPeriod: Int?
        var beforePeriod: Int?
    }

    func obstacles(section sec: Int, day d: Int) -> [RefusalReason] {
        let problem = view.problem
        let s = week.student
        let student = problem.students[s]
        let section = view.sections[sec]
        var site = [Int](repeating: -1, count: problem.periodCount)
        for p in 0..<problem.periodCount {
            let slot = problem.slot(day: d, period: p)
            if student.busy[slot] {
                site[p] = student.home
            } else if let a = week.network[slot].first {
                site[p] = view.lessonSite(student: s, section: view.assignments[a].section, day: d, period: p)
            }
        }
        var added = Set<Int>()
        for m in section.meetings where m.day == d {
            for p in m.periods where site[p] < 0 {
                site[p] = section.heldOnline(m) ? student.home : section.site
                added.insert(p)
            }
        }
        guard !added.isEmpty else { return [] }

        var moves: [Move] = []
        var at = student.home
        var lastEnd: Int?, lastPeriod: Int?
        for p in 0..<problem.periodCount where site[p] >= 0 {
            if site[p] != at {
                moves.append(Move(from: at, to: site[p], earliest: lastEnd, latest: problem.periodStart[p], afterPeriod: lastPeriod,
                                  beforePeriod: p))
                at = site[p]
            }
            lastEnd = problem.periodEnd[p]
            lastPeriod = p
        }
        if at != student.home {
            moves.append(Move(from: at, to: student.home, earliest: lastEnd, latest: nil, afterPeriod: lastPeriod, beforePeriod: nil))
        }
        var out: [RefusalReason] = []
        for move in moves {
            let touches = move.afterPeriod.map(added.contains) == true || move.beforePeriod.map(added.contains) == true
            guard touches else { continue }
            let reason = problem.transportMode == .busRuns
                ? busObstacle(move, section: section.id, day: d)
                : roadObstacle(move, section: section.id, day: d)
            if let reason, !out.contains(reason) { out.append(reason) }
        }
        return out
    }

    private func clock(_ m: Int) -> String { ClockTime.text(m) }

    private func roadObstacle(_ move: Move, section: String, day d: Int) -> RefusalReason? {
        let problem = view.problem
        let student = problem.students[week.student]
        let from = view.siteId(move.from), to = view.siteId(move.to)
        guard let minutes = problem.travel(from: move.from, to: move.to) else {
            return .noRoad(section: section, from: from, to: to)
        }
        if minutes > student.maxOneWayMinutes {
            return .tripTooLong(section: section, from: from, to: to, minutes: minutes, limit: student.maxOneWayMinutes)
        }
        if let e = move.earliest, let l = move.latest, l - e < minutes {
            return .travelGap(section: section, day: view.dayId(d), from: from, to: to, minutes: minutes, after: clock(e), before: clock(l))
        }
        if move.latest == nil, let limit = student.latestReturn, let e = move.earliest, e + minutes > limit {
            return .lateReturn(section: section, day: view.dayId(d), from: from, home: to, arrive: clock(e + minutes), latest: clock(limit))
        }
        return nil
    }

    private func busObstacle(_ move: Move, section: String, day d: Int) -> RefusalReason? {
        let problem = view.problem
        let student = problem.students[week.student]
        let from = view.siteId(move.from), to = view.siteId(move.to)
        // Rides (run, boarding stop, alighting stop) inside the window.
        var rides: [(run: Int, i: Int, j: Int)] = []
        for (r, run) in problem.busRuns.enumerated() where run.days[d] {
            for (i, a) in run.stops.enumerated() where a.site == move.from && (move.earliest.map { a.time >= $0 } ?? true) {
                for j in (i + 1)..<run.stops.count where run.stops[j].site == move.to && (move.latest.map { run.stops[j].time <= $0 } ?? true) {
                    rides.append((r, i, j))
                }
            }
        }
        let dayId = view.dayId(d)
        if rides.isEmpty {
            return .noBusRun(section: section, day: dayId, from: from, to: to, after: move.earliest.map(clock), before: move.latest.map(clock))
        }
        let stops = { (r: (run: Int, i: Int, j: Int)) in (problem.busRuns[r.run].stops[r.i].time, problem.busRuns[r.run].stops[r.j].time) }
        let short = rides.filter { let (a, b) = stops($0); return b - a <= student.maxOneWayMinutes }
        if short.isEmpty {
            let best = rides.map { let (a, b) = stops($0); return b - a }.min() ?? 0
            return .tripTooLong(section: section, from: from, to: to, minutes: best, limit: student.maxOneWayMinutes)
        }
        var timely = short
        if move.latest == nil, let limit = student.latestReturn {
            timely = short.filter { stops($0).1 <= limit }
            if timely.isEmpty {
                let first = short.map { stops($0).1 }.min() ?? 0
                return .lateReturn(section: section, day: dayId, from: from, home: to, arrive: clock(first), latest: clock(limit))
            }
        }
        // Seats: riders of the day, without the student's own legs (the student's day would change).
        var riders = self.riders
        for leg in view.legs(student: week.student, day: d) {
            guard let r = leg.busRun, let (i, j) = view.boarding(run: r, leg: leg) else { continue }
            for seg in i..<j { riders[r][d][seg] -= 1 }
        }
        let withSeat = timely.contains { ride in (ride.i..<ride.j).allSatisfy { riders[ride.run][d][$0] < problem.busRuns[ride.run].seats } }
        if !withSeat {
            var runs: [String] = []
            for ride in timely where !runs.contains(view.busRunId(ride.run)) { runs.append(view.busRunId(ride.run)) }
            return .busFull(section: section, day: dayId, runs: runs)
        }
        return nil
    }
}
