import NetworkTimetabling

/// One timetable built from scratch in a random order, through the library's `SolutionAssembler`.
///
/// Requests are taken required first, then those that earlier restarts left unmet most often
/// ("squeaky wheel"), in an order shuffled by the generator among equals. A request
/// is granted by its first alternative (in rank order) that can either join an open section of
/// the course — one of the kind the alternative asks for, not full, at times the student is free
/// and within the student's daily, weekly and online limits — or open a new one: in person
/// nearest the student's home or online, with a qualified teacher who has the hours and may be
/// there, a room with the course's features (online: a studio) and, meeting by meeting, the time
/// when most of the students still waiting for the course are free too (ties broken by the
/// generator), among the times when the student, the teacher and the room are free. The
/// assembler has the last word on each step: it refuses a step that a person could not travel or
/// that leaves an online student nowhere to join from, and the construction tries the next option.
///
/// Sections left below their course's minimum size are then closed, their students' requests
/// retried in the sections that remain, until none is left below its minimum.
struct Construction {
    let problem: Problem
    var rng: SeededRandom
    var assembler: SolutionAssembler

    /// Per student: lessons (regular and network) each day, in the week, online lessons each day.
    private var dayLoad: [[Int]]
    private var weekLoad: [Int]
    private var onlineDay: [[Int]]
    /// Per teacher: network periods a week.
    private var hours: [Int]
    /// Open sections of each course (indices into the assembler's sections).
    private var courseSections: [[Int]]
    /// Students with a request for each course, to count who is free at a candidate time.
    private let askers: [[Int]]
    /// Per student and request: the reason it has no section yet.
    private var reasons: [[String?]]

    init(problem: Problem, rng: SeededRandom) {
        self.problem = problem
        self.rng = rng
        assembler = SolutionAssembler(problem)
        let days = problem.dayCount, periods = problem.periodCount
        dayLoad = problem.students.map { st in (0..<days).map { d in (0..<periods).filter { st.busy[d * periods + $0] }.count } }
        weekLoad = dayLoad.map { $0.reduce(0, +) }
        onlineDay = problem.students.map { _ in [Int](repeating: 0, count: days) }
        hours = [Int](repeating: 0, count: problem.teachers.count)
        courseSections = [[Int]](repeating: [], count: problem.courses.count)
        var askers = [[Int]](repeating: [], count: problem.courses.count)
        for (s, st) in problem.students.enumerated() {
            for c in Set(st.requests.flatMap { $0.alternatives.map(\.course) }) { askers[c].append(s) }
        }
        self.askers = askers
        reasons = problem.students.map { [String?](repeating: nil, count: $0.requests.count) }
    }

    /// Builds the timetable and returns it as a solution. `misses[s][r]` counts the earlier
    /// restarts that left request `r` of student `s` unmet.
    mutating func run(engine: String, misses: [[Int]]) -> Solution {
        var order: [(student: Int, request: Int)] = []
        for (s, st) in problem.students.enumerated() {
            for r in st.requests.indices { order.append((s, r)) }
        }
        rng.shuffle(&order)
        func key(_ q: (student: Int, request: Int), _ position: Int) -> (Int, Int, Int) {
            (problem.students[q.student].requests[q.request].required ? 0 : 1, -misses[q.student][q.request], position)
        }
        // Ties keep the shuffled order.
        order = order.enumerated().sorted { key($0.element, $0.offset) < key($1.element, $1.offset) }.map(\.element)
        for (s, r) in order { place(student: s, request: r, mayOpen: true) }

        // Close what stayed too small; retry its students in the sections that remain.
        for _ in 0..<4 {
            let small = assembler.sections.indices.filter {
                assembler.size(of: $0) < problem.courses[assembler.sections[$0].course].minSize
            }
            if small.isEmpty { break }
            rebuild(without: Set(small))
            for (s, r) in order where assembler.enrolment(student: s, request: r) == nil {
                place(student: s, request: r, mayOpen: false)
            }
        }
        let reasons = self.reasons
        return assembler.solution(engine: engine) { s, r in
            reasons[s][r] ?? "no open section fits, and none could be opened at a time when the student, a qualified teacher and a room are free"
        }
    }

    // MARK: - One request

    private mutating func place(student s: Int, request r: Int, mayOpen: Bool) {
        let st = problem.students[s]
        for (k, alt) in st.requests[r].alternatives.enumerated() {
            let course = problem.courses[alt.course]
            if !course.grades.isEmpty && !course.grades.contains(st.grade) {
                note(s, r, "course \(problem.instance.courses[alt.course].id) is not open to grade \(st.grade)")
                continue
            }
            if join(student: s, request: r, alternative: k) { return }
            if mayOpen && open(student: s, request: r, alternative: k) { return }
        }
    }

    private mutating func note(_ s: Int, _ r: Int, _ reason: String) { reasons[s][r] = reason }

    /// Joins an open section of the kind the alternative asks for; the emptiest first, so that
    /// sections reach their minimum size.
    private mutating func join(student s: Int, request r: Int, alternative k: Int) -> Bool {
        let alt = problem.students[s].requests[r].alternatives[k]
        let candidates = courseSections[alt.course].sorted { assembler.size(of: $0) < assembler.size(of: $1) }
        for x in candidates {
            let section = assembler.sections[x]
            guard matches(alt, section), assembler.size(of: x) < limit(of: section),
                  fits(student: s, meetings: section.meetings, online: section.mode == .online)
            else { continue }
            do {
                try assembler.enrol(.init(student: s, request: r, alternative: k, section: x))
            } catch {
                note(s, r, error.message)
                continue
            }
            book(student: s, section: section)
            return true
        }
        return false
    }

    /// Opens a section for the request and enrols the student in it.
    private mutating func open(student s: Int, request r: Int, alternative k: Int) -> Bool {
        let st = problem.students[s]
        let alt = st.requests[r].alternatives[k]
        let c = alt.course, course = problem.courses[c]
        if let most = course.maxSections, courseSections[c].count >= most { return false }
        var modes: [DeliveryMode] = alt.mode.map { [$0] } ?? [.inPerson, .online]
        modes.removeAll { ($0 == .online && (!course.online || !st.mayAttendOnline)) || ($0 == .inPerson && course.inPersonSites.isEmpty) }
        var teachers = course.teachers.filter { hours[$0] + course.weeklyPeriods <= problem.teachers[$0].maxWeeklyPeriods }
        rng.shuffle(&teachers)
        for mode in modes {
            for t in teachers {
                for site in sites(mode: mode, alternative: alt, student: s, teacher: t) {
                    let rooms = rooms(mode: mode, course: c, site: site)
                    if rooms.isEmpty { continue }
                    // When the assembler finds that someone cannot travel on a day, try other days.
                    var avoid = Set<Int>()
                    for _ in 0..<3 {
                        guard let meetings = times(course: c, student: s, teacher: t, rooms: rooms, online: mode == .online, avoiding: avoid),
                              fits(student: s, meetings: meetings, online: mode == .online)
                        else { break }
                        let section = IndexedSolution.Section(course: c, teacher: t, mode: mode, site: site, meetings: meetings)
                        // Try the step on a copy: keep it only if the section opens and the student can join.
                        var trial = assembler
                        do {
                            let x = try trial.open(section)
                            try trial.enrol(.init(student: s, request: r, alternative: k, section: x))
                            assembler = trial
                            courseSections[c].append(x)
                            hours[t] += course.weeklyPeriods
                            book(student: s, section: section)
                            return true
                        } catch {
                            note(s, r, error.message)
                            guard let day = error.day, avoid.insert(day).inserted else { break }
                        }
                    }
                }
            }
        }
        return false
    }

    // MARK: - Choices

    /// Sites a new section of this mode may be at: in person the alternative's site or the
    /// course's sites, nearest the student first; online the teacher's home, else a site the
    /// teacher may go to, if it has a studio.
    private func sites(mode: DeliveryMode, alternative alt: Problem.AlternativeData, student s: Int, teacher t: Int) -> [Int] {
        let teacher = problem.teachers[t], home = problem.students[s].home
        func allowed(_ site: Int) -> Bool { site == teacher.home || teacher.maySite[site] }
        switch mode {
        case .inPerson:
            let course = problem.courses[alt.course]
            let sites = (alt.site.map { [$0] } ?? course.inPersonSites).filter { course.inPersonSites.contains($0) && allowed($0) }
            return sites.sorted { (problem.travel(from: home, to: $0) ?? Int.max, $0) < (problem.travel(from: home, to: $1) ?? Int.max, $1) }
        case .online:
            guard teacher.mayTeachOnline else { return [] }
            return ([teacher.home] + (0..<problem.siteCount).filter { $0 != teacher.home && allowed($0) })
                .filter { site in problem.rooms.contains { $0.site == site && $0.isOnlineStudio } }
        }
    }

    private func rooms(mode: DeliveryMode, course c: Int, site: Int) -> [Int] {
        let course = problem.courses[c]
        return problem.rooms.indices.filter { r in
            let room = problem.rooms[r]
            guard room.site == site else { return false }
            return mode == .online ? room.isOnlineStudio
                : course.roomFeatures.isSubset(of: room.features) && room.capacity >= course.minSize
        }
    }

    /// Meeting times for a new section on days not in `avoid`, longest meeting first: for each, among the starts when the
    /// student, the teacher and one of the rooms are free (online, and the student may not join from
    /// home: a computer room of the student's home site too), the one when most students asking for
    /// the course are free too. Nil when some meeting has no such start.
    private mutating func times(course c: Int, student s: Int, teacher t: Int, rooms: [Int], online: Bool,
                                avoiding avoid: Set<Int>) -> [IndexedSolution.Meeting]? {
        let course = problem.courses[c]
        let st = problem.students[s]
        let joinRooms = online && !st.onlineFromHome
            ? problem.rooms.indices.filter { problem.rooms[$0].site == st.home && problem.rooms[$0].computerSeats > 0 } : []
        var chosen: [IndexedSolution.Meeting] = []
        for length in course.pattern.sorted(by: >) {
            var best: (meeting: IndexedSolution.Meeting, score: Int)?
            var starts: [(day: Int, period: Int)] = []
            for d in 0..<problem.dayCount where !avoid.contains(d) && !(course.distinctDays && chosen.contains { $0.day == d }) {
                for p in 0...max(problem.periodCount - length, 0) where p + length <= problem.periodCount { starts.append((d, p)) }
            }
            rng.shuffle(&starts)
            for (d, p) in starts {
                let periods = p..<(p + length)
                if chosen.contains(where: { $0.day == d && $0.periods.overlaps(periods) }) { continue }
                guard periods.allSatisfy({ assembler.isFree(.student(s), day: d, period: $0) && assembler.isFree(.teacher(t), day: d, period: $0) }),
                      let room = rooms.first(where: { r in periods.allSatisfy { assembler.isFree(.room(r), day: d, period: $0) } }),
                      joinRooms.isEmpty || joinRooms.contains(where: { r in
                          r != room && periods.allSatisfy { assembler.freeComputerSeats(room: r, day: d, period: $0) > 0 } })
                else { continue }
                let score = askers[c].filter { other in periods.allSatisfy { assembler.isFree(.student(other), day: d, period: $0) } }.count
                if best.map({ score > $0.score }) ?? true { best = (IndexedSolution.Meeting(day: d, period: p, length: length, room: room), score) }
            }
            guard let best else { return nil }
            chosen.append(best.meeting)
        }
        return chosen
    }

    // MARK: - The student's limits

    private func matches(_ alt: Problem.AlternativeData, _ section: IndexedSolution.Section) -> Bool {
        if section.course != alt.course { return false }
        if let mode = alt.mode, section.mode != mode { return false }
        if let site = alt.site, section.mode != .inPerson || section.site != site { return false }
        return true
    }

    /// The most students a section may hold: the course's maximum and, in person, its rooms' seats.
    private func limit(of section: IndexedSolution.Section) -> Int {
        var most = problem.courses[section.course].maxSize
        if section.mode == .inPerson { for m in section.meetings { most = min(most, problem.rooms[m.room].capacity) } }
        return most
    }

    /// Whether the student is free at the meetings and stays within the daily, weekly and online limits.
    private func fits(student s: Int, meetings: [IndexedSolution.Meeting], online: Bool) -> Bool {
        guard problem.students[s].mayAttendOnline || !online else { return false }
        var adding = [Int](repeating: 0, count: problem.dayCount)
        for m in meetings {
            for p in m.periods where !assembler.isFree(.student(s), day: m.day, period: p) { return false }
            adding[m.day] += m.length
        }
        if weekLoad[s] + adding.reduce(0, +) > problem.maxLessonsPerWeek(student: s) { return false }
        for d in adding.indices where adding[d] > 0 {
            if dayLoad[s][d] + adding[d] > problem.maxLessonsPerDay(student: s) { return false }
            if online && onlineDay[s][d] + adding[d] > problem.maxOnlineLessonsPerDay { return false }
        }
        return true
    }

    private mutating func book(student s: Int, section: IndexedSolution.Section) {
        for m in section.meetings {
            dayLoad[s][m.day] += m.length
            weekLoad[s] += m.length
            if section.mode == .online { onlineDay[s][m.day] += m.length }
        }
    }

    // MARK: - Closing small sections

    /// Starts again from the sections and enrolments made so far, without the sections `closed`
    /// and their students.
    private mutating func rebuild(without closed: Set<Int>) {
        let old = assembler, reasons = self.reasons
        self = Construction(problem: problem, rng: rng)
        self.reasons = reasons
        var moved: [Int: Int] = [:]
        for (x, section) in old.sections.enumerated() where !closed.contains(x) {
            guard let y = try? assembler.open(section) else { continue }
            moved[x] = y
            courseSections[section.course].append(y)
            hours[section.teacher] += problem.courses[section.course].weeklyPeriods
        }
        for e in old.enrolments {
            guard let y = moved[e.section] else { continue }
            var kept = e
            kept.section = y
            if (try? assembler.enrol(kept)) != nil { book(student: e.student, section: assembler.sections[y]) }
        }
    }
}

extension Error {
    /// The assembler's sentence for people, or the error's description.
    var message: String { (self as? AssemblyError)?.message ?? String(describing: self) }
}
