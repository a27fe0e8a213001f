import CtrRuntime
import Glibc

/// `start`, `stop`, `kill`, `pause`, `resume`, `wait`, `ps`, `logs`: a
/// container that stays alive between commands.
enum LifecycleCommands {
    static var start: CommandFamily { CommandFamily(
        "start", summary: "start the container with a small init as PID 1, so that later `exec`s join it",
        examples: ["start", "start; exec -d /bin/sleep 300; ps"],
        verbs: [Verb(summary: "start ctrsh-init as PID 1") { _ in
            { session in
                try session.resolveJoins(for: "start")
                try session.runtime.start(session.current)
            }
        }]) }

    static var stop: CommandFamily { CommandFamily(
        "stop", summary: "stop the container: SIGTERM to PID 1, SIGKILL after the timeout",
        examples: ["stop", "stop --timeout 10s"],
        verbs: [
            Verb([Parameter("NAME", .containerName, optional: true)],
                 flags: [Flag("--timeout", value: .duration, summary: "how long to wait before SIGKILL (default 5s)")],
                 summary: "stop NAME (default: the current container); its processes and cgroup are removed") { args throws(CommandError) in
                let timeout = try args.duration("--timeout") ?? .seconds(5)
                let name = args.string("NAME")
                return { session in
                    let container = try name.map { name throws(CommandError) in try session.existing(name, for: "stop") } ?? session.current
                    let (status, problem) = try session.runtime.stop(container, timeout: timeout)
                    if let problem { session.output.errorLine("warning: \(problem)") }
                    session.lastStatus = status.code
                    session.output.line("stop: `\(container.name)` PID 1 \(status)")
                }
            },
        ]) }

    static var kill: CommandFamily { CommandFamily(
        "kill", summary: "send a signal to the container's PID 1",
        examples: ["kill", "kill HUP", "kill SIGKILL"],
        verbs: [
            Verb([Parameter("SIGNAL", .signal, optional: true)], summary: "send SIGNAL (default TERM)") { args throws(CommandError) in
                let signal = try args.signal("SIGNAL") ?? SIGTERM
                return { session in try session.runtime.signal(session.current, signal) }
            },
        ]) }

    static var pause: CommandFamily { CommandFamily(
        "pause", summary: "freeze every process of the container",
        examples: ["pause"],
        verbs: [Verb(summary: "freeze it") { _ in { session in try session.runtime.setPaused(session.current, true) } }]) }

    static var resume: CommandFamily { CommandFamily(
        "resume", summary: "thaw a paused container",
        examples: ["resume"],
        verbs: [Verb(summary: "thaw it") { _ in { session in try session.runtime.setPaused(session.current, false) } }]) }

    static var wait: CommandFamily { CommandFamily(
        "wait", summary: "wait for the container's PID 1 to exit; sets $?",
        examples: ["exec -d /bin/sh -c 'sleep 1; exit 3'; wait; expect status 3"],
        verbs: [
            Verb(summary: "wait for PID 1") { _ in
                { session in
                    let (status, termination) = try session.runtime.wait(session.current)
                    if let termination { session.exitRequest = 128 + termination }
                    guard let status else {
                        if termination != nil { return }  // the session ends; it stops the container
                        // An error, so that Ctrl-C stops a script here as between commands.
                        session.lastStatus = 128 + SIGINT
                        throw CommandError("wait: interrupted by Ctrl-C; `\(session.current.name)` still runs")
                    }
                    session.lastStatus = status.code
                    guard status == .exited(0) else { throw ProcessFailure(command: "wait", status: status) }
                }
            },
        ]) }

    static var ps: CommandFamily { CommandFamily(
        "ps", summary: "the container's processes: PID inside, PID on the host, user, command",
        examples: ["ps"],
        verbs: [
            Verb(summary: "list its processes") { _ in
                { session in
                    let live = try session.runtime.running(session.current, for: "ps")
                    var rows = [["PID", "HOST PID", "USER", "COMMAND"]]
                    for entry in live.processes() {
                        rows.append([String(entry.containerPID), String(entry.hostPID),
                                     ProcessTable.userName(entry.uid, root: live.spec.rootfs?.path), DisplayText.escaped(entry.command)])
                    }
                    Table.print(rows, to: session.output, rightAligned: [0, 1])
                }
            },
        ]) }

    static var logs: CommandFamily { CommandFamily(
        "logs", summary: "what the container's detached processes printed",
        examples: ["exec -d /bin/sh -c 'echo hello'; logs"],
        verbs: [
            Verb(summary: "print the log") { _ in
                { session in
                    let container = session.current
                    guard let live = container.live else {
                        throw CommandError("logs: `\(container.name)` is not running; its log went with it")
                    }
                    // As printed, like `docker logs`; but the answers of a terminal to queries in it never reach the prompt.
                    session.output.stream { output, sink in live.log.copy(to: output, sink: sink) }
                    TerminalAnswers.discardPending()
                }
            },
        ]) }
}
