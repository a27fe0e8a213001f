import CtrCommands
import CtrRuntime
import Glibc

/// Writes an asciicast v2 file (what `asciinema play` and `asciinema cat`
/// read): a JSON header line, then one JSON array per event,
/// `[seconds, "o", "text"]` for output and `[seconds, "r", "80x24"]` for a
/// resize. Output bytes are kept until they form whole UTF-8 characters.
final class AsciicastWriter {
    private let fd: Int32
    private let start: Duration
    private var pending: [UInt8] = []

    /// Creates `path` (replacing a file, never a directory) and writes the header.
    init(path: String, width: Int, height: Int) throws(CommandError) {
        var info = stat()
        if stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            throw CommandError("--cast: `\(path)` is a directory; give a file name such as talk.cast")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandError("--cast: create `\(path)`: \(ErrnoWords.phrase(errno))") }
        self.fd = fd
        start = Self.now()
        let shell = getenv("SHELL").map { String(cString: $0) } ?? "/bin/sh"
        let term = getenv("TERM").map { String(cString: $0) } ?? "xterm"
        write("{\"version\": 2, \"width\": \(width), \"height\": \(height), \"timestamp\": \(time(nil)), "
              + "\"env\": {\"SHELL\": \(Self.json(shell)), \"TERM\": \(Self.json(term))}}\n")
    }

    deinit { close(fd) }

    /// Records bytes the terminal showed.
    func output(_ bytes: ArraySlice<UInt8>) {
        pending += bytes
        let complete = Self.completePrefixLength(pending)
        guard complete > 0 else { return }
        event("o", String(decoding: pending[0..<complete], as: UTF8.self))
        pending.removeFirst(complete)
    }

    /// Records a new terminal size.
    func resize(width: Int, height: Int) {
        event("r", "\(width)x\(height)")
    }

    private func event(_ code: String, _ data: String) {
        let elapsed = Self.now() - start
        let (seconds, attoseconds) = elapsed.components
        let micros = attoseconds / 1_000_000_000_000
        let fraction = String(micros).count < 6 ? String(repeating: "0", count: 6 - String(micros).count) + String(micros) : String(micros)
        write("[\(seconds).\(fraction), \"\(code)\", \(Self.json(data))]\n")
    }

    private func write(_ text: String) {
        writeAll(text.utf8, to: fd)
    }

    /// How many leading bytes end on a character boundary (a UTF-8
    /// sequence cut by a read waits for the rest).
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        var back = 0
        while index > 0 && back < 4 {
            let byte = bytes[index - 1]
            if byte & 0xC0 != 0x80 {
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return back + 1 >= length ? bytes.count : index - 1
            }
            index -= 1
            back += 1
        }
        return bytes.count
    }

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
