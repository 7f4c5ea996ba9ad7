/// Placeholder while the constructive engine is written.
public struct GreedyEngine: Engine {
    public init() {}
    public var name: String { "greedy" }
    public func solve(_ problem: Problem, parameters: SolveParameters, progress: @escaping @Sendable (Progress) -> Void) -> SolveResult {
        SolveResult(status: .unknown, solution: nil)
    }
}
