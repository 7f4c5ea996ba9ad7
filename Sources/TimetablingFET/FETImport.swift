import TimetablingCore
/// Turns a solved FET timetable into busy periods of a network instance's classes, teachers and rooms.
///
/// Every placed, active activity makes busy, at each (day, hour) it occupies:
/// - the classes mapped from its students sets — a set counts with the sets that contain it and
///   the sets it contains (a lesson of subgroup `10a-fr` occupies whatever `10a` or year `10` maps to);
/// - the teachers mapped from its teachers;
/// - the rooms mapped from its room (and the real rooms of a virtual room).
///
/// Nothing goes missing silently: each FET name met in the timetable that the mapping does not
/// cover is one diagnostic with the number of activities and periods it concerns (an error, or a
/// warning with ``Options/allowUnmapped``); names mapped to `null` are counted in the statistics.
///
/// ```swift
/// let fet = try FETReader.read(contentsOf: fetURL).document
/// let result = FETImport.apply(fet, mapping: mapping, to: instance)
/// if !result.hasErrors { try save(result.instance) }
/// ```
///
/// Cost: O(activities × (students sets' relatives + teachers + rooms) × duration).
public enum FETImport {
    public struct Options: Sendable {
        /// Clear the busy periods of every class, teacher and room the mapping names before adding.
        public var replace: Bool
        /// Report unmapped names as warnings instead of errors.
        public var allowUnmapped: Bool
        public init(replace: Bool = false, allowUnmapped: Bool = false) {
            self.replace = replace
            self.allowUnmapped = allowUnmapped
        }
    }

    public struct Statistics: Sendable, Equatable, Codable {
        public var activities = 0
        public var activeActivities = 0
        public var placedActivities = 0
        public var unplacedActivities = 0
        /// Placed activities that made at least one class, teacher or room busy.
        public var importedActivities = 0
        /// (day, period) entries added that were not busy before.
        public var classPeriodsAdded = 0
        public var teacherPeriodsAdded = 0
        public var roomPeriodsAdded = 0
        /// Uses of names mapped to `null` (per activity and name).
        public var ignoredUses = 0
        /// Uses of names the mapping does not cover (per activity and name).
        public var unmappedUses = 0
    }

    public struct Result: Sendable {
        public var instance: Instance
        public var diagnostics: [Diagnostic]
        public var statistics: Statistics
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public static func apply(_ document: FETDocument, mapping: FETMapping, to instance: Instance,
                             options: Options = .init()) -> Result {
        var list = DiagnosticList()
        let placements = FETPlacements(document)
        list.append(contentsOf: placements.diagnostics)
        checkMapping(mapping, document: document, instance: instance, &list)

        var out = instance
        var stats = Statistics()
        stats.activities = document.activities.count
        stats.activeActivities = document.activities.filter(\.active).count
        stats.placedActivities = placements.byActivity.count
        stats.unplacedActivities = placements.unplaced.count
        if !placements.unplaced.isEmpty {
            let shown = placements.unplaced.prefix(10).map(String.init).joined(separator: ", ")
            list.warning("Activities_List", "\(placements.unplaced.count) active activit\(placements.unplaced.count == 1 ? "y has" : "ies have") no starting time (ids \(shown)\(placements.unplaced.count > 10 ? ", …" : "")); they make nobody busy",
                         fix: "pass the *_data_and_timetable.fet file FET writes after generating a timetable")
        }

        let classIndex = Dictionary(uniqueKeysWithValues: out.classes.enumerated().map { ($1.id, $0) })
        let teacherIndex = Dictionary(uniqueKeysWithValues: out.teachers.enumerated().map { ($1.id, $0) })
        let roomIndex = Dictionary(uniqueKeysWithValues: out.rooms.enumerated().map { ($1.id, $0) })
        if options.replace {
            for e in mapping.students.values { for id in e.value?.ids ?? [] { if let i = classIndex[id] { out.classes[i].busy = [:] } } }
            for e in mapping.teachers.values { if let id = e.value, let i = teacherIndex[id] { out.teachers[i].busy = [:] } }
            for e in mapping.rooms.values { if let id = e.value, let i = roomIndex[id] { out.rooms[i].busy = [:] } }
        }

        let hierarchy = document.studentsHierarchy
        // Unmapped name → (activities, periods), per category, in order of first use.
        var unmapped: [String: [(name: String, activities: Int, periods: Int)]] = [:]
        func missing(_ category: String, _ name: String, periods: Int) {
            stats.unmappedUses += 1
            var rows = unmapped[category, default: []]
            if let i = rows.firstIndex(where: { $0.name == name }) {
                rows[i].activities += 1
                rows[i].periods += periods
            } else {
                rows.append((name, 1, periods))
            }
            unmapped[category] = rows
        }
        var classBusy: [Int: [String: Set<Int>]] = [:], teacherBusy: [Int: [String: Set<Int>]] = [:], roomBusy: [Int: [String: Set<Int>]] = [:]

        for activity in document.activities where activity.active {
            guard let placement = placements.byActivity[activity.id] else { continue }
            let hours = FETPlacements.hours(of: activity, startingAt: placement.hour, in: document)
            var slots: [(day: String, period: Int)] = []
            switch mapping.days[placement.day] ?? .unfilled {
            case .to(let day):
                for h in hours {
                    switch mapping.hours[h] ?? .unfilled {
                    case .to(let p): slots.append((day, p))
                    case .ignored: stats.ignoredUses += 1
                    case .unfilled: missing("hours", h, periods: 1)
                    }
                }
            case .ignored: stats.ignoredUses += 1
            case .unfilled: missing("days", placement.day, periods: hours.count)
            }

            var classes: Set<Int> = [], teachers: Set<Int> = [], rooms: Set<Int> = []
            for s in activity.students {
                var covered = false
                for r in hierarchy.related(s) {
                    switch mapping.students[r] ?? .unfilled {
                    case .to(let ids):
                        covered = true
                        for id in ids.ids { if let i = classIndex[id] { classes.insert(i) } }
                    case .ignored: covered = true
                    case .unfilled: break
                    }
                }
                if !covered { missing("students", s, periods: hours.count) }
                else if mapping.students[s] == .ignored { stats.ignoredUses += 1 }
            }
            for t in activity.teachers {
                switch mapping.teachers[t] ?? .unfilled {
                case .to(let id): if let i = teacherIndex[id] { teachers.insert(i) }
                case .ignored: stats.ignoredUses += 1
                case .unfilled: missing("teachers", t, periods: hours.count)
                }
            }
            for r in placement.rooms {
                switch mapping.rooms[r] ?? .unfilled {
                case .to(let id): if let i = roomIndex[id] { rooms.insert(i) }
                case .ignored: stats.ignoredUses += 1
                case .unfilled: missing("rooms", r, periods: hours.count)
                }
            }
            if !slots.isEmpty, !(classes.isEmpty && teachers.isEmpty && rooms.isEmpty) { stats.importedActivities += 1 }
            for (day, p) in slots {
                for i in classes { classBusy[i, default: [:]][day, default: []].insert(p) }
                for i in teachers { teacherBusy[i, default: [:]][day, default: []].insert(p) }
                for i in rooms { roomBusy[i, default: [:]][day, default: []].insert(p) }
            }
        }

        func merge(_ busy: inout BusyPeriods, _ add: [String: Set<Int>]) -> Int {
            var added = 0
            for (day, periods) in add {
                var set = Set(busy[day] ?? [])
                let before = set.count
                set.formUnion(periods)
                added += set.count - before
                busy[day] = set.sorted()
            }
            return added
        }
        for (i, add) in classBusy { stats.classPeriodsAdded += merge(&out.classes[i].busy, add) }
        for (i, add) in teacherBusy { stats.teacherPeriodsAdded += merge(&out.teachers[i].busy, add) }
        for (i, add) in roomBusy { stats.roomPeriodsAdded += merge(&out.rooms[i].busy, add) }

        let singular = ["days": "day", "hours": "hour", "students": "students set", "teachers": "teacher", "rooms": "room"]
        for category in ["days", "hours", "students", "teachers", "rooms"] {
            for row in unmapped[category] ?? [] {
                let message = "FET \(singular[category]!) \"\(row.name)\" is not mapped; it appears in \(row.activities) placed activit\(row.activities == 1 ? "y" : "ies") (\(row.periods) period\(row.periods == 1 ? "" : "s"))"
                let fix = "add \"\(row.name)\" to \"\(category)\" in the mapping file, with an instance id or null to leave it out"
                if options.allowUnmapped {
                    list.warning("mapping.\(category)[\"\(row.name)\"]", message, fix: fix)
                } else {
                    list.error("mapping.\(category)[\"\(row.name)\"]", message, fix: fix)
                }
            }
        }
        return Result(instance: out, diagnostics: list.items, statistics: stats)
    }

    /// Every id the mapping names must exist in the instance; every name should exist in the file.
    static func checkMapping(_ m: FETMapping, document: FETDocument, instance: Instance, _ list: inout DiagnosticList) {
        if m.formatVersion != 1 {
            list.error("mapping.formatVersion", "format version \(m.formatVersion) is not known", fix: "use 1")
        }
        let days = Set(instance.calendar.days), classes = Set(instance.classes.map(\.id))
        let teachers = Set(instance.teachers.map(\.id)), rooms = Set(instance.rooms.map(\.id))
        let periods = instance.calendar.periods.count
        for (name, e) in m.days.sorted(by: { $0.key < $1.key }) {
            if let d = e.value, !days.contains(d) {
                list.error("mapping.days[\"\(name)\"]", "unknown day id \"\(d)\"", fix: "use one of \(instance.calendar.days.joined(separator: ", "))")
            }
        }
        for (name, e) in m.hours.sorted(by: { $0.key < $1.key }) {
            if let p = e.value, !(1...max(1, periods)).contains(p) || periods == 0 {
                list.error("mapping.hours[\"\(name)\"]", "period \(p) is not in the calendar", fix: "use a period number from 1 to \(periods)")
            }
        }
        for (name, e) in m.students.sorted(by: { $0.key < $1.key }) {
            for id in e.value?.ids ?? [] where !classes.contains(id) {
                list.error("mapping.students[\"\(name)\"]", "unknown class id \"\(id)\"", fix: "use the id of one of the instance's \(classes.count) classes")
            }
        }
        for (name, e) in m.teachers.sorted(by: { $0.key < $1.key }) {
            if let id = e.value, !teachers.contains(id) {
                list.error("mapping.teachers[\"\(name)\"]", "unknown teacher id \"\(id)\"", fix: "use the id of one of the instance's teachers")
            }
        }
        for (name, e) in m.rooms.sorted(by: { $0.key < $1.key }) {
            if let id = e.value, !rooms.contains(id) {
                list.error("mapping.rooms[\"\(name)\"]", "unknown room id \"\(id)\"", fix: "use the id of one of the instance's rooms")
            }
        }
        // Names that are not in the FET file are probably typos.
        let known: [(String, [String], Set<String>)] = [
            ("days", Array(m.days.keys), Set(document.days)), ("hours", Array(m.hours.keys), Set(document.hours)),
            ("students", Array(m.students.keys), Set(document.studentsHierarchy.names)),
            ("teachers", Array(m.teachers.keys), Set(document.teachers)), ("rooms", Array(m.rooms.keys), Set(document.rooms.map(\.name))),
        ]
        for (category, keys, names) in known {
            for k in keys.sorted() where !names.contains(k) {
                list.warning("mapping.\(category)[\"\(k)\"]", "the FET file has no such name", fix: "check the spelling against the FET file")
            }
        }
    }
}
