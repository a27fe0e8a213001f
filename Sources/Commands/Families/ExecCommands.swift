import CtrRuntime

/// `exec` and `run`: a program in the container, in the foreground or detached.
enum ExecCommands {
    static var exec: CommandFamily { CommandFamily(
        "exec", summary: "run a program in the container: as its PID 1, or joining it when it runs",
        examples: ["exec /bin/sh", "exec /bin/sh -c 'echo $$'", "exec -d /bin/sleep 300", "exec --user 1000 /bin/id"],
        verbs: [
            Verb([Parameter("CMD", .program, optional: true, repeating: true)],
                 flags: [Flag("--detach", short: "-d", summary: "run off the terminal; output kept for `logs`"),
                         Flag("--tty", short: "-t", summary: "attach the terminal (the default when there is one)"),
                         Flag("--user", value: .text, summary: "run as UID or UID:GID")],
                 summary: "create the container with CMD (default: the image's command) as PID 1, or run CMD inside the running one") { args throws(CommandError) in
                let argv = args.list("CMD")
                let detached = args.has("--detach")
                let user = try args.user()
                return { session in try run(argv, detached: detached, user: user, session: session) }
            },
        ]) }

    static var run: CommandFamily { CommandFamily(
        "run", summary: "run a program in a fresh one-shot container from the current spec",
        examples: ["run /bin/true", "run /bin/sh -c 'cat /proc/self/cgroup'"],
        verbs: [
            Verb([Parameter("CMD", .program, optional: true, repeating: true)],
                 summary: "run CMD (default: the image's command); everything is removed when it exits") { args in
                let given = args.list("CMD")
                return { session in
                    let argv = try program(given, command: "run", session: session)
                    let user = session.current.spec.image?.identity
                    session.runCount += 1
                    let tee = try OutputTee(keepingTerminal: !session.captureProcessOutput)
                    let name = "\(session.current.name)-run\(session.runCount)"
                    try session.resolveJoins(for: "run")
                    let result = try session.runtime.runForeground(session.current.spec, argv: argv, name: name, tee: tee, user: user)
                    try report(result, tee: tee, command: "run", session: session)
                }
            },
        ]) }

    private static func run(_ given: [String], detached: Bool, user flagUser: (uid: UInt32, gid: UInt32)?, session: Session) throws {
        let container = session.current
        let runtime = session.runtime
        let argv = try program(given, command: "exec", session: session)
        let user = flagUser ?? container.spec.image?.identity
        if container.live == nil { try session.resolveJoins(for: "exec") }
        if detached {
            let pid = container.live == nil
                ? try runtime.startDetached(container, argv: argv, user: user)
                : try runtime.execDetached(into: container, argv: argv, user: user)
            session.output.line("exec: started PID \(pid) (`logs` shows its output)")
            return
        }
        let tee = try OutputTee(keepingTerminal: !session.captureProcessOutput)
        if container.live != nil {
            let result = try runtime.execForeground(into: container, argv: argv, user: user, tee: tee)
            try report(result, tee: tee, command: "exec", session: session)
        } else {
            let result = try runtime.runForeground(container, argv: argv, tee: tee, user: user)
            try report(result, tee: tee, command: "exec", session: session)
        }
    }

    /// The program to run: CMD as given, or else the default command of the
    /// image the root came from (`Entrypoint` + `Cmd`).
    static func program(_ given: [String], command: String, session: Session) throws(CommandError) -> [String] {
        guard given.isEmpty else { return given }
        guard let image = session.current.spec.image else {
            throw CommandError("\(command): missing CMD: name the program to run (only an image root, `rootfs use oci:…`, brings a default)")
        }
        guard !image.command.isEmpty else {
            throw CommandError("\(command): missing CMD: the image `\(image.source)` sets no Entrypoint or Cmd, so name the program to run")
        }
        return image.command
    }

    /// Sets `$?` and reports a failure: an error the script stops on
    /// (unless an `expect` follows).
    static func report(_ result: ForegroundRun, tee: OutputTee, command: String, session: Session) throws {
        session.output.recordCaptured(tee.text)
        session.programRuns += 1
        if let problem = result.cleanupProblem { session.output.errorLine("warning: \(problem)") }
        session.lastStatus = result.status.code
        if let signal = result.terminationSignal {
            // ctrsh itself was asked to leave: the container was ended on the way out.
            session.output.errorLine("ctrsh: received \(SignalNames.name(of: signal)); the container was stopped")
            session.exitRequest = 128 + signal
            return
        }
        guard result.status == .exited(0) else { throw ProcessFailure(command: command, status: result.status) }
    }
}

extension Arguments {
    /// `--user UID` or `--user UID:GID` (the GID defaults to the UID).
    func user() throws(CommandError) -> (uid: UInt32, gid: UInt32)? {
        guard let text = flag("--user") else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let uid = UInt32(parts[0]), let gid = UInt32(parts.last ?? "") else {
            throw CommandError("exec --user: `\(text)` is not UID or UID:GID (numbers, e.g. 1000 or 1000:1000)")
        }
        return (uid, gid)
    }
}

/// A container process that ended badly: not a broken command, but a
/// status for `$?`, `expect status` and the script's exit.
public struct ProcessFailure: Error, CustomStringConvertible {
    public var command: String
    public var status: ExitStatus
    public var description: String { "\(command): \(status)" }
}
