import TimetablingCore
/// The generated network teachers: their subjects, home sites, own-school timetables and
/// limits.
///
/// Every subject of the course bank gets a teacher first (a teacher takes several subjects when
/// there are fewer teachers than subjects); the rest are shared out in proportion to the
/// subject's demand in teaching periods, estimated from the students' curricula. A teacher lives where courses of the subject are hosted
/// (80 %) or at any site with an online studio; a quarter have a second, related subject.
/// School teachers teach 12–24 periods at their own school and give the network 6–12 more
/// (up to 18 where their subject is short of hours); technopark, college and regional-centre
/// staff give it 16–24.
enum Staff {
    static let related: [String: String] = [
        "mathematics": "physics", "physics": "mathematics", "chemistry": "biology", "biology": "chemistry",
        "informatics": "mathematics", "history": "social-studies", "social-studies": "law", "law": "social-studies",
        "economics": "social-studies", "literature": "russian", "russian": "literature", "english": "spanish",
        "robotics": "technology", "technology": "robotics",
    ]
    static let surnames = ["Orlova", "Ivanov", "Smirnova", "Kuznetsov", "Popova", "Sokolov", "Lebedeva", "Kozlov", "Novikova",
                           "Morozov", "Petrova", "Volkov", "Solovyova", "Vasiliev", "Zaitseva", "Pavlov", "Semyonova", "Golubev",
                           "Vinogradova", "Bogdanov", "Vorobyova", "Fyodorov", "Mikhailova", "Belyaev", "Tarasova", "Belov",
                           "Komarova", "Orlov", "Kiseleva", "Makarov", "Andreeva", "Kovalyov", "Ilyina", "Gusev", "Titova"]

    /// `courseDemand`: per course of the catalogue, the students asking for it first (required
    /// requests 1, electives 0.5).
    static func make(count: Int, catalogue c: CourseCatalogue, courseDemand: [Double], geography g: Geography,
                     facilities f: Facilities, week: SchoolWeek, profile: GeneratorParameters.Profile,
                     rng: inout SeededRandom) -> [Teacher] {
        // Subjects in order of first appearance in the course bank. A subject's demand is the
        // teaching it will take: per course, its weekly periods for every 6 students who ask for
        // it first (required requests count fully, electives half).
        var subjects: [String] = []
        var demand: [Double] = []
        var hosts: [[Int]] = []  // per subject: host sites, with repetition for weight
        for (o, offer) in c.offers.enumerated() {
            let s = offer.course.subject
            var k = subjects.firstIndex(of: s) ?? -1
            if k < 0 { subjects.append(s); demand.append(0); hosts.append([]); k = subjects.count - 1 }
            demand[k] += Double(offer.course.weeklyPeriods) * (courseDemand[o] / 6).rounded(.up)
            hosts[k].append(contentsOf: offer.hosts)
        }
        let studioSites = g.places.indices.filter { f.hasStudio($0) && g.places[$0].kind != .centre }
        let anySites = studioSites.isEmpty ? Array(g.places.indices) : studioSites
        let centre = g.places.indices.first { g.places[$0].kind == .centre }

        // Subjects per teacher: the first teachers cover all subjects, then by demand.
        var taught = [[Int]](repeating: [], count: count)
        for k in subjects.indices { taught[k % count].append(k) }
        if count > subjects.count {
            // D'Hondt apportionment: each further teacher goes to the subject with the most
            // demand per teacher so far.
            var given = [Double](repeating: 1, count: subjects.count)
            for t in subjects.count..<count {
                var k = 0
                for j in subjects.indices where demand[j] / (given[j] + 1) > demand[k] / (given[k] + 1) { k = j }
                given[k] += 1
                taught[t] = [k]
            }
        }

        var teachers: [Teacher] = []
        for t in 0..<count {
            let first = taught[t][0]
            let subject = subjects[first]
            var subjectList = taught[t].map { subjects[$0] }
            if let other = related[subject], subjects.contains(other), !subjectList.contains(other), rng.chance(0.25) {
                subjectList.append(other)
            }
            // The first teacher of a subject can always teach it online from a studio at home.
            let firstOfSubject = t < subjects.count
            let home: Int
            if subject == "career-guidance", let centre {
                home = centre
            } else if !hosts[first].isEmpty && rng.chance(firstOfSubject ? 1.0 : 0.8) {
                let pool = firstOfSubject ? hosts[first].filter { f.hasStudio($0) } : hosts[first]
                home = rng.element(pool.isEmpty ? hosts[first] : pool)
            } else {
                home = firstOfSubject ? rng.element(anySites) : rng.element(g.places.indices.filter { g.places[$0].studentWeight > 0 || f.hasStudio($0) })
            }
            let place = g.places[home]
            let staff = place.kind == .technopark || place.kind == .college || place.kind == .centre
            var busy: SchoolWeek.Grid
            if staff {
                busy = week.roomTimetable(.technopark, rng: &rng)
            } else {
                busy = week.teacherTimetable(rng: &rng)
            }
            let arctic = profile == .arctic
            let surname = rng.element(surnames)
            let initials = String(rng.element(Array("AEGIKLMNOPSTVY"))) + ". " + String(rng.element(Array("ABDGIMNPSV"))) + "."
            teachers.append(Teacher(
                id: "t" + padded(t + 1, 4), name: "\(surname) \(initials)", homeSite: place.id, subjects: subjectList,
                courses: [], maxWeeklyPeriods: staff ? rng.int(in: 16...24) : rng.int(in: 6...12), busy: week.busy(busy),
                mayTravel: place.kind == .centre ? false : rng.chance(arctic ? 0.3 : 0.75), travelSites: nil,
                mayTeachOnline: firstOfSubject || staff || rng.chance(0.85), latestReturn: rng.chance(0.3) ? "18:00" : nil,
                maxOneWayMinutes: rng.chance(0.2) ? 60 : nil))
        }
        // Where a subject's teachers cannot give the demand 1.5 times over, they give the
        // network more hours (up to 18 a week).
        for (k, subject) in subjects.enumerated() {
            let mine = teachers.indices.filter { teachers[$0].subjects.first == subject }
            let capacity = mine.reduce(0) { $0 + teachers[$1].maxWeeklyPeriods }
            guard capacity > 0, Double(capacity) < 1.5 * demand[k] else { continue }
            let factor = 1.5 * demand[k] / Double(capacity)
            for t in mine {
                teachers[t].maxWeeklyPeriods = max(teachers[t].maxWeeklyPeriods,
                                                   min(18, Int((Double(teachers[t].maxWeeklyPeriods) * factor).rounded(.up))))
            }
        }
        return teachers
    }
}
