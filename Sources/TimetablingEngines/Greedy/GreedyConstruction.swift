import Foundation
import TimetablingCore

/// One greedy construction: requests in priority order, each granted by the first alternative
/// that can join an open section or open a new one; a pass that lets unplaced requests join
/// sections opened after them; then rounds that close sections below their minimum size and retry
/// the students they held and every unplaced required request; a last join pass; and finally
/// ``repairRequired()``, which makes room in a student's own week for a required request.
final class GreedyConstruction {
    let problem: Problem
    let state: GreedyState
    var rng: SeededRandom
    let weights: Weights

    /// Flat request indices in processing order: required first, then those boosted by earlier
    /// passes, heavier first, then student and request order.
    let order: [Int]
    /// For each course, the requests (with the alternative) that name it, in processing order:
    /// the students a new section of the course might gather.
    let interest: [[InterestEntry]]
    /// Why each unplaced request's alternatives failed (latest attempt).
    var failures: [Int: [AlternativeFailure]] = [:]
    /// Times a request lost a section of a course closed below its minimum size.
    var reopenBans: [Int: Int] = [:]
    var classroomCache: [Int: [Int]] = [:]
    lazy var studioSiteCache = [[Int]?](repeating: nil, count: problem.teachers.count)

    // Tuning.
    let maxRounds = 5
    let maxReopenings = 2
    /// Teachers whose placements are compared for a new section, and teachers tried at most.
    let teacherTries = 4
    let teacherAttempts = 12
    let candidateLimit = 64
    let fillBonus = 40.0

    // Limits and reporting.
    private let started: Date
    /// Number of this construction in the solve.
    let pass: Int
    private let deadline: Date
    private let stop: StopFlag
    private let progress: @Sendable (SolveProgress) -> Void
    private var lastReport: Date
    private(set) var stopped = false
    private(set) var rounds = 0
    var closedSections = 0
    private var attempted: [Bool]
    /// Sections opened for the instance's locks (see ``placeFixed()``): never closed for their size.
    var lockedSections = Set<Int>()

    func markAttempted(_ q: Int) { attempted[q] = true }
    /// Students whose lessons closures removed since the round began.
    private var retryStudent: [Bool] = []

    /// A request naming a course, flattened for the scan of waiting students.
    struct InterestEntry {
        var request: Int32
        var student: Int32
        var alternative: Int16
        /// 0 any mode, 1 in person, 2 online.
        var mode: Int8
        /// Required host site, -1 any.
        var site: Int32
        var canJoinOnline: Bool
    }

    enum Repair {
        case student(Int, day: Int)
        case teacher(Int, day: Int)
    }

    /// - Parameters:
    ///   - boost: per flat request, how far to move it forward among requests of the same kind
    ///     (required or elective); earlier passes raise it for the requests they could not place.
    ///   - pass: number of this construction in the solve (0 first), for the seed and the log.
    init(problem: Problem, parameters: SolveParameters, boost: [Int32], pass: Int, started: Date,
         progress: @escaping @Sendable (SolveProgress) -> Void) {
        self.problem = problem
        state = GreedyState(problem: problem)
        rng = SeededRandom(seed: SeededRandom.derivedSeed(parameters.seed, index: pass), stream: "greedy")
        weights = problem.weights
        self.started = started
        self.pass = pass
        lastReport = Date()
        deadline = started.addingTimeInterval(max(parameters.timeLimit, 0))
        stop = parameters.stop
        self.progress = progress

        let st = state
        let order = (0..<st.requestCount).sorted { a, b in
            let ra = st.request(a), rb = st.request(b)
            if ra.required != rb.required { return ra.required }
            if boost[a] != boost[b] { return boost[a] > boost[b] }
            if ra.weight != rb.weight { return ra.weight > rb.weight }
            return a < b
        }
        self.order = order
        var interest = [[InterestEntry]](repeating: [], count: problem.courses.count)
        for q in order {
            let s = st.requestStudent[q]
            var seen: [Int] = []
            for (k, alt) in st.request(q).alternatives.enumerated() where !seen.contains(alt.course) {
                seen.append(alt.course)
                let course = problem.courses[alt.course]
                if !course.grades.isEmpty && !course.grades.contains(problem.students[s].grade) { continue }
                interest[alt.course].append(InterestEntry(
                    request: Int32(q), student: Int32(s), alternative: Int16(k),
                    mode: alt.mode.map { $0 == .inPerson ? 1 : 2 } ?? 0, site: Int32(alt.site ?? -1),
                    canJoinOnline: st.canJoinOnline(s)))
            }
        }
        self.interest = interest
        attempted = [Bool](repeating: false, count: st.requestCount)
    }

    var elapsed: Double { Date().timeIntervalSince(started) }

    func shouldStop() -> Bool {
        if stopped { return true }
        if stop.isRaised || Date() >= deadline { stopped = true }
        return stopped
    }

    private func report(_ message: String) {
        lastReport = Date()
        progress(SolveProgress(engine: "greedy", elapsed: elapsed, phase: .construct, message: "pass \(pass + 1) " + message))
    }

    var placedCount: Int { state.requestSection.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
    private var openCount: Int { state.courseSections.reduce(0) { $0 + $1.count } }

    // MARK: - Driver

    func run() {
        placeFixed()
        rounds = 1
        pass(order, allowOpening: true, label: "round 1")
        joinPass()
        while !stopped && rounds < maxRounds {
            retryStudent = [Bool](repeating: false, count: problem.students.count)
            let closed = closeUndersized()
            if closed == 0 { break }
            rounds += 1
            // Retry every unplaced required request (freed teachers and rooms may now serve it)
            // and the students the closures released; the join passes give every other request
            // another chance at the sections that remain.
            let retry = order.filter { q in
                state.requestSection[q] < 0 && (state.request(q).required || retryStudent[state.requestStudent[q]])
            }
            pass(retry, allowOpening: true, label: "round \(rounds)")
            joinPass()
        }
        closeUndersized()
        consolidate()
        if !stopped {
            joinPass()
            repairRequired()
            closeUndersized()
            consolidate()
        }
        report("done: \(placedCount)/\(state.requestCount) requests placed, \(openCount) sections, \(closedSections) closed")
    }

    /// Lets every unplaced request join a section opened after it was tried; sections short of
    /// their minimum gain members before they are judged. Cheap: no section is opened.
    private func joinPass() {
        guard !stopped else { return }
        pass(order.filter { state.requestSection[$0] < 0 }, allowOpening: false, label: "join pass")
    }

    private func pass(_ requests: [Int], allowOpening: Bool, label: String) {
        for (i, q) in requests.enumerated() {
            if i & 31 == 0 {
                if shouldStop() { break }
                if Date().timeIntervalSince(lastReport) >= 1 {
                    report("\(label): \(i)/\(requests.count) requests tried, \(placedCount) placed, \(openCount) sections")
                }
            }
            process(q, allowOpening: allowOpening)
        }
        report("\(label) done: \(placedCount)/\(state.requestCount) requests placed, \(openCount) sections")
    }

    /// Tries the alternatives of request `q` in rank order: join an open section, else open one.
    func process(_ q: Int, allowOpening: Bool) {
        guard state.requestSection[q] < 0 else { return }
        attempted[q] = true
        let s = state.requestStudent[q]
        let st = problem.students[s]
        let alternatives = state.request(q).alternatives
        var fails = failures[q] ?? [AlternativeFailure](repeating: .noSectionFits, count: alternatives.count)
        for (k, alt) in alternatives.enumerated() {
            let course = problem.courses[alt.course]
            if !course.grades.isEmpty && !course.grades.contains(st.grade) {
                fails[k] = .gradeNotEligible(grade: st.grade)
                continue
            }
            if alt.mode == .online && !st.mayAttendOnline {
                fails[k] = .onlineNotAllowed
                continue
            }
            if joinExisting(q, alternative: k) {
                failures[q] = nil
                return
            }
            if allowOpening {
                guard let f = openNew(q, alternative: k) else {
                    failures[q] = nil
                    return
                }
                fails[k] = f
            } else if failures[q] == nil {
                fails[k] = .noSectionFits
            }
        }
        failures[q] = fails
    }

    // MARK: - Closing and repair

    /// Closes every section below its course's minimum size (repeatedly, as repairs shrink others);
    /// returns how many were closed.
    @discardableResult
    func closeUndersized() -> Int {
        var closed = 0
        while true {
            var small: [Int] = []
            for list in state.courseSections {
                for x in list where state.sections[x].members.count < problem.courses[state.sections[x].course].minSize
                    && !lockedSections.contains(x) {
                    small.append(x)
                }
            }
            if small.isEmpty { break }
            for x in small where state.sections[x].isOpen {
                close(x, belowMinimum: true)
                closed += 1
            }
        }
        closedSections += closed
        return closed
    }

    /// Closes section `x`, re-plans its people's days and repairs those that no longer work.
    private func close(_ x: Int, belowMinimum: Bool) {
        let sec = state.sections[x]
        let course = problem.courses[sec.course]
        var work: [Repair] = []
        for (q, days) in state.closeSection(x) {
            let s = state.requestStudent[q]
            var fails = failures[q] ?? [AlternativeFailure](repeating: .noSectionFits, count: state.request(q).alternatives.count)
            for (k, alt) in state.request(q).alternatives.enumerated() where alt.course == sec.course {
                fails[k] = belowMinimum ? .closedBelowMinimum(course.minSize) : .noSectionFits
            }
            failures[q] = fails
            if belowMinimum { reopenBans[q * problem.courses.count + sec.course, default: 0] += 1 }
            for d in days where !state.refreshStudentDay(s, day: d) { work.append(.student(s, day: d)) }
            if !retryStudent.isEmpty { retryStudent[s] = true }
        }
        for d in state.meetingDays(sec.meetings) where !state.teacherDayFeasible(sec.teacher, day: d) {
            work.append(.teacher(sec.teacher, day: d))
        }
        repair(work)
    }

    /// Removing a commitment can break a day (the direct trip it used to split may be too long, a
    /// bus may be full). Drops the least important assignment, or closes a section, until every
    /// listed day has an itinerary again; a day of home commitments only always has one.
    private func repair(_ initial: [Repair]) {
        var work = initial
        while let item = work.popLast() {
            switch item {
            case let .student(s, d):
                if state.refreshStudentDay(s, day: d) { continue }
                var victim = -1, victimRank = -1
                let end = s + 1 < state.requestBase.count ? state.requestBase[s + 1] : state.requestCount
                for q in state.requestBase[s]..<end where state.requestSection[q] >= 0 {
                    let sec = state.sections[state.requestSection[q]]
                    guard sec.meetings.contains(where: { $0.day == d }) else { continue }
                    let rank = rankOf(q)
                    if rank > victimRank {
                        victim = q
                        victimRank = rank
                    }
                }
                guard victim >= 0 else { continue }
                var fails = failures[victim] ?? [AlternativeFailure](repeating: .noSectionFits,
                                                                     count: state.request(victim).alternatives.count)
                fails[state.requestAlternative[victim]] = .noTime(ClashCounts(studentTravel: 1))
                failures[victim] = fails
                for d2 in state.unassign(victim) { work.append(.student(s, day: d2)) }
                if !retryStudent.isEmpty { retryStudent[s] = true }
            case let .teacher(t, d):
                if state.teacherDayFeasible(t, day: d) { continue }
                let row = t * state.slotCount + d * state.periodCount
                var victim = -1
                for p in 0..<state.periodCount {
                    let x = Int(state.teacherSection[row + p])
                    if x >= 0 && (victim < 0 || state.sections[x].members.count < state.sections[victim].members.count) {
                        victim = x
                    }
                }
                guard victim >= 0 else { continue }
                close(victim, belowMinimum: false)
                closedSections += 1
                work.append(.teacher(t, day: d))
            }
        }
    }

    private lazy var rankTable: [Int] = {
        var rank = [Int](repeating: 0, count: state.requestCount)
        for (i, q) in order.enumerated() { rank[q] = i }
        return rank
    }()

    func rankOf(_ q: Int) -> Int { rankTable[q] }

    /// Re-checks every person's every day and repairs what fails, then closes sections that fell
    /// below their minimum; a safety net that leaves only days with itineraries.
    func consolidate() {
        while true {
            var work: [Repair] = []
            for s in 0..<problem.students.count {
                for d in 0..<state.dayCount where !state.refreshStudentDay(s, day: d) { work.append(.student(s, day: d)) }
            }
            for t in 0..<problem.teachers.count {
                for d in 0..<state.dayCount where !state.teacherDayFeasible(t, day: d) { work.append(.teacher(t, day: d)) }
            }
            if work.isEmpty { break }
            repair(work)
            closeUndersized()
        }
    }

    /// Marks requests never reached (the solve stopped) for the reasons.
    func markUnattempted() {
        for q in 0..<state.requestCount where !attempted[q] && state.requestSection[q] < 0 {
            failures[q] = [AlternativeFailure](repeating: .notAttempted, count: state.request(q).alternatives.count)
        }
    }
}
