import TimetablingCore
/// The solver's own evaluation of the per-day rules (max days per week, gaps, hours daily, hours
/// continuously, early beginnings): one bit mask of busy hours per day, built in a reused buffer,
/// instead of the checker's day grids. ``FETRule/violations(_:_:_:)`` stays the reference (the
/// checker and ``FETSearch/rebuild()`` use it); a test compares both on random timetables.
extension FETSearch {
    enum DayRule {
        case other
        case maxDays(Int)
        case gapsPerWeek(Int)
        case gapsPerDay(Int)
        case maxHours(Int)
        case minHours(Int, allowEmpty: Bool)
        case maxContinuously(Int)
        case early(Int)
    }

    /// Per rule of `rules`: its per-day kind (`.other` when it has none or a day has more than 64 hours)
    /// and the hours of each day that are not gaps (``FETRule/notGaps``).
    func compileDayRules() {
        dayRules = rules.map { r in
            guard p.hours <= 64 else { return .other }
            switch r.kind {
            case .maxDaysPerWeek(let m): return .maxDays(m)
            case .maxGapsPerWeek(let m): return .gapsPerWeek(m)
            case .maxGapsPerDay(let m): return .gapsPerDay(m)
            case .maxHoursDaily(let m): return .maxHours(m)
            case .minHoursDaily(let m, let e): return .minHours(m, allowEmpty: e)
            case .maxHoursContinuously(let m): return .maxContinuously(m)
            case .earlyMaxBeginningsAtSecondHour(let m): return .early(m)
            default: return .other
            }
        }
        notGapMasks = rules.map { r in
            var masks = Array(repeating: UInt64(0), count: p.days)
            for s in r.notGaps where s >= 0 && s < S && p.hours <= 64 { masks[s / p.hours] |= 1 << UInt64(s % p.hours) }
            return masks
        }
        dayMask = Array(repeating: 0, count: p.days)
    }

    /// Violations of `rules[i]` on the current `start` and `room` (same count as ``FETRule/violations(_:_:_:)``).
    func violationsOf(_ i: Int) -> Int {
        let kind = dayRules[i]
        if case .other = kind { return rules[i].violations(p, start, room) }
        let H = p.hours, D = p.days
        for d in 0..<D { dayMask[d] = 0 }
        for a in rules[i].activities {
            let s = start[a]
            guard s >= 0 else { continue }
            let d = s / H, h = s % H, n = dur[a]
            let bits: UInt64 = n >= 64 ? ~0 : (UInt64(1) << UInt64(n)) - 1
            dayMask[d] |= bits << UInt64(h)
        }
        @inline(__always) func gaps(_ d: Int) -> Int {
            let m = dayMask[d]
            guard m != 0 else { return 0 }
            let first = m.trailingZeroBitCount, last = 63 - m.leadingZeroBitCount
            let width = last - first + 1
            let span: UInt64 = (width >= 64 ? ~0 : (UInt64(1) << UInt64(width)) - 1) << UInt64(first)
            return (span & ~m & ~notGapMasks[i][d]).nonzeroBitCount
        }
        switch kind {
        case .other:
            return 0
        case .maxDays(let m):
            var used = 0
            for d in 0..<D where dayMask[d] != 0 { used += 1 }
            return max(0, used - m)
        case .gapsPerWeek(let m):
            var g = 0
            for d in 0..<D { g += gaps(d) }
            return max(0, g - m)
        case .gapsPerDay(let m):
            var v = 0
            for d in 0..<D { v += max(0, gaps(d) - m) }
            return v
        case .maxHours(let m):
            var v = 0
            for d in 0..<D { v += max(0, dayMask[d].nonzeroBitCount - m) }
            return v
        case .minHours(let m, let allowEmpty):
            var v = 0
            for d in 0..<D {
                let h = dayMask[d].nonzeroBitCount
                if h == 0 && allowEmpty { continue }
                v += max(0, m - h)
            }
            return v
        case .maxContinuously(let m):
            var v = 0
            for d in 0..<D {
                var run = 0
                let mask = dayMask[d]
                for h in 0..<H {
                    run = mask & (1 << UInt64(h)) != 0 ? run + 1 : 0
                    if run > m { v += 1 }
                }
            }
            return v
        case .early(let m):
            var v = 0, second = 0
            for d in 0..<D {
                let mask = dayMask[d]
                guard mask != 0 else { continue }
                let first = mask.trailingZeroBitCount
                let before: UInt64 = first == 0 ? 0 : (UInt64(1) << UInt64(first)) - 1
                let empty = (before & ~notGapMasks[i][d]).nonzeroBitCount
                if empty == 1 { second += 1 } else if empty > 1 { v += empty - 1; second += 1 }
            }
            return v + max(0, second - m)
        }
    }
}
