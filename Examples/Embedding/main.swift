// How another Swift program embeds the engine: load an instance, solve it, check the result,
// and read each student's route from the solution. Run it with
//     swift run embedding-example Examples/tiny.json
import Foundation
import NetworkTimetabling

let path = CommandLine.arguments.dropFirst().first ?? "Examples/tiny.json"

// 1. Load and validate: every problem comes back as a diagnostic with its place in the file.
let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: path))
for diagnostic in loaded.diagnostics { print(diagnostic) }
guard let problem = loaded.problem else {
    print("the instance has errors; nothing to solve")
    exit(2)
}

// 2. Solve with any registered engine, following progress through the callback.
let engine = EngineRegistry.shared.engine(named: "greedy")!
let result = engine.run(problem, parameters: SolveParameters(timeLimit: 10, seed: 7)) { progress in
    print("progress:", progress)
}
guard let solution = result.solution else {
    print("no solution: \(result.status)")
    exit(3)
}

// 3. The checker, not the engine, says whether the timetable is right and what it costs.
let report = Checker(problem).check(solution)
print("feasible: \(report.feasible), objective: \(report.objective)")

// 4. Read the result: each student's sections and meetings.
let sections = Dictionary(uniqueKeysWithValues: solution.sections.map { ($0.id, $0) })
for student in problem.instance.students {
    let mine = solution.assignments.filter { $0.student == student.id }
    let lines = mine.compactMap { a -> String? in
        guard let s = sections[a.section] else { return nil }
        let times = s.meetings.map { "\($0.day) p\($0.period)" }.joined(separator: ", ")
        return "\(s.course) (\(s.mode.rawValue) at \(s.site); \(times))"
    }
    print("\(student.id): " + (lines.isEmpty ? "no network courses" : lines.joined(separator: "; ")))
}
for u in solution.unsatisfied { print("not granted: \(u.student) request \(u.request): \(u.reason)") }
