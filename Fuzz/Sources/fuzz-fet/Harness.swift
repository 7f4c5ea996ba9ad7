import Foundation
import TimetablingFET

/// One input: a FET file's bytes through the reader (XML, activities, constraints).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFET(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = try? FETReader.read(data: Data(bytes: start, count: count))
    return 0
}

/// SwiftPM links an executable's entry point as `fuzz_fet_main`: it hands over to libFuzzer's driver.
@_cdecl("fuzz_fet_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzFET)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
