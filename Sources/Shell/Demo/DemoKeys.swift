import CtrRuntime
import Glibc

/// Single keys from the terminal during a demo: Enter runs or advances,
/// `s` skips a step, `q` ends the demo.
///
/// While a command is typed out and until its key is pressed, the terminal
/// neither echoes nor collects lines (`hold`): a key pressed then (a
/// clicker pressed twice) never reaches the screen. What was pressed before
/// the last character appeared is thrown away (`discard`), so a step runs
/// only on a key pressed once it is fully typed. While a command runs, the
/// terminal is as it was (`release`), so containers get it as usual.
final class DemoKeys {
    /// What the presenter pressed.
    enum Key { case go, skip, quit }

    /// The terminal's modes before the demo.
    private var saved = termios()

    /// Keys from standard input, or nil when it is not a terminal.
    init?() {
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
    }

    /// No echo, no line editing: keys wait unseen until `next` or `release`.
    func hold() {
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
    }

    /// The terminal's own modes again, for a command to run.
    func release() {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
    }

    /// Throws away the keys pressed and not read yet.
    func discard() {
        tcflush(STDIN_FILENO, TCIFLUSH)
    }

    /// Waits for Enter, `s` or `q` (other keys are ignored; end of input
    /// quits). The terminal stays held.
    func next() -> Key {
        hold()
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
