import TimetablingCore

/// The legs of one student's day with one more section joined, built as the checker will judge
/// them (RULES.md, "Where people are"): regular lessons at home, network lessons at their sites
/// (online ones at home), the new section's meetings where the slot is free, first commitment of
/// a slot wins; each change of site between stays is a move, and so are the trips from home and
/// back.
///
/// Each move keeps the student's leg of the published solution when one still serves it (same
/// sites, inside the window), so the days the section does not touch stay as published; a new
/// move gets a new leg. By road a leg leaves as soon as the earlier lesson ends (the first leg of
/// the day: just in time for the first lesson), takes the road's minutes, must be no longer than
/// the student's longest trip, arrive in time and, going home, by the latest return. With bus
/// runs it is the shortest ride in the window with a free seat on every segment (the seats the
/// student's own published legs held that day are free again).
struct JoinRoute {
    let view: IndexedSolution
    /// Riders per bus run segment and day in the solution (``IndexedSolution/busRiders()``).
    let riders: [[[Int]]]

    /// A leg in the problem's indices (minutes since midnight), as ``IndexedSolution/Leg``.
    struct Leg: Equatable {
        var from: Int
        var to: Int
        var depart: Int
        var arrive: Int
        var busRun: Int?
        var minutes: Int { arrive - depart }
        var travelMinutes: Int { max(arrive - depart, 0) }

        init(from: Int, to: Int, depart: Int, arrive: Int, busRun: Int?) {
            self.from = from
            self.to = to
            self.depart = depart
            self.arrive = arrive
            self.busRun = busRun
        }

        init(_ l: IndexedSolution.Leg) { self.init(from: l.from, to: l.to, depart: l.depart, arrive: l.arrive, busRun: l.busRun) }
    }

    private struct Move {
        var from: Int
        var to: Int
        /// End of the commitment before (nil: first move of the day).
        var earliest: Int?
        /// Start of the commitment after (nil: the move home at the end of the day).
        var latest: Int?
    }

    /// The student's legs on day `d` with section `sec` joined, or nil when a move cannot be travelled.
    func legs(student s: Int, day d: Int, joining sec: Int) -> [Leg]? {
        let problem = view.problem
        let student = problem.students[s]
        let network = view.networkSlots(student: s)
        var moves: [Move] = []
        var at = student.home
        var lastEnd: Int?
        for p in 0..<problem.periodCount {
            let slot = problem.slot(day: d, period: p)
            var site = -1
            if student.busy[slot] {
                site = student.home
            } else if let a = network[slot].first {
                site = view.lessonSite(student: s, section: view.assignments[a].section, day: d, period: p)
            } else if view.sections[sec].meetings.contains(where: { $0.day == d && $0.periods.contains(p) }) {
                site = view.lessonSite(student: s, section: sec, day: d, period: p)
            }
            guard site >= 0 else { continue }
            if site != at {
                moves.append(Move(from: at, to: site, earliest: lastEnd, latest: problem.periodStart[p]))
                at = site
            }
            lastEnd = problem.periodEnd[p]
        }
        if at != student.home { moves.append(Move(from: at, to: student.home, earliest: lastEnd, latest: nil)) }

        let published = view.legs(student: s, day: d).map(Leg.init)
        var used = [Bool](repeating: false, count: published.count)
        // Seats of the day without the student's own published rides.
        var seats = problem.busRuns.map { _ in [Int]() }
        if problem.transportMode == .busRuns {
            for r in problem.busRuns.indices { seats[r] = riders[r][d] }
            for leg in published {
                guard let r = leg.busRun, let (i, j) = boarding(run: r, leg: leg) else { continue }
                for seg in i..<j { seats[r][seg] -= 1 }
            }
        }
        var out: [Leg] = []
        for move in moves {
            let fits = { (leg: Leg) -> Bool in
                leg.from == move.from && leg.to == move.to && move.earliest.map { leg.depart >= $0 } ?? true
                    && move.latest.map { leg.arrive <= $0 } ?? true
                    && (move.latest != nil || student.latestReturn.map { leg.arrive <= $0 } ?? true)
                    && leg.minutes <= student.maxOneWayMinutes
            }
            let leg: Leg
            if let k = published.indices.first(where: { !used[$0] && fits(published[$0]) && self.valid(published[$0]) }) {
                used[k] = true
                leg = published[k]
            } else if problem.transportMode == .busRuns {
                guard let ride = bestRide(move, day: d, seats: seats, fits: fits) else { return nil }
                leg = ride
            } else {
                guard let minutes = problem.travel(from: move.from, to: move.to) else { return nil }
                let depart = move.earliest ?? ((move.latest ?? 0) - minutes)
                let candidate = Leg(from: move.from, to: move.to, depart: depart, arrive: depart + minutes, busRun: nil)
                guard fits(candidate) else { return nil }
                leg = candidate
            }
            if let r = leg.busRun, let (i, j) = boarding(run: r, leg: leg) {
                guard (i..<j).allSatisfy({ seats[r][$0] < problem.busRuns[r].seats }) else { return nil }
                for seg in i..<j { seats[r][seg] += 1 }
            }
            out.append(leg)
        }
        return out
    }

    /// A published leg the checker accepts on its own: by road long enough, by bus following its run.
    private func valid(_ leg: Leg) -> Bool {
        let problem = view.problem
        if let r = leg.busRun { return boarding(run: r, leg: leg) != nil }
        guard problem.transportMode == .travelTimes, let need = problem.travel(from: leg.from, to: leg.to) else { return false }
        return leg.minutes >= need
    }

    /// The first stops `i < j` of run `run` where the leg boards and alights, as ``IndexedSolution/boarding(run:leg:)``.
    private func boarding(run: Int, leg: Leg) -> (Int, Int)? {
        let stops = view.problem.busRuns[run].stops
        for (i, a) in stops.enumerated() where a.site == leg.from && a.time == leg.depart {
            for j in (i + 1)..<stops.count where stops[j].site == leg.to && stops[j].time == leg.arrive { return (i, j) }
        }
        return nil
    }

    /// The shortest ride of the day's runs that fits the move and has a seat on every segment.
    private func bestRide(_ move: Move, day d: Int, seats: [[Int]], fits: (Leg) -> Bool) -> Leg? {
        let problem = view.problem
        var best: Leg?
        for (r, run) in problem.busRuns.enumerated() where run.days[d] {
            for (i, a) in run.stops.enumerated() where a.site == move.from {
                for j in (i + 1)..<run.stops.count where run.stops[j].site == move.to {
                    let leg = Leg(from: move.from, to: move.to, depart: a.time, arrive: run.stops[j].time, busRun: r)
                    guard fits(leg), let (bi, bj) = boarding(run: r, leg: leg),
                          (bi..<bj).allSatisfy({ seats[r][$0] < run.seats })
                    else { continue }
                    if let b = best {
                        // Shorter first; then, going out, the latest departure, else the earliest arrival.
                        let better = leg.minutes != b.minutes ? leg.minutes < b.minutes
                            : move.earliest == nil ? leg.depart > b.depart : leg.arrive < b.arrive
                        if better { best = leg }
                    } else {
                        best = leg
                    }
                }
            }
        }
        return best
    }
}
