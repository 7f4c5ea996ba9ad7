import TimetablingCore
/// Where a solved FET file puts each activity.
///
/// FET writes a solved timetable (`*_data_and_timetable.fet`) as ordinary constraints: for
/// every placed activity a `ConstraintActivityPreferredStartingTime` with weight 100 (day and
/// hour) and, when it has a room, a `ConstraintActivityPreferredRoom` with weight 100 (the room
/// and, for a virtual room, its real rooms). This reads those back. Active activities without a
/// full starting time are listed in ``unplaced``; contradicting placements are errors.
///
/// Cost: O(constraints + activities).
public struct FETPlacements: Sendable {
    public struct Placement: Sendable, Equatable {
        public var day: String
        public var hour: String
        /// The room, then the real rooms of a virtual room; empty when the activity has no room.
        public var rooms: [String]
    }

    /// Placement by activity id.
    public var byActivity: [Int: Placement] = [:]
    /// Ids of active activities that have no starting time, in file order.
    public var unplaced: [Int] = []
    public var diagnostics: [Diagnostic] = []

    public init(_ document: FETDocument) {
        var list = DiagnosticList()
        var times: [Int: (day: String, hour: String)] = [:]
        var rooms: [Int: [String]] = [:]
        for (i, c) in document.timeConstraints.enumerated()
        where c.type == "ConstraintActivityPreferredStartingTime" && c.active && c.isHard {
            guard let id = Int(c.text("Activity_Id") ?? ""), let day = c.text("Preferred_Day"),
                  let hour = c.text("Preferred_Hour"), !day.isEmpty, !hour.isEmpty else { continue }
            let path = "Time_Constraints_List[\(i)] (line \(c.element.line))"
            if let old = times[id], old != (day, hour) {
                list.error(path, "activity \(id) is placed twice: \(old.day) \(old.hour) and \(day) \(hour)",
                           fix: "keep one ConstraintActivityPreferredStartingTime per activity")
                continue
            }
            times[id] = (day, hour)
        }
        for (i, c) in document.spaceConstraints.enumerated()
        where c.type == "ConstraintActivityPreferredRoom" && c.active && c.isHard {
            guard let id = Int(c.text("Activity_Id") ?? ""), let room = c.text("Room"), !room.isEmpty else { continue }
            let placed = [room] + c.texts("Real_Room").filter { !$0.isEmpty }
            let path = "Space_Constraints_List[\(i)] (line \(c.element.line))"
            if let old = rooms[id], old.first == room {
                // The file's own preferred room and FET's placement with the real rooms chosen.
                if placed.count > old.count { rooms[id] = placed }
                continue
            }
            if let old = rooms[id], old != placed {
                list.error(path, "activity \(id) is put in two rooms: \(old.joined(separator: "+")) and \(placed.joined(separator: "+"))",
                           fix: "keep one ConstraintActivityPreferredRoom per activity")
                continue
            }
            rooms[id] = placed
        }
        let activityIds = Set(document.activities.map(\.id))
        for id in times.keys.sorted() where !activityIds.contains(id) {
            list.warning("Time_Constraints_List", "a starting time is given for activity \(id), which the file does not define",
                         fix: "remove the constraint in FET")
        }
        let days = Set(document.days), hours = Set(document.hours)
        for a in document.activities where a.active {
            guard let t = times[a.id] else {
                unplaced.append(a.id)
                continue
            }
            let path = "Activities_List.Activity[id \(a.id)] (line \(a.line))"
            guard days.contains(t.day), let h = document.hours.firstIndex(of: t.hour), hours.contains(t.hour) else {
                list.error(path, "activity \(a.id) starts at \(t.day) \(t.hour), which is not a day and hour of the file",
                           fix: "open the file in FET and save it again")
                continue
            }
            if h + a.duration > document.hours.count {
                list.error(path, "activity \(a.id) (\(a.duration) hours) starting at \(t.hour) runs past the last hour",
                           fix: "solve the file again in FET")
                continue
            }
            byActivity[a.id] = Placement(day: t.day, hour: t.hour, rooms: rooms[a.id] ?? [])
        }
        diagnostics = list.items
    }

    /// Hours an activity occupies: its starting hour and the `duration - 1` hours after it.
    public static func hours(of activity: FETActivity, startingAt hour: String, in document: FETDocument) -> [String] {
        guard let h = document.hours.firstIndex(of: hour) else { return [] }
        return Array(document.hours[h..<min(document.hours.count, h + activity.duration)])
    }
}
