import CtrRuntime
import Glibc

/// `exec` and `run`: a program in the container, in the foreground or detached.
enum ExecCommands {
    static var exec: CommandFamily {
        let name = Operand(optional: "NAME", .container(.running))
        let cmd = Operand(repeating: "CMD", .program, optional: true)
        let detach = Switch("--detach", short: "-d", summary: "run off the terminal; output kept for `logs`")
        let interactive = Switch("--interactive", short: "-i", summary: "keep standard input attached (always so in the foreground; docker's -i)")
        let tty = Switch("--tty", short: "-t", summary: "attach the terminal (the default when there is one)")
        let env = Option(repeating: "--env", short: "-e", .text, valueName: "NAME[=VALUE]",
                         summary: "set NAME=VALUE for this process (repeat for more); NAME alone passes ctrsh's own value, as docker's -e does")
        let user = Option("--user", short: "-u", .text, valueName: "USER[:GROUP]",
                          summary: "run as USER[:GROUP]: numbers, or names from the container's /etc/passwd and /etc/group")
        return CommandFamily(
            "exec", summary: "run a program in a container: as its PID 1, or joining it when it runs",
            examples: ["exec /bin/sh", "exec web /bin/sh", "exec -it web sh", "exec /bin/sh -c 'echo $$'", "exec -d /bin/sleep 300",
                       "exec -e GREETING=hi web /bin/sh -c 'echo $GREETING'", "exec --user nobody /bin/id", "exec -- web"],
            verbs: [
                Verb([name, cmd], flags: [detach, interactive, tty, env, user],
                     summary: "run CMD in container NAME (default: the current one) — as PID 1 (default: the image's command) when it is not running, else inside it. A first word that names a container of this session selects it; `exec -- WORD` or `exec ./WORD` runs a program called WORD instead") { args throws(CommandError) in
                    let first = args[name]
                    let rest = args[cmd]
                    let options = ProcessOptions(
                        detached: args[detach], user: args[user], environment: try args[env].map(environmentVariable))
                    return { session in
                        let (container, argv) = session.target(ofProgram: first, rest)
                        try run(argv, in: container, options: options, session: session)
                    }
                },
            ])
    }

    /// `-e NAME=VALUE`, or `-e NAME` with ctrsh's own value of NAME.
    private static func environmentVariable(_ word: String) throws(CommandError) -> EnvironmentVariable {
        guard word.contains("=") else {
            guard SessionCommands.isVariableName(word) else {
                throw CommandError("exec -e: `\(word)` is neither NAME=VALUE nor a variable name")
            }
            guard let value = getenv(word) else {
                throw CommandError("exec -e: `\(word)` is not set in ctrsh's environment: give its value, `-e \(word)=VALUE`")
            }
            return EnvironmentVariable(name: word, value: String(cString: value))
        }
        let assignment = try ValueConversion.assignment(word, for: "exec -e", at: nil)
        return EnvironmentVariable(name: assignment.name, value: assignment.value)
    }

    /// What `exec`'s flags ask of the process.
    struct ProcessOptions {
        var detached: Bool
        var user: String?
        var environment: [EnvironmentVariable]
    }

    static var run: CommandFamily {
        let cmd = Operand(repeating: "CMD", .program, optional: true)
        return CommandFamily(
            "run", summary: "run a program in a fresh one-shot container from the current spec",
            examples: ["run /bin/true", "run /bin/sh -c 'cat /proc/self/cgroup'"],
            verbs: [
                Verb([cmd], summary: "run CMD (default: the image's command); everything is removed when it exits") { args in
                    let given = args[cmd]
                    return { session in
                        let argv = try program(given, command: "run", container: session.current)
                        let user = session.current.spec.image?.identity
                        session.runCount += 1
                        let tee = try OutputTee(keepingTerminal: !session.captureProcessOutput)
                        let name = "\(session.current.name)-run\(session.runCount)"
                        try session.resolveJoins(for: "run")
                        let result = try session.runtime.runForeground(session.current.spec, argv: argv, name: name, tee: tee, user: user)
                        try report(result, tee: tee, command: "run", session: session)
                    }
                },
            ])
    }

    private static func run(_ given: [String], in container: Container, options: ProcessOptions, session: Session) throws {
        let runtime = session.runtime
        let argv = try program(given, command: "exec", container: container)
        let user = try options.user.map { text throws(RuntimeError) in try ContainerUser.resolve(text, in: container) }
            ?? container.spec.image?.identity
        let environment = options.environment
        if container.live == nil { try session.resolveJoins(for: "exec", of: container) }
        if options.detached {
            let pid = container.live == nil
                ? try runtime.startDetached(container, argv: argv, user: user, environment: environment)
                : try runtime.execDetached(into: container, argv: argv, user: user, environment: environment)
            let logs = container === session.current ? "`logs`" : "`logs \(container.name)`"
            session.output.line("exec: started PID \(pid) (\(logs) shows its output)")
            return
        }
        let tee = try OutputTee(keepingTerminal: !session.captureProcessOutput)
        let result = container.live != nil
            ? try runtime.execForeground(into: container, argv: argv, user: user, tee: tee, environment: environment)
            : try runtime.runForeground(container, argv: argv, tee: tee, user: user, environment: environment)
        try report(result, tee: tee, command: "exec", session: session)
    }

    /// The program to run: CMD as given, or else the default command of the
    /// image the root came from (`Entrypoint` + `Cmd`).
    static func program(_ given: [String], command: String, container: Container) throws(CommandError) -> [String] {
        guard given.isEmpty else { return given }
        guard let image = container.spec.image else {
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
        if let warning = ContainerRuntime.cleanupWarning(result.cleanupProblems) { session.output.errorLine(warning) }
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

/// A container process that ended badly: not a broken command, but a
/// status for `$?`, `expect status` and the script's exit.
public struct ProcessFailure: Diagnosable, CustomStringConvertible {
    public var command: String
    public var status: ExitStatus
    /// `exec: exited with status 2`.
    public var phrase: Phrase { "\(command): \(status)" }
    public var description: String { phrase.description }
}
