import CtrRuntime
import Glibc

/// A real child process for tests (`sleep`, a busy loop), started with
/// `posix_spawn` and always reaped: call `terminate()` in a `defer`.
public final class ChildProcess {
    /// The child's host PID.
    public let pid: pid_t
    /// The wait status once reaped.
    public private(set) var status: Int32?

    /// Spawns `path` with `arguments` (argv[0] included) and an empty environment.
    public init(_ path: String, _ arguments: [String]) throws {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var envp: [UnsafeMutablePointer<CChar>?] = [nil]
        var child: pid_t = 0
        let result = posix_spawn(&child, path, nil, nil, &argv, &envp)
        guard result == 0 else { throw SpawnError(path: path, code: result) }
        pid = child
    }

    /// `/bin/sleep SECONDS`: a process that sleeps (State S).
    public static func sleeper(seconds: Int = 30) throws -> ChildProcess {
        try ChildProcess("/bin/sleep", ["sleep", "\(seconds)"])
    }

    /// A shell busy loop: a process that is always running (State R), so
    /// freezing it shows in `/proc/PID/status`.
    public static func spinner() throws -> ChildProcess {
        try ChildProcess("/bin/sh", ["sh", "-c", "while :; do :; done"])
    }

    /// The one-letter state from `/proc/PID/status` (`R`, `S`, `D`, `Z`, …).
    public var state: String? {
        guard let text = try? FileText.read("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("State:") {
            return line.dropFirst("State:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
                .first.map { String($0.prefix(1)) }
        }
        return nil
    }

    /// Waits for the child to exit and returns its wait status.
    @discardableResult
    public func reap() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        status = raw
        return raw
    }

    /// The signal that ended the child (after `reap`), or nil if it exited.
    public var terminatingSignal: Int32? {
        guard let status, status & 0x7f != 0, status & 0x7f != 0x7f else { return nil }
        return status & 0x7f
    }

    /// SIGKILLs the child if it has not been reaped, and reaps it.
    public func terminate() {
        guard status == nil else { return }
        kill(pid, SIGKILL)
        reap()
    }

    deinit { terminate() }
}

/// `posix_spawn` failed.
public struct SpawnError: Error, CustomStringConvertible {
    /// The program that could not be started.
    public var path: String
    /// The errno value `posix_spawn` returned.
    public var code: Int32
    /// ``posix_spawn `/bin/sleep`: No such file or directory``.
    public var description: String { "posix_spawn `\(path)`: \(errnoText(code))" }
}
