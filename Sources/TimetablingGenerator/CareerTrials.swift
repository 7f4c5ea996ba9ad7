import TimetablingCore
/// Younger students (grades 7–9) in *career trials* (профессиональные пробы): short network
/// courses, one period a week, where a technopark, a college or the main school lets pupils try
/// a profession, in person or online.
///
/// Only made when ``GeneratorParameters/juniorStudents`` is above 0, from random streams of their
/// own, so that instances without juniors are exactly what they were. The trials take
/// `min(8, max(1, courses / 8))` of the `courses` count (the senior bank gets the rest) and are
/// given subjects the generated teachers have. Each junior belongs to a class of grade 7, 8 or 9
/// at a school, whose regular timetable leaves 2–5 periods under the grade's weekly limit
/// (SanPiN: 32 for grade 7, 33 for grades 8–9 in a 5-day week; 35 and 36 in a 6-day week; at most
/// 7 a day), and asks for one or two trials, elective, in person where a host is within the
/// student's longest trip, else online.
enum CareerTrials {
    struct Trial {
        let key: String
        let title: String
        let subject: String
        let online: Bool
        let inPerson: Bool
        /// Site kinds that host it, best first; main schools when the network has none of them.
        let hosts: [Geography.Kind]
    }

    static let trials: [Trial] = [
        Trial(key: "trial-robotics", title: "Career trial: robotics engineer", subject: "robotics", online: false, inPerson: true,
              hosts: [.technopark]),
        Trial(key: "trial-programmer", title: "Career trial: programmer", subject: "informatics", online: true, inPerson: true,
              hosts: [.technopark, .college]),
        Trial(key: "trial-chemist", title: "Career trial: laboratory chemist", subject: "chemistry", online: false, inPerson: true,
              hosts: [.college]),
        Trial(key: "trial-agronomist", title: "Career trial: agronomist", subject: "biology", online: false, inPerson: true,
              hosts: [.college]),
        Trial(key: "trial-designer", title: "Career trial: industrial designer", subject: "technology", online: true, inPerson: true,
              hosts: [.technopark]),
        Trial(key: "trial-professions", title: "Professions of the region (online)", subject: "career-guidance", online: true,
              inPerson: false, hosts: []),
        Trial(key: "trial-economist", title: "Career trial: economist", subject: "economics", online: true, inPerson: false, hosts: []),
        Trial(key: "trial-physicist", title: "Career trial: engineer-physicist", subject: "physics", online: false, inPerson: true,
              hosts: [.college, .technopark]),
    ]

    /// How many of `courses` go to trials when there are juniors.
    static func count(courses: Int, juniors: Int) -> Int { juniors > 0 ? min(8, max(1, courses / 8)) : 0 }

    struct Result {
        var courses: [Course]
        var classes: [SchoolClass]
        var students: [Student]
    }

    static func make(courses count: Int, juniors: Int, teacherSubjects: Set<String>, geography g: Geography,
                     facilities f: Facilities, reach: [[Int?]], week: SchoolWeek, defaults: Defaults,
                     rng: inout SeededRandom) -> Result {
        // Trials whose subject some teacher has, in the list's order, again (`-2`, …, at hosts
        // drawn again) until `count`. (With no teacher of any trial's subject, all of them: their
        // requests are electives a timetable leaves unmet, with the reason.)
        let teachable = trials.filter { teacherSubjects.contains($0.subject) }
        let pool = teachable.isEmpty ? trials : teachable
        var courses: [Course] = []
        var hostsOf: [[Int]] = []
        for i in 0..<count {
            let t = pool[i % pool.count]
            let id = i < pool.count ? t.key : "\(t.key)-\(i / pool.count + 1)"
            var hosts: [Int] = []
            if t.inPerson {
                for kind in t.hosts + [.main] {
                    let sites = g.places.indices.filter { g.places[$0].kind == kind && f.capacity(at: $0, with: []) >= 8 }
                    if !sites.isEmpty { hosts = Array(rng.sample(min(2, sites.count), of: sites.count).map { sites[$0] }.sorted()); break }
                }
            }
            guard !hosts.isEmpty || t.online else { continue }
            let maxSize = max(8, min(15, hosts.map { f.capacity(at: $0, with: []) }.min() ?? 15))
            let place = hosts.isEmpty ? "" : ", at " + hosts.map { g.places[$0].locality }.joined(separator: " and ")
            courses.append(Course(
                id: id, name: t.title + ", grades 7–9" + place, subject: t.subject, level: .elective, pattern: [1],
                distinctDays: true, minSize: 3, maxSize: maxSize, grades: [7, 8, 9], inPersonSites: hosts.map { g.places[$0].id },
                online: t.online, roomFeatures: [], teachers: [], maxSections: nil))
            hostsOf.append(hosts)
        }

        // Juniors at the schools, in proportion to their senior students.
        let perSite = InstanceGenerator.apportion(juniors, weights: g.places.map(\.studentWeight))
        var classes: [SchoolClass] = []
        var students: [Student] = []
        for (s, n) in perSite.enumerated() where n > 0 {
            let place = g.places[s]
            let grades = (0..<n).map { _ in 7 + rng.index(3) }
            var classOf: [Int: String] = [:]
            for grade in [7, 8, 9] where grades.contains(grade) {
                let id = "\(place.id)-\(grade)"
                classOf[grade] = id
                classes.append(SchoolClass(id: id, site: place.id, grade: grade, busy: week.busy(classTimetable(grade: grade, week: week, rng: &rng))))
            }
            for k in 0..<n {
                var requests: [Request] = []
                let wanted = rng.chance(0.6) ? 1 : 2
                var order = Array(courses.indices)
                rng.shuffle(&order)
                for c in order where requests.count < wanted {
                    var alts: [Alternative] = hostsOf[c]
                        .compactMap { h in reach[s][h].flatMap { $0 <= defaults.maxOneWayMinutes ? (h, $0) : nil } }
                        .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
                        .map { Alternative(course: courses[c].id, mode: .inPerson, site: g.places[$0.0].id) }
                    if courses[c].online { alts.append(Alternative(course: courses[c].id, mode: .online)) }
                    guard !alts.isEmpty else { continue }
                    requests.append(Request(alternatives: alts, weight: Double(2 - requests.count), required: false))
                }
                students.append(Student(
                    id: "\(place.id)-\(grades[k])-\(padded(k + 1, 3))", grade: grades[k], homeSite: place.id, schoolClass: classOf[grades[k]],
                    busy: [:], online: nil, onlineFromHome: rng.chance(0.2), latestReturn: nil, maxOneWayMinutes: nil, requests: requests))
            }
        }
        return Result(courses: courses, classes: classes, students: students)
    }

    /// A junior class's regular timetable: 2–5 periods under the grade's weekly limit, at most 6
    /// a day (7 is the daily limit), contiguous from period 1.
    static func classTimetable(grade: Int, week: SchoolWeek, rng: inout SeededRandom) -> SchoolWeek.Grid {
        let limit = Hygiene.standard(grade: grade, days: week.dayCount).perWeek
        let cap = (0..<week.dayCount).reduce(0) { $0 + ($1 == 5 ? 4 : 6) }
        let total = min(cap, limit - rng.int(in: 2...5))
        var lengths = [Int](repeating: 0, count: week.dayCount)
        var left = total
        while left > 0 {
            let open = (0..<week.dayCount).filter { lengths[$0] < ($0 == 5 ? 4 : 6) }
            if open.isEmpty { break }
            lengths[rng.element(open)] += 1
            left -= 1
        }
        var grid = week.empty()
        for d in 0..<week.dayCount { for p in 0..<min(lengths[d], week.periodCount) { grid[d][p] = true } }
        return grid
    }
}
