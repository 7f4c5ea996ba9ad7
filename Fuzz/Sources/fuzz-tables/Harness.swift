import Foundation
import FuzzDriver
import NetworkTimetabling
import TimetablingTables

/// A folder with Examples/tiny.json's tables (or $FUZZ_INSTANCE's), Russian headers, as
/// `netsched export-tables` writes them; each input replaces one of its files.
let folder: (url: URL, files: [(name: String, data: Data)]) = {
    let path = ProcessInfo.processInfo.environment["FUZZ_INSTANCE"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Examples/tiny.json").path
    guard let instance = InstanceLoader.load(contentsOf: URL(fileURLWithPath: path)).instance,
          let tables = try? TableExport.tables(of: instance) else {
        fatalError("fuzz-tables: cannot load the instance \(path) or export its tables")
    }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-tables-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    let files = tables.sorted { $0.key < $1.key }.map { (name: $0.key, data: $0.value) }
    for f in files { try? f.data.write(to: url.appendingPathComponent(f.name)) }
    return (url, files)
}()

/// One input: its first byte picks the table, the rest is that file's bytes; the folder is read
/// and validated, then the file is put back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTables(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let file = folder.files[Int(start[0]) % folder.files.count]
    let target = folder.url.appendingPathComponent(file.name)
    try? Data(bytes: start + 1, count: count - 1).write(to: target)
    if let read = try? TableImport.read(folder: folder.url) { _ = TableImport.validate(read) }
    try? file.data.write(to: target)
    return 0
}

@_cdecl("fuzz_tables_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzTables)
}
