import TimetablingCore
/// A copy of a search state's decisions and itineraries, taken when the search finds a new best
/// solution, from which the final ``Solution`` is written. O(size of the state): the legs are
/// copied into one flat array (``DayLegs``), the assignments are shared copy-on-write.
struct SearchSnapshot: Sendable {
    struct Section: Sendable {
        var course: Int32
        var teacher: Int32
        var online: Bool
        var site: Int32
        var meets: [Meet]
    }

    var sections: [Section]
    /// Per request: index into `sections`, -1 when unassigned.
    var reqSection: [Int32]
    var reqAlt: [Int32]
    var reqJoin: [Int32]
    var studentLegs: DayLegs
    var teacherLegs: DayLegs
    var terms: SearchTerms
    var objective: Double

    var requiredUnmet: Int { terms.requiredUnmet }

    /// Lexicographic: fewer required requests unmet, then a lower objective.
    func isBetter(than other: SearchSnapshot) -> Bool {
        if terms.lockBroken != other.terms.lockBroken { return terms.lockBroken < other.terms.lockBroken }
        if requiredUnmet != other.requiredUnmet { return requiredUnmet < other.requiredUnmet }
        return objective < other.objective - 1e-9
    }
}

/// Every person-day's legs in one flat array: day `i`'s legs are `self[i]`. Taking it from the
/// search state's per-day arrays copies the legs, not the arrays themselves: sharing those (one
/// per person-day, over 100,000 on a region) would make the state copy them all, one reference
/// count each, at its next change, and the snapshot release them all when it is replaced.
struct DayLegs: Sendable {
    private var legs: [PlannedLeg] = []
    /// Day `i`'s legs are `legs[first[i] ..< first[i + 1]]`.
    private var first: [Int32]

    init(_ days: [[PlannedLeg]]) {
        first = [Int32](repeating: 0, count: days.count + 1)
        var total = 0
        for (i, day) in days.enumerated() {
            total += day.count
            first[i + 1] = Int32(total)
        }
        legs.reserveCapacity(total)
        for day in days { legs.append(contentsOf: day) }
    }

    subscript(_ i: Int) -> ArraySlice<PlannedLeg> { legs[Int(first[i])..<Int(first[i + 1])] }
}

extension SearchState {
    /// The current decisions and legs. The state should meet the minimum sizes (``SearchTerms/deficit`` 0).
    func snapshot() -> SearchSnapshot {
        var index = [Int32](repeating: -1, count: secOpen.count)
        var sections: [SearchSnapshot.Section] = []
        for x in secOpen.indices where secOpen[x] {
            index[x] = Int32(sections.count)
            sections.append(.init(course: secCourse[x], teacher: secTeacher[x], online: secOnline[x], site: secSite[x],
                                  meets: secMeets[x]))
        }
        var reqSections = reqSection
        for q in reqSections.indices where reqSections[q] >= 0 { reqSections[q] = index[Int(reqSections[q])] }
        return SearchSnapshot(sections: sections, reqSection: reqSections, reqAlt: reqAlt, reqJoin: reqJoin,
                              studentLegs: DayLegs(stLegs), teacherLegs: DayLegs(tLegs), terms: terms, objective: terms.objective(m.weights))
    }

    /// Rebuilds a snapshot in this fresh state: the same sections, assignments and legs.
    func restore(_ snap: SearchSnapshot) {
        var ids: [Int] = []
        for sec in snap.sections {
            let x = open(course: Int(sec.course), teacher: Int(sec.teacher), online: sec.online, site: sec.site, meets: sec.meets)
            ids.append(x ?? -1)
        }
        for q in snap.reqSection.indices where snap.reqSection[q] >= 0 {
            let x = ids[Int(snap.reqSection[q])]
            if x >= 0 { assign(q, alt: Int(snap.reqAlt[q]), section: x, preferredJoin: snap.reqJoin[q]) }
        }
        let (studentDays, teacherDays) = takeDirtyDays()
        for i in teacherDays { adoptTeacherDay(Int(i), legs: Array(snap.teacherLegs[Int(i)])) }
        for i in studentDays { adoptStudentDay(Int(i), legs: Array(snap.studentLegs[Int(i)])) }
        replan?.pin(self)
        commit()
    }
}
