import Foundation
import TimetablingCore

/// Settings of one search, derived from ``HeuristicEngine`` and the solve's parameters.
struct SearchSettings: Sendable {
    var method: HeuristicEngine.Method
    var seed: UInt64
    /// Iterations after which to stop (makes a run reproducible whatever the machine's speed).
    var maxIterations: Int?
    var deadline: Date
    var started: Date
    var stop: StopFlag
    /// Temperatures at the start and the end of the run (cost units).
    var startTemperature: Double
    var endTemperature: Double
    /// Index of this search among the parallel ones (for the log).
    var index: Int
    /// The large-neighbourhood search's *tail repair* works while 1 to this many required
    /// requests are unmet (0: never): ``requiredFocus`` of the iterations on them, the operator
    /// opening a section that pulls students from other sections, and re-timing every meeting the
    /// student can never attend (see ``SearchRun/lnsIteration()``).
    var tailRequired = 40
    /// Share of the iterations spent on unmet required requests in the tail repair.
    var requiredFocus = 0.3
    /// *Reheating* in the tail repair: after this many iterations without one required request
    /// fewer in the best (0: never), the temperature starts again from ``startTemperature`` and
    /// falls to ``endTemperature`` over the time (or iterations) left.
    var reheatAfter = 6_000
    /// The tail repair's forced join (``SearchRun/ruinForceJoinForUnmet(_:)``) is among the
    /// operators around an unmet request.
    var forcedJoin = true
}

/// One search from one start: the moves both methods share (best insertion of a request, opening
/// and filling a section, ruining and repairing), the acceptance test, and the best-so-far record.
///
/// ``SimulatedAnnealing`` and ``LargeNeighbourhoodSearch`` drive it, one iteration at a time; every
/// iteration takes a ``SearchState/checkpoint()``, changes the state, settles it, and either keeps
/// the change or undoes it, so the state always meets every hard rule but the two it counts.
final class SearchRun {
    let m: SearchModel
    let state: SearchState
    @exclusivity(unchecked) var rng: SearchRandom
    let settings: SearchSettings

    /// The kinds of change both methods make, for the statistics of which ones pay.
    enum MoveKind: Int, CaseIterable {
        case unmetJoin, unmetRetime, unmetRegroup, sections, students, unmetOpen, unmetEject, unmetForce
        case request, swap, meeting, teacher, open, close
        var name: String {
            switch self {
            case .unmetJoin: "ruin.unmetJoin"
            case .unmetRetime: "ruin.unmetRetime"
            case .unmetRegroup: "ruin.unmetRegroup"
            case .sections: "ruin.sections"
            case .students: "ruin.students"
            case .unmetOpen: "ruin.unmetOpen"
            case .unmetEject: "ruin.unmetEject"
            case .unmetForce: "ruin.unmetForce"
            case .request: "move.request"
            case .swap: "move.swap"
            case .meeting: "move.meeting"
            case .teacher: "move.teacher"
            case .open: "move.open"
            case .close: "move.close"
            }
        }
    }

    /// Per ``MoveKind``: evaluated (changed the state and reached the acceptance test), kept,
    /// giving a new best.
    @exclusivity(unchecked) private(set) var moveTried = [Int](repeating: 0, count: MoveKind.allCases.count)
    @exclusivity(unchecked) private(set) var moveKept = [Int](repeating: 0, count: MoveKind.allCases.count)
    @exclusivity(unchecked) private(set) var moveBest = [Int](repeating: 0, count: MoveKind.allCases.count)
    /// The kind of the change being made (set by the method's iteration).
    @exclusivity(unchecked) var currentMove = MoveKind.request
    /// The large-neighbourhood search's current iteration works on a required request.
    @exclusivity(unchecked) var focusRequired = false
    /// The large-neighbourhood search's tail repair is on (few required requests unmet).
    @exclusivity(unchecked) var inTail = false
    /// The large-neighbourhood search's operator weights.
    @exclusivity(unchecked) var weights = OperatorWeights(count: Ruin.weighted)

    /// Openings: tried, no teacher, no time, open refused, opener cannot travel, too few, opened.
    @exclusivity(unchecked) var openStats = [Int](repeating: 0, count: 7)
    /// Ejections (``openEjecting(_:pool:)``): failed, opened, sections made to give way; failures
    /// for want of times, of a way for the sections in the way, of an opening, of students;
    /// sections in the way dissolved.
    @exclusivity(unchecked) var ejectStats = [Int](repeating: 0, count: 8)
    /// Forced joins (``ruinForceJoinForUnmet(_:)``): tried, joined, computer seats freed, lessons
    /// taken out for the daily limits.
    @exclusivity(unchecked) var forceStats = [Int](repeating: 0, count: 4)

    /// `name.tried`, `name.kept`, `name.best` for every kind tried.
    var moveStatistics: [String: Double] {
        var out: [String: Double] = [:]
        for (i, n) in ["tried", "noTeacher", "noTime", "refused", "noTravel", "tooFew", "opened"].enumerated() {
            out["open." + n] = Double(openStats[i])
        }
        if reheats > 0 { out["reheats"] = Double(reheats) }
        for (i, n) in ["failed", "opened", "blockers", "noTimes", "noWay", "refused", "tooFew", "dissolved"].enumerated() where ejectStats[1] + ejectStats[0] > 0 {
            out["eject." + n] = Double(ejectStats[i])
        }
        for (i, n) in ["tried", "joined", "seatsFreed", "dayLessonsOut"].enumerated() where forceStats[0] > 0 {
            out["force." + n] = Double(forceStats[i])
        }
        for k in MoveKind.allCases where moveTried[k.rawValue] > 0 {
            out[k.name + ".tried"] = Double(moveTried[k.rawValue])
            out[k.name + ".kept"] = Double(moveKept[k.rawValue])
            out[k.name + ".best"] = Double(moveBest[k.rawValue])
        }
        return out
    }

    @exclusivity(unchecked) private(set) var iterations = 0
    @exclusivity(unchecked) private(set) var acceptedMoves = 0
    @exclusivity(unchecked) private(set) var improvements = 0
    /// The best state met with every section at its minimum size.
    @exclusivity(unchecked) private(set) var best: SearchSnapshot?
    @exclusivity(unchecked) private(set) var bestFoundAt = 0.0
    /// The iteration at which the best last had fewer required requests unmet (for reheating).
    @exclusivity(unchecked) private var lastRequiredDrop = 0
    @exclusivity(unchecked) private(set) var reheats = 0
    /// A new best not yet copied: worsening moves are refused until it is.
    @exclusivity(unchecked) private var snapshotPending = false
    @exclusivity(unchecked) private var iterationsSinceSnapshot = 0
    private let snapshotEvery: Int
    /// The current temperature (cost units).
    @exclusivity(unchecked) private(set) var temperature: Double
    /// Called with each new best, on the search's thread.
    @exclusivity(unchecked) var onImprovement: ((SearchRun) -> Void)?

    init(model: SearchModel, state: SearchState, settings: SearchSettings) {
        m = model
        self.state = state
        self.settings = settings
        rng = SearchRandom(seed: settings.seed, stream: UInt64(settings.index))
        temperature = settings.startTemperature
        snapshotEvery = max(1, model.requestCount / 4_000)
        considerBest()
    }

    // MARK: - Driving

    var elapsed: Double { Date().timeIntervalSince(settings.started) }

    /// Runs iterations until the deadline, the stop flag or the iteration budget.
    func run(report: (SearchRun) -> Void) {
        // Nothing to search without requests.
        guard m.requestCount > 0 && m.studentCount > 0 else { return }
        var started = Date()
        var budget = max(settings.deadline.timeIntervalSince(started), 1e-3)
        var firstIteration = 0
        var lastReport = started
        var now = started
        while true {
            if let limit = settings.maxIterations {
                if iterations >= limit { break }
            }
            if iterations & 7 == 0 {
                now = Date()
                if now >= settings.deadline || settings.stop.isRaised { break }
                if now.timeIntervalSince(lastReport) >= 1 {
                    lastReport = now
                    report(self)
                }
            }
            if settings.method == .lns && settings.reheatAfter > 0 && iterations - lastRequiredDrop >= settings.reheatAfter,
               let unmet = best?.requiredUnmet, unmet > 0 && unmet <= settings.tailRequired {
                // Reheat: the schedule starts again over what is left.
                lastRequiredDrop = iterations
                reheats += 1
                firstIteration = iterations
                started = Date()
                now = started
                budget = max(settings.deadline.timeIntervalSince(started), 1e-3)
            }
            let fraction: Double
            if let limit = settings.maxIterations {
                fraction = Double(iterations - firstIteration) / Double(max(limit - firstIteration, 1))
            } else {
                fraction = min(1, now.timeIntervalSince(started) / budget)
            }
            temperature = settings.startTemperature * pow(settings.endTemperature / settings.startTemperature, fraction)
            iterations += 1
            iterationsSinceSnapshot += 1
            switch settings.method {
            case .lns: lnsIteration()
            case .annealing: annealingIteration()
            }
            if snapshotPending && iterationsSinceSnapshot >= snapshotEvery { takeSnapshot() }
        }
        if snapshotPending { takeSnapshot() }
    }

    /// Whether to keep a change of cost `delta`: always when it lowers the cost, never when a new
    /// best waits to be copied, else by the Metropolis rule at the current temperature.
    func accept(_ delta: Double) -> Bool {
        if delta < -1e-9 { return true }
        if snapshotPending { return false }
        if delta <= 1e-9 { return true }
        return rng.unit() < exp(-delta / temperature)
    }

    /// What became of a change.
    enum Outcome {
        case rejected, accepted, improved, newBest
    }

    /// Keeps the change made since `mark` or undoes it, by ``accept(_:)``; records a new best.
    /// While a new best waits to be copied, only a change giving a better one is kept, so that
    /// the state is the best until it is copied.
    @discardableResult
    func conclude(from mark: Int, before cost: Double) -> Outcome {
        moveTried[currentMove.rawValue] += 1
        let delta = state.cost - cost
        var keep = accept(delta)
        if keep && snapshotPending && !isNewBest() { keep = false }
        guard keep else {
            state.undo(to: mark)
            return .rejected
        }
        state.commit()
        acceptedMoves += 1
        moveKept[currentMove.rawValue] += 1
        if considerBest() { return .newBest }
        return delta < -1e-9 ? .improved : .accepted
    }

    /// The state meets the minimum sizes and is better than the best: fewer required requests
    /// unmet, or as many and a lower objective.
    private func isNewBest() -> Bool {
        guard state.terms.deficit == 0 else { return false }
        guard let best else { return true }
        if state.terms.lockBroken != best.terms.lockBroken { return state.terms.lockBroken < best.terms.lockBroken }
        let required = state.terms.requiredUnmet
        if required != best.requiredUnmet { return required < best.requiredUnmet }
        return state.terms.objective(m.weights) < best.objective - 1e-9
    }

    @discardableResult
    private func considerBest() -> Bool {
        guard isNewBest() else { return false }
        if best.map({ state.terms.requiredUnmet < $0.requiredUnmet }) ?? true { lastRequiredDrop = iterations }
        if best != nil {
            improvements += 1
            moveBest[currentMove.rawValue] += 1
        }
        bestFoundAt = elapsed
        if best == nil || iterationsSinceSnapshot >= snapshotEvery {
            takeSnapshot()
        } else {
            // Record the value now; copy the state when the copy is due.
            best!.terms = state.terms
            best!.objective = state.terms.objective(m.weights)
            snapshotPending = true
        }
        onImprovement?(self)
        return true
    }

    private func takeSnapshot() {
        best = state.snapshot()
        snapshotPending = false
        iterationsSinceSnapshot = 0
    }

    /// The best snapshot, copied now if it is the current state.
    func bestSnapshot() -> SearchSnapshot? {
        if snapshotPending { takeSnapshot() }
        return best
    }

    // MARK: - Requests

    /// The alternatives of request `q` the student may take, as global indices.
    @inline(__always) func alternatives(_ q: Int) -> Range<Int> { Int(m.altFirst[q])..<Int(m.altFirst[q + 1]) }

    /// The cheapest way for unassigned request `q` to join an open section: (alternative, section,
    /// cost of the state after), trying each. O(sections of its courses × days re-planned).
    func bestJoin(_ q: Int, excluding excluded: Int = -1) -> (alt: Int, section: Int, cost: Double)? {
        var best: (alt: Int, section: Int, cost: Double)?
        for a in alternatives(q) where m.altUsable[a] {
            for x32 in state.courseSections[Int(m.altCourse[a])] {
                let x = Int(x32)
                guard x != excluded, state.canAssign(q, alt: a, section: x) else { continue }
                let mark = state.checkpoint()
                if state.assign(q, alt: a, section: x), state.settle(stopAtFailure: true).isEmpty {
                    let cost = state.cost
                    if best.map({ cost < $0.cost - 1e-9 }) ?? true { best = (a, x, cost) }
                }
                state.undo(to: mark)
            }
        }
        return best
    }

    /// Grants unassigned request `q` by its cheapest join, or, when `allowOpening` and no join
    /// exists (or by chance), by opening a new section; true when granted (and settled).
    @discardableResult
    func insert(_ q: Int, allowOpening: Bool) -> Bool {
        guard state.reqSection[q] < 0 else { return true }
        let join = bestJoin(q)
        if allowOpening && (join == nil || rng.chance(0.1)) {
            let mark = state.checkpoint()
            if openForRequest(q) {
                if join == nil || state.cost < join!.cost - 1e-9 { return true }
                state.undo(to: mark)
            }
        }
        guard let join else { return false }
        let ok = state.assign(q, alt: join.alt, section: join.section) && state.settle(stopAtFailure: true).isEmpty
        assert(ok, "a join tried a moment ago must succeed again")
        return ok
    }

    // MARK: - Opening sections

    /// A co-requester that a new section may take: request, alternative, priority. A request in
    /// another section of the course (that stays at its minimum without it) may move; with
    /// `pulling`, one granted by another alternative (another course) or a better-ranked one too.
    struct Candidate {
        var request: Int
        var alt: Int
        var priority: Double
        var moves: Bool
    }

    /// Opens a new section for unassigned request `q` by one of its alternatives (tried in rank
    /// order from a random start) and fills it with other unassigned requests of the course; true
    /// when a section reaching the course's minimum size is open (the state is changed and
    /// settled), false with no change.
    ///
    /// With `pulling`, the section may also take students granted the course's subject by another
    /// alternative (another course, or a better rank) from sections that keep their minimum size:
    /// how a required request whose course has too few waiting students (fewer than the minimum
    /// size, or no section of the course at all) gets one.
    func openForRequest(_ q: Int, pulling: Bool = false) -> Bool {
        let usable = alternatives(q).filter { m.altUsable[$0] }
        guard !usable.isEmpty else { return false }
        // Mostly the best-ranked alternatives first.
        let start = rng.chance(0.7) ? 0 : rng.below(usable.count)
        for k in 0..<usable.count {
            if openAndFill(q, alt: usable[(start + k) % usable.count], pulling: pulling) { return true }
        }
        return false
    }

    /// The ways request `q` could take a new section of alternative `a`: each in-person site the
    /// student can reach (in `sites` order), then online where the student may join; empty when
    /// the course has its maximum sections or the student's week has no room for it.
    func newSectionOptions(_ q: Int, alt a: Int) -> [(online: Bool, site: Int32)] {
        let s = Int(m.requestStudent[q]), c = Int(m.altCourse[a])
        guard Int32(state.courseSections[c].count) < m.courseMaxSections[c],
              state.stWeek[s] + m.courseWeekly[c] <= m.maxWeek
        else { return [] }
        let home = Int(m.studentHome[s])
        var options: [(online: Bool, site: Int32)] = []
        if m.altMode[a] != 1 {
            let sites = m.altSite[a] >= 0 ? [m.altSite[a]] : m.courseSites[c]
            for site in sites where m.planner.reachable(from: home, to: Int(site), rules: m.studentRules[s]) {
                options.append((false, site))
            }
        }
        if m.altMode[a] != 0 && m.courseOnline[c] && m.studentMayOnline[s]
            && (m.studentFromHome[s] || !m.computerRooms[home].isEmpty) {
            options.append((true, -1))
        }
        return options
    }

    /// Opens a section of alternative `a` for request `q` and fills it; see ``openForRequest(_:)``.
    func openAndFill(_ q: Int, alt a: Int, teacherTries: Int = 3, pulling: Bool = false) -> Bool {
        let home = Int(m.studentHome[Int(m.requestStudent[q])])
        let found = newSectionOptions(q, alt: a)
        guard !found.isEmpty else { return false }
        // In person nearest first, then online.
        let options = found.filter { !$0.online }.sorted { (distance(home, $0.site), $0.site) < (distance(home, $1.site), $1.site) }
            + found.filter(\.online)
        // Usually the nearest way, sometimes another.
        let first = options.count > 1 && rng.chance(0.3) ? rng.below(options.count) : 0
        for k in 0..<min(options.count, 2) {
            let option = options[(first + k) % options.count]
            if openAndFill(q, alt: a, online: option.online, site: option.site, teacherTries: teacherTries, pulling: pulling) { return true }
        }
        return false
    }

    private func distance(_ a: Int, _ b: Int32) -> Int {
        let t = m.planner.roadMinutes(a, Int(b))
        return t < 0 ? Int(Int32.max) : Int(t)
    }

    private func openAndFill(_ q: Int, alt a: Int, online: Bool, site: Int32, teacherTries: Int, pulling: Bool) -> Bool {
        let s = Int(m.requestStudent[q]), c = Int(m.altCourse[a])
        let weekly = m.courseWeekly[c]
        // Every (teacher, site) that may teach the section gets a key: nearby teachers (and
        // studios) first, randomly among similar ones. The course's teachers who may be there
        // (`SearchModel.courseSiteTeachers`, `courseOnlineTeachers`) only need hours left.
        let siteIndex = online ? nil : m.courseSites[c].firstIndex(of: site)
        let listed = online ? m.courseOnlineTeachers[c] : siteIndex.map { m.courseSiteTeachers[c][$0] } ?? m.courseTeachers[c]
        // The first `teacherTries` ways in key order (equal keys in list order) with a time for
        // every meeting (a quick test before the candidates are scored). A way is tested only
        // while it could still be among them; the student's free starts are found once, and
        // those with a room free once per site. When some meeting length has no free start for
        // the student, no way has a time (the keys are still drawn, as the random stream needs).
        let free = studentStarts(student: s, course: c, online: online)
        let hopeless = free.contains { $0.slots.isEmpty }
        var ways = 0
        precondition(teacherTries > 0, "try at least one teacher")
        var first: [(key: Int, t: Int, site: Int32)] = []
        var startsOfSite = [Int32](repeating: -1, count: hopeless ? 0 : m.siteCount)
        var starts: [[MeetingStarts]] = []
        for t32 in listed {
            let t = Int(t32)
            let studios = online ? m.teacherStudioSites[t] : []
            for k in 0..<(online ? studios.count : 1) {
                let at = online ? studios[k] : site
                let may = online || siteIndex != nil
                    ? state.hasHours(t, extra: weekly)
                    : state.teacherMay(t, course: c, online: online, site: at, extra: weekly)
                guard may else { continue }
                let draw = rng.below(1_000)
                ways += 1
                if hopeless { continue }
                let key = (distance(Int(m.teacherHome[t]), at) / 10 + k) * 1_000 + draw
                // Later in the list with an equal key: behind every way already kept.
                if first.count >= teacherTries && key >= first[first.count - 1].key { continue }
                if startsOfSite[Int(at)] == -1 {
                    let rooms = online ? m.studioRooms[Int(at)] : m.courseRooms[c][siteIndex ?? m.courseSites[c].firstIndex(of: at)!]
                    if rooms.isEmpty {
                        startsOfSite[Int(at)] = -2
                    } else {
                        startsOfSite[Int(at)] = Int32(starts.count)
                        starts.append(roomStarts(free, rooms: rooms))
                    }
                }
                guard startsOfSite[Int(at)] >= 0, hasTimes(teacher: t, starts: starts[Int(startsOfSite[Int(at)])]) else { continue }
                var i = first.count
                while i > 0 && first[i - 1].key > key { i -= 1 }
                first.insert((key, t, at), at: i)
                if first.count > teacherTries { first.removeLast() }
            }
        }
        openStats[0] += 1
        guard ways > 0 else { openStats[1] += 1; return false }
        let usable = first.map { way in
            (t: way.t, site: way.site,
             rooms: online ? m.studioRooms[Int(way.site)] : m.courseRooms[c][siteIndex ?? m.courseSites[c].firstIndex(of: way.site)!])
        }
        guard !usable.isEmpty else { openStats[2] += 1; return false }
        let candidates = coRequesters(of: q, course: c, online: online, site: site, pulling: pulling)
        let grid = candidateGrid(candidates, course: c, online: online)
        for (t, at, rooms) in usable {
            // A second try avoids the days the first could not travel.
            var excluded: UInt64 = 0
            for _ in 0..<2 {
                guard let meets = chooseTimes(student: s, course: c, teacher: t, online: online, rooms: rooms, grid: grid,
                                              excludedDays: excluded)
                else {
                    openStats[2] += 1
                    break
                }
                let mark = state.checkpoint()
                guard let x = state.open(course: c, teacher: t, online: online, site: at, meets: meets) else {
                    openStats[3] += 1
                    break
                }
                guard state.assign(q, alt: a, section: x) else {
                    state.undo(to: mark)
                    openStats[3] += 1
                    break
                }
                let failed = state.settle(stopAtFailure: false)
                if !failed.isEmpty {
                    openStats[4] += 1
                    state.undo(to: mark)
                    let before = excluded
                    for f in failed { excluded |= UInt64(1) << UInt64((f >= 0 ? f : -f - 1) % state.D) }
                    if excluded == before { break }
                    continue
                }
                fill(x, with: candidates)
                if state.secMembers[x].count >= Int(m.courseMin[c]) {
                    openStats[6] += 1
                    return true
                }
                openStats[5] += 1
                state.undo(to: mark)
                break
            }
        }
        return false
    }

    /// Unassigned requests of course `c` (other students) that a section `online` at `site` may
    /// take, most important first.
    func coRequesters(of q: Int, course c: Int, online: Bool, site: Int32, limit: Int = 128, pulling: Bool = false) -> [Candidate] {
        let s = m.requestStudent[q]
        var out: [Candidate] = []
        for (q2_, a2_) in m.courseInterest[c] {
            let q2 = Int(q2_), a2 = Int(a2_)
            guard q2 != q, m.requestStudent[q2] != s else { continue }
            let y = Int(state.reqSection[q2])
            var moves = false
            if y >= 0 {
                // Another section that keeps its minimum: of this course by the same or a later
                // alternative; when pulling, any (another course, or a better-ranked alternative).
                let yc = Int(state.secCourse[y])
                guard pulling || (yc == c && state.reqAlt[q2] >= Int32(a2)),
                      state.secMembers[y].count > Int(m.courseMin[yc]),
                      (state.replan?.pinRequest[q2] ?? -1) < 0
                else { continue }
                moves = true
            }
            if online {
                guard m.altMode[a2] != 0, m.studentMayOnline[Int(m.requestStudent[q2])] else { continue }
            } else {
                guard m.altMode[a2] != 1, m.altSite[a2] < 0 || m.altSite[a2] == site else { continue }
            }
            let rank = Double(a2 - Int(m.altFirst[q2]))
            let priority = (moves ? -10_000.0 : 0) + (m.requestRequired[q2] ? 1_000.0 : 0) + m.requestWeight[q2] * 10 - rank + rng.unit()
            out.append(Candidate(request: q2, alt: a2, priority: priority, moves: moves))
        }
        out.sort { $0.priority > $1.priority }
        if out.count > limit { out.removeLast(out.count - limit) }
        return out
    }

    /// Puts candidates into section `x` while it has room, each when its days can be travelled:
    /// unassigned requests always, requests of other sections while `x` is below its minimum or
    /// when moving lowers the cost.
    func fill(_ x: Int, with candidates: [Candidate]) {
        let minimum = Int(m.courseMin[Int(state.secCourse[x])])
        for cand in candidates {
            if Int32(state.secMembers[x].count) >= state.secCap[x] { break }
            let q = cand.request
            let before = state.cost
            let mark = state.checkpoint()
            if cand.moves {
                let y = Int(state.reqSection[q])
                guard y >= 0, y != x, state.secMembers[y].count > Int(m.courseMin[Int(state.secCourse[y])]) else { continue }
                state.unassign(q)
            } else if state.reqSection[q] >= 0 {
                continue
            }
            guard state.assign(q, alt: cand.alt, section: x), state.settle(stopAtFailure: true).isEmpty else {
                state.undo(to: mark)
                continue
            }
            if cand.moves && state.secMembers[x].count > minimum && state.cost > before - 1e-9 { state.undo(to: mark) }
        }
    }

    /// Which candidates are free when, as bit sets: per slot, the candidates free then (and able
    /// to join online when the section is online); per day and meeting length, those whose daily
    /// limits allow it; and the candidates by weight class (required, elective, moving).
    struct CandidateGrid {
        let words: Int
        var free: [UInt64]
        var dayOK: [UInt64]
        var classes: [UInt64]
        static let classWeights = [3.0, 1.0, 0.5]

        /// The candidates (among `active`) free for a meeting of `len` periods from week slot
        /// `first` on the day row at `dayBase`, written to `mask`, and their count weighted by class.
        func meetingScore(active: [UInt64], dayBase: Int, first: Int, length len: Int, mask: inout [UInt64]) -> Double {
            var score = 0.0
            for w in 0..<words {
                var bits = active[w] & dayOK[dayBase + w]
                for k in 0..<len { bits &= free[(first + k) * words + w] }
                mask[w] = bits
                for cls in 0..<3 {
                    score += Self.classWeights[cls] * Double((bits & classes[cls * words + w]).nonzeroBitCount)
                }
            }
            return score
        }
    }

    func candidateGrid(_ candidates: [Candidate], course c: Int, online: Bool) -> CandidateGrid {
        let S = state.S, D = state.D, P = state.P
        let words = max(1, (candidates.count + 63) / 64)
        let maxLength = Int(m.coursePattern[c].first ?? 1)
        var grid = CandidateGrid(words: words, free: [UInt64](repeating: 0, count: S * words),
                                 dayOK: [UInt64](repeating: 0, count: D * (maxLength + 1) * words),
                                 classes: [UInt64](repeating: 0, count: 3 * words))
        for (i, cand) in candidates.enumerated() {
            let s2 = Int(m.requestStudent[cand.request])
            let w = i >> 6, bit = UInt64(1) << UInt64(i & 63)
            let cls = cand.moves ? 2 : m.requestRequired[cand.request] ? 0 : 1
            grid.classes[cls * words + w] |= bit
            for slot in 0..<S where state.stAt[s2 * S + slot] == -1 {
                if online && !state.canJoinOnline(s2, day: Int32(slot / P), period: Int32(slot % P), length: 1) { continue }
                grid.free[slot * words + w] |= bit
            }
            for d in 0..<D {
                for len in 1...maxLength {
                    if state.stDay[s2 * D + d] + Int32(len) > m.maxDay { continue }
                    if online && state.stOnline[s2 * D + d] + Int32(len) > m.maxOnlineDay { continue }
                    grid.dayOK[(d * (maxLength + 1) + len) * words + w] |= bit
                }
            }
        }
        return grid
    }

    /// The week slots at which a meeting of `length` periods could start (see
    /// ``studentStarts(student:course:online:)``).
    struct MeetingStarts {
        var length: Int
        var slots: [Int32]
    }

    /// For each meeting length of course `c` (once each, longest first), the week slots at which
    /// such a meeting fits in the day with student `s` free and within the daily (and online)
    /// limits. O(slots × length).
    func studentStarts(student s: Int, course c: Int, online: Bool) -> [MeetingStarts] {
        let S = state.S, P = state.P, D = state.D
        var out: [MeetingStarts] = []
        var checked: Int32 = 0
        for length in m.coursePattern[c] where length != checked {
            checked = length
            let len = Int(length)
            var slots: [Int32] = []
            for d in 0..<D {
                if state.stDay[s * D + d] + length > m.maxDay { continue }
                if online && state.stOnline[s * D + d] + length > m.maxOnlineDay { continue }
                periods: for p in 0...(P - len) {
                    let first = d * P + p
                    for k in 0..<len where state.stAt[s * S + first + k] != -1 { continue periods }
                    slots.append(Int32(first))
                }
            }
            out.append(MeetingStarts(length: len, slots: slots))
        }
        return out
    }

    /// The `starts` at which one of `rooms` is free for the whole meeting: with
    /// ``hasTimes(teacher:starts:)``, the teacher-independent half of the test. O(starts × rooms × length).
    func roomStarts(_ starts: [MeetingStarts], rooms: [Int32]) -> [MeetingStarts] {
        let S = state.S
        return starts.map { length in
            var slots: [Int32] = []
            starts: for first32 in length.slots {
                let first = Int(first32)
                rooms: for r in rooms {
                    for k in 0..<length.length where state.roomAt[Int(r) * S + first + k] != -1 || state.roomJoin[Int(r) * S + first + k] != 0 {
                        continue rooms
                    }
                    slots.append(first32)
                    continue starts
                }
            }
            return MeetingStarts(length: length.length, slots: slots)
        }
    }

    /// Whether teacher `t` is free at one of the `starts` of every meeting length: with
    /// ``roomStarts(_:rooms:)``, whether each meeting length of the course
    /// has a time when the student, the teacher and a room are free (meetings considered one by
    /// one). O(starts × length).
    func hasTimes(teacher t: Int, starts: [MeetingStarts]) -> Bool {
        let base = t * state.S
        lengths: for length in starts {
            slots: for first in length.slots {
                for k in 0..<length.length where state.tAt[base + Int(first) + k] != -1 { continue slots }
                continue lengths
            }
            return false
        }
        return true
    }

    /// Meetings for a new section of course `c` taught by `t`, student `s` attending: meeting by
    /// meeting (longest first), the time with a free room when the student and teacher are free
    /// that most candidates (required ones counting more) can attend, next to the student's
    /// other lessons, spread over the week. nil when a meeting finds no time.
    func chooseTimes(student s: Int, course c: Int, teacher t: Int, online: Bool, rooms: [Int32],
                     grid: CandidateGrid, excludedDays: UInt64 = 0) -> [Meet]? {
        let S = state.S, P = state.P, D = state.D
        let words = grid.words
        let maxLength = Int(m.coursePattern[c].first ?? 1)
        var chosen: [Meet] = []
        var active = [UInt64](repeating: ~0, count: words)
        var mask = [UInt64](repeating: 0, count: words)
        var bestMask = mask
        for length in m.coursePattern[c] {
            let len = Int(length)
            var best: Meet?
            var bestScore = -Double.infinity
            for d in 0..<D {
                if excludedDays & (UInt64(1) << UInt64(d)) != 0 { continue }
                if m.courseDistinct[c] && chosen.contains(where: { Int($0.day) == d }) { continue }
                var sameDay: Int32 = 0
                for mt in chosen where Int(mt.day) == d { sameDay += mt.length }
                let di = s * D + d
                if state.stDay[di] + sameDay + length > m.maxDay { continue }
                if online && state.stOnline[di] + sameDay + length > m.maxOnlineDay { continue }
                var adjacent = 0
                for mt in chosen where abs(Int(mt.day) - d) == 1 { adjacent += 1 }
                let dayBase = (d * (maxLength + 1) + len) * words
                periods: for p in 0...(P - len) {
                    let first = d * P + p
                    for k in 0..<len where state.stAt[s * S + first + k] != -1 || state.tAt[t * S + first + k] != -1 {
                        continue periods
                    }
                    for mt in chosen where Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) {
                        continue periods
                    }
                    if online && !state.canJoinOnline(s, day: Int32(d), period: Int32(p), length: length) { continue periods }
                    var room: Int32 = -1
                    rooms: for r in rooms {
                        for k in 0..<len where state.roomAt[Int(r) * S + first + k] != -1 || state.roomJoin[Int(r) * S + first + k] != 0 {
                            continue rooms
                        }
                        for mt in chosen where mt.room == r && Int(mt.day) == d && Int(mt.period) < p + len && p < Int(mt.period + mt.length) {
                            continue rooms
                        }
                        room = r
                        break
                    }
                    if room < 0 { continue }
                    var score = grid.meetingScore(active: active, dayBase: dayBase, first: first, length: len, mask: &mask)
                    // Next to the student's own lessons: fewer gaps.
                    if p > 0 && state.stAt[s * S + first - 1] != -1 { score += 0.5 }
                    if p + len < P && state.stAt[s * S + first + len] != -1 { score += 0.5 }
                    score -= Double(adjacent) * m.weights.consecutiveDays * 0.1
                    score += rng.unit() * 0.3
                    if score > bestScore {
                        bestScore = score
                        best = Meet(day: Int32(d), period: Int32(p), length: length, room: room)
                        bestMask = mask
                    }
                }
            }
            guard let meet = best else { return nil }
            chosen.append(meet)
            active = bestMask
        }
        return chosen
    }

    // MARK: - Ruin and repair

    /// Takes every request in `requests` out of its section (into `pool`).
    func unassignAll(_ requests: [Int], pool: inout [Int32]) {
        // Locked enrolments stay (taking them out would only be undone: see ReplanLedger).
        for q in requests where state.reqSection[q] >= 0 && (state.replan?.pinRequest[q] ?? -1) < 0 {
            state.unassign(q)
            pool.append(Int32(q))
        }
    }

    /// Empties and closes section `x` (its requests into `pool`).
    func dissolve(_ x: Int, pool: inout [Int32]) {
        guard state.secOpen[x], (state.replan?.lockOf(x) ?? -1) < 0 else { return }
        for q in state.secMembers[x] {
            state.unassign(Int(q))
            pool.append(q)
        }
        state.close(x)
    }

    /// Closes open sections without students (they only cost).
    func closeEmptySections() {
        for x in state.secOpen.indices where state.secOpen[x] && state.secSize[x] == 0 && (state.replan?.lockOf(x) ?? -1) < 0 {
            state.close(x)
        }
    }

    /// Re-inserts `pool` most important first (required, heavier, random among equals): each by
    /// its cheapest join or a new section; then closes sections left below their minimum and
    /// re-inserts their students by joins only. Leaves a settled state with no deficit.
    func recreate(_ pool: [Int32], allowOpening: Bool = true) {
        var order: [(q: Int, key: Double)] = []
        for q32 in pool {
            let q = Int(q32)
            order.append((q, (m.requestRequired[q] ? 1_000.0 : 0) + m.requestWeight[q] * 10 + rng.unit() * 15))
        }
        order.sort { $0.key > $1.key }
        var seen = Set<Int>()
        for (q, _) in order where seen.insert(q).inserted && state.reqSection[q] < 0 {
            insert(q, allowOpening: allowOpening)
        }
        var rounds = 0
        while state.terms.deficit > 0 && rounds < 4 {
            rounds += 1
            var again: [Int32] = []
            state.closeUndersized(pool: &again)
            for q in again where state.reqSection[Int(q)] < 0 { insert(Int(q), allowOpening: false) }
        }
        if state.terms.deficit > 0 {
            var lost: [Int32] = []
            state.closeUndersized(pool: &lost)
        }
        closeEmptySections()
        var lost: [Int32] = []
        state.settleRepairing(pool: &lost)
        for q in lost where state.reqSection[Int(q)] < 0 { insert(Int(q), allowOpening: false) }
    }
}
