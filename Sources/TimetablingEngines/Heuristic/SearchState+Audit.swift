import TimetablingCore
/// Full recomputation of a search state, independent of the incremental updates: the reference
/// the tests compare ``SearchState/terms`` with after random sequences of moves, and a safety net
/// before a solution is written.
extension SearchState {
    /// Every term recomputed from the decisions (sections, assignments) and the stored legs,
    /// with occupancy rebuilt from scratch. O(size of the state).
    func recomputedTerms() -> SearchTerms {
        var t = SearchTerms()
        var online = [Bool](repeating: false, count: secOpen.count)
        for x in secOpen.indices where secOpen[x] { online[x] = secOnline[x] }
        for q in 0..<m.requestCount {
            let x = Int(reqSection[q])
            if x < 0 {
                if m.requestRequired[q] { t.requiredUnmet += 1 } else { t.unmetElective += m.requestWeight[q] }
            } else {
                t.alternativeRank += m.requestWeight[q] * Double(Int(reqAlt[q]) - Int(m.altFirst[q]))
                if online[x] { t.onlineEnrolments += 1 }
            }
        }
        var sizes = [Int](repeating: 0, count: secOpen.count)
        for q in 0..<m.requestCount where reqSection[q] >= 0 { sizes[Int(reqSection[q])] += 1 }
        var perCourse = [[Int]](repeating: [], count: m.courseCount)
        for x in secOpen.indices where secOpen[x] {
            let c = Int(secCourse[x])
            t.sections += 1
            t.teacherPeriods += Int(m.courseWeekly[c])
            let meets = secMeets[x]
            for i in meets.indices {
                for j in (i + 1)..<meets.count where abs(meets[i].day - meets[j].day) == 1 { t.consecutiveDays += 1 }
            }
            t.deficit += max(0, Int(m.courseMin[c]) - sizes[x])
            perCourse[c].append(sizes[x])
        }
        for list in perCourse where list.count >= 2 { t.sizeImbalance += list.max()! - list.min()! }

        let (studentSites, teacherSites) = rebuiltSites()
        var trips = Set<Int>()
        for s in 0..<m.studentCount {
            for d in 0..<D {
                t.studentGaps += Int(gaps(studentSites, s * S + d * P))
                for l in stLegs[s * D + d] {
                    t.siteChanges += 1
                    t.studentTravelMinutes += Int(max(l.minutes, 0))
                    let key = l.run >= 0 ? -(Int(l.run) * D + d) - 1
                        : ((d * m.siteCount + Int(l.from)) * m.siteCount + Int(l.to)) * 1440 + Int(l.depart)
                    trips.insert(key)
                }
            }
        }
        t.vehicleTrips = trips.count
        for te in 0..<m.teacherCount {
            for d in 0..<D {
                t.teacherGaps += Int(gaps(teacherSites, te * S + d * P))
                for l in tLegs[te * D + d] { t.teacherTravelMinutes += Int(max(l.minutes, 0)) }
            }
        }
        replan?.recompute(self, into: &t)
        return t
    }

    /// Where every student and teacher is in each slot, rebuilt from the decisions alone.
    func rebuiltSites() -> (students: [Int32], teachers: [Int32]) {
        let problem = m.problem
        var st = [Int32](repeating: -1, count: m.studentCount * S)
        for s in 0..<m.studentCount {
            for k in 0..<S where problem.students[s].busy[k] { st[s * S + k] = m.studentHome[s] }
        }
        for q in 0..<m.requestCount where reqSection[q] >= 0 {
            let x = Int(reqSection[q]), s = Int(m.requestStudent[q])
            for mt in secMeets[x] {
                let site = heldOnline(x, mt) ? m.studentHome[s] : secSite[x]
                for k in 0..<Int(mt.length) { st[s * S + m.slot(mt.day, mt.period) + k] = site }
            }
        }
        var te = [Int32](repeating: -1, count: m.teacherCount * S)
        for t in 0..<m.teacherCount {
            for k in 0..<S where problem.teachers[t].busy[k] { te[t * S + k] = m.teacherHome[t] }
        }
        for x in secOpen.indices where secOpen[x] {
            let t = Int(secTeacher[x])
            for mt in secMeets[x] {
                for k in 0..<Int(mt.length) { te[t * S + m.slot(mt.day, mt.period) + k] = secSite[x] }
            }
        }
        return (st, te)
    }

    /// Disagreements between the incremental bookkeeping and a rebuild from the decisions:
    /// occupancy, loads, hours, room joins, legs that do not make the day's needed moves, and
    /// hard rules the primitives promise to keep. Empty when consistent. O(size of the state).
    func auditProblems() -> [String] {
        var out: [String] = []
        let (studentSites, teacherSites) = rebuiltSites()
        if studentSites != stSite { out.append("student sites differ from a rebuild") }
        if teacherSites != tSite { out.append("teacher sites differ from a rebuild") }
        var day = [Int32](repeating: 0, count: m.studentCount * D), onlineDay = day
        var week = [Int32](repeating: 0, count: m.studentCount)
        for s in 0..<m.studentCount {
            for k in 0..<S where m.problem.students[s].busy[k] {
                day[s * D + k / P] += 1
                week[s] += 1
            }
        }
        var joins = [Int32](repeating: 0, count: m.roomCount * S)
        var members = [[Int32]](repeating: [], count: secOpen.count)
        for q in 0..<m.requestCount where reqSection[q] >= 0 {
            let x = Int(reqSection[q]), s = Int(m.requestStudent[q])
            members[x].append(Int32(q))
            if !secOpen[x] { out.append("request \(q) in closed section \(x)") }
            let a = Int(reqAlt[q])
            if m.altCourse[a] != secCourse[x] || !m.matches(alt: a, online: secOnline[x], site: secSite[x]) || !m.altUsable[a] {
                out.append("request \(q) alternative does not match section \(x)")
            }
            for mt in secMeets[x] {
                day[s * D + Int(mt.day)] += mt.length
                week[s] += mt.length
                if heldOnline(x, mt) { onlineDay[s * D + Int(mt.day)] += mt.length }
                if reqJoin[q] >= 0 && heldOnline(x, mt) {
                    for k in 0..<Int(mt.length) { joins[Int(reqJoin[q]) * S + m.slot(mt.day, mt.period) + k] += 1 }
                }
            }
        }
        if day != stDay { out.append("daily loads differ") }
        if onlineDay != stOnline { out.append("online loads differ") }
        if week != stWeek { out.append("weekly loads differ") }
        if joins != roomJoin { out.append("room joins differ") }
        for s in 0..<m.studentCount where week[s] > m.maxWeek[s] { out.append("student \(s) over the weekly limit") }
        for i in day.indices where day[i] > m.maxDay[i / D] { out.append("student day \(i) over the daily limit") }
        for i in onlineDay.indices where onlineDay[i] > m.maxOnlineDay { out.append("student day \(i) over the online limit") }
        for r in 0..<m.roomCount {
            for k in 0..<S where joins[r * S + k] > 0 {
                if joins[r * S + k] > m.roomSeats[r] { out.append("room \(r) over its computer seats") }
                if roomAt[r * S + k] != -1 { out.append("room \(r) joined online while in use") }
            }
        }
        var hours = [Int32](repeating: 0, count: m.teacherCount)
        for x in secOpen.indices where secOpen[x] {
            hours[Int(secTeacher[x])] += m.courseWeekly[Int(secCourse[x])]
            if Set(members[x]) != Set(secMembers[x]) { out.append("members of section \(x) differ") }
            if Int(secSize[x]) != secMembers[x].count { out.append("size of section \(x) differs from its members") }
            if Int32(members[x].count) > secCap[x] { out.append("section \(x) over capacity") }
        }
        if hours != tHours { out.append("teacher hours differ") }
        for t in 0..<m.teacherCount where hours[t] > m.teacherMaxPeriods[t] { out.append("teacher \(t) over weekly maximum") }
        // Legs make exactly the needed moves.
        for s in 0..<m.studentCount {
            for d in 0..<D where !legsMatch(stLegs[s * D + d], sites: studentSites, first: s * S + d * P, home: m.studentHome[s]) {
                out.append("student \(s) day \(d) legs do not match the needed moves")
            }
        }
        for t in 0..<m.teacherCount {
            for d in 0..<D where !legsMatch(tLegs[t * D + d], sites: teacherSites, first: t * S + d * P, home: m.teacherHome[t]) {
                out.append("teacher \(t) day \(d) legs do not match the needed moves")
            }
        }
        if !recomputedTerms().matches(terms) { out.append("terms differ: incremental \(terms), recomputed \(recomputedTerms())") }
        return out
    }

    private func legsMatch(_ legs: [PlannedLeg], sites: [Int32], first: Int, home: Int32) -> Bool {
        var at = home, k = 0
        for p in 0..<P {
            let site = sites[first + p]
            guard site >= 0, site != at else { continue }
            guard k < legs.count, legs[k].from == at, legs[k].to == site else { return false }
            k += 1
            at = site
        }
        if at != home {
            guard k < legs.count, legs[k].from == at, legs[k].to == home else { return false }
            k += 1
        }
        return k == legs.count
    }
}
