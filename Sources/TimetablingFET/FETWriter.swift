import Foundation
import TimetablingCore

/// Writes a timetable back into a FET file, the way FET records a solved timetable: one
/// `ConstraintActivityPreferredStartingTime` (weight 100) per placed activity and one
/// `ConstraintActivityPreferredRoom` (weight 100, with the real rooms of a virtual room) per
/// activity with a room, added at the end of the constraint lists. The rest of the file is kept
/// byte for byte, so FET opens the result and its editor and printouts work as before.
public enum FETWriter {
    public enum Failure: Error, CustomStringConvertible {
        case noConstraintLists
        public var description: String { "the file has no <Time_Constraints_List> and <Space_Constraints_List> to add the timetable to" }
    }

    public static func write(_ assignment: FETAssignment, of problem: FETProblem, into original: Data, locked: Bool = false) throws -> Data {
        var text = String(decoding: original, as: UTF8.self)
        let d = problem.document
        var time = "", space = ""
        for (a, activity) in problem.activities.enumerated() {
            let s = assignment.start[a]
            guard s >= 0, s < problem.slots else { continue }
            time += """
                <ConstraintActivityPreferredStartingTime>
                \t<Weight_Percentage>100</Weight_Percentage>
                \t<Activity_Id>\(activity.id)</Activity_Id>
                \t<Preferred_Day>\(escape(d.days[s / problem.hours]))</Preferred_Day>
                \t<Preferred_Hour>\(escape(d.hours[s % problem.hours]))</Preferred_Hour>
                \t<Permanently_Locked>\(locked)</Permanently_Locked>
                \t<Active>true</Active>
                \t<Comments></Comments>
                </ConstraintActivityPreferredStartingTime>

                """
            let r = assignment.room[a]
            guard r >= 0, r < d.rooms.count else { continue }
            var real = ""
            if d.rooms[r].isVirtual {
                let names = problem.realRooms[r].map { problem.roomNames[$0] }.filter { $0 != d.rooms[r].name }
                real = "\t<Number_of_Real_Rooms>\(names.count)</Number_of_Real_Rooms>\n" + names.map { "\t<Real_Room>\(escape($0))</Real_Room>\n" }.joined()
            }
            space += """
                <ConstraintActivityPreferredRoom>
                \t<Weight_Percentage>100</Weight_Percentage>
                \t<Activity_Id>\(activity.id)</Activity_Id>
                \t<Room>\(escape(d.rooms[r].name))</Room>
                \(real)\t<Permanently_Locked>\(locked)</Permanently_Locked>
                \t<Active>true</Active>
                \t<Comments></Comments>
                </ConstraintActivityPreferredRoom>

                """
        }
        for (list, added) in [("Time_Constraints_List", time), ("Space_Constraints_List", space)] {
            if let end = text.range(of: "</\(list)>", options: .backwards) {
                text.replaceSubrange(end, with: added + "</\(list)>")
            } else if let empty = text.range(of: "<\(list)/>") {
                text.replaceSubrange(empty, with: "<\(list)>\n" + added + "</\(list)>")
            } else {
                throw Failure.noConstraintLists
            }
        }
        return Data(text.utf8)
    }

    /// Element text; apostrophes stay as they are in the names the file already holds.
    private static func escape(_ s: String) -> String { Escaping.xml(s, apostrophe: false) }
}
