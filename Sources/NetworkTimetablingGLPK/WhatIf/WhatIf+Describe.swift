import TimetablingCore
import TimetablingEngines

extension WhatIf {
    /// The data that block every alternative of the request, or nil when some timetable might grant
    /// it. Decided on a relaxation: the sub-problem of the requested courses with an empty
    /// timetable (every student who asks for them free to join, teachers and rooms free apart from
    /// their own busy periods, nothing else scheduled); when the MIP's pre-filter finds no section
    /// there that the student could attend (``Explanations/isPossible(student:request:)``), no
    /// timetable of the whole instance can grant the request either.
    static func dataBlockers(_ p: Problem, student s: Int, request q: Int) -> [WhatIfReason]? {
        let courses = Set(p.students[s].requests[q].alternatives.map(\.course))
        var random = SeededRandom(seed: 1, stream: "what-if data")
        let empty = Solution(instance: p.instance.name, engine: "what-if")
        let hood = Neighbourhood(label: "data check", sections: [], courses: courses)
        switch SubProblem.make(problem: p, current: empty, neighbourhood: hood, maxStudents: Int.max / 4, random: &random) {
        case .failure(.nothingFreed):
            let list = courses.sorted().map { p.instance.courses[$0].id }.joined(separator: ", ")
            return [WhatIfReason(kind: "noPlaceInData", text: "no section of \(list) may be opened (maximum sections 0)")]
        case .failure(.invalid):
            return nil
        case let .success(sp):
            guard let i = sp.studentOf.firstIndex(of: s), let qi = sp.requestOf[i].firstIndex(of: q) else { return nil }
            let explain = Explanations(sets: MIPSets(problem: sp.sub, sectionSlack: 1))
            if explain.isPossible(student: i, request: qi) { return nil }
            let alternatives = sp.sub.students[i].requests[qi].alternatives
            return alternatives.indices.map { k in
                WhatIfReason(kind: "noPlaceInData", alternative: sp.alternativeOf[i][qi][k],
                             text: explain.blockers(student: i, alternative: alternatives[k]))
            }
        }
    }

    /// `new` with the sections that replace freed ones under the old ids where they match (the
    /// same content, else the same course, teacher, mode and site, else the same course, mode and
    /// site, else the same course), and new ids (`course/k`) that no old section had, so that the
    /// change list names a section that only moved by the id people know.
    static func keepingSectionIDs(_ new: Solution, old: Solution) -> Solution {
        var oldByID: [String: Solution.Section] = [:]
        for sec in old.sections { oldByID[sec.id] = sec }
        var untouched = Set<String>()
        var fresh: [Int] = []
        for (k, sec) in new.sections.enumerated() {
            if oldByID[sec.id] == sec { untouched.insert(sec.id) } else { fresh.append(k) }
        }
        var free = old.sections.filter { !untouched.contains($0.id) }
        func same(_ a: Solution.Section, _ b: Solution.Section, _ level: Int) -> Bool {
            guard a.course == b.course else { return false }
            switch level {
            case 0: return a.teacher == b.teacher && a.mode == b.mode && a.site == b.site && a.meetings == b.meetings
            case 1: return a.teacher == b.teacher && a.mode == b.mode && a.site == b.site
            case 2: return a.mode == b.mode && a.site == b.site
            default: return true
            }
        }
        var target: [Int: String] = [:]
        for level in 0..<4 {
            for k in fresh where target[k] == nil {
                if let j = free.firstIndex(where: { same($0, new.sections[k], level) }) {
                    target[k] = free[j].id
                    free.remove(at: j)
                }
            }
        }
        var used = Set(old.sections.map(\.id)).union(untouched)
        var rename: [String: String] = [:]
        var out = new
        for k in fresh {
            let sec = new.sections[k]
            var id = target[k] ?? ""
            if id.isEmpty {
                var n = 1
                while used.contains("\(sec.course)/\(n)") { n += 1 }
                id = "\(sec.course)/\(n)"
            }
            used.insert(id)
            rename[sec.id] = id
            out.sections[k].id = id
        }
        for k in out.assignments.indices { out.assignments[k].section = rename[out.assignments[k].section] ?? out.assignments[k].section }
        return out
    }

    /// `new` with the old join room (or home) of every student who stays in the same online section
    /// but was given another room by GLPK (a tie the objective does not see), where the checker
    /// still finds the timetable feasible and no dearer: all at once, else one by one.
    static func restoringJoinRooms(_ new: Solution, old: Solution, report: CheckReport, checker: Checker) -> (Solution, CheckReport) {
        var oldSec: [String: Solution.Section] = [:], newSec: [String: Solution.Section] = [:]
        for s in old.sections { oldSec[s.id] = s }
        for s in new.sections { newSec[s.id] = s }
        var oldAssign: [String: Solution.Assignment] = [:]
        for a in old.assignments { oldAssign["\(a.student)|\(a.request)"] = a }
        var changed: [(index: Int, old: Solution.Assignment)] = []
        for (k, a) in new.assignments.enumerated() {
            guard let o = oldAssign["\(a.student)|\(a.request)"], o.section == a.section, oldSec[o.section] == newSec[a.section],
                  o.onlineRoom != a.onlineRoom || o.fromHome != a.fromHome else { continue }
            changed.append((k, o))
        }
        guard !changed.isEmpty else { return (new, report) }
        func restored(_ s: Solution, _ list: [(index: Int, old: Solution.Assignment)]) -> Solution {
            var s = s
            for c in list {
                s.assignments[c.index].onlineRoom = c.old.onlineRoom
                s.assignments[c.index].fromHome = c.old.fromHome
            }
            return s
        }
        let all = restored(new, changed)
        let r = checker.check(all)
        if r.feasible && r.objective <= report.objective + 1e-9 { return (all, r) }
        var best = (new, report)
        for c in changed.prefix(50) {
            let one = restored(best.0, [c])
            let r = checker.check(one)
            if r.feasible && r.objective <= best.1.objective + 1e-9 { best = (one, r) }
        }
        return best
    }

    /// Fills the cost and the changes of a granted answer: term deltas, people's changes (old → new),
    /// requests lost, sections opened, closed and changed.
    static func describe(_ a: inout WhatIfAnswer, problem p: Problem, old: Solution, new: Solution, before: CheckReport, after: CheckReport,
                         target: (student: String, request: Int)) {
        a.objectiveAfter = after.objective
        a.objectiveDelta = after.objective - before.objective
        for term in SoftTerm.allCases {
            let d = (after.terms[term]?.cost ?? 0) - (before.terms[term]?.cost ?? 0)
            if abs(d) > 1e-9 { a.terms[term.rawValue] = d }
        }
        var oldSec: [String: Solution.Section] = [:], newSec: [String: Solution.Section] = [:]
        for s in old.sections { oldSec[s.id] = s }
        for s in new.sections { newSec[s.id] = s }
        struct Key: Hashable { var student: String; var request: Int }
        var oldAssign: [Key: Solution.Assignment] = [:], newAssign: [Key: Solution.Assignment] = [:]
        for x in old.assignments { oldAssign[Key(student: x.student, request: x.request)] = x }
        for x in new.assignments { newAssign[Key(student: x.student, request: x.request)] = x }
        let keys = Set(oldAssign.keys).union(newAssign.keys).sorted { ($0.student, $0.request) < ($1.student, $1.request) }
        var students: [WhatIfChange] = []
        for key in keys {
            let o = oldAssign[key], n = newAssign[key]
            let op = o.flatMap { oldSec[$0.section] }.map(WhatIfPlacement.init)
            let np = n.flatMap { newSec[$0.section] }.map(WhatIfPlacement.init)
            func join(_ x: Solution.Assignment?) -> String? { x?.fromHome == true ? "home" : x?.onlineRoom }
            var change = WhatIfChange(role: .student, person: key.student, kind: .moved, request: key.request, old: op, new: np,
                                      oldJoin: join(o), newJoin: join(n))
            switch (o, n) {
            case (nil, _?):
                change.kind = .granted
                if key.student == target.student && key.request == target.request { students.insert(change, at: 0); continue }
            case (_?, nil):
                change.kind = .lost
                if let s = p.studentIndex[key.student] {
                    let r = p.instance.students[s].requests[key.request]
                    a.lostRequests.append(WhatIfRequestRef(student: key.student, request: key.request, label: r.id, required: r.required))
                }
            case let (o?, n?):
                if op == np && o.alternative == n.alternative && join(o) == join(n) { continue }
            default: continue
            }
            students.append(change)
        }
        var teachers: [WhatIfChange] = []
        for id in Set(oldSec.keys).union(newSec.keys).sorted() {
            let o = oldSec[id], n = newSec[id]
            if o == n { continue }
            if let o, let n, o.teacher == n.teacher {
                teachers.append(WhatIfChange(role: .teacher, person: o.teacher, kind: .moved, old: WhatIfPlacement(o), new: WhatIfPlacement(n)))
                continue
            }
            if let o { teachers.append(WhatIfChange(role: .teacher, person: o.teacher, kind: .lost, old: WhatIfPlacement(o), new: nil)) }
            if let n { teachers.append(WhatIfChange(role: .teacher, person: n.teacher, kind: .added, old: nil, new: WhatIfPlacement(n))) }
        }
        teachers.sort { ($0.person, $0.old?.section ?? $0.new?.section ?? "") < ($1.person, $1.old?.section ?? $1.new?.section ?? "") }
        a.changes = students + teachers
        a.sectionsOpened = newSec.keys.filter { oldSec[$0] == nil }.sorted()
        a.sectionsClosed = oldSec.keys.filter { newSec[$0] == nil }.sorted()
        a.sectionsChanged = newSec.keys.filter { oldSec[$0] != nil && oldSec[$0] != newSec[$0] }.sorted()
    }
}
