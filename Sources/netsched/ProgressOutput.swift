import ArgumentParser
import Foundation
import NetworkTimetabling

/// How `netsched solve` writes progress on standard error.
enum ProgressFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `[heuristic   12.34s] search incumbent=7108.10 required-unmet=0 …`, for people.
    case text
    /// One JSON object per line, every key present (``SolveProgress/jsonLine``), for scripts and
    /// `netsched bench`.
    case json
    /// Nothing.
    case none
}

/// Renders an engine's ``SolveProgress`` values, and the command's own notes, in one format.
/// In JSON every line is a progress object: a note becomes one from the engine `netsched` in
/// the `start` phase with the note as its message, so a reader needs one parser.
struct ProgressOutput: Sendable {
    var format: ProgressFormat

    func emit(_ progress: SolveProgress) {
        switch format {
        case .text: Self.write(progress.description)
        case .json: Self.write(progress.jsonLine)
        case .none: break
        }
    }

    func note(_ text: String) {
        switch format {
        case .text: Self.write(text)
        case .json: emit(SolveProgress(engine: "netsched", elapsed: 0, phase: .start, message: text))
        case .none: break
        }
    }

    private static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
