import TimetablingCore
/// Compiles a FET file's constraints into ``FETRule`` values; counts what it cannot compile.
enum FETRuleCompiler {
    static func compile(into p: inout FETProblem, teacherIndex: [String: Int], roomIndex: [String: Int], expansion: [String: [Int]]) {
        let d = p.document
        let H = p.hours
        let dayIndex = Dictionary(d.days.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let hourIndex = Dictionary(d.hours.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let n = p.activities.count
        var byTeacher = Array(repeating: [Int](), count: p.teacherNames.count)
        var bySubgroup = Array(repeating: [Int](), count: p.subgroupNames.count)
        for a in 0..<n {
            for t in p.activityTeachers[a] { byTeacher[t].append(a) }
            for s in p.activitySubgroups[a] { bySubgroup[s].append(a) }
        }
        var rules: [FETRule] = []
        var list = DiagnosticList()
        for (i, s) in bySubgroup.enumerated() where s.count > 1 {
            _ = i
            rules.append(FETRule(type: "ConstraintBasicCompulsoryTime", kind: .noOverlap, activities: s, weightPercentage: 100))
        }
        for t in byTeacher where t.count > 1 {
            rules.append(FETRule(type: "ConstraintBasicCompulsoryTime", kind: .noOverlap, activities: t, weightPercentage: 100))
        }

        func slot(_ day: String?, _ hour: String?) -> Int? {
            guard let day, let hour, let di = dayIndex[day], let hi = hourIndex[hour] else { return nil }
            return di * H + hi
        }
        func slots(_ c: FETConstraint, _ item: String, _ dayName: String, _ hourName: String) -> Set<Int> {
            Set(c.element.children(item).compactMap { slot($0.text(dayName), $0.text(hourName)) })
        }
        func acts(_ ids: [String]) -> [Int] { ids.compactMap { Int($0).flatMap { p.activityIndex[$0] } } }
        func teacher(_ c: FETConstraint) -> [Int]? {
            guard let name = c.text("Teacher") ?? c.text("Teacher_Name"), let t = teacherIndex[name] else { return nil }
            return byTeacher[t]
        }
        func subgroups(_ c: FETConstraint) -> [Int]? { (c.text("Students")).flatMap { expansion[$0] } }
        func int(_ c: FETConstraint, _ names: String...) -> Int? {
            for name in names { if let v = c.text(name).flatMap({ Int($0) }) { return v } }
            return nil
        }
        // Rooms each activity may use, from hard room constraints (intersected) and soft ones (added).
        var hardRooms: [Set<Int>?] = Array(repeating: nil, count: n)
        var softRooms: [Set<Int>] = Array(repeating: [], count: n)
        var hasOwnRoomRule = Array(repeating: false, count: n)
        var homeRooms: [(activities: [Int], rooms: Set<Int>, constraint: FETConstraint)] = []
        func preferRooms(_ activities: [Int], _ rooms: Set<Int>, _ c: FETConstraint, home: Bool = false) {
            if home { homeRooms.append((activities, rooms, c)); return }
            for a in activities { hasOwnRoomRule[a] = true }
            guard !activities.isEmpty else { return }
            for a in activities {
                if c.isHard { hardRooms[a] = (hardRooms[a] ?? rooms).intersection(rooms) } else { softRooms[a].formUnion(rooms) }
            }
            rules.append(FETRule(type: c.type, kind: .allowedRooms(rooms), activities: activities, weightPercentage: c.weightPercentage))
        }

        for (ci, c) in (d.timeConstraints + d.spaceConstraints).enumerated() where c.active {
            let w = c.weightPercentage
            var compiled: [FETRule] = []
            func each(_ groups: [[Int]], _ kind: FETRule.Kind) {
                for g in groups where !g.isEmpty { compiled.append(FETRule(type: c.type, kind: kind, activities: g, weightPercentage: w)) }
            }
            var ok = true
            switch c.type {
            case "ConstraintBasicCompulsoryTime", "ConstraintBasicCompulsorySpace":
                break // built in: clashes of teachers, subgroups and rooms
            case "ConstraintTeacherNotAvailableTimes":
                each([teacher(c) ?? []], .forbiddenSlots(slots(c, "Not_Available_Time", "Day", "Hour")))
            case "ConstraintStudentsSetNotAvailableTimes":
                each((subgroups(c) ?? []).map { bySubgroup[$0] }, .forbiddenSlots(slots(c, "Not_Available_Time", "Day", "Hour")))
            case "ConstraintBreakTimes":
                each([Array(0..<n)], .forbiddenSlots(slots(c, "Break_Time", "Day", "Hour")))
            case "ConstraintActivityPreferredStartingTime":
                let a = acts([c.text("Activity_Id") ?? ""])
                let dd = c.text("Preferred_Day").flatMap { dayIndex[$0] }, hh = c.text("Preferred_Hour").flatMap { hourIndex[$0] }
                var allowed = Set<Int>()
                for di in 0..<p.days where dd == nil || dd == di { for hi in 0..<H where hh == nil || hh == hi { allowed.insert(di * H + hi) } }
                each([a], .allowedStarts(allowed))
            case "ConstraintActivityPreferredStartingTimes":
                each([acts([c.text("Activity_Id") ?? ""])], .allowedStarts(slots(c, "Preferred_Starting_Time", "Preferred_Starting_Day", "Preferred_Starting_Hour")))
            case "ConstraintActivityPreferredTimeSlots":
                each([acts([c.text("Activity_Id") ?? ""])], .allowedSlots(slots(c, "Preferred_Time_Slot", "Preferred_Day", "Preferred_Hour")))
            case "ConstraintMinDaysBetweenActivities":
                each([acts(c.texts("Activity_Id"))], .minDays(int(c, "MinDays") ?? 1))
            case "ConstraintActivitiesSameStartingTime":
                each([acts(c.texts("Activity_Id"))], .sameStart)
            case "ConstraintActivitiesNotOverlapping":
                each([acts(c.texts("Activity_Id"))], .noOverlap)
            case "ConstraintTwoActivitiesConsecutive":
                each([acts([c.text("First_Activity_Id") ?? "", c.text("Second_Activity_Id") ?? ""])], .consecutive)
            case "ConstraintActivityEndsStudentsDay":
                if let a = acts([c.text("Activity_Id") ?? ""]).first {
                    let others = Set(p.activitySubgroups[a].flatMap { bySubgroup[$0] }).subtracting([a]).sorted()
                    each([[a] + others], .endsDay)
                }
            case "ConstraintTeacherMaxDaysPerWeek":
                each([teacher(c) ?? []], .maxDaysPerWeek(int(c, "Max_Days_Per_Week") ?? p.days))
            case "ConstraintTeachersMaxDaysPerWeek":
                each(byTeacher, .maxDaysPerWeek(int(c, "Max_Days_Per_Week") ?? p.days))
            case "ConstraintTeachersMaxGapsPerWeek": each(byTeacher, .maxGapsPerWeek(int(c, "Max_Gaps") ?? 0))
            case "ConstraintTeacherMaxGapsPerWeek": each([teacher(c) ?? []], .maxGapsPerWeek(int(c, "Max_Gaps") ?? 0))
            case "ConstraintTeachersMaxGapsPerDay": each(byTeacher, .maxGapsPerDay(int(c, "Max_Gaps") ?? 0))
            case "ConstraintTeacherMaxGapsPerDay": each([teacher(c) ?? []], .maxGapsPerDay(int(c, "Max_Gaps") ?? 0))
            case "ConstraintStudentsMaxGapsPerWeek": each(bySubgroup, .maxGapsPerWeek(int(c, "Max_Gaps") ?? 0))
            case "ConstraintStudentsSetMaxGapsPerWeek": each((subgroups(c) ?? []).map { bySubgroup[$0] }, .maxGapsPerWeek(int(c, "Max_Gaps") ?? 0))
            case "ConstraintStudentsMaxGapsPerDay": each(bySubgroup, .maxGapsPerDay(int(c, "Max_Gaps") ?? 0))
            case "ConstraintStudentsSetMaxGapsPerDay": each((subgroups(c) ?? []).map { bySubgroup[$0] }, .maxGapsPerDay(int(c, "Max_Gaps") ?? 0))
            case "ConstraintTeachersMaxHoursDaily": each(byTeacher, .maxHoursDaily(int(c, "Maximum_Hours_Daily") ?? H))
            case "ConstraintTeacherMaxHoursDaily": each([teacher(c) ?? []], .maxHoursDaily(int(c, "Maximum_Hours_Daily") ?? H))
            case "ConstraintStudentsMaxHoursDaily": each(bySubgroup, .maxHoursDaily(int(c, "Maximum_Hours_Daily") ?? H))
            case "ConstraintStudentsSetMaxHoursDaily": each((subgroups(c) ?? []).map { bySubgroup[$0] }, .maxHoursDaily(int(c, "Maximum_Hours_Daily") ?? H))
            case "ConstraintTeachersMinHoursDaily", "ConstraintTeacherMinHoursDaily", "ConstraintStudentsMinHoursDaily", "ConstraintStudentsSetMinHoursDaily":
                let m = int(c, "Minimum_Hours_Daily") ?? 0
                let allow = c.text("Allow_Empty_Days").map(FETReader.bool) ?? c.type.hasPrefix("ConstraintTeacher")
                let groups: [[Int]] = switch c.type {
                case "ConstraintTeachersMinHoursDaily": byTeacher
                case "ConstraintTeacherMinHoursDaily": [teacher(c) ?? []]
                case "ConstraintStudentsMinHoursDaily": bySubgroup
                default: (subgroups(c) ?? []).map { bySubgroup[$0] }
                }
                each(groups, .minHoursDaily(m, allowEmptyDays: allow))
            case "ConstraintTeachersMaxHoursContinuously": each(byTeacher, .maxHoursContinuously(int(c, "Maximum_Hours_Continuously") ?? H))
            case "ConstraintTeacherMaxHoursContinuously": each([teacher(c) ?? []], .maxHoursContinuously(int(c, "Maximum_Hours_Continuously") ?? H))
            case "ConstraintStudentsEarlyMaxBeginningsAtSecondHour":
                each(bySubgroup, .earlyMaxBeginningsAtSecondHour(int(c, "Max_Beginnings_At_Second_Hour") ?? p.days))
            case "ConstraintStudentsSetEarlyMaxBeginningsAtSecondHour":
                each((subgroups(c) ?? []).map { bySubgroup[$0] }, .earlyMaxBeginningsAtSecondHour(int(c, "Max_Beginnings_At_Second_Hour") ?? p.days))
            // Space constraints.
            case "ConstraintActivityPreferredRoom", "ConstraintActivityPreferredRooms":
                let rooms = Set(([c.text("Room")] + c.texts("Preferred_Room").map { Optional($0) }).compactMap { $0.flatMap { roomIndex[$0] } })
                preferRooms(acts([c.text("Activity_Id") ?? ""]), rooms, c)
            case "ConstraintSubjectPreferredRoom", "ConstraintSubjectPreferredRooms":
                let rooms = Set(([c.text("Room")] + c.texts("Preferred_Room").map { Optional($0) }).compactMap { $0.flatMap { roomIndex[$0] } })
                let subject = c.text("Subject")
                preferRooms((0..<n).filter { p.activities[$0].subject == subject }, rooms, c)
            case "ConstraintStudentsSetHomeRoom", "ConstraintStudentsSetHomeRooms":
                let rooms = Set(([c.text("Room")] + c.texts("Preferred_Room").map { Optional($0) }).compactMap { $0.flatMap { roomIndex[$0] } })
                let name = c.text("Students") ?? ""
                preferRooms((0..<n).filter { p.activities[$0].students == [name] }, rooms, c, home: true)
            case "ConstraintTeacherHomeRoom", "ConstraintTeacherHomeRooms":
                let rooms = Set(([c.text("Room")] + c.texts("Preferred_Room").map { Optional($0) }).compactMap { $0.flatMap { roomIndex[$0] } })
                let name = c.text("Teacher") ?? ""
                preferRooms((0..<n).filter { p.activities[$0].teachers == [name] }, rooms, c, home: true)
            case "ConstraintRoomNotAvailableTimes":
                if let r = c.text("Room").flatMap({ roomIndex[$0] }) {
                    let f = slots(c, "Not_Available_Time", "Day", "Hour")
                    for real in p.realRooms[r] {
                        compiled.append(FETRule(type: c.type, kind: .roomForbiddenSlots(room: real, f), activities: [], weightPercentage: w))
                    }
                }
            default:
                ok = false
            }
            if ok {
                p.supported[c.type, default: 0] += 1
                rules.append(contentsOf: compiled)
            } else {
                p.unsupported[c.type, default: 0] += 1
            }
            _ = ci
        }

        // Home rooms count only for activities without a preferred room constraint of their own (as in FET).
        for h in homeRooms { preferRooms(h.activities.filter { !hasOwnRoomRule[$0] }, h.rooms, h.constraint) }
        if let mode = d.mode, mode != "Official" { p.unsupported["Mode \(mode) (timetable semantics of the mode)", default: 0] += 1 }
        // Rooms: an activity with a hard room constraint uses one of those rooms; with only soft ones, one of them.
        for a in 0..<n {
            if let h = hardRooms[a] {
                p.roomDomain[a] = h.sorted()
                if h.isEmpty { list.warning("Activities_List.Activity[id \(p.activities[a].id)]", "its hard room constraints leave no room", fix: "check its preferred rooms in FET") }
            } else {
                p.roomDomain[a] = softRooms[a].sorted()
            }
        }
        // Room clashes over real rooms; room-not-available rules concern every activity that may use the room.
        var byRealRoom = Array(repeating: [Int](), count: p.roomNames.count)
        for a in 0..<n { for r in Set(p.roomDomain[a].flatMap { p.realRooms[$0] }) { byRealRoom[r].append(a) } }
        for (r, acts) in byRealRoom.enumerated() where acts.count > 1 {
            rules.append(FETRule(type: "ConstraintBasicCompulsorySpace", kind: .roomNoOverlap(room: r), activities: acts, weightPercentage: 100))
        }
        for i in rules.indices {
            if case .roomForbiddenSlots(let r, _) = rules[i].kind { rules[i].activities = byRealRoom[r] }
        }
        // Breaks and not-available times are not gaps, nor late beginnings: slots forbidden (hard) to every activity of a gaps or early rule.
        var forbidden = Array(repeating: Set<Int>(), count: n)
        for r in rules where r.isHard { if case .forbiddenSlots(let f) = r.kind { for a in r.activities { forbidden[a].formUnion(f) } } }
        for i in rules.indices {
            switch rules[i].kind {
            case .maxGapsPerWeek, .maxGapsPerDay, .earlyMaxBeginningsAtSecondHour:
                guard let first = rules[i].activities.first else { continue }
                rules[i].notGaps = rules[i].activities.dropFirst().reduce(forbidden[first]) { $0.intersection(forbidden[$1]) }
            default: break
            }
        }
        p.rules = rules.filter { !$0.activities.isEmpty }
        p.diagnostics += list.items
    }
}
