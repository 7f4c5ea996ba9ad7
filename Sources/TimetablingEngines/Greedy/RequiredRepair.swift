import TimetablingCore
/// A last chance for required requests: make room in the student's own week.
extension GreedyConstruction {
    /// Most sections tried per unplaced required request.
    private var ejectionTries: Int { 24 }

    /// For each required request still unplaced, looks for an open section with a free place that
    /// only the student's own network lessons (on the section's days) keep out. Those lessons are
    /// taken out, the student joins the section, and they are placed again, in any open section
    /// of their alternatives. The move is kept when every required request of the student stays
    /// placed and no section falls below its minimum (a section left empty is closed); elective
    /// requests may be given up. Otherwise everything is put back. O(unplaced required × tries × the student's requests).
    func repairRequired() {
        var tried = 0
        for q in order where state.request(q).required && state.requestSection[q] < 0 {
            tried += 1
            if tried & 15 == 0 && shouldStop() { break }
            _ = placeByEjection(q)
        }
    }

    private func placeByEjection(_ q: Int) -> Bool {
        let s = state.requestStudent[q]
        let st = problem.students[s]
        let first = state.requestBase[s], end = first + st.requests.count
        let P = state.periodCount, S = state.slotCount
        var tries = 0
        for (k, alt) in state.request(q).alternatives.enumerated() {
            let course = problem.courses[alt.course]
            if !course.grades.isEmpty && !course.grades.contains(st.grade) { continue }
            if alt.mode == .online && !st.mayAttendOnline { continue }
            sections: for x in state.courseSections[alt.course] {
                let sec = state.sections[x]
                if let m = alt.mode, sec.mode != m { continue }
                if sec.mode == .inPerson, let site = alt.site, sec.site != site { continue }
                if sec.hasOnlineMeetings && !state.canJoinOnline(s) { continue }
                if sec.members.count >= sec.capacity { continue }
                // Regular lessons cannot move.
                for m in sec.meetings {
                    for i in 0..<m.length where state.studentSection[s * S + m.day * P + m.period + i] == -2 { continue sections }
                }
                let days = state.meetingDays(sec.meetings)
                var victims: [Int] = []
                for r in first..<end where r != q && state.requestSection[r] >= 0 {
                    if state.sections[state.requestSection[r]].meetings.contains(where: { days.contains($0.day) }) {
                        victims.append(r)
                    }
                }
                if victims.isEmpty { continue }
                tries += 1
                if attemptEjection(q, alternative: k, section: x, victims: victims) { return true }
                if tries >= ejectionTries { return false }
            }
        }
        return false
    }

    private func attemptEjection(_ q: Int, alternative k: Int, section x: Int, victims: [Int]) -> Bool {
        let s = state.requestStudent[q]
        var removed: [(request: Int, section: Int, alternative: Int, join: Int)] = []
        var touched: [Int] = []
        for r in victims {
            removed.append((r, state.requestSection[r], state.requestAlternative[r], state.requestJoinRoom[r]))
            for d in state.unassign(r) where !touched.contains(d) { touched.append(d) }
        }
        for d in touched { state.refreshStudentDay(s, day: d) }

        let sec = state.sections[x]
        var placed = false
        if case .fits = state.studentFit(s, meetings: sec.meetings, site: sec.site, online: sec.mode == .online) {
            let join = sec.hasOnlineMeetings ? state.joinRoom(s, meetings: sec.onlineMeetings) : -1
            if let join { placed = state.assign(q, alternative: k, section: x, joinRoom: join) }
        }
        if placed {
            let savedFailures = removed.map { failures[$0.request] }
            for v in removed.sorted(by: { rankOf($0.request) < rankOf($1.request) }) { process(v.request, allowOpening: false) }
            let lostRequired = removed.contains { state.requestSection[$0.request] < 0 && state.request($0.request).required }
            // A section left empty is simply closed; one left short of its minimum is not allowed.
            let undersized = removed.contains {
                let y = state.sections[$0.section]
                return !y.members.isEmpty && y.members.count < problem.courses[y.course].minSize
            }
            if !lostRequired && !undersized {
                for v in removed where state.requestSection[v.request] < 0 {
                    failures[v.request] = [AlternativeFailure](repeating: .yieldedToRequired(request: state.requestLocal[q]),
                                                               count: state.request(v.request).alternatives.count)
                }
                failures[q] = nil
                for v in removed where state.sections[v.section].isOpen && state.sections[v.section].members.isEmpty {
                    _ = state.closeSection(v.section)
                    closedSections += 1
                }
                return true
            }
            for (i, v) in removed.enumerated() {
                failures[v.request] = savedFailures[i]
                if state.requestSection[v.request] >= 0 {
                    for d in state.unassign(v.request) { state.refreshStudentDay(s, day: d) }
                }
            }
            for d in state.unassign(q) { state.refreshStudentDay(s, day: d) }
        }
        // Put everything back where it was (most important first).
        for v in removed.sorted(by: { rankOf($0.request) < rankOf($1.request) }) {
            state.assign(v.request, alternative: v.alternative, section: v.section, joinRoom: v.join)
        }
        return false
    }
}
