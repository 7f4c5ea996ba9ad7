import NetworkTimetabling

/// Small seeded instances for the brute-force comparison: two sites, two days of three periods,
/// one or two courses, two to four students. Written for the tests alone.
enum TinyInstances {
    /// SplitMix64: a tiny deterministic generator for the tests.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1000) / 1000 < p }
    }

    static let days = ["mon", "tue"]
    static let periods = [("08:30", "09:15"), ("09:25", "10:10"), ("10:25", "11:10")]

    static func busy(_ r: inout Random, probability: Double) -> BusyPeriods {
        var out: BusyPeriods = [:]
        for d in days {
            let ps = (1...3).filter { _ in r.chance(probability) }
            if !ps.isEmpty { out[d] = ps }
        }
        return out
    }

    static func make(seed: UInt64) -> Instance {
        var r = Random(state: seed &* 7919 &+ 17)
        let travel = [10, 12, 20][r.int(3)]
        let sites = [Site(id: "a"), Site(id: "b")]
        let rooms = [
            Room(id: "a-room", site: "a", capacity: 2 + r.int(2), busy: busy(&r, probability: 0.15)),
            Room(id: "a-studio", site: "a", capacity: 4, features: ["online-studio"], computerSeats: 2),
            Room(id: "b-room", site: "b", capacity: 3, features: ["computer-class", "online-studio"], computerSeats: 1 + r.int(2),
                 busy: busy(&r, probability: 0.15)),
        ]
        let courseCount = 1 + r.int(2)
        var courses: [Course] = []
        for c in 0..<courseCount {
            let patterns: [[Int]] = c == 0 ? [[1], [1, 1], [2]] : [[1]]
            let pattern = patterns[r.int(patterns.count)]
            let sitesChoice = [["a"], ["b"], ["a", "b"], []][r.int(4)]
            let online = sitesChoice.isEmpty || r.chance(0.5)
            courses.append(Course(id: "c\(c)", subject: "s\(c)", pattern: pattern, minSize: 1 + r.int(2), maxSize: 2 + r.int(2),
                                  inPersonSites: sitesChoice, online: online, maxSections: c == 0 ? 2 : 1))
        }
        var teachers: [Teacher] = []
        for t in 0..<(1 + r.int(2)) {
            let subjects = courseCount == 1 ? ["s0"] : (t == 0 ? ["s0", "s1"] : ["s\(r.int(2))"])
            teachers.append(Teacher(id: "t\(t)", homeSite: ["a", "b"][r.int(2)], subjects: subjects, maxWeeklyPeriods: 2 + r.int(3),
                                    busy: busy(&r, probability: 0.25), mayTravel: r.chance(0.7)))
        }
        if courseCount == 2 && !teachers.contains(where: { $0.subjects.contains("s1") }) { teachers[0].subjects.append("s1") }
        var students: [Student] = []
        for s in 0..<(2 + r.int(3)) {
            var requests: [Request] = []
            for c in courses.indices where requests.isEmpty || r.chance(0.5) {
                let course = courses[c]
                var alts: [Alternative] = []
                if let site = course.inPersonSites.first, r.chance(0.5) {
                    alts.append(Alternative(course: course.id, mode: .inPerson, site: site))
                    if course.online { alts.append(Alternative(course: course.id, mode: .online)) }
                } else {
                    alts.append(Alternative(course: course.id))
                }
                requests.append(Request(alternatives: alts, weight: [1, 2][r.int(2)], required: r.chance(0.3)))
            }
            students.append(Student(id: "s\(s)", grade: 10, homeSite: ["a", "b"][r.int(2)], busy: busy(&r, probability: 0.3),
                                    onlineFromHome: r.chance(0.3), requests: requests))
        }
        return Instance(name: "tiny-\(seed)", calendar: WeekCalendar(days: days, periods: periods.map { WeekCalendar.Period(start: $0.0, end: $0.1) }),
                        sites: sites, transport: Transport(mode: .travelTimes, travelMinutes: [[0, travel], [travel, 0]]), rooms: rooms,
                        teachers: teachers, courses: courses, students: students)
    }

    /// ``make(seed:)`` with its first course blended: two single meetings on different days, the
    /// second held online (`onlineMeetings: [1]`), taught in person at a site of the instance.
    static func makeBlended(seed: UInt64) -> Instance {
        var instance = make(seed: seed)
        var r = Random(state: seed &* 104_729 &+ 3)
        instance.name = "tiny-blended-\(seed)"
        instance.courses[0].pattern = [1, 1]
        instance.courses[0].distinctDays = true
        instance.courses[0].onlineMeetings = [1]
        if instance.courses[0].inPersonSites.isEmpty { instance.courses[0].inPersonSites = [["a", "b"][r.int(2)]] }
        return instance
    }
}
