import Foundation
import FuzzDriver
import NetworkTimetabling

/// One input: an instance file's bytes through the loader (JSON, schema, semantic checks, the
/// problem build). Any crash, hang or sanitizer report is a defect; diagnostics are the answer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInstance(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let loaded = InstanceLoader.load(data: Data(bytes: start, count: count))
    if let problem = loaded.problem {
        // A usable instance must give a usable problem that every reader of it can walk.
        _ = Checker(problem).check(Solution(instance: problem.instance.name))
    }
    return 0
}

@_cdecl("fuzz_instance_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzInstance)
}
