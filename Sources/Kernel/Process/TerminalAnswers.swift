import Glibc

/// Discards the answers a terminal still owes to queries a container
/// printed, before ctrsh's prompt reads the terminal again.
///
/// A terminal answers some escape sequences by typing into its input: a
/// title report (`CSI 21 t`) types back the title, which the container may
/// have set to `x;host …`. An answer that arrives once the container has
/// exited (a round trip later, as over ssh) would be read by ctrsh's line
/// editor, where `;` begins a new command. Terminals answer in order, so
/// ctrsh asks one question of its own, the primary device attributes (`CSI
/// c`, which every VT100-compatible terminal answers with `CSI ? … c`), and
/// discards what the terminal types up to that answer: everything the
/// container asked for came before it. The container may have asked `CSI
/// c` too, and its answer looks the same, so ctrsh's is the last: after an
/// answer, input is discarded until `settle` passes without more. A
/// terminal that does not answer within `patience` has its pending input
/// flushed instead.
public enum TerminalAnswers {
    /// How long to wait for the terminal's answer: a slow ssh round trip.
    static let patience: Duration = .milliseconds(500)
    /// How long input must stay quiet after an answer for it to be ctrsh's:
    /// the terminal typed the answers it owed the container just before.
    static let settle: Duration = .milliseconds(100)

    /// Asks and discards, when standard input and output are a terminal
    /// and ctrsh is in its foreground; does nothing otherwise (a script, a
    /// pipe), so it costs nothing there. Keys typed meanwhile are lost with
    /// the answers, as they would be after `tcflush`.
    public static func discardPending() {
        var saved = termios()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, tcgetpgrp(STDIN_FILENO) == getpgrp(),
              tcgetattr(STDIN_FILENO, &saved) == 0
        else { return }
        // Neither echoed nor held for a line, nor a Ctrl-C among them taken as a signal: read as they come.
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        writeAll("\u{1b}[c".utf8, to: STDOUT_FILENO)
        if !readUntilAttributesAnswer() { tcflush(STDIN_FILENO, TCIFLUSH) }
    }

    /// Reads and drops input until `ESC [ ? … c` and `settle` of quiet
    /// after it; false if no answer came within `patience`, or input went
    /// on past it.
    private static func readUntilAttributesAnswer() -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        var scanner = AttributesAnswerScanner()
        var answered = false
        var buffer = [UInt8](repeating: 0, count: 1024)
        while clock.now < deadline {
            let wait = answered ? settle : clock.now.duration(to: deadline)
            var entry = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, milliseconds(wait))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return answered }
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { return false }
            for byte in buffer[0..<count] where scanner.consume(byte) { answered = true }
        }
        return false
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let parts = duration.components
        return Int32(max(1, min(Int64(Int32.max), parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000)))
    }
}

/// Finds `ESC [ ? PARAMETERS c` in a stream of bytes, one at a time.
struct AttributesAnswerScanner {
    private var matched = 0  // 0: nothing; 1: ESC; 2: ESC [; 3: ESC [ ? and parameters

    /// Takes the next byte; true when it ends an answer.
    mutating func consume(_ byte: UInt8) -> Bool {
        switch (matched, byte) {
        case (_, 0x1b): matched = 1
        case (1, UInt8(ascii: "[")): matched = 2
        case (2, UInt8(ascii: "?")): matched = 3
        case (3, UInt8(ascii: "0")...UInt8(ascii: "9")), (3, UInt8(ascii: ";")): break
        case (3, UInt8(ascii: "c")):
            matched = 0
            return true
        default: matched = 0
        }
        return false
    }
}
