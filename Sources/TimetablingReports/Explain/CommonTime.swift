import TimetablingCore
/// The most students of a group who are free together at every meeting of a course, over all
/// ways of placing the course's meetings in the week at times when at least one of the given
/// teachers is free too (no own-school lesson, no network lesson) and one of the given rooms
/// is unused (no regular use, no meeting, nobody joining online from it).
///
/// A branch-and-bound search over meeting starts with bit sets of students: a placement's
/// students are the intersection of the students free at each of its meetings, so a partial
/// placement is abandoned as soon as its intersection is no larger than the best found. The
/// search stops early once `atLeast` students are found, and gives up (returns `nil`, so that
/// no claim is made) after a fixed number of steps.
struct CommonTime {
    let view: IndexedSolution
    let course: Problem.CourseData
    let students: [Int]
    let teachers: [Int]
    let rooms: [Int]
    /// Search steps before giving up.
    var budget = 400_000

    private struct Start {
        var day: Int
        var period: Int
        var length: Int
        var students: [UInt64]
        var teachers: UInt64
    }

    func best(atLeast target: Int) -> Int? {
        let problem = view.problem
        let words = (students.count + 63) / 64
        guard words > 0 else { return 0 }
        let tutors = Array(teachers.prefix(64))
        var studentFree = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: problem.slotCount)
        for (i, s) in students.enumerated() {
            let net = view.networkSlots(student: s)
            for slot in 0..<problem.slotCount where !problem.students[s].busy[slot] && net[slot].isEmpty {
                studentFree[slot][i / 64] |= 1 << UInt64(i % 64)
            }
        }
        var teacherFree = [UInt64](repeating: 0, count: problem.slotCount)
        for (i, t) in tutors.enumerated() {
            let teaching = view.teachingSlots(teacher: t)
            for slot in 0..<problem.slotCount where !problem.teachers[t].busy[slot] && teaching[slot].isEmpty {
                teacherFree[slot] |= 1 << UInt64(i)
            }
        }
        func roomFree(_ r: Int, _ slot: Int) -> Bool {
            let key = r * problem.slotCount + slot
            return !problem.rooms[r].busy[slot] && view.roomMeetings[key].isEmpty && view.roomJoiners[key].isEmpty
        }
        // Candidate starts per meeting length.
        var starts: [Int: [Start]] = [:]
        for length in Set(course.pattern) where length <= problem.periodCount {
            var list: [Start] = []
            for d in 0..<problem.dayCount {
                for p in 0...(problem.periodCount - length) {
                    var bits = [UInt64](repeating: ~0, count: words)
                    var mask: UInt64 = ~0
                    for k in p..<(p + length) {
                        let slot = problem.slot(day: d, period: k)
                        for w in 0..<words { bits[w] &= studentFree[slot][w] }
                        mask &= teacherFree[slot]
                    }
                    let slots = (p..<(p + length)).map { problem.slot(day: d, period: $0) }
                    let room = rooms.contains { r in slots.allSatisfy { roomFree(r, $0) } }
                    if room && mask != 0 && bits.contains(where: { $0 != 0 }) {
                        list.append(Start(day: d, period: p, length: length, students: bits, teachers: mask))
                    }
                }
            }
            starts[length] = list
        }
        let lengths = course.pattern.sorted(by: >)
        var best = 0
        var steps = 0
        var exhausted = false
        var usedDay = [Bool](repeating: false, count: problem.dayCount)
        var occupied = [Bool](repeating: false, count: problem.slotCount)

        func count(_ bits: [UInt64]) -> Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }

        func place(_ k: Int, _ bits: [UInt64], _ mask: UInt64, from first: Int) {
            if best >= target || exhausted { return }
            steps += 1
            if steps > budget { exhausted = true; return }
            let n = count(bits)
            if n <= best { return }
            if k == lengths.count { best = n; return }
            let list = starts[lengths[k]] ?? []
            // Equal lengths in a row are placed in increasing start order, to skip permutations.
            let lower = k > 0 && lengths[k] == lengths[k - 1] ? first : 0
            for i in lower..<list.count {
                let st = list[i]
                if course.distinctDays && usedDay[st.day] { continue }
                let slots = (st.period..<(st.period + st.length)).map { problem.slot(day: st.day, period: $0) }
                if slots.contains(where: { occupied[$0] }) { continue }
                let m = mask & st.teachers
                if m == 0 { continue }
                var next = bits
                for w in 0..<words { next[w] &= st.students[w] }
                if course.distinctDays { usedDay[st.day] = true }
                for s in slots { occupied[s] = true }
                place(k + 1, next, m, from: i + 1)
                for s in slots { occupied[s] = false }
                if course.distinctDays { usedDay[st.day] = false }
            }
        }
        var all = [UInt64](repeating: ~0, count: words)
        if students.count % 64 != 0 { all[words - 1] = (1 << UInt64(students.count % 64)) - 1 }
        place(0, all, ~0, from: 0)
        if exhausted && best < target { return nil }
        return best
    }
}
