import TimetablingCore
import TimetablingEngines

extension MIPModel {
    /// The decision columns (configs, meeting starts, assignments, join rooms) of `solution`, or
    /// nil when the solution uses something the model has no column for (a section beyond the
    /// candidates, a start or assignment the filters removed, an alternative the model does not use
    /// for that section's type). Sections of one type are numbered in the order the symmetry rows
    /// require (by the slot of their first meeting), meetings of equal length by day (slot).
    ///
    /// Only those columns are returned, as (column, value); the rest (attendance, teaching, paths,
    /// rides, trips, objective terms) follow from them and are completed by a small MIP with these
    /// fixed (``MIPEngine``), which also proves the result feasible for the model.
    ///
    /// Sections whose id is in `pinned` (the locked sections) go to that candidate; the others of
    /// their type fill the remaining candidates in that order.
    /// The model with every decision column fixed: those in `decisions` at their value, every other
    /// config, meeting start and assignment at 0; what remains free follows from them.
    func fixed(at decisions: [(Int, Double)]) -> LinearModel {
        var fixed = lp
        for c in candidates {
            for col in c.configCols { fixed.setBounds(col, lower: 0, upper: 0) }
            for list in c.startCols { for s in list { fixed.setBounds(s.col, lower: 0, upper: 0) } }
        }
        for a in assignments { fixed.setBounds(a.col, lower: 0, upper: 0) }
        for (col, v) in decisions { fixed.setBounds(col, lower: v, upper: v) }
        return fixed
    }

    func decisions(of solution: Solution, pinned: [String: Int] = [:]) -> [(Int, Double)]? {
        let p = problem
        let P = p.periodCount
        var typeIndex: [String: Int] = [:]
        for (k, t) in sets.types.enumerated() { typeIndex[MIPSets.typeKey(course: t.course, mode: t.mode, site: t.site)] = k }
        var candidatesOfType = [[Int]](repeating: [], count: sets.types.count)
        for (i, c) in candidates.enumerated() { candidatesOfType[c.type].append(i) }

        struct Placed { var type: Int; var config: Int; var starts: [MIPSets.Start]; var id: String }
        var placed: [Placed] = []
        for section in solution.sections {
            guard let c = p.courseIndex[section.course], let teacher = p.teacherIndex[section.teacher],
                  let site = p.siteIndex[section.site] else { return nil }
            guard let k = typeIndex[MIPSets.typeKey(course: c, mode: section.mode, site: site)] else { return nil }
            let type = sets.types[k]
            guard let g = type.configs.firstIndex(where: { $0.teacher == teacher && $0.site == site }) else { return nil }
            var meetings: [(length: Int, online: Bool, start: MIPSets.Start)] = []
            for m in section.meetings {
                guard let d = p.dayIndex[m.day], let r = p.roomIndex[m.room] else { return nil }
                meetings.append((m.length, section.mode == .inPerson && m.online == true, MIPSets.Start(room: r, slot: d * P + m.period - 1)))
            }
            // The model's element order: longest first; in person before online; then by slot (which orders days too).
            meetings.sort { MIPSets.precedes(($0.length, $0.online, $0.start.slot), ($1.length, $1.online, $1.start.slot)) }
            guard meetings.map({ MIPSets.key(length: $0.length, online: $0.online) }) == type.keys else { return nil }
            placed.append(Placed(type: k, config: g, starts: meetings.map(\.start), id: section.id))
        }
        var out: [(Int, Double)] = []
        var candidateOf: [String: Int] = [:]
        for k in sets.types.indices {
            let mine = placed.filter { $0.type == k }.sorted { $0.starts[0].slot < $1.starts[0].slot }
            let pinnedHere = Set(pinned.values)
            let free = candidatesOfType[k].filter { !pinnedHere.contains($0) }
            var next = 0
            for sec in mine {
                let ci: Int
                if let c = pinned[sec.id] {
                    guard candidates[c].type == k else { return nil }
                    ci = c
                } else {
                    guard next < free.count else { return nil }
                    ci = free[next]
                    next += 1
                }
                let cand = candidates[ci]
                candidateOf[sec.id] = ci
                out.append((cand.configCols[sec.config], 1))
                for (e, st) in sec.starts.enumerated() {
                    guard let col = cand.startCols[e].first(where: { $0.start == st })?.col else { return nil }
                    out.append((col, 1))
                }
            }
        }
        var assignIndex: [Int: Int] = [:]
        for a in assignments { assignIndex[(a.student << 24) | (a.request << 12) | a.candidate] = a.col }
        for a in solution.assignments {
            guard let s = p.studentIndex[a.student], let ci = candidateOf[a.section],
                  let col = assignIndex[(s << 24) | (a.request << 12) | ci] else { return nil }
            out.append((col, 1))
            if let room = a.onlineRoom, let r = p.roomIndex[room] {
                let choices = joinRooms.filter { $0.student == s && $0.candidate == ci }
                if !choices.isEmpty {
                    guard let j = choices.first(where: { $0.room == r }) else { return nil }
                    out.append((j.col, 1))
                }
            }
        }
        return out
    }
}

extension Solution {
    /// Sections per section type (``MIPSets/typeKey(course:mode:site:)``), for sizing the model
    /// around a warm start.
    func sectionCounts(in problem: Problem) -> [String: Int] {
        var out: [String: Int] = [:]
        for s in sections {
            guard let c = problem.courseIndex[s.course], let site = problem.siteIndex[s.site] else { continue }
            out[MIPSets.typeKey(course: c, mode: s.mode, site: site), default: 0] += 1
        }
        return out
    }
}
