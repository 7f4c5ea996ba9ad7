/// Gives the sections of a solution the ids they had in the reference solution (and the ids the
/// instance's locks name), so that a re-planned timetable reads like the published one: a
/// section that continues keeps its id, a new one gets a fresh `course/n` id no other section
/// had. Engines that do not track ids call it before returning a solution of a problem with
/// locks or a reference.
///
/// Matching, in order: each locked section takes the unnamed section of its course that keeps
/// every locked part, preferring the one with most of its locked enrolments; each reference
/// section takes the unnamed section of its course, mode and site sharing most of its students
/// (or, with none shared, the same meeting times and teacher). O(sections² + assignments).
public enum SectionNaming {
    public static func apply(_ solution: Solution, problem: Problem) -> Solution {
        let locks = problem.locks
        let reference = problem.reference
        guard !locks.isEmpty || reference != nil else { return solution }
        let inst = problem.instance
        var out = solution
        let n = out.sections.count
        var newId = [String?](repeating: nil, count: n)
        var taken = Set<String>()
        // Members of each section, as "student#request".
        var members = [Set<String>](repeating: [], count: n)
        var position: [String: Int] = [:]
        for (i, s) in out.sections.enumerated() where position[s.id] == nil { position[s.id] = i }
        for a in out.assignments { if let i = position[a.section] { members[i].insert("\(a.student)#\(a.request)") } }
        func times(_ ms: [Solution.Meeting]) -> [String] { ms.map { "\($0.day) \($0.period) \($0.length)" }.sorted() }

        for lock in locks.sections {
            let course = inst.courses[lock.course].id
            var wanted = Set<String>()
            for e in locks.enrolments where locks.sections[e.section].id == lock.id {
                wanted.insert("\(inst.students[e.student].id)#\(e.request)")
            }
            var best: (i: Int, score: Int)?
            for (i, s) in out.sections.enumerated() where newId[i] == nil && s.course == course {
                if let t = lock.teacher, s.teacher != inst.teachers[t].id { continue }
                if let ms = lock.meetings {
                    let want = ms.map { "\(inst.calendar.days[$0.day]) \($0.period + 1) \($0.length)" }.sorted()
                    if times(s.meetings) != want { continue }
                    let roomsKept = ms.allSatisfy { m in
                        m.room.map { r in s.meetings.contains { $0.day == inst.calendar.days[m.day] && $0.period == m.period + 1 && $0.room == inst.rooms[r].id } } ?? true
                    }
                    if !roomsKept { continue }
                }
                let score = members[i].intersection(wanted).count * 1000 + (s.id == lock.id ? 1 : 0)
                if best.map({ score > $0.score }) ?? true { best = (i, score) }
            }
            if let best, !taken.contains(lock.id) {
                newId[best.i] = lock.id
                taken.insert(lock.id)
            }
        }
        if let reference {
            var refMembers: [String: Set<String>] = [:]
            for a in reference.assignments { refMembers[a.section, default: []].insert("\(a.student)#\(a.request)") }
            for r in reference.sections where !taken.contains(r.id) {
                let shared = refMembers[r.id] ?? []
                var best: (i: Int, score: Int)?
                for (i, s) in out.sections.enumerated() where newId[i] == nil && s.course == r.course && s.mode == r.mode && s.site == r.site {
                    let common = members[i].intersection(shared).count
                    let sameTimes = times(s.meetings) == times(r.meetings)
                    guard common > 0 || sameTimes else { continue }
                    let score = common * 100 + (sameTimes ? 10 : 0) + (s.teacher == r.teacher ? 1 : 0)
                    if best.map({ score > $0.score }) ?? true { best = (i, score) }
                }
                if let best {
                    newId[best.i] = r.id
                    taken.insert(r.id)
                }
            }
            for r in reference.sections { taken.insert(r.id) }
        }
        for lock in locks.sections { taken.insert(lock.id) }
        var counter: [String: Int] = [:]
        for i in 0..<n where newId[i] == nil {
            let course = out.sections[i].course
            var k = counter[course, default: 0]
            var id: String
            repeat {
                k += 1
                id = "\(course)/\(k)"
            } while taken.contains(id)
            counter[course] = k
            taken.insert(id)
            newId[i] = id
        }
        var rename: [String: String] = [:]
        for i in 0..<n {
            rename[out.sections[i].id] = newId[i]!
            out.sections[i].id = newId[i]!
        }
        for k in out.assignments.indices { out.assignments[k].section = rename[out.assignments[k].section] ?? out.assignments[k].section }
        return out
    }
}
