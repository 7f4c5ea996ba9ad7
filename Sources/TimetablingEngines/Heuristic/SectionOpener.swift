import TimetablingCore

/// Opening a new section for a request: an alternative, a way (in person at a reachable site, or
/// online), a teacher with hours left and a time for every meeting, chosen so that as many
/// waiting students as possible can join; then the section is filled with them. Both methods
/// open sections through it (``SearchMoves/insert(_:allowOpening:)``, the annealing's `open`
/// move, the large-neighbourhood search's `unmetOpen` operator); the ejection
/// (``EjectionMove``) uses its candidates and scoring.
///
/// An opening either leaves a settled state with a section reaching the course's minimum size,
/// or no change; ``counters`` says how each attempt ended.
final class SectionOpener {
    let m: SearchModel
    let state: SearchState
    let rng: SearchRandomStream
    /// How the attempts ended.
    @exclusivity(unchecked) var counters = OpeningCounters()

    init(model: SearchModel, state: SearchState, rng: SearchRandomStream) {
        m = model
        self.state = state
        self.rng = rng
    }

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
        let usable = m.alternatives(q).filter { m.altUsable[$0] }
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
              state.stWeek[s] + m.courseWeekly[c] <= m.maxWeek[s]
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
        counters.tried += 1
        guard ways > 0 else { counters.noTeacher += 1; return false }
        let usable = first.map { way in
            (t: way.t, site: way.site,
             rooms: online ? m.studioRooms[Int(way.site)] : m.courseRooms[c][siteIndex ?? m.courseSites[c].firstIndex(of: way.site)!])
        }
        guard !usable.isEmpty else { counters.noTime += 1; return false }
        let candidates = coRequesters(of: q, course: c, online: online, site: site, pulling: pulling)
        let grid = candidateGrid(candidates, course: c, online: online)
        for (t, at, rooms) in usable {
            // A second try avoids the days the first could not travel.
            var excluded: UInt64 = 0
            for _ in 0..<2 {
                guard let meets = chooseTimes(student: s, course: c, teacher: t, online: online, rooms: rooms, grid: grid,
                                              excludedDays: excluded)
                else {
                    counters.noTime += 1
                    break
                }
                let mark = state.checkpoint()
                guard let x = state.open(course: c, teacher: t, online: online, site: at, meets: meets) else {
                    counters.refused += 1
                    break
                }
                guard state.assign(q, alt: a, section: x) else {
                    state.undo(to: mark)
                    counters.refused += 1
                    break
                }
                let failed = state.settle(stopAtFailure: false)
                if !failed.isEmpty {
                    counters.noTravel += 1
                    state.undo(to: mark)
                    let before = excluded
                    for f in failed { excluded |= UInt64(1) << UInt64((f >= 0 ? f : -f - 1) % state.D) }
                    if excluded == before { break }
                    continue
                }
                fill(x, with: candidates)
                if state.secMembers[x].count >= Int(m.courseMin[c]) {
                    counters.opened += 1
                    return true
                }
                counters.tooFew += 1
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
                    if state.stDay[s2 * D + d] + Int32(len) > m.maxDay[s2] { continue }
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
                if state.stDay[s * D + d] + length > m.maxDay[s] { continue }
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
        // A blended course's in-person section: its online meetings are taught from a studio of the site.
        let blended = !online && m.courseBlended[c]
        let studios = blended ? (rooms.first.map { m.studioRooms[Int(m.roomSite[Int($0)])] } ?? []) : []
        for (index, length) in m.coursePattern[c].enumerated() {
            let len = Int(length)
            let meetOnline = blended && m.coursePatternOnline[c][index]
            let held = online || meetOnline
            let meetRooms = meetOnline ? studios : rooms
            var best: Meet?
            var bestScore = -Double.infinity
            for d in 0..<D {
                if excludedDays & (UInt64(1) << UInt64(d)) != 0 { continue }
                if m.courseDistinct[c] && chosen.contains(where: { Int($0.day) == d }) { continue }
                var sameDay: Int32 = 0
                for mt in chosen where Int(mt.day) == d { sameDay += mt.length }
                let di = s * D + d
                if state.stDay[di] + sameDay + length > m.maxDay[s] { continue }
                if held {
                    var sameDayOnline: Int32 = 0
                    for mt in chosen where Int(mt.day) == d && (online || mt.online) { sameDayOnline += mt.length }
                    if state.stOnline[di] + sameDayOnline + length > m.maxOnlineDay { continue }
                }
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
                    if held && !state.canJoinOnline(s, day: Int32(d), period: Int32(p), length: length) { continue periods }
                    var room: Int32 = -1
                    rooms: for r in meetRooms {
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
                        best = Meet(day: Int32(d), period: Int32(p), length: length, room: room, online: meetOnline)
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
}
