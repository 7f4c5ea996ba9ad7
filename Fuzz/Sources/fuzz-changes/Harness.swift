import Foundation
import FuzzDriver
import NetworkTimetabling

/// The instance and published timetable the changes apply to: Examples/tiny.json and its greedy
/// timetable (or $FUZZ_INSTANCE).
let base: (instance: Instance, published: Solution) = {
    let path = ProcessInfo.processInfo.environment["FUZZ_INSTANCE"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Examples/tiny.json").path
    guard let problem = InstanceLoader.load(contentsOf: URL(fileURLWithPath: path)).problem,
          let published = GreedyEngine().run(problem, parameters: SolveParameters(timeLimit: 5)).solution else {
        fatalError("fuzz-changes: cannot load the instance \(path) or build its timetable")
    }
    return (problem.instance, published)
}()

/// One input: a change set's bytes through the loader, then applied to the instance.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChanges(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let changes = ChangeSetLoader.load(data: Data(bytes: start, count: count)).changes {
        _ = try? changes.apply(to: base.instance, published: base.published)
    }
    return 0
}

@_cdecl("fuzz_changes_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzChanges)
}
