import Foundation
import FuzzDriver
import TimetablingFET

/// One input: a FET file's bytes through the reader (XML, activities, constraints).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFET(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = try? FETReader.read(data: Data(bytes: start, count: count))
    return 0
}

@_cdecl("fuzz_fet_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzFET)
}
