import ArgumentParser
import Foundation
import NetworkTimetabling
import TimetablingCore

/// Writes to standard error, where progress and diagnostics go (standard output stays for results).
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes an output file whole or not at all: a temporary file in the same folder, renamed into
/// place (``AtomicFile``). A failure throws ``FileWriteError`` naming the path; `netsched` reports
/// it and exits 2, with no partial file left under `path`.
func writeOutput(_ data: Data, to path: String) throws {
    try AtomicFile.write(data, to: URL(fileURLWithPath: path))
}

func printDiagnostics(_ diagnostics: [Diagnostic], file: String) {
    for d in diagnostics { note("\(file): \(d)") }
}

/// Loads and validates an instance; prints every diagnostic and exits 2 when it has errors.
func loadProblem(_ path: String, quietWarnings: Bool = false) throws -> Problem {
    let loaded = InstanceLoader.load(contentsOf: URL(fileURLWithPath: path))
    let shown = quietWarnings ? loaded.diagnostics.filter { $0.severity == .error } : loaded.diagnostics
    printDiagnostics(shown, file: path)
    guard let problem = loaded.problem, !loaded.hasErrors else {
        let n = loaded.diagnostics.filter { $0.severity == .error }.count
        note("\(path): \(n) error\(n == 1 ? "" : "s"); the instance cannot be used (run `netsched validate \(path)` for the list)")
        throw Exit.unusableInput
    }
    return problem
}

func loadSolution(_ path: String) throws -> Solution {
    let (solution, diagnostics) = SolutionLoader.load(contentsOf: URL(fileURLWithPath: path))
    printDiagnostics(diagnostics, file: path)
    guard let solution else { throw Exit.unusableInput }
    return solution
}

func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Ctrl-C (SIGINT) and SIGTERM (what `kill`, `timeout`, systemd and batch schedulers send) raise
/// `stop` instead of killing the process, so the engine returns its best solution and the command
/// still writes it. Cancel the returned handler when the solve is over.
func stopOnInterrupt(_ stop: StopFlag, output: ProgressOutput = ProgressOutput(format: .text)) -> InterruptHandler {
    InterruptHandler(sources: [(SIGINT, "interrupted"), (SIGTERM, "terminated (SIGTERM)")].map { signalNumber, what in
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler {
            output.note("\(what): stopping the search and writing the best solution so far")
            stop.raise()
        }
        source.resume()
        return source
    })
}

/// The signal handlers of ``stopOnInterrupt(_:output:)``.
struct InterruptHandler {
    let sources: [any DispatchSourceSignal]
    func cancel() { for s in sources { s.cancel() } }
}
