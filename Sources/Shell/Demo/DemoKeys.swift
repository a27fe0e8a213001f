import CtrRuntime
import Glibc

/// Single keys from the terminal during a demo: Enter runs or advances,
/// `s` skips a step, `q` ends the demo. The terminal is in raw mode only
/// while a key is awaited, so containers get it as usual.
struct DemoKeys {
    /// What the presenter pressed.
    enum Key { case go, skip, quit }

    /// Keys from standard input, or nil when it is not a terminal.
    init?() {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
    }

    /// Waits for Enter, `s` or `q` (other keys are ignored; end of input quits).
    func next() -> Key {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return .quit }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        while true {
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n < 0 && errno == EINTR {
                // SIGTERM, SIGHUP (the terminal went away) or Ctrl-C end the demo.
                if !SignalInbox.take().isDisjoint(with: [SIGTERM, SIGHUP, SIGINT]) { return .quit }
                continue
            }
            if n <= 0 { return .quit }
            switch byte {
            case 0x0A, 0x0D, 0x20: return .go
            case UInt8(ascii: "s"): return .skip
            case UInt8(ascii: "q"), 0x04: return .quit
            default: continue
            }
        }
    }
}
