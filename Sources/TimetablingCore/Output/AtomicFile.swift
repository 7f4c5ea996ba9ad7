import Foundation

/// A file that could not be written: the path and the system's reason ("Permission denied",
/// "No space left on device", "Not a directory", …). Nothing was left under that path.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes a file whole or not at all: the bytes go to a temporary file in the same folder, which
/// is flushed to disk and then renamed over the final name (a rename within one file system is
/// atomic). On any failure (a read-only folder, a full disk, a file size limit) the temporary
/// file is removed and a ``FileWriteError`` names the final path; a file already there keeps its
/// old contents. Every file the CLI and the library's writers produce goes through here.
///
/// ```swift
/// try AtomicFile.write(data, to: URL(fileURLWithPath: "solution.json"))
/// try AtomicFile.write(to: url) { temporary in try glpkWrite(model, temporary.path) }
/// ```
package enum AtomicFile {
    /// Writes `data` to `url`, atomically. O(bytes).
    package static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in
            let fd = open(temporary.path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard fd >= 0 else { throw FileWriteError(path: url.path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < buffer.count {
                    let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw FileWriteError(path: url.path, reason: String(cString: strerror(errno)))
                    }
                    offset += n
                }
            }
            if fsync(fd) != 0 && errno != EINVAL { throw FileWriteError(path: url.path, reason: String(cString: strerror(errno))) }
        }
    }

    /// Creates an empty temporary file next to `url`, lets `body` fill it (by its path), then
    /// renames it to `url`. `body` may throw; the temporary file is removed on every failure.
    package static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        var temporary: URL
        var attempt = 0
        while true {
            temporary = folder.appendingPathComponent(".\(name).\(getpid()).\(attempt).tmp")
            // Permissions as an ordinary new file: 0666 less the umask.
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                close(fd)
                break
            }
            if errno == EEXIST && attempt < 100 {
                attempt += 1
                continue
            }
            throw FileWriteError(path: url.path, reason: String(cString: strerror(errno)))
        }
        do {
            try body(temporary)
            if rename(temporary.path, url.path) != 0 { throw FileWriteError(path: url.path, reason: String(cString: strerror(errno))) }
        } catch let error as FileWriteError {
            unlink(temporary.path)
            throw error
        } catch {
            unlink(temporary.path)
            throw FileWriteError(path: url.path, reason: "\(error)")
        }
    }

    /// Creates a folder and its parents when missing; a failure throws a ``FileWriteError`` naming it.
    package static func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            var reason = "\(error)"
            if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                reason = String(cString: strerror(Int32(underlying.code)))
            }
            throw FileWriteError(path: url.path, reason: reason)
        }
    }

    /// Writes `text` as UTF-8. O(bytes).
    package static func write(_ text: String, to url: URL) throws { try write(Data(text.utf8), to: url) }
}
