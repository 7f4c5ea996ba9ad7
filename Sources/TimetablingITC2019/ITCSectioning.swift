import Foundation

/// Student sectioning: for one student and one requested course, the configuration and the one
/// class per subpart (parents included, class limits respected when possible) that clash least
/// with the student's other classes, found by depth-first branch and bound over the subparts
/// in parent-first order, cheapest class first, with a budget of nodes.
struct ITCSectioning {
    /// Per configuration: its subparts ordered so that a subpart comes after the subpart of its classes' parents.
    let order: [[Int]]
    /// Whether a course offers more than one way to attend it.
    let hasChoice: [Bool]
    var nodeBudget = 3000

    init(_ p: ITCProblem) {
        var order = [[Int]]()
        for config in p.configs {
            var done = Set<Int>()
            var out = [Int]()
            var left = config.subparts
            while !left.isEmpty {
                var next = [Int]()
                for sp in left {
                    let parents = Set(p.subparts[sp].classes.compactMap { p.classes[$0].parent }.map { p.classes[$0].subpart })
                    if parents.allSatisfy({ done.contains($0) || !config.subparts.contains($0) }) {
                        out.append(sp)
                    } else {
                        next.append(sp)
                    }
                }
                if next.count == left.count { out += next; break }  // a cycle (not in valid data): keep file order
                for sp in out where !done.contains(sp) { done.insert(sp) }
                left = next
            }
            order.append(out)
        }
        self.order = order
        hasChoice = p.courses.map { course in
            course.configs.count > 1 || course.configs.contains { p.configs[$0].subparts.contains { p.subparts[$0].classes.count > 1 } }
        }
    }

    /// The best classes for student `s` in their course at position `k`, in the state's terms:
    /// a class already full costs a hard violation, each clash with another class of the student
    /// (or with a class chosen for this course) costs a student conflict.
    func best(_ state: ITCSolverState, student s: Int, course k: Int, rng: inout ITCRandom) -> [Int] {
        let p = state.p
        let course = p.students[s].courses[k]
        let current = state.stChoice[s][k]
        var others = state.stAll[s]
        others.removeAll { current.contains($0) }
        let conflictCost = max(p.weights.student, 1)
        var search = Search(state: state, others: others, current: current, conflictCost: conflictCost, budget: nodeBudget)
        for config in p.courses[course].configs {
            search.run(order[config], rng: &rng)
        }
        return search.best
    }

    private struct Search {
        let state: ITCSolverState
        let others: [Int]
        let current: [Int]
        let conflictCost: Int
        let budget: Int
        var nodes = 0
        var best: [Int] = []
        var bestCost = Int.max
        var chosen: [Int] = []

        init(state: ITCSolverState, others: [Int], current: [Int], conflictCost: Int, budget: Int) {
            self.state = state
            self.others = others
            self.current = current
            self.conflictCost = conflictCost
            self.budget = budget
        }

        mutating func run(_ subparts: [Int], rng: inout ITCRandom) {
            chosen.removeAll()
            dfs(subparts, 0, 0, rng: &rng)
        }

        mutating func dfs(_ subparts: [Int], _ level: Int, _ cost: Int, rng: inout ITCRandom) {
            if level == subparts.count {
                if cost < bestCost { bestCost = cost; best = chosen }
                return
            }
            nodes += 1
            if nodes > budget && bestCost != Int.max { return }
            let p = state.p
            var candidates: [(cost: Int, key: UInt64, c: Int)] = []
            for x in p.subparts[subparts[level]].classes {
                if let parent = p.classes[x].parent, !chosen.contains(parent) { continue }
                var ic = 0
                let taken = state.classStudents[x].count - (current.contains(x) ? 1 : 0)
                if taken >= state.limit[x] { ic += ITCSolverState.hardWeight }
                if state.placed[x] {
                    let pl = state.place[x]
                    var n = 0
                    for o in others where state.placed[o] && state.studentConflict(pl, state.place[o]) { n += 1 }
                    for o in chosen where state.placed[o] && state.studentConflict(pl, state.place[o]) { n += 1 }
                    ic += n * conflictCost
                }
                candidates.append((ic, rng.next(), x))
            }
            candidates.sort { $0.cost != $1.cost ? $0.cost < $1.cost : $0.key < $1.key }
            for cand in candidates {
                if cost + cand.cost >= bestCost { break }
                chosen.append(cand.c)
                dfs(subparts, level + 1, cost + cand.cost, rng: &rng)
                chosen.removeLast()
                if nodes > budget && bestCost != Int.max { return }
            }
        }
    }
}

/// The solver's random numbers (SplitMix64): the same seed gives the same run on every platform.
struct ITCRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<n` (n > 0).
    @inline(__always) mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    @inline(__always) mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
}
