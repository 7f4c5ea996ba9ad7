/// Rules about rooms slot by slot: `room-clash` and `online-seats`.
///
/// A room has, per slot, three kinds of use: its site's regular timetable (busy), section
/// meetings, and students joining online lessons from its computers (any number of them, up
/// to its computer seats, count as one use). More than one use in a slot is a clash.
/// O(rooms × slots + meeting periods + online assignments).
extension Checker.Evaluation {
    mutating func judgeRoomUse() {
        let slots = problem.slotCount
        let roomCount = problem.rooms.count
        var meetings = [Int32](repeating: 0, count: roomCount * slots)
        var joiners = [Int32](repeating: 0, count: roomCount * slots)
        for s in solution.sections {
            for m in s.meetings {
                for k in 0..<m.length { meetings[m.room * slots + problem.slot(day: m.day, period: m.period + k)] += 1 }
            }
        }
        for a in solution.assignments {
            let s = solution.sections[a.section]
            guard let room = a.onlineRoom, !a.fromHome else { continue }
            for m in s.meetings where s.heldOnline(m) {
                for k in 0..<m.length { joiners[room * slots + problem.slot(day: m.day, period: m.period + k)] += 1 }
            }
        }
        let periods = problem.periodCount
        for r in 0..<roomCount {
            let room = problem.rooms[r]
            for slot in 0..<slots {
                let m = Int(meetings[r * slots + slot]), j = Int(joiners[r * slots + slot]), busy = room.busy[slot]
                if m == 0 && j == 0 { continue }
                let uses = m + (busy ? 1 : 0) + (j > 0 ? 1 : 0)
                let day = slot / periods, period = slot % periods
                if uses > 1 {
                    var parts: [String] = []
                    if m > 0 { parts.append(m == 1 ? "1 meeting" : "\(m) meetings") }
                    if busy { parts.append("its regular timetable") }
                    if j > 0 { parts.append("\(j) student\(j == 1 ? "" : "s") joining online") }
                    found.add(.roomClash, who: roomId(r), day: day, period: period,
                              "room \(roomId(r)) has \(parts.joined(separator: ", ")) on \(dayId(day)) period \(period + 1); one use at a time")
                }
                if j > room.computerSeats {
                    found.add(.onlineSeats, who: roomId(r), day: day, period: period,
                              "\(j) students join online from room \(roomId(r)) on \(dayId(day)) period \(period + 1); it has \(room.computerSeats) computer seats")
                }
            }
        }
    }
}
