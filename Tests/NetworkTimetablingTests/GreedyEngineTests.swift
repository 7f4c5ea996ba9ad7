import Synchronization
import XCTest
import NetworkTimetabling
@testable import TimetablingCore
@testable import TimetablingEngines
@testable import TimetablingReports
@testable import TimetablingReplan
@testable import TimetablingGenerator
@testable import TimetablingFET

final class GreedyEngineTests: XCTestCase {
    // MARK: - Instances

    /// Seven periods; period 4 ends 12:10, period 5 starts 12:20, period 6 starts 13:15.
    private static let calendar = WeekCalendar(
        days: ["mon", "tue", "wed", "thu", "fri"],
        periods: [
            .init(start: "08:30", end: "09:15"), .init(start: "09:25", end: "10:10"), .init(start: "10:25", end: "11:10"),
            .init(start: "11:25", end: "12:10"), .init(start: "12:20", end: "13:05"), .init(start: "13:15", end: "14:00"),
            .init(start: "14:10", end: "14:55"),
        ])

    private static let mornings: BusyPeriods = ["mon": [1, 2, 3, 4], "tue": [1, 2, 3, 4], "wed": [1, 2, 3, 4],
                                                "thu": [1, 2, 3, 4], "fri": [1, 2, 3, 4]]

    /// A main school and a branch 15 minutes away. Mathematics in depth at the main school
    /// (required of everyone), chemistry in depth in the branch's lab (elective of four).
    static func travelTimesInstance() -> Instance {
        let students = (1...6).map { i in
            var requests = [Request(alternatives: [Alternative(course: "math-adv")], weight: 2, required: true)]
            if i <= 4 { requests.append(Request(alternatives: [Alternative(course: "chem-adv")])) }
            return Student(id: "s\(i)", grade: 10, homeSite: "main", schoolClass: "10a", requests: requests)
        }
        return Instance(
            name: "two-schools", calendar: calendar,
            sites: [Site(id: "main"), Site(id: "branch")],
            transport: Transport(mode: .travelTimes, travelMinutes: [[0, 15], [15, 0]]),
            rooms: [
                Room(id: "main-12", site: "main", capacity: 25),
                Room(id: "branch-lab", site: "branch", capacity: 12, features: ["chemistry-lab"]),
                Room(id: "branch-7", site: "branch", capacity: 20),
            ],
            classes: [SchoolClass(id: "10a", site: "main", grade: 10, busy: mornings)],
            teachers: [
                Teacher(id: "t-math", homeSite: "main", subjects: ["mathematics"], maxWeeklyPeriods: 10),
                Teacher(id: "t-chem", homeSite: "branch", courses: ["chem-adv"], maxWeeklyPeriods: 10, mayTravel: false),
            ],
            courses: [
                Course(id: "math-adv", subject: "mathematics", level: .inDepth, pattern: [1, 1, 1], minSize: 3, maxSize: 20,
                       inPersonSites: ["main"]),
                Course(id: "chem-adv", subject: "chemistry", level: .inDepth, pattern: [2], minSize: 2, maxSize: 12,
                       inPersonSites: ["branch"], roomFeatures: ["chemistry-lab"]),
            ],
            students: students)
    }

    /// Students of a village ride to the centre's robotics lab on scheduled runs of three seats.
    static func busInstance() -> Instance {
        let everyDay = ["mon", "tue", "wed", "thu", "fri"]
        let students = (1...5).map { i in
            Student(id: "v\(i)", grade: 10, homeSite: "village", busy: mornings,
                    requests: [Request(alternatives: [Alternative(course: "robotics")], required: true)])
        }
        return Instance(
            name: "bus-runs", calendar: calendar,
            sites: [Site(id: "village"), Site(id: "centre")],
            transport: Transport(mode: .busRuns, travelMinutes: [[0, 20], [20, 0]], busRuns: [
                BusRun(id: "to-centre", days: everyDay, seats: 3,
                       stops: [.init(site: "village", time: "12:15"), .init(site: "centre", time: "12:35")]),
                BusRun(id: "to-village", days: everyDay, seats: 3,
                       stops: [.init(site: "centre", time: "15:00"), .init(site: "village", time: "15:20")]),
            ]),
            rooms: [Room(id: "centre-robotics", site: "centre", capacity: 10, features: ["robotics"])],
            teachers: [Teacher(id: "t-rob", homeSite: "centre", courses: ["robotics"], maxWeeklyPeriods: 10)],
            courses: [
                Course(id: "robotics", subject: "technology", pattern: [2], minSize: 2, maxSize: 10,
                       inPersonSites: ["centre"], roomFeatures: ["robotics"]),
            ],
            students: students)
    }

    /// An Arctic pair of sites without a road: Spanish reaches the island only online.
    static func noRoadInstance() -> Instance {
        let students = (1...3).map { i in
            Student(id: "i\(i)", grade: 11, homeSite: "island", busy: mornings, onlineFromHome: i == 3,
                    requests: [Request(alternatives: [Alternative(course: "spanish")], required: true)])
        }
        return Instance(
            name: "no-road", calendar: calendar,
            sites: [Site(id: "north"), Site(id: "island")],
            transport: Transport(mode: .travelTimes, travelMinutes: [[0, nil], [nil, 0]]),
            rooms: [
                Room(id: "north-studio", site: "north", capacity: 10, features: ["online-studio"]),
                Room(id: "north-5", site: "north", capacity: 20),
                Room(id: "island-computers", site: "island", capacity: 8, features: ["computer-class"], computerSeats: 4),
            ],
            teachers: [Teacher(id: "t-es", homeSite: "north", subjects: ["spanish"], maxWeeklyPeriods: 6)],
            courses: [
                Course(id: "spanish", subject: "spanish", level: .elective, pattern: [1, 1], minSize: 2, maxSize: 12,
                       inPersonSites: ["north"], online: true),
            ],
            students: students)
    }

    private func solve(_ instance: Instance, seed: UInt64 = 1) throws -> (Problem, SolveResult, Solution) {
        let problem = try Problem(instance)
        let result = GreedyEngine().solve(problem, parameters: SolveParameters(timeLimit: 30, seed: seed))
        let solution = try XCTUnwrap(result.solution)
        return (problem, result, solution)
    }

    // MARK: - Tests

    func testTravelTimesSatisfiesRequestsAndBuildsItineraries() throws {
        let (problem, result, solution) = try solve(Self.travelTimesInstance())
        XCTAssertEqual(result.status, .feasible)
        XCTAssertEqual(solution.instance, "two-schools")
        XCTAssertEqual(solution.engine, "greedy")
        XCTAssertEqual(solution.assignments.count, 10, "six mathematics and four chemistry requests")
        XCTAssertTrue(solution.unsatisfied.isEmpty)
        XCTAssertEqual(Set(solution.sections.map(\.id)), ["math-adv/1", "chem-adv/1"])
        assertHardRules(problem, solution)

        // Chemistry is in the branch: a double period after the 15-minute trip, with legs there and back.
        let chem = try XCTUnwrap(solution.sections.first { $0.course == "chem-adv" })
        XCTAssertEqual(chem.site, "branch")
        XCTAssertEqual(chem.meetings.count, 1)
        XCTAssertEqual(chem.meetings[0].length, 2)
        XCTAssertEqual(chem.meetings[0].room, "branch-lab")
        XCTAssertGreaterThanOrEqual(chem.meetings[0].period, 6, "12:10 + 15 min is after period 5 starts")
        for i in 1...4 {
            let trips = solution.itineraries.filter { $0.person == "s\(i)" && $0.role == .student }
            XCTAssertEqual(trips.count, 1)
            XCTAssertEqual(trips.first?.day, chem.meetings[0].day)
            XCTAssertEqual(trips.first?.legs.map { [$0.from, $0.to] }, [["main", "branch"], ["branch", "main"]])
            XCTAssertEqual(trips.first?.legs.first?.depart, "12:10")
            XCTAssertEqual(trips.first?.legs.first?.arrive, "12:25")
        }
        XCTAssertFalse(solution.itineraries.contains { $0.person == "s5" || $0.person == "s6" })
    }

    func testBusRunsRespectSeats() throws {
        let (problem, result, solution) = try solve(Self.busInstance())
        XCTAssertEqual(result.status, .feasible)
        XCTAssertEqual(solution.assignments.count, 5)
        // Three seats a run: one section cannot carry five students on one day.
        XCTAssertEqual(solution.sections.count, 2)
        XCTAssertNotEqual(solution.sections[0].meetings[0].day, solution.sections[1].meetings[0].day)
        assertHardRules(problem, solution)
        var riders: [String: Int] = [:]
        for it in solution.itineraries where it.role == .student {
            XCTAssertEqual(it.legs.map(\.busRun), ["to-centre", "to-village"])
            XCTAssertEqual(it.legs.map(\.depart), ["12:15", "15:00"])
            for leg in it.legs { riders[it.day + "/" + leg.busRun!, default: 0] += 1 }
        }
        XCTAssertEqual(solution.itineraries.count, 5)
        XCTAssertTrue(riders.values.allSatisfy { $0 <= 3 }, "\(riders)")
    }

    func testNoRoadGoesOnline() throws {
        let (problem, result, solution) = try solve(Self.noRoadInstance())
        XCTAssertEqual(result.status, .feasible)
        XCTAssertEqual(solution.sections.count, 1)
        let section = solution.sections[0]
        XCTAssertEqual(section.mode, .online)
        XCTAssertEqual(section.site, "north")
        XCTAssertTrue(section.meetings.allSatisfy { $0.room == "north-studio" })
        XCTAssertEqual(solution.assignments.count, 3)
        for a in solution.assignments {
            if a.student == "i3" {
                XCTAssertEqual(a.fromHome, true)
                XCTAssertNil(a.onlineRoom)
            } else {
                XCTAssertEqual(a.onlineRoom, "island-computers")
                XCTAssertNil(a.fromHome)
            }
        }
        XCTAssertTrue(solution.itineraries.isEmpty, "nobody moves: students join from home, the teacher teaches at home")
        assertHardRules(problem, solution)
    }

    func testSectionBelowMinimumIsNotKept() throws {
        var instance = Self.travelTimesInstance()
        instance.courses[1].minSize = 5 // only four students want chemistry
        let (problem, result, solution) = try solve(instance)
        XCTAssertEqual(result.status, .feasible, "chemistry is elective")
        XCTAssertFalse(solution.sections.contains { $0.course == "chem-adv" })
        XCTAssertEqual(solution.unsatisfied.count, 4)
        for u in solution.unsatisfied {
            XCTAssertFalse(u.required)
            XCTAssertEqual(u.request, 1)
            XCTAssertTrue(u.reason.contains("chem-adv") && u.reason.contains("minimum size 5"), u.reason)
        }
        assertHardRules(problem, solution)
    }

    func testUnmetRequiredRequestIsExplained() throws {
        var instance = Self.travelTimesInstance()
        // Student s1 has regular lessons in every period: no room for anything.
        instance.students[0].busy = Dictionary(uniqueKeysWithValues: Self.calendar.days.map { ($0, Array(1...7)) })
        instance.hygiene.maxLessonsPerDay = 8
        instance.hygiene.maxLessonsPerWeek = 40
        let (problem, result, solution) = try solve(instance)
        XCTAssertEqual(result.status, .unknown)
        let mine = solution.unsatisfied.filter { $0.student == "s1" }
        XCTAssertEqual(mine.map(\.request), [0, 1])
        XCTAssertEqual(mine.first?.required, true)
        XCTAssertTrue(mine[0].reason.hasPrefix("no section of math-adv"), mine[0].reason)
        XCTAssertTrue(mine[0].reason.contains("the student's timetable"), mine[0].reason)
        XCTAssertEqual(solution.assignments.count, 8)
        assertHardRules(problem, solution)
    }

    func testDailyLessonLimitIsRespected() throws {
        var instance = Self.travelTimesInstance()
        // Six regular lessons a day and at most seven: one network period a day at most.
        instance.classes[0].busy = Dictionary(uniqueKeysWithValues: Self.calendar.days.map { ($0, Array(1...6)) })
        instance.courses[1].pattern = [1]
        instance.courses[1].inPersonSites = ["branch", "main"]
        instance.rooms.append(Room(id: "main-lab", site: "main", capacity: 12, features: ["chemistry-lab"]))
        instance.teachers[1].mayTravel = true
        let (problem, _, solution) = try solve(instance)
        assertHardRules(problem, solution)
        for s in problem.students.indices {
            let id = problem.instance.students[s].id
            var perDay: [String: Int] = [:]
            for a in solution.assignments where a.student == id {
                let section = solution.sections.first { $0.id == a.section }!
                for m in section.meetings { perDay[m.day, default: 0] += m.length }
            }
            XCTAssertTrue(perDay.values.allSatisfy { $0 <= 1 }, "\(id): \(perDay)")
        }
    }

    func testTeacherWeeklyMaximumLimitsSections() throws {
        var instance = Self.travelTimesInstance()
        instance.courses[0].maxSize = 4
        instance.courses[0].minSize = 1
        instance.teachers[0].maxWeeklyPeriods = 3
        let (problem, result, solution) = try solve(instance)
        XCTAssertEqual(result.status, .unknown)
        XCTAssertEqual(solution.sections.filter { $0.course == "math-adv" }.count, 1)
        let unmet = solution.unsatisfied.filter { $0.request == 0 }
        XCTAssertEqual(unmet.count, 2)
        XCTAssertTrue(unmet.allSatisfy { $0.required && $0.reason.contains("weekly periods left") }, "\(unmet)")
        assertHardRules(problem, solution)
    }

    func testSameSeedSameSolution() throws {
        let (_, _, a) = try solve(Self.travelTimesInstance(), seed: 42)
        let (_, _, b) = try solve(Self.travelTimesInstance(), seed: 42)
        XCTAssertEqual(a, b)
        let (_, _, c) = try solve(Self.busInstance(), seed: 7)
        let (_, _, d) = try solve(Self.busInstance(), seed: 7)
        XCTAssertEqual(c, d)
    }

    func testStopFlagReturnsValidPartialSolution() throws {
        let problem = try Problem(Self.travelTimesInstance())
        let stop = StopFlag()
        stop.raise()
        let result = GreedyEngine().solve(problem, parameters: SolveParameters(stop: stop))
        XCTAssertEqual(result.status, .unknown)
        let solution = try XCTUnwrap(result.solution)
        XCTAssertEqual(solution.unsatisfied.count, 10)
        XCTAssertTrue(solution.unsatisfied.allSatisfy { $0.reason.hasPrefix("not attempted") })
        assertHardRules(problem, solution)
    }

    func testProgressIsReported() throws {
        let problem = try Problem(Self.travelTimesInstance())
        let seen = Mutex<[SolveProgress]>([])
        _ = GreedyEngine().solve(problem, parameters: SolveParameters()) { p in seen.withLock { $0.append(p) } }
        let reports = seen.withLock { $0 }
        XCTAssertFalse(reports.isEmpty)
        XCTAssertTrue(reports.allSatisfy { $0.engine == "greedy" && $0.phase == .construct })
        // The pass's summary carries its numbers as fields, not only in words.
        XCTAssertEqual(reports.last?.requiredUnmet, 0)
        XCTAssertEqual(reports.last?.feasible, true)
        XCTAssertTrue(reports.contains { $0.message?.contains("10/10 requests placed") ?? false })
        XCTAssertEqual(reports.last?.message, "pass 1: 10 placed, 0 required unmet, estimate \(String(format: "%.1f", reports.last?.incumbent ?? -1))")
    }

    func testRegistryKnowsGreedy() {
        XCTAssertEqual(EngineRegistry.shared.engine(named: "greedy")?.name, "greedy")
    }

    func testRequiredRequestTakesTheTimeOfTheStudentsElective() throws {
        // One school; the student's elective sits exactly where the only section of the required
        // course meets, so the elective must give way.
        let instance = Instance(
            name: "make-room", calendar: Self.calendar, sites: [Site(id: "main")],
            transport: Transport(travelMinutes: [[0]]),
            rooms: [Room(id: "a", site: "main", capacity: 20), Room(id: "b", site: "main", capacity: 20)],
            teachers: [
                Teacher(id: "t-req", homeSite: "main", courses: ["req"], maxWeeklyPeriods: 5),
                Teacher(id: "t-ele", homeSite: "main", courses: ["ele"], maxWeeklyPeriods: 5),
            ],
            courses: [
                Course(id: "req", subject: "r", pattern: [1], minSize: 1, maxSize: 10, inPersonSites: ["main"]),
                Course(id: "ele", subject: "e", pattern: [1], minSize: 1, maxSize: 10, inPersonSites: ["main"]),
            ],
            students: [Student(id: "s", grade: 10, homeSite: "main", requests: [
                Request(alternatives: [Alternative(course: "req")], required: true),
                Request(alternatives: [Alternative(course: "ele")]),
            ])])
        let problem = try Problem(instance)
        let construction = GreedyConstruction(problem: problem, parameters: SolveParameters(), boost: [0, 0], pass: 0,
                                              started: Date(), progress: { _ in })
        let state = construction.state
        let monday1 = [PlacedMeeting(day: 0, period: 0, length: 1, room: 0)]
        let ele = state.openSection(course: 1, teacher: 1, mode: .inPerson, site: 0, meetings: monday1, capacity: 10)
        XCTAssertTrue(state.assign(1, alternative: 0, section: ele, joinRoom: -1))
        let req = state.openSection(course: 0, teacher: 0, mode: .inPerson, site: 0,
                                    meetings: [PlacedMeeting(day: 0, period: 0, length: 1, room: 1)], capacity: 10)
        construction.repairRequired()
        XCTAssertEqual(state.requestSection[0], req)
        XCTAssertEqual(state.requestSection[1], -1)
        XCTAssertFalse(state.sections[ele].isOpen, "the emptied elective section is closed")
        let solution = construction.solution()
        XCTAssertEqual(solution.sections.map(\.id), ["req/1"])
        XCTAssertEqual(solution.unsatisfied.first?.reason, "no section of ele fits: its periods went to the student's required request 0")
        assertHardRules(problem, solution)
    }

    func testTeacherWithoutOwnLimitIsNotSentHoursAway() throws {
        var instance = Self.travelTimesInstance()
        // The only chemistry teacher lives three hours away; chemistry is also allowed online.
        instance.sites.append(Site(id: "far"))
        instance.transport.travelMinutes = [[0, 15, 180], [15, 0, 180], [180, 180, 0]]
        instance.teachers[1] = Teacher(id: "t-chem", homeSite: "far", courses: ["chem-adv"], maxWeeklyPeriods: 10)
        instance.rooms.append(Room(id: "far-studio", site: "far", capacity: 5, features: ["online-studio"]))
        instance.rooms.append(Room(id: "main-computers", site: "main", capacity: 10, computerSeats: 10))
        instance.courses[1].online = true
        let (problem, result, solution) = try solve(instance)
        XCTAssertEqual(result.status, .feasible)
        let chem = try XCTUnwrap(solution.sections.first { $0.course == "chem-adv" })
        XCTAssertEqual(chem.mode, .online)
        XCTAssertEqual(chem.site, "far")
        XCTAssertFalse(solution.itineraries.contains { $0.person == "t-chem" })
        assertHardRules(problem, solution)
    }

    func testLongWeekWithoutSlotBitmasks() throws {
        // Six days of twelve periods: 72 slots, more than a 64-bit mask holds.
        var instance = Self.travelTimesInstance()
        let days = ["mon", "tue", "wed", "thu", "fri", "sat"]
        let periods = (0..<12).map { i in
            WeekCalendar.Period(start: ClockTime.text(8 * 60 + i * 55), end: ClockTime.text(8 * 60 + i * 55 + 45))
        }
        instance.calendar = WeekCalendar(days: days, periods: periods)
        instance.classes[0].busy = Dictionary(uniqueKeysWithValues: days.map { ($0, [1, 2, 3, 4]) })
        instance.hygiene.maxLessonsPerWeek = 40
        let (problem, result, solution) = try solve(instance)
        XCTAssertEqual(problem.slotCount, 72)
        XCTAssertEqual(result.status, .feasible)
        XCTAssertEqual(solution.assignments.count, 10)
        assertHardRules(problem, solution)
    }

    // MARK: - Independent checks of the solution data

    /// The checker judges every hard rule: only a required request the construction could not
    /// place may be left (`required-request`, with the request in `unsatisfied`). Then, as a second
    /// opinion, a few rules recomputed from the solution alone: clashes, sizes, rooms, itineraries.
    private func assertHardRules(_ problem: Problem, _ solution: Solution, file: StaticString = #filePath, line: UInt = #line) {
        let report = Checker(problem).check(solution)
        XCTAssertTrue(report.usable, "\(report.diagnostics)", file: file, line: line)
        XCTAssertEqual(report.violations.filter { $0.rule != .requiredRequest }, [], file: file, line: line)
        XCTAssertEqual(report.violations.count, solution.unsatisfied.filter(\.required).count,
                       "one required-request violation per required request left unmet", file: file, line: line)
        let inst = problem.instance
        let P = problem.periodCount
        let sections = Dictionary(uniqueKeysWithValues: solution.sections.map { ($0.id, $0) })
        XCTAssertEqual(sections.count, solution.sections.count, "section ids unique", file: file, line: line)

        // Sizes and capacities.
        var size: [String: Int] = [:]
        for a in solution.assignments { size[a.section, default: 0] += 1 }
        for s in solution.sections {
            let c = problem.courses[problem.courseIndex[s.course]!]
            let n = size[s.id, default: 0]
            XCTAssertTrue(n >= c.minSize && n <= c.maxSize, "\(s.id) has \(n) students", file: file, line: line)
            XCTAssertEqual(s.meetings.map(\.length).sorted(), c.pattern.sorted(), "\(s.id) pattern", file: file, line: line)
            if s.mode == .inPerson {
                for m in s.meetings {
                    let r = problem.rooms[problem.roomIndex[m.room]!]
                    XCTAssertLessThanOrEqual(n, r.capacity, "\(s.id) in \(m.room)", file: file, line: line)
                    XCTAssertTrue(c.roomFeatures.isSubset(of: r.features), file: file, line: line)
                }
            }
        }

        // Where every person is, per slot: (site, what).
        func slots(_ m: Solution.Meeting) -> [Int] {
            let d = problem.dayIndex[m.day]!
            return (0..<m.length).map { d * P + m.period - 1 + $0 }
        }
        var studentAt = [[Int: Int]](repeating: [:], count: problem.students.count)
        for (s, st) in problem.students.enumerated() {
            for k in 0..<problem.slotCount where st.busy[k] { studentAt[s][k] = st.home }
        }
        var perDayNetwork = [String: Int]()
        for a in solution.assignments {
            let s = problem.studentIndex[a.student]!
            let sec = sections[a.section]!
            XCTAssertEqual(inst.students[s].requests[a.request].alternatives[a.alternative].course, sec.course, file: file, line: line)
            let site = sec.mode == .online ? problem.students[s].home : problem.siteIndex[sec.site]!
            for m in sec.meetings {
                for k in slots(m) {
                    XCTAssertNil(studentAt[s][k], "student \(a.student) clashes in slot \(k)", file: file, line: line)
                    studentAt[s][k] = site
                }
                perDayNetwork[a.student + m.day, default: 0] += m.length
            }
        }
        for (s, st) in problem.students.enumerated() {
            for d in 0..<problem.dayCount {
                let load = (0..<P).filter { studentAt[s][d * P + $0] != nil }.count
                XCTAssertLessThanOrEqual(load, st.maxLessonsPerDay, "hygiene of \(inst.students[s].id)", file: file, line: line)
            }
        }
        var teacherAt = [[Int: Int]](repeating: [:], count: problem.teachers.count)
        for (t, te) in problem.teachers.enumerated() {
            for k in 0..<problem.slotCount where te.busy[k] { teacherAt[t][k] = te.home }
        }
        var roomUsed = Set<String>()
        for sec in solution.sections {
            let t = problem.teacherIndex[sec.teacher]!
            for m in sec.meetings {
                for k in slots(m) {
                    XCTAssertNil(teacherAt[t][k], "teacher \(sec.teacher) clashes", file: file, line: line)
                    teacherAt[t][k] = problem.siteIndex[sec.site]!
                    XCTAssertTrue(roomUsed.insert("\(m.room)#\(k)").inserted, "room \(m.room) clashes", file: file, line: line)
                    XCTAssertFalse(problem.rooms[problem.roomIndex[m.room]!].busy[k], "room \(m.room) busy", file: file, line: line)
                }
            }
        }

        // Itineraries: the needed moves, in order, on time.
        func checkDay(person: String, role: Solution.Itinerary.Role, home: Int, at: [Int: Int], day d: Int,
                      maxTrip: Int?, latestReturn: Int?) {
            var commitments: [(site: Int, start: Int, end: Int)] = []
            for p in 0..<P { if let site = at[d * P + p] { commitments.append((site, problem.periodStart[p], problem.periodEnd[p])) } }
            var moves: [(from: Int, to: Int, after: Int?, by: Int?)] = []
            var current = home
            var previousEnd: Int?
            for c in commitments {
                if c.site != current { moves.append((current, c.site, previousEnd, c.start)) }
                current = c.site
                previousEnd = c.end
            }
            if current != home { moves.append((current, home, previousEnd, latestReturn)) }
            let legs = solution.itineraries.first { $0.person == person && $0.role == role && $0.day == inst.calendar.days[d] }?.legs ?? []
            XCTAssertEqual(legs.map { [$0.from, $0.to] }, moves.map { [inst.sites[$0.from].id, inst.sites[$0.to].id] },
                           "\(person) on \(inst.calendar.days[d])", file: file, line: line)
            guard legs.count == moves.count else { return }
            for (leg, move) in zip(legs, moves) {
                let dep = ClockTime.minutes(leg.depart)!, arr = ClockTime.minutes(leg.arrive)!
                if let after = move.after { XCTAssertGreaterThanOrEqual(dep, after, "\(person) leaves too early", file: file, line: line) }
                if let by = move.by { XCTAssertLessThanOrEqual(arr, by, "\(person) arrives too late", file: file, line: line) }
                if let maxTrip { XCTAssertLessThanOrEqual(arr - dep, maxTrip, file: file, line: line) }
                if let run = leg.busRun {
                    let r = problem.busRuns[problem.busRunIndex[run]!]
                    XCTAssertTrue(r.days[d], file: file, line: line)
                    let i = r.stops.firstIndex { $0.site == move.from && $0.time == dep }
                    let j = r.stops.lastIndex { $0.site == move.to && $0.time == arr }
                    XCTAssertTrue(i != nil && j != nil && i! < j!, "\(person) rides \(run) wrongly", file: file, line: line)
                } else {
                    XCTAssertTrue(role == .teacher || problem.transportMode == .travelTimes, "students ride buses", file: file, line: line)
                    let t = problem.travel(from: move.from, to: move.to)
                    XCTAssertNotNil(t, "no road", file: file, line: line)
                    XCTAssertGreaterThanOrEqual(arr - dep, t ?? 0, file: file, line: line)
                }
            }
        }
        for (s, st) in problem.students.enumerated() {
            for d in 0..<problem.dayCount {
                checkDay(person: inst.students[s].id, role: .student, home: st.home, at: studentAt[s], day: d,
                         maxTrip: st.maxOneWayMinutes, latestReturn: st.latestReturn)
            }
        }
        for (t, te) in problem.teachers.enumerated() {
            for d in 0..<problem.dayCount {
                checkDay(person: inst.teachers[t].id, role: .teacher, home: te.home, at: teacherAt[t], day: d,
                         maxTrip: te.maxOneWayMinutes, latestReturn: te.latestReturn)
            }
        }
        // Every request is either assigned once or listed as unsatisfied.
        var seen = Set<String>()
        for a in solution.assignments { XCTAssertTrue(seen.insert("\(a.student)#\(a.request)").inserted, file: file, line: line) }
        for u in solution.unsatisfied { XCTAssertTrue(seen.insert("\(u.student)#\(u.request)").inserted, file: file, line: line) }
        XCTAssertEqual(seen.count, inst.students.reduce(0) { $0 + $1.requests.count }, file: file, line: line)
    }
}
