/// The kinds of change the two methods make: the large-neighbourhood search's ruin operators
/// (``LargeNeighbourhoodSearch/Ruin``) and simulated annealing's small moves, for the statistics
/// of which ones pay.
enum MoveKind: Int, CaseIterable {
    case unmetJoin, unmetRetime, unmetRegroup, sections, students, unmetOpen, unmetEject, unmetForce
    case request, swap, meeting, teacher, open, close, sectioning

    /// The prefix of the kind's keys in ``SearchStatistics/values``.
    var name: String {
        switch self {
        case .unmetJoin: "ruin.unmetJoin"
        case .unmetRetime: "ruin.unmetRetime"
        case .unmetRegroup: "ruin.unmetRegroup"
        case .sections: "ruin.sections"
        case .students: "ruin.students"
        case .unmetOpen: "ruin.unmetOpen"
        case .unmetEject: "ruin.unmetEject"
        case .unmetForce: "ruin.unmetForce"
        case .request: "move.request"
        case .swap: "move.swap"
        case .meeting: "move.meeting"
        case .teacher: "move.teacher"
        case .open: "move.open"
        case .close: "move.close"
        case .sectioning: "move.sectioning"
        }
    }
}

/// One count per ``MoveKind``, indexed by the kind. O(1) per access.
struct PerMove {
    private var counts = [Int](repeating: 0, count: MoveKind.allCases.count)

    subscript(_ kind: MoveKind) -> Int {
        get { counts[kind.rawValue] }
        set { counts[kind.rawValue] = newValue }
    }
}

/// What became of the changes, per kind: judged by the acceptance test, kept, giving a new best.
struct MoveCounters {
    var tried = PerMove()
    var kept = PerMove()
    var best = PerMove()
}

/// Attempts to open a section (``SectionOpener``) and how each ended.
struct OpeningCounters {
    /// Attempts (a request, an alternative, a mode and site).
    var tried = 0
    /// No teacher with hours left may teach the section there.
    var noTeacher = 0
    /// A meeting found no time with the student, a teacher and a room free.
    var noTime = 0
    /// The state refused the section or the request in it.
    var refused = 0
    /// Someone could not travel the section's days.
    var noTravel = 0
    /// Filled below the course's minimum size.
    var tooFew = 0
    var opened = 0

    /// The counters by name, in the order of the statistics.
    var named: [(String, Int)] {
        [("tried", tried), ("noTeacher", noTeacher), ("noTime", noTime), ("refused", refused), ("noTravel", noTravel),
         ("tooFew", tooFew), ("opened", opened)]
    }
}

/// Ejections (``EjectionMove``): how each attempt ended, and what made way.
struct EjectionCounters {
    var failed = 0
    var opened = 0
    /// Section meetings made to give way (in the attempts that opened a section).
    var blockers = 0
    /// Failures: no teacher or studio with times for every meeting.
    var noTimes = 0
    /// A section in the way could not make way.
    var noWay = 0
    /// The state refused the new section, the request in it, or its travel.
    var refused = 0
    /// Filled below the course's minimum size.
    var tooFew = 0
    /// Sections in the way dissolved (no other time for them).
    var dissolved = 0

    var named: [(String, Int)] {
        [("failed", failed), ("opened", opened), ("blockers", blockers), ("noTimes", noTimes), ("noWay", noWay),
         ("refused", refused), ("tooFew", tooFew), ("dissolved", dissolved)]
    }
}

/// Forced joins (``ForcedJoin``).
struct ForcedJoinCounters {
    var tried = 0
    var joined = 0
    /// Computer seats freed for a student joining online.
    var seatsFreed = 0
    /// Lessons taken out for the daily (and online daily) limits.
    var dayLessonsOut = 0

    var named: [(String, Int)] {
        [("tried", tried), ("joined", joined), ("seatsFreed", seatsFreed), ("dayLessonsOut", dayLessonsOut)]
    }
}

/// The counters of one search, by piece: openings, ejections, forced joins, moves by kind, and
/// the reheats of the acceptance's temperature. Each piece keeps its own counters as it works
/// (no lookup by name in the search); ``SearchRun/statistics`` gathers them at the end.
struct SearchStatistics {
    var opening = OpeningCounters()
    var ejection = EjectionCounters()
    var forcedJoin = ForcedJoinCounters()
    var moves = MoveCounters()
    var reheats = 0

    /// The counters as the solve result's statistics: `open.*` always; `reheats` when any;
    /// `eject.*` when an ejection was tried, `force.*` when a forced join was; `name.tried`,
    /// `name.kept`, `name.best` for every kind of move tried (``MoveKind/name``).
    var values: [String: Double] {
        var out: [String: Double] = [:]
        for (n, v) in opening.named { out["open." + n] = Double(v) }
        if reheats > 0 { out["reheats"] = Double(reheats) }
        if ejection.opened + ejection.failed > 0 {
            for (n, v) in ejection.named { out["eject." + n] = Double(v) }
        }
        if forcedJoin.tried > 0 {
            for (n, v) in forcedJoin.named { out["force." + n] = Double(v) }
        }
        for k in MoveKind.allCases where moves.tried[k] > 0 {
            out[k.name + ".tried"] = Double(moves.tried[k])
            out[k.name + ".kept"] = Double(moves.kept[k])
            out[k.name + ".best"] = Double(moves.best[k])
        }
        return out
    }
}
