import Glibc
import XCTest

/// How one run of `ctrsh` ended and what it printed.
public struct CtrshResult: CustomStringConvertible, Sendable {
    /// The PID it ran as (its cgroup session directory is named after it).
    public var pid: pid_t
    /// How the process ended; nil when it was killed after `timeout`.
    public var status: WaitStatus?
    /// Everything it wrote to standard output.
    public var stdout: String
    /// Everything it wrote to standard error.
    public var stderr: String
    /// How long it ran, in seconds.
    public var seconds: Double

    /// Its exit code, or nil when it did not exit normally.
    public var exitCode: Int32? {
        if case .exited(let code) = status { return code }
        return nil
    }

    /// The lines of standard error.
    public var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }

    public var description: String {
        "ctrsh ended with \(status.map(\.description) ?? "a timeout") after \(seconds)s\n--- stdout:\n\(stdout)--- stderr:\n\(stderr)---"
    }
}

/// Runs the built `ctrsh` as a test's subject: arguments, text on standard
/// input (a pipe: never a terminal), an environment of the test's own (so
/// history and `~/.editrc` live in the test's scratch directory), and a
/// working directory. Both output pipes are read while standard input is
/// written, so nothing deadlocks however much either side writes.
public struct CtrshRunner {
    /// The environment ctrsh gets, and nothing else.
    public var environment: [String: String]
    /// Its working directory (the test process's when nil).
    public var directory: String?
    /// Seconds before the run is killed and reported as a timeout.
    public var timeout: Double = 60

    /// A runner whose `HOME` and `XDG_DATA_HOME` are under `scratch`, with
    /// the binary's directory first in `PATH` (for `#!/usr/bin/env ctrsh`).
    public init(scratch: String, directory: String? = nil) {
        environment = Self.environment(scratch: scratch)
        self.directory = directory ?? scratch
        Spawn.ignoreBrokenPipes()
    }

    /// The whole environment a test gives ctrsh: `HOME` and `XDG_DATA_HOME`
    /// under `scratch`, `PATH` starting with the binary's directory.
    public static func environment(scratch: String) -> [String: String] {
        [
            "PATH": CtrshBinary.directory + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": scratch,
            "XDG_DATA_HOME": scratch + "/data",
            "LANG": "C.UTF-8",
        ]
    }

    /// Runs `ctrsh ARGUMENTS` with `input` on standard input.
    public func run(_ arguments: [String], input: String = "") throws -> CtrshResult {
        try run(arguments, inputBytes: Array(input.utf8))
    }

    /// Runs `ctrsh ARGUMENTS` with raw bytes on standard input.
    public func run(_ arguments: [String], inputBytes: [UInt8]) throws -> CtrshResult {
        try run(program: CtrshBinary.path, ["ctrsh"] + arguments, inputBytes: inputBytes)
    }

    /// Runs any program (a shebang script) the same way.
    public func run(program: String, _ argv: [String], inputBytes: [UInt8] = []) throws -> CtrshResult {
        let input = try Spawn.pipe(), output = try Spawn.pipe(), errors = try Spawn.pipe()
        let pid: pid_t
        do {
            pid = try Spawn.start(
                program, argv, environment: environment, directory: directory,
                stdio: .descriptors(input: input.read, output: output.write, error: errors.write))
        } catch {
            for fd in [input.read, input.write, output.read, output.write, errors.read, errors.write] { close(fd) }
            throw error
        }
        close(input.read)
        close(output.write)
        close(errors.write)
        var exchange = PipeExchange(pid: pid, input: input.write, output: output.read, error: errors.read, bytes: inputBytes)
        return exchange.run(timeout: timeout)
    }
}
