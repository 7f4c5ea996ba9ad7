/// Rules about each person's week, slot by slot: `student-clash`, `teacher-clash`,
/// `hygiene-daily`, `hygiene-weekly`, `online-daily-limit`; it also measures gaps and hands
/// each person's day to the itinerary rules (``judgeDay(_:)``).
///
/// One person at a time on reused slot buffers: O(people × slots + meeting periods) time and
/// O(slots) extra memory, whatever the number of students.
extension Checker.Evaluation {
    /// One person's week being judged: where they are in each slot.
    struct Week {
        /// Per slot: in a regular (student) or own-school (teacher) lesson, at home.
        var busy: [Bool]
        /// Per slot: network lessons attended or taught.
        var network: [Int]
        /// Per slot: of those, online lessons (students only).
        var online: [Int]
        /// Per slot: the site the person is at, or -1 when free.
        var site: [Int]

        init(slots: Int) {
            busy = [Bool](repeating: false, count: slots)
            network = [Int](repeating: 0, count: slots)
            online = [Int](repeating: 0, count: slots)
            site = [Int](repeating: -1, count: slots)
        }

        mutating func reset(busy regular: [Bool], home: Int) {
            for k in busy.indices {
                busy[k] = regular[k]
                network[k] = 0
                online[k] = 0
                site[k] = regular[k] ? home : -1
            }
        }

        /// Adds a meeting at `site`; the first commitment of a slot decides where the person is.
        mutating func add(_ m: IndexedSolution.Meeting, at site: Int, online isOnline: Bool, problem: Problem) {
            for k in 0..<m.length {
                let slot = problem.slot(day: m.day, period: m.period + k)
                network[slot] += 1
                if isOnline { online[slot] += 1 }
                if self.site[slot] < 0 { self.site[slot] = site }
            }
        }
    }

    mutating func judgeStudents() {
        var week = Week(slots: problem.slotCount)
        for (s, student) in problem.students.enumerated() {
            week.reset(busy: student.busy, home: student.home)
            for a in solution.assignmentsByStudent[s] {
                let section = solution.sections[solution.assignments[a].section]
                for m in section.meetings {
                    // Online meetings (blended courses' too) are attended from home: no travel that day.
                    let online = section.heldOnline(m)
                    week.add(m, at: online ? student.home : section.site, online: online, problem: problem)
                }
            }
            let who = studentId(s)
            judgeClashes(week, rule: .studentClash, who: who, role: "student")
            var total = 0
            for d in 0..<problem.dayCount {
                var lessons = 0, online = 0
                for p in 0..<problem.periodCount {
                    let slot = problem.slot(day: d, period: p)
                    lessons += (week.busy[slot] ? 1 : 0) + week.network[slot]
                    online += week.online[slot]
                }
                total += lessons
                if lessons > student.maxLessonsPerDay {
                    found.add(.hygieneDaily, who: who, day: d,
                              "student \(who) has \(lessons) lessons on \(dayId(d)), limit \(student.maxLessonsPerDay) for grade \(student.grade)")
                }
                if online > problem.maxOnlineLessonsPerDay {
                    found.add(.onlineDailyLimit, who: who, day: d,
                              "student \(who) has \(online) online lessons on \(dayId(d)), limit \(problem.maxOnlineLessonsPerDay)")
                }
                measures.studentGaps += gaps(week, day: d)
                judgeDay(PersonDay(role: .student, person: s, who: who, day: d, home: student.home,
                                   latestReturn: student.latestReturn), sites: week.site)
            }
            if total > student.maxLessonsPerWeek {
                found.add(.hygieneWeekly, who: who,
                          "student \(who) has \(total) lessons a week, limit \(student.maxLessonsPerWeek) for grade \(student.grade)")
            }
        }
    }

    mutating func judgeTeachers() {
        var week = Week(slots: problem.slotCount)
        for (t, teacher) in problem.teachers.enumerated() {
            week.reset(busy: teacher.busy, home: teacher.home)
            for s in solution.sectionsByTeacher[t] {
                let section = solution.sections[s]
                for m in section.meetings { week.add(m, at: section.site, online: false, problem: problem) }
            }
            let who = teacherId(t)
            judgeClashes(week, rule: .teacherClash, who: who, role: "teacher")
            for d in 0..<problem.dayCount {
                measures.teacherGaps += gaps(week, day: d)
                judgeDay(PersonDay(role: .teacher, person: t, who: who, day: d, home: teacher.home,
                                   latestReturn: teacher.latestReturn), sites: week.site)
            }
        }
    }

    private mutating func judgeClashes(_ week: Week, rule: HardRule, who: String, role: String) {
        let regular = role == "student" ? "a regular lesson" : "an own-school lesson"
        for slot in week.network.indices where week.network[slot] > 1 || (week.network[slot] > 0 && week.busy[slot]) {
            let d = slot / problem.periodCount, p = slot % problem.periodCount
            let n = week.network[slot]
            let message = week.busy[slot]
                ? "\(role) \(who) has \(n) network lesson\(n == 1 ? "" : "s") during \(regular) on \(dayId(d)) period \(p + 1)"
                : "\(role) \(who) has \(n) network lessons at once on \(dayId(d)) period \(p + 1)"
            found.add(rule, who: who, day: d, period: p, message)
        }
    }

    /// Free periods between the first and the last occupied period of a day.
    private func gaps(_ week: Week, day: Int) -> Int {
        var first = -1, last = -1, occupied = 0
        for p in 0..<problem.periodCount {
            let slot = problem.slot(day: day, period: p)
            if week.busy[slot] || week.network[slot] > 0 {
                if first < 0 { first = p }
                last = p
                occupied += 1
            }
        }
        return first < 0 ? 0 : last - first + 1 - occupied
    }
}
