import Foundation
import NetworkTimetabling

/// The coverage lines of `netsched check`: the network against its target, then one line per
/// school with its own share (``Coverage``).
func renderCoverage(_ c: Coverage) -> String {
    func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
    func against(_ basis: Coverage.Basis) -> String {
        switch basis {
        case .headcount: "senior students"
        case .instanceStudents: "students in the instance"
        case .mixed: "(senior students; students in the instance where no headcount is given)"
        }
    }
    func verdict(_ row: Coverage.Row) -> String {
        guard c.target != nil else { return "" }
        return row.targetMet.map { $0 ? "met" : "below target" } ?? "no students"
    }
    let n = c.network
    var head = "coverage (individual curriculum granted in full): \(n.covered) of \(n.denominator) \(against(n.basis))"
    if let share = n.share { head += ", " + percent(share) }
    if let target = c.target {
        head += "; target \(percent(target)): " + (n.targetMet.map { $0 ? "met" : "NOT met" } ?? "no students")
    } else {
        head += "; no target (coverageTarget)"
    }
    var lines = [head]
    let width = max(c.schools.map { $0.site?.count ?? 0 }.max() ?? 0, 6)
    for row in c.schools {
        let site = (row.site ?? "").padding(toLength: width, withPad: " ", startingAt: 0)
        let count = String(format: "%5d of %5d", row.covered, row.denominator)
        let basis = row.basis == .headcount ? "senior" : "in instance"
        let share = (row.share.map(percent) ?? "-").leftPadded(to: 7)
        var line = "  \(site) \(count) \(basis.padding(toLength: 11, withPad: " ", startingAt: 0)) \(share)  \(verdict(row))"
        while line.hasSuffix(" ") { line.removeLast() }
        lines.append(line)
    }
    return lines.joined(separator: "\n")
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
