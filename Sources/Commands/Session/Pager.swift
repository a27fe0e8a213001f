import CtrRuntime
import Glibc

/// Long text at a terminal, as `man` and `git help` show it: through
/// `$PAGER` when it is set, else a screenful at a time with a built-in
/// `--More--` (Space: a page, Enter: a line, q: done). Text shorter than
/// the terminal, or printed anywhere but a terminal, is printed as it is.
enum Pager {
    /// Prints `lines` through `output`, paged when they do not fit.
    /// Returns SIGTERM or SIGHUP when one came meanwhile (the session
    /// ends); a Ctrl-C was the pager's own and is dropped.
    static func show(_ lines: [String], on output: Output) -> Int32? {
        guard let size = output.terminalSize, lines.count >= size.rows, isatty(STDIN_FILENO) == 1 else {
            for line in lines { output.line(verbatim: line) }
            return nil
        }
        let text = lines.map { DisplayText.printable($0) + "\n" }.joined()
        output.recordCaptured(text)
        if let pager = getenv("PAGER").map({ String(cString: $0) }), !pager.allSatisfy(\.isWhitespace),
           (try? HostProgram.run(["/bin/sh", "-c", pager], input: Array(text.utf8))) != nil {
            return endingSignal()
        }
        builtIn(lines.map(DisplayText.printable), rows: size.rows, output: output)
        return endingSignal()
    }

    /// SIGTERM or SIGHUP if one arrived while paging.
    private static func endingSignal() -> Int32? {
        SignalInbox.takeEnding().flatMap { $0 == SIGINT ? nil : $0 }
    }

    /// A screenful (less one line, for the prompt) at a time.
    private static func builtIn(_ lines: [String], rows: Int, output: Output) {
        let keys = RawKeys()
        defer { keys.restore() }
        var shown = 0
        var step = max(1, rows - 1)
        while shown < lines.count {
            let end = min(lines.count, shown + step)
            output.writeUncaptured(lines[shown..<end].map { $0 + "\n" }.joined())
            shown = end
            guard shown < lines.count else { break }
            let more: Phrase = "--More-- (\(shown * 100 / lines.count)%: Space a page, Enter a line, q done)"
            output.writeUncaptured("\u{1B}[7m\(more.text(in: output.language))\u{1B}[0m")
            let key = keys.read()
            output.writeUncaptured("\r\u{1B}[K")
            switch key {
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 3, 4, nil: return
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "j"): step = 1
            default: step = max(1, rows - 1)
            }
        }
    }

    /// The terminal on standard input without line editing or echo, one
    /// key at a time, until `restore`.
    private final class RawKeys {
        private var saved = termios()
        private let changed: Bool

        init() {
            var raw = termios()
            changed = tcgetattr(STDIN_FILENO, &saved) == 0
            guard changed else { return }
            raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
            raw.c_cc.6 = 1  // VMIN
            raw.c_cc.5 = 0  // VTIME
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        }

        /// The next key's first byte; nil at the end of input, or when
        /// SIGTERM or SIGHUP came (recorded again for the session to end).
        /// It waits in short polls, so a signal that lands just before a
        /// read cannot leave it waiting for a key for ever.
        func read() -> UInt8? {
            while true {
                if let ending = SignalInbox.takeEnding(), ending != SIGINT {
                    raise(ending)
                    return nil
                }
                var ready = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, 200) > 0 else { continue }
                var byte: UInt8 = 0
                let n = Glibc.read(STDIN_FILENO, &byte, 1)
                if n == 1 { return byte }
                if n < 0 && errno == EINTR { continue }
                return nil
            }
        }

        func restore() {
            if changed { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        }
    }
}
