import Glibc

/// Reads lines from a file descriptor one byte at a time, never ahead of
/// the newline: a container started by one line of a piped script must
/// still find the rest of standard input where it expects it (as `sh`
/// leaves it), which buffered readers such as `readLine()` break.
public struct PlainLineReader {
    let fd: Int32

    /// A reader of `fd`.
    public init(fd: Int32) { self.fd = fd }

    /// The next line without its newline, or nil at end of input. A last
    /// line without a newline is still returned.
    func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
