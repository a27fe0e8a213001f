import CLinux
import Glibc

/// The terminal as ctrsh had it before a container took it over. A
/// containerised program may switch it to raw mode or make its own process
/// group the foreground one; `restore` undoes both.
package struct TerminalGuard {
    private var saved = termios()
    private let isTerminal: Bool

    /// Remembers standard input's terminal settings, if it is a terminal.
    package init() {
        isTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
    }

    /// Puts the settings back and makes ctrsh's process group the
    /// foreground one again.
    package func restore() {
        guard isTerminal else { return }
        var settings = saved
        _ = ctr_tcsetpgrp_quietly(STDIN_FILENO, getpgrp())
        tcsetattr(STDIN_FILENO, TCSADRAIN, &settings)
    }
}
