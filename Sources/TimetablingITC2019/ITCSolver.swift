import Foundation

/// Settings of ``ITCSolver``.
public struct ITCSolverOptions: Sendable {
    /// Wall-clock limit in seconds for the whole solve (construction included).
    public var timeLimit: Double
    /// Seed of every random choice: the same seed, one thread and a ``maxIterations`` give the same answer.
    public var seed: UInt64
    /// Independent searches run side by side with seeds `seed`, `seed + 1`, …; the best is kept.
    public var threads: Int
    /// Stop the local search after this many moves (for reproducible runs); `nil`: only the clock stops it.
    public var maxIterations: Int?
    /// Seconds between two progress reports of the search.
    public var progressInterval: Double
    /// How the local search takes a move that makes the objective worse.
    public var acceptance: ITCAcceptance = .annealing
    /// Simulated annealing's temperature at the start of the search; `nil`: twice the largest
    /// optimisation weight of the problem.
    public var startTemperature: Double?
    /// Simulated annealing's temperature at the end of the time limit (or of ``maxIterations``).
    public var endTemperature: Double = 0.1
    /// Percent of the class moves that are swaps with the one class in the way (ITCSwap.swift); 0: none.
    public var swapShare: Int = 20

    public init(timeLimit: Double = 60, seed: UInt64 = 1, threads: Int = 1, maxIterations: Int? = nil, progressInterval: Double = 5) {
        self.timeLimit = timeLimit
        self.seed = seed
        self.threads = threads
        self.maxIterations = maxIterations
        self.progressInterval = progressInterval
    }
}

/// How the local search takes a move that makes the objective worse (a move that does not is always taken).
public enum ITCAcceptance: String, Sendable, CaseIterable {
    /// Simulated annealing: a move worse by Δ with probability exp(−Δ / T), the temperature T
    /// falling geometrically from ``ITCSolverOptions/startTemperature`` to
    /// ``ITCSolverOptions/endTemperature`` over the time limit (over ``ITCSolverOptions/maxIterations`` when given).
    case annealing
    /// Late-acceptance hill climbing: a move whose result is no worse than the objective a fixed
    /// number of moves ago, with reheats of that list when the search stops moving.
    case lateAcceptance = "late-acceptance"
}

/// Where a solve is: its phase, and the search's own count of hard violations and total (the
/// validator's report of the final answer is what counts).
public struct ITCSolverProgress: Sendable, CustomStringConvertible {
    public enum Phase: String, Sendable { case construction, sectioning, search, done }
    public var run: Int
    public var elapsed: Double
    public var phase: Phase
    /// The search's count of hard violations (broken pairs and units, not the validator's list).
    public var hard: Int
    /// The weighted total (time, room, distribution, student conflicts) of the current best.
    public var total: Int
    public var iterations: Int

    public var description: String {
        "[itc2019\(run > 0 ? "#\(run)" : "") \(String(format: "%7.2f", elapsed))s] \(phase.rawValue) hard=\(hard) total=\(total) moves=\(iterations)"
    }
}

/// The solver's answer: the assignment, and what the search counted (check it with ``ITCValidator``).
public struct ITCSolverResult: Sendable {
    public var assignment: ITCAssignment
    /// The search's count of hard violations of ``assignment``; 0 when the validator finds none.
    public var hard: Int
    /// The search's weighted total of ``assignment``.
    public var total: Int
    /// Seed of the run that produced it.
    public var seed: UInt64
    public var iterations: Int
    /// Seconds from the start to the first assignment with no hard violation, `nil` when none was found.
    public var firstFeasible: Double?
    public var elapsed: Double
}

/// A solver for ITC 2019 problems: a greedy construction (classes in order of fewest options,
/// each given the time and room that add the least hard violation, then penalty), student
/// sectioning by branch and bound, then simulated annealing (or late-acceptance hill climbing)
/// over the moves "change a class's time", "its room", "both", "swap with the one class in the
/// way" and "re-section one student in one course", evaluated incrementally. docs/ITC2019.md describes it.
///
/// ```swift
/// let result = ITCSolver(problem, options: ITCSolverOptions(timeLimit: 60)).solve()
/// let report = ITCValidator(problem).evaluate(result.assignment)
/// ```
public struct ITCSolver: Sendable {
    public let problem: ITCProblem
    public let options: ITCSolverOptions

    public init(_ problem: ITCProblem, options: ITCSolverOptions = ITCSolverOptions()) {
        self.problem = problem
        self.options = options
    }

    /// Runs ``ITCSolverOptions/threads`` searches and returns the best (fewest hard violations,
    /// then lowest total; the lowest seed on ties). `shouldStop` is polled every few hundred moves:
    /// when it returns true each search stops and keeps its best.
    public func solve(shouldStop: @escaping @Sendable () -> Bool = { false },
                      progress: @escaping @Sendable (ITCSolverProgress) -> Void = { _ in }) -> ITCSolverResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let n = max(options.threads, 1)
        if n == 1 { return ITCSearch(problem, options, seed: options.seed, run: 0, start: start, shouldStop: shouldStop, progress: progress).run() }
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var results: [Int: ITCSolverResult] = [:]
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: n) { i in
            let r = ITCSearch(problem, options, seed: options.seed &+ UInt64(i), run: i + 1, start: start,
                              shouldStop: shouldStop, progress: progress).run()
            box.lock.lock()
            box.results[i] = r
            box.lock.unlock()
        }
        let all = (0..<n).compactMap { box.results[$0] }
        var best = all[0]
        for r in all.dropFirst() where (r.hard, r.total) < (best.hard, best.total) { best = r }
        best.firstFeasible = all.compactMap(\.firstFeasible).min()
        return best
    }
}

/// One search: construction, sectioning, local search.
final class ITCSearch {
    let p: ITCProblem
    let options: ITCSolverOptions
    let runIndex: Int
    let start: UInt64
    let shouldStop: @Sendable () -> Bool
    let progress: @Sendable (ITCSolverProgress) -> Void
    let state: ITCSolverState
    let sectioning: ITCSectioning
    var rng: ITCRandom
    let seed: UInt64
    var firstFeasible: Double?
    var iterations = 0
    /// Per class: the time and room it may not return to before move `tabuUntil`.
    var tabuT: [Int], tabuR: [Int], tabuUntil: [Int]

    init(_ p: ITCProblem, _ options: ITCSolverOptions, seed: UInt64, run: Int, start: UInt64,
         shouldStop: @escaping @Sendable () -> Bool, progress: @escaping @Sendable (ITCSolverProgress) -> Void) {
        self.p = p
        self.options = options
        self.runIndex = run
        self.start = start
        self.shouldStop = shouldStop
        self.progress = progress
        self.seed = seed
        state = ITCSolverState(p)
        sectioning = ITCSectioning(p)
        rng = ITCRandom(seed: seed)
        tabuT = Array(repeating: -1, count: p.classes.count)
        tabuR = Array(repeating: -1, count: p.classes.count)
        tabuUntil = Array(repeating: 0, count: p.classes.count)
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var outOfTime: Bool { elapsed >= options.timeLimit || shouldStop() }

    func report(_ phase: ITCSolverProgress.Phase, hard: Int, total: Int) {
        progress(ITCSolverProgress(run: runIndex, elapsed: elapsed, phase: phase, hard: hard, total: total, iterations: iterations))
    }

    func noteFeasible() {
        if firstFeasible == nil && state.hard == 0 { firstFeasible = elapsed }
    }

    func run() -> ITCSolverResult {
        construct()
        report(.construction, hard: state.hard, total: state.total)
        section()
        noteFeasible()
        report(.sectioning, hard: state.hard, total: state.total)
        let (snap, hard, total) = search()
        report(.done, hard: hard, total: total)
        return ITCSolverResult(assignment: state.assignment(snap), hard: hard, total: total, seed: seed, iterations: iterations,
                               firstFeasible: firstFeasible, elapsed: elapsed)
    }

    // MARK: Construction

    /// Classes with the fewest options first (more required distributions first among equals),
    /// each placed at the cheapest time and room given the classes already placed.
    func construct() {
        let s = state
        var required = [Int](repeating: 0, count: s.nC)
        for (d, members) in s.dMembers.enumerated() where s.dRequired[d] { for c in members { required[c] += 1 } }
        let keys = (0..<s.nC).map { c in (Double(s.nTimes[c] * max(s.nRoomOpts[c], 1)) / Double(1 + required[c]), rng.next(), c) }
        let order = keys.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.2)
        let W = ITCSolverState.hardWeight
        let affinity = studentAffinity()
        let studentWeight = Double(p.weights.student)
        for c in order {
            guard s.nTimes[c] > 0 else { continue }
            var best = Int.max, bestKey: UInt64 = 0, bestT = 0, bestR = -1
            for t in 0..<s.nTimes[c] {
                let tp = s.delta(c, t, -1, timePart: true, roomPart: false, withStudents: false)
                var expected = 0.0
                if studentWeight > 0 {
                    let pl = s.placement(c, t, -1)
                    for (o, w) in affinity[c] where s.placed[o] && s.place[o].overlaps(pl) { expected += w }
                }
                let base = tp.hard * W + tp.soft + Int((expected * studentWeight).rounded())
                if base > best { continue }
                if s.nRoomOpts[c] == 0 {
                    let key = rng.next()
                    if base < best || (base == best && key < bestKey) { best = base; bestKey = key; bestT = t; bestR = -1 }
                    continue
                }
                for r in 0..<s.nRoomOpts[c] {
                    let rp = s.delta(c, t, r, timePart: false, roomPart: true, withStudents: false)
                    let v = base + rp.hard * W + rp.soft
                    if v > best { continue }
                    let key = rng.next()
                    if v < best || key < bestKey { best = v; bestKey = key; bestT = t; bestR = r }
                }
            }
            s.move(c, bestT, bestR)
            if outOfTime { break }
        }
        // Whatever was left (stopped early): the first option.
        for c in 0..<s.nC where !s.placed[c] && s.nTimes[c] > 0 { s.move(c, 0, s.nRoomOpts[c] > 0 ? 0 : -1) }
    }

    /// For each class, the classes likely to share students with it and how many students they
    /// are expected to share: students who request both courses (or the course, for two subparts
    /// of one configuration), times the chance of each class when the configurations and the
    /// classes of a subpart are taken evenly. Pairs expected to share fewer than 0.25 students are left out.
    func studentAffinity() -> [[(Int, Double)]] {
        var out = [[(Int, Double)]](repeating: [], count: p.classes.count)
        guard !p.students.isEmpty && p.weights.student > 0 else { return out }
        let nK = p.courses.count
        var together = [Int: Int]()
        var alone = [Int](repeating: 0, count: nK)
        for st in p.students {
            let ks = Array(Set(st.courses)).sorted()
            for (i, a) in ks.enumerated() {
                alone[a] += 1
                for b in ks[(i + 1)...] { together[a * nK + b, default: 0] += 1 }
            }
        }
        let chance = p.classes.map { c in 1.0 / Double(p.courses[c.course].configs.count) / Double(p.subparts[c.subpart].classes.count) }
        var classesOf = [[Int]](repeating: [], count: nK)
        for (i, c) in p.classes.enumerated() { classesOf[c.course].append(i) }
        let maxChance = classesOf.map { $0.map { chance[$0] }.max() ?? 0 }
        let threshold = 0.25
        for (key, m) in together {
            let a = key / nK, b = key % nK
            guard Double(m) * maxChance[a] * maxChance[b] >= threshold else { continue }
            for x in classesOf[a] {
                for y in classesOf[b] {
                    let w = Double(m) * chance[x] * chance[y]
                    if w >= threshold { out[x].append((y, w)); out[y].append((x, w)) }
                }
            }
        }
        for k in 0..<nK where alone[k] > 0 {
            let list = classesOf[k]
            for i in 0..<list.count {
                for j in (i + 1)..<list.count {
                    let x = list[i], y = list[j]
                    let cx = p.classes[x], cy = p.classes[y]
                    guard cx.config == cy.config && cx.subpart != cy.subpart else { continue }
                    // Within one configuration: its chance once, each subpart's class chance.
                    let w = Double(alone[k]) * chance[x] * chance[y] * Double(p.courses[k].configs.count)
                    if w >= threshold { out[x].append((y, w)); out[y].append((x, w)) }
                }
            }
        }
        return out
    }

    // MARK: Sectioning

    func section() {
        let s = state
        for st in 0..<p.students.count {
            // Courses with the fewest ways to attend first.
            let ks = p.students[st].courses.indices.sorted { a, b in
                let ca = sectioning.hasChoice[p.students[st].courses[a]], cb = sectioning.hasChoice[p.students[st].courses[b]]
                return ca != cb ? !ca : a < b
            }
            for k in ks {
                let classes = sectioning.best(s, student: st, course: k, rng: &rng)
                s.setChoice(st, k, classes)
            }
        }
    }

    // MARK: Local search

    /// Classes touched by a hard violation (rooms, unavailability, broken required distributions).
    func hardClasses() -> [Int] {
        let s = state
        var mark = [Bool](repeating: false, count: s.nC)
        for list in s.roomClasses where list.count > 1 {
            for i in 0..<list.count {
                for j in (i + 1)..<list.count where s.place[list[i]].overlaps(s.place[list[j]]) { mark[list[i]] = true; mark[list[j]] = true }
            }
        }
        for c in 0..<s.nC where s.placed[c] && s.isUnavailable(s.place[c]) { mark[c] = true }
        for d in 0..<s.distCount.count where s.dRequired[d] && s.distCount[d] > 0 { for c in s.dMembers[d] { mark[c] = true } }
        return (0..<s.nC).filter { mark[$0] }
    }

    /// The cheapest other time and room of class `c` (all of them, or 400 drawn at random when it has more), with its change.
    func bestPlacement(_ c: Int) -> (Int, Int, (hard: Int, soft: Int))? {
        let s = state
        let W = ITCSolverState.hardWeight
        let nt = s.nTimes[c], nr = s.nRoomOpts[c]
        let combos = nt * max(nr, 1)
        guard combos > 1 else { return nil }
        var best: (Int, Int, (hard: Int, soft: Int))?
        var bestValue = Int.max, bestKey: UInt64 = 0
        let tabu = iterations < tabuUntil[c]
        func consider(_ t: Int, _ r: Int) {
            if t == s.T[c] && r == s.R[c] { return }
            if tabu && t == tabuT[c] && r == tabuR[c] { return }
            if r >= 0 && s.isUnavailable(s.placement(c, t, r)) { return }
            let d = s.delta(c, t, r)
            let v = d.hard * W + d.soft
            if v > bestValue { return }
            let key = rng.next()
            if v < bestValue || key < bestKey { bestValue = v; bestKey = key; best = (t, r, d) }
        }
        if combos <= 400 {
            for t in 0..<nt {
                if nr == 0 { consider(t, -1) } else { for r in 0..<nr { consider(t, r) } }
            }
        } else {
            for _ in 0..<400 { consider(rng.int(nt), nr == 0 ? -1 : rng.int(nr)) }
        }
        return best
    }

    /// A random other time and room of class `c` (the room kept or the time kept half of the time), with its change.
    func randomPlacement(_ c: Int) -> (Int, Int, (hard: Int, soft: Int))? {
        let s = state
        let nt = s.nTimes[c], nr = s.nRoomOpts[c]
        guard nt * max(nr, 1) > 1 else { return nil }
        var t = s.T[c], r = s.R[c]
        let kind = rng.int(3)
        if nt > 1 && (nr <= 1 || kind == 0) { t = rng.int(nt) } else if nr > 1 && (nt <= 1 || kind == 1) { r = rng.int(nr) } else { t = rng.int(nt); r = rng.int(nr) }
        if t == s.T[c] && r == s.R[c] { return nil }
        if r >= 0 && s.isUnavailable(s.placement(c, t, r)) { return nil }
        return (t, r, s.delta(c, t, r))
    }

    /// Random times and rooms for class `c` and, each with even odds, for the classes that share a
    /// required distribution with it (at most 4 of each distribution: a large SameAttendees group
    /// shaken as a whole leaves far more violations than it had).
    func kick(_ c: Int) {
        let s = state
        var group = [c]
        for (d, _) in s.classDists[c] where s.dRequired[d] {
            var partners = s.dMembers[d].filter { $0 != c && rng.chance(50) }
            while partners.count > 4 { partners.remove(at: rng.int(partners.count)) }
            group += partners
        }
        for x in group {
            let nt = s.nTimes[x], nr = s.nRoomOpts[x]
            guard nt * max(nr, 1) > 1 else { continue }
            let t = rng.int(nt), r = nr == 0 ? -1 : rng.int(nr)
            if r >= 0 && s.isUnavailable(s.placement(x, t, r)) { continue }
            s.move(x, t, r)
        }
    }

    /// Simulated annealing (a move worse by Δ taken with probability exp(−Δ / T), T falling over
    /// the time limit) or late-acceptance hill climbing (a move is taken when it does not
    /// worsen the current value or when its result is no worse than the value of `length` moves
    /// ago), as ``ITCSolverOptions/acceptance`` says. While hard violations remain, half of the moves go to a class at fault (min-conflicts
    /// or a random place, taken when they add no hard violation, with a short tabu); after a
    /// while without fewer hard violations a kick shakes a class at fault with its partners.
    /// The best assignment by the true count (hard violations, then total) is kept.
    func search() -> (ITCSolverState.Snapshot, Int, Int) {
        let s = state
        let W = ITCSolverState.hardWeight
        var current = s.objective
        var best = s.objective
        var bestSnap = s.snapshot()
        var bestHard = s.hard, bestTotal = s.total
        var saved = true
        let length = max(1000, min(s.nC * 2, 20000))
        var history = [Int](repeating: current, count: length)
        var hardList = hardClasses()
        var lastReport = elapsed
        let studentPairs: [(Int, Int)] = p.students.indices.flatMap { st in
            p.students[st].courses.indices.filter { sectioning.hasChoice[p.students[st].courses[$0]] }.map { (st, $0) }
        }
        var takersOf = [[(Int, Int)]](repeating: [], count: p.courses.count)
        for (st, k) in studentPairs { takersOf[p.students[st].courses[k]].append((st, k)) }
        let movable = (0..<s.nC).filter { s.nTimes[$0] > 1 || s.nRoomOpts[$0] > 1 }
        let studentShare = studentPairs.isEmpty ? 0 : (movable.isEmpty ? 100 : 20)
        if movable.isEmpty && studentPairs.isEmpty { return (bestSnap, bestHard, bestTotal) }
        let maxIterations = options.maxIterations ?? Int.max
        let optionIndex = ITCOptionIndex(s)
        let swapShare = optionIndex.swappable.isEmpty ? 0 : options.swapShare
        var moveSectioning = sectioning
        moveSectioning.nodeBudget = 300
        // Moves since the fewest hard violations of this descent; a kick when there are too many.
        var lastImprovement = 0
        var hardRecord = s.hard
        let kickAfter = max(50_000, 100 * s.nC)
        var exactTried = false
        // Exact repair (ITCRepair.swift): classes at fault tried, nodes of each search, classes moved at once.
        // Each repair stops after 0.5 % of the time limit (at least 0.25 s), a round of them after four times that.
        let exactTries = 10, exactBudget = 1000, exactClasses = 40
        let exactSeconds = max(0.25, options.timeLimit / 200)
        // Moves since the current value last changed; a reheat of the late-acceptance list when there are too many.
        var lastChange = 0, lastValue = current
        let reheatAfter = max(20_000, 50 * s.nC)

        /// Keeps the state before it gets worse when it is the best not yet saved.
        func guardBest(_ trueDelta: Int) {
            if trueDelta > 0 && !saved && s.objective == best {
                bestSnap = s.snapshot()
                saved = true
            }
        }
        func noteState() {
            let value = s.objective
            if value < best {
                best = value
                bestHard = s.hard
                bestTotal = s.total
                saved = false
                noteFeasible()
            }
            if s.hard < hardRecord { hardRecord = s.hard; lastImprovement = iterations }
        }

        // Acceptance of a worse move: annealing's temperature, or the late-acceptance list.
        let annealing = options.acceptance == .annealing
        let largestWeight = Double(max(p.weights.time, p.weights.room, p.weights.distribution, p.weights.student, 1))
        let t0 = max(options.startTemperature ?? 2 * largestWeight, 1e-6)
        let t1 = min(max(options.endTemperature, 1e-6), t0)
        var temperature = t0
        var v = 0
        func accepts(_ value: Int) -> Bool {
            if value <= current { return true }
            if annealing {
                let dv = Double(value - current)
                return dv < 40 * temperature && Double(rng.next() >> 11) * 0x1p-53 < exp(-dv / temperature)
            }
            return value <= history[v]
        }
        let searchStart = elapsed

        while iterations < maxIterations {
            if iterations & 255 == 0 {
                if outOfTime { break }
                if annealing {
                    // The share of the search done: of the moves when a number is given (reproducible), else of the time.
                    let done = options.maxIterations.map { Double(iterations) / Double(max($0, 1)) }
                        ?? (elapsed - searchStart) / max(options.timeLimit - searchStart, 1e-3)
                    temperature = t0 * pow(t1 / t0, min(max(done, 0), 1))
                }
                if iterations % 4096 == 0 && s.hard > 0 { hardList = hardClasses() }
                let now = elapsed
                if now - lastReport >= options.progressInterval {
                    lastReport = now
                    report(.search, hard: bestHard, total: bestTotal)
                }
            }
            v = iterations % length
            iterations += 1
            if s.hard > 0 && !exactTried && iterations - lastImprovement > kickAfter / 4 {
                // Stuck while infeasible: exact repair around classes at fault, a few classes at a time.
                exactTried = true
                guardBest(1)
                var faults = faultClasses()
                for i in stride(from: faults.count - 1, to: 0, by: -1) { faults.swapAt(i, rng.int(i + 1)) }
                let episodeEnd = elapsed + 4 * exactSeconds
                for c in faults.prefix(exactTries) where elapsed < episodeEnd
                    && exactRepair(c, nodeBudget: exactBudget, maxClasses: exactClasses, seconds: exactSeconds) {
                    exactTried = false
                    lastImprovement = iterations
                    break
                }
                current = s.objective
                for i in 0..<length { history[i] = current }
                hardList = hardClasses()
                noteState()
                continue
            }
            if s.hard > 0 && !hardList.isEmpty && iterations - lastImprovement > kickAfter {
                guardBest(1)
                kick(hardList[rng.int(hardList.count)])
                current = s.objective
                for i in 0..<length { history[i] = current }
                hardList = hardClasses()
                lastImprovement = iterations
                hardRecord = s.hard
                exactTried = false
                continue
            }
            if current != lastValue { lastValue = current; lastChange = iterations }
            if !annealing && iterations - lastChange > reheatAfter {
                // Converged: the list holds only the current value and nothing worse is taken.
                // Let it take results up to 2 % worse (at least twice the largest weight) for a
                // while, then descend again.
                let w = p.weights
                let slack = max(s.total / 50, 2 * max(w.time, w.room, w.distribution, w.student, 1))
                for i in 0..<length { history[i] = current + slack }
                lastChange = iterations
                continue
            }
            if rng.int(100) < studentShare && rng.chance(50) {
                // Two students of one course exchange their classes of it (class limits unchanged).
                let (st, k) = studentPairs[rng.int(studentPairs.count)]
                let takers = takersOf[p.students[st].courses[k]]
                let (st2, k2) = takers[rng.int(takers.count)]
                let a = s.stChoice[st][k], b = s.stChoice[st2][k2]
                if st == st2 || a == b { history[v] = current; continue }
                let before = s.objective
                s.setChoice(st, k, b)
                s.setChoice(st2, k2, a)
                let value = s.objective
                if accepts(value) {
                    if value > before && !saved && before == best {
                        s.setChoice(st, k, a)
                        s.setChoice(st2, k2, b)
                        guardBest(1)
                        s.setChoice(st, k, b)
                        s.setChoice(st2, k2, a)
                    }
                    current = value
                } else {
                    s.setChoice(st, k, a)
                    s.setChoice(st2, k2, b)
                }
            } else if rng.int(100) < studentShare {
                // Re-section one student in one course.
                let (st, k) = studentPairs[rng.int(studentPairs.count)]
                let old = s.stChoice[st][k]
                let new = moveSectioning.best(s, student: st, course: k, rng: &rng)
                if new == old { history[v] = current; continue }
                let trueBefore = s.objective
                s.setChoice(st, k, new)
                let value = s.objective
                if accepts(value) {
                    if s.objective > trueBefore && !saved && trueBefore == best {
                        s.setChoice(st, k, old)
                        guardBest(1)
                        s.setChoice(st, k, new)
                    }
                    current = value
                } else {
                    s.setChoice(st, k, old)
                }
            } else if swapShare > 0 && rng.int(100) < swapShare {
                // A swap with the one class in the way (ITCSwap.swift).
                let before = s.objective
                guard let w = trySwap(optionIndex) else { history[v] = current; continue }
                let value = s.objective
                if accepts(value) {
                    if value > before && !saved && before == best {
                        undo(w)
                        guardBest(1)
                        redo(w)
                    }
                    current = value
                } else {
                    undo(w)
                }
            } else if s.hard > 0 && !hardList.isEmpty && rng.chance(50) {
                // A class at fault: its best place (when it has few) or a random one, taken when it
                // adds no hard violation. The place it leaves is tabu for it for a few moves.
                let hc = hardList[rng.int(hardList.count)]
                let cheap = s.nTimes[hc] * max(s.nRoomOpts[hc], 1) <= 60
                if let (t, r, d) = (cheap || rng.chance(3)) ? bestPlacement(hc) : randomPlacement(hc),
                   d.hard < 0 || (d.hard == 0 && rng.chance(50)) {
                    guardBest(d.hard * W + d.soft)
                    tabuT[hc] = s.T[hc]
                    tabuR[hc] = s.R[hc]
                    tabuUntil[hc] = iterations + 7 + rng.int(10)
                    s.move(hc, t, r)
                    current += d.hard * W + d.soft
                    assert(current == s.objective, "incremental delta disagrees with the maintained costs")
                }
            } else {
                let c = movable[rng.int(movable.count)]
                if let (t, r, d) = randomPlacement(c) {
                    let dv = d.hard * W + d.soft
                    let value = current + dv
                    if accepts(value) {
                        guardBest(d.hard * W + d.soft)
                        s.move(c, t, r)
                        current = value
                        assert(current == s.objective, "incremental delta disagrees with the maintained costs")
                    }
                }
            }
            noteState()
            history[v] = current
        }
        if !saved { bestSnap = s.snapshot() }
        return (bestSnap, bestHard, bestTotal)
    }
}
