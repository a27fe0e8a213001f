import CtrRuntime

/// `exec` and `run`: start the container's process in the foreground.
enum ExecCommands {
    static var exec: CommandFamily { CommandFamily(
        "exec", summary: "run a program as the container's PID 1, in the foreground",
        examples: ["exec /bin/sh", "exec /bin/sh -c 'echo $$'", "exec hostname"],
        verbs: [
            Verb([Parameter("CMD", .program, repeating: true)], summary: "create the container and run CMD in it") { args in
                let argv = args.list("CMD")
                return { session in try runForeground(argv, as: session.current.name, command: "exec", session: session) }
            },
        ]) }

    static var run: CommandFamily { CommandFamily(
        "run", summary: "run a program in a fresh one-shot container from the current spec",
        examples: ["run /bin/true", "run /bin/sh -c 'cat /proc/self/cgroup'"],
        verbs: [
            Verb([Parameter("CMD", .program, repeating: true)], summary: "run CMD; everything is removed when it exits") { args in
                let argv = args.list("CMD")
                return { session in
                    session.runCount += 1
                    try runForeground(argv, as: "\(session.current.name)-run\(session.runCount)", command: "run", session: session)
                }
            },
        ]) }

    /// Launches, waits, and reports the status: a failure is an error the
    /// script stops on (unless an `expect` follows), and sets `$?`.
    private static func runForeground(_ argv: [String], as name: String, command: String, session: Session) throws {
        let container = session.current
        let tee = session.captureProcessOutput ? try OutputTee() : nil
        let result = try session.runtime.runForeground(container.spec, argv: argv, name: name, tee: tee)
        if let tee { session.output.recordCaptured(tee.text) }
        if let problem = result.cleanupProblem { session.output.errorLine("warning: \(problem)") }
        session.lastStatus = result.status.code
        if command == "exec" { container.state = .exited(result.status) }
        if let signal = result.terminationSignal { session.exitRequest = 128 + signal }
        guard result.status == .exited(0) else { throw ProcessFailure(command: command, status: result.status) }
    }
}

/// A container process that ended badly: not a broken command, but a
/// status for `$?`, `expect status` and the script's exit.
public struct ProcessFailure: Error, CustomStringConvertible {
    public var command: String
    public var status: ExitStatus
    public var description: String { "\(command): \(status)" }
}
