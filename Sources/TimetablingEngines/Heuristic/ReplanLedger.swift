import TimetablingCore
/// The re-planning part of a search state: the change terms measured against the problem's
/// reference solution and the locks of the instance, kept up to date by hooks in the state's
/// primitives (delta evaluation: each hook costs O(what the primitive touched)).
///
/// - Per request granted in the reference: moved (lost, or another time, mode or site), changed
///   (another teacher or room), or kept — recomputed when the request is placed or removed and
///   when its section moves or changes teacher.
/// - Per teacher and slot: whether the network lesson there (course and site) differs.
/// - Per person and day: whether the legs differ.
/// - Locks: sections pinned to state sections (by content, see ``pin(_:)``), requests pinned to
///   those sections, bus rides per student day; ``SearchTerms/lockBroken`` counts the ones not kept.
///   Pinned sections refuse meeting moves and teacher changes the lock forbids.
final class ReplanLedger {
    struct RefSection {
        var course: Int32
        var online: Bool
        var site: Int32
        /// Sorted `slot * 64 + length`.
        var times: [Int]
        var teacher: Int32
        /// Sorted `(slot * 64 + length) * rooms + room`.
        var rooms: [Int]
    }

    let m: SearchModel
    let hasReference: Bool
    let S: Int, D: Int
    // Reference
    var refSections: [RefSection] = []
    /// Per request: index into `refSections`, -1 when not granted in the reference.
    var refOf: [Int32]
    var status: [Int8]
    /// `t * S + slot`: course * sites + site of the reference lesson, -1 none.
    var refTeacher: [Int32]
    var teacherDiffers: [Bool]
    var refStudentLegs: [[PlannedLeg]]
    var refTeacherLegs: [[PlannedLeg]]
    var studentDayDiffers: [Bool]
    var teacherDayDiffers: [Bool]
    // Locks
    /// Per state section: index of the section lock pinned to it, -1 none.
    var pinnedLock: [Int32] = []
    /// Per request: the state section it is locked in, -1 none; whether it is there.
    var pinRequest: [Int32]
    var pinKept: [Bool]
    /// Per student day: bus runs the student must ride; whether they are ridden.
    var rides: [Int: [Int32]] = [:]
    var ridesKept: [Int: Bool] = [:]

    init(model: SearchModel) {
        m = model
        let p = model.problem
        S = model.slotCount
        D = model.dayCount
        hasReference = p.reference != nil
        let nq = model.requestCount
        refOf = [Int32](repeating: -1, count: nq)
        status = [Int8](repeating: 0, count: nq)
        refTeacher = [Int32](repeating: -1, count: model.teacherCount * S)
        teacherDiffers = [Bool](repeating: false, count: model.teacherCount * S)
        refStudentLegs = [[PlannedLeg]](repeating: [], count: model.studentCount * D)
        refTeacherLegs = [[PlannedLeg]](repeating: [], count: model.teacherCount * D)
        studentDayDiffers = [Bool](repeating: false, count: model.studentCount * D)
        teacherDayDiffers = [Bool](repeating: false, count: model.teacherCount * D)
        pinRequest = [Int32](repeating: -1, count: nq)
        pinKept = [Bool](repeating: false, count: nq)
        for ride in p.locks.busRides {
            rides[ride.student * D + ride.day, default: []].append(Int32(ride.busRun))
            ridesKept[ride.student * D + ride.day] = false
        }
        guard let ref = p.reference else { return }
        var sectionOf: [String: Int] = [:]
        for sec in ref.sections {
            guard sectionOf[sec.id] == nil, let c = p.courseIndex[sec.course], let t = p.teacherIndex[sec.teacher],
                  let site = p.siteIndex[sec.site]
            else { continue }
            var times: [Int] = [], rooms: [Int] = []
            for mt in sec.meetings {
                guard let d = p.dayIndex[mt.day], let r = p.roomIndex[mt.room] else { continue }
                let slot = d * model.periodCount + mt.period - 1
                times.append(slot * 64 + mt.length)
                rooms.append((slot * 64 + mt.length) * model.roomCount + r)
                for k in 0..<mt.length where slot + k < S && slot + k >= 0 {
                    let i = t * S + slot + k
                    if refTeacher[i] < 0 { refTeacher[i] = Int32(c * model.siteCount + site) }
                }
            }
            sectionOf[sec.id] = refSections.count
            refSections.append(RefSection(course: Int32(c), online: sec.mode == .online, site: Int32(site), times: times.sorted(),
                                          teacher: Int32(t), rooms: rooms.sorted()))
        }
        for a in ref.assignments {
            guard let s = p.studentIndex[a.student], a.request >= 0, a.request < p.students[s].requests.count,
                  let x = sectionOf[a.section]
            else { continue }
            let q = Int(model.studentFirstRequest[s]) + a.request
            if refOf[q] < 0 { refOf[q] = Int32(x) }
        }
        func legs(_ list: [Solution.Leg]) -> [PlannedLeg] {
            list.compactMap { l in
                guard let f = p.siteIndex[l.from], let t = p.siteIndex[l.to], let dep = ClockTime.minutes(l.depart),
                      let arr = ClockTime.minutes(l.arrive)
                else { return nil }
                let run = l.busRun.flatMap { p.busRunIndex[$0] } ?? -1
                return PlannedLeg(from: Int32(f), to: Int32(t), depart: Int32(dep), arrive: Int32(arr), run: Int32(run), fromStop: 0, toStop: 0)
            }
        }
        for it in ref.itineraries where !it.legs.isEmpty {
            guard let d = p.dayIndex[it.day] else { continue }
            switch it.role {
            case .student: if let s = p.studentIndex[it.person] { refStudentLegs[s * D + d] = legs(it.legs) }
            case .teacher: if let t = p.teacherIndex[it.person] { refTeacherLegs[t * D + d] = legs(it.legs) }
            }
        }
    }

    /// The change terms of the empty state (nothing placed, no legs).
    func initialize(_ terms: inout SearchTerms) {
        for q in refOf.indices where refOf[q] >= 0 {
            status[q] = 2
            terms.movedEnrolments += 1
        }
        for i in refTeacher.indices where refTeacher[i] >= 0 {
            teacherDiffers[i] = true
            terms.changedTeacherPeriods += 1
        }
        for i in refStudentLegs.indices where !refStudentLegs[i].isEmpty {
            studentDayDiffers[i] = true
            terms.changedRoutes += 1
        }
        for i in refTeacherLegs.indices where !refTeacherLegs[i].isEmpty {
            teacherDayDiffers[i] = true
            terms.changedRoutes += 1
        }
    }

    // MARK: - Hooks

    /// The status of request `q` in the state: 0 kept, 1 other teacher or room, 2 moved or lost.
    func currentStatus(_ q: Int, _ st: SearchState) -> Int8 {
        let r = Int(refOf[q])
        guard r >= 0 else { return 0 }
        let x = Int(st.reqSection[q])
        guard x >= 0 else { return 2 }
        let ref = refSections[r]
        guard st.secCourse[x] == ref.course, st.secOnline[x] == ref.online, st.secSite[x] == ref.site else { return 2 }
        let meets = st.secMeets[x]
        guard meets.count == ref.times.count else { return 2 }
        var times: [Int] = [], rooms: [Int] = []
        times.reserveCapacity(meets.count)
        for mt in meets {
            let key = m.slot(mt.day, mt.period) * 64 + Int(mt.length)
            times.append(key)
            rooms.append(key * m.roomCount + Int(mt.room))
        }
        times.sort()
        guard times == ref.times else { return 2 }
        rooms.sort()
        return st.secTeacher[x] == ref.teacher && rooms == ref.rooms ? 0 : 1
    }

    @inline(__always) func refresh(_ q: Int, _ st: SearchState) {
        let new = currentStatus(q, st), old = status[q]
        guard new != old else { return }
        if old == 2 { st.terms.movedEnrolments -= 1 } else if old == 1 { st.terms.changedEnrolments -= 1 }
        if new == 2 { st.terms.movedEnrolments += 1 } else if new == 1 { st.terms.changedEnrolments += 1 }
        status[q] = new
    }

    /// Request `q` was placed in section `x` or taken out of it.
    func requestChanged(_ q: Int, section x: Int, placed: Bool, _ st: SearchState) {
        if hasReference && refOf[q] >= 0 { refresh(q, st) }
        if pinRequest[q] >= 0 && Int(pinRequest[q]) == x {
            if placed && !pinKept[q] {
                pinKept[q] = true
                st.terms.lockBroken -= 1
            } else if !placed && pinKept[q] {
                pinKept[q] = false
                st.terms.lockBroken += 1
            }
        }
    }

    /// Section `x` moved a meeting or changed teacher: its members' status.
    func sectionChanged(_ x: Int, _ st: SearchState) {
        guard hasReference else { return }
        for q in st.secMembers[x] where refOf[Int(q)] >= 0 { refresh(Int(q), st) }
    }

    /// Teacher `t`'s slots `first ..< first + length` were written.
    func teacherSlots(_ t: Int, first: Int, length: Int, _ st: SearchState) {
        guard hasReference else { return }
        for k in first..<(first + length) {
            let i = t * S + k
            let x = Int(st.tAt[i])
            let key: Int32 = x >= 0 ? st.secCourse[x] * Int32(m.siteCount) + st.secSite[x] : -1
            let differs = key != refTeacher[i]
            if differs != teacherDiffers[i] {
                st.terms.changedTeacherPeriods += differs ? 1 : -1
                teacherDiffers[i] = differs
            }
        }
    }

    @inline(__always) private static func same(_ a: [PlannedLeg], _ b: [PlannedLeg]) -> Bool {
        guard a.count == b.count else { return false }
        for k in a.indices {
            let x = a[k], y = b[k]
            if x.from != y.from || x.to != y.to || x.depart != y.depart || x.arrive != y.arrive || x.run != y.run { return false }
        }
        return true
    }

    func studentDay(_ i: Int, legs: [PlannedLeg], _ st: SearchState) {
        if hasReference {
            let differs = !Self.same(legs, refStudentLegs[i])
            if differs != studentDayDiffers[i] {
                st.terms.changedRoutes += differs ? 1 : -1
                studentDayDiffers[i] = differs
            }
        }
        if let runs = rides[i] {
            let kept = runs.allSatisfy { r in legs.contains { $0.run == r } }
            if kept != ridesKept[i]! {
                st.terms.lockBroken += kept ? -runs.count : runs.count
                ridesKept[i] = kept
            }
        }
    }

    func teacherDay(_ i: Int, legs: [PlannedLeg], _ st: SearchState) {
        guard hasReference else { return }
        let differs = !Self.same(legs, refTeacherLegs[i])
        if differs != teacherDayDiffers[i] {
            st.terms.changedRoutes += differs ? 1 : -1
            teacherDayDiffers[i] = differs
        }
    }

    @inline(__always) func lockOf(_ x: Int) -> Int { x < pinnedLock.count ? Int(pinnedLock[x]) : -1 }

    /// Section `x` opened (`open == true`) or closed.
    func sectionOpened(_ x: Int, open: Bool, _ st: SearchState) {
        if lockOf(x) >= 0 { st.terms.lockBroken += open ? -1 : 1 }
    }

    /// Whether meeting moves of section `x` are refused: its times (or rooms) are locked.
    func timesLocked(_ x: Int) -> Bool {
        let l = lockOf(x)
        return l >= 0 && m.problem.locks.sections[l].meetings != nil
    }

    func teacherLocked(_ x: Int) -> Bool {
        let l = lockOf(x)
        return l >= 0 && m.problem.locks.sections[l].teacher != nil
    }

    /// Whether the free section id `x` may be reused for a new section (a pinned one may not).
    func reusable(_ x: Int) -> Bool { lockOf(x) < 0 }

    // MARK: - Pinning

    /// Pins every section lock to the open section of the state that keeps it (preferring the
    /// one holding most of its locked enrolments), pins locked requests to those sections, and
    /// recounts ``SearchTerms/lockBroken`` from scratch. Called after a warm start or a restore.
    func pin(_ st: SearchState) {
        let p = m.problem
        let locks = p.locks
        pinnedLock = [Int32](repeating: -1, count: st.secOpen.count)
        for q in pinRequest.indices { pinRequest[q] = -1; pinKept[q] = false }
        var broken = 0
        var sectionFor = [Int](repeating: -1, count: locks.sections.count)
        for (l, lock) in locks.sections.enumerated() {
            var wanted = Set<Int>()
            for e in locks.enrolments where e.section == l { wanted.insert(Int(m.studentFirstRequest[e.student]) + e.request) }
            var best: (x: Int, score: Int)?
            for x32 in st.courseSections[lock.course] {
                let x = Int(x32)
                guard pinnedLock[x] < 0 else { continue }
                if let t = lock.teacher, Int(st.secTeacher[x]) != t { continue }
                if let ms = lock.meetings {
                    let have = st.secMeets[x].map { m.slot($0.day, $0.period) * 64 + Int($0.length) }.sorted()
                    let want = ms.map { ($0.day * m.periodCount + $0.period) * 64 + $0.length }.sorted()
                    guard have == want else { continue }
                    let roomsKept = ms.allSatisfy { lm in
                        lm.room.map { r in st.secMeets[x].contains { Int($0.day) == lm.day && Int($0.period) == lm.period && Int($0.room) == r } } ?? true
                    }
                    guard roomsKept else { continue }
                }
                let score = st.secMembers[x].filter { wanted.contains(Int($0)) }.count
                if best.map({ score > $0.score }) ?? true { best = (x, score) }
            }
            if let best {
                pinnedLock[best.x] = Int32(l)
                sectionFor[l] = best.x
            } else {
                broken += 1
            }
        }
        for e in locks.enrolments {
            let q = Int(m.studentFirstRequest[e.student]) + e.request
            let x = sectionFor[e.section]
            guard x >= 0 else {
                broken += 1
                continue
            }
            pinRequest[q] = Int32(x)
            pinKept[q] = Int(st.reqSection[q]) == x
            if !pinKept[q] { broken += 1 }
        }
        for (i, runs) in rides {
            let kept = runs.allSatisfy { r in st.stLegs[i].contains { $0.run == r } }
            ridesKept[i] = kept
            if !kept { broken += runs.count }
        }
        st.terms.lockBroken = broken
    }

    /// Grows the per-section array to the state's section count.
    func sectionsGrew(to n: Int) {
        if pinnedLock.count < n { pinnedLock += [Int32](repeating: -1, count: n - pinnedLock.count) }
    }

    // MARK: - Audit

    /// The change terms and broken locks recomputed from the state alone.
    func recompute(_ st: SearchState, into t: inout SearchTerms) {
        for q in refOf.indices where refOf[q] >= 0 {
            switch currentStatus(q, st) {
            case 2: t.movedEnrolments += 1
            case 1: t.changedEnrolments += 1
            default: break
            }
        }
        if hasReference {
            for i in refTeacher.indices {
                let x = Int(st.tAt[i])
                let key: Int32 = x >= 0 ? st.secCourse[x] * Int32(m.siteCount) + st.secSite[x] : -1
                if key != refTeacher[i] { t.changedTeacherPeriods += 1 }
            }
            for i in refStudentLegs.indices where !Self.same(st.stLegs[i], refStudentLegs[i]) { t.changedRoutes += 1 }
            for i in refTeacherLegs.indices where !Self.same(st.tLegs[i], refTeacherLegs[i]) { t.changedRoutes += 1 }
        }
        var broken = 0
        for l in m.problem.locks.sections.indices where !pinnedLock.indices.contains(where: { pinnedLock[$0] == Int32(l) && st.secOpen[$0] }) {
            broken += 1
        }
        for e in m.problem.locks.enrolments {
            let q = Int(m.studentFirstRequest[e.student]) + e.request
            if pinRequest[q] < 0 || st.reqSection[q] != pinRequest[q] { broken += 1 }
        }
        for (i, runs) in rides where !runs.allSatisfy({ r in st.stLegs[i].contains { $0.run == r } }) { broken += runs.count }
        t.lockBroken = broken
    }
}
