import CtrCommands
import CtrRuntime
import Glibc

/// Reads lines from a file descriptor one byte at a time, never ahead of
/// the newline: a container started by one line of a piped script must
/// still find the rest of standard input where it expects it (as `sh`
/// leaves it), which buffered readers such as `readLine()` break.
///
/// Each line is checked as it arrives (`TextCheck`): a NUL byte ends the
/// read at once (`ctrsh - < /dev/zero`), and no line grows past
/// `ScriptLimits.maximumLineBytes`.
public struct PlainLineReader {
    let fd: Int32

    /// A reader of `fd`.
    public init(fd: Int32) { self.fd = fd }

    /// Line `number` without its newline, or nil at end of input. A last
    /// line without a newline is still returned. SIGINT, SIGTERM or SIGHUP
    /// while it waits end the read with that signal in the error.
    func readLine(number: Int) throws(ScriptTextError) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR {
                guard let signal = SignalInbox.takeEnding() else { continue }
                throw ScriptTextError("reading standard input was interrupted by \(SignalNames.name(of: signal))", signal: signal)
            }
            if n <= 0 && bytes.isEmpty { return nil }
            if n <= 0 || byte == 0x0A { break }
            bytes.append(byte)
            if byte == 0 || bytes.count > ScriptLimits.maximumLineBytes { break }
        }
        if let problem = TextCheck.firstProblem(in: bytes[...], firstLine: number, name: "standard input") { throw problem }
        return String(decoding: bytes, as: UTF8.self)
    }
}
