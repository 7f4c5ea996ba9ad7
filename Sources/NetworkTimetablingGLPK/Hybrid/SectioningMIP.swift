import Foundation
import TimetablingCore
import TimetablingEngines

/// Student sectioning (``SectioningProblem``) as an integer program solved by GLPK: a binary
/// column per candidate week, one week per student, every section between its least and most
/// students, every computer room's period within its seats. The current weeks (every student's first column) are a solution GLPK starts from,
/// so any answer it returns is at least as cheap.
///
/// ```swift
/// var heuristic = HeuristicEngine()
/// heuristic.sectioning = SectioningMIP()
/// ```
public struct SectioningMIP: SectioningSolver {
    public init() {}

    /// The integer program of `problem`.
    public static func model(_ problem: SectioningProblem) -> LinearModel {
        var model = LinearModel(sense: .minimize)
        var byRow = [[(Int, Double)]](repeating: [], count: problem.most.count)
        for (s, columns) in problem.students.enumerated() {
            var one: [(Int, Double)] = []
            for (c, column) in columns.enumerated() {
                let k = model.addColumn("y_\(s)_\(c)", kind: .binary, objective: column.cost)
                one.append((k, 1))
                for r in column.rows { byRow[Int(r)].append((k, 1)) }
            }
            model.addRow("week_\(s)", terms: one, lower: 1, upper: 1)
        }
        for (r, terms) in byRow.enumerated() where !terms.isEmpty {
            model.addRow("row_\(r)", terms: terms, lower: Double(problem.least[r]), upper: Double(problem.most[r]))
        }
        return model
    }

    public func solve(_ problem: SectioningProblem, seconds: Double, stop: StopFlag) -> [Int]? {
        guard !problem.students.isEmpty, seconds > 0 else { return nil }
        let model = Self.model(problem)
        var solver = GLPKSolver(timeLimit: seconds, relativeGap: 1e-6, presolve: false)
        solver.polishContinuous = false
        var current = [Double](repeating: 0, count: model.columns.count)
        var k = 0
        for columns in problem.students {
            current[k] = 1
            k += columns.count
        }
        solver.initialSolution = current
        guard let outcome = try? solver.solve(model, progress: nil, shouldStop: { stop.isRaised }),
              let values = outcome.values, let objective = outcome.objective else { return nil }
        guard objective < -1e-6 else { return nil }
        var choice: [Int] = []
        k = 0
        for columns in problem.students {
            let picked = (0..<columns.count).first { values[k + $0] > 0.5 } ?? 0
            choice.append(picked)
            k += columns.count
        }
        return choice
    }
}
