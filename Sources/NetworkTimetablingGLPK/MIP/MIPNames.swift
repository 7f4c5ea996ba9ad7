import TimetablingCore
import TimetablingEngines

/// Instance ids made safe for row and column names of CPLEX LP and MPS files.
///
/// GLPK's LP writer accepts letters, digits and a few symbols (not `-` or `+`, which are
/// operators) and at most 255 characters; it silently replaces names it cannot write. Each id
/// keeps its letters and digits, other characters become `_`, and when two ids of one kind
/// collide after that, the later ones get their index appended.
struct MIPNames {
    let students: [String]
    let teachers: [String]
    let courses: [String]
    let sites: [String]
    let rooms: [String]
    let days: [String]
    let runs: [String]

    init(problem: Problem) {
        let inst = problem.instance
        students = MIPNames.unique(inst.students.map(\.id))
        teachers = MIPNames.unique(inst.teachers.map(\.id))
        courses = MIPNames.unique(inst.courses.map(\.id))
        sites = MIPNames.unique(inst.sites.map(\.id))
        rooms = MIPNames.unique(inst.rooms.map(\.id))
        days = MIPNames.unique(inst.calendar.days)
        runs = MIPNames.unique(inst.transport.busRuns.map(\.id))
    }

    static func sanitize(_ id: String) -> String {
        var out = ""
        for u in id.unicodeScalars {
            if u.isASCII, u.properties.isAlphabetic || (u.value >= 48 && u.value <= 57) || u == "_" {
                out.unicodeScalars.append(u)
            } else {
                out.append("_")
            }
        }
        if out.count > 60 { out = String(out.prefix(60)) }
        return out.isEmpty ? "_" : out
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.enumerated().map { i, id in
            var name = sanitize(id)
            if !seen.insert(name).inserted {
                name += "_i\(i)"
                seen.insert(name)
            }
            return name
        }
    }

    /// `mon_p3` for slot (day, period), periods 1-based.
    func slot(_ slot: Int, periods: Int) -> String { "\(days[slot / periods])_p\(slot % periods + 1)" }

    /// A name cut to GLPK's 255 characters, keeping it unique with a numeric suffix.
    static func fit(_ name: String, serial: Int) -> String {
        name.utf8.count <= 255 ? name : String(name.prefix(230)) + "_n\(serial)"
    }
}
