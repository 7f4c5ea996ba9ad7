import TimetablingCore
/// The courses of the generated network's bank of educational resources, and the study
/// profiles that students' curricula are drawn from.
///
/// A *template* is a kind of course (in-depth chemistry, robotics, online Spanish); a course is
/// a template offered somewhere: hosted at a site that has the rooms it needs, possibly also at
/// a second site nearby, possibly also online, for one grade or both. The first courses cover
/// the templates in order of demand, each once for grades 10–11, so that small networks get
/// the core subjects; the rest are local groups, each template drawn in proportion to its
/// demand and hosted where it is least offered yet.
struct CourseCatalogue {
    struct Template {
        let key: String
        let title: String
        let subject: String
        let level: Course.Level
        let pattern: [Int]
        let features: [String]
        let inPerson: Bool
        let online: Bool
        let maxSize: Int
        /// Site kinds that host it preferably (technopark robotics, college agrotechnology).
        var preferred: [Geography.Kind] = []
        var weeklyPeriods: Int { pattern.reduce(0, +) }
        var isCore: Bool { level == .inDepth }
    }

    /// Study profiles of the federal standard for senior school (ФГОС СОО).
    enum StudyProfile: String, CaseIterable {
        case technological, naturalScience = "natural-science", socialEconomic = "social-economic", humanities

        /// The in-depth subjects the profile requires: one template from each group.
        var core: [[String]] {
            switch self {
            case .technological: [["math-indepth"], ["informatics-indepth", "physics-indepth"]]
            case .naturalScience: [["chemistry-indepth"], ["biology-indepth"]]
            case .socialEconomic: [["math-indepth"], ["social-indepth", "economics-indepth"]]
            case .humanities: [["history-indepth"], ["literature-indepth", "law-indepth", "english-indepth"]]
            }
        }

        /// Electives students of the profile ask for, with relative popularity.
        var electives: [(String, Double)] {
            switch self {
            case .technological:
                [("robotics", 3), ("3d-modelling", 2), ("python", 3), ("astronomy", 1), ("math-olympiad", 1.5), ("physics-practicum", 1)]
            case .naturalScience:
                [("chemistry-practicum", 3), ("agrobiotech", 2), ("astronomy", 1), ("exam-russian", 1), ("career", 1)]
            case .socialEconomic:
                [("financial-literacy", 3), ("math-olympiad", 1), ("spanish", 1.5), ("python", 1), ("exam-russian", 1.5), ("career", 1)]
            case .humanities:
                [("spanish", 2), ("chinese", 1), ("journalism", 2), ("exam-russian", 2), ("financial-literacy", 1), ("career", 1)]
            }
        }

        /// Share of senior students choosing the profile.
        static func weights(lyceum: Bool) -> [Double] { lyceum ? [0.5, 0.2, 0.2, 0.1] : [0.3, 0.25, 0.25, 0.2] }
    }

    static let templates: [Template] = {
        let lab = Facilities.chemistryLab, phys = Facilities.physicsLab, pc = Facilities.computerClass
        func core(_ key: String, _ title: String, _ subject: String, _ pattern: [Int], _ features: [String] = [], max: Int = 20) -> Template {
            Template(key: key, title: title, subject: subject, level: .inDepth, pattern: pattern, features: features,
                     inPerson: true, online: true, maxSize: max)
        }
        func elective(_ key: String, _ title: String, _ subject: String, _ pattern: [Int], _ features: [String] = [],
                      inPerson: Bool = true, online: Bool = true, max: Int = 15, preferred: [Geography.Kind] = []) -> Template {
            Template(key: key, title: title, subject: subject, level: .elective, pattern: pattern, features: features,
                     inPerson: inPerson, online: online, maxSize: max, preferred: preferred)
        }
        return [
            core("math-indepth", "Mathematics (in-depth)", "mathematics", [2, 1]),
            core("chemistry-indepth", "Chemistry (in-depth)", "chemistry", [2, 1], [lab], max: 15),
            core("informatics-indepth", "Informatics (in-depth)", "informatics", [2], [pc], max: 14),
            core("history-indepth", "History (in-depth)", "history", [1, 1]),
            core("physics-indepth", "Physics (in-depth)", "physics", [2, 1], [phys], max: 15),
            core("biology-indepth", "Biology (in-depth)", "biology", [1, 1]),
            core("social-indepth", "Social studies (in-depth)", "social-studies", [1, 1]),
            elective("robotics", "Robotics", "robotics", [2], [Facilities.robotics], online: false, max: 12, preferred: [.technopark]),
            elective("python", "Programming in Python", "informatics", [1, 1], [pc], max: 14),
            elective("spanish", "Spanish as a second foreign language", "spanish", [1, 1], inPerson: false, max: 15),
            elective("financial-literacy", "Financial literacy", "economics", [1], max: 20),
            core("economics-indepth", "Economics (in-depth)", "economics", [1, 1]),
            core("literature-indepth", "Literature (in-depth)", "literature", [1, 1]),
            core("english-indepth", "English (in-depth)", "english", [1, 1], max: 12),
            core("law-indepth", "Law (in-depth)", "law", [1, 1]),
            elective("astronomy", "Astronomy", "physics", [1], max: 20),
            elective("3d-modelling", "3D modelling and prototyping", "technology", [2], [pc], max: 12, preferred: [.technopark]),
            elective("chemistry-practicum", "Chemistry practicum", "chemistry", [2], [lab], online: false, max: 12),
            elective("physics-practicum", "Physics practicum", "physics", [2], [phys], online: false, max: 12),
            elective("math-olympiad", "Olympiad mathematics", "mathematics", [1], max: 15),
            elective("journalism", "School journalism", "literature", [1], max: 15),
            elective("exam-russian", "Russian: preparing for the state exam", "russian", [1], max: 20),
            elective("agrobiotech", "Agrobiotechnology", "biology", [2], [Facilities.workshop], online: false, max: 14, preferred: [.college]),
            elective("chinese", "Chinese as a second foreign language", "chinese", [1, 1], inPerson: false, max: 12),
            elective("career", "Career guidance: professions of the region", "career-guidance", [1], inPerson: false, max: 25,
                     preferred: [.centre]),
        ]
    }()

    static let templateIndex: [String: Int] = Dictionary(uniqueKeysWithValues: templates.enumerated().map { ($1.key, $0) })

    /// A generated course with what later stages need to know about it.
    struct Offer {
        var course: Course
        var template: Int
        /// Site indexes of `course.inPersonSites`.
        var hosts: [Int]
    }

    var offers: [Offer]
    /// Offers by template index.
    var byTemplate: [[Int]]

    /// Demand of each template: the share of students likely to request it times its weekly
    /// periods (core templates count fully per profile that requires them).
    static func demand(profileWeights: [Double]) -> [Double] {
        var d = [Double](repeating: 0, count: templates.count)
        for (p, profile) in StudyProfile.allCases.enumerated() {
            for group in profile.core {
                for key in group { d[templateIndex[key]!] += profileWeights[p] / Double(group.count) }
            }
            let total = profile.electives.reduce(0) { $0 + $1.1 }
            for (key, w) in profile.electives { d[templateIndex[key]!] += profileWeights[p] * 1.6 * w / total }
        }
        return d
    }

    static func make(count: Int, geography g: Geography, facilities f: Facilities, profile: GeneratorParameters.Profile,
                     rng: inout SeededRandom) -> CourseCatalogue {
        let demand = demand(profileWeights: StudyProfile.weights(lyceum: profile == .city))
        var offers: [Offer] = []
        var byTemplate = [[Int]](repeating: [], count: templates.count)
        var hostedCount = [[Int]](repeating: [Int](repeating: 0, count: g.count), count: templates.count)
        var usedIds: Set<String> = []
        let minSize = profile == .arctic ? 2 : profile == .city ? 5 : 3

        func capable(_ t: Template) -> [Int] {
            g.places.indices.filter { s in
                let k = g.places[s].kind
                // Small schools have no room for a network group; the centre teaches online only.
                guard k != .centre, k != .smallSchool, Set(t.features).isSubset(of: f.features[s]) else { return false }
                // Technoparks and colleges host their own specialities only.
                if k == .technopark { return preferred(t).contains(.technopark) || t.subject == "informatics" }
                if k == .college { return t.preferred.contains(.college) || t.subject == "chemistry" || t.subject == "biology" }
                return true
            }
        }
        /// In the city, the technopark's own staff teach informatics and technology there.
        func preferred(_ t: Template) -> [Geography.Kind] {
            profile == .city && (t.subject == "informatics" || t.subject == "technology") ? [.technopark] : t.preferred
        }
        let capableSites = templates.map(capable)

        func offer(_ ti: Int, grades: [Int], networkWide: Bool) -> Bool {
            let t = templates[ti]
            var hosts: [Int] = []
            if t.inPerson {
                let sites = capableSites[ti]
                if sites.isEmpty {
                    guard t.online else { return false }
                } else {
                    let weights = sites.map { s -> Double in
                        let p = g.places[s]
                        let base = p.kind == .technopark || p.kind == .college ? 3.0 : p.studentWeight
                        let preferred = preferred(t).contains(p.kind) ? (profile == .city ? 12.0 : 4.0) : 1.0
                        let spread = networkWide ? base * base : base
                        return spread * preferred / Double(1 + 3 * hostedCount[ti][s])
                    }
                    let host = sites[rng.pick(weights: weights)]
                    hosts = [host]
                    // A second host site in the same district, within 25 minutes, with 30 %.
                    let near = sites.filter { $0 != host && g.places[$0].district == g.places[host].district
                        && (g.minutes[host][$0] ?? .max) <= 25 }
                    if !near.isEmpty && rng.chance(0.3) { hosts.append(rng.element(near)) }
                }
            }
            let online = t.online && (networkWide || hosts.isEmpty || rng.chance(0.5))
            let gradeLabel = grades.count == 1 ? "\(grades[0])" : "10-11"
            let base = t.key + "-" + gradeLabel + (hosts.first.map { "-" + g.places[$0].id } ?? "-online")
            var id = base, k = 2
            while !usedIds.insert(id).inserted { id = "\(base)-\(k)"; k += 1 }
            let cap = hosts.map { f.capacity(at: $0, with: t.features) }.min() ?? t.maxSize
            let maxSize = max(minSize, min(t.maxSize, cap > 0 ? cap : t.maxSize))
            let place = hosts.first.map { ", at " + g.places[$0].locality } ?? ", online"
            // Technopark lessons come twice a week: a double period splits into two singles.
            let atTechnopark = hosts.contains { g.places[$0].kind == .technopark }
            let pattern = atTechnopark && t.pattern == [2] ? [1, 1] : t.pattern
            let course = Course(
                id: id, name: t.title + (grades.count == 1 ? ", grade \(grades[0])" : ", grades 10–11") + place,
                subject: t.subject, level: t.level, pattern: pattern, distinctDays: true, minSize: min(minSize, maxSize),
                maxSize: maxSize, grades: grades, inPersonSites: hosts.map { g.places[$0].id }, online: online,
                roomFeatures: hosts.isEmpty ? [] : t.features, teachers: [], maxSections: t.key == "robotics" ? 2 : nil)
            for h in hosts { hostedCount[ti][h] += 1 }
            byTemplate[ti].append(offers.count)
            offers.append(Offer(course: course, template: ti, hosts: hosts))
            return true
        }

        // First pass: every template once, network-wide, for both grades.
        for ti in templates.indices where offers.count < count { _ = offer(ti, grades: [10, 11], networkWide: true) }
        // Then local groups in proportion to demand; in-depth courses for one grade each.
        var copies = [Int](repeating: 0, count: templates.count)
        var guardCount = 0
        while offers.count < count && guardCount < count * 20 {
            guardCount += 1
            let weights = templates.indices.map { ti -> Double in
                let t = templates[ti]
                if t.inPerson && capableSites[ti].isEmpty && !t.online { return 0 }
                return demand[ti] * (t.inPerson ? 1 : 0.3)
            }
            let ti = rng.pick(weights: weights)
            let grades = templates[ti].isCore ? [10 + copies[ti] % 2] : [10, 11]
            if offer(ti, grades: grades, networkWide: false) { copies[ti] += 1 }
        }
        return CourseCatalogue(offers: offers, byTemplate: byTemplate)
    }
}
