import CtrRuntime
import Glibc

/// `ctrsh` running at a real pseudo-terminal, driven like a person would:
/// type keys, wait for text to appear on the screen. The screen is kept as
/// plain text (escape sequences stripped). Call `terminate()` in teardown:
/// it kills the session's process group if it is still running.
public final class TerminalSession {
    /// The terminal ctrsh runs on.
    public let terminal: PseudoTerminal
    /// ctrsh's PID (also its session and process group ID).
    public let pid: pid_t
    /// How it ended, once it did.
    public private(set) var status: WaitStatus?
    private var transcript: [UInt8] = []
    private var markIndex = 0
    private var terminalClosed = false

    /// Starts `ctrsh ARGUMENTS` on a new terminal with the test environment
    /// of `scratch` (plus `TERM=xterm` and `extraEnvironment`), in `directory`.
    /// With `inputFromNull`, only its output goes to the terminal (which is
    /// still its controlling one): standard input is `/dev/null`.
    public init(
        _ arguments: [String] = [], scratch: String, directory: String? = nil, extraEnvironment: [String: String] = [:],
        inputFromNull: Bool = false
    ) throws {
        terminal = try PseudoTerminal()
        var environment = CtrshRunner.environment(scratch: scratch).merging(extraEnvironment) { $1 }
        environment["TERM"] = "xterm"
        pid = try Spawn.start(
            CtrshBinary.path, ["ctrsh"] + arguments, environment: environment, directory: directory ?? scratch,
            stdio: inputFromNull ? .terminalOutput(terminal.slavePath) : .terminal(terminal.slavePath))
    }

    deinit { terminate() }

    /// Everything shown so far, as plain text.
    public var screen: String { TerminalText.plain(transcript) }

    /// What was shown since the last `mark()`, as plain text.
    public var recent: String { TerminalText.plain(Array(transcript[markIndex...])) }

    /// The bytes shown since the mark, escapes and control characters (a bell) included.
    public var recentBytes: [UInt8] { Array(transcript[markIndex...]) }

    /// Later waits look only at what is shown from now on.
    public func mark() {
        pump(milliseconds: 0)
        markIndex = transcript.count
    }

    /// Types `keys` (text, `\t`, `\r`, `\u{3}` for Ctrl-C, escape sequences).
    public func type(_ keys: String) {
        terminal.type(keys)
    }

    /// Types raw bytes, which need not be UTF-8.
    public func type(bytes: [UInt8]) {
        terminal.type(bytes: bytes)
    }

    /// Waits until `text` appears after the mark; false after `seconds`.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 10) -> Bool {
        waitUntil(seconds: seconds) { $0.contains(text) }
    }

    /// Waits until the program has switched the terminal out of canonical
    /// mode, as a line editor does after it prints its prompt: a Ctrl-D or
    /// Ctrl-C typed before that goes to the kernel's line discipline (an
    /// empty read, SIGINT), not to the editor.
    @discardableResult
    public func waitForLineEditor(seconds: Double = 10) -> Bool {
        let deadline = Clock.now + seconds
        var modes = termios()
        while Clock.now < deadline {
            if tcgetattr(terminal.master, &modes) == 0 && modes.c_lflag & tcflag_t(ICANON) == 0 { return true }
            pump(milliseconds: 2)
        }
        return false
    }

    /// Waits until `condition` holds for what was shown after the mark.
    @discardableResult
    public func waitUntil(seconds: Double = 10, _ condition: (String) -> Bool) -> Bool {
        let deadline = Clock.now + seconds
        while true {
            if condition(recent) { return true }
            if Clock.now > deadline || terminalClosed { return condition(recent) }
            pump(milliseconds: 50)
        }
    }

    /// Waits up to `seconds` for ctrsh to exit; its status, or nil if it still runs.
    @discardableResult
    public func waitForExit(seconds: Double = 10) -> WaitStatus? {
        let deadline = Clock.now + seconds
        while status == nil {
            pump(milliseconds: 20)
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = WaitStatus(raw)
                pump(milliseconds: 50)
            } else if Clock.now > deadline {
                return nil
            }
        }
        return status
    }

    /// PIDs of ctrsh's live child processes (from `/proc/PID/task/*/children`).
    public var children: [pid_t] {
        Directory.names("/proc/\(pid)/task").flatMap { task -> [pid_t] in
            let text = FileText.readIfPresent("/proc/\(pid)/task/\(task)/children") ?? ""
            return text.split(separator: " ").compactMap { pid_t($0.trimmingNewlines) }
        }
    }

    /// Kills ctrsh's process group if it still runs, and reaps ctrsh.
    public func terminate() {
        guard status == nil else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        status = WaitStatus(raw)
    }

    private func pump(milliseconds: Int32) {
        guard !terminalClosed else { return }
        var wait = milliseconds
        while true {
            guard let bytes = terminal.read(milliseconds: wait) else {
                terminalClosed = true
                return
            }
            if bytes.isEmpty { return }
            transcript += bytes
            wait = 0
        }
    }
}

extension Substring {
    fileprivate var trimmingNewlines: Substring {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
