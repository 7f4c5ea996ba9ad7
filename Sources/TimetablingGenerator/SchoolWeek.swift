import TimetablingCore
/// The generated calendar and the regular timetables that make people and rooms busy.
///
/// Regular timetables are contiguous blocks from the first period, as school timetables are:
/// a class's free periods fall mostly at the end of the day, with an occasional free first
/// period or a single free period before a late lesson. Network lessons go where these leave
/// room, within the hygiene limits (at most 7 lessons a day, 34 a week in a 5-day week, 37 in a
/// 6-day week).
struct SchoolWeek {
    let days: [String]
    let periods: [WeekCalendar.Period]
    var dayCount: Int { days.count }
    var periodCount: Int { periods.count }
    /// Weekly lesson limit for senior students (SanPiN 1.2.3685-21).
    var weeklyLimit: Int { dayCount >= 6 ? 37 : 34 }
    let dailyLimit = 7

    /// A busy pattern: `[day][period]`, 0-based.
    typealias Grid = [[Bool]]

    /// Eight 45-minute periods; breaks of 10–15 minutes with two long breaks for meals. The
    /// Arctic week has six days and starts later (polar night); the city starts at 08:00.
    static func make(profile: GeneratorParameters.Profile) -> SchoolWeek {
        let start: Int
        switch profile {
        case .district: start = 8 * 60 + 30
        case .arctic: start = 9 * 60
        case .city: start = 8 * 60
        }
        let breaks = [10, 15, 15, 10, 10, 10, 10]
        var periods: [WeekCalendar.Period] = []
        var t = start
        for p in 0..<8 {
            periods.append(WeekCalendar.Period(start: ClockTime.text(t), end: ClockTime.text(t + 45)))
            t += 45 + (p < breaks.count ? breaks[p] : 10)
        }
        var days = ["mon", "tue", "wed", "thu", "fri"]
        if profile == .arctic { days.append("sat") }
        return SchoolWeek(days: days, periods: periods)
    }

    func empty() -> Grid { Grid(repeating: [Bool](repeating: false, count: periodCount), count: dayCount) }

    /// Start of period `p` (0-based), minutes since midnight.
    func start(_ p: Int) -> Int { ClockTime.minutes(periods[p].start)! }
    func end(_ p: Int) -> Int { ClockTime.minutes(periods[p].end)! }

    func busy(_ grid: Grid) -> BusyPeriods {
        var out: BusyPeriods = [:]
        for (d, row) in grid.enumerated() {
            let ps = row.indices.filter { row[$0] }.map { $0 + 1 }
            if !ps.isEmpty { out[days[d]] = ps }
        }
        return out
    }

    static func count(_ grid: Grid) -> Int { grid.reduce(0) { $0 + $1.filter { $0 }.count } }

    /// Lengths per day summing to `total`, each within `low...high` (Saturday at most 4).
    private func spread(_ total: Int, low: Int, high: Int, skip: Int? = nil, rng: inout SeededRandom) -> [Int] {
        var len = (0..<dayCount).map { $0 == skip ? 0 : low }
        func cap(_ d: Int) -> Int { d == skip ? 0 : d == 5 ? min(high, 4) : high }
        var left = total - len.reduce(0, +)
        while left > 0 {
            let open = (0..<dayCount).filter { len[$0] < cap($0) }
            if open.isEmpty { break }
            len[rng.element(open)] += 1
            left -= 1
        }
        return len
    }

    /// A class's regular timetable: 21–25 lessons in a 5-day week (24–28 in a 6-day week): the
    /// subjects a student takes in the network leave the class timetable, so at least 9 periods
    /// a week stay for the individual curriculum. 4–6 lessons a day from
    /// period 1; a day starts at period 2 with probability 0.08, and with probability 0.1 the
    /// last lesson comes after one free period.
    func classTimetable(rng: inout SeededRandom) -> Grid {
        let total = dayCount >= 6 ? rng.int(in: 24...28) : rng.int(in: 21...25)
        let lengths = spread(total, low: dayCount >= 6 ? 3 : 4, high: 6, rng: &rng)
        var grid = empty()
        for d in 0..<dayCount where lengths[d] > 0 {
            let first = rng.chance(0.08) ? 1 : 0
            var slots = Array(first..<(first + lengths[d]))
            if rng.chance(0.1), let last = slots.last, last + 1 < periodCount - 1 {
                slots[slots.count - 1] = last + 1
            }
            for p in slots where p < periodCount { grid[d][p] = true }
        }
        return grid
    }

    /// A network teacher's own school load: 12–22 lessons, in morning blocks starting at
    /// period 1–3 and ending by period 5 (a tenth of teachers work the second shift, from
    /// period 4); 30 % have a free methodical day.
    func teacherTimetable(rng: inout SeededRandom) -> Grid {
        let total = rng.int(in: 12...22)
        let free = rng.chance(0.3) ? rng.index(dayCount) : nil
        let lengths = spread(total, low: 2, high: 5, skip: free, rng: &rng)
        let secondShift = rng.chance(0.1)
        var grid = empty()
        for d in 0..<dayCount where lengths[d] > 0 {
            // Morning blocks end by period 5, leaving the afternoon for the network.
            let first = secondShift ? 3 : [0, 0, 0, 0, 1, 1, 2][rng.index(7)]
            let last = secondShift ? periodCount : min(periodCount, 5)
            for p in first..<min(last, first + lengths[d]) { grid[d][p] = true }
        }
        return grid
    }

    enum RoomUse { case classroom, specialised, studio, technopark }

    /// When the site's own timetable uses a room: classrooms in a morning block of 3–6
    /// periods; labs and computer classes on 6–12 scattered periods before the seventh;
    /// studios rarely; technopark rooms for a few of its own late-afternoon clubs.
    func roomTimetable(_ use: RoomUse, rng: inout SeededRandom) -> Grid {
        var grid = empty()
        switch use {
        case .classroom:
            for d in 0..<dayCount {
                let len = [3, 4, 4, 5, 5, 6][rng.index(6)]
                for p in 0..<min(len, periodCount) { grid[d][p] = true }
            }
        case .specialised:
            scatter(&grid, count: rng.int(in: 6...12), periods: 0..<min(6, periodCount), rng: &rng)
        case .studio:
            scatter(&grid, count: rng.int(in: 0...2), periods: 0..<min(6, periodCount), rng: &rng)
        case .technopark:
            scatter(&grid, count: rng.int(in: 0...4), periods: max(0, periodCount - 2)..<periodCount, rng: &rng)
        }
        return grid
    }

    private func scatter(_ grid: inout Grid, count: Int, periods: Range<Int>, rng: inout SeededRandom) {
        let slots = (0..<dayCount).flatMap { d in periods.map { (d, $0) } }
        for k in rng.sample(count, of: slots.count) { grid[slots[k].0][slots[k].1] = true }
    }
}
