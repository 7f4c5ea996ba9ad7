import TimetablingCore
/// Why ``TravelPlanner/plan(day:sites:first:rules:seats:legs:)`` finds no itinerary for a day:
/// the first move of the day that has no leg, and what stands in its way. Off the hot path: the
/// planner itself only answers yes or no.
struct FailedMove {
    enum Cause: Equatable {
        /// No road between the sites.
        case noRoad
        /// The road (or the shortest bus ride) takes longer than the person's longest single trip.
        case tripTooLong(minutes: Int32)
        /// The road takes longer than the time between the two commitments.
        case noTime(minutes: Int32)
        /// Home later than the latest return.
        case lateReturn(arrive: Int32)
        /// The trip would end at or after midnight.
        case pastMidnight
        /// No bus run goes from one site to the other on that day.
        case noBusRun
        /// Bus runs go, but none leaves after the earlier commitment and arrives in time.
        case noBusInTime
        /// Every bus ride in time is full.
        case busFull
        /// A ride in time has a seat, but not the ride the person's group takes together
        /// (``TravelPlanner``'s group trip policy): it leaves too early, arrives too late, or is full.
        case groupRide(group: Int32)
    }

    var from: Int32
    var to: Int32
    /// End of the commitment before the move; -1 for the first move of the day.
    var after: Int32
    /// The time the person must arrive by; `Int32.max` when unbounded.
    var by: Int32
    var cause: Cause
}

extension TravelPlanner {
    /// The first move of the day (`sites[first ..< first + periodCount]`) that cannot be made,
    /// walking the moves as ``plan(day:sites:first:rules:seats:legs:)`` does; nil when the day
    /// can be travelled. O(periods + bus options of the failing move).
    func failedMove(day: Int, sites: [Int32], first: Int = 0, rules: PersonRules, seats: SeatLedger) -> FailedMove? {
        var current = rules.home
        var previousEnd: Int32 = -1
        for p in 0..<periodCount {
            let s = sites[first + p]
            if s < 0 { continue }
            if s != current {
                var by = periodStart[p]
                if s == rules.home { by = min(by, rules.latestReturn) }
                if move(day: day, from: current, to: s, after: previousEnd, by: by, rules: rules, seats: seats) == nil {
                    return failure(day: day, from: current, to: s, after: previousEnd, by: by, rules: rules, seats: seats)
                }
                current = s
            }
            previousEnd = periodEnd[p]
        }
        if current != rules.home,
           move(day: day, from: current, to: rules.home, after: previousEnd, by: rules.latestReturn, rules: rules, seats: seats) == nil {
            return failure(day: day, from: current, to: rules.home, after: previousEnd, by: rules.latestReturn, rules: rules, seats: seats)
        }
        return nil
    }

    /// What keeps one move from having a leg (the move is known to fail).
    private func failure(day: Int, from: Int32, to: Int32, after: Int32, by: Int32, rules: PersonRules,
                         seats: SeatLedger) -> FailedMove {
        var out = FailedMove(from: from, to: to, after: after, by: by, cause: .noRoad)
        let late = to == rules.home && by == rules.latestReturn
        if rules.byBus {
            let options = busOptions[(day * siteCount + Int(from)) * siteCount + Int(to)] ?? []
            let short = options.filter { $0.arrive - $0.depart <= rules.maxTrip }
            if options.isEmpty {
                out.cause = .noBusRun
            } else if short.isEmpty {
                out.cause = .tripTooLong(minutes: options.map { $0.arrive - $0.depart }.min() ?? 0)
            } else if let first = short.filter({ $0.depart >= after }).map(\.arrive).min(), first > by {
                out.cause = late ? .lateReturn(arrive: first) : .noBusInTime
            } else if !short.contains(where: { $0.depart >= after && $0.arrive <= by }) {
                out.cause = .noBusInTime
            } else if let g = rules.groupTrip(at: to) ?? rules.groupTrip(at: from) {
                out.cause = .groupRide(group: g.group)
            } else {
                out.cause = .busFull
            }
            return out
        }
        let t = road[Int(from) * siteCount + Int(to)]
        if t < 0 {
            out.cause = .noRoad
        } else if t > rules.maxTrip {
            out.cause = .tripTooLong(minutes: t)
        } else if after >= 0 && after + t >= 1440 {
            out.cause = .pastMidnight
        } else if late && after >= 0 {
            out.cause = .lateReturn(arrive: after + t)
        } else {
            out.cause = .noTime(minutes: t)
        }
        return out
    }
}
