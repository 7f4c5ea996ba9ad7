import TimetablingCore
import TimetablingEngines

/// How one person may travel: home site, longest single trip, latest return, and whether the
/// person rides scheduled bus runs (students in bus-runs mode) or goes by road.
struct Traveller {
    var home: Int
    var maxTrip: Int?
    var latestReturn: Int?
    var byBus: Bool
    /// The bound model's teachers (docs/MIP.md, "Lower bounds"): a move may go by road or on a bus
    /// run, as RULES.md lets teachers do, at the fewer minutes of the two, with no seat taken
    /// (a relaxation: the exact model sends teachers by road).
    var roadOrBus = false
    /// Sites the person travels to with a group (students only): arcs to and from them follow the
    /// group's trip policy of ``TravelPlanner`` (docs/MIP.md, "Groups"), so members share the trip.
    var groupTrips: [Problem.GroupTrip] = []
}

/// A ride on a bus run from one stop to a later one, as the checker matches it: boarding at the
/// first stop of the run at the leg's site and time, alighting at the first later stop that
/// matches the destination and arrival time.
struct BusRide: Hashable {
    var run: Int
    var fromStop: Int
    var toStop: Int
    var depart: Int
    var arrive: Int
    var minutes: Int { arrive - depart }
}

/// Every ride between two sites, by `from * siteCount + to`, in canonical form (no duplicates).
struct BusRides {
    let siteCount: Int
    let rides: [[BusRide]]

    init(problem: Problem) {
        let n = problem.siteCount
        siteCount = n
        var rides = [[BusRide]](repeating: [], count: n * n)
        var seen = Set<BusRide>()
        for (r, run) in problem.busRuns.enumerated() {
            let stops = run.stops
            for i in stops.indices {
                for j in stops.indices where j > i && stops[j].site != stops[i].site {
                    // The checker boards at the first stop with this site and time, then alights at
                    // the first later stop with the destination's site and time.
                    guard let i0 = stops.firstIndex(where: { $0.site == stops[i].site && $0.time == stops[i].time }),
                          let j0 = stops.indices.first(where: { $0 > i0 && stops[$0].site == stops[j].site && stops[$0].time == stops[j].time })
                    else { continue }
                    let ride = BusRide(run: r, fromStop: i0, toStop: j0, depart: stops[i0].time, arrive: stops[j0].time)
                    if seen.insert(ride).inserted { rides[stops[i].site * n + stops[j].site].append(ride) }
                }
            }
        }
        self.rides = rides
    }

    func between(_ a: Int, _ b: Int) -> [BusRide] { rides[a * siteCount + b] }
}

/// The possible commitments of one person on one day and the moves between them, as a DAG whose
/// source→sink paths are the person's possible days (see docs/MIP.md, "Person-day paths").
///
/// A node is a (site, period) where the person may have a commitment; *mandatory* nodes are the
/// regular (own-school) lessons at home. An arc joins two nodes when the second can directly follow
/// the first: later period, no mandatory period strictly between, and the move (if the sites
/// differ) feasible by road or by a bus ride. Source arcs lead to a first commitment (from home),
/// sink arcs leave a last one (to home).
struct DayNetwork {
    struct Node: Hashable {
        var site: Int
        /// First period; for a mandatory node, the first of a run of consecutive regular lessons.
        var period: Int
        var mandatory: Bool
        /// Last period (the run's last for a mandatory node).
        var lastPeriod: Int
    }

    struct Arc {
        /// Node indexes; -1 is the source (from) or the sink (to).
        var from: Int
        var to: Int
        var fromSite: Int
        var toSite: Int
        /// Free periods between the two commitments (a gap of the day if the arc is taken).
        var gaps: Int
        /// Road: minutes of the trip and its departure (policy: leave as soon as the previous
        /// commitment ends; the first trip of the day arrives just in time). -1: no trip.
        var roadMinutes: Int
        var depart: Int
        /// Bus: the rides that fit the window (empty for road arcs and arcs without a move).
        var rides: [BusRide]
        /// Period of the commitment before the arc; -1 for source arcs. Orders a day's legs.
        var fromPeriod: Int = -1
        var isMove: Bool { fromSite != toSite }
    }

    var day: Int
    var nodes: [Node] = []
    var arcs: [Arc] = []

    /// Builds the day of a person whose mandatory periods are `mandatory` (at home) and who may
    /// have a commitment at each site of `optional[p]` in the other periods; then drops the nodes
    /// that lie on no source→sink path.
    /// `mandatorySites[p]`, when given, is the site of mandatory period `p` (a fixed commitment away
    /// from home, as in the hybrid engine's sub-problems); otherwise mandatory periods are at home.
    init(day: Int, mandatory: [Bool], optional: [[Int]], traveller: Traveller, problem: Problem, rides: BusRides?,
         mandatorySites: [Int]? = nil) {
        self.day = day
        let periods = problem.periodCount
        func siteOf(_ p: Int) -> Int { mandatorySites?[p] ?? traveller.home }
        // A run of consecutive regular lessons (at one site) is one node: its periods are always taken together.
        var p = 0
        while p < periods {
            if mandatory[p] {
                var q = p
                while q + 1 < periods && mandatory[q + 1] && siteOf(q + 1) == siteOf(p) { q += 1 }
                nodes.append(Node(site: siteOf(p), period: p, mandatory: true, lastPeriod: q))
                p = q + 1
            } else {
                for s in optional[p] { nodes.append(Node(site: s, period: p, mandatory: false, lastPeriod: p)) }
                p += 1
            }
        }
        let firstMandatory = mandatory.firstIndex(of: true) ?? periods
        let lastMandatory = mandatory.lastIndex(of: true) ?? -1
        let start = problem.periodStart, end = problem.periodEnd
        let home = traveller.home

        func move(_ a: Int, _ b: Int, after: Int?, by: Int?) -> (minutes: Int, depart: Int, rides: [BusRide])? {
            if a == b { return (-1, -1, []) }
            if !traveller.groupTrips.isEmpty {
                if let g = traveller.groupTrips.first(where: { $0.site == b }) { return groupArrival(a, b, after: after, by: by, group: g) }
                if traveller.byBus, rides != nil, let g = traveller.groupTrips.first(where: { $0.site == a }) {
                    return groupDeparture(a, b, after: after, by: by, group: g)
                }
            }
            let returning = b == home
            var deadline = by
            if returning, let lr = traveller.latestReturn { deadline = min(deadline ?? lr, lr) }
            /// The rides of the day that leave after `after`, arrive by the deadline and fit the longest trip.
            func ridesFitting() -> [BusRide] {
                guard let rides else { return [] }
                return rides.between(a, b).filter { ride in
                    guard problem.busRuns[ride.run].days[day] else { return false }
                    if let after, ride.depart < after { return false }
                    if let deadline, ride.arrive > deadline { return false }
                    if let m = traveller.maxTrip, ride.minutes > m { return false }
                    return true
                }
            }
            if traveller.byBus, rides != nil {
                let fit = ridesFitting()
                return fit.isEmpty ? nil : (-1, -1, fit)
            }
            let road = roadMove(a, b, after: after, by: by, deadline: deadline)
            if traveller.roadOrBus, let bus = ridesFitting().map(\.minutes).min() {
                return (min(bus, road?.minutes ?? bus), road?.depart ?? -1, [])
            }
            return road
        }
        /// To a group's site: by road just in time; by bus the ride leaving latest among those that
        /// arrive by `by` within the group's longest trip (ties: shorter, lower run), if it fits the person.
        func groupArrival(_ a: Int, _ b: Int, after: Int?, by: Int?, group: Problem.GroupTrip) -> (minutes: Int, depart: Int, rides: [BusRide])? {
            guard let by else { return nil }
            if traveller.byBus, let rides {
                let fit = rides.between(a, b).filter { problem.busRuns[$0.run].days[day] && $0.arrive <= by && $0.minutes <= group.maxTrip }
                guard let ride = fit.max(by: { ($0.depart, $1.minutes, $1.run, $1.fromStop) < ($1.depart, $0.minutes, $0.run, $0.fromStop) })
                else { return nil }
                if let after, ride.depart < after { return nil }
                if let m = traveller.maxTrip, ride.minutes > m { return nil }
                return (-1, -1, [ride])
            }
            guard let t = problem.travel(from: a, to: b) else { return nil }
            if let m = traveller.maxTrip, t > m { return nil }
            let depart = by - t
            if depart < 0 || by > 1439 { return nil }
            if let after, depart < after { return nil }
            return (t, depart, [])
        }
        /// From a group's site by bus: the ride arriving first among those leaving after `after`
        /// within the group's longest trip (ties: later departure, lower run), if it fits the person.
        func groupDeparture(_ a: Int, _ b: Int, after: Int?, by: Int?, group: Problem.GroupTrip) -> (minutes: Int, depart: Int, rides: [BusRide])? {
            guard let rides else { return nil }
            var deadline = by
            if b == home, let lr = traveller.latestReturn { deadline = min(deadline ?? lr, lr) }
            let fit = rides.between(a, b).filter { ride in
                problem.busRuns[ride.run].days[day] && ride.minutes <= group.maxTrip && ride.depart >= (after ?? Int.min)
            }
            guard let ride = fit.min(by: { ($0.arrive, $1.depart, $0.run, $0.fromStop) < ($1.arrive, $0.depart, $1.run, $1.fromStop) })
            else { return nil }
            if let deadline, ride.arrive > deadline { return nil }
            if let m = traveller.maxTrip, ride.minutes > m { return nil }
            return (-1, -1, [ride])
        }
        func roadMove(_ a: Int, _ b: Int, after: Int?, by: Int?, deadline: Int?) -> (minutes: Int, depart: Int, rides: [BusRide])? {
            guard let t = problem.travel(from: a, to: b) else { return nil }
            if let m = traveller.maxTrip, t > m { return nil }
            let depart: Int
            if let after { depart = after } else if let by { depart = by - t } else { return nil }
            if depart < 0 || depart + t > 1439 { return nil }
            if let deadline, depart + t > deadline { return nil }
            return (t, depart, [])
        }

        var arcs: [Arc] = []
        for (j, nj) in nodes.enumerated() where nj.period <= firstMandatory {
            if let m = move(home, nj.site, after: nil, by: start[nj.period]) {
                arcs.append(Arc(from: -1, to: j, fromSite: home, toSite: nj.site, gaps: 0, roadMinutes: m.minutes, depart: m.depart, rides: m.rides))
            }
        }
        for (i, ni) in nodes.enumerated() {
            for (j, nj) in nodes.enumerated() where nj.period > ni.lastPeriod {
                // No mandatory period strictly between the two.
                var blocked = false
                for p in (ni.lastPeriod + 1)..<nj.period where mandatory[p] { blocked = true; break }
                if blocked { continue }
                if let m = move(ni.site, nj.site, after: end[ni.lastPeriod], by: start[nj.period]) {
                    arcs.append(Arc(from: i, to: j, fromSite: ni.site, toSite: nj.site, gaps: nj.period - ni.lastPeriod - 1,
                                    roadMinutes: m.minutes, depart: m.depart, rides: m.rides))
                }
            }
        }
        for (i, ni) in nodes.enumerated() where ni.lastPeriod >= lastMandatory {
            if let m = move(ni.site, home, after: end[ni.lastPeriod], by: nil) {
                arcs.append(Arc(from: i, to: -1, fromSite: ni.site, toSite: home, gaps: 0, roadMinutes: m.minutes, depart: m.depart, rides: m.rides))
            }
        }
        if lastMandatory < 0 {
            arcs.append(Arc(from: -1, to: -1, fromSite: home, toSite: home, gaps: 0, roadMinutes: -1, depart: -1, rides: []))
        }
        for k in arcs.indices where arcs[k].from >= 0 { arcs[k].fromPeriod = nodes[arcs[k].from].period }
        self.arcs = arcs
        prune()
    }

    /// Keeps the nodes that are reachable from the source and reach the sink.
    private mutating func prune() {
        let n = nodes.count
        var forward = [Bool](repeating: false, count: n), backward = [Bool](repeating: false, count: n)
        // Nodes are in period order and arcs go forward in time, so one sweep each way suffices.
        let order = nodes.indices.sorted { nodes[$0].period < nodes[$1].period }
        var incoming = [[Int]](repeating: [], count: n), outgoing = [[Int]](repeating: [], count: n)
        for (k, a) in arcs.enumerated() {
            if a.to >= 0 { incoming[a.to].append(k) }
            if a.from >= 0 { outgoing[a.from].append(k) }
        }
        for j in order {
            forward[j] = incoming[j].contains { arcs[$0].from < 0 || forward[arcs[$0].from] }
        }
        for i in order.reversed() {
            backward[i] = outgoing[i].contains { arcs[$0].to < 0 || backward[arcs[$0].to] }
        }
        let keep = (0..<n).map { forward[$0] && backward[$0] }
        if keep.allSatisfy({ $0 }) { return }
        var newIndex = [Int](repeating: -1, count: n)
        var kept: [Node] = []
        for i in 0..<n where keep[i] {
            newIndex[i] = kept.count
            kept.append(nodes[i])
        }
        arcs = arcs.compactMap { a in
            var a = a
            if a.from >= 0 { guard keep[a.from] else { return nil }; a.from = newIndex[a.from] }
            if a.to >= 0 { guard keep[a.to] else { return nil }; a.to = newIndex[a.to] }
            return a
        }
        nodes = kept
    }

    /// Whether every mandatory period kept its node (the day is possible at all).
    func isPossible(mandatory: [Bool]) -> Bool {
        let kept = Set(nodes.filter(\.mandatory).flatMap { Array($0.period...$0.lastPeriod) })
        return mandatory.indices.allSatisfy { !mandatory[$0] || kept.contains($0) } && (!arcs.isEmpty)
    }

    /// Whether the day has a choice at all (optional nodes); days without one have a fixed path.
    var hasOptionalNodes: Bool { nodes.contains { !$0.mandatory } }

    /// Sites available in each period after pruning (optional nodes only).
    func optionalSites(periods: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: periods)
        for n in nodes where !n.mandatory { out[n.period].append(n.site) }
        return out
    }
}

/// Gaps of a day whose only commitments are the mandatory periods.
func fixedGaps(_ mandatory: [Bool]) -> Int {
    guard let first = mandatory.firstIndex(of: true), let last = mandatory.lastIndex(of: true) else { return 0 }
    return (first...last).filter { !mandatory[$0] }.count
}
