/// Rules that compare a person's day with the moves it needs: `itinerary`, `travel-timing`,
/// `latest-return` (RULES.md, "Where people are").
///
/// The day's commitments, in period order, are grouped into *stays*: consecutive commitments
/// at one site (free periods between them do not end a stay). Each change of site between
/// stays is a move, and so are home → first stay and last stay → home when those are away.
extension Checker.Evaluation {
    /// Whose day is judged.
    struct PersonDay {
        var role: Solution.Itinerary.Role
        var person: Int
        var who: String
        var day: Int
        var home: Int
        var latestReturn: Int?
    }

    /// A move the day needs, with its window: depart after `earliest`, arrive by `latest`.
    struct Move: Equatable {
        var from: Int
        var to: Int
        /// End of the commitment before the move; `nil` for the first move of the day.
        var earliest: Int?
        /// Start of the commitment after the move; `nil` for the move home at the end of the day.
        var latest: Int?
    }

    /// The moves a day needs, from `site` (per slot, -1 when free). O(periods).
    func neededMoves(day: Int, home: Int, sites: [Int]) -> [Move] {
        var moves: [Move] = []
        var at = home, lastEnd: Int? = nil
        for p in 0..<problem.periodCount {
            let site = sites[problem.slot(day: day, period: p)]
            guard site >= 0 else { continue }
            if site != at {
                moves.append(Move(from: at, to: site, earliest: lastEnd, latest: problem.periodStart[p]))
                at = site
            }
            lastEnd = problem.periodEnd[p]
        }
        if at != home { moves.append(Move(from: at, to: home, earliest: lastEnd, latest: nil)) }
        return moves
    }

    mutating func judgeDay(_ pd: PersonDay, sites: [Int]) {
        let itinerary = pd.role == .student
            ? solution.studentItinerary[pd.person * problem.dayCount + pd.day]
            : solution.teacherItinerary[pd.person * problem.dayCount + pd.day]
        if itinerary < 0 && !isAway(day: pd.day, home: pd.home, sites: sites) { return }
        let moves = neededMoves(day: pd.day, home: pd.home, sites: sites)
        let legs = itinerary < 0 ? [] : solution.itineraries[itinerary].legs
        let role = pd.role.rawValue, day = dayId(pd.day)
        let matches = legs.count == moves.count && zip(legs, moves).allSatisfy { $0.from == $1.from && $0.to == $1.to }
        if !matches {
            let needed = moves.isEmpty ? "needs no moves" : "needs " + moves.map { route($0.from, $0.to) }.joined(separator: ", ")
            let given = itinerary < 0 ? "has no itinerary"
                : legs.isEmpty ? "has no legs" : "has legs " + legs.map { route($0.from, $0.to) }.joined(separator: ", ")
            found.add(.itinerary, who: pd.who, day: pd.day, "\(role) \(pd.who) \(given) on \(day); the day \(needed)")
        } else {
            for (k, (leg, move)) in zip(legs, moves).enumerated() {
                if let earliest = move.earliest, leg.depart < earliest {
                    found.add(.travelTiming, who: pd.who, day: pd.day,
                              "\(role) \(pd.who) leg \(k) \(route(leg.from, leg.to)) on \(day) departs at \(clock(leg.depart)), "
                              + "before the lesson at \(siteId(leg.from)) ends at \(clock(earliest))")
                }
                if let latest = move.latest, leg.arrive > latest {
                    found.add(.travelTiming, who: pd.who, day: pd.day,
                              "\(role) \(pd.who) leg \(k) \(route(leg.from, leg.to)) on \(day) arrives at \(clock(leg.arrive)), "
                              + "after the lesson at \(siteId(leg.to)) starts at \(clock(latest))")
                }
            }
        }
        if let limit = pd.latestReturn, let last = legs.last, last.to == pd.home, last.arrive > limit {
            found.add(.latestReturn, who: pd.who, day: pd.day,
                      "\(role) \(pd.who) is back home at \(siteId(pd.home)) at \(clock(last.arrive)) on \(day), latest \(clock(limit))")
        }
    }

    private func isAway(day: Int, home: Int, sites: [Int]) -> Bool {
        for p in 0..<problem.periodCount {
            let site = sites[problem.slot(day: day, period: p)]
            if site >= 0 && site != home { return true }
        }
        return false
    }

    func route(_ from: Int, _ to: Int) -> String { siteId(from) + "→" + siteId(to) }
}
