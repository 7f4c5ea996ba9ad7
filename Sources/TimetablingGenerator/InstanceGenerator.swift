import Foundation
import TimetablingCore

/// Makes realistic, deterministic network instances for tests, examples and benchmarks.
///
/// The same ``GeneratorParameters`` (seed included) always give the same instance, and
/// ``encode(_:)`` gives byte-identical JSON for it on every run and platform. Generated
/// instances validate without errors (``Problem/build(_:)``). The model — map, roads and
/// buses, bell times and regular timetables, course bank, teachers, rooms, curricula — is
/// described in `docs/GENERATOR.md`.
///
/// ```swift
/// let instance = InstanceGenerator.generate(.preset("district")!)
/// try InstanceGenerator.encode(instance).write(to: URL(fileURLWithPath: "district.json"))
/// let problem = try Problem(instance)
/// ```
///
/// Generation is O(sites³) for the road network (shortest paths between all sites) plus
/// roughly O(students × courses of a subject) for the curricula: the `region` preset (300
/// sites, 25,000 students) takes a few seconds in a release build.
public enum InstanceGenerator {
    /// Generates the instance for `parameters`. Counts below their minimum (see
    /// ``GeneratorParameters/problems``) are raised to it.
    public static func generate(_ parameters: GeneratorParameters) -> Instance {
        var p = parameters
        p.sites = min(max(p.sites, 1), 5_000)
        p.students = max(p.students, 0)
        p.courses = max(p.courses, 1)
        p.teachers = max(p.teachers, 1)
        p.juniorStudents = max(p.juniorStudents, 0)
        let trialCount = CareerTrials.count(courses: p.courses, juniors: p.juniorStudents)

        let week = SchoolWeek.make(profile: p.profile)
        var geoRng = SeededRandom(seed: p.seed, stream: "geography")
        let geography = Geography.make(profile: p.profile, sites: p.sites, rng: &geoRng)
        let siteIndex = Dictionary(uniqueKeysWithValues: geography.places.enumerated().map { ($1.id, $0) })

        let perSite = apportion(p.students, weights: geography.places.map(\.studentWeight))
        var roomRng = SeededRandom(seed: p.seed, stream: "rooms")
        let facilities = Facilities.make(geography: geography, week: week, studentsAt: perSite, profile: p.profile, rng: &roomRng)

        var busRng = SeededRandom(seed: p.seed, stream: "buses")
        let busRuns = p.profile == .district ? BusNetwork.make(geography: geography, week: week, rng: &busRng) : []
        // What a student can reach: by bus there and back in the bus-run profile, else by road.
        var reach = geography.minutes
        if !busRuns.isEmpty {
            let trip = BusNetwork.tripMinutes(busRuns, siteIndex: siteIndex, count: geography.count)
            for a in 0..<geography.count {
                for b in 0..<geography.count {
                    if let there = trip[a][b], let back = trip[b][a] { reach[a][b] = max(there, back) } else { reach[a][b] = a == b ? 0 : nil }
                }
            }
        }

        var courseRng = SeededRandom(seed: p.seed, stream: "courses")
        let catalogue = CourseCatalogue.make(count: p.courses - trialCount, geography: geography, facilities: facilities, profile: p.profile,
                                             rng: &courseRng)
        let defaults: Defaults
        switch p.profile {
        case .district: defaults = Defaults(maxOneWayMinutes: 30, latestReturn: "17:30", studentOnline: true)
        case .arctic: defaults = Defaults(maxOneWayMinutes: 30, latestReturn: "18:00", studentOnline: true)
        case .city: defaults = Defaults(maxOneWayMinutes: 40, latestReturn: "18:30", studentOnline: true)
        }
        var classRng = SeededRandom(seed: p.seed, stream: "classes")
        var studentRng = SeededRandom(seed: p.seed, stream: "students")
        let people = Students.make(count: p.students, perSite: perSite, catalogue: catalogue, geography: geography, reach: reach,
                                   week: week, defaults: defaults, profile: p.profile, classRng: &classRng, rng: &studentRng)

        // Teachers follow the students' demand.
        let courseIndex = Dictionary(uniqueKeysWithValues: catalogue.offers.enumerated().map { ($1.course.id, $0) })
        var courseDemand = [Double](repeating: 0, count: catalogue.offers.count)
        var potential = [Int](repeating: 0, count: catalogue.offers.count)
        for student in people.students {
            var mine: Set<Int> = []
            for request in student.requests {
                if let first = request.alternatives.first, let o = courseIndex[first.course] {
                    courseDemand[o] += request.required ? 1 : 0.5
                }
                for alt in request.alternatives { if let o = courseIndex[alt.course] { mine.insert(o) } }
            }
            for o in mine { potential[o] += 1 }
        }
        // A course fewer students can take than its minimum group would leave their required
        // requests impossible: the network then accepts a smaller group.
        var courses = catalogue.offers.map(\.course)
        for o in courses.indices where potential[o] > 0 && potential[o] < courses[o].minSize {
            courses[o].minSize = potential[o]
        }
        var teacherRng = SeededRandom(seed: p.seed, stream: "teachers")
        let teachers = Staff.make(count: p.teachers, catalogue: catalogue, courseDemand: courseDemand, geography: geography,
                                  facilities: facilities, week: week, profile: p.profile, rng: &teacherRng)

        var classes = people.classes, students = people.students
        if p.juniorStudents > 0 {
            var juniorRng = SeededRandom(seed: p.seed, stream: "juniors")
            let juniors = CareerTrials.make(courses: trialCount, juniors: p.juniorStudents, teacherSubjects: Set(teachers.flatMap(\.subjects)),
                                            geography: geography, facilities: facilities, reach: reach, week: week, defaults: defaults,
                                            rng: &juniorRng)
            courses += juniors.courses
            classes += juniors.classes
            students += juniors.students
        }

        let sites = geography.places.map { Site(id: $0.id, name: $0.name, kind: $0.kind.rawValue, locality: $0.locality) }
        let transport = Transport(mode: busRuns.isEmpty ? .travelTimes : .busRuns, travelMinutes: geography.minutes, busRuns: busRuns)
        let description = "Generated by NetworkTimetabling's InstanceGenerator (docs/GENERATOR.md): profile \(p.profile.rawValue), "
            + "seed \(p.seed), \(p.sites) sites, \(p.students) students, \(p.courses) courses, \(p.teachers) teachers"
            + (p.juniorStudents > 0 ? ", \(p.juniorStudents) students of grades 7–9 in career trials." : ".")
        return Instance(
            name: p.instanceName, description: description, calendar: WeekCalendar(days: week.days, periods: week.periods),
            sites: sites, transport: transport, rooms: facilities.rooms, classes: classes, teachers: teachers,
            courses: courses, students: students, hygiene: Hygiene(), defaults: defaults,
            weights: Weights())
    }

    /// The instance as stable JSON: sorted keys, pretty-printed, so that the same instance
    /// always gives the same bytes and files diff well.
    public static func encode(_ instance: Instance) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(instance)
    }

    /// Splits `total` in proportion to `weights` (largest remainder; ties to the lower index).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let quotas = weights.map { Double(total) * $0 / sum }
        var out = quotas.map { Int($0) }
        var left = total - out.reduce(0, +)
        let order = quotas.indices.sorted { (quotas[$0] - Double(out[$0]), -$0) > (quotas[$1] - Double(out[$1]), -$1) }
        for i in order where left > 0 && weights[i] > 0 {
            out[i] += 1
            left -= 1
        }
        return out
    }
}

/// `n` in decimal with leading zeros to `width` digits.
func padded(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
