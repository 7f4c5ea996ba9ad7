import TimetablingCore
/// What ``InstanceGenerator`` makes: the size of the network, its kind, and the seed.
///
/// Every count is exact in the generated instance (`sites` sites, `students` students, …).
/// The profile decides the geography, the week and the transport:
///
/// - ``Profile/district``: rural districts around main schools, villages 5–30 km apart, school
///   buses on scheduled runs (`transport.mode = busRuns`), a 5-day week.
/// - ``Profile/arctic``: settlements 20 km to 300 km apart, many without a road (a `null`
///   travel time), travel by road times, a 6-day week, much online teaching.
/// - ``Profile/city``: a lyceum, city schools and a technopark close together; travel times by
///   public transport; technopark staff teach informatics and technology at the technopark.
///
/// ```swift
/// var p = GeneratorParameters.preset("district")!
/// p.seed = 42
/// let instance = InstanceGenerator.generate(p)
/// ```
///
/// See `docs/GENERATOR.md` for the model behind every parameter.
public struct GeneratorParameters: Sendable, Equatable, Codable {
    /// The kind of network.
    public enum Profile: String, Sendable, Codable, CaseIterable {
        case district, arctic, city
    }

    /// Sites: schools, branches, partners, and (from a few sites on) a college, a technopark,
    /// a regional centre. At least 1.
    public var sites: Int
    /// Senior students (grades 10–11) following individual curricula. 0 or more.
    public var students: Int
    /// Courses in the network's bank of educational resources. At least 1.
    public var courses: Int
    /// Network teachers. At least 1.
    public var teachers: Int
    /// Younger students (grades 7–9) in career trials, besides ``students``; 0 (the default)
    /// makes none. With juniors, a few of the ``courses`` are career trials (docs/GENERATOR.md).
    public var juniorStudents: Int = 0
    /// Seed of every random choice: the same parameters give byte-identical instances.
    public var seed: UInt64
    public var profile: Profile
    /// The instance's `name`; `nil` makes one from the sizes (or preset), the profile and the seed.
    public var name: String?

    public init(sites: Int, students: Int, courses: Int, teachers: Int, seed: UInt64 = 1,
                profile: Profile = .district, name: String? = nil, juniorStudents: Int = 0) {
        self.sites = sites
        self.students = students
        self.courses = courses
        self.teachers = teachers
        self.juniorStudents = juniorStudents
        self.seed = seed
        self.profile = profile
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case sites, students, courses, teachers, juniorStudents, seed, profile, name
    }

    /// Parameters written before ``juniorStudents`` existed read with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sites = try c.decode(Int.self, forKey: .sites)
        students = try c.decode(Int.self, forKey: .students)
        courses = try c.decode(Int.self, forKey: .courses)
        teachers = try c.decode(Int.self, forKey: .teachers)
        juniorStudents = try c.decodeIfPresent(Int.self, forKey: .juniorStudents) ?? 0
        seed = try c.decode(UInt64.self, forKey: .seed)
        profile = try c.decode(Profile.self, forKey: .profile)
        name = try c.decodeIfPresent(String.self, forKey: .name)
    }

    /// Names accepted by ``preset(_:)``, smallest first.
    public static let presetNames = ["tiny", "district", "cluster", "region"]

    /// The standard sizes (district profile, seed 1):
    ///
    /// | preset | sites | students | courses | teachers |
    /// |---|---|---|---|---|
    /// | `tiny` | 4 | 40 | 8 | 8 |
    /// | `district` | 20 | 800 | 80 | 80 |
    /// | `cluster` | 60 | 5,000 | 400 | 480 |
    /// | `region` | 300 | 25,000 | 2,000 | 2,400 |
    ///
    /// Returns `nil` for an unknown name.
    public static func preset(_ name: String) -> GeneratorParameters? {
        switch name {
        case "tiny": GeneratorParameters(sites: 4, students: 40, courses: 8, teachers: 8)
        case "district": GeneratorParameters(sites: 20, students: 800, courses: 80, teachers: 80)
        case "cluster": GeneratorParameters(sites: 60, students: 5_000, courses: 400, teachers: 480)
        case "region": GeneratorParameters(sites: 300, students: 25_000, courses: 2_000, teachers: 2_400)
        default: nil
        }
    }

    /// Problems with the parameters, each naming the parameter; empty when they can be used.
    public var problems: [String] {
        var out: [String] = []
        if sites < 1 { out.append("sites is \(sites); a network has at least 1 site") }
        if sites > 5_000 { out.append("sites is \(sites); at most 5000 (the travel matrix grows with the square)") }
        if students < 0 { out.append("students is \(students); give 0 or more") }
        if juniorStudents < 0 { out.append("juniorStudents is \(juniorStudents); give 0 or more") }
        if courses < 1 { out.append("courses is \(courses); give at least 1") }
        if teachers < 1 { out.append("teachers is \(teachers); give at least 1 (every course needs a teacher)") }
        if let name, name.isEmpty { out.append("name is empty") }
        return out
    }

    /// The instance name used when ``name`` is `nil`: `district-arctic-seed7` for preset sizes,
    /// else the sizes spelled out.
    var instanceName: String {
        if let name { return name }
        let sizes = Self.presetNames.first { n in
            let q = Self.preset(n)!
            return q.sites == sites && q.students == students && q.courses == courses && q.teachers == teachers
        }
        return (sizes ?? "gen-\(sites)s-\(students)st-\(courses)c-\(teachers)t") + (juniorStudents > 0 ? "-\(juniorStudents)jr" : "")
            + "-\(profile.rawValue)-seed\(seed)"
    }
}
