/// Rules about each leg on its own and about bus loads: `no-road`, `travel-time`,
/// `bus-required`, `max-trip`, `bus-seats`. Also measures travel minutes, legs and vehicle
/// trips for the soft terms. O(legs × stops of a run + runs × stops × days).
extension Checker.Evaluation {
    mutating func judgeLegs() {
        let days = problem.dayCount
        var segmentBase: [Int] = []
        var segments = 0
        for run in problem.busRuns {
            segmentBase.append(segments)
            segments += max(run.stops.count - 1, 0)
        }
        var riders = [Int](repeating: 0, count: segments * days)

        for it in solution.itineraries {
            let isStudent = it.role == .student
            let who = isStudent ? studentId(it.person) : teacherId(it.person)
            let maxTrip = isStudent ? problem.students[it.person].maxOneWayMinutes : problem.teachers[it.person].maxOneWayMinutes
            let role = it.role.rawValue, day = dayId(it.day)
            for (k, leg) in it.legs.enumerated() {
                let what = "\(role) \(who) leg \(k) \(route(leg.from, leg.to)) on \(day)"
                let minutes = leg.minutes
                if isStudent {
                    measures.studentTravelMinutes += leg.travelMinutes
                    measures.studentLegs += 1
                } else {
                    measures.teacherTravelMinutes += leg.travelMinutes
                    measures.teacherLegs += 1
                }
                if let r = leg.busRun {
                    let run = problem.busRuns[r]
                    if isStudent { measures.vehicleTrips.insert(-(it.day * problem.busRuns.count + r) - 1) }
                    if !run.days[it.day] {
                        found.add(.travelTime, who: who, day: it.day, "\(what) takes bus run \(busRunId(r)), which does not run on \(day)")
                    } else if let (i, j) = solution.boarding(run: r, leg: leg) {
                        for seg in i..<j { riders[(segmentBase[r] + seg) * days + it.day] += 1 }
                    } else {
                        found.add(.travelTime, who: who, day: it.day,
                                  "\(what) takes bus run \(busRunId(r)) from \(clock(leg.depart)) to \(clock(leg.arrive)); the run does not leave "
                                  + "\(siteId(leg.from)) at \(clock(leg.depart)) and reach \(siteId(leg.to)) at \(clock(leg.arrive))")
                    }
                } else {
                    if isStudent {
                        let key = ((it.day * problem.siteCount + leg.from) * problem.siteCount + leg.to) * 1440 + leg.depart
                        measures.vehicleTrips.insert(key)
                        if problem.transportMode == .busRuns {
                            found.add(.busRequired, who: who, day: it.day, "\(what) names no bus run; students travel by scheduled bus runs")
                        }
                    }
                    if let need = problem.travel(from: leg.from, to: leg.to) {
                        if minutes < need {
                            found.add(.travelTime, who: who, day: it.day,
                                      "\(what) takes \(minutes) min (\(clock(leg.depart))–\(clock(leg.arrive))); the road takes \(need) min")
                        }
                    } else {
                        found.add(.noRoad, who: who, day: it.day, "\(what) goes by road, but there is no road from \(siteId(leg.from)) to \(siteId(leg.to))")
                    }
                }
                if let limit = maxTrip, minutes > limit {
                    found.add(.maxTrip, who: who, day: it.day, "\(what) takes \(minutes) min, longest single trip \(limit) min")
                }
            }
        }

        for (r, run) in problem.busRuns.enumerated() {
            for seg in 0..<max(run.stops.count - 1, 0) {
                for d in 0..<days {
                    let n = riders[(segmentBase[r] + seg) * days + d]
                    if n > run.seats {
                        found.add(.busSeats, who: busRunId(r), day: d,
                                  "bus run \(busRunId(r)) carries \(n) riders from \(siteId(run.stops[seg].site)) to \(siteId(run.stops[seg + 1].site)) "
                                  + "on \(dayId(d)), \(run.seats) seats")
                    }
                }
            }
        }
    }
}
