import Foundation
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

/// SwiftPM links an executable's entry point as `fuzz_solution_main`: it hands over to libFuzzer's driver.
@_cdecl("fuzz_solution_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzSolution)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
