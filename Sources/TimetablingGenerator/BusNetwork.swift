import TimetablingCore
/// Scheduled school-bus runs of the district profile, and the trip times students can make on
/// them.
///
/// Each district's villages are taken in order of direction around the main school and grouped
/// into lines of two or three; a line runs from its farthest village through the nearer ones to
/// the main school and on to the technopark or college in the same town. Inbound runs reach the
/// main school 10 minutes before period 1 and 5 minutes before periods 5–8 start, and once in
/// the evening; outbound runs leave it 5 minutes after periods 4–8 end. Every run operates
/// every school day; a PAZ bus has 22 seats, a GAZelle 13, a large bus 30.
enum BusNetwork {
    static func make(geography g: Geography, week: SchoolWeek, rng: inout SeededRandom) -> [BusRun] {
        var runs: [BusRun] = []
        for (d, hub) in g.hubs.enumerated() {
            let hubPlace = g.places[hub]
            var villages = g.places.indices.filter {
                $0 != hub && g.places[$0].district == d && g.places[$0].kind.hasStudents && g.minutes[hub][$0] != nil
            }
            let town = g.places.indices.filter {
                g.places[$0].district == d && (g.places[$0].kind == .technopark || g.places[$0].kind == .college)
                    && g.places[$0].locality == hubPlace.locality && g.minutes[hub][$0] != nil
            }
            guard !villages.isEmpty || !town.isEmpty else { continue }
            // Direction around the hub without trigonometry: the "diamond angle" in [0, 4).
            func direction(_ s: Int) -> Double {
                let dx = g.places[s].x - hubPlace.x, dy = g.places[s].y - hubPlace.y
                let r = abs(dx) + abs(dy)
                guard r > 0 else { return 0 }
                let p = dy / r
                return dx >= 0 ? (dy >= 0 ? p : 4 + p) : 2 - p
            }
            villages.sort { (direction($0), $0) < (direction($1), $1) }
            if villages.count > 1 {
                let shift = rng.index(villages.count)
                villages = Array(villages[shift...] + villages[..<shift])
            }
            var lines: [[Int]] = []
            var k = 0
            while k < villages.count {
                let size = min(villages.count - k, rng.chance(0.5) ? 2 : 3)
                lines.append(Array(villages[k..<(k + size)]).sorted { (g.minutes[hub][$0]!, $0) > (g.minutes[hub][$1]!, $1) })
                k += size
            }
            if lines.isEmpty { lines = [[]] }  // only the town shuttle
            for (l, line) in lines.enumerated() {
                let inbound = line + [hub] + town
                // Minutes from the first stop to each stop.
                var offset = [0]
                for i in 1..<inbound.count { offset.append(offset[i - 1] + (g.minutes[inbound[i - 1]][inbound[i]] ?? 0)) }
                let atHub = offset[line.count]
                let seats = [22, 22, 22, 13, 13, 30][rng.index(6)]
                let lineId = "\(hubPlace.id)-line\(l + 1)"
                let arrivals = [week.start(0) - 10] + [4, 5, 6, 7].map { week.start($0) - 5 } + [week.end(week.periodCount - 1) + 30]
                for arrive in arrivals {
                    let stops = inbound.indices.map { i in
                        BusRun.Stop(site: g.places[inbound[i]].id, time: ClockTime.text(arrive - atHub + offset[i]))
                    }
                    if stops.count >= 2 {
                        runs.append(BusRun(id: "\(lineId)-in-\(stops[line.count].time.replacingColons)", days: week.days,
                                           seats: seats, stops: stops))
                    }
                }
                let outbound = Array(inbound.reversed())
                var back = [0]
                for i in 1..<outbound.count { back.append(back[i - 1] + (g.minutes[outbound[i - 1]][outbound[i]] ?? 0)) }
                let hubAt = back[town.count]
                for leave in [3, 4, 5, 6, 7].map({ week.end($0) + 5 }) {
                    let stops = outbound.indices.map { i in
                        BusRun.Stop(site: g.places[outbound[i]].id, time: ClockTime.text(leave - hubAt + back[i]))
                    }
                    if stops.count >= 2 {
                        runs.append(BusRun(id: "\(lineId)-out-\(stops[town.count].time.replacingColons)", days: week.days,
                                           seats: seats, stops: stops))
                    }
                }
            }
        }
        return runs
    }

    /// Shortest trip by one run from each site to each other (`nil`: no run), minutes.
    static func tripMinutes(_ runs: [BusRun], siteIndex: [String: Int], count n: Int) -> [[Int?]] {
        var best = [[Int?]](repeating: [Int?](repeating: nil, count: n), count: n)
        for s in 0..<n { best[s][s] = 0 }
        for run in runs {
            let stops = run.stops.map { (siteIndex[$0.site]!, ClockTime.minutes($0.time)!) }
            for i in stops.indices {
                for j in (i + 1)..<max(i + 1, stops.count) where stops[i].0 != stops[j].0 {
                    let m = stops[j].1 - stops[i].1
                    if best[stops[i].0][stops[j].0].map({ m < $0 }) ?? true { best[stops[i].0][stops[j].0] = m }
                }
            }
        }
        return best
    }
}

fileprivate extension String {
    /// `08:15` → `0815`, for ids.
    var replacingColons: String { String(filter { $0 != ":" }) }
}
