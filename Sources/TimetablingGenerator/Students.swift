import TimetablingCore
/// The generated senior students, their regular classes and their individual curricula.
///
/// Students are shared out among the schools in proportion to each school's size (largest
/// remainder, so the total is exact); each school has a class per grade (10, 11) whose regular
/// timetable all its students share. A student picks a study profile (technological,
/// natural-science, social-economic, humanities) and asks for:
///
/// - the profile's in-depth subjects, *required* (85 % of students both, the rest one, the
///   other then elective): in person at the nearest host the student can reach within the
///   longest allowed trip, else at the second nearest, else online (two online courses where
///   the bank has them);
/// - one to three electives drawn from the profile's favourites, weights 3, 2, 1; a third of
///   them accept another elective as a last alternative ("robotics at the technopark, else 3D
///   modelling online").
///
/// A student whose nearest in-person option is more than 20 minutes away ranks online first
/// with probability 0.3. No course appears twice in one curriculum.
enum Students {
    struct Result {
        var classes: [SchoolClass]
        var students: [Student]
    }

    static func make(count: Int, perSite: [Int], catalogue c: CourseCatalogue, geography g: Geography,
                     reach: [[Int?]], week: SchoolWeek, defaults: Defaults, profile: GeneratorParameters.Profile,
                     classRng: inout SeededRandom, rng: inout SeededRandom) -> Result {
        var classes: [SchoolClass] = []
        var students: [Student] = []
        let fromHomeShare = profile == .arctic ? 0.4 : profile == .city ? 0.3 : 0.15

        for (s, n) in perSite.enumerated() where n > 0 {
            let place = g.places[s]
            // Regular classes: one per grade present at the site.
            var grades: [Int] = []
            for _ in 0..<n { grades.append(rng.chance(0.52) ? 10 : 11) }
            var classOf: [Int: String] = [:]
            for grade in [10, 11] where grades.contains(grade) {
                let id = "\(place.id)-\(grade)"
                classOf[grade] = id
                classes.append(SchoolClass(id: id, site: place.id, grade: grade, busy: week.busy(week.classTimetable(rng: &classRng))))
            }
            let lyceum = profile == .city && s == 0
            let profileWeights = CourseCatalogue.StudyProfile.weights(lyceum: lyceum)
            for k in 0..<n {
                let grade = grades[k]
                let maxTrip = rng.chance(0.04) ? 45 : defaults.maxOneWayMinutes
                let studyProfile = CourseCatalogue.StudyProfile.allCases[rng.pick(weights: profileWeights)]
                var used: Set<Int> = []

                /// Ways to take template `ti`: in-person options by trip time, online courses in random order.
                func options(_ ti: Int) -> (inPerson: [(course: Int, site: Int, minutes: Int)], online: [Int]) {
                    var inPerson: [(course: Int, site: Int, minutes: Int)] = []
                    var online: [Int] = []
                    for o in c.byTemplate[ti] where !used.contains(o) {
                        let course = c.offers[o].course
                        guard course.grades.isEmpty || course.grades.contains(grade) else { continue }
                        for h in c.offers[o].hosts {
                            if let m = reach[s][h], m <= maxTrip { inPerson.append((o, h, m)) }
                        }
                        if course.online { online.append(o) }
                    }
                    inPerson.sort { ($0.minutes, $0.course, $0.site) < ($1.minutes, $1.course, $1.site) }
                    var seenSites: Set<Int> = []
                    inPerson = inPerson.filter { seenSites.insert($0.site).inserted }
                    rng.shuffle(&online)
                    return (inPerson, online)
                }

                func alternatives(_ ti: Int, inPersonLimit: Int, onlineLimit: Int = 1) -> [Alternative] {
                    let (inPerson, online) = options(ti)
                    var alts = inPerson.prefix(inPersonLimit).map {
                        Alternative(course: c.offers[$0.course].course.id, mode: .inPerson, site: g.places[$0.site].id)
                    }
                    for o in inPerson.prefix(inPersonLimit) { used.insert(o.course) }
                    let onlineFirst = (inPerson.first.map { $0.minutes > 20 } ?? false) && rng.chance(0.3)
                    for (k, o) in online.prefix(onlineLimit).enumerated() {
                        let alt = Alternative(course: c.offers[o].course.id, mode: .online)
                        if k == 0 && onlineFirst { alts.insert(alt, at: 0) } else { alts.append(alt) }
                        used.insert(o)
                    }
                    // Alternatives naming the same course twice add nothing.
                    var seen: Set<String> = []
                    return alts.filter { seen.insert($0.course + ($0.site ?? "@online")).inserted }
                }

                var requests: [Request] = []
                let requiredCount = rng.chance(0.85) ? 2 : 1
                for (slot, group) in studyProfile.core.enumerated() {
                    let keys = group.filter { CourseCatalogue.templateIndex[$0].map { !c.byTemplate[$0].isEmpty } ?? false }
                    guard !keys.isEmpty else { continue }
                    let ti = CourseCatalogue.templateIndex[rng.element(keys)]!
                    let alts = alternatives(ti, inPersonLimit: 2, onlineLimit: 2)
                    guard !alts.isEmpty else { continue }
                    let required = slot < requiredCount
                    requests.append(Request(alternatives: alts, weight: 2, required: required))
                }
                let favourites = studyProfile.electives.filter { !c.byTemplate[CourseCatalogue.templateIndex[$0.0]!].isEmpty }
                var pool = favourites
                let electiveCount = 1 + (rng.chance(0.5) ? 1 : 0) + (rng.chance(0.2) ? 1 : 0)
                for e in 0..<electiveCount where !pool.isEmpty {
                    let pickIndex = rng.pick(weights: pool.map(\.1))
                    let ti = CourseCatalogue.templateIndex[pool.remove(at: pickIndex).0]!
                    var alts = alternatives(ti, inPersonLimit: 1)
                    if rng.chance(0.33), !pool.isEmpty {
                        let other = CourseCatalogue.templateIndex[pool[rng.pick(weights: pool.map(\.1))].0]!
                        if let extra = alternatives(other, inPersonLimit: 1).first { alts.append(extra) }
                    }
                    guard !alts.isEmpty else { continue }
                    requests.append(Request(alternatives: alts, weight: Double(3 - min(e, 2)), required: false))
                }
                var busy: BusyPeriods = [:]
                if rng.chance(0.05) {
                    // Music or sports school one afternoon a week.
                    busy[week.days[rng.index(week.dayCount)]] = [week.periodCount - rng.index(2)]
                }
                students.append(Student(
                    id: "\(place.id)-\(grade)-\(padded(k + 1, 3))", grade: grade, homeSite: place.id, schoolClass: classOf[grade],
                    busy: busy, online: nil, onlineFromHome: rng.chance(fromHomeShare), latestReturn: nil,
                    maxOneWayMinutes: maxTrip == defaults.maxOneWayMinutes ? nil : maxTrip, requests: requests))
            }
        }
        return Result(classes: classes, students: students)
    }
}
