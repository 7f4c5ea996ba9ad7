/// The hard rule `lock` (docs/RULES.md): every section, enrolment and bus ride the instance locks
/// is kept. O(locks + sections + assignments + legs of locked students).
extension Checker.Evaluation {
    mutating func judgeLocks() {
        let locks = problem.locks
        guard !locks.isEmpty else { return }
        var byId: [String: Int] = [:]
        for (i, s) in solution.sections.enumerated() where byId[s.id] == nil { byId[s.id] = i }
        for lock in locks.sections {
            guard let x = byId[lock.id] else {
                found.add(.lock, who: lock.id, "section \(lock.id) of course \(courseId(lock.course)) is locked but missing from the solution")
                continue
            }
            let s = solution.sections[x]
            if s.course != lock.course {
                found.add(.lock, who: lock.id, "section \(lock.id) is of course \(courseId(s.course)); the lock says \(courseId(lock.course))")
            }
            if let t = lock.teacher, s.teacher != t {
                found.add(.lock, who: lock.id, "section \(lock.id) is taught by \(teacherId(s.teacher)); the lock keeps \(teacherId(t))")
            }
            if let meetings = lock.meetings {
                func times(_ list: [(Int, Int, Int)]) -> [String] {
                    list.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map { "\(dayId($0.0)) \($0.1 + 1)+\($0.2)" }
                }
                let have = times(s.meetings.map { ($0.day, $0.period, $0.length) })
                let want = times(meetings.map { ($0.day, $0.period, $0.length) })
                if have != want {
                    found.add(.lock, who: lock.id, "section \(lock.id) meets at \(have.joined(separator: ", ")); the lock keeps "
                              + want.joined(separator: ", "))
                }
                for m in meetings {
                    guard let room = m.room else { continue }
                    let kept = s.meetings.contains { $0.day == m.day && $0.period == m.period && $0.length == m.length && $0.room == room }
                    if !kept {
                        found.add(.lock, who: lock.id, day: m.day, period: m.period,
                                  "section \(lock.id) does not meet in room \(roomId(room)) on \(dayId(m.day)) period \(m.period + 1) as locked")
                    }
                }
            }
        }
        for lock in locks.enrolments {
            let flat = solution.requestBase[lock.student] + lock.request
            let a = solution.firstAssignment[flat]
            let want = locks.sections[lock.section].id
            if a < 0 {
                found.add(.lock, who: studentId(lock.student),
                          "request \(lock.request) of student \(studentId(lock.student)) is locked in section \(want) but not granted")
            } else if solution.sections[solution.assignments[a].section].id != want {
                found.add(.lock, who: studentId(lock.student),
                          "request \(lock.request) of student \(studentId(lock.student)) is in section "
                              + "\(solution.sections[solution.assignments[a].section].id); the lock keeps \(want)")
            }
        }
        for lock in locks.busRides {
            let i = solution.studentItinerary[lock.student * problem.dayCount + lock.day]
            let rides = i >= 0 && solution.itineraries[i].legs.contains { $0.busRun == lock.busRun }
            if !rides {
                found.add(.lock, who: studentId(lock.student), day: lock.day,
                          "student \(studentId(lock.student)) does not ride bus run \(busRunId(lock.busRun)) on \(dayId(lock.day)) as locked")
            }
        }
    }
}
