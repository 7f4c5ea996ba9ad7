import Foundation
import FuzzDriver
import NetworkTimetabling

/// The instance the solutions are judged against: Examples/tiny.json (or $FUZZ_INSTANCE).
let instance: Problem = {
    let path = ProcessInfo.processInfo.environment["FUZZ_INSTANCE"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Examples/tiny.json").path
    guard let problem = InstanceLoader.load(contentsOf: URL(fileURLWithPath: path)).problem else {
        fatalError("fuzz-solution: cannot load the instance \(path)")
    }
    return problem
}()

/// One input: a solution file's bytes through the loader, then the checker against the instance
/// (references resolved, every rule judged, the objective).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSolution(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let solution = SolutionLoader.load(data: Data(bytes: start, count: count)).solution {
        _ = Checker(instance).check(solution)
    }
    return 0
}

@_cdecl("fuzz_solution_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzSolution)
}
