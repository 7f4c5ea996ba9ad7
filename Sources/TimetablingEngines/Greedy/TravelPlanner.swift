import TimetablingCore
/// How one person may move: where the day starts and ends, the longest single trip, the latest
/// time back home, and whether the person rides scheduled bus runs or goes by road.
struct PersonRules {
    var home: Int32
    /// Longest single trip in minutes; `Int32.max` when unlimited.
    var maxTrip: Int32
    /// Latest arrival of a leg that brings the person home; `Int32.max` when unlimited.
    var latestReturn: Int32
    /// Students in bus-runs mode ride bus runs; everyone else travels by road.
    var byBus: Bool
    /// Bus runs the person is locked to ride (`locks.busRides`), by day; empty when none. A leg
    /// takes a locked run whenever one fits it, before any shorter ride.
    var lockedRuns: [[Int32]] = []
    /// Sites the person travels to with a group (``Problem/GroupTrip``); empty for most. Legs
    /// arriving at or leaving from such a site follow the group's trip policy (``TravelPlanner``).
    var groupTrips: [GroupTripRule] = []

    /// A group's site and the longest ride all its members may take, in the planner's integers.
    struct GroupTripRule {
        var group: Int32
        var site: Int32
        var maxTrip: Int32
    }

    /// The group trip of site `site`, if the person travels there with a group. O(groups of the person).
    @inline(__always) func groupTrip(at site: Int32) -> GroupTripRule? {
        if groupTrips.isEmpty { return nil }
        return groupTrips.first { $0.site == site }
    }

    /// Each student's rules as `docs/RULES.md` states them: the student's longest trip and latest
    /// return, by bus in bus-runs mode, with the locked bus rides and the group trips.
    static func students(_ problem: Problem) -> [PersonRules] {
        let lockedRuns = PersonRules.lockedRuns(problem)
        let groupTrips = problem.groupTrips()
        return problem.students.enumerated().map { s, st in
            PersonRules(home: Int32(st.home), maxTrip: Int32(clamping: st.maxOneWayMinutes),
                        latestReturn: Int32(clamping: st.latestReturn ?? Int(Int32.max)), byBus: problem.transportMode == .busRuns,
                        lockedRuns: lockedRuns[s] ?? [],
                        groupTrips: groupTrips[s].map {
                            GroupTripRule(group: Int32($0.group), site: Int32($0.site), maxTrip: Int32(clamping: $0.maxTrip))
                        })
        }
    }

    /// Each teacher's rules as `docs/RULES.md` states them: by road, with the teacher's own trip
    /// limit and latest return if any.
    static func teachers(_ problem: Problem) -> [PersonRules] {
        problem.teachers.map {
            PersonRules(home: Int32($0.home), maxTrip: Int32(clamping: $0.maxOneWayMinutes ?? Int(Int32.max)),
                        latestReturn: Int32(clamping: $0.latestReturn ?? Int(Int32.max)), byBus: false)
        }
    }

    /// The locked bus rides of each student (by student index), as ``lockedRuns`` rows.
    static func lockedRuns(_ problem: Problem) -> [Int: [[Int32]]] {
        var out: [Int: [[Int32]]] = [:]
        for ride in problem.locks.busRides {
            out[ride.student, default: Array(repeating: [], count: problem.dayCount)][ride.day].append(Int32(ride.busRun))
        }
        return out
    }
}

/// One move of a person's day, in indices and minutes since midnight.
struct PlannedLeg: Equatable {
    var from: Int32
    var to: Int32
    var depart: Int32
    var arrive: Int32
    /// Bus run index, or -1 for a road trip.
    var run: Int32
    /// Stop indexes along the run (bus legs only).
    var fromStop: Int16
    var toStop: Int16

    var minutes: Int32 { arrive - depart }
}

/// A way to ride one bus run from one stop to a later stop.
struct BusOption {
    var run: Int32
    var fromStop: Int16
    var toStop: Int16
    var depart: Int32
    var arrive: Int32
}

/// Seats taken on every bus run, day and segment between consecutive stops.
///
/// A rider from stop `i` to stop `j` holds a seat on segments `i ..< j`. Take and release are
/// O(j − i); `hasRoom` is O(j − i).
struct SeatLedger {
    private var used: [Int32]
    private let base: [Int]
    private let seats: [Int32]
    private let dayCount: Int
    /// Student legs on each (run, day), to prefer runs that already carry students.
    private(set) var riders: [Int32]

    init(problem: Problem) {
        dayCount = problem.dayCount
        var base: [Int] = [], seats: [Int32] = []
        var total = 0
        for run in problem.busRuns {
            base.append(total)
            seats.append(Int32(run.seats))
            total += dayCount * max(run.stops.count - 1, 0)
        }
        self.base = base
        self.seats = seats
        used = [Int32](repeating: 0, count: total)
        riders = [Int32](repeating: 0, count: problem.busRuns.count * dayCount)
    }

    func hasRoom(run: Int32, day: Int, from: Int16, to: Int16, segments: Int) -> Bool {
        let o = base[Int(run)] + day * segments
        let cap = seats[Int(run)]
        for k in Int(from)..<Int(to) where used[o + k] >= cap { return false }
        return true
    }

    func carries(run: Int32, day: Int) -> Bool { riders[Int(run) * dayCount + day] > 0 }

    mutating func take(_ leg: PlannedLeg, day: Int, segments: Int) {
        let o = base[Int(leg.run)] + day * segments
        for k in Int(leg.fromStop)..<Int(leg.toStop) { used[o + k] += 1 }
        riders[Int(leg.run) * dayCount + day] += 1
    }

    mutating func release(_ leg: PlannedLeg, day: Int, segments: Int) {
        let o = base[Int(leg.run)] + day * segments
        for k in Int(leg.fromStop)..<Int(leg.toStop) { used[o + k] -= 1 }
        riders[Int(leg.run) * dayCount + day] -= 1
    }
}

/// Finds the moves of one person's day, as `docs/RULES.md` ("Where people are") defines them.
///
/// The day is given as the site the person is at in each period (`-1`: free). Commitments are
/// taken in time order; between consecutive commitments at different sites the person moves,
/// starting from home before the first and returning home after the last. By road, a leg departs
/// as soon as the previous commitment ends (the first leg: just in time for the first commitment)
/// and takes the travel time. By bus, a leg is a ride on a run operating that day that leaves the
/// origin after the previous commitment ends, reaches the destination before the next begins and
/// has a free seat on every segment; the shortest such ride is taken, preferring runs that
/// already carry students.
///
/// A member of a group (``PersonRules/groupTrips``) travels with the group: legs to and from the
/// group's site are chosen from quantities every member who shares the move shares, so that they
/// are one trip (rule `group-trip`). By road, a leg to the group's site arrives just in time (it
/// departs at the start of the commitment there minus the travel time); a leg from it departs as
/// soon as the commitment ends, as every road leg does. By bus, a leg to the group's site is the
/// ride that leaves latest among those arriving in time and not longer than the group's longest
/// trip (ties: the shorter, then the lower run index); a leg from it is the ride that arrives first
/// among those leaving after the commitment (ties: the later departure, then the lower run). The
/// member must fit that ride (its own window, trip limit, a free seat); no other ride is tried,
/// since another member would not take it. Locked bus rides do not apply to group legs.
///
/// Every leg respects the person's longest single trip, and every leg that brings the person
/// home arrives by the latest return time. Moves are independent of one another (a commitment
/// always separates two of them), so choosing each leg on its own is exact: the day is feasible
/// if and only if `plan` succeeds. O(periods + options per leg).
struct TravelPlanner {
    let siteCount: Int
    let dayCount: Int
    let periodCount: Int
    let periodStart: [Int32]
    let periodEnd: [Int32]
    /// Road minutes, `siteCount × siteCount`, -1 for no road.
    let road: [Int32]
    /// Bus options by `(day * siteCount + from) * siteCount + to` (only pairs a run serves), by
    /// ride length then latest departure.
    let busOptions: [Int: [BusOption]]
    /// Shortest ride over the week by `from * siteCount + to`, for pairs a run serves.
    let shortestRide: [Int: Int32]
    /// Segments of each bus run (stops − 1).
    let runSegments: [Int]

    init(problem: Problem) {
        let n = problem.siteCount
        siteCount = n
        dayCount = problem.dayCount
        periodCount = problem.periodCount
        periodStart = problem.periodStart.map { Int32($0) }
        periodEnd = problem.periodEnd.map { Int32($0) }
        var road = [Int32](repeating: -1, count: n * n)
        for a in 0..<n {
            for b in 0..<n { road[a * n + b] = Int32(problem.travel(from: a, to: b) ?? -1) }
        }
        self.road = road
        var options: [Int: [BusOption]] = [:]
        var shortest: [Int: Int32] = [:]
        for (r, run) in problem.busRuns.enumerated() {
            for d in 0..<problem.dayCount where run.days[d] {
                for i in 0..<run.stops.count {
                    for j in (i + 1)..<max(run.stops.count, i + 1) where run.stops[i].site != run.stops[j].site {
                        let o = BusOption(run: Int32(r), fromStop: Int16(i), toStop: Int16(j),
                                          depart: Int32(run.stops[i].time), arrive: Int32(run.stops[j].time))
                        let a = run.stops[i].site, b = run.stops[j].site
                        options[(d * n + a) * n + b, default: []].append(o)
                        shortest[a * n + b] = min(shortest[a * n + b] ?? Int32.max, o.arrive - o.depart)
                    }
                }
            }
        }
        for k in Array(options.keys) where options[k]!.count > 1 {
            options[k]!.sort {
                let a = $0.arrive - $0.depart, b = $1.arrive - $1.depart
                if a != b { return a < b }
                if $0.depart != $1.depart { return $0.depart > $1.depart }
                return $0.run < $1.run
            }
        }
        busOptions = options
        shortestRide = shortest
        runSegments = problem.busRuns.map { max($0.stops.count - 1, 0) }
    }

    @inline(__always) func roadMinutes(_ a: Int, _ b: Int) -> Int32 { road[a * siteCount + b] }

    /// Whether a person can make a single trip between two sites at all (ignoring the clock). O(1).
    func reachable(from a: Int, to b: Int, rules: PersonRules) -> Bool {
        if a == b { return true }
        if rules.byBus { return (shortestRide[a * siteCount + b] ?? Int32.max) <= rules.maxTrip }
        let t = road[a * siteCount + b]
        return t >= 0 && t <= rules.maxTrip
    }

    /// Plans day `day` of a person whose period sites are `sites[first ..< first + periodCount]`.
    /// On success returns true and leaves the legs in `legs`; seats are only read.
    func plan(day: Int, sites: [Int32], first: Int = 0, rules: PersonRules, seats: SeatLedger,
              legs: inout [PlannedLeg]) -> Bool {
        legs.removeAll(keepingCapacity: true)
        var current = rules.home
        var previousEnd: Int32 = -1
        for p in 0..<periodCount {
            let s = sites[first + p]
            if s < 0 { continue }
            if s != current {
                var by = periodStart[p]
                if s == rules.home { by = min(by, rules.latestReturn) }
                guard let leg = move(day: day, from: current, to: s, after: previousEnd, by: by, rules: rules, seats: seats)
                else { return false }
                legs.append(leg)
                current = s
            }
            previousEnd = periodEnd[p]
        }
        if current != rules.home {
            guard let leg = move(day: day, from: current, to: rules.home, after: previousEnd, by: rules.latestReturn,
                                 rules: rules, seats: seats)
            else { return false }
            legs.append(leg)
        }
        return true
    }

    /// One leg: leave `from` no earlier than `after` (-1: no earlier bound) and reach `to` by `by`.
    func move(day: Int, from: Int32, to: Int32, after: Int32, by: Int32, rules: PersonRules,
                      seats: SeatLedger) -> PlannedLeg? {
        if !rules.groupTrips.isEmpty {
            if let g = rules.groupTrip(at: to) {
                return groupArrival(day: day, from: from, to: to, after: after, by: by, group: g, rules: rules, seats: seats)
            }
            if rules.byBus, let g = rules.groupTrip(at: from) {
                return groupDeparture(day: day, from: from, to: to, after: after, by: by, group: g, rules: rules, seats: seats)
            }
        }
        if rules.byBus {
            guard let options = busOptions[(day * siteCount + Int(from)) * siteCount + Int(to)] else { return nil }
            if day < rules.lockedRuns.count, !rules.lockedRuns[day].isEmpty {
                for o in options where rules.lockedRuns[day].contains(o.run) && o.arrive - o.depart <= rules.maxTrip
                    && o.depart >= after && o.arrive <= by
                    && seats.hasRoom(run: o.run, day: day, from: o.fromStop, to: o.toStop, segments: runSegments[Int(o.run)]) {
                    return PlannedLeg(from: from, to: to, depart: o.depart, arrive: o.arrive, run: o.run,
                                      fromStop: o.fromStop, toStop: o.toStop)
                }
            }
            var best = -1
            var bestMinutes: Int32 = 0
            for (k, o) in options.enumerated() {
                let minutes = o.arrive - o.depart
                if minutes > rules.maxTrip { break }
                if best >= 0 && minutes > bestMinutes { break }
                if o.depart < after || o.arrive > by { continue }
                if !seats.hasRoom(run: o.run, day: day, from: o.fromStop, to: o.toStop, segments: runSegments[Int(o.run)]) {
                    continue
                }
                if best < 0 {
                    best = k
                    bestMinutes = minutes
                    if seats.carries(run: o.run, day: day) { break }
                } else if seats.carries(run: o.run, day: day) {
                    best = k
                    break
                }
            }
            guard best >= 0 else { return nil }
            let o = options[best]
            return PlannedLeg(from: from, to: to, depart: o.depart, arrive: o.arrive, run: o.run,
                              fromStop: o.fromStop, toStop: o.toStop)
        }
        let t = road[Int(from) * siteCount + Int(to)]
        if t < 0 || t > rules.maxTrip { return nil }
        let depart: Int32
        if after < 0 {
            if by == Int32.max || by - t < 0 { return nil }
            depart = by - t
        } else {
            depart = after
            // Clock times stay within the day: no arrival at or after midnight.
            if depart + t > by || depart + t >= 1440 { return nil }
        }
        return PlannedLeg(from: from, to: to, depart: depart, arrive: depart + t, run: -1, fromStop: 0, toStop: 0)
    }

    /// The group's ride to its site arriving by `by` (see the type's documentation), or nil. O(options).
    func groupArrivalRide(day: Int, from: Int32, to: Int32, by: Int32, group: PersonRules.GroupTripRule) -> BusOption? {
        guard let options = busOptions[(day * siteCount + Int(from)) * siteCount + Int(to)] else { return nil }
        var best: BusOption?
        for o in options where o.arrive <= by && o.arrive - o.depart <= group.maxTrip {
            guard let b = best else { best = o; continue }
            if (o.depart, b.arrive - b.depart, b.run, b.fromStop) > (b.depart, o.arrive - o.depart, o.run, o.fromStop) { best = o }
        }
        return best
    }

    /// The group's ride from its site leaving after `after` (see the type's documentation), or nil. O(options).
    func groupDepartureRide(day: Int, from: Int32, to: Int32, after: Int32, group: PersonRules.GroupTripRule) -> BusOption? {
        guard let options = busOptions[(day * siteCount + Int(from)) * siteCount + Int(to)] else { return nil }
        var best: BusOption?
        for o in options where o.depart >= after && o.arrive - o.depart <= group.maxTrip {
            guard let b = best else { best = o; continue }
            if (o.arrive, b.depart, o.run, o.fromStop) < (b.arrive, o.depart, b.run, b.fromStop) { best = o }
        }
        return best
    }

    /// A leg to a group's site: by road just in time, by bus the group's ride. O(options).
    private func groupArrival(day: Int, from: Int32, to: Int32, after: Int32, by: Int32, group: PersonRules.GroupTripRule,
                              rules: PersonRules, seats: SeatLedger) -> PlannedLeg? {
        if rules.byBus {
            guard let o = groupArrivalRide(day: day, from: from, to: to, by: by, group: group),
                  o.depart >= after, o.arrive - o.depart <= rules.maxTrip,
                  seats.hasRoom(run: o.run, day: day, from: o.fromStop, to: o.toStop, segments: runSegments[Int(o.run)])
            else { return nil }
            return PlannedLeg(from: from, to: to, depart: o.depart, arrive: o.arrive, run: o.run, fromStop: o.fromStop, toStop: o.toStop)
        }
        let t = road[Int(from) * siteCount + Int(to)]
        if t < 0 || t > rules.maxTrip || by == Int32.max { return nil }
        let depart = by - t
        if depart < 0 || depart < after || by >= 1440 { return nil }
        return PlannedLeg(from: from, to: to, depart: depart, arrive: by, run: -1, fromStop: 0, toStop: 0)
    }

    /// A bus leg from a group's site: the group's ride. O(options).
    private func groupDeparture(day: Int, from: Int32, to: Int32, after: Int32, by: Int32, group: PersonRules.GroupTripRule,
                                rules: PersonRules, seats: SeatLedger) -> PlannedLeg? {
        guard let o = groupDepartureRide(day: day, from: from, to: to, after: after, group: group),
              o.arrive <= by, o.arrive - o.depart <= rules.maxTrip,
              seats.hasRoom(run: o.run, day: day, from: o.fromStop, to: o.toStop, segments: runSegments[Int(o.run)])
        else { return nil }
        return PlannedLeg(from: from, to: to, depart: o.depart, arrive: o.arrive, run: o.run, fromStop: o.fromStop, toStop: o.toStop)
    }
}
