import TimetablingCore
/// The heuristic engine's read-only view of a ``Problem``: every datum the search loop reads,
/// in dense integer arrays (requests flattened, alternatives in one array, per-course room and
/// teacher candidate lists), built once per solve and shared by all parallel searches.
///
/// Nothing here is looked up by string; ids are only used again when a ``Solution`` is written.
///
/// Requests are numbered `0 ..< requestCount` student by student: request `r` of student `s` is
/// `studentFirstRequest[s] + r`. The alternatives of request `q` are `altFirst[q] ..< altFirst[q + 1]`
/// in the flat `alt…` arrays, in rank order.
final class SearchModel: Sendable {
    let problem: Problem
    let planner: TravelPlanner
    let dayCount: Int
    let periodCount: Int
    let slotCount: Int
    let siteCount: Int
    let byBus: Bool
    let weights: Weights

    // Requests
    let requestCount: Int
    let requestStudent: [Int32]
    let requestLocal: [Int32]
    let requestWeight: [Double]
    let requestRequired: [Bool]
    let studentFirstRequest: [Int32]
    let altFirst: [Int32]
    let altCourse: [Int32]
    /// -1 any mode, 0 in person, 1 online.
    let altMode: [Int8]
    /// Required in-person site, -1 any.
    let altSite: [Int32]
    /// Per request: the other members' requests of its group (``Group``: one section for all),
    /// empty for a request of no group.
    let groupMates: [[Int32]]
    /// The student may take the alternative at all: grade eligible, online allowed when online is
    /// the only mode, and some mode the course offers is open to the student.
    let altUsable: [Bool]

    // Courses
    let coursePattern: [[Int32]]
    let courseWeekly: [Int32]
    let courseMin: [Int32]
    let courseMax: [Int32]
    let courseDistinct: [Bool]
    let courseMaxSections: [Int32]
    let courseOnline: [Bool]
    /// Blended courses: parallel to `coursePattern`, whether an in-person section holds that
    /// meeting online (in-person meetings first among equal lengths); all false otherwise.
    let coursePatternOnline: [[Bool]]
    /// Whether in-person sections of the course hold some meetings online.
    let courseBlended: [Bool]
    /// Lengths of a blended course's online meetings, longest first.
    let courseOnlineLengths: [[Int32]]
    let courseSites: [[Int32]]
    let courseTeachers: [[Int32]]
    /// Parallel to `courseSites`: rooms of the site with the course's features and at least its
    /// minimum size (and one seat), the rooms seating the maximum first (smallest first).
    let courseRooms: [[[Int32]]]
    /// `course * teacherCount + teacher`: the teacher is qualified for the course.
    let qualified: [Bool]
    /// Parallel to `courseSites`: the course's teachers who may be at the site, in `courseTeachers`
    /// order — those for whom ``SearchState/teacherMay(_:course:online:site:extra:)`` in person
    /// there depends only on their weekly periods left.
    let courseSiteTeachers: [[[Int32]]]
    /// The course's teachers who may teach online and have a studio site to teach from
    /// (`teacherStudioSites`), in `courseTeachers` order: at each of their studio sites,
    /// ``SearchState/teacherMay(_:course:online:site:extra:)`` online depends only on their weekly
    /// periods left.
    let courseOnlineTeachers: [[Int32]]
    /// Per course, the requests naming it: (request, global alternative index).
    let courseInterest: [[(request: Int32, alt: Int32)]]

    // Rooms
    let roomSite: [Int32]
    let roomCapacity: [Int32]
    let roomSeats: [Int32]
    let studioRooms: [[Int32]]
    /// Rooms with computer seats per site, most seats first.
    let computerRooms: [[Int32]]

    // People
    let studentRules: [PersonRules]
    let teacherRules: [PersonRules]
    let studentHome: [Int32]
    let studentMayOnline: [Bool]
    let studentFromHome: [Bool]
    /// Per site, the students living there (who join online lessons from its computer rooms).
    let siteStudents: [[Int32]]
    let teacherHome: [Int32]
    let teacherMaxPeriods: [Int32]
    /// `teacher * siteCount + site`: the teacher may be at the site (home always).
    let teacherMaySite: [Bool]
    let teacherOnline: [Bool]
    /// The site a teacher teaches online from (home when it has a studio, else the nearest studio
    /// site the teacher may go to), -1 when none.
    let teacherStudioSite: [Int32]
    /// Sites a teacher may teach online from: the home site when it has a studio, then the
    /// nearest studio sites the teacher may travel to by road (at most three in all).
    let teacherStudioSites: [[Int32]]

    /// Hygiene limits of each student's grade: lessons a day and a week.
    let maxDay: [Int32]
    let maxWeek: [Int32]
    let maxOnlineDay: Int32

    /// Cost of one required request left unmet, and of one student missing from a section's minimum.
    let requiredPenalty: Double
    let deficitPenalty: Double
    /// Per lock not kept: above every other penalty.
    let lockPenalty: Double

    var studentCount: Int { studentHome.count }
    var teacherCount: Int { teacherHome.count }
    var courseCount: Int { courseWeekly.count }
    var roomCount: Int { roomSite.count }

    // swiftlint:disable:next function_body_length
    init(problem: Problem) {
        self.problem = problem
        planner = TravelPlanner(problem: problem)
        dayCount = problem.dayCount
        periodCount = problem.periodCount
        slotCount = problem.slotCount
        siteCount = problem.siteCount
        byBus = problem.transportMode == .busRuns
        weights = problem.weights
        maxDay = problem.students.map { Int32(clamping: $0.maxLessonsPerDay) }
        maxWeek = problem.students.map { Int32(clamping: $0.maxLessonsPerWeek) }
        maxOnlineDay = Int32(clamping: problem.maxOnlineLessonsPerDay)

        // Rooms
        roomSite = problem.rooms.map { Int32($0.site) }
        roomCapacity = problem.rooms.map { Int32(clamping: $0.capacity) }
        roomSeats = problem.rooms.map { Int32(clamping: $0.computerSeats) }
        var studio = [[Int32]](repeating: [], count: problem.siteCount)
        var computer = [[Int32]](repeating: [], count: problem.siteCount)
        for (r, room) in problem.rooms.enumerated() {
            if room.isOnlineStudio { studio[room.site].append(Int32(r)) }
            if room.computerSeats > 0 { computer[room.site].append(Int32(r)) }
        }
        for k in computer.indices {
            computer[k].sort { (problem.rooms[Int($0)].computerSeats, $1) > (problem.rooms[Int($1)].computerSeats, $0) }
        }
        studioRooms = studio
        computerRooms = computer

        // Teachers
        let n = problem.siteCount
        teacherHome = problem.teachers.map { Int32($0.home) }
        teacherMaxPeriods = problem.teachers.map { Int32(clamping: $0.maxWeeklyPeriods) }
        teacherOnline = problem.teachers.map(\.mayTeachOnline)
        var maySite = [Bool](repeating: false, count: problem.teachers.count * n)
        for (t, te) in problem.teachers.enumerated() {
            for s in 0..<n { maySite[t * n + s] = s == te.home || te.maySite[s] }
        }
        teacherMaySite = maySite
        teacherRules = PersonRules.teachers(problem)
        var studioSite = [Int32](repeating: -1, count: problem.teachers.count)
        for (t, te) in problem.teachers.enumerated() {
            if !studio[te.home].isEmpty {
                studioSite[t] = Int32(te.home)
                continue
            }
            var best = -1, bestMinutes = Int.max
            for s in 0..<n where s != te.home && !studio[s].isEmpty && maySite[t * n + s] {
                guard let m = problem.travel(from: te.home, to: s) else { continue }
                if m < bestMinutes { best = s; bestMinutes = m }
            }
            studioSite[t] = Int32(best)
        }
        teacherStudioSite = studioSite
        let studioSites: [[Int32]] = problem.teachers.indices.map { t in
            let home = problem.teachers[t].home
            var sites: [(site: Int, minutes: Int)] = []
            for s in 0..<n where !studio[s].isEmpty && maySite[t * n + s] {
                if s == home { sites.append((s, -1)) } else if let m = problem.travel(from: home, to: s) { sites.append((s, m)) }
            }
            sites.sort { ($0.minutes, $0.site) < ($1.minutes, $1.site) }
            return sites.prefix(3).map { Int32($0.site) }
        }
        teacherStudioSites = studioSites

        // Courses
        coursePattern = problem.courses.map { $0.pattern.map { Int32($0) }.sorted(by: >) }
        courseWeekly = problem.courses.map { Int32($0.weeklyPeriods) }
        courseMin = problem.courses.map { Int32(clamping: $0.minSize) }
        courseMax = problem.courses.map { Int32(clamping: $0.maxSize) }
        courseDistinct = problem.courses.map(\.distinctDays)
        courseMaxSections = problem.courses.map { Int32(clamping: $0.maxSections ?? Int(Int32.max)) }
        courseOnline = problem.courses.map(\.online)
        coursePatternOnline = problem.courses.map { course in
            course.pattern.indices.map { (length: course.pattern[$0], online: course.meetingOnline[$0]) }
                .sorted { ($0.length, $0.online ? 0 : 1) > ($1.length, $1.online ? 0 : 1) }.map(\.online)
        }
        courseBlended = problem.courses.map(\.isBlended)
        courseOnlineLengths = problem.courses.map { $0.onlineLengths.map { Int32($0) } }
        courseSites = problem.courses.map { $0.inPersonSites.map { Int32($0) } }
        courseTeachers = problem.courses.map { $0.teachers.map { Int32($0) } }
        var qualified = [Bool](repeating: false, count: problem.courses.count * problem.teachers.count)
        for (c, course) in problem.courses.enumerated() {
            for t in course.teachers { qualified[c * problem.teachers.count + t] = true }
        }
        self.qualified = qualified
        courseSiteTeachers = problem.courses.map { course in
            course.inPersonSites.map { site in
                course.teachers.filter { maySite[$0 * n + site] && (!course.isBlended || problem.teachers[$0].mayTeachOnline) }.map { Int32($0) }
            }
        }
        courseOnlineTeachers = problem.courses.map { course in
            course.teachers.filter { problem.teachers[$0].mayTeachOnline && !studioSites[$0].isEmpty }.map { Int32($0) }
        }
        courseRooms = problem.courses.map { course in
            let need = max(course.minSize, 1)
            return course.inPersonSites.map { site in
                problem.rooms.indices.filter {
                    problem.rooms[$0].site == site && problem.rooms[$0].capacity >= need
                        && course.roomFeatures.isSubset(of: problem.rooms[$0].features)
                }.sorted { a, b in
                    let ra = problem.rooms[a], rb = problem.rooms[b]
                    let fa = ra.capacity >= course.maxSize, fb = rb.capacity >= course.maxSize
                    if fa != fb { return fa }
                    if ra.capacity != rb.capacity { return fa ? ra.capacity < rb.capacity : ra.capacity > rb.capacity }
                    return a < b
                }.map { Int32($0) }
            }
        }

        // Students and requests
        studentHome = problem.students.map { Int32($0.home) }
        studentMayOnline = problem.students.map(\.mayAttendOnline)
        studentFromHome = problem.students.map(\.onlineFromHome)
        var atSite = [[Int32]](repeating: [], count: problem.siteCount)
        for (s, st) in problem.students.enumerated() { atSite[st.home].append(Int32(s)) }
        siteStudents = atSite
        studentRules = PersonRules.students(problem)
        var rStudent: [Int32] = [], rLocal: [Int32] = [], rWeight: [Double] = [], rRequired: [Bool] = []
        var firstRequest: [Int32] = []
        var aFirst: [Int32] = [], aCourse: [Int32] = [], aMode: [Int8] = [], aSite: [Int32] = [], aUsable: [Bool] = []
        var interest = [[(request: Int32, alt: Int32)]](repeating: [], count: problem.courses.count)
        for (s, st) in problem.students.enumerated() {
            firstRequest.append(Int32(rStudent.count))
            let canOnline = st.mayAttendOnline && (st.onlineFromHome || !computer[st.home].isEmpty)
            for (r, req) in st.requests.enumerated() {
                let q = Int32(rStudent.count)
                rStudent.append(Int32(s))
                rLocal.append(Int32(r))
                rWeight.append(req.weight)
                rRequired.append(req.required)
                aFirst.append(Int32(aCourse.count))
                for alt in req.alternatives {
                    let course = problem.courses[alt.course]
                    let gradeOK = course.grades.isEmpty || course.grades.contains(st.grade)
                    let onlineOK = alt.mode != .inPerson && course.online && canOnline
                    let inPersonOK = alt.mode != .online && !course.inPersonSites.isEmpty
                        && (alt.site.map { course.inPersonSites.contains($0) } ?? true)
                    let a = Int32(aCourse.count)
                    aCourse.append(Int32(alt.course))
                    aMode.append(alt.mode == nil ? -1 : alt.mode == .inPerson ? 0 : 1)
                    aSite.append(Int32(alt.site ?? -1))
                    let usable = gradeOK && (onlineOK || inPersonOK)
                    aUsable.append(usable)
                    if usable { interest[alt.course].append((q, a)) }
                }
            }
        }
        firstRequest.append(Int32(rStudent.count))
        aFirst.append(Int32(aCourse.count))
        requestCount = rStudent.count
        requestStudent = rStudent
        requestLocal = rLocal
        requestWeight = rWeight
        requestRequired = rRequired
        studentFirstRequest = firstRequest
        altFirst = aFirst
        altCourse = aCourse
        altMode = aMode
        altSite = aSite
        altUsable = aUsable
        courseInterest = interest
        var mates = [[Int32]](repeating: [], count: rStudent.count)
        for g in problem.groups {
            let qs = g.members.map { firstRequest[$0.student] + Int32($0.request) }
            for q in qs { mates[Int(q)] = qs.filter { $0 != q } }
        }
        groupMates = mates

        // Penalties: a required request outweighs any elective request of the instance many
        // times over; a missing member of a section outweighs a required request.
        let w = problem.weights
        let heaviest = rWeight.max() ?? 1
        let maxAlternatives = (0..<rStudent.count).map { Int(aFirst[$0 + 1] - aFirst[$0]) }.max() ?? 1
        let perRequest = heaviest * (w.unmetElective + w.alternativeRank * Double(maxAlternatives)) + w.online + w.section
        // Re-planning: a required request also outweighs moving many people.
        let change = problem.reference == nil ? 0 : 100 * max(w.movedEnrolment, w.changedEnrolment, w.changedTeacherPeriod, w.changedRoute)
        requiredPenalty = max(1_000, 10 * perRequest, change)
        deficitPenalty = 2 * requiredPenalty
        lockPenalty = 10 * deficitPenalty
    }

    @inline(__always) func slot(_ day: Int32, _ period: Int32) -> Int { Int(day) * periodCount + Int(period) }

    /// The alternatives of request `q` the student may take, as global indices.
    @inline(__always) func alternatives(_ q: Int) -> Range<Int> { Int(altFirst[q])..<Int(altFirst[q + 1]) }

    /// Whether a section `online` at `site` matches the alternative's mode and site.
    @inline(__always) func matches(alt a: Int, online: Bool, site: Int32) -> Bool {
        let mode = altMode[a]
        if online { return mode != 0 }
        if mode == 1 { return false }
        let want = altSite[a]
        return want < 0 || want == site
    }
}
