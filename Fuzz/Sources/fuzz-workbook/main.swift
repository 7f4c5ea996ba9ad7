import Foundation
import FuzzDriver
import NetworkTimetabling
import TimetablingTables
import ZIPFoundation

/// The parts of Examples/tiny.json's workbook (or $FUZZ_INSTANCE's), Russian headers, as
/// `netsched export-tables --out X.xlsx` writes it, unpacked.
let parts: [(path: String, data: Data)] = {
    let path = ProcessInfo.processInfo.environment["FUZZ_INSTANCE"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Examples/tiny.json").path
    guard let instance = InstanceLoader.load(contentsOf: URL(fileURLWithPath: path)).instance,
          let xlsx = try? TableExport.workbook(of: instance).xlsx(),
          let archive = try? Archive(data: xlsx, accessMode: .read) else {
        fatalError("fuzz-workbook: cannot load the instance \(path) or write its workbook")
    }
    var out: [(path: String, data: Data)] = []
    for entry in archive {
        var data = Data()
        _ = try? archive.extract(entry) { data.append($0) }
        out.append((entry.path, data))
    }
    return out.sorted { $0.path < $1.path }
}()

/// One input. First byte below 0x80: it picks a part of the workbook (workbook.xml, a sheet, …),
/// the rest replaces that part, the archive is packed again and read; 0x80 and above: the rest is
/// the whole file. Either way the workbook read is then read as tables and validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkbook(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let body = Data(bytes: start + 1, count: count - 1)
    let file: Data
    if start[0] >= 0x80 {
        file = body
    } else {
        let k = Int(start[0]) % parts.count
        guard let archive = try? Archive(data: Data(), accessMode: .create) else { return 0 }
        for (i, part) in parts.enumerated() {
            let data = i == k ? body : part.data
            try? archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let packed = archive.data else { return 0 }
        file = packed
    }
    if let book = try? Workbook.read(xlsx: file), let read = try? TableImport.read(workbook: book) {
        _ = TableImport.validate(read)
    }
    return 0
}

@_cdecl("fuzz_workbook_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzWorkbook)
}
