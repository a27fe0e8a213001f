import CtrCommands
import CtrRuntime
import Glibc

/// Reads a script (`ctrsh FILE`, `source FILE`, `--check`, `--demo`) as
/// checked text, within `ScriptLimits`. Any file that can be read is taken,
/// FIFOs (`ctrsh <(…)`) and devices too, but the read stops at the first
/// NUL byte or past the size limit, so `/dev/zero` or a binary is a clear
/// error and never an unbounded allocation. SIGINT, SIGTERM and SIGHUP end
/// a read that blocks (a FIFO nobody writes).
public enum ScriptText {
    /// The text of the script at `path`.
    public static func read(_ path: String) throws(ScriptTextError) -> String {
        let name: Phrase = "`\(path)`"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ScriptTextError("open \(name): \(ErrnoWords.phrase(errno))") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            throw ScriptTextError("\(name) is a directory, not a script")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= ScriptLimits.maximumScriptBytes {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR {
                if let signal = SignalInbox.takeEnding() {
                    throw ScriptTextError("reading \(name) was interrupted by \(SignalNames.name(of: signal))", signal: signal)
                }
                continue
            }
            guard count >= 0 else { throw ScriptTextError("read \(name): \(ErrnoWords.phrase(errno))") }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if chunk[0..<count].contains(0) { break }  // not text: no need to read on
        }
        if let problem = problem(in: bytes, name: name) { throw problem }
        guard bytes.count <= ScriptLimits.maximumScriptBytes else {
            throw ScriptTextError("\(name) is larger than \(ScriptLimits.describe(ScriptLimits.maximumScriptBytes)), the most ctrsh reads as a script")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first reason `bytes` are not ctrsh source text (a NUL byte,
    /// invalid UTF-8, a line over the limit), with its position; nil for text.
    public static func problem(in bytes: [UInt8], name: Phrase) -> ScriptTextError? {
        TextCheck.firstProblem(in: bytes[...], name: name)
    }
}
