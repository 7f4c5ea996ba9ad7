import Foundation
import TimetablingCore

/// Student sectioning with the sections fixed: every student of a neighbourhood picks one of a
/// few candidate weeks (its current one first), and every section's size stays within what its
/// room and course allow. The students are tied only through the sections' sizes, so this is a
/// set-partitioning problem that an integer-programming solver closes in a fraction of a second
/// even for a whole district (the best entries of the 2019 timetabling competition solved
/// student sectioning exactly the same way).
///
/// Rows are numbered `0 ..< most.count`: one per section, one per computer room and period where
/// students join online lessons. A column lists the rows its student takes: the sections it sits
/// in and the seats it joins online from.
public struct SectioningProblem: Sendable {
    /// One candidate week of one student.
    public struct Column: Sendable {
        /// Change of the search's penalised objective (required requests unmet count
        /// ``SearchModel``'s penalty) when this student alone moves to this week.
        public var cost: Double
        /// The rows the student takes with this week: its sections, and per online lesson joined
        /// from a computer room that room's periods.
        public var rows: [Int32]

        public init(cost: Double, rows: [Int32]) {
            self.cost = cost
            self.rows = rows
        }
    }

    /// Per student, its candidate weeks; the first is the current one (cost 0).
    public var students: [[Column]]
    /// Per row, how many of these students it may hold: a section's capacity, a computer room's
    /// seats in a period, less what others take.
    public var most: [Int32]
    /// Per row, how many of these students it needs: a section's minimum size (or its size when
    /// below) less its other members, never negative; 0 for a room's seats.
    public var least: [Int32]

    public init(students: [[Column]], most: [Int32], least: [Int32]) {
        self.students = students
        self.most = most
        self.least = least
    }

    /// Whether `choice` (one column index per student) keeps every row within its bounds.
    public func fits(_ choice: [Int]) -> Bool {
        var size = [Int32](repeating: 0, count: most.count)
        for (s, c) in choice.enumerated() {
            for r in students[s][c].rows { size[Int(r)] += 1 }
        }
        return size.indices.allSatisfy { size[$0] <= most[$0] && size[$0] >= least[$0] }
    }

    /// The summed cost of `choice`.
    public func cost(_ choice: [Int]) -> Double {
        choice.enumerated().reduce(0) { $0 + students[$1.offset][$1.element].cost }
    }
}

/// Solves a ``SectioningProblem`` (GLPK's implementation: `SectioningMIP` in
/// NetworkTimetablingGLPK).
public protocol SectioningSolver: Sendable {
    /// One column index per student, the cheapest found within `seconds` that keeps every row;
    /// nil when none better than the current weeks was found.
    func solve(_ problem: SectioningProblem, seconds: Double, stop: StopFlag) -> [Int]?
}

/// What the sectioning rounds of a search did.
struct SectioningCounters {
    var rounds = 0
    var students = 0
    var columns = 0
    /// Rounds whose answer, applied, lowered the search's cost, and by how much in all.
    var improved = 0
    var gain = 0.0
    /// Rounds whose answer could not be applied (a bus seat or a join room the question did not see).
    var refused = 0
    var seconds = 0.0

    /// For a progress line: empty before the first round.
    var progressText: String {
        rounds == 0 ? "" : String(format: ", sectioning: %d of %d rounds improved, by %.1f (%d students, %d weeks, %.1f s)",
                                  improved, rounds, gain, students, columns, seconds)
    }

    /// As solve statistics (`sectioning.*`).
    var values: [String: Double] {
        ["sectioning.rounds": Double(rounds), "sectioning.students": Double(students), "sectioning.columns": Double(columns),
         "sectioning.improved": Double(improved), "sectioning.gain": gain, "sectioning.refused": Double(refused),
         "sectioning.seconds": seconds]
    }
}

/// Builds a ``SectioningProblem`` from a search state and applies its answer.
///
/// A student's candidate weeks change one request each: the request joins another open section
/// of a course it asks for (any alternative), an elective is given up, or a request joins a
/// section whose periods another of the student's lessons holds, that lesson moving to its
/// cheapest other section (or, an elective, given up). Each is priced on the state with every
/// other student where it is — the section may be full for the question, since others may leave
/// it in the answer — and only when the student's days can be travelled. Students of a group stay
/// as they are.
final class StudentSectioning {
    struct Change {
        var request: Int32
        /// The alternative and section joined; -1: the request is left unmet.
        var alt: Int32
        var section: Int32
        /// Where the student joins the section's online meetings (``SearchState/reqJoin``).
        var join: Int32 = -1
    }

    let m: SearchModel
    let state: SearchState
    let moves: SearchMoves

    init(moves: SearchMoves) {
        m = moves.m
        state = moves.state
        self.moves = moves
    }

    /// The cost the columns are priced by: the penalised cost without the sections' deficit (the
    /// rows keep the minimum sizes).
    private var priced: Double { state.cost - m.deficitPenalty * Double(state.terms.deficit) }

    private func requests(of s: Int) -> Range<Int> {
        Int(m.studentFirstRequest[s])..<Int(m.studentFirstRequest[s + 1])
    }

    /// The candidate weeks of student `s` besides its current one (the state settled on entry and on return).
    func candidates(of s: Int) -> [(cost: Double, changes: [Change])] {
        let own = requests(of: s)
        if own.contains(where: { !m.groupMates[$0].isEmpty }) { return [] }
        let base = priced
        var out: [(cost: Double, changes: [Change])] = []
        for q in own {
            let x0 = Int(state.reqSection[q])
            if x0 >= 0 && !m.requestRequired[q] {
                let mark = state.checkpoint()
                state.unassign(q)
                if state.settle(stopAtFailure: true).isEmpty {
                    out.append((priced - base, [Change(request: Int32(q), alt: -1, section: -1)]))
                }
                state.undo(to: mark)
            }
            for a in m.alternatives(q) where m.altUsable[a] {
                for x32 in state.courseSections[Int(m.altCourse[a])] where Int(x32) != x0 {
                    if let c = price(q, alt: a, section: Int(x32), student: s, base: base) { out.append(c) }
                }
            }
        }
        return out
    }

    /// Request `q` of student `s` in section `x` by alternative `a`, moving the student's lessons
    /// that hold its periods; nil when that cannot be done.
    private func price(_ q: Int, alt a: Int, section x: Int, student s: Int, base: Double) -> (cost: Double, changes: [Change])? {
        let mark = state.checkpoint()
        defer { state.undo(to: mark) }
        if state.reqSection[q] >= 0 { state.unassign(q) }
        var changes: [Change] = []
        // The lessons in the way: the student's requests holding a period of the section.
        var inTheWay: [Int] = []
        for mt in state.secMeets[x] {
            let first = s * state.S + m.slot(mt.day, mt.period)
            for k in 0..<Int(mt.length) {
                let y = Int(state.stAt[first + k])
                guard y >= 0, let q2 = requests(of: s).first(where: { Int(state.reqSection[$0]) == y }),
                      !inTheWay.contains(q2) else { continue }
                inTheWay.append(q2)
            }
        }
        if inTheWay.count > 1 { return nil }
        for q2 in inTheWay { state.unassign(q2) }
        // The section may be full: others may leave it in the answer.
        let cap = state.secCap[x]
        if Int32(state.secMembers[x].count) >= cap { state.secCap[x] = Int32(state.secMembers[x].count) + 1 }
        let joined = state.assign(q, alt: a, section: x)
        state.secCap[x] = cap
        guard joined, state.settle(stopAtFailure: true).isEmpty else { return nil }
        changes.append(Change(request: Int32(q), alt: Int32(a), section: Int32(x), join: state.reqJoin[q]))
        for q2 in inTheWay {
            if let join = moves.bestJoin(q2) {
                guard state.assign(q2, alt: join.alt, section: join.section), state.settle(stopAtFailure: true).isEmpty else { return nil }
                changes.append(Change(request: Int32(q2), alt: Int32(join.alt), section: Int32(join.section), join: state.reqJoin[q2]))
            } else {
                guard !m.requestRequired[q2] else { return nil }
                changes.append(Change(request: Int32(q2), alt: -1, section: -1))
            }
        }
        return (priced - base, changes)
    }

    /// The problem over `students`, in their order until `columns` candidate weeks are priced or
    /// `deadline` passes, with each student's changes per column (column 0: none).
    func build(students: [Int], columns limit: Int, deadline: Date) -> (problem: SectioningProblem, students: [Int], changes: [[[Change]]]) {
        // Row keys: a section x is x, a computer room r's slot t is -(r * S + t) - 1.
        var rowOf: [Int: Int32] = [:]
        var rowKey: [Int] = []
        func row(_ key: Int) -> Int32 {
            if let r = rowOf[key] { return r }
            let r = Int32(rowKey.count)
            rowOf[key] = r
            rowKey.append(key)
            return r
        }
        /// The rows of the student's week with each request in `sections` joined from `joins`.
        func rows(_ sections: [Int32], _ joins: [Int32]) -> [Int32] {
            var out: [Int32] = []
            for (i, x32) in sections.enumerated() where x32 >= 0 {
                out.append(row(Int(x32)))
                let r = Int(joins[i])
                guard r >= 0 else { continue }
                for mt in state.onlineMeets(Int(x32)) {
                    let first = m.slot(mt.day, mt.period)
                    for k in 0..<Int(mt.length) { out.append(row(-(r * state.S + first + k) - 1)) }
                }
            }
            return out
        }
        var priced = 0
        var all: [(student: Int, columns: [SectioningProblem.Column], changes: [[Change]])] = []
        for (i, s) in students.enumerated() {
            if priced >= limit || (i & 15 == 0 && Date() >= deadline) { break }
            let found = candidates(of: s)
            guard !found.isEmpty else { continue }
            let own = requests(of: s)
            let current = own.map { state.reqSection[$0] }, currentJoins = own.map { state.reqJoin[$0] }
            var list = [SectioningProblem.Column(cost: 0, rows: rows(current, currentJoins))]
            var lists: [[Change]] = [[]]
            for c in found {
                var sections = current, joins = currentJoins
                for ch in c.changes {
                    sections[Int(ch.request) - own.lowerBound] = ch.section
                    joins[Int(ch.request) - own.lowerBound] = ch.section >= 0 ? ch.join : -1
                }
                list.append(.init(cost: c.cost, rows: rows(sections, joins)))
                lists.append(c.changes)
            }
            priced += list.count
            all.append((s, list, lists))
        }
        // A week that costs more than the current one can only pay by making room: leaving a full
        // row some cheaper week wants to enter, or entering a row at its minimum some cheaper week
        // wants to leave. Only those are kept (most weeks cost more, and the integer program stays small).
        func full(_ key: Int) -> Bool {
            if key >= 0 { return Int32(state.secMembers[key].count) >= state.secCap[key] }
            let cell = -key - 1
            return state.roomJoin[cell] >= m.roomSeats[cell / state.S]
        }
        func atMinimum(_ key: Int) -> Bool {
            key >= 0 && Int32(state.secMembers[key].count) <= m.courseMin[Int(state.secCourse[key])]
        }
        var wantIn = Set<Int32>(), wantOut = Set<Int32>()
        for student in all {
            let current = Set(student.columns[0].rows)
            for c in student.columns.dropFirst() where c.cost < -1e-9 {
                for r in c.rows where !current.contains(r) && full(rowKey[Int(r)]) { wantIn.insert(r) }
                let rows = Set(c.rows)
                for r in current where !rows.contains(r) && atMinimum(rowKey[Int(r)]) { wantOut.insert(r) }
            }
        }
        var kept: [Int] = []
        var columns: [[SectioningProblem.Column]] = []
        var changes: [[[Change]]] = []
        for student in all {
            let current = Set(student.columns[0].rows)
            var list = [student.columns[0]], lists = [student.changes[0]]
            for (k, c) in student.columns.enumerated().dropFirst() {
                let rows = Set(c.rows)
                guard c.cost < -1e-9 || current.contains(where: { !rows.contains($0) && wantIn.contains($0) })
                        || rows.contains(where: { !current.contains($0) && wantOut.contains($0) }) else { continue }
                list.append(c)
                lists.append(student.changes[k])
            }
            guard list.count > 1 else { continue }
            kept.append(student.student)
            columns.append(list)
            changes.append(lists)
        }
        // What the students outside take stays.
        var inside = [Int32](repeating: 0, count: rowKey.count)
        for list in columns {
            for r in list[0].rows { inside[Int(r)] += 1 }
        }
        var most: [Int32] = [], least: [Int32] = []
        for (r, key) in rowKey.enumerated() {
            if key >= 0 {
                let size = Int32(state.secMembers[key].count)
                let others = size - inside[r]
                most.append(max(state.secCap[key], size) - others)
                least.append(max(min(m.courseMin[Int(state.secCourse[key])], size) - others, 0))
            } else {
                let cell = -key - 1, room = cell / state.S
                let taken = state.roomJoin[cell]
                most.append(max(m.roomSeats[room], taken) - (taken - inside[r]))
                least.append(0)
            }
        }
        return (SectioningProblem(students: columns, most: most, least: least), kept, changes)
    }

    /// Applies `changes` (every student's chosen column at once); false, with the state as it
    /// was, when a request cannot join or a day cannot be travelled.
    func apply(_ changes: [[Change]]) -> Bool {
        let mark = state.checkpoint()
        for list in changes {
            for ch in list where state.reqSection[Int(ch.request)] >= 0 { state.unassign(Int(ch.request)) }
        }
        for list in changes {
            for ch in list where ch.section >= 0 {
                guard state.assign(Int(ch.request), alt: Int(ch.alt), section: Int(ch.section), preferredJoin: ch.join) else {
                    state.undo(to: mark)
                    return false
                }
            }
        }
        guard state.settle(stopAtFailure: false).isEmpty else {
            state.undo(to: mark)
            return false
        }
        return true
    }
}
